"""Input readers for ``overdue scan``: bytes in, a stream of Record / Skipped out.

Why it is built this way:

* Exports are big (years of SMS run to hundreds of megabytes), so every reader is a
  generator working in 64 KiB chunks; memory is bounded by the longest record it
  will accept (``max_message_chars``), never by the size of the input.
* People rarely know what they have (or the file name lies), so the encoding and the
  format are detected from the content; both can be named to override detection.
* A damaged export should still give up what it holds: a fatal fault is raised only
  *after* the complete records before it were yielded (see records.py), and one
  malformed record is a Skipped with its position: never silent, never fatal.
* Input is untrusted: XML goes through defusedxml (no entities, no external
  references), and no raw Python exception escapes. Faults in the data become
  InputError (exit 3); a wrong file or option becomes UsageProblem (exit 2).

This module opens inputs and dispatches to the format's reader (lines, jsonl,
csvfile, sms_xml). csv, json and defusedxml are imported inside the readers that
need them, so importing this module costs next to nothing on the paths that never scan.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from typing import BinaryIO

from overdue_cli.errors import UsageProblem
from overdue_cli.readers.csvfile import looks_like_csv, read_csv
from overdue_cli.readers.decode import decode_input
from overdue_cli.readers.jsonl import read_jsonl
from overdue_cli.readers.lines import read_text
from overdue_cli.readers.options import ReadOptions, check_options
from overdue_cli.readers.records import Record, Skipped, empty_input
from overdue_cli.readers.sms_xml import read_sms_xml

__all__ = [
    "check_readable", "detect_format", "open_input", "open_problem", "read_bytes",
    "read_text_argument",
]


def open_input(arg: str, options: ReadOptions,
               stdin: BinaryIO | None = None) -> Iterator[Record | Skipped]:
    """Records from ``arg``: ``-`` for ``stdin`` (the caller's standard input, handed
    in: the readers never reach for the process's own), else a path to a file.

    A path that cannot be opened and invalid options are reported at once (not at
    the first ``next``), so a command given several files fails before any output.
    """
    check_options(options)
    if arg == "-":
        if stdin is None:
            raise UsageProblem("<stdin>: no standard input to read",
                               "pipe an export in, or name a file", key="no_stdin",
                               hint_key="no_stdin_hint")
        return _read_bytes(stdin, "<stdin>", options)
    check_readable(arg)
    return _read_path(arg, options)


def check_readable(path: str, stdin: bool = True) -> os.stat_result:
    """The file's stat, or a UsageProblem when it is missing, a directory or unreadable.

    ``stdin``: whether the hint may suggest ``-`` (the command reads standard input).
    """
    try:
        info = os.stat(path)
    except OSError as err:
        raise open_problem(path, err, stdin) from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageProblem(f"{path}: is a directory, not a file",
                           "name the exported file inside it", key="is_directory",
                           hint_key="name_file_inside", params={"path": path})
    if not os.access(path, os.R_OK):
        raise open_problem(path, PermissionError(), stdin)
    return info


def read_text_argument(text: str, options: ReadOptions) -> Iterator[Record | Skipped]:
    """A message given on the command line: blank-line separated, like text on stdin.

    Always read as plain text (an argument is a message, never an export), so no
    format or encoding detection applies.
    """
    check_options(options)
    source = "<argument>"
    if not text.strip():
        raise UsageProblem(f"{source}: empty input: no messages to scan",
                           "give the text of a message to scan", key="empty_input",
                           hint_key="give_message_text", params={"source": source})
    return read_text([text], source, options.max_message_chars)


def read_bytes(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Record | Skipped]:
    """The workhorse: detect the encoding and the format from the content, then dispatch.

    ``stream`` is read in chunks and never closed here (the caller owns it).
    """
    check_options(options)
    return _read_bytes(stream, source, options)


def detect_format(head: str) -> str:
    """The format of an input from its first decoded chunk; one of records.FORMATS.

    Conservative on purpose: anything that is not clearly XML, JSONL or a CSV with a
    header is read as plain text, because messages themselves contain commas and
    brackets; ``--format`` settles the rare miss.
    """
    start = head.lstrip("\ufeff \t\r\n\f\v")
    if start.startswith("<"):
        if start.startswith(("<?xml", "<!--", "<!DOCTYPE", "<!doctype")):
            return "sms-xml"
        if re.match(r"<(?:smses|calls)[\s>/]", start):
            return "sms-xml"
        return "text"
    if start.startswith("{"):
        return "jsonl"
    if looks_like_csv(start):
        return "csv"
    return "text"


def open_problem(path: str, err: OSError, stdin: bool = True) -> UsageProblem:
    """The one-line usage problem for a file we cannot open: the user named it."""
    if isinstance(err, FileNotFoundError | NotADirectoryError):
        return UsageProblem(f"{path}: no such file",
                            "check the path (use - for standard input)" if stdin
                            else "check the path", key="no_such_file",
                            hint_key="check_path_stdin" if stdin else "check_path",
                            params={"path": path})
    if isinstance(err, IsADirectoryError):
        return UsageProblem(f"{path}: is a directory, not a file",
                            "name the exported file inside it", key="is_directory",
                            hint_key="name_file_inside", params={"path": path})
    if isinstance(err, PermissionError):
        return UsageProblem(f"{path}: permission denied", "check the file's permissions",
                            key="permission_denied", hint_key="check_permissions",
                            params={"path": path})
    return UsageProblem(f"{path}: cannot open ({err.strerror or err})", key="cannot_open",
                        params={"path": path, "why": err.strerror or err})



def _read_path(path: str, options: ReadOptions) -> Iterator[Record | Skipped]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below, inside the generator
    except OSError as err:
        raise open_problem(path, err) from None
    with handle:
        yield from _read_bytes(handle, path, options)


def _read_bytes(stream: BinaryIO, source: str, options: ReadOptions
                ) -> Iterator[Record | Skipped]:
    head, stream_text, _ = decode_input(stream, source, options.encoding)
    if not head.strip():
        raise empty_input(source)
    fmt = options.format or detect_format(head)
    if fmt == "text" and options.format is None and options.text_column:
        first_line = head.lstrip().split("\n", 1)[0]
        if any(d in first_line for d in ",\t;"):
            fmt = "csv"  # naming a column says it is a table, even one detection doubts
    limit = options.max_message_chars
    if fmt == "text":
        yield from read_text(stream_text, source, limit)
    elif fmt == "jsonl":
        yield from read_jsonl(stream_text, source, options)
    elif fmt == "csv":
        yield from read_csv(stream_text, head, source, options)
    else:
        yield from read_sms_xml(stream_text, source, options)
