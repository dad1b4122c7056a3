//! The parser of the USITC rate texts (the forms listed in the [module
//! docs](super)): whitespace normalised, then the Chapter 99 and reference
//! phrases, then an expression of terms joined by `+` with optional
//! `but not less/more than` bounds. Every number is checked against the
//! limits of [`crate::limits`] as it is read.

use super::{Expr, Rate, Term, Unit};
use crate::error::{Error, Result};
use crate::limits::{self, echo};
use rust_decimal::Decimal;

/// An [`Error::InvalidRate`] for the rate `text` (cut), saying why.
pub(super) fn bad(text: &str, reason: impl Into<String>) -> Error {
    Error::InvalidRate {
        text: echo(text),
        reason: reason.into(),
    }
}

/// An [`Error::TooLarge`] for the rate `text`, saying which limit.
fn too_large(text: &str, limit: String) -> Error {
    Error::TooLarge {
        field: "rate".into(),
        value: echo(text),
        limit,
    }
}

/// A number of a rate text within [`limits::MAX_RATE_NUMBER`]; `raw` is how
/// it was written.
fn check_rate_max(n: Decimal, raw: &str, text: &str) -> Result<()> {
    if n > limits::MAX_RATE_NUMBER {
        return Err(too_large(
            text,
            format!(
                "every number of a rate at most {} ({} is larger)",
                limits::MAX_RATE_NUMBER,
                echo(raw)
            ),
        ));
    }
    Ok(())
}

/// A number of a rate text within [`limits::MAX_RATE_NUMBER`] and
/// [`limits::MAX_DECIMALS`]; `raw` is how it was written.
fn check_rate_number(n: Decimal, raw: &str, text: &str) -> Result<Decimal> {
    check_rate_max(n, raw, text)?;
    if limits::too_many_decimals(n) {
        return Err(too_large(
            text,
            format!(
                "every number of a rate with at most {} decimal places ({} has more)",
                limits::MAX_DECIMALS,
                echo(raw)
            ),
        ));
    }
    Ok(n)
}

/// `n ÷ 100` (cents to dollars), exact for the numbers a rate text may hold.
fn cents_to_dollars(n: Decimal, text: &str) -> Result<Decimal> {
    n.checked_div(Decimal::ONE_HUNDRED).ok_or_else(|| {
        too_large(
            text,
            format!("an amount of at most {}", limits::MAX_RATE_NUMBER),
        )
    })
}

fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

pub(super) fn parse_rate(text: &str) -> Result<Rate> {
    let s = normalise(text);
    if s.is_empty() {
        return Err(bad(text, "the rate is empty"));
    }
    let lower = s.to_ascii_lowercase();
    if lower == "free" || lower.starts_with("free,") {
        return Ok(Rate::Free);
    }
    if lower == "no change" || lower == "no change." {
        return Ok(Rate::NoChange);
    }
    // "The duty provided [for] in the applicable subheading [+|plus] [a duty of] X",
    // matched ignoring spaces (the HTS prints "inthe ... subheading+ 25%" too).
    for lead in [
        "the duty provided in the applicable subheading",
        "the duty provided for in the applicable subheading",
    ] {
        if let Some(rest) = strip_prefix_ignoring_spaces(&s, lead) {
            let rest = rest.trim();
            let rest = rest
                .strip_suffix('.')
                .filter(|r| r.trim().is_empty())
                .unwrap_or(rest);
            if rest.trim().is_empty() {
                return Ok(Rate::AdditionalTo(Expr::default()));
            }
            let rest = rest
                .strip_prefix('+')
                .or_else(|| rest.strip_prefix("plus "))
                .ok_or_else(|| bad(text, "expected '+ <rate>' after 'applicable subheading'"))?
                .trim();
            let rest = rest.strip_prefix("a duty of ").unwrap_or(rest);
            return Ok(Rate::AdditionalTo(parse_expr(rest.trim(), text)?));
        }
    }
    const REDUCED: &str = "the duty rate provided in such subheading minus";
    if let Some(rest) = lower.strip_prefix(REDUCED) {
        let rest = s[s.len() - rest.len()..].trim();
        return Ok(Rate::ReducedBy(parse_expr(rest, text)?));
    }
    if lower.starts_with("the rate applicable")
        || lower.starts_with("the rate of duty appli")
        || lower.starts_with("the duty provided in subheading")
        || lower.starts_with("see ")
        || lower.starts_with("a duty ")
    {
        return Ok(Rate::Reference(s));
    }
    Ok(Rate::Expr(parse_expr(&s, text)?))
}

