//! The import entry a quote is computed for.

use crate::code::HtsCode;
use crate::country::{Country, Currency};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::limits::{self, MAX_BASIS_CHARS, MAX_FIELD_CHARS};
use crate::rate::{QuantitySource, Unit};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Mode of transport (and of entry) of a shipment.
///
/// ```
/// use tariffs::Mode;
/// assert_eq!("Postal".parse::<Mode>().unwrap(), Mode::Postal);
/// assert!("ship".parse::<Mode>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Vessel.
    Ocean,
    /// Air cargo.
    Air,
    /// Truck.
    Truck,
    /// Rail.
    Rail,
    /// International postal network (e.g. USPS inbound mail).
    Postal,
    /// Express consignment carrier (e.g. courier).
    Express,
}

impl Mode {
    /// Every mode, in declaration order.
    pub const ALL: [Mode; 6] = [
        Mode::Ocean,
        Mode::Air,
        Mode::Truck,
        Mode::Rail,
        Mode::Postal,
        Mode::Express,
    ];

    /// The lowercase name (`ocean`, `postal`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Ocean => "ocean",
            Mode::Air => "air",
            Mode::Truck => "truck",
            Mode::Rail => "rail",
            Mode::Postal => "postal",
            Mode::Express => "express",
        }
    }

    /// Parses a mode, naming `field` in the error.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] (field `field`) when the text names no mode.
    pub fn parse_field(field: &str, s: &str) -> Result<Mode> {
        // Any ASCII case, whitespace around ignored; no allocation but the error's.
        let t = s.trim();
        Mode::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                Error::invalid(field, s, "one of ocean, air, truck, rail, postal, express")
            })
    }
}

impl FromStr for Mode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Mode> {
        Mode::parse_field("mode", s)
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One quantity of an entry: an amount in a unit, optionally of a basis
/// (`kg[copper content]`, `value[case]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The unit.
    pub unit: Unit,
    /// The part or content measured, `None` for the whole article.
    pub basis: Option<String>,
    /// The amount, never negative.
    pub amount: Decimal,
}

/// The quantities of an entry.
///
/// Exact conversions are applied when a rate asks for a unit that was not
/// given: `g` and `t` from `kg` (x 1000, ÷ 1000); `doz` and `gross` from `no`
/// (÷ 12, ÷ 144); `no` from `doz` (x 12). Nothing else is converted, and a
/// missing quantity is an error naming the unit, never a silent zero.
///
/// ```
/// use tariffs::{Quantities, Unit};
/// use tariffs::rate::QuantitySource;
/// use rust_decimal::Decimal;
/// let q = Quantities::new().with(Unit::Number, Decimal::from(24));
/// assert_eq!(q.quantity(Unit::Dozen, None), Some(Decimal::from(2)));
/// assert_eq!(q.quantity(Unit::Kg, None), None);
/// let q = Quantities::new().with_basis(Unit::Value, "Non-U.S. content", Decimal::from(7));
/// assert_eq!(q.quantity(Unit::Value, Some("non-U.S. content")), Some(Decimal::from(7)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Quantities(Vec<Quantity>);

impl Quantities {
    /// No quantities.
    pub fn new() -> Quantities {
        Quantities(Vec::new())
    }

    /// Adds (or replaces) a plain quantity.
    pub fn with(mut self, unit: Unit, amount: Decimal) -> Quantities {
        self.set(unit, None, amount);
        self
    }

    /// Adds (or replaces) a quantity of a basis, e.g. `kg` of `copper content`.
    pub fn with_basis(mut self, unit: Unit, basis: &str, amount: Decimal) -> Quantities {
        self.set(unit, Some(basis), amount);
        self
    }

    /// Sets a quantity, replacing the one of the same unit and basis.
    pub fn set(&mut self, unit: Unit, basis: Option<&str>, amount: Decimal) {
        let basis = basis.map(|b| b.trim().to_ascii_lowercase());
        if let Some(q) = self
            .0
            .iter_mut()
            .find(|q| q.unit == unit && q.basis == basis)
        {
            q.amount = amount;
        } else {
            self.0.push(Quantity {
                unit,
                basis,
                amount,
            });
        }
    }

