"""Normalise a message for matching, keeping a map back to the original text.

Collectors' messages arrive in full-width forms, Traditional characters, and
with spaces, symbols or zero-width characters pushed inside words to dodge
filters (催 收, 法/院, 通​讯录). Matching runs on a folded copy; every match is
mapped back through ``offsets`` so evidence and highlighting show the words
exactly as the borrower received them. Nothing here changes the original.

Folding, in order:
1. NFKC, character by character (full-width letters and digits, compatibility
   ideographs), so each folded character knows its original position;
2. ASCII upper case to lower case;
3. Traditional to Simplified, with OpenCC's character table (see
   ``tools/gen_scan_data.py``): length-preserving, so no offsets change;
4. removing characters that never carry meaning (zero-width, format
   controls), filler inserted *between two Chinese characters* (spaces,
   ASCII symbols, emoji), and the spaces in letters spelled out one by one
   ("s b" → "sb"); Chinese punctuation is kept: it separates clauses,
   and negation is read within a clause.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources
from typing import NamedTuple

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ALNUM = _HAN + r"a-z0-9"
# Inserted between two word characters (Han, or Latin/digit in pinyin mixes
# like "fa院"): whitespace, ASCII symbols, middle dots, emoji, zero-width and
# other format characters. Not , ! ? ; : (NFKC makes them of ，！？；：): those
# end clauses.
_FILLER = (r"\s\u00a0\u00b7\u2022\u2027\u30fb\u200b-\u200f\u2060-\u2064\ufeff"
           r"\u00ad\u034f\u180e\ufe0e\ufe0f"
           r"\"#$%&'()*+\-./<=>@\[\\\]^_`{|}~\u2600-\u27bf\U0001f000-\U0001faff")
_FILLER_RUN = re.compile(rf"[{_FILLER}]+")
_UPPER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_WIDTH = {c: c - 0xFEE0 + (32 if 0xFF21 <= c <= 0xFF3A else 0) for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
"""Full-width ASCII (upper case straight to lower) and the ideographic space:
what NFKC does to them, but with ``str.translate``, one character for one."""
_TONES = {ord(c): base for base, marked in (
    ("a", "āáǎàĀÁǍÀ"), ("e", "ēéěèĒÉĚÈ"), ("i", "īíǐìĪÍǏÌ"), ("o", "ōóǒòŌÓǑÒ"),
    ("u", "ūúǔùŪÚǓÙ"), ("v", "ǖǘǚǜüǕǗǙǛÜ")) for c in marked}
"""Pinyin written with tone marks (sù sòng) reads as plain letters."""
_LATIN = re.compile(r"[a-z]")
"""A quick test, so most messages skip the slower searches with lookbehinds."""
_LATIN_RUN = re.compile(r"[a-z0-9]+")


class _GapPatterns(NamedTuple):
    """The searches for what folding drops, compiled on first use: the first one
    alone takes 7 ms to compile (four large character classes), and a short
    message without filler, the usual one-message ``scan``, never needs them."""

    inserted: re.Pattern[str]
    """A filler run between two word characters, at least one of them Chinese."""
    invisible: re.Pattern[str]
    spelled: re.Pattern[str]
    """Letters spelled out one by one with spaces ("l a o 赖", "s b"): the spaces go."""
    latin_gap: re.Pattern[str]
    """Spaces between pinyin syllables that run into a Chinese character (gong an机关)."""


@functools.cache
def _gap_patterns() -> _GapPatterns:
    return _GapPatterns(
        re.compile(rf"(?<=[{_HAN}])[{_FILLER}]+(?=[{_ALNUM}])"
                   rf"|(?<=[{_ALNUM}])[{_FILLER}]+(?=[{_HAN}])"),
        re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e\ufe0e\ufe0f]+"),
        re.compile(r"(?<![a-z0-9])[a-z](?: [a-z])+(?![a-z0-9])"),
        re.compile(rf"(?<=[a-z]) +(?=[a-z]+(?: +[a-z]+)* *[{_HAN}])"))


class Folded(NamedTuple):
    """The folded text and, when it differs from the original, where each character
    came from. A named tuple: one is made for every message, and a frozen
    dataclass cost three times as much to make."""

    text: str
    starts: tuple[int, ...] | None = None
    """``starts[i]``/``ends[i]``: the original span folded character ``i`` came
    from (a pinyin word folded to one character spans several). ``None``: identity."""
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original-text span of folded ``text[start:end]`` (``end > start``)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


@functools.cache
def t2s_table() -> dict[int, str]:
    """OpenCC's Traditional → Simplified characters, as a ``str.translate`` table."""
    text = (resources.files("overdue_cli") / "data" / "t2s.txt").read_text(encoding="utf-8")
    fields = " ".join(line for line in text.split("\n") if line and line[0] != "#").split()
    table = dict(zip(map(ord, fields[0::2]), fields[1::2], strict=True))
    table.update({k: chr(v) for k, v in _UPPER.items()})
    return table


