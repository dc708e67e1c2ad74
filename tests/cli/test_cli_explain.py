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
