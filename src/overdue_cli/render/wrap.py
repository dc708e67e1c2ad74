"""Line breaking for mixed Chinese and English that never splits a number or a URL.

rich breaks lines only at spaces and folds a longer run anywhere, so in
Chinese text a hotline such as 12378 or a site such as jubao.nifa.org.cn could
be cut in half at the margin, and a borrower copying it would get it wrong.
Here a line may break between any two Chinese characters, but never inside a
run of ASCII letters, digits or symbols (unless the run alone is wider than the
line), and never so that a line starts with closing punctuation or ends with
opening punctuation (a straight quote ``"`` opens after a space and closes
otherwise).

Markdown is another matter: a line break inside a paragraph is read as a space,
so ``通讯\n录`` shows as "通讯 录". :func:`wrap_markdown` therefore breaks a
line only at a space the text already has, and only before a Latin word (never
before a character that could start a list item, a heading or a quote).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.text import Text

_TOKEN = re.compile(r"[!-~]+|\s+|.", re.S)
_CLOSE = frozenset("，。、；：？！）》」』”’】〉…%,.;:?!)]}")
_OPEN = frozenset("（《「『“‘【〈([{")
_QUOTES = frozenset("\"'")


def wrap(text: str, width: int) -> list[str]:
    """Break ``text`` into lines of at most ``width`` terminal cells."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, max(width, 2)))
    return lines


def _wrap_paragraph(text: str, width: int) -> list[str]:
    lines: list[list[str]] = [[]]
    used = 0
    for token in _TOKEN.findall(text):
        line = lines[-1]
        if token.isspace():
            if line and line[-1] != " ":
                line.append(" ")
                used += 1
            continue
        size = cell_len(token)
        if used + size <= width:
            line.append(token)
            used += size
            continue
        if size > width:  # a run wider than the whole line: fold it where it must
            for char in token:
                if used + cell_len(char) > width:
                    lines.append([])
                    used = 0
                lines[-1].append(char)
                used += cell_len(char)
            continue
        carry: list[str] = []
        spaced = bool(line) and line[-1] == " "
        while line and line[-1] == " ":
            line.pop()
        if (token[0] in _CLOSE or (token in _QUOTES and not spaced)) and len(line) > 1:
            carry.append(line.pop())  # keep the punctuation with the word before it
            while carry[0][0] in _CLOSE and len(line) > 1:  # "…12321）。": several marks
                carry.insert(0, line.pop())
        while len(line) > 1 and (line[-1][-1] in _OPEN or _opening_quote(line)):
            carry.insert(0, line.pop())
        if sum(cell_len(t) for t in carry) + size > width:
            line.extend(carry)  # moving the punctuation would overflow the new line
            carry = []
        new = [*carry, token]
        lines.append(new)
        used = sum(cell_len(t) for t in new)
    return ["".join(line).rstrip() for line in lines]


def _opening_quote(line: list[str]) -> bool:
    """The line ends in a straight quote that opens: one at the start or after a space."""
    return line[-1] in _QUOTES and (len(line) < 2 or line[-2] == " ")


_MD_SPACE = re.compile(r"(?<=[!-~]) +(?=[A-Za-z])")


def wrap_markdown(text: str, width: int) -> list[str]:
    """Break ``text`` for a Markdown source file: only at a space between two Latin
    words (or a Latin word after ASCII punctuation), so rendered Markdown shows
    exactly the text; Chinese is never broken, whatever the width. Lines may be
    longer than ``width`` where there is no such space."""
    lines: list[str] = []
    for raw in text.split("\n"):
        paragraph = " ".join(raw.split())  # as :func:`wrap`: runs of spaces are one
        line, used = "", 0
        start = 0
        pieces: list[str] = []
        for m in _MD_SPACE.finditer(paragraph):
            pieces.append(paragraph[start:m.start()])
            start = m.end()
        pieces.append(paragraph[start:])
        for piece in pieces:
            size = cell_len(piece)
            if line and used + 1 + size > width:
                lines.append(line)
                line, used = piece, size
            else:
                line, used = (f"{line} {piece}", used + 1 + size) if line else (piece, size)
        lines.append(line)
    return lines


class Para:
    """A rich renderable: ``text`` wrapped with :func:`wrap` at the width it is given."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        for line in wrap(self.text, options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="ignore")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        tokens = [t for t in _TOKEN.findall(self.text) if not t.isspace()]
        longest = max((cell_len(t) for t in tokens), default=1)
        widest = max((cell_len(p) for p in self.text.split("\n")), default=1)
        return Measurement(min(longest, options.max_width), min(widest, options.max_width))


class Words:
    """A rich renderable: ``items`` (aliases, ids) joined by ``sep`` and wrapped only
    between items, so no word a user may type is ever split or cut with "…"."""

    def __init__(self, items: list[str], sep: str = ", ", style: str = "") -> None:
        self.items = items
        self.sep = sep
        self.style = style

    def lines(self, width: int) -> list[str]:
        lines: list[str] = []
        line = ""
        for i, item in enumerate(self.items):
            piece = item + (self.sep.rstrip() if i < len(self.items) - 1 else "")
            joined = f"{line}{self.sep[len(self.sep.rstrip()):]}{piece}" if line else piece
            if line and cell_len(joined) > width:
                lines.append(line)
                line = piece
            else:
                line = joined
        return [*lines, line] if line or not lines else lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        for line in self.lines(options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="fold")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        pieces = [cell_len(item) + len(self.sep.rstrip()) for item in self.items]
        longest = max(pieces, default=1)
        whole = cell_len(self.sep.join(self.items)) or 1
        return Measurement(min(longest, options.max_width), min(whole, options.max_width))

