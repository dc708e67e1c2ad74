"""The journal file: private, append-only, tamper-evident, atomic per import.

These tests drive ``journal.store`` directly with synthetic events, so they need
no export files; the importers have their own tests.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.journal import columns, files, schema, store
from overdue_cli.journal.events import Attachment, Event, Source
from overdue_cli.journal.store import Journal, JournalError
from overdue_cli.readers import CHINA_TZ, InputError, Skipped

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=CHINA_TZ)


def call(i: int, number: str = "17012345678", outcome: str = "missed") -> Event:
    return Event("call", "in", T0 + timedelta(minutes=i), Source("import", "calls.xml", "ab",
                                                                  f"record {i}", "calls-xml"),
                 number=number, outcome=outcome, duration_s=0, kind="call")


def sms(i: int, text: str = "您已逾期，请尽快还款") -> Event:
    return Event("sms", "in", T0 + timedelta(minutes=i), Source("import", "sms.xml", "cd",
                                                                 f"record {i}", "sms-xml"),
                 number="10690000123", text=text, kind="sms")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "journal.sqlite3"


def fill(path: Path, events: list[Event], name: str = "calls.xml") -> store.ImportResult:
    with Journal.open(path) as journal:
        return journal.import_events(name, "f" * 64, 10, "calls-xml", iter(events),
                                     tz="Asia/Shanghai")


# --------------------------------------------------------------------------- file


def test_created_private_with_wal(path: Path) -> None:
    with Journal.open(path) as journal:
        journal.append(call(1), tz="Asia/Shanghai")
        mode = journal.conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            if extra.exists():
                assert stat.S_IMODE(extra.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_schema_version_is_current(path: Path) -> None:
    with Journal.open(path) as journal:
        version = journal.conn.execute("PRAGMA user_version").fetchone()[0]
    assert version == schema.SCHEMA_VERSION


@pytest.mark.parametrize("start", range(1, schema.SCHEMA_VERSION))
def test_migrates_from_every_earlier_version(path: Path, start: int) -> None:
    """Build a journal as version ``start`` wrote it, then open it with this one."""
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    for script in schema.MIGRATIONS[:start]:
        if script != "backfill_keys":  # a step in Python, nothing to build here
            conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {start}")
    source = ("import", "calls.xml", "ab", "calls-xml", "Asia/Shanghai",
              "2026-11-01T01:00:00+00:00")
    conn.execute("INSERT INTO sources (id, kind, file, sha256, format, tz, recorded_at) "
                 "VALUES (1, ?, ?, ?, ?, ?, ?)", source)
    values = columns.event_values(call(1), 1)
    digest = columns.chain_hash(columns.GENESIS, 1, values, source)
    conn.execute(schema.INSERT_ENTRY,
                 (1, *values, columns.dedupe_key(values), columns.GENESIS, digest))
    conn.commit()
    conn.close()
    with Journal.open(path) as journal:
        assert journal.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert journal.verify().ok
        result = journal.import_events("more.xml", "e" * 64, 1, "calls-xml",
                                       iter([call(1), call(2)]), tz="Asia/Shanghai")
        assert (result.added, result.duplicates) == (1, 1)
        assert journal.verify().entries == 2


def test_refuses_a_newer_journal(path: Path) -> None:
    with Journal.open(path) as journal:
        journal.conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(JournalError, match="newer overdue"):
        Journal.open(path)
    assert path.read_bytes() == before


def test_refuses_a_file_that_is_not_sqlite(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is my diary, not a database\n" * 100)
    with pytest.raises(JournalError, match="not an overdue journal"):
        Journal.open(path)
    assert path.read_bytes().startswith(b"this is my diary")


def test_refuses_another_sqlite_database(path: Path) -> None:
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(JournalError, match="not an overdue journal"):
        Journal.open(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory_is_a_clear_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(JournalError, match="permission denied"):
            Journal.open(locked / "journal.sqlite3")
    finally:
        locked.chmod(0o700)


def test_missing_journal_is_not_created_by_readers(path: Path) -> None:
    from overdue_cli.errors import UsageProblem

    with pytest.raises(UsageProblem, match="no journal here"):
        Journal.open(path, create=False)
    assert not path.exists()


# --------------------------------------------------------------------------- chain


def test_chain_verifies_and_links(path: Path) -> None:
    fill(path, [call(i) for i in range(5)])
    with Journal.open(path) as journal:
        result = journal.verify()
        rows = journal.conn.execute("SELECT seq, prev_hash, hash FROM entries ORDER BY seq"
                                    ).fetchall()
    assert result.ok and result.entries == 5 and result.broken is None
    assert rows[0][1] == columns.GENESIS
    for (_, _, digest), (_, prev, _) in itertools.pairwise(rows):
        assert prev == digest
    assert result.head_hash == rows[-1][2]


@pytest.mark.parametrize("tamper, seq, reason", [
    ("UPDATE entries SET number = '17099999999' WHERE seq = 3", 3, "edited"),
    ("DELETE FROM entries WHERE seq = 2", 2, "missing"),
    ("UPDATE entries SET outcome = 'answered' WHERE seq = 4", 4, "edited"),
    ("UPDATE entries SET at_ms = at_ms + 3600000 WHERE seq = 1", 1, "edited"),
    ("UPDATE entries SET platform = '别的' WHERE seq = 5", 5, "edited"),
    ("UPDATE entries SET seq = 10 WHERE seq = 6", 6, "missing"),
    ("UPDATE sources SET file = 'other.xml'", 1, "edited"),
    ("UPDATE entries SET extra = '{\"note\":\"x\"}' WHERE seq = 7", 7, "edited"),
])
def test_verify_names_the_first_broken_entry(path: Path, tamper: str, seq: int,
                                             reason: str) -> None:
    fill(path, [call(i) for i in range(8)])
    conn = sqlite3.connect(path)
    conn.execute(tamper)
    conn.commit()
    conn.close()
    with Journal.open(path) as journal:
        result = journal.verify()
    assert not result.ok
    assert result.broken is not None and result.broken.seq == seq
    assert reason in result.broken.reason


def test_rewriting_an_entry_with_a_fresh_hash_breaks_the_next_link(path: Path) -> None:
    """An editor who recomputes the edited entry's hash still breaks the chain."""
    fill(path, [call(i) for i in range(4)])
    conn = sqlite3.connect(path)
    conn.execute("UPDATE entries SET outcome = 'answered' WHERE seq = 2")
    row = conn.execute(f"SELECT {', '.join(columns.FIELDS)}, prev_hash FROM entries "
                       "WHERE seq = 2").fetchone()
    source = conn.execute("SELECT kind, file, sha256, format, tz, recorded_at FROM sources "
                          "WHERE id = ?", (row[columns.FIELDS.index("source_id")],)).fetchone()
    conn.execute("UPDATE entries SET hash = ? WHERE seq = 2",
                 (columns.chain_hash(row[-1], 2, row[:-1], source),))
    conn.commit()
    conn.close()
    with Journal.open(path) as journal:
        broken = journal.verify().broken
    assert broken is not None and broken.seq == 3


