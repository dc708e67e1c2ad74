"""How to read an input (ReadOptions), and the check that fails fast on options no
input could satisfy.

Why its own module: every reader takes a ReadOptions, and the entry points check it
before anything is read; kept apart, no format module needs the entry points.
"""

from __future__ import annotations

from dataclasses import dataclass

from overdue_cli.errors import UsageProblem
from overdue_cli.readers.decode import check_encoding
from overdue_cli.readers.records import FORMATS

__all__ = ["ReadOptions", "check_options"]


@dataclass(frozen=True)
class ReadOptions:
    """How to read an input; every field's default means "work it out from the content"."""

    format: str | None = None
    """None = detect; else one of records.FORMATS."""
    encoding: str | None = None
    """None = detect (utf-8, utf-8-sig, gb18030; utf-16 when it has a BOM)."""
    text_column: str | None = None
    """CSV: the header of the column holding the message (JSONL: the key)."""
    time_column: str | None = None
    sender_column: str | None = None
    id_column: str | None = None
    include_sent: bool = False
    """SMS-XML / WeChat CSV: also the messages the user sent (and drafts, outbox, …)."""
    max_message_chars: int = 100_000
    """Longer records are Skipped; this also bounds the memory a reader needs."""


def check_options(options: ReadOptions) -> None:
    """Fail fast, as a usage problem, on options no input could satisfy."""
    if options.format is not None and options.format not in FORMATS:
        from overdue_cli.text import closest

        near = closest(options.format, list(FORMATS), 1)
        raise UsageProblem(
            f"--format takes one of {', '.join(FORMATS)}, got '{options.format}'",
            f"did you mean '{near[0]}'?" if near else "leave it out to detect the format",
            key="format_one_of", hint_key="did_you_mean_word" if near else "format_leave_out",
            params={"choices": ", ".join(FORMATS), "value": options.format,
                    "word": near[0] if near else ""},
        )
    if options.encoding is not None:
        check_encoding(options.encoding)
    if options.max_message_chars < 1:
        raise UsageProblem(
            f"the message size limit must be at least 1, got {options.max_message_chars}",
            key="size_limit", params={"value": options.max_message_chars})

