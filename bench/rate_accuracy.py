"""How well `overdue rate` reads real loans and agrees with the rates their sources state.

Why this exists: the worked examples in ``rate/examples.yaml`` are our own loans;
this measures the tool on loans published by courts, newspapers and complaint
round-ups (``tests/data/rate_real_cases.jsonl``, facts restated in our own words,
see ``tests/data/rate_real_cases.md``). Each case's ``split`` was fixed before any
result was seen (index mod 3 == 0: test); the parsers may be tuned on the tuning
part only, never on the test part.

For each case the loan is built the way the CLI builds it (``build_loan`` on the
flags as text, the money arriving on the signing day) and assessed
(``assess_rate``). Per part it prints how many cases the tool could read at all
and, for those whose source states a rate, how many agree with it.

Which figure is compared (the "comparable" one):
  * ``simple`` (a 月息/日息 or a flat 年化 the source works out by hand): the tool's
    simple annual rate on the principal still owed (``RateAssessment.simple``);
  * ``apr`` or ``irr`` (an IRR-based 年化, a contract's annual rate): the tool's APR;
  * ``unknown`` (年化 with no method): the simple rate or the APR, whichever is
    nearer, and the script says which.
  A daily figure (``per: day``) is multiplied by 365 first.
They agree when within 2 percentage points or 5% of the stated figure.

For each disagreement it names the likeliest reason by recomputing the stated
figure under the conventions sources use (the rate on the contract's principal
rather than on what arrived, all charges counted; a flat rate, charges / principal x 365 / days; the
loan without its fees; a slip by a factor of ten); none fitting is "unexplained".

Usage:
    python bench/rate_accuracy.py [--show tune|test]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "tests" / "data" / "rate_real_cases.jsonl"
TODAY = date(2026, 12, 5)  # fixed, so a run next year reads the same days
ABS_TOLERANCE = 2.0  # percentage points
REL_TOLERANCE = 0.05


def read_cases(path: Path = DATA) -> list[dict[str, Any]]:
    """The real cases, one JSON object a line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def agrees(tool: float, stated: float) -> bool:
    """Within 2 percentage points, or within 5% of the stated figure."""
    return abs(tool - stated) <= ABS_TOLERANCE or abs(tool - stated) <= REL_TOLERANCE * abs(stated)


def stated_annual(stated: dict[str, Any]) -> float:
    """The stated figure as a percentage a year (a daily one times 365)."""
    value = float(stated["value"])
    return value * 365 if stated.get("per") == "day" else value


@dataclass
class Result:
    """One case measured: read or not (``error`` is the catalogue key), the tool's
    figures in percent, and, when a rate is stated, the comparison."""

    case: dict[str, Any]
    error: str | None = None
    simple: float | None = None
    apr: float | None = None
    ear: float | None = None
    stated: float | None = None
    compared: str | None = None
    tool: float | None = None
    agree: bool | None = None
    reason: str | None = None
    alternatives: dict[str, float] = field(default_factory=dict)


def _inputs(facts: dict[str, Any], **changes: Any) -> Any:
    from overdue_cli.rate import RateInputs

    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in facts.items()
              if k != "signed"}
    fields.update(changes)
    return RateInputs(**fields)


def _signed(facts: dict[str, Any]) -> date | None:
    return date.fromisoformat(facts["signed"]) if facts.get("signed") else None


def _pct(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value) * 100


def _alternatives(case: dict[str, Any], loan: Any) -> dict[str, float]:
    """The case's rate under the conventions sources use, in percent a year."""
    from overdue_cli.rate import annual_cost, build_loan

    facts = case["facts"]
    found: dict[str, float] = {}
    days = max((loan.flows[-1].day - loan.received_on).days, 1)
    charges = float(loan.paid - loan.received)
    found["flat on what arrived"] = charges / float(loan.received) * 365 / days * 100
    if loan.contract_principal is not None:  # (kept-back money counted as a charge)
        found["flat on the contract's principal"] = (charges / float(loan.contract_principal)
                                                     * 365 / days * 100)
    if facts.get("fee") or facts.get("fee_each") or facts.get("contract"):
        base = facts.get("contract") or facts.get("received")
        try:
            bare = build_loan(_inputs(facts, fee=None, fee_each=None, contract=None,
                                      received=base), _signed(facts) or TODAY, TODAY)
            found["APR without the fees and kept-back money"] = float(annual_cost(bare).apr) * 100
        except Exception:  # (a variant the tool cannot build is simply not offered)
            pass
    return found


