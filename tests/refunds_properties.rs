//! Property tests: the refund report equals the engine's quotes row by row.
//!
//! For random entry lines (origins, codes, values, dates from 2025 to 2026,
//! modes, claims, liquidations, some bad rows):
//! - a row fails exactly when `Schedule::quote` fails, with the same error;
//! - the IEEPA principal is the sum of the quote's lines whose authority is
//!   an IEEPA one, per authority and in all; Section 122 likewise;
//! - the category is `none` exactly when there is no IEEPA principal;
//! - filing the quote's own lines (by heading or authority) gives no
//!   finding; filing them without one duty line gives exactly one
//!   `missing` finding of that line's amount;
//! - the totals add up to the rows, failed rows included.

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tariffs::refunds::{is_ieepa, Category, Filed, FindingKind, RefundLine, RefundOptions};
use tariffs::{Date, Decimal, EntryText, LineKind, Schedule};

fn schedule() -> &'static Schedule {
    static S: OnceLock<Schedule> = OnceLock::new();
    S.get_or_init(Schedule::builtin)
}

const ORIGINS: [&str; 9] = ["CN", "VN", "CA", "MX", "DE", "BR", "IN", "JP", "XX"];
const CODES: [&str; 8] = [
    "6109.10.00.12",
    "8467.21.00.30",
    "7208.51.00.30",
    "3004.20.00.10",
    "9403.60.80.81",
    "7616.99.51.90",
    "0201.30.50.00",
    "0000.00.00",
];
const MODES: [&str; 5] = ["ocean", "air", "truck", "postal", "express"];

#[derive(Debug, Clone)]
struct Row {
    origin: &'static str,
    code: &'static str,
    value: String,
    date: String,
    mode: &'static str,
    usmca: bool,
    liquidated_days_ago: Option<i32>,
}

fn row() -> impl Strategy<Value = Row> {
    (
        0..ORIGINS.len(),
        0..CODES.len(),
        1u32..2_000_000,
        0i32..640,
        0..MODES.len(),
        any::<bool>(),
        proptest::option::of(0i32..400),
    )
        .prop_map(|(o, c, cents, day, m, usmca, liq)| Row {
            origin: ORIGINS[o],
            code: CODES[c],
            value: format!("{}.{:02}", cents / 100, cents % 100),
            date: Date::from_ymd(2025, 1, 1)
                .unwrap()
                .add_days(day)
                .to_string(),
            mode: MODES[m],
            usmca,
            liquidated_days_ago: liq,
        })
}

fn entry(r: &Row) -> tariffs::Result<tariffs::Entry> {
    EntryText {
        origin: r.origin,
        hts: r.code,
        value: &r.value,
        date: &r.date,
        mode: Some(r.mode),
        claims: if r.usmca { vec!["USMCA"] } else { vec![] },
        ..Default::default()
    }
    .parse()
}

fn as_of() -> Date {
    Date::from_ymd(2026, 12, 1).unwrap()
}

fn refund_line(r: &Row, i: usize) -> RefundLine {
    RefundLine {
        entry_number: format!("E{i}"),
        line_number: "1".into(),
        importer_of_record: if i % 2 == 0 { "A".into() } else { "B".into() },
        liquidation_date: r.liquidated_days_ago.map(|n| as_of().add_days(-n)),
        // The date of a row that fails to parse, for its month in the totals.
        entry_date: Date::parse_field("date", &r.date).ok(),
        ..RefundLine::new(entry(r))
    }
}

/// A totals group: importer of record, category, month.
type GroupKey = (String, Option<Category>, String);

