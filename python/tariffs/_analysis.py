"""The analyst API of :class:`tariffs.Schedule`: rate panels, panel diffs and
effective rates as pandas or Arrow tables.

Nothing here computes a duty: the arguments are checked and converted, the
core computes (in Rust, on every core, with the GIL released), and its
results are wrapped as tables. Panels and diffs come back from Rust as raw
Arrow buffers, so a panel of millions of cells never creates a Python object
per cell unless pandas with ``Decimal`` objects is asked for.

Rates are fractions (``Decimal("0.165")`` is 16.5%). In Arrow they are
``decimal128(38, 10)``: a panel rate is an amount rounded to the cent divided
by the nominal value 1,000,000, so it has at most 8 decimal places (9 for a
currency with a three-digit minor unit); 10 places hold every one exactly,
and the conversion fails rather than round if one ever did not fit.
"""

from __future__ import annotations

import datetime
import warnings
from decimal import Decimal
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from . import _batch
from ._errors import InvalidInput

GROUP_KINDS = ("origin", "authority", "chapter")
AS = ("pandas", "arrow")


class RowError(NamedTuple):
    """A basket row that could not be quoted (``effective_rate``'s ``attrs["errors"]``)."""

    row: int
    """Position of the row in the basket (0-based)."""
    index: Any
    """The row's index label (pandas), else the position."""
    date: Optional[datetime.date]
    """The date it was quoted on; ``None`` when the row could not even be read."""
    kind: str
    """The core's error kind (``unknown_code``, ``missing_quantity``...), or
    ``type_error`` for a cell of a wrong Python type."""
    field: Optional[str]
    """The entry field that was wrong (``hts``, ``origin``, ``quantities``...)."""
    message: str


def _invalid(field: str, value: Any, message: str) -> InvalidInput:
    return InvalidInput(message, kind="invalid_input", field=field, value=None if value is None else str(value))


def _check_as(as_: str, dtype_backend: Optional[str]) -> None:
    if as_ not in AS:
        raise _invalid("as_", as_, f"as_ must be 'pandas' or 'arrow', not {as_!r}")
    if dtype_backend not in (None, "pyarrow"):
        raise _invalid(
            "dtype_backend", dtype_backend, f"dtype_backend must be None or 'pyarrow', not {dtype_backend!r}"
        )


def _date_text(v: Any, field: str) -> str:
    """A date argument as ISO text: ``datetime.date``, ``"YYYY-MM-DD"``, or a
    datetime at midnight (a ``pandas.Timestamp`` from ``pd.date_range``,
    a ``numpy.datetime64``); another time of day is refused, naming the field."""
    if type(v).__name__ == "datetime64":  # numpy.datetime64
        v = v.astype("datetime64[us]").item()
    if isinstance(v, datetime.datetime):
        if v.time() != datetime.time(0):
            raise _invalid(field, v, f"invalid {field} {str(v)!r}: expected a date, not a date with a time of day")
        return v.date().isoformat()
    from . import _tariffs

    return _tariffs._date_text(v, field)


def _origins(origins: Any) -> Optional[List[str]]:
    if origins is None:
        return None
    if isinstance(origins, str):
        return [origins]
    try:
        out = list(origins)
    except TypeError:
        raise TypeError(f"origins must be a list of str (e.g. ['CN', 'MX']), not {type(origins).__name__}") from None
    for o in out:
        if not isinstance(o, str):
            raise TypeError(f"each origin must be a str, not {type(o).__name__}")
    from . import _tariffs

    # Text that cannot be UTF-8 (a lone surrogate) raises InvalidInput naming the field.
    return [_tariffs._text(o, "origins") for o in out]


def _importer(importer: Any) -> str:
    """The ``importer`` argument: ``None`` is ``US``; checked as text."""
    from . import _tariffs

    return "US" if importer is None else _tariffs._text(importer, "importer")


def _table(res: Any):
    """The Arrow table of a native result (a record batch exported through
    the Arrow PyCapsule interface; text as ``string``)."""
    pa, _ = _batch._pyarrow()
    table = pa.table(res)
    for i, field in enumerate(table.schema):
        if pa.types.is_large_string(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.string()))
    return table


def _tidy(d: Decimal) -> Decimal:
    """The same number without trailing zeros: ``0.1650000000`` -> ``0.165``,
    ``0E-10`` -> ``0``, ``20.0000000000`` -> ``20`` (never ``2E+1``)."""
    n = d.normalize()
    exponent = n.as_tuple().exponent
    return n.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else n


