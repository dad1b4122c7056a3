//! Rate panels: the ad valorem-equivalent rate of every tariff line for every
//! origin on a date, by authority; and the differences between two panels.
//!
//! # How a panel is computed
//!
//! For the date, origins that every origin-dependent rule in force treats
//! alike form one class (most countries share the baseline regime), and each
//! tariff line in force is quoted once per class through the batch engine,
//! as an ocean entry of a nominal customs value of 1,000,000 in the importer's
//! currency, without claims. The lines go to the batch engine a few thousand
//! at a time, so the entries of a whole panel are never held at once. Each
//! authority's rate is its amount ÷ that value: since the value is 10^6, that
//! is a shift of the decimal point (the same mantissa at six more decimal
//! places), computed without a division but equal to it.
//!
//! **Specific rates**: the panel quotes with every quantity set to zero, so a
//! specific or compound base rate contributes only its ad valorem part; such
//! lines are flagged (`specific = true`), and their `mfn` and `total` rates
//! are a lower bound. Give real quantities to [`Schedule::effective_rates`]
//! instead when specific duties matter. Lines whose rate cannot be evaluated
//! (a rate that refers to another provision) carry the error text.
//!
//! # How two panels are compared
//!
//! All origins of one class share their rates, so [`Panel::diff`] compares
//! each tariff line once per pair of (class before, class after) that some
//! origin has, and then lists the changes of that pair for each such origin.
//! [`Panel::diff_each`] and [`Panel::write_diff_csv`] give the same changes
//! one at a time, without collecting them.

use crate::code::HtsCode;
use crate::country::Country;
use crate::date::Date;
use crate::entry::{Entry, Mode};
use crate::error::{Error, Result};
use crate::rate::Unit;
use crate::schedule::Schedule;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

/// The nominal customs value each panel cell is quoted at.
pub const PANEL_VALUE: i64 = 1_000_000;

/// The header line (without the line break) of the rows
/// [`Panel::write_diff_csv`] writes.
pub const DIFF_CSV_HEADER: &str = "date,hts,origin,authority,before,after";

/// Rows per call of the batch engine when computing a panel.
const BATCH_ROWS: usize = 1 << 15;

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

/// One cell that differs between two panels, as [`Panel::diff_each`] passes
/// it: a [`RateChange`] that borrows its authority name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateChangeRef<'a> {
    /// The tariff line.
    pub code: HtsCode,
    /// The origin.
    pub origin: Country,
    /// The authority, or `total`.
    pub authority: &'a Arc<str>,
    /// The rate before (fraction).
    pub before: Decimal,
    /// The rate after (fraction).
    pub after: Decimal,
}

impl RateChangeRef<'_> {
    /// The owned [`RateChange`].
    pub fn to_change(&self) -> RateChange {
        RateChange {
            code: self.code,
            origin: self.origin,
            authority: self.authority.clone(),
            before: self.before,
            after: self.after,
        }
    }
}

/// No class pair: the origin is missing from the panel after.
const NO_PAIR: u32 = u32::MAX;

/// How the cells of two panels line up, the same for every tariff line.
struct Alignment<'p> {
    /// The name of the first compared column.
    total: Arc<str>,
    /// The authorities compared after `total`: those of the panel before,
    /// then those only in the panel after, each with its column in either
    /// panel (`None`: the rate counts as zero).
    columns: Vec<(&'p Arc<str>, Option<usize>, Option<usize>)>,
    /// The class pair of each origin of the panel before, or [`NO_PAIR`].
    origin_pair: Vec<u32>,
    /// (class before, class after) of each pair, in order of first origin.
    pairs: Vec<(usize, usize)>,
}