/// `s` without a leading `phrase` (lower case), comparing ASCII case-insensitively
/// and ignoring spaces on both sides.
fn strip_prefix_ignoring_spaces<'a>(s: &'a str, phrase: &str) -> Option<&'a str> {
    let mut it = s.char_indices().filter(|(_, c)| *c != ' ');
    for p in phrase.chars().filter(|c| *c != ' ') {
        let (_, c) = it.next()?;
        if !c.eq_ignore_ascii_case(&p) {
            return None;
        }
    }
    match it.next() {
        Some((i, _)) => Some(&s[i..]),
        None => Some(""),
    }
}

fn parse_expr(s: &str, text: &str) -> Result<Expr> {
    let mut body = s;
    let mut minimum = None;
    let mut maximum = None;
    // Bounds come last: "... but not less than X" / "... but not more than X".
    let lower = body.to_ascii_lowercase();
    if !lower.contains(" less ") || !lower.contains("for each degree") {
        for (needle, slot) in [
            ("but not less than ", &mut minimum),
            ("but not more than ", &mut maximum),
        ] {
            let lower = body.to_ascii_lowercase();
            if let Some(i) = lower.rfind(needle) {
                let bound = body[i + needle.len()..].trim();
                *slot = Some(parse_term(bound, text)?);
                body = body[..i].trim_end().trim_end_matches(',').trim_end();
            }
        }
    }
    let mut terms = Vec::new();
    for piece in body.split('+') {
        let p = piece.trim();
        if p.is_empty() {
            return Err(bad(text, "an empty term around '+'"));
        }
        terms.push(parse_term(p, text)?);
    }
    Ok(Expr {
        terms,
        minimum,
        maximum,
    })
}

/// Reads a number at the start of `s`: digits with optional `.` decimals and
/// `,` thousands separators, and an optional fraction (`33 1/3`).
fn take_number<'a>(s: &'a str, text: &str) -> Result<(Decimal, &'a str)> {
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(s.len(), |(i, _)| i);
    let raw: String = s[..end].chars().filter(|c| *c != ',').collect();
    if raw.is_empty() || raw.starts_with('.') || raw.ends_with('.') {
        return Err(bad(text, format!("expected a number at {:?}", echo(s))));
    }
    let mut n = Decimal::from_str_exact(&raw)
        .map_err(|_| bad(text, format!("bad number {:?}", echo(&raw))))?;
    check_rate_number(n, &raw, text)?;
    let mut rest = &s[end..];
    // Mixed fraction: "33 1/3".
    if let Some(frac) = rest.strip_prefix(' ') {
        if let Some(slash) = frac.find('/') {
            let (a, b) = (&frac[..slash], &frac[slash + 1..]);
            let b_end = b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len());
            if !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b_end > 0 {
                if raw.contains('.') {
                    return Err(bad(
                        text,
                        format!(
                            "a whole number before a fraction, as in 33 1/3 ({:?} has decimals)",
                            echo(&raw)
                        ),
                    ));
                }
                let num = Decimal::from_str_exact(a).map_err(|_| bad(text, "bad fraction"))?;
                let den =
                    Decimal::from_str_exact(&b[..b_end]).map_err(|_| bad(text, "bad fraction"))?;
                check_rate_number(num, a, text)?;
                check_rate_number(den, &b[..b_end], text)?;
                if den.is_zero() {
                    return Err(bad(text, "a fraction with denominator 0"));
                }
                if den > Decimal::from(limits::MAX_FRACTION_DENOMINATOR) {
                    return Err(too_large(
                        text,
                        format!(
                            "a fraction's denominator at most {} ({} is larger)",
                            limits::MAX_FRACTION_DENOMINATOR,
                            echo(&b[..b_end])
                        ),
                    ));
                }
                let mixed = format!("{raw} {a}/{}", &b[..b_end]);
                n = num
                    .checked_div(den)
                    .and_then(|f| n.checked_add(f))
                    .ok_or_else(|| {
                        too_large(
                            text,
                            format!("a number of at most {}", limits::MAX_RATE_NUMBER),
                        )
                    })?;
                check_rate_max(n, &mixed, text)?;
                rest = &b[b_end..];
            }
        }
    }
    Ok((n, rest))
}

