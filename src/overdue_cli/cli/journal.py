"""``overdue log …`` and ``overdue complaint``: parse, call the journal, render.

Kept out of cli.py so `check`'s start-up never imports any of it; every core
module is imported inside the command that needs it. Errors are our exception
types, turned into one line and an exit code by ``cli.main``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from overdue_cli.cli.context import note as _note
from overdue_cli.cli.options import RulesOpt, unknown_choice
from overdue_cli.errors import EXIT_FAIL_ON, EXIT_OK, Interrupted, UsageProblem
from overdue_cli.text import text_safe

if TYPE_CHECKING:
    from overdue_cli.journal import Journal

log_app = typer.Typer(
    help="Your evidence journal: record calls and messages, import phone exports, report, "
         "verify, export. Kept on this machine only (default: the user data directory, "
         "or --db / $OVERDUE_DB).",
    no_args_is_help=True,
)

DbOpt = Annotated[str | None, typer.Option(
    "--db", metavar="PATH", help="Journal file (default: $OVERDUE_DB, else the user data "
    "directory's overdue/journal.sqlite3).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (documented schema).")]
TzOpt = Annotated[str | None, typer.Option(
    "--tz", metavar="ZONE", help="Time zone for times you type and for days and hours "
    "(default Asia/Shanghai).")]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", metavar="zh-Hans|zh-Hant|en", help="Output language (default zh-Hans).")]
PlatformOpt = Annotated[str | None, typer.Option("--platform", metavar="NAME",
                                                 help="The lender or app (e.g. 某某借).")]
LenderOpt = Annotated[str | None, typer.Option(
    "--lender", metavar="KIND", help="What kind of lender the platform is: bank, credit_card, "
    "consumer_finance, small_loan, platform, unlicensed, unknown (or 银行、信用卡、消金、小贷、"
    "网贷平台、高利贷 …). Decides where a complaint goes; kept per platform.")]
SinceOpt = Annotated[str | None, typer.Option(
    "--since", metavar="DATE", help="From this day (2026-11-01, 7d, today).")]
UntilOpt = Annotated[str | None, typer.Option(
    "--until", metavar="DATE", help="Up to and including this day.")]
RedactOpt = Annotated[bool, typer.Option(
    "--redact", help="Mask phone numbers (last 4 digits kept), ID and bank card numbers, "
    "and names.")]


def _emit(fmt: Any, result: object) -> None:
    from overdue_cli.render import render

    render(result, fmt, sys.stdout)


def _open(db: str | None, *, create: bool = True) -> Journal:
    from overdue_cli.journal import Journal, resolve_path

    return Journal.open(resolve_path(db), create=create)


def _book_loc(lang: str | None, rules: str | None) -> tuple[Any, Any]:
    from overdue_cli.check import method_gap
    from overdue_cli.locale import Localizer, resolve_lang
    from overdue_cli.rulebook import load_rulebook

    return load_rulebook(rules, coverage=method_gap), Localizer(resolve_lang(lang))


def _analyse(journal: Journal, book: Any, quiet: bool = False) -> int:
    """Scan messages that have no analysis for this rulebook yet (cached)."""
    from overdue_cli.journal import analyse

    def announce(waiting: int) -> None:
        if waiting >= 2000 and not quiet:
            _note(f"scanning {waiting} messages with the rulebook (正在检查 {waiting} 条消息)")

    return analyse(journal, book, on_start=announce)


def _filter(platform: str | None, since: str | None, until: str | None,
            tz: str | None) -> Any:
    from overdue_cli.journal import Filter, parse_date, parse_tz

    zone, _ = parse_tz(tz)
    start = parse_date(since, "--since", zone)
    end = parse_date(until, "--until", zone)
    if start and end and start > end:
        raise UsageProblem(f"--since {start} is after --until {end} (起止日期颠倒)",
                           "swap them")
    return Filter(platform, start, end, zone)


def _lender(book: Any, word: str | None, lang: str | None) -> str | None:
    """A ``--lender`` word as a rulebook lender id (None when not given)."""
    from overdue_cli.check import parse_lender

    return None if word is None else parse_lender(book, word, lang)


def _needs_platform(lender: str | None, platform: str | None, lang: str | None) -> None:
    """``--lender`` is kept per platform, so it needs one."""
    if lender is None or platform:
        return
    from overdue_cli.locale import Localizer, resolve_lang

    loc = Localizer(resolve_lang(lang))
    if loc.lang == "en":
        raise UsageProblem("--lender says what kind of lender a platform is: give --platform "
                           "NAME too", "e.g. --platform 某某借 --lender small_loan")
    raise UsageProblem(loc.chinese("--lender 说明的是某个借款平台的放款机构类型，需要同时写 "
                                   "--platform 平台名"),
                       loc.chinese("例如 --platform 某某借 --lender 小贷"))


def _shown(journal: Journal, redact: bool) -> str:
    """The journal's path for output; redacted, its file name only (a folder often
    holds the user's name)."""
    return text_safe(journal.path.name) if redact else journal.shown


