"""Reading what the user hands in: file formats (SMS and call-log XML, CSV,
JSONL, text), decoding, time stamps, records. Used by scan and journal; imports text/ and errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.readers.csvfile import (
        CsvTable,
        csv_table,
    )
    from overdue_cli.readers.decode import (
        DecodedInput,
        check_encoding,
        decode_input,
    )
    from overdue_cli.readers.fields import (
        ID_NAMES,
        SENDER_NAMES,
        TEXT_NAMES,
        TIME_NAMES,
        KeyLookup,
        column_index,
        lookup,
        quote,
    )
    from overdue_cli.readers.inputs import (
        check_readable,
        detect_format,
        open_input,
        open_problem,
        read_bytes,
        read_text_argument,
    )
    from overdue_cli.readers.jsonl import (
        json_objects,
    )
    from overdue_cli.readers.options import (
        ReadOptions,
    )
    from overdue_cli.readers.records import (
        CHINA_TZ,
        FORMATS,
        POSITION_KINDS,
        InputError,
        Position,
        Record,
        Skipped,
    )
    from overdue_cli.readers.times import (
        parse_time,
    )
    from overdue_cli.readers.xmlstream import (
        XmlTarget,
        stream_xml,
        xml_attr,
    )

__all__ = [
    "CHINA_TZ",
    "FORMATS",
    "ID_NAMES",
    "POSITION_KINDS",
    "SENDER_NAMES",
    "TEXT_NAMES",
    "TIME_NAMES",
    "CsvTable",
    "DecodedInput",
    "InputError",
    "KeyLookup",
    "Position",
    "ReadOptions",
    "Record",
    "Skipped",
    "XmlTarget",
    "check_encoding",
    "check_readable",
    "column_index",
    "csv_table",
    "decode_input",
    "detect_format",
    "json_objects",
    "lookup",
    "open_input",
    "open_problem",
    "parse_time",
    "quote",
    "read_bytes",
    "read_text_argument",
    "stream_xml",
    "xml_attr",
]

__getattr__ = exports(__name__, {
    "CsvTable": "csvfile",
    "csv_table": "csvfile",
    "DecodedInput": "decode",
    "check_encoding": "decode",
    "decode_input": "decode",
    "ID_NAMES": "fields",
    "SENDER_NAMES": "fields",
    "TEXT_NAMES": "fields",
    "TIME_NAMES": "fields",
    "KeyLookup": "fields",
    "column_index": "fields",
    "lookup": "fields",
    "quote": "fields",
    "check_readable": "inputs",
    "detect_format": "inputs",
    "open_input": "inputs",
    "open_problem": "inputs",
    "read_bytes": "inputs",
    "read_text_argument": "inputs",
    "json_objects": "jsonl",
    "ReadOptions": "options",
    "CHINA_TZ": "records",
    "FORMATS": "records",
    "InputError": "records",
    "Record": "records",
    "POSITION_KINDS": "records",
    "Position": "records",
    "Skipped": "records",
    "parse_time": "times",
    "XmlTarget": "xmlstream",
    "stream_xml": "xmlstream",
    "xml_attr": "xmlstream",
})
