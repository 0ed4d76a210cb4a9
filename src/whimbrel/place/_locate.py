"""Event location: which place an event happened at, and which rule said so.

Rules, tried in order (the first that finds a place wins; ``location.rule`` says
which and why):

1. a locative phrase on the trigger, its clause, its object or a relative
   clause on the event noun ("was held at Islamabad", "clashes in Kharkiv",
   "agreed to hold the round in Russia", "exercise ... which was held at X");
2. travel: "visit to X", "visited X", "arrived in X" (the visitor's own country
   is never the place; nor a journey told in a relative or infinitive clause);
3. another place in the same sentence that says where something is: a town wherever
   it stands ("strikes on Kharkiv", "struck Kharkiv") but not as a modifier ("Sao
   Paulo industrialists"), a country or region only after a place preposition ("in
   X", not "pressure from China", "the regions of Abkhazia"); never a source actor's
   country or name, the target of a declared act ("accused Tokyo"), a government
   named by its seat ("stormed the White House"), nor the place of a speaker whose
   words report the event ("a spokesman in Riyadh said its aircraft struck ...");
3b. a kind of place named by a demonym ("near the Somali town of X", "in the
   Ethiopian capital") is in that demonym's country, known town or not;
4. home: a state's own declared act (a statement, a sanction, an order, a launch)
   with no place in its words happens in that state, not at a dateline abroad (an
   international organisation's at its seat, data/place/igo_seats.json); an
   actor named with its station ("the Afghan embassy in Islamabad") acts there. Not
   for a state in one of the story's meetings that day, nor in a sentence that tells
   a meeting or a signing ("walked out of the session", "signed the accord"): its
   acts are the meeting's; nor for an embassy or envoy (it acts where it is posted).
   A declared act is placed neither by what it is about ("accused Georgia of
   genocide in South Ossetia", "welcomed ... a step toward democracy in Bolivia")
   nor by a place in another verb's clause;
5. the dateline in force above the event (a second, dated dateline further down
   holds for the text below it; "WASHINGTON/CARACAS" is Washington, except for a
   domestic act of the other city's country, told from there; a bare city is the big
   one of its name);
6. the story's main place (the most mentioned one);
7. the story's country (the one it names most, as a place or its actors').

A place in no country (a sea, a continent) is kept only when no later rule gives a
country: "an exercise in the Mediterranean" told from Athens is in Greece.
An agreement's infinitive complement ("agreed to build a bridge across X", "signed
a deal to build a pipeline in X") is the act agreed for later: its place is not
where the agreement was made, so rules 1 and 3 skip it, except a next meeting's
("agreed to hold the next round in Moscow"), which analysts give the agreement. A
name before a water word ("the Uruguay river") is the river, not the country.
The occasions stage later gives an agreement or statement placed only by rules 5-7
the place of its occasion's meeting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Any, Iterable

from .._spans import lower_lemmas, near
from .._tokens import built
from ..model import Document, Event, Location, Sentence
from ._find import Mention, _words
from .gazetteer import Entry, Gazetteer, norm, table

#: Dependency arcs followed from the trigger to the words whose locatives count.
FOLLOW = frozenset({"xcomp", "relcl", "acl", "dobj", "pobj", "conj", "advcl", "compound",
                    "appos", "attr", "oprd"})
#: Prepositions that pass the event on to their object ("ceremony of exercise X").
PASS_PREPS = frozenset({"of", "for", "with", "during"})
MAX_DEPTH = 4
#: A bare dateline city ("GENEVA -") is one of the candidates at least a tenth the
#: size of the biggest of that name.
DATELINE_SIZE_RATIO = 10
#: Paragraphs searched for the dateline ("UPDATE 1-..." headline, "(Adds ...)", byline).
DATELINE_PARAGRAPHS = 5


def to_location(m: Mention, rule: str | None = None) -> Location:
    e: Entry = m.resolved
    return Location(name=m.text, span=m.span, geonameid=e.geonameid, feature=e.feature,
                    country=e.country or None, admin1=e.admin1,
                    lat=None if e.lat is None else round(e.lat, 4),
                    lon=None if e.lon is None else round(e.lon, 4),
                    precision=m.precision or e.precision, rule=rule)


def country_location(e: Entry, code: str, rule: str) -> Location:
    """A whole country as an event's place (no span: no word of the text names it)."""
    return Location(name=e.name, span=None, geonameid=e.geonameid, feature=e.feature,
                    country=code, admin1=e.admin1,
                    lat=None if e.lat is None else round(e.lat, 4),
                    lon=None if e.lon is None else round(e.lon, 4),
                    precision="country", rule=rule)


