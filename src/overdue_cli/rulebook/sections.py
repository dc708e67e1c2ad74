"""One entry of each rulebook section read into its dataclass: a source, lender,
method, stage, action, rule (with its conditions and worked examples) or topic.

Why apart: ``build`` assembles the whole book from these; each reader records
its problems on the Builder and returns None for an entry it cannot use.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from overdue_cli.rulebook.builder import Builder
from overdue_cli.rulebook.model import Action, Example, Lender, Method, Rule, Source, Stage, Topic
from overdue_cli.rulebook.schema import (
    AUTHORITIES,
    LENDER_IDS,
    SITUATION_KEYS,
    SOURCE_STATUSES,
    VERDICTS,
    WHEN_KEYS,
)
from overdue_cli.rulebook.validate import ARTICLE
from overdue_cli.text import LineDict, LineList, closest


def read_source(b: Builder, m: LineDict, key: str) -> Source | None:
    """A ``sources`` entry: a text the rules cite, with the articles they may cite."""
    b.unknown_keys(
        m, ("id", "kind", "title", "issuer", "date", "effective", "until", "articles",
            "lenders", "status", "note"), key
    )
    kind = b.choice(m, "kind", AUTHORITIES, key)
    status = b.choice(m, "status", SOURCE_STATUSES, key)
    title = b.text(m, "title", key)
    note = b.text(m, "note", key, required=False)
    effective = b.day(m, "effective", key)
    until = b.day(m, "until", key)
    if effective and until and until < effective:
        b.problem(m.line_of("until"), f"{key}.until", "is before 'effective'")
    articles = b.ids(m, "articles", key, required=False)
    lenders = b.ids(m, "lenders", key, required=False)
    for word in lenders:
        if word not in LENDER_IDS:
            b.problem(m.line_of("lenders"), f"{key}.lenders",
                      f"'{word}' is not a lender kind ({', '.join(LENDER_IDS)})")
    for i, article in enumerate(articles):
        if not ARTICLE.fullmatch(article):
            items = m.get("articles")
            line = items.line_of(i) if isinstance(items, LineList) else m.line_of("articles")
            b.problem(line, f"{key}.articles[{i}]",
                      f"'{article}' is not an article number such as 第42条, "
                      "第253条之一, 第三章 or 5.3")
    if not (kind and status and title):
        return None
    return Source(m["id"], kind, title, b.string(m, "issuer", key, False),
                  b.string(m, "date", key, False), effective, status, note, until,
                  articles, lenders)


def read_lender(b: Builder, m: LineDict, key: str) -> Lender | None:
    """A ``lenders`` entry: a kind of lender, its aliases and complaint channels."""
    b.unknown_keys(m, ("id", "name", "aliases", "channels", "note", "actions",
                       "skip_actions"), key)
    if m["id"] not in LENDER_IDS:
        b.problem(m.line_of("id"), f"{key}.id",
                  f"'{m['id']}' is not a lender kind ({', '.join(LENDER_IDS)})")
    name = b.text(m, "name", key)
    aliases = b.ids(m, "aliases", key, required=False)
    channels = b.ids(m, "channels", key, required=False)
    note = b.text(m, "note", key, required=False)
    actions = b.ids(m, "actions", key, required=False)
    skip = b.ids(m, "skip_actions", key, required=False)
    return Lender(m["id"], name, aliases, channels, note, actions, skip) if name else None


def read_method(b: Builder, m: LineDict, key: str) -> Method | None:
    """A ``methods`` entry: a collection method and the words that name it."""
    b.unknown_keys(m, ("id", "name", "aliases", "ambiguous", "keywords"), key)
    name = b.text(m, "name", key)
    aliases = b.ids(m, "aliases", key, required=False)
    ambiguous = b.ids(m, "ambiguous", key, required=False)
    keywords = b.weights(m, "keywords", key)
    return Method(m["id"], name, aliases, ambiguous, keywords) if name else None


def read_stage(b: Builder, m: LineDict, key: str) -> Stage | None:
    """A ``stages`` entry: a span of days overdue and what is normal in it."""
    b.unknown_keys(
        m, ("id", "days", "title", "summary", "normal_methods", "sources", "actions"), key
    )
    days = b.sequence(b.required(m, "days", key), m.line_of("days"), f"{key}.days")
    title = b.text(m, "title", key)
    summary = b.text(m, "summary", key)
    normal = b.ids(m, "normal_methods", key)
    sources = b.ids(m, "sources", key)
    actions = b.ids(m, "actions", key, required=False)
    bounds: tuple[int, int | None] | None = None
    if days is not None:
        ok = (len(days) == 2 and isinstance(days[0], int) and not isinstance(days[0], bool)
              and (days[1] is None or (isinstance(days[1], int)
                                       and not isinstance(days[1], bool))))
        if not ok:
            b.problem(days.line, f"{key}.days",
                      "expected [from, to] whole numbers (to may be null)")
        elif days[0] < 0 or (days[1] is not None and days[1] < days[0]):
            b.problem(days.line, f"{key}.days", "from must be >= 0 and to >= from")
        else:
            bounds = (days[0], days[1])
    if bounds is None or not (title and summary):
        return None
    return Stage(m["id"], bounds[0], bounds[1], title, summary, normal, sources, actions)


STEP_COMMANDS = ("rate", "explain", "scan", "complaint", "letter")
"""The commands an action may name, alone or with a subcommand (``letter negotiate``):
each ships a JSON Schema (``overdue schema NAME``)."""


def read_action(b: Builder, m: LineDict, key: str) -> Action | None:
    """An ``actions`` entry: a next step and its priority."""
    b.unknown_keys(m, ("id", "priority", "text", "command"), key)
    priority = b.whole(m, "priority", key)
    text = b.text(m, "text", key)
    command = m.get("command")
    if command is not None and str(command).split(" ")[0] not in STEP_COMMANDS:
        b.problem(m.line_of("command"), f"{key}.command",
                  f"'{command}' is not a command a step can name ({', '.join(STEP_COMMANDS)})")
        command = None
    return Action(m["id"], priority, text, command) if priority is not None and text else None


def _when(b: Builder, m: LineDict, key: str) -> dict[str, Any]:
    if m.get("when") is None:
        return {}
    w = b.mapping(m["when"], m.line_of("when"), f"{key}.when")
    if w is None:
        return {}
    out: dict[str, Any] = {}
    for k, v in w.items():
        wkey = f"{key}.when.{k}"
        spec = WHEN_KEYS.get(k)
        if spec is None:
            hint = closest(str(k), list(WHEN_KEYS), 1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else ""
            b.problem(w.line_of(k), wkey, f"unknown condition{extra}")
        elif spec in ("lenders", "methods"):
            if (not isinstance(v, list) or not v
                    or not all(isinstance(x, str) for x in v)):
                b.problem(w.line_of(k), wkey, f"expected a list of {spec[:-1]} ids")
            else:
                out[k] = tuple(v)
        elif isinstance(spec, tuple):
            if v not in spec:
                b.problem(w.line_of(k), wkey, f"must be one of {', '.join(spec)}")
            else:
                out[k] = v
        elif spec is int and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
            b.problem(w.line_of(k), wkey, "expected a whole number >= 0")
        elif spec is bool and not isinstance(v, bool):
            b.problem(w.line_of(k), wkey, "expected true or false")
        else:
            out[k] = v
    return out


def _examples(b: Builder, m: LineDict, key: str) -> tuple[Example, ...]:
    items = b.sequence(b.required(m, "examples", key), m.line_of("examples"),
                       f"{key}.examples")
    if items is None:
        return ()
    if not items:
        b.problem(items.line, f"{key}.examples", "a rule needs at least one worked example")
    out = []
    for i, item in enumerate(items):
        ekey = f"{key}.examples[{i}]"
        e = b.mapping(item, items.line_of(i), ekey)
        if e is None:
            continue
        b.unknown_keys(e, ("situation", "expect", "fires", "overall"), ekey)
        situation = b.mapping(b.required(e, "situation", ekey),
                              e.line_of("situation"), f"{ekey}.situation")
        expect = b.mapping(b.required(e, "expect", ekey), e.line_of("expect"),
                           f"{ekey}.expect")
        fires = e.get("fires", True)
        if not isinstance(fires, bool):
            b.problem(e.line_of("fires"), f"{ekey}.fires", "expected true or false")
            fires = True
        overall = e.get("overall")
        if overall is not None and overall not in VERDICTS:
            b.problem(e.line_of("overall"), f"{ekey}.overall",
                      f"'{overall}' is not a verdict ({', '.join(VERDICTS)})")
            overall = None
        if situation is None or expect is None:
            continue
        _check_situation(b, situation, f"{ekey}.situation")
        for method, verdict in expect.items():
            if verdict not in VERDICTS:
                b.problem(expect.line_of(method), f"{ekey}.expect.{method}",
                          f"'{verdict}' is not a verdict ({', '.join(VERDICTS)})")
        out.append(Example(situation, dict(expect), fires, overall, e.line))
    return tuple(out)


def _check_situation(b: Builder, s: LineDict, key: str) -> None:
    for k, v in s.items():
        spec = SITUATION_KEYS.get(k)
        if spec is None:
            hint = closest(str(k), list(SITUATION_KEYS), 1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else ""
            b.problem(s.line_of(k), f"{key}.{k}", f"unknown situation key{extra}")
        elif spec is int and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
            b.problem(s.line_of(k), f"{key}.{k}", "expected a whole number >= 0")
        elif not isinstance(v, spec):
            b.problem(s.line_of(k), f"{key}.{k}", f"expected {spec.__name__}")
    if "days" not in s:
        b.problem(s.line, f"{key}.days", "missing required key")
    hour = s.get("hour")
    if isinstance(hour, int) and not isinstance(hour, bool) and hour > 23:
        b.problem(s.line_of("hour"), f"{key}.hour", "must be 0-23")
    for k in ("today", "last_due", "last_contact"):
        if isinstance(s.get(k), str):
            try:
                date.fromisoformat(s[k])
            except ValueError:
                b.problem(s.line_of(k), f"{key}.{k}", f"'{s[k]}' is not a date (YYYY-MM-DD)")
    if isinstance(s.get("lender"), str) and s["lender"] not in LENDER_IDS:
        b.problem(s.line_of("lender"), f"{key}.lender",
                  f"'{s['lender']}' is not a lender kind ({', '.join(LENDER_IDS)})")


def read_rule(b: Builder, m: LineDict, key: str) -> Rule | None:
    """A ``rules`` entry: methods, conditions, verdict, basis and worked examples."""
    b.unknown_keys(
        m,
        ("id", "methods", "when", "verdict", "title", "explanation", "conditions", "basis",
         "actions", "examples"),
        key,
    )
    methods = b.ids(m, "methods", key)
    verdict = b.choice(m, "verdict", VERDICTS, key)
    title = b.text(m, "title", key)
    explanation = b.text(m, "explanation", key)
    conditions = b.texts(m, "conditions", key)
    basis = b.basis(m, key)
    actions = b.ids(m, "actions", key)
    examples = _examples(b, m, key)
    when = _when(b, m, key)
    if not (methods and verdict and title and explanation):
        return None
    return Rule(m["id"], methods, when, verdict, title, explanation, conditions, basis,
                actions, examples, m.line)


def read_topic(b: Builder, m: LineDict, key: str) -> Topic | None:
    """A ``topics`` entry: a question ``overdue explain`` answers."""
    b.unknown_keys(
        m,
        ("id", "aliases", "title", "question", "answer", "points", "rules", "basis",
         "actions", "questions", "keywords"),
        key,
    )
    aliases = b.ids(m, "aliases", key, required=False)
    title = b.text(m, "title", key)
    question = b.text(m, "question", key)
    answer = b.text(m, "answer", key)
    points = b.texts(m, "points", key)
    rules = b.ids(m, "rules", key, required=False)
    basis = b.basis(m, key)
    actions = b.ids(m, "actions", key)
    questions = b.ids(m, "questions", key, required=False, what="a question")
    keywords = b.weights(m, "keywords", key)
    if not (title and question and answer):
        return None
    return Topic(m["id"], aliases, title, question, answer, points, rules, basis, actions,
                 questions, keywords, m.line)

