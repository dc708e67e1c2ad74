"""The rulebook: typed model, loading, and validation with file:line errors.

Everything a person reads (titles, explanations, next steps, labels) lives in
``data/rules.yaml``; this module turns that file into frozen dataclasses and
refuses a malformed one with problems that name the file, line and key. The
checks here are the ones ``overdue rules validate`` reports, so the command
and every other command agree on what a valid rulebook is.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from overdue_cli.errors import Problem, RulebookError
from overdue_cli.rulebook.signals import (
    CATEGORIES,
    MESSAGE_VERDICTS,
    ScanSettings,
    Signal,
    build_scan,
    build_signal,
)
from overdue_cli.rulebook.yaml_lines import (
    LineDict,
    LineList,
    YamlSyntaxError,
    load_yaml,
    with_lines,
)
from overdue_cli.text import closest, fold_key

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

_TOP_KEYS = ("meta", "labels", "sources", "methods", "stages", "actions", "rules", "topics")
_OPTIONAL_KEYS = ("scan", "signals", "lenders")
"""Sections only ``overdue scan`` needs; a rulebook without them still serves check."""
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
_ID_SECTIONS = ("sources", "methods", "stages", "actions", "rules", "topics", "lenders")


@dataclass(frozen=True)
class Text:
    """A text in Simplified Chinese and English; zh-Hant is derived from zh."""

    zh: str
    en: str


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    title: Text
    issuer: str | None
    date: str | None
    effective: str | None
    status: str
    note: Text | None
    until: str | None = None
    """The last day this text was in force (a repealed or replaced text); None: still in force."""
    articles: tuple[str, ...] = ()
    """The articles the rulebook may cite from this source (``第42条``): a citation of
    any other is a validation error, so no rule quotes an article nobody checked."""
    lenders: tuple[str, ...] = ()
    """The kinds of lender this text binds (the small-loan measures bind small-loan
    companies only); empty: every lender. A known lender is not shown the others'."""

    def binds(self, lender: str | None) -> bool:
        return not self.lenders or lender in (None, "unknown") or lender in self.lenders

    def in_force(self, day: date) -> bool:
        """Was this text the law on ``day``? Undated sources are taken as always in force."""
        iso = day.isoformat()
        if self.effective and iso < self.effective:
            return False
        return not (self.until and iso > self.until)


@dataclass(frozen=True)
class Lender:
    """A kind of lender: what to call it, the words people use, where to complain."""

    id: str
    name: Text
    aliases: tuple[str, ...]
    channels: tuple[str, ...]
    """Complaint channel ids (``overdue complaint --channel``) that suit this lender, in order."""
    note: Text | None = None
    actions: tuple[str, ...] = ()
    """Next steps every check for this lender adds (a card debtor: don't evade the bank)."""
    skip_actions: tuple[str, ...] = ()
    """Next steps that do not fit this lender (12378 does not supervise small-loan companies)."""


@dataclass(frozen=True)
class Basis:
    """One citation: a source id, the article (when verified) and a note."""

    source: str
    article: str | None
    note: Text | None
    explains: bool = False
    """The citation says why the rule holds (only a court lists defaulters), not what
    the collector broke: a complaint draft leaves it out."""


@dataclass(frozen=True)
class Method:
    id: str
    name: Text
    aliases: tuple[str, ...]
    ambiguous: tuple[str, ...] = ()
    """Words that could mean this method or another: the user is asked to choose."""


@dataclass(frozen=True)
class Stage:
    id: str
    days_from: int
    days_to: int | None
    title: Text
    summary: Text
    normal_methods: tuple[str, ...]
    sources: tuple[str, ...]
    actions: tuple[str, ...]

    def contains(self, days: int) -> bool:
        return days >= self.days_from and (self.days_to is None or days <= self.days_to)


@dataclass(frozen=True)
class Action:
    id: str
    priority: int
    text: Text


@dataclass(frozen=True)
class Example:
    """A worked example: a situation and the verdict expected per method."""

    situation: Mapping[str, Any]
    expect: Mapping[str, str]
    fires: bool
    overall: str | None
    line: int = field(compare=False)


@dataclass(frozen=True)
class Rule:
    id: str
    methods: tuple[str, ...]
    when: Mapping[str, Any]
    verdict: str
    title: Text
    explanation: Text
    conditions: tuple[Text, ...]
    basis: tuple[Basis, ...]
    actions: tuple[str, ...]
    examples: tuple[Example, ...]
    line: int = field(compare=False)


