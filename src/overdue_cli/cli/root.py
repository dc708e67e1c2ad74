"""The command line: parse, resolve, hand the result to a renderer. Nothing else.

All decisions live in the core modules (engine, explain, rulebook, inputs);
this module maps our exceptions to one-line messages and documented exit codes:
0 ok, 1 a check tripped (--fail-on, or failing rule examples), 2 usage,
3 rulebook or data error.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Annotated, Any

import typer

from overdue_cli import __version__
from overdue_cli.errors import (
    EXIT_DATA,
    EXIT_FAIL_ON,
    EXIT_OK,
    EXIT_USAGE,
    InputEnded,
    OverdueError,
    UsageProblem,
)
from overdue_cli.locale import Localizer, resolve_lang
from overdue_cli.rulebook import SEVERITY, Rulebook, load_rulebook

app = typer.Typer(
    name="overdue",
    help="网贷逾期维权助手: is a collection practice normal, a violation or illegal, "
    "and what to do next. Run `overdue check` on a terminal for a guided interview.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(help="Validate, test and list the rulebook.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (documented schema) to stdout.")]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", metavar="zh-Hans|zh-Hant|en",
                 help="Output language (default zh-Hans, or $OVERDUE_LANG)."),
]
RulesOpt = Annotated[
    str | None,
    typer.Option("--rules", metavar="PATH", help="Use another rulebook file."),
]


def _today() -> Any:
    from datetime import date

    return date.today()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"overdue {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """网贷逾期维权助手 (overdue): borrower-rights helper for overdue online loans."""


def _setup(lang: str | None, rules: str | None) -> tuple[Rulebook, Localizer]:
    loc = Localizer(resolve_lang(lang))
    return load_rulebook(rules), loc


def _note(text: str) -> None:
    typer.echo(f"overdue: note: {text}", err=True)


def _is_interactive() -> bool:
    """Both ends on a terminal: only then may `check` interview the user."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask(question: str) -> str:
    """Prompt on stderr and read one line, so stdout carries only the report (or JSON)."""
    sys.stderr.write(f"{question}: ")
    sys.stderr.flush()
    try:
        line = sys.stdin.readline()
        line.encode("utf-8")  # in the C locale, bytes that are not UTF-8 arrive as surrogates
    except (UnicodeDecodeError, UnicodeEncodeError):
        sys.stderr.write("\n")
        raise UsageProblem("the answer is not UTF-8 text (输入不是 UTF-8 编码)",
                           "set the terminal to UTF-8 and answer again, or pass the facts "
                           "as flags") from None
    if not line:
        sys.stderr.write("\n")
        raise InputEnded("input ended before the interview was finished (输入提前结束)",
                           "answer every question, or pass the facts as flags")
    return line.rstrip("\r\n")


def _emit(json_out: bool, what: str, *args: Any) -> None:
    """Hand a result to the JSON or the rich renderer: twins with one name and signature."""
    if json_out:
        from overdue_cli.render import json as render_json

        sys.stdout.write(render_json.dumps(getattr(render_json, what)(*args)))
    else:
        from overdue_cli.render import human

        getattr(human, what)(*args)


