"""--redact over every way a phone, ID card or bank card number is written (issue 9).

The must-mask table is generated: each kind of number, in each grouping people
use, with each separator, embedded in Chinese text. The must-keep table holds
the facts a complaint rests on (dates, amounts, times, case numbers, service
numbers), which must come out unchanged. All numbers here are made up.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_cli.journal.redact import Redactor

R = Redactor()

SEPARATORS = [" ", "-", ".", "–", "—", "/", "_", "\u00a0", "\u2009", "\u202f", "\u3000", " - "]

# kind -> (the number's characters, the groupings it is written in)
KINDS: dict[str, tuple[str, list[tuple[int, ...]]]] = {
    "mobile": ("15690702931", [(3, 4, 4), (3, 3, 5), (4, 3, 4), (3, 8), (7, 4),
                               (1,) * 11]),
    "mobile-19": ("19375858471", [(3, 4, 4), (3, 3, 5), (4, 3, 4)]),
    "id": ("110101199003071234", [(6, 8, 4), (6, 4, 4, 4), (4, 4, 4, 4, 2)]),
    "id-X": ("82292619210410816X", [(6, 8, 4), (6, 4, 4, 4), (4, 4, 4, 4, 2)]),
    "id-x": ("15616719010211912x", [(6, 8, 4), (6, 4, 4, 4)]),
    "id-15": ("110105491231002", [(6, 6, 3)]),
    "card-15": ("378282246310005", [(4, 6, 5), (4, 4, 4, 3), (3, 3, 3, 3, 3)]),
    "card-16": ("6222021234567890", [(4, 4, 4, 4), (6, 10), (4, 6, 6), (3, 3, 3, 3, 3, 1)]),
    "card-17": ("62220212345678901", [(4, 4, 4, 4, 1), (6, 11), (4, 6, 6, 1),
                                      (3, 3, 3, 3, 3, 2)]),
    "card-18": ("622202123456789012", [(4, 4, 4, 4, 2), (6, 12), (4, 6, 6, 2),
                                       (3, 3, 3, 3, 3, 3)]),
    "card-19": ("6222021234567890123", [(4, 4, 4, 4, 3), (6, 13), (4, 6, 6, 3),
                                        (3, 3, 3, 3, 3, 3, 1)]),
}

# (text around the number, what it must become); {n} is the number, masked in the second
TEMPLATES = [
    ("请联系{n}。", "请联系{n}。"),
    ("号码{n}的张伟", "号码{n}的张*"),
    ("身份证号：{n}，请核实", "身份证号：{n}，请核实"),
    ("{n}", "{n}"),
    ("您的卡号{n}已逾期", "您的卡号{n}已逾期"),
    ("【催收】{n} 速回电！", "【催收】{n} 速回电！"),
    ("Tel:{n};", "Tel:{n};"),
    ("（{n}）", "（{n}）"),
]

FULLWIDTH = str.maketrans({str(i): chr(0xFF10 + i) for i in range(10)})
UNFOLD = {0xFF10 + i: str(i) for i in range(10)} | {0xFF38: "X", 0xFF58: "x"}
SIGNIFICANT = frozenset("0123456789Xx")


def group(number: str, sizes: tuple[int, ...], seps: list[str] | str) -> str:
    """``group("15690702931", (3, 4, 4), "-")`` -> ``156-9070-2931``; ``seps`` may
    give one separator per gap."""
    assert sum(sizes) == len(number)
    parts, at = [], 0
    for size in sizes:
        parts.append(number[at:at + size])
        at += size
    if isinstance(seps, str):
        return seps.join(parts)
    out = parts[0]
    for sep, part in zip(seps, parts[1:], strict=True):
        out += sep + part
    return out


def expected(written: str) -> str:
    """Every significant character but the last four to ``*``; separators stay."""
    positions = [i for i, c in enumerate(written) if c.translate(UNFOLD) in SIGNIFICANT]
    masked = set(positions[:-4])
    return "".join("*" if i in masked else c for i, c in enumerate(written))


def assert_no_run_survives(number: str, out: str) -> None:
    """No five of the number's characters in a row survive, separators aside
    (only the last four may)."""
    kept = "".join(c for c in out.translate(UNFOLD) if c in SIGNIFICANT)
    digits = number.translate(UNFOLD)
    for i in range(len(digits) - 4):
        assert digits[i:i + 5] not in kept, (number, out)
    assert digits[:7] not in kept


def _cases() -> list[tuple[str, str]]:
    cases = []
    for kind, (number, groupings) in KINDS.items():
        cases.append((f"{kind}-contiguous", number))
        cases.append((f"{kind}-contiguous-fullwidth", number.translate(FULLWIDTH)))
        for sizes in groupings:
            shape = "-".join(map(str, sizes)) if len(sizes) < 11 else "one-by-one"
            for sep in SEPARATORS:
                cases.append((f"{kind}-{shape}-U+{ord(sep[0]):04X}{len(sep)}",
                              group(number, sizes, sep)))
            cases.append((f"{kind}-{shape}-fullwidth",
                          group(number, sizes, " ").translate(FULLWIDTH)))
    return cases


CASES = _cases()


def test_the_table_covers_every_kind_grouping_and_separator() -> None:
    assert len(CASES) == sum(2 + len(g) * (len(SEPARATORS) + 1) for _, g in KINDS.values())
    assert len({written for _, written in CASES}) == len(CASES)


@pytest.mark.parametrize("written", [w for _, w in CASES], ids=[i for i, _ in CASES])
def test_every_written_form_is_masked_in_every_context(written: str) -> None:
    for template, result in TEMPLATES:
        text = template.format(n=written)
        out = R.text(text)
        assert out == result.format(n=expected(written)), text
        assert_no_run_survives(written, out)
        assert R.text(out) == out  # idempotent


@pytest.mark.parametrize(("original", "redacted"), [
    # the forms issue 9 listed
    ("156.9070.2931", "***.****.2931"),
    ("193–7585–8471", "***–****–8471"),
    ("175 - 4061 - 3589", "*** - **** - 3589"),
    ("(192) 0732 0215", "(***) **** 0215"),
    ("（192）0732 0215", "（***）**** 0215"),
    ("+86(162)0405-6086", "+86(***)****-6086"),
    ("+86 (162) 0405 6086", "+86 (***) **** 6086"),
    ("156 907 02931", "*** *** *2931"),
    ("1569 070 2931", "**** *** 2931"),
    ("1 5 6 9 0 7 0 2 9 3 1", "* * * * * * * 2 9 3 1"),
    ("１５６ ９０７０ ２９３１", "*** **** ２９３１"),
    ("156167 1901 0211 9124", "****** **** **** 9124"),
    ("822926.19210410.8161", "******.********.8161"),
    ("3782 822463 10005", "**** ****** *0005"),
    ("622202 1234567890123", "****** *********0123"),
    ("6222 021234 567890 123", "**** ****** *****0 123"),
    # a change of separator ends a number; spaces and hyphens may still be mixed
    ("400-820-8820 6222-0212-3456-7890", "400-820-8820 ****-****-****-7890"),
    ("138 0013-8000", "*** ****-8000"),
    ("+86 170-1234 5678", "+86 ***-**** 5678"),
    ("138-0013-8000 / 139.0013.9000", "***-****-8000 / ***.****.9000"),
    # country codes stay, with any separator
    ("+86 156 9070 2931", "+86 *** **** 2931"),
    ("+86-156.9070.2931", "+86-***.****.2931"),
    ("0086 156-9070-2931", "0086 ***-****-2931"),
    ("86-15690702931", "86-*******2931"),
    # landlines, masked before and still masked
    ("010-12345678", "***-****5678"),
    ("0571-8888 8888", "****-**** 8888"),
    ("0571.8888.8888", "****.****.8888"),
    ("0571–88888888", "****–****8888"),
    ("(0571) 8888-8888", "(****) ****-8888"),
    ("+86 571 8888 8888", "+86 *** **** 8888"),
    # markdown bold around a grouped number is not taken for a masked one
    ("**1569 070 2931**", "****** *** 2931**"),
    ("**6222 0212 3456 7890**", "****** **** **** 7890**"),
    ("*8 138 0013 8000", "*8 *** **** 8000"),
])
def test_listed_forms(original: str, redacted: str) -> None:
    out = R.text(original)
    assert out == redacted
    assert R.text(out) == out


# -- must keep ---------------------------------------------------------------

KEEP = [
    # dates and times
    "2026-11-20", "2026.11.20", "2026/11/20", "2026年11月20日", "20261120", "11/20/2026",
    "20.11.2026", "2026-11-20 22:40", "2026.11.20 22:40:05", "2026/11/20 08:00-22:00",
    "2026.11.20-2026.12.20", "2026-11-20至2026-12-20", "2026-11-20 2026-11-21",
    "202611202240", "20261120224005", "IMG_20261120_224005.jpg",
    "最后还款日2026.11.20，逾期第15天", "22:40", "22:40:05", "凌晨1:30打来电话",
    # amounts
    "5000元", "3,500.00", "本金12000.50元", "¥12,345.67", "1.5万", "欠款 138,000 元",
    "应还3500.00元，已还1200元，剩余2300元", "利息1,234元，罚息24%", "年化36%",
    # case numbers and documents
    "案号 （2026）浙0102民初8817号", "(2025)京0105执1234号", "粤0304民初12345号",
    "合同编号HT-2026-0001", "第2026-118号通知",
    # service numbers, gateways, hotlines, short numbers
    "报警110，投诉12378、12363、12321、96110、95588、10086",
    "客服热线400-820-8820", "400 820 8820", "网关1069012345678901", "尾号5678的卡",
    "验证码 123456，5分钟内有效", "逾期3天，第3次来电", "192.168.1.100",
    # words that follow a number and 的 but are no name, and labels without one
    "联系人不是你", "姓名不详", "持卡人本人", "你的名字马上就会出现在通讯录里",
]


@pytest.mark.parametrize("text", KEEP)
def test_facts_stay_readable(text: str) -> None:
    assert R.text(text) is text


# -- names after a number ---------------------------------------------------------------

@pytest.mark.parametrize(("original", "redacted"), [
    ("身份证号110101199003071234的张伟", "身份证号**************1234的张*"),
    ("身份证号11010519491231002X的欧阳娜娜。", "身份证号**************002X的欧阳**。"),
    ("号码13800138000的李娜是你什么人", "号码*******8000的李*是你什么人"),
    ("手机156 9070 2931的张伟伟，", "手机*** **** 2931的张**，"),
    ("卡号6222 0212 3456 7890的王芳已逾期", "卡号**** **** **** 7890的王*已逾期"),
    ("1 5 6 9 0 7 0 2 9 3 1的刘洋", "* * * * * * * 2 9 3 1的刘*"),
    ("号码１５６９０７０２９３１的张伟", "号码*******２９３１的张*"),
    # the number was masked already
    ("身份证号**************1234的张伟", "身份证号**************1234的张*"),
    # labels
    ("姓名：张伟，身份证号110101199003071234", "姓名：张*，身份证号**************1234"),
    ("姓名: 王小明。", "姓名: 王**。"),
    ("持卡人张伟身份证号", "持卡人张*身份证号"),
    ("户主王小明", "户主王**"),
    ("名字叫李娜。", "名字叫李*。"),
    ("机主是欧阳娜娜", "机主是欧阳**"),
    ("紧急联系人刘洋的电话", "紧急联系人刘*的电话"),
    ("借款人陈静逾期未还", "借款人陈*逾期未还"),
    ("持卡人张伟明天", "持卡人张*明天"),
    # not names: ordinary words right after a number and 的
    ("卡号6222021234567890的余额不足", "卡号************7890的余额不足"),
    ("卡号6222021234567890的余额。", "卡号************7890的余额。"),
    ("13800138000的王八蛋", "*******8000的王八蛋"),
    ("13800138000的机主", "*******8000的机主"),
    ("13800138000的周末", "*******8000的周末"),
    ("13800138000的王先生", "*******8000的王先生"),
    ("13800138000的张伟先生", "*******8000的张*先生"),
])
def test_names_after_numbers_and_labels(original: str, redacted: str) -> None:
    out = R.text(original)
    assert out == redacted
    assert R.text(out) == out


# -- properties ----------------------------------------------------------------

_FILLER = "您好请还款逾期欠钱联系电话号码卡身份证的，。！：、（）【】 "
_QUIET = "您好请还款逾期欠到账日时间案号截至共计已催收通知，。、：；！？【】"
_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def written_numbers(draw: st.DrawFn) -> str:
    number, groupings = draw(st.sampled_from(list(KINDS.values())))
    sizes = draw(st.sampled_from([(len(number),), *groupings]))
    written = group(number, sizes, draw(st.sampled_from(SEPARATORS)))
    return written.translate(FULLWIDTH) if draw(st.booleans()) else written


@_SETTINGS
@given(st.text(alphabet=_FILLER, max_size=10), written_numbers(),
       st.text(alphabet=_FILLER, max_size=10))
def test_any_written_number_in_any_text_is_masked(before: str, written: str, after: str) -> None:
    out = R.text(before + written + after)
    assert out is not None
    assert out[len(before):len(before) + len(written)] == expected(written)
    assert_no_run_survives(written, out)
    assert R.text(out) == out


_dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
_times = st.times().map(lambda t: t.strftime("%H:%M:%S" if t.second else "%H:%M"))
_date_text = st.tuples(
    _dates,
    st.sampled_from(["%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y%m%d", "%m/%d/%Y",
                     "%d.%m.%Y", "%Y-%m-%d %H:%M", "%Y%m%d%H%M%S"]),
).map(lambda t: dt.datetime.combine(t[0], dt.time(22, 40, 5)).strftime(t[1]))
_amounts = st.tuples(
    st.integers(min_value=0, max_value=9_999_999),
    st.sampled_from(["{:d}元", "{:,}元", "{:,.2f}", "¥{:,.2f}", "{:.1f}万", "{:d}块", "{:.2f}元"]),
).map(lambda t: t[1].format(t[0] / 100 if "f" in t[1] else t[0]))
_case_numbers = st.tuples(st.integers(2000, 2099), st.sampled_from("京沪浙粤苏"),
                          st.integers(0, 9999), st.sampled_from(["民初", "执", "民终"]),
                          st.integers(1, 99999)).map(
    lambda t: f"（{t[0]}）{t[1]}{t[2]:04d}{t[3]}{t[4]}号")
_facts = st.one_of(
    _date_text, _times, _amounts, _case_numbers,
    st.sampled_from(["110", "12378", "95588", "10086", "400-820-8820", "3天", "24%"]))


@_SETTINGS
@given(st.lists(st.tuples(st.text(alphabet=_QUIET, min_size=1, max_size=6), _facts),
                min_size=1, max_size=6))
def test_dates_amounts_and_case_numbers_stay_unchanged(pieces: list[tuple[str, str]]) -> None:
    text = "".join(filler + fact for filler, fact in pieces)
    assert R.text(text) is text


_tricky = st.lists(st.sampled_from([
    *"0123456789 -.–/_*()+Xx１（）", "\u00a0", "\u3000", " - ", "的张伟", "姓名", "86", "+86",
    "156", "6222", "的", "张"]), max_size=50).map("".join)


@_SETTINGS
@given(st.one_of(_tricky, st.tuples(_tricky, written_numbers(), _tricky).map("".join)))
def test_redaction_is_idempotent_and_length_preserving(text: str) -> None:
    once = R.text(text)
    assert once is not None
    assert len(once) == len(text)
    assert R.text(once) == once


def test_a_long_message_is_redacted_in_one_pass() -> None:
    # many numbers of every kind in one text: positions, not just the first match
    numbers = [w for _, w in CASES[::7]]
    text = "，".join(f"号码{w}" for w in numbers)
    out = R.text(text)
    assert out == "，".join(f"号码{expected(w)}" for w in numbers)
    assert not re.search(r"[0-9]{5}", out)