    /// Parses `UNIT=AMOUNT` or `UNIT[BASIS]=AMOUNT` (e.g. `kg=12.5`,
    /// `kg[copper content]=3`) and adds it. The amount must not be negative,
    /// and the quantity must not be given already (see
    /// [`Quantities::set_parts`]).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] (field `quantities`) when there is no `=`;
    /// otherwise the errors of [`Quantities::set_parts`].
    pub fn set_str(&mut self, spec: &str) -> Result<()> {
        let (k, v) = spec.split_once('=').ok_or_else(|| {
            Error::invalid(
                "quantities",
                spec,
                "UNIT=AMOUNT, e.g. kg=12.5 or kg[copper content]=3",
            )
        })?;
        self.set_parts(k, v)
    }

    /// Adds the quantity named `key` (`kg`, `kg[copper content]`) with the
    /// decimal text `amount`.
    ///
    /// Keys are read as [`parse_quantity_key`] reads them: `kg`, `KG` and
    /// `kgs` name one unit. A key naming a quantity given already is an
    /// error (field `quantities`) naming the key and the quantity, never one
    /// amount silently replacing the other ([`Quantities::set`] replaces on
    /// purpose).
    ///
    /// ```
    /// let mut q = tariffs::Quantities::new();
    /// q.set_parts("kg", "1").unwrap();
    /// let e = q.set_parts("KG", "2").unwrap_err();
    /// assert_eq!(e.field(), Some("quantities"));
    /// assert!(e.to_string().contains("\"KG\"") && e.to_string().contains("kg is given already"));
    /// q.set_parts("kg[copper content]", "3").unwrap();
    /// ```
    ///
    /// # Errors
    ///
    /// - [`Error::TooLarge`] (field `quantities`) when the key is longer than
    ///   [`MAX_FIELD_CHARS`] + [`MAX_BASIS_CHARS`] characters, or its basis
    ///   longer than [`MAX_BASIS_CHARS`].
    /// - The errors of [`parse_quantity_key`] for a key naming no unit.
    /// - [`Error::InvalidInput`] (field `quantities`) when the quantity is
    ///   given already.
    /// - The errors of [`parse_decimal`] (field `quantities.KEY`) when the
    ///   amount is not a decimal.
    /// - [`Error::InvalidInput`] when the amount is negative, and
    ///   [`Error::TooLarge`] when it is past [`limits::MAX_QUANTITY`] (a
    ///   part's value, `value[...]`, past [`limits::MAX_VALUE`]) or has more
    ///   than [`limits::MAX_DECIMALS`] decimals (field `quantities.NAME`,
    ///   e.g. `quantities.kg`).
    pub fn set_parts(&mut self, key: &str, amount: &str) -> Result<()> {
        if !limits::fits_chars(key, MAX_FIELD_CHARS + MAX_BASIS_CHARS) {
            return Err(limits::text_too_long(
                "quantities",
                key,
                MAX_FIELD_CHARS + MAX_BASIS_CHARS,
            ));
        }
        let (unit, basis) = parse_quantity_key(key)?;
        let key = key.trim();
        let basis = basis.as_deref();
        if self
            .0
            .iter()
            .any(|q| q.unit == unit && q.basis.as_deref() == basis)
        {
            return Err(Error::invalid(
                "quantities",
                key,
                format!(
                    "each quantity once: {} is given already (a unit's spellings, in any case, name one unit)",
                    crate::rate::quantity_name(unit, basis)
                ),
            ));
        }
        let amount = parse_decimal(&format!("quantities.{key}"), amount)?;
        check_quantity(unit, basis, amount)?;
        self.set(unit, basis, amount);
        Ok(())
    }

    /// The quantities as given.
    pub fn iter(&self) -> impl Iterator<Item = &Quantity> {
        self.0.iter()
    }

    fn get(&self, unit: Unit, basis: Option<&str>) -> Option<Decimal> {
        self.0
            .iter()
            .find(|q| q.unit == unit && same_basis(q.basis.as_deref(), basis))
            .map(|q| q.amount)
    }
}

impl QuantitySource for Quantities {
    fn quantity(&self, unit: Unit, basis: Option<&str>) -> Option<Decimal> {
        derive_quantity(|u, b| self.get(u, b), unit, basis)
    }

    fn overflowed(&self, unit: Unit, basis: Option<&str>) -> Option<(String, Decimal)> {
        derive_overflow(|u, b| self.get(u, b), unit, basis)
    }
}

