//! `tariffs`: the command-line program of the tariffs duty engine.
//!
//! ```text
//! tariffs quote --origin CN --hts 6109.10.00.12 --value 54 --date 2025-05-02 --mode express
//! tariffs batch entries.parquet -o duties.parquet
//! tariffs panel --date 2025-04-15 -o panel.csv
//! tariffs diff 2025-04-09 2025-04-10 -o changes.csv
//! tariffs history --hts 6109.10.00.12 --origin CN
//! tariffs coverage
//! tariffs refunds entries.csv -o lines.csv --as-of 2026-12-01 --audit audit.csv
//! ```
//!
//! Every subcommand has `--help`. Exit status: 0 done, 1 the work failed
//! (a quote the schedule cannot give, a file that cannot be read), 2 a
//! bad flag or flag value (the message names the flag).

mod batch;
mod coverage;
mod history;
mod panel;
mod progress;
mod quote;
mod refunds;

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use tariffs::{EntryText, Schedule};

/// Exact, explained import duties from time-versioned tariff schedules.
///
/// The embedded schedule covers US imports of 2025-2026 (IEEPA, Section
/// 122, 232, 301, 201, de minimis, fees) on every USITC HTS revision; see
/// `tariffs coverage`.
#[derive(Debug, Parser)]
#[command(name = "tariffs", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// One explained duty quote (with no entry flags: the story of 2025-2026 as a table).
    Quote(quote::QuoteArgs),
    /// Quote every row of a CSV, Parquet or Arrow IPC file into another.
    Batch(batch::BatchArgs),
    /// The rate panel of a date (every tariff line x origin, by authority) as CSV.
    Panel(panel::PanelArgs),
    /// The rates that differ between two dates, every tariff line x origin, as CSV.
    Diff(panel::DiffArgs),
    /// Every change of rate and measure for one tariff line and origin over time.
    History(history::HistoryArgs),
    /// What the schedule covers: dates, HTS revision, Chapter 99 headings modelled.
    Coverage(coverage::CoverageArgs),
    /// IEEPA refunds of a file of entry lines: principal, interest, CAPE
    /// category, Section 122 apart, and the audit of filed duties.
    Refunds(refunds::RefundsArgs),
}

/// An error of the program: its exit status and its message.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    /// A bad flag or flag value (exit 2).
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError {
            code: 2,
            message: message.into(),
        }
    }

    /// The work failed (exit 1).
    pub fn failed(message: impl Into<String>) -> CliError {
        CliError {
            code: 1,
            message: message.into(),
        }
    }
}

/// Where the schedule comes from (every subcommand takes these).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ScheduleArgs {
    /// A schedule file (JSON, `tariffs-schedule/1`) instead of the embedded one.
    #[arg(long, value_name = "PATH")]
    pub schedule: Option<String>,
    /// A file laid over the schedule (replaces measures of the same id, adds others).
    #[arg(long, value_name = "PATH")]
    pub overlay: Option<String>,
    /// A newer USITC HTS export as the base rates from DATE; its Chapter 99
    /// headings that no measure models are listed on stderr.
    #[arg(long, value_name = "FILE@DATE")]
    pub hts_export: Option<String>,
    /// Refuse a date after the date the schedule's policy was reviewed
    /// through, instead of quoting it with a warning.
    #[arg(long)]
    pub strict: bool,
}

