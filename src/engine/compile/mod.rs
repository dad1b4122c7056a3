//! Compilation of a schedule into the [`model`](super::model): every check a
//! schedule passes at load, and the indexes the quote algorithm reads.

mod base;
mod context;
mod overlap;
mod rules;
mod stacking;

use super::hash::KeyMap;
use super::model::*;
use super::money::whole_cents;
use super::{Engine, MFN};
use crate::country::Country;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::limits;
use crate::quote::LineKind;
use crate::rate::Rate;
use crate::schedule::{ImporterData, ScheduleData};
use base::compile_base;
use context::Ctx;
use overlap::check_conflicts;
use rules::{check_item, heading, ItemTexts};
use rust_decimal::Decimal;
use stacking::{ItemIndex, Relations, Selector, SELECTOR_FORMS};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

fn compile_importer(ctx: &Ctx, imp: &ImporterData, reuse: Option<Arc<Base>>) -> Result<Importer> {
    let who = imp.country;
    for (field, n, limit) in [
        ("measures", imp.measures.len(), limits::MAX_MEASURES),
        ("exemptions", imp.exemptions.len(), limits::MAX_EXEMPTIONS),
        ("fees", imp.fees.len(), limits::MAX_FEES),
        (
            "prohibitions",
            imp.prohibitions.len(),
            limits::MAX_PROHIBITIONS,
        ),
        (
            "base.lines",
            imp.base.as_ref().map_or(0, |b| b.lines.len()),
            limits::MAX_BASE_LINES,
        ),
    ] {
        limits::check_count(ctx.file, &format!("{who}: {field}"), n, limit, field)?;
    }
    let base = match (reuse, &imp.base) {
        (Some(b), Some(_)) => Some(b),
        (_, Some(b)) => Some(Arc::new(compile_base(ctx, b)?)),
        (_, None) => None,
    };
    let mut relations = Relations {
        ctx,
        importer: who,
        n: 0,
    };
    let mut measures = Vec::with_capacity(imp.measures.len());
    let mut ids = HashSet::new();
    for m in &imp.measures {
        check_item(
            ctx,
            &mut ids,
            ItemTexts {
                what: "measure",
                id: &m.id,
                authority: &m.authority,
                heading: m.heading.as_deref(),
                description: &m.description,
                source: &m.source,
            },
        )?;
        let item = m.id.as_str();
        ctx.count(
            item,
            "excludes",
            m.excludes.len() + m.superseded_by.len(),
            limits::MAX_SELECTORS,
            "selectors in excludes and superseded_by",
        )?;
        let floor = match (&m.rate, &m.floor) {
            (Some(_), Some(_)) => {
                return Err(ctx.err(item, "floor", "give either rate or floor, not both"))
            }
            (None, None) => return Err(ctx.err(item, "rate", "is missing (or give a floor)")),
            (Some(r), None) => {
                if matches!(r, Rate::ReducedBy(_) | Rate::Reference(_)) {
                    return Err(ctx.err(
                        item,
                        "rate",
                        format!("{r} cannot be evaluated as an additional duty"),
                    ));
                }
                None
            }
            (None, Some(f)) => {
                let pct = f.rate.ad_valorem_percent().ok_or_else(|| {
                    ctx.err(
                        item,
                        "floor.rate",
                        format!("{} is not an ad valorem rate", f.rate),
                    )
                })?;
                if f.counts.is_empty() {
                    return Err(ctx.err(
                        item,
                        "floor.counts",
                        "is empty: name the authorities the floor counts (e.g. mfn)",
                    ));
                }
                ctx.count(
                    item,
                    "floor.counts",
                    f.counts.len(),
                    limits::MAX_CONDITION_ENTRIES,
                    "entries",
                )?;
                for c in &f.counts {
                    ctx.text(item, "floor.counts", c, limits::MAX_NAME_CHARS)?;
                }
                let counts: Vec<String> = f.counts.iter().map(|c| c.trim().to_string()).collect();
                Some((pct, counts))
            }
        };
        let rate_text = match (&m.rate, &floor) {
            (Some(r), _) => r.to_string(),
            (None, Some((p, c))) => format!(
                "{}% all-in floor (counting {})",
                p.normalize(),
                c.join(", ")
            ),
            _ => String::new(),
        };
        measures.push(Measure {
            id: Arc::from(item),
            authority: Arc::from(m.authority.trim()),
            heading: heading(ctx, item, &m.heading)?,
            description: m.description.clone(),
            rate: m.rate.clone(),
            rate_text,
            floor,
            origins: ctx.origins(item, "origins", &m.origins)?,
            products: ctx.products(item, &m.products)?,
            from: m.from,
            until: ctx.validity(item, m.from, m.until)?,
            cond: ctx.conditions(item, &m.conditions)?,
            cumulative: m.cumulative,
            source: Arc::from(m.source.as_str()),
            rank: 0,
            blockers: Vec::new(),
            uscope: 0,
        });
    }
    // A floor counts the lines of duty authorities of this importer: a
    // name that is none of them (a typo) would silently count nothing.
    {
        let duty: HashSet<&str> = measures
            .iter()
            .map(|m| &*m.authority)
            .chain([MFN])
            .collect();
        for m in &measures {
            if let Some((_, counts)) = &m.floor {
                if let Some(c) = counts.iter().find(|c| !duty.contains(c.as_str())) {
                    let fee = imp.fees.iter().any(|f| f.authority.trim() == c);
                    return Err(ctx.err(
                        &m.id,
                        "floor.counts",
                        format!(
                            "{:?} is {}: a floor counts the lines of duty authorities ({MFN} for the base rate, or the authority of a measure of this importer)",
                            limits::echo(c),
                            if fee { "the authority of a fee" } else { "not an authority of this importer" }
                        ),
                    ));
                }
            }
        }
    }
    // Stacking edges: m displaces n.
    let n = measures.len();
    let mut edges: Vec<Vec<u32>> = vec![Vec::new(); n];
    let index = ItemIndex::new(&measures);
    let resolve =
        |relations: &mut Relations, item: &str, field: &str, sel: &str| -> Result<Vec<u32>> {
            let s = Selector::parse(sel).ok_or_else(|| {
                ctx.err(
                    item,
                    field,
                    format!(
                        "{:?} is not a selector: use {SELECTOR_FORMS}",
                        limits::echo(sel)
                    ),
                )
            })?;
            let mut hit = index.select(&s);
            relations.add(item, field, hit.len())?;
            hit.retain(|&i| &*measures[i as usize].id != item);
            if hit.is_empty() {
                return Err(ctx.err(
                    item,
                    field,
                    format!("{:?} matches no other measure", limits::echo(sel)),
                ));
            }
            Ok(hit)
        };
    for (i, m) in imp.measures.iter().enumerate() {
        for sel in &m.excludes {
            for j in resolve(&mut relations, &m.id, "excludes", sel)? {
                edges[i].push(j);
            }
        }
        for sel in &m.superseded_by {
            for j in resolve(&mut relations, &m.id, "superseded_by", sel)? {
                edges[j as usize].push(i as u32);
            }
        }
    }
    for e in edges.iter_mut() {
        e.sort_unstable();
        e.dedup();
    }
    // Topological order (Kahn); a cycle is a load error.
    let mut indeg = vec![0u32; n];
    for e in &edges {
        for &j in e {
            indeg[j as usize] += 1;
        }
    }
    let mut queue: Vec<u32> = (0..n as u32).filter(|&i| indeg[i as usize] == 0).collect();
    let mut order = 0u32;
    let mut head = 0;
    while head < queue.len() {
        let i = queue[head] as usize;
        head += 1;
        measures[i].rank = order;
        order += 1;
        for &j in &edges[i] {
            indeg[j as usize] -= 1;
            if indeg[j as usize] == 0 {
                queue.push(j);
            }
        }
    }
    if queue.len() != n {
        let stuck = (0..n).find(|&i| indeg[i] > 0).unwrap_or(0);
        return Err(ctx.err(
            &measures[stuck].id,
            "excludes",
            "the excludes/superseded_by relations form a cycle through this measure",
        ));
    }
    for (i, e) in edges.iter().enumerate() {
        for &j in e {
            measures[j as usize].blockers.push(i as u32);
        }
    }
    check_conflicts(ctx, &measures, &edges)?;

    let mut index: KeyMap<Vec<u32>> = KeyMap::default();
    for (i, m) in measures.iter().enumerate() {
        if !m.products.all {
            for k in &m.products.include {
                index.entry(*k).or_default().push(i as u32);
            }
        }
    }
    // Measures on every product, per origin, in stacking order: filed in
    // order of rank (a permutation of the measures), so no list is sorted.
    let mut by_rank = vec![0u32; measures.len()];
    for (i, m) in measures.iter().enumerate() {
        by_rank[m.rank as usize] = i as u32;
    }
    let mut universal: Vec<Vec<u32>> = vec![Vec::new(); 26 * 26];
    for &i in &by_rank {
        let m = &measures[i as usize];
        if m.products.all {
            for c in m.origins.indexes() {
                universal[c].push(i);
            }
        }
    }

    let mindex = ItemIndex::new(&measures);
    let findex = ItemIndex::of(
        LineKind::Fee,
        imp.fees.iter().map(|f| {
            (
                f.id.as_str(),
                f.authority.trim(),
                f.heading.as_deref().map(str::trim),
            )
        }),
    );
    let mut exemptions = Vec::new();
    for x in &imp.exemptions {
        check_item(
            ctx,
            &mut ids,
            ItemTexts {
                what: "exemption",
                id: &x.id,
                authority: &x.authority,
                heading: x.heading.as_deref(),
                description: &x.description,
                source: &x.source,
            },
        )?;
        let item = x.id.as_str();
        if x.removes.is_empty() {
            return Err(ctx.err(item, "removes", "is empty: say what the exemption removes"));
        }
        ctx.count(
            item,
            "removes",
            x.removes.len(),
            limits::MAX_SELECTORS,
            "selectors",
        )?;
        ctx.count(
            item,
            "suspensions",
            x.suspensions.len(),
            limits::MAX_CONDITION_ENTRIES,
            "suspensions",
        )?;
        let mut removes = Vec::new();
        for sel in &x.removes {
            let s = Selector::parse(sel).ok_or_else(|| {
                ctx.err(
                    item,
                    "removes",
                    format!(
                        "{:?} is not a selector: use {SELECTOR_FORMS}",
                        limits::echo(sel)
                    ),
                )
            })?;
            let any = match &s {
                Selector::All | Selector::Kind(_) => true,
                _ => {
                    mindex.any(&s)
                        || findex.any(&s)
                        || (base.is_some() && s.hits(LineKind::Base, MFN, "", None))
                }
            };
            if !any {
                return Err(ctx.err(
                    item,
                    "removes",
                    format!("{:?} matches nothing in this importer", limits::echo(sel)),
                ));
            }
            removes.push(s);
        }
        let mut suspensions = Vec::new();
        for (k, s) in x.suspensions.iter().enumerate() {
            let f = format!("suspensions[{k}]");
            ctx.text(
                item,
                &format!("{f}.source"),
                &s.source,
                limits::MAX_SOURCE_CHARS,
            )?;
            if let Some(m) = &s.modes {
                ctx.count(
                    item,
                    &format!("{f}.modes"),
                    m.len(),
                    limits::MAX_CONDITION_ENTRIES,
                    "entries",
                )?;
                if m.is_empty() {
                    return Err(ctx.err(
                        item,
                        &format!("{f}.modes"),
                        "is empty: the suspension would never apply; omit it for every mode",
                    ));
                }
            }
            suspensions.push(Suspension {
                origins: ctx.origins(item, &format!("{f}.origins"), &s.origins)?,
                from: s.from,
                until: ctx.validity(item, s.from, s.until)?,
                modes: s.modes.clone(),
                source: Arc::from(s.source.as_str()),
            });
        }
        let removes_base = removes
            .iter()
            .any(|s| s.hits(LineKind::Base, MFN, "", None));
        let set = |ix: &ItemIndex, relations: &mut Relations| -> Result<IdxSet> {
            if removes.iter().any(|s| ix.names_all(s)) {
                return Ok(IdxSet::All);
            }
            let mut members = Vec::new();
            for s in &removes {
                let hit = ix.select(s);
                relations.add(item, "removes", hit.len())?;
                members.extend(hit);
            }
            Ok(IdxSet::of(members))
        };
        let removes_measures = set(&mindex, &mut relations)?;
        let removes_fees = set(&findex, &mut relations)?;
        exemptions.push(Exemption {
            id: Arc::from(item),
            authority: Arc::from(x.authority.trim()),
            heading: heading(ctx, item, &x.heading)?,
            description: x.description.clone(),
            origins: ctx.origins(item, "origins", &x.origins)?,
            products: ctx.products(item, &x.products)?,
            from: x.from,
            until: ctx.validity(item, x.from, x.until)?,
            cond: ctx.conditions(item, &x.conditions)?,
            removes_base,
            removes_measures,
            removes_fees,
            suspensions,
            source: Arc::from(x.source.as_str()),
        });
    }

    let mut fees = Vec::new();
    for f in &imp.fees {
        check_item(
            ctx,
            &mut ids,
            ItemTexts {
                what: "fee",
                id: &f.id,
                authority: &f.authority,
                heading: f.heading.as_deref(),
                description: &f.description,
                source: &f.source,
            },
        )?;
        let item = f.id.as_str();
        if f.percent.is_none() && f.flat.is_none() {
            return Err(ctx.err(item, "percent", "give a percent, a flat amount, or both"));
        }
        for (name, v) in [
            ("percent", f.percent),
            ("flat", f.flat),
            ("minimum", f.minimum),
            ("maximum", f.maximum),
        ] {
            if let Some(v) = v {
                if v.is_sign_negative() && !v.is_zero() {
                    return Err(ctx.err(item, name, format!("{v} is negative")));
                }
            }
        }
        if let (Some(lo), Some(hi)) = (f.minimum, f.maximum) {
            if lo > hi {
                return Err(ctx.err(item, "minimum", format!("{lo} is above the maximum {hi}")));
            }
        }
        let opt = |d: Option<Decimal>, none: i64| d.map_or(Some(none), whole_cents);
        let cents = match (
            opt(f.minimum, i64::MIN),
            opt(f.maximum, i64::MAX),
            opt(f.flat, 0),
        ) {
            (Some(lo), Some(hi), Some(flat)) => Some((lo, hi, flat)),
            _ => None,
        };
        fees.push(Fee {
            cents,
            id: Arc::from(item),
            authority: Arc::from(f.authority.trim()),
            heading: heading(ctx, item, &f.heading)?,
            description: f.description.clone(),
            percent: f.percent,
            flat: f.flat,
            minimum: f.minimum,
            maximum: f.maximum,
            from: f.from,
            until: ctx.validity(item, f.from, f.until)?,
            cond: ctx.conditions(item, &f.conditions)?,
            source: Arc::from(f.source.as_str()),
        });
    }

    let mut prohibitions = Vec::new();
    for p in &imp.prohibitions {
        check_item(
            ctx,
            &mut ids,
            ItemTexts {
                what: "prohibition",
                id: &p.id,
                authority: &p.authority,
                heading: p.heading.as_deref(),
                description: &p.description,
                source: &p.source,
            },
        )?;
        let item = p.id.as_str();
        heading(ctx, item, &p.heading)?;
        prohibitions.push(Prohibition {
            id: Arc::from(item),
            description: p.description.clone(),
            origins: ctx.origins(item, "origins", &p.origins)?,
            products: ctx.products(item, &p.products)?,
            from: p.from,
            until: ctx.validity(item, p.from, p.until)?,
            cond: ctx.conditions(item, &p.conditions)?,
            source: Arc::from(p.source.as_str()),
        });
    }

    // The distinct scopes of the universal measures.
    let mut uscopes: Vec<Arc<Products>> = Vec::new();
    let mut uscope_of: HashMap<*const Products, usize> = HashMap::new();
    for m in measures.iter_mut().filter(|m| m.products.all) {
        let k = *uscope_of
            .entry(Arc::as_ptr(&m.products))
            .or_insert_with(|| {
                uscopes.push(m.products.clone());
                uscopes.len() - 1
            });
        m.uscope = u16::try_from(k).map_err(|_| {
            ctx.err(
                &m.id,
                "products",
                "more than 65,535 distinct product scopes",
            )
        })?;
    }
    let mut x_index: KeyMap<Vec<u32>> = KeyMap::default();
    let mut x_universal = Vec::new();
    for (i, x) in exemptions.iter().enumerate() {
        if x.products.all {
            x_universal.push(i as u32);
        } else {
            for k in &x.products.include {
                x_index.entry(*k).or_default().push(i as u32);
            }
        }
    }

    // The plan key's thresholds.
    let mut breaks: Vec<Date> = Vec::new();
    let mut conds: Vec<&Conditions> = Vec::new();
    for m in &measures {
        breaks.extend([m.from, m.until]);
        conds.push(&m.cond);
    }
    for x in &exemptions {
        breaks.extend([x.from, x.until]);
        breaks.extend(x.suspensions.iter().flat_map(|s| [s.from, s.until]));
        conds.push(&x.cond);
    }
    for f in &fees {
        breaks.extend([f.from, f.until]);
        conds.push(&f.cond);
    }
    for p in &prohibitions {
        breaks.extend([p.from, p.until]);
        conds.push(&p.cond);
    }
    let mut claim_names: Vec<String> = Vec::new();
    if let Some(b) = &base {
        let mut seen = HashSet::new();
        for v in b.lines.values() {
            for l in v {
                if seen.insert((l.from, l.until)) {
                    breaks.extend([l.from, l.until]);
                }
            }
        }
        claim_names.extend(b.programs.iter().map(|p| p.claim.clone()));
    }
    breaks.sort_unstable();
    breaks.dedup();
    let mut value_breaks: Vec<Decimal> = conds
        .iter()
        .flat_map(|c| [c.value_over, c.value_at_most])
        .flatten()
        .collect();
    value_breaks.sort_unstable();
    value_breaks.dedup();
    let mut loaded_breaks: Vec<Date> = conds.iter().filter_map(|c| c.loaded_before).collect();
    loaded_breaks.sort_unstable();
    loaded_breaks.dedup();
    for c in &conds {
        claim_names.extend(c.claims.iter().chain(&c.not_claims).cloned());
    }
    claim_names.sort_unstable();
    claim_names.dedup();

    Ok(Importer {
        aidx_mfn: 0,
        aidx_measure: Vec::new(),
        aidx_fee: Vec::new(),
        mfn: Arc::from(MFN),
        country: imp.country,
        currency: imp.currency,
        base,
        measures,
        index,
        universal,
        uscopes,
        exemptions,
        x_index,
        x_universal,
        fees,
        prohibitions,
        breaks,
        value_break_cents: value_breaks.iter().map(|t| whole_cents(*t)).collect(),
        value_breaks,
        loaded_breaks,
        claim_names,
    })
}