/// The given quantity whose conversion to `unit` overflows in
/// [`derive_quantity`], with its field: `None` when `unit` is given or its
/// conversion fits.
pub(crate) fn derive_overflow(
    get: impl Fn(Unit, Option<&str>) -> Option<Decimal>,
    unit: Unit,
    basis: Option<&str>,
) -> Option<(String, Decimal)> {
    if get(unit, basis).is_some() {
        return None;
    }
    let (from, factor) = match unit {
        Unit::G => (Unit::Kg, Decimal::ONE_THOUSAND),
        Unit::Number => (Unit::Dozen, Decimal::from(12)),
        _ => return None,
    };
    let given = get(from, basis)?;
    given
        .checked_mul(factor)
        .is_none()
        .then(|| (crate::rate::quantity_field(from, basis), given))
}

/// The unit and basis a quantity key names: `kg` is (kg, none),
/// `KG[Copper content]` is (kg, `copper content`). Units and bases are read
/// without regard to case or surrounding spaces, and a unit's spellings
/// (`kg`, `kgs`, `kilograms`) are one unit, so two keys name the same
/// quantity exactly when their results are equal.
///
/// ```
/// use tariffs::{entry::parse_quantity_key, Unit};
/// assert_eq!(parse_quantity_key("KG").unwrap(), (Unit::Kg, None));
/// assert_eq!(parse_quantity_key(" kgs [Copper content]").unwrap(),
///            (Unit::Kg, Some("copper content".to_string())));
/// assert!(parse_quantity_key("furlongs").is_err());
/// ```
///
/// # Errors
///
/// [`Error::InvalidInput`] (field `quantities`) when a `[` has no closing
/// `]` at the end of the key, or the unit is none of [`Unit`]'s spellings.
pub fn parse_quantity_key(key: &str) -> Result<(Unit, Option<String>)> {
    let key = key.trim();
    let (u, basis) = match key.split_once('[') {
        Some((u, rest)) => {
            let b = rest.strip_suffix(']').ok_or_else(|| {
                Error::invalid(
                    "quantities",
                    key,
                    "UNIT or UNIT[BASIS], e.g. kg[copper content]",
                )
            })?;
            (u, Some(b.trim().to_ascii_lowercase()))
        }
        None => (key, None),
    };
    let unit = u
        .parse::<Unit>()
        .map_err(|_| Error::invalid("quantities", key, "a unit such as kg, no, doz, liter, m2"))?;
    Ok((unit, basis))
}

/// The quantity of `unit` from what `get` holds, with the exact conversions
/// of [`Quantities`] when the unit itself is not given.
pub(crate) fn derive_quantity(
    get: impl Fn(Unit, Option<&str>) -> Option<Decimal>,
    unit: Unit,
    basis: Option<&str>,
) -> Option<Decimal> {
    if let Some(q) = get(unit, basis) {
        return Some(q);
    }
    let thousand = Decimal::ONE_THOUSAND;
    match unit {
        Unit::G => get(Unit::Kg, basis).and_then(|kg| kg.checked_mul(thousand)),
        Unit::T => get(Unit::Kg, basis).and_then(|kg| kg.checked_div(thousand)),
        Unit::Dozen => get(Unit::Number, basis).and_then(|n| n.checked_div(Decimal::from(12))),
        Unit::Gross => get(Unit::Number, basis).and_then(|n| n.checked_div(Decimal::from(144))),
        Unit::Number => get(Unit::Dozen, basis).and_then(|d| d.checked_mul(Decimal::from(12))),
        _ => None,
    }
}

/// Whether a quantity's basis matches the basis a rate asks for: ignoring
/// case and surrounding space (a rate's "non-U.S. content" is the entry's
/// "non-u.s. content").
pub(crate) fn same_basis(given: Option<&str>, asked: Option<&str>) -> bool {
    match (given, asked) {
        (None, None) => true,
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b.trim()),
        _ => false,
    }
}

/// A customs value must not be negative, nor past [`limits::MAX_VALUE`] and
/// [`limits::MAX_DECIMALS`].
pub(crate) fn check_value(v: Decimal) -> Result<()> {
    if v.is_sign_negative() && !v.is_zero() {
        return Err(Error::invalid(
            "value",
            v.to_string(),
            "a customs value of zero or more",
        ));
    }
    limits::check_number("value", v, limits::MAX_VALUE, "a customs value")
}

/// An exchange rate must be above zero, and within [`limits::MAX_EXCHANGE_RATE`]
/// and [`limits::MAX_DECIMALS`].
pub(crate) fn check_exchange_rate(r: Decimal) -> Result<()> {
    if r <= Decimal::ZERO {
        return Err(Error::invalid(
            "exchange_rate",
            r.to_string(),
            "a rate above zero",
        ));
    }
    limits::check_number(
        "exchange_rate",
        r,
        limits::MAX_EXCHANGE_RATE,
        "an exchange rate",
    )
}