def _redactor(journal: Journal, on: bool) -> Any:
    """A Redactor that also knows every counterparty name in the journal."""
    if not on:
        return None
    from overdue_cli.journal import Redactor

    return Redactor(journal.counterparty_names())


# --------------------------------------------------------------------------- add / void


@log_app.command("add")
def add(
    method: Annotated[str, typer.Option(
        "--method", "-m", metavar="M",
        help="What happened: call, sms, wechat, visit, contacts, mail, … (`overdue methods`).")],
    at: Annotated[str | None, typer.Option(
        "--at", metavar="TIME", help="When (\"2026-11-20 22:40\"; default now).")] = None,
    number: Annotated[str | None, typer.Option(
        "--from", metavar="NUMBER", help="The caller's or sender's number.")] = None,
    name: Annotated[str | None, typer.Option("--name", metavar="NAME",
                                             help="Who (as they called themselves).")] = None,
    platform: PlatformOpt = None,
    lender: LenderOpt = None,
    direction: Annotated[str | None, typer.Option(
        "--direction", metavar="in|out", help="in: they contacted you (default); out: you "
        "contacted them.")] = None,
    text: Annotated[str | None, typer.Option("--text", metavar="TEXT",
                                             help="The message text, as received.")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT",
                                             help="Your note: what was said or done.")] = None,
    duration: Annotated[str | None, typer.Option(
        "--duration", metavar="SECONDS", help="Call length: 200, 3m20s, 3分20秒.")] = None,
    outcome: Annotated[str | None, typer.Option(
        "--outcome", metavar="OUTCOME",
        help="Calls: answered, missed, rejected, blocked, voicemail, no_answer.")] = None,
    attach: Annotated[list[str] | None, typer.Option(
        "--attach", metavar="FILE", help="A screenshot or recording (repeatable). Its "
        "sha256 is recorded; the file is not copied or changed.")] = None,
    third_party: Annotated[bool, typer.Option(
        "--third-party", help="They contacted someone else (family, colleague) about "
        "your debt.")] = False,
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

    book, loc = _book_loc(lang, rules)
    kind = _lender(book, lender, lang)
    _needs_platform(kind, platform, lang)
    methods = resolve_methods(book, [method]).ids
    if len(methods) != 1:
        raise UsageProblem(f"--method takes one method, got {len(methods)}: {', '.join(methods)}",
                           "add one entry per method")
    zone, zone_name = parse_tz(tz)
    when = parse_at(at, zone)
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
                               "attach it again")
        attachments.append(Attachment(full, digest, size))
    clean = normalise(number)
    event = Event(method=methods[0], direction=parse_direction(direction), at=when,
                  source=Source("manual"), number=clean,
                  number_raw=number if number is not None and number != clean else None,
                  name=name, platform=platform, text=text, note=note, duration_s=seconds,
                  outcome=result, kind=None, attachments=tuple(attachments),
                  third_party=third_party)
    with _open(db) as journal:
        entry = journal.append(event, tz=zone_name)
        if kind is not None and platform:
            journal.set_lender(platform, kind)
        if text:
            _analyse(journal, book, quiet=True)
        doc = _entry_doc(journal, entry)
    return _show_entry(journal.shown, doc, "log add", json_out, book, loc)


