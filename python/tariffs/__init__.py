"""tariffs: exact, explainable import duties.

Example::

    from decimal import Decimal
    import tariffs

    schedule = tariffs.Schedule.builtin()        # or Schedule.from_path("my.json")
    quote = schedule.quote("6109.10.00.12", "CN", Decimal("54"), "2025-05-02", mode="express")
    quote.duty, quote.fees, quote.total          # decimal.Decimal, exact
    print(quote)                                 # every line with its authority and reason

Money goes in as ``decimal.Decimal``, ``int`` or ``str`` (a ``float`` is
refused) and comes out as ``decimal.Decimal``; every line is rounded to the
cent, half away from zero. ``Schedule.quote_many`` quotes a whole pandas
DataFrame or Arrow table in Rust, on every core, with the GIL released.

For analysts: ``Schedule.change_dates``, ``Schedule.rate_panel`` (every
tariff line x origin on a date), ``Schedule.effective_rate`` (import-weighted
rates of a basket, on one date or as a series), ``Schedule.diff`` (what
changed between two dates or two schedules), and what-if schedules with
``Schedule.with_overlay`` and ``Schedule.scenario(...).set_rate(...).build()``.

What a schedule covers: ``Schedule.coverage()`` (first date, HTS revision,
the date its policy was reviewed through), ``Schedule.unmodelled_chapter99()``;
a quote dated after the review carries ``Quote.warnings`` (``quote_many``: a
``warning`` column), and ``Schedule.strict()`` refuses such dates with
``NotCovered``. ``Schedule.with_hts_export(path, date)`` lays a newer USITC
HTS export over the base rates.

IEEPA refunds: ``Schedule.refunds(frame, filed=None, as_of=...)`` gives a
``RefundReport`` (per line: IEEPA principal and interest, CAPE category,
Section 122 apart, the audit of filed amounts; totals by importer, category
and month).
"""

from __future__ import annotations

from ._errors import (
    InvalidInput,
    InvalidRate,
    IoError,
    MissingExchangeRate,
    MissingQuantity,
    MissingRate,
    NotCovered,
    Overflow,
    Prohibited,
    ScheduleError,
    TariffsError,
    TooLarge,
    UnknownCode,
    UnknownImporter,
)
from ._analysis import RowError
from ._refunds import RefundReport
from ._tariffs import (
    Chapter99Status,
    Coverage,
    Excluded,
    Line,
    Quote,
    QuoteWarning,
    Scenario,
    Schedule,
    ScheduleVersion,
    __version__,
)

__all__ = [
    "Schedule",
    "ScheduleVersion",
    "Quote",
    "Line",
    "Excluded",
    "QuoteWarning",
    "Coverage",
    "Chapter99Status",
    "Scenario",
    "RowError",
    "RefundReport",
    "TariffsError",
    "InvalidInput",
    "UnknownImporter",
    "MissingExchangeRate",
    "UnknownCode",
    "MissingQuantity",
    "ScheduleError",
    "InvalidRate",
    "MissingRate",
    "IoError",
    "Overflow",
    "Prohibited",
    "NotCovered",
    "TooLarge",
    "__version__",
]
