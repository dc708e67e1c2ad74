"""The parsed YAML turned into a Rulebook: sections read, ids checked unique,
aliases indexed, the labels joined in, then the whole-book checks run.

Why apart: this is the one place that knows the rulebook's top-level layout;
``load`` decides where the YAML comes from, ``sections`` and ``signals`` read
the entries, ``validate`` checks what needs the whole book.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, TypeVar

from overdue_cli.rulebook.builder import Builder
from overdue_cli.rulebook.labels import read_labels
from overdue_cli.rulebook.model import Rulebook
from overdue_cli.rulebook.schema import ID_SECTIONS, OPTIONAL_SECTIONS, SECTIONS
from overdue_cli.rulebook.sections import (
    read_action,
    read_lender,
    read_method,
    read_rule,
    read_source,
    read_stage,
    read_topic,
)
from overdue_cli.rulebook.signals import build_scan, build_signal
from overdue_cli.rulebook.validate import Crosscheck
from overdue_cli.text import LineDict, fold_key

T = TypeVar("T")


def build_rulebook(b: Builder, raw: Any) -> Rulebook | None:
    """The Rulebook ``raw`` (parsed YAML with lines) describes, or None when it is
    unusable; every problem found on the way is recorded on ``b``."""
    if raw is None:
        b.problem(None, "", "the rulebook is empty")
        return None
    top = b.mapping(raw, 1, "(top level)")
    if top is None:
        return None
    b.unknown_keys(top, SECTIONS + OPTIONAL_SECTIONS, "(top level)")
    for k in SECTIONS:
        if k not in top:
            b.problem(1, k, "missing required section")
    meta = _meta(b, top.get("meta"), top.line_of("meta"))
    labels = read_labels(b, top.get("labels"), top.line_of("labels"))
    entries = {
        name: _entries(b, top.get(name), top.line_of(name), name) for name in ID_SECTIONS
    }
    sources = {e.id: e for e in _each(b, entries["sources"], read_source)}
    methods = {e.id: e for e in _each(b, entries["methods"], read_method)}
    stages = tuple(_each(b, entries["stages"], read_stage))
    actions = {e.id: e for e in _each(b, entries["actions"], read_action)}
    rules = tuple(_each(b, entries["rules"], read_rule))
    topics = {e.id: e for e in _each(b, entries["topics"], read_topic)}
    lenders = {e.id: e for e in _each(b, entries["lenders"], read_lender)}
    scan = (build_scan(b, top["scan"], top.line_of("scan"))
            if top.get("scan") is not None else None)
    signal_entries = _entries(b, top.get("signals"), top.line_of("signals"), "signals")
    entries["signals"] = signal_entries
    sets = scan.sets if scan else {}
    signals = tuple(_each(b, signal_entries, functools.partial(build_signal, sets=sets)))
    rules_by_id = {r.id: r for r in rules}
    signals = tuple(
        replace(s, basis=rules_by_id[s.rule].basis) if not s.basis and s.rule in rules_by_id
        else s
        for s in signals
    )
    if signals and "scan" not in top:
        b.problem(top.line_of("signals"), "scan",
                  "the signals need a scan section (negators, breakers, ...)")
    method_index = _alias_index(
        b, entries["methods"], {m.id: m.aliases for m in methods.values()}, "methods"
    )
    method_entries = {m["id"]: (m, key) for m, key in entries["methods"]}
    for method in methods.values():
        for word in method.ambiguous:
            if fold_key(word) in method_index:
                m_entry, key = method_entries[method.id]
                b.problem(m_entry.line_of("ambiguous"), f"{key}.ambiguous",
                          f"'{word}' is also an alias of '{method_index[fold_key(word)]}'")
    topic_index = _alias_index(
        b, entries["topics"], {t.id: t.aliases for t in topics.values()}, "topics"
    )
    lender_index = _alias_index(
        b, entries["lenders"], {x.id: x.aliases for x in lenders.values()}, "lenders"
    )
    if meta is None or labels is None:
        return None
    book = Rulebook(
        path=b.file,
        version=meta["version"],
        as_of=meta["as_of"],
        disclaimer=meta["disclaimer"],
        quiet_start=meta["quiet_start"],
        quiet_end=meta["quiet_end"],
        labels=labels,
        sources=sources,
        methods=methods,
        stages=tuple(sorted(stages, key=lambda s: s.days_from)),
        actions=actions,
        rules=rules,
        topics=topics,
        method_index=method_index,
        topic_index=topic_index,
        signals=signals,
        scan=scan,
        lenders=lenders,
        lender_index=lender_index,
    )
    Crosscheck(b, book, entries).run()
    return book


def _each(b: Builder, entries: list[tuple[LineDict, str]],
          make: Callable[[Builder, LineDict, str], T | None]) -> Iterator[T]:
    """What ``make`` reads from each entry, leaving out the entries it cannot use."""
    for entry, key in entries:
        built = make(b, entry, key)
        if built is not None:
            yield built


def _entries(b: Builder, value: Any, line: int, section: str) -> list[tuple[LineDict, str]]:
    """The mappings of a section, each with its key path; checks ids are unique."""
    if value is None:
        return []
    items = b.sequence(value, line, section)
    if items is None:
        return []
    out: list[tuple[LineDict, str]] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        m = b.mapping(item, items.line_of(i), f"{section}[{i}]")
        if m is None:
            continue
        ident = m.get("id")
        if not isinstance(ident, str) or not ident.strip():
            b.problem(m.line, f"{section}[{i}].id", "missing or empty id")
            continue
        key = f"{section}[{ident}]"
        if ident in seen:
            b.problem(m.line_of("id"), f"{key}.id",
                      f"duplicate id (first defined on line {seen[ident]})")
            continue
        seen[ident] = m.line_of("id")
        out.append((m, key))
    return out


def _meta(b: Builder, value: Any, line: int) -> dict[str, Any] | None:
    m = b.mapping(value, line, "meta") if value is not None else None
    if m is None:
        return None
    b.unknown_keys(m, ("version", "as_of", "quiet_hours", "disclaimer"), "meta")
    version = b.string(m, "version", "meta")
    as_of = b.string(m, "as_of", "meta", required=False)
    disclaimer = b.text(m, "disclaimer", "meta")
    quiet = b.mapping(b.required(m, "quiet_hours", "meta"),
                      m.line_of("quiet_hours"), "meta.quiet_hours")
    start = end = None
    if quiet is not None:
        start = b.whole(quiet, "start", "meta.quiet_hours")
        end = b.whole(quiet, "end", "meta.quiet_hours")
        for k, v in (("start", start), ("end", end)):
            if v is not None and not 0 <= v <= 23:
                b.problem(quiet.line_of(k), f"meta.quiet_hours.{k}", "must be 0-23")
    if None in (version, disclaimer, start, end):
        return None
    return {"version": version, "as_of": as_of, "disclaimer": disclaimer,
            "quiet_start": start, "quiet_end": end}


def _alias_index(b: Builder, entries: list[tuple[LineDict, str]],
                 aliases: dict[str, tuple[str, ...]], section: str) -> dict[str, str]:
    """Folded id/alias -> id; two entries claiming one word is a problem."""
    index: dict[str, str] = {}
    lines = {m["id"]: (m, key) for m, key in entries}
    for ident in aliases:
        index[fold_key(ident)] = ident
    for ident, words in aliases.items():
        m, key = lines[ident]
        for word in words:
            folded = fold_key(word)
            owner = index.get(folded)
            if owner is not None and owner != ident:
                b.problem(m.line_of("aliases"), f"{key}.aliases",
                          f"'{word}' already names {section[:-1]} '{owner}'")
            elif folded:
                index[folded] = ident
    return index

