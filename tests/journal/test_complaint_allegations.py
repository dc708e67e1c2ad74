"""What a complaint draft alleges: the conduct, in the third person, never advice.

A rule's title speaks to the borrower ("…多半是吓唬", "可以提异议"); a draft sent to a
regulator says what the other side did. Each rule a finding can cite has its own
allegation in templates/complaint/allegations.yaml; a rule without one (a custom
rulebook) falls back to a plain statement that is not advice either.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path

import pytest

from overdue_cli.journal import Filter, build
from overdue_cli.journal.analysis import analyse
from overdue_cli.journal.complaint import allegation, build_context
from overdue_cli.journal.complaint_render import COMPLAINT_VERDICTS, allegations, render_complaint
from overdue_cli.journal.events import Event, Source
from overdue_cli.journal.store import Journal
from overdue_cli.locale import Localizer
from overdue_cli.readers import CHINA_TZ
from overdue_cli.rulebook import Rulebook, Text, load_rulebook

from ..conftest import RULES

ADVICE = ("你", "您", "多半", "吓唬", "建议", "可以", "应该", "不要", "别", "？", "?", "是正常",
          "没关系", "不用")
"""Words of advice or reassurance: a draft speaks of the other side's conduct, not to
the borrower."""
SUBJECTS = ("对方", "被投诉机构", "有人")
NOW = datetime(2026, 1, 22, 12, 0, tzinfo=CHINA_TZ)


def pleadable(book: Rulebook) -> list[str]:
    return [r.id for r in book.rules if r.verdict in COMPLAINT_VERDICTS]


def test_every_rule_a_finding_can_cite_has_an_allegation() -> None:
    book = load_rulebook(RULES)
    missing = [rule_id for rule_id in pleadable(book) if rule_id not in allegations()]
    assert not missing, f"add these to templates/complaint/allegations.yaml: {missing}"


def test_no_allegation_is_for_a_rule_that_is_gone() -> None:
    book = load_rulebook(RULES)
    known = {r.id for r in book.rules}
    assert set(allegations()) <= known, set(allegations()) - known


@pytest.mark.parametrize("rule_id", pleadable(load_rulebook(RULES)))
def test_each_allegation_states_conduct_not_advice(rule_id: str) -> None:
    book = load_rulebook(RULES)
    rule = next(r for r in book.rules if r.id == rule_id)
    text = allegation(book, rule)
    assert text.startswith(SUBJECTS), text
    own = re.sub(r"“[^”]*”", "", text)  # a quoted name ("呼死你") is not the draft speaking
    assert not any(word in own for word in ADVICE), text
    assert "{" not in text and "}" not in text, text  # every placeholder filled
    assert not re.search(r"第\S+条", text), text  # articles are the basis's job
    title = Localizer("zh-Hans")(rule.title) or ""
    assert text != title


def test_thresholds_come_from_the_rule() -> None:
    book = load_rulebook(RULES)
    for rule in book.rules:
        for key in ("calls_per_day_gt", "attempts_per_day_gt"):
            if key in rule.when and rule.id in allegations():
                assert f"超过{rule.when[key]}次" in allegation(book, rule)
    quiet = next(r for r in book.rules if r.id == "contact.quiet_hours")
    assert f"{book.quiet_start}:00至次日{book.quiet_end}:00" in allegation(book, quiet)


def test_a_rule_without_an_allegation_falls_back_to_plain_conduct() -> None:
    """Even a rule titled as advice ("多半是吓唬，不用理") is never quoted in a draft."""
    book = load_rulebook(RULES)
    base = next(r for r in book.rules if r.id == "fake_legal.false_consequence")
    custom = dataclasses.replace(base, id="custom.bluff",
                                 title=Text("说要抓你多半是吓唬，不用理", "Probably a bluff"))
    text = allegation(book, custom, "吓唬抓人、坐牢")
    assert text.startswith("对方") and "多半" not in text and "不用理" not in text
    assert "吓唬抓人、坐牢" in text
    assert allegation(book, custom).startswith("对方")


def test_a_broken_placeholder_falls_back_instead_of_failing(monkeypatch) -> None:
    book = load_rulebook(RULES)
    rule = next(r for r in book.rules if r.id == "threat.intimidation")
    monkeypatch.setitem(allegations(), "threat.intimidation", "对方{no_such_key}威胁")
    assert allegation(book, rule, "威胁恐吓") == "对方以“威胁恐吓”的方式催收"


@pytest.fixture
def bluff_journal(tmp_path: Path, book: Rulebook) -> Journal:
    j = Journal.open(tmp_path / "j.sqlite3")
    j.append(Event("sms", "in", datetime(2026, 1, 15, 10, tzinfo=CHINA_TZ), Source("manual"),
                   number="17012345678", platform="某某借", text="再不还款就抓你坐牢"),
             tz="Asia/Shanghai", now=NOW)
    j.append(Event("fake_legal", "in", datetime(2026, 1, 16, 10, tzinfo=CHINA_TZ),
                   Source("manual"), number="17012345678", platform="某某借",
                   note="电话里说要报警抓我"), tz="Asia/Shanghai", now=NOW)
    analyse(j, book, jobs=1)
    yield j
    j.close()


def test_a_draft_uses_allegations_never_rule_titles(bluff_journal: Journal,
                                                   book: Rulebook) -> None:
    rep = build(bluff_journal, book, Filter(platform="某某借"), now=NOW)
    context = build_context(bluff_journal, book, rep, "12378", today=NOW.date())
    text = render_complaint(context, "12378", "text")
    loc = Localizer("zh-Hans")
    assert context["findings"]
    for f in context["findings"]:
        rule = next(r for r in book.rules if r.id == f["rule_id"])
        assert f["title"] == allegation(book, rule, f["method_name"])
        assert (loc(rule.title) or "") not in text
    letter = text.split("以下为正文")[1]
    assert "吓唬你" not in letter and "多半" not in letter


def test_a_jail_bluff_is_pleaded_for_a_credit_card_too(bluff_journal: Journal,
                                                        book: Rulebook) -> None:
    """Legal review: 恶意透支 is a real crime for a credit card (legal.md §17), but "we'll
    put you in jail" is still a bluff; the card rule shows beside it, it does not excuse it."""
    rep = build(bluff_journal, book, Filter(platform="某某借"), now=NOW, lender="credit_card")
    assert "fake_legal.card_bluff" in {f.rule.id for f in rep.findings}
    small = build(bluff_journal, book, Filter(platform="某某借"), now=NOW, lender="small_loan")
    assert "fake_legal.false_consequence" in {f.rule.id for f in small.findings}


