//! `tariffs batch IN -o OUT`: quote every row of a file of entries into a
//! file of duties.
//!
//! The formats follow the extensions: `.csv`, `.parquet` (`.pq`), `.arrow`
//! / `.ipc` / `.feather` (Arrow IPC file) and `.arrows` (Arrow IPC stream),
//! in and out in any combination (`--from`/`--to` name a format
//! explicitly). The input is read in chunks of `--chunk` rows, each chunk
//! quoted by the core on every core ([`tariffs::Schedule::arrow_quoter`])
//! and written before the next is read: reading, quoting and writing run on
//! three threads with at most two chunks waiting between them, so memory is
//! bounded whatever the size of the file.
//!
//! Each output row is the input row (every column, under its own name)
//! followed by the result columns of [`tariffs::arrow`]: `duty`, `fees`,
//! `total`, `effective_rate`, one column per authority of the schedule,
//! `error`, `error_kind`, `warning`. A row that cannot be quoted keeps its
//! place, with null amounts and its error in `error`: no row is dropped.
//!
//! CSV cells are read as text (the core parses values and dates exactly;
//! an empty cell is "not given"). Columns named otherwise than the core's
//! (`hts`, `origin`, `value`, `date`, `mode`, `qty_kg`...) are mapped with
//! `--column hts=HTS_NUMBER`.

use crate::progress::{thousands, Progress};
use crate::{parse_importer, peak_rss_mb, CliError, ScheduleArgs};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use tariffs::arrow::arrow_array::{Array, ArrayRef, RecordBatch};
use tariffs::arrow::arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use tariffs::arrow::{is_entry_column, ArrowOptions, ArrowQuoter, Layout};
use tariffs::Decimal;

/// Rows read, quoted and written at a time: `batch --chunk`'s default, and
/// the chunks `refunds` reads and writes.
pub(crate) const CHUNK: usize = 131_072;

/// Flags of `tariffs batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// The file of entries: .csv, .parquet, .arrow/.ipc/.feather (Arrow IPC
    /// file) or .arrows (Arrow IPC stream).
    #[arg(value_name = "IN")]
    pub input: String,
    /// The file to write, format by extension as IN.
    #[arg(short, long, value_name = "OUT")]
    pub out: String,
    /// The format of IN when its extension does not say (csv, parquet, arrow, arrows).
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<String>,
    /// The format of OUT when its extension does not say.
    #[arg(long, value_name = "FORMAT")]
    pub to: Option<String>,
    /// Read the entry field FIELD from the column NAME (e.g. hts=HTS_NUMBER,
    /// value=customs_value, qty_kg=NET_KG); repeatable.
    #[arg(long = "column", value_name = "FIELD=NAME")]
    pub columns: Vec<String>,
    /// The importer of rows without an `importer` column or cell (default US).
    #[arg(long, value_name = "CC")]
    pub importer: Option<String>,
    /// Rows per chunk (read, quoted and written at a time).
    #[arg(long, value_name = "ROWS", default_value_t = CHUNK)]
    pub chunk: usize,
    /// The CSV field delimiter (in and out).
    #[arg(long, value_name = "CHAR", default_value_t = ',')]
    pub delimiter: char,
    /// Read float columns of values and quantities (value, exchange_rate,
    /// qty_*) as the shortest decimal that gives back the float (54.1 is
    /// 54.1). Without it a float column is refused: a float cannot hold
    /// every amount exactly.
    #[arg(long)]
    pub allow_float: bool,
    /// Write only the result columns, not the input's.
    #[arg(long)]
    pub results_only: bool,
    /// No progress line on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Parquet,
    Ipc,
    IpcStream,
}

const FORMATS: &str = "csv, parquet (.parquet, .pq), arrow (Arrow IPC file: .arrow, .ipc, .feather) or arrows (Arrow IPC stream: .arrows)";

