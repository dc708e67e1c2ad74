"""``log report --format html`` and ``complaint --format html``: one self-contained
page to open in a browser or print, the charts drawn as inline SVG.

Why a module of its own: the HTML report tells the same facts as the Markdown
one, from the same :class:`~overdue_cli.journal.Report` and in the same words
(:class:`~overdue_cli.render.journal_view.JournalView`, the catalogue's
``journal`` group, and its ``html`` group for the page's own), but draws the
charts (``svg``: contacts per day, by hour with the quiet hours shaded, per
number) and ends with the evidence: every entry the report cites, with its
hash in the journal's hash chain and the chain's state, on a page of its own.
The complaint page is the Markdown draft, converted, with the charts and the
evidence as an appendix. The page frame, style sheet, Markdown conversion and
:class:`HtmlView` are ``journal_html_page``'s; the evidence table is
``journal_html_evidence``'s.

Every user-supplied string (numbers, names, messages, notes, platforms, paths)
is HTML-escaped, after the redactor and the terminal-safety pass
(``JournalView``); so is every label, which a rulebook of one's own may set.
The quiet hours are the rulebook's (``Rulebook.is_quiet_hour``), the same test
the report's night count uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TextIO

from overdue_cli.journal import Contact, Report
from overdue_cli.render.journal_charts import buckets
from overdue_cli.render.journal_html_evidence import evidence_section
from overdue_cli.render.journal_html_page import (
    HtmlView,
    code,
    esc,
    items,
    markdown_html,
    nowrap,
    page,
    table,
)
from overdue_cli.render.journal_results import ComplaintOutput, ReportOutput
from overdue_cli.render.journal_view import EXAMPLES
from overdue_cli.render.svg import (
    CALLS,
    MESSAGES,
    OTHER,
    Series,
    horizontal_bars,
    hour_histogram,
    stacked_bars,
)

FLAGGED_SHOWN = 50
HEAVY_SHOWN = 50


def report_html(out: ReportOutput, stream: TextIO) -> None:
    """The :class:`~overdue_cli.render.formats.Renderer`: :func:`report_page` on ``stream``."""
    stream.write(report_page(out))


def complaint_html(out: ComplaintOutput, stream: TextIO) -> None:
    """The :class:`~overdue_cli.render.formats.Renderer`: :func:`complaint_page` on ``stream``."""
    stream.write(complaint_page(out))


def report_page(out: ReportOutput, *, now: datetime | None = None) -> str:
    """The whole report page. ``now``: the generation time shown (tests fix it)."""
    v = HtmlView(out.book, out.loc, out.redactor)
    rep = out.report
    parts = [f"<h1>{esc(v.t('title'))}</h1>", _meta(v, out, now)]
    if rep.entries == 0:
        parts.append(f"<p>{esc(v.t('no_entries'))}</p>")
        parts.append(items(esc(n) for n in v.notes(rep)))
    else:
        if rep.verdict is not None:
            parts.append(f'<p class="overall">{esc(v.ui("overall"))}{esc(v.colon())}'
                         f"{v.badge(rep.verdict)}</p>")
        parts += [_totals(v, rep), *charts(v, rep), _night(v, rep), _heavy(v, rep),
                  _third_party(v, rep), _flagged(v, rep), _findings(v, rep)]
        if rep.next_steps:
            parts.append(f"<h2>{esc(v.ui('next_steps'))}</h2>")
            parts.append(items((esc(v.loc(v.book.actions[a].text) or a)
                                for a in rep.next_steps), numbered=True))
        notes = v.notes(rep)
        if notes:
            parts.append(f"<h2>{esc(v.t('notes'))}</h2>" + items(esc(n) for n in notes))
    parts.append(_disclaimer(v))
    if rep.entries:
        parts.append(evidence_section(v, out))
    return page(v.loc.lang, v.t("title"), "\n".join(p for p in parts if p))


def complaint_page(out: ComplaintOutput) -> str:
    """The draft (Markdown, converted), then the appendix: the charts and the evidence
    of ``out.appendix`` (in the draft's language, Simplified Chinese)."""
    body = [f'<article class="draft">{markdown_html(out.draft)}</article>']
    if out.appendix is None:
        from overdue_cli.locale import Localizer
        from overdue_cli.rulebook import load_rulebook

        v = HtmlView(load_rulebook(), Localizer("zh-Hans"))
    else:
        v = HtmlView(out.appendix.book, out.appendix.loc, out.appendix.redactor)
        if out.appendix.report.entries:
            body.append(f'<section class="appendix"><h2>{esc(v.h("appendix"))}</h2>'
                        f'<p class="muted">{esc(v.h("appendix_intro"))}</p>'
                        + "".join(charts(v, out.appendix.report)) + "</section>")
            body.append(evidence_section(v, out.appendix))
    return page(v.loc.lang, v.h("complaint_title"), "\n".join(body))


def _meta(v: HtmlView, out: ReportOutput, now: datetime | None) -> str:
    rep, book = out.report, out.book
    made = (now or datetime.now(rep.filter.tz)).astimezone(rep.filter.tz)
    rows = [(v.t("journal"), code(out.journal))]
    for part in [*v.filter_parts(rep.filter), *v.lender_parts(rep)]:
        key, _, value = part.partition(v.colon())
        rows.append((key, esc(value)))
    rows.insert(3, (v.t("period"), esc(v.period_text(rep))))
    rows += [(v.t("generated"), esc(made.strftime("%Y-%m-%d %H:%M")
                                    + v.paren(str(rep.filter.tz)))),
             (v.t("rulebook"), esc(book.version + (v.paren(book.as_of) if book.as_of else ""))),
             (v.t("redaction"), esc(v.t("redacted_yes") if out.redactor is not None
                                    else v.t("redacted_no")))]
    body = "".join(f"<tr><th>{esc(k)}</th><td>{val}</td></tr>" for k, val in rows)
    return f'<table class="meta"><tbody>{body}</tbody></table>'


def _totals(v: HtmlView, rep: Report) -> str:
    rows = [
        (v.t("incoming"), rep.entries), (v.t("calls"), rep.calls),
        (v.t("calls_answered"), rep.answered), (v.t("calls_unanswered"), rep.unanswered),
        (v.t("messages"), rep.messages), (v.t("night", window=v.quiet_window()), rep.night),
        (v.t("heavy_groups"), len(rep.heavy_days)), (v.t("third_party"), rep.third_party),
        (v.t("flagged"), rep.flagged_total), (v.t("outgoing"), rep.outgoing),
    ]
    return (f"<h2>{esc(v.t('totals'))}</h2>"
            + table([esc(v.t("item")), esc(v.t("total"))],
                    ((esc(k), str(n)) for k, n in rows), numeric="-n", cls="totals"))


def charts(v: HtmlView, rep: Report) -> list[str]:
    """The three charts as figures: contacts per day (week, month), by hour of day
    with the quiet hours shaded, and the numbers seen most."""
    out = []
    unit, rows = buckets(rep.per_day)
    if rows:
        years = {b.start.year for b in rows}
        def short(b: Any) -> str:
            if b.gap:
                return "…"
            if unit == "month":
                return str(b.start.strftime("%Y-%m"))
            return str(b.start.strftime("%m-%d" if len(years) == 1 else "%Y-%m-%d"))
        series = (Series(v.t("calls"), CALLS), Series(v.t("messages"), MESSAGES, "hatch"),
                  Series(v.t("other"), OTHER, "dots"))
        svg = stacked_bars("chart-days", v.unit_heading(unit), [short(b) for b in rows],
                           [b.parts for b in rows], series)
        gaps = [f"{b.start.isoformat()} {v.bucket_label(b, unit)}" for b in rows if b.gap]
        caption = v.h("gap_note", gaps=v.sep().join(gaps)) if gaps else ""
        out.append(_figure(v.unit_heading(unit), svg, caption))
    if max(rep.by_hour, default=0):
        window = v.quiet_window()
        svg = hour_histogram("chart-hours", v.t("by_hour"), rep.by_hour,
                             [v.book.is_quiet_hour(h) for h in range(24)],
                             v.h("quiet_hours", window=window), v.h("contacts"))
        out.append(_figure(v.t("by_hour"), svg, v.h("quiet_note", window=window)))
    if rep.numbers:
        labels = [v.number(n.number) for n in rep.numbers]
        notes = [v.t("gateway") if n.gateway else "" for n in rep.numbers]
        svg = horizontal_bars("chart-numbers", v.t("numbers"), labels,
                              [n.contacts for n in rep.numbers], notes)
        caption = v.t("gateway_note") if any(n.gateway for n in rep.numbers) else ""
        out.append(_figure(v.t("numbers"), svg, caption))
    return out


def _figure(heading: str, svg: str, caption: str) -> str:
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f"<h2>{esc(heading)}</h2><figure>{svg}{cap}</figure>"


def _contacts_table(v: HtmlView, contacts: Sequence[Contact], limit: int = EXAMPLES) -> str:
    rows = [[f"#{x.seq}", nowrap(v.when(x.at)), esc(v.method(x.method)),
             v.who_html(x.number, x.name), esc(v.outcome(x.outcome, x.duration_s)),
             esc(v.content(x.text, x.note))] for x in contacts[:limit]]
    return table(["#", esc(v.t("time")), esc(v.t("method")), esc(v.t("number")),
                  esc(v.t("outcome")), esc(v.t("content"))], rows, numeric="n")


def _more(v: HtmlView, total: int, shown: int) -> str:
    return f'<p class="muted">{esc(v.t("more_json", count=total - shown))}</p>' \
        if total > shown else ""


def _night(v: HtmlView, rep: Report) -> str:
    return _sampled(v, v.t("night", window=v.quiet_window()), rep.night, rep.night_sample)


def _third_party(v: HtmlView, rep: Report) -> str:
    return _sampled(v, v.t("third_party"), rep.third_party, rep.third_party_sample)


def _sampled(v: HtmlView, title: str, total: int, sample: Sequence[Contact]) -> str:
    """A heading, how many there are, and a table of the first few."""
    if not total:
        return ""
    return (f"<h2>{esc(title)}</h2><p>{esc(v.t('count', count=total))}</p>"
            + _contacts_table(v, sample) + _more(v, total, min(len(sample), EXAMPLES)))


def _heavy(v: HtmlView, rep: Report) -> str:
    if not rep.heavy_days:
        return ""
    rows = []
    for h in rep.heavy_days[:HEAVY_SHOWN]:
        who = esc(v.heavy_who(h)) if h.platform is not None else esc(
            v.t("untagged_number", number="\x00")).replace("\x00", code(v.number(h.number)))
        numbers = esc(v.sep()).join(
            f"{code(v.number(n.number)) if n.number else esc(v.t('no_number'))} "
            f"{n.answered + n.unanswered}" for n in h.numbers)
        rows.append([nowrap(h.day.isoformat()), who, str(h.answered), str(h.unanswered), numbers,
                     esc(v.limits(h.over))])
    return (f"<h2>{esc(v.t('heavy_groups'))}</h2>"
            + table([esc(v.t(k)) for k in ("date", "who_called", "answered", "unanswered",
                                           "per_number", "over_limit")], rows, numeric="--nn")
            + _more(v, len(rep.heavy_days), min(len(rep.heavy_days), HEAVY_SHOWN))
            + f'<p class="muted">{esc(v.t("heavy_note"))}</p>')


def _flagged(v: HtmlView, rep: Report) -> str:
    """Each message whole: who, when, the verdict, the matched words and the text."""
    if not rep.flagged_total:
        return ""
    c = v.colon()
    listed = []
    for x in rep.flagged[:FLAGGED_SHOWN]:
        m = x.contact
        head = (f"<strong>#{m.seq}</strong> · {esc(v.when(m.at))} · {esc(v.method(m.method))}"
                f" · {v.who_html(m.number, m.name)} · {v.badge(x.verdict, 'message_verdicts')}")
        lines = [f'<div class="body">{esc(said)}</div>' if key == "text"
                 else f"<div>{esc(v.t(key))}{esc(c)}{esc(said)}</div>"
                 for key, said in v.flagged_details(x)]
        listed.append(f"<div>{head}</div>" + "".join(lines))
    return (f"<h2>{esc(v.t('flagged'))}</h2>"
            f"<p>{esc(v.t('count_messages', count=rep.flagged_total))}</p>"
            + items(listed, cls="flagged")
            + _more(v, rep.flagged_total, min(len(rep.flagged), FLAGGED_SHOWN)))


def _findings(v: HtmlView, rep: Report) -> str:
    if not rep.findings:
        return ""
    loc, c = v.loc, v.colon()
    out = [f"<h2>{esc(v.ui('findings'))}</h2>"]
    for i, f in enumerate(rep.findings, 1):
        also = esc(v.paren(v.ui("also"))) if not f.deciding else ""
        out.append(
            f'<div class="finding"><h3>{i}. {esc(v.method(f.method))}{esc(c)}'
            f"{v.badge(f.verdict)}{also}</h3>"
            f"<p><strong>{esc(loc(f.rule.title))}</strong></p>"
            f"<p>{esc(v.ui('why'))}{esc(c)}{esc(loc(f.rule.explanation))}</p>"
            + items([f"{esc(v.t('records'))}{esc(c)}{esc(v.seqs(f))}",
                     f"{esc(v.ui('rule'))}{esc(c)}{code(f.rule.id)}"])
            + f"<p>{esc(v.ui('basis'))}{esc(c)}</p>"
            + items(esc(line) for line in v.law_lines(f)) + "</div>")
    return "".join(out)


def _disclaimer(v: HtmlView) -> str:
    return (f'<p class="disclaimer">{esc(v.ui("disclaimer"))}{esc(v.colon())}'
            f"{esc(v.loc(v.book.disclaimer))}</p>")
