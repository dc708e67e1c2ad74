"""Reading the journal: which entries (``Filter``, ``EntryQuery``) and the reads
themselves (``JournalReader``, the read half of ``store.Journal``).

Why a module of its own: the commands ask the journal questions (the entries of
a period, the newest hundred calls from one number, the names to redact) and
must not write SQL to do it; every such question is a typed object or a method
here, and the SQL stays inside the journal package.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from overdue_cli.journal.columns import FIELDS, SOURCE_FIELDS
from overdue_cli.journal.events import Event
from overdue_cli.journal.phones import normalise
from overdue_cli.journal.rows import (
    MAX_MS,
    MIN_MS,
    as_int,
    epoch_ms,
    event_from_row,
    extra_fields,
    text_of,
)
from overdue_cli.readers import CHINA_TZ


@dataclass(frozen=True)
class Entry:
    """A stored event with its place in the chain."""

    seq: int
    event: Event
    hash: str
    tz: str
    recorded_at: str
    void_of: int | None = None
    reason: str | None = None
    voided_by: int | None = None


def day_start_ms(day: date, plus: int, tz: tzinfo) -> int:
    """Midnight ``plus`` days after ``day`` in ``tz``, in epoch ms; a day at the end of
    the calendar (``--until 9999-12-31``) is clamped to the journal's range."""
    try:
        return epoch_ms(datetime.combine(day + timedelta(days=plus), time(0), tz))
    except (OverflowError, ValueError):
        return MAX_MS + 1 if day.year > 1970 else MIN_MS


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
            params.append(day_start_ms(self.since, 0, self.tz))
        if self.until is not None:
            parts.append("e.at_ms < ?")
            params.append(day_start_ms(self.until, 1, self.tz))
        return " AND ".join(parts) or "1", tuple(params)


@dataclass(frozen=True)
class EntryQuery:
    """The entries ``log list`` and ``log export`` show: a period and platform, then
    narrower tests, in the order they were recorded."""

    scope: Filter = field(default_factory=Filter)
    """Platform and days (``--platform``, ``--since``, ``--until``, ``--tz``)."""
    include_voided: bool = False
    """Also voided entries and the void entries themselves (``--all``)."""
    methods: tuple[str, ...] = ()
    """Only these methods (rulebook ids); () for any."""
    number: str | None = None
    """Only this counterparty number, as typed: compared in its normal form
    (``phones.normalise``; a number with none, such as ``null``, matches nothing)."""
    flagged: bool = False
    """Only messages the scan flagged (unlawful or scam)."""
    newest: int | None = None
    """At most this many, the newest (still listed oldest first); None for all."""

    def sql(self) -> tuple[str, tuple[Any, ...]]:
        """A WHERE clause on ``e`` and its parameters (``newest`` aside)."""
        where, params = self.scope.sql(include_voided=self.include_voided)
        clauses = [where]
        values = list(params)
        if self.methods:
            clauses.append(f"e.method IN ({', '.join('?' * len(self.methods))})")
            values.extend(self.methods)
        if self.number:
            clauses.append("e.number = ?")
            values.append(normalise(self.number))
        if self.flagged:
            clauses.append("e.seq IN (SELECT seq FROM analysis WHERE verdict IN "
                           "('unlawful', 'scam'))")
        return " AND ".join(c for c in clauses if c), tuple(values)


@dataclass(frozen=True)
class Listing:
    """What ``JournalReader.listing`` answers: how many entries match, and the ones
    shown (the newest ``newest`` of them), read as they are iterated."""

    total: int
    entries: Iterator[Entry]


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def known_keys(conn: sqlite3.Connection, keys: list[bytes]) -> set[bytes]:
    """Which of the dedupe ``keys`` are already in the journal."""
    known: set[bytes] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        known.update(r[0] for r in conn.execute(
            f"SELECT dedupe FROM entries WHERE dedupe IN ({','.join('?' * len(chunk))})",
            chunk))
    return known


