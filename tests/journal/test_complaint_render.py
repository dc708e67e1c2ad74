"""Complaint drafts: every channel renders in both formats from a journal context.

The drafts go to regulators and the police, so these tests pin what a reader relies
on: the draft notice, the dated facts, the rules and their sources, the evidence
hashes, the placeholders, and no phone number, URL or deadline that legal.md does
not give. Goldens (tests/golden/complaint_<channel>.md) are rewritten with
``UPDATE_GOLDEN=1 pytest tests/journal/test_complaint_render.py`` or ``pytest --update-golden``;
read the diff before committing. The goldens are drafts of a real journal (built
through ``report.build`` and ``complaint.build_context`` with the shipped rulebook),
so they change when the rulebook does: read them as the regulator would.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import pytest

from overdue_cli.journal import Filter, build
from overdue_cli.journal.analysis import analyse
from overdue_cli.journal.complaint import build_context
from overdue_cli.journal.complaint_render import (
    CHANNEL_KEYS,
    CHANNELS,
    COMPLAINT_VERDICTS,
    FORMATS,
    REQUIRED_KEYS,
    channel_info,
    render_complaint,
)
from overdue_cli.journal.events import Attachment, Event, Source
from overdue_cli.journal.store import Journal
from overdue_cli.readers import CHINA_TZ
from overdue_cli.rulebook import Rulebook

GOLDEN = Path(__file__).parents[1] / "golden"
LEGAL = Path(__file__).resolve().parents[3] / "shared" / "reference" / "legal.md"
TEMPLATES = resources.files("overdue_cli") / "templates" / "complaint"

GBT = "《互联网金融 个人网络消费信贷 贷后催收风控指引》（GB/T 45251—2025）"
CBA = "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》"
CIVIL = "《中华人民共和国民法典》"
PIPL = "《中华人民共和国个人信息保护法》"
PSL = "《中华人民共和国治安管理处罚法》（2025年修订）"
PSL_2012 = "《中华人民共和国治安管理处罚法》（2012年修正文本）"
CRIMINAL = "《中华人民共和国刑法》"


def basis(title: str, article: str | None, quote: str | None, status: str,
          source_id: str = "src", applies: str | None = None) -> dict[str, Any]:
    return {"source_id": source_id, "title": title, "article": article, "quote": quote,
            "status": status, "applies": applies}


def entry(seq: int, at: str, method: str, method_name: str, summary: str, *,
          number: str | None = "170****5678", direction: str = "in", name: str | None = None,
          rule_ids: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"seq": seq, "at": at, "method": method, "method_name": method_name,
            "direction": direction, "number": number, "name": name, "summary": summary,
            "rule_ids": list(rule_ids)}


def finding(rule_id: str, verdict: str, verdict_name: str, method: str, method_name: str,
            title: str, seqs: list[int], count: int, basis_: list[dict[str, Any]],
            days: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"rule_id": rule_id, "verdict": verdict, "verdict_name": verdict_name,
            "method": method, "method_name": method_name, "title": title, "seqs": seqs,
            "count": count, "complete": len(seqs) >= count, "first_day": None,
            "last_day": None, "days": days or [], "basis": basis_}


def full_context(channel: str = "12378") -> dict[str, Any]:
    """A context shaped as the complaint command builds it from a journal (the goldens
    come from a real journal: ``golden_context``). Its counts agree with the entries it
    cites, except the quiet-hours finding, which lists 2 of its 3 entries on purpose."""
    return {
        "channel": channel,
        "today": "2026-01-22",
        "platform": "某某借",
        "period": {"start": "2025-12-20", "end": "2026-01-20"},
        "tz": "Asia/Shanghai",
        "counts": {"entries": 42, "calls": 30, "answered": 8, "unanswered": 22, "messages": 12,
                   "night": 3, "third_party": 1, "flagged_messages": 2, "days": 14},
        "timeline": [
            entry(3, "2025-12-23 09:15", "sms", "短信", "收到短信：您的借款已逾期，请尽快还款",
                  number="106****0001"),
            entry(7, "2026-01-08 14:02", "call", "电话", "来电，未接听",
                  rule_ids=("call.too_many_attempts",)),
            entry(9, "2026-01-12 10:30", "disclosure", "向他人透露欠款",
                  "对方打电话给我母亲，说我欠钱不还", number="171****2233",
                  rule_ids=("disclosure.third_parties",)),
            entry(10, "2026-01-12 18:05", "call", "电话", "本人回拨，要求停止联系家人",
                  direction="out"),
            entry(12, "2026-01-20 22:40", "call", "电话",
                  "来电，已接听，通话 3 分钟；用户备注：骂人，说要找我单位", name="自称王经理",
                  rule_ids=("contact.quiet_hours", "threat.intimidation")),
        ],
        "findings": [
            finding("contact.quiet_hours", "violation", "违规", "call", "电话",
                    "对方在22:00至次日8:00之间联系本人催收", [12, 15], 3,
                    [basis(GBT, "5.3 业务管理",
                           "双方未约定催收时间的，催收作业不应在每日22:00至次日8:00催收。",
                           "secondary", "gbt_45251_2025"),
                     basis(CBA, "第三章 催收行为规范", None, "secondary", "cba_guideline_2026"),
                     basis(CIVIL, "第1033条", None, "primary", "civil_code")]),
            finding("call.too_many_attempts", "violation", "违规", "call", "电话",
                    "对方（含其委托的催收人员）同一天内拨打本人电话，未接通仍拨打超过6次",
                    [7, 30, 31, 32, 33, 34, 35, 36, 37], 9,
                    [basis(CBA, None, "债务人电话未接通的，催收人员对债务人同一联系方式尝试拨打"
                           "次数当天不宜超过6次；与债务人另有约定除外。", "secondary")],
                    days=[{"date": "2026-01-08", "platform": "某某借", "by_number": False,
                           "number": None, "kind": "unanswered", "count": 9,
                           "numbers": [{"number": "170****5678", "count": 6},
                                       {"number": "171****2233", "count": 3}]}]),
            finding("disclosure.third_parties", "illegal", "违法", "disclosure", "向他人透露欠款",
                    "对方向本人以外的第三人透露本人的欠款信息", [9], 1,
                    [basis(CIVIL, "第1038条", "信息处理者不得泄露或者篡改其收集、存储的个人信息",
                           "primary", "civil_code"),
                     basis(PIPL, "第23条", None, "primary", "pipl")]),
            finding("threat.intimidation", "illegal", "违法", "threat", "威胁恐吓",
                    "对方以言语或信息威胁、恐吓本人", [12, 20], 2,
                    [basis(PSL_2012, "第42条第（一）项", None, "primary",
                           "public_security_law_2012", applies="2025-12-28 的行为"),
                     basis(PSL, "第50条", None, "secondary", "public_security_law_2025",
                           applies="2026-01-20 的行为"),
                     basis(CRIMINAL, "第293条", None, "primary", "criminal_law")]),
            finding("call.reminder", "normal", "正常", "call", "电话",
                    "白天打电话催还款是正常的", [3], 20,
                    [basis("《网贷逾期发短信威胁吗》", None, None, "secondary", "article_sms")]),
        ],
        "flagged": [
            {"seq": 20, "at": "2025-12-28 21:05", "number": "106****0001",
             "text": "再不还钱就爆你通讯录，通知你全家和单位",
             "signals": [{"id": "threat.shame", "name": "威胁告诉本人的家人、同事",
                          "evidence": "爆你通讯录"}]},
            {"seq": 21, "at": "2026-01-19 08:40", "number": None,
             "text": "你这个老赖，明天上门找你",
             "signals": [{"id": "insult.fraudster", "name": "辱骂", "evidence": "老赖"},
                         {"id": "visit.threat", "name": "威胁上门", "evidence": "上门找你"}]},
        ],
        "evidence": [
            {"seq": 12, "kind": "attachment", "path": "screenshot_0120.png",
             "sha256": "3f" * 32, "size": 12345},
            {"seq": 20, "kind": "attachment", "path": "录音-1228.m4a", "sha256": "a1b2" * 16,
             "size": 1048576},
            {"seq": None, "kind": "export", "path": "calls-20260108.xml", "sha256": "9c" * 32,
             "size": 999},
        ],
        "journal": {"entries": 42, "head_hash": "5e" * 32, "verified": True,
                    "path": "/home/user/.local/share/overdue/journal.sqlite"},
        "user": {"name": None, "id_number": None, "phone": None},
        "redacted": False,
        "lender": None,
    }


def minimal_context(channel: str = "12378") -> dict[str, Any]:
    """An empty journal: nothing logged, no platform, no period."""
    return {
        "channel": channel, "today": "2026-11-22", "platform": None, "period": None,
        "tz": "Asia/Shanghai",
        "counts": {"entries": 0, "calls": 0, "answered": 0, "unanswered": 0, "messages": 0,
                   "night": 0, "third_party": 0, "flagged_messages": 0, "days": 0},
        "timeline": [], "findings": [], "flagged": [], "evidence": [],
        "journal": {"entries": 0, "head_hash": None, "verified": True, "path": None},
        "user": {"name": None, "id_number": None, "phone": None},
        "redacted": False, "lender": None,
    }


CASES = [(channel, fmt) for channel in CHANNELS for fmt in FORMATS]
PLACEHOLDERS = ("【姓名】", "【身份证号】", "【联系电话】")
MASKED_NUMBER = re.compile(r"\d*\*{2,}\d*")


def complained(context: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in context["findings"] if f["verdict"] in COMPLAINT_VERDICTS]


def assert_tidy(text: str) -> None:
    assert text.endswith("\n") and not text.endswith("\n\n")
    for number, line in enumerate(text.split("\n"), 1):
        assert line == line.rstrip(), f"trailing space on line {number}: {line!r}"


def assert_no_markdown(text: str) -> None:
    """Plain text must read cleanly where Markdown is not rendered."""
    for line in text.splitlines():
        stripped = MASKED_NUMBER.sub("", line)  # 170****5678 is a masked number, not bold
        assert not line.lstrip().startswith(("#", ">", "- ", "* ", "+ ")), line
        assert "**" not in stripped, line
        assert "|" not in line, line
        assert "`" not in line, line
        assert "\\" not in line, line


# ---------------------------------------------------------------------------
# Every channel in every format


@pytest.mark.parametrize(("channel", "fmt"), CASES)
def test_full_draft_has_the_facts_rules_evidence_and_placeholders(channel: str, fmt: str) -> None:
    context = full_context(channel)
    text = render_complaint(context, channel, fmt)
    assert "草稿" in text and "不会自动发送" in text and "核对" in text
    assert "某某借" in text
    for item in context["timeline"]:
        assert item["at"] in text
    for finding in complained(context):
        assert finding["rule_id"] in text
        for source in finding["basis"]:
            assert source["title"] in text
    for item in context["evidence"]:
        assert item["sha256"] in text
    assert context["journal"]["head_hash"] in text
    for placeholder in PLACEHOLDERS:
        assert placeholder in text
    for message in context["flagged"]:
        assert message["text"] in text
    assert_tidy(text)
    if fmt == "text":
        assert_no_markdown(text)
    else:
        assert "\n## " in text


@pytest.mark.parametrize(("channel", "fmt"), CASES)
def test_draft_notice_comes_before_the_letter(channel: str, fmt: str) -> None:
    text = render_complaint(full_context(channel), channel, fmt)
    assert text.index("不会自动发送") < text.index("一、")
    assert text.index("草稿说明") < 200


@pytest.mark.parametrize(("channel", "fmt"), CASES)
def test_empty_journal_renders_sensible_lines(channel: str, fmt: str) -> None:
    text = render_complaint(minimal_context(channel), channel, fmt)
    assert "【平台名称】" in text
    assert "证据日志中没有" in text
    assert "没有登记附件" in text
    assert "认定违规事项" in text
    assert "None" not in text
    assert "共 0 条" not in text
    for placeholder in PLACEHOLDERS:
        assert placeholder in text
    assert_tidy(text)
    if fmt == "text":
        assert_no_markdown(text)


@pytest.mark.parametrize("channel", CHANNELS)
def test_normal_findings_are_not_complained_about(channel: str) -> None:
    text = render_complaint(full_context(channel), channel)
    assert "call.reminder" not in text
    assert "白天打电话催还款是正常的" not in text
    assert "《网贷逾期发短信威胁吗》" not in text


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_a_missing_top_level_key_raises(key: str) -> None:
    context = full_context()
    del context[key]
    with pytest.raises(jinja2.UndefinedError, match=key):
        render_complaint(context, "12378")


@pytest.mark.parametrize(("path", "channel"), [
    (("counts", "night"), "12378"),
    (("timeline", 0, "at"), "12321"),
    (("findings", 0, "basis", 0, "title"), "nifa"),
    (("evidence", 1, "sha256"), "police"),
    (("flagged", 0, "signals", 0, "name"), "platform"),
    (("journal", "verified"), "12363"),
    (("user", "id_number"), "12378"),
    (("period", "end"), "12321"),
])
def test_a_missing_nested_key_raises(path: tuple[Any, ...], channel: str) -> None:
    context = full_context(channel)
    holder: Any = context
    for step in path[:-1]:
        holder = holder[step]
    del holder[path[-1]]
    with pytest.raises(jinja2.UndefinedError):
        render_complaint(context, channel)


def test_unknown_channel_format_or_mismatched_context_is_refused() -> None:
    with pytest.raises(ValueError, match="channel"):
        render_complaint(full_context(), "12315")
    with pytest.raises(ValueError, match="format"):
        render_complaint(full_context(), "12378", "html")
    with pytest.raises(ValueError, match="built for"):
        render_complaint(full_context("12321"), "12378")
    with pytest.raises(ValueError):
        channel_info("weibo")


def test_context_without_channel_key_is_accepted() -> None:
    context = full_context()
    del context["channel"]
    assert "投诉书" in render_complaint(context, "12378")


# ---------------------------------------------------------------------------
# Channel-specific content


@pytest.mark.parametrize("channel", CHANNELS)
def test_channel_info_is_complete_and_a_private_copy(channel: str) -> None:
    info = channel_info(channel)
    for key in CHANNEL_KEYS:
        assert info[key], key
    assert all(ask["text"] for ask in info["asks"])
    info["asks"].clear()
    assert channel_info(channel)["asks"]


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_channel_contact_is_in_the_draft(channel: str) -> None:
    text = render_complaint(full_context(channel), channel)
    for way in channel_info(channel)["contact"]:
        assert way in text


def test_only_legal_md_deadlines_appear() -> None:
    """20 days (征信条例第25条), 30 days (第26条) and 15 days (the banking complaint rules,
    §23.2, secondary) are the only deadlines legal.md gives, each asked only where it
    applies: a credit-report finding, a bank or consumer-finance lender."""
    for channel in CHANNELS:
        context = full_context(channel)
        context["counts"].update(credit_report=1, bank_rules=1)
        text = render_complaint(context, channel)
        deadlines = set(re.findall(r"(\d+)日内", text))
        allowed = {"12363": {"20", "30"}, "platform": {"20", "15"}}.get(channel, set())
        assert deadlines == allowed, channel
        context["counts"].update(credit_report=0, bank_rules=0)
        plain = set(re.findall(r"(\d+)日内", render_complaint(context, channel)))
        assert plain == ({"20", "30"} if channel == "12363" else set()), channel
    pboc = render_complaint(full_context("12363"), "12363")
    assert "第26条" in pboc and "自受理之日起30日内书面答复" in pboc
    assert "第25条" in pboc and "20日内" in pboc


def test_asks_tied_to_counts_show_only_when_the_count_is_nonzero() -> None:
    context = full_context()
    with_night = render_complaint(context, "12378")
    context["counts"]["night"] = 0
    context["counts"]["third_party"] = 0
    without = render_complaint(context, "12378")
    assert "不得在22:00至次日8:00之间联系本人" in with_night
    assert "不得在22:00至次日8:00之间联系本人" not in without
    assert "停止联系本人的亲友" in with_night and "停止联系本人的亲友" not in without
    assert "1. 责令被投诉机构" in without and "3. 将调查处理结果书面答复本人。" in without
    # asks that need a finding of their kind (legal review: no request without facts)
    assert "征信" not in without.split("## 六、投诉请求")[1].split("## 七")[0]
    context["counts"]["credit_report"] = 1
    assert "督促其依法核查更正" in render_complaint(context, "12378")
    police = full_context("police")
    assert "冒充国家机关工作人员" not in render_complaint(police, "police")
    police["counts"]["impersonation"] = 1
    assert "冒充国家机关工作人员" in render_complaint(police, "police")


def test_police_draft_urges_110_first_and_leaves_conclusions_to_the_police() -> None:
    for fmt in FORMATS:
        text = render_complaint(full_context("police"), "police", fmt)
        first = text.splitlines()[0]
        assert "110" in first and "立即" in first
        assert "96110" in text
        assert "可能涉及" in text and "依法认定" in text
        assert "（违法）" not in text and "（违规）" not in text


def test_12321_lists_each_number_with_its_times() -> None:
    text = render_complaint(full_context("12321"), "12321", "text")
    assert "170****5678：本稿列出 2 条记录（2026-01-08 14:02 至 2026-01-20 22:40）" in text
    assert "171****2233：本稿列出 1 条记录（2026-01-12 10:30）" in text
    numbers = text.split("二、被举报号码")[1].split("三、")[0]
    assert "2026-01-12 18:05" not in numbers  # the user's own call back is not reported


def test_timeline_cross_references_the_rules_it_falls_under() -> None:
    text = render_complaint(full_context(), "12378", "text")
    assert ("〔日志第 12 条；涉及：对方在22:00至次日8:00之间联系本人催收；"
            "对方以言语或信息威胁、恐吓本人〕") in text
    assert "〔日志第 10 条〕" in text
    assert "（本人发起）" in text and "（自称王经理）" in text
    assert "以下列出其中 5 条，完整记录见证据日志。" in text


# ---------------------------------------------------------------------------
# Counts that match the entries cited, the law in force then, the lender


def test_a_count_lists_exactly_that_many_entries_or_says_how_many_it_lists() -> None:
    """The old drafts said "共 2 次，见日志第 9 条" and "共 5 次，见日志第 12、15 条"."""
    context = full_context()
    context["findings"][2]["count"] = 2  # two disclosures, one of them listed
    text = render_complaint(context, "12378", "text")
    assert "共 2 次，见日志第 9 条" not in text
    assert "共 2 次（列举其中 1 次：日志第 9 条；其余见证据日志）" in text
    assert "共 3 次（列举其中 2 次：日志第 12、15 条；其余见证据日志）" in text
    assert "共 2 次，见日志第 12、20 条" in text
    assert_counts_match(text)


def test_a_per_day_limit_names_the_platform_and_each_number() -> None:
    for fmt in FORMATS:
        text = render_complaint(full_context(), "12378", fmt)
        code = "`" if fmt == "markdown" else ""
        assert (f"2026-01-08 某某借 共 9 次未接通（号码 {code}170****5678{code} 6 次、"
                f"号码 {code}171****2233{code} 3 次）") in text
        assert "以上共 9 次，见日志第 7、30、31、32、33、34、35、36、37 条" in text


def test_an_untagged_number_is_counted_alone_and_says_so() -> None:
    context = full_context()
    context["findings"][1]["days"] = [{
        "date": "2026-01-08", "platform": None, "by_number": True, "number": "170****5678",
        "kind": "unanswered", "count": 9,
        "numbers": [{"number": "170****5678", "count": 9}]}]
    text = render_complaint(context, "12378", "text")
    assert ("2026-01-08 号码 170****5678 共 9 次未接通（这些记录没有标注借款平台，"
            "只按这一个号码计数）") in text


def test_a_citation_in_force_for_part_of_the_time_says_for_which_days() -> None:
    text = render_complaint(full_context(), "12378", "text")
    assert f"依据（2025-12-28 的行为）：{PSL_2012}第42条第（一）项" in text
    assert f"依据（2026-01-20 的行为）：{PSL}第50条" in text
    assert f"依据：{CRIMINAL}第293条" in text
    police = render_complaint(full_context("police"), "police", "text")
    assert f"可能涉及（2025-12-28 的行为）：{PSL_2012}" in police


def lender(fits: bool, lender_id: str = "small_loan",
           name: str = "小额贷款公司（含网络小贷）") -> dict[str, Any]:
    return {"id": lender_id, "name": name, "note": None, "given": "journal", "fits": fits,
            "channels": [{"id": "platform", "name": "借款平台的官方客服"},
                         {"id": "local_regulator",
                          "name": "小额贷款公司注册地所在省份的地方金融管理机构"}]}


def test_a_channel_that_may_not_take_the_lender_says_so_and_names_the_right_one() -> None:
    context = full_context()
    context["lender"] = lender(fits=False)
    text = render_complaint(context, "12378", "text")
    notice = text.split("以下为正文")[0]
    assert "这个渠道可能不受理" in notice
    assert "小额贷款公司注册地所在省份的地方金融管理机构" in notice
    assert "放款机构类型：小额贷款公司（含网络小贷）（本人登记" in text
    context["lender"] = lender(fits=True)
    fits = render_complaint(context, "12378", "text")
    assert "可能不受理针对这类机构" not in fits and "适合这类机构的投诉渠道依次是" in fits


def test_the_local_regulator_draft_leaves_the_regulator_to_the_user() -> None:
    text = render_complaint(full_context("local_regulator"), "local_regulator", "text")
    assert "【地方金融管理机构全称】" in text and "【省份】" in text
    assert "《小额贷款公司监督管理暂行办法》" in text and "条款号以官方文本为准" in text
    assert "12378" in text.split("以下为正文")[0]  # only in the notice: it may not take these
    assert "12378" not in text.split("以下为正文")[1]


def test_user_details_replace_placeholders_when_given() -> None:
    context = full_context()
    context["user"] = {"name": "张三", "id_number": "110101199001011234", "phone": "13800000000"}
    text = render_complaint(context, "12378", "text")
    assert "姓名：张三" in text and "投诉人：张三（签名）" in text
    assert "【姓名】" not in text and "【身份证号】" not in text and "【联系电话】" not in text


def test_markdown_escapes_user_text_and_plain_text_keeps_it() -> None:
    context = full_context()
    context["timeline"][0]["summary"] = "短信里写着 *立即* 还款_否则\n上门 [链接]"
    markdown = render_complaint(context, "12378", "markdown")
    text = render_complaint(context, "12378", "text")
    assert r"\*立即\* 还款\_否则 上门 \[链接\]" in markdown
    assert "*立即* 还款_否则 上门 [链接]" in text


def test_journal_path_stays_out_of_the_letter_and_out_when_redacted() -> None:
    context = full_context()
    path = context["journal"]["path"]
    text = render_complaint(context, "12378", "text")
    notice, letter = text.split("以下为正文", 1)
    assert path in notice and path not in letter
    context["redacted"] = True
    redacted = render_complaint(context, "12378", "text")
    assert path not in redacted and "已做遮盖" in redacted


def test_failed_integrity_check_is_flagged() -> None:
    context = full_context()
    context["journal"]["verified"] = False
    text = render_complaint(context, "12378", "text")
    assert "完整性校验没有通过" in text and "完整性校验未通过" in text


def test_secondary_sources_carry_a_caution() -> None:
    text = render_complaint(full_context(), "12378", "text")
    line = next(ln for ln in text.splitlines() if "5.3 业务管理" in ln)
    assert "据公开报道转述" in line
    civil = next(ln for ln in text.splitlines() if f"{CIVIL}第1033条" in ln)
    assert "据公开报道转述" not in civil


# ---------------------------------------------------------------------------
# Packaging, start-up cost, and the guard against invented numbers


def test_templates_are_package_data() -> None:
    for channel in CHANNELS:
        assert (TEMPLATES / f"{channel}.j2").is_file()
    assert (TEMPLATES / "channels.yaml").is_file()


def test_importing_the_renderer_loads_neither_jinja2_nor_yaml() -> None:
    probe = ("import json, sys; import overdue_cli.journal.complaint_render as r; "
             "r.CHANNELS; print(json.dumps(sorted(m for m in ('jinja2', 'yaml') "
             "if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []


def template_files() -> list[Any]:
    return sorted((f for f in TEMPLATES.iterdir() if f.name.endswith((".j2", ".yaml"))),
                  key=lambda f: f.name)


# Digit runs that are not numbers a reader could dial or rely on: the hash's name
# in the text and the context key that holds it.
NOT_NUMBERS = ("SHA-256", "sha256")
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./_\-]+")


ALLOWED = Path(__file__).parents[1] / "data" / "complaint_numbers.txt"
"""The numbers and addresses the templates may print: checked against legal.md where
it is available, and kept in the repository so the guard also runs where it is not."""


def allowed() -> set[str]:
    lines = ALLOWED.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_every_number_and_url_in_the_templates_is_allowed() -> None:
    permitted = allowed()
    files = template_files()
    assert len(files) >= len(CHANNELS) + 1
    for file in files:
        source = file.read_text(encoding="utf-8")
        for token in NOT_NUMBERS:
            source = source.replace(token, "")
        urls = [url.rstrip("./") for url in URL.findall(source)]
        for url in urls:
            assert url in permitted, f"{file.name}: URL {url} is not in {ALLOWED.name}"
        digits = set(re.findall(r"\d{3,}", URL.sub("", source)))
        for run in sorted(digits):
            assert run in permitted, f"{file.name}: number {run} is not in {ALLOWED.name}"


def test_every_allowed_number_is_in_legal_md() -> None:
    if not LEGAL.exists():
        pytest.skip("legal.md is not beside the repository here; the allowed list is "
                    "still enforced by the test above")
    legal = LEGAL.read_text(encoding="utf-8")
    for item in sorted(allowed()):
        assert item in legal, f"{ALLOWED.name}: {item} is not in legal.md"


# ---------------------------------------------------------------------------
# Goldens: one Markdown draft per channel, read by a person before it changes


def update_golden(request: pytest.FixtureRequest) -> bool:
    return os.environ.get("UPDATE_GOLDEN") == "1" or bool(
        request.config.getoption("--update-golden", default=False))


def test_fixture_is_not_shared_between_tests() -> None:
    """full_context() builds a fresh dict, so tests that edit it cannot leak."""
    first = full_context()
    first["counts"]["night"] = 99
    assert full_context()["counts"]["night"] == 3
    assert copy.deepcopy(full_context()) == full_context()


COUNT_LISTED = re.compile(r"共 (\d+) 次，见日志第 ([\d、]+) 条")
COUNT_SOME = re.compile(r"共 (\d+) 次（列举其中 (\d+) 次：日志第 ([\d、]+) 条")
PER_NUMBER = re.compile(r"共 (\d+) 次(?:未接通|接通)（((?:号码 \S+ \d+ 次|未记录号码 \d+ 次)"
                        r"(?:、(?:号码 \S+ \d+ 次|未记录号码 \d+ 次))*)）")


def assert_counts_match(text: str) -> None:
    """Every "共 N 次" lists N entries, or says it lists K of them and lists K; a day's
    per-number shares add up to the day's count."""
    for count, listed in COUNT_LISTED.findall(text):
        assert len(listed.split("、")) == int(count), (count, listed)
    for count, some, listed in COUNT_SOME.findall(text):
        assert len(listed.split("、")) == int(some) < int(count), (count, some, listed)
    for count, parts in PER_NUMBER.findall(text):
        assert sum(int(n) for n in re.findall(r"(\d+) 次", parts)) == int(count), parts