def _pobj_ok(m: Mention | None) -> bool:
    """A usable place: resolved, and not a river or sea named after a country or town."""
    if m is None or m.resolved is None:
        return False
    fw = m.parts[0].feature_word
    return not (fw in _words()["water_words"] and not m.resolved.feature.startswith("H."))


def _planned_act(root: Any, event: Event) -> set[int]:
    """Token ids of the act an agreement or signing sets for later ("agreed to start
    building a bridge across X", "an agreement to build a pipeline in X")."""
    if (event.event_type or "").casefold() not in _words()["agreement_types"] or event.status == "planned":
        return set()
    out: set[int] = set()
    for head in (root, *[c for c in root.children if c.dep_ in ("dobj", "nsubjpass")]):
        for c in head.children:
            if c.dep_ in ("xcomp", "acl", "ccomp", "advcl", "conj") and \
                    any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) and \
                    c.lemma_.lower() not in _words()["meeting_verbs"]:
                # "agreed to hold the next round in Russia" names the next meeting's
                # place, which analysts give the agreement (its place is its point)
                out.update(t.i for t in c.subtree)
    return out


def _declared_content(root: Any, event: Event) -> set[int]:
    """Token ids of what a declared act is about ("accused Georgia of genocide in South
    Ossetia", "condemned the arrest for ..."): the place of the act alleged, not of the
    accusing."""
    if (event.event_type or "").casefold() not in _words()["home_types"]:
        return set()
    verb = root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and verb.dep_ != "ROOT":
        verb = verb.head
    out: set[int] = set()
    for c in verb.children:
        if (c.dep_ == "prep" and c.lower_ in ("of", "for", "over", "about")) or c.dep_ == "ccomp":
            out.update(t.i for t in c.subtree)
    return out


def _trigger_root(sent: Sentence, event: Event) -> Any:
    doc = sent.doc
    a, b = event.trigger_span
    toks = [t for t in near(doc, a - sent.start, b - sent.start) if a <= sent.start + t.idx < b or
            sent.start + t.idx <= a < sent.start + t.idx + len(t)]
    if not toks:
        return None
    ids = {t.i for t in toks}
    root = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[0])
    while root.dep_ in ("compound", "amod", "nmod") and root.head.i != root.i:
        root = root.head  # "exercise Druzhba VI which was held at X": the event noun phrase
    return root


def _heads(root: Any, skip: set[int] | frozenset[int] = frozenset()) -> list[tuple[Any, int]]:
    """The trigger and the words that carry its event, nearest first (not ``skip``)."""
    out = [(root, 0)]
    seen = {root.i} | set(skip)
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
            if _pobj_ok(m):
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
    for tok, _ in _heads(root, _planned_act(root, event) | _declared_content(root, event)):
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
    travel = words["travel_lemmas"]
    toks = built(sent.doc) or sent.doc  # (the FastTokens of a parsed sentence)
    found = (toks[i] for i, lemma in enumerate(lower_lemmas(sent.doc)) if lemma in travel)
    if (event.event_type or "").casefold() not in words["home_types"]:
        # a declared act is not placed by a journey told beside it ("demanded that
        # Russia respect ... and said he was sending his secretary of state to Tbilisi")
        heads += [t for t in found if t not in heads and not _subordinate(t)]
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


def rule_demonym(sent: Sentence, event: Event, gaz: Gazetteer | None) -> Location | None:
    """"near the Somali town of Afmadow", "in the Ethiopian capital": a locative whose
    object is a kind of place qualified by a demonym lies in that demonym's country,
    whether or not the gazetteer knows the town's own name."""
    root = _trigger_root(sent, event)
    if root is None or gaz is None:
        return None
    words = _words()
    kinds = words["feature_words"] | {"capital"}
    for tok, _ in _heads(root, _planned_act(root, event) | _declared_content(root, event)):
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in words["strong_locative_preps"]:
                continue
            for obj in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in kinds):
                for mod in (c for c in obj.children if c.dep_ in ("amod", "compound")):
                    code = gaz.demonyms.get(norm(mod.text))
                    entry = gaz.country(code) if code and _state(code) else None
                    if entry is not None:
                        return country_location(
                            entry, code, f"locative: {prep.lower_} the {mod.text} {obj.text} "
                                         f"(a place in {code})")
    return None


