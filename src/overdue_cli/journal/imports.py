"""Phone exports in, journal events out: ``overdue log import FILE...``.

Why it is built this way:

* The bytes are scan's: encoding detection, binary rejection, defused XML with the
  surrogate-pair repair, CSV and JSONL line handling all come from overdue_cli.readers,
  so a file reads the same in ``scan`` and in the journal.
* The journal is evidence, so an export is hashed whole before anything is read,
  every event says where it came from (file, sha256, ``record 7`` / ``row 5`` /
  ``line 3``), and the bytes the events came from are hashed again as they stream
  past: a file that changes under us is an InputError, never a silent mismatch.
* A record that cannot be read faithfully (no time, an unknown type) is a Skipped
  that quotes the bad value; a damaged file raises InputError after the events before
  the damage, and the caller decides (it rolls the whole file back).
* Years of SMS are hundreds of thousands of records, so the XML readers do the least
  per record they can: expat callbacks straight into Event, epoch milliseconds
  straight into datetime, no string parsing of dates.

This module is the driver: options, checking, hashing and detecting a file, then
each format's reader (import_xml, import_wechat, import_tables, import_jsonl; what
they share is in import_common). Nothing here prints, exits or touches the network;
csv, json and defusedxml load only when a file of that kind is read.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import BinaryIO, cast

from overdue_cli.errors import UsageProblem
from overdue_cli.journal.events import IMPORT_FORMATS, Event, unstorable
from overdue_cli.journal.import_common import ImportContext, Reader
from overdue_cli.journal.import_jsonl import read_jsonl
from overdue_cli.journal.import_tables import call_columns, read_calls_csv, read_messages_csv
from overdue_cli.journal.import_wechat import is_wechat, read_wechat_csv
from overdue_cli.journal.import_xml import read_calls_xml, read_sms_xml
from overdue_cli.readers import (
    CHINA_TZ,
    InputError,
    Skipped,
    check_encoding,
    check_readable,
    decode_input,
    open_problem,
)
from overdue_cli.text import text_safe

__all__ = ["COLUMN_KEYS", "Export", "ImportOptions", "open_export"]

COLUMN_KEYS = ("time", "number", "type", "duration", "name", "text", "direction")
"""What ``--column KEY=HEADER`` can name in a call-log CSV."""

_READ_CHUNK = 1 << 20
"""Bytes per read when hashing."""

_BINARY_HINT = ("overdue log import reads SMS Backup & Restore XML (sms-*.xml, calls-*.xml), "
                "WeChatMsg CSV, call-log CSV and JSONL")

_SUPPORTED = ("SMS Backup & Restore XML (<smses> or <calls>), a WeChatMsg CSV, "
              "a call-log CSV, or JSONL (one JSON object per line)")


@dataclass(frozen=True)
class ImportOptions:
    """How to read an export; every default means "work it out from the content"."""

    format: str | None = None
    """None = detect from the content; else one of events.IMPORT_FORMATS."""
    encoding: str | None = None
    """None = detect (utf-8, utf-8-sig, gb18030; utf-16 with a BOM)."""
    tz: tzinfo = CHINA_TZ
    """The zone of naive (formatted) times, and of every event's ``at``."""
    columns: Mapping[str, str] = field(default_factory=dict)
    """Call-log CSV: KEY -> header, KEY one of COLUMN_KEYS (replaces the usual names)."""
    methods: frozenset[str] | None = None
    """JSONL in the journal's shape: the method ids accepted (the rulebook's); None = any."""
    strict: bool = False
    """Stop at the first malformed record (InputError) instead of skipping it."""


