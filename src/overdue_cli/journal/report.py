"""Journal -> Report: what happened, when, how often, and what the rules say of it.

Pure apart from reading the journal: one pass over the narrow columns of the
entries in scope counts everything (message texts are read only for the few
entries shown), and the findings come from the same engine as ``overdue
check``: per method, the journal's facts become a Situation (a quiet hour if
any contact by that method fell in the quiet window, the busiest day's call
counts), so a report and a check never disagree about a rule.

Only incoming contacts that were not voided count; days and hours are local
to each entry's own recorded UTC offset.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from overdue_cli.engine import Situation, assess
from overdue_cli.journal.events import UNANSWERED
from overdue_cli.journal.phones import is_gateway
from overdue_cli.journal.store import (
    AT_MS_SQL,
    MAX_MS,
    MIN_MS,
    OFFSET_SQL,
    Journal,
    local_time,
    text_of,
)
from overdue_cli.rulebook import SEVERITY, Rule, Rulebook
from overdue_cli.scan.records import CHINA_TZ

THIRD_PARTY_METHODS = ("contacts", "address_book", "disclosure")
SAMPLE = 20
"""Entry numbers kept per fact as examples (the counts are always complete)."""
FLAGGED_CAP = 200
"""Flagged messages listed in a report; the total is always given."""
SIGNAL_ROWS = 2000
"""Flagged messages read to find example entries for each finding."""

_LOCAL = f"max(0, {AT_MS_SQL} / 1000 + {OFFSET_SQL})"


def _as_text(column: str) -> str:
    """A text column as text whatever an edited row stored there (a blob, a number)."""
    return f"CAST({column} AS TEXT)"
"""An entry's local time in seconds (its own UTC offset), for day and hour."""


@dataclass(frozen=True)
class Filter:
    """Which entries a report, list or complaint covers."""

    platform: str | None = None
    since: date | None = None
    until: date | None = None
    """Inclusive, in ``tz``."""
    tz: tzinfo = CHINA_TZ

    def sql(self, include_voided: bool = False) -> tuple[str, tuple[Any, ...]]:
        """A WHERE clause on ``e`` and its parameters: by default without voided entries
        and void entries; ``include_voided`` keeps both (list --all, export --all)."""
        parts = [] if include_voided else [
            "e.void_of IS NULL", "NOT EXISTS (SELECT 1 FROM entries v WHERE v.void_of = e.seq)"]
        params: list[Any] = []
        if self.platform is not None:
            parts.append("e.platform = ?")
            params.append(self.platform)
        if self.since is not None:
            parts.append("e.at_ms >= ?")
            params.append(_day_start_ms(self.since, 0, self.tz))
        if self.until is not None:
            parts.append("e.at_ms < ?")
            params.append(_day_start_ms(self.until, 1, self.tz))
        return " AND ".join(parts) or "1", tuple(params)


def _day_start_ms(day: date, plus: int, tz: tzinfo) -> int:
    """Midnight ``plus`` days after ``day`` in ``tz``, in epoch ms; a day at the end of
    the calendar (``--until 9999-12-31``) is clamped to the journal's range."""
    try:
        return _ms(datetime.combine(day + timedelta(days=plus), time(0), tz))
    except (OverflowError, ValueError):
        return MAX_MS + 1 if day.year > 1970 else MIN_MS


@dataclass(frozen=True)
class DayCount:
    day: date
    calls: int
    answered: int
    unanswered: int
    messages: int
    other: int

    @property
    def total(self) -> int:
        return self.calls + self.messages + self.other


@dataclass(frozen=True)
class HeavyDay:
    """A day one number called more than the rulebook's thresholds allow."""

    day: date
    number: str
    answered: int
    unanswered: int
    over: tuple[str, ...]
    """Which limits it is over: ``calls_per_day_gt`` and/or ``attempts_per_day_gt``."""


@dataclass(frozen=True)
class Contact:
    """One entry, summarised for a list in the report."""

    seq: int
    at: datetime
    method: str
    number: str | None
    name: str | None
    text: str | None
    note: str | None
    outcome: str | None
    duration_s: int | None


@dataclass(frozen=True)
class Flagged:
    contact: Contact
    verdict: str
    signals: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class NumberCount:
    number: str
    contacts: int
    gateway: bool


