"""Progress of a distributed run: a bar with stories/s and ETA on a terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

#: Files counted by lines (one story per line, near enough).
_LINE_FORMATS = {".jsonl", ".ndjson", ".csv", ".tsv"}


def estimate_stories(inputs: Iterable[str]) -> int | None:
    """About how many stories the inputs hold, cheaply (lines of JSONL/CSV, rows of
    Parquet, one per other file); None if unknown (stdin). The bar's total is fixed
    to the exact count once reading is over."""
    total = 0
    for raw in inputs:
        if raw == "-":
            return None
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            total += _count(f)
    return total


def _count(path: Path) -> int:
    suffix = path.suffix.lower()
    try:
        if suffix in _LINE_FORMATS:
            n = 0
            with path.open("rb") as fh:
                while block := fh.read(1 << 20):
                    n += block.count(b"\n")
            return max(0, n - (suffix in (".csv", ".tsv")))
        if suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
    except (OSError, ValueError, ImportError):
        return 1
    return 1


class Progress:
    """tqdm over stories when enabled; counts kept either way."""

    def __init__(self, enabled: bool, total: int | None):
        self.enabled, self.total = enabled, total
        self.bar = None

    def start(self) -> None:
        """Show the bar (after any message printed before it)."""
        if self.enabled and self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit=" stories", file=sys.stderr,
                            dynamic_ncols=True, mininterval=0.5, smoothing=0.1)

    def advance(self, stories: int, **postfix: int) -> None:
        if self.bar is not None:
            self.bar.update(stories)
            self.bar.set_postfix(postfix, refresh=False)

    def set_total(self, total: int) -> None:
        if self.bar is not None and self.bar.total != total:
            self.bar.total = total
            self.bar.refresh()

    def write(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.enabled = False
