"""Toponym accuracy on a hand-resolved gold set (issue 3's measure).

The gold file is a JSON list of place mentions, each ``{"file", "text",
"occurrence", "country", "lat", "lon", "kind"}``: the ``occurrence``-th
whole-word match of ``text`` in the story file (a match glued to a hyphen,
"Russia-Pakistan", does not count), its true country (ISO-3) and point, and its
kind (city | region | country | other). ``file`` is relative to the stories
directory given to :func:`evaluate_toponyms`.

Every story goes through the real pipeline's language and actors stages, then
the place finder and resolver (:func:`whimbrel.place.geoparse_document`). Each
name the system resolved -- every part of a chain, whether used as a place or
as an actor ("Peru expelled ...") -- is compared with the gold names it overlaps:

* recall: gold names overlapped by a system name;
* precision: system names that overlap a gold name;
* accuracy@161km: of the found gold names, those resolved within 161 km of the
  truth (mordecai's measure); a country name has no point, so it counts when
  the country is right;
* country accuracy: of the found gold names, those resolved to the right country.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import WhimbrelError
from ..model import Span
from .gazetteer import Entry, Gazetteer

KM = 161.0
KINDS = ("city", "region", "country", "other")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def occurrence_span(text: str, name: str, n: int) -> Span | None:
    """Span of the n-th (1-based) whole-word occurrence of ``name`` in ``text``."""
    pat = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
    for k, m in enumerate(pat.finditer(text), 1):
        if k == n:
            return m.span()
    return None


def system_names(mentions: list[Any]) -> list[tuple[Span, str, Entry]]:
    """(span, text, entry) of every resolved name, chain parts included."""
    out = []
    for m in mentions:
        if m.resolved is None:
            continue
        out.append((m.parts[0].span, m.parts[0].text, m.resolved))
        for p in m.parts[1:]:
            if p.resolved is not None:
                out.append((p.span, p.text, p.resolved))
    return out


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _judge(g: dict[str, Any], e: Entry) -> tuple[bool, float | None]:
    """(correct within 161 km, distance); a country is right when its code is."""
    dist = None if e.lat is None or e.lon is None else \
        haversine_km(g["lat"], g["lon"], e.lat, e.lon)
    if g["kind"] == "country":
        return e.country == g["country"], dist
    return dist is not None and dist <= KM, dist


def _load_gold(gold_path: str | Path) -> list[dict[str, Any]]:
    try:
        return json.loads(Path(gold_path).read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise WhimbrelError(f"cannot read the toponym gold set {gold_path}: {err}; "
                            "pass the path of tests/stories/place/toponyms_gold.json") from None


def _geoparse(path: Path, pipeline: Any, gaz: Gazetteer) -> tuple[str, list[Any]]:
    from ..evaluate import read_story
    from . import geoparse_document

    article = read_story(path)
    doc = pipeline(article)
    return article.text, geoparse_document(doc, gaz)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def half_of(file: str) -> str:
    """The blind set's half of a story file: ``lockbox`` (scored, never studied) when the
    SHA-1 of its path is odd, else ``working``."""
    import hashlib

    return "lockbox" if int(hashlib.sha1(file.encode()).hexdigest(), 16) % 2 == 1 else "working"


def evaluate_toponyms(gold_path: str | Path, stories_dir: str | Path, *,
                      pipeline: Any = None, gazetteer: Gazetteer | None = None,
                      half: str | None = None) -> dict[str, Any]:
    """Score toponym finding and resolution against the hand-resolved gold set.

    ``pipeline`` maps an Article to a Document with sentences and actors (by
    default the registered ``language`` and ``actors`` stages); stories whose
    file is missing are listed under ``skipped``. ``half`` ("working" or
    "lockbox") keeps only the stories of that half (:func:`half_of`).
    """
    from ..pipeline import Pipeline
    from . import gazetteer as _gaz

    gold = _load_gold(gold_path)
    if half is not None:
        if half not in ("working", "lockbox"):
            raise WhimbrelError(f"unknown half {half!r}; use 'working' or 'lockbox'")
        gold = [g for g in gold if half_of(g["file"]) == half]
    pipeline = pipeline or Pipeline(stages=("language", "actors"))
    gaz = gazetteer or _gaz.default()
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        by_file[g["file"]].append(g)
    rows: list[dict[str, Any]] = []
    false_pos: list[dict[str, Any]] = []
    skipped, n_system = [], 0
    for file, golds in by_file.items():
        path = Path(stories_dir) / file
        if not path.exists():
            skipped.append(file)
            continue
        text, mentions = _geoparse(path, pipeline, gaz)
        names = system_names(mentions)
        n_system += len(names)
        spans = []
        for g in golds:
            span = occurrence_span(text, g["text"], g["occurrence"])
            if span is None:
                raise WhimbrelError(f"{file}: gold name {g['text']!r} occurrence {g['occurrence']} "
                                    "is not in the story; fix the gold file")
            spans.append(span)
            best = max(names, key=lambda s: _overlap(s[0], span), default=None)
            row = {**g, "span": list(span), "found": None}
            if best is not None and _overlap(best[0], span) > 0:
                ok, dist = _judge(g, best[2])
                row.update(found=best[1], resolved=best[2].name, feature=best[2].feature,
                           got_country=best[2].country, km=None if dist is None else round(dist),
                           correct=ok)
            rows.append(row)
        for s, name, e in names:
            if not any(_overlap(s, sp) for sp in spans):
                false_pos.append({"file": file, "text": name, "resolved": e.name,
                                  "country": e.country, "feature": e.feature})
    return _summary(rows, false_pos, n_system, skipped)


def _scores(rows: list[dict[str, Any]]) -> dict[str, Any]:
    found = [r for r in rows if r["found"] is not None]
    return {
        "n": len(rows),
        "found": len(found),
        "recall": _ratio(len(found), len(rows)),
        "acc161": _ratio(sum(r["correct"] for r in found), len(found)),
        "country": _ratio(sum(r["got_country"] == r["country"] for r in found), len(found)),
    }


def _summary(rows: list[dict[str, Any]], false_pos: list[dict[str, Any]], n_system: int,
             skipped: list[str]) -> dict[str, Any]:
    total = _scores(rows)
    total["precision"] = _ratio(n_system - len(false_pos), n_system)
    total["n_system"] = n_system
    return {
        "totals": total,
        "kinds": {k: _scores([r for r in rows if r["kind"] == k]) for k in KINDS},
        "missed": [r for r in rows if r["found"] is None],
        "wrong": [r for r in rows if r["found"] is not None and not r["correct"]],
        "false_positives": false_pos,
        "rows": rows,
        "skipped": skipped,
    }


def format_toponym_report(result: dict[str, Any], details: bool = True) -> str:
    """Plain-text report: totals, per-kind scores, then misses, errors and false positives."""
    t = result["totals"]
    lines = [f"gold names {t['n']}  found {t['found']}  system names {t['n_system']}",
             f"{'recall':<28}{t['recall']}", f"{'precision':<28}{t['precision']}",
             f"{'accuracy@161km (of found)':<28}{t['acc161']}",
             f"{'country accuracy (of found)':<28}{t['country']}", "",
             f"{'kind':<10}{'n':>5}{'recall':>9}{'acc161':>9}{'country':>9}"]
    for k, s in result["kinds"].items():
        lines.append(f"{k:<10}{s['n']:>5}{s['recall'] or 0:>9.3f}{s['acc161'] or 0:>9.3f}"
                     f"{s['country'] or 0:>9.3f}")
    if result["skipped"]:
        lines.append(f"skipped (file not found): {', '.join(result['skipped'])}")
    if not details:
        return "\n".join(lines)
    lines += ["", "missed:"]
    lines += [f"  {Path(r['file']).stem}: {r['text']} ({r['kind']}, {r['country']})"
              for r in result["missed"]]
    lines += ["", "wrongly resolved:"]
    lines += [f"  {Path(r['file']).stem}: {r['text']} -> {r['resolved']} [{r['feature']}, "
              f"{r['got_country']}] {r['km']} km (truth {r['country']}, {r['kind']})"
              for r in result["wrong"]]
    lines += ["", "false positives:"]
    lines += [f"  {Path(r['file']).stem}: {r['text']} -> {r['resolved']} [{r['feature']}, "
              f"{r['country']}]" for r in result["false_positives"]]
    return "\n".join(lines)
