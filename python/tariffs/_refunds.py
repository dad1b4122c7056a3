"""``Schedule.refunds``: the IEEPA refund report and the audit of filed duties.

Input: a table of entry lines of the kinds ``quote_many`` takes (a pandas
``DataFrame``, a ``pyarrow.Table`` or ``RecordBatch``, a polars
``DataFrame``, an ``__arrow_c_stream__`` object) with the entry columns of
``quote_many`` (``hts``, ``origin``, ``value``, ``date``, ``mode``,
``claims``, ``qty_<unit>``...; see ``tariffs._batch``) and, all optional:

======================  =====================================================
``entry_number``        str or integers (``"ABC-1234567-8"``)
``line_number``         str or integers (``"001"``)
``importer_of_record``  str or integers: the totals are per importer of record
``deposit_date``        a date like ``date`` (default: the entry date)
``liquidation_date``    a date like ``date``
``liquidation_status``  ``unliquidated``, ``liquidated`` or ``final``
``filed_<key>``         the amount filed for ``<key>`` (an authority such as
                        ``mfn``, ``ieepa_fentanyl``, or a heading such as
                        ``9903.01.24``), decimal like ``value``
======================  =====================================================

``filed`` (optional) is the long table of filed amounts, one row per amount
as on Form 7501's line detail: ``entry_number``, ``line_number``, ``key``
(or ``heading``) and ``amount``; every row must match an input line by
entry and line number.

Output: a :class:`RefundReport` whose tables ``lines`` (one row per input
row, in order), ``duties`` (one row per quote line), ``audit`` (one row per
finding), ``totals`` (per importer of record, category and month) and
``errors`` (the rows that failed) are of the input's kind (pandas in, pandas
out with Arrow-backed columns; polars in, polars out; pyarrow in, pyarrow
out). Money is Arrow ``decimal128(38, 2)``; a cell read out is a
``decimal.Decimal``. Float money columns are refused as in ``quote_many``.

The rows are read, quoted and reported on in Rust (the core's
``Schedule::refunds_record_batches``) with the GIL released; this module only
converts the columns and the options.
"""

from __future__ import annotations

import datetime
import os
from decimal import Decimal
from typing import Any, Dict, List, Optional, Tuple, Union

from . import _tariffs
from ._batch import _pyarrow, _Source, _entry_table, _row_mask, prepare
from ._errors import InvalidInput, IoError

IDENT = ("entry_number", "line_number", "importer_of_record")
DATES = ("deposit_date", "liquidation_date")
FILED_PREFIX = "filed_"
TABLES = ("lines", "duties", "audit", "totals", "errors")
CATEGORIES = tuple(_tariffs._REFUND_CATEGORIES)  # the core's order

_DateArg = Union[datetime.date, str, None]


def _date_arg(v: _DateArg, field: str) -> Optional[str]:
    if v is None:
        return None
    return _tariffs._date_text(v, field)


def _ident(src: _Source, name: str, errors: Dict[int, str], pa, pc):
    """An identifier column: integers as they are, anything else as text."""
    if src.kind == "pandas":
        import pandas as pd

        s = src.frame[name]
        if pd.api.types.is_integer_dtype(s.dtype):
            return pa.Array.from_pandas(s)
    else:
        a = src.table.column(name)
        if pa.types.is_integer(a.type):
            return a.combine_chunks()
    return src.column(name, "text", errors, pa, pc, True)


def _column(src: _Source, name: str, category: str, errors: Dict[int, str],
            fields: Dict[int, str], pa, pc):
    """``src.column``, noting the field of each row error it adds."""
    before = set(errors)
    if category == "ident":
        a = _ident(src, name, errors, pa, pc)
    else:
        a = src.column(name, category, errors, pa, pc, True)
    for row in set(errors) - before:
        fields[row] = name
    return a


