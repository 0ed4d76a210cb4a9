"""A coder that returns hand-coded events for the store's test stories.

The store tests must not depend on how good the automatic coder is today, so
each story's events are written by hand in a JSON file (``gold.json`` beside
this module, or the file named by ``$WHIMBREL_HAND_GOLD``) and turned into
model.Event objects with real spans into the article text. Usable from the CLI:
``whimbrel ingest --coder tests/stories/store/hand_coder.py:code``.
"""

from __future__ import annotations

import json
import os
import re
import time
from functools import lru_cache
from pathlib import Path

from whimbrel.model import ActorMention, Article, DateRef, Document, Event, Location

VERSION = "hand-1"


@lru_cache(maxsize=4)
def _gold(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def gold_path() -> str:
    return os.environ.get("WHIMBREL_HAND_GOLD") or str(Path(__file__).with_name("gold.json"))


def _sentence(text: str, pos: int) -> tuple[int, int, int]:
    """(index, start, end) of the sentence holding ``pos`` (split at '.', '\\n')."""
    bounds = [0] + [m.end() for m in re.finditer(r"[.!?](\s+|$)|\n+", text)]
    for i, start in enumerate(bounds):
        end = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        if start <= pos < end:
            return i, start, end
    return len(bounds) - 1, bounds[-1], len(text)


def _actor(spec: list[str], text: str, lo: int, hi: int) -> ActorMention:
    name, country, sector = spec
    found = text.find(name, lo, hi)
    span = (found, found + len(name)) if found >= 0 else (lo, lo)
    return ActorMention(text=name, span=span, country=country, sector=sector)


def code(article: Article) -> Document:
    """Hand-coded events of ``article`` (none if it is not in the gold file).

    ``$WHIMBREL_HAND_DELAY`` (seconds) makes each article take that long, so a
    test can interrupt an ingest midway as it would a slow real coder.
    """
    if delay := float(os.environ.get("WHIMBREL_HAND_DELAY") or 0):
        time.sleep(delay)
    doc = Document(article=article)
    text = article.text
    for spec in _gold(gold_path()).get(article.doc_id, []):
        pos = text.find(spec["trigger"])
        if pos < 0:
            raise ValueError(f"trigger {spec['trigger']!r} not in {article.doc_id}")
        index, start, end = _sentence(text, pos)
        loc = spec.get("location")
        date_text = spec.get("date_text")
        date_pos = text.find(date_text, start, end) if date_text else -1
        doc.events.append(Event(
            doc_id=article.doc_id, sentence_index=index, sentence_span=(start, end),
            sentence_text=text[start:end].strip(), trigger_text=spec["trigger"],
            trigger_span=(pos, pos + len(spec["trigger"])), cameo=spec["cameo"],
            event_type=spec["event_type"], goldstein=spec.get("goldstein"),
            quad_class=spec.get("quad_class"),
            source=[_actor(spec["source"], text, start, end)],
            target=[_actor(spec["target"], text, start, end)],
            date=DateRef(text=date_text or "", span=(date_pos, date_pos + len(date_text))
                         if date_pos >= 0 else None, value=spec.get("date"),
                         precision=spec.get("precision"), rule="hand"),
            status=spec.get("status", "occurred"),
            location=Location(name=loc["name"], span=None, geonameid=loc.get("geonameid"),
                              feature=loc.get("feature"), country=loc.get("country"),
                              admin1=loc.get("admin1"), lat=loc.get("lat"), lon=loc.get("lon"),
                              precision=loc.get("precision", "place"), rule="hand")
            if loc else None,
            confidence=0.9, evidence="hand-coded", coder_version=VERSION))
    return doc