def _subordinate(tok: Any) -> bool:
    """A travel word in a relative or infinitive clause ("the company that is preparing
    to deploy to Africa") tells someone else's or a later journey, not the event's."""
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True
    while tok.head.i != tok.i:
        if tok.dep_ in ("relcl", "acl"):
            return True
        tok = tok.head
    return False


def _actor_spans(sent: Sentence, event: Event) -> list[tuple[int, int]]:
    """Spans of the names that are parties rather than places: the source's, and the
    target's of a declared act ("accused Tokyo"); the town a strike hit ("struck
    Kharkiv") is where it happened."""
    declared = (event.event_type or "").casefold() in _words()["home_types"]
    return [a.span for a in [*event.source, *(event.target if declared else [])] if a.span]


def _foreign_target(event: Event, m: Mention) -> bool:
    """A name inside the target that names a government by its seat ("stormed the
    White House") or resolved outside the target's own country is no place."""
    for a in event.target:
        if a.span and a.span[0] <= m.span[0] < a.span[1]:
            return a.sector == "GOV" or \
                m.resolved.country not in {x.country for x in a.expand() if x.country}
    return False


#: Prepositions that put an event in a place ("in Poland", not "pressure from China").
LOCATIVE = {"in", "at", "near", "inside", "across", "throughout", "outside", "within", "into", "off",
            "towards", "toward"}


def _np_head(sent: Sentence, m: Mention) -> Any:
    """The token that carries a mention in the parse: its last name word ("Sao Paulo"
    -> "Paulo"), or the feature noun of "the border city of Najran"."""
    a, b = m.parts[0].tokens
    doc = built(sent.doc) or sent.doc  # (the FastTokens of a parsed sentence)
    tok = next((doc[i] for i in range(a, b) if not a <= doc[i].head.i < b), doc[a])
    feature = _words()["feature_words"]
    while tok.head.i != tok.i:
        if tok.dep_ == "conj":
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and \
                tok.head.head.lower_ in feature:
            tok = tok.head.head  # "the border city of Najran" stands where "city" stands
        else:
            break
    return tok


def _locative_use(sent: Sentence, m: Mention, root: Any = None) -> bool:
    """Does the name say where something happened? A town does wherever it stands
    ("fighting in Kharkiv", "strikes on Kharkiv", "Kharkiv clashes") except as a
    modifier of another word ("Sao Paulo industrialists"); a country or region only as
    the object of a place preposition: elsewhere ("pressure from China", "the regions
    of Abkhazia") it names a party or a topic. Chains and names with a feature word
    ("Molkino Trg Area, Krasnodar") are places wherever they stand."""
    if sent.doc is None or not sent.doc.has_annotation("DEP"):
        return True
    if len(m.parts) > 1 or (m.parts[0].feature_word and m.precision != "country"):
        return True
    tok = _np_head(sent, m)
    if m.precision in (None, "place"):
        return tok.dep_ not in ("compound", "amod", "nmod", "poss") or \
            (root is not None and tok.head.i == root.i)
    return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE


def _speaker_place(sent: Sentence, m: Mention, root: Any) -> bool:
    """"A coalition spokesman in Riyadh said its aircraft struck ...": the place of
    the one who speaks, not of the act reported (it is the place of the saying)."""
    if root is None or sent.doc is None or not sent.doc.has_annotation("DEP"):
        return False
    tok = _np_head(sent, m)
    if tok.dep_ != "pobj":
        return False
    noun = tok.head.head
    verb = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or verb.i == root.i or \
            verb.lemma_.lower() not in _words()["speech_lemmas"]:
        return False
    return root.i in {t.i for t in verb.subtree}


def rule_sentence(sent: Sentence, event: Event, mentions: list[Mention]) -> Location | None:
    sources = _source_countries(event)
    actor_spans = _actor_spans(sent, event)
    parsed = sent.doc is not None and sent.doc.has_annotation("DEP")
    root = _trigger_root(sent, event) if parsed else None
    planned = (_planned_act(root, event) | _declared_content(root, event)) if root is not None else set()
    order = {"place": 0, "region": 1, "country": 2}
    cands = [m for m in mentions if m.is_place and _pobj_ok(m)
             and not m.in_dateline and not _own_country(m, sources)
             and not any(a <= m.span[0] < b for a, b in actor_spans)
             and not _foreign_target(event, m)
             and not (parsed and m.parts[0].tokens[0] in planned)
             and _locative_use(sent, m, root) and not _speaker_place(sent, m, root)
             and not (parsed and root is not None and (_topic_country(sent, event, m, root)
                                                       or _other_clause(sent, event, m, root)))]
    if not cands:
        return None
    best = min(cands, key=lambda m: (order.get(m.precision or "place", 0), m.span[0]))
    return to_location(best, f"place in sentence ({_how(sent, best)})")


