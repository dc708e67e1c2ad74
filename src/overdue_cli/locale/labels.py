"""A label, and the catalogue's parsed YAML read into labels with every problem
found, each naming file, line and key as the rulebook's problems do.

Why apart: ``catalogue`` finds and reads the file and is imported on every run;
this is needed only when the catalogue is actually read (a rulebook of your own,
a source checkout), so a run served by the wheel's pickled rulebook skips it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from overdue_cli.errors import Problem
from overdue_cli.locale.keys import GROUP_KEYS, GROUPS
from overdue_cli.text import LineDict, closest, describe_value


@dataclass(frozen=True)
class Label:
    """One label in Simplified Chinese and English; zh-Hant is derived from zh."""

    zh: str
    en: str


Labels = Mapping[str, Mapping[str, Label]]
"""Group -> key -> label."""


def read_labels(file: str, raw: Any,
                vocabulary: Mapping[str, tuple[str, ...]]) -> tuple[Labels, list[Problem]]:
    """The labels ``raw`` (parsed YAML with lines, from ``file``) holds, and every
    problem found: every group of keys.GROUPS must be there; those in GROUP_KEYS, and
    those ``vocabulary`` names, must have exactly their keys; each label needs a
    non-empty zh and en, read as the rulebook reads its texts."""
    return _Reader(file, vocabulary).catalogue(raw)


class _Reader:
    """Reads parsed YAML (with lines) into labels, recording every problem found."""

    def __init__(self, file: str, vocabulary: Mapping[str, tuple[str, ...]]) -> None:
        self.file = file
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []

    def problem(self, line: int | None, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, line or None, key, message))

    def unknown(self, line: int, key: str, word: Any, allowed: Sequence[str]) -> None:
        hint = closest(str(word), list(allowed), 1)
        extra = f" (did you mean '{hint[0]}'?)" if hint else ""
        self.problem(line, key, f"unknown key{extra}")

    def catalogue(self, raw: Any) -> tuple[Labels, list[Problem]]:
        if raw is None:
            self.problem(None, "", "the label catalogue is empty")
            return {}, self.problems
        if not isinstance(raw, LineDict):
            self.problem(1, "(top level)", f"expected a mapping, got {describe_value(raw)}")
            return {}, self.problems
        for group in raw:
            if group not in GROUPS:
                self.unknown(raw.line_of(group), str(group), group, GROUPS)
        labels: dict[str, dict[str, Label]] = {}
        for group in GROUPS:
            if raw.get(group) is None:
                self.problem(raw.line_of(group), group, "missing required key")
                continue
            entries = raw[group]
            if not isinstance(entries, LineDict):
                self.problem(raw.line_of(group), group,
                             f"expected a mapping, got {describe_value(entries)}")
                continue
            labels[group] = self.group(group, entries)
        return labels, self.problems

    def group(self, group: str, entries: LineDict) -> dict[str, Label]:
        keys = GROUP_KEYS.get(group) or self.vocabulary.get(group)
        out: dict[str, Label] = {}
        for k, value in entries.items():
            if keys is not None and k not in keys:
                self.unknown(entries.line_of(k), f"{group}.{k}", k, keys)
                continue
            label = self.label(value, entries.line_of(k), f"{group}.{k}")
            if label is not None:
                out[str(k)] = label
        if keys is None:
            return out
        for k in keys:
            if k not in entries:
                self.problem(entries.line, f"{group}.{k}", "missing required key")
        return {k: out[k] for k in keys if k in out}

    def label(self, value: Any, line: int, key: str) -> Label | None:
        """A ``{zh: ..., en: ...}`` label, read as the rulebook reads its texts."""
        if not isinstance(value, LineDict):
            self.problem(line, key, f"expected a mapping, got {describe_value(value)}")
            return None
        for k in value:
            if k not in ("zh", "en"):
                self.unknown(value.line_of(k), f"{key}.{k}", k, ("zh", "en"))
        texts: list[str] = []
        for lang in ("zh", "en"):
            text = value.get(lang)
            if text is None:
                self.problem(value.line, f"{key}.{lang}", "missing required key")
            elif isinstance(text, bool) or not isinstance(text, str | int | float):
                self.problem(value.line_of(lang), f"{key}.{lang}",
                             f"expected text, got {describe_value(text)}")
            elif not str(text).strip():
                self.problem(value.line_of(lang), f"{key}.{lang}", "must not be empty")
            else:
                texts.append(str(text).strip())
        return Label(texts[0], texts[1]) if len(texts) == 2 else None
