//! Target `overlay`: a structured overlay over the fixture, built with
//! `arbitrary` from the bytes so that most inputs are schedules that load
//! and reach the engine (raw JSON mostly stops at the parser: that is
//! target `schedule`). The overlay adds or replaces measures, exemptions,
//! fees, prohibitions and groups, and removes items, with ids, authorities,
//! rates, scopes, dates and conditions drawn from pools of meaningful
//! values (the fixture's own among them) or, for rates and some texts,
//! from free text. Each loaded overlay quotes the generated entries (each
//! checked) and the same entries as a batch and as columns.

use crate::invariants::{check_batch, check_error};
use arbitrary::{Arbitrary, Unstructured};
use serde_json::{json, Map, Value};
use tariffs::{Decimal, Entry, EntryColumns, EntryText, Schedule};

const IDS: &[&str] = &[
    "cn-extra-10",
    "cn-extra-20",
    "partners-25",
    "partners-energy-10",
    "world-10",
    "cn-125",
    "eu-floor",
    "autos-25",
    "postal-cn",
    "de-minimis",
    "usmca",
    "mpf",
    "hmf",
    "new-1",
    "new-2",
    "new-3",
];
const AUTHORITIES: &[&str] = &[
    "mfn",
    "ieepa_fentanyl",
    "ieepa_reciprocal",
    "section_232",
    "section_301",
    "ieepa_reciprocal_postal",
    "de_minimis",
    "usmca",
    "mpf",
    "hmf",
    "other",
];
const RATES: &[&str] = &[
    "10%",
    "0%",
    "Free",
    "25%",
    "125%",
    "$100 each",
    "$1.035/kg",
    "46.3¢/kg + 14.9%",
    "The duty provided in the applicable subheading + 10%",
    "5.25¢/bbl",
    "$1/0.5kg",
    "2.5% + $3/doz",
    "$2/1000 no",
    "99999999999999999999%",
    "0.0000000001%",
    "15%",
];
const ORIGIN_TOKENS: &[&str] = &[
    "*", "CN", "CA", "MX", "DE", "FR", "VN", "BR", "PARTNERS", "EU", "XX", "cn", "",
];
const PRODUCT_TOKENS: &[&str] = &[
    "6109",
    "6109.10",
    "6109.10.00",
    "6109.10.00.12",
    "0406",
    "2709",
    "8703",
    "4901",
    "@informational",
    "@nothing",
    "99",
    "",
    "1806.20.24",
];
const DATES: &[&str] = &[
    "2016-03-10",
    "2025-01-01",
    "2025-03-04",
    "2025-04-05",
    "2025-05-02",
    "2025-07-01",
    "2025-08-07",
    "2026-01-01",
    "2027-01-01",
    "2024-10-01",
];
const REFS: &[&str] = &[
    "id:world-10",
    "id:cn-extra-20",
    "id:new-1",
    "id:nope",
    "authority:section_232",
    "authority:ieepa_fentanyl",
    "authority:mfn",
    "all",
    "authority:mpf",
    "id:usmca",
];
const CLAIMS: &[&str] = &["USMCA", "TESTCLAIM", "S", "usmca", ""];
const MODES: &[&str] = &["ocean", "air", "truck", "rail", "postal", "express"];
const MONEY: &[&str] = &[
    "0", "0.5", "32.71", "800", "2500", "634.62", "1000000", "-1",
];
const VALUES: &[&str] = &[
    "0",
    "1",
    "54",
    "799.99",
    "800",
    "2500.01",
    "10000",
    "123456789.125",
    "79228162514264337593543950335",
    "0.005",
];
const CODES: &[&str] = &[
    "6109.10.00.12",
    "6109.10.00",
    "0406.10.10",
    "2709.00.10",
    "8703.23.01",
    "4901.99.00",
    "1806.20.24",
];
const ENTRY_ORIGINS: &[&str] = &["CN", "CA", "MX", "DE", "FR", "VN", "BR", "JP"];
const QTYS: &[&str] = &["0", "1", "2.5", "10", "1000000", "0.001"];
const UNITS: &[&str] = &[
    "kg",
    "no",
    "doz",
    "bbl",
    "value[case]",
    "kg[copper content]",
];

/// An index into one of the pools.
#[derive(Debug, Clone, Copy, Arbitrary)]
struct Pick(u8);

impl Pick {
    fn of<'a>(self, pool: &[&'a str]) -> &'a str {
        pool[usize::from(self.0) % pool.len()]
    }
}

/// A pool value or free text.
#[derive(Debug, Arbitrary)]
enum Text {
    Pool(Pick),
    Free(String),
}

