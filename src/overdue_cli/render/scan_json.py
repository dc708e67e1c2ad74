"""``scan --json`` and ``scan --jsonl``: streamed, so any input size runs in bounded memory.

``--json`` writes one document (schema ``scan.schema.json``): the envelope, then
each message as soon as it is scanned, then the summary, skipped records, next
steps and, if the input broke off, the error. ``--jsonl`` writes one message
object per line (``$defs/message`` of the same schema) and nothing else.
Both build every object from the scanner's result objects, never from text.
"""

from __future__ import annotations

import bisect
import json
import json.encoder
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TextIO

from overdue_cli.errors import OverdueError
from overdue_cli.locale import Localizer
from overdue_cli.render.json import basis_list, envelope, steps
from overdue_cli.rulebook import Rulebook, Signal, law_breaks
from overdue_cli.scan import Hit, MessageResult, Scanner, actions_for, signal_index

_encode_string = json.encoder.encode_basestring  # the C encoder when available
_SURROGATE = re.compile("[\ud800-\udfff]")
_CATEGORY_LISTS_KEPT = 256


class _Docs:
    """Turns results into JSON-ready dicts; caches each signal's static part."""

    def __init__(self, book: Rulebook, loc: Localizer) -> None:
        self.book = book
        self.loc = loc
        self._signal_cache: dict[tuple[str, int], dict[str, Any]] = {}
        self._breaks = law_breaks(book)
        self._today = bisect.bisect_right(self._breaks, date.today().isoformat())

    def era(self, when: datetime | None) -> int:
        """Which stretch of law a message's day falls in (the days between two dates
        where a cited text took effect or ended); no time: today's."""
        if when is None:
            return self._today
        return bisect.bisect_right(self._breaks, when.date().isoformat())

    def signal_static(self, signal: Signal, era: int | None = None) -> dict[str, Any]:
        """A signal's fixed part, its basis being the law in force in ``era``."""
        era = self._today if era is None else era
        cached = self._signal_cache.get((signal.id, era))
        if cached is None:
            day = date.fromisoformat(self._breaks[era - 1]) if era else date.min
            cached = {
                "id": signal.id,
                "category": signal.category,
                "category_label": self.loc(self.book.label("categories", signal.category)),
                "verdict": signal.verdict,
                "title": self.loc(signal.title),
                "rule_id": signal.rule,
                "topic": signal.topic,
                "basis": basis_list(self.book, self.loc,
                                    self.book.basis_on(signal.basis, day)),
            }
            self._signal_cache[(signal.id, era)] = cached
        return cached

    def message(self, result: MessageResult) -> dict[str, Any]:
        """One message as a dict: the readable definition of ``$defs/message``. The
        writers use the faster ``_LineEncoder``; a test holds the two equal."""
        record = result.record
        signals = []
        era = self.era(record.time)
        for hit in result.hits:
            static = self.signal_static(hit.signal, era)
            signals.append({
                "id": static["id"],
                "category": static["category"],
                "category_label": static["category_label"],
                "verdict": static["verdict"],
                "title": static["title"],
                "evidence": hit.evidence,
                "span": list(hit.span) if hit.span is not None else None,
                "rule_id": static["rule_id"],
                "topic": static["topic"],
                "basis": static["basis"],
                "frame": hit.frame,
                "parts": [{"role": role, "evidence": words, "span": list(span)}
                          for role, words, span in hit.parts],
                "score": hit.score,
            })
        return {
            "index": result.index,
            "id": record.id,
            "source": record.source,
            "position": record.position,
            "time": record.time.isoformat() if record.time else None,
            "sender": record.sender,
            "text": record.text,
            "verdict": result.verdict,
            "verdict_label": self.loc(self.book.label("message_verdicts", result.verdict)),
            "categories": list(result.categories),
            "signals": signals,
            "attention": list(result.attention),
        }

    def closing(self, scanner: Scanner, error: OverdueError | None) -> dict[str, Any]:
        s = scanner.summary
        by_id = signal_index(self.book)
        found = [sid for sid, _ in s.by_signal.most_common()]
        topics: dict[str, None] = {}
        for sid in found:
            topic = by_id[sid].topic
            if topic and by_id[sid].verdict != "lawful":
                topics.setdefault(topic, None)
        return {
            "summary": {
                "messages": s.messages,
                "flagged": s.by_verdict["unlawful"] + s.by_verdict["scam"],
                "by_verdict": dict(s.by_verdict),
                "by_category": dict(s.by_category),
                "signals": [dict(self.signal_static(by_id[sid]), count=s.by_signal[sid])
                            for sid in found],
                "skipped": s.skipped,
            },
            "skipped": [{"source": k.source, "position": k.position, "reason": k.reason}
                        for k in s.skipped_kept],
            "next_steps": steps(self.book, self.loc, actions_for(self.book, found)),
            "topics": [{"id": t, "title": self.loc(self.book.topics[t].title),
                        "command": f"overdue explain {t}"} for t in topics],
            "error": ({"message": error.message, "hint": error.hint, "exit_code": error.exit_code}
                      if error is not None else None),
        }


