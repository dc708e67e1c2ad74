"""The evidence journal behind ``overdue log`` and ``complaint``: store, imports, report, drafts.
Imports errors, text, readers, rulebook, check, locale and scan (lazily); never cli or render.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.journal.analysis import (
        analyse,
        fingerprint,
        pending,
        recheck,
    )
    from overdue_cli.journal.columns import (
        FIELDS,
        GENESIS,
        SOURCE_FIELDS,
        canonical,
        chain_hash,
        dedupe_key,
        event_values,
    )
    from overdue_cli.journal.complaint import (
        allegation,
        build_context,
        third_person,
    )
    from overdue_cli.journal.complaint_render import (
        CHANNELS,
        COMPLAINT_VERDICTS,
        UNIVERSAL_CHANNELS,
        allegations,
        channel_info,
        render_complaint,
        template_environment,
        tidy,
    )
    from overdue_cli.journal.events import (
        DIRECTIONS,
        IMPORT_FORMATS,
        OUTCOMES,
        UNANSWERED,
        Attachment,
        Event,
        Source,
    )
    from overdue_cli.journal.facts import (
        Contact,
        DayCount,
        Flagged,
        HeavyDay,
        LawPeriod,
        NumberCalls,
        NumberCount,
        Report,
        ReportFinding,
        law_periods,
    )
    from overdue_cli.journal.failures import (
        JournalError,
    )
    from overdue_cli.journal.files import (
        default_path,
        destroy,
        file_sha256,
        resolve_path,
    )
    from overdue_cli.journal.findings import (
        signal_methods,
    )
    from overdue_cli.journal.imports import (
        ImportOptions,
        open_export,
    )
    from overdue_cli.journal.parse import (
        matches_number,
        number_matcher,
        parse_at,
        parse_choice,
        parse_date,
        parse_direction,
        parse_duration,
        parse_outcome,
        parse_tz,
    )
    from overdue_cli.journal.phones import (
        is_gateway,
        mask,
        normalise,
    )
    from overdue_cli.journal.prepare import (
        SKIPS_SHOWN,
        freeze_collector,
        note_skip,
        worth_a_process,
    )
    from overdue_cli.journal.queries import (
        Entry,
        EntryQuery,
        Filter,
        Listing,
    )
    from overdue_cli.journal.redact import (
        Redactor,
    )
    from overdue_cli.journal.report import (
        build,
    )
    from overdue_cli.journal.rows import (
        local_time,
        plausible,
    )
    from overdue_cli.journal.schema import (
        SCHEMA_VERSION,
    )
    from overdue_cli.journal.store import (
        ImportResult,
        Journal,
    )
    from overdue_cli.journal.tally import (
        SAMPLE,
    )
    from overdue_cli.journal.verify import (
        Broken,
        Verification,
    )

__all__ = [
    "CHANNELS",
    "COMPLAINT_VERDICTS",
    "DIRECTIONS",
    "FIELDS",
    "GENESIS",
    "IMPORT_FORMATS",
    "OUTCOMES",
    "SAMPLE",
    "SCHEMA_VERSION",
    "SKIPS_SHOWN",
    "SOURCE_FIELDS",
    "UNANSWERED",
    "UNIVERSAL_CHANNELS",
    "Attachment",
    "Broken",
    "Contact",
    "DayCount",
    "Entry",
    "EntryQuery",
    "Event",
    "Filter",
    "Flagged",
    "HeavyDay",
    "ImportOptions",
    "ImportResult",
    "Journal",
    "JournalError",
    "LawPeriod",
    "Listing",
    "NumberCalls",
    "NumberCount",
    "Redactor",
    "Report",
    "ReportFinding",
    "Source",
    "Verification",
    "allegation",
    "allegations",
    "analyse",
    "build",
    "build_context",
    "canonical",
    "chain_hash",
    "channel_info",
    "dedupe_key",
    "default_path",
    "destroy",
    "event_values",
    "file_sha256",
    "fingerprint",
    "freeze_collector",
    "is_gateway",
    "law_periods",
    "local_time",
    "mask",
    "matches_number",
    "normalise",
    "note_skip",
    "number_matcher",
    "open_export",
    "parse_at",
    "parse_choice",
    "parse_date",
    "parse_direction",
    "parse_duration",
    "parse_outcome",
    "parse_tz",
    "pending",
    "plausible",
    "recheck",
    "render_complaint",
    "resolve_path",
    "signal_methods",
    "template_environment",
    "third_person",
    "tidy",
    "worth_a_process",
]

__getattr__ = exports(__name__, {
    "analyse": "analysis",
    "fingerprint": "analysis",
    "pending": "analysis",
    "recheck": "analysis",
    "FIELDS": "columns",
    "GENESIS": "columns",
    "SOURCE_FIELDS": "columns",
    "canonical": "columns",
    "chain_hash": "columns",
    "dedupe_key": "columns",
    "event_values": "columns",
    "allegation": "complaint",
    "build_context": "complaint",
    "third_person": "complaint",
    "CHANNELS": "complaint_render",
    "COMPLAINT_VERDICTS": "complaint_render",
    "UNIVERSAL_CHANNELS": "complaint_render",
    "allegations": "complaint_render",
    "channel_info": "complaint_render",
    "render_complaint": "complaint_render",
    "template_environment": "complaint_render",
    "tidy": "complaint_render",
    "DIRECTIONS": "events",
    "IMPORT_FORMATS": "events",
    "OUTCOMES": "events",
    "UNANSWERED": "events",
    "Attachment": "events",
    "Event": "events",
    "Source": "events",
    "Contact": "facts",
    "DayCount": "facts",
    "Flagged": "facts",
    "HeavyDay": "facts",
    "LawPeriod": "facts",
    "NumberCalls": "facts",
    "NumberCount": "facts",
    "Report": "facts",
    "ReportFinding": "facts",
    "law_periods": "facts",
    "JournalError": "failures",
    "default_path": "files",
    "destroy": "files",
    "file_sha256": "files",
    "resolve_path": "files",
    "signal_methods": "findings",
    "ImportOptions": "imports",
    "open_export": "imports",
    "matches_number": "parse",
    "number_matcher": "parse",
    "parse_at": "parse",
    "parse_choice": "parse",
    "parse_date": "parse",
    "parse_direction": "parse",
    "parse_duration": "parse",
    "parse_outcome": "parse",
    "parse_tz": "parse",
    "is_gateway": "phones",
    "mask": "phones",
    "normalise": "phones",
    "SKIPS_SHOWN": "prepare",
    "freeze_collector": "prepare",
    "note_skip": "prepare",
    "worth_a_process": "prepare",
    "Entry": "queries",
    "EntryQuery": "queries",
    "Filter": "queries",
    "Listing": "queries",
    "Redactor": "redact",
    "build": "report",
    "local_time": "rows",
    "plausible": "rows",
    "SCHEMA_VERSION": "schema",
    "ImportResult": "store",
    "Journal": "store",
    "SAMPLE": "tally",
    "Broken": "verify",
    "Verification": "verify",
})
