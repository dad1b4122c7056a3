//! Audit of filed duties: the amounts an entry line was filed with (per
//! authority, or per heading as on CBP Form 7501's line detail) against the
//! lines the schedule computes for it.

use crate::engine::round_money;
use crate::error::{Error, Result};
use crate::quote::{LineKind, Quote};
use rust_decimal::Decimal;
use serde::Serialize;

/// One filed amount of an entry line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    /// What the amount is for: an authority (`mfn`, `ieepa_fentanyl`,
    /// `section_301`, `mpf`), a Chapter 99 heading (`9903.01.24`, dots
    /// optional), the line's HTS code (its base duty), or a fee's class
    /// code as on Form 7501 (`499` MPF, `501` HMF).
    pub key: String,
    /// The amount filed (deposited), in the importer's currency.
    pub amount: Decimal,
}

/// The largest filed amount read, in absolute value.
const MAX_FILED: Decimal = Decimal::from_parts(0, 0, 54_210, false, 0); // 54210 x 2^64 ≈ 1e24

impl Filed {
    /// A filed amount, checked.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming `filed` when the key is empty or the
    /// amount is beyond ±1e24.
    pub fn new(key: &str, amount: Decimal) -> Result<Filed> {
        let key = key.trim();
        if key.is_empty() || key.len() > crate::limits::MAX_FIELD_CHARS {
            return Err(Error::InvalidInput {
                field: "filed".into(),
                value: key.into(),
                expected: "an authority, a heading or an HTS code (1 to 64 characters)".into(),
            });
        }
        if amount.abs() > MAX_FILED {
            return Err(Error::InvalidInput {
                field: format!("filed {key}"),
                value: amount.to_string(),
                expected: "an amount within ±1e24".into(),
            });
        }
        Ok(Filed {
            key: key.to_string(),
            amount,
        })
    }
}

/// How a filed amount and the computed one differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Computed, not filed: a heading or authority missing from the filing.
    Missing,
    /// Filed, not computed: it does not apply to this line (the reason is
    /// in the explanation when the schedule excluded it).
    NotDue,
    /// Filed and computed, with amounts that differ: a wrong rate or base.
    Amount,
}

impl FindingKind {
    /// `missing`, `not_due` or `amount`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Missing => "missing",
            FindingKind::NotDue => "not_due",
            FindingKind::Amount => "amount",
        }
    }
}

/// A difference beyond the tolerance between a filed amount and the computed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The authority or heading compared (as filed; the computed line's
    /// heading or authority for a missing one).
    pub key: String,
    /// What kind of difference.
    pub kind: FindingKind,
    /// The amount filed (0 when missing).
    pub filed: Decimal,
    /// The amount computed (0 when not due).
    pub computed: Decimal,
    /// `filed - computed`: positive when overpaid.
    pub difference: Decimal,
    /// The computed lines of this key with rate, base, amount and reason,
    /// or why the filed one does not apply.
    pub explanation: String,
}

/// Digits of a code-like key (`9903.01.24` -> `99030124`), `None` for a name.
fn digits(key: &str) -> Option<String> {
    let k = key.trim();
    if k.is_empty()
        || !k
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ' ')
    {
        return None;
    }
    Some(k.chars().filter(char::is_ascii_digit).collect())
}

/// A filed key as compared: the digits of a code-like key, the lowercase
/// name of an authority.
enum Key {
    Code(String),
    Name(String),
}

impl Key {
    fn of(key: &str) -> Key {
        match digits(key) {
            Some(d) => Key::Code(d),
            None => Key::Name(key.trim().to_ascii_lowercase()),
        }
    }

    /// Whether `line` of the quote (whose HTS code has the digits `code`)
    /// is one this key stands for.
    fn matches(&self, line: &crate::quote::Line, code: &str) -> bool {
        match self {
            Key::Name(n) => line.authority.as_ref().eq_ignore_ascii_case(n),
            Key::Code(d) => match d.as_str() {
                "499" => line.authority.as_ref() == "mpf",
                "501" => line.authority.as_ref() == "hmf",
                _ => {
                    line.heading.as_deref().and_then(digits).as_deref() == Some(d.as_str())
                        || (line.kind == LineKind::Base && code == d)
                }
            },
        }
    }