/// A quantity must not be negative, nor past [`limits::MAX_QUANTITY`] (a
/// part's value, `value[...]`, past [`limits::MAX_VALUE`]) and
/// [`limits::MAX_DECIMALS`]; its basis is at most [`limits::MAX_BASIS_CHARS`]
/// characters.
pub(crate) fn check_quantity(unit: Unit, basis: Option<&str>, amount: Decimal) -> Result<()> {
    let field = || format!("quantities.{}", crate::rate::quantity_name(unit, basis));
    if let Some(b) = basis {
        if !limits::fits_chars(b, MAX_BASIS_CHARS) {
            return Err(limits::text_too_long("quantities", b, MAX_BASIS_CHARS));
        }
    }
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(Error::invalid(
            &field(),
            amount.to_string(),
            "a quantity of zero or more",
        ));
    }
    if unit == Unit::Value {
        limits::check_number(&field(), amount, limits::MAX_VALUE, "a value")
    } else {
        limits::check_number(&field(), amount, limits::MAX_QUANTITY, "a quantity")
    }
}

/// At most [`limits::MAX_QUANTITIES`] quantities.
pub(crate) fn check_quantity_count(n: usize) -> Result<()> {
    if n > limits::MAX_QUANTITIES {
        return Err(Error::TooLarge {
            field: "quantities".into(),
            value: format!("{n} quantities"),
            limit: format!("at most {} quantities per entry", limits::MAX_QUANTITIES),
        });
    }
    Ok(())
}

/// At most [`limits::MAX_CLAIMS`] claims.
pub(crate) fn check_claim_count(n: usize) -> Result<()> {
    if n > limits::MAX_CLAIMS {
        return Err(Error::TooLarge {
            field: "claims".into(),
            value: format!("{n} claims"),
            limit: format!("at most {} claims per entry", limits::MAX_CLAIMS),
        });
    }
    Ok(())
}

/// A loading date cannot be after the entry date: goods are loaded, then
/// entered.
pub(crate) fn check_loaded_on(loaded_on: Option<Date>, entry_date: Date) -> Result<()> {
    match loaded_on {
        Some(l) if l > entry_date => Err(Error::invalid(
            "loaded_on",
            l.to_string(),
            format!("a loading date on or before the entry date {entry_date}"),
        )),
        _ => Ok(()),
    }
}

/// Checks a claim name (letters, digits, `_` and `-`, e.g. `USMCA`) and
/// returns it upper-cased, naming `field` in the error.
///
/// ```
/// assert_eq!(tariffs::entry::parse_claim("claims", " usmca ").unwrap(), "USMCA");
/// assert!(tariffs::entry::parse_claim("claims", "US MCA").is_err());
/// ```
///
/// # Errors
///
/// [`Error::TooLarge`] (field `field`) when the text is longer than
/// [`limits::MAX_CLAIM_CHARS`] characters; [`Error::InvalidInput`] (field
/// `field`) when, trimmed, it is empty or holds another character.
pub fn parse_claim(field: &str, s: &str) -> Result<String> {
    check_claim(field, s)?;
    Ok(s.trim().to_ascii_uppercase())
}

/// What [`parse_claim`] checks, without making the upper-cased name.
fn check_claim(field: &str, s: &str) -> Result<()> {
    if !limits::fits_chars(s, limits::MAX_CLAIM_CHARS) {
        return Err(limits::text_too_long(field, s, limits::MAX_CLAIM_CHARS));
    }
    let c = s.trim();
    if c.is_empty()
        || !c
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(Error::invalid(field, s, "a claim name such as USMCA"));
    }
    Ok(())
}

