"""`overdue scan` end to end: inputs, outputs, exit codes and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..conftest import assert_one_line_error, run, run_en

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scan"
THREAT = "再不还钱就爆你通讯录，通知你全家"


def test_a_message_argument(validator) -> None:
    result = run("scan", THREAT, "--json")
    assert result.code == 0, result.stderr
    doc = result.json
    validator("scan.schema.json", doc)
    message = doc["messages"][0]
    assert message["verdict"] == "unlawful"
    assert "contacts_disclosure" in message["categories"]
    hit = next(s for s in message["signals"] if s["category"] == "contacts_disclosure")
    start, end = hit["span"]
    assert message["text"][start:end] == hit["evidence"] == "爆你通讯录"
    assert hit["basis"] and hit["rule_id"] == "threat.intimidation"  # a threat to tell is a threat
    assert doc["summary"]["by_verdict"]["unlawful"] == 1
    assert doc["summary"]["by_category"]["contacts_disclosure"] == 1
    assert any(step["id"] == "keep_evidence" for step in doc["next_steps"])
    assert doc["error"] is None


def test_stdin_with_blank_line_separated_messages(validator) -> None:
    text = "【某某借】您的借款已逾期3天，请尽快还款。\n\n你这个老赖！\n\n缴纳解冻费2000元即可恢复\n"
    result = run("scan", "-", "--json", input=text)
    assert result.code == 0, result.stderr
    validator("scan.schema.json", result.json)
    assert [m["verdict"] for m in result.json["messages"]] == ["lawful", "unlawful", "scam"]
    assert [m["position"] for m in result.json["messages"]] == ["line 1", "line 3", "line 5"]


def test_no_argument_reads_stdin_when_piped() -> None:
    result = run("scan", "--json", input=THREAT)
    assert result.code == 0 and result.json["messages"][0]["verdict"] == "unlawful"


def test_traditional_and_obfuscated_input() -> None:
    result = run("scan", "再不還錢就爆你通訊錄", "法 院 明天就會上門抓人", "--json")
    verdicts = [m["verdict"] for m in result.json["messages"]]
    assert verdicts == ["unlawful", "unlawful"]
    evidence = result.json["messages"][1]["signals"]
    assert any(s["evidence"] == "上門抓人" for s in evidence)


def test_jsonl_streams_one_message_per_line(validator, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [{"text": THREAT, "time": "2026-11-20T23:10:00+08:00", "sender": "17000000001",
             "id": "a1"},
            {"text": "您本期账单已出，请按时还款。", "sender": "10690000"}]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = run("scan", str(src), "--jsonl")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    docs = [json.loads(line) for line in lines]
    for doc in docs:
        validator("scan.schema.json#/$defs/message", doc)
    assert docs[0]["id"] == "a1" and docs[0]["sender"] == "17000000001"
    assert "night_contact" in docs[0]["categories"]
    assert docs[1]["verdict"] == "lawful"


def test_flagged_only(tmp_path: Path) -> None:
    result = run("scan", "请按时还款", THREAT, "--json", "--flagged")
    assert [m["index"] for m in result.json["messages"]] == [2]
    assert result.json["summary"]["messages"] == 2


def test_csv_with_a_chinese_text_column(tmp_path: Path) -> None:
    src = tmp_path / "export.csv"
    src.write_text("时间,号码,内容\n2026-11-20 10:00,17000000001,你这个老赖\n"
                   "2026-11-20 11:00,17000000002,请按时还款\n", encoding="utf-8")
    result = run("scan", str(src), "--text-column", "内容", "--json")
    assert result.code == 0, result.stderr
    assert [m["verdict"] for m in result.json["messages"]] == ["unlawful", "lawful"]
    assert result.json["messages"][0]["sender"] == "17000000001"


def test_csv_without_the_named_column(tmp_path: Path) -> None:
    src = tmp_path / "export.csv"
    src.write_text("时间,号码,内容\n2026-11-20 10:00,1700,你好\n", encoding="utf-8")
    result = run("scan", str(src), "--text-column", "正文")
    message = assert_one_line_error(result, 2)
    assert "内容" in message


def test_sms_backup_xml_fixture(validator) -> None:
    result = run("scan", str(FIXTURES / "sms.xml"), "--json")
    assert result.code == 0, result.stderr
    validator("scan.schema.json", result.json)
    assert result.json["messages"], "incoming messages are read"
    assert any(m["time"] for m in result.json["messages"])  # "null" dates stay unknown


def test_fail_on() -> None:
    assert run("scan", THREAT, "--fail-on", "unlawful", "--json").code == 1
    assert run("scan", THREAT, "--fail-on", "scam", "--json").code == 0
    assert run("scan", "请按时还款", "--fail-on", "unlawful").code == 0
    assert_one_line_error(run("scan", THREAT, "--fail-on", "illegal"), 2)


def test_human_output_lists_and_summarises() -> None:
    result = run("scan", "请按时还款", THREAT)
    assert result.code == 0, result.stderr
    out = result.stdout
    assert "«爆你通讯录»" in out  # highlighted without colour
    assert "违法违规" in out and "overdue explain contacts" in out
    english = run("scan", THREAT, "--lang", "en").stdout
    assert "unlawful" in english and "Rules broken" in english


def test_many_messages_list_only_flagged_unless_all(tmp_path: Path) -> None:
    src = tmp_path / "many.txt"
    src.write_text("\n\n".join(["请按时还款"] * 60 + [THREAT]), encoding="utf-8")
    listed = run("scan", str(src))
    assert "60" in listed.stdout and "--all" in listed.stdout
    assert listed.stdout.count("请按时还款") == 0
    assert run("scan", str(src), "--all").stdout.count("请按时还款") == 60


# -- bad input --------------------------------------------------------------

def test_empty_input() -> None:
    assert "no messages" in assert_one_line_error(run_en("scan", "-", input=""), 2)


def test_missing_file_that_looks_like_a_file() -> None:
    message = assert_one_line_error(run_en("scan", "sms-20261120.xml"), 2)
    assert "no such file" in message


def test_binary_garbage(tmp_path: Path) -> None:
    src = tmp_path / "blob.bin"
    src.write_bytes(bytes(range(256)) * 20)
    assert_one_line_error(run("scan", str(src)), 3)


def test_undecodable_bytes_name_the_offset(tmp_path: Path) -> None:
    src = tmp_path / "bad.txt"
    src.write_bytes(("请按时还款\n\n" * 8000).encode("utf-8") + b"\xff\xfe\xfa" + "你好".encode())
    result = run("scan", str(src), "--json", "--lang", "en")
    assert result.code == 3
    assert result.json["summary"]["messages"] > 0  # the records before the fault
    assert "offset" in result.json["error"]["message"]
    assert "offset" in result.stderr


def test_truncated_xml_reports_what_came_before(tmp_path: Path) -> None:
    full = (FIXTURES / "sms.xml").read_text(encoding="utf-8")
    cut = full[: full.rindex("<sms ")] + '<sms address="1" body="未完'
    src = tmp_path / "cut.xml"
    src.write_text(cut, encoding="utf-8")
    result = run("scan", str(src), "--json", "--lang", "en")
    assert result.code == 3
    assert result.json["messages"]
    assert result.json["error"]["exit_code"] == 3
    assert result.stderr.startswith("overdue: error:")


def test_xml_bomb_is_refused(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE smses [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {chr(98 + i)} "&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};'
                      f'&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};">'
                      for i in range(9))
            + ']><smses><sms address="1" date="1" type="1" body="&j;"/></smses>')
    src = tmp_path / "bomb.xml"
    src.write_text(bomb, encoding="utf-8")
    message = assert_one_line_error(run_en("scan", str(src)), 3)
    assert "entit" in message.lower()


def test_malformed_records_are_skipped_or_fatal_with_strict(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_text('{"text": "你这个老赖"}\nnot json\n{"text": "请按时还款"}\n', encoding="utf-8")
    lenient = run("scan", str(src), "--json", "--lang", "en")
    assert lenient.code == 0
    assert lenient.json["summary"]["skipped"] == 1
    assert lenient.json["skipped"][0]["position"].endswith("2")
    assert "warning" in lenient.stderr
    strict = run("scan", str(src), "--json", "--strict", "--lang", "en")
    assert strict.code == 3
    assert [m["text"] for m in strict.json["messages"]] == ["你这个老赖"]


def test_a_ten_megabyte_line(tmp_path: Path) -> None:
    src = tmp_path / "huge.txt"
    src.write_text("请按时还款\n\n" + "还" * 10_000_000 + "\n\n你这个老赖\n", encoding="utf-8")
    result = run("scan", str(src), "--json", "--lang", "en")
    assert result.code == 0
    assert [m["text"] for m in result.json["messages"]] == ["请按时还款", "你这个老赖"]
    assert result.json["summary"]["skipped"] == 1
    assert "skipped" in result.stderr


@pytest.mark.parametrize("args", [["--json", "--jsonl"], ["--format", "xlsx"]])
def test_bad_options(args: list[str]) -> None:
    assert_one_line_error(run("scan", THREAT, *args), 2)


def test_scan_schema_is_printed(validator) -> None:
    result = run("schema", "scan")
    assert result.code == 0
    assert json.loads(result.stdout)["title"].startswith("overdue scan")


@pytest.mark.parametrize("fmt", ["--json", "--jsonl", None])
def test_unpaired_surrogate_in_json_input_is_kept_not_a_crash(tmp_path: Path, fmt) -> None:
    src = tmp_path / "odd.jsonl"
    src.write_text('{"text": "bad \\ud800 你这个老赖"}\n', encoding="utf-8")
    result = run("scan", str(src), *([fmt] if fmt else []))
    assert result.code == 0, result.stderr
    if fmt == "--jsonl":
        assert json.loads(result.stdout)["text"] == "bad \ud800 你这个老赖"
    elif fmt == "--json":
        assert result.json["messages"][0]["verdict"] == "unlawful"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.text(max_size=8)))
def test_jsonl_writer_matches_the_document_writer(text: str, sender) -> None:
    """The fast --jsonl encoder writes exactly the object --json would."""
    import io

    from overdue_cli.locale import Localizer
    from overdue_cli.readers import Record
    from overdue_cli.render.scan_json import JsonlWriter
    from overdue_cli.rulebook import load_rulebook
    from overdue_cli.scan.scanner import Scanner

    book = load_rulebook()
    writer = JsonlWriter(io.StringIO(), book, Localizer("en"))
    result = Scanner(book).scan(Record(text + "你这个老赖", "a\\b", "line 1", sender=sender))
    writer.message(result)
    assert json.loads(writer.out.getvalue()) == writer.docs.message(result)


def test_human_table_caps_its_rows_and_says_so(tmp_path: Path) -> None:
    src = tmp_path / "threats.txt"
    src.write_text("\n\n".join([THREAT] * 503), encoding="utf-8")
    out = run("scan", str(src), env={"OVERDUE_LANG": "en"}).stdout
    assert "The table lists at most 500 messages; 3 more are not listed" in out
    assert "Messages scanned: 503" in out


def test_every_record_malformed_is_a_data_error(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text('{"text": 1}\n{"body": null}\n', encoding="utf-8")
    result = run_en("scan", str(src))
    assert result.code == 3
    assert "all 2 records were skipped" in result.stderr.splitlines()[-1]


def test_worker_processes_give_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    """--jobs 2 (worker processes) and --jobs 1 agree line for line, skipped records,
    volume counts and a fault at the end included."""
    rows = []
    for i in range(700):
        text = [THREAT, "请按时还款", "你这个老赖", "今天天气不错", "需缴纳解冻费"][i % 5]
        rows.append(json.dumps({"text": text, "sender": f"1700000000{i % 3}",
                                "time": f"2026-11-20T{10 + i % 12:02d}:00:00+08:00"},
                               ensure_ascii=False))
        if i % 97 == 0:
            rows.append("not json")
    src = tmp_path / "many.jsonl"
    src.write_bytes(("\n".join(rows) + "\n").encode("utf-8") + b"\xff\xfe")
    one = run("scan", str(src), "--jsonl", "--jobs", "1")
    two = run("scan", str(src), "--jsonl", "--jobs", "2")
    assert one.code == two.code == 3  # the undecodable bytes at the end
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == 700
    assert any('"harassment_volume"' in line for line in one.stdout.splitlines())


@pytest.mark.parametrize("value", ["0", "x", "-1"])
def test_bad_jobs(value: str) -> None:
    assert_one_line_error(run("scan", THREAT, "--jobs", value), 2)


def test_a_skipped_record_is_explained_in_the_users_language(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "hi"}\nnope\n[1]\n{"text": ""}\n', encoding="utf-8")
    zh = run("scan", str(path))
    lines = zh.stderr.strip().splitlines()
    assert any("第 2 行" in line and "不是 JSON" in line and "已跳过" in line
               for line in lines), zh.stderr
    assert any("第 3 行" in line and "不是 JSON 对象" in line for line in lines), zh.stderr
    assert any("第 4 行" in line and "text 是空的" in line for line in lines), zh.stderr
    assert "not JSON" not in zh.stderr and " line " not in zh.stderr
    en = run("scan", "--lang", "en", str(path))
    assert f"warning: {path} line 2: not JSON (Expecting value at column 1) — skipped" \
        in en.stderr
    assert f"warning: {path} line 4: text is empty — skipped" in en.stderr
    # the JSON output keeps the English position and reason
    doc = run("scan", "--json", str(path)).json
    assert {"source": str(path), "position": "line 2",
            "reason": "not JSON (Expecting value at column 1)"} in doc["skipped"]


def test_strict_says_the_bad_record_in_the_users_language(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text('{"text": "请尽快还款"}\nnope\n', encoding="utf-8")
    zh = run("scan", str(src), "--strict")
    assert zh.code == 3 and "第 2 行：不是 JSON" in zh.stderr and "line 2" not in zh.stderr
    en = run("scan", str(src), "--strict", "--lang", "en")
    assert en.code == 3 and "line 2: not JSON" in en.stderr
