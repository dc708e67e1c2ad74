"""`overdue check` and `explain`: the situation, the engine that judges it,
parsing what the user typed, the interview. Imports rulebook/, locale/, text/, errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.check.engine import (
        Assessment,
        Finding,
        Situation,
        add_years,
        assess,
        assess_method,
        fired_rules,
        ordered_steps,
    )
    from overdue_cli.check.examples import (
        assess_example,
        method_gap,
        situation_from,
    )
    from overdue_cli.check.explain import (
        Explanation,
        answer_question,
        explain_topic,
        no_topic,
    )
    from overdue_cli.check.inputs import (
        MAX_DAYS,
        parse_count,
        parse_day,
        parse_days,
        parse_hour,
        parse_lender,
        parse_verdict,
        parse_whole,
        resolve_methods,
        resolve_topic,
    )
    from overdue_cli.check.interview import (
        run_interview,
    )
    from overdue_cli.check.route import (
        Ranked,
        Routed,
        best_topic,
        route_method,
        route_topic,
    )
    from overdue_cli.check.summary import (
        DO_NOW,
        STEP_GROUPS,
        Summary,
        group_steps,
        step_group,
        summarize,
    )

__all__ = [
    "DO_NOW",
    "MAX_DAYS",
    "STEP_GROUPS",
    "Assessment",
    "Explanation",
    "Finding",
    "Ranked",
    "Routed",
    "Situation",
    "Summary",
    "add_years",
    "answer_question",
    "assess",
    "assess_example",
    "assess_method",
    "best_topic",
    "explain_topic",
    "fired_rules",
    "group_steps",
    "method_gap",
    "no_topic",
    "ordered_steps",
    "parse_count",
    "parse_day",
    "parse_days",
    "parse_hour",
    "parse_lender",
    "parse_verdict",
    "parse_whole",
    "resolve_methods",
    "resolve_topic",
    "route_method",
    "route_topic",
    "run_interview",
    "situation_from",
    "step_group",
    "summarize",
]

__getattr__ = exports(__name__, {
    "Assessment": "engine",
    "Finding": "engine",
    "Situation": "engine",
    "add_years": "engine",
    "assess": "engine",
    "assess_method": "engine",
    "fired_rules": "engine",
    "ordered_steps": "engine",
    "assess_example": "examples",
    "method_gap": "examples",
    "situation_from": "examples",
    "Explanation": "explain",
    "explain_topic": "explain",
    "answer_question": "explain",
    "no_topic": "explain",
    "MAX_DAYS": "inputs",
    "parse_count": "inputs",
    "parse_day": "inputs",
    "parse_days": "inputs",
    "parse_hour": "inputs",
    "parse_lender": "inputs",
    "parse_verdict": "inputs",
    "parse_whole": "inputs",
    "resolve_methods": "inputs",
    "resolve_topic": "inputs",
    "run_interview": "interview",
    "Ranked": "route",
    "Routed": "route",
    "best_topic": "route",
    "route_method": "route",
    "route_topic": "route",
    "DO_NOW": "summary",
    "STEP_GROUPS": "summary",
    "Summary": "summary",
    "group_steps": "summary",
    "step_group": "summary",
    "summarize": "summary",
})
