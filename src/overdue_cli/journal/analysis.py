"""Scan the journal's messages with the rulebook's signals, and cache the result.

The verdict of a message is the rulebook's opinion, not evidence, so it is kept
in the journal's ``analysis`` table under the rulebook's fingerprint and
recomputed (only for what is missing) whenever a different rulebook is used.
Large backlogs (a fresh import of a phone's whole SMS history) are matched in
worker processes, as ``overdue scan`` does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, cast

from overdue_cli.journal.store import Journal
from overdue_cli.rulebook import Rulebook

if TYPE_CHECKING:
    from overdue_cli.scan.matcher import Hit

PAGE = 2000
PARALLEL_MIN = 4000
"""Messages waiting before worker processes are worth their start-up."""


def fingerprint(book: Rulebook) -> str:
    """Identifies the rulebook's content: a changed rulebook means a fresh analysis."""
    return hashlib.sha256(Path(book.path).read_bytes()).hexdigest()[:16]


def pending(journal: Journal, book: Rulebook, rules: str | None = None) -> int:
    """How many messages wait for analysis with this rulebook (``rules``: its
    fingerprint, when the caller has it already)."""
    rules = rules or fingerprint(book)
    row = journal.conn.execute(
        "SELECT count(*) FROM entries e LEFT JOIN analysis a ON a.seq = e.seq "
        "WHERE typeof(e.text) = 'text' AND e.void_of IS NULL "
        "AND (a.seq IS NULL OR a.rules != ?)",
        (rules,)).fetchone()
    return int(row[0])


def analyse(journal: Journal, book: Rulebook, jobs: int | None = None,
            on_start: Callable[[int], None] | None = None) -> int:
    """Analyse every message that has no analysis for this rulebook; return how many.

    ``jobs`` None: worker processes when the backlog is large and the machine
    has more than one CPU; 1: in this process. ``on_start(count)`` is told how
    many messages wait, before the work starts (the CLI's progress note).
    """
    if not book.signals:
        return 0
    journal.drop_bad_analysis()
    rules = fingerprint(book)
    waiting = pending(journal, book, rules)
    if not waiting:
        return 0
    if on_start is not None:
        on_start(waiting)
    if jobs is None:
        from overdue_cli.scan.parallel import auto_jobs

        jobs = auto_jobs([waiting * 1000]) if waiting >= PARALLEL_MIN else 1
    return journal.save_analysis(rules, _results(journal, book, rules, jobs))


def recheck(journal: Journal, book: Rulebook) -> int:
    """Recompute every message's verdict from its (hashed) text; fix and count the
    stored ones that differ.

    The analysis table is not part of the hash chain (verdicts change with the
    rulebook), so anything that puts verdicts in front of a third party, a
    complaint draft, recomputes them first instead of trusting the table.
    """
    if not book.signals:
        return 0
    analyse(journal, book)
    rules = fingerprint(book)
    fresh = _results(journal, book, rules, 1, every=True)
    changed = journal.save_analysis(rules, _differing(journal, fresh))
    return changed


def _differing(journal: Journal, fresh: Iterator[tuple[int, str, str]]
               ) -> Iterator[tuple[int, str, str]]:
    page: list[tuple[int, str, str]] = []

    def check() -> Iterator[tuple[int, str, str]]:
        stored = {seq: (verdict, signals) for seq, verdict, signals in journal.conn.execute(
            f"SELECT seq, verdict, signals FROM analysis WHERE seq IN "
            f"({','.join('?' * len(page))})", [p[0] for p in page])}
        for seq, verdict, signals in page:
            if stored.get(seq) != (verdict, signals):
                yield seq, verdict, signals

    for row in fresh:
        page.append(row)
        if len(page) >= 500:
            yield from check()
            page = []
    if page:
        yield from check()


def _results(journal: Journal, book: Rulebook, rules: str,
             jobs: int, every: bool = False) -> Iterator[tuple[int, str, str]]:
    from overdue_cli.readers import Record
    from overdue_cli.rulebook import VERDICT_RANK
    from overdue_cli.scan.matcher import Matcher

    def pages() -> Iterator[list[tuple[int, str]]]:
        after = 0
        while True:
            page = journal.unanalysed(None if every else rules, after, PAGE)
            if not page:
                return
            yield page
            after = page[-1][0]

    def result(seq: int, hits: list[Hit]) -> tuple[int, str, str]:
        verdict = max((h.signal.verdict for h in hits), key=VERDICT_RANK.__getitem__,
                      default="unclear")
        signals = [{"id": h.signal.id, "category": h.signal.category,
                    "verdict": h.signal.verdict, "evidence": h.evidence,
                    "span": list(h.span) if h.span else None} for h in hits]
        return seq, verdict, json.dumps(signals, ensure_ascii=False)

    # Each page is fetched whole before its results are written, and the next page
    # starts after the last one read: memory stays at a page, however many messages.
    rows = (row for page in pages() for row in page)
    if jobs > 1:
        from overdue_cli.scan.parallel import ParallelFinder

        records = (Record(text, "journal", str(seq), id=str(seq)) for seq, text in rows)
        with ParallelFinder(book, jobs) as finder:
            for record, hits in finder.pairs(records):
                yield result(int(cast(Record, record).id or 0), list(hits or []))
        return
    matcher = Matcher(book)
    for seq, text in rows:
        yield result(seq, matcher.find(text) if text else [])
