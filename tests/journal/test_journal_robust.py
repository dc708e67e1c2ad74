"""Evidence never becomes unreadable, and the journal's own export round-trips.

From the fault campaign of issue 9: a date the tool once accepted (year 1) made
every later command fail; a row edited by hand must not either; re-importing an
export added duplicates and turned void markers into phantom contacts; huge
numbers in a file rejected the whole file or crashed.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.journal import store

from ..cli.test_cli_log import FIXTURES, add_sample, log, log_en
from ..conftest import ERROR_PREFIXES, run, run_en

READERS = (("list", "--all", "--json"), ("report", "--json"), ("export", "--all"),
           ("verify",), ("void", "1", "--reason", "wrong"))


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "j" / "journal.sqlite3")


def _one_line(result) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(ERROR_PREFIXES), result.stderr
    return lines[0]


# --------------------------------------------------------------------------- at the door


@pytest.mark.parametrize("at", ["0001-01-01 00:00", "9999-12-31T23:59:00-12:00",
                                "1969-12-31 12:00", "2100-01-01 08:00"])
def test_add_refuses_times_outside_the_range_and_writes_nothing(db: str, at: str) -> None:
    r = log_en(db, "add", "--method", "call", "--at", at)
    assert r.code == 2
    assert "outside the range" in _one_line(r)
    assert not Path(db).exists() or store.Journal.open(Path(db)).count() == 0


@pytest.mark.parametrize("args", [
    ("--duration", "99999999999999999999"), ("--duration", "999999999999999999999秒"),
    ("--duration", "9" * 5000),
])
def test_add_refuses_huge_durations(db: str, args: tuple[str, ...]) -> None:
    r = log(db, "add", "--method", "call", *args)
    assert r.code == 2
    assert len(_one_line(r)) < 300


def test_void_of_a_huge_number_is_a_usage_error(db: str) -> None:
    add_sample(db)
    r = log_en(db, "void", "99999999999999999999", "--reason", "x")
    assert r.code == 2
    assert "no entry" in _one_line(r)


def _calls_xml(tmp_path: Path, *calls: str) -> Path:
    body = "\n".join(calls)
    path = tmp_path / "calls-odd.xml"
    path.write_text(f"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
                    f'<calls count="{len(calls)}">\n{body}\n</calls>\n', encoding="utf-8")
    return path


GOOD_CALL = '<call number="17012345678" duration="65" date="1795136400000" type="1" />'


@pytest.mark.parametrize("bad", [
    '<call number="17012345678" duration="99999999999999999999" date="1795136500000" type="1" />',
    '<call number="17012345678" duration="-5" date="1795136500000" type="1" />',
    f'<call number="17012345678" duration="{"9" * 5000}" date="1795136500000" type="1" />',
    '<call number="17012345678" duration="5" date="253402300799999" type="1" />',
    '<call number="17012345678" duration="5" date="99999999999999999999999" type="1" />',
])
def test_one_bad_record_is_skipped_not_the_file(db: str, tmp_path: Path, bad: str) -> None:
    path = _calls_xml(tmp_path, GOOD_CALL, bad)
    r = log_en(db, "import", str(path), "--json")
    assert r.code == 0, r.stderr
    assert r.json["files"][0]["added"] == 1 and r.json["files"][0]["skipped"] == 1
    strict = log_en(str(Path(db).with_name("strict.sqlite3")), "import", str(path), "--strict")
    assert strict.code == 3 and "Traceback" not in strict.stderr
    assert "--strict" in strict.stderr.strip().splitlines()[-1]
    assert "was not imported" in strict.stderr


def test_csv_durations_beyond_any_call_are_skipped(db: str, tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("时间,号码,类型,时长\n2026-11-20 10:00,17012345678,来电,65秒\n"
                    "2026-11-20 10:05,17012345678,来电,999999999999999999999秒\n",
                    encoding="utf-8")
    r = log(db, "import", str(path), "--json")
    assert r.code == 0, r.stderr
    assert (r.json["files"][0]["added"], r.json["files"][0]["skipped"]) == (1, 1)


def test_jsonl_times_outside_the_range_are_skipped(db: str, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(
        json.dumps({"time": "9999-12-31T23:59:00-12:00", "text": "还钱", "from": "123"}) + "\n"
        + json.dumps({"time": "0001-01-01T00:00:00", "text": "还钱", "from": "123"}) + "\n"
        + json.dumps({"time": "2026-11-20T10:00:00+08:00", "text": "还钱", "from": "123"})
        + "\n", encoding="utf-8")
    r = log(db, "import", str(path), "--json")
    assert r.code == 0, r.stderr
    assert (r.json["files"][0]["added"], r.json["files"][0]["skipped"]) == (1, 2)
    for args in READERS:
        assert log(db, *args).code in (0, 1), args


# --------------------------------------------------------------------------- whatever a row holds


@pytest.mark.parametrize("column, value", [
    ("at_ms", -62135596800000),       # year 1, as an earlier version stored it
    ("at_ms", 253402300799999 + 1),   # year 10000
    ("at_ms", "not a time"),
    ("at_ms", 2 ** 62),
    ("utc_offset_s", 10 ** 9),
    ("extra", "{not json"),
    ("extra", '{"attachments": 5}'),
    ("extra", "[1, 2]"),
    ("duration_s", "long"),
    ("text", b"\xff\xfe binary"),
    ("third_party", "yes"),
    ("method", None),
])
def test_every_reader_survives_an_edited_row(db: str, column: str, value: object) -> None:
    add_sample(db)
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        if value is None:  # NOT NULL column: rebuild the check by writing an empty string
            value = ""
        conn.execute(f"UPDATE entries SET {column} = ? WHERE seq = 1", (value,))
        conn.commit()
    finally:
        conn.close()
    for args in READERS:
        r = log(db, *args)
        assert "Traceback" not in r.stderr, (args, r.stderr)
        assert r.code in (0, 1, 3), (args, r.code, r.stderr)
    r = run("complaint", "--to", "12378", "--db", db)
    assert r.code in (0, 1, 3) and "Traceback" not in r.stderr
    verify = log(db, "verify", "--json")
    assert verify.code == 1 and verify.json["first_broken"]["seq"] == 1


# --------------------------------------------------------------------------- round trip


def _entries(db: str) -> list[tuple[object, ...]]:
    """What must survive a round trip: content, and voids as voids (by content)."""
    docs = log(db, "list", "--all", "--json").json["entries"]
    by_seq = {d["seq"]: d for d in docs}
    keep = ("at", "method", "direction", "number", "name", "platform", "text", "note",
            "duration_s", "outcome", "kind", "third_party", "attachments", "reason")
    out = []
    for d in docs:
        target = by_seq[d["void_of"]] if d["void_of"] else None
        out.append((*(json.dumps(d[k], ensure_ascii=False) for k in keep if k != "at" or
                      not d["void_of"]),
                    tuple(target[k] for k in ("at", "method", "number")) if target else None,
                    d["voided_by"] is not None))
    return sorted(out, key=repr)


def test_export_round_trips_to_the_same_journal(db: str, tmp_path: Path) -> None:
    add_sample(db)
    assert log(db, "import", str(FIXTURES / "sms-20261120.xml")).code == 0
    assert log(db, "import", str(FIXTURES / "calls-20261120.xml")).code == 0
    assert log(db, "void", "2", "--reason", "记错了").code == 0
    assert log(db, "void", "5", "--reason", "不是催收").code == 0
    before = log(db, "list", "--all", "--json").json["total"]
    exported = tmp_path / "export.jsonl"
    assert log(db, "export", "--all", "--format", "jsonl", "--output", str(exported)).code == 0

    # into the same journal: nothing new, not even the hand-added entries or the voids
    again = log(db, "import", str(exported), "--json")
    assert again.code == 0, again.stderr
    assert again.json["files"][0]["added"] == 0
    assert log(db, "list", "--all", "--json").json["total"] == before

    # into a fresh journal: the same entries, voids as voids; a second import adds nothing
    fresh = str(tmp_path / "fresh.sqlite3")
    first = log(fresh, "import", str(exported), "--json")
    assert first.code == 0, first.stderr
    assert first.json["files"][0]["added"] == before
    assert first.json["files"][0]["skipped"] == 0
    assert _entries(fresh) == _entries(db)
    second = log(fresh, "import", str(exported), "--json")
    assert second.json["files"][0]["added"] == 0
    assert log(fresh, "verify").code == 0
    report = log(fresh, "report", "--json").json
    assert report["totals"] == log(db, "report", "--json").json["totals"]


def test_journals_from_before_keys_for_hand_entries_round_trip(db: str, tmp_path: Path) -> None:
    """A v2 journal's hand-added entries have no dedupe key: the migration gives them one."""
    add_sample(db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE entries SET dedupe = NULL")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    exported = tmp_path / "export.jsonl"
    assert log(db, "export", "--all", "--format", "jsonl", "--output", str(exported)).code == 0
    again = log(db, "import", str(exported), "--json")
    assert again.json["files"][0]["added"] == 0
    assert log(db, "verify").code == 0


# --------------------------------------------------------------------------- small ones


def test_a_bare_time_is_today_and_never_in_the_future(db: str) -> None:
    """A time with no day is today's; one still to come is refused (the user names
    the day), so no entry is ever dated in the future by a guess."""
    r = log_en(db, "add", "--method", "call", "--at", "00:00", "--json")
    assert r.code == 0, r.stderr
    assert r.json["entry"]["time_flag"] is None
    r = log_en(db, "add", "--method", "call", "--at", "23:59:59", "--json")
    assert r.code == 0 or "has not come yet" in r.stderr
    if r.code == 0:
        assert r.json["entry"]["time_flag"] is None


def test_verify_on_a_broken_chain_prints_the_real_head(db: str) -> None:
    add_sample(db)
    head = log(db, "verify", "--json").json["head_hash"]
    conn = sqlite3.connect(db)
    conn.execute("UPDATE entries SET number = '13800000000' WHERE seq = 3")
    conn.commit()
    conn.close()
    r = log(db, "verify", "--json")
    assert r.code == 1
    assert r.json["first_broken"]["seq"] == 3
    assert r.json["head_hash"] == head  # the stored head, not the last good entry's
    human = log(db, "verify")
    assert head in human.stdout and "#3" in human.stdout


def test_a_missing_attachment_fails_verify_like_a_changed_one(db: str, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"png")
    assert log(db, "add", "--method", "sms", "--attach", str(shot)).code == 0
    assert log(db, "verify").code == 0
    shot.unlink()
    r = log(db, "verify", "--json")
    assert r.code == 1 and r.json["ok"] is False
    assert r.json["attachments"]["missing"][0]["seq"] == 1


def test_complaint_recomputes_verdicts_from_the_hashed_text(db: str) -> None:
    """The analysis table is not hashed: a verdict edited there must not reach a draft."""
    assert log_en(db, "add", "--method", "sms", "--at", "2026-11-20 10:00", "--from",
               "10690000123", "--text", "您的账单已出，请按时还款").code == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE analysis SET verdict = 'unlawful', signals = "
                 "'[{\"id\":\"threat_violence\",\"category\":\"threat\",\"verdict\":\"unlawful\","
                 "\"evidence\":\"按时还款\",\"span\":[0,1]}]'")
    conn.commit()
    conn.close()
    r = run_en("complaint", "--to", "12378", "--db", db, "--json")
    assert r.code == 0, r.stderr
    assert "recomputed" in r.stderr
    assert r.json["context"]["counts"]["flagged_messages"] == 0