impl Engine {
    pub(crate) fn compile(data: &ScheduleData, file: &str) -> Result<Engine> {
        Engine::compile_reusing(data, file, None, &[])
    }

    /// Compiles `data`, taking the already compiled base tables of the
    /// importers in `reuse` from `prev` instead of rebuilding them (the
    /// caller guarantees their base data and the groups are unchanged).
    pub(crate) fn compile_reusing(
        data: &ScheduleData,
        file: &str,
        prev: Option<&Engine>,
        reuse: &[Country],
    ) -> Result<Engine> {
        let ctx = Ctx::new(data, file)?;
        let mut importers: Vec<Importer> = Vec::new();
        for imp in &data.importers {
            if importers.iter().any(|i| i.country == imp.country) {
                return Err(Error::schedule(
                    file,
                    Some(imp.country.as_str()),
                    "country",
                    "appears twice in importers",
                ));
            }
            let reused = prev
                .filter(|_| reuse.contains(&imp.country))
                .and_then(|p| p.importers.iter().find(|i| i.country == imp.country))
                .and_then(|i| i.base.clone());
            importers.push(compile_importer(&ctx, imp, reused)?);
        }
        // A fee's amounts are fees, a duty's are duty: in a batch each
        // authority is one column of one or the other, so a fee may not
        // share its authority with a duty of any importer.
        let mut duty: HashMap<&str, String> = HashMap::new();
        for imp in &importers {
            duty.entry(MFN).or_insert_with(|| "the base rates".into());
            for m in &imp.measures {
                duty.entry(&m.authority)
                    .or_insert_with(|| format!("measure {} of importer {}", m.id, imp.country));
            }
        }
        for imp in &importers {
            for f in &imp.fees {
                if let Some(d) = duty.get(&*f.authority) {
                    return Err(ctx.err(
                        &f.id,
                        "authority",
                        format!(
                            "{:?} is the authority of a duty ({d}): a fee needs an authority of its own, since its amounts are fees, not duty",
                            limits::echo(&f.authority)
                        ),
                    ));
                }
            }
        }
        let mut names: Vec<Arc<str>> = Vec::new();
        for imp in &importers {
            names.push(imp.mfn.clone());
            names.extend(imp.measures.iter().map(|m| m.authority.clone()));
            names.extend(imp.fees.iter().map(|f| f.authority.clone()));
        }
        names.sort();
        names.dedup();
        // The batch keeps a line's column in 16 bits (and u16::MAX for
        // none): the limit keeps every column index far below that.
        const _: () = assert!(limits::MAX_AUTHORITIES < u16::MAX as usize);
        limits::check_count(
            file,
            "authorities",
            names.len(),
            limits::MAX_AUTHORITIES,
            "authorities",
        )?;
        let index = |a: &str| -> u16 {
            let i = names.binary_search_by(|n| (**n).cmp(a)).unwrap_or(0);
            u16::try_from(i).expect("at most MAX_AUTHORITIES authorities")
        };
        for imp in &mut importers {
            imp.aidx_mfn = index(MFN);
            imp.aidx_measure = imp.measures.iter().map(|m| index(&m.authority)).collect();
            imp.aidx_fee = imp.fees.iter().map(|f| index(&f.authority)).collect();
        }
        let fees: HashSet<&str> = importers
            .iter()
            .flat_map(|i| i.fees.iter().map(|f| &*f.authority))
            .collect();
        let fee_authority = names.iter().map(|n| fees.contains(&**n)).collect();
        Ok(Engine {
            importers,
            authorities: names,
            fee_authority,
        })
    }
}
