"""``whimbrel serve``: an HTTP API and an analyst's dashboard over the event store.

    whimbrel serve --db events.duckdb          # http://127.0.0.1:8765/, read-only
    WHIMBREL_TOKEN=... whimbrel serve --watch inbox/   # and ingest through the server
    whimbrel serve --demo                      # the bundled examples, in a temporary store

Modules: ``settings`` (one table of settings), ``db`` (the server's hold on the
store: readers and one writer), ``queries`` (SQL), ``api`` (JSON under /api),
``dashboard`` and ``charts`` (HTML pages with server-drawn SVG), ``geo`` (map
outlines), ``limits`` (body size and rate), ``watch`` (watch folder), ``app``
(the ASGI app) and ``server`` (running it). Importing this package is cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Settings", "create_app", "serve"]


def __getattr__(name: str) -> Any:
    if name == "Settings":
        from .settings import Settings

        return Settings
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "serve":
        from .server import serve

        return serve
    raise AttributeError(f"module 'whimbrel.serve' has no attribute {name!r}")