def test_void_adds_an_entry_and_never_edits(path: Path) -> None:
    fill(path, [call(i) for i in range(2)])
    with Journal.open(path) as journal:
        before = journal.conn.execute("SELECT * FROM entries WHERE seq = 1").fetchone()
        entry = journal.append(call(9), tz="Asia/Shanghai", void_of=1, reason="wrong day")
        after = journal.conn.execute("SELECT * FROM entries WHERE seq = 1").fetchone()
        assert before == after
        assert entry.seq == 3 and entry.void_of == 1
        first = next(journal.entries("e.seq = 1"))
        assert first.voided_by == 3
        assert journal.verify().ok
        from overdue_cli.errors import UsageProblem

        with pytest.raises(UsageProblem, match="already voided"):
            journal.append(call(9), tz="Asia/Shanghai", void_of=1, reason="again")
        with pytest.raises(UsageProblem, match="no entry #99"):
            journal.append(call(9), tz="Asia/Shanghai", void_of=99, reason="x")


def test_attachment_changes_are_reported(path: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG fake")
    digest, size = files.file_sha256(str(shot))
    event = Event("sms", "in", T0, Source("manual"), attachments=(
        Attachment(str(shot), digest, size),))
    with Journal.open(path) as journal:
        journal.append(event, tz="Asia/Shanghai")
        assert journal.verify().attachments_ok == 1
        shot.write_bytes(b"\x89PNG edited")
        result = journal.verify()
        assert not result.ok and result.attachments_changed == ((1, str(shot)),)
        shot.unlink()
        result = journal.verify()  # lost evidence fails verify too (exit 1)
        assert not result.ok and result.attachments_missing == ((1, str(shot)),)
    assert shot.exists() is False


# --------------------------------------------------------------------------- import


def test_same_file_twice_adds_nothing(path: Path) -> None:
    events = [call(i) for i in range(10)]
    first = fill(path, events)
    second = fill(path, events)
    assert (first.added, first.duplicates) == (10, 0)
    assert (second.added, second.duplicates, second.already_imported) == (0, 10, True)


def test_overlapping_exports_merge(path: Path) -> None:
    fill(path, [call(i) for i in range(0, 6)])
    result = fill(path, [call(i) for i in range(3, 9)], name="calls-later.xml")
    assert (result.added, result.duplicates) == (3, 3)
    with Journal.open(path) as journal:
        assert journal.count() == 9
        assert journal.verify().ok


def test_duplicates_inside_one_file_and_across_batches(path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "BATCH", 3)
    events = [call(i % 4) for i in range(10)]
    result = fill(path, events)
    assert (result.added, result.duplicates) == (4, 6)


def test_platform_tag_is_not_part_of_identity(path: Path) -> None:
    from dataclasses import replace

    fill(path, [call(1)])
    with Journal.open(path) as journal:
        result = journal.import_events("x", "1" * 64, 1, "calls-xml", iter([call(1)]),
                                       tz="Asia/Shanghai",
                                       tag=lambda e: replace(e, platform="某某借"))
    assert result.duplicates == 1


def test_skipped_and_filtered_are_counted(path: Path) -> None:
    seen: list[Skipped] = []
    items = [call(1), Skipped("calls.xml", "record 2", "bad type '9'"), call(3, "13800000000")]
    with Journal.open(path) as journal:
        result = journal.import_events("calls.xml", "2" * 64, 1, "calls-xml", iter(items),
                                       tz="Asia/Shanghai",
                                       keep=lambda e: e.number == "17012345678",
                                       on_skip=seen.append)
    assert (result.added, result.skipped, result.filtered) == (1, 1, 1)
    assert seen[0].reason == "bad type '9'"


def test_implausible_times_are_kept_and_counted(path: Path) -> None:
    old = Event("call", "in", datetime(1999, 5, 1, tzinfo=CHINA_TZ), Source("manual"),
                number="1", outcome="missed")
    future = Event("call", "in", datetime(2031, 1, 1, tzinfo=CHINA_TZ), Source("manual"),
                   number="2", outcome="missed")
    result = fill(path, [old, future, call(1)])
    assert (result.added, result.flagged_times) == (3, 2)


def test_an_error_mid_file_leaves_the_journal_as_it_was(path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "BATCH", 5)
    fill(path, [call(i) for i in range(3)], name="earlier.xml")

    def broken():
        for i in range(100, 120):
            yield call(i)
        raise InputError("calls.xml: truncated at record 21")

    with Journal.open(path) as journal, pytest.raises(InputError):
        journal.import_events("calls.xml", "3" * 64, 1, "calls-xml", broken(),
                              tz="Asia/Shanghai")
    with Journal.open(path) as journal:
        assert journal.count() == 3
        assert journal.imports()[-1]["name"] == "earlier.xml"
        assert journal.verify().ok


def test_keyboard_interrupt_rolls_back(path: Path) -> None:
    def interrupted():
        yield from (call(i) for i in range(50))
        raise KeyboardInterrupt

    with Journal.open(path) as journal, pytest.raises(KeyboardInterrupt):
        journal.import_events("calls.xml", "4" * 64, 1, "calls-xml", interrupted(),
                              tz="Asia/Shanghai")
    with Journal.open(path) as journal:
        assert journal.count() == 0


def test_full_disk_is_a_clear_error_and_loses_nothing(path: Path) -> None:
    fill(path, [call(i) for i in range(3)])
    with Journal.open(path) as journal:
        pages = journal.conn.execute("PRAGMA page_count").fetchone()[0]
        journal.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        big = [sms(i, "逾期" * 2000) for i in range(200)]
        with pytest.raises(JournalError, match="disk is full"):
            journal.import_events("sms.xml", "5" * 64, 1, "sms-xml", iter(big),
                                  tz="Asia/Shanghai")
    with Journal.open(path) as journal:
        assert journal.count() == 3
        assert journal.verify().ok


_KILL_SCRIPT = textwrap.dedent("""
    import sys, time
    from datetime import datetime, timedelta
    from pathlib import Path
    from overdue_cli.journal.events import Event, Source
    from overdue_cli.journal.store import Journal
    from overdue_cli.readers.records import CHINA_TZ

    T0 = datetime(2026, 11, 1, tzinfo=CHINA_TZ)

    def events():
        for i in range(10**9):
            if i == 5000:
                print("started", flush=True)
            yield Event("call", "in", T0 + timedelta(seconds=i), Source("import"),
                        number="17012345678", outcome="missed")
            if i > 5000:
                time.sleep(0.0001)

    with Journal.open(Path(sys.argv[1])) as journal:
        journal.import_events("big.xml", "6" * 64, 1, "calls-xml", events(), tz="Asia/Shanghai")
""")


def test_killed_import_leaves_the_journal_intact(path: Path) -> None:
    """SIGKILL mid-import (no chance to clean up): the journal is as it was."""
    fill(path, [call(i) for i in range(7)])
    proc = subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, str(path)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "started"
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Journal.open(path) as journal:
        assert journal.count() == 7
        assert journal.verify().ok
        assert [i["name"] for i in journal.imports()] == ["calls.xml"]


def _import_range(path: str, start: int, name: str) -> None:
    with Journal.open(Path(path)) as journal:
        journal.import_events(name, name * 32, 1, "calls-xml",
                              iter([call(i) for i in range(start, start + 400)]),
                              tz="Asia/Shanghai")


def test_two_imports_at_once_do_not_corrupt(path: Path) -> None:
    Journal.open(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_import_range, args=(str(path), start, name))
             for start, name in ((0, "a"), (200, "b"))]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    with Journal.open(path) as journal:
        assert journal.count() == 600  # 0-599, the overlap 200-399 once
        assert journal.verify().ok