/// The format of `path`: `named` (the value of the format flag `flag`)
/// or its extension. `flag` is `None` for a file that has no format flag.
pub(crate) fn format_of(
    path: &str,
    named: &Option<String>,
    flag: Option<&str>,
) -> Result<Format, CliError> {
    let name = match named {
        Some(n) => n.to_ascii_lowercase(),
        None => std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase(),
    };
    Ok(match name.as_str() {
        "csv" => Format::Csv,
        "parquet" | "pq" => Format::Parquet,
        "arrow" | "ipc" | "feather" => Format::Ipc,
        "arrows" => Format::IpcStream,
        _ => {
            let name_it = format!("cannot tell the format of {path:?} from its extension; name the file .csv, .parquet, .arrow or .arrows");
            return Err(CliError::usage(match (named, flag) {
                (Some(n), Some(flag)) => {
                    format!("flag {flag}: unknown format {n:?}; give {FORMATS}")
                }
                (Some(n), None) => format!("unknown format {n:?}; give {FORMATS}"),
                (None, Some(flag)) => format!("{name_it}, or give {flag} ({FORMATS})"),
                (None, None) => name_it,
            }));
        }
    })
}

pub(crate) type Batches = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>> + Send>;

/// An open input: its schema, its batches, and how far through it they are.
pub(crate) struct Input {
    pub schema: SchemaRef,
    pub batches: Batches,
    /// Share of the input read so far, when it can be known.
    pub done: Box<dyn Fn(u64) -> Option<f64> + Send>,
}

/// Counts the bytes read through it (the progress of a CSV file).
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn delimiter(c: char) -> Result<u8, CliError> {
    u8::try_from(c)
        .ok()
        .filter(|b| b.is_ascii() && *b != b'"' && *b != b'\n' && *b != b'\r')
        .ok_or_else(|| {
            CliError::usage(format!(
                "flag --delimiter: {c:?} is not a one-byte ASCII character other than a quote or a line break"
            ))
        })
}

/// Opens `path` (format by extension or `from`, the value of `--from`;
/// `from` is `None` for a file `--from` does not apply to), to be read
/// `chunk` rows at a time.
pub(crate) fn open(
    path: &str,
    from: Option<&Option<String>>,
    delimiter_char: char,
    chunk: usize,
) -> Result<Input, CliError> {
    let fmt = format_of(path, from.unwrap_or(&None), from.map(|_| "--from"))?;
    let cannot = |e: &dyn std::fmt::Display| CliError::failed(format!("cannot read {path}: {e}"));
    let file = File::open(path).map_err(|e| cannot(&e))?;
    match fmt {
        Format::Csv => {
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            let d = delimiter(delimiter_char)?;
            let mut file = file;
            // Every column as text: the header names them; the core parses
            // the cells exactly (a number-looking code stays text).
            let (inferred, _) = arrow_csv::reader::Format::default()
                .with_header(true)
                .with_delimiter(d)
                .infer_schema(&mut file, Some(1))
                .map_err(|e| cannot(&e))?;
            file.rewind().map_err(|e| cannot(&e))?;
            let fields: Vec<Field> = inferred
                .fields()
                .iter()
                .map(|f| Field::new(f.name(), DataType::Utf8, true))
                .collect();
            if fields.is_empty() {
                return Err(CliError::failed(format!(
                    "{path} has no header line: the first line must name the columns (hts,origin,value,date,...)"
                )));
            }
            let schema = Arc::new(Schema::new(fields));
            let count = Arc::new(AtomicU64::new(0));
            let reader = Counting {
                inner: BufReader::with_capacity(1 << 20, file),
                count: count.clone(),
            };
            let batches = arrow_csv::ReaderBuilder::new(schema.clone())
                .with_header(true)
                .with_delimiter(d)
                .with_batch_size(chunk)
                .build(reader)
                .map_err(|e| cannot(&e))?;
            Ok(Input {
                schema,
                batches: Box::new(batches),
                done: Box::new(move |_| {
                    (size > 0).then(|| count.load(Ordering::Relaxed) as f64 / size as f64)
                }),
            })
        }
        Format::Parquet => {
            let builder =
                parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
                    .map_err(|e| cannot(&e))?;
            let total = builder.metadata().file_metadata().num_rows().max(0) as u64;
            let schema = builder.schema().clone();
            let reader = builder
                .with_batch_size(chunk)
                .build()
                .map_err(|e| cannot(&e))?;
            Ok(Input {
                schema,
                batches: Box::new(reader),
                done: Box::new(move |rows| (total > 0).then(|| rows as f64 / total as f64)),
            })
        }
        Format::Ipc | Format::IpcStream => {
            let mut magic = [0u8; 6];
            let mut file = file;
            let is_file = file.read_exact(&mut magic).is_ok() && &magic == b"ARROW1";
            file.rewind().map_err(|e| cannot(&e))?;
            if is_file {
                let reader = arrow_ipc::reader::FileReader::try_new(BufReader::new(file), None)
                    .map_err(|e| cannot(&e))?;
                let schema = reader.schema();
                let n = reader.num_batches();
                let seen = Arc::new(AtomicU64::new(0));
                let counter = seen.clone();
                let batches = reader.inspect(move |_| {
                    counter.fetch_add(1, Ordering::Relaxed);
                });
                Ok(Input {
                    schema,
                    batches: Box::new(batches),
                    done: Box::new(move |_| {
                        (n > 0).then(|| seen.load(Ordering::Relaxed) as f64 / n as f64)
                    }),
                })
            } else {
                let reader = arrow_ipc::reader::StreamReader::try_new(BufReader::new(file), None)
                    .map_err(|e| cannot(&e))?;
                let schema = reader.schema();
                Ok(Input {
                    schema,
                    batches: Box::new(reader),
                    done: Box::new(|_| None),
                })
            }
        }
    }
}

