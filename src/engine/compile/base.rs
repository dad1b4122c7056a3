//! Compilation of an importer's base table (the tariff lines, column 2 and
//! the special programs) for step 2 of the quote algorithm.

use super::super::hash::KeyMap;
use super::super::model::{Base, BaseLine, Cell, Program, SpecialGroups};
use super::context::Ctx;
use crate::country::CountrySet;
use crate::date::Date;
use crate::error::Result;
use crate::limits;
use crate::rate::{parse_special, Rate};
use crate::schedule::BaseTable;
use std::collections::HashMap;
use std::sync::Arc;

pub(super) fn cell(text: &str, interned: &mut HashMap<String, Arc<Rate>>) -> Cell {
    let t = text.trim();
    let rate = match interned.get(t) {
        Some(r) => Ok(r.clone()),
        None => match Rate::parse(t) {
            Ok(r) => {
                let r = Arc::new(r);
                interned.insert(t.to_string(), r.clone());
                Ok(r)
            }
            Err(e) => Err(Arc::from(e.to_string())),
        },
    };
    Cell {
        text: Arc::from(t),
        rate,
    }
}

pub(super) fn text_cell<'a>(
    o: &'a Option<String>,
    cells: &mut HashMap<&'a str, Cell>,
    interned: &mut HashMap<String, Arc<Rate>>,
) -> Option<Cell> {
    let t = o.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    Some(cells.entry(t).or_insert_with(|| cell(t, interned)).clone())
}

pub(super) fn compile_base(ctx: &Ctx, b: &BaseTable) -> Result<Base> {
    // Rate texts repeat across lines (12,000 lines, about 2,000 distinct
    // texts): parse each text once and share the cells.
    let mut interned = HashMap::new();
    let mut cells: HashMap<&str, Cell> = HashMap::new();
    let mut specials: HashMap<&str, SpecialGroups> = HashMap::new();
    let mut revisions: HashMap<&str, Arc<str>> = HashMap::new();
    let mut lines: KeyMap<Vec<BaseLine>> = KeyMap::default();
    let no_special: SpecialGroups = Arc::new(Vec::new());
    ctx.count(
        "base",
        "lines",
        b.lines.len(),
        limits::MAX_BASE_LINES,
        "lines",
    )?;
    ctx.text("base", "source", &b.source, limits::MAX_SOURCE_CHARS)?;
    ctx.count(
        "base",
        "programs",
        b.programs.len(),
        limits::MAX_PROGRAMS,
        "programs",
    )?;
    ctx.count(
        "base",
        "column2",
        b.column2.len(),
        limits::MAX_SCOPE_ENTRIES,
        "entries",
    )?;
    for l in &b.lines {
        let item = || format!("base line {} from {}", l.code, l.from);
        // A base line is a tariff line (8 digits) or a statistical
        // reporting number (10): a quote looks up only those, so a shorter
        // line could never apply.
        if l.code.len() != 8 && l.code.len() != 10 {
            return Err(ctx.err(
                &item(),
                "code",
                format!(
                    "{} has {} digits: a base line is an 8-digit tariff line or a 10-digit statistical reporting number",
                    l.code,
                    l.code.len()
                ),
            ));
        }
        if let Some(r) = l
            .revision
            .as_deref()
            .filter(|r| r.len() > limits::MAX_SOURCE_CHARS)
        {
            ctx.text(&item(), "revision", r, limits::MAX_SOURCE_CHARS)?;
        }
        if l.units.len() > limits::MAX_CONDITION_ENTRIES {
            return Err(ctx.too_large(
                &item(),
                "units",
                l.units.len(),
                limits::MAX_CONDITION_ENTRIES,
                "entries",
            ));
        }
        let until = l.until.unwrap_or(Date::MAX);
        if until <= l.from {
            return Err(ctx.err(
                &item(),
                "until",
                format!("{until} is not after from {}", l.from),
            ));
        }
        let special = match l.special.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => specials
                .entry(s)
                .or_insert_with(|| {
                    Arc::new(match parse_special(s) {
                        Ok(groups) => groups
                            .into_iter()
                            .map(|g| {
                                let text = g.rate.to_string();
                                (
                                    Cell {
                                        text: Arc::from(text.as_str()),
                                        rate: Ok(Arc::new(g.rate)),
                                    },
                                    g.programs,
                                )
                            })
                            .collect(),
                        Err(_) => Vec::new(),
                    })
                })
                .clone(),
            _ => no_special.clone(),
        };
        let general = text_cell(&l.general, &mut cells, &mut interned);
        let other = text_cell(&l.other, &mut cells, &mut interned);
        let revision = revisions
            .entry(l.revision.as_deref().unwrap_or(""))
            .or_insert_with_key(|r| Arc::from(*r))
            .clone();
        let line = BaseLine {
            from: l.from,
            until,
            general,
            special,
            other,
            revision,
            code: l.code,
        };
        lines.entry(l.code.key()).or_default().push(line);
    }
    // Lines of one code must not overlap in time: sorted by start, each
    // must start at or after the end of the one before.
    for v in lines.values_mut() {
        v.sort_by_key(|l| l.from);
        if let Some(w) = v.windows(2).find(|w| w[1].from < w[0].until) {
            return Err(ctx.err(
                &format!("base line {} from {}", w[1].code, w[1].from),
                "from",
                format!(
                    "overlaps the line of {} valid from {}",
                    w[0].code, w[0].from
                ),
            ));
        }
    }
    let mut column2 = CountrySet::default();
    ctx.countries("base", "column2", &b.column2, &mut column2, true)?;
    let mut programs = Vec::new();
    for p in &b.programs {
        let item = format!("program {}", limits::echo(&p.claim));
        ctx.text(&item, "claim", &p.claim, limits::MAX_NAME_CHARS)?;
        ctx.count(&item, "codes", p.codes.len(), limits::MAX_PROGRAMS, "codes")?;
        for c in &p.codes {
            ctx.text(&item, "codes", c, limits::MAX_NAME_CHARS)?;
        }
        let mut origins = CountrySet::default();
        ctx.countries(
            &format!("program {}", p.claim),
            "origins",
            &p.origins,
            &mut origins,
            true,
        )?;
        programs.push(Program {
            claim: p.claim.trim().to_ascii_uppercase(),
            codes: p.codes.clone(),
            origins,
        });
    }
    Ok(Base {
        source: Arc::from(b.source.as_str()),
        lines,
        column2,
        programs,
    })
}