@app.command()
def check(
    days: Annotated[str | None, typer.Option("--days", "-d", metavar="N",
                                             help="Days overdue (0 = due today).")] = None,
    method: Annotated[list[str] | None, typer.Option(
        "--method", "-m", metavar="M",
        help="A collection method you received (repeatable): id or alias, e.g. sms, call, "
             "contacts, 爆通讯录, 上门. See `overdue methods`.")] = None,
    hour: Annotated[str | None, typer.Option("--hour", metavar="H",
                                             help="Local hour of the contact, 0-23.")] = None,
    calls_per_day: Annotated[str | None, typer.Option(
        "--calls-per-day", metavar="N", help="Answered collection calls in one day.")] = None,
    attempts_per_day: Annotated[str | None, typer.Option(
        "--attempts-per-day", metavar="N",
        help="Unanswered attempts to one number in one day.")] = None,
    unreachable: Annotated[bool, typer.Option(
        "--unreachable",
        help="You could not be reached (number invalid or three straight unanswered "
             "attempts).")] = False,
    platform: Annotated[str | None, typer.Option("--platform", metavar="NAME",
                                                 help="Lender or app name (echoed).")] = None,
    lender: Annotated[str | None, typer.Option(
        "--lender", metavar="KIND",
        help="Who lent the money: bank, credit_card, consumer_finance, small_loan, platform, "
             "unlicensed, unknown (or 信用卡、消金、小贷、网贷平台、高利贷、714). "
             "See `overdue explain lender`.")] = None,
    on: Annotated[str | None, typer.Option(
        "--on", metavar="DATE",
        help="Judge by the law in force on this day (default: today), e.g. 2025-11-20.")] = None,
    last_due: Annotated[str | None, typer.Option(
        "--last-due", metavar="DATE",
        help="Due date of the loan's last instalment (the limitation period runs from it).")
    ] = None,
    last_contact: Annotated[str | None, typer.Option(
        "--last-contact", metavar="DATE",
        help="The last time a demand reached you, or you paid or promised to pay "
             "(each restarts the limitation period).")] = None,
    fail_on: Annotated[str | None, typer.Option(
        "--fail-on", metavar="VERDICT",
        help="Exit 1 if the overall verdict is at or above this: normal, limited, violation, "
             "suspicious, illegal.")] = None,
    interactive: Annotated[bool, typer.Option(
        "--interactive", "-i", help="Ask questions instead of reading flags.")] = False,
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

    threshold = parse_verdict(fail_on)
    book, loc = _setup(lang, rules)
    dates = {"on": parse_day(on, "--on"), "last_due": parse_day(last_due, "--last-due"),
             "last_contact": parse_day(last_contact, "--last-contact")}
    if dates["last_contact"] and dates["last_contact"] > (dates["on"] or _today()):
        raise UsageProblem("--last-contact is after the day judged (最后联系日期晚于判断日期)",
                           "give the last day a demand reached you, or a payment or promise")
    extra = {"lender": parse_lender(book, lender, lang), **dates}
    methods_in = list(method or [])
    flags_given = days is not None or methods_in or any(
        x is not None for x in (hour, calls_per_day, attempts_per_day, platform)) or unreachable
    if interactive or (not flags_given and _is_interactive()):
        from overdue_cli.check import run_interview

        answers = run_interview(book, loc, ask=_ask, say=lambda text: typer.echo(text, err=True))
        situation = Situation(answers.days, answers.methods, answers.hour, answers.calls_per_day,
                              answers.attempts_per_day, answers.unreachable, platform,
                              answers.method_input, **extra)
        notes: tuple[str, ...] = ()
    else:
        if not flags_given:
            raise UsageProblem(
                "check needs --days and the methods you received (缺少逾期天数和催收方式)",
                "e.g. overdue check --days 45 --method contacts --method sms; "
                "run it on a terminal with no flags for a guided interview",
            )
        n_days = parse_days(days)
        if n_days is None:
            raise UsageProblem("--days is required (请提供逾期天数)",
                               "e.g. --days 30 (0 = due today)")
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
            **extra,
        )
        notes = resolved.notes
    for text in notes:
        _note(text)
    assessment = assess(book, situation)
    _emit(json_out, "check", book, loc, assessment)
    verdict = assessment.verdict
    if threshold is not None and verdict is not None and SEVERITY[verdict] >= SEVERITY[threshold]:
        return EXIT_FAIL_ON
    return EXIT_OK


