//! Which way an IEEPA refund goes, from an entry's liquidation and the date
//! the claim is made: CBP's CAPE process (Consolidated Administration and
//! Processing of Entries) for unliquidated and recently liquidated entries,
//! a protest while liquidation is not yet final, and no settled path for
//! finally liquidated entries. Sources: `docs/refunds-sources.md`.

use crate::date::Date;
use crate::error::{Error, Result};

/// Days after liquidation during which CAPE takes a liquidated entry
/// (CSMS #68340863: entries "within 80 days of liquidation"; CBP keeps
/// them inside its 90-day voluntary reliquidation window, 19 U.S.C. 1501).
pub const CAPE_WINDOW_DAYS: i32 = 80;

/// Days after liquidation to protest it (19 U.S.C. 1514(c)(3)).
pub const PROTEST_DAYS: i32 = 180;

/// An entry's liquidation as the importer knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiquidationStatus {
    /// Not liquidated (also: extended, suspended).
    Unliquidated,
    /// Liquidated on the given date (the date is required).
    Liquidated,
    /// Finally liquidated: the protest period ran out or a protest was
    /// denied, whatever the date.
    Final,
}

impl LiquidationStatus {
    /// Parses `unliquidated` (or `open`, `extended`, `suspended`),
    /// `liquidated`, `final` (or `finally_liquidated`); case-insensitive.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming the field `liquidation_status`.
    pub fn parse(s: &str) -> Result<LiquidationStatus> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "unliquidated" | "open" | "extended" | "suspended" => {
                Ok(LiquidationStatus::Unliquidated)
            }
            "liquidated" => Ok(LiquidationStatus::Liquidated),
            "final" | "finally_liquidated" | "final_liquidation" => Ok(LiquidationStatus::Final),
            _ => Err(Error::InvalidInput {
                field: "liquidation_status".into(),
                value: s.into(),
                expected: "unliquidated, liquidated or final".into(),
            }),
        }
    }
}

/// The refund path of an entry line's IEEPA duty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// The line owes no IEEPA duty: nothing to claim.
    None,
    /// Unliquidated (or liquidating after the as-of date): CAPE phase 1.
    Unliquidated,
    /// Liquidated at most [`CAPE_WINDOW_DAYS`] before the as-of date: CAPE phase 1.
    LiquidatedInWindow,
    /// Liquidated more than 80 and at most [`PROTEST_DAYS`] days before:
    /// past CAPE's window, still open to a protest under 19 U.S.C. 1514.
    Protest,
    /// Finally liquidated: contested; the government appealed on
    /// 2026-05-29 and says these need an order of the Court of
    /// International Trade for the importer.
    FinallyLiquidated,
    /// A postal item under EO 14324 (no entry: the carrier remitted the
    /// IEEPA duty): CAPE takes ACE entry summaries only, and no refund
    /// route for postal IEEPA duties was found.
    PostalNoEntry,
}

impl Category {
    /// Every category, in order.
    pub const ALL: [Category; 6] = [
        Category::None,
        Category::Unliquidated,
        Category::LiquidatedInWindow,
        Category::Protest,
        Category::FinallyLiquidated,
        Category::PostalNoEntry,
    ];

