"""Topic lookup -> Explanation (pure): the answer to one worry, with its rules."""

from __future__ import annotations

from dataclasses import dataclass

from overdue_cli.rulebook import Action, Rule, Rulebook, Topic


@dataclass(frozen=True)
class Explanation:
    topic: Topic
    rules: tuple[Rule, ...]
    actions: tuple[Action, ...]


def explain_topic(book: Rulebook, topic_id: str) -> Explanation:
    """The topic with its related rules and next steps resolved to objects."""
    topic = book.topics[topic_id]
    by_id = {rule.id: rule for rule in book.rules}
    return Explanation(
        topic,
        tuple(by_id[r] for r in topic.rules),
        tuple(book.actions[a] for a in topic.actions),
    )
