"""Event location: which place an event happened at, and which rule said so.

Rules, tried in order (the first that finds a place wins):

1. a locative phrase on the trigger, its clause, its object or a relative
   clause on the event noun ("was held at Islamabad", "clashes in Kharkiv",
   "agreed to hold the round in Russia", "exercise ... which was held at X");
2. travel: "visit to X", "visited X", "arrived in X" (the visitor's own country
   is never the place);
3. another place in the same sentence that is not a source actor's country;
4. the story's dateline;
5. the story's main place (the most mentioned one).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from ..model import Document, Event, Location, Sentence
from ._find import Mention, _words
from .gazetteer import Entry, Gazetteer, norm

#: Dependency arcs followed from the trigger to the words whose locatives count.
FOLLOW = frozenset({"xcomp", "relcl", "acl", "dobj", "pobj", "conj", "advcl", "compound",
                    "appos", "attr", "oprd"})
#: Prepositions that pass the event on to their object ("ceremony of exercise X").
PASS_PREPS = frozenset({"of", "for", "with", "during"})
MAX_DEPTH = 4


def to_location(m: Mention, rule: str | None = None) -> Location:
    e: Entry = m.resolved
    return Location(name=m.text, span=m.span, geonameid=e.geonameid, feature=e.feature,
                    country=e.country or None, admin1=e.admin1,
                    lat=None if e.lat is None else round(e.lat, 4),
                    lon=None if e.lon is None else round(e.lon, 4),
                    precision=m.precision or e.precision, rule=rule)


def _trigger_root(sent: Sentence, event: Event) -> Any:
    doc = sent.doc
    a, b = event.trigger_span
    toks = [t for t in doc if a <= sent.start + t.idx < b or
            sent.start + t.idx <= a < sent.start + t.idx + len(t)]
    if not toks:
        return None
    ids = {t.i for t in toks}
    root = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[0])
    while root.dep_ in ("compound", "amod", "nmod") and root.head.i != root.i:
        root = root.head  # "exercise Druzhba VI which was held at X": the event noun phrase
    return root


def _heads(root: Any) -> list[tuple[Any, int]]:
    """The trigger and the words that carry its event, nearest first."""
    out = [(root, 0)]
    seen = {root.i}
    if root.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and root.pos_ in ("NOUN", "PROPN"):
        out.append((root.head, 1))  # "The round ... was held at X"
        seen.add(root.head.i)
    if root.dep_ == "pobj" and root.head.lower_ in PASS_PREPS and root.head.head.pos_ == "NOUN":
        out.append((root.head.head, 1))  # "ceremony of exercise X which was held at Y"
        seen.add(root.head.head.i)
    k = 0
    while k < len(out):
        tok, d = out[k]
        k += 1
        if d >= MAX_DEPTH:
            continue
        for c in tok.children:
            if c.i in seen:
                continue
            if c.dep_ in FOLLOW or (c.dep_ == "prep" and c.lower_ in PASS_PREPS):
                seen.add(c.i)
                out.append((c, d + 1))
    return out


def _mention_at(mentions: list[Mention], tok: Any) -> Mention | None:
    for m in mentions:
        for p in m.parts:
            if p.tokens[0] <= tok.i < p.tokens[1]:
                return m
    return None


def _pobj_mention(prep: Any, mentions: list[Mention]) -> Mention | None:
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        for t in obj.subtree:
            m = _mention_at(mentions, t)
            if m is not None and m.resolved is not None:
                return m
    return None


def _source_countries(event: Event) -> set[str]:
    return {a.country for s in event.source for a in s.expand() if a.country}


def _own_country(m: Mention, sources: set[str]) -> bool:
    return m.resolved.feature == "A.PCLI" and m.resolved.country in sources


def rule_locative(sent: Sentence, event: Event, mentions: list[Mention]) -> Location | None:
    root = _trigger_root(sent, event)
    if root is None:
        return None
    words = _words()
    for tok, _ in _heads(root):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in words["strong_locative_preps"]:
                m = _pobj_mention(c, mentions)
                if m is not None and not m.actor_like:
                    path = root.lemma_.lower() if tok.i == root.i else \
                        f"{root.lemma_.lower()} ... {tok.lemma_.lower()}"
                    return to_location(m, f"locative: {path} {c.lower_} X")
    return None


def rule_travel(sent: Sentence, event: Event, mentions: list[Mention]) -> Location | None:
    root = _trigger_root(sent, event)
    if root is None:
        return None
    words = _words()
    sources = _source_countries(event)
    heads = [t for t, _ in _heads(root)]
    heads += [t for t in sent.doc if t.lemma_.lower() in words["travel_lemmas"] and t not in heads]
    for tok in heads:
        if tok.lemma_.lower() not in words["travel_lemmas"]:
            continue
        for c in tok.children:
            m = None
            if c.dep_ == "prep" and c.lower_ in ("to", "in", "at"):
                m = _pobj_mention(c, mentions)
            elif c.dep_ == "dobj":
                m = next((x for t in c.subtree if (x := _mention_at(mentions, t))), None)
            if m is not None and m.resolved is not None and not _own_country(m, sources):
                return to_location(m, f"travel: {tok.lemma_.lower()} to X")
    return None


def _actor_spans(sent: Sentence, event: Event) -> list[tuple[int, int]]:
    return [a.span for a in [*event.source, *event.target] if a.span]


#: Prepositions that put an event in a place ("in Poland", not "pressure from China").
LOCATIVE = {"in", "at", "near", "inside", "across", "throughout", "outside", "within", "into", "off"}


def _locative_use(sent: Sentence, m: Mention) -> bool:
    """A country names where something happened only as the object of a place
    preposition; elsewhere ("pressure from China", "China's navy") it is a party."""
    if sent.doc is None or not sent.doc.has_annotation("DEP"):
        return True
    tok = next((t for t in sent.doc if sent.start + t.idx == m.span[0]), None)
    if tok is None:
        return True
    while tok.dep_ in ("compound", "amod", "conj") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE


def rule_sentence(sent: Sentence, event: Event, mentions: list[Mention]) -> Location | None:
    sources = _source_countries(event)
    actor_spans = _actor_spans(sent, event)
    order = {"place": 0, "region": 1, "country": 2}
    cands = [m for m in mentions if m.is_place and m.resolved is not None
             and not m.in_dateline and not _own_country(m, sources)
             and not any(a <= m.span[0] < b for a, b in actor_spans)
             and (m.precision != "country" or _locative_use(sent, m))]
    if not cands:
        return None
    best = min(cands, key=lambda m: (order.get(m.precision or "place", 0), m.span[0]))
    return to_location(best, "place in sentence")


def dateline_location(doc: Document, gaz: Gazetteer, story: Counter) -> Location | None:
    """The dateline's place ("ISLAMABAD, Sept 29 (Reuters) -"), resolved in the gazetteer."""
    found = _parse_dateline(doc.article.clean_text)
    if found is None:
        return None
    place, span, hint = found
    cands = gaz.lookup(place)
    if hint:
        within = [h for h in gaz.lookup(hint) if h.feature in ("A.PCLI", "A.ADM1")]
        if hint in gaz.abbrevs:
            within = [gaz.entries[gaz.abbrevs[hint][0]]]
        narrowed = [e for e in cands for w in within
                    if (w.feature == "A.PCLI" and e.country == w.country) or e.key == w.key]
        cands = narrowed or cands
    if not cands:
        return None
    e = max(cands, key=lambda e: (e.feature in ("P.PPLC", "A.PCLI"), story.get(e.country, 0),
                                  norm(e.name) == norm(place), e.population))
    return Location(name=doc.article.text[span[0]:span[1]], span=span, geonameid=e.geonameid,
                    feature=e.feature, country=e.country, admin1=e.admin1,
                    lat=None if e.lat is None else round(e.lat, 4),
                    lon=None if e.lon is None else round(e.lon, 4),
                    precision=e.precision, rule="dateline")


