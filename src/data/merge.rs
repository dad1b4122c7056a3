//! Data surgery on schedule data, before it is compiled: fragments merged
//! into one schedule ([`ScheduleData::merge`]) and an overlay laid on a
//! schedule ([`ScheduleData::lay_overlay`], the data half of
//! `Schedule::with_overlay`).

use super::check::check_format;
use super::{BaseTable, ImporterData, ScheduleData};
use crate::code::HtsCode;
use crate::country::Country;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::limits;
use std::collections::{BTreeMap, HashMap, HashSet};

impl ScheduleData {
    /// Merges a fragment into this schedule: groups and product lists are
    /// added (a name defined twice with different contents is an error);
    /// importers are matched by country (their currencies must agree, and at
    /// most one fragment may give an importer's base table); measures,
    /// exemptions and fees are appended (duplicate ids are caught when the
    /// schedule is compiled). A fragment with a non-empty `version.name` sets
    /// the version.
    ///
    /// # Errors
    ///
    /// [`Error::Schedule`], naming `file`, when the fragment's `format` is
    /// not [`FORMAT`](super::FORMAT), when it defines a group or product list
    /// differently from an earlier fragment, when it gives an importer
    /// another currency or a second base table, or when an importer of it
    /// lists ids to `remove` (only an overlay may).
    pub fn merge(&mut self, part: ScheduleData, file: &str) -> Result<()> {
        check_format(&part.format, file)?;
        if !part.version.name.is_empty() {
            self.version = part.version;
        }
        merge_named(&mut self.groups, part.groups, "groups", file)?;
        merge_named(
            &mut self.product_lists,
            part.product_lists,
            "product_lists",
            file,
        )?;
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

/// The named definitions of a fragment (`groups` or `product_lists`, the
/// `section`) added to `cur`: a name `cur` already defines must be defined
/// the same way, or it is an error naming `section.name` and `file`.
fn merge_named<V: PartialEq>(
    cur: &mut BTreeMap<String, V>,
    part: BTreeMap<String, V>,
    section: &str,
    file: &str,
) -> Result<()> {
    for (k, v) in part {
        match cur.get(&k) {
            Some(c) if *c != v => {
                return Err(Error::schedule(
                    file,
                    None,
                    &format!("{section}.{k}"),
                    "is defined differently in another file",
                ))
            }
            _ => {
                cur.insert(k, v);
            }
        }
    }
    Ok(())
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

impl ScheduleData {
    /// Lays `overlay` on this data, as `Schedule::with_overlay` documents:
    /// measures, exemptions, fees and prohibitions of an importer replace
    /// those with the same id and are added otherwise, the ids its `remove`
    /// lists are taken out, groups and product lists replace those of the
    /// same name, base lines are added (taking precedence where they overlap
    /// in time), and a new importer is added whole. Returns the importers
    /// whose compiled base tables can be reused: those whose base data and
    /// groups the overlay leaves unchanged. Errors name `file`. `self` is a
    /// loaded schedule's data, its format checked when it was loaded; only
    /// the overlay's is checked here.
    pub(crate) fn lay_overlay(
        &mut self,
        overlay: ScheduleData,
        file: &str,
    ) -> Result<Vec<Country>> {
        check_format(&overlay.format, file)?;
        let before: Vec<Country> = self.importers.iter().map(|i| i.country).collect();
        let groups_changed = !overlay.groups.is_empty();
        let mut reuse: Vec<Country> = Vec::new();
        self.groups.extend(overlay.groups);
        self.product_lists.extend(overlay.product_lists);
        if !overlay.version.name.is_empty() {
            self.version.name = format!("{} + {}", self.version.name, overlay.version.name);
        }
        let touched: Vec<Country> = overlay.importers.iter().map(|i| i.country).collect();
        for imp in overlay.importers {
            match self.importers.iter_mut().find(|i| i.country == imp.country) {
                None if !imp.remove.is_empty() => {
                    return Err(Error::schedule(
                        file,
                        Some(imp.country.as_str()),
                        "remove",
                        "the schedule has no such importer to remove from",
                    ))
                }
                None => self.importers.push(imp),
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
                        overlay_base(cur.base.get_or_insert_with(BaseTable::default), b);
                    }
                }
            }
        }
        // Importers the overlay does not mention keep their compiled base too.
        if !groups_changed {
            for c in before {
                if !reuse.contains(&c) && !touched.contains(&c) {
                    reuse.push(c);
                }
            }
        }
        Ok(reuse)
    }
}

/// An overlay's base table laid on `cur`: its lines replace the lines of
/// the same code they overlap in time, its `column2` (when given) replaces
/// the current one, its programs replace those of the same claim.
fn overlay_base(cur: &mut BaseTable, b: BaseTable) {
    let mut by_code: HashMap<HtsCode, Vec<(Date, Date)>> = HashMap::new();
    for n in &b.lines {
        by_code
            .entry(n.code)
            .or_default()
            .push((n.from, n.until.unwrap_or(Date::MAX)));
    }
    cur.lines.retain(|l| {
        !by_code.get(&l.code).is_some_and(|v| {
            v.iter()
                .any(|&(from, until)| from < l.until.unwrap_or(Date::MAX) && l.from < until)
        })
    });
    cur.lines.extend(b.lines);
    if !b.column2.is_empty() {
        cur.column2 = b.column2;
    }
    merge_by_id(&mut cur.programs, b.programs, |p| p.claim.clone());
}
