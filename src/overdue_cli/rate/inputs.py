"""A loan as the user described it, flag by flag or answer by answer, made into a Loan.

Why: ``overdue rate`` takes a loan from flags and from a terminal interview, and
both must give the same answer for the same words. So both fill one
``RateInputs`` of unparsed text, and ``build_loan`` here reads it the one way:
which kind of description it is (regular instalments, a daily rate, a schedule
of payments), what is missing or contradictory, and every amount, count and day
through the same parsers. Errors are ``UsageProblem`` (exit 2) with catalogue
keys; a schedule file that cannot be read is ``DataProblem`` (exit 3).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from overdue_cli.errors import DataProblem, UsageProblem
from overdue_cli.rate.amounts import parse_amount, parse_rate
from overdue_cli.rate.flows import Every, Flow, Loan, daily_rate, from_schedule, regular, with_flows
from overdue_cli.rate.irr import money

__all__ = ["EVERY_WORDS", "RateInputs", "build_loan", "parse_dated", "parse_every",
           "parse_late_fee", "parse_lpr",
           "read_schedule"]

EVERY_WORDS: dict[str, Every] = {
    "day": "day", "daily": "day", "d": "day", "天": "day", "日": "day", "每天": "day",
    "每日": "day", "按天": "day", "按日": "day",
    "week": "week", "weekly": "week", "w": "week", "周": "week", "每周": "week",
    "星期": "week", "每星期": "week", "按周": "week", "週": "week", "每週": "week",
    "7天": "week", "七天": "week", "每7天": "week", "每七天": "week", "一周": "week",
    "1周": "week", "一週": "week",
    "fortnight": "fortnight", "fortnightly": "fortnight", "biweekly": "fortnight",
    "两周": "fortnight", "每两周": "fortnight", "双周": "fortnight", "兩週": "fortnight",
    "每兩週": "fortnight", "雙週": "fortnight", "半月": "fortnight", "14天": "fortnight",
    "十四天": "fortnight", "每14天": "fortnight", "每十四天": "fortnight",
    "month": "month", "monthly": "month", "m": "month", "月": "month", "每月": "month",
    "每个月": "month", "按月": "month", "每個月": "month",
}
"""The words for a schedule's step, as people write them (半月 is read as two weeks; 7天
and 14天 as a week and two weeks, the terms 714 loans are named for)."""
_DATE_HEADERS = frozenset(("date", "day", "日期", "还款日", "还款日期", "時間", "时间"))
_PAIR = r"^\s*(.+?)\s*[,，=＝\s]\s*([^,，=＝\s]+)\s*$"  # (compiled on first use)


# (a NamedTuple, not a frozen dataclass: as immutable, and far cheaper to define)
class RateInputs(NamedTuple):
    """A loan in the user's words: each field the text of one flag or answer, unparsed.

    ``paid`` holds payments made beside the schedule and ``late_fees`` fees paid for
    late payment, each ``"DATE,AMOUNT"`` (a late fee may be a bare amount: it is then
    counted on the last payment's day, which can only understate the cost).
    ``schedule`` is the path of a ``date,amount`` file; ``payments`` are the same rows
    typed one by one (the interview's irregular loan), each ``"DATE,AMOUNT"``.
    """

    received: str | None = None
    contract: str | None = None
    pay: str | None = None
    every: str | None = None
    times: str | None = None
    fee: str | None = None
    fee_each: str | None = None
    late_fees: tuple[str, ...] = ()
    paid: tuple[str, ...] = ()
    schedule: str | None = None
    daily: str | None = None
    days: str | None = None
    principal: str | None = None
    payments: tuple[str, ...] = ()

    @property
    def describes_a_loan(self) -> bool:
        """True when any flag that describes the loan's money was given."""
        return any(v is not None for v in (self.received, self.contract, self.pay, self.every,
                                           self.times, self.fee, self.fee_each, self.schedule,
                                           self.daily, self.days, self.principal)) \
            or bool(self.late_fees or self.paid or self.payments)


def parse_every(text: str) -> Every:
    """day / week / fortnight / month from the words people use (每周, 两周, 按月…)."""
    key = unicodedata.normalize("NFKC", text).strip().lower()
    found = EVERY_WORDS.get(key)
    if found is None:
        from overdue_cli.errors import unknown_choice

        raise unknown_choice(f"--every: no schedule '{text}'", text,
                             ("day", "week", "fortnight", "month"), key="rate_every_bad")
    return found


def _amount(value: str | None, flag: str) -> Decimal | None:
    return None if value is None else parse_amount(value, flag)


def _day(text: str, flag: str, today: date, start: date | None = None) -> date:
    """A day as people write it. One written without a year (3月15日, 3/15) belongs to
    the loan, not to this year: with ``start`` (the day the money arrived) it is the
    first such day on or after it, never a day of the current year that would move a
    payment by up to a year and change the cost."""
    from overdue_cli.check.inputs import parse_day

    shown = text.strip()
    day = parse_day(shown, flag, today)
    assert day is not None  # parse_day returns None only for None
    if start is None:
        return day
    one, two = parse_day(shown, flag, date(2004, 6, 15)), parse_day(shown, flag, date(2008, 9, 20))
    if one is None or two is None or (one.month, one.day) != (two.month, two.day) \
            or one.year == two.year:
        return day  # a year was written, or the day is relative (昨天, 3天前)
    for year in range(start.year, start.year + 9):
        try:
            found = date(year, one.month, one.day)
        except ValueError:  # 2月29日 in a common year
            continue
        if found >= start:
            return found
    return day


def parse_dated(text: str, flag: str, today: date,
                start: date | None = None) -> tuple[date, Decimal]:
    """``"DATE,AMOUNT"`` (or DATE AMOUNT, DATE=AMOUNT) as a day and an amount."""
    pair = re.match(_PAIR, unicodedata.normalize("NFKC", text))
    if pair is None:
        raise UsageProblem(f"{flag} needs DATE,AMOUNT, got '{text}'",
                           key="rate_dated_bad", hint_key="rate_dated_example",
                           params={"flag": flag, "value": text})
    return _day(pair.group(1), flag, today, start), parse_amount(pair.group(2), flag)


_MAX_SCHEDULE = 10 * 1024 * 1024  # a payment schedule is a few lines; this is not one


def _schedule_text(path: str) -> str:
    """The schedule's text: UTF-8 (with or without a BOM), else GB18030, which is what
    Excel on Chinese Windows saves as "CSV". A missing file, a folder, a file too large
    to be a schedule or one unreadable each say which (exit 3)."""
    target = Path(path)
    try:
        if target.is_dir():
            raise DataProblem(f"{path} is a folder, not a schedule file",
                              key="rate_schedule_folder", params={"path": path})
        with target.open("rb") as handle:
            data = handle.read(_MAX_SCHEDULE + 1)
    except FileNotFoundError:
        raise DataProblem(f"no schedule file {path}", key="rate_schedule_missing",
                          params={"path": path}) from None
    except OSError as exc:
        raise DataProblem(f"cannot read the schedule {path}: {exc.strerror or exc}",
                          key="rate_schedule_unreadable",
                          params={"path": path, "reason": exc.strerror or str(exc)}) from None
    if len(data) > _MAX_SCHEDULE:
        raise DataProblem(f"{path} is too large to be a payment schedule",
                          key="rate_schedule_large", params={"path": path})
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataProblem(f"{path} is neither UTF-8 nor GB18030 text",
                      key="rate_schedule_encoding", params={"path": path})


def read_schedule(path: str, start: date, today: date) -> list[tuple[date, Decimal]]:
    """A ``date,amount`` file (UTF-8 or GB18030, a header row allowed, Chinese headers
    too) as (day, amount paid) rows; an empty date cell is the day the money arrived."""
    import csv  # (only for a schedule: most runs describe the loan with flags)
    import io

    text = _schedule_text(path)
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline=""))
                if any(cell.strip() for cell in row)]
    except csv.Error:
        raise DataProblem(f"{path} is not a CSV file of 'date,amount' lines",
                          key="rate_schedule_not_csv", params={"path": path}) from None
    if rows and rows[0] and rows[0][0].strip().lower() in _DATE_HEADERS:
        rows = rows[1:]
    if not rows:
        raise DataProblem(f"{path}: no payments in the schedule", key="rate_schedule_empty",
                          params={"path": path})
    found: list[tuple[date, Decimal]] = []
    for number, row in enumerate(rows, 1):
        if len(row) < 2:
            raise DataProblem(f"{path}: line {number} is not 'date,amount'",
                              key="rate_schedule_row", params={"path": path, "line": number})
        try:
            day = _day(row[0], "--schedule", today, start) if row[0].strip() else start
            amount = parse_amount(row[1], "--schedule")
        except UsageProblem:
            raise DataProblem(f"{path}: line {number} is not 'date,amount'",
                              key="rate_schedule_row",
                              params={"path": path, "line": number}) from None
        found.append((day, amount))
    return found


