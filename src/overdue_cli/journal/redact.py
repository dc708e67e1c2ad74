"""Mask personal data before a journal leaves the user's machine (``--redact``).

A redacted export goes to a lawyer, a regulator or a public forum, so it must
not carry the borrower's (or their contacts') phone, ID card and bank card
numbers or names. It must still *prove* the harassment, so everything a
complaint relies on stays readable: dates, times, amounts, counts, short
service numbers (110, 12378, 95588, 96110), SMS gateways (106…), 400/800
hotlines, and the last four digits of every masked number (enough to tell
"the same collector called again" without identifying anyone).

Choices, all deliberate:

* **Length-preserving.** A masked digit (ASCII or fullwidth) becomes one ``*``;
  separators, ``+86``/``0086``/``86`` country codes and brackets are kept. So
  ``+86 170-1234-5678`` -> ``+86 ***-****-5678``: positions and lengths in the
  redacted text are those of the original, and a reader still sees the shape.
* **Last four kept** for phones, ID cards and bank cards (the ID's check
  character ``X`` counts as one of the four). Field values go through
  :func:`overdue_cli.journal.phones.mask`; free-text spans use it on their
  digits and put the separators back.
* **Shapes, not guesses.** Only numbers with a mainland phone / ID card / bank
  card shape are masked. Bare 7-8 digit local numbers, 12-14 or 20+ digit runs
  (order/contract numbers, timestamps) are left alone: they cannot be told
  from facts a complaint needs. No Luhn or birth-date check: collectors
  mistype card numbers and a failed check must not leak one.
* **Names** are only the ones the caller knows (counterparties, contacts, the
  user) plus ``<common surname><1-2 characters>`` directly before an
  honorific (先生, 女士, 经理, ...). Anything cleverer would mask ordinary
  words and change what the evidence says.
* **Idempotent.** Redacting a redacted text changes nothing, so an export of
  an already redacted journal is stable. The start-of-number rules below
  exist for this: the four kept digits of one masked number must never start
  a new match. The price: a *grouped* number right after a literal ``*``
  plus a short digit group (``*8 138 0013 8000``) is taken for such a
  remainder and left alone; ``**17012345678**`` and ``**170 1234 5678**``
  are still masked.
* **Identity when clean.** A text without personal data is returned as the
  same object, and the cheap checks come first: an export runs this over
  hundreds of thousands of messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .phones import is_gateway, mask, normalise

__all__ = ["COMPOUND_SURNAMES", "HONORIFICS", "SURNAMES", "Redactor"]

# --------------------------------------------------------------------------- numbers

_FOLD = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},  # fullwidth digits
    "＋": "+", "－": "-", "（": "(", "）": ")", "\u3000": " ", "Ｘ": "X", "ｘ": "x",
})
"""One character to one character, so match positions in the folded text are
positions in the original. Collectors write ``１７０１２３４５６７８`` to slip past
filters; it is the same number."""

_FOLDABLE = re.compile("[\uff10-\uff19＋－（）\u3000Ｘｘ]")
_MAYBE_NUMBER = re.compile("[0-9\uff10-\uff19]{3}")
"""Every shape below has three digits in a row; most messages without one skip
the big regex."""

_START = (
    # Cheap first: without it every position of a long message runs the
    # lookbehinds below (~10x slower on a 300-character text).
    r"(?=[0-9+(])"
    r"(?<![0-9])"
    # Right after a masked span's '*', or after '*' + up to 3 kept digits and a
    # separator, we may be standing on the four digits a previous run kept
    # (``****-****-**90-12``, ``*******0755``). Those runs are at most four
    # digits long, so a start there is only allowed for what they cannot be.
    r"(?:(?<!\*)(?<!\*[ -])(?<!\*[0-9][ -])(?<!\*[0-9]{2}[ -])(?<!\*[0-9]{3}[ -])"
    r"|(?=[0-9]{5}|[+(])"
    r"|(?<=\*)(?=1[3-9][0-9][ -][0-9]{4}))"
)
_SHAPES = "|".join([
    # ID cards first: an 18-character ID must not be half-masked as something
    # shorter, and the X only makes sense here. 106… is an SMS gateway.
    r"(?P<id>(?!106)[0-9]{17}[0-9Xx]"
    r"|[0-9]{6}(?P<ids>[ -])[0-9]{8}(?P=ids)[0-9]{3}[0-9Xx]"
    r"|(?!106)[1-8][0-9]{14})",
    # Bank cards: 16-19 digits, plain or in groups of four with one separator.
    r"(?P<card>(?!106)[0-9]{16,19}"
    r"|[0-9]{4}(?P<cs>[ -])[0-9]{4}(?:(?P=cs)[0-9]{4}){2}(?:(?P=cs)[0-9]{1,3})?)",
    # Mobiles, 3-4-4 with optional separators; the country code stays visible.
    r"(?:(?:\+86|0086|86)[ -]?)?(?P<mobile>1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4})",
    # Landlines written internationally: +86 10 1234 5678, 0086-755-12345678.
    r"(?:\+86|0086)[ -]?(?P<intl>[1-9][0-9]{1,2}[ -]?[0-9]{3,4}[ -]?[0-9]{4})",
    # Landlines: area code 0xx / 0xxx, 7-8 digit local number.
    r"(?P<landline>(?:\(0[0-9]{2,3}\)|0[0-9]{2,3})[ -]?[0-9]{3,4}[ -]?[0-9]{4})",
])
_NUMBERS = re.compile(_START + "(?:" + _SHAPES + r")(?![0-9])")
_KEPT_GROUPS = ("mobile", "intl")
"""Shapes whose match includes a country code that is kept; the others mask
every digit of the match but the last four."""

_SIGNIFICANT = frozenset("0123456789Xx")


def _is_service(number: str) -> bool:
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


# --------------------------------------------------------------------------- names

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫段"
    "雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文"
)
"""About the hundred most common single-character surnames; rarer ones would
mostly add false positives (区域经理, 项目经理)."""

COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "司徒", "皇甫", "尉迟", "公孙", "慕容",
                     "令狐", "夏侯", "长孙", "端木")

HONORIFICS = ("先生", "女士", "小姐", "同学", "经理", "律师", "老师", "专员")

_NOT_GIVEN = "总副级部域日末务目牌中上下客项区业销财产理法"
"""First characters that make ``<surname>X<honorific>`` a title or a phrase
rather than a name: 李总经理, 高级经理, 周日老师, 高中同学, 马上律师(函)."""

_HONORIFIC = re.compile(
    "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + SURNAMES + "])"
    "(?![" + _NOT_GIVEN + "])(?P<given>[\u4e00-\u9fff]{1,2})"
    "(?=" + "|".join(h if h != "律师" else "律师(?!函)" for h in HONORIFICS) + ")"
)
_HAS_HONORIFIC = re.compile("|".join(HONORIFICS))

_ASCII_LETTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _mask_name(name: str) -> str:
    """Keep the first character (the surname, or an initial): 张三 -> 张*,
    欧阳娜娜 -> 欧***, Zhang Wei -> Z**** ***. Whitespace stays, length stays."""
    return name[:1] + "".join(c if c.isspace() else "*" for c in name[1:])


def _trie_pattern(names: Iterable[str]) -> str:
    """One regex for many names, as a character trie: ``张(?:三丰?|伟)``.

    An alternation of hundreds of contact names is tried name by name at every
    position; a trie is tried character by character, and its greedy optional
    tails give the longest known name at each position. ASCII ends of a name
    must not touch another ASCII letter (``Tom`` is not in ``Tomorrow``).
    """
    trie: dict[str, dict] = {}
    end = ""  # a key no character can equal: marks the end of a name
    for name in names:
        node = trie
        for ch in name.lower():
            node = node.setdefault(ch, {})
        node[end] = {}

    def emit(node: dict[str, dict], last: str) -> str:
        branches = [re.escape(ch) + emit(child, ch)
                    for ch, child in sorted(node.items()) if ch != end]
        if end in node:
            branches.append("(?![A-Za-z])" if last in _ASCII_LETTER else "")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    branches = [("(?<![A-Za-z])" if ch in _ASCII_LETTER else "") + re.escape(ch) + emit(child, ch)
                for ch, child in sorted(trie.items())]
    return "|".join(branches)


# --------------------------------------------------------------------------- redactor

class Redactor:
    """Masks personal data in journal fields and free text; see the module doc.

    Built once per export with every name the journal knows, then called for
    each row; all regexes are compiled here or at import.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        # Names of one character would mask nothing (the first one is kept);
        # a '*' in a name could match our own output and break idempotence.
        usable = {n.strip() for n in names if n}
        usable = {n for n in usable if len(n) >= 2 and "*" not in n}
        self._names: re.Pattern[str] | None = (
            re.compile(_trie_pattern(usable), re.IGNORECASE) if usable else None)

    def text(self, text: str | None) -> str | None:
        """Mask known names, honorific-marked names, then phone / ID / card numbers.

        Names go first so that a name containing digits (a contact saved as
        催收1) is masked whole before the digits are looked at.
        """
        if not text:
            return text
        out = text
        if self._names is not None and self._names.search(out):
            out = self._names.sub(lambda m: _mask_name(m.group()), out)
        if _HAS_HONORIFIC.search(out) and _HONORIFIC.search(out):
            out = _HONORIFIC.sub(_mask_given, out)
        if _MAYBE_NUMBER.search(out):
            out = _mask_numbers(out)
        return text if out == text else out

    def number(self, number: str | None) -> str | None:
        """A phone-number field: last four digits kept (``phones.mask``), except
        service numbers, gateways and hotlines, which identify no person."""
        if number is None or not number.strip() or _is_service(number):
            return number
        return mask(number)

    def name(self, name: str | None) -> str | None:
        """A name field (contact name, WeChat remark): first character kept.

        The whole field is masked, whatever it holds: a remark like ``催收 老王``
        is as identifying as a name.
        """
        if name is None:
            return None
        stripped = name.strip()
        if len(stripped) < 2:
            return name
        start = name.index(stripped[0])
        return name[:start] + _mask_name(name[start:])


def _mask_given(m: re.Match[str]) -> str:
    """张三先生 -> 张*先生: the surname and the honorific stay, they say who is meant
    (a man, a lawyer) without saying who he is."""
    start, stop = m.span("given")
    whole = m.group()
    offset = m.start()
    return whole[:start - offset] + "*" * (stop - start) + whole[stop - offset:]


def _mask_numbers(text: str) -> str:
    """Every phone / ID / card span: all but its last four significant characters to ``*``."""
    folded = text.translate(_FOLD) if _FOLDABLE.search(text) else text
    chars: list[str] | None = None
    for m in _NUMBERS.finditer(folded):
        group = next((g for g in _KEPT_GROUPS if m.group(g) is not None), None)
        start, stop = m.span(group) if group else m.span()
        positions = [i for i in range(start, stop) if folded[i] in _SIGNIFICANT]
        masked = mask("".join(folded[i] for i in positions)) or ""
        if chars is None:
            chars = list(text)
        for i, ch in zip(positions, masked, strict=True):
            if ch == "*":
                chars[i] = "*"
    return text if chars is None else "".join(chars)
