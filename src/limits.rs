//! The bounds of every input: past one, a typed error naming the field and
//! the bound ([`crate::Error::TooLarge`]), never a panic, an abort, a hang or
//! memory growing faster than the input. `docs/reliability.md` lists them
//! with the reasons for each value.

// ------------------------------------------------------------------ errors

/// At most this many characters of an offending input are echoed in an
/// error message (the rest is cut, with a count of what was cut).
pub const MAX_ECHO_CHARS: usize = crate::error::ECHO_CHARS;

/// The first [`MAX_ECHO_CHARS`] characters of `s`, and how much was cut
/// (what every error message echoes of an input; the bindings use it too).
pub fn echo(s: &str) -> String {
    crate::error::echo(s)
}

// ------------------------------------------------------------------ entries and rates
//
// How the numeric bounds were derived. A `Decimal` holds a 96-bit mantissa
// (at most 79,228,162,514,264,337,593,543,950,335) and a scale of 0 to 28,
// so a money amount can carry its two decimals only below about 7.9 x 10^26.
// The bounds below keep every single product of the quote arithmetic at
// most 1.2 x 10^24, i.e. 650 times below that:
//
// - customs value x percent: 10^15 x 10^5 % = 10^18;
// - a part's value (`value[case]`) x exchange rate x percent:
//   10^15 x 10^6 x 10^5 % = 10^24;
// - specific amount x quantity: 10^5 $ x 10^18 g (10^15 kg x 1000) = 10^23;
// - amount per N units: 10^5 $ x 1.2 x 10^16 articles (10^15 dozens x 12)
//   / 0.001 = 1.2 x 10^24;
// - sugar degrees: at most 10^5 $/kg x 10^15 kg = 10^20;
// - customs value in another currency: 10^15 x 10^6 = 10^21, itself held
//   to [`MAX_VALUE`] after the conversion.
//
// Sums of lines (the duty of a few hundred lines of that size) and amounts
// computed from schedule decimals (fees, floors) can still leave the range:
// that arithmetic is checked and fails with [`crate::Error::Overflow`] naming
// what was computed, the field and the value, never with a rounded amount.
//
// With at most [`MAX_DECIMALS`] decimals on both sides, the integer path of
// an ad valorem line (mantissa x mantissa <= 10^24 x 10^14 = 10^38 < 2^127)
// is exact to the cent over the whole bounded range (for numbers written
// without trailing zeros, and percentages that are not thirds of a mixed
// fraction, which take the 28-digit decimal path).
//
// Real entries stay far below: the largest customs entries are at most
// about 10^10 USD, world merchandise trade about 2.5 x 10^13 USD a year and
// 1.2 x 10^13 kg; the highest rates of the builtin schedule are a few
// hundred percent and a few dollars per unit, written with at most 7
// decimals (`0.0622005¢/kg`).

use rust_decimal::Decimal;

/// A whole number as a constant `Decimal` (`n` below 2^96).
const fn whole(n: u128) -> Decimal {
    assert!(n >> 96 == 0, "a limit outside the decimal range");
    Decimal::from_parts(n as u32, (n >> 32) as u32, (n >> 64) as u32, false, 0)
}

/// The largest customs value of an entry (10^15, a thousand trillion), in
/// the entry's currency and again after conversion to the importer's; also
/// the largest part value (`value[case]`), which is a quantity. Enforced by
/// [`crate::EntryText::parse`], [`crate::Entry::validate`] (every quote and
/// batch row runs it) and [`crate::Schedule::quote_columns`].
pub const MAX_VALUE: Decimal = whole(1_000_000_000_000_000);

/// The largest quantity (10^15 kg, articles, liters...), where the entry
/// enters the core as for [`MAX_VALUE`].
pub const MAX_QUANTITY: Decimal = whole(1_000_000_000_000_000);

/// The largest exchange rate (10^6 units of the importer's currency per
/// unit of the entry's currency; the largest real ones are about 10^5).
pub const MAX_EXCHANGE_RATE: Decimal = whole(1_000_000);

/// The most decimal places of a value, quantity or exchange rate of an
/// entry and of a number in a rate text, trailing zeros not counted
/// (`54.000000000000` is 54). Real rate texts use at most 7.
///
/// This is also the bound on a decimal's exponent: a number given as
/// `digits x 10^exp` fits the limits only when `exp >= -MAX_DECIMALS` (after
/// dropping trailing zeros) and its integer part is at most [`MAX_VALUE`]
/// (16 digits), so a binding can refuse `1E+1000000000` or `1E-1000000000`
/// from the exponent alone, before expanding it.
pub const MAX_DECIMALS: u32 = 9;

