"""JSON documents for every command, built from the result objects.

Conventions (see README "JSON output"): ``schema_version`` and ``command`` at
the top, snake_case keys, ids never localised, text in the ``--lang`` language.
The schemas in ``overdue_cli/schemas`` describe these documents; tests validate
real output against them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from overdue_cli.check import Assessment, Explanation, Finding
from overdue_cli.errors import Problem
from overdue_cli.locale import Localizer
from overdue_cli.rulebook import Basis, ExampleResult, Rulebook
from overdue_cli.text import text_safe

SCHEMA_VERSION = 1


def dumps(document: dict[str, Any]) -> str:
    """Stable text: UTF-8 characters as they are, two-space indent, newline at end."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_streaming(stream: TextIO, document: dict[str, Any], key: str,
                    items: Iterable[Any]) -> int:
    """Write ``document`` with ``document[key]`` taken from ``items`` one at a time.

    The text is byte for byte what ``dumps`` would give for the whole document (the
    key keeps its place), but only one item is in memory at a time: a list of
    500,000 journal entries costs what one costs. Returns how many were written.
    """
    marker = "\x00overdue-stream\x00"
    head, tail = dumps({**document, key: marker}).split(json.dumps(marker), 1)
    stream.write(head)
    count = 0
    for item in items:
        stream.write("[\n    " if count == 0 else ",\n    ")
        stream.write(json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    "))
        count += 1
    stream.write("\n  ]" if count else "[]")
    stream.write(tail)
    return count


def _envelope(command: str, book: Rulebook | None, loc: Localizer | None) -> dict[str, Any]:
    doc: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "command": command}
    if loc is not None:
        doc["lang"] = loc.lang
    if book is not None:
        doc["rulebook"] = {"version": book.version, "as_of": book.as_of, "path": book.shown_path}
    return doc


def basis_list(book: Rulebook, loc: Localizer, basis: Iterable[Basis]) -> list[dict[str, Any]]:
    out = []
    for b in basis:
        source = book.sources[b.source]
        out.append({
            "source_id": source.id,
            "title": loc(source.title),
            "article": b.article,
            "authority": source.kind,
            "authority_label": loc(book.label("authorities", source.kind)),
            "status": source.status,
            "note": loc(b.note),
        })
    return out


def steps(book: Rulebook, loc: Localizer, ids: Iterable[str]) -> list[dict[str, str]]:
    return [{"id": a, "text": loc(book.actions[a].text) or ""} for a in ids]


def finding_doc(book: Rulebook, loc: Localizer, f: Finding) -> dict[str, Any]:
    rule = f.rule
    return {
        "method": f.method,
        "method_name": loc(book.methods[f.method].name),
        "verdict": f.verdict,
        "verdict_label": loc(book.label("verdicts", f.verdict)),
        "rule_id": rule.id,
        "rule_ids": [r.id for r in f.fired],
        "title": loc(rule.title),
        "explanation": loc(rule.explanation),
        "conditions": [loc(c) for c in rule.conditions],
        "basis": basis_list(book, loc, f.basis or rule.basis),
        "next_steps": steps(book, loc, f.actions),
    }


def limitation_doc(book: Rulebook, loc: Localizer, a: Assessment) -> dict[str, Any] | None:
    """What can be said about the limitation period: a status, the dates, and the text."""
    lim = a.limitation
    if lim is None:
        return None
    return {
        "status": lim.status,
        "runs_from": lim.runs_from.isoformat() if lim.runs_from else None,
        "earliest_end": lim.earliest_end.isoformat() if lim.earliest_end else None,
        "text": limitation_text(book, loc, a),
    }


def limitation_text(book: Rulebook, loc: Localizer, a: Assessment) -> str | None:
    """The limitation paragraph in the user's language (None without the labels)."""
    lim = a.limitation
    labels = book.labels.get("check", {})
    text = labels.get(f"limitation_{lim.status}") if lim else None
    if lim is None or text is None:
        return None
    s = a.situation
    return (loc(text) or "").format(
        runs_from=lim.runs_from.isoformat() if lim.runs_from else "",
        end=lim.earliest_end.isoformat() if lim.earliest_end else "",
        last_contact=s.last_contact.isoformat() if s.last_contact else "")


