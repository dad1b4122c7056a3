//! The entry columns of a record batch: each Arrow column by its type, read
//! cell by cell into the core's types without text where the type allows
//! (decimal128 and integer cells straight into [`Decimal`], date32 cells
//! into [`Date`]); a dictionary column's values are parsed once each.
//!
//! A cell that does not read is not an error here: the row is marked, and
//! [`Columns::entry_text`] gives its cells as text, for
//! [`crate::EntryText::parse`] to name the field exactly as it would.

use crate::code::HtsCode;
use crate::country::{Country, Currency};
use crate::date::Date;
use crate::entry::{self, parse_decimal, Mode};
use crate::error::{Error, Result};
use crate::limits::MAX_FIELD_CHARS;
use crate::rate::Unit;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrowPrimitiveType, Date32Array, Date64Array, Decimal128Array, GenericListArray,
    RecordBatch,
};
use arrow_buffer::NullBuffer;
use arrow_schema::DataType;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// Milliseconds of a day (date64 counts milliseconds since 1970-01-01).
const MS_PER_DAY: i64 = 86_400_000;

/// A text column (utf8, large utf8, utf8 view), or a dictionary of one.
pub(super) enum Text<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
    Dict {
        keys: Vec<usize>,
        nulls: Option<NullBuffer>,
        values: Box<Text<'a>>,
    },
    /// A column of Arrow type null: every cell null.
    Null(usize),
}

impl<'a> Text<'a> {
    /// The column as text, `None` when its type is not text.
    pub(super) fn new(a: &'a dyn Array) -> Option<Text<'a>> {
        Some(match a.data_type() {
            DataType::Utf8 => Text::Utf8(a.as_string::<i32>()),
            DataType::LargeUtf8 => Text::Large(a.as_string::<i64>()),
            DataType::Utf8View => Text::View(a.as_string_view()),
            DataType::Null => Text::Null(a.len()),
            DataType::Dictionary(_, v)
                if matches!(
                    **v,
                    DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                ) =>
            {
                let d = a.as_any_dictionary();
                if d.values().is_empty() {
                    // No values: every key is null (arrow's normalized_keys
                    // asserts on an empty dictionary).
                    return Some(Text::Null(a.len()));
                }
                Text::Dict {
                    keys: d.normalized_keys(),
                    nulls: a.logical_nulls(),
                    values: Box::new(Text::new(d.values().as_ref())?),
                }
            }
            _ => return None,
        })
    }

    /// Cell `i`, `None` when null.
    pub(super) fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Text::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Text::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Text::View(a) => a.is_valid(i).then(|| a.value(i)),
            Text::Dict {
                keys,
                nulls,
                values,
            } => {
                if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
                    return None;
                }
                values.get(keys[i])
            }
            Text::Null(_) => None,
        }
    }

    fn len(&self) -> usize {
        match self {
            Text::Utf8(a) => a.len(),
            Text::Large(a) => a.len(),
            Text::View(a) => a.len(),
            Text::Dict { keys, .. } => keys.len(),
            Text::Null(n) => *n,
        }
    }
}

/// A cell read into its type.
pub(super) enum Cell<T> {
    /// Null: not given.
    Null,
    /// Read.
    Ok(T),
    /// Does not read: the row goes to [`crate::EntryText::parse`].
    Bad,
}

impl<T> Cell<T> {
    /// Whether the cell is given (read or not).
    pub(super) fn is_given(&self) -> bool {
        !matches!(self, Cell::Null)
    }
}

/// A text column parsed into `T`, a dictionary's values once each.
pub(super) struct Parsed<'a, T> {
    text: Text<'a>,
    /// Per dictionary value: its parse, `None` when it does not parse.
    table: Option<Vec<Option<T>>>,
    parse: fn(&str) -> Option<T>,
}

