"""Word segmentation behind a small interface, so jieba can be swapped out.

``scan`` finds signal words by plain matching over folded text, then asks the
segmenter about the few characters around a match: does the match start and
end on word boundaries (``法院`` is a word in ``法院传票`` but not in
``看法院子``)? Is the word just before it a negation (``不会联系您的家人``)?

Segmentation is jieba's dictionary-driven mode (``HMM=False``): deterministic,
the most probable path through the words of a dictionary. The dictionary is the
20,000 most frequent words of jieba's, shipped in ``data/jieba_small.txt``, plus
every long signal term from the rulebook as a word of high frequency, so phrases
like 爆通讯录 and 解冻费 stay whole (short terms such as 法院 keep their ordinary
frequency, so the boundary test stays honest).

:class:`DagSegmenter` is what ``scan`` uses: the same algorithm as jieba
0.42.1's ``Tokenizer.cut(HMM=False)`` (same blocks, same word graph, same
arithmetic, so the same words), in this module. jieba itself is unmaintained
and slow to start: importing it pulls in ``pkg_resources`` (about 0.1 s) and its
HMM tables (unused here), and its word graph needs every prefix of every word in
its dictionary, which costs tens of milliseconds to build even for 20,000 words.
DagSegmenter instead keeps the words alone and, for each first character, the
length of its longest word: loading takes a few milliseconds, and a cut is
faster too. :class:`JiebaSegmenter` is jieba with the same dictionary, kept as
the reference the tests hold DagSegmenter equal to. Neither writes a cache file
(the tool writes nothing it was not asked to).
"""

from __future__ import annotations

import functools
import re
import sys
import warnings
from collections.abc import Iterable
from importlib import resources
from math import log
from typing import Any, Protocol


class Segmenter(Protocol):
    """What ``scan`` needs from a word segmenter."""

    def cut(self, text: str) -> list[str]:
        """Split ``text`` into words whose concatenation is ``text``."""
        ...


TERM_FREQ = 2_000_000
"""Frequency given to long signal terms: above any dictionary word, so they stay whole."""
SHORT_TERM_FREQ = 5_000
"""Floor for short terms (法院, 上门): enough to win 会|上门 over 会上|门, not enough
to force 看|法院|子 over 看法|院子, so the boundary test stays honest."""
WORD_FREQ = 20_000
"""Frequency for other words the rulebook adds: an ordinary, common word."""

# jieba 0.42.1's re_han_default, re_skip_default and re_eng, verbatim: the blocks
# it segments, the separators it keeps whole, and the letters it glues together.
_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_REACH = 2
"""Word lengths tried at a character not known to start a longer word: most
words are this short, and recording only the longer ones halves the load."""
_ENG = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _with_rulebook_words(base: dict[str, int], terms: Iterable[str],
                         short_terms: Iterable[str], words: Iterable[str]) -> dict[str, int]:
    """The dictionary's word frequencies with the rulebook's words added, as
    JiebaSegmenter adds them (``base`` is not changed)."""
    freq = dict(base)
    for term in terms:
        if term and term.strip():
            freq[term] = TERM_FREQ
    for word in short_terms:
        if word and word.strip():
            freq[word] = max(freq.get(word) or 0, SHORT_TERM_FREQ)
    for word in words:
        if word and word.strip() and not freq.get(word):
            freq[word] = WORD_FREQ
    return freq


