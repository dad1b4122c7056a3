//! The schedule data format: the serde types of a schedule file
//! (`tariffs-schedule/1`), the checks its text passes before it is compiled
//! ([`check`]), and the data surgery of merging fragments and laying overlays
//! ([`merge`]). Nothing here knows the engine: the loaded, compiled schedule
//! is the facade in `src/schedule.rs`, which re-exports these types so that
//! their public paths are `tariffs::schedule::*`.
//!
//! A schedule file is JSON in the format `tariffs-schedule/1`, documented in
//! `docs/schedule-format.md`. Its top level holds named country `groups`,
//! named `product_lists`, and one entry per importing country with base
//! rates (time-versioned tariff lines), `measures` (additional duties),
//! `exemptions` and `fees`. Every measure, exemption and fee has an `id`, a
//! validity `[from, until)` and a `source` citation.

pub(crate) mod check;
pub(crate) mod merge;

use crate::code::HtsCode;
use crate::country::{Country, Currency};
use crate::date::Date;
use crate::entry::Mode;
use crate::rate::Rate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// [`Error::Prohibited`](crate::Error::Prohibited) names the ban and its source).
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
