"""Renderers: results as rich text, Markdown, HTML, JSON or CSV on the stream handed in, through
one dispatch, ``render(result, OutputFormat, stream)``. Imports the core packages, never cli.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.render.formats import (
        RENDERERS,
        MessageWriter,
        OutputFormat,
        Renderer,
        message_writer,
        render,
        renderer,
    )
    from overdue_cli.render.journal_html_evidence import (
        evidence_seqs,
    )
    from overdue_cli.render.journal_json import (
        entry_doc,
    )
    from overdue_cli.render.journal_results import (
        ComplaintOutput,
        DestroyOutput,
        EntryDoc,
        EntryOutput,
        ExportOutput,
        ImportOutput,
        ListingOutput,
        ReportOutput,
        VerifyOutput,
    )
    from overdue_cli.render.json import (
        SCHEMA_VERSION,
        dumps,
        envelope,
        write_streaming,
    )
    from overdue_cli.render.results import (
        CheckOutput,
        ExplanationOutput,
        MethodsOutput,
        RateOutput,
        RulesOutput,
        RuleTestOutput,
        TopicsOutput,
        ValidationOutput,
    )
    from overdue_cli.render.view import (
        View,
        make_console,
        printable,
    )

__all__ = [
    "RENDERERS",
    "SCHEMA_VERSION",
    "CheckOutput",
    "ComplaintOutput",
    "DestroyOutput",
    "EntryDoc",
    "EntryOutput",
    "ExplanationOutput",
    "ExportOutput",
    "ImportOutput",
    "ListingOutput",
    "MessageWriter",
    "MethodsOutput",
    "OutputFormat",
    "RateOutput",
    "Renderer",
    "ReportOutput",
    "RuleTestOutput",
    "RulesOutput",
    "TopicsOutput",
    "ValidationOutput",
    "VerifyOutput",
    "View",
    "dumps",
    "entry_doc",
    "envelope",
    "evidence_seqs",
    "make_console",
    "message_writer",
    "printable",
    "render",
    "renderer",
    "write_streaming",
]

__getattr__ = exports(__name__, {
    "RENDERERS": "formats",
    "message_writer": "formats",
    "render": "formats",
    "renderer": "formats",
    "MessageWriter": "formats",
    "OutputFormat": "formats",
    "Renderer": "formats",
    "entry_doc": "journal_json",
    "evidence_seqs": "journal_html_evidence",
    "SCHEMA_VERSION": "json",
    "dumps": "json",
    "envelope": "json",
    "write_streaming": "json",
    "CheckOutput": "results",
    "RateOutput": "results",
    "ComplaintOutput": "journal_results",
    "DestroyOutput": "journal_results",
    "EntryDoc": "journal_results",
    "EntryOutput": "journal_results",
    "ExplanationOutput": "results",
    "ExportOutput": "journal_results",
    "ImportOutput": "journal_results",
    "ListingOutput": "journal_results",
    "MethodsOutput": "results",
    "ReportOutput": "journal_results",
    "RulesOutput": "results",
    "RuleTestOutput": "results",
    "TopicsOutput": "results",
    "ValidationOutput": "results",
    "VerifyOutput": "journal_results",
    "View": "view",
    "make_console": "view",
    "printable": "view",
})