def _reason(result: Result) -> str:
    """The likeliest reason a stated figure and the tool's differ."""
    assert result.stated is not None and result.tool is not None
    fitting = sorted(((abs(value - result.stated), name, value)
                      for name, value in result.alternatives.items()
                      if agrees(value, result.stated)))
    if fitting:  # (the closest: at low rates 2 points can admit more than one)
        _, name, value = fitting[0]
        return f"a different convention: the source's figure is the {name} ({value:.2f}%)"
    ratio = result.stated / result.tool if result.tool else 0.0
    for factor in (10.0, 0.1):
        if agrees(result.tool * factor, result.stated):
            return f"the source's arithmetic: off by a factor of {factor:g} (ratio {ratio:.3g})"
    if result.ear is not None and agrees(result.ear, result.stated):
        return "a different convention: the source's figure is the effective (compounded) rate"
    if not result.alternatives:
        return "unexplained: see the case's note"
    name, value = min(result.alternatives.items(), key=lambda kv: abs(kv[1] - result.stated))
    return f"unexplained: see the case's note (nearest: {name}, {value:.2f}%)"


def measure_case(case: dict[str, Any]) -> Result:
    """Build and assess one case as the CLI would, and compare with its stated rate."""
    from overdue_cli.errors import DataProblem, UsageProblem
    from overdue_cli.rate import assess_rate, build_loan

    facts = case["facts"]
    result = Result(case)
    signed = _signed(facts)
    try:
        loan = build_loan(_inputs(facts), signed or TODAY, TODAY)
        assessed = assess_rate(loan, case.get("lender", "unknown"), signed)
    except (UsageProblem, DataProblem) as problem:
        result.error = problem.key or type(problem).__name__
        return result
    result.simple = _pct(assessed.simple)
    result.apr = _pct(assessed.cost.apr)
    result.ear = _pct(assessed.cost.ear)
    stated = case.get("stated")
    if not stated:
        return result
    result.stated = stated_annual(stated)
    kind = stated["kind"]
    if kind == "simple":
        result.compared, result.tool = "simple", result.simple
    elif kind in ("apr", "irr"):
        result.compared, result.tool = "apr", result.apr
    else:
        assert result.simple is not None and result.apr is not None
        result.compared, result.tool = min(
            (("simple", result.simple), ("apr", result.apr)),
            key=lambda pair: abs(pair[1] - result.stated))  # type: ignore[operator]
    assert result.tool is not None
    result.agree = agrees(result.tool, result.stated)
    if not result.agree:
        result.alternatives = _alternatives(case, loan)
        result.reason = _reason(result)
    return result


def measure(part: str, cases: Iterable[dict[str, Any]] | None = None) -> list[Result]:
    """Every case of one part (``tune`` or ``test``), measured."""
    return [measure_case(c) for c in (read_cases() if cases is None else cases)
            if c["split"] == part]


def summary(results: list[Result]) -> tuple[int, int, int, int]:
    """(cases, read, with a stated rate, agreeing)."""
    read = [r for r in results if r.error is None]
    stated = [r for r in read if r.stated is not None]
    return len(results), len(read), len(stated), sum(bool(r.agree) for r in stated)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:,.2f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", choices=("tune", "test"),
                        help="list every case of this part with the tool's figures")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent / "src"))
    for part in ("tune", "test"):
        results = measure(part)
        total, read, stated, agreeing = summary(results)
        print(f"{part}: {total} cases, {read} read, {stated} with a stated rate, "
              f"{agreeing} agree (within {ABS_TOLERANCE:g} points or "
              f"{REL_TOLERANCE:.0%})")
        for r in results:
            if r.error is not None:
                print(f"    not read: {r.case['id']}: {r.error}")
            elif r.agree is False:
                print(f"    disagrees: {r.case['id']}: stated {_figure(r.stated)} "
                      f"({r.case['stated']['kind']}), tool {r.compared} {_figure(r.tool)}: "
                      f"{r.reason}")
            if args.show == part and r.error is None:
                print(f"      {r.case['id']}: simple {_figure(r.simple)}, APR {_figure(r.apr)}, "
                      f"EAR {_figure(r.ear)}"
                      + (f", stated {_figure(r.stated)} -> {'agrees' if r.agree else 'differs'}"
                         if r.stated is not None else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
