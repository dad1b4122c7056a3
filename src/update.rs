//! Updates without a release: a newer USITC HTS export laid over a schedule
//! at run time.
//!
//! The USITC publishes each revision of the HTS as a JSON export (see
//! [`crate::hts`]). [`Schedule::with_hts_export`] reads one and makes its
//! tariff lines the US base rates from its effective date on: every base
//! line in force on that date ends the day before (or continues, when the
//! export prints the same rate texts), lines the schedule had dated later
//! are dropped, and codes the export no longer prints end on that date.
//! The export's Chapter 99 headings become the list that
//! [`Schedule::chapter99_report`] and [`Schedule::unmodelled_chapter99`]
//! compare the schedule's measures against, so that a user sees at once
//! which new headings no measure models (add them with an overlay, see
//! [`Schedule::with_overlay_path`]). Measures, exemptions, fees and the date
//! the policy was reviewed through are unchanged: a quote dated after that
//! date still carries its warning.
//!
//! The export must be a whole revision: a code it does not print has no base
//! line from the effective date on.
//!
//! ```
//! use tariffs::{EntryText, Schedule};
//! let export = br#"[
//!   {"htsno": "6109.10.00", "indent": "1", "description": "Of cotton", "superior": null, "units": ["doz.", "kg"],
//!    "general": "18%", "special": "Free (AU,BH)", "other": "90%", "footnotes": []},
//!   {"htsno": "9903.99.98", "indent": "1", "description": "A made-up heading", "superior": null, "units": [],
//!    "general": "The duty provided in the applicable subheading + 5%", "special": "", "other": "", "footnotes": []}
//! ]"#;
//! let rows = tariffs::hts::parse_export(export, "example.json").unwrap();
//! let s = Schedule::builtin()
//!     .with_hts_rows(&rows, "example", "2027-01-01".parse().unwrap(), "example.json")
//!     .unwrap();
//! let q = |date| s.quote(&EntryText { origin: "GB", hts: "6109.10.00.12", value: "100", date,
//!                                     ..Default::default() }.parse().unwrap()).unwrap();
//! assert_eq!(q("2026-12-31").lines[0].rate, "16.5%");   // the builtin's line
//! assert_eq!(q("2027-01-01").lines[0].rate, "18%");     // the export's, from its date
//! assert_eq!(s.coverage().hts_revision, "example");
//! assert_eq!(s.unmodelled_chapter99()[0].heading, "9903.99.98");
//! ```

use crate::date::Date;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::hts::{self, HtsRow, RevisionId};
use crate::schedule::{BaseLineData, Schedule};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

impl Schedule {
    /// This schedule with the USITC HTS export at `path` (JSON, plain or
    /// gzip) as its US base rates from `effective` on (see the [module
    /// docs](self)). The revision is named after the file
    /// (`hts_2026_rev_22.json` is `2026 rev 22`). Errors name the file.
    ///
    /// # Errors
    ///
    /// The errors of [`hts::read_export`] ([`Error::Io`], [`Error::Schedule`])
    /// and of [`Schedule::with_hts_rows`].
    pub fn with_hts_export(&self, path: impl AsRef<Path>, effective: Date) -> Result<Schedule> {
        let p = path.as_ref();
        let file = p.display().to_string();
        let rows = hts::read_export(p)?;
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(file.as_str());
        let label = match name.parse::<RevisionId>() {
            Ok(id) => id.to_string(),
            Err(_) => name.to_string(),
        };
        self.with_hts_rows(&rows, &label, effective, &file)
    }

    /// [`Schedule::with_hts_export`] on rows already read
    /// ([`hts::parse_export`]), naming the revision `revision` and `file` in errors.
    ///
    /// # Errors
    ///
    /// [`Error::Schedule`] naming `file`: a code printed twice (see
    /// [`hts::tariff_lines`]); field `htsno` when the rows hold no tariff line
    /// with a rate; field `importers` when the schedule has no US base
    /// table; and the validation errors of the updated schedule
    /// ([`Error::Schedule`], [`Error::TooLarge`]).
    pub fn with_hts_rows(
        &self,
        rows: &[HtsRow],
        revision: &str,
        effective: Date,
        file: &str,
    ) -> Result<Schedule> {
        let lines = hts::tariff_lines(rows, file)?;
        if lines.is_empty() {
            return Err(Error::schedule(
                file,
                None,
                "htsno",
                "has no tariff line with a rate: is it a USITC HTS export (a JSON array of rows with htsno, general, special, other)?",
            ));
        }
        let mut data = self.data().clone();
        let us = "US".parse().expect("US is a country");
        let Some(base) = data
            .importers
            .iter_mut()
            .find(|i| i.country == us)
            .and_then(|i| i.base.as_mut())
        else {
            return Err(Error::schedule(
                file,
                None,
                "importers",
                "the schedule has no US base table for an HTS export to update",
            ));
        };
        // Lines from `effective` on are replaced; the lines in force on that
        // date end there (remembering which were open-ended).
        let mut open_at: HashMap<u64, (usize, Option<Date>)> = HashMap::new();
        base.lines.retain(|l| l.from < effective);
        for (i, l) in base.lines.iter_mut().enumerate() {
            if l.until.map_or(true, |u| u > effective) {
                open_at.insert(l.code.key(), (i, l.until));
                l.until = Some(effective);
            }
        }
        let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
        for t in lines {
            let (general, special, other) = (text(&t.general), text(&t.special), text(&t.other));
            if let Some(&(i, until)) = open_at.get(&t.code.key()) {
                let old = &mut base.lines[i];
                if old.general == general && old.special == special && old.other == other {
                    // The same rates: the line simply goes on.
                    old.until = until;
                    old.units = t.units;
                    continue;
                }
            }
            base.lines.push(BaseLineData {
                code: t.code,
                general,
                special,
                other,
                units: t.units,
                from: effective,
                until: None,
                revision: Some(revision.to_string()),
            });
        }
        data.version.hts_revision = revision.to_string();
        data.version.hts_published = None;
        data.version.hts_effective = Some(effective);
        data.version.base_revision = revision.to_string();
        let reuse: Vec<_> = data
            .importers
            .iter()
            .map(|i| i.country)
            .filter(|c| *c != us)
            .collect();
        let engine = Engine::compile_reusing(&data, file, Some(self.engine()), &reuse)?;
        let chapter99 = hts::chapter99_headings(rows);
        Ok(Schedule::assemble(
            data,
            engine,
            Arc::from(chapter99),
            self.is_strict(),
        ))
    }
}
