"""One store, several users: ingest through a running server while the dashboard is read,
and command-line runs against a held store that wait their turn or say what to do."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from serve_support import running_server

from whimbrel.store import Store

TOKEN = "t0k3n-" + "".join(random.choice("abcdef0123456789") for _ in range(24))
PAIRS = [("Kenya", "Ethiopia"), ("Brazil", "Argentina"), ("India", "Nepal"), ("Ghana", "Togo"),
         ("Pakistan", "Russia"), ("France", "Germany"), ("Japan", "Chile"), ("Peru", "Egypt")]
VERBS = ["held talks with", "signed an agreement with", "accused", "condemned", "sent aid to",
         "threatened", "praised"]


def stories(n: int, seed: int, prefix: str) -> list[dict]:
    """Short news stories with two countries, a verb and a date (written for this test)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rnd.choice(PAIRS)
        day = date(2024, 1, 1) + timedelta(days=rnd.randrange(300))
        text = (f"{a} {rnd.choice(VERBS)} {b} on Tuesday, officials in the capital said. "
                f"The foreign minister of {b} {rnd.choice(VERBS)} {a} a day later.")
        out.append({"id": f"{prefix}-{i:03d}", "text": text, "date": day.isoformat()})
    return out


def _empty_store(path: Path) -> Path:
    with Store(path):
        pass
    return path


def test_ingest_while_the_dashboard_is_read_nothing_lost(tmp_path):
    db = _empty_store(tmp_path / "live.duckdb")
    inbox = tmp_path / "inbox"
    posted = stories(24, seed=1, prefix="api")
    dropped = stories(6, seed=2, prefix="drop")
    env = {"WHIMBREL_TOKEN": TOKEN}
    with running_server(db, tmp_path, "--watch", str(inbox), "--rate", "0", env=env) as srv:
        reads: list[tuple[str, int]] = []
        seen_events: list[int] = []
        stop = threading.Event()

        def reader() -> None:  # the dashboard and API, read over and over while ingest runs
            pages = ["/", "/events", "/map", "/dyad?a=KEN&b=ETH", "/api/events?per_page=100"]
            i = 0
            while not stop.is_set() or i < len(pages):
                path = pages[i % len(pages)]
                status, body = srv.get(path)
                reads.append((path, status))
                if path.startswith("/api/events"):
                    seen_events.append(body["total"])
                i += 1

        thread = threading.Thread(target=reader)
        thread.start()
        jobs = []
        for k in range(0, len(posted), 6):  # four requests of six stories
            status, job = srv.post("/api/ingest", {"stories": posted[k:k + 6]}, token=TOKEN)
            assert status == 202, job
            jobs.append(job["job"])
        for s in dropped[:3]:  # a text file per story, dated on its first line
            (inbox / f"{s['id']}.txt").write_text(f"date {s['date']}\n{s['text']}\n")
        (inbox / "drop-rest.jsonl").write_text(
            "".join(json.dumps(s) + "\n" for s in dropped[3:]))
        deadline = time.monotonic() + 240
        done = []
        while time.monotonic() < deadline:
            done = [srv.get(f"/api/ingest/{j}", headers={"Authorization": f"Bearer {TOKEN}"})[1]
                    for j in jobs]
            files = sorted(p.name for p in (inbox / "done").iterdir())
            if all(d["state"] == "done" for d in done) and len(files) == 4:
                break
            time.sleep(0.5)
        stop.set()
        thread.join(timeout=120)
        assert all(d["state"] == "done" and not d["errors"] for d in done), done
        assert sum(d["stored"] for d in done) == len(posted)
        assert sorted(p.name for p in (inbox / "done").iterdir()) == sorted(
            [f"{s['id']}.txt" for s in dropped[:3]] + ["drop-rest.jsonl"])
        assert not list((inbox / "failed").iterdir())
        _, health = srv.get("/api/health")
        assert health["articles"] == len(posted) + len(dropped)
        assert len(reads) >= 10 and all(status == 200 for _, status in reads), \
            [r for r in reads if r[1] != 200]
        assert seen_events == sorted(seen_events), "a reader saw events disappear"
        assert TOKEN not in srv.log.read_text()
        status, body = srv.post("/api/ingest", {"stories": posted[:1]}, token="wrong")
        assert status == 401 and "token" in body["error"]["message"]
    with Store(db, read_only=True) as store:
        ids = {r[0] for r in store.sql("SELECT doc_id FROM articles")[1]}
    assert ids == {s["id"] for s in posted + dropped}


