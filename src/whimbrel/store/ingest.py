"""Code stories and store them, one transaction per batch.

Re-ingest is cheap and idempotent: an article whose doc id and content hash
are already stored is skipped before it is coded; a changed article replaces
its mentions. Each batch (articles, their mentions, and every canonical event
they touch) commits atomically, so a killed run loses only the batch in flight
and a rerun resumes after the last commit.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator

import duckdb

from ..errors import InputError, StoreError
from ..model import Article, Document
from .dedup import build_events
from .rows import document_rows

#: A stream coder: articles (and pass-through read errors) in, documents or errors out, in order.
StreamCoder = Callable[[Iterable[Article | InputError]], Iterator[Document | InputError]]
ArticleCoder = Callable[[Article], Document]

DOC_TABLES = ("articles", "mentions", "actors", "places", "evidence")


@dataclass
class IngestReport:
    """What one ingest did; ``errors`` holds one message per input that was not stored."""

    read: int = 0
    stored: int = 0
    skipped: int = 0
    mentions: int = 0
    events_touched: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.stored} articles stored, {self.skipped} unchanged skipped, "
                f"{self.mentions} event mentions, {len(self.errors)} errors, "
                f"{self.batches} batches committed")


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def _arrow(rows: list[dict[str, Any]]):
    import pyarrow as pa

    return pa.Table.from_pylist(rows)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Bulk insert dict rows through Arrow (DuckDB's executemany is row by row)."""
    if not rows:
        return
    data = _arrow(rows)  # noqa: F841 -- read by name in the SQL below
    cols = ", ".join(f'"{c}"' for c in rows[0])
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM data")


def _ids_param(ids: Iterable[str]) -> list[str]:
    return sorted(set(ids))


def delete_documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> set[str]:
    """Remove stored stories and their rows; return the blocks their mentions were in."""
    if not doc_ids:
        return set()
    ids = _ids_param(doc_ids)
    old = con.execute("SELECT DISTINCT block FROM mentions WHERE list_contains(?, doc_id)",
                      [ids]).fetchall()
    for table in DOC_TABLES:
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, doc_id)", [ids])
    return {b for (b,) in old}


_BLOCK_QUERY = """
    SELECT m.*, a.pub_date, a.source AS outlet, a.url, a.ingested_at
    FROM mentions m JOIN articles a USING (doc_id)
    WHERE list_contains(?, m.block)
"""


def recompute_blocks(con: duckdb.DuckDBPyConnection, blocks: set[str]) -> int:
    """Rebuild the canonical events (and merge notes) of the given blocks from all
    their mentions; return how many canonical events the blocks now hold."""
    if not blocks:
        return 0
    keys = _ids_param(blocks)
    cur = con.execute(_BLOCK_QUERY, [keys])
    cols = [d[0] for d in cur.description]
    by_block: dict[str, list[dict[str, Any]]] = {}
    for row in cur.fetchall():
        m = dict(zip(cols, row))
        by_block.setdefault(m["block"], []).append(m)
    con.execute("DELETE FROM events WHERE list_contains(?, block)", [keys])
    con.execute("DELETE FROM merges WHERE list_contains(?, block)", [keys])
    events, merges = [], []
    for block in sorted(by_block):
        e, m = build_events(block, by_block[block])
        events += e
        merges += m
    insert_rows(con, "events", events)
    insert_rows(con, "merges", merges)
    return len(events)


def write_batch(con: duckdb.DuckDBPyConnection, docs: list[Document],
                now: datetime | None = None) -> tuple[int, int]:
    """Store coded stories in one transaction, replacing earlier versions.

    Returns (mentions written, canonical events in the touched blocks).
    """
    now = now or now_utc()
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in DOC_TABLES}
    latest = {doc.doc_id: doc for doc in docs}  # a doc id twice in a batch: the last wins
    for doc in latest.values():
        for table, rows in document_rows(doc, now).items():
            tables[table] += rows
    con.execute("BEGIN TRANSACTION")
    try:
        touched = delete_documents(con, list(latest))
        for table in DOC_TABLES:
            insert_rows(con, table, tables[table])
        touched |= {m["block"] for m in tables["mentions"]}
        n_events = recompute_blocks(con, touched)
        con.execute("COMMIT")
    except Exception as err:
        con.execute("ROLLBACK")
        if isinstance(err, duckdb.Error):
            raise StoreError(f"could not store a batch of {len(latest)} articles: {err}") from err
        raise
    return len(tables["mentions"]), n_events


def stored_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT doc_id, content_hash FROM articles").fetchall())


def default_coder(n_process: int | None) -> StreamCoder:
    def code(items: Iterable[Article | InputError]) -> Iterator[Document | InputError]:
        from ..api import code_many

        return code_many(items, n_process=n_process)

    return code


def per_article(coder: ArticleCoder) -> StreamCoder:
    """Turn an ``Article -> Document`` function into a stream coder (in this process)."""
    def code(items: Iterable[Article | InputError]) -> Iterator[Document | InputError]:
        for item in items:
            if isinstance(item, InputError):
                yield item
                continue
            try:
                yield coder(item)
            except Exception as err:  # one broken article must not stop the batch
                yield InputError(item.origin or item.doc_id,
                                 f"story {item.doc_id!r} could not be coded "
                                 f"({type(err).__name__}: {err}); skipped")

    return code


def ingest_articles(con: duckdb.DuckDBPyConnection, items: Iterable[Article | InputError], *,
                    coder: StreamCoder, batch_size: int = 64, progress: bool = False,
                    on_error: Callable[[str], None] | None = None,
                    on_commit: Callable[[IngestReport], None] | None = None) -> IngestReport:
    """Skip unchanged stories, code the rest, and store them batch by batch.

    ``on_error`` hears each input that was not stored; ``on_commit`` is called
    after every committed batch (for logs that show how far a run got).
    """
    report = IngestReport()
    known = stored_hashes(con)

    def fresh() -> Iterator[Article | InputError]:
        for item in items:
            report.read += 1
            if isinstance(item, Article):
                digest = item.content_hash
                if known.get(item.doc_id) == digest:
                    report.skipped += 1
                    continue
                known[item.doc_id] = digest
            yield item

    bar = _progress(progress)
    batch: list[Document] = []

    def flush() -> None:
        if batch:
            n_mentions, n_events = write_batch(con, batch)
            report.stored += len({d.doc_id for d in batch})
            report.mentions += n_mentions
            report.events_touched += n_events
            report.batches += 1
            batch.clear()
            if on_commit:
                on_commit(report)

    try:
        for out in coder(fresh()):
            if isinstance(out, InputError):
                report.errors.append(str(out))
                if on_error:
                    on_error(str(out))
            else:
                batch.append(out)
                if len(batch) >= batch_size:
                    flush()
            if bar is not None:
                bar.update(1)
                bar.set_postfix(events=report.mentions + sum(len(d.events) for d in batch),
                                skipped=report.skipped, errors=len(report.errors), refresh=False)
        flush()
    finally:
        if bar is not None:
            bar.close()
    return report


def _progress(enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)
