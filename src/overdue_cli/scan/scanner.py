"""Records in, per-message results and a running summary out.

The scanner is a plain object fed one record at a time, so a 1 GB export
streams through in bounded memory and ``--jsonl`` can print each result as
soon as it is known. Two signals need more than the text:

- ``night_contact``: the message's time falls in the rulebook's quiet hours;
- ``harassment_volume`` by count: more than N collection messages from one
  sender on one calendar day. Counted in input order, so the message that
  takes the count over N, and every one after it, is flagged; the result for
  a message never depends on messages that come later.

Both apply only to messages that are about collection (some text signal
fired): a bank code sent at 23:00 is not night-time collection.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from overdue_cli.errors import UsageProblem
from overdue_cli.readers import CHINA_TZ, InputError, Record, Skipped
from overdue_cli.rulebook import (
    CATEGORIES,
    CATEGORY_VERDICT,
    MESSAGE_VERDICTS,
    VERDICT_RANK,
    ExampleMessage,
    Rulebook,
    Signal,
    Text,
)
from overdue_cli.scan.matcher import Hit, Matcher

if TYPE_CHECKING:
    from overdue_cli.scan.model import Model
    from overdue_cli.scan.parallel import ParallelFinder
    from overdue_cli.text import Folded

_KEEP_DAYS = 7
"""Days of per-sender counts kept (see Scanner._forget_old_days)."""
_MAX_SKIPPED_KEPT = 1000
_SCORES_KEPT = 4096
"""Model scores kept by folded text (then the store starts afresh): bounded memory."""
"""Skipped records are all counted; the first this many are kept for the report."""


@dataclass(frozen=True)
class MessageResult:
    index: int
    """1-based position among the messages read in this run."""
    record: Record
    verdict: str
    hits: tuple[Hit, ...]
    attention: tuple[str, ...] = ()
    """Alarm words (harm, family, arrest, court …) that no signal explains: the
    reason a message is ``unclear`` rather than ``lawful``."""

    @property
    def categories(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for hit in self.hits:
            seen.setdefault(hit.signal.category, None)
        return tuple(seen)

    @property
    def flagged(self) -> bool:
        return self.verdict in ("unlawful", "scam")


@dataclass
class Summary:
    """Counts kept while scanning; complete once the input is exhausted."""

    messages: int = 0
    by_verdict: Counter[str] = field(default_factory=lambda: Counter(
        dict.fromkeys(MESSAGE_VERDICTS, 0)))
    by_category: Counter[str] = field(default_factory=lambda: Counter(
        dict.fromkeys(CATEGORIES, 0)))
    by_signal: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    skipped_kept: list[Skipped] = field(default_factory=list)
    attention: int = 0
    """Messages with alarm words no signal explains (to be read by a person)."""

    def add(self, result: MessageResult) -> None:
        self.messages += 1
        if result.attention:
            self.attention += 1
        self.by_verdict[result.verdict] += 1
        for category in result.categories:
            self.by_category[category] += 1
        for hit in result.hits:
            self.by_signal[hit.signal.id] += 1

    def skip(self, skipped: Skipped) -> None:
        self.skipped += 1
        if len(self.skipped_kept) < _MAX_SKIPPED_KEPT:
            self.skipped_kept.append(skipped)


class Scanner:
    """Scans records against one rulebook, keeping per-sender-day counts."""

    def __init__(self, book: Rulebook, matcher: Matcher | None = None, *,
                 model: bool = True, model_path: Path | None = None) -> None:
        self.book = book
        self.matcher = matcher or Matcher(book)
        self.use_model = model
        """Ask the learned model for a second opinion on messages no rule flags."""
        self._model_path = model_path
        self._model: Model | None = None
        self._scores: dict[str, float] = {}
        alarm = book.scan.sets.get("alarm", ()) if book.scan else ()
        self._alarm_re = _any_of(alarm)
        self._antifraud_re = _any_of(book.scan.sets.get("antifraud", ()) if book.scan else ())
        self.summary = Summary()
        self._time_signals = tuple(s for s in book.signals if s.when.get("hour") == "quiet")
        self._volume_signals = tuple(s for s in book.signals if "per_sender_day_gt" in s.when)
        self._per_day: dict[date, Counter[str]] = {}
        self._index = 0

    def scan(self, record: Record, hits: list[Hit] | None = None) -> MessageResult:
        """The result for one record; updates the summary. ``hits`` are the text
        hits when they were found elsewhere (by worker processes)."""
        hits = self.matcher.find(record.text) if hits is None else list(hits)
        if hits:
            hits.extend(self._context_hits(record))
        verdict = max((h.signal.verdict for h in hits), key=VERDICT_RANK.__getitem__,
                      default="unclear")
        attention: tuple[str, ...] = ()
        if verdict in ("lawful", "unclear") and record.text:
            folded = self.matcher.folded(record.text)
            # a recognised notice (a lawful signal with its own next steps: verify
            # it through 12368) is never second-guessed into "fake" by the model
            notice = any(h.signal.is_notice for h in hits)
            opinion = (self._second_opinion(record.text, folded)
                       if self.use_model and not notice else None)
            if opinion is not None:
                if not hits:  # now about collection: night and volume apply to it too
                    hits.extend(self._context_hits(record))
                hits.append(opinion)
                verdict = max(opinion.signal.verdict, *(h.signal.verdict for h in hits),
                              key=VERDICT_RANK.__getitem__)
            else:
                attention = self._unexplained(folded, hits)
                if attention:
                    verdict = "unclear"
        if verdict in ("unlawful", "scam"):
            # a real notice's marks copied into a scam or a threat do not make it
            # one to verify and obey: its advice would contradict the verdict
            hits = [h for h in hits if not h.signal.is_notice]
        self._index += 1
        result = MessageResult(self._index, record, verdict, tuple(hits), attention)
        self.summary.add(result)
        return result

    def skip(self, skipped: Skipped) -> Skipped:
        self.summary.skip(skipped)
        return skipped

    def run(self, items: Iterable[Record | Skipped], strict: bool = False,
            finder: ParallelFinder | None = None) -> Iterator[MessageResult | Skipped]:
        """Scan a stream of records, passing skipped ones through (counted).

        ``strict`` makes the first malformed record fatal. When the stream ends
        with no message read, that is an error too: a usage one for empty
        input, a data one when every record was malformed. Either way it is
        raised after everything before it was yielded. A ``finder`` does the text
        matching in worker processes; the order-dependent rest stays here.
        """
        pairs = finder.pairs(items) if finder is not None else ((i, None) for i in items)
        for item, hits in pairs:
            if isinstance(item, Skipped):
                if strict:
                    raise InputError(f"{item.source} {item.position}: {item.reason}",
                                     "drop --strict to skip malformed records and go on",
                                     key="strict_record", hint_key="drop_strict",
                                     params={"source": item.source, "position": item.position,
                                             "reason": item.reason, "skipped": item})
                yield self.skip(item)
            else:
                yield self.scan(item, hits)
        if self.summary.messages == 0:
            if self.summary.skipped:
                raise InputError(
                    f"no readable messages: all {self.summary.skipped} records were skipped "
                    "(没有可读的消息)",
                    "check the input format (--format), encoding (--encoding) and columns",
                    key="all_skipped", hint_key="check_format_columns",
                    params={"count": self.summary.skipped})
            raise UsageProblem("no messages to scan (没有可检查的消息)",
                               "check the input format (--format) and encoding (--encoding)",
                               key="no_messages", hint_key="check_format")


    def _context_hits(self, record: Record) -> list[Hit]:
        if record.time is None:
            return []
        try:
            local = record.time.astimezone(CHINA_TZ)
        except (OverflowError, ValueError):  # 9999-12-31T23:59-12:00: past the calendar's end
            return []
        hits = [Hit(s, local.strftime("%H:%M"), None) for s in self._time_signals
                if self.book.is_quiet_hour(local.hour)]
        if record.sender and self._volume_signals:
            day = local.date()
            senders = self._per_day.get(day)
            if senders is None:
                senders = self._per_day[day] = Counter()
                self._forget_old_days(day)
            senders[record.sender.strip()] += 1
            count = senders[record.sender.strip()]
            hits.extend(Hit(s, f"{record.sender} {local.date().isoformat()} #{count}", None)
                        for s in self._volume_signals if count > s.when["per_sender_day_gt"])
        return hits


    # -- the learned second opinion ------------------------------------------
    @property
    def model(self) -> Model:
        """The model, loaded on first use (a ModelError, exit 3, if its file is bad)."""
        if self._model is None:
            from overdue_cli.scan.model import load_model

            self._model = load_model(self._model_path)
        return self._model

    def _second_opinion(self, original: str, folded: Folded) -> Hit | None:
        """A ``model.<category>`` hit when the model scores the message above the
        threshold chosen on the tuning data, with the n-grams that weighed most
        as evidence; None otherwise. It only ever raises a message: a rule's
        lawful reading of words it knows is not overturned by a lower score."""
        model = self.model
        score = self._scores.get(folded.text)
        if score is None:  # exports repeat templates: score each text once
            score = model.flag_score(folded.text)
            if len(self._scores) >= _SCORES_KEPT:
                self._scores.clear()
            self._scores[folded.text] = score
        if score < model.threshold:
            return None
        opinion = model.opinion(folded.text)
        signal = self._model_signal(opinion.category)
        if signal is None:
            return None
        parts = []
        for ev in opinion.evidence:
            start, end = folded.span(ev.start, ev.end)
            parts.append(("ngram", original[start:end], (start, end)))
        if not parts:
            return None
        # the evidence is the n-gram that weighed most (so text[span] == evidence,
        # as for every signal); the parts list all of them
        _, strongest, span = parts[0]
        return Hit(signal, strongest, span, None, tuple(parts), round(opinion.score, 3))

    def _model_signal(self, category: str) -> Signal | None:
        return signal_index(self.book).get(f"model.{category}")

    def _unexplained(self, folded: Folded, hits: list[Hit]) -> tuple[str, ...]:
        """Alarm words no signal explains, and not negated (我们不会上门): what a
        reader should look at in a message no rule flags.

        A word is explained when it lies inside a hit's evidence, or when a
        signal that fired lists it among its words (a lawsuit notice that says
        依法 first and 法院 later explains both). A message carrying an anti-fraud
        warning names the scams it warns of, so it has nothing to look at."""
        if self._alarm_re is None:
            return ()
        text = folded.text
        if self._antifraud_re is not None and self._antifraud_re.search(text):
            return ()
        covered = [h.span for h in hits if h.span is not None]
        covered += [span for h in hits for _, _, span in h.parts]
        fired = {h.signal.id: h.signal for h in hits}
        negator = self.matcher.negator_re
        found: dict[str, None] = {}
        for m in self._alarm_re.finditer(text):
            word = m.group()
            if word in found:
                continue
            start, end = folded.span(m.start(), m.end())
            if any(a <= start and end <= b for a, b in covered):
                continue
            if any(word in term for s in fired.values() for term in s.terms):
                continue
            if negator is not None and negator.search(text[max(0, m.start() - 8):m.start()]):
                continue
            found[word] = None
        return tuple(found)

    def _forget_old_days(self, newest: date) -> None:
        """Keep counts only for the days near the newest one seen, so memory stays
        bounded however long a period the input covers. Exports are in time
        order; a message more than ``_KEEP_DAYS`` older than the newest is counted
        afresh (which can only undercount, never flag wrongly)."""
        if len(self._per_day) > _KEEP_DAYS:
            latest = max(self._per_day)
            for day in [d for d in self._per_day if (latest - d).days > _KEEP_DAYS]:
                del self._per_day[day]


_INDEXES: dict[int, tuple[Rulebook, dict[str, Signal]]] = {}


def signal_index(book: Rulebook) -> dict[str, Signal]:
    """Every signal a result can name, by id: the rulebook's, and a ``model.<category>``
    for each flagging category, reported with the basis, rule, topic and actions
    of the rulebook's first text signal of that category (its title says it is
    the model's opinion)."""
    cached = _INDEXES.get(id(book))
    if cached is not None and cached[0] is book:
        return cached[1]
    index = {s.id: s for s in book.signals}
    prefix = book.label("scan", "model_title") if "scan" in book.labels else None
    for category in CATEGORIES:
        like = next((s for s in book.signals if s.category == category and s.is_text), None)
        if like is None or prefix is None or CATEGORY_VERDICT[category] == "lawful":
            continue
        label = book.label("categories", category)
        title = Text(f"{prefix.zh}{label.zh}", f"{prefix.en} {label.en}")
        index[f"model.{category}"] = replace(
            like, id=f"model.{category}", title=title, terms=(), patterns=(), frames=(),
            requires=(), unless=(), unless_message=(), match=(), no_match=())
    _INDEXES[id(book)] = (book, index)
    return index


