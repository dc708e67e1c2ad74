"""Reading a signal's patterns: ``<set>`` references expanded, and the gate words
one of which every match must contain.

Why apart: the loader checks each pattern with these, and the scanner compiles
and gates them the same way; both read a pattern exactly as it is written here.
Imports text/ only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping

from overdue_cli.text import trie_regex

SET_REF = re.compile(r"<([a-z_]+(?:\|[a-z_]+)*)>")
"""A ``<name>`` or ``<name|name>`` reference to word sets (``scan.sets``)."""


@functools.lru_cache(maxsize=64)
def _trie_cached(words: tuple[str, ...]) -> str:
    return trie_regex(words)


def expand(pattern: str, sets: Mapping[str, tuple[str, ...]]) -> str:
    """Replace each ``<name>`` in a pattern with the words of ``sets[name]`` (as a
    trie-shaped group, longest first); an unknown name raises KeyError."""
    def one(m: re.Match[str]) -> str:
        words: list[str] = []
        for name in m.group(1).split("|"):
            words.extend(sets[name])
        return _trie_cached(tuple(words))

    return SET_REF.sub(one, pattern)


_SPECIAL = frozenset("()[]{}|?*+.\\^$<>")


def pattern_gate(pattern: str, sets: Mapping[str, tuple[str, ...]]) -> frozenset[str] | None:
    """Words one of which occurs in every match of ``pattern``, or None.

    Read from how the pattern is written: its top-level sequence of elements
    (a literal, a ``<set>`` reference, a group of alternatives, each of those
    read the same way) is walked, optional elements (``?``, ``*``, ``{0,``) and
    zero-width ones (``^``, look-arounds) are passed over, and of the required
    elements the most selective one is chosen: longest shortest word, then
    fewest words. ``scan`` runs a pattern only on texts that contain one of its
    gate words, so a selective gate skips the pattern on most messages. A
    pattern with a top-level ``|`` or with no required words gives None and
    always runs.
    """
    if _top_level_bar(pattern):
        return None
    best: frozenset[str] | None = None
    for words in _required_elements(pattern, sets):
        if best is None or _selectivity(words) > _selectivity(best):
            best = words
    return best


def _selectivity(words: frozenset[str]) -> tuple[int, int]:
    return min(len(w) for w in words), -len(words)


def _required_elements(text: str,
                       sets: Mapping[str, tuple[str, ...]]) -> Iterator[frozenset[str]]:
    """The word sets of the required elements of a pattern with no top-level ``|``."""
    i = 0
    while i < len(text):
        ch = text[i]
        words: frozenset[str] | None = None
        if ch in "^$":
            i += 1
            continue
        if ch == "(":
            end = _group_end(text[i:])
            if end is None:
                return
            group = text[i:i + end]
            i += end
            if group.startswith(("(?<!", "(?<=", "(?!", "(?=")):
                continue  # zero-width
            if not group.startswith("(?:"):
                return  # capturing or unusual group: stop reading
            alternatives = [pattern_gate(alt, sets) for alt in _alternatives(group[3:-1])]
            if all(alt is not None for alt in alternatives):
                words = frozenset(w for alt in alternatives for w in alt or ())
        elif ch == "<" and (ref := SET_REF.match(text, i)) is not None:
            words = frozenset(w for name in ref.group(1).split("|") for w in sets.get(name, ()))
            i = ref.end()
        elif ch == "[":
            close = text.find("]", i + 1)
            if close < 0:
                return
            i = close + 1
        elif ch == "\\":
            i += 2
        elif ch == "{":
            close = text.find("}", i + 1)
            i = len(text) if close < 0 else close + 1  # a quantifier: nothing required
            continue
        elif ch in _SPECIAL:
            i += 1  # a quantifier or "." on its own: nothing required here
            continue
        else:
            start = i
            while i < len(text) and text[i] not in _SPECIAL:
                i += 1
            if text[i:i + 1] in ("?", "*", "{"):
                i -= 1  # the quantifier binds the last character only
            if i > start:
                words = frozenset([text[start:i]])
            else:
                i += 1  # the single character carries the quantifier: read it next
                if text[i:i + 1] in ("?", "*") or text.startswith("{0", i):
                    continue
                words = frozenset([text[i - 1]])
        optional = text[i:i + 1] in ("?", "*") or text.startswith("{0", i)
        if words and all(words) and not optional:
            yield words


def _structure(text: str) -> Iterator[tuple[int, str, int]]:
    """(index, char, depth after it) of each ``(``, ``)`` and ``|`` that shapes the
    pattern: not escaped, not inside a character class or a ``<set|set>`` reference."""
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            close = text.find("]", i + 1)
            i = len(text) if close < 0 else close + 1
            continue
        if ch == "<":
            ref = SET_REF.match(text, i)
            if ref is not None:
                i = ref.end()
                continue
        if ch in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[ch]
            yield i, ch, depth
        i += 1


def _alternatives(text: str) -> list[str]:
    """``text`` split at its top-level ``|``."""
    parts: list[str] = []
    start = 0
    for i, ch, depth in _structure(text):
        if ch == "|" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _top_level_bar(text: str) -> bool:
    return len(_alternatives(text)) > 1


def _group_end(text: str) -> int | None:
    """Index just past the group that opens at ``text[0]``."""
    return next((i + 1 for i, ch, depth in _structure(text) if ch == ")" and depth == 0), None)
