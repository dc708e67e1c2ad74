"""The guided interview ``overdue check`` runs on a terminal with no flags.

It asks only what the chosen methods make relevant, re-asks on an answer it
cannot read, and feeds the answers through the same parsers as the flags, so
an interview and a command line describing the same situation give the same
findings. Every "run check again with --flag" a flags user would read becomes a
question here instead: a word that names two methods is offered as a numbered
choice, a rule condition that sends the user back (engine.sends_back) becomes a
follow-up, and the limitation dates are asked when the limitation can matter.
The Situation it yields is marked ``interviewed``, so the report leaves those
sentences out. Input and output are injected, which keeps it testable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from overdue_cli.check.inputs import (
    lookup,
    parse_count,
    parse_day,
    parse_days,
    parse_hour,
    parse_lender,
    resolve_methods,
)
from overdue_cli.check.wording import sends_back
from overdue_cli.errors import InputEnded, UsageProblem
from overdue_cli.locale import Localizer
from overdue_cli.rulebook import Rulebook
from overdue_cli.text import fold_key

Ask = Callable[[str], str]
Say = Callable[[str], None]

MAX_TRIES = 5
T = TypeVar("T")
_THIRD_PARTY = {"contacts", "address_book", "disclosure"}
_ASKABLE = ("platform", "lender", "last_due", "last_contact")
"""Facts a flag can give alongside ``--interactive``; given, they are not asked."""


@dataclass(frozen=True)
class Answers:
    days: int
    methods: tuple[str, ...]
    method_input: tuple[str, ...]
    hour: int | None
    calls_per_day: int | None
    attempts_per_day: int | None
    unreachable: bool
    platform: str | None = None
    lender: str | None = None
    """A ``lenders`` id; None when it was not asked (given as a flag)."""
    last_due: date | None = None
    last_contact: date | None = None
    asked: frozenset[str] = frozenset()
    """The facts that were asked (``unreachable``, ``platform``, ``lender``,
    ``last_due``, ``last_contact``, ``followup:<method>``)."""


def run_interview(book: Rulebook, loc: Localizer, ask: Ask, say: Say, *,
                  today: date | None = None, given: Iterable[str] = ()) -> Answers:
    """Ask the questions; ``given`` names facts the flags already gave (see _ASKABLE)."""
    known = set(given)
    asked: set[str] = set()

    def q(key: str) -> str:
        return loc(book.label("interview", key)) or key

    def until_valid(attempt: Callable[[], T]) -> T:
        return ask_until_valid(attempt, say, q("invalid"), loc.lang)

    say(q("intro"))
    days = until_valid(lambda: parse_days(_required(ask(q("days")))))
    ids = list(book.methods)
    for i, method in enumerate(ids, 1):
        say(f"  {i:>2}. {loc(book.methods[method].name)} ({method})")
    methods, words = until_valid(lambda: _pick_methods(book, loc, ids, ask(q("methods")), ask,
                                                       say, q))
    _follow_up(book, loc, methods, ask, say, q, asked)
    hour = until_valid(lambda: parse_hour(_optional(ask(q("hour")))))
    calls = attempts = None
    if "call" in methods:
        calls = until_valid(lambda: parse_count(_optional(ask(q("calls_per_day"))),
                                                "--calls-per-day"))
        attempts = until_valid(lambda: parse_count(_optional(ask(q("attempts_per_day"))),
                                                   "--attempts-per-day"))
    unreachable = False
    if (_THIRD_PARTY | _hinges_on_unreachable(book)) & set(methods):
        yes = loc(book.label("ui", "answer_yes")) or "yes"
        no = loc(book.label("ui", "answer_no")) or "no"
        unreachable = until_valid(lambda: yes_no(ask(f"{q('unreachable')} ({yes}/{no})")))
        asked.add("unreachable")
    platform = lender = None
    if "platform" not in known:
        platform = _optional(ask(q("platform")))
        asked.add("platform")
    if "lender" not in known and book.lenders:
        say(q("lender_intro"))
        for i, item in enumerate(book.lenders.values(), 1):
            say(f"  {i:>2}. {loc(item.name)}")
        lender = until_valid(lambda: _pick_lender(book, loc, ask(q("lender"))))
        asked.add("lender")
    last_due = last_contact = None
    if _limitation_matters(book, days, methods):
        fixed = today or date.today()
        if not {"last_due", "last_contact"} <= known:
            say(q("limitation_why"))
        if "last_due" not in known:
            # the last instalment may still be to come: a day after today is a fair answer
            last_due = until_valid(lambda: _day(ask(q("last_due")), q("last_due"), fixed,
                                                future=True))
            asked.add("last_due")
        if "last_contact" not in known:
            last_contact = until_valid(lambda: _day(ask(q("last_contact")), q("last_contact"),
                                                    fixed, future=False))
            asked.add("last_contact")
    return Answers(days, tuple(methods), tuple(words), hour, calls, attempts, unreachable,
                   platform, lender, last_due, last_contact, frozenset(asked))


def ask_until_valid(attempt: Callable[[], T], say: Say, invalid: str, lang: str) -> T:
    """``attempt`` until it reads, saying why each failure did not (``invalid`` and the
    reason in ``lang``); the last failure propagates as a usage error, the end of input
    at once. The interviews of check, rate and letter all ask this way."""
    for _ in range(MAX_TRIES - 1):
        try:
            return attempt()
        except InputEnded:
            raise  # no more answers will come; asking again would only repeat the error
        except UsageProblem as exc:
            message = localized_message(exc, lang)
            say(f"{invalid} ({message})" if lang == "en" else f"{invalid}（{message}）")
    return attempt()  # the last failure propagates as a usage error


def localized_message(exc: UsageProblem, lang: str) -> str:
    """The error's message in ``lang`` from the CLI catalogue when it names one."""
    if exc.key:
        from overdue_cli.locale.cli_text import CliText

        try:
            return CliText(lang).message(exc.key, **exc.params)
        except (KeyError, IndexError, ValueError):
            pass
    return exc.message


