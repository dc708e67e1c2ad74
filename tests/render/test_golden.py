"""Golden human output: a person reads these, so changes must be looked at.

Run ``pytest --update-golden`` to rewrite them after an intended change, then
read the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import run

GOLDEN = Path(__file__).parents[1] / "golden"

CASES = {
    "check_contacts_sms_zh": ["check", "--days", "45", "--method", "contacts", "--method", "sms",
                              "--platform", "某某借"],
    "check_address_book_night_zh": ["check", "--days", "12", "--method", "爆通讯录",
                                    "--method", "call", "--hour", "23"],
    "check_visit_en": ["check", "--days", "120", "--method", "visit", "--method", "fee_request",
                       "--lang", "en"],
    "check_lawsuit_zh_hant": ["check", "--days", "1200", "--method", "lawsuit", "--lang",
                              "zh-Hant"],
    "check_card_bluff_zh": ["check", "--days", "120", "--method", "坐牢", "--lender", "信用卡",
                            "--on", "2026-12-01"],
    "check_limitation_en": ["check", "--days", "1500", "--method", "lawsuit", "--last-due",
                            "2021-03-10", "--last-contact", "2022-05-01", "--on", "2026-12-01",
                            "--lang", "en"],
    "check_threat_2025_zh": ["check", "--days", "30", "--method", "threat", "--on",
                             "2025-11-20"],
    "rate_head_cut_unlicensed_zh": ["rate", "--received", "3500", "--contract", "5000", "--pay",
                                    "800", "--every", "每周", "--times", "8", "--lender", "714",
                                    "--signed", "2025-03-10"],
    "rate_small_loan_en": ["rate", "--received", "10000", "--pay", "1020", "--every", "month",
                           "--times", "12", "--fee", "600", "--lender", "small_loan",
                           "--signed", "2025-03-10", "--lang", "en"],
    "rate_daily_unknown_zh_hant": ["rate", "--daily", "万五", "--days", "30", "--principal",
                                   "10000", "--fee", "300", "--signed", "2025-03-10",
                                   "--lang", "zh-Hant"],
    "explain_contacts_zh": ["explain", "contacts"],
    "explain_family_zh": ["explain", "family"],
    "explain_credit_en": ["explain", "credit", "--lang", "en"],
    "explain_topics_zh": ["explain"],
    "scan_messages_zh": ["scan", "【某某借】您的借款已逾期3天，请尽快还款。",
                         "再不还钱就爆你通讯录，通知你全家", "你這個老賴，明天法院就上門抓人",
                         "需缴纳解冻费2000元至以下个人账户"],
    "scan_threat_en": ["scan", "不还钱就找人收拾你，后果自负", "--lang", "en"],
    "scan_traditional_zh_hant": ["scan", "你這個老賴，再不還錢就爆你通訊錄", "--lang", "zh-Hant"],
}


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, request: pytest.FixtureRequest) -> None:
    result = run(*CASES[name], env={"COLUMNS": "88"})
    assert result.code == 0, result.stderr
    actual = normalise(result.stdout)
    path = GOLDEN / f"{name}.txt"
    if request.config.getoption("--update-golden"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing {path.name}; run pytest --update-golden"
    assert actual == path.read_text(encoding="utf-8")
