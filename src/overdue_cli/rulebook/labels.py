"""The labels a loaded rulebook carries (``book.labels``): the locale catalogue's,
with a rulebook's own ``labels:`` section, if it has one, laid over them.

Why apart: the interface's words are no longer part of the rulebook file (they
live in locale/labels.yaml), but renderers still read them as
``book.label(group, key)``; this is the one place that joins the two. A rulebook
needs no labels of its own; one written when it had to carry them all still
loads, and its labels win, key by key.
"""

from __future__ import annotations

from typing import Any

from overdue_cli.locale import GROUP_KEYS, GROUPS, JOURNAL_KEYS, load_labels
from overdue_cli.rulebook.builder import Builder
from overdue_cli.rulebook.model import Text
from overdue_cli.rulebook.schema import AUTHORITIES, CATEGORIES, MESSAGE_VERDICTS, VERDICTS

VOCABULARY: dict[str, tuple[str, ...]] = {
    "verdicts": VERDICTS,
    "authorities": AUTHORITIES,
    "categories": CATEGORIES,
    "message_verdicts": MESSAGE_VERDICTS,
}
"""The catalogue's groups keyed by rulebook ids, and the ids each must label."""

REQUIRED_JOURNAL_UI = JOURNAL_KEYS
"""The ``journal`` group's keys (locale.JOURNAL_KEYS), under the name callers used
when the rulebook had to carry them."""


def read_labels(b: Builder, value: Any, line: int) -> dict[str, dict[str, Text]] | None:
    """The catalogue's labels with the rulebook's ``labels`` section (``value``, on
    ``line``; None when it has none) laid over them; None if that section is not a
    mapping. The catalogue's problems, and the section's, are recorded on ``b``."""
    catalogue, problems = load_labels(vocabulary=VOCABULARY)
    b.problems.extend(problems)
    labels = {group: {k: Text(label.zh, label.en) for k, label in entries.items()}
              for group, entries in catalogue.items()}
    if value is None:
        return labels
    m = b.mapping(value, line, "labels")
    if m is None:
        return None
    b.unknown_keys(m, GROUPS, "labels")
    for group in GROUPS:
        if group not in m:
            continue
        g = b.mapping(b.required(m, group, "labels"), m.line_of(group), f"labels.{group}")
        if g is None:
            continue
        keys = VOCABULARY.get(group) or GROUP_KEYS[group]
        if group in VOCABULARY:
            b.unknown_keys(g, keys, f"labels.{group}")
        for k in keys:
            if k in g:
                text = b.text(g, k, f"labels.{group}")
                if text:
                    labels.setdefault(group, {})[k] = text
    return labels
