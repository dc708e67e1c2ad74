"""Stored rows back into events and times, whatever a row holds.

Why a module of its own: every reader of the journal (listing, the report, the
complaint, the import's plausibility count) must read a row the same tolerant
way: a row written by an older version, or edited by hand, never makes the
journal unreadable. Pure: values in, values out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from overdue_cli.journal.events import Attachment, Event, Source

MIN_MS = 0
MAX_MS = 4_102_444_800_000 - 1
"""events.EARLIEST and LATEST in epoch milliseconds: what a stored time is read as
at most, whatever the row holds (see ``local_time``)."""

AT_MS_SQL = f"max(min(CAST(e.at_ms AS INTEGER), {MAX_MS}), {MIN_MS})"
OFFSET_SQL = "(CASE WHEN abs(CAST(e.utc_offset_s AS INTEGER)) < 86400 " \
             "THEN CAST(e.utc_offset_s AS INTEGER) ELSE 0 END)"
"""The same clamping in SQL, for queries that read the time columns directly."""

EARLIEST_MS = 946_656_000_000
"""2000-01-01 00:00 China time: anything earlier is a clock or export fault."""
FUTURE_SLACK_MS = 86_400_000
"""A day of slack for clocks and time zones before a time counts as in the future."""

_ZONES: dict[int, timezone] = {}


def _zone(offset_s: int) -> timezone:
    zone = _ZONES.get(offset_s)
    if zone is None:
        zone = _ZONES[offset_s] = timezone(timedelta(seconds=offset_s))
    return zone


def as_int(value: Any, default: int = 0) -> int:
    """A stored value as an int (``default`` when it is not a number)."""
    if isinstance(value, int):
        return value
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


def epoch_ms(when: datetime) -> int:
    """An aware time in epoch milliseconds (truncated), as the journal compares them."""
    return int(when.timestamp() * 1000)


def local_time(at_ms: Any, offset_s: Any) -> datetime:
    """The stored instant in the offset it was recorded with.

    Never raises: the door keeps times within events.EARLIEST..LATEST, but a row
    written by an older version (year 1, year 9999), or edited by hand, must not
    make the journal unreadable. Such a time is shown at the nearest end of the
    range (and flagged as implausible by the report), the offset as UTC when it is
    not a real one; ``verify`` hashes the stored values, not these.
    """
    ms = min(max(as_int(at_ms), MIN_MS), MAX_MS)
    offset = as_int(offset_s)
    zone = _zone(offset) if -86_400 < offset < 86_400 else UTC
    try:
        return datetime.fromtimestamp(ms / 1000, zone)
    except (OverflowError, OSError, ValueError):  # pragma: no cover - clamped above
        return datetime.fromtimestamp(0, UTC)


def extra_fields(text: Any) -> dict[str, Any]:
    """The ``extra`` column as a dict; anything else (an edited row) as empty."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _attachments(value: Any) -> tuple[Attachment, ...]:
    out = []
    for item in value if isinstance(value, list) else ():
        if isinstance(item, list) and len(item) == 3:
            out.append(Attachment(str(item[0]), str(item[1]), as_int(item[2])))
    return tuple(out)


def text_of(value: Any) -> str | None:
    """A text column as str: an edited row may hold a number or a blob."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def event_from_row(row: Mapping[str, Any]) -> Event:
    """An entry row joined with its source row (``s_*`` keys) back into an Event.

    Tolerant of any content (see ``local_time``): reading never fails on a row.
    """
    extra = extra_fields(row["extra"])
    source = Source(text_of(row["s_kind"]) or "?", text_of(row["s_file"]), text_of(row["s_sha256"]),
                    text_of(row["source_position"]), text_of(row["s_format"]))
    duration = row["duration_s"]
    return Event(
        method=text_of(row["method"]) or "?", direction=text_of(row["direction"]) or "in",
        at=local_time(row["at_ms"], row["utc_offset_s"]), source=source,
        number=text_of(row["number"]), number_raw=text_of(extra.get("number_raw")),
        name=text_of(row["name"]), platform=text_of(row["platform"]), text=text_of(row["text"]),
        note=text_of(extra.get("note")),
        duration_s=None if duration is None else as_int(duration),
        outcome=text_of(row["outcome"]), kind=text_of(row["kind"]),
        attachments=_attachments(extra.get("attachments")),
        third_party=bool(as_int(row["third_party"])),
    )


def plausible_ms(at_ms: int, now_ms: int) -> bool:
    """Times before 2000 or more than a day in the future are kept but flagged."""
    return EARLIEST_MS <= at_ms <= now_ms + FUTURE_SLACK_MS


def plausible(at: datetime, now: datetime | None = None) -> bool:
    """Whether ``at`` is a believable time for an entry (see ``plausible_ms``)."""
    return plausible_ms(epoch_ms(at), epoch_ms(now or datetime.now(UTC)))
