"""`overdue rate` on a terminal: the short interview end to end.

The interview must give the JSON the flags give for the same loan, keep stdout for
the report alone (its questions go to stderr), never tell the user to add a flag,
and stop cleanly when input ends.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from overdue_cli.env import Environment

from ..conftest import assert_one_line_error, mock_env, run

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
LATE = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
"""Past the LPR table's check date by over two months: its note would say "give --lpr"."""


def terminal(clock: datetime = NOW) -> Environment:
    return mock_env(stdin_isatty=True, stdout_isatty=True, clock=lambda: clock)


def flags_env(clock: datetime = NOW) -> Environment:
    return mock_env(clock=lambda: clock)


def _answers(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


# received, contract, kind, pay, every, times, fee, extras (none), signed, lender
KANTOU = _answers("3500", "5000", "1", "800", "每周", "8", "", "", "", "")
KANTOU_FLAGS = ("--received", "3500", "--contract", "5000", "--pay", "800", "--every", "week",
                "--times", "8")
# received, contract (the principal), kind, daily rate, days, fee, extras (none), signed,
# lender (小贷)
DAILY = _answers("一万", "", "2", "万五", "30", "200", "", "2025-03-10", "小贷")
DAILY_FLAGS = ("--received", "10000", "--principal", "10000", "--daily", "0.05%", "--days",
               "30", "--fee", "200", "--signed", "2025-03-10", "--lender", "small_loan")
IRREGULAR = _answers("20000", "", "3", "2025-02-01 5000", "2025-03-01 8000", "2025-04-01 9000",
                     "", "", "2025-01-01", "")


def _irregular_flags(tmp_path: Path) -> tuple[str, ...]:
    csv = tmp_path / "payments.csv"
    csv.write_text("日期,金额\n2025-02-01,5000\n2025-03-01,8000\n2025-04-01,9000\n",
                   encoding="utf-8")
    return ("--received", "20000", "--schedule", str(csv), "--signed", "2025-01-01")


@pytest.mark.parametrize("kind", ["regular", "daily", "irregular"])
def test_the_interview_gives_the_flags_json(tmp_path: Path, validator, kind: str) -> None:
    answers, flags = {"regular": (KANTOU, KANTOU_FLAGS), "daily": (DAILY, DAILY_FLAGS),
                      "irregular": (IRREGULAR, _irregular_flags(tmp_path))}[kind]
    asked = run("rate", "--json", input=answers, env=terminal())
    assert asked.code == 0, asked.stderr
    doc = asked.json  # the questions went to stderr: stdout is the JSON alone
    validator("rate.schema.json", doc)
    expected = run("rate", *flags, "--json", env=flags_env())
    assert expected.code == 0, expected.stderr
    assert doc == expected.json
    assert "实际到手多少钱" in asked.stderr


def test_stdout_holds_only_the_report(validator) -> None:
    result = run("rate", input=KANTOU, env=terminal())
    assert result.code == 0, result.stderr
    assert "实际到手多少钱" in result.stderr and "实际到手多少钱" not in result.stdout
    assert result.stdout.lstrip().startswith("这笔借款的真实年化成本")
    assert "砍头息" in result.stdout
    doc = run("rate", "-i", "--json", input=KANTOU, env=flags_env()).json  # -i off a terminal
    validator("rate.schema.json", doc)
    assert doc["principal_counted"]["deducted"] == "1500.00"


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_an_interviewed_report_never_tells_the_user_to_add_a_flag(lang: str) -> None:
    flags = run("rate", *KANTOU_FLAGS, "--lang", lang, env=flags_env(LATE))
    assert re.search(r"--[a-z]", flags.stdout)  # "give the value at signing with --lpr"
    every = "week" if lang == "en" else "每周"
    answers = _answers("3500", "5000", "1", "800", every, "8", "", "", "2026-09-01", "")
    asked = run("rate", "--lang", lang, input=answers, env=terminal(LATE))
    assert asked.code == 0, asked.stderr
    assert not re.search(r"--[a-z]", asked.stdout), asked.stdout
    assert "2026-06-22" in asked.stdout  # the staleness is still said, without the flag


def test_questions_in_english_and_re_asking() -> None:
    answers = _answers("lots", "3500", "", "1", "800", "yearly", "month", "5", "", "", "", "")
    result = run("rate", "--lang", "en", "--json", input=answers, env=terminal())
    assert result.code == 0, result.stderr
    assert "How much money did you actually receive?" in result.stderr
    assert result.stderr.count("That answer was not understood") == 2
    assert result.json["cost"]["periods_per_year"] == 12


def test_input_ending_early_is_one_error_line() -> None:
    result = run("rate", input="3500\n5000\n", env=terminal())
    assert result.code == 2
    assert "没看懂" not in result.stderr  # stops at once, no re-asking
    assert result.stderr.strip().splitlines()[-1].startswith("overdue: 错误：")
    assert result.stdout == ""


def test_lender_and_signed_flags_are_not_asked_again() -> None:
    answers = _answers("3500", "5000", "1", "800", "每周", "8", "", "")
    result = run("rate", "-i", "--lender", "小贷", "--signed", "2025-03-10", "--json",
                 input=answers, env=terminal())
    assert result.code == 0, result.stderr
    expected = run("rate", *KANTOU_FLAGS, "--lender", "small_loan", "--signed", "2025-03-10",
                   "--json", env=flags_env()).json
    assert result.json == expected
    assert "哪天签订" not in result.stderr and "谁借给你" not in result.stderr


def test_interview_and_loan_flags_together_is_a_usage_error() -> None:
    line = assert_one_line_error(run("rate", "-i", "--received", "3500", input=KANTOU), 2)
    assert "-i" in line


def test_no_flags_off_a_terminal_points_to_the_interview() -> None:
    line = assert_one_line_error(run("rate", input=""), 2)
    assert "--received" in line and "终端" in line
    line = assert_one_line_error(run("rate", "--lang", "en", input=""), 2)
    assert "interview" in line


def test_late_fees_and_extra_payments_are_asked_and_match_the_flags() -> None:
    answers = _answers("3500", "5000", "1", "800", "每周", "8", "", "1",
                       "2025-03-20 50", "30", "",         # late fees: dated, then undated
                       "3月5日 100", "",                   # an extra payment, no year
                       "2025-03-01", "")
    asked = run("rate", "--json", input=answers, env=terminal())
    assert asked.code == 0, asked.stderr
    flags = run("rate", *KANTOU_FLAGS, "--late-fee", "2025-03-20,50", "--late-fee", "30",
                "--paid", "2025-03-05,100", "--signed", "2025-03-01", "--json",
                env=flags_env())
    assert asked.json == flags.json
    kinds = {f["kind"] for f in asked.json["flows"]}
    assert {"late_fee", "late_fee_assumed", "paid"} <= kinds


def test_enter_for_the_day_is_asked_again_when_the_payments_began_earlier() -> None:
    answers = _answers("3500", "", "3", "2025-03-08 800", "2025-03-15 3000", "", "",
                       "", "2025-03-01", "")
    result = run("rate", "--json", input=answers, env=terminal())
    assert result.code == 0, result.stderr
    assert "这里要写放款（签合同）的那天" in result.stderr
    assert result.json["signed_on"] == "2025-03-01"
