"""An event as the journal's columns: the values stored, the dedupe key, the hash.

Why a module of its own: both the storing process (``store``) and the reading
process of an import (``prepare``, possibly a forked child) turn events into
the same column values, so the conversion lives below both of them. Pure: no
SQLite here, only the exact forms that are stored and hashed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from overdue_cli.journal.events import Event

GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry."""

FIELDS: tuple[str, ...] = (
    "at_ms", "utc_offset_s", "method", "direction", "number", "name", "platform", "text",
    "duration_s", "outcome", "kind", "third_party", "source_id", "source_position", "void_of",
    "extra",
)
"""The evidence columns of an entry, in the order they are hashed. ``extra`` holds the
fields most entries lack (raw number, note, attachments, void reason) as sorted JSON."""

SOURCE_FIELDS: tuple[str, ...] = ("kind", "file", "sha256", "format", "tz", "recorded_at")
"""What a whole import (or one manual entry) shares; hashed into each of its entries."""

VOID_AT = FIELDS.index("void_of")


def _make_encoder() -> Callable[[Any], str]:
    """Compact, key-sorted JSON with characters as they are.

    ``json.dumps`` builds a new C encoder on every call, which was the largest
    single cost of an import (three encodings a record); this builds it once.
    Falls back to the pure-Python encoder where the C one is missing.
    """
    from json import encoder as json_encoder

    make = getattr(json_encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has _json
        slow = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return slow.encode

    def unsupported(value: Any) -> Any:
        raise TypeError(f"cannot store {type(value).__name__} in the journal")

    fast = make(None, unsupported, json_encoder.encode_basestring, None, ":", ",", True,
                False, False)
    return lambda value: "".join(fast(value, 0))


compact_json: Callable[[Any], str] = _make_encoder()
"""A value as compact, key-sorted JSON, characters as they are (what is stored and hashed)."""


def canonical(values: Iterable[Any]) -> str:
    """The exact text that is hashed: the fields as a compact JSON array (quoted and
    escaped strings, numbers, null), which no field's text can imitate."""
    return compact_json(values if isinstance(values, list | tuple) else list(values))


def chain_hash(prev_hash: str, seq: int, values: Iterable[Any],
               source: Iterable[Any] | str) -> str:
    """An entry's hash: its number, its evidence, its source's and the previous hash.
    ``source`` may be given already canonical (an import hashes it once per file)."""
    source_text = source if isinstance(source, str) else canonical(source)
    return hashlib.sha256(
        f"overdue-v1|{seq}|{prev_hash}|{compact_json(values)}|{source_text}".encode()
    ).hexdigest()


def extra_of(event: Event, reason: str | None = None) -> str | None:
    """The rarely-set fields, as sorted compact JSON (None when all are empty)."""
    extra: dict[str, Any] = {}
    if event.number_raw is not None:
        extra["number_raw"] = event.number_raw
    if event.note is not None:
        extra["note"] = event.note
    if event.attachments:
        extra["attachments"] = [[a.path, a.sha256, a.size] for a in event.attachments]
    if reason is not None:
        extra["reason"] = reason
    return compact_json(extra) if extra else None


def event_values(event: Event, source_id: int, *, void_of: int | None = None,
                 reason: str | None = None) -> tuple[Any, ...]:
    """An event as its FIELDS values.

    An imported void marker (``event.voids``) carries the dedupe key of the entry it
    voids in the ``void_of`` slot, as bytes; ``Journal.import_events`` replaces it
    with that entry's number before the row is hashed."""
    void_slot: int | bytes | None = void_of
    if event.voids is not None:
        void_slot = event.voids
        reason = event.reason if reason is None else reason
    at = event.at
    offset = at.utcoffset()
    extra = extra_of(event, reason) if (event.number_raw is not None or event.note is not None
                                        or event.attachments or reason is not None) else None
    return (
        round(at.timestamp() * 1000), int(offset.total_seconds()) if offset else 0,
        event.method, event.direction, event.number, event.name, event.platform, event.text,
        event.duration_s, event.outcome, event.kind, int(event.third_party), source_id,
        event.source.position, void_slot, extra,
    )


def dedupe_key(values: tuple[Any, ...]) -> bytes:
    """From an entry's FIELDS values: the same call or message in two exports gives
    the same key. The platform tag and the source are not part of it, so a record
    imported untagged and again tagged, or from two overlapping backups, is one entry.
    The contact name is used only when there is no number: phones rename contacts."""
    at_ms, _, method, direction, number, name, _, text, duration, outcome, kind = values[:11]
    identity: tuple[Any, ...] = (method, direction, at_ms,
                                 number if number is not None else name, kind, text,
                                 duration, outcome)
    void_of = values[VOID_AT]
    if void_of is not None:  # a void marker: which entry it voids is what makes it one
        identity = (*identity, "void", void_of)
    return hashlib.blake2b(compact_json(identity).encode(), digest_size=16).digest()
