"""A letter from a :class:`LetterInput`: its facts, its text from the templates, the
placeholders left to fill in, and the guidance around it in the user's language.

Why a module of its own: this is where the words come together, and none of them are
here. The letters are Jinja2 templates (``templates/letters/*.j2``, sharing the
complaint drafts' layout macros through ``journal.template_environment``); the names,
required facts, guidance and sending steps are ``letters.yaml`` beside them; the laws
cited are the rulebook's ``sources``. A template cites through ``cite``/``cite_article``,
which refuse an article the rulebook's source does not list, so a letter can cite
nothing the project's legal reference does not back.

jinja2 and PyYAML are imported inside functions: only ``overdue letter`` needs them.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import asdict
from decimal import Decimal
from importlib import resources
from typing import Any

from overdue_cli.letters.inputs import require
from overdue_cli.letters.model import FORMATS, KINDS, Letter, LetterInput
from overdue_cli.locale import Localizer
from overdue_cli.rulebook import Rulebook, Text

_PLACEHOLDER = re.compile(r"【[^【】]*】")
BANKS = ("bank", "credit_card")
"""Lenders a letter calls 贵行 (a bank), not 贵司 (a company)."""


@functools.cache
def letter_catalogue() -> dict[str, Any]:
    """``templates/letters/letters.yaml``, parsed once and checked for every letter."""
    import yaml

    path = resources.files("overdue_cli") / "templates" / "letters" / "letters.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("letters"), dict):
        raise ValueError("letters.yaml: expected a mapping with `letters`")
    for kind in KINDS:
        item = data["letters"].get(kind)
        if not isinstance(item, dict):
            raise ValueError(f"letters.yaml: letter {kind!r} is missing")
        for key in ("title", "name", "summary", "required", "guidance", "send"):
            if key not in item:
                raise ValueError(f"letters.yaml: letter {kind!r} lacks {key}")
    return data


def _text(item: Mapping[str, Any]) -> Text:
    return Text(str(item["zh"]), str(item["en"]))


def _applies(item: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    """A guidance item's ``when:``: every fact it names has one of the values listed."""
    return all(facts.get(key) in values for key, values in (item.get("when") or {}).items())


def _money(value: Decimal | None) -> str | None:
    """38000 -> 38,000; 1200.5 -> 1,200.50 (yuan, as a letter writes them)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def article_allowed(book: Rulebook, source: str, article: str | None) -> bool:
    """Whether the rulebook lists ``source`` and, when given, ``article`` under it."""
    item = book.sources.get(source)
    if item is None:
        return False
    return article is None or article in (item.articles or ())


def _citer(book: Rulebook, cited: list[dict[str, Any]]) -> tuple[Any, Any]:
    """The templates' ``cite(source, article)`` (title and article) and
    ``cite_article(source, article)`` (the article alone), each refusing what the
    rulebook does not list, and recording what was cited for the JSON."""
    zh = Localizer("zh-Hans")

    def check(source: str, article: str | None) -> str:
        if not article_allowed(book, source, article):
            raise ValueError(f"letter cites {source} {article or ''}: not in the rulebook's "
                             "sources (data/rules.yaml)")
        item = book.sources[source]
        entry = {"source_id": source, "article": article, "status": item.status}
        if entry not in cited:
            cited.append(entry)
        return zh(item.title) or source

    def cite(source: str, article: str | None = None) -> str:
        return check(source, article) + (article or "")

    def cite_article(source: str, article: str) -> str:
        check(source, article)
        return article

    return cite, cite_article


def facts_of(inp: LetterInput, book: Rulebook) -> dict[str, Any]:
    """The facts a letter's template reads (and the JSON shows): plain values only."""
    data = letter_catalogue()["letters"][inp.kind]
    lender = inp.lender or "unknown"
    item = book.lenders.get(lender)
    months = (math.ceil(inp.owed / inp.can_pay) if inp.owed and inp.can_pay else None)
    max_months = int(data.get("max_months", 0)) or None
    return {
        "kind": inp.kind,
        "today": inp.today.isoformat(),
        "platform": inp.platform,
        "lender": lender,
        "lender_name": Localizer("zh-Hans")(item.name) if item else None,
        "bank": lender in BANKS,
        "owed": _money(inp.owed),
        "can_pay": _money(inp.can_pay),
        "months": months,
        "over_max": bool(months and max_months and months > max_months),
        "one_off": months == 1,
        "reason": inp.reason,
        "item": inp.item,
        "to": inp.to,
        "requests": list(inp.requests),
        "reach": inp.reach,
        "hours": inp.hours,
        "journal": inp.contacts is not None,
        "contacts": [asdict(c) for c in inp.contacts or ()],
        "contacts_total": inp.contacts_total,
        "tz": inp.tz,
    }