/// The renaming of `--column FIELD=NAME`: input column NAME is read as FIELD.
fn mapping(a: &BatchArgs, schema: &Schema) -> Result<Vec<(String, String)>, CliError> {
    mapping_of(&a.columns, &a.input, schema, is_entry_column, "")
}

/// The renaming of `--column FIELD=NAME` flags `columns` over the input
/// `input` of schema `schema`; `is_field` tells the fields that can be
/// mapped, `more` names those besides the entry fields (for the message).
pub(crate) fn mapping_of(
    columns: &[String],
    input: &str,
    schema: &Schema,
    is_field: fn(&str) -> bool,
    more: &str,
) -> Result<Vec<(String, String)>, CliError> {
    let mut map: Vec<(String, String)> = Vec::new();
    for spec in columns {
        let (field, name) = spec.split_once('=').ok_or_else(|| {
            CliError::usage(format!(
                "flag --column: {spec:?} is not FIELD=NAME (e.g. hts=HTS_NUMBER)"
            ))
        })?;
        if !is_field(field) {
            return Err(CliError::usage(format!(
                "flag --column: {field:?} is not an entry field; give one of {}, or qty_<unit>{more}",
                tariffs::arrow::ENTRY_COLUMNS.join(", ")
            )));
        }
        if schema.field_with_name(name).is_err() {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return Err(CliError::usage(format!(
                "flag --column {spec}: {input} has no column {name:?}; its columns are {}",
                names.join(", ")
            )));
        }
        if map.iter().any(|(f, _)| f == field) {
            return Err(CliError::usage(format!(
                "flag --column: field {field} is mapped twice"
            )));
        }
        if name != field
            && schema.field_with_name(field).is_ok()
            && !map.iter().any(|(_, n)| n == field)
        {
            return Err(CliError::usage(format!(
                "flag --column {spec}: {input} also has a column named {field}; map that one to another field or rename it in the file"
            )));
        }
        map.push((field.to_string(), name.to_string()));
    }
    Ok(map)
}

/// The batch the core reads: mapped columns renamed, floats turned to
/// text with `--allow-float`, columns of no entry field left out.
fn entry_batch(
    batch: &RecordBatch,
    map: &[(String, String)],
    allow_float: bool,
) -> Result<RecordBatch, CliError> {
    core_batch(batch, map, allow_float, is_entry_column)
}

/// Whether a column holds amounts (read as text from floats with
/// `--allow-float`): values, exchange rates, quantities, filed amounts.
fn is_amount_column(name: &str) -> bool {
    name == "value"
        || name == "exchange_rate"
        || name == "amount"
        || name.starts_with("qty_")
        || name.starts_with("filed_")
}

