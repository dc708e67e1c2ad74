"""The journal's charts, drawn with characters: the rows (day, week or month) and
the stacked bars of calls, messages and other contacts.

Why a module of its own: the terminal report and the Markdown report draw the
same charts; a borrower tells the parts apart by the characters (█ ▒ ░), so
nothing depends on colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from overdue_cli.journal import DayCount

DAILY_MAX_DAYS = 60
"""A longer period is charted by week (one row a day would scroll off the screen)."""
WEEKLY_MAX_DAYS = 731
"""A period longer than two years is charted by month."""
GAP_FILL = 7
"""Up to this many empty days (weeks, months) in a row are drawn as zero rows; a
longer silence is one "no contacts for N days" row, so a stray entry dated years
off (a phone clock fault) cannot blow the chart up to thousands of rows."""
BLOCKS = ("█", "▒", "░")
"""Bar characters for calls, messages and other contacts: told apart without colour."""


@dataclass(frozen=True)
class Bucket:
    """One chart row: a day, a week (from its Monday) or a month, or a silent gap."""

    start: date
    calls: int = 0
    messages: int = 0
    other: int = 0
    gap: int = 0
    """For a gap row: how many empty days/weeks/months it stands for (0: a real row)."""

    @property
    def total(self) -> int:
        return self.calls + self.messages + self.other

    @property
    def parts(self) -> tuple[int, int, int]:
        return self.calls, self.messages, self.other


def buckets(per_day: Sequence[DayCount]) -> tuple[str, list[Bucket]]:
    """Chart rows for ``per_day`` and their unit (``day``, ``week`` or ``month``).

    The unit follows the span of plausible dates (entries dated before 2000 are
    left out of that decision, not out of the chart); empty stretches are filled
    with zero rows, because a quiet day is part of the picture, up to GAP_FILL
    in a row.
    """
    if not per_day:
        return "day", []
    plausible = [d.day for d in per_day if d.day.year >= 2000] or [d.day for d in per_day]
    span = (max(plausible) - min(plausible)).days + 1
    unit = "day" if span <= DAILY_MAX_DAYS else "week" if span <= WEEKLY_MAX_DAYS else "month"
    sums: dict[date, list[int]] = {}
    for d in per_day:
        key = _bucket_start(d.day, unit)
        acc = sums.setdefault(key, [0, 0, 0])
        acc[0] += d.calls
        acc[1] += d.messages
        acc[2] += d.other
    rows: list[Bucket] = []
    previous: date | None = None
    for start in sorted(sums):
        if previous is not None:
            missing = _steps_between(previous, start, unit) - 1
            if 0 < missing <= GAP_FILL:
                cursor = previous
                for _ in range(missing):
                    cursor = _next(cursor, unit)
                    rows.append(Bucket(cursor))
            elif missing > GAP_FILL:
                rows.append(Bucket(_next(previous, unit), gap=missing))
        rows.append(Bucket(start, *sums[start]))
        previous = start
    return unit, rows


def _bucket_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(day: date, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=1)
    if unit == "week":
        return day + timedelta(days=7)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _steps_between(a: date, b: date, unit: str) -> int:
    if unit == "day":
        return (b - a).days
    if unit == "week":
        return (b - a).days // 7
    return (b.year - a.year) * 12 + b.month - a.month


def bar_widths(parts: Sequence[int], peak: int, width: int) -> list[int]:
    """Cells for each part of a stacked bar scaled so ``peak`` fills ``width``.

    Rounded on the running total, so the whole bar is as long as its total says
    whatever the split; a non-zero total always gets at least one cell.
    """
    if peak <= 0 or sum(parts) <= 0:
        return [0] * len(parts)
    widths: list[int] = []
    done = acc = 0
    for part in parts:
        acc += part
        end = int(acc * width / peak + 0.5)
        widths.append(end - done)
        done = end
    if done == 0:
        widths[max(range(len(parts)), key=lambda i: parts[i])] = 1
    return widths


def bar_text(parts: Sequence[int], peak: int, width: int) -> str:
    """The bar as plain characters (Markdown, and the shape of the terminal bar)."""
    return "".join(BLOCKS[i] * w for i, w in enumerate(bar_widths(parts, peak, width)))

