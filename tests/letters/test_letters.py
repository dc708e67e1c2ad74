"""The letters' core: reading what the user typed, the facts each letter needs, and
what each letter says (and does not say) for each kind of lender."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.errors import UsageProblem
from overdue_cli.letters import (
    DATA_REQUESTS,
    KINDS,
    LetterInput,
    ThirdPartyContact,
    article_allowed,
    build_letter,
    catalogue_entries,
    parse_monthly,
    parse_recipient,
    parse_requests,
    render_letter,
)
from overdue_cli.letters.build import facts_of
from overdue_cli.rulebook import Rulebook

TODAY = date(2026, 11, 20)


def letter(kind: str, book: Rulebook, **facts: object) -> str:
    base: dict[str, object] = {"platform": "某某借"}
    if kind == "negotiate":
        base.update(owed=Decimal(38000), can_pay=Decimal(1200), reason="失业")
    if kind == "credit-dispute":
        base.update(item="2026-03 逾期记录", reason="当天已还款")
    if kind == "data":
        base.update(requests=parse_requests(None))
    base.update(facts)
    return build_letter(LetterInput(kind, TODAY, **base), book).text  # type: ignore[arg-type]


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(("text", "value"), [
    ("1200", 1200), ("1200/月", 1200), ("1200元/月", 1200), ("1200元每月", 1200),
    ("每月1200", 1200), ("每月 1200 元", 1200), ("一千二", 1200), ("1.2k/month", 1200),
    ("1,200 per month", 1200), ("１２００／月", 1200), ("3千5每个月", 3500),
])
def test_a_monthly_amount_is_read_as_people_write_it(text: str, value: int) -> None:
    assert parse_monthly(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1200/周", "每天40", "1200/年", "40 a day", "300/week"])
def test_another_period_is_refused_not_converted(text: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        parse_monthly(text)
    assert caught.value.key == "letter_can_pay_monthly"


@pytest.mark.parametrize("text", ["", "abc", "0", "-5/月", "/月", "1e999"])
def test_what_is_not_an_amount_is_refused(text: str) -> None:
    with pytest.raises(UsageProblem):
        parse_monthly(text)


@given(st.text(max_size=30))
def test_parse_monthly_answers_any_text_with_an_amount_or_a_usage_problem(text: str) -> None:
    try:
        value = parse_monthly(text)
    except UsageProblem:
        return
    assert value > 0


@given(st.integers(1, 10**8))
def test_digits_per_month_round_trip(n: int) -> None:
    assert parse_monthly(f"{n}/月") == parse_monthly(f"每月{n}元") == Decimal(n)


def test_requests_in_the_letters_order_and_by_chinese_name() -> None:
    assert parse_requests("delete,access,copy") == ("access", "copy", "delete")
    assert parse_requests("删除、查阅，撤回") == ("access", "withdraw", "delete")
    assert parse_requests(None) == ("access", "copy", "recipients", "withdraw", "delete")
    assert set(parse_requests(",".join(DATA_REQUESTS))) == set(DATA_REQUESTS)


@pytest.mark.parametrize("text", ["acess", "everything", ",", " "])
def test_an_unknown_or_empty_request_is_refused(text: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        parse_requests(text)
    assert caught.value.key in ("letter_unknown_request", "letter_no_request")


def test_recipient() -> None:
    assert parse_recipient(None) == "bureau"
    assert parse_recipient("征信中心") == "bureau"
    assert parse_recipient("LENDER") == "lender"
    with pytest.raises(UsageProblem) as caught:
        parse_recipient("burea")
    assert caught.value.params["word"] == "bureau"


def test_every_missing_fact_is_named_at_once(book: Rulebook) -> None:
    with pytest.raises(UsageProblem) as caught:
        build_letter(LetterInput("negotiate", TODAY, platform="某某借"), book)
    assert caught.value.key == "letter_missing"
    assert caught.value.params["options"] == "--owed, --can-pay, --reason"
    with pytest.raises(UsageProblem) as caught:
        build_letter(LetterInput("credit-dispute", TODAY, platform="  "), book)
    assert caught.value.params["options"] == "--platform, --item, --reason"


# --------------------------------------------------------------------------- the letters


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_every_letter_renders_tidily_with_placeholders_and_a_date(kind: str, fmt: str,
                                                                 book: Rulebook) -> None:
    base = LetterInput(kind, TODAY, platform="某某借", owed=Decimal(5000),
                       can_pay=Decimal(500), reason="生病", item="逾期", requests=("access",))
    made = build_letter(base, book, fmt=fmt)
    assert made.text.endswith("\n") and not made.text.endswith("\n\n")
    assert "\n\n\n" not in made.text
    assert "【姓名】" in made.placeholders
    assert "日期：2026-11-20" in made.text
    assert made.guidance and made.send
    if fmt == "text":
        assert not any(mark in made.text for mark in ("**", "# ", "`"))


def test_negotiate_for_a_card_asks_for_the_personalised_plan_as_a_may(book: Rulebook) -> None:
    made = build_letter(LetterInput("negotiate", TODAY, platform="某某银行", lender="credit_card",
                                    owed=Decimal(38000), can_pay=Decimal(1200), reason="失业"),
                        book)
    assert "个性化分期" in made.text and "可以与持卡人平等协商" in made.text
    assert "《商业银行信用卡业务监督管理办法》第70条" in made.text
    assert "约需 32 期还清" in made.text
    assert "贵行" in made.text and "贵司" not in made.text
    assert "不表示本人放弃依法享有的任何抗辩权利" in made.text
    assert "认可超出借款合同约定" in made.text
    # the warnings are outside the letter
    assert "诉讼时效" not in made.text and "代理" not in made.text
    joined = "".join(made.guidance)
    assert "诉讼时效重新计算" in joined and "不需要找任何" in joined
    assert "“可以”" in joined and "不是你能单方面要求的权利" in joined


def test_negotiate_for_an_online_loan_cites_no_card_rule(book: Rulebook) -> None:
    made = build_letter(LetterInput("negotiate", TODAY, platform="某某借", lender="small_loan",
                                    owed=Decimal(5000), can_pay=Decimal(500), reason="失业"),
                        book)
    assert "个性化分期" not in made.text and "信用卡" not in made.text
    assert "个性化分期" not in "".join(made.guidance)
    assert "贵司" in made.text


def test_a_plan_longer_than_five_years_is_not_put_as_a_number(book: Rulebook) -> None:
    inp = LetterInput("negotiate", TODAY, platform="某某银行", lender="credit_card",
                      owed=Decimal(100000), can_pay=Decimal(1000), reason="失业")
    made = build_letter(inp, book)
    assert made.facts["months"] == 100 and made.facts["over_max"]
    assert "100 期" not in made.text and "最长期限内" in made.text
    assert any("超过了5年" in g for g in made.guidance)


@pytest.mark.parametrize(("lender", "present", "absent"), [
    ("credit_card", "第68条", "GB/T 45251"),
    ("small_loan", "小额贷款公司监督管理暂行办法", "第68条"),
    ("consumer_finance", "消费金融公司管理办法", "第68条"),
    ("bank", "第三章", "第68条"),
    (None, "GB/T 45251", "第68条"),
])
def test_stop_third_party_cites_the_rules_of_the_lender(lender: str | None, present: str,
                                                        absent: str, book: Rulebook) -> None:
    text = letter("stop-third-party", book, lender=lender)
    assert present in text and absent not in text
    assert "第1033条" in text and "只向本人催收" in text


def test_stop_third_party_lists_the_journals_contacts(book: Rulebook) -> None:
    contacts = (ThirdPartyContact(7, "2026-03-02 14:10", "contacts", "联系本人的紧急联系人",
                                  "17012345678", None, "打给我妈，说我欠钱"),)
    made = build_letter(LetterInput("stop-third-party", TODAY, platform="某某借",
                                    contacts=contacts, contacts_total=3), book)
    assert "2026-03-02 14:10" in made.text and "〔日志第 7 条〕" in made.text
    assert "共 3 次，以下列出最早的 1 次" in made.text
    assert "【日期和时间】" not in made.text
    assert made.facts["journal"] is True


def test_credit_dispute_asks_for_the_20_day_written_answer(book: Rulebook) -> None:
    text = letter("credit-dispute", book)
    assert "《征信业管理条例》第25条" in text and "20日内" in text and "书面答复" in text
    assert "2026-03 逾期记录" in text and "当天已还款" in text
    to_lender = letter("credit-dispute", book, to="lender")
    assert "第15条" in to_lender and "第15条" not in text


def test_data_asks_only_for_what_was_requested(book: Rulebook) -> None:
    text = letter("data", book, requests=("copy",))
    assert "复制" in text and "撤回同意" not in text and "删除" not in text
    full = letter("data", book)
    for article in ("第44条", "第45条", "第23条", "第15条", "第47条", "第50条"):
        assert article in full
    assert "停止除存储和采取必要的安全保护措施之外的处理" in full


def test_verify_debt_asks_for_everything_and_promises_nothing(book: Rulebook) -> None:
    text = letter("verify-debt", book)
    for word in ("借款合同", "实际到账的本金", "每一笔还款", "每一项费用", "欠款余额",
                 "债权转让通知", "第670条", "第546条"):
        assert word in text
    for promise in ("愿意偿还", "每月可以", "分期"):
        assert promise not in text


def test_user_text_cannot_break_the_markdown(book: Rulebook) -> None:
    text = letter("credit-dispute", book, item="**2026**\n# 逾期", reason="[链接](x)")
    assert "\\*\\*2026\\*\\* # 逾期" in text and "\\[链接\\](x)" in text


def test_a_citation_the_rulebook_does_not_list_is_refused(book: Rulebook) -> None:
    assert article_allowed(book, "credit_reporting_regulation", "第25条")
    assert not article_allowed(book, "credit_reporting_regulation", "第99条")
    assert not article_allowed(book, "no_such_source", None)
    facts = facts_of(LetterInput("verify-debt", TODAY, platform="x"), book)
    bare = Rulebook.__new__(Rulebook)
    object.__setattr__(bare, "sources", {})
    object.__setattr__(bare, "lenders", book.lenders)
    with pytest.raises(ValueError, match="not in the rulebook"):
        render_letter("verify-debt", facts, bare)


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_the_list_and_the_guidance_follow_the_language(lang: str, book: Rulebook) -> None:
    entries = catalogue_entries(lang)
    assert [e["id"] for e in entries] == list(KINDS)
    made = build_letter(LetterInput("verify-debt", TODAY, platform="某某借"), book, lang=lang)
    assert made.text == build_letter(LetterInput("verify-debt", TODAY, platform="某某借"),
                                     book).text
    if lang == "en":
        assert made.guidance[0].isascii() and "documents" in made.guidance[0]
    if lang == "zh-Hant":
        assert "這封信" in made.guidance[0]


# ------------------------------------------------- after the lawyer's review (B 13-24)

def test_negotiate_states_the_claim_as_the_lenders_not_an_admission(book: Rulebook) -> None:
    text = letter("negotiate", book, lender="small_loan")
    assert "贵司主张的欠款约为人民币 38,000 元，这一金额本人尚未核对" in text
    assert "按本人掌握的情况" not in text and "如按上述主张的金额计算，约需 32 期还清" in text
    assert "医疗诊断证明" not in text and "只附能说明情况的最少材料" in text


def test_negotiate_with_an_unlicensed_lender_offers_only_the_principal(book: Rulebook) -> None:
    made = build_letter(LetterInput("negotiate", TODAY, platform="某某借", lender="unlicensed",
                                    owed=Decimal(8000), can_pay=Decimal(500), reason="失业"),
                        book)
    text = made.text
    assert "本人实际收到的借款本金为人民币【实际到手金额】元" in text
    assert "不予认可" in text and "返还实际收到的借款本金" in text
    assert "本人愿意偿还欠款" not in text and "期还清" not in text and "罚息、违约金和其他费用；" \
        not in text
    assert "不表示本人认可借款合同的效力" in text and "借款合同约定" not in text
    assert "【身份证号，可不填】" in made.placeholders


def test_negotiate_pays_at_once_when_a_month_covers_the_claim(book: Rulebook) -> None:
    """The user trial: --can-pay above --owed asked for "约需 1 期还清"."""
    made = build_letter(LetterInput("negotiate", TODAY, platform="某某银行", lender="credit_card",
                                    owed=Decimal(3000), can_pay=Decimal(5000), reason="失业"),
                        book)
    assert made.facts["one_off"] and made.facts["months"] == 1
    assert "1 期" not in made.text and "一次性结清" in made.text
    assert "个性化分期" not in made.text and "分期还款协议" not in made.text
    assert any("用不着分期" in g for g in made.guidance)
    assert not any("个性化分期" in g for g in made.guidance)
    assert not build_letter(LetterInput("negotiate", TODAY, platform="x", owed=Decimal(3000),
                                        can_pay=Decimal(1000), reason="r"), book).facts["one_off"]


def test_negotiate_guidance_on_limitation_and_for_cards(book: Rulebook) -> None:
    made = build_letter(LetterInput("negotiate", TODAY, platform="某某银行", lender="credit_card",
                                    owed=Decimal(38000), can_pay=Decimal(1200), reason="失业"),
                        book)
    joined = "".join(made.guidance)
    assert "保不住诉讼时效" in joined and "第192条" in joined and "或答应还款" in joined
    assert "不要换号、不要失联" in joined


def test_stop_third_party_asserts_nothing_it_cannot_know(book: Rulebook) -> None:
    text = letter("stop-third-party", book)
    assert "本人从未同意" not in text and "明确拒绝" in text
    assert "【如被联系的是担保人或配偶，请按实际情况改写或删去本句】" in text
    assert "除担保人等依法负有还款义务的人以外" in text
    unlicensed = build_letter(LetterInput("stop-third-party", TODAY, platform="x",
                                          lender="unlicensed"), book, lang="en")
    assert not any("national standard" in g for g in unlicensed.guidance)
    assert any("Art. 1064" in g for g in unlicensed.guidance)
    assert any("should then stop" in g for g in unlicensed.guidance)


def test_credit_dispute_to_a_lender_leaves_the_statement_to_the_bureau(book: Rulebook) -> None:
    to_lender = letter("credit-dispute", book, to="lender")
    assert "向征信机构提交本人对该信息的说明" in to_lender and "记载本人" not in to_lender
    assert "记载本人对该信息作出的以下说明" in letter("credit-dispute", book)
    assert "存在错误、遗漏" in to_lender


def test_verify_debt_for_a_card_asks_for_each_overdraft(book: Rulebook) -> None:
    card = letter("verify-debt", book, lender="credit_card")
    assert "每一笔透支" in card and "第670条" not in card and "就上述信用卡向本人催收" in card
    assert "就上述借款向本人催收" in letter("verify-debt", book)
    made = build_letter(LetterInput("verify-debt", TODAY, platform="x"), book)
    assert any("第8条、第17条" in g for g in made.guidance)


def test_data_cites_44_for_the_recipients(book: Rulebook) -> None:
    assert "（第23条、第44条）" in letter("data", book)