/// The batch the core reads: mapped columns renamed, floats of amount
/// columns turned to text with `allow_float`, columns that `keep` does
/// not name left out.
pub(crate) fn core_batch(
    batch: &RecordBatch,
    map: &[(String, String)],
    allow_float: bool,
    keep: fn(&str) -> bool,
) -> Result<RecordBatch, CliError> {
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for (f, col) in batch.schema().fields().iter().zip(batch.columns()) {
        let name = match map.iter().find(|(_, n)| n == f.name()) {
            Some((field, _)) => field.clone(),
            None if map.iter().any(|(field, _)| field == f.name()) => continue,
            None => f.name().clone(),
        };
        if !keep(&name) {
            continue;
        }
        let numeric = is_amount_column(&name);
        let col = if allow_float
            && numeric
            && matches!(
                col.data_type(),
                DataType::Float16 | DataType::Float32 | DataType::Float64
            ) {
            arrow_cast::cast(col, &DataType::Utf8)
                .map_err(|e| CliError::failed(format!("column {name}: {e}")))?
        } else {
            col.clone()
        };
        fields.push(Field::new(name, col.data_type().clone(), true));
        columns.push(col);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| CliError::failed(format!("reading the entries: {e}")))
}

pub(crate) enum Writer {
    Csv(Box<arrow_csv::Writer<BufWriter<File>>>),
    Parquet(parquet::arrow::ArrowWriter<File>),
    Ipc(arrow_ipc::writer::FileWriter<BufWriter<File>>),
    IpcStream(arrow_ipc::writer::StreamWriter<BufWriter<File>>),
}

impl Writer {
    /// A writer of `path`; `delimiter` is CSV's, `rows` the rows of a
    /// Parquet row group.
    pub(crate) fn create(
        path: &str,
        fmt: Format,
        schema: &SchemaRef,
        delimiter_char: char,
        rows: usize,
    ) -> Result<Writer, String> {
        let file = File::create(path).map_err(|e| format!("cannot create {path}: {e}"))?;
        let e = |e: &dyn std::fmt::Display| format!("writing {path}: {e}");
        Ok(match fmt {
            Format::Csv => Writer::Csv(Box::new(
                arrow_csv::WriterBuilder::new()
                    .with_header(true)
                    .with_delimiter(delimiter(delimiter_char).map_err(|x| x.message)?)
                    .build(BufWriter::with_capacity(1 << 20, file)),
            )),
            Format::Parquet => {
                let props = parquet::file::properties::WriterProperties::builder()
                    .set_compression(parquet::basic::Compression::SNAPPY)
                    .set_max_row_group_size(rows.max(1024))
                    .build();
                Writer::Parquet(
                    parquet::arrow::ArrowWriter::try_new(file, schema.clone(), Some(props))
                        .map_err(|x| e(&x))?,
                )
            }
            Format::Ipc => Writer::Ipc(
                arrow_ipc::writer::FileWriter::try_new(BufWriter::new(file), schema)
                    .map_err(|x| e(&x))?,
            ),
            Format::IpcStream => Writer::IpcStream(
                arrow_ipc::writer::StreamWriter::try_new(BufWriter::new(file), schema)
                    .map_err(|x| e(&x))?,
            ),
        })
    }

    pub(crate) fn write(&mut self, b: &RecordBatch) -> Result<(), String> {
        match self {
            Writer::Csv(w) => w.write(b).map_err(|e| e.to_string()),
            Writer::Parquet(w) => w.write(b).map_err(|e| e.to_string()),
            Writer::Ipc(w) => w.write(b).map_err(|e| e.to_string()),
            Writer::IpcStream(w) => w.write(b).map_err(|e| e.to_string()),
        }
    }

