"""The HTML report and complaint page: structure a reader and a printer rely on
(three charts, the evidence with every cited entry's hash, print rules), nothing
external (no script, no link, no source to fetch), every user string escaped,
and the words in the language asked for."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from overdue_cli.journal import (
    Broken,
    Filter,
    Journal,
    Redactor,
    Report,
    build,
    build_context,
    render_complaint,
)
from overdue_cli.journal.analysis import analyse
from overdue_cli.journal.events import Event, Source
from overdue_cli.locale import Localizer
from overdue_cli.readers import CHINA_TZ
from overdue_cli.render import (
    RENDERERS,
    ComplaintOutput,
    OutputFormat,
    ReportOutput,
    evidence_seqs,
    render,
)
from overdue_cli.render.journal_html import complaint_page, report_page
from overdue_cli.render.journal_html_page import hash_html, markdown_html
from overdue_cli.rulebook import Rulebook

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=CHINA_TZ)
PLATFORM = "<b>某某借</b>"
CALLER = "17012345678"
THREAT = "再不还钱就爆你通讯录，通知你全家 <script>alert(1)</script>"
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "rect", "line", "circle", "path"}


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHINA_TZ)


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory, book: Rulebook) -> Journal:
    j = Journal.open(tmp_path_factory.mktemp("journal") / "j.sqlite3")
    manual = Source("manual")

    def add(event: Event) -> None:
        j.append(event, tz="Asia/Shanghai", now=NOW)

    add(Event("call", "in", _at(20, 22, 40), manual, number=CALLER, platform=PLATFORM,
              name='催收"<i>', note="骂人 & 威胁", outcome="answered", duration_s=60))
    for i in range(8):
        add(Event("call", "in", _at(20, 9 + i, 5), manual, number="17099998888",
                  platform=PLATFORM, outcome="missed"))
    add(Event("sms", "in", _at(19, 14), manual, number="10690000123", platform=PLATFORM,
              text=THREAT))
    add(Event("contacts", "in", _at(19, 16, 30), manual, number="13800001111", name="妈妈",
              platform=PLATFORM, note="催收打给我妈", third_party=True))
    analyse(j, book, jobs=1)
    yield j
    j.close()


@pytest.fixture(scope="module")
def rep(journal: Journal, book: Rulebook) -> Report:
    return build(journal, book, Filter(), now=NOW)


def _output(journal: Journal, book: Rulebook, rep: Report, lang: str = "zh-Hans",
            redactor: Redactor | None = None) -> ReportOutput:
    entries = tuple(e for e in (journal.entry(s) for s in evidence_seqs(rep)) if e)
    return ReportOutput(book, Localizer(lang), "j.sqlite3", rep, redactor, entries,
                        journal.verify(check_attachments=False))


def _page(journal: Journal, book: Rulebook, rep: Report, lang: str = "zh-Hans",
          redactor: Redactor | None = None) -> str:
    return report_page(_output(journal, book, rep, lang, redactor), now=NOW)


def _text(page: str) -> str:
    """The page's text, tags removed (a hash split for wrapping reads whole again)."""
    return re.sub(r"<[^>]+>", "", page)


