//! What a schedule covers, and how a quote is told when it goes past it.
//!
//! A tariff schedule is like a time-zone database: it changes every few
//! weeks, and a copy is only right up to the day it was last reviewed.
//! [`Schedule::coverage`] says which dates a schedule answers for: its first
//! date, the newest HTS revision it reflects (published, effective), the
//! revision its base rates come from, and the date its policy was reviewed
//! through (the date of the newest source modelled).
//!
//! - An entry date before the first date is an [`Error::NotCovered`] naming
//!   the covered range: there is no right answer to give.
//! - An entry date after the reviewed-through date gets its quote with a
//!   [`Warning`] (`Quote::warnings`, a per-row flag in batches): duties
//!   announced since may be missing. A [strict](Schedule::strict) schedule
//!   refuses such an entry with an [`Error::NotCovered`] instead.
//! - [`Schedule::chapter99_report`] lists the Chapter 99 headings of the
//!   newest revision the schedule knows (the builtin's: every 9903 heading of
//!   HTS 2026 rev 21; after [`Schedule::with_hts_export`]: the export's) and
//!   whether an item of the schedule models each, so a user sees at once what
//!   the schedule does not cover.
//!
//! ```
//! use tariffs::{EntryText, Schedule};
//! let s = Schedule::builtin();
//! let c = s.coverage();
//! assert_eq!(c.first_date.unwrap().to_string(), "2025-01-01");
//! let reviewed = c.reviewed_through.unwrap();
//!
//! // A date after the review: the quote, with a warning.
//! let entry = EntryText { origin: "VN", hts: "6109.10.00.12", value: "1000", date: "2027-03-01",
//!                         ..Default::default() }.parse().unwrap();
//! let q = s.quote(&entry).unwrap();
//! assert!(q.warnings[0].message.contains(&reviewed.to_string()));
//!
//! // Strict: refused.
//! let err = s.strict(true).quote(&entry).unwrap_err();
//! assert_eq!(err.kind(), "not_covered");
//! ```

use crate::date::Date;
use crate::error::{Error, Result};
use crate::hts::Chapter99Heading;
use crate::quote::{Warning, WarningKind};
use crate::schedule::Schedule;
use serde::Serialize;
use std::collections::BTreeSet;

/// What a schedule answers for. See the [module docs](self).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// The schedule's name (`builtin`, or the name of a file's `version`).
    pub name: String,
    /// The first entry date answered; earlier dates are errors. `None`: the
    /// schedule has no base lines and sets no first date.
    pub first_date: Option<Date>,
    /// The newest HTS revision the schedule reflects (e.g. `2026 rev 21`).
    pub hts_revision: String,
    /// When that revision was published, when known.
    pub hts_published: Option<Date>,
    /// When that revision took effect, when known.
    pub hts_effective: Option<Date>,
    /// The newest revision whose base-rate lines are loaded (equal to
    /// `hts_revision` unless the schedule says otherwise).
    pub base_revision: String,
    /// The date the policy was reviewed through: the date of the newest
    /// source modelled. Quotes dated after it carry a warning.
    pub reviewed_through: Option<Date>,
    /// The number of Chapter 99 headings of the newest revision the schedule
    /// knows (0 when it knows none).
    pub chapter99_headings: usize,
    /// How many of them an item of the schedule models.
    pub chapter99_modelled: usize,
}

/// A Chapter 99 heading of the newest revision and whether the schedule models it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chapter99Status {
    /// The heading (`9903.05.31`).
    pub heading: String,
    /// Its general rate text as printed.
    pub general: String,
    /// Its legal text.
    pub description: String,
    /// The ids of the measures, exemptions and prohibitions that name it in
    /// their `heading` or cite it in their `source`; empty when none does.
    pub modelled_by: Vec<String>,
}

/// The date rules of a schedule, as a quote applies them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DateCheck {
    first: Option<Date>,
    reviewed: Option<Date>,
    strict: bool,
}

