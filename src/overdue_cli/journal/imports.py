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

Nothing here prints, exits or touches the network; csv, json and defusedxml load
only when a file of that kind is read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from typing import Any, BinaryIO, TypeVar, cast

from overdue_cli.errors import UsageProblem
from overdue_cli.journal.events import (
    DIRECTIONS,
    IMPORT_FORMATS,
    OUTCOMES,
    Attachment,
    Event,
    Source,
    not_text,
    unstorable,
)
from overdue_cli.journal.phones import normalise
from overdue_cli.readers import (
    CHINA_TZ,
    SENDER_NAMES,
    TEXT_NAMES,
    TIME_NAMES,
    InputError,
    Skipped,
    check_encoding,
    check_readable,
    column_index,
    csv_table,
    decode_input,
    json_objects,
    lookup,
    open_problem,
    parse_time,
    quote,
    stream_xml,
)
from overdue_cli.text import text_safe

__all__ = ["COLUMN_KEYS", "Export", "ImportOptions", "open_export"]

_T = TypeVar("_T")

COLUMN_KEYS = ("time", "number", "type", "duration", "name", "text", "direction")
"""What ``--column KEY=HEADER`` can name in a call-log CSV."""

_READ_CHUNK = 1 << 20
"""Bytes per read when hashing."""

_FIELD_LIMIT = 100_000
"""Longest CSV field / JSONL text kept; longer rows are Skipped (bounds memory)."""

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
            raise InputError(f"{self.path}: cannot open ({err.strerror or err})") from None
        with handle:
            reader = _HashingReader(handle, self.path)
            stream = cast(BinaryIO, reader)
            head, chunks, _ = decode_input(stream, self.path, self.options.encoding,
                                           _BINARY_HINT)
            if head.strip():
                for item in _READERS[self.format](_Context.of(self), head, chunks):
                    if isinstance(item, Event):
                        why = unstorable(item)
                        if why is not None:
                            item = Skipped(self.path, item.source.position or "?", why)
                    if self.options.strict and isinstance(item, Skipped):
                        raise InputError(f"{self.path} {item.position}: {item.reason}",
                                         "--strict stops at the first bad record; leave it "
                                         "out to skip such records and import the rest")
                    yield item
            reader.finish()
            if reader.hexdigest() != self.sha256:
                raise InputError(f"{self.path}: the file changed while it was being imported",
                                 "import it again once nothing is writing to it")


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
                           "import a saved export file; copy it to a file first")
    sha256, size = _hash_file(path)
    if size == 0:
        raise UsageProblem(f"{path}: empty file: nothing to import",
                           "check that the export finished writing")
    head = _head(path, options)
    if not head.strip():
        raise UsageProblem(f"{path}: only blank space: nothing to import",
                           "check that the export finished writing")
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
            f"did you mean '{near[0]}'?" if near else "leave it out to detect the format")
    if options.encoding is not None:
        check_encoding(options.encoding)  # unknown, or not for text (rot13, zlib …)
    if not isinstance(options.tz, tzinfo):
        raise UsageProblem(f"not a time zone: {options.tz!r}")
    for key, header in options.columns.items():
        if key not in COLUMN_KEYS:
            raise UsageProblem(f"--column: unknown key '{key}'",
                               f"the keys are: {', '.join(COLUMN_KEYS)} (e.g. time=开始时间)")
        if not header or not header.strip():
            raise UsageProblem(f"--column {key}=: name a column header")


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
            return decode_input(handle, path, options.encoding, _BINARY_HINT).head
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
            raise InputError(f"{self.path}: cannot read ({err.strerror or err})") from None

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
                f"import reads {_SUPPORTED}; to scan plain text use `overdue scan`")
        found = _csv_format(header, source, options)
    if given in _TABLES and found in _TABLES:
        return given  # a table of calls or of messages: the user knows which
    if given is not None and given != found:
        raise UsageProblem(f"{source}: --format {given}, but the content is {found}",
                           "leave --format out to use the detected format")
    return found


def _xml_format(start: str, source: str, given: str | None) -> str:
    match = _XML_ROOT.search(_XML_NOISE.sub("", start))
    if match is None:
        if given in ("sms-xml", "calls-xml"):
            return given
        raise UsageProblem(f"{source}: XML without a root element near its start",
                           f"import reads {_SUPPORTED}")
    root = match.group(1).rpartition("}")[2]
    if root == "smses":
        return "sms-xml"
    if root == "calls":
        return "calls-xml"
    raise UsageProblem(f"{source}: XML with root <{root}> is not an SMS Backup & Restore export",
                       "import reads <smses> (messages) and <calls> (call log) backups")


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
    if _is_wechat(header) and not options.columns:
        return "wechat-csv"
    columns = _call_columns(header, source, options.columns)  # raises: not a call log
    if columns.text is not None and columns.type is None and columns.duration is None:
        return "messages-csv"  # time, number and text, no call type or length: messages
    return "calls-csv"


# --------------------------------------------------------------------------- shared