# ---------------------------------------------------------------------------
# Goldens from a real journal: what the complaint command prints for it


GOLDEN_NOW = datetime(2026, 1, 22, 12, 0, tzinfo=CHINA_TZ)
GOLDEN_PATH = "/home/user/.local/share/overdue/journal.sqlite3"


def _at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    year = 2025 if month == 12 else 2026
    return datetime(year, month, day, hour, minute, tzinfo=CHINA_TZ)


def fill_golden_journal(j: Journal) -> None:
    """A consumer-finance loan from 某某借, across the change of the public-security
    law on 2026-01-01: a threat before and one after it, nine unanswered calls in a day
    from two numbers (six and three: neither number alone is over the limit, the
    platform is), a night call, a call to the borrower's mother about the debt, an
    arrest bluff beside the threats, a reminder, the user's own call back, and an entry
    on another platform that the draft leaves out."""
    manual = Source("manual")

    def add(event: Event) -> None:
        j.append(event, tz="Asia/Shanghai", now=GOLDEN_NOW)

    add(Event("call", "in", _at(12, 20, 10, 15), manual, number="17012345678", platform="某某借",
              outcome="answered", duration_s=120, note="催我还款，语气还算正常"))
    add(Event("sms", "in", _at(12, 28, 9, 30), manual, number="10690000123", platform="某某借",
              text="【某某借】您的借款已逾期，请尽快还款。"))
    add(Event("sms", "in", _at(12, 28, 21, 5), manual, number="17012345678", platform="某某借",
              text="明天上门找你，让你全家不得安宁"))
    add(Event("sms", "in", _at(1, 5, 11, 0), manual, number="17012345678", platform="某某借",
              text="你这个老赖，再不还钱让你全家不得安宁"))
    calls = [Event("call", "in", _at(1, 8, 9 + i, 5), Source("import", "calls-20260108.xml",
                                                            "9c" * 32, f"record {i}", "calls-xml"),
                   number="17055556666", platform="某某借", outcome="missed", kind="call")
             for i in range(6)]
    calls += [Event("call", "in", _at(1, 8, 9 + i, 35), Source("import", "calls-20260108.xml",
                                                              "9c" * 32, f"record {6 + i}",
                                                              "calls-xml"),
                    number="17122223333", platform="某某借", outcome="missed", kind="call")
              for i in range(3)]
    j.import_events("calls-20260108.xml", "9c" * 32, 4321, "calls-xml", iter(calls),
                    tz="Asia/Shanghai", now=GOLDEN_NOW)
    add(Event("call", "in", _at(1, 8, 22, 40), manual, number="17012345678", name="自称王经理",
              platform="某某借", outcome="answered", duration_s=180, note="骂人，说要找我单位",
              attachments=(Attachment("/home/user/证据/screenshot_0108.png", "3f" * 32,
                                      12345),)))
    add(Event("disclosure", "in", _at(1, 10, 16, 30), manual, number="17012345678",
              platform="某某借", third_party=True,
              note="催收打电话给我妈（她的号码 13800001111），说我欠钱不还"))
    add(Event("call", "out", _at(1, 12, 18, 5), manual, number="17012345678", platform="某某借",
              outcome="answered", duration_s=60, note="本人回拨，要求停止联系家人"))
    add(Event("sms", "in", _at(1, 15, 10, 0), manual, number="17012345678", platform="某某借",
              text="再不还款就抓你坐牢"))
    add(Event("sms", "in", _at(1, 16, 11, 0), manual, number="95500", platform="别的贷",
              text="您的账单已出"))
    j.set_lender("某某借", "consumer_finance", now=GOLDEN_NOW)


