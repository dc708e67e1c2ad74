"""The lines the law draws on a loan's annual cost, from data (rate/lpr.yaml).

Why: whether a loan's cost is enforceable depends on who lent and when the
contract was made: 4 × the one-year LPR at signing for private and unlicensed
lenders (legal.md §9.3–§9.6), the 24% and 36% flags for licensed ones (§9.7–§9.9,
engine rule 3), and for unlicensed lending above 36% the criminal-law notes
(§9.10, §9 engine rule 2). The LPR history and the lines live in ``lpr.yaml``
with their sources and statuses, so a new LPR fixing is a data change, and the
status legal.md gives (primary, secondary, unverified) travels with each line.
The file is read on first use only. Also: the principal the law counts when
interest was kept back at the start (民法典 670, §9.2).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from overdue_cli.rate.flows import add_months
from overdue_cli.text import read_compiled

__all__ = ["LENDER_KINDS", "Cite", "Counted", "Line", "LprOn", "lines", "lpr_data", "lpr_on",
           "principal_counted"]

LENDER_KINDS = ("bank", "credit_card", "consumer_finance", "small_loan", "platform",
                "unlicensed", "unknown")
_FILE = Path(__file__).with_name("lpr.yaml")
_HUNDRED = Decimal(100)


# Records here are NamedTuples, not frozen dataclasses: as immutable, and defined at a
# tenth of the cost, which `overdue rate` pays at every start-up.
class Cite(NamedTuple):
    """A rulebook source (data/rules.yaml ``sources:`` id) and the articles cited,
    so a report names the law by its title, never by a file's section number."""

    source: str
    articles: tuple[str, ...] = ()
    note: str | None = None
    """A labels key (``rate:``) said beside the citation: what it does not say."""


def _cites(raw: list[dict[str, Any]] | None) -> tuple[Cite, ...]:
    return tuple(Cite(str(c["source"]), tuple(str(a) for a in c.get("articles", ())),
                      c.get("note")) for c in raw or ())


class LprData(NamedTuple):
    """lpr.yaml, read: the LPR series (fractions a year) and the lines."""

    series: tuple[tuple[date, Decimal], ...]
    as_of: date
    stale_after_months: int
    source: str
    status: str
    old_rules_before: date
    licensed: frozenset[str]
    private: frozenset[str]
    lines: tuple[dict[str, Any], ...]
    deducted_basis: tuple[Cite, ...] = ()


@cache
def lpr_data() -> LprData:
    """The LPR table and the lines, read once from the package's lpr.yaml."""
    raw = _read()
    series = tuple(sorted((row["since"], Decimal(str(row["value"])) / _HUNDRED)
                          for row in raw["lpr"]))
    return LprData(series, raw["as_of"], int(raw["stale_after_months"]), str(raw["source"]),
                   str(raw["status"]), raw["old_rules_before"], frozenset(raw["licensed"]),
                   frozenset(raw["private"]), tuple(raw["lines"]),
                   _cites(raw.get("deducted_basis")))


def _read() -> dict[str, Any]:
    """lpr.yaml, parsed: from the JSON copy the wheel ships beside it (hatch_build.py)
    while it was made from exactly these bytes, since importing a YAML parser costs
    more than the rest of ``overdue rate``'s start-up; else from the YAML itself."""
    data = _FILE.read_bytes()
    raw: dict[str, Any] | None = read_compiled(_FILE, data, "lpr")
    if raw is not None:  # JSON keeps dates as text
        for key in ("as_of", "old_rules_before"):
            raw[key] = date.fromisoformat(raw[key])
        for row in raw["lpr"]:
            row["since"] = date.fromisoformat(row["since"])
        return raw
    import yaml

    loaded: dict[str, Any] = yaml.safe_load(data.decode("utf-8"))
    return loaded


class LprOn(NamedTuple):
    """The one-year LPR in force on a day (a fraction a year), or None with a reason.

    ``stale`` is set when the day is more than two months after the table's as-of
    date: a later fixing may have changed it. ``status`` is the table's (secondary).
    """

    day: date
    value: Decimal | None
    since: date | None
    stale: bool
    status: str
    source: str
    reason_key: str | None = None


def lpr_on(day: date) -> LprOn:
    """The LPR in force on ``day``: the last value fixed on or before it."""
    data = lpr_data()
    stale = day > add_months(data.as_of, data.stale_after_months)
    found = [(since, value) for since, value in data.series if since <= day]
    if not found:
        return LprOn(day, None, None, False, data.status, data.source,
                     "rate_lpr_before_series")
    since, value = found[-1]
    return LprOn(day, value, since, stale, data.status, data.source,
                 "rate_lpr_stale" if stale else None)


