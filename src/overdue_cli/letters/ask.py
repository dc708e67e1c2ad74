"""On a terminal, the facts a letter cannot do without are asked for, not refused.

Why: the issue's "exit 2 naming the missing facts" is for scripts and pipes; a
borrower at a terminal who typed ``overdue letter negotiate`` is better served by
four short questions than by an error listing four flags. Only the missing
required facts are asked (the optional ones keep their placeholders, so the
exchange stays short), one question each, in the user's language
(``letter_ask_…`` in locale/cli.yaml). Each answer is read by the parser of its
flag (``parse_amount`` for ``--owed``, ``parse_monthly`` for ``--can-pay``) and
asked again, with the reason, when it cannot be read, as check's and rate's
interviews do; so a letter drafted from answers is the letter the flags draft.
Input and output are injected (``ask``/``say``): pure and testable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from overdue_cli.check.interview import Ask, Say, ask_until_valid
from overdue_cli.errors import UsageProblem, cut
from overdue_cli.letters.inputs import missing_facts, parse_monthly
from overdue_cli.locale.cli_text import CliText

__all__ = ["ask_missing"]

T = TypeVar("T")

_REASON_QUESTION: dict[str, str] = {"credit-dispute": "reason_dispute"}
"""``reason`` means the hardship in a negotiation, but why the record is wrong in a
credit dispute: a question of its own there."""


def ask_missing(kind: str, required: tuple[str, ...], given: Mapping[str, object],
                lang: str, ask: Ask, say: Say) -> dict[str, str]:
    """The answers, as a flag would carry them, to the ``required`` facts ``given``
    lacks (None or blank), asked in ``required``'s order; nothing is asked (and
    nothing said) when none is missing. An answer that cannot be read is asked
    again, up to ``MAX_TRIES`` times, the last failure a usage error; the end of
    input (``InputEnded`` from ``ask``) stops at once."""
    if not missing_facts(required, given):
        return {}
    text = CliText(lang)
    invalid = text.message("letter_ask_invalid")
    say(text.message("letter_ask_intro"))
    answers: dict[str, str] = {}
    for name in required:
        value = given.get(name)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            continue
        question = text.message("letter_ask_" + _REASON_QUESTION.get(kind, "reason")
                                if name == "reason" else "letter_ask_" + name)
        answers[name] = ask_until_valid(_attempt(ask, question, _reader(name, text)), say,
                                     invalid, lang)
    return answers


def _attempt(ask: Ask, question: str, read: Callable[[str], str]) -> Callable[[], str]:
    """One try: ask ``question`` and read the answer."""
    return lambda: read(ask(question))


def _reader(name: str, text: CliText) -> Callable[[str], str]:
    """The check an answer to ``name`` passes: its flag's parser; the answer is
    returned as typed (stripped), for the CLI to read as it reads the flag."""
    def read(answer: str) -> str:
        shown = answer.strip()
        if not shown:
            raise UsageProblem("an answer is needed here", key="answer_required")
        if name == "owed":
            from overdue_cli.rate import parse_amount

            parse_amount(shown, text.message("letter_ask_name_owed"))
        elif name == "can_pay":
            try:
                parse_monthly(shown, text.message("letter_ask_name_can_pay"))
            except UsageProblem as exc:
                if exc.key != "letter_can_pay_monthly":
                    raise
                # the flag's wording ("--can-pay is what you can pay a month") names a flag
                raise UsageProblem(f"give what you can pay a month, got '{cut(shown, 24)}'",
                                   key="letter_ask_per_month",
                                   params={"value": cut(shown, 24)}) from None
        return shown

    return read


