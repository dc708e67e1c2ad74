"""Matching spread over worker processes, for large inputs.

Finding the signals in a message is pure CPU work on one string, and it is
nine tenths of a scan; everything that depends on order (the per-sender
counts, the summary, the output) stays in this process. So a large export is
read here, cut into batches, matched by ``jobs`` workers, and put back in
input order. At most ``2 × jobs`` batches are in flight, so memory stays
bounded whatever the input size.

Workers are forked where the platform allows it (they inherit the loaded
rulebook), spawned elsewhere; either way they talk to this process over
pipes, never a socket. Results travel as plain tuples, not as rulebook
objects, which would be slow to pickle.

Why not ``multiprocessing.Pool``: on Ctrl-C the terminal interrupts every
process of the group, and a pool worker interrupted while it holds the pool's
shared queue lock leaves that lock taken for good, so the pool's own cleanup
then waits for it forever (and every worker prints a traceback). Here each
worker has a pipe of its own each way, batches go to the workers in turn (so
results come back in order without any shared lock), and:

* workers ignore SIGINT and die on SIGTERM without running any Python: the
  main process alone handles an interrupt, and ends them (terminate, then
  kill); they are started with both signals blocked, so none lands while a
  worker is still setting up;
* this process never waits on a worker without also watching for its exit
  (its sentinel), so a worker that died is an error, never a hang;
* a worker whose main process went away sees the end of its task pipe and
  exits (each closes the pipe ends it inherited from its siblings);
* batches are sent by a helper thread, so a large batch waiting for a busy
  worker to read it never stalls the collecting of results.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

from overdue_cli.errors import EXIT_DATA, OverdueError
from overdue_cli.readers import Record, Skipped
from overdue_cli.rulebook import Rulebook, load_rulebook
from overdue_cli.scan.matcher import Hit, Matcher

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext, SpawnContext

BATCH = 256
"""Records per batch sent to a worker: large enough that the pipe is not the cost."""
AUTO_MIN_BYTES = 1_000_000
"""``--jobs auto`` uses workers only for file inputs at least this large."""
MAX_AUTO_JOBS = 4

_POLL = 0.5
"""Seconds between checks (for an interrupt, a dead worker) while waiting on a worker."""
_GRACE = 2.0
"""Seconds a worker is given to exit before it is killed."""

_matcher: Matcher | None = None
_index: dict[str, int] = {}

Item = Record | Skipped
RawHit = tuple[int, str, int, int, str | None, tuple[tuple[str, str, tuple[int, int]], ...]]
"""A hit as it crosses the pipe: (signal index, evidence, start, end, frame, parts)."""


class WorkerFailed(OverdueError):
    """A worker process died or failed (killed from outside, out of memory): exit 3."""

    exit_code = EXIT_DATA


def auto_jobs(sizes: Iterable[int]) -> int:
    """Workers for ``--jobs auto``: 1 (no pool) unless the files are large and the
    machine has more than one CPU for this process."""
    if sum(sizes) < AUTO_MIN_BYTES:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_AUTO_JOBS, cpus))


def _start(path: str) -> None:
    """Worker set-up: the matcher for the rulebook (already loaded if forked)."""
    global _matcher, _index
    book = load_rulebook(path)
    _matcher = Matcher(book)
    _index = {signal.id: i for i, signal in enumerate(book.signals)}


def _find_batch(texts: list[str]) -> list[list[RawHit]]:
    assert _matcher is not None
    return [[(_index[h.signal.id], h.evidence, *(h.span or (0, 0)), h.frame, h.parts)
             for h in _matcher.find(t)]
            for t in texts]


# --------------------------------------------------------------------------- signals


_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """SIGINT and SIGTERM held back in this thread (and in the processes and threads it
    starts meanwhile) until the block ends, when a pending one is handled. A no-op
    where unsupported (Windows)."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:
        yield
        return
    old = block(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, old)


