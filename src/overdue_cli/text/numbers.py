"""Numbers, days, hours and counts as people write them: 四十五天, 两个月, 晚上11点, 五六个.

Why: a frightened borrower types what they would say — "逾期四十五天", "晚上11点打的",
"一天打五六个" — and a tool that answers "needs a whole number" has failed them. One
reader serves the flags, the interview and the journal, so the same words mean the
same thing everywhere. Each function returns None for text it does not recognise
(the caller then gives its own one-line error); it never guesses beyond the words.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clock_hour", "count", "days", "whole"]

_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2,
          "兩": 2, "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6,
          "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_MYRIAD = {"万": 10_000, "萬": 10_000}
_ASCII = re.compile(r"[0-9]+")
_MIXED = re.compile(r"([0-9]+(?:\.[0-9]+)?)([十百千万萬])")


def _plain(text: str) -> str:
    """Width-folded (full-width digits are digits), spaces and commas dropped."""
    return re.sub(r"[\s,，]", "", unicodedata.normalize("NFKC", text))


def _below_myriad(text: str) -> int | None:
    """一百零五, 十五, 二十, 三千 … (below 10,000); None when not a numeral."""
    if not text:
        return None
    total, digit, seen_unit = 0, None, False
    for char in text:
        if char in "零〇○" and seen_unit and digit is None:
            continue  # 一百零五: the zero only holds a place
        if char in _DIGIT:
            if digit is not None:  # two digits in a row: 一五 is not a number here
                return None
            digit = _DIGIT[char]
        elif char in _UNIT:
            unit = _UNIT[char]
            total += (1 if digit is None else digit) * unit  # 十五: the 一 is implied
            digit, seen_unit = None, True
        else:
            return None
    if digit is not None:
        total += digit
    elif not seen_unit:
        return None
    return total


def whole(text: str) -> int | None:
    """A whole number written in digits, Chinese numerals or both (45, 四十五, 3万, 两千)."""
    plain = _plain(text)
    if _ASCII.fullmatch(plain):
        return int(plain) if len(plain) <= 18 else None
    mixed = _MIXED.fullmatch(plain)
    if mixed:
        value = float(mixed.group(1)) * {**_UNIT, **_MYRIAD}[mixed.group(2)]
        return int(value) if value == int(value) else None
    if not plain:
        return None
    for myriad in _MYRIAD:
        if myriad in plain:
            high, _, low = plain.partition(myriad)
            top = _below_myriad(high) if high else None
            rest = _below_myriad(low.lstrip("零〇")) if low.lstrip("零〇") else 0
            return None if top is None or rest is None else top * 10_000 + rest
    return _below_myriad(plain)


_SPAN = {"天": 1, "日": 1, "周": 7, "週": 7, "星期": 7, "礼拜": 7, "禮拜": 7,
         "个月": 30, "個月": 30, "月": 30, "年": 365}
_HALF = {"半个月": 15, "半個月": 15, "半年": 182}


def days(text: str) -> int | None:
    """A number of days: 45, 45天, 四十五天, 两个月 (60: a month counts as 30 days),
    三周, 一年半, 半个月. Plain numbers are days."""
    plain = _plain(text).replace("个多月", "多个月").replace("個多月", "多個月")
    plain = plain.replace("多个月", "个月").replace("多個月", "個月")
    if plain in _HALF:
        return _HALF[plain]
    half = 0
    for unit, size in sorted(_SPAN.items(), key=lambda item: -len(item[0])):
        if plain.endswith(unit + "半"):
            plain, half = plain[: -1], size // 2
        if plain.endswith(unit):
            number = whole(plain[: -len(unit)].removesuffix("多"))
            return None if number is None else number * size + half
    return whole(plain.removesuffix("多"))


_MORNING = ("凌晨", "早上", "早晨", "清晨", "上午", "早")
_AFTERNOON = ("中午", "下午", "傍晚")
_NIGHT = ("晚上", "夜里", "夜裡", "夜间", "夜間", "深夜", "半夜", "晚")


def _period(plain: str) -> tuple[str, str | None]:
    for kind, words in (("morning", _MORNING), ("afternoon", _AFTERNOON), ("night", _NIGHT)):
        for word in words:
            if plain.startswith(word):
                return plain[len(word):], kind
    return plain, None


def clock_hour(text: str) -> int | None:
    """The hour (0-23) a time names: 23, 23:40, 23点, 晚上11点, 凌晨两点, 下午3点半, 11pm.

    晚上/半夜 with 1-4 o'clock is after midnight (晚上1点 is 1:00), 12 o'clock at night
    or 凌晨12点 is 0:00, 中午1点 is 13:00."""
    plain = _plain(text).lower()
    kind: str | None = None
    for suffix, name in (("pm", "afternoon"), ("am", "morning")):
        if plain.endswith(suffix):
            plain, kind = plain[: -len(suffix)], name
    plain, said = _period(plain)
    kind = said or kind
    plain = re.split(r"[:：点點时時h]", plain, maxsplit=1)[0]
    hour = whole(plain)
    if hour is None or hour > 24:
        return None
    if kind == "morning" and hour == 12:
        hour = 0
    elif kind == "afternoon" and hour < 12:
        hour += 12
    elif kind == "night" and hour == 12:
        hour = 0
    elif kind == "night" and 5 <= hour < 12:
        hour += 12
    return 0 if hour == 24 else hour


def count(text: str) -> int | None:
    """How many: 5, 5次, 五个, 十几个 (10: the least the words say), 五六个 (5, likewise)."""
    plain = _plain(text)
    plain = re.sub(r"(个|個|次|通|条|條|回|遍|下)$", "", plain)
    plain = plain.removeprefix("一天").removeprefix("每天")
    if len(plain) == 2 and all(char in _DIGIT for char in plain):
        first, second = _DIGIT[plain[0]], _DIGIT[plain[1]]
        if second == first + 1:  # 五六: five or six; say only what is sure
            return first
    if plain.endswith("几") or plain.endswith("幾") or plain.endswith("多"):
        return whole(plain[:-1])
    return whole(plain)
