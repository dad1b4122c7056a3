//! The load check of step 5: two measures of one authority that can apply to
//! the same entry must be ordered by a stacking rule (or be cumulative).

use super::super::hash::{KeyMap, KeySet};
use super::super::model::{Conditions, Measure};
use super::context::Ctx;
use crate::code::HtsCode;
use crate::date::Date;
use crate::error::Result;
use crate::limits;
use std::collections::HashMap;

impl Conditions {
    /// Whether some entry could meet both condition sets.
    pub(super) fn compatible(&self, o: &Conditions) -> bool {
        if let (Some(a), Some(b)) = (&self.modes, &o.modes) {
            if !a.iter().any(|m| b.contains(m)) {
                return false;
            }
        }
        let lo = self.value_over.max(o.value_over);
        let hi = match (self.value_at_most, o.value_at_most) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if hi <= lo {
                return false;
            }
        }
        let clash = |a: &[String], b: &[String]| {
            a.iter()
                .any(|c| b.iter().any(|d| d.eq_ignore_ascii_case(c)))
        };
        !(clash(&self.claims, &o.not_claims) || clash(&o.claims, &self.not_claims))
    }
}

/// Two measures of one authority that can apply to the same entry, with no
/// stacking relation between them and neither marked cumulative, are an
/// unresolved overlap: a load error, never a silent pick.
///
/// Only pairs that overlap in dates, products and origins are compared, and
/// they are found without looking at every pair (which took minutes for
/// tens of thousands of measures on every product): see [`OverlapSweep`].
/// The work grows with the measures, their included codes and such pairs,
/// which [`limits::MAX_OVERLAP_PAIRS`] bounds.
pub(super) fn check_conflicts(ctx: &Ctx, measures: &[Measure], edges: &[Vec<u32>]) -> Result<()> {
    // Authorities in the order of their first measure, so that the overlap
    // reported, when there are several, is always the same.
    let mut groups: Vec<Vec<u32>> = Vec::new();
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    for (i, m) in measures.iter().enumerate() {
        if m.cumulative {
            continue;
        }
        let g = *group_of.entry(&m.authority).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i as u32);
    }
    let mut sweep = OverlapSweep::default();
    for g in groups.iter().filter(|g| g.len() >= 2) {
        sweep.run(ctx, measures, edges, g)?;
    }
    Ok(())
}

/// The node of the product tree a measure's included code is filed under:
/// the code's key, or `ROOT` for a measure on every product.
pub(super) const ROOT: u64 = 0;

/// Origin sets of at most this many countries are filed under each
/// country; larger ones under [`BROAD`].
pub(super) const FEW_ORIGINS: usize = 8;

/// The bucket of measures with more than [`FEW_ORIGINS`] origins.
pub(super) const BROAD: u64 = 676;

/// The bucket of every measure with few origins (whatever the country).
pub(super) const ANY_FEW: u64 = 677;

/// The end of a bucket's list.
pub(super) const END: u32 = u32::MAX;

/// One included code of a measure (or the root, for every product).
#[derive(Clone, Copy)]
pub(super) struct Slot {
    pub(super) measure: u32,
    pub(super) node: u64,
    pub(super) code: Option<HtsCode>,
}

/// A slot filed in a bucket, in force until `until`; `next` is the next
/// entry of the same bucket.
#[derive(Clone, Copy)]
pub(super) struct Filed {
    pub(super) slot: u32,
    pub(super) until: Date,
    pub(super) next: u32,
}

/// The overlap check of one authority's measures, as a sweep over time.
///
/// Measures are taken in order of their first day. Each is compared with
/// the measures filed before it and still in force that day (so their
/// dates overlap), found in buckets keyed by a node of the product tree and
/// an origin: for each included code, the measures filed at the code or at
/// one of its prefixes (or at the root), and the measures filed *below* it
/// (at a longer code it prefixes). A measure with few origins is filed under
/// each of its countries, one with many under a single broad bucket, so
/// that origins need not be compared pairwise either. Entries past their
/// end are unlinked when their bucket is next read.
#[derive(Default)]
pub(super) struct OverlapSweep {
    pub(super) slots: Vec<Slot>,
    /// The slots of measure `i` of the group are `slots[first[i]..first[i + 1]]`.
    pub(super) first: Vec<u32>,
    /// Every node some slot is at, and the code lengths among them (bit n).
    pub(super) nodes: KeySet,
    pub(super) lengths: u16,
    /// Each bucket's first entry in `filed` and its number of entries.
    pub(super) heads: KeyMap<(u32, u32)>,
    pub(super) filed: Vec<Filed>,
    /// The query that last met each slot (a slot is compared once per query).
    pub(super) seen: Vec<u32>,
    pub(super) query: u32,
    pub(super) pairs: usize,
}