def _fast_constructor(cls: type[_T]) -> Callable[..., _T]:
    """``cls(**fields)`` without the frozen dataclass ``__init__``, for the hot XML loops.

    A frozen dataclass sets each field through ``object.__setattr__``; for Event's 15
    fields that is a fifth of an SMS import. The instance built here is the same (every
    field in ``__dict__``, defaults filled in; tests compare it with the real
    constructor's). Should the class ever validate (``__post_init__``), use slots, or
    take a mutable default, the real constructor is returned instead.
    """
    if hasattr(cls, "__post_init__") or "__slots__" in cls.__dict__:
        return cls
    defaults: dict[str, Any] = {}
    for item in dataclasses.fields(cls):  # type: ignore[arg-type]
        if item.default is not dataclasses.MISSING:
            defaults[item.name] = item.default
        elif item.default_factory is not dataclasses.MISSING:
            value = item.default_factory()
            if not isinstance(value, tuple | frozenset | str | int | type(None)) or value:
                return cls
            defaults[item.name] = value
    new = object.__new__

    def construct(**values: Any) -> _T:
        obj = new(cls)
        fields = obj.__dict__
        fields.update(defaults)
        fields.update(values)
        return obj

    return construct


_new_event = _fast_constructor(Event)
_new_source = _fast_constructor(Source)


@dataclass(frozen=True)
class _Context:
    """What every record of one file shares (looked up once, not per record)."""

    file: str
    sha256: str
    format: str
    tz: tzinfo
    columns: Mapping[str, str]
    methods: frozenset[str] | None = None

    @classmethod
    def of(cls, export: Export) -> _Context:
        return cls(export.path, export.sha256, export.format, export.options.tz,
                   export.options.columns, export.options.methods)

    def source(self, position: str) -> Source:
        return _new_source(kind="import", file=self.file, sha256=self.sha256,
                           position=position, format=self.format)

    def skip(self, position: str, reason: str) -> Skipped:
        return Skipped(self.file, position, reason)


def _present(value: str | None) -> str | None:
    """A field's text, with blank and the literal "null" (exports write it) as missing."""
    if value is None:
        return None
    text = value.strip()
    return None if not text or text.lower() == "null" else text


_WITHHELD = frozenset({"-1", "-2", "-3", "-4"})
"""Android's placeholders for a caller who withheld the number (unknown, private, payphone)."""


def _numbers(raw: str | None) -> tuple[str | None, str | None]:
    """(normalised, raw-if-different) for Event.number / Event.number_raw."""
    raw = _present(raw)
    if raw is None:
        return None, None
    if raw in _WITHHELD:
        return None, raw  # normalise() would drop the dash and keep a bogus "2"
    number = normalise(raw)
    return number, (raw if raw != number else None)


class _NumberCache(dict[str | None, tuple[str | None, str | None]]):
    """_numbers, remembered: a collector's few numbers recur in thousands of records, and
    normalising is the costliest step of an XML record. Cleared when it grows large, so
    memory stays bounded whatever the file."""

    limit = 20_000

    def __missing__(self, raw: str | None) -> tuple[str | None, str | None]:
        if len(self) >= self.limit:
            self.clear()
        found = self[raw] = _numbers(raw)
        return found


def _epoch_ms(value: str | None, tz: tzinfo) -> datetime:
    """An XML ``date``: Java epoch milliseconds (seconds if too small to be ms).

    Values under 10^11 would be milliseconds before March 1973, so they are
    seconds (some tools write MMS dates as Android stores them). Float division is
    exact to the millisecond for any date before 2106.
    """
    if value is None or value == "null":
        raise ValueError("no date")
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"date {quote(value)} is not a time in milliseconds") from None
    if number < 0:
        raise ValueError(f"date {quote(value)} is before 1970")
    try:
        if number < 100_000_000_000:
            return datetime.fromtimestamp(number, tz)
        return datetime.fromtimestamp(number / 1000, tz)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"date {quote(value)} is out of range") from None


# --------------------------------------------------------------------------- XML


class _XmlEvents:
    """Expat callbacks (stream_xml) shared by the SMS and call readers."""

    root = ""
    element = ""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.tz = ctx.tz
        self.numbers = _NumberCache()
        self.count = 0
        self.depth = 0
        self.expat: Any = None
        self.out: list[Event | Skipped] = []

    def drain(self) -> list[Event | Skipped]:
        out, self.out = self.out, []
        return out

    def check_root(self, tag: str) -> None:
        if tag != self.root:
            tag = tag.rpartition("}")[2]
            raise UsageProblem(
                f"{self.ctx.file}: XML root <{tag}> is not <{self.root}> ({self.ctx.format})",
                "leave --format out to detect the format")


_SMS_DIRECTIONS = {"1": "in", "2": "out", "4": "out", "5": "out", "6": "out"}
"""SMS Backup & Restore ``type``: 1 received; 2 sent, 4 outbox, 5 failed, 6 queued."""
_MMS_DIRECTIONS = {"1": "in", "2": "out", "4": "out", "5": "out"}
"""MMS ``msg_box``: 1 inbox; 2 sent, 4 outbox, 5 failed (3 = draft)."""
_NO_NAMES = frozenset({"(Unknown)", "null", ""})


