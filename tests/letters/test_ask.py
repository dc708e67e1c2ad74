"""Asking for a letter's missing facts (letters/ask.py) with scripted answers: only the
missing required facts are asked, each once, in the user's language; an unreadable
answer is asked again with the reason; the end of input stops at once."""

from __future__ import annotations

import pytest

from overdue_cli.check.interview import MAX_TRIES
from overdue_cli.errors import InputEnded, UsageProblem
from overdue_cli.letters import ask_missing, missing_facts, parse_monthly
from overdue_cli.locale.cli_text import CliText
from overdue_cli.rate import parse_amount

from .. import scripted

NEGOTIATE = ("platform", "owed", "can_pay", "reason")
DISPUTE = ("platform", "item", "reason")


class Script(scripted.Script):
    """The scripted user, able to run letter's asking for itself."""

    def run(self, kind: str, required: tuple[str, ...], given: dict[str, object],
            lang: str = "zh-Hans") -> dict[str, str]:
        return ask_missing(kind, required, given, lang, self.ask, self.say)


def q(lang: str, key: str) -> str:
    return CliText(lang).message(f"letter_ask_{key}")


def test_asks_exactly_the_missing_facts_in_order() -> None:
    script = Script("某某银行", "3.8万", "1200/月")
    answers = script.run("negotiate", NEGOTIATE,
                         {"platform": None, "owed": "", "can_pay": None, "reason": "失业"})
    assert answers == {"platform": "某某银行", "owed": "3.8万", "can_pay": "1200/月"}
    assert script.questions == [q("zh-Hans", "platform"), q("zh-Hans", "owed"),
                                q("zh-Hans", "can_pay")]
    assert script.said == [q("zh-Hans", "intro")]
    # what was answered is what the flags would have carried: the same values
    assert parse_amount(answers["owed"], "--owed") == 38000
    assert parse_monthly(answers["can_pay"]) == 1200


def test_nothing_missing_asks_and_says_nothing() -> None:
    script = Script()
    given = {"platform": "某某借", "item": "2026-03 逾期记录", "reason": "当天已还款"}
    assert script.run("credit-dispute", DISPUTE, given) == {}
    assert script.questions == [] and script.said == []


def test_optional_facts_are_not_asked() -> None:
    script = Script("某某借")
    assert script.run("verify-debt", ("platform",), {"platform": None, "reach": None,
                                                     "lender": None}) == {"platform": "某某借"}
    assert len(script.questions) == 1


def test_the_reason_question_fits_the_letter() -> None:
    negotiate, dispute = Script("失业"), Script("2026-03 逾期记录", "当天已还款")
    negotiate.run("negotiate", NEGOTIATE, {"platform": "x", "owed": "1", "can_pay": "1"})
    dispute.run("credit-dispute", DISPUTE, {"platform": "x"})
    assert negotiate.questions == [q("zh-Hans", "reason")]
    assert dispute.questions == [q("zh-Hans", "item"), q("zh-Hans", "reason_dispute")]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_re_asks_with_the_reason_in_the_users_language(lang: str) -> None:
    script = Script("  ", "某某银行", "lots", "38000", "1200/周", "1200", "失业")
    answers = script.run("negotiate", NEGOTIATE, {}, lang)
    assert answers == {"platform": "某某银行", "owed": "38000", "can_pay": "1200",
                       "reason": "失业"}
    invalid = q(lang, "invalid")
    retries = [s for s in script.said if s.startswith(invalid)]
    assert len(retries) == 3  # blank, not an amount, not per month
    text = CliText(lang)
    assert text.message("answer_required") in retries[0]
    assert "lots" in retries[1] and q(lang, "name_owed") in retries[1]
    assert text.message("letter_ask_per_month", value="1200/周") in retries[2]
    assert script.said[0] == q(lang, "intro")
    assert script.questions.count(q(lang, "platform")) == 2
    if lang == "en":
        assert all(s.isascii() for s in script.said[:1] + script.questions[:1])
    else:
        assert "（" in retries[0]  # Chinese brackets around the reason


def test_zh_hant_questions_are_traditional() -> None:
    script = Script("某某借")
    script.run("data", ("platform",), {}, "zh-Hant")
    assert script.questions == [q("zh-Hant", "platform")]
    assert script.questions[0] != q("zh-Hans", "platform")
    assert "臺" in script.questions[0] or "麼" in script.questions[0]


def test_gives_up_after_max_tries_with_the_parsers_error() -> None:
    script = Script(*["lots"] * MAX_TRIES)
    with pytest.raises(UsageProblem) as caught:
        script.run("negotiate", NEGOTIATE, {"platform": "x"})
    assert caught.value.key == "rate_amount_bad"
    assert not isinstance(caught.value, InputEnded)
    assert len(script.questions) == MAX_TRIES
    assert len([s for s in script.said if s.startswith(q("zh-Hans", "invalid"))]) == \
        MAX_TRIES - 1


def test_end_of_input_stops_at_once() -> None:
    script = Script("某某借")
    with pytest.raises(InputEnded):
        script.run("credit-dispute", DISPUTE, {})
    assert len(script.questions) == 2  # no re-asking after the end of input
    assert not any(s.startswith(q("zh-Hans", "invalid")) for s in script.said)


def test_every_question_exists_in_every_language() -> None:
    keys = ("intro", "invalid", "platform", "owed", "can_pay", "reason", "item",
            "reason_dispute", "name_owed", "name_can_pay")
    for lang in ("zh-Hans", "zh-Hant", "en"):
        for key in keys:
            assert q(lang, key).strip(), (lang, key)


def test_asked_is_what_missing_facts_names() -> None:
    """The questions follow the refusal: every option ``missing_facts`` would name is
    asked, and nothing else."""
    given: dict[str, object] = {"platform": "某某借", "owed": None, "can_pay": " ",
                                "reason": None}
    script = Script("1万", "800", "生病")
    answers = script.run("negotiate", NEGOTIATE, given)
    assert [f"--{k.replace('_', '-')}" for k in answers] == missing_facts(NEGOTIATE, given)
