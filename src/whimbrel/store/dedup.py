"""One event, many reports: merge mentions of the same real event into canonical events.

Mentions are grouped into *blocks* (same PLOVER type -- or CAMEO root when the
type is null -- and the same unordered set of actor codes). Inside a block,
mentions are taken in a fixed order (day-precise dates first, by date, then by
mention id) and each joins the first earlier cluster it is compatible with:

    same-day       same calendar day, no conflicting place or series round
    adjacent-day   the day after the cluster's first day, and similar evidence
                   (word overlap >= SIMILAR); a cluster never spans more than two days
    within-month   a month-precise date over a cluster of days in that month, similar evidence
    same-month / same-year   equal coarse dates, similar evidence

Mentions that no rule could ever connect are split first into *time
components* (runs of adjacent days, with the month-precise mentions of their
months; runs longer than a month are cut at month ends). Components cluster
independently, so an ingest re-clusters only the components it touched, and a
busy dyad reported every day does not make each batch redo its whole history.

Because the grouping reads only the set of mentions in a block, never the
order they arrived in, re-running a block after any ingest gives the same
clusters; the store recomputes every block an ingest touched. A canonical id
is a hash of the cluster's key (block, place, date), so it is stable across
runs and ingest orders.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from typing import Any, Iterable

from ..model import STATUSES

#: Evidence word overlap (Jaccard) needed to merge mentions whose dates differ.
SIMILAR = 0.2
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
_STOP = frozenset(
    "that with from have been said were this their they will would which about after also "
    "there other into over than them when where while both sides two".split())
_WORD = re.compile(r"[a-z]{4,}")


def block_key(event_type: str | None, cameo: str | None, actors: Iterable[str]) -> str:
    """The coarse grouping: type (or CAMEO root) plus the sorted actor codes."""
    kind = event_type or f"CAMEO{(cameo or '')[:2]}"
    return f"{kind}|{'|'.join(sorted(set(actors)))}"


def words(text: str | None) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall((text or "").lower()) if w not in _STOP)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass
class Cluster:
    members: list[dict[str, Any]] = field(default_factory=list)
    rules: list[tuple[str, float]] = field(default_factory=list)
    undated: bool = False

    def days(self) -> list[Date]:
        return [m["date"] for m in self.members if m["date_precision"] == "day" and m["date"]]


def _sort_key(m: dict[str, Any]) -> tuple:
    return (_PRECISION_RANK.get(m.get("date_precision") or "", 3),
            m.get("date") or Date.max, m["event_id"])


def _place_conflict(c: Cluster, m: dict[str, Any]) -> bool:
    for other in c.members:
        if m["place_country"] and other["place_country"] and m["place_country"] != other["place_country"]:
            return True
        if (m["geonameid"] and other["geonameid"] and m["geonameid"] != other["geonameid"]
                and m["place_precision"] == other["place_precision"]):
            return True
        if (m["series_round"] is not None and other["series_round"] is not None
                and m["series_round"] != other["series_round"]):
            return True
    return False


def _date_rule(c: Cluster, m: dict[str, Any], sim: float) -> str | None:
    """Which date rule lets ``m`` join ``c`` (None: none does)."""
    prec, day = m["date_precision"], m["date"]
    days = c.days()
    if prec == "day":
        if not days or abs((day - min(days)).days) > 1:
            return None  # a cluster spans at most two days: no chains across a week
        if day in days:
            return "same-day"
        return "adjacent-day" if sim >= SIMILAR else None
    value = m["date_value"] or ""
    if sim < SIMILAR:
        return None
    if prec == "month" and any(d.isoformat().startswith(value) for d in days):
        return "within-month"
    if any(o["date_value"] == value for o in c.members if o["date_precision"] == prec):
        return f"same-{prec}"
    return None


def _keys_of(m: dict[str, Any]) -> list[str]:
    """Index keys a member puts its cluster under (see :func:`_wanted`)."""
    if m["date_precision"] == "day" and m["date"]:
        iso = m["date"].isoformat()
        return [f"d:{iso}", f"m:{iso[:7]}"]
    return [f"c{m['date_precision']}:{m['date_value']}"]


def _wanted(m: dict[str, Any]) -> list[str]:
    """Index keys of the only clusters ``m`` could join under the date rules."""
    if m["date_precision"] == "day":
        return [f"d:{(m['date'] + timedelta(days=k)).isoformat()}" for k in (-1, 0, 1)]
    value = m["date_value"] or ""
    if m["date_precision"] == "month":
        return [f"m:{value}", f"cmonth:{value}"]
    return [f"c{m['date_precision']}:{value}"]


#: A run of adjacent days longer than this is cut at month ends (see time_components).
MAX_RUN_DAYS = 31


def _node(m: dict[str, Any]) -> str:
    if m.get("date") is None:
        return f"u:{m['event_id']}"
    if m["date_precision"] == "day":
        return f"d:{m['date'].isoformat()}"
    return f"{m['date_precision']}:{m['date_value']}"


def time_components(mentions: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split a block's mentions into groups no merge rule can connect.

    Needs only ``event_id``, ``date``, ``date_precision`` and ``date_value``.
    Days one apart connect, and a month-precise date connects to the days of its
    month; a connected run spanning more than MAX_RUN_DAYS drops its links
    across month ends, so history does not chain into one huge component.
    """
    nodes = {_node(m) for m in mentions}
    days = sorted(Date.fromisoformat(n[2:]) for n in nodes if n.startswith("d:"))
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for d in days:  # months link to their days
        if f"month:{d.isoformat()[:7]}" in parent:
            union(f"d:{d.isoformat()}", f"month:{d.isoformat()[:7]}")
    runs: list[list[Date]] = []
    for d in days:  # runs of adjacent days
        if runs and (d - runs[-1][-1]).days == 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    for run in runs:
        long_run = (run[-1] - run[0]).days >= MAX_RUN_DAYS
        for a, b in zip(run, run[1:]):
            if not (long_run and a.month != b.month):
                union(f"d:{a.isoformat()}", f"d:{b.isoformat()}")
    groups: dict[str, list[dict[str, Any]]] = {}
    for m in mentions:
        groups.setdefault(find(_node(m)), []).append(m)
    return [groups[k] for k in sorted(groups)]


