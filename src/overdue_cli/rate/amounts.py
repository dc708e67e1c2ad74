"""Money and interest rates as borrowers write them: 3.5k, 三千五, 日息万五, 月息2分, 年化24%.

Why: the loan apps quote a daily rate, a "分" a month or a fee, and the borrower
copies what the app or the collector said. Reading those words the way people
mean them is the first step to the true annual cost, so every amount comes back
as a ``Decimal`` (money is never a float here) and every rate as a ``Rate``: a
fraction per day, month or year. Text that is not one of these raises
``UsageProblem`` with a catalogue key; nothing is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Literal, NamedTuple

from overdue_cli.errors import UsageProblem, cut
from overdue_cli.text.numbers import whole

__all__ = ["MAX_AMOUNT", "PERIODS_PER_YEAR", "Period", "Rate", "parse_amount", "parse_rate"]

Period = Literal["day", "month", "year"]
PERIODS_PER_YEAR: dict[str, int] = {"day": 365, "month": 12, "year": 1}
MAX_AMOUNT = Decimal(10) ** 9  # a billion yuan: larger is a typo, and beyond the IRR's cent
_MAX_RATE = Decimal(100)  # 10,000% a period: a typo, not a loan

# Patterns as text: re compiles (and caches) each on first use, so a run pays only for
# the ones its words reach, not for every one at import.
_PREFIX = r"^(?:¥|￥|rmb|cny|人民币)"
_SUFFIX = r"(?:元整|元|块钱|块|rmb|cny|yuan)$"  # (yuan: as English reports write it)
_DECIMAL = r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
_SCALED = r"([0-9]+(?:\.[0-9]+)?)(k|千|w|万|萬)"
_SCALE = {"k": 1000, "千": 1000, "w": 10_000, "万": 10_000, "萬": 10_000}
_UNIT_VALUE = {"百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10_000, "萬": 10_000}
_COLLOQUIAL = r"(.*[百佰千仟万萬])([一二两兩三四五六七八九])"
_MIXED_SPOKEN = r"([0-9]+)(千|万|萬)([1-9])"  # 3千5 (3500), 1万2 (12000)


def _plain(text: str) -> str:
    """Width-folded and lower-cased, spaces and thousands separators dropped."""
    return re.sub(r"[\s,，_]", "", unicodedata.normalize("NFKC", text)).lower()


def _number(plain: str) -> Decimal | None:
    """A non-negative number in digits, digits with a unit (3.5k, 1.2万) or Chinese
    numerals, including the spoken short forms 三千五 and 3千5 (3500), 一万二 and 1万2
    (12000)."""
    if re.fullmatch(_DECIMAL, plain):
        return Decimal(plain)
    scaled = re.fullmatch(_SCALED, plain)
    if scaled:
        return Decimal(scaled.group(1)) * _SCALE[scaled.group(2)]
    mixed = re.fullmatch(_MIXED_SPOKEN, plain)
    if mixed:
        unit = _SCALE[mixed.group(2)]
        return Decimal(mixed.group(1)) * unit + Decimal(mixed.group(3)) * unit / 10
    spoken = re.fullmatch(_COLLOQUIAL, plain)
    if spoken and not spoken.group(1).endswith(("零", "〇")):
        head = whole(spoken.group(1))
        tail = whole(spoken.group(2))
        if head is not None and tail is not None:
            return Decimal(head) + Decimal(tail) * _UNIT_VALUE[spoken.group(1)[-1]] / 10
    value = whole(plain)
    return None if value is None else Decimal(value)


def parse_amount(text: str, flag: str = "--received") -> Decimal:
    """An amount of money in yuan: 3500, 3500元, ¥3,500, 80,000 yuan, 3.5k, 3.5千, 1.2万,
    三千五, 一万二.

    Zero and negative amounts are refused: a loan's money always moved one way.
    """
    shown = cut(text, 24)
    plain = re.sub(_SUFFIX, "", re.sub(_PREFIX, "", _plain(text)))
    if plain.startswith("-") or plain.startswith("负"):
        raise UsageProblem(f"{flag} must be more than 0, got '{shown}'",
                           key="rate_amount_positive", params={"flag": flag, "value": shown})
    try:
        value = _number(plain.removeprefix("+")) if len(plain) <= 40 else None
    except (InvalidOperation, ValueError):
        value = None
    if value is None:
        raise UsageProblem(f"{flag} needs an amount of money, got '{shown}'",
                           "for example: 3500, 3500元, 3.5k",
                           key="rate_amount_bad", hint_key="rate_amount_example",
                           params={"flag": flag, "value": shown})
    if value <= 0:
        raise UsageProblem(f"{flag} must be more than 0, got '{shown}'",
                           key="rate_amount_positive", params={"flag": flag, "value": shown})
    if value > MAX_AMOUNT:
        raise UsageProblem(f"{flag}: '{shown}' is too large for a loan",
                           key="rate_amount_large", params={"flag": flag, "value": shown})
    return value


class Rate(NamedTuple):
    """An interest rate as quoted: ``value`` is a fraction (0.0005 = 0.05%) per ``per``.
    (A NamedTuple: compared by value, and defined at a tenth of a frozen dataclass's
    start-up cost.)

    ``annual`` is the simple (nominal) yearly figure a lender would quote: a daily
    rate times 365, a monthly one times 12. It is not the true cost; the IRR is.
    """

    value: Decimal
    per: Period

    @property
    def annual(self) -> Decimal:
        return self.value * PERIODS_PER_YEAR[self.per]


_DAY_WORDS = ("日利率", "日息", "日利", "日化", "每天", "每日", "日")
_MONTH_WORDS = ("月利率", "月息", "月利", "月化", "每月", "月")
_YEAR_WORDS = ("年化利率", "年化", "年利率", "年息", "年利", "每年", "年")
_AFTER = {"/天": "day", "/日": "day", "每天": "day", "/d": "day", "/day": "day",
          "/月": "month", "/m": "month", "/month": "month",
          "/年": "year", "/y": "year", "/year": "year"}
# 分 and 厘 of a rate: 月息2分 is 2% a month; 年息1分 is 10% a year; 日息1厘 is 0.01% a day
_FEN = {"day": Decimal("0.001"), "month": Decimal("0.01"), "year": Decimal("0.1")}
_NUMERAL = r"([0-9.]+|[零一二两兩三四五六七八九十百千]+)"


def _split_period(plain: str) -> tuple[Period | None, str]:
    for words, period in ((_DAY_WORDS, "day"), (_MONTH_WORDS, "month"), (_YEAR_WORDS, "year")):
        for word in words:
            if plain.startswith(word):
                return period, plain[len(word):]  # type: ignore[return-value]
    for tail, period in _AFTER.items():
        if plain.endswith(tail):
            return period, plain[: -len(tail)]  # type: ignore[return-value]
    return None, plain


def _fraction(period: Period | None, body: str, bare: Period) -> tuple[Period, Decimal] | None:
    """(period, fraction) for the number part of a rate, or None; ``bare`` is the
    period of a percentage that names none."""
    percent = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?|\.[0-9]+)%", body)
    if percent:
        return period or bare, Decimal(percent.group(1)) / 100
    myriad = re.fullmatch(r"(?:万分之|万)" + _NUMERAL, body)
    if myriad:  # 万五 / 万分之五: per day unless a period was named
        number = _number(myriad.group(1))
        return None if number is None else (period or "day", number / 10_000)
    thousandth = re.fullmatch(r"千分之" + _NUMERAL, body)
    if thousandth:
        number = _number(thousandth.group(1))
        return None if number is None else (period or "day", number / 1000)
    fen = re.fullmatch(_NUMERAL + r"(分|厘)", body)
    if fen and period is not None:
        number = _number(fen.group(1))
        unit = _FEN[period] if fen.group(2) == "分" else _FEN[period] / 10
        return None if number is None else (period, number * unit)
    return None


def parse_rate(text: str, flag: str = "--rate", *, bare: Period = "year") -> Rate:
    """An interest rate: 日息0.05%, 日利率0.05%, 0.05%/天, 万五 (0.05% a day), 月息2分
    (2% a month), 月利率1.5%, 年化24%, 年息18%, 24%. A percentage that names no
    period is yearly (that is how the law and the ads say it) unless ``bare`` says
    otherwise: a ``--daily`` flag passes ``bare="day"`` so ``--daily 0.05%`` is a day's."""
    shown = cut(text, 24)
    plain = _plain(text).replace("％", "%")
    period, body = _split_period(plain)
    try:
        found = _fraction(period, body, bare) if len(plain) <= 40 else None
    except (InvalidOperation, ValueError):
        found = None
    if found is None:
        raise UsageProblem(f"{flag} needs an interest rate, got '{shown}'",
                           "for example: 日息0.05%, 月息2分, 年化24%",
                           key="rate_rate_bad", hint_key="rate_rate_example",
                           params={"flag": flag, "value": shown})
    per, value = found
    if value > _MAX_RATE:
        raise UsageProblem(f"{flag}: '{shown}' is too large for an interest rate",
                           key="rate_rate_large", params={"flag": flag, "value": shown})
    return Rate(value, per)
