"""The annual cost of a loan: the internal rate of return of its real cash flows.

Why: the cost a court or a regulator compares with its lines is the comprehensive
annual cost, counting fees and 砍头息 (legal.md §9, engine rule 1), and that is the
rate at which what the borrower received and what they paid are worth the same.
Two figures are reported, both as fractions (0.12 = 12%):

- ``ear``, the effective annual rate: the r for which
  Σ amount_i / (1 + r) ** (days_i / 365) = 0, days counted from the first flow
  (the XIRR convention);
- ``apr``, the nominal annual rate: for a regular schedule, the rate per period
  (the same equation with the instalment's number in place of days / 365) times
  the periods in a year (365, 52, 26 or 12); for any other flows, 365 × the daily
  rate d with (1 + d) ** 365 = 1 + ear.

The solver works on floats in ln(1 + r), where the NPV is smooth: it looks for
a sign change of the NPV on a grid over (−0.9999, 1e6), then narrows it with
Newton steps that fall back to bisection whenever a step leaves the bracket, so
it always ends. ``annual_cost`` solves for the daily rate (the unit is a day),
so even a 714-style loan whose EAR is beyond 1e6 has a daily rate and an APR
(its ``ear`` is then None). Money comes in as ``Decimal`` and rates go out as
``Decimal``; ``percent`` rounds to two decimals, for display only. No rate in
that range (all flows one way, or no root) raises ``DataProblem`` (exit 3).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from overdue_cli.errors import DataProblem
from overdue_cli.rate.flows import EVERY, Flow, Loan

__all__ = ["HIGHEST", "LOWEST", "Cost", "annual_cost", "money", "npv", "percent", "solve",
           "xirr"]

LOWEST = -0.9999
HIGHEST = 1e6
_GRID = 600
_ITERATIONS = 400


# Records here are NamedTuples, not frozen dataclasses: as immutable, and defined at a
# tenth of the cost, which `overdue rate` pays at every start-up.
class Cost(NamedTuple):
    """A loan's annual cost (fractions; see the module's docstring for each).

    ``periodic`` and ``periods_per_year`` are set when the APR comes from a regular
    schedule; ``daily`` is the daily rate equivalent to ``ear`` in every case.
    ``ear`` is None when it is above HIGHEST (see ``above``).
    """

    ear: Decimal | None
    apr: Decimal
    daily: Decimal
    periodic: Decimal | None = None
    periods_per_year: int | None = None

    @property
    def above(self) -> bool:
        """The effective annual rate is above 100,000,000%: beyond every line."""
        return self.ear is None


def npv(times: Sequence[float], amounts: Sequence[float], rate: float) -> float:
    """Σ amount / (1 + rate) ** time: the flows' worth at time 0 at ``rate``."""
    return math.fsum(a * math.pow(1.0 + rate, -t) for t, a in zip(times, amounts, strict=True))


def _sign(times: Sequence[float], amounts: Sequence[float], x: float) -> float:
    """The NPV at r = e**x − 1, scaled by a positive factor so it never overflows."""
    exponents = [-x * t for t in times]
    top = max(exponents)
    return sum(a * math.exp(e - top) for e, a in zip(exponents, amounts, strict=True))


def _value_and_slope(times: Sequence[float], amounts: Sequence[float],
                     x: float) -> tuple[float, float] | None:
    try:
        terms = [(a * math.exp(-x * t), t) for t, a in zip(times, amounts, strict=True)]
    except OverflowError:
        return None
    return sum(v for v, _ in terms), -sum(v * t for v, t in terms)


def _narrow(times: Sequence[float], amounts: Sequence[float], lo: float, hi: float) -> float:
    """The root of the NPV between lo and hi (in ln(1 + r)), where its sign changes.

    Newton steps while they land inside the bracket and the bracket keeps halving;
    a bisection step otherwise (Newton crawls when started far out on the
    exponential), so the bracket at least halves every other step and the loop ends.
    """
    f_lo = _sign(times, amounts, lo)
    x, width = (lo + hi) / 2, hi - lo
    for _ in range(_ITERATIONS):
        f_x = _sign(times, amounts, x)
        if f_x == 0:
            return x
        if (f_x > 0) == (f_lo > 0):
            lo, f_lo = x, f_x
        else:
            hi = x
        newton = None
        pair = _value_and_slope(times, amounts, x)
        if pair is not None and pair[1] != 0 and math.isfinite(pair[0] / pair[1]):
            change = pair[0] / pair[1]
            newton = x - change
            if abs(change) <= max(4 * math.ulp(x), 1e-15 * abs(x)) and lo <= newton <= hi:
                return newton  # converged
        halved, width = hi - lo <= width / 2, hi - lo
        following = newton if newton is not None and lo < newton < hi and halved \
            else (lo + hi) / 2
        if following in (lo, hi) or hi - lo <= max(4 * math.ulp(max(-lo, hi)), 1e-18):
            return following
        x = following
    return x


