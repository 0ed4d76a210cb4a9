"""The analyst's dashboard: HTML pages rendered on the server, charts as inline SVG.

Every view reads its filters from the URL (the same parameters as /api/events), so
a view is shared by copying its address. No script, font or tile comes from anywhere
but this server.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..follow.promises import STATES
from . import charts, queries
from .api import CODE_RE, CommitmentFilters, Filters, PageNo, Sort

#: Most points the map draws (places x quad classes, busiest first).
MAP_POINTS = 3000
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
_env = Environment(loader=PackageLoader("whimbrel.serve", "templates"),
                   autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
_env.globals.update(quad_labels=charts.QUAD_LABELS, quad_colors=charts.QUAD_COLORS)


def url(path: str, params: dict[str, Any] | None = None, **more: Any) -> str:
    """A dashboard link carrying filters as query parameters (lists repeat the key)."""
    merged = {**(params or {}), **more}
    pairs = []
    for key, value in merged.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, (list, tuple)) and key != "dyad":
            pairs += [(key, v) for v in value]
        elif isinstance(value, (list, tuple)):
            pairs.append((key, ",".join(value)))
        else:
            pairs.append((key, value))
    return path + ("?" + urlencode(pairs) if pairs else "")


def page_url(request: Request, page: int) -> str:
    """This view's address with another page number."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    return request.url.path + "?" + urlencode(items + [("page", page)])


_env.globals.update(url=url, page_url=page_url)


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    page = _env.get_template(template).render(request=request, **context)
    return HTMLResponse(page)


def _month_link(filters: dict[str, Any]):
    def link(month: str, quad: int) -> str:
        first, last = queries.month_bounds(month)
        return url("/events", filters, since=first.isoformat(), until=last.isoformat(),
                   quad=[quad])
    return link


def event_link(ev: dict[str, Any]) -> str:
    """A story view of the event where one is stored, else the event's own page."""
    docs = ev.get("doc_ids") or []
    if docs:
        return article_url(docs[0]) + f"#ev-{ev['event_id']}"
    return f"/event/{quote(ev['event_id'], safe='')}"


def article_url(doc_id: str) -> str:
    """A story's page; doc ids are file stems or user ids, so any character is quoted."""
    return "/article/" + quote(doc_id, safe="")


_env.globals.update(event_link=event_link, article_url=article_url)


@router.get("/")
def overview(request: Request, filters: Filters) -> HTMLResponse:
    db = request.app.state.db
    with db.reader() as cur:
        months = queries.monthly(cur, filters)
        dyads = queries.top_dyads(cur, filters, 12)
        latest = queries.event_page(cur, filters, page=1, per_page=15, sort="-date")
        totals = queries.totals(cur)
    chart = charts.stacked_months(months, _month_link(filters))
    return render(request, "overview.html", filters=filters, chart=chart, dyads=dyads,
                  latest=latest, totals=totals, view="overview")


@router.get("/events")
def events(request: Request, filters: Filters, page: PageNo = 1, sort: Sort = "-date"
           ) -> HTMLResponse:
    with request.app.state.db.reader() as cur:
        result = queries.event_page(cur, filters, page=page, per_page=50, sort=sort)
    return render(request, "events.html", filters=filters, result=result, sort=sort,
                  view="events")


@router.get("/dyad")
def dyad(request: Request, filters: Filters,
         a: Annotated[str | None, Query(pattern=CODE_RE)] = None,
         b: Annotated[str | None, Query(pattern=CODE_RE)] = None,
         page: PageNo = 1) -> HTMLResponse:
    db = request.app.state.db
    if not (a and b):
        with db.reader() as cur:
            dyads = queries.top_dyads(cur, filters, 30)
            actors = queries.actors(cur, filters, 30)
        return render(request, "dyad_pick.html", filters=filters, dyads=dyads, actors=actors,
                      view="dyad")
    a, b = a.upper(), b.upper()
    pair = {**filters, "dyad": (a, b)}
    with db.reader() as cur:
        months = queries.monthly(cur, pair)
        dots = queries.event_page(cur, pair, page=1, per_page=400, sort="-mentions")["items"]
        result = queries.event_page(cur, pair, page=page, per_page=50, sort="date")
    chart = charts.dyad_timeline(months, dots, _month_link(pair), event_link)
    names = (queries.country_name(a) or a, queries.country_name(b) or b)
    return render(request, "dyad.html", filters=filters, a=a, b=b, names=names, chart=chart,
                  result=result, months=months, view="dyad")


@router.get("/map")
def world(request: Request, filters: Filters) -> HTMLResponse:
    from .geo import country_paths

    with request.app.state.db.reader() as cur:
        points = queries.map_points(cur, filters, MAP_POINTS)
        counts = queries.country_counts(cur, filters)
        placed = queries.placed_count(cur, filters)
    svg = charts.world_map(
        country_paths(), points, counts,
        point_link=lambda p: url("/events", filters, place=p.get("place")) if p.get("place")
        else url("/events", filters),
        country_link=lambda code: url("/events", filters, country=code))
    shown = sum(p["events"] for p in points)
    return render(request, "map.html", filters=filters, svg=svg, placed=placed, shown=shown,
                  points=len(points), capped=len(points) >= MAP_POINTS, counts=counts,
                  view="map")


