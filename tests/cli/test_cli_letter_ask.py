"""``overdue letter KIND`` asking for its missing required facts, end to end.

On a terminal (or with ``-i``) the missing facts are asked, one question each on
stderr; the letter drafted from the answers is the letter the flags draft, stdout
holds the letter (or its JSON) alone, and the end of input is one error line. Off a
terminal without ``-i`` nothing is asked: exit 2 naming every missing fact, as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from overdue_cli.env import Environment
from overdue_cli.locale.cli_text import CliText
from tests.conftest import assert_one_line_error, mock_env, run

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PIPE = mock_env(clock=lambda: NOW)
TERMINAL = mock_env(stdin_isatty=True, stdout_isatty=True, clock=lambda: NOW)


def _answers(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


# kind: (flags drafting the letter, the flags kept when asking, the answers to the rest)
CASES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "negotiate": (("--lender", "credit_card", "--platform", "某某银行", "--owed", "38000",
                   "--can-pay", "1200/月", "--reason", "失业"),
                  ("--lender", "credit_card"),
                  _answers("某某银行", "38000", "1200/月", "失业")),
    "stop-third-party": (("--platform", "某某借", "--reach", "本人手机"),
                         ("--reach", "本人手机"), _answers("某某借")),
    "credit-dispute": (("--platform", "某某借", "--item", "2026-03 逾期记录", "--reason",
                        "当天已还款"), (), _answers("某某借", "2026-03 逾期记录", "当天已还款")),
    "data": (("--platform", "某某借", "--request", "access,copy,delete"),
             ("--request", "access,copy,delete"), _answers("某某借")),
    "verify-debt": (("--platform", "某某借", "--lender", "small_loan"),
                    ("--lender", "small_loan"), _answers("某某借")),
}


def q(key: str, lang: str = "zh-Hans") -> str:
    return CliText(lang).message(f"letter_ask_{key}")


@pytest.mark.parametrize("kind", sorted(CASES))
def test_the_asked_letter_is_the_flags_letter(kind: str,
                                              validator: Callable[..., None]) -> None:
    flags, kept, answers = CASES[kind]
    expected = run("letter", kind, *flags, "--json", env=PIPE)
    assert expected.code == 0, expected.stderr
    asked = run("letter", kind, "-i", *kept, "--json", input=answers, env=PIPE)
    assert asked.code == 0, asked.stderr
    doc = json.loads(asked.stdout)  # the questions went to stderr: stdout is the JSON alone
    validator("letter.schema.json", doc)
    assert doc == json.loads(expected.stdout)
    assert q("intro") in asked.stderr and q("platform") in asked.stderr


@pytest.mark.parametrize("kind", sorted(CASES))
def test_stdout_holds_only_the_letter_on_a_terminal(kind: str) -> None:
    flags, kept, answers = CASES[kind]
    expected = run("letter", kind, *flags, env=PIPE)
    asked = run("letter", kind, *kept, input=answers, env=TERMINAL)  # no -i: a terminal
    assert asked.code == 0, asked.stderr
    assert asked.stdout == expected.stdout
    assert q("platform") in asked.stderr and q("platform") not in asked.stdout
    assert q("intro") not in asked.stdout


def test_only_the_missing_facts_are_asked() -> None:
    flags = CASES["negotiate"][0]
    result = run("letter", "negotiate", "-i", "--lender", "credit_card", "--platform", "某某银行",
                 "--reason", "失业", input=_answers("3.8万", "一千二"), env=PIPE)
    assert result.code == 0, result.stderr
    assert result.stdout == run("letter", "negotiate", *flags, env=PIPE).stdout
    assert q("owed") in result.stderr and q("can_pay") in result.stderr
    for key in ("platform", "reason", "item"):
        assert q(key) not in result.stderr
    assert "联系" not in result.stderr.replace(q("intro"), "")  # optional --reach not asked


def test_all_facts_given_asks_nothing() -> None:
    flags = CASES["credit-dispute"][0]
    result = run("letter", "credit-dispute", "-i", *flags, env=TERMINAL)
    assert result.code == 0, result.stderr
    assert q("intro") not in result.stderr
    assert result.stdout == run("letter", "credit-dispute", *flags, env=PIPE).stdout


@pytest.mark.parametrize(("kind", "options"), [
    ("negotiate", ("--platform", "--owed", "--can-pay", "--reason")),
    ("credit-dispute", ("--platform", "--item", "--reason")),
    ("verify-debt", ("--platform",)),
])
def test_off_a_terminal_without_i_nothing_is_asked(kind: str, options: tuple[str, ...]) -> None:
    result = run("letter", kind, input=_answers("某某借", "1000", "500", "失业"), env=PIPE)
    line = assert_one_line_error(result, 2)
    assert all(option in line for option in options), line
    assert q("intro") not in result.stderr and q("platform") not in result.stderr


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_questions_and_re_asking_in_the_users_language(lang: str) -> None:
    answers = _answers("", "某某银行", "lots", "38000", "1200/week", "1200", "失业")
    result = run("letter", "negotiate", "-i", "--lender", "credit_card", "--lang", lang,
                 "--json", input=answers, env=PIPE)
    assert result.code == 0, result.stderr
    for key in ("intro", "platform", "owed", "can_pay", "reason"):
        assert q(key, lang) in result.stderr
    assert result.stderr.count(q("invalid", lang)) == 3
    assert "lots" in result.stderr and "1200/week" in result.stderr
    expected = run("letter", "negotiate", *CASES["negotiate"][0], "--lang", lang, "--json",
                   env=PIPE)
    assert json.loads(result.stdout) == json.loads(expected.stdout)


def test_input_ending_early_is_one_error_line() -> None:
    result = run("letter", "negotiate", "-i", input=_answers("某某银行", "38000"), env=PIPE)
    assert result.code == 2
    assert q("invalid") not in result.stderr  # stops at once, no re-asking
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("overdue: 错误：") and "输入就结束了" in last
    assert result.stdout == ""


def test_too_many_unreadable_answers_end_in_the_parsers_error() -> None:
    result = run("letter", "negotiate", "-i", "--platform", "x", input=_answers(*["很多"] * 5),
                 env=PIPE)
    assert result.code == 2
    last = result.stderr.strip().splitlines()[-1]  # after the last question's prompt
    assert "overdue: 错误：" in last and "很多" in last and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_bad_flag_is_refused_before_any_question() -> None:
    result = run("letter", "verify-debt", "--lender", "spaceship", input=_answers("某某借"),
                 env=TERMINAL)
    line = assert_one_line_error(result, 2)
    assert "--lender" in line and q("platform") not in result.stderr


def test_the_terminal_needs_both_ends() -> None:
    half: Environment = mock_env(stdin_isatty=True, stdout_isatty=False, clock=lambda: NOW)
    result = run("letter", "data", input=_answers("某某借"), env=half)
    assert "--platform" in assert_one_line_error(result, 2)
