"""Quote a Spark DataFrame: ``tariffs.spark.quote_spark(df)``.

Needs ``pip install 'tariffs[spark]'`` (pyspark and pyarrow) on the driver,
and the ``tariffs`` package on every executor (see docs/spark.md). Importing
``tariffs`` does not import pyspark; importing ``tariffs.spark`` does not
either (pyspark is imported when ``quote_spark`` is called).

Example::

    from tariffs.spark import quote_spark
    out = quote_spark(df)                      # the builtin schedule
    out = quote_spark(df, "schedule.json")     # a schedule file
    out.groupBy("origin").sum("duty").show()

How it runs: ``df.mapInArrow``. Each executor's Python worker receives the
rows as Arrow record batches (``spark.sql.execution.arrow.maxRecordsPerBatch``
rows each, 10,000 by default) and quotes them with ``Schedule.quote_many``,
in Rust, on the worker's cores. The schedule is built **once per executor
process** and kept in a module-level cache keyed by its :class:`ScheduleSpec`,
so every batch and every task that the process runs reuses it. A
``Schedule`` object cannot be pickled (it is a Rust object), so what travels
to the executors is the spec: ``None`` (the builtin, embedded in the
package), a schedule file path, overlays as JSON text or paths, ``strict``.
A path that does not exist on an executor is looked up with
``pyspark.SparkFiles.get(basename)``, so ``spark.sparkContext.addFile(path)``
distributes a schedule file.

Output: the input columns, then the columns of ``quote_many``: ``duty``,
``fees``, ``total`` (``decimal(38,2)``), ``effective_rate``
(``decimal(38,6)``), one ``decimal(38,2)`` column per authority, ``error``,
``error_kind``, ``warning`` (strings). Spark needs the schema before any row
is quoted, while ``quote_many`` gives a column only to the authorities some
row of its batch has a line of. So the Spark result has a column for
**every authority the schedule can produce** (``Schedule.authorities``, in
that order, the order of ``quote_many``; a name equal to another result
column gets the prefix ``authority_``, as in ``quote_many``): ``0.00`` on a
row without a line of it, null on a failed row, exactly what ``quote_many``
gives in the columns it has. A row that fails keeps its place, with nulls in
the amounts and its message in ``error``: no row is ever dropped.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import threading
from decimal import Decimal
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _batch
from ._errors import InvalidInput
from ._tariffs import Schedule

__all__ = ["ScheduleSpec", "quote_spark", "result_fields", "schedule_for"]

#: The result columns besides the authorities' (``tariffs::arrow``), in order.
MONEY = ("duty", "fees", "total")
TEXT = ("error", "error_kind", "warning")
_FIXED = MONEY + ("effective_rate",) + TEXT


@dataclasses.dataclass(frozen=True)
class ScheduleSpec:
    """What schedule to quote with, in a form that can travel to executors.

    - ``path``: a schedule file (``tariffs-schedule/1`` JSON), or ``None``
      for the builtin schedule;
    - ``overlays``: overlays laid on top in order, each JSON text (a ``str``
      starting with ``{``, e.g. ``Scenario.to_overlay_json()``) or the path
      of a JSON file;
    - ``strict``: a strict schedule (``Schedule.strict()``) fails rows dated
      after its reviewed-through date instead of warning.

    Paths that do not exist where the schedule is built (an executor) are
    looked up with ``pyspark.SparkFiles.get(basename)``.
    """

    path: Optional[str] = None
    overlays: Tuple[str, ...] = ()
    strict: bool = False

    def __post_init__(self) -> None:
        if self.path is not None:
            object.__setattr__(self, "path", os.fspath(self.path))
        if isinstance(self.overlays, (str, os.PathLike)):
            raise TypeError("ScheduleSpec.overlays is a tuple of overlays: write overlays=(text,)")
        object.__setattr__(self, "overlays", tuple(os.fspath(o) for o in self.overlays))

    def build(self) -> Schedule:
        """A new schedule from this spec (no cache: see :func:`schedule_for`)."""
        s = Schedule.builtin() if self.path is None else Schedule.from_path(_local(self.path))
        for o in self.overlays:
            s = s.with_overlay(o if o.lstrip().startswith("{") else _local(o))
        return s.strict(self.strict)


SpecLike = Union[None, str, "os.PathLike[str]", ScheduleSpec]

_CACHE: Dict[ScheduleSpec, Schedule] = {}
_LOCK = threading.Lock()


def _spec(schedule: Any) -> ScheduleSpec:
    if schedule is None:
        return ScheduleSpec()
    if isinstance(schedule, ScheduleSpec):
        return schedule
    if isinstance(schedule, (str, os.PathLike)):
        return ScheduleSpec(path=os.fspath(schedule))
    if isinstance(schedule, Schedule):
        raise TypeError(
            "quote_spark needs a schedule spec, not a Schedule object: a Schedule is a Rust "
            "object that cannot be sent to executors. Pass None (the builtin), the path of a "
            "schedule file, or tariffs.spark.ScheduleSpec(path, overlays=(...), strict=...)"
        )
    raise TypeError(
        f"schedule must be None, a schedule file path or a tariffs.spark.ScheduleSpec, "
        f"not {type(schedule).__name__}"
    )


def _local(path: str) -> str:
    """``path``, or where Spark put the file of that name (``SparkFiles``)."""
    if os.path.exists(path):
        return path
    try:
        from pyspark import SparkFiles

        there = SparkFiles.get(os.path.basename(path))
    except Exception:  # no pyspark, or no SparkContext / SparkFiles root here
        return path  # Schedule.from_path then says the file is missing
    return there if os.path.exists(there) else path


def schedule_for(schedule: SpecLike = None) -> Schedule:
    """The schedule of a spec, built once per process and then reused (the
    cache :func:`quote_spark` uses on the executors)."""
    spec = _spec(schedule)
    with _LOCK:
        s = _CACHE.get(spec)
        if s is None:
            s = spec.build()
            _CACHE[spec] = s
        return s


def _authority_names(authorities: Sequence[str]) -> List[str]:
    """The column names of the authorities, as ``quote_many`` names them."""
    return [("authority_" + a) if a in _FIXED else a for a in authorities]


def result_fields(schedule: SpecLike = None) -> List[Tuple[str, str]]:
    """The result columns ``quote_spark`` adds, as ``(name, Spark SQL type)``
    pairs, in order: every authority of the schedule gets a column."""
    auth = _authority_names(schedule_for(schedule).authorities)
    return (
        [(c, "decimal(38,2)") for c in MONEY]
        + [("effective_rate", "decimal(38,6)")]
        + [(a, "decimal(38,2)") for a in auth]
        + [(c, "string") for c in TEXT]
    )


# Spark types quote_many reads, per kind of column (see tariffs._batch).
_TEXT = ("StringType", "CharType", "VarcharType")
_INTS = ("ByteType", "ShortType", "IntegerType", "LongType")
_ACCEPT = {
    "text": _TEXT,
    "decimal": _TEXT + _INTS + ("DecimalType",),
    "date": _TEXT + ("DateType", "TimestampType", "TimestampNTZType"),
    "claims": _TEXT + ("ArrayType",),
}
_WANT = {
    "text": "strings",
    "decimal": "DecimalType, integers or decimal strings",
    "date": "DateType, ISO date strings, or timestamps at midnight",
    "claims": "strings (\"USMCA,KORUS\") or arrays of strings",
}


def _check_input(schema: Any) -> None:
    """Refuses, before any job runs, what ``quote_many`` would refuse on
    every executor: a missing required column, a column of a type it cannot
    read (a float ``value``), a duplicate name."""
    names = [f.name for f in schema.fields]
    missing = [c for c in _batch.REQUIRED if c not in names]
    if missing:
        raise InvalidInput(
            f"quote_spark needs the columns hts, origin, value and date; missing {', '.join(missing)}",
            kind="invalid_input", field=missing[0], value=None,
        )
    for f in schema.fields:
        if f.name in _batch.CATEGORY:
            category = _batch.CATEGORY[f.name]
        elif f.name.startswith(_batch.QTY_PREFIX) and len(f.name) > len(_batch.QTY_PREFIX):
            category = "decimal"
        else:
            continue
        if names.count(f.name) > 1:
            raise ValueError(f"quote_spark: the column {f.name!r} appears more than once")
        t = type(f.dataType).__name__
        if category == "claims" and t == "ArrayType":
            t = type(f.dataType.elementType).__name__
            ok = t in _TEXT
        else:
            ok = t in _ACCEPT[category]
        if ok:
            continue
        if category == "decimal" and t in ("FloatType", "DoubleType"):
            raise TypeError(
                f"column {f.name!r} is {f.dataType.simpleString()}: a float cannot hold money "
                f"exactly, so float columns are refused; cast it first, e.g. "
                f"df.withColumn({f.name!r}, F.col({f.name!r}).cast('decimal(18,2)')) (or better, "
                f"read it as a decimal or a string from the source)"
            )
        raise TypeError(
            f"column {f.name!r} is {f.dataType.simpleString()}: expected {_WANT[category]}"
        )


def quote_spark(
    df: Any,
    schedule: SpecLike = None,
    importer: Optional[str] = None,
    batch_size: Optional[int] = None,
) -> Any:
    """Quotes every row of the Spark DataFrame ``df``; returns a DataFrame
    with ``df``'s columns and the result columns (see this module's
    docstring), one row per input row, in the same partitions.

    - ``schedule``: ``None`` (the builtin), a schedule file path, or a
      :class:`ScheduleSpec`. It is built here once (to check it and to know
      its authorities: the schema) and once per executor process.
    - ``importer``: the importer of rows without one (no ``importer``
      column, or a null cell); default ``US``.
    - ``batch_size``: rows per ``quote_many`` call on an executor. ``None``
      quotes each Arrow batch as Spark sends it
      (``spark.sql.execution.arrow.maxRecordsPerBatch`` rows); a larger
      number gathers batches first (fewer, larger calls: each uses every
      core of the worker).

    Lazy, as any Spark transformation: rows are quoted when an action runs.
    Raises here, before any job, for a missing required column, a column
    type ``quote_many`` cannot read (a float ``value``), a result column
    name already in ``df``, or a schedule that cannot be built.
    """
    from pyspark.sql.types import StructType

    spec = _spec(schedule)
    if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
        raise ValueError(f"batch_size must be a positive int or None, not {batch_size!r}")
    if importer is not None and not isinstance(importer, str):
        raise TypeError(f"importer must be a str or None, not {type(importer).__name__}")
    _check_input(df.schema)
    authorities = list(schedule_for(spec).authorities)
    added = result_fields(spec)
    taken = {f.name.lower(): f.name for f in df.schema.fields}
    clash = [taken[n.lower()] for n, _ in added if n.lower() in taken]
    if clash:
        raise ValueError(
            f"quote_spark: the input already has the result column(s) {', '.join(clash)}; "
            f"rename or drop them first (e.g. df.withColumnRenamed({clash[0]!r}, "
            f"'{clash[0]}_in'))"
        )
    # A new StructType: StructType.add would change df's cached schema in place.
    schema = StructType(list(df.schema.fields))
    for name, sql in added:
        schema = schema.add(name, sql, nullable=True)
    fn = functools.partial(_quote_batches, spec, tuple(authorities), importer, batch_size)
    return df.mapInArrow(fn, schema)


def _gather(batches: Iterable[Any], size: Optional[int]) -> Iterator[List[Any]]:
    """The batches in groups of at least ``size`` rows (one by one without)."""
    group: List[Any] = []
    rows = 0
    for b in batches:
        if b.num_rows == 0:
            continue
        group.append(b)
        rows += b.num_rows
        if size is None or rows >= size:
            yield group
            group, rows = [], 0
    if group:
        yield group


def _quote_batches(
    spec: ScheduleSpec,
    authorities: Tuple[str, ...],
    importer: Optional[str],
    batch_size: Optional[int],
    batches: Iterable[Any],
) -> Iterator[Any]:
    """The function ``mapInArrow`` runs on the executors."""
    import pyarrow as pa

    schedule = schedule_for(spec)
    if tuple(schedule.authorities) != authorities:
        raise RuntimeError(
            f"the schedule {spec} built on this executor has the authorities "
            f"{list(schedule.authorities)}, the driver's had {list(authorities)}: the schedule "
            "files differ between the driver and the executors; distribute one file "
            "(spark.sparkContext.addFile) or install the same tariffs version everywhere"
        )
    for group in _gather(batches, batch_size):
        table = pa.Table.from_batches(group)
        yield from quote_table(schedule, table, authorities, importer).to_batches()


def quote_table(
    schedule: Schedule, table: Any, authorities: Sequence[str], importer: Optional[str] = None
) -> Any:
    """``table`` (a ``pyarrow.Table``) with the result columns of
    ``quote_spark`` appended: those of ``schedule.quote_many(table)``, with
    a column for every authority of ``authorities`` (``0.00`` where the row
    quoted without a line of it, null where it failed) and the text columns
    as plain strings. What each Spark batch becomes."""
    import pyarrow as pa
    import pyarrow.compute as pc

    entries = table
    if importer is not None:
        if "importer" in table.column_names:
            i = table.column_names.index("importer")
            filled = pc.fill_null(table.column(i), pa.scalar(importer, table.column(i).type))
            entries = table.set_column(i, "importer", filled)
        else:
            entries = table.append_column("importer", pa.array([importer] * table.num_rows,
                                                               pa.string()))
    res = schedule.quote_many(entries)
    money = pa.decimal128(38, 2)
    quoted = pc.is_valid(res.column("duty"))
    zero = pc.if_else(quoted, pa.scalar(Decimal("0.00"), money), pa.scalar(None, money))
    out = table
    for name in MONEY + ("effective_rate",):
        out = out.append_column(name, res.column(name))
    for name in _authority_names(authorities):
        col = res.column(name) if name in res.column_names else zero
        out = out.append_column(name, col)
    for name in TEXT:
        col = res.column(name)
        if pa.types.is_dictionary(col.type):
            col = pc.cast(col, pa.string())
        out = out.append_column(name, col.cast(pa.string()))
    return out
