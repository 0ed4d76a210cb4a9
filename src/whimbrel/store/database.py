"""The Store: one DuckDB file holding stories, event mentions and canonical events."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any, Callable, Iterable

import duckdb

from ..errors import InputError, StoreError
from ..model import Article, Document
from . import schema

DEFAULT_PATH = "whimbrel.duckdb"


def default_path() -> str:
    """``$WHIMBREL_DB`` if set, else ``whimbrel.duckdb`` in the working directory."""
    return os.environ.get("WHIMBREL_DB") or DEFAULT_PATH


class Store:
    """An event database in one file (``":memory:"`` for a throwaway one).

        >>> with Store("events.duckdb") as store:
        ...     store.ingest(["stories/"])
        ...     store.events(dyad=("PAK", "RUS"), since="2021-01-01")

    Opening a store applies any pending schema migrations. ``read_only=True``
    opens an existing file without locking out other readers and refuses writes.

    DuckDB lets one process write a file (or several only read it). When another
    process holds the file, the store waits up to ``wait`` seconds for its turn;
    a file held by ``whimbrel serve`` is not released while it runs, so then the
    error says at once how to send stories to the server instead.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
                 wait: float = 0.0):
        self.path = str(path) if path is not None else default_path()
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"no event database at {self.path}; run `whimbrel ingest` first "
                             "or pass --db PATH")
        self.con = _connect(self.path, read_only, wait)
        if read_only:
            if schema.current_version_readonly(self.con) < schema.SCHEMA_VERSION:
                raise StoreError(f"{self.path} uses an older schema; open it once for writing "
                                 "(e.g. `whimbrel ingest` with no inputs) to migrate it")
        else:
            schema.migrate(self.con)

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return schema.current_version_readonly(self.con)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                for t in schema.TABLES}

    # -- writing -----------------------------------------------------------
    def ingest(self, inputs: Iterable[str | os.PathLike[str] | Article | InputError], *,
               coder: Callable[[Article], Document] | None = None, n_process: int | None = None,
               batch_size: int = 64, progress: bool = False,
               on_error: Callable[[str], None] | None = None,
               on_commit: Callable[[Any], None] | None = None):
        """Code and store stories: paths (files, folders) or Article objects.

        ``coder`` replaces the built-in pipeline with an ``Article -> Document``
        function (run in this process). Returns an :class:`IngestReport`.
        """
        from .ingest import default_coder, ingest_articles, per_article

        self._writable()
        stream = coder and per_article(coder) or default_coder(n_process)
        report = ingest_articles(self.con, _articles(inputs), coder=stream,
                                 batch_size=batch_size, progress=progress,
                                 on_error=on_error, on_commit=on_commit)
        if report.stored:  # an interrupted ingest leaves it stale: readers then compute
            self.refresh_follow()
        return report

    def add_documents(self, docs: Iterable[Document], batch_size: int = 64) -> None:
        """Store already coded documents (replacing earlier versions), batch by batch."""
        from .ingest import write_batch

        self._writable()
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                write_batch(self.con, batch)
                batch = []
        if batch:
            write_batch(self.con, batch)
        self.refresh_follow()

    def recode(self, *, coder: Callable[[Article], Document] | None = None,
               n_process: int | None = None, batch_size: int = 64, progress: bool = False):
        """Re-code every stored story with the current coder; return a RecodeReport."""
        from .recode import recode

        self._writable()
        report = recode(self, coder=coder, n_process=n_process, batch_size=batch_size,
                        progress=progress)
        self.refresh_follow()
        return report

    def refresh_follow(self) -> None:
        """Recompute the series registry and the commitments (whimbrel.follow) from the
        stored stories; writing methods call it, so they follow the store as it changes."""
        from .. import follow

        self._writable()
        follow.refresh(self.con, force=True)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only; open it without read_only to write")

    # -- reading -----------------------------------------------------------
    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """Canonical events matching filters (see :func:`whimbrel.store.query.events`)."""
        from .query import events

        return events(self.con, **filters)

    def mentions(self, event_id: str) -> list[dict[str, Any]]:
        """The reports merged into one canonical event, with the rule that merged each."""
        from .query import mentions

        return mentions(self.con, event_id)

    def dyad(self, a: str, b: str, **filters: Any) -> dict[str, Any]:
        """Monthly summary of the events between two actors (either direction)."""
        from .query import dyad

        return dyad(self.con, a, b, **filters)

    def series(self, **filters: Any) -> list[dict[str, Any]]:
        """Recurring series with their rounds (see :func:`whimbrel.follow.series`)."""
        from .. import follow

        return follow.series(self, **filters)

    def commitments(self, **filters: Any) -> list[dict[str, Any]]:
        """Promises and what became of them (see :func:`whimbrel.follow.commitments`)."""
        from .. import follow

        return follow.commitments(self, **filters)

    def sql(self, query: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple]]:
        """Run one read-only SQL statement; return (column names, rows)."""
        from .query import sql

        return sql(self.con, query, params)

    def export(self, fmt: str, out: str | os.PathLike[str] | Any, **options: Any) -> int:
        """Write canonical events in a registered format (gdelt, polecat, plover, csv,
        parquet) to a path or text stream; filters as for :meth:`events`. Returns rows."""
        from ..registry import exporters

        return exporters.get(fmt)(**options).write(self, out)


