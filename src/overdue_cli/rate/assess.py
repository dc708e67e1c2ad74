"""One loan assessed: its annual cost, the lines the law draws, and what lies above them.

Why: ``overdue rate`` must decide nothing in the CLI or the renderers, so the
comparisons (which line the cost is above, the principal the law counts when
interest was kept back, what was paid beyond the lowest line that binds) are made
here, once, from the pure pieces (flows, irr, law). The cost compared with each
line is the APR (the IRR annualised by simple multiplication, as lenders and
regulators quote a comprehensive annual cost): it is never above the effective
annual rate, so "above the line" is never overstated.

The excess is deliberately simple and errs in the borrower's disfavour: what the
line would allow is taken as the principal counted plus simple interest at the
line's rate on the whole principal for the loan's whole span (first money in to
last payment). An instalment loan repays principal as it goes, so a court's
figure would allow less, and the true excess is at least this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from overdue_cli.rate.flows import Loan
from overdue_cli.rate.irr import Cost, annual_cost
from overdue_cli.rate.law import Counted, Line, lines, principal_counted

__all__ = ["Excess", "LineResult", "RateAssessment", "assess_rate"]

_CENT = Decimal("0.01")
_ZERO = Decimal(0)


@dataclass(frozen=True)
class LineResult:
    """A line and whether the loan's cost is above it (None: the line has no rate)."""

    line: Line
    above: bool | None


@dataclass(frozen=True)
class Excess:
    """What was paid beyond what ``line_id`` would allow at most (a lower bound).

    ``allowed`` = principal counted + principal × rate × ``days`` / 365;
    ``amount`` = total paid − allowed, never below 0.
    """

    line_id: str
    rate: Decimal
    days: int
    allowed: Decimal
    amount: Decimal


@dataclass(frozen=True)
class RateAssessment:
    """Everything ``overdue rate`` shows, decided: cost, flows, lines, 砍头息, excess."""

    loan: Loan
    lender: str
    signed_on: date | None
    cost: Cost
    lines: tuple[LineResult, ...]
    counted: Counted | None
    excess: Excess | None

    @property
    def above_applicable(self) -> tuple[LineResult, ...]:
        """The lines that bind this lender and that the cost is above."""
        return tuple(r for r in self.lines if r.line.applies and r.above)


def _excess(loan: Loan, principal: Decimal, found: tuple[LineResult, ...]) -> Excess | None:
    binding = [r.line for r in found if r.line.applies and r.line.rate is not None]
    if not binding:
        return None
    lowest = min(binding, key=lambda line: line.rate or _ZERO)
    rate = lowest.rate or _ZERO
    days = (loan.flows[-1].day - loan.received_on).days
    allowed = (principal + principal * rate * days / 365).quantize(_CENT, ROUND_HALF_UP)
    amount = max(loan.paid - allowed, _ZERO).quantize(_CENT, ROUND_HALF_UP)
    return Excess(lowest.id, rate, days, allowed, amount)


def assess_rate(loan: Loan, kind: str, signed_on: date | None,
                lpr_override: Decimal | None = None) -> RateAssessment:
    """The loan's cost against the lines for lender ``kind`` signed on ``signed_on``.

    Raises DataProblem (from the solver) when no rate fits the flows."""
    cost = annual_cost(loan)
    found = tuple(LineResult(line, None if line.rate is None
                             else (cost.above or cost.apr > line.rate))
                  for line in lines(kind, signed_on, lpr_override))
    counted = None
    if loan.contract_principal is not None:
        counted = principal_counted(loan.received, loan.contract_principal, loan.paid)
    principal = loan.received
    return RateAssessment(loan, kind, signed_on, cost, found, counted,
                          _excess(loan, principal, found))
