"""``overdue log …`` end to end: what a user types, what a script reads back."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from ..conftest import mock_env, run, run_en

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "j" / "journal.sqlite3")


def log(db: str, *args: str, input: str | None = None) -> object:
    return run("log", *args, "--db", db, input=input)


def log_en(db: str, *args: str, input: str | None = None) -> object:
    """``log`` in English, for the tests that read an error's words."""
    return run_en("log", *args, "--db", db, input=input)


def add_sample(db: str) -> None:
    """The issue's own examples, plus enough calls for a heavy day."""
    r = log(db, "add", "--method", "call", "--at", "2026-11-20 22:40", "--from", "17012345678",
            "--platform", "某某借", "--note", "骂人，说要找我单位", "--json")
    assert r.code == 0, r.stderr
    r = log(db, "add", "--method", "sms", "--at", "2026-11-20 09:00", "--from", "10690000123",
            "--platform", "某某借", "--text", "再不还钱就爆你通讯录，通知你全家", "--json")
    assert r.code == 0, r.stderr
    for minute in range(8):
        r = log(db, "add", "--method", "call", "--at", f"2026-11-19 10:0{minute}", "--from",
                "+86 170-1234-5678", "--platform", "某某借", "--outcome", "missed", "--json")
        assert r.code == 0, r.stderr


def test_add_returns_the_entry(db: str, validator) -> None:
    r = log(db, "add", "--method", "打电话", "--at", "2026-11-20 22:40", "--from",
            "+86 170 1234 5678", "--platform", "某某借", "--note", "骂人", "--duration", "3分20秒",
            "--json")
    assert r.code == 0, r.stderr
    validator("log.schema.json", r.json)
    entry = r.json["entry"]
    assert entry["seq"] == 1 and entry["method"] == "call" and entry["direction"] == "in"
    assert entry["at"] == "2026-11-20T22:40:00+08:00"
    assert entry["number"] == "17012345678" and entry["number_raw"] == "+86 170 1234 5678"
    assert entry["duration_s"] == 200 and entry["outcome"] == "answered"
    assert entry["source"] == {"kind": "manual"}
    assert len(entry["hash"]) == 64
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


def test_add_scans_message_text(db: str) -> None:
    r = log(db, "add", "--method", "sms", "--text", "再不还钱就爆你通讯录，通知你全家", "--json")
    scan = r.json["entry"]["scan"]
    assert scan["verdict"] == "unlawful"
    assert any(s["evidence"] == "爆你通讯录" for s in scan["signals"])


def test_add_takes_traditional_method_words_and_other_zones(db: str) -> None:
    r = log(db, "add", "--method", "來電", "--at", "2026-11-20 09:40", "--tz", "Europe/London",
            "--json")
    assert r.code == 0, r.stderr
    assert r.json["entry"]["at"] == "2026-11-20T09:40:00+00:00"
    assert r.json["entry"]["tz"] == "Europe/London"


@pytest.mark.parametrize("args, message, hint", [
    (["--method", "telegram"], "unknown method", "overdue methods"),
    (["--method", "call", "--at", "yesterday-ish"], "cannot read", "--at"),
    (["--method", "call", "--outcome", "answerd"], "--outcome must be", "answered"),
    (["--method", "call", "--tz", "Asia/Shanghia"], "unknown time zone", "Asia/Shanghai"),
    (["--method", "call", "--duration", "long"], "cannot read", "3m20s"),
    (["--method", "sms", "--attach", "/no/such/shot.png"], "no such file", "not copied"),
])
def test_add_bad_input_is_one_line_exit_2(db: str, args: list[str], message: str,
                                          hint: str) -> None:
    r = log_en(db, "add", *args)
    assert r.code == 2
    assert message in r.stderr and hint in r.stderr
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1


def test_attachment_is_hashed_not_copied(db: str, tmp_path: Path) -> None:
    shot = tmp_path / "screenshot.png"
    shot.write_bytes(b"\x89PNG\r\n fake screenshot")
    before = shot.read_bytes()
    r = log(db, "add", "--method", "sms", "--attach", str(shot), "--json")
    att = r.json["entry"]["attachments"][0]
    import hashlib

    assert att == {"path": str(shot.resolve()), "sha256": hashlib.sha256(before).hexdigest(),
                   "size": len(before)}
    assert shot.read_bytes() == before
    assert log(db, "verify", "--json").json["attachments"]["ok"] == 1
    shot.write_bytes(b"changed")
    r = log(db, "verify", "--json")
    assert r.code == 1 and r.json["attachments"]["changed"][0]["seq"] == 1


