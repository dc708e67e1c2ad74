"""``overdue scan``: parse the options, show progress, hand results to a writer.

Why a module of its own: scan has the most options of any command, a streaming
output (``render.message_writer``: JSON, JSON Lines or the rich table, fed one
message at a time) and a progress display.
Running the scan — workers, skipped records, faults in the input — is
:func:`overdue_cli.scan.run_scan`'s; this module only says it to the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from overdue_cli.cli.context import environment, say
from overdue_cli.cli.options import JsonOpt, LangOpt, RulesOpt, book_and_locale, unknown_choice
from overdue_cli.env import Environment
from overdue_cli.errors import EXIT_FAIL_ON, EXIT_OK, UsageProblem
from overdue_cli.render import OutputFormat

if TYPE_CHECKING:
    from overdue_cli.readers import Skipped


def scan(
    ctx: typer.Context,
    inputs: Annotated[list[str] | None, typer.Argument(
        metavar="[MESSAGE|FILE|-]...")] = None,
    input_format: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT")] = None,
    text_column: Annotated[str | None, typer.Option(
        "--text-column", metavar="NAME")
    ] = None,
    time_column: Annotated[str | None, typer.Option(
        "--time-column", metavar="NAME")] = None,
    sender_column: Annotated[str | None, typer.Option(
        "--sender-column", metavar="NAME")] = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", metavar="NAME")] = None,
    include_sent: Annotated[bool, typer.Option(
        "--include-sent")] = False,
    force_text: Annotated[bool, typer.Option(
        "--text")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict")
    ] = False,
    show_all: Annotated[bool, typer.Option(
        "--all", "-a")] = False,
    flagged_only: Annotated[bool, typer.Option(
        "--flagged")] = False,
    fail_on: Annotated[str | None, typer.Option(
        "--fail-on", metavar="VERDICT")
    ] = None,
    jobs: Annotated[str, typer.Option(
        "--jobs", "-j", metavar="N|auto")] = "auto",
    no_model: Annotated[bool, typer.Option(
        "--no-model")
    ] = False,
    json_out: JsonOpt = False,
    jsonl_out: Annotated[bool, typer.Option(
        "--jsonl")
    ] = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Read collectors' messages and say which cross the line: words, rule, basis, next steps."""
    from overdue_cli.readers import FORMATS, ReadOptions
    from overdue_cli.scan import ScanSettings, classify, run_scan

    env = environment(ctx)
    if json_out and jsonl_out:
        raise UsageProblem("--json and --jsonl cannot be used together (只能选一种输出)",
                           "--json gives one document, --jsonl one line per message",
                           key="json_and_jsonl", hint_key="json_and_jsonl_hint")
    if input_format is not None and input_format not in FORMATS:
        raise unknown_choice(f"unknown --format '{input_format}' (不支持的格式)", input_format,
                             FORMATS, key="unknown_format")
    if fail_on is not None and fail_on not in ("unlawful", "scam"):
        raise UsageProblem(f"--fail-on must be unlawful or scam, not '{fail_on}'",
                           "unlawful trips on unlawful or scam messages; scam only on scams",
                           key="scan_fail_on", hint_key="scan_fail_on_hint",
                           params={"value": fail_on})
    args = list(inputs or [])
    if not args:
        if env.stdin_isatty:
            raise UsageProblem("nothing to scan (没有要检查的消息)",
                               'give a message, a file, or - for stdin: overdue scan "短信内容"',
                               key="nothing_to_scan", hint_key="nothing_to_scan_hint")
        args = ["-"]
    book, loc = book_and_locale(lang, rules)
    if not book.signals:
        raise UsageProblem(f"{book.shown_path}: this rulebook has no signals section, so scan has "
                           "nothing to look for", "use the shipped rulebook (drop --rules)",
                           key="no_signals", hint_key="use_shipped_rules",
                           params={"path": book.shown_path})
    classified = classify(args, force_text)
    options = ReadOptions(format=input_format, encoding=encoding, text_column=text_column,
                          time_column=time_column, sender_column=sender_column,
                          include_sent=include_sent)
    settings = ScanSettings(strict=strict, flagged_only=flagged_only,
                            jobs=_jobs(jobs, classified), model=not no_model)
    from overdue_cli.render import message_writer

    fmt = (OutputFormat.JSON if json_out else OutputFormat.JSON_LINES if jsonl_out
           else OutputFormat.HUMAN)
    writer = message_writer(fmt, env.stdout, book, loc, show_all=show_all)
    outcome = run_scan(book, classified, options, settings, writer.message, on_skip=_warn,
                       progress=lambda: _progress(env, classified),
                       stdin=getattr(env.stdin, "buffer", None))
    if outcome.unreported:
        more = say("more_skipped", count=outcome.unreported, total=outcome.skipped)
        typer.echo(f"overdue: {more}", err=True)
    error = outcome.error
    if error is not None and outcome.summary.messages == 0 and not json_out:
        raise error
    writer.finish(outcome.scanner, error)
    if error is not None:
        raise error
    return EXIT_FAIL_ON if outcome.tripped(fail_on) else EXIT_OK


def _warn(item: Skipped) -> None:
    typer.echo(f"overdue: {skip_line(item, item.source)}", err=True)


def skip_line(item: Skipped, source: str) -> str:
    """The warning for a skipped record in the user's language: where (``第 2 行``) and
    why from the record's message keys; its English ``position`` / ``reason`` when it
    has none (a reason only an exception's own text gives)."""
    return say("skipped", **dict(zip(("where", "reason"), skip_place(item, source),
                                     strict=True)))


def skip_place(item: Skipped, source: str) -> tuple[str, str]:
    """Where a record is and why it is not read, in the user's language (a skip's
    warning, and the error ``--strict`` makes of it)."""
    at = item.at
    where = f"{source} {item.position}"
    reason = item.reason
    try:
        if at is not None:
            where = say(f"skip_at_{at.kind}", source=source, number=at.number)
            if at.line is not None:
                where = say("skip_at_with_line", where=where, line=at.line)
        if item.key is not None:
            reason = say(item.key, **item.params)
    except (KeyError, IndexError):  # a key the catalogue lacks: the English still says it
        where, reason = f"{source} {item.position}", item.reason
    return where, reason


def _jobs(value: str, classified: list[tuple[str, str]]) -> int:
    """``--jobs``: a whole number >= 1, or auto (by the size of the files given)."""
    if value.strip().lower() == "auto":
        from overdue_cli.scan import auto_jobs_for

        return auto_jobs_for(classified)
    from overdue_cli.check import parse_whole

    count = parse_whole(value, "--jobs", "进程数", low=1, high=64, example="2")
    return count if count is not None else 1


class _Progress:
    """A transient message counter on stderr, for long inputs on a terminal."""

    def __init__(self, env: Environment) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(SpinnerColumn(), TextColumn(say("progress")),
                                  TimeElapsedColumn(), console=Console(file=env.stderr),
                                  transient=True)
        self._task = self._progress.add_task("scan", total=None)
        self._progress.start()

    def advance(self) -> None:
        self._progress.advance(self._task)

    def stop(self) -> None:
        self._progress.stop()


def _progress(env: Environment, classified: list[tuple[str, str]]) -> _Progress | None:
    """Only when stderr is a terminal and a file or stdin is being read."""
    if env.environ.get("CI") or not env.stderr_isatty:
        return None
    if all(kind == "text" for kind, _ in classified):
        return None
    return _Progress(env)
