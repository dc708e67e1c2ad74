"""Phone numbers: one normal form for matching, gateway detection, masking.

Exports write the same caller as ``+86 170-1234-5678``, ``008617012345678`` or
``17012345678``; duplicates across exports only merge if they compare equal, so
every number is normalised once, on the way in. The raw form is kept beside it.
"""

from __future__ import annotations

import re

_DROP = re.compile(r"[\s\-().（）]+")
_MOBILE = re.compile(r"1[3-9]\d{9}")


def normalise(raw: str | None) -> str | None:
    """``+86 170-1234-5678`` -> ``17012345678``; ``None``/blank/``null`` -> None.

    Only a country code in front of an 11-digit mainland mobile number is removed,
    so short codes (95588) and foreign numbers stay as they are (less spacing).
    """
    if raw is None:
        return None
    stripped = raw.strip()
    # Android writes -1..-4 for a withheld, unknown or payphone caller
    if stripped.lower() in ("null", "-1", "-2", "-3", "-4", "unknown"):
        return None
    text = _DROP.sub("", stripped)
    if not text:
        return None
    for prefix in ("+86", "0086", "86"):
        if text.startswith(prefix) and _MOBILE.fullmatch(text[len(prefix):]):
            return text[len(prefix):]
    return text


def is_gateway(number: str | None) -> bool:
    """SMS gateway and service numbers (106…, 95xxx): platform notifications,
    as opposed to the personal mobiles outsourced collectors often call from."""
    if not number:
        return False
    digits = number.lstrip("+")
    if not digits.isdigit():
        return False
    return (digits.startswith("106") and len(digits) >= 8) or (
        digits.startswith("95") and 5 <= len(digits) <= 8)


def mask(number: str | None) -> str | None:
    """Keep the last four digits: ``17012345678`` -> ``*******5678``."""
    if number is None:
        return None
    if len(number) <= 4:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]
