//! Tariff codes (HTS numbers) and prefix matching.

use crate::error::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A tariff code at one of the levels of the Harmonized Tariff Schedule, as
/// the USITC numbers them: chapter (2 digits, `61`), heading (4, `6109`),
/// subheading (6, `6109.10`), tariff line (8, `6109.10.00`) or statistical
/// reporting number (10, `6109.10.00.12`). An odd number of digits is no
/// level of the HTS (in practice a digit dropped or added) and is refused.
///
/// Where each length is accepted:
/// - an entry to quote: 8 or 10 digits (a shorter code covers many lines
///   with different rates; the quote refuses it naming the field `hts`);
/// - a base line of a schedule: 8 or 10 digits;
/// - product scopes and product lists of a schedule: any level, as a prefix
///   (`61` covers chapter 61).
///
/// Dots and surrounding whitespace are optional on input; `Display` writes the
/// dotted USITC form. Codes are `Copy` and compare by digits, then length.
///
/// ```
/// use tariffs::HtsCode;
/// let line: HtsCode = "6109100012".parse().unwrap();
/// assert_eq!(line.to_string(), "6109.10.00.12");
/// let heading: HtsCode = " 6109 ".parse().unwrap();
/// assert!(line.starts_with(heading));
/// assert!(!heading.starts_with(line));
/// assert_eq!(line.truncate(8).to_string(), "6109.10.00");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HtsCode {
    digits: u64,
    len: u8,
}

const POW10: [u64; 11] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
];

impl HtsCode {
    /// Parses a code, naming `field` in the error.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] (field `field`) when the text, trimmed, is not
    /// 2, 4, 6, 8 or 10 digits with optional dots between digits.
    pub fn parse_field(field: &str, s: &str) -> Result<HtsCode> {
        let t = s.trim();
        let mut digits: u64 = 0;
        let mut len: u8 = 0;
        let mut last_dot = true;
        for b in t.bytes() {
            match b {
                b'0'..=b'9' => {
                    if len == 10 {
                        return Err(bad_code(field, s));
                    }
                    digits = digits * 10 + u64::from(b - b'0');
                    len += 1;
                    last_dot = false;
                }
                b'.' if !last_dot => last_dot = true,
                _ => return Err(bad_code(field, s)),
            }
        }
        if len < 2 || last_dot || len % 2 == 1 {
            return Err(bad_code(field, s));
        }
        Ok(HtsCode { digits, len })
    }

    /// Number of digits (2, 4, 6, 8 or 10).
    pub fn len(self) -> usize {
        usize::from(self.len)
    }

    /// Always false: a code has at least two digits. Present for API symmetry.
    pub fn is_empty(self) -> bool {
        false
    }

    /// The digits as an integer (without leading-zero information; see [`HtsCode::len`]).
    pub fn digits(self) -> u64 {
        self.digits
    }

    /// The first `n` digits (or the whole code when it is shorter).
    pub fn truncate(self, n: usize) -> HtsCode {
        let n = n.clamp(2, self.len());
        HtsCode {
            digits: self.digits / POW10[self.len() - n],
            len: n as u8,
        }
    }

    /// Whether `prefix` is a prefix of this code (every code starts with itself).
    pub fn starts_with(self, prefix: HtsCode) -> bool {
        prefix.len <= self.len
            && self.digits / POW10[usize::from(self.len - prefix.len)] == prefix.digits
    }

    /// A compact key that is unique per (digits, length), for hash indexes.
    pub fn key(self) -> u64 {
        (self.digits << 4) | u64::from(self.len)
    }

    /// The digits as a string without dots, e.g. `6109100012`.
    pub fn plain(self) -> String {
        format!("{:0width$}", self.digits, width = self.len())
    }

    /// Whether this is a Chapter 99 heading (`99xx...`), where additional duties live.
    pub fn is_chapter_99(self) -> bool {
        self.truncate(2).digits == 99
    }
}

fn bad_code(field: &str, s: &str) -> Error {
    Error::invalid(
        field,
        s,
        "an HTS code of 2, 4, 6, 8 or 10 digits (chapter, heading, subheading, tariff line, statistical reporting number), dots optional, e.g. 6109.10.00.12",
    )
}

impl FromStr for HtsCode {
    type Err = Error;
    fn from_str(s: &str) -> Result<HtsCode> {
        HtsCode::parse_field("hts", s)
    }
}

impl fmt::Display for HtsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.plain();
        let cut = |a: usize, b: usize| &p[a.min(p.len())..b.min(p.len())];
        f.write_str(cut(0, 4))?;
        for (a, b) in [(4, 6), (6, 8), (8, 10)] {
            if p.len() > a {
                write!(f, ".{}", cut(a, b))?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for HtsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HtsCode({self})")
    }
}

impl Serialize for HtsCode {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for HtsCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<HtsCode, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> HtsCode {
        s.parse().unwrap()
    }

    #[test]
    fn accepts_every_documented_form() {
        assert_eq!(c("6109.10.00.12"), c("6109100012"));
        assert_eq!(c("6109.10"), c("610910"));
        assert_eq!(c("61").len(), 2);
        assert_eq!(c("  0101.21.00 ").to_string(), "0101.21.00");
        assert_eq!(c("0101").plain(), "0101");
    }

    #[test]
    fn leading_zeros_are_kept_distinct_by_length() {
        // "01" (chapter 1) and "0101" (heading 0101) both have value 1.
        assert_ne!(c("01"), c("0101"));
        assert!(c("0101").starts_with(c("01")));
        assert!(!c("0201").starts_with(c("01")));
    }

    #[test]
    fn rejects_bad_codes_naming_them() {
        for bad in [
            "",
            "6",
            "61091000123",
            "61a9",
            "6109..10",
            ".6109",
            "6109.",
            "-61",
            // Odd lengths are no HTS level: a digit dropped or added.
            "610",
            "61091",
            "6109100",
            "6109.10.00.1",
            "610910001",
        ] {
            let e = bad.parse::<HtsCode>().unwrap_err();
            assert_eq!(e.field(), Some("hts"));
            assert!(e.to_string().contains(&format!("{bad:?}")), "{e}");
        }
    }

    #[test]
    fn prefix_matching() {
        let line = c("6109.10.00.12");
        for p in ["61", "6109", "6109.10", "6109.10.00", "6109.10.00.12"] {
            assert!(line.starts_with(c(p)), "{p}");
        }
        for p in ["62", "6110", "6109.90", "6109.10.00.14"] {
            assert!(!line.starts_with(c(p)), "{p}");
        }
    }
}
