"""Find the rulebook's signals in one message's text.

Matching is plain string work over the folded text (see textnorm): all terms
of all signals go into one trie-shaped regular expression, so the scan costs
about the same whatever the number of terms; each signal's small patterns run
on their own. The segmenter (jieba) is consulted only around a candidate match,
and only when the answer could change it:

- a short term (``boundary_max`` characters or fewer) must start and end on a
  word boundary: ``法院`` counts in ``法院传票``, not in ``看法院子``;
- a negator (不会, 没有, 请勿 …) before the match, in the same clause and with
  no breaker (就, 会, 否则, 还钱 …) between, cancels it: ``我们不会联系您的家人``;
- ``requires`` / ``unless`` words must / must not appear in the clause (or the
  whole message) for the match to count.

So a message with no candidate never loads jieba at all, and a long message
costs only a few short segmentations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from overdue_cli.regex_trie import trie_regex
from overdue_cli.rulebook import Rulebook
from overdue_cli.scan.segment import JiebaSegmenter, Segmenter
from overdue_cli.scan.textnorm import Folded, Pinyin, fold
from overdue_cli.signals import Signal, expand, pattern_gate

_CLAUSE_END = re.compile(r"[,.!?;:。，！？；：…\n\r]")
_NEGATION_REACH = 14
"""How far before a match (in characters, within the clause) a negator may sit."""
_CLAUSE_REACH = 120


class Hit(NamedTuple):
    """One signal in one message: the words as received and where they are in the
    original text. ``span`` is None for signals not in the text (time, volume)."""

    signal: Signal
    evidence: str
    span: tuple[int, int] | None


class _Lazy:
    """A pattern compiled on first use: most never run on a given message (their
    gate words are absent), and compiling all of them cost a tenth of a start."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled.finditer(text)


class _Candidate(NamedTuple):
    """A possible hit, before the context checks (a tuple: made by the thousand)."""

    signal: Signal
    start: int
    end: int
    short: bool


