//! The columns of an `effective_rate` basket: the Arrow arrays the glue
//! prepared, one per entry field and quantity, imported without copying
//! (through arrow-rs, see [`crate::arrow`]).

use super::cells::country_table;
use crate::arrow::{self, Column};
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

fn column(columns: &Bound<'_, PyDict>, name: &str, n: usize) -> PyResult<Option<Column>> {
    match columns.get_item(name)? {
        Some(obj) if !obj.is_none() => Ok(Some(arrow::import(&obj, name, n)?)),
        _ => Ok(None),
    }
}

fn required(c: Option<Column>, name: &str, what: &str) -> PyResult<Column> {
    c.ok_or_else(|| PyValueError::new_err(format!("{what} needs a column {name:?}")))
}

/// The columns of a batch (owned: the arrays keep the producer's buffers alive).
pub struct Input {
    /// The entry fields.
    pub fields: Fields,
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
) -> PyResult<Input> {
    let mut qcols: Vec<(String, Column)> = Vec::new();
    for item in quantities.iter() {
        let (unit, obj): (String, Bound<'py, PyAny>) = item.extract()?;
        let column = arrow::import(&obj, &format!("qty_{unit}"), n)?;
        qcols.push((unit, column));
    }
    let (quantities, units) =
        quantity_fields(qcols).map_err(|e| crate::errors::to_pyerr(quantities.py(), &e))?;
    let hts = column(columns, "hts", n)?;
    let origin = column(columns, "origin", n)?;
    let value = column(columns, "value", n)?;
    let date = column(columns, "date", n)?;
    let fields = Fields {
        hts: required(hts, "hts", what)?,
        origin: required(origin, "origin", what)?,
        value: required(value, "value", what)?,
        date: required(date, "date", what)?,
        importer: column(columns, "importer", n)?,
        mode: column(columns, "mode", n)?,
        currency: column(columns, "currency", n)?,
        exchange_rate: column(columns, "exchange_rate", n)?,
        claims: column(columns, "claims", n)?,
        loaded_on: column(columns, "loaded_on", n)?,
        quantities,
        units,
        us: Country::parse_field("importer", "US").expect("US is a country"),
        epoch: Date::from_ymd(1970, 1, 1).expect("a valid date"),
        code0: HtsCode::parse_field("hts", "00").expect("a valid code"),
        countries: country_table(),
    };
    Ok(Input { fields })
}
