"""Parquet event partitions: what a worker writes, what the client reads back.

Every partition has ``items.parquet``: one row per input in order (a story with
its events, or an error), enough for ``whimbrel code`` to print events exactly
as a single process does. A partition coded for the store also holds the store's
rows (``articles``, ``mentions``, ``actors``, ``places``, ``evidence``), made by
the store's own row builder and typed by the store's own schema, so loading one
is an insert plus the store's usual merge.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from ..model import Document

ITEM_COLUMNS = ("position", "doc_id", "origin", "error", "dated", "n_events", "events")


@lru_cache(maxsize=1)
def store_schemas() -> dict[str, Any]:
    """Arrow schemas of the store's per-story tables, from a throwaway store."""
    import duckdb

    from ..store import schema
    from ..store.ingest import DOC_TABLES

    con = duckdb.connect()
    schema.migrate(con)
    out = {}
    for table in DOC_TABLES:
        rel = con.sql(f"SELECT * FROM {table} LIMIT 0")
        fetch = getattr(rel, "to_arrow_table", None) or rel.arrow  # DuckDB 2 / 1.x
        out[table] = fetch().schema
    con.close()
    return out


def write_partition(folder: Path, mode: str, results: list[Document | InputError]) -> dict:
    """Write one coded partition into ``folder``; return its summary counts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    stories = errors = events = 0
    for pos, res in enumerate(results):
        if isinstance(res, InputError):
            errors += 1
            rows.append({"position": pos, "doc_id": None, "origin": res.origin,
                         "error": res.message, "dated": None, "n_events": 0, "events": None})
            continue
        stories += 1
        events += len(res.events)
        dicts = [e.to_dict() for e in res.events] if mode == "code" else None
        rows.append({"position": pos, "doc_id": res.doc_id, "origin": res.article.origin,
                     "error": None, "dated": res.article.date is not None,
                     "n_events": len(res.events),
                     "events": json.dumps(dicts, ensure_ascii=False) if dicts is not None
                     else None})
    schema = pa.schema([("position", pa.int32()), ("doc_id", pa.string()),
                        ("origin", pa.string()), ("error", pa.string()), ("dated", pa.bool_()),
                        ("n_events", pa.int32()), ("events", pa.string())])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / "items.parquet")
    if mode == "store":
        _write_store_rows(folder, [r for r in results if isinstance(r, Document)])
    return {"stories": stories, "errors": errors, "events": events, "items": len(results)}


def _write_store_rows(folder: Path, docs: list[Document]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..store.rows import document_rows

    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    latest = {doc.doc_id: doc for doc in docs}  # a doc id twice: the last wins, as in a batch
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in store_schemas()}
    for doc in latest.values():
        for table, rows in document_rows(doc, now).items():
            tables[table] += rows
    for table, schema in store_schemas().items():
        pq.write_table(pa.Table.from_pylist(tables[table], schema=schema),
                       folder / f"{table}.parquet")


def read_items(folder: Path) -> Iterator[dict[str, Any]]:
    """The item rows of a finished partition, in input order."""
    import pyarrow.parquet as pq

    table = pq.read_table(folder / "items.parquet")
    yield from sorted(table.to_pylist(), key=lambda r: r["position"])


def read_store_rows(folder: Path) -> dict[str, Any]:
    """The store rows of a finished partition, by table (Arrow tables)."""
    import pyarrow.parquet as pq

    return {table: pq.read_table(folder / f"{table}.parquet") for table in store_schemas()}