class _Balance(HTMLParser):
    """Every element that is opened is closed, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def _balanced(page: str) -> list[str]:
    parser = _Balance()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    return parser.tags


def _nothing_external(page: str) -> None:
    assert "<script" not in page.lower()
    assert not re.search(r"\b(src|href|action|formaction|srcset)\s*=", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:|//|data:|file:)", page, re.I)
    assert "@import" not in page and "@font-face" not in page
    tags = set(_balanced(page))
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "form", "a",
                       "image", "use", "foreignobject"}


def test_html_is_a_renderer_of_the_report_and_the_complaint() -> None:
    assert RENDERERS["ReportOutput"][OutputFormat.HTML] == "journal_html:report_html"
    assert RENDERERS["ComplaintOutput"][OutputFormat.HTML] == "journal_html:complaint_html"


def test_report_page_structure(journal: Journal, book: Rulebook, rep: Report) -> None:
    page = _page(journal, book, rep)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-Hans">' in page
    _nothing_external(page)
    assert page.count("<svg") == 3  # per day, by hour, per number
    assert 'id="chart-days"' in page and 'id="chart-hours"' in page
    assert 'id="chart-numbers"' in page
    # print: rows and charts stay whole, the evidence starts a page
    assert "@media print" in page and "break-inside: avoid" in page
    assert re.search(r"section\.evidence[^{]*\{[^}]*break-before: page", page)
    assert page.index('<section class="evidence">') > page.index('id="chart-numbers"')


def test_user_strings_are_escaped(journal: Journal, book: Rulebook, rep: Report) -> None:
    page = _page(journal, book, rep)
    assert "<b>某某借" not in page and "&lt;b&gt;某某借&lt;/b&gt;" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '催收"<i>' not in page and "催收&quot;&lt;i&gt;" in page
    assert "骂人 &amp; 威胁" in page


def test_evidence_lists_every_cited_entry_with_its_hash(journal: Journal, book: Rulebook,
                                                         rep: Report) -> None:
    page = _page(journal, book, rep)
    evidence = page[page.index('<section class="evidence">'):]
    text = _text(evidence)
    cited = evidence_seqs(rep)
    assert cited and set(cited) >= {c.seq for c in rep.night_sample}
    for seq in cited:
        entry = journal.entry(seq)
        assert entry is not None and len(entry.hash) == 64
        assert f"#{seq}" in text and entry.hash in text
    head = journal.verify(check_attachments=False).head_hash
    assert head in text
    # the rule each entry is cited for
    assert "contact.quiet_hours" in evidence and "call.too_many_attempts" in evidence


def test_a_broken_chain_is_said_on_the_page(journal: Journal, book: Rulebook,
                                            rep: Report) -> None:
    out = _output(journal, book, rep)
    assert out.verification is not None
    bad = dataclasses.replace(out.verification, broken=Broken(3, "hash mismatch"))
    page = report_page(out._replace(verification=bad), now=NOW)
    assert 'class="broken"' in page and "#3" in _text(page)


@pytest.mark.parametrize(("lang", "words"), [
    ("zh-Hans", ("催收记录报告", "每天被联系的次数", "证据清单", "哈希链核验", "夜间 22:00–08:00")),
    ("zh-Hant", ("催收記錄報告", "證據清單", "夜間")),
    ("en", ("collection journal report", "Contacts per day", "Evidence", "Hash chain check",
            "quiet hours 22:00–08:00")),
])
def test_words_follow_the_language(journal: Journal, book: Rulebook, rep: Report, lang: str,
                                   words: tuple[str, ...]) -> None:
    page = _page(journal, book, rep, lang)
    assert f'<html lang="{lang}">' in page
    for word in words:
        assert word in page, word
    assert "&lt;script&gt;alert(1)" in page  # evidence stays as written in every language


def test_redacted_page_hides_full_numbers(journal: Journal, book: Rulebook,
                                          rep: Report) -> None:
    page = _page(journal, book, rep, redactor=Redactor(journal.counterparty_names()))
    assert CALLER not in page and "5678" in page
    assert "妈妈" not in page


def test_an_empty_report_has_no_charts_and_no_evidence(journal: Journal,
                                                       book: Rulebook) -> None:
    empty = build(journal, book, Filter(platform="没有这个平台"), now=NOW)
    page = report_page(ReportOutput(book, Localizer("zh-Hans"), "j", empty), now=NOW)
    _nothing_external(page)
    assert "<svg" not in page and "evidence" not in page.split("</style>")[1]
    assert "没有对方联系你的记录" in page


def test_complaint_page_is_the_draft_then_the_appendix(journal: Journal, book: Rulebook,
                                                      rep: Report) -> None:
    context = build_context(journal, book, rep, "12378")
    draft = render_complaint(context, "12378", "markdown")
    appendix = _output(journal, book, rep)
    page = complaint_page(ComplaintOutput("j", "12378", "markdown", context, draft, appendix))
    _nothing_external(page)
    assert '<html lang="zh-Hans">' in page and "<title>投诉书草稿</title>" in page
    assert "<h1>投诉书</h1>" in page and "<h2>一、投诉人</h2>" in page
    assert "<blockquote>" in page and "<strong>" in page and "<ol>" in page
    assert page.count("<svg") == 3
    assert page.index("<h1>投诉书</h1>") < page.index('class="appendix"') < page.index(
        'class="evidence"')
    # the draft's own words about the chain, and the appendix's hashes
    assert context["journal"]["head_hash"] in _text(page)
    for line in context["timeline"]:
        entry = journal.entry(line["seq"])
        assert entry is not None and entry.hash in _text(page)
    assert "&lt;script&gt;" in page and "<script" not in page


def test_complaint_renders_through_the_dispatch(journal: Journal, book: Rulebook,
                                                rep: Report, tmp_path: Path) -> None:
    context = build_context(journal, book, rep, "police")
    draft = render_complaint(context, "police", "markdown")
    out = tmp_path / "c.html"
    with out.open("w", encoding="utf-8") as stream:
        render(ComplaintOutput("j", "police", "markdown", context, draft), OutputFormat.HTML,
               stream)
    page = out.read_text(encoding="utf-8")
    _nothing_external(page)
    assert "<svg" not in page  # no appendix handed in: the draft alone


def test_markdown_conversion_keeps_markup_out() -> None:
    converted = markdown_html(
        "# 标题\n\n**粗体** 与 `代码`\n\n- 一\n- 二\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "<b>raw</b> [link](https://example.com) ![img](https://example.com/x.png) "
        "<https://example.com> javascript:alert(1)\n")
    assert "<h1>标题</h1>" in converted and "<strong>粗体</strong>" in converted
    assert "<code>代码</code>" in converted and "<li>一</li>" in converted
    assert "<table>" in converted and "<td>1</td>" in converted
    assert "<b>" not in converted and "&lt;b&gt;raw&lt;/b&gt;" in converted
    assert not re.search(r"(href|src)\s*=", converted)


def test_a_hash_breaks_only_between_groups() -> None:
    digest = "0123456789abcdef" * 4
    drawn = hash_html(digest)
    assert _text(drawn) == digest and drawn.count("<wbr>") == 3
