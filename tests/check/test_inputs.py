"""Parsers and alias resolution: what users type, in any script, maps or fails clearly."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.check import (
    MAX_DAYS,
    parse_day,
    parse_days,
    parse_hour,
    parse_verdict,
    resolve_methods,
    resolve_topic,
)
from overdue_cli.errors import UsageProblem
from overdue_cli.locale import resolve_lang, to_traditional
from overdue_cli.rulebook import load_rulebook
from overdue_cli.text import fold_key
from overdue_cli.text.numbers import days as days_said

from ..conftest import RULES

BOOK = load_rulebook(RULES)


@given(st.integers(0, MAX_DAYS))
def test_days_round_trip(n: int) -> None:
    assert parse_days(str(n)) == n
    assert parse_days(f" {n} ") == n


@given(st.integers(MAX_DAYS + 1, 10 ** 100).map(str)
       | st.builds(lambda d, n: str(d) + "9" * n, st.integers(1, 9), st.integers(4000, 6000)))
def test_days_beyond_a_century_are_a_short_usage_error(text: str) -> None:
    """Bounded, and a 5,000-digit paste neither crashes int() nor is echoed back."""
    with pytest.raises(UsageProblem) as caught:
        parse_days(text)
    assert len(caught.value.message) < 120


@given(st.text(max_size=12))
def test_days_parser_only_ever_raises_usage_problems(text: str) -> None:
    try:
        value = parse_days(text)
    except UsageProblem as exc:
        assert exc.hint
    else:
        assert value is not None and value >= 0
        plain = unicodedata.normalize("NFKC", text).strip()
        assert value == (int(plain) if plain.lstrip("+").isdigit() else days_said(text))


@pytest.mark.parametrize("bad", ["-1", "1.5", "abc", "", "三十五一", "1e3", "明天"])
def test_bad_days(bad: str) -> None:
    with pytest.raises(UsageProblem):
        parse_days(bad)


@pytest.mark.parametrize(("text", "days"), [("三十", 30), ("四十五天", 45), ("两个月", 60)])
def test_days_as_people_say_them(text: str, days: int) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize(("text", "hour"), [("0", 0), ("23", 23), ("23:40", 23), ("22点", 22),
                                            ("7：30", 7)])
def test_hours(text: str, hour: int) -> None:
    assert parse_hour(text) == hour


@pytest.mark.parametrize("bad", ["24", "-1", "noon", "25:00"])
def test_bad_hours(bad: str) -> None:
    with pytest.raises(UsageProblem):
        parse_hour(bad)


def test_verdict_parser_suggests_the_closest() -> None:
    assert parse_verdict("ILLEGAL") == "illegal"
    with pytest.raises(UsageProblem) as info:
        parse_verdict("ilegal")
    assert "illegal" in (info.value.hint or "")


@pytest.mark.parametrize("method", sorted(BOOK.methods))
def test_every_alias_and_its_traditional_form_resolve(method: str) -> None:
    for word in (method, *BOOK.methods[method].aliases):
        assert resolve_methods(BOOK, [word]).ids == (method,), word
        assert resolve_methods(BOOK, [to_traditional(word)]).ids == (method,), word


@pytest.mark.parametrize("topic", sorted(BOOK.topics))
def test_every_topic_alias_and_its_traditional_form_resolve(topic: str) -> None:
    for word in (topic, *BOOK.topics[topic].aliases):
        assert resolve_topic(BOOK, word) == topic
        assert resolve_topic(BOOK, to_traditional(word)) == topic


def test_issue_examples_resolve() -> None:
    assert resolve_methods(BOOK, ["爆通讯录", "call"]).ids == ("address_book", "call")
    assert resolve_topic(BOOK, "爆通讯录") == "contacts"
    assert resolve_topic(BOOK, "緊急聯絡人") == "contacts"
    assert resolve_topic(BOOK, "通讯录") == "contacts"


def test_width_and_case_are_folded() -> None:
    assert resolve_methods(BOOK, ["ＳＭＳ"]).ids == ("sms",)
    assert resolve_methods(BOOK, ["Address-Book"]).ids == ("address_book",)


def test_duplicates_are_listed_once_with_a_note() -> None:
    resolved = resolve_methods(BOOK, ["call", "电话", "sms,短信"])
    assert resolved.ids == ("call", "sms")
    assert len(resolved.notes) == 2


def test_unknown_method_suggests_close_names() -> None:
    with pytest.raises(UsageProblem) as info:
        resolve_methods(BOOK, ["contact"])
    assert "contacts" in (info.value.hint or "")


def test_empty_method_in_a_list_is_an_error_not_dropped() -> None:
    with pytest.raises(UsageProblem):
        resolve_methods(BOOK, ["sms,"])


@given(st.text(max_size=20))
def test_resolution_never_crashes(word: str) -> None:
    try:
        ids = resolve_methods(BOOK, [word]).ids
    except UsageProblem:
        return
    assert all(i in BOOK.methods for i in ids)


@pytest.mark.parametrize(("value", "lang"), [("zh", "zh-Hans"), ("zh-CN", "zh-Hans"),
                                             ("zh_TW", "zh-Hant"), ("繁體", "zh-Hant"),
                                             ("EN", "en"), (None, "zh-Hans")])
def test_languages(value, lang, monkeypatch) -> None:
    monkeypatch.delenv("OVERDUE_LANG", raising=False)
    assert resolve_lang(value) == lang


def test_language_from_environment(monkeypatch) -> None:
    # the value of $OVERDUE_LANG is handed in (the CLI's Environment reads it)
    assert resolve_lang(None, "en") == "en"
    assert resolve_lang("zh", "en") == "zh-Hans"
    monkeypatch.setenv("OVERDUE_LANG", "en")
    assert resolve_lang(None) == "zh-Hans"  # the process's variables are not read here
    with pytest.raises(UsageProblem) as info:
        resolve_lang(None, "klingon")
    assert "OVERDUE_LANG" in info.value.message


def test_fold_is_idempotent() -> None:
    for word in ("Ａｄｄｒｅｓｓ Book", "爆 通讯录", "e-mail"):
        assert fold_key(fold_key(word)) == fold_key(word)


@pytest.mark.parametrize("word", ["通讯录", "通訊錄"])
def test_ambiguous_word_asks_the_user_to_choose(word: str) -> None:
    with pytest.raises(UsageProblem) as info:
        resolve_methods(BOOK, [word])
    hint = info.value.hint or ""
    assert "contacts" in hint and "address_book" in hint


@pytest.mark.parametrize(("article", "english"), [
    ("第50条第1款第（五）项", "Art. 50 para. 1 item (5)"),
    ("第6条、第13条、第23条", "Art. 6, Art. 13, Art. 23"),
    ("第253条之一", "Art. 253-1"),
    ("第二十二条", "Art. 22"),
    ("第三章 催收行为规范", "Chapter 3 催收行为规范"),
    ("5.3 业务管理", "5.3 业务管理"),
])
def test_article_numbers_for_english_readers(article: str, english: str) -> None:
    from overdue_cli.locale import article_in_english

    assert article_in_english(article) == english


@given(st.integers(1, 999))
def test_chinese_numerals_round_trip(n: int) -> None:
    from overdue_cli.locale.i18n import _number

    digits = "零一二三四五六七八九"
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    text = (digits[hundreds] + "百" if hundreds else "")
    if tens:
        text += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    text += digits[ones] if ones else ""
    assert _number(text) == n


def test_a_forged_summons_is_impersonation_not_a_bluff() -> None:
    """A fake court document is forgery (illegal), not merely a suspicious threat."""
    assert resolve_methods(BOOK, ["假传票"]).ids == ("impersonation",)
    assert resolve_methods(BOOK, ["立案"]).ids == ("fake_legal",)


# --------------------------------------------------------------------------- parse_day

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-01", date(2026, 11, 1)), ("2026/11/1", date(2026, 11, 1)),
    ("2026.11.1", date(2026, 11, 1)), ("2026年11月1日", date(2026, 11, 1)),
    ("２０２６年１１月１日", date(2026, 11, 1)), ("11月1号", date(2026, 11, 1)),
    ("today", TODAY), ("今天", TODAY), ("今日", TODAY), ("yesterday", date(2026, 11, 21)),
    ("昨天", date(2026, 11, 21)), ("前天", date(2026, 11, 20)), ("3天前", date(2026, 11, 19)),
    ("上周五", date(2026, 11, 13)), ("2027-01-10", date(2027, 1, 10)),
])
def test_parse_day_as_people_write_it(text: str, expected: date) -> None:
    assert parse_day(text, "--last-due", TODAY) == expected


@pytest.mark.parametrize("text, words", [
    ("soon", "cannot read"), ("2026-02-30", "no such day"), ("1969-12-31", "outside 1970-2099"),
    ("昨天晚上11点", "not a time"),
])
def test_parse_day_refuses_with_one_line(text: str, words: str) -> None:
    with pytest.raises(UsageProblem, match=words) as caught:
        parse_day(text, "--last-due", TODAY)
    assert "--last-due" in caught.value.message and caught.value.hint


@given(st.text(max_size=30))
def test_parse_day_only_ever_raises_usage_problems(text: str) -> None:
    try:
        parse_day(text, "--on", TODAY)
    except UsageProblem as exc:
        assert exc.message.startswith("--on") and exc.hint


def test_a_phrase_naming_a_relative_is_read_as_contacts_with_a_note() -> None:
    resolved = resolve_methods(BOOK, ["打电话给我妈"])
    assert resolved.ids == ("contacts",)
    assert len(resolved.notes) == 1 and "read as contacts" in resolved.notes[0]


def test_a_phrase_that_could_be_milder_asks_instead_of_guessing() -> None:
    """发短信到我家: sms (normal) fits best, a visit (stricter) fits too: the user chooses."""
    with pytest.raises(UsageProblem) as caught:
        resolve_methods(BOOK, ["发短信到我家"])
    assert "sms" in caught.value.message and "visit" in caught.value.message
    assert "sms = " in (caught.value.hint or "") and "visit = " in (caught.value.hint or "")


def test_a_phrase_is_never_read_as_a_milder_method_than_one_that_fits() -> None:
    from overdue_cli.check.inputs import baseline_verdict
    from overdue_cli.check.route import FITS, THRESHOLD, route_method
    from overdue_cli.rulebook import SEVERITY

    for phrase in ("打电话给我妈", "发信息给我朋友", "打电话骂我", "催收发邮件给我老板",
                   "晚上打电话", "打到我公司", "在微信群里骂我", "短信说要告诉我家人"):
        chosen = resolve_methods(BOOK, [phrase]).ids[0]
        ranked = route_method(BOOK, phrase).ranked
        fits = [r.id for r in ranked if r.score >= max(THRESHOLD, FITS * ranked[0].score)]
        assert all(SEVERITY[baseline_verdict(BOOK, chosen)]
                   >= SEVERITY[baseline_verdict(BOOK, m)] for m in fits), phrase


def test_the_same_method_twice_names_both_words() -> None:
    notes = resolve_methods(BOOK, ["短信", "sms"]).notes
    assert [str(n) for n in notes] == [
        "'sms' and '短信' are the same method (sms); it is listed once"]
    assert notes[0].key == "method_same" and notes[0].params["first"] == "短信"
    assert resolve_methods(BOOK, ["sms", "SMS"]).notes == ()


def test_a_single_latin_slip_gets_spelling_hints_not_a_guess() -> None:
    with pytest.raises(UsageProblem) as caught:
        resolve_methods(BOOK, ["contact"])
    assert "contacts" in (caught.value.hint or "")
