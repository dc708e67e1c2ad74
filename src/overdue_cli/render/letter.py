"""``overdue letter``: a letter with the box of guidance above it (Markdown or plain
text), the JSON document around it, and the list of letters.

Why a module of its own: the letter (always Simplified Chinese) and its guidance (in
``--lang``) are the core's (``overdue_cli.letters``); here they are only laid out,
or wrapped in the one JSON envelope every command uses. The result records live
here too, beside the only renderers that read them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, TextIO

from overdue_cli.render.json import envelope, write_document

if TYPE_CHECKING:
    from overdue_cli.letters import Letter
    from overdue_cli.locale import Localizer


class LetterOutput(NamedTuple):
    """``overdue letter KIND``: one letter drafted."""

    letter: Letter


class LetterListOutput(NamedTuple):
    """``overdue letter list``: every letter, in the user's language."""

    loc: Localizer
    letters: list[dict[str, str]]


def _plain(text: str) -> str:
    """Guidance for plain text: no Markdown backticks or emphasis."""
    return text.replace("`", "").replace("*", "")


def _box(letter: Letter) -> list[str]:
    """The box above the letter, in the letter's format: a quote block in Markdown, a
    ruled block in text, each ending where the letter begins."""
    lab = letter.labels
    markdown = letter.format == "markdown"
    notes = [lab["draft"]]
    if letter.lang != "zh-Hans":
        notes.append(lab["chinese"])
    if letter.placeholders:
        english = letter.lang == "en"
        notes.append(lab["fill"] + (" " if english else "")
                     + (" " if english else "、").join(letter.placeholders))
    lines: list[str] = []
    if markdown:
        lines += [f"> **{lab['before']}**", ">"]
        lines += [f"> - {n}" for n in notes]
        lines += [">", f"> **{lab['guidance']}**", ">"]
        lines += [f"> - {g}" for g in letter.guidance]
        lines += [">", f"> **{lab['send']}**", ">"]
        lines += [f"> {i}. {s}" for i, s in enumerate(letter.send, 1)]
        lines += ["", "---", ""]
    else:
        lines += [f"—— {lab['before']} ——"]
        lines += [f"· {_plain(n)}" for n in notes]
        lines += ["", f"{lab['guidance']}："if letter.lang != "en" else f"{lab['guidance']}:"]
        lines += [f"· {_plain(g)}" for g in letter.guidance]
        lines += ["", f"{lab['send']}：" if letter.lang != "en" else f"{lab['send']}:"]
        lines += [f"{i}. {_plain(s)}" for i, s in enumerate(letter.send, 1)]
        lines += [f"—— {lab['body']} ——", ""]
    return lines


def draft(out: LetterOutput, stream: TextIO) -> None:
    """The box of guidance, then the letter exactly as the core wrote it."""
    stream.write("\n".join(_box(out.letter)) + "\n")
    stream.write(out.letter.text)


def document(out: LetterOutput, stream: TextIO) -> None:
    """The JSON document: the letter's kind and facts, what it cites, what is left to
    fill in, the guidance and sending steps (in ``lang``) and the letter itself."""
    letter = out.letter
    doc = envelope("letter")
    doc.update({"lang": letter.lang, "kind": letter.kind, "title": letter.title,
                "name": letter.name, "format": letter.format, "facts": letter.facts,
                "citations": list(letter.citations),
                "placeholders": list(letter.placeholders),
                "guidance": list(letter.guidance), "send": list(letter.send),
                "letter": letter.text})
    write_document(stream, doc)


def listing(out: LetterListOutput, stream: TextIO) -> None:
    """One letter a line: the id to type, its Chinese title, and when to send it."""
    width = max(len(item["id"]) for item in out.letters)
    for item in out.letters:
        stream.write(f"{item['id']:<{width}}  {item['title']}\n")
        stream.write(f"{'':<{width}}  {item['summary']}\n")


def listing_json(out: LetterListOutput, stream: TextIO) -> None:
    doc = envelope("letter list", loc=out.loc)
    doc["letters"] = out.letters
    write_document(stream, doc)
