"""The two jobs a distributed run does: code for output, and ingest into the store."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from ..errors import InputError, StoreError
from ..model import Article
from ._engine import DaskEngine, PartResult, failed_items
from ._parquet import read_items, read_store_rows


@dataclass
class Coded:
    """One coded story as a partition holds it: its events as ``Event.to_dict()``."""

    doc_id: str
    origin: str | None
    dated: bool
    events: list[dict[str, Any]]


def code(items: Iterable[Article | InputError], engine: DaskEngine,
         ) -> Iterator[Coded | InputError]:
    """Each input's result in input order, as ``whimbrel code`` prints them."""
    for result in engine.run(items, mode="code"):
        yield from _items(result)


def _items(result: PartResult) -> Iterator[Coded | InputError]:
    if result.failed:
        yield from failed_items(result)
        return
    if result.folder is None:
        return
    for row in read_items(result.folder):
        if row["error"] is not None:
            yield InputError(row["origin"], row["error"])
        else:
            yield Coded(row["doc_id"], row["origin"], bool(row["dated"]),
                        json.loads(row["events"]) if row["events"] else [])


def ingest(store: Any, items: Iterable[Article | InputError], engine: DaskEngine, *,
           on_error: Callable[[str], None] | None = None,
           on_commit: Callable[[Any], None] | None = None):
    """Code on the cluster and load each finished partition into ``store`` in input
    order, one transaction per partition, with the store's own merge: the same tables
    as ``store.ingest`` over the same inputs. Returns an IngestReport."""
    from ..store.ingest import IngestReport, stored_hashes, write_rows

    if store.read_only:
        raise StoreError(f"{store.path} is open read-only; open it without read_only to write")
    report = IngestReport()
    known = stored_hashes(store.con)

    def keep(article: Article) -> bool:  # as Store.ingest: unchanged stories are not coded
        digest = article.content_hash
        if known.get(article.doc_id) == digest:
            return False
        known[article.doc_id] = digest
        return True

    for result in engine.run(items, mode="store", keep=keep):
        report.read += len(result.partition.items) + result.partition.unchanged
        report.skipped += result.partition.unchanged
        errors = failed_items(result) if result.failed else [
            it for it in _items(result) if isinstance(it, InputError)]
        for err in errors:
            report.errors.append(str(err))
            if on_error:
                on_error(str(err))
        if result.folder is None or result.failed:
            continue
        tables = read_store_rows(result.folder)
        doc_ids = tables["articles"].column("doc_id").to_pylist()
        if not doc_ids:
            continue
        n_mentions, n_events = write_rows(store.con, doc_ids, tables)
        report.stored += len(doc_ids)
        report.mentions += n_mentions
        report.events_touched += n_events
        report.batches += 1
        if on_commit:
            on_commit(report)
    return report
