"""The exceptions of ``tariffs``.

Every error raised by the engine is a :class:`TariffsError` carrying

- ``kind``: the core's stable error name,
- ``field``: the entry field (or schedule field) that was wrong, or ``None``,
- ``value``: the offending value as text, or ``None``,

and a message that says what was wrong and how to fix it. Wrong Python *types*
(a ``float`` for money, an ``int`` for a code) raise ``TypeError`` instead.

Each kind has its own class; a kind that once shared a class is a subclass
of it, so ``except InvalidInput`` and ``except ScheduleError`` still catch it:

=========================  =======================  ==================================
``kind``                   class                    bases
=========================  =======================  ==================================
``invalid_input``          ``InvalidInput``         ``TariffsError``, ``ValueError``
``unknown_importer``       ``UnknownImporter``      ``InvalidInput``
``missing_exchange_rate``  ``MissingExchangeRate``  ``InvalidInput``
``too_large``              ``TooLarge``             ``TariffsError``, ``ValueError``
``missing_quantity``       ``MissingQuantity``      ``TariffsError``, ``ValueError``
``unknown_code``           ``UnknownCode``          ``TariffsError``, ``LookupError``
``not_covered``            ``NotCovered``           ``TariffsError``, ``LookupError``
``schedule``               ``ScheduleError``        ``TariffsError``
``invalid_rate``           ``InvalidRate``          ``ScheduleError``
``missing_rate``           ``MissingRate``          ``ScheduleError``, ``LookupError``
``io``                     ``IoError``              ``ScheduleError``, ``OSError``
``overflow``               ``Overflow``             ``TariffsError``, ``ArithmeticError``
``prohibited``             ``Prohibited``           ``TariffsError``
=========================  =======================  ==================================

A kind newer than this package raises a plain ``TariffsError``.
"""

from __future__ import annotations

import datetime
from typing import Any, Dict, Optional

__all__ = [
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
    """A malformed entry field (code, country, date, decimal, mode...); the
    base of :class:`UnknownImporter` and :class:`MissingExchangeRate`."""


class UnknownImporter(InvalidInput):
    """The schedule has no data for the importing country
    (``kind == "unknown_importer"``, ``field == "importer"``)."""


class MissingExchangeRate(InvalidInput):
    """The entry's currency is not the importer's and no exchange rate was
    given (``kind == "missing_exchange_rate"``, ``field == "exchange_rate"``,
    ``value`` the entry currency)."""


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
    """A schedule failed to load or validate; the base of the schedule's
    other failures (:class:`InvalidRate`, :class:`MissingRate`,
    :class:`IoError`)."""


class InvalidRate(ScheduleError):
    """A rate text that cannot be parsed: met in the schedule while quoting
    (a base line's rate is read when quoted) (``kind == "invalid_rate"``)."""


class MissingRate(ScheduleError, LookupError):
    """The schedule's base line for the code prints no rate in the column the
    entry needs, e.g. no column 1 general rate (``kind == "missing_rate"``,
    ``field == "hts"``, ``value`` the code): a gap in the schedule's data."""


class IoError(ScheduleError, OSError):
    """A file could not be read (``kind == "io"``, ``value`` the path). Also an
    ``OSError``, so ``except OSError`` around file loading catches it; its
    ``errno``, ``strerror`` and ``filename`` are ``None`` (the operating
    system's message is in the text)."""


class Overflow(TariffsError, ArithmeticError):
    """A result beyond the 96-bit decimal range, or a money amount too large
    to carry its cents (``kind == "overflow"``, ``field``/``value`` the input
    it was computed from). Never a rounded amount instead."""


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
    TariffsError, InvalidInput, UnknownImporter, MissingExchangeRate, UnknownCode,
    MissingQuantity, ScheduleError, InvalidRate, MissingRate, IoError, Overflow, Prohibited,
    NotCovered, TooLarge,
):
    _cls.__module__ = "tariffs"
del _cls
