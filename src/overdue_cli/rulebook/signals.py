"""The rulebook's ``scan`` and ``signals`` sections read into typed signals.

A signal is a kind of content (a threat to tell the family, an unfreezing-fee
scam, a plain reminder) with the words and small patterns that show it, how
negation and context change it, the message verdict it implies and its legal
basis. Like the check rules, each carries worked examples (``match`` and
``no_match`` sentences) that ``overdue rules test`` and pytest run. Why apart
from ``sections``: signals are only for ``overdue scan``, with their own
vocabulary (schema.CATEGORIES) and pattern checks (patterns).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from overdue_cli.rulebook.builder import Builder
from overdue_cli.rulebook.model import ExampleMessage, Frame, ScanSettings, Signal
from overdue_cli.rulebook.patterns import SET_REF, expand
from overdue_cli.rulebook.schema import (
    CATEGORIES,
    CATEGORY_VERDICT,
    FRAME_WITHIN_MAX,
    MESSAGE_VERDICTS,
    SIGNAL_SCOPES,
    SIGNAL_WHEN_KEYS,
)
from overdue_cli.text import LineDict, LineList


def build_scan(b: Builder, value: Any, line: int) -> ScanSettings | None:
    """The ``scan`` section: negators, breakers, extra words, folding tables, word sets."""
    m = b.mapping(value, line, "scan")
    if m is None:
        return None
    b.unknown_keys(m, ("negators", "breakers", "words", "pinyin", "variants",
                       "sets", "boundary_max"), "scan")
    negators = b.ids(m, "negators", "scan")
    breakers = b.ids(m, "breakers", "scan")
    words = b.ids(m, "words", "scan", required=False)
    boundary_max = b.whole(m, "boundary_max", "scan")
    sets: dict[str, tuple[str, ...]] = {}
    raw_sets = m.get("sets")
    if raw_sets is not None:
        st = b.mapping(raw_sets, m.line_of("sets"), "scan.sets")
        for name in st or {}:
            if not re.fullmatch(r"[a-z_]+", str(name)):
                b.problem(st.line_of(name), f"scan.sets.{name}",  # type: ignore[union-attr]
                          "a set name is lower-case letters and _")
                continue
            members = b.ids(st, name, "scan.sets")  # type: ignore[arg-type]
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


def _text_map(b: Builder, m: LineDict, k: str, valid: Callable[[str, str], bool],
              message: str) -> dict[str, str]:
    """``scan.<k>``: a mapping of text to text, each pair checked by ``valid``."""
    out: dict[str, str] = {}
    if m.get(k) is None:
        return out
    mapping = b.mapping(m[k], m.line_of(k), f"scan.{k}")
    for key, value in (mapping or {}).items():
        if isinstance(key, str) and isinstance(value, str) and valid(key, value):
            out[key] = value
        else:
            b.problem(mapping.line_of(key) if mapping else m.line, f"scan.{k}.{key}", message)
    return out


def build_signal(b: Builder, m: LineDict, key: str,
                 sets: Mapping[str, tuple[str, ...]] | None = None) -> Signal | None:
    """A ``signals`` entry; ``sets`` are the scan section's word sets (``<name>``)."""
    b.unknown_keys(
        m,
        ("id", "category", "verdict", "title", "terms", "patterns", "requires", "unless",
         "unless_message", "scope", "negatable", "when", "rule", "topic", "basis", "actions",
         "examples", "frames", "unless_signals"),
        key,
    )
    category = b.choice(m, "category", CATEGORIES, key)
    verdict = b.choice(m, "verdict", MESSAGE_VERDICTS[:-1], key)
    if category and verdict and CATEGORY_VERDICT[category] != verdict:
        b.problem(m.line_of("verdict"), f"{key}.verdict",
                  f"category '{category}' means verdict '{CATEGORY_VERDICT[category]}'")
    title = b.text(m, "title", key)
    terms = _words(b, m, "terms", key, sets or {})
    patterns = b.ids(m, "patterns", key, required=False)
    for i, pattern in enumerate(() if b.trusted else patterns):
        _check_pattern(b, pattern, sets or {}, _line(m, "patterns", i), f"{key}.patterns[{i}]")
    frames = _frames(b, m, key, sets or {})
    unless_signals = b.ids(m, "unless_signals", key, required=False)
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
    rule = b.string(m, "rule", key, required=False)
    topic = b.string(m, "topic", key, required=False)
    basis = b.basis(m, key) if m.get("basis") is not None else ()
    if not basis and rule is None:
        b.problem(m.line, f"{key}.basis", "a signal needs a basis (or a rule to take it from)")
    actions = b.ids(m, "actions", key, required=False)
    match, no_match = _examples(b, m, key)
    if not (category and verdict and title):
        return None
    return Signal(m["id"], category, verdict, title, terms, patterns, requires, unless,
                  unless_message, scope, negatable, when, rule, topic, basis, actions, match,
                  no_match, m.line, frames, unless_signals)


