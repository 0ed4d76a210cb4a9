"""Store benchmark: (a) ingest throughput against coding alone on the same corpus;
(b) filtered queries over 1,000,000 synthetic canonical events.

    python bench/bench_store.py                 # both parts
    python bench/bench_store.py --part queries  # only (b)
    python bench/bench_store.py --articles 300 --processes 2 --events 1000000

Prints one line per measurement (and JSON with --json). Nothing is asserted:
speed goals (ingest within 10% of coding, queries under 200 ms) are read here.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from whimbrel.model import Article

PAIRS = ["Kenya", "Ethiopia", "Brazil", "Argentina", "India", "Nepal", "Ghana", "Togo",
         "Pakistan", "Russia", "France", "Germany", "Japan", "Chile", "Peru", "Egypt"]
VERBS = ["held talks with", "signed an agreement with", "accused", "met", "condemned",
         "sent aid to", "imposed sanctions on", "threatened", "praised", "visited"]


def simple_corpus(n: int, seed: int = 7) -> list[Article]:
    """Short news-like stories with actors, verbs, places and dates (no external data)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rnd.sample(PAIRS, 2)
        day = date(2023, 1, 1) + timedelta(days=rnd.randrange(365))
        sents = [f"{a} {rnd.choice(VERBS)} {b} on Tuesday, officials said."
                 for _ in range(rnd.randint(3, 8))]
        sents.insert(1, f"The meeting in the capital of {a} lasted two days.")
        out.append(Article(doc_id=f"bench-{i:05d}", text=" ".join(sents), date=day,
                           source=f"outlet-{i % 7}"))
    return out


def load_corpus(n: int) -> list[Article]:
    try:  # the shared benchmark corpus, if present
        sys.path.insert(0, str(Path(__file__).parent))
        import corpus  # type: ignore

        arts = [Article(doc_id=a.doc_id, text=a.text, date=a.date) for a in corpus.generate(n)]
        if arts:
            return arts[:n]
    except Exception:  # noqa: BLE001 -- fall back to our own stories
        pass
    return simple_corpus(n)


def bench_ingest(n: int, processes: int, stages: list[str] | None = None,
                 repeat: int = 2) -> dict:
    """Code the corpus alone, then ingest it into a new store, the same way.

    With ``stages`` both run one Pipeline of those stages in this process (for
    builds where some stage is missing); otherwise both use code_many.
    """
    from whimbrel.api import code_many, get_pipeline
    from whimbrel.pipeline import Pipeline
    from whimbrel.store import Store

    articles = load_corpus(n)
    pipeline = Pipeline(stages) if stages else get_pipeline()  # loaded outside both timings
    for a in articles[:5]:
        pipeline(a)
    coder = pipeline if stages else None

    def code_alone() -> list:
        return ([pipeline(a) for a in articles] if stages
                else list(code_many(articles, n_process=processes)))

    code_alone()  # warm every cache the stages keep, so both timings start equal
    code_times, ingest_times = [], []
    for _ in range(repeat):  # alternate, keep the best of each
        t0 = time.perf_counter()
        docs = code_alone()
        code_times.append(time.perf_counter() - t0)
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.duckdb") as store:
            t0 = time.perf_counter()
            report = store.ingest(articles, coder=coder, n_process=processes, batch_size=64)
            ingest_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            again = store.ingest(articles, coder=coder, n_process=processes)
            reingest_s = time.perf_counter() - t0
    code_s, ingest_s = min(code_times), min(ingest_times)
    coded = [d for d in docs if hasattr(d, "events")]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "w.duckdb") as store:
        t0 = time.perf_counter()  # the store's own work, free of coding noise
        store.add_documents(coded, batch_size=64)
        store_s = time.perf_counter() - t0
    n_events = sum(len(d.events) for d in docs if hasattr(d, "events"))
    return {"articles": len(articles), "events": n_events, "processes": processes,
            "stages": stages or "default",
            "code_s": round(code_s, 2), "ingest_s": round(ingest_s, 2),
            "code_articles_per_s": round(len(articles) / code_s, 1),
            "ingest_articles_per_s": round(len(articles) / ingest_s, 1),
            "ingest_overhead_pct": round(100 * (ingest_s / code_s - 1), 1),
            "store_only_s": round(store_s, 2),
            "store_share_of_coding_pct": round(100 * store_s / code_s, 1),
            "stored": report.stored, "reingest_s": round(reingest_s, 3),
            "reingest_skipped": again.skipped}