# --------------------------------------------------------------------------- streaming


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10)


@given(st.dictionaries(st.text(max_size=6), json_values, max_size=4),
       st.lists(json_values, max_size=4))
def test_streamed_json_is_byte_for_byte_the_whole_document(head: dict, items: list) -> None:
    """``log list --json`` streams its entries; the text must be what one dumps gives."""
    import io

    from overdue_cli.render.json import dumps, write_streaming

    head.pop("entries", None)
    out = io.StringIO()
    assert write_streaming(out, head, "entries", iter(items)) == len(items)
    assert out.getvalue() == dumps({**head, "entries": items})


# --------------------------------------------------------------------------- what was kept


def test_a_full_disk_while_scanning_says_the_import_was_kept(db: str, monkeypatch) -> None:
    """The import commits first; if the scan's write then fails, the entries stay and
    the message says so (it used to say 'nothing from this write was kept')."""
    from overdue_cli.journal.store import Journal, JournalError

    def full(self, rules, rows):
        raise JournalError(f"{self.path}: the disk is full; nothing from this write was kept")

    monkeypatch.setattr(Journal, "save_analysis", full)
    r = log_en(db, "import", str(FIXTURES / "sms-20261120.xml"), "--json")
    assert r.code == 0, r.stderr
    assert "the import was kept" in r.stderr
    assert r.json["files"][0]["added"] > 0
    monkeypatch.undo()
    assert log_en(db, "verify").code == 0


