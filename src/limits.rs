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
//
// A schedule is trusted more than an entry, but it is still input: a user's
// file, an overlay, a fuzzer's case. These bounds keep its load time and
// memory proportional to its size, with every bound far above the builtin
// schedule (the builtin's figure is given for each, as of the 2026 rev 21
// data). Each is checked while loading, before the work it bounds; past one,
// the load fails with `Error::TooLarge` whose field names the file, the
// place (importer, item) and the field.

/// Bytes of schedule JSON in one text (a file, `Schedule::from_json` text or
/// an overlay). Builtin: 3.0 MB over 26 fragments (about 21 times less).
/// A file is refused before it is read whole.
pub const MAX_SCHEDULE_JSON_BYTES: usize = 64 << 20;

/// Measures of one importer (after merging fragments or laying an overlay).
/// Builtin: 347 (US), about 580 times less. The load benchmark
/// (`cargo bench --bench schedule_scale`) loads 100,000.
pub const MAX_MEASURES: usize = 200_000;

/// Exemptions of one importer. Builtin: 109.
pub const MAX_EXEMPTIONS: usize = 50_000;

/// Fees of one importer. Builtin: 7.
pub const MAX_FEES: usize = 1_000;

/// Prohibitions (import bans) of one importer. Builtin: 4.
pub const MAX_PROHIBITIONS: usize = 10_000;

/// Base lines of one importer. Builtin: 12,016 (the US HTS has about 13,000
/// 8-digit and 30,000 10-digit codes; several revisions of each fit).
pub const MAX_BASE_LINES: usize = 500_000;

/// Preference programs of one importer's base, and program codes of one
/// program. Builtin: 14 programs, at most 6 codes.
pub const MAX_PROGRAMS: usize = 1_000;

/// Named country groups of a schedule. Builtin: 8.
pub const MAX_GROUPS: usize = 1_000;

/// Members of one country group: as many as there are country codes (250),
/// so that every country can be listed once. Builtin: at most 124.
pub const MAX_GROUP_MEMBERS: usize = 250;

/// Named product lists of a schedule. Builtin: 112.
pub const MAX_PRODUCT_LISTS: usize = 10_000;

/// Codes of one product list. Builtin: at most 5,934 (the US HTS has about
/// 43,000 8- and 10-digit codes in all).
pub const MAX_PRODUCT_LIST_CODES: usize = 100_000;

/// Product codes of all the distinct product scopes of a schedule, after
/// `@list` references are expanded (a scope used by many items counts once).
/// Builtin: 39,312 in 135 distinct scopes, about 50 times less. Bounds the
/// memory of the compiled scopes (about 50 bytes a code).
pub const MAX_SCOPE_CODES: usize = 2_000_000;

/// Product codes included by the scopes of the items (measures,
/// exemptions, prohibitions) of a schedule, each item counting the codes of
/// its own scope after `@list` expansion (a list named by 100 measures
/// counts 100 times). Builtin: 48,308, about 40 times less. Bounds the
/// per-code indexes of quotes and of the overlap check.
pub const MAX_ITEM_SCOPE_CODES: usize = 2_000_000;

/// Entries of one `include` or `exclude` list of a scope, as written
/// (countries, groups, codes or `@list` references). Builtin: at most 33.
pub const MAX_SCOPE_ENTRIES: usize = 10_000;

/// Selectors of one item: `excludes` plus `superseded_by` of a measure, or
/// `removes` of an exemption. Builtin: at most 108.
pub const MAX_SELECTORS: usize = 1_000;

/// Stacking relations and exemption removals of one importer once its
/// selectors are resolved (`authority:section_232` names every measure of
/// that authority; `all` and `kind:` selectors of exemptions are not
/// counted). Builtin: 21,415 (US), about 230 times less. Bounds the
/// memory of the resolved relations (8 bytes each).
pub const MAX_RELATIONS: usize = 5_000_000;

/// Entries of one condition list (`modes`, `claims`, `not_claims`), of a
/// floor's `counts`, and suspensions of one exemption. Builtin: at most 3.
pub const MAX_CONDITION_ENTRIES: usize = 100;

/// Distinct authorities (of duties and fees) of a schedule: the columns of
/// a batch result, whose memory is rows x authorities. Builtin: 35.
/// Far below 65,536, so that a column index always fits the 16 bits the
/// batch evaluation keeps it in.
pub const MAX_AUTHORITIES: usize = 1_000;

/// Pairs of measures of one importer, each of one authority, that overlap
/// in dates, origins and products and must be compared for an unresolved
/// overlap (conditions, product exclusions or a stacking relation may
/// still separate them). The overlap check enumerates only such pairs, so
/// a schedule stays below this unless thousands of measures of one
/// authority cover the same goods at the same time. Builtin: 14,335,
/// about 1,400 times less; each pair costs well under a microsecond, so the
/// check stays within seconds at the limit.
pub const MAX_OVERLAP_PAIRS: usize = 20_000_000;

/// Characters of an id, an authority, a heading, a claim, a program code,
/// a group or product list name. Builtin: at most 45.
pub const MAX_NAME_CHARS: usize = 200;

/// Characters of a description. Builtin: at most 236.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;

/// Characters of a source citation (of an item, a base table or a base
/// line's revision). Builtin: at most 826.
pub const MAX_SOURCE_CHARS: usize = 4_000;

/// The error for a schedule part past a limit: `what` names the file and
/// the place, `value` the size found, `limit` the bound in words.
pub(crate) fn schedule_too_large(
    file: &str,
    place: &str,
    value: usize,
    limit: usize,
    unit: &str,
) -> crate::Error {
    crate::Error::TooLarge {
        field: if file.is_empty() {
            place.to_string()
        } else {
            format!("{file}: {place}")
        },
        value: format!("{} {unit}", thousands(value)),
        limit: format!("at most {} {unit}", thousands(limit)),
    }
}

/// `Ok` when `n` is at most `limit`, else [`schedule_too_large`].
pub(crate) fn check_count(
    file: &str,
    place: &str,
    n: usize,
    limit: usize,
    unit: &str,
) -> crate::Result<()> {
    if n > limit {
        return Err(schedule_too_large(file, place, n, limit, unit));
    }
    Ok(())
}

/// `Ok` when `text` has at most `limit` characters.
pub(crate) fn check_text(file: &str, place: &str, text: &str, limit: usize) -> crate::Result<()> {
    // Bytes bound characters from above: count only when it may matter.
    if text.len() > limit {
        let n = text.chars().count();
        if n > limit {
            return Err(schedule_too_large(file, place, n, limit, "characters"));
        }
    }
    Ok(())
}

/// `1234567` as `1,234,567`.
pub(crate) fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

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

    #[test]
    fn schedule_limits_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(20_000_000), "20,000,000");
        let e = check_count("f.json", "US: measures", 3, 2, "measures").unwrap_err();
        assert_eq!(e.kind(), "too_large");
        assert_eq!(e.field(), Some("f.json: US: measures"));
        assert_eq!(
            e.to_string(),
            "f.json: US: measures \"3 measures\" is too large: at most 2 measures"
        );
        assert!(check_text("", "x", &"é".repeat(10), 10).is_ok());
        assert!(check_text("", "x", &"é".repeat(11), 10).is_err());
    }
}
