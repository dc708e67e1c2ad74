"""Find the rulebook's signals in one message's text.

Matching is plain string work over the folded text (see textnorm): all terms
of all signals, and the gate words that decide which patterns run, go into one
Aho-Corasick automaton, which reports every occurrence of every word
(overlapping ones included: 爆你通讯录 and, inside it, 通讯录) in one pass of C
code, so the scan costs about the same whatever the number of terms; each
signal's small patterns run on their own, and only on texts holding one of
their gate words. The segmenter (a re-implementation of jieba's, see segment)
is consulted only around a candidate match, and only when the answer could
change it:

- a short term (``boundary_max`` characters or fewer) must start and end on a
  word boundary: ``法院`` counts in ``法院传票``, not in ``看法院子``;
- a negator (不会, 没有, 请勿 …) before the match, in the same clause and with
  no breaker (就, 会, 否则, 还钱 …) between, cancels it: ``我们不会联系您的家人``;
- ``requires`` / ``unless`` words must / must not appear in the clause (or the
  whole message) for the match to count.

So a message with no candidate never loads the segmenter at all, and a long
message costs only a few short segmentations. Collection messages repeat the
same clauses (templates), so each clause's words are kept for later messages.

Why a C automaton: the pure-Python alternative (one trie-shaped regular
expression searched again one character after each place a word starts, then a
look-up of every prefix of the word found there) makes matching take twice as
long, a third of ``scan --jobs 1`` (measured on bench/scan.py's corpus). It is
kept for a Python the ``pyahocorasick`` wheel does not cover, and as the
reference the tests hold the automaton to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from overdue_cli.rulebook import Rulebook, Signal
from overdue_cli.scan.frames import FrameMatch
from overdue_cli.scan.tables import SignalTables, Term, Word, build_automaton
from overdue_cli.text import DagSegmenter, Folded, Segmenter, fold

_CLAUSE_END = re.compile(r"[,.!?;:。，！？；：…\n\r]")
_LAST_CLAUSE_END = re.compile(r"(?s:.*)[,.!?;:。，！？；：…\n\r]")
"""Everything up to the last clause punctuation (greedy, so the last one)."""
_NEGATION_REACH = 14
"""How far before a match (in characters, within the clause) a negator may sit."""
_CLAUSE_REACH = 120
_CLAUSES_KEPT = 4096
"""Clauses whose segmentation is kept across messages (then the store starts afresh)."""


class Hit(NamedTuple):
    """One signal in one message: the words as received and where they are in the
    original text. ``span`` is None for signals not in the text (time, volume)."""

    signal: Signal
    evidence: str
    span: tuple[int, int] | None
    frame: str | None = None
    """For a frame's hit, the frame's name."""
    parts: tuple[tuple[str, str, tuple[int, int]], ...] = ()
    """A frame's parts, or the model's n-grams: (role, words as received, span)."""
    score: float | None = None
    """The learned model's score, for its hits only."""


_Candidate = tuple[Signal, int, int, bool, Any]
"""A possible hit, before the context checks: ``(signal, start, end, short,
parts)``, the span in the folded text. ``short``: the match must start and end
on word boundaries. ``parts``: extra data a kind of match carries to its hit
(the spans of a multi-part match's parts, say), None for terms and patterns, so
they pay nothing for it. A plain tuple: candidates are made by the thousand,
and a named tuple costs eight times as much to make."""


def _order(c: _Candidate) -> tuple[int, int]:
    return c[1], -c[2]


def _hit_order(h: Hit) -> tuple[tuple[int, int] | None, str]:
    return h.span, h.signal.id


