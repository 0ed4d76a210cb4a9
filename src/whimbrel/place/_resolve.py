"""Resolution: each place name to one gazetteer entry, using the rest of the story.

Candidates come from exact and alternate names. A chain's later names filter
the earlier ones' candidates (only entries inside them survive); the rest is a
score: the name's own match (primary name, country name, "X region" for a
region), population, capital status, how often the candidate's country is named
in the story, and agreement with the places resolved in a first pass. A name
that is nobody's entry resolves to its most specific known container, with
that container's precision.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable

from .._tokens import built, span_root
from ..model import Sentence
from ._find import (
    Mention,
    Part,
    _short_caps,
    _words,
    find_in_sentence,
    person_words,
    preposition,
    unknown_head,
)
from .gazetteer import AREAS, Entry, Gazetteer, norm

REGION_WORDS = frozenset({"region", "province", "oblast", "krai", "state", "governorate",
                          "prefecture", "county", "district", "territory", "regions", "provinces",
                          "oblasts", "states", "governorates", "prefectures", "counties",
                          "districts", "territories"})


CONTAINERS = ("A.PCLI", "A.ADM1", "A.ADM2")


def _can_contain(outer: Entry, inner: Entry) -> bool:
    if outer.feature == "A.PCLI":
        return inner.country == outer.country and inner.feature != "A.PCLI"
    if outer.feature == "A.ADM1":
        return inner.key == outer.key and inner.feature not in ("A.ADM1", "A.PCLI")
    if outer.feature == "A.ADM2":
        return inner.key2 == outer.key2 and inner.feature.startswith("P.")
    return False


def _container_ids(gaz: Gazetteer, part: Part) -> list[int]:
    ids = list(part.ids)
    if _short_caps(part.text):  # "CA" after a comma: a US state code
        st = gaz.us_states.get(part.text.replace(".", ""))
        if st is not None:
            ids.append(st)
    return [i for i in ids if gaz.entries[i].feature in CONTAINERS]


def chains(sent: Sentence, parts: list[Part], gaz: Gazetteer) -> list[list[Part]]:
    """Group 'A, B, C' into one chain when each later name can contain an earlier one."""
    doc = sent.doc
    groups: list[list[Part]] = []
    for p in parts:
        prev = groups[-1] if groups else None
        if prev and p.tokens[0] == prev[-1].tokens[1] + 1 and doc[prev[-1].tokens[1]].text == ",":
            outer = _container_ids(gaz, p)
            inner = prev[-1]
            if outer and (not inner.ids or any(_can_contain(gaz.entries[o], gaz.entries[i])
                                               for o in outer for i in inner.ids)):
                p.ids = tuple(outer)
                prev.append(p)
                continue
        after_name = prev is not None and prev[-1].tokens[1] == p.tokens[0] - 1
        if _container_ids(gaz, p) and not after_name and \
                (head := unknown_head(sent, p.tokens[0])) is not None:  # "Russia, Egypt": two
            groups.append([head, p])
            continue
        groups.append([p])
    return groups


def find_mentions(sentences: Iterable[Sentence], gaz: Gazetteer) -> list[Mention]:
    """All toponym mentions of the story, chained, with their syntactic context."""
    out: list[Mention] = []
    sentences = list(sentences)
    persons = person_words(sentences)
    for sent in sentences:
        parts = find_in_sentence(sent, gaz, persons)
        for group in chains(sent, parts, gaz):
            group = [p for p in group if p.ids or p is group[0]]
            if len(group) == 1 and not group[0].ids and not group[0].ner:
                continue
            if len(group) == 1 and _short_caps(group[0].text) and not group[0].abbrev:
                group[0].ids = tuple(i for i in group[0].ids
                                     if gaz.entries[i].feature == "A.PCLI")
                if not group[0].ids:
                    continue
            m = Mention(group, sent.index)
            _context(m, sent)
            out.append(m)
    return out


def _context(m: Mention, sent: Sentence) -> None:
    doc = sent.doc
    m.locative = preposition(sent, m.parts[0].tokens)
    if doc.has_annotation("DEP"):
        start, end = m.parts[0].tokens
        words = built(doc)
        root = span_root(words, start, end) if words is not None else doc[start:end].root
        tok = root
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        m.role = tok.dep_
        m.head_lemma = tok.head.lemma_.lower()
    else:
        j = m.parts[-1].tokens[1]
        nxt = doc[j].lower_ if j < len(doc) else ""
        if nxt in ("'s", "’s"):
            m.role = "poss"
        elif nxt and any(nxt.startswith(v[:4]) for v in _words()["speech_lemmas"] if len(v) > 3):
            m.role, m.head_lemma = "nsubj", nxt


# ---------------------------------------------------------------- scoring


def _score(gaz: Gazetteer, e: Entry, part: Part, story: Counter, agree: Counter,
           us_context: bool, container: bool, keys: Counter | None = None,
           why: list[str] | None = None) -> float:
    """A candidate's score: its own priors (population, feature class, exact name) and the
    story's context (countries named, the other places' countries and regions). ``why``
    collects the context reasons that added to it."""
    why = why if why is not None else []
    s = 0.5 * min(math.log10(e.population + 1), 7.0)
    if norm(e.name) == norm(part.text):
        s += 1.5
    if e.feature == "A.PCLI" or e.feature in AREAS:
        s += 3.0
    elif e.feature == "P.PPLC":
        s += 2.0
    elif e.feature in ("A.ADM1", "A.ADM2"):
        if part.feature_word in REGION_WORDS or container:
            s += 3.0
        elif any(gaz.entries[i].feature.startswith("P.") and
                 (gaz.entries[i].country == e.country if e.feature == "A.ADM1"
                  else gaz.entries[i].key == e.key) for i in part.ids):
            s -= 1.0  # "Krasnodar", "Hamilton" alone: the city, not the krai or district
        if e.country == "USA" and us_context and e.feature == "A.ADM1":
            s += 2.5
            why.append("other places of the story are in the United States")
    total = sum(story.values()) or 1
    if story.get(e.country, 0):
        s += 2.0 * story[e.country] / total
        why.append(f"country named in the story ({e.country})")
    others = sum(agree.values())
    if others and agree.get(e.country, 0):  # the other places: how many, what share, here
        s += 1.0 * min(agree[e.country], 2) / 2 + 1.5 * agree[e.country] / others
        why.append("other places of the story are in the same country")
    if keys and e.key and e.feature != "A.ADM1" and keys.get(e.key) and \
            norm(e.name) == norm(part.text):
        n = keys[e.key]
        s += 1.5 if n >= 3 else 1.0  # "Arlington" in a story that names Virginia
        why.append(f"its region is named or has other places of the story ({e.admin1})")
    return s


def _named_regions(gaz: Gazetteer, towns: list[Entry]) -> list[Entry]:
    """'Aktobe region' when the gazetteer knows the oblast only as 'Aqtöbe oblysy': the
    region of a big town of that name (regions are named after their main town)."""
    out = []
    for e in towns:
        r = gaz.region(e.key) if e.feature.startswith("P.") and e.population >= 100_000 else None
        if r is not None and r not in out:
            out.append(r)
    return out


#: A town named like a country needs this many people to be read bare ("Lebanon" alone is
#: the country; "Lebanon, Pa." or a story that qualifies it once is the town).
COUNTRY_NAMESAKE_POPULATION = 100_000


def _shadowed_by_country(e: Entry, part: Part) -> bool:
    """A town that a bare country name cannot mean: a small namesake, or a town that has
    the country's name only among its alternate names ("China", a town in Japan)."""
    if not e.feature.startswith("P."):
        return False
    return e.population < COUNTRY_NAMESAKE_POPULATION or norm(e.name) != norm(part.text)


