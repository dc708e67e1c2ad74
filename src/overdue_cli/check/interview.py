"""The guided interview ``overdue check`` runs on a terminal with no flags.

It asks only what the chosen methods make relevant, re-asks on an answer it
cannot read, and feeds the answers through the same parsers as the flags, so
an interview and a command line describing the same situation give the same
report. Input and output are injected, which keeps it testable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from overdue_cli.check.inputs import parse_count, parse_days, parse_hour, resolve_methods
from overdue_cli.errors import InputEnded, UsageProblem
from overdue_cli.locale import Localizer
from overdue_cli.rulebook import Rulebook

Ask = Callable[[str], str]
Say = Callable[[str], None]

MAX_TRIES = 5
T = TypeVar("T")
_THIRD_PARTY = {"contacts", "address_book", "disclosure"}


@dataclass(frozen=True)
class Answers:
    days: int
    methods: tuple[str, ...]
    method_input: tuple[str, ...]
    hour: int | None
    calls_per_day: int | None
    attempts_per_day: int | None
    unreachable: bool


def run_interview(book: Rulebook, loc: Localizer, ask: Ask, say: Say) -> Answers:
    def q(key: str) -> str:
        return loc(book.label("interview", key)) or key

    say(q("intro"))
    days = _until_valid(lambda: parse_days(_required(ask(q("days")))), say, q("invalid"))
    ids = list(book.methods)
    for i, method in enumerate(ids, 1):
        say(f"  {i:>2}. {loc(book.methods[method].name)} ({method})")
    methods, words = _until_valid(lambda: _pick_methods(book, ids, ask(q("methods"))), say,
                                  q("invalid"))
    hour = _until_valid(lambda: parse_hour(_optional(ask(q("hour")))), say, q("invalid"))
    calls = attempts = None
    if "call" in methods:
        calls = _until_valid(lambda: parse_count(_optional(ask(q("calls_per_day"))),
                                                 "--calls-per-day"), say, q("invalid"))
        attempts = _until_valid(lambda: parse_count(_optional(ask(q("attempts_per_day"))),
                                                    "--attempts-per-day"), say, q("invalid"))
    unreachable = False
    if _THIRD_PARTY & set(methods):
        yes = loc(book.label("ui", "answer_yes")) or "yes"
        no = loc(book.label("ui", "answer_no")) or "no"
        unreachable = _until_valid(lambda: _yes_no(ask(f"{q('unreachable')} ({yes}/{no})")),
                                   say, q("invalid"))
    return Answers(days, tuple(methods), tuple(words), hour, calls, attempts, unreachable)


def _until_valid(attempt: Callable[[], T], say: Say, invalid: str) -> T:
    for _ in range(MAX_TRIES - 1):
        try:
            return attempt()
        except InputEnded:
            raise  # no more answers will come; asking again would only repeat the error
        except UsageProblem as exc:
            say(f"{invalid} ({exc.message})")
    return attempt()  # the last failure propagates as a usage error


def _required(answer: str) -> str:
    if not answer.strip():
        raise UsageProblem("an answer is needed here (此项必填)")
    return answer


def _optional(answer: str) -> str | None:
    return answer.strip() or None


def _pick_methods(book: Rulebook, ids: list[str], answer: str) -> tuple[list[str], list[str]]:
    """Numbers from the list, or method names and aliases, in any mix."""
    words = [w for w in re.split(r"[\s,，、;；]+", answer.strip()) if w]
    chosen: list[str] = []
    for word in words:
        if word.isdigit():
            n = int(word)
            if not 1 <= n <= len(ids):
                raise UsageProblem(f"no method number {n} (编号超出范围 1-{len(ids)})")
            method = ids[n - 1]
        else:
            method = resolve_methods(book, [word]).ids[0]
        if method not in chosen:
            chosen.append(method)
    return chosen, words


_YES = {"y", "yes", "是", "对", "對", "有", "1", "true"}
_NO = {"n", "no", "否", "不", "不是", "没有", "沒有", "0", "false", ""}


def _yes_no(answer: str) -> bool:
    word = answer.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise UsageProblem(f"please answer yes or no, got '{answer}' (请回答 是/否)")
