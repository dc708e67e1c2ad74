"""The label catalogue: the interface's words (labels.yaml, shipped in this package)
read, checked complete, and kept.

Why apart: the words a person reads around the law (verdict names, headings,
interview questions) are not law, so they are not in the rulebook. A malformed
catalogue is reported like a malformed rulebook, one problem per defect naming
file, line and key. The installed package reads the pre-parsed JSON copy the
wheel ships when it was made from exactly this file (see hatch_build.py); most
runs read neither, since the wheel's pickled rulebook already holds the labels.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overdue_cli.errors import Problem
from overdue_cli.locale.keys import GROUP_KEYS, GROUPS
from overdue_cli.text import (
    LineDict,
    YamlSyntaxError,
    closest,
    describe_value,
    load_yaml,
    read_compiled,
)


@dataclass(frozen=True)
class Label:
    """One label in Simplified Chinese and English; zh-Hant is derived from zh."""

    zh: str
    en: str


Labels = Mapping[str, Mapping[str, Label]]
"""Group -> key -> label."""

_LOADED: dict[tuple[str, bytes, tuple[tuple[str, tuple[str, ...]], ...]],
              tuple[Labels, list[Problem]]] = {}
"""Catalogues read, by path, content hash and the vocabulary they were checked with."""
_LOADED_MAX = 4


def catalogue_path() -> Path:
    """The shipped catalogue: package data beside this module."""
    return Path(__file__).with_name("labels.yaml")


def load_labels(path: Path | None = None, *,
                vocabulary: Mapping[str, Sequence[str]] | None = None,
                ) -> tuple[Labels, list[Problem]]:
    """The catalogue at ``path`` (None: the shipped one) and every problem found in it.

    Every group in keys.GROUP_KEYS must have exactly its keys, each with zh and en.
    ``vocabulary`` gives the keys of the groups named by the rulebook's ids
    (keys.VOCABULARY_GROUPS), handed in by the rulebook, which this package may
    not import; without it those groups are taken as they are. A catalogue once
    read is kept, so the many rulebooks a test run loads read it once.
    """
    file = path if path is not None else catalogue_path()
    name = str(file)
    try:
        data = file.read_bytes()
    except OSError as exc:
        return {}, [Problem(name, None, "", f"cannot read: {exc.strerror or exc}")]
    vocab = tuple(sorted((g, tuple(keys)) for g, keys in (vocabulary or {}).items()))
    key = (name, hashlib.sha256(data).digest(), vocab)
    kept = _LOADED.get(key)
    if kept is None:
        kept = _read(file, data, dict(vocab))
        while len(_LOADED) >= _LOADED_MAX:
            del _LOADED[next(iter(_LOADED))]
        _LOADED[key] = kept
    return kept


def _read(file: Path, data: bytes,
          vocabulary: Mapping[str, tuple[str, ...]]) -> tuple[Labels, list[Problem]]:
    name = str(file)
    compiled = read_compiled(file, data, "labels")
    if compiled is not None:
        labels, problems = _Reader(name, vocabulary).catalogue(compiled)
        if not problems:
            return labels, problems
        # fall through: re-read the YAML so problems carry their line numbers
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return {}, [Problem(name, line, "", f"not UTF-8 text (byte offset {exc.start})")]
    try:
        raw = load_yaml(text)
    except YamlSyntaxError as exc:
        col = f" (column {exc.column})" if exc.column else ""
        return {}, [Problem(name, exc.line, "", f"YAML syntax error: {exc.message}{col}")]
    return _Reader(name, vocabulary).catalogue(raw)


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
