"""Re-code stored stories with the current coder and report what changed.

Every mention records the coder version that produced it; after an upgrade,
``recode`` runs the stored texts through the coder again, replaces their
mentions (re-merging the canonical events they touch) and counts, per mention
id, what was added, removed or changed.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any, Callable, Iterator

from ..errors import InputError
from ..model import Article, Document
from .ingest import default_coder, per_article, write_batch

#: Fields compared to decide that a mention changed (the coder version is not one).
_COMPARED = ("event_type", "cameo", "quad_class", "goldstein", "source_code", "target_code",
             "date_value", "date_precision", "status", "geonameid", "place_name", "mode",
             "series_name", "series_round")


@dataclass
class RecodeReport:
    articles: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    unchanged: int = 0
    #: How often each field changed, over the changed mentions.
    fields: Counter = field(default_factory=Counter)
    old_versions: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        versions = ", ".join(f"{v or 'unknown'} ({n})" for v, n in self.old_versions.items())
        fields = ", ".join(f"{k} {n}" for k, n in self.fields.most_common())
        return (f"{self.articles} articles re-coded (were: {versions or 'none'}); mentions: "
                f"{self.added} added, {self.removed} removed, {self.changed} changed"
                f"{' (' + fields + ')' if fields else ''}, {self.unchanged} unchanged; "
                f"{len(self.errors)} errors")


def stored_articles(con: Any) -> Iterator[Article]:
    cur = con.execute("""SELECT doc_id, text, pub_date, title, url, source, origin, boilerplate
                         FROM articles ORDER BY doc_id""")
    rows = cur.fetchall()
    for doc_id, text, pub, title, url, source, origin, boiler in rows:
        spans = [tuple(s) for s in json.loads(boiler or "[]")]
        yield Article(doc_id=doc_id, text=text, date=pub if isinstance(pub, Date) else None,
                      title=title, url=url, source=source, origin=origin, boilerplate=spans)


def _snapshot(con: Any, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    cols = ", ".join(("event_id", "coder_version") + _COMPARED)
    cur = con.execute(f"SELECT {cols} FROM mentions WHERE list_contains(?, doc_id)", [doc_ids])
    names = [d[0] for d in cur.description]
    return {r[0]: dict(zip(names, r)) for r in cur.fetchall()}


def _compare(report: RecodeReport, old: dict[str, dict[str, Any]], docs: list[Document]) -> None:
    from .rows import mention_row

    new = {e.event_id: mention_row(e) for d in docs for e in d.events}
    report.added += len(new.keys() - old.keys())
    report.removed += len(old.keys() - new.keys())
    for key in new.keys() & old.keys():
        diff = [f for f in _COMPARED if new[key][f] != old[key][f]]
        if diff:
            report.changed += 1
            report.fields.update(diff)
        else:
            report.unchanged += 1


def recode(store: Any, *, coder: Callable[[Article], Document] | None = None,
           n_process: int | None = None, batch_size: int = 64,
           progress: bool = False) -> RecodeReport:
    """Re-code all stored articles batch by batch (each batch one transaction)."""
    con = store.con
    report = RecodeReport()
    report.old_versions.update(dict(con.execute(
        "SELECT coder_version, count(*) FROM articles GROUP BY ALL ORDER BY ALL").fetchall()))
    stream = per_article(coder) if coder else default_coder(n_process)
    batch: list[Document] = []

    def flush() -> None:
        if batch:
            old = _snapshot(con, [d.doc_id for d in batch])
            _compare(report, old, batch)
            write_batch(con, batch)
            report.articles += len(batch)
            batch.clear()

    bar = None
    if progress:
        import sys

        from tqdm import tqdm
        bar = tqdm(unit=" articles", file=sys.stderr, mininterval=0.5)
    for out in stream(stored_articles(con)):
        if isinstance(out, InputError):
            report.errors.append(str(out))
        else:
            batch.append(out)
            if len(batch) >= batch_size:
                flush()
        if bar is not None:
            bar.update(1)
    flush()
    if bar is not None:
        bar.close()
    return report
