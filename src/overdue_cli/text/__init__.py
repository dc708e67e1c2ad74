"""Text handling shared by every command: folding user words for ids, folding
messages for matching, word segmentation, the trie regex, YAML read with its line
numbers, numbers and dates as people write them. Imports nothing of ours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.text.dates import (
        DateProblem,
        read_day,
        read_moment,
    )
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
    from overdue_cli.text.yaml_lines import (
        LineDict,
        LineList,
        YamlSyntaxError,
        describe_value,
        load_yaml,
        read_compiled,
        with_lines,
    )

__all__ = [
    "DagSegmenter",
    "DateProblem",
    "Folded",
    "JiebaSegmenter",
    "LineDict",
    "LineList",
    "Pinyin",
    "Segmenter",
    "YamlSyntaxError",
    "closest",
    "describe_value",
    "fold",
    "fold_key",
    "has_cjk",
    "load_yaml",
    "read_compiled",
    "read_day",
    "read_moment",
    "t2s_table",
    "text_safe",
    "trie_regex",
    "with_lines",
]

__getattr__ = exports(__name__, {
    "DateProblem": "dates",
    "read_day": "dates",
    "read_moment": "dates",
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
    "LineDict": "yaml_lines",
    "LineList": "yaml_lines",
    "YamlSyntaxError": "yaml_lines",
    "describe_value": "yaml_lines",
    "load_yaml": "yaml_lines",
    "read_compiled": "yaml_lines",
    "with_lines": "yaml_lines",
})