#: Links that open another verb's clause: a declared act's place is in its own.
OTHER_CLAUSE = frozenset({"conj", "ccomp", "advcl", "parataxis", "relcl", "acl", "xcomp", "csubj"})


def _other_clause(sent: Sentence, event: Event, m: Mention, root: Any) -> bool:
    """"demanded that Russia respect ... and said he was sending his envoy to Tbilisi":
    a place in another verb's clause is not where a declared act was made."""
    if (event.event_type or "").casefold() not in _words()["home_types"]:
        return False
    verb = root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and verb.dep_ != "ROOT":
        verb = verb.head
    tok = (built(sent.doc) or sent.doc)[m.parts[0].tokens[0]]
    while tok.i != verb.i and tok.head.i != tok.i:
        if tok.dep_ in OTHER_CLAUSE and tok.pos_ in ("VERB", "AUX"):
            return True
        tok = tok.head
    return False


def _topic_country(sent: Sentence, event: Event, m: Mention, root: Any) -> bool:
    """"welcomed the resignation as a step toward democracy in Bolivia": for a declared
    act, a country or region named inside one of its nouns is a topic; only one on the
    verb itself ("condemned ... in Bolivia" said there) places the act."""
    if (event.event_type or "").casefold() not in _words()["home_types"] or \
            m.precision not in ("country", "region"):
        return False
    verb = root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and verb.dep_ != "ROOT":
        verb = verb.head
    tok = _np_head(sent, m)
    return not (tok.dep_ == "pobj" and tok.head.head.i == verb.i)


def _how(sent: Sentence, m: Mention) -> str:
    """How the sentence names the place: "in X", "X named"."""
    if sent.doc is None or not sent.doc.has_annotation("DEP"):
        return "X named"
    tok = _np_head(sent, m)
    return f"{tok.head.lower_} X" if tok.dep_ == "pobj" else f"X as {tok.dep_}"


def _state(code: str | None) -> bool:
    return bool(code) and len(code) == 3 and code not in ("IGO", "NGO", "IMG", "MNC", "UNK")


def _stationed(sent: Sentence | None, event: Event, mentions: list[Mention]) -> Location | None:
    """"The Afghan embassy in Islamabad welcomed ...": a place inside the acting
    actor's own words says where that actor is."""
    if sent is None:
        return None
    spans = [a.span for a in event.source if a.span]
    for m in mentions:
        if m.is_place and _pobj_ok(m) and any(a <= m.span[0] < b for a, b in spans) and \
                _locative_use(sent, m):
            return to_location(m, f"home: the actor is in X ('{m.text}' in its name)")
    return None


NEWS = ("occurred", "ongoing")


def _another_day(event: Event, other: Event) -> bool:
    """The event has a date of its own that is not the meeting's ("In August 2008
    Russia recognised ..." told in a story about a 2012 round of talks)."""
    return event.date_source == "own" and event.date is not None and other.date is not None \
        and bool(event.date.value) and event.date.value != other.date.value


@lru_cache(maxsize=1)
def _seats() -> dict[str, list[str]]:
    return table("igo_seats.json")["seats"]


def _seat(event: Event, gaz: Gazetteer) -> Location | None:
    """The seat of the international organisation that acts ("the UN Security Council
    condemned ..." -> New York), from data/place/igo_seats.json."""
    seats = _seats()
    orgs = {a.org for a in event.source if a.org}
    if len(orgs) != 1 or next(iter(orgs)) not in seats:
        return None
    city, country = seats[next(iter(orgs))]
    cands = [e for e in gaz.lookup(city) if e.country == country]
    if not cands:
        return None
    e = max(cands, key=lambda e: e.population)
    return Location(name=city, span=None, geonameid=e.geonameid, feature=e.feature,
                    country=country, admin1=e.admin1,
                    lat=None if e.lat is None else round(e.lat, 4),
                    lon=None if e.lon is None else round(e.lon, 4), precision="place")


