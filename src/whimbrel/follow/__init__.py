"""Follow-through over the store: the series registry and the commitments made in stories.

    >>> from whimbrel.store import Store
    >>> from whimbrel import follow
    >>> with Store("whimbrel.duckdb") as store:
    ...     follow.series(store)                       # [{name, aliases, parties, rounds}, ...]
    ...     follow.commitments(store, state="overdue", party="PAK")

Both are computed from the stored reports as a whole (never from the order stories
arrived in) and written to the store's ``series``, ``series_rounds``, ``commitments``
and ``decisions`` tables after every write (:func:`refresh`), so the answers change as
the store changes. A reader whose tables are stale (or who asks ``as_of`` another day)
gets them computed afresh in memory. Modules: ``registry`` (series and rounds),
``promises`` (commitments: promises, follow-up, states), ``_load`` (reading reports).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

from ..errors import StoreError

__all__ = ["series", "commitments", "refresh", "compute", "FollowResult"]


@dataclass
class FollowResult:
    """The registry and commitments computed from one state of the store."""

    series: list[dict[str, Any]]
    commitments: list[dict[str, Any]]
    as_of: Date | None
    digest: str


def _con(store_or_con: Any) -> Any:
    return getattr(store_or_con, "con", store_or_con)


def compute(store_or_con: Any, as_of: Date | str | None = None) -> FollowResult:
    """Build the registry and the commitments from the stored reports.

    ``as_of``: the day pending and overdue are judged on; default the latest
    publication date in the store (so an archive is judged as of its own time).
    """
    from ..events.series import series_data
    from ._load import RELEVANT, articles_digest, latest_article_date, load_reports
    from .promises import cue_pattern, extract, follow_up
    from .registry import build_registry

    con = _con(store_or_con)
    asked = _day(as_of)
    as_of = asked or latest_article_date(con)
    data = series_data()
    cues = cue_pattern(data.change_cues + data.cancel_cues).pattern
    reports = load_reports(con, f"({RELEVANT} OR regexp_matches(m.sentence_text, ?))",
                           ["(?i)" + cues])
    if asked is not None:  # judged as of a day: only the stories published by then count
        reports = [r for r in reports if r.pub_date is None or r.pub_date <= asked]
    entries = build_registry(reports)
    by_id = {e.series_id: e for e in entries}
    found = extract(reports, by_id)
    acts = sorted({c.act for c in found if c.act})
    candidates = []
    if acts and found:
        first = min(c.made for c in found)
        candidates = load_reports(con, "list_contains(?, m.event_type) AND m.status IN "
                                  "('occurred', 'ongoing') AND m.date > ?", [acts, first])
        known = {r.mention_id: r for r in reports}  # with the registry's series and round
        candidates = [known.get(r.mention_id, r) for r in candidates
                      if asked is None or r.pub_date is None or r.pub_date <= asked]
    if as_of is None:
        as_of = Date.today()
    follow_up(found, reports, candidates, as_of, by_id)
    series = [e.to_dict() for e in entries]
    for s in series:  # the rounds promised, beside the rounds held
        s["promised"] = [{"commitment_id": c.commitment_id, "round": c.round,
                          "made": c.made.isoformat(), "due": c.due.end.isoformat(),
                          "state": c.state} for c in found
                         if c.series is not None and c.series.series_id == s["series_id"]]
    return FollowResult(series=series, commitments=[c.to_dict(as_of) for c in found],
                        as_of=as_of, digest=articles_digest(con))


def _day(value: Date | str | None) -> Date | None:
    if value is None or isinstance(value, Date):
        return value
    if value == "today":
        return Date.today()
    try:
        return Date.fromisoformat(str(value))
    except ValueError:
        raise StoreError(f"as_of {value!r} is not a date; use YYYY-MM-DD or 'today'") from None


def refresh(store_or_con: Any, *, force: bool = False) -> FollowResult:
    """Recompute follow-through and replace the stored tables, in one transaction
    (nothing to do when no story changed since the last time, unless ``force``)."""
    con = _con(store_or_con)
    if not force and (stored := _stored(con)) is not None:
        return stored
    result = compute(con)
    con.execute("BEGIN TRANSACTION")
    try:
        for table in ("series", "series_rounds", "commitments", "decisions", "follow_state"):
            con.execute(f"DELETE FROM {table}")
        _write(con, result)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return result


def _write(con: Any, result: FollowResult) -> None:
    from ..store.ingest import insert_rows

    insert_rows(con, "series", [{
        "series_id": s["series_id"], "name": s["name"], "acronym": s["acronym"],
        "kind": s["kind"], "aliases": s["aliases"], "parties": s["parties"],
        "n_rounds": len(s["rounds"]), "record": json.dumps(s, ensure_ascii=False)}
        for s in result.series])
    insert_rows(con, "series_rounds", [{
        "series_id": s["series_id"], "round": r["round"], "ordinal_source": r["ordinal_source"],
        "edition": r["edition"], "date_value": r["date"], "place": r["place"],
        "country": r["country"], "event_ids": [e["event_id"] for e in r["events"]],
        "doc_ids": r["stories"], "conflicts": json.dumps(r["conflicts"], ensure_ascii=False)}
        for s in result.series for r in s["rounds"]])
    insert_rows(con, "commitments", [_commitment_row(c) for c in result.commitments])
    insert_rows(con, "decisions", [{
        "commitment_id": c["commitment_id"], "step": i, "kind": d["step"],
        "verdict": d["verdict"], "reason": d["reason"], "event_id": d["event_id"],
        "doc_id": d["doc_id"]} for c in result.commitments for i, d in enumerate(c["decisions"])])
    con.execute("INSERT INTO follow_state VALUES (?, ?, now())", [result.digest, result.as_of])


def _commitment_row(c: dict[str, Any]) -> dict[str, Any]:
    p, f = c["promise"], c["fulfilled_by"] or {}
    return {"commitment_id": c["commitment_id"], "state": c["state"],
            "made": Date.fromisoformat(c["made"]), "due_start": Date.fromisoformat(c["due"]["start"]),
            "due_end": Date.fromisoformat(c["due"]["end"]), "due_default": c["due"]["default"],
            "event_type": p["event_type"], "series_id": p["series_id"], "series_name": p["series"],
            "round": p["round"], "parties": c["parties"], "place": p["place"],
            "country": p["country"], "mention_id": p["mention_id"], "doc_id": p["doc_id"],
            "fulfilled_by": f.get("event_id"), "fulfilled_date": f.get("date"),
            "fulfilled_doc": f.get("doc_id"), "record": json.dumps(c, ensure_ascii=False)}


def _stored(con: Any) -> FollowResult | None:
    """The stored results, if they were computed from the store as it is now."""
    from ._load import articles_digest

    try:
        state = con.execute("SELECT digest, as_of FROM follow_state").fetchall()
    except Exception:  # an older schema without the tables: compute instead
        return None
    if not state or state[0][0] != articles_digest(con):
        return None
    series = [json.loads(r[0]) for r in con.execute(
        "SELECT record FROM series ORDER BY lower(name), series_id").fetchall()]
    found = [json.loads(r[0]) for r in con.execute(
        "SELECT record FROM commitments ORDER BY made, commitment_id").fetchall()]
    return FollowResult(series=series, commitments=found, as_of=state[0][1], digest=state[0][0])


def _result(store_or_con: Any, as_of: Date | str | None) -> FollowResult:
    con = _con(store_or_con)
    if as_of is None:
        stored = _stored(con)
        if stored is not None:
            return stored
    return compute(con, as_of)


def series(store_or_con: Any, *, name: str | None = None) -> list[dict[str, Any]]:
    """Every series: ``name``, ``acronym``, ``aliases``, ``parties``, ``kind``,
    ``rounds`` [{round, ordinal_source, edition, date, place, country, events, stories,
    conflicts}] held and ``promised`` [{commitment_id, round, made, due, state}];
    ``name`` keeps the series known by that name or alias."""
    found = _result(store_or_con, None).series
    if name:
        from ..events.series import canonical_name

        wants = {name.casefold(), canonical_name(name).casefold()}  # "Friendship" -> Druzhba
        found = [s for s in found if any(
            w in n.casefold() for w in wants
            for n in [s["name"], s["acronym"] or "", *s["aliases"]])]
    return found


def commitments(store_or_con: Any, *, party: str | list[str] | None = None,
                state: str | list[str] | None = None, due_before: Date | str | None = None,
                as_of: Date | str | None = None) -> list[dict[str, Any]]:
    """Commitments (see :mod:`whimbrel.follow.promises`) as JSON-ready dicts: ``state``,
    ``made``, ``due`` {start, end, precision, default, rule}, ``promise``, ``parties``,
    ``fulfilled_by`` {event_id, date, doc_id, ...}, ``evidence``, ``changes``,
    ``decisions``. Filters: a party (ISO-3) taking part, states, due on or before a day."""
    from .promises import STATES

    found = _result(store_or_con, as_of).commitments
    parties = {p.upper() for p in _list(party)}
    states = {s.lower() for s in _list(state)}
    if unknown := states - set(STATES):
        raise StoreError(f"unknown state {', '.join(sorted(unknown))}; use {', '.join(STATES)}")
    limit = _day(due_before)
    return [c for c in found
            if (not parties or parties & set(c["parties"]))
            and (not states or c["state"] in states)
            and (limit is None or Date.fromisoformat(c["due"]["end"]) <= limit)]


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in value.replace(",", " ").split() if v]
    return [str(v) for v in value]
