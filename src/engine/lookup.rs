//! Steps 1 and 2 of the quote algorithm: the customs value in the importer's
//! currency, what a tariff code matches among the importer's scopes (looked
//! up once per code), the base line in force and the column that applies.

use super::model::{prefix_keys, Base, BaseLine, Cell, Importer};
use crate::code::HtsCode;
use crate::date::Date;
use crate::entry::Entry;
use crate::error::{Error, Result};
use rust_decimal::Decimal;

/// How the base column was chosen.
#[derive(Clone, Copy)]
pub(super) enum Column {
    General,
    Other,
    Special { program: u32, group: u32 },
}

/// What one tariff code matches among an importer's product scopes: looked up
/// once per code, then reused for every origin, date and value.
pub(crate) struct CodeInfo<'a> {
    pub(super) code: HtsCode,
    /// The base lines of the code and of its shorter forms down to 8 digits,
    /// longest first.
    pub(super) base: Vec<&'a [BaseLine]>,
    /// Exemptions whose products may cover the code (listed under one of
    /// its prefixes, or on every product), in schedule order; whether each
    /// really does (exclusions) is tested on first use, as for `uscope`.
    pub(super) exemptions: Vec<u32>,
    pub(super) exemption_covers: Vec<std::cell::Cell<u8>>,
    /// Measures on listed products that cover the code (any origin), in stacking order.
    pub(super) listed: Vec<u32>,
    /// Whether each of [`Importer::uscopes`] covers the code: 0 not yet
    /// known, 1 no, 2 yes (tested on first use: a single quote needs few).
    pub(super) uscope: Vec<std::cell::Cell<u8>>,
}

/// A yes/no answer computed on first use and remembered in `cell` (0: not
/// yet known, 1: no, 2: yes).
#[inline]
pub(super) fn lazily(cell: &std::cell::Cell<u8>, f: impl FnOnce() -> bool) -> bool {
    match cell.get() {
        0 => {
            let yes = f();
            cell.set(1 + u8::from(yes));
            yes
        }
        v => v == 2,
    }
}

impl Importer {
    pub(super) fn customs_value(&self, e: &Entry) -> Result<Decimal> {
        match e.currency {
            Some(c) if c != self.currency => {
                let r = e.exchange_rate.ok_or_else(|| Error::MissingExchangeRate {
                    currency: c.to_string(),
                    importer_currency: self.currency.to_string(),
                })?;
                let v = e.value.checked_mul(r).ok_or_else(|| {
                    Error::overflow(
                        format!("the customs value {} {c} in {}", e.value, self.currency),
                        "exchange_rate",
                        r,
                    )
                })?;
                if v > crate::limits::MAX_VALUE {
                    return Err(Error::TooLarge {
                        field: "value".into(),
                        value: crate::limits::echo(&format!(
                            "{} {c} x {r} = {v} {}",
                            e.value, self.currency
                        )),
                        limit: format!(
                            "a customs value of at most {} in the importer's currency",
                            crate::limits::MAX_VALUE
                        ),
                    });
                }
                Ok(v)
            }
            _ => Ok(e.value),
        }
    }

    /// Looks up what `code` matches (hash lookups of its prefixes).
    pub(crate) fn code_info(&self, code: HtsCode) -> CodeInfo<'_> {
        let mut base = Vec::new();
        if let Some(b) = &self.base {
            if code.len() >= 8 {
                for n in (8..=code.len()).rev() {
                    if let Some(v) = b.lines.get(&code.truncate(n).key()) {
                        base.push(&v[..]);
                    }
                }
            }
        }
        let mut listed = Vec::new();
        let mut exemptions = self.x_universal.clone();
        for k in prefix_keys(code) {
            if let Some(v) = self.index.get(&k) {
                listed.extend_from_slice(v);
            }
            if let Some(v) = self.x_index.get(&k) {
                exemptions.extend_from_slice(v);
            }
        }
        let measures = &self.measures;
        listed.sort_unstable_by_key(|&i| (measures[i as usize].rank, i));
        listed.dedup();
        listed.retain(|&i| measures[i as usize].products.matches(code));
        exemptions.sort_unstable();
        exemptions.dedup();
        CodeInfo {
            code,
            base,
            exemption_covers: vec![std::cell::Cell::new(0); exemptions.len()],
            exemptions,
            listed,
            uscope: vec![std::cell::Cell::new(0); self.uscopes.len()],
        }
    }

    /// Whether universal scope `k` covers the code of `info`.
    #[inline]
    pub(super) fn uscope_covers(&self, info: &CodeInfo, k: u16) -> bool {
        let k = usize::from(k);
        lazily(&info.uscope[k], || self.uscopes[k].matches(info.code))
    }

    pub(super) fn base_line<'a>(&'a self, info: &CodeInfo<'a>, date: Date) -> Result<&'a BaseLine> {
        if info.code.len() < 8 {
            return Err(short_code(info.code));
        }
        info.base
            .iter()
            .find_map(|v| v.iter().find(|l| l.from <= date && date < l.until))
            .ok_or_else(|| Error::UnknownCode {
                importer: self.country.to_string(),
                code: info.code.to_string(),
                date: date.to_string(),
            })
    }

    /// The column of line `l` the entry pays: column 2 for a column 2
    /// origin (when the line prints one), the special rate of a program
    /// the entry claims, its origin is eligible for and the line lists
    /// (an unparseable special text counts as listing it), else column 1
    /// general; [`Error::MissingRate`] when the line prints none.
    pub(super) fn pick_column(&self, base: &Base, l: &BaseLine, e: &Entry) -> Result<Column> {
        if base.column2.contains(e.origin) && l.other.is_some() {
            return Ok(Column::Other);
        }
        if !e.claims.is_empty() {
            for (pi, p) in base.programs.iter().enumerate() {
                if e.has_claim(&p.claim) && p.origins.contains(e.origin) {
                    if let Some(group) = l.special_group(&p.codes) {
                        return Ok(Column::Special {
                            program: pi as u32,
                            group,
                        });
                    }
                }
            }
        }
        if l.general.is_some() {
            Ok(Column::General)
        } else {
            Err(Error::MissingRate {
                importer: self.country.to_string(),
                code: l.code.to_string(),
                column: "general".into(),
            })
        }
    }

    #[inline]
    pub(super) fn cell(l: &BaseLine, c: Column) -> &Cell {
        match c {
            Column::Other => l.other.as_ref(),
            Column::General => l.general.as_ref(),
            Column::Special { group, .. } => l.special_cell(group),
        }
        .expect("pick_column only returns columns the line has")
    }
}