def dateline_span(text: str) -> tuple[int, int] | None:
    """Span of the whole dateline ("ISLAMABAD, Sept 29 (Reuters) -"), if the story has one."""
    try:
        from ..ingest import parse_dateline
    except ImportError:
        return None
    d = parse_dateline(text)
    return d.span if d else None


def _parse_dateline(text: str) -> tuple[str, tuple[int, int], str | None] | None:
    try:
        from ..ingest import parse_dateline
    except ImportError:  # the ingest package without datelines
        return None
    d = parse_dateline(text)
    if d is None:
        return None
    return d.place, d.place_span, d.country or d.region


def main_place(mentions: Iterable[Mention]) -> Location | None:
    """The most mentioned place of the story; ties go to the first mentioned."""
    places = [m for m in mentions if m.is_place and m.resolved is not None and not m.in_dateline]
    if not places:
        return None
    counts = Counter((m.resolved.geonameid, m.resolved.name) for m in places)
    best = max(places, key=lambda m: (counts[(m.resolved.geonameid, m.resolved.name)],
                                      -m.span[0]))
    return to_location(best, "main place of story")


def locate(event: Event, doc: Document, by_sentence: dict[int, list[Mention]],
           fallback: list[Location | None]) -> Location | None:
    """Apply the rules in order; ``fallback`` holds the dateline and main-place answers."""
    if 0 <= event.sentence_index < len(doc.sentences):
        sent = doc.sentences[event.sentence_index]
        mentions = by_sentence.get(sent.index, [])
        parsed = sent.doc is not None and sent.doc.has_annotation("DEP")
        rules = (rule_locative, rule_travel, rule_sentence) if parsed else (rule_sentence,)
        for rule in rules:
            loc = rule(sent, event, mentions)
            if loc is not None:
                return loc
    return next((f for f in fallback if f is not None), None)
