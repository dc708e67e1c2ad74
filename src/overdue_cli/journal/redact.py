"""Mask personal data before a journal leaves the user's machine (``--redact``).

A redacted export goes to a lawyer, a regulator or a public forum, so it must
not carry the borrower's (or their contacts') phone, ID card and bank card
numbers or names. It must still *prove* the harassment, so everything a
complaint relies on stays readable: dates, times, amounts, counts, short
service numbers (110, 12378, 95588, 96110), SMS gateways (106…), 400/800
hotlines, and the last four digits of every masked number (enough to tell
"the same collector called again" without identifying anyone).

Choices, all deliberate:

* **Length-preserving.** A masked digit (ASCII or fullwidth) becomes one ``*``;
  separators, ``+86``/``0086``/``86`` country codes and brackets are kept. So
  ``+86 170-1234-5678`` -> ``+86 ***-****-5678``: positions and lengths in the
  redacted text are those of the original, and a reader still sees the shape.
* **Last four kept** for phones, ID cards and bank cards (the ID's check
  character ``X`` counts as one of the four), as
  :func:`overdue_cli.journal.phones.mask` does for field values.
* **Every way a number is written.** Fullwidth digits count as digits.
  Between digit groups a separator is a space of any kind (no-break, thin,
  narrow no-break, ideographic), a dot, slash, underscore or middle dot, or a
  dash of any kind (hyphen, en and em dash, minus) with at most one space on
  either side (``175 - 4061 - 3589``). Groupings:

  - mobiles (``1[3-9]`` + 9 digits): 11, 3-4-4, 3-8, 7-4, 3-3-5, 4-3-4, one
    digit at a time, ``(3)``-4-4, each after an optional ``+86``/``0086``/``86``;
  - ID cards (18, last may be X/x): 18, 6-8-4, 6-4-4-4, 4-4-4-4-2; the old
    15-digit ID: 15 (first digit 1-8), 6-6-3;
  - bank cards: 16-19 digits; 4-4-4-4 plus an optional group of 1-3; 4-4-4-3;
    6 and 10-13; 4-6-6 plus an optional 1-3; 4-6-5 (Amex); threes (15-19
    digits, first digit 3-6, as card numbers start);
  - landlines (area code ``0xx``/``0xxx`` or in brackets, 7-8 digit local
    number) and ``+86``/``0086`` landlines, as before issue 9, now with any
    separator.

  Within one number the separator is the same each time: a change of
  separator is where one number ends and the next begins
  (``400-820-8820 6222-0212-3456-7890``: the hotline stays, the card is
  masked). Only the spaces and hyphens masked before issue 9 may still be
  mixed in mobiles and landlines (``0571-8888 8888``, ``+86 170-1234 5678``),
  and the separator after a country code or an area code in brackets is free.
  ``" / "`` separates numbers, never groups.
* **Shapes, not guesses.** Only numbers with a mainland phone / ID card / bank
  card shape are masked. Bare 7-8 digit local numbers, 12-14 or 20+ digit runs
  (order/contract numbers, timestamps), dates in any notation (2026-11-20,
  2026.11.20, 20261120), times, amounts (3,500.00), case numbers
  (（2026）浙0102民初8817号) are left alone: no shape has their groups of two
  digits or their lengths. No Luhn or birth-date check: collectors mistype
  card numbers and a failed check must not leak one. The price of shapes:
  four groups of four (``5000 3000 2000 1000``) look like a card and are
  masked, as before; two numbers joined by nothing but one separator may be
  read as one longer number, and then the rest of the second one may stay
  readable (``8256 454110 497341-56867450-5311``).
* **Names** are the ones the caller knows (counterparties, contacts, the
  user), a name with a common surname (about a hundred single ones and the
  compound ones) plus one or two characters in three places, and nothing else:

  - directly before an honorific: 王小明先生 -> 王**先生;
  - after a label (姓名, 名字, 户主, 户名, 开户名, 开户人, 持卡人, 机主, 借款人,
    收款人, 联系人; then optionally ：, 是, 为 or 叫): 姓名：张伟 -> 姓名：张*;
  - after a masked phone / ID / card number and 的:
    身份证号110101199003071234的张伟 -> 身份证号**************1234的张*.

  The surname stays, the given name is masked. After a number and 的, the
  name must end where a name ends: at punctuation, a digit or the end of the
  text, or before a word that follows names (的, 是, 你, 欠, 先生, 本人,
  身份证, 电话, 马上 ...); a label names a person anyway, so there two
  characters are masked when no such end is in sight. Everyday words that
  start with a surname and follow ``<number>的`` (余额, 金额, 方式, 周期,
  王八蛋, 马上 ...) are not names. Names with rarer surnames are missed:
  guessing more would mask ordinary words and change what the evidence says.
* **Idempotent.** Redacting a redacted text changes nothing, so an export of
  an already redacted journal is stable. For this, the four characters a
  masked number kept (four significant characters right after at least five
  ``*``, separators and brackets aside) and the country code in front of its
  ``*`` are never part of a new match, and an ID's final X is never followed
  by ``*``. The price: a grouped number whose first group has at most four
  digits, written right after five literal ``*`` (``*****1380 013 8000``), is
  taken for such a remainder and left alone; ``**17012345678**``,
  ``**170 1234 5678**`` and ``*8 138 0013 8000`` are masked.
* **Identity when clean.** A text without personal data is returned as the
  same object, and the cheap checks come first: an export runs this over
  hundreds of thousands of messages.

The number shapes live in ``redact_numbers``, the name patterns in
``redact_names``; this module holds the choices above and the Redactor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from overdue_cli.journal.phones import mask
from overdue_cli.journal.redact_names import (
    COMPOUND_SURNAMES,
    HONORIFICS,
    SURNAMES,
    mask_marked_names,
    mask_name,
    mask_names_after_numbers,
    trie_pattern,
)
from overdue_cli.journal.redact_numbers import is_service, mask_numbers, may_hold_number

__all__ = ["COMPOUND_SURNAMES", "HONORIFICS", "SURNAMES", "Redactor"]


class Redactor:
    """Masks personal data in journal fields and free text; see the module doc.

    Built once per export with every name the journal knows, then called for
    each row; all regexes are compiled here or at import.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        # Names of one character would mask nothing (the first one is kept);
        # a '*' in a name could match our own output and break idempotence.
        usable = {n.strip() for n in names if n}
        usable = {n for n in usable if len(n) >= 2 and "*" not in n}
        self._names: re.Pattern[str] | None = (
            re.compile(trie_pattern(usable), re.IGNORECASE) if usable else None)

    def text(self, text: str | None) -> str | None:
        """Mask known names, honorific- and label-marked names, phone / ID / card
        numbers, then a name right after a number and 的.

        Names go first so that a name containing digits (a contact saved as
        催收1) is masked whole before the digits are looked at.
        """
        if not text:
            return text
        out = text
        if self._names is not None and self._names.search(out):
            out = self._names.sub(lambda m: mask_name(m.group()), out)
        out = mask_marked_names(out)
        if may_hold_number(out):
            out = mask_names_after_numbers(mask_numbers(out))
        return text if out == text else out

    def number(self, number: str | None) -> str | None:
        """A phone-number field: last four digits kept (``phones.mask``), except
        service numbers, gateways and hotlines, which identify no person."""
        if number is None or not number.strip() or is_service(number):
            return number
        return mask(number)

    def name(self, name: str | None) -> str | None:
        """A name field (contact name, WeChat remark): first character kept.

        The whole field is masked, whatever it holds: a remark like ``催收 老王``
        is as identifying as a name.
        """
        if name is None:
            return None
        stripped = name.strip()
        if len(stripped) < 2:
            return name
        start = name.index(stripped[0])
        return name[:start] + mask_name(name[start:])
