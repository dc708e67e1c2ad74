"""What each ``overdue scan`` argument is: a message, a file, or ``-`` for stdin.

``overdue scan "再不还钱就爆你通讯录"`` and ``overdue scan sms.xml`` share one
positional argument, as ``grep`` and ``jq`` users expect. An argument naming an
existing file is that file; ``-`` is standard input; something that looks like
a file name (no spaces, a known extension or a path separator, no Chinese) but
does not exist is a mistake, not a message, so it gets "no such file" with the
closest file name nearby; anything else is the text of a message.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from overdue_cli.errors import UsageProblem
from overdue_cli.readers import ReadOptions, Record, Skipped, open_input, read_text_argument
from overdue_cli.text import closest

_EXTENSIONS = (".xml", ".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".txt", ".text", ".log")


def _looks_like_a_path(arg: str) -> bool:
    """No spaces and no Chinese, and a known extension or a path separator. (Plain
    code, not a regular expression: this runs on every start.)"""
    text = arg.strip()
    if not text or any(ch.isspace() or ord(ch) >= 0x3000 for ch in text):
        return False
    return text.lower().endswith(_EXTENSIONS) or "/" in text or "\\" in text


def kind_of(arg: str, force_text: bool = False) -> str:
    """``stdin``, ``file`` or ``text``; raises UsageProblem for a missing file name."""
    if force_text:
        return "text"
    if arg == "-":
        return "stdin"
    if _exists(arg):
        return "file"
    if _looks_like_a_path(arg):
        parent = Path(arg).parent
        try:
            suffix = Path(arg).suffix.lower()
            siblings = [p.name for p in parent.iterdir()
                        if p.is_file() and p.suffix.lower() == suffix] if parent.is_dir() else []
        except OSError:
            siblings = []
        near = closest(Path(arg).name, siblings, 1)
        word = (str(parent / near[0]) if str(parent) != "." else near[0]) if near else ""
        hint = f"did you mean '{word}'?" if near else "to scan this text as a message, add --text"
        raise UsageProblem(f"{arg}: no such file (找不到文件)", hint, key="no_such_file",
                           hint_key="did_you_mean_word" if near else "scan_as_text",
                           params={"path": arg, "word": word})

    return "text"


def _exists(arg: str) -> bool:
    try:
        return len(arg) < 4096 and "\n" not in arg and os.path.exists(arg)
    except (OSError, ValueError):
        return False


def classify(args: list[str], force_text: bool = False) -> list[tuple[str, str]]:
    """(kind, argument) for each argument, checked before anything is read."""
    return [(kind_of(arg, force_text), arg) for arg in args]


def read_all(inputs: list[tuple[str, str]], options: ReadOptions,
             stdin: BinaryIO | None = None) -> Iterator[Record | Skipped]:
    """Every record of every classified input, in order, streamed (``-`` reads ``stdin``)."""
    for kind, arg in inputs:
        if kind == "text":
            yield from read_text_argument(arg, options)
        else:
            yield from open_input(arg, options, stdin)
