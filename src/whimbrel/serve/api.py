"""The JSON API under /api: events, articles, time series, actors, places, coding, ingest.

Every parameter is validated by its declared type and bounds before a query runs;
filters reach DuckDB as bound parameters only. Errors are JSON objects
``{"error": {"status": ..., "message": ...}}`` (see ``app.py``).
"""

from __future__ import annotations

import hmac
import re
import threading
from datetime import date as Date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from .. import __version__
from ..follow.promises import STATES
from . import queries

CODE_RE = r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$"
CODES_RE = r"^[A-Za-z][A-Za-z0-9_.-]{0,39}([ ,]+[A-Za-z][A-Za-z0-9_.-]{0,39}){0,19}$"
DYAD_RE = r"^[A-Za-z][A-Za-z0-9_.-]{0,39}[ ,]+[A-Za-z][A-Za-z0-9_.-]{0,39}$"
TYPES_RE = r"^[A-Za-z0-9_]{1,20}([ ,]+[A-Za-z0-9_]{1,20}){0,19}$"
YEAR_MONTH_RE = r"^[1-9][0-9]{3}(-(0[1-9]|1[0-2]))?$"


def _is_day(value: str) -> bool:
    """A real calendar day written YYYY-MM-DD (not 2021-02-30)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        Date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _date_bound(value: str) -> str:
    """YYYY, YYYY-MM or a real calendar day YYYY-MM-DD."""
    if re.fullmatch(YEAR_MONTH_RE, value) or _is_day(value):
        return value
    raise ValueError(f"{value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")


DateBound = Annotated[str, AfterValidator(_date_bound), WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": YEAR_MONTH_RE}, {"type": "string", "format": "date"}]})]
Status = Literal["occurred", "ongoing", "planned", "negated", "hypothetical"]
Sort = Literal[tuple(queries.SORTS)]  # type: ignore[valid-type]
CommitmentState = Literal[STATES]  # type: ignore[valid-type]
#: Follow-through boards (issue 11): their names and what they hold.
BOARDS = {"series": "recurring series (rounds of talks, exercises)",
          "commitments": "promises and whether they were kept"}


def _as_of(value: str) -> str:
    """A real calendar day YYYY-MM-DD, or 'today'."""
    if value == "today" or _is_day(value):
        return value
    raise ValueError(f"{value!r} is not a day; use YYYY-MM-DD or 'today'")


AsOf = Annotated[str, AfterValidator(_as_of), WithJsonSchema({"anyOf": [
    {"type": "string", "format": "date"}, {"type": "string", "enum": ["today"]}]})]


class ErrorBody(BaseModel):
    status: int
    message: str
    details: list[str] = []


class ErrorOut(BaseModel):
    error: ErrorBody


class Page(BaseModel):
    """One page of a list."""

    model_config = ConfigDict(extra="allow")
    total: int
    page: int
    per_page: int
    items: list[dict[str, Any]]


class Months(BaseModel):
    model_config = ConfigDict(extra="allow")
    months: list[dict[str, Any]]


class Listing(BaseModel):
    items: list[dict[str, Any]]


class Story(BaseModel):
    """A story to code or ingest: its text, and what is known about it."""

    text: str = Field(min_length=1, description="the story's text")
    date: Date | None = Field(None, description="publication date (YYYY-MM-DD)")
    id: str | None = Field(None, max_length=200, pattern=r"^[^\x00-\x1f]*$",
                           description="document id (default: posted)")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)


class IngestRequest(BaseModel):
    stories: list[Story] = Field(min_length=1, max_length=500)


ERRORS = {code: {"model": ErrorOut} for code in (400, 404, 413, 422, 429, 503)}
router = APIRouter(prefix="/api", responses=ERRORS)
bearer = HTTPBearer(auto_error=False, description="the token the operator set in $WHIMBREL_TOKEN")


def event_filters(
    actor: Annotated[str | None, Query(pattern=CODES_RE, description=(
        "actor codes; an event matches if any takes part (e.g. PAK or PAK,IND)"))] = None,
    dyad: Annotated[str | None, Query(pattern=DYAD_RE, description=(
        "two actor codes, either direction (e.g. PAK,RUS)"))] = None,
    country: Annotated[str | None, Query(pattern=CODES_RE, description=(
        "ISO-3 codes of where events happened"))] = None,
    type: Annotated[str | None, Query(pattern=TYPES_RE, description=(
        "PLOVER types or CAMEO code prefixes (e.g. ACCUSE or 04)"))] = None,
    quad: Annotated[list[Annotated[int, Field(ge=1, le=4)]] | None, Query(description=(
        "quad classes 1-4 (repeat the parameter for several)"))] = None,
    status: Annotated[list[Status] | None, Query(description="event status")] = None,
    since: Annotated[DateBound | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    until: Annotated[DateBound | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    place: Annotated[str | None, Query(max_length=100, description="place name substring")]
    = None,
    text: Annotated[str | None, Query(max_length=200, description="words in the evidence")]
    = None,
    min_mentions: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> dict[str, Any]:
    """The filters of `whimbrel events`, validated."""
    if dyad is not None and len(dyad.replace(",", " ").split()) != 2:
        raise HTTPException(400, f"dyad takes two actor codes such as PAK,RUS, not {dyad!r}")
    return {k: v for k, v in dict(actor=actor, dyad=dyad, country=country, type=type, quad=quad,
                                  status=status, since=since, until=until, place=place,
                                  text=text, min_mentions=min_mentions).items() if v}


Filters = Annotated[dict[str, Any], Depends(event_filters)]
PageNo = Annotated[int, Query(ge=1, le=100_000, description="page number, from 1")]
PerPage = Annotated[int, Query(ge=1, le=500, description="items per page")]
CodeParam = Annotated[str, Path(pattern=CODE_RE, description="actor code (ISO-3, IGO, ...)")]


def db(request: Request):
    return request.app.state.db


@router.get("/health", summary="Server and store status")
def health(request: Request) -> dict[str, Any]:
    sdb = db(request)
    with sdb.reader() as cur:
        info = queries.totals(cur)
    return {"status": "ok", "version": __version__, "writable": sdb.writable,
            "ingest": "token" if request.app.state.settings.token else None,
            "watch": request.app.state.settings.watch, "pending_jobs": sdb.pending(),
            "boards": {name: sdb.has_table(name) for name in BOARDS}, **info}


@router.get("/events", response_model=Page, summary="Events, filtered, sorted and paginated")
def list_events(request: Request, filters: Filters, page: PageNo = 1, per_page: PerPage = 50,
                sort: Sort = "-date") -> dict[str, Any]:
    with db(request).reader() as cur:
        return queries.event_page(cur, filters, page=page, per_page=per_page, sort=sort)


@router.get("/events/{event_id}", summary="One event with its reports, actors and evidence")
def get_event(request: Request,
              event_id: Annotated[str, Path(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
              ) -> dict[str, Any]:
    with db(request).reader() as cur:
        event = queries.event_detail(cur, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id!r} in this store; list events with "
                                 "/api/events")
    return event


@router.get("/articles", response_model=Page, summary="Stored stories, newest first")
def list_articles(request: Request, page: PageNo = 1, per_page: PerPage = 50,
                  text: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    with db(request).reader() as cur:
        return queries.article_list(cur, page=page, per_page=per_page, text=text)


@router.get("/articles/{doc_id:path}", summary="One story with its events and the spans to highlight")
def get_article(request: Request, doc_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    with db(request).reader() as cur:
        article = queries.article_detail(cur, doc_id)
    if article is None:
        raise HTTPException(404, f"no story {doc_id!r} in this store; list stories with "
                                 "/api/articles")
    return article


@router.get("/months", response_model=Months, summary="Events by month and quad class")
def months(request: Request, filters: Filters) -> dict[str, Any]:
    with db(request).reader() as cur:
        return {"filters": filters, "months": queries.monthly(cur, filters)}


@router.get("/dyads", response_model=Listing, summary="Dyads with most events")
def dyads(request: Request, filters: Filters,
          limit: Annotated[int, Query(ge=1, le=500)] = 20) -> dict[str, Any]:
    with db(request).reader() as cur:
        return {"items": queries.top_dyads(cur, filters, limit)}


@router.get("/dyads/{a}/{b}/months", response_model=Months,
            summary="A dyad's events by month: counts, Goldstein, quad classes")
def dyad_months(request: Request, a: CodeParam, b: CodeParam, filters: Filters
                ) -> dict[str, Any]:
    filters = {**filters, "dyad": (a, b)}
    with db(request).reader() as cur:
        return {"dyad": [a.upper(), b.upper()], "months": queries.monthly(cur, filters)}


@router.get("/countries/{code}/months", response_model=Months,
            summary="A country's events (as an actor) by month")
def country_months(request: Request, code: CodeParam, filters: Filters) -> dict[str, Any]:
    filters = {**filters, "actor": code}
    with db(request).reader() as cur:
        return {"country": code.upper(), "name": queries.country_name(code.upper()),
                "months": queries.monthly(cur, filters)}


@router.get("/actors", response_model=Listing, summary="Actors by number of events")
def actors(request: Request, filters: Filters,
           limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    with db(request).reader() as cur:
        return {"items": queries.actors(cur, filters, limit)}


@router.get("/places", response_model=Listing, summary="Places by number of events")
def places(request: Request, filters: Filters,
           limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    with db(request).reader() as cur:
        return {"items": queries.places(cur, filters, limit)}


class Loose(BaseModel):
    """A JSON object whose main fields are described; the rest pass through."""

    model_config = ConfigDict(extra="allow")


class RoundOut(Loose):
    round: int | None = Field(description="ordinal of the round (explicit or from the order)")
    ordinal_source: str | None = None
    date: str | None = None
    place: str | None = None
    country: str | None = None
    events: list[dict[str, Any]] = Field(description="events reporting the round "
                                                     "(event_id, doc_id, event_type, date)")
    stories: list[str] = Field(description="doc ids of the stories that report it")
    conflicts: list[dict[str, Any]] = Field(description="other ordinals given to the same "
                                                        "occasion, kept and explained")


class SeriesOut(Loose):
    series_id: str
    name: str
    acronym: str | None = None
    kind: str | None = None
    aliases: list[str]
    parties: list[str]
    rounds: list[RoundOut]
    promised: list[dict[str, Any]] = Field([], description="rounds promised, with their state")


class DueOut(Loose):
    start: str
    end: str
    default: bool = Field(description="true when no date was given and a default window applies")
    precision: str | None = None
    text: str | None = None
    rule: str | None = None


class CommitmentOut(Loose):
    commitment_id: str
    state: CommitmentState
    made: str = Field(description="day the promise was reported (YYYY-MM-DD)")
    due: DueOut
    parties: list[str]
    promise: dict[str, Any] = Field(description="what is promised: event_type, cameo, series, "
                                                "round, place, country, text, event_id, doc_id")
    fulfilled_by: dict[str, Any] | None = Field(description="the event that kept it, with its "
                                                            "date and doc_id")
    evidence: list[dict[str, Any]]
    decisions: list[dict[str, Any]] = Field(description="each step of the follow-up, explained")
    as_of: str


class SeriesPage(Page):
    """One page of the series registry, as ``whimbrel series --format json`` gives it."""

    items: list[SeriesOut]  # type: ignore[assignment]


class CommitmentPage(Page):
    """One page of commitments, as ``whimbrel commitments --format json`` gives them."""

    items: list[CommitmentOut]  # type: ignore[assignment]
    as_of: str | None = Field(None, description="the day pending and overdue were judged on")


def commitment_filters(
    party: Annotated[str | None, Query(pattern=CODES_RE, description=(
        "parties to the promise, ISO-3 (e.g. PAK or PAK,RUS); any of them matches"))] = None,
    state: Annotated[list[CommitmentState] | None, Query(description=(
        "commitment states (repeat the parameter for several)"))] = None,
    due_before: Annotated[Date | None, Query(description=(
        "due on or before this day (the end of the due window), YYYY-MM-DD"))] = None,
    as_of: Annotated[AsOf | None, Query(description=(
        "judge pending and overdue on this day (YYYY-MM-DD or 'today'); only stories "
        "published by then count; default: the latest story's date"))] = None,
) -> dict[str, Any]:
    """The filters of `whimbrel commitments`, validated."""
    return {k: v for k, v in dict(party=party, state=state, due_before=due_before,
                                  as_of=as_of).items() if v}


CommitmentFilters = Annotated[dict[str, Any], Depends(commitment_filters)]


@router.get("/series", response_model=SeriesPage,
            summary="Recurring series (talks, committees, exercises) and their rounds")
def series(request: Request, page: PageNo = 1, per_page: PerPage = 50,
           name: Annotated[str | None, Query(max_length=200, description=(
               "only the series known by this name, acronym or alias"))] = None
           ) -> dict[str, Any]:
    with db(request).reader() as cur:
        return queries.series_page(cur, name=name, page=page, per_page=per_page)


@router.get("/commitments", response_model=CommitmentPage,
            summary="Promises made in stories and what became of them")
def commitments(request: Request, filters: CommitmentFilters, page: PageNo = 1,
                per_page: PerPage = 50) -> dict[str, Any]:
    with db(request).reader() as cur:
        return queries.commitment_page(cur, filters, page=page, per_page=per_page)


_coder_lock = threading.Lock()


@router.post("/code", summary="Code a story without storing it")
def code_story(request: Request, story: Story) -> dict[str, Any]:
    from ..api import code_article
    from ..ingest import ReadOptions, make_article

    limit = request.app.state.settings.max_text
    if len(story.text) > limit:
        raise HTTPException(413, f"the story is {len(story.text)} characters, over this "
                                 f"server's limit of {limit}; send it in parts")
    if not _coder_lock.acquire(timeout=request.app.state.settings.code_wait):
        raise HTTPException(503, "the coder is busy with other stories; retry in a few seconds")
    try:
        doc = code_article(_article(story, make_article, ReadOptions()))
    finally:
        _coder_lock.release()
    return {"doc_id": doc.doc_id, "date": doc.article.date, "events":
            [e.to_dict() for e in doc.events],
            "places": [p.to_dict() for p in doc.places], "warnings": list(doc.warnings)}


def _article(story: Story, make_article, options):
    return make_article(story.id or "posted", story.text, "POST /api/code", options,
                        date=story.date, title=story.title, url=story.url, source=story.source)


def require_token(request: Request,
                  creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    token = request.app.state.settings.token
    if not token:
        raise HTTPException(403, "this server does not take stories over HTTP; its operator "
                                 "can allow it by starting it with $WHIMBREL_TOKEN set")
    given = creds.credentials if creds else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "missing or wrong token: send the header "
                                 "'Authorization: Bearer <token>' with the operator's token",
                            headers={"WWW-Authenticate": "Bearer"})


@router.post("/ingest", status_code=202, dependencies=[Depends(require_token)],
             responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}},
             summary="Queue stories for the server's writer (needs the operator's token)")
def ingest(request: Request, body: IngestRequest) -> dict[str, Any]:
    from ..ingest import ReadOptions, make_article

    options = ReadOptions()
    articles = []
    for i, story in enumerate(body.stories):
        if not story.id:
            raise HTTPException(400, f"story {i} has no id; give each stored story a stable "
                                     "id so that re-sending it replaces it")
        articles.append(make_article(story.id, story.text, f"POST /api/ingest #{i}", options,
                                     date=story.date, title=story.title, url=story.url,
                                     source=story.source))
    job = db(request).submit(articles, origin="api")
    return job.summary()


@router.get("/ingest/{job_id}", dependencies=[Depends(require_token)],
            responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}},
            summary="What became of an ingest job")
def ingest_job(request: Request,
               job_id: Annotated[str, Path(max_length=32, pattern=r"^[a-f0-9]+$")]
               ) -> dict[str, Any]:
    job = db(request).job(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r} (jobs are kept until the server "
                                 "stops)")
    return job.summary()
