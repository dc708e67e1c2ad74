"""The evidence journal: ``overdue log`` and ``overdue complaint``.

Events (calls, messages, visits) come in from ``log add`` or from phone exports,
are kept in an append-only, hash-chained SQLite file on the user's machine, and
are turned into a report and complaint drafts. Every module here is pure or a
thin adapter over SQLite; the CLI does the printing.
"""
