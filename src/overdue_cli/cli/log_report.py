"""``overdue log report``: what the journal shows, for the user, for paper or a script.

Why a module of its own: it is the journal's answer to "is this normal?" and the
one command with three outputs (``--format human|markdown|json``); the facts
are ``overdue_cli.journal.build``'s, the words ``render``'s. Registered on
``log`` by ``cli.log``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from overdue_cli.cli.context import emit, environment
from overdue_cli.cli.journal import (
    DbOpt,
    JsonOpt,
    LangOpt,
    PlatformOpt,
    RedactOpt,
    SinceOpt,
    TzOpt,
    UntilOpt,
    analyse_new,
    date_filter,
    open_journal,
    redactor_for,
    shown_path,
)
from overdue_cli.cli.options import RulesOpt, localizer, rulebook
from overdue_cli.errors import EXIT_OK
from overdue_cli.render import OutputFormat, ReportOutput

REPORT_FORMATS = ("human", "markdown", "json")
"""``--format`` values, each an :class:`~overdue_cli.render.OutputFormat`'s value."""


def report(
    ctx: typer.Context,
    platform: PlatformOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT", help="human (default), markdown or json.")
    ] = "human",
    redact: RedactOpt = False,
    tz: TzOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Contacts per day and hour, night contacts, heavy days, flagged messages, and the
    rules they break."""
    from overdue_cli.journal import build, parse_choice

    fmt = OutputFormat.JSON if json_out else OutputFormat(
        parse_choice(output_format, "--format", REPORT_FORMATS) or "human")
    book, loc = rulebook(rules), localizer(lang)
    flt = date_filter(platform, since, until, tz)
    with open_journal(db, create=False) as journal:
        analyse_new(journal, book)
        rep = build(journal, book, flt)
        redactor = redactor_for(journal, redact)
        path = shown_path(journal, redact)
    emit(environment(ctx), fmt, ReportOutput(book, loc, path, rep, redactor))
    return EXIT_OK
