"""scan's core: folding, segmentation, signal matching and accuracy on the labelled set."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_cli.readers import Record
from overdue_cli.rulebook import CATEGORIES, CATEGORY_VERDICT, Rulebook
from overdue_cli.scan.matcher import Matcher
from overdue_cli.scan.scanner import Scanner
from overdue_cli.text import Pinyin, fold

DATA = Path(__file__).parents[1] / "data" / "messages.jsonl"


@pytest.fixture(scope="module")
def matcher(book: Rulebook) -> Matcher:
    return Matcher(book)


def scan_one(book: Rulebook, text: str, **kw) -> list[str]:
    return [h.signal.id for h in Scanner(book).scan(Record(text, "t", "line 1", **kw)).hits]


# -- folding ---------------------------------------------------------------

@pytest.mark.parametrize(("original", "folded"), [
    ("再不還錢就爆你通訊錄", "再不还钱就爆你通讯录"),
    ("催 收", "催收"),
    ("法/院傳票", "法院传票"),
    ("通\u200b讯*录", "通讯录"),
    ("ＡＰＰ還款！", "app还款!"),
    ("您好，请还款。", "您好,请还款。"),  # clause punctuation is kept
])
def test_fold(original: str, folded: str) -> None:
    assert fold(original).text == folded


def test_pinyin_and_variants_fold_to_the_terms_form() -> None:
    p = Pinyin({"fa": "法", "su": "诉", "txl": "通讯录"}, {"帐": "账"})
    f = fold("被fa 院起su，爆你txl，個人帳戶", p)
    assert f.text == "被法院起诉,爆你通讯录,个人账户"
    start = f.text.index("法院")
    assert f.span(start, start + 2) == (1, 5)  # "fa 院" in the original


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(
    [*"催收法院通讯录爆你家人 /*.\u200b，。！ａＢ1fasutxl還錢帳", "\U0001f525", "\u3000"]),
    max_size=40))
def test_folded_spans_always_index_the_original(text: str) -> None:
    f = fold(text, Pinyin({"fa": "法", "su": "诉", "txl": "通讯录"}))
    for i in range(len(f.text)):
        start, end = f.span(i, i + 1)
        assert 0 <= start < end <= len(text)
    if f.text:
        assert f.span(0, len(f.text))[1] <= len(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_matching_never_crashes_and_evidence_is_the_original_text(book: Rulebook,
                                                                  text: str) -> None:
    result = Scanner(book).scan(Record(text, "t", "line 1"))
    for hit in result.hits:
        assert hit.span is not None
        start, end = hit.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == hit.evidence


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_obfuscation_inside_a_term_does_not_hide_it(book: Rulebook, matcher: Matcher,
                                                    data: st.DataObject) -> None:
    """Spaces, symbols and zero-width characters pushed inside a term still match."""
    candidates = [(s, t) for s in book.signals if not s.requires and not s.unless
                  for t in s.terms if len(t) >= 3 and all("\u4e00" <= c <= "\u9fff" for c in t)]
    signal, term = data.draw(st.sampled_from(candidates))
    filler = data.draw(st.lists(st.sampled_from([" ", "/", "*", "\u200b", ".", "·", "-"]),
                                min_size=len(term) - 1, max_size=len(term) - 1))
    obfuscated = "".join(c + f for c, f in zip(term, [*filler, ""], strict=True))
    assert signal.id in [h.signal.id for h in matcher.find(obfuscated)]


# -- segmentation ----------------------------------------------------------

def test_every_signal_term_segments_whole(matcher: Matcher) -> None:
    segmenter = matcher.segmenter
    broken = [t for t in matcher.terms if segmenter.cut(t) != [t]]
    assert broken == []


def test_terms_stay_whole_in_their_example_sentences(book: Rulebook, matcher: Matcher) -> None:
    """In every match example, each term found starts and ends on a word boundary."""
    problems = []
    for signal in book.signals:
        for example in signal.match:
            folded = matcher.folded(example.text).text
            bounds = {0}
            position = 0
            for token in matcher.segmenter.cut(folded):
                position += len(token)
                bounds.add(position)
            spans = list(matcher.term_spans(folded))
            for start, end in spans:
                # a term inside or overlapping another term found here is the
                # segmenter's choice between the two; both still match as text
                overlapped = any((s, e) != (start, end) and s < end and start < e
                                 for s, e in spans)
                if not overlapped and not (start in bounds and end in bounds):
                    problems.append((signal.id, folded[start:end], example.text))
    assert problems == []


def test_segmenter_writes_no_cache_and_keeps_words_apart(matcher: Matcher) -> None:
    assert matcher.segmenter.cut("我在看法院子里") == ["我", "在", "看法", "院子", "里"]
    assert "爆通讯录" in matcher.segmenter.cut("再不还钱就爆通讯录")


# -- context: negation, boundaries, requires / unless ------------------------

@pytest.mark.parametrize(("text", "signal", "fires"), [
    ("我们不会联系您的家人", "contacts.disclosure", False),
    ("我们不会联系您的家人和紧急联系人", "contacts.disclosure", False),
    ("本平台不会读取您的通讯录", "contacts.disclosure", False),
    ("不还钱就联系你家人", "contacts.disclosure", True),
    ("如果不还款，我们将联系你的家人", "contacts.disclosure", True),
    ("不给钱就通知你的同事", "contacts.disclosure", True),
    ("要不要让全村人都知道你借钱不还", "threat.shame", True),
    ("我们从不上门催收", "visit.threat", False),
    ("我们绝对不会上门", "visit.threat", False),
    ("法院明天就会上门强制执行", "visit.threat", True),
    ("请勿回复垃圾短信", "insult.abuse", False),
    ("这个老家伙真有意思", "visit.threat", False),  # 老家 inside 老家伙 is no hometown
    ("本期账单含手续费12元", "scam.fee_charge", False),
    ("请先交手续费再办理", "scam.fee_charge", True),
    ("我司不会要求您转账到个人账户，谨防诈骗", "scam.fee", False),
])
def test_context(book: Rulebook, text: str, signal: str, fires: bool) -> None:
    assert (signal in scan_one(book, text)) is fires


def test_night_and_volume_need_a_collection_message(book: Rulebook) -> None:
    night = datetime.fromisoformat("2026-11-20T23:30:00+08:00")
    assert "time.night" in scan_one(book, "请尽快还款", time=night)
    assert scan_one(book, "您的快递到了", time=night) == []
    scanner = Scanner(book)
    day = datetime.fromisoformat("2026-11-20T10:00:00+08:00")
    verdicts = [scanner.scan(Record("请尽快还款", "t", f"line {i}", time=day,
                                    sender="17000000001")).verdict for i in range(8)]
    assert verdicts == ["lawful"] * 6 + ["unlawful"] * 2
    other_day = datetime.fromisoformat("2026-11-21T10:00:00+08:00")
    again = scanner.scan(Record("请尽快还款", "t", "line 9", time=other_day, sender="17000000001"))
    assert again.verdict == "lawful"


def test_message_verdict_precedence(book: Rulebook) -> None:
    scanner = Scanner(book)
    scam = scanner.scan(Record("再不还就爆你通讯录，另外交解冻费就帮你停催", "t", "line 1"))
    assert scam.verdict == "scam"
    assert {"contacts_disclosure", "fee_scam"} <= set(scam.categories)
    assert scanner.scan(Record("今天天气不错", "t", "line 2")).verdict == "unclear"


def test_every_category_has_a_signal_and_verdicts_follow_the_category(book: Rulebook) -> None:
    assert {s.category for s in book.signals} == set(CATEGORIES)
    for signal in book.signals:
        assert signal.verdict == CATEGORY_VERDICT[signal.category]
        assert signal.basis, signal.id
        assert signal.match, signal.id


# -- accuracy on the labelled set ------------------------------------------

FLAGGED_RECALL_FLOOR = 0.97
LAWFUL_FLAGGED_CEILING = 0.01
CATEGORY_RECALL_FLOOR = 0.75
CATEGORY_PRECISION_FLOOR = 0.75
CATEGORY_RECALL_FLOORS = {"impersonation": 0.65}
"""Impersonation needs a mismatch since issue 10 (a claimed official who
collects, threatens or asks for money): a bare claim of office, which some
written messages are labelled impersonation for, no longer counts on its own,
because real court notices make the same claim."""
# Categories overlap (a visit announced to shame you is both) and their labels
# are judgement calls, so their floors sit below the flagging floors.
"""Floors for tests/data/messages.jsonl; raise them as the rules improve. Each
batch of the set was written apart from the rules (see the notes), but the
rules were then tuned on it, so these numbers are optimistic for unseen
messages: the last batch, scanned before tuning on it, had 86% of its unlawful
or scam messages flagged and 15% of its lawful ones (see the README)."""


@pytest.fixture(scope="module")
def labelled(book: Rulebook) -> list[tuple[dict, object]]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    scanner = Scanner(book)
    out = []
    for row in rows:
        time = datetime.fromisoformat(row["time"]) if row.get("time") else None
        out.append((row, scanner.scan(Record(row["text"], "messages.jsonl", row["id"],
                                             time=time, sender=row.get("sender")))))
    return out


def test_labelled_set_covers_every_category_and_variant(labelled) -> None:
    cats = Counter(c for row, _ in labelled for c in row["categories"])
    assert all(cats[c] >= 10 for c in CATEGORIES), cats
    variants = Counter(row["variant"] for row, _ in labelled)
    assert variants["traditional"] >= 40 and variants["obfuscated"] >= 25
    assert variants["cantonese"] >= 10


def test_flagging_accuracy(labelled, figures) -> None:
    bad = [(r, res) for r, res in labelled if r["verdict"] in ("unlawful", "scam")]
    good = [(r, res) for r, res in labelled if r["verdict"] == "lawful"]
    recall = sum(res.flagged for _, res in bad) / len(bad)
    false_alarms = sum(res.flagged for _, res in good) / len(good)
    figures(f"scan accuracy: {recall:.1%} of {len(bad)} unlawful/scam messages flagged; "
            f"{false_alarms:.1%} of {len(good)} lawful messages flagged")
    assert recall >= FLAGGED_RECALL_FLOOR
    assert false_alarms <= LAWFUL_FLAGGED_CEILING


def test_message_verdicts(labelled) -> None:
    agree = sum(r["verdict"] == res.verdict for r, res in labelled) / len(labelled)
    assert agree >= 0.93


@pytest.mark.parametrize("category", [c for c in CATEGORIES
                                      if CATEGORY_VERDICT[c] != "lawful"])
def test_category_precision_and_recall(labelled, category: str, figures) -> None:
    tp = sum(category in r["categories"] and category in res.categories for r, res in labelled)
    fp = sum(category not in r["categories"] and category in res.categories
             for r, res in labelled)
    fn = sum(category in r["categories"] and category not in res.categories
             for r, res in labelled)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    figures(f"{category:20s} precision {precision:.2f} recall {recall:.2f}")
    assert recall >= CATEGORY_RECALL_FLOORS.get(category, CATEGORY_RECALL_FLOOR)
    assert precision >= CATEGORY_PRECISION_FLOOR


def test_lawful_messages_are_recognised_as_lawful(labelled) -> None:
    # a lawful message with an alarm word no signal explains is "unclear" by
    # design (look at it), so a few lawful ones are not read as lawful
    good = [res for r, res in labelled if r["verdict"] == "lawful"]
    assert sum(res.verdict == "lawful" for res in good) / len(good) >= 0.94


def test_shuffled_input_order_changes_only_volume(book: Rulebook) -> None:
    """Results do not depend on neighbours, except the per-sender-day count."""
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    rows = [r for r in rows if "harassment_volume" not in r["categories"] or r.get("time") is None]
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)

    def verdicts(items: list[dict]) -> dict[str, str]:
        scanner = Scanner(book)
        return {r["id"]: scanner.scan(Record(r["text"], "t", r["id"])).verdict for r in items}

    assert verdicts(rows) == verdicts(shuffled)


def test_pattern_gates_never_hide_a_match(book: Rulebook, matcher: Matcher) -> None:
    """Wherever a gated pattern matches, one of its gate words is inside the match,
    so skipping patterns whose gate words are absent loses nothing."""
    texts = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines()]
    texts += [ex.text for s in book.signals for ex in (*s.match, *s.no_match)]
    missed = []
    for original in texts:
        text = matcher.folded(original).text
        for signal, pattern, gate in matcher.patterns:
            if gate is None:
                continue
            for m in pattern.finditer(text):
                if not any(word in m.group() for word in gate):
                    missed.append((signal.id, m.group(), original))
    assert missed == []


@pytest.mark.parametrize(("pattern", "gate"), [
    ("(?:联系|通知)(?:了)?<you>?<family>", {"家人"}),  # one word beats two
    ("<family|you>(?:都知道)", {"都知道"}),  # the more selective element
    ("(?:(?:联系|告知)(?:了)?|当着)<you>", {"联系", "告知", "当着"}),
    ("(?<![发])(?:去|到)你", {"你"}),
    ("债权[^,]{0,4}转让", {"债权"}),  # a tie: the first
    ("abc?d", {"ab"}),
    ("(?:a|b)?c", {"c"}),
    ("^[^,]{0,10}(?:公安|法院)", {"公安", "法院"}),
    ("每(?:\\d+)?(?:分钟|小时)", {"分钟", "小时"}),
    ("x|y", None),
    ("(?:a|b)?", None),
])
def test_pattern_gate(pattern: str, gate) -> None:
    from overdue_cli.rulebook import pattern_gate

    result = pattern_gate(pattern, {"you": ("你",), "family": ("家人",)})
    assert result == (frozenset(gate) if gate is not None else None)