/// The most characters of a decimal number given as text (value, quantity,
/// exchange rate): 28 digits, a sign, a point and room for leading zeros.
pub const MAX_NUMBER_CHARS: usize = 64;

/// The most characters of a short text field of an entry: importer,
/// origin, tariff code, currency, dates, mode, a quantity's unit.
pub const MAX_FIELD_CHARS: usize = 64;

/// The most characters of a quantity's basis (`kg[copper content]`); the
/// longest basis a rate of the builtin schedule names has 130.
pub const MAX_BASIS_CHARS: usize = 200;

/// The most quantities an entry may carry (there are 19 units; a few bases
/// of each are plenty).
pub const MAX_QUANTITIES: usize = 64;

/// The most claims an entry may make (real entries make one or two).
pub const MAX_CLAIMS: usize = 32;

/// The most characters of one claim name (the longest the builtin
/// schedule names, `CRANE_CONTRACT_BEFORE_2024_05_14`, has 32).
pub const MAX_CLAIM_CHARS: usize = 64;

/// The most characters of a rate text (the longest of the builtin schedule
/// has 439), checked by [`crate::Rate::parse`] before anything else.
pub const MAX_RATE_CHARS: usize = 1000;

/// The largest number in a rate text: a percentage (100,000%), an amount
/// ($100,000 per unit), a count (`/1000`, `over 7`) or a degree.
pub const MAX_RATE_NUMBER: Decimal = whole(100_000);

/// The largest denominator of a fraction in a rate text (`33 1/3%`; the
/// schedules print halves, thirds, quarters and eighths). A number made by a
/// fraction has more decimals than [`MAX_DECIMALS`]; it is displayed as the
/// fraction again, so that a rate's text reads back to the same rate, which
/// needs a search bounded by this limit.
pub const MAX_FRACTION_DENOMINATOR: u32 = 1000;

/// The smallest number of units a specific rate may be per (`$1/0.5` is a
/// rate per half unit; `/0.0001` is refused): it bounds the amount per unit.
pub const MIN_RATE_PER: Decimal = Decimal::from_parts(1, 0, 0, false, 3);

/// Whether `d` has more than [`MAX_DECIMALS`] decimal places, trailing
/// zeros not counted (no work when its scale is within the limit).
pub(crate) fn too_many_decimals(d: Decimal) -> bool {
    d.scale() > MAX_DECIMALS && d.normalize().scale() > MAX_DECIMALS
}

pub(crate) use crate::error::fits_chars;

/// A [`crate::Error::TooLarge`] for a text field longer than `max` characters.
pub(crate) fn text_too_long(field: &str, s: &str, max: usize) -> crate::Error {
    crate::Error::TooLarge {
        field: field.to_string(),
        value: echo(s),
        limit: format!("at most {max} characters"),
    }
}