class DagSegmenter:
    """jieba's ``cut(HMM=False)`` over the trimmed dictionary plus the rulebook's terms.

    jieba finds, at each position, every dictionary word starting there (its
    word graph), then the path of words with the highest product of frequencies,
    computed right to left; runs of single ASCII letters or digits are joined.
    The arithmetic is jieba's, in jieba's order, so ties break the same way.
    """

    def __init__(self, terms: Iterable[str], short_terms: Iterable[str] = (),
                 words: Iterable[str] = ()) -> None:
        base, total, longest = _word_counts()
        terms, short_terms, words = list(terms), list(short_terms), list(words)
        self._freq = _with_rulebook_words(base, terms, short_terms, words)
        self._longest = dict(longest)
        for word in (*terms, *short_terms, *words):
            if word and len(word) > self._longest.get(word[0], _REACH):
                self._longest[word[0]] = len(word)
        self._logtotal = log(total)

    def cut(self, text: str) -> list[str]:
        out: list[str] = []
        # split() with one group alternates: text between blocks, a block, ...
        for index, piece in enumerate(_BLOCK.split(text)):
            if not piece:
                continue
            if index % 2:
                self._cut_block(piece, out)
            else:
                for part in _SKIP.split(piece):
                    if _SKIP.match(part):
                        out.append(part)
                    else:
                        out.extend(part)
        return out

    def _cut_block(self, block: str, out: list[str]) -> None:
        """jieba's ``__cut_DAG_NO_HMM``, with ``get_DAG`` and ``calc`` folded in."""
        freq, longest, logtotal = self._freq, self._longest, self._logtotal
        size = len(block)
        score: list[float] = [0.0] * (size + 1)
        until: list[int] = [0] * (size + 1)
        for start in range(size - 1, -1, -1):
            best = -1
            best_score = 0.0
            reach = min(longest.get(block[start], _REACH), size - start)
            for length in range(1, reach + 1):
                count = freq.get(block[start:start + length])
                if count:
                    value = log(count) - logtotal + score[start + length]
                    if best < 0 or value >= best_score:  # a tie goes to the longer word
                        best, best_score = start + length, value
            if best < 0:  # no word here: the character alone, at frequency 1
                best, best_score = start + 1, 0.0 - logtotal + score[start + 1]
            score[start] = best_score
            until[start] = best
        glued = ""
        position = 0
        while position < size:
            end = until[position]
            word = block[position:end]
            if end - position == 1 and word in _ENG:
                glued += word
            else:
                if glued:
                    out.append(glued)
                    glued = ""
                out.append(word)
            position = end
        if glued:
            out.append(glued)


class JiebaSegmenter:
    """jieba itself with the same dictionary: the reference DagSegmenter is held to."""

    def __init__(self, terms: Iterable[str], short_terms: Iterable[str] = (),
                 words: Iterable[str] = ()) -> None:
        jieba = _import_jieba()
        tokenizer = jieba.Tokenizer()
        freq, total = _small_dictionary()
        tokenizer.FREQ = dict(freq)
        tokenizer.total = total
        tokenizer.initialized = True  # skip jieba's own load and its cache file
        for term in terms:
            if term and term.strip():
                tokenizer.add_word(term, TERM_FREQ)
        for word in short_terms:
            if word and word.strip():
                tokenizer.add_word(word, max(tokenizer.FREQ.get(word) or 0, SHORT_TERM_FREQ))
        for word in words:
            if word and word.strip() and not tokenizer.FREQ.get(word):
                tokenizer.add_word(word, WORD_FREQ)
        tokenizer.total = total  # terms must not skew every other word's probability
        self._tokenizer = tokenizer

    def cut(self, text: str) -> list[str]:
        words: list[str] = self._tokenizer.lcut(text, HMM=False)
        return words


def _import_jieba() -> Any:
    """Import jieba without pkg_resources (slow, deprecated) and without its log lines."""
    import logging

    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning on Python 3.12+ (jieba #1050)
            import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)
    return jieba


@functools.cache
def _small_dictionary() -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (word → frequency, prefixes → 0) for the shipped words."""
    words, total, _ = _word_counts()
    freq = dict(words)
    for word in words:
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    return freq, total


@functools.cache
def _word_counts() -> tuple[dict[str, int], int, dict[str, int]]:
    """The shipped words: word → frequency, the frequencies' total (as jieba adds
    them up, a repeated word counted each time), and first character → length of
    the longest word starting with it, where that is more than ``_REACH``."""
    text = (resources.files("overdue_cli") / "data" / "jieba_small.txt").read_text(
        encoding="utf-8")
    fields = " ".join(line for line in text.split("\n") if line and line[0] != "#").split()
    words = fields[0::2]
    counts = list(map(int, fields[1::2]))
    longest = {word[0]: len(word) for word in sorted(
        [word for word in words if len(word) > _REACH], key=len)}
    return dict(zip(words, counts, strict=True)), sum(counts), longest
