"""What the user types for a letter, read the way people write it, and the facts each
letter cannot do without.

Why a module of its own: ``--can-pay 1200/月``, ``--request access,copy,delete`` and
``--to 征信中心`` are parsing, with errors that name the flag; the letters
themselves (``build``) only ever see clean values. Amounts go through
``overdue_cli.rate.parse_amount``, the reader ``overdue rate`` uses, so 3.5k, 三千五
and 1.2万 mean the same in both commands.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal

from overdue_cli.errors import UsageProblem, cut

DATA_REQUESTS: tuple[str, ...] = ("access", "copy", "recipients", "withdraw", "correct",
                                  "delete")
"""``letter data --request`` ids, in the order the letter lists them (PIPL 第44–47条,
第15条, 第23条; legal.md §20)."""

DEFAULT_REQUESTS: tuple[str, ...] = ("access", "copy", "recipients", "withdraw", "delete")
"""Without --request: everything but correction, which needs the user's own facts."""

RECIPIENTS: tuple[str, ...] = ("bureau", "lender")
"""``letter credit-dispute --to``: the credit bureau, or the institution that reported
(征信业管理条例第25条 allows either)."""

_RECIPIENT_WORDS: dict[str, str] = {
    "bureau": "bureau", "征信中心": "bureau", "征信机构": "bureau", "征信": "bureau",
    "徵信中心": "bureau", "徵信機構": "bureau", "crb": "bureau",
    "lender": "lender", "放款机构": "lender", "平台": "lender", "银行": "lender",
    "放款機構": "lender", "銀行": "lender", "platform": "lender", "bank": "lender",
}

_REQUEST_WORDS: dict[str, str] = {
    "查阅": "access", "查閱": "access", "复制": "copy", "複製": "copy", "副本": "copy",
    "第三方": "recipients", "接收方": "recipients", "撤回": "withdraw", "撤回同意": "withdraw",
    "通讯录": "withdraw", "通訊錄": "withdraw", "更正": "correct", "删除": "delete",
    "刪除": "delete",
}

OPTION_OF: dict[str, str] = {"platform": "--platform", "owed": "--owed",
                             "can_pay": "--can-pay", "reason": "--reason", "item": "--item"}
"""A required fact's option, for the error that names what is missing."""

_MONTHLY = re.compile(r"^(?:每个月|每月|月供|月还)?(?P<amount>.*?)"
                      r"(?:/个月|/月|每个月|每月|一个月|一月|/month|/mo|permonth|amonth|monthly)?$")
_OTHER_PERIOD = re.compile(r"(?:/|每|per|a)(?:天|日|周|星期|礼拜|週|年|day|week|year)$"
                           r"|^每(?:天|日|周|週|星期|年)")
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def parse_monthly(text: str, flag: str = "--can-pay") -> Decimal:
    """A monthly amount: 1200, 1200/月, 1200元每月, 每月1200, 一千二, 1.2k/month.

    Another period (1200/周, 每天40) is refused rather than converted: what a borrower
    can pay a week is not a twelfth of a year, and the letter asks per month."""
    from overdue_cli.rate import parse_amount

    plain = re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).lower()
    if _OTHER_PERIOD.search(plain):
        raise UsageProblem(f"{flag} is what you can pay a month; got '{cut(text, 24)}'",
                           "for example: 1200/月, 1200元每月",
                           key="letter_can_pay_monthly", hint_key="letter_can_pay_example",
                           params={"flag": flag, "value": cut(text, 24)})
    match = _MONTHLY.fullmatch(plain)
    amount = match.group("amount") if match and match.group("amount") else plain
    return parse_amount(amount, flag)


def parse_requests(text: str | None) -> tuple[str, ...]:
    """``--request access,copy,delete`` (or 查阅、复制、删除) as ids in the letter's order;
    None gives the default set. An unknown word is refused with the closest id."""
    if text is None:
        return DEFAULT_REQUESTS
    chosen: set[str] = set()
    for word in _SEPARATORS.split(unicodedata.normalize("NFKC", text).strip()):
        if not word:
            continue
        found = word.lower() if word.lower() in DATA_REQUESTS else _REQUEST_WORDS.get(word)
        if found is None:
            from overdue_cli.text import closest

            near = closest(word, list(DATA_REQUESTS), 1)
            shown = cut(word, 24)
            raise UsageProblem(f"--request: unknown request '{shown}'",
                               "one of: " + ", ".join(DATA_REQUESTS),
                               key="letter_unknown_request",
                               hint_key="one_of_mean" if near else "one_of",
                               params={"value": shown, "choices": ", ".join(DATA_REQUESTS),
                                       "word": near[0] if near else ""})
        chosen.add(found)
    if not chosen:
        raise UsageProblem("--request names nothing to ask for",
                           "one of: " + ", ".join(DATA_REQUESTS), key="letter_no_request",
                           hint_key="one_of", params={"choices": ", ".join(DATA_REQUESTS)})
    return tuple(r for r in DATA_REQUESTS if r in chosen)


def parse_recipient(text: str | None) -> str:
    """``credit-dispute --to``: ``bureau`` (default) or ``lender``, or a Chinese word."""
    if text is None:
        return "bureau"
    word = unicodedata.normalize("NFKC", text).strip()
    found = _RECIPIENT_WORDS.get(word.lower()) or _RECIPIENT_WORDS.get(word)
    if found is None:
        from overdue_cli.text import closest

        near = closest(word, list(RECIPIENTS), 1)
        shown = cut(word, 24)
        raise UsageProblem(f"--to: unknown recipient '{shown}'",
                           "one of: " + ", ".join(RECIPIENTS), key="letter_unknown_to",
                           hint_key="one_of_mean" if near else "one_of",
                           params={"value": shown, "choices": ", ".join(RECIPIENTS),
                                   "word": near[0] if near else ""})
    return found


def missing_facts(required: tuple[str, ...], given: Mapping[str, object]) -> list[str]:
    """The options of the required facts not given (None or blank), in order."""
    def absent(value: object) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    return [OPTION_OF.get(name, "--" + name.replace("_", "-"))
            for name in required if absent(given.get(name))]


EXAMPLE_KEYS: dict[str, str] = {
    "negotiate": "letter_example_negotiate",
    "stop-third-party": "letter_example_stop_third_party",
    "credit-dispute": "letter_example_credit_dispute",
    "data": "letter_example_data",
    "verify-debt": "letter_example_verify_debt",
}
"""Each letter's hint when facts are missing off a terminal: one full command to copy
and change (``locale/cli.yaml``), warmer than a list of flags and a pointer to --help."""


def require(kind: str, required: tuple[str, ...], given: Mapping[str, object]) -> None:
    """Refuse, in one line naming every one of them, a letter missing required facts;
    the hint is a whole example command for that letter."""
    missing = missing_facts(required, given)
    if missing:
        options = ", ".join(missing)
        raise UsageProblem(f"letter {kind} needs {options}",
                           f"see `overdue letter {kind} --help`", key="letter_missing",
                           hint_key=EXAMPLE_KEYS.get(kind, "see_help"),
                           params={"kind": kind, "options": options,
                                   "command": f"overdue letter {kind}"})
