"""The short interview ``overdue rate`` runs on a terminal with no flags.

Why: the borrower who most needs the annual cost is the one least likely to type
``--received 3500 --pay 800 --every week --times 8``. The interview asks the same
things in plain words, one at a time, and fills the same ``RateInputs`` the flags
fill: every answer is read right away by the parser of its flag (parse_amount,
parse_rate, parse_every, parse_count, parse_day, parse_lender) and asked again,
with the reason in the user's language, when it cannot be read. So an interview
and a command line describing one loan give one Loan. Like check's interview,
input and output are injected (``ask``/``say``), which keeps it pure and testable;
the questions are in locale/cli.yaml (``rate_ask_…``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from overdue_cli.check.inputs import parse_count, parse_day, parse_lender
from overdue_cli.check.interview import Ask, Say, ask_until_valid, yes_no
from overdue_cli.errors import UsageProblem
from overdue_cli.rate.amounts import parse_amount, parse_rate
from overdue_cli.rate.inputs import RateInputs, parse_dated, parse_every, parse_late_fee
from overdue_cli.text import fold_key

if TYPE_CHECKING:
    from overdue_cli.locale import Localizer
    from overdue_cli.rulebook import Rulebook

__all__ = ["RateAnswers", "run_rate_interview"]

T = TypeVar("T")
_KINDS = ("regular", "daily", "irregular")
"""How the loan is repaid, in the order the interview offers them (1, 2, 3)."""
_DONT_KNOW = frozenset(("不知道", "不清楚", "不记得", "不記得", "没有", "沒有", "无", "無",
                        "跳过", "跳過", "?", "？", "skip", "none", "no", "dontknow",
                        "idontknow", "notsure", "unknown"))


@dataclass(frozen=True)
class RateAnswers:
    """What the interview learned: the loan as flags would give it, and the two
    facts the CLI reads itself (the lender and the day the contract was signed)."""

    inputs: RateInputs
    lender: str | None = None
    """A ``lenders`` id (``unknown`` for "I do not know"); None when not asked."""
    signed: str | None = None
    """The signing day as the user wrote it; None for today (or when not asked)."""


def run_rate_interview(book: Rulebook, loc: Localizer, ask: Ask, say: Say, today: date, *,
                       given: Iterable[str] = ()) -> RateAnswers:
    """Ask about the loan; ``given`` names ``lender`` and ``signed`` when flags gave them."""
    from overdue_cli.locale.cli_text import CliText

    text = CliText(loc.lang)
    known = set(given)

    def q(key: str, **params: object) -> str:
        return text.message(f"rate_ask_{key}", **params)

    def until_valid(attempt: Callable[[], T]) -> T:
        return ask_until_valid(attempt, say, q("invalid"), loc.lang)

    say(q("intro"))
    received = until_valid(lambda: _amount(ask(q("received")), q("name_received")))
    contract = until_valid(lambda: _contract(ask(q("contract")), received, q("name_contract")))
    for i, kind in enumerate(_KINDS, 1):
        say(f"  {i}. {q('kind_' + kind)}")
    kind = until_valid(lambda: _pick(ask(q("kind")), _KINDS))
    pay: str | None = None
    every = times = daily = days = principal = pay
    payments: list[tuple[str, date]] = []
    if kind == "regular":
        pay = until_valid(lambda: _amount(ask(q("pay")), q("name_pay")))
        every = until_valid(lambda: _every(ask(q("every"))))
        times = until_valid(lambda: _count(ask(q("times")), q("name_times")))
    elif kind == "daily":
        daily = until_valid(lambda: _daily(ask(q("daily")), q("name_daily")))
        days = until_valid(lambda: _count(ask(q("days")), q("name_days")))
    else:
        say(q("payments_how"))
        while True:
            def one(n: int = len(payments) + 1) -> tuple[str, date] | None:
                return _payment(ask(q("payment", n=n)), n > 1, q("name_payment"), today)

            line = until_valid(one)
            if line is None:
                break
            payments.append(line)
    fee = until_valid(lambda: _optional_amount(ask(q("fee")), q("name_fee")))
    late: list[str] = []
    extra: list[str] = []
    if kind != "irregular" and until_valid(lambda: yes_no(ask(q("extras")))):
        # a schedule's rows hold these already; beside a plan they are asked for
        late = _lines(ask, say, until_valid, q("late_how"), lambda n: q("late", n=n),
                      lambda text: parse_late_fee(text, q("name_late"), today))
        extra = _lines(ask, say, until_valid, q("paid_how"), lambda n: q("paid", n=n),
                       lambda text: _payment(text, True, q("name_paid"), today))
    signed = None
    if "signed" not in known:
        first = min((day for _, day in payments), default=None)
        signed = until_valid(lambda: _signed(ask(q("signed")), first, q("name_signed"), today))
    lender = None
    if "lender" not in known and book.lenders:
        say(q("lender_intro"))
        for i, item in enumerate(book.lenders.values(), 1):
            say(f"  {i:>2}. {loc(item.name)}")
        lender = until_valid(lambda: _pick_lender(book, loc, ask(q("lender"))))
    if kind == "daily":  # the rate runs on the contract's principal; what arrived is received
        principal, contract = contract or received, None
    inputs = RateInputs(received=received, contract=contract, pay=pay, every=every,
                        times=times, fee=fee, daily=daily, days=days, principal=principal,
                        payments=tuple(text for text, _ in payments),
                        late_fees=tuple(late), paid=tuple(extra))
    return RateAnswers(inputs, lender, signed)


def _lines(ask: Ask, say: Say,
           until_valid: Callable[[Callable[[], str | None]], str | None], how: str,
           question: Callable[[int], str], read: Callable[[str], object]) -> list[str]:
    """Lines asked one by one until an empty one, each read by ``read`` (None ends)."""
    say(how)
    found: list[str] = []
    while True:
        def one(n: int = len(found) + 1) -> str | None:
            answer = ask(question(n))
            if not unicodedata.normalize("NFKC", answer).strip():
                return None
            read(answer)
            return unicodedata.normalize("NFKC", answer).strip()

        line = until_valid(one)
        if line is None:
            return found
        found.append(line)


def _optional(answer: str) -> str | None:
    """The answer, or None for Enter, 不知道, 没有 and their like."""
    shown = answer.strip()
    return None if not shown or fold_key(shown) in _DONT_KNOW else shown


def _amount(answer: str, what: str) -> str:
    if not answer.strip():
        raise UsageProblem("an answer is needed here", key="answer_required")
    parse_amount(answer, what)
    return answer.strip()


def _optional_amount(answer: str, what: str) -> str | None:
    shown = _optional(answer)
    return None if shown is None else _amount(shown, what)


def _contract(answer: str, received: str, what: str) -> str | None:
    """The contract's principal, or None for Enter (the same as received). Less than
    was received is refused now, as build_loan would refuse it at the end."""
    shown = _optional_amount(answer, what)
    if shown is not None and parse_amount(shown, what) < parse_amount(received, what):
        raise UsageProblem(f"the contract's {shown} is less than the {received} received",
                           key="rate_ask_contract_below",
                           params={"contract": shown, "received": received})
    return shown


def _every(answer: str) -> str:
    try:
        parse_every(answer)
    except UsageProblem:  # its message names --every; say it as the question does
        raise UsageProblem(f"no schedule '{answer.strip()}'", key="rate_ask_every_bad",
                           params={"value": answer.strip()}) from None
    return answer.strip()


def _count(answer: str, what: str) -> str:
    """A count of at least 1 (instalments, days), read as ``--times``/``--days`` are."""
    if not answer.strip():
        raise UsageProblem("an answer is needed here", key="answer_required")
    if parse_count(answer.strip(), what) == 0:
        raise UsageProblem(f"{what} must be 1 or more", key="rate_ask_at_least_one",
                           params={"what": what})
    return answer.strip()


def _daily(answer: str, what: str) -> str:
    if not answer.strip():
        raise UsageProblem("an answer is needed here", key="answer_required")
    parse_rate(answer, what, bare="day")
    return answer.strip()


def _payment(answer: str, have_one: bool, what: str, today: date) -> tuple[str, date] | None:
    """One ``DATE AMOUNT`` line (or ``DATE,AMOUNT``) as typed, with its day; None for
    the empty line that ends the list (once there is a payment)."""
    shown = unicodedata.normalize("NFKC", answer).strip()
    if not shown:
        if have_one:
            return None
        raise UsageProblem("give at least one payment", key="rate_ask_payment_none")
    day, _ = parse_dated(shown, what, today)  # build_loan reads it again the same way
    return shown, day


def _signed(answer: str, first_payment: date | None, what: str, today: date) -> str | None:
    """The signing day as written, or None for today; a payment before it is refused
    here (with the day) rather than by build_loan at the end."""
    shown = _optional(answer)
    if shown is None and first_payment is not None and first_payment < today:
        # Enter means today, but the payments began before it: the day is needed
        raise UsageProblem("the payments began before today: give the day the money arrived",
                           key="rate_ask_signed_needed")
    day = parse_day(shown, what, today) if shown is not None else today
    if first_payment is not None and day is not None and first_payment < day:
        raise UsageProblem(f"a payment on {first_payment} is before the loan was received on "
                           f"{day}", key="rate_paid_before",
                           params={"day": first_payment.isoformat(), "start": day.isoformat()})
    return shown


def _pick(answer: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` by its number."""
    shown = unicodedata.normalize("NFKC", answer).strip()
    if shown.isdigit() and 1 <= int(shown) <= len(choices):
        return choices[int(shown) - 1]
    if not shown:
        raise UsageProblem("an answer is needed here", key="rate_ask_pick_needed",
                           params={"count": len(choices)})
    raise UsageProblem(f"'{shown[:20]}' is not one of the numbers 1-{len(choices)}",
                       key="not_a_number_listed",
                       params={"word": shown[:20], "count": len(choices)})


def _pick_lender(book: Rulebook, loc: Localizer, answer: str) -> str:
    """A number from the list, an id or an alias (小贷, 信用卡), or unknown for Enter
    and 不知道 (as check's interview)."""
    shown = _optional(answer)
    if shown is None:
        return "unknown"
    if unicodedata.normalize("NFKC", shown).isdigit():
        return _pick(shown, tuple(book.lenders))
    return parse_lender(book, shown, loc.lang)