@dataclass
class Export:
    """One export file, checked, hashed and identified; ``events()`` reads it."""

    path: str
    """As given (it is also each event's ``source.file``)."""
    name: str
    """The base name."""
    sha256: str
    """Hex digest of the whole file."""
    size: int
    format: str
    """One of IMPORT_FORMATS, detected or given."""
    options: ImportOptions = field(default_factory=ImportOptions, repr=False, compare=False)

    def events(self) -> Iterator[Event | Skipped]:
        """The file's events in file order, streaming (memory does not grow with the file).

        Raises InputError, after the events before it, when the file is damaged
        (truncated XML, an undecodable byte) or changed since it was hashed.
        """
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - closed by the with below
        except OSError as err:
            raise InputError(f"{self.path}: cannot open ({err.strerror or err})",
                             key="cannot_open",
                             params={"path": self.path, "why": err.strerror or err}) from None
        with handle:
            reader = _HashingReader(handle, self.path)
            stream = cast(BinaryIO, reader)
            head, chunks, _ = decode_input(stream, self.path, self.options.encoding,
                                           _BINARY_HINT, "import_binary_hint")
            if head.strip():
                context = ImportContext(self.path, self.sha256, self.format, self.options.tz,
                                        self.options.columns, self.options.methods)
                for item in _READERS[self.format](context, head, chunks):
                    if isinstance(item, Event):
                        why = unstorable(item)
                        if why is not None:
                            item = Skipped(self.path, item.source.position or "?", why)
                    if self.options.strict and isinstance(item, Skipped):
                        raise InputError(f"{self.path} {item.position}: {item.reason}",
                                         "--strict stops at the first bad record; leave it "
                                         "out to skip such records and import the rest",
                                         key="strict_record", hint_key="strict_import_hint",
                                         params={"source": self.path,
                                                 "position": item.position,
                                                 "reason": item.reason, "skipped": item})
                    yield item
            reader.finish()
            if reader.hexdigest() != self.sha256:
                raise InputError(f"{self.path}: the file changed while it was being imported",
                                 "import it again once nothing is writing to it",
                                 key="file_changed", hint_key="file_changed_hint",
                                 params={"path": self.path})


def open_export(path: str, options: ImportOptions | None = None) -> Export:
    """Check, hash and identify an export; nothing is imported yet.

    Everything a user can get wrong (a missing file, a wrong option, a CSV we cannot
    map) is reported here, so a command given several files fails before importing any.
    """
    options = options if options is not None else ImportOptions()
    _check_options(options)
    info = check_readable(path, stdin=False)
    if not stat.S_ISREG(info.st_mode):  # a device or pipe: it is read twice (hash, import)
        raise UsageProblem(f"{path}: not a regular file (不是普通文件)",
                           "import a saved export file; copy it to a file first",
                           key="not_regular_file", hint_key="import_saved_file",
                           params={"path": path})
    sha256, size = _hash_file(path)
    if size == 0:
        raise UsageProblem(f"{path}: empty file: nothing to import",
                           "check that the export finished writing", key="import_empty",
                           hint_key="export_finished", params={"path": path})
    head = _head(path, options)
    if not head.strip():
        raise UsageProblem(f"{path}: only blank space: nothing to import",
                           "check that the export finished writing", key="import_blank",
                           hint_key="export_finished", params={"path": path})
    fmt = _detect(head, path, options)
    return Export(path, text_safe(os.path.basename(path)), sha256, size, fmt, options)


# --------------------------------------------------------------------------- options, files


def _check_options(options: ImportOptions) -> None:
    """Fail fast, as a usage problem, on options no file could satisfy."""
    if options.format is not None and options.format not in IMPORT_FORMATS:
        from overdue_cli.text import closest

        near = closest(options.format, list(IMPORT_FORMATS), 1)
        raise UsageProblem(
            f"--format takes one of {', '.join(IMPORT_FORMATS)}, got '{options.format}'",
            f"did you mean '{near[0]}'?" if near else "leave it out to detect the format",
            key="format_one_of", hint_key="did_you_mean_word" if near else "format_leave_out",
            params={"choices": ", ".join(IMPORT_FORMATS), "value": options.format,
                    "word": near[0] if near else ""})
    if options.encoding is not None:
        check_encoding(options.encoding)  # unknown, or not for text (rot13, zlib …)
    if not isinstance(options.tz, tzinfo):
        raise UsageProblem(f"not a time zone: {options.tz!r}", key="not_a_tz",
                           params={"value": repr(options.tz)})
    for key, header in options.columns.items():
        if key not in COLUMN_KEYS:
            raise UsageProblem(f"--column: unknown key '{key}'",
                               f"the keys are: {', '.join(COLUMN_KEYS)} (e.g. time=开始时间)",
                               key="column_unknown_key", hint_key="column_keys",
                               params={"value": key, "keys": ", ".join(COLUMN_KEYS)})
        if not header or not header.strip():
            raise UsageProblem(f"--column {key}=: name a column header",
                               key="column_empty", params={"key": key})


