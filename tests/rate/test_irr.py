"""The annual cost (rate/irr.py) against independent computations: closed forms for
simple loans and a plain bisection on the NPV written here, apart from the solver."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from overdue_cli.errors import DataProblem
from overdue_cli.rate.flows import Flow, Loan, daily_rate, from_schedule, regular
from overdue_cli.rate.irr import annual_cost, percent, solve, xirr

DAY = date(2025, 3, 10)


def bisect_rate(flows: list[tuple[int, float]], lo: float = -0.99, hi: float = 1e7) -> float:
    """An annual rate by plain bisection on Σ a / (1 + r) ** (days / 365), r in (lo, hi):
    the NPV of a borrower's loan (money in first, out later) rises with r."""
    def value(r: float) -> float:
        return sum(a / (1 + r) ** (d / 365) for d, a in flows)
    for _ in range(300):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if value(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


def money_npv(loan: Loan, rate: D, per_day: bool = False) -> float:
    unit = 1 if per_day else 365
    return math.fsum(float(f.amount) * math.exp(-math.log1p(float(rate))
                                                * (f.day - loan.received_on).days / unit)
                     for f in loan.flows)


def test_no_interest_costs_nothing() -> None:
    cost = annual_cost(from_schedule(D(3000), DAY, [(DAY + timedelta(days=30), D(1000))] * 3))
    assert cost.ear == 0 and cost.apr == 0 and cost.daily == 0
    monthly = annual_cost(regular(D(1200), DAY, D(100), "month", 12))
    assert monthly.periodic == 0 and monthly.apr == 0


def test_a_single_repayment_matches_the_closed_form() -> None:
    loan = from_schedule(D(1000), DAY, [(DAY + timedelta(days=90), D(1100))])
    assert float(annual_cost(loan).ear) == pytest.approx((1100 / 1000) ** (365 / 90) - 1,
                                                         rel=1e-9)


def test_money_kept_back_at_the_start_counts_as_cost() -> None:
    # 砍头息: a 5000 contract, 3500 received, 5000 repaid after 30 days
    loan = from_schedule(D(3500), DAY, [(DAY + timedelta(days=30), D(5000))], contract=D(5000))
    expected = (5000 / 3500) ** (365 / 30) - 1
    assert float(annual_cost(loan).ear) == pytest.approx(expected, rel=1e-9)
    assert loan.deducted == D(1500)


def test_a_weekly_714_style_loan_matches_bisection() -> None:
    loan = regular(D(3500), DAY, D(800), "week", 8)
    expected = bisect_rate([(0, 3500.0)] + [(7 * k, -800.0) for k in range(1, 9)])
    cost = annual_cost(loan)
    assert float(cost.ear) == pytest.approx(expected, rel=1e-9)
    # per week: 3500 = 800 × annuity(8, p), checked by bisection in weeks
    weekly = bisect_rate([(0, 3500.0)] + [(365 * k, -800.0) for k in range(1, 9)])
    assert float(cost.periodic or 0) == pytest.approx(weekly, rel=1e-9)
    assert float(cost.apr) == pytest.approx(weekly * 52, rel=1e-9)
    assert cost.periods_per_year == 52


def test_an_effective_rate_beyond_the_range_still_has_a_daily_rate_and_an_apr() -> None:
    # 1000 received, 800 a week for 8 weeks: about 79% a week, (1.79 ** 52) − 1 a year
    cost = annual_cost(regular(D(1000), DAY, D(800), "week", 8))
    assert cost.ear is None and cost.above
    weekly = bisect_rate([(0, 1000.0)] + [(365 * k, -800.0) for k in range(1, 9)])
    assert float(cost.periodic or 0) == pytest.approx(weekly, rel=1e-9)
    assert float(cost.apr) == pytest.approx(weekly * 52, rel=1e-9)
    assert float(cost.daily) == pytest.approx((1 + weekly) ** (1 / 7) - 1, rel=1e-9)


def test_equal_monthly_instalments_give_the_published_rate() -> None:
    # 等额本息: 10000 over 12 months at 1% a month; the lender publishes an APR of 12%
    i = 0.01
    payment = D(str(round(10000 * i / (1 - (1 + i) ** -12), 2)))
    cost = annual_cost(regular(D(10000), DAY, payment, "month", 12))
    assert percent(cost.periodic or D(0)) == "1.00%"
    assert percent(cost.apr) == "12.00%"
    assert cost.ear > cost.apr  # compounding: the effective rate is above the nominal one


def test_a_daily_rate_with_a_fee() -> None:
    # 万五 a day for 30 days on 10000, and a 100 fee paid on the day the money came
    cost = annual_cost(daily_rate(D(10000), D("0.0005"), 30, fee_start=D(100)))
    assert float(cost.ear) == pytest.approx((10150 / 9900) ** (365 / 30) - 1, rel=1e-9)
    assert float(cost.apr) == pytest.approx(365 * ((1 + float(cost.ear)) ** (1 / 365) - 1),
                                            rel=1e-9)
    without = annual_cost(daily_rate(D(10000), D("0.0005"), 30))
    # simple interest over 30 days compounds to a daily rate a little below 0.05%
    assert float(without.apr) == pytest.approx(365 * (1.015 ** (1 / 30) - 1), rel=1e-9)
    assert percent(without.apr) == "18.12%"


def test_irregular_partial_payments_match_bisection() -> None:
    rows = [(date(2025, 4, 1), D(3000)), (date(2025, 4, 20), D("1500.50")),
            (date(2025, 7, 3), D(9000)), (date(2025, 12, 31), D(9000))]
    loan = from_schedule(D(20000), DAY, rows)
    expected = bisect_rate([(0, 20000.0)] + [((d - DAY).days, -float(a)) for d, a in rows])
    assert float(annual_cost(loan).ear) == pytest.approx(expected, rel=1e-9)
    assert annual_cost(loan).periodic is None


def test_flows_a_century_long_on_a_large_loan_find_the_true_root() -> None:
    # Newton alone crawls here (one unit of the exponent a step) and stopped at a wrong
    # rate; the bisection fallback brings it home
    rows = [(DAY + timedelta(days=3650), D("49356855.56")),
            (DAY + timedelta(days=36000), D("120813937.28"))]
    loan = from_schedule(D(1_000_000_000), DAY, rows)
    expected = bisect_rate([(0, 1e9), (3650, -49356855.56), (36000, -120813937.28)], hi=1.0)
    cost = annual_cost(loan)
    assert float(cost.ear or 0) == pytest.approx(expected, rel=1e-9)
    assert abs(money_npv(loan, cost.daily, per_day=True)) < 0.01


def test_paying_back_less_gives_a_negative_cost() -> None:
    loan = from_schedule(D(1000), DAY, [(DAY + timedelta(days=365), D(900))])
    assert float(annual_cost(loan).ear) == pytest.approx(-0.1, rel=1e-9)


def test_flows_with_no_rate_say_so_with_exit_3() -> None:
    with pytest.raises(DataProblem) as one_way:
        xirr([Flow(DAY, D(100)), Flow(DAY + timedelta(days=5), D(100))])
    assert one_way.value.key == "rate_one_way" and one_way.value.exit_code == 3
    with pytest.raises(DataProblem) as none:  # almost nothing repaid: below -99.99%
        annual_cost(from_schedule(D(1000), DAY, [(DAY + timedelta(days=1), D("0.01"))]))
    assert none.value.key == "rate_no_solution" and none.value.exit_code == 3


def test_the_solver_works_per_period_too() -> None:
    assert solve([0, 1], [100.0, -110.0]) == pytest.approx(0.1, rel=1e-12)
    assert solve([0, 2], [100.0, -121.0]) == pytest.approx(0.1, rel=1e-12)


def test_percent_rounds_for_display() -> None:
    assert percent(D("0.126120102886")) == "12.61%"
    assert percent(D("0.12005")) == "12.01%"
    assert percent(D("2076.008")) == "207600.80%"
    assert percent(D("-1E-17")) == "0.00%" and percent(D("-0.0")) == "0.00%"
    assert str(annual_cost(regular(D(1200), DAY, D(100), "month", 12)).ear) == "0.0"


loans = st.builds(
    lambda received, payments: (received, payments),
    st.integers(100, 100_000),
    st.lists(st.tuples(st.integers(1, 2000), st.integers(1, 50_000)), min_size=1, max_size=12))


def _loan(received: int, payments: list[tuple[int, int]]) -> Loan:
    return from_schedule(D(received), DAY,
                         [(DAY + timedelta(days=d), D(a)) for d, a in payments])


@given(loans)
def test_the_npv_at_the_reported_rate_is_zero_to_a_cent(case: tuple[int, list[tuple[int, int]]]
                                                         ) -> None:
    loan = _loan(*case)
    try:
        cost = annual_cost(loan)
    except DataProblem:
        assume(False)
        return
    assert abs(money_npv(loan, cost.daily, per_day=True)) < 0.01
    if cost.ear is not None:
        assert abs(money_npv(loan, cost.ear)) < 0.01


@given(loans, st.data())
def test_paying_more_never_lowers_the_rate(case: tuple[int, list[tuple[int, int]]],
                                           data: st.DataObject) -> None:
    received, payments = case
    k = data.draw(st.integers(0, len(payments) - 1))
    more = data.draw(st.integers(1, 10_000))
    raised = [(d, a + more) if j == k else (d, a) for j, (d, a) in enumerate(payments)]
    try:
        before, after = annual_cost(_loan(received, payments)), annual_cost(_loan(received, raised))
    except DataProblem:
        assume(False)
        return
    # (a few yuan more paid years later can move the rate by less than a float's last
    # digit: "never lower" is asked to the solver's precision)
    slack = D("1e-12")
    assert after.daily >= before.daily - slack * abs(before.daily)
    assert before.ear is None or after.ear is None or after.ear >= before.ear - slack * abs(
        before.ear)
