//! Compilation of a schedule into the `model`: every check a
//! schedule passes at load, and the indexes the quote algorithm reads.

mod base;
mod context;
mod index;
mod overlap;
mod rules;
mod stacking;

use super::model::{Base, Importer};
use super::{Engine, MFN};
use crate::country::Country;
use crate::data::{ImporterData, ScheduleData};
use crate::error::{Error, Result};
use crate::limits;
use base::compile_base;
use context::Ctx;
use overlap::check_conflicts;
use stacking::Relations;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// One importer of the schedule, compiled: its base table (or `reuse`, the
/// one compiled before), its items checked and ordered, and its indexes.
fn compile_importer(ctx: &Ctx, imp: &ImporterData, reuse: Option<Arc<Base>>) -> Result<Importer> {
    check_sizes(ctx, imp)?;
    let base = match (reuse, &imp.base) {
        (Some(b), Some(_)) => Some(b),
        (_, Some(b)) => Some(Arc::new(compile_base(ctx, b)?)),
        (_, None) => None,
    };
    let mut relations = Relations::new(ctx, imp.country);
    let mut ids = HashSet::new();
    let mut measures = rules::measures(ctx, &mut ids, imp)?;
    let edges = stacking::edges(ctx, &mut relations, &imp.measures, &measures)?;
    stacking::rank(ctx, &mut measures, &edges)?;
    check_conflicts(ctx, &measures, &edges)?;
    let exemptions = rules::exemptions(
        ctx,
        &mut ids,
        &mut relations,
        imp,
        &measures,
        base.is_some(),
    )?;
    let fees = rules::fees(ctx, &mut ids, &imp.fees)?;
    let prohibitions = rules::prohibitions(ctx, &mut ids, &imp.prohibitions)?;
    let uscopes = index::universal_scopes(ctx, &mut measures)?;
    let (x_index, x_universal) = index::exemptions(&exemptions);
    let t = index::thresholds(
        &measures,
        &exemptions,
        &fees,
        &prohibitions,
        base.as_deref(),
    );
    Ok(Importer {
        aidx_mfn: 0,
        aidx_measure: Vec::new(),
        aidx_fee: Vec::new(),
        mfn: Arc::from(MFN),
        country: imp.country,
        currency: imp.currency,
        base,
        index: index::listed(&measures),
        universal: index::universal(&measures),
        measures,
        uscopes,
        exemptions,
        x_index,
        x_universal,
        fees,
        prohibitions,
        breaks: t.breaks,
        value_breaks: t.value_breaks,
        value_break_cents: t.value_break_cents,
        loaded_breaks: t.loaded_breaks,
        claim_names: t.claim_names,
    })
}

/// The numbers of an importer's items within their limits.
fn check_sizes(ctx: &Ctx, imp: &ImporterData) -> Result<()> {
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
    Ok(())
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