impl DateCheck {
    /// `Ok(true)`: quote with a warning; `Ok(false)`: quote; `Err`: refuse.
    pub(crate) fn check(&self, date: Date) -> Result<bool> {
        if let Some(first) = self.first {
            if date < first {
                return Err(self.not_covered(date, false));
            }
        }
        match self.reviewed {
            Some(r) if date > r => {
                if self.strict {
                    Err(self.not_covered(date, true))
                } else {
                    Ok(true)
                }
            }
            _ => Ok(false),
        }
    }

    fn not_covered(&self, date: Date, strict: bool) -> Error {
        Error::NotCovered {
            date: date.to_string(),
            first: self.first.map(|d| d.to_string()).unwrap_or_default(),
            reviewed_through: self.reviewed.map(|d| d.to_string()).unwrap_or_default(),
            strict,
        }
    }

    /// The warning of a quote dated `date` (after the reviewed-through date).
    pub(crate) fn warning(&self, date: Date) -> Warning {
        Warning {
            kind: WarningKind::AfterReviewedDate,
            message: format!(
                "entry date {date} is after {}, the date the schedule's policy was reviewed through: duties announced since are not included (see Schedule::coverage; add newer measures with an overlay)",
                self.reviewed.map(|d| d.to_string()).unwrap_or_default()
            ),
        }
    }

    /// The warning text of a batch row dated after the reviewed-through date.
    pub(crate) fn batch_warning(&self) -> String {
        format!(
            "entry date after {}, the date the schedule's policy was reviewed through: duties announced since are not included",
            self.reviewed.map(|d| d.to_string()).unwrap_or_default()
        )
    }
}

/// Every `9903.xx.xx` written in a text (`9903.03.07`, also in
/// `9903.03.07 and 9903.03.08`).
fn headings_in(text: &str, out: &mut BTreeSet<String>) {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = 0;
    while i + 10 <= b.len() {
        if &b[i..i + 5] == b"9903."
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && digit(i + 5)
            && digit(i + 6)
            && b[i + 7] == b'.'
            && digit(i + 8)
            && digit(i + 9)
            && !digit(i + 10)
        {
            out.insert(text[i..i + 10].to_string());
            i += 10;
        } else {
            i += 1;
        }
    }
}

impl Schedule {
    /// This schedule, strict or not: a strict schedule refuses an entry dated
    /// after the reviewed-through date with [`Error::NotCovered`] instead of
    /// quoting it with a warning. Cheap (shares the compiled schedule).
    pub fn strict(&self, strict: bool) -> Schedule {
        let mut s = self.clone();
        s.strict = strict;
        s
    }

    /// Whether the schedule is strict (see [`Schedule::strict`]).
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    pub(crate) fn date_check(&self) -> DateCheck {
        DateCheck {
            first: self.inner_first_date(),
            reviewed: self.version().policy_date,
            strict: self.strict,
        }
    }

    /// What the schedule answers for. See the [module docs](self).
    pub fn coverage(&self) -> Coverage {
        let v = self.version();
        let list = self.chapter99_list();
        let modelled = if list.is_empty() {
            0
        } else {
            let named = self.named_headings();
            list.iter()
                .filter(|h| named.iter().any(|(c, _)| *c == h.code.to_string()))
                .count()
        };
        Coverage {
            name: v.name.clone(),
            first_date: self.inner_first_date(),
            hts_revision: v.hts_revision.clone(),
            hts_published: v.hts_published,
            hts_effective: v.hts_effective,
            base_revision: if v.base_revision.is_empty() {
                v.hts_revision.clone()
            } else {
                v.base_revision.clone()
            },
            reviewed_through: v.policy_date,
            chapter99_headings: list.len(),
            chapter99_modelled: modelled,
        }
    }

