//! The main job: an explained duty quote from the builtin schedule.
//!
//! ```text
//! cargo run --release --example quote -- --origin CN --hts 6109.10.00.12 --value 54 --date 2025-05-02 --mode express
//! cargo run --release --example quote            # the story of 2025-2026 as a table
//! ```
//!
//! Flags: `--importer` (default US), `--origin`, `--hts`, `--value`,
//! `--currency`, `--exchange-rate`, `--date`, `--loaded-on`, `--mode` (ocean,
//! air, truck, rail, postal, express; default ocean), `--claim NAME`
//! (repeatable), `--qty UNIT=AMOUNT` (repeatable, e.g. kg=12.5), `--json`
//! (the quote as one JSON object), `--schedule PATH` (a schedule file instead of
//! the builtin), `--overlay PATH` (a file laid over the schedule),
//! `--hts-export FILE@DATE` (a newer USITC HTS export as the base rates from
//! DATE; its Chapter 99 headings that no measure models are listed on
//! stderr), `--strict` (refuse a date after the date the schedule's policy
//! was reviewed through instead of quoting it with a warning), `--coverage`
//! (print what the schedule covers and exit). Bad flags or values print one
//! line naming the flag and exit with status 2; so does an argument that is
//! not valid UTF-8. With no entry flags it prints the story of 2025-2026
//! (US imports: `--importer` other than US is refused there). Without
//! `--currency` the value is in the importer's currency (the Python
//! `quote` has the same default).

use std::ffi::OsString;
use std::process::ExitCode;
use tariffs::{EntryText, Schedule};

const USAGE: &str = "usage: quote [--importer US] --origin CC --hts CODE --value DECIMAL --date YYYY-MM-DD \
[--mode ocean|air|truck|rail|postal|express] [--currency CUR --exchange-rate DECIMAL] [--loaded-on YYYY-MM-DD] \
[--claim NAME]... [--qty UNIT=AMOUNT]... [--json] [--schedule PATH] [--overlay PATH] [--hts-export FILE@DATE] \
[--strict] [--coverage]";

struct Args {
    text: Vec<(String, String)>,
    claims: Vec<String>,
    qty: Vec<(String, String)>,
    json: bool,
    schedule: Option<String>,
    overlay: Option<String>,
    hts_export: Option<String>,
    strict: bool,
    coverage: bool,
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut a = Args {
        text: Vec::new(),
        claims: Vec::new(),
        qty: Vec::new(),
        json: false,
        schedule: None,
        overlay: None,
        hts_export: None,
        strict: false,
        coverage: false,
    };
    let mut i = 0;
    while i < argv.len() {
        let flag = argv[i].as_str();
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (flag, None),
        };
        if name == "--json" || name == "--strict" || name == "--coverage" {
            match name {
                "--json" => a.json = true,
                "--strict" => a.strict = true,
                _ => a.coverage = true,
            }
            i += 1;
            continue;
        }
        if name == "--help" || name == "-h" {
            return Err(USAGE.to_string());
        }
        const VALUED: [&str; 14] = [
            "--importer",
            "--origin",
            "--hts",
            "--value",
            "--currency",
            "--exchange-rate",
            "--date",
            "--loaded-on",
            "--mode",
            "--claim",
            "--qty",
            "--schedule",
            "--overlay",
            "--hts-export",
        ];
        if !VALUED.contains(&name) {
            return Err(format!("unknown flag {name:?}; {USAGE}"));
        }
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                argv.get(i)
                    .cloned()
                    .ok_or_else(|| format!("flag {name} needs a value"))?
            }
        };
        i += 1;
        match name {
            "--claim" => a.claims.push(value),
            "--qty" => {
                let (u, v) = value.split_once('=').ok_or_else(|| {
                    format!("flag --qty: {value:?} is not UNIT=AMOUNT (e.g. kg=12.5)")
                })?;
                a.qty.push((u.to_string(), v.to_string()));
            }
            "--schedule" => a.schedule = Some(value),
            "--overlay" => a.overlay = Some(value),
            "--hts-export" => a.hts_export = Some(value),
            _ => {
                if a.text.iter().any(|(n, _)| n == name) {
                    return Err(format!("flag {name} given twice"));
                }
                a.text.push((name.to_string(), value))
            }
        }
    }
    Ok(a)
}

/// Maps an error's field to the flag that carried it.
fn flag_of(field: &str) -> &str {
    match field {
        "hts" => "--hts",
        "origin" => "--origin",
        "importer" => "--importer",
        "value" => "--value",
        "currency" => "--currency",
        "exchange_rate" => "--exchange-rate",
        "date" => "--date",
        "loaded_on" => "--loaded-on",
        "mode" => "--mode",
        "claims" => "--claim",
        f if f.starts_with("quantities") => "--qty",
        _ => "",
    }
}

