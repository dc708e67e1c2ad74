"""``overdue complaint``: a complaint drafted from the journal for one channel.

Why a module of its own: it is the journal's way out, to a regulator, the
police or the platform, and says more on stderr than any other command (the
channel chosen for the lender, a channel that may refuse it, verdicts
recomputed, no matching contacts). The draft is ``overdue_cli.journal``'s work;
it is written to stdout or a new private file. ``--format html`` is the Markdown
draft on one page, with the report's charts and the cited entries' hashes
(``cli.log_report.evidence``) as an appendix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from overdue_cli.cli.context import environment, note, say
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
    lender_kind,
    open_journal,
    output_stream,
    redactor_for,
    shown_path,
)
from overdue_cli.cli.options import JsonOpt, LangOpt, RulesOpt, localizer, rulebook
from overdue_cli.errors import EXIT_OK, UsageProblem
from overdue_cli.render import ComplaintOutput, OutputFormat, ReportOutput

if TYPE_CHECKING:
    from overdue_cli.rulebook import Rulebook


def default_channel(book: Rulebook, lender: str | None) -> str:
    """No --to: the first channel the rulebook lists for the lender (``unknown``'s when
    no lender is known), said on stderr with the others."""
    from overdue_cli.journal import CHANNELS

    item = book.lenders.get(lender or "unknown") or book.lenders.get("unknown")
    suited: list[str] = [c for c in (item.channels if item else ()) if c in CHANNELS]
    if not suited:
        raise UsageProblem("complaint needs --to CHANNEL (请用 --to 选择投诉渠道)",
                           "one of: " + ", ".join(CHANNELS), key="complaint_needs_to",
                           hint_key="one_of", params={"choices": ", ".join(CHANNELS)})
    others = say("also_channels", channels=", ".join(suited[1:])) if suited[1:] else ""
    note(say("complaint_default_channel", channel=suited[0],
             lender=item.id if item else "unknown", others=others))
    return suited[0]


def complaint(
    ctx: typer.Context,
    to: Annotated[str | None, typer.Option(
        "--to", "--channel", metavar="CHANNEL")] = None,
    platform: PlatformOpt = None,
    lender: Annotated[str | None, typer.Option(
        "--lender", metavar="KIND")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT")] = "markdown",
    output: OutputOpt = None,
    redact: RedactOpt = False,
    tz: TzOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Draft a complaint from your journal: timeline, rules broken, requests, evidence.

    The draft is in Simplified Chinese (the language of the regulators), is never
    sent anywhere, and has placeholders for your name and ID number: check every
    fact before you submit it."""
    from overdue_cli.journal import CHANNELS, build, build_context, parse_choice, render_complaint

    channel = parse_choice(to, "--to", CHANNELS)
    fmt = parse_choice(output_format, "--format", ("markdown", "text", "html")) or "markdown"
    book = rulebook(rules)
    localizer(None)  # a wrong $OVERDUE_LANG is refused here too, though the draft is Chinese
    kind = lender_kind(book, lender, lang)
    flt = date_filter(platform, since, until, tz)
    if lang is not None and localizer(lang).lang != "zh-Hans":
        note(say("drafts_in_chinese"))
    from overdue_cli.journal import recheck

    with open_journal(db, create=False) as journal:
        analyse_new(journal, book)
        fixed = recheck(journal, book)
        if fixed:
            note(say("verdicts_recomputed", count=fixed))
        rep = build(journal, book, flt, lender=kind)
        if channel is None:
            channel = default_channel(book, rep.lender)
        redactor = redactor_for(journal, redact)
        context = build_context(journal, book, rep, channel, redactor=redactor, lender=kind)
        path = journal.shown
        appendix = None
        if fmt == "html":  # the draft's Markdown, then charts and evidence, in Chinese
            from overdue_cli.cli.log_report import evidence

            cited, chain = evidence(journal, rep, (t["seq"] for t in context["timeline"]))
            appendix = ReportOutput(book, localizer("zh-Hans"), shown_path(journal, redact),
                                    rep, redactor, cited, chain)
    if context["lender"] is not None and not context["lender"]["fits"]:
        suited = ", ".join(c["id"] for c in context["lender"]["channels"])
        note(say("channel_not_usual", lender=context["lender"]["id"], suited=suited,
                 channel=channel))
    if rep.entries == 0:
        note(say("no_contacts_platform", platform=platform) if platform
             else say("no_contacts"))
    drafted = "markdown" if fmt == "html" else fmt
    draft = render_complaint(context, channel, drafted)
    from overdue_cli.render import render

    output_as = OutputFormat.JSON if json_out else OutputFormat(fmt)
    with output_stream(environment(ctx), output) as stream:
        render(ComplaintOutput(path, channel, drafted, context, draft, appendix), output_as,
               stream)
    return EXIT_OK
