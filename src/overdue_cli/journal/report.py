"""Journal -> Report: what happened, when, how often, and what the rules say of it.

Pure apart from reading the journal: aggregates run as SQL over the indexed
columns (a report over 200,000 entries is a handful of GROUP BY queries, not
200,000 decoded rows), and the findings come from the same engine as
``overdue check``: the journal's facts become a Situation (the methods seen,
a quiet hour if any contact fell in the quiet window, the busiest day's call
counts), so a report and a check never disagree about a rule.

Only incoming contacts that were not voided count; days and hours are local
to each entry's own recorded UTC offset.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from overdue_cli.engine import Situation, assess
from overdue_cli.journal.events import UNANSWERED
from overdue_cli.journal.phones import is_gateway
from overdue_cli.journal.store import Journal, local_time
from overdue_cli.rulebook import SEVERITY, Rule, Rulebook

THIRD_PARTY_METHODS = ("contacts", "address_book", "disclosure")
SAMPLE = 20
"""Entry numbers kept per fact as examples (the counts are always complete)."""
FLAGGED_CAP = 200
"""Flagged messages listed in a report; the total is always given."""

_LOCAL = "((e.at_ms / 1000) + e.utc_offset_s)"
_DAY = f"({_LOCAL} / 86400)"
_HOUR = f"(({_LOCAL} % 86400) / 3600)"
_UNANSWERED_SQL = "(" + ", ".join(f"'{o}'" for o in UNANSWERED) + ")"


@dataclass(frozen=True)
class Filter:
    """Which entries a report, list or complaint covers."""

    platform: str | None = None
    since: date | None = None
    until: date | None = None
    """Inclusive, in ``tz``."""
    tz: tzinfo = timezone(timedelta(hours=8), "Asia/Shanghai")

    def sql(self) -> tuple[str, tuple[Any, ...]]:
        """A WHERE clause on ``e`` (not voided, not a void entry) and its parameters."""
        parts = ["e.void_of IS NULL",
                 "NOT EXISTS (SELECT 1 FROM entries v WHERE v.void_of = e.seq)"]
        params: list[Any] = []
        if self.platform is not None:
            parts.append("e.platform = ?")
            params.append(self.platform)
        if self.since is not None:
            parts.append("e.at_ms >= ?")
            params.append(_ms(datetime.combine(self.since, time(0), self.tz)))
        if self.until is not None:
            parts.append("e.at_ms < ?")
            params.append(_ms(datetime.combine(self.until + timedelta(days=1), time(0),
                                               self.tz)))
        return " AND ".join(parts), tuple(params)


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


def build(journal: Journal, book: Rulebook, flt: Filter, *, unanalysed: int = 0,
          now: datetime | None = None) -> Report:
    """Aggregate the journal under ``flt`` and judge it with the rulebook."""
    where, params = flt.sql()
    conn = journal.conn
    base = f"FROM entries e WHERE {where}"
    inbound = f"{base} AND e.direction = 'in'"

    row = conn.execute(
        f"SELECT count(*), sum(e.method = 'call'), sum(e.method = 'call' AND e.outcome = "
        f"'answered'), sum(e.method = 'call' AND e.outcome IN {_UNANSWERED_SQL}), "
        f"sum(e.method IN ('sms', 'wechat', 'app', 'email')), min(e.at_ms), max(e.at_ms) "
        f"{inbound}", params).fetchone()
    entries, calls, answered, unanswered, messages = (int(x or 0) for x in row[:5])
    first = _local(conn, row[5], where, params)
    last = _local(conn, row[6], where, params)
    outgoing = int(conn.execute(f"SELECT count(*) {base} AND e.direction = 'out'",
                                params).fetchone()[0])

    per_day = tuple(
        DayCount(date.fromordinal(_EPOCH_ORDINAL + d), *(int(x or 0) for x in rest))
        for d, *rest in conn.execute(
            f"SELECT {_DAY} AS d, sum(e.method = 'call'), "
            f"sum(e.method = 'call' AND e.outcome = 'answered'), "
            f"sum(e.method = 'call' AND e.outcome IN {_UNANSWERED_SQL}), "
            f"sum(e.method IN ('sms', 'wechat', 'app', 'email')), "
            f"sum(e.method NOT IN ('call', 'sms', 'wechat', 'app', 'email')) "
            f"{inbound} GROUP BY d ORDER BY d", params))
    hours = [0] * 24
    for hour, count in conn.execute(f"SELECT {_HOUR} AS h, count(*) {inbound} GROUP BY h",
                                    params):
        hours[int(hour)] = int(count)
    quiet = [h for h in range(24) if book.is_quiet_hour(h)]
    night_sql = f"{inbound} AND {_HOUR} IN ({', '.join(map(str, quiet)) or '-1'})"
    night = int(conn.execute(f"SELECT count(*) {night_sql}", params).fetchone()[0])
    night_sample = _contacts(journal, night_sql, params, SAMPLE)

    answered_gt, attempts_gt = _thresholds(book)
    heavy = tuple(_heavy_days(conn, inbound, params, answered_gt, attempts_gt))

    third_sql = (f"{inbound} AND (e.third_party = 1 OR e.method IN "
                 f"({', '.join(repr(m) for m in THIRD_PARTY_METHODS)}))")
    third_party = int(conn.execute(f"SELECT count(*) {third_sql}", params).fetchone()[0])
    third_sample = _contacts(journal, third_sql, params, SAMPLE)

    flagged_sql = (f"{inbound} AND e.seq IN (SELECT seq FROM analysis "
                   f"WHERE verdict IN ('unlawful', 'scam'))")
    flagged_total = int(conn.execute(f"SELECT count(*) {flagged_sql}", params).fetchone()[0])
    flagged_contacts = _contacts(journal, flagged_sql, params, FLAGGED_CAP)
    analysed = journal.analysis_for(c.seq for c in flagged_contacts)
    flagged = tuple(Flagged(c, analysed[c.seq][0], tuple(analysed[c.seq][1]))
                    for c in flagged_contacts if c.seq in analysed)

    numbers = tuple(
        NumberCount(number, int(count), is_gateway(number))
        for number, count in conn.execute(
            f"SELECT e.number, count(*) AS n {inbound} AND e.number IS NOT NULL "
            f"GROUP BY e.number ORDER BY n DESC, e.number LIMIT {SAMPLE}", params))

    odd = _odd_times(conn, where, params, now)
    platforms = tuple((p, int(n)) for p, n in conn.execute(
        f"SELECT e.platform, count(*) FROM entries e WHERE "
        f"{Filter(None, flt.since, flt.until, flt.tz).sql()[0]} GROUP BY e.platform "
        f"ORDER BY count(*) DESC", Filter(None, flt.since, flt.until, flt.tz).sql()[1]))

    findings, verdict, steps = _judge(journal, book, inbound, params, heavy, flagged_sql)
    return Report(flt, entries, outgoing, calls, answered, unanswered, messages, first, last,
                  per_day, tuple(hours), night, night_sample, heavy, third_party, third_sample,
                  flagged_total, flagged, numbers, findings, verdict, steps, odd, unanalysed,
                  platforms)


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def _local(conn: Any, at_ms: int | None, where: str, params: tuple[Any, ...]
           ) -> datetime | None:
    """The entry time at ``at_ms``, in that entry's own offset."""
    if at_ms is None:
        return None
    row = conn.execute(f"SELECT e.utc_offset_s FROM entries e WHERE {where} AND e.at_ms = ? "
                       f"LIMIT 1", (*params, at_ms)).fetchone()
    return local_time(at_ms, row[0] if row else 0)