    /// Whether an excluded measure (its authority and heading) is one this
    /// key stands for.
    fn names(&self, authority: &str, heading: Option<&str>) -> bool {
        match self {
            Key::Name(n) => authority.eq_ignore_ascii_case(n),
            Key::Code(d) => heading.and_then(digits).as_deref() == Some(d.as_str()),
        }
    }

    fn same(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Code(a), Key::Code(b)) | (Key::Name(a), Key::Name(b)) => a == b,
            _ => false,
        }
    }
}

fn describe(line: &crate::quote::Line) -> String {
    format!(
        "{} {} {} on {} = {} ({})",
        line.authority,
        line.heading.as_deref().unwrap_or("-"),
        line.rate,
        line.base,
        line.amount,
        line.reason
    )
}

/// The findings of one entry line: every filed key whose amount differs
/// from the computed by more than `tolerance`, then every computed duty
/// line (base or additional, nonzero) that no filed key covers. Fees are
/// compared only when filed.
pub(crate) fn audit(quote: &Quote, filed: &[Filed], tolerance: Decimal) -> Vec<Finding> {
    let mut out = Vec::new();
    // Filed keys in order of first appearance (as first written), with
    // their summed amounts.
    let mut keys: Vec<(String, Key, Decimal)> = Vec::new();
    for f in filed {
        let k = Key::of(&f.key);
        match keys.iter_mut().find(|(_, seen, _)| seen.same(&k)) {
            Some((_, _, a)) => *a += f.amount,
            None => keys.push((f.key.trim().to_string(), k, f.amount)),
        }
    }
    let code = digits(&quote.code.to_string()).unwrap_or_default();
    let mut covered = vec![false; quote.lines.len()];
    for (key, k, amount) in &keys {
        let mut computed = Decimal::ZERO;
        let mut lines = Vec::new();
        for (i, l) in quote.lines.iter().enumerate() {
            if k.matches(l, &code) {
                covered[i] = true;
                computed += l.amount;
                lines.push(describe(l));
            }
        }
        let difference = round_money(*amount - computed);
        if difference.abs() <= tolerance {
            continue;
        }
        let (kind, explanation) = if lines.is_empty() {
            let why: Vec<String> = quote
                .excluded
                .iter()
                .filter(|x| k.names(&x.authority, x.heading.as_deref()))
                .map(|x| {
                    format!(
                        "{} {} excluded: {}",
                        x.authority,
                        x.heading.as_deref().unwrap_or("-"),
                        x.reason
                    )
                })
                .collect();
            let explanation = if why.is_empty() {
                format!(
                    "no line of this entry has {key} on {} ({} from {})",
                    quote.entry_date, quote.code, quote.origin
                )
            } else {
                why.join("; ")
            };
            (FindingKind::NotDue, explanation)
        } else {
            (FindingKind::Amount, lines.join("; "))
        };
        out.push(Finding {
            key: key.clone(),
            kind,
            filed: round_money(*amount),
            computed: round_money(computed),
            difference,
            explanation,
        });
    }
    for (i, l) in quote.lines.iter().enumerate() {
        if covered[i] || l.kind == LineKind::Fee || l.kind == LineKind::Exemption {
            continue;
        }
        if l.amount.abs() <= tolerance {
            continue;
        }
        out.push(Finding {
            key: l
                .heading
                .as_deref()
                .map_or_else(|| l.authority.to_string(), str::to_string),
            kind: FindingKind::Missing,
            filed: round_money(Decimal::ZERO),
            computed: l.amount,
            difference: round_money(-l.amount),
            explanation: describe(l),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_keys() {
        assert_eq!(digits("9903.01.24").as_deref(), Some("99030124"));
        assert_eq!(digits("6109.10.0012").as_deref(), Some("6109100012"));
        assert_eq!(digits("mpf"), None);
        assert_eq!(digits("..."), Some(String::new()));
    }

    #[test]
    fn filed_amounts_are_bounded() {
        assert!(Filed::new("", Decimal::ONE).is_err());
        let e = Filed::new("mfn", Decimal::MAX).unwrap_err();
        assert!(e.to_string().contains("filed mfn"), "{e}");
        assert!(Filed::new("mfn", MAX_FILED).is_ok());
    }
}