class Matcher(SignalTables):
    """Finds the signals in a message's text, with the tables of one rulebook."""

    def __init__(self, book: Rulebook, segmenter: Segmenter | None = None) -> None:
        super().__init__(book)
        self._segmenter = segmenter
        self._automaton: Any = None
        self._searches: list[Callable[[str], re.Match[str] | None] | None] = (
            [None] * len(self.patterns))
        self._last: tuple[str, Folded] | None = None
        self._clauses: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {}

    @property
    def segmenter(self) -> Segmenter:
        """The segmenter, built on first use with every term and negator as a whole word."""
        if self._segmenter is None:
            long_terms, short_terms, other = self.dictionary_words()
            self._segmenter = DagSegmenter(long_terms, short_terms, other)
        return self._segmenter

    def find(self, original: str) -> list[Hit]:
        """The signals in ``original``: one hit (the first) per signal, in text order."""
        folded = fold(original, self.pinyin)
        self._last = (original, folded)
        text = folded.text
        candidates = self._candidates(text)
        if not candidates:
            return []
        found: dict[str, Hit] = {}
        plain = self.plain
        starts, ends = folded.starts, folded.ends
        for candidate in candidates:
            signal, start, end, short, frame = candidate
            sid = signal.id
            if sid in found:
                continue
            if (short or frame is not None or sid not in plain) \
                    and not self._counts(text, candidate):
                continue
            if starts is not None and ends is not None:  # the original's span
                start, end = starts[start], ends[end - 1]
            if frame is None:
                found[sid] = Hit(signal, original[start:end], (start, end))
                continue
            parts = []
            for role, p_start, p_end in frame[0].parts:
                if starts is not None and ends is not None:
                    p_start, p_end = starts[p_start], ends[p_end - 1]
                parts.append((role, original[p_start:p_end], (p_start, p_end)))
            found[sid] = Hit(signal, original[start:end], (start, end), frame[1], tuple(parts))
        if self.overruled:
            for sid in [sid for sid in found if sid in self.overruled]:
                if any(other in found for other in self.overruled[sid]):
                    del found[sid]
        if len(found) < 2:
            return list(found.values())
        return sorted(found.values(), key=_hit_order)

    def folded(self, original: str) -> Folded:
        """``original`` folded for matching (the fold ``find`` just made, when it
        was of this very string: callers often want both)."""
        last = self._last
        if last is not None and last[0] is original:
            return last[1]
        return fold(original, self.pinyin)

    # -- candidates ----------------------------------------------------------
    def term_spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of the longest term at every position where one starts,
        overlapping ones included (爆你通讯录 and, inside it, 通讯录)."""
        longest: dict[int, int] = {}
        for last, (size, _, terms, _) in self._occurrences(text):
            start = last + 1 - size
            if terms and size > longest.get(start, 0):
                longest[start] = size
        for start in sorted(longest):
            yield start, start + longest[start]

    def _occurrences(self, text: str) -> Iterator[tuple[int, Word]]:
        """(index of the last character, word) for every occurrence of every term
        and gate word, in no particular order."""
        automaton = self._automaton
        if automaton is None:
            automaton = self._automaton = self._build_automaton()
        found: Iterator[tuple[int, Word]] = automaton.iter(text)
        return found

    def _build_automaton(self) -> Any:
        """Built on first use: a one-message ``scan`` of a short text pays little."""
        return build_automaton(self.word_table())

    def _candidates(self, text: str) -> list[_Candidate]:
        """Every possible hit, in the order they are tried: by start, longest first.

        Terms come before patterns at the same span. A signal in ``sure`` yields
        only its first term occurrence (by start, then the shortest), which is
        all that can ever count for it.
        """
        chosen: set[int] | None = None
        found: list[tuple[int, int, tuple[Term, ...]]] = []
        present: set[str] = set()
        for last, (size, gates, terms, frame_word) in self._occurrences(text):
            if frame_word is not None:
                present.add(frame_word)
            if gates:
                if chosen is None:
                    chosen = set(gates)
                else:
                    chosen.update(gates)
            if terms:
                found.append((last + 1 - size, size, terms))
        out: list[_Candidate] = []
        if found:
            if len(found) > 1:
                found.sort()  # (start, size) is unique: the terms are never compared
            settled: set[str] = set()
            for start, size, terms in found:
                for signal, short, sure in terms:
                    if sure:
                        if signal.id in settled:
                            continue
                        settled.add(signal.id)
                    out.append((signal, start, start + size, short, None))
        if self.ungated:
            chosen = set(self.ungated) if chosen is None else chosen | set(self.ungated)
        if chosen:
            searches = self._searches
            for index in sorted(chosen):  # file order
                search = searches[index] or self._compile(index)
                if search(text) is None:  # most runs find nothing: skip the iterator
                    continue
                signal, pattern, _ = self.patterns[index]
                for m in pattern.finditer(text):
                    if m.end() > m.start():
                        out.append((signal, m.start(), m.end(), False, None))
        if len(out) > 1:
            out.sort(key=_order)
        if present or self.frames_always:  # after the terms and patterns: a signal's
            # words, when they match, are the sharper evidence; frames catch the rest
            by_word = self.frames_by_word
            indexes = set(self.frames_always)
            for word in present:
                indexes.update(by_word.get(word, ()))
            framed: list[_Candidate] = []
            frames = self.frames
            for index in sorted(indexes):  # file order
                signal, frame = frames[index]
                if frame.possible(present):
                    framed.extend((signal, fm.start, fm.end, False, (fm, frame.frame.name))
                                  for fm in frame.finditer(text))
            if framed:
                framed.sort(key=_order)
                out.extend(framed)
        return out

    def _compile(self, index: int) -> Callable[[str], re.Match[str] | None]:
        """The ``search`` of pattern ``index``, compiled now (see LazyPattern)."""
        search = self._searches[index] = self.patterns[index][1].search_method()
        return search

    # -- the checks around a candidate --------------------------------------
    def _counts(self, text: str, candidate: _Candidate) -> bool:
        signal, start, end, short, frame = candidate
        if frame is not None:
            return self._frame_counts(text, signal, start, end, frame[0])
        sid = signal.id
        clause_start, clause_end = _clause(text, start, end)
        if sid in self.scoped:
            lo, hi = (0, len(text)) if signal.scope == "message" else (clause_start, clause_end)
            scope = text[lo:start] + "\n" + text[end:hi]  # the match itself does not count
            required = self.requires.get(sid)
            if required is not None and not required.search(scope):
                return False
            excluded = self.unless.get(sid)
            if excluded is not None and excluded.search(scope):
                return False
        excluded = self.unless_message.get(sid)
        if excluded is not None and excluded.search(text):
            return False
        maybe_negated = (signal.negatable and self.negator_re is not None
                         and self.negator_re.search(  # a quick test first
                             text[max(clause_start, start - _NEGATION_REACH):start])
                         is not None)
        if not (short or maybe_negated):
            return True
        tokens, bounds = self._segmented(text[clause_start:clause_end])
        start -= clause_start
        end -= clause_start
        if short and not (start in bounds and end in bounds):
            return False
        if not maybe_negated:
            return True
        before = [token for token, at in zip(tokens, bounds, strict=False)
                  if at + len(token) <= start and at >= start - _NEGATION_REACH]
        return not self._negated(before)

    def _frame_counts(self, text: str, signal: Signal, start: int, end: int,
                      match: FrameMatch) -> bool:
        """A frame's context checks: ``unless`` over its clauses (the parts'
        own words included, since the parts say what is required), then a
        negator before any part but a condition: 我们不会联系您的家人."""
        sid = signal.id
        clause_start, clause_end = _clause(text, start, end)
        excluded = self.unless.get(sid)
        if excluded is not None:
            lo, hi = (0, len(text)) if signal.scope == "message" else (clause_start, clause_end)
            if excluded.search(text[lo:hi]):
                return False
        excluded = self.unless_message.get(sid)
        if excluded is not None and excluded.search(text):
            return False
        if not signal.negatable or self.negator_re is None:
            return True
        for at in match.negation_at:
            c_start, c_end = _clause(text, at, at)
            if self.negator_re.search(text[max(c_start, at - _NEGATION_REACH):at]) is None:
                continue
            tokens, bounds = self._segmented(text[c_start:c_end])
            local = at - c_start
            before = [token for token, b in zip(tokens, bounds, strict=False)
                      if b + len(token) <= local and b >= local - _NEGATION_REACH]
            if self._negated(before):
                return False
        return True

    def _segmented(self, clause: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The clause's words and where each starts, then its length; kept for the
        next message with the same clause."""
        known = self._clauses.get(clause)
        if known is None:
            tokens = tuple(self.segmenter.cut(clause))
            starts = [0]
            for token in tokens:
                starts.append(starts[-1] + len(token))
            if len(self._clauses) >= _CLAUSES_KEPT:
                self._clauses.clear()
            known = self._clauses[clause] = (tokens, tuple(starts))
        return known

    def _negated(self, before: list[str]) -> bool:
        """Is the match negated by a word before it in the same clause?

        Walking back from the match over the few words before it (``before``
        holds only those within reach): a negator answers yes, and a breaker
        (就, 会, 否则, 还钱, 的话 …) answers no, because the negation, if any,
        belongs to the condition and not to the threat: 不还钱*就*联系你家人,
        but 我们不会在任何情况下联系您的家人.
        """
        for token in reversed(before):
            if token in self.breakers:
                return False
            if token in self.negators:
                return True
        return False


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: between clause punctuation, and at
    most ``_CLAUSE_REACH`` characters either side (a 10 MB line is not a clause)."""
    clause_start = max(0, start - _CLAUSE_REACH)
    before = _LAST_CLAUSE_END.match(text, clause_start, start)
    if before is not None:
        clause_start = before.end()
    after = _CLAUSE_END.search(text, end, end + _CLAUSE_REACH)
    return clause_start, after.start() if after else min(len(text), end + _CLAUSE_REACH)


