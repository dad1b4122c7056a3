//! Arrow batch throughput (`Schedule::quote_record_batch`), printed as figures.
//!
//! `cargo bench --features arrow --bench arrow` (add `-- --smoke` for a quick
//! run). The rows are the synthetic parcels of `benches/common` (10M), as an
//! Arrow record batch the way a Parquet file or a pandas frame with Arrow
//! dtypes holds them: `hts`, `origin` and `mode` dictionary-encoded,
//! `value` decimal128(18, 2), `date` date32, `qty_no` and `qty_kg`
//! decimal128. Each figure is the best of three runs, on 1 thread and on
//! every core, and also with `hts` and `origin` as plain utf8.

mod common;

use std::sync::Arc;
use std::time::Instant;
use tariffs::arrow::arrow_array::types::Int32Type;
use tariffs::arrow::arrow_array::{
    ArrayRef, Date32Array, Decimal128Array, DictionaryArray, RecordBatch, StringArray,
};
use tariffs::{Entry, Schedule};

fn decimals(v: impl Iterator<Item = Option<i128>>, scale: i8) -> ArrayRef {
    Arc::new(
        Decimal128Array::from_iter(v)
            .with_precision_and_scale(18, scale)
            .unwrap(),
    )
}

fn batch(entries: &[Entry], dictionary: bool) -> RecordBatch {
    let text = |f: &dyn Fn(&Entry) -> String| -> ArrayRef {
        let v: Vec<String> = entries.iter().map(f).collect();
        if dictionary {
            Arc::new(
                v.iter()
                    .map(String::as_str)
                    .collect::<DictionaryArray<Int32Type>>(),
            )
        } else {
            Arc::new(StringArray::from(v))
        }
    };
    let qty = |u: tariffs::Unit| {
        decimals(
            entries.iter().map(|e| {
                e.quantities
                    .iter()
                    .find(|q| q.unit == u)
                    .map(|q| q.amount.mantissa() * 10i128.pow(3 - q.amount.scale()))
            }),
            3,
        )
    };
    RecordBatch::try_from_iter([
        ("hts", text(&|e| e.code.to_string())),
        ("origin", text(&|e| e.origin.to_string())),
        (
            "value",
            decimals(
                entries
                    .iter()
                    .map(|e| Some(e.value.mantissa() * 10i128.pow(2 - e.value.scale()))),
                2,
            ),
        ),
        (
            "date",
            Arc::new(Date32Array::from_iter_values(
                entries.iter().map(|e| e.entry_date.days_since_epoch()),
            )) as ArrayRef,
        ),
        ("mode", text(&|e| e.mode.as_str().to_string())),
        ("qty_no", qty(tariffs::Unit::Number)),
        ("qty_kg", qty(tariffs::Unit::Kg)),
    ])
    .unwrap()
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let schedule = Schedule::builtin();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let args: Vec<String> = std::env::args().collect();
    let rows = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1)?.parse().ok());
    let n = rows.unwrap_or(if smoke { 20_000 } else { 10_000_000 });
    let entries = common::entries(n);
    println!("builtin schedule; {n} synthetic parcels; machine: {cores} cores");
    for dictionary in [true, false] {
        let b = batch(&entries, dictionary);
        let what = if dictionary {
            "dictionary hts/origin"
        } else {
            "utf8 hts/origin"
        };
        for threads in [1, cores] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let (mut best, mut best_finish) = (f64::MAX, 0.0);
            let mut failed = 0;
            for _ in 0..3 {
                let t = Instant::now();
                let (out, finish) = pool.install(|| {
                    let mut q = schedule.arrow_quoter(Default::default());
                    q.push(&b).unwrap();
                    let f = Instant::now();
                    (q.finish().unwrap(), f.elapsed().as_secs_f64())
                });
                let secs = t.elapsed().as_secs_f64();
                if secs < best {
                    (best, best_finish) = (secs, finish);
                }
                failed = n - out.column_by_name("error").unwrap().null_count();
            }
            println!(
                "  quote_record_batch, {what}, {threads} thread(s): {:.3} s = {:.2}M entries/s ({:.2}M per core), {failed} row errors; of which building the result {:.3} s",
                best,
                n as f64 / best / 1e6,
                n as f64 / best / 1e6 / threads as f64,
                best_finish,
            );
        }
    }
}
