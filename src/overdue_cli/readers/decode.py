"""Bytes to text: the encoding chosen from the content (or named), decoded in chunks.

Why it is built this way:

* Exports are big, so input is read and decoded in 64 KiB chunks; an undecodable
  byte raises InputError *after* the text before it, so the records before it count.
* People rarely know what they have, so the encoding is detected: a byte-order mark,
  else UTF-8 if it decodes, else GB18030 (GBK's superset, which Chinese Windows
  tools write); ``--encoding`` overrides that, but only with an encoding a file's
  text can be stored in (check_encoding).
* Binary data (NUL bytes, mostly control characters) is refused with its offset.

Shared by scan and the journal importers (decode_input), so both read exactly the
same text from the same bytes. Patterns are compiled on first use (``re`` caches
them), so importing this module compiles none.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from overdue_cli.errors import UsageProblem
from overdue_cli.readers.records import InputError

__all__ = ["DecodedInput", "check_encoding", "decode_input"]


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
                           f"for example: {_ENCODING_EXAMPLES}", key="unknown_encoding",
                           hint_key="for_example",
                           params={"name": name, "example": _ENCODING_EXAMPLES}) from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FOR_FILES:
        raise UsageProblem(
            f"--encoding: '{name}' is not an encoding of text files (不是文本编码)",
            f"name how the file's characters are stored, for example: {_ENCODING_EXAMPLES}",
            key="not_text_encoding", hint_key="name_text_encoding",
            params={"name": name, "example": _ENCODING_EXAMPLES})
    return info.name


def _read(stream: BinaryIO, source: str, size: int) -> bytes:
    try:
        data = stream.read(size)
    except OSError as err:
        raise InputError(f"{source}: cannot read ({err.strerror or err})", key="cannot_read",
                         params={"source": source, "why": err.strerror or err}) from None
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


def _binary(source: str, offset: int, hint: str | None = None,
            hint_key: str | None = None) -> InputError:
    return InputError(f"{source}: looks like binary data, not text or an export "
                      f"(byte offset {offset})",
                      hint or "scan reads text, JSONL, CSV or SMS Backup & Restore XML",
                      key="binary_data", hint_key=hint_key if hint else "scan_reads",
                      params={"source": source, "offset": offset})


def _mostly_control(data: bytes | str) -> int | None:
    """Index of the first control character if they are over 10% of the sample, else None."""
    sample = data[:_CHUNK]
    if isinstance(sample, bytes):
        sample = sample.decode("latin-1")
    found = re.compile(_CONTROL).findall(sample)
    if not found or len(found) * 10 <= len(sample):
        return None
    match = re.compile(_CONTROL).search(sample)
    return match.start() if match else None


def _choose_encoding(first: bytes, at_eof: bool, source: str, encoding: str | None,
                     binary_hint: str | None = None, binary_hint_key: str | None = None) -> str:
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
                f"--encoding {name}-be", key="needs_bom", hint_key="needs_bom_hint",
                params={"source": source, "encoding": encoding, "name": name})
        return name
    if first.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text"
    nul = first.find(b"\0")
    if nul != -1:
        raise _binary(source, nul,
                      "if it is UTF-16 text without a byte-order mark, use --encoding "
                      "utf-16-le (or utf-16-be)", "utf16_no_bom_hint")
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
        raise _binary(source, control, binary_hint, binary_hint_key)
    if max(bad, gb_bad) == 0:
        raise InputError(f"{source}: not valid UTF-8 or GB18030 text at byte offset 0",
                         _ENCODING_HINT, key="not_utf8_gb", hint_key="encoding_hint",
                         params={"source": source})
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
                             _ENCODING_HINT, key="not_valid_text", hint_key="encoding_hint",
                             params={"source": source, "encoding": _label(encoding),
                                     "offset": offset}) from None
        except UnicodeError as err:  # a codec that fails without saying where
            raise InputError(f"{source}: cannot be read as {_label(encoding)} text ({err})",
                             _ENCODING_HINT, key="cannot_decode", hint_key="encoding_hint",
                             params={"source": source, "encoding": _label(encoding),
                                     "why": err}) from None

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
                 binary_hint: str | None = None,
                 binary_hint_key: str | None = None) -> DecodedInput:
    """Detect the encoding (unless named), decode, and peek at the head; reject binary data.

    Shared by scan and the journal importers, so both read exactly the same text from
    the same bytes. ``binary_hint`` replaces scan's hint when the input is binary
    (``binary_hint_key``: its text in the CLI's message catalogue).
    """
    if encoding is not None:
        check_encoding(encoding)  # whoever calls, no codec that is not for text gets here
    first, at_eof = _read_first(stream, source)
    if not first:
        return DecodedInput("", iter(()), encoding or "utf-8")
    chosen = _choose_encoding(first, at_eof, source, encoding, binary_hint, binary_hint_key)
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
        raise _binary(source, _byte_offset(head[:control], chosen), binary_hint,
                      binary_hint_key)

    return DecodedInput(head, _chain(peeked, chunks, deferred), chosen)


def _chain(first: list[str], rest: Iterator[str], error: InputError | None) -> Iterator[str]:
    yield from first
    first.clear()  # let the peeked head go once consumed
    if error is not None:
        raise error
    yield from rest
