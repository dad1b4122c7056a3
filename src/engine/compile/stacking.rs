//! Selectors (`excludes`, `superseded_by`, `removes`) and their resolution
//! against an importer's measures and fees, for steps 4 and 5.

use super::super::model::{IdxSet, Measure};
use super::super::MFN;
use super::context::Ctx;
use crate::country::Country;
use crate::data::{FeeData, MeasureData};
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

const SELECTOR_FORMS: &str =
    "`all`, `kind:base|additional|fee`, `authority:NAME`, `id:ID` or `heading:9903.xx.xx`";

/// The selector `sel` of `field` of `item`, or the error listing the forms.
fn parse_selector(ctx: &Ctx, item: &str, field: &str, sel: &str) -> Result<Selector> {
    Selector::parse(sel).ok_or_else(|| {
        ctx.err(
            item,
            field,
            format!(
                "{:?} is not a selector: use {SELECTOR_FORMS}",
                limits::echo(sel)
            ),
        )
    })
}

/// Resolved selectors of an importer, counted against
/// [`limits::MAX_RELATIONS`].
pub(super) struct Relations<'c> {
    ctx: &'c Ctx<'c>,
    importer: Country,
    n: usize,
}

impl<'c> Relations<'c> {
    pub(super) fn new(ctx: &'c Ctx<'c>, importer: Country) -> Relations<'c> {
        Relations {
            ctx,
            importer,
            n: 0,
        }
    }

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

/// The stacking edges of the measures: `edges[m]` lists the measures `m`
/// displaces (its `excludes`, and the measures whose `superseded_by` names
/// it), sorted and without repeats.
pub(super) fn edges(
    ctx: &Ctx,
    relations: &mut Relations,
    data: &[MeasureData],
    measures: &[Measure],
) -> Result<Vec<Vec<u32>>> {
    let mut edges: Vec<Vec<u32>> = vec![Vec::new(); measures.len()];
    let index = ItemIndex::new(measures);
    let mut resolve = |item: &str, field: &str, sel: &str| -> Result<Vec<u32>> {
        let s = parse_selector(ctx, item, field, sel)?;
        let mut hit = index.select(&s);
        relations.add(item, field, hit.len())?;
        hit.retain(|&i| &*measures[i as usize].id != item);
        if hit.is_empty() {
            return Err(ctx.err(
                item,
                field,
                format!("{:?} matches no other measure", limits::echo(sel)),
            ));
        }
        Ok(hit)
    };
    for (i, m) in data.iter().enumerate() {
        for sel in &m.excludes {
            edges[i].extend(resolve(&m.id, "excludes", sel)?);
        }
        for sel in &m.superseded_by {
            for j in resolve(&m.id, "superseded_by", sel)? {
                edges[j as usize].push(i as u32);
            }
        }
    }
    for e in edges.iter_mut() {
        e.sort_unstable();
        e.dedup();
    }
    Ok(edges)
}

/// Ranks the measures in a topological order of `edges` (Kahn's
/// algorithm; a cycle is a load error) and records each one's blockers.
pub(super) fn rank(ctx: &Ctx, measures: &mut [Measure], edges: &[Vec<u32>]) -> Result<()> {
    let n = measures.len();
    let mut indeg = vec![0u32; n];
    for e in edges {
        for &j in e {
            indeg[j as usize] += 1;
        }
    }
    let mut queue: Vec<u32> = (0..n as u32).filter(|&i| indeg[i as usize] == 0).collect();
    let mut order = 0u32;
    let mut head = 0;
    while head < queue.len() {
        let i = queue[head] as usize;
        head += 1;
        measures[i].rank = order;
        order += 1;
        for &j in &edges[i] {
            indeg[j as usize] -= 1;
            if indeg[j as usize] == 0 {
                queue.push(j);
            }
        }
    }
    if queue.len() != n {
        let stuck = (0..n).find(|&i| indeg[i] > 0).unwrap_or(0);
        return Err(ctx.err(
            &measures[stuck].id,
            "excludes",
            "the excludes/superseded_by relations form a cycle through this measure",
        ));
    }
    for (i, e) in edges.iter().enumerate() {
        for &j in e {
            measures[j as usize].blockers.push(i as u32);
        }
    }
    Ok(())
}

/// What an exemption's `removes` may name in one importer: its base line
/// (when it has a base table), its measures and its fees.
pub(super) struct Removable<'m> {
    measures: ItemIndex<'m>,
    fees: ItemIndex<'m>,
    base: bool,
}

/// What an exemption removes, resolved: the base line, measures and fees.
pub(super) struct Removals {
    pub(super) base: bool,
    pub(super) measures: IdxSet,
    pub(super) fees: IdxSet,
}

impl<'m> Removable<'m> {
    pub(super) fn new(measures: &'m [Measure], fees: &'m [FeeData], base: bool) -> Removable<'m> {
        Removable {
            measures: ItemIndex::new(measures),
            fees: ItemIndex::of(
                LineKind::Fee,
                fees.iter().map(|f| {
                    (
                        f.id.as_str(),
                        f.authority.trim(),
                        f.heading.as_deref().map(str::trim),
                    )
                }),
            ),
            base,
        }
    }

    /// The selectors of an exemption's `removes`, each naming something.
    pub(super) fn selectors(
        &self,
        ctx: &Ctx,
        item: &str,
        removes: &[String],
    ) -> Result<Vec<Selector>> {
        let mut out = Vec::with_capacity(removes.len());
        for sel in removes {
            let s = parse_selector(ctx, item, "removes", sel)?;
            let any = match &s {
                Selector::All | Selector::Kind(_) => true,
                _ => self.measures.any(&s) || self.fees.any(&s) || (self.base && names_base(&s)),
            };
            if !any {
                return Err(ctx.err(
                    item,
                    "removes",
                    format!("{:?} matches nothing in this importer", limits::echo(sel)),
                ));
            }
            out.push(s);
        }
        Ok(out)
    }

    /// What `removes` (of exemption `item`) names.
    pub(super) fn resolve(
        &self,
        relations: &mut Relations,
        item: &str,
        removes: &[Selector],
    ) -> Result<Removals> {
        let mut set = |ix: &ItemIndex| -> Result<IdxSet> {
            if removes.iter().any(|s| ix.names_all(s)) {
                return Ok(IdxSet::All);
            }
            let mut members = Vec::new();
            for s in removes {
                let hit = ix.select(s);
                relations.add(item, "removes", hit.len())?;
                members.extend(hit);
            }
            Ok(IdxSet::of(members))
        };
        Ok(Removals {
            base: removes.iter().any(names_base),
            measures: set(&self.measures)?,
            fees: set(&self.fees)?,
        })
    }
}

/// Whether a selector names the base line.
fn names_base(s: &Selector) -> bool {
    s.hits(LineKind::Base, MFN, "", None)
}
