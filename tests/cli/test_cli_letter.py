"""``overdue letter``: exit codes, one-line errors, --json against its schema, --output
(never over a file without --force; 0600), --from-journal from a journal made through
the journal API, and the golden letters.

Regenerate the goldens after an intended change with ``pytest --update-golden
tests/cli/test_cli_letter.py`` and read the diff before committing.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from overdue_cli.journal import Event, Journal, Source
from tests.conftest import ROOT, assert_one_line_error, mock_env, run

GOLDEN = ROOT / "tests" / "golden"
CHINA = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=CHINA)
ENV = mock_env(clock=lambda: NOW)

NEGOTIATE = ("letter", "negotiate", "--lender", "credit_card", "--platform", "某某银行",
             "--owed", "38000", "--can-pay", "1200/月", "--reason", "失业")
EXAMPLES: dict[str, tuple[str, ...]] = {
    "negotiate": NEGOTIATE,
    "stop_third_party": ("letter", "stop-third-party", "--platform", "某某借",
                         "--reach", "本人手机", "--hours", "工作日白天"),
    "credit_dispute": ("letter", "credit-dispute", "--platform", "某某借", "--item",
                       "2026-03 逾期记录", "--reason", "当天已还款"),
    "data": ("letter", "data", "--platform", "某某借", "--request", "access,copy,delete"),
    "verify_debt": ("letter", "verify-debt", "--platform", "某某借", "--lender", "small_loan"),
    "negotiate_en": (*NEGOTIATE, "--format", "text", "--lang", "en"),
}


def golden(name: str, actual: str, request: pytest.FixtureRequest) -> None:
    suffix = ".txt" if name.endswith("_en") else ".md"
    path = GOLDEN / f"letter_{name}{suffix}"
    if request.config.getoption("--update-golden"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing {path.name}; run pytest --update-golden {__file__}"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_golden_letters(name: str, request: pytest.FixtureRequest) -> None:
    result = run(*EXAMPLES[name], env=ENV)
    assert result.code == 0, result.stderr
    golden(name, result.stdout, request)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_json_follows_the_schema_and_holds_the_letter(name: str,
                                                      validator: Callable[..., None]) -> None:
    text = run(*EXAMPLES[name], env=ENV)
    result = run(*EXAMPLES[name], "--json", env=ENV)
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    validator("letter.schema.json", doc)
    assert doc["command"] == "letter" and doc["facts"]["today"] == "2026-11-20"
    assert doc["letter"] in text.stdout and text.stdout.endswith(doc["letter"])
    assert all(p in doc["letter"] for p in doc["placeholders"])


def test_letter_list(validator: Callable[..., None]) -> None:
    result = run("letter", "list")
    assert result.code == 0 and "negotiate" in result.stdout and "征信异议申请" in result.stdout
    doc = json.loads(run("letter", "list", "--json", "--lang", "en").stdout)
    validator("letter.schema.json", doc)
    assert [e["id"] for e in doc["letters"]] == ["negotiate", "stop-third-party",
                                                 "credit-dispute", "data", "verify-debt"]
    assert doc["lang"] == "en" and doc["letters"][0]["name"].isascii()


def test_letter_alone_shows_its_help() -> None:
    result = run("letter")
    assert "negotiate" in result.stdout and "verify-debt" in result.stdout


@pytest.mark.parametrize(("args", "words"), [
    (("letter", "negotiat"), ("negotiate",)),
    (("letter", "negotiate", "--platform", "x"), ("--owed", "--can-pay", "--reason")),
    (("letter", "negotiate"), ("--platform", "--owed", "--can-pay", "--reason")),
    (("letter", "credit-dispute", "--platform", "x"), ("--item", "--reason")),
    (("letter", "verify-debt"), ("--platform",)),
    (("letter", "negotiate", "--platform", "x", "--owed", "很多", "--can-pay", "1200",
      "--reason", "r"), ("--owed",)),
    (("letter", "negotiate", "--platform", "x", "--owed", "1000", "--can-pay", "1200/周",
      "--reason", "r"), ("--can-pay",)),
    (("letter", "negotiate", "--platform", "x", "--owed", "1000", "--can-pay", "-5",
      "--reason", "r"), ("--can-pay",)),
    (("letter", "data", "--platform", "x", "--request", "acess"), ("access",)),
    (("letter", "credit-dispute", "--platform", "x", "--item", "i", "--reason", "r", "--to",
      "fbi"), ("bureau",)),
    (("letter", "verify-debt", "--platform", "x", "--lender", "spaceship"), ("--lender",)),
    (("letter", "verify-debt", "--platform", "x", "--format", "html"), ("markdown",)),
])
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], words: tuple[str, ...]) -> None:
    line = assert_one_line_error(run(*args), 2)
    for word in words:
        assert word in line, line
    assert "Traceback" not in line


def test_output_is_private_and_never_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "letter.md"
    args = ("letter", "verify-debt", "--platform", "某某借", "--output", str(out))
    assert run(*args, env=ENV).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    first = out.read_text(encoding="utf-8")
    assert "关于提供借款合同及还款明细的函" in first
    out.write_text("mine", encoding="utf-8")
    line = assert_one_line_error(run(*args), 2)
    assert str(out) in line and out.read_text(encoding="utf-8") == "mine"
    os.chmod(out, 0o644)
    assert run(*args, "--force", env=ENV).code == 0
    assert out.read_text(encoding="utf-8") == first
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letter.md"]


def test_a_refused_output_names_force_and_a_written_one_says_where(tmp_path: Path) -> None:
    """The user trial: the refusal said only "choose a new name"; a successful --output
    said nothing at all. Now one note on stderr (none with --quiet), the letter alone
    in the file."""
    out = tmp_path / "v.txt"
    args = ("letter", "verify-debt", "--platform", "某某借", "--output", str(out))
    first = run(*args, env=ENV)
    assert first.code == 0 and first.stdout == ""
    assert first.stderr.strip() == f"overdue: 注意：已写到 {out}（只有你自己能读写）"
    assert "--force" in assert_one_line_error(run(*args, env=ENV), 2)
    assert "--force" in assert_one_line_error(run(*args, "--lang", "en", env=ENV), 2)
    quiet = run("--quiet", *args, "--force", env=ENV)
    assert quiet.code == 0 and quiet.stderr == ""
    english = run(*args, "--force", "--lang", "en", env=ENV)
    assert english.stderr.strip() == f"overdue: note: wrote {out} (only you can read it)"


@pytest.mark.parametrize("kind", ["negotiate", "stop-third-party", "credit-dispute", "data",
                                  "verify-debt"])
@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_missing_facts_off_a_terminal_show_a_whole_example(kind: str, lang: str) -> None:
    """The hint is a command for this letter to copy, not only a pointer to --help; the
    example itself drafts the letter."""
    line = assert_one_line_error(run("letter", kind, "--lang", lang, env=ENV), 2)
    example = line.split("`")[1]
    assert example.startswith(f"overdue letter {kind} --platform "), line
    import shlex

    drafted = run(*shlex.split(example)[1:], env=ENV)
    assert drafted.code == 0, drafted.stderr


def test_force_never_replaces_what_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    for target in (folder, link):
        assert_one_line_error(run("letter", "verify-debt", "--platform", "x", "--output",
                                  str(target), "--force"), 2)
    assert not (tmp_path / "elsewhere.md").exists() and folder.is_dir()


@pytest.fixture()
def journal_db(tmp_path: Path) -> Path:
    path = tmp_path / "journal.sqlite3"
    with Journal.open(path) as j:
        manual = Source("manual")
        j.append(Event("contacts", "in", datetime(2026, 3, 2, 14, 10, tzinfo=CHINA), manual,
                       number="17012345678", platform="某某借", third_party=True,
                       note="打给我妈，问我的新号码"), tz="Asia/Shanghai", now=NOW)
        j.append(Event("disclosure", "in", datetime(2026, 3, 5, 19, 30, tzinfo=CHINA), manual,
                       number="17012345678", platform="某某借", third_party=True,
                       note="告诉我同事我欠钱不还"), tz="Asia/Shanghai", now=NOW)
        j.append(Event("sms", "in", datetime(2026, 3, 6, 9, 0, tzinfo=CHINA), manual,
                       number="10690000123", platform="某某借", text="您的借款已逾期"),
                 tz="Asia/Shanghai", now=NOW)
        j.append(Event("contacts", "in", datetime(2026, 3, 7, 9, 0, tzinfo=CHINA), manual,
                       platform="别的贷", third_party=True, note="别的平台"),
                 tz="Asia/Shanghai", now=NOW)
    return path


def test_from_journal_lists_the_dated_third_party_contacts(
        journal_db: Path, request: pytest.FixtureRequest,
        validator: Callable[..., Any]) -> None:
    args = ("letter", "stop-third-party", "--platform", "某某借", "--from-journal",
            "--db", str(journal_db))
    result = run(*args, env=ENV)
    assert result.code == 0, result.stderr
    assert "2026-03-02 14:10" in result.stdout and "2026-03-05 19:30" in result.stdout
    assert "〔日志第 1 条〕" in result.stdout and "〔日志第 2 条〕" in result.stdout
    assert "别的平台" not in result.stdout and "您的借款已逾期" not in result.stdout
    golden("stop_third_party_journal", result.stdout, request)
    doc = json.loads(run(*args, "--json", env=ENV).stdout)
    validator("letter.schema.json", doc)
    assert doc["facts"]["journal"] and doc["facts"]["contacts_total"] == 2
    assert [c["seq"] for c in doc["facts"]["contacts"]] == [1, 2]


def test_from_journal_with_no_such_contacts_says_so(journal_db: Path) -> None:
    result = run("letter", "stop-third-party", "--platform", "没有的平台", "--from-journal",
                 "--db", str(journal_db), env=ENV)
    assert result.code == 0 and "没有的平台" in result.stderr
    assert "【日期和时间】" in result.stdout


def test_from_journal_without_a_journal_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = run("letter", "stop-third-party", "--platform", "x", "--from-journal", "--db",
                 str(tmp_path / "none.sqlite3"))
    assert result.code in (2, 3) and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_logging_command_the_letter_suggests_works(tmp_path: Path) -> None:
    """The "how to send it" block tells the user to run `overdue log add --method mail
    --direction out --note …`: those options exist and the entry is kept."""
    doc = json.loads(run(*EXAMPLES["verify_debt"], "--json", env=ENV).stdout)
    step = next(s for s in doc["send"] if "overdue log add" in s)
    assert "--method mail --direction out --platform 某某借" in step
    db = tmp_path / "j.sqlite3"
    added = run("log", "add", "--db", str(db), "--method", "mail", "--direction", "out",
                "--platform", "某某借", "--note", "已寄出关于提供借款合同及还款明细的函")
    assert added.code == 0, added.stderr


def test_lang_changes_the_guidance_not_the_letter() -> None:
    zh = json.loads(run(*EXAMPLES["data"], "--json", env=ENV).stdout)
    for lang in ("en", "zh-Hant"):
        other = json.loads(run(*EXAMPLES["data"], "--json", "--lang", lang, env=ENV).stdout)
        assert other["letter"] == zh["letter"] and other["guidance"] != zh["guidance"]
        assert other["lang"] == lang


def test_an_unlicensed_lender_paid_at_once_gets_the_principal_and_no_personal_account() -> None:
    out = run("letter", "negotiate", "--lender", "unlicensed", "--platform", "某某借",
              "--owed", "400", "--can-pay", "500/月", "--reason", "失业").stdout
    assert "不向任何个人账户付款" in out and "不少于上述主张的欠款金额" not in out
    assert "只付到对公账户或App内的官方还款入口" in out


def test_stop_third_party_to_an_unlicensed_lender_says_which_rules_bind_it() -> None:
    out = run("letter", "stop-third-party", "--platform", "某某借", "--lender", "unlicensed").stdout
    assert "不受行业规则和国家标准约束" in out


def test_an_output_in_a_missing_folder_says_so_in_chinese(tmp_path: Path) -> None:
    result = run("letter", "data", "--platform", "某某借", "--output",
                 str(tmp_path / "no" / "x.md"))
    assert "文件夹不存在" in result.stderr and result.code == 2