fn load(a: &Args) -> Result<Schedule, String> {
    let mut s = match &a.schedule {
        Some(p) => Schedule::from_path(p).map_err(|e| format!("flag --schedule: {e}"))?,
        None => Schedule::try_builtin().map_err(|e| format!("builtin schedule: {e}"))?,
    };
    if let Some(p) = &a.overlay {
        let text = std::fs::read_to_string(p)
            .map_err(|e| format!("flag --overlay: cannot read {p}: {e}"))?;
        s = s
            .with_overlay_json(&text)
            .map_err(|e| format!("flag --overlay: {e}"))?;
    }
    if let Some(spec) = &a.hts_export {
        let (file, date) = spec.rsplit_once('@').ok_or_else(|| {
            format!("flag --hts-export: {spec:?} is not FILE@DATE (e.g. hts_2026_rev_22.json@2026-12-01)")
        })?;
        let date = date
            .parse()
            .map_err(|e| format!("flag --hts-export: {e}"))?;
        s = s
            .with_hts_export(file, date)
            .map_err(|e| format!("flag --hts-export: {e}"))?;
        let missing = s.unmodelled_chapter99();
        if !missing.is_empty() {
            let mut msg = format!(
                "quote: {} of the {} Chapter 99 headings of {} are modelled by no measure of the schedule:\n",
                missing.len(),
                s.coverage().chapter99_headings,
                s.coverage().hts_revision
            );
            for h in &missing {
                msg.push_str(&format!("  {}  {}\n", h.heading, h.general));
            }
            let _ = std::io::Write::write_all(&mut std::io::stderr(), msg.as_bytes());
        }
    }
    Ok(s.strict(a.strict))
}

/// What the schedule covers, as text.
fn coverage_text(s: &Schedule) -> String {
    let c = s.coverage();
    let d = |d: Option<tariffs::Date>| d.map_or_else(|| "not known".to_string(), |d| d.to_string());
    format!(
        "schedule {:?}\n  first date answered:     {}\n  newest HTS revision:     {} (published {}, effective {})\n  base rates from:         {}\n  policy reviewed through: {}\n  Chapter 99 headings of {}: {} of {} modelled\n",
        c.name,
        d(c.first_date),
        c.hts_revision,
        d(c.hts_published),
        d(c.hts_effective),
        c.base_revision,
        d(c.reviewed_through),
        c.hts_revision,
        c.chapter99_modelled,
        c.chapter99_headings
    )
}

/// The arguments as text; one that is not valid UTF-8 is an error naming
/// its position (and the flag before it), never a panic.
fn utf8_args(argv: Vec<OsString>) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::with_capacity(argv.len());
    for (i, arg) in argv.into_iter().enumerate() {
        match arg.into_string() {
            Ok(s) => out.push(s),
            Err(bad) => {
                let after = match out.last() {
                    Some(prev) if prev.starts_with("--") => format!(" (the value of {prev})"),
                    _ => String::new(),
                };
                return Err(format!(
                    "argument {} {:?}{after} is not valid UTF-8: give text in UTF-8",
                    i + 1,
                    bad.to_string_lossy()
                ));
            }
        }
    }
    Ok(out)
}

