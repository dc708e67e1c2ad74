"""Call-log CSVs (and tables of messages with the same columns) into journal events.

Why it is built this way: every phone and app names its columns and call types
its own way (in Chinese and in English), so columns are found by their usual
names (or named with ``--column``), call types and directions by their usual
wording, and a row that cannot be read faithfully is Skipped, quoting the value.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from overdue_cli.errors import UsageProblem
from overdue_cli.journal.events import Event
from overdue_cli.journal.import_common import (
    FIELD_LIMIT,
    ImportContext,
    Reader,
    cell,
    number_fields,
    present,
)
from overdue_cli.journal.import_wechat import WECHAT_EXPECTED
from overdue_cli.journal.import_xml import CALL_TYPES
from overdue_cli.readers import TEXT_NAMES, Skipped, column_index, csv_table, parse_time, quote

__all__ = ["CallColumns", "call_columns", "read_calls_csv", "read_messages_csv"]


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
class CallColumns:
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


def call_columns(header: list[str], source: str, overrides: Mapping[str, str]) -> CallColumns:
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
        hint_key = "name_columns"
        if any(k in _TEXT_KEYS for k in keys) and not overrides:
            hint = ("it looks like a table of messages; import SMS as an SMS Backup & "
                    "Restore XML or as JSONL, or name call-log columns with --column")
            hint_key = "table_of_messages"
        raise UsageProblem(
            f"{source}: unknown CSV layout (no {missing} column); columns found: "
            f"{', '.join(header)}; expected a WeChatMsg export ({WECHAT_EXPECTED}) "
            f"or {_CALLS_EXPECTED}", hint, key="csv_layout", hint_key=hint_key,
            params={"source": source, "missing": missing, "header": ", ".join(header),
                    "wechat": WECHAT_EXPECTED, "calls": _CALLS_EXPECTED})

    number = found["number"]
    assert number is not None
    return CallColumns(found["epoch"], found["time"], found["date"], number, found["type"],
                        found["direction"], found["duration"], found["name"], found["text"])


_BY_DURATION = "by duration"
_CSV_CALL_TYPES: dict[str, tuple[str, str]] = {
    **{code: (d, o or _BY_DURATION) for code, (d, o) in CALL_TYPES.items()},
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
    text = present(value)
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


_RowReader = Callable[["ImportContext", str, list[str], "CallColumns"], "Event | Skipped"]


def _read_table(row_event: _RowReader) -> Reader:
    """A CSV reader for a table of calls or of messages: same columns, other rows."""
    def read(ctx: ImportContext, head: str, chunks: Iterator[str]) -> Iterator[Event | Skipped]:
        table = csv_table(chunks, head, ctx.file, FIELD_LIMIT)
        columns = call_columns(table.header, ctx.file, ctx.columns)
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


def _message_row(ctx: ImportContext, where: str, row: list[str], columns: CallColumns
                 ) -> Event | Skipped:
    """A row of a table of messages (time, number, text; no call type or length): an SMS."""
    try:
        at = _call_time(row, columns, ctx.tz)
    except ValueError as err:
        return ctx.skip(where, str(err))
    direction = "in"
    stated = cell(row, columns.direction)
    if stated is not None:
        found = _MESSAGE_DIRECTIONS.get(stated.strip().casefold())
        if found is None:
            return ctx.skip(where, f"direction {quote(stated)} is neither received nor sent",
                            key="skip_direction", params={"value": quote(stated)})
        direction = found
    text = cell(row, columns.text)
    if text is None:
        return ctx.skip(where, "no message text", key="skip_no_message_text")
    number, raw = number_fields(row[columns.number])
    return Event(method="sms", direction=direction, at=at, source=ctx.source(where),
                 number=number, number_raw=raw, name=cell(row, columns.name), text=text,
                 kind="sms")


def _call_row(ctx: ImportContext, where: str, row: list[str], columns: CallColumns
              ) -> Event | Skipped:
    try:
        at = _call_time(row, columns, ctx.tz)
        duration = _duration(row[columns.duration]) if columns.duration is not None else None
        direction, outcome = _call_kind(row, columns, duration)
    except ValueError as err:
        return ctx.skip(where, str(err))
    number, raw = number_fields(row[columns.number])
    return Event(method="call", direction=direction, at=at, source=ctx.source(where),
                 number=number, number_raw=raw, name=cell(row, columns.name),
                 text=cell(row, columns.text), duration_s=duration, outcome=outcome,
                 kind="call")


def _call_time(row: list[str], columns: CallColumns, tz: tzinfo) -> datetime:
    """An epoch column first (it is unambiguous), then the formatted time (naive = ``tz``),
    then a date column and a time column read together."""
    epoch = cell(row, columns.epoch)
    if epoch is not None:
        try:
            at = parse_time(epoch, tz)
        except ValueError:
            at = None
        if at is not None:
            return at
    shown = cell(row, columns.time)
    if shown is not None:
        try:
            at = parse_time(shown, tz)
        except ValueError:
            at = None
            day = cell(row, columns.date)
            if day is not None:
                with contextlib.suppress(ValueError):
                    at = parse_time(f"{day} {shown}", tz)
        if at is not None:
            return at
    bad = shown if shown is not None else epoch
    if bad is None:
        raise ValueError("no time")
    raise ValueError(f"time {quote(bad)} is not a date and time")


def _call_kind(row: list[str], columns: CallColumns, duration: int | None
               ) -> tuple[str, str | None]:
    """(direction, outcome) from the type column, a direction column, and the duration.

    A call log with neither a type nor a direction column is taken as calls received
    (a list of the calls a collector made), with the outcome left unknown unless the
    duration says it was answered or not.
    """
    direction: str | None = None
    outcome: str | None = _BY_DURATION
    kind = cell(row, columns.type)
    if kind is not None:
        mapped = _CSV_CALL_TYPES.get(_call_type_key(kind))
        if mapped is None:
            raise ValueError(f"call type {quote(kind)} is not one we know")
        direction, outcome = mapped
    way = cell(row, columns.direction)
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


read_calls_csv = _read_table(_call_row)
"""A table of calls (calls-csv)."""
read_messages_csv = _read_table(_message_row)
"""A table of messages (messages-csv): the call-log columns, SMS rows."""
