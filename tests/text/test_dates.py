"""Days and moments as people write them (text/dates.py): worked examples and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.text.dates import (
    LATER_TODAY,
    NO_SUCH_DAY,
    TIME_NOT_DAY,
    DateProblem,
    read_day,
    read_moment,
)

NOW = datetime(2026, 11, 22, 15, 30)  # a Sunday afternoon
TODAY = NOW.date()


@pytest.mark.parametrize("text, expected", [
    ("2026-11-20 22:40", datetime(2026, 11, 20, 22, 40)),
    ("2026/11/20 22:40", datetime(2026, 11, 20, 22, 40)),
    ("2026.11.20 22:40", datetime(2026, 11, 20, 22, 40)),
    ("2026/11/20", datetime(2026, 11, 20)),
    ("2026年11月20日", datetime(2026, 11, 20)),
    ("2026年11月20日 22点40分", datetime(2026, 11, 20, 22, 40)),
    ("２０２６-１１-２０ ２２:４０", datetime(2026, 11, 20, 22, 40)),
    ("11月20日 晚上11点", datetime(2026, 11, 20, 23, 0)),
    ("11月20号", datetime(2026, 11, 20)),
    ("十一月二十日下午三点", datetime(2026, 11, 20, 15, 0)),
    ("11-20 22:40", datetime(2026, 11, 20, 22, 40)),
    ("12-01 10:00", datetime(2025, 12, 1, 10, 0)),  # no year: the latest that has passed
    ("2月29日 10:00", datetime(2024, 2, 29, 10, 0)),
    ("昨天晚上11点", datetime(2026, 11, 21, 23, 0)),
    ("昨晚11点", datetime(2026, 11, 21, 23, 0)),
    ("昨天晚上1点", datetime(2026, 11, 22, 1, 0)),  # the small hours after last evening
    ("昨天凌晨两点", datetime(2026, 11, 21, 2, 0)),
    ("前天", datetime(2026, 11, 20)),
    ("大前天 9:05", datetime(2026, 11, 19, 9, 5)),
    ("今天下午3点半", datetime(2026, 11, 22, 15, 30)),
    ("今天上午十点一刻", datetime(2026, 11, 22, 10, 15)),
    ("晚上1点", datetime(2026, 11, 22, 1, 0)),
    ("上午9点", datetime(2026, 11, 22, 9, 0)),
    ("09:00", datetime(2026, 11, 22, 9, 0)),
    ("15:30", datetime(2026, 11, 22, 15, 30)),
    ("8:05:30", datetime(2026, 11, 22, 8, 5, 30)),
    ("3天前", datetime(2026, 11, 19)),
    ("三天前 晚上8点", datetime(2026, 11, 19, 20, 0)),
    ("上周五", datetime(2026, 11, 13)),
    ("上星期日 10点", datetime(2026, 11, 15, 10, 0)),
    ("yesterday 11pm", datetime(2026, 11, 21, 23, 0)),
    ("Yesterday at 11:40 PM", datetime(2026, 11, 21, 23, 40)),
    ("today 9am", datetime(2026, 11, 22, 9, 0)),
    ("3 days ago", datetime(2026, 11, 19)),
    ("last night 11pm", datetime(2026, 11, 21, 23, 0)),
    ("昨天晚上11點", datetime(2026, 11, 21, 23, 0)),  # Traditional
    ("11月20號 下午3點半", datetime(2026, 11, 20, 15, 30)),
    ("上週五", datetime(2026, 11, 13)),
    ("now", NOW),
    ("現在", NOW),
])
def test_read_moment(text: str, expected: datetime) -> None:
    assert read_moment(text, NOW) == expected


def test_an_offset_is_kept() -> None:
    assert read_moment("2026-11-20T22:40:00+00:00", NOW) == datetime(2026, 11, 20, 22, 40,
                                                                     tzinfo=UTC)


@pytest.mark.parametrize("text", ["晚上11点", "23:40", "22:40", "下午4点", "11pm"])
def test_a_time_still_to_come_today_asks_for_the_day(text: str) -> None:
    with pytest.raises(DateProblem) as caught:
        read_moment(text, NOW)
    assert caught.value.reason == LATER_TODAY


def test_a_day_given_outright_is_taken_at_its_word() -> None:
    # an explicit day is not second-guessed (the journal flags a future time itself)
    assert read_moment("今天晚上11点", NOW) == datetime(2026, 11, 22, 23, 0)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-01", date(2026, 11, 1)), ("2026/11/1", date(2026, 11, 1)),
    ("2026.11.1", date(2026, 11, 1)), ("2026年11月1日", date(2026, 11, 1)),
    ("2026 年 11 月 1 日", date(2026, 11, 1)), ("11月1号", date(2026, 11, 1)),
    ("12月1日", date(2025, 12, 1)), ("today", TODAY), ("今天", TODAY), ("今日", TODAY),
    ("yesterday", TODAY - timedelta(days=1)), ("昨天", TODAY - timedelta(days=1)),
    ("前天", TODAY - timedelta(days=2)), ("3天前", TODAY - timedelta(days=3)),
    ("上周一", date(2026, 11, 9)), ("上周日", date(2026, 11, 15)),
])
def test_read_day(text: str, expected: date) -> None:
    assert read_day(text, TODAY) == expected


@pytest.mark.parametrize("text, reason", [
    ("昨天晚上11点", TIME_NOT_DAY), ("2026-02-30", NO_SUCH_DAY), ("2026-13-01", NO_SUCH_DAY),
])
def test_read_day_refuses(text: str, reason: str) -> None:
    with pytest.raises(DateProblem) as caught:
        read_day(text, TODAY)
    assert caught.value.reason == reason


@pytest.mark.parametrize("text", ["", "soon", "11", "25:00", "2026-11-20 24:00",
                                  "13pm", "11点61分", "一五", "2026年", "下个月"])
def test_not_a_moment(text: str) -> None:
    with pytest.raises(DateProblem):
        read_moment(text, NOW)


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2099, 12, 31)))
def test_iso_days_round_trip(day: date) -> None:
    assert read_day(day.isoformat(), TODAY) == day
    assert read_day(f"{day.year}年{day.month}月{day.day}日", TODAY) == day
    assert read_day(day.strftime("%Y/%m/%d"), TODAY) == day


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2099, 12, 31)))
def test_iso_moments_round_trip(moment: datetime) -> None:
    moment = moment.replace(microsecond=0)
    assert read_moment(moment.isoformat(sep=" "), NOW) == moment
    assert read_moment(moment.isoformat(), NOW) == moment


@given(st.times())
def test_a_time_that_has_passed_is_today(clock: time) -> None:
    clock = clock.replace(second=0, microsecond=0)
    when = read_moment(f"{clock.hour}:{clock.minute:02d}", datetime.combine(TODAY, time(23, 59)))
    assert when == datetime.combine(TODAY, clock)


@given(st.text(max_size=40), st.datetimes(min_value=datetime(1971, 1, 1),
                                          max_value=datetime(9998, 1, 1)))
def test_anything_typed_reads_or_raises_a_date_problem(text: str, now: datetime) -> None:
    for call in (lambda: read_moment(text, now), lambda: read_day(text, now.date())):
        try:
            call()
        except DateProblem as exc:
            assert exc.reason


@given(st.text(alphabet="0123456789年月日号点時分半天前昨今晚上下午凌晨:-/ .上周五一二三十两pmaPM",
               max_size=24))
def test_date_like_text_reads_or_raises_a_date_problem(text: str) -> None:
    for call in (lambda: read_moment(text, NOW), lambda: read_day(text, TODAY)):
        try:
            call()
        except DateProblem as exc:
            assert exc.reason
