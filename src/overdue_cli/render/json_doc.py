"""What every JSON document shares: the envelope, its text, streaming, next steps.

Why a module apart from render/json.py: that one renders check and explain and so
imports the check engine; ``overdue rate --json`` and the journal's documents need
only these helpers, and importing the engine (its dataclasses, its patterns) would
cost them start-up time they have no use for.

Conventions (see README "JSON output"): ``schema_version`` and ``command`` at the
top (:func:`envelope`, the one place that writes them), snake_case keys, ids never
localised, text in the ``--lang`` language.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from overdue_cli.locale import Localizer
    from overdue_cli.rulebook import Rulebook

SCHEMA_VERSION = 1


def dumps(document: dict[str, Any]) -> str:
    """Stable text: UTF-8 characters as they are, two-space indent, newline at end."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_document(stream: TextIO, document: dict[str, Any]) -> None:
    """``document`` on ``stream`` as :func:`dumps` gives it."""
    stream.write(dumps(document))


def write_streaming(stream: TextIO, document: dict[str, Any], key: str,
                    items: Iterable[Any]) -> int:
    """Write ``document`` with ``document[key]`` taken from ``items`` one at a time.

    The text is byte for byte what ``dumps`` would give for the whole document (the
    key keeps its place), but only one item is in memory at a time: a list of
    500,000 journal entries costs what one costs. Returns how many were written.
    """
    marker = "\x00overdue-stream\x00"
    head, tail = dumps({**document, key: marker}).split(json.dumps(marker), 1)
    stream.write(head)
    count = 0
    for item in items:
        stream.write("[\n    " if count == 0 else ",\n    ")
        stream.write(json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    "))
        count += 1
    stream.write("\n  ]" if count else "[]")
    stream.write(tail)
    return count


def envelope(command: str, *, loc: Localizer | None = None, journal: str | None = None,
             book: Rulebook | None = None) -> dict[str, Any]:
    """The head of every JSON document, in this order: ``schema_version``, ``command``,
    then, when given, ``lang`` (the output language), ``journal`` (the journal file
    shown) and ``rulebook`` (version, date and file of the rules applied)."""
    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "command": command}
    if loc is not None:
        doc["lang"] = loc.lang
    if journal is not None:
        doc["journal"] = journal
    if book is not None:
        doc["rulebook"] = {"version": book.version, "as_of": book.as_of, "path": book.shown_path}
    return doc


SCHEMA_URL = "https://overdue.invalid/schemas/{name}.schema.json"
"""A shipped schema's ``$id`` (``overdue schema NAME`` prints it; .invalid never resolves)."""


def steps(book: Rulebook, loc: Localizer, ids: Iterable[str]) -> list[dict[str, str]]:
    """Next steps as ``{id, text}``; a step an overdue command does (``check_interest``:
    ``overdue rate``) also names the command and its output's schema."""
    out = []
    for a in ids:
        action = book.actions[a]
        step = {"id": a, "text": loc(action.text) or ""}
        if action.command is not None:
            step["command"] = f"overdue {action.command}"
            step["schema"] = SCHEMA_URL.format(name=action.command.split(" ")[0])
        out.append(step)
    return out
