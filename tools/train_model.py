"""Train the scan model (``src/overdue_cli/data/scan_model.json``) from labelled messages.

Why: the rulebook names the wordings someone thought of; a small statistical
model over character n-grams, trained on every labelled message we have,
catches threats and scams phrased some other way (SpamAssassin's Bayes beside
its rules). ``overdue_cli.scan.model`` scores with the file this writes; this
script is the only way to make it, and the test suite checks the shipped file
is byte for byte what it writes now.

Training data (re-read on every run):

- the written set ``tests/data/messages.jsonl`` (all of it);
- the *tuning* part of the real set ``../shared/data/real_messages.jsonl``
  (``bench/accuracy.part_of`` splits it by source). Rows of the test part are
  dropped as soon as their source is read: their texts are never folded,
  counted, trained on or used to choose anything. No text is copied into the
  repository: the weights file holds n-grams seen in at least two messages and
  a sha256 of the training inputs.

Features: the distinct 1-3 character n-grams of the text as the scanner folds
it (``Matcher(book).folded(text).text``), digits read as ``0``
(``overdue_cli.scan.model.grams``), kept when they occur in at least 2
training messages.

Heads, logistic regressions over that one vocabulary:

- ``flagged``: 1 for verdict unlawful or scam, 0 for lawful *and* unclear.
  Unclear messages are ones scan must not call unlawful or a scam (in the
  written set: parcel notices, OTP codes, greetings, a property notice that
  says 上门, a bare "在？"): counting them as 0 teaches the model the everyday
  inbox that an SMS export is mostly made of, which excluding them would not.
  The few veiled ones ("你自己看着办吧") cost a little recall at most;
- one per flagging category (threat_violence, threat_shame,
  contacts_disclosure, insult, impersonation, fake_legal, visit_threat,
  fee_scam, debt_relief_tout, harassment_volume), one-vs-rest over all
  messages: 1 when the message carries that category label.

Training: stochastic gradient descent on the log loss, EPOCHS passes, the order
of each pass fixed by sha256 of (epoch, message id); step ETA/(1+epoch) divided
by the message's number of n-grams (so a long message does not take a huge
step), the bias stepping like an n-gram every message has; L2 shrinkage of the
weights each update touches (L2 for the flag head, whose out-of-fold recall it
raised from 83% to 90%; the lighter L2_CATEGORY for the category heads, which
see few positives each); an update is skipped when the head is already within
TOLERANCE of its label. Real tuning messages count REAL_WEIGHT times (they are
the distribution scan meets); a category's positives count CATEGORY_POSITIVE
times (each category is 5-12% of the messages; unweighted, its head rarely
reached 0.5 on a message that had it). These settings were compared on the
out-of-fold figures only. Everything is + - * / on floats, math.fsum (exactly
rounded) and an exp made of those, and no order depends on hashing, so from the
same folded texts the result is the same bytes on every machine, Python version
and PYTHONHASHSEED.
Weights are then quantised to int8 with one scale per head; n-grams whose
weights are all 0 are dropped.

Threshold: FOLDS-fold cross-validation with fixed folds (sha256 of a group
key: a written message's sender when it is a specific number, so one
platform's templates and their Traditional variants stay together; a real
message's source; else its id). Each fold's model is trained, quantised and
pruned exactly as the shipped one and scores only the messages it did not see.
Over those out-of-fold scores of the lawful messages (written and real tuning
together; n of them), with k = floor(MAX_FALSE_ALARM × n) and s the (k+1)-th
highest lawful score, the threshold is the smallest multiple of 0.0001 strictly
above s: the lowest such threshold at which at most k (≤ 5%) out-of-fold
lawful messages score at or above it.

Usage:

    python3 tools/train_model.py            # write the package file
    python3 tools/train_model.py --check    # exit 1 if the shipped file differs
    python3 tools/train_model.py --report   # also print the out-of-fold figures
    python3 tools/train_model.py --out PATH # write elsewhere
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import math
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import part_of  # noqa: E402
from overdue_cli.rulebook import load_rulebook  # noqa: E402
from overdue_cli.scan.matcher import Matcher  # noqa: E402
from overdue_cli.scan.model import FLAG_HEAD, FORMAT, ORDERS, grams  # noqa: E402

RULES = ROOT / "data" / "rules.yaml"
WRITTEN = ROOT / "tests" / "data" / "messages.jsonl"
REAL = ROOT.parent / "shared" / "data" / "real_messages.jsonl"
OUT = ROOT / "src" / "overdue_cli" / "data" / "scan_model.json"

CATEGORIES = ("threat_violence", "threat_shame", "contacts_disclosure", "insult",
              "impersonation", "fake_legal", "visit_threat", "fee_scam",
              "debt_relief_tout", "harassment_volume")
HEADS = (FLAG_HEAD, *CATEGORIES)
FLAGGED = frozenset({"unlawful", "scam"})
MIN_COUNT = 2
EPOCHS = 8
ETA = 2.0
L2 = 0.01
L2_CATEGORY = 0.001
CATEGORY_POSITIVE = 3.0
TOLERANCE = 0.02
REAL_WEIGHT = 2.0
FOLDS = 5
MAX_FALSE_ALARM = 0.05
SEED = "overdue-scan-model-1"


@dataclass(frozen=True)
class Example:
    """One labelled message, folded, with its label for each head."""

    corpus: str
    id: str
    group: str
    text: str
    verdict: str
    categories: frozenset[str]
    weight: float
    grams: frozenset[str]

    def label(self, head: str) -> int:
        if head == FLAG_HEAD:
            return int(self.verdict in FLAGGED)
        return int(head in self.categories)


# ---------------------------------------------------------------------------
# Reading


def read_examples(written: Path, real: Path, rules: Path = RULES) -> list[Example]:
    """The written set and the real set's tuning part, folded as the scanner folds."""
    matcher = Matcher(load_rulebook(rules))
    examples: list[Example] = []
    for row in _rows(written):
        sender = str(row.get("sender") or "")
        group = f"sender:{sender}" if any(c.isdigit() for c in sender) else f"id:{row['id']}"
        examples.append(_example(matcher, "written", row, group, row["categories"], 1.0))
    for row in _rows(real):
        if part_of(row["source"]) != "tuning":
            continue  # the test part: never folded, counted or kept
        examples.append(_example(matcher, "real", row, f"source:{row['source']}",
                                 row["labels"], REAL_WEIGHT))
    return examples


