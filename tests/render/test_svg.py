"""The SVG charts: pure drawing from numbers, so the arithmetic (axis tops, bar
heights, shaded runs) and the safety (every text escaped, nothing external) are
checked without a journal or a browser. Coordinates are written to 0.1, so sizes
are compared to that."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overdue_cli.render import svg
from overdue_cli.render.svg import Series


def _tree(drawn: str) -> ET.Element:
    """The chart parsed as XML: well-formed, one <svg> root."""
    root = ET.fromstring(drawn)
    assert root.tag == "svg"
    return root


def _bars(root: ET.Element, fill: str) -> list[ET.Element]:
    return [r for r in root.iter("rect") if r.get("fill") == fill]


@given(st.integers(min_value=0, max_value=10**9))
def test_the_axis_top_is_round_and_covers_the_value(value: int) -> None:
    top, step = svg.nice_ceiling(value)
    assert top >= max(value, 1) and step >= 1 and top % step == 0
    assert top // step <= 5
    digits = str(step).rstrip("0")
    assert digits in ("1", "2", "5")


@pytest.mark.parametrize(("flags", "runs"), [
    ([False] * 24, []),
    ([True] * 24, [(0, 23)]),
    ([h >= 22 or h < 8 for h in range(24)], [(0, 7), (22, 23)]),
    ([True, False, True], [(0, 0), (2, 2)]),
])
def test_shaded_runs(flags: list[bool], runs: list[tuple[int, int]]) -> None:
    assert svg.shaded_runs(flags) == runs


def test_stacked_bars_heights_follow_the_numbers() -> None:
    series = (Series("来电", svg.CALLS), Series("消息", svg.MESSAGES, "hatch"),
              Series("其他", svg.OTHER, "dots"))
    drawn = svg.stacked_bars("d", "每天", ["11-19", "11-20"], [(2, 0, 0), (4, 2, 0)], series)
    root = _tree(drawn)
    calls = _bars(root, svg.CALLS)[1:]  # the first is the legend's swatch
    heights = [float(r.get("height") or 0) for r in calls]
    assert heights[1] == pytest.approx(2 * heights[0], abs=0.3)
    assert root.find("title").text == "每天"  # type: ignore[union-attr]
    assert "url(#d-p1)" in drawn and 'id="d-p1"' in drawn  # messages hatched, ids per chart
    texts = [t.text for t in root.iter("text")]
    assert "6" in texts and "2" in texts  # each bar's total above it
    assert {"11-19", "11-20"} <= set(texts)


def test_many_bars_thin_their_labels_but_keep_every_bar() -> None:
    labels = [f"10-{d:02d}" for d in range(1, 61)]
    drawn = svg.stacked_bars("m", "t", labels, [(1, 0, 0)] * 60, (Series("a", "#000"),))
    root = _tree(drawn)
    assert len(_bars(root, "#000")) == 60 + 1
    shown = [t.text for t in root.iter("text") if t.text in labels]
    assert 5 <= len(shown) < 60 and shown[0] == "10-01"


def test_bars_never_become_walls() -> None:
    root = _tree(svg.stacked_bars("w", "t", ["a"], [(3,)], (Series("a", "#000"),)))
    assert all(float(r.get("width") or 0) <= svg.BAR_MAX for r in _bars(root, "#000"))


def test_hour_histogram_shades_the_quiet_hours() -> None:
    quiet = [h >= 22 or h < 8 for h in range(24)]
    counts = [0] * 24
    counts[22], counts[9] = 5, 1
    root = _tree(svg.hour_histogram("h", "几点", counts, quiet, "夜间 22:00–08:00", "次数"))
    shades = _bars(root, svg.SHADE)[1:]  # after the legend's swatch
    assert len(shades) == 2  # 00–08 and 22–24, one rectangle each
    widths = sorted(float(r.get("width") or 0) for r in shades)
    assert widths[1] == pytest.approx(4 * widths[0], abs=0.3)  # 8 hours against 2
    bars = _bars(root, svg.CALLS)[1:]
    assert sorted(float(r.get("height") or 0) for r in bars)[1] == pytest.approx(
        5 * min(float(r.get("height") or 0) for r in bars), abs=0.5)
    assert [t.text for t in root.iter("text")].count("22") == 1


def test_hour_histogram_needs_24_hours() -> None:
    with pytest.raises(ValueError):
        svg.hour_histogram("h", "t", [1] * 23, [False] * 23, "q", "n")


def test_horizontal_bars_scale_to_the_largest() -> None:
    root = _tree(svg.horizontal_bars("n", "号码", ["170", "106"], [4, 2], ["", "网关"]))
    widths = [float(r.get("width") or 0) for r in _bars(root, svg.CALLS)]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.3)
    assert "网关" in "".join(root.itertext())
    with pytest.raises(ValueError):
        svg.horizontal_bars("n", "t", ["a"], [1, 2])


def test_every_text_is_escaped_and_nothing_is_external() -> None:
    evil = '<script>alert(1)</script>"&'
    drawn = "".join([
        svg.stacked_bars("a", evil, [evil], [(1,)], (Series(evil, "#000"),)),
        svg.hour_histogram("b", evil, [1] * 24, [True] * 24, evil, evil),
        svg.horizontal_bars("c", evil, [evil], [1], [evil]),
    ])
    assert "<script" not in drawn and "&lt;script&gt;" in drawn
    assert not re.search(r"(href|src)\s*=|xmlns|https?:", drawn)
    for chart in re.findall(r"<svg.*?</svg>", drawn):
        _tree(chart)


def test_empty_input_draws_an_empty_chart() -> None:
    _tree(svg.stacked_bars("e", "t", [], [], (Series("a", "#000"),)))
    _tree(svg.horizontal_bars("e", "t", [], []))
