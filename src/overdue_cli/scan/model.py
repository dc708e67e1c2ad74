"""A learned second opinion on one message: a small linear model over character n-grams.

Why: the rulebook explains itself, but it only knows the wordings someone wrote
a signal for. Like SpamAssassin's Bayes score beside its hand-written rules,
this model scores the *folded* text (see textnorm; the same text the matcher
reads) with weights learned from the labelled messages, so a threat phrased in
a way no rule names still gets a high score. It never replaces the rules: the
scanner decides how to show it.

The model (trained by ``tools/train_model.py``; its docstring says how):

- features: the distinct 1-, 2- and 3-character n-grams of the folded text,
  with every ASCII digit read as ``0`` (an amount, date or phone number then
  says "a number here", not which one); presence only, not counts, so a
  message that repeats 还款 five times is not five times as lawful;
- heads: logistic regressions sharing that vocabulary. ``flagged`` says how
  likely the message is unlawful or a scam; one head per flagging category
  (threat_violence, fee_scam, …) says which kind it most looks like;
- weights: int8 with one scale per head, so a score is an exact integer sum
  times a scale, the same on every machine.

The weights file ships as package data (``data/scan_model.json``). This module
is imported lazily (never at CLI start-up) and uses the standard library only.
``flag_score`` is the hot path: one ``dict.get`` per distinct n-gram, all in C
loops (``map``, ``set``), a few microseconds for an SMS.
"""

from __future__ import annotations

import binascii
import functools
import json
import math
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add
from pathlib import Path
from typing import Any, TypeGuard

from overdue_cli.errors import ModelError

FORMAT = 1
"""The weights file's format version; a file of any other version is refused."""
ORDERS = (1, 2, 3)
FLAG_HEAD = "flagged"
DIGITS = str.maketrans("123456789", "000000000")
"""Every ASCII digit reads as 0 (folding has already made full-width digits ASCII)."""
_NONZERO = re.compile("[1-9]")
"""``str.translate`` costs ~2 µs on Chinese text: run it only when there is a digit to map."""
MAX_Z = 60.0
_WORDY = re.compile(r"[\w]+")
"""Evidence n-grams are letters, digits or CJK characters only (no 你， or ，不)."""


def grams(folded: str) -> set[str]:
    """The model's features of a folded text: its distinct 1-3 grams, digits as ``0``.

    The one definition of the features, shared by training and scoring.
    """
    text = folded.translate(DIGITS) if _NONZERO.search(folded) else folded
    pairs = list(map(add, text, text[1:]))
    return set().union(text, pairs, map(add, pairs, text[2:]))


def sigmoid(z: float) -> float:
    """The logistic function, without overflow for any finite ``z``."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-min(z, MAX_Z)))
    e = math.exp(max(z, -MAX_Z))
    return e / (1.0 + e)


@dataclass(frozen=True)
class Evidence:
    """One n-gram that pushed the score up: its text, span in the folded text, and weight."""

    ngram: str
    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class Opinion:
    """The model's view of one message.

    ``score``: the flag head's probability-like score (compare with
    ``Model.threshold``); ``category``: the flagging category whose head scores
    highest, with that head's score; ``evidence``: the n-grams that raised the
    flag score most.
    """

    score: float
    category: str
    category_score: float
    evidence: tuple[Evidence, ...]


class Model:
    """The decoded weights: a flag head for the fast path, category heads on demand."""

    threshold: float
    """Flag at ``flag_score >= threshold``: chosen on out-of-fold scores (see the trainer)."""

    def __init__(self, document: object, name: str = "<model>") -> None:
        """Check and decode a parsed weights file; ``name`` is the file, for errors."""
        doc = _check(document, name)
        self.name = name
        self.threshold = doc["threshold"]
        self.heads: tuple[str, ...] = tuple(doc["heads"])
        self.categories = self.heads[1:]
        self.digest: str = doc["training"].get("sha256", "")
        self._bias: tuple[float, ...] = tuple(doc["bias"])
        self._scale: tuple[float, ...] = tuple(doc["scale"])
        self._grams: list[str] = doc["_grams"]
        self._weights: array[int] = doc["_weights"]
        size = len(self._grams)
        self._flag = dict(zip(self._grams, self._weights[:size], strict=True))
        if len(self._flag) != size:
            raise ModelError(name, "not a valid scan model: an n-gram is listed twice")
        self._flag_get = self._flag.get
        self._flag_bias = self._bias[0]
        self._flag_scale = self._scale[0]
        self._heads: list[tuple[float, float, Callable[..., int]]] | None = None

    def flag_score(self, folded: str) -> float:
        """The flag head's score of a folded text, 0..1: the fast path.

        ``grams`` written out inline (a call less), then one ``dict.get`` per
        distinct n-gram; the sum is of int8 weights, so exact.
        """
        if _NONZERO.search(folded):
            folded = folded.translate(DIGITS)
        pairs = list(map(add, folded, folded[1:]))
        found = set().union(folded, pairs, map(add, pairs, folded[2:]))
        total = sum(map(self._flag_get, found, repeat(0)))
        return sigmoid(self._flag_bias + self._flag_scale * total)

    def opinion(self, folded: str, top: int = 5) -> Opinion:
        """Score, most likely category and the ``top`` strongest pieces of evidence."""
        text = folded.translate(DIGITS) if _NONZERO.search(folded) else folded
        found = grams(text)
        flag_get = self._flag_get
        score = sigmoid(self._flag_bias + self._flag_scale * sum(map(flag_get, found, repeat(0))))
        scores = [sigmoid(bias + scale * sum(map(get, found, repeat(0))))
                  for bias, scale, get in self._category_heads()]
        best = max(range(len(scores)), key=scores.__getitem__)  # the first of equals
        if top <= 0:
            return Opinion(score, self.categories[best], scores[best], ())
        # (weight, first start, length) of each n-gram that raises the flag score
        # evidence a reader can use: words, not a lone character or punctuation
        # (unless nothing else raised the score)
        raising = [(w, text.find(g), len(g)) for g in found if (w := flag_get(g, 0)) > 0]
        wordy = [c for c in raising if c[2] > 1 and _WORDY.fullmatch(text, c[1], c[1] + c[2])]
        raising = wordy or raising
        raising.sort(key=lambda c: (-c[0], c[1], -c[2]))
        return Opinion(score, self.categories[best], scores[best],
                       self._evidence(folded, raising, top))

    def _evidence(self, folded: str, ranked: list[tuple[int, int, int]],
                  top: int) -> tuple[Evidence, ...]:
        """The ``top`` strongest, an n-gram that overlaps one already chosen waiting
        until no non-overlapping one is left (爆通讯录 rather than 爆通讯, 通讯录 and
        讯录 from the same four characters)."""
        chosen: list[tuple[int, int, int]] = []
        later: list[tuple[int, int, int]] = []
        taken = [False] * len(folded)
        for weight, start, size in ranked:
            if len(chosen) == top:
                break
            if any(taken[start:start + size]):
                later.append((weight, start, size))
                continue
            chosen.append((weight, start, size))
            taken[start:start + size] = [True] * size
        chosen.extend(later[:top - len(chosen)])
        scale = self._flag_scale
        return tuple(Evidence(folded[start:start + size], start, start + size,
                              round(weight * scale, 4))
                     for weight, start, size in chosen)

    def _category_heads(self) -> list[tuple[float, float, Callable[..., int]]]:
        """(bias, scale, n-gram → weight) of each category head, built on first use;
        each dictionary holds only that head's non-zero weights."""
        if self._heads is None:
            size = len(self._grams)
            self._heads = []
            for h in range(1, len(self.heads)):
                column = self._weights[h * size:(h + 1) * size]
                weights = dict(compress(zip(self._grams, column, strict=True), column))
                self._heads.append((self._bias[h], self._scale[h], weights.get))
        return self._heads


