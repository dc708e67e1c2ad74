"""``overdue log report --format md``: the journal report as Markdown for paper.

Borrowers print this and take it to a complaint hotline, a regulator's counter
or a lawyer, so it is written for paper first: headings and short tables, the
bars drawn with █ ▒ ░ (no colour, emoji or HTML), dates in full, English prose
wrapped at about 100 characters, and a header saying which journal, which
entries, when it was made and whether it was redacted. It tells the same facts
as the JSON and terminal reports, from the same
:class:`~overdue_cli.journal.report.Report`.

Chinese prose is never hard-wrapped: Markdown reads a line break as a space, so
``通讯\n录`` would render as "通讯 录" (``render.wrap.wrap_markdown`` breaks only at
a space between Latin words). Tables are never wrapped either: GitHub-flavoured
Markdown cannot wrap a row.

User text is Markdown-escaped (a ``|`` in a message cannot break a table, a
``*`` cannot start emphasis); numbers and paths go in code spans so they read
exactly as stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from overdue_cli.journal import Contact, HeavyDay, Report
from overdue_cli.locale import Localizer
from overdue_cli.render.journal_charts import bar_text, buckets
from overdue_cli.render.journal_results import ReportOutput
from overdue_cli.render.journal_view import EXAMPLES, JournalView
from overdue_cli.render.wrap import wrap_markdown
from overdue_cli.rulebook import Rulebook

if TYPE_CHECKING:
    from overdue_cli.journal import Redactor

WIDTH = 96
"""Terminal cells per line of English prose: 96 Latin characters fit an A4 page at
a normal font size (Chinese prose is not broken: see the module's docstring)."""
BAR = 30
"""Cells of the longest bar in a table."""
FLAGGED_SHOWN = 50
"""Flagged messages written out in full; paper is patient, but not endless."""
HEAVY_SHOWN = 50
NUMBERS_SHOWN = 10

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def escape(text: str) -> str:
    """User text safe inside a paragraph or table cell: one line, Markdown inert."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """A code span (numbers, hashes, paths): shown exactly, whatever it contains."""
    flat = " ".join(text.split())
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{ticks}{pad}{flat}{pad}{ticks}"


class _Doc:
    """Collects Markdown blocks, separated by one blank line."""

    def __init__(self) -> None:
        self.blocks: list[list[str]] = []

    def add(self, *lines: str) -> None:
        self.blocks.append(list(lines))

    def heading(self, level: int, text: str) -> None:
        self.add(f"{'#' * level} {text}")

    def para(self, text: str) -> None:
        self.add(*wrap_markdown(text, WIDTH))

    def items(self, texts: Iterable[str], numbered: bool = False) -> None:
        """A list; wrapped lines are indented under the item's text."""
        lines: list[str] = []
        for i, text in enumerate(texts, 1):
            marker = f"{i}. " if numbered else "- "
            wrapped = wrap_markdown(text, WIDTH - len(marker))
            lines.append(marker + wrapped[0])
            lines.extend(" " * len(marker) + rest for rest in wrapped[1:])
        if lines:
            self.add(*lines)

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]],
              align: str = "") -> None:
        """A GFM table; ``align`` has one letter a column: l (default) or r."""
        marks = ["---:" if align[i:i + 1] == "r" else "---" for i in range(len(header))]
        lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
        lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
        self.add(*lines)

    def text(self) -> str:
        return "\n\n".join("\n".join(line.rstrip() for line in b) for b in self.blocks) + "\n"


def markdown(out: ReportOutput, stream: TextIO) -> None:
    """The :class:`~overdue_cli.render.formats.Renderer`: :func:`report` on ``stream``."""
    stream.write(report(out.book, out.loc, out.journal, out.report, out.redactor))


