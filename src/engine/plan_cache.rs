//! Batch evaluation: phase 1 (the plan) cached per plan key, so that a row
//! whose key was seen before runs only phase 2 (the amounts).

use super::amounts::{QuantitiesIn, Summary};
use super::hash::{KeyBuild, KeyHasher, KeyMap};
use super::lookup::CodeInfo;
use super::model::Importer;
use super::money::whole_cents;
use super::plan::{RawLine, Scratch, Step};
use super::Engine;
use crate::code::HtsCode;
use crate::country::Country;
use crate::date::Date;
use crate::entry::{Entry, Mode};
use crate::error::Result;
use crate::rate::QuantitySource;
use rust_decimal::Decimal;
use std::collections::HashMap;

impl Engine {
    /// A worker for batch evaluation (one per thread).
    pub(crate) fn worker(&self) -> Worker<'_> {
        Worker {
            engine: self,
            s: Scratch::default(),
            codes: (0..self.importers.len())
                .map(|_| KeyMap::default())
                .collect(),
            plans: HashMap::default(),
            plan_steps: Vec::new(),
            distinct: HashMap::default(),
            lookups: 0,
            hits: 0,
            use_plans: true,
            probe: true,
        }
    }
}

/// What an entry's quote structure depends on besides its code (see the
/// phases above): importer, origin, the period between two consecutive
/// rule dates, mode, the band between two value thresholds, the band
/// between two loading-date thresholds, and the claims any rule names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct PlanKey {
    pub(super) code: u64,
    pub(super) packed: u64,
    pub(super) claims: u128,
}

impl std::hash::Hash for PlanKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_u64(self.code);
        h.write_u64(self.packed);
        h.write_u64(self.claims as u64);
        h.write_u64((self.claims >> 64) as u64);
    }
}

/// Entry fields a plan key is made of.
pub(crate) struct KeyParts<'c> {
    pub(crate) code: HtsCode,
    pub(crate) origin: Country,
    pub(crate) date: Date,
    pub(crate) mode: Mode,
    pub(crate) value: Decimal,
    pub(crate) loaded_on: Option<Date>,
    pub(crate) claims: &'c [String],
}

impl Importer {
    /// The plan key of an entry, `None` when this importer's rules are too
    /// many for the key's fields (the entry is then evaluated directly).
    pub(super) fn plan_key(&self, imp: usize, k: &KeyParts) -> Option<PlanKey> {
        let period = self.breaks.partition_point(|b| *b <= k.date);
        let vband = match (whole_cents(k.value), &self.value_break_cents) {
            (Some(v), Some(t)) => t.partition_point(|t| v > *t),
            _ => self.value_breaks.partition_point(|t| k.value > *t),
        };
        let lband = match k.loaded_on {
            None => 0,
            Some(l) => 1 + self.loaded_breaks.partition_point(|b| *b <= l),
        };
        if period >= 1 << 16
            || vband >= 1 << 8
            || lband >= 1 << 8
            || imp >= 1 << 8
            || self.claim_names.len() > 128
        {
            return None;
        }
        let mut claims = 0u128;
        for c in k.claims {
            if let Some(i) = self
                .claim_names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(c.trim()))
            {
                claims |= 1 << i;
            }
        }
        let packed = (k.origin.index() as u64)
            | (period as u64) << 10
            | (k.mode as u64) << 26
            | (vband as u64) << 29
            | (lband as u64) << 37
            | (imp as u64) << 45;
        Some(PlanKey {
            code: k.code.key(),
            packed,
            claims,
        })
    }
}

/// Rows after which a worker checks that its plan cache pays.
pub(super) const PLAN_PROBE: u64 = 8192;

/// Cached plans and code lookups a worker keeps before starting afresh.
pub(super) const CACHE_LIMIT: usize = 1 << 18;

