"""A malformed rulebook: one clear line naming file, line and key; exit 3; no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from overdue_cli.check import method_gap
from overdue_cli.rulebook import check_rulebook

from ..conftest import RULES, assert_one_line_error, run

GOOD = RULES.read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    assert old in GOOD, old
    path = tmp_path / "rules.yaml"
    path.write_text(GOOD.replace(old, new, count), encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


CASES = {
    "yaml syntax": ("  - id: sms.reminder\n    methods: [sms]\n",
                    "  - id: sms.reminder\n    methods: [sms\n", r"YAML syntax error"),
    "missing field": ("    verdict: illegal\n    title: {zh: 爆通讯录违法",
                      "    title: {zh: 爆通讯录违法",
                      r"rules\[address_book\.mass_contact\]\.verdict: missing required key"),
    "duplicate id": ("  - id: call.reminder\n", "  - id: sms.reminder\n",
                     r"rules\[sms\.reminder\]\.id: duplicate id \(first defined on line \d+\)"),
    "unknown source": ("      - source: article_sms\n", "      - source: article_smz\n",
                       r"unknown source 'article_smz'; did you mean 'article_sms'\?"),
    "unknown action": ("    actions: [negotiate, keep_evidence]\n",
                       "    actions: [negotiate, keep_evidnce]\n",
                       r"unknown action 'keep_evidnce'; did you mean 'keep_evidence'\?"),
    "unknown method": ("    methods: [sms]\n", "    methods: [smss]\n",
                       r"unknown method 'smss'"),
    "missing english": ("    title: {zh: 还款提醒短信是正常的, en: Reminder texts are normal}",
                        "    title: {zh: 还款提醒短信是正常的}",
                        r"rules\[sms\.reminder\]\.title\.en: missing required key"),
    "bad verdict": ("    verdict: illegal\n", "    verdict: ilegal\n",
                    r"'ilegal' is not one of .*did you mean 'illegal'\?"),
    "typo key": ("    explanation:\n", "    explaination:\n", r"unknown key"),
    "step command": ("    command: rate\n", "    command: rates\n",
                     r"actions\[check_interest\]\.command: 'rates' is not a command"),
    "no examples": ("    examples:\n      - situation: {days: 5, methods: [sms], hour: 10}\n"
                    "        expect: {sms: normal}\n",
                    "    examples: []\n", r"at least one worked example"),
    "signal category": ("    category: insult\n    verdict: unlawful\n    title: {zh: 骂你是骗子",
                        "    category: insults\n    verdict: unlawful\n    title: {zh: 骂你是骗子",
                        r"signals\[insult\.fraudster\]\.category: 'insults' is not one of"),
    "signal verdict": ("    category: insult\n    verdict: unlawful\n    title: {zh: 骂你是骗子",
                       "    category: insult\n    verdict: scam\n    title: {zh: 骂你是骗子",
                       r"category 'insult' means verdict 'unlawful'"),
    "signal regex": ('      - "债权[^,.!?;]{0,4}(?:转让', '      - "债权[^,.!?;]{0,4}((?:转让',
                     r"signals\[legal\.agency_notice\]\.patterns\[1\]: not a valid regular"),
    "signal set": ('      - "(?:向|给)<you>?(?:的)?(?:通讯录',
                   '      - "(?:向|给)<yu>?(?:的)?(?:通讯录',
                   r"unknown set <yu>"),
    "signal no example": ("      match:\n        - 你就是个骗子，借了钱就跑。\n",
                          "      match: []\n",
                          r"signals\[insult\.fraudster\]\.examples\.match: a signal needs"),
    "topic keyword weight": ("{坐牢: 3, 做牢: 3,", "{坐牢: lots, 做牢: 3,",
                             r"topics\[lawsuit\]\.keywords\.坐牢: expected a weight"),
    "topic question": ("questions: [网贷逾期会坐牢吗,", "questions: [[网贷逾期会坐牢吗],",
                       r"topics\[lawsuit\]\.questions\[0\]: expected a question"),
    "no basis": ("    basis:\n      - source: article_sms\n      - source: civil_code\n"
                 "        article: 第1033条\n",
                 "    basis: []\n", r"at least one basis"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_rulebook_is_reported_precisely(case: str, tmp_path: Path) -> None:
    old, new, pattern = CASES[case]
    path = broken(tmp_path, old, new)
    result = run("check", "--days", "3", "--method", "sms", "--rules", str(path), "--json")
    line = assert_one_line_error(result, 3)
    assert str(path) in line
    assert re.search(pattern, line), line
    assert re.search(rf"{re.escape(str(path))}:\d+: ", line), "file:line expected"
    # `rules validate` lists the same problem, exits 3
    validate = run("rules", "validate", str(path))
    assert validate.code == 3
    assert re.search(pattern, validate.stdout)


def test_line_numbers_point_at_the_key(tmp_path: Path) -> None:
    path = broken(tmp_path, "      - source: article_sms\n", "      - source: article_smz\n")
    text = path.read_text(encoding="utf-8")
    _, problems = check_rulebook(path, coverage=method_gap)
    assert [p.line for p in problems] == [line_of(text, "article_smz")]


def test_problem_count_hint(tmp_path: Path) -> None:
    path = broken(tmp_path, "    verdict: illegal\n", "    verdict: ilegal\n", count=-1)
    line = assert_one_line_error(run("explain", "--rules", str(path)), 3)
    assert "more problem(s)" in line and "overdue rules validate" in line


@pytest.mark.parametrize("kind", ["missing", "directory", "binary", "empty", "not a mapping"])
def test_unreadable_rulebooks(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    if kind == "directory":
        path.mkdir()
    elif kind == "binary":
        path.write_bytes(b"meta:\n  version: \xff\xfe\x00\n")
    elif kind == "empty":
        path.write_text("", encoding="utf-8")
    elif kind == "not a mapping":
        path.write_text("- just\n- a list\n", encoding="utf-8")
    line = assert_one_line_error(run("explain", "--rules", str(path)), 3)
    assert str(path) in line


WHOLE_BOOK_CASES = {
    "uncovered method": ("    methods: [new_loan_push]\n", "    methods: [sms]\n",
                         "no rule gives a verdict for 'new_loan_push'"),
    "stage gap": ("    days: [31, 90]\n", "    days: [32, 90]\n",
                  "leaves days 31-31 without a stage"),
    "stage overlap": ("    days: [31, 90]\n", "    days: [30, 90]\n",
                      "overlaps the previous stage"),
    "closed last stage": ("    days: [1096, null]\n", "    days: [1096, 5000]\n",
                          "must be open-ended"),
    "alias claimed twice": ("aliases: [短信, ", "aliases: [电话, 短信, ",
                            "'电话' already names method"),
    "ambiguous word is an alias": ("ambiguous: [通讯录, ", "ambiguous: [短信, 通讯录, ",
                                   "'短信' is also an alias of 'sms'"),
}


@pytest.mark.parametrize("case", sorted(WHOLE_BOOK_CASES))
def test_whole_rulebook_checks(case: str, tmp_path: Path) -> None:
    """Checks that need the whole book: coverage, stage continuity, alias uniqueness."""
    old, new, message = WHOLE_BOOK_CASES[case]
    _, problems = check_rulebook(broken(tmp_path, old, new), coverage=method_gap)
    assert any(message in p.message for p in problems), problems


def test_failing_example_makes_rules_test_exit_1(tmp_path: Path) -> None:
    path = broken(tmp_path, "        expect: {sms: normal}\n", "        expect: {sms: illegal}\n")
    result = run("rules", "test", str(path))
    assert result.code == 1
    assert "FAIL sms.reminder" in result.stdout


def _compile(yaml_path: Path, source: bytes) -> None:
    import hashlib
    import json

    import yaml

    data = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    document = {"source_sha256": hashlib.sha256(source).hexdigest(), "rulebook": data}
    yaml_path.with_name("rules.compiled.json").write_text(json.dumps(document, ensure_ascii=False),
                                                          encoding="utf-8")


def test_compiled_copy_gives_the_same_rulebook(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(GOOD, encoding="utf-8")
    _compile(path, path.read_bytes())
    fast, problems = check_rulebook(path, coverage=method_gap)
    slow, _ = check_rulebook(RULES, coverage=method_gap)
    assert problems == [] and fast is not None and slow is not None
    assert fast.rules == slow.rules and fast.topics == slow.topics
    assert fast.method_index == slow.method_index


def test_stale_compiled_copy_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(GOOD, encoding="utf-8")
    _compile(path, path.read_bytes())
    path.write_text(GOOD.replace("    verdict: illegal\n", "    verdict: ilegal\n", 1),
                    encoding="utf-8")
    _, problems = check_rulebook(path, coverage=method_gap)
    assert problems and problems[0].line  # read from the YAML, so the line is known


def test_a_bad_ambiguous_entry_is_reported_once(tmp_path: Path) -> None:
    path = broken(tmp_path, "ambiguous: [通讯录, ", "ambiguous: [[x], 通讯录, ")
    _, problems = check_rulebook(path, coverage=method_gap)
    assert [p.key for p in problems].count("methods[contacts].ambiguous[0]") == 1


def _build_pickle(yaml_path: Path, source: bytes) -> None:
    """What hatch_build.py ships: the validated rulebook, pickled with the YAML's hash
    (and the label catalogue's)."""
    from overdue_cli.rulebook import pickled_rulebook

    book, problems = check_rulebook(yaml_path, coverage=method_gap)
    assert not problems and book is not None
    yaml_path.with_name("rules.compiled.pickle").write_bytes(pickled_rulebook(book, source))


def test_built_copy_gives_the_same_rulebook_at_this_path(tmp_path: Path) -> None:
    from overdue_cli.rulebook import load_rulebook

    path = tmp_path / "rules.yaml"
    path.write_text(GOOD, encoding="utf-8")
    _build_pickle(path, path.read_bytes())
    fast, problems = check_rulebook(path, thorough=False, coverage=method_gap)
    slow, _ = check_rulebook(path, coverage=method_gap)
    assert problems == [] and fast is not None and slow is not None
    assert fast == slow and fast.path == str(path)
    assert load_rulebook(path).rules == slow.rules


def test_stale_or_damaged_built_copy_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(GOOD, encoding="utf-8")
    _build_pickle(path, path.read_bytes())
    path.write_text(GOOD.replace("    verdict: illegal\n", "    verdict: ilegal\n", 1),
                    encoding="utf-8")
    _, problems = check_rulebook(path, thorough=False, coverage=method_gap)
    assert problems and problems[0].line  # the stale copy was not used
    path.with_name("rules.compiled.pickle").write_bytes(b"\x80\x05not a pickle")
    path.write_text(GOOD, encoding="utf-8")
    book, problems = check_rulebook(path, thorough=False, coverage=method_gap)
    assert book is not None and problems == []
