//! One cell to one typed value, with the core's parsers: errors name the
//! field exactly as [`tariffs::EntryText::parse`] would for the cell's text.

use super::input::{Fields, QtyField};
use crate::arrow::{self, cell_text, Cell, Column};
use crate::convert;
use tariffs::{parse_decimal, Country, Date, Decimal, Quantities};

/// `mantissa × 10^-scale` as a [`Decimal`] when that is exactly what
/// [`parse_decimal`] makes of its text (at most 28 digits and places).
fn exact_decimal(mantissa: i128, scale: i32) -> Option<Decimal> {
    if !(0..=28).contains(&scale) || mantissa.unsigned_abs() >= 10u128.pow(28) {
        return None;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale as u32).ok()
}

/// The text of a decimal128 cell `mantissa × 10^-scale` that
/// [`exact_decimal`] does not take, for [`parse_decimal`]: a scale past 28
/// is brought down by dropping trailing zeros (the value is the same, so
/// `1.50000000000000000000000000000000` at scale 32 is `1.5`), and a value
/// no core decimal holds exactly (more than 28 digits after the point that
/// are not zeros, beyond the 96-bit range, or a negative scale that puts it
/// there) is a [`tariffs::Error::TooLarge`] naming `field` and the limit,
/// found before any text is written (a negative scale of millions would
/// otherwise be millions of zeros).
pub fn arrow_decimal_text(mantissa: i128, scale: i32, field: &str) -> tariffs::Result<String> {
    let mut digits = [0u8; 40];
    let mut n = 0;
    let mut u = mantissa.unsigned_abs();
    loop {
        digits[n] = (u % 10) as u8;
        n += 1;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    digits[..n].reverse();
    let shown = || {
        let mut t = String::new();
        if scale.unsigned_abs() <= 80 {
            arrow::scaled_text(mantissa, scale, &mut t);
        } else {
            t = format!("{mantissa}E{:+}", -i64::from(scale));
        }
        t
    };
    convert::plain_decimal(field, mantissa < 0, &digits[..n], -i64::from(scale), shown)
}

/// A decimal cell (not null); errors name `field`, as [`parse_decimal`] of
/// its text (a decimal128 cell's, see [`arrow_decimal_text`]).
pub(super) fn decimal(cell: Cell<'_>, field: &str, buf: &mut String) -> tariffs::Result<Decimal> {
    match cell {
        Cell::Text(t) => parse_decimal(field, t),
        Cell::Int(v) => Ok(Decimal::from(v)),
        Cell::Decimal(m, s) => match exact_decimal(m, s) {
            Some(d) => Ok(d),
            None => parse_decimal(field, &arrow_decimal_text(m, s, field)?),
        },
        Cell::Null | Cell::Days(_) => parse_decimal(field, cell_text(cell, buf).unwrap_or("")),
    }
}

/// The error of a required cell that is null.
pub(super) fn empty(field: &str) -> tariffs::Error {
    tariffs::Error::invalid(field, "", "a value, but the cell is empty")
}

/// The text of a cell known not to be null.
pub(super) fn text<'a>(c: &'a Column, i: usize, buf: &'a mut String) -> &'a str {
    cell_text(c.cell(i), buf).unwrap_or("")
}

impl QtyField {
    /// The slot and amount of a cell that is not null; errors as
    /// [`Quantities::set_parts`] gives them for the cell's text.
    pub(super) fn amount(
        &self,
        cell: Cell<'_>,
        buf: &mut String,
    ) -> tariffs::Result<(usize, Decimal)> {
        let slot = match &self.unit {
            Ok(slot) => *slot,
            Err(e) => return Err(e.clone()),
        };
        // The text of a decimal128 cell outside `exact_decimal`'s range.
        let mut text: Option<String> = None;
        let amount = match cell {
            Cell::Decimal(m, s) => match exact_decimal(m, s) {
                Some(d) => Some(d),
                None => {
                    let t = arrow_decimal_text(m, s, &self.field)?;
                    let d = parse_decimal(&self.field, &t).ok();
                    text = Some(t);
                    d
                }
            },
            Cell::Int(v) => Some(Decimal::from(v)),
            Cell::Text(t) => parse_decimal(&self.field, t).ok(),
            Cell::Null | Cell::Days(_) => None,
        };
        match amount {
            Some(a) if !a.is_sign_negative() || a.is_zero() => Ok((slot, a)),
            _ => {
                // A bad or negative amount (or an unusual decimal): the core's own verdict.
                let t = match &text {
                    Some(t) => t.as_str(),
                    None => cell_text(cell, buf).unwrap_or(""),
                };
                Quantities::new().set_parts(&self.key, t)?;
                Ok((slot, parse_decimal(&self.field, t)?))
            }
        }
    }
}

/// The country of every two-letter code that is one, indexed as
/// [`Fields::country`] reads it.
pub(super) fn country_table() -> Vec<Option<Country>> {
    (0..26 * 26)
        .map(|i| {
            let code = [b'A' + (i / 26) as u8, b'A' + (i % 26) as u8];
            std::str::from_utf8(&code)
                .ok()
                .and_then(|t| Country::parse_field("origin", t).ok())
        })
        .collect()
}

impl Fields {
    /// A country: two letters from the table, anything else (and every
    /// error) by the core's parser.
    #[inline]
    pub(super) fn country(&self, field: &str, t: &str) -> tariffs::Result<Country> {
        if let [a, b] = *t.as_bytes() {
            if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() {
                let i = usize::from(a.to_ascii_uppercase() - b'A') * 26
                    + usize::from(b.to_ascii_uppercase() - b'A');
                if let Some(c) = self.countries[i] {
                    return Ok(c);
                }
            }
        }
        Country::parse_field(field, t)
    }

    /// A date cell (not null); errors name `field`, as [`Date::parse_field`] of its text.
    #[inline]
    pub(super) fn date(
        &self,
        cell: Cell<'_>,
        field: &str,
        buf: &mut String,
    ) -> tariffs::Result<Date> {
        match cell {
            Cell::Text(t) => Date::parse_field(field, t),
            Cell::Days(d)
                if (Date::MIN.days_since_epoch()..=Date::MAX.days_since_epoch()).contains(&d) =>
            {
                Ok(self.epoch.add_days(d))
            }
            c => Date::parse_field(field, cell_text(c, buf).unwrap_or("")),
        }
    }
}
