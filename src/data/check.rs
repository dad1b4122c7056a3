//! The checks a schedule text passes before it is compiled: its size
//! ([`limits::MAX_SCHEDULE_JSON_BYTES`]), that it parses as the format's
//! JSON, and its format tag.

use super::{ScheduleData, FORMAT};
use crate::error::{Error, Result};
use crate::limits;

/// Schedule JSON text parsed, after the size check
/// ([`limits::MAX_SCHEDULE_JSON_BYTES`]); errors name `file`.
pub(crate) fn parse_json(json: &str, file: &str) -> Result<ScheduleData> {
    limits::check_count(
        file,
        "JSON text",
        json.len(),
        limits::MAX_SCHEDULE_JSON_BYTES,
        "bytes",
    )?;
    serde_json::from_str(json).map_err(|e| Error::json(file, &e))
}

/// A schedule file's text, refused before it is read when it is larger
/// than [`limits::MAX_SCHEDULE_JSON_BYTES`].
pub(crate) fn read_json(p: &std::path::Path) -> Result<String> {
    let io = |e: std::io::Error| Error::io(p, &e);
    let len = std::fs::metadata(p).map_err(io)?.len();
    let max = limits::MAX_SCHEDULE_JSON_BYTES;
    if len > max as u64 {
        return Err(limits::schedule_too_large(
            &p.display().to_string(),
            "JSON text",
            usize::try_from(len).unwrap_or(usize::MAX),
            max,
            "bytes",
        ));
    }
    std::fs::read_to_string(p).map_err(io)
}

/// The format tag check: `format` must be [`FORMAT`]; errors name `file`
/// and echo what was found (cut, see [`limits::echo`]).
pub(crate) fn check_format(format: &str, file: &str) -> Result<()> {
    if format == FORMAT {
        return Ok(());
    }
    Err(Error::schedule(
        file,
        None,
        "format",
        format!("expected {FORMAT:?}, found {:?}", limits::echo(format)),
    ))
}