impl<'a, T: Copy> Parsed<'a, T> {
    fn new(text: Text<'a>, parse: fn(&str) -> Option<T>) -> Parsed<'a, T> {
        let table = match &text {
            Text::Dict { values, .. } => Some(
                (0..values.len())
                    .map(|k| values.get(k).and_then(parse))
                    .collect(),
            ),
            _ => None,
        };
        Parsed { text, table, parse }
    }

    pub(super) fn get(&self, i: usize) -> Cell<T> {
        if let (Some(t), Text::Dict { keys, nulls, .. }) = (&self.table, &self.text) {
            if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
                return Cell::Null;
            }
            return t[keys[i]].map_or(Cell::Bad, Cell::Ok);
        }
        match self.text.get(i) {
            None => Cell::Null,
            Some(s) => (self.parse)(s).map_or(Cell::Bad, Cell::Ok),
        }
    }

    fn text(&self, i: usize) -> Option<Cow<'a, str>> {
        self.text.get(i).map(Cow::Borrowed)
    }
}

/// A text field short enough for [`crate::EntryText::parse`] (longer texts
/// are its `TooLarge` errors, which the text path gives).
fn short(s: &str) -> Option<&str> {
    (s.len() <= MAX_FIELD_CHARS).then_some(s)
}

fn code(s: &str) -> Option<HtsCode> {
    HtsCode::parse_field("hts", short(s)?).ok()
}
fn country(s: &str) -> Option<Country> {
    Country::parse_field("origin", short(s)?).ok()
}
fn currency(s: &str) -> Option<Currency> {
    Currency::parse_field("currency", short(s)?).ok()
}
fn mode(s: &str) -> Option<Mode> {
    Mode::parse_field("mode", short(s)?).ok()
}
fn date(s: &str) -> Option<Date> {
    Date::parse_field("date", short(s)?).ok()
}
fn decimal(s: &str) -> Option<Decimal> {
    parse_decimal("value", s).ok()
}

/// A number column: decimal128, an integer type, or text.
pub(super) enum Num<'a> {
    Decimal(&'a Decimal128Array, i8),
    Int(&'a dyn Array, fn(&dyn Array, usize) -> i128),
    Text(Parsed<'a, Decimal>),
}

fn int<T: ArrowPrimitiveType>(a: &dyn Array, i: usize) -> i128
where
    T::Native: Into<i128>,
{
    a.as_primitive::<T>().value(i).into()
}

impl<'a> Num<'a> {
    pub(super) fn new(a: &'a dyn Array, field: &str) -> Result<Num<'a>> {
        let getter: fn(&dyn Array, usize) -> i128 = match a.data_type() {
            DataType::Decimal128(_, s) => return Ok(Num::Decimal(a.as_primitive(), *s)),
            DataType::Int8 => int::<Int8Type>,
            DataType::Int16 => int::<Int16Type>,
            DataType::Int32 => int::<Int32Type>,
            DataType::Int64 => int::<Int64Type>,
            DataType::UInt8 => int::<UInt8Type>,
            DataType::UInt16 => int::<UInt16Type>,
            DataType::UInt32 => int::<UInt32Type>,
            DataType::UInt64 => int::<UInt64Type>,
            DataType::Float16 | DataType::Float32 | DataType::Float64 => {
                return Err(Error::invalid(
                    field,
                    a.data_type().to_string(),
                    "decimal128, integers or decimal strings: a float cannot hold money exactly, so float columns are refused",
                ))
            }
            t => {
                return match Text::new(a) {
                    Some(text) => Ok(Num::Text(Parsed::new(text, decimal))),
                    None => Err(type_error(field, t, "decimal128, integers or decimal strings")),
                }
            }
        };
        Ok(Num::Int(a, getter))
    }

    pub(super) fn get(&self, i: usize) -> Cell<Decimal> {
        match self {
            Num::Decimal(a, s) => {
                if a.is_null(i) {
                    return Cell::Null;
                }
                decimal128(a.value(i), *s).map_or(Cell::Bad, Cell::Ok)
            }
            Num::Int(a, get) => {
                if a.is_null(i) {
                    return Cell::Null;
                }
                match Decimal::try_from_i128_with_scale(get(*a, i), 0) {
                    Ok(d) => Cell::Ok(d),
                    Err(_) => Cell::Bad,
                }
            }
            Num::Text(p) => p.get(i),
        }
    }

    pub(super) fn text(&self, i: usize) -> Option<Cow<'a, str>> {
        match self {
            Num::Decimal(a, s) => a
                .is_valid(i)
                .then(|| Cow::Owned(scaled(a.value(i), i32::from(*s)))),
            Num::Int(a, get) => a.is_valid(i).then(|| Cow::Owned(get(*a, i).to_string())),
            Num::Text(p) => p.text(i),
        }
    }
}

/// The [`Decimal`] of a decimal128 cell, `None` past its range (the text
/// path then gives the error); a negative scale multiplies.
fn decimal128(mantissa: i128, scale: i8) -> Option<Decimal> {
    match u32::try_from(scale) {
        Ok(s) => Decimal::try_from_i128_with_scale(mantissa, s).ok(),
        Err(_) => {
            let m = mantissa.checked_mul(10i128.checked_pow(u32::from(scale.unsigned_abs()))?)?;
            Decimal::try_from_i128_with_scale(m, 0).ok()
        }
    }
}

/// The exact decimal text of `mantissa` × 10^-`scale`.
pub(super) fn scaled(mantissa: i128, scale: i32) -> String {
    let neg = mantissa < 0;
    let digits = mantissa.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 4);
    if neg {
        out.push('-');
    }
    if scale <= 0 {
        out.push_str(&digits);
        if mantissa != 0 {
            out.extend(std::iter::repeat('0').take(scale.unsigned_abs() as usize));
        }
        return out;
    }
    let scale = scale as usize;
    if digits.len() > scale {
        let (a, b) = digits.split_at(digits.len() - scale);
        out.push_str(a);
        out.push('.');
        out.push_str(b);
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat('0').take(scale - digits.len()));
        out.push_str(&digits);
    }
    out
}