@dataclass(frozen=True)
class ReportFinding:
    """One rule the engine fired for a method, with the journal entries it rests on."""

    method: str
    rule: Rule
    deciding: bool
    """The rule that decided the method's verdict (the others fired beside it)."""
    seqs: tuple[int, ...]
    """Example entry numbers (at most SAMPLE)."""
    count: int
    """How many contacts (or, for per-day limits, how many number-days) it covers."""
    actions: tuple[str, ...]

    @property
    def verdict(self) -> str:
        return self.rule.verdict


@dataclass(frozen=True)
class Report:
    filter: Filter
    entries: int
    """Incoming, not voided, in the filter."""
    outgoing: int
    calls: int
    answered: int
    unanswered: int
    messages: int
    first: datetime | None
    last: datetime | None
    per_day: tuple[DayCount, ...]
    by_hour: tuple[int, ...]
    night: int
    night_sample: tuple[Contact, ...]
    heavy_days: tuple[HeavyDay, ...]
    third_party: int
    third_party_sample: tuple[Contact, ...]
    flagged_total: int
    flagged: tuple[Flagged, ...]
    numbers: tuple[NumberCount, ...]
    findings: tuple[ReportFinding, ...]
    verdict: str | None
    next_steps: tuple[str, ...]
    odd_times: int
    unanalysed: int
    platforms: tuple[tuple[str | None, int], ...] = field(default=())
    """Entries per platform in the period (all platforms), to spot mis-tagging."""


class _Tally:
    """One pass over the entries in scope: every count the report needs, and the
    earliest few entry numbers of each kind as examples.

    One scan in Python is about three times faster than the twenty GROUP BY
    queries it replaces (measured on 200,000 entries), and its memory is the
    per-day and per-number counters, never the entries themselves.
    """

    def __init__(self, book: Rulebook, now_ms: int) -> None:
        from overdue_cli.journal.store import EARLIEST_MS, FUTURE_SLACK_MS

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
        self.per_number_day: dict[tuple[int, str], list[int]] = {}
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
        platforms, pairs, night_hours = self.platforms, self.per_number_day, self.night_hours
        night_by_method, cut, keep = self.night_by_method, self.cut, self.keep
        never = 1 << 62
        unanswered_set = frozenset(UNANSWERED)
        messages = _MESSAGE_METHODS
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
                if number is not None and slot >= 0:
                    pair = pairs.get((day, number))
                    if pair is None:
                        pair = pairs[(day, number)] = [0, 0]
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


_MESSAGE_METHODS = frozenset(("sms", "wechat", "app", "email"))