def _extras(inputs: RateInputs, start: date,
            today: date) -> tuple[list[Flow], list[tuple[date | None, Decimal]]]:
    paid = [Flow(day, -amount, None, "paid") for day, amount in
            (parse_dated(text, "--paid", today, start) for text in inputs.paid)]
    late = [parse_late_fee(text, "--late-fee", today, start) for text in inputs.late_fees]
    return paid, late


def parse_late_fee(text: str, flag: str, today: date,
                   start: date | None = None) -> tuple[date | None, Decimal]:
    """A late fee as ``DATE,AMOUNT`` (or DATE AMOUNT), or an amount alone (no day: None,
    and the loan counts it on the last payment's day). The flag and the interview read
    it here, the one way."""
    if re.match(_PAIR, unicodedata.normalize("NFKC", text)):
        return parse_dated(text, flag, today, start)
    return None, parse_amount(text, flag)


_MAX_TIMES = 10_000
_MAX_DAYS = 36_500


def _count(text: str, flag: str, name: str, high: int, example: str) -> int:
    """A count of instalments or days, 1 to ``high``, as people write it (8, 八, 三十):
    one range in every message, whichever end is crossed."""
    from overdue_cli.check.inputs import parse_whole
    from overdue_cli.text import numbers

    shown = unicodedata.normalize("NFKC", text).strip()
    said = numbers.count(shown) if not re.fullmatch(r"[+-]?[0-9]+", shown) else None
    return parse_whole(said if said is not None else shown, flag, name, low=1, high=high,
                       example=example)


