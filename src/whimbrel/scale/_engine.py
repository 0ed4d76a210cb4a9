"""The client side of a distributed run: partitions out, finished partitions back in order.

    >>> with DaskEngine("work/", n_workers=2) as engine:
    ...     for result in engine.run(read_inputs(["corpus/"]), mode="code"):
    ...         ...  # a PartResult, in input order

Partitions already finished in the work folder (same fingerprint) are not coded
again. A partition whose worker dies is rescheduled by Dask; if Dask gives up on it
(KilledWorker) it is submitted again, up to MAX_ATTEMPTS times, and the stories
that killed workers are found and skipped by the worker code (see ``_worker``).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import InputError, WhimbrelError
from ..model import Article
from ._manifest import WorkDir
from ._partition import PARTITION_SIZE, Partition, partitions
from ._progress import Progress

#: Submissions of one partition before its stories are reported as failed.
MAX_ATTEMPTS = 4
#: Seconds one story may take before it is stopped and reported.
TIME_LIMIT = 60.0
INSTALL_HINT = "the Dask engine needs Dask: pip install 'whimbrel[dask]'"


@dataclass
class PartResult:
    """One partition, finished: its folder (None if it had nothing to code)."""

    partition: Partition
    folder: Path | None
    summary: dict[str, Any]
    reused: bool = False
    failed: str | None = None

    @property
    def index(self) -> int:
        return self.partition.index


@dataclass
class RunReport:
    partitions: int = 0
    coded: int = 0
    reused: int = 0
    failed: int = 0
    stories: int = 0
    events: int = 0
    errors: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    coded_fingerprints: list[str] = field(default_factory=list)

    def summary(self) -> str:
        rate = self.stories / self.seconds if self.seconds else 0.0
        return (f"{self.partitions} partitions ({self.coded} coded, {self.reused} already done, "
                f"{self.failed} failed); {self.stories} stories, {self.events} events, "
                f"{self.errors} skipped; {self.seconds:.1f} s ({rate:.1f} stories/s)")


def connect(scheduler: str | None = None, n_workers: int | None = None,
            dashboard: bool = True) -> tuple[Any, Any]:
    """A Dask client: to ``scheduler`` if given, else to a new local cluster of
    ``n_workers`` processes with one thread each. Returns (client, cluster or None)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise WhimbrelError(INSTALL_HINT) from None
    from ..api import _limit_threads, default_processes

    _limit_threads()  # spawned workers inherit one numeric thread each
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except (OSError, TimeoutError) as err:
            raise WhimbrelError(f"cannot reach the Dask scheduler at {scheduler} ({err}); "
                                "start one with `dask scheduler` or leave out --scheduler "
                                "for a local cluster") from None
    cluster = LocalCluster(n_workers=n_workers or default_processes(), threads_per_worker=1,
                           processes=True, silence_logs=logging.ERROR,
                           dashboard_address=":0" if dashboard and _has_bokeh() else None)
    return Client(cluster), cluster


def _has_bokeh() -> bool:
    try:
        import bokeh  # noqa: F401
    except ImportError:
        return False
    return True


