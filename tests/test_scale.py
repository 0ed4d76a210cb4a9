"""The Dask engine on a real local cluster of 2 worker processes (one cluster for the
module): the same events and the same store as a single-process run, a worker killed
mid-partition, a stopped run restarted, and poison stories."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

sys.path.insert(0, str(Path(__file__).parent / "stories" / "store"))
from store_testing import dump  # noqa: E402

from whimbrel.api import code_many  # noqa: E402
from whimbrel.errors import InputError  # noqa: E402
from whimbrel.ingest import read_inputs  # noqa: E402
from whimbrel.scale import DaskEngine, code, connect, ingest  # noqa: E402
from whimbrel.store import Store  # noqa: E402

ROOT = Path(__file__).parent.parent
#: 18 stories: the examples, and ten outlets' reports of a few shared events.
CORPUS = [str(ROOT / "examples"), str(ROOT / "tests" / "stories" / "store" / "outlets.jsonl")]
PART = 3  # stories per partition: six partitions; the Omo reports fall in two of them
POISON = str(ROOT / "tests" / "stories" / "scale" / "poison_coder.py") + ":code"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client():
    client, cluster = connect(None, 2, dashboard=False)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    """The single-process run: events per story, and the store's tables."""
    docs = list(code_many(read_inputs(CORPUS), n_process=1))
    assert not any(isinstance(d, InputError) for d in docs)
    db = tmp_path_factory.mktemp("single") / "single.duckdb"
    with Store(db) as store:
        store.ingest(CORPUS, n_process=1)
        tables = dump(store.con)
    events = [[e.to_dict() for e in d.events] for d in docs]  # as JSON has them (lists)
    return {"events": json.loads(json.dumps(events)), "tables": tables,
            "doc_ids": [d.doc_id for d in docs]}


def _engine(client, work, **kw):
    return DaskEngine(work, client=client, partition_size=PART, **kw)


def _ingest(client, work, db, **kw):
    with Store(db) as store, _engine(client, work, **kw) as engine:
        report = ingest(store, read_inputs(CORPUS), engine)
        return report, engine.report, dump(store.con)


def test_two_workers_give_the_single_process_events_and_merges(client, single, tmp_path):
    with _engine(client, tmp_path / "code") as engine:
        out = list(code(read_inputs(CORPUS), engine))
    assert [o.doc_id for o in out] == single["doc_ids"]
    assert [o.events for o in out] == single["events"]
    assert engine.report.coded == 6 and engine.report.stories == 18

    report, run, tables = _ingest(client, tmp_path / "store", tmp_path / "dask.duckdb")
    assert not report.errors and report.stored == 18
    assert tables == single["tables"]  # same ids, mentions, canonical events and merges
    part_of = {d: i // PART for i, d in enumerate(single["doc_ids"])}
    with Store(tmp_path / "dask.duckdb", read_only=True) as store:
        rows = store.sql("SELECT doc_ids FROM events WHERE num_articles > 1")[1]
    across = [ids for (ids,) in rows if len({part_of[d] for d in ids}) > 1]
    assert across, "no event merged reports from different partitions: the test proves nothing"


def test_cli_code_on_a_running_scheduler(client, single, tmp_path):
    out = tmp_path / "events.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "whimbrel", "code", *CORPUS, "-o", str(out), "--engine", "dask",
         "--scheduler", client.scheduler.address, "--partition-size", str(PART)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    want = [json.dumps(e, ensure_ascii=False) for evs in single["events"] for e in evs]
    assert out.read_text(encoding="utf-8").splitlines() == want
    assert "6 partitions (6 coded" in proc.stderr


def test_cli_ingest_on_a_running_scheduler_and_again(client, single, tmp_path):
    db = tmp_path / "cli.duckdb"
    cmd = [sys.executable, "-m", "whimbrel", "ingest", *CORPUS, "--db", str(db), "--engine",
           "dask", "--scheduler", client.scheduler.address, "--partition-size", str(PART)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    with Store(db, read_only=True) as store:
        assert dump(store.con) == single["tables"]
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "0 articles stored, 18 unchanged skipped" in again.stderr
    assert "(0 coded" in again.stderr
    assert (tmp_path / "cli.parts" / "parts").is_dir()


def _worker_pids(client) -> set[int]:
    return set(client.run(os.getpid).values())


def test_worker_killed_mid_partition_loses_nothing(client, single, tmp_path):
    work = tmp_path / "work"
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(
        zip(("report", "run", "tables"), _ingest(client, work, tmp_path / "k.duckdb"))))
    before = _worker_pids(client)
    thread.start()
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and time.monotonic() < deadline and thread.is_alive():
        for marker in (work / "state").glob("*.current"):
            try:
                pid = json.loads(marker.read_text())["pid"]
            except (OSError, ValueError, KeyError):
                continue
            os.kill(pid, signal.SIGKILL)  # mid-partition: its chunk marker is on disk
            killed = pid
            break
        time.sleep(0.005)
    thread.join(300)
    assert killed in before, "no worker was caught coding a partition"
    assert result["tables"] == single["tables"]
    assert not result["report"].errors
    deadline = time.monotonic() + 60
    while len(client.scheduler_info()["workers"]) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)  # the nanny brings the worker back for the next tests


