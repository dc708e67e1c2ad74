"""``overdue log …`` for people: the journal's report, list and receipts in the terminal.

The same objects the JSON renderer gets (``journal_json``), and the same facts:
a borrower reads this to see *how much* and *when* they were contacted and what
the rules say of it, so the charts are drawn with characters (█ ▒ ░) and plain
words mark the quiet hours: nothing depends on colour, which rich turns off for
NO_COLOR and for pipes by itself.

Every word comes from the rulebook's ``labels.journal`` group (zh / zh-Hant / en);
a custom rulebook without that group borrows it from the shipped one, so
``--rules my.yaml`` never breaks ``log report``. User text (numbers, names,
messages, notes) is passed through the optional Redactor first, then shown as
plain text (never parsed as rich markup, control characters escaped).

:class:`JournalView` and the chart helpers are shared with ``journal_md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text as RichText

from overdue_cli.journal import (
    Contact,
    DayCount,
    Filter,
    HeavyDay,
    Report,
    ReportFinding,
)
from overdue_cli.locale import Localizer, resolve_lang
from overdue_cli.render.human import VERDICT_STYLE, _printable, _View, make_console
from overdue_cli.render.wrap import Para
from overdue_cli.rulebook import Rulebook, Text

if TYPE_CHECKING:
    from overdue_cli.journal import ImportResult, Redactor, Verification

DAILY_MAX_DAYS = 60
"""A longer period is charted by week (one row a day would scroll off the screen)."""
WEEKLY_MAX_DAYS = 731
"""A period longer than two years is charted by month."""
GAP_FILL = 7
"""Up to this many empty days (weeks, months) in a row are drawn as zero rows; a
longer silence is one "no contacts for N days" row, so a stray entry dated years
off (a phone clock fault) cannot blow the chart up to thousands of rows."""
EXAMPLES = 5
"""Example entries shown for night and third-party contacts (all are in --json)."""
FLAGGED_SHOWN = 10
"""Flagged messages listed in the terminal; the rest are counted (all are in --json)."""
HEAVY_SHOWN = 20
NUMBERS_SHOWN = 10
EXCERPT = 60
"""Characters of a message or note shown in a list."""
BLOCKS = ("█", "▒", "░")
"""Bar characters for calls, messages and other contacts: told apart without colour."""
BAR_STYLES = ("cyan", "magenta", "yellow")
MESSAGE_STYLE = {"lawful": "green", "unlawful": "bold red", "scam": "magenta", "unclear": "dim"}
NOTABLE = ("unlawful", "scam")
"""Signal verdicts whose matched words are shown for a flagged message."""


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class Bucket:
    """One chart row: a day, a week (from its Monday) or a month, or a silent gap."""

    start: date
    calls: int = 0
    messages: int = 0
    other: int = 0
    gap: int = 0
    """For a gap row: how many empty days/weeks/months it stands for (0: a real row)."""

    @property
    def total(self) -> int:
        return self.calls + self.messages + self.other

    @property
    def parts(self) -> tuple[int, int, int]:
        return self.calls, self.messages, self.other


def buckets(per_day: Sequence[DayCount]) -> tuple[str, list[Bucket]]:
    """Chart rows for ``per_day`` and their unit (``day``, ``week`` or ``month``).

    The unit follows the span of plausible dates (entries dated before 2000 are
    left out of that decision, not out of the chart); empty stretches are filled
    with zero rows, because a quiet day is part of the picture, up to GAP_FILL
    in a row.
    """
    if not per_day:
        return "day", []
    plausible = [d.day for d in per_day if d.day.year >= 2000] or [d.day for d in per_day]
    span = (max(plausible) - min(plausible)).days + 1
    unit = "day" if span <= DAILY_MAX_DAYS else "week" if span <= WEEKLY_MAX_DAYS else "month"
    sums: dict[date, list[int]] = {}
    for d in per_day:
        key = _bucket_start(d.day, unit)
        acc = sums.setdefault(key, [0, 0, 0])
        acc[0] += d.calls
        acc[1] += d.messages
        acc[2] += d.other
    rows: list[Bucket] = []
    previous: date | None = None
    for start in sorted(sums):
        if previous is not None:
            missing = _steps_between(previous, start, unit) - 1
            if 0 < missing <= GAP_FILL:
                cursor = previous
                for _ in range(missing):
                    cursor = _next(cursor, unit)
                    rows.append(Bucket(cursor))
            elif missing > GAP_FILL:
                rows.append(Bucket(_next(previous, unit), gap=missing))
        rows.append(Bucket(start, *sums[start]))
        previous = start
    return unit, rows


def _bucket_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(day: date, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=1)
    if unit == "week":
        return day + timedelta(days=7)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _steps_between(a: date, b: date, unit: str) -> int:
    if unit == "day":
        return (b - a).days
    if unit == "week":
        return (b - a).days // 7
    return (b.year - a.year) * 12 + b.month - a.month


def bar_widths(parts: Sequence[int], peak: int, width: int) -> list[int]:
    """Cells for each part of a stacked bar scaled so ``peak`` fills ``width``.

    Rounded on the running total, so the whole bar is as long as its total says
    whatever the split; a non-zero total always gets at least one cell.
    """
    if peak <= 0 or sum(parts) <= 0:
        return [0] * len(parts)
    widths: list[int] = []
    done = acc = 0
    for part in parts:
        acc += part
        end = int(acc * width / peak + 0.5)
        widths.append(end - done)
        done = end
    if done == 0:
        widths[max(range(len(parts)), key=lambda i: parts[i])] = 1
    return widths


def bar_text(parts: Sequence[int], peak: int, width: int) -> str:
    """The bar as plain characters (Markdown, and the shape of the terminal bar)."""
    return "".join(BLOCKS[i] * w for i, w in enumerate(bar_widths(parts, peak, width)))


# --------------------------------------------------------------------------- words


def _journal_labels(book: Rulebook) -> Mapping[str, Text]:
    """The rulebook's ``journal`` labels, or the shipped rulebook's if it has none."""
    labels = book.labels.get("journal")
    if labels is None:
        from overdue_cli.rulebook import load_rulebook

        labels = load_rulebook().labels.get("journal", {})
    return labels


class JournalView(_View):
    """Labels, user text (redacted when asked) and formatting for journal output."""

    def __init__(self, book: Rulebook, loc: Localizer, redactor: Redactor | None = None) -> None:
        super().__init__(book, loc)
        self.r = redactor
        self.labels = _journal_labels(book)

    # -- labels

    def t(self, key: str, **values: Any) -> str:
        """A journal label in the output language, with ``{placeholders}`` filled in
        after localisation (so user text is never converted to Traditional)."""
        text = self.labels.get(key)
        words = (self.loc(text) or key) if text is not None else key
        return words.format(**values) if values else words

    def label(self, group: str, key: str) -> str:
        """A label from another (possibly optional) group, falling back to the id."""
        try:
            return self.loc(self.book.label(group, key)) or key
        except KeyError:
            return key

    def sep(self) -> str:
        """Between items of a list in running text."""
        return ", " if self.loc.lang == "en" else "、"

    def paren(self, text: str) -> str:
        return f" ({text})" if self.loc.lang == "en" else f"（{text}）"

    # -- user text

    def number(self, number: str | None) -> str:
        shown = self.r.number(number) if self.r and number else number
        return _printable(shown) if shown else "—"

    def name(self, name: str | None) -> str | None:
        shown = self.r.name(name) if self.r and name else name
        return _printable(shown) if shown else None

    def text(self, text: str | None) -> str | None:
        shown = self.r.text(text) if self.r and text else text
        return _printable(shown) if shown else None

    # -- facts

    @staticmethod
    def when(at: datetime | None) -> str:
        """Full local date and time, as the entry recorded it."""
        return at.strftime("%Y-%m-%d %H:%M") if at else "—"

    def method(self, method: str) -> str:
        m = self.book.methods.get(method)
        return (self.loc(m.name) or method) if m else method

    def short_method(self, method: str) -> str:
        """For a narrow column: the name if it is short, else the id (``contacts``), which
        is also what ``log add --method`` takes. English names are all long: ids there."""
        name = self.method(method)
        return name if self.loc.lang != "en" and cell_len(name) <= 8 else method

    def direction(self, direction: str | None) -> str:
        return self.t(f"dir_{direction}") if direction in ("in", "out") else (direction or "—")

    def duration(self, seconds: int | None) -> str | None:
        if seconds is None:
            return None
        minutes, secs = divmod(int(seconds), 60)
        if minutes:
            return self.t("duration_min", m=minutes, s=secs)
        return self.t("duration_sec", s=secs)

    def outcome(self, outcome: str | None, seconds: int | None) -> str:
        """``接通，1分0秒`` / ``未接`` / ``—`` (messages)."""
        parts = [self.t(f"outcome_{outcome}")] if outcome else []
        if seconds:
            parts.append(self.duration(seconds) or "")
        return ("，" if self.loc.lang != "en" else ", ").join(parts) or "—"

    def who(self, number: str | None, name: str | None) -> str:
        shown = self.name(name)
        return self.number(number) + (self.paren(shown) if shown else "")

    def content(self, text: str | None, note: str | None, width: int = EXCERPT) -> str:
        """The message text, or the user's note (labelled), cut to ``width`` characters."""
        body = self.text(text)
        if body:
            return clip(body, width)
        own = self.text(note)
        if own:
            return f"{self.t('note')}{self.colon()}{clip(own, width)}"
        return ""

    def quiet_window(self) -> str:
        return f"{self.book.quiet_start:02d}:00–{self.book.quiet_end:02d}:00"

    def filter_parts(self, flt: Filter) -> list[str]:
        """``["平台：某某借", "日期：2026-11-01 至 2026-11-30"]``."""
        c = self.colon()
        platform = _printable(flt.platform) if flt.platform is not None else self.t("all_platforms")
        since = flt.since.isoformat() if flt.since else None
        until = flt.until.isoformat() if flt.until else None
        if since and until:
            dates = self.t("date_range", since=since, until=until)
        elif since:
            dates = self.t("date_from", since=since)
        elif until:
            dates = self.t("date_until", until=until)
        else:
            dates = self.t("all_dates")
        return [f"{self.ui('platform')}{c}{platform}", f"{self.t('dates')}{c}{dates}"]

    def period_text(self, rep: Report) -> str:
        if rep.first is None or rep.last is None:
            return "—"
        return self.t("period_value", first=self.when(rep.first), last=self.when(rep.last),
                      days=len(rep.per_day))

    def limits(self, keys: Iterable[str]) -> str:
        """Which per-day limit a heavy day broke, with the rulebook's threshold."""
        out = []
        for key in keys:
            value = next((r.when[key] for r in self.book.rules if key in r.when), None)
            out.append(self.t(f"limit_{key}", n=value) if f"limit_{key}" in self.labels
                       else key)
        return self.sep().join(out)

    def unit_heading(self, unit: str) -> str:
        return self.t(f"per_{unit}", days=DAILY_MAX_DAYS)

    def bucket_label(self, b: Bucket, unit: str) -> str:
        if b.gap:
            return self.t(f"gap_{unit}s", count=b.gap)
        return b.start.strftime("%Y-%m") if unit == "month" else b.start.isoformat()

    def legend(self) -> str:
        words = (self.t("calls"), self.t("messages"), self.t("other"))
        return "   ".join(f"{ch} {w}" for ch, w in zip(BLOCKS, words, strict=True))

    def evidence(self, signals: Iterable[Mapping[str, Any]]) -> str:
        """The matched words of a message's unlawful/scam signals, with their category
        (the lawful ones, such as a plain "还钱", would only blur the point)."""
        signals = list(signals)
        notable = [s for s in signals if s.get("verdict") in NOTABLE] or signals
        seen: dict[str, None] = {}
        for s in notable:
            words = self.text(str(s.get("evidence") or "")) or ""
            category = self.paren(self.label("categories", str(s.get("category"))))
            quoted = f"“{words}”" if self.loc.lang != "en" else f'"{words}"'
            seen.setdefault(quoted + category, None)
        return self.sep().join(seen)

    def seqs(self, f: ReportFinding) -> str:
        """``#2、#3 …，共 8 条``: the count is of entries; `` …`` when only the first
        are listed (a per-day limit also says on how many days)."""
        listed = self.sep().join(f"#{s}" for s in sorted(f.seqs))
        if not f.complete:
            listed += " …"
        if f.heavy:
            return self.t("records_heavy", seqs=listed or "—", count=f.count,
                          days=len({h.day for h in f.heavy}))
        return self.t("records_value", seqs=listed or "—", count=f.count)

    def law_lines(self, f: ReportFinding) -> list[str]:
        """The finding's citations as in force on its entries' days: a citation that
        holds for only some of them says which (``2025-12-28 的行为``)."""
        periods = f.periods
        lines = self.basis_lines(f.basis)
        if len(periods) < 2:
            return lines
        out = []
        for b, line in zip(f.basis, lines, strict=True):
            covering = [p for p in periods if b in p.basis]
            if len(covering) == len(periods):
                out.append(line)
                continue
            when = self.sep().join(self.period(p.first, p.last) for p in covering)
            out.append(f"{when}{self.colon()}{line}")
        return out

    def period(self, first: date, last: date) -> str:
        if first == last:
            return self.t("law_day", day=first.isoformat())
        return self.t("law_period", first=first.isoformat(), last=last.isoformat())

    def heavy_who(self, h: HeavyDay) -> str:
        """The platform, or for an untagged entry its number (counted alone)."""
        if h.platform is not None:
            return _printable(h.platform)
        return self.t("untagged_number", number=self.number(h.number))

    def heavy_numbers(self, h: HeavyDay) -> str:
        """``170****5678 6、171****2233 3``: each number's calls that day."""
        return self.sep().join(
            f"{self.number(n.number) if n.number else self.t('no_number')} "
            f"{n.answered + n.unanswered}" for n in h.numbers)

    def lender(self, lender: str | None) -> str:
        item = self.book.lenders.get(lender or "") if lender else None
        return (self.loc(item.name) or item.id) if item else (lender or "—")

    def lender_parts(self, rep: Report) -> list[str]:
        """``放款机构类型：小额贷款公司`` for one platform, or each platform's kind."""
        if not rep.lenders:
            return []
        c = self.colon()
        if rep.filter.platform is not None:
            kind = dict(rep.lenders).get(rep.filter.platform)
            return [f"{self.t('lender')}{c}{self.lender(kind)}"] if kind else []
        listed = self.sep().join(f"{_printable(p)} {self.lender(k)}" for p, k in rep.lenders)
        return [f"{self.t('lenders')}{c}{listed}"]

    def contact_parts(self, c: Contact) -> list[str]:
        """An entry in a list: #, time, method, number (name), outcome, text or note."""
        parts = [f"#{c.seq}", self.when(c.at), self.method(c.method), self.who(c.number, c.name)]
        if c.outcome or c.duration_s:
            parts.append(self.outcome(c.outcome, c.duration_s))
        body = self.content(c.text, c.note)
        if body:
            parts.append(body)
        return parts

    def notes(self, rep: Report) -> list[str]:
        """Caveats: entries not yet scanned, odd times, other platforms in the period."""
        out = []
        if rep.unanalysed:
            out.append(self.t("unanalysed", count=rep.unanalysed))
        if rep.odd_times:
            out.append(self.t("odd_times", count=rep.odd_times))
        if len(rep.platforms) > 1 or (rep.platforms and rep.platforms[0][0] != rep.filter.platform
                                      and rep.filter.platform is not None):
            listed = self.sep().join(
                f"{_printable(p) if p is not None else self.t('untagged')} {n}"
                for p, n in rep.platforms)
            out.append(f"{self.t('platforms')}{self.colon()}{listed}")
        return out


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters (line breaks become spaces)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# --------------------------------------------------------------------------- report


