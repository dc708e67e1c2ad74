"""Days and moments as people write them: 2026年11月20日, 11月20号, 昨天晚上11点, 3天前, 23:40.

Why: ``check --on/--last-due/--last-contact``, ``log add --at``, ``log --since`` and
the interview all read dates, and a borrower writes "昨天晚上11点" or "前天", not ISO.
One reader means the same words give the same day everywhere. It is pure: the
caller hands in ``today`` or ``now`` (the Environment's clock), so nothing here
reads the clock, and the answer never depends on when a test runs.

Nothing is guessed silently. A time with no day is today; if that is still to
come (at 15:30, "晚上11点"), the reader refuses and asks for the day, because a
wrong date in an evidence journal is worse than a question. A month and day with
no year is the latest such day that is not in the future (as ``log add`` has
always read it). Failures raise :class:`DateProblem` (a ``ValueError``) with a
``reason`` the caller turns into its own one-line message.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from overdue_cli.text import numbers

__all__ = ["DateProblem", "read_day", "read_moment"]

UNREADABLE = "unreadable"
"""Not a day or a time this reader knows."""
NO_SUCH_DAY = "no_such_day"
"""Read, but the calendar has no such day or time (2026-02-30, 25:00)."""
LATER_TODAY = "later_today"
"""A time with no day that has not come yet today: which day was it?"""
TIME_NOT_DAY = "time_not_day"
"""A time was given where only a day is wanted."""


class DateProblem(ValueError):
    """Why a text is not a day or moment: ``reason`` is one of the constants above."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(f"{reason}: {text!r}")
        self.reason = reason
        self.text = text


# Traditional characters of the words below, to their Simplified forms; the rest
# of each word is the same in both scripts (昨天, 晚上, 凌晨, 下午).
_TRADITIONAL = str.maketrans({"點": "点", "時": "时", "號": "号", "週": "周", "禮": "礼",
                              "後": "后", "兩": "两", "個": "个", "鐘": "钟", "裡": "里",
                              "間": "间", "現": "现"})
_NUMERAL = r"[0-9零〇一二两三四五六七八九十]+"
_FULL = re.compile(rf"(?P<y>[0-9]{{4}})\s*[-/.年]\s*(?P<m>{_NUMERAL})\s*[-/.月]\s*"
                   rf"(?P<d>{_NUMERAL})\s*[日号]?")
_MONTH_DAY = re.compile(rf"(?P<m>{_NUMERAL})\s*(?:[-/]|月)\s*(?P<d>{_NUMERAL})\s*[日号]?")
_NAMED = {"今天": 0, "今日": 0, "today": 0, "昨天": -1, "昨日": -1, "yesterday": -1,
          "前天": -2, "前日": -2, "大前天": -3}
_SHORT = {"昨晚": "昨天晚上", "今晚": "今天晚上", "今早": "今天早上", "昨早": "昨天早上",
          "tonight": "今天晚上", "last night": "昨天晚上", "this morning": "今天早上"}
_AGO = re.compile(rf"(?P<n>{_NUMERAL})\s*(?:天|日|days?|d)\s*(?:前|以前|之前|ago)")
_LAST_WEEK = re.compile(r"(?:上周|上星期|上礼拜)(?P<w>[一二三四五六日天])")
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_PERIODS = ("凌晨", "早上", "早晨", "清晨", "上午", "中午", "下午", "傍晚", "晚上", "夜里",
            "夜间", "深夜", "半夜", "早", "晚")
_NIGHT = ("晚上", "夜里", "夜间", "深夜", "半夜", "晚")
_TIME = re.compile(rf"(?P<period>{'|'.join(_PERIODS)})?\s*(?P<h>{_NUMERAL})"
                   rf"(?:\s*(?P<sep>[:点时])\s*(?P<rest>[^ap]*?))?\s*(?P<ampm>am|pm)?")
_MINUTES = re.compile(rf"(?P<m>{_NUMERAL})?\s*(?:分钟|分)?(?:\s*[:]?\s*(?P<s>{_NUMERAL})\s*秒?)?")


def read_day(text: str, today: date) -> date:
    """The calendar day ``text`` names: 2026-11-20, 2026/11/20, 2026年11月20日,
    11月20号 (the latest 20 November not after ``today``), 今天, 昨天, 前天, 3天前,
    上周五, yesterday, 3 days ago. A time of day is refused (TIME_NOT_DAY)."""
    day, rest, _ = _split(_plain(text), today)
    if day is None:
        raise DateProblem(UNREADABLE, text)
    if rest:
        raise DateProblem(TIME_NOT_DAY if _read_time(rest) else UNREADABLE, text)
    return day


def read_moment(text: str, now: datetime) -> datetime:
    """The moment ``text`` names, seen from ``now`` (naive, the user's local time):
    everything read_day takes, with or without a time (晚上11点, 下午3点半, 23:40,
    11pm), ISO with an offset (2026-11-20T22:40+08:00, returned aware), ``now``.
    A day alone is its midnight; a time alone is today's, and refused when that has
    not come yet (LATER_TODAY). 晚上 with 1-4 o'clock after a day is the small hours
    that follow it (昨天晚上1点 is 1:00 today)."""
    plain = _plain(text)
    if plain in ("now", "现在"):
        return now.replace(microsecond=0)
    iso = _iso(plain)
    if iso is not None:
        return iso
    day, rest, year_given = _split(plain, now.date())
    if day is None and not rest:
        raise DateProblem(UNREADABLE, text)
    clock = _read_time(rest) if rest else (time(0), False)
    if clock is None:
        raise DateProblem(UNREADABLE, text)
    hour, small_hours = clock
    when = datetime.combine(day or now.date(), hour)
    if day is not None and small_hours:
        if when.date() == date.max:
            raise DateProblem(NO_SUCH_DAY, text)
        when += timedelta(days=1)
    if day is None and when > now:
        raise DateProblem(LATER_TODAY, text)
    if year_given is False:  # a month and day alone: the latest such moment not after now
        when = _latest_year(when, now, text)
    return when


