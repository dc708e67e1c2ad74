"""The rulebook's message signals: what ``overdue scan`` looks for, as typed data.

A signal is a kind of content (a threat to tell the family, an unfreezing-fee
scam, a plain reminder) with the words and small patterns that show it, how
negation and context change it, the message verdict it implies and its legal
basis. Like the check rules, each carries worked examples (``match`` and
``no_match`` sentences) that ``overdue rules test`` and pytest run.

The categories and message verdicts are a fixed vocabulary: scripts depend on
them, so adding one is a schema change, not a rulebook edit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from overdue_cli.rulebook.yaml_lines import LineDict, LineList
from overdue_cli.text import trie_regex

if TYPE_CHECKING:
    from overdue_cli.rulebook.load import Basis, Text, _Builder

CATEGORIES: tuple[str, ...] = (
    "reminder", "legal_notice", "threat_violence", "threat_shame", "contacts_disclosure",
    "insult", "impersonation", "fake_legal", "visit_threat", "fee_scam", "debt_relief_tout",
    "harassment_volume", "night_contact",
)
MESSAGE_VERDICTS: tuple[str, ...] = ("lawful", "unlawful", "scam", "unclear")
"""A message's verdict; ``unclear`` means no signal was recognised."""

CATEGORY_VERDICT: dict[str, str] = {
    "reminder": "lawful", "legal_notice": "lawful",
    "fee_scam": "scam", "debt_relief_tout": "scam",
    **{c: "unlawful" for c in CATEGORIES
       if c not in ("reminder", "legal_notice", "fee_scam", "debt_relief_tout")},
}
"""The verdict each category implies (the issue's fixed mapping); checked on load."""

VERDICT_RANK: dict[str, int] = {"unclear": 0, "lawful": 1, "unlawful": 2, "scam": 3}
"""Which signal decides a message: a scam outranks an unlawful threat (do not pay
anyone), which outranks a lawful reminder."""

SIGNAL_WHEN_KEYS = ("hour", "per_sender_day_gt")
SIGNAL_SCOPES = ("clause", "message")


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


FRAME_WITHIN_MAX = 200


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


def build_scan(b: _Builder, value: Any, line: int) -> ScanSettings | None:
    m = b._mapping(value, line, "scan")
    if m is None:
        return None
    b._unknown_keys(m, ("negators", "breakers", "words", "pinyin", "variants",
                        "sets", "boundary_max"), "scan")
    negators = b._ids(m, "negators", "scan")
    breakers = b._ids(m, "breakers", "scan")
    words = b._ids(m, "words", "scan", required=False)
    boundary_max = b._int(m, "boundary_max", "scan")
    sets: dict[str, tuple[str, ...]] = {}
    raw_sets = m.get("sets")
    if raw_sets is not None:
        st = b._mapping(raw_sets, m.line_of("sets"), "scan.sets")
        for name in st or {}:
            if not re.fullmatch(r"[a-z_]+", str(name)):
                b.problem(st.line_of(name), f"scan.sets.{name}",  # type: ignore[union-attr]
                          "a set name is lower-case letters and _")
                continue
            members = b._ids(st, name, "scan.sets")  # type: ignore[arg-type]
            if members:
                sets[name] = members
    variants = _text_map(b, m, "variants",
                         lambda k, v: len(k) == 1 and len(v) == 1,
                         "expected one character mapped to one character")
    pinyin = {k: v.strip() for k, v in _text_map(
        b, m, "pinyin", lambda k, v: bool(re.fullmatch(r"[a-z][a-z0-9]*", k) and v.strip()),
        "expected lower-case latin letters (and digits) mapped to Chinese text").items()}
    if boundary_max is None:
        return None
    return ScanSettings(negators, breakers, words, pinyin, variants, sets, boundary_max)


