//! Selectors (`excludes`, `superseded_by`, `removes`) and their resolution
//! against an importer's measures and fees, for steps 4 and 5.

use super::super::model::Measure;
use super::context::Ctx;
use crate::country::Country;
use crate::error::Result;
use crate::limits;
use crate::quote::LineKind;
use std::collections::HashMap;

pub(super) enum Selector {
    All,
    Kind(LineKind),
    Authority(String),
    Id(String),
    Heading(String),
}

impl Selector {
    pub(super) fn parse(s: &str) -> Option<Selector> {
        let s = s.trim();
        if s == "all" {
            return Some(Selector::All);
        }
        let (k, v) = s.split_once(':')?;
        let v = v.trim().to_string();
        if v.is_empty() {
            return None;
        }
        Some(match k.trim() {
            "kind" => Selector::Kind(match v.as_str() {
                "base" => LineKind::Base,
                "additional" => LineKind::Additional,
                "fee" => LineKind::Fee,
                _ => return None,
            }),
            "authority" => Selector::Authority(v),
            "id" => Selector::Id(v),
            "heading" => Selector::Heading(v),
            _ => return None,
        })
    }

    pub(super) fn hits(
        &self,
        kind: LineKind,
        authority: &str,
        id: &str,
        heading: Option<&str>,
    ) -> bool {
        match self {
            Selector::All => true,
            Selector::Kind(k) => *k == kind,
            Selector::Authority(a) => a == authority,
            Selector::Id(i) => i == id,
            Selector::Heading(h) => heading == Some(h.as_str()),
        }
    }
}

/// The measures (or fees) of an importer by id, authority and heading, so
/// that a selector is resolved by lookup instead of a scan of every item (a
/// schedule has thousands of selectors).
pub(super) struct ItemIndex<'m> {
    /// The kind of line the items make (`additional` or `fee`).
    pub(super) kind: LineKind,
    pub(super) n: usize,
    pub(super) by_id: HashMap<&'m str, u32>,
    pub(super) by_authority: HashMap<&'m str, Vec<u32>>,
    pub(super) by_heading: HashMap<&'m str, Vec<u32>>,
}

impl<'m> ItemIndex<'m> {
    pub(super) fn new(measures: &'m [Measure]) -> ItemIndex<'m> {
        ItemIndex::of(
            LineKind::Additional,
            measures
                .iter()
                .map(|m| (&*m.id, &*m.authority, m.heading.as_deref())),
        )
    }

    /// The index of items given as (id, authority, heading).
    pub(super) fn of(
        kind: LineKind,
        items: impl ExactSizeIterator<Item = (&'m str, &'m str, Option<&'m str>)>,
    ) -> ItemIndex<'m> {
        let mut ix = ItemIndex {
            kind,
            n: items.len(),
            by_id: HashMap::with_capacity(items.len()),
            by_authority: HashMap::new(),
            by_heading: HashMap::new(),
        };
        for (i, (id, authority, heading)) in items.enumerate() {
            ix.by_id.entry(id).or_insert(i as u32);
            ix.by_authority.entry(authority).or_default().push(i as u32);
            if let Some(h) = heading {
                ix.by_heading.entry(h).or_default().push(i as u32);
            }
        }
        ix
    }

    /// Whether a selector names every item.
    pub(super) fn names_all(&self, s: &Selector) -> bool {
        match s {
            Selector::All => true,
            Selector::Kind(k) => *k == self.kind,
            _ => false,
        }
    }

    /// The items a selector names, in index order; what [`Selector::hits`]
    /// gives for each item as a line of the index's kind.
    pub(super) fn select(&self, s: &Selector) -> Vec<u32> {
        match s {
            Selector::All | Selector::Kind(_) if self.names_all(s) => (0..self.n as u32).collect(),
            Selector::All | Selector::Kind(_) => Vec::new(),
            Selector::Authority(a) => self
                .by_authority
                .get(a.as_str())
                .cloned()
                .unwrap_or_default(),
            Selector::Id(i) => self
                .by_id
                .get(i.as_str())
                .map(|&i| vec![i])
                .unwrap_or_default(),
            Selector::Heading(h) => self.by_heading.get(h.as_str()).cloned().unwrap_or_default(),
        }
    }

    /// Whether a selector names any item, without listing them.
    pub(super) fn any(&self, s: &Selector) -> bool {
        match s {
            Selector::All | Selector::Kind(_) => self.names_all(s) && self.n > 0,
            Selector::Authority(a) => self.by_authority.contains_key(a.as_str()),
            Selector::Id(i) => self.by_id.contains_key(i.as_str()),
            Selector::Heading(h) => self.by_heading.contains_key(h.as_str()),
        }
    }
}

pub(super) const SELECTOR_FORMS: &str =
    "`all`, `kind:base|additional|fee`, `authority:NAME`, `id:ID` or `heading:9903.xx.xx`";

/// Resolved selectors of an importer, counted against
/// [`limits::MAX_RELATIONS`].
pub(super) struct Relations<'c> {
    pub(super) ctx: &'c Ctx<'c>,
    pub(super) importer: Country,
    pub(super) n: usize,
}

impl Relations<'_> {
    pub(super) fn add(&mut self, item: &str, field: &str, k: usize) -> Result<()> {
        self.n += k;
        if self.n > limits::MAX_RELATIONS {
            return Err(self.ctx.too_large(
                item,
                field,
                self.n,
                limits::MAX_RELATIONS,
                &format!(
                    "resolved stacking relations and removals of importer {}",
                    self.importer
                ),
            ));
        }
        Ok(())
    }
}