fn run(argv: Vec<OsString>) -> Result<(), (u8, String)> {
    let argv = utf8_args(argv).map_err(|e| (2, e))?;
    let a = parse_args(&argv).map_err(|e| (2, e))?;
    let story_mode = !a.coverage && !a.json && a.text.iter().all(|(k, _)| k == "--importer");
    if story_mode {
        // The story is of US imports (its dates are US measures'): an
        // importer other than US is refused before anything is loaded.
        if let Some((_, imp)) = a.text.iter().find(|(k, _)| k == "--importer") {
            let country = tariffs::Country::parse_field("importer", imp)
                .map_err(|e| (2, format!("flag --importer: {e}")))?;
            if country.as_str() != "US" {
                return Err((
                    2,
                    format!(
                        "flag --importer: the story (no --origin, --hts, --value, --date) is of US imports only; \
                         to quote an import into {country}, give --origin, --hts, --value and --date"
                    ),
                ));
            }
        }
    }
    let schedule = load(&a).map_err(|e| (2, e))?;
    let get = |n: &str| a.text.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    if a.coverage {
        let text = if a.json {
            serde_json::to_string(&schedule.coverage()).unwrap_or_default() + "\n"
        } else {
            coverage_text(&schedule)
        };
        let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
        return Ok(());
    }
    if story_mode {
        story(&schedule);
        return Ok(());
    }
    for req in ["--origin", "--hts", "--value", "--date"] {
        if get(req).is_none() {
            return Err((2, format!("flag {req} is required; {USAGE}")));
        }
    }
    let t = EntryText {
        importer: get("--importer"),
        origin: get("--origin").unwrap_or_default(),
        hts: get("--hts").unwrap_or_default(),
        value: get("--value").unwrap_or_default(),
        currency: get("--currency"),
        exchange_rate: get("--exchange-rate"),
        date: get("--date").unwrap_or_default(),
        loaded_on: get("--loaded-on"),
        mode: get("--mode"),
        claims: a.claims.iter().map(String::as_str).collect(),
        quantities: a
            .qty
            .iter()
            .map(|(u, v)| (u.as_str(), v.as_str()))
            .collect(),
    };
    let entry = t.parse().map_err(|e| {
        let flag = e.field().map(flag_of).unwrap_or("");
        (2, format!("flag {flag}: {e}"))
    })?;
    let quote = schedule.quote(&entry).map_err(|e| {
        let flag = e.field().map(flag_of).unwrap_or("");
        if flag.is_empty() {
            (1, e.to_string())
        } else {
            (2, format!("flag {flag}: {e}"))
        }
    })?;
    let text = if a.json {
        quote.to_json()
    } else {
        quote.to_string()
    };
    let _ = std::io::Write::write_all(&mut std::io::stdout(), format!("{text}\n").as_bytes());
    Ok(())
}

/// The seed's story: one $54 parcel and one $50,000 container of cotton
/// T-shirts from China, quoted on the key dates of 2025-2026.
fn story(schedule: &Schedule) {
    let mut out = String::new();
    story_into(schedule, &mut out);
    // Ignore a closed pipe (e.g. `| head`) instead of panicking.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes());
}

fn story_into(schedule: &Schedule, out: &mut String) {
    use std::fmt::Write;
    let v = schedule.version();
    let _ = writeln!(
        out,
        "Duty on cotton T-shirts (HTS 6109.10.00.12) from China, schedule {:?} (HTS {}, policy as of {})",
        v.name,
        v.hts_revision,
        v.policy_date.map(|d| d.to_string()).unwrap_or_else(|| "?".into())
    );
    let _ = writeln!(
        out,
        "{:<12} {:>16} {:>16} {:>22} {:>10}  what changed",
        "date", "$54 express", "$54 postal", "$50,000 container", "eff. rate"
    );
    let dates = [
        ("2025-01-15", "MFN 16.5% + Section 301 7.5%"),
        ("2025-02-10", "IEEPA fentanyl +10%"),
        ("2025-03-10", "fentanyl +20%"),
        ("2025-04-07", "reciprocal baseline +10%"),
        ("2025-04-15", "China reciprocal 125%"),
        ("2025-05-01", "last day of de minimis for China"),
        ("2025-05-02", "de minimis ends for CN/HK"),
        ("2025-05-20", "Geneva: reciprocal back to 10%"),
        ("2025-09-01", "de minimis suspended for all"),
        ("2025-12-01", "fentanyl cut to 10%"),
        ("2026-03-01", "IEEPA ended; Section 122"),
        ("2026-07-23", "last day of Section 122"),
        ("2026-07-24", "Section 301 forced labor +12.5%"),
        ("2026-10-01", "MPF FY2027"),
    ];
    for (date, what) in dates {
        let q = |value: &str, mode: &str, qty: Vec<(&'static str, &'static str)>| {
            let e = EntryText {
                origin: "CN",
                hts: "6109.10.00.12",
                value,
                date,
                mode: Some(mode),
                quantities: qty,
                ..Default::default()
            }
            .parse()
            .map_err(|e| e.to_string())?;
            schedule.quote(&e).map_err(|e| e.to_string())
        };
        let cell = |r: &Result<tariffs::Quote, String>| match r {
            Ok(q) => format!("${}", q.total),
            Err(_) => "error".to_string(),
        };
        let express = q("54", "express", vec![]);
        let postal = q("54", "postal", vec![("no", "1")]);
        let container = q("50000", "ocean", vec![("doz", "2000"), ("kg", "1500")]);
        let eff = match &container {
            Ok(c) => format!(
                "{}%",
                (c.effective_rate * tariffs::Decimal::ONE_HUNDRED).round_dp(1)
            ),
            Err(_) => "-".into(),
        };
        let _ = writeln!(
            out,
            "{date:<12} {:>16} {:>16} {:>22} {:>10}  {what}",
            cell(&express),
            cell(&postal),
            cell(&container),
            eff
        );
        for r in [&express, &postal, &container] {
            if let Err(e) = r {
                let _ = writeln!(out, "{:<12} error: {e}", "");
                break;
            }
        }
    }
    let _ = writeln!(out, "\nTotals include fees (MPF, HMF). Explain one: cargo run --release --example quote -- --origin CN --hts 6109.10.00.12 --value 54 --date 2025-05-02 --mode express");
}

