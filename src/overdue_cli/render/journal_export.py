"""``overdue log export``: the journal as CSV (for a spreadsheet) or JSON Lines.

Both write the entry documents of ``journal_json.entry_doc`` row by row, so an
export of 200,000 entries streams in bounded memory. JSON Lines is exact and
``overdue log import`` reads it back. CSV is for people: UTF-8 with a BOM so
Excel shows the Chinese correctly, one flat row per entry, and a cell that a
spreadsheet would run as a formula (starting with = + - @) gets a leading
apostrophe, the usual defence against CSV injection from a collector's text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from overdue_cli.render.journal_results import ExportOutput

CSV_COLUMNS = (
    "seq", "at", "method", "direction", "number", "gateway", "name", "platform", "text",
    "note", "duration_s", "outcome", "kind", "third_party", "scan_verdict", "scan_signals",
    "attachments", "source_kind", "source_file", "source_sha256", "source_position",
    "recorded_at", "void_of", "voided_by", "reason", "time_flag", "hash",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def csv_row(doc: dict[str, Any]) -> list[str]:
    scan = doc.get("scan") or {}
    source = doc.get("source") or {}
    flat = {
        **doc,
        "scan_verdict": scan.get("verdict"),
        "scan_signals": "; ".join(f"{s['id']}: {s['evidence']}" for s in scan.get("signals", [])),
        "attachments": "; ".join(f"{a['path']} sha256:{a['sha256']} ({a['size']} bytes)"
                                 for a in doc.get("attachments", [])),
        "source_kind": source.get("kind"),
        "source_file": source.get("file"),
        "source_sha256": source.get("sha256"),
        "source_position": source.get("position"),
    }
    return [_cell(flat.get(column)) for column in CSV_COLUMNS]


def export_csv(out: ExportOutput, stream: TextIO) -> None:
    """``log export --format csv``: a :class:`~overdue_cli.render.formats.Renderer`."""
    write_csv(stream, out.rows)


def export_jsonl(out: ExportOutput, stream: TextIO) -> None:
    """``log export --format jsonl``: a :class:`~overdue_cli.render.formats.Renderer`."""
    write_jsonl(stream, out.rows)


def write_csv(stream: TextIO, rows: Iterable[dict[str, Any]]) -> int:
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for doc in rows:
        writer.writerow(csv_row(doc))
        count += 1
    return count


def write_jsonl(stream: TextIO, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    for doc in rows:
        stream.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count