def _daily(text: str) -> Decimal:
    """``--daily`` as a rate a day. A bare percentage is a day's (``--daily 0.05%``),
    but one of 1% or more is almost surely a year's (36%): refused, asking which."""
    per_day = parse_rate(text, "--daily", bare="day")
    as_year = parse_rate(text, "--daily", bare="year")
    if per_day != as_year and per_day.value >= Decimal("0.01"):
        raise UsageProblem(f"--daily {text}: {text} a day? write 年化{text} for a year's rate",
                           key="rate_daily_ambiguous", hint_key="rate_daily_ambiguous_hint",
                           params={"value": text})
    return per_day.value if per_day.per == "day" else per_day.annual / 365


def parse_lpr(text: str) -> Decimal:
    """``--lpr``: the one-year LPR at signing, a fraction a year. The series has stayed
    between 3% and 4.25% (legal.md §24.3); a value outside 0.5%–10% is a typo (a
    daily or monthly figure, or a rate multiplied already) and is refused."""
    try:
        value = parse_rate(text, "--lpr").annual
    except UsageProblem:
        value = None
    if value is None or not Decimal("0.005") <= value <= Decimal("0.10"):
        raise UsageProblem(f"--lpr {text}: the one-year LPR is a few percent a year",
                           key="rate_lpr_bad", hint_key="rate_lpr_example",
                           params={"value": text})
    return value


def _missing(flags: dict[str, str | None], needed: str) -> None:
    """One line naming every flag a description still lacks."""
    missing = [flag for flag, value in flags.items() if value is None]
    if missing:
        raise UsageProblem(f"{', '.join(missing)} missing: {needed} describe the loan together",
                           key="rate_missing", params={"missing": ", ".join(missing),
                                                       "needed": needed})