@router.get("/article/{doc_id:path}")
def article(request: Request, doc_id: str) -> HTMLResponse:
    with request.app.state.db.reader() as cur:
        found = queries.article_detail(cur, doc_id)
    if found is None:
        raise HTTPException(404, f"no story {doc_id!r} in this store")
    story = highlight(found["text"] or "", found["spans"])
    return render(request, "article.html", article=found, story=story, filters={},
                  view="article")


@router.get("/event/{event_id}")
def event(request: Request, event_id: str) -> HTMLResponse:
    with request.app.state.db.reader() as cur:
        found = queries.event_detail(cur, event_id)
    if found is None:
        raise HTTPException(404, f"no event {event_id!r} in this store")
    return render(request, "event.html", event=found, filters={}, view="event")


@router.get("/boards")
def boards() -> RedirectResponse:
    """The old address of the follow-through boards."""
    return RedirectResponse("/series", status_code=307)


@router.get("/series")
def series_board(request: Request, page: PageNo = 1,
                 name: Annotated[str | None, Query(max_length=200)] = None) -> HTMLResponse:
    with request.app.state.db.reader() as cur:
        result = queries.series_page(cur, name=name, page=page, per_page=25)
    return render(request, "series.html", result=result, name=name or "", filters={},
                  view="series")


@router.get("/commitments")
def commitments_board(request: Request, filters: CommitmentFilters, page: PageNo = 1
                      ) -> HTMLResponse:
    from .. import follow

    with request.app.state.db.reader() as cur:
        result = queries.commitment_page(cur, filters, page=page, per_page=50)
        others = follow.commitments(cur, **{k: v for k, v in filters.items() if k != "state"})
    counts = dict.fromkeys(STATES, 0)  # what each state box would show, other filters kept
    for c in others:
        counts[c["state"]] += 1
    return render(request, "commitments.html", result=result, cfilters=filters,
                  counts=counts, states=STATES, filters={}, view="commitments")


def series_anchor(series_id: str | None) -> str:
    return f"/series#s-{series_id}" if series_id else "/series"


def report_link(doc_id: str | None, event_id: str | None) -> str | None:
    """A story's page at one event's card (or the event's page when no story is known)."""
    if doc_id:
        return article_url(doc_id) + (f"#ev-{event_id}" if event_id else "")
    return f"/event/{quote(event_id, safe='')}" if event_id else None


_env.globals.update(series_anchor=series_anchor, report_link=report_link)


@router.get("/api")
def api_reference(request: Request) -> HTMLResponse:
    """The API described for people, from the same OpenAPI the machines read."""
    spec = request.app.openapi()
    return render(request, "api.html", spec=spec, describe=_describe_schema, filters={},
                  view="api")


def _describe_schema(schema: dict[str, Any]) -> str:
    """A short human form of a parameter's JSON schema."""
    if "anyOf" in schema:
        return " or ".join(_describe_schema(s) for s in schema["anyOf"] if s.get("type") != "null")
    if schema.get("type") == "array":
        return "repeatable: " + _describe_schema(schema.get("items", {}))
    parts = [schema.get("format") or schema.get("type", "")]
    if "enum" in schema:
        parts = [" | ".join(map(str, schema["enum"]))]
    for key, word in (("minimum", ">="), ("maximum", "<="), ("maxLength", "length <=")):
        if key in schema:
            parts.append(f"{word} {schema[key]}")
    if "pattern" in schema:
        parts.append(f"pattern {schema['pattern']}")
    if "default" in schema:
        parts.append(f"default {schema['default']}")
    return ", ".join(str(p) for p in parts if p != "")


def highlight(text: str, spans: list[dict[str, Any]]) -> Markup:
    """The story as HTML, each stretch marked with the kinds of span that cover it."""
    n = len(text)
    spans = [s for s in spans if s["start"] is not None and 0 <= s["start"] < s["end"] <= n]
    cuts = sorted({0, n} | {s["start"] for s in spans} | {s["end"] for s in spans})
    out = []
    anchored: set[str] = set()
    for lo, hi in zip(cuts, cuts[1:]):
        piece = escape(text[lo:hi])
        over = [s for s in spans if s["start"] <= lo and s["end"] >= hi]
        if not over:
            out.append(str(piece))
            continue
        kinds = sorted({s["kind"] for s in over})
        tip = "; ".join(dict.fromkeys(f"{s['kind']}: {s['label']}" for s in over if s["label"]))
        for s in over:  # an anchor where each event's trigger starts (cards link to it)
            mid = s.get("mention_id")
            if s["kind"] == "trigger" and mid and mid not in anchored:
                anchored.add(mid)
                out.append(f'<span class="anchor" id="t-{escape(mid)}"></span>')
        out.append(f'<mark class="hl {" ".join(kinds)}" title="{escape(tip)}">{piece}</mark>')
    return Markup("".join(out))
