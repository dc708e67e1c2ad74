"""Generated Markdown reads as written once rendered: a line break inside Chinese
text would show as a stray space (``通讯\\n录`` → "通讯 录"), and ``**…。**请先``
is not bold in CommonMark (the closing ``**`` after punctuation and before a letter
does not close), so its asterisks would be printed. Checked on the log report,
every complaint draft, and the bold macro itself, with markdown-it-py (CommonMark);
the log report in every language is checked beside its other tests
(``test_journal_render``)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from overdue_cli.journal import CHANNELS, render_complaint
from overdue_cli.render.wrap import wrap_markdown

from ..journal.test_complaint_render import full_context

GOLDEN = Path(__file__).parents[1] / "golden"
TEMPLATES = Path(__file__).parents[2] / "src" / "overdue_cli" / "templates" / "complaint"
CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’"
CJK_BREAK = re.compile(f"[{CJK}]\\n[ >]*[{CJK}]")


def assert_markdown_reads_as_written(md: str) -> None:
    """No line break between two Chinese characters (or marks), and every ``**`` pair
    renders as <strong>: none is left in the HTML."""
    broken = CJK_BREAK.search(md)
    assert broken is None, repr(md[max(0, broken.start() - 30):broken.end() + 30])
    html = re.sub(r"<code>.*?</code>", "", MarkdownIt("commonmark").render(md))
    assert "**" not in html, re.findall(r".{0,40}\*\*.{0,40}", html)[:3]
    outside_code = re.sub(r"`[^`\n]*`", "", md)  # a masked number: `106****0001`
    assert html.count("<strong>") == outside_code.count("**") // 2


def markdown_files() -> list[Path]:
    return sorted(GOLDEN.glob("*.md"))


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: p.name)
def test_golden_markdown_reads_as_written(path: Path) -> None:
    """The goldens are the generated drafts and report, byte for byte (their own tests
    compare them)."""
    assert_markdown_reads_as_written(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("verified", [True, False])
def test_every_draft_reads_as_written(channel: str, verified: bool) -> None:
    context = full_context(channel)
    context["journal"]["verified"] = verified  # the "注意：……。" warning in bold
    assert_markdown_reads_as_written(render_complaint(context, channel, "markdown"))


BOLD_CASES = ["注意：证据日志的完整性校验没有通过。", "注意：这个渠道可能不受理。",
              "标题（违法）。", "“引号”！", "如果你正面临人身危险，请立即拨打 110。",
              "Note: this.", "。"]


@pytest.mark.parametrize("text", BOLD_CASES)
def test_the_bold_macro_closes_before_a_letter(text: str) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES))
    template = env.from_string('{% import "_macros.j2" as m with context %}'
                               '{{ m.b(text) }}请先查明')
    md = template.render(text=text, fmt="markdown")
    html = MarkdownIt("commonmark").render(md)
    assert ("<strong>" in html or text == "。") and "**" not in html, (md, html)
    assert re.sub(r"<[^>]+>", "", html).strip() == f"{text}请先查明"
    plain = template.render(text=text, fmt="text")
    assert plain == f"{text}请先查明"


PIECES = ["通讯录", "催收", "，", "。", "12378", "jubao.nifa.org.cn", "- 1.", "#", ">", "“", "”"]
words = st.lists(st.one_of(st.sampled_from(PIECES),
                           st.text(alphabet="abcXYZ", min_size=1, max_size=8)),
                 max_size=40)


@given(words, st.lists(st.sampled_from([" ", "", "  "]), min_size=40, max_size=40),
       st.integers(4, 60))
def test_wrap_markdown_breaks_only_at_a_space_before_a_latin_word(
        parts: list[str], gaps: list[str], width: int) -> None:
    text = "".join(p + g for p, g in zip(parts, gaps, strict=False))
    lines = wrap_markdown(text, width)
    assert " ".join(lines) == " ".join(text.split())
    for line in lines[1:]:
        assert line[:1].isascii() and line[:1].isalpha(), lines


def test_wrap_markdown_wraps_english_at_the_width() -> None:
    text = " ".join(["collection"] * 30)
    lines = wrap_markdown(text, 40)
    assert len(lines) > 1 and all(len(line) <= 40 for line in lines)
    assert wrap_markdown("通讯录" * 40, 10) == ["通讯录" * 40]
