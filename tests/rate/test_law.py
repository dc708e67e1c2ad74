"""The legal lines (rate/law.py, rate/lpr.yaml): the LPR on a day, the lines per lender
kind, and the principal the law counts when interest was kept back."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from overdue_cli.rate.law import LENDER_KINDS, Line, lines, lpr_data, lpr_on, principal_counted

LEGAL = Path("/work/shared/reference/legal.md")
RULES = Path(__file__).resolve().parents[2] / "data" / "rules.yaml"
LABELS = Path(__file__).resolve().parents[2] / "src" / "overdue_cli" / "locale" / "labels.yaml"
WORDS = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["rate"]


@pytest.mark.parametrize(("day", "value", "since"), [
    (date(2019, 8, 20), "0.0425", date(2019, 8, 20)),
    (date(2020, 4, 19), "0.0405", date(2020, 2, 20)),
    (date(2020, 4, 20), "0.0385", date(2020, 4, 20)),
    (date(2021, 12, 19), "0.0385", date(2020, 4, 20)),
    (date(2025, 3, 10), "0.031", date(2024, 10, 21)),
    (date(2025, 5, 20), "0.03", date(2025, 5, 20)),
    (date(2026, 8, 22), "0.03", date(2025, 5, 20)),
])
def test_the_lpr_in_force_on_a_day(day: date, value: str, since: date) -> None:
    found = lpr_on(day)
    assert (found.value, found.since, found.stale) == (D(value), since, False)
    assert found.status == "secondary" and found.source == "legal.md §24"


def test_before_the_series_there_is_no_lpr() -> None:
    found = lpr_on(date(2019, 8, 19))
    assert found.value is None and found.reason_key == "rate_lpr_before_series"


def test_two_months_after_the_as_of_date_the_value_is_stale() -> None:
    assert lpr_data().as_of == date(2026, 6, 22)
    found = lpr_on(date(2026, 8, 23))
    assert found.value == D("0.03") and found.stale and found.reason_key == "rate_lpr_stale"


def test_the_table_holds_the_reference_values() -> None:
    """Every (date, value) in lpr.yaml appears in legal.md §24.3 as written there."""
    if not LEGAL.exists():
        pytest.skip("the shared legal reference is not here")
    section = LEGAL.read_text(encoding="utf-8").split("| 24.3 |", 1)[1].split("\n", 1)[0]
    written = {(date.fromisoformat(d), D(v) / 100)
               for d, v in re.findall(r"(\d{4}-\d{2}-\d{2})\*?\*? (\d\.\d\d)", section)}
    assert set(lpr_data().series) == written


def _by_id(kind: str, signed: date | None = date(2025, 6, 1), lpr: D | None = None
           ) -> dict[str, Line]:
    return {line.id: line for line in lines(kind, signed, lpr)}


def test_private_lenders_are_capped_at_four_times_the_lpr_at_signing() -> None:
    found = _by_id("unlicensed")
    cap = found["lpr4"]
    assert cap.rate == D("0.12") and cap.applies and cap.status == "primary"
    assert cap.lpr is not None and cap.lpr.status == "secondary"
    assert found["illegal_lending_36"].applies
    assert not found["court_24"].applies and not found["cash_loan_36"].applies
    assert _by_id("unlicensed", date(2020, 9, 1))["lpr4"].rate == D("0.1540")


@pytest.mark.parametrize("kind", ["bank", "credit_card", "consumer_finance", "small_loan"])
def test_licensed_lenders_are_not_capped_at_four_times_the_lpr(kind: str) -> None:
    found = _by_id(kind)
    assert not found["lpr4"].applies and not found["illegal_lending_36"].applies
    assert found["court_24"].rate == D("0.24") and found["court_24"].applies
    # a law firm's reading (secondary) of a notice, and an unverified opinion: no more
    assert found["court_24"].status == "unverified" and found["court_24"].supports
    assert "unverified" in found["court_24"].source_ref
    # the 2017 red line is a regulator's, not what a court supports
    assert found["cash_loan_36"].rate == D("0.36") and found["cash_loan_36"].applies
    assert not found["cash_loan_36"].supports


@pytest.mark.parametrize("kind", ["unknown", "platform"])
def test_when_the_lender_is_unclear_every_line_shows_and_says_so(kind: str) -> None:
    for line in lines(kind, date(2025, 6, 1)):
        assert line.applies and "rate_depends_on_lender" in line.more


def test_the_lpr_line_without_a_date_or_before_the_series_or_overridden() -> None:
    undated = _by_id("unlicensed", None)["lpr4"]
    assert undated.rate is None and "rate_lpr_needs_date" in undated.more
    early = _by_id("unlicensed", date(2019, 1, 1))["lpr4"]
    assert early.rate is None and "rate_lpr_before_series" in early.more
    assert "rate_lpr_old_rules" in early.more
    given = _by_id("unlicensed", date(2025, 6, 1), D("0.035"))["lpr4"]
    assert given.rate == D("0.140") and "rate_lpr_given" in given.more


def test_every_lender_kind_is_the_rulebooks_and_every_note_has_both_languages() -> None:
    ids = [entry["id"] for entry in yaml.safe_load(RULES.read_text(encoding="utf-8"))["lenders"]]
    assert set(LENDER_KINDS) == set(ids)
    data = lpr_data()
    assert data.licensed | data.private <= set(ids)
    keys = {line.note_key for kind in LENDER_KINDS for line in lines(kind, date(2019, 1, 1))}
    keys |= {k for kind in LENDER_KINDS for d in (None, date(2019, 1, 1), date(2027, 1, 1))
             for line in lines(kind, d) for k in line.more}
    keys |= {k for line in lines("unknown", None, D("0.03")) for k in line.more}
    for key in keys | {"rate_lpr_stale", "rate_ask_lpr_stale"}:
        assert WORDS.get(key, {}).get("zh") and WORDS[key].get("en"), key


def test_every_line_cites_rulebook_sources_and_their_articles() -> None:
    sources = {s["id"]: s for s in yaml.safe_load(RULES.read_text(encoding="utf-8"))["sources"]}
    cited = [c for line in lines("unknown", date(2025, 6, 1)) for c in line.basis]
    cited += list(lpr_data().deducted_basis)
    assert cited
    for cite in cited:
        assert cite.source in sources, cite
        assert set(cite.articles) <= set(sources[cite.source].get("articles", [])), cite


def test_every_line_cites_the_reference_at_its_status() -> None:
    statuses = {"primary", "secondary", "unverified"}
    for line in lines("unknown", date(2025, 6, 1)):
        assert line.status in statuses and line.source_ref.startswith("legal.md §")
        assert line.authority in {"judicial_interpretation", "regulator_rule",
                                  "normative_document"}


def test_money_kept_back_is_not_principal() -> None:
    counted = principal_counted(D(3500), D(5000), D(6400))
    assert counted.principal == D(3500) and counted.deducted == D(1500)
    assert counted.interest_claimed == D(1400) and counted.interest_counted == D(2900)
    assert counted.source_ref == "legal.md §9.2" and counted.status == "primary"
    same = principal_counted(D(5000), D(5000), D(5200))
    assert same.deducted == 0 and same.interest_counted == same.interest_claimed == D(200)
