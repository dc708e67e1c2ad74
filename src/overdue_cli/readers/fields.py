"""Finding and showing fields: the usual key / column names, key lookup, a column the
user named, and how a bad value is quoted in a Skipped reason.

Why its own module: JSONL keys and CSV headers go by the same names in scan and in
the journal importers, and a bad value reads the same in every reason line.
"""

from __future__ import annotations

from typing import Any

from overdue_cli.errors import UsageProblem

__all__ = [
    "ID_NAMES", "SENDER_NAMES", "TEXT_NAMES", "TIME_NAMES", "KeyLookup", "column_index",
    "lookup", "quote", "scalar",
]


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


def quote(value: object, width: int = 40) -> str:
    """A field value for a reason line: quoted, shortened, one line."""
    text = str(value).replace("\n", " ")
    return "'" + (text if len(text) <= width else text[: width - 1] + "…") + "'"


def lookup(obj: dict[str, Any], groups: tuple[tuple[str, ...], ...]
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


class KeyLookup:
    """``lookup`` for one set of name groups, remembering its answer for each
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
            return lookup(obj, self.groups)
        keys = tuple(obj)
        names = self._keys.get(keys)
        if names is None:
            if len(self._keys) >= self._KEPT:
                self._keys.clear()
            names = self._keys[keys] = [None if found is None else found[0]
                                        for found in lookup(dict.fromkeys(keys), self.groups)]
        return [None if name is None else (name, obj[name]) for name in names]


def scalar(found: tuple[str, Any] | None) -> str | None:
    """A sender or id as text; numbers become strings (phone numbers often are)."""
    if found is None or found[1] is None:
        return None
    value = found[1]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{found[0]} is not a string or a number")
    text = str(value)
    return text if text.strip() else None


def column_index(names: list[str], wanted: str, flag: str, source: str) -> int:
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
        key="no_column", hint_key="columns_are_mean" if near else "columns_are",
        params={"source": source, "wanted": wanted, "flag": flag, "listed": listed,
                "word": near[0] if near else ""},
    )

