//! The embedded default schedule.
//!
//! Every `data/**/*.json` file of the crate is a schedule fragment in the
//! `tariffs-schedule/1` format; the build embeds them all (see `build.rs`) and
//! [`Schedule::builtin`] merges them with [`ScheduleData::merge`], validates
//! and compiles the result once, and caches it. No file or network access
//! happens at run time.

use crate::data::check::parse_json;
use crate::error::Result;
use crate::hts::Chapter99Heading;
use crate::schedule::{Schedule, ScheduleData};
use std::sync::{Arc, OnceLock};

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

static BUILTIN: OnceLock<Result<Schedule>> = OnceLock::new();

/// Every 9903 heading of the newest HTS revision the builtin reflects
/// (`data/hts/ch99_2026_rev21.tsv`), for [`Schedule::coverage`].
const CHAPTER99: (&str, &str) = (
    "data/hts/ch99_2026_rev21.tsv",
    include_str!("../data/hts/ch99_2026_rev21.tsv"),
);

/// The Chapter 99 headings of the newest HTS revision the builtin reflects.
///
/// # Errors
///
/// [`Error::Schedule`](crate::Error::Schedule) naming the embedded file and line when a line does
/// not start with a heading, which the crate's tests rule out.
pub fn chapter99() -> Result<Vec<Chapter99Heading>> {
    crate::coverage::parse_chapter99_tsv(CHAPTER99.1, CHAPTER99.0)
}

/// The names of the embedded data files, in merge order.
pub fn files() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(name, _)| *name)
}

/// Parses and merges the embedded fragments (without compiling them).
///
/// # Errors
///
/// [`Error::Schedule`](crate::Error::Schedule) naming the embedded file when a fragment is not
/// valid JSON of the schedule format or does not merge (see
/// [`ScheduleData::merge`]), which the crate's tests rule out.
pub fn data() -> Result<ScheduleData> {
    let mut all = ScheduleData {
        format: crate::schedule::FORMAT.to_string(),
        ..ScheduleData::default()
    };
    // Parse the fragments on all cores (the HTS base is most of the text),
    // then merge them in their fixed order.
    use rayon::prelude::*;
    let parts: Vec<Result<ScheduleData>> = FILES
        .par_iter()
        .map(|(name, text)| parse_json(text, name))
        .collect();
    for ((name, _), part) in FILES.iter().zip(parts) {
        all.merge(part?, name)?;
    }
    Ok(all)
}

impl Schedule {
    /// The embedded default schedule, built on first use and cached: later
    /// calls are a reference-count increment.
    ///
    /// # Panics
    ///
    /// Only if the embedded data is invalid, which the crate's tests rule out;
    /// use [`Schedule::try_builtin`] to get the error instead.
    pub fn builtin() -> Schedule {
        match Schedule::try_builtin() {
            Ok(s) => s,
            Err(e) => panic!("the embedded schedule is invalid: {e}"),
        }
    }

    /// The embedded default schedule, or the validation error of its data.
    ///
    /// # Errors
    ///
    /// The errors of [`data`] and [`chapter99`], and [`Error::Schedule`](crate::Error::Schedule) or
    /// [`Error::TooLarge`](crate::Error::TooLarge) when the merged data does not validate (as
    /// [`Schedule::from_data`]); the crate's tests rule them out. The result
    /// is cached, error included.
    pub fn try_builtin() -> Result<Schedule> {
        BUILTIN
            .get_or_init(|| {
                let schedule = Schedule::from_data(data()?, "<builtin>")?;
                Ok(schedule.with_chapter99(Arc::from(chapter99()?)))
            })
            .clone()
    }
}