def child_signals() -> None:
    """In a child process (a worker, the import's reader): Ctrl-C is the main process's
    to handle; SIGTERM ends the child at once (no Python handler, so no traceback);
    then let through the signals held back while it started."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)


# --------------------------------------------------------------------------- the worker


def _work(path: str, tasks: Any, results: Any, inherited: list[Any]) -> None:
    """A worker's life: answer each batch of texts with its hits, in order, until told
    to stop (None) or the main process is gone (end of the task pipe)."""
    child_signals()
    for conn in inherited:  # the main process's ends, of this worker's pipes and earlier ones
        conn.close()
    try:
        try:
            _start(path)
        except BaseException as exc:  # reported to the main process
            results.send(("error", _portable(exc)))
            return
        while True:
            try:
                texts = tasks.recv()
            except (EOFError, OSError):
                return  # the main process is gone
            if texts is None:
                return
            try:
                answer: tuple[str, Any] = ("ok", _find_batch(texts))
            except Exception as exc:  # a bug: reported, not printed here
                answer = ("error", _portable(exc))
            results.send(answer)
    except (BrokenPipeError, EOFError, OSError):
        pass  # the main process is gone or stopped reading
    finally:
        os._exit(0)  # no atexit handlers, no flushing of buffers inherited from the parent


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else a RuntimeError that says what it was."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(repr(exc))
    return exc


class _Worker:
    """One worker process and this process's ends of its two pipes."""

    def __init__(self, process: Any, tasks: Any, results: Any) -> None:
        self.process = process
        self.tasks = tasks
        self.results = results


# --------------------------------------------------------------------------- the finder


