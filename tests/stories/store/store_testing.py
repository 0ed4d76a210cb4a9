"""Helpers shared by the store tests (imported with tests/stories/store on sys.path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
CORPUS = HERE / "outlets.jsonl"
#: Columns that hold the wall-clock time of an ingest: they differ between runs by design.
CLOCK_COLUMNS = {"ingested_at", "added_at", "applied_at"}
TABLES = ("articles", "mentions", "actors", "places", "evidence", "events", "merges")


def dump(con: Any, tables: tuple[str, ...] = TABLES) -> dict[str, list[tuple]]:
    """Every row of every table, clock columns left out, in a canonical order."""
    out = {}
    for table in tables:
        cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()
                if r[0] not in CLOCK_COLUMNS]
        sel = ", ".join(f'"{c}"' for c in cols)
        out[table] = con.execute(f"SELECT {sel} FROM {table} ORDER BY ALL").fetchall()
    return out


def read_corpus(path: Path = CORPUS) -> list:
    from whimbrel.ingest import read_inputs
    from whimbrel.model import Article

    items = list(read_inputs([path]))
    assert all(isinstance(a, Article) for a in items), items
    return items