def _decimal_objects(col):
    """A decimal column as a numpy array of ``Decimal`` objects, one object per
    distinct value (a panel has millions of cells but few distinct rates)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(col) == 0:
        return np.array([], dtype=object)
    enc = pc.dictionary_encode(col)
    if isinstance(enc, pa.ChunkedArray):
        enc = enc.combine_chunks() if enc.num_chunks != 1 else enc.chunk(0)
    lookup = [None if v is None else _tidy(v) for v in enc.dictionary.to_pylist()]
    lookup.append(None)
    idx = enc.indices.fill_null(len(lookup) - 1).to_numpy(zero_copy_only=False)
    return np.array(lookup, dtype=object)[idx]


def _output(table, as_: str, dtype_backend: Optional[str]):
    if as_ == "arrow":
        return table
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("as_='pandas' needs pandas: pip install 'tariffs[pandas]', or pass as_='arrow'") from e
    if dtype_backend == "pyarrow":
        return table.to_pandas(types_mapper=pd.ArrowDtype)
    import pyarrow as pa

    # Decimal objects for the rates (exact, without trailing zeros),
    # datetime.date objects for dates.
    data = {}
    for name, col in zip(table.column_names, table.columns):
        if pa.types.is_decimal(col.type):
            data[name] = pd.Series(_decimal_objects(col), dtype=object)
        else:
            data[name] = col.to_pandas(date_as_object=True)
    return pd.DataFrame(data, index=pd.RangeIndex(table.num_rows))


def rate_panel(schedule: Any, date: Any, importer: Optional[str] = "US", origins: Any = None,
               as_: str = "pandas", dtype_backend: Optional[str] = None) -> Any:
    """See :meth:`tariffs.Schedule.rate_panel`."""
    _check_as(as_, dtype_backend)
    res = schedule._rate_panel(_date_text(date, "date"), _importer(importer), _origins(origins))
    return _output(_table(res), as_, dtype_backend)


def diff(schedule: Any, other: Any, date: Any, other_date: Any = None, importer: Optional[str] = "US",
         origins: Any = None, as_: str = "pandas", dtype_backend: Optional[str] = None) -> Any:
    """See :meth:`tariffs.Schedule.diff`."""
    _check_as(as_, dtype_backend)
    if other is not None and type(other) is not type(schedule):
        raise TypeError(f"other must be a tariffs.Schedule or None, not {type(other).__name__}")
    od = None if other_date is None else _date_text(other_date, "other_date")
    res = schedule._panel_diff(other, _date_text(date, "date"), od, _importer(importer),
                               _origins(origins))
    return _output(_table(res), as_, dtype_backend)


def _dates(date: Any) -> Tuple[Optional[List[str]], bool]:
    """``(ISO dates or None, is_series)`` from ``effective_rate``'s ``date``."""
    if date is None:
        return None, False
    if isinstance(date, (str, datetime.date)) or type(date).__name__ == "datetime64":
        return [_date_text(date, "date")], False
    try:
        items = list(date)
    except TypeError:
        return [_date_text(date, "date")], False
    if not items:
        raise _invalid("date", "[]", "date: an empty list of dates; give at least one date")
    return [_date_text(d, "date") for d in items], True


def effective_rate(schedule: Any, basket: Any, date: Any = None,
                   by: Iterable[str] = GROUP_KINDS) -> Any:
    """See :meth:`tariffs.Schedule.effective_rate`."""
    if isinstance(by, str):
        by = (by,)
    by = tuple(by)
    for b in by:
        if b not in GROUP_KINDS:
            raise _invalid("by", b, f"by: unknown group kind {b!r}; use 'origin', 'authority' or 'chapter'")
    dates, _series = _dates(date)
    pa, _ = _batch._pyarrow()
    required = _batch.REQUIRED if dates is None else tuple(c for c in _batch.REQUIRED if c != "date")
    prep = _batch.prepare(basket, "effective_rate", required)
    if dates is not None:
        # Every row is re-dated by the core; this column only lets rows parse.
        prep.columns["date"] = pa.array([dates[0]] * prep.n, pa.string()) if prep.n else pa.array([], pa.string())
    res = schedule._effective_rates(
        prep.n, prep.columns, prep.quantities, prep.errors or None, dates, list(by)
    )
    import pandas as pd

    cols = res["columns"]
    cols["rate"] = [_tidy(r) for r in cols["rate"]]  # 0.2150 -> 0.215 (same number)
    df = pd.DataFrame({k: pd.Series(v, dtype=object) if k in ("value", "duty", "rate", "date") else v
                       for k, v in cols.items()})
    df["entries"] = df["entries"].astype("int64")
    if dates is None:
        df = df.drop(columns=["date"])
    index = prep.src.index
    errors = [
        RowError(row, row if index is None else index[row], d, kind, field, message)
        for row, d, kind, field, message in res["errors"]
    ]
    df.attrs["errors"] = errors
    if errors:
        bad = len({e.row for e in errors})
        warnings.warn(
            f"effective_rate: {bad:,} of {prep.n:,} basket rows could not be quoted and are left "
            f"out of the sums (e.g. row {errors[0].row}: {errors[0].message}); "
            "see result.attrs['errors']",
            RuntimeWarning,
            stacklevel=2,
        )
    return df
