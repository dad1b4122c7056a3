//! Countries (ISO 3166-1 alpha-2) and currencies (ISO 4217 alpha-3).
//!
//! Named groups of countries (EU27, USMCA partners...) are data, defined in a
//! schedule's `groups`, never in code.

use crate::error::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, plus `XK` (Kosovo,
/// user-assigned but used by US Customs and the Census Bureau), sorted.
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// Whether each two-letter code (by [`Country::index`]) is assigned, built at compile time.
const ASSIGNED: [bool; 676] = {
    let b = ISO_3166_ALPHA2.as_bytes();
    let mut t = [false; 676];
    let mut i = 0;
    while i + 1 < b.len() {
        t[(b[i] - b'A') as usize * 26 + (b[i + 1] - b'A') as usize] = true;
        i += 3;
    }
    t
};

/// A country, by its ISO 3166-1 alpha-2 code (`CN`, `US`, `DE`...).
///
/// Input is case-insensitive and trimmed; unassigned codes are rejected.
///
/// ```
/// use tariffs::Country;
/// let cn: Country = "cn".parse().unwrap();
/// assert_eq!(cn.as_str(), "CN");
/// assert!("ZZ".parse::<Country>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// The United States, the default importer.
    pub const US: Country = Country(*b"US");

    /// Parses a code, naming `field` in the error.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] (field `field`) when the text, trimmed, is not
    /// an assigned ISO 3166-1 alpha-2 code (in any case).
    pub fn parse_field(field: &str, s: &str) -> Result<Country> {
        let t = s.trim();
        let b = t.as_bytes();
        if b.len() == 2 && b.iter().all(u8::is_ascii_alphabetic) {
            let up = [b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase()];
            if ASSIGNED[usize::from(up[0] - b'A') * 26 + usize::from(up[1] - b'A')] {
                return Ok(Country(up));
            }
        }
        Err(Error::invalid(
            field,
            s,
            "an ISO 3166-1 alpha-2 country code, e.g. CN, US, DE",
        ))
    }

    /// The two-letter code.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// A dense index in `0..676` (26 x 26), for bitsets.
    pub fn index(self) -> usize {
        usize::from(self.0[0] - b'A') * 26 + usize::from(self.0[1] - b'A')
    }

    /// Every assigned code, in alphabetical order.
    pub fn all() -> impl Iterator<Item = Country> {
        ISO_3166_ALPHA2.split(' ').map(|c| {
            let b = c.as_bytes();
            Country([b[0], b[1]])
        })
    }
}

impl FromStr for Country {
    type Err = Error;
    fn from_str(s: &str) -> Result<Country> {
        Country::parse_field("country", s)
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Country({})", self.as_str())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Country, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A currency, by its three-letter ISO 4217 code (`USD`, `CNY`, `CAD`...).
///
/// ```
/// use tariffs::Currency;
/// assert_eq!("usd".parse::<Currency>().unwrap().as_str(), "USD");
/// assert!("US".parse::<Currency>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// United States dollar.
    pub const USD: Currency = Currency(*b"USD");

    /// Parses a code, naming `field` in the error. Any three ASCII letters
    /// are read as a code (upper-cased); the list of ISO 4217 codes is not
    /// checked.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] (field `field`) when the text, trimmed, is not
    /// three ASCII letters.
    pub fn parse_field(field: &str, s: &str) -> Result<Currency> {
        let b = s.trim().as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_alphabetic) {
            return Ok(Currency([
                b[0].to_ascii_uppercase(),
                b[1].to_ascii_uppercase(),
                b[2].to_ascii_uppercase(),
            ]));
        }
        Err(Error::invalid(
            field,
            s,
            "a three-letter ISO 4217 currency code, e.g. USD",
        ))
    }

    /// The three-letter code.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Currency> {
        Currency::parse_field("currency", s)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Currency, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A set of countries as a 676-bit bitset, for constant-time membership.
#[derive(Clone, PartialEq, Eq, Default)]
pub(crate) struct CountrySet([u64; 11]);

impl CountrySet {
    pub(crate) fn insert(&mut self, c: Country) {
        let i = c.index();
        self.0[i / 64] |= 1 << (i % 64);
    }
    pub(crate) fn contains(&self, c: Country) -> bool {
        let i = c.index();
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
    pub(crate) fn intersects(&self, other: &CountrySet) -> bool {
        self.0.iter().zip(other.0.iter()).any(|(a, b)| a & b != 0)
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
    /// Adds every country of `other`.
    pub(crate) fn union_with(&mut self, other: &CountrySet) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a |= b;
        }
    }
    /// Removes every country of `other`.
    pub(crate) fn subtract(&mut self, other: &CountrySet) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a &= !b;
        }
    }
    /// The number of countries.
    pub(crate) fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    /// The [`Country::index`] of each member, ascending.
    pub(crate) fn indexes(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(k * 64 + b)
            })
        })
    }
}

impl fmt::Debug for CountrySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(Country::all().filter(|c| self.contains(*c)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_and_complete() {
        let all: Vec<Country> = Country::all().collect();
        assert_eq!(all.len(), 250); // 249 ISO codes + XK
        assert!(all.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn lookup_table_agrees_with_the_list() {
        let listed: Vec<Country> = Country::all().collect();
        let mut n = 0;
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                let code = format!("{}{}", a as char, b as char);
                let ok = code.parse::<Country>().is_ok();
                assert_eq!(ok, listed.iter().any(|c| c.as_str() == code), "{code}");
                n += usize::from(ok);
            }
        }
        assert_eq!(n, 250);
    }

    #[test]
    fn rejects_unassigned_and_malformed() {
        for bad in ["ZZ", "C", "CHN", "1A", "", "É1"] {
            let e = bad.parse::<Country>().unwrap_err();
            assert!(e.to_string().contains(&format!("{bad:?}")));
        }
    }

    #[test]
    fn bitset_membership() {
        let mut s = CountrySet::default();
        let cn: Country = "CN".parse().unwrap();
        let hk: Country = "HK".parse().unwrap();
        s.insert(cn);
        assert!(s.contains(cn) && !s.contains(hk));
        let mut t = CountrySet::default();
        t.insert(hk);
        t.union_with(&s);
        assert_eq!(t.len(), 2);
        assert_eq!(
            t.indexes().collect::<Vec<_>>(),
            vec![cn.index(), hk.index()]
        );
        assert!(t.intersects(&s));
        t.subtract(&s);
        assert!(t.contains(hk) && !t.contains(cn) && !t.intersects(&s));
        s.subtract(&s.clone());
        assert!(s.is_empty());
        let mut all = CountrySet::default();
        Country::all().for_each(|c| all.insert(c));
        assert_eq!(all.len(), 250);
        assert_eq!(all.indexes().count(), 250);
    }
}
