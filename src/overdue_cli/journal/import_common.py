"""What every journal importer shares: the per-file context, fast event construction,
and phone numbers and blank fields read the same way in every format.

Why its own module: the XML, CSV and JSONL importers each build events the same
way; kept here, none of them imports another for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any, TypeVar

from overdue_cli.journal.events import Event, Source
from overdue_cli.journal.phones import normalise
from overdue_cli.readers import Skipped

__all__ = [
    "FIELD_LIMIT", "ImportContext", "NumberCache", "Reader", "cell", "fast_constructor",
    "new_event", "number_fields", "present",
]

FIELD_LIMIT = 100_000
"""Longest CSV field / JSONL text kept; longer rows are Skipped (bounds memory)."""


_T = TypeVar("_T")


def fast_constructor(cls: type[_T]) -> Callable[..., _T]:
    """``cls(**fields)`` without the frozen dataclass ``__init__``, for the hot XML loops.

    A frozen dataclass sets each field through ``object.__setattr__``; for Event's 15
    fields that is a fifth of an SMS import. The instance built here is the same (every
    field in ``__dict__``, defaults filled in; tests compare it with the real
    constructor's). Should the class ever validate (``__post_init__``), use slots, or
    take a mutable default, the real constructor is returned instead.
    """
    if hasattr(cls, "__post_init__") or "__slots__" in cls.__dict__:
        return cls
    defaults: dict[str, Any] = {}
    for item in dataclasses.fields(cls):  # type: ignore[arg-type]
        if item.default is not dataclasses.MISSING:
            defaults[item.name] = item.default
        elif item.default_factory is not dataclasses.MISSING:
            value = item.default_factory()
            if not isinstance(value, tuple | frozenset | str | int | type(None)) or value:
                return cls
            defaults[item.name] = value
    new = object.__new__

    def construct(**values: Any) -> _T:
        obj = new(cls)
        fields = obj.__dict__
        fields.update(defaults)
        fields.update(values)
        return obj

    return construct


new_event = fast_constructor(Event)
_new_source = fast_constructor(Source)


@dataclass(frozen=True)
class ImportContext:
    """What every record of one file shares (looked up once, not per record)."""

    file: str
    sha256: str
    format: str
    tz: tzinfo
    columns: Mapping[str, str]
    methods: frozenset[str] | None = None

    def source(self, position: str) -> Source:
        return _new_source(kind="import", file=self.file, sha256=self.sha256,
                           position=position, format=self.format)

    def skip(self, position: str, reason: str, key: str | None = None,
             params: Mapping[str, object] | None = None) -> Skipped:
        return Skipped(self.file, position, reason, key=key, params=params or {})


def present(value: str | None) -> str | None:
    """A field's text, with blank and the literal "null" (exports write it) as missing."""
    if value is None:
        return None
    text = value.strip()
    return None if not text or text.lower() == "null" else text


_WITHHELD = frozenset({"-1", "-2", "-3", "-4"})
"""Android's placeholders for a caller who withheld the number (unknown, private, payphone)."""


def number_fields(raw: str | None) -> tuple[str | None, str | None]:
    """(normalised, raw-if-different) for Event.number / Event.number_raw."""
    raw = present(raw)
    if raw is None:
        return None, None
    if raw in _WITHHELD:
        return None, raw  # normalise() would drop the dash and keep a bogus "2"
    number = normalise(raw)
    return number, (raw if raw != number else None)


class NumberCache(dict[str | None, tuple[str | None, str | None]]):
    """number_fields, remembered: a collector's few numbers recur in thousands of records, and
    normalising is the costliest step of an XML record. Cleared when it grows large, so
    memory stays bounded whatever the file."""

    limit = 20_000

    def __missing__(self, raw: str | None) -> tuple[str | None, str | None]:
        if len(self) >= self.limit:
            self.clear()
        found = self[raw] = number_fields(raw)
        return found


def cell(row: list[str], index: int | None) -> str | None:
    """A CSV row's field at ``index`` (None: no such column), read by present()."""
    return present(row[index]) if index is not None else None


Reader = Callable[[ImportContext, str, Iterator[str]], Iterator[Event | Skipped]]
"""A format's importer: (context, decoded head, all the text in chunks) -> events."""