/// A date column: date32, date64 or text.
pub(super) enum Day<'a> {
    D32(&'a Date32Array),
    D64(&'a Date64Array),
    Text(Parsed<'a, Date>),
}

impl<'a> Day<'a> {
    pub(super) fn new(a: &'a dyn Array, field: &str) -> Result<Day<'a>> {
        Ok(match a.data_type() {
            DataType::Date32 => Day::D32(a.as_primitive()),
            DataType::Date64 => Day::D64(a.as_primitive()),
            t => match Text::new(a) {
                Some(text) => Day::Text(Parsed::new(text, date)),
                None => {
                    return Err(type_error(
                        field,
                        t,
                        "date32, date64 or ISO date strings (YYYY-MM-DD)",
                    ))
                }
            },
        })
    }

    pub(super) fn get(&self, i: usize) -> Cell<Date> {
        let from_days = |d: i64| match i32::try_from(d) {
            Ok(d) => day(d).map_or(Cell::Bad, Cell::Ok),
            Err(_) => Cell::Bad,
        };
        match self {
            Day::D32(a) => {
                if a.is_null(i) {
                    Cell::Null
                } else {
                    from_days(i64::from(a.value(i)))
                }
            }
            Day::D64(a) => {
                if a.is_null(i) {
                    return Cell::Null;
                }
                let ms = a.value(i);
                if ms % MS_PER_DAY != 0 {
                    return Cell::Bad;
                }
                from_days(ms / MS_PER_DAY)
            }
            Day::Text(p) => p.get(i),
        }
    }

    pub(super) fn text(&self, i: usize) -> Option<Cow<'a, str>> {
        match self {
            Day::D32(a) => a
                .is_valid(i)
                .then(|| Cow::Owned(days_text(i64::from(a.value(i)) * MS_PER_DAY))),
            Day::D64(a) => a.is_valid(i).then(|| Cow::Owned(days_text(a.value(i)))),
            Day::Text(p) => p.text(i),
        }
    }
}

/// The date of day `d` of date32 (days since 1970-01-01), `None` outside
/// the dates [`Date`] holds.
fn day(d: i32) -> Option<Date> {
    (Date::MIN.days_since_epoch()..=Date::MAX.days_since_epoch())
        .contains(&d)
        .then(|| Date::MIN.add_days(d - Date::MIN.days_since_epoch()))
}

/// A date64 (milliseconds since 1970-01-01) as the text a user would read:
/// the day, with the time of day when it is not midnight (which then fails
/// to parse as a date, naming the field and this text).
fn days_text(ms: i64) -> String {
    let d = ms.div_euclid(MS_PER_DAY);
    let rest = ms.rem_euclid(MS_PER_DAY);
    let day = i32::try_from(d).ok().and_then(day);
    let Some(day) = day else {
        return format!("{ms} ms since 1970-01-01");
    };
    if rest == 0 {
        return day.to_string();
    }
    let s = rest / 1000;
    format!(
        "{day}T{:02}:{:02}:{:02}.{:03}",
        s / 3600,
        s / 60 % 60,
        s % 60,
        rest % 1000
    )
}

/// The claims column: text (`"USMCA,KORUS"`) or a list of text.
pub(super) enum Claims<'a> {
    Text(Text<'a>),
    List {
        offsets: Vec<(usize, usize)>,
        nulls: Option<NullBuffer>,
        items: Text<'a>,
    },
}

impl<'a> Claims<'a> {
    fn new(a: &'a dyn Array) -> Result<Claims<'a>> {
        fn list<O: arrow_array::OffsetSizeTrait>(l: &GenericListArray<O>) -> Option<Claims<'_>> {
            let offsets = l
                .offsets()
                .windows(2)
                .map(|w| (w[0].as_usize(), w[1].as_usize()))
                .collect();
            Some(Claims::List {
                offsets,
                nulls: l.logical_nulls(),
                items: Text::new(l.values().as_ref())?,
            })
        }
        let expected = "strings (\"USMCA,KORUS\") or lists of strings";
        let got = match a.data_type() {
            DataType::List(_) => list(a.as_list::<i32>()),
            DataType::LargeList(_) => list(a.as_list::<i64>()),
            _ => Text::new(a).map(Claims::Text),
        };
        got.ok_or_else(|| type_error("claims", a.data_type(), expected))
    }

    /// The claims of row `i` into `out` (cleared first); `Err` with the
    /// row's error when a list holds a null.
    pub(super) fn get(&self, i: usize, out: &mut Vec<&'a str>) -> Result<()> {
        out.clear();
        match self {
            Claims::Text(t) => {
                if let Some(s) = t.get(i) {
                    out.extend(s.split(',').map(str::trim).filter(|c| !c.is_empty()));
                }
            }
            Claims::List {
                offsets,
                nulls,
                items,
            } => {
                if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
                    return Ok(());
                }
                let (a, b) = offsets[i];
                for k in a..b {
                    match items.get(k) {
                        Some(c) => out.push(c),
                        None => {
                            let shown: Vec<String> = (a..b)
                                .map(|k| items.get(k).map_or("null".into(), |c| format!("{c:?}")))
                                .collect();
                            return Err(Error::invalid(
                                "claims",
                                format!("[{}]", shown.join(", ")),
                                "claim names only (e.g. [\"USMCA\"]): the list holds a null; an empty list or null for none",
                            ));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// One `qty_<unit>` column.
pub(super) struct Qty<'a> {
    /// The name after `qty_`, as given.
    pub(super) key: String,
    /// Its unit and basis, or the error of a name that is no quantity
    /// (every row with an amount in the column gets it).
    pub(super) unit: std::result::Result<(Unit, Option<String>), Error>,
    pub(super) amounts: Num<'a>,
}

/// The entry columns of one batch.
pub(super) struct Columns<'a> {
    pub(super) rows: usize,
    pub(super) hts: Parsed<'a, HtsCode>,
    pub(super) origin: Parsed<'a, Country>,
    pub(super) value: Num<'a>,
    pub(super) date: Day<'a>,
    pub(super) importer: Option<Parsed<'a, Country>>,
    /// The importer of rows without one.
    pub(super) default_importer: Country,
    pub(super) mode: Option<Parsed<'a, Mode>>,
    pub(super) currency: Option<Parsed<'a, Currency>>,
    pub(super) exchange_rate: Option<Num<'a>>,
    pub(super) claims: Option<Claims<'a>>,
    pub(super) loaded_on: Option<Day<'a>>,
    pub(super) quantities: Vec<Qty<'a>>,
}

fn type_error(field: &str, t: &DataType, expected: &str) -> Error {
    Error::invalid(field, t.to_string(), expected)
}

fn text_column<'a, T: Copy>(
    a: &'a dyn Array,
    field: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Parsed<'a, T>> {
    match Text::new(a) {
        Some(t) => Ok(Parsed::new(t, parse)),
        None => Err(type_error(
            field,
            a.data_type(),
            "strings (utf8, large utf8, utf8 view, or a dictionary of them)",
        )),
    }
}

impl<'a> Columns<'a> {
    /// The entry columns of `batch`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the column: a required column missing,
    /// a column named twice, a column of a type the module docs do not
    /// list, two `qty_` columns of one quantity.
    pub(super) fn new(batch: &'a RecordBatch, importer: Option<Country>) -> Result<Columns<'a>> {
        let schema = batch.schema_ref();
        let find = |name: &str| find_column(batch, name);
        let required = |name: &str| -> Result<&'a dyn Array> {
            find(name)?.ok_or_else(|| {
                Error::invalid(
                    name,
                    "(missing)",
                    "a column of this name: the entry columns are hts, origin, value and date (required), importer, mode, currency, exchange_rate, claims, loaded_on and qty_<unit> (optional)",
                )
            })
        };
        let hts = text_column(required("hts")?, "hts", code)?;
        let origin = text_column(required("origin")?, "origin", country)?;
        let value = Num::new(required("value")?, "value")?;
        let date = Day::new(required("date")?, "date")?;
        let nullable = |a: &'a dyn Array| (a.data_type() != &DataType::Null).then_some(a);
        let importer_col = find("importer")?
            .and_then(nullable)
            .map(|a| text_column(a, "importer", country))
            .transpose()?;
        let mode_col = find("mode")?
            .and_then(nullable)
            .map(|a| text_column(a, "mode", mode))
            .transpose()?;
        let currency_col = find("currency")?
            .and_then(nullable)
            .map(|a| text_column(a, "currency", currency))
            .transpose()?;
        let exchange_rate = find("exchange_rate")?
            .and_then(nullable)
            .map(|a| Num::new(a, "exchange_rate"))
            .transpose()?;
        let claims = find("claims")?
            .and_then(nullable)
            .map(Claims::new)
            .transpose()?;
        let loaded_on = find("loaded_on")?
            .and_then(nullable)
            .map(|a| Day::new(a, "loaded_on"))
            .transpose()?;
        let mut quantities: Vec<Qty<'a>> = Vec::new();
        for (i, f) in schema.fields().iter().enumerate() {
            let Some(key) = super::quantity_key(f.name()) else {
                continue;
            };
            let a = batch.column(i).as_ref();
            if a.data_type() == &DataType::Null {
                continue;
            }
            let unit = entry::parse_quantity_key(key);
            if let Ok(u) = &unit {
                if let Some(first) = quantities
                    .iter()
                    .find(|q| q.unit.as_ref().is_ok_and(|p| p == u))
                {
                    return Err(Error::invalid(
                        f.name(),
                        f.name().as_str(),
                        format!(
                            "one column per quantity: qty_{} and {} name the same one",
                            first.key,
                            f.name()
                        ),
                    ));
                }
            }
            quantities.push(Qty {
                key: key.to_string(),
                unit,
                amounts: Num::new(a, f.name())?,
            });
        }
        Ok(Columns {
            rows: batch.num_rows(),
            hts,
            origin,
            value,
            date,
            importer: importer_col,
            default_importer: importer.unwrap_or(Country::US),
            mode: mode_col,
            currency: currency_col,
            exchange_rate,
            claims,
            loaded_on,
            quantities,
        })
    }

    /// Row `i` as the text of its cells, for [`crate::EntryText::parse`]
    /// (a null required cell is empty text, which fails naming its field).
    pub(super) fn entry_text(&self, i: usize) -> RowText<'_> {
        let mut claims = Vec::new();
        let claims_error = self
            .claims
            .as_ref()
            .and_then(|c| c.get(i, &mut claims).err());
        RowText {
            importer: Some(
                self.importer
                    .as_ref()
                    .and_then(|c| c.text(i))
                    .unwrap_or_else(|| Cow::Owned(self.default_importer.to_string())),
            ),
            origin: self.origin.text(i),
            hts: self.hts.text(i),
            value: self.value.text(i),
            date: self.date.text(i),
            currency: self.currency.as_ref().and_then(|c| c.text(i)),
            exchange_rate: self.exchange_rate.as_ref().and_then(|c| c.text(i)),
            loaded_on: self.loaded_on.as_ref().and_then(|c| c.text(i)),
            mode: self.mode.as_ref().and_then(|c| c.text(i)),
            claims,
            claims_error,
            quantities: self
                .quantities
                .iter()
                .filter_map(|q| Some((q.key.as_str(), q.amounts.text(i)?)))
                .collect(),
        }
    }
}

/// The column `name` of `batch`, `None` when it has none.
///
/// # Errors
///
/// [`Error::InvalidInput`] naming the column when two columns have its name.
pub(super) fn find_column<'a>(batch: &'a RecordBatch, name: &str) -> Result<Option<&'a dyn Array>> {
    let mut at = batch
        .schema_ref()
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| f.name() == name);
    match (at.next(), at.next()) {
        (None, _) => Ok(None),
        (Some((i, _)), None) => Ok(Some(batch.column(i).as_ref())),
        (Some(_), Some(_)) => Err(Error::invalid(
            name,
            name,
            "each column once: the batch has two columns of this name",
        )),
    }
}

/// The cells of one row as text.
pub(super) struct RowText<'a> {
    importer: Option<Cow<'a, str>>,
    origin: Option<Cow<'a, str>>,
    hts: Option<Cow<'a, str>>,
    value: Option<Cow<'a, str>>,
    date: Option<Cow<'a, str>>,
    currency: Option<Cow<'a, str>>,
    exchange_rate: Option<Cow<'a, str>>,
    loaded_on: Option<Cow<'a, str>>,
    mode: Option<Cow<'a, str>>,
    claims: Vec<&'a str>,
    claims_error: Option<Error>,
    quantities: Vec<(&'a str, Cow<'a, str>)>,
}

impl RowText<'_> {
    /// The row parsed as [`crate::EntryText::parse`] parses it.
    pub(super) fn parse(&self) -> Result<crate::entry::Entry> {
        let t = crate::entry::EntryText {
            importer: self.importer.as_deref(),
            origin: self.origin.as_deref().unwrap_or(""),
            hts: self.hts.as_deref().unwrap_or(""),
            value: self.value.as_deref().unwrap_or(""),
            currency: self.currency.as_deref(),
            exchange_rate: self.exchange_rate.as_deref(),
            date: self.date.as_deref().unwrap_or(""),
            loaded_on: self.loaded_on.as_deref(),
            mode: self.mode.as_deref(),
            claims: self.claims.clone(),
            quantities: self
                .quantities
                .iter()
                .map(|(k, v)| (*k, v.as_ref()))
                .collect(),
        };
        let e = t.parse()?;
        match &self.claims_error {
            Some(err) => Err(err.clone()),
            None => Ok(e),
        }
    }
}
