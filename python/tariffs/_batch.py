"""``Schedule.quote_many``: quote every row of a table.

Input: a pandas ``DataFrame``, a ``pyarrow.Table`` or ``RecordBatch``, a
polars ``DataFrame``, or any object exporting the Arrow PyCapsule interface
(``__arrow_c_stream__`` or ``__arrow_c_array__``), with the columns

=================  ==========================================================
``hts``            str (``"6109.10.00.12"`` or ``"6109100012"``)
``origin``         str, ISO 3166-1 alpha-2
``value``          decimal: ``Decimal`` objects, Arrow decimal128, integers
                   or decimal strings; **float columns are refused**
``date``           ``datetime.date`` objects, Arrow date32/date64, ISO
                   strings, or Arrow timestamps at midnight (a time of day
                   is a row error)
``importer``       optional, str (default ``US``)
``mode``           optional, ocean / air / truck / rail / postal / express
``currency``       optional, str (default: the importer's currency)
``exchange_rate``  optional, decimal like ``value``
``claims``         optional, ``"USMCA"`` / ``"USMCA,KORUS"`` or a list of str
                   (a list holding a null fails its row, naming ``claims``)
``loaded_on``      optional, a date like ``date``
``qty_<unit>``     optional, one column per quantity unit (``qty_kg``,
                   ``qty_no``, ``qty_doz``...), decimal like ``value``
=================  ==========================================================

Other columns are ignored; a null optional cell means "not given". A polars
``LazyFrame`` is refused with a ``TypeError`` rather than collected in silence
(that could read a whole Parquet file into memory): collect it, or quote it
batch by batch with ``LazyFrame.map_batches`` (see docs/dataframes.md and
examples/python/polars_lazy.py).

Output: a table of the same kind (DataFrame in, DataFrame out with the same
index; ``pyarrow.Table`` in, ``Table`` out; ``RecordBatch`` in,
``RecordBatch`` out; polars in, polars out; another capsule object in,
``pyarrow.Table`` out), one row per input row, with the columns of the
core's Arrow result (``tariffs::arrow``):

- ``duty``, ``fees``, ``total``: Arrow ``decimal128(38, 2)`` (every line is
  rounded to the cent, so two places hold every amount exactly);
- ``effective_rate``: ``decimal128(38, 6)`` (the core rounds it to 6 places);
- one ``decimal128(38, 2)`` column per authority **that some row of the
  batch has a line of**, in the order of ``Schedule.authorities`` (``mfn``,
  ``section_301``, ``mpf``...): the sum of that authority's lines on the
  row, ``0.00`` on a row without it. A batch in which no row has, say, an
  MPF line has no ``mpf`` column. A name equal to another result column gets
  the prefix ``authority_``;
- ``error``: the row's error message, null when the row quoted (the text
  ``Schedule.quote`` raises for the same cells);
- ``error_kind``: the error's kind (``invalid_input``, ``unknown_code``,
  ``missing_quantity``..., as ``TariffsError.kind``), null when the row
  quoted; dictionary-encoded;
- ``warning``: null, or, for a row quoted with a warning (its entry date is
  after the date the schedule's policy was reviewed through, so duties
  announced since may be missing), the warning's text. The amounts of such a
  row are given all the same; a strict schedule (``Schedule.strict()``) fails
  the row with a ``not_covered`` error instead. Dictionary-encoded: the text
  is stored once, not once per row. Failed rows have no warning.

A row that fails has nulls in every amount column and its message in
``error``; the batch goes on. Wrong column *types* (a float ``value``
column, a missing ``hts`` column) raise for the whole call.

In pandas the columns are Arrow-backed by default (``decimals="arrow"``:
``pd.ArrowDtype(pa.decimal128(38, 2))`` amounts, ``string[pyarrow]``
errors), so no Python object is made per cell; a cell read out is still a
``Decimal``, and a failed row's amount is ``<NA>``. ``decimals="object"``
gives object columns of ``decimal.Decimal`` (``None`` on failed rows) as
before, at the cost of one object per cell. ``dtype_backend="pyarrow"`` is
a deprecated alias of the default.

The rows are read, parsed and quoted in Rust by the core, on every core,
with the GIL released, chunk by chunk (progress and Ctrl-C between chunks);
the Arrow data crosses in both directions without a copy (Arrow PyCapsule
interface). Nothing here loops over rows except pandas ``object`` columns
that pyarrow cannot convert by itself (cells of mixed or odd types): those
are converted cell by cell by the rules of ``Schedule.quote`` arguments, and
a cell of a wrong type fails its row (kind ``invalid_input``).
"""