def test_list_filters_and_void(db: str, validator) -> None:
    add_sample(db)
    r = log(db, "list", "--json")
    validator("log.schema.json", r.json)
    assert r.json["total"] == 10
    r = log(db, "list", "--json", "--method", "sms")
    assert [e["method"] for e in r.json["entries"]] == ["sms"]
    r = log(db, "list", "--json", "--since", "2026-11-20")
    assert r.json["total"] == 2
    r = log(db, "list", "--json", "--flagged")
    assert [e["seq"] for e in r.json["entries"]] == [2]
    r = log(db, "list", "--json", "--limit", "3")
    assert [e["seq"] for e in r.json["entries"]] == [8, 9, 10] and r.json["total"] == 10

    r = log(db, "void", "1", "--reason", "记错了号码", "--json")
    assert r.code == 0 and r.json["command"] == "log void"
    validator("log.schema.json", r.json)
    assert r.json["entry"]["void_of"] == 1 and r.json["entry"]["seq"] == 11
    assert log(db, "list", "--json").json["total"] == 9
    everything = log(db, "list", "--json", "--all").json
    assert everything["total"] == 11
    assert everything["entries"][0]["voided_by"] == 11
    assert log(db, "void", "1", "--reason", "again").code == 2
    assert log(db, "verify").code == 0


def test_verify_exit_codes_and_first_broken(db: str, validator) -> None:
    add_sample(db)
    r = log(db, "verify", "--json")
    assert r.code == 0 and r.json["ok"] and r.json["entries"] == 10
    validator("log.schema.json", r.json)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE entries SET extra = replace(extra, '骂人', '没骂人') WHERE seq = 1")
    conn.commit()
    conn.close()
    r = log(db, "verify", "--json")
    assert r.code == 1 and r.json["first_broken"]["seq"] == 1
    validator("log.schema.json", r.json)


def test_report_json_findings(db: str, validator) -> None:
    add_sample(db)
    r = log(db, "report", "--platform", "某某借", "--json")
    assert r.code == 0, r.stderr
    doc = r.json
    validator("log.schema.json", doc)
    assert doc["totals"]["incoming"] == 10 and doc["totals"]["night"] == 1
    assert doc["per_day"][0] == {"date": "2026-11-19", "total": 8, "calls": 8, "answered": 0,
                                 "unanswered": 8, "messages": 0, "other": 0}
    assert doc["by_hour"][22] == 1 and doc["by_hour"][10] == 8
    assert doc["heavy_days"] == [{
        "date": "2026-11-19", "platform": "某某借", "number": "17012345678",
        "by_number": False, "answered": 0, "unanswered": 8, "over": ["attempts_per_day_gt"],
        "numbers": [{"number": "17012345678", "answered": 0, "unanswered": 8}]}]
    rules = {f["rule_id"]: f for f in doc["findings"]}
    assert rules["contact.quiet_hours"]["seqs"] == [1]
    assert rules["call.too_many_attempts"]["verdict"] == "violation"
    assert rules["call.too_many_attempts"]["count"] == 8  # the calls, not the days
    assert rules["call.too_many_attempts"]["seqs"] == list(range(3, 11))
    # the threat message is a threat: nothing says the address book was messaged
    assert "address_book.mass_contact" not in rules
    threat = [f for f in doc["findings"] if f["seqs"] == [2]]
    assert threat and all(f["count"] == 1 and f["complete"] for f in threat)
    assert doc["verdict"] == "illegal"
    assert doc["flagged"]["messages"][0]["signals"]
    # the same facts the check engine gives for the same situation
    check = run("check", "--days", "1", "--method", "call", "--hour", "22", "--json").json
    assert "contact.quiet_hours" in check["findings"][0]["rule_ids"]


def test_report_other_platform_is_empty(db: str) -> None:
    add_sample(db)
    doc = log(db, "report", "--platform", "别的平台", "--json").json
    assert doc["totals"]["incoming"] == 0 and doc["findings"] == [] and doc["verdict"] is None
    assert {"platform": "某某借", "entries": 10, "lender": None} in doc["platforms"]


def test_report_redacts(db: str) -> None:
    add_sample(db)
    for fmt in ("json", "markdown", "human"):
        text = log(db, "report", "--format", fmt, "--redact").stdout
        assert "17012345678" not in text and "5678" in text
        assert str(Path(db).parent) not in text and "journal.sqlite3" in text


