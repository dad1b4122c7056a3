//! The bounds of every input: past one, a typed error naming the field and
//! the bound ([`crate::Error::TooLarge`]), never a panic, an abort, a hang or
//! memory growing faster than the input. `docs/reliability.md` lists them
//! with the reasons for each value.

// ------------------------------------------------------------------ errors

/// At most this many characters of an offending input are echoed in an
/// error message (the rest is cut, with a count of what was cut).
pub const MAX_ECHO_CHARS: usize = 120;

/// The first [`MAX_ECHO_CHARS`] characters of `s`, and how much was cut.
pub(crate) fn echo(s: &str) -> String {
    match s.char_indices().nth(MAX_ECHO_CHARS) {
        None => s.to_string(),
        Some((cut, _)) => format!(
            "{}... ({} more characters)",
            &s[..cut],
            s[cut..].chars().count()
        ),
    }
}

// ------------------------------------------------------------------ entries and rates

// ------------------------------------------------------------------ schedules

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_cuts_long_inputs_on_a_character_boundary() {
        assert_eq!(echo("abc"), "abc");
        let long = "é".repeat(MAX_ECHO_CHARS + 5);
        let e = echo(&long);
        assert!(e.starts_with(&"é".repeat(MAX_ECHO_CHARS)));
        assert!(e.ends_with("... (5 more characters)"), "{e}");
    }
}
