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

csv, json and defusedxml are imported inside the readers that need them, so
importing this module costs next to nothing on the paths that never scan.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, Protocol

from overdue_cli.errors import UsageProblem
from overdue_cli.readers.records import CHINA_TZ, FORMATS, InputError, Record, Skipped

if TYPE_CHECKING:
    from xml.parsers.expat import XMLParserType

__all__ = [
    "CsvTable", "DecodedInput", "ReadOptions", "XmlTarget", "check_encoding", "check_readable",
    "column_index", "csv_table", "decode_input", "detect_format", "json_objects", "lookup",
    "open_input", "open_problem", "parse_time", "quote", "read_bytes", "read_text_argument",
    "stream_xml", "xml_attr",
]

_re = re.compile
"""Patterns below are plain strings, compiled on first use (``re`` caches them), so
importing this module compiles none."""

_CHUNK = 64 * 1024
"""Bytes per read. Module-level so tests can shrink it to exercise chunk boundaries."""

_HEAD_LIMIT = 1 << 20
"""Stop looking for the first non-blank character after this many characters."""

_HEAD_WANTED = 4096
"""Non-blank characters detection wants to see (when the input has that many)."""

_ENCODING_HINT = (
    "name the file's encoding with --encoding (for example --encoding gb18030, "
    "--encoding big5 or --encoding utf-16-le)"
)

_ENCODING_EXAMPLES = "utf-8, gb18030, gbk, big5, utf-16-le, utf-16-be"

_NOT_FOR_FILES = frozenset({"undefined", "idna", "punycode", "unicode-escape",
                            "raw-unicode-escape"})
"""Text codecs no file is stored in: ``undefined`` always fails, ``idna`` and
``punycode`` encode domain names (and fail on ordinary text), and the two escape
codecs silently rewrite backslashes in a message (``C:\\new`` to a new line)."""

