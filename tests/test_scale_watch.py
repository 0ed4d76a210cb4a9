"""`whimbrel watch`: new stories in a folder and in feeds (a file and a URL on a local
HTTP server) are stored once; a restarted watcher recodes nothing; a store locked by
another process is waited for, and nothing is lost."""

from __future__ import annotations

import http.server
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from whimbrel.scale.watch import Watcher
from whimbrel.store import Store

INPUTS = Path(__file__).parent / "data" / "inputs"
STORY = ("date 2024-05-0{day}\n\nOfficials of Kenya and Ethiopia held talks in Nairobi on "
         "May {day} about water number {n}.\n")


def _stored(db: Path) -> dict[str, str]:
    with Store(db, read_only=True) as store:
        return dict(store.sql("SELECT doc_id, content_hash FROM articles")[1])


def test_watch_folder_and_feed_file_idempotent_across_restarts(tmp_path):
    folder, db = tmp_path / "incoming", tmp_path / "w.duckdb"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY.format(day=1, n=1), encoding="utf-8")
    shutil.copy(INPUTS / "feed.rss", tmp_path / "feed.rss")
    watcher = Watcher([str(folder), str(tmp_path / "feed.rss")], str(db))
    first = watcher.poll()
    assert first.stored == 3  # a.txt and the feed's two good items
    assert [e.split(": ")[0] for e in first.errors] == [f"{tmp_path / 'feed.rss'}:item 3"]
    stored = _stored(db)
    assert "a" in stored

    again = watcher.poll()  # nothing changed: nothing read
    assert again.changed_sources == 0 and again.stored == 0

    (folder / "b.txt").write_text(STORY.format(day=2, n=2), encoding="utf-8")
    restarted = Watcher([str(folder), str(tmp_path / "feed.rss")], str(db))
    third = restarted.poll()
    assert third.stored == 1 and third.changed_sources == 1
    assert set(_stored(db)) == set(stored) | {"b"}

    (folder / "a.txt").write_text(STORY.format(day=3, n=3), encoding="utf-8")  # changed
    (tmp_path / "w.duckdb.watch.json").unlink()  # a lost state file: the store is the truth
    fourth = Watcher([str(folder), str(tmp_path / "feed.rss")], str(db)).poll()
    assert fourth.stored == 1 and fourth.unchanged == 3  # b and the two feed items
    with Store(db, read_only=True) as store:
        assert store.sql("SELECT count(*) FROM mentions WHERE doc_id = 'a' "
                         "AND date = DATE '2024-05-03'")[1][0][0] == 1


def test_watch_feed_url_on_local_server(tmp_path):
    served = tmp_path / "site"
    served.mkdir()
    shutil.copy(INPUTS / "feed.atom", served / "news.atom")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(served), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/news.atom"
        db = tmp_path / "u.duckdb"
        watcher = Watcher([url], str(db))
        first = watcher.poll()
        assert first.stored >= 1 and not first.errors
        assert watcher.poll().changed_sources == 0
        with Store(db, read_only=True) as store:
            origins = [o for (o,) in store.sql("SELECT origin FROM articles")[1]]
        assert all(o.startswith(url) for o in origins)
    finally:
        server.shutdown()


def test_watch_waits_for_a_store_held_by_another_process(tmp_path):
    folder, db = tmp_path / "incoming", tmp_path / "held.duckdb"
    folder.mkdir()
    Store(db).close()
    (folder / "c.txt").write_text(STORY.format(day=4, n=4), encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); time.sleep(3)", str(db)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    try:
        started = time.monotonic()
        report = Watcher([str(folder)], str(db), lock_timeout=30).poll()
        assert time.monotonic() - started >= 1.0  # it waited for the lock
    finally:
        holder.wait(30)
    assert report.stored == 1 and set(_stored(db)) == {"c"}


@pytest.mark.slow
def test_watch_cli_once(tmp_path):
    folder, db = tmp_path / "incoming", tmp_path / "cli.duckdb"
    folder.mkdir()
    (folder / "d.txt").write_text(STORY.format(day=5, n=5), encoding="utf-8")
    cmd = [sys.executable, "-m", "whimbrel", "watch", str(folder), "--db", str(db), "--once"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "1 stories stored" in proc.stderr
    assert set(_stored(db)) == {"d"}


@pytest.mark.slow
def test_watch_sends_stories_to_a_running_server(tmp_path):
    import json
    import os
    import socket
    import urllib.request

    folder, db = tmp_path / "incoming", tmp_path / "served.duckdb"
    folder.mkdir()
    Store(db).close()
    (folder / "e.txt").write_text(STORY.format(day=6, n=6), encoding="utf-8")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "WHIMBREL_TOKEN": "test-token"}
    server = subprocess.Popen([sys.executable, "-m", "whimbrel", "serve", "--db", str(db),
                               "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    try:
        sidecar = Path(f"{db}.serve.json")
        deadline = time.monotonic() + 60
        while not sidecar.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        # The server announces itself before it listens (so a CLI ingest fails fast);
        # a watch poll in between is refused and retried next poll. Wait until it answers.
        health = f"http://127.0.0.1:{port}/api/health"
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(health, timeout=5):
                    break
            except OSError:
                time.sleep(0.2)
        os.environ["WHIMBREL_TOKEN"] = "test-token"
        try:
            report = Watcher([str(folder)], str(db), lock_timeout=1).poll()
        finally:
            del os.environ["WHIMBREL_TOKEN"]
        assert report.stored == 1 and not report.errors
        url = f"http://127.0.0.1:{port}/api/articles/e"
        found = None
        while found is None and time.monotonic() < deadline + 60:
            try:
                with urllib.request.urlopen(url, timeout=10) as resp:
                    found = json.loads(resp.read())
            except OSError:
                time.sleep(0.5)
        assert found is not None, "the server never stored the story watch sent"
    finally:
        server.terminate()
        server.wait(30)
