"""overdue (网贷逾期维权助手): a borrower-rights helper for overdue online loans."""

__version__ = "0.1.0"
