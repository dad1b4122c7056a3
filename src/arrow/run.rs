//! Quoting the typed columns.

use super::read::Columns;
use crate::schedule::Schedule;

/// The quoted rows of one pushed batch.
pub(super) struct Quoted {
    rows: usize,
}

impl Quoted {
    pub(super) fn len(&self) -> usize {
        self.rows
    }
}

pub(super) fn quote(_s: &Schedule, cols: &Columns) -> Quoted {
    Quoted { rows: cols.rows }
}
