"""The shipped JSON Schemas: each one self-contained (every ``$ref`` resolves inside
the file, as `overdue schema NAME > NAME.schema.json` hands it out), each with an
``$id`` that names it and can never be fetched, the shared definitions kept in
step by tools/inline_schemas.py, and `overdue schema` listing them."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from overdue_cli.cli.rules import SCHEMAS as NAMES

from ..conftest import ROOT, SCHEMAS, run


def inline_tool() -> Any:
    spec = importlib.util.spec_from_file_location("inline_schemas",
                                                  ROOT / "tools" / "inline_schemas.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = inline_tool()
FILES = sorted(SCHEMAS.glob("*.json"))


def test_the_command_knows_every_shipped_schema() -> None:
    assert sorted(f"{name}.schema.json" for name in NAMES) == [p.name for p in FILES]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_schema_is_self_contained(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"https://overdue.invalid/schemas/{path.name}"
    refs = list(TOOL.refs(schema))
    assert all(ref.startswith("#/") for ref in refs), [r for r in refs if not r.startswith("#/")]
    assert [r for r in refs if not TOOL.resolves(schema, r)] == []
    # one line that says what the document is: the listing shows it
    assert "\n" not in schema["title"] and schema["title"].startswith("overdue ")


def test_the_shared_definitions_are_in_step_with_check() -> None:
    assert {p.name for p in TOOL.changes()} == set(), "run python3 tools/inline_schemas.py"
    shared = json.loads((SCHEMAS / "check.schema.json").read_text(encoding="utf-8"))["$defs"]
    explain = json.loads((SCHEMAS / "explain.schema.json").read_text(encoding="utf-8"))
    for name, copy in explain["$defs"].items():
        assert {k: v for k, v in copy.items() if k != "$comment"} == shared[name]


def test_the_tool_copies_an_edited_definition_and_then_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, folder)
    check = folder / "check.schema.json"
    text = check.read_text(encoding="utf-8")
    edited = text.replace('"pattern": "^[a-z0-9_]+$"}, "text"', '"pattern": "^[a-z_]+$"}, "text"')
    assert edited != text
    check.write_text(edited, encoding="utf-8")
    pending = TOOL.changes(folder)
    assert {p.name for p in pending} == {"explain.schema.json", "scan.schema.json",
                                         "rate.schema.json"}
    for path, new in pending.items():
        old = path.read_text(encoding="utf-8")
        # only the copy's line changes: what others add by hand merges as usual
        assert len([a for a, b in zip(old.splitlines(), new.splitlines(), strict=True)
                    if a != b]) == 1
        path.write_text(new, encoding="utf-8")
    assert TOOL.changes(folder) == {}
    steps = json.loads((folder / "scan.schema.json").read_text(encoding="utf-8"))["$defs"]["steps"]
    assert steps["items"]["properties"]["id"]["pattern"] == "^[a-z_]+$"


def test_a_reference_into_another_file_is_made_local(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, folder)
    methods = folder / "methods.schema.json"
    text = methods.read_text(encoding="utf-8")
    first, rest = text.split("\n  \"$defs\": {", 1)
    back = first.rstrip(",").replace('"#/$defs/', '"check.schema.json#/$defs/') + "\n}\n"
    methods.write_text(back, encoding="utf-8")
    assert TOOL.changes(folder)[methods] == text
    assert rest  # the copies were there


def test_schema_with_no_name_lists_them(validator) -> None:
    result = run("schema")
    assert result.code == 0, result.stderr
    assert "$schema" not in result.stdout  # not check's schema, as it used to print
    lines = result.stdout.splitlines()
    assert len(lines) == 2 * len(NAMES)
    for name, (head, address) in zip(NAMES, zip(lines[::2], lines[1::2], strict=True),
                                     strict=True):
        assert head.split()[0] == name
        assert address.strip() == f"https://overdue.invalid/schemas/{name}.schema.json"
    listed = run("schema", "--json")
    assert listed.code == 0
    validator("schema.schema.json", listed.json)
    assert [s["name"] for s in listed.json["schemas"]] == list(NAMES)
    for item in listed.json["schemas"]:
        schema = json.loads(run("schema", item["name"]).stdout)
        assert (item["title"], item["id"]) == (schema["title"], schema["$id"])

