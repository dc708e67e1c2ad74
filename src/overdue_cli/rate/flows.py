"""A loan as the money that really moved: what the borrower received, when, and every
payment and fee, when.

Why: the true cost of a loan is a property of its cash flows, not of the rate the
app quotes. 砍头息 (money kept back at the start), a "service fee" paid on day 0,
a fee on every instalment and partial payments already made are all just more
flows here, so the IRR (rate/irr.py) counts each of them as cost. Signs are the
borrower's: money received is positive, money paid is negative. Builders check
what the user gave and raise ``UsageProblem`` with a catalogue key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

from overdue_cli.errors import UsageProblem

__all__ = ["EVERY", "REFERENCE_DAY", "Every", "Flow", "Loan", "add_months", "daily_rate",
           "from_schedule", "regular", "with_flows"]

Every = Literal["day", "week", "fortnight", "month"]
EVERY: dict[str, int] = {"day": 365, "week": 52, "fortnight": 26, "month": 12}
"""Periods a year for each schedule, for the nominal APR (periodic rate × this)."""
_STEP_DAYS = {"day": 1, "week": 7, "fortnight": 14}
REFERENCE_DAY = date(2025, 1, 1)
"""The loan's day when none is given: a single repayment after N days costs the same
whatever the calendar, so the builders that need no calendar start here."""
_MAX_TIMES = 10_000
_ZERO = Decimal(0)
_CENT = Decimal("0.01")  # money moves in cents: a repayment worked out from a rate is rounded


class Flow(NamedTuple):
    """Money on one day: + received by the borrower, − paid by the borrower. (A
    NamedTuple: compared by value, and cheap to define at start-up.)

    ``period`` is the instalment's number in a regular schedule (0 for the day the
    money was received), None for a flow outside it (a partial payment, a schedule).
    """

    day: date
    amount: Decimal
    period: int | None = None
    kind: str = ""
    """What the money was, for the report's table: received, fee, instalment,
    repayment, payment (from a schedule), paid (beside the schedule), late_fee, or
    late_fee_assumed (an amount with no day, counted on the last payment's day)."""


# (NamedTuples, not frozen dataclasses: as immutable, and far cheaper to define at start-up)
class Loan(NamedTuple):
    """A loan's cash flows, oldest first, and what the contract says.

    ``received`` is what reached the borrower on ``received_on`` (after anything
    kept back); ``contract_principal`` is the principal the contract names when it
    is more (砍头息), else None. ``fees`` is the total of the fees among the flows,
    kept for the report. ``every`` names the schedule when the flows are regular.
    """

    received: Decimal
    received_on: date
    flows: tuple[Flow, ...]
    contract_principal: Decimal | None = None
    fees: Decimal = _ZERO
    every: Every | None = None

    @property
    def paid(self) -> Decimal:
        """Everything the borrower paid (a positive number)."""
        return -sum((f.amount for f in self.flows if f.amount < 0), _ZERO)

    @property
    def deducted(self) -> Decimal:
        """What the contract names but the borrower never received (砍头息), or 0."""
        if self.contract_principal is None:
            return _ZERO
        return max(self.contract_principal - self.received, _ZERO)

    @property
    def regular(self) -> bool:
        """True when every flow sits on the schedule (none added beside it)."""
        return self.every is not None and all(f.period is not None for f in self.flows)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (Jan 31 → Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _due(start: date, every: Every, k: int) -> date:
    if every == "month":
        return add_months(start, k)
    return start + timedelta(days=_STEP_DAYS[every] * k)


def _positive(value: Decimal, flag: str) -> None:
    if value <= 0:
        raise UsageProblem(f"{flag} must be more than 0, got '{value}'",
                           key="rate_amount_positive", params={"flag": flag, "value": str(value)})


def _not_negative(value: Decimal, flag: str) -> None:
    if value < 0:
        raise UsageProblem(f"{flag} cannot be negative, got '{value}'",
                           key="rate_fee_negative", params={"flag": flag, "value": str(value)})


def _contract(received: Decimal, contract: Decimal | None) -> Decimal | None:
    if contract is None:
        return None
    _positive(contract, "--contract")
    if contract < received:
        raise UsageProblem(f"--contract {contract} is less than --received {received}",
                           key="rate_contract_below", params={"contract": str(contract),
                                                              "received": str(received)})
    return contract if contract > received else None


def _loan(received: Decimal, received_on: date, flows: Iterable[Flow], *,
          contract: Decimal | None, fees: Decimal, every: Every | None) -> Loan:
    ordered = tuple(sorted(flows, key=lambda f: (f.day, -f.amount)))
    for flow in ordered:
        if flow.day < received_on:
            raise UsageProblem(
                f"a payment on {flow.day} is before the loan was received on {received_on}",
                key="rate_paid_before", hint_key="rate_paid_before_hint",
                params={"day": flow.day.isoformat(), "start": received_on.isoformat()})
    if not any(f.amount < 0 for f in ordered):
        raise UsageProblem("the schedule has no payments", key="rate_no_payments")
    return Loan(received, received_on, ordered, _contract(received, contract), fees, every)


def regular(received: Decimal, received_on: date, pay: Decimal, every: Every, times: int,
            first_due: date | None = None, *, contract: Decimal | None = None,
            fee_start: Decimal = _ZERO, fee_each: Decimal = _ZERO,
            paid: Sequence[Flow] = ()) -> Loan:
    """``times`` equal payments of ``pay`` (plus ``fee_each``) every day, week,
    fortnight or month. The first falls due one period after ``received_on`` unless
    ``first_due`` says when; monthly ones keep its day of the month (clamped to the
    month's end). ``fee_start`` is paid on the day the money arrives; a fee kept back
    from the money is ``contract`` − ``received``. ``paid`` adds payments already
    made beside the schedule (which makes the flows irregular)."""
    _positive(received, "--received")
    _positive(pay, "--pay")
    _not_negative(fee_start, "--fee")
    _not_negative(fee_each, "--fee-each")
    if not 1 <= times <= _MAX_TIMES:
        raise UsageProblem(f"--times must be 1-{_MAX_TIMES}, got {times}",
                           key="rate_times_range", params={"value": times, "high": _MAX_TIMES})
    flows = [Flow(received_on, received, 0, "received")]
    if fee_start:
        flows.append(Flow(received_on, -fee_start, 0, "fee"))
    for k in range(1, times + 1):
        day = _due(received_on, every, k) if first_due is None else _due(first_due, every, k - 1)
        flows.append(Flow(day, -(pay + fee_each), k, "instalment"))
    flows.extend(paid)
    return _loan(received, received_on, flows, contract=contract,
                 fees=fee_start + fee_each * times, every=every)


def daily_rate(principal: Decimal, rate_per_day: Decimal, days: int, *,
               received: Decimal | None = None, received_on: date = REFERENCE_DAY,
               fee_start: Decimal = _ZERO) -> Loan:
    """A loan at a simple daily rate, repaid at once after ``days``: principal plus
    principal × rate × days, to the cent. ``received`` is what arrived when less than the
    principal (砍头息); ``fee_start`` is paid on the first day."""
    _positive(principal, "--principal")
    _not_negative(rate_per_day, "--daily")
    _not_negative(fee_start, "--fee")
    if not 1 <= days <= 36_500:
        raise UsageProblem(f"--days must be 1-36500, got {days}",
                           key="rate_days_range", params={"value": days, "high": 36_500})
    got = principal if received is None else received
    _positive(got, "--received")
    flows = [Flow(received_on, got, 0, "received")]
    if fee_start:
        flows.append(Flow(received_on, -fee_start, 0, "fee"))
    owed = (principal + principal * rate_per_day * days).quantize(_CENT, ROUND_HALF_UP)
    flows.append(Flow(received_on + timedelta(days=days), -owed, 1, "repayment"))
    return _loan(got, received_on, flows, contract=principal if got < principal else None,
                 fees=fee_start, every=None)


def from_schedule(received: Decimal, received_on: date, rows: Sequence[tuple[date, Decimal]],
                  *, contract: Decimal | None = None, fee_start: Decimal = _ZERO) -> Loan:
    """A loan from the payments actually made or due: ``rows`` of (day, amount paid).

    A payment dated before the loan, a zero or negative payment, or no payment at
    all is refused. Paying back less than was received is allowed (the cost is
    then below zero, and still computed)."""
    _positive(received, "--received")
    _not_negative(fee_start, "--fee")
    flows = [Flow(received_on, received, None, "received")]
    if fee_start:
        flows.append(Flow(received_on, -fee_start, None, "fee"))
    for day, amount in rows:
        if amount <= 0:
            raise UsageProblem(f"a payment on {day} must be more than 0, got {amount}",
                               key="rate_payment_positive",
                               params={"day": day.isoformat(), "value": str(amount)})
        flows.append(Flow(day, -amount, None, "payment"))
    return _loan(received, received_on, flows, contract=contract, fees=fee_start, every=None)


def with_flows(loan: Loan, extra: Iterable[Flow], *, fees: Decimal = _ZERO) -> Loan:
    """``loan`` with more payments beside its schedule: partial payments already made,
    or late fees (``fees`` of them count as fees). Each must be more than 0 and not
    before the money arrived; the flows are then irregular."""
    added = list(extra)
    for flow in added:
        if flow.amount >= 0:
            raise UsageProblem(f"a payment on {flow.day} must be more than 0, got {-flow.amount}",
                               key="rate_payment_positive",
                               params={"day": flow.day.isoformat(), "value": str(-flow.amount)})
    return _loan(loan.received, loan.received_on, [*loan.flows, *added],
                 contract=loan.contract_principal, fees=loan.fees + fees, every=loan.every)