def rule_home(event: Event, doc: Document, gaz: Gazetteer | None,
              fallback: list[Location | None], sent: Sentence | None = None,
              mentions: list[Mention] | None = None) -> Location | None:
    """A state's own declared act ("Tehran summoned the ambassador", "Netanyahu
    denounced the deal") happens at home when its words name no place: the dateline
    abroad is where the story was filed. Not for a state that takes part in one of the
    story's meetings or exercises, nor in a sentence that tells a meeting (its
    statements are made there)."""
    if gaz is None or (event.event_type or "").casefold() not in _words()["home_types"]:
        return None
    countries = {a.country for s in event.source for a in s.expand()}
    if len(countries) != 1:
        return None
    home = next(iter(countries))
    seat = _seat(event, gaz) if home == "IGO" else None
    if not _state(home) and seat is None:
        return None
    stationed = _stationed(sent, event, mentions or [])
    if stationed is not None:
        return stationed
    posted = _words()["posted_abroad_words"]
    if any(w in a.text.casefold().split() for a in event.source for w in posted):
        return None  # "the United States embassy said": a mission acts where it is posted
    around = next((f for f in fallback if f is not None), None)
    if seat is not None:
        home = seat.country or home
    if around is not None and around.country == home:
        return None  # nothing abroad to correct: the fallback says it
    if around is None and seat is None:
        return None  # a state's country is the story's-country fallback's to give
    if sent is not None and sent.doc is not None and any(
            lemma in _words()["meeting_words"] for lemma in lower_lemmas(sent.doc)):
        return None  # "refused to meet his counterpart", "walked out of the session"
    meeting = _words()["meeting_types"]
    for other in doc.events:
        if (other.event_type or "").casefold() in meeting and other.status in NEWS and \
                not _another_day(event, other) and home in {
                    a.country for side in (other.source, other.target) for s in side
                    for a in s.expand()}:
            return None
    where = f"the {around.rule} {around.name} is {around.country}" if around else "no dateline"
    if seat is not None:
        return replace(seat, rule=f"home: {event.event_type} declared by "
                                  f"{event.source[0].org}, at its seat, no place in its words "
                                  f"({where})")
    entry = gaz.country(home)
    if entry is None:
        return None
    return country_location(entry, home, f"home: {event.event_type} declared by {home}, "
                                         f"no place in its words ({where})")


def dateline_location(doc: Document, gaz: Gazetteer, story: Counter) -> Location | None:
    """The dateline's place ("ISLAMABAD, Sept 29 (Reuters) -"), resolved in the gazetteer."""
    found = _parse_dateline(doc.article.clean_text)
    if found is None:
        return None
    return _resolve_dateline(doc, gaz, story, *found)


def dateline_locations(doc: Document, gaz: Gazetteer, story: Counter
                       ) -> list[tuple[int, Location]]:
    """Every dateline of the story with the offset it starts at: the first, and the
    dated ones further down (an update filed from another city, a second dateline
    "CANBERRA, Oct 22 (...) -" in a story filed from Tokyo). Each holds until the next."""
    out: list[tuple[int, Location]] = []
    first = dateline_location(doc, gaz, story)
    if first is not None and first.span is not None:
        out.append((0, first))
    for start, place, span, hint in _later_datelines(doc.article.clean_text):
        if first is not None and first.span is not None and span[0] <= first.span[0]:
            continue
        loc = _resolve_dateline(doc, gaz, story, place, span, hint)
        if loc is not None:
            out.append((start, loc))
    return out


def dateline_parts(doc: Document, gaz: Gazetteer, story: Counter) -> list[Location]:
    """Each city of a shared first dateline ("GAZA/JERUSALEM", "OTTAWA/NEW DELHI"),
    resolved on its own; empty when the dateline names one city."""
    found = _parse_dateline(doc.article.clean_text)
    if found is None or "/" not in found[0]:
        return []
    place, span, hint = found
    out, start = [], span[0]
    for piece in place.split("/"):
        name = piece.strip()
        at = start + piece.find(name)
        start += len(piece) + 1
        loc = _resolve_dateline(doc, gaz, story, name, (at, at + len(name)), hint) if name else None
        if loc is not None:
            out.append(loc)
    return out