def _show_entry(path: str, doc: dict[str, Any], command: str, json_out: bool, book: Any,
                loc: Any) -> int:
    """The entry just written, as JSON or as a short confirmation."""
    from overdue_cli.render import EntryOutput, OutputFormat

    _emit(OutputFormat.human_or_json(json_out), EntryOutput(command, path, doc, book, loc))
    return EXIT_OK


def _entry_doc(journal: Journal, entry: Any, redactor: Any = None) -> dict[str, Any]:
    from overdue_cli.render.journal_json import entry_doc

    return entry_doc(entry, journal.analysis_for([entry.seq]).get(entry.seq), redactor)


@log_app.command("void")
def void(
    seq: Annotated[int, typer.Argument(metavar="N", help="The entry number to void.")],
    reason: Annotated[str, typer.Option("--reason", metavar="TEXT",
                                        help="Why it is wrong (kept in the journal).")],
    db: DbOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Correct a mistake: add an entry that voids entry N (nothing is ever edited)."""
    from datetime import UTC, datetime

    from overdue_cli.journal import Event, Source

    if not reason.strip():
        raise UsageProblem("--reason is empty: say why the entry is wrong (请写明作废原因)",
                           'e.g. --reason "号码记错了"')
    book, loc = _book_loc(lang, rules)
    with _open(db, create=False) as journal:
        original = journal.entry(seq)
        if original is None:
            raise UsageProblem(f"no entry #{seq} in the journal (没有这条记录)",
                               "see `overdue log list --all`")
        marker = Event(method=original.event.method, direction=original.event.direction,
                       at=datetime.now(UTC).astimezone(original.event.at.tzinfo),
                       source=Source("manual"), platform=original.event.platform)
        entry = journal.append(marker, tz=original.tz,
                               void_of=seq, reason=reason)
        doc = _entry_doc(journal, entry)
    return _show_entry(journal.shown, doc, "log void", json_out, book, loc)


# --------------------------------------------------------------------------- import


@log_app.command("import")
def import_(
    files: Annotated[list[str], typer.Argument(
        metavar="FILE...", help="Phone exports: SMS Backup & Restore sms-*.xml / calls-*.xml, "
        "WeChatMsg *_utf8.csv, a call-log or message CSV, or JSON Lines.")],
    platform: Annotated[str | None, typer.Option(
        "--platform", metavar="NAME", help="Tag the imported entries with this lender or app "
        "(with --from-number: only those numbers' entries).")] = None,
    lender: LenderOpt = None,
    from_number: Annotated[list[str] | None, typer.Option(
        "--from-number", metavar="NUMBER", help="Import only contacts with this number "
        "(repeatable; '1069*' for a prefix).")] = None,
    input_format: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="Instead of detecting: sms-xml, calls-xml, wechat-csv, calls-csv, messages-csv, "
             "jsonl.")] = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", metavar="NAME", help="Instead of detecting (utf-8, gb18030, …).")] = None,
    column: Annotated[list[str] | None, typer.Option(
        "--column", metavar="KEY=HEADER", help="Call-log CSV columns: time=, number=, type=, "
        "duration=, name=, text=, direction= (repeatable).")] = None,
    no_scan: Annotated[bool, typer.Option(
        "--no-scan", help="Do not scan the imported messages now (report does it later).")
    ] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Stop at the first malformed record and import nothing from that "
        "file (exit 3), instead of skipping the record.")] = False,
    tz: TzOpt = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Import phone exports. Each file is all-or-nothing; duplicates are never added twice."""
    from overdue_cli.journal import (
        IMPORT_FORMATS,
        ImportOptions,
        freeze_collector,
        matches_number,
        note_skip,
        number_matcher,
        open_export,
        parse_tz,
        worth_a_process,
    )

    if input_format is not None and input_format not in IMPORT_FORMATS:
        raise unknown_choice(f"unknown --format '{input_format}' (不支持的格式)", input_format,
                             IMPORT_FORMATS)
    zone, zone_name = parse_tz(tz)
    book, loc = _book_loc(lang, rules)
    kind = _lender(book, lender, lang)
    _needs_platform(kind, platform, lang)
    options = ImportOptions(format=input_format, encoding=encoding, tz=zone,
                            columns=_columns(column or []), methods=frozenset(book.methods),
                            strict=strict)
    patterns = number_matcher(from_number or [])
    exports = [open_export(path, options) for path in files]  # all checked before any write

    def keep(event: Any) -> bool:
        return not patterns or matches_number(event.number, patterns)

    def tag(event: Any) -> Any:
        return replace(event, platform=platform) if platform and event.platform is None \
            else event

    from overdue_cli.journal import ImportResult

    results: list[ImportResult] = []
    skipped: dict[str, list[Any]] = {}
    freeze_collector()
    with _open(db) as journal:
        for export in exports:
            shown: list[Any] = skipped.setdefault(export.name, [])

            def on_skip(item: Any, shown: list[Any] = shown, name: str = export.name) -> None:
                if note_skip(shown, item) and not json_out:
                    typer.echo(f"overdue: warning: {name} {item.position}: {item.reason} "
                               "— skipped", err=True)

            try:
                result = journal.import_events(
                    export.name, export.sha256, export.size, export.format, export.events(),
                    tz=zone_name, keep=keep, tag=tag, on_skip=on_skip,
                    parallel=worth_a_process(export.size))
            except KeyboardInterrupt:
                done = ", ".join(r.name for r in results)
                raise Interrupted(
                    f"interrupted: nothing from {export.name} was imported; the journal is as "
                    "it was before it (已中断，本文件未导入)"
                    + (f"; already imported in this run and kept: {done}" if done else "")
                ) from None
            except Exception as exc:
                done = ", ".join(r.name for r in results)
                _note(f"{export.name} was not imported; the journal is as it was before it"
                      + (f" (already imported in this run: {done})" if done else ""))
                raise exc from None
            results.append(result)
            if result.flagged_times and json_out:  # the human summary says it too
                _note(f"{export.name}: {result.flagged_times} entries dated before 2000 or in "
                      "the future; kept and flagged (时间可疑的记录已保留并标记)")
        if kind is not None and platform:
            journal.set_lender(platform, kind)
        analysed = 0 if no_scan else _scan_after_import(journal, book, results)
        total = journal.count()
    from overdue_cli.render import ImportOutput, OutputFormat

    _emit(OutputFormat.human_or_json(json_out),
          ImportOutput(journal.shown, results, analysed, total, skipped, book, loc))
    return EXIT_OK


def _scan_after_import(journal: Journal, book: Any, results: list[Any]) -> int:
    """Scan what was just imported. The import itself is committed by now, so a
    failure here (a full disk, Ctrl-C) must say that the entries were kept."""
    from overdue_cli.journal import JournalError

    added = sum(r.added for r in results)
    kept = (f"the import was kept ({added} new entries); the messages were not scanned yet "
            "— `overdue log report` scans them later")
    try:
        return _analyse(journal, book)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted while scanning: {kept} (已中断；导入的记录已保存)"
                          ) from None
    except JournalError as exc:
        _note(f"{kept} (导入的记录已保存，但检查结果未能保存): {exc.message}")
        return 0


