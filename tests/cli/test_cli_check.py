"""`overdue check` end to end: JSON contract, languages, exit codes, interview."""

from __future__ import annotations

import json

import pytest

from ..conftest import assert_one_line_error, mock_env, run

ISSUE_ORDER = ["--days", "12", "--method", "爆通讯录", "--method", "call", "--hour", "23"]


def test_issue_example_json(validator) -> None:
    result = run("check", *ISSUE_ORDER, "--json")
    assert result.code == 0, result.stderr
    doc = result.json
    validator("check.schema.json", doc)
    assert doc["command"] == "check" and doc["schema_version"] == 1
    assert [f["method"] for f in doc["findings"]] == ["address_book", "call"]
    illegal = [f for f in doc["findings"] if f["verdict"] == "illegal"]
    assert [f["rule_id"] for f in illegal] == ["address_book.mass_contact"]
    assert doc["findings"][1]["rule_id"] == "contact.quiet_hours"
    assert doc["verdict"] == "illegal"
    assert doc["situation"]["method_input"] == ["爆通讯录", "call"]
    assert doc["stage"]["id"] == "early"
    assert all(f["basis"] and f["next_steps"] for f in doc["findings"])
    assert result.stderr == ""


def test_contacts_and_sms_at_45_days(validator) -> None:
    doc = run("check", "--days", "45", "--method", "contacts", "--method", "sms", "--json").json
    validator("check.schema.json", doc)
    assert [(f["method"], f["verdict"]) for f in doc["findings"]] == [
        ("contacts", "violation"), ("sms", "normal")]
    assert doc["stage"]["id"] == "mid"
    assert "contacts" not in doc["stage"]["normal_methods"]
    ids = [s["id"] for s in doc["next_steps"]]
    assert ids[0] == "keep_evidence" and len(ids) == len(set(ids))


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_three_languages_same_ids_localised_text(lang: str, validator) -> None:
    base = run("check", *ISSUE_ORDER, "--json").json
    doc = run("check", *ISSUE_ORDER, "--json", "--lang", lang).json
    validator("check.schema.json", doc)
    assert doc["lang"] == lang

    def ids(d):
        return ([(f["method"], f["verdict"], f["rule_id"], f["rule_ids"],
                  [b["source_id"] for b in f["basis"]]) for f in d["findings"]],
                [s["id"] for s in d["next_steps"]], d["stage"]["id"], d["verdict"])

    assert ids(doc) == ids(base)
    title = doc["findings"][0]["title"]
    if lang == "en":
        assert title.isascii()
    elif lang == "zh-Hant":
        assert "違法" in title and "通訊錄" in title
    else:
        assert "违法" in title and "通讯录" in title


def test_language_from_environment() -> None:
    doc = run("check", "--days", "3", "--method", "sms", "--json", env={"OVERDUE_LANG": "en"}).json
    assert doc["lang"] == "en"


def test_human_report_has_every_part() -> None:
    result = run("check", "--days", "45", "--method", "contacts", "--method", "sms",
                 "--platform", "某某借[bold]")
    assert result.code == 0
    out = result.stdout
    for part in ("逾期31–90天", "联系你的紧急联系人或熟人", "[违规]", "为什么", "依据",
                 "什么情况下结论会变", "下一步怎么做", "某某借[bold]", "不构成法律意见"):
        assert part in out, part
    assert "\x1b[" not in out  # no colour codes when stdout is not a terminal


@pytest.mark.parametrize(("threshold", "code"), [("illegal", 1), ("violation", 1),
                                                 ("suspicious", 1), ("normal", 1)])
def test_fail_on_trips(threshold: str, code: int) -> None:
    result = run("check", *ISSUE_ORDER, "--json", "--fail-on", threshold)
    assert result.code == code
    assert result.json["verdict"] == "illegal"  # the report is still printed


