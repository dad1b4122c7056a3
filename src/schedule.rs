//! The schedule: the serde data format, its validation, and the loaded,
//! compiled [`Schedule`].
//!
//! A schedule file is JSON in the format `tariffs-schedule/1`, documented in
//! `docs/schedule-format.md`. Its top level holds named country `groups`,
//! named `product_lists`, and one entry per importing country with base
//! rates (time-versioned tariff lines), `measures` (additional duties),
//! `exemptions` and `fees`. Every measure, exemption and fee has an `id`, a
//! validity `[from, until)` and a `source` citation.
//!
//! The data types ([`ScheduleData`] and its parts) are defined apart from the
//! engine and re-exported here; [`Schedule`] owns the compiled engine.

pub use crate::data::{
    BaseLineData, BaseTable, Conditions, ExemptionData, FeeData, Floor, ImporterData, MeasureData,
    OriginScope, ProductScope, ProgramData, ProhibitionData, ScheduleData, Suspension, VersionInfo,
    FORMAT,
};

use crate::country::{Country, Currency};
use crate::data::check::{check_format, parse_json, read_json};
use crate::date::Date;
use crate::engine::Engine;
use crate::entry::Entry;
use crate::error::Result;
use crate::quote::Quote;
use std::sync::Arc;

/// A loaded, validated and compiled schedule: immutable, cheap to clone
/// (shared), `Send + Sync`.
///
/// ```
/// use tariffs::{Schedule, EntryText};
/// let json = r#"{
///   "format": "tariffs-schedule/1",
///   "importers": [{
///     "country": "US", "currency": "USD",
///     "base": {"source": "example", "lines": [
///       {"code": "6109.10.00", "general": "16.5%", "from": "2025-01-01"}
///     ]}
///   }]
/// }"#;
/// let schedule = Schedule::from_json(json).unwrap();
/// let entry = EntryText { origin: "VN", hts: "6109.10.00.12", value: "1000", date: "2025-03-01",
///                         ..Default::default() }.parse().unwrap();
/// let quote = schedule.quote(&entry).unwrap();
/// assert_eq!(quote.duty.to_string(), "165.00");
/// ```
#[derive(Clone)]
pub struct Schedule {
    inner: Arc<Inner>,
    /// Whether a quote dated after the reviewed-through date is refused
    /// (see [`Schedule::strict`]).
    pub(crate) strict: bool,
}

pub(crate) struct Inner {
    pub(crate) data: ScheduleData,
    pub(crate) engine: Engine,
    /// The Chapter 99 headings of the newest HTS revision the schedule knows
    /// (empty when it knows none), for the coverage report.
    pub(crate) chapter99: Arc<[crate::hts::Chapter99Heading]>,
    /// The first entry date answered: `version.first_date`, else the
    /// earliest base line.
    pub(crate) first_date: Option<Date>,
}

impl Schedule {
    /// A schedule of compiled data, with the Chapter 99 headings of its
    /// newest revision (for [`Schedule::coverage`]).
    pub(crate) fn assemble(
        data: ScheduleData,
        engine: Engine,
        chapter99: Arc<[crate::hts::Chapter99Heading]>,
        strict: bool,
    ) -> Schedule {
        let first_date = data.version.first_date.or_else(|| {
            data.importers
                .iter()
                .filter_map(|i| i.base.as_ref())
                .flat_map(|b| b.lines.iter().map(|l| l.from))
                .min()
        });
        Schedule {
            inner: Arc::new(Inner {
                data,
                engine,
                chapter99,
                first_date,
            }),
            strict,
        }
    }

    pub(crate) fn chapter99_list(&self) -> &Arc<[crate::hts::Chapter99Heading]> {
        &self.inner.chapter99
    }

    /// This schedule with the Chapter 99 list of its newest revision; only
    /// for a schedule not yet shared (the builtin while it is built).
    pub(crate) fn with_chapter99(self, list: Arc<[crate::hts::Chapter99Heading]>) -> Schedule {
        match Arc::try_unwrap(self.inner) {
            Ok(inner) => Schedule::assemble(inner.data, inner.engine, list, self.strict),
            Err(inner) => Schedule {
                inner,
                strict: self.strict,
            },
        }
    }

    pub(crate) fn inner_first_date(&self) -> Option<Date> {
        self.inner.first_date
    }
}

impl std::fmt::Debug for Schedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schedule")
            .field("version", &self.inner.data.version)
            .field("importers", &self.importers())
            .finish()
    }
}