def _columns(values: list[str]) -> dict[str, str]:
    keys = ("time", "number", "type", "duration", "name", "text", "direction")
    out: dict[str, str] = {}
    for value in values:
        key, sep, header = value.partition("=")
        key = key.strip().lower()
        if not sep or not header.strip():
            raise UsageProblem(f"--column needs KEY=HEADER, got '{value}'",
                               "e.g. --column time=开始时间 --column number=对方号码")
        if key not in keys:
            raise unknown_choice(f"--column: unknown key '{key}'", key, keys)
        out[key] = header.strip()
    return out


# --------------------------------------------------------------------------- list


@log_app.command("list")
def list_(
    since: SinceOpt = None,
    until: UntilOpt = None,
    method: Annotated[list[str] | None, typer.Option(
        "--method", "-m", metavar="M", help="Only this method (repeatable).")] = None,
    platform: PlatformOpt = None,
    number: Annotated[str | None, typer.Option("--number", metavar="NUMBER",
                                               help="Only this counterparty number.")] = None,
    flagged: Annotated[bool, typer.Option(
        "--flagged", help="Only messages the scan flagged (unlawful or scam).")] = False,
    show_all: Annotated[bool, typer.Option(
        "--all", "-a", help="Also voided entries and the void entries themselves.")] = False,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", metavar="N", help="At most N entries, the newest (default: all "
        "for --json, 100 on screen; 0 = all).")] = None,
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

    book, loc = _book_loc(lang, rules)
    flt = _filter(platform, since, until, tz)
    methods = resolve_methods(book, method).ids if method else ()
    if limit is not None and limit < 0:
        raise UsageProblem("--limit must be 0 or more", "e.g. --limit 20")
    cap = limit if limit is not None else (None if json_out else 100)
    query = EntryQuery(flt, include_voided=show_all, methods=tuple(methods), number=number,
                       flagged=flagged, newest=cap or None)
    with _open(db, create=False) as journal:
        _analyse(journal, book)
        found = journal.listing(query)
        total = found.total
        redactor = _redactor(journal, redact)
        # Paged and streamed: 500,000 entries as JSON cost what one page costs.
        docs = _entry_docs(journal, found.entries, redactor)
        shown = _shown(journal, redact)
        filters = {"since": flt.since.isoformat() if flt.since else None,
                   "until": flt.until.isoformat() if flt.until else None,
                   "platform": platform, "methods": list(methods),
                   "number": normalise(number) if number else None, "flagged": flagged,
                   "all": show_all, "limit": cap, "redacted": redact}
        from overdue_cli.render import ListingOutput, OutputFormat

        if json_out:
            _emit(OutputFormat.JSON, ListingOutput(book, loc, shown, docs, total, filters))
            return EXIT_OK
        rows = list(docs)  # on screen: at most --limit rows (100 unless asked for more)
    _emit(OutputFormat.HUMAN, ListingOutput(book, loc, shown, rows, total, filters))
    if len(rows) < total:
        _note(f"showing the newest {len(rows)} of {total} entries; --limit 0 shows all")
    return EXIT_OK


