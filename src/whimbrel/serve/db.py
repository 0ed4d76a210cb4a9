"""The server's hold on the store: one DuckDB connection, many readers, one writer.

DuckDB lets one process write a file. The server is that process: it opens the
store once, answers each request on its own cursor (a snapshot: readers never see
half a batch), and feeds every ingest, from the API or the watch folder, through
one writer thread that commits batch by batch with the store's own ingest code.
A served read-only store writes nothing.
"""

from __future__ import annotations

import json
import os
import queue
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import duckdb

from ..errors import StoreError
from ..model import Article
from ..store import Store
from ..store.database import sidecar_path


class QueryTimeout(StoreError):
    """A query ran past the server's time limit and was interrupted."""


@dataclass
class Job:
    """One ingest request: the stories, and what became of them."""

    id: str
    articles: list[Any]
    origin: str
    state: str = "queued"  # queued, running, done, failed
    stories: int = 0
    stored: int = 0
    skipped: int = 0
    mentions: int = 0
    errors: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event, repr=False)
    on_done: Callable[["Job"], None] | None = field(default=None, repr=False)

    def summary(self) -> dict[str, Any]:
        return {"job": self.id, "state": self.state, "origin": self.origin,
                "stories": self.stories or len(self.articles), "stored": self.stored, "skipped": self.skipped,
                "mentions": self.mentions, "errors": self.errors}


class ServerDB:
    """The store as the server holds it (see the module docstring)."""

    def __init__(self, path: str, *, writable: bool, timeout: float = 10.0,
                 coder: Callable[[Article], Any] | None = None):
        self.path = path
        self.writable = writable
        self.timeout = timeout
        self.store = Store(path, read_only=not writable)
        self._coder = coder
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._writer: threading.Thread | None = None
        self._cursor_lock = threading.Lock()  # the parent connection is not thread-safe
        self._tables = {r[0] for r in self.store.con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}

    # -- reading -----------------------------------------------------------
    @contextmanager
    def reader(self, timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request, interrupted past the time limit."""
        cur = self._cursor()
        limit = self.timeout if timeout is None else timeout
        timer = threading.Timer(limit, cur.interrupt)
        timer.daemon = True
        timer.start()
        try:
            yield cur
        except duckdb.InterruptException:
            raise QueryTimeout(f"the query took longer than {limit:g} s and was stopped; "
                               "narrow the filters (dates, dyad, type) and try again") from None
        except duckdb.Error as err:
            raise StoreError(f"the store could not answer: {err}") from err
        finally:
            timer.cancel()
            cur.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own to the same database, for one thread."""
        with self._cursor_lock:
            return self.store.con.cursor()

    def has_table(self, name: str) -> bool:
        """Whether the store has this table (series and commitments come later)."""
        if name not in self._tables:  # re-check: a migration may have added it
            with self.reader() as cur:
                self._tables = {r[0] for r in cur.execute(
                    "SELECT table_name FROM information_schema.tables").fetchall()}
        return name in self._tables

    # -- writing -----------------------------------------------------------
    def start(self) -> None:
        if self.writable and self._writer is None:
            self._writer = threading.Thread(target=self._write_loop, name="whimbrel-writer",
                                            daemon=True)
            self._writer.start()

    def submit(self, articles: list[Any], origin: str,
               on_done: Callable[[Job], None] | None = None) -> Job:
        """Queue stories for the writer; returns at once with the job to follow."""
        if not self.writable:
            raise StoreError("this server is read-only; restart it with $WHIMBREL_TOKEN set "
                             "or --watch DIR to ingest through it")
        self.start()
        job = Job(uuid.uuid4().hex[:12], list(articles), origin, on_done=on_done)
        self._jobs[job.id] = job
        while len(self._jobs) > 1000:  # keep the latest jobs' reports, not every one forever
            self._jobs.pop(next(iter(self._jobs)))
        self._queue.put(job)
        return job

    def job(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def pending(self) -> int:
        return self._queue.qsize()

    def _write_loop(self) -> None:
        from ..store.ingest import default_coder, ingest_articles, per_article

        con = self._cursor()
        stream = per_article(self._coder) if self._coder else default_coder(1)
        while (job := self._queue.get()) is not None:
            job.state = "running"
            try:
                report = ingest_articles(con, job.articles, coder=stream, batch_size=32)
                job.stored, job.skipped = report.stored, report.skipped
                job.mentions, job.errors = report.mentions, report.errors
                job.state = "done"
            except Exception as err:  # noqa: BLE001 -- the job reports it; the server goes on
                job.errors.append(f"{type(err).__name__}: {err}")
                job.state = "failed"
            job.stories, job.articles = len(job.articles), []  # the report stays, texts go
            job.done.set()
            if job.on_done:
                job.on_done(job)

    # -- lifecycle ---------------------------------------------------------
    def announce(self, url: str, ingest_url: str | None, watch: str | None) -> None:
        """Tell other whimbrel commands that this server holds the file, and how to reach it."""
        if self.path == ":memory:":
            return
        info = {"pid": os.getpid(), "url": url, "writable": self.writable,
                "ingest_url": ingest_url, "watch": watch, "since": time.time()}
        sidecar_path(self.path).write_text(json.dumps(info))

    def close(self) -> None:
        if self._writer is not None:
            self._queue.put(None)
            self._writer.join(timeout=60)
        try:
            side = sidecar_path(self.path)
            if side.exists() and json.loads(side.read_text()).get("pid") == os.getpid():
                side.unlink()
        except (OSError, ValueError):
            pass
        self.store.close()
