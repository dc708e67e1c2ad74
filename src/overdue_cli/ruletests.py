"""Running the rulebook's worked examples (``overdue rules test`` and pytest).

Each example states a situation and the verdict expected for each method. It
passes when every expected verdict comes out, when the rule under test fired
for those methods (or did not, with ``fires: false``), and, where given, when
the overall verdict matches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from overdue_cli.engine import Situation, assess
from overdue_cli.rulebook import Example, Rule, Rulebook


@dataclass(frozen=True)
class ExampleResult:
    rule_id: str
    index: int
    line: int
    passed: bool
    failures: tuple[str, ...]


def situation_from(data: Mapping[str, Any]) -> Situation:
    """Build a Situation from an example's ``situation`` mapping."""
    return Situation(
        days_overdue=data["days"],
        methods=tuple(data.get("methods") or ()),
        hour=data.get("hour"),
        calls_per_day=data.get("calls_per_day"),
        attempts_per_day=data.get("attempts_per_day"),
        unreachable=bool(data.get("unreachable", False)),
        platform=data.get("platform"),
    )


def run_example(book: Rulebook, rule: Rule, index: int, example: Example) -> ExampleResult:
    result = assess(book, situation_from(example.situation))
    by_method = {f.method: f for f in result.findings}
    failures: list[str] = []
    for method, expected in example.expect.items():
        finding = by_method[method]
        if finding.verdict != expected:
            failures.append(f"{method}: expected {expected}, got {finding.verdict} "
                            f"(decided by {finding.rule.id})")
        fired = any(r.id == rule.id for r in finding.fired)
        if method in rule.methods and fired != example.fires:
            state = "fire" if example.fires else "not fire"
            failures.append(f"{method}: expected {rule.id} to {state}")
    if example.overall is not None and result.verdict != example.overall:
        failures.append(f"overall: expected {example.overall}, got {result.verdict}")
    return ExampleResult(rule.id, index, example.line, not failures, tuple(failures))


def run_all(book: Rulebook) -> list[ExampleResult]:
    return [run_example(book, rule, i, ex)
            for rule in book.rules for i, ex in enumerate(rule.examples)]
