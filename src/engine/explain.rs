//! The text of a quote: each line's rate, reason and source, and why each
//! excluded item was left out (the explanation of steps 2 to 7).

use super::lookup::Column;
use super::model::{Base, Conditions, Exemption, Fee, Importer};
use super::money::round_money;
use super::plan::{BaseChoice, CondFailKind, RawExcluded, RawLine, Scratch, Src, Why};
use super::MFN;
use crate::country::Currency;
use crate::date::Date;
use crate::entry::{Entry, Mode};
use crate::error::Result;
use crate::quote::{Excluded, ExcludedKind, Line, LineKind, Quote};
use rust_decimal::Decimal;
use std::sync::Arc;

pub(super) enum CondFail {
    Mode(Mode, Vec<Mode>),
    ValueOver(Decimal, Decimal),
    ValueAtMost(Decimal, Decimal),
    Claim(String),
    NotClaim(String),
    LoadedBefore(Date, Option<Date>),
}

impl CondFail {
    pub(super) fn reason(&self, currency: Currency) -> String {
        match self {
            CondFail::Mode(m, need) => format!(
                "applies only to {} entries; this entry is {m}",
                need.iter().map(|m| m.as_str()).collect::<Vec<_>>().join("/")
            ),
            CondFail::ValueOver(v, t) => format!(
                "applies only when the value exceeds {t} {currency}; value is {} {currency}",
                round_money(*v)
            ),
            CondFail::ValueAtMost(v, t) => format!(
                "applies only when the value does not exceed {t} {currency}; value is {} {currency}",
                round_money(*v)
            ),
            CondFail::Claim(c) => format!("requires the claim {c}, which the entry does not make"),
            CondFail::NotClaim(c) => format!("does not apply when the entry claims {c}"),
            CondFail::LoadedBefore(d, None) => {
                format!("applies only to goods loaded before {d}; the entry gives no loading date")
            }
            CondFail::LoadedBefore(d, Some(l)) => {
                format!("applies only to goods loaded before {d}; loaded on {l}")
            }
        }
    }
}

impl Conditions {
    pub(super) fn explain(&self, k: CondFailKind, e: &Entry, value: Decimal) -> CondFail {
        match k {
            CondFailKind::Mode => CondFail::Mode(e.mode, self.modes.clone().unwrap_or_default()),
            CondFailKind::ValueOver => {
                CondFail::ValueOver(value, self.value_over.unwrap_or_default())
            }
            CondFailKind::ValueAtMost => {
                CondFail::ValueAtMost(value, self.value_at_most.unwrap_or_default())
            }
            CondFailKind::Claim(i) => CondFail::Claim(self.claims[usize::from(i)].clone()),
            CondFailKind::NotClaim(i) => {
                CondFail::NotClaim(self.not_claims[usize::from(i)].clone())
            }
            CondFailKind::LoadedBefore => {
                CondFail::LoadedBefore(self.loaded_before.unwrap_or(Date::MAX), e.loaded_on)
            }
        }
    }
}

impl Importer {
    /// A single quote: both phases, then every line and exclusion written
    /// out.
    pub(super) fn quote(&self, e: &Entry) -> Result<Quote> {
        let mut s = Scratch::default();
        let (sum, choice) = self.evaluate(e, &mut s, true)?;
        let value = sum.value;
        let base_heading = choice
            .as_ref()
            .map(|c| Arc::<str>::from(c.line.code.to_string().as_str()));
        let mut lines = Vec::with_capacity(s.lines.len());
        for l in &s.lines {
            if let Some(line) = self.line(e, l, choice.as_ref(), &base_heading, value) {
                lines.push(line);
            }
        }
        let mut excluded = Vec::with_capacity(s.excluded.len());
        for x in &s.excluded {
            excluded.push(self.excluded(e, x, &base_heading, value));
        }
        let mut notes = Vec::new();
        if self.base.is_none() {
            notes.push(format!(
                "additional duties only: this schedule has no ordinary ({}) rates for {}",
                MFN, self.country
            ));
        }
        Ok(Quote {
            importer: e.importer,
            origin: e.origin,
            code: e.code,
            entry_date: e.entry_date,
            mode: e.mode,
            currency: self.currency,
            customs_value: value,
            lines,
            excluded,
            duty: sum.duty,
            fees: sum.fees,
            total: sum.total,
            effective_rate: sum.effective_rate,
            notes,
            warnings: Vec::new(),
        })
    }

    /// The line of a raw line (`None` for a base line without a base).
    fn line(
        &self,
        e: &Entry,
        l: &RawLine,
        choice: Option<&BaseChoice>,
        base_heading: &Option<Arc<str>>,
        value: Decimal,
    ) -> Option<Line> {
        Some(match l.src {
            Src::Base => {
                let (Some(c), Some(base)) = (choice, &self.base) else {
                    return None;
                };
                self.base_line_of(e, c, base, base_heading, value, l.amount)
            }
            Src::Measure(i) => {
                let m = &self.measures[i as usize];
                Line {
                    kind: LineKind::Additional,
                    authority: m.authority.clone(),
                    heading: m.heading.clone(),
                    id: Some(m.id.clone()),
                    rate: m.rate_text.clone(),
                    legal_text: m.legal_text.clone(),
                    base: value,
                    amount: l.amount,
                    reason: m.description.clone(),
                    source: m.source.clone(),
                }
            }
            Src::Exemption(i) => {
                let x = &self.exemptions[i as usize];
                Line {
                    kind: LineKind::Exemption,
                    authority: x.authority.clone(),
                    heading: x.heading.clone(),
                    id: Some(x.id.clone()),
                    rate: exemption_rate_text(x, self.currency),
                    legal_text: None,
                    base: value,
                    amount: l.amount,
                    reason: x.description.clone(),
                    source: x.source.clone(),
                }
            }
            Src::Fee(i) => {
                let f = &self.fees[i as usize];
                Line {
                    kind: LineKind::Fee,
                    authority: f.authority.clone(),
                    heading: f.heading.clone(),
                    id: Some(f.id.clone()),
                    rate: fee_rate_text(f, self.currency),
                    legal_text: None,
                    base: value,
                    amount: l.amount,
                    reason: f.description.clone(),
                    source: f.source.clone(),
                }
            }
        })
    }

