"""The rulebook's words as an interviewed borrower reads them: without the flags.

Why apart: the rulebook is written for the command line, so a few sentences name a
flag ("最后一期到期日（--last-due）") or send the user back to run ``check`` again
("请加上 --unreachable 再查", "请选择 call_bombing 再查"). The interview asks those
questions itself, so its report must not tell anyone to add a flag; flags-mode
output keeps every word. The engine applies this to an interviewed Situation's
findings and stage; the interview reads ``sends_back`` to know what to ask.
"""

from __future__ import annotations

import re
from dataclasses import replace

from overdue_cli.rulebook import Rule, Stage, Text

_FLAG_NOTE = re.compile(r"\s*[（(](?:见\s*|see\s+)?--[a-z][a-z-]*(?:\s+[a-z_]+)?[）)]")
"""A flag named in brackets after the thing it gives: "（--last-due）", "(see --lender
credit_card)". The sentence reads whole without it."""


def unflagged(text: Text) -> Text:
    """``text`` with the bracketed flag names taken out."""
    zh, en = _FLAG_NOTE.sub("", text.zh), _FLAG_NOTE.sub("", text.en)
    return text if (zh, en) == (text.zh, text.en) else Text(zh, en)


def sends_back(condition: Text) -> bool:
    """A condition that sends a flags user back to run ``check`` again, with a flag or
    as another method: the rulebook writes these with 再查, or with a flag that is
    more than a bracketed note. The interview asks them as questions."""
    rest = unflagged(condition)
    return "再查" in rest.zh or "--" in rest.zh or "--" in rest.en


def as_interviewed(rule: Rule) -> Rule:
    """``rule`` as an interviewed borrower reads it: the conditions that send a flags
    user back left out (the interview asked them), bracketed flag names taken out."""
    kept = tuple(unflagged(c) for c in rule.conditions if not sends_back(c))
    return rule if kept == rule.conditions else replace(rule, conditions=kept)


def stage_as_interviewed(stage: Stage) -> Stage:
    """``stage`` without the flag names in its summary."""
    summary = unflagged(stage.summary)
    return stage if summary is stage.summary else replace(stage, summary=summary)
