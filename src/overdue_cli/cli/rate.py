"""``overdue rate``: what a loan really costs a year, and the lines the law draws on it.

Why a thin module: it reads the flags, or on a terminal the answers of a short
interview (rate/interview.py, prompts on stderr so stdout holds only the report),
into a Loan (rate/inputs.py), hands it to rate/assess.py, and prints the result;
every decision is the core's. Without flags and without a terminal it is a usage
error naming the ways to describe a loan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer

from overdue_cli.cli.context import emit, environment
from overdue_cli.cli.options import JsonOpt, LangOpt, book_and_locale
from overdue_cli.errors import EXIT_OK, UsageProblem
from overdue_cli.render import OutputFormat, RateOutput

if TYPE_CHECKING:
    from overdue_cli.rate import RateAssessment

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
    interactive: Annotated[bool, typer.Option("--interactive", "-i")] = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
) -> int:
    """What a loan really costs a year (APR and effective rate), against the legal lines."""
    from overdue_cli.check import parse_day, parse_lender
    from overdue_cli.rate import RateInputs, assess_rate, build_loan, next_steps, parse_lpr

    env = environment(ctx)
    book, loc = book_and_locale(lang, None)
    kind = parse_lender(book, lender, loc.lang)
    signed_on = parse_day(signed, "--signed", env.today())  # None: not given, never "today"
    lpr_value: Decimal | None = parse_lpr(lpr) if lpr is not None else None
    inputs = RateInputs(received=received, contract=contract, pay=pay, every=every, times=times,
                        fee=fee, fee_each=fee_each, late_fees=tuple(late_fee or ()),
                        paid=tuple(paid or ()), schedule=schedule, daily=daily, days=days,
                        principal=principal)
    asked = interactive or (not inputs.describes_a_loan and env.interactive)
    if asked:
        if inputs.describes_a_loan:
            raise UsageProblem("-i describes the loan by questions: do not describe it with "
                               "flags (--received, --pay...) as well", key="rate_ask_or_flags")
        from overdue_cli.cli.check import asker
        from overdue_cli.rate import run_rate_interview

        answers = run_rate_interview(book, loc, asker(env),
                                     lambda text: typer.echo(text, err=True), env.today(),
                                     given=[name for name, value in (("lender", lender),
                                                                     ("signed", signed)) if value])
        inputs = answers.inputs
        kind = parse_lender(book, answers.lender, loc.lang) if answers.lender else kind
        signed_on = parse_day(answers.signed, "--signed", env.today()) or signed_on
    # the money is counted from the contract's day, else from today; the lines that
    # need the contract's day (4 × LPR) say so rather than take today for it
    loan = build_loan(inputs, signed_on or env.today(), env.today())
    result = assess_rate(loan, kind, signed_on, lpr_value)
    spec = book.lenders.get(kind)
    result = result.with_steps(next_steps(result, spec.actions if spec else (),
                                          spec.skip_actions if spec else ()))
    if asked and not json_out:
        result = _no_flag_advice(result)
    emit(env, OutputFormat.human_or_json(json_out), RateOutput(book, loc, result))
    return EXIT_OK


def _no_flag_advice(result: RateAssessment) -> RateAssessment:
    """The report after an interview tells no one to add a flag: the stale-LPR note
    without its "give it with --lpr" (the JSON keeps the flags' note ids)."""
    def plain(key: str) -> str:
        return {"rate_lpr_stale": "rate_ask_lpr_stale",
                "rate_lpr_needs_date": "rate_ask_lpr_needs_date"}.get(key, key)

    return result._replace(lines=tuple(
        r._replace(line=r.line._replace(more=tuple(plain(k) for k in r.line.more)))
        for r in result.lines))
