"""The journal's words for people: :class:`JournalView` (labels, user text made
safe and redacted, dates, numbers, the rules cited) for the terminal and Markdown.

Why a module of its own: the terminal report, ``log list``, the receipts and the
Markdown report say the same facts in the same words. Every word comes from the
rulebook's ``labels.journal`` group (zh / zh-Hant / en); a custom rulebook
without that group borrows it from the shipped one, so ``--rules my.yaml`` never
breaks ``log report``. User text (numbers, names, messages, notes) is passed
through the optional Redactor first, then shown as plain text (never parsed as
rich markup, control characters escaped).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from overdue_cli.journal import Contact, Filter, HeavyDay, Report, ReportFinding
from overdue_cli.locale import Localizer
from overdue_cli.render.journal_charts import BLOCKS, DAILY_MAX_DAYS, Bucket
from overdue_cli.render.view import View, printable
from overdue_cli.rulebook import Rulebook, Text

if TYPE_CHECKING:
    from overdue_cli.journal import Redactor

EXAMPLES = 5
"""Example entries shown for night and third-party contacts (all are in --json)."""
EXCERPT = 60
"""Characters of a message or note shown in a list."""
NOTABLE = ("unlawful", "scam")
"""Signal verdicts whose matched words are shown for a flagged message."""


def _journal_labels(book: Rulebook) -> Mapping[str, Text]:
    """The rulebook's ``journal`` labels, or the shipped rulebook's if it has none."""
    labels = book.labels.get("journal")
    if labels is None:
        from overdue_cli.rulebook import load_rulebook

        labels = load_rulebook().labels.get("journal", {})
    return labels


class JournalView(View):
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
        return printable(shown) if shown else "—"

    def name(self, name: str | None) -> str | None:
        shown = self.r.name(name) if self.r and name else name
        return printable(shown) if shown else None

    def text(self, text: str | None) -> str | None:
        shown = self.r.text(text) if self.r and text else text
        return printable(shown) if shown else None

    # -- facts

    @staticmethod
    def when(at: datetime | None) -> str:
        """Full local date and time, as the entry recorded it."""
        return at.strftime("%Y-%m-%d %H:%M") if at else "—"

    def method(self, method: str) -> str:
        """The method's name in the rulebook, localised: the one name a person sees for
        it everywhere (lists, reports, receipts); the id only for a method the rulebook
        does not know."""
        m = self.book.methods.get(method)
        return (self.loc(m.name) or method) if m else method

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
        platform = printable(flt.platform) if flt.platform is not None else self.t("all_platforms")
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

    def flagged_details(self, flagged: Any) -> list[tuple[str, str]]:
        """What is said under a flagged message, each with its label key: the words
        that matched, the message text, your note (the last two when there are any)."""
        m = flagged.contact
        details = [("matched", self.evidence(flagged.signals))]
        details.extend((key, said) for key, said in (("text", self.text(m.text)),
                                                     ("note", self.text(m.note))) if said)
        return details

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
            return printable(h.platform)
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
        listed = self.sep().join(f"{printable(p)} {self.lender(k)}" for p, k in rep.lenders)
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
                f"{printable(p) if p is not None else self.t('untagged')} {n}"
                for p, n in rep.platforms)
            out.append(f"{self.t('platforms')}{self.colon()}{listed}")
        return out


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters (line breaks become spaces)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
