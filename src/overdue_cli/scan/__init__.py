"""Scanning collectors' messages: the matcher, the scanner, the model's second opinion,
worker processes, and running a whole scan. Imports rulebook/, readers/, text/, errors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from overdue_cli.lazy import exports

if TYPE_CHECKING:
    from overdue_cli.scan.matcher import (
        Hit,
        Matcher,
    )
    from overdue_cli.scan.model import (
        Model,
        default_model_path,
        load_model,
    )
    from overdue_cli.scan.parallel import (
        ParallelFinder,
        WorkerFailed,
        auto_jobs,
        child_signals,
        signals_blocked,
    )
    from overdue_cli.scan.run import (
        SKIPS_REPORTED,
        Progress,
        ScanOutcome,
        ScanSettings,
        auto_jobs_for,
        run_scan,
    )
    from overdue_cli.scan.scanner import (
        MessageResult,
        Scanner,
        Summary,
        actions_for,
        fired_on_example,
        signal_index,
    )
    from overdue_cli.scan.sources import (
        classify,
        kind_of,
        read_all,
    )

__all__ = [
    "SKIPS_REPORTED",
    "Hit",
    "Matcher",
    "MessageResult",
    "Model",
    "ParallelFinder",
    "Progress",
    "ScanOutcome",
    "ScanSettings",
    "Scanner",
    "Summary",
    "WorkerFailed",
    "actions_for",
    "auto_jobs",
    "auto_jobs_for",
    "child_signals",
    "classify",
    "default_model_path",
    "fired_on_example",
    "kind_of",
    "load_model",
    "read_all",
    "run_scan",
    "signal_index",
    "signals_blocked",
]

__getattr__ = exports(__name__, {
    "Hit": "matcher",
    "Matcher": "matcher",
    "Model": "model",
    "default_model_path": "model",
    "load_model": "model",
    "ParallelFinder": "parallel",
    "WorkerFailed": "parallel",
    "auto_jobs": "parallel",
    "child_signals": "parallel",
    "signals_blocked": "parallel",
    "SKIPS_REPORTED": "run",
    "Progress": "run",
    "ScanOutcome": "run",
    "ScanSettings": "run",
    "auto_jobs_for": "run",
    "run_scan": "run",
    "MessageResult": "scanner",
    "Scanner": "scanner",
    "Summary": "scanner",
    "actions_for": "scanner",
    "fired_on_example": "scanner",
    "signal_index": "scanner",
    "classify": "sources",
    "kind_of": "sources",
    "read_all": "sources",
})