impl<'p> Alignment<'p> {
    fn new(before: &'p Panel, after: &'p Panel) -> Alignment<'p> {
        let mut columns: Vec<(&Arc<str>, Option<usize>, Option<usize>)> = Vec::new();
        let col = |p: &Panel, name: &Arc<str>| p.authorities.iter().position(|n| n == name);
        for name in before.authorities.iter().chain(
            after
                .authorities
                .iter()
                .filter(|n| !before.authorities.contains(n)),
        ) {
            columns.push((name, col(before, name), col(after, name)));
        }
        // The first position of each origin in the panel after.
        let mut after_at: HashMap<Country, usize> = HashMap::with_capacity(after.origins.len());
        for (i, o) in after.origins.iter().enumerate() {
            after_at.entry(*o).or_insert(i);
        }
        let mut pair_of: HashMap<(usize, usize), u32> = HashMap::new();
        let mut pairs = Vec::new();
        let origin_pair = before
            .origins
            .iter()
            .enumerate()
            .map(|(oi, o)| match after_at.get(o) {
                None => NO_PAIR,
                Some(&oj) => {
                    let key = (
                        before.origin_class[oi] as usize,
                        after.origin_class[oj] as usize,
                    );
                    *pair_of.entry(key).or_insert_with(|| {
                        pairs.push(key);
                        (pairs.len() - 1) as u32
                    })
                }
            })
            .collect();
        Alignment {
            total: Arc::from("total"),
            columns,
            origin_pair,
            pairs,
        }
    }

    /// The name of column `slot` (0 is `total`).
    fn name(&self, slot: u32) -> &Arc<str> {
        match slot {
            0 => &self.total,
            s => self.columns[s as usize - 1].0,
        }
    }
}

/// The changed columns of one tariff line, by class pair.
#[derive(Default)]
struct LineChanges {
    /// The changes of pair `p` are `items[start[p]..start[p + 1]]`.
    start: Vec<usize>,
    /// (column slot, before, after), in column order within a pair.
    items: Vec<(u32, Decimal, Decimal)>,
}

impl LineChanges {
    fn of(&self, pair: u32) -> &[(u32, Decimal, Decimal)] {
        let p = pair as usize;
        &self.items[self.start[p]..self.start[p + 1]]
    }
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
    ///
    /// # Errors
    ///
    /// The first [`std::io::Error`] of `w`, which stops the writing.
    pub fn write_csv(&self, mut w: impl Write) -> std::io::Result<()> {
        use std::fmt::Write as _;
        write!(w, "date,hts,origin,total")?;
        for a in &self.authorities {
            write!(w, ",{a}")?;
        }
        writeln!(w, ",specific,error")?;
        let na = self.authorities.len();
        // The origins of one class share everything after the origin, so
        // that part is formatted once per code and class.
        let mut prefix = String::new();
        let mut tails = String::new();
        let mut tail_end = Vec::with_capacity(self.classes + 1);
        for (ci, code) in self.codes.iter().enumerate() {
            prefix.clear();
            let _ = write!(prefix, "{},{},", self.date, code);
            tails.clear();
            tail_end.clear();
            tail_end.push(0);
            for cell in ci * self.classes..(ci + 1) * self.classes {
                let _ = write!(tails, ",{}", self.totals[cell].normalize());
                for a in 0..na {
                    let _ = write!(tails, ",{}", self.rates[cell * na + a].normalize());
                }
                let err = self.errors[cell].as_deref().unwrap_or("").replace('"', "'");
                let _ = writeln!(tails, ",{},\"{err}\"", self.specific[ci]);
                tail_end.push(tails.len());
            }
            for (oi, origin) in self.origins.iter().enumerate() {
                let c = self.origin_class[oi] as usize;
                w.write_all(prefix.as_bytes())?;
                w.write_all(origin.as_str().as_bytes())?;
                w.write_all(&tails.as_bytes()[tail_end[c]..tail_end[c + 1]])?;
            }
        }
        Ok(())
    }

    /// The cells whose total or authority rates differ between `self` (before)
    /// and `after`, for codes and origins present in both.
    ///
    /// Changes are code-major, then in the order of `self.origins`; for one
    /// cell, `total` comes first, then the authorities of `self`, then those
    /// only `after` has (an authority a panel lacks counts as rate zero).
    pub fn diff(&self, after: &Panel) -> Vec<RateChange> {
        let mut out = Vec::new();
        self.diff_each(after, |c| out.push(c.to_change()));
        out
    }

