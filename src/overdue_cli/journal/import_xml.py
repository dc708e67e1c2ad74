"""SMS Backup & Restore XML (<smses> messages, <calls> call log) into journal events.

Why it is built this way: years of SMS are hundreds of thousands of records, so
expat's callbacks (readers.stream_xml) build each Event straight from the
attributes, with epoch milliseconds straight into datetime and no string parsing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import Any

from overdue_cli.errors import UsageProblem
from overdue_cli.journal.events import Event
from overdue_cli.journal.import_common import ImportContext, NumberCache, new_event, present
from overdue_cli.readers import Skipped, quote, stream_xml

__all__ = ["CALL_TYPES", "read_calls_xml", "read_sms_xml"]


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


class _XmlEvents:
    """Expat callbacks (stream_xml) shared by the SMS and call readers."""

    root = ""
    element = ""

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.tz = ctx.tz
        self.numbers = NumberCache()
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
                "leave --format out to detect the format", key="xml_root_mismatch",
                hint_key="format_leave_out",
                params={"file": self.ctx.file, "tag": tag, "root": self.root,
                        "format": self.ctx.format})



_SMS_DIRECTIONS = {"1": "in", "2": "out", "4": "out", "5": "out", "6": "out"}
"""SMS Backup & Restore ``type``: 1 received; 2 sent, 4 outbox, 5 failed, 6 queued."""
_MMS_DIRECTIONS = {"1": "in", "2": "out", "4": "out", "5": "out"}
"""MMS ``msg_box``: 1 inbox; 2 sent, 4 outbox, 5 failed (3 = draft)."""
_NO_NAMES = frozenset({"(Unknown)", "null", ""})


class _SmsEvents(_XmlEvents):
    """``<sms>`` and ``<mms>`` as events; an MMS is emitted when it closes."""

    root = "smses"

    def __init__(self, ctx: ImportContext) -> None:
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
                return self.ctx.skip(where, "draft, never sent", key="skip_draft")
            return self.ctx.skip(where, f"SMS type {quote(kind)} is not one of 1-6"
                                 if kind is not None else "SMS without a type",
                                 key="skip_sms_type" if kind is not None else "skip_sms_no_type",
                                 params={"value": quote(kind)})
        try:
            at = _epoch_ms(attrib.get("date"), self.tz)
        except ValueError as err:
            return self.ctx.skip(where, str(err))
        number, raw = self.numbers[attrib.get("address")]
        name = attrib.get("contact_name")
        body = attrib.get("body")
        return new_event(method="sms", direction=direction, at=at,
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
        sender = present(mms["from"])
        if box == "3":
            return self.ctx.skip(where, "draft, never sent", key="skip_draft")
        direction = _MMS_DIRECTIONS.get(box)  # type: ignore[arg-type]
        if direction is None and box in (None, "null"):
            # Android writes this placeholder as the sender of one's own messages
            direction = "in" if sender and sender != "insert-address-token" else "out"
        if direction is None:
            return self.ctx.skip(where, f"MMS msg_box {quote(box)} is not one of 1-5",
                                 key="skip_mms_box", params={"value": quote(box)})
        try:
            at = _epoch_ms(attrib.get("date"), self.tz)
        except ValueError as err:
            return self.ctx.skip(where, str(err))
        other = sender if direction == "in" else present(mms["to"])
        number, raw = self.numbers[other or attrib.get("address")]
        name = attrib.get("contact_name")
        return new_event(method="sms", direction=direction, at=at,
                          source=self.ctx.source(where), number=number, number_raw=raw,
                          name=None if name in _NO_NAMES else name,
                          text="\n".join(mms["texts"]) or None, kind="mms")


CALL_TYPES: dict[str, tuple[str, str | None]] = {
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
        mapped = CALL_TYPES.get(kind)  # type: ignore[arg-type]
        if mapped is None:
            return self.ctx.skip(where, f"call type {quote(kind)} is not one of 1-7"
                                 if kind is not None else "call without a type",
                                 key="skip_call_type" if kind is not None
                                 else "skip_call_no_type",
                                 params={"value": quote(kind)})
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
                return self.ctx.skip(where, f"duration {quote(seconds)} is not a number",
                                     key="skip_duration", params={"value": quote(seconds)})
        direction, outcome = mapped
        if outcome is None and duration is not None:
            outcome = "answered" if duration > 0 else "no_answer"
        number, raw = self.numbers[attrib.get("number")]
        name = attrib.get("contact_name")
        return new_event(method="call", direction=direction, at=at,
                          source=self.ctx.source(where), number=number, number_raw=raw,
                          name=None if name in _NO_NAMES else name,
                          duration_s=duration, outcome=outcome, kind="call")


def read_sms_xml(ctx: ImportContext, head: str, chunks: Iterator[str]
                 ) -> Iterator[Event | Skipped]:
    return stream_xml(chunks, ctx.file, _SmsEvents(ctx), "message element(s)")


def read_calls_xml(ctx: ImportContext, head: str, chunks: Iterator[str]
                   ) -> Iterator[Event | Skipped]:
    return stream_xml(chunks, ctx.file, _CallEvents(ctx), "call element(s)")