from __future__ import annotations

import importlib
import sys
import time
import warnings
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import _tariffs
from ._errors import InvalidInput

REQUIRED = ("hts", "origin", "value", "date")
OPTIONAL = ("importer", "mode", "currency", "exchange_rate", "claims", "loaded_on")
QTY_PREFIX = "qty_"
CATEGORY = {
    "hts": "text",
    "origin": "text",
    "importer": "text",
    "mode": "text",
    "currency": "text",
    "value": "decimal",
    "exchange_rate": "decimal",
    "date": "date",
    "loaded_on": "date",
    "claims": "claims",
}


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "Schedule.quote_many needs pyarrow: pip install 'tariffs[arrow]' (or pyarrow)"
        ) from e
    return pa, pc


def _loaded(name: str) -> Any:
    """The module ``name`` if something imported it already, else ``None``
    (so that checking for a pandas or polars frame imports neither). Through
    ``importlib.import_module``, not ``sys.modules`` alone: while another
    thread is still importing the module (pyarrow imports pandas lazily, and
    polars' streaming engine calls ``map_batches`` functions from several
    threads), ``sys.modules`` holds it half initialized, and importing it
    waits until it is complete."""
    if name not in sys.modules:
        return None
    return importlib.import_module(name)


def _is_pandas(rows: Any) -> bool:
    pd = _loaded("pandas")
    return pd is not None and isinstance(rows, pd.DataFrame)


def _is_null(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float):
        return v != v  # NaN: pandas' missing value
    # Called per cell, of pandas frames only (so pandas is imported): no
    # _loaded here, and getattr in case another thread is importing pandas.
    pd = sys.modules.get("pandas")
    return pd is not None and (v is getattr(pd, "NA", None) or v is getattr(pd, "NaT", None))


def _null_claim(row: int, cell: Any) -> str:
    """The error of a claims list holding a null (``["USMCA", None]``): a
    row error naming the field and the row, never claims dropped in silence."""
    return (
        f"invalid claims {cell!r} in row {row}: the list holds a null; "
        "expected claim names only (e.g. ['USMCA']), or an empty list or null for none"
    )


def _claims_cell(v: Any, field: str) -> str:
    return _tariffs._claims_text(v)


_CELL: Dict[str, Callable[[Any, str], str]] = {
    "text": _tariffs._text,
    "decimal": _tariffs._decimal_text,
    "date": _tariffs._date_text,
    "claims": _claims_cell,
}


def _object_array(values: List[Any], field: str, category: str, errors: Dict[int, str], pa):
    """Python cells to a string array, by the rules of ``Schedule.quote``;
    a cell of a wrong type becomes that row's error."""
    convert = _CELL[category]
    out: List[Optional[str]] = []
    for i, v in enumerate(values):
        if _is_null(v):
            out.append(None)
            continue
        if category == "claims" and not isinstance(v, str) and _has_null(v):
            errors.setdefault(i, _null_claim(i, _plain(v)))
            out.append(None)
            continue
        try:
            out.append(convert(v, field))
        except (TypeError, ValueError) as e:
            errors.setdefault(i, str(e))
            out.append(None)
    return pa.array(out, type=pa.large_string())


def _has_null(v: Any) -> bool:
    """Whether an iterable claims cell (a list, tuple, numpy array...) holds a null."""
    try:
        return any(_is_null(x) for x in v)
    except TypeError:
        return False  # not iterable: the converter says what is wrong


def _plain(v: Any) -> Any:
    """A claims cell as a plain list for messages (numpy arrays print oddly)."""
    try:
        return list(v)
    except TypeError:
        return v


def _type_error(field: str, t: Any, expected: str) -> TypeError:
    return TypeError(f"column {field!r} has Arrow type {t}: expected {expected}")


def _is_view(pa, t: Any) -> bool:
    return hasattr(pa.types, "is_string_view") and pa.types.is_string_view(t)


