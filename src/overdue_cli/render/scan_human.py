"""``scan`` for people: a table of messages with the matched words highlighted, then
a summary (counts, the rules broken with their basis, next steps, topics to read).

Rows are kept in memory only up to ``max_rows``; counts always cover every
message, so a 1 GB export still gets a complete summary in bounded memory.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text as RichText

from overdue_cli.errors import OverdueError
from overdue_cli.locale import Localizer
from overdue_cli.render.view import MESSAGE_STYLE, View, make_console, printable
from overdue_cli.render.wrap import Para
from overdue_cli.rulebook import CATEGORIES, Rulebook
from overdue_cli.scan import MessageResult, Scanner, actions_for, signal_index

EXCERPT = 70
"""Characters of a message shown in the table."""
"""Next steps shown, most important first; the rest are in --json."""
MAX_NOTICES_NAMED = 10
"""Messages named in the summary's line about real-looking notices."""
SMALL_INPUT = 50
"""Up to this many messages, every one is listed; beyond it only flagged ones (--all: all)."""


def excerpt(text: str, spans: list[tuple[int, int]], width: int = EXCERPT,
            plain: bool = False) -> RichText:
    """The message (or a window around its first match) with the matches highlighted:
    in reverse video on a colour terminal, between « and » otherwise. Control
    characters are shown escaped, never sent to the terminal."""
    start = 0
    if len(text) > width and spans:
        start = max(0, min(s for s, _ in spans) - width // 4)
    end = min(len(text), start + width)
    marked = [False] * (end - start)
    for s, e in spans:
        for i in range(max(s, start), min(e, end)):
            marked[i - start] = True
    out = RichText("…" if start else "")
    for i, ch in enumerate(text[start:end]):
        shown = " " if ch in "\r\n\t" else printable(ch)
        if plain:
            opens = marked[i] and (i == 0 or not marked[i - 1])
            closes = marked[i] and (i + 1 == len(marked) or not marked[i + 1])
            shown = ("«" if opens else "") + shown + ("»" if closes else "")
        out.append(shown, style="bold reverse" if marked[i] and not plain else "")
    if end < len(text):
        out.append("…")
    return out


class HumanWriter:
    """Collects rows while scanning; prints the table and summary on ``stream`` at
    the end (a :class:`~overdue_cli.render.formats.MessageWriter`)."""

    def __init__(self, stream: TextIO, book: Rulebook, loc: Localizer, show_all: bool = False,
                 max_rows: int = 500) -> None:
        self.stream = stream
        self.book = book
        self.loc = loc
        self.v = View(book, loc)
        self.show_all = show_all
        self.max_rows = max_rows
        self.rows: list[MessageResult] = []
        self.unflagged: list[MessageResult] = []
        self.not_listed = 0
        self.over_cap = 0
        self.any_time = False
        self.any_sender = False
        self.notices: list[int] = []
        """Numbers of the messages that look like real legal notices (the first few)."""

    def ui(self, key: str) -> str:
        return self.loc(self.book.label("scan", key)) or key

    def message(self, result: MessageResult) -> None:
        if len(self.notices) < MAX_NOTICES_NAMED and any(
                h.signal.is_notice for h in result.hits):
            self.notices.append(result.index)  # a notice to verify: the summary names it
        # a message with alarm words nothing explains is one to read yourself: listed
        keep = result.flagged or bool(result.attention) or self.show_all
        if not keep and len(self.unflagged) < SMALL_INPUT + 1:
            self.unflagged.append(result)  # listed after all if the input stays small
            return
        if not keep:
            self.not_listed += 1
        elif len(self.rows) < self.max_rows:
            self.rows.append(result)
        else:
            self.over_cap += 1

    def finish(self, scanner: Scanner, error: OverdueError | None = None) -> None:
        console = make_console(self.stream)
        summary = scanner.summary
        if summary.messages <= SMALL_INPUT and not self.show_all:
            self.rows = sorted(self.rows + self.unflagged, key=lambda r: r.index)
        else:
            self.not_listed += len(self.unflagged)
        self.any_time = any(r.record.time for r in self.rows)
        self.any_sender = any(r.record.sender for r in self.rows)
        console.print(RichText(self.ui("scan_title"), style="bold"))
        if self.rows:
            console.print(self._table(plain=console.no_color or not console.is_terminal))
        if self.over_cap:
            console.print(Para(self.ui("more_rows").format(count=self.over_cap,
                                                           limit=self.max_rows), style="dim"))
        if self.not_listed:
            console.print(Para(self.ui("hidden").format(count=self.not_listed), style="dim"))
        console.print(self._summary(scanner))
        console.print(self.v.disclaimer())

    def _table(self, plain: bool) -> Table:
        table = Table(show_lines=False, expand=False, header_style="bold")
        table.add_column("#", justify="right", no_wrap=True)
        if self.any_time:
            table.add_column(self.ui("time"), no_wrap=True)
        if self.any_sender:
            table.add_column(self.ui("sender"), no_wrap=True, max_width=14)
        table.add_column(self.ui("excerpt"), ratio=3, overflow="fold")
        table.add_column(self.ui("categories"), ratio=2, overflow="fold")
        table.add_column(self.ui("verdict"), no_wrap=True)
        for r in self.rows:
            spans = [span for h in r.hits if h.signal.verdict != "lawful"
                     for span in ([p[2] for p in h.parts] or ([h.span] if h.span else []))]
            cells: list[RichText | str] = [str(r.index)]
            if self.any_time:
                cells.append(r.record.time.strftime("%m-%d %H:%M") if r.record.time else "")
            if self.any_sender:
                cells.append(excerpt(r.record.sender or "", [], 14))
            cells.append(excerpt(r.record.text, spans, plain=plain))
            shown = self._sep(", ", "；").join(
                self.loc(self.book.label("categories", c)) or c
                for c in r.categories if c not in ("reminder", "legal_notice"))
            model = next((h for h in r.hits if h.score is not None), None)
            if model is not None:
                shown += "\n" + self.ui("model_note").format(score=f"{model.score:.2f}")
            notice = next((h.signal for h in r.hits
                           if h.signal.is_notice), None)
            if notice is not None and not shown:  # a notice to verify, not just "lawful"
                shown = self.loc(notice.title) or ""
            if r.attention:
                shown = self.ui("attention").format(words=self._sep(", ", "、").join(r.attention))
            cells.append(shown or "—")
            label = self.loc(self.book.label("message_verdicts", r.verdict)) or r.verdict
            cells.append(RichText(label, style=MESSAGE_STYLE[r.verdict]))
            table.add_row(*cells)
        return table

    def _sep(self, en: str, zh: str) -> str:
        return en if self.loc.lang == "en" else zh

    def _summary(self, scanner: Scanner) -> Group:
        s = scanner.summary
        v = self.v
        colon = v.colon()
        parts: list[RenderableType] = [RichText(""), RichText(self.ui("summary"), style="bold")]

        def line(text: str, style: str = "") -> Padding:
            return Padding(Para(text, style=style), (0, 0, 0, 3))

        parts.append(line(f"{self.ui('messages')}{colon}{s.messages}"))
        verdicts = self._sep(", ", "，").join(
            f"{self.loc(self.book.label('message_verdicts', k))} {s.by_verdict[k]}"
            for k in ("unlawful", "scam", "lawful", "unclear"))
        parts.append(line(f"{self.ui('by_verdict')}{colon}{verdicts}"))
        cats = [f"{self.loc(self.book.label('categories', c))} {s.by_category[c]}"
                for c in CATEGORIES if s.by_category[c] and c not in ("reminder", "legal_notice")]
        if cats:
            joined = self._sep("; ", "；").join(cats)
            parts.append(line(f"{self.ui('by_category')}{colon}{joined}"))
        if s.skipped:
            parts.append(line(f"{self.ui('skipped')}{colon}{s.skipped}", style="yellow"))
        by_id = signal_index(self.book)
        broken = [sid for sid, _ in s.by_signal.most_common() if by_id[sid].verdict != "lawful"]
        notices = [sid for sid, _ in s.by_signal.most_common()
                   if by_id[sid].is_notice]
        if notices and self.notices:  # a real-looking court notice: verify it, never ignore it
            numbers = self._sep(", ", "、").join(self._sep(f"#{n}", str(n)) for n in self.notices)
            if sum(s.by_signal[sid] for sid in notices) > len(self.notices):
                numbers += self._sep(", …", "……")
            parts.append(line(self.ui("notice_advice").format(numbers=numbers), style="yellow"))
        looks = s.attention
        if looks:
            parts.append(line(self.ui("attention_summary").format(count=looks), style="yellow"))
        if not broken:
            parts.append(line(self.ui("none_found"), style="green"))
            if notices:
                parts.append(v.section_label(v.ui("next_steps")))
                parts.append(v.bullets([self.loc(self.book.actions[a].text) or a
                                        for a in actions_for(self.book, notices)],
                                       numbered=True, indent=5))
            return Group(*parts)
        def described(sid: str) -> str:
            sig = by_id[sid]
            # the summary spans every message: it cites the law in force today (each
            # message's own day is in --json)
            basis = v.basis_lines(self.book.basis_on(sig.basis, None)[:2])
            label = self.loc(self.book.label("message_verdicts", sig.verdict))
            return (f"{self.loc(sig.title)} ×{s.by_signal[sid]}"
                    + self._sep(f" ({label})", f"（{label}）")
                    + (f"\n{v.ui('basis')}{colon}" + self._sep("; ", "；").join(basis)
                       if basis else ""))

        # what the model flagged is an opinion, not a rule broken: its own section
        ruled = [sid for sid in broken if not sid.startswith("model.")]
        modelled = [sid for sid in broken if sid.startswith("model.")]
        if ruled:
            parts.append(v.section_label(self.ui("signals_found")))
            parts.append(v.bullets([described(sid) for sid in ruled], indent=5))
        if modelled:
            parts.append(v.section_label(self.ui("model_section")))
            parts.append(v.bullets([described(sid) for sid in modelled], indent=5))
        actions = actions_for(self.book, broken + notices)
        if actions:
            parts.append(v.section_label(v.ui("next_steps")))
            # every step on the page: advice is never hidden behind --json
            parts.append(v.bullets([self.loc(self.book.actions[a].text) or a
                                    for a in actions], numbered=True, indent=5))
        topics: dict[str, None] = {}
        for sid in broken:
            if by_id[sid].topic:
                topics.setdefault(by_id[sid].topic or "", None)
        if topics:
            parts.append(Padding(Para(f"{self.ui('read_more')}{colon}"
                                      + " · ".join(f"overdue explain {t}" for t in topics),
                                      style="dim"), (1, 0, 0, 3)))
        return Group(*parts)
