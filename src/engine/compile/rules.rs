//! The items of an importer, compiled for steps 3, 4 and 7: measures,
//! exemptions (with their suspensions), fees and prohibitions, with the
//! checks every one passes.

use super::super::model::{Exemption, Fee, Measure, Prohibition, Suspension};
use super::super::money::fee_bounds_cents;
use super::super::MFN;
use super::context::Ctx;
use super::stacking::{Relations, Removable};
use crate::data::{ExemptionData, FeeData, ImporterData, MeasureData, ProhibitionData};
use crate::error::Result;
use crate::limits;
use crate::rate::Rate;
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::sync::Arc;

/// The [`ItemTexts`] of a measure, exemption, fee or prohibition (they
/// share these fields).
macro_rules! item_texts {
    ($what:literal, $d:expr) => {
        ItemTexts {
            what: $what,
            id: &$d.id,
            authority: &$d.authority,
            heading: $d.heading.as_deref(),
            description: &$d.description,
            source: &$d.source,
        }
    };
}

fn heading(ctx: &Ctx, item: &str, h: &Option<String>) -> Result<Option<Arc<str>>> {
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
struct ItemTexts<'d> {
    what: &'static str,
    id: &'d str,
    authority: &'d str,
    heading: Option<&'d str>,
    description: &'d str,
    source: &'d str,
}

/// The checks every measure, exemption, fee and prohibition passes: a
/// non-empty id unique within the importer, an authority and a source, and
/// texts within their limits.
fn check_item(ctx: &Ctx, ids: &mut HashSet<String>, t: ItemTexts) -> Result<()> {
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
    unique_id(ctx, ids, id)?;
    if t.authority.trim().is_empty() {
        return Err(ctx.err(id, "authority", "is empty"));
    }
    if t.source.trim().is_empty() {
        return Err(ctx.err(id, "source", "is empty: cite the legal source"));
    }
    Ok(())
}

/// `Ok` when no other item of the importer has the id `id` (then taken).
fn unique_id(ctx: &Ctx, ids: &mut HashSet<String>, id: &str) -> Result<()> {
    if ids.insert(id.to_string()) {
        return Ok(());
    }
    Err(ctx.err(
        id,
        "id",
        "is used by another measure, exemption, fee or prohibition of this importer",
    ))
}

/// The measures of an importer, in schedule order (not yet ranked: see
/// [`super::stacking::rank`]).
pub(super) fn measures(
    ctx: &Ctx,
    ids: &mut HashSet<String>,
    imp: &ImporterData,
) -> Result<Vec<Measure>> {
    let mut measures = Vec::with_capacity(imp.measures.len());
    for m in &imp.measures {
        measures.push(measure(ctx, ids, m)?);
    }
    check_floor_counts(ctx, &measures, &imp.fees)?;
    Ok(measures)
}

fn measure(ctx: &Ctx, ids: &mut HashSet<String>, m: &MeasureData) -> Result<Measure> {
    check_item(ctx, ids, item_texts!("measure", m))?;
    let item = m.id.as_str();
    ctx.count(
        item,
        "excludes",
        m.excludes.len() + m.superseded_by.len(),
        limits::MAX_SELECTORS,
        "selectors in excludes and superseded_by",
    )?;
    let floor = floor(ctx, m)?;
    let rate_text = match (&m.rate, &floor) {
        (Some(r), _) => r.additional_text(),
        // The usual floor counts the base duty only: `15% all-in`.
        (None, Some((p, c))) if c.len() == 1 && c[0] == MFN => {
            format!("{}% all-in", p.normalize())
        }
        (None, Some((p, c))) => format!("{}% all-in (counting {})", p.normalize(), c.join(", ")),
        _ => String::new(),
    };
    let legal_text = m.rate.as_ref().map(|r| Arc::from(r.to_string().as_str()));
    Ok(Measure {
        id: Arc::from(item),
        authority: Arc::from(m.authority.trim()),
        heading: heading(ctx, item, &m.heading)?,
        description: m.description.clone(),
        rate: m.rate.clone(),
        rate_text,
        legal_text,
        floor,
        origins: ctx.origins(item, "origins", &m.origins)?,
        products: ctx.products(item, &m.products)?,
        from: m.from,
        until: ctx.validity(item, m.from, m.until)?,
        cond: ctx.conditions(item, &m.conditions)?,
        cumulative: m.cumulative,
        source: Arc::from(m.source.as_str()),
        rank: 0,
        blockers: Vec::new(),
        uscope: 0,
    })
}