/// Parses a decimal text exactly (no float on the way), naming `field` in the error.
///
/// Accepts plain decimal notation with an optional sign and surrounding
/// whitespace; rejects exponents, thousands separators, NaN and infinities,
/// and texts longer than [`limits::MAX_NUMBER_CHARS`]
/// ([`Error::TooLarge`]). The size of the number is checked where it is
/// used (a value, a quantity, an exchange rate: see [`crate::limits`]).
///
/// # Errors
///
/// All name `field`:
/// - [`Error::TooLarge`] when the text is longer than
///   [`limits::MAX_NUMBER_CHARS`] characters, or the number is past
///   [`DECIMAL_MAX_MAGNITUDE`] or has more than 28 decimal places (trailing
///   zeros dropped);
/// - [`Error::InvalidInput`] when it is not plain decimal notation, or has
///   more significant digits than a `Decimal` holds.
pub fn parse_decimal(field: &str, s: &str) -> Result<Decimal> {
    if !limits::fits_chars(s, limits::MAX_NUMBER_CHARS) {
        return Err(limits::text_too_long(field, s, limits::MAX_NUMBER_CHARS));
    }
    let t = s.trim();
    let ok = !t.is_empty()
        && t.bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && (b == b'-' || b == b'+')))
        && t.bytes().filter(|b| *b == b'.').count() <= 1
        && t.bytes().any(|b| b.is_ascii_digit());
    if !ok {
        return Err(Error::invalid(
            field,
            s,
            "a decimal number such as 54 or 1234.56",
        ));
    }
    let t = t.trim_start_matches('+');
    Decimal::from_str_exact(t)
        .or_else(|e| match t.contains('.') {
            // Zeros at the end of the places carry nothing: `1.000…0` with
            // 36 places is 1 (as the bindings read such a decimal).
            true => Decimal::from_str_exact(t.trim_end_matches('0').trim_end_matches('.')),
            false => Err(e),
        })
        .map_err(|_| out_of_range(field, s, t))
}

/// The largest magnitude a `Decimal` holds: 2^96 - 1, 29 digits.
pub const DECIMAL_MAX_MAGNITUDE: &str = "79228162514264337593543950335";
/// The limit of a number past [`DECIMAL_MAX_MAGNITUDE`], in words (the
/// bindings say the same of a decimal object or an Arrow decimal).
pub const DECIMAL_MAGNITUDE_LIMIT: &str =
    "at most 79228162514264337593543950335 in magnitude (the range of the engine's 96-bit decimals)";
/// The limit of a number with more than 28 places (trailing zeros
/// dropped), in words.
pub const DECIMAL_SCALE_LIMIT: &str =
    "at most 28 digits after the decimal point (the scale of the engine's 96-bit decimals)";

/// The error of a well-formed number no `Decimal` holds: past the 96-bit
/// magnitude or the 28-digit scale it is too large, else it has more
/// significant digits than the 96 bits hold.
fn out_of_range(field: &str, s: &str, t: &str) -> Error {
    let unsigned = t.trim_start_matches(['+', '-']);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let too_large = |limit: &str| Error::TooLarge {
        field: field.to_string(),
        value: limits::echo(s),
        limit: limit.to_string(),
    };
    if frac.len() > 28 {
        too_large(DECIMAL_SCALE_LIMIT)
    } else if int.len() > DECIMAL_MAX_MAGNITUDE.len()
        || (int.len() == DECIMAL_MAX_MAGNITUDE.len() && int > DECIMAL_MAX_MAGNITUDE)
    {
        too_large(DECIMAL_MAGNITUDE_LIMIT)
    } else {
        Error::invalid(field, s, "a decimal number within 28 significant digits")
    }
}

/// An import entry: what is imported, from where, for how much, when and how.
///
/// ```
/// use tariffs::{Entry, Mode};
/// use rust_decimal::Decimal;
/// let e = Entry::new(
///     "US".parse().unwrap(),
///     "CN".parse().unwrap(),
///     "6109.10.00.12".parse().unwrap(),
///     Decimal::from(54),
///     "2025-05-02".parse().unwrap(),
/// )
/// .with_mode(Mode::Express);
/// assert_eq!(e.mode, Mode::Express);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The importing country (whose schedule applies).
    pub importer: Country,
    /// The country of origin of the goods.
    pub origin: Country,
    /// The tariff code (8 or 10 digits for a quote).
    pub code: HtsCode,
    /// The customs value, in `currency`. Never negative.
    pub value: Decimal,
    /// The currency of `value`; `None` means the importer's currency.
    pub currency: Option<Currency>,
    /// Units of the importer's currency per 1 unit of `currency`; required when they differ.
    pub exchange_rate: Option<Decimal>,
    /// Quantities the rates may need (kg, number, liters...).
    pub quantities: Quantities,
    /// The date of entry (the date whose rates apply).
    pub entry_date: Date,
    /// The date the goods were loaded on the final mode of transport, for in-transit rules.
    pub loaded_on: Option<Date>,
    /// The mode of transport.
    pub mode: Mode,
    /// Claims made on entry (`USMCA`, ...), upper-cased.
    pub claims: Vec<String>,
}