def test_entry_reads_back_exactly(path: Path) -> None:
    fill(path, [sms(1, "再不还钱就爆你通讯录")])
    with Journal.open(path) as journal:
        entry = next(journal.entries())
    from dataclasses import replace

    imported = sms(1, "再不还钱就爆你通讯录")  # the file's own name, hash and format win
    assert entry.event == replace(imported, source=Source("import", "calls.xml", "f" * 64,
                                                          "record 1", "calls-xml"))
    assert entry.event.at.isoformat() == "2026-11-01T09:01:00+08:00"
    assert entry.tz == "Asia/Shanghai"


def test_canonical_form_is_unambiguous() -> None:
    assert columns.canonical(["a|b", None]) != columns.canonical(["a", "b", None])
    assert columns.canonical([None]) != columns.canonical(["~"])
    assert columns.canonical([1]) != columns.canonical(["1"])
    assert columns.canonical(["1:x"]) != columns.canonical(["1", "x"])


def test_destroy_removes_every_file(path: Path) -> None:
    fill(path, [call(1)])
    Path(f"{path}-wal").write_bytes(b"")
    removed = files.destroy(path)
    assert path not in [p for p in path.parent.iterdir()]
    assert len(removed) >= 2


def test_permission_denied_is_a_clear_error(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only data directory (simulated: the tests may run as root)."""
    def deny(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "open", deny)
    with pytest.raises(JournalError, match="permission denied"):
        Journal.open(tmp_path / "journal.sqlite3")


def test_default_path_is_the_user_data_directory(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # $OVERDUE_DB is the CLI's Environment's to read (tests/cli): the journal reads none
    monkeypatch.setenv("OVERDUE_DB", str(tmp_path / "x.sqlite3"))
    assert files.resolve_path(str(tmp_path / "y")) == tmp_path / "y"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert files.resolve_path(None) == tmp_path / "xdg" / "overdue" / "journal.sqlite3"


_SCALARS = st.one_of(st.none(), st.integers(-(2**53), 2**53), st.text(), st.booleans())


@given(st.lists(st.one_of(_SCALARS, st.dictionaries(st.text(), _SCALARS, max_size=4)),
                max_size=20))
def test_canonical_is_exactly_compact_sorted_json(values: list) -> None:
    """The hashed form is plain JSON: anyone can recompute it without this tool."""
    expected = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert columns.canonical(values) == expected



# --------------------------------------------------------------------------- reading in a child


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reader forks on Linux")
def test_parallel_import_stores_exactly_what_a_serial_one_does(tmp_path: Path) -> None:
    events = [call(i, number=f"1701234{i % 50:04d}") for i in range(5000)]
    items = [*events[:10], Skipped("calls.xml", "record 11", "bad"), *events[10:]]
    results = []
    for parallel in (False, True):
        path = tmp_path / f"{parallel}.sqlite3"
        with Journal.open(path) as journal:
            result = journal.import_events(
                "calls.xml", "7" * 64, 1, "calls-xml", iter(items), tz="Asia/Shanghai",
                keep=lambda e: not e.number.endswith("7"),
                tag=lambda e: __import__("dataclasses").replace(e, platform="某某借"),
                now=T0, parallel=parallel)
            rows = journal.conn.execute(f"SELECT {', '.join(columns.FIELDS)}, hash FROM entries "
                                        "ORDER BY seq").fetchall()
            assert journal.verify().ok
        results.append((result, rows))
    (serial, serial_rows), (forked, forked_rows) = results
    assert serial == forked
    assert (forked.added, forked.skipped, forked.filtered) == (4500, 1, 500)
    assert serial_rows == forked_rows


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the reader forks on Linux")
def test_parallel_import_error_in_the_reader_rolls_back(path: Path) -> None:
    fill(path, [call(i) for i in range(3)])

    def broken():
        yield from (call(i) for i in range(100, 5000))
        raise InputError("calls.xml: truncated at record 4901", "re-export it")

    with Journal.open(path) as journal, pytest.raises(InputError) as caught:
        journal.import_events("calls.xml", "8" * 64, 1, "calls-xml", broken(),
                              tz="Asia/Shanghai", parallel=True)
    assert "truncated at record 4901" in caught.value.message
    assert caught.value.hint == "re-export it"
    with Journal.open(path) as journal:
        assert journal.count() == 3 and journal.verify().ok
