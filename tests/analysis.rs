//! Rate panels and diffs, cross-checked against one-by-one quotes on the
//! test fixture (tests/fixtures/schedule.json).

use rust_decimal::Decimal;
use tariffs::{Country, Date, Entry, Mode, Schedule, Unit};

fn fixture() -> Schedule {
    Schedule::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schedule.json"
    ))
    .unwrap()
}

#[test]
fn panel_cells_equal_one_by_one_quotes() {
    let s = fixture();
    let us: Country = "US".parse().unwrap();
    for date in ["2025-02-10", "2025-04-15", "2025-05-20", "2025-08-10"] {
        let date: Date = date.parse().unwrap();
        let p = s.rate_panel(us, date).unwrap();
        assert_eq!(p.origins.len(), 249, "every country but the importer");
        assert!(
            p.classes() < 12,
            "origins collapse into few classes: {}",
            p.classes()
        );
        for (ci, code) in p.codes.iter().enumerate() {
            for (oi, origin) in p.origins.iter().enumerate() {
                let mut e = Entry::new(us, *origin, *code, Decimal::from(1_000_000), date)
                    .with_mode(Mode::Ocean);
                for u in Unit::ALL {
                    if u != Unit::Value {
                        e.quantities.set(u, None, Decimal::ZERO);
                    }
                }
                match s.quote(&e) {
                    Ok(q) => {
                        assert_eq!(
                            p.total(ci, oi),
                            q.duty / Decimal::from(1_000_000),
                            "{code} {origin} {date}"
                        );
                        for a in &p.authorities {
                            assert_eq!(
                                p.rate(ci, oi, a).unwrap() * Decimal::from(1_000_000),
                                q.amount_of(a)
                            );
                        }
                    }
                    Err(err) => assert_eq!(p.error(ci, oi), Some(err.to_string().as_str())),
                }
            }
        }
    }
}

#[test]
fn panel_values_from_the_fixture_rates() {
    let s = fixture();
    let p = s
        .rate_panel("US".parse().unwrap(), "2025-04-15".parse().unwrap())
        .unwrap();
    let code = |c: &str| p.codes.iter().position(|x| x.to_string() == c).unwrap();
    let origin = |o: &str| p.origins.iter().position(|x| x.as_str() == o).unwrap();
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    // T-shirts from VN: 16.5% + 10% baseline.
    assert_eq!(p.total(code("6109.10.00"), origin("VN")), d("0.265"));
    // From MX: 16.5% + 25% (no reciprocal for partners).
    assert_eq!(p.total(code("6109.10.00"), origin("MX")), d("0.415"));
    // Cheese is specific ($1.035/kg): flagged, MFN part 0 in the panel.
    assert!(p.is_specific(code("0406.10.10")));
    assert_eq!(
        p.rate(code("0406.10.10"), origin("VN"), "mfn"),
        Some(d("0"))
    );
    assert!(!p.is_specific(code("6109.10.00")));
}

#[test]
fn diff_of_two_dates_lists_what_changed() {
    let s = fixture();
    let us: Country = "US".parse().unwrap();
    let before = s.rate_panel(us, "2025-05-13".parse().unwrap()).unwrap();
    let after = s.rate_panel(us, "2025-05-14".parse().unwrap()).unwrap();
    let changes = before.diff(&after);
    // On 2025-05-14 the fixture's CN 125% ends and the 10% baseline returns,
    // for every line except the car (under 232 neither applies).
    let cn_tee: Vec<_> = changes
        .iter()
        .filter(|c| c.origin.as_str() == "CN" && c.code.to_string() == "6109.10.00")
        .collect();
    let total = cn_tee.iter().find(|c| &*c.authority == "total").unwrap();
    assert_eq!(
        (total.before, total.after),
        ("1.615".parse().unwrap(), "0.465".parse().unwrap())
    );
    assert!(
        changes.iter().all(|c| c.origin.as_str() == "CN"),
        "only CN changed on 05-14"
    );
    assert!(!changes.iter().any(|c| c.code.to_string() == "8703.23.01"));
    // A panel equals itself.
    assert!(before.diff(&before).is_empty());
}

