"""``overdue rate --json``: the assessment as one document (schemas/rate.schema.json).

Why a module of its own: render/json.py is check's and near its size limit; this
one shares its envelope. Money and rates are strings of decimals (no float
rounding); rates are fractions a year, with a two-decimal percentage beside them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TextIO

from overdue_cli.locale.cli_text import CliText
from overdue_cli.rate import percent
from overdue_cli.render.json import envelope, write_document
from overdue_cli.render.results import RateOutput


def _rate(value: Decimal | None) -> dict[str, str] | None:
    return None if value is None else {"fraction": str(value), "percent": percent(value)}


def rate(out: RateOutput, stream: TextIO) -> None:
    """The cost, the lines, 砍头息, the excess and the cash flows."""
    a, loc = out.assessment, out.loc
    text = CliText(loc.lang)
    doc = envelope("rate", loc=loc, book=out.book)
    loan, cost = a.loan, a.cost
    doc["lender"] = a.lender
    doc["signed_on"] = a.signed_on.isoformat() if a.signed_on else None
    doc["cost"] = {"apr": _rate(cost.apr), "ear": _rate(cost.ear), "daily": _rate(cost.daily),
                   "periodic": _rate(cost.periodic), "periods_per_year": cost.periods_per_year}
    doc["lines"] = [{
        "id": r.line.id, "rate": _rate(r.line.rate), "applies": r.line.applies,
        "above": r.above, "authority": r.line.authority, "status": r.line.status,
        "source_ref": r.line.source_ref, "note": text.message(r.line.note_key),
        "more": list(r.line.more)} for r in a.lines]
    doc["principal_counted"] = None if a.counted is None else {
        "contract": str(loan.contract_principal), "received": str(a.counted.principal),
        "deducted": str(a.counted.deducted),
        "interest_claimed": str(a.counted.interest_claimed),
        "interest_counted": str(a.counted.interest_counted),
        "source_ref": a.counted.source_ref, "status": a.counted.status}
    doc["excess"] = None if a.excess is None else {
        "line": a.excess.line_id, "rate": _rate(a.excess.rate), "days": a.excess.days,
        "allowed": str(a.excess.allowed), "at_least": str(a.excess.amount)}
    doc["received"] = str(loan.received)
    doc["paid"] = str(loan.paid)
    doc["fees"] = str(loan.fees)
    doc["flows"] = [{"day": f.day.isoformat(), "amount": str(f.amount), "period": f.period}
                    for f in loan.flows]
    write_document(stream, doc)
