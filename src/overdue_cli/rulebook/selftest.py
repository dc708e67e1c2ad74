"""Running the rulebook's worked examples (``overdue rules test`` and pytest).

Each rule example states a situation and the verdict expected for each method.
It passes when every expected verdict comes out, when the rule under test fired
for those methods (or did not, with ``fires: false``), and, where given, when
the overall verdict matches. Each signal example is a message that must (or,
under ``no_match``, must not) fire the signal when ``scan`` reads it.

Each topic's example ``questions`` must route back to that topic (what
``overdue explain QUESTION`` answers).

The engine, the scanner and the router are handed in (the rulebook imports
none of them): the CLI passes ``check.assess_example``,
``scan.scanner.fired_on_example``, ``scan.matcher.Matcher`` and
``check.best_topic``. What this module needs of each is spelled out below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from overdue_cli.rulebook.model import Example, ExampleMessage, Frame, Rule, Rulebook, Signal


@dataclass(frozen=True)
class ExampleResult:
    rule_id: str
    index: int
    line: int
    passed: bool
    failures: tuple[str, ...]


class MethodVerdict(Protocol):
    """What the engine says about one method (``check.Finding``)."""

    @property
    def method(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def rule(self) -> Rule: ...
    @property
    def fired(self) -> Sequence[Rule]: ...


class Judgement(Protocol):
    """What the engine says about a situation (``check.Assessment``)."""

    @property
    def verdict(self) -> str | None: ...
    @property
    def findings(self) -> Sequence[MethodVerdict]: ...


Judge = Callable[[Rulebook, Mapping[str, Any]], Judgement]
"""The engine on a worked example's ``situation`` mapping (``check.assess_example``)."""

ScanExample = Callable[[Rulebook, ExampleMessage], Sequence[str]]
"""The ids of the signals ``scan`` fires on an example message, ``repeat``, ``time``
and ``sender`` honoured (``scan.scanner.fired_on_example``)."""


class FrameHit(Protocol):
    """A hit as the matcher reports it (``scan.matcher.Hit``)."""

    @property
    def frame(self) -> str | None: ...
    @property
    def parts(self) -> Sequence[tuple[str, str, tuple[int, int]]]: ...


class TextMatcher(Protocol):
    """The text signals of one rulebook, compiled (``scan.matcher.Matcher``)."""

    def find(self, original: str) -> Sequence[FrameHit]: ...


MakeMatcher = Callable[[Rulebook], TextMatcher]

Route = Callable[[Rulebook, str], str | None]
"""The topic ``overdue explain`` answers for a free-text question, or None
(``check.best_topic``)."""


def run_example(book: Rulebook, rule: Rule, index: int, example: Example,
                judge: Judge) -> ExampleResult:
    result = judge(book, example.situation)
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
                       expected: bool, scan_example: ScanExample) -> ExampleResult:
    """A ``match`` example must fire the signal; a ``no_match`` example must not.

    ``repeat`` sends the message that many times from one sender on one day and
    judges the last one (volume signals); ``time`` and ``sender`` are given to it.
    """
    fired = list(scan_example(book, example))
    failures: list[str] = []
    if (signal.id in fired) != expected:
        state = "fire" if expected else "not fire"
        failures.append(f"expected {signal.id} to {state} on {example.text!r}; "
                        f"fired: {', '.join(fired) or 'nothing'}")
    return ExampleResult(signal.id, index, example.line, not failures, tuple(failures))


def run_frame_examples(book: Rulebook, signal: Signal, frame: Frame,
                       make_matcher: MakeMatcher) -> list[ExampleResult]:
    """A frame's own examples, read by that frame alone (with its signal's context
    checks: unless, negation), so each composition is tested apart from the
    signal's word lists: a ``match`` example must be caught by the frame itself."""
    alone = replace(signal, terms=(), patterns=(), frames=(frame,))
    matcher = make_matcher(replace(book, signals=(alone,)))
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


def run_topic_questions(book: Rulebook, route: Route) -> list[ExampleResult]:
    """Each topic's example questions, routed: each must come back to its topic."""
    out = []
    for topic in book.topics.values():
        for i, question in enumerate(topic.questions):
            got = route(book, question)
            failures = (() if got == topic.id else
                        (f"expected {question!r} to route to {topic.id}, got {got or 'nothing'}",))
            out.append(ExampleResult(f"topic:{topic.id}", i, topic.line, not failures, failures))
    return out


def run_all(book: Rulebook, *, judge: Judge, scan_example: ScanExample,
            make_matcher: MakeMatcher, route: Route | None = None) -> list[ExampleResult]:
    """Every worked example of every rule, signal and frame, in rulebook order, then
    (when ``route`` is given) every topic's example questions."""
    results = [run_example(book, rule, i, ex, judge)
               for rule in book.rules for i, ex in enumerate(rule.examples)]
    for signal in book.signals:
        examples = [(ex, True) for ex in signal.match] + [(ex, False) for ex in signal.no_match]
        results.extend(run_signal_example(book, signal, i, ex, expected, scan_example)
                       for i, (ex, expected) in enumerate(examples))
        for frame in signal.frames:
            results.extend(run_frame_examples(book, signal, frame, make_matcher))
    if route is not None:
        results.extend(run_topic_questions(book, route))
    return results