@pytest.fixture(scope="module")
def golden_journal(tmp_path_factory: pytest.TempPathFactory, book: Rulebook) -> Journal:
    j = Journal.open(tmp_path_factory.mktemp("golden") / "journal.sqlite3")
    fill_golden_journal(j)
    analyse(j, book, jobs=1)
    yield j
    j.close()


def golden_context(journal: Journal, book: Rulebook, channel: str) -> dict[str, Any]:
    rep = build(journal, book, Filter(platform="某某借"), now=GOLDEN_NOW)
    context = build_context(journal, book, rep, channel, today=GOLDEN_NOW.date())
    context["journal"]["path"] = GOLDEN_PATH  # the only change: the test's folder is random
    return context


@pytest.mark.parametrize("channel", CHANNELS)
def test_golden_markdown(channel: str, golden_journal: Journal, book: Rulebook,
                         request: pytest.FixtureRequest) -> None:
    actual = render_complaint(golden_context(golden_journal, book, channel), channel,
                              "markdown")
    path = GOLDEN / f"complaint_{channel}.md"
    if update_golden(request):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing {path.name}; run UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("channel", CHANNELS)
def test_real_drafts_count_what_they_cite(channel: str, golden_journal: Journal,
                                          book: Rulebook) -> None:
    for fmt in FORMATS:
        assert_counts_match(render_complaint(golden_context(golden_journal, book, channel),
                                             channel, fmt).replace("`", ""))


