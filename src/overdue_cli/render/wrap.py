"""Line breaking for mixed Chinese and English that never splits a number or a URL.

rich breaks lines only at spaces and folds a longer run anywhere, so in
Chinese text a hotline such as 12378 or a site such as jubao.nifa.org.cn could
be cut in half at the margin, and a borrower copying it would get it wrong.
Here a line may break between any two Chinese characters, but never inside a
run of ASCII letters, digits or symbols (unless the run alone is wider than the
line), and never so that a line starts with closing punctuation or ends with
opening punctuation.
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
        while line and line[-1] == " ":
            line.pop()
        if token[0] in _CLOSE and len(line) > 1:
            carry.append(line.pop())  # keep the punctuation with the word before it
            while carry[0][0] in _CLOSE and len(line) > 1:  # "…12321）。": several marks
                carry.insert(0, line.pop())
        while len(line) > 1 and line[-1][-1] in _OPEN:
            carry.insert(0, line.pop())
        if sum(cell_len(t) for t in carry) + size > width:
            line.extend(carry)  # moving the punctuation would overflow the new line
            carry = []
        new = [*carry, token]
        lines.append(new)
        used = sum(cell_len(t) for t in new)
    return ["".join(line).rstrip() for line in lines]


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
