"""``overdue log …`` receipts and lists for people: ``log list``, and what ``log
add``, ``void``, ``import`` and ``verify`` did.

Why a module of its own: these are short answers to one command each, drawn in
the journal's words (:class:`~overdue_cli.render.journal_view.JournalView`);
the long report is ``journal_report_human``. Each function is a
:class:`~overdue_cli.render.formats.Renderer`, twin of ``journal_json``'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text as RichText

from overdue_cli.locale import Localizer, resolve_lang
from overdue_cli.render.journal_results import (
    EntryOutput,
    ImportOutput,
    ListingOutput,
    VerifyOutput,
)
from overdue_cli.render.journal_view import EXCERPT, NOTABLE, JournalView, clip
from overdue_cli.render.view import MESSAGE_STYLE, make_console, printable
from overdue_cli.render.wrap import Para
from overdue_cli.rulebook import Rulebook

TABLE_MIN_WIDTH = 96
"""Narrower terminals get ``log list`` as stacked records: nine columns do not fit."""


def entries(out: ListingOutput, stream: TextIO) -> None:
    """``log list``: one row per entry dict (``journal_json.entry_doc``), already
    redacted by whoever built the dicts. Voided entries are dimmed and marked.

    Incoming is the rule, so direction is a mark on the others' text (or, when all
    rows agree, one line above the list), and so is the platform when all rows
    share one. Below TABLE_MIN_WIDTH columns each entry is two lines instead of a
    table row, so nothing is cut off at the right edge.
    """
    rows = list(out.entries)
    console = make_console(stream)
    v = JournalView(out.book, out.loc)
    c = v.colon()
    console.print(Para(v.t("list_title", path=printable(out.journal), count=len(rows)),
                       style="bold"))
    if not rows:
        console.print(Para(v.t("no_rows")))
        return
    mixed_directions = len({row.get("direction") for row in rows}) > 1
    platforms = {row.get("platform") for row in rows}
    same: list[str] = []
    if not mixed_directions:
        same.append(f"{v.t('direction')}{c}{v.direction(rows[0].get('direction'))}")
    if len(platforms) == 1:
        only = next(iter(platforms))
        same.append(f"{v.ui('platform')}{c}{printable(only) if only else '—'}")
    if same:
        console.print(Para(" · ".join(same), style="dim"))
    cells = [_list_cells(v, row, mixed_directions, len(platforms) > 1) for row in rows]
    if console.width >= TABLE_MIN_WIDTH:
        console.print(_list_table(v, cells, len(platforms) > 1, console.width))
    else:
        for row in cells:
            head = RichText()
            for key in ("time", "method", "number", "name", "platform", "outcome", "scan"):
                if key in row and row[key].plain not in ("", "—"):
                    head.append("  " if head.plain else "")
                    head.append_text(row[key])
            grid = Table.grid(padding=(0, 2, 0, 0))  # wrapped lines stay under the time
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            grid.add_row(RichText(f"#{row['seq']}", style="bold"), head)
            console.print(grid)
            if row["content"].renderables:
                console.print(Padding(row["content"], (0, 0, 0, 4)))
    if any(row.get("gateway") for row in rows):
        console.print(Para(f"* {v.t('gateway')}", style="dim"))


def _list_cells(v: JournalView, row: Mapping[str, Any], mark_direction: bool,
                platform: bool) -> dict[str, Any]:
    """One entry's cells for ``log list``, styled (voided: dimmed and struck through)."""
    c = v.colon()
    style = "dim strike" if row.get("voided_by") is not None else ""
    at = _parse_time(row.get("at"))
    number = v.number(row.get("number")) + (" *" if row.get("gateway") else "")
    name = v.name(row.get("name"))
    content = v.content(row.get("text"), row.get("note"))
    if row.get("void_of") is not None and row.get("reason"):
        content = f"{v.t('reason')}{c}{clip(printable(row['reason']), EXCERPT)}"
    marks = RichText()
    if mark_direction and row.get("direction") != "in":
        marks.append(f"[{v.direction(row.get('direction'))}] ", style="bold")
    for mark in _marks(v, row):
        marks.append(f"[{mark}] ", style="bold yellow")
    parts: list[RenderableType] = [marks] if marks.plain else []
    if content:
        parts.append(Para(content, style=style))  # CJK-aware wrapping, as everywhere
    verdict = (row.get("scan") or {}).get("verdict")
    cells = {
        "seq": RichText(str(row.get("seq", "")), style=style),
        "time": RichText(v.when(at) if at else printable(str(row.get("at", ""))),
                         style=style),
        "method": RichText(v.method(str(row.get("method", ""))), style=style),
        "number": RichText(number, style=style),
        "name": RichText(name or "", style=style),
        "outcome": RichText(v.outcome(row.get("outcome"), row.get("duration_s")), style=style),
        "content": Group(*parts),
        "scan": RichText(v.label("message_verdicts", verdict),
                         style=MESSAGE_STYLE.get(verdict, "")) if verdict
        else RichText("—", style="dim"),
    }
    if platform:
        cells["platform"] = RichText(printable(row.get("platform") or "—"), style=style)
    return cells