class DaskEngine:
    """Code partitions on a Dask cluster, writing Parquet partitions into ``work_dir``."""

    def __init__(self, work_dir: str | os.PathLike[str], *, scheduler: str | None = None,
                 n_workers: int | None = None, client: Any = None,
                 partition_size: int = PARTITION_SIZE, time_limit: float = TIME_LIMIT,
                 coder: str | None = None, progress: bool = False,
                 total: int | None = None, say: Callable[[str], None] | None = None):
        self.work = WorkDir(Path(work_dir).resolve()).create()
        self.partition_size, self.time_limit, self.coder = partition_size, time_limit, coder
        self.say = say or (lambda m: None)
        self.own_client, self.own_cluster = client is None, None
        if client is None:
            client, self.own_cluster = connect(scheduler, n_workers)
        self.client = client
        self.progress = Progress(progress, total)
        self.report = RunReport()
        self._prepared = False

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.progress.close()
        if self.own_client:
            self.client.close()
        if self.own_cluster is not None:
            self.own_cluster.close()

    @property
    def dashboard(self) -> str | None:
        try:
            return self.client.dashboard_link if _has_bokeh() else None
        except Exception:  # noqa: BLE001 -- no dashboard is no reason to stop
            return None

    def workers(self) -> int:
        """Workers connected now (recent Dask lists only 5 unless asked for all)."""
        import inspect

        info = self.client.scheduler_info
        wants_all = "n_workers" in inspect.signature(info).parameters
        return len((info(n_workers=-1) if wants_all else info()).get("workers", {}))

    def prepare(self) -> None:
        """Load the coder on every worker now (and on every worker that starts later)."""
        from ._plugin import WarmUp

        self.client.register_plugin(WarmUp(self.coder))

    def salt(self, mode: str) -> str:
        from .. import __version__

        return f"{mode}|{self.coder or 'whimbrel'}|{__version__}"

    def run(self, items: Iterable[Article | InputError], mode: str,
            keep: Callable[[Article], bool] | None = None) -> Iterator[PartResult]:
        """Finished partitions in input order. ``mode`` is "code" (events for output) or
        "store" (rows for the event database); ``keep`` filters articles (see
        :func:`partitions`)."""
        if mode not in ("code", "store"):
            raise ValueError(f"mode {mode!r}: use 'code' or 'store'")
        started = time.monotonic()
        link = self.dashboard
        if link:
            self.say(f"Dask dashboard: {link}")
        self.progress.start()
        running: dict[str, Any] = {}
        try:
            yield from self._run(partitions(items, self.partition_size, self.salt(mode), keep),
                                 mode, running)
        finally:
            self.report.seconds = time.monotonic() - started
            if running:  # stopped early: drop queued partitions (running ones still finish)
                self.client.cancel([fut for fut, _, _ in running.values()])

    def _run(self, parts: Iterator[Partition], mode: str,
             running: dict[str, tuple[Any, Partition, int]]) -> Iterator[PartResult]:
        from distributed import as_completed

        limit = 2 * max(1, self.workers()) + 2  # partitions in flight: bounded memory
        ready: dict[int, PartResult] = {}
        done = as_completed()
        next_index, exhausted, read = 0, False, 0

        def submit(part: Partition, attempt: int) -> None:
            if not self._prepared:  # only when something is left to code
                self.prepare()
                self._prepared = True
            task = {"work_dir": str(self.work.root), "fingerprint": part.fingerprint,
                    "mode": mode, "coder": self.coder, "time_limit": self.time_limit,
                    "index": part.index}
            from ._worker import code_partition

            fut = self.client.submit(code_partition, task, part.items, pure=False,
                                     key=f"whimbrel-part-{part.index}-{part.fingerprint}-{attempt}")
            running[fut.key] = (fut, part, attempt)
            done.add(fut)

        while True:
            while not exhausted and len(running) < limit:
                part = next(parts, None)
                if part is None:
                    exhausted = True
                    self.progress.set_total(read)
                    break
                read += len(part.items) + part.unchanged
                self.report.partitions += 1
                self.report.unchanged += part.unchanged
                found = self.work.summary(part.fingerprint)
                if found is not None or not part.items:
                    ready[part.index] = PartResult(
                        part, self.work.part(part.fingerprint) if part.items else None,
                        found or {}, reused=bool(part.items))
                    self.progress.advance(len(part.items) + part.unchanged)
                else:
                    submit(part, 1)
            while next_index in ready:
                result = ready.pop(next_index)
                self._count(result)
                yield result
                next_index += 1
            if not running:
                if exhausted and not ready:
                    return
                continue
            fut = next(done)
            _, part, attempt = running.pop(fut.key)
            result = self._finish(fut, part, attempt, submit)
            if result is not None:
                ready[part.index] = result
                self.progress.advance(len(part.items) + part.unchanged,
                                      events=self.report.events, errors=self.report.errors)

    def _finish(self, fut: Any, part: Partition, attempt: int,
                submit: Callable[[Partition, int], None]) -> PartResult | None:
        if fut.status == "finished":
            summary = fut.result()
            if self.work.summary(part.fingerprint) is None:
                raise WhimbrelError(
                    f"partition {part.index} was written by a worker but "
                    f"{self.work.part(part.fingerprint)} is not visible here: --work-dir must "
                    "be a folder the client and every worker share (e.g. on NFS)")
            self.report.coded_fingerprints.append(part.fingerprint)
            return PartResult(part, self.work.part(part.fingerprint), summary)
        err = fut.exception()
        if attempt < MAX_ATTEMPTS and _is_lost_worker(err):
            self.progress.write(f"whimbrel: partition {part.index}: workers died coding it "
                                f"({err}); submitting it again (attempt {attempt + 1})")
            submit(part, attempt + 1)
            return None
        reason = f"its partition {part.index} failed on the cluster ({type(err).__name__}: {err})"
        self.progress.write(f"whimbrel: {reason}")
        return PartResult(part, None, {}, failed=reason)

    def _count(self, result: PartResult) -> None:
        r = self.report
        if result.failed:
            r.failed += 1
            r.errors += len(result.partition.items)
            return
        if result.folder is None:
            return
        r.reused += result.reused
        r.coded += not result.reused
        r.stories += result.summary.get("stories", 0)
        r.events += result.summary.get("events", 0)
        r.errors += result.summary.get("errors", 0)


def _is_lost_worker(err: BaseException | None) -> bool:
    try:
        from distributed.scheduler import KilledWorker
    except ImportError:  # pragma: no cover
        return False
    return isinstance(err, KilledWorker)


def failed_items(result: PartResult) -> list[InputError]:
    """Every input of a failed partition, as an error naming the failure."""
    out = []
    for item in result.partition.items:
        if isinstance(item, Article):
            out.append(InputError(item.origin or item.doc_id, f"{result.failed}; skipped"))
        else:
            out.append(InputError(*item))
    return out