#[test]
fn panel_csv_has_one_row_per_cell() {
    let s = fixture();
    let p = s
        .rate_panel("US".parse().unwrap(), "2025-04-15".parse().unwrap())
        .unwrap();
    let mut buf = Vec::new();
    p.write_csv(&mut buf).unwrap();
    let text = String::from_utf8(buf).unwrap();
    assert_eq!(text.lines().count(), 1 + p.len());
    assert!(text
        .lines()
        .next()
        .unwrap()
        .starts_with("date,hts,origin,total,"));
    assert!(text.contains("2025-04-15,6109.10.00,CN,1.615,"));
    // Every row, as formatted cell by cell from the accessors.
    let mut expected = String::new();
    for (ci, code) in p.codes.iter().enumerate() {
        for (oi, origin) in p.origins.iter().enumerate() {
            expected += &format!("{},{code},{origin},{}", p.date, p.total(ci, oi).normalize());
            for a in &p.authorities {
                expected += &format!(",{}", p.rate(ci, oi, a).unwrap().normalize());
            }
            let err = p.error(ci, oi).unwrap_or("").replace('"', "'");
            expected += &format!(",{},\"{err}\"\n", p.is_specific(ci));
        }
    }
    assert_eq!(text.split_once('\n').unwrap().1, expected);
}

#[test]
fn scenarios_set_move_remove_and_leave_the_original_alone() {
    let s = fixture();
    let us: Country = "US".parse().unwrap();
    let tee = |origin: &str, date: &str| {
        tariffs::EntryText {
            origin,
            hts: "6109.10.00",
            value: "1000",
            date,
            mode: Some("air"),
            ..Default::default()
        }
        .parse()
        .unwrap()
    };
    // Move the CN 125% to start on 2025-04-20 instead of 04-10: on 04-15 the
    // 10% baseline applies instead: 16.5% + 20% + 10% = 465.
    let moved = cn_125_from_04_20(&s);
    assert_eq!(
        moved.quote(&tee("CN", "2025-04-15")).unwrap().duty,
        "465.00".parse::<Decimal>().unwrap()
    );
    assert_eq!(
        s.quote(&tee("CN", "2025-04-15")).unwrap().duty,
        "1615.00".parse::<Decimal>().unwrap()
    );
    // Remove the baseline: a VN T-shirt on 2025-06-01 pays MFN only.
    let removed = s
        .scenario(us)
        .remove("cn-125")
        .remove("eu-floor")
        .remove("world-10")
        .build()
        .unwrap();
    assert_eq!(
        removed.quote(&tee("VN", "2025-06-01")).unwrap().duty,
        "165.00".parse::<Decimal>().unwrap()
    );
    // Removing a measure other ones point at drops those relations too: a VN
    // T-shirt on 2025-06-01 then pays MFN only, a CN one MFN + 20% (the CN 125%
    // ended on 05-14).
    let no_baseline = s.scenario(us).remove("world-10").build().unwrap();
    let d = |x: &str| x.parse::<Decimal>().unwrap();
    assert_eq!(
        no_baseline.quote(&tee("VN", "2025-06-01")).unwrap().duty,
        d("165.00")
    );
    assert_eq!(
        no_baseline.quote(&tee("CN", "2025-06-01")).unwrap().duty,
        d("365.00")
    );
    // Unknown ids are typed errors.
    assert!(s.scenario(us).set_rate("nope", "5%").is_err());
    assert!(s.scenario(us).remove("nope").build().is_err());
    // Panels of two schedules diff like panels of two dates.
    let d: Date = "2025-04-15".parse().unwrap();
    let changes = s
        .rate_panel(us, d)
        .unwrap()
        .diff(&moved.rate_panel(us, d).unwrap());
    assert!(changes.iter().all(|c| c.origin.as_str() == "CN"));
    assert!(!changes.is_empty());
}

/// The changes between two panels, found cell by cell through the public
/// accessors only: what `Panel::diff` must return, in the same order.
fn naive_diff(before: &tariffs::Panel, after: &tariffs::Panel) -> Vec<tariffs::RateChange> {
    let mut out = Vec::new();
    let mut names: Vec<std::sync::Arc<str>> = before.authorities.clone();
    names.extend(
        after
            .authorities
            .iter()
            .filter(|n| !before.authorities.contains(n))
            .cloned(),
    );
    for (ci, code) in before.codes.iter().enumerate() {
        let Some(cj) = after.codes.iter().position(|c| c == code) else {
            continue;
        };
        for (oi, origin) in before.origins.iter().enumerate() {
            let Some(oj) = after.origins.iter().position(|o| o == origin) else {
                continue;
            };
            let mut push = |authority: &str, b: Decimal, a: Decimal| {
                if b != a {
                    out.push(tariffs::RateChange {
                        code: *code,
                        origin: *origin,
                        authority: authority.into(),
                        before: b,
                        after: a,
                    });
                }
            };
            push("total", before.total(ci, oi), after.total(cj, oj));
            for n in &names {
                push(
                    n,
                    before.rate(ci, oi, n).unwrap_or_default(),
                    after.rate(cj, oj, n).unwrap_or_default(),
                );
            }
        }
    }
    out
}

