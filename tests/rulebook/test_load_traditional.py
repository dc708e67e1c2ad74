"""zh-Hant without OpenCC: the wheel's pickled rulebook carries every zh text of the
rulebook and the label catalogue already converted (rulebook/load.py), and
``to_traditional`` looks there first. These tests hold that table complete for the
shipped rulebook: zh-Hant runs of `check` and `explain` convert nothing else."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from overdue_cli.locale import add_traditional, opencc_traditional, to_traditional
from overdue_cli.rulebook import Rulebook, check_rulebook, pickled_rulebook
from overdue_cli.rulebook.load import chinese_texts, traditional_table

from ..conftest import RULES, run

GOLDEN = Path(__file__).parents[1] / "golden"


@pytest.fixture
def no_opencc(book: Rulebook, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The shipped rulebook's table made known, and OpenCC refusing to convert: the
    texts it was asked for are listed, and the command that asked fails."""
    add_traditional(traditional_table(book))
    missed: list[str] = []

    def refuse(text: str) -> str:
        missed.append(text)
        raise AssertionError(f"OpenCC asked for {text!r}")

    monkeypatch.setattr("overdue_cli.locale.i18n.opencc_traditional", refuse)
    yield missed


def test_the_table_is_opencc_s_conversion_of_every_zh_text(book: Rulebook) -> None:
    table = traditional_table(book)
    assert table == {zh: opencc_traditional(zh) for zh in table}
    assert book.disclaimer.zh in table
    assert all(t.zh in table for group in book.labels.values() for t in group.values())
    assert all(r.title.zh in table and r.explanation.zh in table for r in book.rules)
    assert all(b.article in table for r in book.rules for b in r.basis if b.article)
    assert all(s.title.zh in table for s in book.signals)
    # templates are in the table unfilled: the renderers convert, then format
    assert any("{count}" in zh for zh in table)


def test_chinese_texts_skips_what_is_not_shown(book: Rulebook) -> None:
    texts = set(chinese_texts(book))
    terms = {t for s in book.signals for t in s.terms}
    assert not terms <= texts  # signal terms are matched, never shown


def test_the_pickle_carries_the_table_and_loading_it_makes_it_known(
        tmp_path: Path, book: Rulebook) -> None:
    document = pickle.loads(pickled_rulebook(book, RULES.read_bytes()))
    assert pickle.loads(document["traditional"]) == traditional_table(book)
    path = tmp_path / "rules.yaml"
    shutil.copyfile(RULES, path)
    text = "这是一段只为这个测试写的话：" + book.disclaimer.zh
    # marked: only the pickle can say this (pickled apart, unpickled when first needed)
    document["traditional"] = pickle.dumps({text: "PICKLED"})
    path.with_name("rules.compiled.pickle").write_bytes(pickle.dumps(document))
    loaded, problems = check_rulebook(path, thorough=False)
    assert problems == [] and loaded is not None
    assert to_traditional(text) == "PICKLED"


CHECKS = [
    ["check", "--days", "1200", "--method", "lawsuit"],
    ["check", "--days", "3", "--method", "sms", "--method", "call", "--hour", "23",
     "--calls-per-day", "9", "--attempts-per-day", "5", "--platform", "某某借"],
    ["check", "--days", "45", "--method", "contacts", "--method", "visit",
     "--method", "fee_request", "--lender", "信用卡", "--on", "2026-12-01"],
    ["check", "--days", "120", "--method", "坐牢", "--lender", "small_loan", "--unreachable"],
    ["check", "--days", "1500", "--method", "lawsuit", "--last-due", "2021-03-10",
     "--last-contact", "2022-05-01", "--on", "2026-12-01"],
    ["check", "--days", "1500", "--method", "lawsuit", "--last-due", "2025-03-10"],
    ["check", "--days", "30", "--method", "threat", "--on", "2025-11-20", "--lender", "unknown"],
]


@pytest.mark.parametrize("args", CHECKS, ids=lambda a: " ".join(a[1:5]))
@pytest.mark.parametrize("json", [False, True], ids=["human", "json"])
def test_check_in_zh_hant_needs_no_opencc(args: list[str], json: bool,
                                          no_opencc: list[str]) -> None:
    result = run(*args, "--lang", "zh-Hant", *(["--json"] if json else []))
    assert no_opencc == []
    assert result.code == 0, result.stderr


def test_check_with_every_method_and_lender_needs_no_opencc(book: Rulebook,
                                                           no_opencc: list[str]) -> None:
    methods = [a for m in book.methods for a in ("--method", m)]
    for stage in book.stages:
        for lender in book.lenders:
            for fmt in ([], ["--json"]):
                result = run("check", "--days", str(stage.days_from), *methods, "--hour", "22",
                             "--lender", lender, "--lang", "zh-Hant", *fmt)
                assert no_opencc == [], (stage.id, lender)
                assert result.code == 0, result.stderr


def test_explain_in_zh_hant_needs_no_opencc(book: Rulebook, no_opencc: list[str]) -> None:
    for topic in [None, *book.topics, "lender"]:
        for fmt in ([], ["--json"]):
            result = run("explain", *([topic] if topic else []), "--lang", "zh-Hant", *fmt)
            assert no_opencc == [], topic
            assert result.code == 0, (topic, result.stderr)


def test_the_table_gives_the_golden_zh_hant_output(no_opencc: list[str]) -> None:
    result = run("check", "--days", "1200", "--method", "lawsuit", "--lang", "zh-Hant",
                 env={"COLUMNS": "88"})
    shown = "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"
    assert shown == (GOLDEN / "check_lawsuit_zh_hant.txt").read_text(encoding="utf-8")