def _input_table(frame: Any, pa, pc) -> Tuple[Any, _Source, Dict[int, str], Dict[int, str]]:
    """The entry columns and refund columns of ``frame`` as one Arrow table,
    the source, and the rows the glue refused (message and field)."""
    prep = prepare(frame, what="refunds", core=True)
    src, errors = prep.src, prep.errors
    fields: Dict[int, str] = {row: "" for row in errors}
    extra: List[Tuple[str, Any]] = []
    for name in src.names:
        if name in IDENT:
            extra.append((name, _column(src, name, "ident", errors, fields, pa, pc)))
        elif name in DATES:
            extra.append((name, _column(src, name, "date", errors, fields, pa, pc)))
        elif name == "liquidation_status":
            extra.append((name, _column(src, name, "text", errors, fields, pa, pc)))
        elif name.startswith(FILED_PREFIX):
            extra.append((name, _column(src, name, "decimal", errors, fields, pa, pc)))
    table = _entry_table(prep, pa, pc)  # rows in `errors` get a null hts
    for name, a in extra:
        table = table.append_column(name, a)
    return table, src, errors, fields


def _filed_table(filed: Any, pa, pc) -> Any:
    """The long filed table as Arrow columns the core reads; a cell of a
    wrong type raises ``InvalidInput`` naming the column and the row."""
    src = _Source(filed, pa, "refunds: filed")
    errors: Dict[int, str] = {}
    fields: Dict[int, str] = {}
    names: List[str] = []
    arrays: List[Any] = []
    for name in src.names:
        category = {"entry_number": "ident", "line_number": "ident", "key": "text",
                    "heading": "text", "amount": "decimal"}.get(name)
        if category is not None:
            names.append(name)
            arrays.append(_column(src, name, category, errors, fields, pa, pc))
    if errors:
        row = min(errors)
        raise InvalidInput(f"refunds: filed table, row {row}, column {fields[row]!r}: "
                           f"{errors[row]}", kind="invalid_input", field=fields[row],
                           value=str(row))
    if not names:
        return pa.table({"entry_number": pa.array([], pa.string())})  # the core names what is missing
    return pa.Table.from_arrays(arrays, names=names)


