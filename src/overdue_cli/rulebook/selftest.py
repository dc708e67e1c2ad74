"""Running the rulebook's worked examples (``overdue rules test`` and pytest).

Each rule example states a situation and the verdict expected for each method.
It passes when every expected verdict comes out, when the rule under test fired
for those methods (or did not, with ``fires: false``), and, where given, when
the overall verdict matches. Each signal example is a message that must (or,
under ``no_match``, must not) fire the signal when ``scan`` reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from overdue_cli.check import Situation, assess
from overdue_cli.rulebook.load import Example, Rule, Rulebook
from overdue_cli.rulebook.signals import ExampleMessage, Frame, Signal


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
        lender=data.get("lender", "unknown"),
        on=_day(data.get("today")),
        last_due=_day(data.get("last_due")),
        last_contact=_day(data.get("last_contact")),
    )


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


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


def run_signal_example(book: Rulebook, signal: Signal, index: int, example: ExampleMessage,
                       expected: bool) -> ExampleResult:
    """A ``match`` example must fire the signal; a ``no_match`` example must not.

    ``repeat`` sends the message that many times from one sender on one day and
    judges the last one (volume signals); ``time`` and ``sender`` are given to it.
    """
    from datetime import datetime

    from overdue_cli.readers import Record
    from overdue_cli.scan.scanner import Scanner

    scanner = Scanner(book, model=False)  # a rule example tests the rules alone
    time = datetime.fromisoformat(example.time) if example.time else None
    record = Record(example.text, "example", f"line {example.line}", time=time,
                    sender=example.sender)
    result = None
    for _ in range(max(1, example.repeat)):
        result = scanner.scan(record)
    assert result is not None
    fired = [h.signal.id for h in result.hits]
    failures: list[str] = []
    if (signal.id in fired) != expected:
        state = "fire" if expected else "not fire"
        failures.append(f"expected {signal.id} to {state} on {example.text!r}; "
                        f"fired: {', '.join(fired) or 'nothing'}")
    return ExampleResult(signal.id, index, example.line, not failures, tuple(failures))


def run_frame_examples(book: Rulebook, signal: Signal, frame: Frame) -> list[ExampleResult]:
    """A frame's own examples, read by that frame alone (with its signal's context
    checks: unless, negation), so each composition is tested apart from the
    signal's word lists: a ``match`` example must be caught by the frame itself."""
    from dataclasses import replace

    from overdue_cli.scan.matcher import Matcher

    alone = replace(signal, terms=(), patterns=(), frames=(frame,))
    matcher = Matcher(replace(book, signals=(alone,)))
    ident = f"{signal.id}#{frame.name}"
    out = []
    examples = [(ex, True) for ex in frame.match] + [(ex, False) for ex in frame.no_match]
    for i, (example, expected) in enumerate(examples):
        hits = [h for h in matcher.find(example.text) if h.frame == frame.name]
        failures: tuple[str, ...] = ()
        if bool(hits) != expected:
            state = "fire" if expected else "not fire"
            found = "; ".join(f"{role}={words!r}" for h in hits for role, words, _ in h.parts)
            failures = (f"expected frame {ident} to {state} on {example.text!r}"
                        + (f"; parts: {found}" if found else ""),)
        out.append(ExampleResult(ident, i, example.line, not failures, failures))
    return out


def run_all(book: Rulebook) -> list[ExampleResult]:
    results = [run_example(book, rule, i, ex)
               for rule in book.rules for i, ex in enumerate(rule.examples)]
    for signal in book.signals:
        examples = [(ex, True) for ex in signal.match] + [(ex, False) for ex in signal.no_match]
        results.extend(run_signal_example(book, signal, i, ex, expected)
                       for i, (ex, expected) in enumerate(examples))
        for frame in signal.frames:
            results.extend(run_frame_examples(book, signal, frame))
    return results
