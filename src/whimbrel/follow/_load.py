"""Read what follow-through needs from the store: the reports (mentions) of series rounds,
of promises, and of events that may keep them."""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from typing import Any

#: Location rules that only guess the place from the story, not the event's own words.
FALLBACK_PLACE_RULES = ("dateline", "main place of story", "story's country")


@dataclass
class When:
    """A date as coded: its ISO value, precision, and the first and last day it can mean."""

    value: str
    precision: str
    first: Date
    last: Date
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "precision": self.precision, "text": self.text}


def when(value: str | None, precision: str | None, start: str | None = None,
         end: str | None = None, text: str | None = None) -> When | None:
    """Bounds of an ISO date, ISO week, month or year ("2022" -> 2022-01-01..2022-12-31)."""
    if not value:
        return None
    try:
        first, last = _bounds(value)
    except ValueError:
        return None
    if start and end and (precision or "") not in ("day",):
        try:  # an explicit span ("by 2025", "next month") narrows or widens the bounds
            first, last = Date.fromisoformat(start[:10]), Date.fromisoformat(end[:10])
        except ValueError:
            pass
    return When(value=value, precision=precision or _precision(value), first=first, last=last,
                text=text)


def _precision(value: str) -> str:
    if "W" in value:
        return "week"
    return {4: "year", 7: "month"}.get(len(value), "day")


def _bounds(value: str) -> tuple[Date, Date]:
    week = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if week:
        monday = Date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        return monday, monday + timedelta(days=6)
    parts = value.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return Date(year, 1, 1), Date(year, 12, 31)
    month = int(parts[1])
    if len(parts) == 2:
        return Date(year, month, 1), Date(year, month, calendar.monthrange(year, month)[1])
    day = Date(year, month, int(parts[2][:2]))
    return day, day


@dataclass
class Report:
    """One stored event mention, with what follow-through reads of it."""

    mention_id: str
    event_id: str | None  # the canonical event it was merged into
    doc_id: str
    pub_date: Date | None
    event_type: str | None
    cameo: str
    status: str
    date: When | None
    date_source: str | None
    planned: When | None  # an agreement's planned act's date (time stage's planned_date)
    parties: frozenset[str]
    place: str | None
    country: str | None
    place_rule: str | None
    series: dict[str, Any] | None
    sentence: str
    sentence_index: int
    trigger: str
    status_cue: str | None
    confidence: float
    series_id: str | None = None  # set by the registry
    round: int | None = None  # the round the registry gives its occasion

    @property
    def own_place(self) -> bool:
        """Is the place read from the event's own words (not the dateline's guess)?"""
        return bool(self.country) and not (self.place_rule or "").startswith(FALLBACK_PLACE_RULES)

    def brief(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "mention_id": self.mention_id, "doc_id": self.doc_id,
                "event_type": self.event_type, "cameo": self.cameo, "status": self.status,
                "date": self.date.value if self.date else None, "place": self.place,
                "country": self.country, "sentence": self.sentence}


_QUERY = """
    SELECT m.event_id, g.event_id AS canonical, m.doc_id, a.pub_date, m.record
    FROM mentions m JOIN articles a USING (doc_id)
    LEFT JOIN merges g ON g.mention_id = m.event_id
    WHERE {where}
    ORDER BY m.doc_id, m.sentence_index, m.trigger_start, m.event_id
"""

#: Reports of series, promises and acts a promise may announce.
RELEVANT = ("m.series_name IS NOT NULL OR m.status = 'planned' OR starts_with(m.cameo, '03') "
            "OR contains(m.record, '\"planned_date\": \"')")


def load_reports(con: Any, where: str = RELEVANT, params: list[Any] | None = None) -> list[Report]:
    """Stored mentions matching ``where`` (SQL over ``mentions m``), as Reports."""
    rows = con.execute(_QUERY.format(where=where), params or []).fetchall()
    return [_report(*row) for row in rows]


def _report(mention_id: str, canonical: str | None, doc_id: str, pub_date: Date | None,
            record: str) -> Report:
    r = json.loads(record)
    loc = r.get("location") or {}
    parties = frozenset(a["country"] for a in r.get("source", []) + r.get("target", [])
                        if a.get("country") and len(a["country"]) == 3)
    return Report(
        mention_id=mention_id, event_id=canonical, doc_id=doc_id, pub_date=pub_date,
        event_type=r.get("event_type"), cameo=r.get("cameo") or "", status=r.get("status") or "",
        date=when(r.get("date"), r.get("date_precision"), r.get("date_start"), r.get("date_end"),
                  r.get("date_text")),
        date_source=r.get("date_source"),
        planned=when(r.get("planned_date"), r.get("planned_date_precision")),
        parties=parties, place=loc.get("name"), country=loc.get("country"),
        place_rule=loc.get("rule"), series=r.get("series"),
        sentence=(r.get("sentence") or {}).get("text", ""),
        sentence_index=(r.get("sentence") or {}).get("index", 0),
        trigger=(r.get("trigger") or {}).get("text", ""), status_cue=r.get("status_cue"),
        confidence=float(r.get("confidence") or 0.0))


def latest_article_date(con: Any) -> Date | None:
    return con.execute("SELECT max(pub_date) FROM articles").fetchall()[0][0]


#: Bump when the follow-through rules change, so stored results are recomputed.
RULES_VERSION = 1


def articles_digest(con: Any) -> str:
    """Changes whenever a story is added, changed, removed or re-coded, or the rules change
    (the freshness of stored results)."""
    from .. import __version__

    n, h = con.execute(
        "SELECT count(*), coalesce(bit_xor(hash(doc_id || '|' || content_hash || '|' || "
        "coalesce(coder_version, ''))), 0) FROM articles").fetchall()[0]
    return f"{n}:{h}:{__version__}:{RULES_VERSION}"
