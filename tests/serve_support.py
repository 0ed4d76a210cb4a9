"""Helpers for the serve tests: the example stories coded once into a store, and a real
`whimbrel serve` process on a free localhost port."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
_DEMO: dict[str, Path] = {}


#: Stories beside examples/ so that the served store has series and commitments: the seed
#: story (JMCC round 3, round 4 promised for 2022); two rounds of a committee whose first
#: promises the second, which the next story reports held (a fulfilled promise); two wires
#: that number one meeting differently (a conflict, tests/stories/serve/README.md).
FOLLOW_STORIES = [ROOT.parent / "shared" / "examples" / "jmcc-2021-09-29.txt",
                  ROOT / "tests" / "stories" / "series" / "jdcc-2017-05-10.txt",
                  ROOT / "tests" / "stories" / "series" / "jdcc-2018-06-21.txt",
                  *sorted((ROOT / "tests" / "stories" / "serve").glob("*.txt"))]


def demo_store(tmp_path_factory) -> Path:
    """examples/ and FOLLOW_STORIES coded by the real pipeline into a store, built once per
    test session."""
    if "path" not in _DEMO:
        from whimbrel.store import Store

        path = tmp_path_factory.mktemp("serve-demo") / "demo.duckdb"
        inputs = [ROOT / "examples", *FOLLOW_STORIES]
        with Store(path) as store:
            report = store.ingest(inputs, n_process=1)
        expected = len(list((ROOT / "examples").glob("*.txt"))) + len(FOLLOW_STORIES)
        assert report.stored == expected, report.errors
        _DEMO["path"] = path
    return _DEMO["path"]


def copy_store(src: Path, folder: Path) -> Path:
    out = folder / src.name
    shutil.copy(src, out)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, proc: subprocess.Popen, url: str, log: Path):
        self.proc, self.url, self.log = proc, url, log

    def get(self, path: str, **kw: Any) -> tuple[int, Any]:
        return request(self.url + path, **kw)

    def post(self, path: str, body: Any, token: str | None = None) -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return request(self.url + path, data=json.dumps(body).encode(), headers=headers)


def request(url: str, data: bytes | None = None, headers: dict | None = None,
            timeout: float = 60) -> tuple[int, Any]:
    """(status, parsed JSON or text) of one real HTTP request."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, body, kind = resp.status, resp.read(), resp.headers.get("content-type", "")
    except urllib.error.HTTPError as err:
        status, body, kind = err.code, err.read(), err.headers.get("content-type", "")
    text = body.decode("utf-8")
    return status, json.loads(text) if "json" in kind else text


@contextmanager
def running_server(db: Path, tmp: Path, *args: str, env: dict[str, str] | None = None,
                   ) -> Iterator[Server]:
    """`python -m whimbrel serve` on a free port; stopped (Ctrl-C) at the end."""
    port = free_port()
    log = tmp / f"server-{port}.log"
    environ = {k: v for k, v in os.environ.items() if k != "WHIMBREL_TOKEN"}
    environ.update(env or {})
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "whimbrel", "serve", "--db", str(db),
                                 "--port", str(port), *args], stdout=fh, stderr=subprocess.STDOUT,
                                env=environ)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if request(url + "/api/health", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield Server(proc, url, log)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
