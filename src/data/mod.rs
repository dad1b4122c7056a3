//! The schedule: the serde data format, its validation, and the loaded,
//! compiled [`Schedule`].
//!
//! A schedule file is JSON in the format `tariffs-schedule/1`, documented in
//! `docs/schedule-format.md`. Its top level holds named country `groups`,
//! named `product_lists`, and one entry per importing country with base
//! rates (time-versioned tariff lines), `measures` (additional duties),
//! `exemptions` and `fees`. Every measure, exemption and fee has an `id`, a
//! validity `[from, until)` and a `source` citation.

use crate::code::HtsCode;
use crate::country::{Country, Currency};
use crate::date::Date;
use crate::engine::Engine;
use crate::entry::{Entry, Mode};
use crate::error::{Error, Result};
use crate::limits;
use crate::quote::Quote;
use crate::rate::Rate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// The format tag every schedule file must carry.
pub const FORMAT: &str = "tariffs-schedule/1";

/// A whole schedule file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleData {
    /// Always [`FORMAT`].
    pub format: String,
    /// What the schedule reflects.
    #[serde(default)]
    pub version: VersionInfo,
    /// Named groups of countries (`EU27`, `USMCA`), usable wherever a country is.
    #[serde(default)]
    pub groups: BTreeMap<String, Vec<String>>,
    /// Named product lists (`annex_ii`, `s301_list_3`), referenced by scopes as `@name`.
    #[serde(default)]
    pub product_lists: BTreeMap<String, Vec<HtsCode>>,
    /// One entry per importing country.
    #[serde(default)]
    pub importers: Vec<ImporterData>,
}

/// What a schedule reflects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionInfo {
    /// A name, e.g. `builtin` or `fixture`.
    #[serde(default)]
    pub name: String,
    /// The newest HTS revision the base rates come from.
    #[serde(default)]
    pub hts_revision: String,
    /// The date the policy measures were reviewed through: the date of the
    /// newest source modelled. A quote dated after it carries a warning (an
    /// error when the schedule is strict); `None`: no such warning.
    #[serde(default)]
    pub policy_date: Option<Date>,
    /// The first entry date the schedule answers for; an earlier date is an
    /// error. `None`: the earliest `from` of the base lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<Date>,
    /// When the newest HTS revision (`hts_revision`) was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hts_published: Option<Date>,
    /// When the newest HTS revision took effect (`None` when not known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hts_effective: Option<Date>,
    /// The newest revision whose base-rate lines (chapters 1-97) are loaded,
    /// when it differs from `hts_revision` (whose Chapter 99 texts the
    /// policy follows).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub base_revision: String,
    /// Free text.
    #[serde(default)]
    pub notes: String,
}

/// The data of one importing country.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImporterData {
    /// The importing country.
    pub country: Country,
    /// Its currency; every amount of a quote is stated in it.
    pub currency: Currency,
    /// Ordinary duties. `None`: the schedule holds additional duties only, and
    /// quotes say so in a note.
    #[serde(default)]
    pub base: Option<BaseTable>,
    /// Additional duties.
    #[serde(default)]
    pub measures: Vec<MeasureData>,
    /// Exemptions.
    #[serde(default)]
    pub exemptions: Vec<ExemptionData>,
    /// Fees.
    #[serde(default)]
    pub fees: Vec<FeeData>,
    /// Import bans: an entry they match cannot be quoted (a typed
    /// [`Error::Prohibited`] names the ban and its source).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prohibitions: Vec<ProhibitionData>,
    /// Overlays only: ids of measures, exemptions or fees to remove from the
    /// schedule the overlay is laid on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
}

/// The ordinary tariff: time-versioned tariff lines.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseTable {
    /// The source of the lines (e.g. the USITC HTS revisions).
    pub source: String,
    /// Origins that pay the column 2 (`other`) rate: countries or groups.
    #[serde(default)]
    pub column2: Vec<String>,
    /// Preference programs: which claim, from which origins, takes the special
    /// rate of which program codes.
    #[serde(default)]
    pub programs: Vec<ProgramData>,
    /// The lines. The same code may appear several times with disjoint validities.
    #[serde(default)]
    pub lines: Vec<BaseLineData>,
}

/// A preference program of the special column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramData {
    /// The claim that invokes it (`USMCA`, `KORUS`...).
    pub claim: String,
    /// The program codes of the special column (`S`, `S+`, `KR`).
    pub codes: Vec<String>,
    /// The eligible origins: countries or groups.
    pub origins: Vec<String>,
}

