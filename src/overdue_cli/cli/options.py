"""The options several commands share, defined once, and what they resolve to.

Why: ``--json``, ``--lang`` and ``--rules`` mean the same on every command, and a
value that is none of a known list is refused the same way everywhere ("one of:
…, did you mean …?"); one definition keeps them and their errors alike (their
help, in each language, is in ``locale/cli.yaml``).
"""

from __future__ import annotations

from typing import Annotated

import typer

# unknown_choice lives in errors (rate/ raises it too); cli modules import it from here
from overdue_cli.errors import unknown_choice as unknown_choice
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
