//! Rate panels: the ad valorem-equivalent rate of every tariff line for every
//! origin on a date, by authority; and the differences between two panels.
//!
//! # How a panel is computed
//!
//! For the date, origins that every origin-dependent rule in force treats
//! alike form one class (most countries share the baseline regime), and each
//! tariff line in force is quoted once per class through the batch engine,
//! as an ocean entry of a nominal customs value of 1,000,000 in the importer's
//! currency, without claims. Each authority's rate is its amount ÷ that value.
//!
//! **Specific rates**: the panel quotes with every quantity set to zero, so a
//! specific or compound base rate contributes only its ad valorem part; such
//! lines are flagged (`specific = true`), and their `mfn` and `total` rates
//! are a lower bound. Give real quantities to [`Schedule::effective_rates`]
//! instead when specific duties matter. Lines whose rate cannot be evaluated
//! (a rate that refers to another provision) carry the error text.

use crate::code::HtsCode;
use crate::country::Country;
use crate::date::Date;
use crate::entry::{Entry, Mode};
use crate::error::{Error, Result};
use crate::rate::Unit;
use crate::schedule::Schedule;
use rust_decimal::Decimal;
use std::io::Write;
use std::sync::Arc;

/// The nominal customs value each panel cell is quoted at.
pub const PANEL_VALUE: i64 = 1_000_000;

/// The rates of every tariff line x origin on one date.
#[derive(Debug, Clone)]
pub struct Panel {
    /// The importing country.
    pub importer: Country,
    /// The date.
    pub date: Date,
    /// The duty authorities (columns), sorted.
    pub authorities: Vec<Arc<str>>,
    /// The tariff lines in force, sorted.
    pub codes: Vec<HtsCode>,
    /// The origins (rows of each code).
    pub origins: Vec<Country>,
    origin_class: Vec<u32>,
    classes: usize,
    /// `rates[(code * classes + class) * authorities.len() + a]`, as fractions.
    rates: Vec<Decimal>,
    totals: Vec<Decimal>,
    errors: Vec<Option<Arc<str>>>,
    specific: Vec<bool>,
}

/// One cell that differs between two panels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateChange {
    /// The tariff line.
    pub code: HtsCode,
    /// The origin.
    pub origin: Country,
    /// The authority, or `total`.
    pub authority: Arc<str>,
    /// The rate before (fraction).
    pub before: Decimal,
    /// The rate after (fraction).
    pub after: Decimal,
}

impl Panel {
    /// Number of distinct origin classes the panel was computed for.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Number of cells (codes x origins).
    pub fn len(&self) -> usize {
        self.codes.len() * self.origins.len()
    }

    /// Whether the panel has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn cell(&self, code: usize, origin: usize) -> usize {
        code * self.classes + self.origin_class[origin] as usize
    }

    /// The total rate of a code (index into `codes`) and origin (index into `origins`).
    pub fn total(&self, code: usize, origin: usize) -> Decimal {
        self.totals[self.cell(code, origin)]
    }

    /// The rate of one authority, `None` for an unknown authority.
    pub fn rate(&self, code: usize, origin: usize, authority: &str) -> Option<Decimal> {
        let a = self.authorities.iter().position(|n| &**n == authority)?;
        Some(self.rates[self.cell(code, origin) * self.authorities.len() + a])
    }

    /// The error of a cell, when its rate could not be evaluated.
    pub fn error(&self, code: usize, origin: usize) -> Option<&str> {
        self.errors[self.cell(code, origin)].as_deref()
    }

    /// Whether the code's base rate has a specific component left out of the panel.
    pub fn is_specific(&self, code: usize) -> bool {
        self.specific[code]
    }

    /// Writes the panel as CSV: `date,hts,origin,total,<authority...>,specific,error`,
    /// rates as decimal fractions. Rows are code-major.
    pub fn write_csv(&self, mut w: impl Write) -> std::io::Result<()> {
        write!(w, "date,hts,origin,total")?;
        for a in &self.authorities {
            write!(w, ",{a}")?;
        }
        writeln!(w, ",specific,error")?;
        let na = self.authorities.len();
        for (ci, code) in self.codes.iter().enumerate() {
            for (oi, origin) in self.origins.iter().enumerate() {
                let cell = self.cell(ci, oi);
                write!(
                    w,
                    "{},{},{},{}",
                    self.date,
                    code,
                    origin,
                    self.totals[cell].normalize()
                )?;
                for a in 0..na {
                    write!(w, ",{}", self.rates[cell * na + a].normalize())?;
                }
                let err = self.errors[cell].as_deref().unwrap_or("").replace('"', "'");
                writeln!(w, ",{},\"{err}\"", self.specific[ci])?;
            }
        }
        Ok(())
    }

    /// The cells whose total or authority rates differ between `self` (before)
    /// and `after`, for codes and origins present in both.
    pub fn diff(&self, after: &Panel) -> Vec<RateChange> {
        let mut out = Vec::new();
        let total: Arc<str> = Arc::from("total");
        let mut j = 0;
        for (ci, code) in self.codes.iter().enumerate() {
            while j < after.codes.len() && after.codes[j] < *code {
                j += 1;
            }
            if j >= after.codes.len() || after.codes[j] != *code {
                continue;
            }
            for (oi, origin) in self.origins.iter().enumerate() {
                let Some(oj) = after.origins.iter().position(|o| o == origin) else {
                    continue;
                };
                let (b, a) = (self.total(ci, oi), after.total(j, oj));
                if b != a {
                    out.push(RateChange {
                        code: *code,
                        origin: *origin,
                        authority: total.clone(),
                        before: b,
                        after: a,
                    });
                }
                let names = self.authorities.iter().chain(
                    after
                        .authorities
                        .iter()
                        .filter(|n| !self.authorities.contains(n)),
                );
                for name in names {
                    let b = self.rate(ci, oi, name).unwrap_or_default();
                    let a = after.rate(j, oj, name).unwrap_or_default();
                    if b != a {
                        out.push(RateChange {
                            code: *code,
                            origin: *origin,
                            authority: name.clone(),
                            before: b,
                            after: a,
                        });
                    }
                }
            }
        }
        out
    }
}