def report(book: Rulebook, loc: Localizer, journal_path: str, rep: Report,
           redactor: Redactor | None = None, *, now: datetime | None = None) -> str:
    """The report as Markdown, ending in one newline. ``now``: the generation time
    printed in the header (tests fix it; the CLI leaves it to the clock)."""
    v = JournalView(book, loc, redactor)
    c = v.colon()
    doc = _Doc()
    made = (now or datetime.now(rep.filter.tz)).astimezone(rep.filter.tz)
    doc.heading(1, escape(v.t("title")))
    doc.items([
        f"{v.t('journal')}{c}{code(journal_path)}",
        *(escape(part) for part in v.filter_parts(rep.filter)),
        f"{v.t('period')}{c}{v.period_text(rep)}",
        *(escape(part) for part in v.lender_parts(rep)),
        f"{v.t('generated')}{c}{made.strftime('%Y-%m-%d %H:%M')}{v.paren(str(rep.filter.tz))}",
        f"{v.t('rulebook')}{c}{book.version}" + (v.paren(book.as_of) if book.as_of else ""),
        f"{v.t('redaction')}{c}"
        f"{v.t('redacted_yes') if redactor is not None else v.t('redacted_no')}",
    ])
    if rep.entries == 0:
        doc.para(v.t("no_entries"))
        notes = v.notes(rep)
        if notes:
            doc.items(escape(n) for n in notes)
        _disclaimer(doc, v)
        return doc.text()
    if rep.verdict is not None:
        doc.heading(2, f"{v.ui('overall')}{c}{v.label('verdicts', rep.verdict)}")
    _totals(doc, v, rep)
    _per_day(doc, v, rep)
    _by_hour(doc, v, rep)
    _night(doc, v, rep)
    _heavy(doc, v, rep)
    _third_party(doc, v, rep)
    _flagged(doc, v, rep)
    _numbers(doc, v, rep)
    _findings(doc, v, rep)
    if rep.next_steps:
        doc.heading(2, v.ui("next_steps"))
        doc.items((loc(book.actions[a].text) or a for a in rep.next_steps), numbered=True)
    notes = v.notes(rep)
    if notes:
        doc.heading(2, v.t("notes"))
        doc.items(escape(n) for n in notes)
    _disclaimer(doc, v)
    return doc.text()


def _disclaimer(doc: _Doc, v: JournalView) -> None:
    doc.add("---")
    doc.para(f"{v.ui('disclaimer')}{v.colon()}{v.loc(v.book.disclaimer)}")


def _totals(doc: _Doc, v: JournalView, rep: Report) -> None:
    doc.heading(2, v.t("totals"))
    rows = [
        (v.t("incoming"), rep.entries),
        (v.t("calls"), rep.calls),
        (v.t("calls_answered"), rep.answered),
        (v.t("calls_unanswered"), rep.unanswered),
        (v.t("messages"), rep.messages),
        (v.t("night", window=v.quiet_window()), rep.night),
        (v.t("heavy_groups"), len(rep.heavy_days)),
        (v.t("third_party"), rep.third_party),
        (v.t("flagged"), rep.flagged_total),
        (v.t("outgoing"), rep.outgoing),
    ]
    doc.table([v.t("item"), v.t("total")], ((escape(k), str(n)) for k, n in rows), "lr")


def _per_day(doc: _Doc, v: JournalView, rep: Report) -> None:
    unit, rows = buckets(rep.per_day)
    if not rows:
        return
    peak = max(b.total for b in rows)
    doc.heading(2, escape(v.unit_heading(unit)))
    any_other = any(b.other for b in rows)
    header = [v.t("date"), v.t("sum"), v.t("calls"), v.t("messages")]
    header += [v.t("other")] if any_other else []
    header.append(v.t("chart"))
    table = []
    for b in rows:
        if b.gap:
            table.append([escape(v.bucket_label(b, unit))] + [""] * (len(header) - 1))
            continue
        cells = [v.bucket_label(b, unit), str(b.total), str(b.calls), str(b.messages)]
        cells += [str(b.other)] if any_other else []
        cells.append(bar_text(b.parts, peak, BAR))
        table.append(cells)
    doc.table(header, table, "lrrrr" if any_other else "lrrr")
    doc.para(v.legend())


def _by_hour(doc: _Doc, v: JournalView, rep: Report) -> None:
    peak = max(rep.by_hour, default=0)
    if not peak:
        return
    doc.heading(2, v.t("by_hour"))
    rows = []
    for hour, count in enumerate(rep.by_hour):
        quiet = v.book.is_quiet_hour(hour)
        rows.append([f"{hour:02d}:00–{(hour + 1) % 24:02d}:00", str(count),
                     bar_text((count,), peak, BAR), v.t("quiet_mark") if quiet else ""])
    doc.table([v.t("hour"), v.t("total"), v.t("chart"), v.t("quiet_column")], rows, "lr")
    doc.para(v.t("hour_note", window=v.quiet_window()))


def _contacts_table(doc: _Doc, v: JournalView, contacts: Sequence[Contact],
                    limit: int = EXAMPLES) -> None:
    rows = []
    for x in contacts[:limit]:
        rows.append([f"#{x.seq}", v.when(x.at), escape(v.method(x.method)), _who(v, x),
                     escape(v.outcome(x.outcome, x.duration_s)), escape(v.content(x.text, x.note))])
    doc.table(["#", v.t("time"), v.t("method"), v.t("number"), v.t("outcome"), v.t("content")],
              rows, "r")


def _who(v: JournalView, contact: Contact) -> str:
    """The number as a code span (read exactly), then the name, if any, as text."""
    name = v.name(contact.name)
    number = code(v.number(contact.number)) if contact.number else "—"
    return number + (v.paren(escape(name)) if name else "")