class _SmsEvents(_XmlEvents):
    """``<sms>`` and ``<mms>`` as events; an MMS is emitted when it closes."""

    root = "smses"

    def __init__(self, ctx: _Context) -> None:
        super().__init__(ctx)
        self.mms: dict[str, Any] | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 2:
            if tag == "sms":
                self.count += 1
                self.out.append(self.sms(attrib))
            elif tag == "mms":
                self.count += 1
                self.mms = {"attrib": attrib, "count": self.count, "texts": [], "from": None,
                            "to": None}
        elif self.mms is not None:
            self.mms_part(tag, attrib)
        elif self.depth == 1:
            self.check_root(tag)

    def end(self, tag: str) -> None:
        if self.depth == 2 and self.mms is not None:
            mms, self.mms = self.mms, None
            self.out.append(self.mms_event(mms))
        self.depth -= 1

    def sms(self, attrib: dict[str, str]) -> Event | Skipped:
        where = f"record {self.count}"
        kind = attrib.get("type")
        direction = _SMS_DIRECTIONS.get(kind)  # type: ignore[arg-type]
        if direction is None:
            if kind == "3":
                return self.ctx.skip(where, "draft, never sent")
            return self.ctx.skip(where, f"SMS type {quote(kind)} is not one of 1-6"
                                 if kind is not None else "SMS without a type")
        try:
            at = _epoch_ms(attrib.get("date"), self.tz)
        except ValueError as err:
            return self.ctx.skip(where, str(err))
        number, raw = self.numbers[attrib.get("address")]
        name = attrib.get("contact_name")
        body = attrib.get("body")
        return _new_event(method="sms", direction=direction, at=at,
                          source=self.ctx.source(where), number=number, number_raw=raw,
                          name=None if name in _NO_NAMES else name,
                          text=None if body == "null" or not body else body, kind="sms")

    def mms_part(self, tag: str, attrib: dict[str, str]) -> None:
        assert self.mms is not None
        if tag == "part":
            if (attrib.get("ct") or "").lower() == "text/plain":
                text = attrib.get("text")
                if text and text != "null":
                    self.mms["texts"].append(text)
        elif tag == "addr":
            kind = attrib.get("type")
            if kind == "137":  # PduHeaders.FROM
                self.mms["from"] = attrib.get("address")
            elif kind == "151" and self.mms["to"] is None:  # PduHeaders.TO
                self.mms["to"] = attrib.get("address")

    def mms_event(self, mms: dict[str, Any]) -> Event | Skipped:
        attrib: dict[str, str] = mms["attrib"]
        where = f"record {mms['count']}"
        box = attrib.get("msg_box")
        sender = _present(mms["from"])
        if box == "3":
            return self.ctx.skip(where, "draft, never sent")
        direction = _MMS_DIRECTIONS.get(box)  # type: ignore[arg-type]
        if direction is None and box in (None, "null"):
            # Android writes this placeholder as the sender of one's own messages
            direction = "in" if sender and sender != "insert-address-token" else "out"
        if direction is None:
            return self.ctx.skip(where, f"MMS msg_box {quote(box)} is not one of 1-5")
        try:
            at = _epoch_ms(attrib.get("date"), self.tz)
        except ValueError as err:
            return self.ctx.skip(where, str(err))
        other = sender if direction == "in" else _present(mms["to"])
        number, raw = self.numbers[other or attrib.get("address")]
        name = attrib.get("contact_name")
        return _new_event(method="sms", direction=direction, at=at,
                          source=self.ctx.source(where), number=number, number_raw=raw,
                          name=None if name in _NO_NAMES else name,
                          text="\n".join(mms["texts"]) or None, kind="mms")


_CALL_TYPES: dict[str, tuple[str, str | None]] = {
    "1": ("in", "answered"), "2": ("out", None), "3": ("in", "missed"),
    "4": ("in", "voicemail"), "5": ("in", "rejected"), "6": ("in", "blocked"),
    "7": ("in", "answered"),
}
"""Android CallLog.Calls.TYPE -> (direction, outcome); None = by duration (outgoing)."""


class _CallEvents(_XmlEvents):
    """``<call>`` elements (they have no children) as events."""

    root = "calls"

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 2:
            if tag == "call":
                self.count += 1
                self.out.append(self.call(attrib))
        elif self.depth == 1:
            self.check_root(tag)

    def end(self, tag: str) -> None:
        self.depth -= 1

    def call(self, attrib: dict[str, str]) -> Event | Skipped:
        where = f"record {self.count}"
        kind = attrib.get("type")
        mapped = _CALL_TYPES.get(kind)  # type: ignore[arg-type]
        if mapped is None:
            return self.ctx.skip(where, f"call type {quote(kind)} is not one of 1-7"
                                 if kind is not None else "call without a type")
        try:
            at = _epoch_ms(attrib.get("date"), self.tz)
        except ValueError as err:
            return self.ctx.skip(where, str(err))
        duration: int | None = None
        seconds = attrib.get("duration")
        if seconds is not None and seconds != "null":
            try:
                duration = int(seconds)
            except ValueError:
                return self.ctx.skip(where, f"duration {quote(seconds)} is not a number")
        direction, outcome = mapped
        if outcome is None and duration is not None:
            outcome = "answered" if duration > 0 else "no_answer"
        number, raw = self.numbers[attrib.get("number")]
        name = attrib.get("contact_name")
        return _new_event(method="call", direction=direction, at=at,
                          source=self.ctx.source(where), number=number, number_raw=raw,
                          name=None if name in _NO_NAMES else name,
                          duration_s=duration, outcome=outcome, kind="call")