def _plain(text: str) -> str:
    """Width-folded (full-width digits are digits), Traditional to Simplified for the
    words we read, lower case, runs of blanks made one, 的/在/at dropped."""
    plain = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL).strip().lower()
    plain = re.sub(r"\s+", " ", plain)
    plain = re.sub(r"(?<=\D)的|\bat\b|在(?!$)", " ", plain)
    return re.sub(r"\s+", " ", plain).strip()


def _iso(plain: str) -> datetime | None:
    """ISO 8601 with a time (2026-11-20T22:40, 2026-11-20 22:40:00+08:00)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[t ][0-9:.+\-z ]+", plain):
        return None
    try:
        return datetime.fromisoformat(plain.upper().replace(" Z", "Z"))
    except ValueError:
        return None


def _number(text: str) -> int | None:
    return numbers.whole(text) if len(text) <= 8 else None


def _split(plain: str, today: date) -> tuple[date | None, str, bool | None]:
    """(the day named at the start of ``plain`` or None, the rest, whether a year
    was written: True, False for a month and day alone, None for no date)."""
    for short, long in _SHORT.items():
        if plain.startswith(short):
            plain = long + plain[len(short):]
    for word, offset in sorted(_NAMED.items(), key=lambda item: -len(item[0])):
        if plain.startswith(word):
            return today + timedelta(days=offset), plain[len(word):].strip(), None
    match = _AGO.match(plain)
    if match:
        n = _number(match.group("n"))
        if n is None or n > 36_500:
            raise DateProblem(UNREADABLE, plain)
        return today - timedelta(days=n), plain[match.end():].strip(), None
    match = _LAST_WEEK.match(plain)
    if match:
        back = today.weekday() + 7 - _WEEKDAY[match.group("w")]
        return today - timedelta(days=back), plain[match.end():].strip(), None
    for pattern, with_year in ((_FULL, True), (_MONTH_DAY, False)):
        match = pattern.match(plain)
        if match and (with_year or _ends_day(plain, match.end())):
            year = int(match.group("y")) if with_year else 2000  # a leap year: 2月29日 reads
            month, day = _number(match.group("m")), _number(match.group("d"))
            if month is None or day is None:
                raise DateProblem(UNREADABLE, plain)
            try:
                found = date(year, month, day)
            except ValueError:
                raise DateProblem(NO_SUCH_DAY, plain) from None
            if not with_year:
                found = _latest_year(datetime.combine(found, time(0)),
                                     datetime.combine(today, time(23, 59, 59)), plain).date()
            return found, plain[match.end():].strip(" t"), with_year
    return None, plain, None


def _ends_day(plain: str, end: int) -> bool:
    """A month-day (11-20, 11/20, 11月20日) ends there: not the 22 of 22:40."""
    return end == len(plain) or plain[end] in " t" or plain[end - 1] in " 日号"


def _latest_year(when: datetime, now: datetime, text: str) -> datetime:
    """``when`` moved to the latest year that puts it at or before ``now``
    (29 February: the latest leap year)."""
    for year in range(now.year, now.year - 5, -1):
        try:
            moved = when.replace(year=year)
        except ValueError:
            continue
        if moved <= now:
            return moved
    raise DateProblem(NO_SUCH_DAY, text)


def _read_time(rest: str) -> tuple[time, bool] | None:
    """A time of day (23:40, 晚上11点, 下午3点半, 11点40分, 11pm) and whether it is the
    small hours after a night (晚上1点); None when ``rest`` is not a time."""
    match = _TIME.fullmatch(rest.strip())
    if not match:
        return None
    period, ampm = match.group("period") or "", match.group("ampm") or ""
    if not (period or ampm or match.group("sep")):
        return None  # a bare "23" could be a day; say 23点 or 23:00
    raw_hour = _number(match.group("h"))
    if raw_hour is None or raw_hour > 23 or (ampm and not 1 <= raw_hour <= 12):
        raise DateProblem(NO_SUCH_DAY, rest)
    hour = numbers.clock_hour(f"{period}{raw_hour}{ampm}")
    minute_second = _minutes(match.group("rest") or "")
    if hour is None or minute_second is None:
        return None
    minute, second = minute_second
    small_hours = period in _NIGHT and hour < 5
    return time(hour, minute, second), small_hours


def _minutes(rest: str) -> tuple[int, int] | None:
    """What follows the hour: 40, 40分, 半, 一刻, 三刻, 整, 钟, 40:10, 40分10秒."""
    rest = rest.strip()
    fixed = {"": 0, "半": 30, "一刻": 15, "三刻": 45, "整": 0, "钟": 0, "钟整": 0}
    if rest in fixed:
        return fixed[rest], 0
    match = _MINUTES.fullmatch(rest)
    if not match or not match.group("m"):
        return None
    minute = _number(match.group("m"))
    second = _number(match.group("s")) if match.group("s") else 0
    if minute is None or second is None:
        return None
    if minute > 59 or second > 59:
        raise DateProblem(NO_SUCH_DAY, rest)
    return minute, second
