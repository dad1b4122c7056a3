//! Schedule checks of the reliability issue (11): the overlap check in
//! linear time (defect 5), groups named like countries (8), the authority
//! limit (9), the schedule parts of 10 (floor counts, fee authorities, unit
//! spellings, 9-digit codes, removing what an exemption names) and of 11
//! (conditions that can never be met, short base lines), and the schedule
//! size limits of `tariffs::limits`.
//!
//! Every schedule here is built in the test; expected amounts are worked
//! out by hand in the comments.

use proptest::prelude::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tariffs::limits;
use tariffs::{Date, EntryText, Error, Schedule, ScheduleData};

const FORMAT: &str = "tariffs-schedule/1";

/// A US schedule of `measures` (and optionally other importer fields), with
/// base lines 6109.10.00 at 16.5% and 6110.20.20 at 10%.
fn us(extra: Value) -> Value {
    let mut imp = json!({
        "country": "US", "currency": "USD",
        "base": {"source": "test", "lines": [
            {"code": "6109.10.00", "general": "16.5%", "from": "2025-01-01"},
            {"code": "6110.20.20", "general": "10%", "from": "2025-01-01"}
        ]}
    });
    for (k, v) in extra.as_object().expect("an object") {
        imp[k] = v.clone();
    }
    json!({"format": FORMAT, "importers": [imp]})
}

fn load(v: &Value) -> Result<Schedule, Error> {
    Schedule::from_json(&v.to_string())
}

fn load_err(v: &Value) -> Error {
    match load(v) {
        Ok(_) => panic!("loaded, expected an error: {v}"),
        Err(e) => e,
    }
}

/// A measure of `authority` on every product and origin, for `[from, until)`.
fn measure(id: &str, authority: &str, from: Date, until: Option<Date>) -> Value {
    let mut m = json!({
        "id": id, "authority": authority, "description": id, "rate": "10%",
        "origins": {"include": ["*"]}, "from": from.to_string(), "source": "test"
    });
    if let Some(u) = until {
        m["until"] = json!(u.to_string());
    }
    m
}

fn day(n: i32) -> Date {
    Date::from_ymd(2025, 1, 1).unwrap().add_days(n)
}

fn quote(s: &Schedule, origin: &str, hts: &str, value: &str, date: &str) -> tariffs::Quote {
    let e = EntryText {
        origin,
        hts,
        value,
        date,
        ..Default::default()
    }
    .parse()
    .unwrap();
    s.quote(&e).unwrap()
}

// ------------------------------------------------------------ defect 5

/// `n` measures of one authority on every product and origin, one day each,
/// back to back: no two overlap.
fn daily(n: i32) -> Vec<Value> {
    (0..n)
        .map(|i| measure(&format!("m{i}"), "x", day(i), Some(day(i + 1))))
        .collect()
}

#[test]
fn many_all_product_measures_of_one_authority_load_in_linear_time() {
    // 8,000 such measures took 7 s and 32,000 took 226 s (every pair was
    // compared); 30,000 must load in seconds even unoptimized.
    let n = 30_000;
    let doc = us(json!({ "measures": daily(n) }));
    let t = Instant::now();
    let s = load(&doc).unwrap();
    let took = t.elapsed();
    assert!(took < Duration::from_secs(60), "{n} measures took {took:?}");
    // Day 100 is 2025-04-11: measure m100 (10%) applies with the base 16.5%
    // on $1,000: 165 + 100 = 265.
    let q = quote(&s, "VN", "6109.10.00", "1000", "2025-04-11");
    assert_eq!(q.duty.to_string(), "265.00");
    assert!(
        q.lines.iter().any(|l| l.id.as_deref() == Some("m100")),
        "{q}"
    );
}

#[test]
fn a_conflict_among_many_measures_is_still_found() {
    // 5,000 back-to-back measures, and one more of the same authority on
    // chapter 61 for CN during day 2,500 (2031-11-05): it overlaps m2500.
    let mut ms = daily(5_000);
    let mut clash = measure("clash", "x", day(2_500), Some(day(2_501)));
    clash["origins"] = json!({"include": ["CN"]});
    clash["products"] = json!({"include": ["61"]});
    ms.push(clash.clone());
    let msg = load_err(&us(json!({ "measures": ms }))).to_string();
    assert!(
        msg.contains("overlaps measure") && msg.contains("m2500") && msg.contains("clash"),
        "{msg}"
    );
    // Moved to the next day it overlaps m2501 instead.
    ms.pop();
    clash["from"] = json!(day(2_501).to_string());
    clash["until"] = json!(day(2_502).to_string());
    ms.push(clash.clone());
    let msg = load_err(&us(json!({ "measures": ms }))).to_string();
    assert!(msg.contains("m2501") && msg.contains("clash"), "{msg}");
    // Excluding chapter 61 from m2501 resolves it; so does a stacking rule.
    let mut carved = ms.clone();
    carved[2_501]["products"] = json!({"exclude": ["61"]});
    assert!(load(&us(json!({ "measures": carved }))).is_ok());
    let mut ordered = ms.clone();
    ordered[5_000]["superseded_by"] = json!(["id:m2501"]);
    assert!(load(&us(json!({ "measures": ordered }))).is_ok());
}