/// The bucket of `node`, origin bucket `origin` (a country index, [`BROAD`]
/// or [`ANY_FEW`]), for slots at the node (`below` false) or at longer codes
/// under it (`below` true).
pub(super) fn bucket_key(node: u64, origin: u64, below: bool) -> u64 {
    node | origin << 40 | u64::from(below) << 52
}

impl OverlapSweep {
    /// The nodes at `code`'s prefixes of `lengths` (longest first) that some
    /// slot is at, then the root when one is; `strict`: shorter than `code`.
    pub(super) fn prefixes(&self, code: Option<HtsCode>, strict: bool) -> ([u64; 11], usize) {
        let mut out = [0u64; 11];
        let mut n = 0;
        if let Some(c) = code {
            let top = if strict { c.len() - 1 } else { c.len() };
            for len in (2..=top).rev() {
                if self.lengths & (1 << len) != 0 {
                    let k = c.truncate(len).key();
                    if self.nodes.contains(&k) {
                        out[n] = k;
                        n += 1;
                    }
                }
            }
            if self.nodes.contains(&ROOT) {
                out[n] = ROOT;
                n += 1;
            }
        } else if !strict {
            out[0] = ROOT;
            n = 1;
        }
        (out, n)
    }

    pub(super) fn file(&mut self, key: u64, slot: u32, until: Date) {
        let head = self.heads.entry(key).or_insert((END, 0));
        self.filed.push(Filed {
            slot,
            until,
            next: head.0,
        });
        *head = (self.filed.len() as u32 - 1, head.1 + 1);
    }

    pub(super) fn run(
        &mut self,
        ctx: &Ctx,
        measures: &[Measure],
        edges: &[Vec<u32>],
        group: &[u32],
    ) -> Result<()> {
        self.slots.clear();
        self.first.clear();
        self.nodes.clear();
        self.heads.clear();
        self.filed.clear();
        self.lengths = 0;
        for &i in group {
            self.first.push(self.slots.len() as u32);
            let m = &measures[i as usize];
            if m.products.all {
                self.slots.push(Slot {
                    measure: i,
                    node: ROOT,
                    code: None,
                });
            } else {
                let start = self.slots.len();
                for &c in &m.products.include_codes {
                    self.lengths |= 1 << c.len();
                    self.slots.push(Slot {
                        measure: i,
                        node: c.key(),
                        code: Some(c),
                    });
                }
                self.slots[start..].sort_unstable_by_key(|s| s.node);
                let mut k = start;
                for j in start..self.slots.len() {
                    if j == start || self.slots[j].node != self.slots[k - 1].node {
                        self.slots[k] = self.slots[j];
                        k += 1;
                    }
                }
                self.slots.truncate(k);
            }
        }
        self.first.push(self.slots.len() as u32);
        let nodes: Vec<u64> = self.slots.iter().map(|s| s.node).collect();
        self.nodes.extend(nodes);
        self.seen.clear();
        self.seen.resize(self.slots.len(), 0);

        let mut order: Vec<u32> = (0..group.len() as u32).collect();
        order.sort_by_key(|&g| (measures[group[g as usize] as usize].from, g));
        for g in order {
            let g = g as usize;
            let a = group[g];
            let ma = &measures[a as usize];
            let few = ma.origins.len() <= FEW_ORIGINS;
            for s in self.first[g]..self.first[g + 1] {
                let slot = self.slots[s as usize];
                self.query = self.query.wrapping_add(1);
                // Slots at the code, at a prefix of it, or at the root: the
                // code is what both cover.
                let (at, n) = self.prefixes(slot.code, false);
                for &node in &at[..n] {
                    self.visit(ctx, measures, edges, a, few, node, false, slot.code)?;
                }
                // Slots at longer codes under it: theirs is.
                self.visit(ctx, measures, edges, a, few, slot.node, true, None)?;
            }
            // File the measure's slots at their node, and below the nodes
            // of their prefixes.
            for s in self.first[g]..self.first[g + 1] {
                let slot = self.slots[s as usize];
                let (under, n) = self.prefixes(slot.code, true);
                let places = std::iter::once((slot.node, false))
                    .chain(under[..n].iter().map(|&u| (u, true)));
                for (node, below) in places {
                    if few {
                        for c in ma.origins.indexes() {
                            self.file(bucket_key(node, c as u64, below), s, ma.until);
                        }
                        self.file(bucket_key(node, ANY_FEW, below), s, ma.until);
                    } else {
                        self.file(bucket_key(node, BROAD, below), s, ma.until);
                    }
                }
            }
        }
        Ok(())
    }

