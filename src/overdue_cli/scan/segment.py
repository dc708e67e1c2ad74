"""Word segmentation behind a small interface, so jieba can be swapped out.

``scan`` finds signal words by plain matching over folded text, then asks the
segmenter about the few characters around a match: does the match start and
end on word boundaries (``法院`` is a word in ``法院传票`` but not in
``看法院子``)? Is the word just before it a negation (``不会联系您的家人``)?

jieba 0.42.1 is unmaintained and slow to start: importing it pulls in
``pkg_resources`` (about 0.1 s) and building its 350,000-word prefix dictionary
takes about a second. :class:`JiebaSegmenter` therefore blocks that import
(jieba then reads its files with plain ``open``), builds the prefix dictionary
from the 20,000 most frequent words shipped in ``data/jieba_small.txt``, adds
every long signal term from the rulebook as a word of high frequency so phrases
like 爆通讯录 and 解冻费 stay whole (short terms such as 法院 keep their ordinary
frequency, so the boundary test stays honest), and never writes jieba's cache file (the tool
writes nothing it was not asked to). Segmentation is always ``HMM=False``:
dictionary-driven and deterministic.
"""

from __future__ import annotations

import functools
import logging
import sys
import warnings
from collections.abc import Iterable
from importlib import resources
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


class JiebaSegmenter:
    """jieba with the trimmed dictionary plus the rulebook's terms."""

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
        return self._tokenizer.lcut(text, HMM=False)


def _import_jieba() -> Any:
    """Import jieba without pkg_resources (slow, deprecated) and without its log lines."""
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
    text = (resources.files("overdue_cli") / "data" / "jieba_small.txt").read_text(
        encoding="utf-8")
    freq: dict[str, int] = {}
    total = 0
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, count = line.split(" ")
        n = int(count)
        freq[word] = n
        total += n
        for end in range(1, len(word)):
            freq.setdefault(word[:end], 0)
    return freq, total