def _text_map(b: _Builder, m: LineDict, k: str, valid: Callable[[str, str], bool],
              message: str) -> dict[str, str]:
    """``scan.<k>``: a mapping of text to text, each pair checked by ``valid``."""
    out: dict[str, str] = {}
    if m.get(k) is None:
        return out
    mapping = b._mapping(m[k], m.line_of(k), f"scan.{k}")
    for key, value in (mapping or {}).items():
        if isinstance(key, str) and isinstance(value, str) and valid(key, value):
            out[key] = value
        else:
            b.problem(mapping.line_of(key) if mapping else m.line, f"scan.{k}.{key}", message)
    return out


_SET_REF = re.compile(r"<([a-z_]+(?:\|[a-z_]+)*)>")


@functools.lru_cache(maxsize=64)
def _trie_cached(words: tuple[str, ...]) -> str:
    return trie_regex(words)


def expand(pattern: str, sets: Mapping[str, tuple[str, ...]]) -> str:
    """Replace each ``<name>`` in a pattern with the words of ``sets[name]`` (as a
    trie-shaped group, longest first); an unknown name raises KeyError."""
    def one(m: re.Match[str]) -> str:
        words: list[str] = []
        for name in m.group(1).split("|"):
            words.extend(sets[name])
        return _trie_cached(tuple(words))

    return _SET_REF.sub(one, pattern)


def build_signal(b: _Builder, m: LineDict, key: str,
                 sets: Mapping[str, tuple[str, ...]] | None = None) -> Signal | None:
    b._unknown_keys(
        m,
        ("id", "category", "verdict", "title", "terms", "patterns", "requires", "unless",
         "unless_message", "scope", "negatable", "when", "rule", "topic", "basis", "actions",
         "examples", "frames", "unless_signals"),
        key,
    )
    category = b._choice(m, "category", CATEGORIES, key)
    verdict = b._choice(m, "verdict", MESSAGE_VERDICTS[:-1], key)
    if category and verdict and CATEGORY_VERDICT[category] != verdict:
        b.problem(m.line_of("verdict"), f"{key}.verdict",
                  f"category '{category}' means verdict '{CATEGORY_VERDICT[category]}'")
    title = b._text(m, "title", key)
    terms = _words(b, m, "terms", key, sets or {})
    patterns = b._ids(m, "patterns", key, required=False)
    for i, pattern in enumerate(() if b.trusted else patterns):
        _check_pattern(b, pattern, sets or {}, _line(m, "patterns", i), f"{key}.patterns[{i}]")
    frames = _frames(b, m, key, sets or {})
    unless_signals = b._ids(m, "unless_signals", key, required=False)
    requires = _words(b, m, "requires", key, sets or {})
    unless = _words(b, m, "unless", key, sets or {})
    unless_message = _words(b, m, "unless_message", key, sets or {})
    scope = m.get("scope", "clause")
    if scope not in SIGNAL_SCOPES:
        b.problem(m.line_of("scope"), f"{key}.scope", f"must be one of {', '.join(SIGNAL_SCOPES)}")
        scope = "clause"
    negatable = m.get("negatable", True)
    if not isinstance(negatable, bool):
        b.problem(m.line_of("negatable"), f"{key}.negatable", "expected true or false")
        negatable = True
    when = _when(b, m, key)
    if not (terms or patterns or frames or when):
        b.problem(m.line, key, "a signal needs terms, patterns, frames or a when condition")
    rule = b._str(m, "rule", key, required=False)
    topic = b._str(m, "topic", key, required=False)
    basis = b._basis(m, key) if m.get("basis") is not None else ()
    if not basis and rule is None:
        b.problem(m.line, f"{key}.basis", "a signal needs a basis (or a rule to take it from)")
    actions = b._ids(m, "actions", key, required=False)
    match, no_match = _examples(b, m, key)
    if not (category and verdict and title):
        return None
    return Signal(m["id"], category, verdict, title, terms, patterns, requires, unless,
                  unless_message, scope, negatable, when, rule, topic, basis, actions, match,
                  no_match, m.line, frames, unless_signals)


