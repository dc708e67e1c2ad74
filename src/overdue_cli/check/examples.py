"""The engine as the rulebook's own checks use it: a worked example's situation
judged (``overdue rules test``), and the probe that every method gets a verdict.

Why here: the rulebook may not import the engine, so the commands (and
hatch_build.py) hand these to ``rulebook.run_all`` and ``rulebook.load_rulebook``.
Every command hands in the probe, but it runs only on a rulebook read from its
YAML, so the engine is imported when it runs, not with this module.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from overdue_cli.rulebook import Rulebook

if TYPE_CHECKING:
    from overdue_cli.check.engine import Assessment, Situation


def situation_from(data: Mapping[str, Any]) -> Situation:
    """Build a Situation from an example's ``situation`` mapping."""
    from overdue_cli.check.engine import Situation

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


def assess_example(book: Rulebook, situation: Mapping[str, Any]) -> Assessment:
    """The full check of a worked example's ``situation`` (a ``rulebook.Judge``)."""
    from overdue_cli.check.engine import assess

    return assess(book, situation_from(situation))


def method_gap(book: Rulebook, method: str) -> str | None:
    """The first situation a user can describe in which no rule gives ``method`` a
    verdict, described; None when there is none (a ``rulebook.Coverage``)."""
    from overdue_cli.check.engine import fired_rules

    for probe in _probes(method):
        if not any(True for _ in fired_rules(book, probe, method)):
            return _describe(probe)
    return None


def _probes(method: str) -> Iterator[Situation]:
    from overdue_cli.check.engine import Situation

    for days in (0, 45, 2000):
        for hour in (None, 3, 12):
            for unreachable in (False, True):
                for count in (None, 1, 50):
                    yield Situation(days, (method,), hour, count, count, unreachable)


def _describe(probe: Situation) -> str:
    return (f"days={probe.days_overdue}, hour={probe.hour}, calls/attempts={probe.calls_per_day}, "
            f"unreachable={probe.unreachable}")
