"""Physical lines with bounded memory, and plain text read as blank-line separated messages.

Why: a 10 MB line must not cost 10 MB, so split_lines keeps at most ``cap``
characters of any line and only counts the rest; the text, JSONL and CSV readers
all read their lines through it. too_long_reason is the one wording of "skipped,
too long" that every reader uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from overdue_cli.readers.records import Record, Skipped

__all__ = ["Line", "read_text", "split_lines", "too_long_reason", "too_long_skip"]


class Line(NamedTuple):
    """One physical line. ``text`` is all of it, or its first ``cap`` characters when cut."""

    text: str
    size: int
    """Length of the whole line in characters, without the ``\\n``."""
    cut: bool
    newline: bool
    """Whether a ``\\n`` ended it (only the last line of an input may lack one)."""
    tail_blank: bool
    """For a cut line: whether the part dropped was all whitespace."""
    tail_quotes: int
    """For a cut line: how many ``"`` the dropped part had (to keep CSV quoting in step)."""


def split_lines(chunks: Iterable[str], cap: int) -> Iterator[Line]:
    """Physical lines, never holding more than ``cap`` characters of one line.

    The part of an over-long line beyond ``cap`` is counted and dropped as it
    streams past, so a 10 MB line costs ``cap`` characters of memory, not 10 MB.
    """
    parts: list[str] = []
    size = 0
    cut = False
    tail_blank = True
    tail_quotes = 0
    for chunk in chunks:
        pieces = chunk.split("\n")
        last = len(pieces) - 1
        for index, piece in enumerate(pieces):
            if index < last and not parts and not size and len(piece) <= cap:
                yield Line(piece, len(piece), False, True, True, 0)  # the common case
                continue
            if not cut and size + len(piece) <= cap:
                if piece:
                    parts.append(piece)
            else:
                if not cut:
                    room = cap - size
                    parts.append(piece[:room])
                    dropped = piece[room:]
                    cut = True
                else:
                    dropped = piece
                tail_quotes += dropped.count('"')
                if tail_blank and dropped and not dropped.isspace():
                    tail_blank = False
            size += len(piece)
            if index < last:
                yield Line("".join(parts), size, cut, True, tail_blank, tail_quotes)
                parts = []
                size = 0
                cut = False
                tail_blank = True
                tail_quotes = 0
    if size:
        yield Line("".join(parts), size, cut, False, tail_blank, tail_quotes)


def too_long_reason(size: int, limit: int, what: str = "message") -> str:
    return (f"{what} is {size:,} characters long; "
            f"messages longer than {limit:,} characters are skipped")


def too_long_skip(source: str, where: str, size: int, limit: int, what: str = "message"
             ) -> Skipped:
    """The Skipped for a message (or a JSONL record) longer than ``limit``."""
    return Skipped(source, where, too_long_reason(size, limit, what),
                   key="skip_record_too_long" if what == "record" else "skip_too_long",
                   params={"size": f"{size:,}", "limit": f"{limit:,}"})


def read_text(chunks: Iterable[str], source: str, limit: int) -> Iterator[Record | Skipped]:
    """Messages separated by blank lines; positions are the message's first line."""
    parts: list[str] = []
    first = 0  # line number the open message starts on; 0 = none open
    size = 0
    too_long = False
    for number, line in enumerate(split_lines(chunks, limit), 1):
        text = line.text
        if not line.cut and text.endswith("\r"):
            text = text[:-1]
        blank = not text.strip() and (not line.cut or line.tail_blank)
        if blank:
            if first:
                yield _text_message(parts, first, size, too_long, source, limit)
                parts, first, size, too_long = [], 0, 0, False
            continue
        length = line.size if line.cut else len(text)
        if first:
            size += 1 + length
        else:
            first, size = number, length
        if too_long:
            continue
        if line.cut or size > limit:
            too_long = True
            parts = []
        else:
            parts.append(text)
    if first:
        yield _text_message(parts, first, size, too_long, source, limit)


def _text_message(parts: list[str], first: int, size: int, too_long: bool, source: str,
                  limit: int) -> Record | Skipped:
    position = f"line {first}"
    if too_long:
        return too_long_skip(source, position, size, limit)
    return Record(text="\n".join(parts).rstrip(), source=source, position=position)
