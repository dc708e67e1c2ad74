"""The frame of the journal's HTML pages: one self-contained document (its style
sheet inline, for the screen and for print), small builders for tables and
lists, and the complaint draft's Markdown turned into HTML.

Why a module of its own: ``journal_html`` says what the report and the complaint
appendix show; this says how a page is put together, so that a reader checks
"nothing external, everything escaped" in one place. The page loads nothing:
no script, no font, no image, no style sheet, no link; an address in the text
(a channel's web site) stays text. Fonts are the reader's own (a list of the
common Chinese system fonts, then ``sans-serif``).

Print matters more than the screen: a legal-aid volunteer prints the page.
``@media print`` drops the screen margins, keeps table rows, charts and list
items whole across page breaks, repeats table headers, starts the evidence table
on a new page, and numbers the pages.

:class:`HtmlView` is the journal's words (``JournalView``) with the ``html``
group's beside them. The draft's Markdown is converted by markdown-it-py, which ``rich`` (already a
dependency) depends on: CommonMark with tables, raw HTML off (so ``<b>`` in the
text is shown, never obeyed), links, autolinks and images off (nothing can
point outside the page). The drafts' templates escape user text for Markdown
already; this conversion is the second wall.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from overdue_cli.render.journal_view import JournalView

if TYPE_CHECKING:
    from overdue_cli.rulebook import Rulebook, Text

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body {
  margin: 2rem auto; max-width: 60rem; padding: 0 1.5rem; color: #1a1a1a; background: #fff;
  font-family: system-ui, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
    "Microsoft YaHei", "WenQuanYi Micro Hei", "Hiragino Sans GB", sans-serif;
  line-height: 1.6;
}
:lang(zh-Hant) body, body:lang(zh-Hant) {
  font-family: system-ui, "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC",
    "Microsoft JhengHei", "WenQuanYi Micro Hei", sans-serif;
}
h1 { font-size: 1.6rem; margin: 0 0 .6rem; border-bottom: 3px solid #2b4c7e;
  padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin: 1.8rem 0 .6rem; border-bottom: 1px solid #bbb;
  padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
p { margin: .5rem 0; }
code, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .92em; }
code { background: #f3f3f3; padding: 0 .2em; border-radius: 2px; }
.hash { word-break: break-all; font-size: .76rem; background: none; padding: 0; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .93rem; }
th, td { border: 1px solid #c8c8c8; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef1f6; font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.nowrap { white-space: nowrap; }
table.evidence { font-size: .86rem; }
table.evidence .reasons { font-size: .92em; line-height: 1.9; }
table.evidence tr:first-child td { border-bottom: none; }
table.evidence tr.hashrow td { border-top: none; padding-top: 0; color: #444; font-size: .9em; }
table.evidence tbody.entry:nth-of-type(even) td { background: #f7f8fa; }
table.meta, table.totals { width: auto; min-width: 50%; }
table.meta th { background: none; border: none; padding: .1rem 1rem .1rem 0; white-space: nowrap; }
table.meta td { border: none; padding: .1rem 0; }
.verdict { display: inline-block; padding: .05rem .55rem; border-radius: 3px; font-weight: 600;
  border: 1px solid currentColor; }
.v-illegal { color: #a40000; } .v-violation { color: #8a5a00; }
.v-suspicious { color: #6b2d8a; } .v-limited { color: #006b80; } .v-normal { color: #1c6b2c; }
.v-unlawful { color: #a40000; } .v-scam { color: #6b2d8a; }
.overall { font-size: 1.15rem; margin: 1rem 0; padding: .6rem .9rem; background: #f6f6f6;
  border-left: 5px solid #2b4c7e; }
figure { margin: .8rem 0 1.2rem; }
figcaption { font-size: .88rem; color: #444; margin-top: .2rem; }
svg.chart { width: 100%; height: auto; display: block; }
ul.flagged { list-style: none; padding: 0; }
ul.flagged > li { border: 1px solid #d6d6d6; border-left: 4px solid #a40000; padding: .5rem .8rem;
  margin: .6rem 0; }
ul.flagged .body { margin: .3rem 0 0; padding: .4rem .6rem; background: #faf7f2;
  white-space: pre-wrap; }
.muted { color: #555; font-size: .9rem; }
.broken { color: #a40000; font-weight: 600; }
.ok { color: #1c6b2c; font-weight: 600; }
.disclaimer { margin-top: 2rem; border-top: 1px solid #bbb; padding-top: .6rem;
  font-size: .88rem; color: #444; }
.draft blockquote { margin: 0 0 1.5rem; padding: .4rem 1rem; border: 2px dashed #8a5a00;
  background: #fffaf0; }
.draft h1 { text-align: center; border: none; }
.appendix { margin-top: 2.5rem; }
@page { size: A4; margin: 16mm 14mm 18mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; } }
@media print {
  html { font-size: 10.5pt; }
  body { margin: 0; max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, tbody.entry, figure, svg, ul.flagged > li, .overall, .finding {
    break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  section.evidence, section.appendix { break-before: page; page-break-before: always; }
  code { background: none; }
}
"""
"""The page's whole style sheet, for the screen and for print."""


