"""``overdue explain``: one worry answered in plain words, or the list of worries.

Why a module of its own: it is the second command people start with, and like
``check`` it must answer in about the time ``import typer`` takes, so it imports
nothing of the scanner, the readers or the journal.
"""

from __future__ import annotations

from typing import Annotated

import typer

from overdue_cli.cli.context import emit, environment
from overdue_cli.cli.options import JsonOpt, LangOpt, RulesOpt, book_and_locale
from overdue_cli.errors import EXIT_OK
from overdue_cli.render import ExplanationOutput, OutputFormat, TopicsOutput


def explain(
    ctx: typer.Context,
    words: Annotated[list[str] | None, typer.Argument(
        metavar="[TOPIC|QUESTION]",
        show_default=False)] = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Answer one worry in plain words: address book, WeChat, visits, texts, credit, lawsuits.

    A topic id or alias is answered at once; a question in your own words is
    matched to the topic that fits it best (close runners-up are named too), and
    a question no topic fits is a usage error listing the topics (exit 2).
    """
    env = environment(ctx)
    book, loc = book_and_locale(lang, rules)
    fmt = OutputFormat.human_or_json(json_out)
    if not words:
        emit(env, fmt, TopicsOutput(book, loc))
        return EXIT_OK
    from overdue_cli.check import answer_question

    explanation = answer_question(book, loc, " ".join(words))
    emit(env, fmt, ExplanationOutput(book, loc, explanation))
    return EXIT_OK
