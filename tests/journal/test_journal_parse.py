"""What users type for the journal: times, dates, zones, durations, number filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.errors import UsageProblem
from overdue_cli.journal import parse
from overdue_cli.readers import CHINA_TZ

NOW = datetime(2026, 11, 22, 15, 30, tzinfo=CHINA_TZ)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-20 22:40", datetime(2026, 11, 20, 22, 40, tzinfo=CHINA_TZ)),
    ("2026/11/20 22:40", datetime(2026, 11, 20, 22, 40, tzinfo=CHINA_TZ)),
    ("2026年11月20日 22点40分", datetime(2026, 11, 20, 22, 40, tzinfo=CHINA_TZ)),
    ("２０２６-１１-２０ ２２:４０", datetime(2026, 11, 20, 22, 40, tzinfo=CHINA_TZ)),
    ("2026-11-20T22:40:00+00:00", datetime(2026, 11, 20, 22, 40, tzinfo=UTC)),
    ("11-20 22:40", datetime(2026, 11, 20, 22, 40, tzinfo=CHINA_TZ)),
    ("2026年11月20日", datetime(2026, 11, 20, 0, 0, tzinfo=CHINA_TZ)),
    ("11月20日 晚上11点", datetime(2026, 11, 20, 23, 0, tzinfo=CHINA_TZ)),
    ("11月20号", datetime(2026, 11, 20, 0, 0, tzinfo=CHINA_TZ)),
    ("昨天晚上11点", datetime(2026, 11, 21, 23, 0, tzinfo=CHINA_TZ)),
    ("昨天晚上11點", datetime(2026, 11, 21, 23, 0, tzinfo=CHINA_TZ)),
    ("前天", datetime(2026, 11, 20, 0, 0, tzinfo=CHINA_TZ)),
    ("今天下午3点半", datetime(2026, 11, 22, 15, 30, tzinfo=CHINA_TZ)),
    ("早上8点", datetime(2026, 11, 22, 8, 0, tzinfo=CHINA_TZ)),
    ("3天前", datetime(2026, 11, 19, 0, 0, tzinfo=CHINA_TZ)),
    ("yesterday 11pm", datetime(2026, 11, 21, 23, 0, tzinfo=CHINA_TZ)),
    # a bare time is today's
    ("15:30", datetime(2026, 11, 22, 15, 30, tzinfo=CHINA_TZ)),
    ("09:00", datetime(2026, 11, 22, 9, 0, tzinfo=CHINA_TZ)),
    ("12-01 10:00", datetime(2025, 12, 1, 10, 0, tzinfo=CHINA_TZ)),
    ("2月29日 10:00", datetime(2024, 2, 29, 10, 0, tzinfo=CHINA_TZ)),  # the latest 29 Feb
    ("now", NOW),
])
def test_parse_at(text: str, expected: datetime) -> None:
    assert parse.parse_at(text, CHINA_TZ, now=NOW) == expected


@pytest.mark.parametrize("text", ["22:40", "晚上11点", "11pm"])
def test_a_bare_time_still_to_come_today_asks_for_the_day(text: str) -> None:
    """At 15:30, "晚上11点" was on some earlier day: the user says which, we do not guess."""
    with pytest.raises(UsageProblem, match="has not come yet") as caught:
        parse.parse_at(text, CHINA_TZ, now=NOW)
    assert "昨天" in caught.value.hint and "2026-11-21" in caught.value.hint


@pytest.mark.parametrize("text", ["2026-02-30 10:00", "25:00", "11点61分"])
def test_parse_at_names_an_impossible_time(text: str) -> None:
    with pytest.raises(UsageProblem, match="no such day or time"):
        parse.parse_at(text, CHINA_TZ, now=NOW)


@pytest.mark.parametrize("text, seconds", [
    ("200", 200), ("3m20s", 200), ("3分20秒", 200), ("00:03:20", 200), ("3:20", 200),
    ("1h", 3600), ("1小时2分", 3720), ("４５秒", 45),
])
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse.parse_duration(text) == seconds


@pytest.mark.parametrize("text", [
    "0001-01-01 00:00", "1969-12-31 23:59", "2100-01-01 08:00", "9999-12-31T23:59:00-12:00",
])
def test_parse_at_refuses_times_outside_the_journal_range(text: str) -> None:
    with pytest.raises(UsageProblem, match="outside the range"):
        parse.parse_at(text, CHINA_TZ, now=NOW)


@pytest.mark.parametrize("text", [
    "99999999999999999999", "9" * 5000, "999999999999999999999秒", "604801", "169h",
])
def test_parse_duration_refuses_huge_values(text: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        parse.parse_duration(text)
    assert len(caught.value.message) < 200  # a 5,000-digit paste is not echoed back


@pytest.mark.parametrize("text, expected", [
    ("2026-11-01", date(2026, 11, 1)), ("today", date(2026, 11, 22)),
    ("昨天", date(2026, 11, 21)), ("7d", date(2026, 11, 15)), ("30天", date(2026, 10, 23)),
    ("2026/11/1", date(2026, 11, 1)), ("2026年11月1日", date(2026, 11, 1)),
    ("11月1号", date(2026, 11, 1)), ("前天", date(2026, 11, 20)), ("3天前", date(2026, 11, 19)),
    ("上周五", date(2026, 11, 13)),
])
def test_parse_date(text: str, expected: date) -> None:
    assert parse.parse_date(text, "--since", CHINA_TZ, today=date(2026, 11, 22)) == expected


@pytest.mark.parametrize("name, offset", [
    (None, timedelta(hours=8)), ("Asia/Shanghai", timedelta(hours=8)), ("UTC", timedelta(0)),
    ("+05:30", timedelta(hours=5, minutes=30)), ("UTC-3", timedelta(hours=-3)),
])
def test_parse_tz(name: str | None, offset: timedelta) -> None:
    zone, _ = parse.parse_tz(name)
    assert datetime(2026, 1, 15, tzinfo=zone).utcoffset() == offset


def test_number_patterns() -> None:
    patterns = parse.number_matcher(["+86 170-1234-5678", "1069*"])
    assert parse.matches_number("17012345678", patterns)
    assert parse.matches_number("1069000012", patterns)
    assert not parse.matches_number("13800000000", patterns)
    assert not parse.matches_number(None, patterns)
    with pytest.raises(UsageProblem):
        parse.number_matcher(["  "])


@given(st.text(max_size=40))
def test_parsers_never_fail_with_anything_but_a_usage_problem(text: str) -> None:
    """Whatever is typed: a value, or one clear usage error (exit 2), never a crash."""
    for call in (lambda: parse.parse_at(text, CHINA_TZ, now=NOW),
                 lambda: parse.parse_duration(text),
                 lambda: parse.parse_date(text, "--since", CHINA_TZ, today=NOW.date()),
                 lambda: parse.parse_tz(text),
                 lambda: parse.parse_outcome(text)):
        try:
            call()
        except UsageProblem as exc:
            assert exc.message and exc.hint