class Matcher:
    """The compiled text signals of one rulebook."""

    def __init__(self, book: Rulebook, segmenter: Segmenter | None = None) -> None:
        settings = book.scan
        self.pinyin = Pinyin(dict(settings.pinyin), dict(settings.variants)) if settings else None
        self.boundary_max = settings.boundary_max if settings else 0
        self.negators = frozenset(self._fold(w) for w in (settings.negators if settings else ()))
        self.breakers = frozenset(self._fold(w) for w in (settings.breakers if settings else ()))
        self.words = tuple(self._fold(w) for w in (settings.words if settings else ()))
        self._negator_re = _literal_re(self.negators)
        self.signals = tuple(s for s in book.signals if s.is_text)
        self.terms: dict[str, list[Signal]] = {}
        for signal in self.signals:
            for term in signal.terms:
                folded = self._fold(term)
                if folded and signal not in self.terms.setdefault(folded, []):
                    self.terms[folded].append(signal)
        # each pattern runs only on texts that contain one of its leading words
        sets = dict(settings.sets) if settings else {}
        self.patterns = tuple(
            (s, _Lazy(expand(p, sets)), self._gate(p, sets))
            for s in self.signals for p in s.patterns)
        self.gate_words = frozenset(w for _, _, gate in self.patterns if gate for w in gate)
        # lawful signals without context checks: their first term always counts
        self._sure = frozenset(s.id for s in self.signals if s.verdict == "lawful"
                               and not (s.negatable or s.requires or s.unless
                                        or s.unless_message))
        self._ungated = tuple(i for i, (_, _, gate) in enumerate(self.patterns) if gate is None)
        self._by_gate: dict[str, tuple[int, ...]] = {}
        for i, (_, _, gate) in enumerate(self.patterns):
            for word in gate or ():
                self._by_gate[word] = (*self._by_gate.get(word, ()), i)
        words = set(self.terms) | self.gate_words
        self._word_re = re.compile(trie_regex(words)) if words else None
        self.requires = {s.id: _literal_re(self._fold(w) for w in s.requires)
                         for s in self.signals if s.requires}
        self.unless = {s.id: _literal_re(self._fold(w) for w in s.unless)
                       for s in self.signals if s.unless}
        self.unless_message = {s.id: _literal_re(self._fold(w) for w in s.unless_message)
                               for s in self.signals if s.unless_message}
        self._segmenter = segmenter

    def _gate(self, pattern: str, sets: dict[str, tuple[str, ...]]) -> frozenset[str] | None:
        """The pattern's leading words, folded like the text (see signals.pattern_gate)."""
        gate = pattern_gate(pattern, sets)
        return frozenset(self._fold(w) for w in gate) if gate else None

    def _fold(self, word: str) -> str:
        return fold(word, self.pinyin).text

    @property
    def segmenter(self) -> Segmenter:
        """jieba, built on first use with every term and negator as a whole word."""
        if self._segmenter is None:
            long_terms, short_terms, other = self.dictionary_words()
            self._segmenter = JiebaSegmenter(long_terms, short_terms, other)
        return self._segmenter

    def dictionary_words(self) -> tuple[list[str], list[str], list[str]]:
        """Words the segmenter needs: long terms (kept whole), short terms (a fair
        chance), and the negators, breakers and extra words."""
        long_terms = sorted(t for t in self.terms if len(t) > self.boundary_max)
        short_terms = sorted(t for t in self.terms if len(t) <= self.boundary_max)
        other = set(self.words) | self.negators | self.breakers
        return long_terms, short_terms, sorted(other)

    def find(self, original: str) -> list[Hit]:
        """The signals in ``original``: one hit (the first) per signal, in text order."""
        folded = self.folded(original)
        text = folded.text
        found: dict[str, Hit] = {}
        clauses: dict[tuple[int, int], list[str]] = {}  # segmented once per message
        for candidate in sorted(self._candidates(text), key=lambda c: (c.start, -c.end)):
            if candidate.signal.id in found or not self._counts(text, candidate, clauses):
                continue
            start, end = folded.span(candidate.start, candidate.end)
            found[candidate.signal.id] = Hit(candidate.signal, original[start:end], (start, end))
        return sorted(found.values(), key=lambda h: (h.span, h.signal.id))

    def folded(self, original: str) -> Folded:
        return fold(original, self.pinyin)

    # -- candidates ----------------------------------------------------------
    def term_spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of the longest term at every position where one starts,
        overlapping ones included (爆你通讯录 and, inside it, 通讯录)."""
        for start, word in self._words_at(text):
            for size in range(len(word), 0, -1):
                if word[:size] in self.terms:
                    yield start, start + size
                    break

    def _words_at(self, text: str) -> Iterator[tuple[int, str]]:
        """(start, longest word) wherever a term or a gate word starts: one search
        loop over one trie serves both."""
        if self._word_re is None:
            return
        search = self._word_re.search
        m = search(text)
        while m is not None:
            yield m.start(), m.group()
            m = search(text, m.start() + 1)

    def _candidates(self, text: str) -> Iterable[_Candidate]:
        chosen = set(self._ungated)
        terms, gates, sure = self.terms, self._by_gate, self._sure
        settled: set[str] = set()
        for start, word in self._words_at(text):
            for size in range(1, len(word) + 1):
                prefix = word if size == len(word) else word[:size]
                indexes = gates.get(prefix)
                if indexes:
                    chosen.update(indexes)
                for signal in terms.get(prefix, ()):
                    if signal.id in settled:
                        continue  # its first term already counts: later ones change nothing
                    if signal.id in sure:
                        settled.add(signal.id)
                    # only signals that can flag a message pay for the boundary test
                    short = size <= self.boundary_max and signal.verdict != "lawful"
                    yield _Candidate(signal, start, start + size, short)
        for index in sorted(chosen):  # file order
            signal, pattern, _ = self.patterns[index]
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    yield _Candidate(signal, m.start(), m.end(), False)

    # -- the checks around a candidate --------------------------------------
    def _counts(self, text: str, c: _Candidate,
                clauses: dict[tuple[int, int], list[str]]) -> bool:
        clause_start, clause_end = _clause(text, c.start, c.end)
        lo, hi = (0, len(text)) if c.signal.scope == "message" else (clause_start, clause_end)
        scope = text[lo:c.start] + "\n" + text[c.end:hi]  # the match itself does not count
        required = self.requires.get(c.signal.id)
        if required is not None and not required.search(scope):
            return False
        excluded = self.unless.get(c.signal.id)
        if excluded is not None and excluded.search(scope):
            return False
        excluded = self.unless_message.get(c.signal.id)
        if excluded is not None and excluded.search(text):
            return False
        lookback = text[max(clause_start, c.start - _NEGATION_REACH):c.start]  # quick test first
        maybe_negated = (c.signal.negatable and self._negator_re is not None
                         and self._negator_re.search(lookback) is not None)
        if not (c.short or maybe_negated):
            return True
        tokens = clauses.get((clause_start, clause_end))
        if tokens is None:
            tokens = clauses[(clause_start, clause_end)] = self.segmenter.cut(
                text[clause_start:clause_end])
        bounds = {clause_start}
        position = clause_start
        before: list[str] = []
        for token in tokens:
            if position + len(token) <= c.start and position >= c.start - _NEGATION_REACH:
                before.append(token)
            position += len(token)
            bounds.add(position)
        if c.short and not (c.start in bounds and c.end in bounds):
            return False
        return not (maybe_negated and self._negated(before))

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
    for m in _CLAUSE_END.finditer(text, clause_start, start):
        clause_start = m.end()
    after = _CLAUSE_END.search(text, end, end + _CLAUSE_REACH)
    return clause_start, after.start() if after else min(len(text), end + _CLAUSE_REACH)


def _literal_re(words: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None