#[test]
fn a_conflict_among_many_product_and_country_measures_is_still_found() {
    // 10 countries x 40 products, one measure each: none overlap. Then one
    // measure for FR, DE and IT on heading 6109 overlaps those of FR and DE
    // on the codes under the heading.
    let countries: Vec<String> = ["FR", "DE", "CN", "VN", "MX", "CA", "JP", "KR", "IN", "BR"]
        .iter()
        .map(|c| c.to_string())
        .collect();
    let mut ms = Vec::new();
    for (k, c) in countries.iter().enumerate() {
        for p in 0..40 {
            let code = format!("6109.10.{p:02}");
            let mut m = measure(&format!("{c}-{p}"), "adcvd", day(0), None);
            m["origins"] = json!({"include": [c]});
            m["products"] = json!({"include": [code]});
            m["rate"] = json!(format!("{}%", k + 1));
            ms.push(m);
        }
    }
    let mut groups = json!({"EU_SOME": ["FR", "DE", "IT"]});
    let ok = us(json!({ "measures": ms.clone() }));
    assert!(load(&ok).is_ok());
    let mut eu = measure("eu-6109", "adcvd", day(30), None);
    eu["origins"] = json!({"include": ["EU_SOME"]});
    eu["products"] = json!({"include": ["6109"]});
    ms.push(eu);
    let mut doc = us(json!({ "measures": ms }));
    doc["groups"] = groups.take();
    let msg = load_err(&doc).to_string();
    assert!(
        msg.contains("overlaps measure")
            && msg.contains("eu-6109")
            && (msg.contains("FR-") || msg.contains("DE-")),
        "{msg}"
    );
}

/// The overlap rule, checked pair by pair (what the load did before it was
/// made linear): two non-cumulative measures of one authority with no
/// stacking relation conflict when their dates, origins and conditions meet
/// and their products share a code that neither excludes (two measures on
/// every product always share one).
fn brute_force_conflict(ms: &[Gen]) -> bool {
    let related = |a: usize, b: usize| ms[a].excludes.contains(&b) || ms[b].excludes.contains(&a);
    for a in 0..ms.len() {
        for b in a + 1..ms.len() {
            let (x, y) = (&ms[a], &ms[b]);
            if x.authority != y.authority || x.cumulative || y.cumulative || related(a, b) {
                continue;
            }
            let dates = x.from < y.until && y.from < x.until;
            let origins = x.origins.iter().any(|o| y.origins.contains(o));
            let modes = match (&x.mode, &y.mode) {
                (Some(p), Some(q)) => p == q,
                _ => true,
            };
            if !(dates && origins && modes) {
                continue;
            }
            let blocked = |w: &str| {
                x.exclude
                    .iter()
                    .chain(&y.exclude)
                    .any(|e| w.starts_with(e.as_str()))
            };
            let shared = match (x.include.is_empty(), y.include.is_empty()) {
                (true, true) => true,
                (false, true) => x.include.iter().any(|w| !blocked(w)),
                (true, false) => y.include.iter().any(|w| !blocked(w)),
                (false, false) => x.include.iter().any(|w| {
                    y.include.iter().any(|v| {
                        let deeper = if w.len() >= v.len() { w } else { v };
                        (w.starts_with(v.as_str()) || v.starts_with(w.as_str())) && !blocked(deeper)
                    })
                }),
            };
            if shared {
                return true;
            }
        }
    }
    false
}

#[derive(Debug, Clone)]
struct Gen {
    authority: u8,
    from: i32,
    until: i32,
    origins: Vec<&'static str>,
    include: Vec<String>,
    exclude: Vec<String>,
    mode: Option<&'static str>,
    cumulative: bool,
    excludes: Vec<usize>,
}

const CODES: [&str; 8] = [
    "61", "6109", "610910", "61091000", "6110", "611020", "62", "6203",
];
const COUNTRIES: [&str; 12] = [
    "CN", "FR", "DE", "VN", "MX", "CA", "JP", "KR", "IN", "BR", "IT", "ES",
];

fn gen_measure() -> impl Strategy<Value = Gen> {
    (
        0u8..2,
        0i32..6,
        1i32..4,
        prop_oneof![
            Just(COUNTRIES.to_vec()),
            proptest::sample::subsequence(COUNTRIES.to_vec(), 1..4),
            proptest::sample::subsequence(COUNTRIES.to_vec(), 9..12),
        ],
        prop_oneof![
            Just(Vec::new()),
            proptest::sample::subsequence(CODES.to_vec(), 1..3),
        ],
        proptest::sample::subsequence(CODES.to_vec(), 0..2),
        prop_oneof![Just(None), Just(Some("air")), Just(Some("ocean"))],
        proptest::bool::weighted(0.1),
        proptest::collection::vec(0usize..12, 0..2),
    )
        .prop_map(
            |(authority, from, len, origins, include, exclude, mode, cumulative, excludes)| Gen {
                authority,
                from,
                until: from + len,
                origins,
                include: include.into_iter().map(str::to_string).collect(),
                exclude: exclude.into_iter().map(str::to_string).collect(),
                mode,
                cumulative,
                excludes,
            },
        )
}

