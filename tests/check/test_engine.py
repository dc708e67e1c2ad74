"""The engine on every method, the stage boundaries, each verdict, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_cli.check import Situation, assess
from overdue_cli.rulebook import SEVERITY, VERDICTS, load_rulebook

from ..conftest import RULES

BOOK = load_rulebook(RULES)

# The verdict for each method on its own, in a plain daytime situation where the
# borrower could be reached: the heart of what the tool tells people.
EXPECTED = {
    "sms": "normal", "call": "normal", "wechat": "limited", "app": "normal",
    "email": "normal", "mail": "normal", "lawyer_letter": "normal",
    "contacts": "violation", "address_book": "illegal", "disclosure": "illegal",
    "visit": "limited", "agency": "normal", "debt_sale": "normal",
    "credit_report": "normal", "lawsuit": "normal", "threat": "illegal",
    "insult": "illegal", "impersonation": "illegal", "fake_legal": "violation",
    "fee_request": "suspicious", "relief_offer": "suspicious", "call_bombing": "illegal",
    "new_loan_push": "violation", "employer": "violation", "property_damage": "illegal",
}


def one(method: str, **facts) -> str:
    facts.setdefault("days_overdue", 40)
    result = assess(BOOK, Situation(methods=(method,), **facts))
    return result.findings[0].verdict


def test_expected_table_covers_every_method() -> None:
    assert set(EXPECTED) == set(BOOK.methods)


@pytest.mark.parametrize(("method", "verdict"), sorted(EXPECTED.items()))
def test_each_method_alone_in_the_daytime(method: str, verdict: str) -> None:
    assert one(method, hour=14) == verdict


def test_every_verdict_is_reachable() -> None:
    assert set(EXPECTED.values()) == set(VERDICTS)


@pytest.mark.parametrize(("hour", "quiet"), [(21, False), (22, True), (23, True), (0, True),
                                             (7, True), (8, False), (12, False)])
def test_quiet_hours_boundaries(hour: int, quiet: bool) -> None:
    assert one("call", hour=hour) == ("violation" if quiet else "normal")
    assert one("sms", hour=hour) == ("violation" if quiet else "normal")


def test_unknown_hour_never_counts_as_night() -> None:
    assert one("call") == "normal"


@pytest.mark.parametrize(("calls", "verdict"), [(0, "normal"), (3, "normal"), (4, "violation")])
def test_answered_calls_threshold(calls: int, verdict: str) -> None:
    assert one("call", calls_per_day=calls) == verdict


@pytest.mark.parametrize(("attempts", "verdict"), [(6, "normal"), (7, "violation")])
def test_unanswered_attempts_threshold(attempts: int, verdict: str) -> None:
    assert one("call", attempts_per_day=attempts) == verdict


def test_contacts_depend_on_whether_you_were_reachable() -> None:
    assert one("contacts") == "violation"
    assert one("contacts", unreachable=True) == "limited"
    # Reaching out to people is still barred at night, even when you were unreachable.
    assert one("contacts", unreachable=True, hour=23) == "violation"


@pytest.mark.parametrize(("days", "stage"), [
    (0, "due"), (1, "early"), (30, "early"), (31, "mid"), (90, "mid"), (91, "late"),
    (365, "late"), (366, "long"), (1095, "long"), (1096, "limitation"), (9000, "limitation"),
])
def test_stage_boundaries(days: int, stage: str) -> None:
    assert BOOK.stage_for(days).id == stage
    assert assess(BOOK, Situation(days)).stage.id == stage


def test_day_count_does_not_change_conduct_rules() -> None:
    """Hours, frequency and third-party rules apply from day 1 (and on the due date)."""
    for days in (0, 1, 45, 400, 2000):
        assert one("contacts", days_overdue=days) == "violation"
        assert one("call", days_overdue=days, hour=23) == "violation"
        assert one("address_book", days_overdue=days) == "illegal"


def test_days_overdue_alone_is_no_limitation_test() -> None:
    """Legal review: three years since the first missed payment says nothing by itself
    (民法典189, 195): the defence rule needs the dates that decide it."""
    for days in (1095, 1096, 4000):
        result = assess(BOOK, Situation(days, ("lawsuit",)))
        assert result.findings[0].rule.id == "lawsuit.court_action"
        assert result.limitation is not None and result.limitation.status == "unknown"


def test_limitation_runs_from_the_later_of_last_due_and_last_contact() -> None:
    from datetime import date

    on = date(2026, 12, 1)
    expired = assess(BOOK, Situation(1500, ("lawsuit",), on=on, last_due=date(2021, 3, 10),
                                     last_contact=date(2022, 5, 1)))
    assert expired.limitation.status == "possibly_expired"
    assert expired.limitation.earliest_end == date(2025, 5, 1)
    assert expired.findings[0].rule.id == "lawsuit.after_limitation"
    assert "limitation_defence" in expired.next_steps
    restarted = assess(BOOK, Situation(1500, ("lawsuit",), on=on, last_due=date(2023, 3, 10),
                                       last_contact=date(2024, 6, 1)))
    assert restarted.limitation.status == "running"
    assert restarted.limitation.earliest_end == date(2027, 6, 1)
    assert restarted.findings[0].rule.id == "lawsuit.court_action"
    only_due = assess(BOOK, Situation(1500, ("lawsuit",), on=on, last_due=date(2021, 3, 10)))
    assert only_due.limitation.status == "open"  # collection may have restarted it: unknowable
    assert only_due.findings[0].rule.id == "lawsuit.court_action"


def test_a_contact_after_expiry_is_a_gap_not_a_restart() -> None:
    """Legal review: a demand interrupts only a running period (民法典195); after it has
    run only the borrower's own promise, payment or signature costs the defence (192②)."""
    from datetime import date

    gap = assess(BOOK, Situation(2000, ("lawsuit",), on=date(2026, 12, 1),
                                 last_due=date(2019, 1, 1), last_contact=date(2024, 6, 1)))
    assert gap.limitation.status == "gap"
    assert gap.limitation.earliest_end == date(2022, 1, 1)
    assert gap.findings[0].rule.id == "lawsuit.court_action"  # it cannot say which