def _rows(path: Path) -> Iterable[dict]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def _example(matcher: Matcher, corpus: str, row: dict, group: str,
             categories: list[str], weight: float) -> Example:
    folded = matcher.folded(row["text"]).text
    return Example(corpus, str(row["id"]), group, row["text"], row["verdict"],
                   frozenset(categories), weight, frozenset(grams(folded)))


def digest(examples: list[Example]) -> str:
    """sha256 of what the model learns from: each example's corpus, id, text and labels."""
    h = hashlib.sha256()
    for e in examples:
        h.update(json.dumps([e.corpus, e.id, e.text, e.verdict, sorted(e.categories),
                             e.weight], ensure_ascii=False).encode("utf-8") + b"\n")
    return h.hexdigest()


# ---------------------------------------------------------------------------
# Training


def _exp(x: float) -> float:
    """exp from + - * / and ldexp only, so training never depends on the C library's exp."""
    k = round(x / 0.6931471805599453)
    r = x - k * 0.6931471803691238 - k * 1.9082149292705877e-10
    term, total = 1.0, 1.0
    for n in range(1, 14):
        term = term * r / n
        total += term
    return math.ldexp(total, k)


def _sigmoid(z: float) -> float:
    z = max(-60.0, min(60.0, z))
    if z >= 0:
        return 1.0 / (1.0 + _exp(-z))
    e = _exp(z)
    return e / (1.0 + e)


@dataclass
class Quantised:
    """A trained model as it ships: vocabulary, int8 weights per head, scales, biases."""

    vocabulary: list[str]
    weights: list[list[int]]  # [head][gram]
    scale: list[float]
    bias: list[float]

    def logits(self, example: Example) -> list[float]:
        """Each head's logit, exactly as overdue_cli.scan.model computes it."""
        index = self._index()
        present = [index[g] for g in example.grams if g in index]
        return [b + s * sum(w[i] for i in present)
                for b, s, w in zip(self.bias, self.scale, self.weights, strict=True)]

    def _index(self) -> dict[str, int]:
        if not hasattr(self, "_cache"):
            self._cache = {g: i for i, g in enumerate(self.vocabulary)}
        return self._cache


