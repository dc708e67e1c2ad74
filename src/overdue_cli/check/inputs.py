"""Parsing what the user typed (flags or interview answers) into checked values.

Each parser either returns a clean value or raises UsageProblem with one line
saying what was wrong and a hint with the closest valid value. Nothing is
silently changed: a word we cannot place is an error, never dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import overload

from overdue_cli.errors import UsageProblem, cut
from overdue_cli.rulebook import SEVERITY, VERDICTS, Rulebook
from overdue_cli.text import closest, fold_key, has_cjk, numbers, text_safe

_WHOLE = re.compile(r"[+-]?[0-9]+")


@overload
def parse_whole(value: str | int, flag: str, zh: str, *, low: int = 0,
                high: int | None = None, example: str = "") -> int: ...
@overload
def parse_whole(value: None, flag: str, zh: str, *, low: int = 0,
                high: int | None = None, example: str = "") -> None: ...
@overload
def parse_whole(value: str | int | None, flag: str, zh: str, *, low: int = 0,
                high: int | None = None, example: str = "") -> int | None: ...
def parse_whole(value: str | int | None, flag: str, zh: str, *, low: int = 0,
                high: int | None = None, example: str = "") -> int | None:
    """A whole number within [low, high]; None when not given."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()  # full-width digits are digits
    if not _WHOLE.fullmatch(text):
        raise UsageProblem(
            f"{flag} needs a whole number, got '{cut(str(value), 24)}' ({zh}须为整数)",
            f"for example: {flag} {example or low}",
            key="whole_number", hint_key="for_example",
            params={"flag": flag, "name": zh, "value": cut(str(value), 24),
                    "example": f"{flag} {example or low}"},
        )
    digits = text.lstrip("+-").lstrip("0")
    # int() refuses 4,300 digits and more; no real count needs more than a few.
    number = int(text) if len(digits) <= 18 else (-1 if text.startswith("-") else 1) * 10 ** 18
    if number < low or (high is not None and number > high):
        span = f"{low}-{high}" if high is not None else f"{low} or more"
        raise UsageProblem(
            f"{flag} must be {span}, got {cut(text, 24)} ({zh}超出范围)",
            f"for example: {flag} {example or low}",
            key="number_range" if high is not None else "number_at_least",
            hint_key="for_example",
            params={"flag": flag, "name": zh, "value": cut(text, 24), "low": low, "high": high,
                    "example": f"{flag} {example or low}"},
        )
    return number


MAX_DAYS = 36_500
"""A hundred years: more days overdue than that is a typing slip, not a debt."""
MAX_COUNT = 10_000
"""Calls or attempts in one day: 10,000 is one every nine seconds, around the clock."""


@overload
def parse_days(value: str | int) -> int: ...
@overload
def parse_days(value: None) -> None: ...
@overload
def parse_days(value: str | int | None) -> int | None: ...
def parse_days(value: str | int | None) -> int | None:
    """Days overdue: 45, 四十五天, 两个月 (a month is 30 days), 一年半."""
    return parse_whole(_as_said(value, numbers.days), "--days", "逾期天数", high=MAX_DAYS,
                       example="30")


def parse_hour(value: str | int | None) -> int | None:
    """0-23; also the hour a time names: '23:40', '23点', '晚上11点', '凌晨两点'."""
    return parse_whole(_as_said(value, numbers.clock_hour), "--hour", "小时", high=23,
                       example="23")


def parse_count(value: str | int | None, flag: str) -> int | None:
    """How many a day: 4, 四次, 五六个 (5: only what the words make sure of)."""
    return parse_whole(_as_said(value, numbers.count), flag, "次数", high=MAX_COUNT,
                       example="4")


def _as_said(value: str | int | None, read: Callable[[str], int | None]) -> str | int | None:
    """``value`` as a number when it is written the way people say it; else unchanged,
    so a plain number, and anything unreadable, gets parse_whole's own answer."""
    if isinstance(value, str) and not _WHOLE.fullmatch(unicodedata.normalize("NFKC", value)
                                                        .strip()):
        number = read(value)
        if number is not None:
            return number
    return value


