"""Numbers as people write them (text/numbers.py): worked examples and properties.

The properties write numbers the way a person would (Chinese numerals from a small
writer here, digits, full-width digits, a unit after) and read them back.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.text.numbers import clock_hour, count, days, whole

DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """n (0-99,999) in Chinese numerals, as written: 十五, 一百零五, 三万零二十."""
    if n == 0:
        return "零"
    parts, zero = [], False
    for value, unit in ((10_000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero:
                parts.append("零")
            parts.append(("" if unit == "十" and not parts and digit == 1 else DIGITS[digit])
                         + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


@pytest.mark.parametrize(("text", "number"), [
    ("45", 45), ("４５", 45), ("四十五", 45), ("十五", 15), ("二十", 20), ("一百零五", 105),
    ("两千", 2000), ("3万", 30000), ("一万零一", 10001), ("1,200", 1200),
])
def test_whole(text: str, number: int) -> None:
    assert whole(text) == number


@pytest.mark.parametrize("text", ["", "abc", "一五", "4.5", "十五天", "万"])
def test_whole_refuses_what_is_not_a_number(text: str) -> None:
    assert whole(text) is None


@pytest.mark.parametrize(("text", "number"), [
    ("45", 45), ("45天", 45), ("四十五天", 45), ("两个月", 60), ("三个多月", 90),
    ("三周", 21), ("一年", 365), ("一年半", 547), ("半个月", 15), ("90多天", 90),
])
def test_days(text: str, number: int) -> None:
    assert days(text) == number


@pytest.mark.parametrize(("text", "hour"), [
    ("23", 23), ("23:40", 23), ("23点", 23), ("晚上11点", 23), ("凌晨两点", 2),
    ("下午3点半", 15), ("11pm", 23), ("12am", 0), ("晚上1点", 1), ("中午1点", 13),
    ("凌晨12点", 0), ("晚上12点", 0), ("早上8点", 8), ("晚上七点", 19), ("24点", 0),
])
def test_clock_hour(text: str, hour: int) -> None:
    assert clock_hour(text) == hour


@pytest.mark.parametrize("text", ["", "晚上", "25点", "明天"])
def test_clock_hour_refuses(text: str) -> None:
    assert clock_hour(text) is None


@pytest.mark.parametrize(("text", "number"), [
    ("5", 5), ("5次", 5), ("五个", 5), ("五六个", 5), ("十几个", 10), ("20多个", 20),
    ("一天五六个", 5), ("八通", 8),
])
def test_count_says_only_what_is_sure(text: str, number: int) -> None:
    assert count(text) == number


@given(st.integers(0, 99_999))
def test_chinese_numerals_read_back(n: int) -> None:
    assert whole(chinese(n)) == n


@given(st.integers(0, 99_999), st.sampled_from(["", "天"]), st.booleans())
def test_days_in_any_writing(n: int, unit: str, full_width: bool) -> None:
    digits = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")) \
        if full_width else str(n)
    assert days(digits + unit) == n
    assert days(chinese(n) + unit) == n


@given(st.integers(1, 11))
def test_evening_hours_are_after_noon(h: int) -> None:
    expected = h if h <= 4 else h + 12
    assert clock_hour(f"晚上{chinese(h)}点") == expected
    assert clock_hour(f"下午{h}点") == h + 12
    assert clock_hour(f"凌晨{h}点") == h


@given(st.text(max_size=12))
def test_never_raises(text: str) -> None:
    for read in (whole, days, clock_hour, count):
        result = read(text)
        assert result is None or result >= 0
