"""The event store: stories, event mentions and canonical (deduplicated) events in DuckDB.

    >>> from whimbrel.store import Store
    >>> with Store("whimbrel.duckdb") as store:
    ...     report = store.ingest(["stories/"])
    ...     rows = store.events(dyad=("PAK", "RUS"), quad=[1, 2], since="2021")
    ...     store.export("gdelt", "events.tsv")

Modules: ``schema`` (tables and migrations), ``database`` (Store), ``ingest``
(batched, idempotent writes), ``dedup`` (canonical events), ``query``,
``exports`` (registered exporters) and ``recode``. Importing this package is
cheap: DuckDB loads when a Store is first used.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Store", "IngestReport", "RecodeReport", "default_path"]


def __getattr__(name: str) -> Any:
    if name in ("Store", "default_path"):
        from . import database

        return getattr(database, name)
    if name == "IngestReport":
        from .ingest import IngestReport

        return IngestReport
    if name == "RecodeReport":
        from .recode import RecodeReport

        return RecodeReport
    raise AttributeError(f"module 'whimbrel.store' has no attribute {name!r}")