@dataclass(frozen=True)
class Topic:
    id: str
    aliases: tuple[str, ...]
    title: Text
    question: Text
    answer: Text
    points: tuple[Text, ...]
    rules: tuple[str, ...]
    basis: tuple[Basis, ...]
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Rulebook:
    path: str
    version: str
    as_of: str | None
    disclaimer: Text
    quiet_start: int
    quiet_end: int
    labels: Mapping[str, Mapping[str, Text]]
    sources: Mapping[str, Source]
    methods: Mapping[str, Method]
    stages: tuple[Stage, ...]
    actions: Mapping[str, Action]
    rules: tuple[Rule, ...]
    topics: Mapping[str, Topic]
    method_index: Mapping[str, str] = field(repr=False)
    topic_index: Mapping[str, str] = field(repr=False)
    signals: tuple[Signal, ...] = ()
    scan: ScanSettings | None = None
    lenders: Mapping[str, Lender] = field(default_factory=dict)
    lender_index: Mapping[str, str] = field(default_factory=dict, repr=False)

    def lender_id(self, word: str) -> str | None:
        """The lender id a user's word names (an id or an alias such as 信用卡、小贷), or None."""
        from overdue_cli.locale import to_simplified

        folded = fold_key(word)
        found = self.lender_index.get(folded)
        if found is None and folded:
            found = self.lender_index.get(fold_key(to_simplified(word)))
        return found

    def basis_on(self, basis: tuple[Basis, ...], day: date | None,
                 lender: str | None = None) -> tuple[Basis, ...]:
        """The citations that were law on ``day`` (None: today) for this kind of lender.

        A rule cites both the 2012 and the 2025 public-security law; an act is
        judged by the text in force when it happened. A rule also cites the
        regulator's rules for each kind of lender; a known lender keeps its own.
        Citations of sources with no dates or lenders always stay; if nothing would
        be left, everything stays.
        """
        day = day or date.today()
        sources = self.sources
        kept = tuple(b for b in basis if b.source not in sources
                     or (sources[b.source].in_force(day) and sources[b.source].binds(lender)))
        return kept or basis

    @property
    def shown_path(self) -> str:
        """``path`` for output: a file name that is not UTF-8 shown with escapes."""
        from overdue_cli.text import text_safe

        return text_safe(self.path)

    def ambiguous_methods(self, folded: str) -> tuple[str, ...]:
        """Method ids that list ``folded`` (already folded) as an ambiguous word."""
        return tuple(m.id for m in self.methods.values()
                     if any(fold_key(w) == folded for w in m.ambiguous))

    def label(self, group: str, key: str) -> Text:
        return self.labels[group][key]

    def stage_for(self, days: int) -> Stage:
        for stage in self.stages:
            if stage.contains(days):
                return stage
        raise LookupError(f"no stage covers day {days}")  # validation rules this out

    def rules_for(self, method: str) -> Iterator[Rule]:
        return (rule for rule in self.rules if method in rule.methods)

    def is_quiet_hour(self, hour: int) -> bool:
        start, end = self.quiet_start, self.quiet_end
        return hour >= start or hour < end if start > end else start <= hour < end


def law_breaks(book: Rulebook) -> tuple[str, ...]:
    """The days (ISO) on which some source took effect or stopped being law, sorted:
    between two of them every citation's standing is the same, so a renderer can
    work out a basis once per stretch instead of once per message."""
    days: set[str] = set()
    for source in book.sources.values():
        if source.effective:
            days.add(source.effective)
        if source.until:
            days.add((date.fromisoformat(source.until) + timedelta(days=1)).isoformat())
    return tuple(sorted(days))


# ---------------------------------------------------------------------------
# Locating and reading the file


def default_rulebook_path() -> Path:
    """The shipped rulebook: inside the installed package, else the source tree.

    The package's own folder is looked at first: importlib.resources costs a
    tenth of a `check` to import, and is needed only for a zipped install."""
    here = Path(__file__).resolve().parents[1]
    packaged_file = here / "data" / "rules.yaml"
    if packaged_file.is_file():
        return packaged_file
    source_tree = here.parents[1] / "data" / "rules.yaml"
    if source_tree.is_file():
        return source_tree
    from importlib import resources

    packaged = resources.files("overdue_cli") / "data" / "rules.yaml"
    return Path(str(packaged)) if packaged.is_file() else source_tree


def load_rulebook(path: str | Path | None = None) -> Rulebook:
    """Load and validate a rulebook; raise RulebookError listing every problem."""
    resolved = Path(path) if path is not None else default_rulebook_path()
    return _load_cached(str(resolved))


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> Rulebook:
    book, problems = check_rulebook(path, thorough=False)
    if problems or book is None:
        raise RulebookError(problems or [Problem(path, None, "", "empty rulebook")])
    return book


MAX_RULEBOOK_BYTES = 16 << 20


