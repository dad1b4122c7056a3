//! # tariffs: exact, explainable import duties
//!
//! `tariffs` computes the duty on an import entry from a time-versioned tariff
//! schedule, and explains every line: which duty applies, at which rate, under
//! which legal authority and heading, which measures were excluded and why,
//! which exemption applied, which fees are due, and the total. Money is exact
//! decimal ([`rust_decimal::Decimal`]); every line is rounded to the cent,
//! half away from zero.
//!
//! ## A tour
//!
//! ```
//! use tariffs::{Schedule, EntryText};
//!
//! // A schedule: base rates, one additional duty on Chinese goods, and MPF.
//! let schedule = Schedule::from_json(r#"{
//!   "format": "tariffs-schedule/1",
//!   "importers": [{
//!     "country": "US", "currency": "USD",
//!     "base": {"source": "USITC HTS 2025", "lines": [
//!       {"code": "6109.10.00", "general": "16.5%", "other": "90%", "from": "2025-01-01"}]},
//!     "measures": [{
//!       "id": "cn-20", "authority": "ieepa_fentanyl", "heading": "9903.01.24",
//!       "description": "IEEPA duty on products of China", "rate": "20%",
//!       "origins": {"include": ["CN"]}, "from": "2025-03-04",
//!       "source": "EO 14228, 90 FR 11463"}],
//!     "fees": [{
//!       "id": "mpf", "authority": "mpf", "description": "Merchandise processing fee",
//!       "percent": "0.3464", "minimum": "32.71", "maximum": "634.62",
//!       "from": "2024-10-01", "source": "89 FR 57462"}]
//!   }]
//! }"#).unwrap();
//!
//! let entry = EntryText {
//!     origin: "CN", hts: "6109.10.00.12", value: "10000", date: "2025-04-01",
//!     ..Default::default()
//! }.parse().unwrap();
//! let quote = schedule.quote(&entry).unwrap();
//!
//! // 16.5% + 20% of $10,000, and MPF 0.3464% = $34.64.
//! assert_eq!(quote.duty.to_string(), "3650.00");
//! assert_eq!(quote.fees.to_string(), "34.64");
//! assert_eq!(quote.total.to_string(), "3684.64");
//! assert_eq!(quote.lines[1].authority.as_ref(), "ieepa_fentanyl");
//! println!("{quote}");
//! ```
//!
//! ## How the pieces fit
//!
//! - [`code`], [`country`], [`date`]: the value types of an entry ([`HtsCode`],
//!   [`Country`], [`Currency`], [`Date`]).
//! - [`rate`]: the duty-expression parser and evaluator ([`Rate`]).
//! - [`entry`]: the [`Entry`] to quote, and [`EntryText`] to build one from text.
//! - [`schedule`]: the JSON data format ([`ScheduleData`]) and the loaded
//!   [`Schedule`], immutable and `Send + Sync`.
//! - [`quote`]: the result ([`Quote`], [`Line`], [`Excluded`]).
//! - [`coverage`]: which dates a schedule answers for ([`Coverage`]); quotes
//!   past the reviewed-through date carry a [`Warning`], strict schedules
//!   refuse them.
//! - [`Error`]: one error type whose variants name the field and the value,
//!   and its [`ErrorKind`].
//! - [`batch`]: many entries at once, on every core, with an error per row
//!   ([`Schedule::quote_columns`], [`Schedule::quote_batch`]).
//! - [`refunds`]: IEEPA duty refunds per entry line (principal by
//!   authority, interest at the quarterly rates, CAPE category), totals per
//!   importer, category and month, and the audit of filed duties
//!   ([`Schedule::refunds`]; over Arrow tables with the `arrow` feature,
//!   `Schedule::refunds_record_batches`).
//! - `arrow` (cargo feature `arrow`): Arrow record batches of entries in,
//!   record batches of exact decimal128 results out
//!   (`Schedule::quote_record_batch`, `ArrowQuoter`).
//!
//! `docs/ARCHITECTURE.md` describes the layers (data, compile, plan, amounts,
//! explain) and which module owns what.
//!
//! ## The quote algorithm, in order
//!
//! 1. Find the importer; convert the value to its currency (`value x exchange_rate`, not rounded).
//! 2. **Base line**: the tariff line in force on the entry date (10-digit code
//!    first, then its 8-digit line). Column 2 if the origin is in `column2`;
//!    the special rate of a program if the entry claims it, the origin is
//!    eligible and the line lists one of its codes; else column 1 general.
//! 3. **Candidates**: measures whose product scope, origin scope and validity
//!    `[from, until)` cover the entry. A candidate whose conditions fail is
//!    listed in [`Quote::excluded`] with the failed condition.
//! 4. **Exemptions** whose scope, validity and conditions match, and which are
//!    not suspended for the origin, remove what their selectors name (base,
//!    measures, fees); removed items are listed with the exemption as reason.
//! 5. **Stacking**: candidates are visited in the topological order of the
//!    `excludes` / `superseded_by` relations (checked acyclic at load). A
//!    candidate applies unless an applied candidate displaces it.
//! 6. **Amounts**: every line is rounded to the cent, half away from zero
//!    (`MidpointAwayFromZero`). Floor measures come last among duties: the
//!    floor rate of the value less the lines of the counted authorities, never
//!    below zero.
//! 7. **Fees**: percent of the value clamped to [minimum, maximum], plus the
//!    flat amount, rounded; fees removed by an exemption are listed as excluded.
//! 8. **Totals**: duty = base + additional lines; fees; total; effective rate.

#![deny(missing_docs)]
#![deny(clippy::missing_errors_doc)]

pub mod analysis;
#[cfg(feature = "arrow")]
pub mod arrow;
pub mod batch;
pub mod builtin;
pub mod code;
pub mod country;
pub mod coverage;
mod data;
pub mod date;
mod engine;
pub mod entry;
pub mod error;
pub mod history;
pub mod hts;
pub mod limits;
pub mod panel;
pub mod quote;
pub mod rate;
pub mod refunds;
pub mod scenario;
pub mod schedule;
pub mod update;

pub use analysis::{EffectiveRates, Weighted};
pub use batch::{BatchResult, EntryColumns, QuantityColumn};
pub use code::HtsCode;
pub use country::{Country, Currency};
pub use coverage::{Chapter99Status, Coverage};
pub use date::Date;
pub use engine::{round_money, MFN};
pub use entry::{parse_decimal, Entry, EntryText, Mode, Quantities, Quantity};
pub use error::{Ban, Error, ErrorKind, Result};
pub use history::HistoryStep;
pub use panel::{Panel, RateChange};
pub use quote::{Excluded, ExcludedKind, Line, LineKind, Quote, Warning, WarningKind};
pub use rate::{Rate, Unit};
pub use rust_decimal::Decimal;
pub use scenario::Scenario;
pub use schedule::{Schedule, ScheduleData};

/// The README's Rust example is compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
