"""``overdue complaint``: the draft as the journal wrote it, or the JSON around it.

Why a module of its own: the draft itself (Markdown or plain text, in the
regulators' Simplified Chinese) is ``overdue_cli.journal.render_complaint``'s;
here it is only written out, or wrapped with the facts it was made from in the
one JSON envelope every command uses.
"""

from __future__ import annotations

from typing import TextIO

from overdue_cli.render.journal_results import ComplaintOutput
from overdue_cli.render.json_doc import envelope, write_document


def draft(out: ComplaintOutput, stream: TextIO) -> None:
    """The draft, exactly as written (Markdown or text: ``out.format`` says which)."""
    stream.write(out.draft)


def document(out: ComplaintOutput, stream: TextIO) -> None:
    """The JSON document: channel, format, the facts (``context``) and the draft."""
    doc = envelope("complaint", journal=out.journal)
    doc.update({"channel": out.channel, "format": out.format, "context": out.context,
                "draft": out.draft})
    write_document(stream, doc)
