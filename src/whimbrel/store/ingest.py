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
from .dedup import build_events, time_components
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


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Any) -> None:
    """Bulk insert dict rows through Arrow (DuckDB's executemany is row by row);
    an Arrow table (as read from a Parquet partition) goes in as it is."""
    if not len(rows):
        return
    is_arrow = hasattr(rows, "column_names")
    data = rows if is_arrow else _arrow(rows)  # noqa: F841 -- read by name in the SQL below
    cols = ", ".join(f'"{c}"' for c in (rows.column_names if is_arrow else rows[0]))
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM data")


def _ids_param(ids: Iterable[str]) -> list[str]:
    return sorted(set(ids))


def delete_documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[str, set[str]]:
    """Remove stored stories and their rows; return their former mention ids by block."""
    if not doc_ids:
        return {}
    ids = _ids_param(doc_ids)
    gone: dict[str, set[str]] = {}
    for mention_id, block in con.execute(
            "SELECT event_id, block FROM mentions WHERE list_contains(?, doc_id)", [ids]
    ).fetchall():
        gone.setdefault(block, set()).add(mention_id)
    for table in DOC_TABLES:
        con.execute(f"DELETE FROM {table} WHERE list_contains(?, doc_id)", [ids])
    return gone


_ROWS_QUERY = """
    SELECT m.*, a.pub_date, a.source AS outlet, a.url, a.ingested_at
    FROM mentions m JOIN articles a USING (doc_id)
    WHERE list_contains(?, m.event_id)
"""


def _affected(light: list[dict[str, Any]], merges: list[tuple[str, str]],
              seeds: set[str]) -> tuple[set[str], set[str]]:
    """(mention ids to re-cluster, canonical ids to replace) in one block.

    Starts from the seed mentions (new or removed), takes their whole time
    components, then the other reports of every canonical event those
    mentions were in, and repeats until nothing is added.
    """
    comps = time_components(light)
    comp_of = {m["event_id"]: i for i, comp in enumerate(comps) for m in comp}
    event_of: dict[str, set[str]] = {}
    members: dict[str, set[str]] = {}
    for event_id, mention_id in merges:
        event_of.setdefault(mention_id, set()).add(event_id)
        members.setdefault(event_id, set()).add(mention_id)
    want, old = set(seeds), set()
    while True:
        more = {m["event_id"] for i in {comp_of[x] for x in want if x in comp_of} for m in comps[i]}
        old |= {e for x in want | more for e in event_of.get(x, ())}
        more |= {x for e in old for x in members[e]}
        if more <= want:
            return {x for x in want if x in comp_of}, old
        want |= more


def recompute(con: duckdb.DuckDBPyConnection, seeds: dict[str, set[str]]) -> int:
    """Re-cluster the parts of each block that the seed mentions (added or removed)
    can affect, replacing their canonical events and merge notes.

    Returns the number of canonical events written.
    """
    if not seeds:
        return 0
    blocks = _ids_param(seeds)
    cur = con.execute("SELECT event_id, block, date, date_precision, date_value FROM mentions "
                      "WHERE list_contains(?, block)", [blocks])
    light: dict[str, list[dict[str, Any]]] = {}
    for mid, block, day, prec, value in cur.fetchall():
        light.setdefault(block, []).append(
            {"event_id": mid, "date": day, "date_precision": prec, "date_value": value})
    merges: dict[str, list[tuple[str, str]]] = {}
    for eid, mid, block in con.execute(
            "SELECT event_id, mention_id, block FROM merges WHERE list_contains(?, block)",
            [blocks]).fetchall():
        merges.setdefault(block, []).append((eid, mid))
    redo: set[str] = set()
    old: set[str] = set()
    for block in blocks:
        ids, events = _affected(light.get(block, []), merges.get(block, []), seeds[block])
        redo |= ids
        old |= events
    cur = con.execute(_ROWS_QUERY, [_ids_param(redo)])
    cols = [d[0] for d in cur.description]
    by_block: dict[str, list[dict[str, Any]]] = {}
    for row in cur.fetchall():
        m = dict(zip(cols, row))
        by_block.setdefault(m["block"], []).append(m)
    if old:
        con.execute("DELETE FROM events WHERE list_contains(?, event_id)", [_ids_param(old)])
        con.execute("DELETE FROM merges WHERE list_contains(?, event_id)", [_ids_param(old)])
    events, notes = [], []
    for block in sorted(by_block):
        e, m = build_events(block, by_block[block])
        events += e
        notes += m
    insert_rows(con, "events", events)
    insert_rows(con, "merges", notes)
    return len(events)


def recompute_blocks(con: duckdb.DuckDBPyConnection, blocks: set[str]) -> int:
    """Rebuild every canonical event of the given blocks from all their mentions."""
    seeds: dict[str, set[str]] = {b: set() for b in blocks}
    params = [_ids_param(blocks)]
    for mid, block in con.execute("SELECT event_id, block FROM mentions "
                                  "WHERE list_contains(?, block)", params).fetchall():
        seeds[block].add(mid)
    for mid, block in con.execute("SELECT mention_id, block FROM merges "
                                  "WHERE list_contains(?, block)", params).fetchall():
        seeds[block].add(mid)
    return recompute(con, seeds)


def write_batch(con: duckdb.DuckDBPyConnection, docs: list[Document],
                now: datetime | None = None) -> tuple[int, int]:
    """Store coded stories in one transaction, replacing earlier versions.

    Returns (mentions written, canonical events rewritten).
    """
    now = now or now_utc()
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in DOC_TABLES}
    latest = {doc.doc_id: doc for doc in docs}  # a doc id twice in a batch: the last wins
    for doc in latest.values():
        for table, rows in document_rows(doc, now).items():
            tables[table] += rows
    return write_rows(con, list(latest), tables)


def write_rows(con: duckdb.DuckDBPyConnection, doc_ids: list[str],
               tables: dict[str, Any]) -> tuple[int, int]:
    """Store the rows of coded stories (as :func:`document_rows` makes them, one version
    per doc id; lists of dicts or Arrow tables) in one transaction, replacing earlier versions and re-merging every
    canonical event they touch. Returns (mentions written, canonical events rewritten)."""
    latest = doc_ids
    con.execute("BEGIN TRANSACTION")
    try:
        seeds = delete_documents(con, list(latest))
        for table in DOC_TABLES:
            insert_rows(con, table, tables.get(table, []))
        for block, mention_id in _mention_keys(tables.get("mentions", [])):
            seeds.setdefault(block, set()).add(mention_id)
        n_events = recompute(con, seeds)
        con.execute("COMMIT")
    except Exception as err:
        con.execute("ROLLBACK")
        if isinstance(err, duckdb.Error):
            raise StoreError(f"could not store a batch of {len(latest)} articles: {err}") from err
        raise
    return len(tables.get("mentions", [])), n_events


def _mention_keys(mentions: Any) -> Iterable[tuple[str, str]]:
    """(block, mention id) of mention rows: dicts, or an Arrow table."""
    if hasattr(mentions, "column_names"):
        return zip(mentions.column("block").to_pylist(), mentions.column("event_id").to_pylist())
    return ((m["block"], m["event_id"]) for m in mentions)


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
