"""JSONL (one JSON object per line) into records: a bad line is Skipped by its number.

Why it is built this way: lines come through split_lines, so an over-long line is
skipped unparsed and memory stays bounded; keys are found by their usual names
(fields.TEXT_NAMES …) unless named. json_objects is shared with the journal
importers. json is imported only when a JSONL input is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from overdue_cli.readers.fields import (
    ID_NAMES,
    SENDER_NAMES,
    TEXT_NAMES,
    TIME_NAMES,
    KeyLookup,
    lookup,
    quote,
    scalar,
)
from overdue_cli.readers.lines import split_lines, too_long_skip
from overdue_cli.readers.options import ReadOptions
from overdue_cli.readers.records import Record, Skipped
from overdue_cli.readers.times import parse_time

__all__ = ["json_objects", "read_jsonl"]


def read_jsonl(chunks: Iterable[str], source: str, options: ReadOptions
               ) -> Iterator[Record | Skipped]:
    """One JSON object per line. A bad line is Skipped by its line number."""
    limit = options.max_message_chars
    # a JSON-escaped message (\\uXXXX per character) is up to six times its text
    cap = 6 * limit + 4096
    names = (  # a named column (key) replaces the list of usual names
        (options.text_column,) if options.text_column else TEXT_NAMES,
        (options.time_column,) if options.time_column else TIME_NAMES,
        (options.sender_column,) if options.sender_column else SENDER_NAMES,
        (options.id_column,) if options.id_column else ID_NAMES,
    )
    find = KeyLookup(names)
    for item in json_objects(chunks, source, cap, limit):
        if isinstance(item, Skipped):
            yield item
        else:
            yield _json_record(item[1], source, item[0], limit, names, find)


def json_objects(chunks: Iterable[str], source: str, cap: int, limit: int
                 ) -> Iterator[tuple[str, dict[str, Any]] | Skipped]:
    """``(position, object)`` per non-blank line; a Skipped for a line that is not one.

    Lines longer than ``cap`` characters are skipped unparsed (memory stays bounded);
    ``limit`` is the message size the reason line quotes.
    """
    import json

    decode = json.JSONDecoder().decode  # json.loads without its checks of the argument
    for number, line in enumerate(split_lines(chunks, cap), 1):
        where = f"line {number}"
        text = line.text
        if line.cut:
            if not (line.tail_blank and not text.strip()):
                yield too_long_skip(source, where, line.size, limit, "record")
            continue
        if not text or text.isspace():
            continue
        try:
            # json.loads refuses a byte-order mark with its own message: let it say so
            obj = json.loads(text) if text.startswith("\ufeff") else decode(text)
        except ValueError as err:
            detail = (f"{err.msg} at column {err.colno}" if isinstance(err, json.JSONDecodeError)
                      else str(err))
            yield Skipped(source, where, f"not JSON ({detail})", key="skip_not_json",
                          params={"detail": detail})
            continue
        except RecursionError:
            yield Skipped(source, where, "not JSON (nested too deeply)", key="skip_json_too_deep")
            continue
        if not isinstance(obj, dict):
            yield Skipped(source, where, f"not a JSON object (a {type(obj).__name__})",
                          key="skip_not_json_object", params={"type": type(obj).__name__})
            continue
        yield where, obj


def _json_record(obj: dict[str, Any], source: str, where: str, limit: int,
                 names: tuple[tuple[str, ...], ...],
                 find: KeyLookup | None = None) -> Record | Skipped:
    found, when, sender, ident = find(obj) if find is not None else lookup(obj, names)
    if found is None or found[1] is None:
        expected = ", ".join(names[0])
        return Skipped(source, where, f"no text field (expected one of {expected})",
                       key="skip_no_text_field", params={"expected": expected})
    key, text = found
    if not isinstance(text, str):
        return Skipped(source, where, f"{key} is not a string", key="skip_field_not_string",
                       params={"field": key})
    if not text.strip():
        return Skipped(source, where, f"{key} is empty", key="skip_field_empty",
                       params={"field": key})
    if len(text) > limit:
        return too_long_skip(source, where, len(text), limit)
    try:
        time = parse_time(when[1]) if when else None
    except ValueError:
        assert when is not None
        return Skipped(source, where, f"{when[0]} {quote(when[1])} is not a date",
                       key="skip_not_a_date", params={"field": when[0], "value": quote(when[1])})
    try:
        return Record(text=text, source=source, position=where, id=scalar(ident), time=time,
                      sender=scalar(sender))
    except ValueError as err:
        return Skipped(source, where, str(err))
