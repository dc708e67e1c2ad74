"""Line breaking for mixed Chinese/English: hotlines and URLs are never cut."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from overdue_cli.render.wrap import wrap

from ..conftest import run

text_parts = st.lists(st.one_of(
    st.sampled_from(["12378", "jubao.nifa.org.cn", "--unreachable", " ", "，", "。", "（", "）",
                     "投诉", "热线", "的", "GB/T 45251—2025", "“", "”"]),
    st.text(alphabet="催收短信电话违法违规你我他", min_size=1, max_size=6),
), max_size=40).map("".join)


@given(text_parts, st.integers(8, 60))
def test_wrap_keeps_every_character_and_the_width(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert re.sub(r"\s+", "", "".join(lines)) == re.sub(r"\s+", "", text)
    runs = re.findall(r"[!-~]+", text)
    for line in lines:
        if cell_len(line) > width:  # only a single run wider than the line may overflow
            assert any(cell_len(r) > width for r in runs)


@given(text_parts, st.integers(20, 60))
def test_wrap_never_splits_a_short_ascii_run(text: str, width: int) -> None:
    lines = wrap(text, width)
    for run_ in re.findall(r"[!-~]+", text):
        if cell_len(run_) <= width:
            assert any(run_ in line for line in lines), (run_, lines)


def test_no_line_starts_with_closing_punctuation() -> None:
    text = "先向平台客服投诉，说明时间和经过，要求停止违规催收、更换催收人员，并要求书面答复。"
    lines = wrap(text, 30)
    assert all(not line.startswith(("，", "。", "、")) for line in lines)


def test_hotlines_survive_in_the_real_report() -> None:
    out = run("check", "--days", "45", "--method", "contacts", env={"COLUMNS": "80"}).stdout
    assert "12378" in out and "jubao.nifa.org.cn" in out


def test_two_closing_marks_travel_with_the_word_before_them() -> None:
    from overdue_cli.render.wrap import wrap

    lines = wrap("发短信到12321）。", 12)
    assert all(not line.startswith(("）", "。")) for line in lines), lines
    assert "".join(lines) == "发短信到12321）。"
