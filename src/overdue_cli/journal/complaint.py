"""Journal + Report -> the context a complaint template renders.

The draft's facts come from the same Report the ``log report`` command shows, so
a draft never claims what the report does not; the wording comes from the
templates (``complaint_render``). This module only chooses and shapes: which
entries make the dated timeline (the ones a finding rests on, the flagged
messages, night and third-party contacts and the user's own notes, capped), and
the evidence list with hashes.

Complaints go to Chinese regulators, so the context is always Simplified
Chinese, whatever ``--lang`` says for the rest of the tool.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from overdue_cli.i18n import Localizer
from overdue_cli.journal.report import Report
from overdue_cli.journal.store import Journal
from overdue_cli.rulebook import Rulebook

TIMELINE_CAP = 60
"""Dated facts in a draft; the full record stays in the journal (and its export)."""
FLAGGED_CAP = 20

_YOU = re.compile(r"你本人|你的|你(?!们)")
_KEEP = ("呼死你",)


_NOTE = "(CASE WHEN json_valid(e.extra) THEN json_extract(e.extra, '$.note') END)"
_ATTACHMENTS = "(CASE WHEN json_valid(e.extra) THEN json_extract(e.extra, '$.attachments') END)"
"""Parts of ``extra`` in SQL; an edited, invalid ``extra`` reads as absent, not an error."""


def third_person(text: str) -> str:
    """Rulebook texts speak to the user ("你"); a letter speaks as the user ("本人")."""
    kept = {word: f"\x00{i}\x00" for i, word in enumerate(_KEEP)}
    for word, mark in kept.items():
        text = text.replace(word, mark)
    text = _YOU.sub(lambda m: "本人的" if m.group(0) == "你的" else "本人", text)
    for word, mark in kept.items():
        text = text.replace(mark, word)
    return text


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


def build_context(journal: Journal, book: Rulebook, rep: Report, channel: str, *,
                  redactor: Any = None, today: date | None = None) -> dict[str, Any]:
    """The complaint template context (see complaint_render.REQUIRED_KEYS)."""
    from overdue_cli.journal.complaint_render import COMPLAINT_VERDICTS, render_summary

    loc = Localizer("zh-Hans")
    r = redactor
    flt = rep.filter
    method_name = {m: third_person(loc(book.methods[m].name) or m) for m in book.methods}

    findings = [f for f in rep.findings if f.verdict in COMPLAINT_VERDICTS]
    rules_of: dict[int, list[str]] = {}
    for f in findings:
        for seq in f.seqs:
            rules_of.setdefault(seq, []).append(f.rule.id)

    chosen = _timeline_seqs(journal, rep, rules_of)
    where, params = flt.sql()
    timeline = []
    number_ids: dict[str, int] = {}
    """Which listed number an entry is from: with --redact, two numbers that end in
    the same four digits look the same, yet are different numbers."""
    if chosen:
        marks = ", ".join("?" * len(chosen))
        for entry in journal.entries(f"{where} AND e.seq IN ({marks})", (*params, *chosen),
                                     order="e.at_ms, e.seq"):
            e = entry.event
            item = {"method": e.method, "method_name": method_name.get(e.method, e.method),
                    "direction": e.direction, "outcome": e.outcome, "duration_s": e.duration_s,
                    "text": r.text(e.text) if r else e.text,
                    "note": r.text(e.note) if r else e.note, "third_party": e.third_party}
            timeline.append({
                "seq": entry.seq, "at": _when(e.at), "method": e.method,
                "method_name": item["method_name"], "direction": e.direction,
                "number": r.number(e.number) if r else e.number,
                "number_id": (number_ids.setdefault(e.number, len(number_ids) + 1)
                              if e.number else None),
                "name": r.name(e.name) if r else e.name,
                "summary": render_summary(item),
                "rule_ids": rules_of.get(entry.seq, []),
            })

    signal_names = {s.id: loc(s.title) or s.id for s in book.signals}
    flagged = [{
        "seq": x.contact.seq, "at": _when(x.contact.at),
        "number": r.number(x.contact.number) if r else x.contact.number,
        "text": (r.text(x.contact.text) if r else x.contact.text) or "",
        "signals": [{"id": s["id"], "name": third_person(signal_names.get(s["id"], s["id"])),
                     "evidence": r.text(s["evidence"]) if r else s["evidence"]}
                    for s in x.signals if s["verdict"] in ("unlawful", "scam")],
    } for x in rep.flagged[:FLAGGED_CAP]]

    verification = journal.verify(check_attachments=False)
    return {
        "channel": channel,
        "today": (today or datetime.now(flt.tz).date()).isoformat(),
        "platform": flt.platform,
        "period": ({"start": rep.first.date().isoformat(), "end": rep.last.date().isoformat()}
                   if rep.first and rep.last else None),
        "tz": str(flt.tz),
        "counts": {"entries": rep.entries, "days": len(rep.per_day), "calls": rep.calls,
                   "answered": rep.answered, "unanswered": rep.unanswered,
                   "messages": rep.messages, "night": rep.night,
                   "third_party": rep.third_party, "flagged_messages": rep.flagged_total},
        "timeline": timeline,
        "findings": [{
            "rule_id": f.rule.id, "verdict": f.verdict,
            "verdict_name": loc(book.label("verdicts", f.verdict)) or f.verdict,
            "method": f.method, "method_name": method_name.get(f.method, f.method),
            "title": third_person(loc(f.rule.title) or f.rule.id),
            "count": f.count, "seqs": list(f.seqs),
            "basis": [_basis(book, loc, b) for b in f.rule.basis
                      if book.sources[b.source].kind != "article"],
        } for f in findings],
        "flagged": flagged,
        "evidence": _evidence(journal, where, params, r is not None),
        "journal": {"entries": verification.entries, "head_hash": verification.head_hash,
                    "verified": verification.broken is None,
                    "path": None if r else journal.shown},
        "user": {"name": None, "id_number": None, "phone": None},
        "redacted": r is not None,
    }


def _timeline_seqs(journal: Journal, rep: Report, rules_of: dict[int, list[str]]) -> list[int]:
    """Which entries a draft lists: what findings rest on, flagged messages, night and
    third-party contacts, then entries with the user's own notes; at most TIMELINE_CAP."""
    picked: dict[int, None] = {}
    for seq in rules_of:
        picked.setdefault(seq, None)
    for group in ([x.contact.seq for x in rep.flagged], [c.seq for c in rep.night_sample],
                  [c.seq for c in rep.third_party_sample]):
        for seq in group:
            picked.setdefault(seq, None)
    if len(picked) < TIMELINE_CAP:
        where, params = rep.filter.sql()
        for (seq,) in journal.conn.execute(
                f"SELECT e.seq FROM entries e WHERE {where} AND e.direction = 'in' AND "
                f"{_NOTE} IS NOT NULL ORDER BY e.at_ms "
                f"LIMIT {TIMELINE_CAP}", params):
            picked.setdefault(seq, None)
    return list(picked)[:TIMELINE_CAP]


