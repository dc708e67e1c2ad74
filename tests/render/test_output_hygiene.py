"""What every human renderer writes to a pipe or a file: no line ending in spaces
(rich pads tables and panels to the full width), no cell of ``overdue methods``
cut with "…" at 80 columns, and one localised name per method wherever a person
reads it (``log list`` showed some names and some ids)."""

from __future__ import annotations

import io
import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.render.view import TrailingSpaceStripper, make_console
from overdue_cli.rulebook import Rulebook

from ..conftest import run

SAMPLE = [
    ("call", "2026-11-20 22:40", "17012345678", "--note", "骂人，说要找我单位"),
    ("sms", "2026-11-20 09:00", "10690000123", "--text", "再不还钱就爆你通讯录，通知你全家"),
    ("contacts", "2026-11-21 10:00", "13800001111", "--note", "打给我妈"),
    ("address_book", "2026-11-21 11:00", "17012345678", "--note", "群发了"),
    ("fee_request", "2026-11-21 12:00", "17012345678", "--text", "交解冻费2000元"),
]


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("hygiene") / "j.sqlite3")
    for method, at, number, flag, value in SAMPLE:
        r = run("log", "add", "--db", db, "--method", method, "--at", at, "--from", number,
                "--platform", "某某借", flag, value)
        assert r.code == 0, r.stderr
    return db


def commands(db: str) -> list[list[str]]:
    check = ["check", "--days", "12", "-m", "爆通讯录", "-m", "call", "--hour", "23"]
    return [
        check, [*check, "--lang", "en"], [*check, "--brief"],
        ["check", "--days", "1200", "-m", "lawsuit", "--lang", "zh-Hant"],
        ["explain"], ["explain", "contacts"], ["explain", "credit", "--lang", "en"],
        ["methods"], ["methods", "--lang", "en"], ["rules", "list"],
        ["scan", "再不还钱就爆你通讯录，通知你全家", "您的借款已逾期3天"],
        ["log", "list", "--db", db], ["log", "list", "--db", db, "--lang", "en"],
        ["log", "report", "--db", db], ["log", "report", "--db", db, "--format", "markdown"],
        ["log", "verify", "--db", db],
        ["complaint", "--db", db, "--to", "12321"],
    ]


@pytest.mark.parametrize("columns", ["80", "100", "140"])
def test_no_line_ends_in_a_space(journal: str, columns: str) -> None:
    for args in commands(journal):
        r = run(*args, env={"COLUMNS": columns})
        assert r.code == 0, (args, r.stderr)
        assert r.stdout.strip(), args
        padded = [line for line in r.stdout.split("\n") if line != line.rstrip()]
        assert padded == [], (args, padded[:3])


def test_the_stripper_keeps_spaces_between_words_written_apart() -> None:
    out = io.StringIO()
    s = TrailingSpaceStripper(out)
    for piece in ["a  ", " b", "   \n", "  \n", "c ", "", "d\n  x"]:
        s.write(piece)
    s.flush()
    assert out.getvalue() == "a   b\n\nc d\n  x"
    assert s.isatty() is False and s.getvalue() == out.getvalue()  # the rest is the stream's


@given(st.text(alphabet="ab \n中", max_size=60), st.lists(st.integers(0, 60), max_size=8))
def test_the_stripper_is_rstrip_per_line_however_it_is_written(text: str,
                                                               cuts: list[int]) -> None:
    out = io.StringIO()
    s = TrailingSpaceStripper(out)
    edges = sorted({0, len(text), *(c for c in cuts if c <= len(text))})
    for a, b in pairwise(edges):
        s.write(text[a:b])
    lines = text.split("\n")
    expected = "\n".join(line.rstrip(" ") for line in lines)
    assert out.getvalue() == expected


def test_a_terminal_keeps_rich_as_it_is() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    assert make_console(tty).file is tty
    assert isinstance(make_console(io.StringIO()).file, TrailingSpaceStripper)


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_methods_at_80_columns_cut_nothing(book: Rulebook, lang: str) -> None:
    out = run("methods", "--lang", lang, env={"COLUMNS": "80"}).stdout
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    cells = "".join(line.replace("│", " ") for line in out.splitlines())
    words = cells.replace(",", " ").split()
    for m in book.methods.values():
        assert m.id in words
        for alias in m.aliases[:6]:
            assert alias in words, (m.id, alias)  # whole: never split across lines


def test_log_list_names_every_method_one_way(journal: str, book: Rulebook) -> None:
    from overdue_cli.locale import Localizer

    for lang, columns in (("zh-Hans", "140"), ("zh-Hans", "80"), ("en", "140")):
        out = run("log", "list", "--db", journal, "--lang", lang,
                  env={"COLUMNS": columns}).stdout
        flat = "".join(out.split())
        for method, *_ in SAMPLE:
            name = "".join((Localizer(lang)(book.methods[method].name) or "").split())
            # stacked records (narrow) hold the whole name; a table cell wraps it
            assert (name if columns == "80" else name[:5]) in flat, (lang, columns, method)
            if lang != "en":  # English names use the ids' words ("emergency contacts")
                assert not re.search(rf"(?<![\w-]){method}(?!\w)", out), (columns, method)


def test_log_report_markdown_on_disk_has_no_padding(journal: str, tmp_path: Path) -> None:
    r = run("log", "report", "--db", journal, "--format", "markdown")
    assert r.code == 0 and all(line == line.rstrip() for line in r.stdout.splitlines())
