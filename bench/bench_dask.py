"""Throughput of `--engine dask` against the number of workers, and memory per worker.

    python bench/bench_dask.py [--n 240] [--workers 1 2] [--partition-size 20] [--repeat 1]

For each worker count it starts a fresh local Dask cluster (one thread per worker),
loads the coder on every worker (not timed: the WarmUp plugin, as a real run does
before its first partition), then times coding the generated corpus (bench/corpus.py)
into Parquet partitions in a fresh work folder, as `whimbrel code --engine dask` does.
It reports stories/s and words/s (wall clock), the speed-up over one worker, the
workers' CPU seconds (words per CPU-second: the per-core figure for sizing, which
other jobs on the machine disturb less than the wall clock) and each worker's
resident memory (RSS) after the run. `uptime` is printed before and after: other
jobs on the machine lower the multi-worker rows first. Writes bench/results_dask.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import corpus  # noqa: E402  (bench/corpus.py, beside this file)


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def articles(n: int, seed: int) -> list:
    from whimbrel.ingest import read_inputs

    folder = Path(tempfile.mkdtemp(prefix="whimbrel-bench-dask-"))
    corpus.write(folder, n=n, seed=seed)
    items = list(read_inputs([folder]))
    shutil.rmtree(folder)
    return items


def _cpu() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system


def run(workers: int, items: list, partition_size: int) -> dict:
    import psutil

    from whimbrel.scale import DaskEngine, code, connect

    client, cluster = connect(None, workers, dashboard=False)
    try:
        work = Path(tempfile.mkdtemp(prefix="whimbrel-bench-work-"))
        with DaskEngine(work, client=client, partition_size=partition_size) as engine:
            t0 = time.perf_counter()
            engine.prepare()  # model and lexicons on every worker, as before a real run
            warm = time.perf_counter() - t0
            cpu0 = client.run(_cpu)
            t0 = time.perf_counter()
            out = list(code(items, engine))
            seconds = time.perf_counter() - t0
            cpu = sum(v - cpu0.get(k, 0.0) for k, v in client.run(_cpu).items())
        shutil.rmtree(work)
        rss = client.run(lambda: psutil.Process().memory_info().rss)
    finally:
        client.close()
        cluster.close()
    words = sum(len(a.text.split()) for a in items)
    events = sum(len(o.events) for o in out if hasattr(o, "events"))
    return {"workers": workers, "seconds": round(seconds, 2), "warm_up_s": round(warm, 2),
            "stories": len(items), "events": events,
            "stories_per_s": round(len(items) / seconds, 2),
            "words_per_s": round(words / seconds, 1), "worker_cpu_s": round(cpu, 1),
            "stories_per_cpu_s": round(len(items) / cpu, 2),
            "words_per_cpu_s": round(words / cpu, 1),
            "rss_mb_per_worker": sorted(round(v / 2**20) for v in rss.values())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=240)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--partition-size", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=1, help="runs per worker count; the fastest counts")
    ap.add_argument("--out", default=str(Path(__file__).with_name("results_dask.json")))
    args = ap.parse_args()
    items = articles(args.n, args.seed)
    before = uptime()
    print(f"uptime before: {before}", flush=True)
    rows = []
    for workers in args.workers:
        runs = [run(workers, items, args.partition_size) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        best["all_seconds"] = [r["seconds"] for r in runs]
        rows.append(best)
        print(json.dumps(best), flush=True)
    after = uptime()
    base = next((r for r in rows if r["workers"] == 1), None)
    print(f"\n{'workers':>7}  {'stories/s':>9}  {'words/s':>8}  {'speed-up':>8}  "
          f"{'words/CPU-s':>11}  RSS per worker (MB)")
    for r in rows:
        r["speedup"] = round(r["stories_per_s"] / base["stories_per_s"], 2) if base else None
        print(f"{r['workers']:>7}  {r['stories_per_s']:>9}  {r['words_per_s']:>8}  "
              f"{r['speedup'] or '-':>8}  {r['words_per_cpu_s']:>11}  {r['rss_mb_per_worker']}")
    print(f"uptime after: {after}")
    Path(args.out).write_text(json.dumps({"uptime_before": before, "uptime_after": after,
                                          "n": args.n, "partition_size": args.partition_size,
                                          "rows": rows}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":  # the local cluster spawns workers that import this file
    main()
