"""``overdue log report`` in the terminal: facts first (counts, charts, lists), then
the rules they break, with their basis and the next steps.

Why a module of its own: it is the journal's longest output, a page of
sections; the words are :class:`~overdue_cli.render.journal_view.JournalView`'s
and the charts ``journal_charts``'s, shared with the Markdown report, which
tells the same facts from the same :class:`~overdue_cli.journal.Report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text as RichText

from overdue_cli.journal import Contact, Report
from overdue_cli.render.journal_charts import BLOCKS, bar_widths, buckets
from overdue_cli.render.journal_results import ReportOutput
from overdue_cli.render.journal_view import EXAMPLES, JournalView
from overdue_cli.render.view import MESSAGE_STYLE, VERDICT_STYLE, make_console, printable
from overdue_cli.render.wrap import Para

FLAGGED_SHOWN = 10
"""Flagged messages listed in the terminal; the rest are counted (all are in --json)."""
HEAVY_SHOWN = 20
NUMBERS_SHOWN = 10
BAR_STYLES = ("cyan", "magenta", "yellow")
"""Colours of the bars' parts, on top of the characters that tell them apart."""


def report(out: ReportOutput, stream: TextIO) -> None:
    """Print the journal report: facts first (counts, charts, lists), then the rules."""
    book, loc, journal_path, rep, redactor = (out.book, out.loc, out.journal, out.report,
                                              out.redactor)
    console = make_console(stream)
    v = JournalView(book, loc, redactor)
    c = v.colon()
    console.print(RichText(v.t("title"), style="bold"))
    head = [f"{v.t('journal')}{c}{printable(journal_path)}",
            " · ".join(v.filter_parts(rep.filter)),
            f"{v.t('period')}{c}{v.period_text(rep)}",
            *v.lender_parts(rep)]
    if redactor is not None:
        head.append(f"{v.t('redaction')}{c}{v.t('redacted_yes')}")
    for line in head:
        console.print(Para(line, style="dim"))
    console.print()
    if rep.entries == 0:
        console.print(Para(v.t("no_entries")))
        for note in v.notes(rep):
            console.print(Para(note, style="yellow"))
        console.print()
        console.print(v.disclaimer())
        return
    if rep.verdict is not None:
        overall = RichText(f"{v.ui('overall')}{c}", style="bold")
        overall.append_text(v.verdict(rep.verdict))
        console.print(overall)
        console.print()
    console.print(_totals(v, rep))
    console.print()
    _per_day(console, v, rep)
    _by_hour(console, v, rep)
    _night(console, v, rep)
    _heavy(console, v, rep)
    _third_party(console, v, rep)
    _flagged(console, v, rep)
    _numbers(console, v, rep)
    _findings(console, v, rep)
    if rep.next_steps:
        console.print(v.heading("next_steps"))
        console.print(v.bullets((loc(book.actions[a].text) or a for a in rep.next_steps),
                                numbered=True))
        console.print()
    notes = v.notes(rep)
    if notes:
        for note in notes:
            console.print(Padding(Para(note, style="yellow"), (0, 0, 0, 2)))
        console.print()
    console.print(v.disclaimer())


def _heading(v: JournalView, text: str) -> RichText:
    return RichText(text, style="bold")


def _totals(v: JournalView, rep: Report) -> Group:
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(overflow="fold", ratio=3)  # long English labels fold, not the details
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1, min_width=12)
    window = v.quiet_window()
    rows: list[tuple[str, int, str, bool]] = [
        (v.t("incoming"), rep.entries, "", False),
        (v.t("calls"), rep.calls, v.t("calls_detail", answered=rep.answered,
                                      unanswered=rep.unanswered), False),
        (v.t("messages"), rep.messages, "", False),
        (v.t("night", window=window), rep.night, "", True),
        (v.t("heavy_groups"), len(rep.heavy_days), "", True),
        (v.t("third_party"), rep.third_party, "", True),
        (v.t("flagged"), rep.flagged_total, "", True),
        (v.t("outgoing"), rep.outgoing, "", False),
    ]
    for label, count, detail, alarming in rows:
        grid.add_row(RichText(label),
                     RichText(str(count), style="bold red" if alarming and count else ""),
                     RichText(detail, style="dim"))
    return Group(_heading(v, v.t("totals")), Padding(grid, (0, 0, 0, 2)))


