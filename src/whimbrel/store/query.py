"""Questions over the canonical events: filtered lists, dyad summaries, read-only SQL."""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Any, Iterable

import duckdb

from ..errors import StoreError

#: Columns the CLI table shows by default (the API returns every column).
BRIEF_COLUMNS = ("event_id", "date_value", "event_type", "cameo", "quad_class", "goldstein",
                 "source_code", "target_code", "place_name", "country", "status",
                 "num_mentions", "evidence")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.replace(",", " ").split() if v]
    if isinstance(value, (int, float)):
        return [str(value)]
    return [str(v) for v in value]


def _iso(value: str | Date | None, what: str) -> Date | None:
    """The first day a YYYY, YYYY-MM or YYYY-MM-DD bound covers."""
    if value is None or isinstance(value, Date):
        return value
    text = str(value).strip()
    text += {4: "-01-01", 7: "-01"}.get(len(text), "")
    try:
        return Date.fromisoformat(text)
    except ValueError:
        raise StoreError(f"{what} {value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY") from None


def _until(value: str | Date | None) -> Date | None:
    """The last day a date, month or year bound covers."""
    if value is None or isinstance(value, Date):
        return value
    start = _iso(value, "until")
    text = str(value)
    if len(text) == 4:
        return Date(start.year, 12, 31)
    if len(text) == 7:
        nxt = Date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return Date.fromordinal(nxt.toordinal() - 1)
    return start


def where_clause(*, actor: Any = None, dyad: Iterable[str] | None = None, country: Any = None,
                 type: Any = None, quad: Any = None, status: Any = None,
                 since: str | Date | None = None, until: str | Date | None = None,
                 place: str | None = None, text: str | None = None,
                 min_mentions: int | None = None) -> tuple[str, list[Any]]:
    """SQL condition and parameters for the event filters (all optional, ANDed).

    actor: actor codes (any of them takes part); dyad: two codes, either direction;
    country: where the event happened (ISO-3); type: PLOVER types or CAMEO code
    prefixes ("04"); quad: quad classes 1-4; status: occurred/planned/...;
    since/until: date bounds (YYYY, YYYY-MM or YYYY-MM-DD); place: place name
    substring; text: substring of the evidence sentence.
    """
    conds: list[str] = []
    params: list[Any] = []
    if actors := [a.upper() for a in _as_list(actor)]:
        conds.append("(" + " OR ".join(_has_actor(a, params) for a in actors) + ")")
    if dyad:
        pair = [a.upper() for a in _as_list(dyad)]
        if len(pair) != 2:
            raise StoreError(f"a dyad is two actor codes (e.g. PAK RUS), not {pair}")
        conds.extend(_has_actor(a, params) for a in pair)
    if countries := [c.upper() for c in _as_list(country)]:
        conds.append("country IN (SELECT unnest(?::VARCHAR[]))")
        params.append(countries)
    _type_filter(_as_list(type), conds, params)
    if quads := [int(q) for q in _as_list(quad)]:
        conds.append("quad_class IN (SELECT unnest(?::INTEGER[]))")
        params.append(quads)
    if statuses := [s.lower() for s in _as_list(status)]:
        conds.append("status IN (SELECT unnest(?::VARCHAR[]))")
        params.append(statuses)
    if since is not None:
        conds.append("date >= ?")
        params.append(_iso(since, "since"))
    if until is not None:
        conds.append("date <= ?")
        params.append(_until(until))
    if place:
        conds.append("place_name ILIKE ?")
        params.append(f"%{place}%")
    if text:
        conds.append("contains(search_text, ?)")
        params.append(" ".join(text.lower().split()))
    if min_mentions:
        conds.append("num_mentions >= ?")
        params.append(int(min_mentions))
    return (" AND ".join(conds) or "TRUE"), params


def _has_actor(code: str, params: list[Any]) -> str:
    """Condition: ``code`` is one of the event's actors.

    Reads the ``dyad`` string ("PAK|RUS"), not the ``actors`` list: a substring
    test discards most rows cheaply and the regex makes it exact; scanning the
    list column is some 30x slower on a million events.
    """
    params.extend([code, rf"(^|\|){re.escape(code)}(\||$)"])
    return "(contains(dyad, ?) AND regexp_matches(dyad, ?))"


