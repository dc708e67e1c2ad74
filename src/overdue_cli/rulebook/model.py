"""The rulebook's typed model: frozen dataclasses for everything the YAML holds.

Why apart: every command reads these (the engine, the scanner, the renderers),
while only the loader builds them; and the shipped wheel pickles a Rulebook, so
these classes are the one shape of a loaded rulebook whatever it was read from.
Imports text/ and locale/ (folding a lender's name) only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from overdue_cli.text import fold_key


@dataclass(frozen=True)
class Text:
    """A text in Simplified Chinese and English; zh-Hant is derived from zh."""

    zh: str
    en: str


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    title: Text
    issuer: str | None
    date: str | None
    effective: str | None
    status: str
    note: Text | None
    until: str | None = None
    """The last day this text was in force (a repealed or replaced text); None: still in force."""
    articles: tuple[str, ...] = ()
    """The articles the rulebook may cite from this source (``第42条``): a citation of
    any other is a validation error, so no rule quotes an article nobody checked."""
    lenders: tuple[str, ...] = ()
    """The kinds of lender this text binds (the small-loan measures bind small-loan
    companies only); empty: every lender. A known lender is not shown the others'."""

    def binds(self, lender: str | None) -> bool:
        return not self.lenders or lender in (None, "unknown") or lender in self.lenders

    # datetime.date: inside this class, ``date`` names the field above
    def in_force(self, day: datetime.date) -> bool:
        """Was this text the law on ``day``? Undated sources are taken as always in force."""
        iso = day.isoformat()
        if self.effective and iso < self.effective:
            return False
        return not (self.until and iso > self.until)


@dataclass(frozen=True)
class Lender:
    """A kind of lender: what to call it, the words people use, where to complain."""

    id: str
    name: Text
    aliases: tuple[str, ...]
    channels: tuple[str, ...]
    """Complaint channel ids (``overdue complaint --channel``) that suit this lender, in order."""
    note: Text | None = None
    actions: tuple[str, ...] = ()
    """Next steps every check for this lender adds (a card debtor: don't evade the bank)."""
    skip_actions: tuple[str, ...] = ()
    """Next steps that do not fit this lender (12378 does not supervise small-loan companies)."""


@dataclass(frozen=True)
class Basis:
    """One citation: a source id, the article (when verified) and a note."""

    source: str
    article: str | None
    note: Text | None
    explains: bool = False
    """The citation says why the rule holds (only a court lists defaulters), not what
    the collector broke: a complaint draft leaves it out."""


@dataclass(frozen=True)
class Method:
    id: str
    name: Text
    aliases: tuple[str, ...]
    ambiguous: tuple[str, ...] = ()
    """Words that could mean this method or another: the user is asked to choose."""
    keywords: tuple[tuple[str, float], ...] = ()
    """Words (with weights) that point to this method inside a longer phrase the user
    typed (``打电话给我妈``: 妈 means a third party), for ``check.route``."""


@dataclass(frozen=True)
class Stage:
    id: str
    days_from: int
    days_to: int | None
    title: Text
    summary: Text
    normal_methods: tuple[str, ...]
    sources: tuple[str, ...]
    actions: tuple[str, ...]

    def contains(self, days: int) -> bool:
        return days >= self.days_from and (self.days_to is None or days <= self.days_to)


@dataclass(frozen=True)
class Action:
    """A next step. ``command`` names the overdue command that does it for the user
    (``rate`` for "work out the real annual cost"), so JSON can link to its schema."""

    id: str
    priority: int
    text: Text
    command: str | None = None


@dataclass(frozen=True)
class Example:
    """A worked example: a situation and the verdict expected per method."""

    situation: Mapping[str, Any]
    expect: Mapping[str, str]
    fires: bool
    overall: str | None
    line: int = field(compare=False)


