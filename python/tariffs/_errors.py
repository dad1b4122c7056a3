"""The exceptions of ``tariffs``.

Every error raised by the engine is a :class:`TariffsError` carrying

- ``kind``: the core's stable error name (``invalid_input``, ``unknown_code``,
  ``missing_quantity``, ``missing_exchange_rate``, ``unknown_importer``,
  ``invalid_rate``, ``schedule``, ``io``, ``overflow``, ``prohibited``,
  ``not_covered``, ``too_large``),
- ``field``: the entry field (or schedule field) that was wrong, or ``None``,
- ``value``: the offending value as text, or ``None``,

and a message that says what was wrong and how to fix it. Wrong Python *types*
(a ``float`` for money, an ``int`` for a code) raise ``TypeError`` instead.
"""

from __future__ import annotations

import datetime
from typing import Any, Dict, Optional

__all__ = [
    "TariffsError",
    "InvalidInput",
    "UnknownCode",
    "MissingQuantity",
    "ScheduleError",
    "Prohibited",
    "NotCovered",
    "TooLarge",
]


def _rebuild(cls, message, kind, field, value, details=None):  # pickle support
    return cls(message, kind=kind, field=field, value=value, **(details or {}))


class TariffsError(Exception):
    """Base class of every error of the duty engine."""

    kind: Optional[str]
    field: Optional[str]
    value: Optional[str]

    def __init__(
        self,
        message: str,
        *,
        kind: Optional[str] = None,
        field: Optional[str] = None,
        value: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.field = field
        self.value = value

    def _details(self) -> Dict[str, Any]:
        """The keyword arguments of a subclass beyond kind, field and value."""
        return {}

    def __reduce__(self):
        return (
            _rebuild,
            (type(self), str(self), self.kind, self.field, self.value, self._details()),
        )


class InvalidInput(TariffsError, ValueError):
    """A malformed entry field (code, country, date, decimal, mode...), an
    importer the schedule lacks, or a foreign currency without an exchange rate."""


class UnknownCode(TariffsError, LookupError):
    """The schedule has no tariff line for the code on the entry date (``field == "hts"``)."""


class MissingQuantity(TariffsError, ValueError):
    """A specific rate needs a quantity the entry does not carry; ``value`` names the unit."""


class TooLarge(TariffsError, ValueError):
    """An input past one of the library's documented limits: a value,
    quantity or exchange rate beyond the 96-bit decimal range (about 7.9e28)
    or with more than 28 digits after the point, a text too long, a schedule
    too large (``kind == "too_large"``). ``field`` names the field, ``value``
    the offending value (cut to a readable length), and the message states
    the limit. A ``ValueError``, like ``InvalidInput``: the input is what is
    wrong."""


class ScheduleError(TariffsError):
    """A schedule failed to load or validate (or a file could not be read), or
    quoting met a rate text in the schedule that cannot be parsed."""


class Prohibited(TariffsError):
    """The goods may not be imported at all on the entry date: an import ban
    of the schedule matched (``field == "hts"``, ``value`` the code). A ban is
    not a duty, so there is no amount to quote.

    ``ban`` is a dict with the ban's ``importer``, ``id``, ``description`` and
    ``source`` (``None`` when the error was made by hand). Not a
    ``ValueError``: the entry is well formed, and ``except ValueError`` around
    input checks must not swallow a ban."""

    ban: Optional[Dict[str, str]]

    def __init__(
        self,
        message: str,
        *,
        kind: Optional[str] = None,
        field: Optional[str] = None,
        value: Optional[str] = None,
        ban: Optional[Dict[str, str]] = None,
    ) -> None:
        super().__init__(message, kind=kind, field=field, value=value)
        self.ban = ban

    def _details(self) -> Dict[str, Any]:
        return {"ban": self.ban}


class NotCovered(TariffsError, LookupError):
    """The entry date is outside what the schedule answers for
    (``field == "entry_date"``, ``value`` the date): before its first date
    (``strict`` false), or, on a strict schedule (``Schedule.strict()``),
    after the date its policy was reviewed through (``strict`` true).

    ``first_date`` and ``reviewed_through`` are the schedule's range
    (``datetime.date``, ``None`` when unknown). A ``LookupError``, like
    ``UnknownCode``: the schedule has no answer for that date."""

    first_date: Optional[datetime.date]
    reviewed_through: Optional[datetime.date]
    strict: bool

    def __init__(
        self,
        message: str,
        *,
        kind: Optional[str] = None,
        field: Optional[str] = None,
        value: Optional[str] = None,
        first_date: Optional[datetime.date] = None,
        reviewed_through: Optional[datetime.date] = None,
        strict: bool = False,
    ) -> None:
        super().__init__(message, kind=kind, field=field, value=value)
        self.first_date = first_date
        self.reviewed_through = reviewed_through
        self.strict = strict

    def _details(self) -> Dict[str, Any]:
        return {
            "first_date": self.first_date,
            "reviewed_through": self.reviewed_through,
            "strict": self.strict,
        }


for _cls in (
    TariffsError, InvalidInput, UnknownCode, MissingQuantity, ScheduleError, Prohibited,
    NotCovered, TooLarge,
):
    _cls.__module__ = "tariffs"
del _cls