def synthesize(store, n: int, seed: int = 11) -> float:
    """Bulk-load ``n`` canonical events through Arrow, sorted by date; return seconds."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from whimbrel.store.schema import MIGRATIONS  # noqa: F401 -- tables already exist

    rng = np.random.default_rng(seed)
    codes = np.sort(np.array(["KEN", "ETH", "BRA", "ARG", "IND", "NPL", "GHA", "TGO", "PAK", "RUS",
                      "USA", "CHN", "FRA", "DEU", "JPN", "CHL", "PER", "EGY", "ISR", "IRN",
                      "UKR", "TUR", "SYR", "IRQ", "AFG", "NGA", "ZAF", "MEX", "COL", "VEN",
                      "GBR", "ITA", "ESP", "POL", "KOR", "PRK", "VNM", "PHL", "IDN", "MYS"]))
    types = np.array(["CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE",
                      "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                      "ASSAULT", "CONCEDE", "RETREAT"])
    quads = np.array([1, 1, 1, 2, 2, 1, 3, 3, 3, 3, 4, 4, 4, 4, 2, 2])
    words = np.array("talks border water trade dam election ceasefire troops pipeline drought "
                     "refugees sanctions summit embassy oil grain vaccine port railway fishing "
                     "protest court minister army police rebels navy drills loan debt".split())
    t0 = time.perf_counter()
    days = np.sort(rng.integers(0, 3650, n))
    s, t = rng.integers(0, len(codes), n), rng.integers(0, len(codes), n)
    t = np.where(t == s, (t + 1) % len(codes), t)
    ty = rng.integers(0, len(types), n)
    src, tgt = codes[s], codes[t]
    lo = codes[np.minimum(s, t)]  # codes are sorted, so index order is code order
    hi = codes[np.maximum(s, t)]
    w1, w2 = words[rng.integers(0, len(words), n)], words[rng.integers(0, len(words), n)]
    base = date(2015, 1, 1)
    dates = pa.array((np.datetime64(base) + days).astype("datetime64[D]"), pa.date32())
    dyads = np.char.add(np.char.add(lo, "|"), hi)
    evidence = _join("Officials of ", src, " and ", tgt, " discussed ", w1, " and ", w2,
                     " on Tuesday.")
    synthetic = pa.table({
        "event_id": np.char.zfill(np.char.mod("%x", rng.permutation(n)), 16),
        "block": np.char.add(np.char.add(types[ty], "|"), dyads),
        "event_type": types[ty], "cameo": np.array(["040"] * n), "quad_class": quads[ty],
        "goldstein": rng.uniform(-10, 10, n).round(1),
        "source_code": src, "target_code": tgt, "dyad": dyads,
        "actors": pa.ListArray.from_arrays(np.arange(0, 2 * n + 1, 2, dtype=np.int32),
                                           pa.array(np.stack([lo, hi], axis=1).ravel())),
        "date": dates, "date_value": pc.cast(dates, pa.string()),
        "date_precision": np.array(["day"] * n),
        "status": np.array(["occurred", "planned", "ongoing", "negated"])[rng.integers(0, 4, n)],
        "country": np.where(rng.random(n) < 0.5, src, tgt),
        "place_name": np.char.add("City ", rng.integers(0, 5000, n).astype(str)),
        "num_mentions": rng.integers(1, 20, n).astype(np.int32),
        "evidence": evidence, "search_text": np.char.lower(evidence),
    })
    store.con.execute(f"INSERT INTO events ({', '.join(synthetic.column_names)}) "
                      f"SELECT * FROM synthetic ORDER BY date")
    return time.perf_counter() - t0


def _join(*parts):
    """Element-wise string concatenation of arrays and constants."""
    import numpy as np

    out = np.asarray(parts[0])
    for part in parts[1:]:
        out = np.char.add(out, part)
    return out


QUERIES = {
    "dyad PAK RUS": dict(dyad=("PAK", "RUS")),
    "country+type+date range": dict(country="IND", type="ACCUSE", since="2019-01",
                                    until="2019-06"),
    "actor+quad+status": dict(actor="CHN", quad=4, status="occurred", since="2022"),
    "text search (evidence)": dict(text="pipeline and drought"),
    "place substring": dict(place="City 4242", since="2016", until="2018"),
}


def bench_queries(n: int, path: str | None, repeat: int = 5) -> list[dict]:
    from whimbrel.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = path or str(Path(tmp) / "million.duckdb")
        out = []
        with Store(db) as store:
            if store.counts()["events"] < n:
                secs = synthesize(store, n)
                out.append({"what": f"load {n} events via Arrow", "ms": round(secs * 1000)})
        with Store(db, read_only=True) as store:
            for name, filters in QUERIES.items():
                out.append(_time(name, lambda f=filters: store.events(limit=100, **f), repeat))
                out.append(_time(name + " (count all)",
                                 lambda f=filters: store.sql(_count_sql(f)[0], _count_sql(f)[1]),
                                 repeat))
            out.append(_time("dyad summary PAK RUS", lambda: store.dyad("PAK", "RUS"), repeat))
        return out


def _count_sql(filters: dict) -> tuple[str, list]:
    from whimbrel.store.query import where_clause

    cond, params = where_clause(**filters)
    return f"SELECT count(*) FROM events WHERE {cond}", params


def _time(name: str, func, repeat: int) -> dict:
    func()  # warm: first touch of the columns
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = func()
        times.append((time.perf_counter() - t0) * 1000)
    rows = len(res) if isinstance(res, list) else len(res[1]) if isinstance(res, tuple) else 1
    return {"what": name, "ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1), "rows": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["ingest", "queries", "all"], default="all")
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", help="Reuse this DuckDB file for the query part.")
    ap.add_argument("--stages", help="Comma-separated stages to code with (default: the full "
                                     "pipeline through code_many).")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results: dict = {}
    if args.part in ("ingest", "all"):
        stages = args.stages.split(",") if args.stages else None
        results["ingest"] = bench_ingest(args.articles, args.processes, stages)
        print("ingest:", results["ingest"], flush=True)
    if args.part in ("queries", "all"):
        results["queries"] = bench_queries(args.events, args.db)
        for r in results["queries"]:
            print(f"  {r['what']:<40} {r['ms']:>8} ms  {r.get('rows', '')}", flush=True)
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
