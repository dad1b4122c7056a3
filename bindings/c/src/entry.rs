//! `tariffs_entry`: an import entry built field by field from text.
//!
//! Each setter checks its field with the core's parser for that field (so a
//! bad value fails at the setter that received it, naming the field) and
//! stores the text; `tariffs_quote`, `tariffs_quote_batch` and
//! `tariffs_entry_validate` convert the whole entry with
//! [`tariffs::EntryText::parse`], which also checks what spans fields (a
//! negative value, a zero exchange rate).

use crate::handle::{free_handle, mut_arg, new_handle, ref_arg};
use crate::status::{guard, opt_str_arg, str_arg, tariffs_status, Failure};
use std::ffi::c_char;
use tariffs::{
    parse_decimal, Country, Currency, Date, Entry, EntryText, HtsCode, Mode, Quantities,
};

/// An import entry under construction (opaque).
///
/// Created empty by `tariffs_entry_new`; the origin, HTS code, value and
/// entry date must be set before quoting. A failed setter leaves the entry
/// unchanged. One thread at a time may use an entry (it is not locked);
/// distinct entries may be used by distinct threads freely.
#[derive(Debug, Default, Clone)]
pub struct tariffs_entry {
    importer: Option<String>,
    origin: Option<String>,
    hts: Option<String>,
    value: Option<String>,
    currency: Option<String>,
    exchange_rate: Option<String>,
    date: Option<String>,
    loaded_on: Option<String>,
    mode: Option<String>,
    claims: Vec<String>,
    quantities: Vec<(String, String)>,
}

fn required<'a>(v: &'a Option<String>, field: &str, setter: &str) -> Result<&'a str, Failure> {
    v.as_deref().ok_or_else(|| {
        Failure::new(
            tariffs_status::TARIFFS_INVALID_INPUT,
            format!("the entry has no {field}: set it with {setter}"),
        )
        .field(field)
    })
}

impl tariffs_entry {
    /// The entry as the core's typed [`Entry`], every field checked.
    pub(crate) fn to_entry(&self) -> Result<Entry, Failure> {
        let text = EntryText {
            importer: self.importer.as_deref(),
            origin: required(&self.origin, "origin", "tariffs_entry_set_origin")?,
            hts: required(&self.hts, "hts", "tariffs_entry_set_hts")?,
            value: required(&self.value, "value", "tariffs_entry_set_value")?,
            currency: self.currency.as_deref(),
            exchange_rate: self.exchange_rate.as_deref(),
            date: required(&self.date, "date", "tariffs_entry_set_date")?,
            loaded_on: self.loaded_on.as_deref(),
            mode: self.mode.as_deref(),
            claims: self.claims.iter().map(String::as_str).collect(),
            quantities: self
                .quantities
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect(),
        };
        Ok(text.parse()?)
    }
}

/// Creates an empty entry: importer US, mode ocean, value in the importer's
/// currency, no quantities, no claims, no loading date. The origin, HTS code,
/// value and date must be set before quoting.
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_new(out: *mut *mut tariffs_entry) -> tariffs_status {
    // SAFETY: `out` is NULL or writable (the header's rules for pointer arguments).
    unsafe { new_handle(out, || Ok(tariffs_entry::default())) }
}

/// Frees an entry.
///
/// - Ownership: takes back a handle from `tariffs_entry_new`. Quotes made
///   from the entry do not borrow it and stay valid.
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_free(entry: *mut tariffs_entry) {
    // SAFETY: `entry` is NULL or a handle of this library not freed before, and not used after (the
    // header's rules for pointer arguments).
    unsafe { free_handle(entry) }
}