fn gen_json(ms: &[Gen]) -> Value {
    let v: Vec<Value> = ms
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let mut m = measure(
                &format!("m{i}"),
                &format!("a{}", g.authority),
                day(g.from),
                Some(day(g.until)),
            );
            m["origins"] = json!({ "include": g.origins });
            m["products"] = json!({"include": g.include, "exclude": g.exclude});
            if let Some(mode) = g.mode {
                m["conditions"] = json!({ "modes": [mode] });
            }
            m["cumulative"] = json!(g.cumulative);
            m["excludes"] = json!(g
                .excludes
                .iter()
                .map(|j| format!("id:m{j}"))
                .collect::<Vec<_>>());
            m
        })
        .collect();
    us(json!({ "measures": v }))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// The overlap check finds a conflict exactly when the pair-by-pair rule does.
    #[test]
    fn overlap_check_agrees_with_the_pairwise_rule(
        mut ms in proptest::collection::vec(gen_measure(), 1..12)
    ) {
        let n = ms.len();
        for (i, g) in ms.iter_mut().enumerate() {
            // Stacking relations name existing other measures, forward only
            // (no cycles).
            g.excludes.retain(|&j| j < n && j > i);
            g.excludes.sort_unstable();
            g.excludes.dedup();
        }
        let doc = gen_json(&ms);
        match load(&doc) {
            Ok(_) => prop_assert!(!brute_force_conflict(&ms), "loaded, but a pair conflicts: {doc}"),
            Err(e) => {
                let msg = e.to_string();
                if msg.contains("could never apply") {
                    // A scope that excludes everything it includes: refused for that.
                    return Ok(());
                }
                prop_assert!(msg.contains("overlaps measure"), "{msg}");
                prop_assert!(brute_force_conflict(&ms), "refused, but no pair conflicts: {msg}\n{doc}");
            }
        }
    }
}

// ------------------------------------------------------------ defect 8

#[test]
fn a_group_named_like_a_country_is_refused() {
    // `"CN": ["FR"]` would make every `CN` of every scope mean France.
    let mut m = measure("cn-20", "ieepa_fentanyl", day(0), None);
    m["origins"] = json!({"include": ["CN"]});
    for name in ["CN", "cn", "Fr"] {
        let mut doc = us(json!({ "measures": [m.clone()] }));
        doc["groups"] = json!({ name: ["FR"] });
        match load_err(&doc) {
            Error::Schedule { field, message, .. } => {
                assert_eq!(field, format!("groups.{name}"));
                assert!(message.contains("country code"), "{message}");
            }
            e => panic!("{e:?}"),
        }
    }
    // A group with a name of its own works as before.
    let mut doc = us(json!({ "measures": [m] }));
    doc["groups"] = json!({"CN_ONLY": ["FR"]});
    let s = load(&doc).unwrap();
    // CN goods still pay the CN measure: 165 + 100 = 265 on $1,000.
    assert_eq!(
        quote(&s, "CN", "6109.10.00", "1000", "2025-02-01")
            .duty
            .to_string(),
        "265.00"
    );
    assert_eq!(
        quote(&s, "FR", "6109.10.00", "1000", "2025-02-01")
            .duty
            .to_string(),
        "165.00"
    );
}

// ------------------------------------------------------------ defect 9

/// `n` measures, each of its own authority `aNNNN`, on every product for
/// origin `CN`, each ordered after the one before (so none overlap).
fn authorities(n: usize) -> Value {
    let ms: Vec<Value> = (0..n)
        .map(|i| {
            let mut m = measure(&format!("m{i}"), &format!("a{i:05}"), day(0), None);
            m["origins"] = json!({"include": ["CN"]});
            m["rate"] = json!(format!("{}%", i % 7 + 1));
            m
        })
        .collect();
    us(json!({ "measures": ms }))
}

#[test]
fn more_authorities_than_the_limit_are_refused() {
    // 1,001 measure authorities and mfn: 1,002 batch columns.
    let n = limits::MAX_AUTHORITIES + 1;
    match load_err(&authorities(n)) {
        Error::TooLarge {
            field,
            value,
            limit,
        } => {
            assert_eq!(field, "<json>: authorities");
            assert_eq!(value, "1,002 authorities");
            assert_eq!(limit, "at most 1,000 authorities");
        }
        e => panic!("{e:?}"),
    }
    // 70,000 authorities (past the 16-bit column index) are refused the same way.
    assert!(matches!(
        load_err(&authorities(70_000)),
        Error::TooLarge { .. }
    ));
}

#[test]
fn at_the_authority_limit_every_amount_lands_in_its_column() {
    // 999 measure authorities and mfn. Row 0: CN, $1,000: measure i adds
    // (i % 7 + 1)% = $10 x (i % 7 + 1) in column a{i}; mfn 16.5% = 165.
    let s = load(&authorities(limits::MAX_AUTHORITIES - 1)).unwrap();
    assert_eq!(s.authorities().len(), limits::MAX_AUTHORITIES);
    let e = EntryText {
        origin: "CN",
        hts: "6109.10.00",
        value: "1000",
        date: "2025-02-01",
        ..Default::default()
    }
    .parse()
    .unwrap();
    let b = s.quote_batch(&[e]);
    assert!(b.errors[0].is_none(), "{:?}", b.errors[0]);
    assert_eq!(b.amount(0, "mfn").unwrap().to_string(), "165.00");
    for i in [0usize, 1, 6, 7, 500, 998] {
        let want = format!("{}.00", 10 * (i % 7 + 1));
        assert_eq!(
            b.amount(0, &format!("a{i:05}")).unwrap().to_string(),
            want,
            "a{i:05}"
        );
    }
}