/// The error for an entry whose code is no tariff line.
pub(super) fn short_code(code: HtsCode) -> Error {
    Error::invalid(
        "hts",
        code.to_string(),
        "an 8- or 10-digit tariff line (a chapter, heading or subheading covers many lines)",
    )
}

#[cfg(test)]
mod tests {
    use crate::{Decimal, EntryText, Error, Schedule};
    use serde_json::json;

    /// A US schedule whose program USMCA (code S) is open to MX, with
    /// column 2 for KP, and three lines: 9817.22.05 with a special text
    /// that does not parse ("Free", with no program codes), 6109.10.00 at
    /// 16.5% (special Free for S), and 6110.20.20 with a column 2 rate but
    /// no column 1 general rate.
    fn schedule() -> Schedule {
        let v = json!({"format": "tariffs-schedule/1", "importers": [{
            "country": "US", "currency": "USD",
            "base": {"source": "test", "column2": ["KP"],
                "programs": [{"claim": "USMCA", "codes": ["S"], "origins": ["MX"]}],
                "lines": [
                    {"code": "9817.22.05", "general": "Free", "special": "Free", "from": "2025-01-01"},
                    {"code": "6109.10.00", "general": "16.5%", "special": "Free (S)", "from": "2025-01-01"},
                    {"code": "6110.20.20", "other": "45%", "from": "2025-01-01"}
                ]}
        }]});
        Schedule::from_json(&v.to_string()).expect("the schedule loads")
    }

    fn quote(origin: &str, hts: &str, claims: &[&str]) -> crate::Result<crate::Quote> {
        let mut t = EntryText {
            origin,
            hts,
            value: "1000",
            date: "2025-03-01",
            ..Default::default()
        };
        t.claims.extend_from_slice(claims);
        schedule().quote(&t.parse().expect("the entry parses"))
    }

    #[test]
    fn an_unparseable_special_text_fails_only_when_a_claim_uses_it() {
        let why = crate::rate::parse_special("Free").unwrap_err().to_string();
        assert!(!why.is_empty());
        // No claim: column 1 general, Free: 0.00 on 1,000.
        let q = quote("MX", "9817.22.05", &[]).unwrap();
        assert_eq!(q.duty, Decimal::new(0, 2));
        assert_eq!(q.lines[0].rate, "Free");
        // USMCA claimed from CA: CA is not eligible, so the special column
        // is not looked at: general, 0.00.
        assert_eq!(
            quote("CA", "9817.22.05", &["USMCA"]).unwrap().duty,
            Decimal::new(0, 2)
        );
        // USMCA claimed from MX: the special column is used, and its text
        // does not parse.
        match quote("MX", "9817.22.05", &["USMCA"]) {
            Err(Error::InvalidRate { text, reason }) => {
                assert_eq!(text, "Free");
                assert_eq!(reason, why);
            }
            other => panic!("expected InvalidRate, got {other:?}"),
        }
        // A special text that parses still gives its rate: 6109.10.00 under
        // USMCA (program S) is Free; without the claim 16.5% x 1,000 = 165.00.
        assert_eq!(
            quote("MX", "6109.10.00", &["USMCA"]).unwrap().duty,
            Decimal::new(0, 2)
        );
        assert_eq!(
            quote("MX", "6109.10.00", &[]).unwrap().duty,
            Decimal::new(16500, 2)
        );
    }

    #[test]
    fn a_line_without_a_general_rate_is_a_missing_rate() {
        // 6110.20.20 prints only a column 2 rate: VN pays column 1 general,
        // which the line lacks.
        match quote("VN", "6110.20.20", &[]) {
            Err(Error::MissingRate {
                importer,
                code,
                column,
            }) => {
                assert_eq!(importer, "US");
                assert_eq!(code, "6110.20.20");
                assert_eq!(column, "general");
            }
            other => panic!("expected MissingRate, got {other:?}"),
        }
        // KP is a column 2 country: 45% x 1,000 = 450.00.
        assert_eq!(
            quote("KP", "6110.20.20", &[]).unwrap().duty,
            Decimal::new(45000, 2)
        );
    }
}
