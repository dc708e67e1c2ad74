"""A question in the borrower's own words -> the topics (or methods) it is about, ranked.

Why: people do not type topic ids. ``overdue explain 催收说要抓我`` or ``will I go to
jail`` should find the lawsuit topic, and ``check -m 打电话给我妈`` should read as a
call to a third party, not as an ordinary call. Pure: no printing, no I/O.

How: each topic is a bag of weighted features taken from its id, aliases,
``keywords`` (with their weights), title, question and example ``questions``:

- ``t:`` a whole term (id, alias, keyword) found inside the question, folded;
- ``w:`` a word: jieba-style segmentation (``text.DagSegmenter``, with every
  term as a word) for Chinese, lower-cased and lightly stemmed for English;
- ``b:`` a Chinese character bigram (catches what segmentation splits oddly).

Text is folded as ``scan`` folds it (``text.fold``: full width, case,
Traditional → Simplified). A question scores, against each topic, the sum over
its distinct features of idf × a BM25 saturation of the topic's weight for it.
An exact id or alias is answered first without building anything: the router,
and the segmenter's dictionary, are built on the first free-text question only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from overdue_cli.rulebook import Rulebook
from overdue_cli.text import fold, fold_key

EXACT = 1000.0
"""The score of an exact id or alias: above anything the features can add up to."""
THRESHOLD = 2.0
"""Below this best score nothing fits: one distinctive word (坐牢, jail) is above it."""
CLOSE = 0.75
"""A runner-up scoring at least this share of the best is close: worth naming too."""
FITS = 0.3
"""A method candidate scoring at least this share of the best also fits the words
(``route_method``): a milder one is never picked over a stricter one that fits."""

_K1 = 1.2
_B = 0.5
_TERM = 1.5
"""The weight of an id or alias as a term; a keyword brings its own weight."""
_BIGRAM = 0.4
_QUERY_WEIGHT = {"w": 1.0, "b": 0.5}
"""A word's and a bigram's weight in the question; a term found in it weighs its
own weight over an alias's (a keyword of weight 3 counts twice an alias)."""

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+")

_STOP_ZH = (
    "的 了 吗 嘛 呢 吧 啊 呀 么 哦 哈 我 你 他 她 它 们 我们 你们 他们 是 不 会 要 说 在 有 "
    "和 与 就 都 也 还 这 那 个 这个 那个 怎么 怎么办 怎样 办 什么 会不会 能不能 可以 是不是 "
    "请问 一下 现在 已经 如果 因为 所以 真的 该 能 被 把 给 让 对 到 去 来 啥 咋 没 没有 "
    "不会 还是 或者 自己 一个 人 就是 但是 而且 然后 好 很 太 又 再 着 过 之 后")
STOP_ZH = frozenset(_STOP_ZH.split())
"""Words that say nothing about the topic (folded, Simplified)."""
_STOP_EN = (
    "the a an i my me mine you your we our they them their he she his her it its is are am "
    "be been was were will would can could should shall do does did doing to of in on at for "
    "and or not no with from by about this that these those there what how why when who "
    "which if so as just get got have has had any some all up out into than then too very "
    "really im ive dont doesnt cant wont still also")
STOP_EN = frozenset(_STOP_EN.split())
"""English words that say nothing about the topic."""


class Ranked(NamedTuple):
    """One candidate (a topic or method id) and its score."""

    id: str
    score: float


@dataclass(frozen=True)
class Routed:
    """The candidates for one question, best first (only those scoring above 0)."""

    question: str
    ranked: tuple[Ranked, ...]

    @property
    def exact(self) -> bool:
        """Was the question an id or alias (no guessing involved)?"""
        return bool(self.ranked) and self.ranked[0].score >= EXACT

    @property
    def best(self) -> str | None:
        """The best topic, or None when nothing fits (best score below THRESHOLD)."""
        if not self.ranked or self.ranked[0].score < THRESHOLD:
            return None
        return self.ranked[0].id

    def also(self, limit: int = 2) -> tuple[str, ...]:
        """Runners-up that score close to the best (CLOSE), at most ``limit``."""
        if self.best is None or self.exact:
            return ()
        top = self.ranked[0].score
        return tuple(r.id for r in self.ranked[1:1 + limit] if r.score >= CLOSE * top)


@dataclass(frozen=True)
class Entry:
    """What one topic or method offers the router: terms with weights, and texts."""

    id: str
    terms: tuple[tuple[str, float], ...]
    texts: tuple[str, ...]


