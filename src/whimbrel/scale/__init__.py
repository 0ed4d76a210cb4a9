"""Scale out: code millions of stories on a Dask cluster, and ingest a steady stream.

    >>> from whimbrel.ingest import read_inputs
    >>> from whimbrel.scale import DaskEngine, code, ingest
    >>> with DaskEngine("work/", scheduler="tcp://10.0.0.5:8786") as engine:
    ...     for item in code(read_inputs(["corpus/"]), engine):
    ...         ...  # Coded (events as dicts) or InputError, in input order
    >>> with Store("events.duckdb") as store, DaskEngine("work/") as engine:
    ...     report = ingest(store, read_inputs(["corpus/"]), engine)

Modules: ``_partition`` (partitions and their fingerprints), ``_manifest`` (the
work folder: finished partitions, in-flight state), ``_worker`` (what a worker
runs: cached coder, per-story time limit, poison stories), ``_parquet`` (event
partitions), ``_engine`` (the client: submit, retry, order), ``_run`` (code and
ingest), ``_progress`` and ``watch`` (folders and feeds, polled). Dask is imported
only when an engine is made; without it the error says what to install.
"""

from __future__ import annotations

from ._engine import INSTALL_HINT, TIME_LIMIT, DaskEngine, PartResult, RunReport, connect
from ._partition import PARTITION_SIZE, Partition, partitions
from ._progress import estimate_stories
from ._run import Coded, code, ingest

__all__ = ["DaskEngine", "PartResult", "RunReport", "connect", "code", "ingest", "Coded",
           "Partition", "partitions", "estimate_stories", "PARTITION_SIZE", "TIME_LIMIT",
           "INSTALL_HINT"]
