//! What-if scenarios: change a schedule without editing its files.
//!
//! A [`Scenario`] collects changes (set a measure's rate, move its dates,
//! remove it, add a new one) as an overlay and applies them with
//! [`Schedule::with_overlay`], which recompiles the measures but reuses the
//! compiled base tables, so a scenario over the builtin is cheap.

use crate::country::Country;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::rate::Rate;
use crate::schedule::{ImporterData, MeasureData, Schedule, ScheduleData, FORMAT};

/// A set of changes to one importer's measures.
///
/// ```
/// use tariffs::{Schedule, EntryText};
/// let s = Schedule::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedule.json")).unwrap();
/// // What if the CN 20% had been 50%?
/// let what_if = s.scenario("US".parse().unwrap()).set_rate("cn-extra-20", "50%").unwrap().build().unwrap();
/// let e = EntryText { origin: "CN", hts: "6109.10.00", value: "1000", date: "2025-03-10", mode: Some("air"),
///                     ..Default::default() }.parse().unwrap();
/// assert_eq!(s.quote(&e).unwrap().duty.to_string(), "365.00");       // 16.5% + 20%
/// assert_eq!(what_if.quote(&e).unwrap().duty.to_string(), "665.00"); // 16.5% + 50%
/// ```
#[derive(Debug, Clone)]
pub struct Scenario {
    schedule: Schedule,
    importer: Country,
    changed: Vec<MeasureData>,
    removed: Vec<String>,
}

impl Schedule {
    /// Starts a scenario on this schedule's `importer`.
    pub fn scenario(&self, importer: Country) -> Scenario {
        Scenario {
            schedule: self.clone(),
            importer,
            changed: Vec::new(),
            removed: Vec::new(),
        }
    }
}

impl Scenario {
    fn measure(&mut self, id: &str) -> Result<&mut MeasureData> {
        if let Some(i) = self.changed.iter().position(|m| m.id == id) {
            return Ok(&mut self.changed[i]);
        }
        let m = self
            .schedule
            .data()
            .importers
            .iter()
            .filter(|i| i.country == self.importer)
            .flat_map(|i| i.measures.iter())
            .find(|m| m.id == id)
            .cloned()
            .ok_or_else(|| {
                Error::invalid(
                    "id",
                    id,
                    format!("the id of a measure of importer {}", self.importer),
                )
            })?;
        self.changed.push(m);
        Ok(self.changed.last_mut().expect("just pushed"))
    }

    /// Sets the rate of measure `id` (e.g. `"50%"`).
    ///
    /// # Errors
    ///
    /// The errors of [`Rate::parse`] ([`Error::InvalidRate`],
    /// [`Error::TooLarge`]); [`Error::InvalidInput`] (field `id`) when `id`
    /// names no measure of the importer (nor one the scenario added).
    pub fn set_rate(mut self, id: &str, rate: &str) -> Result<Scenario> {
        let r = Rate::parse(rate)?;
        let m = self.measure(id)?;
        m.rate = Some(r);
        m.floor = None;
        m.source = format!("scenario: rate set to {rate} ({})", m.source);
        Ok(self)
    }

    /// Moves the validity of measure `id` to `[from, until)`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] (field `until`) when `until` is not after
    /// `from`; [`Error::InvalidInput`] (field `id`) when `id` names no
    /// measure of the importer (nor one the scenario added).
    pub fn set_dates(mut self, id: &str, from: Date, until: Option<Date>) -> Result<Scenario> {
        if until.is_some_and(|u| u <= from) {
            return Err(Error::invalid(
                "until",
                until.map(|u| u.to_string()).unwrap_or_default(),
                format!("a date after from {from}"),
            ));
        }
        let m = self.measure(id)?;
        m.from = from;
        m.until = until;
        Ok(self)
    }

    /// Removes measure (or exemption, or fee) `id`, with what named it:
    /// `id:ID` in other measures' `excludes`/`superseded_by` and in
    /// exemptions' `removes`; an exemption left removing nothing goes too
    /// (see [`Schedule::with_overlay`]). An id that names nothing fails in
    /// [`Scenario::build`].
    pub fn remove(mut self, id: &str) -> Scenario {
        self.changed.retain(|m| m.id != id);
        self.removed.push(id.to_string());
        self
    }

    /// Adds (or replaces, by id) a measure.
    pub fn add_measure(mut self, m: MeasureData) -> Scenario {
        self.changed.retain(|c| c.id != m.id);
        self.changed.push(m);
        self
    }

    /// The scenario as an overlay file's data.
    pub fn overlay(&self) -> ScheduleData {
        let currency = self
            .schedule
            .data()
            .importers
            .iter()
            .find(|i| i.country == self.importer)
            .map(|i| i.currency)
            .unwrap_or(crate::country::Currency::USD);
        ScheduleData {
            format: FORMAT.to_string(),
            importers: vec![ImporterData {
                country: self.importer,
                currency,
                base: None,
                measures: self.changed.clone(),
                exemptions: Vec::new(),
                fees: Vec::new(),
                prohibitions: Vec::new(),
                remove: self.removed.clone(),
            }],
            ..ScheduleData::default()
        }
    }

    /// Applies the changes: a new, validated schedule.
    ///
    /// # Errors
    ///
    /// The errors of [`Schedule::with_overlay`]: [`Error::Schedule`] (file
    /// `<scenario>`) when a removed id names nothing or the changed
    /// schedule does not validate, or [`Error::TooLarge`] past a schedule
    /// limit.
    pub fn build(&self) -> Result<Schedule> {
        self.schedule.with_overlay(self.overlay(), "<scenario>")
    }
}
