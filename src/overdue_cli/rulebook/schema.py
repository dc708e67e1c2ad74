"""The rulebook's fixed vocabulary: verdicts, kinds of source and lender, condition
and situation keys, the labels every command needs, the scan's categories.

Why apart: the loader checks the YAML against these, the engine and the scanner
rank by them, and scripts and the JSON schemas depend on them, so changing one is
a schema change, not a rulebook edit. Plain data; imports nothing of ours.
"""

from __future__ import annotations

from typing import Any

VERDICTS: tuple[str, ...] = ("normal", "limited", "violation", "suspicious", "illegal")
"""Verdicts from least to most severe; the order is the severity order."""

SEVERITY: dict[str, int] = {v: i for i, v in enumerate(VERDICTS)}

AUTHORITIES: tuple[str, ...] = (
    "law",
    "administrative_regulation",
    "regulator_rule",
    "judicial_interpretation",
    "normative_document",
    "national_standard",
    "industry_self_regulation",
    "article",
)
SOURCE_STATUSES = ("primary", "official_page", "secondary", "unverified")

WHEN_KEYS: dict[str, Any] = {
    "days_min": int,
    "days_max": int,
    "hour": ("quiet", "daytime"),
    "calls_per_day_gt": int,
    "attempts_per_day_gt": int,
    "unreachable": bool,
    "lender": "lenders",
    "with_any": "methods",
    "limitation": ("unknown", "open", "running", "possibly_expired", "gap"),
}
"""Conditions a rule may put in ``when``, with the type or values each takes.

``lender``: the rule holds only for these kinds of lender (ids of the ``lenders``
section); ``with_any``: only when one of these other methods was reported too
(an arrest threat beside threats or abuse is harassment, not a lone bluff)."""

LENDER_IDS = ("bank", "credit_card", "consumer_finance", "small_loan", "platform",
              "unlicensed", "unknown")
"""Who lent the money: each lives under different rules and answers to a
different regulator. ``unknown`` is the default and claims nothing."""

SITUATION_KEYS: dict[str, Any] = {
    "days": int,
    "methods": list,
    "hour": int,
    "calls_per_day": int,
    "attempts_per_day": int,
    "unreachable": bool,
    "platform": str,
    "lender": str,
    "today": str,
    "last_due": str,
    "last_contact": str,
}
"""Keys of a worked example's ``situation`` (the same facts ``check`` takes)."""

REQUIRED_UI = (
    "report_title", "days_overdue", "platform", "stage", "stage_note", "normal_now",
    "findings", "method", "verdict", "why", "basis", "conditions", "next_steps", "overall",
    "rule", "also", "see_steps", "name", "also_accepted", "title", "disclaimer", "question",
    "answer", "points", "related_rules", "topics", "explain_hint", "hour", "calls_per_day",
    "attempts_per_day", "unreachable", "answer_yes", "answer_no",
)
REQUIRED_CHECK_UI = (
    "lender", "judged_on", "lender_note", "limitation_title", "limitation_unknown",
    "limitation_open", "limitation_running", "limitation_possibly_expired", "limitation_gap",
)
"""Labels for what `check` says about the lender and the limitation period (optional:
a rulebook without them gets neither section)."""
REQUIRED_INTERVIEW = (
    "intro", "days", "methods", "hour", "calls_per_day", "attempts_per_day", "unreachable",
    "invalid",
)
REQUIRED_SCAN_UI = (
    "scan_title", "message", "excerpt", "categories", "verdict", "summary", "messages",
    "by_verdict", "by_category", "signals_found", "skipped", "read_more", "hidden",
    "evidence", "time", "sender", "none_found", "more_steps", "more_rows", "model_title",
    "model_section", "model_note", "attention", "attention_summary", "notice_advice",
)
REQUIRED_JOURNAL_UI = (
    "title", "journal", "all_platforms", "dates", "all_dates", "date_range", "date_from",
    "date_until", "period", "period_value", "generated", "rulebook", "redaction", "redacted_yes",
    "redacted_no", "no_entries", "totals", "item", "total", "sum", "incoming", "calls",
    "calls_detail", "calls_answered", "calls_unanswered", "answered", "unanswered", "messages",
    "other", "night", "heavy_groups", "third_party", "flagged", "outgoing", "count",
    "count_messages",
    "per_day", "per_week", "per_month", "gap_days", "gap_weeks", "gap_months", "date", "chart",
    "by_hour", "hour", "quiet_column", "quiet_mark", "hour_note", "more_json", "number",
    "over_limit", "limit_calls_per_day_gt", "limit_attempts_per_day_gt", "matched", "text", "note",
    "numbers", "kind", "gateway", "gateway_note", "records", "records_value", "records_heavy",
    "notes", "unanalysed", "odd_times", "platforms", "untagged", "list_title", "no_rows", "time",
    "method", "direction", "dir_in", "dir_out", "outcome", "content", "scan", "outcome_answered",
    "outcome_missed", "outcome_rejected", "outcome_blocked", "outcome_voicemail",
    "outcome_no_answer", "duration_min", "duration_sec", "voided", "void_entry", "reason",
    "time_flag_before_2000", "time_flag_future", "time_warning_before_2000", "time_warning_future",
    "added", "added_void", "attachment", "hash", "import_added", "import_duplicates",
    "import_skipped", "import_filtered", "import_range", "import_odd", "import_again",
    "import_total", "verify_ok", "verify_broken", "verify_before_ok", "head_hash", "attachments_ok",
    "attachments_missing", "attachments_changed",
    "who_called", "per_number", "no_number", "untagged_number", "heavy_note", "law_period",
    "law_day", "lender", "lenders",
)
"""Labels for `overdue log` output (optional: a rulebook without them borrows the
shipped rulebook's)."""
SECTIONS = ("meta", "labels", "sources", "methods", "stages", "actions", "rules", "topics")
"""The sections every rulebook has."""
OPTIONAL_SECTIONS = ("scan", "signals", "lenders")
"""Sections only ``overdue scan`` needs; a rulebook without them still serves check."""
ID_SECTIONS = ("sources", "methods", "stages", "actions", "rules", "topics", "lenders")
"""Sections that are lists of entries with unique ids."""

CATEGORIES: tuple[str, ...] = (
    "reminder", "legal_notice", "threat_violence", "threat_shame", "contacts_disclosure",
    "insult", "impersonation", "fake_legal", "visit_threat", "fee_scam", "debt_relief_tout",
    "harassment_volume", "night_contact",
)
MESSAGE_VERDICTS: tuple[str, ...] = ("lawful", "unlawful", "scam", "unclear")
"""A message's verdict; ``unclear`` means no signal was recognised."""

CATEGORY_VERDICT: dict[str, str] = {
    "reminder": "lawful", "legal_notice": "lawful",
    "fee_scam": "scam", "debt_relief_tout": "scam",
    **{c: "unlawful" for c in CATEGORIES
       if c not in ("reminder", "legal_notice", "fee_scam", "debt_relief_tout")},
}
"""The verdict each category implies (the issue's fixed mapping); checked on load."""

VERDICT_RANK: dict[str, int] = {"unclear": 0, "lawful": 1, "unlawful": 2, "scam": 3}
"""Which signal decides a message: a scam outranks an unlawful threat (do not pay
anyone), which outranks a lawful reminder."""

SIGNAL_WHEN_KEYS = ("hour", "per_sender_day_gt")
"""Conditions a signal may put in ``when``."""
SIGNAL_SCOPES = ("clause", "message")
"""Where a signal's ``requires`` and ``unless`` words are looked for."""
FRAME_WITHIN_MAX = 200
"""The most characters a frame may allow between its parts."""
