"""Streaming untrusted XML: a defused expat parser driving plain callbacks, chunk by chunk.

Why it is built this way: exports run to hundreds of megabytes, so no tree is built;
the target's callbacks are expat's own, and what they make is drained after each
chunk. Entities, external references and any DTD are refused (a DTD can supply
text no record contains), and surrogate-pair character references, which some
Android exports write for emoji, are repaired on the way in. Shared by scan's SMS
reader and the journal's SMS and call-log importers; defusedxml is imported only
when XML is read, and patterns are compiled on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from overdue_cli.readers.records import InputError

if TYPE_CHECKING:
    from xml.parsers.expat import XMLParserType

__all__ = ["XmlTarget", "stream_xml", "xml_attr"]


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
    match = re.compile(_REF_NUMBER).fullmatch(ref)
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
    text = re.compile(_SURROGATE_PAIR).sub(_join_pair, text)
    return re.compile(_LONE_SURROGATE).sub("&#65533;", text)


def _fixed_refs(chunks: Iterable[str]) -> Iterator[str]:
    pending = ""
    for chunk in chunks:
        text = pending + chunk
        tail = re.compile(_REF_TAIL).search(text, max(0, len(text) - 40))
        cut = tail.start() if tail else len(text)
        high = re.compile(_HIGH_AT_END).search(text, max(0, cut - 20), cut)
        if high:  # never part a pair: hold back its first half too
            cut = high.start()
        pending = text[cut:]
        if cut:
            yield _fix_refs(text[:cut])
    if pending:
        yield _fix_refs(pending)


def xml_attr(attrib: dict[str, str], name: str) -> str | None:
    """An attribute, with SMS Backup & Restore's literal "null" meaning missing."""
    value = attrib.get(name)
    return None if value is None or value == "null" else value


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
            key="xml_truncated", hint_key="xml_truncated_hint",
            params={"source": source, "line": line, "column": column + 1,
                    "count": f"{target.count:,}", "noun": noun},
        ) from None
    except EntitiesForbidden as err:
        what = (f"an external entity ('{err.name}')" if err.sysid or err.pubid
                else "entity declarations (possible XML bomb)")
        raise InputError(f"{source}: refuses XML with {what}",
                         "SMS Backup & Restore never writes entities; this file did not "
                         "come from it unchanged",
                         key="xml_external_entity" if err.sysid or err.pubid
                         else "xml_entities", hint_key="xml_entities_hint",
                         params={"source": source, "name": err.name}) from None
    except ExternalReferenceForbidden:
        raise InputError(f"{source}: refuses XML that references external files",
                         "SMS Backup & Restore never writes them", key="xml_external_files",
                         hint_key="xml_external_files_hint", params={"source": source}
                         ) from None


def _refuse_dtd(source: str) -> None:
    raise InputError(
        f"{source}: refuses XML with a document type declaration (<!DOCTYPE …>) "
        "(不接受带 DTD 的 XML)",
        "SMS Backup & Restore never writes one, and a DTD can supply message text that "
        "is not in the records; export again from the phone",
        key="xml_dtd", hint_key="xml_dtd_hint", params={"source": source})