    /// `none`, `unliquidated`, `liquidated_in_window`, `protest`,
    /// `finally_liquidated`, `postal_no_entry`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::None => "none",
            Category::Unliquidated => "unliquidated",
            Category::LiquidatedInWindow => "liquidated_in_window",
            Category::Protest => "protest",
            Category::FinallyLiquidated => "finally_liquidated",
            Category::PostalNoEntry => "postal_no_entry",
        }
    }

    /// Whether CBP refunds it through CAPE today (phase 1).
    pub fn is_cape(self) -> bool {
        matches!(self, Category::Unliquidated | Category::LiquidatedInWindow)
    }

    /// What defines the category and what to do, with its source.
    pub fn message(self) -> &'static str {
        match self {
            Category::None => "no IEEPA duty on this line: nothing to claim",
            Category::Unliquidated => {
                "CAPE phase 1: unliquidated entries; file a CAPE declaration in ACE \
                 (CBP CSMS #68340863 of 2026-04-13, from 2026-04-20); CBP liquidates the entry \
                 45 days after acceptance and refunds with interest to liquidation (19 U.S.C. 1505, \
                 19 CFR 24.36)"
            }
            Category::LiquidatedInWindow => {
                "CAPE phase 1: entries within 80 days of liquidation; file a CAPE declaration \
                 in ACE (CBP CSMS #68340863 of 2026-04-13, from 2026-04-20); CBP reliquidates \
                 the next business day and refunds with interest to reliquidation (19 U.S.C. 1505, \
                 19 CFR 24.36)"
            }
            Category::Protest => {
                "past CAPE's 80-day window, within the 180-day protest period: protest the \
                 liquidation (19 U.S.C. 1514(c)(3)); CBP is considering these entries for a \
                 later CAPE phase (cbp.gov update of 2026-04-10)"
            }
            Category::FinallyLiquidated => {
                "finally liquidated: contested; the government appealed on 2026-05-29 and holds \
                 that these need an importer-specific order of the Court of International Trade \
                 (Atmus Filtration v. United States, No. 26-01259)"
            }
            Category::PostalNoEntry => {
                "postal item under EO 14324: no entry summary, so not a CAPE entry \
                 (CSMS #68340863 takes ACE entries only); no refund route for postal IEEPA \
                 duties found"
            }
        }
    }

    /// The category of an entry's liquidation on `as_of`, for a line with
    /// IEEPA duty (see [`Category::None`] for one without).
    ///
    /// ```
    /// use tariffs::refunds::{Category, LiquidationStatus};
    /// use tariffs::Date;
    /// let d = |s| Date::parse_field("d", s).unwrap();
    /// let as_of = d("2026-12-01");
    /// let c = |s, l| Category::of(s, l, as_of).unwrap();
    /// let liquidated = Some(LiquidationStatus::Liquidated);
    /// assert_eq!(c(None, None), Category::Unliquidated);
    /// assert_eq!(c(liquidated, Some(d("2026-09-12"))), Category::LiquidatedInWindow); // 80 days
    /// assert_eq!(c(None, Some(d("2026-09-11"))), Category::Protest);                 // 81 days
    /// assert_eq!(c(liquidated, Some(d("2026-06-04"))), Category::Protest);           // 180 days
    /// assert_eq!(c(liquidated, Some(d("2026-06-03"))), Category::FinallyLiquidated); // 181 days
    /// assert_eq!(c(Some(LiquidationStatus::Final), None), Category::FinallyLiquidated);
    /// assert_eq!(c(Some(LiquidationStatus::Unliquidated), Some(d("2026-01-01"))), Category::Unliquidated);
    /// ```
    ///
    /// No status and no date means unliquidated; a date with no status
    /// means liquidated on it; a liquidation date after `as_of` counts as
    /// unliquidated (scheduled); an explicit `unliquidated` wins over a date.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming `liquidation_date` when the status is
    /// `liquidated` and no date is given (the window cannot be told).
    pub fn of(
        status: Option<LiquidationStatus>,
        date: Option<Date>,
        as_of: Date,
    ) -> Result<Category> {
        match status {
            Some(LiquidationStatus::Final) => return Ok(Category::FinallyLiquidated),
            Some(LiquidationStatus::Unliquidated) => return Ok(Category::Unliquidated),
            _ => {}
        }
        let Some(date) = date else {
            return match status {
                Some(LiquidationStatus::Liquidated) => Err(Error::InvalidInput {
                    field: "liquidation_date".into(),
                    value: String::new(),
                    expected: "the date of liquidation, as liquidation_status is liquidated (the CAPE window counts from it)".into(),
                }),
                _ => Ok(Category::Unliquidated),
            };
        };
        let days = date.days_until(as_of);
        Ok(if days < 0 {
            Category::Unliquidated
        } else if days <= CAPE_WINDOW_DAYS {
            Category::LiquidatedInWindow
        } else if days <= PROTEST_DAYS {
            Category::Protest
        } else {
            Category::FinallyLiquidated
        })
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