def _arrow_array(a, field: str, category: str, pa, pc, errors: Optional[Dict[int, str]] = None,
                 core: bool = False):
    """One Arrow column to a type the native reader takes. With ``core``
    (``quote_many``: the core's Arrow reader, see ``tariffs::arrow``), text
    columns stay as they are (utf8, large utf8, utf8 view, dictionaries of
    them), integers and date64 too; otherwise (``effective_rate``'s reader)
    every column becomes utf8/large_utf8, int64, decimal128 or date32.
    Cells that cannot be converted (a claims list holding a null) become row
    errors in ``errors``."""
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks() if a.num_chunks != 1 else a.chunk(0)
    t = a.type
    if pa.types.is_dictionary(t):
        v = t.value_type
        if core and category in ("text", "claims") and (
                pa.types.is_string(v) or pa.types.is_large_string(v) or _is_view(pa, v)):
            return a  # the core reads dictionaries of text (each value parsed once)
        if _is_view(pa, v):
            # pyarrow has no take kernel for string views (polars Categorical).
            a = pa.DictionaryArray.from_arrays(a.indices, a.dictionary.cast(pa.large_string()))
        a = a.dictionary_decode()
        t = a.type
    if pa.types.is_null(t) or len(a) == 0:
        return pa.nulls(len(a), pa.large_string())
    is_text = pa.types.is_string(t) or pa.types.is_large_string(t)
    if _is_view(pa, t):
        if core and category != "claims":
            return a
        return a.cast(pa.large_string())
    if category == "decimal":
        if pa.types.is_floating(t):
            raise TypeError(
                f"column {field!r} is {t}: a float cannot hold money exactly, so float columns "
                "are refused; use decimal values (decimal.Decimal objects, pyarrow decimal128), "
                "integers, or decimal strings (for pandas, a column of Decimal or str, or Int64)"
            )
        if is_text or pa.types.is_int64(t):
            return a
        if pa.types.is_integer(t):
            if core:
                return a
            if pa.types.is_uint64(t):
                return a.cast(pa.large_string())  # may exceed int64
            return a.cast(pa.int64())
        if pa.types.is_decimal(t):
            if t.bit_width == 128:
                return a
            try:
                return a.cast(pa.decimal128(38, t.scale))
            except (pa.ArrowInvalid, ValueError):
                return a.cast(pa.large_string())
        raise _type_error(field, t, "decimal128, integers or decimal strings")
    if category == "date":
        if is_text:
            return a
        if pa.types.is_date32(t):
            return a  # read as day numbers, no text
        if pa.types.is_date(t):
            return a if core else a.cast(pa.string())
        if pa.types.is_timestamp(t):
            if t.tz is not None:
                a = pc.local_timestamp(a)
            midnight = pc.equal(pc.floor_temporal(a, unit="day"), a)
            day = pc.cast(pc.cast(a, pa.date32(), safe=False), pa.string())
            # A time of day stays in the text, so the row fails naming the field.
            return pc.if_else(midnight, day, pc.cast(a, pa.string()))
        raise _type_error(field, t, "date32, ISO date strings or timestamps")
    if category == "claims":
        if is_text:
            return a
        if pa.types.is_list(t) or pa.types.is_large_list(t) or (
                hasattr(pa.types, "is_list_view") and pa.types.is_list_view(t)):
            if not (pa.types.is_list(t) or pa.types.is_large_list(t)):
                a = a.cast(pa.large_list(t.value_type))
            if pa.types.is_null(a.type.value_type) or _is_view(pa, a.type.value_type) or \
                    pa.types.is_dictionary(a.type.value_type):
                a = a.cast(pa.large_list(pa.large_string()) if pa.types.is_large_list(a.type)
                           else pa.list_(pa.large_string()))
            item = a.type.value_type
            if not (pa.types.is_string(item) or pa.types.is_large_string(item)):
                raise _type_error(field, t, "strings or lists of strings")
            if core:
                return a  # the core fails a row whose list holds a null, by name
            # binary_join makes a list holding a null into a null cell, which
            # would read as "no claims": such rows fail instead, by name.
            flat = pc.list_flatten(a)
            if flat.null_count:
                rows = pc.filter(pc.list_parent_indices(a), pc.is_null(flat))
                for row in sorted(set(rows.to_pylist())):
                    msg = _null_claim(row, a[row].as_py())
                    if errors is not None:
                        errors.setdefault(row, msg)
                    else:
                        raise InvalidInput(msg, kind="invalid_input", field="claims",
                                           value=repr(a[row].as_py()))
            return pc.binary_join(a, pa.scalar(",", item))
        raise _type_error(field, t, "strings or lists of strings")
    if is_text:
        return a
    raise _type_error(field, t, "strings")


