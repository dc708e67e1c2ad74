"""The command line's root: the Typer app, ``--version``, and ``main()``, the one
place that turns every failure into one line and a documented exit code.

Each command group lives in a module of its own (check, explain, scan, rules,
log, complaint, letter), imported and registered here only when asked for; they decide nothing
themselves (the core modules do). Exit codes: 0 ok, 1 a check tripped
(--fail-on, or failing rule examples), 2 usage, 3 rulebook or data error.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import sys
from typing import Annotated, Any

import typer

from overdue_cli import __version__
from overdue_cli.cli.context import set_environment, set_language, set_quiet, set_root_lang
from overdue_cli.cli.i18n import localize, requested_lang, usage_message, wants_help
from overdue_cli.cli.options import LangOpt
from overdue_cli.env import Environment
from overdue_cli.errors import EXIT_OK, EXIT_USAGE, OverdueError, UsageProblem

app = typer.Typer(
    name="overdue",  # every help text is in locale/cli.yaml, in each language
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"overdue {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version,
                                          is_eager=True)] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    lang: LangOpt = None,
) -> None:
    """网贷逾期维权助手 (overdue): borrower-rights helper for overdue online loans."""
    if quiet:  # (main() takes --quiet from anywhere on the line before Click sees it)
        set_quiet(True)
    if lang is not None:  # `overdue --lang en check …`: for every command after it
        set_root_lang(lang)


# ---------------------------------------------------------------------------
# Entry point: one place that turns every failure into one line and an exit code


def _error(env: Environment, lang: str, message: str, hint: str | None = None) -> None:
    """One line on stderr: ``overdue: error: … — hint: …``, its words in ``lang``."""
    from overdue_cli.locale.cli_text import CliText

    text = CliText(lang)
    colon = "：" if lang != "en" else ": "
    line = f"overdue: {text.message('error')}{colon}{message}"
    if hint:
        line += f" — {text.message('hint')}{colon}{hint}"
    env.stderr.write(line.replace("\n", " ") + "\n")


_BILINGUAL = re.compile(r"(?P<en>.+?) ?\((?P<zh>[^()]*[\u4e00-\u9fff][^()]*)\)(?P<rest>.*)", re.S)


def _one_language(message: str, lang: str) -> str:
    """A message written "English (中文)" said in one language first: the Chinese
    first (the English detail after it) in Chinese, the English alone in English."""
    match = _BILINGUAL.fullmatch(message)
    if match is None:
        return message
    english = (match["en"] + match["rest"]).strip()
    if lang == "en":
        return english
    chinese = match["zh"]
    if lang == "zh-Hant":
        from overdue_cli.locale.i18n import to_traditional

        chinese = to_traditional(chinese)
    return f"{chinese}：{english}"


def _localized(exc: OverdueError, lang: str) -> tuple[str, str | None]:
    """The error's message and hint in ``lang`` where the catalogue has them."""
    from overdue_cli.locale.cli_text import CliText

    text = CliText(lang)
    message, hint = _one_language(exc.message, lang), exc.hint
    with contextlib.suppress(KeyError, IndexError, ValueError):
        if exc.key:
            message = text.message(exc.key, **exc.params)
    skipped = exc.params.get("skipped")
    if skipped is not None:  # --strict: the record's place and reason, as a skip says them
        from overdue_cli.cli.scan import skip_place
        from overdue_cli.readers import Skipped

        with contextlib.suppress(Exception):
            if isinstance(skipped, Skipped):
                where, reason = skip_place(skipped, str(exc.params.get("source", "")))
                message = text.message("strict_record_at", where=where, reason=reason)
    if hint and lang != "en":  # the phrases hints share ("did you mean", "for example")
        hint = "；".join(text.click(part) for part in hint.split("; "))
    with contextlib.suppress(KeyError, IndexError, ValueError):
        if exc.hint_key:
            hint = text.message(exc.hint_key, **exc.params)
    return message, hint


COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "check"),
    "explain": ("explain", "explain"),
    "rate": ("rate", "rate"),
    "methods": ("check", "methods"),
    "scan": ("scan", "scan"),
    "schema": ("rules", "schema"),
    "complaint": ("complaint", "complaint"),
    "rules": ("rules", "rules_app"),
    "log": ("log", "log_app"),
    "letter": ("letter", "letter_app"),
}
"""Every command and group: its module in ``overdue_cli.cli`` and the name there, in
the order ``overdue --help`` lists them (commands first, then groups)."""


COMPLETE_VARIABLE = "_OVERDUE_COMPLETE"
"""Set by the completion script a shell runs (``overdue --install-completion``)."""
QUIET_FLAGS = frozenset(("--quiet", "-q"))
COMPLETION_FLAGS = frozenset(("--install-completion", "--show-completion"))

GROUPS = frozenset(("rules", "log", "letter"))
"""The names in ``COMMANDS`` that are groups of commands (``overdue log`` alone shows help)."""