def _read_sms_xml(ctx: _Context, head: str, chunks: Iterator[str]
                  ) -> Iterator[Event | Skipped]:
    return stream_xml(chunks, ctx.file, _SmsEvents(ctx), "message element(s)")


def _read_calls_xml(ctx: _Context, head: str, chunks: Iterator[str]
                    ) -> Iterator[Event | Skipped]:
    return stream_xml(chunks, ctx.file, _CallEvents(ctx), "call element(s)")


# --------------------------------------------------------------------------- WeChatMsg CSV

_WECHAT_REQUIRED = ("localid", "talkerid", "type", "issender", "createtime", "strcontent")
_WECHAT_EXPECTED = "localId, TalkerId, Type, IsSender, CreateTime, StrContent …"

_WECHAT_KINDS: dict[str, tuple[str, str | None]] = {
    "1": ("wechat_text", None), "3": ("wechat_image", "[图片]"),
    "34": ("wechat_voice", "[语音]"), "43": ("wechat_video", "[视频]"),
    "47": ("wechat_sticker", "[表情包]"), "42": ("wechat_card", "[名片]"),
    "48": ("wechat_location", "[位置]"), "50": ("wechat_call", "[语音/视频通话]"),
}
"""WeChat message Type -> (kind, placeholder text); None = the message's own text."""
_WECHAT_APP = {"5": "[链接]", "6": "[文件]", "3": "[音乐]", "57": "[引用]", "2000": "[转账]",
               "2001": "[红包]"}
"""Type 49 (app message) by SubType: what it is, since StrContent is often XML."""
_WECHAT_SYSTEM = frozenset({"10000", "10002"})


def _is_wechat(header: list[str]) -> bool:
    folded = {h.casefold() for h in header}
    return all(name in folded for name in _WECHAT_REQUIRED)


def _read_wechat_csv(ctx: _Context, head: str, chunks: Iterator[str]
                     ) -> Iterator[Event | Skipped]:
    """WeChatMsg's per-contact CSV: IsSender 1 = me; CreateTime Unix seconds."""
    table = csv_table(chunks, head, ctx.file, _FIELD_LIMIT)
    folded = [h.casefold() for h in table.header]
    if not _is_wechat(table.header):
        raise UsageProblem(f"{ctx.file}: not a WeChatMsg CSV (columns: "
                           f"{', '.join(table.header)})",
                           f"expected {_WECHAT_EXPECTED}; leave --format out to detect it")

    def col(name: str) -> int | None:
        return folded.index(name) if name in folded else None

    index = {name: col(name) for name in (
        "type", "subtype", "issender", "createtime", "strtime", "strcontent", "remark",
        "nickname", "talkerid")}
    for item in table.rows:
        if isinstance(item, Skipped):
            yield item
        else:
            yield _wechat_row(ctx, item[0], item[1], index)


def _cell(row: list[str], index: int | None) -> str | None:
    return _present(row[index]) if index is not None else None


def _wechat_row(ctx: _Context, where: str, row: list[str], index: dict[str, int | None]
                ) -> Event | Skipped:
    kind_code = _cell(row, index["type"]) or ""
    if kind_code in _WECHAT_SYSTEM:
        return ctx.skip(where, "system message")
    sender = _cell(row, index["issender"])
    if sender not in ("0", "1"):
        return ctx.skip(where, f"IsSender {quote(sender)} is neither 0 nor 1")
    try:
        at = _wechat_time(row, index, ctx.tz)
    except ValueError as err:
        return ctx.skip(where, str(err))
    content = _cell(row, index["strcontent"])
    kind, text = _wechat_kind(kind_code, _cell(row, index["subtype"]), content)
    name = (_cell(row, index["remark"]) or _cell(row, index["nickname"])
            or _cell(row, index["talkerid"]))
    return Event(method="wechat", direction="out" if sender == "1" else "in", at=at,
                 source=ctx.source(where), name=name, text=text, kind=kind)


def _wechat_time(row: list[str], index: dict[str, int | None], tz: tzinfo) -> datetime:
    """CreateTime (Unix seconds); StrTime (local, naive) only when that is missing or bad."""
    created = _cell(row, index["createtime"])
    if created is not None:
        try:
            at = parse_time(created, tz) if created.isdigit() else None
        except ValueError:
            at = None
        if at is not None:
            return at
    shown = _cell(row, index["strtime"])
    if shown is not None:
        try:
            at = parse_time(shown, tz)
        except ValueError:
            at = None
        if at is not None:
            return at
    if created is None and shown is None:
        raise ValueError("no time (CreateTime and StrTime are empty)")
    raise ValueError(f"time {quote(created if created is not None else shown)} is not a time")


