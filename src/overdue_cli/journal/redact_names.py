"""Names in free text and in name fields: the surnames, honorifics and labels
that mark a name, and masking a name but its first character (see ``redact``).

Why a module of its own: names are found by different means than numbers
(known names as a trie, marked names by their context) and only the last of
those means, a name after a masked number, needs anything from
``redact_numbers``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from overdue_cli.journal.redact_numbers import DIGIT, SEP_CHARS

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
    r"\*(?:" + SEP_CHARS + r"{0,3}\*){4}"
    + "(?:" + SEP_CHARS + "{0,3}" + DIGIT + "){3}" + SEP_CHARS + "{0,3}" + _KEPT_LAST + "的"
    + _NAME + "(?P<given>(?:" + _GIVEN_CHAR + "){1,2}?)" + _NAME_BOUNDARY
)

_ASCII_LETTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def mask_name(name: str) -> str:
    """Keep the first character (the surname, or an initial): 张三 -> 张*,
    欧阳娜娜 -> 欧***, Zhang Wei -> Z**** ***. Whitespace stays, length stays."""
    return name[:1] + "".join(c if c.isspace() else "*" for c in name[1:])


_Trie = dict[str, "_Trie"]
"""A character trie: each character to the names' continuations ('' ends a name)."""


def trie_pattern(names: Iterable[str]) -> str:
    """One regex for many names, as a character trie: ``张(?:三丰?|伟)``.

    An alternation of hundreds of contact names is tried name by name at every
    position; a trie is tried character by character, and its greedy optional
    tails give the longest known name at each position. ASCII ends of a name
    must not touch another ASCII letter (``Tom`` is not in ``Tomorrow``).
    """
    trie: _Trie = {}
    end = ""  # a key no character can equal: marks the end of a name
    for name in names:
        node = trie
        for ch in name.lower():
            node = node.setdefault(ch, {})
        node[end] = {}

    def emit(node: _Trie, last: str) -> str:
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


def _mask_given(m: re.Match[str]) -> str:
    """张三先生 -> 张*先生: the surname and the honorific stay, they say who is meant
    (a man, a lawyer) without saying who he is. The same for a name after a
    label or after a number and 的 (姓名：张*, …1234的张*)."""
    start, stop = m.span("given")
    whole = m.group()
    offset = m.start()
    return whole[:start - offset] + "*" * (stop - start) + whole[stop - offset:]


def mask_marked_names(text: str) -> str:
    """Names marked by an honorific (王**先生) or after a label (姓名：张*)."""
    if _HAS_HONORIFIC.search(text) and _HONORIFIC.search(text):
        text = _HONORIFIC.sub(_mask_given, text)
    if _HAS_LABEL.search(text) and _LABELLED_NAME.search(text):
        text = _LABELLED_NAME.sub(_mask_given, text)
    return text


def mask_names_after_numbers(text: str) -> str:
    """身份证号**************1234的张伟 -> ...的张*: a name right after a number and 的."""
    if not _AFTER_NUMBER.search(text):
        return text
    return _NAME_AFTER_NUMBER.sub(_mask_given, text)