def _choose(gaz: Gazetteer, part: Part, within: Entry | None, story: Counter, agree: Counter,
            us_context: bool, container: bool, inner: Part | None = None,
            keys: Counter | None = None) -> tuple[Entry | None, list[str]]:
    cands = [gaz.entries[i] for i in part.ids]
    if part.feature_word in REGION_WORDS and not any(e.feature == "A.ADM1" for e in cands):
        cands += _named_regions(gaz, cands)
    why: list[str] = []
    if inner is not None and inner.ids:  # "Atlanta, Georgia": the Georgia that holds an Atlanta
        holding = [e for e in cands if any(_can_contain(e, gaz.entries[i]) for i in inner.ids)]
        cands = holding or cands
    if within is not None:
        before = len(cands)
        cands = [e for e in cands if _can_contain(within, e)]
        if len(cands) < before:
            why.append(f"qualified by {within.name}")
    if container:
        cands = [e for e in cands if e.feature in CONTAINERS] or cands
    elif within is None and inner is None and any(e.feature == "A.PCLI" for e in cands):
        cands = [e for e in cands if not _shadowed_by_country(e, part)]
    if not cands:
        return None, why
    scored = []
    for e in cands:
        reasons: list[str] = []
        scored.append((_score(gaz, e, part, story, agree, us_context, container, keys, reasons),
                       e.population, reasons, e))
    best = max(scored, key=lambda x: (x[0], x[1]))
    if len(scored) > 1:
        biggest = max(scored, key=lambda x: x[1])[3]
        why += best[2] if best[3] is not biggest else ["largest of its name"] + best[2][:1]
    return best[3], why