def _contacts(journal: Journal, where_sql: str, params: tuple[Any, ...],
              limit: int) -> tuple[Contact, ...]:
    rows = journal.conn.execute(
        f"SELECT e.seq, e.at_ms, e.utc_offset_s, e.method, e.number, e.name, e.text, "
        f"json_extract(e.extra, '$.note'), "
        f"e.outcome, e.duration_s {where_sql} ORDER BY e.at_ms, e.seq LIMIT {int(limit)}",
        params)
    return tuple(Contact(seq, local_time(at_ms, offset), *rest)
                 for seq, at_ms, offset, *rest in rows)


def _thresholds(book: Rulebook) -> tuple[int, int]:
    """The rulebook's per-day call limits (answered, unanswered attempts)."""
    answered = attempts = None
    for rule in book.rules:
        answered = rule.when.get("calls_per_day_gt", answered)
        attempts = rule.when.get("attempts_per_day_gt", attempts)
    return int(answered if answered is not None else 3), int(
        attempts if attempts is not None else 6)


def _heavy_rules(book: Rulebook) -> dict[str, str]:
    ids: dict[str, str] = {}
    for rule in book.rules:
        for key in ("calls_per_day_gt", "attempts_per_day_gt"):
            if key in rule.when:
                ids[key] = rule.id
    return ids


def _heavy_days(conn: Any, inbound: str, params: tuple[Any, ...], answered_gt: int,
                attempts_gt: int) -> list[HeavyDay]:
    out = []
    for d, number, answered, unanswered in conn.execute(
            f"SELECT {_DAY} AS d, e.number, sum(e.outcome = 'answered') AS a, "
            f"sum(e.outcome IN {_UNANSWERED_SQL}) AS u {inbound} AND e.method = 'call' "
            f"AND e.number IS NOT NULL GROUP BY d, e.number HAVING a > ? OR u > ? "
            f"ORDER BY d, e.number", (*params, answered_gt, attempts_gt)):
        reasons = (("calls_per_day_gt",) if answered > answered_gt else ()) + (
            ("attempts_per_day_gt",) if unanswered > attempts_gt else ())
        out.append(HeavyDay(date.fromordinal(_EPOCH_ORDINAL + d), number, int(answered),
                            int(unanswered), reasons))
    return out