/// One tariff line for a validity period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseLineData {
    /// The 8-digit line (10-digit codes inherit), or a 10-digit code with its own rate.
    pub code: HtsCode,
    /// Column 1 general rate text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general: Option<String>,
    /// Column 1 special rate text, with program codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special: Option<String>,
    /// Column 2 rate text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    /// Units of quantity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
    /// First day in force.
    pub from: Date,
    /// First day no longer in force (`None`: open-ended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// The revision the text comes from (e.g. `2025 rev 10`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

/// Which origins a measure or exemption covers.
///
/// `include` lists countries or group names, or `*` for every country;
/// `exclude` removes countries or groups from it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginScope {
    /// Countries, groups, or `*`.
    #[serde(default)]
    pub include: Vec<String>,
    /// Countries or groups taken out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

impl OriginScope {
    /// Every country.
    pub fn all() -> OriginScope {
        OriginScope {
            include: vec!["*".into()],
            exclude: vec![],
        }
    }
}

/// Which products a measure or exemption covers, by code prefix.
///
/// An empty `include` covers every product. Entries are codes (`6109`,
/// `7208.10.15`) or `@list` references to the schedule's `product_lists`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductScope {
    /// Prefixes (or `@list`) covered; empty for all products.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Prefixes (or `@list`) taken out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

/// Conditions on the entry beyond origin, product and date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    /// Only these modes of transport.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modes: Option<Vec<Mode>>,
    /// Only when the customs value (importer currency) exceeds this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_over: Option<Decimal>,
    /// Only when the customs value (importer currency) does not exceed this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_at_most: Option<Decimal>,
    /// Only when the entry makes every one of these claims.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<String>,
    /// Only when the entry makes none of these claims.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_claims: Vec<String>,
    /// Only when the goods were loaded before this date (in-transit rules);
    /// an entry without a loading date does not meet it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loaded_before: Option<Date>,
}

/// An additional duty: one legal provision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureData {
    /// Unique id within the importer.
    pub id: String,
    /// The authority (`section_301`, `ieepa_reciprocal`...).
    pub authority: String,
    /// The Chapter 99 heading (`9903.88.15`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// A one-line description, used as the reason on quote lines.
    pub description: String,
    /// The rate (`25%`, `The duty provided in the applicable subheading + 25%`).
    /// Required unless `floor` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Rate>,
    /// An all-in floor instead of a rate: the duty is raised to `rate` of the
    /// value, counting the lines of `counts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<Floor>,
    /// Covered origins.
    pub origins: OriginScope,
    /// Covered products.
    #[serde(default)]
    pub products: ProductScope,
    /// First day in force (entry date).
    pub from: Date,
    /// First day no longer in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// Further conditions.
    #[serde(default)]
    pub conditions: Conditions,
    /// Selectors of measures this one displaces when it applies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excludes: Vec<String>,
    /// Selectors of measures that displace this one when they apply.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub superseded_by: Vec<String>,
    /// Whether this measure stacks with other measures of its authority that
    /// cover the same goods (otherwise such an overlap is a load error).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cumulative: bool,
    /// The legal source.
    pub source: String,
}

/// An all-in floor (e.g. the EU's 15% all-in: reciprocal duty = 15% less the MFN duty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Floor {
    /// The all-in ad valorem rate, e.g. `15%`.
    pub rate: Rate,
    /// Authorities whose lines count toward the floor (e.g. `["mfn"]`).
    pub counts: Vec<String>,
}

/// A rule that removes duties or fees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExemptionData {
    /// Unique id within the importer.
    pub id: String,
    /// The authority shown on its line (`de_minimis`, `usmca`, `annex_ii`...).
    pub authority: String,
    /// Heading or provision, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// A one-line description.
    pub description: String,
    /// Covered origins (default: all).
    #[serde(default = "OriginScope::all")]
    pub origins: OriginScope,
    /// Covered products (default: all).
    #[serde(default)]
    pub products: ProductScope,
    /// First day in force.
    pub from: Date,
    /// First day no longer in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// Further conditions (e.g. `value_at_most` for de minimis).
    #[serde(default)]
    pub conditions: Conditions,
    /// Selectors of what it removes (`all`, `kind:additional`, `authority:ieepa_fentanyl`...).
    pub removes: Vec<String>,
    /// Origins for which the exemption is suspended, from a date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suspensions: Vec<Suspension>,
    /// The legal source.
    pub source: String,
}

