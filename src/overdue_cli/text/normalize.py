"""How user words are folded before they are compared with ids and aliases.

Kept apart from the rulebook so the loader (alias collisions) and the CLI
(resolving what the user typed) fold text exactly the same way.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-_·・.。,，/\\'\"“”‘’()（）\[\]【】]+")


def text_safe(value: str) -> str:
    """A name (of a file, say) as text that UTF-8 output, SQLite and JSON can hold.

    Bytes that were not UTF-8 (a GBK file name, which Python keeps as lone
    surrogates) become ``\\xb6`` escapes; any other text is returned unchanged.
    """
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def fold_key(word: str) -> str:
    """Width-fold (NFKC), case-fold and drop spaces and separators."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", word).casefold())


def has_cjk(word: str) -> bool:
    """True when the word has any character outside ASCII (worth a t2s retry)."""
    return any(ord(ch) > 0x7F for ch in word)


def closest(word: str, candidates: list[str], n: int = 3) -> list[str]:
    """The candidates most like ``word``, best first (for 'did you mean')."""
    folded = fold_key(word)
    by_fold: dict[str, str] = {}
    for cand in candidates:
        by_fold.setdefault(fold_key(cand), cand)
    import difflib  # only when a hint is needed: it costs a few ms to import

    hits = difflib.get_close_matches(folded, list(by_fold), n=n, cutoff=0.5)
    if not hits:
        hits = [key for key in by_fold if folded and (folded in key or key in folded)][:n]
    return [by_fold[h] for h in hits]
