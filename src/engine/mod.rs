//! The compiled engine: indexes built once from
//! [`ScheduleData`](crate::ScheduleData), and the quote algorithm.
//!
//! The eight steps of the quote algorithm are listed in the crate docs
//! (`src/lib.rs`, "The quote algorithm"); each module below names the steps
//! it implements. `docs/ARCHITECTURE.md` places the engine among the layers.
//!
//! # Modules, in the order of the algorithm
//!
//! - `model`: the compiled schedule (plain data, built once at load).
//! - `compile`: builds the model from the data and checks it.
//! - `lookup`: steps 1 and 2 (customs value, what a code matches, base column).
//! - `plan`: steps 2 to 5 and the fee selection of step 7 (phase 1: the quote's structure).
//! - `amounts`: steps 6 to 8 (phase 2: the amounts and totals).
//! - `explain`: the quote's lines and exclusions as text.
//! - `plan_cache`: batch evaluation, reusing phase 1 per plan key.
//! - `query`: what the rate panels ask of the compiled schedule.
//! - `money`: cent arithmetic ([`round_money`]); `hash`: the hasher of code keys.

mod amounts;
mod compile;
mod explain;
mod hash;
mod lookup;
mod model;
mod money;
mod plan;
mod plan_cache;
mod query;

use crate::country::Country;
use crate::entry::Entry;
use crate::error::{Error, Result};
use crate::quote::Quote;
use model::Importer;
use std::sync::Arc;

pub(crate) use amounts::Summary;
pub use money::round_money;
#[cfg(feature = "arrow")]
pub(crate) use plan_cache::LineSink;
pub(crate) use plan_cache::{KeyParts, Worker};

/// The authority of base lines.
pub const MFN: &str = "mfn";

pub(crate) struct Engine {
    importers: Vec<Importer>,
    /// Every authority of every importer, sorted: the batch output's columns.
    authorities: Vec<Arc<str>>,
    /// Whether each authority is a fee's (not a duty's).
    fee_authority: Vec<bool>,
}

impl Engine {
    /// The authorities of the batch output columns.
    pub(crate) fn authorities(&self) -> &[Arc<str>] {
        &self.authorities
    }

    /// Whether each authority of [`Engine::authorities`] is a fee's.
    pub(crate) fn fee_authority(&self) -> &[bool] {
        &self.fee_authority
    }

    /// Validates the entry and finds its importer: the common start of a quote.
    fn importer_for(&self, e: &Entry) -> Result<&Importer> {
        Ok(&self.importers[self.importer_index(e)?])
    }

    /// [`Engine::importer_for`], as an index into the importers.
    fn importer_index(&self, e: &Entry) -> Result<usize> {
        e.validate()?;
        self.importer_position(e.importer)
    }

    /// The index of an importer, or the error naming it.
    pub(crate) fn importer_position(&self, importer: Country) -> Result<usize> {
        self.importers
            .iter()
            .position(|i| i.country == importer)
            .ok_or_else(|| Error::UnknownImporter {
                importer: importer.to_string(),
            })
    }

    pub(crate) fn quote(&self, e: &Entry) -> Result<Quote> {
        let imp = self.importer_for(e)?;
        imp.quote(e)
    }
}
