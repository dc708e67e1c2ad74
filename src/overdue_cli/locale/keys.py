"""Every label key the code looks up, per group of the catalogue (labels.yaml).

Why apart: these lists are the catalogue's completeness check: the loader
refuses a catalogue that lacks one of them in either language, and the tests
hold the code's lookups to them. The groups keyed by the rulebook's own ids
(verdicts, authorities, categories, message verdicts) are not listed here: the
rulebook hands its vocabulary in. Plain data; imports nothing of ours.
"""

from __future__ import annotations

UI_KEYS: tuple[str, ...] = (
    "report_title", "days_overdue", "platform", "stage", "stage_note", "normal_now",
    "findings", "method", "verdict", "why", "basis", "conditions", "next_steps", "overall",
    "rule", "also", "see_steps", "name", "also_accepted", "title", "disclaimer", "question",
    "answer", "points", "related_rules", "topics", "explain_hint", "hour", "calls_per_day",
    "attempts_per_day", "unreachable", "answer_yes", "answer_no", "routed_from", "also_ask",
    "no_topic", "topic_choices", "explain_free_hint",
    # check's opening summary and its grouped next steps (check.summary.STEP_GROUPS)
    "summary_title", "summary_illegal", "summary_suspicious", "summary_violation",
    "summary_none", "summary_unjudged", "do_now", "step_for", "step_group_protect",
    "step_group_evidence", "step_group_complain", "step_group_check", "step_group_settle",
    "brief_hint",
)
"""Headings and words of `check` and `explain` reports, and the interview's yes/no."""

CHECK_KEYS: tuple[str, ...] = (
    "lender", "judged_on", "lender_note", "limitation_title", "limitation_unknown",
    "limitation_open", "limitation_running", "limitation_possibly_expired", "limitation_gap",
)
"""What `check` says about the lender, the day judged and the limitation period."""

INTERVIEW_KEYS: tuple[str, ...] = (
    "intro", "days", "methods", "hour", "calls_per_day", "attempts_per_day", "unreachable",
    "invalid", "which_method", "which_number", "followup", "followup_pick", "platform",
    "lender_intro", "lender", "limitation_why", "last_due", "last_contact",
    "limitation_unknown", "limitation_open",
)
"""The questions `check --interactive` asks, its answer for a reply it cannot read, and
the limitation paragraphs an interviewed borrower reads instead of the ones that name
the --last-due and --last-contact flags."""

SCAN_KEYS: tuple[str, ...] = (
    "scan_title", "message", "excerpt", "categories", "verdict", "summary", "messages",
    "by_verdict", "by_category", "signals_found", "skipped", "read_more", "hidden",
    "evidence", "time", "sender", "none_found", "more_rows", "model_title",
    "model_section", "model_note", "attention", "attention_summary", "notice_advice",
)
"""Headings and words of `overdue scan` reports."""

JOURNAL_KEYS: tuple[str, ...] = (
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
"""`overdue log` output: reports, lists, imports, corrections, verification."""

HTML_KEYS: tuple[str, ...] = (
    "complaint_title", "appendix", "appendix_intro", "contacts", "quiet_hours", "quiet_note",
    "gap_note",
    "evidence", "evidence_intro", "evidence_more", "listed_for", "reason_third", "chain",
)
"""The HTML pages' own words (``log report --format html``, ``complaint --format
html``); everything else on them is the ``journal`` group's."""

RATE_KEYS: tuple[str, ...] = (
    "title", "cost_simple", "cost_simple_note", "cost", "cost_ear",
    "cost_huge", "lender", "signed", "lines_title", "above", "not_above",
    "no_rate", "not_applicable", "deducted", "summary_title", "above_line", "none_above",
    "supported", "supported_one", "supported_none", "supported_unclear_unknown",
    "supported_unclear_void", "supported_unclear_old_rules", "supported_unclear_licensed",
    "supported_unclear_needs_date", "supported_unclear_all_old_rules", "rate_lpr_all_old_rules",
    "above_line_marginal", "above_line_any_day", "above_line_depends", "signed_missing",
    "next_complain_cost",
    "supported_unclear_licensed_none", "above_void_only", "next_police_cost", "cite_reading_24",
    "excess_title", "excess_line", "excess_note", "line_void_contract", "excess_void",
    "line_lpr4", "line_court_24",
    "line_cash_loan_36", "line_illegal_lending_36", "basis", "flows_title", "day",
    "received_col", "paid_col", "what_col", "flow_received", "flow_fee", "flow_instalment",
    "flow_repayment", "flow_payment", "flow_paid", "flow_late_fee", "flow_late_fee_assumed",
    "late_fee_assumed_note", "total_paid", "next_title", "next_keep", "next_explain",
    "rate_line_lpr4", "rate_line_void_contract", "rate_line_court_24", "rate_line_cash_loan_36",
    "rate_line_illegal_lending_36", "rate_depends_on_lender", "rate_lpr_given",
    "rate_lpr_needs_date", "rate_lpr_before_series", "rate_lpr_stale", "rate_lpr_old_rules",
    "rate_ask_lpr_stale", "rate_ask_lpr_needs_date",
)
"""`overdue rate`'s own words, the lines' texts among them (named by rate/lpr.yaml and
rate/law.py): a rate run reads no CLI catalogue, which costs start-up time."""

STATUS_KEYS: tuple[str, ...] = ("secondary", "unverified")
"""How a citation's standing is said beside it (a source's ``status``; ``primary``
and ``official_page`` need no word)."""

VOCABULARY_GROUPS: tuple[str, ...] = ("verdicts", "authorities", "categories",
                                      "message_verdicts")
"""Groups keyed by the rulebook's ids (a verdict, a kind of source, a scan category,
a message verdict): the rulebook hands in which keys each must have."""

GROUP_KEYS: dict[str, tuple[str, ...]] = {
    "statuses": STATUS_KEYS,
    "check": CHECK_KEYS,
    "ui": UI_KEYS,
    "scan": SCAN_KEYS,
    "journal": JOURNAL_KEYS,
    "interview": INTERVIEW_KEYS,
    "html": HTML_KEYS,
    "rate": RATE_KEYS,
}
"""The interface's own groups and the keys each must have."""

GROUPS: tuple[str, ...] = ("verdicts", "statuses", "authorities", "check", "ui", "categories",
                           "message_verdicts", "scan", "journal", "interview", "html", "rate")
"""Every group of the catalogue, in the catalogue's order."""
