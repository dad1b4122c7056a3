//! The invariants every quote must satisfy, and the agreement of a batch
//! with one-by-one quotes (issue 11, Deliver 4). A failure panics with a
//! message naming the invariant and the values.

use rust_decimal::RoundingStrategy;
use tariffs::{BatchResult, Decimal, Entry, Error, LineKind, Quote, Schedule};

/// Checks one quote:
///
/// - every line amount is at scale 2 (exact to the cent) and not negative;
///   exemption lines are 0;
/// - `duty` = the sum of the base and additional lines, `fees` = the sum of
///   the fee lines, `total` = `duty` + `fees`, each at scale 2;
/// - `effective_rate` = `duty` / `customs_value` rounded to 6 places (0 for
///   a zero value);
/// - the text and JSON forms can be made;
/// - the core agrees ([`Quote::check_invariants`], [`BatchResult::check_invariants`]).
pub fn check_quote(q: &Quote) {
    // The core's own statement of the same invariants must agree.
    if let Err(e) = q.check_invariants() {
        panic!("Quote::check_invariants: {e}");
    }
    let mut duty = Decimal::ZERO;
    let mut fees = Decimal::ZERO;
    for l in &q.lines {
        assert!(
            l.amount.scale() == 2,
            "line {} ({}) amount {} is not at scale 2 (scale {})",
            l.authority,
            l.rate,
            l.amount,
            l.amount.scale()
        );
        assert!(
            !l.amount.is_sign_negative() || l.amount.is_zero(),
            "line {} ({}) amount {} is negative",
            l.authority,
            l.rate,
            l.amount
        );
        match l.kind {
            LineKind::Base | LineKind::Additional => {
                duty = duty
                    .checked_add(l.amount)
                    .unwrap_or_else(|| panic!("the duty lines overflow but the quote succeeded"))
            }
            LineKind::Fee => {
                fees = fees
                    .checked_add(l.amount)
                    .unwrap_or_else(|| panic!("the fee lines overflow but the quote succeeded"))
            }
            LineKind::Exemption => assert!(
                l.amount.is_zero(),
                "exemption line {} has amount {}",
                l.authority,
                l.amount
            ),
        }
    }
    for (name, v) in [("duty", q.duty), ("fees", q.fees), ("total", q.total)] {
        assert!(
            v.scale() == 2,
            "{name} {v} is not at scale 2 (scale {})",
            v.scale()
        );
        assert!(
            !v.is_sign_negative() || v.is_zero(),
            "{name} {v} is negative"
        );
    }
    assert_eq!(q.duty, duty, "duty != sum of base and additional lines");
    assert_eq!(q.fees, fees, "fees != sum of fee lines");
    assert_eq!(
        Some(q.total),
        q.duty.checked_add(q.fees),
        "total != duty + fees"
    );
    if q.customs_value.is_zero() {
        assert!(
            q.effective_rate.is_zero(),
            "effective rate {} on a zero value",
            q.effective_rate
        );
    } else if let Some(r) = q.duty.checked_div(q.customs_value) {
        let want = r.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(
            q.effective_rate, want,
            "effective rate != duty / customs value rounded to 6 places"
        );
    }
    let _ = q.to_string();
    let json = q.to_json();
    assert!(
        !json.starts_with("{\"error\""),
        "the quote does not serialize: {json}"
    );
}

/// The longest error message allowed, once every echoed input is cut to
/// `limits::MAX_ECHO_CHARS` (issue 11, defect 11: rel-core's fix). `None`
/// until that fix is merged; then set it (e.g. `Some(1_000)`) so that every
/// error of every target is checked.
pub const MAX_ERROR_CHARS: Option<usize> = None;

/// Checks an error: it can be shown (and, with [`MAX_ERROR_CHARS`], is short).
pub fn check_error(e: &Error) {
    let text = e.to_string();
    if let Some(max) = MAX_ERROR_CHARS {
        let n = text.chars().count();
        assert!(
            n <= max,
            "an error message of {n} characters: {}...",
            text.chars().take(200).collect::<String>()
        );
    }
}

/// Quotes `entry` on `s` and checks the quote (or the error).
pub fn quote_checked(s: &Schedule, entry: &Entry) -> Result<Quote, Error> {
    let r = s.quote(entry);
    match &r {
        Ok(q) => check_quote(q),
        Err(e) => check_error(e),
    }
    r
}

/// Checks that row `i` of `b` is what [`Schedule::quote`] gives for
/// `entries[i]`: the same amounts (duty, fees, total, effective rate,
/// customs value, each authority's column = the sum of its lines, the row's
/// authorities adding up to the total), the same warning flag, or the same
/// error. `what` names the batch call in messages.
pub fn check_batch(s: &Schedule, entries: &[Entry], b: &BatchResult, what: &str) {
    if let Err(e) = b.check_invariants() {
        panic!("{what}: BatchResult::check_invariants: {e}");
    }
    assert_eq!(b.len(), entries.len(), "{what}: row count");
    assert_eq!(b.errors.len(), entries.len(), "{what}: error count");
    let w = b.authorities.len();
    assert_eq!(
        b.by_authority.len(),
        w * entries.len(),
        "{what}: by_authority size"
    );
    for (i, e) in entries.iter().enumerate() {
        match (quote_checked(s, e), &b.errors[i]) {
            (Ok(q), None) => {
                assert_eq!(b.duty[i], q.duty, "{what}: row {i} duty, entry {e:?}");
                assert_eq!(b.fees[i], q.fees, "{what}: row {i} fees, entry {e:?}");
                assert_eq!(b.total[i], q.total, "{what}: row {i} total, entry {e:?}");
                assert_eq!(
                    b.effective_rate[i], q.effective_rate,
                    "{what}: row {i} effective rate, entry {e:?}"
                );
                assert_eq!(
                    b.value[i], q.customs_value,
                    "{what}: row {i} customs value, entry {e:?}"
                );
                assert_eq!(
                    b.warnings[i] != 0,
                    !q.warnings.is_empty(),
                    "{what}: row {i} warning flag, entry {e:?}"
                );
                let mut sum = Decimal::ZERO;
                for (a, name) in b.authorities.iter().enumerate() {
                    let cell = b.by_authority[i * w + a];
                    assert_eq!(
                        cell,
                        q.amount_of(name),
                        "{what}: row {i} authority {name}, entry {e:?}"
                    );
                    sum += cell;
                }
                for l in &q.lines {
                    assert!(
                        l.amount.is_zero() || b.authorities.iter().any(|a| **a == *l.authority),
                        "{what}: row {i}: authority {} of a line is no batch column",
                        l.authority
                    );
                }
                assert_eq!(
                    sum, q.total,
                    "{what}: row {i}: the authorities do not add up to the total"
                );
            }
            (Err(qe), Some(be)) => {
                assert_eq!(&qe, &**be, "{what}: row {i} fails differently, entry {e:?}")
            }
            (Ok(q), Some(be)) => {
                panic!(
                    "{what}: row {i} fails ({be}) but quote gives total {}, entry {e:?}",
                    q.total
                )
            }
            (Err(qe), None) => {
                panic!(
                    "{what}: row {i} quotes (total {}) but quote fails ({qe}), entry {e:?}",
                    b.total[i]
                )
            }
        }
    }
}
