"""The label catalogue (locale/labels.yaml): complete in every language for every key
the code uses, and a malformed one reported as file:line: key: message."""

from __future__ import annotations

import ast
import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

from overdue_cli.locale import (
    GROUP_KEYS,
    GROUPS,
    VOCABULARY_GROUPS,
    Label,
    catalogue_path,
    load_labels,
)
from overdue_cli.rulebook import AUTHORITIES, CATEGORIES, MESSAGE_VERDICTS, VERDICTS

from ..conftest import ROOT

SRC = ROOT / "src" / "overdue_cli"
CATALOGUE = catalogue_path()
TEXT = CATALOGUE.read_text(encoding="utf-8")
VOCABULARY = {"verdicts": VERDICTS, "authorities": AUTHORITIES, "categories": CATEGORIES,
              "message_verdicts": MESSAGE_VERDICTS}


def test_the_catalogue_is_package_data() -> None:
    import overdue_cli  # the installed package, editable or not

    assert Path(overdue_cli.__file__).resolve().parent / "locale" / "labels.yaml" == CATALOGUE


def test_shipped_catalogue_has_no_problems() -> None:
    labels, problems = load_labels(vocabulary=VOCABULARY)
    assert problems == []
    assert tuple(labels) == GROUPS


@pytest.mark.parametrize("group", GROUPS)
def test_every_key_the_code_uses_is_there_in_both_languages(group: str) -> None:
    labels, _ = load_labels(vocabulary=VOCABULARY)
    keys = GROUP_KEYS.get(group) or VOCABULARY[group]
    assert tuple(labels[group]) == tuple(keys)
    for key, label in labels[group].items():
        assert isinstance(label, Label)
        assert label.zh.strip() and label.en.strip(), f"{group}.{key}"


def test_the_catalogue_holds_no_label_nobody_uses() -> None:
    raw = yaml.safe_load(TEXT)
    assert list(raw) == list(GROUPS)
    for group, entries in raw.items():
        keys = GROUP_KEYS.get(group) or VOCABULARY[group]
        assert set(entries) == set(keys), group
        assert all(set(text) == {"zh", "en"} for text in entries.values()), group


def test_the_groups_named_by_rulebook_ids_are_the_ones_handed_in() -> None:
    assert set(VOCABULARY_GROUPS) == set(VOCABULARY)
    assert set(GROUP_KEYS) | set(VOCABULARY_GROUPS) == set(GROUPS)


def test_every_literal_label_lookup_names_a_listed_key() -> None:
    """``book.label("group", "key")`` anywhere in the code names a key the catalogue has."""
    labels, _ = load_labels(vocabulary=VOCABULARY)
    found = 0
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for group, key in re.findall(r"\.label\(\s*\"(\w+)\",\s*\"(\w+)\"\s*\)", text):
            found += 1
            assert key in labels.get(group, {}), f"{path.name}: {group}.{key}"
    assert found >= 3


def test_locale_never_imports_the_rulebook() -> None:
    """The rulebook imports locale/ (labels, zh-Hant folding): no way back, lazy
    imports inside functions included."""
    for path in (SRC / "locale").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith(("overdue_cli.rulebook", "overdue_cli.render",
                                            "overdue_cli.cli")), f"{path.name} imports {name}"


# --------------------------------------------------------------------------- problems


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    assert old in TEXT, old
    path = tmp_path / "labels.yaml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