    /// The base line: the column's rate and why that column applies.
    fn base_line_of(
        &self,
        e: &Entry,
        c: &BaseChoice,
        base: &Base,
        base_heading: &Option<Arc<str>>,
        value: Decimal,
        amount: Decimal,
    ) -> Line {
        let cell = Self::cell(c.line, c.column);
        let rev = if c.line.revision.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.line.revision)
        };
        let code = c.line.code;
        let reason = match c.column {
            Column::General => format!("column 1 general rate of {code}{rev}"),
            Column::Other => format!(
                "column 2 rate of {code}{rev}: {} is a column 2 country",
                e.origin
            ),
            Column::Special { program, group } => {
                let p = &base.programs[program as usize];
                let codes = c.line.special_codes(group);
                let pc = codes
                    .iter()
                    .find(|x| p.codes.contains(x))
                    .cloned()
                    .unwrap_or_default();
                format!(
                    "special rate of {code}{rev} under the {} claim (program {pc})",
                    p.claim
                )
            }
        };
        let source = if c.line.revision.is_empty() {
            base.source.clone()
        } else {
            Arc::from(format!("{}, {}", base.source, c.line.revision).as_str())
        };
        Line {
            kind: LineKind::Base,
            authority: self.mfn.clone(),
            heading: base_heading.clone(),
            id: None,
            rate: cell.text.to_string(),
            legal_text: Some(cell.text.clone()),
            base: value,
            amount,
            reason,
            source,
        }
    }

    /// An exclusion: the item and why it was left out.
    fn excluded(
        &self,
        e: &Entry,
        x: &RawExcluded,
        base_heading: &Option<Arc<str>>,
        value: Decimal,
    ) -> Excluded {
        let (kind, id, heading, cond): (
            ExcludedKind,
            Arc<str>,
            Option<Arc<str>>,
            Option<&Conditions>,
        ) = match x.src {
            Src::Base => (
                ExcludedKind::Base,
                self.mfn.clone(),
                base_heading.clone(),
                None,
            ),
            Src::Measure(i) => {
                let m = &self.measures[i as usize];
                (
                    ExcludedKind::Measure,
                    m.id.clone(),
                    m.heading.clone(),
                    Some(&m.cond),
                )
            }
            Src::Exemption(i) => {
                let m = &self.exemptions[i as usize];
                (
                    ExcludedKind::Exemption,
                    m.id.clone(),
                    m.heading.clone(),
                    Some(&m.cond),
                )
            }
            Src::Fee(i) => {
                let m = &self.fees[i as usize];
                (
                    ExcludedKind::Fee,
                    m.id.clone(),
                    m.heading.clone(),
                    Some(&m.cond),
                )
            }
        };
        Excluded {
            kind,
            id,
            authority: self.authority_of(x.src).clone(),
            heading,
            reason: self.why(e, x.why, cond, value),
        }
    }

    /// Why an item was left out.
    fn why(&self, e: &Entry, why: Why, cond: Option<&Conditions>, value: Decimal) -> String {
        match why {
            Why::Cond(k) => match cond {
                Some(c) => c.explain(k, e, value).reason(self.currency),
                None => String::new(),
            },
            Why::Removed(xi) => {
                let by = &self.exemptions[xi as usize];
                format!("exempt: {} ({})", by.description, by.id)
            }
            Why::Displaced(b) => {
                let bm = &self.measures[b as usize];
                format!(
                    "displaced by {} ({}{}) under the stacking rules",
                    bm.id,
                    bm.authority,
                    bm.heading
                        .as_deref()
                        .map(|h| format!(" {h}"))
                        .unwrap_or_default()
                )
            }
            Why::Suspended(xi, si) => {
                let sp = &self.exemptions[xi as usize].suspensions[si as usize];
                format!(
                    "suspended for goods of {} from {}{} ({})",
                    e.origin,
                    sp.from,
                    if sp.until < Date::MAX {
                        format!(" until {}", sp.until)
                    } else {
                        String::new()
                    },
                    sp.source
                )
            }
        }
    }
}

pub(super) fn exemption_rate_text(x: &Exemption, cur: Currency) -> String {
    match x.cond.value_at_most {
        Some(t) => format!("value ≤ {t} {cur}"),
        None => "exempt".to_string(),
    }
}

pub(super) fn fee_rate_text(f: &Fee, cur: Currency) -> String {
    let mut s = String::new();
    if let Some(p) = f.percent {
        s.push_str(&format!("{}%", p.normalize()));
        match (f.minimum, f.maximum) {
            (Some(lo), Some(hi)) => s.push_str(&format!(" (min {lo}, max {hi} {cur})")),
            (Some(lo), None) => s.push_str(&format!(" (min {lo} {cur})")),
            (None, Some(hi)) => s.push_str(&format!(" (max {hi} {cur})")),
            _ => {}
        }
    }
    if let Some(flat) = f.flat {
        if !s.is_empty() {
            s.push_str(" + ");
        }
        s.push_str(&format!("{flat} {cur} flat"));
    }
    s
}
