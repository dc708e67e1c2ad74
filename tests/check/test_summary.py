"""The summary a check report opens with, and the grouping of its next steps: both
decided in the core, so the terminal and the JSON say the same thing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_cli.check import (
    DO_NOW,
    STEP_GROUPS,
    Situation,
    Summary,
    assess,
    group_steps,
    step_group,
    summarize,
)
from overdue_cli.rulebook import load_rulebook

from ..conftest import RULES

BOOK = load_rulebook(RULES)
METHODS = sorted(BOOK.methods)
GROUP_ORDER = [g for g, _ in STEP_GROUPS]


def test_the_issue_example() -> None:
    a = assess(BOOK, Situation(12, ("address_book", "call"), hour=23))
    assert a.summary == Summary(illegal=("address_book",), violation=("call",),
                                do_now=a.next_steps[:DO_NOW])
    assert a.summary.do_now == ("keep_evidence", "tell_contacts_to_refuse", "complain_lender")


def test_nothing_judged_nothing_named() -> None:
    a = assess(BOOK, Situation(5))
    assert a.summary.illegal == a.summary.violation == a.summary.suspicious == ()
    assert a.summary.do_now == a.next_steps[:DO_NOW]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(METHODS), unique=True, max_size=6),
       st.integers(0, 2000), st.one_of(st.none(), st.integers(0, 23)))
def test_summary_agrees_with_the_findings(methods: list[str], days: int,
                                          hour: int | None) -> None:
    a = assess(BOOK, Situation(days, tuple(methods), hour=hour))
    by_verdict = {v: tuple(f.method for f in a.findings if f.verdict == v)
                  for v in ("illegal", "suspicious", "violation")}
    assert a.summary == summarize(a.findings, a.next_steps)
    assert (a.summary.illegal, a.summary.suspicious, a.summary.violation) == (
        by_verdict["illegal"], by_verdict["suspicious"], by_verdict["violation"])
    assert a.summary.do_now == a.next_steps[:DO_NOW]
    groups = group_steps(BOOK, a.next_steps)
    # read group after group, the steps keep the order the findings refer to
    assert tuple(x for _, ids in groups for x in ids) == a.next_steps
    assert [g for g, _ in groups] == [g for g in GROUP_ORDER if g in dict(groups)]


def test_every_action_has_a_group_and_the_groups_are_what_they_say() -> None:
    groups = {a: step_group(BOOK, a) for a in BOOK.actions}
    assert set(groups.values()) == set(GROUP_ORDER)  # no kind left empty by the rulebook
    assert groups["call_110"] == groups["dont_pay_scam"] == "protect"
    assert groups["keep_evidence"] == groups["tell_contacts_to_refuse"] == "evidence"
    assert groups["complain_12378"] == groups["report_12377"] == "complain"
    assert groups["check_credit_report"] == groups["limitation_defence"] == "check"
    assert groups["negotiate"] == groups["legal_aid"] == "settle"
