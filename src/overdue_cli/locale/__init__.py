"""The interface in the user's language: choosing it, Simplified/Traditional conversion,
the label catalogue. Imports text/ and errors only (the rulebook imports it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.locale.catalogue import (
        catalogue_path,
        load_labels,
    )
    from overdue_cli.locale.i18n import (
        Bilingual,
        Localizer,
        add_traditional,
        article_in_english,
        opencc_traditional,
        resolve_lang,
        to_simplified,
        to_traditional,
    )
    from overdue_cli.locale.keys import (
        CHECK_KEYS,
        GROUP_KEYS,
        GROUPS,
        INTERVIEW_KEYS,
        JOURNAL_KEYS,
        SCAN_KEYS,
        STATUS_KEYS,
        UI_KEYS,
        VOCABULARY_GROUPS,
    )
    from overdue_cli.locale.labels import (
        Label,
        Labels,
    )

__all__ = [
    "CHECK_KEYS",
    "GROUPS",
    "GROUP_KEYS",
    "INTERVIEW_KEYS",
    "JOURNAL_KEYS",
    "SCAN_KEYS",
    "STATUS_KEYS",
    "UI_KEYS",
    "VOCABULARY_GROUPS",
    "Bilingual",
    "Label",
    "Labels",
    "Localizer",
    "add_traditional",
    "article_in_english",
    "catalogue_path",
    "load_labels",
    "opencc_traditional",
    "resolve_lang",
    "to_simplified",
    "to_traditional",
]

__getattr__ = exports(__name__, {
    "Label": "labels",
    "Labels": "labels",
    "catalogue_path": "catalogue",
    "load_labels": "catalogue",
    "Bilingual": "i18n",
    "Localizer": "i18n",
    "add_traditional": "i18n",
    "article_in_english": "i18n",
    "opencc_traditional": "i18n",
    "resolve_lang": "i18n",
    "to_simplified": "i18n",
    "to_traditional": "i18n",
    "CHECK_KEYS": "keys",
    "GROUPS": "keys",
    "GROUP_KEYS": "keys",
    "INTERVIEW_KEYS": "keys",
    "JOURNAL_KEYS": "keys",
    "SCAN_KEYS": "keys",
    "STATUS_KEYS": "keys",
    "UI_KEYS": "keys",
    "VOCABULARY_GROUPS": "keys",
})
