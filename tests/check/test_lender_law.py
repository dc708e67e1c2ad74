"""Who the lender is, and the law in force on the day: issue 11's legal review.

Each test names the reviewer's point it pins. The rulebook's own worked examples
(``overdue rules test``) carry the verdicts; these tests pin the machinery (date
filtering, lender resolution, validation) and the CLI's surface.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from overdue_cli.check import Situation, assess, method_gap
from overdue_cli.rulebook import LENDER_IDS, check_rulebook, cited_articles, load_rulebook

from ..conftest import RULES, run

BOOK = load_rulebook(RULES)


def _verdict(method: str, **facts) -> str:
    facts.setdefault("days_overdue", 60)
    return assess(BOOK, Situation(methods=(method,), **facts)).findings[0].verdict


# --- lenders ---------------------------------------------------------------


def test_every_lender_kind_is_in_the_rulebook() -> None:
    assert set(BOOK.lenders) == set(LENDER_IDS)


@pytest.mark.parametrize(("word", "kind"), [
    ("信用卡", "credit_card"), ("消金", "consumer_finance"), ("小贷", "small_loan"),
    ("網絡小貸", "small_loan"), ("网贷平台", "platform"), ("高利贷", "unlicensed"),
    ("714", "unlicensed"), ("714高炮", "unlicensed"), ("credit_card", "credit_card"),
    ("Credit-Card", "credit_card"), ("银行", "bank"), ("不知道", "unknown"),
])
def test_lender_words_people_use(word: str, kind: str) -> None:
    assert BOOK.lender_id(word) == kind


def test_card_crime_is_true_only_for_credit_cards() -> None:
    """Reviewer point 2: 恶意透支 is a real crime for a bank credit card (§17)."""
    assert _verdict("fake_legal") == "violation"
    assert _verdict("fake_legal", lender="small_loan") == "violation"
    card = assess(BOOK, Situation(120, ("fake_legal",), lender="credit_card"))
    # "arrest", "jail", "blacklist" stay a bluff; the card rule says what is true beside it
    assert card.findings[0].verdict == "violation"
    assert "fake_legal.card_overdraft" in {r.id for r in card.findings[0].fired}
    # the card debtor is told not to evade the bank, and about the hardship plan
    assert {"dont_evade_contact", "card_hardship_plan"} <= set(card.next_steps)
    assert "dont_evade_contact" not in assess(BOOK, Situation(120, ("fake_legal",))).next_steps


def test_arrest_talk_with_harassment_is_illegal_for_every_lender() -> None:
    """Reviewer point 6: at least a violation; illegal when coupled with harassment."""
    for lender in LENDER_IDS:
        result = assess(BOOK, Situation(50, ("fake_legal", "threat"), lender=lender))
        assert result.findings[0].verdict == "illegal", lender


def test_complaints_are_routed_by_lender() -> None:
    """Reviewer point 8: 12378 is for banks and consumer-finance companies."""
    def steps(lender: str) -> tuple[str, ...]:
        return assess(BOOK, Situation(50, ("threat",), lender=lender)).next_steps

    assert "complain_12378" in steps("consumer_finance")
    assert "complain_local_regulator" not in steps("consumer_finance")
    assert "complain_12378" not in steps("small_loan")
    assert "complain_local_regulator" in steps("small_loan")
    assert "report_police" in steps("unlicensed") and "complain_12378" not in steps("unlicensed")
    assert BOOK.lenders["small_loan"].channels[:2] == ("platform", "local_regulator")
    assert BOOK.lenders["unlicensed"].channels[0] == "police"


# --- errors the review found ---------------------------------------------------------


def test_day_zero_credit_report_is_wrong_data() -> None:
    """Reviewer point 10: a loan due today reported overdue is a case for 征信异议."""
    result = assess(BOOK, Situation(0, ("credit_report",)))
    assert result.findings[0].verdict == "violation"
    assert "credit_dispute" in result.next_steps
    assert _verdict("credit_report", days_overdue=1) == "normal"


def test_employer_and_property_damage_are_methods_of_their_own() -> None:
    assert _verdict("employer") == "violation"
    assert _verdict("employer", unreachable=True) == "limited"
    assert _verdict("property_damage") == "illegal"
    assert _verdict("disclosure") == "illegal"  # telling the employer is still disclosure


# --- the law in force on the day ---------------------------------------------------


def _articles(result, source: str) -> list[str]:
    return [b.article or "" for b in result.findings[0].basis if b.source == source]


def test_threat_before_2026_cites_the_2012_public_security_law() -> None:
    """Reviewer point 7: a contact on 2025-11-20 was governed by the 2012 text."""
    old = assess(BOOK, Situation(30, ("threat",), on=date(2025, 11, 20)))
    new = assess(BOOK, Situation(30, ("threat",), on=date(2026, 1, 1)))
    assert _articles(old, "public_security_law_2012") and not _articles(
        old, "public_security_law_2025")
    assert _articles(new, "public_security_law_2025") and not _articles(
        new, "public_security_law_2012")
    assert "第50条" in _articles(new, "public_security_law_2025")[0]


def test_arbitration_law_changes_on_2026_03_01() -> None:
    before = assess(BOOK, Situation(200, ("lawsuit",), on=date(2026, 2, 28)))
    after = assess(BOOK, Situation(200, ("lawsuit",), on=date(2026, 3, 1)))
    assert {b.source for b in before.findings[0].basis} & {"arbitration_law_2017"}
    assert not {b.source for b in before.findings[0].basis} & {"arbitration_law_2025"}
    assert {b.source for b in after.findings[0].basis} & {"arbitration_law_2025"}
    assert not {b.source for b in after.findings[0].basis} & {"arbitration_law_2017"}


def test_sources_in_force() -> None:
    old, new = BOOK.sources["public_security_law_2012"], BOOK.sources["public_security_law_2025"]
    assert old.in_force(date(2025, 12, 31)) and not old.in_force(date(2026, 1, 1))
    assert new.in_force(date(2026, 1, 1)) and not new.in_force(date(2025, 12, 31))


def test_no_rule_cites_the_2012_law_without_its_2025_successor() -> None:
    """Every act after 2026-01-01 must find an article in force."""
    for rule in BOOK.rules:
        sources = {b.source for b in rule.basis}
        if "public_security_law_2012" in sources:
            assert "public_security_law_2025" in sources, rule.id


# --- validation: articles must be in the sources ------------------------------------


def test_citations_name_their_articles() -> None:
    assert cited_articles("第6条第3款（三）、第7条") == ("第6条", "第7条")
    assert cited_articles("第253条之一") == ("第253条之一",)
    assert cited_articles("第三章 催收行为规范") == ("第三章",)
    assert cited_articles("5.3 业务管理") == ("5.3",)


def test_validate_rejects_an_article_the_sources_do_not_hold(tmp_path: Path) -> None:
    text = Path(RULES).read_text(encoding="utf-8")
    bad = text.replace("article: 第1038条\n", "article: 第9999条\n", 1)
    assert bad != text
    path = tmp_path / "rules.yaml"
    path.write_text(bad, encoding="utf-8")
    _, problems = check_rulebook(path, coverage=method_gap)
    assert any("第9999条" in p.message and "civil_code" in p.message for p in problems)
    result = run("rules", "validate", str(path))
    assert result.code == 3 and "第9999条" in result.stdout


def test_validate_rejects_an_unknown_lender_in_a_rule(tmp_path: Path) -> None:
    text = Path(RULES).read_text(encoding="utf-8")
    bad = text.replace("when: {lender: [credit_card]}", "when: {lender: [pawnshop]}", 1)
    path = tmp_path / "rules.yaml"
    path.write_text(bad, encoding="utf-8")
    _, problems = check_rulebook(path, coverage=method_gap)
    assert any("pawnshop" in p.message for p in problems)


# --- the CLI -------------------------------------------------------------------------


def _check_json(validator, *args: str) -> dict:
    """``check --json`` with these flags: exit 0 and a document the schema accepts."""
    result = run("check", *args, "--json")
    assert result.code == 0, result.stderr
    validator("check.schema.json", result.json)
    return result.json


def test_check_json_has_the_lender_and_the_day(validator) -> None:
    doc = _check_json(validator, "-d", "120", "-m", "fake_legal", "--lender", "信用卡", "--on",
                      "2025年11月20日")
    assert doc["situation"]["lender"] == "credit_card"
    assert doc["situation"]["on"] == "2025-11-20"
    assert doc["findings"][0]["verdict"] == "violation"
    assert "fake_legal.card_overdraft" in doc["findings"][0]["rule_ids"]
    assert doc["limitation"]["status"] == "unknown"


def test_check_limitation_dates(validator) -> None:
    doc = _check_json(validator, "-d", "1500", "-m", "lawsuit", "--last-due", "2021-03-10",
                      "--last-contact", "2022/5/1", "--on", "2026-12-01")
    assert doc["limitation"]["status"] == "possibly_expired"
    assert doc["limitation"]["earliest_end"] == "2025-05-01"
    assert doc["findings"][0]["rule_id"] == "lawsuit.after_limitation"


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_check_human_says_what_it_cannot_know(lang: str) -> None:
    result = run("check", "-d", "1200", "-m", "lawsuit", "--lang", lang)
    assert result.code == 0, result.stderr
    assert "--last-due" in result.stdout and "--last-contact" in result.stdout


@pytest.mark.parametrize(("args", "needle"), [
    (["--lender", "pawnshop"], "--lender"),
    (["--on", "yesterday-ish"], "--on"),
    (["--last-contact", "2030-01-01", "--on", "2026-01-01"], "--last-contact"),
])
def test_check_bad_lender_or_date_is_a_usage_error(args: list[str], needle: str) -> None:
    result = run("check", "-d", "30", "-m", "sms", *args)
    assert result.code == 2
    assert needle in result.stderr and "Traceback" not in result.stderr


# --- new topics and methods, in every language ---------------------------------------

NEW_TOPICS = ("family", "court_case", "my_data", "unlicensed", "employer", "property_damage",
              "lender", "credit_card", "limitation")


@pytest.mark.parametrize("topic", NEW_TOPICS)
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_new_topics_in_every_language(topic: str, lang: str, validator) -> None:
    result = run("explain", topic, "--lang", lang, "--json")
    assert result.code == 0, result.stderr
    doc = result.json
    validator("explain.schema.json", doc)
    assert doc["topic"]["id"] == topic and doc["topic"]["answer"]
    basis = doc["topic"]["basis"]
    assert basis and all(b["source_id"] in BOOK.sources for b in basis)
    text = doc["topic"]["answer"]
    if lang == "en":
        assert text.isascii() or "¥" in text or "“" in text or any(ord(c) > 0x2E80 for c in text)
    elif lang == "zh-Hant":
        # derived from the Simplified text: characters that differ are converted
        assert "个" not in text and "还" not in text


@pytest.mark.parametrize(("word", "topic"), [
    ("老婆", "family"), ("父母", "family"), ("案号", "court_case"), ("仲裁", "court_case"),
    ("支付令", "lawsuit"),
    ("删除个人信息", "my_data"), ("714", "unlicensed"), ("套路贷", "unlicensed"),
    ("扣工资", "employer"), ("泼漆", "property_damage"), ("放款方", "lender"),
    ("恶意透支", "credit_card"), ("诉讼时效", "limitation"), ("百行征信", "credit"),
    ("拒执罪", "lawsuit"),
])
def test_new_topics_by_the_words_people_use(word: str, topic: str) -> None:
    result = run("explain", word, "--json")
    assert result.code == 0, result.stderr
    assert result.json["topic"]["id"] == topic


@pytest.mark.parametrize("method", ["employer", "property_damage"])
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_new_methods_in_every_language(method: str, lang: str, validator) -> None:
    result = run("check", "-d", "40", "-m", method, "--lang", lang, "--json")
    assert result.code == 0, result.stderr
    doc = result.json
    validator("check.schema.json", doc)
    assert doc["findings"][0]["method"] == method
    human = run("check", "-d", "40", "-m", method, "--lang", lang)
    assert human.code == 0 and "Traceback" not in human.stderr
    assert doc["findings"][0]["title"] in human.stdout.replace("\n", "").replace(" ", "") or \
        doc["findings"][0]["rule_id"] in human.stdout


def test_credit_topic_does_not_promise_an_unreported_record() -> None:
    """Reviewer point 11: 'not connected to the central bank' is no promise (§27)."""
    credit = BOOK.topics["credit"]
    text = " ".join([credit.answer.zh, *(p.zh for p in credit.points)])
    assert "百行征信" in text
    assert "check_market_bureau" in credit.actions or any(
        "check_market_bureau" in r.actions for r in BOOK.rules if r.id in credit.rules)


def test_scan_reads_a_card_issuers_overdraft_warning_as_true() -> None:
    """Reviewer point 2 in scan: a bank's 恶意透支 warning is no bluff; jail talk still is."""
    warning = run("scan", "您的信用卡已严重逾期，如继续拖欠，我行将依法追究恶意透支的法律责任。",
                  "--json").json["messages"][0]
    assert "legal.card_overdraft_warning" in {s["id"] for s in warning["signals"]}
    assert warning["verdict"] in ("lawful", "unclear")
    bluff = run("scan", "你的信用卡恶意透支，警察明天就上门抓你", "--json").json["messages"][0]
    assert bluff["verdict"] == "unlawful"
    loan = run("scan", "你的网贷已构成恶意透支，准备坐牢吧。", "--json").json["messages"][0]
    assert loan["verdict"] == "unlawful"