def _whimbrel(*args: str, env: dict | None = None, timeout: float = 120):
    environ = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "whimbrel", *args], capture_output=True,
                          text=True, timeout=timeout, env=environ)


def test_cli_ingest_against_a_served_store_says_what_to_do_then_works(tmp_path):
    db = _empty_store(tmp_path / "held.duckdb")
    story = tmp_path / "story.txt"
    story.write_text("date 2024-02-02\nKenya accused Ethiopia of violating the border deal.\n")
    inbox = tmp_path / "inbox"
    with running_server(db, tmp_path, "--watch", str(inbox), env={"WHIMBREL_TOKEN": TOKEN}) \
            as srv:
        t0 = time.monotonic()
        run = _whimbrel("ingest", str(story), "--db", str(db))
        assert run.returncode == 1 and time.monotonic() - t0 < 30
        assert "whimbrel serve" in run.stderr and srv.url in run.stderr
        assert f"{srv.url}/api/ingest" in run.stderr and str(inbox) in run.stderr
        assert TOKEN not in run.stderr
        assert srv.get("/api/health")[1]["articles"] == 0
    run = _whimbrel("ingest", str(story), "--db", str(db))  # the server is gone: it works
    assert run.returncode == 0, run.stderr
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 1


HOLD = """
import sys
from whimbrel.store import Store
with Store(sys.argv[1]):
    print("holding", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""


def test_a_second_writer_waits_its_turn_or_says_who_holds_the_file(tmp_path):
    db = _empty_store(tmp_path / "busy.duckdb")
    story = tmp_path / "story.txt"
    story.write_text("date 2024-02-02\nKenya accused Ethiopia of violating the border deal.\n")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        quick = _whimbrel("ingest", str(story), "--db", str(db),
                          env={"WHIMBREL_LOCK_WAIT": "0.3"})
        assert quick.returncode == 1
        assert f"process {holder.pid}" in quick.stderr and "WHIMBREL_LOCK_WAIT" in quick.stderr
        patient = subprocess.Popen([sys.executable, "-m", "whimbrel", "ingest", str(story),
                                    "--db", str(db)], env={**os.environ,
                                                           "WHIMBREL_LOCK_WAIT": "120"},
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert patient.poll() is None, "the second writer should be waiting"
    finally:
        holder.stdin.close()  # the first writer finishes
        holder.wait(timeout=30)
    _, err = patient.communicate(timeout=120)
    assert patient.returncode == 0, err
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 1


def test_a_served_read_only_store_tells_writers_how_to_proceed(tmp_path):
    db = _empty_store(tmp_path / "ro.duckdb")
    with running_server(db, tmp_path) as srv:
        run = _whimbrel("ingest", "--db", str(db))
        assert run.returncode == 1 and "read-only" in run.stderr and "WHIMBREL_TOKEN" in run.stderr
        assert srv.get("/api/health")[0] == 200


def test_bad_ingest_requests_are_refused_clearly(tmp_path):
    db = _empty_store(tmp_path / "bad.duckdb")
    with running_server(db, tmp_path, env={"WHIMBREL_TOKEN": TOKEN}) as srv:
        for body, status in (({"stories": []}, 422),
                             ({"stories": [{"text": "Kenya accused Ethiopia."}]}, 400),  # no id
                             ({"stories": [{"id": "x", "text": ""}]}, 422)):
            got, answer = srv.post("/api/ingest", body, token=TOKEN)
            assert got == status and answer["error"]["message"], (body, answer)
        assert srv.get("/api/health")[1]["articles"] == 0
