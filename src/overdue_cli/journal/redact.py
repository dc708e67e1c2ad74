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
  character ``X`` counts as one of the four), as
  :func:`overdue_cli.journal.phones.mask` does for field values.
* **Every way a number is written.** Fullwidth digits count as digits.
  Between digit groups a separator is a space of any kind (no-break, thin,
  narrow no-break, ideographic), a dot, slash, underscore or middle dot, or a
  dash of any kind (hyphen, en and em dash, minus) with at most one space on
  either side (``175 - 4061 - 3589``). Groupings:

  - mobiles (``1[3-9]`` + 9 digits): 11, 3-4-4, 3-8, 7-4, 3-3-5, 4-3-4, one
    digit at a time, ``(3)``-4-4, each after an optional ``+86``/``0086``/``86``;
  - ID cards (18, last may be X/x): 18, 6-8-4, 6-4-4-4, 4-4-4-4-2; the old
    15-digit ID: 15 (first digit 1-8), 6-6-3;
  - bank cards: 16-19 digits; 4-4-4-4 plus an optional group of 1-3; 4-4-4-3;
    6 and 10-13; 4-6-6 plus an optional 1-3; 4-6-5 (Amex); threes (15-19
    digits, first digit 3-6, as card numbers start);
  - landlines (area code ``0xx``/``0xxx`` or in brackets, 7-8 digit local
    number) and ``+86``/``0086`` landlines, as before issue 9, now with any
    separator.

  Within one number the separator is the same each time: a change of
  separator is where one number ends and the next begins
  (``400-820-8820 6222-0212-3456-7890``: the hotline stays, the card is
  masked). Only the spaces and hyphens masked before issue 9 may still be
  mixed in mobiles and landlines (``0571-8888 8888``, ``+86 170-1234 5678``),
  and the separator after a country code or an area code in brackets is free.
  ``" / "`` separates numbers, never groups.
* **Shapes, not guesses.** Only numbers with a mainland phone / ID card / bank
  card shape are masked. Bare 7-8 digit local numbers, 12-14 or 20+ digit runs
  (order/contract numbers, timestamps), dates in any notation (2026-11-20,
  2026.11.20, 20261120), times, amounts (3,500.00), case numbers
  (（2026）浙0102民初8817号) are left alone: no shape has their groups of two
  digits or their lengths. No Luhn or birth-date check: collectors mistype
  card numbers and a failed check must not leak one. The price of shapes:
  four groups of four (``5000 3000 2000 1000``) look like a card and are
  masked, as before; two numbers joined by nothing but one separator may be
  read as one longer number, and then the rest of the second one may stay
  readable (``8256 454110 497341-56867450-5311``).
* **Names** are the ones the caller knows (counterparties, contacts, the
  user), a name with a common surname (about a hundred single ones and the
  compound ones) plus one or two characters in three places, and nothing else:

  - directly before an honorific: 王小明先生 -> 王**先生;
  - after a label (姓名, 名字, 户主, 户名, 开户名, 开户人, 持卡人, 机主, 借款人,
    收款人, 联系人; then optionally ：, 是, 为 or 叫): 姓名：张伟 -> 姓名：张*;
  - after a masked phone / ID / card number and 的:
    身份证号110101199003071234的张伟 -> 身份证号**************1234的张*.

  The surname stays, the given name is masked. After a number and 的, the
  name must end where a name ends: at punctuation, a digit or the end of the
  text, or before a word that follows names (的, 是, 你, 欠, 先生, 本人,
  身份证, 电话, 马上 ...); a label names a person anyway, so there two
  characters are masked when no such end is in sight. Everyday words that
  start with a surname and follow ``<number>的`` (余额, 金额, 方式, 周期,
  王八蛋, 马上 ...) are not names. Names with rarer surnames are missed:
  guessing more would mask ordinary words and change what the evidence says.
* **Idempotent.** Redacting a redacted text changes nothing, so an export of
  an already redacted journal is stable. For this, the four characters a
  masked number kept (four significant characters right after at least five
  ``*``, separators and brackets aside) and the country code in front of its
  ``*`` are never part of a new match, and an ID's final X is never followed
  by ``*``. The price: a grouped number whose first group has at most four
  digits, written right after five literal ``*`` (``*****1380 013 8000``), is
  taken for such a remainder and left alone; ``**17012345678**``,
  ``**170 1234 5678**`` and ``*8 138 0013 8000`` are masked.
* **Identity when clean.** A text without personal data is returned as the
  same object, and the cheap checks come first: an export runs this over
  hundreds of thousands of messages.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from .phones import is_gateway, mask, normalise

__all__ = ["COMPOUND_SURNAMES", "HONORIFICS", "SURNAMES", "Redactor"]

# --------------------------------------------------------------------------- numbers

_FOLD = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},  # fullwidth digits
    "＋": "+", "（": "(", "）": ")", "Ｘ": "X", "ｘ": "x",
})
"""One character to one character, so match positions in the folded text are
positions in the original. Collectors write ``１７０１２３４５６７８`` to slip past
filters; it is the same number."""

_FOLDABLE = re.compile("[\uff10-\uff19＋（）Ｘｘ]")
_DIGIT = "[0-9\uff10-\uff19]"
_MAYBE_NUMBER = re.compile(f"{_DIGIT}(?:{_DIGIT}{{2}}|(?:[^0-9\uff10-\uff19]{{1,3}}{_DIGIT}){{3}})")
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
_SEP_CHARS = f"[{_SPACES}{_DASHES}{_DOTS}()（）]"
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
    r"\*(?:" + _SEP_CHARS + r"{0,3}\*){4}" + _S + r"?((?:[0-9]" + _S + r"?){3}[0-9Xx])(?![0-9])")