_PLAIN_DECIMAL = r"^-?[0-9]+(\.[0-9]+)?$"


def _fast_object(series: Any, field: str, category: str, errors: Dict[int, str], pa, pc):
    """A pandas ``object`` column converted without a Python call per cell
    where its cells allow it: ``str`` cells by pyarrow itself, else (chosen
    by pandas' type inference) ``datetime.date``, ``int`` or ``Decimal``
    cells. ``None`` when the cells are of mixed or odd types (the caller then
    converts cell by cell, so that each odd cell fails its row)."""
    import pandas as pd

    try:
        # The common case first: every cell a str (or null). pyarrow stops at
        # the first cell that is not, so trying costs little otherwise.
        return pa.array(series, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, ValueError,
            TypeError, OverflowError, UnicodeError):
        pass
    kind = pd.api.types.infer_dtype(series, skipna=True)
    try:
        if kind in ("string", "empty"):
            return None  # strings pyarrow would not take (lone surrogates): cell by cell
        if category == "decimal" and kind == "integer":
            return pa.array(series, type=pa.int64(), from_pandas=True)
        if category == "decimal" and kind == "decimal":
            # Decimal objects as their text (pyarrow's own Decimal conversion
            # is slower); a cell whose text is not plain digits (1E+3, NaN)
            # is converted by the rules of Schedule.quote instead.
            text = pa.array(list(map(str, series)), type=pa.large_string())
            # pandas counts Decimal("NaN") as missing; quote refuses it, so it
            # stays a cell (converted below, failing its row).
            nan = pc.is_in(text, value_set=pa.array(["NaN", "-NaN", "sNaN", "-sNaN"]))
            missing = pc.and_(pa.array(series.isna().to_numpy()), pc.invert(nan))
            text = pc.if_else(missing, pa.nulls(len(text), pa.large_string()), text)
            odd = pc.invert(pc.fill_null(pc.match_substring_regex(text, _PLAIN_DECIMAL), True))
            if pc.any(odd).as_py():
                cells = text.to_pylist()
                values = series.tolist()
                for i in pc.indices_nonzero(odd).to_pylist():
                    try:
                        cells[i] = _tariffs._decimal_text(values[i], field)
                    except (TypeError, ValueError) as e:
                        errors.setdefault(i, str(e))
                        cells[i] = None
                text = pa.array(cells, type=pa.large_string())
            return text
        if category == "date" and kind == "date":
            a = pa.array(series, from_pandas=True)
            return a if pa.types.is_date32(a.type) else None
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, ValueError,
            TypeError, OverflowError):
        return None
    if category == "claims":
        try:
            a = pa.array(series, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, ValueError,
                TypeError, OverflowError):
            return None
        if pa.types.is_list(a.type) and (pa.types.is_string(a.type.value_type)
                                         or pa.types.is_null(a.type.value_type)):
            return a
    return None