/// Batch evaluation state of one thread: buffers, the code lookups it has
/// made and the quote structures (plans) it has built, by [`PlanKey`].
///
/// A row whose key was seen before only runs the amounts phase. When rows
/// rarely repeat a key (a rate panel: every row is a new code x origin), the
/// worker stops caching plans after [`PLAN_PROBE`] rows and evaluates both
/// phases per row, still reusing its code lookups.
pub(crate) struct Worker<'a> {
    pub(super) engine: &'a Engine,
    pub(super) s: Scratch<'a>,
    pub(super) codes: Vec<KeyMap<CodeInfo<'a>>>,
    /// Per plan: the range of its steps in `plan_steps`; a length of
    /// `u32::MAX` marks a key whose structure fails (the row is then
    /// evaluated on its own, so that its error names its own fields).
    pub(super) plans: HashMap<PlanKey, (u32, u32), KeyBuild>,
    /// The distinct step lists of the plans (many keys share one: the same
    /// code in periods where nothing that concerns it changed), so that the
    /// steps rows read stay few and in cache.
    pub(super) plan_steps: Vec<Step<'a>>,
    pub(super) distinct: HashMap<u64, Vec<(u32, u32)>, KeyBuild>,
    pub(super) lookups: u64,
    pub(super) hits: u64,
    pub(super) use_plans: bool,
    /// Whether the worker may stop caching plans after its probe.
    pub(super) probe: bool,
}

impl<'a> Worker<'a> {
    /// Evaluates one entry; adds each line's amount to `by_authority[index]`
    /// (a slice as long as [`Engine::authorities`]).
    pub(crate) fn entry(
        &mut self,
        e: &Entry,
        by_authority: &mut (impl LineSink + ?Sized),
    ) -> Result<Summary> {
        let engine = self.engine;
        let ii = engine.importer_index(e)?;
        let imp = &engine.importers[ii];
        if e.currency.is_some_and(|c| c != imp.currency) {
            let value = imp.customs_value(e)?;
            let q = QuantitiesIn {
                entry: e,
                rate: imp.quantity_rate(e),
            };
            return self.direct(ii, e, value, &q, by_authority);
        }
        let parts = KeyParts {
            code: e.code,
            origin: e.origin,
            date: e.entry_date,
            mode: e.mode,
            value: e.value,
            loaded_on: e.loaded_on,
            claims: &e.claims,
        };
        let q = QuantitiesIn {
            entry: e,
            rate: Decimal::ONE,
        };
        self.run(
            ii,
            &parts,
            &q,
            || std::borrow::Cow::Borrowed(e),
            by_authority,
        )
    }

    /// Keeps caching plans whatever the hit rate of the first rows: for
    /// batches of entries, whose keys repeat over the whole batch even when
    /// the first thousands of rows are mostly new keys.
    #[cfg(feature = "arrow")]
    pub(crate) fn keep_plans(mut self) -> Self {
        self.probe = false;
        self
    }

    /// The index of an importer, or the error naming it.
    #[cfg(feature = "arrow")]
    pub(crate) fn importer_position(&self, importer: Country) -> Result<usize> {
        self.engine.importer_position(importer)
    }

