"""Charts as inline SVG: numbers and labels in, one ``<svg>`` element out.

Why a module of its own: the HTML report and the complaint's appendix draw the
same three charts (contacts per day, contacts by hour with the quiet hours
shaded, contacts per number), and drawing is pure arithmetic on numbers that
can be tested without a journal or a browser. Nothing here knows what the
numbers mean: the caller hands in the labels, already in the reader's language.

The charts are for paper first: every series is told apart by a pattern as
well as a colour (hatched, dotted, solid), so a black-and-white printer keeps
them apart, as the terminal's █ ▒ ░ do. Every text drawn is HTML-escaped here,
whoever calls; no script, link, image or font is ever referenced; the ``<svg>``
has no namespace attribute (HTML parses it into SVG without one) and scales to
its container through its ``viewBox``.
"""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

FONT = 15
"""Font size of labels, in the chart's own units (it scales with the chart)."""
INK = "#222"
GRID = "#d0d0d0"
SHADE = "#e4e4ee"
"""Background of the quiet hours."""
BAR_MAX = 56.0
"""The widest a vertical bar gets: two days' bars stay bars, not walls."""


@dataclass(frozen=True)
class Series:
    """One part of a stacked bar: its name (for the legend), colour and pattern."""

    name: str
    colour: str
    pattern: str = "solid"
    """``solid``, ``hatch`` (diagonal lines) or ``dots``."""


CALLS = "#2b4c7e"
MESSAGES = "#7fa7d9"
OTHER = "#c9c9c9"
"""Calls, messages, other contacts: dark, middle and light, so grey print keeps them apart."""


def esc(text: object) -> str:
    """Text safe in SVG or HTML character data and attribute values."""
    return html.escape(str(text), quote=True)


def text_width(text: str, size: float = FONT) -> float:
    """About how wide ``text`` is drawn: East Asian wide characters a full em, others
    about 0.6 em (digits, Latin); good enough to leave room for a label."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6
               for ch in text)


def nice_ceiling(value: int) -> tuple[int, int]:
    """The axis top for ``value`` and its tick step: a round number (1, 2 or 5 times
    a power of ten) at or above it, in four or five steps; (1, 1) for nothing."""
    if value <= 0:
        return 1, 1
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


def _num(value: float) -> str:
    """A coordinate, short: ``12``, ``12.5``."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _defs(ident: str, series: Sequence[Series]) -> str:
    """The fill patterns ``series`` use, with ids unique to this chart."""
    out = []
    for i, s in enumerate(series):
        pid = f"{ident}-p{i}"
        if s.pattern == "hatch":
            out.append(f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse" '
                       f'patternTransform="rotate(45)"><rect width="6" height="6" '
                       f'fill="{esc(s.colour)}"/><line x1="0" y1="0" x2="0" y2="6" '
                       f'stroke="{CALLS}" stroke-width="1.6"/></pattern>')
        elif s.pattern == "dots":
            out.append(f'<pattern id="{pid}" width="5" height="5" patternUnits="userSpaceOnUse">'
                       f'<rect width="5" height="5" fill="{esc(s.colour)}"/>'
                       f'<circle cx="2.5" cy="2.5" r="1" fill="#555"/></pattern>')
    return f"<defs>{''.join(out)}</defs>" if out else ""


def _fill(ident: str, series: Sequence[Series], i: int) -> str:
    s = series[i]
    return esc(s.colour) if s.pattern == "solid" else f"url(#{ident}-p{i})"


def _open(ident: str, width: float, height: float, title: str) -> str:
    return (f'<svg class="chart" id="{esc(ident)}" role="img" aria-labelledby="{esc(ident)}-t" '
            f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
            f'height="{_num(height)}" font-size="{FONT}" fill="{INK}">'
            f'<title id="{esc(ident)}-t">{esc(title)}</title>')


def _legend(ident: str, series: Sequence[Series], x: float, y: float,
            extra: Sequence[tuple[str, str]] = ()) -> str:
    """Swatches and names in a row from (x, y); ``extra``: (fill, name) pairs after them."""
    items = [(_fill(ident, series, i), s.name) for i, s in enumerate(series)]
    items += list(extra)
    out = []
    for fill, name in items:
        out.append(f'<rect x="{_num(x)}" y="{_num(y - 10)}" width="14" height="12" '
                   f'fill="{fill}" stroke="#888" stroke-width="0.5"/>'
                   f'<text x="{_num(x + 19)}" y="{_num(y)}">{esc(name)}</text>')
        x += 19 + text_width(name) + 18
    return "".join(out)


def _y_axis(left: float, right: float, top: float, bottom: float, ceiling: int,
            step: int) -> str:
    """Grid lines and their numbers, from 0 at ``bottom`` to ``ceiling`` at ``top``."""
    out = []
    for value in range(0, ceiling + 1, step):
        y = bottom - (bottom - top) * value / ceiling
        out.append(f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(right)}" y2="{_num(y)}" '
                   f'stroke="{GRID if value else INK}" stroke-width="{1 if value else 1.2}"/>'
                   f'<text x="{_num(left - 6)}" y="{_num(y + 4)}" text-anchor="end">{value}</text>')
    return "".join(out)