impl Schedule {
    /// Parses, validates and compiles a schedule from JSON text. Errors name
    /// `<json>` as the file.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`](crate::Error::TooLarge) when the text is longer than
    /// [`MAX_SCHEDULE_JSON_BYTES`](crate::limits::MAX_SCHEDULE_JSON_BYTES);
    /// [`Error::Schedule`](crate::Error::Schedule) when it is not JSON of the format (the error names the
    /// line and column) or its `format` is not [`FORMAT`]; then the errors
    /// of [`Schedule::from_data`].
    pub fn from_json(json: &str) -> Result<Schedule> {
        Schedule::from_json_named(json, "<json>")
    }

    /// Like [`Schedule::from_json`], naming `file` in errors.
    ///
    /// # Errors
    ///
    /// Those of [`Schedule::from_json`], naming `file`.
    pub fn from_json_named(json: &str, file: &str) -> Result<Schedule> {
        Schedule::from_data(parse_json(json, file)?, file)
    }

    /// Reads a schedule file; errors name the file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`](crate::Error::Io) when the file cannot be read; [`Error::TooLarge`](crate::Error::TooLarge) when it is
    /// longer than [`MAX_SCHEDULE_JSON_BYTES`](crate::limits::MAX_SCHEDULE_JSON_BYTES)
    /// (refused before it is read); then those of [`Schedule::from_json`].
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Schedule> {
        let p = path.as_ref();
        let text = read_json(p)?;
        Schedule::from_json_named(&text, &p.display().to_string())
    }

    /// Validates and compiles schedule data.
    ///
    /// # Errors
    ///
    /// [`Error::Schedule`](crate::Error::Schedule) when `format` is not [`FORMAT`]; then
    /// [`Error::Schedule`](crate::Error::Schedule) when the data fails validation (the error names the
    /// item and the field: a bad scope, date, condition, selector or rate
    /// text, a duplicate id, an overlap of non-cumulative measures...) and
    /// [`Error::TooLarge`](crate::Error::TooLarge) when it is past a limit of [`crate::limits`] (its
    /// counts and text lengths).
    pub fn from_data(data: ScheduleData, file: &str) -> Result<Schedule> {
        check_format(&data.format, file)?;
        let engine = Engine::compile(&data, file)?;
        Ok(Schedule::assemble(
            data,
            engine,
            Arc::from(Vec::new()),
            false,
        ))
    }

    /// A new schedule: this one with `overlay` laid on top. Measures,
    /// exemptions and fees of the overlay replace those with the same id of
    /// the same importer and are added otherwise; groups and product lists
    /// replace those of the same name; base lines of the overlay are added
    /// (they take precedence where they overlap in time); a new importer is
    /// added whole. The ids an importer of the overlay lists in `remove`
    /// are taken out, with the `id:` selectors that named them (in
    /// `excludes`, `superseded_by` and exemptions' `removes`; an exemption
    /// left removing nothing is taken out too, as it only exempted from what
    /// was removed). The result is validated like any schedule.
    ///
    /// # Errors
    ///
    /// [`Error::Schedule`](crate::Error::Schedule), naming `file`, when the overlay's `format` is not
    /// [`FORMAT`], when an importer it lists `remove` for is not in the
    /// schedule, or when an id in `remove` names no measure, exemption, fee
    /// or prohibition of that importer; then, for the result, those of
    /// [`Schedule::from_data`].
    pub fn with_overlay(&self, overlay: ScheduleData, file: &str) -> Result<Schedule> {
        let mut data = self.inner.data.clone();
        let reuse = data.lay_overlay(overlay, file)?;
        let engine = Engine::compile_reusing(&data, file, Some(&self.inner.engine), &reuse)?;
        Ok(Schedule::assemble(
            data,
            engine,
            self.inner.chapter99.clone(),
            self.strict,
        ))
    }

    /// The overlay read from a file (see [`Schedule::with_overlay`]); errors name the file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`](crate::Error::Io) when the file cannot be read; [`Error::TooLarge`](crate::Error::TooLarge) when it is
    /// longer than [`MAX_SCHEDULE_JSON_BYTES`](crate::limits::MAX_SCHEDULE_JSON_BYTES);
    /// [`Error::Schedule`](crate::Error::Schedule) when it is not JSON of the format; then those of
    /// [`Schedule::with_overlay`].
    pub fn with_overlay_path(&self, path: impl AsRef<std::path::Path>) -> Result<Schedule> {
        let p = path.as_ref();
        let name = p.display().to_string();
        let text = read_json(p)?;
        self.with_overlay(parse_json(&text, &name)?, &name)
    }