def _interest_json(rates: Union[str, "os.PathLike[str]", None]) -> Optional[str]:
    """A ``tariffs-interest/1`` table: JSON text, or the path of a file."""
    if rates is None:
        return None
    if isinstance(rates, str) and rates.lstrip().startswith("{"):
        return rates
    if not isinstance(rates, (str, os.PathLike)):
        raise TypeError("interest_rates must be a path or the JSON text of a "
                        f"tariffs-interest/1 table, not {type(rates).__name__}")
    try:
        with open(rates, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise IoError(f"interest_rates: cannot read {os.fspath(rates)!r}: {e}", kind="io",
                      field="interest_rates", value=os.fspath(rates)) from e


def _mark(tables: Dict[str, Any], errors: Dict[int, str], fields: Dict[int, str], pa, pc):
    """The rows the glue refused (sent with a null ``hts``, so they failed)
    given the glue's message, of kind ``invalid_input``, in ``lines`` and
    ``errors``."""
    import numpy as np

    def patch(t, rows, by_row: Dict[int, str], column: str):
        i = t.schema.get_field_index(column)
        values = np.full(t.num_rows, None, dtype=object)
        for j, r in enumerate(rows):
            if r in by_row:
                values[j] = by_row[r]
        mask = _row_mask(t.num_rows, [j for j, r in enumerate(rows) if r in by_row], pa)
        col = pc.if_else(mask, pa.array(values, pa.string()), t.column(i).cast(pa.string()))
        return t.set_column(i, column, col.cast(t.schema.field(i).type))

    kinds = {r: "invalid_input" for r in errors}
    lines = tables["lines"]
    rows = list(range(lines.num_rows))
    lines = patch(lines, rows, errors, "error")
    tables["lines"] = patch(lines, rows, kinds, "error_kind")
    err = tables["errors"]
    rows = err.column("row").to_pylist()
    err = patch(err, rows, errors, "error")
    err = patch(err, rows, kinds, "error_kind")
    tables["errors"] = patch(err, rows, fields, "field")


def _out(t: Any, kind: str, index: Any = None) -> Any:
    """An Arrow table as the input's kind."""
    if kind == "pandas":
        import pandas as pd

        df = t.to_pandas(types_mapper=pd.ArrowDtype)
        if index is not None:
            df.index = index
        return df
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(t)
    if kind == "batch":
        import pyarrow as pa

        return pa.RecordBatch.from_arrays([c.combine_chunks() for c in t.columns],
                                          schema=t.schema)
    return t


def _money(v: Any) -> Decimal:
    return Decimal(0) if v is None else Decimal(v)


class RefundReport:
    """The report of :meth:`tariffs.Schedule.refunds`.

    ``lines``, ``duties``, ``audit``, ``totals`` and ``errors`` are tables of
    the input's kind (see ``tariffs._refunds``); ``as_of`` and
    ``interest_to`` are ``datetime.date``; ``payer`` is ``corporate`` or
    ``noncorporate``. :meth:`by_category`, :meth:`by_authority` and
    :meth:`summary` sum the totals with ``decimal.Decimal``."""

    lines: Any
    duties: Any
    audit: Any
    totals: Any
    errors: Any
    as_of: datetime.date
    interest_to: datetime.date
    payer: str

    def __init__(self, tables: Dict[str, Any], kind: str, index: Any, as_of: datetime.date,
                 interest_to: datetime.date, payer: str) -> None:
        self._arrow = tables
        self.lines = _out(tables["lines"], kind, index)
        self.duties = _out(tables["duties"], kind)
        self.audit = _out(tables["audit"], kind)
        self.totals = _out(tables["totals"], kind)
        self.errors = _out(tables["errors"], kind)
        self.as_of = as_of
        self.interest_to = interest_to
        self.payer = payer

    def arrow(self, name: str) -> Any:
        """One of the tables (``lines``, ``duties``, ``audit``, ``totals``,
        ``errors``) as a ``pyarrow.Table``, whatever the input's kind."""
        if name not in TABLES:
            raise ValueError(f"no table {name!r}: expected one of {', '.join(TABLES)}")
        return self._arrow[name]

    def authorities(self) -> List[str]:
        """The IEEPA authorities of the totals' per-authority columns, in order."""
        names = self._arrow["totals"].column_names
        return names[names.index("section_122_refund") + 1:names.index("lines_with_findings")]

    def total(self, column: str) -> Decimal:
        """The sum of a money column of ``totals`` (``ieepa_principal``,
        ``ieepa_interest``, ``section_122_principal``, an authority...)."""
        return sum((_money(v) for v in self._arrow["totals"].column(column).to_pylist()),
                   Decimal("0.00"))

    def count(self, column: str) -> int:
        """The sum of a count column of ``totals`` (``lines``,
        ``failed_lines``, ``lines_with_findings``)."""
        return sum(int(v) for v in self._arrow["totals"].column(column).to_pylist())

    def by_category(self) -> Dict[str, Dict[str, Union[int, Decimal]]]:
        """Per category (``none``, ``unliquidated``, ``liquidated_in_window``,
        ``protest``, ``finally_liquidated``, ``postal_no_entry``, ``unknown`` for rows whose
        category could not be told): the counts ``lines`` and ``failed_lines``
        (``int``) and the amounts ``ieepa_principal``, ``ieepa_interest``,
        ``ieepa_refund``, ``section_122_principal``, ``section_122_interest``
        (``Decimal``)."""
        t = self._arrow["totals"]
        money = ("ieepa_principal", "ieepa_interest", "ieepa_refund",
                 "section_122_principal", "section_122_interest")
        counts = ("lines", "failed_lines")
        cols = {c: t.column(c).to_pylist() for c in money + counts}
        out: Dict[str, Dict[str, Union[int, Decimal]]] = {}
        for i, cat in enumerate(t.column("category").to_pylist()):
            d = out.setdefault(cat, {c: Decimal("0.00") for c in money} | {c: 0 for c in counts})
            for c in money:
                d[c] += _money(cols[c][i])
            for c in counts:
                d[c] += int(cols[c][i] or 0)
        order = {c: i for i, c in enumerate(CATEGORIES)}
        return dict(sorted(out.items(), key=lambda kv: order.get(kv[0], len(order))))

    def by_authority(self) -> Dict[str, Decimal]:
        """The IEEPA principal per authority (``ieepa_fentanyl``,
        ``ieepa_reciprocal``...), summed over the totals."""
        return {a: self.total(a) for a in self.authorities()}

    def cape_now(self) -> Decimal:
        """IEEPA principal and interest of the lines CBP refunds through
        CAPE today (unliquidated, or liquidated within 80 days)."""
        t = self._arrow["totals"]
        return sum((_money(v) for v, cape in zip(t.column("ieepa_refund").to_pylist(),
                                                  t.column("cape").to_pylist()) if cape),
                   Decimal("0.00"))

    def summary(self) -> str:
        """The totals by category and by IEEPA authority, as text."""
        cats = self.by_category()
        w = 22
        out = [
            f"IEEPA refund report as of {self.as_of} (interest to {self.interest_to}, "
            f"{self.payer} rates)",
            f"lines: {self.count('lines')}, failed: {self.count('failed_lines')} "
            f"(value {self.total('failed_value'):,}), with audit findings: "
            f"{self.count('lines_with_findings')}",
            "",
            f"{'by category':<{w}}{'lines':>7}{'principal':>16}{'interest':>14}{'refund':>16}",
        ]
        for c, d in cats.items():
            out.append(f"  {c:<{w - 2}}{d['lines']:>7}{d['ieepa_principal']:>16,}"
                       f"{d['ieepa_interest']:>14,}{d['ieepa_refund']:>16,}")
        out += ["", f"{'by IEEPA authority':<{w}}{'principal':>16}"]
        for a, v in self.by_authority().items():
            if v == 0:
                continue  # an authority the schedule has that no line owes
            out.append(f"  {a:<{w - 2}}{v:>16,}")
        p, i = self.total("ieepa_principal"), self.total("ieepa_interest")
        out += [
            "",
            f"IEEPA total: principal {p:,} + interest {i:,} = {p + i:,}",
            f"  refundable through CAPE now (unliquidated, liquidated within 80 days): "
            f"{self.cape_now():,}",
            f"Section 122 (pending appeal, not refundable yet): principal "
            f"{self.total('section_122_principal'):,}, interest "
            f"{self.total('section_122_interest'):,}",
        ]
        return "\n".join(out)

    def __repr__(self) -> str:
        return (f"<RefundReport as of {self.as_of}: {self.count('lines')} lines "
                f"({self.count('failed_lines')} failed), IEEPA principal "
                f"{self.total('ieepa_principal'):,} + interest "
                f"{self.total('ieepa_interest'):,}, {len(self._arrow['audit'])} audit "
                "findings>")

    def __str__(self) -> str:
        return self.summary()


def refunds(
    schedule: Any,
    frame: Any,
    filed: Any = None,
    *,
    as_of: _DateArg = None,
    interest_to: _DateArg = None,
    payer: str = "corporate",
    tolerance: Any = "1.00",
    interest_rates: Union[str, "os.PathLike[str]", None] = None,
    importer: Optional[str] = None,
) -> RefundReport:
    """See :meth:`tariffs.Schedule.refunds` and this module's docstring."""
    pa, pc = _pyarrow()
    as_of_text = _date_arg(datetime.date.today() if as_of is None else as_of, "as_of")
    to_text = _date_arg(interest_to, "interest_to")
    if not isinstance(payer, str):
        raise TypeError(f"payer must be 'corporate' or 'noncorporate', not {type(payer).__name__}")
    tol = _tariffs._decimal_text("1.00" if tolerance is None else tolerance, "tolerance")
    if importer is not None:
        importer = _tariffs._text(importer, "importer")
    rates = _interest_json(interest_rates)
    table, src, errors, fields = _input_table(frame, pa, pc)
    filed_table = None if filed is None else _filed_table(filed, pa, pc)
    res = schedule._refunds_arrow(table, filed_table, as_of_text, to_text, payer, tol, rates,
                                  importer)
    *batches, (used_as_of, used_to, payer_name) = res
    tables = {name: pa.table(b) for name, b in zip(TABLES, batches)}
    if errors:
        _mark(tables, errors, fields, pa, pc)
    return RefundReport(tables, src.kind, src.index, datetime.date.fromisoformat(used_as_of),
                        datetime.date.fromisoformat(used_to), payer_name)


__all__ = ["RefundReport", "refunds"]