def cluster_block(mentions: list[dict[str, Any]]) -> list[Cluster]:
    """Group one block's mentions into clusters, independent of their input order."""
    return [c for comp in time_components(mentions) for c in _cluster_component(comp)]


def _cluster_component(mentions: list[dict[str, Any]]) -> list[Cluster]:
    """Greedy clustering of one time component in a fixed order.

    Candidate clusters come from an index by day and month, so n mentions
    cost about n look-ups, not n x clusters comparisons.
    """
    clusters: list[Cluster] = []
    index: dict[str, list[int]] = {}
    vocab: dict[str, frozenset[str]] = {}
    for m in sorted(mentions, key=_sort_key):
        m_words = vocab[m["event_id"]] = words(m.get("sentence_text"))
        target = None
        if m.get("date") is not None:
            candidates = sorted({i for key in _wanted(m) for i in index.get(key, ())})
            for i in candidates:
                c = clusters[i]
                if _place_conflict(c, m):
                    continue
                sim = max(jaccard(m_words, vocab[o["event_id"]]) for o in c.members)
                rule = _date_rule(c, m, sim)
                if rule:
                    c.members.append(m)
                    c.rules.append((rule, round(sim, 3)))
                    target = i
                    break
        if target is None:
            clusters.append(Cluster([m], [("first report", 1.0)], undated=m.get("date") is None))
            target = len(clusters) - 1
        if m.get("date") is not None:
            for key in _keys_of(m):
                index.setdefault(key, [])
                if target not in index[key]:
                    index[key].append(target)
    return clusters


def _mode(values: Iterable[Any], order: list[Any] | None = None) -> Any:
    """Most frequent non-null value; ties go to the earliest in ``order`` (or sorted)."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    rank = {v: i for i, v in enumerate(order or sorted(counts, key=str))}
    return min(counts, key=lambda v: (-counts[v], rank.get(v, len(rank)), str(v)))


def _representative(c: Cluster) -> dict[str, Any]:
    """The report whose wording stands for the event: most confident, then earliest."""
    return min(c.members, key=lambda m: (-(m["confidence"] or 0), m["pub_date"] or Date.max,
                                         m["event_id"]))


def _place(c: Cluster) -> dict[str, Any] | None:
    """The most specific place any report gives, by votes."""
    for precision in ("place", "region", "country"):
        found = [m for m in c.members if m["place_precision"] == precision and m["place_name"]]
        if found:
            best = _mode([m["geonameid"] or m["place_name"] for m in found])
            return next(m for m in found if (m["geonameid"] or m["place_name"]) == best)
    return None


def _date(c: Cluster) -> tuple[Date | None, str | None, str | None]:
    days = c.days()
    if days:
        day = _mode(days)
        return day, day.isoformat(), "day"
    if c.undated:
        return None, None, None
    m = c.members[0]
    return m["date"], m["date_value"], m["date_precision"]


def canonical_id(block: str, place_key: str, date_key: str, n: int = 1) -> str:
    key = f"{block}|{place_key}|{date_key}" + (f"#{n}" if n > 1 else "")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def build_events(block: str, mentions: list[dict[str, Any]]
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Canonical event rows and merge-explanation rows for one block.

    Each mention dict carries the mention columns plus its article's
    ``pub_date``, ``outlet``, ``url`` and ``ingested_at``.
    """
    events, merges, seen = [], [], Counter()
    for c in cluster_block(mentions):
        rep = _representative(c)
        place = _place(c)
        day, date_value, precision = _date(c)
        place_key = str((place or {}).get("geonameid") or (place or {}).get("place_country") or "")
        date_key = date_value or f"undated:{rep['event_id']}"
        seen[(place_key, date_key)] += 1
        event_id = canonical_id(block, place_key, date_key, seen[(place_key, date_key)])
        events.append(_event_row(event_id, block, c, rep, place, day, date_value, precision))
        for m, (rule, score) in zip(c.members, c.rules):
            merges.append({"event_id": event_id, "mention_id": m["event_id"], "block": block,
                           "rule": rule, "score": score})
    return events, merges