_BOMS = {"utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE),
         "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)}
"""Encodings whose byte order comes from a byte-order mark, which Python's decoder requires."""

# Column / key names, matched case-insensitively after stripping. The order is the
# preference when a file has more than one of them.
TEXT_NAMES: tuple[str, ...] = (
    "text", "body", "content", "message", "msg", "内容", "短信内容", "消息", "消息内容",
    "信息内容", "StrContent",
)
TIME_NAMES: tuple[str, ...] = (
    "time", "date", "datetime", "timestamp", "时间", "日期", "发送时间", "接收时间",
    "CreateTime", "StrTime",
)
SENDER_NAMES: tuple[str, ...] = (
    "sender", "from", "address", "number", "phone", "号码", "手机号", "发件人", "发送方",
    "对方号码", "NickName", "Remark", "TalkerId",
)
ID_NAMES: tuple[str, ...] = ("id", "localId", "_id", "message_id")
_DATE_ONLY_NAMES = "date", "日期"
"""A file with both a date and a time column often splits one timestamp across them."""

_TEXT_FOLDED = frozenset(n.casefold() for n in TEXT_NAMES)
_WECHAT_COLUMNS = frozenset(
    {"localid", "talkerid", "type", "issender", "createtime", "strcontent"}
)
"""The header of a WeChatMsg CSV export, which needs its own rules (see _csv_columns)."""


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


# --------------------------------------------------------------------------- entry points


def open_input(arg: str, options: ReadOptions) -> Iterator[Record | Skipped]:
    """Records from ``arg``: ``-`` for standard input, else a path to a file.

    A path that cannot be opened and invalid options are reported at once (not at
    the first ``next``), so a command given several files fails before any output.
    """
    _check_options(options)
    if arg == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise UsageProblem("<stdin>: no standard input to read",
                               "pipe an export in, or name a file")
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
        raise _open_problem(path, err, stdin) from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageProblem(f"{path}: is a directory, not a file",
                           "name the exported file inside it")
    if not os.access(path, os.R_OK):
        raise _open_problem(path, PermissionError(), stdin)
    return info


def read_text_argument(text: str, options: ReadOptions) -> Iterator[Record | Skipped]:
    """A message given on the command line: blank-line separated, like text on stdin.

    Always read as plain text (an argument is a message, never an export), so no
    format or encoding detection applies.
    """
    _check_options(options)
    source = "<argument>"
    if not text.strip():
        raise UsageProblem(f"{source}: empty input: no messages to scan",
                           "give the text of a message to scan")
    return _read_text([text], source, options.max_message_chars)


def read_bytes(stream: BinaryIO, source: str, options: ReadOptions) -> Iterator[Record | Skipped]:
    """The workhorse: detect the encoding and the format from the content, then dispatch.

    ``stream`` is read in chunks and never closed here (the caller owns it).
    """
    _check_options(options)
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
    if _looks_like_csv(start):
        return "csv"
    return "text"


# --------------------------------------------------------------------------- options, paths


def _check_options(options: ReadOptions) -> None:
    """Fail fast, as a usage problem, on options no input could satisfy."""
    if options.format is not None and options.format not in FORMATS:
        from overdue_cli.text import closest

        near = closest(options.format, list(FORMATS), 1)
        raise UsageProblem(
            f"--format takes one of {', '.join(FORMATS)}, got '{options.format}'",
            f"did you mean '{near[0]}'?" if near else "leave it out to detect the format",
        )
    if options.encoding is not None:
        check_encoding(options.encoding)
    if options.max_message_chars < 1:
        raise UsageProblem(
            f"the message size limit must be at least 1, got {options.max_message_chars}")


def check_encoding(name: str) -> str:
    """The codec name for ``--encoding NAME``, or a UsageProblem (exit 2) when it is not
    an encoding a file's text can be stored in.

    ``codecs.lookup`` also finds codecs that turn bytes into bytes (base64, hex, zlib,
    rot13 …), which the stdlib marks as not text encodings; those, and the few text
    codecs no file uses (see _NOT_FOR_FILES), are refused here, before any input is read.
    """
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        raise UsageProblem(f"--encoding: unknown encoding '{name}' (未知的编码)",
                           f"for example: {_ENCODING_EXAMPLES}") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FOR_FILES:
        raise UsageProblem(
            f"--encoding: '{name}' is not an encoding of text files (不是文本编码)",
            f"name how the file's characters are stored, for example: {_ENCODING_EXAMPLES}")
    return info.name


def _open_problem(path: str, err: OSError, stdin: bool = True) -> UsageProblem:
    """The one-line usage problem for a file we cannot open: the user named it."""
    if isinstance(err, FileNotFoundError | NotADirectoryError):
        return UsageProblem(f"{path}: no such file",
                            "check the path (use - for standard input)" if stdin
                            else "check the path")
    if isinstance(err, IsADirectoryError):
        return UsageProblem(f"{path}: is a directory, not a file",
                            "name the exported file inside it")
    if isinstance(err, PermissionError):
        return UsageProblem(f"{path}: permission denied", "check the file's permissions")
    return UsageProblem(f"{path}: cannot open ({err.strerror or err})")


open_problem = _open_problem
"""Public name of _open_problem, for the journal importers."""


def _read_path(path: str, options: ReadOptions) -> Iterator[Record | Skipped]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below, inside the generator
    except OSError as err:
        raise _open_problem(path, err) from None
    with handle:
        yield from _read_bytes(handle, path, options)


# --------------------------------------------------------------------------- bytes → text


def _read(stream: BinaryIO, source: str, size: int) -> bytes:
    try:
        data = stream.read(size)
    except OSError as err:
        raise InputError(f"{source}: cannot read ({err.strerror or err})") from None
    return data or b""


def _read_first(stream: BinaryIO, source: str) -> tuple[bytes, bool]:
    """A full first chunk (pipes return short reads) and whether the input ended in it."""
    parts: list[bytes] = []
    got = 0
    while got < _CHUNK:
        data = _read(stream, source, _CHUNK - got)
        if not data:
            return b"".join(parts), True
        parts.append(data)
        got += len(data)
    return b"".join(parts), False


def _first_bad_byte(data: bytes, encoding: str, final: bool) -> int | None:
    """Offset of the first byte ``data`` cannot be decoded at, or None if it all decodes."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final)
    except UnicodeDecodeError as err:
        return err.start
    return None


_CONTROL = r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]"
"""Control characters text never has; tab, line breaks and ESC (colour codes) excluded."""


def _binary(source: str, offset: int, hint: str | None = None) -> InputError:
    return InputError(f"{source}: looks like binary data, not text or an export "
                      f"(byte offset {offset})",
                      hint or "scan reads text, JSONL, CSV or SMS Backup & Restore XML")


def _mostly_control(data: bytes | str) -> int | None:
    """Index of the first control character if they are over 10% of the sample, else None."""
    sample = data[:_CHUNK]
    if isinstance(sample, bytes):
        sample = sample.decode("latin-1")
    found = _re(_CONTROL).findall(sample)
    if not found or len(found) * 10 <= len(sample):
        return None
    match = _re(_CONTROL).search(sample)
    return match.start() if match else None


def _choose_encoding(first: bytes, at_eof: bool, source: str, encoding: str | None,
                     binary_hint: str | None = None) -> str:
    """The encoding from the first chunk: a BOM, else UTF-8 if it decodes, else GB18030.

    SMS Backup & Restore and most tools write UTF-8; Chinese Windows tools (and Excel's
    "CSV") write GBK, which GB18030 extends, so those two cover nearly every export.
    """
    if encoding:
        name = check_encoding(encoding)
        if name == "utf-8" and first.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if name in _BOMS and not first.startswith(_BOMS[name]):
            # Python's decoder refuses these without a BOM; guessing the byte order
            # could turn the text into plausible-looking garbage, so ask
            raise InputError(
                f"{source}: --encoding {encoding} needs a byte-order mark at the start of "
                f"the input, and it has none (缺少字节顺序标记)",
                f"name the byte order: --encoding {name}-le (the usual one) or "
                f"--encoding {name}-be")
        return name
    if first.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text"
    nul = first.find(b"\0")
    if nul != -1:
        raise _binary(source, nul,
                      "if it is UTF-16 text without a byte-order mark, use --encoding "
                      "utf-16-le (or utf-16-be)")
    # final=False: a character cut at the chunk's end (or the file's) is no evidence against
    # UTF-8; at the end of the file it is then reported as an error with its offset
    bad = _first_bad_byte(first, "utf-8", False)
    if bad is None:
        return "utf-8"
    gb_bad = _first_bad_byte(first, "gb18030", at_eof)
    if gb_bad is None:
        return "gb18030"
    control = _mostly_control(first)
    if control is not None:
        raise _binary(source, control, binary_hint)
    if max(bad, gb_bad) == 0:
        raise InputError(f"{source}: not valid UTF-8 or GB18030 text at byte offset 0",
                         _ENCODING_HINT)
    # a fault after some good text: read that text in the encoding that reads more of
    # it, so the messages before the fault are still reported, then the fault
    return "utf-8" if bad >= gb_bad else "gb18030"


def _label(encoding: str) -> str:
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GB18030",
            "utf-16": "UTF-16"}.get(encoding, encoding)


def _bom_length(encoding: str) -> int:
    return {"utf-8-sig": 3, "utf-16": 2}.get(encoding, 0)


def _byte_offset(prefix: str, encoding: str) -> int:
    """Where ``prefix`` ends in the original bytes (for error messages only)."""
    base = "utf-16-le" if encoding == "utf-16" else "utf-8" if encoding == "utf-8-sig" else encoding
    return _bom_length(encoding) + len(prefix.encode(base, "replace"))


def _decode(stream: BinaryIO, first: bytes, encoding: str, source: str) -> Iterator[str]:
    """Decoded text chunks. At an undecodable byte: yield the text before it, then raise.

    Records completed before the bad byte reach the caller; the one it falls in is
    dropped with the exception, as it cannot be read whole.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    fed = 0  # bytes handed to the decoder so far, not counting ``data``
    data = first
    while True:
        final = not data
        try:
            text = decoder.decode(data, final)
        except UnicodeDecodeError as err:
            # err.object is the decoder's pending bytes followed by ``data``
            offset = fed + len(data) - len(err.object) + err.start
            good = _good_prefix(decoder, data, err, encoding)
            if good:
                yield good
            raise InputError(f"{source}: not valid {_label(encoding)} text at byte offset {offset}",
                             _ENCODING_HINT) from None
        except UnicodeError as err:  # a codec that fails without saying where
            raise InputError(f"{source}: cannot be read as {_label(encoding)} text ({err})",
                             _ENCODING_HINT) from None
        fed += len(data)
        if text:
            yield text
        if final:
            return
        data = _read(stream, source, _CHUNK)


def _good_prefix(decoder: codecs.IncrementalDecoder, data: bytes, err: UnicodeDecodeError,
                 encoding: str) -> str:
    """The text that decodes cleanly before a decoding error."""
    if isinstance(decoder, codecs.BufferedIncrementalDecoder):
        # keeps its pending bytes and state (byte order, BOM) when decode() raises
        cut = err.start - (len(err.object) - len(data))
        try:
            return decoder.decode(data[:cut]) if cut > 0 else ""
        except UnicodeError:
            return ""
    try:
        return bytes(err.object[:err.start]).decode(encoding)
    except UnicodeError:
        return ""


class DecodedInput(NamedTuple):
    """An input decoded to text: its head, for detection, and all of it, in chunks."""

    head: str
    """The start of the text: enough non-blank characters to detect a format from (or all
    of a small input); blank only when the whole input is."""
    chunks: Iterator[str]
    """All of the text, the head included. Raises InputError at an undecodable byte,
    after the text before it."""
    encoding: str


def decode_input(stream: BinaryIO, source: str, encoding: str | None = None,
                 binary_hint: str | None = None) -> DecodedInput:
    """Detect the encoding (unless named), decode, and peek at the head; reject binary data.

    Shared by scan and the journal importers, so both read exactly the same text from
    the same bytes. ``binary_hint`` replaces scan's hint when the input is binary.
    """
    if encoding is not None:
        check_encoding(encoding)  # whoever calls, no codec that is not for text gets here
    first, at_eof = _read_first(stream, source)
    if not first:
        return DecodedInput("", iter(()), encoding or "utf-8")
    chosen = _choose_encoding(first, at_eof, source, encoding, binary_hint)
    chunks = _decode(stream, first, chosen, source)
    peeked: list[str] = []
    size = 0
    seen = 0
    deferred: InputError | None = None
    try:
        for text in chunks:  # enough of a start to detect from, past any leading blank space
            peeked.append(text)
            size += len(text)
            seen += len(text) if seen else len(text.lstrip())
            if seen >= _HEAD_WANTED or size >= _HEAD_LIMIT:
                break
    except InputError as err:
        deferred = err  # a bad byte early on: the records before it still come first
    head = "".join(peeked)
    if not head.strip():
        if deferred is not None:
            raise deferred
        return DecodedInput(head, iter(()), chosen)
    nul = head.find("\0")
    control = nul if nul != -1 else _mostly_control(head)
    if control is not None:
        raise _binary(source, _byte_offset(head[:control], chosen), binary_hint)
    return DecodedInput(head, _chain(peeked, chunks, deferred), chosen)


def _read_bytes(stream: BinaryIO, source: str, options: ReadOptions
                ) -> Iterator[Record | Skipped]:
    head, stream_text, _ = decode_input(stream, source, options.encoding)
    if not head.strip():
        raise _empty(source)
    fmt = options.format or detect_format(head)
    if fmt == "text" and options.format is None and options.text_column:
        first_line = head.lstrip().split("\n", 1)[0]
        if any(d in first_line for d in ",\t;"):
            fmt = "csv"  # naming a column says it is a table, even one detection doubts
    limit = options.max_message_chars
    if fmt == "text":
        yield from _read_text(stream_text, source, limit)
    elif fmt == "jsonl":
        yield from _read_jsonl(stream_text, source, options)
    elif fmt == "csv":
        yield from _read_csv(stream_text, head, source, options)
    else:
        yield from _read_sms_xml(stream_text, source, options)


def _empty(source: str) -> UsageProblem:
    return UsageProblem(f"{source}: empty input: no messages to scan",
                        "check that the export finished writing")


def _chain(first: list[str], rest: Iterator[str], error: InputError | None) -> Iterator[str]:
    yield from first
    first.clear()  # let the peeked head go once consumed
    if error is not None:
        raise error
    yield from rest


# --------------------------------------------------------------------------- lines


class _Line(NamedTuple):
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


def _split_lines(chunks: Iterable[str], cap: int) -> Iterator[_Line]:
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
                yield _Line(piece, len(piece), False, True, True, 0)  # the common case
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
                yield _Line("".join(parts), size, cut, True, tail_blank, tail_quotes)
                parts = []
                size = 0
                cut = False
                tail_blank = True
                tail_quotes = 0
    if size:
        yield _Line("".join(parts), size, cut, False, tail_blank, tail_quotes)


def _too_long(size: int, limit: int, what: str = "message") -> str:
    return (f"{what} is {size:,} characters long; "
            f"messages longer than {limit:,} characters are skipped")


# --------------------------------------------------------------------------- text


def _read_text(chunks: Iterable[str], source: str, limit: int) -> Iterator[Record | Skipped]:
    """Messages separated by blank lines; positions are the message's first line."""
    parts: list[str] = []
    first = 0  # line number the open message starts on; 0 = none open
    size = 0
    too_long = False
    for number, line in enumerate(_split_lines(chunks, limit), 1):
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
        return Skipped(source, position, _too_long(size, limit))
    return Record(text="\n".join(parts).rstrip(), source=source, position=position)


# --------------------------------------------------------------------------- times


_EPOCH_TEXT = r"\d{9,}(?:\.\d+)?|\d+\.\d+"
_LOOSE_DATE = (
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:：时時点點]\s*(\d{1,2})\s*分?"
    r"(?:\s*[:：]?\s*(\d{1,2})(?:\.(\d{1,6}))?\s*秒?)?)?"
)