const UNIT_WORDS: [(&str, Unit); 23] = [
    ("clean kg", Unit::CleanKg),
    ("kg", Unit::Kg),
    ("pf. liter", Unit::ProofLiter),
    ("pf.liter", Unit::ProofLiter),
    ("proof liter", Unit::ProofLiter),
    ("liter", Unit::Liter),
    ("line/ gross", Unit::LineGross),
    ("line/gross", Unit::LineGross),
    ("gross", Unit::Gross),
    ("doz.", Unit::Dozen),
    ("doz", Unit::Dozen),
    ("pr.", Unit::Pair),
    ("lin. m", Unit::M),
    ("m2", Unit::M2),
    ("m3", Unit::M3),
    ("m", Unit::M),
    ("t", Unit::T),
    ("g", Unit::G),
    ("bbl", Unit::Barrel),
    ("head", Unit::Head),
    ("jewel", Unit::Jewel),
    ("article", Unit::Number),
    ("degree", Unit::Degrees),
];

/// One term of an expression: an ad valorem term whole, or a specific term
/// from its amount (`$1.035`, `2.2¢`) and what follows it.
fn parse_term(p: &str, text: &str) -> Result<Term> {
    match leading_amount(p, text)? {
        Lead::AdValorem(term) => Ok(term),
        Lead::Money(amount, rest) => specific_term(amount, rest, p, text),
    }
}

/// What a term starts with.
enum Lead<'a> {
    /// A whole ad valorem term: `6%`, `6% on the case`, `3 percent of the
    /// fair retail value`.
    AdValorem(Term),
    /// An amount of money in dollars (`$N`, or `N¢` divided by 100), and the
    /// rest of the term after it.
    Money(Decimal, &'a str),
}

/// Reads the number a term starts with, and the `%`, `percent`, `$` or `¢`
/// that says what it is.
fn leading_amount<'a>(p: &'a str, text: &str) -> Result<Lead<'a>> {
    if let Some(r) = p.strip_prefix('$') {
        let (n, rest) = take_number(r, text)?;
        return Ok(Lead::Money(n, rest));
    }
    let (n, rest) = take_number(p, text)?;
    if let Some(r) = rest.strip_prefix('%') {
        let basis = qualifier(r.trim(), text, &["on ", "upon "])?;
        return Ok(Lead::AdValorem(Term::AdValorem { percent: n, basis }));
    }
    if let Some(r) = rest.strip_prefix(" percent of the ") {
        return Ok(Lead::AdValorem(Term::AdValorem {
            percent: n,
            basis: Some(basis_text(r, text)?),
        }));
    }
    if let Some(r) = rest.strip_prefix(" percent") {
        if r.trim().is_empty() {
            return Ok(Lead::AdValorem(Term::AdValorem {
                percent: n,
                basis: None,
            }));
        }
    }
    match rest.strip_prefix('¢') {
        Some(r) => Ok(Lead::Money(cents_to_dollars(n, text)?, r)),
        None => Err(bad(text, format!("expected %, ¢ or $ in {:?}", echo(p)))),
    }
}

/// A specific term after its `amount`: `each [on|of BASIS]`, or `/` and a
/// count (`/1000`, `/thousand`) or a unit (`/kg ...`). `p` is the whole
/// term, for errors.
fn specific_term(amount: Decimal, rest: &str, p: &str, text: &str) -> Result<Term> {
    let rest = rest.trim_start_matches(' ');
    let lower = rest.to_ascii_lowercase();
    if let Some(r) = lower.strip_prefix("each") {
        let tail = rest[rest.len() - r.len()..].trim();
        let basis = qualifier(tail, text, &["on ", "of "])?;
        return Ok(Term::Specific {
            amount,
            per: Decimal::ONE,
            unit: Unit::Number,
            basis,
            over: None,
        });
    }
    if lower.starts_with("for each other piece") {
        return Err(bad(text, "per-piece movement rates are not supported"));
    }
    let r = rest
        .strip_prefix('/')
        .ok_or_else(|| {
            bad(
                text,
                format!(
                    "expected '/unit' or 'each' after the amount in {:?}",
                    echo(p)
                ),
            )
        })?
        .trim_start();
    match per_count(amount, r, text)? {
        Some(term) => Ok(term),
        None => per_unit(amount, r, p, text),
    }
}

