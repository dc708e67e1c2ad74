"""Lazy package exports: a package's public names, imported on first use.

Why: `overdue check` must not pay for the scanner's or the readers' modules
just because it imports one name from a package, so each package ``__init__``
maps its public names to the submodule that holds them and imports that
submodule only when a name is asked for (PEP 562).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def exports(package: str, homes: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that finds ``name`` in ``package.<homes[name]>``."""
    namespace = importlib.import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        try:
            module = homes[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return __getattr__