def check(book: Rulebook, loc: Localizer, a: Assessment) -> dict[str, Any]:
    s, stage = a.situation, a.stage
    doc = _envelope("check", book, loc)
    doc.update({
        "situation": {
            "days_overdue": s.days_overdue,
            "methods": list(s.methods),
            "method_input": list(s.method_input),
            "hour": s.hour,
            "calls_per_day": s.calls_per_day,
            "attempts_per_day": s.attempts_per_day,
            "unreachable": s.unreachable,
            "platform": s.platform,
            "lender": s.lender,
            "lender_name": loc(book.lenders[s.lender].name) if s.lender in book.lenders else None,
            "on": s.day.isoformat(),
            "last_due": s.last_due.isoformat() if s.last_due else None,
            "last_contact": s.last_contact.isoformat() if s.last_contact else None,
        },
        "limitation": limitation_doc(book, loc, a),
        "stage": {
            "id": stage.id,
            "days": {"from": stage.days_from, "to": stage.days_to},
            "title": loc(stage.title),
            "summary": loc(stage.summary),
            "note": loc(book.label("ui", "stage_note")),
            "normal_methods": list(stage.normal_methods),
        },
        "findings": [finding_doc(book, loc, f) for f in a.findings],
        "verdict": a.verdict,
        "verdict_label": loc(book.label("verdicts", a.verdict)) if a.verdict else None,
        "next_steps": steps(book, loc, a.next_steps),
        "disclaimer": loc(book.disclaimer),
    })
    return doc


def explanation(book: Rulebook, loc: Localizer, e: Explanation) -> dict[str, Any]:
    t = e.topic
    doc = _envelope("explain", book, loc)
    doc.update({
        "topic": {
            "id": t.id,
            "aliases": list(t.aliases),
            "title": loc(t.title),
            "question": loc(t.question),
            "answer": loc(t.answer),
            "points": [loc(p) for p in t.points],
            "rules": [{"id": r.id, "verdict": r.verdict,
                       "verdict_label": loc(book.label("verdicts", r.verdict)),
                       "title": loc(r.title)} for r in e.rules],
            "basis": basis_list(book, loc, t.basis),
            "next_steps": steps(book, loc, (a.id for a in e.actions)),
        },
        "disclaimer": loc(book.disclaimer),
    })
    return doc


def topics(book: Rulebook, loc: Localizer) -> dict[str, Any]:
    doc = _envelope("explain", book, loc)
    doc["topics"] = [{"id": t.id, "title": loc(t.title), "question": loc(t.question),
                      "aliases": list(t.aliases)} for t in book.topics.values()]
    return doc


def methods(book: Rulebook, loc: Localizer) -> dict[str, Any]:
    doc = _envelope("methods", book, loc)
    doc["methods"] = [{"id": m.id, "name": loc(m.name), "aliases": list(m.aliases)}
                      for m in book.methods.values()]
    return doc


def rules_list(book: Rulebook, loc: Localizer) -> dict[str, Any]:
    doc = _envelope("rules list", book, loc)
    doc["rules"] = [{"id": r.id, "methods": list(r.methods), "when": dict(r.when),
                     "verdict": r.verdict, "title": loc(r.title),
                     "basis": basis_list(book, loc, r.basis), "examples": len(r.examples)}
                    for r in book.rules]
    return doc


def rules_test(book: Rulebook, results: list[ExampleResult]) -> dict[str, Any]:
    doc = _envelope("rules test", book, None)
    failed = [r for r in results if not r.passed]
    doc.update({
        "passed": len(results) - len(failed),
        "failed": len(failed),
        "results": [{"rule_id": r.rule_id, "example": r.index, "line": r.line,
                     "passed": r.passed, "failures": list(r.failures)} for r in results],
    })
    return doc


def rules_validate(path: str, problems: list[Problem],
                            book: Rulebook | None) -> dict[str, Any]:
    doc = _envelope("rules validate", None, None)
    doc.update({
        "file": path,
        "valid": not problems,
        "rulebook": {"version": book.version, "as_of": book.as_of, "path": path} if book else None,
        "counts": _counts(book) if book and not problems else None,
        "problems": [{"file": text_safe(p.file), "line": p.line, "key": p.key, "message": p.message}
                     for p in problems],
    })
    return doc


def _counts(book: Rulebook) -> dict[str, int]:
    return {"sources": len(book.sources), "methods": len(book.methods),
            "stages": len(book.stages), "actions": len(book.actions),
            "rules": len(book.rules), "topics": len(book.topics),
            "examples": sum(len(r.examples) for r in book.rules)}
