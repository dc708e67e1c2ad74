"""The real-message corpus is split by source into tuning and test parts (issue 10).

The corpus stays where it was published (../shared/data); these tests read it from
there and skip, saying why, where it is absent. They pin the split itself: fixed,
by source (no page or code file in both parts), and with both parts populated.
The accuracy figures are printed by bench/accuracy.py, not asserted here yet.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import bench_accuracy

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "data" / "real_messages.jsonl"


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    if not CORPUS.is_file():
        pytest.skip(f"the shared real-message corpus is not at {CORPUS} (it is kept beside "
                    "the repository, never in it)")
    return bench_accuracy().load(CORPUS)


def test_the_split_is_by_source_and_fixed(rows: list[dict]) -> None:
    parts: dict[str, set[str]] = {}
    for row in rows:
        parts.setdefault(row["source"], set()).add(row["part"])
    assert all(len(p) == 1 for p in parts.values())
    again = bench_accuracy().load(CORPUS)
    assert [r["part"] for r in again] == [r["part"] for r in rows]


def test_both_parts_hold_every_verdict_that_matters(rows: list[dict]) -> None:
    for part in ("tuning", "test"):
        verdicts = {r["verdict"] for r in rows if r["part"] == part}
        assert {"lawful", "unlawful", "scam"} <= verdicts, (part, verdicts)


def test_the_corpus_texts_are_not_in_the_repository(rows: list[dict]) -> None:
    """Real text stays where it was published: none is pasted into tests or data."""
    texts = [r["text"] for r in rows if len(r["text"]) >= 12]
    for path in [*ROOT.glob("tests/**/*"), *ROOT.glob("data/**/*"), *ROOT.glob("src/**/*")]:
        if path.is_file() and path.suffix in (".py", ".yaml", ".jsonl", ".json", ".txt", ".md"):
            content = path.read_text(encoding="utf-8", errors="ignore")
            pasted = [t[:20] for t in texts if t in content]
            assert not pasted, (path, pasted)
    assert json.loads(CORPUS.read_text(encoding="utf-8").splitlines()[0])["id"]
