"""Times from exports: epoch seconds or milliseconds, ISO 8601, or 2024/1/2 13:05.

Why its own module: scan's readers and the journal importers read the same time
columns, so both parse them here; naive times are China time unless told.
Patterns are compiled on first use, so importing this module compiles none.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from overdue_cli.readers.records import CHINA_TZ

__all__ = ["parse_time"]


_EPOCH_TEXT = r"\d{9,}(?:\.\d+)?|\d+\.\d+"
_LOOSE_DATE = (
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:：时時点點]\s*(\d{1,2})\s*分?"
    r"(?:\s*[:：]?\s*(\d{1,2})(?:\.(\d{1,6}))?\s*秒?)?)?"
)


def _epoch(number: float, tz: tzinfo = CHINA_TZ) -> datetime:
    """Seconds, or milliseconds when too large to be seconds (beyond the year 5138)."""
    if number != number or number < 0:  # NaN or before 1970
        raise ValueError("not a time")
    try:
        if isinstance(number, int):
            if number > 100_000_000_000:
                whole, millis = divmod(number, 1000)
                return datetime.fromtimestamp(whole, tz) + timedelta(milliseconds=millis)
            return datetime.fromtimestamp(number, tz)
        seconds = number / 1000 if number > 1e11 else number
        return datetime.fromtimestamp(seconds, tz)
    except (OverflowError, OSError, ValueError):
        raise ValueError("out of range") from None


def parse_time(value: object, tz: tzinfo = CHINA_TZ) -> datetime | None:
    """A time from an export: epoch seconds or milliseconds, ISO 8601, or 2024/1/2 13:05.

    Naive times are taken as ``tz`` (China time unless told). Raises ValueError when it
    is not a time.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("not a time")
    if isinstance(value, int | float):
        return _epoch(value, tz)
    if not isinstance(value, str):
        raise ValueError("not a time")
    text = value.strip()
    if not text:
        return None
    # an ISO time has a - or a :, which an epoch never has: skip that test then
    if "-" not in text and ":" not in text and re.compile(_EPOCH_TEXT).fullmatch(text):
        return _epoch(float(text) if "." in text else int(text), tz)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        match = re.compile(_LOOSE_DATE).fullmatch(text)
        if not match:
            raise
        year, month, day, hour, minute, second, fraction = match.groups()
        when = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                        int(second or 0), int((fraction or "0").ljust(6, "0")))
    return when if when.tzinfo else when.replace(tzinfo=tz)
