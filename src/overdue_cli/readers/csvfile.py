"""CSV (or TSV) with a header row into records; a WeChatMsg export has its own rules.

Why it is built this way: rows come through split_lines, so a row far longer than
any message is skipped unparsed (memory stays bounded) while the csv parser's
quoting stays in step; "row N" counts like a spreadsheet (header = 1). csv_table is
shared with the journal importers. Named csvfile, not csv, so it never shadows the
stdlib module, which is imported only when a CSV is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from overdue_cli.errors import UsageProblem
from overdue_cli.readers.fields import (
    ID_NAMES,
    SENDER_NAMES,
    TEXT_NAMES,
    TIME_NAMES,
    column_index,
    quote,
)
from overdue_cli.readers.lines import Line, split_lines, too_long_skip
from overdue_cli.readers.options import ReadOptions
from overdue_cli.readers.records import InputError, Record, Skipped, empty_input
from overdue_cli.readers.times import parse_time

__all__ = ["CsvTable", "csv_table", "looks_like_csv", "read_csv"]


_DATE_ONLY_NAMES = "date", "日期"
"""A file with both a date and a time column often splits one timestamp across them."""

_TEXT_FOLDED = frozenset(n.casefold() for n in TEXT_NAMES)
_WECHAT_COLUMNS = frozenset(
    {"localid", "talkerid", "type", "issender", "createtime", "strcontent"}
)
"""The header of a WeChatMsg CSV export, which needs its own rules (see _csv_columns)."""


def _sniff_delimiter(line: str) -> str:
    """Comma, tab or semicolon: whichever the header line has most of (comma on a tie)."""
    counts = {d: line.count(d) for d in (",", "\t", ";")}
    return max(counts, key=lambda d: counts[d])


_NAME_LIKE = r"[\w .()（）/#-]{1,40}"


def looks_like_csv(start: str) -> bool:
    """A header line: delimited, naming a message column, or names over a row that fits."""
    import csv

    lines = start.split("\n", 20)
    header = lines[0].rstrip("\r")
    delimiter = _sniff_delimiter(header)
    if delimiter not in header:
        return False
    try:
        fields = [f.strip() for f in next(csv.reader([header], delimiter=delimiter))]
    except (csv.Error, StopIteration):
        return False
    if len(fields) < 2:
        return False
    if any(f.casefold() in _TEXT_FOLDED for f in fields):
        return True  # a message column: the one thing a table of messages must have
    name_like = re.compile(_NAME_LIKE)
    if len(set(fields)) != len(fields) or not all(name_like.fullmatch(f) for f in fields):
        return False
    following = next((x for x in lines[1:] if x.strip()), None)
    if following is None:
        return False
    following = following.split("\n", 1)[0].rstrip("\r")
    try:
        row = next(csv.reader([following], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return False
    return len(row) == len(fields)


@dataclass(frozen=True)
class _Columns:
    """Where each field is in a CSV row (indexes into the header)."""

    text: int
    time: int | None
    date: int | None
    """A separate date column to prefix the time with when the time alone is not a date."""
    fallback_time: int | None
    senders: tuple[int, ...]
    """The first non-empty of these is the sender."""
    id: int | None
    wechat: bool
    type: int | None
    is_sender: int | None


def _find(folded: list[str], candidates: tuple[str, ...]) -> int | None:
    for name in candidates:
        if name.casefold() in folded:
            return folded.index(name.casefold())
    return None


def _csv_columns(names: list[str], source: str, options: ReadOptions) -> _Columns:
    folded = [n.casefold() for n in names]
    wechat = _WECHAT_COLUMNS.issubset(folded)

    def pick(wanted: str | None, flag: str, default: tuple[str, ...]) -> int | None:
        if wanted is not None:
            return column_index(names, wanted, flag, source)
        return _find(folded, default)

    if wechat:
        # WeChatMsg: CreateTime is Unix seconds (StrTime is its local rendering);
        # Remark / NickName / Sender are filled per row depending on the chat type.
        text = pick(options.text_column, "--text-column", ("StrContent",))
        time = pick(options.time_column, "--time-column", ("CreateTime",))
        fallback = None if options.time_column else _find(folded, ("StrTime",))
        if options.sender_column:
            senders: tuple[int, ...] = (column_index(names, options.sender_column,
                                                "--sender-column", source),)
        else:
            order = ("Remark", "NickName", "Sender", "TalkerId")
            senders = tuple(i for i in (_find(folded, (n,)) for n in order) if i is not None)
        ident = pick(options.id_column, "--id-column", ("localId",))
        assert text is not None
        return _Columns(text, time, None, fallback, senders, ident, True,
                        _find(folded, ("Type",)), _find(folded, ("IsSender",)))
    text = pick(options.text_column, "--text-column", TEXT_NAMES)
    if text is None:
        raise UsageProblem(
            f"{source}: no message column among: {', '.join(names)}",
            f"name it with --text-column (looked for: {', '.join(TEXT_NAMES)}); "
            "if the file is plain text, use --format text",
            key="no_message_column", hint_key="no_message_column_hint",
            params={"source": source, "names": ", ".join(names),
                    "looked": ", ".join(TEXT_NAMES)},
        )
    time = pick(options.time_column, "--time-column", TIME_NAMES)
    date = None
    if options.time_column is None and time is not None:
        date = _find(folded, _DATE_ONLY_NAMES)
        if date == time:
            date = None
    sender = pick(options.sender_column, "--sender-column", SENDER_NAMES)
    ident = pick(options.id_column, "--id-column", ID_NAMES)
    return _Columns(text, time, date, None, (sender,) if sender is not None else (), ident,
                    False, None, None)


def _csv_lines(lines: Iterator[Line], cut_lines: list[int]) -> Iterator[str]:
    """Physical lines with their ``\\n`` for the csv module, over-long ones cut short.

    A cut line gets a closing quote when the dropped part had an odd number of them,
    so the csv parser's quoting stays in step with the file and rows after it parse.
    """
    for number, line in enumerate(lines, 1):
        text = line.text
        if line.cut:
            cut_lines.append(number)
            if line.tail_quotes % 2:
                text += '"'
        yield text + "\n" if line.newline else text


def read_csv(chunks: Iterable[str], head: str, source: str, options: ReadOptions
             ) -> Iterator[Record | Skipped]:
    """A CSV (or TSV) with a header row; "row N" counts like a spreadsheet (header = 1)."""
    table = csv_table(chunks, head, source, options.max_message_chars)
    columns = _csv_columns(table.header, source, options)
    for item in table.rows:
        if isinstance(item, Skipped):
            yield item
            continue
        result = _csv_record(item[1], columns, source, item[0], options)
        if result is not None:
            yield result


class CsvTable(NamedTuple):
    """A CSV's header and its data rows, read lazily."""

    header: list[str]
    """Stripped field names (a BOM removed)."""
    rows: Iterator[tuple[str, list[str]] | Skipped]
    """``(position, fields)`` per non-blank row with as many fields as the header, else a
    Skipped saying why (not valid CSV, over-long, wrong number of fields)."""


