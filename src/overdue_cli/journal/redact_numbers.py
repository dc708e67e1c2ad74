"""Phone, ID card and bank card numbers in free text: their shapes, and masking
all but the last four significant characters (see ``redact`` for every choice).

Why a module of its own: the shapes are one big regex built from many small
ones, which only the masking of numbers needs; ``redact`` puts it together with
the names (``redact_names``) in one Redactor.
"""

from __future__ import annotations

import itertools
import re

from overdue_cli.journal.phones import is_gateway, normalise

_FOLD = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},  # fullwidth digits
    "＋": "+", "（": "(", "）": ")", "Ｘ": "X", "ｘ": "x",
})
"""One character to one character, so match positions in the folded text are
positions in the original. Collectors write ``１７０１２３４５６７８`` to slip past
filters; it is the same number."""

_FOLDABLE = re.compile("[\uff10-\uff19＋（）Ｘｘ]")
DIGIT = "[0-9\uff10-\uff19]"
_MAYBE_NUMBER = re.compile(f"{DIGIT}(?:{DIGIT}{{2}}|(?:[^0-9\uff10-\uff19]{{1,3}}{DIGIT}){{3}})")
"""Every shape below has three digits in a row, or (one digit at a time) four
digits each a few characters apart; most messages without either skip the big
regex."""

_SPACES = " \u00a0\u2002-\u200a\u202f\u205f\u3000"
"""Space, no-break, en, em, thin, narrow no-break, ideographic ... spaces (for a
character class)."""
_DASHES = "\\-\u2010-\u2015−－﹣"
"""Hyphens, en and em dashes, minus signs (escaped for a character class)."""
_DOTS = ".．/／_＿·・"
"""Dots, slashes, underscores, middle dots."""
_S = f"(?:[{_SPACES}]?[{_DASHES}][{_SPACES}]?|[{_DOTS}{_SPACES}])"
"""One separator between digit groups: a space of any kind, a dot, slash or
underscore, or a dash of any kind with at most one space on either side
(``175 - 4061``). Collectors write ``170.1234.5678`` or ``170 1234 5678`` with
odd spaces to slip past filters; it is the same number. ``" / "`` separates
two numbers, not the groups of one."""
SEP_CHARS = f"[{_SPACES}{_DASHES}{_DOTS}()（）]"
"""Separators and brackets, one character at a time."""


_OLD_S = "[ \u3000\\-－]"
"""The separators masked before issue 9 (space, hyphen), which may still be mixed
within a mobile or landline number (``0571-8888 8888``, ``+86 170-1234-5678``)."""

_names = itertools.count()


def _groups(*sizes: int, tail: str = "") -> str:
    """``_groups(3, 4, 4)``: groups of digits of those sizes with one separator
    between them, the *same* separator each time (``170.1234.5678``, not
    ``0755 1234-5678``): a change of separator is where one number ends and the
    next begins (``400-820-8820 6222-0212-3456-7890``). ``tail`` is appended,
    with ``{same}`` standing for that separator again."""
    name = f"s{next(_names)}"
    same = f"(?P={name})"
    first = f"(?P<{name}>{_S})"
    seps = [first] + [same] * (len(sizes) - 2)
    out = f"[0-9]{{{sizes[0]}}}"
    for sep, size in zip(seps, sizes[1:], strict=True):
        out += f"{sep}[0-9]{{{size}}}"
    return out + tail.replace("{same}", same)


