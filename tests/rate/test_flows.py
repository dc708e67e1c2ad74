"""A loan's cash flows (rate/flows.py): schedules, fees, 砍头息, partial payments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from overdue_cli.errors import UsageProblem
from overdue_cli.rate.flows import Flow, add_months, daily_rate, from_schedule, regular

DAY = date(2025, 3, 10)


def test_weekly_schedule_with_money_kept_back() -> None:
    loan = regular(D(3500), DAY, D(800), "week", 8, contract=D(5000))
    assert loan.flows[0][:3] == Flow(DAY, D(3500), 0)[:3]
    assert [f.day for f in loan.flows[1:]] == [DAY + timedelta(days=7 * k) for k in range(1, 9)]
    assert loan.flows[-1].day == date(2025, 5, 5)
    assert all(f.amount == D(-800) for f in loan.flows[1:])
    assert loan.paid == D(6400)
    assert loan.deducted == D(1500)
    assert loan.regular and loan.every == "week"


def test_monthly_dates_keep_the_day_and_clamp_to_month_end() -> None:
    loan = regular(D(1000), date(2025, 1, 31), D(100), "month", 4)
    assert [f.day for f in loan.flows[1:]] == [date(2025, 2, 28), date(2025, 3, 31),
                                               date(2025, 4, 30), date(2025, 5, 31)]
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


def test_first_due_sets_the_schedule() -> None:
    loan = regular(D(1000), DAY, D(100), "fortnight", 3, date(2025, 3, 20))
    assert [f.day for f in loan.flows[1:]] == [date(2025, 3, 20), date(2025, 4, 3),
                                               date(2025, 4, 17)]
    daily = regular(D(1000), DAY, D(100), "day", 2)
    assert [f.day for f in daily.flows[1:]] == [date(2025, 3, 11), date(2025, 3, 12)]


def test_fees_at_the_start_and_on_each_instalment_are_flows() -> None:
    loan = regular(D(10000), DAY, D(1020), "month", 12, fee_start=D(600), fee_each=D(5))
    assert Flow(DAY, D(-600), 0, "fee") in loan.flows
    assert loan.flows[-1].amount == D(-1025)
    assert loan.fees == D(600 + 60)
    assert loan.paid == D(600 + 1025 * 12)


def test_partial_payments_make_the_flows_irregular() -> None:
    loan = regular(D(3000), DAY, D(1100), "month", 3, paid=[Flow(date(2025, 3, 25), D(-200))])
    assert len(loan.flows) == 5
    assert not loan.regular
    assert loan.flows[1][:3] == Flow(date(2025, 3, 25), D(-200))[:3]


def test_daily_rate_repays_principal_and_simple_interest_at_the_end() -> None:
    loan = daily_rate(D(10000), D("0.0005"), 30, fee_start=D(100))
    assert loan.flows[-1][:3] == Flow(date(2025, 1, 31), D(-10150), 1)[:3]
    assert loan.fees == D(100) and loan.contract_principal is None
    kept = daily_rate(D(10000), D("0.001"), 7, received=D(9000))
    assert kept.contract_principal == D(10000) and kept.deducted == D(1000)


def test_from_schedule_sorts_and_allows_paying_back_less() -> None:
    loan = from_schedule(D(20000), DAY, [(date(2025, 5, 1), D(5000)), (date(2025, 4, 1), D(500))])
    assert [f.day for f in loan.flows] == [DAY, date(2025, 4, 1), date(2025, 5, 1)]
    assert loan.paid == D(5500)
    assert not loan.regular


@pytest.mark.parametrize(("build", "key"), [
    (lambda: from_schedule(D(1000), DAY, [(date(2025, 3, 1), D(1100))]), "rate_paid_before"),
    (lambda: from_schedule(D(1000), DAY, []), "rate_no_payments"),
    (lambda: from_schedule(D(1000), DAY, [(DAY, D(0))]), "rate_payment_positive"),
    (lambda: from_schedule(D(0), DAY, [(DAY, D(1))]), "rate_amount_positive"),
    (lambda: regular(D(1000), DAY, D(-5), "week", 2), "rate_amount_positive"),
    (lambda: regular(D(1000), DAY, D(5), "week", 0), "rate_times_range"),
    (lambda: regular(D(1000), DAY, D(5), "week", 2, fee_start=D(-1)), "rate_fee_negative"),
    (lambda: regular(D(1000), DAY, D(5), "week", 2, contract=D(900)), "rate_contract_below"),
    (lambda: daily_rate(D(1000), D("0.001"), 0), "rate_days_range"),
])
def test_bad_loans_are_refused_with_a_key(build: object, key: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        build()  # type: ignore[operator]
    assert caught.value.key == key