def esc(text: object) -> str:
    """Any text (user text, labels, numbers) safe in HTML content and attribute values."""
    return html.escape(str(text), quote=True)


def _html_labels(book: Rulebook) -> Mapping[str, Text]:
    """The rulebook's ``html`` labels, or the shipped rulebook's if it has none."""
    labels = book.labels.get("html")
    if labels is None:
        from overdue_cli.rulebook import load_rulebook

        labels = load_rulebook().labels.get("html", {})
    return labels


class HtmlView(JournalView):
    """JournalView's words, plus the ``html`` group's; ``e`` escapes for the page."""

    def h(self, key: str, **values: Any) -> str:
        """An ``html`` label in the output language, placeholders filled in after."""
        text = _html_labels(self.book).get(key)
        words = (self.loc(text) or key) if text is not None else key
        return words.format(**values) if values else words

    def badge(self, verdict: str, group: str = "verdicts") -> str:
        return (f'<span class="verdict v-{esc(verdict)}">'
                f"{esc(self.label(group, verdict))}</span>")

    def who_html(self, number: str | None, name: str | None) -> str:
        """The number as code (read exactly), then the name, if any."""
        shown = self.name(name)
        number_html = code(self.number(number)) if number else "—"
        return number_html + (esc(self.paren(shown)) if shown else "")


def nowrap(text: str) -> str:
    """Text kept on one line (a date and time, a method's name)."""
    return f'<span class="nowrap">{esc(text)}</span>'


def page(lang: str, title: str, body: str) -> str:
    """A whole HTML document around ``body`` (already HTML), ending in one newline."""
    return (f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="referrer" content="no-referrer">\n'
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}"
            f"\n</body>\n</html>\n")


def table(header: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: str = "",
          cls: str = "") -> str:
    """A table of cells that are already HTML; ``numeric``: one letter a column, ``n``
    for a right-aligned number column (``-`` or nothing for text)."""
    def kind(i: int) -> str:
        return ' class="n"' if numeric[i:i + 1] == "n" else ""

    head = "".join(f"<th{kind(i)}>{h}</th>" for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f"<td{kind(i)}>{c}</td>" for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def items(texts: Iterable[str], *, numbered: bool = False, cls: str = "") -> str:
    """A list of items that are already HTML ('' when there are none)."""
    listed = "".join(f"<li>{t}</li>" for t in texts)
    if not listed:
        return ""
    tag = "ol" if numbered else "ul"
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<{tag}{attr}>{listed}</{tag}>"


def code(text: str, cls: str = "") -> str:
    """A number, hash or path, shown exactly."""
    attr = f' class="{esc(cls)}"' if cls else ""
    return f"<code{attr}>{esc(text)}</code>"


def hash_html(digest: str, group: int = 16) -> str:
    """A SHA-256 hex digest that breaks only between groups of 16 characters (two
    lines of 32 where there is room, four of 16 on a narrow page); copying it still
    gives one string."""
    parts = [digest[i:i + group] for i in range(0, len(digest), group)] or [""]
    return ('<code class="hash">' + "<wbr>".join(
        f'<span class="nowrap">{esc(part)}</span>' for part in parts) + "</code>")


def markdown_html(text: str) -> str:
    """The complaint draft's Markdown as HTML: headings, paragraphs, lists, block
    quotes, emphasis, code spans and tables; raw HTML, links and images are not
    turned into markup (they stay text)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable(["link", "image", "autolink", "html_inline", "html_block"])
    rendered: str = md.render(text)
    return rendered
