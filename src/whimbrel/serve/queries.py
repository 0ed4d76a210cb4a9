"""The questions the API and dashboard ask of the store.

Filters are those of ``whimbrel events`` (:func:`whimbrel.store.query.where_clause`),
always as bound parameters; the only SQL text chosen at run time is picked from the
fixed tables below (sort orders, boards), never built from a request.
"""

from __future__ import annotations

from datetime import date as Date
from functools import lru_cache
from typing import Any

import duckdb

from ..store.query import where_clause

#: Columns of an event in lists (the detail view returns every column).
LIST_COLUMNS = ("event_id", "date", "date_value", "date_precision", "event_type", "cameo",
                "cameo_name", "quad_class", "goldstein", "source_code", "source_name",
                "target_code", "target_name", "dyad", "status", "place_name", "country", "lat",
                "lon", "num_mentions", "num_articles", "trigger_text", "evidence", "doc_ids")

#: Sort keys a client may ask for -> ORDER BY text (a fixed table: nothing from the request).
SORTS = {
    "date": "date NULLS LAST, event_id", "-date": "date DESC NULLS LAST, event_id",
    "goldstein": "goldstein NULLS LAST, event_id", "-goldstein": "goldstein DESC NULLS LAST, event_id",
    "mentions": "num_mentions, event_id", "-mentions": "num_mentions DESC, event_id",
    "added": "added_at NULLS LAST, event_id", "-added": "added_at DESC NULLS LAST, event_id",
}

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}

_MONTHLY = """
    SELECT strftime(date, '%Y-%m') AS month, count(*) AS events,
           count(*) FILTER (quad_class = 1) AS q1, count(*) FILTER (quad_class = 2) AS q2,
           count(*) FILTER (quad_class = 3) AS q3, count(*) FILTER (quad_class = 4) AS q4,
           round(avg(goldstein), 2) AS mean_goldstein,
           CAST(sum(num_mentions) AS BIGINT) AS reports
    FROM events WHERE {cond} AND date IS NOT NULL GROUP BY month ORDER BY month"""


def rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _cols(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def event_page(cur, filters: dict[str, Any], *, page: int, per_page: int,
               sort: str = "-date") -> dict[str, Any]:
    """One page of events matching the filters, with the total count."""
    cond, params = where_clause(**filters)
    total = cur.execute(f"SELECT count(*) FROM events WHERE {cond}", params).fetchall()[0][0]
    items = rows(cur.execute(
        f"SELECT {_cols(LIST_COLUMNS)} FROM events WHERE {cond} ORDER BY {SORTS[sort]} "
        "LIMIT ? OFFSET ?", params + [per_page, (page - 1) * per_page]))
    pages = max(1, -(-total // per_page))
    return {"total": total, "page": page, "per_page": per_page, "pages": pages, "sort": sort,
            "items": items}


def event_detail(cur, event_id: str) -> dict[str, Any] | None:
    """One canonical event with every column (``evidence`` is its sentence), its reports,
    actors and ``evidence_spans`` (what each field was read from, and the rule)."""
    found = rows(cur.execute("SELECT * EXCLUDE (search_text) FROM events WHERE event_id = ?",
                             [event_id]))
    if not found:
        return None
    event = found[0]
    ids = list(event.get("mention_ids") or [])
    event["reports"] = rows(cur.execute("""
        SELECT g.rule AS merge_rule, g.score AS merge_score, m.event_id AS mention_id, m.doc_id,
               a.title, a.source, a.pub_date, a.url, m.date_value, m.date_text, m.status,
               m.status_cue, m.place_name, m.sentence_text, m.trigger_text, m.trigger_start,
               m.trigger_end, m.confidence
        FROM merges g JOIN mentions m ON m.event_id = g.mention_id
             LEFT JOIN articles a ON a.doc_id = m.doc_id
        WHERE g.event_id = ? ORDER BY a.pub_date, m.event_id""", [event_id]))
    event["evidence_spans"] = rows(cur.execute(
        "SELECT mention_id, doc_id, kind, text, span_start, span_end, rule FROM evidence "
        "WHERE list_contains(?, mention_id) ORDER BY doc_id, span_start NULLS LAST", [ids]))
    event["actors"] = rows(cur.execute(
        "SELECT mention_id, role, position, text, code, country, sector, person, title, org, "
        "span_start, span_end FROM actors WHERE list_contains(?, mention_id) "
        "ORDER BY mention_id, role DESC, position", [ids]))
    return event


def article_detail(cur, doc_id: str) -> dict[str, Any] | None:
    """A stored story, its coded events (with canonical ids) and the spans to highlight."""
    found = rows(cur.execute(
        "SELECT doc_id, title, url, source, origin, pub_date, text, coder_version, n_events, "
        "warnings, ingested_at FROM articles WHERE doc_id = ?", [doc_id]))
    if not found:
        return None
    article = found[0]
    article["events"] = rows(cur.execute("""
        SELECT m.event_id AS mention_id, g.event_id, m.event_type, m.cameo, m.cameo_name,
               m.quad_class, m.goldstein, m.mode, m.source_code, m.source_name, m.target_code,
               m.target_name, m.date_value, m.date_precision, m.date_text, m.status,
               m.status_cue, m.place_name, m.place_country, m.lat, m.lon, m.series_name,
               m.series_round, m.sentence_index, m.sentence_text, m.trigger_text,
               m.trigger_start, m.trigger_end, m.confidence, m.evidence
        FROM mentions m LEFT JOIN merges g ON g.mention_id = m.event_id
        WHERE m.doc_id = ? ORDER BY m.trigger_start, m.event_id""", [doc_id]))
    article["spans"] = article_spans(cur, doc_id)
    return article


def article_spans(cur, doc_id: str) -> list[dict[str, Any]]:
    """Spans of the story to highlight: actors, triggers, dates and places."""
    return rows(cur.execute("""
        SELECT 'actor' AS kind, span_start AS start, span_end AS "end",
               coalesce(code, '') || CASE WHEN sector IS NULL THEN '' ELSE ' ' || sector END
                   AS label, mention_id
        FROM actors WHERE doc_id = ? AND span_start IS NOT NULL
        UNION ALL
        SELECT 'trigger', trigger_start, trigger_end,
               coalesce(event_type, 'CAMEO ' || cameo) || ' (' || cameo || ')', event_id
        FROM mentions WHERE doc_id = ? AND trigger_start IS NOT NULL
        UNION ALL
        SELECT 'date', e.span_start, e.span_end,
               coalesce(m.date_value || ' (' || m.date_precision || ')', 'no date: ' || e.rule),
               e.mention_id
        FROM evidence e JOIN mentions m ON m.event_id = e.mention_id
        WHERE e.doc_id = ? AND e.kind = 'date' AND e.span_start IS NOT NULL
        UNION ALL
        SELECT 'place', span_start, span_end, name || coalesce(' (' || country || ')', ''), NULL
        FROM places WHERE doc_id = ? AND span_start IS NOT NULL
        ORDER BY start, "end" DESC""", [doc_id] * 4))


def article_list(cur, *, page: int, per_page: int, text: str | None = None) -> dict[str, Any]:
    cond, params = ("TRUE", [])
    if text:
        cond, params = "(title ILIKE ? OR doc_id ILIKE ?)", [f"%{text}%"] * 2
    total = cur.execute(f"SELECT count(*) FROM articles WHERE {cond}", params).fetchall()[0][0]
    items = rows(cur.execute(
        f"SELECT doc_id, title, source, pub_date, url, n_events FROM articles WHERE {cond} "
        "ORDER BY pub_date DESC NULLS LAST, doc_id LIMIT ? OFFSET ?",
        params + [per_page, (page - 1) * per_page]))
    return {"total": total, "page": page, "per_page": per_page,
            "pages": max(1, -(-total // per_page)), "items": items}


def monthly(cur, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Per month: events by quad class, mean Goldstein, reports."""
    cond, params = where_clause(**filters)
    return rows(cur.execute(_MONTHLY.format(cond=cond), params))


def top_dyads(cur, filters: dict[str, Any], limit: int = 10) -> list[dict[str, Any]]:
    """The dyads with most events (two actor codes, either direction)."""
    cond, params = where_clause(**filters)
    out = rows(cur.execute(f"""
        SELECT dyad, count(*) AS events,
               count(*) FILTER (quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (quad_class IN (3, 4)) AS conflict,
               round(avg(goldstein), 2) AS mean_goldstein
        FROM events WHERE {cond} AND contains(dyad, '|')
        GROUP BY dyad ORDER BY events DESC, dyad LIMIT ?""", params + [limit]))
    for row in out:
        row["a"], row["b"] = row["dyad"].split("|")[:2]
    return out


def actors(cur, filters: dict[str, Any], limit: int = 100) -> list[dict[str, Any]]:
    """Actor codes by number of events, with a display name where the code is a country."""
    cond, params = where_clause(**filters)
    out = rows(cur.execute(f"""
        SELECT code, count(*) AS events FROM (
            SELECT unnest(actors) AS code FROM events WHERE {cond})
        GROUP BY code ORDER BY events DESC, code LIMIT ?""", params + [limit]))
    for row in out:
        row["name"] = country_name(row["code"])
    return out


def places(cur, filters: dict[str, Any], limit: int = 100) -> list[dict[str, Any]]:
    """Places where events happened, by number of events."""
    cond, params = where_clause(**filters)
    return rows(cur.execute(f"""
        SELECT place_name AS name, country, round(avg(lat), 4) AS lat, round(avg(lon), 4) AS lon,
               count(*) AS events
        FROM events WHERE {cond} AND place_name IS NOT NULL
        GROUP BY place_name, country ORDER BY events DESC, name LIMIT ?""", params + [limit]))


def map_points(cur, filters: dict[str, Any], limit: int = 3000) -> list[dict[str, Any]]:
    """Events with coordinates, pooled by place (0.1 degree) and quad class."""
    cond, params = where_clause(**filters)
    return rows(cur.execute(f"""
        SELECT round(lat, 1) AS lat, round(lon, 1) AS lon, quad_class, count(*) AS events,
               min(place_name) AS place, min(event_id) AS event_id, min(doc_ids[1]) AS doc_id
        FROM events WHERE {cond} AND lat IS NOT NULL AND lon IS NOT NULL
        GROUP BY 1, 2, 3 ORDER BY events DESC LIMIT ?""", params + [limit]))


def placed_count(cur, filters: dict[str, Any]) -> int:
    """How many matching events have coordinates."""
    cond, params = where_clause(**filters)
    return cur.execute(f"SELECT count(*) FROM events WHERE {cond} AND lat IS NOT NULL "
                       "AND lon IS NOT NULL", params).fetchall()[0][0]


def country_counts(cur, filters: dict[str, Any]) -> dict[str, int]:
    """Events per country where they happened (for shading the map)."""
    cond, params = where_clause(**filters)
    return dict(cur.execute(f"SELECT country, count(*) FROM events WHERE {cond} AND country "
                            "IS NOT NULL GROUP BY country", params).fetchall())


def totals(cur) -> dict[str, Any]:
    """Sizes and date range of the store."""
    n_events, first, last = cur.execute(
        "SELECT count(*), min(date), max(date) FROM events").fetchall()[0]
    n_articles = cur.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    return {"events": n_events, "articles": n_articles, "first_date": first, "last_date": last}


def _page(items: list[dict[str, Any]], page: int, per_page: int) -> dict[str, Any]:
    total = len(items)
    return {"total": total, "page": page, "per_page": per_page,
            "pages": max(1, -(-total // per_page)),
            "items": items[(page - 1) * per_page:page * per_page]}


def series_page(cur, *, name: str | None, page: int, per_page: int) -> dict[str, Any]:
    """A page of the series registry, as :func:`whimbrel.follow.series` gives it."""
    from .. import follow

    return _page(follow.series(cur, name=name), page, per_page)


def commitment_page(cur, filters: dict[str, Any], *, page: int, per_page: int
                    ) -> dict[str, Any]:
    """A page of commitments, as :func:`whimbrel.follow.commitments` gives them, with the
    day they were judged on (``as_of``)."""
    from .. import follow

    found = follow.commitments(cur, **filters)
    out = _page(found, page, per_page)
    out["as_of"] = found[0]["as_of"] if found else _judged_on(cur, filters.get("as_of"))
    return out


def _judged_on(cur, as_of: str | None) -> str | None:
    """The day an empty list of commitments was judged on."""
    if as_of == "today":
        return Date.today().isoformat()
    if as_of:
        return as_of
    from ..follow._load import latest_article_date

    day = latest_article_date(cur)
    return str(day)[:10] if day else None


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str | None:
    """English short name of an ISO-3 code (None for IGO and other codes)."""
    if not code or len(code) != 3:
        return None
    import pycountry

    found = pycountry.countries.get(alpha_3=code)
    return getattr(found, "common_name", None) or getattr(found, "name", None)


def month_bounds(month: str) -> tuple[Date, Date]:
    """First and last day of a YYYY-MM month."""
    y, m = int(month[:4]), int(month[5:7])
    first = Date(y, m, 1)
    nxt = Date(y + (m == 12), m % 12 + 1, 1)
    return first, Date.fromordinal(nxt.toordinal() - 1)
