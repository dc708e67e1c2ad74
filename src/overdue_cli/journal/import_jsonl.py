"""JSONL into journal events: the journal's own export (voids kept as voids), or
scan-style messages (text, time, sender under their usual names).

Why its own module: reading our own export back must check every field as
strictly as ``log add`` does, and keep what was voided voided.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, tzinfo
from typing import Any

from overdue_cli.journal.events import DIRECTIONS, OUTCOMES, Attachment, Event, not_text
from overdue_cli.journal.import_common import FIELD_LIMIT, ImportContext, number_fields, present
from overdue_cli.readers import (
    SENDER_NAMES,
    TEXT_NAMES,
    TIME_NAMES,
    Skipped,
    json_objects,
    lookup,
    parse_time,
    quote,
)

__all__ = ["read_jsonl"]

_EVENT_KEYS = ("method", "direction", "at")
_MESSAGE_NAMES = (TEXT_NAMES, TIME_NAMES, SENDER_NAMES)
_PHONE_LIKE = re.compile(r"\+?\d[\d\s\-()]*")


def read_jsonl(ctx: ImportContext, head: str, chunks: Iterator[str]) -> Iterator[Event | Skipped]:
    """The journal's own export (method, direction, at, …) or scan-style messages."""
    # a JSON-escaped text (\\uXXXX per character) is up to six times its length
    voided: dict[int, bytes | None] = {}
    """Our export's entries that a later void marker names: seq -> dedupe key."""
    seen: set[bytes] = set()
    """The keys of the export's entries so far (identical entries share one)."""
    for item in json_objects(chunks, ctx.file, 6 * FIELD_LIMIT + 4096, FIELD_LIMIT):
        if isinstance(item, Skipped):
            yield item
            continue
        where, obj = item
        try:
            if all(key in obj for key in _EVENT_KEYS):
                event = _export_voids(obj, _journal_event(ctx, where, obj), voided, seen)
            else:
                event = _message_event(ctx, where, obj)
            why = not_text(event)  # JSON, alone among the formats, can hold "\udcb6"
            yield event if why is None else ctx.skip(where, why)
        except ValueError as err:
            yield ctx.skip(where, str(err))


def _export_voids(obj: dict[str, Any], event: Event, voided: dict[int, bytes | None],
                  seen: set[bytes]) -> Event:
    """Keep an export's voids as voids: remember the key of an entry that a later
    marker voids (``voided_by``), and turn a marker (``void_of``) into an Event
    that names its entry by that key (store.Journal.import_events resolves it).

    Two identical entries (the same call logged twice by hand) share a key and
    become one entry on import; a void of one of them is ambiguous, so it is
    skipped with a reason rather than guessed."""
    from overdue_cli.journal.store import dedupe_key, event_values

    seq, void_of, voided_by = obj.get("seq"), obj.get("void_of"), obj.get("voided_by")
    if void_of is not None:
        if isinstance(void_of, bool) or not isinstance(void_of, int):
            raise ValueError(f"void_of {quote(void_of)} is not an entry number")
        if void_of not in voided:
            raise ValueError(f"voids entry #{void_of}, which is not earlier in this file")
        key = voided.pop(void_of)
        if key is None:
            raise ValueError(f"voids entry #{void_of}, one of identical entries that "
                             "import as one; void it by hand if it is still wrong")
        reason = obj.get("reason")
        return replace(event, voids=key, reason=reason if isinstance(reason, str) else None)
    key = dedupe_key(event_values(event, 0))
    if voided_by is not None and isinstance(seq, int) and not isinstance(seq, bool):
        voided[seq] = None if key in seen else key
    seen.add(key)
    return event