class _Source:
    """The input rows, whatever their kind."""

    def __init__(self, rows: Any, pa, what: str = "quote_many"):
        self.index = None
        self.what = what
        if _is_pandas(rows):
            self.kind = "pandas"
            self.frame = rows
            self.index = rows.index
            self.n = len(rows)
            self.names = [c for c in rows.columns if isinstance(c, str)]
            return
        pl = _loaded("polars")
        if isinstance(rows, pa.Table):
            self.kind, self.table = "table", rows
        elif isinstance(rows, pa.RecordBatch):
            self.kind, self.table = "batch", pa.Table.from_batches([rows])
        elif pl is not None and isinstance(rows, pl.DataFrame):
            # Zero copy, through the Arrow PyCapsule interface.
            self.kind, self.table = "polars", pa.table(rows)
        elif pl is not None and isinstance(rows, pl.LazyFrame):
            # Not collected here: that could read a whole Parquet file into memory.
            raise TypeError(
                f"{what} takes a polars DataFrame, not a LazyFrame: collect it first "
                "(lf.collect()), or quote it batch by batch inside the query with "
                "lf.map_batches(lambda df: ..., schema=...) (see docs/dataframes.md)"
            )
        elif hasattr(rows, "__arrow_c_stream__"):
            self.kind, self.table = "capsule", pa.table(rows)
        elif hasattr(rows, "__arrow_c_array__"):
            self.kind = "capsule"
            self.table = pa.Table.from_batches([pa.record_batch(rows)])
        else:
            raise TypeError(
                f"{what} needs a pandas DataFrame, a pyarrow Table or RecordBatch, a polars "
                f"DataFrame, or an object with __arrow_c_stream__, not {type(rows).__name__}"
            )
        self.n = self.table.num_rows
        self.names = list(self.table.column_names)

    def column(self, name: str, category: str, errors: Dict[int, str], pa, pc, core: bool):
        if self.names.count(name) > 1:
            raise ValueError(f"{self.what}: the column {name!r} appears more than once")
        if self.kind != "pandas":
            return _arrow_array(self.table.column(name), name, category, pa, pc, errors, core)
        s = self.frame[name]
        if s.dtype == object:
            a = _fast_object(s, name, category, errors, pa, pc)
            if a is None:
                return _object_array(s.tolist(), name, category, errors, pa)
            return _arrow_array(a, name, category, pa, pc, errors, core)
        try:
            a = pa.Array.from_pandas(s)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return _object_array(s.astype(object).tolist(), name, category, errors, pa)
        return _arrow_array(a, name, category, pa, pc, errors, core)