def train(examples: list[Example]) -> Quantised:
    """Fit every head by SGD, then quantise to int8 and drop all-zero n-grams."""
    counts: dict[str, int] = {}
    for e in examples:
        for g in e.grams:
            counts[g] = counts.get(g, 0) + 1
    vocabulary = sorted(g for g, c in counts.items() if c >= MIN_COUNT and _storable(g))
    index = {g: i for i, g in enumerate(vocabulary)}
    rows = [sorted(index[g] for g in e.grams if g in index) for e in examples]
    labels = [[e.label(h) for e in examples] for h in HEADS]
    weights = [[0.0] * len(vocabulary) for _ in HEADS]
    bias = [0.0] * len(HEADS)
    fsum = math.fsum
    for epoch in range(EPOCHS):
        eta = ETA / (1 + epoch)
        shrinks = [1.0 - eta * (L2 if h == FLAG_HEAD else L2_CATEGORY) for h in HEADS]
        order = sorted(range(len(examples)), key=lambda i: hashlib.sha256(
            f"{SEED}:{epoch}:{examples[i].corpus}:{examples[i].id}".encode()).digest())
        for i in order:
            x = rows[i]
            if not x:
                continue
            step = eta * examples[i].weight / len(x)
            for h in range(len(HEADS)):
                w = weights[h]
                shrink = shrinks[h]
                error = labels[h][i] - _sigmoid(bias[h] + fsum(map(w.__getitem__, x)))
                if -TOLERANCE < error < TOLERANCE:
                    continue
                g = step * error
                if h and error > 0:
                    g *= CATEGORY_POSITIVE
                bias[h] += g
                for j in x:
                    w[j] = w[j] * shrink + g
    return quantise(vocabulary, weights, bias)


def _storable(gram: str) -> bool:
    """Can the gram go into the UTF-8 weights file (no lone surrogates)?"""
    try:
        gram.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _round(value: float) -> float:
    return float(f"{value:.6g}")


def quantise(vocabulary: list[str], weights: list[list[float]],
             bias: list[float]) -> Quantised:
    scales = [_round(max(max(map(abs, w)), 1e-9) / 127) for w in weights]
    ints = [[max(-127, min(127, round(v / s))) for v in w]
            for w, s in zip(weights, scales, strict=True)]
    keep = [i for i in range(len(vocabulary)) if any(q[i] for q in ints)]
    return Quantised([vocabulary[i] for i in keep], [[q[i] for i in keep] for q in ints],
                     scales, [_round(b) for b in bias])


# ---------------------------------------------------------------------------
# Cross-validation and the threshold


def fold_of(example: Example) -> int:
    return hashlib.sha256(f"{SEED}:{example.group}".encode()).digest()[0] % FOLDS


def out_of_fold(examples: list[Example]) -> list[list[float]]:
    """Each example's head scores from the fold model that did not see it."""
    scores: list[list[float]] = [[] for _ in examples]
    for fold in range(FOLDS):
        model = train([e for e in examples if fold_of(e) != fold])
        for i, e in enumerate(examples):
            if fold_of(e) == fold:
                scores[i] = [_sigmoid(z) for z in model.logits(e)]
    return scores


def choose_threshold(examples: list[Example], scores: list[list[float]]) -> float:
    """The smallest multiple of 0.0001 above the (k+1)-th highest lawful OOF flag score."""
    lawful = sorted((s[0] for e, s in zip(examples, scores, strict=True)
                     if e.verdict == "lawful"), reverse=True)
    allowed = math.floor(MAX_FALSE_ALARM * len(lawful))
    if allowed >= len(lawful):
        return 0.0001
    above = math.floor(lawful[allowed] * 10_000) + 1
    return min(max(above, 1), 9_999) / 10_000


# ---------------------------------------------------------------------------
# Writing


