"""Flatten a coded Document into table rows (one dict per row, keyed by column)."""

from __future__ import annotations

import json
from datetime import date as Date
from datetime import datetime
from typing import Any

from ..model import ActorMention, Document, Event
from .dedup import block_key


def actor_code(actor: ActorMention) -> str | None:
    """The code an actor is known by in dyads: its country (or IGO code), else its org."""
    return actor.country or (actor.org.upper() if actor.org else None)


def _actors(actors: list[ActorMention]) -> list[ActorMention]:
    return [a for actor in actors for a in actor.expand()]


def _first(actors: list[ActorMention]) -> ActorMention | None:
    return next((a for a in actors if actor_code(a)), actors[0] if actors else None)


def parse_date(value: str | None) -> Date | None:
    """The first day an ISO date, month or year can mean (None if unreadable)."""
    if not value:
        return None
    if "-W" in value:  # an ISO week ("2024-W10"): its Monday
        try:
            return Date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        except ValueError:
            return None
    parts = (value.split("-") + ["01", "01"])[:3]
    try:
        return Date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def article_row(doc: Document, coder_version: str | None, now: datetime) -> dict[str, Any]:
    a = doc.article
    return {
        "doc_id": a.doc_id, "content_hash": a.content_hash, "title": a.title, "url": a.url,
        "source": a.source, "origin": a.origin, "pub_date": a.date, "text": a.text,
        "boilerplate": json.dumps([list(s) for s in a.boilerplate]),
        "coder_version": coder_version, "n_events": len(doc.events),
        "warnings": list(doc.warnings), "ingested_at": now,
    }


def mention_row(ev: Event) -> dict[str, Any]:
    src, tgt = _actors(ev.source), _actors(ev.target)
    codes = sorted({c for c in map(actor_code, src + tgt) if c})
    s, t = _first(src), _first(tgt)
    d, loc, ser = ev.date, ev.location, ev.series
    return {
        "event_id": ev.event_id, "doc_id": ev.doc_id,
        "block": block_key(ev.event_type, ev.cameo, codes),
        "event_type": ev.event_type, "cameo": ev.cameo, "cameo_name": ev.cameo_name,
        "goldstein": ev.goldstein, "quad_class": ev.quad_class, "mode": ev.mode,
        "context": list(ev.context),
        "source_code": actor_code(s) if s else None, "source_sector": s.sector if s else None,
        "source_name": _name(s), "target_code": actor_code(t) if t else None,
        "target_sector": t.sector if t else None, "target_name": _name(t),
        "dyad": "|".join(codes), "actors": codes,
        "date": parse_date(d.value) if d else None, "date_value": d.value if d else None,
        "date_precision": d.precision if d and d.value else None,
        "date_start": d.start if d else None, "date_end": d.end if d else None,
        "date_text": d.text if d else None,
        "date_source": ev.date_source if d and d.value else None,
        "planned_date": ev.planned_date.value if ev.planned_date else None,
        "planned_date_precision": ev.planned_date.precision if ev.planned_date else None,
        "status": ev.status, "status_cue": ev.status_cue,
        "place_name": loc.name if loc else None, "geonameid": loc.geonameid if loc else None,
        "place_country": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "place_precision": loc.precision if loc else None,
        "place_feature": loc.feature if loc else None,
        "series_name": ser.name if ser else None, "series_acronym": ser.acronym if ser else None,
        "series_round": ser.round if ser else None,
        "sentence_index": ev.sentence_index, "sentence_text": ev.sentence_text,
        "trigger_text": ev.trigger_text, "trigger_start": ev.trigger_span[0],
        "trigger_end": ev.trigger_span[1], "confidence": ev.confidence, "evidence": ev.evidence,
        "coder_version": ev.coder_version,
        "record": json.dumps(ev.to_dict(), ensure_ascii=False, sort_keys=True),
    }


def _name(a: ActorMention | None) -> str | None:
    if a is None:
        return None
    return a.person or a.org or a.text


def actor_rows(ev: Event) -> list[dict[str, Any]]:
    rows = []
    for role, actors in (("source", ev.source), ("target", ev.target)):
        for i, a in enumerate(_actors(actors)):
            rows.append({"mention_id": ev.event_id, "doc_id": ev.doc_id, "role": role,
                         "position": i, "text": a.text, "code": actor_code(a),
                         "country": a.country, "sector": a.sector, "person": a.person,
                         "title": a.role, "rank": a.rank, "org": a.org, "kind": a.kind,
                         "span_start": a.span[0], "span_end": a.span[1]})
    return rows


def evidence_rows(ev: Event) -> list[dict[str, Any]]:
    """Every span that supports a field of the event, with the rule that used it."""
    items = [("sentence", ev.sentence_text, ev.sentence_span, None),
             ("trigger", ev.trigger_text, ev.trigger_span, ev.evidence)]
    if ev.date:
        items.append(("date", ev.date.text, ev.date.span, ev.date.rule))
    if ev.location:
        items.append(("location", ev.location.name, ev.location.span, ev.location.rule))
    if ev.status_cue:
        items.append(("status", ev.status_cue, None, ev.status))
    if ev.series:
        items.append(("series", ev.series.name, ev.series.span, None))
    items += [("extra", None, span, None) for span in ev.extra_evidence]
    return [{"mention_id": ev.event_id, "doc_id": ev.doc_id, "kind": kind, "text": text,
             "span_start": span[0] if span else None, "span_end": span[1] if span else None,
             "rule": rule} for kind, text, span, rule in items]


def place_rows(doc: Document) -> list[dict[str, Any]]:
    return [{"doc_id": doc.doc_id, "position": i, "name": p.name, "geonameid": p.geonameid,
             "feature": p.feature, "country": p.country, "admin1": p.admin1, "lat": p.lat,
             "lon": p.lon, "precision": p.precision,
             "span_start": p.span[0] if p.span else None, "span_end": p.span[1] if p.span else None,
             "rule": p.rule} for i, p in enumerate(doc.places)]


def document_rows(doc: Document, now: datetime) -> dict[str, list[dict[str, Any]]]:
    """All rows one coded story adds, by table."""
    events = _unique(doc.events)
    version = next((e.coder_version for e in events if e.coder_version), None)
    if version is None:
        from .. import __version__
        version = __version__
    return {
        "articles": [article_row(doc, version, now)],
        "mentions": [mention_row(e) for e in events],
        "actors": [r for e in events for r in actor_rows(e)],
        "places": place_rows(doc),
        "evidence": [r for e in events for r in evidence_rows(e)],
    }


def _unique(events: list[Event]) -> list[Event]:
    """Drop repeated event ids (the same trigger coded twice) so ids stay unique."""
    seen, out = set(), []
    for e in events:
        if e.event_id not in seen:
            seen.add(e.event_id)
            out.append(e)
    return out