def _chart_width(console: Console, fixed: int) -> int:
    return max(10, min(50, console.width - fixed))


def _per_day(console: Console, v: JournalView, rep: Report) -> None:
    unit, rows = buckets(rep.per_day)
    if not rows:
        return
    peak = max(b.total for b in rows)
    any_other = any(b.other for b in rows)
    width = _chart_width(console, 44 if any_other else 38)
    console.print(_heading(v, v.unit_heading(unit)))
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="dim",
                  pad_edge=False)
    table.add_column(v.t("date"), no_wrap=True)
    table.add_column("", no_wrap=True, min_width=width)
    table.add_column(v.t("sum"), justify="right", no_wrap=True)
    table.add_column(v.t("calls"), justify="right", no_wrap=True)
    table.add_column(v.t("messages"), justify="right", no_wrap=True)
    if any_other:
        table.add_column(v.t("other"), justify="right", no_wrap=True)
    for b in rows:
        if b.gap:
            table.add_row(RichText(v.bucket_label(b, unit), style="dim italic"))
            continue
        cells: list[RenderableType] = [RichText(v.bucket_label(b, unit)), _bar(b.parts, peak,
                                                                               width),
                                       RichText(str(b.total), style="bold"),
                                       RichText(str(b.calls)), RichText(str(b.messages))]
        if any_other:
            cells.append(RichText(str(b.other)))
        table.add_row(*cells)
    console.print(Padding(table, (0, 0, 0, 2)))
    console.print(Padding(RichText(v.legend(), style="dim"), (0, 0, 0, 2)))
    console.print()


def _bar(parts: Sequence[int], peak: int, width: int, style: str | None = None) -> RichText:
    out = RichText()
    for i, w in enumerate(bar_widths(parts, peak, width)):
        out.append(BLOCKS[i] * w, style=style or BAR_STYLES[i])
    return out


def _by_hour(console: Console, v: JournalView, rep: Report) -> None:
    peak = max(rep.by_hour, default=0)
    if not peak:
        return
    width = _chart_width(console, 30)
    console.print(_heading(v, v.t("by_hour")))
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, min_width=width)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    for hour, count in enumerate(rep.by_hour):
        quiet = v.book.is_quiet_hour(hour)
        grid.add_row(RichText(f"{hour:02d}:00"),
                     _bar((count,), peak, width, "red" if quiet else "cyan"),
                     RichText(str(count), style="bold" if count else "dim"),
                     RichText(v.t("quiet_mark"), style="red" if count else "dim")
                     if quiet else "")
    console.print(Padding(grid, (0, 0, 0, 2)))
    console.print(Padding(Para(v.t("hour_note", window=v.quiet_window()), style="dim"),
                          (0, 0, 0, 2)))
    console.print()


def _contact_list(v: JournalView, contacts: Sequence[Contact], total: int) -> list[RenderableType]:
    """Up to EXAMPLES entries as an aligned grid, and how many more there are."""
    grid = Table.grid(padding=(0, 2, 0, 0))
    for _ in range(5):
        grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for x in contacts[:EXAMPLES]:
        grid.add_row(RichText(f"#{x.seq}", style="bold"), RichText(v.when(x.at)),
                     RichText(v.method(x.method)), RichText(v.who(x.number, x.name)),
                     RichText(v.outcome(x.outcome, x.duration_s)),
                     Para(v.content(x.text, x.note)))
    out: list[RenderableType] = [Padding(grid, (0, 0, 0, 2))]
    shown = min(len(contacts), EXAMPLES)
    if total > shown:
        out.append(Padding(Para(v.t("more_json", count=total - shown), style="dim"),
                           (0, 0, 0, 2)))
    return out


def _contact_section(console: Console, v: JournalView, title: str, count: int,
                     sample: tuple[Contact, ...]) -> None:
    """A heading with the count, then the first entries of that kind."""
    if not count:
        return
    console.print(_heading(v, f"{title}{v.colon()}{v.t('count', count=count)}"))
    for item in _contact_list(v, sample, count):
        console.print(item)
    console.print()


def _night(console: Console, v: JournalView, rep: Report) -> None:
    _contact_section(console, v, v.t("night", window=v.quiet_window()), rep.night,
                     rep.night_sample)