def test_real_draft_pleads_the_facts_the_journal_holds(golden_journal: Journal,
                                                       book: Rulebook) -> None:
    context = golden_context(golden_journal, book, "12378")
    text = render_complaint(context, "12378", "text")
    rules = [f["rule_id"] for f in context["findings"]]
    # two numbers, one platform, one day: the platform is over the limit
    assert "call.too_many_attempts" in rules
    assert ("2026-01-08 某某借 共 9 次未接通（号码 17055556666 6 次、号码 17122223333 3 次）"
            in text)
    # threats are threats: nothing was sent to the address book, nothing was forged
    assert "address_book.mass_contact" not in rules and "第253条之一" not in text
    assert "第280条" not in text
    # one allegation per set of facts: the bluff beside threats is pleaded once
    assert len([r for r in rules if r.startswith("fake_legal.")]) <= 1
    # the threat before 2026 is judged by the 2012 law, the one after by the 2025 law
    threat = next(f for f in context["findings"] if f["rule_id"] == "threat.intimidation")
    applies = {b["source_id"]: b["applies"] for b in threat["basis"]}
    assert applies["public_security_law_2012"] == "2025-12-28 的行为"
    assert applies["public_security_law_2025"].startswith("2026-01-05")
    # the disclosure on 2026-01-10 cites the 2025 text only
    disclosure = next(f for f in context["findings"]
                      if f["rule_id"] == "disclosure.third_parties")
    sources = {b["source_id"] for b in disclosure["basis"]}
    assert "public_security_law_2025" in sources and "public_security_law_2012" not in sources
    # the other platform's entry stays out
    assert "别的贷" not in text and "95500" not in text
    assert context["lender"]["id"] == "consumer_finance" and context["lender"]["fits"]