_ID_SHAPES = [
    # 18 characters, the last one may be the check character X.
    "(?!106)[0-9]{17}[0-9Xx]",
    _groups(6, 8, 3) + "[0-9Xx]",        # 110105 19491231 002X
    _groups(6, 4, 4, 3) + "[0-9Xx]",     # 110105 1949 1231 002X
    _groups(4, 4, 4, 4, 1) + "[0-9Xx]",  # 1101 0519 4912 3100 2X
    # The old 15-digit ID: province codes start with 1-8.
    "(?!106)[1-8][0-9]{14}",
    "(?=[1-8])" + _groups(6, 6, 3),      # 110105 491231 002
]
_CARD_SHAPES = [
    "(?!106)[0-9]{16,19}",
    _groups(4, 4, 4, 4, tail="(?:{same}[0-9]{1,3})?"),  # 6222 0212 3456 7890 (123)
    _groups(4, 4, 4, 3),                                 # 15 digits in fours
    f"[0-9]{{6}}{_S}[0-9]{{10,13}}",                     # 622202 1234567890123
    _groups(4, 6, 6, tail="(?:{same}[0-9]{1,3})?"),      # 6222 021234 567890 (123)
    _groups(4, 6, 5),                                    # 3782 822463 10005 (Amex)
    # Threes: 15-19 digits. Card numbers start with 3-6 (Amex, Visa,
    # Mastercard, UnionPay); a list of amounts (100 200 300 ...) does not.
    "(?=[3-6])" + _groups(3, 3, 3, 3, 3, tail=(
        "(?:{same}[0-9]{3}(?:{same}[0-9])?|{same}[0-9]{1,2})?")),
]
_MOBILE_SHAPES = [
    f"1[3-9][0-9]{_OLD_S}?[0-9]{{4}}{_OLD_S}?[0-9]{{4}}",  # 17012345678, 170 1234-5678
    "(?=1[3-9])" + _groups(3, 4, 4),                       # 170.1234.5678
    f"1[3-9][0-9]{_S}[0-9]{{8}}",                          # 170/12345678
    f"1[3-9][0-9]{{5}}{_S}[0-9]{{4}}",                     # 1701234/5678
    "(?=1[3-9])" + _groups(3, 3, 5),                       # 170 123 45678
    "(?=1[3-9])" + _groups(4, 3, 4),                       # 1701 234 5678
    rf"\(1[3-9][0-9]\){_S}?(?:[0-9]{{8}}|" + _groups(4, 4) + ")",  # (170) 1234 5678
    "(?=1" + _S + "[3-9])" + _groups(*[1] * 11),               # 1 7 0 1 2 3 4 5 6 7 8
]
_AREA = r"(?:\(0[0-9]{2,3}\)|0[0-9]{2,3})"
_LANDLINE_SHAPES = [
    f"{_AREA}{_OLD_S}?[0-9]{{3,4}}{_OLD_S}?[0-9]{{4}}",  # 010-12345678, 0571-8888 8888
    f"{_AREA}{_S}?[0-9]{{7,8}}",                          # 0571/88888888
    f"(?=0)(?:{_groups(3, 4, 4)}|{_groups(4, 4, 4)}|{_groups(4, 3, 4)}|{_groups(3, 3, 4)})",
    rf"\(0[0-9]{{2,3}}\){_S}?(?:[0-9]{{3,4}}{_S}[0-9]{{4}})",  # (0571) 8888.8888
]
_INTL_SHAPES = [
    f"[1-9][0-9]{{1,2}}{_OLD_S}?[0-9]{{3,4}}{_OLD_S}?[0-9]{{4}}",  # 10 1234 5678, 755-12345678
    f"[1-9][0-9]{{1,2}}{_S}[0-9]{{7,8}}",
    f"(?=[1-9])(?:{_groups(2, 4, 4)}|{_groups(3, 4, 4)}|{_groups(3, 3, 4)})",
]
_SHAPES = "|".join([
    # ID cards first: an 18-character ID must not be half-masked as something
    # shorter, and the X only makes sense here. 106… is an SMS gateway.
    "(?P<id>" + "|".join(_ID_SHAPES) + ")",
    # Bank cards: 15-19 digits, plain or in the groups banks and people print.
    "(?P<card>" + "|".join(_CARD_SHAPES) + ")",
    # Mobiles: 11 digits, 1[3-9]...; a country code stays visible.
    rf"(?:(?:\+86|0086|86){_S}?)?(?P<mobile>" + "|".join(_MOBILE_SHAPES) + ")",
    # Landlines written internationally: +86 10 1234 5678, 0086-755-12345678.
    rf"(?:\+86|0086){_S}?(?P<intl>" + "|".join(_INTL_SHAPES) + ")",
    # Landlines: area code 0xx / 0xxx, 7-8 digit local number.
    "(?P<landline>" + "|".join(_LANDLINE_SHAPES) + ")",
])
# The lookahead first: without it every position of a long message would try
# the lookbehind and all the shapes. Every shape starts with three digits, a
# '+' or '(', ``86`` or (one digit at a time) ``1`` and a separator. An X (of
# an ID) must not be followed by a '*': that '*' may be a digit masked by the
# next match, and redacting again would then find an ID the first pass did not.
_NUMBERS = re.compile(r"(?=[0-9]{3}|[+(]|1[^0-9]|86)(?<![0-9])(?:" + _SHAPES
                      + r")(?![0-9])(?:(?<![Xx])|(?!\*))")
