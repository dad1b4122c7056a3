//! The checks every measure, exemption, fee and prohibition passes.

use super::context::Ctx;
use crate::error::Result;
use crate::limits;
use std::collections::HashSet;
use std::sync::Arc;

pub(super) fn heading(ctx: &Ctx, item: &str, h: &Option<String>) -> Result<Option<Arc<str>>> {
    match h {
        None => Ok(None),
        Some(h) if h.trim().is_empty() => {
            Err(ctx.err(item, "heading", "is empty: omit it instead"))
        }
        Some(h) => Ok(Some(Arc::from(h.trim()))),
    }
}

/// The texts of a measure, exemption, fee or prohibition that every one is
/// checked for (see [`check_item`]).
pub(super) struct ItemTexts<'d> {
    pub(super) what: &'static str,
    pub(super) id: &'d str,
    pub(super) authority: &'d str,
    pub(super) heading: Option<&'d str>,
    pub(super) description: &'d str,
    pub(super) source: &'d str,
}

/// The checks every measure, exemption, fee and prohibition passes: a
/// non-empty id unique within the importer, an authority and a source, and
/// texts within their limits.
pub(super) fn check_item(ctx: &Ctx, ids: &mut HashSet<String>, t: ItemTexts) -> Result<()> {
    if t.id.trim().is_empty() {
        return Err(ctx.err(&format!("<{} without id>", t.what), "id", "is empty"));
    }
    if t.id.len() > limits::MAX_NAME_CHARS {
        ctx.text(&limits::echo(t.id), "id", t.id, limits::MAX_NAME_CHARS)?;
    }
    let id = t.id;
    ctx.text(id, "authority", t.authority, limits::MAX_NAME_CHARS)?;
    if let Some(h) = t.heading {
        ctx.text(id, "heading", h, limits::MAX_NAME_CHARS)?;
    }
    ctx.text(
        id,
        "description",
        t.description,
        limits::MAX_DESCRIPTION_CHARS,
    )?;
    ctx.text(id, "source", t.source, limits::MAX_SOURCE_CHARS)?;
    if !ids.insert(id.to_string()) {
        return Err(ctx.err(
            id,
            "id",
            "is used by another measure, exemption, fee or prohibition of this importer",
        ));
    }
    if t.authority.trim().is_empty() {
        return Err(ctx.err(id, "authority", "is empty"));
    }
    if t.source.trim().is_empty() {
        return Err(ctx.err(id, "source", "is empty: cite the legal source"));
    }
    Ok(())
}