def report(book: Rulebook, loc: Localizer, journal_path: str, rep: Report,
           redactor: Redactor | None = None) -> None:
    """Print the journal report: facts first (counts, charts, lists), then the rules."""
    console = make_console()
    v = JournalView(book, loc, redactor)
    c = v.colon()
    console.print(RichText(v.t("title"), style="bold"))
    head = [f"{v.t('journal')}{c}{_printable(journal_path)}",
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


# --------------------------------------------------------------------------- list


TABLE_MIN_WIDTH = 96
"""Narrower terminals get ``log list`` as stacked records: nine columns do not fit."""


def entries(book: Rulebook, loc: Localizer, journal_path: str,
            rows: list[dict[str, Any]]) -> None:
    """``log list``: one row per entry dict (``journal_json.entry_doc``), already
    redacted by whoever built the dicts. Voided entries are dimmed and marked.

    Incoming is the rule, so direction is a mark on the others' text (or, when all
    rows agree, one line above the list), and so is the platform when all rows
    share one. Below TABLE_MIN_WIDTH columns each entry is two lines instead of a
    table row, so nothing is cut off at the right edge.
    """
    console = make_console()
    v = JournalView(book, loc)
    c = v.colon()
    console.print(Para(v.t("list_title", path=_printable(journal_path), count=len(rows)),
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
        same.append(f"{v.ui('platform')}{c}{_printable(only) if only else '—'}")
    if same:
        console.print(Para(" · ".join(same), style="dim"))
    cells = [_list_cells(v, row, mixed_directions, len(platforms) > 1) for row in rows]
    if console.width >= TABLE_MIN_WIDTH:
        console.print(_list_table(v, cells, len(platforms) > 1))
    else:
        for row in cells:
            head = RichText(f"#{row['seq']}", style="bold")
            for key in ("time", "method", "number", "name", "platform", "outcome", "scan"):
                if key in row and row[key].plain not in ("", "—"):
                    head.append("  ")
                    head.append_text(row[key])
            console.print(head, overflow="fold")
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
        content = f"{v.t('reason')}{c}{clip(_printable(row['reason']), EXCERPT)}"
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
        "time": RichText(v.when(at) if at else _printable(str(row.get("at", ""))),
                         style=style),
        "method": RichText(v.short_method(str(row.get("method", ""))), style=style),
        "number": RichText(number, style=style),
        "name": RichText(name or "", style=style),
        "outcome": RichText(v.outcome(row.get("outcome"), row.get("duration_s")), style=style),
        "content": Group(*parts),
        "scan": RichText(v.label("message_verdicts", verdict),
                         style=MESSAGE_STYLE.get(verdict, "")) if verdict
        else RichText("—", style="dim"),
    }
    if platform:
        cells["platform"] = RichText(_printable(row.get("platform") or "—"), style=style)
    return cells


def _list_table(v: JournalView, rows: list[dict[str, Any]], platform: bool) -> Table:
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
    """For receipts the CLI may call without a rulebook: the shipped one, in the
    language $OVERDUE_LANG asks for."""
    if book is None:
        from overdue_cli.rulebook import load_rulebook

        book = load_rulebook()
    return JournalView(book, loc or Localizer(resolve_lang(None)))


def imported(journal_path: str, results: list[ImportResult], analysed: int, total: int, *,
             book: Rulebook | None = None, loc: Localizer | None = None) -> None:
    """``log import``: per file what was added, left out and why; then the journal's size."""
    console = make_console()
    v = _view(book, loc)
    c = v.colon()
    for x in results:
        facts = [v.t("import_added", count=x.added), v.t("import_duplicates", count=x.duplicates)]
        if x.skipped:
            facts.append(v.t("import_skipped", count=x.skipped))
        if x.filtered:
            facts.append(v.t("import_filtered", count=x.filtered))
        if x.first_seq is not None and x.last_seq is not None:
            facts.append(v.t("import_range", first=x.first_seq, last=x.last_seq))
        line = RichText(f"{_printable(x.name)}{c}", style="bold")
        line.append(("; " if v.loc.lang == "en" else "；").join(facts))
        console.print(line)
        if x.flagged_times:
            console.print(Padding(Para(v.t("import_odd", count=x.flagged_times),
                                       style="yellow"), (0, 0, 0, 2)))
        if x.already_imported:
            console.print(Padding(Para(v.t("import_again"), style="yellow"), (0, 0, 0, 2)))
    console.print(Para(v.t("import_total", analysed=analysed, total=total,
                           path=_printable(journal_path))))


def verified(v: Verification, *, book: Rulebook | None = None,
             loc: Localizer | None = None) -> None:
    """``log verify``: intact (count + head hash) or, prominently, where it broke."""
    console = make_console()
    w = _view(book, loc)
    c = w.colon()
    console.print(Para(f"{w.t('journal')}{c}{_printable(v.path)}", style="dim"))
    if v.broken is None:
        console.print(RichText(w.t("verify_ok", count=v.entries), style="bold green"))
    else:
        console.print(RichText(w.t("verify_broken", seq=v.broken.seq), style="bold red"))
        console.print(Padding(Para(f"{w.t('reason')}{c}{_printable(v.broken.reason)}",
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
            console.print(w.bullets(f"#{seq}  {_printable(path)}" for seq, path in items))


def added(book: Rulebook, loc: Localizer, entry: dict[str, Any]) -> None:
    """``log add`` / ``log void``: the entry as recorded, its hash, and any warning."""
    console = make_console()
    v = JournalView(book, loc)
    c = v.colon()
    seq = entry.get("seq")
    if entry.get("void_of") is not None:
        console.print(RichText(v.t("added_void", seq=seq, target=entry["void_of"]),
                               style="bold green"))
        if entry.get("reason"):
            console.print(Padding(Para(f"{v.t('reason')}{c}{_printable(entry['reason'])}"),
                                  (0, 0, 0, 2)))
    else:
        at = _parse_time(entry.get("at"))
        parts = [v.when(at) if at else str(entry.get("at", "")),
                 v.method(str(entry.get("method", ""))), v.direction(entry.get("direction")),
                 v.who(entry.get("number"), entry.get("name"))]
        if entry.get("platform"):
            parts.append(_printable(entry["platform"]))
        if entry.get("outcome") or entry.get("duration_s"):
            parts.append(v.outcome(entry.get("outcome"), entry.get("duration_s")))
        console.print(RichText(v.t("added", seq=seq), style="bold green"))
        console.print(Padding(Para("  ".join(parts)), (0, 0, 0, 2)))
        body = v.content(entry.get("text"), entry.get("note"), 200)
        if body:
            console.print(Padding(Para(body, style="dim"), (0, 0, 0, 2)))
        for att in entry.get("attachments") or ():
            console.print(Padding(Para(f"{v.t('attachment')}{c}{_printable(att['path'])}"),
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