/// Checks a decimal of an entry against `max` and [`MAX_DECIMALS`].
pub(crate) fn check_number(field: &str, d: Decimal, max: Decimal, what: &str) -> crate::Result<()> {
    if d > max {
        return Err(crate::Error::TooLarge {
            field: field.to_string(),
            value: echo(&d.to_string()),
            limit: format!("{what} of at most {max}"),
        });
    }
    if too_many_decimals(d) {
        return Err(crate::Error::TooLarge {
            field: field.to_string(),
            value: echo(&d.to_string()),
            limit: format!("at most {MAX_DECIMALS} decimal places"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod entry_and_rate_limit_tests {
    use super::*;

    /// The derivation above: each single product at its bounds, in cents,
    /// stays inside the 96-bit mantissa (checked, so an overflow fails).
    #[test]
    fn the_largest_products_keep_their_cents() {
        let hundred = Decimal::ONE_HUNDRED;
        let cents = |d: Option<Decimal>| -> Decimal {
            let d = d.expect("in range");
            let c = d.checked_mul(hundred).expect("room for the cents");
            assert!(c < whole(10u128.pow(27)), "{d}");
            d
        };
        let pct = |base: Decimal| base.checked_mul(MAX_RATE_NUMBER).map(|x| x / hundred);
        // Ad valorem on the value, and on a part's value converted.
        assert_eq!(cents(pct(MAX_VALUE)), whole(10u128.pow(18)));
        let part = MAX_VALUE.checked_mul(MAX_EXCHANGE_RATE);
        assert_eq!(cents(part.and_then(pct)), whole(10u128.pow(24)));
        // Per gram, from kilograms; per 0.001 article, from dozens.
        let grams = MAX_QUANTITY.checked_mul(Decimal::ONE_THOUSAND);
        assert_eq!(
            cents(grams.and_then(|g| g.checked_mul(MAX_RATE_NUMBER))),
            whole(10u128.pow(23))
        );
        let articles = MAX_QUANTITY.checked_mul(Decimal::from(12));
        let per = articles
            .and_then(|n| n.checked_mul(MAX_RATE_NUMBER))
            .and_then(|a| a.checked_div(MIN_RATE_PER));
        assert_eq!(cents(per), whole(12 * 10u128.pow(23)));
        // A value at the limit with the most decimals is a decimal.
        let v = Decimal::from_i128_with_scale(10i128.pow(15 + MAX_DECIMALS) - 1, MAX_DECIMALS);
        assert!(v < MAX_VALUE && !too_many_decimals(v));
    }

    #[test]
    fn decimals_do_not_count_trailing_zeros() {
        assert!(!too_many_decimals(Decimal::new(123_456_789, 9)));
        assert!(too_many_decimals(Decimal::new(1_234_567_891, 10)));
        assert!(!too_many_decimals(Decimal::new(1_234_567_890, 10)));
        assert!(!too_many_decimals(Decimal::from_i128_with_scale(
            54 * 10i128.pow(20),
            20
        )));
    }

    #[test]
    fn long_texts_are_counted_in_characters() {
        assert!(fits_chars(&"é".repeat(64), 64));
        assert!(!fits_chars(&"é".repeat(65), 64));
        assert!(!fits_chars(&"x".repeat(1 << 20), 64));
    }
}

// ------------------------------------------------------------------ schedules
//
// A schedule is trusted more than an entry, but it is still input: a user's
// file, an overlay, a fuzzer's case. These bounds keep its load time and
// memory proportional to its size, with every bound far above the builtin
// schedule (the builtin's figure is given for each, as of the 2026 rev 21
// data). Each is checked while loading, before the work it bounds; past one,
// the load fails with `Error::TooLarge` whose field names the file, the
// place (importer, item) and the field.

/// Bytes of schedule JSON in one text (a file, `Schedule::from_json` text or
/// an overlay). Builtin: 3.0 MB over 26 fragments (about 21 times less).
/// A file is refused before it is read whole.
pub const MAX_SCHEDULE_JSON_BYTES: usize = 64 << 20;

/// Measures of one importer (after merging fragments or laying an overlay).
/// Builtin: 347 (US), about 580 times less. The load benchmark
/// (`cargo bench --bench schedule_scale`) loads 100,000.
pub const MAX_MEASURES: usize = 200_000;

/// Exemptions of one importer. Builtin: 109.
pub const MAX_EXEMPTIONS: usize = 50_000;

/// Fees of one importer. Builtin: 7.
pub const MAX_FEES: usize = 1_000;

/// Prohibitions (import bans) of one importer. Builtin: 4.
pub const MAX_PROHIBITIONS: usize = 10_000;

/// Base lines of one importer. Builtin: 12,016 (the US HTS has about 13,000
/// 8-digit and 30,000 10-digit codes; several revisions of each fit).
pub const MAX_BASE_LINES: usize = 500_000;

/// Preference programs of one importer's base, and program codes of one
/// program. Builtin: 14 programs, at most 6 codes.
pub const MAX_PROGRAMS: usize = 1_000;

/// Named country groups of a schedule. Builtin: 8.
pub const MAX_GROUPS: usize = 1_000;

/// Members of one country group: as many as there are country codes (250),
/// so that every country can be listed once. Builtin: at most 124.
pub const MAX_GROUP_MEMBERS: usize = 250;

/// Named product lists of a schedule. Builtin: 112.
pub const MAX_PRODUCT_LISTS: usize = 10_000;

/// Codes of one product list. Builtin: at most 5,934 (the US HTS has about
/// 43,000 8- and 10-digit codes in all).
pub const MAX_PRODUCT_LIST_CODES: usize = 100_000;

/// Product codes of all the distinct product scopes of a schedule, after
/// `@list` references are expanded (a scope used by many items counts once).
/// Builtin: 39,312 in 135 distinct scopes, about 50 times less. Bounds the
/// memory of the compiled scopes (about 50 bytes a code).
pub const MAX_SCOPE_CODES: usize = 2_000_000;

/// Product codes included by the scopes of the items (measures,
/// exemptions, prohibitions) of a schedule, each item counting the codes of
/// its own scope after `@list` expansion (a list named by 100 measures
/// counts 100 times). Builtin: 48,308, about 40 times less. Bounds the
/// per-code indexes of quotes and of the overlap check.
pub const MAX_ITEM_SCOPE_CODES: usize = 2_000_000;

/// Entries of one `include` or `exclude` list of a scope, as written
/// (countries, groups, codes or `@list` references). Builtin: at most 33.
pub const MAX_SCOPE_ENTRIES: usize = 10_000;

/// Selectors of one item: `excludes` plus `superseded_by` of a measure, or
/// `removes` of an exemption. Builtin: at most 108.
pub const MAX_SELECTORS: usize = 1_000;

/// Stacking relations and exemption removals of one importer once its
/// selectors are resolved (`authority:section_232` names every measure of
/// that authority; `all` and `kind:` selectors of exemptions are not
/// counted). Builtin: 21,415 (US), about 230 times less. Bounds the
/// memory of the resolved relations (8 bytes each).
pub const MAX_RELATIONS: usize = 5_000_000;

/// Entries of one condition list (`modes`, `claims`, `not_claims`), of a
/// floor's `counts`, and suspensions of one exemption. Builtin: at most 3.
pub const MAX_CONDITION_ENTRIES: usize = 100;

/// Distinct authorities (of duties and fees) of a schedule: the columns of
/// a batch result, whose memory is rows x authorities. Builtin: 35.
/// Far below 65,536, so that a column index always fits the 16 bits the
/// batch evaluation keeps it in.
pub const MAX_AUTHORITIES: usize = 1_000;

/// Pairs of measures of one importer, each of one authority, that overlap
/// in dates, origins and products and must be compared for an unresolved
/// overlap (conditions, product exclusions or a stacking relation may
/// still separate them). The overlap check enumerates only such pairs, so
/// a schedule stays below this unless thousands of measures of one
/// authority cover the same goods at the same time. Builtin: 14,335,
/// about 1,400 times less; each pair costs well under a microsecond, so the
/// check stays within seconds at the limit.
pub const MAX_OVERLAP_PAIRS: usize = 20_000_000;

/// Characters of an id, an authority, a heading, a claim, a program code,
/// a group or product list name. Builtin: at most 45.
pub const MAX_NAME_CHARS: usize = 200;

/// Characters of a description. Builtin: at most 236.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;

/// Characters of a source citation (of an item, a base table or a base
/// line's revision). Builtin: at most 826.
pub const MAX_SOURCE_CHARS: usize = 4_000;

/// The error for a schedule part past a limit: `what` names the file and
/// the place, `value` the size found, `limit` the bound in words.
pub(crate) fn schedule_too_large(
    file: &str,
    place: &str,
    value: usize,
    limit: usize,
    unit: &str,
) -> crate::Error {
    crate::Error::TooLarge {
        field: if file.is_empty() {
            place.to_string()
        } else {
            format!("{file}: {place}")
        },
        value: format!("{} {unit}", thousands(value)),
        limit: format!("at most {} {unit}", thousands(limit)),
    }
}

/// `Ok` when `n` is at most `limit`, else [`schedule_too_large`].
pub(crate) fn check_count(
    file: &str,
    place: &str,
    n: usize,
    limit: usize,
    unit: &str,
) -> crate::Result<()> {
    if n > limit {
        return Err(schedule_too_large(file, place, n, limit, unit));
    }
    Ok(())
}

/// `Ok` when `text` has at most `limit` characters.
pub(crate) fn check_text(file: &str, place: &str, text: &str, limit: usize) -> crate::Result<()> {
    // Bytes bound characters from above: count only when it may matter.
    if text.len() > limit {
        let n = text.chars().count();
        if n > limit {
            return Err(schedule_too_large(file, place, n, limit, "characters"));
        }
    }
    Ok(())
}

/// `1234567` as `1,234,567`.
pub(crate) fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_cuts_long_inputs_on_a_character_boundary() {
        assert_eq!(echo("abc"), "abc");
        let long = "é".repeat(MAX_ECHO_CHARS + 5);
        let e = echo(&long);
        assert!(e.starts_with(&"é".repeat(MAX_ECHO_CHARS)));
        assert!(e.ends_with("... (5 more characters)"), "{e}");
    }

    #[test]
    fn schedule_limits_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(20_000_000), "20,000,000");
        let e = check_count("f.json", "US: measures", 3, 2, "measures").unwrap_err();
        assert_eq!(e.kind(), "too_large");
        assert_eq!(e.field(), Some("f.json: US: measures"));
        assert_eq!(
            e.to_string(),
            "f.json: US: measures \"3 measures\" is too large: at most 2 measures"
        );
        assert!(check_text("", "x", &"é".repeat(10), 10).is_ok());
        assert!(check_text("", "x", &"é".repeat(11), 10).is_err());
    }
}
