"""JSON documents for ``overdue log …``, built from the journal's result objects.

Same conventions as ``render.json``: ``schema_version`` and ``command`` first,
snake_case keys, ids never localised, the envelope from ``render.json``. An
entry has one shape everywhere (``log add``, ``log list``, ``log export --format
jsonl``), and ``log import`` reads that shape back, so an export round-trips.
Each command's function is a :class:`~overdue_cli.render.formats.Renderer`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TextIO

from overdue_cli.journal import Contact, Entry, HeavyDay, is_gateway, plausible
from overdue_cli.render.journal_results import (
    DestroyOutput,
    EntryOutput,
    ImportOutput,
    ListingOutput,
    ReportOutput,
    VerifyOutput,
)
from overdue_cli.render.json import (
    basis_list,
    envelope,
    steps,
    write_document,
    write_streaming,
)

if TYPE_CHECKING:
    from overdue_cli.journal import Redactor


def time_flag(at: datetime, now: datetime | None = None) -> str | None:
    """``before_2000`` / ``future`` for implausible times (kept, but flagged)."""
    if plausible(at, now):
        return None
    return "before_2000" if at.year < 2000 else "future"


def _file(path: str, redactor: Redactor | None) -> str:
    """Redacted output names a file, not its folder (which often holds the user's name)."""
    return PurePath(path).name if redactor is not None else path


def entry_doc(entry: Entry, analysis: tuple[str, list[Any]] | None = None,
              redactor: Redactor | None = None) -> dict[str, Any]:
    """One journal entry: its stored content plus chain position, hash and analysis."""
    r = redactor
    e = entry.event
    doc: dict[str, Any] = {
        "seq": entry.seq,
        "at": e.at.isoformat(),
        "method": e.method,
        "direction": e.direction,
        "number": r.number(e.number) if r else e.number,
        "number_raw": (r.number(e.number_raw) if r else e.number_raw),
        "gateway": is_gateway(e.number),
        "name": r.name(e.name) if r else e.name,
        "platform": e.platform,
        "text": r.text(e.text) if r else e.text,
        "note": r.text(e.note) if r else e.note,
        "duration_s": e.duration_s,
        "outcome": e.outcome,
        "kind": e.kind,
        "third_party": e.third_party,
        "attachments": [{"path": _file(a.path, r), "sha256": a.sha256, "size": a.size}
                        for a in e.attachments],
        "source": {k: (_file(v, r) if k == "file" else v)
                   for k, v in vars(e.source).items() if v is not None},
        "tz": entry.tz,
        "recorded_at": entry.recorded_at,
        "void_of": entry.void_of,
        "reason": r.text(entry.reason) if r else entry.reason,
        "voided_by": entry.voided_by,
        "time_flag": time_flag(e.at),
        "hash": entry.hash,
        "scan": None,
    }
    if analysis is not None:
        verdict, signals = analysis
        doc["scan"] = {"verdict": verdict, "signals": [
            {"id": s["id"], "category": s["category"], "verdict": s["verdict"],
             "evidence": r.text(s["evidence"]) if r else s["evidence"]} for s in signals]}
    return doc


def entries(out: ListingOutput, stream: TextIO) -> None:
    """``log list``: the entries streamed one at a time (500,000 cost what one costs)."""
    doc = envelope("log list", journal=out.journal)
    doc.update({"filter": dict(out.filters), "total": out.total, "entries": []})
    write_streaming(stream, doc, "entries", out.entries)


def added(out: EntryOutput, stream: TextIO) -> None:
    doc = envelope(out.command, journal=out.journal)
    doc["entry"] = out.entry
    write_document(stream, doc)


def imported(out: ImportOutput, stream: TextIO) -> None:
    skipped = out.skipped
    doc = envelope("log import", journal=out.journal)
    doc.update({
        "files": [{
            "file": x.name, "sha256": x.sha256, "format": x.format, "added": x.added,
            "duplicates": x.duplicates, "skipped": x.skipped, "filtered": x.filtered,
            "odd_times": x.flagged_times, "first_seq": x.first_seq, "last_seq": x.last_seq,
            "already_imported": x.already_imported,
            "skipped_records": [{"position": s.position, "reason": s.reason}
                                for s in skipped.get(x.name, [])],
        } for x in out.results],
        "analysed": out.analysed,
        "entries": out.total,
    })
    write_document(stream, doc)


def verified(out: VerifyOutput, stream: TextIO) -> None:
    v = out.verification
    doc = envelope("log verify", journal=v.path)
    doc.update({
        "ok": v.ok,
        "entries": v.entries,
        "head_hash": v.head_hash,
        "first_broken": {"seq": v.broken.seq, "reason": v.broken.reason} if v.broken else None,
        "attachments": {
            "ok": v.attachments_ok,
            "missing": [{"seq": s, "path": p} for s, p in v.attachments_missing],
            "changed": [{"seq": s, "path": p} for s, p in v.attachments_changed],
        },
    })
    write_document(stream, doc)


def destroyed(out: DestroyOutput, stream: TextIO) -> None:
    doc = envelope("log destroy", journal=out.journal)
    doc["removed"] = list(out.removed)
    write_document(stream, doc)


def contact_doc(c: Contact, r: Redactor | None) -> dict[str, Any]:
    return {
        "seq": c.seq, "at": c.at.isoformat(), "method": c.method,
        "number": r.number(c.number) if r else c.number,
        "name": r.name(c.name) if r else c.name,
        "text": r.text(c.text) if r else c.text,
        "note": r.text(c.note) if r else c.note,
        "outcome": c.outcome, "duration_s": c.duration_s,
    }


def heavy_doc(h: HeavyDay, r: Redactor | None) -> dict[str, Any]:
    """A day over a per-day call limit. ``platform`` set: the counts are the platform's
    numbers together, ``numbers`` each one's share, and ``number`` the busiest of them
    (kept for readers of schema 1); ``platform`` null: one untagged number, alone."""
    def shown(number: str | None) -> str | None:
        return r.number(number) if r and number else number

    busiest = next((n.number for n in h.numbers if n.number), None)
    return {"date": h.day.isoformat(), "platform": h.platform,
            "number": shown(h.number if h.platform is None else busiest) or "",
            "by_number": h.by_number,
            "answered": h.answered, "unanswered": h.unanswered, "over": list(h.over),
            "numbers": [{"number": shown(n.number), "answered": n.answered,
                         "unanswered": n.unanswered} for n in h.numbers]}


def report(out: ReportOutput, stream: TextIO) -> None:
    book, loc, rep, r = out.book, out.loc, out.report, out.redactor
    f = rep.filter
    doc = envelope("log report", loc=loc, journal=out.journal, book=book)
    quiet = f"{book.quiet_start:02d}:00-{book.quiet_end:02d}:00"
    doc.update({
        "filter": {"platform": f.platform,
                   "since": f.since.isoformat() if f.since else None,
                   "until": f.until.isoformat() if f.until else None,
                   "tz": str(f.tz)},
        "redacted": r is not None,
        "period": {"first": rep.first.isoformat() if rep.first else None,
                   "last": rep.last.isoformat() if rep.last else None,
                   "days": len(rep.per_day)},
        "totals": {"incoming": rep.entries, "outgoing": rep.outgoing, "calls": rep.calls,
                   "answered": rep.answered, "unanswered": rep.unanswered,
                   "messages": rep.messages, "night": rep.night,
                   "third_party": rep.third_party, "flagged_messages": rep.flagged_total,
                   "heavy_days": len(rep.heavy_days)},
        "per_day": [{"date": d.day.isoformat(), "total": d.total, "calls": d.calls,
                     "answered": d.answered, "unanswered": d.unanswered,
                     "messages": d.messages, "other": d.other} for d in rep.per_day],
        "by_hour": list(rep.by_hour),
        "night": {"window": quiet, "count": rep.night,
                  "entries": [contact_doc(c, r) for c in rep.night_sample]},
        "heavy_days": [heavy_doc(h, r) for h in rep.heavy_days],
        "third_party": {"count": rep.third_party,
                        "entries": [contact_doc(c, r) for c in rep.third_party_sample]},
        "flagged": {"count": rep.flagged_total, "messages": [
            {**contact_doc(x.contact, r), "verdict": x.verdict,
             "signals": [{"id": s["id"], "category": s["category"], "verdict": s["verdict"],
                          "evidence": r.text(s["evidence"]) if r else s["evidence"]}
                         for s in x.signals]} for x in rep.flagged]},
        "numbers": [{"number": r.number(n.number) if r else n.number,
                     "contacts": n.contacts, "gateway": n.gateway} for n in rep.numbers],
        "findings": [{
            "method": x.method,
            "method_name": loc(book.methods[x.method].name),
            "rule_id": x.rule.id,
            "verdict": x.verdict,
            "verdict_label": loc(book.label("verdicts", x.verdict)),
            "deciding": x.deciding,
            "title": loc(x.rule.title),
            "explanation": loc(x.rule.explanation),
            "basis": basis_list(book, loc, x.basis),
            "periods": [{"first": p.first.isoformat(), "last": p.last.isoformat(),
                         "basis": basis_list(book, loc, p.basis)} for p in x.periods],
            "count": x.count,
            "seqs": list(x.seqs),
            "complete": x.complete,
            "first_day": x.days[0].isoformat() if x.days else None,
            "last_day": x.days[-1].isoformat() if x.days else None,
        } for x in rep.findings],
        "verdict": rep.verdict,
        "verdict_label": loc(book.label("verdicts", rep.verdict)) if rep.verdict else None,
        "next_steps": steps(book, loc, rep.next_steps),
        "odd_times": rep.odd_times,
        "unanalysed": rep.unanalysed,
        "platforms": [{"platform": p, "entries": n,
                       "lender": dict(rep.lenders).get(p) if p is not None else None}
                      for p, n in rep.platforms],
        "lender": rep.lender,
        "disclaimer": loc(book.disclaimer),
    })
    write_document(stream, doc)
