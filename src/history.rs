//! The history of one tariff line: every date on which what an entry of it
//! owes changes (a measure starts or stops, a rate or a fee changes, a base
//! rate changes with an HTS revision), with the lines that started and ended.
//!
//! [`Schedule::history`] quotes the entry on its first date and on every
//! [change date](Schedule::change_dates) of its importer after it, and keeps
//! the dates on which the quote's lines (kind, authority, heading, measure,
//! rate, amount) or its error differ from the date before. It is the
//! one-by-one [`Schedule::quote`] on each of those dates, nothing else.

use crate::date::Date;
use crate::entry::Entry;
use crate::quote::{Line, LineKind, Quote};
use crate::schedule::Schedule;
use serde::Serialize;

/// One date on which the entry's duty changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryStep {
    /// The first day of the new state.
    pub date: Date,
    /// The quote on that date, or `None` when it failed (see `error`).
    pub quote: Option<Quote>,
    /// The error of the quote on that date (a code not in force, a missing
    /// quantity...).
    pub error: Option<String>,
    /// Lines of this date's quote that the day before had not (a new
    /// measure, or a measure at a new rate).
    pub started: Vec<Line>,
    /// Lines of the day before that this date's quote has not.
    pub ended: Vec<Line>,
}

/// What identifies a line across dates: a measure at another rate or
/// amount is a different line.
fn same(a: &Line, b: &Line) -> bool {
    a.kind == b.kind
        && a.authority == b.authority
        && a.heading == b.heading
        && a.id == b.id
        && a.rate == b.rate
        && a.amount == b.amount
}

fn lines(q: &Option<Quote>) -> Vec<&Line> {
    q.iter()
        .flat_map(|q| q.lines.iter())
        .filter(|l| l.kind != LineKind::Exemption)
        .collect()
}

impl Schedule {
    /// Every change of what `entry` owes from `from` to `to` (both
    /// included): the first step is `from` itself, then each date on which
    /// the quote's lines or its error differ from the day before. The
    /// entry's own date is ignored; everything else of it (origin, value,
    /// mode, claims, quantities) is quoted as given on each date.
    ///
    /// ```
    /// let s = tariffs::Schedule::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json")).unwrap();
    /// let e = tariffs::EntryText { origin: "CN", hts: "6109.10.00", value: "1000", date: "2025-01-01", ..Default::default() }
    ///     .parse().unwrap();
    /// let steps = s.history(&e, "2025-01-01".parse().unwrap(), "2025-12-31".parse().unwrap());
    /// assert_eq!(steps[0].date.to_string(), "2025-01-01");
    /// // The fentanyl duty on China starts on 2025-02-04.
    /// let feb = steps.iter().find(|s| s.date.to_string() == "2025-02-04").unwrap();
    /// assert!(feb.started.iter().any(|l| &*l.authority == "ieepa_fentanyl"));
    /// ```
    pub fn history(&self, entry: &Entry, from: Date, to: Date) -> Vec<HistoryStep> {
        let mut dates = vec![from];
        dates.extend(
            self.change_dates(entry.importer)
                .into_iter()
                .filter(|d| *d > from && *d <= to),
        );
        // A date that changes nothing equals the last step on what is
        // compared, so the last step stands for "the day before".
        let mut steps: Vec<HistoryStep> = Vec::new();
        for date in dates {
            let mut e = entry.clone();
            e.entry_date = date;
            let (quote, error) = match self.quote(&e) {
                Ok(q) => (Some(q), None),
                Err(err) => (None, Some(err.to_string())),
            };
            let now = lines(&quote);
            let (before, before_error) = match steps.last() {
                Some(last) => (lines(&last.quote), last.error.clone()),
                None => (Vec::new(), None),
            };
            let started: Vec<Line> = now
                .iter()
                .filter(|l| !before.iter().any(|b| same(l, b)))
                .map(|l| (*l).clone())
                .collect();
            let ended: Vec<Line> = before
                .iter()
                .filter(|b| !now.iter().any(|l| same(l, b)))
                .map(|l| (*l).clone())
                .collect();
            let changed = steps.is_empty()
                || !started.is_empty()
                || !ended.is_empty()
                || before_error != error;
            if changed {
                steps.push(HistoryStep {
                    date,
                    quote,
                    error,
                    started,
                    ended,
                });
            }
        }
        steps
    }
}