def _basis(book: Rulebook, loc: Localizer, b: Any) -> dict[str, Any]:
    """A citation for a letter: the rule and its article only. The rulebook's notes
    are our own commentary, not the law's words, so they are never put in quotes;
    web articles (which a rule may also draw on) are not cited to a regulator."""
    source = book.sources[b.source]
    return {"source_id": source.id, "title": loc(source.title), "article": b.article,
            "quote": None, "status": source.status}


def _evidence(journal: Journal, where: str, params: tuple[Any, ...],
              redacted: bool) -> list[dict[str, Any]]:
    """Attachments of the entries in scope, then the exports they were imported from."""
    out: list[dict[str, Any]] = []
    for entry in journal.entries(f"{where} AND {_ATTACHMENTS} "
                                 f"IS NOT NULL", params):
        for a in entry.event.attachments:
            # a redacted draft names the file, not the folder (which may hold a user name)
            path = Path(a.path).name if redacted else a.path
            out.append({"seq": entry.seq, "kind": "attachment", "path": path,
                        "sha256": a.sha256, "size": a.size})
    for row in journal.conn.execute(
            f"SELECT DISTINCT CAST(s.file AS TEXT), CAST(s.sha256 AS TEXT), s.format "
            f"FROM entries e JOIN sources s ON s.id = e.source_id "
            f"WHERE {where} AND s.kind = 'import'", params):
        size = journal.conn.execute("SELECT size FROM imports WHERE sha256 = ? AND "
                                    "typeof(size) = 'integer' LIMIT 1", (row[1],)).fetchone()
        out.append({"seq": None, "kind": "export", "path": row[0], "sha256": row[1],
                    "size": int(size[0]) if size else 0})
    return out