def test_export_csv_and_jsonl_roundtrip(db: str, tmp_path: Path) -> None:
    add_sample(db)
    r = log(db, "export")
    assert r.code == 0 and r.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    assert len(rows) == 10 and rows[0]["number"] == "17012345678"
    out = tmp_path / "for-lawyer.jsonl"
    r = log(db, "export", "--format", "jsonl", "--output", str(out))
    assert r.code == 0 and stat.S_IMODE(out.stat().st_mode) == 0o600
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 10 and lines[1]["text"] == "再不还钱就爆你通讯录，通知你全家"
    assert log(db, "export", "--output", str(out)).code == 2  # never overwrites


def test_export_redact_masks_numbers_and_folders(db: str, tmp_path: Path) -> None:
    add_sample(db)
    shot = tmp_path / "zhangsan" / "shot.png"
    shot.parent.mkdir()
    shot.write_bytes(b"png")
    log(db, "add", "--method", "sms", "--attach", str(shot))
    log(db, "import", str(FIXTURES / "calls-20261120.xml"))
    r = log(db, "export", "--redact")
    assert "17012345678" not in r.stdout
    assert "*******5678" in r.stdout
    assert "zhangsan" not in r.stdout and "shot.png" in r.stdout
    assert str(FIXTURES) not in r.stdout and "calls-20261120.xml" in r.stdout


def test_csv_export_defuses_formulas(db: str) -> None:
    log(db, "add", "--method", "sms", "--text", "=HYPERLINK(\"http://x\")")
    rows = list(csv.DictReader(io.StringIO(log(db, "export").stdout.lstrip("\ufeff"))))
    assert rows[0]["text"].startswith("'=")


def test_destroy_needs_confirmation(db: str, validator) -> None:
    add_sample(db)
    r = log(db, "destroy")
    assert r.code == 2 and "--yes" in r.stderr and Path(db).exists()
    r = log(db, "destroy", "--yes", "--json")
    assert r.code == 0 and not Path(db).exists()
    validator("log.schema.json", r.json)
    assert db in r.json["removed"]
    assert not Path(f"{db}-wal").exists()


def test_destroy_asks_on_a_terminal(db: str) -> None:
    """On a terminal (the Environment's stdin), destroy asks first and reads the answer."""
    add_sample(db)
    terminal = mock_env(stdin_isatty=True)
    r = run("log", "destroy", "--db", db, input="no\n", env=terminal)
    assert r.code == 1 and "输入“删除”" in r.stderr and "未删除" in r.stderr
    english = replace(terminal, environ={**terminal.environ, "OVERDUE_LANG": "en"})
    r = run("log", "destroy", "--db", db, input="no\n", env=english)
    assert r.code == 1 and "Type 'delete'" in r.stderr and "not deleted" in r.stderr
    assert Path(db).exists()
    r = run("log", "destroy", "--db", db, input="删除\n", env=terminal)
    assert r.code == 0 and "已删除" in r.stderr and r.stdout == ""
    assert not Path(db).exists()


def test_readers_never_create_a_journal(db: str) -> None:
    for args in (["list"], ["report"], ["verify"], ["export"]):
        r = log_en(db, *args)
        assert r.code == 2 and "no journal here" in r.stderr
    assert not Path(db).exists()