def register_commands(args: list[str]) -> None:
    """Add to the app the command ``args`` asks for, or every one when it names none.

    A command costs its module's import and Typer's reading of its signature on
    every start: all of them together about 15 ms more than `check` alone (the
    journal's dozen most of it). `check` and `explain` are timed against `import
    typer` and need no other; `overdue --help` and anything unrecognised (a
    misspelt command, for "did you mean") see every command.
    """
    first = next((a for a in args if not a.startswith("-")), None)
    names = [first] if first is not None and first in COMMANDS else list(COMMANDS)
    known = {info.name for info in app.registered_commands}
    known.update(info.name for info in app.registered_groups)
    for name in names:
        if name in known:
            continue
        module, attribute = COMMANDS[name]
        target = getattr(importlib.import_module(f"overdue_cli.cli.{module}"), attribute)
        if isinstance(target, typer.Typer):
            app.add_typer(target, name=name)
        else:
            app.command(name)(target)
    order = list(COMMANDS)  # (a test may have asked for one command, then for all)
    app.registered_commands.sort(key=lambda info: order.index(str(info.name)))
    app.registered_groups.sort(key=lambda info: order.index(str(info.name)))


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
            hint_key = "not_utf8_hint"
            if guess and guess.isprintable():
                hint = f"it reads as '{guess}' in GBK/GB18030; {hint}"
                hint_key = "not_utf8_guess_hint"
            shown = raw.decode("ascii", "backslashreplace")
            raise UsageProblem(
                f"argument '{shown}' is not UTF-8 text (参数不是 UTF-8 编码)", hint,
                key="not_utf8", hint_key=hint_key,
                params={"arg": shown, "guess": guess}) from None


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


def _stdout_is_devnull(env: Environment) -> bool:
    try:
        out, null = os.fstat(env.stdout.fileno()), os.stat(os.devnull)
    except (OSError, ValueError, AttributeError):
        return False
    return (out.st_dev, out.st_ino) == (null.st_dev, null.st_ino)


def _terminate(signum: int, frame: Any) -> None:
    """SIGTERM ends us the way Ctrl-C does: cleanups run, one line, exit 130."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None, env: Environment | None = None) -> int:
    """Console-script entry point; returns the exit code instead of raising SystemExit.

    ``argv`` None is the real process: its arguments, its signals and streams. The
    Environment (built from the process unless one is given) is handed to every
    command as the Click context's object.
    """
    try:
        return _main(argv, env)
    finally:
        set_environment(None)


def _main(argv: list[str] | None, env: Environment | None) -> int:
    """main() itself: its Environment is the current one while the command runs."""
    import signal

    args = sys.argv[1:] if argv is None else argv
    if argv is None:  # the real process, not a test calling main() in-process
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or no SIGTERM
            signal.signal(signal.SIGTERM, _terminate)
        _tolerant_streams()
    if env is None:
        env = Environment.from_process()
    set_environment(env)
    lang = requested_lang(args, env)
    set_language(lang)
    set_root_lang(None)
    quiet = [a for a in args[: args.index("--") if "--" in args else len(args)]
             if a in QUIET_FLAGS]
    set_quiet(bool(quiet))
    if quiet:  # --quiet goes anywhere on the line, as a user would expect of it
        args = [a for i, a in enumerate(args) if a not in QUIET_FLAGS
                or ("--" in args and i > args.index("--"))]
    try:
        _check_argv(args)
        completing = env.environ.get(COMPLETE_VARIABLE)
        helping = wants_help(args, GROUPS)
        # Typer's completion options cost their import on every start: only a help
        # screen, a completion option or the shell asking for completions adds them.
        app._add_completion = bool(completing or helping or COMPLETION_FLAGS.intersection(
            a.split("=", 1)[0] for a in args))
        register_commands([] if completing else args)
        command = typer.main.get_command(app)
        if helping or completing:
            localize(command, lang)
        if completing:
            from typer.completion import shell_complete

            return int(shell_complete(command, {}, "overdue", COMPLETE_VARIABLE, completing))
        # make_context + invoke, not command.main: typer's main turns Ctrl-C into a
        # silent exit 130 and end of input into "Aborted", before we can say what was kept.
        with command.make_context("overdue", list(args), obj=env) as ctx:
            result = command.invoke(ctx)
    except OverdueError as exc:
        _error(env, lang, *_localized(exc, lang))
        return exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except (typer.Abort, EOFError):
        _error(env, lang, *_localized(UsageProblem(
            "input ended before the answer was complete", "answer the question, or pass the "
            "facts as flags", key="input_ended", hint_key="input_ended_hint"), lang))
        return EXIT_USAGE
    except KeyboardInterrupt as exc:
        said = UsageProblem(getattr(exc, "message", None) or "interrupted",
                            key=getattr(exc, "key", None) if hasattr(exc, "message")
                            else "interrupted", params=getattr(exc, "params", None))
        text = _localized(said, lang)[0]
        with contextlib.suppress(Exception):  # (a new line first only after a ^C on screen)
            env.stderr.write(f"{chr(10) if env.stderr_isatty else ''}overdue: {text}\n")
        return 130
    except SystemExit as exc:
        if exc.code in (0, None):  # Typer's completion options end with sys.exit(0)
            return EXIT_OK
        # rich (typer's help) answers a closed pipe by pointing stdout at /dev/null and
        # exiting 1; `overdue --help | head -1` is no failure.
        if exc.code == 1 and _stdout_is_devnull(env):
            return EXIT_OK
        raise
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing more to say to it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, env.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # the help is shown already
            return EXIT_USAGE
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # click usage errors
            sub = getattr(getattr(exc, "ctx", None), "command_path", "overdue")
            _error(env, lang, *_localized(UsageProblem(
                usage_message(exc, lang), f"see `{sub} --help`", hint_key="see_help",
                params={"command": sub}), lang))
            return int(exc.exit_code) if exc.exit_code else EXIT_USAGE
        raise
    return int(result) if isinstance(result, int) else EXIT_OK
