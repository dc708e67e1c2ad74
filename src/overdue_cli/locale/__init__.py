"""The interface in the user's language: choosing it, Simplified/Traditional
conversion, localized labels. Imports text/ and errors only (the rulebook imports it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.locale.i18n import (
        Localizer,
        article_in_english,
        resolve_lang,
        to_simplified,
        to_traditional,
    )

__all__ = [
    "Localizer",
    "article_in_english",
    "resolve_lang",
    "to_simplified",
    "to_traditional",
]

__getattr__ = exports(__name__, {
    "Localizer": "i18n",
    "article_in_english": "i18n",
    "resolve_lang": "i18n",
    "to_simplified": "i18n",
    "to_traditional": "i18n",
})
