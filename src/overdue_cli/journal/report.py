"""Journal -> Report: what happened, when, how often, and what the rules say of it.

Pure apart from reading the journal: one pass over the narrow columns of the
entries in scope counts everything (message texts are read only for the few
entries shown), and the findings come from the same engine as ``overdue
check``: per method, the journal's facts become a Situation (a quiet hour if
any contact by that method fell in the quiet window, the busiest day's call
counts), so a report and a check never disagree about a rule.

Only incoming contacts that were not voided count; days and hours are local
to each entry's own recorded UTC offset.

Three things a complaint relies on are settled here, so every renderer agrees:
the per-day call limits count a platform's calls together (the lender and every
agency calling for it; an entry with no platform is counted by its number, as
before); a finding's count is exactly the entries it covers; and each finding
knows the days of those entries, so it can cite the law in force on them
(``law_periods``).

This module holds the reads (SQL over the entries in scope) and ``build``; the
report's types are ``facts``, the one pass over the rows ``tally``, and the
judging ``findings``.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from overdue_cli.journal.events import UNANSWERED
from overdue_cli.journal.facts import Contact, DayCount, Flagged, HeavyDay, NumberCount, Report
from overdue_cli.journal.findings import Signalled, heavy_days, judge, signal_methods
from overdue_cli.journal.phones import is_gateway
from overdue_cli.journal.queries import Filter, day_start_ms
from overdue_cli.journal.rows import AT_MS_SQL, OFFSET_SQL, epoch_ms, local_time, text_of
from overdue_cli.journal.store import Journal
from overdue_cli.journal.tally import EPOCH_ORDINAL, SAMPLE, Tally
from overdue_cli.rulebook import Rulebook

FLAGGED_CAP = 200
"""Flagged messages listed in a report; the total is always given."""

_LOCAL = f"max(0, {AT_MS_SQL} / 1000 + {OFFSET_SQL})"
"""An entry's local time in seconds (its own UTC offset), for day and hour."""


def _as_text(column: str) -> str:
    """A text column as text whatever an edited row stored there (a blob, a number)."""
    return f"CAST({column} AS TEXT)"


def build(journal: Journal, book: Rulebook, flt: Filter, *, unanalysed: int = 0,
          now: datetime | None = None, lender: str | None = None) -> Report:
    """Aggregate the journal under ``flt`` and judge it with the rulebook.

    ``lender``: the kind of lender to judge for (``complaint --lender``); by default
    the one recorded for the platform in scope (or shared by all of them)."""
    where, params = flt.sql()
    conn = journal.conn
    tally = Tally(book, epoch_ms(now or datetime.now(UTC)))
    tally.consume(conn.execute(
        f"SELECT e.seq, {AT_MS_SQL}, {OFFSET_SQL}, {_LOCAL} / 86400, {_LOCAL} % 86400 / 3600, "
        f"{_as_text('e.method')}, {_as_text('e.direction')}, {_as_text('e.number')}, "
        f"{_as_text('e.outcome')}, CAST(e.third_party AS INTEGER), {_as_text('e.platform')} "
        f"FROM entries e WHERE {where}", params))

    per_day = tuple(DayCount(date.fromordinal(EPOCH_ORDINAL + d), *tally.days[d])
                    for d in sorted(tally.days))
    heavy = heavy_days(book, tally)

    flagged_sql = (f"FROM entries e JOIN analysis a ON a.seq = e.seq WHERE {where} AND "
                   f"e.direction = 'in' AND a.verdict IN ('unlawful', 'scam')")
    flagged_total = int(conn.execute(f"SELECT count(*) {flagged_sql}", params).fetchone()[0])
    flagged_rows = conn.execute(
        f"SELECT e.seq, e.at_ms, a.verdict, a.signals {flagged_sql} ORDER BY e.at_ms, e.seq "
        f"LIMIT {FLAGGED_CAP}", params).fetchall()
    shown = {seq: (verdict, signals) for seq, _, verdict, signals in flagged_rows}
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
    recorded = journal.lenders()
    lenders = tuple((p, recorded[p]) for p, _ in platforms if p is not None and p in recorded)
    if lender is None:
        lender = lender_in_scope(flt, recorded, tally)

    signals = _signal_methods(book, conn, flagged_sql, params)
    heavy_seqs = _heavy_seqs(conn, where, params, heavy)
    findings, verdict, steps = judge(book, tally, heavy, heavy_seqs, signals, lender)
    first = local_time(*tally.first) if tally.first else None
    last = local_time(*tally.last) if tally.last else None
    return Report(flt, tally.entries, tally.outgoing, tally.calls, tally.answered,
                  tally.unanswered, tally.messages, first, last, per_day, tuple(tally.hours),
                  tally.night, _contacts(journal, tally.sample("\x00night")), heavy,
                  tally.third_party, _contacts(journal, tally.sample("\x00third")),
                  flagged_total, flagged, numbers, findings, verdict, steps, tally.odd,
                  unanalysed, platforms, lenders, lender)


