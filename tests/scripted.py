"""A scripted user for the interviews (check, rate, letter): ``ask`` answers from a
list, in order, and remembers every question; ``say`` keeps what was shown; running
out of answers is the end of input, as a closed stdin is."""

from __future__ import annotations

from collections.abc import Iterator

from overdue_cli.errors import InputEnded


class Script:
    def __init__(self, *answers: str) -> None:
        self.answers: Iterator[str] = iter(answers)
        self.asked: list[str] = []
        self.said: list[str] = []

    @property
    def questions(self) -> list[str]:
        return self.asked

    def ask(self, question: str) -> str:
        self.asked.append(question)
        try:
            return next(self.answers)
        except StopIteration:
            raise InputEnded("the script ran out of answers", key="interview_ended") from None

    def say(self, text: str) -> None:
        self.said.append(text)
