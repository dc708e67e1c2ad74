"""The report's one pass over the entries in scope: every count, and examples.

Why a module of its own: the pass runs once per entry, so it is written for
speed (local names, no per-row objects) and kept apart from the judging that
reads its counters (``findings``) and the SQL that feeds it (``report``).
Days are numbered from 1970-01-01 (``EPOCH_ORDINAL``), local to each entry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from overdue_cli.journal.events import UNANSWERED
from overdue_cli.journal.rows import EARLIEST_MS, FUTURE_SLACK_MS
from overdue_cli.rulebook import Rulebook

THIRD_PARTY_METHODS = ("contacts", "address_book", "disclosure")
SAMPLE = 20
"""Entry numbers kept per fact as examples (the counts are always complete)."""
MESSAGE_METHODS = frozenset(("sms", "wechat", "app", "email"))
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def day_of(ordinal: int) -> date:
    """A tally day (days since 1970-01-01) as a date."""
    return date.fromordinal(EPOCH_ORDINAL + ordinal)


class Tally:
    """One pass over the entries in scope: every count the report needs, and the
    earliest few entry numbers of each kind as examples.

    One scan in Python is about three times faster than the twenty GROUP BY
    queries it replaces (measured on 200,000 entries), and its memory is the
    per-day and per-number counters, never the entries themselves.
    """

    def __init__(self, book: Rulebook, now_ms: int) -> None:
        self.quiet = tuple(book.is_quiet_hour(h) for h in range(24))
        self.low, self.high = EARLIEST_MS, now_ms + FUTURE_SLACK_MS
        self.entries = self.outgoing = self.calls = self.answered = self.unanswered = 0
        self.messages = self.night = self.third_party = self.odd = 0
        self.first: tuple[int, int] | None = None
        self.last: tuple[int, int] | None = None
        self.days: dict[int, list[int]] = {}
        self.hours = [0] * 24
        self.by_method: Counter[str] = Counter()
        self.numbers: Counter[str] = Counter()
        self.platforms: Counter[str | None] = Counter()
        self.per_day_calls: dict[tuple[int, str | None, str | None], list[Any]] = {}
        """(day, platform, None) or, untagged, (day, None, number) -> [answered,
        unanswered, {number: [answered, unanswered]}]: the per-day call limits count a
        platform's numbers together."""
        self.method_days: dict[str, set[int]] = {}
        self.night_days: dict[str, set[int]] = {}
        self.samples: dict[str, list[tuple[int, int]]] = {}
        self.night_hours: dict[str, int] = {}
        self.night_by_method: Counter[str] = Counter()
        self.cut: dict[str, int] = {}
        """Per sample kind, the latest time kept once the sample is full."""

    def keep(self, kind: str, at_ms: int, seq: int) -> None:
        """The SAMPLE earliest (time, seq) of a kind; bounded whatever the input."""
        kept = self.samples.setdefault(kind, [])
        kept.append((at_ms, seq))
        if len(kept) >= SAMPLE:
            kept.sort()
            del kept[SAMPLE:]
            self.cut[kind] = kept[-1][0]

    def sample(self, kind: str) -> list[int]:
        return [seq for _, seq in sorted(self.samples.get(kind, ()))]

    def consume(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Count every row (seq, at_ms, offset, local day, local hour, method,
        direction, number, outcome, third_party, platform). Written with local
        names: it runs once per entry."""
        low, high, quiet = self.low, self.high, self.quiet
        days, hours, by_method, numbers = self.days, self.hours, self.by_method, self.numbers
        platforms, groups, night_hours = self.platforms, self.per_day_calls, self.night_hours
        method_days, night_days = self.method_days, self.night_days
        night_by_method, cut, keep = self.night_by_method, self.cut, self.keep
        never = 1 << 62
        unanswered_set = frozenset(UNANSWERED)
        messages = MESSAGE_METHODS
        third_methods = frozenset(THIRD_PARTY_METHODS)
        entries = outgoing = calls = n_answered = n_unanswered = n_messages = 0
        night = third = odd = 0
        first = last = None
        for (seq, at_ms, offset, day, hour, method, direction, number, outcome, third_party,
             platform) in rows:
            platforms[platform] += 1
            if at_ms < low or at_ms > high:
                odd += 1
            if direction != "in":
                outgoing += 1
                continue
            entries += 1
            if first is None or at_ms < first[0]:
                first = (at_ms, offset)
            if last is None or at_ms > last[0]:
                last = (at_ms, offset)
            counts = days.get(day)
            if counts is None:
                counts = days[day] = [0, 0, 0, 0, 0]
            hours[hour] += 1
            by_method[method] += 1
            seen = method_days.get(method)
            if seen is None:
                seen = method_days[method] = set()
            seen.add(day)
            if at_ms < cut.get(method, never):
                keep(method, at_ms, seq)
            if number is not None:
                numbers[number] += 1
            if method == "call":
                calls += 1
                counts[0] += 1
                if outcome == "answered":
                    n_answered += 1
                    counts[1] += 1
                    slot = 0
                elif outcome in unanswered_set:
                    n_unanswered += 1
                    counts[2] += 1
                    slot = 1
                else:
                    slot = -1
                if slot >= 0 and (platform is not None or number is not None):
                    key = (day, platform, None) if platform is not None else (day, None, number)
                    group = groups.get(key)
                    if group is None:
                        group = groups[key] = [0, 0, {}]
                    group[slot] += 1
                    pair = group[2].get(number)
                    if pair is None:
                        pair = group[2][number] = [0, 0]
                    pair[slot] += 1
            elif method in messages:
                n_messages += 1
                counts[3] += 1
            else:
                counts[4] += 1
            if quiet[hour]:
                night += 1
                night_by_method[method] += 1
                night_hours.setdefault(method, hour)
                nights = night_days.get(method)
                if nights is None:
                    nights = night_days[method] = set()
                nights.add(day)
                if at_ms < cut.get("\x00night", never):
                    keep("\x00night", at_ms, seq)
                kind = "\x00night:" + method
                if at_ms < cut.get(kind, never):
                    keep(kind, at_ms, seq)
            if third_party or method in third_methods:
                third += 1
                if at_ms < cut.get("\x00third", never):
                    keep("\x00third", at_ms, seq)
        self.entries, self.outgoing, self.calls = entries, outgoing, calls
        self.answered, self.unanswered, self.messages = n_answered, n_unanswered, n_messages
        self.night, self.third_party, self.odd = night, third, odd
        self.first, self.last = first, last