def test_not_a_journal_is_exit_3(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello " * 1000)
    r = run_en("log", "list", "--db", str(bogus))
    assert r.code == 3 and "not an overdue journal" in r.stderr
    assert bogus.read_text() == "hello " * 1000


def test_overdue_db_environment(tmp_path: Path) -> None:
    path = tmp_path / "env.sqlite3"
    r = run("log", "add", "--method", "call", "--json", env={"OVERDUE_DB": str(path)})
    assert r.code == 0 and r.json["journal"] == str(path) and path.exists()


def test_schema_command_prints_log_schema() -> None:
    r = run("schema", "log")
    assert r.code == 0 and json.loads(r.stdout)["$id"] \
        == "https://overdue.invalid/schemas/log.schema.json"


# --------------------------------------------------------------------------- complaint


def test_complaint_every_channel_and_format(db: str, validator) -> None:
    from overdue_cli.journal.complaint_render import CHANNELS

    schema = json.loads((Path(__file__).parents[2] / "src" / "overdue_cli" / "schemas"
                         / "complaint.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]["channel"]["enum"]) == set(CHANNELS)
    add_sample(db)
    for channel in CHANNELS:
        r = run("complaint", "--to", channel, "--platform", "某某借", "--db", db)
        assert r.code == 0, r.stderr
        assert "草稿" in r.stdout and "【姓名】" in r.stdout and "某某借" in r.stdout
        assert "2026-11-20 22:40" in r.stdout
        text = run("complaint", "--to", channel, "--format", "text", "--db", db).stdout
        assert "**" not in text and "## " not in text
        doc = run("complaint", "--to", channel, "--json", "--db", db).json
        validator("complaint.schema.json", doc)
        assert doc["draft"] == run("complaint", "--to", channel, "--db", db).stdout


def test_complaint_cites_rules_and_facts(db: str) -> None:
    add_sample(db)
    doc = run("complaint", "--to", "12378", "--platform", "某某借", "--json", "--db", db).json
    ctx = doc["context"]
    rules = {f["rule_id"] for f in ctx["findings"]}
    assert {"contact.quiet_hours", "call.too_many_attempts"} <= rules
    assert "address_book.mass_contact" not in rules  # a threat to, not a mass message
    assert all(f["verdict"] in ("violation", "suspicious", "illegal") for f in ctx["findings"])
    line = next(t for t in ctx["timeline"] if t["seq"] == 1)
    assert line["at"] == "2026-11-20 22:40" and "骂人" in line["summary"]
    assert line["rule_ids"] == ["contact.quiet_hours"]
    assert ctx["journal"]["verified"] and len(ctx["journal"]["head_hash"]) == 64
    assert "你" not in "".join(f["title"] for f in ctx["findings"])
    assert all(f["title"].startswith(("对方", "被投诉机构", "有人")) for f in ctx["findings"])
    assert "contact.quiet_hours" in doc["draft"]


def test_complaint_redacts_and_writes_privately(db: str, tmp_path: Path) -> None:
    add_sample(db)
    out = tmp_path / "complaint.md"
    r = run("complaint", "--to", "12321", "--redact", "--output", str(out), "--db", db)
    assert r.code == 0 and r.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "17012345678" not in text and "5678" in text and db not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_complaint_is_chinese_whatever_lang_says(db: str) -> None:
    add_sample(db)
    r = run("complaint", "--to", "platform", "--lang", "en", "--db", db)
    assert r.code == 0 and "Simplified Chinese" in r.stderr and "投诉" in r.stdout


def test_complaint_unknown_channel_hints(db: str) -> None:
    add_sample(db)
    r = run("complaint", "--to", "12377", "--db", db)
    assert r.code == 2 and "12378" in r.stderr and "Traceback" not in r.stderr


# --------------------------------------------------------------------------- import


def test_import_every_format_then_again_adds_nothing(db: str, validator) -> None:
    files = [str(FIXTURES / n) for n in ("sms-20261120.xml", "calls-20261120.xml",
                                         "wechat_utf8.csv", "calllog_zh.csv", "logger.csv",
                                         "events.jsonl")]
    r = log(db, "import", *files, "--platform", "某某借", "--json")
    assert r.code == 0, r.stderr
    validator("log.schema.json", r.json)
    formats = [f["format"] for f in r.json["files"]]
    assert formats == ["sms-xml", "calls-xml", "wechat-csv", "calls-csv", "calls-csv", "jsonl"]
    added = sum(f["added"] for f in r.json["files"])
    assert added > 20 and r.json["entries"] <= added
    assert r.json["files"][0]["skipped_records"]  # the draft
    again = log(db, "import", *files, "--json").json
    assert sum(f["added"] for f in again["files"]) == 0
    assert all(f["already_imported"] for f in again["files"])
    assert log(db, "verify").code == 0
    listing = log(db, "list", "--json").json
    assert all(e["source"]["kind"] == "import" for e in listing["entries"])
    assert {e["platform"] for e in listing["entries"]} <= {"某某借"}


def test_import_filters_by_number_and_tags_only_those(db: str) -> None:
    r = log(db, "import", str(FIXTURES / "calls-20261120.xml"), "--from-number",
            "170-1234-5678", "--platform", "某某借", "--json")
    assert r.code == 0, r.stderr
    f = r.json["files"][0]
    assert f["added"] >= 1 and f["filtered"] >= 1
    entries = log(db, "list", "--json").json["entries"]
    assert {e["number"] for e in entries} == {"17012345678"}


def test_gateway_senders_are_marked(db: str) -> None:
    log(db, "import", str(FIXTURES / "sms-20261120.xml"))
    entries = log(db, "list", "--json").json["entries"]
    gateways = [e for e in entries if e["number"] and e["number"].startswith("106")]
    assert gateways and all(e["gateway"] for e in gateways)


def test_truncated_export_is_exit_3_and_keeps_nothing(db: str) -> None:
    log_en(db, "import", str(FIXTURES / "calls-20261120.xml"))
    before = log_en(db, "list", "--json").json["total"]
    r = log_en(db, "import", str(FIXTURES / "sms-truncated.xml"))
    assert r.code == 3 and "was not imported" in r.stderr and "Traceback" not in r.stderr
    assert log_en(db, "list", "--json").json["total"] == before
    assert log_en(db, "verify").code == 0


def test_xml_bomb_is_refused(db: str) -> None:
    r = log_en(db, "import", str(FIXTURES / "sms-bomb.xml"))
    assert r.code == 3 and "Traceback" not in r.stderr


def test_unknown_csv_layout_lists_the_expected_columns(db: str, tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("甲,乙,丙\n1,2,3\n", encoding="utf-8")
    r = log(db, "import", str(odd))
    assert r.code == 2
    assert "甲" in r.stderr and "时间" in r.stderr and "--column" in r.stderr
    assert not Path(db).exists() or log(db, "list", "--json").json["total"] == 0


def test_import_bad_flags(db: str) -> None:
    assert log(db, "import", str(FIXTURES / "logger.csv"), "--format", "xml").code == 2
    r = log(db, "import", str(FIXTURES / "logger.csv"), "--column", "when=时间")
    assert r.code == 2 and "time" in r.stderr
    r = log(db, "import", "/no/such/calls.xml")
    assert r.code == 2 and "Traceback" not in r.stderr


def test_export_jsonl_reimports_into_a_fresh_journal(db: str, tmp_path: Path) -> None:
    add_sample(db)
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"png")
    log(db, "add", "--method", "sms", "--at", "2026-11-21 08:00", "--attach", str(shot),
        "--platform", "某某借")
    out = tmp_path / "all.jsonl"
    assert log(db, "export", "--format", "jsonl", "--output", str(out)).code == 0
    other = str(tmp_path / "other.sqlite3")
    r = run("log", "import", str(out), "--db", other, "--json")
    assert r.code == 0, r.stderr
    assert r.json["files"][0]["added"] == 11
    first = log(db, "list", "--json").json["entries"]
    second = run("log", "list", "--db", other, "--json").json["entries"]
    keys = ("at", "method", "direction", "number", "platform", "text", "note", "outcome",
            "attachments", "third_party", "duration_s")
    assert [{k: e[k] for k in keys} for e in first] == [{k: e[k] for k in keys} for e in second]


def test_human_outputs_render(db: str) -> None:
    r = log(db, "import", str(FIXTURES / "calls-20261120.xml"),
            str(FIXTURES / "sms-20261120.xml"))
    assert r.code == 0 and "calls-20261120.xml" in r.stdout
    add_sample(db)
    assert "17012345678" in log(db, "list").stdout
    report = log(db, "report", "--platform", "某某借").stdout
    assert "2026-11-19" in report and "contact.quiet_hours" in report
    md = log(db, "report", "--platform", "某某借", "--format", "markdown").stdout
    assert md.startswith("#") and "\x1b[" not in md
    verified = log(db, "verify").stdout
    head = log(db, "verify", "--json").json["head_hash"]
    assert "23" in verified and head in verified


# --------------------------------------------------------------------------- faults mid-import


def _big_calls(path: Path, count: int) -> None:
    """A calls backup large enough that importing it takes a few seconds."""
    start = 1_795_100_000_000
    rows = "".join(f'<call number="170{i % 9000:08d}" duration="{i % 7}" date="{start + i * 1000}" '
                   f'type="{1 + i % 3}" presentation="1" />\n' for i in range(count))
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<calls count="{count}">\n'
                    f"{rows}</calls>\n", encoding="utf-8")


@pytest.mark.parametrize("how", ["kill", "interrupt"])
def test_import_stopped_midway_leaves_the_journal_intact(tmp_path: Path, how: str) -> None:
    """SIGKILL (a crash) or SIGINT (Ctrl-C) during an import: the journal is exactly
    as before that file, and verify is clean."""
    import signal
    import subprocess
    import sys
    import time

    db = str(tmp_path / "journal.sqlite3")
    add_sample(db)
    before = log(db, "verify", "--json").json
    big = tmp_path / "calls-big.xml"
    _big_calls(big, 150_000)
    proc = subprocess.Popen([sys.executable, "-m", "overdue_cli", "log", "import", str(big),
                             "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    time.sleep(1.5)
    assert proc.poll() is None, "the import finished before it could be stopped"
    proc.send_signal(signal.SIGKILL if how == "kill" else signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if how == "interrupt":
        assert proc.returncode == 130
        assert "nothing from calls-big.xml was imported" in err
    else:
        assert proc.returncode == -signal.SIGKILL
    after = log(db, "verify", "--json")
    assert after.code == 0 and after.json["ok"]
    assert after.json["entries"] == before["entries"] == 10
    assert after.json["head_hash"] == before["head_hash"]
    # and the same file imports cleanly afterwards
    r = log(db, "import", str(big), "--no-scan", "--json")
    assert r.code == 0 and r.json["files"][0]["added"] == 150_000


def test_a_csv_of_messages_imports_as_sms_with_its_text(db: str, validator) -> None:
    """A CSV with time, number and text (no call type or length) is messages, not calls:
    the text must not be lost."""
    r = log(db, "import", str(FIXTURES / "messages_zh.csv"), "--json")
    assert r.code == 0, r.stderr
    validator("log.schema.json", r.json)
    f = r.json["files"][0]
    assert f["format"] == "messages-csv" and f["added"] == 3 and f["skipped"] == 2
    reasons = [s["reason"] for s in f["skipped_records"]]
    assert any("no message text" in x for x in reasons)
    assert any("neither received nor sent" in x for x in reasons)
    entries = log(db, "list", "--json").json["entries"]
    assert [(e["method"], e["direction"]) for e in entries] == [
        ("sms", "in"), ("sms", "out"), ("sms", "in")]
    assert entries[0]["text"] == "再不还钱就爆你通讯录，通知你全家"
    assert entries[0]["scan"]["verdict"] == "unlawful"
    assert entries[0]["number"] == "17012345678"
    forced = run("log", "import", str(FIXTURES / "messages_zh.csv"), "--format", "calls-csv",
                 "--db", str(Path(db).with_name("other.sqlite3")), "--json")
    assert forced.code == 0 and forced.json["files"][0]["format"] == "calls-csv"


def test_jsonl_with_an_unknown_method_is_skipped_with_a_hint(db: str, tmp_path: Path) -> None:
    odd = tmp_path / "odd.jsonl"
    odd.write_text('{"method": "cal", "direction": "in", "at": "2026-11-20T22:00:00+08:00"}\n'
                   '{"method": "call", "direction": "in", "at": "2026-11-20T22:01:00+08:00"}\n',
                   encoding="utf-8")
    r = log(db, "import", str(odd), "--json")
    f = r.json["files"][0]
    assert f["added"] == 1 and f["skipped"] == 1
    assert "did you mean 'call'" in f["skipped_records"][0]["reason"]


def _clock(hour: int, minute: int = 0):
    """A mock Environment whose clock reads 2026-11-22 at ``hour``:``minute`` in Beijing."""
    from datetime import datetime

    from overdue_cli.readers import CHINA_TZ

    return mock_env(clock=lambda: datetime(2026, 11, 22, hour, minute, tzinfo=CHINA_TZ))


def test_add_at_as_people_say_it(db: str) -> None:
    """--at 晚上11点 is tonight's 23:00 once it has passed; 昨天晚上11点, 前天下午3点半
    and the Traditional 昨天晚上11點 are read by the same reader as check's dates."""
    for said, stored in (("晚上11点", "2026-11-22T23:00:00+08:00"),
                         ("昨天晚上11点", "2026-11-21T23:00:00+08:00"),
                         ("昨天晚上11點", "2026-11-21T23:00:00+08:00"),
                         ("前天下午3点半", "2026-11-20T15:30:00+08:00"),
                         ("11月20号 晚上10点40", "2026-11-20T22:40:00+08:00"),
                         ("yesterday 11pm", "2026-11-21T23:00:00+08:00")):
        r = run("log", "add", "--method", "call", "--at", said, "--db", db, "--json",
                env=_clock(23, 30))
        assert r.code == 0, r.stderr
        assert r.json["entry"]["at"] == stored, said


def test_add_at_a_time_still_to_come_asks_for_the_day(db: str) -> None:
    r = run("log", "add", "--method", "call", "--at", "晚上11点", "--db", db, "--lang", "en",
            env=_clock(15, 30))
    assert r.code == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "has not come yet" in lines[0] and "昨天" in lines[0]
    assert not Path(db).exists()