def _event_row(event_id: str, block: str, c: Cluster, rep: dict[str, Any],
               place: dict[str, Any] | None, day: Date | None, date_value: str | None,
               precision: str | None) -> dict[str, Any]:
    ms = c.members
    cameo = _mode([m["cameo"] for m in ms], [rep["cameo"]])
    like = next(m for m in [rep, *ms] if m["cameo"] == cameo)
    reports = [m["pub_date"] for m in ms if m["pub_date"]]
    rules = [r for r, _ in c.rules[1:]]
    place = place or {}
    return {
        "event_id": event_id, "block": block,
        "event_type": like["event_type"], "cameo": cameo, "cameo_name": like["cameo_name"],
        "goldstein": like["goldstein"], "quad_class": like["quad_class"],
        "mode": _mode([m["mode"] for m in ms]), "context": sorted({x for m in ms for x in m["context"] or []}),
        **{k: rep[k] for k in ("source_code", "source_sector", "source_name",
                               "target_code", "target_sector", "target_name", "dyad", "actors")},
        "date": day, "date_value": date_value, "date_precision": precision,
        **_date_provenance(ms, date_value),
        "status": _mode([m["status"] for m in ms], list(STATUSES)),
        "place_name": place.get("place_name"), "geonameid": place.get("geonameid"),
        "country": place.get("place_country") or _mode([m["place_country"] for m in ms]),
        "admin1": place.get("admin1"), "lat": place.get("lat"), "lon": place.get("lon"),
        "place_precision": place.get("place_precision"),
        "series_name": _mode([m["series_name"] for m in ms]),
        "series_round": _mode([m["series_round"] for m in ms]),
        "num_mentions": len(ms), "num_articles": len({m["doc_id"] for m in ms}),
        "num_sources": len({m["outlet"] or m["doc_id"] for m in ms}),
        "doc_ids": sorted({m["doc_id"] for m in ms}), "mention_ids": sorted(m["event_id"] for m in ms),
        "sources": sorted({m["outlet"] for m in ms if m["outlet"]}),
        "first_report": min(reports, default=None), "last_report": max(reports, default=None),
        "url": rep["url"], "representative": rep["event_id"],
        "sentence_index": rep["sentence_index"], "evidence": rep["sentence_text"],
        "trigger_text": rep["trigger_text"], "confidence": max(m["confidence"] or 0 for m in ms),
        "coder_version": rep["coder_version"],
        "merge_rule": "+".join(sorted(set(rules))) if rules else "single report",
        "merge_score": min((s for _, s in c.rules[1:]), default=1.0),
        "added_at": min((m["ingested_at"] for m in ms if m["ingested_at"]), default=None),
        "search_text": "\n".join(sorted({(m["sentence_text"] or "").lower() for m in ms})),
    }



def _date_provenance(ms: list[dict[str, Any]], date_value: str | None) -> dict[str, Any]:
    """Where the canonical date came from (most often among the reports giving that
    date, else among all) and the planned act's date most reports give."""
    same = [m.get("date_source") for m in ms if m.get("date_value") == date_value]
    source = _mode(same) or _mode(m.get("date_source") for m in ms) if date_value else None
    planned = _mode(m.get("planned_date") for m in ms)
    precision = _mode(m.get("planned_date_precision") for m in ms
                      if planned and m.get("planned_date") == planned)
    return {"date_source": source, "planned_date": planned, "planned_date_precision": precision}