# --------------------------------------------------------------------------- report


@log_app.command("report")
def report(
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

    fmt = "json" if json_out else parse_choice(output_format, "--format",
                                               ("human", "markdown", "json"))
    book, loc = _book_loc(lang, rules)
    flt = _filter(platform, since, until, tz)
    with _open(db, create=False) as journal:
        _analyse(journal, book)
        rep = build(journal, book, flt)
        redactor = _redactor(journal, redact)
        path = _shown(journal, redact)
    from overdue_cli.render import OutputFormat, ReportOutput

    _emit(OutputFormat(fmt or "human"), ReportOutput(book, loc, path, rep, redactor))
    return EXIT_OK


# --------------------------------------------------------------------------- verify


@log_app.command("verify")
def verify(
    no_attachments: Annotated[bool, typer.Option(
        "--no-attachments", help="Skip re-hashing attached files.")] = False,
    db: DbOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> int:
    """Check the hash chain (exit 0 intact, 1 broken) and that attachments are unchanged."""
    with _open(db, create=False) as journal:
        result = journal.verify(check_attachments=not no_attachments)
    from overdue_cli.render import OutputFormat, VerifyOutput

    if json_out:
        _emit(OutputFormat.JSON, VerifyOutput(result))
    else:
        book, loc = _book_loc(lang, rules)
        _emit(OutputFormat.HUMAN, VerifyOutput(result, book, loc))
    return EXIT_OK if result.ok else EXIT_FAIL_ON


# --------------------------------------------------------------------------- export


@log_app.command("export")
def export(
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT", help="csv (default) or jsonl.")] = "csv",
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write here (created 0600) instead of stdout.")
    ] = None,
    redact: RedactOpt = False,
    platform: PlatformOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    show_all: Annotated[bool, typer.Option(
        "--all", "-a", help="Also voided entries and the void entries themselves.")] = False,
    tz: TzOpt = None,
    db: DbOpt = None,
) -> int:
    """Export entries for a lawyer or a regulator: CSV (UTF-8 with BOM, opens in Excel) or
    JSON Lines (re-importable)."""
    from overdue_cli.journal import EntryQuery, parse_choice
    from overdue_cli.render import ExportOutput, OutputFormat, render

    fmt = parse_choice(output_format, "--format", ("csv", "jsonl"))
    query = EntryQuery(_filter(platform, since, until, tz), include_voided=show_all)
    with _open(db, create=False) as journal, _output(output) as stream:
        redactor = _redactor(journal, redact)
        rows = _entry_docs(journal, journal.find(query), redactor)
        render(ExportOutput(rows), OutputFormat(fmt or "csv"), stream)
    return EXIT_OK


def _entry_docs(journal: Journal, entries: Iterator[Any],
                 redactor: Any) -> Iterator[dict[str, Any]]:
    from overdue_cli.render.journal_json import entry_doc

    page: list[Any] = []
    for entry in entries:
        page.append(entry)
        if len(page) >= 1000:
            yield from _with_analysis(journal, page, redactor, entry_doc)
            page = []
    yield from _with_analysis(journal, page, redactor, entry_doc)


def _with_analysis(journal: Journal, page: list[Any], redactor: Any,
                   entry_doc: Any) -> Iterator[dict[str, Any]]:
    analysis = journal.analysis_for(e.seq for e in page)
    for entry in page:
        yield entry_doc(entry, analysis.get(entry.seq), redactor)


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[Any]:
    """stdout, or a new private file (0600); an existing file is not overwritten."""
    if path is None or path == "-":
        yield sys.stdout
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageProblem(f"{path}: already exists; not overwriting it (文件已存在)",
                           "choose a new file name, or remove the old file first") from None
    except OSError as exc:
        raise UsageProblem(f"{path}: cannot create it: {exc.strerror}",
                           "check the directory exists and is writable") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
    except BaseException as exc:
        # A part of an export looks whole (it ends on a full line): never leave one.
        with contextlib.suppress(OSError):
            os.unlink(path)
        if isinstance(exc, KeyboardInterrupt):
            raise Interrupted(f"interrupted: {path} was incomplete and has been removed "
                              "(已中断，未完成的文件已删除)") from None
        raise


# --------------------------------------------------------------------------- destroy


@log_app.command("destroy")
def destroy(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> int:
    """Delete the journal file for good (asks first unless --yes)."""
    from overdue_cli.journal import destroy as remove
    from overdue_cli.journal import resolve_path

    path = resolve_path(db)
    if not path.exists():
        raise UsageProblem(f"{path}: no journal here (没有日志文件)", "nothing to delete")
    if not yes and not sys.stdin.isatty():
        raise UsageProblem("log destroy needs --yes when not run on a terminal "
                           "(非交互模式下需要 --yes)", f"overdue log destroy --yes --db {path}")
    # Only an overdue journal is ever deleted, --yes or not: opening it refuses a
    # device (/dev/null), a directory, or any other file given by mistake.
    with _open(str(path), create=False) as journal:
        count = journal.count()
    if not yes:
        sys.stderr.write(f"This deletes {count} entries in {path} for good; they cannot be "
                         "recovered. (将永久删除) Type 'delete' to go on: ")
        sys.stderr.flush()
        try:
            answer = sys.stdin.readline()
        except UnicodeDecodeError:  # not UTF-8: certainly not "delete"
            answer = ""
        if answer.strip().lower() not in ("delete", "删除"):
            typer.echo("overdue: not deleted (未删除)", err=True)
            return EXIT_FAIL_ON
    removed = remove(path)
    if json_out:
        from overdue_cli.render import DestroyOutput, OutputFormat

        _emit(OutputFormat.JSON, DestroyOutput(text_safe(str(path)),
                                               [text_safe(str(p)) for p in removed]))
    else:
        typer.echo(f"overdue: deleted {', '.join(text_safe(str(p)) for p in removed)} (已删除)",
                   err=True)
    return EXIT_OK


# --------------------------------------------------------------------------- complaint


def _default_channel(book: Any, lender: str | None) -> str:
    """No --to: the first channel the rulebook lists for the lender (``unknown``'s when
    no lender is known), said on stderr with the others."""
    from overdue_cli.journal import CHANNELS

    item = book.lenders.get(lender or "unknown") or book.lenders.get("unknown")
    suited: list[str] = [c for c in (item.channels if item else ()) if c in CHANNELS]
    if not suited:
        raise UsageProblem("complaint needs --to CHANNEL (请用 --to 选择投诉渠道)",
                           "one of: " + ", ".join(CHANNELS))
    others = f"; also: {', '.join(suited[1:])}" if suited[1:] else ""
    _note(f"no --to given: writing for {suited[0]}, the first channel for a "
          f"{item.id if item else 'unknown'} lender{others} (未指定渠道，按放款机构类型选择)")
    return suited[0]


def complaint(
    to: Annotated[str | None, typer.Option(
        "--to", "--channel", metavar="CHANNEL", help="Who the draft is for: 12378, "
        "local_regulator, 12363, 12321, nifa, police or platform (default: the first that "
        "suits the lender).")] = None,
    platform: PlatformOpt = None,
    lender: Annotated[str | None, typer.Option(
        "--lender", metavar="KIND", help="What kind of lender it is (bank, credit_card, "
        "consumer_finance, small_loan, platform, unlicensed, unknown, or 小贷、消金 …); "
        "instead of the one recorded with log add/import --lender.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT", help="markdown (default) or text.")] = "markdown",
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write here (created 0600) instead of stdout.")
    ] = None,
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
    fmt = parse_choice(output_format, "--format", ("markdown", "text")) or "markdown"
    book, _ = _book_loc(None, rules)
    kind = _lender(book, lender, lang)
    flt = _filter(platform, since, until, tz)
    if lang is not None:
        from overdue_cli.locale import resolve_lang

        if resolve_lang(lang) != "zh-Hans":
            _note("complaint drafts are written in Simplified Chinese, the language of the "
                  "regulators and police they go to; --lang does not change them")
    from overdue_cli.journal import recheck

    with _open(db, create=False) as journal:
        _analyse(journal, book)
        fixed = recheck(journal, book)
        if fixed:
            _note(f"{fixed} stored scan verdict(s) did not match their messages and were "
                  "recomputed from the hashed text (已根据原文重新判断)")
        rep = build(journal, book, flt, lender=kind)
        if channel is None:
            channel = _default_channel(book, rep.lender)
        context = build_context(journal, book, rep, channel,
                                redactor=_redactor(journal, redact), lender=kind)
        path = journal.shown
    if context["lender"] is not None and not context["lender"]["fits"]:
        suited = ", ".join(c["id"] for c in context["lender"]["channels"])
        _note(f"a {context['lender']['id']} lender's complaints usually go to {suited}, "
              f"not {channel}; the draft is written for {channel} as asked and says so "
              f"(该渠道可能不受理，草稿说明中已写明)")
    if rep.entries == 0:
        _note("no incoming contacts match"
              + (f" platform '{platform}'" if platform else "")
              + "; the draft has no timeline (没有符合条件的记录)")
    draft = render_complaint(context, channel, fmt)
    from overdue_cli.render import ComplaintOutput, OutputFormat, render

    output_as = OutputFormat.JSON if json_out else OutputFormat(fmt)
    with _output(output) as stream:
        render(ComplaintOutput(path, channel, fmt, context, draft), output_as, stream)
    return EXIT_OK
