"""What a running command reaches for: its Environment, a note on stderr, its output.

Why: every command needs the same three things, and each should get them one way.
``main()`` hands the :class:`~overdue_cli.env.Environment` in as the Typer
context's object; a command takes ``ctx: typer.Context`` and asks
:func:`environment` instead of touching ``sys.stdin`` or ``os.environ``, so a test
can hand in another one.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

import typer

from overdue_cli.env import Environment

if TYPE_CHECKING:
    from overdue_cli.render import OutputFormat


def environment(ctx: typer.Context) -> Environment:
    """The Environment ``main()`` handed to the running command; the real process's
    when a command runs outside ``main()`` (e.g. under Typer's test runner)."""
    env = ctx.find_object(Environment)
    return env if env is not None else Environment.from_process()


_CURRENT: ContextVar[Environment | None] = ContextVar("overdue_environment", default=None)


def set_environment(env: Environment | None) -> None:
    """``main()`` names the Environment of the command it runs (None when it ends)."""
    _CURRENT.set(env)


def current_environment() -> Environment:
    """The running command's Environment, for helpers that are not handed ``ctx``
    (the option helpers shared by every command); the process's outside ``main()``."""
    env = _CURRENT.get()
    return env if env is not None else Environment.from_process()


_LANG: ContextVar[str] = ContextVar("overdue_language", default="zh-Hans")
_QUIET: ContextVar[bool] = ContextVar("overdue_quiet", default=False)


def set_language(lang: str) -> None:
    """``main()`` names the language the command line asked for, before Click parses
    it (``--lang``, else ``$OVERDUE_LANG``, else the locale): the CLI's own messages
    follow it."""
    _LANG.set(lang)


_ROOT_LANG: ContextVar[str | None] = ContextVar("overdue_root_lang", default=None)


def set_root_lang(lang: str | None) -> None:
    """``overdue --lang X COMMAND``: the language for a command given none of its own."""
    _ROOT_LANG.set(lang)


def root_lang() -> str | None:
    """What ``overdue --lang X`` (before the command) asked for, if anything."""
    return _ROOT_LANG.get()


def set_quiet(quiet: bool) -> None:
    """``overdue --quiet``: notes on stderr are not shown (errors still are)."""
    _QUIET.set(quiet)


def say(key: str, **params: object) -> str:
    """The CLI's message ``key`` (``locale/cli.yaml``) in the user's language."""
    from overdue_cli.locale.cli_text import CliText

    return CliText(_LANG.get()).message(key, **params)


def note(text: str) -> None:
    """One ``overdue: note: …`` line on stderr: something the user should know that
    is not the result (which stays alone on stdout); none under ``--quiet``."""
    if _QUIET.get():
        return
    colon = ": " if _LANG.get() == "en" else "："
    typer.echo(f"overdue: {say('note')}{colon}{text}", err=True)


def emit(env: Environment, fmt: OutputFormat, result: object) -> None:
    """Hand a result to its renderer for ``fmt``, drawing on the Environment's stdout."""
    from overdue_cli.render import render

    render(result, fmt, env.stdout)