class Pinyin:
    """Latin spellings collectors use in place of characters (fa院, 起su, txl), and
    variant characters folded to the form the terms use (帐 → 账)."""

    def __init__(self, words: dict[str, str], variants: dict[str, str] | None = None) -> None:
        self.words = {k.lower(): v for k, v in words.items()}
        extra = {ord(k): v for k, v in (variants or {}).items()}
        # compose, so a Traditional character whose Simplified form is a variant
        # (帳 → 帐) lands on the form the terms use (账)
        self.table = ({k: extra.get(ord(v), v) for k, v in t2s_table().items()} | extra
                      | {k: chr(v) for k, v in _WIDTH.items()} | _TONES)
        keys = sorted(self.words, key=len, reverse=True)
        self._source = (
            rf"(?<=[{_HAN}])(?:{'|'.join(map(re.escape, keys))})(?![a-z0-9])"
            rf"|(?<![a-z0-9])(?:{'|'.join(map(re.escape, keys))})(?=[{_HAN}])"
        ) if keys else None
        self._pattern: re.Pattern[str] | None = None
        # Keys of letters and digits only (all a rulebook allows) can only match
        # a whole run of letters and digits next to a Chinese character, so a
        # dictionary look-up per run does the pattern's work, several times faster.
        self._by_run = bool(keys) and all(k.isascii() and k.isalnum() for k in keys)

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """Any key next to a Chinese character and not inside a longer Latin word;
        compiled on first use (most messages have no Latin letters)."""
        if self._pattern is None and self._source is not None:
            self._pattern = re.compile(self._source)
        return self._pattern

    def swaps(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, replacement) for each key to replace in ``text``, in order."""
        if not self._by_run:
            pattern = self.pattern
            if pattern is None:
                return []
            return [(m.start(), m.end(), self.words[m.group()]) for m in pattern.finditer(text)]
        words = self.words
        out = []
        for m in _LATIN_RUN.finditer(text):
            replacement = words.get(m.group())
            if replacement is None:
                continue
            start, end = m.span()
            if (start and _is_han(text[start - 1])) or (end < len(text) and _is_han(text[end])):
                out.append((start, end, replacement))
        return out


@functools.cache
def _plain() -> Pinyin:
    """Folding without rulebook words: OpenCC's table, width, case and tone marks only."""
    return Pinyin({})


def fold(original: str, pinyin: Pinyin | None = None) -> Folded:
    """Fold ``original`` for matching; see the module docstring for the steps."""
    table = (pinyin if pinyin is not None else _plain()).table
    # one pass for the usual cases: full-width forms, upper case, Traditional
    text = original.translate(table)
    starts: list[int] | None = None
    ends: list[int] | None = None
    if not unicodedata.is_normalized("NFKC", text):
        pieces: list[str] = []
        starts, ends = [], []
        for i, char in enumerate(text):
            folded = unicodedata.normalize("NFKC", char)
            pieces.append(folded)
            starts.extend([i] * len(folded))
            ends.extend([i + 1] * len(folded))
        text = "".join(pieces).translate(table)
    # removing filler never adds or removes a letter: one test serves both steps
    latin = _LATIN.search(text) is not None
    if _FILLER_RUN.search(text):
        gaps = _gaps(text, latin)
        if gaps:
            text, starts, ends = _edit(text, starts, ends, [(a, b, "") for a, b in gaps])
    if latin and pinyin is not None and pinyin.words:
        swaps = pinyin.swaps(text)
        if swaps:
            text, starts, ends = _edit(text, starts, ends, swaps)
    if starts is None or ends is None:
        return Folded(text)
    return Folded(text, tuple(starts), tuple(ends))


def _edit(text: str, starts: list[int] | None, ends: list[int] | None,
          edits: list[tuple[int, int, str]]) -> tuple[str, list[int], list[int]]:
    """Apply sorted, non-overlapping (start, end, replacement) edits, carrying the spans."""
    if starts is None or ends is None:
        starts, ends = list(range(len(text))), list(range(1, len(text) + 1))
    out_text: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    position = 0
    for a, b, replacement in edits:
        out_text.append(text[position:a])
        out_starts.extend(starts[position:a])
        out_ends.extend(ends[position:a])
        out_text.append(replacement)
        out_starts.extend([starts[a]] * len(replacement))
        out_ends.extend([ends[b - 1]] * len(replacement))
        position = b
    out_text.append(text[position:])
    out_starts.extend(starts[position:])
    out_ends.extend(ends[position:])
    return "".join(out_text), out_starts, out_ends


def _is_han(char: str) -> bool:
    """Is ``char`` a Chinese character (of the ranges in ``_HAN``)?"""
    return ("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"
            or "\uf900" <= char <= "\ufaff")


def _gaps(text: str, latin: bool = True) -> list[tuple[int, int]]:
    """Spans to drop, merged: invisible characters anywhere, filler between two
    words. ``latin``: whether the text has a Latin letter (the last two kinds of
    span need one, and a space)."""
    patterns = _gap_patterns()
    spans = [m.span() for m in patterns.inserted.finditer(text)]
    spans += [m.span() for m in patterns.invisible.finditer(text)]
    if latin and " " in text:
        spans += [(m.start() + i, m.start() + i + 1)
                  for m in patterns.spelled.finditer(text)
                  for i, ch in enumerate(m.group()) if ch == " "]
        spans += [m.span() for m in patterns.latin_gap.finditer(text)]
    if len(spans) < 2:
        return spans
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
