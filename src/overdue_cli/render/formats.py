"""The output formats, the two shapes a renderer takes (whole or streaming), and the
one dispatch: a result, a format and a stream in; the right renderer draws it.

Why: every command used to choose its output its own way (a renderer looked up
by a string, writer objects, a json/markdown/human branch in each ``log``
command). Now a command builds one result record (``render.results``,
``render.journal_results``), picks an :class:`OutputFormat` from its flags, and
hands both with a stream to :func:`render`. Which function draws what is the
:data:`RENDERERS` table's business, as ``"module:function"`` names imported only
when used: ``check --json`` must not import rich (nor the journal's renderers)
to find out that it needs neither. One module, not two: ``check`` imports it on
every run, and start-up is timed.

Two shapes, because two kinds of output exist. A :class:`Renderer` gets the whole
result at once: check, explain, the rulebook commands, and the journal's
receipts and report. A :class:`MessageWriter` is handed scan's messages one at a
time as they are read, and ends with the summary: a 1 GB export must print as it
goes, in bounded memory, so it cannot be one result. (``log list --json`` and
``log export`` stream too, but through an iterator inside their result.)
Imports nothing of ours at run time but the renderer it is asked for.
"""

from __future__ import annotations

import enum
import importlib
from typing import TYPE_CHECKING, Any, Protocol, TextIO, TypeVar

if TYPE_CHECKING:
    from overdue_cli.errors import OverdueError
    from overdue_cli.locale import Localizer
    from overdue_cli.rulebook import Rulebook
    from overdue_cli.scan import MessageResult, Scanner


class OutputFormat(enum.Enum):
    """What a command can print; each result type offers some of these."""

    HUMAN = "human"
    """rich text for a terminal (plain when piped or NO_COLOR)."""
    TEXT = "text"
    """Plain text to paste into a web form (complaint drafts)."""
    MARKDOWN = "markdown"
    """Markdown for paper or a regulator's form (log report, complaint drafts)."""
    JSON = "json"
    """One JSON document, schema in ``overdue_cli/schemas``."""
    JSON_LINES = "jsonl"
    """One JSON object per line (scan --jsonl, log export --format jsonl)."""
    CSV = "csv"
    """A spreadsheet (log export)."""
    HTML = "html"
    """One self-contained page, charts as inline SVG, to open or print (log report,
    complaint drafts)."""

    @classmethod
    def human_or_json(cls, json_out: bool) -> OutputFormat:
        """What ``--json`` asks for: JSON, else text for people."""
        return cls.JSON if json_out else cls.HUMAN


R_contra = TypeVar("R_contra", contravariant=True)


class Renderer(Protocol[R_contra]):
    """Draws one whole result on ``stream``: a plain function ``(result, stream)``."""

    def __call__(self, result: R_contra, stream: TextIO, /) -> None: ...


class MessageWriter(Protocol):
    """scan's streaming renderer: each message as it is scanned, then the summary."""

    def message(self, result: MessageResult) -> None: ...

    def finish(self, scanner: Scanner, error: OverdueError | None = None) -> None: ...


HUMAN, TEXT, MARKDOWN = OutputFormat.HUMAN, OutputFormat.TEXT, OutputFormat.MARKDOWN
JSON, JSON_LINES, CSV = OutputFormat.JSON, OutputFormat.JSON_LINES, OutputFormat.CSV
HTML = OutputFormat.HTML

RENDERERS: dict[str, dict[OutputFormat, str]] = {
    # render.results
    "CheckOutput": {HUMAN: "human:check", JSON: "json:check"},
    "RateOutput": {HUMAN: "rate_human:rate", JSON: "rate_json:rate"},
    "ExplanationOutput": {HUMAN: "human:explanation", JSON: "json:explanation"},
    "TopicsOutput": {HUMAN: "human:topics", JSON: "json:topics"},
    "MethodsOutput": {HUMAN: "human:methods", JSON: "json:methods"},
    "RulesOutput": {HUMAN: "human:rules_list", JSON: "json:rules_list"},
    "RuleTestOutput": {HUMAN: "human:rules_test", JSON: "json:rules_test"},
    "ValidationOutput": {HUMAN: "human:rules_validate", JSON: "json:rules_validate"},
    # render.journal_results
    "EntryOutput": {HUMAN: "journal_human:added", JSON: "journal_json:added"},
    "ImportOutput": {HUMAN: "journal_human:imported", JSON: "journal_json:imported"},
    "ListingOutput": {HUMAN: "journal_human:entries", JSON: "journal_json:entries"},
    "ReportOutput": {HUMAN: "journal_report_human:report", MARKDOWN: "journal_md:markdown",
                     JSON: "journal_json:report", HTML: "journal_html:report_html"},
    "VerifyOutput": {HUMAN: "journal_human:verified", JSON: "journal_json:verified"},
    "DestroyOutput": {JSON: "journal_json:destroyed"},
    "ComplaintOutput": {MARKDOWN: "complaint:draft", TEXT: "complaint:draft",
                        JSON: "complaint:document", HTML: "journal_html:complaint_html"},
    "ExportOutput": {CSV: "journal_export:export_csv",
                     JSON_LINES: "journal_export:export_jsonl"},
    # render.letter
    "LetterOutput": {MARKDOWN: "letter:draft", TEXT: "letter:draft", JSON: "letter:document"},
    "LetterListOutput": {HUMAN: "letter:listing", JSON: "letter:listing_json"},
}
"""Each result type's renderers by format: ``module:function`` in ``overdue_cli.render``.
Keyed by the type's name, so that finding one imports no other result type."""


def renderer(kind: type[Any], fmt: OutputFormat) -> Renderer[Any]:
    """The function that draws a ``kind`` result as ``fmt``."""
    try:
        home = RENDERERS[kind.__name__][fmt]
    except KeyError:
        raise ValueError(f"{kind.__name__} has no {fmt.value} output") from None
    module, name = home.split(":")
    draw: Renderer[Any] = getattr(importlib.import_module(f"overdue_cli.render.{module}"), name)
    return draw


def render(result: object, fmt: OutputFormat, stream: TextIO) -> None:
    """Draw ``result`` as ``fmt`` on ``stream`` (the CLI hands in its stdout)."""
    renderer(type(result), fmt)(result, stream)


def message_writer(fmt: OutputFormat, stream: TextIO, book: Rulebook, loc: Localizer, *,
                   show_all: bool = False) -> MessageWriter:
    """scan's streaming renderer for ``fmt``: HUMAN (a table at the end), JSON (one
    document, written as it goes) or JSON_LINES. ``show_all``: every message in the
    table, not only flagged ones (HUMAN only)."""
    if fmt is JSON or fmt is JSON_LINES:
        from overdue_cli.render.scan_json import JsonlWriter, JsonWriter

        return (JsonWriter if fmt is JSON else JsonlWriter)(stream, book, loc)
    if fmt is HUMAN:
        from overdue_cli.render.scan_human import HumanWriter

        return HumanWriter(stream, book, loc, show_all=show_all)
    raise ValueError(f"scan has no {fmt.value} output")