/// `diff`, `diff_each` and `write_diff_csv` of two panels agree with the
/// naive comparison and with each other.
fn check_diff(before: &tariffs::Panel, after: &tariffs::Panel) -> usize {
    let changes = before.diff(after);
    assert_eq!(
        changes,
        naive_diff(before, after),
        "{} -> {}",
        before.date,
        after.date
    );
    let mut streamed = Vec::new();
    before.diff_each(after, |c| streamed.push(c.to_change()));
    assert_eq!(streamed, changes);
    let mut csv = Vec::new();
    let rows = before.write_diff_csv(after, &mut csv).unwrap();
    assert_eq!(rows, changes.len());
    let expected: String = changes
        .iter()
        .map(|c| {
            format!(
                "{},{},{},{},{},{}\n",
                after.date,
                c.code,
                c.origin,
                c.authority,
                c.before.normalize(),
                c.after.normalize()
            )
        })
        .collect();
    assert_eq!(String::from_utf8(csv).unwrap(), expected);
    changes.len()
}

#[test]
fn diff_equals_a_cell_by_cell_comparison() {
    let s = fixture();
    let us: Country = "US".parse().unwrap();
    assert_eq!(
        tariffs::panel::DIFF_CSV_HEADER,
        "date,hts,origin,authority,before,after"
    );
    let dates = s.change_dates(us);
    assert!(dates.len() > 3);
    let panels: Vec<_> = dates
        .iter()
        .map(|d| s.rate_panel(us, *d).unwrap())
        .collect();
    // Every pair of dates, either way round (consecutive ones included).
    let mut changed = 0;
    for (i, before) in panels.iter().enumerate() {
        assert_eq!(check_diff(before, before), 0);
        for after in &panels[i + 1..] {
            changed += usize::from(check_diff(before, after) > 0);
            check_diff(after, before);
        }
    }
    assert!(
        changed > panels.len(),
        "the fixture's rates change over time"
    );
}

#[test]
fn diff_lines_up_origins_codes_and_authorities_that_differ() {
    let s = fixture();
    let us: Country = "US".parse().unwrap();
    let before = s.rate_panel(us, "2025-04-15".parse().unwrap()).unwrap();
    let after = s.rate_panel(us, "2025-08-10".parse().unwrap()).unwrap();
    // Origins in another order, some missing, on either side.
    let mut reordered = after.clone();
    reordered.origins.reverse();
    assert!(check_diff(&before, &reordered) > 0);
    assert!(check_diff(&reordered, &before) > 0);
    let some: Vec<Country> = ["CN", "VN", "DE", "MX", "BR", "IN", "JP"]
        .iter()
        .map(|o| o.parse().unwrap())
        .collect();
    let few = s
        .rate_panel_for(us, "2025-08-10".parse().unwrap(), &some)
        .unwrap();
    assert!(check_diff(&before, &few) > 0);
    assert!(check_diff(&few, &before) > 0);
    // Fewer codes after, and an authority only on one side of each.
    let mut fewer = after.clone();
    fewer.codes.truncate(fewer.codes.len() / 2);
    fewer.authorities[0] = "renamed".into();
    assert!(check_diff(&before, &fewer) > 0);
    assert!(check_diff(&fewer, &before) > 0);
    // Panels of two schedules on one date.
    let moved = cn_125_from_04_20(&s);
    let other = moved.rate_panel(us, before.date).unwrap();
    assert!(check_diff(&before, &other) > 0);
}

/// The fixture with the CN 125% measure moved to start on 2025-04-20 (from
/// 2025-04-10), until 2025-05-14.
fn cn_125_from_04_20(s: &Schedule) -> Schedule {
    s.scenario("US".parse().unwrap())
        .set_dates(
            "cn-125",
            "2025-04-20".parse().unwrap(),
            Some("2025-05-14".parse().unwrap()),
        )
        .unwrap()
        .build()
        .unwrap()
}