def test_scan_reads_a_plain_visit_notice_as_lawful() -> None:
    """Reviewer point 9: a visit to confirm an address is not a threat."""
    notice = run("scan", "我司将安排工作人员上门核实您的地址信息，请知悉。", "--json").json
    assert notice["messages"][0]["verdict"] == "lawful"
    threat = run("scan", "再不还款，明天安排外访人员到你单位和户籍地走访。", "--json").json
    assert threat["messages"][0]["verdict"] == "unlawful"


def test_scan_cites_the_law_in_force_when_the_message_was_sent(tmp_path: Path) -> None:
    lines = [{"id": "old", "text": "再不还钱就爆你通讯录", "time": "2025-11-20T10:00:00+08:00"},
             {"id": "new", "text": "再不还钱就爆你通讯录", "time": "2026-02-01T10:00:00+08:00"}]
    import json

    path = tmp_path / "m.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                    encoding="utf-8")
    doc = run("scan", str(path), "--json").json
    cited = {m["id"]: {b["source_id"] for s in m["signals"] for b in s["basis"]}
             for m in doc["messages"]}
    assert "public_security_law_2012" in cited["old"]
    assert "public_security_law_2025" not in cited["old"]
    assert "public_security_law_2025" in cited["new"]
    assert "public_security_law_2012" not in cited["new"]