def parse_verdict(value: str | None) -> str | None:
    if value is None:
        return None
    verdict = value.strip().lower()
    if verdict not in VERDICTS:
        hint = closest(value, list(VERDICTS), 1)
        raise UsageProblem(
            f"--fail-on takes a verdict, got '{value}' (无效的判断级别)",
            "one of: " + ", ".join(VERDICTS) + (f" (did you mean '{hint[0]}'?)" if hint else ""),
            key="fail_on_verdict", hint_key="one_of_mean" if hint else "one_of",
            params={"value": value, "choices": ", ".join(VERDICTS),
                    "word": hint[0] if hint else ""},
        )
    return verdict


@dataclass(frozen=True)
class Note:
    """Something to tell the user about how their words were read: ``key`` names
    its text in the CLI's message catalogue (``locale/cli.yaml``), ``params`` fill
    it in (``method`` is an id: the CLI adds its localised ``name``); ``text`` is
    the English, for logs and tests."""

    key: str
    params: Mapping[str, str]
    text: str

    def __str__(self) -> str:
        return self.text

    def __contains__(self, part: str) -> bool:
        return part in self.text


@dataclass(frozen=True)
class Resolved:
    """Canonical ids in request order, plus notes on inputs that were merged."""

    ids: tuple[str, ...]
    notes: tuple[Note, ...]


def lookup(index: Mapping[str, str], word: str) -> str | None:
    """Find a word by id or alias; retry Traditional input converted to Simplified.

    Two conversions are tried: character by character (t2s), then with Taiwan
    phrases mapped to mainland ones (tw2sp: 簡訊 -> 短信). OpenCC is loaded only
    for a word that missed, so the common case never pays for it.
    """
    hit = index.get(fold_key(word))
    if hit is None and has_cjk(word):
        from overdue_cli.locale import to_simplified

        for config in ("t2s", "tw2sp"):
            hit = index.get(fold_key(to_simplified(word, config)))
            if hit is not None:
                break
    return hit


def resolve_methods(book: Rulebook, words: list[str]) -> Resolved:
    """Method ids for the user's words (ids, aliases, zh/zh-Hant/en); errors name the word.

    A phrase that is no id or alias (``打电话给我妈``) is routed against the methods'
    names, aliases and keywords (:func:`read_phrase`), and what it was read as is
    said in a note.
    """
    ids: list[str] = []
    notes: list[Note] = []
    typed: dict[str, str] = {}
    for raw in words:
        for word in _split(raw):
            method = lookup(book.method_index, word)
            if method is None and (choices := book.ambiguous_methods(fold_key(word))):
                names = "; ".join(f"{c} = {book.methods[c].name.zh} / {book.methods[c].name.en}"
                                  for c in choices)
                raise UsageProblem(
                    f"'{word}' could mean more than one method (有多种含义，请选一个)",
                    f"name one of: {names}", key="method_ambiguous",
                    hint_key="method_name_one",
                    params={"word": word, "names": names, **_names_by_language(book, choices)})
            if method is None:
                method = read_phrase(book, word)
                name = book.methods[method].name
                notes.append(Note(
                    "method_read_as", {"word": cut(word, 40), "method": method},
                    f"'{cut(word, 40)}' read as {method} ({name.zh} / {name.en}); "
                    f"if you meant another method, name it with --method"))
            if method not in ids:
                ids.append(method)
                typed[method] = word
            elif fold_key(typed[method]) != fold_key(word):
                notes.append(Note(
                    "method_same", {"word": cut(word, 40), "first": cut(typed[method], 40),
                                    "method": method},
                    f"'{cut(word, 40)}' and '{cut(typed[method], 40)}' are the same "
                    f"method ({method}); it is listed once"))
    return Resolved(tuple(ids), tuple(notes))