_KEPT_CODE = re.compile("86(?=" + _S + r"?\(?\*)")
"""What an already masked number left readable: the four characters it kept
(four significant characters after at least five ``*``: every shape masks five
or more, with only separators and brackets between them; and no digit right
after them, since a match never ends before a digit), and the country code in
front of it. No number may include them: redacting again changes nothing."""

_SIGNIFICANT = frozenset("0123456789Xx")
_MASKED = re.compile("[0-9\uff10-\uff19]")


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

LABELS = ("姓名", "名字", "户主", "户名", "开户名", "开户人", "持卡人", "机主", "借款人",
          "收款人", "联系人")
"""Words after which a name is written: 姓名：张伟, 持卡人张伟, 机主是张伟."""

_NAME_STOP = "的是在了你您我他她它们这那不也都就和与及等还要请已被把对从给让吧吗呢啊呀哦嘛说欠"
"""Characters that follow a name (张伟的, 张伟你好, 张伟欠款...) and are (almost) never
part of a given name: the name ends before them."""

_NAME_END = (*HONORIFICS, "本人", "名下", "家", "身份", "电话", "手机", "号码", "卡号", "账号",
             "住址", "地址", "性别", "年龄", "逾期", "借款", "同志", "马上", "现在", "今天",
             "明天", "必须", "赶紧", "立即", "立刻")
"""Words that may follow a name directly (张伟先生, 张伟身份证号..., 张伟马上还钱)."""

_NOT_NAMES = (
    "余额", "余款", "余下", "金额", "金融", "金钱", "钱款", "钱财", "钱包", "万元", "万块",
    "付款", "付清", "高额", "高利", "高息", "方式", "方法", "方面", "方便", "方案", "方向",
    "周期", "周末", "周围", "周年", "马上", "王八", "孙子", "白条", "任何", "任务", "程序",
    "程度", "范围", "严重", "严厉", "常用", "常住", "曾经", "谢谢", "顾客", "许可", "许多",
    "黄色", "毛病", "于是", "何时", "何必", "文件", "文字", "陆续", "史上", "石头", "白天",
    "江湖", "赖账", "向你", "向您", "龙头", "康复", "易于", "杜绝", "郑重", "陈述", "胡说",
)
"""Everyday words that start with a surname and may follow ``<number>的``
(卡号…的余额, …的王八蛋): not names."""

_CJK = "[\u4e00-\u9fff]"
_NAME_BOUNDARY = ("(?=[^\u4e00-\u9fff]|\\Z|[" + _NAME_STOP + "]|" + "|".join(_NAME_END) + ")")
_GIVEN_CHAR = "(?!" + "|".join(_NAME_END) + ")(?![" + _NAME_STOP + "])" + _CJK
_NAME = (
    "(?!" + "|".join(_NOT_NAMES) + ")"
    "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + SURNAMES + "])"
    "(?![" + _NOT_GIVEN + "])"
)
_LABELLED_NAME = re.compile(
    "(?:" + "|".join(LABELS) + ")(?:[:：]|是|为|叫)?[ \u3000]*" + _NAME
    # A 2-3 character name with an end in sight (张伟，张伟伟。张伟先生); failing
    # that, two characters: the label says a name comes, and 2 is the usual length.
    + "(?P<given>(?:" + _GIVEN_CHAR + "){1,2}?" + _NAME_BOUNDARY + "|" + _GIVEN_CHAR + ")"
)
_HAS_LABEL = re.compile("|".join(LABELS))
_KEPT_LAST = "[0-9Xx\uff10-\uff19\uff38\uff58]"
_AFTER_NUMBER = re.compile(_KEPT_LAST + "的")
_NAME_AFTER_NUMBER = re.compile(
    # A masked number (five or more '*', then the four characters it kept),
    # 的, then the name: the number's owner (身份证号**************1234的张伟).
    r"\*(?:" + _SEP_CHARS + r"{0,3}\*){4}"
    + "(?:" + _SEP_CHARS + "{0,3}" + _DIGIT + "){3}" + _SEP_CHARS + "{0,3}" + _KEPT_LAST + "的"
    + _NAME + "(?P<given>(?:" + _GIVEN_CHAR + "){1,2}?)" + _NAME_BOUNDARY
)

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
        """Mask known names, honorific- and label-marked names, phone / ID / card
        numbers, then a name right after a number and 的.

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
        if _HAS_LABEL.search(out) and _LABELLED_NAME.search(out):
            out = _LABELLED_NAME.sub(_mask_given, out)
        if _MAYBE_NUMBER.search(out):
            out = _mask_numbers(out)
            if _AFTER_NUMBER.search(out):
                out = _mask_names_after_numbers(out)
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
    (a man, a lawyer) without saying who he is. The same for a name after a
    label or after a number and 的 (姓名：张*, …1234的张*)."""
    start, stop = m.span("given")
    whole = m.group()
    offset = m.start()
    return whole[:start - offset] + "*" * (stop - start) + whole[stop - offset:]


def _mask_numbers(text: str) -> str:
    """Every phone / ID / card span: all but its last four significant characters to ``*``."""
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


def _mask_names_after_numbers(text: str) -> str:
    """身份证号**************1234的张伟 -> ...的张*: a name right after a number and 的."""
    return _NAME_AFTER_NUMBER.sub(_mask_given, text)
