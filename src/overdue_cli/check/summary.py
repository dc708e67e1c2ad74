"""The answer first: what is illegal, what breaks the rules, and what to do now.

Why a module of its own: a frightened borrower reads the top of the report and
may read no further, so the few facts that open it (and that ``check --brief``
prints alone) are a decision of the core, not of one renderer: the JSON carries
the same :class:`Summary` the terminal shows. The grouping of the next steps
(protect yourself, keep evidence, complain, check the debt, settle) lives here
too, for the same reason. Pure: ids in, ids out; the renderers find the words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from overdue_cli.rulebook import Rulebook

DO_NOW = 3
"""How many next steps the summary names as the ones to take now."""

STEP_GROUPS: tuple[tuple[str, int | None], ...] = (
    ("protect", 20),
    ("evidence", 30),
    ("complain", 40),
    ("check", 50),
    ("settle", None),
)
"""Kinds of next step, in order, each with the action priority it stops before.

The rulebook numbers its actions' priorities in tens by kind: below 20 what
protects the borrower at once (110, scams, court papers), the 20s evidence and
the family, the 30s complaints and reports, the 40s checking the debt and the
credit record, 50 and above negotiating and claiming rights. A step belongs to
the first group whose bound its priority is below."""


class Judged(Protocol):
    """What the summary reads of a finding: the method and its verdict."""

    @property
    def method(self) -> str: ...

    @property
    def verdict(self) -> str: ...


@dataclass(frozen=True)
class Summary:
    """The report's opening: method ids by verdict (in the order asked), and the
    action ids to take now (the most urgent of the next steps)."""

    illegal: tuple[str, ...] = ()
    suspicious: tuple[str, ...] = ()
    violation: tuple[str, ...] = ()
    do_now: tuple[str, ...] = ()


def summarize(findings: Iterable[Judged], next_steps: Sequence[str]) -> Summary:
    """The summary of one assessment: its findings and its merged, ordered next steps."""
    found = list(findings)

    def methods(verdict: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.method for f in found if f.verdict == verdict))

    return Summary(methods("illegal"), methods("suspicious"), methods("violation"),
                   tuple(next_steps[:DO_NOW]))


def step_group(book: Rulebook, action: str) -> str:
    """The group (a :data:`STEP_GROUPS` id) of one action."""
    priority = book.actions[action].priority
    for group, bound in STEP_GROUPS:
        if bound is None or priority < bound:
            return group
    return STEP_GROUPS[-1][0]


def group_steps(book: Rulebook, steps: Iterable[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``steps`` by group, groups in :data:`STEP_GROUPS` order, steps in the order
    given within each; empty groups left out. Steps ordered by priority (as
    ``ordered_steps`` gives them) keep their order when read group after group."""
    by_group: dict[str, list[str]] = {group: [] for group, _ in STEP_GROUPS}
    for action in steps:
        by_group[step_group(book, action)].append(action)
    return tuple((group, tuple(ids)) for group, ids in by_group.items() if ids)