def _enc(value: str | None) -> str:
    """A JSON string (or null), as json.dumps(ensure_ascii=False) writes it, faster."""
    if value is None:
        return "null"
    if _SURROGATE.search(value):
        return json.dumps(value)  # \ud800 escaped: kept exactly, and still valid UTF-8
    return _encode_string(value)


def _dumps(value: object, **kw: object) -> str:
    """json.dumps with UTF-8 characters as they are, unless the text holds an
    unpaired surrogate (possible in JSON input), which only an escape can carry."""
    text = json.dumps(value, ensure_ascii=False, **kw)  # type: ignore[arg-type]
    return json.dumps(value, **kw) if _SURROGATE.search(text) else text  # type: ignore[arg-type]


class _LineEncoder:
    """One message as compact JSON text: the same object ``_Docs.message`` gives,
    but each signal's fixed part (title, labels, basis) is encoded once and
    reused. On a large export that is most of the output; encoding it afresh
    for every message doubled the cost of writing it."""

    def __init__(self, docs: _Docs, book: Rulebook, loc: Localizer) -> None:
        self.docs = docs
        self._encoded: dict[tuple[str, int], str] = {}
        self._labels = {v: _enc(loc(book.label("message_verdicts", v)))
                        for v in ("lawful", "unlawful", "scam", "unclear")}
        self._categories: dict[tuple[str, ...], str] = {}
        """Each combination of categories seen, as its JSON list (there are few)."""
        self._source: str | None = None
        self._source_json = "null"
        """The last source name and its JSON: one input file gives every message."""

    def _signal(self, signal: Signal, era: int) -> str:
        key = (signal.id, era)
        text = self._encoded.get(key)
        if text is None:
            text = json.dumps(self.docs.signal_static(signal, era), ensure_ascii=False)[1:-1]
            self._encoded[key] = text
        return text

    def encode(self, result: MessageResult) -> str:
        """The message's line. Every string goes through the C string encoder as
        is, after one check of the message's own strings for an unpaired
        surrogate (rare: only JSON input can carry one); a message with one is
        encoded field by field, escaping just the fields that hold one."""
        record = result.record
        hits = result.hits
        text, ident, position, sender = record.text, record.id, record.position, record.sender
        if _SURROGATE.search("".join([text, ident or "", position, sender or "",
                                      *[h.evidence for h in hits],
                                      *[p[1] for h in hits for p in h.parts]])):
            return self._encode_escaping(result)
        enc = _encode_string
        era = self.docs.era(record.time)
        signals = ", ".join([
            "{" + self._signal(h.signal, era) + ', "evidence": ' + enc(h.evidence) + ', "span": '
            + (f"[{h.span[0]}, {h.span[1]}]" if h.span is not None else "null")
            + (_NO_EXTRA if h.frame is None and h.score is None else _extra(h, enc)) + "}"
            for h in hits]) if hits else ""
        categories = result.categories
        listed = self._categories.get(categories)
        if listed is None:
            listed = json.dumps(list(categories))
            if len(self._categories) < _CATEGORY_LISTS_KEPT:
                self._categories[categories] = listed
        source = record.source
        if source is not self._source:
            self._source, self._source_json = source, _enc(source)
        when = record.time
        return (
            f'{{"index": {result.index}, "id": {"null" if ident is None else enc(ident)}, '
            f'"source": {self._source_json}, "position": {enc(position)}, '
            f'"time": {"null" if when is None else enc(when.isoformat())}, '
            f'"sender": {"null" if sender is None else enc(sender)}, "text": {enc(text)}, '
            f'"verdict": "{result.verdict}", "verdict_label": {self._labels[result.verdict]}, '
            f'"categories": {listed}, "signals": [{signals}], '
            f'"attention": {_attention(result.attention)}}}')

    def _encode_escaping(self, result: MessageResult) -> str:
        """``encode`` for a message with an unpaired surrogate somewhere in it."""
        record = result.record
        era = self.docs.era(record.time)
        signals = ", ".join(
            "{" + self._signal(h.signal, era) + ', "evidence": ' + _enc(h.evidence)
            + ', "span": ' + (f"[{h.span[0]}, {h.span[1]}]" if h.span is not None else "null")
            + _extra(h, _enc) + "}"
            for h in result.hits)
        return (
            f'{{"index": {result.index}, "id": {_enc(record.id)}, '
            f'"source": {_enc(record.source)}, "position": {_enc(record.position)}, '
            f'"time": {_enc(record.time.isoformat() if record.time else None)}, '
            f'"sender": {_enc(record.sender)}, "text": {_enc(record.text)}, '
            f'"verdict": "{result.verdict}", "verdict_label": {self._labels[result.verdict]}, '
            f'"categories": {json.dumps(list(result.categories))}, "signals": [{signals}], '
            f'"attention": {_attention(result.attention)}}}')


