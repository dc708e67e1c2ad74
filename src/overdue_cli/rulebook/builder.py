"""The problem collector the loader builds with: typed readers of YAML fields that
record a problem naming file, line and key for every value that is not right.

Why apart: the rulebook's sections (build, sections), its signals (signals) and
the whole-book checks (validate) all read and report through one Builder.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from overdue_cli.errors import Problem
from overdue_cli.rulebook.model import Basis, Rulebook, Text
from overdue_cli.text import LineDict, LineList, closest, describe_value

Coverage = Callable[[Rulebook, str], str | None]
"""The engine's method-coverage probe, handed in by whoever has the engine
(``overdue_cli.check.method_gap``): the first situation, described, in which no
rule gives ``method`` a verdict, or None. The rulebook cannot import the engine."""


class Builder:
    """Reads parsed YAML into typed values, recording every problem found."""

    def __init__(self, file: str, coverage: Coverage | None = None,
                 trusted: bool = False) -> None:
        self.file = file
        self.coverage = coverage
        """Probe every method's coverage with the engine (None: not this time)."""
        self.trusted = trusted
        """A pre-parsed copy of the shipped rulebook: skip checks that cost start-up
        time and that the test suite runs on the YAML (compiling signal patterns)."""
        self.problems: list[Problem] = []

    def problem(self, line: int | None, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, key, message))

    def mapping(self, value: Any, line: int, key: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problem(line, key, f"expected a mapping, got {describe_value(value)}")
        return None

    def sequence(self, value: Any, line: int, key: str) -> LineList | None:
        if isinstance(value, LineList):
            return value
        self.problem(line, key, f"expected a list, got {describe_value(value)}")
        return None

    def unknown_keys(self, m: LineDict, allowed: tuple[str, ...], key: str) -> None:
        for k in m:
            if k not in allowed:
                hint = closest(str(k), list(allowed), 1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.problem(m.line_of(k), f"{key}.{k}", f"unknown key{extra}")

    def required(self, m: LineDict, k: str, key: str) -> Any:
        if k not in m or m[k] is None:
            self.problem(m.line, f"{key}.{k}", "missing required key")
            return None
        return m[k]

    def string(self, m: LineDict, k: str, key: str, required: bool = True) -> str | None:
        value = self.required(m, k, key) if required else m.get(k)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(m.line_of(k), f"{key}.{k}",
                         f"expected text, got {describe_value(value)}")
            return None
        text = str(value).strip()
        if not text:
            self.problem(m.line_of(k), f"{key}.{k}", "must not be empty")
            return None
        return text

    def whole(self, m: LineDict, k: str, key: str, required: bool = True) -> int | None:
        value = self.required(m, k, key) if required else m.get(k)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(m.line_of(k), f"{key}.{k}",
                         f"expected a whole number, got {describe_value(value)}")
            return None
        return value

    def text(self, m: LineDict, k: str, key: str, required: bool = True) -> Text | None:
        value = self.required(m, k, key) if required else m.get(k)
        if value is None:
            return None
        return self.text_value(value, m.line_of(k), f"{key}.{k}")

    def text_value(self, value: Any, line: int, key: str) -> Text | None:
        m = self.mapping(value, line, key)
        if m is None:
            return None
        self.unknown_keys(m, ("zh", "en"), key)
        zh = self.string(m, "zh", key)
        en = self.string(m, "en", key)
        return Text(zh, en) if zh and en else None

    def texts(self, m: LineDict, k: str, key: str) -> tuple[Text, ...]:
        items = self.sequence(self.required(m, k, key), m.line_of(k), f"{key}.{k}")
        if not items:
            if items is not None:
                self.problem(m.line_of(k), f"{key}.{k}", "must not be empty")
            return ()
        out = []
        for i, item in enumerate(items):
            text = self.text_value(item, items.line_of(i), f"{key}.{k}[{i}]")
            if text:
                out.append(text)
        return tuple(out)

    def ids(self, m: LineDict, k: str, key: str, required: bool = True,
            what: str = "an id") -> tuple[str, ...]:
        value = self.required(m, k, key) if required else m.get(k)
        if value is None:
            return ()
        items = self.sequence(value, m.line_of(k), f"{key}.{k}")
        if items is None:
            return ()
        out = []
        for i, item in enumerate(items):
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.problem(items.line_of(i), f"{key}.{k}[{i}]", f"expected {what}")
        return tuple(out)

    def weights(self, m: LineDict, k: str, key: str) -> tuple[tuple[str, float], ...]:
        """An optional mapping of words to weights (``{坐牢: 3, 抓: 2}``): each word
        text, each weight a number above 0 and at most 10."""
        if m.get(k) is None:
            return ()
        items = self.mapping(m[k], m.line_of(k), f"{key}.{k}")
        if items is None:
            return ()
        out = []
        for word, weight in items.items():
            if isinstance(word, int) and not isinstance(word, bool):
                word = str(word)  # 714: a number in YAML, a word here
            if not isinstance(word, str) or not word.strip():
                self.problem(items.line_of(word), f"{key}.{k}", f"{word!r} is not a word")
            elif (isinstance(weight, bool) or not isinstance(weight, int | float)
                  or not 0 < weight <= 10):
                self.problem(items.line_of(word), f"{key}.{k}.{word}",
                             f"expected a weight above 0 and at most 10, "
                             f"got {describe_value(weight)}")
            else:
                out.append((word.strip(), float(weight)))
        return tuple(out)

    def day(self, m: LineDict, k: str, key: str) -> str | None:
        """An optional ISO date (YYYY-MM-DD), checked to be a real day."""
        value = self.string(m, k, key, required=False)
        if value is None:
            return None
        try:
            date.fromisoformat(value)
        except ValueError:
            self.problem(m.line_of(k), f"{key}.{k}", f"'{value}' is not a date (YYYY-MM-DD)")
            return None
        return value

    def choice(self, m: LineDict, k: str, allowed: tuple[str, ...], key: str) -> str | None:
        value = self.string(m, k, key)
        if value is not None and value not in allowed:
            hint = closest(value, list(allowed), 1)
            extra = f"; did you mean '{hint[0]}'?" if hint else ""
            self.problem(m.line_of(k), f"{key}.{k}",
                         f"'{value}' is not one of {', '.join(allowed)}{extra}")
            return None
        return value

    def basis(self, m: LineDict, key: str) -> tuple[Basis, ...]:
        items = self.sequence(self.required(m, "basis", key), m.line_of("basis"), f"{key}.basis")
        if items is None:
            return ()
        if not items:
            self.problem(items.line, f"{key}.basis", "a rule needs at least one basis")
        out = []
        for i, item in enumerate(items):
            bkey = f"{key}.basis[{i}]"
            b = self.mapping(item, items.line_of(i), bkey)
            if b is None:
                continue
            self.unknown_keys(b, ("source", "article", "note", "explains"), bkey)
            source = self.string(b, "source", bkey)
            article = self.string(b, "article", bkey, required=False)
            note = self.text(b, "note", bkey, required=False)
            explains = b.get("explains", False)
            if not isinstance(explains, bool):
                self.problem(b.line_of("explains"), f"{bkey}.explains", "expected true or false")
                explains = False
            if source:
                out.append(Basis(source, article, note, explains))
        return tuple(out)