def test_a_banks_true_card_warning_is_not_pleaded(tmp_path: Path, book: Rulebook) -> None:
    """A card issuer that names the card and states the law is not flagged, so no draft
    pleads it as a threat."""
    j = Journal.open(tmp_path / "card.sqlite3")
    j.append(Event("sms", "in", datetime(2026, 1, 15, 10, tzinfo=CHINA_TZ), Source("manual"),
                   number="95555", platform="某银行信用卡",
                   text="您的信用卡已严重逾期，如继续拖欠，我行将依法追究恶意透支的法律责任。"),
             tz="Asia/Shanghai", now=NOW)
    analyse(j, book, jobs=1)
    rep = build(j, book, Filter(platform="某银行信用卡"), now=NOW, lender="credit_card")
    assert not [f for f in rep.findings if f.rule.id.startswith("fake_legal.")]
    j.close()


def test_a_draft_leaves_out_citations_that_only_explain(bluff_journal: Journal,
                                                        book: Rulebook) -> None:
    """民诉法266 and 刑法193 say why an arrest threat is false; they are not what the
    collector broke, so a draft to a regulator does not plead them."""
    rep = build(bluff_journal, book, Filter(platform="某某借"), now=NOW)
    context = build_context(bluff_journal, book, rep, "12378", today=NOW.date())
    cited = {(b["source_id"], b["article"]) for f in context["findings"] for b in f["basis"]}
    assert ("civil_procedure_law", "第266条") not in cited
    assert ("criminal_law", "第193条") not in cited
    assert any(b.explains for r in book.rules for b in r.basis)
