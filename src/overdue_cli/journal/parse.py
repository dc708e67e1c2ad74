"""What the user types for the journal (times, dates, zones, durations) -> values.

Each parser returns a clean value or raises UsageProblem with one line and an
example. Times without a zone are in the user's zone (``--tz``, default
Asia/Shanghai); nothing is guessed silently: an ambiguous or impossible time is
an error that shows the accepted forms.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from overdue_cli.errors import UsageProblem, cut
from overdue_cli.journal.events import DIRECTIONS, OUTCOMES
from overdue_cli.readers import CHINA_TZ
from overdue_cli.text import DateProblem, closest, dates, read_day, read_moment, text_safe

DEFAULT_TZ = "Asia/Shanghai"
_OFFSET = re.compile(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_AT_FORMS = ("e.g. --at \"2026-11-20 22:40\", --at 昨天晚上11点, --at 2026年11月20日22点40分, "
             "--at 2026-11-20T22:40+08:00, --at 22:40 (today)")


def parse_tz(name: str | None) -> tuple[tzinfo, str]:
    """A zone by IANA name (Asia/Shanghai) or fixed offset (+08:00, UTC+8)."""
    if name is None or name.strip() in ("", DEFAULT_TZ):
        return CHINA_TZ, DEFAULT_TZ
    text = name.strip()
    if text.upper() in ("UTC", "Z", "GMT"):
        return UTC, "UTC"
    match = _OFFSET.fullmatch(text)
    if match:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
        if delta > timedelta(hours=14):
            raise UsageProblem(f"--tz offset out of range: '{name}'", "e.g. --tz +08:00",
                               key="tz_offset_range", hint_key="eg_tz", params={"value": name})
        offset = delta if sign == "+" else -delta
        label = f"{sign}{int(hours):02d}:{int(minutes or 0):02d}"
        return timezone(offset, label), label
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

    try:
        return ZoneInfo(text), text
    except (ZoneInfoNotFoundError, ValueError):
        near = closest(text, sorted(available_timezones()), 1)
        hint = f"did you mean '{near[0]}'? " if near else ""
        raise UsageProblem(f"unknown time zone '{name}' (未知时区)",
                           f"{hint}use an IANA name like Asia/Shanghai or an offset like "
                           "+08:00", key="unknown_tz",
                           hint_key="tz_hint_mean" if near else "tz_hint",
                           params={"value": name, "word": near[0] if near else ""}) from None


def parse_at(value: str | None, tz: tzinfo, now: datetime | None = None) -> datetime:
    """A contact's time; ``None`` or ``now`` is now. Naive times are in ``tz``.

    Read by the one date reader (text/dates.py): 2026-11-20 22:40, 2026年11月20日
    22点40分, 昨天晚上11点, 前天下午3点, 11月20号 晚上11点, yesterday 11pm. A date
    without a year (``11-20 22:40``) is the latest such moment that is not in the
    future. A time without a date is today's; one that has not come yet today is
    refused with a request for the day (a contact at 晚上11点, logged at 15:30, was
    on some earlier day: which one is for the user to say, not for us to guess).
    Times outside the journal's range (events.EARLIEST/LATEST) are refused here.
    """
    from overdue_cli.journal.events import EARLIEST, LATEST, out_of_range

    current = (now or datetime.now(tz)).astimezone(tz)
    if value is None:
        return current.replace(microsecond=0)
    try:
        when = read_moment(value, current.replace(tzinfo=None, microsecond=0))
    except DateProblem as problem:
        raise _at_problem(value, problem, current) from None
    when = when if when.tzinfo else when.replace(tzinfo=tz)
    if out_of_range(when):
        raise UsageProblem(f"--at: '{text_safe(cut(value, 40))}' is outside the range the "
                           f"journal keeps (时间超出范围: {EARLIEST.date()} – "
                           f"{LATEST.year - 1}-12-31, UTC)",
                           _AT_FORMS, key="at_range", hint_key="at_forms",
                           params={"value": text_safe(cut(value, 40)),
                                   "first": EARLIEST.date().isoformat(),
                                   "last": f"{LATEST.year - 1}-12-31"})
    return when


def _at_problem(value: str, problem: DateProblem, current: datetime) -> UsageProblem:
    """The one-line error for an ``--at`` the reader refused, by its reason."""
    shown = text_safe(cut(value, 40))
    if problem.reason == dates.LATER_TODAY:
        yesterday = (current - timedelta(days=1)).date().isoformat()
        return UsageProblem(f"--at: '{shown}' has not come yet today ({current:%H:%M}); which "
                            "day was it? (今天还没到这个时间，请写上日期)",
                            f"e.g. --at \"昨天 {shown}\" or --at \"{yesterday} {shown}\"",
                            key="at_later_today", hint_key="at_later_today_hint",
                            params={"value": shown, "now": f"{current:%H:%M}",
                                    "yesterday": yesterday})
    if problem.reason == dates.NO_SUCH_DAY:
        return UsageProblem(f"--at: there is no such day or time as '{shown}' (日期或时间不存在)",
                            _AT_FORMS, key="at_no_such", hint_key="at_forms",
                            params={"value": shown})
    return UsageProblem(f"--at: cannot read '{shown}' as a time (无法识别的时间)", _AT_FORMS,
                        key="at_unreadable", hint_key="at_forms", params={"value": shown})


def parse_date(value: str | None, flag: str, tz: tzinfo,
               today: date | None = None) -> date | None:
    """A day as read_day reads it (2026-11-01, 2026年11月1日, 11月1号, 今天, 昨天, 前天,
    3天前, 上周五), or ``7d`` / ``30天`` (that many days ago)."""
    if value is None:
        return None
    base = today or datetime.now(tz).date()
    text = unicodedata.normalize("NFKC", value).strip().lower()
    match = re.fullmatch(r"(\d{1,5})\s*(?:d|days?|天)", text)
    if match:
        return base - timedelta(days=int(match.group(1)))
    try:
        return read_day(value, base)
    except DateProblem as problem:
        shown = text_safe(cut(value, 40))
        if problem.reason == dates.NO_SUCH_DAY:
            raise UsageProblem(f"{flag}: there is no such day as '{shown}' (日期不存在)",
                               f"e.g. {flag} 2026-11-01", key="no_such_day", hint_key="eg_day",
                               params={"flag": flag, "value": shown}) from None
        raise UsageProblem(f"{flag}: cannot read '{shown}' as a date (无法识别的日期)",
                           f"e.g. {flag} 2026-11-01, {flag} 7d (seven days ago)",
                           key="bad_date", hint_key="eg_day_ago",
                           params={"flag": flag, "value": shown}) from None


_DURATION = re.compile(r"(?:(\d{1,12})\s*(?:h|小时|時))?\s*(?:(\d{1,12})\s*(?:m|min|分钟|分鐘|分))?"
                       r"\s*(?:(\d{1,12})\s*(?:s|sec|秒))?")


def parse_duration(value: str | None) -> int | None:
    """Seconds from ``200``, ``3m20s``, ``3分20秒`` or ``00:03:20``."""
    if value is None:
        return None
    from overdue_cli.journal.events import MAX_DURATION_S

    text = unicodedata.normalize("NFKC", value).strip().lower()
    seconds: int | None = None
    if re.fullmatch(r"\d{1,12}", text):
        seconds = int(text)
    elif re.fullmatch(r"\d{1,2}(:\d{1,2}){1,2}", text):
        seconds = 0
        for part in text.split(":"):
            seconds = seconds * 60 + int(part)
    else:
        match = _DURATION.fullmatch(text)
        if match and any(match.groups()):
            h, m, s = (int(x or 0) for x in match.groups())
            seconds = h * 3600 + m * 60 + s
    if seconds is None and re.search(r"\d{13}", text):
        seconds = MAX_DURATION_S + 1  # more digits than any call: out of range below
    if seconds is None:
        raise UsageProblem(f"--duration: cannot read '{value}' (无法识别的通话时长)",
                           "e.g. --duration 200 (seconds), 3m20s, 3分20秒, 00:03:20",
                           key="bad_duration", hint_key="eg_duration", params={"value": value})
    if seconds > MAX_DURATION_S:
        raise UsageProblem(f"--duration: '{cut(value, 40)}' is longer than a week "
                           "(通话时长超出范围)", "give the call's length in seconds, e.g. 200",
                           key="duration_range", hint_key="duration_seconds",
                           params={"value": cut(value, 40)})
    return seconds


def parse_choice(value: str | None, flag: str, choices: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    text = value.strip().lower()
    if text in choices:
        return text
    near = closest(value, list(choices), 1)
    raise UsageProblem(f"{flag} must be one of {', '.join(choices)}, not '{value}'",
                       f"did you mean '{near[0]}'?" if near else f"e.g. {flag} {choices[0]}",
                       key="choice_one_of", hint_key="did_you_mean_word" if near else "eg_flag",
                       params={"flag": flag, "choices": ", ".join(choices), "value": value,
                               "word": near[0] if near else "", "example": choices[0]})


def parse_outcome(value: str | None) -> str | None:
    return parse_choice(value, "--outcome", OUTCOMES)


def parse_direction(value: str | None) -> str:
    return parse_choice(value, "--direction", DIRECTIONS) or "in"


def number_matcher(patterns: list[str]) -> tuple[str, ...]:
    """``--from-number`` values, normalised; a trailing ``*`` keeps a prefix."""
    from overdue_cli.journal.phones import normalise

    out = []
    for raw in patterns:
        star = raw.strip().endswith("*")
        number = normalise(raw.strip().rstrip("*"))
        if not number:
            raise UsageProblem(f"--from-number: '{raw}' is not a number",
                               "e.g. --from-number 17012345678 or --from-number '1069*'",
                               key="not_a_number", hint_key="eg_from_number",
                               params={"value": raw})

        out.append(number + ("*" if star else ""))
    return tuple(out)


def matches_number(number: str | None, patterns: tuple[str, ...]) -> bool:
    if number is None:
        return False
    return any(number.startswith(p[:-1]) if p.endswith("*") else number == p for p in patterns)