def test_fail_on_not_tripped() -> None:
    assert run("check", "--days", "3", "--method", "sms", "--fail-on", "limited").code == 0


def test_days_alone_reports_the_stage(validator) -> None:
    doc = run("check", "--days", "2000", "--json").json
    validator("check.schema.json", doc)
    assert doc["findings"] == [] and doc["stage"]["id"] == "limitation"
    assert doc["verdict"] is None
    assert run("check", "--days", "2000", "--fail-on", "normal").code == 0
    assert "limitation_defence" in [s["id"] for s in doc["next_steps"]]


def test_duplicate_method_is_kept_once_with_a_note() -> None:
    result = run("check", "--days", "3", "--method", "call", "--method", "电话", "--json")
    assert result.code == 0
    assert result.json["situation"]["methods"] == ["call"]
    assert result.json["situation"]["method_input"] == ["call", "电话"]
    assert "是同一种方式" in result.stderr


@pytest.mark.parametrize("args", [
    ["--days", "-1"], ["--days", "abc"], ["--days", "1.5"], ["--days", "3", "--hour", "24"],
    ["--days", "3", "--hour", "x"], ["--days", "3", "--method", "contact"],
    ["--days", "3", "--calls-per-day", "-2"], ["--days", "3", "--fail-on", "ilegal"],
    ["--days", "3", "--lang", "fr"], ["--method", "sms"], ["--dayz", "3"], ["--days"],
])
def test_bad_input_is_one_line_exit_2(args: list[str]) -> None:
    assert_one_line_error(run("check", *args), 2)


def test_unknown_method_names_the_closest() -> None:
    line = assert_one_line_error(run("check", "--days", "3", "--method", "adress_book"), 2)
    assert "address_book" in line


def test_no_flags_and_no_terminal_is_usage_error() -> None:
    line = assert_one_line_error(run("check", input=""), 2)
    assert "--days" in line


def test_interview_through_the_cli_runner(validator) -> None:
    terminal = mock_env(stdin_isatty=True, stdout_isatty=True)
    # days, methods (by number and by alias), the call's follow-up (none), hour, calls,
    # attempts, unreachable, platform and lender (both skipped)
    answers = "abc\n45\n2 爆通讯录 contacts\n\n23\n5\n\n否\n\n\n"
    result = run("check", "--json", input=answers, env=terminal)
    assert result.code == 0, result.stderr
    doc = result.json  # prompts went to stderr, stdout is pure JSON
    validator("check.schema.json", doc)
    s = doc["situation"]
    assert (s["days_overdue"], s["methods"], s["hour"], s["calls_per_day"],
            s["attempts_per_day"], s["unreachable"]) == (
        45, ["call", "address_book", "contacts"], 23, 5, None, False)
    assert "逾期多少天" in result.stderr and "没看懂" in result.stderr


def test_interview_matches_the_flags() -> None:
    flags = run("check", "--days", "45", "--method", "contacts", "--unreachable", "--json").json
    asked = run("check", "-i", "--json", input="45\n8\n\n是\n\n\n").json
    assert asked["findings"] == flags["findings"]
    assert asked["findings"][0]["verdict"] == "limited"


def test_interview_in_english_and_input_ending_early() -> None:
    result = run("check", "-i", "--lang", "en", input="10\n")
    assert result.code == 2
    assert "How many days overdue" in result.stderr
    assert "not understood" not in result.stderr  # stops at once, no re-asking
    assert result.stderr.strip().splitlines()[-1].startswith("overdue: error: ")


def test_json_output_is_identical_every_time() -> None:
    assert run("check", *ISSUE_ORDER, "--json").stdout == run("check", *ISSUE_ORDER,
                                                                "--json").stdout


