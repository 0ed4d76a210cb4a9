"""Running the server: open the store, announce it, start the writer and watcher, serve."""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..errors import WhimbrelError
from .settings import Settings

log = logging.getLogger("whimbrel.serve")


def demo_inputs() -> Path:
    """The bundled example stories: ``examples/`` of the source tree or the working directory."""
    import whimbrel

    for root in (Path.cwd(), Path(whimbrel.__file__).resolve().parents[2]):
        if (root / "examples").is_dir() and any((root / "examples").glob("*.txt")):
            return root / "examples"
    raise WhimbrelError("cannot find the example stories (examples/ of whimbrel's source "
                        "tree); run from a clone, or ingest your own stories and serve "
                        "them with `whimbrel serve --db PATH`")


def build_demo(folder: Path, out=sys.stderr) -> str:
    """Code the example stories into a new store in ``folder``; return its path."""
    from ..store import Store

    path = str(folder / "demo.duckdb")
    inputs = demo_inputs()
    print(f"whimbrel: coding the example stories in {inputs} into a temporary store ...",
          file=out)
    with Store(path) as store:
        report = store.ingest([inputs], n_process=1)
        print(f"whimbrel: {report.summary()}", file=out)
    return path


def serve(settings: Settings, *, demo: bool = False, log_level: str = "info") -> None:
    """Serve until interrupted (Ctrl-C)."""
    import uvicorn

    from .app import create_app
    from .db import ServerDB

    logging.basicConfig(level=log_level.upper(), format="whimbrel: %(message)s")
    _check_port(settings.host, settings.port)  # before a demo spends time coding
    with tempfile.TemporaryDirectory(prefix="whimbrel-demo-") as tmp:
        if demo:
            settings.db = build_demo(Path(tmp))
        db = ServerDB(settings.db, writable=settings.writable, timeout=settings.timeout)
        watcher = None
        try:
            app = create_app(settings, db)
            ingest_url = f"{settings.url}api/ingest" if settings.token else None
            db.announce(settings.url, ingest_url, settings.watch)
            db.start()
            if settings.watch:
                from .watch import Watcher

                watcher = Watcher(settings.watch, db)
                watcher.start()
            _banner(settings, db)
            config = uvicorn.Config(app, host=settings.host, port=settings.port,
                                    log_level=log_level, timeout_keep_alive=5,
                                    limit_concurrency=64, server_header=False)
            uvicorn.Server(config).run()
        finally:
            if watcher:
                watcher.stop()
            db.close()


def _check_port(host: str, port: int) -> None:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            raise WhimbrelError(f"cannot listen on {host} port {port} ({err.strerror}); is "
                                "another server using it? choose another with --port") from None


def _banner(settings: Settings, db: Any) -> None:
    with db.reader() as cur:
        n = cur.execute("SELECT count(*) FROM events").fetchall()[0][0]
    mode = ("read-only" if not settings.writable else
            "ingest: " + ", ".join(x for x in (
                "POST /api/ingest with the token" if settings.token else "",
                f"watch folder {settings.watch}" if settings.watch else "") if x))
    log.info("serving %s (%d events) at %s (%s)", settings.db, n, settings.url, mode)
    if settings.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("listening on %s: other machines can reach this server; plain HTTP, so "
                    "put it behind TLS before sending a token over a network", settings.host)


def get(settings: Settings, path: str, demo: bool = False) -> tuple[int, str]:
    """Answer one request in process (no socket): ``whimbrel serve --get /api/health``."""
    if demo:
        with tempfile.TemporaryDirectory(prefix="whimbrel-demo-") as tmp:
            settings.db = build_demo(Path(tmp))
            return get(settings, path)
    import asyncio

    import httpx

    from .app import create_app
    from .db import ServerDB

    async def one(app: Any) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get(path)

    db = ServerDB(settings.db, writable=False, timeout=settings.timeout)
    try:
        response = asyncio.run(one(create_app(settings, db)))
        return response.status_code, response.text
    finally:
        db.close()