/// An import ban: goods that may not be entered at all, so that no duty can
/// be quoted for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProhibitionData {
    /// Unique id within the importer (across measures, exemptions, fees and prohibitions).
    pub id: String,
    /// The authority of the ban (`section_338`...).
    pub authority: String,
    /// Heading or provision, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// What is prohibited, in one line (shown in the error).
    pub description: String,
    /// Covered origins.
    pub origins: OriginScope,
    /// Covered products (empty include: every product).
    #[serde(default)]
    pub products: ProductScope,
    /// First day of the ban (entry date).
    pub from: Date,
    /// First day no longer banned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// Further conditions (e.g. `not_claims` for goods a proclamation lets in).
    #[serde(default)]
    pub conditions: Conditions,
    /// The legal source (proclamation, CBP message).
    pub source: String,
}

/// A suspension of an exemption for some origins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suspension {
    /// Origins concerned.
    pub origins: OriginScope,
    /// First day suspended.
    pub from: Date,
    /// First day no longer suspended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// Only for these modes (default: every mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modes: Option<Vec<Mode>>,
    /// The legal source.
    pub source: String,
}

/// A fee: ad valorem with bounds, and/or flat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeData {
    /// Unique id within the importer.
    pub id: String,
    /// `mpf`, `hmf`...
    pub authority: String,
    /// Provision (e.g. `19 CFR 24.23`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// A one-line description.
    pub description: String,
    /// Ad valorem percentage of the customs value, e.g. `0.3464`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
    /// A flat amount per entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat: Option<Decimal>,
    /// Minimum of the ad valorem amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Decimal>,
    /// Maximum of the ad valorem amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Decimal>,
    /// First day in force.
    pub from: Date,
    /// First day no longer in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// Further conditions (modes, value bands).
    #[serde(default)]
    pub conditions: Conditions,
    /// The legal source.
    pub source: String,
}

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
    pub fn from_json(json: &str) -> Result<Schedule> {
        Schedule::from_json_named(json, "<json>")
    }

    /// Like [`Schedule::from_json`], naming `file` in errors.
    pub fn from_json_named(json: &str, file: &str) -> Result<Schedule> {
        Schedule::from_data(parse_json(json, file)?, file)
    }

    /// Reads a schedule file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Schedule> {
        let p = path.as_ref();
        let text = read_json(p)?;
        Schedule::from_json_named(&text, &p.display().to_string())
    }

    /// Validates and compiles schedule data.
    pub fn from_data(data: ScheduleData, file: &str) -> Result<Schedule> {
        if data.format != FORMAT {
            return Err(Error::schedule(
                file,
                None,
                "format",
                format!("expected {FORMAT:?}, found {:?}", data.format),
            ));
        }
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
    pub fn with_overlay(&self, overlay: ScheduleData, file: &str) -> Result<Schedule> {
        let mut data = self.inner.data.clone();
        if overlay.format != FORMAT {
            return Err(Error::schedule(
                file,
                None,
                "format",
                format!("expected {FORMAT:?}"),
            ));
        }
        let groups_changed = !overlay.groups.is_empty();
        let mut reuse: Vec<Country> = Vec::new();
        data.groups.extend(overlay.groups);
        data.product_lists.extend(overlay.product_lists);
        if !overlay.version.name.is_empty() {
            data.version.name = format!("{} + {}", data.version.name, overlay.version.name);
        }
        let touched: Vec<Country> = overlay.importers.iter().map(|i| i.country).collect();
        for imp in overlay.importers {
            match data.importers.iter_mut().find(|i| i.country == imp.country) {
                None if !imp.remove.is_empty() => {
                    return Err(Error::schedule(
                        file,
                        Some(imp.country.as_str()),
                        "remove",
                        "the schedule has no such importer to remove from",
                    ))
                }
                None => data.importers.push(imp),
                Some(cur) => {
                    remove_items(cur, &imp, file)?;
                    if imp.base.is_none() && !groups_changed {
                        reuse.push(imp.country);
                    }
                    merge_by_id(&mut cur.measures, imp.measures, |m| m.id.clone());
                    merge_by_id(&mut cur.exemptions, imp.exemptions, |m| m.id.clone());
                    merge_by_id(&mut cur.fees, imp.fees, |m| m.id.clone());
                    merge_by_id(&mut cur.prohibitions, imp.prohibitions, |m| m.id.clone());
                    if let Some(b) = imp.base {
                        let cur_base = cur.base.get_or_insert_with(BaseTable::default);
                        let mut by_code: HashMap<HtsCode, Vec<(Date, Date)>> = HashMap::new();
                        for n in &b.lines {
                            by_code
                                .entry(n.code)
                                .or_default()
                                .push((n.from, n.until.unwrap_or(Date::MAX)));
                        }
                        cur_base.lines.retain(|l| {
                            !by_code.get(&l.code).is_some_and(|v| {
                                v.iter().any(|&(from, until)| {
                                    from < l.until.unwrap_or(Date::MAX) && l.from < until
                                })
                            })
                        });
                        cur_base.lines.extend(b.lines);
                        if !b.column2.is_empty() {
                            cur_base.column2 = b.column2;
                        }
                        merge_by_id(&mut cur_base.programs, b.programs, |p| p.claim.clone());
                    }
                }
            }
        }
        // Importers the overlay does not mention keep their compiled base too.
        if !groups_changed {
            for i in &self.inner.data.importers {
                if !reuse.contains(&i.country) && !touched.contains(&i.country) {
                    reuse.push(i.country);
                }
            }
        }
        if data.format != FORMAT {
            return Err(Error::schedule(
                file,
                None,
                "format",
                format!("expected {FORMAT:?}"),
            ));
        }
        let engine = Engine::compile_reusing(&data, file, Some(&self.inner.engine), &reuse)?;
        Ok(Schedule::assemble(
            data,
            engine,
            self.inner.chapter99.clone(),
            self.strict,
        ))
    }

    /// The overlay read from a file (see [`Schedule::with_overlay`]); errors name the file.
    pub fn with_overlay_path(&self, path: impl AsRef<std::path::Path>) -> Result<Schedule> {
        let p = path.as_ref();
        let name = p.display().to_string();
        let text = read_json(p)?;
        self.with_overlay(parse_json(&text, &name)?, &name)
    }

    /// The overlay given as JSON text (see [`Schedule::with_overlay`]).
    pub fn with_overlay_json(&self, json: &str) -> Result<Schedule> {
        self.with_overlay(parse_json(json, "<overlay>")?, "<overlay>")
    }

    /// Computes the explained duty on one entry.
    ///
    /// The entry is checked first ([`Entry::validate`]: its numbers within
    /// [`crate::limits`], its loading date not after its entry date), as
    /// [`crate::EntryText::parse`] does. Then a date before the schedule's
    /// first date is an [`Error::NotCovered`]
    /// naming the covered range. A date after the date the policy was
    /// reviewed through gives the quote with a [`crate::quote::Warning`] in
    /// `warnings`, or, when the schedule is [strict](Schedule::strict), an
    /// [`Error::NotCovered`].
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

impl ScheduleData {
    /// Merges a fragment into this schedule: groups and product lists are
    /// added (a name defined twice with different contents is an error);
    /// importers are matched by country (their currencies must agree, and at
    /// most one fragment may give an importer's base table); measures,
    /// exemptions and fees are appended (duplicate ids are caught when the
    /// schedule is compiled). A fragment with a non-empty `version.name` sets
    /// the version.
    pub fn merge(&mut self, part: ScheduleData, file: &str) -> Result<()> {
        if part.format != FORMAT {
            return Err(Error::schedule(
                file,
                None,
                "format",
                format!("expected {FORMAT:?}, found {:?}", part.format),
            ));
        }
        if !part.version.name.is_empty() {
            self.version = part.version;
        }
        for (k, v) in part.groups {
            match self.groups.get(&k) {
                Some(cur) if *cur != v => {
                    return Err(Error::schedule(
                        file,
                        None,
                        &format!("groups.{k}"),
                        "is defined differently in another file",
                    ))
                }
                _ => {
                    self.groups.insert(k, v);
                }
            }
        }
        for (k, v) in part.product_lists {
            match self.product_lists.get(&k) {
                Some(cur) if *cur != v => {
                    return Err(Error::schedule(
                        file,
                        None,
                        &format!("product_lists.{k}"),
                        "is defined differently in another file",
                    ))
                }
                _ => {
                    self.product_lists.insert(k, v);
                }
            }
        }
        for imp in part.importers {
            if !imp.remove.is_empty() {
                return Err(Error::schedule(
                    file,
                    Some(imp.country.as_str()),
                    "remove",
                    "is only meaningful in an overlay (Schedule::with_overlay)",
                ));
            }
            match self.importers.iter_mut().find(|i| i.country == imp.country) {
                None => self.importers.push(imp),
                Some(cur) => {
                    if cur.currency != imp.currency {
                        return Err(Error::schedule(
                            file,
                            Some(imp.country.as_str()),
                            "currency",
                            format!(
                                "{} differs from {} given elsewhere",
                                imp.currency, cur.currency
                            ),
                        ));
                    }
                    if let Some(b) = imp.base {
                        if cur.base.is_some() {
                            return Err(Error::schedule(
                                file,
                                Some(imp.country.as_str()),
                                "base",
                                "is given by another file too",
                            ));
                        }
                        cur.base = Some(b);
                    }
                    cur.measures.extend(imp.measures);
                    cur.exemptions.extend(imp.exemptions);
                    cur.fees.extend(imp.fees);
                    cur.prohibitions.extend(imp.prohibitions);
                }
            }
        }
        Ok(())
    }
}

/// Takes the items an overlay's importer lists in `remove` out of `cur`,
/// with the selectors that named them: `id:X` in the `excludes` and
/// `superseded_by` of measures and in the `removes` of exemptions (an
/// exemption left removing nothing is taken out too: it existed only to
/// exempt from what was removed). Selectors are kept when the overlay
/// brings an item of the same id back. An id that names nothing is an
/// error.
fn remove_items(cur: &mut ImporterData, overlay: &ImporterData, file: &str) -> Result<()> {
    if overlay.remove.is_empty() {
        return Ok(());
    }
    let mut gone: HashSet<&str> = HashSet::new();
    for id in &overlay.remove {
        gone.insert(id.as_str());
    }
    let mut found: HashSet<&str> = HashSet::new();
    let mut take = |id: &String| {
        if let Some(&g) = gone.get(id.as_str()) {
            found.insert(g);
            false
        } else {
            true
        }
    };
    cur.measures.retain(|m| take(&m.id));
    cur.exemptions.retain(|m| take(&m.id));
    cur.fees.retain(|m| take(&m.id));
    cur.prohibitions.retain(|m| take(&m.id));
    if let Some(id) = overlay
        .remove
        .iter()
        .find(|id| !found.contains(id.as_str()))
    {
        return Err(Error::schedule(
            file,
            Some(overlay.country.as_str()),
            "remove",
            format!(
                "no measure, exemption, fee or prohibition has the id {:?}",
                limits::echo(id)
            ),
        ));
    }
    // Relations that named a removed item go with it, unless the overlay
    // brings an item of that id back.
    let back: HashSet<&str> = overlay
        .measures
        .iter()
        .map(|m| m.id.as_str())
        .chain(overlay.exemptions.iter().map(|x| x.id.as_str()))
        .chain(overlay.fees.iter().map(|f| f.id.as_str()))
        .collect();
    let dropped = |sel: &String| {
        sel.split_once(':').is_some_and(|(k, v)| {
            k.trim() == "id" && gone.contains(v.trim()) && !back.contains(v.trim())
        })
    };
    for m in cur.measures.iter_mut() {
        m.excludes.retain(|x| !dropped(x));
        m.superseded_by.retain(|x| !dropped(x));
    }
    cur.exemptions.retain_mut(|x| {
        let before = x.removes.len();
        x.removes.retain(|s| !dropped(s));
        !(x.removes.is_empty() && before > 0)
    });
    Ok(())
}

/// Schedule JSON text parsed, after the size check
/// ([`limits::MAX_SCHEDULE_JSON_BYTES`]); errors name `file`.
fn parse_json(json: &str, file: &str) -> Result<ScheduleData> {
    limits::check_count(
        file,
        "JSON text",
        json.len(),
        limits::MAX_SCHEDULE_JSON_BYTES,
        "bytes",
    )?;
    serde_json::from_str(json).map_err(|e| Error::json(file, &e))
}

/// A schedule file's text, refused before it is read when it is larger
/// than [`limits::MAX_SCHEDULE_JSON_BYTES`].
fn read_json(p: &std::path::Path) -> Result<String> {
    let io = |e: std::io::Error| Error::io(p, &e);
    let len = std::fs::metadata(p).map_err(io)?.len();
    let max = limits::MAX_SCHEDULE_JSON_BYTES;
    if len > max as u64 {
        return Err(limits::schedule_too_large(
            &p.display().to_string(),
            "JSON text",
            usize::try_from(len).unwrap_or(usize::MAX),
            max,
            "bytes",
        ));
    }
    std::fs::read_to_string(p).map_err(io)
}

/// Items of `new` replace those of `cur` with the same id, the others are
/// appended (in one pass over each, whatever their numbers).
fn merge_by_id<T>(cur: &mut Vec<T>, new: Vec<T>, id: impl Fn(&T) -> String) {
    let mut at: HashMap<String, usize> = cur.iter().enumerate().map(|(i, c)| (id(c), i)).collect();
    for n in new {
        let k = id(&n);
        match at.get(&k) {
            Some(&i) => cur[i] = n,
            None => {
                at.insert(k, cur.len());
                cur.push(n);
            }
        }
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
