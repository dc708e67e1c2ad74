"""``overdue check`` and ``overdue methods``: the situation in, a verdict out.

Why a module of its own: ``check`` is the command a frightened borrower runs
first, with flags or through the interview on a terminal; its options, the
interview's prompt (on the Environment's stdin and stderr) and the exit code of
``--fail-on`` live here. Every decision is the core's (``overdue_cli.check``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from overdue_cli.cli.context import emit, environment, note, say
from overdue_cli.cli.options import JsonOpt, LangOpt, RulesOpt, book_and_locale
from overdue_cli.env import Environment
from overdue_cli.errors import EXIT_FAIL_ON, EXIT_OK, InputEnded, UsageProblem
from overdue_cli.render import CheckOutput, MethodsOutput, OutputFormat
from overdue_cli.rulebook import SEVERITY

if TYPE_CHECKING:
    from overdue_cli.check.inputs import Note


def asker(env: Environment) -> Callable[[str], str]:
    """The interview's ``ask``: prompt on stderr and read one line from stdin, so
    stdout carries only the report (or JSON)."""

    def ask(question: str) -> str:
        # a Chinese question ends in its own punctuation (？ ）), an English one gets ": "
        end = " " if question[-1:] in "？）：)?:" else ": "
        env.stderr.write(f"{question}{end}")
        env.stderr.flush()
        try:
            line = env.stdin.readline()
            line.encode("utf-8")  # in the C locale, bytes that are not UTF-8 arrive as surrogates
        except (UnicodeDecodeError, UnicodeEncodeError):
            env.stderr.write("\n")
            raise UsageProblem("the answer is not UTF-8 text (输入不是 UTF-8 编码)",
                               "set the terminal to UTF-8 and answer again, or pass the facts "
                               "as flags", key="answer_not_utf8",
                               hint_key="answer_not_utf8_hint") from None
        if not line:
            env.stderr.write("\n")
            raise InputEnded("input ended before the interview was finished (输入提前结束)",
                             "answer every question, or pass the facts as flags",
                             key="interview_ended", hint_key="interview_ended_hint")
        return line.rstrip("\r\n")

    return ask


def check(
    ctx: typer.Context,
    days: Annotated[str | None, typer.Option("--days", "-d", metavar="N")] = None,
    method: Annotated[list[str] | None, typer.Option(
        "--method", "-m", metavar="M")] = None,
    hour: Annotated[str | None, typer.Option("--hour", metavar="H")] = None,
    calls_per_day: Annotated[str | None, typer.Option(
        "--calls-per-day", metavar="N")] = None,
    attempts_per_day: Annotated[str | None, typer.Option(
        "--attempts-per-day", metavar="N")] = None,
    unreachable: Annotated[bool, typer.Option(
        "--unreachable")] = False,
    platform: Annotated[str | None, typer.Option("--platform", metavar="NAME")] = None,
    lender: Annotated[str | None, typer.Option(
        "--lender", metavar="KIND")] = None,
    on: Annotated[str | None, typer.Option(
        "--on", metavar="DATE")] = None,
    last_due: Annotated[str | None, typer.Option(
        "--last-due", metavar="DATE")
    ] = None,
    last_contact: Annotated[str | None, typer.Option(
        "--last-contact", metavar="DATE")] = None,
    fail_on: Annotated[str | None, typer.Option(
        "--fail-on", metavar="VERDICT")] = None,
    interactive: Annotated[bool, typer.Option(
        "--interactive", "-i")] = False,
    brief: Annotated[bool, typer.Option(
        "--brief")] = False,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Check the collection methods you received: verdict, why, basis, next steps."""
    from overdue_cli.check import (
        Situation,
        assess,
        parse_count,
        parse_day,
        parse_days,
        parse_hour,
        parse_lender,
        parse_verdict,
        resolve_methods,
    )

    env = environment(ctx)
    threshold = parse_verdict(fail_on)
    book, loc = book_and_locale(lang, rules)
    on_day = parse_day(on, "--on", env.today())
    due_day = parse_day(last_due, "--last-due", env.today())
    contact_day = parse_day(last_contact, "--last-contact", env.today())
    if contact_day and contact_day > (on_day or env.today()):
        raise UsageProblem("--last-contact is after the day judged (最后联系日期晚于判断日期)",
                           "give the last day a demand reached you, or a payment or promise",
                           key="contact_after_day", hint_key="contact_after_day_hint")
    lender_id = parse_lender(book, lender, loc.lang)
    methods_in = list(method or [])
    flags_given = days is not None or methods_in or any(
        x is not None for x in (hour, calls_per_day, attempts_per_day, platform)) or unreachable
    if interactive or (not flags_given and env.interactive):
        from overdue_cli.check import run_interview

        flagged = {"platform": platform, "lender": lender, "last_due": last_due,
                   "last_contact": last_contact}
        answers = run_interview(book, loc, ask=asker(env),
                                say=lambda text: typer.echo(text, err=True),
                                today=on_day or env.today(),
                                given=[name for name, value in flagged.items() if value])
        situation = Situation(answers.days, answers.methods, answers.hour, answers.calls_per_day,
                              answers.attempts_per_day, answers.unreachable or unreachable,
                              answers.platform if platform is None else platform,
                              answers.method_input, lender=answers.lender or lender_id,
                              on=on_day, last_due=answers.last_due or due_day,
                              last_contact=answers.last_contact or contact_day,
                              interviewed=True)
        notes: tuple[Note, ...] = ()
    else:
        if not flags_given:
            raise UsageProblem(
                "check needs --days and the methods you received (缺少逾期天数和催收方式)",
                "e.g. overdue check --days 45 --method contacts --method sms; "
                "run it on a terminal with no flags for a guided interview",
                key="check_needs_facts", hint_key="check_needs_facts_hint",
            )
        n_days = parse_days(days)
        if n_days is None:
            raise UsageProblem("--days is required (请提供逾期天数)",
                               "e.g. --days 30 (0 = due today)", key="days_required",
                               hint_key="days_required_hint")
        resolved = resolve_methods(book, methods_in)
        situation = Situation(
            days_overdue=n_days,
            methods=resolved.ids,
            hour=parse_hour(hour),
            calls_per_day=parse_count(calls_per_day, "--calls-per-day"),
            attempts_per_day=parse_count(attempts_per_day, "--attempts-per-day"),
            unreachable=unreachable,
            platform=platform,
            method_input=tuple(methods_in),
            lender=lender_id,
            on=on_day,
            last_due=due_day,
            last_contact=contact_day,
        )
        notes = resolved.notes
    for said in notes:  # how the words were read, in the user's language
        read_as = book.methods.get(said.params.get("method", ""))
        note(say(said.key, **said.params, name=loc(read_as.name) if read_as else ""))
    assessment = assess(book, situation)
    emit(env, OutputFormat.human_or_json(json_out), CheckOutput(book, loc, assessment, brief))
    verdict = assessment.verdict
    if threshold is not None and verdict is not None and SEVERITY[verdict] >= SEVERITY[threshold]:
        return EXIT_FAIL_ON
    return EXIT_OK


def methods(ctx: typer.Context, json_out: JsonOpt = False, lang: LangOpt = None,
            rules: RulesOpt = None) -> int:
    """List the collection methods `check --method` accepts, with their aliases."""
    book, loc = book_and_locale(lang, rules)
    emit(environment(ctx), OutputFormat.human_or_json(json_out), MethodsOutput(book, loc))
    return EXIT_OK
