//! The entry text format of the corpora: one `key=value` per line, the keys
//! of [`tariffs::EntryText`]; several entries separated by a line `--`.
//!
//! ```text
//! origin=CN
//! hts=6109.10.00.12
//! value=54
//! date=2025-05-02
//! mode=express
//! claim=USMCA
//! qty=kg=12.5
//! ```
//!
//! Keys: `importer`, `origin`, `hts`, `value`, `currency`, `rate` (the
//! exchange rate), `date`, `loaded` (loaded on), `mode`, `claim`
//! (repeatable), `qty` (repeatable, `UNIT=AMOUNT`). Other lines are ignored;
//! a missing required field is the empty text.

use tariffs::EntryText;

/// One entry's fields as text.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub importer: Option<String>,
    pub origin: String,
    pub hts: String,
    pub value: String,
    pub currency: Option<String>,
    pub exchange_rate: Option<String>,
    pub date: String,
    pub loaded_on: Option<String>,
    pub mode: Option<String>,
    pub claims: Vec<String>,
    pub quantities: Vec<(String, String)>,
}

impl Fields {
    /// Reads one entry's lines.
    pub fn parse(text: &str) -> Fields {
        let mut f = Fields::default();
        for line in text.lines() {
            let Some((k, v)) = line.split_once('=') else {
                continue;
            };
            let v = v.to_string();
            match k {
                "importer" => f.importer = Some(v),
                "origin" => f.origin = v,
                "hts" => f.hts = v,
                "value" => f.value = v,
                "currency" => f.currency = Some(v),
                "rate" => f.exchange_rate = Some(v),
                "date" => f.date = v,
                "loaded" => f.loaded_on = Some(v),
                "mode" => f.mode = Some(v),
                "claim" => f.claims.push(v),
                "qty" => match v.rsplit_once('=') {
                    Some((u, a)) => f.quantities.push((u.to_string(), a.to_string())),
                    None => f.quantities.push((v, String::new())),
                },
                _ => {}
            }
        }
        f
    }

    /// The fields as the core's [`EntryText`].
    pub fn as_text(&self) -> EntryText<'_> {
        EntryText {
            importer: self.importer.as_deref(),
            origin: &self.origin,
            hts: &self.hts,
            value: &self.value,
            currency: self.currency.as_deref(),
            exchange_rate: self.exchange_rate.as_deref(),
            date: &self.date,
            loaded_on: self.loaded_on.as_deref(),
            mode: self.mode.as_deref(),
            claims: self.claims.iter().map(String::as_str).collect(),
            quantities: self
                .quantities
                .iter()
                .map(|(u, a)| (u.as_str(), a.as_str()))
                .collect(),
        }
    }
}

/// Reads at most `max` entries separated by lines `--`.
pub fn entries(text: &str, max: usize) -> Vec<Fields> {
    text.split("\n--\n").take(max).map(Fields::parse).collect()
}