// ------------------------------------------------------------ defect 10

fn floor_measure(counts: Value) -> Value {
    json!({"id": "eu-floor", "authority": "ieepa_reciprocal", "description": "EU 15% all-in",
           "floor": {"rate": "15%", "counts": counts}, "origins": {"include": ["FR"]},
           "from": "2025-01-01", "source": "test"})
}

#[test]
fn a_floor_counting_an_unknown_authority_is_refused() {
    // A typo (`mnf`) would count nothing: FR T-shirts would pay 15% on top
    // of the 16.5% base instead of the 15% all-in floor (nothing, as 16.5 > 15).
    let ok = us(json!({"measures": [floor_measure(json!(["mfn"]))]}));
    let s = load(&ok).unwrap();
    assert_eq!(
        quote(&s, "FR", "6109.10.00", "1000", "2025-02-01")
            .duty
            .to_string(),
        "165.00"
    );
    for (counts, what) in [
        (json!(["mnf"]), "not an authority of this importer"),
        (json!(["mfn", "mpf"]), "the authority of a fee"),
    ] {
        let doc = us(json!({
            "measures": [floor_measure(counts)],
            "fees": [{"id": "mpf", "authority": "mpf", "description": "MPF", "percent": "0.3464",
                      "from": "2025-01-01", "source": "test"}]
        }));
        match load_err(&doc) {
            Error::Schedule {
                item,
                field,
                message,
                ..
            } => {
                assert_eq!(item.as_deref(), Some("eu-floor"));
                assert_eq!(field, "floor.counts");
                assert!(message.contains(what), "{message}");
            }
            e => panic!("{e:?}"),
        }
    }
    // Counting the authority of a measure is fine.
    let mut fent = measure("cn-20", "ieepa_fentanyl", day(0), None);
    fent["origins"] = json!({"include": ["CN"]});
    let doc = us(json!({"measures": [floor_measure(json!(["mfn", "ieepa_fentanyl"])), fent]}));
    assert!(load(&doc).is_ok());
}

#[test]
fn a_fee_may_not_use_a_duty_authority() {
    let mut fent = measure("cn-20", "ieepa_fentanyl", day(0), None);
    fent["origins"] = json!({"include": ["CN"]});
    for (authority, duty) in [
        ("mfn", "the base rates"),
        ("ieepa_fentanyl", "measure cn-20"),
    ] {
        let doc = us(json!({
            "measures": [fent.clone()],
            "fees": [{"id": "fee-x", "authority": authority, "description": "a fee", "flat": "5",
                      "from": "2025-01-01", "source": "test"}]
        }));
        match load_err(&doc) {
            Error::Schedule {
                item,
                field,
                message,
                ..
            } => {
                assert_eq!(item.as_deref(), Some("fee-x"));
                assert_eq!(field, "authority");
                assert!(message.contains(duty), "{message}");
            }
            e => panic!("{e:?}"),
        }
    }
}

#[test]
fn two_spellings_of_one_unit_are_an_error_naming_both() {
    let entry = |q: Vec<(&'static str, &'static str)>| EntryText {
        origin: "CN",
        hts: "6109.10.00",
        value: "100",
        date: "2025-02-01",
        quantities: q,
        ..Default::default()
    };
    for (a, b, name) in [
        ("kg", "KG", "kg"),
        ("kg", "kgs", "kg"),
        ("No", "no.", "no"),
        (
            "kg[copper content]",
            "KG[Copper Content]",
            "kg[copper content]",
        ),
    ] {
        let e = entry(vec![(a, "1"), (b, "2")]).parse().unwrap_err();
        assert_eq!(e.field(), Some("quantities"), "{e}");
        let msg = e.to_string();
        assert!(
            msg.contains(&format!(
                "each quantity once: {a:?} and {b:?} both name {name}"
            )),
            "{msg}"
        );
        // The same rule for quantities added one by one (the C setter and
        // the C columns' quantity lists).
        let mut q = tariffs::Quantities::new();
        q.set_str(&format!("{a}=1")).unwrap();
        let e = q.set_str(&format!("{b}=2")).unwrap_err();
        assert_eq!(e.field(), Some("quantities"), "{e}");
        assert!(
            e.to_string().contains(&format!("{b:?}"))
                && e.to_string().contains(&format!("{name} is given already")),
            "{e}"
        );
    }
    // Different units, or a unit with and without a basis, are two quantities.
    let e = entry(vec![("kg", "1"), ("no", "2"), ("kg[copper content]", "3")])
        .parse()
        .unwrap();
    assert_eq!(e.quantities.iter().count(), 3);
}