impl ScheduleArgs {
    /// The schedule these flags describe.
    pub fn load(&self) -> Result<Schedule, CliError> {
        let mut s = match &self.schedule {
            Some(p) => Schedule::from_path(p)
                .map_err(|e| CliError::usage(format!("flag --schedule: {e}")))?,
            None => Schedule::try_builtin()
                .map_err(|e| CliError::failed(format!("builtin schedule: {e}")))?,
        };
        if let Some(p) = &self.overlay {
            let text = std::fs::read_to_string(p)
                .map_err(|e| CliError::usage(format!("flag --overlay: cannot read {p}: {e}")))?;
            s = s
                .with_overlay_json(&text)
                .map_err(|e| CliError::usage(format!("flag --overlay: {e}")))?;
        }
        if let Some(spec) = &self.hts_export {
            let (file, date) = spec.rsplit_once('@').ok_or_else(|| {
                CliError::usage(format!(
                    "flag --hts-export: {spec:?} is not FILE@DATE (e.g. hts_2026_rev_22.json@2026-12-01)"
                ))
            })?;
            let date = date
                .parse()
                .map_err(|e| CliError::usage(format!("flag --hts-export: {e}")))?;
            s = s
                .with_hts_export(file, date)
                .map_err(|e| CliError::usage(format!("flag --hts-export: {e}")))?;
            let missing = s.unmodelled_chapter99();
            if !missing.is_empty() {
                let mut msg = format!(
                    "tariffs: {} of the {} Chapter 99 headings of {} are modelled by no measure of the schedule:\n",
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
        Ok(s.strict(self.strict))
    }
}

/// The flags of one entry (`quote`, `history`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct EntryArgs {
    /// The importing country (ISO 3166-1 alpha-2).
    #[arg(long, value_name = "CC")]
    pub importer: Option<String>,
    /// The country of origin (ISO 3166-1 alpha-2).
    #[arg(long, value_name = "CC")]
    pub origin: Option<String>,
    /// The tariff code, 8 or 10 digits, dots optional.
    #[arg(long, value_name = "CODE")]
    pub hts: Option<String>,
    /// The customs value, a decimal (in --currency, else the importer's).
    #[arg(long, value_name = "DECIMAL", allow_hyphen_values = true)]
    pub value: Option<String>,
    /// The currency of --value (ISO 4217); needs --exchange-rate.
    #[arg(long, value_name = "CUR")]
    pub currency: Option<String>,
    /// Units of the importer's currency per unit of --currency.
    #[arg(long, value_name = "DECIMAL", allow_hyphen_values = true)]
    pub exchange_rate: Option<String>,
    /// The date of entry, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The date the goods were loaded (in-transit exemptions), YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub loaded_on: Option<String>,
    /// ocean, air, truck, rail, postal or express (default ocean).
    #[arg(long, value_name = "MODE")]
    pub mode: Option<String>,
    /// A claim (USMCA, a Chapter 98/99 provision...); repeatable.
    #[arg(long = "claim", value_name = "NAME")]
    pub claims: Vec<String>,
    /// A quantity, UNIT=AMOUNT (e.g. kg=12.5, no=3); repeatable.
    #[arg(long = "qty", value_name = "UNIT=AMOUNT", allow_hyphen_values = true)]
    pub qty: Vec<String>,
}

impl EntryArgs {
    /// The entry as text, with `date` in place of `--date` when given.
    pub fn text<'a>(&'a self, date: Option<&'a str>) -> Result<EntryText<'a>, CliError> {
        let mut quantities = Vec::new();
        for q in &self.qty {
            let (u, v) = q.split_once('=').ok_or_else(|| {
                CliError::usage(format!(
                    "flag --qty: {q:?} is not UNIT=AMOUNT (e.g. kg=12.5)"
                ))
            })?;
            quantities.push((u, v));
        }
        let mut missing = Vec::new();
        for (flag, v) in [
            ("--origin", &self.origin),
            ("--hts", &self.hts),
            ("--value", &self.value),
        ] {
            if v.is_none() {
                missing.push(flag);
            }
        }
        if date.is_none() && self.date.is_none() {
            missing.push("--date");
        }
        if let Some(first) = missing.first() {
            return Err(CliError::usage(format!(
                "flag {first} is required (missing: {}); see --help",
                missing.join(", ")
            )));
        }
        Ok(EntryText {
            importer: self.importer.as_deref(),
            origin: self.origin.as_deref().unwrap_or_default(),
            hts: self.hts.as_deref().unwrap_or_default(),
            value: self.value.as_deref().unwrap_or_default(),
            currency: self.currency.as_deref(),
            exchange_rate: self.exchange_rate.as_deref(),
            date: date.or(self.date.as_deref()).unwrap_or_default(),
            loaded_on: self.loaded_on.as_deref(),
            mode: self.mode.as_deref(),
            claims: self.claims.iter().map(String::as_str).collect(),
            quantities,
        })
    }
}

/// A date given on the command line: `name` is its flag (`--from`) or
/// its argument (`DATE1`), which the error names.
pub fn parse_date(name: &str, text: &str) -> Result<tariffs::Date, CliError> {
    tariffs::Date::parse_field(name.trim_start_matches('-'), text).map_err(|e| {
        if name.starts_with("--") {
            CliError::usage(format!("flag {name}: {e}"))
        } else {
            CliError::usage(format!("{name}: {e}"))
        }
    })
}

/// The value of `--importer`.
pub fn parse_importer(text: &str) -> Result<tariffs::Country, CliError> {
    tariffs::Country::parse_field("importer", text)
        .map_err(|e| CliError::usage(format!("flag --importer: {e}")))
}

/// Writes `text` to stdout; a closed pipe (`| head`) is not an error.
pub fn print(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
}

/// The peak resident memory of this process, in MB (Linux).
pub fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn run(cli: Cli) -> Result<(), CliError> {
    let mut out = String::new();
    match cli.command {
        Command::Quote(a) => quote::run(&a, &mut out)?,
        Command::Batch(a) => batch::run(&a)?,
        Command::Panel(a) => panel::run_panel(&a)?,
        Command::Diff(a) => panel::run_diff(&a)?,
        Command::History(a) => history::run(&a, &mut out)?,
        Command::Coverage(a) => coverage::run(&a, &mut out)?,
        Command::Refunds(a) => refunds::run(&a, &mut out)?,
    }
    print(&out);
    Ok(())
}

fn main() -> ExitCode {
    // clap reports bad flags (and arguments that are not UTF-8) with exit 2.
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tariffs: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}