_KEPT_GROUPS = ("mobile", "intl")
"""Shapes whose match includes a country code that is kept; the others mask
every digit of the match but the last four."""

_REMAINDER = re.compile(
    r"\*(?:" + SEP_CHARS + r"{0,3}\*){4}" + _S + r"?((?:[0-9]" + _S + r"?){3}[0-9Xx])(?![0-9])")
_KEPT_CODE = re.compile("86(?=" + _S + r"?\(?\*)")
"""What an already masked number left readable: the four characters it kept
(four significant characters after at least five ``*``: every shape masks five
or more, with only separators and brackets between them; and no digit right
after them, since a match never ends before a digit), and the country code in
front of it. No number may include them: redacting again changes nothing."""

_SIGNIFICANT = frozenset("0123456789Xx")
_MASKED = re.compile("[0-9\uff10-\uff19]")


def is_service(number: str) -> bool:
    """Short codes (110, 12378, 95588, 10086), SMS gateways and 400/800 hotlines:
    organisations, not people, and exactly what a complaint has to name."""
    norm = normalise(number)
    if norm is None:
        return True
    digits = norm.lstrip("+")
    if not digits.isdigit():
        return False
    return (len(digits) <= 6 or is_gateway(digits)
            or (len(digits) == 10 and digits[:3] in ("400", "800")))


def may_hold_number(text: str) -> bool:
    """The cheap test first: False means ``mask_numbers`` would find nothing."""
    return _MAYBE_NUMBER.search(text) is not None


def mask_numbers(text: str) -> str:
    """Every phone / ID / card span: all but its last four significant characters to ``*``
    (the text itself when it has none)."""
    folded = text.translate(_FOLD) if _FOLDABLE.search(text) else text
    kept = _kept(folded) if "*" in folded else None
    pieces: list[str] = []
    done = pos = 0
    while (m := _NUMBERS.search(folded, pos)) is not None:
        start, stop = m.span()
        if kept and not kept.isdisjoint(range(start, stop)):
            pos = start + 1
            continue
        pos = stop
        if m.lastgroup in _KEPT_GROUPS:
            start = m.start(m.lastgroup)
        cut, seen = stop, 0  # where the last four significant characters start
        while seen < 4:
            cut -= 1
            seen += folded[cut] in _SIGNIFICANT
        pieces += (text[done:start], _MASKED.sub("*", text[start:cut]))
        done = cut
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _kept(folded: str) -> set[int]:
    """Positions an earlier redaction left readable (see ``_REMAINDER``)."""
    kept = {i for m in _REMAINDER.finditer(folded) for i in range(*m.span(1))}
    for m in _KEPT_CODE.finditer(folded):
        start, stop = m.span()
        if folded.endswith("+", 0, start):
            start -= 1
        elif folded.endswith("00", 0, start):
            start -= 2
        if start == 0 or folded[start - 1] not in "0123456789":
            kept.update(range(start, stop))
    return kept
