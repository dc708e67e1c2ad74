"""The rulebook: its typed model, the YAML loader with line numbers, validation,
scan signals and the worked-example self-test. Imports text/, locale/ and errors only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.rulebook.load import (
        AUTHORITIES,
        LENDER_IDS,
        REQUIRED_JOURNAL_UI,
        SEVERITY,
        VERDICTS,
        Action,
        Basis,
        Rule,
        Rulebook,
        Stage,
        Text,
        Topic,
        check_rulebook,
        cited_articles,
        default_rulebook_path,
        law_breaks,
        load_rulebook,
    )
    from overdue_cli.rulebook.selftest import (
        ExampleResult,
        run_all,
        run_example,
    )
    from overdue_cli.rulebook.signals import (
        CATEGORIES,
        CATEGORY_VERDICT,
        MESSAGE_VERDICTS,
        VERDICT_RANK,
        Frame,
        Signal,
        expand,
        pattern_gate,
    )

__all__ = [
    "AUTHORITIES",
    "CATEGORIES",
    "CATEGORY_VERDICT",
    "LENDER_IDS",
    "MESSAGE_VERDICTS",
    "REQUIRED_JOURNAL_UI",
    "SEVERITY",
    "VERDICTS",
    "VERDICT_RANK",
    "Action",
    "Basis",
    "ExampleResult",
    "Frame",
    "Rule",
    "Rulebook",
    "Signal",
    "Stage",
    "Text",
    "Topic",
    "check_rulebook",
    "cited_articles",
    "default_rulebook_path",
    "expand",
    "law_breaks",
    "load_rulebook",
    "pattern_gate",
    "run_all",
    "run_example",
]

__getattr__ = exports(__name__, {
    "AUTHORITIES": "load",
    "Action": "load",
    "Basis": "load",
    "LENDER_IDS": "load",
    "REQUIRED_JOURNAL_UI": "load",
    "Rule": "load",
    "Rulebook": "load",
    "SEVERITY": "load",
    "Stage": "load",
    "Text": "load",
    "Topic": "load",
    "VERDICTS": "load",
    "check_rulebook": "load",
    "cited_articles": "load",
    "default_rulebook_path": "load",
    "law_breaks": "load",
    "load_rulebook": "load",
    "CATEGORIES": "signals",
    "CATEGORY_VERDICT": "signals",
    "Frame": "signals",
    "MESSAGE_VERDICTS": "signals",
    "Signal": "signals",
    "VERDICT_RANK": "signals",
    "expand": "signals",
    "pattern_gate": "signals",
    "ExampleResult": "selftest",
    "run_all": "selftest",
    "run_example": "selftest",
})