fn main() -> ExitCode {
    // `args_os`: `std::env::args` panics on an argument that is not UTF-8.
    let argv: Vec<OsString> = std::env::args_os().skip(1).collect();
    match run(argv) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, msg)) => {
            eprintln!("quote: {msg}");
            ExitCode::from(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStringExt;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn an_argument_that_is_not_utf8_is_a_usage_error_not_a_panic() {
        // "C\xff": not UTF-8. std::env::args() panicked on it (exit 101).
        let mut argv = args(&["--origin"]);
        argv.push(OsString::from_vec(vec![b'C', 0xff]));
        argv.extend(args(&[
            "--hts",
            "6109.10.00.12",
            "--value",
            "54",
            "--date",
            "2025-05-02",
        ]));
        let (code, msg) = run(argv).unwrap_err();
        assert_eq!(code, 2);
        assert!(msg.contains("argument 2"), "{msg}");
        assert!(msg.contains("--origin"), "{msg}");
        assert!(msg.contains("not valid UTF-8"), "{msg}");
        // A bad byte in the flag itself.
        let (code, msg) = run(vec![OsString::from_vec(b"--\xfforigin".to_vec())]).unwrap_err();
        assert_eq!(code, 2);
        assert!(msg.contains("argument 1"), "{msg}");
    }

    #[test]
    fn the_story_refuses_an_importer_other_than_us() {
        // The story was printed for US imports whatever --importer said.
        let (code, msg) = run(args(&["--importer", "CN"])).unwrap_err();
        assert_eq!(code, 2);
        assert!(msg.starts_with("flag --importer:"), "{msg}");
        assert!(msg.contains("US imports only"), "{msg}");
        assert!(msg.contains("into CN"), "{msg}");
        let (code, msg) = run(args(&["--importer=X1"])).unwrap_err();
        assert_eq!(code, 2);
        assert!(
            msg.starts_with("flag --importer: invalid importer"),
            "{msg}"
        );
    }

    #[test]
    fn defects_1_and_2_are_errors_not_panics() {
        // Defect 1: an overlay whose rate is a mixed fraction past the
        // decimal range panicked the CLI (exit 101); defect 2: $1/0.5 on a
        // huge quantity did. Both are now errors naming the flag, with the
        // exit code of a bad flag value (2).
        let dir = std::env::temp_dir().join(format!("tariffs-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let overlay = dir.join("overlay.json");
        std::fs::write(
            &overlay,
            r#"{"format": "tariffs-schedule/1", "importers": [{"country": "US", "currency": "USD",
              "measures": [{"id": "m", "authority": "a", "heading": "9903.01.24", "description": "d",
              "rate": "79228162514264337593543950335 1/1%", "origins": {"include": ["CN"]},
              "from": "2025-03-04", "source": "s"}]}]}"#,
        )
        .unwrap();
        let o = overlay.to_str().unwrap();
        let entry = [
            "--hts",
            "6109.10.00",
            "--value",
            "54",
            "--date",
            "2025-05-02",
        ];
        let mut argv = args(&["--origin", "CN", "--overlay", o]);
        argv.extend(args(&entry));
        let (code, msg) = run(argv).unwrap_err();
        assert_eq!(code, 2, "{msg}");
        assert!(msg.starts_with("flag --overlay:"), "{msg}");
        assert!(msg.contains("too large"), "{msg}");
        let schedule = dir.join("schedule.json");
        std::fs::write(
            &schedule,
            r#"{"format": "tariffs-schedule/1", "importers": [{"country": "US", "currency": "USD",
              "base": {"source": "test", "lines": [{"code": "6109.10.00", "general": "$1/0.5",
              "from": "2025-01-01"}]}}]}"#,
        )
        .unwrap();
        let sch = schedule.to_str().unwrap();
        let huge = "no=79228162514264337593543950335";
        let mut argv = args(&["--origin", "FR", "--schedule", sch, "--qty", huge]);
        argv.extend(args(&entry));
        let (code, msg) = run(argv).unwrap_err();
        assert_eq!(code, 2, "{msg}");
        assert!(msg.starts_with("flag --qty:"), "{msg}");
        assert!(msg.contains("quantities"), "{msg}");
        assert!(msg.contains("too large"), "{msg}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