/// Runs a setter body on the entry, which it receives mutably.
unsafe fn set(
    entry: *mut tariffs_entry,
    body: impl FnOnce(&mut tariffs_entry) -> Result<(), Failure>,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry, used by this thread only (the
    // caller's contract).
    guard(|| body(unsafe { mut_arg(entry, "entry") }?))
}

/// Sets the importing country (ISO 3166-1 alpha-2, e.g. `US`), whose
/// schedule applies. The default is `US`.
///
/// - NULL: a NULL `country` resets to the default.
/// - Errors: `TARIFFS_INVALID_UTF8`, `TARIFFS_INVALID_INPUT` (field
///   `importer`) for a code that is not an assigned ISO country code.
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_set_importer(
    entry: *mut tariffs_entry,
    country: *const c_char,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry; `country` is NULL or a NUL-terminated string (the
    // header's rules for pointer arguments).
    unsafe {
        set(entry, |e| {
            let c = opt_str_arg(country, "importer")?;
            if let Some(c) = c {
                Country::parse_field("importer", c)?;
            }
            e.importer = c.map(str::to_string);
            Ok(())
        })
    }
}

/// Sets the country of origin (ISO 3166-1 alpha-2, e.g. `CN`). Required.
///
/// - Errors: `TARIFFS_INVALID_UTF8`, `TARIFFS_INVALID_INPUT` (field `origin`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_set_origin(
    entry: *mut tariffs_entry,
    country: *const c_char,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry; `country` is NULL or a NUL-terminated string (the
    // header's rules for pointer arguments).
    unsafe {
        set(entry, |e| {
            let c = str_arg(country, "origin")?;
            Country::parse_field("origin", c)?;
            e.origin = Some(c.to_string());
            Ok(())
        })
    }
}

/// Sets the HTS code, with or without dots (`6109.10.00.12`,
/// `6109100012`). Required; a quote needs 8 or 10 digits.
///
/// - Errors: `TARIFFS_INVALID_UTF8`, `TARIFFS_INVALID_INPUT` (field `hts`).
///   A well-formed code the schedule does not know fails later, in
///   `tariffs_quote`, with `TARIFFS_UNKNOWN_CODE`.
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_set_hts(
    entry: *mut tariffs_entry,
    code: *const c_char,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry; `code` is NULL or a NUL-terminated string (the
    // header's rules for pointer arguments).
    unsafe {
        set(entry, |e| {
            let c = str_arg(code, "hts")?;
            HtsCode::parse_field("hts", c)?;
            e.hts = Some(c.to_string());
            Ok(())
        })
    }
}

/// Sets the customs value as a decimal string (`54`, `1234.56`; no
/// exponent, no thousands separator). Required; must not be negative
/// (checked when quoting). Decimal, never floating point: the value is exact.
///
/// - Errors: `TARIFFS_INVALID_UTF8`, `TARIFFS_INVALID_INPUT` (field `value`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_set_value(
    entry: *mut tariffs_entry,
    value: *const c_char,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry; `value` is NULL or a NUL-terminated string (the
    // header's rules for pointer arguments).
    unsafe {
        set(entry, |e| {
            let v = str_arg(value, "value")?;
            parse_decimal("value", v)?;
            e.value = Some(v.to_string());
            Ok(())
        })
    }
}

/// Sets the currency of the value (ISO 4217, e.g. `EUR`) and the exchange
/// rate to the importer's currency (units of the importer's currency per 1
/// unit of `currency`, a decimal string such as `1.0825`).
///
/// The exchange rate may be omitted when `currency` is the importer's; a
/// quote in another currency without a rate fails with
/// `TARIFFS_MISSING_EXCHANGE_RATE`. The rate must be above zero (checked
/// when quoting).
///
/// - NULL: a NULL `currency` resets to the importer's currency and clears the
///   rate; a NULL `exchange_rate` means no rate.
/// - Errors: `TARIFFS_INVALID_UTF8`, `TARIFFS_INVALID_INPUT` (field
///   `currency` or `exchange_rate`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_set_currency(
    entry: *mut tariffs_entry,
    currency: *const c_char,
    exchange_rate: *const c_char,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry; `currency` is NULL or a NUL-terminated string;
    // `exchange_rate` is NULL or a NUL-terminated string (the header's rules for pointer
    // arguments).
    unsafe {
        set(entry, |e| {
            let Some(c) = opt_str_arg(currency, "currency")? else {
                e.currency = None;
                e.exchange_rate = None;
                return Ok(());
            };
            Currency::parse_field("currency", c)?;
            let r = opt_str_arg(exchange_rate, "exchange_rate")?;
            if let Some(r) = r {
                parse_decimal("exchange_rate", r)?;
            }
            e.currency = Some(c.to_string());
            e.exchange_rate = r.map(str::to_string);
            Ok(())
        })
    }
}

/// Adds a quantity: `unit` (`kg`, `no`, `doz`, `liter`, `m2`..., or
/// `UNIT[BASIS]` such as `kg[copper content]`) and `amount`, a decimal
/// string of zero or more. Each quantity is given once: a unit already
/// given, in any spelling (`kg`, `KG`, `kgs`), is an error; to change an
/// amount, clear the quantities and add them again.
/// Specific rates (`$1.035/kg`) need the quantity in their unit.
///
/// - Errors: `TARIFFS_INVALID_UTF8`, `TARIFFS_INVALID_INPUT` (field
///   `quantities` for an unknown unit or a quantity given already,
///   `quantities.UNIT` for a bad amount).
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_add_quantity(
    entry: *mut tariffs_entry,
    unit: *const c_char,
    amount: *const c_char,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry; `unit` is NULL or a NUL-terminated string; `amount`
    // is NULL or a NUL-terminated string (the header's rules for pointer arguments).
    unsafe {
        set(entry, |e| {
            let u = str_arg(unit, "unit")?;
            let a = str_arg(amount, "amount")?;
            let mut given = Quantities::new();
            for (k, v) in &e.quantities {
                given.set_parts(k, v)?;
            }
            given.set_parts(u, a)?;
            e.quantities.push((u.to_string(), a.to_string()));
            Ok(())
        })
    }
}

/// Removes every quantity.
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_clear_quantities(
    entry: *mut tariffs_entry,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry (the header's rules for pointer arguments).
    unsafe {
        set(entry, |e| {
            e.quantities.clear();
            Ok(())
        })
    }
}

/// Sets the date of entry, `YYYY-MM-DD`: the date whose rates apply. Required.
///
/// - Errors: `TARIFFS_INVALID_UTF8`, `TARIFFS_INVALID_INPUT` (field `date`)
///   for a malformed or impossible date (`2025-02-29`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_set_date(
    entry: *mut tariffs_entry,
    date: *const c_char,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry; `date` is NULL or a NUL-terminated string (the
    // header's rules for pointer arguments).
    unsafe {
        set(entry, |e| {
            let d = str_arg(date, "date")?;
            Date::parse_field("date", d)?;
            e.date = Some(d.to_string());
            Ok(())
        })
    }
}

/// Sets the date (`YYYY-MM-DD`) the goods were loaded on the vessel or
/// aircraft that brought them, for in-transit rules. Optional.
///
/// - NULL: a NULL `date` removes the loading date.
/// - Errors: `TARIFFS_INVALID_UTF8`, `TARIFFS_INVALID_INPUT` (field `loaded_on`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_set_loaded_on(
    entry: *mut tariffs_entry,
    date: *const c_char,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry; `date` is NULL or a NUL-terminated string (the
    // header's rules for pointer arguments).
    unsafe {
        set(entry, |e| {
            let d = opt_str_arg(date, "loaded_on")?;
            if let Some(d) = d {
                Date::parse_field("loaded_on", d)?;
            }
            e.loaded_on = d.map(str::to_string);
            Ok(())
        })
    }
}

/// Sets the mode of transport: `ocean` (the default), `air`, `truck`,
/// `rail`, `postal` or `express` (case-insensitive).
///
/// - NULL: a NULL `mode` resets to `ocean`.
/// - Errors: `TARIFFS_INVALID_UTF8`, `TARIFFS_INVALID_INPUT` (field `mode`).
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_set_mode(
    entry: *mut tariffs_entry,
    mode: *const c_char,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry; `mode` is NULL or a NUL-terminated string (the
    // header's rules for pointer arguments).
    unsafe {
        set(entry, |e| {
            let m = opt_str_arg(mode, "mode")?;
            if let Some(m) = m {
                Mode::parse_field("mode", m)?;
            }
            e.mode = m.map(str::to_string);
            Ok(())
        })
    }
}

/// Adds a claim made on entry (e.g. `USMCA`). Claim names are letters,
/// digits, `_` and `-` (surrounding spaces are ignored), and are
/// case-insensitive: the name is stored upper-cased.
///
/// - Errors: `TARIFFS_INVALID_UTF8`, `TARIFFS_INVALID_INPUT` (field
///   `claims`) for an empty or malformed name (`US MCA`); the entry is then
///   unchanged.
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_add_claim(
    entry: *mut tariffs_entry,
    claim: *const c_char,
) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry; `claim` is NULL or a NUL-terminated string (the
    // header's rules for pointer arguments).
    unsafe {
        set(entry, |e| {
            let c = str_arg(claim, "claims")?;
            e.claims.push(tariffs::entry::parse_claim("claims", c)?);
            Ok(())
        })
    }
}

/// Removes every claim.
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_clear_claims(entry: *mut tariffs_entry) -> tariffs_status {
    // SAFETY: `entry` is NULL or a live entry (the header's rules for pointer arguments).
    unsafe {
        set(entry, |e| {
            e.claims.clear();
            Ok(())
        })
    }
}

/// Checks the whole entry without quoting it: the required fields are set,
/// the value is not negative, the exchange rate is above zero.
/// `tariffs_quote` and `tariffs_quote_batch` run the same checks.
///
/// - Errors: `TARIFFS_INVALID_INPUT`; `tariffs_last_error_field()` names
///   the field.
#[no_mangle]
pub unsafe extern "C" fn tariffs_entry_validate(entry: *const tariffs_entry) -> tariffs_status {
    guard(|| {
        // SAFETY: `entry` is NULL or a live entry (the header's rules for
        // pointer arguments).
        unsafe { ref_arg(entry, "entry") }?.to_entry()?;
        Ok(())
    })
}