def _heavy(console: Console, v: JournalView, rep: Report) -> None:
    if not rep.heavy_days:
        return
    console.print(_heading(v, v.t("heavy_groups")))
    table = Table(box=None, padding=(0, 1), header_style="dim", pad_edge=False)
    table.add_column(v.t("date"), no_wrap=True)
    table.add_column(v.t("who_called"), overflow="fold")
    table.add_column(v.t("answered"), justify="right", no_wrap=True)
    table.add_column(v.t("unanswered"), justify="right", no_wrap=True)
    table.add_column(v.t("per_number"), overflow="fold")
    table.add_column(v.t("over_limit"), overflow="fold")
    for h in rep.heavy_days[:HEAVY_SHOWN]:
        table.add_row(RichText(h.day.isoformat()), RichText(v.heavy_who(h)),
                      RichText(str(h.answered)), RichText(str(h.unanswered)),
                      RichText(v.heavy_numbers(h)), Para(v.limits(h.over), style="yellow"))
    console.print(Padding(table, (0, 0, 0, 2)))
    console.print(Padding(Para(v.t("heavy_note"), style="dim"), (0, 0, 0, 2)))
    if len(rep.heavy_days) > HEAVY_SHOWN:
        console.print(Padding(Para(v.t("more_json", count=len(rep.heavy_days) - HEAVY_SHOWN),
                                   style="dim"), (0, 0, 0, 2)))
    console.print()


def _third_party(console: Console, v: JournalView, rep: Report) -> None:
    _contact_section(console, v, v.t("third_party"), rep.third_party, rep.third_party_sample)


def _flagged(console: Console, v: JournalView, rep: Report) -> None:
    if not rep.flagged_total:
        return
    console.print(_heading(v, f"{v.t('flagged')}{v.colon()}"
                              f"{v.t('count_messages', count=rep.flagged_total)}"))
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column()
    for x in rep.flagged[:FLAGGED_SHOWN]:
        c = x.contact
        head = RichText(f"{v.when(c.at)}  {v.method(c.method)}  {v.who(c.number, c.name)}  ")
        head.append(v.label("message_verdicts", x.verdict),
                    style=MESSAGE_STYLE.get(x.verdict, ""))
        body = Group(head,
                     Para(f"{v.t('matched')}{v.colon()}{v.evidence(x.signals)}", style="bold"),
                     Para(v.content(c.text, c.note, 200), style="dim"))
        grid.add_row(RichText(f"#{c.seq}", style="bold"), body)
    console.print(Padding(grid, (0, 0, 0, 2)))
    shown = min(len(rep.flagged), FLAGGED_SHOWN)
    if rep.flagged_total > shown:
        console.print(Padding(Para(v.t("more_json", count=rep.flagged_total - shown),
                                   style="dim"), (0, 0, 0, 2)))
    console.print()


def _numbers(console: Console, v: JournalView, rep: Report) -> None:
    if not rep.numbers:
        return
    console.print(_heading(v, v.t("numbers")))
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for n in rep.numbers[:NUMBERS_SHOWN]:
        grid.add_row(RichText(v.number(n.number)), RichText(str(n.contacts)),
                     RichText(v.t("gateway"), style="dim") if n.gateway else "")
    console.print(Padding(grid, (0, 0, 0, 2)))
    if any(n.gateway for n in rep.numbers[:NUMBERS_SHOWN]):
        console.print(Padding(Para(v.t("gateway_note"), style="dim"), (0, 0, 0, 2)))
    console.print()


def _findings(console: Console, v: JournalView, rep: Report) -> None:
    if not rep.findings:
        return
    console.print(v.heading("findings"))
    console.print()
    loc = v.loc
    for i, f in enumerate(rep.findings, 1):
        head = RichText(f"{i}. {v.method(f.method)}  ", style="bold")
        head.append_text(v.verdict(f.verdict))
        if not f.deciding:
            head.append(f"  {v.paren(v.ui('also')).strip()}", style="dim")
        console.print(head)
        console.print(Padding(Para(loc(f.rule.title) or "", style=VERDICT_STYLE[f.verdict]),
                              (0, 0, 0, 3)))
        console.print(v.section("why", Para(loc(f.rule.explanation) or "")))
        console.print(v.section("basis", v.bullets(v.law_lines(f), indent=0)))
        console.print(Padding(Para(f"{v.t('records')}{v.colon()}{v.seqs(f)}"), (0, 0, 0, 3)))
        console.print(RichText(f"   {v.ui('rule')}{v.colon()}{f.rule.id}", style="dim"),
                      overflow="fold")
        console.print()