_NO_EXTRA = ', "frame": null, "parts": [], "score": null'
"""The frame, parts and score of a plain term or pattern hit (most hits)."""


def _attention(words: tuple[str, ...]) -> str:
    """The attention list (alarm words are rulebook words: no surrogate to escape)."""
    return "[]" if not words else json.dumps(list(words), ensure_ascii=False)


def _extra(hit: Hit, enc: Callable[[str], str]) -> str:
    """A hit's frame name, its parts (a frame's, or the model's n-grams) and the
    model's score, as the tail of its JSON object."""
    parts = ", ".join(f'{{"role": {enc(role)}, "evidence": {enc(words)}, '
                      f'"span": [{span[0]}, {span[1]}]}}' for role, words, span in hit.parts)
    frame = "null" if hit.frame is None else enc(hit.frame)
    score = "null" if hit.score is None else repr(float(hit.score))
    return f', "frame": {frame}, "parts": [{parts}], "score": {score}'


class JsonWriter:
    """Writes the ``--json`` document piece by piece: the envelope and summary
    indented, each message object on one line of its own (fast for big inputs,
    and still one line per message for grep)."""

    def __init__(self, out: TextIO, book: Rulebook, loc: Localizer) -> None:
        self.out = out
        self.docs = _Docs(book, loc)
        self.lines = _LineEncoder(self.docs, book, loc)
        self.count = 0
        text = _dumps(envelope("scan", loc=loc, book=book), indent=2)
        out.write(text[:-2] + ',\n  "messages": [')

    def message(self, result: MessageResult) -> None:
        self.out.write(("," if self.count else "") + "\n    " + self.lines.encode(result))
        self.count += 1

    def finish(self, scanner: Scanner, error: OverdueError | None = None) -> None:
        self.out.write("\n  ]" if self.count else "]")
        rest = _dumps(self.docs.closing(scanner, error), indent=2)
        self.out.write(",\n" + rest[2:] + "\n")
        self.out.flush()


class JsonlWriter:
    """Writes ``--jsonl``: one message per line, and nothing else."""

    def __init__(self, out: TextIO, book: Rulebook, loc: Localizer) -> None:
        self.out = out
        self.docs = _Docs(book, loc)
        self.lines = _LineEncoder(self.docs, book, loc)

    def message(self, result: MessageResult) -> None:
        self.out.write(self.lines.encode(result) + "\n")

    def finish(self, scanner: Scanner, error: OverdueError | None = None) -> None:
        self.out.flush()
