"""Journal + Report -> the context a complaint template renders.

The draft's facts come from the same Report the ``log report`` command shows, so
a draft never claims what the report does not; the wording comes from the
templates (``complaint_render``). This module only chooses and shapes: which
entries make the dated timeline (the ones a finding rests on, the flagged
messages, night and third-party contacts and the user's own notes, capped), and
the evidence list with hashes.

What a draft pleads is held to the journal: each finding is alleged in its own
words (templates/complaint/allegations.yaml, never the rule's title, which
speaks to the borrower), with a count equal to its entries and the entries
listed; each citation is the law in force on the days of those entries, with
the dates when it held for only some of them; the kind of lender says which
channels suit the complaint.

Complaints go to Chinese regulators, so the context is always Simplified
Chinese, whatever ``--lang`` says for the rest of the tool.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from overdue_cli.journal.facts import HeavyDay, LawPeriod, Report, ReportFinding
from overdue_cli.journal.store import Journal
from overdue_cli.locale import Localizer
from overdue_cli.rulebook import Rule, Rulebook

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
                  redactor: Any = None, today: date | None = None,
                  lender: str | None = None) -> dict[str, Any]:
    """The complaint template context (see complaint_render.REQUIRED_KEYS).

    ``lender``: the kind of lender (a rulebook lender id) the user named with
    ``--lender``; by default the one the report was judged for (recorded with
    ``log add/import --lender``)."""
    from overdue_cli.journal.complaint_render import render_summary

    loc = Localizer("zh-Hans")
    r = redactor
    flt = rep.filter
    method_name = {m: third_person(loc(book.methods[m].name) or m) for m in book.methods}

    findings = _pleaded(rep)
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
                   "third_party": rep.third_party, "flagged_messages": rep.flagged_total,
                   # findings of these kinds: an ask about them needs one to stand on
                   "impersonation": sum(f.count for f in findings
                                        if f.method == "impersonation"),
                   "credit_report": sum(f.count for f in findings
                                        if f.method == "credit_report"),
                   # 1 when the lender answers to the banking complaint rules (15 days)
                   "bank_rules": int((lender or rep.lender) in
                                     ("bank", "credit_card", "consumer_finance"))},
        "timeline": timeline,
        "findings": [{
            "rule_id": f.rule.id, "verdict": f.verdict,
            "verdict_name": loc(book.label("verdicts", f.verdict)) or f.verdict,
            "method": f.method, "method_name": method_name.get(f.method, f.method),
            "title": allegation(book, f.rule, method_name.get(f.method, f.method)),
            "count": f.count, "seqs": sorted(f.seqs), "complete": f.complete,
            "first_day": f.days[0].isoformat() if f.days else None,
            "last_day": f.days[-1].isoformat() if f.days else None,
            "days": [_heavy_day(h, f.rule, r) for h in f.heavy],
            "basis": _citations(book, loc, f),
        } for f in findings],
        "lender": _lender(book, loc, lender or rep.lender, channel,
                          given="option" if lender else "journal"),
        "flagged": flagged,
        "evidence": _evidence(journal, where, params, r is not None),
        "journal": {"entries": verification.entries, "head_hash": verification.head_hash,
                    "verified": verification.broken is None,
                    "path": None if r else journal.shown},
        "user": {"name": None, "id_number": None, "phone": None},
        "redacted": r is not None,
    }


def _pleaded(rep: Report) -> list[ReportFinding]:
    """The findings a draft complains about: breaches only, and one allegation per set
    of facts. A lesser rule that fired on exactly the entries of a graver one for the
    same method ("a bluff", beside "a bluff with threats") adds no fact, only a second
    name for it; one that rests on other entries (night calls beside too many calls)
    stays."""
    from overdue_cli.journal.complaint_render import COMPLAINT_VERDICTS

    kept: list[ReportFinding] = []
    for f in rep.findings:  # most severe first
        if f.verdict not in COMPLAINT_VERDICTS:
            continue
        if any(k.method == f.method and k.count == f.count and set(k.seqs) == set(f.seqs)
               and k.days == f.days for k in kept):
            continue
        kept.append(f)
    return kept


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
            "quote": None, "status": source.status, "applies": None}


def _citations(book: Rulebook, loc: Localizer, f: ReportFinding) -> list[dict[str, Any]]:
    """The finding's citations as the law stood on the days of its entries.

    A citation in force on all of them is given plainly; one in force on only some
    (the 2012 public-security law for acts before 2026-01-01, the 2025 text for
    acts after) says which: ``applies`` is "2025-12-28 至 2025-12-31 的行为"."""
    periods = f.periods
    out = []
    starts: list[date | None] = []
    for b in f.basis:
        if book.sources[b.source].kind == "article" or b.explains:
            continue
        item = _basis(book, loc, b)
        start = None
        if len(periods) > 1:
            covering = [p for p in periods if b in p.basis]
            if len(covering) < len(periods):
                item["applies"] = "、".join(_period(p) for p in covering) + " 的行为"
                start = covering[0].first
        out.append(item)
        starts.append(start)
    # the texts that held for part of the time, in date order (old law, then new)
    slots = [i for i, start in enumerate(starts) if start is not None]
    ordered = sorted(slots, key=lambda i: (starts[i], i))
    placed = [out[i] for i in ordered]
    for slot, item in zip(slots, placed, strict=True):
        out[slot] = item
    return out


def _period(p: LawPeriod) -> str:
    if p.first == p.last:
        return p.first.isoformat()
    return f"{p.first.isoformat()} 至 {p.last.isoformat()}"


def _heavy_day(h: HeavyDay, rule: Rule, r: Any) -> dict[str, Any]:
    """A day over a per-day limit, as the draft lists it: the platform's calls of the
    rule's kind that day, and each number's share."""
    answered = "calls_per_day_gt" in rule.when
    def shown(number: str | None) -> str | None:
        return r.number(number) if r and number else number

    numbers = [{"number": shown(n.number), "count": n.answered if answered else n.unanswered}
               for n in h.numbers]
    return {"date": h.day.isoformat(), "platform": h.platform, "by_number": h.by_number,
            "number": shown(h.number), "kind": "answered" if answered else "unanswered",
            "count": h.answered if answered else h.unanswered,
            "numbers": sorted((n for n in numbers if n["count"]),
                              key=lambda n: (-n["count"], n["number"] is None,
                                             n["number"] or ""))}


def allegation(book: Rulebook, rule: Rule, method_name: str | None = None) -> str:
    """What a draft alleges for ``rule``: its wording in allegations.yaml, with the
    rulebook's numbers filled in; for a rule it lacks (a custom rulebook), a plain
    statement of the method of collection, never the rule's title, which speaks
    to the borrower and may read as advice."""
    from overdue_cli.journal.complaint_render import allegations

    values = {"quiet_start": book.quiet_start, "quiet_end": book.quiet_end,
              **{k: v for k, v in rule.when.items() if isinstance(v, int | str)}}
    text = allegations().get(rule.id)
    if text is not None:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            pass
    name = method_name or rule.id
    return f"对方以“{name}”的方式催收"


def _lender(book: Rulebook, loc: Localizer, lender: str | None, channel: str, *,
            given: str) -> dict[str, Any] | None:
    """The kind of lender and where its complaints go, for the draft's instructions:
    ``fits`` is False when the chosen channel is not one the rulebook lists for it
    (the draft is still written: the user decides)."""
    from overdue_cli.journal.complaint_render import CHANNELS, UNIVERSAL_CHANNELS, channel_info

    item = book.lenders.get(lender or "")
    if item is None:
        return None
    suited = [c for c in item.channels if c in CHANNELS]
    return {"id": item.id, "name": loc(item.name) or item.id,
            "note": loc(item.note) if item.note else None,
            "given": given,
            "fits": channel in suited or channel in UNIVERSAL_CHANNELS or not suited,
            "channels": [{"id": c, "name": channel_info(c)["name"]} for c in suited]}



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