def default_model_path() -> Path:
    """The weights shipped inside the package (beside this module's package: importlib.
    resources is imported only for a zipped install, as it costs start-up time)."""
    here = Path(__file__).resolve().parents[1] / "data" / "scan_model.json"
    if here.is_file():
        return here
    from importlib import resources

    return Path(str(resources.files("overdue_cli") / "data" / "scan_model.json"))


def load_model(path: Path | None = None) -> Model:
    """The model in ``path`` (default: the packaged weights), read once per path.

    Raises ModelError, one line naming the file, when it is missing or malformed.
    """
    return _load_cached(str(path if path is not None else default_model_path()))


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> Model:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ModelError(path, f"cannot read the scan model ({exc.strerror or exc})") from None
    try:
        document = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise ModelError(path, f"not a valid scan model: bad JSON ({exc})") from None
    return Model(document, path)


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number")


def _check(document: object, name: str) -> dict[str, Any]:
    """The document, validated, with ``_grams`` and ``_weights`` decoded; else ModelError."""

    def fail(problem: str) -> ModelError:
        return ModelError(name, f"not a valid scan model: {problem}")

    if not isinstance(document, dict):
        raise fail("the top level is not an object")
    doc = dict(document)
    if doc.get("format") != FORMAT:
        raise fail(f"format {doc.get('format')!r}, expected {FORMAT}")
    if doc.get("orders") != list(ORDERS):
        raise fail(f"n-gram orders {doc.get('orders')!r}, expected {list(ORDERS)}")
    heads = doc.get("heads")
    if (not isinstance(heads, list) or len(heads) < 2 or heads[0] != FLAG_HEAD
            or not all(isinstance(h, str) and h for h in heads) or len(set(heads)) != len(heads)):
        raise fail(f"heads must be a list starting with {FLAG_HEAD!r} and naming categories")
    threshold = doc.get("threshold")
    if not _finite(threshold) or not 0 < threshold < 1:
        raise fail("threshold must be a number between 0 and 1")
    for key in ("bias", "scale"):
        values = doc.get(key)
        if not isinstance(values, list) or len(values) != len(heads):
            raise fail(f"{key} must list one number per head ({len(heads)})")
        if not all(_finite(v) for v in values):
            raise fail(f"{key} holds a value that is not a finite number")
    if not all(s > 0 for s in doc["scale"]):
        raise fail("every scale must be positive")
    if not isinstance(doc.get("training"), dict):
        raise fail("training must be an object")
    parts = doc.get("grams")
    if not isinstance(parts, list) or len(parts) != len(ORDERS) or not all(
            isinstance(p, str) for p in parts):
        raise fail(f"grams must be {len(ORDERS)} strings, one per n-gram order")
    found: list[str] = []
    for order, part in zip(ORDERS, parts, strict=True):
        if len(part) % order:
            raise fail(f"the {order}-grams string is {len(part)} characters, "
                       f"not a multiple of {order}")
        found.extend(part if order == 1 else re.findall("." * order, part, re.DOTALL))
    encoded = doc.get("weights")
    if not isinstance(encoded, str):
        raise fail("weights must be a base64 string")
    try:
        weights = array("b", binascii.a2b_base64(encoded, strict_mode=True))
    except (binascii.Error, ValueError) as exc:
        raise fail(f"weights are not valid base64 ({exc})") from None
    if len(weights) != len(found) * len(heads):
        raise fail(f"{len(weights)} weights for {len(found)} n-grams × {len(heads)} heads "
                   f"(expected {len(found) * len(heads)})")
    doc["_grams"] = found
    doc["_weights"] = weights
    return doc


def _finite(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
