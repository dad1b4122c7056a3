//! Target `batch`: up to 16 entries as text (the format of [`crate::text`],
//! entries separated by a line `--`). The entries that parse are quoted on
//! the fixture and on the builtin schedule one by one, with
//! [`tariffs::Schedule::quote_batch`] and with
//! [`tariffs::Schedule::quote_columns`] (every field a column, one column
//! per distinct quantity unit and basis): every row must equal its
//! one-by-one quote (same amounts per authority, or the same error), and
//! every quote must pass [`crate::invariants::check_quote`].

use crate::invariants::{check_batch, check_error};
use crate::overlay::check_columns;
use crate::text;

pub fn run(data: &[u8]) {
    let Some(t) = crate::utf8(data) else {
        return;
    };
    let mut entries = Vec::new();
    for f in text::entries(t, 16) {
        match f.as_text().parse() {
            Ok(e) => entries.push(e),
            Err(e) => check_error(&e),
        }
    }
    let builtin = crate::builtin();
    for s in [crate::fixture(), &builtin] {
        check_batch(s, &entries, &s.quote_batch(&entries), "quote_batch");
        check_columns(s, &entries);
    }
}
