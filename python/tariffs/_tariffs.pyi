"""Type stubs of the native module ``tariffs._tariffs`` (built from bindings/python)."""

import datetime
import os
from decimal import Decimal
from typing import Any, Callable, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, Union, final

from ._refunds import RefundReport

__all__ = [
    "__version__",
    "Schedule",
    "Scenario",
    "ScheduleVersion",
    "Quote",
    "Line",
    "Excluded",
    "QuoteWarning",
    "Coverage",
    "Chapter99Status",
    "_ArrowBatch",
    "_decimal_text",
    "_date_text",
    "_text",
    "_claims_text",
    "_panic",
    "_error_classes",
    "_REFUND_CATEGORIES",
]

__version__: str
_REFUND_CATEGORIES: List[str]
"""The refund categories (``none``, ``unliquidated``...) in the core's order."""

_DecimalLike = Union[Decimal, int, str]
"""Money and quantities: ``Decimal``, ``int`` or decimal ``str``; a ``float`` raises ``TypeError``."""
_DateLike = Union[datetime.date, str]
"""A ``datetime.date`` (not a ``datetime.datetime``) or an ISO ``"YYYY-MM-DD"`` string."""
_Mode = Literal["ocean", "air", "truck", "rail", "postal", "express"]
_DateArg = Union[datetime.date, str, Any]
"""A ``datetime.date``, an ISO ``"YYYY-MM-DD"`` string, or a datetime at midnight
(``pandas.Timestamp``, ``numpy.datetime64``)."""
_GroupKind = Literal["origin", "authority", "chapter"]

