"""`overdue letter`'s pure core: the borrower's letters (negotiate, stop third parties,
credit dispute, data rights, verify the debt) built from what the user typed.

Inputs are parsed and checked here, the facts assembled and the letter rendered from
the Jinja2 templates in ``overdue_cli/templates/letters`` (the complaint drafts' layout
macros reused). Imports errors, locale, rulebook, rate (amounts) and journal's
template machinery; never cli or render; prints nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.letters.ask import ask_missing
    from overdue_cli.letters.build import (
        article_allowed,
        build_letter,
        catalogue_entries,
        letter_catalogue,
        render_letter,
    )
    from overdue_cli.letters.inputs import (
        DATA_REQUESTS,
        RECIPIENTS,
        missing_facts,
        parse_monthly,
        parse_recipient,
        parse_requests,
        require,
    )
    from overdue_cli.letters.model import (
        FORMATS,
        KINDS,
        Letter,
        LetterInput,
        ThirdPartyContact,
    )

__all__ = [
    "DATA_REQUESTS",
    "FORMATS",
    "KINDS",
    "RECIPIENTS",
    "Letter",
    "LetterInput",
    "ThirdPartyContact",
    "article_allowed",
    "ask_missing",
    "build_letter",
    "catalogue_entries",
    "letter_catalogue",
    "missing_facts",
    "parse_monthly",
    "parse_recipient",
    "parse_requests",
    "render_letter",
    "require",
]

__getattr__ = exports(__name__, {
    "ask_missing": "ask",
    "article_allowed": "build",
    "build_letter": "build",
    "catalogue_entries": "build",
    "letter_catalogue": "build",
    "render_letter": "build",
    "DATA_REQUESTS": "inputs",
    "RECIPIENTS": "inputs",
    "missing_facts": "inputs",
    "parse_monthly": "inputs",
    "parse_recipient": "inputs",
    "parse_requests": "inputs",
    "require": "inputs",
    "FORMATS": "model",
    "KINDS": "model",
    "Letter": "model",
    "LetterInput": "model",
    "ThirdPartyContact": "model",
})