def _names_by_language(book: Rulebook, methods: Iterable[str]) -> dict[str, str]:
    """``names_zh`` / ``names_en``: "id（name）" for each method, for a hint that names
    them in the user's language only."""
    ids = list(methods)
    return {"names_zh": "；".join(f"{m}（{book.methods[m].name.zh}）" for m in ids),
            "names_en": "; ".join(f"{m} ({book.methods[m].name.en})" for m in ids)}


def baseline_verdict(book: Rulebook, method: str) -> str:
    """The verdict on ``method`` in a plain situation (30 days overdue, nothing else
    known): how the candidates for an unclear phrase are compared."""
    from overdue_cli.check.engine import Situation, assess_method

    return assess_method(book, Situation(days_overdue=30, methods=(method,)), method).verdict


def read_phrase(book: Rulebook, word: str) -> str:
    """The method a phrase that is no id or alias names, never the milder guess.

    The phrase is routed against the methods (``check.route``): ``打电话给我妈`` is a
    call to a third party (contacts), not an ordinary call. The best candidate is
    taken only when no other candidate that fits (FITS of its score) draws a
    stricter verdict in a plain situation; otherwise the user is asked to choose
    between the two. Nothing fits: the usual unknown-method error.
    """
    from overdue_cli.check.route import FITS, THRESHOLD, route_method

    # a single Latin word that is no alias is most likely a slip ('contact', 'adress_book'):
    # spelling hints serve it better than a guess at its meaning
    phrase = has_cjk(word) or len(word.split()) > 1
    routed = route_method(book, word) if phrase else None
    if routed is None or routed.best is None:
        raise unknown_word(book.method_index, word, "method", "催收方式", "overdue methods",
                           rank=lambda m: -SEVERITY[baseline_verdict(book, m)])
    top = routed.ranked[0]
    fits = [r.id for r in routed.ranked if r.score >= max(THRESHOLD, FITS * top.score)]
    stricter = max(fits, key=lambda m: SEVERITY[baseline_verdict(book, m)])
    if SEVERITY[baseline_verdict(book, stricter)] > SEVERITY[baseline_verdict(book, top.id)]:
        names = "; ".join(f"{m} = {book.methods[m].name.zh} / {book.methods[m].name.en}"
                          for m in (stricter, top.id))
        raise UsageProblem(
            f"'{cut(word, 40)}' could be {stricter} or {top.id} (不确定是哪种催收方式，请选一个)",
            f"name one with --method: {names}", key="method_could_be",
            hint_key="method_name_with", params={
                "word": cut(word, 40), "stricter": stricter, "other": top.id, "names": names,
                **_names_by_language(book, (stricter, top.id))})
    return top.id


def resolve_topic(book: Rulebook, word: str) -> str:
    topic = lookup(book.topic_index, word)
    if topic is None:
        raise unknown_word(book.topic_index, word, "topic", "话题", "overdue explain")
    return topic


def unknown_word(index: Mapping[str, str], word: str, what: str, zh: str,
                 listing: str, rank: Callable[[str], int] | None = None) -> UsageProblem:
    """The error for a word that names nothing: the closest ids as a hint (``rank``:
    their order, stable; methods put the strictest verdict first, so a milder
    method is never offered ahead of a stricter one)."""
    suggestions = list(dict.fromkeys(index[fold_key(k)] for k in closest(word, list(index), 5)))[:3]
    if rank is not None:
        suggestions.sort(key=rank)
    hint = f"did you mean: {', '.join(suggestions)}? " if suggestions else ""
    return UsageProblem(f"unknown {what} '{cut(word, 40)}' (未知的{zh})",
                        f"{hint}run `{listing}` to list them all",
                        key="unknown_method" if what == "method" else "unknown_topic",
                        hint_key="list_them_mean" if suggestions else "list_them",
                        params={"word": cut(word, 40), "listing": listing,
                                "suggestions": ", ".join(suggestions)})


def _split(raw: str) -> list[str]:
    """'sms,call' and 'sms、call' name two methods; blanks are an error, not dropped."""
    parts = [p.strip() for p in raw.replace("，", ",").replace("、", ",").split(",")]
    if any(not p for p in parts):
        raise UsageProblem(f"empty method name in '{raw}' (催收方式不能为空)",
                           "for example: --method sms --method call", key="empty_method",
                           hint_key="for_example",
                           params={"raw": raw, "example": "--method sms --method call"})
    return parts


FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2099, 12, 31)
"""The days a date flag takes (as the journal's times): no loan law is older, and
three years after the last day still fits the calendar."""


def parse_day(value: str | None, flag: str, today: date | None = None) -> date | None:
    """A calendar day as people write it (text/dates.py reads it, as it reads ``log add
    --at``): 2026-11-01, 2026/11/1, 2026.11.1, 2026年11月1日, 11月1号, today/今天,
    yesterday/昨天, 前天, 3天前, 上周五; between 1970 and 2099."""
    if value is None:
        return None
    shown = text_safe(cut(value, 40))
    try:
        from overdue_cli.text import dates  # (only for a date: its patterns cost a few ms)

        day = dates.read_day(value, today or date.today())
    except ValueError as problem:  # dates.DateProblem
        reason = getattr(problem, "reason", None)
        if reason == dates.TIME_NOT_DAY:
            raise UsageProblem(f"{flag} takes a day, not a time: '{shown}' "
                               "(只需要日期，不需要时间)", f"e.g. {flag} 2026-11-01",
                               key="day_not_time", hint_key="eg_day",
                               params={"flag": flag, "value": shown}) from None
        if reason == dates.NO_SUCH_DAY:
            raise UsageProblem(f"{flag}: there is no such day as '{shown}' (日期不存在)",
                               f"e.g. {flag} 2026-11-01", key="no_such_day",
                               hint_key="eg_day", params={"flag": flag, "value": shown}) from None
        raise UsageProblem(f"{flag}: cannot read '{shown}' as a date (无法识别的日期)",
                           f"e.g. {flag} 2026-11-01 or {flag} 2026年11月1日",
                           key="bad_date", hint_key="eg_day_cn",
                           params={"flag": flag, "value": shown}) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise UsageProblem(f"{flag}: {day.isoformat()} is outside 1970-2099 (日期超出范围)",
                           f"e.g. {flag} 2026-11-01", key="day_range", hint_key="eg_day",
                           params={"flag": flag, "value": day.isoformat()})

    return day


def parse_lender(book: Rulebook, value: str | None, lang: str | None = None) -> str:
    """A lender kind from an id or an alias (信用卡、消金、小贷、高利贷、714); default
    unknown. Anything else is one line (exit 2) in the user's language, with the choices."""
    if value is None:
        return "unknown"
    found = book.lender_id(value) if value.strip() else None
    if found is not None:
        return found
    from overdue_cli.locale import Localizer, resolve_lang
    from overdue_cli.text import text_safe

    loc = Localizer(resolve_lang(lang))
    english = loc.lang == "en"
    shown = text_safe(cut(value.strip(), 40))
    if not book.lenders:
        raise UsageProblem(
            f"--lender: this rulebook lists no kinds of lender ({book.shown_path})" if english
            else loc.chinese(f"--lender：这个规则书没有列出放款机构类型（{book.shown_path}）"),
            "use the shipped rulebook (drop --rules)" if english
            else loc.chinese("请使用自带的规则书（去掉 --rules）"))
    words = [w for item in book.lenders.values() for w in (item.id, *item.aliases)]
    near = closest(value, words, 1)
    if english:
        choices = ", ".join(f"{item.id} ({loc(item.name)})" for item in book.lenders.values())
        raise UsageProblem(f"unknown --lender '{shown}'"
                           + (f" (did you mean '{near[0]}'?)" if near else ""),
                           f"one of: {choices}; words such as 小贷 or 信用卡 work too")
    choices = "、".join(f"{item.id}（{loc(item.name)}）" for item in book.lenders.values())
    raise UsageProblem(loc.chinese(f"不认识的放款机构类型“{shown}”（--lender）")
                       + (loc.chinese(f"，是不是“{near[0]}”？") if near else ""),
                       loc.chinese(f"可选：{choices}；也可以写小贷、信用卡等常用说法"))