def _connect(path: str, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """Open the file, retrying while another process holds its lock (up to ``wait`` s)."""
    deadline = time.monotonic() + max(0.0, wait)
    pause = 0.05
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as err:
            if "lock" not in str(err).lower():
                raise StoreError(f"cannot open event database {path}: {err}") from err
            server = served_by(path)
            if server or time.monotonic() >= deadline:
                raise StoreError(_locked_message(path, str(err), server, wait)) from None
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
        except duckdb.Error as err:
            raise StoreError(f"cannot open event database {path}: {err}") from err


def _locked_message(path: str, error: str, server: dict[str, Any] | None, wait: float) -> str:
    if server:
        how = []
        if server.get("ingest_url"):
            how.append(f"POST them to {server['ingest_url']} with the server's token")
        if server.get("watch"):
            how.append(f"copy them into its watch folder {server['watch']}")
        todo = ("send stories to it: " + ", or ".join(how) if how else
                "it serves the file read-only; stop it (Ctrl-C) to write, or restart it with "
                "--watch DIR or $WHIMBREL_TOKEN set to ingest through it")
        return (f"{path} is held by `whimbrel serve` (pid {server.get('pid')}, "
                f"{server.get('url')}); {todo}. Reading: use its API at {server.get('url')}api")
    pid = re.search(r"PID (\d+)", error)
    who = f"process {pid.group(1)}" if pid else "another process"
    waited = f" after waiting {wait:g} s" if wait else ""
    return (f"{path} is in use by {who}{waited} (DuckDB allows one writer); let it finish "
            "and run this again, or let commands wait longer for their turn with "
            "WHIMBREL_LOCK_WAIT=SECONDS")


def sidecar_path(path: str) -> Path:
    """Where a running server announces itself beside the database file."""
    return Path(f"{path}.serve.json")


def served_by(path: str) -> dict[str, Any] | None:
    """The announcement of a live `whimbrel serve` on ``path``, else None."""
    try:
        info = json.loads(sidecar_path(path).read_text())
        os.kill(int(info["pid"]), 0)  # raises if that process is gone
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info


def _articles(inputs: Iterable[Any]) -> Iterable[Article | InputError]:
    """Articles as given, paths read with the ingest readers, in order."""
    paths: list[str] = []
    for item in inputs:
        if isinstance(item, (Article, InputError)):
            if paths:
                yield from read_paths(paths)
                paths = []
            yield item
        else:
            paths.append(os.fspath(item))
    if paths:
        yield from read_paths(paths)


def read_paths(paths: list[str]) -> Iterable[Article | InputError]:
    try:
        from ..ingest import read_inputs
    except ImportError as err:  # the readers are not installed in this build
        raise StoreError(f"cannot read input files: {err}") from err
    return read_inputs(paths)