def stacked_bars(ident: str, title: str, labels: Sequence[str],
                 stacks: Sequence[Sequence[int]], series: Sequence[Series], *,
                 width: float = 900, height: float = 300) -> str:
    """Vertical stacked bars, one per label (a day, week or month), with a legend.

    ``stacks[i][j]``: bar i's part j (as ``series[j]``). Each bar's total is written
    above it while there is room; the x labels thin out (every 2nd, 5th …) when
    there are too many to read."""
    count = len(labels)
    left, right, top = 44.0, width - 12, 34.0
    bottom = height - 30
    peak = max((sum(s) for s in stacks), default=0)
    ceiling, step = nice_ceiling(peak)
    slot = (right - left) / max(count, 1)
    bar = min(BAR_MAX, max(1.0, slot * 0.72))
    widest = max((text_width(label, FONT - 2) for label in labels), default=0)
    every = max(1, math.ceil((widest + 8) / slot))
    show_totals = slot >= text_width(str(peak), FONT - 2) + 2
    out = [_open(ident, width, height, title), _defs(ident, series),
           _legend(ident, series, left, 16), _y_axis(left, right, top, bottom, ceiling, step)]
    for i, (label, parts) in enumerate(zip(labels, stacks, strict=True)):
        x = left + slot * i + (slot - bar) / 2
        y = bottom
        for j, part in enumerate(parts):
            if part <= 0:
                continue
            h = (bottom - top) * part / ceiling
            y -= h
            out.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar)}" '
                       f'height="{_num(h)}" fill="{_fill(ident, series, j)}"/>')
        total = sum(parts)
        if total and show_totals:
            out.append(f'<text x="{_num(x + bar / 2)}" y="{_num(y - 4)}" text-anchor="middle" '
                       f'font-size="{FONT - 2}">{total}</text>')
        if i % every == 0:
            out.append(f'<text x="{_num(x + bar / 2)}" y="{_num(bottom + 16)}" '
                       f'text-anchor="middle" font-size="{FONT - 2}">{esc(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def shaded_runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    """The runs of True in ``flags`` as (first, last) index pairs, in order."""
    runs: list[tuple[int, int]] = []
    for i, on in enumerate(flags):
        if not on:
            continue
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def hour_histogram(ident: str, title: str, counts: Sequence[int], shaded: Sequence[bool],
                   shade_name: str, bar_name: str, *, width: float = 900,
                   height: float = 260) -> str:
    """24 bars, one an hour (0–23), with the ``shaded`` hours' background shaded and
    named ``shade_name`` in the legend; each bar's count above it."""
    if len(counts) != 24 or len(shaded) != 24:
        raise ValueError("an hour histogram takes 24 counts and 24 shading flags")
    left, right, top = 44.0, width - 12, 34.0
    bottom = height - 30
    ceiling, step = nice_ceiling(max(counts))
    slot = (right - left) / 24
    bar = slot * 0.7
    series = (Series(bar_name, CALLS),)
    out = [_open(ident, width, height, title),
           _legend(ident, series, left, 16, [(SHADE, shade_name)])]
    for first, last in shaded_runs(shaded):  # one rectangle a run: no seams between hours
        out.append(f'<rect x="{_num(left + slot * first)}" y="{_num(top)}" '
                   f'width="{_num(slot * (last - first + 1))}" height="{_num(bottom - top)}" '
                   f'fill="{SHADE}"/>')
    out.append(_y_axis(left, right, top, bottom, ceiling, step))
    for hour, value in enumerate(counts):
        x = left + slot * hour + (slot - bar) / 2
        if value > 0:
            h = (bottom - top) * value / ceiling
            out.append(f'<rect x="{_num(x)}" y="{_num(bottom - h)}" width="{_num(bar)}" '
                       f'height="{_num(h)}" fill="{CALLS}"/>'
                       f'<text x="{_num(x + bar / 2)}" y="{_num(bottom - h - 4)}" '
                       f'text-anchor="middle" font-size="{FONT - 2}">{value}</text>')
        out.append(f'<text x="{_num(left + slot * hour + slot / 2)}" y="{_num(bottom + 16)}" '
                   f'text-anchor="middle" font-size="{FONT - 2}">{hour:02d}</text>')
    out.append("</svg>")
    return "".join(out)


def horizontal_bars(ident: str, title: str, labels: Sequence[str], values: Sequence[int],
                    notes: Sequence[str] = (), *, width: float = 900, row: float = 24) -> str:
    """One horizontal bar per label, longest first as given; the value after each bar,
    then its note (if any) in grey."""
    if len(labels) != len(values):
        raise ValueError("horizontal_bars takes one value per label")
    notes = list(notes) + [""] * (len(labels) - len(notes))
    gutter = min(width * 0.4, max((text_width(t) for t in labels), default=0) + 14)
    widest_note = max((text_width(n, FONT - 1) for n in notes), default=0)
    left = gutter
    right = width - 12 - text_width(str(max(values, default=0))) - 8 - (
        widest_note + 8 if widest_note else 0)
    right = max(right, left + 60)
    peak = max(values, default=0) or 1
    height = row * len(labels) + 12
    out = [_open(ident, width, height, title)]
    for i, (label, value, note) in enumerate(zip(labels, values, notes, strict=True)):
        y = 6 + row * i
        w = (right - left) * value / peak
        out.append(f'<text x="{_num(left - 8)}" y="{_num(y + row * 0.62)}" text-anchor="end" '
                   f'font-family="monospace">{esc(label)}</text>'
                   f'<rect x="{_num(left)}" y="{_num(y + 3)}" width="{_num(max(w, 1))}" '
                   f'height="{_num(row - 8)}" fill="{CALLS}"/>'
                   f'<text x="{_num(left + w + 6)}" y="{_num(y + row * 0.62)}">{value}'
                   + (f'<tspan fill="#666" font-size="{FONT - 1}" dx="8">{esc(note)}</tspan>'
                      if note else "") + "</text>")
    out.append("</svg>")
    return "".join(out)