class Line(NamedTuple):
    """One line on the annual cost (a fraction a year), with where it comes from.

    ``applies`` says whether it binds this kind of lender; ``rate`` is None when it
    cannot be worked out (a 4 × LPR line with no LPR for the day). ``note_key`` names
    the line's text in locale/cli.yaml; ``more`` names further notes that hold here
    (the LPR's date or staleness, old rules, "depends on who lent").
    """

    id: str
    rate: Decimal | None
    authority: str
    status: str
    source_ref: str
    applies: bool
    note_key: str
    more: tuple[str, ...] = ()
    lpr: LprOn | None = None
    supports: bool = False
    """The line bounds what a court would support (the criminal-law line does not)."""
    basis: tuple[Cite, ...] = ()
    bounds: tuple[Decimal, Decimal] | None = None
    """For a 4 × LPR line with no contract day: the lowest and highest it has been on
    any day of the LPR table, so a cost above the highest is above it whatever the day."""


def _applies(spec: dict[str, Any], kind: str, data: LprData) -> bool:
    group = data.licensed if spec["for"] == "licensed" else data.private
    return kind in group or kind not in data.licensed | data.private


def lines(lender_kind: str, signed_on: date | None,
          lpr_override: Decimal | None = None, *, interest_until: date | None = None) -> list[Line]:
    """The lines for a lender kind (a rulebook lender id) and a contract date.

    ``lpr_override`` (a fraction a year) replaces the table's LPR. An unknown kind
    (``unknown``, ``platform`` or any id outside the licensed and private groups)
    gets every line, each marked as applying and noting that it depends on who lent.
    ``interest_until`` is the loan's last day: when all its interest arose before the
    2020 rules (legal.md §24 engine notes), the 4 × LPR line does not apply to any of
    it, and the old rules it follows are not held here, so the line has no rate.
    """
    data = lpr_data()
    unsure = lender_kind not in data.licensed | data.private
    found: list[Line] = []
    for spec in data.lines:
        more: list[str] = ["rate_depends_on_lender"] if unsure else []
        rate: Decimal | None
        lpr = None
        bounds: tuple[Decimal, Decimal] | None = None
        if "lpr_times" in spec:
            all_old = interest_until is not None and interest_until < data.old_rules_before
            if all_old:
                rate, more = None, [*more, "rate_lpr_all_old_rules"]
            elif lpr_override is not None:
                rate, more = lpr_override * int(spec["lpr_times"]), [*more, "rate_lpr_given"]
            elif signed_on is None:
                rate, more = None, [*more, "rate_lpr_needs_date"]
                times = int(spec["lpr_times"])
                bounds = (min(v for _, v in data.series) * times,
                          max(v for _, v in data.series) * times)
            else:
                lpr = lpr_on(signed_on)
                rate = None if lpr.value is None else lpr.value * int(spec["lpr_times"])
                more += [lpr.reason_key] if lpr.reason_key else []
            if signed_on is not None and signed_on < data.old_rules_before and not all_old:
                more.append("rate_lpr_old_rules")
        else:
            rate = Decimal(str(spec["rate"])) / _HUNDRED
        found.append(Line(str(spec["id"]), rate, str(spec["authority"]), str(spec["status"]),
                          str(spec["source_ref"]), _applies(spec, lender_kind, data),
                          str(spec["note"]), tuple(more), lpr, bool(spec.get("supports")),
                          _cites(spec.get("basis")), bounds))
    return found


class Counted(NamedTuple):
    """What the law counts when interest was kept back from the principal (砍头息).

    民法典 第670条 (legal.md §9.2, primary): the principal is what was actually
    received. ``interest_claimed`` is what the contract's figures call interest
    (repaid − contract principal); ``interest_counted`` is the interest recomputed
    on the principal the law counts (repaid − received).
    """

    principal: Decimal
    deducted: Decimal
    interest_claimed: Decimal
    interest_counted: Decimal
    source_ref: str = "legal.md §9.2"
    status: str = "primary"
    basis: tuple[Cite, ...] = ()


def principal_counted(received: Decimal, contract: Decimal, repaid: Decimal) -> Counted:
    """The principal the law counts (what was received) and the interest on it."""
    principal = min(received, contract)
    return Counted(principal, contract - principal, repaid - contract, repaid - principal,
                   basis=lpr_data().deducted_basis)