    /// Calls `f` with each change [`Panel::diff`] would return, in the same
    /// order, without collecting them.
    pub fn diff_each(&self, after: &Panel, mut f: impl FnMut(RateChangeRef<'_>)) {
        let done: std::result::Result<(), std::convert::Infallible> =
            self.diff_lines(after, |al, ci, changes| {
                let code = self.codes[ci];
                for (oi, &pair) in al.origin_pair.iter().enumerate() {
                    if pair == NO_PAIR {
                        continue;
                    }
                    for &(slot, before, a) in changes.of(pair) {
                        f(RateChangeRef {
                            code,
                            origin: self.origins[oi],
                            authority: al.name(slot),
                            before,
                            after: a,
                        });
                    }
                }
                Ok(())
            });
        match done {
            Ok(()) => {}
            Err(never) => match never {},
        }
    }

    /// Writes the changes [`Panel::diff`] would return as CSV rows
    /// `date,hts,origin,authority,before,after` (see [`DIFF_CSV_HEADER`],
    /// which this does not write), with the date of `after` and the rates as
    /// normalized decimal fractions. Returns the number of rows written.
    ///
    /// # Errors
    ///
    /// The first [`std::io::Error`] of `w`, which stops the writing.
    pub fn write_diff_csv(&self, after: &Panel, mut w: impl Write) -> std::io::Result<usize> {
        use std::fmt::Write as _;
        let mut rows = 0;
        let mut prefix = String::new();
        let mut tails = String::new();
        let mut tail_end: Vec<usize> = Vec::new();
        self.diff_lines(after, |al, ci, changes| {
            prefix.clear();
            let _ = write!(prefix, "{},{},", after.date, self.codes[ci]);
            // The tail of each change is shared by every origin of its pair.
            tails.clear();
            tail_end.clear();
            tail_end.push(0);
            for &(slot, b, a) in &changes.items {
                let _ = writeln!(
                    tails,
                    ",{},{},{}",
                    al.name(slot),
                    b.normalize(),
                    a.normalize()
                );
                tail_end.push(tails.len());
            }
            for (oi, &pair) in al.origin_pair.iter().enumerate() {
                if pair == NO_PAIR {
                    continue;
                }
                let origin = self.origins[oi].as_str().as_bytes();
                let p = pair as usize;
                for k in changes.start[p]..changes.start[p + 1] {
                    w.write_all(prefix.as_bytes())?;
                    w.write_all(origin)?;
                    w.write_all(&tails.as_bytes()[tail_end[k]..tail_end[k + 1]])?;
                    rows += 1;
                }
            }
            Ok::<(), std::io::Error>(())
        })?;
        Ok(rows)
    }

    /// Compares the tariff lines present in both panels once per class pair
    /// and calls `each_line(alignment, code index in self, changes)` for every
    /// line with a change, in code order.
    fn diff_lines<E>(
        &self,
        after: &Panel,
        mut each_line: impl FnMut(&Alignment<'_>, usize, &LineChanges) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let al = Alignment::new(self, after);
        let (nb, na) = (self.authorities.len(), after.authorities.len());
        let mut changes = LineChanges::default();
        let mut j = 0;
        for (ci, code) in self.codes.iter().enumerate() {
            while j < after.codes.len() && after.codes[j] < *code {
                j += 1;
            }
            if j >= after.codes.len() || after.codes[j] != *code {
                continue;
            }
            changes.start.clear();
            changes.items.clear();
            for &(cb, ca) in &al.pairs {
                changes.start.push(changes.items.len());
                let x = ci * self.classes + cb;
                let y = j * after.classes + ca;
                let (b, a) = (self.totals[x], after.totals[y]);
                if b != a {
                    changes.items.push((0, b, a));
                }
                for (k, &(_, ib, ia)) in al.columns.iter().enumerate() {
                    let b = ib.map_or(Decimal::ZERO, |i| self.rates[x * nb + i]);
                    let a = ia.map_or(Decimal::ZERO, |i| after.rates[y * na + i]);
                    if b != a {
                        changes.items.push((k as u32 + 1, b, a));
                    }
                }
            }
            changes.start.push(changes.items.len());
            if !changes.items.is_empty() {
                each_line(&al, ci, &changes)?;
            }
        }
        Ok(())
    }
}

/// `d ÷ PANEL_VALUE` (10^6) without a division where it can: equal (`==`)
/// to the `Decimal` division, though not always at the same scale (the
/// division drops some trailing zeros; format with `normalize()`).
///
/// Dividing by 10^6 is exact as moving the decimal point six places, i.e.
/// the same mantissa at scale + 6, where that scale fits (at most 28);
/// otherwise this divides. Zero gives `0` at scale 0, as the division does.
fn per_panel_value(d: Decimal) -> Decimal {
    if d.is_zero() {
        return Decimal::ZERO;
    }
    let mut r = d;
    match r.set_scale(d.scale() + 6) {
        Ok(()) => r,
        Err(_) => d / Decimal::from(PANEL_VALUE),
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
    ///
    /// # Errors
    ///
    /// As [`Schedule::rate_panel_for`].
    pub fn rate_panel(&self, importer: Country, date: Date) -> Result<Panel> {
        let origins: Vec<Country> = Country::all().filter(|c| *c != importer).collect();
        self.rate_panel_for(importer, date, &origins)
    }

    /// The rate panel for the given origins. A cell whose rate cannot be
    /// evaluated holds its error's text ([`Panel::error`]).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownImporter`] when the schedule has no such importer;
    /// [`Error::InvalidInput`] (field `importer`) when the importer has no
    /// base rates.
    pub fn rate_panel_for(
        &self,
        importer: Country,
        date: Date,
        origins: &[Country],
    ) -> Result<Panel> {
        self.rate_panel_in_batches(importer, date, origins, BATCH_ROWS)
    }

    /// [`Schedule::rate_panel_for`], quoting about `batch_rows` cells per
    /// call of the batch engine (at least one tariff line's classes).
    fn rate_panel_in_batches(
        &self,
        importer: Country,
        date: Date,
        origins: &[Country],
        batch_rows: usize,
    ) -> Result<Panel> {
        let engine = self.engine();
        engine.importer_position(importer)?;
        let lines = engine.lines_in_force(importer, date).ok_or_else(|| {
            Error::invalid(
                "importer",
                importer.to_string(),
                "an importer whose schedule has base rates (a rate panel lists base lines)",
            )
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
        let cells = codes.len() * classes;
        let value = Decimal::from(PANEL_VALUE);
        let placeholder = HtsCode::parse_field("hts", "01")?;
        let mut zero =
            Entry::new(importer, importer, placeholder, value, date).with_mode(Mode::Ocean);
        for u in Unit::ALL {
            if u != Unit::Value {
                zero.quantities.set(u, None, Decimal::ZERO);
            }
        }
        // Duty authorities only: (columns of the batch result, names).
        let duty_columns = |b: &crate::batch::BatchResult| -> (Vec<usize>, Vec<Arc<str>>) {
            let keep: Vec<usize> = (0..b.authorities.len())
                .filter(|&a| !b.fee_authority[a])
                .collect();
            let names = keep.iter().map(|&a| b.authorities[a].clone()).collect();
            (keep, names)
        };
        let mut columns: Option<(Vec<usize>, Vec<Arc<str>>)> = None;
        let mut rates = Vec::new();
        let mut totals = Vec::with_capacity(cells);
        let mut errors = Vec::with_capacity(cells);
        // The entries of one batch, kept from batch to batch: only the code
        // and origin change, the quantities are allocated once per slot.
        let mut entries: Vec<Entry> = Vec::new();
        let per_batch = (batch_rows / classes.max(1)).max(1);
        for chunk in codes.chunks(per_batch) {
            let rows = chunk.len() * classes;
            entries.truncate(rows);
            entries.resize(rows, zero.clone());
            for (k, e) in entries.iter_mut().enumerate() {
                e.code = chunk[k / classes];
                e.origin = reps[k % classes];
            }
            let b = self.quote_batch(&entries);
            let (keep, _) = columns.get_or_insert_with(|| duty_columns(&b));
            if rates.capacity() == 0 {
                rates.reserve_exact(cells * keep.len());
            }
            let w = b.authorities.len();
            for i in 0..rows {
                for &a in keep.iter() {
                    rates.push(per_panel_value(b.by_authority[i * w + a]));
                }
                totals.push(per_panel_value(b.duty[i]));
                errors.push(
                    b.errors[i]
                        .as_ref()
                        .map(|e| Arc::from(e.to_string().as_str())),
                );
            }
        }
        let (_, authorities) = columns.unwrap_or_else(|| duty_columns(&self.quote_batch(&[])));
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn division(d: Decimal) -> Decimal {
        d / Decimal::from(PANEL_VALUE)
    }

    /// Equal as numbers, and so in normalized form.
    fn assert_same(d: Decimal) {
        let (fast, slow) = (per_panel_value(d), division(d));
        assert_eq!(fast, slow, "{d:?}");
        assert_eq!(fast.normalize().to_string(), slow.normalize().to_string());
        assert_eq!(fast.is_sign_negative(), slow.is_sign_negative(), "{d:?}");
        if d.scale() + 6 > 28 {
            assert_eq!(fast.serialize(), slow.serialize(), "{d:?}: divided");
        }
    }

    #[test]
    fn shifting_the_point_equals_dividing_by_the_panel_value() {
        for s in [
            "0",
            "0.00",
            "-0.00",
            "1",
            "-1",
            "5",
            "0.01",
            "100000.00",
            "1000000",
            "-1000000.00",
            "12000000",
            "1000000000",
            "1234567.89",
            "-42.10",
            "123.45600",
            "0.000001",
            "165000.000000",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "79228162514264337593543000000",
            "7922816251426433759354395033.5",
            "0.0000000000000000000012345678",
            "0.0000000000000000000012300000",
            "0.0000000000000000000000000001",
            "-0.0000000000000000000000000100",
            "7.9228162514264337593543950335",
            "0.0000000000000000000000000000",
        ] {
            assert_same(s.parse().unwrap());
        }
        // Scales 26 to 28, with and without trailing zeros.
        for scale in 20..=28 {
            for m in [1i128, -7, 10, 100, 1_000_000, -12_300_000, 10i128.pow(27)] {
                assert_same(Decimal::from_i128_with_scale(m, scale));
            }
        }
        // Negative zero at every scale.
        for scale in 0..=28 {
            assert_same(Decimal::from_parts(0, 0, 0, true, scale));
        }
    }

    proptest! {
        #[test]
        fn shifting_equals_dividing_on_any_decimal(
            lo: u32, mid: u32, hi: u32, neg: bool, scale in 0u32..=28, zeros in 0u32..10
        ) {
            assert_same(Decimal::from_parts(lo, mid, hi, neg, scale));
            // Mantissas with trailing zeros (the usual case for amounts).
            let m = i128::from(lo) * 10i128.pow(zeros) * if neg { -1 } else { 1 };
            assert_same(Decimal::from_i128_with_scale(m, scale));
        }
    }

    fn fixture() -> Schedule {
        Schedule::from_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/schedule.json"
        ))
        .unwrap()
    }

    fn assert_same_panel(a: &Panel, b: &Panel) {
        assert_eq!(a.importer, b.importer);
        assert_eq!(a.date, b.date);
        assert_eq!(a.authorities, b.authorities);
        assert_eq!(a.codes, b.codes);
        assert_eq!(a.origins, b.origins);
        assert_eq!(a.origin_class, b.origin_class);
        assert_eq!(a.classes, b.classes);
        let repr = |v: &[Decimal]| v.iter().map(|d| d.serialize()).collect::<Vec<_>>();
        assert_eq!(repr(&a.rates), repr(&b.rates));
        assert_eq!(repr(&a.totals), repr(&b.totals));
        assert_eq!(a.errors, b.errors);
        assert_eq!(a.specific, b.specific);
    }

    #[test]
    fn batch_size_does_not_change_the_panel() {
        let s = fixture();
        let us: Country = "US".parse().unwrap();
        let origins: Vec<Country> = Country::all().filter(|c| *c != us).collect();
        for date in ["2025-02-10", "2025-04-15", "2025-08-10"] {
            let date: Date = date.parse().unwrap();
            let whole = s
                .rate_panel_in_batches(us, date, &origins, usize::MAX)
                .unwrap();
            assert!(whole.codes.len() > 3 && whole.classes > 1);
            for rows in [0, 1, 7, whole.classes * 2 + 1] {
                let p = s.rate_panel_in_batches(us, date, &origins, rows).unwrap();
                assert_same_panel(&whole, &p);
            }
            let none = s.rate_panel_in_batches(us, date, &[], 5).unwrap();
            assert_eq!(none.authorities, whole.authorities);
            assert!(none.is_empty());
        }
    }
}