def party_dateline(event: Event, parts: list[Location]) -> Location | None:
    """The city of a shared dateline in the country of a domestic act: a story filed
    from "GAZA/JERUSALEM" tells an arrest by Israeli police of an Israeli from
    Jerusalem. Acts between the two sides keep the first city."""
    parties = {a.country for side in (event.source, event.target) for s in side
               for a in s.expand() if a.country}
    if len(parties) != 1:
        return None
    code = next(iter(parties))
    for loc in parts:
        if loc.country == code:
            return replace(loc, rule=f"dateline (the city of {code}, the only party, "
                                     "in a shared dateline)")
    return None


def dateline_at(datelines: list[tuple[int, Location]], offset: int) -> Location | None:
    """The dateline in force at ``offset`` (the first one covers the text above it)."""
    out = datelines[0][1] if datelines else None
    for start, loc in datelines:
        if start <= offset:
            out = loc
    return out


def _later_datelines(text: str) -> list[tuple[int, str, tuple[int, int], str | None]]:
    try:
        from ..ingest._dateline import _PARAGRAPH, _PATTERNS, _group
    except ImportError:
        return []
    out = []
    for para in _PARAGRAPH.finditer(text):
        for pattern in _PATTERNS:
            m = pattern.match(text, para.start())
            if m and m.groupdict().get("date"):  # a date or nothing: sentences look alike
                out.append((para.start(), m["place"], m.span("place"),
                            _group(m, "country") or _group(m, "region")))
                break
    return out


def later_dateline_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the dated datelines' places further down the story (not event places)."""
    return [span for _, _, span, _ in _later_datelines(text)]


def _resolve_dateline(doc: Document, gaz: Gazetteer, story: Counter, place: str,
                      span: tuple[int, int], hint: str | None) -> Location | None:
    if "/" in place:  # "WASHINGTON/CARACAS": filed from both; the first leads
        first = place.split("/")[0].strip()
        span = (span[0], span[0] + len(first))
        place = first
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
    if not hint:
        # a dateline with no state or country is a city the wire's readers know
        # ("GENEVA", not Geneva, Illinois): the story's countries choose only among
        # the candidates of the same order of size as the biggest
        top = max(e.population for e in cands)
        cands = [e for e in cands if e.population * DATELINE_SIZE_RATIO >= top] or cands
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
    d = parse_dateline(text, max_paragraphs=DATELINE_PARAGRAPHS)
    return d.span if d else None


def _parse_dateline(text: str) -> tuple[str, tuple[int, int], str | None] | None:
    try:
        from ..ingest import parse_dateline
    except ImportError:  # the ingest package without datelines
        return None
    # a headline, an "(Adds ...)" note and a byline can stand above the dateline
    d = parse_dateline(text, max_paragraphs=DATELINE_PARAGRAPHS)
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
    n = counts[(best.resolved.geonameid, best.resolved.name)]
    return to_location(best, f"main place of story (named {n} time{'s' * (n > 1)}; "
                             "no place in the event's words, no dateline)")


def story_country(gaz: Gazetteer, story: Counter) -> Location | None:
    """The country the story names most (as a place or its actors'): where its events
    happened when nothing better says so."""
    for code, _ in story.most_common():
        e = gaz.country(code) if _state(code) else None
        if e is not None:
            return country_location(e, code, "story's country (most named)")
    return None


def locate(event: Event, doc: Document, by_sentence: dict[int, list[Mention]],
           fallback: list[Location | None], gaz: Gazetteer | None = None) -> Location | None:
    """Apply the rules in order; ``fallback`` holds the dateline and main-place answers."""
    sent, mentions = None, []
    found: list[Location] = []
    if 0 <= event.sentence_index < len(doc.sentences):
        sent = doc.sentences[event.sentence_index]
        mentions = by_sentence.get(sent.index, [])
        parsed = sent.doc is not None and sent.doc.has_annotation("DEP")
        rules = (rule_locative, rule_travel, rule_sentence) if parsed else (rule_sentence,)
        found = [loc for rule in rules if (loc := rule(sent, event, mentions)) is not None]
        if parsed and (kind := rule_demonym(sent, event, gaz)) is not None:
            found.append(kind)
    found += [f for f in (rule_home(event, doc, gaz, fallback, sent, mentions), *fallback)
              if f is not None]
    if not found:
        return None
    best = found[0]
    if best.country is None:
        # "fired two missiles into the Sea of Japan", "an exercise in the
        # Mediterranean": the sea says where, a later rule says whose
        country = next((f for f in found if f.country), None)
        if country is not None:
            return replace(country, rule=f"{country.rule} (the {best.rule}: "
                                         f"{best.name}, in no country)")
    return best