def _wechat_kind(code: str, subtype: str | None, content: str | None
                 ) -> tuple[str, str | None]:
    """(kind, text): the text itself for text messages, a bracketed placeholder for media."""
    if code == "49":
        label = _WECHAT_APP.get(subtype or "", "[应用消息]")
        if subtype == "57" and content and not content.lstrip().startswith("<"):
            return "wechat_app", f"{label} {content}"  # a quoted reply: its text is the reply
        return "wechat_app", label
    kind, placeholder = _WECHAT_KINDS.get(code, ("wechat_other", f"[消息类型 {code or '?'}]"))
    return kind, content if placeholder is None else placeholder


# --------------------------------------------------------------------------- call-log CSV


def _header_key(name: str) -> str:
    """A header for matching: case, spaces, ``_``/``-`` and a "(秒)" unit ignored."""
    key = re.sub(r"[\s_\-]+", "", name.casefold())
    return re.sub(r"[(（](?:秒|s|sec|secs|seconds)[)）]$", "", key)


_CALL_NAMES: dict[str, tuple[str, ...]] = {
    "epoch": ("timestamp", "时间戳", "unixtime", "epoch", "datems"),
    "time": ("时间", "通话时间", "日期时间", "开始时间", "通话开始时间", "呼叫时间", "拨打时间",
             "来电时间", "datetime", "time", "date", "calltime", "starttime", "calldate"),
    "date": ("日期",),
    "number": ("号码", "电话号码", "对方号码", "来电号码", "通话号码", "电话", "手机号", "手机号码",
               "联系电话", "number", "phone", "phonenumber", "caller", "tel", "formattednumber",
               "address"),
    "type": ("类型", "通话类型", "呼叫类型", "通话状态", "状态", "type", "calltype"),
    "direction": ("方向", "呼叫方向", "通话方向", "direction"),
    "duration": ("时长", "通话时长", "持续时间", "duration", "durations", "callduration"),
    "name": ("姓名", "联系人", "名称", "名字", "备注名", "name", "contact", "contactname",
             "cachedname"),
    "text": (),
}
"""Usual header names per field, in order of preference, as _header_key writes them."""

_CALLS_EXPECTED = ("a call log with columns for time and number (时间/time/date/timestamp, "
                   "号码/number/phone, 类型/type, 时长/duration)")
_TEXT_KEYS = frozenset(_header_key(n) for n in TEXT_NAMES)


@dataclass(frozen=True)
class _CallColumns:
    """Where each field is in a call-log row; None = no such column."""

    epoch: int | None
    time: int | None
    date: int | None
    number: int
    type: int | None
    direction: int | None
    duration: int | None
    name: int | None
    text: int | None


def _call_columns(header: list[str], source: str, overrides: Mapping[str, str]) -> _CallColumns:
    """The columns of a call log; a UsageProblem listing what was found and expected."""
    keys = [_header_key(h) for h in header]
    found: dict[str, int | None] = {}
    for field_name, names in _CALL_NAMES.items():
        named = overrides.get(field_name)
        if named is not None:
            found[field_name] = column_index(header, named, f"--column {field_name}=", source)
            continue
        found[field_name] = next((keys.index(n) for n in names if n in keys), None)
    if "time" in overrides:
        found["epoch"] = found["date"] = None  # the user's column, and only it
    if found["date"] == found["time"]:
        found["date"] = None
    if found["text"] is None and "text" not in overrides:
        found["text"] = next((i for i, k in enumerate(keys) if k in _TEXT_KEYS), None)
    if found["number"] is None or (found["time"] is None and found["epoch"] is None):
        missing = " and ".join(f for f, i in (("time", found["time"] or found["epoch"]),
                                              ("number", found["number"])) if i is None)
        hint = "name them with --column, e.g. --column time=开始时间 --column number=对方号码"
        if any(k in _TEXT_KEYS for k in keys) and not overrides:
            hint = ("it looks like a table of messages; import SMS as an SMS Backup & "
                    "Restore XML or as JSONL, or name call-log columns with --column")
        raise UsageProblem(
            f"{source}: unknown CSV layout (no {missing} column); columns found: "
            f"{', '.join(header)}; expected a WeChatMsg export ({_WECHAT_EXPECTED}) "
            f"or {_CALLS_EXPECTED}", hint)
    number = found["number"]
    assert number is not None
    return _CallColumns(found["epoch"], found["time"], found["date"], number, found["type"],
                        found["direction"], found["duration"], found["name"], found["text"])


