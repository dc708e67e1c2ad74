"""``overdue log``: the evidence journal's command group, and the commands that add
to it, list it, check it, export it and delete it (``add``, ``void``, ``list``,
``verify``, ``export``, ``destroy``).

Why a module of its own: these are the journal's everyday commands, each a few
lines of parsing around one call to the journal; ``log import`` and ``log
report`` have more to say and modules of their own (``cli.log_import``,
``cli.log_report``), registered here so ``overdue log --help`` lists every
command in the order a user meets them. Output goes through ``render``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from overdue_cli.cli.context import emit, environment, note, say
from overdue_cli.cli.journal import (
    DbOpt,
    LenderOpt,
    OutputOpt,
    PlatformOpt,
    RedactOpt,
    SinceOpt,
    TzOpt,
    UntilOpt,
    analyse_new,
    date_filter,
    entry_document,
    entry_documents,
    journal_path,
    lender_kind,
    needs_platform,
    open_journal,
    output_stream,
    redactor_for,
    shown_path,
)
from overdue_cli.cli.log_import import import_
from overdue_cli.cli.log_report import report
from overdue_cli.cli.options import JsonOpt, LangOpt, RulesOpt, localizer, rulebook
from overdue_cli.errors import EXIT_FAIL_ON, EXIT_OK, UsageProblem
from overdue_cli.render import (
    DestroyOutput,
    EntryOutput,
    ExportOutput,
    ListingOutput,
    OutputFormat,
    VerifyOutput,
)
from overdue_cli.text import text_safe

log_app = typer.Typer(
    no_args_is_help=True,
)


# --------------------------------------------------------------------------- add / void


def add(
    ctx: typer.Context,
    method: Annotated[str, typer.Option(
        "--method", "-m", metavar="M")],
    at: Annotated[str | None, typer.Option(
        "--at", metavar="TIME")] = None,
    number: Annotated[str | None, typer.Option(
        "--from", metavar="NUMBER")] = None,
    name: Annotated[str | None, typer.Option("--name", metavar="NAME")] = None,
    platform: PlatformOpt = None,
    lender: LenderOpt = None,
    direction: Annotated[str | None, typer.Option(
        "--direction", metavar="in|out")] = None,
    text: Annotated[str | None, typer.Option("--text", metavar="TEXT")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT")] = None,
    duration: Annotated[str | None, typer.Option(
        "--duration", metavar="SECONDS")] = None,
    outcome: Annotated[str | None, typer.Option(
        "--outcome", metavar="OUTCOME")] = None,
    attach: Annotated[list[str] | None, typer.Option(
        "--attach", metavar="FILE")] = None,
    third_party: Annotated[bool, typer.Option(
        "--third-party")] = False,
    tz: TzOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Record one contact by hand: a call, message, visit, letter, a call to your family."""
    from overdue_cli.check import resolve_methods
    from overdue_cli.journal import (
        Attachment,
        Event,
        Source,
        file_sha256,
        normalise,
        parse_at,
        parse_direction,
        parse_duration,
        parse_outcome,
        parse_tz,
    )

    book, loc = rulebook(rules), localizer(lang)
    kind = lender_kind(book, lender, lang)
    needs_platform(kind, platform, lang)
    methods = resolve_methods(book, [method]).ids
    if len(methods) != 1:
        raise UsageProblem(f"--method takes one method, got {len(methods)}: {', '.join(methods)}",
                           "add one entry per method", key="one_method",
                           hint_key="one_entry_per_method",
                           params={"count": len(methods), "methods": ", ".join(methods)})
    zone, zone_name = parse_tz(tz)
    when = parse_at(at, zone, now=environment(ctx).now())
    seconds = parse_duration(duration)
    result = parse_outcome(outcome)
    if result is None and seconds and methods[0] == "call":
        result = "answered"  # a call with a length was picked up
    attachments = []
    for path in attach or []:
        digest, size = file_sha256(path)
        full = str(Path(path).resolve())
        if text_safe(full) != full:  # verify must open this very path again later
            raise UsageProblem(f"--attach: the path '{text_safe(full)}' is not UTF-8 text "
                               "(路径不是 UTF-8 编码)", "rename the file (or its folder) and "
                               "attach it again", key="attach_not_utf8",
                               hint_key="attach_rename", params={"path": text_safe(full)})
        attachments.append(Attachment(full, digest, size))
    clean = normalise(number)
    event = Event(method=methods[0], direction=parse_direction(direction), at=when,
                  source=Source("manual"), number=clean,
                  number_raw=number if number is not None and number != clean else None,
                  name=name, platform=platform, text=text, note=note, duration_s=seconds,
                  outcome=result, kind=None, attachments=tuple(attachments),
                  third_party=third_party)
    with open_journal(db) as journal:
        entry = journal.append(event, tz=zone_name)
        if kind is not None and platform:
            journal.set_lender(platform, kind)
        if text:
            analyse_new(journal, book, quiet=True)
        doc = entry_document(journal, entry)
    emit(environment(ctx), OutputFormat.human_or_json(json_out),
         EntryOutput("log add", journal.shown, doc, book, loc))
    return EXIT_OK