    /// Evaluates a row given by its key fields, its quantities, and a way to
    /// make the full entry (called only when the structure must be built).
    pub(crate) fn run<'e>(
        &mut self,
        ii: usize,
        parts: &KeyParts,
        q: &dyn QuantitySource,
        entry: impl FnOnce() -> std::borrow::Cow<'e, Entry>,
        by_authority: &mut (impl LineSink + ?Sized),
    ) -> Result<Summary> {
        let imp: &'a Importer = &self.engine.importers[ii];
        let value = parts.value;
        let key = if self.use_plans {
            imp.plan_key(ii, parts)
        } else {
            None
        };
        let Some(key) = key else {
            return self.direct(ii, &entry(), value, q, by_authority);
        };
        self.lookups += 1;
        if self.probe && self.lookups == PLAN_PROBE && self.hits * 4 < self.lookups {
            self.use_plans = false;
            self.plans = HashMap::default();
            self.distinct = HashMap::default();
        }
        let (start, len) = match self.plans.get(&key) {
            Some(&(_, u32::MAX)) => {
                self.hits += 1;
                return self.direct(ii, &entry(), value, q, by_authority);
            }
            Some(&p) => {
                self.hits += 1;
                p
            }
            None => {
                if self.plans.len() >= CACHE_LIMIT {
                    self.plans.clear();
                    self.plan_steps.clear();
                    self.distinct.clear();
                }
                let e = entry();
                let info = Self::info(&mut self.codes[ii], imp, e.code);
                match imp.structure(&e, value, info, &mut self.s, false) {
                    Ok(_) => {
                        let p = self.intern_steps();
                        self.plans.insert(key, p);
                        p
                    }
                    Err(err) => {
                        self.plans.insert(key, (0, u32::MAX));
                        return Err(err);
                    }
                }
            }
        };
        let steps = &self.plan_steps[start as usize..(start + len) as usize];
        let sum = imp.amounts(steps, value, q, &mut self.s.lines)?;
        add_lines(
            steps,
            &self.s.lines,
            by_authority,
            self.engine.authorities.len(),
        );
        Ok(sum)
    }

    /// Both phases for one row, without the plan cache.
    pub(super) fn direct(
        &mut self,
        ii: usize,
        e: &Entry,
        value: Decimal,
        q: &dyn QuantitySource,
        by_authority: &mut (impl LineSink + ?Sized),
    ) -> Result<Summary> {
        let imp: &'a Importer = &self.engine.importers[ii];
        let info = Self::info(&mut self.codes[ii], imp, e.code);
        imp.structure(e, value, info, &mut self.s, false)?;
        let sum = imp.amounts(&self.s.steps, value, q, &mut self.s.lines)?;
        add_lines(
            &self.s.steps,
            &self.s.lines,
            by_authority,
            self.engine.authorities.len(),
        );
        Ok(sum)
    }

    /// The range of `plan_steps` holding the steps just built in `s.steps`,
    /// shared with an earlier plan when it has the same steps.
    pub(super) fn intern_steps(&mut self) -> (u32, u32) {
        let new = &self.s.steps;
        let mut h = KeyHasher::default();
        for st in new {
            let (a, b) = st.identity();
            std::hash::Hasher::write_u64(&mut h, a);
            std::hash::Hasher::write_u64(&mut h, b);
        }
        let hash = std::hash::Hasher::finish(&h);
        let same = self.distinct.get(&hash).and_then(|v| {
            v.iter().copied().find(|&(start, len)| {
                let old = &self.plan_steps[start as usize..(start + len) as usize];
                old.len() == new.len()
                    && old
                        .iter()
                        .zip(new)
                        .all(|(x, y)| x.identity() == y.identity())
            })
        });
        if let Some(r) = same {
            return r;
        }
        let r = (self.plan_steps.len() as u32, new.len() as u32);
        self.plan_steps.extend_from_slice(new);
        self.distinct.entry(hash).or_default().push(r);
        r
    }

    pub(super) fn info<'m>(
        codes: &'m mut KeyMap<CodeInfo<'a>>,
        imp: &'a Importer,
        code: HtsCode,
    ) -> &'m CodeInfo<'a> {
        if codes.len() >= CACHE_LIMIT {
            codes.clear();
        }
        codes
            .entry(code.key())
            .or_insert_with(|| imp.code_info(code))
    }
}

/// Where a worker puts the amount of each line of a row, by authority.
pub(crate) trait LineSink {
    /// Adds `amount` (scale 2) to authority `aidx` (an index of
    /// [`Engine::authorities`]; lines of no authority are not given).
    fn add(&mut self, aidx: u16, amount: Decimal);
}

/// A row's cells, one per authority.
impl LineSink for [Decimal] {
    fn add(&mut self, aidx: u16, amount: Decimal) {
        if let Some(slot) = self.get_mut(usize::from(aidx)) {
            if slot.is_zero() {
                *slot = amount;
            } else {
                *slot += amount;
            }
        }
    }
}

pub(super) fn add_lines(
    steps: &[Step],
    lines: &[RawLine],
    sink: &mut (impl LineSink + ?Sized),
    authorities: usize,
) {
    for (st, l) in steps.iter().zip(lines) {
        if usize::from(st.aidx) < authorities {
            sink.add(st.aidx, l.amount);
        }
    }
}
