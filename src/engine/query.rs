//! What the rate panels ask of the compiled schedule: the tariff lines in
//! force on a date, and the classes of origins every rule treats alike.

use super::Engine;
use crate::code::HtsCode;
use crate::country::{Country, CountrySet};
use crate::date::Date;
use std::collections::HashMap;

impl Engine {
    /// The tariff lines of an importer in force on `date`, sorted; `None`
    /// when the importer is unknown or has no base table.
    /// Each with whether its general rate has a specific (non ad valorem) part.
    pub(crate) fn lines_in_force(
        &self,
        importer: Country,
        date: Date,
    ) -> Option<Vec<(HtsCode, bool)>> {
        let imp = self.importers.iter().find(|i| i.country == importer)?;
        let base = imp.base.as_ref()?;
        let mut codes: Vec<(HtsCode, bool)> = base
            .lines
            .values()
            .filter_map(|v| v.iter().find(|l| l.from <= date && date < l.until))
            .map(|l| {
                let specific = l
                    .general
                    .as_ref()
                    .and_then(|c| c.rate.as_ref().ok())
                    .is_some_and(|r| !r.is_ad_valorem());
                (l.code, specific)
            })
            .collect();
        codes.sort_unstable();
        Some(codes)
    }

    /// Groups `origins` into classes that every origin-dependent rule in force
    /// on `date` treats alike (measures, exemptions, suspensions, programs,
    /// column 2). Returns the class of each origin and one representative
    /// origin per class.
    pub(crate) fn origin_classes(
        &self,
        importer: Country,
        date: Date,
        origins: &[Country],
    ) -> Option<(Vec<u32>, Vec<Country>)> {
        let imp = self.importers.iter().find(|i| i.country == importer)?;
        let mut sets: Vec<&CountrySet> = Vec::new();
        let live = |from: Date, until: Date| from <= date && date < until;
        sets.extend(
            imp.measures
                .iter()
                .filter(|m| live(m.from, m.until))
                .map(|m| &m.origins),
        );
        for x in imp.exemptions.iter().filter(|x| live(x.from, x.until)) {
            sets.push(&x.origins);
            sets.extend(
                x.suspensions
                    .iter()
                    .filter(|s| live(s.from, s.until))
                    .map(|s| &s.origins),
            );
        }
        if let Some(b) = &imp.base {
            sets.push(&b.column2);
            sets.extend(b.programs.iter().map(|p| &p.origins));
        }
        let mut classes: HashMap<Vec<bool>, u32> = HashMap::new();
        let mut reps = Vec::new();
        let mut of = Vec::with_capacity(origins.len());
        for &o in origins {
            let sig: Vec<bool> = sets.iter().map(|s| s.contains(o)).collect();
            let next = classes.len() as u32;
            let c = *classes.entry(sig).or_insert_with(|| {
                reps.push(o);
                next
            });
            of.push(c);
        }
        Some((of, reps))
    }
}