@final
class ScheduleVersion:
    """What a schedule reflects."""

    @property
    def name(self) -> str: ...
    @property
    def hts_revision(self) -> str:
        """The newest HTS revision the base rates come from."""
    @property
    def policy_date(self) -> Optional[datetime.date]:
        """The date up to which the policy measures were reviewed."""
    @property
    def notes(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Line:
    """One applied line of a quote."""

    @property
    def kind(self) -> Literal["base", "additional", "exemption", "fee"]: ...
    @property
    def authority(self) -> str:
        """``mfn``, ``section_301``, ``ieepa_fentanyl``, ``mpf``..."""
    @property
    def heading(self) -> Optional[str]:
        """The HTS heading or provision (``6109.10.00``, ``9903.88.15``)."""
    @property
    def id(self) -> Optional[str]:
        """The measure, exemption or fee id in the schedule (``None`` for base lines)."""
    @property
    def rate(self) -> str:
        """The rate in short form (``16.5%``, ``$1.035/kg + 17%``; a measure's
        as what it adds: ``+20%``; an all-in floor: ``15% all-in``)."""
    @property
    def legal_text(self) -> Optional[str]:
        """The rate as the legal text writes it (the HTS column's text of a
        base line, the Chapter 99 heading's rate of a measure: ``The duty
        provided in the applicable subheading + 20%``); ``None`` for floors,
        exemptions and fees."""
    @property
    def base(self) -> Decimal:
        """The amount the rate applied to."""
    @property
    def amount(self) -> Decimal:
        """Rounded to the cent, half away from zero; never negative."""
    @property
    def reason(self) -> str: ...
    @property
    def source(self) -> str:
        """The legal source (Federal Register document, proclamation, HTS revision)."""
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Excluded:
    """A measure, exemption or fee that matched but did not apply, and why."""

    @property
    def kind(self) -> Literal["measure", "base", "exemption", "fee"]: ...
    @property
    def id(self) -> str: ...
    @property
    def authority(self) -> str: ...
    @property
    def heading(self) -> Optional[str]: ...
    @property
    def reason(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class QuoteWarning:
    """A warning on a quote: its numbers are given, but may be incomplete.
    ``str(warning)`` is the message."""

    @property
    def kind(self) -> Literal["after_reviewed_date"]:
        """``after_reviewed_date``: the entry date is after the date the
        schedule's policy was reviewed through, so duties announced since may
        be missing."""
    @property
    def message(self) -> str:
        """One sentence saying what may be missing and what to do."""
    def to_dict(self) -> Dict[str, str]:
        """``{"kind": ..., "message": ...}``."""

@final
class Coverage:
    """What a schedule answers for (``Schedule.coverage()``)."""

    @property
    def name(self) -> str:
        """``builtin``, or the ``version.name`` of a schedule file."""
    @property
    def first_date(self) -> Optional[datetime.date]:
        """The first entry date answered (earlier dates raise ``NotCovered``);
        ``None`` when the schedule has no base lines and sets none."""
    @property
    def hts_revision(self) -> str:
        """The newest HTS revision the schedule reflects (``2026 rev 21``)."""
    @property
    def hts_published(self) -> Optional[datetime.date]: ...
    @property
    def hts_effective(self) -> Optional[datetime.date]: ...
    @property
    def base_revision(self) -> str:
        """The newest revision whose base-rate lines are loaded."""
    @property
    def reviewed_through(self) -> Optional[datetime.date]:
        """The date the policy was reviewed through (the newest source
        modelled): quotes dated after it carry a warning, and a strict
        schedule refuses them."""
    @property
    def chapter99_headings(self) -> int:
        """How many Chapter 99 headings of the newest revision the schedule
        knows (0 for a schedule file, before ``with_hts_export``)."""
    @property
    def chapter99_modelled(self) -> int:
        """How many of them an item of the schedule models."""
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Chapter99Status:
    """A Chapter 99 heading of the newest revision the schedule knows."""

    @property
    def heading(self) -> str:
        """``9903.88.15``."""
    @property
    def general(self) -> str:
        """Its general rate text as printed in the HTS."""
    @property
    def description(self) -> str: ...
    @property
    def modelled_by(self) -> List[str]:
        """The ids of the measures, exemptions and prohibitions that name it
        (``heading``) or cite it (``source``); empty when nothing models it."""
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Quote:
    """The explained duty on one entry. ``str(quote)`` is a readable table."""

    @property
    def importer(self) -> str: ...
    @property
    def origin(self) -> str: ...
    @property
    def hts(self) -> str: ...
    @property
    def date(self) -> datetime.date: ...
    @property
    def mode(self) -> _Mode: ...
    @property
    def currency(self) -> str:
        """The importer's currency, in which every amount is stated."""
    @property
    def customs_value(self) -> Decimal:
        """The value in the importer's currency (not rounded)."""
    @property
    def lines(self) -> List[Line]:
        """Applied lines, in order: base, additional, exemptions, fees."""
    @property
    def excluded(self) -> List[Excluded]: ...
    @property
    def duty(self) -> Decimal:
        """Base plus additional duties: the exact sum of those lines."""
    @property
    def fees(self) -> Decimal: ...
    @property
    def total(self) -> Decimal:
        """Duty plus fees."""
    @property
    def effective_rate(self) -> Decimal:
        """Duty ÷ customs value as a fraction (``Decimal("0.365")`` = 36.5%), 6 places."""
    @property
    def notes(self) -> List[str]: ...
    @property
    def warnings(self) -> List[QuoteWarning]:
        """Empty, or why the quote may be incomplete (e.g. an entry date after
        the date the schedule's policy was reviewed through)."""
    def amount_of(self, authority: str) -> Decimal:
        """The sum of the lines of one authority (0 when none applied)."""
    def to_dict(self) -> Dict[str, Any]:
        """Plain Python values: amounts as ``Decimal``, the date as ``datetime.date``."""
    def to_json(self) -> str:
        """One JSON object, decimals as strings."""

@final
class Scenario:
    """A what-if on one importer's measures, built with ``Schedule.scenario()``.

    Immutable: every method returns a new ``Scenario``, so one can branch::

        base = schedule.scenario("US").remove("world-10")
        high = base.set_rate("cn-extra-20", "50%").build()
        low = base.set_rate("cn-extra-20", "10%").build()
    """

    def set_rate(self, id: str, rate: str) -> "Scenario":
        """Sets the rate of measure ``id`` (a USITC rate text: ``"50%"``,
        ``"$1.035/kg + 17%"``). Raises ``InvalidInput`` with ``field == "id"``
        for an unknown measure, ``field == "rate"`` for a malformed rate."""
    def set_dates(self, id: str, from_: _DateArg, until: Optional[_DateArg] = None) -> "Scenario":
        """Moves measure ``id`` to ``[from_, until)``; ``until=None`` is open-ended.
        Raises ``InvalidInput`` (``field`` ``"from"``/``"until"``/``"id"``)."""
    def remove(self, id: str) -> "Scenario":
        """Removes a measure, exemption or fee; an unknown id raises
        ``ScheduleError`` (``field == "remove"``) at ``build()``."""
    def add_measure(self, measure: Union[Mapping[str, Any], str]) -> "Scenario":
        """Adds (or replaces, by id) a measure in the schedule format (a dict or
        JSON text: ``id``, ``authority``, ``rate``, ``origins``, ``from``, ``source``...)."""
    def build(self) -> "Schedule":
        """A new, validated schedule with the changes (the original is unchanged)."""
    def to_overlay_json(self) -> str:
        """The changes as an overlay, for ``Schedule.with_overlay`` or a file."""

@final
class Schedule:
    """A loaded, validated, immutable tariff schedule. Thread-safe: share one."""

    @staticmethod
    def builtin() -> "Schedule":
        """The embedded default schedule (built once, then shared)."""
    @staticmethod
    def from_json(text: str) -> "Schedule":
        """A schedule from JSON text (format ``tariffs-schedule/1``); raises
        ``ScheduleError``, or ``InvalidInput`` (``field == "text"``) for a
        ``str`` that is not valid Unicode (a lone surrogate)."""
    @staticmethod
    def from_path(path: Union[str, "os.PathLike[str]"]) -> "Schedule":
        """A schedule from a JSON file; raises ``ScheduleError``."""
    def with_overlay_json(self, text: str) -> "Schedule":
        """This schedule with a JSON overlay laid on top (items replaced by id)."""
    def with_overlay(self, overlay: Union[str, Mapping[str, Any], "os.PathLike[str]"]) -> "Schedule":
        """A new schedule: this one with an overlay (a ``tariffs-schedule/1``
        fragment) laid on top. ``overlay`` is JSON text (a ``str`` starting
        with ``{``), a dict (decimals and dates may be ``Decimal``/``date``
        objects), or the path of a JSON file. Measures, exemptions and fees
        replace those with the same id; ``"remove": [ids]`` drops some.
        Raises ``ScheduleError`` naming the file and field."""
    def scenario(self, importer: str = "US") -> Scenario:
        """A what-if builder on the importer's measures: ``set_rate``,
        ``set_dates``, ``remove``, ``add_measure``, then ``build()``."""
    def change_dates(self, importer: str = "US") -> List[datetime.date]:
        """Every date on which something in the importer's schedule starts or
        stops (base lines, measures, exemptions, suspensions, fees), sorted."""
    def rate_panel(
        self,
        date: _DateArg,
        *,
        importer: str = "US",
        origins: Union[Sequence[str], str, None] = None,
        as_: Literal["pandas", "arrow"] = "pandas",
        dtype_backend: Optional[Literal["pyarrow"]] = None,
    ) -> Any:
        """The rate of every tariff line in force x every origin on ``date``.

        One row per (line, origin), code-major, with the columns ``date``,
        ``hts``, ``origin``, ``total``, one column per duty authority
        (``mfn``, ``section_301``...), ``specific`` (bool) and ``error``.
        Rates are fractions (``0.165`` = 16.5%): the duty on an ocean entry
        of a nominal 1,000,000 without claims and with every quantity zero,
        divided by that value, so a line with a specific rate
        (``specific == True``) shows only its ad valorem part. Arrow:
        ``decimal128(38, 10)``, exact; pandas: ``Decimal`` objects (or Arrow
        decimals with ``dtype_backend="pyarrow"``). A cell whose rate cannot
        be evaluated has null rates and its ``error``. ``origins=None`` means
        every country but the importer."""
    def diff(
        self,
        other: Optional["Schedule"],
        date: _DateArg,
        *,
        other_date: Optional[_DateArg] = None,
        importer: str = "US",
        origins: Union[Sequence[str], str, None] = None,
        as_: Literal["pandas", "arrow"] = "pandas",
        dtype_backend: Optional[Literal["pyarrow"]] = None,
    ) -> Any:
        """The panel cells that differ between this schedule on ``date``
        (before) and ``other`` (or this schedule when ``None``) on
        ``other_date`` (or ``date``): columns ``hts``, ``origin``,
        ``authority`` (an authority, or ``total``), ``before``, ``after``
        (rates as in ``rate_panel``). ``diff(None, d)`` without ``other_date``
        raises ``InvalidInput`` (``field == "other_date"``)."""
    def effective_rate(
        self,
        basket: Any,
        date: Union[_DateArg, Iterable[_DateArg], None] = None,
        *,
        by: Union[Iterable[_GroupKind], _GroupKind] = ("origin", "authority", "chapter"),
    ) -> Any:
        """The import-weighted effective tariff rate of a basket: duties
        (base + additional, not fees) over customs value.

        ``basket`` has the columns of ``quote_many`` (``hts``, ``origin``,
        ``value``, optional ``date``, ``mode``, ``claims``, ``qty_<unit>``...).
        ``date=None`` quotes each row on its own ``date``; a date re-dates
        every row to it; a list of dates (or ``pd.date_range``) gives the
        series, one block of rows per date.

        Returns a ``pandas.DataFrame`` with the columns ``date`` (only when
        ``date`` is given), ``group_kind`` (``overall``, then ``origin``,
        ``authority``, ``chapter`` as asked by ``by``), ``group`` (``all``, a
        country, an authority, a two-digit chapter), ``value``, ``duty``,
        ``rate`` (``Decimal``, exact; ``rate`` = duty ÷ value to 6 places)
        and ``entries``. For an authority, ``value`` is the whole basket's,
        so authority rates add up to the overall rate. Rows that cannot be
        quoted are left out of every sum and listed in
        ``result.attrs["errors"]`` as ``tariffs.RowError`` tuples ``(row,
        index, date, kind, field, message)`` (a ``RuntimeWarning`` says how
        many)."""
    @property
    def version(self) -> ScheduleVersion: ...
    def coverage(self) -> Coverage:
        """What the schedule answers for: its first date, HTS revision, the
        date its policy was reviewed through, Chapter 99 counts."""
    def chapter99_report(self) -> List[Chapter99Status]:
        """Every Chapter 99 heading of the newest revision the schedule knows
        (the builtin's revision, or the export's after ``with_hts_export``;
        none for a schedule file), sorted, with the items that model it."""
    def unmodelled_chapter99(self) -> List[Chapter99Status]:
        """The headings of ``chapter99_report()`` that nothing models."""
    def strict(self, flag: bool = True) -> "Schedule":
        """This schedule, strict or not (a new ``Schedule``; cheap). A strict
        schedule raises ``NotCovered`` for an entry dated after the
        reviewed-through date instead of quoting it with a warning."""
    @property
    def is_strict(self) -> bool: ...
    def with_hts_export(
        self, path: Union[str, "os.PathLike[str]"], effective_date: _DateLike
    ) -> "Schedule":
        """A new schedule: this one with a USITC HTS export (JSON, plain or
        gzip) as its US base rates from ``effective_date`` on; its Chapter 99
        headings become the list ``chapter99_report`` uses. Raises
        ``ScheduleError`` (``kind`` ``io`` or ``schedule``) naming the file,
        ``InvalidInput`` (``field == "effective_date"``) for a bad date."""
    @property
    def importers(self) -> List[str]: ...
    @property
    def authorities(self) -> List[str]:
        """The per-authority columns of ``quote_many``, sorted."""
    def quote(
        self,
        hts: str,
        origin: str,
        value: _DecimalLike,
        date: _DateLike,
        *,
        importer: str = "US",
        mode: _Mode = "ocean",
        currency: Optional[str] = None,
        exchange_rate: Optional[_DecimalLike] = None,
        quantities: Optional[Mapping[str, _DecimalLike]] = None,
        claims: Union[Iterable[str], str, None] = (),
        loaded_on: Optional[_DateLike] = None,
    ) -> Quote:
        """Quotes one entry, with the GIL released.

        ``currency`` defaults to the importer's currency (as the CLI's
        ``--currency``); a currency other than the importer's needs
        ``exchange_rate`` (importer currency per unit).
        ``quantities`` maps units to amounts, e.g. ``{"kg": Decimal("12.5"), "no": 3}``.
        ``claims`` is a list of names (``["USMCA"]``) or a comma-separated str.

        Raises ``TypeError`` for a wrong Python type (a ``float`` value),
        ``TooLarge`` for a ``Decimal`` beyond the engine's 96-bit range or
        with more than 28 digits after the point (checked on its digits and
        exponent, so ``Decimal("1E+1000000000")`` is refused at once),
        ``InvalidInput``, ``UnknownCode``, ``MissingQuantity``,
        ``ScheduleError``, ``Prohibited`` (an import ban matched) or
        ``NotCovered`` (a date before the schedule's first date, or after its
        reviewed-through date on a strict schedule) otherwise, each with
        ``.field`` and ``.value``. A date after the reviewed-through date on
        a schedule that is not strict gives the quote with ``warnings``.
        """
    def quote_many(
        self,
        rows: Any,
        *,
        progress: bool = False,
        decimals: Optional[Literal["arrow", "object"]] = None,
        dtype_backend: Optional[Literal["pyarrow"]] = None,
    ) -> Any:
        """Quotes every row of a pandas DataFrame, a pyarrow Table/RecordBatch, a
        polars DataFrame or an ``__arrow_c_stream__`` object; returns a table of
        the same kind (other capsule objects: a pyarrow Table) with ``duty``,
        ``fees``, ``total``, ``effective_rate``, one column per authority that
        some row of the batch has (``0.00`` on rows without it), ``error``
        (per-row message, null when the row quoted), ``error_kind`` (the
        error's kind, e.g. ``unknown_code``) and ``warning`` (null, or the
        text of a row quoted with a warning). Amounts are Arrow decimal128,
        null on failed rows; pandas out has Arrow-backed columns
        (``pd.ArrowDtype(pa.decimal128(38, 2))``) unless
        ``decimals="object"`` (``Decimal`` objects, object dtype).
        ``dtype_backend="pyarrow"`` is a deprecated alias of the default.
        A polars ``LazyFrame`` raises ``TypeError``: collect it, or quote it
        batch by batch with ``LazyFrame.map_batches`` (docs/dataframes.md).
        See ``tariffs._batch``."""
    def refunds(
        self,
        frame: Any,
        filed: Any = None,
        *,
        as_of: Optional[_DateLike] = None,
        interest_to: Optional[_DateLike] = None,
        payer: Optional[Literal["corporate", "noncorporate"]] = None,
        tolerance: Optional[_DecimalLike] = None,
        interest_rates: Union[str, "os.PathLike[str]", None] = None,
        importer: Optional[str] = None,
    ) -> RefundReport:
        """The IEEPA refund report and the audit of filed duties of a table of
        entry lines (the columns of ``quote_many`` plus ``entry_number``,
        ``line_number``, ``importer_of_record``, ``deposit_date``,
        ``liquidation_date``, ``liquidation_status`` and ``filed_<key>``;
        ``filed``: the long table ``entry_number``, ``line_number``,
        ``key``/``heading``, ``amount``). ``as_of`` defaults to today,
        ``interest_to`` to ``as_of``, ``payer`` to ``corporate``, ``tolerance``
        to ``1.00``; ``interest_rates`` is the path or JSON text of a
        ``tariffs-interest/1`` table (default: the builtin one). Returns a
        ``RefundReport`` whose tables are of the input's kind. See
        ``tariffs._refunds``."""
    def _refunds_arrow(
        self,
        table: Any,
        filed: Optional[Any],
        as_of: str,
        interest_to: Optional[str],
        payer: str,
        tolerance: str,
        interest_rates_json: Optional[str],
        importer: Optional[str],
    ) -> Tuple[_ArrowBatch, _ArrowBatch, _ArrowBatch, _ArrowBatch, _ArrowBatch,
               Tuple[str, str, str]]: ...
    def _rate_panel(self, date: str, importer: str, origins: Optional[List[str]] = None) -> _ArrowBatch: ...
    def _panel_diff(
        self, other: Optional["Schedule"], date: str, other_date: Optional[str], importer: str,
        origins: Optional[List[str]] = None,
    ) -> _ArrowBatch: ...
    def _effective_rates(
        self,
        n: int,
        columns: Dict[str, Any],
        quantities: Sequence[Tuple[str, Any]],
        row_errors: Optional[Dict[int, str]] = None,
        dates: Optional[List[str]] = None,
        by: Sequence[str] = ...,
    ) -> Dict[str, Any]: ...
    def _quote_arrow(
        self, rows: Any, n: int, progress: Optional[Callable[[int], None]] = None
    ) -> _ArrowBatch: ...

@final
class _ArrowBatch:
    """A record batch of results, exported through the Arrow PyCapsule
    interface: ``pyarrow.table(b)``, ``pyarrow.record_batch(b)``,
    ``polars.DataFrame(b)`` take its buffers without copying."""
    @property
    def num_rows(self) -> int: ...
    @property
    def column_names(self) -> List[str]: ...
    def __arrow_c_schema__(self) -> Any: ...
    def __arrow_c_array__(self, requested_schema: Optional[Any] = None) -> Tuple[Any, Any]: ...
    def __arrow_c_stream__(self, requested_schema: Optional[Any] = None) -> Any: ...
    def __len__(self) -> int: ...

def _decimal_text(value: Any, field: str) -> str: ...
def _date_text(value: Any, field: str) -> str: ...
def _text(value: Any, field: str) -> str: ...
def _claims_text(value: Any) -> str: ...
def _panic(message: str, on_worker: bool = False) -> None: ...
def _error_classes() -> List[Tuple[str, str]]: ...