def _type_filter(types: list[str], conds: list[str], params: list[Any]) -> None:
    names = [t.upper() for t in types if not t.isdigit()]
    codes = [t for t in types if t.isdigit()]
    parts = []
    if names:
        parts.append("event_type IN (SELECT unnest(?::VARCHAR[]))")
        params.append(names)
    for code in codes:
        parts.append("starts_with(cameo, ?)")
        params.append(code)
    if parts:
        conds.append("(" + " OR ".join(parts) + ")")


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def events(con: duckdb.DuckDBPyConnection, *, columns: Iterable[str] | None = None,
           limit: int | None = None, order: str = "date", **filters: Any) -> list[dict[str, Any]]:
    """Canonical events matching the filters of :func:`where_clause`, by date then id."""
    cond, params = where_clause(**filters)
    cols = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    orders = {"date": "date, event_id", "mentions": "num_mentions DESC, date, event_id",
              "goldstein": "goldstein, date, event_id"}
    if order not in orders:
        raise StoreError(f"unknown order {order!r}; use one of {', '.join(orders)}")
    sql_text = f"SELECT {cols} FROM events WHERE {cond} ORDER BY {orders[order]}"
    if limit:
        sql_text += f" LIMIT {int(limit)}"
    return _dicts(con.execute(sql_text, params))


def mentions(con: duckdb.DuckDBPyConnection, event_id: str) -> list[dict[str, Any]]:
    return _dicts(con.execute("""
        SELECT g.rule, g.score, m.event_id AS mention_id, m.doc_id, a.source, a.pub_date,
               a.url, m.date_value, m.place_name, m.status, m.sentence_text
        FROM merges g JOIN mentions m ON m.event_id = g.mention_id
             JOIN articles a ON a.doc_id = m.doc_id
        WHERE g.event_id = ? ORDER BY a.pub_date, m.event_id""", [event_id]))


def dyad(con: duckdb.DuckDBPyConnection, a: str, b: str, *, top: int = 5,
         **filters: Any) -> dict[str, Any]:
    """Per month: events by quad class, mean Goldstein, reports, the most reported event;
    plus the ``top`` most reported events of the dyad overall."""
    cond, params = where_clause(dyad=(a, b), **filters)
    months = _dicts(con.execute(f"""
        SELECT strftime(date, '%Y-%m') AS month, count(*) AS events,
               count(*) FILTER (quad_class = 1) AS q1, count(*) FILTER (quad_class = 2) AS q2,
               count(*) FILTER (quad_class = 3) AS q3, count(*) FILTER (quad_class = 4) AS q4,
               round(avg(goldstein), 2) AS mean_goldstein, sum(num_mentions) AS reports,
               arg_max(event_id, num_mentions * 1e6 - epoch(date)) AS top_event
        FROM events WHERE {cond} AND date IS NOT NULL
        GROUP BY month ORDER BY month""", params))
    best = events(con, order="mentions", limit=top, dyad=(a, b), **filters,
                  columns=("event_id", "date", "event_type", "cameo", "cameo_name", "goldstein",
                           "num_mentions", "status", "place_name", "evidence"))
    return {"dyad": [a.upper(), b.upper()], "months": months, "top": best}


#: Statement types `sql` accepts: reading only.
_READ_ONLY = ("SELECT", "EXPLAIN")


def sql(con: duckdb.DuckDBPyConnection, query: str,
        params: list[Any] | None = None) -> tuple[list[str], list[tuple]]:
    """Run one read-only statement and return (columns, rows)."""
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as err:
        raise StoreError(f"SQL does not parse: {err}") from err
    if len(statements) != 1:
        raise StoreError(f"give exactly one SQL statement (got {len(statements)})")
    kind = statements[0].type.name
    if kind not in _READ_ONLY:
        raise StoreError(f"`sql` is read-only: {kind} statements are refused; "
                         "use SELECT (tables: articles, mentions, events, merges, actors, "
                         "places, evidence)")
    try:
        cur = con.execute(query, params or [])
        cols = [d[0] for d in cur.description]
        return cols, cur.fetchall()
    except duckdb.Error as err:
        raise StoreError(f"SQL failed: {err}") from err
