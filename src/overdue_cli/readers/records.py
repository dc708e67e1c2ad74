"""The messages ``scan`` reads, as plain records independent of the input format.

Readers turn every input (an argument, stdin, a text / JSONL / CSV / SMS Backup
& Restore XML file) into a stream of :class:`Record` and :class:`Skipped`, so the
scanner and the renderers never need to know where a message came from. A
fatal fault in an input is raised as :class:`InputError` *after* the records
before it have been yielded, so those are still reported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    """Where, in English for the JSON output and logs: ``line 12``, ``record 7, line 40``."""
    reason: str
    """Why, in English (the JSON output's stable text)."""
    key: str | None = field(default=None, compare=False)
    """The reason's message key in ``locale/cli.yaml`` (``skip_*``), for the CLI to say it
    in the user's language; None when only the English ``reason`` exists."""
    params: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)
    """The placeholders of ``key`` (technical details such as a parser's message stay
    English, as ``detail``)."""

    @property
    def at(self) -> Position | None:
        """``position`` as a structured value (None when it is not one the readers write)."""
        return Position.parse(self.position)


POSITION_KINDS: tuple[str, ...] = ("line", "row", "record", "message", "element")
"""The words a position starts with; each has a ``skip_at_<kind>`` message in cli.yaml."""

_POSITION = re.compile(r"(line|row|record|message|element) (\d+)(?:, line (\d+))?")


@dataclass(frozen=True)
class Position:
    """Where a record is, structured so the CLI can say it in the user's language:
    ``kind`` ``number`` (one of :data:`POSITION_KINDS`), and for an XML record the line
    it starts on."""

    kind: str
    number: int
    line: int | None = None

    def __str__(self) -> str:
        return (f"{self.kind} {self.number}" if self.line is None
                else f"{self.kind} {self.number}, line {self.line}")

    @classmethod
    def parse(cls, text: str) -> Position | None:
        """The Position an English position string (``row 3``) stands for, or None."""
        match = _POSITION.fullmatch(text)
        if match is None:
            return None
        line = match.group(3)
        return cls(match.group(1), int(match.group(2)), int(line) if line else None)


class InputError(OverdueError):
    """An input cannot be read any further (exit 3); records before it still count."""

    exit_code = EXIT_DATA


def empty_input(source: str) -> UsageProblem:
    """The usage problem for an input with nothing in it (or no CSV header row)."""
    return UsageProblem(f"{source}: empty input: no messages to scan",
                        "check that the export finished writing", key="empty_input",
                        hint_key="export_finished", params={"source": source})