/// A measure's floor (percent, counted authorities): exactly one of rate
/// and floor is given, a rate can be evaluated as an additional duty, and
/// a floor is ad valorem and counts some authorities.
fn floor(ctx: &Ctx, m: &MeasureData) -> Result<Option<(Decimal, Vec<String>)>> {
    let item = m.id.as_str();
    let f = match (&m.rate, &m.floor) {
        (Some(_), Some(_)) => {
            return Err(ctx.err(item, "floor", "give either rate or floor, not both"))
        }
        (None, None) => return Err(ctx.err(item, "rate", "is missing (or give a floor)")),
        (Some(r), None) => {
            if matches!(r, Rate::ReducedBy(_) | Rate::Reference(_)) {
                return Err(ctx.err(
                    item,
                    "rate",
                    format!("{r} cannot be evaluated as an additional duty"),
                ));
            }
            return Ok(None);
        }
        (None, Some(f)) => f,
    };
    let pct = f.rate.ad_valorem_percent().ok_or_else(|| {
        ctx.err(
            item,
            "floor.rate",
            format!("{} is not an ad valorem rate", f.rate),
        )
    })?;
    if f.counts.is_empty() {
        return Err(ctx.err(
            item,
            "floor.counts",
            "is empty: name the authorities the floor counts (e.g. mfn)",
        ));
    }
    ctx.count(
        item,
        "floor.counts",
        f.counts.len(),
        limits::MAX_CONDITION_ENTRIES,
        "entries",
    )?;
    for c in &f.counts {
        ctx.text(item, "floor.counts", c, limits::MAX_NAME_CHARS)?;
    }
    let counts: Vec<String> = f.counts.iter().map(|c| c.trim().to_string()).collect();
    Ok(Some((pct, counts)))
}

/// A floor counts the lines of duty authorities of this importer: a name
/// that is none of them (a typo) would silently count nothing.
fn check_floor_counts(ctx: &Ctx, measures: &[Measure], fees: &[FeeData]) -> Result<()> {
    let duty: HashSet<&str> = measures
        .iter()
        .map(|m| &*m.authority)
        .chain([MFN])
        .collect();
    for m in measures {
        let Some((_, counts)) = &m.floor else {
            continue;
        };
        if let Some(c) = counts.iter().find(|c| !duty.contains(c.as_str())) {
            let fee = fees.iter().any(|f| f.authority.trim() == c);
            return Err(ctx.err(
                &m.id,
                "floor.counts",
                format!(
                    "{:?} is {}: a floor counts the lines of duty authorities ({MFN} for the base rate, or the authority of a measure of this importer)",
                    limits::echo(c),
                    if fee { "the authority of a fee" } else { "not an authority of this importer" }
                ),
            ));
        }
    }
    Ok(())
}

/// The exemptions of an importer, with what each removes resolved against
/// its measures, its fees and (when `base`) its base line.
pub(super) fn exemptions(
    ctx: &Ctx,
    ids: &mut HashSet<String>,
    relations: &mut Relations,
    imp: &ImporterData,
    measures: &[Measure],
    base: bool,
) -> Result<Vec<Exemption>> {
    let removable = Removable::new(measures, &imp.fees, base);
    let mut exemptions = Vec::with_capacity(imp.exemptions.len());
    for x in &imp.exemptions {
        exemptions.push(exemption(ctx, ids, relations, &removable, x)?);
    }
    Ok(exemptions)
}

fn exemption(
    ctx: &Ctx,
    ids: &mut HashSet<String>,
    relations: &mut Relations,
    removable: &Removable,
    x: &ExemptionData,
) -> Result<Exemption> {
    check_item(ctx, ids, item_texts!("exemption", x))?;
    let item = x.id.as_str();
    if x.removes.is_empty() {
        return Err(ctx.err(item, "removes", "is empty: say what the exemption removes"));
    }
    ctx.count(
        item,
        "removes",
        x.removes.len(),
        limits::MAX_SELECTORS,
        "selectors",
    )?;
    ctx.count(
        item,
        "suspensions",
        x.suspensions.len(),
        limits::MAX_CONDITION_ENTRIES,
        "suspensions",
    )?;
    let removes = removable.selectors(ctx, item, &x.removes)?;
    let suspensions = suspensions(ctx, x)?;
    let removals = removable.resolve(relations, item, &removes)?;
    Ok(Exemption {
        id: Arc::from(item),
        authority: Arc::from(x.authority.trim()),
        heading: heading(ctx, item, &x.heading)?,
        description: x.description.clone(),
        origins: ctx.origins(item, "origins", &x.origins)?,
        products: ctx.products(item, &x.products)?,
        from: x.from,
        until: ctx.validity(item, x.from, x.until)?,
        cond: ctx.conditions(item, &x.conditions)?,
        removes_base: removals.base,
        removes_measures: removals.measures,
        removes_fees: removals.fees,
        suspensions,
        source: Arc::from(x.source.as_str()),
    })
}

