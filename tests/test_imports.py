"""Fast to answer: check, explain and scan load no heavy modules they do not need."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import io, json, sys
from overdue_cli.cli.root import main
out = io.StringIO(); real = sys.stdout; sys.stdout = out
code = main({args!r})
sys.stdout = real
print(json.dumps({{"code": code, "loaded": sorted(m for m in ("jieba", "opencc", "rich")
                                                   if m in sys.modules),
                   "journal": sorted(m for m in ("sqlite3", "jinja2", "platformdirs",
                                                 "overdue_cli.journal.store",
                                                 "overdue_cli.cli.journal")
                                     if m in sys.modules)}}))
"""


def loaded(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=list(args))],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [
    ("check", "--days", "30", "--method", "contacts", "--json"),
    ("explain", "contacts", "--json"),
    ("check", "--days", "30", "--method", "爆通讯录", "--json"),
])
def test_json_paths_load_neither_jieba_nor_opencc_nor_rich(args) -> None:
    result = loaded(*args)
    assert result == {"code": 0, "loaded": [], "journal": []}


def test_log_json_loads_no_scanner_rich_or_templates(tmp_path) -> None:
    """The journal commands pay for SQLite, not for jieba, rich or Jinja2."""
    db = str(tmp_path / "j.sqlite3")
    result = loaded("log", "add", "--method", "call", "--db", db, "--json")
    assert result["code"] == 0 and result["loaded"] == []
    assert "jinja2" not in result["journal"] and "sqlite3" in result["journal"]


def test_help_still_lists_the_journal_commands() -> None:
    from .conftest import run

    out = run("--help").stdout
    assert "log" in out and "complaint" in out


def test_human_output_loads_rich_but_not_jieba_or_opencc() -> None:
    assert loaded("check", "--days", "30", "--method", "contacts")["loaded"] == ["rich"]


def test_traditional_output_loads_opencc_only_without_the_wheels_table() -> None:
    """An installed wheel ships the rulebook's texts already in zh-Hant, so zh-Hant
    output loads nothing more than zh-Hans; from a source tree (no compiled
    rulebook beside rules.yaml) OpenCC converts them, and is loaded only then."""
    from overdue_cli.rulebook.load import default_rulebook_path

    compiled = default_rulebook_path().with_name("rules.compiled.pickle").exists()
    result = loaded("check", "--days", "30", "--method", "contacts", "--json", "--lang", "zh-Hant")
    assert result["loaded"] == ([] if compiled else ["opencc"])


def test_traditional_input_missing_an_alias_loads_opencc() -> None:
    # 緊急聯繫人 is listed; 緊急連絡人 is not, so it is converted to Simplified first
    result = loaded("check", "--days", "3", "--method", "聯系家人", "--json")
    assert result["code"] == 0 and "opencc" in result["loaded"]


def test_scanning_a_plain_message_loads_neither_jieba_nor_opencc() -> None:
    assert loaded("scan", "一条短信", "--json") == {"code": 0, "loaded": [], "journal": []}


def test_scan_never_loads_jieba() -> None:
    # 不会 before 联系 must be checked for negation, so the segmenter runs; it is
    # jieba's algorithm re-implemented in scan/segment.py, with no jieba import
    assert loaded("scan", "我们不会联系你的家人", "--json")["loaded"] == []


def test_traditional_messages_are_folded_without_opencc() -> None:
    result = loaded("scan", "你這個老賴", "--json")
    assert result["code"] == 0 and "opencc" not in result["loaded"]