    /// The overlay given as JSON text (see [`Schedule::with_overlay`]);
    /// errors name `<overlay>` as the file.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`](crate::Error::TooLarge) when the text is longer than
    /// [`MAX_SCHEDULE_JSON_BYTES`](crate::limits::MAX_SCHEDULE_JSON_BYTES);
    /// [`Error::Schedule`](crate::Error::Schedule) when it is not JSON of the format; then those of
    /// [`Schedule::with_overlay`].
    pub fn with_overlay_json(&self, json: &str) -> Result<Schedule> {
        self.with_overlay(parse_json(json, "<overlay>")?, "<overlay>")
    }

    /// Computes the explained duty on one entry.
    ///
    /// The entry is checked first ([`Entry::validate`]: its numbers within
    /// [`crate::limits`], its loading date not after its entry date), as
    /// [`crate::EntryText::parse`] does. Then a date before the schedule's
    /// first date is an [`Error::NotCovered`](crate::Error::NotCovered)
    /// naming the covered range. A date after the date the policy was
    /// reviewed through gives the quote with a [`crate::quote::Warning`] in
    /// `warnings`, or, when the schedule is [strict](Schedule::strict), an
    /// [`Error::NotCovered`](crate::Error::NotCovered).
    ///
    /// # Errors
    ///
    /// - [`Error::InvalidInput`](crate::Error::InvalidInput) or [`Error::TooLarge`](crate::Error::TooLarge): the entry fails
    ///   [`Entry::validate`], its code is not an 8- or 10-digit line, or its
    ///   value converted to the importer's currency is past
    ///   [`MAX_VALUE`](crate::limits::MAX_VALUE).
    /// - [`Error::NotCovered`](crate::Error::NotCovered): the date is outside what the schedule answers
    ///   for (as above).
    /// - [`Error::UnknownImporter`](crate::Error::UnknownImporter): the schedule has no such importer.
    /// - [`Error::UnknownCode`](crate::Error::UnknownCode): no base line of the code is in force on the date.
    /// - [`Error::InvalidRate`](crate::Error::InvalidRate): a base rate text the entry needs (the
    ///   general, column 2 or special column of its line) does not parse.
    /// - [`Error::MissingRate`](crate::Error::MissingRate): its base line prints no rate in the
    ///   column the entry needs.
    /// - [`Error::MissingQuantity`](crate::Error::MissingQuantity): a rate needs a quantity the entry lacks.
    /// - [`Error::MissingExchangeRate`](crate::Error::MissingExchangeRate): the entry's currency is not the
    ///   importer's and it carries no exchange rate.
    /// - [`Error::Prohibited`](crate::Error::Prohibited): an import ban covers the entry.
    /// - [`Error::Overflow`](crate::Error::Overflow): an amount is beyond the decimal range.
    pub fn quote(&self, entry: &Entry) -> Result<Quote> {
        entry.validate()?;
        let warn = self.date_check().check(entry.entry_date)?;
        let mut q = self.inner.engine.quote(entry)?;
        if warn {
            q.warnings.push(self.date_check().warning(entry.entry_date));
        }
        Ok(q)
    }

    /// What the schedule reflects.
    pub fn version(&self) -> &VersionInfo {
        &self.inner.data.version
    }

    /// The data the schedule was built from.
    pub fn data(&self) -> &ScheduleData {
        &self.inner.data
    }

    /// The compiled engine (batch and analysis APIs use it).
    pub(crate) fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// Every authority that can appear on a line (duties and fees), sorted:
    /// the per-authority columns of [`Schedule::quote_batch`].
    pub fn authorities(&self) -> Vec<String> {
        self.inner
            .engine
            .authorities()
            .iter()
            .map(|a| a.to_string())
            .collect()
    }

    /// The currency of an importer's amounts, `None` when the schedule has no such importer.
    pub fn currency_of(&self, importer: Country) -> Option<Currency> {
        self.inner
            .data
            .importers
            .iter()
            .find(|i| i.country == importer)
            .map(|i| i.currency)
    }

    /// The importing countries it covers.
    pub fn importers(&self) -> Vec<Country> {
        self.inner
            .data
            .importers
            .iter()
            .map(|i| i.country)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn schedule_is_send_sync_and_cheap_to_clone() {
        assert_send_sync::<Schedule>();
    }

    #[test]
    fn wrong_format_is_named() {
        let e = Schedule::from_json(r#"{"format": "v0", "importers": []}"#).unwrap_err();
        assert!(e.to_string().contains("format"), "{e}");
    }

    #[test]
    fn unknown_field_is_named_with_its_place() {
        let e =
            Schedule::from_json(r#"{"format": "tariffs-schedule/1", "importrs": []}"#).unwrap_err();
        assert!(e.to_string().contains("importrs"), "{e}");
    }
}
