"""JSON documents for check, explain, methods and the rulebook commands. What every
JSON renderer shares (the envelope, the text of a document, streaming, steps) is in
render/json_doc.py, re-exported here.

Conventions (see README "JSON output"): ``schema_version`` and ``command`` at
the top (:func:`envelope`, the one place that writes them), snake_case keys, ids
never localised, text in the ``--lang`` language. The schemas in
``overdue_cli/schemas`` describe these documents; tests validate real output
against them. Each command's function is a
:class:`~overdue_cli.render.formats.Renderer`, twin of ``render.human``'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from overdue_cli.check import Assessment, Finding
from overdue_cli.locale import Localizer
from overdue_cli.render.json_doc import SCHEMA_URL as SCHEMA_URL
from overdue_cli.render.json_doc import SCHEMA_VERSION as SCHEMA_VERSION
from overdue_cli.render.json_doc import dumps as dumps
from overdue_cli.render.json_doc import envelope as envelope
from overdue_cli.render.json_doc import steps as steps
from overdue_cli.render.json_doc import write_document as write_document
from overdue_cli.render.json_doc import write_streaming as write_streaming
from overdue_cli.render.results import (
    CheckOutput,
    ExplanationOutput,
    MethodsOutput,
    RulesOutput,
    RuleTestOutput,
    TopicsOutput,
    ValidationOutput,
)
from overdue_cli.rulebook import Basis, Rulebook
from overdue_cli.text import text_safe


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
    key = f"limitation_{lim.status}" if lim else ""
    # an interviewed borrower reads the wording that names no --last-due/--last-contact
    worded = book.labels.get("interview", {}) if a.situation.interviewed else {}
    text = worded.get(key) or book.labels.get("check", {}).get(key)
    if lim is None or text is None:
        return None
    s = a.situation
    return (loc(text) or "").format(
        runs_from=lim.runs_from.isoformat() if lim.runs_from else "",
        end=lim.earliest_end.isoformat() if lim.earliest_end else "",
        last_contact=s.last_contact.isoformat() if s.last_contact else "")


def check(out: CheckOutput, stream: TextIO) -> None:
    book, loc, a = out.book, out.loc, out.assessment
    s, stage = a.situation, a.stage
    doc = envelope("check", loc=loc, book=book)
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
        "summary": {"illegal": list(a.summary.illegal),
                    "suspicious": list(a.summary.suspicious),
                    "violation": list(a.summary.violation),
                    "do_now": list(a.summary.do_now)},
        "disclaimer": loc(book.disclaimer),
    })
    write_document(stream, doc)


def explanation(out: ExplanationOutput, stream: TextIO) -> None:
    book, loc, e = out.book, out.loc, out.explanation
    t = e.topic
    doc = envelope("explain", loc=loc, book=book)
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
    if e.routed_from is not None:
        doc["routed_from"] = text_safe(e.routed_from)
        doc["also"] = list(e.also)
    write_document(stream, doc)


def topics(out: TopicsOutput, stream: TextIO) -> None:
    book, loc = out.book, out.loc
    doc = envelope("explain", loc=loc, book=book)
    doc["topics"] = [{"id": t.id, "title": loc(t.title), "question": loc(t.question),
                      "aliases": list(t.aliases)} for t in book.topics.values()]
    write_document(stream, doc)


def methods(out: MethodsOutput, stream: TextIO) -> None:
    book, loc = out.book, out.loc
    doc = envelope("methods", loc=loc, book=book)
    doc["methods"] = [{"id": m.id, "name": loc(m.name), "aliases": list(m.aliases)}
                      for m in book.methods.values()]
    write_document(stream, doc)


def rules_list(out: RulesOutput, stream: TextIO) -> None:
    book, loc = out.book, out.loc
    doc = envelope("rules list", loc=loc, book=book)
    doc["rules"] = [{"id": r.id, "methods": list(r.methods), "when": dict(r.when),
                     "verdict": r.verdict, "title": loc(r.title),
                     "basis": basis_list(book, loc, r.basis), "examples": len(r.examples)}
                    for r in book.rules]
    write_document(stream, doc)


def rules_test(out: RuleTestOutput, stream: TextIO) -> None:
    results = out.results
    doc = envelope("rules test", book=out.book)
    failed = [r for r in results if not r.passed]
    doc.update({
        "passed": len(results) - len(failed),
        "failed": len(failed),
        "results": [{"rule_id": r.rule_id, "example": r.index, "line": r.line,
                     "passed": r.passed, "failures": list(r.failures)} for r in results],
    })
    write_document(stream, doc)


def rules_validate(out: ValidationOutput, stream: TextIO) -> None:
    path, problems, book = out.path, out.problems, out.book
    doc = envelope("rules validate")
    doc.update({
        "file": path,
        "valid": not problems,
        "rulebook": {"version": book.version, "as_of": book.as_of, "path": path} if book else None,
        "counts": _counts(book) if book and not problems else None,
        "problems": [{"file": text_safe(p.file), "line": p.line, "key": p.key, "message": p.message}
                     for p in problems],
    })
    write_document(stream, doc)


def _counts(book: Rulebook) -> dict[str, int]:
    return {"sources": len(book.sources), "methods": len(book.methods),
            "stages": len(book.stages), "actions": len(book.actions),
            "rules": len(book.rules), "topics": len(book.topics),
            "examples": sum(len(r.examples) for r in book.rules)}
