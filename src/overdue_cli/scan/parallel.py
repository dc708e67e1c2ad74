"""Matching spread over worker processes, for large inputs.

Finding the signals in a message is pure CPU work on one string, and it is
nine tenths of a scan; everything that depends on order (the per-sender
counts, the summary, the output) stays in this process. So a large export is
read here, cut into batches, matched by ``jobs`` workers, and put back in
input order. At most ``2 × jobs`` batches are in flight, so memory stays
bounded whatever the input size.

Workers are forked where the platform allows it (they inherit the loaded
rulebook), spawned elsewhere; either way they talk to this process over
pipes, never a socket. Results travel as plain tuples, not as rulebook
objects, which would be slow to pickle.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool
from types import TracebackType
from typing import Any

from overdue_cli.errors import OverdueError
from overdue_cli.rulebook import Rulebook, load_rulebook
from overdue_cli.scan.matcher import Hit, Matcher
from overdue_cli.scan.records import Record, Skipped

BATCH = 256
"""Records per batch sent to a worker: large enough that the pipe is not the cost."""
AUTO_MIN_BYTES = 1_000_000
"""``--jobs auto`` uses workers only for file inputs at least this large."""
MAX_AUTO_JOBS = 4

_matcher: Matcher | None = None
_index: dict[str, int] = {}

Item = Record | Skipped
RawHit = tuple[int, str, int, int]


def auto_jobs(sizes: Iterable[int]) -> int:
    """Workers for ``--jobs auto``: 1 (no pool) unless the files are large and the
    machine has more than one CPU for this process."""
    if sum(sizes) < AUTO_MIN_BYTES:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_AUTO_JOBS, cpus))


def _start(path: str) -> None:
    """Worker initialiser: the matcher for the rulebook (already loaded if forked)."""
    global _matcher, _index
    book = load_rulebook(path)
    _matcher = Matcher(book)
    _index = {signal.id: i for i, signal in enumerate(book.signals)}


def _find_batch(texts: list[str]) -> list[list[RawHit]]:
    assert _matcher is not None
    return [[(_index[h.signal.id], h.evidence, *(h.span or (0, 0))) for h in _matcher.find(t)]
            for t in texts]


class ParallelFinder:
    """Pairs each record with its text hits, found by worker processes, in order."""

    def __init__(self, book: Rulebook, jobs: int) -> None:
        self.book = book
        self.jobs = jobs
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._pool: Pool = context.Pool(jobs, initializer=_start, initargs=(book.path,))

    def __enter__(self) -> ParallelFinder:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            self._pool.close()
        else:
            self._pool.terminate()
        self._pool.join()

    def pairs(self, items: Iterable[Item]) -> Iterator[tuple[Item, list[Hit] | None]]:
        """(item, hits) for every item; hits is None for a skipped record. A fault
        while reading is raised after the records before it have been yielded."""
        pending: deque[tuple[list[Item], AsyncResult[Any]]] = deque()
        batch: list[Item] = []
        try:
            for item in items:
                batch.append(item)
                if len(batch) >= BATCH:
                    pending.append(self._submit(batch))
                    batch = []
                    if len(pending) >= 2 * self.jobs:
                        yield from self._collect(*pending.popleft())
        except OverdueError:
            # a fault while reading: what was read before it is still reported
            yield from self._drain(batch, pending)
            raise
        yield from self._drain(batch, pending)

    def _drain(self, batch: list[Item], pending: deque[tuple[list[Item], AsyncResult[Any]]]
               ) -> Iterator[tuple[Item, list[Hit] | None]]:
        if batch:
            pending.append(self._submit(batch))
        while pending:
            yield from self._collect(*pending.popleft())

    def _submit(self, batch: list[Item]) -> tuple[list[Item], AsyncResult[Any]]:
        texts = [item.text for item in batch if isinstance(item, Record)]
        return batch, self._pool.apply_async(_find_batch, (texts,))

    def _collect(self, batch: list[Item],
                 result: AsyncResult[Any]) -> Iterator[tuple[Item, list[Hit] | None]]:
        signals = self.book.signals
        found = iter(result.get())
        for item in batch:
            if isinstance(item, Skipped):
                yield item, None
            else:
                yield item, [Hit(signals[i], evidence, (start, end))
                             for i, evidence, start, end in next(found)]