impl Entry {
    /// An entry by ocean, in the importer's currency, without quantities or claims.
    pub fn new(
        importer: Country,
        origin: Country,
        code: HtsCode,
        value: Decimal,
        entry_date: Date,
    ) -> Entry {
        Entry {
            importer,
            origin,
            code,
            value,
            currency: None,
            exchange_rate: None,
            quantities: Quantities::new(),
            entry_date,
            loaded_on: None,
            mode: Mode::Ocean,
            claims: Vec::new(),
        }
    }

    /// Sets the mode of transport.
    pub fn with_mode(mut self, mode: Mode) -> Entry {
        self.mode = mode;
        self
    }

    /// Sets the currency of the value and its exchange rate to the importer's currency.
    pub fn with_currency(mut self, currency: Currency, exchange_rate: Option<Decimal>) -> Entry {
        self.currency = Some(currency);
        self.exchange_rate = exchange_rate;
        self
    }

    /// Adds a quantity.
    pub fn with_quantity(mut self, unit: Unit, amount: Decimal) -> Entry {
        self.quantities.set(unit, None, amount);
        self
    }

    /// Adds a claim (e.g. `USMCA`).
    pub fn with_claim(mut self, claim: &str) -> Entry {
        self.claims.push(claim.trim().to_ascii_uppercase());
        self
    }

    /// Sets the loading date.
    pub fn with_loaded_on(mut self, date: Date) -> Entry {
        self.loaded_on = Some(date);
        self
    }

    /// Whether the entry makes `claim` (case-insensitive).
    pub fn has_claim(&self, claim: &str) -> bool {
        self.claims.iter().any(|c| c.eq_ignore_ascii_case(claim))
    }

    /// Checks what the types cannot enforce, in this order: the value, the
    /// exchange rate, the quantities (each not negative and within
    /// [`crate::limits`]), the claims (at most [`crate::limits::MAX_CLAIMS`],
    /// each a claim name as [`parse_claim`] reads it), and that the loading
    /// date is not after the entry date. Every quote and batch row runs it.
    ///
    /// ```
    /// use tariffs::{Entry, Decimal};
    /// let e = Entry::new("US".parse().unwrap(), "CN".parse().unwrap(), "6109.10.00".parse().unwrap(),
    ///                    Decimal::from(54), "2025-05-02".parse().unwrap())
    ///     .with_loaded_on("2025-05-03".parse().unwrap());
    /// assert_eq!(e.validate().unwrap_err().field(), Some("loaded_on"));
    /// ```
    ///
    /// # Errors
    ///
    /// The first failing check, in the order above:
    /// - [`Error::InvalidInput`] for a negative value (field `value`), an
    ///   exchange rate not above zero (`exchange_rate`), a negative quantity
    ///   (`quantities.NAME`), a claim that is no claim name (`claims`), or a
    ///   loading date after the entry date (`loaded_on`);
    /// - [`Error::TooLarge`] for a value, exchange rate or quantity past its
    ///   limit or with too many decimals (the same fields), more than
    ///   [`crate::limits::MAX_QUANTITIES`] quantities (`quantities`), a
    ///   basis or claim too long, or more than
    ///   [`crate::limits::MAX_CLAIMS`] claims (`claims`).
    pub fn validate(&self) -> Result<()> {
        check_value(self.value)?;
        if let Some(r) = self.exchange_rate {
            check_exchange_rate(r)?;
        }
        check_quantity_count(self.quantities.0.len())?;
        for q in self.quantities.iter() {
            check_quantity(q.unit, q.basis.as_deref(), q.amount)?;
        }
        check_claims(&self.claims)?;
        check_loaded_on(self.loaded_on, self.entry_date)
    }
}

/// An entry given as text, field by field: what the C and Python bindings and
/// the command line receive. [`EntryText::parse`] turns it into an [`Entry`]
/// with errors that name the field.
///
/// ```
/// let e = tariffs::EntryText {
///     origin: "CN", hts: "6109.10.00.12", value: "54", date: "2025-05-02",
///     mode: Some("express"), ..Default::default()
/// }.parse().unwrap();
/// assert_eq!(e.origin.as_str(), "CN");
/// ```
#[derive(Debug, Clone, Default)]
pub struct EntryText<'a> {
    /// Importer, default `US`.
    pub importer: Option<&'a str>,
    /// Country of origin.
    pub origin: &'a str,
    /// Tariff code.
    pub hts: &'a str,
    /// Customs value as a decimal text.
    pub value: &'a str,
    /// Currency of the value, default the importer's.
    pub currency: Option<&'a str>,
    /// Exchange rate as a decimal text.
    pub exchange_rate: Option<&'a str>,
    /// Entry date `YYYY-MM-DD`.
    pub date: &'a str,
    /// Loading date `YYYY-MM-DD`.
    pub loaded_on: Option<&'a str>,
    /// Mode, default `ocean`.
    pub mode: Option<&'a str>,
    /// Claims.
    pub claims: Vec<&'a str>,
    /// Quantities as (unit key, decimal text) pairs.
    pub quantities: Vec<(&'a str, &'a str)>,
}