def _any_of(words: Iterable[str]) -> re.Pattern[str] | None:
    """Any of ``words``, longest first (None for none)."""
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


def actions_for(book: Rulebook, signal_ids: Iterable[str]) -> list[str]:
    """Next-step ids for the signals found, most important first (the check's order)."""
    by_id = signal_index(book)
    rules = {r.id: r for r in book.rules}
    chosen: dict[str, None] = {}
    for ident in signal_ids:
        signal = by_id.get(ident)
        if signal is None or (signal.verdict == "lawful" and not signal.is_notice):
            continue  # a lawful signal advises only when it says what to do (verify a notice)
        actions = signal.actions or (rules[signal.rule].actions if signal.rule in rules else ())
        for action in actions:
            chosen.setdefault(action, None)
    return sorted(chosen, key=lambda a: book.actions[a].priority)


def fired_on_example(book: Rulebook, example: ExampleMessage) -> list[str]:
    """The ids of the signals ``scan`` fires on a rulebook's worked example message
    (a ``rulebook.ScanExample``, for ``overdue rules test``). ``repeat`` sends it
    that many times from one sender on one day and judges the last one (volume
    signals); the learned model is left out: an example tests the rules alone."""
    scanner = Scanner(book, model=False)
    time = datetime.fromisoformat(example.time) if example.time else None
    record = Record(example.text, "example", f"line {example.line}", time=time,
                    sender=example.sender)
    result = None
    for _ in range(max(1, example.repeat)):
        result = scanner.scan(record)
    assert result is not None
    return [h.signal.id for h in result.hits]
