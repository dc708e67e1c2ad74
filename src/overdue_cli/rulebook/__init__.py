"""The rulebook: its typed model and vocabulary, the YAML loader with line numbers,
validation, signal patterns and the worked-example self-test. Imports text/, locale/, errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.rulebook.builder import (
        Coverage,
    )
    from overdue_cli.rulebook.labels import (
        REQUIRED_JOURNAL_UI,
    )
    from overdue_cli.rulebook.load import (
        check_rulebook,
        default_rulebook_path,
        load_rulebook,
        pickled_rulebook,
    )
    from overdue_cli.rulebook.model import (
        Action,
        Basis,
        Example,
        ExampleMessage,
        Frame,
        Lender,
        Method,
        Rule,
        Rulebook,
        ScanSettings,
        Signal,
        Source,
        Stage,
        Text,
        Topic,
        law_breaks,
    )
    from overdue_cli.rulebook.patterns import (
        expand,
        pattern_gate,
    )
    from overdue_cli.rulebook.schema import (
        AUTHORITIES,
        CATEGORIES,
        CATEGORY_VERDICT,
        LENDER_IDS,
        MESSAGE_VERDICTS,
        SEVERITY,
        VERDICT_RANK,
        VERDICTS,
    )
    from overdue_cli.rulebook.selftest import (
        ExampleResult,
        Judge,
        MakeMatcher,
        ScanExample,
        run_all,
        run_example,
    )
    from overdue_cli.rulebook.validate import (
        cited_articles,
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
    "Coverage",
    "Example",
    "ExampleMessage",
    "ExampleResult",
    "Frame",
    "Judge",
    "Lender",
    "MakeMatcher",
    "Method",
    "Rule",
    "Rulebook",
    "ScanExample",
    "ScanSettings",
    "Signal",
    "Source",
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
    "pickled_rulebook",
    "run_all",
    "run_example",
]

__getattr__ = exports(__name__, {
    "Coverage": "builder",
    "check_rulebook": "load",
    "default_rulebook_path": "load",
    "load_rulebook": "load",
    "pickled_rulebook": "load",
    "Action": "model",
    "Basis": "model",
    "Example": "model",
    "ExampleMessage": "model",
    "Frame": "model",
    "Lender": "model",
    "Method": "model",
    "Rule": "model",
    "Rulebook": "model",
    "ScanSettings": "model",
    "Signal": "model",
    "Source": "model",
    "Stage": "model",
    "Text": "model",
    "Topic": "model",
    "law_breaks": "model",
    "expand": "patterns",
    "pattern_gate": "patterns",
    "AUTHORITIES": "schema",
    "CATEGORIES": "schema",
    "CATEGORY_VERDICT": "schema",
    "LENDER_IDS": "schema",
    "MESSAGE_VERDICTS": "schema",
    "REQUIRED_JOURNAL_UI": "labels",
    "SEVERITY": "schema",
    "VERDICTS": "schema",
    "VERDICT_RANK": "schema",
    "ExampleResult": "selftest",
    "Judge": "selftest",
    "MakeMatcher": "selftest",
    "ScanExample": "selftest",
    "run_all": "selftest",
    "run_example": "selftest",
    "cited_articles": "validate",
})
