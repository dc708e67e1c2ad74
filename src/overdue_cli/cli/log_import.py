"""``overdue log import``: phone exports into the journal, each file all or nothing.

Why a module of its own: importing has the most to say of the journal's
commands (the records skipped and why, a file interrupted half-way, the import
kept when the scan after it fails) and its own options (``--from-number``,
``--column``, ``--strict``). Registered on ``log`` by ``cli.log``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any

import typer

from overdue_cli.cli.context import emit, environment, note, say
from overdue_cli.cli.journal import (
    DbOpt,
    LenderOpt,
    TzOpt,
    analyse_new,
    lender_kind,
    needs_platform,
    open_journal,
)
from overdue_cli.cli.options import JsonOpt, LangOpt, RulesOpt, localizer, rulebook, unknown_choice
from overdue_cli.errors import EXIT_OK, Interrupted, UsageProblem
from overdue_cli.render import ImportOutput, OutputFormat

if TYPE_CHECKING:
    from overdue_cli.journal import ImportResult, Journal
    from overdue_cli.rulebook import Rulebook

COLUMN_KEYS = ("time", "number", "type", "duration", "name", "text", "direction")
"""What ``--column KEY=HEADER`` may name in a call-log CSV."""


def import_(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(
        metavar="FILE...")],
    platform: Annotated[str | None, typer.Option(
        "--platform", metavar="NAME")] = None,
    lender: LenderOpt = None,
    from_number: Annotated[list[str] | None, typer.Option(
        "--from-number", metavar="NUMBER")] = None,
    input_format: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT")] = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", metavar="NAME")] = None,
    column: Annotated[list[str] | None, typer.Option(
        "--column", metavar="KEY=HEADER")] = None,
    no_scan: Annotated[bool, typer.Option(
        "--no-scan")
    ] = False,
    strict: Annotated[bool, typer.Option(
        "--strict")] = False,
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
                             IMPORT_FORMATS, key="unknown_format")
    zone, zone_name = parse_tz(tz)
    book, loc = rulebook(rules), localizer(lang)
    kind = lender_kind(book, lender, lang)
    needs_platform(kind, platform, lang)
    options = ImportOptions(format=input_format, encoding=encoding, tz=zone,
                            columns=columns(column or []), methods=frozenset(book.methods),
                            strict=strict)
    patterns = number_matcher(from_number or [])
    exports = [open_export(path, options) for path in files]  # all checked before any write

    def keep(event: Any) -> bool:
        return not patterns or matches_number(event.number, patterns)

    def tag(event: Any) -> Any:
        return replace(event, platform=platform) if platform and event.platform is None \
            else event

    results: list[ImportResult] = []
    skipped: dict[str, list[Any]] = {}
    freeze_collector()
    with open_journal(db) as journal:
        for export in exports:
            shown: list[Any] = skipped.setdefault(export.name, [])

            def on_skip(item: Any, shown: list[Any] = shown, name: str = export.name) -> None:
                if note_skip(shown, item) and not json_out:
                    from overdue_cli.cli.scan import skip_line

                    typer.echo(f"overdue: {skip_line(item, name)}", err=True)

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
                note(say("import_not_kept_done", name=export.name, done=done) if done
                     else say("import_not_kept", name=export.name))
                raise exc from None
            results.append(result)
            if result.flagged_times and json_out:  # the human summary says it too
                note(say("flagged_times", name=export.name, count=result.flagged_times))
        if kind is not None and platform:
            journal.set_lender(platform, kind)
        analysed = 0 if no_scan else scan_after_import(journal, book, results)
        total = journal.count()
    emit(environment(ctx), OutputFormat.human_or_json(json_out),
         ImportOutput(journal.shown, results, analysed, total, skipped, book, loc))
    return EXIT_OK


def scan_after_import(journal: Journal, book: Rulebook, results: list[ImportResult]) -> int:
    """Scan what was just imported. The import itself is committed by now, so a
    failure here (a full disk, Ctrl-C) must say that the entries were kept."""
    from overdue_cli.journal import JournalError

    added = sum(r.added for r in results)
    kept = (f"the import was kept ({added} new entries); the messages were not scanned yet "
            "— `overdue log report` scans them later")
    try:
        return analyse_new(journal, book)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted while scanning: {kept} (已中断；导入的记录已保存)"
                          ) from None
    except JournalError as exc:
        note(say("import_kept_unscanned", count=added,
                 reason=say(exc.key, **exc.params) if exc.key else exc.message))
        return 0


def columns(values: list[str]) -> dict[str, str]:
    """``--column KEY=HEADER`` values as a mapping from key to the CSV's header."""
    out: dict[str, str] = {}
    for value in values:
        key, sep, header = value.partition("=")
        key = key.strip().lower()
        if not sep or not header.strip():
            raise UsageProblem(f"--column needs KEY=HEADER, got '{value}'",
                               "e.g. --column time=开始时间 --column number=对方号码",
                               key="column_needs_pair", hint_key="eg_column",
                               params={"value": value})
        if key not in COLUMN_KEYS:
            raise unknown_choice(f"--column: unknown key '{key}'", key, COLUMN_KEYS,
                                 key="column_unknown_key")
        out[key] = header.strip()
    return out