def void(
    ctx: typer.Context,
    seq: Annotated[int, typer.Argument(metavar="N")],
    reason: Annotated[str, typer.Option("--reason", metavar="TEXT")],
    db: DbOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Correct a mistake: add an entry that voids entry N (nothing is ever edited)."""
    from overdue_cli.journal import Event, Source

    if not reason.strip():
        raise UsageProblem("--reason is empty: say why the entry is wrong (请写明作废原因)",
                           'e.g. --reason "号码记错了"', key="reason_empty",
                           hint_key="reason_example")
    book, loc = rulebook(rules), localizer(lang)
    with open_journal(db, create=False) as journal:
        original = journal.entry(seq)
        if original is None:
            raise UsageProblem(f"no entry #{seq} in the journal (没有这条记录)",
                               "see `overdue log list --all`", key="no_entry",
                               hint_key="see_list_all", params={"seq": seq})
        marker = Event(method=original.event.method, direction=original.event.direction,
                       at=environment(ctx).now().astimezone(original.event.at.tzinfo),
                       source=Source("manual"), platform=original.event.platform)
        entry = journal.append(marker, tz=original.tz,
                               void_of=seq, reason=reason)
        doc = entry_document(journal, entry)
    emit(environment(ctx), OutputFormat.human_or_json(json_out),
         EntryOutput("log void", journal.shown, doc, book, loc))
    return EXIT_OK


# --------------------------------------------------------------------------- list


def list_(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    method: Annotated[list[str] | None, typer.Option(
        "--method", "-m", metavar="M")] = None,
    platform: PlatformOpt = None,
    number: Annotated[str | None, typer.Option("--number", metavar="NUMBER")] = None,
    flagged: Annotated[bool, typer.Option(
        "--flagged")] = False,
    show_all: Annotated[bool, typer.Option(
        "--all", "-a")] = False,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", metavar="N")] = None,
    redact: RedactOpt = False,
    tz: TzOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """List journal entries in the order they were recorded, with their scan verdicts."""
    from overdue_cli.check import resolve_methods
    from overdue_cli.journal import EntryQuery, normalise

    env = environment(ctx)
    book, loc = rulebook(rules), localizer(lang)
    flt = date_filter(platform, since, until, tz)
    methods = resolve_methods(book, method).ids if method else ()
    if limit is not None and limit < 0:
        raise UsageProblem("--limit must be 0 or more", "e.g. --limit 20", key="limit_range",
                           hint_key="limit_example")
    cap = limit if limit is not None else (None if json_out else 100)
    query = EntryQuery(flt, include_voided=show_all, methods=tuple(methods), number=number,
                       flagged=flagged, newest=cap or None)
    with open_journal(db, create=False) as journal:
        analyse_new(journal, book)
        found = journal.listing(query)
        total = found.total
        redactor = redactor_for(journal, redact)
        # Paged and streamed: 500,000 entries as JSON cost what one page costs.
        docs = entry_documents(journal, found.entries, redactor)
        shown = shown_path(journal, redact)
        filters = {"since": flt.since.isoformat() if flt.since else None,
                   "until": flt.until.isoformat() if flt.until else None,
                   "platform": platform, "methods": list(methods),
                   "number": normalise(number) if number else None, "flagged": flagged,
                   "all": show_all, "limit": cap, "redacted": redact}
        if json_out:  # streamed while the journal is open
            emit(env, OutputFormat.JSON, ListingOutput(book, loc, shown, docs, total, filters))
            return EXIT_OK
        rows = list(docs)  # on screen: at most --limit rows (100 unless asked for more)
    emit(env, OutputFormat.HUMAN, ListingOutput(book, loc, shown, rows, total, filters))
    if len(rows) < total:
        note(say("showing_newest", shown=len(rows), total=total))
    return EXIT_OK


# --------------------------------------------------------------------------- verify / export


def verify(
    ctx: typer.Context,
    no_attachments: Annotated[bool, typer.Option(
        "--no-attachments")] = False,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Check the hash chain (exit 0 intact, 1 broken) and that attachments are unchanged."""
    with open_journal(db, create=False) as journal:
        result = journal.verify(check_attachments=not no_attachments)
    fmt = OutputFormat.human_or_json(json_out)
    if fmt is OutputFormat.JSON:  # ids and hashes only: no rulebook needed
        output = VerifyOutput(result)
    else:
        output = VerifyOutput(result, rulebook(rules), localizer(lang))
    emit(environment(ctx), fmt, output)
    return EXIT_OK if result.ok else EXIT_FAIL_ON


def export(
    ctx: typer.Context,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT")] = "csv",
    output: OutputOpt = None,
    redact: RedactOpt = False,
    platform: PlatformOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    show_all: Annotated[bool, typer.Option(
        "--all", "-a")] = False,
    tz: TzOpt = None,
    db: DbOpt = None,
) -> int:
    """Export entries for a lawyer or a regulator: CSV (UTF-8 with BOM, opens in Excel) or
    JSON Lines (re-importable)."""
    from overdue_cli.journal import EntryQuery, parse_choice
    from overdue_cli.render import render

    fmt = OutputFormat(parse_choice(output_format, "--format", ("csv", "jsonl")) or "csv")
    query = EntryQuery(date_filter(platform, since, until, tz), include_voided=show_all)
    env = environment(ctx)
    with open_journal(db, create=False) as journal, output_stream(env, output) as stream:
        redactor = redactor_for(journal, redact)
        rows = entry_documents(journal, journal.find(query), redactor)
        render(ExportOutput(rows), fmt, stream)
    return EXIT_OK


# --------------------------------------------------------------------------- destroy


def destroy(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes")] = False,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> int:
    """Delete the journal file for good (asks first unless --yes)."""
    from overdue_cli.journal import destroy as remove

    env = environment(ctx)
    path = journal_path(db)
    if not path.exists():
        raise UsageProblem(f"{path}: no journal here (没有日志文件)", "nothing to delete",
                           key="no_journal_here", hint_key="nothing_to_delete",
                           params={"path": path})
    if not yes and not env.stdin_isatty:
        raise UsageProblem("log destroy needs --yes when not run on a terminal "
                           "(非交互模式下需要 --yes)", f"overdue log destroy --yes --db {path}",
                           key="destroy_needs_yes", hint_key="destroy_yes_command",
                           params={"path": path})
    # Only an overdue journal is ever deleted, --yes or not: opening it refuses a
    # device (/dev/null), a directory, or any other file given by mistake.
    with open_journal(str(path), create=False) as journal:
        count = journal.count()
    if not yes:
        env.stderr.write(say("destroy_confirm", count=count, path=path) + " ")
        env.stderr.flush()
        try:
            answer = env.stdin.readline()
        except UnicodeDecodeError:  # not UTF-8: certainly not "delete"
            answer = ""
        if answer.strip().lower() not in ("delete", "删除", "刪除"):
            typer.echo(f"overdue: {say('not_deleted')}", err=True)
            return EXIT_FAIL_ON
    removed = [text_safe(str(p)) for p in remove(path)]
    if json_out:
        emit(env, OutputFormat.JSON, DestroyOutput(text_safe(str(path)), removed))
    else:  # a status line on stderr, like the prompt: stdout stays empty
        typer.echo(f"overdue: {say('deleted', paths=', '.join(removed))}", err=True)
    return EXIT_OK


for _name, _command in (("add", add), ("void", void), ("import", import_), ("list", list_),
                        ("report", report), ("verify", verify), ("export", export),
                        ("destroy", destroy)):
    log_app.command(_name)(_command)