def test_an_io_error_on_open_is_not_called_a_foreign_file(db: str, monkeypatch) -> None:
    import sqlite3 as real

    add_sample(db)

    class Failing:
        def __init__(self, conn):
            self._conn = conn

        def execute(self, sql, *args):
            if sql.startswith("PRAGMA user_version"):
                error = real.OperationalError("disk I/O error")
                error.sqlite_errorcode = 10  # SQLITE_IOERR
                raise error
            return self._conn.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self._conn, name)

        def __setattr__(self, name, value):
            if name == "_conn":
                object.__setattr__(self, name, value)
            else:
                setattr(self._conn, name, value)

    connect = real.connect
    monkeypatch.setattr(store.sqlite3, "connect", lambda *a, **k: Failing(connect(*a, **k)))
    r = log_en(db, "verify")
    assert r.code == 3
    line = _one_line(r)
    assert "not an overdue journal" not in line and "move this file" not in line
    assert "not changed" in line


@pytest.mark.parametrize("target", ["/dev/null", "dir"])
def test_a_journal_path_that_is_not_a_file_is_refused_untouched(tmp_path: Path,
                                                                target: str) -> None:
    path = str(tmp_path) if target == "dir" else target
    for args in (("list",), ("add", "--method", "call")):  # (destroy: see below, never /dev)
        r = log(path, *args)
        assert r.code == 2, (args, r.stderr)
        _one_line(r)
    assert not Path("/dev/null-journal").exists()
    assert tmp_path.is_dir()


