"""--redact: personal data masked, evidence (dates, amounts, service numbers) kept."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from overdue_cli.journal.redact import HONORIFICS, Redactor

R = Redactor(["张三", "张三丰", "欧阳娜娜", "Tom", "李四"])
PLAIN = Redactor()


# -- phones ----------------------------------------------------------------

@pytest.mark.parametrize(("original", "redacted"), [
    ("请拨打17012345678处理", "请拨打*******5678处理"),
    ("170-1234-5678", "***-****-5678"),
    ("170 1234 5678", "*** **** 5678"),
    ("+86 170-1234-5678", "+86 ***-****-5678"),
    ("+8617012345678", "+86*******5678"),
    ("008617012345678", "0086*******5678"),
    ("86 17012345678", "86 *******5678"),
    ("电话：１７０１２３４５６７８。", "电话：*******５６７８。"),  # fullwidth digits
    ("**17012345678**", "*********5678**"),  # markdown bold is not a masked span
    ("010-12345678", "***-****5678"),
    ("(010)12345678", "(***)****5678"),
    ("（０２１）12345678", "（***）****5678"),
    ("0755 1234 5678", "**** **** 5678"),
    ("0755-1234567", "****-***4567"),
    ("+86 10 1234 5678", "+86 ** **** 5678"),
    ("a17012345678和13800138000", "a*******5678和*******8000"),
])
def test_phone_numbers_keep_the_last_four_digits(original: str, redacted: str) -> None:
    assert PLAIN.text(original) == redacted


@pytest.mark.parametrize("text", [
    "报警110，投诉12378、12363、12321、96110、95588、12368、10086",
    "2026-11-20 22:40 来电3次，要求今天还5000元，逾期3天",
    "2026年11月20日 22:40:05，本金12000.50元，利息1,234元",
    "网关1069012345678901发来短信",  # SMS gateway: the platform, not a person
    "客服热线400-820-8820",
    "您尾号5678的银行卡扣款失败",
    "12345678",  # a bare local number cannot be told from an amount or a date
    "20261120224000",  # a compact timestamp
])
def test_facts_a_complaint_needs_are_not_masked(text: str) -> None:
    assert PLAIN.text(text) is text


# -- ID and bank cards ---------------------------------------------------------------

@pytest.mark.parametrize(("original", "redacted"), [
    ("身份证11010519491231002X。", "身份证**************002X。"),
    ("身份证11010519491231002x", "身份证**************002x"),
    ("110105194912310021", "**************0021"),
    ("110105 19491231 002X", "****** ******** 002X"),
    ("旧身份证110105491231002", "旧身份证***********1002"),
    ("卡号6222021234567890", "卡号************7890"),
    ("卡号6222 0212 3456 7890 123", "卡号**** **** **** ***0 123"),
    ("6222-0212-3456-7890", "****-****-****-7890"),
    ("6222021234567890123", "***************0123"),
    ("6222021234567891", "************7891"),  # fails Luhn: masked all the same
])
def test_id_and_bank_card_numbers_keep_the_last_four(original: str, redacted: str) -> None:
    assert PLAIN.text(original) == redacted


def test_an_id_is_masked_as_one_number_not_as_a_phone_inside_it() -> None:
    # 13 8001 3800 0... contains a mobile-shaped run, but the ID wins whole.
    assert PLAIN.text("31013800138000123X") == "**************123X"


# -- names ----------------------------------------------------------------

@pytest.mark.parametrize(("original", "redacted"), [
    ("张三说的", "张*说的"),
    ("张三丰来了", "张**来了"),  # longest known name first
    ("欧阳娜娜打来电话", "欧***打来电话"),
    ("Tom called, tom again, TOM!", "T** called, t** again, T**!"),
    ("Tomorrow", "Tomorrow"),  # an ASCII name is a word, not a prefix
    ("王小明先生你好", "王**先生你好"),
    ("我是欧阳明律师", "我是欧阳*律师"),
    ("赵六女士、钱七经理", "赵*女士、钱*经理"),
    ("李四先生", "李*先生"),
])
def test_names(original: str, redacted: str) -> None:
    assert R.text(original) == redacted


@pytest.mark.parametrize("text", [
    "王先生、李女士、张经理",  # no given name to mask
    "李总经理、高级经理、周日老师、高中同学、项目经理",
    "马上律师函就发给你",
    "找一下你们的律师",
])
def test_honorific_words_are_not_names(text: str) -> None:
    assert PLAIN.text(text) is text


def test_a_clean_text_is_returned_as_the_same_object() -> None:
    text = "再不还钱就爆你通讯录，让你家里人都知道"
    assert R.text(text) is text
    assert R.text(None) is None
    assert R.text("") == ""


def test_names_with_digits_are_masked_whole_before_numbers() -> None:
    r = Redactor(["催收1号"])
    assert r.text("催收1号又打来了") == "催***又打来了"


def test_unusable_names_are_ignored() -> None:
    r = Redactor(["", " ", "张", "张*", "  李四 "])
    assert r.text("张三和张*和李四") == "张三和张*和李*"


# -- fields ----------------------------------------------------------------

@pytest.mark.parametrize(("number", "masked"), [
    ("17012345678", "*******5678"),
    ("+86 170-1234-5678", "*************5678"),
    ("01012345678", "*******5678"),
    ("95588", "95588"),
    ("12378", "12378"),
    ("110", "110"),
    ("10690123456789", "10690123456789"),
    ("4008208820", "4008208820"),
    ("null", "null"),
    (None, None),
    ("", ""),
])
def test_number_field(number: str | None, masked: str | None) -> None:
    assert R.number(number) == masked
    assert R.number(masked) == masked


@pytest.mark.parametrize(("name", "masked"), [
    ("张三", "张*"),
    ("欧阳娜娜", "欧***"),
    ("Zhang Wei", "Z**** ***"),
    (" 李四", " 李*"),
    ("张", "张"),
    (None, None),
])
def test_name_field(name: str | None, masked: str | None) -> None:
    assert R.name(name) == masked
    assert R.name(masked) == masked


# -- properties --------------------------------------------------------------

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
FULLWIDTH = {0xFF10 + i: str(i) for i in range(10)}
NAMES = ["张三", "欧阳娜娜", "Tom", "三丰", "催收1号"]
RN = Redactor(NAMES)

_digits = st.text(alphabet="0123456789", min_size=1, max_size=12)
_mobile = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
_formatted_mobile = st.tuples(
    st.sampled_from(["", "+86", "+86 ", "0086", "86 "]), _mobile, st.sampled_from(["", " ", "-"]),
).map(lambda t: t[0] + t[1][:3] + t[2] + t[1][3:7] + t[2] + t[1][7:])
_piece = st.one_of(
    st.text(alphabet="您好请还款逾期张三王先生李经理律师欧阳娜娜催收号元天，。:*()+- XxTom",
            max_size=8),
    _digits, _mobile, _formatted_mobile,
    st.sampled_from(["110", "12378", "95588", "2026-11-20", "22:40", "5000元", "3天",
                     "11010519491231002X", "6222 0212 3456 7890", "(010)12345678",
                     "１７０１２３４５６７８", "**", "*8 ", "张三丰先生"]),
)
_messages = st.lists(_piece, max_size=12).map("".join)
_adversarial = st.lists(
    st.sampled_from([*"0123456789 -+*()Xx１（）张三王先生Tom欧阳娜", "86", "0086", "170", "6222"]),
    max_size=40).map("".join)
_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_messages)
def test_no_mobile_number_of_the_input_survives(text: str) -> None:
    # A mobile as a number of its own, not 11 digits inside a longer run (an
    # order number): that one must be masked where it stood, and none may be left.
    out = RN.text(text)
    assert out is not None
    for m in MOBILE.finditer(text.translate(FULLWIDTH)):
        assert out[m.start():m.end()].count("*") == 7
    assert MOBILE.search(out.translate(FULLWIDTH)) is None


@_SETTINGS
@given(st.one_of(_messages, _adversarial))
def test_redaction_is_idempotent_and_length_preserving(text: str) -> None:
    once = RN.text(text)
    assert once is not None
    assert len(once) == len(text)
    assert RN.text(once) == once


@_SETTINGS
@given(st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs"))),
    st.text(alphabet="您好请还款逾期王李先生女士经理，。张欧阳ToMm *-+()", max_size=30),
))
def test_text_without_digits_or_names_is_unchanged(text: str) -> None:
    assume(not any(name.lower() in text.lower() for name in NAMES))
    assume(not any(word in text for word in HONORIFICS))
    assert RN.text(text) is text