def test_version_and_module_entry() -> None:
    import subprocess
    import sys

    from overdue_cli import __version__

    assert run("--version").stdout.strip() == f"overdue {__version__}"
    proc = subprocess.run([sys.executable, "-m", "overdue_cli", "--version"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_after_three_years_negotiation_advice_warns_about_the_limitation_defence() -> None:
    doc = run("check", "--days", "1200", "--method", "call", "--json", "--lang", "en").json
    steps = {s["id"]: s["text"] for s in doc["next_steps"]}
    assert "limitation_defence" in steps
    assert "lawyer" in steps["negotiate"] and "three years" in steps["negotiate"]


def test_platform_name_cannot_inject_terminal_escapes() -> None:
    result = run("check", "--days", "3", "--method", "sms", "--platform", "借\x1b[2J款\n")
    assert "\x1b" not in result.stdout
    assert "借\\x1b[2J款\\n" in result.stdout
    doc = run("check", "--days", "3", "--platform", "借\x1b款", "--json").json
    assert doc["situation"]["platform"] == "借\x1b款"  # kept exactly in JSON


def test_variables_come_from_the_environment_handed_in(tmp_path) -> None:
    """$OVERDUE_LANG and $OVERDUE_DB are read once, by the Environment main() is given,
    not by the core: a mock Environment's variables win over the process's."""
    db = tmp_path / "handed.sqlite3"
    env = mock_env(environ={"OVERDUE_LANG": "en", "OVERDUE_DB": str(db)})
    r = run("explain", "contacts", "--json", env=env)
    assert r.code == 0 and json.loads(r.stdout)["lang"] == "en"
    r = run("log", "add", "--method", "call", "--at", "2026-11-20 22:40", "--json", env=env)
    assert r.code == 0 and db.is_file(), r.stderr


def test_numbers_as_people_write_them() -> None:
    """四十五天, 晚上11点, 五六个 mean what 45, 23 and 5 mean (issue 13: answers as given)."""
    said = run("check", "--days", "四十五天", "-m", "call", "--hour", "晚上11点",
               "--calls-per-day", "五六个", "--json")
    plain = run("check", "--days", "45", "-m", "call", "--hour", "23",
                "--calls-per-day", "5", "--json")
    assert said.code == plain.code == 0
    assert json.loads(said.stdout)["situation"] == json.loads(plain.stdout)["situation"]
    assert said.stdout == plain.stdout


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_an_interviewed_report_never_tells_the_user_to_add_a_flag(lang: str) -> None:
    """The flags user reads "add --unreachable and check again" and "give --last-due";
    the interview asked those questions, so its report names no flag at all."""
    import re

    terminal = mock_env(stdin_isatty=True, stdout_isatty=True)
    # 1500 days; a lawsuit, calls to contacts, threats of arrest; reachable; no platform,
    # no lender, no dates
    answers = "1500\n17 8 21\n\n否\n\n\n\n\n"
    flags = run("check", "-d", "1500", "-m", "lawsuit", "-m", "contacts", "-m", "fake_legal",
                "--lang", lang)
    assert re.search(r"--[a-z]", flags.stdout)  # what the interview must not say
    asked = run("check", "--lang", lang, input=answers, env=terminal)
    assert asked.code == 0, asked.stderr
    assert not re.search(r"--[a-z]", asked.stdout), asked.stdout
    doc = run("check", "-i", "--json", "--lang", lang, input=answers, env=terminal).json
    assert not re.search(r"--[a-z]", json.dumps(doc, ensure_ascii=False))
    assert doc["situation"]["methods"] == ["lawsuit", "contacts", "fake_legal"]


def test_interview_with_flags_given_asks_only_the_rest() -> None:
    terminal = mock_env(stdin_isatty=True, stdout_isatty=True)
    r = run("check", "-i", "--platform", "某某借", "--lender", "小贷", "--json",
            input="四十五天\n短信 电话 通讯录\n1\n\n\n晚上11点\n五六个\n\n否\n", env=terminal)
    assert r.code == 0, r.stderr
    s = r.json["situation"]
    assert (s["days_overdue"], s["methods"], s["hour"], s["calls_per_day"]) == (
        45, ["sms", "call", "contacts"], 23, 5)
    assert s["platform"] == "某某借" and s["lender"] == "small_loan"
    assert "平台叫什么" not in r.stderr and "谁借给你" not in r.stderr


def test_a_call_to_my_mother_is_judged_as_contacting_a_third_party() -> None:
    """Issue 13: `-m 打电话给我妈` was offered `call` (normal); it means contacts."""
    result = run("check", "--days", "30", "-m", "打电话给我妈", "--json")
    assert result.code == 0, result.stderr
    assert [f["method"] for f in result.json["findings"]] == ["contacts"]
    assert result.json["findings"][0]["verdict"] == "violation"
    assert "按“联系你的紧急联系人或熟人”（contacts）理解" in result.stderr


def test_an_unclear_phrase_names_both_readings() -> None:
    line = assert_one_line_error(run("check", "--days", "30", "-m", "打电话说要来我家"), 2)
    assert "visit" in line and "call" in line


def test_the_same_method_in_two_words_says_so_plainly() -> None:
    result = run("check", "--days", "3", "-m", "短信", "-m", "sms", "--json")
    assert result.code == 0
    assert "“sms”和“短信”是同一种方式（短信）" in result.stderr
    assert "'sms' is the same method as 'sms'" not in result.stderr
def test_the_report_opens_with_the_answer() -> None:
    """Issue 13: what is illegal, what breaks the rules and what to do now come first,
    before the situation and the per-method detail; every next step is on the page."""
    r = run("check", "--days", "12", "-m", "爆通讯录", "-m", "call", "--hour", "23")
    doc = run("check", "--days", "12", "-m", "爆通讯录", "-m", "call", "--hour", "23",
              "--json").json
    out = r.stdout
    assert r.code == 0
    top = out[:out.index("网贷逾期维权助手：催收行为检查")]
    assert "违法：群发你的手机通讯录（爆通讯录）" in top
    assert "违规" in top and "电话" in top and "现在就做" in top
    first = doc["next_steps"][0]["text"][:10]
    assert first in top
    for step in doc["next_steps"]:  # every step, none left to --json
        assert step["text"][:12] in out[out.index("\n下一步怎么做\n"):], step["id"]
    assert "--json 可看到全部" not in out


def test_brief_prints_the_summary_alone(validator) -> None:
    args = ["check", "--days", "12", "-m", "爆通讯录", "-m", "call", "--hour", "23"]
    brief = run(*args, "--brief")
    full = run(*args)
    assert brief.code == 0 and brief.stdout.strip()
    assert full.stdout.startswith(brief.stdout.split("\n", 1)[0])
    assert "为什么：" not in brief.stdout and "依据：" not in brief.stdout  # no detail
    assert "网贷逾期维权助手：催收行为检查" not in brief.stdout
    assert "去掉 --brief" in brief.stdout and "不构成法律意见" in brief.stdout
    doc = run(*args, "--brief", "--json").json  # the JSON is whole either way
    validator("check.schema.json", doc)
    assert doc["findings"] and doc["summary"]["illegal"] == ["address_book"]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_json_carries_the_summary(lang: str, validator) -> None:
    doc = run("check", "--days", "120", "-m", "坐牢", "-m", "fee_request", "-m", "sms",
              "--lang", lang, "--json").json
    validator("check.schema.json", doc)
    summary = doc["summary"]
    verdicts = {f["method"]: f["verdict"] for f in doc["findings"]}
    for key in ("illegal", "suspicious", "violation"):
        assert summary[key] == [m for m, v in verdicts.items() if v == key]
    assert summary["do_now"] == [s["id"] for s in doc["next_steps"][:3]]
    nothing = run("check", "--days", "5", "--json").json
    validator("check.schema.json", nothing)
    assert nothing["summary"]["illegal"] == nothing["summary"]["violation"] == []