def _progress(n: int) -> Tuple[Callable[[int], None], Callable[[], None]]:
    """A progress callback: tqdm when installed, else one stderr line."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        tqdm = None
    if tqdm is not None:
        bar = tqdm(total=n, unit="row", unit_scale=True, desc="quote_many")
        return (lambda done: bar.update(done - bar.n)), bar.close
    start = time.monotonic()

    def update(done: int) -> None:
        elapsed = max(time.monotonic() - start, 1e-9)
        sys.stderr.write(
            f"\rquote_many: {done:,}/{n:,} rows ({100 * done // max(n, 1)}%), "
            f"{done / elapsed:,.0f} rows/s"
        )
        sys.stderr.flush()

    def close() -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()

    return update, close


class Prepared:
    """The rows of a table as the Arrow columns the native code reads."""

    def __init__(self, src: "_Source", columns: Dict[str, Any], quantities: List[Tuple[str, Any]],
                 errors: Dict[int, str]):
        self.src = src
        self.n = src.n
        self.columns = columns
        self.quantities = quantities
        self.errors = errors


def prepare(rows: Any, what: str = "quote_many", required: Tuple[str, ...] = REQUIRED,
            core: bool = False) -> Prepared:
    """Reads the entry columns of ``rows`` (see this module's docstring):
    each becomes an Arrow array of a type the native reader takes (``core``:
    the core's Arrow reader, for ``quote_many``); pandas ``object`` cells
    that cannot be converted become row errors."""
    pa, pc = _pyarrow()
    src = _Source(rows, pa, what)
    missing = [c for c in required if c not in src.names]
    if missing:
        need = ", ".join(required[:-1]) + " and " + required[-1]
        raise InvalidInput(
            f"{what} needs the columns {need}; missing {', '.join(missing)}",
            kind="invalid_input",
            field=missing[0],
            value=None,
        )
    errors: Dict[int, str] = {}
    columns: Dict[str, Any] = {}
    for name in REQUIRED + OPTIONAL:
        if name in src.names and name in required + OPTIONAL:
            columns[name] = src.column(name, CATEGORY[name], errors, pa, pc, core)
    quantities = []
    for name in src.names:
        if name.startswith(QTY_PREFIX) and len(name) > len(QTY_PREFIX):
            quantities.append(
                (name[len(QTY_PREFIX):], src.column(name, "decimal", errors, pa, pc, core))
            )
    return Prepared(src, columns, quantities, errors)


DECIMALS = ("arrow", "object")


def _decimals(decimals: str, dtype_backend: Optional[str]) -> str:
    """The ``decimals`` option, with the deprecated ``dtype_backend``."""
    if decimals not in DECIMALS:
        raise ValueError(f"decimals must be 'arrow' or 'object', not {decimals!r}")
    if dtype_backend is None:
        return decimals
    if dtype_backend != "pyarrow":
        raise ValueError(f"dtype_backend must be None or 'pyarrow', not {dtype_backend!r}")
    warnings.warn(
        "quote_many(dtype_backend='pyarrow') is deprecated: Arrow-backed columns are the "
        "default now (decimals='arrow'); drop the argument",
        DeprecationWarning,
        stacklevel=4,
    )
    if decimals != "arrow":
        raise ValueError("dtype_backend='pyarrow' and decimals='object' contradict each other")
    return decimals


def _row_mask(n: int, rows: Any, pa):
    """A boolean Arrow array of ``n`` rows, true at ``rows``."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - pyarrow and pandas bring numpy
        marked = set(rows)
        return pa.array([i in marked for i in range(n)], pa.bool_())
    mask = np.zeros(n, dtype=bool)
    mask[np.fromiter(rows, dtype=np.int64)] = True
    return pa.array(mask)


def _mark_errors(out, errors: Dict[int, str], pa, pc):
    """The result ``out`` with the rows the glue refused before the call
    (their entry was sent with a null ``hts``, so they failed and added no
    authority) given the glue's message, of kind ``invalid_input``."""
    import numpy as np

    n = out.num_rows
    mask = _row_mask(n, errors.keys(), pa)
    messages = np.full(n, None, dtype=object)
    for row, msg in errors.items():
        messages[row] = msg
    i = out.schema.get_field_index("error")
    error = pc.if_else(mask, pa.array(messages, pa.string()), out.column(i))
    out = out.set_column(i, "error", error)
    i = out.schema.get_field_index("error_kind")
    kind = out.column(i)
    kind_type = kind.type
    kind = pc.if_else(mask, pa.scalar("invalid_input"), kind.cast(pa.string()))
    return out.set_column(i, "error_kind", kind.dictionary_encode().cast(kind_type))


def _entry_table(prep: "Prepared", pa, pc):
    """The prepared columns as one table for the core's Arrow reader; rows
    the glue refused get a null ``hts`` (see ``_mark_errors``)."""
    names = list(prep.columns)
    arrays = [prep.columns[c] for c in names]
    for unit, a in prep.quantities:
        names.append(QTY_PREFIX + unit)
        arrays.append(a)
    if prep.errors:
        i = names.index("hts")
        hts = arrays[i]
        arrays[i] = pc.if_else(_row_mask(prep.n, prep.errors.keys(), pa),
                               pa.nulls(prep.n, hts.type), hts)
    return pa.Table.from_arrays(arrays, names=names)


def quote_many(
    schedule: Any,
    rows: Any,
    progress: bool = False,
    dtype_backend: Optional[str] = None,
    decimals: str = "arrow",
) -> Any:
    """See :meth:`tariffs.Schedule.quote_many` and this module's docstring."""
    decimals = _decimals(decimals, dtype_backend)
    pa, pc = _pyarrow()
    prep = prepare(rows, core=True)
    src, n = prep.src, prep.n
    table = _entry_table(prep, pa, pc)

    update, close = _progress(n) if progress else (None, None)
    try:
        res = schedule._quote_arrow(table, n, update)
    finally:
        if close is not None:
            close()
    out = pa.record_batch(res)  # zero copy, through the Arrow PyCapsule interface
    if prep.errors:
        out = _mark_errors(out, prep.errors, pa, pc)

    if src.kind == "batch":
        return out
    table = pa.Table.from_batches([out])
    if src.kind == "pandas":
        if decimals == "arrow":
            import pandas as pd

            df = table.to_pandas(types_mapper=pd.ArrowDtype)
        else:
            df = table.to_pandas()
        df.index = src.index
        return df
    if src.kind == "polars":
        import polars as pl

        return pl.from_arrow(out)  # zero copy (the dictionary columns' keys are recast)
    return table