_BY_DURATION = "by duration"
_CSV_CALL_TYPES: dict[str, tuple[str, str]] = {
    **{code: (d, o or _BY_DURATION) for code, (d, o) in _CALL_TYPES.items()},
    # Logger's CallType names (Android's, from the call_log plugin), and plain English
    "incoming": ("in", "answered"), "answered": ("in", "answered"),
    "received": ("in", "answered"), "answeredexternally": ("in", "answered"),
    "wifiincoming": ("in", "answered"), "missed": ("in", "missed"),
    "voicemail": ("in", "voicemail"), "rejected": ("in", "rejected"),
    "declined": ("in", "rejected"), "blocked": ("in", "blocked"),
    "outgoing": ("out", _BY_DURATION), "wifioutgoing": ("out", _BY_DURATION),
    "dialed": ("out", _BY_DURATION), "dialled": ("out", _BY_DURATION),
    "outbound": ("out", _BY_DURATION), "out": ("out", _BY_DURATION),
    "in": ("in", _BY_DURATION), "inbound": ("in", _BY_DURATION),
    # Chinese phone and app wording
    "已接": ("in", "answered"), "已接来电": ("in", "answered"), "接听": ("in", "answered"),
    "已接听": ("in", "answered"), "呼入": ("in", _BY_DURATION), "来电": ("in", _BY_DURATION),
    "打入": ("in", _BY_DURATION), "未接": ("in", "missed"), "未接来电": ("in", "missed"),
    "响铃未接": ("in", "missed"), "未接听": ("in", "missed"), "拒接": ("in", "rejected"),
    "已拒接": ("in", "rejected"), "拒绝": ("in", "rejected"), "拦截": ("in", "blocked"),
    "已拦截": ("in", "blocked"), "骚扰拦截": ("in", "blocked"), "黑名单": ("in", "blocked"),
    "语音信箱": ("in", "voicemail"), "语音留言": ("in", "voicemail"),
    "呼出": ("out", _BY_DURATION), "去电": ("out", _BY_DURATION), "拨出": ("out", _BY_DURATION),
    "已拨": ("out", _BY_DURATION), "已拨电话": ("out", _BY_DURATION),
    "已拨出": ("out", _BY_DURATION), "打出": ("out", _BY_DURATION),
    "未接通": ("out", "no_answer"), "呼出未接通": ("out", "no_answer"),
    "已拨未接通": ("out", "no_answer"),
}
"""Call type wording -> (direction, outcome); _BY_DURATION: answered if it lasted, else
missed (incoming) or no_answer (outgoing)."""

_CSV_DIRECTIONS = {
    **{k: "in" for k in ("in", "incoming", "inbound", "呼入", "来电", "打入", "被叫", "1")},
    **{k: "out" for k in ("out", "outgoing", "outbound", "呼出", "去电", "打出", "拨出", "主叫",
                          "2")},
}

_DURATION_UNITS = re.compile(
    r"(?:(\d+)\s*(?:小时|时|h|hr|hrs)\s*)?(?:(\d+)\s*(?:分钟|分|m|min|mins)\s*)?"
    r"(?:(\d+)\s*(?:秒钟|秒|s|sec|secs)?)?", re.I)


def _duration(value: str | None) -> int | None:
    """Seconds from ``80``, ``80秒``, ``1分20秒``, ``1h2m3s``, ``00:01:20`` or ``01:20``."""
    text = _present(value)
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    if ":" in text or "：" in text:
        parts = text.replace("：", ":").split(":")
        if 2 <= len(parts) <= 3 and all(p.strip().isdigit() for p in parts):
            seconds = 0
            for part in parts:
                seconds = seconds * 60 + int(part)
            return seconds
    else:
        match = _DURATION_UNITS.fullmatch(text)
        if match and any(match.groups()):
            hours, minutes, seconds = (int(g or 0) for g in match.groups())
            return hours * 3600 + minutes * 60 + seconds
    raise ValueError(f"duration {quote(value)} is not a length of time")


def _call_type_key(value: str) -> str:
    key = re.sub(r"\s+", "", value.casefold())
    return key.removeprefix("calltype.")


_RowReader = Callable[["_Context", str, list[str], "_CallColumns"], "Event | Skipped"]


def _read_table(row_event: _RowReader) -> _Reader:
    """A CSV reader for a table of calls or of messages: same columns, other rows."""
    def read(ctx: _Context, head: str, chunks: Iterator[str]) -> Iterator[Event | Skipped]:
        table = csv_table(chunks, head, ctx.file, _FIELD_LIMIT)
        columns = _call_columns(table.header, ctx.file, ctx.columns)
        for item in table.rows:
            if isinstance(item, Skipped):
                yield item
            else:
                yield row_event(ctx, item[0], item[1], columns)
    return read


_MESSAGE_DIRECTIONS = {
    **dict.fromkeys(("in", "inbox", "received", "receive", "incoming", "1", "接收", "收到",
                     "收信", "来信", "收件"), "in"),
    **dict.fromkeys(("out", "outbox", "sent", "send", "outgoing", "2", "发送", "已发送",
                     "发出", "发信", "发件"), "out"),
}


def _message_row(ctx: _Context, where: str, row: list[str], columns: _CallColumns
                 ) -> Event | Skipped:
    """A row of a table of messages (time, number, text; no call type or length): an SMS."""
    try:
        at = _call_time(row, columns, ctx.tz)
    except ValueError as err:
        return ctx.skip(where, str(err))
    direction = "in"
    stated = _cell(row, columns.direction)
    if stated is not None:
        found = _MESSAGE_DIRECTIONS.get(stated.strip().casefold())
        if found is None:
            return ctx.skip(where, f"direction {quote(stated)} is neither received nor sent")
        direction = found
    text = _cell(row, columns.text)
    if text is None:
        return ctx.skip(where, "no message text")
    number, raw = _numbers(row[columns.number])
    return Event(method="sms", direction=direction, at=at, source=ctx.source(where),
                 number=number, number_raw=raw, name=_cell(row, columns.name), text=text,
                 kind="sms")


