"""Every error, hint and note the CLI shows is said in the user's language.

The texts live in the ``messages:`` group of ``locale/cli.yaml``; the code names
them with ``key=`` / ``hint_key=`` (and the CLI's ``say(key, ...)``). These tests
read the source with ``ast`` so that a key that is used but not written, or a
placeholder that no raise site fills in, is found before a user meets it; then a
table of common mistakes is run through the CLI in Chinese and in English.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from overdue_cli.locale.cli_text import load_catalogue
from tests.conftest import run

SRC = Path(__file__).resolve().parents[2] / "src" / "overdue_cli"
MESSAGES: dict[str, dict[str, str]] = load_catalogue()["messages"]


def _literals(node: ast.AST) -> set[str]:
    """The string constants an expression can take (``"a" if x else "b"``)."""
    if isinstance(node, ast.IfExp):
        return _literals(node.body) | _literals(node.orelse)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    return set()


def _calls() -> Iterator[tuple[str, ast.Call]]:
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                yield f"{path.relative_to(SRC)}:{node.lineno}", node


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else "")


def _placeholders(text: str) -> set[str]:
    # ``{task.completed}`` is Rich's, filled in by the progress bar, not by the code
    return {field for _, field, _, _ in string.Formatter().parse(text)
            if field and "." not in field}


def _key_sites() -> list[tuple[str, str, set[str] | None]]:
    """(where, key, the names its params give, or None when not a dict literal)."""
    sites: list[tuple[str, str, set[str] | None]] = []
    for where, call in _calls():
        kw = {k.arg: k.value for k in call.keywords if k.arg}
        name = _name(call)
        if name == "say" and call.args and isinstance(call.args[0], ast.Constant):
            given = None if any(k.arg is None for k in call.keywords) else set(kw)
            sites.append((where, call.args[0].value, given))
            continue
        keys = set()
        for arg in ("key", "hint_key"):
            if arg in kw:
                keys |= _literals(kw[arg])
        if not keys:
            continue
        if name == "unknown_choice":  # the helper fills these in (cli/options.py)
            given: set[str] | None = {"value", "choices", "word"}
        elif "params" not in kw:
            given = set()
        elif isinstance(kw["params"], ast.Dict) and all(
                isinstance(k, ast.Constant) for k in kw["params"].keys):
            given = {k.value for k in kw["params"].keys if isinstance(k, ast.Constant)}
        else:
            given = None
        sites.extend((where, key, given) for key in sorted(keys))
    return sites


SITES = _key_sites()


def test_the_source_names_many_messages() -> None:
    assert len({key for _, key, _ in SITES}) > 150


@pytest.mark.parametrize(("where", "key"), [(w, k) for w, k, _ in SITES])
def test_every_key_used_is_in_the_catalogue(where: str, key: str) -> None:
    entry = MESSAGES.get(key)
    assert entry is not None, f"{where}: no messages.{key} in cli.yaml"
    assert entry.get("zh") and entry.get("en"), f"{where}: messages.{key} needs zh and en"


@pytest.mark.parametrize(("where", "key", "given"),
                         [s for s in SITES if s[2] is not None and s[1] in MESSAGES])
def test_every_placeholder_is_filled_at_each_site(where: str, key: str, given: set[str]) -> None:
    for lang in ("zh", "en"):
        missing = _placeholders(MESSAGES[key][lang]) - given
        assert not missing, f"{where}: messages.{key}.{lang} needs {sorted(missing)}"


def test_no_chinese_in_the_english_texts_beyond_examples() -> None:
    for key, entry in MESSAGES.items():
        prose = re.sub(r"--[\w-]+[ =]?\"?[^\s,;\"]*\"?|\"[^\"]*\"|'[^']*'|[\w-]*=\S+|\S*\d\S*",
                       " ", entry["en"])
        assert not re.search(r"[\u4e00-\u9fff]", prose), (key, entry["en"])


# -- the CLI in both languages --------------------------------------------------------

# What may stay as typed in a Chinese error line: option names, ids, commands in
# backticks, paths, formats and product names (as tests/cli/test_help_i18n.py).
_KEPT = re.compile(
    r"`[^`]*`|--?[\w-]+|\$\w+|\b[A-Z][A-Z_]+\b|\b\w*_\w*\b|SMS Backup & Restore|WeChatMsg"
    r"|Asia/Shanghai|\S*/\S*|“[^”]*”|'[^']*'|\b(?:JSON|JSONL|CSV|XML|UTF-8|GB18030|sha256)\b")
_STOP = frozenset((
    "the", "a", "an", "of", "to", "in", "for", "and", "or", "with", "is", "are", "you",
    "your", "this", "that", "not", "from", "on", "by", "as", "be", "it", "each", "every",
    "one", "if", "at", "use", "see", "no", "such", "cannot", "needs", "must", "got"))


def _mistakes(tmp: Path) -> list[tuple[str, ...]]:
    db = str(tmp / "journal.sqlite3")
    missing_db = str(tmp / "none.sqlite3")
    return [
        ("check", "--days", "abc"),
        ("check", "--days", "99999999"),
        ("check", "--days", "3", "--method", "flyingpig"),
        ("check", "--days", "3", "--method", "sms", "--fail-on", "bogus"),
        ("check", "--days", "3", "--method", "sms", "--last-due", "2026-02-30"),
        ("check", "--days", "3", "--method", "sms", "--last-due", "notadate"),
        ("check", "--days", "3", "--method", "sms,,call"),
        ("check", "--days", "3", "--method", "sms", "--last-contact", "1900-01-01"),
        ("scan", str(tmp / "nosuchfile.txt")),
        ("scan", "--json", "--jsonl", "some text"),
        ("scan", "--fail-on", "bogus", "some text"),
        ("scan", "--format", "bogus", "some text"),
        ("scan", "--encoding", "nosuchcodec", "some text"),
        ("scan", "--jobs", "zero", "some text"),
        ("log", "list", "--db", missing_db),
        ("log", "add", "--db", db, "--method", "sms", "--at", "notatime"),
        ("log", "add", "--db", db, "--method", "call", "--duration", "forever"),
        ("log", "add", "--db", db, "--method", "sms", "--tz", "Mars/Phobos"),
        ("log", "add", "--db", db, "--method", "sms", "--direction", "sideways"),
        ("log", "list", "--db", missing_db, "--since", "2026-11-05", "--until", "2026-11-01"),
        ("log", "import", "--db", db, str(tmp / "nosuchexport.xml")),
        ("log", "void", "--db", db, "5", "--reason", " "),
    ]


@pytest.mark.parametrize("index", range(22))
def test_common_mistakes_in_chinese_have_no_english_sentence(tmp_path: Path,
                                                             index: int) -> None:
    args = _mistakes(tmp_path)[index]
    result = run(*args)
    assert result.code in (2, 3), (args, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, (args, result.stderr)
    assert lines[0].startswith("overdue: 错误："), lines[0]
    prose = _KEPT.sub(" ", re.sub(r"[\w-]+(?:, [\w-]+)+ 之一", " ", lines[0]))
    for value in args:
        prose = prose.replace(value, " ")
    runs = re.findall(r"[A-Za-z]{1,}(?:,? [A-Za-z]{1,})+", prose)
    english = [r for r in runs if _STOP.intersection(re.findall(r"\w+", r.lower()))]
    assert english == [], (args, lines[0], english)


@pytest.mark.parametrize("index", range(22))
def test_common_mistakes_in_english_have_no_chinese(tmp_path: Path, index: int) -> None:
    args = _mistakes(tmp_path)[index]
    result = run(*args, "--lang", "en") if args[0] != "log" else run(
        *args, env={"OVERDUE_LANG": "en"})
    assert result.code in (2, 3), (args, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("overdue: error: "), (args, result.stderr)
    # examples of what may be typed (--at 昨天晚上11点) are the user's words, not prose
    prose = re.sub(r"--[\w-]+[ =]?\"?[^\s,;\"]*\"?|\"[^\"]*\"|[\w-]*=\S+|\S*\d\S*", " ",
                   lines[0])
    assert not re.search(r"[\u4e00-\u9fff]", prose), (args, lines[0])


def test_every_skip_position_kind_has_its_message() -> None:
    from overdue_cli.readers import POSITION_KINDS

    for key in [f"skip_at_{kind}" for kind in POSITION_KINDS] + ["skip_at_with_line"]:
        assert MESSAGES.get(key, {}).get("zh") and MESSAGES[key].get("en"), key


def test_skip_reasons_are_found_by_the_key_check() -> None:
    keys = {key for where, key, _ in SITES if key.startswith("skip_")}
    assert {"skip_not_json", "skip_too_long", "skip_record_too_long", "skip_draft",
            "skip_call_no_type"} <= keys


def test_the_wheels_json_copy_is_used_only_while_it_matches(tmp_path) -> None:
    """cli.yaml and lpr.yaml ship as JSON too (hatch_build.py), read by the text
    package's read_compiled; a copy made from other bytes is never read instead."""
    import hashlib
    import json

    from overdue_cli.text import read_compiled

    raw = b"messages: {}\n"
    source = tmp_path / "cli.yaml"
    (tmp_path / "cli.compiled.json").write_text(json.dumps(
        {"source_sha256": hashlib.sha256(raw).hexdigest(),
         "catalogue": {"messages": {"x": 1}}}), encoding="utf-8")
    assert read_compiled(source, raw, "catalogue") == {"messages": {"x": 1}}
    assert read_compiled(source, raw + b"# edited\n", "catalogue") is None
    assert read_compiled(tmp_path / "other.yaml", raw, "catalogue") is None