/// The claims of an entry: how many, and each a claim name.
pub(crate) fn check_claims<S: AsRef<str>>(claims: &[S]) -> Result<()> {
    check_claim_count(claims.len())?;
    for c in claims {
        check_claim("claims", c.as_ref())?;
    }
    Ok(())
}

impl EntryText<'_> {
    /// Parses every field, failing on the first bad one with an error naming it.
    ///
    /// A text field longer than [`crate::limits::MAX_FIELD_CHARS`], more than
    /// [`crate::limits::MAX_CLAIMS`] claims or
    /// [`crate::limits::MAX_QUANTITIES`] quantities are [`Error::TooLarge`]
    /// before anything is parsed; then [`Entry::validate`] runs.
    ///
    /// # Errors
    ///
    /// - [`Error::TooLarge`] for the limits above, naming the field.
    /// - [`Error::InvalidInput`] naming the first field that does not parse
    ///   (`importer`, `origin`, `hts`, `value`, `date`, `currency`,
    ///   `exchange_rate`, `loaded_on`, `mode`, `claims`, `quantities`), or
    ///   two quantity keys naming one quantity (`quantities`); a number past
    ///   the decimal range is [`Error::TooLarge`] (see [`parse_decimal`]).
    /// - Then the errors of [`Entry::validate`].
    pub fn parse(&self) -> Result<Entry> {
        let short = [
            ("importer", self.importer),
            ("origin", Some(self.origin)),
            ("hts", Some(self.hts)),
            ("currency", self.currency),
            ("date", Some(self.date)),
            ("loaded_on", self.loaded_on),
            ("mode", self.mode),
        ];
        for (field, text) in short {
            if let Some(t) = text.filter(|t| !limits::fits_chars(t, MAX_FIELD_CHARS)) {
                return Err(limits::text_too_long(field, t, MAX_FIELD_CHARS));
            }
        }
        check_claim_count(self.claims.len())?;
        check_quantity_count(self.quantities.len())?;
        let importer = Country::parse_field("importer", self.importer.unwrap_or("US"))?;
        let origin = Country::parse_field("origin", self.origin)?;
        let code = HtsCode::parse_field("hts", self.hts)?;
        let value = parse_decimal("value", self.value)?;
        let date = Date::parse_field("date", self.date)?;
        let mut e = Entry::new(importer, origin, code, value, date);
        if let Some(c) = self.currency {
            e.currency = Some(Currency::parse_field("currency", c)?);
        }
        if let Some(r) = self.exchange_rate {
            e.exchange_rate = Some(parse_decimal("exchange_rate", r)?);
        }
        if let Some(l) = self.loaded_on {
            e.loaded_on = Some(Date::parse_field("loaded_on", l)?);
        }
        if let Some(m) = self.mode {
            e.mode = Mode::parse_field("mode", m)?;
        }
        for c in &self.claims {
            e.claims.push(parse_claim("claims", c)?);
        }
        // Each quantity once: two keys naming one (`kg` and `KG`, or `kg`
        // and `kgs`) are an error naming both, never one silently replacing
        // the other.
        let mut named: Vec<((Unit, Option<String>), &str)> =
            Vec::with_capacity(self.quantities.len());
        for (k, v) in &self.quantities {
            let q = parse_quantity_key(k)?;
            if let Some((_, first)) = named.iter().find(|(p, _)| *p == q) {
                return Err(Error::invalid(
                    "quantities",
                    k.trim(),
                    format!(
                        "each quantity once: {:?} and {:?} both name {}",
                        crate::limits::echo(first.trim()),
                        crate::limits::echo(k.trim()),
                        crate::rate::quantity_name(q.0, q.1.as_deref())
                    ),
                ));
            }
            named.push((q, k));
            e.quantities.set_parts(k, v)?;
        }
        e.validate()?;
        Ok(e)
    }
}

