//! The entry columns of a record batch, typed.

use crate::country::Country;
use crate::error::{Error, Result};
use arrow_array::RecordBatch;

/// The entry columns of one batch.
pub(super) struct Columns {
    pub(super) rows: usize,
}

impl Columns {
    pub(super) fn new(batch: &RecordBatch, _importer: Option<Country>) -> Result<Columns> {
        let _ = batch;
        Err(Error::invalid("batch", "", "work in progress"))
    }
}
