"""The scan model: its shipped weights, its loader's errors, and its scores.

The weights file is generated (tools/train_model.py); like the other generated
data, the test pins that the shipped copy is byte for byte what the trainer
writes from the current training messages, so a change to the messages or to
folding cannot leave a stale model behind. The trainer reads the real corpus
from ../shared/data and the test skips, saying why, where it is absent.

A broken weights file must end in one ModelError line naming the file (exit
3), never a traceback; scores must be in [0, 1], deterministic, and their
evidence must point at the text it quotes.
"""

from __future__ import annotations

import base64
import json
import math
import subprocess
import sys
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_cli.errors import EXIT_DATA, ModelError
from overdue_cli.rulebook import Rulebook
from overdue_cli.scan.matcher import Matcher
from overdue_cli.scan.model import Model, default_model_path, load_model

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "data" / "real_messages.jsonl"
TRAINER = ROOT / "tools" / "train_model.py"
SHIPPED = ROOT / "src" / "overdue_cli" / "data" / "scan_model.json"

# Written for these tests (no corpus text is copied here).
THREAT = "再不还钱，我们明天就上门找你，打断你的腿。"
REMINDER = "【星辰银行】您的信用卡本期账单2,318.00元将于12月5日到期，请按时还款，如已还款请忽略。"
TOUT = "网贷逾期不用怕，专业团队帮你停息挂账，先交498元服务费，加微信办理。"
INSULT = "你这个废物，骗子，欠钱不还的垃圾。"


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


@pytest.fixture(scope="module")
def fold(book: Rulebook) -> Callable[[str], str]:
    matcher = Matcher(book)
    return lambda text: matcher.folded(text).text


# -- the shipped file ----------------------------------------------------------


