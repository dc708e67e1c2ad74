"""Frames at run time: find a signal's compositions (a condition and a harm, an
addressee and the debt, an offer and a fee) in one message's folded text.

A frame (see ``signals.Frame``) is two or more parts, each a small pattern over
the folded text, that must all occur close together: in order with at most
``within`` characters between one part and the next, or, unordered, all inside
one window of ``within`` characters. Each part's match is kept as evidence, so
a verdict shows the condition *and* the harm it read.

A frame runs only on a message that contains one of the gate words of each of
its parts (read from how the part is written, like a pattern's gate), so most
messages never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from itertools import pairwise, product
from typing import NamedTuple

from overdue_cli.rulebook import Frame, expand, pattern_gate

_MAX_SPANS = 64
"""Occurrences kept per part and message: a 10 MB line must not make a frame
quadratic (the first ones are the ones a reader sees first anyway)."""


UNNEGATED_ROLES = frozenset({"condition", "demand"})
"""Part roles a negator before does not cancel (see FrameMatch.negation_at)."""


class FrameMatch(NamedTuple):
    """One occurrence of a frame: where it starts and ends in the folded text,
    where its last part starts (negation is read there: the harm, not the
    condition, is what ``我们不会…`` cancels), and each part's span."""

    start: int
    end: int
    negation_at: tuple[int, ...]
    """Where a negator would cancel the frame: before each part but a condition or
    a demand (whose negation is the point: 不还, 不调整将影响征信):
    我们不会联系您的家人 is no threat."""
    parts: tuple[tuple[str, int, int], ...]
    """(role, start, end) in the folded text, in the frame's part order."""


class CompiledFrame:
    """One frame, compiled on first use (most never run on a given message)."""

    __slots__ = ("_compiled", "frame", "gates", "patterns", "roles")

    def __init__(self, frame: Frame, sets: Mapping[str, tuple[str, ...]],
                 fold: Callable[[str], str] | None = None) -> None:
        self.frame = frame
        self.roles = tuple(role for role, _ in frame.parts)
        self.patterns = tuple(expand(p, sets) for _, p in frame.parts)
        folder = fold or (lambda w: w)
        gates: list[frozenset[str] | None] = []
        for _, pattern in frame.parts:
            gate = pattern_gate(pattern, sets)
            gates.append(frozenset(folder(w) for w in gate) if gate else None)
        self.gates = tuple(gates)
        """Per part: words one of which every match of the part contains, or None."""
        self._compiled: tuple[re.Pattern[str], ...] | None = None

    @property
    def gate(self) -> frozenset[str] | None:
        """The most selective part's gate words: the frame cannot match without one."""
        known = [g for g in self.gates if g]
        if not known:
            return None
        return max(known, key=lambda g: (min(map(len, g)), -len(g)))

    def possible(self, present: set[str] | frozenset[str]) -> bool:
        """Can the frame match a text in which exactly ``present`` gate words occur?"""
        return all(g is None or not g.isdisjoint(present) for g in self.gates)

    def finditer(self, text: str) -> Iterator[FrameMatch]:
        """Every occurrence, ordered by start; each part's first match that fits."""
        if self._compiled is None:
            self._compiled = tuple(re.compile(p) for p in self.patterns)
        spans: list[list[tuple[int, int]]] = []
        for compiled in self._compiled:
            found = []
            for m in compiled.finditer(text):
                if m.end() > m.start():
                    found.append((m.start(), m.end()))
                    if len(found) >= _MAX_SPANS:
                        break
            if not found:
                return
            spans.append(found)
        within = self.frame.within
        if self.frame.ordered:
            yield from self._ordered(spans, within)
        else:
            yield from self._unordered(spans, within)

    def _ordered(self, spans: list[list[tuple[int, int]]], within: int) -> Iterator[FrameMatch]:
        for first in spans[0]:
            chain = [first]
            for later in spans[1:]:
                prev_end = chain[-1][1]
                nxt = next((s for s in later if prev_end <= s[0] <= prev_end + within), None)
                if nxt is None:
                    break
                chain.append(nxt)
            else:
                yield self._match(chain)

    def _unordered(self, spans: list[list[tuple[int, int]]],
                   within: int) -> Iterator[FrameMatch]:
        found: list[FrameMatch] = []
        for combo in product(*spans):
            start = min(s for s, _ in combo)
            end = max(e for _, e in combo)
            if end - start > within or _overlap(combo):
                continue
            found.append(self._match(list(combo)))
            if len(found) >= _MAX_SPANS:
                break
        seen: set[int] = set()
        for match in sorted(found):
            if match.start not in seen:
                seen.add(match.start)
                yield match

    def _match(self, chain: list[tuple[int, int]]) -> FrameMatch:
        start = min(s for s, _ in chain)
        end = max(e for _, e in chain)
        negation_at = tuple(s for role, (s, _) in zip(self.roles, chain, strict=True)
                            if role not in UNNEGATED_ROLES)
        return FrameMatch(start, end, negation_at,
                          tuple((role, s, e) for role, (s, e) in zip(self.roles, chain,
                                                                      strict=True)))


def _overlap(combo: tuple[tuple[int, int], ...]) -> bool:
    """Do two parts claim the same characters (one word read as two parts)?"""
    ordered = sorted(combo)
    return any(b[0] < a[1] for a, b in pairwise(ordered))
