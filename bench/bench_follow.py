"""What follow-through (series registry and commitments) adds to a write.

Codes the benchmark corpus once, stores it, then times ``whimbrel.follow.refresh``
(a full recompute from the stored reports, which every write runs) beside the
coding and the store's own work:

    python bench/bench_follow.py --articles 200
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_store import load_corpus

    from whimbrel import follow
    from whimbrel.api import code_many
    from whimbrel.store import Store
    from whimbrel.store.ingest import write_batch

    articles = load_corpus(args.articles)
    t0 = time.perf_counter()
    docs = [d for d in code_many(articles, n_process=1) if hasattr(d, "events")]
    code_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "f.duckdb") as store:
        t0 = time.perf_counter()
        for i in range(0, len(docs), 64):
            write_batch(store.con, docs[i:i + 64])
        store_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = follow.refresh(store, force=True)
        follow_s = time.perf_counter() - t0
        mentions = store.sql("SELECT count(*) FROM mentions")[1][0][0]
    print(f"{len(docs)} articles, {mentions} mentions: coding {code_s:.1f} s, store {store_s:.2f} s, "
          f"follow-through refresh {follow_s:.2f} s ({100 * follow_s / code_s:.1f}% of coding); "
          f"{len(result.series)} series, {len(result.commitments)} commitments")


if __name__ == "__main__":
    main()
