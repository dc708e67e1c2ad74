"""The rulebook's fixed vocabulary: verdicts, kinds of source and lender, condition
and situation keys, the sections, the scan's categories.

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

SECTIONS = ("meta", "sources", "methods", "stages", "actions", "rules", "topics")
"""The sections every rulebook has."""
OPTIONAL_SECTIONS = ("scan", "signals", "lenders", "labels")
"""Sections only ``overdue scan`` needs (a rulebook without them still serves check),
and ``labels``: the interface's words come from locale/labels.yaml, and a rulebook's
own ``labels`` replace those key by key."""
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
