"""`overdue rate` on real published loans (tests/data/rate_real_cases.jsonl), tuning
part only: every case must read (build a loan and be assessed), and agreement with
the sources' stated rates must not fall below what was measured. The test part is
measured by bench/rate_accuracy.py and never asserted on here, so nothing is tuned
to it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AGREEING_FLOOR = 2
"""Tuning cases agreeing with their stated rate when measured (2 of 5; the three
others are a contract-principal convention and two sources' own arithmetic)."""


@pytest.fixture(scope="module")
def bench() -> Any:
    spec = importlib.util.spec_from_file_location("rate_accuracy",
                                                  ROOT / "bench" / "rate_accuracy.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("rate_accuracy", module)  # (dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def test_the_split_is_index_mod_three(bench: Any) -> None:
    cases = bench.read_cases()
    assert [c["index"] for c in cases] == list(range(len(cases)))
    assert len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        assert case["split"] == ("test" if case["index"] % 3 == 0 else "tune")
        assert case["source"].startswith("http") and case["note"]


def test_every_tuning_case_reads(bench: Any) -> None:
    results = bench.measure("tune")
    assert results
    assert [(r.case["id"], r.error) for r in results if r.error is not None] == []


def test_agreement_on_the_tuning_part_holds_its_floor(bench: Any) -> None:
    total, read, stated, agreeing = bench.summary(bench.measure("tune"))
    assert read == total and stated >= 5
    assert agreeing >= AGREEING_FLOOR


def test_every_disagreement_names_a_reason(bench: Any) -> None:
    for result in bench.measure("tune"):
        if result.agree is False:
            assert result.reason
