"""The free-text router behind `overdue explain QUESTION` and phrases given to --method."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.check import best_topic, route_method, route_topic
from overdue_cli.check.route import EXACT
from overdue_cli.locale import to_traditional
from overdue_cli.rulebook import load_rulebook
from overdue_cli.rulebook.selftest import run_topic_questions

from ..conftest import RULES

BOOK = load_rulebook(RULES)
QUESTIONS = Path(__file__).resolve().parents[1] / "data" / "explain_questions.jsonl"
ROWS = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
        if line.strip()]


def _accuracy(part: str) -> float:
    rows = [r for r in ROWS if r["split"] == part]
    return sum(best_topic(BOOK, r["q"]) == r["topic"] for r in rows) / len(rows)


def test_the_labelled_set_is_well_formed() -> None:
    assert len(ROWS) >= 150
    assert {r["topic"] for r in ROWS} == set(BOOK.topics)
    assert {r["lang"] for r in ROWS} == {"zh", "zh-Hant", "en"}
    # the split is the fixed rule it was made by, so nobody moves a miss into tuning
    assert all(r["split"] == ("test" if i % 5 in (1, 3) else "tune") for i, r in enumerate(ROWS))
    assert len({r["q"] for r in ROWS}) == len(ROWS)
    own = {q for t in BOOK.topics.values() for q in t.questions}
    assert not own & {r["q"] for r in ROWS}, "a labelled question copied into the rulebook"


@pytest.mark.parametrize("part", ["tune", "test"])
def test_top1_accuracy(part: str) -> None:
    assert _accuracy(part) >= 0.90


def test_every_topic_has_questions_that_route_back_to_it() -> None:
    results = run_topic_questions(BOOK, best_topic)
    assert {r.rule_id for r in results} == {f"topic:{t}" for t in BOOK.topics}
    assert [r.failures for r in results if not r.passed] == []


@pytest.mark.parametrize(("question", "topic"), [
    ("会不会坐牢", "lawsuit"), ("会上门吗", "visit"), ("会被抓吗", "lawsuit"),
    ("影响子女", "credit"), ("催收说要抓我", "lawsuit"), ("jail", "lawsuit"),
    ("會不會坐牢？？", "lawsuit"), ("Will they call my FAMILY?!", "contacts"),
])
def test_the_questions_from_the_issue(question: str, topic: str) -> None:
    assert best_topic(BOOK, question) == topic


def test_ids_and_aliases_are_exact_and_keep_their_meaning() -> None:
    for topic in BOOK.topics.values():
        for word in (topic.id, *topic.aliases):
            routed = route_topic(BOOK, word)
            assert routed.exact and routed.best == topic.id and routed.also() == ()
    assert route_topic(BOOK, to_traditional("爆通讯录")).best == "contacts"
    assert route_topic(BOOK, "家人").best == "contacts"  # an alias, as before


def test_nothing_fits_gibberish_or_greetings() -> None:
    for text in ("", "   ", "你好", "hello", "wechta", "🙂🙂", "12345"):
        assert route_topic(BOOK, text).best is None


def test_a_question_about_two_topics_names_the_other() -> None:
    routed = route_topic(BOOK, "信用卡逾期了会不会被起诉坐牢")
    assert {routed.best, *routed.also()} >= {"credit_card", "lawsuit"}


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=80))
def test_the_router_never_raises(text: str) -> None:
    routed = route_topic(BOOK, text)
    assert routed.best is None or routed.best in BOOK.topics
    assert all(t in BOOK.topics for t in routed.also())
    assert [r.score for r in routed.ranked] == sorted((r.score for r in routed.ranked),
                                                      reverse=True)
    assert all(r.id in BOOK.methods for r in route_method(BOOK, text).ranked)


@given(st.sampled_from(sorted(BOOK.topics)), st.sampled_from(["", " ", "\t", "\u3000"]),
       st.booleans())
def test_an_exact_id_routes_to_itself(topic: str, pad: str, upper: bool) -> None:
    word = pad + (topic.upper() if upper else topic) + pad
    routed = route_topic(BOOK, word)
    assert routed.best == topic and routed.ranked[0].score == EXACT


def test_a_phrase_with_a_relative_is_a_third_party_contact() -> None:
    assert route_method(BOOK, "打电话给我妈").best == "contacts"
    assert route_method(BOOK, "call my mom").best == "contacts"
    assert route_method(BOOK, "打到我公司").best == "employer"