    /// Compares measure `a` with the slots in force at `node` (`below`:
    /// under it) whose origins may meet its own. `witness` is the code both
    /// cover when the slots are at the node (for slots below it, their own
    /// code is).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn visit(
        &mut self,
        ctx: &Ctx,
        measures: &[Measure],
        edges: &[Vec<u32>],
        a: u32,
        few: bool,
        node: u64,
        below: bool,
        witness: Option<HtsCode>,
    ) -> Result<()> {
        let ma = &measures[a as usize];
        let key = |origin: u64| bucket_key(node, origin, below);
        self.scan(ctx, measures, edges, a, key(BROAD), witness, below)?;
        if few {
            for c in ma.origins.indexes() {
                self.scan(ctx, measures, edges, a, key(c as u64), witness, below)?;
            }
            return Ok(());
        }
        // A measure with many origins reads the few-origin slots all at once,
        // or country by country when there are more slots than countries.
        match self.heads.get(&key(ANY_FEW)) {
            None | Some((_, 0)) => Ok(()),
            Some(&(_, k)) if k as usize <= ma.origins.len() => {
                self.scan(ctx, measures, edges, a, key(ANY_FEW), witness, below)
            }
            Some(_) => {
                for c in ma.origins.indexes() {
                    self.scan(ctx, measures, edges, a, key(c as u64), witness, below)?;
                }
                Ok(())
            }
        }
    }

    /// Compares measure `a` with every slot of one bucket still in force on
    /// its first day (unlinking those that are not).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn scan(
        &mut self,
        ctx: &Ctx,
        measures: &[Measure],
        edges: &[Vec<u32>],
        a: u32,
        key: u64,
        witness: Option<HtsCode>,
        below: bool,
    ) -> Result<()> {
        let Some(head) = self.heads.get_mut(&key) else {
            return Ok(());
        };
        let ma = &measures[a as usize];
        let now = ma.from;
        let mut prev = END;
        let mut cur = head.0;
        while cur != END {
            let f = self.filed[cur as usize];
            if f.until <= now {
                // Ended before `a` starts, so before every later measure.
                if prev == END {
                    head.0 = f.next;
                } else {
                    self.filed[prev as usize].next = f.next;
                }
                head.1 -= 1;
                cur = f.next;
                continue;
            }
            prev = cur;
            cur = f.next;
            if self.seen[f.slot as usize] == self.query {
                continue;
            }
            self.seen[f.slot as usize] = self.query;
            self.pairs += 1;
            if self.pairs > limits::MAX_OVERLAP_PAIRS {
                return Err(ctx.too_large(
                    &ma.id,
                    "authority",
                    self.pairs,
                    limits::MAX_OVERLAP_PAIRS,
                    &format!(
                        "pairs of measures of the authority {} that overlap in dates, origins and products (separate them by dates, origins or products, or mark them cumulative)",
                        ma.authority
                    ),
                ));
            }
            let slot = self.slots[f.slot as usize];
            let w = if below { slot.code } else { witness };
            conflict(ctx, measures, edges, a, slot.measure, w)?;
        }
        Ok(())
    }
}

/// The overlap error for measures `a` and `b` (whose dates overlap and
/// whose product scopes share `witness`, or every product when `None`),
/// unless a stacking relation, an exclusion of the witness, their origins
/// or their conditions separate them.
pub(super) fn conflict(
    ctx: &Ctx,
    measures: &[Measure],
    edges: &[Vec<u32>],
    a: u32,
    b: u32,
    witness: Option<HtsCode>,
) -> Result<()> {
    let (a, b) = (a.min(b), a.max(b));
    if a == b
        || edges[a as usize].binary_search(&b).is_ok()
        || edges[b as usize].binary_search(&a).is_ok()
    {
        return Ok(());
    }
    let (ma, mb) = (&measures[a as usize], &measures[b as usize]);
    if let Some(w) = witness {
        if ma.products.blocks(w) || mb.products.blocks(w) {
            return Ok(());
        }
    }
    if !(ma.from < mb.until
        && mb.from < ma.until
        && ma.origins.intersects(&mb.origins)
        && ma.cond.compatible(&mb.cond))
    {
        return Ok(());
    }
    Err(ctx.err(
        &ma.id,
        "superseded_by",
        format!(
            "overlaps measure {} of the same authority {} (same origin, dates, products{}) and no stacking rule orders them: add excludes/superseded_by, or mark both cumulative",
            mb.id,
            ma.authority,
            witness.map(|w| format!(", e.g. {w}")).unwrap_or_default()
        ),
    ))
}
