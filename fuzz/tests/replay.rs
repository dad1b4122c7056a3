//! Replays every committed input of every target without a fuzzer:
//! `fuzz/corpus/<target>/*` (the seeds and what fuzzing added) and
//! `fuzz/regressions/<target>/*` (minimized inputs of crashes found, kept
//! after the fix). Runs on the stable toolchain:
//!
//! ```text
//! cargo test --manifest-path fuzz/Cargo.toml --no-default-features
//! ```
//!
//! A regression input whose defect is not fixed yet is listed in
//! `fuzz/regressions/KNOWN` (one `target/file` a line, with the issue
//! defect): it is run, and reported, but does not fail the test while it is
//! listed. `FUZZ_REPLAY_STRICT=1` fails on those too.

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

fn known() -> Vec<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions/KNOWN");
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|l| !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Runs one file; `Err` with the panic message when the target panics.
fn replay(target: &str, path: &Path) -> Result<(), String> {
    let data = std::fs::read(path).expect("readable");
    std::panic::catch_unwind(|| {
        assert!(tariffs_fuzz::run(target, &data), "no target {target}");
    })
    .map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

fn replay_target(target: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let known = known();
    let strict = std::env::var("FUZZ_REPLAY_STRICT").is_ok_and(|v| v == "1");
    let mut ran = 0;
    let mut failed = Vec::new();
    for kind in ["corpus", "regressions"] {
        for f in files(&root.join(kind).join(target)) {
            ran += 1;
            if let Err(msg) = replay(target, &f) {
                let name = format!("{target}/{}", f.file_name().unwrap().to_string_lossy());
                if kind == "regressions" && known.contains(&name) && !strict {
                    eprintln!("known, not fixed yet: {name}: {msg}");
                } else {
                    failed.push(format!("{}: {msg}", f.display()));
                }
            }
        }
    }
    eprintln!("{target}: replayed {ran} inputs");
    assert!(ran > 0, "no corpus for target {target}");
    assert!(
        failed.is_empty(),
        "{} inputs failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

macro_rules! replay_tests {
    ($($t:ident),*) => {
        $(#[test] fn $t() { replay_target(stringify!($t)); })*
        #[test]
        fn every_target_is_replayed() {
            let names = [$(stringify!($t)),*];
            assert_eq!(names.as_slice(), tariffs_fuzz::TARGETS);
        }
    };
}

replay_tests!(rate, entry, schedule, overlay, hts, batch, capi, arrow);
