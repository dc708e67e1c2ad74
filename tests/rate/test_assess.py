"""rate/assess.py: lines decided, 砍头息 counted, the part above each line a range, and
what a court would likely support a range where the law is unclear."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.rate import (
    Flow,
    Loan,
    allowed_on_balance,
    assess_rate,
    from_schedule,
    next_steps,
    regular,
)

DAY = date(2025, 6, 1)


def _line(a, line_id):  # type: ignore[no-untyped-def]
    return next(r for r in a.lines if r.line.id == line_id)


def test_no_interest_is_above_no_line() -> None:
    loan = regular(Decimal(1200), DAY, Decimal(100), "month", 12)
    a = assess_rate(loan, "small_loan", DAY)
    assert not a.above_applicable
    assert a.supported is not None and a.supported.excess_high == 0
    assert a.counted is None
    assert next_steps(a, (), ()) == ()


def test_kantou_and_lines_for_private_lender() -> None:
    loan = regular(Decimal(3500), DAY, Decimal(800), "week", 8, contract=Decimal(5000))
    a = assess_rate(loan, "unlicensed", DAY)
    assert a.counted is not None and a.counted.principal == Decimal(3500)
    assert a.counted.basis[0].source == "civil_code"
    assert {r.line.id for r in a.above_applicable} >= {"lpr4", "illegal_lending_36"}
    lpr4 = _line(a, "lpr4").excess
    # 3500 + 3500 × 12% × 56/365 allowed at most (LPR 3.00% on 2025-06-01)
    assert lpr4.allowed_most == Decimal("3564.44")
    assert lpr4.low == Decimal("6400") - Decimal("3564.44")
    assert lpr4.high >= lpr4.low
    # the contract may be void (only the principal) or held to 4 × LPR: a range
    s = a.supported
    assert s is not None and not s.clear and s.why_unclear == ("void",)
    assert s.supported_low == Decimal(3500) and s.supported_high == Decimal("3564.44")


def test_licensed_lender_range_runs_from_nothing_to_the_24_line() -> None:
    # no verified court standard for licensed lenders: a court may enforce the contract
    # in full, and the 36% red line is a regulator's, so the range is 0 .. 24%'s at most
    loan = regular(Decimal(10000), DAY, Decimal(1020), "month", 12)
    a = assess_rate(loan, "small_loan", DAY)
    s = a.supported
    assert s is not None and s.lines == ("court_24",)
    assert s.why_unclear == ("licensed",)
    assert s.excess_low == 0
    assert s.excess_high == _line(a, "court_24").excess.high > 0
    assert {r.line.id for r in a.above_applicable} == {"court_24", "cash_loan_36"}


def test_without_a_contract_day_the_lpr_line_says_it_needs_one() -> None:
    loan = regular(Decimal(3500), DAY, Decimal(800), "week", 8)
    a = assess_rate(loan, "unlicensed", None)
    assert _line(a, "lpr4").line.rate is None and "needs_date" in a.supported.why_unclear


def test_a_loan_repaid_before_the_2020_rules_is_not_held_to_4_lpr() -> None:
    start = date(2019, 9, 1)
    loan = regular(Decimal(10000), start, Decimal(1100), "month", 10)
    a = assess_rate(loan, "unlicensed", start)
    lpr4 = _line(a, "lpr4")
    assert lpr4.line.rate is None and "rate_lpr_all_old_rules" in lpr4.line.more
    assert "all_old_rules" in a.supported.why_unclear


def test_an_unknown_lender_gets_every_line_and_says_so() -> None:
    loan = regular(Decimal(10000), DAY, Decimal(1020), "month", 12)
    a = assess_rate(loan, "unknown", DAY)
    assert a.supported is not None and "unknown" in a.supported.why_unclear
    assert "void_contract" in a.supported.lines


def test_interest_on_the_balance_matches_a_hand_computed_loan() -> None:
    # 1000 received; 600 after 73 days (interest 1000 × 36.5% × 73/365 = 73, then 527
    # principal: 473 owed); 600 after 146 days (interest 473 × 0.365 × 73/365 = 34.529;
    # 473 principal; 92.471 above the line)
    start = DAY
    loan = from_schedule(Decimal(1000), start, [(start + timedelta(days=73), Decimal(600)),
                                                (start + timedelta(days=146), Decimal(600))])
    allowed = allowed_on_balance(loan, Decimal(1000), Decimal("0.365"))
    assert abs(allowed - Decimal("1107.529")) < Decimal("0.001")


def test_a_fee_on_the_first_day_is_not_principal() -> None:
    flows = (Flow(DAY, Decimal(1000)), Flow(DAY, Decimal(-100)),
             Flow(DAY + timedelta(days=365), Decimal(-900)))
    loan = Loan(Decimal(1000), DAY, flows, fees=Decimal(100))
    # the fee repays principal at once: 900 owed, and 900 at the end clears it at 0%
    assert allowed_on_balance(loan, Decimal(1000), Decimal(0)) == Decimal(1000)


def test_complaint_steps_follow_the_lender() -> None:
    loan = regular(Decimal(3500), DAY, Decimal(800), "week", 8)
    licensed = assess_rate(loan, "small_loan", DAY)
    assert next_steps(licensed, ("complain_local_regulator",), ("complain_12378",)) == (
        "complain_cost", "complain_local_regulator", "legal_aid")
    shark = assess_rate(loan, "unlicensed", DAY)
    steps = next_steps(shark, ("report_police",), ("complain_12378", "complain_local_regulator"))
    assert "report_police" in steps and "complain_12378" not in steps
    assert "complain_cost" not in steps  # no official customer service to raise it with


@given(st.integers(min_value=500, max_value=2000))
def test_paying_more_never_lowers_the_excess(pay: int) -> None:
    low = assess_rate(regular(Decimal(3500), DAY, Decimal(pay), "week", 8), "unlicensed", DAY)
    high = assess_rate(regular(Decimal(3500), DAY, Decimal(pay + 50), "week", 8),
                       "unlicensed", DAY)
    for line in ("lpr4", "void_contract"):
        a, b = _line(low, line).excess, _line(high, line).excess
        assert b.low >= a.low and b.high >= a.high


@given(st.integers(min_value=450, max_value=3000), st.integers(min_value=8, max_value=24),
       st.sampled_from(["week", "fortnight", "month"]))
def test_the_range_is_ordered(pay: int, times: int, every: str) -> None:
    a = assess_rate(regular(Decimal(3500), DAY, Decimal(pay), every, times),  # type: ignore[arg-type]
                    "unknown", DAY)
    for r in a.lines:
        if r.excess is not None:
            assert Decimal(0) <= r.excess.low <= r.excess.high <= a.loan.paid
    s = a.supported
    assert s is not None and s.excess_low <= s.excess_high
    assert s.supported_low <= s.supported_high
