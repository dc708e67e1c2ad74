"""Nothing in a letter or its guidance that the project's legal reference does not back.

The allow-list is built from data, not typed here: article numbers from the
rulebook's ``sources`` (each source's ``articles``, checked per law where the letter
names the law), phone numbers and web addresses from the complaint channels
(``templates/complaint/channels.yaml``, itself checked against legal.md), and
periods of days, months and years from the rulebook's advice (its actions,
topics and lenders, each with its basis; not the examples, which quote
collectors). Every letter is rendered for every kind of lender, in
both formats, with the guidance in all three languages; any article, number,
deadline or URL outside the list fails the test.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
import yaml

from overdue_cli.letters import KINDS, LetterInput, ThirdPartyContact, build_letter
from overdue_cli.locale import Localizer, to_simplified
from overdue_cli.rulebook import Rulebook
from tests.conftest import ROOT

NUMERAL = "[0-9一二两三四五六七八九十百零]"
ARTICLE = re.compile(rf"第{NUMERAL}+条(?:之一)?")
ARTICLE_EN = re.compile(r"Arts?\. (\d+)(?:[–-](\d+))?")
PERIOD = re.compile(rf"(?<![0-9\-/.])({NUMERAL}{{1,3}})\s*(?:个)?(日|天|个月|年)(?!份)")
PERIOD_EN = re.compile(r"\b(\d+|three|five|twenty) (day|month|year)s?\b")
URL = re.compile(r"https?://[^\s）)】，。；]+|www\.[^\s）)】，。；]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*"
                 r"\.(?:cn|com|org|net|gov)\b")
DIGITS = re.compile(r"\d[\d-]{2,}\d")
NOT_PHONES = [re.compile(p) for p in (
    r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?", r"\d{4}-\d{2}", r"\d{1,3}(?:,\d{3})+(?:\.\d+)?",
    r"GB/T 45251—2025", r"\d+(?= 期)", r"\d+(?= 元)", r"第\d+条",
    r"Arts?\. \d+(?:[–-]\d+)?", r"714(?=高炮|\")")]
"""Digits that are no phone number: dates, amounts, articles, the standard's number, and
the name of the "714" short-term loans (the rulebook's lender alias)."""
YEAR = re.compile(r"(?<![\d-])(?:19|20)\d{2}(?=年| rule)")
"""A year a text names ("2021年的规定"): only the year of a source the rulebook lists."""
EN_WORDS = {"three": "三", "five": "5", "twenty": "20"}


def _texts(node: Any) -> list[str]:
    """The rulebook's own statements: its worked examples and users' sample questions
    (which quote collectors and borrowers, "7天内还清") are left out."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [t for k, v in node.items() if k not in ("examples", "questions", "keywords")
                for t in _texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v)]
    return []


@pytest.fixture(scope="module")
def allowed(book: Rulebook) -> dict[str, Any]:
    rules = yaml.safe_load((ROOT / "data" / "rules.yaml").read_text(encoding="utf-8"))
    articles = {a for s in rules["sources"] for a in s.get("articles") or ()}
    per_law = {Localizer("zh-Hans")(s.title): set(s.articles or ()) for s in
               book.sources.values()}
    channels = yaml.safe_load((resources.files("overdue_cli") / "templates" / "complaint" /
                               "channels.yaml").read_text(encoding="utf-8"))
    contacts = " ".join(c for ch in channels.values() for c in ch["contact"])
    texts = " ".join(_texts([rules[k] for k in ("actions", "topics", "lenders")]))
    return {"articles": articles, "per_law": per_law,
            "phones": set(DIGITS.findall(contacts)) | set(re.findall(r"\b\d{3,}\b", contacts)),
            "urls": set(URL.findall(contacts)),
            "periods": {m.group(1) + m.group(2) for m in PERIOD.finditer(texts)},
            "years": {str(s.get(k))[:4] for s in rules["sources"] for k in ("date", "effective")
                      if s.get(k)}}


def _cases() -> list[tuple[str, str | None, str]]:
    lenders = [None, "bank", "credit_card", "consumer_finance", "small_loan", "platform",
               "unlicensed"]
    return [(k, lender, fmt) for k in KINDS for lender in lenders for fmt in ("markdown", "text")]


def _letters(kind: str, lender: str | None, fmt: str, book: Rulebook) -> list[Any]:
    made = []
    for lang in ("zh-Hans", "zh-Hant", "en"):
        for extra in ({}, {"to": "lender", "owed": Decimal(900000), "contacts": (
                ThirdPartyContact(1, "2026-03-02 14:10", "contacts", "联系本人的紧急联系人"),),
                           "contacts_total": 1}):
            base: dict[str, Any] = {"platform": "某某借", "lender": lender, "owed": Decimal(38000),
                                    "can_pay": Decimal(1200), "reason": "失业", "item": "逾期记录",
                                    "requests": ("access", "copy", "recipients", "withdraw",
                                                 "correct", "delete")}
            base.update(extra)
            made.append(build_letter(LetterInput(kind, date(2026, 11, 20), **base), book,
                                     fmt=fmt, lang=lang))
    return made


@pytest.mark.parametrize(("kind", "lender", "fmt"), _cases())
def test_nothing_outside_the_allow_list(kind: str, lender: str | None, fmt: str,
                                        book: Rulebook, allowed: dict[str, Any]) -> None:
    for made in _letters(kind, lender, fmt, book):
        pieces = [to_simplified(t) for t in (made.text, *made.guidance, *made.send)]
        for text in pieces:
            for article in ARTICLE.findall(text):
                assert article in allowed["articles"], (article, text)
            for title, listed in allowed["per_law"].items():
                for m in re.finditer(re.escape(title) + f"(第{NUMERAL}+条(?:之一)?)", text):
                    assert m.group(1) in listed, (title, m.group(1))
            for m in PERIOD.finditer(text):
                assert m.group(1) + m.group(2) in allowed["periods"], (m.group(0), text)
            for url in URL.findall(text):
                assert url in allowed["urls"], (url, text)
            rest = text
            for pattern in NOT_PHONES:
                rest = pattern.sub(" ", rest)
            for year in YEAR.findall(rest):
                assert year in allowed["years"], (year, text)
            rest = YEAR.sub(" ", rest)
            for number in re.findall(r"\d{3,}(?:-\d+)*", rest):
                assert number in allowed["phones"], (number, text)
            for m in ARTICLE_EN.finditer(text):
                for n in m.groups():
                    if n:
                        assert f"第{n}条" in allowed["articles"], (m.group(0), text)
            for m in PERIOD_EN.finditer(text):
                figure = EN_WORDS.get(m.group(1), m.group(1))
                unit = {"day": "日", "month": "个月", "year": "年"}[m.group(2)]
                assert any(p in allowed["periods"] for p in (figure + unit, figure + "天")), \
                    (m.group(0), text)


def test_the_allow_list_catches_what_it_should(allowed: dict[str, Any]) -> None:
    """The test is only as good as its patterns: an invented article, period, number
    and address are each caught."""
    bad = "依据《征信业管理条例》第99条，请在45日内回电 400-123-4567 或访问 www.example.com。"
    assert "第99条" not in allowed["articles"] or "第99条" not in \
        allowed["per_law"]["《征信业管理条例》"]
    assert "45日" not in allowed["periods"]
    assert URL.findall(bad) == ["www.example.com"]
    assert "400-123-4567" in re.findall(r"\d{3,}(?:-\d+)*", bad)
    assert {"20日", "5年"} <= allowed["periods"]
    assert "12363" in allowed["phones"]