def _signals(text: Any) -> list[dict[str, Any]] | None:
    """A cached ``signals`` column as a list of signal dicts, or None if it is not one."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return None
    if not isinstance(value, list):
        return None
    for item in value:
        if not isinstance(item, dict) or not all(
                isinstance(item.get(k), str) for k in ("id", "category", "verdict", "evidence")):
            return None
    return value


class JournalReader:
    """The reads of an open journal (``store.Journal`` adds the writes)."""

    conn: sqlite3.Connection

    def count(self) -> int:
        """Every entry, void entries and voided ones included."""
        return int(self.conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    def entries(self, where: str = "", params: tuple[Any, ...] = (), *,
                order: str = "e.seq", limit: int | None = None) -> Iterator[Entry]:
        """Entries (with who voided them) matching an SQL condition on ``e``."""
        sql = (f"SELECT e.seq, {', '.join('e.' + f for f in FIELDS)}, e.hash, "
               f"{', '.join('s.' + f for f in SOURCE_FIELDS)}, "
               "(SELECT v.seq FROM entries v WHERE v.void_of = e.seq) "
               "FROM entries e JOIN sources s ON s.id = e.source_id")
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        names = ("seq", *FIELDS, "hash", *(f"s_{f}" for f in SOURCE_FIELDS), "voided_by")
        for raw in self.conn.execute(sql, params):
            row = dict(zip(names, raw, strict=True))
            reason = text_of(extra_fields(row["extra"]).get("reason"))
            void_of = row["void_of"]
            yield Entry(row["seq"], event_from_row(row), text_of(row["hash"]) or "",
                        text_of(row["s_tz"]) or "", text_of(row["s_recorded_at"]) or "",
                        None if void_of is None else as_int(void_of), reason, row["voided_by"])

    def entry(self, seq: int) -> Entry | None:
        """Entry number ``seq``, or None (also for a number beyond SQLite's integers)."""
        if not 1 <= seq < 1 << 63:
            return None
        return next(self.entries("e.seq = ?", (seq,)), None)

    def count_matching(self, query: EntryQuery) -> int:
        """How many entries ``query`` matches (``newest`` aside)."""
        where, params = query.sql()
        return int(self.conn.execute(f"SELECT count(*) FROM entries e WHERE {where}",
                                     params).fetchone()[0])

    def find(self, query: EntryQuery) -> Iterator[Entry]:
        """The entries ``query`` matches, in the order they were recorded, read as
        they are iterated (paged: 500,000 entries cost what one page costs)."""
        return self._select(query, None)

    def listing(self, query: EntryQuery) -> Listing:
        """``find``, with how many entries match before ``newest`` cuts them."""
        total = self.count_matching(query)
        return Listing(total, self._select(query, total))

    def _select(self, query: EntryQuery, total: int | None) -> Iterator[Entry]:
        where, params = query.sql()
        take = query.newest
        if take is not None:
            if total is None:
                total = self.count_matching(query)
            if total > take:
                where += (f" AND e.seq >= (SELECT seq FROM entries e WHERE {where} "
                          f"ORDER BY e.seq DESC LIMIT 1 OFFSET {take - 1})")
                params = params * 2
        return self.entries(where, params)

    def counterparty_names(self) -> list[str]:
        """Every name the journal records for a counterparty (what a redaction masks
        wherever it appears); text only: an edited row may hold a blob."""
        return [n for (n,) in self.conn.execute(
            "SELECT DISTINCT name FROM entries WHERE typeof(name) = 'text'")]

    def lenders(self) -> dict[str, str]:
        """Platform name -> lender id, as recorded (text rows only: an edited row that
        holds something else reads as not recorded)."""
        return {name: lender for name, lender in self.conn.execute(
            "SELECT name, lender FROM platforms WHERE typeof(name) = 'text' "
            "AND typeof(lender) = 'text' ORDER BY name")}

    def unanalysed(self, rules: str | None, after: int = 0,
                   limit: int = 1000) -> list[tuple[int, str]]:
        """(seq, text) of up to ``limit`` messages after ``after`` that have no
        analysis for this rulebook fingerprint (read in pages: bounded memory);
        ``rules`` None: every message, analysed or not."""
        if rules is None:
            return self.conn.execute(
                "SELECT e.seq, e.text FROM entries e WHERE e.seq > ? AND typeof(e.text) = 'text' "
                "AND e.void_of IS NULL ORDER BY e.seq LIMIT ?", (after, limit)).fetchall()
        return self.conn.execute(
            "SELECT e.seq, e.text FROM entries e LEFT JOIN analysis a ON a.seq = e.seq "
            "WHERE e.seq > ? AND typeof(e.text) = 'text' AND e.void_of IS NULL "
            "AND (a.seq IS NULL OR a.rules != ?) ORDER BY e.seq LIMIT ?",
            (after, rules, limit)).fetchall()

    def analysis_for(self, seqs: Iterable[int]) -> dict[int, tuple[str, list[Any]]]:
        """The cached scan verdict and signals of each of ``seqs`` that has a valid one."""
        out: dict[int, tuple[str, list[Any]]] = {}
        for chunk in chunks(seqs, 500):
            for seq, verdict, signals in self.conn.execute(
                    f"SELECT seq, verdict, signals FROM analysis WHERE seq IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                parsed = _signals(signals)
                if parsed is not None and isinstance(verdict, str):
                    out[seq] = (verdict, parsed)
        return out

    def imports(self) -> list[dict[str, Any]]:
        """Every file imported, in order, with its counts."""
        cursor = self.conn.execute("SELECT name, sha256, size, format, imported_at, added, "
                                   "duplicates, skipped FROM imports ORDER BY id")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]
