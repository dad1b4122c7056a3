//! What the golden test files share: an entry builder that quotes through
//! `Schedule::builtin()`, and assertions on a quote's amounts, exclusions
//! and headings. Each golden file keeps its own cases, sources and hand
//! computations; this module only spares them the same twenty helpers.

#![allow(dead_code)] // each test crate uses a part of it

use tariffs::{Ban, Decimal, EntryText, Error, Quote, Schedule};

/// A decimal from its text.
pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// An entry under construction.
pub struct Case<'a> {
    pub text: EntryText<'a>,
}

/// An entry into the US of `hts` from `origin`, customs value `value` USD,
/// entered on `date` by `mode`.
pub fn case<'a>(
    origin: &'a str,
    hts: &'a str,
    value: &'a str,
    date: &'a str,
    mode: &'a str,
) -> Case<'a> {
    Case {
        text: EntryText {
            origin,
            hts,
            value,
            date,
            mode: Some(mode),
            ..Default::default()
        },
    }
}

impl<'a> Case<'a> {
    pub fn claim(mut self, c: &'a str) -> Self {
        self.text.claims.push(c);
        self
    }
    pub fn loaded(mut self, date: &'a str) -> Self {
        self.text.loaded_on = Some(date);
        self
    }
    pub fn qty(mut self, unit: &'a str, amount: &'a str) -> Self {
        self.text.quantities.push((unit, amount));
        self
    }
    /// The quote of the builtin schedule (the test fails if there is none).
    pub fn quote(self) -> Quote {
        let entry = self.text.parse().expect("entry parses");
        Schedule::builtin()
            .quote(&entry)
            .unwrap_or_else(|e| panic!("quote of {:?} failed: {e}", self.text))
    }
    /// The error of the builtin schedule's quote (the test fails if it quotes).
    pub fn error(self) -> Error {
        let entry = self.text.parse().expect("entry parses");
        match Schedule::builtin().quote(&entry) {
            Ok(q) => panic!("quote of {:?} is not an error:\n{q}", self.text),
            Err(e) => e,
        }
    }
    /// The ban that makes the quote fail (the test fails if it does not).
    pub fn prohibited(self) -> Ban {
        let text = format!("{:?}", self.text);
        match self.error() {
            Error::Prohibited { ban, .. } => *ban,
            e => panic!("quote of {text} failed otherwise: {e}"),
        }
    }
}

/// Asserts the amount of each authority (0 for an authority without a line).
pub fn amounts(q: &Quote, expected: &[(&str, &str)]) {
    for (authority, amount) in expected {
        assert_eq!(q.amount_of(authority), d(amount), "{authority} in\n{q}");
    }
}

/// Asserts the duty, fees and total.
pub fn totals(q: &Quote, duty: &str, fees: &str, total: &str) {
    assert_eq!(q.duty, d(duty), "duty in\n{q}");
    assert_eq!(q.fees, d(fees), "fees in\n{q}");
    assert_eq!(q.total, d(total), "total in\n{q}");
}

/// The reason an item of the schedule (by id) was not applied.
pub fn excluded<'q>(q: &'q Quote, id: &str) -> &'q str {
    q.excluded
        .iter()
        .find(|x| &*x.id == id)
        .map(|x| x.reason.as_str())
        .unwrap_or_else(|| panic!("{id} is not among the excluded items of\n{q}"))
}

/// The heading of the first line of an authority.
pub fn heading_of<'q>(q: &'q Quote, authority: &str) -> &'q str {
    q.lines
        .iter()
        .find(|l| &*l.authority == authority)
        .and_then(|l| l.heading.as_deref())
        .unwrap_or_else(|| panic!("no {authority} line with a heading in\n{q}"))
}

/// The headings of the lines of an authority, in quote order.
pub fn headings_of(q: &Quote, authority: &str) -> Vec<String> {
    q.lines
        .iter()
        .filter(|l| &*l.authority == authority)
        .map(|l| l.heading.as_deref().unwrap_or("").to_string())
        .collect()
}
