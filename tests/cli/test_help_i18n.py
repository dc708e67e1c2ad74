"""Every help screen in all three languages, from the catalogue, with nothing left
untranslated; usage errors and the locale's choice of language."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import typer

from overdue_cli.cli.i18n import requested_lang
from overdue_cli.cli.root import app, register_commands
from overdue_cli.locale.cli_text import CliText, load_catalogue
from overdue_cli.locale.i18n import locale_lang
from tests.conftest import ROOT, mock_env, run

LANGS = ("zh-Hans", "zh-Hant", "en")


def _paths() -> list[tuple[str, object]]:
    register_commands([])
    app._add_completion = True
    try:
        root = typer.main.get_command(app)
    finally:
        app._add_completion = False
    found: list[tuple[str, object]] = []

    def walk(command: object, key: str) -> None:
        found.append((key, command))
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, name if key == "overdue" else f"{key} {name}")

    walk(root, "overdue")
    return found


PATHS = _paths()


@pytest.mark.parametrize("lang", LANGS)
def test_every_command_and_option_has_its_text(lang: str) -> None:
    text = CliText(lang)
    missing = []
    for key, command in PATHS:
        if not text.command_help(key):
            missing.append(key)
        for param in command.params:  # type: ignore[attr-defined]
            if not text.param_help(key, param.name):
                missing.append(f"{key} {param.opts or param.name}")
    assert text.param_help("check", "help")
    assert missing == []


def test_the_code_holds_no_help_text() -> None:
    """Help lives in locale/cli.yaml, not in literals in the command modules."""
    literals = []
    for path in sorted((ROOT / "src" / "overdue_cli" / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "help" and isinstance(
                    node.value, (ast.Constant, ast.JoinedStr)):
                literals.append(f"{path.name}:{node.value.lineno}")
    assert literals == []


def _screen(key: str, lang: str) -> str:
    args = [] if key == "overdue" else key.split()
    result = run(*args, "--help", env={"OVERDUE_LANG": lang, "COLUMNS": "100"})
    assert result.code == 0, result.stderr
    assert not [line for line in result.stdout.splitlines() if line.endswith(" ")]
    return result.stdout


# What may stay as it is in a Chinese help screen: option names, metavars, ids,
# commands in backticks, file formats and product names.
_KEPT = re.compile(
    r"`[^`]*`|--?[\w-]+|\$\w+|\b[A-Z][A-Z_]+\b|\b\w*_\w*\b|SMS Backup & Restore|WeChatMsg"
    r"|JSON Lines|JSON Schema|Asia/Shanghai|\b(?:JSON|CSV|XML|UTF-8|BOM|Excel|App|sha256"
    r"|Schema|shell|delete)\b")


# An English sentence has some of these; a list of ids ("sms, call, contacts") has none.
_STOP = frozenset((
    "the", "a", "an", "of", "to", "in", "for", "and", "or", "with", "is", "are", "you",
    "your", "this", "that", "not", "from", "on", "by", "as", "be", "it", "each", "every",
    "one", "if", "at", "show", "exit", "use", "see"
))


@pytest.mark.parametrize("key", [key for key, _ in PATHS])
def test_help_in_chinese_has_no_english_sentences(key: str) -> None:
    for lang, heading in (("zh-Hans", "用法"), ("zh-Hant", "用法")):
        screen = _screen(key, lang)
        assert heading in screen and "Usage:" not in screen and "Options" not in screen
        prose = _KEPT.sub(" ", screen)
        runs = re.findall(r"[A-Za-z]{2,}(?:,? [A-Za-z]{2,})+", prose)
        english = [r for r in runs if _STOP.intersection(re.findall(r"\w+", r.lower()))]
        assert english == [], (lang, key, english)
    if key != "overdue":
        assert "显示这段帮助并退出" in _screen(key, "zh-Hans")


def _chinese_in_english_catalogue() -> set[str]:
    runs: set[str] = set()
    for entry in _all_texts(load_catalogue()):
        runs.update(re.findall(r"[\u4e00-\u9fff]+", entry["en"]))
    return runs


def _all_texts(catalogue: dict) -> list[dict]:
    texts = []
    for command in catalogue["help"].values():
        texts.append(command["help"])
        texts.extend((command.get("params") or {}).values())
    for group in ("shared", "messages", "click"):
        texts.extend(catalogue[group].values())
    return texts


@pytest.mark.parametrize("key", [key for key, _ in PATHS])
def test_help_in_english_has_no_chinese_but_its_examples(key: str) -> None:
    """Chinese in an English help screen only where the English text gives a Chinese
    example (an alias such as 爆通讯录), never a Chinese sentence."""
    allowed = _chinese_in_english_catalogue()
    screen = _screen(key, "en")
    assert "Usage:" in screen and "用法" not in screen
    leaked = [w for w in re.findall(r"[\u4e00-\u9fff]+", screen) if w not in allowed]
    assert leaked == [], (key, leaked)


def test_usage_errors_follow_the_language() -> None:
    zh = run("check", "--dayz", "3")
    assert zh.code == 2 and zh.stderr.startswith("overdue: 错误：没有这个选项：--dayz")
    assert "提示" in zh.stderr
    hant = run("chek", env={"OVERDUE_LANG": "zh-Hant"})
    assert hant.code == 2 and "沒有這個命令" in hant.stderr
    en = run("log", "void", "--lang", "en")
    assert en.code == 2 and en.stderr.startswith("overdue: error: Missing argument")
    assert "Invalid value" not in run("log", "list", "--limit", "x").stderr


@pytest.mark.parametrize(("value", "lang"), [
    ("zh_CN.UTF-8", "zh-Hans"), ("zh_SG", "zh-Hans"), ("zh_TW.UTF-8", "zh-Hant"),
    ("zh_HK.Big5", "zh-Hant"), ("zh-Hant", "zh-Hant"), ("en_US.UTF-8", "en"), ("de_DE", "en"),
    ("C", None), ("POSIX", None), ("C.UTF-8", None), ("", None)])
def test_the_locale_names_the_language(value: str, lang: str | None) -> None:
    assert locale_lang({"LANG": value}) == lang


def test_lang_flag_then_variable_then_locale() -> None:
    env = mock_env(environ={"LANG": "zh_TW.UTF-8"})
    assert requested_lang([], env) == "zh-Hant"
    assert requested_lang(["check", "--lang", "en"], env) == "en"
    assert requested_lang(["check", "--lang=zh"], env) == "zh-Hans"
    assert requested_lang([], mock_env(environ={"LANG": "zh_TW", "OVERDUE_LANG": "en"})) == "en"
    assert requested_lang([], mock_env(environ={"LC_ALL": "en_GB", "LANG": "zh_CN"})) == "en"
    assert requested_lang(["--lang", "klingon"], mock_env(environ={})) == "zh-Hans"


def test_the_locale_decides_the_output_too() -> None:
    result = run("check", "--days", "45", "-m", "contacts", "--json", env={"LANG": "en_US.UTF-8"})
    assert result.json["lang"] == "en"


def test_completion_in_three_shells(tmp_path: Path) -> None:
    for shell in ("bash", "zsh", "fish"):
        script = run("--show-completion", shell)
        assert script.code == 0 and "_OVERDUE_COMPLETE" in script.stdout, script.stderr
    asked = run(env={"_OVERDUE_COMPLETE": "complete_bash", "COMP_WORDS": "overdue ch",
                     "COMP_CWORD": "1"})
    assert asked.code == 0 and asked.stdout.split() == ["check"]


def test_quiet_silences_notes_anywhere_on_the_line(tmp_path: Path) -> None:
    db = str(tmp_path / "j.sqlite3")
    for at in ("2026-11-20 10:00", "2026-11-21 10:00"):
        assert run("log", "add", "-m", "call", "--at", at, "--db", db).code == 0
    args = ("log", "list", "-n", "1", "--db", db)
    loud = run(*args)
    assert loud.code == 0 and "overdue: 注意：只显示最新的 1 条" in loud.stderr
    for quiet in (("--quiet", *args), (*args, "-q")):
        result = run(*quiet)
        assert result.code == 0 and result.stderr == "" and result.stdout == loud.stdout


def test_lang_before_the_command_holds_for_it() -> None:
    result = run("--lang", "en", "check", "--days", "3", "-m", "sms", "--json")
    assert result.code == 0 and result.json["lang"] == "en"
    assert run("--lang", "zh-Hant", "explain", "contacts", "--json").json["lang"] == "zh-Hant"
    # the command's own --lang wins over the one before it
    assert run("--lang", "en", "methods", "--lang", "zh-Hans", "--json").json["lang"] == "zh-Hans"


def test_an_unclear_method_is_named_in_one_language() -> None:
    zh = run("check", "--days", "3", "-m", "通讯录")
    assert zh.code == 2 and "contacts（联系你的紧急联系人或熟人）" in zh.stderr
    assert "Calls to your" not in zh.stderr
    en = run("check", "--days", "3", "-m", "通讯录", "--lang", "en")
    assert en.code == 2 and "contacts (Calls to your emergency contacts" in en.stderr
    assert re.findall(r"[\u4e00-\u9fff]+", en.stderr) == ["通讯录"]  # only what was typed
    hant = run("check", "--days", "3", "-m", "通讯录", "--lang", "zh-Hant")
    assert "聯繫你的緊急聯繫人或熟人" in hant.stderr and "“通讯录”" in hant.stderr
