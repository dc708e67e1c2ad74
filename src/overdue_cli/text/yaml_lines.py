"""YAML loading that remembers where every key came from.

A malformed rulebook or label catalogue must be reported with its file, line
and key, so mappings and lists are loaded as subclasses that carry the line of
each entry. PyYAML is imported only when YAML is actually parsed: the installed
package usually reads the pre-parsed JSON copies (see hatch_build.py) and then
never needs it. The C parser is used when PyYAML has it; the pure-Python one is
several times slower. Why in text/: the rulebook and locale/ both read YAML
this way, and locale/ may not import the rulebook (the rulebook imports it).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any


class LineDict(dict[Any, Any]):
    """A dict with ``line`` (its own first line) and ``lines`` (line of each key)."""

    line: int = 0
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list[Any]):
    """A list with ``line`` and the line of each item in ``lines``."""

    line: int = 0
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class YamlSyntaxError(Exception):
    """A YAML document could not be parsed; carries the 1-based line and column."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@functools.cache
def _loader() -> Any:
    """A safe loader class whose mappings and sequences remember their lines."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(base):  # type: ignore[misc]
        pass

    def construct_mapping(loader: Any, node: Any) -> LineDict:
        loader.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                )
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            result[key] = loader.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(loader: Any, node: Any) -> LineList:
        result = LineList(loader.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.lines = [child.start_mark.line + 1 for child in node.value]
        return result

    tags = yaml.resolver.BaseResolver
    LineLoader.add_constructor(tags.DEFAULT_MAPPING_TAG, construct_mapping)
    LineLoader.add_constructor(tags.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return LineLoader


def load_yaml(text: str) -> Any:
    """Parse ``text``; mappings become LineDict and sequences LineList."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise YamlSyntaxError(exc.problem or exc.context or "invalid YAML", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc).splitlines()[0], None, None) from None


def with_lines(value: Any) -> Any:
    """Wrap plain JSON data in LineDict/LineList (line 0: no source position)."""
    if isinstance(value, dict):
        out = LineDict((k, with_lines(v)) for k, v in value.items())
        out.lines = {}
        return out
    if isinstance(value, list):
        items = LineList(with_lines(v) for v in value)
        items.lines = []
        return items
    return value


def read_compiled(path: Path, data: bytes, field: str) -> Any:
    """The pre-parsed copy of the YAML file ``path`` the wheel ships beside it
    (``<stem>.compiled.json``, see hatch_build.py), with lines, if it was made from
    exactly ``data``; else None. The copy holds ``source_sha256`` and ``field``."""
    sibling = path.with_name(path.stem + ".compiled.json")
    try:
        document = json.loads(sibling.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or \
            document.get("source_sha256") != hashlib.sha256(data).hexdigest():
        return None
    return with_lines(document.get(field))


def describe_value(value: Any) -> str:
    """What a wrong value is, for a problem: 'a list', 'the number 3', 'nothing'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        text = repr(value)
        return f"the number {text if len(text) <= 40 else text[:40] + '…'}"
    text = str(value)
    if len(text) > 60:  # a whole file passed as --rules is not echoed into one line
        return f"'{text[:60]}…' ({len(text):,} characters)"
    return f"'{text}'"