/// `amount` per a count of articles, `r` being what follows the `/`:
/// `thousand`, `1000`, `1,000 pins`. `None` when `r` is no count.
fn per_count(amount: Decimal, r: &str, text: &str) -> Result<Option<Term>> {
    let lower = r.to_ascii_lowercase();
    if let Some(tail) = ["thousand", "thou- sand"]
        .iter()
        .find_map(|w| lower.strip_prefix(w))
    {
        if !tail.trim().is_empty() {
            return Err(bad(
                text,
                format!("unexpected {:?} after /thousand", echo(tail.trim())),
            ));
        }
        return Ok(Some(Term::Specific {
            amount,
            per: Decimal::from(1000),
            unit: Unit::Number,
            basis: None,
            over: None,
        }));
    }
    if !r.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(None);
    }
    let (per, tail) = take_number(r, text)?;
    if per.is_zero() {
        return Err(bad(text, "a rate per 0 units"));
    }
    if per < limits::MIN_RATE_PER {
        return Err(too_large(
            text,
            format!(
                "a rate per at least {} units (/{} is per fewer)",
                limits::MIN_RATE_PER,
                per.normalize()
            ),
        ));
    }
    let tail = tail.trim();
    let tail = tail.strip_prefix("pins").unwrap_or(tail).trim();
    if !tail.is_empty() {
        return Err(bad(
            text,
            format!("unexpected {:?} after /{per}", echo(tail)),
        ));
    }
    Ok(Some(Term::Specific {
        amount,
        per,
        unit: Unit::Number,
        basis: None,
        over: None,
    }))
}

/// `amount` per one unit, `r` being what follows the `/`: a unit of
/// [`UNIT_WORDS`], then the sugar-degree form (`kg less ...`), `over N`
/// (`/jewel over 7`) or a qualifier (`on drained weight`).
fn per_unit(amount: Decimal, r: &str, p: &str, text: &str) -> Result<Term> {
    let rl = r.to_ascii_lowercase();
    let (unit, after) = UNIT_WORDS
        .iter()
        .find(|(w, _)| {
            rl.starts_with(w) && {
                let next = rl[w.len()..].chars().next();
                w.ends_with(|c: char| !c.is_ascii_alphabetic())
                    || next.map_or(true, |c| !c.is_ascii_alphabetic())
            }
        })
        .map(|(w, u)| (*u, &r[w.len()..]))
        .ok_or_else(|| bad(text, format!("unknown unit in {:?}", echo(p))))?;
    let tail = after.trim();
    let tl = tail.to_ascii_lowercase();
    if unit == Unit::Kg && tl.starts_with("less ") {
        return parse_sugar(amount, tail, text);
    }
    if let Some(o) = tl.strip_prefix("over ") {
        let (n, t) = take_number(o.trim(), text)?;
        if !t.trim().is_empty() {
            return Err(bad(text, format!("unexpected {:?}", echo(t))));
        }
        return Ok(Term::Specific {
            amount,
            per: Decimal::ONE,
            unit,
            basis: None,
            over: Some(n),
        });
    }
    let basis = qualifier(tail, text, &["on ", "of ", ", ", ""])?;
    Ok(Term::Specific {
        amount,
        per: Decimal::ONE,
        unit,
        basis,
        over: None,
    })
}

