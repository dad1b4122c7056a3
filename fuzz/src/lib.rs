//! The fuzz targets of `tariffs`, as plain functions over bytes.
//!
//! Each module is one target: `run(data)` feeds the bytes to public APIs of
//! the core (or of the C API crate) and checks the invariants of
//! [`invariants`] on every quote it gets. A target panics only on a bug: a
//! panic of the library, an invariant that fails, or two ways of computing
//! the same thing that disagree. `fuzz_targets/*.rs` wrap these functions
//! for libFuzzer; `tests/replay.rs` feeds them every committed corpus file
//! without a fuzzer. docs/reliability.md says what each target covers.

pub mod arrow;
pub mod batch;
pub mod capi;
pub mod entry;
pub mod hts;
pub mod invariants;
pub mod overlay;
pub mod rate;
pub mod schedule;
pub mod text;

use std::sync::OnceLock;
use tariffs::Schedule;

/// The names of the targets, as `scripts/fuzz.sh` and the corpus folders name them.
pub const TARGETS: &[&str] = &[
    "rate", "entry", "schedule", "overlay", "hts", "batch", "capi", "arrow",
];

/// Runs target `name` on `data`; `false` when there is no such target.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "rate" => rate::run(data),
        "arrow" => arrow::run(data),
        "entry" => entry::run(data),
        "schedule" => schedule::run(data),
        "overlay" => overlay::run(data),
        "hts" => hts::run(data),
        "batch" => batch::run(data),
        "capi" => capi::run(data),
        _ => return false,
    }
    true
}

/// The text of the test fixture schedule (`tests/fixtures/schedule.json`).
pub const FIXTURE_JSON: &str = include_str!("../../tests/fixtures/schedule.json");

/// The fixture schedule, loaded once.
pub fn fixture() -> &'static Schedule {
    static S: OnceLock<Schedule> = OnceLock::new();
    S.get_or_init(|| Schedule::from_json(FIXTURE_JSON).expect("the fixture schedule loads"))
}

/// The builtin schedule (cached by the library).
pub fn builtin() -> Schedule {
    Schedule::builtin()
}

/// `data` as UTF-8, or `None` (the targets that take text skip other bytes).
pub fn utf8(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}
