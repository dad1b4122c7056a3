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

    pub(super) fn pick_column(base: &Base, l: &BaseLine, e: &Entry) -> Result<Column> {
        if base.column2.contains(e.origin) && l.other.is_some() {
            return Ok(Column::Other);
        }
        if !e.claims.is_empty() {
            for (pi, p) in base.programs.iter().enumerate() {
                if e.has_claim(&p.claim) && p.origins.contains(e.origin) {
                    if let Some(gi) = l
                        .special
                        .iter()
                        .position(|(_, progs)| progs.iter().any(|x| p.codes.iter().any(|y| y == x)))
                    {
                        return Ok(Column::Special {
                            program: pi as u32,
                            group: gi as u32,
                        });
                    }
                }
            }
        }
        if l.general.is_some() {
            Ok(Column::General)
        } else {
            Err(Error::InvalidRate {
                text: String::new(),
                reason: format!("the schedule prints no column 1 rate for {}", l.code),
            })
        }
    }

    pub(super) fn cell(l: &BaseLine, c: Column) -> &Cell {
        match c {
            Column::Other => l.other.as_ref(),
            Column::General => l.general.as_ref(),
            Column::Special { group, .. } => l.special.get(group as usize).map(|(c, _)| c),
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
