"""Turning an export's events into rows, here or in a second process.

An import does two kinds of work per record: reading it (parse, normalise,
filter, tag, encode its columns, compute its dedupe key) and storing it (hash
chain, insert). They depend on each other only in one direction, so on a
machine with more than one CPU the reading runs in a forked child process
that sends ready rows over a pipe while this process hash-chains and inserts
the previous batch. The rows arrive in order; the pipe's buffer bounds memory;
the child never touches the journal (it only reads the export), so the
all-or-nothing transaction stays in this process.

The child is forked, not spawned: it continues the very generator this process
created, with the importer's options and the filter and tag functions already
in memory, and nothing but rows is pickled. Where fork is unavailable (Windows,
and macOS where it is unsafe) the reading simply runs here.

Also here, for the command that runs imports: the collector setting a big import
wants (``freeze_collector``) and how many skipped records it names (``note_skip``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from overdue_cli.errors import OverdueError, UsageProblem
from overdue_cli.journal.columns import event_values
from overdue_cli.readers import InputError, Skipped

FILTERED = None
"""Marks one record left out by ``keep`` (counted, not stored); None survives the pipe."""

BATCH = 2000
MIN_BYTES = 2_000_000
"""Exports smaller than this are read here: forking costs more than it saves."""
_POLL = 0.5
"""Seconds between checks (for an interrupt) while waiting for the reader."""
SKIPS_SHOWN = 20
"""Skipped records named (warned about, listed in --json) per export; the count in the
result is always complete."""


def freeze_collector() -> None:
    """Before a run of imports: move everything loaded so far out of the collector's sight.

    An import allocates a few objects per record and keeps none for long; without
    this the collector re-scans the loaded rulebook and libraries again and again
    (about a tenth of an import of 200,000 records, measured).
    """
    import gc

    gc.freeze()


def note_skip(shown: list[Skipped], item: Skipped) -> bool:
    """Keep ``item`` in ``shown`` while it holds fewer than SKIPS_SHOWN; True when kept
    (then it is worth a warning too)."""
    if len(shown) < SKIPS_SHOWN:
        shown.append(item)
        return True
    return False


def prepare(events: Iterable[Any], source_id: int, keep: Callable[[Any], bool] | None,
            tag: Callable[[Any], Any] | None) -> Iterator[Any]:
    """The column values of each kept event; Skipped and FILTERED pass through.

    (The dedupe key is left to the storing process: measured, the reading process
    is the slower of the two, so work that can move, moves there.)"""
    for item in events:
        if isinstance(item, Skipped):
            yield item
            continue
        if keep is not None and not keep(item):
            yield FILTERED
            continue
        event = tag(item) if tag is not None else item
        yield event_values(event, source_id)


def worth_a_process(size: int) -> bool:
    """Fork a reader only for large exports, on Linux, with a second CPU to run it."""
    if size < MIN_BYTES or not sys.platform.startswith("linux"):
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


def in_child(items: Iterator[Any]) -> Iterator[Any]:
    """Run ``items`` (a not yet started generator) in a forked child; yield its items.

    Errors raised while reading are re-raised here, after the items before them,
    with their type, message and hint, so the caller's rollback and message are
    the same as when reading in this process.

    The child ignores Ctrl-C (which the terminal sends to it too) and dies at once on
    SIGTERM: this process alone handles an interrupt, and ends the child when it
    stops, whatever the reason. A child that dies (killed, out of memory) is an
    InputError here, never a traceback or a wait without end.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    from overdue_cli.scan.parallel import signals_blocked

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_produce, args=(items, send, receive), daemon=True)
    try:
        with signals_blocked():  # the child sets its handlers before it takes any signal
            child.start()
        send.close()
        while True:
            if not wait([receive, child.sentinel], _POLL):
                continue  # (a pause to notice an interrupt, then wait on)
            try:
                message = receive.recv()  # the pipe first: the child may have sent, then ended
            except (EOFError, OSError):  # died, possibly half-way through a message
                raise _died(child) from None
            kind = message[0]
            if kind == "batch":
                yield from message[1]
            elif kind == "end":
                return
            else:
                raise _rebuild(message)
    finally:
        with signals_blocked():  # a second Ctrl-C must not leave the child behind
            send.close()
            receive.close()
            _end(child)


def _end(child: Any) -> None:
    """Stop the child if it still runs, and reap it; SIGKILL if SIGTERM is not enough."""
    with contextlib.suppress(OSError, ValueError, AssertionError):
        if child.pid is None:
            return  # never started
        if child.is_alive():
            child.terminate()
        child.join(2.0)
        if child.exitcode is None:
            child.kill()
            child.join(2.0)


def _died(child: Any) -> InputError:
    with contextlib.suppress(OSError, ValueError, AssertionError):
        child.join(_POLL)
    code = child.exitcode
    how = f" (killed by signal {-code})" if code is not None and code < 0 else ""
    return InputError(f"the export reader stopped unexpectedly{how} (读取进程意外退出)",
                      "run the import again; --no-scan does not matter here",
                      key="reader_killed" if how else "reader_stopped",
                      hint_key="import_again", params={"signal": -code if how else 0})



def _produce(items: Iterator[Any], send: Any, receive: Any) -> None:
    """The child: read everything, send batches, then "end" or the error.

    It first closes its copy of the reading end, so that if the parent dies (kill
    -9) the next send fails (broken pipe) and the child ends instead of blocking
    on a pipe that nobody reads."""
    from overdue_cli.scan.parallel import child_signals

    child_signals()
    receive.close()
    try:
        batch: list[Any] = []
        for item in items:
            batch.append(item)
            if len(batch) >= BATCH:
                send.send(("batch", batch))
                batch = []
        send.send(("batch", batch))
        send.send(("end",))
    except OverdueError as exc:
        _send_quietly(send, ("error", type(exc).__name__, exc.message, exc.hint))
    except OSError:
        pass  # the parent is gone (broken pipe)
    except Exception as exc:  # a bug in a reader: say what, the parent rolls back
        _send_quietly(send, ("error", "InputError", f"reading the export failed: {exc!r}",
                             None))
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers


def _send_quietly(send: Any, message: tuple[Any, ...]) -> None:
    with contextlib.suppress(OSError):  # the parent is gone
        send.send(message)


def _rebuild(message: tuple[Any, ...]) -> OverdueError:
    _, name, text, hint = message
    cls: type[OverdueError] = {"UsageProblem": UsageProblem}.get(name, InputError)
    return cls(text, hint)