def _required(answer: str) -> str:
    if not answer.strip():
        raise UsageProblem("an answer is needed here (此项必填)", key="answer_required")
    return answer


_DONT_KNOW = {"不知道", "不清楚", "不记得", "不記得", "跳过", "跳過", "?", "？", "skip",
              "dontknow", "idontknow", "notsure", "unknown"}


def _optional(answer: str) -> str | None:
    """The answer, or None for Enter, 不知道, skip and their like."""
    text = answer.strip()
    return None if not text or fold_key(text) in _DONT_KNOW else text


def _pick_methods(book: Rulebook, loc: Localizer, ids: list[str], answer: str, ask: Ask,
                  say: Say, q: Callable[[str], str]) -> tuple[list[str], list[str]]:
    """Numbers from the list, or method names and aliases, in any mix; a word that
    names more than one method is offered as a numbered choice."""
    words = [w for w in re.split(r"[\s,，、;；]+", answer.strip()) if w]
    if not words:
        raise UsageProblem("name at least one method (至少选一种方式)", key="name_a_method")
    chosen: list[str] = []
    for word in words:
        if word.isdigit():
            n = int(word)
            if not 1 <= n <= len(ids):
                raise UsageProblem(f"no method number {n} (编号超出范围 1-{len(ids)})",
                                   key="no_method_number", params={"n": n, "count": len(ids)})
            method = ids[n - 1]
        elif lookup(book.method_index, word) is None and (
                choices := book.ambiguous_methods(fold_key(word))):
            method = _which(book, loc, word, choices, ask, say, q)
        else:
            method = resolve_methods(book, [word]).ids[0]
        if method not in chosen:
            chosen.append(method)
    return chosen, words


def _which(book: Rulebook, loc: Localizer, word: str, choices: tuple[str, ...], ask: Ask,
           say: Say, q: Callable[[str], str]) -> str:
    """The method the user means by ``word``, chosen by number from ``choices``."""
    say(q("which_method").format(word=word))
    for i, method in enumerate(choices, 1):
        say(f"  {i}. {loc(book.methods[method].name)} ({method})")

    def pick() -> str:
        found = _numbered(ask(q("which_number")), choices)
        if len(found) != 1:
            raise UsageProblem(f"pick one number, 1-{len(choices)} (请选一个编号)",
                               key="pick_one_number", params={"count": len(choices)})
        return found[0]

    return ask_until_valid(pick, say, q("invalid"), loc.lang)


