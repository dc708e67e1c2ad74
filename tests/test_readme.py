"""The README's promises that can drift: Quick start, CI command, the rule example."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.S)
    assert block is not None
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 2
    assert "overdue check" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci  # CI calls the README's test command verbatim


@pytest.mark.parametrize("first_line", ["  - id: call.too_many_attempts\n",
                                        "  - id: insult.fraudster\n"])
def test_rulebook_examples_in_readme_are_the_real_entries(first_line: str) -> None:
    """The rule and the signal the README shows are copied from rules.yaml as they are."""
    rules = (ROOT / "data" / "rules.yaml").read_text(encoding="utf-8")
    start = README.index(first_line)
    end = README.index("```", start)
    assert README[start:end].rstrip("\n") in rules


def test_method_table_aliases_resolve_to_their_ids() -> None:
    from overdue_cli.check import resolve_methods
    from overdue_cli.rulebook import load_rulebook

    book = load_rulebook(ROOT / "data" / "rules.yaml")
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| ([^|]+) \|$", README, re.M)
    methods = {ident: aliases for ident, aliases in rows if ident in book.methods}
    assert set(methods) == set(book.methods)
    for ident, aliases in methods.items():
        for alias in (a.strip() for a in aliases.split(",")):
            assert resolve_methods(book, [alias]).ids == (ident,), alias


def test_readme_lists_the_scan_vocabulary() -> None:
    from overdue_cli.rulebook import CATEGORIES, MESSAGE_VERDICTS

    section = README.split("**Categories**", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"`(\w+)`", section) == list(CATEGORIES)
    for verdict in MESSAGE_VERDICTS:
        assert f"| `{verdict}` |" in README
