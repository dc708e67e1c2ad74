"""What the journal's commands hand their renderers: one small immutable record per
kind of output (``log add|void|import|list|report|verify|export|destroy``, ``complaint``).

Why: as ``render.results`` for the rulebook's commands: what a renderer needs
besides the journal's own result object (the path shown, the rulebook and
language, the redactor) travels with it. Kept apart so ``check`` never defines
them; NamedTuples for the same reason of start-up time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from overdue_cli.journal import Entry, ImportResult, Redactor, Report, Verification
    from overdue_cli.locale import Localizer
    from overdue_cli.rulebook import Rulebook

EntryDoc = dict[str, Any]
"""A journal entry as ``render.entry_doc`` gives it: one shape for every output."""
EMPTY: Mapping[str, Any] = MappingProxyType({})
"""The default of a record's mapping field: empty, and no one's to change."""


class EntryOutput(NamedTuple):
    """``log add`` / ``log void``: the entry just written."""

    command: str
    journal: str
    entry: EntryDoc
    book: Rulebook
    loc: Localizer


class ImportOutput(NamedTuple):
    """``log import``: per file what was added, left out and skipped."""

    journal: str
    results: Sequence[ImportResult]
    analysed: int
    total: int
    skipped: Mapping[str, Sequence[Any]] = EMPTY
    book: Rulebook | None = None
    """None: the shipped rulebook's words (receipts need no ``--rules``)."""
    loc: Localizer | None = None


class ListingOutput(NamedTuple):
    """``log list``: entry documents, streamed for JSON (an iterator is fine)."""

    book: Rulebook
    loc: Localizer
    journal: str
    entries: Iterable[EntryDoc]
    total: int
    filters: Mapping[str, Any] = EMPTY


class ReportOutput(NamedTuple):
    """``log report``: the journal's facts and the rules they break."""

    book: Rulebook
    loc: Localizer
    journal: str
    report: Report
    redactor: Redactor | None = None
    evidence: Sequence[Entry] = ()
    """The entries the report cites, with their hashes (HTML's evidence table; the
    CLI reads them only for ``--format html``)."""
    verification: Verification | None = None
    """The hash chain as ``log verify`` finds it (HTML only)."""


class VerifyOutput(NamedTuple):
    """``log verify``: the hash chain and the attachments checked."""

    verification: Verification
    book: Rulebook | None = None
    """None: the shipped rulebook's words (JSON needs none)."""
    loc: Localizer | None = None


class DestroyOutput(NamedTuple):
    """``log destroy``: the files removed."""

    journal: str
    removed: list[str]


class ComplaintOutput(NamedTuple):
    """``overdue complaint``: the draft (Markdown or text) and what it was made from."""

    journal: str
    channel: str
    format: str
    context: dict[str, Any]
    draft: str
    appendix: ReportOutput | None = None
    """HTML only: the report the draft was made from, for its charts and evidence."""


class ExportOutput(NamedTuple):
    """``log export``: entry documents, one at a time (200,000 cost what one costs)."""

    rows: Iterable[EntryDoc]
