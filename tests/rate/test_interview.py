"""rate's interview (rate/interview.py) driven with scripted answers, as people give them.

What matters: each kind of loan comes out as the RateInputs its flags would give
(so build_loan makes the same Loan), an unreadable answer is asked again with the
reason, the end of input stops at once, and the questions are in the user's
language. Also the one thing the interview added to rate/inputs.py: payments typed
one by one, read like a schedule file's rows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from overdue_cli.errors import InputEnded, UsageProblem
from overdue_cli.locale import Localizer
from overdue_cli.locale.cli_text import load_catalogue
from overdue_cli.rate import RateAnswers, RateInputs, build_loan, run_rate_interview
from overdue_cli.rulebook import Rulebook

from ..scripted import Script

TODAY = date(2026, 11, 22)


def interview(book: Rulebook, *answers: str, lang: str = "zh-Hans",
              given: tuple[str, ...] = ()) -> tuple[RateAnswers, Script]:
    script = Script(*answers)
    return run_rate_interview(book, Localizer(lang), script.ask, script.say, TODAY,
                              given=given), script


def _lender_number(book: Rulebook, lender: str) -> str:
    return str(list(book.lenders).index(lender) + 1)


def test_regular_instalments_with_interest_kept_back(book: Rulebook) -> None:
    got, script = interview(book, "3500", "五千", "1", "800", "每周", "八", "", "", "", "")
    assert got == RateAnswers(RateInputs(received="3500", contract="五千", pay="800",
                                         every="每周", times="八"), "unknown", None)
    flags = RateInputs(received="3500", contract="5000", pay="800", every="week", times="8")
    assert build_loan(got.inputs, TODAY, TODAY) == build_loan(flags, TODAY, TODAY)
    assert script.asked[0] == "实际到手多少钱？" and len(script.asked) == 10


def test_daily_rate_uses_the_contract_as_principal(book: Rulebook) -> None:
    got, _ = interview(book, "1万", "", "2", "万五", "30", "200", "", "2025-03-10",
                       _lender_number(book, "small_loan"))
    assert got.inputs == RateInputs(received="1万", fee="200", daily="万五", days="30",
                                    principal="1万")
    assert (got.lender, got.signed) == ("small_loan", "2025-03-10")
    flags = RateInputs(received="10000", principal="10000", daily="0.05%", days="30",
                       fee="200")
    start = date(2025, 3, 10)
    assert build_loan(got.inputs, start, TODAY) == build_loan(flags, start, TODAY)


def test_irregular_payments_one_per_line(book: Rulebook, tmp_path: Path) -> None:
    got, script = interview(book, "20000", "", "3", "2025-02-01 5000", "2025年3月1日，8000",
                            "2025-04-01,9000", "", "", "2025-01-01", "小贷")
    assert got.inputs.payments == ("2025-02-01 5000", "2025年3月1日,8000", "2025-04-01,9000")
    assert got.lender == "small_loan"
    assert any("日期 金额" in said for said in script.said)
    csv = tmp_path / "payments.csv"
    csv.write_text("日期,金额\n2025-02-01,5000\n2025-03-01,8000\n2025-04-01,9000\n",
                   encoding="utf-8")
    start = date(2025, 1, 1)
    assert build_loan(got.inputs, start, TODAY) == build_loan(
        RateInputs(received="20000", schedule=str(csv)), start, TODAY)


def test_unreadable_answers_are_asked_again_with_the_reason(book: Rulebook) -> None:
    got, script = interview(book,
                            "", "abc", "3500",       # received: empty, unreadable, fine
                            "3000", "5000",          # contract below received, fine
                            "4", "1",                # kind: no such number
                            "800", "每年", "周",      # every: no such step
                            "0", "8",                # times: at least one
                            "-5", "",                # fee: negative, none
                            "",                      # no late fees or extra payments
                            "2026-02-30", "",        # signed: no such day, today
                            "99", "")                # lender: no such number, unknown
    assert got.inputs == RateInputs(received="3500", contract="5000", pay="800", every="周",
                                    times="8")
    re_asked = [s for s in script.said if s.startswith("没看懂")]
    assert len(re_asked) == 9
    assert "3000 比到手的 3500 还少" in re_asked[2]
    assert "“每年”这种还款周期" in re_asked[4] and "--every" not in re_asked[4]
    assert "期数最少是 1" in re_asked[5]
    assert "到手的钱" in re_asked[1]


def test_a_payment_before_the_signing_day_asks_for_the_day_again(book: Rulebook) -> None:
    got, script = interview(book, "1000", "", "3", "2025-02-01 600", "2025-03-01 600", "",
                            "", "2025-03-01", "2025-01-15", "")
    assert got.signed == "2025-01-15"
    assert any("2025-02-01 早于放款日 2025-03-01" in s for s in script.said)


def test_the_payment_list_needs_one_payment(book: Rulebook) -> None:
    _, script = interview(book, "1000", "", "3", "", "2025-02-01 1100", "", "", "2025-01-01",
                          "")
    assert any("至少要输入一笔还款" in s for s in script.said)


def test_five_bad_answers_end_in_a_usage_error(book: Rulebook) -> None:
    with pytest.raises(UsageProblem) as caught:
        interview(book, *["abc"] * 5)
    assert caught.value.key == "rate_amount_bad"


def test_input_ending_stops_at_once(book: Rulebook) -> None:
    script = Script("3500", "")
    with pytest.raises(InputEnded):
        run_rate_interview(book, Localizer("zh-Hans"), script.ask, script.say, TODAY)
    assert script.asked[-1].startswith("怎么还")
    script = Script("abc")
    with pytest.raises(InputEnded):  # not asked again and again, not a usage error
        run_rate_interview(book, Localizer("zh-Hans"), script.ask, script.say, TODAY)
    assert len(script.asked) == 2


def test_flags_given_are_not_asked(book: Rulebook) -> None:
    got, script = interview(book, "3500", "", "1", "800", "month", "3", "", "",
                            given=("lender", "signed"))
    assert (got.lender, got.signed) == (None, None) and len(script.asked) == 8


@pytest.mark.parametrize(("lang", "first", "kind"), [
    ("zh-Hant", "實際到手多少錢？", "每期還固定的錢"),
    ("en", "How much money did you actually receive?", "the same amount every period")])
def test_questions_in_the_users_language(book: Rulebook, lang: str, first: str,
                                         kind: str) -> None:
    got, script = interview(book, "abc", "3500", "", "1", "800", "week", "8", "", "", "", "",
                            lang=lang)
    assert script.asked[0] == first
    assert any(kind in said for said in script.said)
    assert got.inputs.every == "week"
    if lang == "en":
        assert all(q.isascii() for q in script.asked)
        assert any(s.startswith("That answer was not understood") for s in script.said)


def test_every_question_is_in_the_catalogue_in_both_languages() -> None:
    import re

    source = (Path(__file__).resolve().parents[2] / "src" / "overdue_cli" / "rate"
              / "interview.py").read_text(encoding="utf-8")
    used = set(re.findall(r'q\("(\w+)"', source)) | {f"kind_{k}" for k in (
        "regular", "daily", "irregular")}
    used |= set(re.findall(r'key="rate_ask_(\w+)"', source))
    messages = load_catalogue()["messages"]
    for key in used:
        entry = messages.get(f"rate_ask_{key}")
        assert entry and entry.get("zh") and entry.get("en"), key


def test_payments_and_a_schedule_file_are_two_descriptions(tmp_path: Path) -> None:
    with pytest.raises(UsageProblem) as caught:
        build_loan(RateInputs(received="1000", schedule=str(tmp_path / "x.csv"),
                              payments=("2025-02-01,1100",)), TODAY, TODAY)
    assert caught.value.key == "rate_one_kind"
    loan = build_loan(RateInputs(received="1000", payments=("2026-12-01 1100",)), TODAY, TODAY)
    assert loan.paid == Decimal(1100)
    assert RateInputs(payments=("2026-12-01,1100",)).describes_a_loan