def _call_row(ctx: _Context, where: str, row: list[str], columns: _CallColumns
              ) -> Event | Skipped:
    try:
        at = _call_time(row, columns, ctx.tz)
        duration = _duration(row[columns.duration]) if columns.duration is not None else None
        direction, outcome = _call_kind(row, columns, duration)
    except ValueError as err:
        return ctx.skip(where, str(err))
    number, raw = _numbers(row[columns.number])
    return Event(method="call", direction=direction, at=at, source=ctx.source(where),
                 number=number, number_raw=raw, name=_cell(row, columns.name),
                 text=_cell(row, columns.text), duration_s=duration, outcome=outcome,
                 kind="call")


def _call_time(row: list[str], columns: _CallColumns, tz: tzinfo) -> datetime:
    """An epoch column first (it is unambiguous), then the formatted time (naive = ``tz``),
    then a date column and a time column read together."""
    epoch = _cell(row, columns.epoch)
    if epoch is not None:
        try:
            at = parse_time(epoch, tz)
        except ValueError:
            at = None
        if at is not None:
            return at
    shown = _cell(row, columns.time)
    if shown is not None:
        try:
            at = parse_time(shown, tz)
        except ValueError:
            at = None
            day = _cell(row, columns.date)
            if day is not None:
                with contextlib.suppress(ValueError):
                    at = parse_time(f"{day} {shown}", tz)
        if at is not None:
            return at
    bad = shown if shown is not None else epoch
    if bad is None:
        raise ValueError("no time")
    raise ValueError(f"time {quote(bad)} is not a date and time")


def _call_kind(row: list[str], columns: _CallColumns, duration: int | None
               ) -> tuple[str, str | None]:
    """(direction, outcome) from the type column, a direction column, and the duration.

    A call log with neither a type nor a direction column is taken as calls received
    (a list of the calls a collector made), with the outcome left unknown unless the
    duration says it was answered or not.
    """
    direction: str | None = None
    outcome: str | None = _BY_DURATION
    kind = _cell(row, columns.type)
    if kind is not None:
        mapped = _CSV_CALL_TYPES.get(_call_type_key(kind))
        if mapped is None:
            raise ValueError(f"call type {quote(kind)} is not one we know")
        direction, outcome = mapped
    way = _cell(row, columns.direction)
    if way is not None:
        direction = _CSV_DIRECTIONS.get(_call_type_key(way))
        if direction is None:
            raise ValueError(f"direction {quote(way)} is neither incoming nor outgoing")
    elif kind is None and (columns.type is not None or columns.direction is not None):
        raise ValueError("no call type or direction")
    direction = direction or "in"
    if outcome == _BY_DURATION:
        if duration is None:
            outcome = None
        elif duration > 0:
            outcome = "answered"
        else:
            outcome = "missed" if direction == "in" else "no_answer"
    return direction, outcome


# --------------------------------------------------------------------------- JSONL

_EVENT_KEYS = ("method", "direction", "at")
_MESSAGE_NAMES = (TEXT_NAMES, TIME_NAMES, SENDER_NAMES)
_PHONE_LIKE = re.compile(r"\+?\d[\d\s\-()]*")


def _read_jsonl(ctx: _Context, head: str, chunks: Iterator[str]) -> Iterator[Event | Skipped]:
    """The journal's own export (method, direction, at, …) or scan-style messages."""
    # a JSON-escaped text (\\uXXXX per character) is up to six times its length
    voided: dict[int, bytes | None] = {}
    """Our export's entries that a later void marker names: seq -> dedupe key."""
    seen: set[bytes] = set()
    """The keys of the export's entries so far (identical entries share one)."""
    for item in json_objects(chunks, ctx.file, 6 * _FIELD_LIMIT + 4096, _FIELD_LIMIT):
        if isinstance(item, Skipped):
            yield item
            continue
        where, obj = item
        try:
            if all(key in obj for key in _EVENT_KEYS):
                event = _export_voids(obj, _journal_event(ctx, where, obj), voided, seen)
            else:
                event = _message_event(ctx, where, obj)
            why = not_text(event)  # JSON, alone among the formats, can hold "\udcb6"
            yield event if why is None else ctx.skip(where, why)
        except ValueError as err:
            yield ctx.skip(where, str(err))


def _export_voids(obj: dict[str, Any], event: Event, voided: dict[int, bytes | None],
                  seen: set[bytes]) -> Event:
    """Keep an export's voids as voids: remember the key of an entry that a later
    marker voids (``voided_by``), and turn a marker (``void_of``) into an Event
    that names its entry by that key (store.Journal.import_events resolves it).

    Two identical entries (the same call logged twice by hand) share a key and
    become one entry on import; a void of one of them is ambiguous, so it is
    skipped with a reason rather than guessed."""
    from overdue_cli.journal.store import dedupe_key, event_values

    seq, void_of, voided_by = obj.get("seq"), obj.get("void_of"), obj.get("voided_by")
    if void_of is not None:
        if isinstance(void_of, bool) or not isinstance(void_of, int):
            raise ValueError(f"void_of {quote(void_of)} is not an entry number")
        if void_of not in voided:
            raise ValueError(f"voids entry #{void_of}, which is not earlier in this file")
        key = voided.pop(void_of)
        if key is None:
            raise ValueError(f"voids entry #{void_of}, one of identical entries that "
                             "import as one; void it by hand if it is still wrong")
        reason = obj.get("reason")
        return replace(event, voids=key, reason=reason if isinstance(reason, str) else None)
    key = dedupe_key(event_values(event, 0))
    if voided_by is not None and isinstance(seq, int) and not isinstance(seq, bool):
        voided[seq] = None if key in seen else key
    seen.add(key)
    return event


