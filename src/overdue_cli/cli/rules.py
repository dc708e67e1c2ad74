"""``overdue rules validate|test|list`` and ``overdue schema``: the rulebook and the
documented JSON, for people who maintain a rulebook or script against the output.

Why a module of its own: none of it is on a borrower's path, and ``rules test``
exits 1 on a failing worked example, as a test runner does.
"""

from __future__ import annotations

from typing import Annotated

import typer

from overdue_cli.cli.context import emit, environment
from overdue_cli.cli.options import JsonOpt, LangOpt, RulesOpt, book_and_locale, unknown_choice
from overdue_cli.errors import EXIT_DATA, EXIT_FAIL_ON, EXIT_OK
from overdue_cli.render import OutputFormat, RulesOutput, RuleTestOutput, ValidationOutput
from overdue_cli.rulebook import load_rulebook

rules_app = typer.Typer(no_args_is_help=True)

SCHEMAS = ("check", "explain", "rate", "methods", "rules", "scan", "log", "complaint", "letter",
           "schema")
"""The shipped schemas (``overdue_cli/schemas/NAME.schema.json``), in the order listed."""


def schema(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(
        metavar="[NAME]")] = None,
    json_out: JsonOpt = False,
) -> int:
    """List the JSON Schemas of the --json outputs, or print the one NAME names.

    Each is shipped in the package and stands alone: every $ref points inside it."""
    import json
    from importlib import resources

    folder = resources.files("overdue_cli") / "schemas"
    out = environment(ctx).stdout
    if name is not None:
        if name not in SCHEMAS:
            raise unknown_choice(f"no schema named '{name}' (没有这个 schema)", name, SCHEMAS,
                                 key="no_schema")
        text = (folder / f"{name}.schema.json").read_text(encoding="utf-8")
        out.write(text if text.endswith("\n") else text + "\n")
        return EXIT_OK
    listed = []
    for each in SCHEMAS:
        doc = json.loads((folder / f"{each}.schema.json").read_text(encoding="utf-8"))
        listed.append({"name": each, "title": doc["title"], "id": doc["$id"]})
    if json_out:
        from overdue_cli.render import dumps, envelope

        out.write(dumps({**envelope("schema"), "schemas": listed}))
    else:
        width = max(len(each) for each in SCHEMAS)
        for item in listed:
            out.write(f"{item['name']:<{width}}  {item['title']}\n"
                      f"{'':<{width}}  {item['id']}\n")
    return EXIT_OK


PathArg = Annotated[str | None, typer.Argument(metavar="[PATH]")]


@rules_app.command("validate")
def rules_validate(ctx: typer.Context, path: PathArg = None, json_out: JsonOpt = False) -> int:
    """Check a rulebook: schema, ids, references, texts, basis, examples, coverage."""
    from overdue_cli.check import method_gap
    from overdue_cli.rulebook import check_rulebook, default_rulebook_path

    target = path or str(default_rulebook_path())
    book, problems = check_rulebook(target, coverage=method_gap)
    from overdue_cli.text import text_safe

    emit(environment(ctx), OutputFormat.human_or_json(json_out),
         ValidationOutput(text_safe(target), problems, book))
    return EXIT_DATA if problems else EXIT_OK


@rules_app.command("test")
def rules_test(ctx: typer.Context, path: PathArg = None, json_out: JsonOpt = False) -> int:
    """Run every worked example in the rulebook; exit 1 if any fails."""
    from overdue_cli.check import assess_example, best_topic, method_gap
    from overdue_cli.rulebook import run_all
    from overdue_cli.scan import Matcher, fired_on_example

    book = load_rulebook(path, coverage=method_gap)
    results = run_all(book, judge=assess_example, scan_example=fired_on_example,
                      make_matcher=Matcher, route=best_topic)
    emit(environment(ctx), OutputFormat.human_or_json(json_out), RuleTestOutput(book, results))
    return EXIT_FAIL_ON if any(not r.passed for r in results) else EXIT_OK


@rules_app.command("list")
def rules_list(ctx: typer.Context, json_out: JsonOpt = False, lang: LangOpt = None,
               rules: RulesOpt = None) -> int:
    """List every rule: id, verdict, methods, conditions and title."""
    book, loc = book_and_locale(lang, rules)
    emit(environment(ctx), OutputFormat.human_or_json(json_out), RulesOutput(book, loc))
    return EXIT_OK