impl Schedule {
    /// The rate panel of `importer` on `date` for every origin (every ISO
    /// country except the importer) and every tariff line in force.
    ///
    /// ```
    /// let s = tariffs::Schedule::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json")).unwrap();
    /// let p = s.rate_panel("US".parse().unwrap(), "2025-04-15".parse().unwrap()).unwrap();
    /// let tee = p.codes.iter().position(|c| c.to_string() == "6109.10.00").unwrap();
    /// let cn = p.origins.iter().position(|o| o.as_str() == "CN").unwrap();
    /// // 16.5% + 20% + 125% = 161.5%
    /// assert_eq!(p.total(tee, cn), tariffs::Decimal::new(1615, 3));
    /// ```
    pub fn rate_panel(&self, importer: Country, date: Date) -> Result<Panel> {
        let origins: Vec<Country> = Country::all().filter(|c| *c != importer).collect();
        self.rate_panel_for(importer, date, &origins)
    }

    /// The rate panel for the given origins.
    pub fn rate_panel_for(
        &self,
        importer: Country,
        date: Date,
        origins: &[Country],
    ) -> Result<Panel> {
        let engine = self.engine();
        let lines =
            engine
                .lines_in_force(importer, date)
                .ok_or_else(|| Error::UnknownImporter {
                    importer: format!(
                        "{importer} (a rate panel needs an importer with base rates)"
                    ),
                })?;
        let codes: Vec<HtsCode> = lines.iter().map(|(c, _)| *c).collect();
        let specific: Vec<bool> = lines.iter().map(|(_, s)| *s).collect();
        let (origin_class, reps) =
            engine
                .origin_classes(importer, date, origins)
                .ok_or_else(|| Error::UnknownImporter {
                    importer: importer.to_string(),
                })?;
        let classes = reps.len();
        let value = Decimal::from(PANEL_VALUE);
        let placeholder = HtsCode::parse_field("hts", "01")?;
        let mut zero =
            Entry::new(importer, importer, placeholder, value, date).with_mode(Mode::Ocean);
        for u in Unit::ALL {
            if u != Unit::Value {
                zero.quantities.set(u, None, Decimal::ZERO);
            }
        }
        let mut entries = Vec::with_capacity(codes.len() * classes);
        for &code in &codes {
            for &origin in &reps {
                let mut e = zero.clone();
                e.code = code;
                e.origin = origin;
                entries.push(e);
            }
        }
        let b = self.quote_batch(&entries);
        // Keep duty authorities only.
        let keep: Vec<usize> = (0..b.authorities.len())
            .filter(|&a| !b.fee_authority[a])
            .collect();
        let authorities: Vec<Arc<str>> = keep.iter().map(|&a| b.authorities[a].clone()).collect();
        let w = b.authorities.len();
        let mut rates = Vec::with_capacity(entries.len() * keep.len());
        let mut totals = Vec::with_capacity(entries.len());
        let mut errors = Vec::with_capacity(entries.len());
        for i in 0..entries.len() {
            for &a in &keep {
                rates.push(b.by_authority[i * w + a] / value);
            }
            totals.push(b.duty[i] / value);
            errors.push(
                b.errors[i]
                    .as_ref()
                    .map(|e| Arc::from(e.to_string().as_str())),
            );
        }
        Ok(Panel {
            importer,
            date,
            authorities,
            codes,
            origins: origins.to_vec(),
            origin_class,
            classes,
            rates,
            totals,
            errors,
            specific,
        })
    }
}
