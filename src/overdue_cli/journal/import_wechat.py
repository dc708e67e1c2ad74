"""WeChatMsg's per-contact CSV export into journal events.

Why its own module: WeChat's message types, app sub-types and system messages,
and its two time columns (CreateTime seconds, StrTime local) are its alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo

from overdue_cli.errors import UsageProblem
from overdue_cli.journal.events import Event
from overdue_cli.journal.import_common import FIELD_LIMIT, ImportContext, cell
from overdue_cli.readers import Skipped, csv_table, parse_time, quote

__all__ = ["WECHAT_EXPECTED", "is_wechat", "read_wechat_csv"]

_WECHAT_REQUIRED = ("localid", "talkerid", "type", "issender", "createtime", "strcontent")
WECHAT_EXPECTED = "localId, TalkerId, Type, IsSender, CreateTime, StrContent …"

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


def is_wechat(header: list[str]) -> bool:
    folded = {h.casefold() for h in header}
    return all(name in folded for name in _WECHAT_REQUIRED)


def read_wechat_csv(ctx: ImportContext, head: str, chunks: Iterator[str]
                    ) -> Iterator[Event | Skipped]:
    """WeChatMsg's per-contact CSV: IsSender 1 = me; CreateTime Unix seconds."""
    table = csv_table(chunks, head, ctx.file, FIELD_LIMIT)
    folded = [h.casefold() for h in table.header]
    if not is_wechat(table.header):
        raise UsageProblem(f"{ctx.file}: not a WeChatMsg CSV (columns: "
                           f"{', '.join(table.header)})",
                           f"expected {WECHAT_EXPECTED}; leave --format out to detect it",
                           key="not_wechat_csv", hint_key="not_wechat_csv_hint",
                           params={"file": ctx.file, "header": ", ".join(table.header),
                                   "expected": WECHAT_EXPECTED})


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


def _wechat_row(ctx: ImportContext, where: str, row: list[str], index: dict[str, int | None]
                ) -> Event | Skipped:
    kind_code = cell(row, index["type"]) or ""
    if kind_code in _WECHAT_SYSTEM:
        return ctx.skip(where, "system message", key="skip_system_message")
    sender = cell(row, index["issender"])
    if sender not in ("0", "1"):
        return ctx.skip(where, f"IsSender {quote(sender)} is neither 0 nor 1",
                        key="skip_is_sender", params={"value": quote(sender)})
    try:
        at = _wechat_time(row, index, ctx.tz)
    except ValueError as err:
        return ctx.skip(where, str(err))
    content = cell(row, index["strcontent"])
    kind, text = _wechat_kind(kind_code, cell(row, index["subtype"]), content)
    name = (cell(row, index["remark"]) or cell(row, index["nickname"])
            or cell(row, index["talkerid"]))
    return Event(method="wechat", direction="out" if sender == "1" else "in", at=at,
                 source=ctx.source(where), name=name, text=text, kind=kind)


def _wechat_time(row: list[str], index: dict[str, int | None], tz: tzinfo) -> datetime:
    """CreateTime (Unix seconds); StrTime (local, naive) only when that is missing or bad."""
    created = cell(row, index["createtime"])
    if created is not None:
        try:
            at = parse_time(created, tz) if created.isdigit() else None
        except ValueError:
            at = None
        if at is not None:
            return at
    shown = cell(row, index["strtime"])
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