def _hash_file(path: str) -> tuple[str, int]:
    """The sha256 and size of the whole file, read in bounded chunks."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            while data := handle.read(_READ_CHUNK):
                digest.update(data)
                size += len(data)
    except OSError as err:
        raise open_problem(path, err, False) from None
    return digest.hexdigest(), size


def _head(path: str, options: ImportOptions) -> str:
    """The first few KiB of decoded text (binary data and bad encodings raise here)."""
    try:
        with open(path, "rb") as handle:
            return decode_input(handle, path, options.encoding, _BINARY_HINT,
                                "import_binary_hint").head

    except OSError as err:
        raise open_problem(path, err, False) from None


class _HashingReader:
    """A file's ``read`` that hashes what it returns: the events' bytes, proven."""

    def __init__(self, raw: BinaryIO, path: str) -> None:
        self.raw = raw
        self.path = path
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        return data

    def finish(self) -> None:
        """Hash whatever the format's reader left unread (it stops at the end of the XML)."""
        try:
            while self.read(_READ_CHUNK):
                pass
        except OSError as err:
            raise InputError(f"{self.path}: cannot read ({err.strerror or err})",
                             key="cannot_read",
                             params={"source": self.path, "why": err.strerror or err}) from None

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


# --------------------------------------------------------------------------- detection

_XML_NOISE = re.compile(r"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.S | re.I)
_XML_ROOT = re.compile(r"<([^\s!?/<>][^\s/<>]*)")


_TABLES = ("calls-csv", "messages-csv")


def _detect(head: str, source: str, options: ImportOptions) -> str:
    """The format from the content (or the one given, checked against the content)."""
    start = head.lstrip("\ufeff \t\r\n\f\v")
    given = options.format
    if given == "jsonl":
        return given  # a bad first line is that line's problem (Skipped), not the file's
    if start.startswith("<"):
        found = _xml_format(start, source, given)
    elif start.startswith("{"):
        found = "jsonl"
    else:
        header = _csv_header(start)
        if header is None:
            if given is not None:
                return given  # the user says so; events() will say what it makes of it
            raise UsageProblem(
                f"{source}: not an export we can import (it looks like plain text)",
                f"import reads {_SUPPORTED}; to scan plain text use `overdue scan`",
                key="import_plain_text", hint_key="import_plain_text_hint",
                params={"source": source, "supported": _SUPPORTED})
        found = _csv_format(header, source, options)
    if given in _TABLES and found in _TABLES:
        return given  # a table of calls or of messages: the user knows which
    if given is not None and given != found:
        raise UsageProblem(f"{source}: --format {given}, but the content is {found}",
                           "leave --format out to use the detected format",
                           key="format_mismatch", hint_key="format_use_detected",
                           params={"source": source, "given": given, "found": found})
    return found


def _xml_format(start: str, source: str, given: str | None) -> str:
    match = _XML_ROOT.search(_XML_NOISE.sub("", start))
    if match is None:
        if given in ("sms-xml", "calls-xml"):
            return given
        raise UsageProblem(f"{source}: XML without a root element near its start",
                           f"import reads {_SUPPORTED}", key="xml_no_root",
                           hint_key="import_reads", params={"source": source,
                                                            "supported": _SUPPORTED})
    root = match.group(1).rpartition("}")[2]
    if root == "smses":
        return "sms-xml"
    if root == "calls":
        return "calls-xml"
    raise UsageProblem(f"{source}: XML with root <{root}> is not an SMS Backup & Restore export",
                       "import reads <smses> (messages) and <calls> (call log) backups",
                       key="xml_not_sms", hint_key="import_reads_xml",
                       params={"source": source, "tag": root})



def _csv_header(start: str) -> list[str] | None:
    """The first line's fields if it looks like a CSV header (two or more fields)."""
    import csv

    line = start.split("\n", 1)[0].rstrip("\r")
    counts = {d: line.count(d) for d in (",", "\t", ";")}
    delimiter = max(counts, key=lambda d: counts[d])
    if not counts[delimiter]:
        return None
    try:
        fields = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    header = [f.strip().lstrip("\ufeff").strip() for f in fields]
    return header if sum(1 for f in header if f) >= 2 else None


def _csv_format(header: list[str], source: str, options: ImportOptions) -> str:
    if is_wechat(header) and not options.columns:
        return "wechat-csv"
    columns = call_columns(header, source, options.columns)  # raises: not a call log
    if columns.text is not None and columns.type is None and columns.duration is None:
        return "messages-csv"  # time, number and text, no call type or length: messages
    return "calls-csv"


_READERS: dict[str, Reader] = {
    "sms-xml": read_sms_xml, "calls-xml": read_calls_xml, "wechat-csv": read_wechat_csv,
    "calls-csv": read_calls_csv, "messages-csv": read_messages_csv,
    "jsonl": read_jsonl,
}
"""Each format's importer, by its name in events.IMPORT_FORMATS."""
assert set(_READERS) == set(IMPORT_FORMATS)
