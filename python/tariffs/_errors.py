"""The exceptions of ``tariffs``.

Every error raised by the engine is a :class:`TariffsError` carrying

- ``kind``: the core's stable error name (``invalid_input``, ``unknown_code``,
  ``missing_quantity``, ``missing_exchange_rate``, ``unknown_importer``,
  ``invalid_rate``, ``schedule``, ``io``, ``overflow``),
- ``field``: the entry field (or schedule field) that was wrong, or ``None``,
- ``value``: the offending value as text, or ``None``,

and a message that says what was wrong and how to fix it. Wrong Python *types*
(a ``float`` for money, an ``int`` for a code) raise ``TypeError`` instead.
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "TariffsError",
    "InvalidInput",
    "UnknownCode",
    "MissingQuantity",
    "ScheduleError",
]


def _rebuild(cls, message, kind, field, value):  # pickle support
    return cls(message, kind=kind, field=field, value=value)


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

    def __reduce__(self):
        return (_rebuild, (type(self), str(self), self.kind, self.field, self.value))


class InvalidInput(TariffsError, ValueError):
    """A malformed entry field (code, country, date, decimal, mode...), an
    importer the schedule lacks, or a foreign currency without an exchange rate."""


class UnknownCode(TariffsError, LookupError):
    """The schedule has no tariff line for the code on the entry date (``field == "hts"``)."""


class MissingQuantity(TariffsError, ValueError):
    """A specific rate needs a quantity the entry does not carry; ``value`` names the unit."""


class ScheduleError(TariffsError):
    """A schedule failed to load or validate (or a file could not be read), or
    quoting met a rate text in the schedule that cannot be parsed."""


for _cls in (TariffsError, InvalidInput, UnknownCode, MissingQuantity, ScheduleError):
    _cls.__module__ = "tariffs"
del _cls
