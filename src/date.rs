//! Civil dates (`YYYY-MM-DD`), the time axis of every schedule.

use crate::error::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A proleptic Gregorian calendar date, years 1 to 9999.
///
/// Stored as a day number, so comparisons and day arithmetic are cheap.
///
/// ```
/// use tariffs::Date;
/// let d: Date = "2025-05-02".parse().unwrap();
/// assert_eq!(d.to_string(), "2025-05-02");
/// assert_eq!(d.add_days(30).to_string(), "2025-06-01");
/// assert!("2025-02-30".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// The smallest representable date, 0001-01-01.
    pub const MIN: Date = Date(-719_162);
    /// The largest representable date, 9999-12-31.
    pub const MAX: Date = Date(2_932_896);

    /// Builds a date from year, month and day, or `None` when it does not exist.
    ///
    /// ```
    /// use tariffs::Date;
    /// assert!(Date::from_ymd(2024, 2, 29).is_some());
    /// assert!(Date::from_ymd(2025, 2, 29).is_none());
    /// ```
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// The date `n` days later (earlier when negative), clamped to the representable range.
    pub fn add_days(self, n: i32) -> Date {
        Date(self.0.saturating_add(n).clamp(Date::MIN.0, Date::MAX.0))
    }

    /// Number of days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i32 {
        other.0 - self.0
    }
}

/// Whether `y` is a leap year of the Gregorian calendar.
pub(crate) fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl Date {
    /// Parses `YYYY-MM-DD`, naming `field` in the error.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] (field `field`) when the text, trimmed, is not
    /// `YYYY-MM-DD` with digits, or names no calendar day of the years 1 to
    /// 9999 (`2025-02-29`).
    pub fn parse_field(field: &str, s: &str) -> Result<Date> {
        let err = || Error::invalid(field, s, "a date YYYY-MM-DD, e.g. 2025-05-02");
        let t = s.trim();
        let b = t.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &t[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (y, m, d) = match (num(0..4), num(5..7), num(8..10)) {
            (Some(y), Some(m), Some(d)) => (y, m, d),
            _ => return Err(err()),
        };
        Date::from_ymd(y as i32, m, d).ok_or_else(err)
    }
}

impl FromStr for Date {
    type Err = Error;
    fn from_str(s: &str) -> Result<Date> {
        Date::parse_field("date", s)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_day_zero() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days_since_epoch(), 0);
        // 2025-01-01 is 20089 days after the epoch (55 years incl. 14 leap days: 55*365+14).
        assert_eq!(
            Date::from_ymd(2025, 1, 1).unwrap().days_since_epoch(),
            55 * 365 + 14
        );
    }

    #[test]
    fn round_trips_every_day_of_2024_to_2026() {
        let mut d = Date::from_ymd(2024, 1, 1).unwrap();
        let end = Date::from_ymd(2027, 1, 1).unwrap();
        let mut n = 0;
        while d < end {
            let s = d.to_string();
            assert_eq!(s.parse::<Date>().unwrap(), d);
            d = d.add_days(1);
            n += 1;
        }
        assert_eq!(n, 366 + 365 + 365);
    }

    #[test]
    fn rejects_bad_dates_naming_the_value() {
        for bad in [
            "2025-13-01",
            "2025-00-10",
            "2025-04-31",
            "25-04-01",
            "2025/04/01",
            "",
            "2025-4-1",
        ] {
            let e = bad.parse::<Date>().unwrap_err();
            assert!(e.to_string().contains(&format!("{bad:?}")), "{e}");
        }
    }

    #[test]
    fn min_and_max_are_the_documented_days() {
        assert_eq!(Date::MIN.to_string(), "0001-01-01");
        assert_eq!(Date::MAX.to_string(), "9999-12-31");
    }
}