/// A qualifier after a term: `on drained weight` -> `drained weight`,
/// `on the case` -> `case`, `, including weight of container` ->
/// `including weight of container`.
fn qualifier(tail: &str, text: &str, leads: &[&str]) -> Result<Option<String>> {
    let t = tail.trim();
    if t.is_empty() {
        return Ok(None);
    }
    for lead in leads {
        if let Some(r) = t.strip_prefix(lead) {
            if r.trim().trim_start_matches("the ").trim().is_empty() {
                break;
            }
            return basis_text(r, text).map(Some);
        }
    }
    Err(bad(text, format!("unexpected {:?}", echo(t))))
}

/// The basis of a term (`copper content`, `case`) as plain words: no
/// control character and none of the rate syntax (`+`, `%`, `¢`, `$`, `but
/// not`), which would make the rate's text read back as other terms (the
/// fuzz target `rate` found `… on x + 4.4% …` taken whole as a basis).
fn basis_text(b: &str, text: &str) -> Result<String> {
    // Every leading "the " and ", " goes, as the reading of its display
    // would drop them (`on the the case` is the basis `case`).
    let mut b = b.trim();
    while let Some(r) = b.strip_prefix("the ").or_else(|| b.strip_prefix(", ")) {
        b = r.trim();
    }
    // Commas at its end belong to the separator that follows (`…, but not
    // less than`), as the reading of its display would take them.
    let b = b.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
    if b.is_empty() {
        return Err(bad(
            text,
            "a basis of plain words after `on`, `of` or `the`",
        ));
    }
    if let Some(c) = b
        .chars()
        .find(|c| c.is_control() || matches!(c, '+' | '%' | '¢' | '$'))
    {
        return Err(bad(
            text,
            format!("a basis of plain words, without {c:?} ({:?})", echo(b)),
        ));
    }
    if b.to_ascii_lowercase().contains("but not") {
        return Err(bad(
            text,
            format!(
                "a basis of plain words, without \"but not\" ({:?})",
                echo(b)
            ),
        ));
    }
    Ok(b.to_string())
}

fn parse_sugar(base: Decimal, tail: &str, text: &str) -> Result<Term> {
    // "less 0.020¢/kg for each degree under 100 degrees (and fractions of a
    //  degree in proportion) but not less than 0.9¢/kg"
    let bad_form = || bad(text, "unrecognised sugar-degree form");
    let r = tail.strip_prefix("less ").ok_or_else(bad_form)?;
    let cents = |s: &str| -> Result<(Decimal, String)> {
        let s = s.trim();
        let (n, rest) = take_number(s, text)?;
        let rest = rest.trim_start();
        let rest = rest.strip_prefix('¢').ok_or_else(bad_form)?;
        let rest = rest
            .trim_start()
            .strip_prefix("/")
            .ok_or_else(bad_form)?
            .trim_start();
        let rest = rest.strip_prefix("kg").ok_or_else(bad_form)?;
        Ok((cents_to_dollars(n, text)?, rest.to_string()))
    };
    let (step, rest) = cents(r)?;
    let rest = rest.trim();
    let rest = rest
        .strip_prefix("for each degree under ")
        .ok_or_else(bad_form)?;
    let (under, rest) = take_number(rest, text)?;
    let i = rest.find("not less").ok_or_else(bad_form)?;
    let rest = &rest[i + "not less".len()..];
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("than").unwrap_or(rest);
    let (floor, rest) = cents(rest)?;
    if !rest.trim().is_empty() {
        return Err(bad_form());
    }
    Ok(Term::SugarDegrees {
        base,
        step,
        under,
        floor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn chapter_99_forms() {
        assert_eq!(
            Rate::parse("The duty provided in the applicable subheading + 25%").unwrap(),
            Rate::AdditionalTo(Expr {
                terms: vec![Term::AdValorem {
                    percent: d("25"),
                    basis: None
                }],
                ..Expr::default()
            })
        );
        let r = Rate::parse("The duty provided in the applicable subheading").unwrap();
        assert_eq!(r.amount(d("100"), &()).unwrap(), Decimal::ZERO);
        assert_eq!(Rate::parse("No change").unwrap(), Rate::NoChange);
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "abc",
            "5",
            "5% /",
            "$",
            "¢/kg",
            "5¢/furlong",
            "5% + ",
            "+",
        ] {
            assert!(Rate::parse(bad).is_err(), "{bad}");
        }
    }
}
