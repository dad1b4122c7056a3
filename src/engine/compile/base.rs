//! Compilation of an importer's base table (the tariff lines, column 2 and
//! the special programs) for step 2 of the quote algorithm.

use super::super::hash::KeyMap;
use super::super::model::{Base, BaseLine, Cell, Program, Special, SpecialGroups};
use super::context::Ctx;
use crate::country::CountrySet;
use crate::data::{BaseLineData, BaseTable};
use crate::error::Result;
use crate::limits;
use crate::rate::{parse_special, Rate};
use std::collections::HashMap;
use std::sync::Arc;

/// The cells of a base table's rate texts. Rate texts repeat across lines
/// (12,000 lines, about 2,000 distinct texts): each text is parsed once and
/// its cell shared.
#[derive(Default)]
struct Cells<'d> {
    interned: HashMap<String, Arc<Rate>>,
    cells: HashMap<&'d str, Cell>,
    specials: HashMap<&'d str, SpecialGroups>,
    revisions: HashMap<&'d str, Arc<str>>,
    no_special: Option<SpecialGroups>,
}

impl<'d> Cells<'d> {
    fn cell(&mut self, text: &str) -> Cell {
        let t = text.trim();
        let rate = match self.interned.get(t) {
            Some(r) => Ok(r.clone()),
            None => match Rate::parse(t) {
                Ok(r) => {
                    let r = Arc::new(r);
                    self.interned.insert(t.to_string(), r.clone());
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

    /// The cell of a column's text, `None` when the line prints none.
    fn text_cell(&mut self, o: &'d Option<String>) -> Option<Cell> {
        let t = o.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
        if let Some(c) = self.cells.get(t) {
            return Some(c.clone());
        }
        let c = self.cell(t);
        self.cells.insert(t, c.clone());
        Some(c)
    }

    /// The special column of a line's text: its groups, or the text with
    /// the reason it does not parse.
    fn special(&mut self, o: &'d Option<String>) -> SpecialGroups {
        let Some(s) = o.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return self
                .no_special
                .get_or_insert_with(|| Arc::new(Special::Groups(Vec::new())))
                .clone();
        };
        self.specials
            .entry(s)
            .or_insert_with(|| {
                Arc::new(match parse_special(s) {
                    Ok(groups) => Special::Groups(
                        groups
                            .into_iter()
                            .map(|g| {
                                let text = g.rate.to_string();
                                let cell = Cell {
                                    text: Arc::from(text.as_str()),
                                    rate: Ok(Arc::new(g.rate)),
                                };
                                (cell, g.programs)
                            })
                            .collect(),
                    ),
                    Err(e) => Special::Unparsed(Cell {
                        text: Arc::from(s),
                        rate: Err(Arc::from(e.to_string())),
                    }),
                })
            })
            .clone()
    }

    fn revision(&mut self, r: &'d Option<String>) -> Arc<str> {
        self.revisions
            .entry(r.as_deref().unwrap_or(""))
            .or_insert_with_key(|r| Arc::from(*r))
            .clone()
    }
}

/// The base table of an importer: its lines by code (checked, and not
/// overlapping in time), column 2 and the special programs.
pub(super) fn compile_base(ctx: &Ctx, b: &BaseTable) -> Result<Base> {
    // (The number of lines is checked with the importer's other sizes.)
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
    let mut cells = Cells::default();
    let mut lines: KeyMap<Vec<BaseLine>> = KeyMap::default();
    for l in &b.lines {
        let line = base_line(ctx, &mut cells, l)?;
        lines.entry(l.code.key()).or_default().push(line);
    }
    check_no_overlap(ctx, &mut lines)?;
    let mut column2 = CountrySet::default();
    ctx.countries("base", "column2", &b.column2, &mut column2, true)?;
    Ok(Base {
        source: Arc::from(b.source.as_str()),
        lines,
        column2,
        programs: programs(ctx, b)?,
    })
}

/// One base line, checked.
fn base_line<'d>(ctx: &Ctx, cells: &mut Cells<'d>, l: &'d BaseLineData) -> Result<BaseLine> {
    let item = || format!("base line {} from {}", l.code, l.from);
    // A base line is a tariff line (8 digits) or a statistical reporting
    // number (10): a quote looks up only those, so a shorter line could
    // never apply.
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
    // The item's name is formatted only for the error: a base table has
    // 12,000 lines, and formatting it for each took a fifth of the load.
    let until = l.until.unwrap_or(crate::date::Date::MAX);
    if until <= l.from {
        ctx.validity(&item(), l.from, l.until)?;
    }
    Ok(BaseLine {
        from: l.from,
        until,
        special: cells.special(&l.special),
        general: cells.text_cell(&l.general),
        other: cells.text_cell(&l.other),
        revision: cells.revision(&l.revision),
        code: l.code,
    })
}

/// Lines of one code must not overlap in time: sorted by start, each must
/// start at or after the end of the one before.
fn check_no_overlap(ctx: &Ctx, lines: &mut KeyMap<Vec<BaseLine>>) -> Result<()> {
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
    Ok(())
}

/// The special programs of a base table.
fn programs(ctx: &Ctx, b: &BaseTable) -> Result<Vec<Program>> {
    let mut programs = Vec::with_capacity(b.programs.len());
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
    Ok(programs)
}
