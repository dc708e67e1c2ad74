"""Our exception types and the exit codes they map to.

The core raises these; only the CLI turns them into a one-line message and an
exit code, so the core stays free of printing and ``sys.exit``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

EXIT_OK = 0
EXIT_FAIL_ON = 1
EXIT_USAGE = 2
EXIT_DATA = 3


def cut(text: str, width: int) -> str:
    """A typed value for an error line: a long one (a pasted 5,000-digit number) is cut
    after ``width`` characters and its length said, so it is never echoed whole."""
    return text if len(text) <= width else f"{text[:width]}… ({len(text)} characters)"


class OverdueError(Exception):
    """Base class: a message for the user, an optional hint, and an exit code.

    ``key`` and ``hint_key`` name the texts of the CLI's message catalogue
    (``locale/cli.yaml``) that say the same in the user's language, filled in with
    ``params``; ``message`` and ``hint`` are what is shown when there are none.
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str, hint: str | None = None, *, key: str | None = None,
                 hint_key: str | None = None, params: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.key = key
        self.hint_key = hint_key
        self.params = dict(params or {})


class UsageProblem(OverdueError):
    """Something the user typed is not valid (exit 2)."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class Problem:
    """One defect in a rulebook, located by file, line and key path."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        from overdue_cli.text import text_safe

        file = text_safe(self.file)
        where = f"{file}:{self.line}" if self.line else file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class DataProblem(OverdueError):
    """What was handed in reads, but no answer follows from it (exit 3): a loan's cash
    flows for which no annual rate exists, for one."""

    exit_code = EXIT_DATA


class InputEnded(UsageProblem):
    """Standard input ended while a question was waiting: stop asking (exit 2)."""


class RulebookError(OverdueError):
    """The rulebook cannot be read or is malformed (exit 3)."""

    exit_code = EXIT_DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0])
        more = len(problems) - 1
        hint = (
            f"{more} more problem(s); run `overdue rules validate {problems[0].file}` to list all"
            if more
            else None
        )
        super().__init__(first, hint)


class ModelError(OverdueError):
    """The scan model's weights file is missing or malformed (exit 3).

    One line naming the file and what is wrong with it: the file ships with the
    package and is written by ``tools/train_model.py``, so the fix is to
    reinstall or regenerate it, never to edit it by hand.
    """

    exit_code = EXIT_DATA

    def __init__(self, file: str, problem: str) -> None:
        from overdue_cli.text import text_safe

        self.file = file
        super().__init__(
            f"{text_safe(file)}: {problem}",
            "reinstall overdue-cli, or rebuild the file with `python3 tools/train_model.py`",
        )


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, with the one line that says what was kept (exit 130).

    A KeyboardInterrupt, so every ``finally`` and rollback on the way out runs as
    for a bare Ctrl-C; the CLI prints ``message`` instead of its generic line.
    """

    def __init__(self, message: str, *, key: str | None = None,
                 params: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.key = key  # the catalogue's text for it (locale/cli.yaml), as OverdueError's
        self.params = dict(params or {})


def unknown_choice(message: str, word: str, choices: Sequence[str], *,
                   key: str | None = None) -> UsageProblem:
    """The error for ``word``, which is none of ``choices``: ``message`` (``key``: its
    text in the catalogue, with ``{word}``), and a hint listing them and naming the
    closest ("one of: a, b (did you mean 'a'?)")."""
    from overdue_cli.text import closest  # only on a mistake: difflib costs a few ms

    near = closest(word, list(choices), 1)
    return UsageProblem(message, "one of: " + ", ".join(choices)
                        + (f" (did you mean '{near[0]}'?)" if near else ""), key=key,
                        hint_key="one_of_mean" if near else "one_of",
                        params={"value": word, "choices": ", ".join(choices),
                                "word": near[0] if near else ""})