@app.command()
def explain(
    topic: Annotated[str | None, typer.Argument(
        metavar="[TOPIC]",
        help="A worry, e.g. contacts, 通讯录, 爆通讯录, 上门, wechat, credit. "
             "Leave out to list all topics.")] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Answer one worry in plain words: address book, WeChat, visits, texts, credit, lawsuits."""
    from overdue_cli.check import resolve_topic

    book, loc = _setup(lang, rules)
    if topic is None:
        _emit(json_out, "topics", book, loc)
        return EXIT_OK
    from overdue_cli.check import explain_topic

    explanation = explain_topic(book, resolve_topic(book, topic))
    _emit(json_out, "explanation", book, loc, explanation)
    return EXIT_OK


@app.command()
def methods(json_out: JsonOpt = False, lang: LangOpt = None, rules: RulesOpt = None) -> int:
    """List the collection methods `check --method` accepts, with their aliases."""
    book, loc = _setup(lang, rules)
    _emit(json_out, "methods", book, loc)
    return EXIT_OK


@app.command()
def scan(
    inputs: Annotated[list[str] | None, typer.Argument(
        metavar="[MESSAGE|FILE|-]...",
        help="A message, a file (text, JSONL, CSV or SMS Backup & Restore XML), or - for "
             "stdin. Several messages in text are separated by blank lines.")] = None,
    input_format: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="Input format instead of detecting it: text, jsonl, csv, sms-xml.")] = None,
    text_column: Annotated[str | None, typer.Option(
        "--text-column", metavar="NAME", help="CSV column holding the message (e.g. 内容).")
    ] = None,
    time_column: Annotated[str | None, typer.Option(
        "--time-column", metavar="NAME", help="CSV column holding the time.")] = None,
    sender_column: Annotated[str | None, typer.Option(
        "--sender-column", metavar="NAME", help="CSV column holding the sender.")] = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", metavar="NAME",
        help="Input encoding instead of detecting it (utf-8, gb18030, ...).")] = None,
    include_sent: Annotated[bool, typer.Option(
        "--include-sent", help="Also scan messages you sent (SMS XML, WeChat CSV).")] = False,
    force_text: Annotated[bool, typer.Option(
        "--text", help="Treat every argument as message text, never as a file name.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Stop at the first malformed record (exit 3) instead of skipping it.")
    ] = False,
    show_all: Annotated[bool, typer.Option(
        "--all", "-a", help="List every message, not only flagged ones (human output).")] = False,
    flagged_only: Annotated[bool, typer.Option(
        "--flagged", help="Output only unlawful and scam messages (all outputs).")] = False,
    fail_on: Annotated[str | None, typer.Option(
        "--fail-on", metavar="VERDICT",
        help="Exit 1 if any message is this or worse: unlawful (unlawful or scam), scam.")
    ] = None,
    jobs: Annotated[str, typer.Option(
        "--jobs", "-j", metavar="N|auto",
        help="Worker processes for matching (auto: one per CPU, up to 4, for files of 1 MB "
             "or more; 1: none).")] = "auto",
    no_model: Annotated[bool, typer.Option(
        "--no-model", help="Rules only: no learned second opinion on messages no rule flags.")
    ] = False,
    json_out: JsonOpt = False,
    jsonl_out: Annotated[bool, typer.Option(
        "--jsonl", help="Print one JSON object per message, one per line, as they are read.")
    ] = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Read collectors' messages and say which cross the line: words, rule, basis, next steps."""
    from overdue_cli.readers import FORMATS, ReadOptions
    from overdue_cli.scan import ScanSettings, classify, run_scan

    if json_out and jsonl_out:
        raise UsageProblem("--json and --jsonl cannot be used together (只能选一种输出)",
                           "--json gives one document, --jsonl one line per message")
    if input_format is not None and input_format not in FORMATS:
        from overdue_cli.text import closest

        hint = closest(input_format, list(FORMATS), 1)
        raise UsageProblem(f"unknown --format '{input_format}' (不支持的格式)",
                           "one of: " + ", ".join(FORMATS)
                           + (f" (did you mean '{hint[0]}'?)" if hint else ""))
    if fail_on is not None and fail_on not in ("unlawful", "scam"):
        raise UsageProblem(f"--fail-on must be unlawful or scam, not '{fail_on}'",
                           "unlawful trips on unlawful or scam messages; scam only on scams")
    args = list(inputs or [])
    if not args:
        if sys.stdin.isatty():
            raise UsageProblem("nothing to scan (没有要检查的消息)",
                               'give a message, a file, or - for stdin: overdue scan "短信内容"')
        args = ["-"]
    book, loc = _setup(lang, rules)
    if not book.signals:
        raise UsageProblem(f"{book.shown_path}: this rulebook has no signals section, so scan has "
                           "nothing to look for", "use the shipped rulebook (drop --rules)")
    classified = classify(args, force_text)
    options = ReadOptions(format=input_format, encoding=encoding, text_column=text_column,
                          time_column=time_column, sender_column=sender_column,
                          include_sent=include_sent)
    settings = ScanSettings(strict=strict, flagged_only=flagged_only,
                            jobs=_scan_jobs(jobs, classified), model=not no_model)
    writer = _scan_writer(json_out, jsonl_out, show_all, book, loc)
    outcome = run_scan(book, classified, options, settings, writer.message, on_skip=_scan_warn,
                       progress=lambda: _progress(classified))
    if outcome.unreported:
        typer.echo(f"overdue: warning: {outcome.unreported} more records skipped "
                   f"(共跳过 {outcome.skipped} 条)", err=True)
    error = outcome.error
    if error is not None and outcome.summary.messages == 0 and not json_out:
        raise error
    writer.finish(outcome.scanner, error)
    if error is not None:
        raise error
    return EXIT_FAIL_ON if outcome.tripped(fail_on) else EXIT_OK


def _scan_warn(item: Any) -> None:
    typer.echo(f"overdue: warning: {item.source} {item.position}: {item.reason} — skipped",
               err=True)


def _scan_jobs(value: str, classified: list[tuple[str, str]]) -> int:
    """``--jobs``: a whole number >= 1, or auto (by the size of the files given)."""
    if value.strip().lower() == "auto":
        from overdue_cli.scan import auto_jobs_for

        return auto_jobs_for(classified)
    from overdue_cli.check import parse_whole

    count = parse_whole(value, "--jobs", "进程数", low=1, high=64, example="2")
    return count if count is not None else 1


def _scan_writer(json_out: bool, jsonl_out: bool, show_all: bool, book: Rulebook,
                 loc: Localizer) -> Any:
    if json_out or jsonl_out:
        from overdue_cli.render import scan_json

        cls = scan_json.JsonWriter if json_out else scan_json.JsonlWriter
        return cls(sys.stdout, book, loc)
    from overdue_cli.render.scan_human import HumanWriter

    return HumanWriter(book, loc, show_all=show_all)


class _Progress:
    """A transient message counter on stderr, for long inputs on a terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(SpinnerColumn(), TextColumn("{task.completed} messages"),
                                  TimeElapsedColumn(), console=Console(stderr=True),
                                  transient=True)
        self._task = self._progress.add_task("scan", total=None)
        self._progress.start()

    def advance(self) -> None:
        self._progress.advance(self._task)

    def stop(self) -> None:
        self._progress.stop()


def _progress(classified: list[tuple[str, str]]) -> _Progress | None:
    """Only when stderr is a terminal and a file or stdin is being read."""
    if os.environ.get("CI") or not sys.stderr.isatty():
        return None
    if all(kind == "text" for kind, _ in classified):
        return None
    return _Progress()


SCHEMAS = ("check", "explain", "methods", "rules", "scan", "log", "complaint")


@app.command()
def schema(
    name: Annotated[str, typer.Argument(metavar="NAME",
                                        help="check, explain, methods, rules, scan, log, "
                                             "complaint.")
                                        ] = "check",
) -> int:
    """Print the JSON Schema of a command's --json output (shipped in the package)."""
    from importlib import resources

    from overdue_cli.text import closest

    if name not in SCHEMAS:
        hint = closest(name, list(SCHEMAS), 1)
        raise UsageProblem(f"no schema named '{name}' (没有这个 schema)",
                           "one of: " + ", ".join(SCHEMAS)
                           + (f" (did you mean '{hint[0]}'?)" if hint else ""))
    text = (resources.files("overdue_cli") / "schemas" / f"{name}.schema.json").read_text(
        encoding="utf-8")
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


PathArg = Annotated[str | None, typer.Argument(metavar="[PATH]",
                                               help="Rulebook file (default: the shipped one).")]


@rules_app.command("validate")
def rules_validate(path: PathArg = None, json_out: JsonOpt = False) -> int:
    """Check a rulebook: schema, ids, references, texts, basis, examples, coverage."""
    from overdue_cli.rulebook import check_rulebook, default_rulebook_path

    target = path or str(default_rulebook_path())
    book, problems = check_rulebook(target)
    from overdue_cli.text import text_safe

    _emit(json_out, "rules_validate", text_safe(target), problems, book)
    return EXIT_DATA if problems else EXIT_OK


@rules_app.command("test")
def rules_test(path: PathArg = None, json_out: JsonOpt = False) -> int:
    """Run every worked example in the rulebook; exit 1 if any fails."""
    from overdue_cli.rulebook import run_all

    book = load_rulebook(path)
    results = run_all(book)
    _emit(json_out, "rules_test", book, results)
    return EXIT_FAIL_ON if any(not r.passed for r in results) else EXIT_OK


@rules_app.command("list")
def rules_list(json_out: JsonOpt = False, lang: LangOpt = None, rules: RulesOpt = None) -> int:
    """List every rule: id, verdict, methods, conditions and title."""
    book, loc = _setup(lang, rules)
    _emit(json_out, "rules_list", book, loc)
    return EXIT_OK


# ---------------------------------------------------------------------------
# Entry point: one place that turns every failure into one line and an exit code


def _error(message: str, hint: str | None = None) -> None:
    line = f"overdue: error: {message}"
    if hint:
        line += f" — hint: {hint}"
    sys.stderr.write(line.replace("\n", " ") + "\n")


_LIGHT_COMMANDS = frozenset(("check", "explain", "methods", "scan", "schema", "rules"))


def _register_journal(args: list[str]) -> None:
    """Add ``log`` and ``complaint`` unless another command was asked for.

    Building their dozen Typer commands costs about 15 ms on every start; `check`
    and `explain` are timed against `import typer` and never need them. `overdue
    --help` and anything unrecognised still see every command.
    """
    first = next((a for a in args if not a.startswith("-")), None)
    if first in _LIGHT_COMMANDS or any(g.name == "log" for g in app.registered_groups):
        return
    from overdue_cli.cli.journal import complaint, log_app

    app.add_typer(log_app, name="log")
    app.command("complaint")(complaint)


_PATH_OPTIONS = frozenset(("--db", "--output", "-o", "--rules", "--attach", "--schedule"))


def _check_argv(args: list[str]) -> None:
    """Refuse an argument that is not valid text before any command sees it.

    Python hands bytes that are not UTF-8 (GBK typed in a UTF-8 terminal) to us
    as lone surrogates, which fail much later when printed or stored. A file
    name may legitimately hold such bytes, so paths (an existing file, or the
    value of a path option) pass through; any other argument is refused with
    what it would read as in GB18030, the usual culprit.
    """
    for i, arg in enumerate(args):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            prev = args[i - 1] if i else ""
            if prev in _PATH_OPTIONS or arg.split("=", 1)[0] in _PATH_OPTIONS:
                continue
            with contextlib.suppress(OSError, ValueError):
                if os.path.lexists(arg):
                    continue
            raw = arg.encode("utf-8", "surrogateescape")
            hint = "set the terminal to UTF-8 and type it again"
            try:
                guess = raw.decode("gb18030")
            except UnicodeDecodeError:
                guess = None
            if guess and guess.isprintable():
                hint = f"it reads as '{guess}' in GBK/GB18030; {hint}"
            shown = raw.decode("ascii", "backslashreplace")
            raise UsageProblem(
                f"argument '{shown}' is not UTF-8 text (参数不是 UTF-8 编码)", hint) from None


def _tolerant_streams() -> None:
    """Output never fails on a code page (GBK on Chinese Windows, or PYTHONIOENCODING):
    redirected stdout is UTF-8; a terminal shows '?' for what its code page lacks."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        with contextlib.suppress(LookupError, AttributeError, ValueError, OSError):
            if codecs.lookup(encoding).name in ("utf-8", "utf-16", "utf-32"):
                continue
            if stream is sys.stdout and not stream.isatty():
                # A file or a pipe gets UTF-8, as documented: JSON, JSON Lines and CSV
                # exports must round-trip, whatever the locale's code page.
                stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
            else:  # a terminal in another code page: '?' for what it cannot show
                stream.reconfigure(errors="replace")  # type: ignore[union-attr]


def _stdout_is_devnull() -> bool:
    try:
        out, null = os.fstat(sys.stdout.fileno()), os.stat(os.devnull)
    except (OSError, ValueError, AttributeError):
        return False
    return (out.st_dev, out.st_ino) == (null.st_dev, null.st_ino)


def _terminate(signum: int, frame: Any) -> None:
    """SIGTERM ends us the way Ctrl-C does: cleanups run, one line, exit 130."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code instead of raising SystemExit."""
    import signal

    args = sys.argv[1:] if argv is None else argv
    if argv is None:  # the real process, not a test calling main() in-process
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or no SIGTERM
            signal.signal(signal.SIGTERM, _terminate)
        _tolerant_streams()
    try:
        _check_argv(args)
        _register_journal(args)
        command = typer.main.get_command(app)
        # make_context + invoke, not command.main: typer's main turns Ctrl-C into a
        # silent exit 130 and end of input into "Aborted", before we can say what was kept.
        with command.make_context("overdue", list(args)) as ctx:
            result = command.invoke(ctx)
    except OverdueError as exc:
        _error(exc.message, exc.hint)
        return exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except (typer.Abort, EOFError):
        _error("input ended before the answer was complete (输入提前结束)",
               "answer the question, or pass the facts as flags")
        return EXIT_USAGE
    except KeyboardInterrupt as exc:
        text = getattr(exc, "message", None) or "interrupted (已中断)"
        with contextlib.suppress(Exception):  # (a new line first only after a ^C on screen)
            sys.stderr.write(f"{chr(10) if sys.stderr.isatty() else ''}overdue: {text}\n")
        return 130
    except SystemExit as exc:
        # rich (typer's help) answers a closed pipe by pointing stdout at /dev/null and
        # exiting 1; `overdue --help | head -1` is no failure.
        if exc.code == 1 and _stdout_is_devnull():
            return EXIT_OK
        raise
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say to it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # the help is shown already
            return EXIT_USAGE
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # click usage errors
            sub = getattr(getattr(exc, "ctx", None), "command_path", "overdue")
            _error(exc.format_message(), f"see `{sub} --help`")
            return int(exc.exit_code) if exc.exit_code else EXIT_USAGE
        raise
    return int(result) if isinstance(result, int) else EXIT_OK
