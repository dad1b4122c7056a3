//! The column 1 special rates: groups of a rate and the program codes that
//! grant it (`Free (A+,AU,BH) 3.5% (JO)`).

use super::parse::bad;
use super::Rate;
use crate::error::Result;

/// One group of the column 1 special rates: a rate and the program codes
/// (`A`, `A+`, `AU`, `S`, `S+`...) that grant it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialRate {
    /// The preferential rate.
    pub rate: Rate,
    /// The program codes, as printed (`A*`, `A+`, `S`...).
    pub programs: Vec<String>,
}

/// Parses a column 1 special text such as
/// `Free (A+,AU,BH,CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG) 3.5% (JO)`.
///
/// ```
/// let s = tariffs::rate::parse_special("Free (AU,S) 2.1% (KR)").unwrap();
/// assert_eq!(s.len(), 2);
/// assert_eq!(s[1].programs, vec!["KR".to_string()]);
/// ```
///
/// # Errors
///
/// [`Error::InvalidRate`](crate::Error::InvalidRate) (the whole text) when
/// a group has no `(` with program codes or its `(` is not closed; the
/// errors of [`Rate::parse`] for a group's rate.
pub fn parse_special(text: &str) -> Result<Vec<SpecialRate>> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let open = rest
            .find('(')
            .ok_or_else(|| bad(text, "expected '(' with program codes"))?;
        let close = rest[open..]
            .find(')')
            .map(|i| i + open)
            .ok_or_else(|| bad(text, "unclosed '('"))?;
        let rate = Rate::parse(&rest[..open])?;
        let programs: Vec<String> = rest[open + 1..close]
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        out.push(SpecialRate { rate, programs });
        rest = rest[close + 1..].trim_start_matches([' ', ',', ';']).trim();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_column_with_a_cross_reference_keeps_the_other_groups() {
        // Seen in 2026 HTS dairy lines: one group refers to Chapter 98.
        let s = parse_special("Free (A+,CL,KR,S) See 9822.04.01-9822.04.03 (AU)").unwrap();
        assert_eq!(s.len(), 2);
        assert!(s[0].programs.contains(&"KR".to_string()));
        assert!(matches!(s[1].rate, Rate::Reference(_)));
    }

    #[test]
    fn special_column() {
        let s = parse_special("Free (A+,AU,BH, CL,CO,D,E,IL,JO,KR,MA,OM,P,PA,PE,S,SG)").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].rate, Rate::Free);
        assert!(s[0].programs.contains(&"S".to_string()));
        assert!(s[0].programs.contains(&"CL".to_string()));
    }
}