#[test]
fn nine_digit_codes_are_refused_in_entries_scopes_and_base_lines() {
    // Entries: 8 or 10 digits; 9 is no level of the HTS.
    for hts in ["6109.10.00.1", "610910001"] {
        let e = EntryText {
            origin: "CN",
            hts,
            value: "100",
            date: "2025-02-01",
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(e.field(), Some("hts"), "{e}");
    }
    // Scopes and product lists: 2, 4, 6, 8 or 10 digits.
    let mut m = measure("m", "x", day(0), None);
    m["products"] = json!({"include": ["6109.10.00.1"]});
    let msg = load_err(&us(json!({ "measures": [m] }))).to_string();
    assert!(msg.contains("m: field products.include"), "{msg}");
    let mut doc = us(json!({}));
    doc["product_lists"] = json!({"l": ["610910001"]});
    assert!(load(&doc).is_err());
    // Base lines: 8 or 10 digits.
    let mut doc = us(json!({}));
    doc["importers"][0]["base"]["lines"][0]["code"] = json!("6109.10.00.1");
    assert!(load(&doc).is_err());
    // An importer without base rates refuses codes shorter than a tariff line too.
    let doc = json!({"format": FORMAT, "importers": [{"country": "CA", "currency": "CAD",
        "measures": [{"id": "r", "authority": "retaliation", "description": "r", "rate": "25%",
                      "origins": {"include": ["US"]}, "from": "2025-01-01", "source": "test"}]}]});
    let s = load(&doc).unwrap();
    let e = EntryText {
        importer: Some("CA"),
        origin: "US",
        hts: "6109.10",
        value: "100",
        date: "2025-02-01",
        ..Default::default()
    }
    .parse()
    .unwrap();
    assert_eq!(s.quote(&e).unwrap_err().field(), Some("hts"));
}

/// Measures X (10%) and Y (5%) on CN, exemption E of X alone on 6109,
/// exemption F of X and Y on 6110.
fn exempted() -> Schedule {
    let mut x = measure("X", "ieepa_a", day(0), None);
    x["origins"] = json!({"include": ["CN"]});
    let mut y = measure("Y", "ieepa_b", day(0), None);
    y["origins"] = json!({"include": ["CN"]});
    y["rate"] = json!("5%");
    let ex = |id: &str, code: &str, removes: Value| {
        json!({"id": id, "authority": "exclusion", "description": id,
               "products": {"include": [code]}, "from": "2025-01-01",
               "removes": removes, "source": "test"})
    };
    load(&us(json!({
        "measures": [x, y],
        "exemptions": [ex("E", "6109", json!(["id:X"])), ex("F", "6110", json!(["id:X", "id:Y"]))]
    })))
    .unwrap()
}

#[test]
fn removing_a_measure_an_exemption_names_removes_the_selector_too() {
    let s = exempted();
    // Before: 6110.20.20 from CN, $1,000: base 10% = 100, X and Y removed by F.
    let q = quote(&s, "CN", "6110.20.20", "1000", "2025-02-01");
    assert_eq!(q.duty.to_string(), "100.00");
    let us_ = "US".parse().unwrap();
    for without_x in [
        s.scenario(us_).remove("X").build().unwrap(),
        s.with_overlay_json(
            r#"{"format": "tariffs-schedule/1", "importers": [{"country": "US", "currency": "USD", "remove": ["X"]}]}"#,
        )
        .unwrap(),
    ] {
        // E existed only to exempt from X: it goes with X.
        let d = &without_x.data().importers[0];
        assert!(d.exemptions.iter().all(|x| x.id != "E"));
        let f = d.exemptions.iter().find(|x| x.id == "F").unwrap();
        assert_eq!(f.removes, vec!["id:Y".to_string()]);
        // 6109.10.00 from CN: base 16.5% = 165, Y 5% = 50, no exemption line.
        let q = quote(&without_x, "CN", "6109.10.00", "1000", "2025-02-01");
        assert_eq!(q.duty.to_string(), "215.00");
        assert!(q.lines.iter().all(|l| l.id.as_deref() != Some("E")), "{q}");
        // 6110.20.20: base 100, Y still removed by F.
        let q = quote(&without_x, "CN", "6110.20.20", "1000", "2025-02-01");
        assert_eq!(q.duty.to_string(), "100.00");
    }
    // A removal that names nothing is still an error.
    let e = s.scenario(us_).remove("nope").build().unwrap_err();
    assert!(e.to_string().contains("nope"), "{e}");
}

// ------------------------------------------------------------ defect 11

#[test]
fn conditions_that_can_never_be_met_are_refused() {
    let with = |conditions: Value| {
        let mut m = measure("m", "x", day(0), None);
        m["conditions"] = conditions;
        us(json!({ "measures": [m] }))
    };
    for (conditions, field) in [
        (
            json!({"value_over": "800", "value_at_most": "800"}),
            "conditions.value_at_most",
        ),
        (
            json!({"value_over": "2500", "value_at_most": "800"}),
            "conditions.value_at_most",
        ),
        (
            json!({"claims": ["USMCA"], "not_claims": ["usmca"]}),
            "conditions.not_claims",
        ),
        (json!({"claims": ["US MCA"]}), "conditions.claims"),
        (json!({"modes": []}), "conditions.modes"),
    ] {
        match load_err(&with(conditions.clone())) {
            Error::Schedule { item, field: f, .. } => {
                assert_eq!(item.as_deref(), Some("m"), "{conditions}");
                assert_eq!(f, field, "{conditions}");
            }
            e => panic!("{conditions}: {e:?}"),
        }
    }
    // A value band that has room is fine.
    assert!(load(&with(
        json!({"value_over": "800", "value_at_most": "800.01"})
    ))
    .is_ok());
    // A scope that excludes all it includes.
    let mut m = measure("m", "x", day(0), None);
    m["products"] = json!({"include": ["6109.10"], "exclude": ["6109"]});
    let e = load_err(&us(json!({ "measures": [m] })));
    assert_eq!(e.field(), Some("products.exclude"), "{e}");
    // A suspension for no mode.
    let doc = us(
        json!({"exemptions": [{"id": "dm", "authority": "de_minimis", "description": "dm",
        "from": "2025-01-01", "removes": ["all"], "conditions": {"value_at_most": "800"},
        "suspensions": [{"origins": {"include": ["CN"]}, "from": "2025-05-02", "modes": [], "source": "s"}],
        "source": "test"}]}),
    );
    let e = load_err(&doc);
    assert_eq!(e.field(), Some("suspensions[0].modes"), "{e}");
}

#[test]
fn base_lines_shorter_than_a_tariff_line_are_refused() {
    for code in ["6109.10", "6109", "61"] {
        let mut doc = us(json!({}));
        doc["importers"][0]["base"]["lines"][0]["code"] = json!(code);
        match load_err(&doc) {
            Error::Schedule {
                item,
                field,
                message,
                ..
            } => {
                assert!(item.unwrap().starts_with(&format!("base line {code}")));
                assert_eq!(field, "code");
                assert!(message.contains("8-digit"), "{message}");
            }
            e => panic!("{e:?}"),
        }
    }
}

// ------------------------------------------------------------ limits

/// The data of `us(extra)`.
fn data(extra: Value) -> ScheduleData {
    serde_json::from_value(us(extra)).unwrap()
}

fn too_large(r: Result<Schedule, Error>) -> (String, String, String) {
    match r {
        Err(Error::TooLarge {
            field,
            value,
            limit,
        }) => (field, value, limit),
        Err(e) => panic!("expected too_large, got {e:?}"),
        Ok(_) => panic!("expected too_large, loaded"),
    }
}

#[test]
fn item_counts_past_their_limits_are_refused() {
    let one = data(json!({
        "measures": [measure("m", "x", day(0), None)],
        "exemptions": [{"id": "e", "authority": "x_ex", "description": "e", "from": "2025-01-01",
                        "removes": ["all"], "source": "s"}],
        "fees": [{"id": "f", "authority": "fee", "description": "f", "flat": "1",
                  "from": "2025-01-01", "source": "s"}],
        "prohibitions": [{"id": "p", "authority": "ban", "description": "p",
                          "origins": {"include": ["KP"]}, "from": "2025-01-01", "source": "s"}]
    }));
    let imp = &one.importers[0];
    let mut d = one.clone();
    d.importers[0].measures = vec![imp.measures[0].clone(); limits::MAX_MEASURES + 1];
    let (field, value, _) = too_large(Schedule::from_data(d, "f.json"));
    assert_eq!(field, "f.json: US: measures");
    assert_eq!(value, "200,001 measures");
    let mut d = one.clone();
    d.importers[0].exemptions = vec![imp.exemptions[0].clone(); limits::MAX_EXEMPTIONS + 1];
    assert_eq!(
        too_large(Schedule::from_data(d, "f")).0,
        "f: US: exemptions"
    );
    let mut d = one.clone();
    d.importers[0].fees = vec![imp.fees[0].clone(); limits::MAX_FEES + 1];
    assert_eq!(too_large(Schedule::from_data(d, "f")).0, "f: US: fees");
    let mut d = one.clone();
    d.importers[0].prohibitions = vec![imp.prohibitions[0].clone(); limits::MAX_PROHIBITIONS + 1];
    assert_eq!(
        too_large(Schedule::from_data(d, "f")).0,
        "f: US: prohibitions"
    );
    let mut d = one.clone();
    let base = d.importers[0].base.as_mut().unwrap();
    base.lines = vec![base.lines[0].clone(); limits::MAX_BASE_LINES + 1];
    assert_eq!(
        too_large(Schedule::from_data(d, "f")).0,
        "f: US: base.lines"
    );
    assert!(Schedule::from_data(one, "f").is_ok());
}

#[test]
fn groups_and_product_lists_past_their_limits_are_refused() {
    let mut d = data(json!({}));
    for i in 0..=limits::MAX_GROUPS {
        d.groups.insert(format!("G{i}"), vec!["FR".into()]);
    }
    assert_eq!(too_large(Schedule::from_data(d, "f")).0, "f: groups");
    let mut d = data(json!({}));
    d.groups.insert(
        "BIG".into(),
        vec!["FR".into(); limits::MAX_GROUP_MEMBERS + 1],
    );
    assert_eq!(too_large(Schedule::from_data(d, "f")).0, "f: groups.BIG");
    let mut d = data(json!({}));
    let code: tariffs::HtsCode = "6109".parse().unwrap();
    for i in 0..=limits::MAX_PRODUCT_LISTS {
        d.product_lists.insert(format!("l{i}"), vec![code]);
    }
    assert_eq!(too_large(Schedule::from_data(d, "f")).0, "f: product_lists");
    let mut d = data(json!({}));
    d.product_lists
        .insert("big".into(), vec![code; limits::MAX_PRODUCT_LIST_CODES + 1]);
    assert_eq!(
        too_large(Schedule::from_data(d, "f")).0,
        "f: product_lists.big"
    );
}

#[test]
fn product_codes_past_their_limits_are_refused() {
    // 21 measures naming one list of 100,000 codes: 2,100,000 codes
    // included by items, past 2,000,000 (the list counts once as a scope).
    let code: tariffs::HtsCode = "6109.10.00".parse().unwrap();
    let mut d = data(json!({}));
    d.product_lists
        .insert("big".into(), vec![code; limits::MAX_PRODUCT_LIST_CODES]);
    let mut m: tariffs::schedule::MeasureData =
        serde_json::from_value(measure("m", "x", day(0), None)).unwrap();
    m.products.include = vec!["@big".into()];
    m.cumulative = true;
    for i in 0..21 {
        let mut m = m.clone();
        m.id = format!("m{i}");
        d.importers[0].measures.push(m);
    }
    let (field, value, _) = too_large(Schedule::from_data(d, "f"));
    assert_eq!(field, "f: m20: products.include");
    assert_eq!(
        value,
        "2,100,000 codes included by the items of the schedule"
    );
    // 21 lists of 100,000 codes in 21 distinct scopes: 2,100,000 codes of
    // distinct scopes.
    let mut d = data(json!({}));
    for i in 0..21 {
        d.product_lists
            .insert(format!("l{i}"), vec![code; limits::MAX_PRODUCT_LIST_CODES]);
        let mut m = m.clone();
        m.id = format!("m{i}");
        m.products.include = vec![format!("@l{i}")];
        d.importers[0].measures.push(m);
    }
    let (field, ..) = too_large(Schedule::from_data(d, "f"));
    assert_eq!(field, "f: m20: products");
    // A scope of more entries than a list may hold.
    let mut d = data(json!({}));
    let mut m = m.clone();
    m.products.include = vec!["6109".into(); limits::MAX_SCOPE_ENTRIES + 1];
    d.importers[0].measures.push(m);
    let (field, ..) = too_large(Schedule::from_data(d, "f"));
    assert_eq!(field, "f: m: products.include");
}

#[test]
fn selectors_and_relations_past_their_limits_are_refused() {
    let mut ms = vec![measure("a", "x", day(0), Some(day(1)))];
    let mut b = measure("b", "x", day(1), None);
    b["excludes"] = json!(vec!["id:a"; limits::MAX_SELECTORS + 1]);
    ms.push(b);
    let (field, ..) = too_large(load(&us(json!({ "measures": ms }))));
    assert_eq!(field, "<json>: b: excludes");
    // 2,300 measures each displacing the 2,200 measures of authority y:
    // 5,060,000 relations.
    let mut ms: Vec<Value> = (0..2_200)
        .map(|i| measure(&format!("y{i}"), "y", day(i), Some(day(i + 1))))
        .collect();
    for i in 0..2_300 {
        let mut m = measure(&format!("z{i}"), "z", day(i), Some(day(i + 1)));
        m["excludes"] = json!(["authority:y"]);
        ms.push(m);
    }
    let (field, value, _) = too_large(load(&us(json!({ "measures": ms }))));
    assert!(field.ends_with(": excludes"), "{field}");
    assert!(value.starts_with("5,000,"), "{value}");
}

#[test]
fn too_many_overlapping_measures_of_one_authority_are_refused_not_compared_forever() {
    // 6,400 measures on every product and origin at all dates, told apart
    // only by value bands (i, i + 1]: 20,476,800 pairs to compare, past the
    // 20,000,000 limit.
    let ms: Vec<Value> = (0..6_400)
        .map(|i| {
            let mut m = measure(&format!("v{i}"), "x", day(0), None);
            m["conditions"] =
                json!({"value_over": i.to_string(), "value_at_most": (i + 1).to_string()});
            m
        })
        .collect();
    let (field, ..) = too_large(load(&us(json!({ "measures": ms }))));
    assert!(field.ends_with(": authority"), "{field}");
}

#[test]
fn texts_past_their_limits_are_refused() {
    let long = |n: usize| "é".repeat(n);
    for (key, n, field) in [
        ("id", limits::MAX_NAME_CHARS + 1, "id"),
        ("authority", limits::MAX_NAME_CHARS + 1, "authority"),
        ("heading", limits::MAX_NAME_CHARS + 1, "heading"),
        (
            "description",
            limits::MAX_DESCRIPTION_CHARS + 1,
            "description",
        ),
        ("source", limits::MAX_SOURCE_CHARS + 1, "source"),
    ] {
        let mut m = measure("m", "x", day(0), None);
        m[key] = json!(long(n));
        let (f, value, _) = too_large(load(&us(json!({ "measures": [m] }))));
        assert!(f.ends_with(&format!(": {field}")), "{f}");
        assert_eq!(value, format!("{} characters", limits_thousands(n)));
        // The field names the item with at most MAX_ECHO_CHARS of its id.
        assert!(f.len() < 400, "{f}");
    }
    // At the limit: fine.
    let mut m = measure("m", "x", day(0), None);
    m["source"] = json!(long(limits::MAX_SOURCE_CHARS));
    assert!(load(&us(json!({ "measures": [m] }))).is_ok());
}

fn limits_thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn json_past_the_size_limit_is_refused_before_it_is_parsed() {
    let mut text = us(json!({})).to_string();
    text.push_str(&" ".repeat(limits::MAX_SCHEDULE_JSON_BYTES + 1 - text.len()));
    let (field, value, _) = too_large(Schedule::from_json(&text));
    assert_eq!(field, "<json>: JSON text");
    assert_eq!(value, "67,108,865 bytes");
    let s = load(&us(json!({}))).unwrap();
    assert!(matches!(
        s.with_overlay_json(&text),
        Err(Error::TooLarge { .. })
    ));
    // A file is refused from its size, before it is read.
    let path = std::env::temp_dir().join(format!("tariffs-too-large-{}.json", std::process::id()));
    std::fs::write(&path, &text).unwrap();
    let r = Schedule::from_path(&path);
    std::fs::remove_file(&path).ok();
    assert!(matches!(r, Err(Error::TooLarge { .. })), "{r:?}");
}

/// `docs/reliability.md` names every limit of `src/limits.rs` in a table row
/// with the limit's value, so the page cannot fall behind the code.
#[test]
fn the_reliability_page_lists_every_limit_with_its_value() {
    use tariffs::limits::*;
    use tariffs::Decimal;
    let root = env!("CARGO_MANIFEST_DIR");
    let doc = std::fs::read_to_string(format!("{root}/docs/reliability.md")).unwrap();
    let src = std::fs::read_to_string(format!("{root}/src/limits.rs")).unwrap();
    // The value as the page writes it: thousands separated by commas;
    // powers of ten of the decimal limits as 10^N.
    let commas = |n: usize| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let values: Vec<(&str, String)> = vec![
        ("MAX_ECHO_CHARS", commas(MAX_ECHO_CHARS)),
        ("MAX_VALUE", "10^15".into()),
        ("MAX_QUANTITY", "10^15".into()),
        ("MAX_EXCHANGE_RATE", "10^6".into()),
        ("MAX_DECIMALS", MAX_DECIMALS.to_string()),
        ("MAX_NUMBER_CHARS", commas(MAX_NUMBER_CHARS)),
        ("MAX_FIELD_CHARS", commas(MAX_FIELD_CHARS)),
        ("MAX_BASIS_CHARS", commas(MAX_BASIS_CHARS)),
        ("MAX_QUANTITIES", commas(MAX_QUANTITIES)),
        ("MAX_CLAIMS", commas(MAX_CLAIMS)),
        ("MAX_CLAIM_CHARS", commas(MAX_CLAIM_CHARS)),
        ("MAX_RATE_CHARS", commas(MAX_RATE_CHARS)),
        ("MAX_RATE_NUMBER", "100,000".into()),
        (
            "MAX_FRACTION_DENOMINATOR",
            commas(MAX_FRACTION_DENOMINATOR as usize),
        ),
        ("MIN_RATE_PER", MIN_RATE_PER.to_string()),
        (
            "MAX_SCHEDULE_JSON_BYTES",
            format!("{} MiB", MAX_SCHEDULE_JSON_BYTES >> 20),
        ),
        ("MAX_MEASURES", commas(MAX_MEASURES)),
        ("MAX_EXEMPTIONS", commas(MAX_EXEMPTIONS)),
        ("MAX_FEES", commas(MAX_FEES)),
        ("MAX_PROHIBITIONS", commas(MAX_PROHIBITIONS)),
        ("MAX_BASE_LINES", commas(MAX_BASE_LINES)),
        ("MAX_PROGRAMS", commas(MAX_PROGRAMS)),
        ("MAX_GROUPS", commas(MAX_GROUPS)),
        ("MAX_GROUP_MEMBERS", commas(MAX_GROUP_MEMBERS)),
        ("MAX_PRODUCT_LISTS", commas(MAX_PRODUCT_LISTS)),
        ("MAX_PRODUCT_LIST_CODES", commas(MAX_PRODUCT_LIST_CODES)),
        ("MAX_SCOPE_CODES", commas(MAX_SCOPE_CODES)),
        ("MAX_ITEM_SCOPE_CODES", commas(MAX_ITEM_SCOPE_CODES)),
        ("MAX_SCOPE_ENTRIES", commas(MAX_SCOPE_ENTRIES)),
        ("MAX_SELECTORS", commas(MAX_SELECTORS)),
        ("MAX_RELATIONS", commas(MAX_RELATIONS)),
        ("MAX_CONDITION_ENTRIES", commas(MAX_CONDITION_ENTRIES)),
        ("MAX_AUTHORITIES", commas(MAX_AUTHORITIES)),
        ("MAX_OVERLAP_PAIRS", commas(MAX_OVERLAP_PAIRS)),
        ("MAX_NAME_CHARS", commas(MAX_NAME_CHARS)),
        ("MAX_DESCRIPTION_CHARS", commas(MAX_DESCRIPTION_CHARS)),
        ("MAX_SOURCE_CHARS", commas(MAX_SOURCE_CHARS)),
    ];
    // Every `pub const` of the source is in the list above.
    let consts: Vec<&str> = src
        .lines()
        .filter_map(|l| l.strip_prefix("pub const "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let listed: Vec<&str> = values.iter().map(|(n, _)| *n).collect();
    assert_eq!(consts, listed, "the limits of src/limits.rs, in order");
    assert_eq!(MAX_VALUE, Decimal::from(10u64.pow(15)));
    assert_eq!(MAX_QUANTITY, Decimal::from(10u64.pow(15)));
    assert_eq!(MAX_EXCHANGE_RATE, Decimal::from(10u64.pow(6)));
    assert_eq!(MAX_RATE_NUMBER, Decimal::from(100_000));
    for (name, value) in values {
        let row = format!("| `{name}` | {value} |");
        assert!(doc.contains(&row), "docs/reliability.md has no row {row:?}");
    }
}
