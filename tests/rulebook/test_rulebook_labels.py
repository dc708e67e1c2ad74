"""A rulebook's labels: the locale catalogue's, with a rulebook's own ``labels:``
section (optional, as rulebooks had to carry before) laid over them key by key."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from overdue_cli.check import method_gap
from overdue_cli.locale import catalogue_path, load_labels
from overdue_cli.rulebook import Text, check_rulebook, load_rulebook, pickled_rulebook

from ..conftest import RULES, assert_one_line_error, run

GOOD = RULES.read_text(encoding="utf-8")
CATALOGUE = catalogue_path().read_text(encoding="utf-8")
META_END = "\n\n# ------"
"""Where the meta section ends in rules.yaml: a labels section goes there."""


def with_labels(tmp_path: Path, section: str) -> Path:
    """rules.yaml with ``section`` (a ``labels:`` section) after its meta section."""
    assert GOOD.count(META_END) >= 1 and "\nlabels:" not in GOOD
    path = tmp_path / "rules.yaml"
    path.write_text(GOOD.replace(META_END, "\n\n" + section.rstrip("\n") + META_END, 1),
                    encoding="utf-8")
    return path


def old_style(tmp_path: Path) -> Path:
    """rules.yaml as it was written when every rulebook carried all the labels."""
    body = CATALOGUE.split("\n\n", 1)[1]  # the catalogue without its header comment
    return with_labels(tmp_path, "labels:\n" + "".join(
        f"  {line}\n" if line else "\n" for line in body.splitlines()))


def test_the_shipped_rulebook_carries_the_catalogue(book) -> None:
    catalogue, _ = load_labels()
    assert {g: {k: (t.zh, t.en) for k, t in v.items()} for g, v in book.labels.items()} \
        == {g: {k: (t.zh, t.en) for k, t in v.items()} for g, v in catalogue.items()}
    assert all(type(t) is Text for v in book.labels.values() for t in v.values())
    assert "\nlabels:" not in GOOD


def test_a_rulebook_with_all_its_own_labels_still_loads_the_same(tmp_path: Path, book) -> None:
    path = old_style(tmp_path)
    own, problems = check_rulebook(path, coverage=method_gap)
    assert problems == [] and own is not None
    assert own.labels == book.labels
    args = ("check", "--days", "40", "--method", "contacts", "--method", "call", "--hour", "23",
            "--json")
    assert run(*args, "--rules", str(path)).stdout.replace(str(path), str(RULES)) \
        == run(*args, "--rules", str(RULES)).stdout


def test_a_rulebook_label_replaces_the_catalogues_for_that_key_only(tmp_path: Path,
                                                                     book) -> None:
    path = with_labels(tmp_path, "labels:\n  verdicts:\n"
                                 "    violation: {zh: 违反规定, en: against the rules}\n")
    own = load_rulebook(path)
    assert own.label("verdicts", "violation") == Text("违反规定", "against the rules")
    assert own.label("verdicts", "normal") == book.label("verdicts", "normal")
    assert own.labels["journal"] == book.labels["journal"]
    result = run("check", "--days", "40", "--method", "contacts", "--rules", str(path),
                 "--json", "--lang", "en")
    assert result.json["verdict_label"] == "against the rules"


CASES = {
    "unknown group": ("labels:\n  verdict:\n    illegal: {zh: 违法, en: illegal}\n",
                      "verdict:", r"labels\.verdict: unknown key \(did you mean 'verdicts'\?\)"),
    "unknown verdict": ("labels:\n  verdicts:\n    ilegal: {zh: 违法, en: illegal}\n",
                        "ilegal:", r"labels\.verdicts\.ilegal: unknown key"),
    "missing english": ("labels:\n  ui:\n    overall: {zh: 总体}\n", "overall:",
                        r"labels\.ui\.overall\.en: missing required key"),
    "not a mapping": ("labels: [x]\n", "labels: [x]", r"labels: expected a mapping, got a list"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_labels_section_is_reported_precisely(case: str, tmp_path: Path) -> None:
    section, needle, pattern = CASES[case]
    path = with_labels(tmp_path, section)
    text = path.read_text(encoding="utf-8")
    line = text[: text.index(needle)].count("\n") + 1
    error = assert_one_line_error(
        run("check", "--days", "3", "--method", "sms", "--rules", str(path), "--json"), 3)
    assert re.search(rf"{re.escape(str(path))}:{line}: {pattern}", error), error


def test_a_broken_catalogue_is_a_rulebook_problem(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`overdue rules validate` checks the labels too, naming the catalogue's file."""
    from overdue_cli.locale import catalogue

    broken = tmp_path / "labels.yaml"
    broken.write_text(CATALOGUE.replace("  illegal: {zh: 违法, en: illegal}\n", ""),
                      encoding="utf-8")
    monkeypatch.setattr(catalogue, "catalogue_path", lambda: broken)
    _, problems = check_rulebook(RULES, coverage=method_gap)
    line = CATALOGUE[: CATALOGUE.index("  normal:")].count("\n") + 1  # the group's first line
    assert [str(p) for p in problems] == [
        f"{broken}:{line}: verdicts.illegal: missing required key"]
    assert run("rules", "validate", "--json").json["valid"] is False


def test_the_built_copy_is_ignored_once_the_catalogue_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from overdue_cli.rulebook import load

    path = tmp_path / "rules.yaml"
    path.write_text(GOOD, encoding="utf-8")
    book, problems = check_rulebook(path, coverage=method_gap)
    assert book is not None and not problems
    marked = replace(book, version="from the pickle")
    path.with_name("rules.compiled.pickle").write_bytes(pickled_rulebook(marked, path.read_bytes()))
    fast, _ = check_rulebook(path, thorough=False)
    assert fast is not None and fast.version == "from the pickle"
    edited = tmp_path / "labels.yaml"
    edited.write_text(CATALOGUE.replace("en: normal}", "en: fine}", 1), encoding="utf-8")
    monkeypatch.setattr(load, "catalogue_path", lambda: edited)
    fast, _ = check_rulebook(path, thorough=False)
    assert fast is not None and fast.version != "from the pickle"