/// Interest by the definition, one day at a time (26 U.S.C. 6622: daily
/// compounding; corporate rate of the day's quarter ÷ 365 or 366), apart
/// from the library's per-period powers.
fn daily_interest(principal: Decimal, from: Date, to: Date) -> Decimal {
    let table = tariffs::refunds::InterestTable::builtin();
    let mut f = Decimal::ONE;
    let mut day = from;
    while day < to {
        let q = table
            .quarters()
            .iter()
            .find(|q| q.from <= day && day < q.until)
            .unwrap();
        let (y, _, _) = day.ymd();
        let n = if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
            366
        } else {
            365
        };
        f *= Decimal::ONE + q.corporate / Decimal::from(100 * n);
        day = day.add_days(1);
    }
    tariffs::round_money(principal * f - principal)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn refunds_equal_quotes_row_by_row(rows in proptest::collection::vec(row(), 1..24)) {
        let s = schedule();
        let lines: Vec<RefundLine> = rows.iter().enumerate().map(|(i, r)| refund_line(r, i)).collect();
        let report = s.refunds(lines, &RefundOptions::new(as_of())).unwrap();
        prop_assert_eq!(report.rows.len(), rows.len());
        let mut sums: BTreeMap<GroupKey, (u64, u64, Decimal)> = BTreeMap::new();
        for (i, (r, got)) in rows.iter().zip(&report.rows).enumerate() {
            let want = entry(r).and_then(|e| s.quote(&e));
            let month = r.date[..7].to_string();
            let key = (got.importer_of_record.clone(), got.category, month);
            let g = sums.entry(key).or_default();
            g.0 += 1;
            match (&want, &got.result) {
                (Err(w), Err(e)) => {
                    prop_assert_eq!(w, e, "row {}", i);
                    g.1 += 1;
                }
                (Ok(q), Ok(x)) => {
                    let mut per: Vec<(String, Decimal)> = Vec::new();
                    let mut s122 = Decimal::ZERO;
                    for l in &q.lines {
                        if is_ieepa(&l.authority) && !l.amount.is_zero() {
                            match per.iter_mut().find(|(a, _)| a == l.authority.as_ref()) {
                                Some((_, v)) => *v += l.amount,
                                None => per.push((l.authority.to_string(), l.amount)),
                            }
                        }
                        if l.authority.as_ref() == "section_122" {
                            s122 += l.amount;
                        }
                    }
                    let got_per: Vec<(String, Decimal)> = x.ieepa.iter().map(|(a, v)| (a.to_string(), *v)).collect();
                    prop_assert_eq!(&got_per, &per, "row {}", i);
                    let total: Decimal = per.iter().map(|(_, v)| *v).sum();
                    prop_assert_eq!(x.ieepa_principal, total);
                    prop_assert_eq!(x.section_122_principal, s122);
                    // The quote, less its excluded list (dropped to save memory).
                    prop_assert_eq!(&x.quote.lines, &q.lines);
                    prop_assert_eq!((x.quote.duty, x.quote.fees, x.quote.total), (q.duty, q.fees, q.total));
                    prop_assert!(x.quote.excluded.is_empty());
                    prop_assert_eq!(got.category == Some(Category::None), total.is_zero());
                    prop_assert!(x.ieepa_interest >= Decimal::ZERO);
                    prop_assert_eq!(x.ieepa_interest, daily_interest(total, q.entry_date, as_of()));
                    g.2 += total;
                }
                (w, e) => prop_assert!(false, "row {}: quote {:?} but refund {:?}", i, w.is_ok(), e.is_ok()),
            }
        }
        let totals = report.totals().unwrap();
        prop_assert_eq!(totals.len(), sums.len());
        for t in &totals {
            let g = sums[&(t.importer_of_record.clone(), t.category, t.month.clone())];
            prop_assert_eq!((t.lines, t.failed_lines, t.ieepa_principal), g);
        }
    }

    #[test]
    fn filing_the_computed_lines_audits_clean(rows in proptest::collection::vec(row(), 1..12), by_heading in any::<bool>(), drop in any::<prop::sample::Index>()) {
        let s = schedule();
        for (i, r) in rows.iter().enumerate() {
            let Ok(q) = entry(r).and_then(|e| s.quote(&e)) else { continue };
            let duty: Vec<&tariffs::Line> = q.lines.iter().filter(|l| matches!(l.kind, LineKind::Base | LineKind::Additional)).collect();
            let key = |l: &tariffs::Line| match (&l.heading, by_heading) {
                (Some(h), true) => h.to_string(),
                _ => l.authority.to_string(),
            };
            let filed: Vec<Filed> = duty.iter().map(|l| Filed::new(&key(l), l.amount).unwrap()).collect();
            let mut line = refund_line(r, i);
            line.filed = Some(filed.clone());
            let rep = s.refunds(vec![line], &RefundOptions::new(as_of())).unwrap();
            let f = rep.rows[0].result.as_ref().unwrap().findings.clone().unwrap();
            prop_assert!(f.is_empty(), "row {}: {:?}", i, f);
            // Without one line whose amount is over the tolerance (and whose
            // key no other line shares): one missing finding of its amount.
            let candidates: Vec<usize> = (0..duty.len())
                .filter(|&k| duty[k].amount > Decimal::ONE && duty.iter().filter(|l| key(l) == key(duty[k])).count() == 1)
                .collect();
            if candidates.is_empty() { continue; }
            let k = candidates[drop.index(candidates.len())];
            let mut line = refund_line(r, i);
            line.filed = Some(filed.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, f)| f.clone()).collect());
            let rep = s.refunds(vec![line], &RefundOptions::new(as_of())).unwrap();
            let f = rep.rows[0].result.as_ref().unwrap().findings.clone().unwrap();
            prop_assert_eq!(f.len(), 1, "row {}: {:?}", i, f);
            prop_assert_eq!(f[0].kind, FindingKind::Missing);
            prop_assert_eq!(f[0].computed, duty[k].amount);
        }
    }
}
