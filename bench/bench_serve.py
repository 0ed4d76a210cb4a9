"""Server latency over a large store: 100,000 synthetic canonical events (as in
bench_store.py, with coordinates added), served by a real `whimbrel serve` process on
localhost, each page fetched over HTTP.

    python bench/bench_serve.py                  # 100,000 events, 20 timed requests per page
    python bench/bench_serve.py --events 1000000 --repeat 10 --json

Goals (2 cores): overview and dyad view under 300 ms, the events list page under 100 ms
(median). Nothing is asserted; the numbers are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

PAGES = {
    "overview (/)": ("/", 300),
    "dyad view (/dyad?a=PAK&b=RUS)": ("/dyad?a=PAK&b=RUS", 300),
    "events list page (/events)": ("/events", 100),
    "events list page, filtered": ("/events?actor=CHN&quad=4&since=2020", 100),
    "API events page (/api/events)": ("/api/events?per_page=50", 100),
    "API events, filtered + sorted": ("/api/events?country=IND&type=ACCUSE&sort=-goldstein", 100),
    "API dyad months": ("/api/dyads/PAK/RUS/months", 300),
    "map (/map?since=2023)": ("/map?since=2023", None),
    "series board (/series)": ("/series", None),
    "commitments board (/commitments)": ("/commitments", None),
    "API commitments, filtered": ("/api/commitments?party=PAK&state=overdue", None),
    "one event (/event/ID)": (None, None),
}


def build(path: Path, n: int) -> None:
    """Synthetic events (bench_store.synthesize), given places with coordinates."""
    from bench_store import synthesize

    from whimbrel.store import Store

    with Store(path) as store:
        secs = synthesize(store, n)
        store.con.execute("""UPDATE events SET lat = (hash(place_name) % 1300) / 10.0 - 55,
                                               lon = (hash(place_name || 'x') % 3500) / 10.0 - 175,
                                               doc_ids = []""")
        store.con.execute("CHECKPOINT")
    print(f"loaded {n} events in {secs:.1f} s", flush=True)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> float:
    """Milliseconds for one request, asking for gzip as a browser does."""
    t0 = time.perf_counter()
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        resp.read()
        assert resp.status == 200, (url, resp.status)
    return (time.perf_counter() - t0) * 1000


def measure(db: Path, repeat: int) -> list[dict]:
    port = _port()
    proc = subprocess.Popen([sys.executable, "-m", "whimbrel", "serve", "--db", str(db),
                             "--port", str(port), "--rate", "0", "--log-level", "warning"])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                _get(base + "/api/health")
                break
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(base + "/api/events?per_page=1&sort=-mentions") as resp:
            some = json.loads(resp.read())["items"][0]["event_id"]
        out = []
        for name, (path, goal) in PAGES.items():
            path = path or f"/event/{some}"
            _get(base + path)  # warm: first touch of the columns and templates
            times = sorted(_get(base + path) for _ in range(repeat))
            out.append({"what": name, "path": path, "median_ms": round(statistics.median(times), 1),
                        "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
                        "max_ms": round(times[-1], 1), "goal_ms": goal})
        return out
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--db", help="Reuse (or create) this DuckDB file.")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db or Path(tmp) / "serve-bench.duckdb")
        if not db.exists():
            build(db, args.events)
        rows = measure(db, args.repeat)
    print(f"{'page':<36} {'median':>8} {'p90':>8} {'max':>8}  goal   (ms, {args.repeat} requests, "
          f"{os.cpu_count()} cores)")
    for r in rows:
        goal = f"< {r['goal_ms']}" if r["goal_ms"] else ""
        ok = "" if not r["goal_ms"] else ("ok" if r["median_ms"] < r["goal_ms"] else "SLOW")
        print(f"{r['what']:<36} {r['median_ms']:>8} {r['p90_ms']:>8} {r['max_ms']:>8}  {goal} {ok}")
    if args.json:
        print(json.dumps({"events": args.events, "pages": rows}))


if __name__ == "__main__":
    main()
