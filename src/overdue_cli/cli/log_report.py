"""``overdue log report``: what the journal shows, for the user, for paper or a script.

Why a module of its own: it is the journal's answer to "is this normal?" and the
one command with four outputs (``--format human|markdown|html|json``); the facts
are ``overdue_cli.journal.build``'s, the words ``render``'s. For HTML it also
reads the entries the report cites, with their hashes, and checks the hash
chain (``evidence``), for the page's evidence table. Registered on ``log`` by
``cli.log``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from overdue_cli.cli.context import emit, environment
from overdue_cli.cli.journal import (
    DbOpt,
    OutputOpt,
    PlatformOpt,
    RedactOpt,
    SinceOpt,
    TzOpt,
    UntilOpt,
    analyse_new,
    date_filter,
    open_journal,
    output_stream,
    redactor_for,
    shown_path,
)
from overdue_cli.cli.options import JsonOpt, LangOpt, RulesOpt, localizer, rulebook
from overdue_cli.errors import EXIT_OK
from overdue_cli.render import OutputFormat, ReportOutput

if TYPE_CHECKING:
    from collections.abc import Iterable

    from overdue_cli.journal import Entry, Journal, Report, Verification

REPORT_FORMATS = ("human", "markdown", "html", "json")
"""``--format`` values, each an :class:`~overdue_cli.render.OutputFormat`'s value."""


def report(
    ctx: typer.Context,
    platform: PlatformOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT")
    ] = "human",
    output: OutputOpt = None,
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
        cited, chain = evidence(journal, rep) if fmt is OutputFormat.HTML else ((), None)
    result = ReportOutput(book, loc, path, rep, redactor, cited, chain)
    if output is None:
        emit(environment(ctx), fmt, result)
        return EXIT_OK
    from overdue_cli.render import render

    with output_stream(environment(ctx), output) as stream:
        render(result, fmt, stream)
    return EXIT_OK


def evidence(journal: Journal, rep: Report,
             also: Iterable[int] = ()) -> tuple[tuple[Entry, ...], Verification]:
    """The entries the report cites (and ``also``), with their hashes, and the chain
    as ``log verify`` finds it (attachments aside): the HTML page's evidence."""
    from overdue_cli.render import evidence_seqs

    found = (journal.entry(seq) for seq in evidence_seqs(rep, also))
    return (tuple(e for e in found if e is not None),
            journal.verify(check_attachments=False))