impl Text {
    fn of(&self, pool: &[&str]) -> String {
        match self {
            Text::Pool(p) => p.of(pool).to_string(),
            Text::Free(s) => s.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Scope {
    include: Vec<Pick>,
    exclude: Vec<Pick>,
}

impl Scope {
    fn json(&self, pool: &[&str]) -> Value {
        json!({
            "include": self.include.iter().take(4).map(|p| p.of(pool)).collect::<Vec<_>>(),
            "exclude": self.exclude.iter().take(3).map(|p| p.of(pool)).collect::<Vec<_>>(),
        })
    }
}

#[derive(Debug, Arbitrary)]
struct Conditions {
    modes: Option<Vec<Pick>>,
    value_over: Option<Pick>,
    value_at_most: Option<Pick>,
    claims: Vec<Pick>,
    not_claims: Vec<Pick>,
    loaded_before: Option<Pick>,
}

impl Conditions {
    fn json(&self) -> Value {
        let mut m = Map::new();
        if let Some(modes) = &self.modes {
            m.insert(
                "modes".into(),
                json!(modes
                    .iter()
                    .take(3)
                    .map(|p| p.of(MODES))
                    .collect::<Vec<_>>()),
            );
        }
        if let Some(v) = self.value_over {
            m.insert("value_over".into(), json!(v.of(MONEY)));
        }
        if let Some(v) = self.value_at_most {
            m.insert("value_at_most".into(), json!(v.of(MONEY)));
        }
        if !self.claims.is_empty() {
            m.insert(
                "claims".into(),
                json!(self
                    .claims
                    .iter()
                    .take(2)
                    .map(|p| p.of(CLAIMS))
                    .collect::<Vec<_>>()),
            );
        }
        if !self.not_claims.is_empty() {
            m.insert(
                "not_claims".into(),
                json!(self
                    .not_claims
                    .iter()
                    .take(2)
                    .map(|p| p.of(CLAIMS))
                    .collect::<Vec<_>>()),
            );
        }
        if let Some(d) = self.loaded_before {
            m.insert("loaded_before".into(), json!(d.of(DATES)));
        }
        Value::Object(m)
    }
}

#[derive(Debug, Arbitrary)]
struct Dates {
    from: Pick,
    until: Option<Pick>,
}

impl Dates {
    fn put(&self, m: &mut Map<String, Value>) {
        m.insert("from".into(), json!(self.from.of(DATES)));
        if let Some(u) = self.until {
            m.insert("until".into(), json!(u.of(DATES)));
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Measure {
    id: Pick,
    authority: Pick,
    heading: Option<Pick>,
    rate: Option<Text>,
    floor: Option<(Text, Vec<Pick>)>,
    origins: Scope,
    products: Scope,
    dates: Dates,
    conditions: Conditions,
    excludes: Vec<Pick>,
    superseded_by: Vec<Pick>,
    cumulative: bool,
}

impl Measure {
    fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id.of(IDS)));
        m.insert("authority".into(), json!(self.authority.of(AUTHORITIES)));
        if let Some(h) = self.heading {
            m.insert(
                "heading".into(),
                json!(format!("9903.{:02}.{:02}", h.0 % 100, h.0 / 3)),
            );
        }
        m.insert("description".into(), json!("fuzz"));
        if let Some(r) = &self.rate {
            m.insert("rate".into(), json!(r.of(RATES)));
        }
        if let Some((r, counts)) = &self.floor {
            m.insert(
                "floor".into(),
                json!({"rate": r.of(RATES), "counts": counts.iter().take(3).map(|p| p.of(AUTHORITIES)).collect::<Vec<_>>()}),
            );
        }
        m.insert("origins".into(), self.origins.json(ORIGIN_TOKENS));
        m.insert("products".into(), self.products.json(PRODUCT_TOKENS));
        self.dates.put(&mut m);
        m.insert("conditions".into(), self.conditions.json());
        m.insert(
            "excludes".into(),
            json!(self
                .excludes
                .iter()
                .take(3)
                .map(|p| p.of(REFS))
                .collect::<Vec<_>>()),
        );
        m.insert(
            "superseded_by".into(),
            json!(self
                .superseded_by
                .iter()
                .take(3)
                .map(|p| p.of(REFS))
                .collect::<Vec<_>>()),
        );
        if self.cumulative {
            m.insert("cumulative".into(), json!(true));
        }
        m.insert("source".into(), json!("fuzz"));
        Value::Object(m)
    }
}

#[derive(Debug, Arbitrary)]
struct Exemption {
    id: Pick,
    authority: Pick,
    origins: Option<Scope>,
    products: Scope,
    dates: Dates,
    conditions: Conditions,
    removes: Vec<Pick>,
    suspensions: Vec<(Scope, Dates, Option<Vec<Pick>>)>,
}

impl Exemption {
    fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id.of(IDS)));
        m.insert("authority".into(), json!(self.authority.of(AUTHORITIES)));
        m.insert("description".into(), json!("fuzz"));
        if let Some(o) = &self.origins {
            m.insert("origins".into(), o.json(ORIGIN_TOKENS));
        }
        m.insert("products".into(), self.products.json(PRODUCT_TOKENS));
        self.dates.put(&mut m);
        m.insert("conditions".into(), self.conditions.json());
        m.insert(
            "removes".into(),
            json!(self
                .removes
                .iter()
                .take(3)
                .map(|p| p.of(REFS))
                .collect::<Vec<_>>()),
        );
        let sus: Vec<Value> = self
            .suspensions
            .iter()
            .take(2)
            .map(|(scope, dates, modes)| {
                let mut s = Map::new();
                s.insert("origins".into(), scope.json(ORIGIN_TOKENS));
                dates.put(&mut s);
                if let Some(modes) = modes {
                    s.insert(
                        "modes".into(),
                        json!(modes
                            .iter()
                            .take(3)
                            .map(|p| p.of(MODES))
                            .collect::<Vec<_>>()),
                    );
                }
                s.insert("source".into(), json!("fuzz"));
                Value::Object(s)
            })
            .collect();
        m.insert("suspensions".into(), json!(sus));
        m.insert("source".into(), json!("fuzz"));
        Value::Object(m)
    }
}

