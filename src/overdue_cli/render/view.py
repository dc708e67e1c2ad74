"""What every rich renderer shares: the console on the stream handed in, user text
made safe for a terminal, and :class:`View` (labels, verdict badges, basis lines).

Why a module of its own: ``check``, ``scan`` and the journal's renderers all print
the same way, and each used to reach into ``human.py`` for its private helpers.

rich turns colour off by itself when the stream is not a terminal and honours
NO_COLOR and COLUMNS; markup in user-supplied text is escaped or never parsed.
rich pads panels, tables and indented blocks with spaces to the full width; on a
terminal they are invisible, but in a file or a pipe every line would end in
spaces, so there the console writes through :class:`TrailingSpaceStripper`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text as RichText

from overdue_cli.locale import Localizer, article_in_english
from overdue_cli.render.wrap import Para
from overdue_cli.rulebook import Basis, Rulebook

VERDICT_STYLE = {
    "normal": "green",
    "limited": "cyan",
    "violation": "yellow",
    "suspicious": "magenta",
    "illegal": "bold red",
}
"""How a situation's verdict is coloured (check, explain, the journal report)."""
MESSAGE_STYLE = {"lawful": "green", "unlawful": "bold red", "scam": "magenta", "unclear": "dim"}
"""How one message's verdict is coloured (scan, and the journal's scanned messages)."""


def printable(text: str) -> str:
    """User text for the terminal: control characters (escape sequences) shown, not obeyed."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class _Console(Console):
    """rich's Console, but a closed pipe (``| head -1``) is not an error.

    rich answers a broken pipe with ``SystemExit(1)``, the code our CLI keeps for
    "a check tripped"; raising BrokenPipeError instead lets ``cli.main`` end with 0.
    """

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


class TrailingSpaceStripper:
    """A text stream that passes everything on to ``stream`` except the spaces at the
    end of each line.

    Spaces are held back until it is known what follows them: a newline drops
    them, anything else sends them on. So text written in pieces (rich writes a
    whole buffer, a caller may write half a line) comes out the same, and a space
    between two words is never lost. Anything else (``isatty``, ``encoding``,
    ``fileno``) is the wrapped stream's.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._held = ""

    def write(self, text: str) -> int:
        if not text:
            return 0
        lines = (self._held + text).split("\n")
        last = lines.pop()
        kept = last.rstrip(" ")
        self._held = last[len(kept):]
        out = "".join(line.rstrip(" ") + "\n" for line in lines) + kept
        if out:
            self.stream.write(out)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # a closed or odd stream
        return False


def make_console(stream: TextIO) -> Console:
    """A console writing to ``stream`` (the CLI hands in its Environment's stdout);
    whether it is a terminal, colour and width are rich's usual decisions about it.
    When ``stream`` is not a terminal, no line it is given ends in a space."""
    file: Any = stream if _is_terminal(stream) else TrailingSpaceStripper(stream)
    return _Console(file=file, highlight=False, emoji=False, soft_wrap=False)


class View:
    """Shared helpers: localised labels, verdict badges, basis lines."""

    def __init__(self, book: Rulebook, loc: Localizer) -> None:
        self.book = book
        self.loc = loc

    def ui(self, key: str) -> str:
        return self.loc(self.book.label("ui", key)) or key

    def colon(self) -> str:
        return ": " if self.loc.lang == "en" else "："

    def verdict(self, verdict: str) -> RichText:
        label = self.loc(self.book.label("verdicts", verdict)) or verdict
        return RichText(f"[{label}]", style=VERDICT_STYLE[verdict])

    def basis_lines(self, basis: Iterable[Basis]) -> list[str]:
        lines = []
        for b in basis:
            source = self.book.sources[b.source]
            authority = self.loc(self.book.label("authorities", source.kind)) or ""
            standing = self.book.labels.get("statuses", {}).get(source.status)
            if standing is not None and source.kind != "article":
                authority += ("；" if self.loc.lang != "en" else "; ") + (self.loc(standing) or "")
            article = f" {self.article(b.article)}" if b.article else ""
            note = f" — {self.loc(b.note)}" if b.note else ""
            lines.append(f"{self.loc(source.title)}{article}（{authority}）{note}"
                         if self.loc.lang != "en" else
                         f"{self.loc(source.title)}{article} ({authority}){note}")
        return lines

    def article(self, article: str) -> str:
        if self.loc.lang == "en":
            return article_in_english(article)
        return self.loc.chinese(article)

    def disclaimer(self) -> Para:
        return Para(f"{self.ui('disclaimer')}{self.colon()}{self.loc(self.book.disclaimer)}",
                    style="dim")

    def heading(self, key: str) -> RichText:
        return RichText(self.ui(key), style="bold")

    def bullets(self, lines: Iterable[str], numbered: bool = False, indent: int = 2) -> Padding:
        """A list with a hanging indent, so wrapped CJK lines stay under their text."""
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True, justify="right")
        grid.add_column()
        for i, line in enumerate(lines, 1):
            grid.add_row(f"{i}." if numbered else "•", Para(line))
        return Padding(grid, (0, 0, 0, indent))

    def section_label(self, text: str, indent: int = 3) -> RichText:
        """A bold label line ending in a colon."""
        return RichText(" " * indent + text + self.colon().strip(), style="bold")

    def section(self, key: str, body: RenderableType, indent: int = 3) -> Group:
        """A bold label line, then its body indented beneath it."""
        return Group(self.section_label(self.ui(key), indent),
                     Padding(body, (0, 0, 0, indent + 2)))
