"""Text handling shared by every command: folding user words for ids, folding
messages for matching, word segmentation, the trie regex. Imports nothing of ours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.text.folding import (
        Folded,
        Pinyin,
        fold,
        t2s_table,
    )
    from overdue_cli.text.normalize import (
        closest,
        fold_key,
        has_cjk,
        text_safe,
    )
    from overdue_cli.text.segment import (
        DagSegmenter,
        JiebaSegmenter,
        Segmenter,
    )
    from overdue_cli.text.trie import (
        trie_regex,
    )

__all__ = [
    "DagSegmenter",
    "Folded",
    "JiebaSegmenter",
    "Pinyin",
    "Segmenter",
    "closest",
    "fold",
    "fold_key",
    "has_cjk",
    "t2s_table",
    "text_safe",
    "trie_regex",
]

__getattr__ = exports(__name__, {
    "closest": "normalize",
    "fold_key": "normalize",
    "has_cjk": "normalize",
    "text_safe": "normalize",
    "Folded": "folding",
    "Pinyin": "folding",
    "fold": "folding",
    "t2s_table": "folding",
    "DagSegmenter": "segment",
    "JiebaSegmenter": "segment",
    "Segmenter": "segment",
    "trie_regex": "trie",
})