#[derive(Debug, Arbitrary)]
struct Fee {
    id: Pick,
    authority: Pick,
    percent: Option<Text>,
    flat: Option<Pick>,
    minimum: Option<Pick>,
    maximum: Option<Pick>,
    dates: Dates,
    conditions: Conditions,
}

impl Fee {
    fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id.of(IDS)));
        m.insert("authority".into(), json!(self.authority.of(AUTHORITIES)));
        m.insert("description".into(), json!("fuzz"));
        if let Some(p) = &self.percent {
            m.insert("percent".into(), json!(p.of(MONEY)));
        }
        for (k, v) in [
            ("flat", self.flat),
            ("minimum", self.minimum),
            ("maximum", self.maximum),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), json!(v.of(MONEY)));
            }
        }
        self.dates.put(&mut m);
        m.insert("conditions".into(), self.conditions.json());
        m.insert("source".into(), json!("fuzz"));
        Value::Object(m)
    }
}

#[derive(Debug, Arbitrary)]
struct Prohibition {
    id: Pick,
    authority: Pick,
    origins: Scope,
    products: Scope,
    dates: Dates,
    conditions: Conditions,
}

impl Prohibition {
    fn json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id.of(IDS)));
        m.insert("authority".into(), json!(self.authority.of(AUTHORITIES)));
        m.insert("description".into(), json!("fuzz"));
        m.insert("origins".into(), self.origins.json(ORIGIN_TOKENS));
        m.insert("products".into(), self.products.json(PRODUCT_TOKENS));
        self.dates.put(&mut m);
        m.insert("conditions".into(), self.conditions.json());
        m.insert("source".into(), json!("fuzz"));
        Value::Object(m)
    }
}

#[derive(Debug, Arbitrary)]
struct EntryPicks {
    origin: Pick,
    code: Pick,
    value: Pick,
    date: Pick,
    mode: Pick,
    claims: Vec<Pick>,
    quantities: Vec<(Pick, Pick)>,
    loaded_on: Option<Pick>,
}

#[derive(Debug, Arbitrary)]
struct Overlay {
    groups: Vec<(Pick, Vec<Pick>)>,
    measures: Vec<Measure>,
    exemptions: Vec<Exemption>,
    fees: Vec<Fee>,
    prohibitions: Vec<Prohibition>,
    remove: Vec<Pick>,
    entries: Vec<EntryPicks>,
}

