"""The fast paths of ``scan`` give exactly what the plain ones give.

``scan`` takes several short cuts for speed, each kept beside (or checked
against) a slower, plainer way of getting the same answer:

- the Aho-Corasick automaton against the trie-shaped regular expression the
  matcher falls back on where the ``pyahocorasick`` wheel is missing;
- DagSegmenter, jieba's dictionary segmentation written out here, against
  jieba itself with the same dictionary;
- pinyin folding by runs of letters against the lookbehind pattern;
- the clause segmentation kept across messages against segmenting afresh;
- the JSON line encoder's one surrogate check against escaping field by field;
- the JSONL reader's remembered key look-up against looking up afresh.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overdue_cli.readers import ID_NAMES, SENDER_NAMES, TEXT_NAMES, TIME_NAMES, KeyLookup, lookup
from overdue_cli.rulebook import Rulebook
from overdue_cli.scan.matcher import Matcher
from overdue_cli.scan.tables import TrieWords
from overdue_cli.text import DagSegmenter, JiebaSegmenter, Pinyin, fold, t2s_table

DATA = Path(__file__).parents[1] / "data" / "messages.jsonl"


@pytest.fixture(scope="module")
def matcher(book: Rulebook) -> Matcher:
    return Matcher(book)


@pytest.fixture(scope="module")
def fallback(book: Rulebook) -> Matcher:
    """A matcher that finds words with the pure-Python trie instead of the automaton."""
    plain = Matcher(book)
    plain._automaton = TrieWords(plain.word_table())
    return plain


@pytest.fixture(scope="module")
def texts(book: Rulebook) -> list[str]:
    """The labelled messages and every rulebook example."""
    found = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines()]
    found += [ex.text for s in book.signals for ex in (*s.match, *s.no_match)]
    return found


def _vocabulary(matcher: Matcher) -> list[str]:
    words = sorted(set(matcher.terms) | matcher.gate_words | matcher.negators
                   | matcher.breakers | set(matcher.words))
    return [*words, *sorted(matcher.pinyin.words if matcher.pinyin else ())]


NOISE = ["，", "。", "！", " ", "/", "*", ".", "\u200b", "😀", "𢑲", "A", "b", "1", "\n",
         "\ud800", "不", "会", "就", "你", "的", "了", "s b", "gong an", "ｆａ", "①"]


def _mixes(matcher: Matcher, count: int, seed: int) -> list[str]:
    """Random texts of rulebook words, negators, breakers, filler and noise."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(matcher)
    return ["".join(rng.choice(vocabulary) if rng.random() < 0.55 else rng.choice(NOISE)
                    for _ in range(rng.randint(1, 12)))
            for _ in range(count)]


def _hits(matcher: Matcher, text: str) -> list[tuple[str, str, tuple[int, int] | None]]:
    return [(h.signal.id, h.evidence, h.span) for h in matcher.find(text)]


# -- the automaton and the fallback ---------------------------------------------------------

def test_automaton_and_trie_find_the_same_hits(matcher: Matcher, fallback: Matcher,
                                               texts: list[str]) -> None:
    for text in texts + _mixes(matcher, 3000, seed=11):
        assert _hits(matcher, text) == _hits(fallback, text), text
        folded = matcher.folded(text).text
        assert list(matcher.term_spans(folded)) == list(fallback.term_spans(folded)), text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=10))
def test_automaton_and_trie_agree_on_any_mix(matcher: Matcher, fallback: Matcher,
                                             picks: list[int]) -> None:
    vocabulary = _vocabulary(matcher) + NOISE
    text = "".join(vocabulary[i % len(vocabulary)] for i in picks)
    assert _hits(matcher, text) == _hits(fallback, text)


def test_every_occurrence_is_reported_overlapping_ones_included(matcher: Matcher) -> None:
    """A term inside a longer term, ending where it ends, is found too (爆你通讯录
    and, inside it, 通讯录): the automaton reports every word at every position."""
    pairs = [(long, short) for long in matcher.terms for short in matcher.terms
             if len(short) < len(long) and long.endswith(short)]
    assert pairs
    for long, short in pairs[:50]:
        assert (0, len(long)) in list(matcher.term_spans(long))
        found = {long[last + 1 - size:last + 1]
                 for last, (size, _, terms, _) in matcher._occurrences(long) if terms}
        assert {long, short} <= found


def test_kept_clauses_do_not_change_an_answer(book: Rulebook, texts: list[str]) -> None:
    """Segmentations kept from earlier messages give what a fresh matcher finds."""
    warm = Matcher(book)
    for text in texts:
        warm.find(text)
    for text in texts[::7]:
        assert _hits(warm, text) == _hits(Matcher(book), text)


