//! Phase 1 of a quote, steps 2 to 5 and the choice of fees of step 7: which
//! base column, which measures apply in stacking order, which exemptions and
//! fees, written as a list of [`Step`]s (and, for a single quote, what was
//! left out and why).
//!
//! Evaluation has two phases. The *structure* of a quote (which base column,
//! which measures apply, which exemptions and fees) depends on the entry's
//! code, origin, date, mode, claims, loading date and on the value only
//! through the conditions' value thresholds; it is written as a list of
//! [`Step`]s. The *amounts* then depend on the value and quantities only.
//! A single quote runs both phases; a batch caches the steps per plan key
//! and runs only the second phase for rows whose key it has seen, so both
//! give the same numbers by construction.

use super::lookup::{lazily, short_code, CodeInfo, Column};
use super::model::{BaseLine, Conditions, Exemption, Fee, Importer};
use crate::entry::Entry;
use crate::error::{Error, Result};
use crate::quote::LineKind;
use crate::rate::Rate;
use rust_decimal::Decimal;

/// Where a raw line or exclusion comes from.
#[derive(Clone, Copy)]
pub(super) enum Src {
    Base,
    Measure(u32),
    Exemption(u32),
    Fee(u32),
}

#[derive(Clone, Copy)]
pub(super) enum Why {
    Cond(CondFailKind),
    Removed(u32),
    Displaced(u32),
    Suspended(u32, u32),
}

/// A failed condition, without allocation (the details are re-derived when
/// the reason is written).
#[derive(Clone, Copy)]
pub(super) enum CondFailKind {
    Mode,
    ValueOver,
    ValueAtMost,
    Claim(u16),
    NotClaim(u16),
    LoadedBefore,
}

