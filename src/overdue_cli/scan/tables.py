"""The compiled tables of a rulebook's text signals, as the matcher reads them.

Every term and gate word folded like the text, each pattern with the gate words
that decide whether it runs (compiled on first use), each frame compiled, the
context word lists as searches, and the table of every word the automaton is to
find. Why apart from ``matcher``: all this is worked out once per rulebook,
before any text; the matcher is what runs on every message. The automaton is
here too: pyahocorasick, or the pure-Python trie regex where no wheel exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from overdue_cli.rulebook import Rulebook, Signal, expand, pattern_gate
from overdue_cli.scan.frames import CompiledFrame
from overdue_cli.text import Pinyin, fold


class LazyPattern:
    """A pattern compiled on first use: most never run on a given message (their
    gate words are absent), and compiling all of them cost a tenth of a start."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def _compile(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return (self._compiled or self._compile()).finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return (self._compiled or self._compile()).search(text)

    def search_method(self) -> Callable[[str], re.Match[str] | None]:
        """The compiled pattern's own ``search``: no call through this object."""
        return (self._compiled or self._compile()).search


Term = tuple[Signal, bool, bool]
"""One signal a word is a term of, with what is known before any text:
``(signal, short, sure)``. ``short``: needs the boundary test (short, and of a
signal that can flag a message); ``sure``: its first occurrence always counts
(see ``SignalTables.sure``), so later ones change nothing."""

Word = tuple[int, tuple[int, ...], tuple[Term, ...], str | None]
"""What one automaton key stands for: its length, the patterns it gates, the
signals it is a term of, and the word itself when it is a frame's gate word
(None otherwise)."""


class SignalTables:
    """The compiled text signals of one rulebook (the matcher is one of these)."""

    def __init__(self, book: Rulebook) -> None:
        settings = book.scan
        self.pinyin = Pinyin(dict(settings.pinyin), dict(settings.variants)) if settings else None
        self.boundary_max = settings.boundary_max if settings else 0
        self.negators = frozenset(self._fold(w) for w in (settings.negators if settings else ()))
        self.breakers = frozenset(self._fold(w) for w in (settings.breakers if settings else ()))
        self.words = tuple(self._fold(w) for w in (settings.words if settings else ()))
        self.negator_re = literal_re(self.negators)
        """Any negator (folded), longest first; None when the rulebook has none."""
        self.signals = tuple(s for s in book.signals if s.is_text)
        self.terms: dict[str, list[Signal]] = {}
        for signal in self.signals:
            seen: set[str] = set()
            for term in signal.terms:
                folded = self._fold(term)
                if folded and folded not in seen:
                    seen.add(folded)
                    self.terms.setdefault(folded, []).append(signal)
        # each pattern runs only on texts that contain one of its leading words
        sets = dict(settings.sets) if settings else {}
        self.patterns = tuple(
            (s, LazyPattern(expand(p, sets)), self._gate(p, sets))
            for s in self.signals for p in s.patterns)
        self.frames = tuple((s, CompiledFrame(f, sets, self._fold))
                            for s in self.signals for f in s.frames)
        """Each frame runs only when every part's gate words (see CompiledFrame)
        occur: the automaton reports those words too."""
        self.frame_words = frozenset(w for _, f in self.frames for g in f.gates if g for w in g)
        self.frames_always = tuple(i for i, (_, f) in enumerate(self.frames)
                                   if all(g is None for g in f.gates))
        # each frame is looked at only when a word of its most selective part
        # occurs (most messages hold none), and then all its parts are checked
        self.frames_by_word: dict[str, tuple[int, ...]] = {}
        for i, (_, f) in enumerate(self.frames):
            for word in f.gate or ():
                self.frames_by_word[word] = (*self.frames_by_word.get(word, ()), i)
        self.gate_words = frozenset(w for _, _, gate in self.patterns if gate for w in gate)
        # lawful signals without context checks: their first term always counts
        self.sure = frozenset(s.id for s in self.signals if s.verdict == "lawful"
                              and not (s.negatable or s.requires or s.unless
                                        or s.unless_message))
        # signals whose hit counts with no context check unless it is short
        self.plain = frozenset(s.id for s in self.signals if not (
            s.negatable or s.requires or s.unless or s.unless_message))
        self.ungated = tuple(i for i, (_, _, gate) in enumerate(self.patterns) if gate is None)
        self.by_gate: dict[str, tuple[int, ...]] = {}
        for i, (_, _, gate) in enumerate(self.patterns):
            for word in gate or ():
                self.by_gate[word] = (*self.by_gate.get(word, ()), i)
        self.requires = {s.id: literal_re(self._fold(w) for w in s.requires)
                         for s in self.signals if s.requires}
        self.unless = {s.id: literal_re(self._fold(w) for w in s.unless)
                       for s in self.signals if s.unless}
        self.unless_message = {s.id: literal_re(self._fold(w) for w in s.unless_message)
                               for s in self.signals if s.unless_message}
        self.scoped = frozenset(self.requires) | frozenset(self.unless)
        self.overruled = {s.id: frozenset(s.unless_signals) for s in self.signals
                          if s.unless_signals}
        """Signals that do not count when one of their ``unless_signals`` fired."""

    def _gate(self, pattern: str, sets: dict[str, tuple[str, ...]]) -> frozenset[str] | None:
        """The pattern's leading words, folded like the text (see signals.pattern_gate)."""
        gate = pattern_gate(pattern, sets)
        return frozenset(self._fold(w) for w in gate) if gate else None

    def _fold(self, word: str) -> str:
        return fold(word, self.pinyin).text

    def dictionary_words(self) -> tuple[list[str], list[str], list[str]]:
        """Words the segmenter needs: long terms (kept whole), short terms (a fair
        chance), and the negators, breakers and extra words."""
        long_terms = sorted(t for t in self.terms if len(t) > self.boundary_max)
        short_terms = sorted(t for t in self.terms if len(t) <= self.boundary_max)
        other = set(self.words) | self.negators | self.breakers
        return long_terms, short_terms, sorted(other)

    def word_table(self) -> dict[str, Word]:
        """Every term and gate word, with the patterns it gates and the signals it is
        a term of, in the order the rulebook gives them."""
        boundary_max, by_gate, sure = self.boundary_max, self.by_gate, self.sure
        flags = {s.id: (s.verdict != "lawful", s.id in sure) for s in self.signals}
        table: dict[str, Word] = {}
        frame_words = self.frame_words
        for word, signals in self.terms.items():
            short = len(word) <= boundary_max
            table[word] = (len(word), by_gate.get(word, ()), tuple(
                (s, short and flags[s.id][0], flags[s.id][1]) for s in signals),
                           word if word in frame_words else None)
        for word in self.gate_words - self.terms.keys():
            table[word] = (len(word), by_gate[word], (), word if word in frame_words else None)
        for word in frame_words - self.terms.keys() - self.gate_words:
            table[word] = (len(word), (), (), word)
        return table


