"""Checks that need the whole rulebook: every reference resolves, every cited
article is one its source lists, stages cover every day, every method is covered.

Why apart: these run once the sections are read (``build`` calls them last), and
``cited_articles`` is the one reading of a citation's article numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from overdue_cli.rulebook.builder import Builder, Coverage
from overdue_cli.rulebook.model import Basis, Rule, Rulebook
from overdue_cli.text import LineDict, LineList, closest

ARTICLE = re.compile(r"第[0-9一二三四五六七八九十百零]+[条章](?:之[一二三四五六七八九十]+)?"
                     r"|(?<![0-9.])[0-9]+(?:\.[0-9]+)+")
"""An article (第42条, 第253条之一), a chapter (第三章) or a standard's clause (5.3)."""


def cited_articles(article: str) -> tuple[str, ...]:
    """The article numbers a citation names: '第6条第3款(三)、第7条' -> (第6条, 第7条).

    Paragraphs and items (款、项) are finer than what a source lists; the
    article is what must exist."""
    return tuple(dict.fromkeys(ARTICLE.findall(article)))


class Crosscheck:
    """Checks that need the whole rulebook: references, coverage, stage gaps."""

    def __init__(self, builder: Builder, book: Rulebook,
                 entries: dict[str, list[tuple[LineDict, str]]]) -> None:
        self.b = builder
        self.book = book
        self.entries = {name: {m["id"]: (m, key) for m, key in items}
                        for name, items in entries.items()}

    def run(self) -> None:
        book = self.book
        for rule in book.rules:
            m, key = self.entries["rules"][rule.id]
            self._refs(m, key, "methods", rule.methods, book.methods)
            self._refs(m, key, "actions", rule.actions, book.actions)
            self._basis_refs(m, key, rule.basis)
            self._example_refs(m, key, rule)
            self._when_refs(m, key, rule)
        for topic in book.topics.values():
            m, key = self.entries["topics"][topic.id]
            self._refs(m, key, "rules", topic.rules, {r.id: r for r in book.rules})
            self._refs(m, key, "actions", topic.actions, book.actions)
            self._basis_refs(m, key, topic.basis)
        for stage in book.stages:
            m, key = self.entries["stages"][stage.id]
            self._refs(m, key, "normal_methods", stage.normal_methods, book.methods)
            self._refs(m, key, "sources", stage.sources, book.sources)
            self._refs(m, key, "actions", stage.actions, book.actions)
        for lender in book.lenders.values():
            m, key = self.entries["lenders"][lender.id]
            self._refs(m, key, "actions", lender.actions, book.actions)
            self._refs(m, key, "skip_actions", lender.skip_actions, book.actions)
        self._signals()
        self._stage_coverage()
        if self.b.coverage is not None:
            self._method_coverage(self.b.coverage)

    def _signals(self) -> None:
        book = self.book
        for signal in book.signals:
            m, key = self.entries["signals"][signal.id]
            self._refs(m, key, "actions", signal.actions, book.actions)
            self._refs(m, key, "unless_signals", signal.unless_signals,
                       {s.id: s for s in book.signals})
            if m.get("basis") is not None:
                self._basis_refs(m, key, signal.basis)
            for name, ident, known in (("rule", signal.rule, {r.id for r in book.rules}),
                                       ("topic", signal.topic, set(book.topics))):
                if ident is not None and ident not in known:
                    hint = closest(ident, sorted(known), 1)
                    extra = f"; did you mean '{hint[0]}'?" if hint else ""
                    self.b.problem(m.line_of(name), f"{key}.{name}",
                                   f"unknown {name} '{ident}'{extra}")

    def _refs(self, m: LineDict, key: str, field_name: str, ids: tuple[str, ...],
              known: Mapping[str, Any]) -> None:
        for i, ident in enumerate(ids):
            if ident not in known:
                hint = closest(ident, list(known), 1)
                extra = f"; did you mean '{hint[0]}'?" if hint else ""
                items = m.get(field_name)
                line = items.line_of(i) if isinstance(items, LineList) else m.line_of(field_name)
                self.b.problem(line, f"{key}.{field_name}[{i}]",
                               f"unknown {_singular(field_name)} '{ident}'{extra}")

    def _when_refs(self, m: LineDict, key: str, rule: Rule) -> None:
        when = m.get("when")
        for k, known in (("lender", self.book.lenders), ("with_any", self.book.methods)):
            for ident in rule.when.get(k, ()):
                if ident not in known:
                    hint = closest(ident, list(known), 1)
                    extra = f"; did you mean '{hint[0]}'?" if hint else ""
                    line = when.line_of(k) if isinstance(when, LineDict) else m.line
                    self.b.problem(line, f"{key}.when.{k}",
                                   f"unknown {'lender' if k == 'lender' else 'method'} "
                                   f"'{ident}'{extra}")

    def _basis_refs(self, m: LineDict, key: str, basis: tuple[Basis, ...]) -> None:
        items = m.get("basis")
        for i, b in enumerate(basis):
            line = items.line_of(i) if isinstance(items, LineList) else m.line
            source = self.book.sources.get(b.source)
            if source is None:
                hint = closest(b.source, list(self.book.sources), 1)
                extra = f"; did you mean '{hint[0]}'?" if hint else ""
                self.b.problem(line, f"{key}.basis[{i}].source",
                               f"unknown source '{b.source}'{extra}")
                continue
            if b.article is None:
                continue
            cited = cited_articles(b.article)
            if not cited:
                self.b.problem(line, f"{key}.basis[{i}].article",
                               f"'{b.article}' names no article (write 第N条)")
            missing = [a for a in cited if a not in source.articles]
            if missing:
                held = "、".join(source.articles) or "none"
                self.b.problem(line, f"{key}.basis[{i}].article",
                               f"{'、'.join(missing)} is not among the articles source "
                               f"'{source.id}' holds ({held}); add it to the source's "
                               f"articles only after checking the text")

    def _example_refs(self, m: LineDict, key: str, rule: Rule) -> None:
        for i, ex in enumerate(rule.examples):
            ekey = f"{key}.examples[{i}]"
            methods = ex.situation.get("methods") or []
            for method in methods:
                if method not in self.book.methods:
                    self.b.problem(ex.line, f"{ekey}.situation.methods",
                                   f"unknown method '{method}'")
            for method in ex.expect:
                if method not in methods:
                    self.b.problem(ex.line, f"{ekey}.expect.{method}",
                                   "expects a verdict for a method not in the situation")
            if not set(ex.expect) & set(rule.methods):
                self.b.problem(ex.line, f"{ekey}.expect",
                               "expects nothing about any method this rule covers")

    def _stage_coverage(self) -> None:
        """Stages must run from day 0 without gaps or overlaps and end open-ended."""
        stages = self.book.stages
        if not stages:
            self.b.problem(None, "stages", "no stages defined")
            return
        expected: int | None = 0
        for stage in stages:
            m, key = self.entries["stages"][stage.id]
            if expected is None or stage.days_from < expected:
                self.b.problem(m.line_of("days"), f"{key}.days", "overlaps the previous stage")
            elif stage.days_from > expected:
                self.b.problem(m.line_of("days"), f"{key}.days",
                               f"leaves days {expected}-{stage.days_from - 1} without a stage")
            expected = None if stage.days_to is None else stage.days_to + 1
        if expected is not None:
            m, key = self.entries["stages"][stages[-1].id]
            self.b.problem(m.line_of("days"), f"{key}.days",
                           "the last stage must be open-ended ([from, null])")

    def _method_coverage(self, coverage: Coverage) -> None:
        """Every method must get a verdict in every situation a user can describe:
        ``coverage`` (the engine's probe, handed in) names the first one it lacks."""
        for method in self.book.methods.values():
            gap = coverage(self.book, method.id)
            if gap is not None:
                m, key = self.entries["methods"][method.id]
                self.b.problem(m.line, key,
                               f"no rule gives a verdict for '{method.id}' when {gap}")


def _singular(field_name: str) -> str:
    return {"normal_methods": "method", "sources": "source", "actions": "action",
            "rules": "rule", "methods": "method"}.get(field_name, field_name)
