"""The interview (check/interview.py) driven with scripted answers, as people give them."""

from __future__ import annotations

from datetime import date

import pytest

from overdue_cli.check import Situation, assess, run_interview
from overdue_cli.check.interview import Answers, followups
from overdue_cli.check.wording import as_interviewed, sends_back, unflagged
from overdue_cli.errors import UsageProblem
from overdue_cli.locale import Localizer
from overdue_cli.rulebook import Rulebook

from ..scripted import Script

TODAY = date(2026, 11, 22)


def interview(book: Rulebook, *answers: str, lang: str = "zh-Hans",
              given: tuple[str, ...] = ()) -> tuple[Answers, Script]:
    script = Script(*answers)
    result = run_interview(book, Localizer(lang), script.ask, script.say, today=TODAY,
                           given=given)
    return result, script


def test_answers_as_people_give_them(book: Rulebook) -> None:
    got, script = interview(
        book,
        "四十五天",            # days
        "短信 电话 通讯录",     # methods: 通讯录 is ambiguous …
        "1",                   # … so it is offered by number: 1 = contacts
        "",                    # the sms follow-up: none of threat/insult/…
        "",                    # the call follow-up: no bombing
        "晚上11点",            # hour
        "五六个",              # calls a day
        "",                    # attempts: skipped
        "否",                  # unreachable? no
        "某某借",              # platform
        "不知道",              # lender
    )
    assert got.days == 45
    assert got.methods == ("sms", "call", "contacts")
    assert (got.hour, got.calls_per_day, got.attempts_per_day) == (23, 5, None)
    assert got.unreachable is False
    assert (got.platform, got.lender) == ("某某借", "unknown")
    assert (got.last_due, got.last_contact) == (None, None)  # 45 days: the limitation is moot
    assert {"unreachable", "platform", "lender"} <= got.asked
    shown = "\n".join(script.said)
    assert "联系你的紧急联系人或熟人 (contacts)" in shown  # the candidates, by localized name
    assert "群发你的手机通讯录" in shown


def test_the_ambiguous_prompt_takes_the_other_number_and_reasks_a_bad_one(
        book: Rulebook) -> None:
    got, script = interview(book, "10", "通讯录", "7", "2", "", "", "", "", "")
    assert got.methods == ("address_book",)
    assert any("没看懂" in line for line in script.said)


def test_a_follow_up_adds_the_methods_picked(book: Rulebook) -> None:
    got, _ = interview(book, "30", "短信", "1 4", "", "", "", "")
    assert got.methods == ("sms", "threat", "fee_request")
    assert "followup:sms" in got.asked


def test_every_re_check_sentence_is_asked_as_a_follow_up(book: Rulebook) -> None:
    """Each condition that tells a flags user to check again as another method names
    methods the interview offers for that rule's methods."""
    for rule in book.rules:
        for text in rule.conditions:
            if sends_back(text) and "--" not in text.zh:
                assert all(followups(book, m) for m in rule.methods), rule.id
    assert followups(book, "sms") == ("threat", "insult", "fake_legal", "fee_request")
    assert followups(book, "call") == ("call_bombing",)


def test_limitation_dates_are_asked_when_they_can_matter(book: Rulebook) -> None:
    got, script = interview(book, "1500", "17", "", "", "", "2021年3月10日", "前天")
    assert got.methods == ("lawsuit",)
    assert got.last_due == date(2021, 3, 10)
    assert got.last_contact == date(2026, 11, 20)
    assert {"last_due", "last_contact"} <= got.asked
    assert any("诉讼时效" in line for line in script.said)


def test_dates_not_known_are_skipped_and_a_future_contact_is_reasked(book: Rulebook) -> None:
    got, script = interview(book, "1500", "17", "", "", "", "不知道", "2027-01-01", "")
    assert (got.last_due, got.last_contact) == (None, None)
    assert any("比今天还晚" in line for line in script.said)  # said in the interview's language


def test_facts_given_as_flags_are_not_asked_again(book: Rulebook) -> None:
    got, script = interview(book, "1500", "17", "", "", "",
                            given=("platform", "lender", "last_due", "last_contact"))
    assert (got.platform, got.lender, got.last_due, got.last_contact) == (None, None, None, None)
    assert not {"platform", "lender", "last_due", "last_contact"} & got.asked
    assert not any("平台" in q or "到期日" in q for q in script.asked)


def test_the_lender_by_number_or_word(book: Rulebook) -> None:
    kinds = list(book.lenders)
    got, _ = interview(book, "10", "1", "", "", "", "2")
    assert got.lender == kinds[1]
    got, _ = interview(book, "10", "1", "", "", "", "信用卡")
    assert got.lender == "credit_card"


def test_english_prompts(book: Rulebook) -> None:
    _, script = interview(book, "10", "1", "", "", "", "", lang="en")
    assert any("lent the money" in line for line in script.said)
    assert any("app or platform" in q for q in script.asked)


def test_an_unreadable_answer_is_reasked_then_refused(book: Rulebook) -> None:
    with pytest.raises(UsageProblem):
        interview(book, *["很久"] * 5)


def test_an_interviewed_report_names_no_flag(book: Rulebook) -> None:
    """Every rule and stage an interviewed borrower can read is free of --flags."""
    for rule in book.rules:
        for text in as_interviewed(rule).conditions:
            assert "--" not in text.zh + text.en, rule.id
    for stage in book.stages:
        summary = unflagged(stage.summary)
        assert "--" not in summary.zh + summary.en, stage.id
    situation = Situation(1500, ("lawsuit", "contacts", "fake_legal"), interviewed=True,
                          on=TODAY)
    a = assess(book, situation)
    words = [a.stage.summary, *(c for f in a.findings for c in f.rule.conditions)]
    assert all("--" not in t.zh + t.en for t in words)


def test_flags_mode_keeps_every_word(book: Rulebook) -> None:
    a = assess(book, Situation(45, ("contacts",), on=TODAY))
    assert any("--unreachable" in c.zh for c in a.findings[0].rule.conditions)
    b = assess(book, Situation(45, ("contacts",), on=TODAY, interviewed=True))
    assert a.findings[0].verdict == b.findings[0].verdict
    assert not any("--" in c.zh for c in b.findings[0].rule.conditions)