class ParallelFinder:
    """Pairs each record with its text hits, found by worker processes, in order."""

    def __init__(self, book: Rulebook, jobs: int) -> None:
        self.book = book
        self.jobs = jobs
        import multiprocessing  # here: `scan` of one message never pays for it (~5 ms)

        methods = multiprocessing.get_all_start_methods()
        self._ctx: ForkContext | SpawnContext = (
            multiprocessing.get_context("fork") if "fork" in methods
            else multiprocessing.get_context("spawn"))
        self._workers: list[_Worker] = []
        self._next = 0  # the worker the next batch goes to
        self._outbox: queue.SimpleQueue[tuple[_Worker, list[str]] | None] = queue.SimpleQueue()
        self._feed_failed: _Worker | None = None  # a worker the feeder could not send to
        self._feeder: threading.Thread | None = None
        try:
            # Blocked while workers start (they inherit the block and lift it once their
            # handlers are set) and while the feeder thread starts (it keeps the block
            # for good: signals are this thread's business).
            with signals_blocked():
                for _ in range(jobs):
                    self._workers.append(self._start_worker(book.path))
                self._feeder = threading.Thread(target=self._feed, name="overdue-scan-feeder",
                                                daemon=True)
                self._feeder.start()
        except BaseException:
            self._stop(force=True)
            raise

    def _start_worker(self, path: str) -> _Worker:
        task_read, task_write = self._ctx.Pipe(duplex=False)
        result_read, result_write = self._ctx.Pipe(duplex=False)
        inherited: list[Any] = []
        if self._ctx.get_start_method() == "fork":
            inherited = [task_write, result_read]
            for worker in self._workers:
                inherited += [worker.tasks, worker.results]
        process = self._ctx.Process(target=_work, name="overdue-scan-worker", daemon=True,
                                    args=(path, task_read, result_write, inherited))
        try:
            process.start()
        finally:
            task_read.close()
            result_write.close()
        return _Worker(process, task_write, result_read)

    def __enter__(self) -> ParallelFinder:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop(force=kind is not None)

    # -- sending (in the feeder thread)

    def _feed(self) -> None:
        """Send queued batches in order; None ends it. Never raises: a failure is kept
        for the main thread, which notices it while waiting for a result."""
        while (job := self._outbox.get()) is not None:
            worker, texts = job
            try:
                worker.tasks.send(texts)
            except BaseException:  # it died (broken pipe): the collector reports it
                self._feed_failed = worker
                return

    # -- stopping

    def _stop(self, force: bool) -> None:
        """End the workers: politely when the work is done, at once on an error or an
        interrupt (SIGTERM, then SIGKILL for one that lingers). Never waits long."""
        with signals_blocked():  # a second Ctrl-C must not cut the cleanup short
            feeder, self._feeder = self._feeder, None
            self._outbox.put(None)  # the feeder ends once it has sent what is queued
            for worker in self._workers:
                # answers nobody will read: a worker still sending one gets a broken pipe
                # and exits, instead of waiting for us (and the feeder for it)
                with contextlib.suppress(OSError):
                    worker.results.close()
            if feeder is not None and not force:
                feeder.join(_GRACE)
                force = feeder.is_alive()
            for worker in self._workers:
                if force:
                    with contextlib.suppress(OSError, ValueError, AttributeError):
                        worker.process.terminate()
                else:
                    with contextlib.suppress(OSError, ValueError):
                        worker.tasks.send(None)
            for worker in self._workers:
                self._reap(worker)
            if feeder is not None:
                feeder.join(_POLL)  # the workers are gone: any send it was in has failed
            for worker in self._workers:
                with contextlib.suppress(OSError):
                    worker.tasks.close()
            self._workers = []

    @staticmethod
    def _reap(worker: _Worker) -> None:
        process = worker.process
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(_GRACE)
            if process.exitcode is None:
                process.kill()
                process.join(_GRACE)

    # -- the work

    def pairs(self, items: Iterable[Item]) -> Iterator[tuple[Item, list[Hit] | None]]:
        """(item, hits) for every item; hits is None for a skipped record. A fault
        while reading is raised after the records before it have been yielded."""
        pending: deque[tuple[list[Item], _Worker]] = deque()
        batch: list[Item] = []
        source = iter(items)
        while True:
            try:
                item = next(source)
            except StopIteration:
                break
            except OverdueError:
                # a fault while reading: what was read before it is still reported
                yield from self._drain(batch, pending)
                raise
            batch.append(item)
            if len(batch) >= BATCH:
                pending.append(self._submit(batch))
                batch = []
                if len(pending) >= 2 * self.jobs:
                    yield from self._collect(*pending.popleft())
        yield from self._drain(batch, pending)

    def _drain(self, batch: list[Item], pending: deque[tuple[list[Item], _Worker]]
               ) -> Iterator[tuple[Item, list[Hit] | None]]:
        if batch:
            pending.append(self._submit(batch))
        while pending:
            yield from self._collect(*pending.popleft())

    def _submit(self, batch: list[Item]) -> tuple[list[Item], _Worker]:
        worker = self._workers[self._next]
        self._next = (self._next + 1) % len(self._workers)
        self._outbox.put((worker, [item.text for item in batch if isinstance(item, Record)]))
        return batch, worker

    def _result(self, worker: _Worker) -> Any:
        """The worker's next answer; WorkerFailed if it died (never waits forever)."""
        from multiprocessing.connection import wait

        conn, process = worker.results, worker.process
        while True:
            ready = wait([conn, process.sentinel], _POLL)
            if conn in ready:
                break
            if ready:  # exited with no answer waiting
                raise self._failed(worker)
            if self._feed_failed is not None:  # another one died: its batch will never come
                raise self._failed(self._feed_failed)
        try:
            kind, payload = conn.recv()
        except (EOFError, OSError):
            raise self._failed(worker) from None
        if kind == "error":
            raise payload
        return payload

    def _failed(self, worker: _Worker) -> WorkerFailed:
        process = worker.process
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(_POLL)
        code = process.exitcode
        how = (f"was killed by signal {-code}" if code is not None and code < 0
               else "stopped unexpectedly")
        return WorkerFailed(f"a scan worker process {how} (扫描进程意外退出)",
                            "run the scan again; --jobs 1 scans without worker processes",
                            key="worker_killed" if code is not None and code < 0
                            else "worker_stopped", hint_key="worker_hint",
                            params={"signal": -code if code is not None else 0})


    def _collect(self, batch: list[Item], worker: _Worker
                 ) -> Iterator[tuple[Item, list[Hit] | None]]:
        signals = self.book.signals
        found = iter(self._result(worker))
        for item in batch:
            if isinstance(item, Skipped):
                yield item, None
            else:
                yield item, [Hit(signals[i], evidence, (start, end), frame, parts)
                             for i, evidence, start, end, frame, parts in next(found)]
