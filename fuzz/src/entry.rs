//! Target `entry`: an entry as text (the format of [`crate::text`]).
//! [`tariffs::EntryText::parse`]: an error must name a field; an entry that
//! parses is quoted on the builtin schedule and on the fixture, each quote
//! checked by [`crate::invariants::check_quote`], and quoted again in a
//! batch of one ([`crate::invariants::check_batch`]).

use crate::invariants::{check_batch, check_error, quote_checked};
use crate::text::Fields;

pub fn run(data: &[u8]) {
    let Some(text) = crate::utf8(data) else {
        return;
    };
    let fields = Fields::parse(text);
    let entry = match fields.as_text().parse() {
        Ok(e) => e,
        Err(e) => {
            check_error(&e);
            assert!(e.field().is_some(), "an entry error names no field: {e}");
            return;
        }
    };
    let builtin = crate::builtin();
    for s in [&builtin, crate::fixture()] {
        let _ = quote_checked(s, &entry);
        let one = std::slice::from_ref(&entry);
        check_batch(s, one, &s.quote_batch(one), "quote_batch");
    }
}