def test_a_known_lender_is_not_shown_other_lenders_rules() -> None:
    """The small-loan measures bind small-loan companies; a credit-card debtor's basis
    cites the card rules and not them (an unknown lender sees every one)."""
    def sources(lender: str) -> set[str]:
        result = assess(BOOK, Situation(120, ("fake_legal",), lender=lender))
        return {b.source for f in result.findings for r in f.fired
                for b in BOOK.basis_on(r.basis, None, lender)}

    card = sources("credit_card")
    assert "card_crime_interpretation" in card and "small_loan_measures_2025" not in card
    small = sources("small_loan")
    assert "small_loan_measures_2025" in small and "bank_consumer_protection_measures" not in small
    assert {"small_loan_measures_2025", "bank_consumer_protection_measures"} <= sources("unknown")


@pytest.mark.parametrize("args", [
    ["--last-due", "9999-06-01"], ["--on", "0001-01-01", "--last-contact", "0001-01-01"],
    ["--on", "2100-01-01"], ["--last-contact", "1969-12-31"],
])
def test_dates_outside_the_calendar_the_law_covers_are_usage_errors(args: list[str]) -> None:
    result = run("check", "-d", "30", "-m", "lawsuit", *args)
    assert result.code == 2 and "Traceback" not in result.stderr


def test_the_engine_survives_any_date() -> None:
    from datetime import date

    for day in (date.min, date.max):
        result = assess(BOOK, Situation(30, ("lawsuit",), on=day, last_due=day, last_contact=day))
        assert result.limitation is not None
    assert assess(BOOK, Situation(30, ("lawsuit",), on=date(1, 1, 5),
                                  last_contact=date(1, 1, 1))).limitation.status == "open"


def test_today_is_a_date() -> None:
    result = run("check", "-d", "30", "-m", "sms", "--on", "今天", "--json")
    assert result.code == 0, result.stderr


def test_a_mistyped_lender_gets_the_closest_word() -> None:
    result = run("check", "-d", "3", "-m", "sms", "--lender", "信用咔")
    assert result.code == 2 and "信用卡" in result.stderr
    english = run("check", "-d", "3", "-m", "sms", "--lender", "credt_card", "--lang", "en")
    assert english.code == 2 and "did you mean 'credit_card'" in english.stderr