#[cfg(test)]
mod tests {

    /// The hint of a missing-quantity error is a quantity the entry can be
    /// given as written: before, a basis's spaces became underscores
    /// (`kg[copper_content]=12.5`), a basis no rate asks for.
    #[test]
    fn the_missing_quantity_hint_parses_back_to_the_quantity_the_rate_needs() {
        let e = Error::MissingQuantity {
            unit: crate::rate::quantity_name(Unit::Kg, Some("copper content")),
            rate: "1.5¢/kg on copper content".into(),
        };
        let text = e.to_string();
        let hint = text
            .split("(e.g. ")
            .nth(1)
            .and_then(|h| h.strip_suffix(')'))
            .unwrap_or_else(|| panic!("no hint in {text:?}"));
        assert_eq!(hint, "kg[copper content]=12.5");
        let mut q = Quantities::new();
        q.set_str(hint).unwrap();
        assert_eq!(
            q.get(Unit::Kg, Some("copper content")),
            Some(Decimal::new(125, 1))
        );
    }
    use super::*;

    #[test]
    fn decimal_parsing_is_exact_and_strict() {
        assert_eq!(parse_decimal("value", "54").unwrap(), Decimal::from(54));
        assert_eq!(parse_decimal("value", " 0.1 ").unwrap().to_string(), "0.1");
        for bad in ["", "1e3", "1,000", "NaN", "inf", "1.2.3", "-", "."] {
            let e = parse_decimal("value", bad).unwrap_err();
            assert_eq!(e.field(), Some("value"), "{bad}");
        }
    }

    #[test]
    fn mode_parsing_ignores_ascii_case_and_surrounding_whitespace() {
        for m in Mode::ALL {
            assert_eq!(Mode::parse_field("mode", m.as_str()).unwrap(), m);
        }
        for (text, m) in [
            ("Postal", Mode::Postal),
            (" EXPRESS\t", Mode::Express),
            ("oCeAn", Mode::Ocean),
        ] {
            assert_eq!(text.parse::<Mode>().unwrap(), m, "{text:?}");
        }
        for bad in [
            "",
            "boat",
            "ocea",
            "oceans",
            "o cean",
            "\u{0130}",
            "express\0",
        ] {
            let e = Mode::parse_field("transport", bad).unwrap_err();
            assert_eq!((e.field(), e.value()), (Some("transport"), Some(bad)));
            assert!(e
                .to_string()
                .contains("one of ocean, air, truck, rail, postal, express"));
        }
    }

    #[test]
    fn entry_text_names_the_bad_field() {
        let ok = EntryText {
            origin: "CN",
            hts: "6109.10.00.12",
            value: "54",
            date: "2025-05-02",
            ..Default::default()
        };
        assert!(ok.parse().is_ok());
        let cases: Vec<(EntryText, &str)> = vec![
            (
                EntryText {
                    origin: "XX",
                    ..ok.clone()
                },
                "origin",
            ),
            (
                EntryText {
                    hts: "61.x",
                    ..ok.clone()
                },
                "hts",
            ),
            (
                EntryText {
                    value: "-1",
                    ..ok.clone()
                },
                "value",
            ),
            (
                EntryText {
                    date: "2025-02-29",
                    ..ok.clone()
                },
                "date",
            ),
            (
                EntryText {
                    mode: Some("boat"),
                    ..ok.clone()
                },
                "mode",
            ),
            (
                EntryText {
                    importer: Some("U"),
                    ..ok.clone()
                },
                "importer",
            ),
            (
                EntryText {
                    currency: Some("EU"),
                    ..ok.clone()
                },
                "currency",
            ),
            (
                EntryText {
                    exchange_rate: Some("0"),
                    ..ok.clone()
                },
                "exchange_rate",
            ),
            (
                EntryText {
                    loaded_on: Some("x"),
                    ..ok.clone()
                },
                "loaded_on",
            ),
            (
                EntryText {
                    claims: vec!["US MCA"],
                    ..ok.clone()
                },
                "claims",
            ),
            (
                EntryText {
                    quantities: vec![("furlongs", "1")],
                    ..ok.clone()
                },
                "quantities",
            ),
            (
                EntryText {
                    quantities: vec![("kg", "-2")],
                    ..ok.clone()
                },
                "quantities.kg",
            ),
        ];
        for (t, field) in cases {
            let e = t.parse().unwrap_err();
            assert_eq!(e.field(), Some(field), "{e}");
        }
    }
}