fn suspensions(ctx: &Ctx, x: &ExemptionData) -> Result<Vec<Suspension>> {
    let item = x.id.as_str();
    let mut suspensions = Vec::with_capacity(x.suspensions.len());
    for (k, s) in x.suspensions.iter().enumerate() {
        let f = format!("suspensions[{k}]");
        ctx.text(
            item,
            &format!("{f}.source"),
            &s.source,
            limits::MAX_SOURCE_CHARS,
        )?;
        ctx.modes(
            item,
            &format!("{f}.modes"),
            &s.modes,
            "is empty: the suspension would never apply; omit it for every mode",
        )?;
        suspensions.push(Suspension {
            origins: ctx.origins(item, &format!("{f}.origins"), &s.origins)?,
            from: s.from,
            until: ctx.validity(item, s.from, s.until)?,
            modes: s.modes.clone(),
            source: Arc::from(s.source.as_str()),
        });
    }
    Ok(suspensions)
}

/// The fees of an importer.
pub(super) fn fees(ctx: &Ctx, ids: &mut HashSet<String>, data: &[FeeData]) -> Result<Vec<Fee>> {
    data.iter().map(|f| fee(ctx, ids, f)).collect()
}

fn fee(ctx: &Ctx, ids: &mut HashSet<String>, f: &FeeData) -> Result<Fee> {
    check_item(ctx, ids, item_texts!("fee", f))?;
    let item = f.id.as_str();
    if f.percent.is_none() && f.flat.is_none() {
        return Err(ctx.err(item, "percent", "give a percent, a flat amount, or both"));
    }
    ctx.non_negative(item, "percent", f.percent)?;
    ctx.non_negative(item, "flat", f.flat)?;
    ctx.non_negative(item, "minimum", f.minimum)?;
    ctx.non_negative(item, "maximum", f.maximum)?;
    if let (Some(lo), Some(hi)) = (f.minimum, f.maximum) {
        if lo > hi {
            return Err(ctx.err(item, "minimum", format!("{lo} is above the maximum {hi}")));
        }
    }
    Ok(Fee {
        cents: fee_bounds_cents(f.minimum, f.maximum, f.flat),
        id: Arc::from(item),
        authority: Arc::from(f.authority.trim()),
        heading: heading(ctx, item, &f.heading)?,
        description: f.description.clone(),
        percent: f.percent,
        flat: f.flat,
        minimum: f.minimum,
        maximum: f.maximum,
        from: f.from,
        until: ctx.validity(item, f.from, f.until)?,
        cond: ctx.conditions(item, &f.conditions)?,
        source: Arc::from(f.source.as_str()),
    })
}

/// The import bans of an importer.
pub(super) fn prohibitions(
    ctx: &Ctx,
    ids: &mut HashSet<String>,
    data: &[ProhibitionData],
) -> Result<Vec<Prohibition>> {
    data.iter().map(|p| prohibition(ctx, ids, p)).collect()
}

fn prohibition(ctx: &Ctx, ids: &mut HashSet<String>, p: &ProhibitionData) -> Result<Prohibition> {
    check_item(ctx, ids, item_texts!("prohibition", p))?;
    let item = p.id.as_str();
    heading(ctx, item, &p.heading)?;
    Ok(Prohibition {
        id: Arc::from(item),
        description: p.description.clone(),
        origins: ctx.origins(item, "origins", &p.origins)?,
        products: ctx.products(item, &p.products)?,
        from: p.from,
        until: ctx.validity(item, p.from, p.until)?,
        cond: ctx.conditions(item, &p.conditions)?,
        source: Arc::from(p.source.as_str()),
    })
}
