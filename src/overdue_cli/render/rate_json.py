"""``overdue rate --json``: the assessment as one document (schemas/rate.schema.json).

Why a module of its own: render/json.py is check's and near its size limit; this
one shares its envelope and its steps. Money and rates are strings of decimals (no
float rounding); rates are fractions a year, with a two-decimal percentage beside
them. Laws are cited by rulebook source id and title, as check's basis is.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from overdue_cli.rate import OWN_STEPS, Cite, Excess, money, percent
from overdue_cli.render.json_doc import envelope, steps, write_document
from overdue_cli.render.results import RateOutput

if TYPE_CHECKING:
    from overdue_cli.locale import Localizer
    from overdue_cli.rulebook import Rulebook


def _rate(value: Decimal | None) -> dict[str, str] | None:
    return None if value is None else {"fraction": str(value), "percent": percent(value)}


def _basis(book: Rulebook, loc: Localizer, basis: Iterable[Cite]) -> list[dict[str, Any]]:
    words = book.labels.get("rate", {})
    out = []
    for cite in basis:
        source = book.sources[cite.source]
        out.append({"source_id": source.id, "title": loc(source.title),
                    "articles": list(cite.articles), "authority": source.kind,
                    "status": source.status,
                    "note": (loc(words[cite.note]) or None)
                    if cite.note and cite.note in words else None})
    return out


def _excess(e: Excess | None) -> dict[str, Any] | None:
    return None if e is None else {
        "days": e.days, "allowed_most": str(e.allowed_most),
        "allowed_on_balance": str(e.allowed_balance), "at_least": str(e.low),
        "at_most": str(e.high)}


def rate(out: RateOutput, stream: TextIO) -> None:
    """The cost, the lines, 砍头息, what a court would support, and the cash flows."""
    a, loc, book = out.assessment, out.loc, out.book
    words = book.labels.get("rate", {})

    def said(key: str) -> str:
        return (loc(words[key]) or key) if key in words else key

    doc = envelope("rate", loc=loc, book=book)
    loan, cost = a.loan, a.cost
    doc["lender"] = a.lender
    doc["signed_on"] = a.signed_on.isoformat() if a.signed_on else None
    doc["cost"] = {"simple": _rate(a.simple), "apr": _rate(cost.apr), "ear": _rate(cost.ear),
                   "daily": _rate(cost.daily),
                   "periodic": _rate(cost.periodic), "periods_per_year": cost.periods_per_year}
    doc["lines"] = [{
        "id": r.line.id, "rate": _rate(r.line.rate), "applies": r.line.applies,
        "above": r.above, "supports": r.line.supports, "authority": r.line.authority,
        "status": r.line.status, "source_ref": r.line.source_ref,
        "basis": _basis(book, loc, r.line.basis), "note": said(r.line.note_key),
        "more": list(r.line.more), "excess": _excess(r.excess)} for r in a.lines]
    doc["principal_counted"] = None if a.counted is None else {
        "contract": money(loan.contract_principal or a.counted.principal),
        "received": money(a.counted.principal), "deducted": money(a.counted.deducted),
        "interest_claimed": money(a.counted.interest_claimed),
        "interest_counted": money(a.counted.interest_counted),
        "source_ref": a.counted.source_ref, "status": a.counted.status,
        "basis": _basis(book, loc, a.counted.basis)}
    s = a.supported
    doc["supported"] = None if s is None else {
        "lines": list(s.lines), "clear": s.clear, "why_unclear": list(s.why_unclear),
        "estimate": s.estimate,
        "paid": str(s.paid),
        "supported": {"at_least": str(s.supported_low), "at_most": str(s.supported_high)},
        "excess": {"at_least": str(s.excess_low), "at_most": str(s.excess_high)}}
    doc["received"] = money(loan.received)
    doc["paid"] = money(loan.paid)
    doc["fees"] = money(loan.fees)
    doc["flows"] = [{"day": f.day.isoformat(), "amount": money(f.amount), "period": f.period,
                     "kind": f.kind} for f in loan.flows]
    keep = [{"id": "keep_loan_records", "text": loc(words["next_keep"]) or ""}]
    own = {step: loc(words[key]) or "" for step, key in OWN_STEPS.items()}
    listed = [{"id": step, "text": own[step]} if step in own else steps(book, loc, [step])[0]
              for step in a.steps]
    fees = [{"id": "explain_fees", "text": loc(words["next_explain"]) or ""}]
    doc["next_steps"] = [*keep, *listed, *fees]
    write_document(stream, doc)