def build_automaton(table: dict[str, Word]) -> Any:
    """What finds every word of ``table`` in a text, reporting ``(index of the last
    character, table entry)`` per occurrence: an Aho-Corasick automaton, else a
    TrieWords (see the matcher's docstring for why both exist)."""
    try:
        import ahocorasick
    except ImportError:  # no wheel for this Python: the slower, pure-Python way
        return TrieWords(table)
    if not table:
        return NoWords()
    automaton = ahocorasick.Automaton()
    for word, entry in table.items():
        automaton.add_word(word, entry)
    automaton.make_automaton()
    return automaton


class NoWords:
    """The automaton of a rulebook with no terms and no gate words."""

    def iter(self, text: str) -> Iterator[tuple[int, Word]]:
        return iter(())


class TrieWords:
    """What the automaton reports, found with one trie-shaped regular expression:
    searched again one character after each match start, then every prefix of
    the longest word there looked up. Several times slower; see the matcher
    module's docstring for why it is kept."""

    def __init__(self, table: dict[str, Word]) -> None:
        from overdue_cli.text import trie_regex

        self._table = table
        self._search = re.compile(trie_regex(table)).search if table else None

    def iter(self, text: str) -> Iterator[tuple[int, Word]]:
        if self._search is None:
            return
        table, search = self._table, self._search
        m = search(text)
        while m is not None:
            start, longest = m.start(), m.group()
            for size in range(1, len(longest) + 1):
                entry = table.get(longest[:size])
                if entry is not None:
                    yield start + size - 1, entry
            m = search(text, start + 1)


def literal_re(words: Iterable[str]) -> LazyPattern | None:
    """Any of ``words`` (longest first), compiled when first searched: most
    messages never reach the context checks that use it."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return LazyPattern("|".join(map(re.escape, words))) if words else None