/// How a step's amount follows from the value and quantities.
#[derive(Clone, Copy)]
pub(super) enum How<'a> {
    /// An exemption line: zero.
    Zero,
    /// A rate that is purely ad valorem on the whole value, with its percent.
    Percent(Decimal, &'a Rate),
    /// Any other rate.
    Rate(&'a Rate),
    /// An all-in floor: percent, and the authorities it counts.
    Floor(Decimal, &'a [String]),
    /// A fee.
    Fee(&'a Fee),
}

/// One line of a quote whose presence is decided; its amount is computed by
/// [`Importer::amounts`].
#[derive(Clone, Copy)]
pub(super) struct Step<'a> {
    pub(super) kind: LineKind,
    pub(super) src: Src,
    /// The line's authority (index into [`Engine::authorities`]).
    pub(super) aidx: u16,
    pub(super) how: How<'a>,
}

impl<'a> Step<'a> {
    /// Two numbers that are equal for two steps exactly when the steps are:
    /// the line (kind, source, authority) and what its amount is computed
    /// from (by address: every rate, floor and fee lives in the schedule).
    pub(super) fn identity(&self) -> (u64, u64) {
        let (tag, idx) = match self.src {
            Src::Base => (0u64, 0u32),
            Src::Measure(i) => (1, i),
            Src::Exemption(i) => (2, i),
            Src::Fee(i) => (3, i),
        };
        let line =
            (self.kind as u64) << 60 | tag << 56 | u64::from(self.aidx) << 32 | u64::from(idx);
        let how = match self.how {
            How::Zero => 0,
            How::Percent(_, r) => (r as *const Rate as usize as u64) << 2 | 1,
            How::Rate(r) => (r as *const Rate as usize as u64) << 2 | 2,
            How::Floor(_, c) => (c.as_ptr() as usize as u64) << 2 | 3,
            How::Fee(f) => (f as *const Fee as usize as u64) << 2,
        };
        (line, how)
    }

    pub(super) fn rate(kind: LineKind, src: Src, aidx: u16, r: &'a Rate) -> Step<'a> {
        let how = match r.ad_valorem_percent() {
            Some(p) => How::Percent(p, r),
            None => How::Rate(r),
        };
        Step {
            kind,
            src,
            aidx,
            how,
        }
    }
}

pub(super) struct RawLine {
    pub(super) src: Src,
    pub(super) amount: Decimal,
}

pub(super) struct RawExcluded {
    pub(super) src: Src,
    pub(super) why: Why,
}

/// Reusable buffers for evaluation; one per thread in batch work.
#[derive(Default)]
pub(crate) struct Scratch<'a> {
    pub(super) steps: Vec<Step<'a>>,
    pub(super) lines: Vec<RawLine>,
    pub(super) excluded: Vec<RawExcluded>,
    pub(super) cands: Vec<u32>,
    pub(super) alive: Vec<u32>,
    pub(super) applied_ex: Vec<u32>,
}

pub(super) struct BaseChoice<'a> {
    pub(super) line: &'a BaseLine,
    pub(super) column: Column,
}

impl Conditions {
    #[inline]
    pub(super) fn check_kind(
        &self,
        e: &Entry,
        value: Decimal,
    ) -> std::result::Result<(), CondFailKind> {
        if let Some(ms) = &self.modes {
            if !ms.contains(&e.mode) {
                return Err(CondFailKind::Mode);
            }
        }
        if let Some(t) = self.value_over {
            if value <= t {
                return Err(CondFailKind::ValueOver);
            }
        }
        if let Some(t) = self.value_at_most {
            if value > t {
                return Err(CondFailKind::ValueAtMost);
            }
        }
        for (i, c) in self.claims.iter().enumerate() {
            if !e.has_claim(c) {
                return Err(CondFailKind::Claim(i as u16));
            }
        }
        for (i, c) in self.not_claims.iter().enumerate() {
            if e.has_claim(c) {
                return Err(CondFailKind::NotClaim(i as u16));
            }
        }
        if let Some(d) = self.loaded_before {
            match e.loaded_on {
                Some(l) if l < d => {}
                _ => return Err(CondFailKind::LoadedBefore),
            }
        }
        Ok(())
    }
}

impl Importer {
    /// The first applied exemption that removes what `is_removed` tests.
    #[inline]
    pub(super) fn removed_by(
        &self,
        s: &Scratch,
        is_removed: impl Fn(&Exemption) -> bool,
    ) -> Option<u32> {
        s.applied_ex
            .iter()
            .copied()
            .find(|&x| is_removed(&self.exemptions[x as usize]))
    }

    /// Phase 1: the steps of the entry's quote into `s.steps` (and, when
    /// `explain`, what was left out and why into `s.excluded`). `value` is
    /// the customs value in the importer's currency; it is only compared with
    /// the conditions' thresholds here.
    pub(super) fn structure<'a>(
        &'a self,
        e: &Entry,
        value: Decimal,
        info: &CodeInfo<'a>,
        s: &mut Scratch<'a>,
        explain: bool,
    ) -> Result<Option<BaseChoice<'a>>> {
        s.steps.clear();
        s.excluded.clear();
        s.applied_ex.clear();
        s.alive.clear();
        // Rates are set per tariff line: a shorter code covers many lines
        // (with or without base rates in this schedule).
        if info.code.len() < 8 {
            return Err(short_code(info.code));
        }
        self.check_prohibitions(e, value, info)?;
        self.exemptions(e, value, info, s, explain);
        let choice = self.base_step(e, info, s, explain)?;
        self.candidates(e, info, s);
        self.stack(e, value, s, explain);
        self.measure_steps(s);
        for xi in 0..s.applied_ex.len() {
            let x = s.applied_ex[xi];
            s.steps.push(Step {
                kind: LineKind::Exemption,
                src: Src::Exemption(x),
                aidx: u16::MAX,
                how: How::Zero,
            });
        }
        self.fee_steps(e, value, s, explain);
        Ok(choice)
    }

    /// Import bans: no duty to quote.
    #[inline]
    fn check_prohibitions(&self, e: &Entry, value: Decimal, info: &CodeInfo) -> Result<()> {
        let date = e.entry_date;
        for p in &self.prohibitions {
            if p.from <= date
                && date < p.until
                && p.origins.contains(e.origin)
                && p.products.matches(info.code)
                && p.cond.check_kind(e, value).is_ok()
            {
                return Err(Error::Prohibited {
                    code: e.code.to_string(),
                    origin: e.origin.to_string(),
                    date: date.to_string(),
                    ban: Box::new(crate::error::Ban {
                        importer: self.country.to_string(),
                        id: p.id.to_string(),
                        description: p.description.clone(),
                        source: p.source.to_string(),
                    }),
                });
            }
        }
        Ok(())
    }

    /// Step 4: the exemptions that apply, into `s.applied_ex` (the
    /// suspended ones and those whose conditions fail are excluded).
    #[inline]
    fn exemptions(
        &self,
        e: &Entry,
        value: Decimal,
        info: &CodeInfo,
        s: &mut Scratch,
        explain: bool,
    ) {
        let date = e.entry_date;
        for (k, &xi) in info.exemptions.iter().enumerate() {
            let x = &self.exemptions[xi as usize];
            if !(x.from <= date
                && date < x.until
                && x.origins.contains(e.origin)
                && lazily(&info.exemption_covers[k], || x.products.matches(info.code)))
            {
                continue;
            }
            if let Some(si) = x.suspensions.iter().position(|s| {
                s.from <= date
                    && date < s.until
                    && s.origins.contains(e.origin)
                    && s.modes.as_ref().map_or(true, |m| m.contains(&e.mode))
            }) {
                if explain {
                    s.excluded.push(RawExcluded {
                        src: Src::Exemption(xi),
                        why: Why::Suspended(xi, si as u32),
                    });
                }
                continue;
            }
            if let Err(k) = x.cond.check_kind(e, value) {
                if explain {
                    s.excluded.push(RawExcluded {
                        src: Src::Exemption(xi),
                        why: Why::Cond(k),
                    });
                }
                continue;
            }
            s.applied_ex.push(xi);
        }
    }

    /// Step 2: the base line and its column, and the base step unless an
    /// applied exemption removes it.
    #[inline]
    fn base_step<'a>(
        &'a self,
        e: &Entry,
        info: &CodeInfo<'a>,
        s: &mut Scratch<'a>,
        explain: bool,
    ) -> Result<Option<BaseChoice<'a>>> {
        let date = e.entry_date;
        let mut choice = None;
        if let Some(base) = &self.base {
            let l = self.base_line(info, date)?;
            let column = self.pick_column(base, l, e)?;
            if let Some(x) = self.removed_by(s, |x| x.removes_base) {
                if explain {
                    s.excluded.push(RawExcluded {
                        src: Src::Base,
                        why: Why::Removed(x),
                    });
                }
            } else {
                let cell = Self::cell(l, column);
                let rate = cell.rate.as_ref().map_err(|why| Error::InvalidRate {
                    text: cell.text.to_string(),
                    reason: why.to_string(),
                })?;
                s.steps
                    .push(Step::rate(LineKind::Base, Src::Base, self.aidx_mfn, rate));
            }
            choice = Some(BaseChoice { line: l, column });
        }
        Ok(choice)
    }

    /// Step 3: the candidate measures of the code and origin, in stacking
    /// order, into `s.cands`.
    #[inline]
    fn candidates(&self, e: &Entry, info: &CodeInfo, s: &mut Scratch) {
        s.cands.clear();
        if let Some(u) = self.universal.get(e.origin.index()) {
            let measures = &self.measures;
            s.cands.extend(
                u.iter()
                    .filter(|&&i| self.uscope_covers(info, measures[i as usize].uscope)),
            );
        }
        s.cands.extend(
            info.listed
                .iter()
                .filter(|&&i| self.measures[i as usize].origins.contains(e.origin)),
        );
        let measures = &self.measures;
        s.cands
            .sort_unstable_by_key(|&i| (measures[i as usize].rank, i));
    }

    /// Step 5: the candidates in force that apply, into `s.alive`: those
    /// whose conditions hold, not removed by an applied exemption, and not
    /// displaced by an applied candidate.
    #[inline]
    fn stack(&self, e: &Entry, value: Decimal, s: &mut Scratch, explain: bool) {
        let date = e.entry_date;
        for ci in 0..s.cands.len() {
            let i = s.cands[ci];
            let m = &self.measures[i as usize];
            if !(m.from <= date && date < m.until) {
                continue;
            }
            let why = if let Err(k) = m.cond.check_kind(e, value) {
                Some(Why::Cond(k))
            } else if let Some(x) = self.removed_by(s, |x| x.removes_measures.has(i)) {
                Some(Why::Removed(x))
            } else {
                m.blockers
                    .iter()
                    .find(|b| s.alive.contains(b))
                    .map(|&b| Why::Displaced(b))
            };
            match why {
                Some(why) => {
                    if explain {
                        s.excluded.push(RawExcluded {
                            src: Src::Measure(i),
                            why,
                        });
                    }
                }
                None => s.alive.push(i),
            }
        }
    }

    /// The steps of the applied measures: plain measures first, floors
    /// after them.
    #[inline]
    fn measure_steps<'a>(&'a self, s: &mut Scratch<'a>) {
        for pass_floor in [false, true] {
            for ai in 0..s.alive.len() {
                let i = s.alive[ai];
                let m = &self.measures[i as usize];
                if m.floor.is_some() != pass_floor {
                    continue;
                }
                let src = Src::Measure(i);
                let aidx = self.aidx_measure[i as usize];
                s.steps.push(match (&m.rate, &m.floor) {
                    (Some(r), _) => Step::rate(LineKind::Additional, src, aidx, r),
                    (None, Some((pct, counts))) => Step {
                        kind: LineKind::Additional,
                        src,
                        aidx,
                        how: How::Floor(*pct, counts),
                    },
                    (None, None) => Step {
                        kind: LineKind::Additional,
                        src,
                        aidx,
                        how: How::Zero,
                    },
                });
            }
        }
    }

    /// Step 7: the fees in force whose conditions hold and that no applied
    /// exemption removes.
    #[inline]
    fn fee_steps<'a>(&'a self, e: &Entry, value: Decimal, s: &mut Scratch<'a>, explain: bool) {
        let date = e.entry_date;
        for (fi, f) in self.fees.iter().enumerate() {
            if !(f.from <= date && date < f.until) {
                continue;
            }
            if let Err(k) = f.cond.check_kind(e, value) {
                if explain && !matches!(k, CondFailKind::ValueOver | CondFailKind::ValueAtMost) {
                    s.excluded.push(RawExcluded {
                        src: Src::Fee(fi as u32),
                        why: Why::Cond(k),
                    });
                }
                continue;
            }
            if let Some(x) = self.removed_by(s, |x| x.removes_fees.has(fi as u32)) {
                if explain {
                    s.excluded.push(RawExcluded {
                        src: Src::Fee(fi as u32),
                        why: Why::Removed(x),
                    });
                }
                continue;
            }
            s.steps.push(Step {
                kind: LineKind::Fee,
                src: Src::Fee(fi as u32),
                aidx: self.aidx_fee[fi],
                how: How::Fee(f),
            });
        }
    }
}
