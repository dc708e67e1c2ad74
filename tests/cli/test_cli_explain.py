"""`overdue explain`, `overdue methods` and `overdue rules` from the command line."""

from __future__ import annotations

import pytest

from ..conftest import RULES, assert_one_line_error, run


@pytest.mark.parametrize("word", ["contacts", "通讯录", "爆通讯录", "緊急聯絡人", "Address Book"])
def test_explain_contacts_by_any_name(word: str, validator) -> None:
    result = run("explain", word, "--json")
    assert result.code == 0, result.stderr
    doc = result.json
    validator("explain.schema.json", doc)
    topic = doc["topic"]
    assert topic["id"] == "contacts"
    assert "contacts.unreachable_locate" in [r["id"] for r in topic["rules"]]
    assert topic["answer"] and topic["points"] and topic["basis"] and topic["next_steps"]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_every_topic_in_every_language(lang: str, validator, book) -> None:
    for topic in book.topics:
        doc = run("explain", topic, "--json", "--lang", lang).json
        validator("explain.schema.json", doc)
        assert doc["topic"]["id"] == topic


def test_explain_lists_topics(validator, book) -> None:
    doc = run("explain", "--json").json
    validator("explain.schema.json", doc)
    assert [t["id"] for t in doc["topics"]] == list(book.topics)
    human = run("explain").stdout
    assert "contacts" in human and "overdue explain" in human


def test_explain_human_answer_first() -> None:
    out = run("explain", "上门").stdout
    assert out.index("简短回答") < out.index("要点") < out.index("下一步怎么做")


def test_unknown_topic() -> None:
    line = assert_one_line_error(run("explain", "wechta"), 2)
    assert "wechat" in line


def test_methods_listing(validator) -> None:
    doc = run("methods", "--json").json
    validator("methods.schema.json", doc)
    assert doc["command"] == "methods" and len(doc["methods"]) == 25
    assert "爆通讯录" in run("methods").stdout


def test_rules_validate_test_and_list(validator) -> None:
    validate = run("rules", "validate", str(RULES), "--json")
    assert validate.code == 0 and validate.json["valid"] is True
    validator("rules.schema.json", validate.json)
    assert validate.json["counts"]["rules"] >= 25
    tested = run("rules", "test", "--json")
    assert tested.code == 0 and tested.json["failed"] == 0 and tested.json["passed"] > 30
    validator("rules.schema.json", tested.json)
    listed = run("rules", "list", "--json").json
    validator("rules.schema.json", listed)
    assert {r["id"] for r in listed["rules"]} >= {"address_book.mass_contact",
                                                   "contact.quiet_hours"}
    assert "passed" in run("rules", "test").stdout


def test_invalid_rulebook_validate_json_matches_schema(validator, tmp_path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text(RULES.read_text(encoding="utf-8").replace("    verdict: illegal\n",
                                                             "    verdict: ilegal\n", 1),
                   encoding="utf-8")
    result = run("rules", "validate", str(bad), "--json")
    assert result.code == 3
    validator("rules.schema.json", result.json)
    assert result.json["valid"] is False and result.json["problems"][0]["line"] > 0


@pytest.mark.parametrize("name", ["check", "explain", "methods", "rules"])
def test_schema_command_prints_the_shipped_schema(name: str) -> None:
    import json

    result = run("schema", name)
    assert result.code == 0
    assert json.loads(result.stdout)["$id"] == f"https://overdue.invalid/schemas/{name}.schema.json"


def test_unknown_schema() -> None:
    line = assert_one_line_error(run("schema", "chek"), 2)
    assert "check" in line


@pytest.mark.parametrize(("words", "topic"), [
    (["会不会坐牢"], "lawsuit"), (["会上门吗"], "visit"), (["催收说要抓我"], "lawsuit"),
    (["影响子女"], "credit"), (["jail", "--lang", "en"], "lawsuit"),
    (["will", "they", "visit", "my", "home"], "visit"),
])
def test_explain_answers_a_question_in_own_words(words: list[str], topic: str,
                                                 validator) -> None:
    result = run("explain", *words, "--json")
    assert result.code == 0, result.stderr
    validator("explain.schema.json", result.json)
    assert result.json["topic"]["id"] == topic
    assert result.json["routed_from"] == " ".join(w for w in words if not w.startswith("-")
                                                  and w != "en")
    assert all(t in result.json["also"] for t in result.json["also"])


def test_an_id_or_alias_is_not_routed(validator) -> None:
    doc = run("explain", "爆通讯录", "--json").json
    validator("explain.schema.json", doc)
    assert doc["topic"]["id"] == "contacts"
    assert "routed_from" not in doc and "also" not in doc


def test_a_close_second_topic_is_named(validator) -> None:
    result = run("explain", "信用卡逾期了会不会被起诉坐牢", "--json")
    validator("explain.schema.json", result.json)
    assert {result.json["topic"]["id"], *result.json["also"]} >= {"credit_card", "lawsuit"}
    human = run("explain", "信用卡逾期了会不会被起诉坐牢").stdout
    assert "你的问题：信用卡逾期了会不会被起诉坐牢" in human and "也可能想问" in human
    english = run("explain", "信用卡逾期了会不会被起诉坐牢", "--lang", "en").stdout
    assert "You may also mean" in english


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_nothing_fits_is_one_line_listing_the_topics(lang: str, book) -> None:
    line = assert_one_line_error(run("explain", "今天天气不错", "--lang", lang), 2)
    assert all(topic in line for topic in book.topics)
    assert ("没有找到" in line) if lang == "zh-Hans" else ("no topic matches" in line)


def test_explain_by_id_loads_no_segmenter() -> None:
    import subprocess
    import sys

    code = ("import sys; from overdue_cli.cli import main\n"
            "try: main(['explain', 'contacts', '--json'])\n"
            "except SystemExit: pass\n"
            "bad = [m for m in ('jieba', 'overdue_cli.text.segment', 'overdue_cli.check.route')"
            " if m in sys.modules]\n"
            "sys.stderr.write(repr(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.stderr.strip().endswith("[]"), done.stderr


def test_rules_test_checks_that_topic_questions_route_home(tmp_path, validator) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES.read_text(encoding="utf-8").replace(
        "questions: [网贷逾期会坐牢吗,", "questions: [征信上的记录多久消除,", 1), encoding="utf-8")
    result = run("rules", "test", str(path), "--json")
    assert result.code == 1
    validator("rules.schema.json", result.json)
    failed = [r for r in result.json["results"] if not r["passed"]]
    assert [r["rule_id"] for r in failed] == ["topic:lawsuit"]
    assert failed[0]["line"] > 0 and "route to lawsuit" in failed[0]["failures"][0]