def _check_pattern(b: _Builder, pattern: str, sets: Mapping[str, tuple[str, ...]], line: int,
                   key: str) -> None:
    """One problem for a pattern that names an unknown set, does not compile, or
    captures (groups are reserved: frames number their parts with them)."""
    try:
        compiled = re.compile(expand(pattern, sets))
    except KeyError as exc:
        b.problem(line, key, f"unknown set <{exc.args[0]}> (define it under scan.sets)")
        return
    except re.error as exc:
        b.problem(line, key, f"not a valid regular expression: {exc}")
        return
    if compiled.groups:
        b.problem(line, key, "use (?:...) groups: capturing groups are reserved")


def _frames(b: _Builder, m: LineDict, key: str,
            sets: Mapping[str, tuple[str, ...]]) -> tuple[Frame, ...]:
    if m.get("frames") is None:
        return ()
    lst = b._list(m["frames"], m.line_of("frames"), f"{key}.frames")
    out: list[Frame] = []
    names: set[str] = set()
    for i, item in enumerate(lst or []):
        fkey = f"{key}.frames[{i}]"
        fm = b._mapping(item, lst.line_of(i), fkey)  # type: ignore[union-attr]
        if fm is None:
            continue
        b._unknown_keys(fm, ("name", "parts", "within", "ordered", "examples"), fkey)
        name = b._str(fm, "name", fkey)
        if name is not None and not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            b.problem(fm.line_of("name"), f"{fkey}.name", "a frame name is lower-case letters, "
                      "digits and _")
        elif name is not None and name in names:
            b.problem(fm.line_of("name"), f"{fkey}.name", f"frame '{name}' is named twice")
        names.add(name or "")
        parts: list[tuple[str, str]] = []
        pm = b._mapping(b._required(fm, "parts", fkey), fm.line_of("parts"), f"{fkey}.parts")
        for role, pattern in (pm or {}).items():
            pkey = f"{fkey}.parts.{role}"
            if not (isinstance(role, str) and re.fullmatch(r"[a-z][a-z_]*", role)):
                b.problem(pm.line_of(role), pkey,  # type: ignore[union-attr]
                          "a part's role is lower-case letters and _")
            elif not (isinstance(pattern, str) and pattern.strip()):
                b.problem(pm.line_of(role), pkey,  # type: ignore[union-attr]
                          "expected a pattern (a <set> or a regular expression)")
            else:
                if not b.trusted:
                    _check_pattern(b, pattern, sets, pm.line_of(role), pkey)  # type: ignore
                parts.append((role, pattern))
        if pm is not None and len(parts) < 2:
            b.problem(fm.line_of("parts"), f"{fkey}.parts", "a frame needs at least two parts")
        within = b._int(fm, "within", fkey, required=False)
        if within is None:
            within = 24
        elif not 0 <= within <= FRAME_WITHIN_MAX:
            b.problem(fm.line_of("within"), f"{fkey}.within",
                      f"expected 0 to {FRAME_WITHIN_MAX} characters")
        ordered = fm.get("ordered", True)
        if not isinstance(ordered, bool):
            b.problem(fm.line_of("ordered"), f"{fkey}.ordered", "expected true or false")
            ordered = True
        match, no_match = _examples(b, fm, fkey)  # every frame is tested on its own
        if name is not None and len(parts) >= 2:
            out.append(Frame(name, tuple(parts), within, ordered, match, no_match, fm.line))
    return tuple(out)


_SPECIAL = frozenset("()[]{}|?*+.\\^$<>")


