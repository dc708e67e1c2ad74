"""One regular expression for a list of words, shaped as a trie.

Python's ``re`` tries the alternatives of ``a|b|c`` one after another at every
position, so a list of hundreds of words costs hundreds of attempts per
character. Written as a trie (``通(?:讯录|知)``) the engine follows one branch
per character, and a pattern that starts with it can skip quickly to the
positions where one of its first characters occurs. Longer words are tried
before their prefixes, so a match is the longest word at its position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Trie = dict[str, "Trie"]
"""A node: each next character's node, and ``""`` where a word ends."""


def trie_regex(words: Iterable[str]) -> str:
    """A regex (no capturing groups) matching any of ``words``, longest first."""
    trie: Trie = {}
    for word in words:
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    body = _render(trie)
    return f"(?:{body})" if body else "(?!)"


def _render(node: Trie) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _render(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body
