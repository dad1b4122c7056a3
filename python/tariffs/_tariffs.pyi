"""Type stubs of the native module ``tariffs._tariffs`` (built from bindings/python)."""

import datetime
import os
from decimal import Decimal
from typing import Any, Callable, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, Union, final

__all__ = [
    "__version__",
    "Schedule",
    "ScheduleVersion",
    "Quote",
    "Line",
    "Excluded",
    "_decimal_text",
    "_date_text",
    "_text",
    "_claims_text",
]

__version__: str

_DecimalLike = Union[Decimal, int, str]
"""Money and quantities: ``Decimal``, ``int`` or decimal ``str``; a ``float`` raises ``TypeError``."""
_DateLike = Union[datetime.date, str]
"""A ``datetime.date`` (not a ``datetime.datetime``) or an ISO ``"YYYY-MM-DD"`` string."""
_Mode = Literal["ocean", "air", "truck", "rail", "postal", "express"]

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
        """The rate as text (``16.5%``, ``$1.035/kg + 17%``)."""
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
    def amount_of(self, authority: str) -> Decimal:
        """The sum of the lines of one authority (0 when none applied)."""
    def to_dict(self) -> Dict[str, Any]:
        """Plain Python values: amounts as ``Decimal``, the date as ``datetime.date``."""
    def to_json(self) -> str:
        """One JSON object, decimals as strings."""

@final
class Schedule:
    """A loaded, validated, immutable tariff schedule. Thread-safe: share one."""

    @staticmethod
    def builtin() -> "Schedule":
        """The embedded default schedule (built once, then shared)."""
    @staticmethod
    def from_json(text: str) -> "Schedule":
        """A schedule from JSON text (format ``tariffs-schedule/1``); raises ``ScheduleError``."""
    @staticmethod
    def from_path(path: Union[str, "os.PathLike[str]"]) -> "Schedule":
        """A schedule from a JSON file; raises ``ScheduleError``."""
    def with_overlay_json(self, text: str) -> "Schedule":
        """This schedule with a JSON overlay laid on top (items replaced by id)."""
    @property
    def version(self) -> ScheduleVersion: ...
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
        currency: Optional[str] = "USD",
        exchange_rate: Optional[_DecimalLike] = None,
        quantities: Optional[Mapping[str, _DecimalLike]] = None,
        claims: Union[Iterable[str], str, None] = (),
        loaded_on: Optional[_DateLike] = None,
    ) -> Quote:
        """Quotes one entry, with the GIL released.

        ``currency=None`` means the importer's currency; a currency other than
        the importer's needs ``exchange_rate`` (importer currency per unit).
        ``quantities`` maps units to amounts, e.g. ``{"kg": Decimal("12.5"), "no": 3}``.
        ``claims`` is a list of names (``["USMCA"]``) or a comma-separated str.

        Raises ``TypeError`` for a wrong Python type (a ``float`` value),
        ``InvalidInput``, ``UnknownCode``, ``MissingQuantity`` or
        ``ScheduleError`` otherwise, each with ``.field`` and ``.value``.
        """
    def quote_many(
        self, rows: Any, *, progress: bool = False, dtype_backend: Optional[Literal["pyarrow"]] = None
    ) -> Any:
        """Quotes every row of a pandas DataFrame, a pyarrow Table/RecordBatch or
        an ``__arrow_c_stream__`` object; returns a table of the same kind with
        ``duty``, ``fees``, ``total``, ``effective_rate``, one column per
        authority, and ``error`` (per-row message, null when the row quoted).
        Amounts are Arrow decimal128 (pandas: ``Decimal`` objects, or Arrow
        decimal columns with ``dtype_backend="pyarrow"``). See ``tariffs._batch``."""
    def _quote_columns(
        self,
        n: int,
        columns: Dict[str, Any],
        quantities: Sequence[Tuple[str, Any]],
        row_errors: Optional[Dict[int, str]] = None,
        progress: Optional[Callable[[int], None]] = None,
    ) -> Dict[str, Any]: ...

def _decimal_text(value: Any, field: str) -> str: ...
def _date_text(value: Any, field: str) -> str: ...
def _text(value: Any, field: str) -> str: ...
def _claims_text(value: Any) -> str: ...
