"""Reading what the user hands in: file formats (SMS and call-log XML, CSV,
JSONL, text), decoding, time stamps, records. Used by scan and journal; imports text/ and errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.readers.core import (
        ReadOptions,
        detect_format,
        open_input,
        parse_time,
        quote,
        read_bytes,
        read_text_argument,
    )
    from overdue_cli.readers.records import (
        CHINA_TZ,
        FORMATS,
        InputError,
        Record,
        Skipped,
    )

__all__ = [
    "CHINA_TZ",
    "FORMATS",
    "InputError",
    "ReadOptions",
    "Record",
    "Skipped",
    "detect_format",
    "open_input",
    "parse_time",
    "quote",
    "read_bytes",
    "read_text_argument",
]

__getattr__ = exports(__name__, {
    "ReadOptions": "core",
    "detect_format": "core",
    "open_input": "core",
    "parse_time": "core",
    "quote": "core",
    "read_bytes": "core",
    "read_text_argument": "core",
    "CHINA_TZ": "records",
    "FORMATS": "records",
    "InputError": "records",
    "Record": "records",
    "Skipped": "records",
})