def pattern_gate(pattern: str, sets: Mapping[str, tuple[str, ...]]) -> frozenset[str] | None:
    """Words one of which occurs in every match of ``pattern``, or None.

    Read from how the pattern is written: its top-level sequence of elements
    (a literal, a ``<set>`` reference, a group of alternatives, each of those
    read the same way) is walked, optional elements (``?``, ``*``, ``{0,``) and
    zero-width ones (``^``, look-arounds) are passed over, and of the required
    elements the most selective one is chosen: longest shortest word, then
    fewest words. ``scan`` runs a pattern only on texts that contain one of its
    gate words, so a selective gate skips the pattern on most messages. A
    pattern with a top-level ``|`` or with no required words gives None and
    always runs.
    """
    if _top_level_bar(pattern):
        return None
    best: frozenset[str] | None = None
    for words in _required_elements(pattern, sets):
        if best is None or _selectivity(words) > _selectivity(best):
            best = words
    return best


def _selectivity(words: frozenset[str]) -> tuple[int, int]:
    return min(len(w) for w in words), -len(words)


def _required_elements(text: str,
                       sets: Mapping[str, tuple[str, ...]]) -> Iterator[frozenset[str]]:
    """The word sets of the required elements of a pattern with no top-level ``|``."""
    i = 0
    while i < len(text):
        ch = text[i]
        words: frozenset[str] | None = None
        if ch in "^$":
            i += 1
            continue
        if ch == "(":
            end = _group_end(text[i:])
            if end is None:
                return
            group = text[i:i + end]
            i += end
            if group.startswith(("(?<!", "(?<=", "(?!", "(?=")):
                continue  # zero-width
            if not group.startswith("(?:"):
                return  # capturing or unusual group: stop reading
            alternatives = [pattern_gate(alt, sets) for alt in _alternatives(group[3:-1])]
            if all(alt is not None for alt in alternatives):
                words = frozenset(w for alt in alternatives for w in alt or ())
        elif ch == "<" and (ref := _SET_REF.match(text, i)) is not None:
            words = frozenset(w for name in ref.group(1).split("|") for w in sets.get(name, ()))
            i = ref.end()
        elif ch == "[":
            close = text.find("]", i + 1)
            if close < 0:
                return
            i = close + 1
        elif ch == "\\":
            i += 2
        elif ch == "{":
            close = text.find("}", i + 1)
            i = len(text) if close < 0 else close + 1  # a quantifier: nothing required
            continue
        elif ch in _SPECIAL:
            i += 1  # a quantifier or "." on its own: nothing required here
            continue
        else:
            start = i
            while i < len(text) and text[i] not in _SPECIAL:
                i += 1
            if text[i:i + 1] in ("?", "*", "{"):
                i -= 1  # the quantifier binds the last character only
            if i > start:
                words = frozenset([text[start:i]])
            else:
                i += 1  # the single character carries the quantifier: read it next
                if text[i:i + 1] in ("?", "*") or text.startswith("{0", i):
                    continue
                words = frozenset([text[i - 1]])
        optional = text[i:i + 1] in ("?", "*") or text.startswith("{0", i)
        if words and all(words) and not optional:
            yield words


def _structure(text: str) -> Iterator[tuple[int, str, int]]:
    """(index, char, depth after it) of each ``(``, ``)`` and ``|`` that shapes the
    pattern: not escaped, not inside a character class or a ``<set|set>`` reference."""
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            close = text.find("]", i + 1)
            i = len(text) if close < 0 else close + 1
            continue
        if ch == "<":
            ref = _SET_REF.match(text, i)
            if ref is not None:
                i = ref.end()
                continue
        if ch in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[ch]
            yield i, ch, depth
        i += 1


def _alternatives(text: str) -> list[str]:
    """``text`` split at its top-level ``|``."""
    parts: list[str] = []
    start = 0
    for i, ch, depth in _structure(text):
        if ch == "|" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _top_level_bar(text: str) -> bool:
    return len(_alternatives(text)) > 1


def _group_end(text: str) -> int | None:
    """Index just past the group that opens at ``text[0]``."""
    return next((i + 1 for i, ch, depth in _structure(text) if ch == ")" and depth == 0), None)


