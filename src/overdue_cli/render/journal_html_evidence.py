"""The HTML pages' evidence: the entries a report or draft cites, each with its
hash in the journal's hash chain, and the chain's state as ``log verify`` finds it.

Why a module of its own: it is the part of the page a third party checks
against the journal (``overdue log verify``, ``overdue log export``), read from
the entries the CLI hands in (``ReportOutput.evidence``) and printed on a page of
its own; the report's sections are ``journal_html``'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from overdue_cli.journal import Report
from overdue_cli.render.journal_html_page import HtmlView, code, esc, hash_html, nowrap
from overdue_cli.render.journal_results import ReportOutput
from overdue_cli.render.journal_view import clip

if TYPE_CHECKING:
    from overdue_cli.journal import Entry, Verification

EVIDENCE_CAP = 300
"""Entries listed in the evidence table; the rest are counted (``log export`` has all)."""
EXCERPT = 40
"""Characters of a message or note in the evidence table."""
_NUMBER = ' class="n"'
"""A table cell's attribute: right-aligned, a number."""


def evidence_seqs(rep: Report, also: Iterable[int] = ()) -> list[int]:
    """The entries a page cites, in journal order: those its findings rest on, the
    flagged messages, the night and third-party examples, and ``also`` (a draft's
    timeline). The evidence table lists them with their hashes (the CLI reads them)."""
    seqs = set(also)
    for f in rep.findings:
        seqs.update(f.seqs)
    seqs.update(x.contact.seq for x in rep.flagged)
    seqs.update(c.seq for c in rep.night_sample)
    seqs.update(c.seq for c in rep.third_party_sample)
    return sorted(seqs)


def _reasons(v: HtmlView, rep: Report) -> dict[int, list[str]]:
    """Why each cited entry is cited: the rules of the findings resting on it, its
    scan verdict, night, other people. HTML."""
    out: dict[int, dict[str, None]] = {}
    for f in rep.findings:
        for seq in f.seqs:
            out.setdefault(seq, {})[code(f.rule.id)] = None
    for x in rep.flagged:
        out.setdefault(x.contact.seq, {})[v.badge(x.verdict, "message_verdicts")] = None
    for c in rep.night_sample:
        out.setdefault(c.seq, {})[esc(v.t("quiet_mark"))] = None
    for c in rep.third_party_sample:
        out.setdefault(c.seq, {})[esc(v.h("reason_third"))] = None
    return {seq: list(marks) for seq, marks in out.items()}


def _chain(v: HtmlView, verification: Verification | None) -> str:
    """What ``log verify`` says of the chain now: intact, or where it breaks."""
    if verification is None:
        return ""
    c = v.colon()
    if verification.broken is None:
        state = f'<p class="ok">{esc(v.t("verify_ok", count=verification.entries))}</p>'
    else:
        seq = verification.broken.seq
        state = f'<p class="broken">{esc(v.t("verify_broken", seq=seq))}</p>'
        if seq > 1:
            state += f"<p>{esc(v.t('verify_before_ok', last=seq - 1, seq=seq))}</p>"
    head = (f"<p>{esc(v.t('head_hash'))}{esc(c)}{code(verification.head_hash, 'hash')}</p>"
            if verification.head_hash else "")
    return f"<h3>{esc(v.h('chain'))}</h3>{state}{head}"


def evidence_section(v: HtmlView, out: ReportOutput) -> str:
    """The cited entries with their hashes, on a new page when printed: each entry
    a row of facts, then a row with its whole hash on one line (kept together)."""
    rep, entries = out.report, list(out.evidence)
    reasons = _reasons(v, rep)
    header = ["#", v.t("time"), v.t("method"), v.t("number"), v.t("content"),
              v.h("listed_for")]
    bodies = []
    for entry in entries[:EVIDENCE_CAP]:
        cells = [f"#{entry.seq}", *_entry_cells(v, entry),
                 f'<span class="reasons">{" ".join(reasons.get(entry.seq, []))}</span>']
        row = "".join(f"<td{_NUMBER if i == 0 else ''}>{c}</td>" for i, c in enumerate(cells))
        bodies.append(f'<tbody class="entry"><tr>{row}</tr><tr class="hashrow">'
                      f'<td colspan="{len(header)}">{esc(v.t("hash"))}{esc(v.colon())}'
                      f"{hash_html(entry.hash)}</td></tr></tbody>")
    more = (f'<p class="muted">{esc(v.h("evidence_more", count=len(entries) - EVIDENCE_CAP))}'
            "</p>" if len(entries) > EVIDENCE_CAP else "")
    head = "".join(f"<th{_NUMBER if i == 0 else ''}>{esc(h)}</th>" for i, h in enumerate(header))
    listed = (f'<table class="evidence"><thead><tr>{head}</tr></thead>{"".join(bodies)}'
              "</table>" if bodies else "")
    return (f'<section class="evidence"><h2>{esc(v.h("evidence"))}</h2>'
            f'<p class="muted">{esc(v.h("evidence_intro"))}</p>'
            f"{_chain(v, out.verification)}{listed}{more}</section>")


def _entry_cells(v: HtmlView, entry: Entry) -> list[str]:
    """Time, method, who and what (outcome, or an excerpt of the text or note)."""
    ev = entry.event
    what = v.content(ev.text, ev.note, EXCERPT) or (
        v.outcome(ev.outcome, ev.duration_s) if ev.outcome or ev.duration_s else "")
    return [nowrap(v.when(ev.at)), nowrap(v.method(ev.method)),
            v.who_html(ev.number, ev.name), esc(clip(what, EXCERPT + 12))]