    pub(crate) fn finish(self) -> Result<(), String> {
        match self {
            Writer::Csv(w) => w.into_inner().flush().map_err(|e| e.to_string()),
            Writer::Parquet(w) => w.close().map(|_| ()).map_err(|e| e.to_string()),
            Writer::Ipc(mut w) => {
                w.finish().map_err(|e| e.to_string())?;
                w.into_inner()
                    .map_err(|e| e.to_string())?
                    .flush()
                    .map_err(|e| e.to_string())
            }
            Writer::IpcStream(mut w) => {
                w.finish().map_err(|e| e.to_string())?;
                w.into_inner()
                    .map_err(|e| e.to_string())?
                    .flush()
                    .map_err(|e| e.to_string())
            }
        }
    }
}

/// An Arrow IPC file holds one dictionary per column for all its batches:
/// dictionary columns of the input (whose values change from chunk to
/// chunk) are written as their values.
pub(crate) fn undictionary(b: RecordBatch) -> Result<RecordBatch, ArrowError> {
    if !b
        .schema()
        .fields()
        .iter()
        .any(|f| matches!(f.data_type(), DataType::Dictionary(..)))
    {
        return Ok(b);
    }
    let mut fields = Vec::new();
    let mut cols = Vec::new();
    for (f, c) in b.schema().fields().iter().zip(b.columns()) {
        match f.data_type() {
            DataType::Dictionary(_, v) => {
                cols.push(arrow_cast::cast(c, v)?);
                fields.push(Field::new(f.name(), (**v).clone(), true));
            }
            _ => {
                cols.push(c.clone());
                fields.push(f.as_ref().clone());
            }
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)
}

/// A result batch as `format` stores it: for Parquet, the decimal128(38, s)
/// amounts as decimal(18, s).
///
/// Parquet stores a decimal of up to 18 digits as an INT64, one of 38 as
/// 16 bytes made value by value (5x slower to write): amounts go as
/// decimal(18, s), up to 10^16 - 1 dollars. A larger amount fails the run,
/// never silently.
pub(crate) fn for_parquet(b: RecordBatch, format: Format) -> Result<RecordBatch, CliError> {
    let narrowed = |t: &DataType| match t {
        DataType::Decimal128(38, scale) => Some(DataType::Decimal128(18, *scale)),
        _ => None,
    };
    if format != Format::Parquet
        || !b
            .schema()
            .fields()
            .iter()
            .any(|f| narrowed(f.data_type()).is_some())
    {
        return Ok(b);
    }
    let mut fields: Vec<Arc<Field>> = Vec::new();
    let mut cols: Vec<ArrayRef> = Vec::new();
    for (f, c) in b.schema().fields().iter().zip(b.columns()) {
        match narrowed(f.data_type()) {
            Some(narrow) => {
                let options = arrow_cast::CastOptions {
                    safe: false,
                    ..Default::default()
                };
                let c = arrow_cast::cast_with_options(c, &narrow, &options).map_err(|e| {
                    CliError::failed(format!(
                        "column {}: {e}: an amount past 18 digits; write .arrow or .csv instead of Parquet",
                        f.name()
                    ))
                })?;
                fields.push(Arc::new(Field::new(f.name(), narrow, true)));
                cols.push(c);
            }
            None => {
                fields.push(f.clone());
                cols.push(c.clone());
            }
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)
        .map_err(|e| CliError::failed(format!("building the result: {e}")))
}

/// Sums of a decimal128(38, 2) result column.
fn sum(b: &RecordBatch, name: &str) -> i128 {
    use tariffs::arrow::arrow_array::cast::AsArray;
    use tariffs::arrow::arrow_array::types::Decimal128Type;
    b.column_by_name(name)
        .map(|c| c.as_primitive::<Decimal128Type>().iter().flatten().sum())
        .unwrap_or(0)
}

pub(crate) fn money(cents: i128) -> String {
    Decimal::try_from_i128_with_scale(cents, 2)
        .map(|d| d.to_string())
        .unwrap_or_else(|_| format!("{cents} cents"))
}

/// What was written, for the summary line.
#[derive(Default)]
struct Totals {
    rows: u64,
    failed: u64,
    warned: u64,
    duty: i128,
    fees: i128,
}

impl Totals {
    fn add(&mut self, out: &RecordBatch) {
        let given = |name: &str| {
            out.column_by_name(name)
                .map_or(0, |c| (c.len() - c.null_count()) as u64)
        };
        self.rows += out.num_rows() as u64;
        self.failed += given("error");
        self.warned += given("warning");
        self.duty += sum(out, "duty");
        self.fees += sum(out, "fees");
    }
}

/// What every chunk needs to be quoted and laid out.
struct Quoting<'a, 's> {
    args: &'a BatchArgs,
    /// One quoter for the whole file: its caches stay warm from chunk to chunk.
    quoter: ArrowQuoter<'s>,
    map: Vec<(String, String)>,
    format: Format,
}

impl Quoting<'_, '_> {
    /// The result of one chunk: its input columns (those not named as a
    /// result column, which go to `replaced`), then the result's.
    fn chunk(
        &mut self,
        b: &RecordBatch,
        replaced: &mut Vec<String>,
    ) -> Result<RecordBatch, CliError> {
        let a = self.args;
        let entries = entry_batch(b, &self.map, a.allow_float)?;
        let q = &mut self.quoter;
        q.push(&entries).map_err(|e| {
            let hint = float_hint(&e.to_string(), a.allow_float);
            CliError::failed(format!("{}: {e}{hint}", a.input))
        })?;
        let res = q
            .flush()
            .map_err(|e| CliError::failed(format!("quoting: {e}")))?;
        let mut fields: Vec<Arc<Field>> = Vec::new();
        let mut cols: Vec<ArrayRef> = Vec::new();
        if !a.results_only {
            for (f, c) in b.schema().fields().iter().zip(b.columns()) {
                if res.schema().field_with_name(f.name()).is_ok() {
                    if !replaced.contains(f.name()) {
                        replaced.push(f.name().clone());
                    }
                    continue;
                }
                fields.push(f.clone());
                cols.push(c.clone());
            }
        }
        let built = |e: ArrowError| CliError::failed(format!("building the result: {e}"));
        let res = for_parquet(res, self.format)?;
        for (f, c) in res.schema().fields().iter().zip(res.columns()) {
            fields.push(f.clone());
            cols.push(c.clone());
        }
        let out = RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).map_err(built)?;
        if self.format == Format::Ipc {
            undictionary(out).map_err(built)
        } else {
            Ok(out)
        }
    }
}

type WriterThread = std::thread::JoinHandle<Result<(), String>>;

/// A thread writing the batches it receives to `path`, then closing it.
fn spawn_writer(
    path: String,
    format: Format,
    schema: SchemaRef,
    a: &BatchArgs,
    rx: std::sync::mpsc::Receiver<RecordBatch>,
) -> WriterThread {
    let w = Writer::create(&path, format, &schema, a.delimiter, a.chunk);
    std::thread::spawn(move || {
        let mut w = w?;
        for b in rx.iter() {
            w.write(&b)?;
        }
        w.finish()
    })
}

pub fn run(a: &BatchArgs) -> Result<(), CliError> {
    if a.chunk == 0 {
        return Err(CliError::usage(
            "flag --chunk: 0; give a number of rows of at least 1",
        ));
    }
    let format = format_of(&a.out, &a.to, Some("--to"))?;
    if same_file(&a.input, &a.out) {
        return Err(CliError::usage(format!(
            "flag --out: {} is the input file; write to another file",
            a.out
        )));
    }
    let importer = a.importer.as_deref().map(parse_importer).transpose()?;
    let input = open(&a.input, Some(&a.from), a.delimiter, a.chunk)?;
    let map = mapping(a, &input.schema)?;
    let schedule = a.schedule.load()?;
    let mut quoting = Quoting {
        args: a,
        map,
        quoter: schedule.arrow_quoter(ArrowOptions {
            importer,
            layout: Layout::AllAuthorities,
        }),
        format,
    };
    let mut progress = Progress::new(!a.quiet);
    // Written under a temporary name, renamed to OUT when all went well:
    // a failed run leaves no half-written OUT.
    let tmp = format!("{}.partial", a.out);
    let mut totals = Totals::default();
    let mut result = pipeline(&mut quoting, input, &tmp, &mut totals, &mut progress);
    progress.finish();
    if result.is_ok() {
        if let Err(e) = std::fs::rename(&tmp, &a.out) {
            result = Err(CliError::failed(format!(
                "cannot move {tmp} to {}: {e}",
                a.out
            )));
        }
    }
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result?;
    let secs = progress.elapsed();
    if !a.quiet {
        eprintln!(
            "{} rows quoted into {} in {:.1} s ({} rows/s), peak memory {:.0} MB: duty {}, fees {}; {} rows failed (their error is in the error column), {} with a warning",
            thousands(totals.rows),
            a.out,
            secs,
            thousands(if secs > 0.0 { (totals.rows as f64 / secs) as u64 } else { totals.rows }),
            peak_rss_mb().unwrap_or(f64::NAN),
            money(totals.duty),
            money(totals.fees),
            thousands(totals.failed),
            thousands(totals.warned)
        );
    }
    Ok(())
}

/// Reader thread -> this thread quotes -> writer thread, with at most two
/// chunks waiting on each side; writes `tmp`.
fn pipeline(
    q: &mut Quoting<'_, '_>,
    input: Input,
    tmp: &str,
    totals: &mut Totals,
    progress: &mut Progress,
) -> Result<(), CliError> {
    let a = q.args;
    let Input {
        schema: in_schema,
        batches,
        done,
    } = input;
    let (read_tx, read_rx) = sync_channel::<Result<RecordBatch, ArrowError>>(2);
    let reader = std::thread::spawn(move || {
        for b in batches {
            let stop = b.is_err();
            if read_tx.send(b).is_err() || stop {
                break;
            }
        }
    });
    let mut writer: Option<(std::sync::mpsc::SyncSender<RecordBatch>, WriterThread)> = None;
    let mut replaced: Vec<String> = Vec::new();
    let mut result: Result<(), CliError> = Ok(());
    for b in read_rx.iter() {
        let out = b
            .map_err(|e| {
                CliError::failed(format!(
                    "reading {} (after row {}): {e}",
                    a.input, totals.rows
                ))
            })
            .and_then(|b| q.chunk(&b, &mut replaced));
        let out = match out {
            Ok(o) => o,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        totals.add(&out);
        let (tx, _) = writer.get_or_insert_with(|| {
            if !replaced.is_empty() {
                eprintln!(
                    "tariffs: the input's column(s) {} are replaced by the result's of the same name",
                    replaced.join(", ")
                );
            }
            let (tx, rx) = sync_channel::<RecordBatch>(2);
            (tx, spawn_writer(tmp.to_string(), q.format, out.schema(), a, rx))
        });
        if tx.send(out).is_err() {
            break; // the writer failed: its error is reported below
        }
        progress.update(totals.rows, done(totals.rows));
    }
    drop(read_rx);
    let _ = reader.join();
    match writer {
        Some((tx, thread)) => {
            drop(tx);
            let written = match thread.join() {
                Ok(r) => r.map_err(|e| CliError::failed(format!("writing {}: {e}", a.out))),
                Err(_) => Err(CliError::failed("the writer thread failed")),
            };
            result.and(written)
        }
        // An empty input: a file of the result's columns and no row.
        None => result.and_then(|()| {
            let empty = RecordBatch::new_empty(in_schema);
            let out = q.chunk(&empty, &mut Vec::new())?;
            let mut w = Writer::create(tmp, q.format, &out.schema(), a.delimiter, a.chunk)
                .map_err(CliError::failed)?;
            w.write(&out).map_err(CliError::failed)?;
            w.finish().map_err(CliError::failed)
        }),
    }
}

pub(crate) fn same_file(a: &str, b: &str) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The hint for an error of the core about a float column: give
/// `--allow-float` (empty when it was given or the error is not about floats).
pub(crate) fn float_hint(error: &str, allow_float: bool) -> &'static str {
    if error.contains("float") && !allow_float {
        " (or give --allow-float to read floats as their shortest decimal)"
    } else {
        ""
    }
}
