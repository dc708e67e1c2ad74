"""The messages ``scan`` reads, as plain records independent of the input format.

Readers turn every input (an argument, stdin, a text / JSONL / CSV / SMS Backup
& Restore XML file) into a stream of :class:`Record` and :class:`Skipped`, so the
scanner and the renderers never need to know where a message came from. A
fatal fault in an input is raised as :class:`InputError` *after* the records
before it have been yielded, so those are still reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from overdue_cli.errors import EXIT_DATA, OverdueError, UsageProblem

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
"""Mainland China time. A fixed offset: no DST since 1991, and no tzdata needed."""

FORMATS: tuple[str, ...] = ("text", "jsonl", "csv", "sms-xml")


@dataclass(frozen=True)
class Record:
    """One message as read from an input."""

    text: str
    source: str
    """Where it came from: a file name, ``<stdin>`` or ``<argument>``."""
    position: str
    """Where in that source, for people: ``line 12``, ``row 5``, ``record 7``."""
    id: str | None = None
    time: datetime | None = None
    """Timezone-aware when known (naive input times are taken as China time)."""
    sender: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A malformed record: reported by position and counted, never silently dropped."""

    source: str
    position: str
    reason: str


class InputError(OverdueError):
    """An input cannot be read any further (exit 3); records before it still count."""

    exit_code = EXIT_DATA


def empty_input(source: str) -> UsageProblem:
    """The usage problem for an input with nothing in it (or no CSV header row)."""
    return UsageProblem(f"{source}: empty input: no messages to scan",
                        "check that the export finished writing", key="empty_input",
                        hint_key="export_finished", params={"source": source})

