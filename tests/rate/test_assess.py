"""rate/assess.py: lines decided, 砍头息 counted, the excess a cautious lower bound."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.rate import assess_rate, regular

DAY = date(2025, 6, 1)


def test_no_interest_is_above_no_line() -> None:
    loan = regular(Decimal(1200), DAY, Decimal(100), "month", 12)
    a = assess_rate(loan, "unlicensed", DAY)
    assert not a.above_applicable
    assert a.excess is not None and a.excess.amount == 0
    assert a.counted is None


def test_kantou_and_lines_for_private_lender() -> None:
    loan = regular(Decimal(3500), DAY, Decimal(800), "week", 8, contract=Decimal(5000))
    a = assess_rate(loan, "unlicensed", DAY)
    assert a.counted is not None and a.counted.principal == Decimal(3500)
    assert {r.line.id for r in a.above_applicable} == {"lpr4", "illegal_lending_36"}
    assert a.excess is not None and a.excess.line_id == "lpr4"
    # 3500 + 3500 × 12% × 56/365 allowed at most
    assert a.excess.allowed == Decimal("3564.44")
    assert a.excess.amount == Decimal("6400") - Decimal("3564.44")


def test_licensed_lender_lowest_line_is_24() -> None:
    loan = regular(Decimal(10000), DAY, Decimal(1020), "month", 12)
    a = assess_rate(loan, "small_loan", DAY)
    assert a.excess is not None and a.excess.line_id == "court_24"


@given(st.integers(min_value=500, max_value=2000))
def test_paying_more_never_lowers_the_excess(pay: int) -> None:
    low = assess_rate(regular(Decimal(3500), DAY, Decimal(pay), "week", 8), "unlicensed", DAY)
    high = assess_rate(regular(Decimal(3500), DAY, Decimal(pay + 50), "week", 8),
                       "unlicensed", DAY)
    assert low.excess is not None and high.excess is not None
    assert high.excess.amount >= low.excess.amount
