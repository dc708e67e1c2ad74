"""``overdue rate``: what a loan really costs a year, and the lines the law draws on it.

Why a thin module: it reads the flags into a Loan (rate/flows.py), hands it to
rate/assess.py, and prints the result; every decision is the core's. No terminal
interview yet: without flags it is a usage error naming the ways to describe a loan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import typer

from overdue_cli.cli.context import emit, environment
from overdue_cli.cli.options import JsonOpt, LangOpt, book_and_locale
from overdue_cli.errors import EXIT_OK
from overdue_cli.render import OutputFormat, RateOutput

Text = Annotated[str | None, typer.Option(metavar="AMOUNT")]
Dated = Annotated[list[str] | None, typer.Option(metavar="DATE,AMOUNT")]


def rate(
    ctx: typer.Context,
    received: Text = None,
    contract: Text = None,
    pay: Text = None,
    every: Annotated[str | None, typer.Option(metavar="day|week|fortnight|month")] = None,
    times: Annotated[str | None, typer.Option(metavar="N")] = None,
    fee: Text = None,
    fee_each: Text = None,
    late_fee: Dated = None,
    paid: Dated = None,
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
    from overdue_cli.check import parse_day, parse_lender
    from overdue_cli.rate import RateInputs, assess_rate, build_loan, next_steps, parse_rate

    env = environment(ctx)
    book, loc = book_and_locale(lang, None)
    kind = parse_lender(book, lender, loc.lang)
    signed_on = parse_day(signed, "--signed", env.today()) or env.today()
    lpr_value: Decimal | None = parse_rate(lpr, "--lpr").value if lpr is not None else None
    inputs = RateInputs(received=received, contract=contract, pay=pay, every=every, times=times,
                        fee=fee, fee_each=fee_each, late_fees=tuple(late_fee or ()),
                        paid=tuple(paid or ()), schedule=schedule, daily=daily, days=days,
                        principal=principal)
    loan = build_loan(inputs, signed_on, env.today())
    result = assess_rate(loan, kind, signed_on, lpr_value)
    spec = book.lenders.get(kind)
    result = result.with_steps(next_steps(result, spec.actions if spec else (),
                                          spec.skip_actions if spec else ()))
    emit(env, OutputFormat.human_or_json(json_out), RateOutput(book, loc, result))
    return EXIT_OK
