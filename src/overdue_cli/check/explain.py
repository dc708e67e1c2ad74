"""Topic lookup -> Explanation (pure): the answer to one worry, with its rules.

A worry may be named by a topic id or alias (``contacts``, ``爆通讯录``) or asked in
the borrower's own words (``催收说要抓我``): ``check.route`` finds the topic, and
the explanation remembers the question and any close runner-up topics.
"""

from __future__ import annotations

from dataclasses import dataclass

from overdue_cli.errors import UsageProblem, cut
from overdue_cli.locale import Localizer
from overdue_cli.rulebook import Action, Rule, Rulebook, Topic


@dataclass(frozen=True)
class Explanation:
    topic: Topic
    rules: tuple[Rule, ...]
    actions: tuple[Action, ...]
    routed_from: str | None = None
    """The free-text question this topic was found for; None: an id or alias was given."""
    also: tuple[str, ...] = ()
    """Other topic ids that fit the question almost as well, best first."""


def explain_topic(book: Rulebook, topic_id: str, *, routed_from: str | None = None,
                  also: tuple[str, ...] = ()) -> Explanation:
    """The topic with its related rules and next steps resolved to objects."""
    topic = book.topics[topic_id]
    by_id = {rule.id: rule for rule in book.rules}
    return Explanation(
        topic,
        tuple(by_id[r] for r in topic.rules),
        tuple(book.actions[a] for a in topic.actions),
        routed_from,
        also,
    )


def answer_question(book: Rulebook, loc: Localizer, question: str) -> Explanation:
    """The explanation for a topic id, an alias or a question in the user's words.

    Nothing fits: a UsageProblem (exit 2) in the user's language, whose hint lists
    every topic by id and name (and the closest id, for a mistyped one).
    """
    from overdue_cli.text import fold_key

    exact = book.topic_index.get(fold_key(question))
    if exact is not None:  # the common case: no router, no segmenter (start-up is timed)
        return explain_topic(book, exact)
    from overdue_cli.check.route import route_topic

    routed = route_topic(book, question)
    best = routed.best
    if best is None:
        raise no_topic(book, loc, question)
    if routed.exact:
        return explain_topic(book, best)
    return explain_topic(book, best, routed_from=question, also=routed.also())


def no_topic(book: Rulebook, loc: Localizer, question: str) -> UsageProblem:
    """The error for a question no topic fits: the topics to choose from in the hint."""
    from overdue_cli.text import closest, text_safe

    shown = text_safe(cut(" ".join(question.split()), 40))
    sep = ", " if loc.lang == "en" else "、"
    listed = sep.join(f"{t.id} ({loc(t.title)})" if loc.lang == "en"
                      else f"{t.id}（{loc(t.title)}）" for t in book.topics.values())
    near = closest(question, list(book.topics), 1) if question.strip() else []
    mean = (f" (did you mean '{near[0]}'?)" if loc.lang == "en" else f"（是不是“{near[0]}”？）"
            ) if near else ""
    message = (loc(book.label("ui", "no_topic")) or "").format(question=shown)
    hint = (loc(book.label("ui", "topic_choices")) or "").format(topics=listed)
    return UsageProblem(message + mean, hint)