def _string(obj: dict[str, Any], key: str, choices: tuple[str, ...] | None = None
            ) -> str | None:
    """An optional string field (numbers allowed for numbers), checked against ``choices``."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and key.startswith("number"):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{key} {quote(value)} is not a string")
    text = present(value)
    if text is not None and choices is not None and text not in choices:
        raise ValueError(f"{key} {quote(value)} is not one of {', '.join(choices)}")
    return text


def _journal_event(ctx: ImportContext, where: str, obj: dict[str, Any]) -> Event:
    """The shape ``overdue log export`` writes: Event's own field names."""
    method = _string(obj, "method")
    if method is None:
        raise ValueError("method is empty")
    if ctx.methods is not None and method not in ctx.methods:
        from overdue_cli.text import closest

        near = closest(method, sorted(ctx.methods), 1)
        raise ValueError(f"method {quote(method)} is not a method id"
                         + (f" (did you mean '{near[0]}'?)" if near else ""))
    direction = _string(obj, "direction", DIRECTIONS)
    if direction is None:
        raise ValueError("direction is empty")
    at = _json_time(obj.get("at"), "at", ctx.tz)
    duration = obj.get("duration_s")
    if duration is not None and (isinstance(duration, bool) or not isinstance(duration, int)
                                 or duration < 0):
        raise ValueError(f"duration_s {quote(duration)} is not a whole number of seconds")
    third_party = obj.get("third_party", False)
    if not isinstance(third_party, bool):
        raise ValueError(f"third_party {quote(third_party)} is not true or false")
    raw = _string(obj, "number_raw") or _string(obj, "number")
    number, raw = number_fields(raw)
    return Event(method=method, direction=direction, at=at, source=ctx.source(where),
                 number=number, number_raw=raw, name=_string(obj, "name"),
                 platform=_string(obj, "platform"), text=_string(obj, "text"),
                 note=_string(obj, "note"), duration_s=duration,
                 outcome=_string(obj, "outcome", OUTCOMES), kind=_string(obj, "kind"),
                 third_party=third_party, attachments=_attachments(obj.get("attachments")))


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _attachments(value: Any) -> tuple[Attachment, ...]:
    """An export's attachment references, checked (the files themselves are not read)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("attachments is not a list")
    out = []
    for item in value:
        if not isinstance(item, dict):
            raise ValueError("an attachment is not an object")
        path, digest, size = item.get("path"), item.get("sha256"), item.get("size")
        if not isinstance(path, str) or not path:
            raise ValueError("an attachment has no path")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise ValueError(f"attachment {quote(path)} has no valid sha256")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError(f"attachment {quote(path)} has no valid size")
        out.append(Attachment(path, digest, size))
    return tuple(out)


def _message_event(ctx: ImportContext, where: str, obj: dict[str, Any]) -> Event:
    """A scan-style message (text, time, sender under their usual names): an SMS received."""
    text, when, sender = lookup(obj, _MESSAGE_NAMES)
    if text is None or text[1] is None:
        raise ValueError("neither a journal event (method, direction, at) nor a message "
                         f"(one of {', '.join(TEXT_NAMES[:4])} …)")
    if not isinstance(text[1], str):
        raise ValueError(f"{text[0]} is not a string")
    if when is None or when[1] is None:
        raise ValueError("no time (a message needs one of time, date, timestamp …)")
    at = _json_time(when[1], when[0], ctx.tz)
    who = None
    if sender is not None and sender[1] is not None:
        if isinstance(sender[1], bool) or not isinstance(sender[1], str | int):
            raise ValueError(f"{sender[0]} {quote(sender[1])} is not a string or a number")
        who = present(str(sender[1]))
    phone = who is not None and _PHONE_LIKE.fullmatch(who) is not None
    number, raw = number_fields(who) if phone else (None, None)
    body = text[1] if text[1].strip() else None
    return Event(method="sms", direction="in", at=at, source=ctx.source(where), number=number,
                 number_raw=raw, name=None if phone else who, text=body, kind="sms")


def _json_time(value: object, key: str, tz: tzinfo) -> datetime:
    try:
        at = parse_time(value, tz)
    except (ValueError, OverflowError):
        at = None
    if at is None:
        raise ValueError(f"{key} {quote(value)} is not a time")
    return at