def build(journal: Journal, book: Rulebook, flt: Filter, *, unanalysed: int = 0,
          now: datetime | None = None) -> Report:
    """Aggregate the journal under ``flt`` and judge it with the rulebook."""
    where, params = flt.sql()
    conn = journal.conn
    tally = _Tally(book, _ms(now or datetime.now(UTC)))
    tally.consume(conn.execute(
        f"SELECT e.seq, {AT_MS_SQL}, {OFFSET_SQL}, {_LOCAL} / 86400, {_LOCAL} % 86400 / 3600, "
        f"{_as_text('e.method')}, {_as_text('e.direction')}, {_as_text('e.number')}, "
        f"{_as_text('e.outcome')}, CAST(e.third_party AS INTEGER), {_as_text('e.platform')} "
        f"FROM entries e WHERE {where}", params))

    per_day = tuple(DayCount(date.fromordinal(_EPOCH_ORDINAL + d), *tally.days[d])
                    for d in sorted(tally.days))
    answered_gt, attempts_gt = _thresholds(book)
    heavy = tuple(
        HeavyDay(date.fromordinal(_EPOCH_ORDINAL + d), number, a, u,
                 (("calls_per_day_gt",) if a > answered_gt else ())
                 + (("attempts_per_day_gt",) if u > attempts_gt else ()))
        for (d, number), (a, u) in sorted(
            item for item in tally.per_number_day.items()
            if item[1][0] > answered_gt or item[1][1] > attempts_gt))

    flagged_sql = (f"FROM entries e JOIN analysis a ON a.seq = e.seq WHERE {where} AND "
                   f"e.direction = 'in' AND a.verdict IN ('unlawful', 'scam')")
    flagged_total = int(conn.execute(f"SELECT count(*) {flagged_sql}", params).fetchone()[0])
    flagged_rows = conn.execute(
        f"SELECT e.seq, e.at_ms, a.verdict, a.signals {flagged_sql} ORDER BY e.at_ms, e.seq "
        f"LIMIT {SIGNAL_ROWS}", params).fetchall()
    shown = {seq: (verdict, signals) for seq, _, verdict, signals in flagged_rows[:FLAGGED_CAP]}
    flagged = tuple(Flagged(c, shown[c.seq][0], tuple(json.loads(shown[c.seq][1])))
                    for c in _contacts(journal, list(shown)))
    numbers = tuple(NumberCount(n, c, is_gateway(n))
                    for n, c in sorted(tally.numbers.items(), key=lambda x: (-x[1], x[0]))[
                        :SAMPLE])
    if flt.platform is None:
        platforms = tuple(sorted(tally.platforms.items(), key=lambda x: -x[1]))
    else:
        everywhere = Filter(None, flt.since, flt.until, flt.tz).sql()
        platforms = tuple((p, int(n)) for p, n in conn.execute(
            f"SELECT e.platform, count(*) FROM entries e WHERE {everywhere[0]} "
            f"GROUP BY e.platform ORDER BY count(*) DESC", everywhere[1]))

    signal_seqs, signal_counts = _signal_methods(book, conn, flagged_sql, params,
                                                 flagged_rows)
    heavy_seqs = _heavy_seqs(conn, where, params, heavy)
    findings, verdict, steps = _judge(book, tally, heavy, heavy_seqs, signal_seqs,
                                      signal_counts)
    first = local_time(*tally.first) if tally.first else None
    last = local_time(*tally.last) if tally.last else None
    return Report(flt, tally.entries, tally.outgoing, tally.calls, tally.answered,
                  tally.unanswered, tally.messages, first, last, per_day, tuple(tally.hours),
                  tally.night, _contacts(journal, tally.sample("\x00night")), heavy,
                  tally.third_party, _contacts(journal, tally.sample("\x00third")),
                  flagged_total, flagged, numbers, findings, verdict, steps, tally.odd,
                  unanalysed, platforms)


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def _contacts(journal: Journal, seqs: list[int]) -> tuple[Contact, ...]:
    """The entries ``seqs`` (a few), in time order, as Contacts."""
    if not seqs:
        return ()
    rows = journal.conn.execute(
        f"SELECT x.seq, x.at_ms, x.utc_offset_s, x.method, x.number, x.name, x.text, "
        f"CASE WHEN json_valid(x.extra) THEN json_extract(x.extra, '$.note') END, "
        f"x.outcome, x.duration_s FROM entries x "
        f"WHERE x.seq IN ({', '.join('?' * len(seqs))}) ORDER BY x.at_ms, x.seq", tuple(seqs))
    return tuple(Contact(seq, local_time(at_ms, offset), text_of(method), text_of(number),
                         text_of(name), text_of(text), text_of(note), text_of(outcome),
                         duration if isinstance(duration, int) else None)
                 for seq, at_ms, offset, method, number, name, text, note, outcome, duration
                 in rows)


def _thresholds(book: Rulebook) -> tuple[int, int]:
    """The rulebook's per-day call limits (answered, unanswered attempts)."""
    answered = attempts = None
    for rule in book.rules:
        answered = rule.when.get("calls_per_day_gt", answered)
        attempts = rule.when.get("attempts_per_day_gt", attempts)
    return int(answered if answered is not None else 3), int(
        attempts if attempts is not None else 6)


def _heavy_keys(book: Rulebook) -> tuple[str, ...]:
    return tuple(k for rule in book.rules for k in ("calls_per_day_gt", "attempts_per_day_gt")
                 if k in rule.when)