def _numbered(answer: str, choices: tuple[str, ...]) -> list[str]:
    """The choices ``answer``'s numbers pick, or their ids; none for a blank answer."""
    picked: list[str] = []
    for word in (w for w in re.split(r"[\s,，、;；]+", answer.strip()) if w):
        if word in choices:
            item = word
        elif word.isdigit() and 1 <= int(word) <= len(choices):
            item = choices[int(word) - 1]
        else:
            raise UsageProblem(f"'{word[:20]}' is not one of the numbers 1-{len(choices)} "
                               f"(请输入 1-{len(choices)} 之间的编号)", key="not_a_number_listed",
                               params={"word": word[:20], "count": len(choices)})
        if item not in picked:
            picked.append(item)
    return picked


def followups(book: Rulebook, method: str) -> tuple[str, ...]:
    """The methods a flags user of ``method`` is told to check again as (sms: threat,
    insult, fake_legal, fee_request): the interview asks about them instead."""
    named = (w for rule in book.rules_for(method) for text in rule.conditions
             if sends_back(text) for w in re.findall(r"[a-z_]+", text.zh))
    return tuple(dict.fromkeys(w for w in named if w in book.methods and w != method))


def _follow_up(book: Rulebook, loc: Localizer, methods: list[str], ask: Ask, say: Say,
               q: Callable[[str], str], asked: set[str]) -> None:
    """For each chosen method, the follow-ups its rules send flags users back for;
    what the user picks joins ``methods`` (and is followed up in turn)."""
    for method in methods:  # grows as the user adds methods
        choices = tuple(m for m in followups(book, method) if m not in methods)
        if not choices:
            continue
        say(q("followup").format(method=loc(book.methods[method].name)))
        for i, other in enumerate(choices, 1):
            say(f"  {i}. {loc(book.methods[other].name)}")
        def pick(offered: tuple[str, ...] = choices) -> list[str]:
            return _numbered(ask(q("followup_pick")), offered)

        picked = ask_until_valid(pick, say, q("invalid"), loc.lang)
        methods.extend(m for m in picked if m not in methods)
        asked.add(f"followup:{method}")


def _hinges_on_unreachable(book: Rulebook) -> set[str]:
    """Methods with a rule that turns on whether the borrower could be reached."""
    return {m for rule in book.rules if "unreachable" in rule.when for m in rule.methods}


def _limitation_matters(book: Rulebook, days: int, methods: list[str]) -> bool:
    """As the report decides to speak of it: over three years overdue, a lawsuit, or a
    rule of the chosen methods that turns on the limitation period."""
    return (book.stage_for(days).id == "limitation" or "lawsuit" in methods
            or any("limitation" in rule.when for m in methods for rule in book.rules_for(m)))


def _pick_lender(book: Rulebook, loc: Localizer, answer: str) -> str:
    """A number from the list, an id or an alias (信用卡, 小贷), or unknown for Enter
    and 不知道."""
    text = _optional(answer)
    if text is None:
        return "unknown"
    kinds = tuple(book.lenders)
    if text.isdigit():
        return _numbered(text, kinds)[0]
    return parse_lender(book, text, loc.lang)


def _day(answer: str, what: str, today: date, *, future: bool) -> date | None:
    text = _optional(answer)
    day = parse_day(text, what, today) if text else None
    if day is not None and day > today and not future:
        raise UsageProblem(f"{day.isoformat()} is after today (日期晚于今天)",
                           key="after_today", params={"day": day.isoformat()})
    return day


_YES = {"y", "yes", "是", "对", "對", "有", "1", "true"}
_NO = {"n", "no", "否", "不", "不是", "没有", "沒有", "0", "false", ""}


def yes_no(answer: str) -> bool:
    """是/否, yes/no, 有/没有, 1/0; Enter is no."""
    word = answer.strip().lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise UsageProblem(f"please answer yes or no, got '{answer}' (请回答 是/否)",
                       key="yes_or_no", params={"answer": answer})

