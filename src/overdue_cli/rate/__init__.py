"""`overdue rate`'s pure core: what a loan really costs a year, and the lines the law draws.

Amounts and rates as people write them, a loan's cash flows, the IRR solver
(APR and effective annual rate) and the legal lines (4 × LPR, 24%, 36%) from
data. Imports text/ and errors only (the terminal interview also the catalogue);
prints nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.rate.amounts import (
        MAX_AMOUNT,
        PERIODS_PER_YEAR,
        Period,
        Rate,
        parse_amount,
        parse_rate,
    )
    from overdue_cli.rate.assess import Excess, LineResult, RateAssessment, assess_rate
    from overdue_cli.rate.flows import (
        EVERY,
        REFERENCE_DAY,
        Every,
        Flow,
        Loan,
        add_months,
        daily_rate,
        from_schedule,
        regular,
        with_flows,
    )
    from overdue_cli.rate.inputs import (
        EVERY_WORDS,
        RateInputs,
        build_loan,
        parse_dated,
        parse_every,
        read_schedule,
    )
    from overdue_cli.rate.interview import RateAnswers, run_rate_interview
    from overdue_cli.rate.irr import (
        HIGHEST,
        LOWEST,
        Cost,
        annual_cost,
        npv,
        percent,
        solve,
        xirr,
    )
    from overdue_cli.rate.law import (
        LENDER_KINDS,
        Counted,
        Line,
        LprOn,
        lines,
        lpr_data,
        lpr_on,
        principal_counted,
    )

__all__ = [
    "EVERY",
    "EVERY_WORDS",
    "HIGHEST",
    "LENDER_KINDS",
    "LOWEST",
    "MAX_AMOUNT",
    "PERIODS_PER_YEAR",
    "REFERENCE_DAY",
    "Cost",
    "Counted",
    "Every",
    "Excess",
    "Flow",
    "Line",
    "LineResult",
    "Loan",
    "LprOn",
    "Period",
    "Rate",
    "RateAnswers",
    "RateAssessment",
    "RateInputs",
    "add_months",
    "annual_cost",
    "assess_rate",
    "build_loan",
    "daily_rate",
    "from_schedule",
    "lines",
    "lpr_data",
    "lpr_on",
    "npv",
    "parse_amount",
    "parse_dated",
    "parse_every",
    "parse_rate",
    "percent",
    "principal_counted",
    "read_schedule",
    "regular",
    "run_rate_interview",
    "solve",
    "with_flows",
    "xirr",
]

__getattr__ = exports(__name__, {
    "Excess": "assess",
    "LineResult": "assess",
    "RateAssessment": "assess",
    "assess_rate": "assess",
    "MAX_AMOUNT": "amounts",
    "PERIODS_PER_YEAR": "amounts",
    "Period": "amounts",
    "Rate": "amounts",
    "parse_amount": "amounts",
    "parse_rate": "amounts",
    "EVERY": "flows",
    "REFERENCE_DAY": "flows",
    "Every": "flows",
    "Flow": "flows",
    "Loan": "flows",
    "add_months": "flows",
    "daily_rate": "flows",
    "from_schedule": "flows",
    "regular": "flows",
    "with_flows": "flows",
    "EVERY_WORDS": "inputs",
    "RateInputs": "inputs",
    "build_loan": "inputs",
    "parse_dated": "inputs",
    "parse_every": "inputs",
    "read_schedule": "inputs",
    "RateAnswers": "interview",
    "run_rate_interview": "interview",
    "HIGHEST": "irr",
    "LOWEST": "irr",
    "Cost": "irr",
    "annual_cost": "irr",
    "npv": "irr",
    "percent": "irr",
    "solve": "irr",
    "xirr": "irr",
    "LENDER_KINDS": "law",
    "Counted": "law",
    "Line": "law",
    "LprOn": "law",
    "lines": "law",
    "lpr_data": "law",
    "lpr_on": "law",
    "principal_counted": "law",
})
