"""Output language: choosing it, and turning a rulebook Text into a string.

zh-Hant is derived from the zh text with OpenCC (Taiwan standard characters),
so the rulebook is written once. OpenCC is imported only when zh-Hant output or
a Traditional-Chinese input actually needs it: loading a converter costs more
than the rest of a `check`. The wheel's pickled rulebook carries every zh text
of the rulebook and the label catalogue already converted at build time (see
rulebook/load.py); ``to_traditional`` looks there first, so a zh-Hant run of the
shipped rulebook never loads OpenCC.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from overdue_cli.errors import UsageProblem
from overdue_cli.text import closest, fold_key

LANGS = ("zh-Hans", "zh-Hant", "en")
DEFAULT_LANG = "zh-Hans"
ENV_LANG = "OVERDUE_LANG"

_LANG_ALIASES = {
    "zh-Hans": ["zh", "zhhans", "zhcn", "zhsg", "cn", "chs", "简体", "简体中文", "中文",
                "simplified"],
    "zh-Hant": ["zhhant", "zhtw", "zhhk", "zhmo", "tw", "hk", "cht", "繁体", "繁體", "繁體中文",
                "traditional"],
    "en": ["english", "enus", "engb", "英文", "英语"],
}
_LANG_INDEX = {
    fold_key(alias): lang for lang, aliases in _LANG_ALIASES.items() for alias in aliases
}
_LANG_INDEX.update({fold_key(lang): lang for lang in LANGS})


def resolve_lang(value: str | None, env_value: str | None = None) -> str:
    """--lang, else ``env_value`` (what $OVERDUE_LANG holds, handed in by the CLI's
    Environment), else zh-Hans; unknown values are a usage error."""
    source = "--lang"
    if value is None:
        value = env_value or None
        source = ENV_LANG
    if value is None:
        return DEFAULT_LANG
    lang = _LANG_INDEX.get(fold_key(value))
    if lang is None:
        near = closest(value, list(LANGS), 1)
        raise UsageProblem(
            f"unknown language '{value}' in {source} (不支持的语言)",
            "use one of: " + ", ".join(LANGS) + _did_you_mean(value, list(LANGS)),
            key="unknown_language", hint_key="use_one_of_mean" if near else "use_one_of",
            params={"value": value, "source": source, "choices": ", ".join(LANGS),
                    "word": near[0] if near else ""},
        )
    return lang


def locale_lang(environ: Mapping[str, str]) -> str | None:
    """The output language the system locale asks for, if it names one.

    POSIX order: ``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``. ``zh_TW``, ``zh_HK``
    and ``zh_MO`` (or a ``Hant`` script) are Traditional, any other ``zh`` is
    Simplified, any other language is English; ``C``, ``POSIX`` and an unset locale
    name none, so the default (zh-Hans) holds.
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            break
    else:
        return None
    tag = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").lower()
    if tag in ("c", "posix", ""):
        return None
    if tag.startswith("zh"):
        traditional = any(part in tag for part in ("_tw", "_hk", "_mo", "hant"))
        return "zh-Hant" if traditional else "zh-Hans"
    return "en"


def _did_you_mean(value: str, options: list[str]) -> str:
    hits = closest(value, options, 1)
    return f" (did you mean '{hits[0]}'?)" if hits else ""


@functools.lru_cache(maxsize=4)
def _converter(config: str) -> Any:
    try:
        import opencc
    except ImportError as exc:  # a broken install; the package depends on opencc
        raise UsageProblem(
            "Traditional Chinese needs the 'opencc' package, which is not installed",
            "reinstall overdue-cli, or use --lang zh-Hans / --lang en",
            key="opencc_missing", hint_key="opencc_missing_hint",
        ) from exc

    return opencc.OpenCC(config)


_TRADITIONAL: dict[str, str] = {}
_PENDING: list[Callable[[], Mapping[str, str]]] = []
"""zh text -> its zh-Hant form, converted ahead of time (``add_traditional``)."""


def add_traditional(table: Mapping[str, str] | Callable[[], Mapping[str, str]]) -> None:
    """Make ``table`` ({zh text: what OpenCC s2tw makes of it}) known to
    ``to_traditional``. The conversion is a pure function of the text, so a table
    built at wheel build time holds for any rulebook that uses the same texts.
    A callable is called only when a text is first converted: a run in zh-Hans or
    English never unpickles the table."""
    if callable(table):
        _PENDING.append(table)
    else:
        _TRADITIONAL.update(table)


def to_traditional(text: str) -> str:
    """Simplified -> Traditional (Taiwan standard characters), as OpenCC's s2tw does."""
    while _PENDING:
        _TRADITIONAL.update(_PENDING.pop()())
    known = _TRADITIONAL.get(text)
    return known if known is not None else opencc_traditional(text)


@functools.lru_cache(maxsize=4096)
def opencc_traditional(text: str) -> str:
    """``to_traditional`` by OpenCC itself, for a text no table holds (and to build
    the tables: see rulebook/load.py)."""
    converted: str = _converter("s2tw").convert(text)
    return converted


@functools.lru_cache(maxsize=1024)
def to_simplified(text: str, config: str = "t2s") -> str:
    """Traditional -> Simplified; ``tw2sp`` also maps Taiwan phrases to mainland ones."""
    converted: str = _converter(config).convert(text)
    return converted


class Bilingual(Protocol):
    """A text in Simplified Chinese and English (the rulebook's ``Text``).

    Named by its shape, not imported: the rulebook folds Traditional input with
    ``to_simplified``, so this module may not import the rulebook back."""

    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...


class Localizer:
    """Picks the string for one language from a Text (callable: ``loc(text)``)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, text: Bilingual | None) -> str | None:
        if text is None:
            return None
        if self.lang == "en":
            return text.en
        if self.lang == "zh-Hant":
            return to_traditional(text.zh)
        return text.zh

    def chinese(self, text: str) -> str:
        """A Chinese-only string (an article as cited): Traditional for zh-Hant, else as is."""
        return to_traditional(text) if self.lang == "zh-Hant" else text


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_NUM = r"([0-9]+|[零一二两三四五六七八九十百]+)"
_ARTICLE_PARTS = [
    (re.compile(rf"第{_NUM}条之一"), "Art. {}-1"),
    (re.compile(rf"第{_NUM}条"), "Art. {}"),
    (re.compile(rf"第{_NUM}款"), "para. {}"),
    (re.compile(rf"第[（(]{_NUM}[）)]项"), "item ({})"),
    (re.compile(rf"第{_NUM}章"), "Chapter {}"),
]


def _number(text: str) -> int:
    """'22', '二十二', '十', '一百零五' -> int (the forms article numbers use)."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[char]
    return total + current


def _spelled(template: str, m: re.Match[str]) -> str:
    """An article part's number in ``template`` (``Art. {}``), spaced apart."""
    return " " + template.format(_number(m.group(1))) + " "


def article_in_english(article: str) -> str:
    """'第50条第1款第（五）项' -> 'Art. 50 para. 1 item (5)', for English readers.

    Only the numbering is translated; anything else (a clause title) is kept.
    JSON keeps the article exactly as cited.
    """
    text = article
    for pattern, template in _ARTICLE_PARTS:
        text = pattern.sub(functools.partial(_spelled, template), text)
    text = text.replace("、", ", ")
    return re.sub(r"\s+", " ", re.sub(r"\s+,", ",", text)).strip()