CASES = {
    "missing english": ("  normal: {zh: 正常, en: normal}", "  normal: {zh: 正常}",
                        "normal: {zh: 正常}", "verdicts.normal.en", "missing required key"),
    "empty chinese": ("  unverified: {zh: 未经核实, en: not verified}",
                      "  unverified: {zh: ' ', en: not verified}",
                      "unverified: {zh: ' '", "statuses.unverified.zh", "must not be empty"),
    "typo in a key": ("  verify_ok: {zh:", "  verify_okk: {zh:", "verify_okk",
                      "journal.verify_okk", "unknown key (did you mean 'verify_ok'?)"),
    "a verdict nobody has": ("  illegal: {zh: 违法, en: illegal}",
                             "  ilegal: {zh: 违法, en: illegal}", "ilegal:",
                             "verdicts.ilegal", "unknown key (did you mean 'illegal'?)"),
    "not a label": ("  unverified: {zh: 未经核实, en: not verified}", "  unverified: [x]",
                    "unverified: [x]", "statuses.unverified", "expected a mapping, got a list"),
    "a language we do not have": ("  normal: {zh: 正常, en: normal}",
                                  "  normal: {zh: 正常, en: normal, fr: normal}",
                                  "normal: {zh: 正常, en: normal, fr", "verdicts.normal.fr",
                                  "unknown key"),
    "unknown group": ("interview:\n", "interviews:\n", "interviews:", "interviews",
                      "unknown key (did you mean 'interview'?)"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_malformed_catalogue_is_reported_with_file_line_and_key(case: str,
                                                                  tmp_path: Path) -> None:
    old, new, needle, key, message = CASES[case]
    path = _broken(tmp_path, old, new)
    _, problems = load_labels(path, vocabulary=VOCABULARY)
    hit = [p for p in problems if p.key == key]
    assert hit, problems
    assert hit[0].message.startswith(message), hit[0]
    assert hit[0].line == _line_of(path, needle)
    assert str(hit[0]).startswith(f"{path}:{hit[0].line}: {key}: ")


def test_a_missing_key_is_named(tmp_path: Path) -> None:
    path = _broken(tmp_path, "  invalid: {zh: 没看懂", "  # invalid: {zh: 没看懂")
    _, problems = load_labels(path, vocabulary=VOCABULARY)
    assert [(p.key, p.message) for p in problems] == [("interview.invalid",
                                                        "missing required key")]
    assert problems[0].line == _line_of(path, "interview:") + 1


def test_a_missing_verdict_label_needs_the_vocabulary(tmp_path: Path) -> None:
    path = _broken(tmp_path, "  illegal: {zh: 违法, en: illegal}\n", "")
    _, problems = load_labels(path, vocabulary=VOCABULARY)
    assert [p.key for p in problems] == ["verdicts.illegal"]
    _, problems = load_labels(path)  # locale alone does not know the verdicts
    assert problems == []


@pytest.mark.parametrize(("content", "line", "message"), [
    ("verdicts: {normal: {zh: 正常, en: [}\n", 1, "YAML syntax error"),
    ("", None, "the label catalogue is empty"),
    ("- a list\n", 1, "expected a mapping, got a list"),
])
def test_an_unreadable_catalogue(tmp_path: Path, content: str, line: int | None,
                                 message: str) -> None:
    path = tmp_path / "labels.yaml"
    path.write_text(content, encoding="utf-8")
    labels, problems = load_labels(path)
    assert labels == {}
    assert problems[0].line == line and problems[0].message.startswith(message)
    assert problems[0].file == str(path)


def test_a_missing_catalogue(tmp_path: Path) -> None:
    _, problems = load_labels(tmp_path / "labels.yaml")
    assert [p.message for p in problems] == ["cannot read: No such file or directory"]


# --------------------------------------------------------------------------- compiled copy


def _compile(path: Path, data: dict, source: bytes) -> None:
    document = {"source_sha256": hashlib.sha256(source).hexdigest(), "labels": data}
    path.with_name("labels.compiled.json").write_text(json.dumps(document, ensure_ascii=False),
                                                      encoding="utf-8")


def test_the_compiled_copy_is_read_when_it_matches(tmp_path: Path) -> None:
    path = tmp_path / "labels.yaml"
    path.write_text(TEXT, encoding="utf-8")
    data = yaml.safe_load(TEXT)
    data["verdicts"]["normal"]["en"] = "from the JSON copy"
    _compile(path, data, path.read_bytes())
    labels, problems = load_labels(path, vocabulary=VOCABULARY)
    assert problems == [] and labels["verdicts"]["normal"].en == "from the JSON copy"


def test_a_stale_or_broken_compiled_copy_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "labels.yaml"
    path.write_text(TEXT, encoding="utf-8")
    data = yaml.safe_load(TEXT)
    data["verdicts"]["normal"]["en"] = "from the JSON copy"
    _compile(path, data, b"another file")
    labels, _ = load_labels(path, vocabulary=VOCABULARY)
    assert labels["verdicts"]["normal"].en == "normal"
    del data["verdicts"]["normal"]["en"]  # matches, but broken: the YAML gives the lines
    path.write_text(TEXT.replace("  normal: {zh: 正常, en: normal}", "  normal: {zh: 正常}"),
                    encoding="utf-8")
    _compile(path, data, path.read_bytes())
    _, problems = load_labels(path, vocabulary=VOCABULARY)
    assert [p.key for p in problems] == ["verdicts.normal.en"] and problems[0].line
