"""``log report --format html`` and ``complaint --format html`` from the command line:
the page on stdout or in a new private file (never over an old one), the cited
entries' hashes read from the journal, the language, and the usual exit codes."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from tests.conftest import run, run_en

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "j" / "journal.sqlite3")
    r = run("log", "import", str(FIXTURES / "calls-20261120.xml"),
            str(FIXTURES / "sms-20261120.xml"), "--platform", "某某借", "--db", path)
    assert r.code == 0, r.stderr
    return path


def _text(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page)


def test_report_html_on_stdout(db: str) -> None:
    r = run("log", "report", "--format", "html", "--db", db)
    assert r.code == 0, r.stderr
    page = r.stdout
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count("<svg") == 3 and "<script" not in page
    assert not re.search(r"(src|href)\s*=", page)
    head = run("log", "verify", "--json", "--db", db).json["head_hash"]
    assert head in _text(page)


def test_report_html_cites_every_night_contact_with_its_hash(db: str) -> None:
    page = run("log", "report", "-f", "html", "--db", db).stdout
    text = _text(page[page.index('<section class="evidence">'):])
    night = [e for e in run("log", "list", "--json", "--db", db).json["entries"]
             if e["direction"] == "in" and not 8 <= int(e["at"][11:13]) < 22]
    assert len(night) >= 5
    for e in night:
        assert f"#{e['seq']}" in text and e["hash"] in text, e["seq"]


def test_report_html_to_a_private_file_never_overwritten(db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    r = run_en("log", "report", "--format", "html", "--output", str(out), "--db", db)
    assert r.code == 0 and r.stdout == "", r.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    first = out.read_text(encoding="utf-8")
    assert first.startswith("<!DOCTYPE html>")
    again = run_en("log", "report", "--format", "html", "-o", str(out), "--db", db)
    assert again.code == 2 and "already exists" in again.stderr
    assert out.read_text(encoding="utf-8") == first


def test_report_html_language(db: str) -> None:
    en = run("log", "report", "--format", "html", "--lang", "en", "--db", db).stdout
    assert '<html lang="en">' in en and "Contacts per day" in en and "Evidence" in en
    zh = run("log", "report", "--format", "html", "--db", db).stdout
    assert '<html lang="zh-Hans">' in zh and "每天被联系的次数" in zh and "证据清单" in zh


def test_report_html_redacted(db: str) -> None:
    page = run("log", "report", "--format", "html", "--redact", "--db", db).stdout
    assert "17112345678" not in page and "5678" in page and db not in page


def test_report_bad_format_is_a_usage_error(db: str) -> None:
    r = run("log", "report", "--format", "htm", "--db", db)
    assert r.code == 2 and "html" in r.stderr and "Traceback" not in r.stderr


def test_complaint_html(db: str, tmp_path: Path, validator) -> None:
    out = tmp_path / "complaint.html"
    r = run("complaint", "--to", "12378", "--format", "html", "-o", str(out), "--db", db)
    assert r.code == 0, r.stderr
    page = out.read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert '<html lang="zh-Hans">' in page and "<h1>投诉书</h1>" in page
    assert page.count("<svg") == 3 and "<script" not in page
    assert not re.search(r"(src|href)\s*=", page)
    doc = run("complaint", "--to", "12378", "--json", "--db", db).json
    text = _text(page)
    assert doc["context"]["journal"]["head_hash"] in text
    entries = {e["seq"]: e for e in run("log", "list", "--json", "--db", db).json["entries"]}
    for line in doc["context"]["timeline"]:
        assert entries[line["seq"]]["hash"] in text
    # the draft is the Markdown one's words
    md = run("complaint", "--to", "12378", "--db", db).stdout
    assert "本人是【平台名称】的借款人" in md and "本人是【平台名称】的借款人" in page
    # --json with --format html: the document, its draft the Markdown one
    both = run("complaint", "--to", "12378", "--format", "html", "--json", "--db", db)
    assert both.code == 0
    validator("complaint.schema.json", both.json)
    assert both.json["format"] == "markdown" and both.json["draft"] == md


def test_complaint_html_stays_chinese(db: str) -> None:
    r = run("complaint", "--to", "police", "--format", "html", "--lang", "en", "--db", db)
    assert r.code == 0 and '<html lang="zh-Hans">' in r.stdout and "证据清单" in r.stdout
    assert "Simplified Chinese" in r.stderr


def test_help_mentions_html() -> None:
    for command in (("log", "report"), ("complaint",)):
        r = run(*command, "--help")
        assert r.code == 0 and "html" in r.stdout