def _string(obj: dict[str, Any], key: str, choices: tuple[str, ...] | None = None
            ) -> str | None:
    """An optional string field (numbers allowed for numbers), checked against ``choices``."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and key.startswith("number"):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{key} {quote(value)} is not a string")
    text = _present(value)
    if text is not None and choices is not None and text not in choices:
        raise ValueError(f"{key} {quote(value)} is not one of {', '.join(choices)}")
    return text


def _journal_event(ctx: _Context, where: str, obj: dict[str, Any]) -> Event:
    """The shape ``overdue log export`` writes: Event's own field names."""
    method = _string(obj, "method")
    if method is None:
        raise ValueError("method is empty")
    if ctx.methods is not None and method not in ctx.methods:
        from overdue_cli.text import closest

        near = closest(method, sorted(ctx.methods), 1)
        raise ValueError(f"method {quote(method)} is not a method id"
                         + (f" (did you mean '{near[0]}'?)" if near else ""))
    direction = _string(obj, "direction", DIRECTIONS)
    if direction is None:
        raise ValueError("direction is empty")
    at = _json_time(obj.get("at"), "at", ctx.tz)
    duration = obj.get("duration_s")
    if duration is not None and (isinstance(duration, bool) or not isinstance(duration, int)
                                 or duration < 0):
        raise ValueError(f"duration_s {quote(duration)} is not a whole number of seconds")
    third_party = obj.get("third_party", False)
    if not isinstance(third_party, bool):
        raise ValueError(f"third_party {quote(third_party)} is not true or false")
    raw = _string(obj, "number_raw") or _string(obj, "number")
    number, raw = _numbers(raw)
    return Event(method=method, direction=direction, at=at, source=ctx.source(where),
                 number=number, number_raw=raw, name=_string(obj, "name"),
                 platform=_string(obj, "platform"), text=_string(obj, "text"),
                 note=_string(obj, "note"), duration_s=duration,
                 outcome=_string(obj, "outcome", OUTCOMES), kind=_string(obj, "kind"),
                 third_party=third_party, attachments=_attachments(obj.get("attachments")))


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _attachments(value: Any) -> tuple[Attachment, ...]:
    """An export's attachment references, checked (the files themselves are not read)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("attachments is not a list")
    out = []
    for item in value:
        if not isinstance(item, dict):
            raise ValueError("an attachment is not an object")
        path, digest, size = item.get("path"), item.get("sha256"), item.get("size")
        if not isinstance(path, str) or not path:
            raise ValueError("an attachment has no path")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise ValueError(f"attachment {quote(path)} has no valid sha256")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError(f"attachment {quote(path)} has no valid size")
        out.append(Attachment(path, digest, size))
    return tuple(out)


def _message_event(ctx: _Context, where: str, obj: dict[str, Any]) -> Event:
    """A scan-style message (text, time, sender under their usual names): an SMS received."""
    text, when, sender = lookup(obj, _MESSAGE_NAMES)
    if text is None or text[1] is None:
        raise ValueError("neither a journal event (method, direction, at) nor a message "
                         f"(one of {', '.join(TEXT_NAMES[:4])} …)")
    if not isinstance(text[1], str):
        raise ValueError(f"{text[0]} is not a string")
    if when is None or when[1] is None:
        raise ValueError("no time (a message needs one of time, date, timestamp …)")
    at = _json_time(when[1], when[0], ctx.tz)
    who = None
    if sender is not None and sender[1] is not None:
        if isinstance(sender[1], bool) or not isinstance(sender[1], str | int):
            raise ValueError(f"{sender[0]} {quote(sender[1])} is not a string or a number")
        who = _present(str(sender[1]))
    phone = who is not None and _PHONE_LIKE.fullmatch(who) is not None
    number, raw = _numbers(who) if phone else (None, None)
    body = text[1] if text[1].strip() else None
    return Event(method="sms", direction="in", at=at, source=ctx.source(where), number=number,
                 number_raw=raw, name=None if phone else who, text=body, kind="sms")


def _json_time(value: object, key: str, tz: tzinfo) -> datetime:
    try:
        at = parse_time(value, tz)
    except (ValueError, OverflowError):
        at = None
    if at is None:
        raise ValueError(f"{key} {quote(value)} is not a time")
    return at


_Reader = Callable[[_Context, str, Iterator[str]], Iterator[Event | Skipped]]
_READERS: dict[str, _Reader] = {
    "sms-xml": _read_sms_xml, "calls-xml": _read_calls_xml, "wechat-csv": _read_wechat_csv,
    "calls-csv": _read_table(_call_row), "messages-csv": _read_table(_message_row),
    "jsonl": _read_jsonl,
}
assert set(_READERS) == set(IMPORT_FORMATS)