def test_the_shipped_weights_are_what_the_trainer_writes(tmp_path: Path) -> None:
    if not CORPUS.is_file():
        pytest.skip(f"the shared real-message corpus is not at {CORPUS} (the trainer needs "
                    "its tuning part; it is kept beside the repository, never in it)")
    if not TRAINER.is_file():
        pytest.skip(f"the trainer {TRAINER} is not in this tree (an sdist)")
    out = tmp_path / "scan_model.json"
    proc = subprocess.run([sys.executable, str(TRAINER), "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == SHIPPED.read_bytes(), (
        "src/overdue_cli/data/scan_model.json is stale: run python3 tools/train_model.py")


def test_the_shipped_file_is_the_default_and_small(model: Model) -> None:
    assert default_model_path().read_bytes() == SHIPPED.read_bytes()
    assert SHIPPED.stat().st_size < 600_000
    doc = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert doc["format"] == 1 and doc["orders"] == [1, 2, 3]
    assert len(doc["training"]["sha256"]) == 64
    assert 0 < model.threshold < 1
    assert model.heads[0] == "flagged"
    assert "threat_violence" in model.categories and "fee_scam" in model.categories


def test_the_model_is_loaded_once_per_path(model: Model) -> None:
    assert load_model() is model
    assert load_model(SHIPPED) is load_model(SHIPPED)


def test_importing_the_model_loads_nothing_heavy() -> None:
    code = ("import sys, overdue_cli.scan.model as m; m.load_model(); "
            "print(sorted({'jieba', 'numpy', 'typer', 'rich', 'yaml'} & set(sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.strip() == "[]"


# -- a broken file -------------------------------------------------------------


def _document() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def _with(**changes: object) -> bytes:
    doc = _document()
    doc.update(changes)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _weights(cut: int) -> bytes:
    doc = _document()
    doc["weights"] = doc["weights"][:-cut]
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _text_replaced(old: str, new: str) -> bytes:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


def _short_weights() -> bytes:
    doc = _document()
    raw = base64.b64decode(doc["weights"])[:-11]
    doc["weights"] = base64.b64encode(raw).decode("ascii")
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _duplicate_gram() -> bytes:
    doc = _document()
    unigrams = doc["grams"][0]
    doc["grams"][0] = unigrams[0] + unigrams[0] + unigrams[2:]
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


CORRUPTIONS: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "not JSON": lambda: b"weights, please",
    "truncated": lambda: SHIPPED.read_bytes()[:5000],
    "not UTF-8": lambda: b'{"format": 1, "about": "\xff\xfe"}',
    "a list": lambda: b"[1, 2, 3]",
    "format 2": lambda: _with(format=2),
    "no format": lambda: _with(format=None),
    "other orders": lambda: _with(orders=[1, 2]),
    "no heads": lambda: _with(heads=[]),
    "heads without flagged": lambda: _with(heads=["insult", "fee_scam"]),
    "threshold 1.5": lambda: _with(threshold=1.5),
    "threshold a string": lambda: _with(threshold="0.5"),
    "NaN bias": lambda: _text_replaced('"bias": [\n  ', '"bias": [\n  NaN, '),
    "Infinity scale": lambda: _text_replaced('"scale": [\n  ', '"scale": [\n  1e999, '),
    "bias too short": lambda: _with(bias=[0.0]),
    "negative scale": lambda: _with(scale=[-1.0] * 11),
    "training a string": lambda: _with(training="yes"),
    "grams missing": lambda: _with(grams=None),
    "bigrams cut by one": lambda: _with(grams=[*_document()["grams"][:1],
                                              _document()["grams"][1][:-1],
                                              _document()["grams"][2]]),
    "duplicate n-gram": _duplicate_gram,
    "weights cut by one character": lambda: _weights(1),
    "weights cut by four characters": lambda: _weights(4),
    "weights not base64": lambda: _with(weights="!!!!"),
    "weights a number": lambda: _with(weights=7),
    "too few weights": _short_weights,
}


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_a_corrupt_file_is_one_model_error_naming_it(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "scan_model.json"
    path.write_bytes(CORRUPTIONS[kind]())
    with pytest.raises(ModelError) as caught:
        load_model(path)
    error = caught.value
    assert error.exit_code == EXIT_DATA
    assert str(path) in error.message
    assert len(error.message.splitlines()) == 1
    assert error.hint and "train_model.py" in error.hint


def test_a_missing_file_is_a_model_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "scan_model.json"
    with pytest.raises(ModelError, match="cannot read the scan model") as caught:
        load_model(path)
    assert str(path) in caught.value.message


def test_a_directory_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        load_model(tmp_path)


def test_a_good_copy_loads(tmp_path: Path, model: Model, fold: Callable[[str], str]) -> None:
    path = tmp_path / "copy.json"
    path.write_bytes(SHIPPED.read_bytes())
    copy = load_model(path)
    assert copy is not model
    assert copy.flag_score(fold(THREAT)) == model.flag_score(fold(THREAT))


# -- scores --------------------------------------------------------------------


def test_a_clear_threat_outscores_a_bank_reminder(model: Model,
                                                  fold: Callable[[str], str]) -> None:
    threat, reminder = model.flag_score(fold(THREAT)), model.flag_score(fold(REMINDER))
    assert threat >= model.threshold > reminder
    assert threat > reminder + 0.5


def test_the_category_follows_the_kind_of_message(model: Model,
                                                  fold: Callable[[str], str]) -> None:
    assert model.opinion(fold(TOUT)).category == "debt_relief_tout"
    assert model.opinion(fold(INSULT)).category == "insult"


def test_evidence_is_the_strongest_non_overlapping_n_grams(model: Model,
                                                           fold: Callable[[str], str]) -> None:
    text = fold(THREAT)
    evidence = model.opinion(text, top=3).evidence
    assert 0 < len(evidence) <= 3
    weights = [e.weight for e in evidence]
    assert weights == sorted(weights, reverse=True) and weights[-1] > 0
    spans = sorted((e.start, e.end) for e in evidence)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert model.opinion(text, top=0).evidence == ()


def test_scores_are_deterministic_across_processes(model: Model,
                                                   fold: Callable[[str], str]) -> None:
    """Set order follows the hash seed; the scores must not (int weights sum exactly)."""
    texts = [fold(t) for t in (THREAT, REMINDER, TOUT, INSULT)]
    here = [repr(model.opinion(t)) for t in texts]
    assert here == [repr(model.opinion(t)) for t in texts]
    code = ("import json, sys; from overdue_cli.scan.model import load_model; m = load_model(); "
            "print(json.dumps([repr(m.opinion(t)) for t in json.loads(sys.stdin.read())]))")
    for seed in ("1", "2"):
        proc = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts),
                              capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed, "PATH": ""})
        assert json.loads(proc.stdout) == here


ALPHABET = st.sampled_from(list("还钱你家全让死腿法院逾期通讯录0123456789，。！? ab【】"))
ANY = st.characters(exclude_categories=())  # lone surrogates too (a GBK file name's bytes)


@settings(max_examples=150, deadline=None)
@given(st.text(ALPHABET, max_size=60) | st.text(ALPHABET | ANY, max_size=60),
       st.integers(min_value=0, max_value=8))
def test_any_text_scores_in_range_with_evidence_in_the_text(model: Model, text: str,
                                                           top: int) -> None:
    score = model.flag_score(text)
    assert 0.0 <= score <= 1.0 and math.isfinite(score)
    opinion = model.opinion(text, top=top)
    assert opinion.score == score
    assert opinion.category in model.categories
    assert 0.0 <= opinion.category_score <= 1.0
    assert len(opinion.evidence) <= top
    for e in opinion.evidence:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.ngram
        assert e.weight > 0
