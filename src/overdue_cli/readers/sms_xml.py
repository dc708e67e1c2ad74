"""SMS Backup & Restore exports (<smses>) into records, as the elements close.

Why its own module: the app's quirks (the literal "null", MMS text parts and
sender addresses, the ``type`` / ``msg_box`` of one's own messages, dates in
Java milliseconds) belong together, apart from the generic XML streaming.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from overdue_cli.errors import UsageProblem
from overdue_cli.readers.fields import quote
from overdue_cli.readers.lines import too_long_skip
from overdue_cli.readers.options import ReadOptions
from overdue_cli.readers.records import CHINA_TZ, Record, Skipped
from overdue_cli.readers.xmlstream import stream_xml, xml_attr

if TYPE_CHECKING:
    from xml.parsers.expat import XMLParserType

__all__ = ["read_sms_xml"]


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
            if tag == "part" and (xml_attr(attrib, "ct") or "").lower() == "text/plain":
                text = xml_attr(attrib, "text")
                if text:
                    self.mms["texts"].append(text)
            elif tag == "addr" and xml_attr(attrib, "type") == "137":  # 137 = PduHeaders.FROM
                self.mms["sender"] = xml_attr(attrib, "address")

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
                key="calls_not_messages", hint_key="calls_not_messages_hint",
                params={"source": self.source},
            )
        if tag != "smses":
            tag = tag.rpartition("}")[2]  # expat writes a namespaced name as uri}name
            raise UsageProblem(
                f"{self.source}: XML with root <{tag}> is not an SMS Backup & Restore export",
                "scan reads <smses> exports; for other data use --format text, jsonl or csv",
                key="xml_not_sms", hint_key="scan_reads_smses",
                params={"source": self.source, "tag": tag},
            )


    def _sms(self, attrib: dict[str, str], where: str) -> None:
        if xml_attr(attrib, "type") not in (None, "1") and not self.options.include_sent:
            return  # sent, draft, outbox, failed, queued: the user's own messages
        self._emit(xml_attr(attrib, "body"), attrib, xml_attr(attrib, "address"), where,
                   "empty body")

    def _mms(self, mms: dict[str, Any]) -> None:
        attrib = mms["attrib"]
        if xml_attr(attrib, "msg_box") not in (None, "1") and not self.options.include_sent:
            return
        sender = mms["sender"] or xml_attr(attrib, "address")
        text = "\n".join(mms["texts"])
        self._emit(text, attrib, sender, mms["where"], "MMS without a text part")

    def _emit(self, text: str | None, attrib: dict[str, str], sender: str | None, where: str,
              empty: str) -> None:
        source = self.source
        if not text or not text.strip():
            self.out.append(Skipped(source, where, f"no message text ({empty})",
                                    key="skip_empty_body" if empty == "empty body"
                                    else "skip_mms_no_text"))
            return
        limit = self.options.max_message_chars
        if len(text) > limit:
            self.out.append(too_long_skip(source, where, len(text), limit))
            return
        date = xml_attr(attrib, "date")
        time = None
        if date is not None:
            try:
                time = _epoch_millis(date)
            except ValueError:
                self.out.append(Skipped(source, where,
                                        f"date {quote(date)} is not a time in milliseconds",
                                        key="skip_not_millis", params={"value": quote(date)}))
                return
        self.out.append(Record(text=text, source=source, position=where,
                               id=xml_attr(attrib, "_id"), time=time, sender=sender))


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


def read_sms_xml(chunks: Iterable[str], source: str, options: ReadOptions
                 ) -> Iterator[Record | Skipped]:
    """An SMS Backup & Restore export, streamed through a defused expat parser.

    Decoded text is fed (not bytes), so expat ignores the declared encoding: a file
    we detected as GB18030 is read as such whatever its declaration says.
    """
    return stream_xml(chunks, source, _SmsTarget(source, options))