@pytest.mark.parametrize("kind", ["fifo", "dir", "text", "sqlite"])
def test_destroy_deletes_only_an_overdue_journal(tmp_path: Path, kind: str) -> None:
    """`log destroy --yes --db X` once unlinked whatever X was (as root, /dev/null)."""
    import os

    target = tmp_path / "not-a-journal"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dir":
        target.mkdir()
    elif kind == "text":
        target.write_text("my notes", encoding="utf-8")
    else:
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE photos (id INTEGER)")
        conn.commit()
        conn.close()
    r = log(str(target), "destroy", "--yes")
    assert r.code in (2, 3), r.stderr
    _one_line(r)
    assert target.exists() or target.is_fifo()


def test_a_huge_rules_file_is_not_echoed(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("x" * 3_000_000, encoding="utf-8")
    r = run("check", "--days", "3", "--method", "sms", "--rules", str(big))
    assert r.code == 3
    assert len(_one_line(r)) < 400


@pytest.mark.parametrize("signals", ["garbage", "[1,2]", '{"a":1}', "null", b"\xff",
                                     '[{"id":"x"}]'])
def test_an_edited_analysis_table_is_recomputed_not_fatal(db: str, signals: object) -> None:
    """The scan verdicts are not hashed; whatever is written there, reads go on and the
    verdicts are computed again from the messages."""
    add_sample(db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE analysis SET signals = ?", (signals,))
    conn.commit()
    conn.close()
    for args in (("list", "--json"), ("list", "--flagged"), ("report", "--json"),
                 ("export", "--all")):
        r = log(db, *args)
        assert r.code == 0 and "Traceback" not in r.stderr, (args, r.stderr)
    flagged = log(db, "list", "--flagged", "--json").json["entries"]
    assert [e["scan"]["verdict"] for e in flagged] == ["unlawful"]


@pytest.mark.parametrize("column, value", [("method", b"\xff"), ("number", b"\xff"),
                                           ("platform", b"\xff"), ("name", b"\xe7\x9f\xad"),
                                           ("number", 13800000000)])
def test_report_and_redaction_survive_blobs_in_text_columns(db: str, column: str,
                                                           value: object) -> None:
    add_sample(db)
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE entries SET {column} = ? WHERE seq = 1", (value,))
    conn.commit()
    conn.close()
    for args in (("report",), ("report", "--json"), ("list", "--redact"),
                 ("export", "--redact"), ("report", "--redact")):
        r = log(db, *args)
        assert r.code == 0 and "Traceback" not in r.stderr, (args, r.stderr)
    r = run("complaint", "--to", "12321", "--redact", "--db", db)
    assert r.code == 0 and "Traceback" not in r.stderr, r.stderr


def test_a_redacted_complaint_keeps_numbers_with_the_same_last_four_apart(db: str) -> None:
    for number, count in (("17012345678", 3), ("13812345678", 1)):
        for i in range(count):
            assert log(db, "add", "--method", "call", "--at", f"2026-11-2{i} 23:0{i}",
                       "--from", number).code == 0
    r = run("complaint", "--to", "12321", "--redact", "--db", db)
    assert r.code == 0, r.stderr
    assert "本稿列出 3 条记录" in r.stdout and "本稿列出 1 条记录" in r.stdout


def test_an_interrupted_export_removes_its_partial_file(db: str, tmp_path: Path,
                                                        monkeypatch) -> None:
    from overdue_cli.render import journal_export

    add_sample(db)
    out = tmp_path / "export.jsonl"

    def stop(stream, rows):
        stream.write("{}\n")
        raise KeyboardInterrupt

    monkeypatch.setattr(journal_export, "write_jsonl", stop)
    r = log(db, "export", "--format", "jsonl", "--output", str(out))
    assert r.code == 130
    assert "没有写完，已删除" in r.stderr and not out.exists()


def test_void_needs_a_reason(db: str) -> None:
    add_sample(db)
    r = log(db, "void", "1", "--reason", "   ")
    assert r.code == 2
    assert "--reason" in _one_line(r)


@pytest.mark.parametrize("value", ["9999-12-31T23:59-12:00", "0001-01-01T00:00+14:00"])
def test_scan_keeps_a_message_whose_time_is_past_the_calendar(tmp_path: Path,
                                                              value: str) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps({"text": "明天上门", "time": value}) + "\n", encoding="utf-8")
    r = run("scan", str(path), "--jsonl")
    assert r.code == 0 and "Traceback" not in r.stderr, r.stderr
