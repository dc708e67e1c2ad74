"""The command line in the user's language: help screens and usage errors.

Why here: Typer builds help and usage errors from the strings in the code and
Click's own English. ``main()`` knows the language before Click parses anything
(``--lang`` in the arguments, else ``$OVERDUE_LANG``, else the system locale),
so it can put the catalogue's texts (``locale/cli.yaml``) on the Click commands
before a help screen is drawn, and say a usage error again in that language.
Only help screens and errors pay for reading the catalogue.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from overdue_cli.env import Environment
from overdue_cli.locale import resolve_lang

if TYPE_CHECKING:
    from overdue_cli.locale.cli_text import CliText

HELP_FLAGS = frozenset(("-h", "--help"))


def requested_lang(args: list[str], env: Environment) -> str:
    """The language the command line asks for: ``--lang X`` (or ``--lang=X``) among
    ``args``, else the Environment's (``$OVERDUE_LANG``, else the locale), else the
    default; an unknown value is left for the command to refuse, in the default."""
    value: str | None = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
    for candidate in (value, env.lang):
        if candidate:
            with contextlib.suppress(Exception):
                return resolve_lang(candidate)
    return resolve_lang(None)


def wants_help(args: list[str], groups: frozenset[str]) -> bool:
    """Will Click draw a help screen: ``-h``/``--help``, no arguments at all, or a
    group (``log``, ``rules``) named with no command after it."""
    words = [a for a in args if not a.startswith("-")]
    return not args or bool(HELP_FLAGS.intersection(args)) or (
        bool(words) and words[-1] in groups and len(words) == 1)


def localize(command: Any, lang: str) -> None:
    """Put the catalogue's help texts in ``lang`` on ``command`` and every command
    under it, and Typer's headings; English texts replace the code's too, so the
    catalogue is the one source of every help screen."""
    import typer.rich_utils as rich_utils
    from typer._click import formatting

    from overdue_cli.locale.cli_text import CliText

    text = CliText(lang)
    _localize_command(command, "overdue", text)
    rich_utils.OPTIONS_PANEL_TITLE = text.click("Options")
    rich_utils.ARGUMENTS_PANEL_TITLE = text.click("Arguments")
    rich_utils.COMMANDS_PANEL_TITLE = text.click("Commands")
    rich_utils.REQUIRED_LONG_STRING = text.click("[required]")
    rich_utils.DEFAULT_STRING = text.click("[default: {}]")
    usage = text.click("Usage: ")
    _wrap(formatting.HelpFormatter, "write_usage", lambda original: (
        lambda self, prog, args="", prefix=None: original(
            self, prog, args, usage if prefix is None else prefix)))
    _wrap(rich_utils, "_make_rich_text", _folding)
    _wrap(rich_utils, "_get_rich_console", _stripping)


def _wrap(owner: Any, name: str, wrapper: Callable[[Any], Any]) -> None:
    """Replace ``owner.name`` by ``wrapper(the original)``; a second call wraps the
    original again, not the wrapper (a process may show help more than once)."""
    original = getattr(owner, name)
    original = getattr(original, "__wrapped__", original)
    wrapped = wrapper(original)
    wrapped.__wrapped__ = original
    setattr(owner, name, wrapped)


def _folding(make: Callable[..., Any]) -> Callable[..., Any]:
    """Help texts fold where a line is full, not cut with "…": rich breaks lines
    only at spaces, and a Chinese sentence has none (Typer's help tables cut)."""

    def make_rich_text(**kwargs: Any) -> Any:
        made = make(**kwargs)
        if hasattr(made, "overflow"):
            made.overflow = "fold"
        return made

    return make_rich_text


def _stripping(make: Callable[..., Any]) -> Callable[..., Any]:
    """A help screen in a pipe or a file has no line ending in spaces (rich pads every
    line to the width), as every other output of ours."""
    import sys

    from overdue_cli.render.view import TrailingSpaceStripper

    def get_console(stderr: bool = False) -> Any:
        console = make(stderr=stderr)
        stream = sys.stderr if stderr else sys.stdout
        with contextlib.suppress(AttributeError, ValueError, OSError):
            if not stream.isatty():
                console.file = TrailingSpaceStripper(stream)
        return console

    return get_console


def _localize_command(command: Any, key: str, text: CliText) -> None:
    """``key``: "overdue" for the root, else the command's path under it ("log add")."""
    from typer._click import Context

    helped = text.command_help(key)
    if helped is not None:
        command.help = helped
        command.short_help = None
    for param in command.params:
        found = text.param_help(key, param.name or "")
        if found is not None:
            param.help = found
    with contextlib.suppress(Exception):  # Click makes the help option itself
        ctx = Context(command, info_name=key.rsplit(" ", 1)[-1],
                      help_option_names=["-h", "--help"])
        option = command.get_help_option(ctx)
        if option is not None:
            option.help = text.param_help(key, "help")
    for name, sub in (getattr(command, "commands", None) or {}).items():
        _localize_command(sub, name if key == "overdue" else f"{key} {name}", text)


def usage_message(exc: Any, lang: str) -> str:
    """A Click usage error's message in ``lang``."""
    from overdue_cli.locale.cli_text import CliText

    return CliText(lang).click(exc.format_message())