def test_folded_returns_the_fold_find_made(matcher: Matcher) -> None:
    text = "再不還錢就爆你通訊錄"
    matcher.find(text)
    assert matcher.folded(text) == fold(text, matcher.pinyin)
    assert matcher.folded("另一条") == fold("另一条", matcher.pinyin)


# -- the segmenter ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def segmenters(matcher: Matcher) -> tuple[DagSegmenter, JiebaSegmenter]:
    words = matcher.dictionary_words()
    return DagSegmenter(*words), JiebaSegmenter(*words)


def test_matcher_segments_without_jieba(matcher: Matcher) -> None:
    assert isinstance(matcher.segmenter, DagSegmenter)


def test_dag_segmenter_cuts_as_jieba_does(matcher: Matcher, texts: list[str],
                                         segmenters: tuple[DagSegmenter, JiebaSegmenter]
                                         ) -> None:
    dag, jieba = segmenters
    samples = texts + [matcher.folded(t).text for t in texts] + _mixes(matcher, 2000, seed=3)
    for text in samples:
        assert dag.cut(text) == jieba.cut(text), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(
    [*"的了是在我你他不会就还钱家人法院通讯录爆上门看院子里 ,.!？\t-#&%_+abcXYZ019。，",
     "\r\n", "\u3000", "😀", "𢑲"]), max_size=30).map("".join))
def test_dag_segmenter_matches_jieba_on_any_text(
        segmenters: tuple[DagSegmenter, JiebaSegmenter], text: str) -> None:
    dag, jieba = segmenters
    assert dag.cut(text) == jieba.cut(text)


def test_dag_segmenter_keeps_words_apart_like_jieba(
        segmenters: tuple[DagSegmenter, JiebaSegmenter]) -> None:
    dag, _ = segmenters
    assert dag.cut("我在看法院子里") == ["我", "在", "看法", "院子", "里"]
    assert dag.cut("") == []
    assert "".join(dag.cut("abc 12 ，x\r\ny")) == "abc 12 ，x\r\ny"


# -- folding ------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"法院起诉通讯录你 -.", "fa", "su", "txl", "fayuan",
                                 "a", "1", "x", "Fa", "ＦＡ", "110"]), max_size=20).map("".join))
def test_pinyin_by_runs_matches_the_lookbehind_pattern(text: str) -> None:
    fast = Pinyin({"fa": "法", "su": "诉", "txl": "通讯录", "fayuan": "法院", "110": "报警"})
    slow = Pinyin({"fa": "法", "su": "诉", "txl": "通讯录", "fayuan": "法院", "110": "报警"})
    slow._by_run = False
    assert fold(text, fast) == fold(text, slow)


def test_pinyin_keys_that_are_not_letters_use_the_pattern() -> None:
    odd = Pinyin({"f-a": "法"})
    assert not odd._by_run
    assert fold("被f-a院", odd).text == "被法院"


def test_t2s_table_reads_every_pair() -> None:
    from importlib import resources

    text = (resources.files("overdue_cli") / "data" / "t2s.txt").read_text(encoding="utf-8")
    pairs = [line.split(" ") for line in text.splitlines() if line and not line.startswith("#")]
    table = t2s_table()
    assert all(table[ord(trad)] == simp for trad, simp in pairs)
    assert table[ord("A")] == "a"


# -- writing and reading JSON -------------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40), st.one_of(st.none(), st.text(max_size=8)),
       st.one_of(st.none(), st.text(max_size=8)))
def test_line_encoder_matches_field_by_field_escaping(book: Rulebook, text: str, sender,
                                                     ident) -> None:
    from overdue_cli.locale import Localizer
    from overdue_cli.readers import Record
    from overdue_cli.render.scan_json import JsonlWriter
    from overdue_cli.scan.scanner import Scanner

    lines = JsonlWriter(io.StringIO(), book, Localizer("zh")).lines
    result = Scanner(book).scan(Record(text + "你这个老赖", "a\\b\udc80", "line 1", id=ident,
                                       sender=sender))
    assert lines.encode(result) == lines._encode_escaping(result)


@pytest.mark.parametrize("keys", [
    ("text", "time", "sender"),
    ("Text", "TIME", "From"),
    ("body", "date", "address", "id"),
    ("内容", "时间"),
    ("TEXT", "text"),
    ("other",),
])
def test_remembered_key_lookup_matches_a_fresh_one(keys: tuple[str, ...]) -> None:
    groups = (TEXT_NAMES, TIME_NAMES, SENDER_NAMES, ID_NAMES)
    find = KeyLookup(groups)
    obj = {key: f"v{i}" for i, key in enumerate(keys)}
    for _ in range(2):  # the second answer comes from memory
        assert find(obj) == lookup(obj, groups)