def build_loan(inputs: RateInputs, start: date, today: date) -> Loan:
    """The Loan the inputs describe, the money arriving on ``start``.

    Exactly one description: ``pay``/``every``/``times`` (regular instalments),
    ``daily``/``days``/``principal`` (a daily rate repaid at once) or ``schedule`` (or
    its rows as ``payments``).
    """
    regular_given = any(v is not None for v in (inputs.pay, inputs.every, inputs.times))
    daily_given = any(v is not None for v in (inputs.daily, inputs.days, inputs.principal))
    if sum((regular_given, daily_given, inputs.schedule is not None,
            bool(inputs.payments))) > 1:
        raise UsageProblem("use one of --pay/--every/--times, --daily/--days/--principal, "
                           "--schedule", key="rate_one_kind")
    fee_start = _amount(inputs.fee, "--fee") or Decimal(0)
    got, named = _amount(inputs.received, "--received"), _amount(inputs.contract, "--contract")
    if got is not None and fee_start >= got:
        raise UsageProblem(f"the first-day fee of {fee_start} is not less than the {got} "
                           "received", key="rate_fee_exceeds", hint_key="rate_fee_exceeds_hint",
                           params={"fee": money(fee_start), "received": money(got)})
    paid, late = _extras(inputs, start, today)
    if daily_given:
        _missing({"--daily": inputs.daily, "--days": inputs.days,
                  "--principal": inputs.principal}, "--daily, --days, --principal")
        if inputs.fee_each is not None:
            raise UsageProblem("--fee-each needs --pay/--every/--times",
                               key="rate_fee_each_regular")
        assert inputs.daily is not None and inputs.days is not None
        assert inputs.principal is not None
        loan = daily_rate(parse_amount(inputs.principal, "--principal"), _daily(inputs.daily),
                          _count(inputs.days, "--days", "天数", _MAX_DAYS, "30"), received=got,
                          received_on=start, fee_start=fee_start)
    elif inputs.schedule is not None or inputs.payments:
        if got is None:
            raise UsageProblem("--schedule needs --received", key="rate_needs_received")
        if inputs.fee_each is not None:
            raise UsageProblem("--fee-each needs --pay/--every/--times",
                               key="rate_fee_each_regular")
        rows = (read_schedule(inputs.schedule, start, today) if inputs.schedule is not None
                else [parse_dated(text, "--schedule", today, start) for text in inputs.payments])
        loan = from_schedule(got, start, rows, contract=named, fee_start=fee_start)
    elif regular_given:
        _missing({"--received": inputs.received, "--pay": inputs.pay, "--every": inputs.every,
                  "--times": inputs.times}, "--received, --pay, --every, --times")
        assert got is not None and inputs.pay is not None and inputs.every is not None
        assert inputs.times is not None
        loan = regular(got, start, parse_amount(inputs.pay, "--pay"), parse_every(inputs.every),
                       _count(inputs.times, "--times", "期数", _MAX_TIMES, "8"), contract=named,
                       fee_start=fee_start,
                       fee_each=_amount(inputs.fee_each, "--fee-each") or Decimal(0))
    else:
        raise UsageProblem("describe the loan: --received with --pay/--every/--times, or "
                           "--schedule FILE, or --daily/--days/--principal",
                           "e.g. overdue rate --received 3500 --pay 800 --every week --times 8; "
                           "run it on a terminal with no flags for a short interview",
                           key="rate_nothing_given", hint_key="rate_nothing_given_hint")
    return _with_extras(loan, paid, late)


def _with_extras(loan: Loan, paid: Sequence[Flow],
                 late: Sequence[tuple[date | None, Decimal]]) -> Loan:
    if not paid and not late:
        return loan
    last = loan.flows[-1].day
    fees = [Flow(day or last, -amount, None, "late_fee" if day else "late_fee_assumed")
            for day, amount in late]
    return with_flows(loan, [*paid, *fees], fees=sum((a for _, a in late), Decimal(0)))