def resolve_mention(gaz: Gazetteer, m: Mention, story: Counter, agree: Counter,
                    us_context: bool, keys: Counter | None = None) -> None:
    """Resolve a chain outermost first; the first known part (or container) wins."""
    within: Entry | None = None
    chosen: Entry | None = None
    n = len(m.parts)
    for p in m.parts:
        p.resolved = None
    for k in range(n - 1, -1, -1):
        part = m.parts[k]
        if not part.ids:
            continue
        inner = next((q for q in reversed(m.parts[:k]) if q.ids), None)
        e, why = _choose(gaz, part, within, story, agree, us_context, container=k > 0,
                         inner=inner, keys=keys)
        if e is None:
            continue
        if k == 0:
            m.why = why
        part.resolved = e
        within = e if e.feature in CONTAINERS else within
        chosen = e
    m.resolved = chosen
    if chosen is not None:
        m.precision = chosen.precision
        if chosen not in [gaz.entries[i] for i in m.parts[0].ids]:
            m.notes.append("name not in gazetteer: resolved to its container")


def story_countries(gaz: Gazetteer, mentions: list[Mention], extra: Iterable[str]) -> Counter:
    """How often each country is named in the story (as a country or in a chain)."""
    c: Counter = Counter(extra)
    for m in mentions:
        for p in m.parts:
            if not any(gaz.entries[i].feature == "A.PCLI" for i in p.ids):
                continue
            countries = {gaz.entries[i].country for i in p.ids}
            if len(countries) == 1:  # "Georgia" (GEO or a US state) counts for neither
                c[countries.pop()] += 1
    return c


def resolve_all(gaz: Gazetteer, mentions: list[Mention], doc_countries: Iterable[str] = ()) -> None:
    """First pass: resolve every mention with the story's countries as context."""
    story = story_countries(gaz, mentions, doc_countries)
    for m in mentions:
        resolve_mention(gaz, m, story, Counter(), us_context=False)


def classify(gaz: Gazetteer, m: Mention) -> None:
    """Place or not: countries and capitals only in locative use; towns anywhere."""
    e = m.resolved
    if e is None:
        return
    words = _words()
    speech = m.role in ("nsubj", "poss") and (m.role == "poss" or m.head_lemma in
                                              words["speech_lemmas"])
    if (e.feature in ("A.PCLI", "P.PPLC", "A.ADM1") or e.feature in AREAS) and speech \
            and len(m.parts) == 1:
        m.actor_like = True
        return
    if len(m.parts) > 1 or m.parts[0].feature_word:
        m.is_place = True
    elif e.feature == "A.PCLI" or e.feature in AREAS:
        m.is_place = m.locative in words["strong_locative_preps"] or (
            m.locative == "to" and m.head_lemma in words["travel_lemmas"])
    elif m.role in ("compound", "amod") and e.feature in ("A.ADM1", "P.PPLC"):
        m.is_place = False  # "Washington officials", "Texas governor"
    else:
        m.is_place = m.parts[0].ner or m.locative is not None or e.feature != "P.PPL" or \
            e.population >= 100_000 or bool(m.parts[0].feature_word)
