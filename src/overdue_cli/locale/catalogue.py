"""The label catalogue: where the interface's words are (labels.yaml, shipped in
this package), reading it, and keeping what was read.

Why apart: the words a person reads around the law (verdict names, headings,
interview questions) are not law, so they are not in the rulebook. The installed
package reads the pre-parsed JSON copy the wheel ships when it was made from
exactly this file (see hatch_build.py), else the YAML; ``labels`` turns either
into labels and problems. Most runs need only ``catalogue_path``: the wheel's
pickled rulebook already holds the labels, keyed by this file's hash, so this
module stays cheap to import and leaves ``labels`` until something is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from overdue_cli.errors import Problem
from overdue_cli.text import YamlSyntaxError, load_yaml, read_compiled

if TYPE_CHECKING:
    from overdue_cli.locale.labels import Labels

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

    Every group in keys.GROUP_KEYS must have exactly its keys, each with zh and en
    (see labels.read_labels). ``vocabulary`` gives the keys of the groups named by
    the rulebook's ids (keys.VOCABULARY_GROUPS), handed in by the rulebook, which
    this package may not import; without it those groups are taken as they are.
    A catalogue once read is kept, so the many rulebooks a test run loads read it
    once.
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
    # only now the reader: a run served by the pickled rulebook never needs it
    from overdue_cli.locale.labels import read_labels

    name = str(file)
    compiled = read_compiled(file, data, "labels")
    if compiled is not None:
        labels, problems = read_labels(name, compiled, vocabulary)
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
    return read_labels(name, raw, vocabulary)