def _heavy_seqs(conn: Any, where: str, params: tuple[Any, ...],
                heavy: tuple[HeavyDay, ...]) -> tuple[int, ...]:
    """Example entries for the per-day limits: calls on the heavy days from those
    numbers (read in journal order, stopping once enough are found)."""
    if not heavy:
        return ()
    wanted = {(h.day.toordinal() - _EPOCH_ORDINAL, h.number) for h in heavy}
    numbers = sorted({h.number for h in heavy})
    found: list[tuple[int, int]] = []
    for seq, at_ms, offset, number in conn.execute(
            f"SELECT e.seq, {AT_MS_SQL}, {OFFSET_SQL}, e.number FROM entries e WHERE {where} "
            f"AND e.method = 'call' AND e.direction = 'in' AND e.number IN "
            f"({', '.join('?' * len(numbers))})", (*params, *numbers)):
        if ((at_ms // 1000 + offset) // 86400, number) in wanted:
            found.append((at_ms, seq))
            if len(found) >= SAMPLE:
                break
    return tuple(seq for _, seq in sorted(found))


def _judge(book: Rulebook, tally: _Tally, heavy: tuple[HeavyDay, ...],
           heavy_seqs: tuple[int, ...], signal_seqs: dict[str, list[int]],
           signal_counts: Counter[str]
           ) -> tuple[tuple[ReportFinding, ...], str | None, tuple[str, ...]]:
    """Turn the journal's facts into one Situation per method and let the engine decide.

    Per method, so a night-time call makes calls a quiet-hours violation without
    making every daytime SMS one too.
    """
    methods = [m for m in book.methods if m in tally.by_method or m in signal_counts]
    heavy_keys = _heavy_keys(book)
    findings = []
    for method in methods:
        calls = method == "call" and heavy
        situation = Situation(
            days_overdue=1, methods=(method,), hour=tally.night_hours.get(method),
            calls_per_day=max((h.answered for h in heavy), default=None) if calls else None,
            attempts_per_day=max((h.unanswered for h in heavy), default=None) if calls else None)
        finding = assess(book, situation).findings[0]
        for rule in finding.fired:
            if rule is not finding.rule and rule.verdict == "normal":
                continue  # a lesser "this is normal" beside a breach says nothing new
            when = rule.when
            if "hour" in when:
                seqs = tuple(tally.sample(f"\x00night:{method}"))
                count = tally.night_by_method[method]
            elif any(k in when for k in heavy_keys):
                seqs, count = heavy_seqs, len(heavy)
            elif method in signal_counts:
                seqs, count = tuple(signal_seqs[method]), signal_counts[method]
            else:
                seqs, count = tuple(tally.sample(method)), tally.by_method[method]
            findings.append(ReportFinding(method, rule, rule is finding.rule, seqs, count,
                                          finding.actions))
    findings.sort(key=lambda f: -SEVERITY[f.rule.verdict])
    verdict = findings[0].rule.verdict if findings else None
    steps = dict.fromkeys(a for f in findings for a in f.actions)
    next_steps = tuple(sorted(steps, key=lambda a: book.actions[a].priority))
    return tuple(findings), verdict, next_steps


def _signal_methods(book: Rulebook, conn: Any, flagged_sql: str, params: tuple[Any, ...],
                    earliest: list[Any]) -> tuple[dict[str, list[int]], Counter[str]]:
    """The check methods that flagged messages amount to (a threat -> ``threat``),
    via each signal's rule: counts over all of them (SQLite's json_each, no Python
    decoding per message) and example entries from the ``earliest`` ones."""
    signal_rule = {s.id: s.rule for s in book.signals if s.rule}
    rules = {r.id: r for r in book.rules}

    def method_of(signal_id: str) -> str | None:
        rule = rules.get(signal_rule.get(signal_id) or "")
        return rule.methods[0] if rule is not None else None

    counts: Counter[str] = Counter()
    for signal_id, count in conn.execute(
            f"SELECT json_extract(j.value, '$.id') AS sid, count(*) "
            f"{flagged_sql.replace('WHERE', ', json_each(a.signals) j WHERE', 1)} "
            f"AND json_extract(j.value, '$.verdict') IN ('unlawful', 'scam') GROUP BY sid",
            params):
        method = method_of(signal_id)
        if method is not None:
            counts[method] += int(count)
    seqs: dict[str, list[int]] = {}
    for seq, _, _, signals in earliest:
        for signal in json.loads(signals):
            method = method_of(signal["id"])
            if method is None or signal["verdict"] not in ("unlawful", "scam"):
                continue
            kept = seqs.setdefault(method, [])
            if len(kept) < SAMPLE and seq not in kept:
                kept.append(seq)
    return seqs, counts