def check_rulebook(path: str | Path, *,
                   thorough: bool = True) -> tuple[Rulebook | None, list[Problem]]:
    """Read and validate; return the rulebook (if usable) and all problems found.

    ``thorough=False`` lets a matching pre-parsed copy skip the method-coverage
    probe (about a tenth of a run): that copy is only ever built from the shipped
    rulebook, which `overdue rules validate` and the test suite check in full.
    Every other check still runs.
    """
    name = str(path)
    try:
        with open(path, "rb") as handle:
            # A rulebook is a few hundred KB; reading at most a little more than the
            # cap means /dev/zero or a disk image given as --rules cannot fill memory.
            data = handle.read(MAX_RULEBOOK_BYTES + 1)
        if len(data) > MAX_RULEBOOK_BYTES:
            return None, [Problem(name, None, "", f"larger than {MAX_RULEBOOK_BYTES >> 20} MB: "
                                  "not a rulebook")]
    except FileNotFoundError:
        return None, [Problem(name, None, "", "no such file")]
    except IsADirectoryError:
        return None, [Problem(name, None, "", "is a directory, not a rulebook file")]
    except OSError as exc:
        return None, [Problem(name, None, "", f"cannot read: {exc.strerror or exc}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, "", f"not UTF-8 text (byte offset {exc.start})")]
    if not thorough:
        built = _built(Path(path), data, name)
        if built is not None:
            return built, []
    compiled = _compiled(Path(path), data)
    if compiled is not None:
        builder = _Builder(name, coverage=thorough, trusted=not thorough)
        book = builder.build(compiled)
        if not builder.problems:
            return book, []
        # fall through: re-read the YAML so problems carry their line numbers
    try:
        raw = load_yaml(text)
    except YamlSyntaxError as exc:
        col = f" (column {exc.column})" if exc.column else ""
        return None, [Problem(name, exc.line, "", f"YAML syntax error: {exc.message}{col}")]
    builder = _Builder(name)
    book = builder.build(raw)
    return book, builder.problems


def _built(path: Path, data: bytes, name: str) -> Rulebook | None:
    """The typed rulebook the wheel ships pickled (see hatch_build.py), if it was built
    from exactly ``data``. It is part of the installed package, trusted like its code;
    anything unexpected falls back to the JSON copy or the YAML."""
    sibling = path.with_name(path.stem + ".compiled.pickle")
    try:
        blob = sibling.read_bytes()
    except OSError:
        return None
    import pickle

    try:
        document = pickle.loads(blob)  # our own build output, checked below
    except Exception:  # an older or damaged file: build the slow way instead
        return None
    if not isinstance(document, dict) or \
            document.get("source_sha256") != hashlib.sha256(data).hexdigest():
        return None
    book = document.get("book")
    return replace(book, path=name) if isinstance(book, Rulebook) else None


def _compiled(path: Path, data: bytes) -> Any:
    """The pre-parsed copy the wheel ships (see hatch_build.py), if it matches ``data``."""
    sibling = path.with_name(path.stem + ".compiled.json")
    try:
        document = json.loads(sibling.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or \
            document.get("source_sha256") != hashlib.sha256(data).hexdigest():
        return None
    return with_lines(document.get("rulebook"))


# ---------------------------------------------------------------------------
# Building the typed model, collecting problems on the way


class _Builder:
    """Turns the parsed YAML into a Rulebook, recording every problem found."""

    def __init__(self, file: str, coverage: bool = True, trusted: bool = False) -> None:
        self.file = file
        self.coverage = coverage
        self.trusted = trusted
        """A pre-parsed copy of the shipped rulebook: skip checks that cost start-up
        time and that the test suite runs on the YAML (compiling signal patterns)."""
        self.problems: list[Problem] = []

    # -- recording ---------------------------------------------------------
    def problem(self, line: int | None, key: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, key, message))

    def _mapping(self, value: Any, line: int, key: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problem(line, key, f"expected a mapping, got {_kind(value)}")
        return None

    def _list(self, value: Any, line: int, key: str) -> LineList | None:
        if isinstance(value, LineList):
            return value
        self.problem(line, key, f"expected a list, got {_kind(value)}")
        return None

    def _unknown_keys(self, m: LineDict, allowed: tuple[str, ...], key: str) -> None:
        for k in m:
            if k not in allowed:
                hint = closest(str(k), list(allowed), 1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.problem(m.line_of(k), f"{key}.{k}", f"unknown key{extra}")

    def _required(self, m: LineDict, k: str, key: str) -> Any:
        if k not in m or m[k] is None:
            self.problem(m.line, f"{key}.{k}", "missing required key")
            return None
        return m[k]

    def _str(self, m: LineDict, k: str, key: str, required: bool = True) -> str | None:
        value = self._required(m, k, key) if required else m.get(k)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(m.line_of(k), f"{key}.{k}", f"expected text, got {_kind(value)}")
            return None
        text = str(value).strip()
        if not text:
            self.problem(m.line_of(k), f"{key}.{k}", "must not be empty")
            return None
        return text

    def _int(self, m: LineDict, k: str, key: str, required: bool = True) -> int | None:
        value = self._required(m, k, key) if required else m.get(k)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(m.line_of(k), f"{key}.{k}", f"expected a whole number, got {_kind(value)}")
            return None
        return value

    def _text(self, m: LineDict, k: str, key: str, required: bool = True) -> Text | None:
        value = self._required(m, k, key) if required else m.get(k)
        if value is None:
            return None
        return self._text_value(value, m.line_of(k), f"{key}.{k}")

    def _text_value(self, value: Any, line: int, key: str) -> Text | None:
        m = self._mapping(value, line, key)
        if m is None:
            return None
        self._unknown_keys(m, ("zh", "en"), key)
        zh = self._str(m, "zh", key)
        en = self._str(m, "en", key)
        return Text(zh, en) if zh and en else None

    def _texts(self, m: LineDict, k: str, key: str) -> tuple[Text, ...]:
        items = self._list(self._required(m, k, key), m.line_of(k), f"{key}.{k}")
        if not items:
            if items is not None:
                self.problem(m.line_of(k), f"{key}.{k}", "must not be empty")
            return ()
        out = []
        for i, item in enumerate(items):
            text = self._text_value(item, items.line_of(i), f"{key}.{k}[{i}]")
            if text:
                out.append(text)
        return tuple(out)

    def _ids(self, m: LineDict, k: str, key: str, required: bool = True) -> tuple[str, ...]:
        value = self._required(m, k, key) if required else m.get(k)
        if value is None:
            return ()
        items = self._list(value, m.line_of(k), f"{key}.{k}")
        if items is None:
            return ()
        out = []
        for i, item in enumerate(items):
            if isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.problem(items.line_of(i), f"{key}.{k}[{i}]", "expected an id")
        return tuple(out)

    # -- sections ----------------------------------------------------------
    def build(self, raw: Any) -> Rulebook | None:
        if raw is None:
            self.problem(None, "", "the rulebook is empty")
            return None
        top = self._mapping(raw, 1, "(top level)")
        if top is None:
            return None
        self._unknown_keys(top, _TOP_KEYS + _OPTIONAL_KEYS, "(top level)")
        for k in _TOP_KEYS:
            if k not in top:
                self.problem(1, k, "missing required section")
        meta = self._meta(top.get("meta"), top.line_of("meta"))
        labels = self._labels(top.get("labels"), top.line_of("labels"))
        entries = {
            name: self._entries(top.get(name), top.line_of(name), name) for name in _ID_SECTIONS
        }
        sources = {e.id: e for e in self._each(entries["sources"], self._source)}
        methods = {e.id: e for e in self._each(entries["methods"], self._method)}
        stages = tuple(self._each(entries["stages"], self._stage))
        actions = {e.id: e for e in self._each(entries["actions"], self._action)}
        rules = tuple(self._each(entries["rules"], self._rule))
        topics = {e.id: e for e in self._each(entries["topics"], self._topic)}
        lenders = {e.id: e for e in self._each(entries["lenders"], self._lender)}
        scan = (build_scan(self, top["scan"], top.line_of("scan"))
                if top.get("scan") is not None else None)
        signal_entries = self._entries(top.get("signals"), top.line_of("signals"), "signals")
        entries["signals"] = signal_entries
        signals = tuple(self._each(
            signal_entries, lambda m, k: build_signal(self, m, k, scan.sets if scan else {})))
        rules_by_id = {r.id: r for r in rules}
        signals = tuple(
            replace(s, basis=rules_by_id[s.rule].basis) if not s.basis and s.rule in rules_by_id
            else s
            for s in signals
        )
        if signals and "scan" not in top:
            self.problem(top.line_of("signals"), "scan",
                         "the signals need a scan section (negators, breakers, ...)")
        method_index = self._alias_index(
            entries["methods"], {m.id: m.aliases for m in methods.values()}, "methods"
        )
        method_entries = {m["id"]: (m, key) for m, key in entries["methods"]}
        for method in methods.values():
            for word in method.ambiguous:
                if fold_key(word) in method_index:
                    m_entry, key = method_entries[method.id]
                    self.problem(m_entry.line_of("ambiguous"), f"{key}.ambiguous",
                                 f"'{word}' is also an alias of '{method_index[fold_key(word)]}'")
        topic_index = self._alias_index(
            entries["topics"], {t.id: t.aliases for t in topics.values()}, "topics"
        )
        lender_index = self._alias_index(
            entries["lenders"], {x.id: x.aliases for x in lenders.values()}, "lenders"
        )
        if meta is None or labels is None:
            return None
        book = Rulebook(
            path=self.file,
            version=meta["version"],
            as_of=meta["as_of"],
            disclaimer=meta["disclaimer"],
            quiet_start=meta["quiet_start"],
            quiet_end=meta["quiet_end"],
            labels=labels,
            sources=sources,
            methods=methods,
            stages=tuple(sorted(stages, key=lambda s: s.days_from)),
            actions=actions,
            rules=rules,
            topics=topics,
            method_index=method_index,
            topic_index=topic_index,
            signals=signals,
            scan=scan,
            lenders=lenders,
            lender_index=lender_index,
        )
        _Crosscheck(self, book, entries).run()
        return book

    def _each(self, entries: list[tuple[LineDict, str]], make: Any) -> Iterator[Any]:
        for entry, key in entries:
            built = make(entry, key)
            if built is not None:
                yield built

    def _entries(self, value: Any, line: int, section: str) -> list[tuple[LineDict, str]]:
        """The mappings of a section, each with its key path; checks ids are unique."""
        if value is None:
            return []
        items = self._list(value, line, section)
        if items is None:
            return []
        out: list[tuple[LineDict, str]] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            m = self._mapping(item, items.line_of(i), f"{section}[{i}]")
            if m is None:
                continue
            ident = m.get("id")
            if not isinstance(ident, str) or not ident.strip():
                self.problem(m.line, f"{section}[{i}].id", "missing or empty id")
                continue
            key = f"{section}[{ident}]"
            if ident in seen:
                self.problem(m.line_of("id"), f"{key}.id",
                             f"duplicate id (first defined on line {seen[ident]})")
                continue
            seen[ident] = m.line_of("id")
            out.append((m, key))
        return out

    def _meta(self, value: Any, line: int) -> dict[str, Any] | None:
        m = self._mapping(value, line, "meta") if value is not None else None
        if m is None:
            return None
        self._unknown_keys(m, ("version", "as_of", "quiet_hours", "disclaimer"), "meta")
        version = self._str(m, "version", "meta")
        as_of = self._str(m, "as_of", "meta", required=False)
        disclaimer = self._text(m, "disclaimer", "meta")
        quiet = self._mapping(self._required(m, "quiet_hours", "meta"),
                              m.line_of("quiet_hours"), "meta.quiet_hours")
        start = end = None
        if quiet is not None:
            start = self._int(quiet, "start", "meta.quiet_hours")
            end = self._int(quiet, "end", "meta.quiet_hours")
            for k, v in (("start", start), ("end", end)):
                if v is not None and not 0 <= v <= 23:
                    self.problem(quiet.line_of(k), f"meta.quiet_hours.{k}", "must be 0-23")
        if None in (version, disclaimer, start, end):
            return None
        return {"version": version, "as_of": as_of, "disclaimer": disclaimer,
                "quiet_start": start, "quiet_end": end}

    def _labels(self, value: Any, line: int) -> dict[str, dict[str, Text]] | None:
        m = self._mapping(value, line, "labels") if value is not None else None
        if m is None:
            return None
        required = {
            "verdicts": VERDICTS,
            "authorities": AUTHORITIES,
            "ui": tuple(REQUIRED_UI),
            "interview": tuple(REQUIRED_INTERVIEW),
        }
        optional = {
            "categories": CATEGORIES,
            "message_verdicts": MESSAGE_VERDICTS,
            "scan": REQUIRED_SCAN_UI,
            "journal": REQUIRED_JOURNAL_UI,
            "check": REQUIRED_CHECK_UI,
            "statuses": ("secondary", "unverified"),
        }
        self._unknown_keys(m, tuple(required) + tuple(optional), "labels")
        required.update({k: v for k, v in optional.items() if k in m})
        out: dict[str, dict[str, Text]] = {}
        for group, keys in required.items():
            g = self._mapping(self._required(m, group, "labels"), m.line_of(group),
                              f"labels.{group}")
            out[group] = {}
            if g is None:
                continue
            for k in keys:
                text = self._text(g, k, f"labels.{group}")
                if text:
                    out[group][k] = text
            if group in ("verdicts", "authorities", "categories", "message_verdicts"):
                self._unknown_keys(g, keys, f"labels.{group}")
        return out

    def _source(self, m: LineDict, key: str) -> Source | None:
        self._unknown_keys(
            m, ("id", "kind", "title", "issuer", "date", "effective", "until", "articles",
                "lenders", "status", "note"), key
        )
        kind = self._choice(m, "kind", AUTHORITIES, key)
        status = self._choice(m, "status", SOURCE_STATUSES, key)
        title = self._text(m, "title", key)
        note = self._text(m, "note", key, required=False)
        effective = self._day(m, "effective", key)
        until = self._day(m, "until", key)
        if effective and until and until < effective:
            self.problem(m.line_of("until"), f"{key}.until", "is before 'effective'")
        articles = self._ids(m, "articles", key, required=False)
        lenders = self._ids(m, "lenders", key, required=False)
        for word in lenders:
            if word not in LENDER_IDS:
                self.problem(m.line_of("lenders"), f"{key}.lenders",
                             f"'{word}' is not a lender kind ({', '.join(LENDER_IDS)})")
        for i, article in enumerate(articles):
            if not _ARTICLE.fullmatch(article):
                items = m.get("articles")
                line = items.line_of(i) if isinstance(items, LineList) else m.line_of("articles")
                self.problem(line, f"{key}.articles[{i}]",
                             f"'{article}' is not an article number such as 第42条, "
                             "第253条之一, 第三章 or 5.3")
        if not (kind and status and title):
            return None
        return Source(m["id"], kind, title, self._str(m, "issuer", key, False),
                      self._str(m, "date", key, False), effective, status, note, until,
                      articles, lenders)

    def _day(self, m: LineDict, k: str, key: str) -> str | None:
        """An optional ISO date (YYYY-MM-DD), checked to be a real day."""
        value = self._str(m, k, key, required=False)
        if value is None:
            return None
        try:
            date.fromisoformat(value)
        except ValueError:
            self.problem(m.line_of(k), f"{key}.{k}", f"'{value}' is not a date (YYYY-MM-DD)")
            return None
        return value

    def _lender(self, m: LineDict, key: str) -> Lender | None:
        self._unknown_keys(m, ("id", "name", "aliases", "channels", "note", "actions",
                               "skip_actions"), key)
        if m["id"] not in LENDER_IDS:
            self.problem(m.line_of("id"), f"{key}.id",
                         f"'{m['id']}' is not a lender kind ({', '.join(LENDER_IDS)})")
        name = self._text(m, "name", key)
        aliases = self._ids(m, "aliases", key, required=False)
        channels = self._ids(m, "channels", key, required=False)
        note = self._text(m, "note", key, required=False)
        actions = self._ids(m, "actions", key, required=False)
        skip = self._ids(m, "skip_actions", key, required=False)
        return Lender(m["id"], name, aliases, channels, note, actions, skip) if name else None

    def _choice(self, m: LineDict, k: str, allowed: tuple[str, ...], key: str) -> str | None:
        value = self._str(m, k, key)
        if value is not None and value not in allowed:
            hint = closest(value, list(allowed), 1)
            extra = f"; did you mean '{hint[0]}'?" if hint else ""
            self.problem(m.line_of(k), f"{key}.{k}",
                         f"'{value}' is not one of {', '.join(allowed)}{extra}")
            return None
        return value

    def _method(self, m: LineDict, key: str) -> Method | None:
        self._unknown_keys(m, ("id", "name", "aliases", "ambiguous"), key)
        name = self._text(m, "name", key)
        aliases = self._ids(m, "aliases", key, required=False)
        ambiguous = self._ids(m, "ambiguous", key, required=False)
        return Method(m["id"], name, aliases, ambiguous) if name else None

    def _stage(self, m: LineDict, key: str) -> Stage | None:
        self._unknown_keys(
            m, ("id", "days", "title", "summary", "normal_methods", "sources", "actions"), key
        )
        days = self._list(self._required(m, "days", key), m.line_of("days"), f"{key}.days")
        title = self._text(m, "title", key)
        summary = self._text(m, "summary", key)
        normal = self._ids(m, "normal_methods", key)
        sources = self._ids(m, "sources", key)
        actions = self._ids(m, "actions", key, required=False)
        bounds: tuple[int, int | None] | None = None
        if days is not None:
            ok = (len(days) == 2 and isinstance(days[0], int) and not isinstance(days[0], bool)
                  and (days[1] is None or (isinstance(days[1], int)
                                           and not isinstance(days[1], bool))))
            if not ok:
                self.problem(days.line, f"{key}.days",
                             "expected [from, to] whole numbers (to may be null)")
            elif days[0] < 0 or (days[1] is not None and days[1] < days[0]):
                self.problem(days.line, f"{key}.days", "from must be >= 0 and to >= from")
            else:
                bounds = (days[0], days[1])
        if bounds is None or not (title and summary):
            return None
        return Stage(m["id"], bounds[0], bounds[1], title, summary, normal, sources, actions)

    def _action(self, m: LineDict, key: str) -> Action | None:
        self._unknown_keys(m, ("id", "priority", "text"), key)
        priority = self._int(m, "priority", key)
        text = self._text(m, "text", key)
        return Action(m["id"], priority, text) if priority is not None and text else None

    def _basis(self, m: LineDict, key: str) -> tuple[Basis, ...]:
        items = self._list(self._required(m, "basis", key), m.line_of("basis"), f"{key}.basis")
        if items is None:
            return ()
        if not items:
            self.problem(items.line, f"{key}.basis", "a rule needs at least one basis")
        out = []
        for i, item in enumerate(items):
            bkey = f"{key}.basis[{i}]"
            b = self._mapping(item, items.line_of(i), bkey)
            if b is None:
                continue
            self._unknown_keys(b, ("source", "article", "note", "explains"), bkey)
            source = self._str(b, "source", bkey)
            article = self._str(b, "article", bkey, required=False)
            note = self._text(b, "note", bkey, required=False)
            explains = b.get("explains", False)
            if not isinstance(explains, bool):
                self.problem(b.line_of("explains"), f"{bkey}.explains", "expected true or false")
                explains = False
            if source:
                out.append(Basis(source, article, note, explains))
        return tuple(out)

    def _when(self, m: LineDict, key: str) -> dict[str, Any]:
        if m.get("when") is None:
            return {}
        w = self._mapping(m["when"], m.line_of("when"), f"{key}.when")
        if w is None:
            return {}
        out: dict[str, Any] = {}
        for k, v in w.items():
            wkey = f"{key}.when.{k}"
            spec = WHEN_KEYS.get(k)
            if spec is None:
                hint = closest(str(k), list(WHEN_KEYS), 1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.problem(w.line_of(k), wkey, f"unknown condition{extra}")
            elif spec in ("lenders", "methods"):
                if (not isinstance(v, list) or not v
                        or not all(isinstance(x, str) for x in v)):
                    self.problem(w.line_of(k), wkey, f"expected a list of {spec[:-1]} ids")
                else:
                    out[k] = tuple(v)
            elif isinstance(spec, tuple):
                if v not in spec:
                    self.problem(w.line_of(k), wkey, f"must be one of {', '.join(spec)}")
                else:
                    out[k] = v
            elif spec is int and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
                self.problem(w.line_of(k), wkey, "expected a whole number >= 0")
            elif spec is bool and not isinstance(v, bool):
                self.problem(w.line_of(k), wkey, "expected true or false")
            else:
                out[k] = v
        return out

    def _examples(self, m: LineDict, key: str) -> tuple[Example, ...]:
        items = self._list(self._required(m, "examples", key), m.line_of("examples"),
                           f"{key}.examples")
        if items is None:
            return ()
        if not items:
            self.problem(items.line, f"{key}.examples", "a rule needs at least one worked example")
        out = []
        for i, item in enumerate(items):
            ekey = f"{key}.examples[{i}]"
            e = self._mapping(item, items.line_of(i), ekey)
            if e is None:
                continue
            self._unknown_keys(e, ("situation", "expect", "fires", "overall"), ekey)
            situation = self._mapping(self._required(e, "situation", ekey),
                                      e.line_of("situation"), f"{ekey}.situation")
            expect = self._mapping(self._required(e, "expect", ekey), e.line_of("expect"),
                                   f"{ekey}.expect")
            fires = e.get("fires", True)
            if not isinstance(fires, bool):
                self.problem(e.line_of("fires"), f"{ekey}.fires", "expected true or false")
                fires = True
            overall = e.get("overall")
            if overall is not None and overall not in VERDICTS:
                self.problem(e.line_of("overall"), f"{ekey}.overall",
                             f"'{overall}' is not a verdict ({', '.join(VERDICTS)})")
                overall = None
            if situation is None or expect is None:
                continue
            self._check_situation(situation, f"{ekey}.situation")
            for method, verdict in expect.items():
                if verdict not in VERDICTS:
                    self.problem(expect.line_of(method), f"{ekey}.expect.{method}",
                                 f"'{verdict}' is not a verdict ({', '.join(VERDICTS)})")
            out.append(Example(situation, dict(expect), fires, overall, e.line))
        return tuple(out)

    def _check_situation(self, s: LineDict, key: str) -> None:
        for k, v in s.items():
            spec = SITUATION_KEYS.get(k)
            if spec is None:
                hint = closest(str(k), list(SITUATION_KEYS), 1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.problem(s.line_of(k), f"{key}.{k}", f"unknown situation key{extra}")
            elif spec is int and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
                self.problem(s.line_of(k), f"{key}.{k}", "expected a whole number >= 0")
            elif not isinstance(v, spec):
                self.problem(s.line_of(k), f"{key}.{k}", f"expected {spec.__name__}")
        if "days" not in s:
            self.problem(s.line, f"{key}.days", "missing required key")
        hour = s.get("hour")
        if isinstance(hour, int) and not isinstance(hour, bool) and hour > 23:
            self.problem(s.line_of("hour"), f"{key}.hour", "must be 0-23")
        for k in ("today", "last_due", "last_contact"):
            if isinstance(s.get(k), str):
                try:
                    date.fromisoformat(s[k])
                except ValueError:
                    self.problem(s.line_of(k), f"{key}.{k}", f"'{s[k]}' is not a date (YYYY-MM-DD)")
        if isinstance(s.get("lender"), str) and s["lender"] not in LENDER_IDS:
            self.problem(s.line_of("lender"), f"{key}.lender",
                         f"'{s['lender']}' is not a lender kind ({', '.join(LENDER_IDS)})")

    def _rule(self, m: LineDict, key: str) -> Rule | None:
        self._unknown_keys(
            m,
            ("id", "methods", "when", "verdict", "title", "explanation", "conditions", "basis",
             "actions", "examples"),
            key,
        )
        methods = self._ids(m, "methods", key)
        verdict = self._choice(m, "verdict", VERDICTS, key)
        title = self._text(m, "title", key)
        explanation = self._text(m, "explanation", key)
        conditions = self._texts(m, "conditions", key)
        basis = self._basis(m, key)
        actions = self._ids(m, "actions", key)
        examples = self._examples(m, key)
        when = self._when(m, key)
        if not (methods and verdict and title and explanation):
            return None
        return Rule(m["id"], methods, when, verdict, title, explanation, conditions, basis,
                    actions, examples, m.line)

    def _topic(self, m: LineDict, key: str) -> Topic | None:
        self._unknown_keys(
            m,
            ("id", "aliases", "title", "question", "answer", "points", "rules", "basis",
             "actions"),
            key,
        )
        aliases = self._ids(m, "aliases", key, required=False)
        title = self._text(m, "title", key)
        question = self._text(m, "question", key)
        answer = self._text(m, "answer", key)
        points = self._texts(m, "points", key)
        rules = self._ids(m, "rules", key, required=False)
        basis = self._basis(m, key)
        actions = self._ids(m, "actions", key)
        if not (title and question and answer):
            return None
        return Topic(m["id"], aliases, title, question, answer, points, rules, basis, actions)

    def _alias_index(self, entries: list[tuple[LineDict, str]],
                     aliases: dict[str, tuple[str, ...]], section: str) -> dict[str, str]:
        """Folded id/alias -> id; two entries claiming one word is a problem."""
        index: dict[str, str] = {}
        lines = {m["id"]: (m, key) for m, key in entries}
        for ident in aliases:
            index[fold_key(ident)] = ident
        for ident, words in aliases.items():
            m, key = lines[ident]
            for word in words:
                folded = fold_key(word)
                owner = index.get(folded)
                if owner is not None and owner != ident:
                    self.problem(m.line_of("aliases"), f"{key}.aliases",
                                 f"'{word}' already names {section[:-1]} '{owner}'")
                elif folded:
                    index[folded] = ident
        return index


class _Crosscheck:
    """Checks that need the whole rulebook: references, coverage, stage gaps."""

    def __init__(self, builder: _Builder, book: Rulebook,
                 entries: dict[str, list[tuple[LineDict, str]]]) -> None:
        self.b = builder
        self.book = book
        self.entries = {name: {m["id"]: (m, key) for m, key in items}
                        for name, items in entries.items()}

    def run(self) -> None:
        book = self.book
        for rule in book.rules:
            m, key = self.entries["rules"][rule.id]
            self._refs(m, key, "methods", rule.methods, book.methods)
            self._refs(m, key, "actions", rule.actions, book.actions)
            self._basis_refs(m, key, rule.basis)
            self._example_refs(m, key, rule)
            self._when_refs(m, key, rule)
        for topic in book.topics.values():
            m, key = self.entries["topics"][topic.id]
            self._refs(m, key, "rules", topic.rules, {r.id: r for r in book.rules})
            self._refs(m, key, "actions", topic.actions, book.actions)
            self._basis_refs(m, key, topic.basis)
        for stage in book.stages:
            m, key = self.entries["stages"][stage.id]
            self._refs(m, key, "normal_methods", stage.normal_methods, book.methods)
            self._refs(m, key, "sources", stage.sources, book.sources)
            self._refs(m, key, "actions", stage.actions, book.actions)
        for lender in book.lenders.values():
            m, key = self.entries["lenders"][lender.id]
            self._refs(m, key, "actions", lender.actions, book.actions)
            self._refs(m, key, "skip_actions", lender.skip_actions, book.actions)
        self._signals()
        self._stage_coverage()
        if self.b.coverage:
            self._method_coverage()

    def _signals(self) -> None:
        book = self.book
        for signal in book.signals:
            m, key = self.entries["signals"][signal.id]
            self._refs(m, key, "actions", signal.actions, book.actions)
            self._refs(m, key, "unless_signals", signal.unless_signals,
                       {s.id: s for s in book.signals})
            if m.get("basis") is not None:
                self._basis_refs(m, key, signal.basis)
            for name, ident, known in (("rule", signal.rule, {r.id for r in book.rules}),
                                       ("topic", signal.topic, set(book.topics))):
                if ident is not None and ident not in known:
                    hint = closest(ident, sorted(known), 1)
                    extra = f"; did you mean '{hint[0]}'?" if hint else ""
                    self.b.problem(m.line_of(name), f"{key}.{name}",
                                   f"unknown {name} '{ident}'{extra}")
        if book.signals:
            for group in ("categories", "message_verdicts", "scan"):
                if group not in book.labels:
                    self.b.problem(None, f"labels.{group}", "missing: the signals need it")

    def _refs(self, m: LineDict, key: str, field_name: str, ids: tuple[str, ...],
              known: Mapping[str, Any]) -> None:
        for i, ident in enumerate(ids):
            if ident not in known:
                hint = closest(ident, list(known), 1)
                extra = f"; did you mean '{hint[0]}'?" if hint else ""
                items = m.get(field_name)
                line = items.line_of(i) if isinstance(items, LineList) else m.line_of(field_name)
                self.b.problem(line, f"{key}.{field_name}[{i}]",
                               f"unknown {_singular(field_name)} '{ident}'{extra}")

    def _when_refs(self, m: LineDict, key: str, rule: Rule) -> None:
        when = m.get("when")
        for k, known in (("lender", self.book.lenders), ("with_any", self.book.methods)):
            for ident in rule.when.get(k, ()):
                if ident not in known:
                    hint = closest(ident, list(known), 1)
                    extra = f"; did you mean '{hint[0]}'?" if hint else ""
                    line = when.line_of(k) if isinstance(when, LineDict) else m.line
                    self.b.problem(line, f"{key}.when.{k}",
                                   f"unknown {'lender' if k == 'lender' else 'method'} "
                                   f"'{ident}'{extra}")

    def _basis_refs(self, m: LineDict, key: str, basis: tuple[Basis, ...]) -> None:
        items = m.get("basis")
        for i, b in enumerate(basis):
            line = items.line_of(i) if isinstance(items, LineList) else m.line
            source = self.book.sources.get(b.source)
            if source is None:
                hint = closest(b.source, list(self.book.sources), 1)
                extra = f"; did you mean '{hint[0]}'?" if hint else ""
                self.b.problem(line, f"{key}.basis[{i}].source",
                               f"unknown source '{b.source}'{extra}")
                continue
            if b.article is None:
                continue
            cited = cited_articles(b.article)
            if not cited:
                self.b.problem(line, f"{key}.basis[{i}].article",
                               f"'{b.article}' names no article (write 第N条)")
            missing = [a for a in cited if a not in source.articles]
            if missing:
                held = "、".join(source.articles) or "none"
                self.b.problem(line, f"{key}.basis[{i}].article",
                               f"{'、'.join(missing)} is not among the articles source "
                               f"'{source.id}' holds ({held}); add it to the source's "
                               f"articles only after checking the text")

    def _example_refs(self, m: LineDict, key: str, rule: Rule) -> None:
        for i, ex in enumerate(rule.examples):
            ekey = f"{key}.examples[{i}]"
            methods = ex.situation.get("methods") or []
            for method in methods:
                if method not in self.book.methods:
                    self.b.problem(ex.line, f"{ekey}.situation.methods",
                                   f"unknown method '{method}'")
            for method in ex.expect:
                if method not in methods:
                    self.b.problem(ex.line, f"{ekey}.expect.{method}",
                                   "expects a verdict for a method not in the situation")
            if not set(ex.expect) & set(rule.methods):
                self.b.problem(ex.line, f"{ekey}.expect",
                               "expects nothing about any method this rule covers")

    def _stage_coverage(self) -> None:
        """Stages must run from day 0 without gaps or overlaps and end open-ended."""
        stages = self.book.stages
        if not stages:
            self.b.problem(None, "stages", "no stages defined")
            return
        expected: int | None = 0
        for stage in stages:
            m, key = self.entries["stages"][stage.id]
            if expected is None or stage.days_from < expected:
                self.b.problem(m.line_of("days"), f"{key}.days", "overlaps the previous stage")
            elif stage.days_from > expected:
                self.b.problem(m.line_of("days"), f"{key}.days",
                               f"leaves days {expected}-{stage.days_from - 1} without a stage")
            expected = None if stage.days_to is None else stage.days_to + 1
        if expected is not None:
            m, key = self.entries["stages"][stages[-1].id]
            self.b.problem(m.line_of("days"), f"{key}.days",
                           "the last stage must be open-ended ([from, null])")

    def _method_coverage(self) -> None:
        """Every method must get a verdict in every situation a user can describe."""
        from overdue_cli.check import fired_rules  # local: the engine imports this module

        for method in self.book.methods.values():
            for probe in _probes(method.id):
                if not any(True for _ in fired_rules(self.book, probe, method.id)):
                    m, key = self.entries["methods"][method.id]
                    self.b.problem(m.line, key,
                                   f"no rule gives a verdict for '{method.id}' when "
                                   f"{_describe(probe)}")
                    break


_ARTICLE = re.compile(r"第[0-9一二三四五六七八九十百零]+[条章](?:之[一二三四五六七八九十]+)?"
                      r"|(?<![0-9.])[0-9]+(?:\.[0-9]+)+")
"""An article (第42条, 第253条之一), a chapter (第三章) or a standard's clause (5.3)."""


def cited_articles(article: str) -> tuple[str, ...]:
    """The article numbers a citation names: '第6条第3款(三)、第7条' -> (第6条, 第7条).

    Paragraphs and items (款、项) are finer than what a source lists; the
    article is what must exist."""
    return tuple(dict.fromkeys(_ARTICLE.findall(article)))


def _probes(method: str) -> Iterator[Any]:
    from overdue_cli.check import Situation

    for days in (0, 45, 2000):
        for hour in (None, 3, 12):
            for unreachable in (False, True):
                for count in (None, 1, 50):
                    yield Situation(days, (method,), hour, count, count, unreachable)


def _describe(probe: Any) -> str:
    return (f"days={probe.days_overdue}, hour={probe.hour}, calls/attempts={probe.calls_per_day}, "
            f"unreachable={probe.unreachable}")


def _singular(field_name: str) -> str:
    return {"normal_methods": "method", "sources": "source", "actions": "action",
            "rules": "rule", "methods": "method"}.get(field_name, field_name)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        text = repr(value)
        return f"the number {text if len(text) <= 40 else text[:40] + '…'}"
    text = str(value)
    if len(text) > 60:  # a whole file passed as --rules is not echoed into one line
        return f"'{text[:60]}…' ({len(text):,} characters)"
    return f"'{text}'"
