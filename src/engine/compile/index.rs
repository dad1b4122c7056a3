//! The indexes of an importer that the quote algorithm reads: measures and
//! exemptions by included code prefix (step 3 and 4), the measures on every
//! product per origin in stacking order (step 5), and the thresholds of the
//! batch's plan key.

use super::super::hash::KeyMap;
use super::super::model::{Base, Conditions, Exemption, Fee, Measure, Products, Prohibition};
use super::super::money::whole_cents;
use super::context::Ctx;
use crate::date::Date;
use crate::error::Result;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The measures on listed products, by included code.
pub(super) fn listed(measures: &[Measure]) -> KeyMap<Vec<u32>> {
    let mut index: KeyMap<Vec<u32>> = KeyMap::default();
    for (i, m) in measures.iter().enumerate() {
        if !m.products.all {
            for k in &m.products.include {
                index.entry(*k).or_default().push(i as u32);
            }
        }
    }
    index
}

/// Measures on every product, per origin, in stacking order: filed in order
/// of rank (a permutation of the measures), so no list is sorted.
pub(super) fn universal(measures: &[Measure]) -> Vec<Vec<u32>> {
    let mut by_rank = vec![0u32; measures.len()];
    for (i, m) in measures.iter().enumerate() {
        by_rank[m.rank as usize] = i as u32;
    }
    let mut universal: Vec<Vec<u32>> = vec![Vec::new(); 26 * 26];
    for &i in &by_rank {
        let m = &measures[i as usize];
        if m.products.all {
            for c in m.origins.indexes() {
                universal[c].push(i);
            }
        }
    }
    universal
}

/// The distinct scopes of the measures on every product; sets each such
/// measure's `uscope` to its index among them.
pub(super) fn universal_scopes(ctx: &Ctx, measures: &mut [Measure]) -> Result<Vec<Arc<Products>>> {
    let mut uscopes: Vec<Arc<Products>> = Vec::new();
    let mut uscope_of: HashMap<*const Products, usize> = HashMap::new();
    for m in measures.iter_mut().filter(|m| m.products.all) {
        let k = *uscope_of
            .entry(Arc::as_ptr(&m.products))
            .or_insert_with(|| {
                uscopes.push(m.products.clone());
                uscopes.len() - 1
            });
        m.uscope = u16::try_from(k).map_err(|_| {
            ctx.err(
                &m.id,
                "products",
                "more than 65,535 distinct product scopes",
            )
        })?;
    }
    Ok(uscopes)
}

/// Exemptions by included code prefix, and those on every product.
pub(super) fn exemptions(exemptions: &[Exemption]) -> (KeyMap<Vec<u32>>, Vec<u32>) {
    let mut x_index: KeyMap<Vec<u32>> = KeyMap::default();
    let mut x_universal = Vec::new();
    for (i, x) in exemptions.iter().enumerate() {
        if x.products.all {
            x_universal.push(i as u32);
        } else {
            for k in &x.products.include {
                x_index.entry(*k).or_default().push(i as u32);
            }
        }
    }
    (x_index, x_universal)
}

/// What an evaluation plan depends on (see `plan_cache::PlanKey`), sorted
/// and without repeats.
pub(super) struct Thresholds {
    /// Every date a rule starts or ends on.
    pub(super) breaks: Vec<Date>,
    /// Every value threshold of a condition.
    pub(super) value_breaks: Vec<Decimal>,
    /// `value_breaks` in whole cents, when they all are.
    pub(super) value_break_cents: Option<Vec<i64>>,
    /// Every loading-date threshold of a condition.
    pub(super) loaded_breaks: Vec<Date>,
    /// Every claim a rule names.
    pub(super) claim_names: Vec<String>,
}

/// The plan key's thresholds of an importer's rules.
pub(super) fn thresholds(
    measures: &[Measure],
    exemptions: &[Exemption],
    fees: &[Fee],
    prohibitions: &[Prohibition],
    base: Option<&Base>,
) -> Thresholds {
    let mut breaks: Vec<Date> = Vec::new();
    let mut conds: Vec<&Conditions> = Vec::new();
    for m in measures {
        breaks.extend([m.from, m.until]);
        conds.push(&m.cond);
    }
    for x in exemptions {
        breaks.extend([x.from, x.until]);
        breaks.extend(x.suspensions.iter().flat_map(|s| [s.from, s.until]));
        conds.push(&x.cond);
    }
    for f in fees {
        breaks.extend([f.from, f.until]);
        conds.push(&f.cond);
    }
    for p in prohibitions {
        breaks.extend([p.from, p.until]);
        conds.push(&p.cond);
    }
    let mut claim_names: Vec<String> = Vec::new();
    if let Some(b) = base {
        let mut seen = HashSet::new();
        for v in b.lines.values() {
            for l in v {
                if seen.insert((l.from, l.until)) {
                    breaks.extend([l.from, l.until]);
                }
            }
        }
        claim_names.extend(b.programs.iter().map(|p| p.claim.clone()));
    }
    let value_breaks = sorted(
        conds
            .iter()
            .flat_map(|c| [c.value_over, c.value_at_most])
            .flatten()
            .collect(),
    );
    let loaded_breaks = sorted(conds.iter().filter_map(|c| c.loaded_before).collect());
    for c in &conds {
        claim_names.extend(c.claims.iter().chain(&c.not_claims).cloned());
    }
    Thresholds {
        breaks: sorted(breaks),
        value_break_cents: value_breaks.iter().map(|t| whole_cents(*t)).collect(),
        value_breaks,
        loaded_breaks,
        claim_names: sorted(claim_names),
    }
}

fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort_unstable();
    v.dedup();
    v
}
