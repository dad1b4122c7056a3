//! The result batches.

use super::run::Quoted;
use super::Layout;
use crate::error::{Error, Result};
use crate::schedule::Schedule;
use arrow_array::RecordBatch;

pub(super) fn wide(_s: &Schedule, _parts: &[Quoted], _layout: Layout) -> Result<RecordBatch> {
    Err(Error::invalid("batch", "", "work in progress"))
}

pub(super) fn lines(_s: &Schedule, _parts: &[Quoted]) -> Result<RecordBatch> {
    Err(Error::invalid("batch", "", "work in progress"))
}