def render_letter(kind: str, facts: Mapping[str, Any], book: Rulebook,
                  fmt: str = "markdown") -> tuple[str, list[dict[str, Any]]]:
    """The letter's text (Simplified Chinese) and what it cited. Raises ValueError for an
    unknown letter or format, or a citation the rulebook does not hold."""
    if kind not in KINDS:
        raise ValueError(f"unknown letter {kind!r}; expected one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    from overdue_cli.journal import template_environment, tidy

    cited: list[dict[str, Any]] = []
    cite, cite_article = _citer(book, cited)
    template = template_environment("letters", "complaint").get_template(f"{kind}.j2")
    text = template.render(f=dict(facts), fmt=fmt, cite=cite, cite_article=cite_article)
    return tidy(text), cited


def build_letter(inp: LetterInput, book: Rulebook, *, fmt: str = "markdown",
                 lang: str = "zh-Hans") -> Letter:
    """The letter ``inp`` asks for. Raises UsageProblem (exit 2) naming every required
    fact not given; the guidance and sending steps are in ``lang``."""
    catalogue = letter_catalogue()
    data = catalogue["letters"][inp.kind]
    require(inp.kind, tuple(data["required"]), asdict(inp))
    facts = facts_of(inp, book)
    text, cited = render_letter(inp.kind, facts, book, fmt)
    loc = Localizer(lang)
    title = str(data["title"])
    guidance = tuple(loc(_text(g)) or "" for g in data["guidance"] if _applies(g, facts))
    method = "mail"
    steps = [*catalogue["send"], *(s for s in data["send"] if _applies(s, facts))]
    platform = inp.platform or "【平台名称】"
    send = tuple((loc(_text(s)) or "").replace("{method}", method)
                 .replace("{platform}", _shell_word(platform)).replace("{title}", title)
                 for s in steps)
    placeholders = tuple(dict.fromkeys(_PLACEHOLDER.findall(text)))
    return Letter(kind=inp.kind, title=title, name=loc(_text(data["name"])) or inp.kind,
                  format=fmt, lang=lang, facts=facts, text=text, placeholders=placeholders,
                  guidance=guidance, send=send, citations=tuple(cited),
                  labels={key: loc(_text(value)) or key
                          for key, value in catalogue.get("labels", {}).items()})


def _shell_word(word: str) -> str:
    """A platform name as one shell word in the logging command shown to the user."""
    return word if re.fullmatch(r"[\w\u4e00-\u9fff【】.-]+", word) else "'" + \
        word.replace("'", "'\\''") + "'"


def catalogue_entries(lang: str) -> list[dict[str, str]]:
    """``overdue letter list``: each letter's id, title, name and summary in ``lang``."""
    loc = Localizer(lang)
    letters = letter_catalogue()["letters"]
    return [{"id": kind, "title": loc.chinese(str(letters[kind]["title"])),
             "name": loc(_text(letters[kind]["name"])) or kind,
             "summary": loc(_text(letters[kind]["summary"])) or ""} for kind in KINDS]