def _words(b: _Builder, m: LineDict, k: str, key: str,
           sets: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """A word list, where an item ``<name>`` stands for every word of a set."""
    out: list[str] = []
    for i, word in enumerate(b._ids(m, k, key, required=False)):
        ref = _SET_REF.fullmatch(word)
        if ref is None:
            out.append(word)
        else:
            for name in ref.group(1).split("|"):
                if name in sets:
                    out.extend(sets[name])
                else:
                    b.problem(_line(m, k, i), f"{key}.{k}[{i}]",
                              f"unknown set <{name}> (define it under scan.sets)")
    return tuple(dict.fromkeys(out))


def _line(m: LineDict, k: str, i: int) -> int:
    items = m.get(k)
    return items.line_of(i) if isinstance(items, LineList) else m.line_of(k)


def _when(b: _Builder, m: LineDict, key: str) -> dict[str, Any]:
    if m.get("when") is None:
        return {}
    w = b._mapping(m["when"], m.line_of("when"), f"{key}.when")
    out: dict[str, Any] = {}
    for k, v in (w or {}).items():
        if k not in SIGNAL_WHEN_KEYS:
            b.problem(w.line_of(k), f"{key}.when.{k}",  # type: ignore[union-attr]
                      f"unknown condition (expected one of {', '.join(SIGNAL_WHEN_KEYS)})")
        elif k == "hour" and v != "quiet":
            b.problem(w.line_of(k), f"{key}.when.hour", "must be quiet")  # type: ignore[union-attr]
        elif k == "per_sender_day_gt" and (isinstance(v, bool) or not isinstance(v, int)
                                           or v < 1):
            b.problem(w.line_of(k), f"{key}.when.{k}",  # type: ignore[union-attr]
                      "expected a whole number >= 1")
        else:
            out[k] = v
    return out


def _examples(b: _Builder, m: LineDict, key: str) -> tuple[tuple[ExampleMessage, ...],
                                                           tuple[ExampleMessage, ...]]:
    e = b._mapping(b._required(m, "examples", key), m.line_of("examples"), f"{key}.examples")
    if e is None:
        return (), ()
    b._unknown_keys(e, ("match", "no_match"), f"{key}.examples")
    out: dict[str, tuple[ExampleMessage, ...]] = {}
    for part in ("match", "no_match"):
        items = e.get(part)
        if items is None:
            if part == "match":
                b.problem(e.line, f"{key}.examples.match", "a signal needs at least one example")
            out[part] = ()
            continue
        lst = b._list(items, e.line_of(part), f"{key}.examples.{part}")
        messages = []
        for i, item in enumerate(lst or []):
            ekey = f"{key}.examples.{part}[{i}]"
            message = _example(b, item, lst.line_of(i), ekey)  # type: ignore[union-attr]
            if message is not None:
                messages.append(message)
        if part == "match" and lst is not None and not lst:
            b.problem(lst.line, f"{key}.examples.match", "a signal needs at least one example")
        out[part] = tuple(messages)
    return out["match"], out["no_match"]


def _example(b: _Builder, item: Any, line: int, key: str) -> ExampleMessage | None:
    if isinstance(item, str) and item.strip():
        return ExampleMessage(item, line=line)
    if not isinstance(item, LineDict):
        b.problem(line, key, "expected a message, or a mapping with text, time, sender, repeat")
        return None
    b._unknown_keys(item, ("text", "time", "sender", "repeat"), key)
    text = b._str(item, "text", key)
    time = b._str(item, "time", key, required=False)
    if time is not None:
        from datetime import datetime

        try:
            datetime.fromisoformat(time)
        except ValueError:
            b.problem(item.line_of("time"), f"{key}.time", "expected an ISO 8601 date and time")
            time = None
    repeat = b._int(item, "repeat", key, required=False) or 1
    if text is None:
        return None
    return ExampleMessage(text, time, b._str(item, "sender", key, required=False), repeat,
                          line)