def _odd_times(conn: Any, where: str, params: tuple[Any, ...], now: datetime | None) -> int:
    """Entries dated before 2000 or in the future (kept, but worth a look)."""
    from overdue_cli.journal.store import EARLIEST_MS, FUTURE_SLACK_MS

    latest = _ms(now or datetime.now(UTC)) + FUTURE_SLACK_MS
    return int(conn.execute(f"SELECT count(*) FROM entries e WHERE {where} AND NOT "
                            f"(e.at_ms BETWEEN ? AND ?)", (*params, EARLIEST_MS, latest)
                            ).fetchone()[0])


def _judge(journal: Journal, book: Rulebook, inbound: str, params: tuple[Any, ...],
           heavy: tuple[HeavyDay, ...], flagged_sql: str
           ) -> tuple[tuple[ReportFinding, ...], str | None, tuple[str, ...]]:
    """Turn the journal's facts into one Situation per method and let the engine decide.

    Per method, so a night-time call makes calls a quiet-hours violation without
    making every daytime SMS one too.
    """
    conn = journal.conn
    by_method = dict(conn.execute(f"SELECT e.method, count(*) {inbound} GROUP BY e.method",
                                  params).fetchall())
    signal_seqs, signal_counts = _signal_methods(conn, book, flagged_sql, params)
    methods = [m for m in book.methods if m in by_method or m in signal_counts]
    quiet = [h for h in range(24) if book.is_quiet_hour(h)]
    quiet_sql = f"{_HOUR} IN ({', '.join(map(str, quiet)) or '-1'})"
    heavy_keys = tuple(_heavy_rules(book))
    findings = []
    for method in methods:
        night_rows = conn.execute(
            f"SELECT e.seq, {_HOUR} {inbound} AND e.method = ? AND {quiet_sql} "
            f"ORDER BY e.at_ms", (*params, method)).fetchall()
        calls = method == "call" and heavy
        situation = Situation(
            days_overdue=1, methods=(method,),
            hour=int(night_rows[0][1]) if night_rows else None,
            calls_per_day=max((h.answered for h in heavy), default=None) if calls else None,
            attempts_per_day=max((h.unanswered for h in heavy), default=None) if calls else None)
        finding = assess(book, situation).findings[0]
        for rule in finding.fired:
            if rule is not finding.rule and rule.verdict == "normal":
                continue  # a lesser "this is normal" beside a breach says nothing new
            when = rule.when
            if "hour" in when:
                seqs, count = tuple(r[0] for r in night_rows[:SAMPLE]), len(night_rows)
            elif any(k in when for k in heavy_keys):
                keys = [f"{h.day.toordinal() - _EPOCH_ORDINAL}|{h.number}" for h in heavy]
                rows = conn.execute(
                    f"SELECT e.seq {inbound} AND e.method = 'call' AND "
                    f"({_DAY} || '|' || e.number) IN ({', '.join('?' * len(keys))}) "
                    f"ORDER BY e.at_ms LIMIT {SAMPLE}", (*params, *keys)).fetchall()
                seqs, count = tuple(r[0] for r in rows), len(heavy)
            elif method in signal_counts:
                seqs, count = tuple(signal_seqs[method]), signal_counts[method]
            else:
                rows = conn.execute(f"SELECT e.seq {inbound} AND e.method = ? ORDER BY "
                                    f"e.at_ms LIMIT {SAMPLE}", (*params, method)).fetchall()
                seqs, count = tuple(r[0] for r in rows), int(by_method.get(method, 0))
            findings.append(ReportFinding(method, rule, rule is finding.rule, seqs, count,
                                          finding.actions))
    findings.sort(key=lambda f: -SEVERITY[f.rule.verdict])
    verdict = findings[0].rule.verdict if findings else None
    steps = dict.fromkeys(a for f in findings for a in f.actions)
    next_steps = tuple(sorted(steps, key=lambda a: book.actions[a].priority))
    return tuple(findings), verdict, next_steps


def _signal_methods(conn: Any, book: Rulebook, flagged_sql: str, params: tuple[Any, ...]
                    ) -> tuple[dict[str, list[int]], Counter[str]]:
    """The check methods that flagged messages amount to (a threat -> ``threat``),
    via each signal's rule, with example entry numbers and counts."""
    signal_rule = {s.id: s.rule for s in book.signals if s.rule}
    rules = {r.id: r for r in book.rules}
    seqs: dict[str, list[int]] = {}
    counts: Counter[str] = Counter()
    for seq, signals in conn.execute(
            f"SELECT a.seq, a.signals FROM analysis a WHERE a.seq IN "
            f"(SELECT e.seq {flagged_sql})", params):
        for signal in json.loads(signals):
            rule = rules.get(signal_rule.get(signal["id"]) or "")
            if rule is None or signal["verdict"] not in ("unlawful", "scam"):
                continue
            method = rule.methods[0]
            counts[method] += 1
            kept = seqs.setdefault(method, [])
            if len(kept) < SAMPLE and seq not in kept:
                kept.append(seq)
    return seqs, counts