def _list_table(v: JournalView, rows: list[dict[str, Any]], platform: bool,
                width: int) -> Table:
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False,
                  header_style="bold")
    columns = [("seq", "#"), ("time", v.t("time")), ("method", v.t("method")),
               ("number", v.t("number"))]
    columns += [("platform", v.ui("platform"))] if platform else []
    columns += [("outcome", v.t("outcome")), ("content", v.t("content")),
                ("scan", v.t("scan"))]
    for key, header in columns:
        if key == "seq":
            table.add_column(header, justify="right", no_wrap=True)
        elif key in ("time", "number"):
            table.add_column(header, no_wrap=True)
        elif key == "content":
            table.add_column(header, ratio=1, min_width=16, overflow="fold")
        elif key == "method":  # the rulebook's name, whole: wider when the screen allows
            table.add_column(header, min_width=min(cell_len(header), 8),
                             max_width=min(24, 12 + max(0, width - 100) // 2), overflow="fold")
        else:
            table.add_column(header, min_width=min(cell_len(header), 8), max_width=12,
                             overflow="fold")
    for row in rows:
        number = row["number"]
        if row["name"].plain:
            number = RichText.assemble(number, "\n", row["name"])
        table.add_row(*(number if key == "number" else row[key] for key, _ in columns))
    return table


def _marks(v: JournalView, row: Mapping[str, Any]) -> list[str]:
    """Short warnings in front of an entry's content: voided, a correction, odd time."""
    marks = []
    if row.get("voided_by") is not None:
        marks.append(v.t("voided", seq=row["voided_by"]))
    if row.get("void_of") is not None:
        marks.append(v.t("void_entry", seq=row["void_of"]))
    if row.get("time_flag"):
        marks.append(v.t(f"time_flag_{row['time_flag']}"))
    return marks


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


# --------------------------------------------------------------------------- receipts


def _view(book: Rulebook | None, loc: Localizer | None) -> JournalView:
    """For receipts the CLI may call without a rulebook: the shipped one, and the
    default language when no Localizer is handed in."""
    if book is None:
        from overdue_cli.rulebook import load_rulebook

        book = load_rulebook()
    return JournalView(book, loc or Localizer(resolve_lang(None)))


def imported(out: ImportOutput, stream: TextIO) -> None:
    """``log import``: per file what was added, left out and why; then the journal's size."""
    console = make_console(stream)
    v = _view(out.book, out.loc)
    c = v.colon()
    for x in out.results:
        facts = [v.t("import_added", count=x.added), v.t("import_duplicates", count=x.duplicates)]
        if x.skipped:
            facts.append(v.t("import_skipped", count=x.skipped))
        if x.filtered:
            facts.append(v.t("import_filtered", count=x.filtered))
        if x.first_seq is not None and x.last_seq is not None:
            facts.append(v.t("import_range", first=x.first_seq, last=x.last_seq))
        line = RichText(f"{printable(x.name)}{c}", style="bold")
        line.append(("; " if v.loc.lang == "en" else "；").join(facts))
        console.print(line)
        if x.flagged_times:
            console.print(Padding(Para(v.t("import_odd", count=x.flagged_times),
                                       style="yellow"), (0, 0, 0, 2)))
        if x.already_imported:
            console.print(Padding(Para(v.t("import_again"), style="yellow"), (0, 0, 0, 2)))
    console.print(Para(v.t("import_total", analysed=out.analysed, total=out.total,
                           path=printable(out.journal))))


def verified(out: VerifyOutput, stream: TextIO) -> None:
    """``log verify``: intact (count + head hash) or, prominently, where it broke."""
    v = out.verification
    console = make_console(stream)
    w = _view(out.book, out.loc)
    c = w.colon()
    console.print(Para(f"{w.t('journal')}{c}{printable(v.path)}", style="dim"))
    if v.broken is None:
        console.print(RichText(w.t("verify_ok", count=v.entries), style="bold green"))
    else:
        console.print(RichText(w.t("verify_broken", seq=v.broken.seq), style="bold red"))
        console.print(Padding(Para(f"{w.t('reason')}{c}{printable(v.broken.reason)}",
                                   style="red"), (0, 0, 0, 2)))
        if v.broken.seq > 1:
            console.print(Padding(Para(w.t("verify_before_ok", last=v.broken.seq - 1,
                                           seq=v.broken.seq)), (0, 0, 0, 2)))
    console.print(RichText(f"{w.t('head_hash')}{c}"))
    console.print(RichText(f"  {v.head_hash}", style="bold"), overflow="fold")
    if v.attachments_ok:
        console.print(Para(w.t("attachments_ok", count=v.attachments_ok)))
    for key, items, style in (("attachments_missing", v.attachments_missing, "yellow"),
                              ("attachments_changed", v.attachments_changed, "bold red")):
        if items:
            console.print(RichText(f"{w.t(key, count=len(items))}{c}", style=style))
            console.print(w.bullets(f"#{seq}  {printable(path)}" for seq, path in items))


def added(out: EntryOutput, stream: TextIO) -> None:
    """``log add`` / ``log void``: the entry as recorded, its hash, and any warning."""
    entry = out.entry
    console = make_console(stream)
    v = JournalView(out.book, out.loc)
    c = v.colon()
    seq = entry.get("seq")
    if entry.get("void_of") is not None:
        console.print(RichText(v.t("added_void", seq=seq, target=entry["void_of"]),
                               style="bold green"))
        if entry.get("reason"):
            console.print(Padding(Para(f"{v.t('reason')}{c}{printable(entry['reason'])}"),
                                  (0, 0, 0, 2)))
    else:
        at = _parse_time(entry.get("at"))
        parts = [v.when(at) if at else str(entry.get("at", "")),
                 v.method(str(entry.get("method", ""))), v.direction(entry.get("direction")),
                 v.who(entry.get("number"), entry.get("name"))]
        if entry.get("platform"):
            parts.append(printable(entry["platform"]))
        if entry.get("outcome") or entry.get("duration_s"):
            parts.append(v.outcome(entry.get("outcome"), entry.get("duration_s")))
        console.print(RichText(v.t("added", seq=seq), style="bold green"))
        console.print(Padding(Para("  ".join(parts)), (0, 0, 0, 2)))
        body = v.content(entry.get("text"), entry.get("note"), 200)
        if body:
            console.print(Padding(Para(body, style="dim"), (0, 0, 0, 2)))
        for att in entry.get("attachments") or ():
            console.print(Padding(Para(f"{v.t('attachment')}{c}{printable(att['path'])}"),
                                  (0, 0, 0, 2)))
    scan = entry.get("scan")
    if scan and scan.get("verdict"):
        signals = scan.get("signals") or []
        line = f"{v.t('scan')}{c}{v.label('message_verdicts', scan['verdict'])}"
        if any(s.get("verdict") in NOTABLE for s in signals):
            line += v.paren(f"{v.t('matched')}{c}{v.evidence(signals)}")
        console.print(Padding(Para(line, style=MESSAGE_STYLE.get(scan["verdict"], "")),
                              (0, 0, 0, 2)))
    if entry.get("time_flag"):
        console.print(Padding(Para(v.t(f"time_warning_{entry['time_flag']}"), style="yellow"),
                              (0, 0, 0, 2)))
    if entry.get("hash"):
        console.print(RichText(f"  {v.t('hash')}{c}{entry['hash']}", style="dim"),
                      overflow="fold")
