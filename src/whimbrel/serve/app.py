"""The ASGI application: API, dashboard, static files, limits and error pages."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import StoreError, WhimbrelError
from .db import QueryTimeout, ServerDB
from .limits import BodyLimit, BodyTooLarge, LoopbackHosts, RateLimit
from .settings import Settings

log = logging.getLogger("whimbrel.serve")

DESCRIPTION = """Coded political events from a whimbrel store.

Read-only unless the operator set an ingest token. Filters are those of
`whimbrel events`; errors are `{"error": {"status", "message"}}`."""

#: What a parameter looks like, for error messages.
FORMS = {"since": "YYYY, YYYY-MM or YYYY-MM-DD", "until": "YYYY, YYYY-MM or YYYY-MM-DD",
         "actor": "actor codes such as PAK or PAK,IND", "dyad": "two actor codes such as PAK,RUS",
         "country": "ISO-3 codes such as KEN", "type": "PLOVER types or CAMEO prefixes such as "
         "ACCUSE or 04", "a": "an actor code such as PAK", "b": "an actor code such as RUS",
         "code": "an actor code such as PAK", "event_id": "an event id (letters and digits)",
         "job_id": "a job id as POST /api/ingest returned it",
         "party": "ISO-3 codes such as PAK or PAK,RUS"}

TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
          413: "Too large", 422: "Invalid parameters", 429: "Too many requests",
          500: "Server error", 503: "Busy"}


def create_app(settings: Settings, db: ServerDB | None = None) -> Any:
    """The server's ASGI app over ``settings.db`` (or an already opened ServerDB)."""
    from . import api, dashboard

    app = FastAPI(title="whimbrel", version=__version__, description=DESCRIPTION,
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.db = db or ServerDB(settings.db, writable=settings.writable,
                                  timeout=settings.timeout)
    app.include_router(api.router)
    app.include_router(dashboard.router)
    from importlib import resources
    static = resources.files("whimbrel.serve") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _errors(app)
    app.add_middleware(_SecurityHeaders)
    app.add_middleware(_FormBlanks)
    app.add_middleware(GZipMiddleware, minimum_size=2000)  # the map is some 100-600 kB of SVG
    guarded = RateLimit(BodyLimit(app, settings.max_body), settings.rate)
    if settings.host in ("127.0.0.1", "localhost", "::1"):
        guarded = LoopbackHosts(guarded)
    return guarded


class _SecurityHeaders:
    """No framing, no sniffing, no outside resources: the pages load only from here."""

    HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
               (b"referrer-policy", b"no-referrer"),
               (b"content-security-policy",
                b"default-src 'self'; img-src 'self' data:; style-src 'self'; "
                b"script-src 'none'; frame-ancestors 'none'")]

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def add(message: dict) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.HEADERS
            await send(message)

        await self.app(scope, receive, add)


class _FormBlanks:
    """A dashboard form sends its empty fields too (``?party=&as_of=``); on pages (not the
    API, whose clients send what they mean) an empty field means "no filter"."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        query = scope.get("query_string", b"")
        if scope["type"] == "http" and query and not scope["path"].startswith("/api"):
            kept = [p for p in query.split(b"&") if p and not p.endswith(b"=")]
            scope = {**scope, "query_string": b"&".join(kept)}
        await self.app(scope, receive, send)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path.startswith("/static")


def error_response(request: Request, status: int, message: str,
                   details: list[str] | None = None, headers: dict | None = None) -> Response:
    if _wants_json(request):
        body: dict[str, Any] = {"status": status, "message": message}
        if details:
            body["details"] = details
        return JSONResponse({"error": body}, status_code=status, headers=headers)
    from .dashboard import render

    page = render(request, "error.html", status=status, title=TITLES.get(status, "Error"),
                  message=message + (": " + "; ".join(details) if details else ""),
                  filters={}, view="error")
    page.status_code = status
    return page


def _errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "")
        if exc.status_code == 404 and message == "Not Found":
            message = (f"nothing at {request.url.path}; the API is under /api "
                       "(see /api/openapi.json), the dashboard at /")
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(request, exc.status_code, message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body",
                                                                              "path"))
            if err.get("type") == "string_pattern_mismatch":
                hint = FORMS.get(where.split(".")[0], "see /api/openapi.json")
                details.append(f"{where}: {err.get('input')!r} is not of the form {hint}")
            else:
                msg = str(err.get("msg", "")).removeprefix("Value error, ")
                details.append(f"{where or 'request'}: {msg}")
        return error_response(request, 422, "invalid request parameters", details)

    # Errors whose message is meant for the user, and the status each answers with.
    statuses = {BodyTooLarge: 413, QueryTimeout: 503, StoreError: 400, WhimbrelError: 400}

    async def said_error(request: Request, exc: Exception) -> Response:
        status = next(code for kind, code in statuses.items() if isinstance(exc, kind))
        return error_response(request, status, str(exc))

    for kind in statuses:
        app.add_exception_handler(kind, said_error)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("error answering %s %s", request.method, request.url.path)
        return error_response(request, 500, "the server failed on this request; its log "
                                            "has the details")