def _more(doc: _Doc, v: JournalView, total: int, shown: int) -> None:
    if total > shown:
        doc.para(v.t("more_json", count=total - shown))


def _night(doc: _Doc, v: JournalView, rep: Report) -> None:
    if not rep.night:
        return
    doc.heading(2, escape(v.t("night", window=v.quiet_window())))
    doc.para(v.t("count", count=rep.night))
    _contacts_table(doc, v, rep.night_sample)
    _more(doc, v, rep.night, min(len(rep.night_sample), EXAMPLES))


def _heavy(doc: _Doc, v: JournalView, rep: Report) -> None:
    if not rep.heavy_days:
        return
    doc.heading(2, escape(v.t("heavy_groups")))
    doc.table([v.t("date"), v.t("who_called"), v.t("answered"), v.t("unanswered"),
               v.t("per_number"), v.t("over_limit")],
              ([h.day.isoformat(), _heavy_who(v, h), str(h.answered), str(h.unanswered),
                _heavy_numbers(v, h), escape(v.limits(h.over))]
               for h in rep.heavy_days[:HEAVY_SHOWN]), "llrr")
    _more(doc, v, len(rep.heavy_days), min(len(rep.heavy_days), HEAVY_SHOWN))
    doc.para(v.t("heavy_note"))


def _heavy_who(v: JournalView, h: HeavyDay) -> str:
    if h.platform is not None:
        return escape(v.heavy_who(h))
    return escape(v.t("untagged_number", number="\x00")).replace("\x00", code(v.number(h.number)))


def _heavy_numbers(v: JournalView, h: HeavyDay) -> str:
    """Each number as a code span with its calls that day."""
    return v.sep().join(
        f"{code(v.number(n.number)) if n.number else escape(v.t('no_number'))} "
        f"{n.answered + n.unanswered}" for n in h.numbers)


def _third_party(doc: _Doc, v: JournalView, rep: Report) -> None:
    if not rep.third_party:
        return
    doc.heading(2, escape(v.t("third_party")))
    doc.para(v.t("count", count=rep.third_party))
    _contacts_table(doc, v, rep.third_party_sample)
    _more(doc, v, rep.third_party, min(len(rep.third_party_sample), EXAMPLES))


def _flagged(doc: _Doc, v: JournalView, rep: Report) -> None:
    """Each message as a list item: who, when, the verdict, the matched words, the
    whole text (wrapped), because the wording is the evidence."""
    if not rep.flagged_total:
        return
    doc.heading(2, escape(v.t("flagged")))
    doc.para(v.t("count_messages", count=rep.flagged_total))
    c = v.colon()
    for x in rep.flagged[:FLAGGED_SHOWN]:
        m = x.contact
        who = _who(v, m)
        doc.items([f"#{m.seq} · {v.when(m.at)} · {escape(v.method(m.method))} · {who} · "
                   f"{v.label('message_verdicts', x.verdict)}"])
        lines = [f"{v.t(key)}{c}{escape(said)}" for key, said in v.flagged_details(x)]
        for line in lines:  # a nested list: reads the same on paper and rendered
            first, *rest = wrap_markdown(line, WIDTH - 4)
            doc.blocks[-1].append(f"  - {first}")
            doc.blocks[-1].extend(f"    {more}" for more in rest)
    shown = min(len(rep.flagged), FLAGGED_SHOWN)
    _more(doc, v, rep.flagged_total, shown)


def _numbers(doc: _Doc, v: JournalView, rep: Report) -> None:
    if not rep.numbers:
        return
    doc.heading(2, v.t("numbers"))
    shown = rep.numbers[:NUMBERS_SHOWN]
    doc.table([v.t("number"), v.t("total"), v.t("kind")],
              ([code(v.number(n.number)), str(n.contacts), v.t("gateway") if n.gateway else ""]
               for n in shown), "lr")
    if any(n.gateway for n in shown):
        doc.para(v.t("gateway_note"))


def _findings(doc: _Doc, v: JournalView, rep: Report) -> None:
    if not rep.findings:
        return
    loc, c = v.loc, v.colon()
    doc.heading(2, v.ui("findings"))
    for i, f in enumerate(rep.findings, 1):
        also = v.paren(v.ui("also")) if not f.deciding else ""
        doc.heading(3, f"{i}. {escape(v.method(f.method))}{c}"
                       f"{v.label('verdicts', f.verdict)}{also}")
        doc.para(f"{loc(f.rule.title)}")
        doc.para(f"{v.ui('why')}{c}{loc(f.rule.explanation)}")
        doc.items([f"{v.t('records')}{c}{v.seqs(f)}",
                   f"{v.ui('rule')}{c}{code(f.rule.id)}"])
        doc.para(f"{v.ui('basis')}{c}")
        doc.items(v.law_lines(f))

