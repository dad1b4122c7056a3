//! The batch's columns: the Arrow arrays the glue prepared, one per entry
//! field and quantity, imported without copying.

use super::cells::country_table;
use crate::arrow::{self, Column, Imported};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use tariffs::{Country, Date, HtsCode, Unit};

/// A quantity's unit and basis (`kg`, `kg[copper content]`).
pub(super) type QtyKey = (Unit, Option<String>);

/// One `qty_<unit>` column.
pub(super) struct QtyField {
    /// The name after `qty_`, as given (`kg`, `kg[copper content]`).
    pub(super) key: String,
    /// The field its amount errors name: `quantities.<key>`.
    pub(super) field: String,
    pub(super) column: Column,
    /// Its index in [`Fields::units`], or the error of a name that is no unit
    /// (every row with an amount in the column gets it).
    pub(super) unit: Result<usize, tariffs::Error>,
}

/// The entry fields of a batch, each a borrowed Arrow column.
pub struct Fields {
    pub(super) hts: Column,
    pub(super) origin: Column,
    pub(super) value: Column,
    pub(super) date: Column,
    pub(super) importer: Option<Column>,
    pub(super) mode: Option<Column>,
    pub(super) currency: Option<Column>,
    pub(super) exchange_rate: Option<Column>,
    pub(super) claims: Option<Column>,
    pub(super) loaded_on: Option<Column>,
    pub(super) quantities: Vec<QtyField>,
    /// The distinct unit (and basis) of the quantity columns: one typed
    /// column each (a quantity named by two columns is refused).
    pub(super) units: Vec<QtyKey>,
    /// The default importer.
    pub(super) us: Country,
    /// 1970-01-01, day 0 of date32.
    pub(super) epoch: Date,
    /// A code for the rows of a buffer that are not written yet.
    pub(super) code0: HtsCode,
    /// See [`country_table`].
    pub(super) countries: Vec<Option<Country>>,
}

fn column<'py>(
    columns: &Bound<'py, PyDict>,
    name: &str,
    n: usize,
    keep: &mut Vec<Imported<'py>>,
) -> PyResult<Option<Column>> {
    match columns.get_item(name)? {
        Some(obj) if !obj.is_none() => {
            let imported = arrow::import(&obj, name, n)?;
            let c = imported.column;
            keep.push(imported);
            Ok(Some(c))
        }
        _ => Ok(None),
    }
}

fn required(c: Option<Column>, name: &str, what: &str) -> PyResult<Column> {
    c.ok_or_else(|| PyValueError::new_err(format!("{what} needs a column {name:?}")))
}

/// The columns of a batch, borrowed from the capsules in `keep`.
pub struct Input<'py> {
    keep: Vec<Imported<'py>>,
    /// The entry fields.
    pub fields: Fields,
}

impl Input<'_> {
    /// Releases the capsules, and with them the columns.
    pub fn release(self) {
        drop(self.keep);
    }
}

/// The quantity columns: each name parsed as the core parses a quantity
/// key, and the distinct units (and bases) they name. Two columns naming one
/// quantity (`qty_kg` and `qty_KG`) are refused, as the core refuses a
/// quantity given twice: neither may silently replace the other.
fn quantity_fields(
    qcols: Vec<(String, Column)>,
) -> Result<(Vec<QtyField>, Vec<QtyKey>), tariffs::Error> {
    let mut units: Vec<QtyKey> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut fields = Vec::with_capacity(qcols.len());
    for (key, column) in qcols {
        let unit = match tariffs::entry::parse_quantity_key(&key) {
            Ok(u) => {
                if let Some(i) = units.iter().position(|x| *x == u) {
                    return Err(tariffs::Error::invalid(
                        "quantities",
                        format!("qty_{key}"),
                        format!(
                            "one column per quantity: qty_{} and qty_{key} name the same one",
                            names[i]
                        ),
                    ));
                }
                units.push(u);
                names.push(key.clone());
                Ok(units.len() - 1)
            }
            Err(e) => Err(e),
        };
        fields.push(QtyField {
            field: format!("quantities.{}", key.trim()),
            key,
            column,
            unit,
        });
    }
    Ok((fields, units))
}

/// Imports the columns `_batch` prepared (see `PySchedule::quote_columns`).
/// `what` names the caller in errors.
pub fn import_columns<'py>(
    n: usize,
    columns: &Bound<'py, PyDict>,
    quantities: &Bound<'py, PyList>,
    what: &str,
) -> PyResult<Input<'py>> {
    let mut keep: Vec<Imported<'py>> = Vec::new();
    let mut qcols: Vec<(String, Column)> = Vec::new();
    for item in quantities.iter() {
        let (unit, obj): (String, Bound<'py, PyAny>) = item.extract()?;
        let imported = arrow::import(&obj, &format!("qty_{unit}"), n)?;
        qcols.push((unit, imported.column));
        keep.push(imported);
    }
    let (quantities, units) =
        quantity_fields(qcols).map_err(|e| crate::errors::to_pyerr(quantities.py(), &e))?;
    let hts = column(columns, "hts", n, &mut keep)?;
    let origin = column(columns, "origin", n, &mut keep)?;
    let value = column(columns, "value", n, &mut keep)?;
    let date = column(columns, "date", n, &mut keep)?;
    let fields = Fields {
        hts: required(hts, "hts", what)?,
        origin: required(origin, "origin", what)?,
        value: required(value, "value", what)?,
        date: required(date, "date", what)?,
        importer: column(columns, "importer", n, &mut keep)?,
        mode: column(columns, "mode", n, &mut keep)?,
        currency: column(columns, "currency", n, &mut keep)?,
        exchange_rate: column(columns, "exchange_rate", n, &mut keep)?,
        claims: column(columns, "claims", n, &mut keep)?,
        loaded_on: column(columns, "loaded_on", n, &mut keep)?,
        quantities,
        units,
        us: Country::parse_field("importer", "US").expect("US is a country"),
        epoch: Date::from_ymd(1970, 1, 1).expect("a valid date"),
        code0: HtsCode::parse_field("hts", "00").expect("a valid code"),
        countries: country_table(),
    };
    Ok(Input { keep, fields })
}