class Router:
    """Ranks entries (topics or methods) for a free-text question."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        from overdue_cli.text import DagSegmenter

        items = list(entries)
        terms = {fold(word).text: 0.0 for e in items for word, _ in e.terms}
        words = [t for t in terms if _CJK_RUN.fullmatch(t)]
        self._segmenter = DagSegmenter([w for w in words if len(w) > 2],
                                       [w for w in words if len(w) <= 2])
        self._terms: dict[str, tuple[float, bool]] = {}
        """folded term -> (its query weight: the highest weight any entry gives it over
        an alias's, and is it all Latin: matched on word boundaries)."""
        self._bags: dict[str, dict[str, float]] = {}
        for entry in items:
            bag: dict[str, float] = {}
            for word, weight in entry.terms:
                term = fold(word).text.strip()
                if not term:
                    continue
                known = self._terms.get(term, (0.0, False))[0]
                self._terms[term] = (max(known, weight / _TERM), not _CJK_RUN.search(term))
                _add(bag, "t:" + term, weight)
                for feature, w in self._features(term):
                    _add(bag, feature, weight * w)
            for text in entry.texts:
                for feature, w in self._features(fold(text).text):
                    _add(bag, feature, w)
            self._bags[entry.id] = bag
        n = len(self._bags) or 1
        df: dict[str, int] = {}
        for bag in self._bags.values():
            for feature in bag:
                df[feature] = df.get(feature, 0) + 1
        self._idf = {f: math.log(1 + (n - d + 0.5) / (d + 0.5)) for f, d in df.items()}
        sizes = {i: sum(bag.values()) for i, bag in self._bags.items()}
        mean = sum(sizes.values()) / n or 1.0
        self._norm = {i: _K1 * (1 - _B + _B * size / mean) for i, size in sizes.items()}

    def _features(self, folded: str) -> list[tuple[str, float]]:
        """Word and bigram features of folded text, each once per occurrence."""
        out: list[tuple[str, float]] = []
        for word in _LATIN_WORD.findall(folded):
            if word not in STOP_EN:
                out.append(("w:" + _stem(word), 1.0))
        for run in _CJK_RUN.findall(folded):
            out.extend(("w:" + w, 1.0) for w in self._segmenter.cut(run) if w not in STOP_ZH)
            out.extend(("b:" + run[i:i + 2], _BIGRAM) for i in range(len(run) - 1)
                       if not (run[i] in STOP_ZH and run[i + 1] in STOP_ZH))
        return out

    def query_features(self, question: str) -> dict[str, float]:
        """The question's distinct features and their query weights."""
        folded = fold(question).text
        found = {f: _QUERY_WEIGHT[f[0]] for f, _ in self._features(folded)}
        latin = " " + " ".join(_LATIN_WORD.findall(folded)) + " "
        for term, (weight, is_latin) in self._terms.items():
            if (f" {term} " in latin) if is_latin else (term in folded):
                found["t:" + term] = weight
        return found

    def rank(self, question: str) -> tuple[Ranked, ...]:
        """Every entry with a score above 0, best first (ties: rulebook order)."""
        features = self.query_features(question)
        scores = []
        for order, (ident, bag) in enumerate(self._bags.items()):
            norm = self._norm[ident]
            score = 0.0
            for feature, q in features.items():
                x = bag.get(feature)
                if x:
                    score += q * self._idf[feature] * x * (_K1 + 1) / (x + norm)
            if score > 0:
                scores.append((-score, order, ident))
        scores.sort()
        return tuple(Ranked(ident, -neg) for neg, _, ident in scores)


def _add(bag: dict[str, float], feature: str, weight: float) -> None:
    bag[feature] = bag.get(feature, 0.0) + weight


def _stem(word: str) -> str:
    """jailed, jails -> jail; calls -> call (enough for short questions)."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def topic_entries(book: Rulebook) -> list[Entry]:
    """Each topic as the router sees it."""
    return [Entry(t.id, ((t.id, _TERM), *((a, _TERM) for a in t.aliases), *t.keywords),
                  (t.title.zh, t.title.en, t.question.zh, t.question.en, *t.questions))
            for t in book.topics.values()]


def method_entries(book: Rulebook) -> list[Entry]:
    """Each collection method as the router sees it (names, aliases, keywords)."""
    return [Entry(m.id, ((m.id, _TERM), *((a, _TERM) for a in m.aliases), *m.keywords),
                  (m.name.zh, m.name.en))
            for m in book.methods.values()]


_ROUTERS: dict[tuple[int, str], tuple[Rulebook, Router]] = {}


def router_for(book: Rulebook, kind: str) -> Router:
    """The book's topic (``kind="topics"``) or method router, built on first use."""
    cached = _ROUTERS.get((id(book), kind))
    if cached is not None and cached[0] is book:
        return cached[1]
    router = Router(topic_entries(book) if kind == "topics" else method_entries(book))
    _ROUTERS[(id(book), kind)] = (book, router)
    return router


def _exact(index: Mapping[str, str], question: str) -> str | None:
    """An id or alias, typed as it is or in Traditional characters (cheap: no OpenCC)."""
    return index.get(fold_key(question)) or index.get(fold_key(fold(question).text))


def route_topic(book: Rulebook, question: str) -> Routed:
    """The topics ``question`` is about, best first; an id or alias is exact."""
    hit = _exact(book.topic_index, question)
    if hit is not None:
        return Routed(question, (Ranked(hit, EXACT),))
    return Routed(question, router_for(book, "topics").rank(question))


def route_method(book: Rulebook, words: str) -> Routed:
    """The collection methods a phrase (``打电话给我妈``) names, best first."""
    hit = _exact(book.method_index, words)
    if hit is not None:
        return Routed(words, (Ranked(hit, EXACT),))
    return Routed(words, router_for(book, "methods").rank(words))


def best_topic(book: Rulebook, question: str) -> str | None:
    """The topic ``overdue explain QUESTION`` answers, or None (the self-test's router)."""
    return route_topic(book, question).best
