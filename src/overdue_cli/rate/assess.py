"""One loan assessed: its annual cost, the lines the law draws, and what lies above them.

Why: ``overdue rate`` must decide nothing in the CLI or the renderers, so the
comparisons (which line the cost is above, the principal the law counts when
interest was kept back, an estimate of how much of what was paid lies within and
above the lines) are made here, once, from the pure pieces (flows, irr, law). The
figure compared with each line is the simple annual rate on what was still owed
(``simple_rate``): the lines are annual rates and the legal reference does not say
how they are annualised, so the tool picks the measure under which the cost is
above a line exactly when something was paid above it, and the verdict and the
yuan figure can never disagree (the APR from the IRR compounds, and over a year it
reads a little below the simple rate: 年化26% over a year was once "not above 24%"
while 200 yuan was paid above it). The report says that this is the tool's choice.

What was paid above a line is given as a range, because the law does not say how
to count it, and the tool will not pretend it does:

* at least (``low``): everything allowed simple interest at the line's rate on the
  whole principal for the loan's whole span. This overstates what the line allows
  for any loan repaid as it goes, so the true excess is never below it.
* at most (``high``): interest at the line's rate only on the principal still owed,
  each payment paying the interest due first and then the principal. Whatever is
  paid after the principal is cleared lies above the line.

The principal is what the borrower received (民法典 670): money kept back and fees
paid on the first day are not principal. The estimate is a range too, with every
reason it is one (``Supported.why_unclear``): for a private lender 4 × LPR or a
void contract; for a licensed one no verified court standard at all, so from
nothing above up to the 24% line; and none when all the interest arose under the
old rules, which the reference does not hold.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple, TypeVar

from overdue_cli.errors import UsageProblem
from overdue_cli.rate.flows import Loan
from overdue_cli.rate.irr import Cost, annual_cost, money
from overdue_cli.rate.law import Counted, Line, lines, principal_counted

__all__ = ["COMPLAINT_STEPS", "OWN_STEPS", "Excess", "LineResult", "RateAssessment", "Supported",
           "allowed_on_balance", "assess_rate", "next_steps", "simple_rate"]

_CENT = Decimal("0.01")
_ZERO = Decimal(0)
_YEAR = Decimal(365)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, ROUND_HALF_UP)


# Records here are NamedTuples, not frozen dataclasses: as immutable, and defined at a
# tenth of the cost, which `overdue rate` pays at every start-up.
class Excess(NamedTuple):
    """What was paid above one line, as a range (see the module's docstring).

    ``allowed_most`` = principal + principal × rate × ``days`` / 365 (``low`` = paid −
    it); ``allowed_balance`` = what clears the loan at the line's rate with interest
    only on what is still owed (``high`` = paid − it). Neither is below 0.
    """

    line_id: str
    rate: Decimal
    days: int
    allowed_most: Decimal
    allowed_balance: Decimal
    low: Decimal
    high: Decimal


class LineResult(NamedTuple):
    """A line, whether the loan's cost is above it (None: the line has no rate), and
    what was paid above it when it binds this lender and has a rate."""

    line: Line
    above: bool | None
    excess: Excess | None = None


class Supported(NamedTuple):
    """What a court would likely support of what was paid, as a range.

    ``lines`` are the supporting lines that bind this lender (one for a private
    lender; 24% and 36% for a licensed one, every line when the lender is unknown).
    ``clear`` is True only when one line of primary law decides it. The excess runs
    from ``excess_low`` (the highest line, counted the borrower's worst way) to
    ``excess_high`` (the lowest line, counted on what was still owed).
    """

    lines: tuple[str, ...]
    clear: bool
    paid: Decimal
    excess_low: Decimal
    excess_high: Decimal
    why_unclear: tuple[str, ...] = ()
    estimate: bool = True
    """False when no yuan figure can honestly be given (all the interest arose under
    rules not held here): the reasons are said, the figures are not."""
    """Why the law gives a range here, each that holds: ``unknown`` (who lent decides
    it), ``needs_date`` (no contract date for 4 × LPR), ``all_old_rules`` (all the
    interest arose under rules not held here), ``void`` (an unlicensed lender's
    contract may be void), ``old_rules`` (signed before the 2020 rules) or
    ``licensed`` (no verified court standard: from nothing up to the 24% line);
    empty when ``clear``."""

    @property
    def supported_low(self) -> Decimal:
        return self.paid - self.excess_high

    @property
    def supported_high(self) -> Decimal:
        return self.paid - self.excess_low


class RateAssessment(NamedTuple):
    """Everything ``overdue rate`` shows, decided: cost, flows, lines, 砍头息, excess,
    and the next steps (rulebook action ids, chosen by the CLI from the lender)."""

    loan: Loan
    lender: str
    signed_on: date | None
    cost: Cost
    lines: tuple[LineResult, ...]
    counted: Counted | None
    supported: Supported | None
    steps: tuple[str, ...] = ()
    simple: Decimal = _ZERO
    """The simple annual rate on what was still owed (see ``simple_rate``): the figure
    the lines are compared with."""

    @property
    def above_applicable(self) -> tuple[LineResult, ...]:
        """The lines that bind this lender and that the cost is above."""
        return tuple(r for r in self.lines if r.line.applies and r.above)

    def with_steps(self, steps: tuple[str, ...]) -> RateAssessment:
        return self._replace(steps=steps)


N = TypeVar("N", Decimal, float)


def _beyond(loan: Loan, principal: N, rate: N, zero: N) -> N:
    """What was paid after the principal was cleared, at ``rate`` a year simple interest
    on the principal still owed, each payment going to the interest due first. In
    Decimal for the report's figures, in floats for simple_rate's bisection (which runs
    it many times): the same steps either way."""
    owed, interest, last, excess = principal, zero, loan.received_on, zero
    for flow in loan.flows:
        if flow.amount >= 0:
            continue
        interest += owed * rate * (flow.day - last).days / 365
        last = flow.day
        pay = -type(zero)(flow.amount)
        to_interest = min(pay, interest)
        interest -= to_interest
        pay -= to_interest
        to_principal = min(pay, owed)
        owed -= to_principal
        excess += pay - to_principal
    return excess


def allowed_on_balance(loan: Loan, principal: Decimal, rate: Decimal) -> Decimal:
    """What the borrower would pay in all at ``rate`` a year, simple interest on the
    principal still owed, each payment going to interest due first: the paid total
    less whatever was paid after the principal was cleared (never more than paid)."""
    return loan.paid - _beyond(loan, principal, rate, _ZERO)


def _left_over(loan: Loan, principal: float, rate: float) -> float:
    return _beyond(loan, principal, rate, 0.0)


def simple_rate(loan: Loan, principal: Decimal) -> Decimal:
    """The simple annual rate, on the principal still owed, at which the payments just
    clear the loan: the way the law's lines are counted, so the cost is above a line
    exactly when something was paid above it (``Excess.high`` > 0). 0 when nothing
    beyond the principal was paid."""
    base = float(principal)
    if _left_over(loan, base, 0.0) <= 1e-6:
        return _ZERO
    lo, hi = 0.0, 1.0
    while _left_over(loan, base, hi) > 1e-6 and hi < 1e7:
        lo, hi = hi, hi * 4
    for _ in range(80):
        mid = (lo + hi) / 2
        if _left_over(loan, base, mid) > 1e-6:
            lo = mid
        else:
            hi = mid
    return Decimal(repr(hi))


def _excess(loan: Loan, principal: Decimal, line: Line) -> Excess | None:
    if line.rate is None:
        return None
    rate = line.rate
    days = (loan.flows[-1].day - loan.received_on).days
    most = _cents(principal + principal * rate * days / _YEAR)
    balance = _cents(allowed_on_balance(loan, principal, rate))
    paid = _cents(loan.paid)
    return Excess(line.id, rate, days, most, balance, _cents(max(paid - most, _ZERO)),
                  _cents(max(paid - balance, _ZERO)))


def _supported(loan: Loan, found: tuple[LineResult, ...]) -> Supported | None:
    applying = [r for r in found if r.line.supports and r.line.applies]
    binding = [r for r in applying if r.excess is not None]
    if not binding:
        return None
    highest = max(binding, key=lambda r: r.line.rate or _ZERO)
    lowest = min(binding, key=lambda r: r.line.rate or _ZERO)
    assert highest.excess is not None and lowest.excess is not None
    more = {key for r in applying for key in r.line.more}
    why: list[str] = []
    if "rate_depends_on_lender" in more:
        why.append("unknown")
    if any(r.line.rate is None for r in applying):
        why.append("all_old_rules" if "rate_lpr_all_old_rules" in more else "needs_date")
    if any(r.line.rate == 0 for r in binding):
        why.append("void")
    if "rate_lpr_old_rules" in more:
        why.append("old_rules")
    unverified = any(r.line.status != "primary" for r in binding)
    if unverified and "unknown" not in why:
        why.append("licensed")
    # a line that is no verified law cannot promise the borrower anything: a court may
    # then enforce the contract in full, so the range starts at nothing above
    low = _cents(_ZERO) if unverified else highest.excess.low
    return Supported(tuple(r.line.id for r in binding), not why, _cents(loan.paid),
                     low, lowest.excess.high, tuple(why), "all_old_rules" not in why)


def _above(simple: Decimal, line: Line) -> bool | None:
    """Whether the cost is above ``line``: by its rate; with no rate but the range it
    has had (4 × LPR with no contract day), above or not when that is so whatever the
    day, else None (it depends on the day)."""
    if line.rate is not None:
        return simple > line.rate
    if line.bounds is not None:
        low, high = line.bounds
        if simple > high:
            return True
        if simple <= low:
            return False
    return None


def assess_rate(loan: Loan, kind: str, signed_on: date | None,
                lpr_override: Decimal | None = None) -> RateAssessment:
    """The loan's cost against the lines for lender ``kind`` signed on ``signed_on``.

    A loan whose payments add up to less than was received is refused (UsageProblem):
    its cost is not a cost but a loan not yet repaid, whose remaining payments are
    missing. Raises DataProblem (from the solver) when no rate fits the flows."""
    if loan.paid < loan.received:
        raise UsageProblem(
            f"the payments ({loan.paid}) add up to less than was received ({loan.received}): "
            "give the payments still to come too", key="rate_paid_less",
            hint_key="rate_paid_less_hint",
            params={"paid": money(loan.paid), "received": money(loan.received)})
    cost = annual_cost(loan)
    principal = loan.received
    simple = simple_rate(loan, principal)
    found = tuple(
        LineResult(line, _above(simple, line),
                   _excess(loan, principal, line) if line.applies else None)
        for line in lines(kind, signed_on, lpr_override, interest_until=loan.flows[-1].day))
    counted = None
    if loan.contract_principal is not None:
        counted = principal_counted(loan.received, loan.contract_principal, loan.paid)
    return RateAssessment(loan, kind, signed_on, cost, found, counted, _supported(loan, found),
                          simple=simple)


OWN_STEPS = {"complain_cost": "next_complain_cost", "report_police": "next_police_cost"}
"""Steps ``overdue rate`` says in its own words (labels.yaml ``rate:``), about the cost:
the rulebook's texts for these are about collection conduct."""

COMPLAINT_STEPS = ("complain_12378", "complain_local_regulator", "report_police")
"""Where to complain about the cost, in order, after raising it with the lender itself
(a step of rate's own: the rulebook's ``complain_lender`` is about collection); a
lender's rulebook entry narrows them."""


def next_steps(assessment: RateAssessment, lender_actions: tuple[str, ...],
               lender_skips: tuple[str, ...]) -> tuple[str, ...]:
    """The steps for a cost above a line that binds: raising the charges with the
    lender (``complain_cost``, rate's own step), the complaint channels the lender's
    kind allows (``skip_actions`` removed; the police only where the rulebook sends
    this kind there, in rate's own words about the cost), then legal aid. None when
    no binding line is crossed: then there is nothing to complain of."""
    if not assessment.above_applicable:
        return ()
    chosen = [a for a in COMPLAINT_STEPS
              if a not in lender_skips and (a != "report_police" or a in lender_actions)]
    # an unlicensed lender has no official customer service to raise the charges with
    first = () if "report_police" in chosen else ("complain_cost",)
    return (*first, *chosen, "legal_aid")
