"""Who lent the money decides where a complaint goes (legal.md §23).

``log add`` / ``log import --lender KIND`` record, per platform, what kind of lender
it is; ``log report`` shows it; ``overdue complaint`` routes by it and says plainly
when the channel the user picked may not take that kind of lender. The record lives
beside the hash chain, not in it: verify and the entries never change.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from overdue_cli.journal import columns, schema
from overdue_cli.journal.events import Event, Source
from overdue_cli.journal.store import Journal
from overdue_cli.readers import CHINA_TZ

from ..conftest import run

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
NOW = datetime(2026, 1, 22, 12, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "j" / "journal.sqlite3")


def log(db: str, *args: str) -> object:
    return run("log", *args, "--db", db)


def threat_and_calls(db: str, *extra: str) -> None:
    r = log(db, "add", "--method", "sms", "--at", "2026-01-10 10:00", "--from", "17012345678",
            "--platform", "某某借", "--text", "明天上门找你，让你全家不得安宁", *extra)
    assert r.code == 0, r.stderr
    for minute in range(7):
        r = log(db, "add", "--method", "call", "--at", f"2026-01-11 10:0{minute}", "--from",
                "17055556666", "--platform", "某某借", "--outcome", "missed")
        assert r.code == 0, r.stderr


# --------------------------------------------------------------------------- the store


def test_the_lender_is_kept_per_platform_outside_the_chain(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as j:
        j.append(Event("call", "in", NOW, Source("manual"), platform="某某借"),
                 tz="Asia/Shanghai", now=NOW)
        before = j.verify()
        j.set_lender("某某借", "small_loan", now=NOW)
        j.set_lender("别的贷", "bank", now=NOW)
        j.set_lender("某某借", "consumer_finance", now=NOW)  # a later word replaces it
        assert j.lenders() == {"某某借": "consumer_finance", "别的贷": "bank"}
        after = j.verify()
    assert after.ok and after.head_hash == before.head_hash and after.entries == 1


def test_an_old_journal_gains_the_table_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for script in schema.MIGRATIONS[:3]:
        if script != "backfill_keys":
            conn.executescript(script)
    conn.execute("PRAGMA user_version = 3")
    source = ("manual", None, None, None, "Asia/Shanghai", "2026-01-01T01:00:00+00:00")
    conn.execute("INSERT INTO sources (id, kind, file, sha256, format, tz, recorded_at) "
                 "VALUES (1, ?, ?, ?, ?, ?, ?)", source)
    event = Event("call", "in", NOW, Source("manual"), number="17012345678", platform="某某借")
    values = columns.event_values(event, 1)
    digest = columns.chain_hash(columns.GENESIS, 1, values, source)
    conn.execute(schema.INSERT_ENTRY,
                 (1, *values, columns.dedupe_key(values), columns.GENESIS, digest))
    conn.commit()
    conn.close()
    with Journal.open(path) as j:
        assert j.verify().ok and j.verify().head_hash == digest and j.count() == 1
        assert j.lenders() == {}
        j.set_lender("某某借", "small_loan")
        assert j.lenders() == {"某某借": "small_loan"}
        assert j.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_an_edited_lender_row_reads_as_not_recorded(tmp_path: Path) -> None:
    with Journal.open(tmp_path / "j.sqlite3") as j:
        j.conn.execute("INSERT INTO platforms VALUES (?, ?, ?)", ("某某借", b"\xff", "x"))
        assert j.lenders() == {}


# --------------------------------------------------------------------------- the CLI


def test_log_add_records_the_lender_and_the_report_shows_it(db: str) -> None:
    threat_and_calls(db, "--lender", "小贷")
    doc = log(db, "report", "--platform", "某某借", "--json").json
    assert doc["lender"] == "small_loan"
    assert {"platform": "某某借", "entries": 8, "lender": "small_loan"} in doc["platforms"]
    md = log(db, "report", "--platform", "某某借", "--format", "markdown").stdout
    assert "- 放款机构类型：小额贷款公司" in md
    everywhere = log(db, "report", "--format", "markdown").stdout
    assert "各平台的放款机构类型（你登记的）：某某借 小额贷款公司" in everywhere
    human = log(db, "report", "--lang", "en").stdout
    assert "Kind of lender per platform" in human and "某某借" in human


def test_log_import_records_the_lender_of_its_platform(db: str) -> None:
    r = log(db, "import", str(FIXTURES / "calls-20261120.xml"), "--platform", "某某借",
            "--lender", "consumer_finance")
    assert r.code == 0, r.stderr
    with Journal.open(Path(db)) as j:
        assert j.lenders() == {"某某借": "consumer_finance"}
    assert log(db, "verify").code == 0


@pytest.mark.parametrize("lang, words", [
    ("zh-Hans", ("不认识的放款机构类型", "可选：", "small_loan（小额贷款公司")),
    ("zh-Hant", ("不認識的放款機構類型", "可選：")),
    ("en", ("unknown --lender 'p2p-ish'", "one of:", "small_loan (")),
])
def test_an_unknown_lender_is_one_line_in_the_users_language(db: str, lang: str,
                                                             words: tuple[str, ...]) -> None:
    for command in (("log", "add", "--method", "call", "--platform", "某某借"),
                    ("log", "import", str(FIXTURES / "calls-20261120.xml"), "--platform", "x"),
                    ("complaint", "--to", "12378")):
        r = run(*command, "--lender", "p2p-ish", "--lang", lang, "--db", db)
        assert r.code == 2, (command, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
        for word in words:
            assert word in r.stderr, (command, r.stderr)
        assert not Path(db).exists()  # nothing was written


def test_the_lender_needs_a_platform(db: str) -> None:
    r = log(db, "add", "--method", "call", "--lender", "bank")
    assert r.code == 2 and "--platform" in r.stderr and not Path(db).exists()
    r = log(db, "import", str(FIXTURES / "calls-20261120.xml"), "--lender", "bank")
    assert r.code == 2 and "--platform" in r.stderr and not Path(db).exists()


@pytest.mark.parametrize("word, lender", [
    ("小贷", "small_loan"), ("消金", "consumer_finance"), ("信用卡", "credit_card"),
    ("高利贷", "unlicensed"), ("714", "unlicensed"), ("網貸平台", "platform"), ("BANK", "bank"),
])
def test_lender_words(db: str, word: str, lender: str) -> None:
    r = log(db, "add", "--method", "call", "--platform", "某某借", "--lender", word)
    assert r.code == 0, r.stderr
    with Journal.open(Path(db)) as j:
        assert j.lenders() == {"某某借": lender}


def test_12378_for_a_small_loan_company_says_so_and_names_the_right_channel(db: str) -> None:
    threat_and_calls(db, "--lender", "small_loan")
    r = run("complaint", "--to", "12378", "--platform", "某某借", "--db", db)
    assert r.code == 0, r.stderr
    notice = r.stdout.split("以下为正文")[0] if "以下为正文" in r.stdout else \
        r.stdout.split("# 投诉书")[0]
    assert "可能不受理" in notice and "地方金融管理机构" in notice
    assert "放款机构类型：小额贷款公司" in r.stdout
    assert "local_regulator" in r.stderr and "12378" in r.stderr


def test_without_a_channel_the_lenders_first_channel_is_used(db: str) -> None:
    threat_and_calls(db, "--lender", "unlicensed")
    r = run("complaint", "--platform", "某某借", "--db", db)
    assert r.code == 0, r.stderr
    assert "报案材料" in r.stdout  # police: the first channel for an unlicensed lender
    assert "police" in r.stderr and "12321" in r.stderr
    doc = run("complaint", "--platform", "某某借", "--json", "--db", db).json
    assert doc["channel"] == "police" and doc["context"]["lender"]["fits"]


def test_complaint_lender_overrides_the_recorded_one(db: str) -> None:
    threat_and_calls(db, "--lender", "small_loan")
    doc = run("complaint", "--channel", "12378", "--lender", "消金", "--platform", "某某借",
              "--json", "--db", db).json
    lender = doc["context"]["lender"]
    assert lender["id"] == "consumer_finance" and lender["fits"] and lender["given"] == "option"
    assert "可能不受理针对这类机构" not in doc["draft"]


def test_the_local_regulator_draft(db: str, validator) -> None:
    threat_and_calls(db, "--lender", "small_loan")
    for fmt in ("markdown", "text"):
        r = run("complaint", "--to", "local_regulator", "--platform", "某某借", "--format",
                fmt, "--db", db)
        assert r.code == 0, r.stderr
        assert "【地方金融管理机构全称】" in r.stdout and "【省份】" in r.stdout
        assert "2026-01-10 10:00" in r.stdout
        assert "可能不受理针对这类机构" not in r.stdout