def document(model: Quantised, threshold: float, examples: list[Example]) -> str:
    """The weights file's text: a readable header, then the n-grams and base64 int8 weights."""
    by_order = {n: [g for g in model.vocabulary if len(g) == n] for n in ORDERS}
    order = [g for n in ORDERS for g in by_order[n]]
    position = {g: i for i, g in enumerate(model.vocabulary)}
    packed = array("b", (w[position[g]] for w in model.weights for g in order))
    written = sum(e.corpus == "written" for e in examples)
    doc = {
        "format": FORMAT,
        "about": "overdue scan's learned second opinion; made by tools/train_model.py, "
                 "do not edit",
        "orders": list(ORDERS),
        "heads": list(HEADS),
        "threshold": threshold,
        "bias": model.bias,
        "scale": model.scale,
        "training": {
            "sha256": digest(examples),
            "messages": len(examples),
            "written": written,
            "real_tuning": len(examples) - written,
            "min_count": MIN_COUNT, "epochs": EPOCHS, "eta": ETA, "l2": L2,
            "l2_category": L2_CATEGORY,
            "tolerance": TOLERANCE, "real_weight": REAL_WEIGHT, "folds": FOLDS,
            "max_false_alarm": MAX_FALSE_ALARM, "seed": SEED,
        },
        "grams": ["".join(by_order[n]) for n in ORDERS],
        "weights": base64.b64encode(packed.tobytes()).decode("ascii"),
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def build(written: Path = WRITTEN, real: Path = REAL,
          rules: Path = RULES) -> tuple[str, list[str]]:
    """The weights file's text and the report lines."""
    examples = read_examples(written, real, rules)
    scores = out_of_fold(examples)
    threshold = choose_threshold(examples, scores)
    text = document(train(examples), threshold, examples)
    return text, report(examples, scores, threshold)


def report(examples: list[Example], scores: list[list[float]], threshold: float) -> list[str]:
    """Out-of-fold figures at the chosen threshold."""
    lines = [f"threshold {threshold:.4f} (out-of-fold, {FOLDS} folds, lawful flagged "
             f"at most {MAX_FALSE_ALARM:.0%})"]

    def share(hits: int, total: int) -> str:
        return f"{hits}/{total} = {hits / total:.1%}" if total else "0/0"

    for corpus in ("written", "real", None):
        rows = [(e, s) for e, s in zip(examples, scores, strict=True)
                if corpus is None or e.corpus == corpus]
        name = {"written": "written set", "real": "real tuning part", None: "all"}[corpus]
        flagged = [s[0] >= threshold for _, s in rows]
        bad = [f for (e, _), f in zip(rows, flagged, strict=True) if e.verdict in FLAGGED]
        lawful = [f for (e, _), f in zip(rows, flagged, strict=True) if e.verdict == "lawful"]
        unclear = [f for (e, _), f in zip(rows, flagged, strict=True) if e.verdict == "unclear"]
        lines.append(f"{name}: recall {share(sum(bad), len(bad))}, lawful false alarms "
                     f"{share(sum(lawful), len(lawful))}, unclear flagged "
                     f"{share(sum(unclear), len(unclear))}")
    lines.append("per category (head score >= 0.5, all messages): precision, recall")
    for h, name in enumerate(CATEGORIES, start=1):
        truth = [name in e.categories for e in examples]
        said = [s[h] >= 0.5 for s in scores]
        tp = sum(t and p for t, p in zip(truth, said, strict=True))
        lines.append(f"  {name:<20} precision {share(tp, sum(said)):<18} "
                     f"recall {share(tp, sum(truth))}")
    caught = [(e, s) for e, s in zip(examples, scores, strict=True)
              if s[0] >= threshold and e.categories & set(CATEGORIES)]
    top = sum(CATEGORIES[max(range(len(CATEGORIES)), key=lambda c: s[1 + c])] in e.categories
              for e, s in caught)
    lines.append(f"top category right on flagged messages with a category label: "
                 f"{share(top, len(caught))}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the weights")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if --out differs from what would be written")
    parser.add_argument("--report", action="store_true", help="print the out-of-fold figures")
    parser.add_argument("--written", type=Path, default=WRITTEN, help=argparse.SUPPRESS)
    parser.add_argument("--real", type=Path, default=REAL, help="the shared real-message corpus")
    parser.add_argument("--rules", type=Path, default=RULES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.real.is_file():
        print(f"train_model: the real-message corpus is not at {args.real}", file=sys.stderr)
        return 2
    text, lines = build(args.written, args.real, args.rules)
    if args.report:
        print("\n".join(lines))
    data = text.encode("utf-8")
    if args.check:
        current = args.out.read_bytes() if args.out.is_file() else b""
        if current != data:
            print(f"train_model: {args.out} is stale; run python3 tools/train_model.py",
                  file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
