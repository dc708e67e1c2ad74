"""The Typer application: one module per command group, shared options once.

May import every other package; nothing imports it but ``__main__``."""

from overdue_cli.cli.root import app, main

__all__ = ["app", "main"]