def solve(times: Sequence[float], amounts: Sequence[float]) -> float:
    """The rate r in (LOWEST, HIGHEST) per unit of ``times`` with NPV 0; the root
    nearest to r = 0 when there are several. Raises DataProblem when there is none.

    The grid is walked outward from r = 0 on both sides at once, so a usual loan's
    root is bracketed after a step or two and the rest of the grid never evaluated.
    """
    if not any(a > 0 for a in amounts) or not any(a < 0 for a in amounts):
        raise DataProblem("the cash flows all go one way, so there is no rate",
                          key="rate_one_way")
    at_zero = _sign(times, amounts, 0.0)
    if at_zero == 0:
        return 0.0
    # each side: [the last x looked at, the NPV's sign there, the side's end]
    sides = [[0.0, at_zero, math.log1p(HIGHEST)], [0.0, at_zero, math.log1p(LOWEST)]]
    for k in range(1, _GRID + 1):
        for side in sides:
            x = side[2] * k / _GRID
            here = _sign(times, amounts, x)
            if here == 0:
                return math.expm1(x)
            if (here > 0) != (side[1] > 0):
                low, high = sorted((side[0], x))
                return math.expm1(_narrow(times, amounts, low, high))
            side[0], side[1] = x, here
    raise DataProblem("no interest rate fits these cash flows", key="rate_no_solution")


def _fraction(value: float) -> Decimal:
    """A float rate as the shortest Decimal that reads back as the same float: every
    digit the solver found, nothing invented (quantizing lost a cent on big loans)."""
    return Decimal(repr(value + 0.0))  # + 0.0: no negative zero


def xirr(flows: Sequence[Flow]) -> Decimal:
    """The effective annual rate of dated flows (days from the first, over 365)."""
    if not flows:
        raise DataProblem("there are no cash flows", key="rate_one_way")
    start = min(f.day for f in flows)
    times = [(f.day - start).days / 365 for f in flows]
    return _fraction(solve(times, [float(f.amount) for f in flows]))


def annual_cost(loan: Loan) -> Cost:
    """The loan's EAR, APR and daily rate (and its rate per period when regular).

    The daily rate d is solved with the days themselves as the unit, and the EAR is
    (1 + d) ** 365 − 1: the same r as the XIRR equation, found without overflow. An
    EAR above HIGHEST (100,000,000%, a 714-style loan can get there) is None; the
    daily rate and the APR are still given. One at or below LOWEST (−99.99%: almost
    nothing repaid) raises DataProblem, as no rate at all does.
    """
    start = loan.received_on
    days = [float((f.day - start).days) for f in loan.flows]
    amounts = [float(f.amount) for f in loan.flows]
    daily = solve(days, amounts)
    year = 365 * math.log1p(daily)
    if year <= math.log1p(LOWEST):  # almost nothing repaid: no cost to speak of
        raise DataProblem("no interest rate fits these cash flows", key="rate_no_solution")
    ear = _fraction(math.expm1(year)) if year <= math.log1p(HIGHEST) else None
    if loan.every is not None:
        per_year = EVERY[loan.every]
        periodic = solve(_periods(loan), amounts)
        return Cost(ear, _fraction(periodic * per_year), _fraction(daily), _fraction(periodic),
                    per_year)
    return Cost(ear, _fraction(daily * 365), _fraction(daily))


def _periods(loan: Loan) -> list[float]:
    """Each flow's time in periods of the loan's plan: a planned instalment's number,
    and for a payment or fee beside the plan its place between the planned days around
    it (a late fee halfway through week 3 is at 2.5). So one payment more, or a late
    fee, keeps the APR on the plan's footing and can only raise it, rather than switch
    the APR to a daily basis that reads lower for the same loan."""
    planned = sorted({(f.period, f.day) for f in loan.flows if f.period is not None})
    times: list[float] = []
    for flow in loan.flows:
        if flow.period is not None:
            times.append(float(flow.period))
            continue
        before = [(k, day) for k, day in planned if day <= flow.day]
        after = [(k, day) for k, day in planned if day > flow.day]
        k0, d0 = before[-1] if before else planned[0]
        if after:
            k1, d1 = after[0]
        else:  # past the last instalment: at the plan's average step
            k1, d1 = k0 + 1, d0 + (planned[-1][1] - planned[0][1]) / max(planned[-1][0], 1)
        span = (d1 - d0).days or 1
        times.append(k0 + (k1 - k0) * (flow.day - d0).days / span)
    return times


def money(amount: Decimal) -> str:
    """An amount in yuan as shown and written in JSON: always two decimals (6400.00)."""
    return str(amount.quantize(Decimal("0.01"), ROUND_HALF_UP))


def percent(rate: Decimal) -> str:
    """A fraction as a percentage to two decimals, for display: 0.1268 → '12.68%'."""
    shown = (rate * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{shown if shown else abs(shown)}%"  # never "-0.00%"