def test_only_a_last_contact_never_says_expired() -> None:
    """Without the last due date a later instalment may exist; the count starts no
    earlier than the first missed payment."""
    from datetime import date

    result = assess(BOOK, Situation(1500, ("lawsuit",), on=date(2026, 12, 1),
                                    last_contact=date(2021, 1, 1)))
    assert result.limitation.status == "open"
    assert result.limitation.runs_from == date(2022, 10, 23)


def test_leap_day_limitation_ends_on_the_28th() -> None:
    from datetime import date

    from overdue_cli.check import add_years

    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)


def test_most_severe_rule_decides_and_all_fired_are_listed() -> None:
    finding = assess(BOOK, Situation(10, ("call",), hour=23, calls_per_day=5)).findings[0]
    assert finding.verdict == "violation"
    ids = [r.id for r in finding.fired]
    assert set(ids) == {"contact.quiet_hours", "call.too_many_answered", "call.reminder"}
    assert ids[0] == finding.rule.id
    assert ids[-1] == "call.reminder"  # the least severe comes last


def test_overall_verdict_and_merged_next_steps() -> None:
    result = assess(BOOK, Situation(12, ("address_book", "call"), hour=23))
    assert result.verdict == "illegal"
    assert [f.method for f in result.findings] == ["address_book", "call"]
    priorities = [BOOK.actions[a].priority for a in result.next_steps]
    assert priorities == sorted(priorities)
    assert len(set(result.next_steps)) == len(result.next_steps)


def test_no_methods_gives_the_stage_and_no_verdict() -> None:
    result = assess(BOOK, Situation(45))
    assert result.findings == ()
    assert result.verdict is None  # nothing was judged; "normal" would read as "all fine"
    assert result.stage.id == "mid"


situations = st.builds(
    Situation,
    days_overdue=st.integers(0, 5000),
    methods=st.lists(st.sampled_from(sorted(BOOK.methods)), unique=True, max_size=8).map(tuple),
    hour=st.none() | st.integers(0, 23),
    calls_per_day=st.none() | st.integers(0, 50),
    attempts_per_day=st.none() | st.integers(0, 50),
    unreachable=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(situations)
def test_properties_of_any_situation(situation: Situation) -> None:
    result = assess(BOOK, situation)
    assert [f.method for f in result.findings] == list(situation.methods)
    for f in result.findings:
        assert f.verdict in VERDICTS
        assert f.rule in f.fired
        assert f.verdict == f.rule.verdict
        assert all(SEVERITY[r.verdict] <= SEVERITY[f.verdict] for r in f.fired)
    expected = max((f.verdict for f in result.findings), key=SEVERITY.__getitem__,
                   default=None)
    assert result.verdict == expected
    assert result.stage.contains(situation.days_overdue)


@settings(max_examples=200, deadline=None)
@given(situations, st.sampled_from(sorted(BOOK.methods)))
def test_adding_a_method_never_lowers_the_overall_verdict(situation: Situation,
                                                          extra: str) -> None:
    before = assess(BOOK, situation).verdict
    if extra in situation.methods or before is None:
        return
    more = Situation(situation.days_overdue, (*situation.methods, extra), situation.hour,
                     situation.calls_per_day, situation.attempts_per_day, situation.unreachable)
    assert SEVERITY[assess(BOOK, more).verdict] >= SEVERITY[before]


def test_tie_goes_to_the_rule_written_for_the_method() -> None:
    """At night, calling contacts while you are reachable: both rules say violation;
    the contacts rule decides and the quiet-hours rule is still listed."""
    finding = assess(BOOK, Situation(20, ("contacts",), hour=23)).findings[0]
    assert finding.rule.id == "contacts.while_reachable"
    assert [r.id for r in finding.fired] == ["contacts.while_reachable", "contact.quiet_hours"]
    call = assess(BOOK, Situation(20, ("call",), hour=23, calls_per_day=5)).findings[0]
    assert call.rule.id == "call.too_many_answered"