@dataclass(frozen=True)
class Rule:
    id: str
    methods: tuple[str, ...]
    when: Mapping[str, Any]
    verdict: str
    title: Text
    explanation: Text
    conditions: tuple[Text, ...]
    basis: tuple[Basis, ...]
    actions: tuple[str, ...]
    examples: tuple[Example, ...]
    line: int = field(compare=False)


@dataclass(frozen=True)
class Topic:
    id: str
    aliases: tuple[str, ...]
    title: Text
    question: Text
    answer: Text
    points: tuple[Text, ...]
    rules: tuple[str, ...]
    basis: tuple[Basis, ...]
    actions: tuple[str, ...]
    questions: tuple[str, ...] = ()
    """The worry as borrowers put it (any language): what ``check.route`` learns
    from, and worked examples: each must route back to this topic."""
    keywords: tuple[tuple[str, float], ...] = ()
    """Distinctive words and their weights (1 is an ordinary word of the topic)."""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ExampleMessage:
    """A worked example: a message (with time and sender when the signal needs them)."""

    text: str
    time: str | None = None
    sender: str | None = None
    repeat: int = 1
    """Send it this many times from one sender on one day (volume signals)."""
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Frame:
    """A composition of parts that must all occur near each other: a condition and
    a harm, an addressee and the debt, an offer and a debt problem and a fee.

    Phrase lists miss threats worded in ways no list holds ("月底前不结清，你儿子学校
    会收到一封信"); a frame names what makes a message a threat (a condition or a
    deadline, then a harm of some class) and lets each part be a short word list
    that generalises. Every part's words are kept as evidence.
    """

    name: str
    parts: tuple[tuple[str, str], ...]
    """(role, pattern as written, ``<set>`` references allowed), in order."""
    within: int
    """At most this many characters between one part and the next (ordered), or
    from the first part's start to the last one's end (unordered)."""
    ordered: bool
    match: tuple[ExampleMessage, ...]
    no_match: tuple[ExampleMessage, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Signal:
    id: str
    category: str
    verdict: str
    title: Text
    terms: tuple[str, ...]
    patterns: tuple[str, ...]
    """As written: ``<name>`` stands for a word set (see ``expand``)."""
    requires: tuple[str, ...]
    """At least one of these words must also appear (in ``scope``) for a hit to count."""
    unless: tuple[str, ...]
    """A hit does not count when one of these words appears in ``scope``."""
    unless_message: tuple[str, ...]
    """A hit does not count when one of these appears anywhere in the message (an
    anti-fraud warning that names the scam it warns about)."""
    scope: str
    negatable: bool
    when: Mapping[str, Any]
    rule: str | None
    topic: str | None
    basis: tuple[Basis, ...]
    actions: tuple[str, ...]
    match: tuple[ExampleMessage, ...]
    no_match: tuple[ExampleMessage, ...]
    line: int = field(compare=False)
    frames: tuple[Frame, ...] = ()
    unless_signals: tuple[str, ...] = ()
    """A hit does not count when one of these signals fired in the same message:
    a court's name used to collect does not make a real court notice (which
    legal.court_notice recognises by its case number) an impersonation."""

    @property
    def is_text(self) -> bool:
        return bool(self.terms or self.patterns or self.frames)

    @property
    def is_notice(self) -> bool:
        """A lawful signal that says what to do (a court notice: verify it through
        12368, never ignore it): its advice stands beside a lawful verdict, the
        model never overrules it, and a flagged message drops it."""
        return self.verdict == "lawful" and bool(self.actions)


@dataclass(frozen=True)
class ScanSettings:
    negators: tuple[str, ...]
    """Words that, before a match in the same clause, negate it (不会, 没有)."""
    breakers: tuple[str, ...]
    """Words that end a negation's reach (就, 否则, 还钱): 不还钱就联系你家人."""
    words: tuple[str, ...]
    """Extra dictionary words that keep segmentation honest near short terms (垃圾短信)."""
    pinyin: Mapping[str, str]
    variants: Mapping[str, str]
    """Variant characters folded to the form the terms use (帐 → 账, 妳 → 你)."""
    sets: Mapping[str, tuple[str, ...]]
    """Named word lists that patterns use as ``<name>`` (one list of family words,
    written once, for every pattern that needs it)."""
    boundary_max: int
    """Terms up to this many characters must start and end on word boundaries."""


@dataclass(frozen=True)
class Rulebook:
    path: str
    version: str
    as_of: str | None
    disclaimer: Text
    quiet_start: int
    quiet_end: int
    labels: Mapping[str, Mapping[str, Text]]
    """The interface's words by group and key: locale/labels.yaml's, with the rulebook's
    own ``labels`` section, if any, laid over them (see rulebook/labels.py)."""
    sources: Mapping[str, Source]
    methods: Mapping[str, Method]
    stages: tuple[Stage, ...]
    actions: Mapping[str, Action]
    rules: tuple[Rule, ...]
    topics: Mapping[str, Topic]
    method_index: Mapping[str, str] = field(repr=False)
    topic_index: Mapping[str, str] = field(repr=False)
    signals: tuple[Signal, ...] = ()
    scan: ScanSettings | None = None
    lenders: Mapping[str, Lender] = field(default_factory=dict)
    lender_index: Mapping[str, str] = field(default_factory=dict, repr=False)

    def lender_id(self, word: str) -> str | None:
        """The lender id a user's word names (an id or an alias such as 信用卡、小贷), or None."""
        from overdue_cli.locale import to_simplified

        folded = fold_key(word)
        found = self.lender_index.get(folded)
        if found is None and folded:
            found = self.lender_index.get(fold_key(to_simplified(word)))
        return found

    def basis_on(self, basis: tuple[Basis, ...], day: date | None,
                 lender: str | None = None) -> tuple[Basis, ...]:
        """The citations that were law on ``day`` (None: today) for this kind of lender.

        A rule cites both the 2012 and the 2025 public-security law; an act is
        judged by the text in force when it happened. A rule also cites the
        regulator's rules for each kind of lender; a known lender keeps its own.
        Citations of sources with no dates or lenders always stay; if nothing would
        be left, everything stays.
        """
        day = day or date.today()
        sources = self.sources
        kept = tuple(b for b in basis if b.source not in sources
                     or (sources[b.source].in_force(day) and sources[b.source].binds(lender)))
        return kept or basis

    @property
    def shown_path(self) -> str:
        """``path`` for output: a file name that is not UTF-8 shown with escapes."""
        from overdue_cli.text import text_safe

        return text_safe(self.path)

    def ambiguous_methods(self, folded: str) -> tuple[str, ...]:
        """Method ids that list ``folded`` (already folded) as an ambiguous word."""
        return tuple(m.id for m in self.methods.values()
                     if any(fold_key(w) == folded for w in m.ambiguous))

    def label(self, group: str, key: str) -> Text:
        return self.labels[group][key]

    def stage_for(self, days: int) -> Stage:
        for stage in self.stages:
            if stage.contains(days):
                return stage
        raise LookupError(f"no stage covers day {days}")  # validation rules this out

    def rules_for(self, method: str) -> Iterator[Rule]:
        return (rule for rule in self.rules if method in rule.methods)

    def is_quiet_hour(self, hour: int) -> bool:
        start, end = self.quiet_start, self.quiet_end
        return hour >= start or hour < end if start > end else start <= hour < end


def law_breaks(book: Rulebook) -> tuple[str, ...]:
    """The days (ISO) on which some source took effect or stopped being law, sorted:
    between two of them every citation's standing is the same, so a renderer can
    work out a basis once per stretch instead of once per message."""
    days: set[str] = set()
    for source in book.sources.values():
        if source.effective:
            days.add(source.effective)
        if source.until:
            days.add((date.fromisoformat(source.until) + timedelta(days=1)).isoformat())
    return tuple(sorted(days))