impl Overlay {
    fn json(&self) -> Value {
        let groups: Map<String, Value> = self
            .groups
            .iter()
            .take(3)
            .map(|(name, members)| {
                (
                    name.of(&["PARTNERS", "EU", "NEW", "CN", "ASEAN"])
                        .to_string(),
                    json!(members
                        .iter()
                        .take(5)
                        .map(|p| p.of(ORIGIN_TOKENS))
                        .collect::<Vec<_>>()),
                )
            })
            .collect();
        let mut importer = Map::new();
        importer.insert("country".into(), json!("US"));
        importer.insert("currency".into(), json!("USD"));
        importer.insert(
            "measures".into(),
            json!(self
                .measures
                .iter()
                .take(6)
                .map(Measure::json)
                .collect::<Vec<_>>()),
        );
        importer.insert(
            "exemptions".into(),
            json!(self
                .exemptions
                .iter()
                .take(3)
                .map(Exemption::json)
                .collect::<Vec<_>>()),
        );
        importer.insert(
            "fees".into(),
            json!(self.fees.iter().take(3).map(Fee::json).collect::<Vec<_>>()),
        );
        importer.insert(
            "prohibitions".into(),
            json!(self
                .prohibitions
                .iter()
                .take(2)
                .map(Prohibition::json)
                .collect::<Vec<_>>()),
        );
        importer.insert(
            "remove".into(),
            json!(self
                .remove
                .iter()
                .take(3)
                .map(|p| p.of(IDS))
                .collect::<Vec<_>>()),
        );
        json!({
            "format": "tariffs-schedule/1",
            "groups": groups,
            "importers": [importer],
        })
    }

    fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        for p in self.entries.iter().take(12) {
            let claims: Vec<&str> = p
                .claims
                .iter()
                .take(2)
                .map(|c| c.of(CLAIMS))
                .filter(|c| !c.is_empty())
                .collect();
            let quantities: Vec<(&str, &str)> = p
                .quantities
                .iter()
                .take(4)
                .map(|(u, a)| (u.of(UNITS), a.of(QTYS)))
                .collect();
            let t = EntryText {
                origin: p.origin.of(ENTRY_ORIGINS),
                hts: p.code.of(CODES),
                value: p.value.of(VALUES),
                date: p.date.of(DATES),
                mode: Some(p.mode.of(MODES)),
                claims,
                quantities,
                loaded_on: p.loaded_on.map(|d| d.of(DATES)),
                ..Default::default()
            };
            match t.parse() {
                Ok(e) => out.push(e),
                Err(e) => check_error(&e),
            }
        }
        out
    }
}

pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(overlay) = Overlay::arbitrary(&mut u) else {
        return;
    };
    let json = overlay.json().to_string();
    let schedule = match crate::fixture().with_overlay_json(&json) {
        Ok(s) => s,
        Err(e) => return check_error(&e),
    };
    let entries = overlay.entries();
    check_batch(
        &schedule,
        &entries,
        &schedule.quote_batch(&entries),
        "quote_batch",
    );
    check_columns(&schedule, &entries);
    crate::schedule::probe_all(&schedule, false);
}

/// The entries as [`EntryColumns`] (every field a column), quoted with
/// [`Schedule::quote_columns`] and checked row by row against `quote`.
pub fn check_columns(s: &Schedule, entries: &[Entry]) {
    let importers: Vec<_> = entries.iter().map(|e| e.importer).collect();
    let codes: Vec<_> = entries.iter().map(|e| e.code).collect();
    let origins: Vec<_> = entries.iter().map(|e| e.origin).collect();
    let values: Vec<_> = entries.iter().map(|e| e.value).collect();
    let dates: Vec<_> = entries.iter().map(|e| e.entry_date).collect();
    let modes: Vec<_> = entries.iter().map(|e| e.mode).collect();
    let currencies: Vec<_> = entries.iter().map(|e| e.currency).collect();
    let rates: Vec<_> = entries.iter().map(|e| e.exchange_rate).collect();
    let loaded: Vec<_> = entries.iter().map(|e| e.loaded_on).collect();
    let claims: Vec<_> = entries.iter().map(|e| e.claims.clone()).collect();
    // One column per distinct (unit, basis).
    let mut keys: Vec<(tariffs::Unit, Option<String>)> = Vec::new();
    for e in entries {
        for q in e.quantities.iter() {
            let k = (q.unit, q.basis.clone());
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let amounts: Vec<Vec<Option<Decimal>>> = keys
        .iter()
        .map(|(u, b)| {
            entries
                .iter()
                .map(|e| {
                    e.quantities
                        .iter()
                        .find(|q| q.unit == *u && q.basis == *b)
                        .map(|q| q.amount)
                })
                .collect()
        })
        .collect();
    let us = "US".parse().expect("US");
    let mut cols = EntryColumns::new(us, &codes, &origins, &values, &dates)
        .with_modes(&modes)
        .with_claims(&claims)
        .with_loaded_on(&loaded)
        .with_currencies(&currencies, &rates);
    cols.importers = Some(&importers);
    for ((u, b), a) in keys.iter().zip(&amounts) {
        cols = cols.with_quantity(*u, b.as_deref(), a);
    }
    match s.quote_columns(&cols) {
        Ok(b) => check_batch(s, entries, &b, "quote_columns"),
        Err(e) => panic!("quote_columns refuses well-formed columns: {e}"),
    }
}
