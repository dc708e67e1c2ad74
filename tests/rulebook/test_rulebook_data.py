"""The shipped rulebook, tested as data: valid, cited, every example passing."""

from __future__ import annotations

import pytest

from overdue_cli.check import assess_example, method_gap
from overdue_cli.rulebook import AUTHORITIES, check_rulebook, load_rulebook, run_example

from ..conftest import RULES

BOOK = load_rulebook(RULES)

REQUIRED_METHODS = {
    "sms", "call", "wechat", "app", "email", "mail", "lawyer_letter", "contacts",
    "address_book", "disclosure", "visit", "agency", "debt_sale", "credit_report", "lawsuit",
    "threat", "insult", "impersonation", "fake_legal", "fee_request", "relief_offer",
    "call_bombing", "new_loan_push", "employer", "property_damage",
}
REQUIRED_TOPICS = {"wechat", "visit", "contacts", "sms", "mail", "calls", "credit", "lawsuit",
                   "fees", "scams", "family", "court_case", "my_data", "unlicensed", "employer",
                   "property_damage", "lender", "credit_card", "limitation"}
LAW_LEVELS = {"law"}  # "illegal" must rest on at least one of these


def test_shipped_rulebook_has_no_problems() -> None:
    book, problems = check_rulebook(RULES, coverage=method_gap)
    assert problems == []
    assert book is not None


def test_method_vocabulary_is_exactly_the_documented_one() -> None:
    assert set(BOOK.methods) == REQUIRED_METHODS


def test_required_topics_exist() -> None:
    assert set(BOOK.topics) >= REQUIRED_TOPICS


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: r.id)
def test_every_rule_has_basis_examples_and_both_languages(rule) -> None:
    assert rule.basis, rule.id
    assert rule.examples, rule.id
    assert rule.actions, rule.id
    for text in (rule.title, rule.explanation, *rule.conditions):
        assert text.zh.strip() and text.en.strip()


@pytest.mark.parametrize(
    ("rule", "index", "example"),
    [(r, i, e) for r in BOOK.rules for i, e in enumerate(r.examples)],
    ids=lambda v: v.id if hasattr(v, "verdict") and hasattr(v, "methods") else "",
)
def test_worked_example(rule, index, example) -> None:
    result = run_example(BOOK, rule, index, example, assess_example)
    assert result.passed, result.failures


@pytest.mark.parametrize("rule", [r for r in BOOK.rules if r.verdict == "illegal"],
                         ids=lambda r: r.id)
def test_illegal_rests_on_a_law(rule) -> None:
    kinds = {BOOK.sources[b.source].kind for b in rule.basis}
    assert kinds & LAW_LEVELS, f"{rule.id} is 'illegal' but cites no law: {kinds}"


def test_violation_rules_cite_standard_or_rules_not_only_articles() -> None:
    for rule in BOOK.rules:
        if rule.verdict == "violation":
            kinds = {BOOK.sources[b.source].kind for b in rule.basis}
            assert kinds - {"article"}, rule.id


def test_crime_of_collecting_illegal_debts_is_never_cited_for_lawful_debts() -> None:
    """刑法第293条之一 covers illegal debts only: only the topic on unlicensed lenders
    and rules that hold only for them may cite it."""
    cited = [b.article or "" for r in BOOK.rules if r.when.get("lender") != ("unlicensed",)
             for b in r.basis]
    cited += [b.article or "" for t in BOOK.topics.values() if t.id != "unlicensed"
              for b in t.basis]
    assert not any("293条之一" in a for a in cited)
    assert any("293条之一" in (b.article or "") for b in BOOK.topics["unlicensed"].basis)


def test_authorities_are_the_fixed_vocabulary() -> None:
    assert {s.kind for s in BOOK.sources.values()} <= set(AUTHORITIES)


def test_every_action_is_used() -> None:
    used = {a for r in BOOK.rules for a in r.actions}
    used |= {a for t in BOOK.topics.values() for a in t.actions}
    used |= {a for s in BOOK.stages for a in s.actions}
    assert set(BOOK.actions) == used


def test_stages_cover_every_day_without_gaps() -> None:
    for day in [*range(0, 1200), 5000, 10**6]:
        assert BOOK.stage_for(day).contains(day)


def test_topic_aliases_include_traditional_and_english() -> None:
    for topic in BOOK.topics.values():
        assert any(a.isascii() for a in topic.aliases), topic.id
        assert len(topic.aliases) >= 4, topic.id