def test_stopped_run_restarted_redoes_only_unfinished_partitions(client, single, tmp_path):
    # One story per partition: 18 partitions against at most 6 in flight, so a run stopped
    # after its first partition cannot have finished them all (with 6 partitions, a slow
    # first one let the other five finish before it came back).
    work, n_parts = tmp_path / "work", 18
    with DaskEngine(work, client=client, partition_size=1) as engine:
        results = code(read_inputs(CORPUS), engine)
        next(results)  # one partition back: stop the run here (as Ctrl-C would)
        results.close()
    # A cancelled task already running on a worker still finishes and publishes its
    # partition: wait until the published set has not changed for a second.
    deadline, seen, stable_since = time.monotonic() + 60, None, time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - stable_since < 1.0:
        now = {p.name for p in (work / "parts").iterdir() if not p.name.startswith(".")}
        if now != seen:
            seen, stable_since = now, time.monotonic()
        time.sleep(0.05)
    finished = seen
    assert 1 <= len(finished) < n_parts

    with DaskEngine(work, client=client, partition_size=1) as engine:
        out = list(code(read_inputs(CORPUS), engine))
    assert [o.events for o in out] == single["events"]
    # Every partition published before the restart is reused, none is coded again, and
    # the rest are coded exactly once.
    assert engine.report.reused >= len(finished)
    assert engine.report.coded == n_parts - engine.report.reused
    assert not set(engine.report.coded_fingerprints) & finished


def test_poison_stories_are_reported_by_id_and_skipped(client, tmp_path):
    stories = [{"id": f"s{i}", "text": f"Story {i}.", "date": "2024-05-01"} for i in range(8)]
    stories[2]["text"] = "A story that hangs the coder: POISON-HANG."
    stories[5]["text"] = "A story that crashes the coder: POISON-CRASH."
    corpus = tmp_path / "poison.jsonl"
    corpus.write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    with DaskEngine(tmp_path / "work", client=client, partition_size=4, coder=POISON,
                    time_limit=1.0) as engine:
        out = list(code(read_inputs([corpus]), engine))
    errors = {o.origin: o.message for o in out if isinstance(o, InputError)}
    assert [o.doc_id for o in out if not isinstance(o, InputError)] == \
        ["s0", "s1", "s3", "s4", "s6", "s7"]
    assert "'s2' ran over the time limit of 1 s" in errors[f"{corpus}:3"]
    assert "'s5' crashed the worker coding it 2 times" in errors[f"{corpus}:6"]


def test_without_dask_the_error_says_what_to_install(tmp_path):
    script = ("import sys; sys.modules['distributed'] = None; from whimbrel.cli import main; "
              f"main(['code', '--engine', 'dask', {CORPUS[0]!r}])")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert proc.returncode == 1
    assert "pip install 'whimbrel[dask]'" in proc.stderr
    assert "Traceback" not in proc.stderr