    /// Every Chapter 99 heading of the newest revision the schedule knows,
    /// with the items that model it (none for a heading the schedule does
    /// not cover). Empty when the schedule knows no revision's Chapter 99
    /// (a schedule from a file: add one with [`Schedule::with_hts_export`]).
    pub fn chapter99_report(&self) -> Vec<Chapter99Status> {
        let named = self.named_headings();
        self.chapter99_list()
            .iter()
            .map(|h| {
                let code = h.code.to_string();
                Chapter99Status {
                    modelled_by: named
                        .iter()
                        .filter(|(c, _)| *c == code)
                        .map(|(_, id)| id.clone())
                        .collect(),
                    heading: code,
                    general: h.general.clone(),
                    description: h.description.clone(),
                }
            })
            .collect()
    }

    /// The Chapter 99 headings of the newest revision that no item of the
    /// schedule models (see [`Schedule::chapter99_report`]).
    pub fn unmodelled_chapter99(&self) -> Vec<Chapter99Status> {
        self.chapter99_report()
            .into_iter()
            .filter(|h| h.modelled_by.is_empty())
            .collect()
    }

    /// (heading, id) for every 9903 heading an item names or cites, sorted.
    fn named_headings(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut add = |id: &str, heading: Option<&String>, source: &str| {
            let mut set = BTreeSet::new();
            if let Some(h) = heading {
                headings_in(h, &mut set);
            }
            headings_in(source, &mut set);
            out.extend(set.into_iter().map(|h| (h, id.to_string())));
        };
        for imp in &self.data().importers {
            for m in &imp.measures {
                add(&m.id, m.heading.as_ref(), &m.source);
            }
            for x in &imp.exemptions {
                add(&x.id, x.heading.as_ref(), &x.source);
            }
            for p in &imp.prohibitions {
                add(&p.id, p.heading.as_ref(), &p.source);
            }
        }
        out.sort();
        out
    }
}

/// Chapter 99 headings from a tab-separated list: `heading<TAB>general<TAB>description`
/// per line; lines starting with `#` and empty lines are skipped.
pub(crate) fn parse_chapter99_tsv(text: &str, file: &str) -> Result<Vec<Chapter99Heading>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let code = parts.next().unwrap_or_default();
        let code = code.parse().map_err(|_| {
            Error::schedule(
                file,
                Some(&format!("line {}", n + 1)),
                "heading",
                format!("{code:?} is not a heading"),
            )
        })?;
        out.push(Chapter99Heading {
            code,
            general: parts.next().unwrap_or_default().to_string(),
            description: parts.next().unwrap_or_default().to_string(),
        });
    }
    out.sort_by_key(|h| h.code);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_found_in_text() {
        let mut s = BTreeSet::new();
        headings_in(
            "HTSUS 9903.03.07 (Canada) and 9903.03.08; not 19903.01.011 nor 9903.1",
            &mut s,
        );
        assert_eq!(
            s.into_iter().collect::<Vec<_>>(),
            ["9903.03.07", "9903.03.08"]
        );
    }

    #[test]
    fn the_date_check_warns_after_the_review_and_refuses_before_the_start() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let c = DateCheck {
            first: Some(d("2025-01-01")),
            reviewed: Some(d("2026-10-07")),
            strict: false,
        };
        assert!(c.check(d("2024-12-31")).is_err());
        assert!(!c.check(d("2025-01-01")).unwrap());
        assert!(!c.check(d("2026-10-07")).unwrap());
        assert!(c.check(d("2026-10-08")).unwrap());
        let strict = DateCheck { strict: true, ..c };
        let e = strict.check(d("2026-10-08")).unwrap_err();
        assert_eq!(e.kind(), "not_covered");
        assert!(e.to_string().contains("2026-10-07"), "{e}");
        let e = c.check(d("2024-12-31")).unwrap_err();
        assert!(e.to_string().contains("before 2025-01-01"), "{e}");
    }
}
