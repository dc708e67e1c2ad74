"""What check, explain, methods and the rulebook commands hand their renderers: one
small immutable record per kind of output (the journal's are ``journal_results``).

Why: a renderer is a function of one result and a stream (``render.formats``),
so whatever a renderer needs besides the core's own result object (the
rulebook, the output language) travels with it, and the dispatch picks the
renderer by the record's type and the format asked for. NamedTuples, not
dataclasses: ``check`` builds one on every run, and a frozen dataclass costs
ten times as much to define (start-up is timed, ``bench/startup.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from overdue_cli.check import Assessment, Explanation
    from overdue_cli.errors import Problem
    from overdue_cli.locale import Localizer
    from overdue_cli.rate import RateAssessment
    from overdue_cli.rulebook import ExampleResult, Rulebook


class CheckOutput(NamedTuple):
    """``overdue check``: the assessment of one situation."""

    book: Rulebook
    loc: Localizer
    assessment: Assessment
    brief: bool = False
    """``check --brief``: the summary alone (the JSON is whole either way)."""


class RateOutput(NamedTuple):
    """``overdue rate``: a loan's annual cost against the legal lines."""

    book: Rulebook
    loc: Localizer
    assessment: RateAssessment


class ExplanationOutput(NamedTuple):
    """``overdue explain TOPIC``."""

    book: Rulebook
    loc: Localizer
    explanation: Explanation


class TopicsOutput(NamedTuple):
    """``overdue explain`` with no topic: the list of topics."""

    book: Rulebook
    loc: Localizer


class MethodsOutput(NamedTuple):
    """``overdue methods``: the methods ``check --method`` accepts."""

    book: Rulebook
    loc: Localizer


class RulesOutput(NamedTuple):
    """``overdue rules list``."""

    book: Rulebook
    loc: Localizer


class RuleTestOutput(NamedTuple):
    """``overdue rules test``: every worked example, passed or not."""

    book: Rulebook
    results: list[ExampleResult]


class ValidationOutput(NamedTuple):
    """``overdue rules validate``: the problems found in the file at ``path``."""

    path: str
    problems: list[Problem]
    book: Rulebook | None
