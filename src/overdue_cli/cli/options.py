"""The options several commands share, defined once, and what they resolve to.

Why: ``--json``, ``--lang`` and ``--rules`` mean the same on every command, and a
value that is none of a known list is refused the same way everywhere ("one of:
…, did you mean …?"); one definition keeps them and their errors alike (their
help, in each language, is in ``locale/cli.yaml``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer

from overdue_cli.errors import UsageProblem
from overdue_cli.locale import Localizer, resolve_lang
from overdue_cli.rulebook import Rulebook, load_rulebook

JsonOpt = Annotated[bool, typer.Option("--json")]
LangOpt = Annotated[str | None, typer.Option("--lang", metavar="zh-Hans|zh-Hant|en")]
RulesOpt = Annotated[
    str | None,
    typer.Option("--rules", metavar="PATH"),
]


def rulebook(rules: str | None) -> Rulebook:
    """The rulebook ``--rules`` names (the shipped one when None), its coverage checked."""
    from overdue_cli.check import method_gap

    return load_rulebook(rules, coverage=method_gap)


def localizer(lang: str | None) -> Localizer:
    """The output language ``--lang`` names (the command's, else the one before the
    command), else ``$OVERDUE_LANG``, else the locale's, else zh-Hans."""
    from overdue_cli.cli.context import current_environment, root_lang

    return Localizer(resolve_lang(lang or root_lang(), current_environment().lang))


def book_and_locale(lang: str | None, rules: str | None) -> tuple[Rulebook, Localizer]:
    """What ``--lang`` and ``--rules`` name: the rulebook, and the output language
    (the language is checked first: a mistyped --lang is the likelier mistake)."""
    loc = localizer(lang)
    return rulebook(rules), loc


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

