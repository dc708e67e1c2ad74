"""``overdue rate``: what a loan really costs a year, and the lines the law draws on it.

Why a thin module: it reads the flags into a Loan (rate/flows.py), hands it to
rate/assess.py, and prints the result; every decision is the core's. No terminal
interview yet: without flags it is a usage error naming the ways to describe a loan.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from overdue_cli.cli.context import emit, environment
from overdue_cli.cli.options import JsonOpt, LangOpt, book_and_locale
from overdue_cli.errors import EXIT_OK, DataProblem, UsageProblem
from overdue_cli.render import OutputFormat, RateOutput

_EVERY = {"day": "day", "天": "day", "日": "day", "每天": "day", "week": "week", "周": "week",
          "每周": "week", "fortnight": "fortnight", "两周": "fortnight", "month": "month",
          "月": "month", "每月": "month"}
_DATE_HEADERS = frozenset(("date", "day", "日期"))

Text = Annotated[str | None, typer.Option(metavar="AMOUNT")]


def _schedule(path: str, start: date, today: date) -> list[tuple[date, Decimal]]:
    from overdue_cli.check import parse_day
    from overdue_cli.rate import parse_amount

    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataProblem(f"cannot read the schedule {path}: {exc}", key="rate_schedule_unreadable",
                          params={"path": path}) from None
    if rows and rows[0] and rows[0][0].strip().lower() in _DATE_HEADERS:
        rows = rows[1:]
    found: list[tuple[date, Decimal]] = []
    for number, row in enumerate(rows, 1):
        if len(row) < 2:
            raise DataProblem(f"{path}: line {number} is not 'date,amount'",
                              key="rate_schedule_row", params={"path": path, "line": number})
        day = parse_day(row[0].strip(), "--schedule", today) or start
        found.append((day, parse_amount(row[1], "--schedule")))
    return found


def rate(
    ctx: typer.Context,
    received: Text = None,
    contract: Text = None,
    pay: Text = None,
    every: Annotated[str | None, typer.Option(metavar="day|week|fortnight|month")] = None,
    times: Annotated[str | None, typer.Option(metavar="N")] = None,
    fee: Text = None,
    lender: Annotated[str | None, typer.Option(metavar="KIND")] = None,
    signed: Annotated[str | None, typer.Option(metavar="DATE")] = None,
    schedule: Annotated[str | None, typer.Option(metavar="FILE")] = None,
    daily: Annotated[str | None, typer.Option(metavar="RATE")] = None,
    days: Annotated[str | None, typer.Option(metavar="N")] = None,
    principal: Text = None,
    lpr: Annotated[str | None, typer.Option(metavar="RATE")] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> int:
    """What a loan really costs a year (APR and effective rate), against the legal lines."""
    from overdue_cli.check import parse_count, parse_day, parse_lender
    from overdue_cli.rate import assess_rate, daily_rate, from_schedule, parse_amount, parse_rate
    from overdue_cli.rate import regular as regular_loan

    env = environment(ctx)
    book, loc = book_and_locale(lang, None)
    kind = parse_lender(book, lender, loc.lang)
    signed_on = parse_day(signed, "--signed", env.today()) or env.today()
    lpr_value = parse_rate(lpr, "--lpr").value if lpr is not None else None  # a year's

    def amount(value: str | None, flag: str) -> Decimal | None:
        return None if value is None else parse_amount(value, flag)

    fee_start = amount(fee, "--fee") or Decimal(0)
    got, named = amount(received, "--received"), amount(contract, "--contract")
    regular_flags = pay is not None or every is not None or times is not None
    daily_flags = daily is not None or days is not None or principal is not None
    if sum((regular_flags, daily_flags, schedule is not None)) > 1:
        raise UsageProblem("use one of --pay/--every/--times, --daily/--days/--principal, "
                           "--schedule", key="rate_one_kind")
    if daily_flags:
        if daily is None or days is None or principal is None:
            raise UsageProblem("--daily needs --days and --principal", key="rate_daily_needs")
        per_day = parse_rate(daily, "--daily", bare="day")
        n_days = parse_count(days, "--days") or 0
        loan = daily_rate(parse_amount(principal, "--principal"), per_day.value
                          if per_day.per == "day" else per_day.annual / 365, n_days,
                          received=got, received_on=signed_on, fee_start=fee_start)
    elif schedule is not None:
        if got is None:
            raise UsageProblem("--schedule needs --received", key="rate_needs_received")
        rows = _schedule(schedule, signed_on, env.today())
        loan = from_schedule(got, signed_on, rows, contract=named, fee_start=fee_start)
    elif regular_flags:
        if got is None or pay is None or every is None or times is None:
            raise UsageProblem("--pay needs --received, --every and --times",
                               key="rate_regular_needs")
        step = _EVERY.get(every.strip().lower())
        if step is None:
            from overdue_cli.cli.options import unknown_choice

            raise unknown_choice(f"--every: no schedule '{every}'", every,
                                 ("day", "week", "fortnight", "month"), key="rate_every_bad")
        loan = regular_loan(got, signed_on, parse_amount(pay, "--pay"), step,  # type: ignore[arg-type]
                            parse_count(times, "--times") or 0, contract=named,
                            fee_start=fee_start)
    else:
        raise UsageProblem("describe the loan: --received with --pay/--every/--times, or "
                           "--schedule FILE, or --daily/--days/--principal",
                           key="rate_nothing_given")
    result = assess_rate(loan, kind, signed_on, lpr_value)
    emit(env, OutputFormat.human_or_json(json_out), RateOutput(book, loc, result))
    return EXIT_OK