def _epoch(number: float, tz: tzinfo = CHINA_TZ) -> datetime:
    """Seconds, or milliseconds when too large to be seconds (beyond the year 5138)."""
    if number != number or number < 0:  # NaN or before 1970
        raise ValueError("not a time")
    try:
        if isinstance(number, int):
            if number > 100_000_000_000:
                seconds, millis = divmod(number, 1000)
                return datetime.fromtimestamp(seconds, tz) + timedelta(milliseconds=millis)
            return datetime.fromtimestamp(number, tz)
        seconds = number / 1000 if number > 1e11 else number
        return datetime.fromtimestamp(seconds, tz)
    except (OverflowError, OSError, ValueError):
        raise ValueError("out of range") from None


def _parse_time(value: object, tz: tzinfo = CHINA_TZ) -> datetime | None:
    """A time from an export: epoch seconds or milliseconds, ISO 8601, or 2024/1/2 13:05.

    Naive times are taken as ``tz`` (China time unless told). Raises ValueError when it
    is not a time.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("not a time")
    if isinstance(value, int | float):
        return _epoch(value, tz)
    if not isinstance(value, str):
        raise ValueError("not a time")
    text = value.strip()
    if not text:
        return None
    # an ISO time has a - or a :, which an epoch never has: skip that test then
    if "-" not in text and ":" not in text and _re(_EPOCH_TEXT).fullmatch(text):
        return _epoch(float(text) if "." in text else int(text), tz)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        match = _re(_LOOSE_DATE).fullmatch(text)
        if not match:
            raise
        year, month, day, hour, minute, second, fraction = match.groups()
        when = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                        int(second or 0), int((fraction or "0").ljust(6, "0")))
    return when if when.tzinfo else when.replace(tzinfo=tz)


parse_time = _parse_time
"""Public name of _parse_time, for the journal importers."""


def _quote(value: object, width: int = 40) -> str:
    """A field value for a reason line: quoted, shortened, one line."""
    text = str(value).replace("\n", " ")
    return "'" + (text if len(text) <= width else text[: width - 1] + "…") + "'"


quote = _quote
"""Public name of _quote: how a bad value is shown in a Skipped reason."""


# --------------------------------------------------------------------------- JSONL


def _lookup(obj: dict[str, Any], groups: tuple[tuple[str, ...], ...]
            ) -> list[tuple[str, Any] | None]:
    """For each group of names, the first present in ``obj`` (exactly, else ignoring case).

    Keys are folded only when an exact name is missing, and then once per object.
    """
    found: list[tuple[str, Any] | None] = []
    folded: dict[str, str] | None = None
    for names in groups:
        hit: tuple[str, Any] | None = None
        for name in names:
            if name in obj:
                hit = name, obj[name]
                break
        else:
            if folded is None:
                folded = {key.casefold(): key for key in obj if isinstance(key, str)}
            for name in names:
                key = folded.get(name.casefold())
                if key is not None:
                    hit = key, obj[key]
                    break
        found.append(hit)
    return found


lookup = _lookup
"""Public name of _lookup: JSON keys by the usual names (TEXT_NAMES, TIME_NAMES, ...)."""


class _KeyLookup:
    """``_lookup`` for one set of name groups, remembering its answer for each
    sequence of keys: an export's objects nearly all have the same keys, and
    working the answer out (case-folding every key when a name is missing)
    was a fifth of the time spent reading a JSONL file."""

    _KEPT = 64
    """Key sequences remembered (then the memory starts afresh)."""
    _MAX_KEYS = 32
    """Objects with more keys are looked up afresh, so memory stays small."""

    def __init__(self, groups: tuple[tuple[str, ...], ...]) -> None:
        self.groups = groups
        self._keys: dict[tuple[str, ...], list[str | None]] = {}

    def __call__(self, obj: dict[str, Any]) -> list[tuple[str, Any] | None]:
        if len(obj) > self._MAX_KEYS:  # not an export's record: not worth keeping
            return _lookup(obj, self.groups)
        keys = tuple(obj)
        names = self._keys.get(keys)
        if names is None:
            if len(self._keys) >= self._KEPT:
                self._keys.clear()
            names = self._keys[keys] = [None if found is None else found[0]
                                        for found in _lookup(dict.fromkeys(keys), self.groups)]
        return [None if name is None else (name, obj[name]) for name in names]


def _scalar(found: tuple[str, Any] | None) -> str | None:
    """A sender or id as text; numbers become strings (phone numbers often are)."""
    if found is None or found[1] is None:
        return None
    value = found[1]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{found[0]} is not a string or a number")
    text = str(value)
    return text if text.strip() else None


def _read_jsonl(chunks: Iterable[str], source: str, options: ReadOptions
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
    find = _KeyLookup(names)
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
    for number, line in enumerate(_split_lines(chunks, cap), 1):
        where = f"line {number}"
        text = line.text
        if line.cut:
            if not (line.tail_blank and not text.strip()):
                yield Skipped(source, where, _too_long(line.size, limit, "record"))
            continue
        if not text or text.isspace():
            continue
        try:
            # json.loads refuses a byte-order mark with its own message: let it say so
            obj = json.loads(text) if text.startswith("\ufeff") else decode(text)
        except ValueError as err:
            detail = (f"{err.msg} at column {err.colno}" if isinstance(err, json.JSONDecodeError)
                      else str(err))
            yield Skipped(source, where, f"not JSON ({detail})")
            continue
        except RecursionError:
            yield Skipped(source, where, "not JSON (nested too deeply)")
            continue
        if not isinstance(obj, dict):
            yield Skipped(source, where, f"not a JSON object (a {type(obj).__name__})")
            continue
        yield where, obj


def _json_record(obj: dict[str, Any], source: str, where: str, limit: int,
                 names: tuple[tuple[str, ...], ...],
                 find: _KeyLookup | None = None) -> Record | Skipped:
    found, when, sender, ident = find(obj) if find is not None else _lookup(obj, names)
    if found is None or found[1] is None:
        return Skipped(source, where,
                       f"no text field (expected one of {', '.join(names[0])})")
    key, text = found
    if not isinstance(text, str):
        return Skipped(source, where, f"{key} is not a string")
    if not text.strip():
        return Skipped(source, where, f"{key} is empty")
    if len(text) > limit:
        return Skipped(source, where, _too_long(len(text), limit))
    try:
        time = _parse_time(when[1]) if when else None
    except ValueError:
        assert when is not None
        return Skipped(source, where, f"{when[0]} {_quote(when[1])} is not a date")
    try:
        return Record(text=text, source=source, position=where, id=_scalar(ident), time=time,
                      sender=_scalar(sender))
    except ValueError as err:
        return Skipped(source, where, str(err))


# --------------------------------------------------------------------------- CSV


def _sniff_delimiter(line: str) -> str:
    """Comma, tab or semicolon: whichever the header line has most of (comma on a tie)."""
    counts = {d: line.count(d) for d in (",", "\t", ";")}
    return max(counts, key=lambda d: counts[d])


_NAME_LIKE = r"[\w .()（）/#-]{1,40}"


def _looks_like_csv(start: str) -> bool:
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
    if len(set(fields)) != len(fields) or not all(_re(_NAME_LIKE).fullmatch(f) for f in fields):
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


def _column(names: list[str], wanted: str, flag: str, source: str) -> int:
    """The index of a column the user named; a missing one is a usage problem."""
    if wanted in names:
        return names.index(wanted)
    folded = [n.casefold() for n in names]
    if wanted.strip().casefold() in folded:
        return folded.index(wanted.strip().casefold())
    from overdue_cli.text import closest

    near = closest(wanted, names, 1)
    listed = ", ".join(names)
    raise UsageProblem(
        f"{source}: no column '{wanted}' ({flag})",
        f"the columns are: {listed}" + (f"; did you mean '{near[0]}'?" if near else ""),
    )


column_index = _column
"""Public name of _column: the index of a column the user named (UsageProblem if none)."""


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
            return _column(names, wanted, flag, source)
        return _find(folded, default)

    if wechat:
        # WeChatMsg: CreateTime is Unix seconds (StrTime is its local rendering);
        # Remark / NickName / Sender are filled per row depending on the chat type.
        text = pick(options.text_column, "--text-column", ("StrContent",))
        time = pick(options.time_column, "--time-column", ("CreateTime",))
        fallback = None if options.time_column else _find(folded, ("StrTime",))
        if options.sender_column:
            senders: tuple[int, ...] = (_column(names, options.sender_column,
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


def _csv_lines(lines: Iterator[_Line], cut_lines: list[int]) -> Iterator[str]:
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


def _read_csv(chunks: Iterable[str], head: str, source: str, options: ReadOptions
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
    lines = _csv_lines(_split_lines(chunks, cap), cut_lines)
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    row_number = 0
    header: list[str] | None = None
    while header is None:
        try:
            row = next(reader)
        except StopIteration:
            raise _empty(source) from None
        except csv.Error as err:
            raise InputError(f"{source}: the header row is not valid CSV ({err})") from None
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
            yield Skipped(source, f"row {row_number}", f"not valid CSV ({err})")
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
                          f"messages longer than {limit:,} characters are skipped")
            continue
        if len(row) != width:
            yield Skipped(source, where, f"has {len(row)} fields; the header has {width}")
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
        return Skipped(source, where, "empty message text")
    limit = options.max_message_chars
    if len(text) > limit:
        return Skipped(source, where, _too_long(len(text), limit))
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
            return _parse_time(value)
    except ValueError:
        pass
    if columns.date is not None:  # "date" and "time" columns holding halves of one time
        try:
            return _parse_time(f"{row[columns.date].strip()} {value}")
        except ValueError:
            pass
    if columns.fallback_time is not None:
        try:
            return _parse_time(row[columns.fallback_time])
        except ValueError:
            pass
    raise ValueError(f"time {_quote(value)} is not a date")


# --------------------------------------------------------------------------- SMS Backup XML


_HIGH_DEC = r"0*(?:5529[6-9]|55[3-9]\d\d|56[0-2]\d\d|563[01]\d)"
_LOW_DEC = r"0*(?:5632\d|563[3-9]\d|56[4-9]\d\d|57[0-2]\d\d|573[0-3]\d|5734[0-3])"
_HIGH_HEX = r"[xX]0*[dD][89abAB][0-9a-fA-F]{2}"
_LOW_HEX = r"[xX]0*[dD][c-fC-F][0-9a-fA-F]{2}"
_SURROGATE_PAIR = (
    rf"&#(?:{_HIGH_HEX}|{_HIGH_DEC});&#(?:{_LOW_HEX}|{_LOW_DEC});"
)
_LONE_SURROGATE = rf"&#(?:{_HIGH_HEX}|{_HIGH_DEC}|{_LOW_HEX}|{_LOW_DEC});"
_HIGH_AT_END = rf"&#(?:{_HIGH_HEX}|{_HIGH_DEC});\Z"
_REF_NUMBER = r"&#([xX]?)([0-9a-fA-F]+);"
_REF_TAIL = (
    r"&(?:#(?:[xX][0-9a-fA-F]*|[0-9]*)"
    r"(?:;(?:&(?:#(?:[xX][0-9a-fA-F]*|[0-9]*);?)?)?)?)?\Z"
)
"""A character reference (or two) the chunk may have cut: held back to the next chunk."""


def _ref_value(ref: str) -> int:
    match = _re(_REF_NUMBER).fullmatch(ref)
    assert match is not None
    return int(match.group(2), 16 if match.group(1) else 10)


def _join_pair(match: re.Match[str]) -> str:
    text = match.group(0)
    split = text.index(";") + 1
    high, low = _ref_value(text[:split]), _ref_value(text[split:])
    return f"&#{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)};"


def _fix_refs(text: str) -> str:
    """Surrogate-pair references (``&#55357;&#56832;``) as one reference (``&#128512;``).

    Some Android exports write emoji that way, which XML forbids and expat rejects;
    an unpaired half cannot be repaired and becomes U+FFFD (the replacement character).
    """
    if "&#" not in text:
        return text
    text = _re(_SURROGATE_PAIR).sub(_join_pair, text)
    return _re(_LONE_SURROGATE).sub("&#65533;", text)


def _fixed_refs(chunks: Iterable[str]) -> Iterator[str]:
    pending = ""
    for chunk in chunks:
        text = pending + chunk
        tail = _re(_REF_TAIL).search(text, max(0, len(text) - 40))
        cut = tail.start() if tail else len(text)
        high = _re(_HIGH_AT_END).search(text, max(0, cut - 20), cut)
        if high:  # never part a pair: hold back its first half too
            cut = high.start()
        pending = text[cut:]
        if cut:
            yield _fix_refs(text[:cut])
    if pending:
        yield _fix_refs(pending)


def _attr(attrib: dict[str, str], name: str) -> str | None:
    """An attribute, with SMS Backup & Restore's literal "null" meaning missing."""
    value = attrib.get(name)
    return None if value is None or value == "null" else value


xml_attr = _attr
"""Public name of _attr, for the journal importers."""


class XmlTarget(Protocol):
    """What stream_xml drives: expat's element callbacks, and a queue it drains per chunk."""

    count: int
    """Records started so far (for the message when the XML ends early)."""
    expat: XMLParserType | None
    """Set by stream_xml to the underlying parser (for line numbers)."""

    def start(self, tag: str, attrib: dict[str, str]) -> None: ...

    def end(self, tag: str) -> None: ...

    def drain(self) -> list[Any]: ...


class _NoTarget:
    """Placeholder target: stream_xml installs the real callbacks on expat itself."""

    def close(self) -> None:
        return None


def stream_xml(chunks: Iterable[str], source: str, target: XmlTarget,
               noun: str = "message element(s)") -> Iterator[Any]:
    """What ``target`` makes of an XML stream, drained after each chunk fed.

    The parser is defusedxml's (entity declarations and external references refused;
    any other DTD is refused here),
    but ``target``'s methods are installed as expat's callbacks directly, with plain
    dict attributes: ElementTree's Python-level ``_start`` (which renames every
    attribute of every element) costs more than the rest of an import together.
    Surrogate-pair references are repaired on the way in (see _fix_refs). A truncated
    or malformed document raises InputError after everything before the fault.
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml import EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import DefusedXMLParser

    parser = DefusedXMLParser(target=_NoTarget(), forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    expat = parser.parser
    expat.ordered_attributes = False
    expat.StartElementHandler = target.start
    expat.EndElementHandler = target.end
    # Text between elements carries nothing in these exports (all is in attributes).
    # Without a handler expat hands it to ElementTree's Python-level default handler
    # once per gap; a C builtin that ignores it is the cheapest no-op there is.
    expat.CharacterDataHandler = len
    # No phone export has a DTD, and one can change what the file says: an ATTLIST
    # default fills in attributes (a message's body) that no record contains. Entity
    # declarations are refused by defusedxml as soon as they are read (with their own
    # message); anything else in a DTD is refused where it ends, before any element.
    expat.EndDoctypeDeclHandler = lambda: _refuse_dtd(source)
    target.expat = expat
    drain = target.drain
    try:
        for chunk in _fixed_refs(chunks):
            parser.feed(chunk)
            yield from drain()
        parser.close()
        yield from drain()
    except ParseError as err:
        yield from drain()
        line, column = err.position
        raise InputError(
            f"{source}: XML ends early or is malformed at line {line}, column {column + 1}",
            f"{target.count:,} {noun} read before it; an unfinished export or a "
            "damaged copy — export again if you can",
        ) from None
    except EntitiesForbidden as err:
        what = (f"an external entity ('{err.name}')" if err.sysid or err.pubid
                else "entity declarations (possible XML bomb)")
        raise InputError(f"{source}: refuses XML with {what}",
                         "SMS Backup & Restore never writes entities; this file did not "
                         "come from it unchanged") from None
    except ExternalReferenceForbidden:
        raise InputError(f"{source}: refuses XML that references external files",
                         "SMS Backup & Restore never writes them") from None


def _refuse_dtd(source: str) -> None:
    raise InputError(
        f"{source}: refuses XML with a document type declaration (<!DOCTYPE …>) "
        "(不接受带 DTD 的 XML)",
        "SMS Backup & Restore never writes one, and a DTD can supply message text that "
        "is not in the records; export again from the phone")


class _SmsTarget:
    """Expat callbacks (see stream_xml) that turn <sms> and <mms> into records as they close.

    No element tree is built, so memory does not grow with the file; records wait in
    ``out`` until the reader drains them after each chunk it feeds.
    """

    def __init__(self, source: str, options: ReadOptions) -> None:
        self.source = source
        self.options = options
        self.expat: XMLParserType | None = None
        self.depth = 0
        self.count = 0
        self.out: list[Record | Skipped] = []
        self.mms: dict[str, Any] | None = None

    def _where(self) -> str:
        line = self.expat.CurrentLineNumber if self.expat is not None else None
        return f"record {self.count}, line {line}" if line else f"record {self.count}"

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            self._root(tag)
        elif self.depth == 2 and tag in ("sms", "mms"):
            self.count += 1
            if tag == "sms":
                self._sms(attrib, self._where())
            else:
                self.mms = {"attrib": attrib, "where": self._where(), "texts": [],
                            "sender": None}
        elif self.mms is not None:
            if tag == "part" and (_attr(attrib, "ct") or "").lower() == "text/plain":
                text = _attr(attrib, "text")
                if text:
                    self.mms["texts"].append(text)
            elif tag == "addr" and _attr(attrib, "type") == "137":  # 137 = PduHeaders.FROM
                self.mms["sender"] = _attr(attrib, "address")

    def end(self, tag: str) -> None:
        if self.depth == 2 and tag == "mms" and self.mms is not None:
            mms, self.mms = self.mms, None
            self._mms(mms)
        self.depth -= 1

    def drain(self) -> list[Record | Skipped]:
        out, self.out = self.out, []
        return out

    def _root(self, tag: str) -> None:
        if tag == "calls":
            raise UsageProblem(
                f"{self.source}: this is a call log (calls XML), not messages; "
                "`overdue scan` reads messages",
                "back up messages (SMS/MMS) with SMS Backup & Restore and scan that file",
            )
        if tag != "smses":
            tag = tag.rpartition("}")[2]  # expat writes a namespaced name as uri}name
            raise UsageProblem(
                f"{self.source}: XML with root <{tag}> is not an SMS Backup & Restore export",
                "scan reads <smses> exports; for other data use --format text, jsonl or csv",
            )

    def _sms(self, attrib: dict[str, str], where: str) -> None:
        if _attr(attrib, "type") not in (None, "1") and not self.options.include_sent:
            return  # sent, draft, outbox, failed, queued: the user's own messages
        self._emit(_attr(attrib, "body"), attrib, _attr(attrib, "address"), where, "empty body")

    def _mms(self, mms: dict[str, Any]) -> None:
        attrib = mms["attrib"]
        if _attr(attrib, "msg_box") not in (None, "1") and not self.options.include_sent:
            return
        sender = mms["sender"] or _attr(attrib, "address")
        text = "\n".join(mms["texts"])
        self._emit(text, attrib, sender, mms["where"], "MMS without a text part")

    def _emit(self, text: str | None, attrib: dict[str, str], sender: str | None, where: str,
              empty: str) -> None:
        source = self.source
        if not text or not text.strip():
            self.out.append(Skipped(source, where, f"no message text ({empty})"))
            return
        limit = self.options.max_message_chars
        if len(text) > limit:
            self.out.append(Skipped(source, where, _too_long(len(text), limit)))
            return
        date = _attr(attrib, "date")
        time = None
        if date is not None:
            try:
                time = _epoch_millis(date)
            except ValueError:
                self.out.append(Skipped(source, where,
                                        f"date {_quote(date)} is not a time in milliseconds"))
                return
        self.out.append(Record(text=text, source=source, position=where,
                               id=_attr(attrib, "_id"), time=time, sender=sender))


def _epoch_millis(value: str) -> datetime:
    """SMS Backup & Restore's ``date``: always Java milliseconds since 1970."""
    text = value.strip()
    if not text.isdigit():
        raise ValueError("not a number")
    seconds, millis = divmod(int(text), 1000)
    try:
        return datetime.fromtimestamp(seconds, CHINA_TZ) + timedelta(milliseconds=millis)
    except (OverflowError, OSError, ValueError):
        raise ValueError("out of range") from None


def _read_sms_xml(chunks: Iterable[str], source: str, options: ReadOptions
                  ) -> Iterator[Record | Skipped]:
    """An SMS Backup & Restore export, streamed through a defused expat parser.

    Decoded text is fed (not bytes), so expat ignores the declared encoding: a file
    we detected as GB18030 is read as such whatever its declaration says.
    """
    return stream_xml(chunks, source, _SmsTarget(source, options))
