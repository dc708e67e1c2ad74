"""The worked examples in rate/examples.yaml, each checked against its expected figure
and against a second method written here, independent of the solver (rate/irr.py):
closed forms where a loan has one, else plain bisection on the NPV."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from overdue_cli.errors import DataProblem
from overdue_cli.rate import EVERY, Loan, RateInputs, annual_cost, build_loan, npv, percent

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "overdue_cli" / "rate" / "examples.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))["examples"]
TODAY = date(2026, 12, 5)


def _loan(case: dict[str, Any]) -> Loan:
    fields = dict(case["inputs"])
    signed = date.fromisoformat(fields.pop("signed"))
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}
    return build_loan(RateInputs(**fields), signed, TODAY)


def _bisect(f: Any, lo: float, hi: float) -> float:
    f_lo = f(lo)
    for _ in range(300):
        mid = (lo + hi) / 2
        if (f(mid) > 0) == (f_lo > 0):
            lo, f_lo = mid, f(mid)
        else:
            hi = mid
    return (lo + hi) / 2


def _independent(case: dict[str, Any], loan: Loan) -> float:
    """The APR the case's ``check`` method gives, computed without rate/irr.py."""
    flows = loan.flows
    how = case["check"]
    if how == "zero":
        return 0.0
    if how == "closed_form_single":
        got, back = float(flows[0].amount), -float(flows[-1].amount)
        days = (flows[-1].day - flows[0].day).days
        return ((back / got) ** (1 / days) - 1) * 365
    if how == "closed_form_annuity":  # the payment at the published rate rounds to a cent
        rate, n = float(case["published"]) / 12, len(flows) - 1
        payment = float(flows[0].amount) * rate / (1 - (1 + rate) ** -n)
        assert abs(payment + float(flows[1].amount)) < 0.005
        return float(case["published"])
    if how == "bisection_period":
        by_period: dict[int, float] = {}
        for f in flows:
            assert f.period is not None
            by_period[f.period] = by_period.get(f.period, 0.0) + float(f.amount)
        r = _bisect(lambda x: sum(a / (1 + x) ** k for k, a in by_period.items()), -0.5, 10.0)
        assert loan.every is not None
        return r * EVERY[loan.every]
    assert how == "bisection_day"
    start = flows[0].day
    points = [((f.day - start).days, float(f.amount)) for f in flows]
    d = _bisect(lambda x: sum(a / (1 + x) ** t for t, a in points), -0.05, 5.0)
    return d * 365


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_worked_example(case: dict[str, Any]) -> None:
    loan = _loan(case)
    expect = case["expect"]
    if "error" in expect:
        with pytest.raises(DataProblem) as caught:
            annual_cost(loan)
        assert caught.value.key == expect["error"]
        return
    cost = annual_cost(loan)
    assert percent(cost.apr) == expect["apr"]
    if "ear" in expect:
        assert cost.ear is not None and percent(cost.ear) == expect["ear"]
    # (a published rate's payment is rounded to a cent, which moves the APR by ~1e-5)
    slack = 1e-4 if case["check"] == "closed_form_annuity" else 1e-9
    assert math.isclose(float(cost.apr), _independent(case, loan), rel_tol=1e-6, abs_tol=slack)
    # the NPV at the reported daily rate is zero to a cent
    start = loan.flows[0].day
    times = [(f.day - start).days / 365 for f in loan.flows]
    if cost.ear is not None:
        value = npv(times, [float(f.amount) for f in loan.flows], float(cost.ear))
        assert abs(value) < 0.01


def test_every_example_is_described_in_both_languages() -> None:
    assert len({c["id"] for c in CASES}) == len(CASES) >= 8
    for case in CASES:
        assert case["what"]["zh"] and case["what"]["en"]
        assert case["check" if "apr" in case["expect"] else "expect"]