def csv_table(chunks: Iterable[str], head: str, source: str, limit: int) -> CsvTable:
    """Read up to the header row of a CSV (or TSV; the delimiter is sniffed from ``head``).

    ``limit`` is the longest field wanted: rows over about twice that are skipped
    unparsed, so memory stays bounded whatever the file holds. An input with no header
    is a UsageProblem (empty); a header that is not CSV, an InputError.
    """
    import csv

    first_line = head.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    delimiter = _sniff_delimiter(first_line)
    cut_lines: list[int] = []
    # fields may double their quotes, and a row has other fields besides the message
    cap = 2 * limit + 4096
    lines = _csv_lines(split_lines(chunks, cap), cut_lines)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    row_number = 0
    header: list[str] | None = None
    while header is None:
        try:
            row = next(reader)
        except StopIteration:
            raise empty_input(source) from None
        except csv.Error as err:
            raise InputError(f"{source}: the header row is not valid CSV ({err})",
                             key="bad_csv_header", params={"source": source, "why": err}
                             ) from None

        row_number += 1
        if any(field.strip() for field in row):
            header = [field.strip().lstrip("\ufeff").strip() for field in row]
    cut_lines.clear()
    return CsvTable(header, _csv_rows(reader, cut_lines, row_number, len(header), source,
                                      cap, limit))


def _csv_rows(reader: Iterator[list[str]], cut_lines: list[int], row_number: int, width: int,
              source: str, cap: int, limit: int) -> Iterator[tuple[str, list[str]] | Skipped]:
    import csv

    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            row_number += 1
            cut_lines.clear()
            yield Skipped(source, f"row {row_number}", f"not valid CSV ({err})",
                          key="skip_not_csv", params={"detail": str(err)})
            continue
        row_number += 1
        was_cut = bool(cut_lines)
        if was_cut:
            cut_lines.clear()
        if not any(field.strip() for field in row):
            continue
        where = f"row {row_number}"
        if was_cut:
            yield Skipped(source, where, f"row is longer than {cap:,} characters; "
                          f"messages longer than {limit:,} characters are skipped",
                          key="skip_row_too_long",
                          params={"cap": f"{cap:,}", "limit": f"{limit:,}"})
            continue
        if len(row) != width:
            yield Skipped(source, where, f"has {len(row)} fields; the header has {width}",
                          key="skip_field_count", params={"count": len(row), "width": width})
            continue
        yield where, row


def _csv_record(row: list[str], columns: _Columns, source: str, where: str,
                options: ReadOptions) -> Record | Skipped | None:
    """One data row as a Record, a Skipped, or None for a WeChat row that is not for us."""
    if columns.wechat:
        kind = row[columns.type].strip() if columns.type is not None else "1"
        if kind != "1":
            return None  # images, voice, system notices: nothing to read
        mine = columns.is_sender is not None and row[columns.is_sender].strip() == "1"
        if mine and not options.include_sent:
            return None
    text = row[columns.text]
    if not text.strip():
        return Skipped(source, where, "empty message text", key="skip_empty_text")
    limit = options.max_message_chars
    if len(text) > limit:
        return too_long_skip(source, where, len(text), limit)
    try:
        time = _csv_time(row, columns)
    except ValueError as err:
        return Skipped(source, where, str(err))
    sender = next((row[i].strip() for i in columns.senders if row[i].strip()), None)
    ident = (row[columns.id].strip() or None) if columns.id is not None else None
    return Record(text=text, source=source, position=where, id=ident, time=time, sender=sender)


def _csv_time(row: list[str], columns: _Columns) -> datetime | None:
    if columns.time is None:
        return None
    value = row[columns.time].strip()
    if not value and columns.fallback_time is None:
        return None
    try:
        if value:
            return parse_time(value)
    except ValueError:
        pass
    if columns.date is not None:  # "date" and "time" columns holding halves of one time
        try:
            return parse_time(f"{row[columns.date].strip()} {value}")
        except ValueError:
            pass
    if columns.fallback_time is not None:
        try:
            return parse_time(row[columns.fallback_time])
        except ValueError:
            pass
    raise ValueError(f"time {quote(value)} is not a date")
