//! A progress line on stderr: rows done, rows/s, share done and time left.
//!
//! On a terminal the line is redrawn in place (at most 5 times a second);
//! otherwise (a log file, CI) a line is printed every 10 seconds, so a long
//! run shows progress without flooding the log.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    start: Instant,
    last: Option<Instant>,
    tty: bool,
    enabled: bool,
    drawn: bool,
}

fn clock(secs: f64) -> String {
    if !secs.is_finite() || secs < 0.0 {
        return "?".into();
    }
    let s = secs.round() as u64;
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

/// `12,345,678`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Progress {
    pub fn new(enabled: bool) -> Progress {
        let start = Instant::now();
        let tty = std::io::stderr().is_terminal();
        Progress {
            start,
            // In a log, the first line after 10 s (a short run prints none).
            last: (!tty).then_some(start),
            tty,
            enabled,
            drawn: false,
        }
    }

    pub fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// `rows` done; `done` is the share of the input read (0 to 1), when known.
    pub fn update(&mut self, rows: u64, done: Option<f64>) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let every = if self.tty {
            Duration::from_millis(200)
        } else {
            Duration::from_secs(10)
        };
        if self.last.is_some_and(|l| now - l < every) {
            return;
        }
        self.last = Some(now);
        let secs = self.elapsed();
        let rate = if secs > 0.0 { rows as f64 / secs } else { 0.0 };
        let mut line = format!(
            "{} rows, {} rows/s, {}",
            thousands(rows),
            thousands(rate as u64),
            clock(secs)
        );
        if let Some(f) = done.filter(|f| *f > 0.0) {
            let f = f.min(1.0);
            let width = 24;
            let filled = (f * width as f64) as usize;
            line = format!(
                "[{}{}] {:>3.0}% {line}, {} left",
                "#".repeat(filled),
                "-".repeat(width - filled),
                f * 100.0,
                clock(secs * (1.0 - f) / f)
            );
        }
        let mut err = std::io::stderr().lock();
        if self.tty {
            let _ = write!(err, "\r\x1b[2K{line}");
        } else {
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
        self.drawn = true;
    }

    /// Ends the progress line (the summary follows on its own line).
    pub fn finish(&mut self) {
        if self.enabled && self.tty && self.drawn {
            eprintln!();
        }
    }
}