def _check_pattern(b: Builder, pattern: str, sets: Mapping[str, tuple[str, ...]], line: int,
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


def _frames(b: Builder, m: LineDict, key: str,
            sets: Mapping[str, tuple[str, ...]]) -> tuple[Frame, ...]:
    if m.get("frames") is None:
        return ()
    lst = b.sequence(m["frames"], m.line_of("frames"), f"{key}.frames")
    out: list[Frame] = []
    names: set[str] = set()
    for i, item in enumerate(lst or []):
        fkey = f"{key}.frames[{i}]"
        fm = b.mapping(item, lst.line_of(i), fkey)  # type: ignore[union-attr]
        if fm is None:
            continue
        b.unknown_keys(fm, ("name", "parts", "within", "ordered", "examples"), fkey)
        name = b.string(fm, "name", fkey)
        if name is not None and not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            b.problem(fm.line_of("name"), f"{fkey}.name", "a frame name is lower-case letters, "
                      "digits and _")
        elif name is not None and name in names:
            b.problem(fm.line_of("name"), f"{fkey}.name", f"frame '{name}' is named twice")
        names.add(name or "")
        parts: list[tuple[str, str]] = []
        pm = b.mapping(b.required(fm, "parts", fkey), fm.line_of("parts"), f"{fkey}.parts")
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
        within = b.whole(fm, "within", fkey, required=False)
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


def _words(b: Builder, m: LineDict, k: str, key: str,
           sets: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """A word list, where an item ``<name>`` stands for every word of a set."""
    out: list[str] = []
    for i, word in enumerate(b.ids(m, k, key, required=False)):
        ref = SET_REF.fullmatch(word)
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


def _when(b: Builder, m: LineDict, key: str) -> dict[str, Any]:
    if m.get("when") is None:
        return {}
    w = b.mapping(m["when"], m.line_of("when"), f"{key}.when")
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


def _examples(b: Builder, m: LineDict, key: str) -> tuple[tuple[ExampleMessage, ...],
                                                          tuple[ExampleMessage, ...]]:
    e = b.mapping(b.required(m, "examples", key), m.line_of("examples"), f"{key}.examples")
    if e is None:
        return (), ()
    b.unknown_keys(e, ("match", "no_match"), f"{key}.examples")
    out: dict[str, tuple[ExampleMessage, ...]] = {}
    for part in ("match", "no_match"):
        items = e.get(part)
        if items is None:
            if part == "match":
                b.problem(e.line, f"{key}.examples.match", "a signal needs at least one example")
            out[part] = ()
            continue
        lst = b.sequence(items, e.line_of(part), f"{key}.examples.{part}")
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


def _example(b: Builder, item: Any, line: int, key: str) -> ExampleMessage | None:
    if isinstance(item, str) and item.strip():
        return ExampleMessage(item, line=line)
    if not isinstance(item, LineDict):
        b.problem(line, key, "expected a message, or a mapping with text, time, sender, repeat")
        return None
    b.unknown_keys(item, ("text", "time", "sender", "repeat"), key)
    text = b.string(item, "text", key)
    time = b.string(item, "time", key, required=False)
    if time is not None:
        from datetime import datetime

        try:
            datetime.fromisoformat(time)
        except ValueError:
            b.problem(item.line_of("time"), f"{key}.time", "expected an ISO 8601 date and time")
            time = None
    repeat = b.whole(item, "repeat", key, required=False) or 1
    if text is None:
        return None
    return ExampleMessage(text, time, b.string(item, "sender", key, required=False), repeat,
                          line)
