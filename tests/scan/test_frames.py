"""Frames: a signal's compositions of parts (issue 10).

A frame is two or more small patterns that must all occur near each other (a
condition and a harm; an addressee, the debt and a request to pass it on).
These tests pin how one is read (order, window, overlap, negation points),
how a malformed one is reported (file, line, key), and that scan reports each
part as evidence.
"""

from __future__ import annotations

import textwrap
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue_cli.check import method_gap
from overdue_cli.readers import Record
from overdue_cli.rulebook import Frame, Rulebook, check_rulebook
from overdue_cli.scan.frames import CompiledFrame
from overdue_cli.scan.scanner import Scanner

SETS = {"cond": ("不还", "再拖"), "harm": ("腿", "医院"), "who": ("您表弟",), "debt": ("借款",),
        "ask": ("转告",)}


def frame(parts: dict[str, str], within: int = 10, ordered: bool = True) -> CompiledFrame:
    return CompiledFrame(Frame("f", tuple(parts.items()), within, ordered, (), ()), SETS)


def test_ordered_parts_within_the_window() -> None:
    f = frame({"condition": "<cond>", "harm": "<harm>"}, within=6)
    (m,) = list(f.finditer("再拖下去，这条腿就别要了"))
    assert [(role, "再拖下去，这条腿就别要了"[s:e]) for role, s, e in m.parts] == [
        ("condition", "再拖"), ("harm", "腿")]
    assert m.negation_at == (m.parts[1][1],)  # the condition's own 不 never cancels it


def test_order_and_distance_matter() -> None:
    f = frame({"condition": "<cond>", "harm": "<harm>"}, within=6)
    assert not list(f.finditer("腿疼，不还"))  # harm before the condition
    assert not list(f.finditer("不还" + "的" * 7 + "腿"))  # 7 characters apart, 6 allowed
    assert list(f.finditer("不还" + "的" * 6 + "腿"))


def test_unordered_parts_in_one_window_without_overlap() -> None:
    f = frame({"who": "<who>", "debt": "<debt>", "ask": "<ask>"}, within=30, ordered=False)
    text = "请转告他：您表弟的借款已逾期"
    (m,) = list(f.finditer(text))
    assert {role: text[s:e] for role, s, e in m.parts} == {
        "who": "您表弟", "debt": "借款", "ask": "转告"}
    assert not list(frame({"a": "借款", "b": "款"}, within=9, ordered=False).finditer("借款"))
    assert not list(f.finditer("您表弟" + "的" * 40 + "借款，请转告"))


def test_gates_say_when_a_frame_cannot_match() -> None:
    f = frame({"condition": "<cond>", "harm": "<harm>"})
    assert f.possible({"不还", "腿"})
    assert not f.possible({"不还"})
    assert f.gate == frozenset({"医院", "腿"}) or f.gate == frozenset({"不还", "再拖"})


@given(st.text(alphabet="不还再拖腿医院您表弟借款转告的，。a1", max_size=60))
@settings(max_examples=200, deadline=None)
def test_matches_keep_their_promises(text: str) -> None:
    for f, ordered in ((frame({"condition": "<cond>", "harm": "<harm>"}, 8), True),
                       (frame({"w": "<who>", "d": "<debt>", "a": "<ask>"}, 20, False), False)):
        for m in f.finditer(text):
            spans = [(s, e) for _, s, e in m.parts]
            assert all(0 <= s < e <= len(text) for s, e in spans)
            assert m.start == min(s for s, _ in spans) and m.end == max(e for _, e in spans)
            if ordered:
                assert all(a[1] <= b[0] <= a[1] + 8 for a, b in pairwise(spans))
            else:
                assert m.end - m.start <= 20
                ordered_spans = sorted(spans)
                assert all(b[0] >= a[1] for a, b in pairwise(ordered_spans))


# -- in the shipped rulebook -------------------------------------------------

@pytest.mark.parametrize(("text", "signal", "frame_name", "roles"), [
    ("再不还，我们就去幼儿园门口等你女儿放学。", "threat.shame", "condition_then_school",
     {"condition": "再不还", "school": "幼儿园"}),
    ("月底前不结清，你儿子学校会收到一封信。", "threat.shame", "condition_then_exposure",
     {"condition": "月底前", "exposure": "收到一封信"}),
    ("您作为担保联系人，请督促张某还款。",
     "contacts.message_through_others", "third_party_pass_on",
     {"addressee": "担保联系人", "debt": "还款", "request": "督促"}),
])
def test_scan_reports_each_part(book: Rulebook, text: str, signal: str, frame_name: str,
                                roles: dict[str, str]) -> None:
    result = Scanner(book, model=False).scan(Record(text, "t", "line 1"))
    hit = next(h for h in result.hits if h.signal.id == signal)
    assert hit.frame == frame_name
    assert {role: words for role, words, _ in hit.parts} == roles
    assert all(text[s:e] == words for _, words, (s, e) in hit.parts)
    assert result.flagged


def test_a_negated_harm_is_no_threat(book: Rulebook) -> None:
    result = Scanner(book, model=False).scan(
        Record("我们不会联系您的家人，请放心在APP内还款。", "t", "line 1"))
    assert not result.flagged


# -- malformed frames: one problem each, with file, line and key --------------

def _problems(tmp_path: Path, frames_yaml: str) -> list[str]:
    shipped = Path(__file__).resolve().parents[2] / "data" / "rules.yaml"
    text = shipped.read_text(encoding="utf-8")
    anchor = "  - id: reminder.repayment\n"
    block = textwrap.indent(textwrap.dedent(frames_yaml).strip("\n"), "    ") + "\n"
    patched = text.replace(anchor, anchor + block, 1)
    path = tmp_path / "rules.yaml"
    path.write_text(patched, encoding="utf-8")
    _, problems = check_rulebook(path, coverage=method_gap)
    return [f"{p.line}: {p.key}: {p.message}" for p in problems]


@pytest.mark.parametrize(("frames_yaml", "expected"), [
    ("""
     frames:
       - name: one_part
         parts: {a: "<condition>"}
         examples: {match: [不还]}
     """, "frames[0].parts: a frame needs at least two parts"),
    ("""
     frames:
       - name: unknown
         parts: {a: "<condition>", b: "<no_such_set>"}
         examples: {match: [不还]}
     """, "frames[0].parts.b: unknown set <no_such_set>"),
    ("""
     frames:
       - name: capture
         parts: {a: "<condition>", b: "(腿)"}
         examples: {match: [不还]}
     """, "frames[0].parts.b: use (?:...) groups"),
    ("""
     frames:
       - name: untested
         parts: {a: "<condition>", b: "腿"}
     """, "frames[0].examples: missing required key"),
    ("""
     frames:
       - name: Bad-Name
         parts: {a: "<condition>", b: "腿"}
         examples: {match: [不还腿]}
     """, "frames[0].name: a frame name is lower-case"),
    ("""
     frames:
       - name: far
         parts: {a: "<condition>", b: "腿"}
         within: 999
         examples: {match: [不还腿]}
     """, "frames[0].within: expected 0 to 200"),
])
def test_malformed_frames_are_reported(tmp_path: Path, frames_yaml: str, expected: str) -> None:
    problems = _problems(tmp_path, frames_yaml)
    assert any(expected in p for p in problems), problems
    assert all(p.split(":")[0].strip().isdigit() for p in problems if expected in p)
