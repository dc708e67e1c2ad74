"""Running a whole scan: sources in, results handed out one by one, an outcome back.

Why: how a scan is run — worker processes for large inputs, which skipped
records are reported, progress, what an interruption or a broken input does —
is policy of the scanner, not of the command line that asks for it. The caller
gives callbacks for each result, each reported skip and the progress display,
and gets a :class:`ScanOutcome`; nothing here prints, exits or reads stdin
(``-`` is read by the readers).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Protocol

from overdue_cli.errors import OverdueError
from overdue_cli.readers import ReadOptions, Skipped
from overdue_cli.scan.scanner import MessageResult, Scanner, Summary
from overdue_cli.scan.sources import read_all

if TYPE_CHECKING:
    from overdue_cli.rulebook import Rulebook

SKIPS_REPORTED = 20
"""Skipped records handed to ``on_skip`` one by one; the rest are only counted."""

Sources = list[tuple[str, str]]
"""(kind, argument) pairs, as :func:`overdue_cli.scan.sources.classify` returns them."""


class Progress(Protocol):
    """A progress display: advanced once per record read, stopped once at the end."""

    def advance(self) -> None: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class ScanSettings:
    """How to scan (not what): ``--strict``, ``--flagged``, ``--jobs``, ``--no-model``."""

    strict: bool = False
    """Stop at the first malformed record (an InputError) instead of skipping it."""
    flagged_only: bool = False
    """Hand out only unlawful and scam messages (all are still counted)."""
    jobs: int = 1
    """Worker processes for matching; 1: none."""
    model: bool = True
    """Ask the learned model for a second opinion on messages no rule flags."""


@dataclass(frozen=True)
class ScanOutcome:
    """What a scan ended with. ``error`` is the input fault that stopped the reading
    (an OverdueError: a truncated file, no messages at all, a dead worker), after
    every result before it was handed out; the caller decides how to report it."""

    scanner: Scanner
    error: OverdueError | None
    skipped: int
    """Skipped records, including the ones not handed to ``on_skip``."""

    @property
    def summary(self) -> Summary:
        return self.scanner.summary

    @property
    def unreported(self) -> int:
        """Skipped records beyond the first :data:`SKIPS_REPORTED`."""
        return max(0, self.skipped - SKIPS_REPORTED)

    def tripped(self, fail_on: str | None) -> bool:
        """Whether ``--fail-on`` (``unlawful``: unlawful or scam; ``scam``) was met."""
        if fail_on is None:
            return False
        by = self.summary.by_verdict
        return bool(by["scam"] if fail_on == "scam" else by["unlawful"] + by["scam"])


def auto_jobs_for(sources: Sources) -> int:
    """Workers for ``--jobs auto``, by the size of the files among ``sources``."""
    from overdue_cli.scan.parallel import auto_jobs

    sizes = []
    for kind, arg in sources:
        if kind == "file":
            with contextlib.suppress(OSError):  # unreadable: the reader will say so
                sizes.append(os.path.getsize(arg))
    return auto_jobs(sizes)


def _no_progress() -> Progress | None:
    return None


def run_scan(book: Rulebook, sources: Sources, options: ReadOptions, settings: ScanSettings,
             on_message: Callable[[MessageResult], None], *,
             on_skip: Callable[[Skipped], None] | None = None,
             progress: Callable[[], Progress | None] = _no_progress,
             stdin: BinaryIO | None = None) -> ScanOutcome:
    """Scan every record of ``sources``, in order, handing each result to ``on_message``.

    ``progress`` makes the display, once the workers are running (they are forked,
    and a fork must not happen while a display's thread runs); it is stopped
    however the scan ends. Faults in the input are returned in the outcome;
    KeyboardInterrupt (and a bug) propagate, after the workers are ended.
    """
    scanner = Scanner(book, model=settings.model)
    with contextlib.ExitStack() as stack:
        finder = None
        if settings.jobs > 1:  # before any thread (the progress display) is started
            from overdue_cli.scan.parallel import ParallelFinder

            finder = stack.enter_context(ParallelFinder(book, settings.jobs))
        items = read_all(sources, options, stdin)
        display = progress()
        skipped = 0
        error: OverdueError | None = None
        try:
            for item in scanner.run(items, strict=settings.strict, finder=finder):
                if isinstance(item, Skipped):
                    if skipped < SKIPS_REPORTED and on_skip is not None:
                        on_skip(item)
                    skipped += 1
                elif not settings.flagged_only or item.flagged:
                    on_message(item)
                if display is not None:
                    display.advance()
        except OverdueError as exc:
            error = exc
        finally:
            if display is not None:
                display.stop()
    return ScanOutcome(scanner, error, skipped)