def lender_in_scope(flt: Filter, recorded: dict[str, str], tally: Tally) -> str | None:
    """The platform's recorded lender; for all platforms, the one they all share
    (untagged entries aside), else None."""
    if flt.platform is not None:
        return recorded.get(flt.platform)
    kinds = {recorded.get(p) for p in tally.platforms if p is not None}
    return kinds.pop() if len(kinds) == 1 else None


def _contacts(journal: Journal, seqs: list[int]) -> tuple[Contact, ...]:
    """The entries ``seqs`` (a few), in time order, as Contacts."""
    if not seqs:
        return ()
    rows = journal.conn.execute(
        f"SELECT x.seq, x.at_ms, x.utc_offset_s, x.method, x.number, x.name, x.text, "
        f"CASE WHEN json_valid(x.extra) THEN json_extract(x.extra, '$.note') END, "
        f"x.outcome, x.duration_s FROM entries x "
        f"WHERE x.seq IN ({', '.join('?' * len(seqs))}) ORDER BY x.at_ms, x.seq", tuple(seqs))
    return tuple(Contact(seq, local_time(at_ms, offset), text_of(method) or "", text_of(number),
                         text_of(name), text_of(text), text_of(note), text_of(outcome),
                         duration if isinstance(duration, int) else None)
                 for seq, at_ms, offset, method, number, name, text, note, outcome, duration
                 in rows)


def _over(h: HeavyDay, key: str) -> bool:
    return key in h.over


def _heavy_seqs(conn: Any, where: str, params: tuple[Any, ...],
                heavy: tuple[HeavyDay, ...]) -> dict[str, tuple[int, ...]]:
    """The earliest entries behind each per-day limit: per limit key, the calls of that
    kind (answered / not) on the days over it, read within those days only."""
    if not heavy:
        return {}
    wanted: dict[tuple[int, str | None, str | None], HeavyDay] = {
        (h.day.toordinal() - EPOCH_ORDINAL, h.platform, h.number): h for h in heavy}
    low = day_start_ms(min(h.day for h in heavy), -1, UTC)
    high = day_start_ms(max(h.day for h in heavy), 2, UTC)
    unanswered = frozenset(UNANSWERED)
    found: dict[str, list[tuple[int, int]]] = {"calls_per_day_gt": [],
                                               "attempts_per_day_gt": []}
    for seq, at_ms, offset, number, platform, outcome in conn.execute(
            f"SELECT e.seq, {AT_MS_SQL}, {OFFSET_SQL}, {_as_text('e.number')}, "
            f"{_as_text('e.platform')}, {_as_text('e.outcome')} FROM entries e WHERE {where} "
            f"AND e.method = 'call' AND e.direction = 'in' AND e.at_ms >= ? AND e.at_ms < ?",
            (*params, low, high)):
        d = max(0, at_ms // 1000 + offset) // 86400
        h = wanted.get((d, platform, None) if platform is not None else (d, None, number))
        if h is None:
            continue
        if outcome == "answered" and _over(h, "calls_per_day_gt"):
            found["calls_per_day_gt"].append((at_ms, seq))
        elif outcome in unanswered and _over(h, "attempts_per_day_gt"):
            found["attempts_per_day_gt"].append((at_ms, seq))
    return {key: tuple(seq for _, seq in sorted(rows)[:SAMPLE]) for key, rows in found.items()}


def _signal_methods(book: Rulebook, conn: Any, flagged_sql: str,
                    params: tuple[Any, ...]) -> dict[str, Signalled]:
    """Per check method, the flagged messages that amount to it (``signal_methods``),
    other than entries logged with that method: each message counted once however
    many of its signals point to the method (SQLite's json_each: no Python decoding
    of the signal lists)."""
    method_of = signal_methods(book)
    out: dict[str, Signalled] = {}
    for seq, at_ms, day, method, signal_id in conn.execute(
            f"SELECT DISTINCT e.seq, {AT_MS_SQL}, {_LOCAL} / 86400, {_as_text('e.method')}, "
            f"json_extract(j.value, '$.id') "
            f"{flagged_sql.replace('WHERE', ', json_each(a.signals) j WHERE', 1)} "
            f"AND json_extract(j.value, '$.verdict') IN ('unlawful', 'scam')", params):
        target = method_of.get(signal_id)
        if target is None or target == method:
            continue
        if method is not None:
            out.setdefault(method, Signalled()).flagged_own.add(seq)
        got = out.setdefault(target, Signalled())
        if seq in got.seqs:
            continue
        got.seqs.add(seq)
        got.days.add(day)
        got.earliest.append((at_ms, seq))
        if len(got.earliest) > 4 * SAMPLE:
            got.earliest.sort()
            del got.earliest[SAMPLE:]
    for got in out.values():
        got.earliest.sort()
        del got.earliest[SAMPLE:]
    return out
