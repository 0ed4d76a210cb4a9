"""Place names in text: spaCy entities plus gazetteer matching on capitalised words.

The small English model misses many toponyms and most sentences are only
tokenised (not tagged), so the gazetteer is matched on runs of capitalised
tokens everywhere; spaCy's GPE/LOC/FAC entities add names the gazetteer lacks,
and its PERSON/ORG entities veto matches inside person and organisation names.
Comma chains ("Molkino Trg Area, Krasnodar, Russia") become one mention whose
later parts contain the earlier ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

from .._spans import bounds, lowers, near, texts
from .._tokens import built, span_root
from ..model import Sentence, Span
from .gazetteer import AREAS, Gazetteer, norm, table

MAX_NAME_TOKENS = 5
#: A gazetteer-only town needs this many people, or a locative cue, to count.
TOWN_POPULATION_FLOOR = 100_000


@dataclass
class Part:
    """One name of a mention: "Krasnodar" in "Molkino Trg Area, Krasnodar, Russia"."""

    text: str
    span: Span  # article offsets
    ids: tuple[int, ...]  # candidate gazetteer entry ids
    tokens: tuple[int, int]  # token range in the sentence doc
    feature_word: str | None = None  # "area" in "Molkino Trg Area", "region" after a name
    ner: bool = False
    abbrev: bool = False  # an abbreviation of a state or province ("Calif.", "N.Y.", "NSW")
    resolved: Any = None  # gazetteer Entry this part resolved to (chains: each container)


@dataclass
class Mention:
    """A toponym in the story: one name, or a chain of names, most specific first."""

    parts: list[Part]
    sentence: int
    locative: str | None = None  # the preposition before it ("at", "in"), if any
    role: str | None = None  # dependency role of its head token when parsed
    head_lemma: str | None = None  # lemma of the word it depends on
    actor_like: bool = False  # "Washington said": a government, not a place
    resolved: Any = None  # gazetteer Entry chosen
    precision: str | None = None
    is_place: bool = False  # counts as a place (locative use, a town, a chain)
    in_dateline: bool = False  # the story's dateline: where it was filed, not an event place
    notes: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)  # story context that chose the entry

    @property
    def text(self) -> str:
        return self.parts[0].text

    @property
    def span(self) -> Span:
        return (self.parts[0].span[0], self.parts[-1].span[1])

    @property
    def name_span(self) -> Span:
        return self.parts[0].span


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    t = table("feature_words.json")
    return {k: frozenset(w.casefold() for w in v) for k, v in t.items() if isinstance(v, list)}


def _cap(tok: Any) -> bool:
    """Capitalised, counting an elided article before a capital ("d'Ivoire", "l'Aquila")."""
    return _cap_text(tok.text)


def _cap_text(t: str) -> bool:
    return bool(t) and (t[0].isupper() or len(t) > 2 and t[1] in "'’" and t[2].isupper()) \
        and (t[0].isalpha() or any(c.isalpha() for c in t))


#: :func:`_cap_text` per word form seen (news repeats its words; emptied when large).
_CAP_CACHE: dict[str, bool] = {}


def _caps(words: list[str]) -> list[bool]:
    """:func:`_cap_text` of every word."""
    cache = _CAP_CACHE
    if len(cache) > 200_000:
        cache.clear()
    out = list(map(cache.get, words))  # (mostly words seen before: no Python loop over them)
    if None in out:
        for k, c in enumerate(out):
            if c is None:
                w = words[k]
                out[k] = cache[w] = _cap_text(w)
    return out


def _big(ids: tuple[int, ...], gaz: Gazetteer) -> bool:
    """A city of 100,000 people or more among the candidates: a name the small model took
    for a person's ("Village Malakal") does not hide it."""
    return any(gaz.entries[k].population >= TOWN_POPULATION_FLOOR and
               gaz.entries[k].feature.startswith("P.") for k in ids)


def _ent_labels(doc: Any) -> list[str]:
    labels = [""] * len(doc)
    if doc.has_annotation("ENT_IOB"):
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                labels[i] = ent.label_
    return labels


def _blocked_tokens(sent: Sentence, doc: Any) -> set[int]:
    """Tokens inside person or organisation actor mentions (from the actors stage). A group
    is a noun phrase that may hold places ("firefighters from neighboring Ashland County"):
    its tokens the model calls places stay free."""
    spans = [(a.span, a.kind) for a in sent.actors if a.kind in ("person", "org", "group")]
    if not spans:
        return set()
    out = set()
    for (a, b), kind in spans:
        for tok in near(doc, a - sent.start, b - sent.start):
            s = sent.start + tok.idx
            if a <= s < b and not (kind == "group" and tok.ent_type_ in ("GPE", "LOC")):
                out.add(tok.i)
    return out


class _Tokens:
    """A sentence Doc's token texts, lower forms, capitalisation and character bounds as
    lists (read once from spaCy's arrays): the name matcher walks them instead of making
    a spaCy ``Token`` for every word it looks at."""

    __slots__ = ("words", "lows", "caps", "starts", "ends")

    def __init__(self, doc: Any):
        self.words, self.lows = texts(doc), lowers(doc)
        self.caps = _caps(self.words)
        self.starts, self.ends = bounds(doc)

    def span_text(self, i: int, j: int) -> str:
        """``doc[i:j].text``: the words, each followed by its trailing space (spaCy keeps
        at most one, " ") but the last."""
        words, starts, ends = self.words, self.starts, self.ends
        out = []
        for k in range(i, j - 1):
            out.append(words[k] + " " if ends[k] < starts[k + 1] else words[k])
        out.append(words[j - 1])
        return "".join(out)


def _match_at(toks: _Tokens, i: int, gaz: Gazetteer, connectors: frozenset[str]) -> tuple[int, tuple]:
    """Longest gazetteer name starting at token i: (end token, entry ids)."""
    best = (i, ())
    words, lows, caps = toks.words, toks.lows, toks.caps
    end = min(len(words), i + MAX_NAME_TOKENS)
    for j in range(i + 1, end + 1):
        k = j - 1
        if k > i and _hyphened(toks, k):  # "Mazar-i-Sharif", "Pul-e-Khumri"
            if ids := gaz.index.get(norm(toks.span_text(i, j))):
                best = (j, ids)
            continue
        of_the = lows[k] == "the" and lows[j - 2] == "of"  # "Republic of the Congo"
        if k > i and not (caps[k] or lows[k] in connectors or of_the or words[k] in "-'"):
            break
        if of_the:
            continue
        if not caps[k] and k > i and lows[k] in connectors:
            continue
        if not caps[k]:
            continue
        ids = gaz.index.get(norm(toks.span_text(i, j)))
        if ids:
            best = (j, ids)
    return best


def _hyphened(toks: _Tokens, k: int) -> bool:
    """Token k is glued by a hyphen to the word before it: '-' itself or the word after it."""
    glued = toks.ends[k - 1] == toks.starts[k]
    return glued and (toks.words[k] == "-" or toks.words[k - 1] == "-")


def _short_caps(text: str) -> bool:
    bare = text.replace(".", "")
    return bare.isupper() and len(bare) <= 3


def person_words(sentences: Iterable[Sentence]) -> frozenset[str]:
    """Words of the story's person names ("Dr. Lisa Thomas"): a later bare "Thomas" is the
    person, not a town of that name."""
    out: set[str] = set()
    for sent in sentences:
        if sent.doc is not None and sent.doc.has_annotation("ENT_IOB"):
            for ent in sent.doc.ents:
                if ent.label_ == "PERSON" and len(ent) > 1:
                    out.update(t.text for t in ent if t.text[:1].isupper())
    return frozenset(out)


#: Endings of demonyms and adjectives of countries ("Canadian", "Somali", "Danish").
DEMONYM = re.compile(r"(?:an|ians?|ans|ese|ish|i|ic|ch)$")


def _demonym_tokens(sent: Sentence, doc: Any, gaz: Gazetteer) -> set[int]:
    """Words of a country actor that name no place of that country ("Canadian officials",
    "Somali"): adjectives, not the towns spelt the same elsewhere."""
    out = set()
    for a in sent.actors:
        if a.kind != "country" or not a.country or \
                any(gaz.entries[k].country == a.country for k in gaz.lookup_ids(a.text)):
            continue  # "San Jose", "Costa Rica": the actor is named by a place
        for t in near(doc, a.span[0] - sent.start, a.span[1] - sent.start):
            if a.span[0] <= sent.start + t.idx < a.span[1] and _cap(t) and \
                    DEMONYM.search(t.text) and \
                    not any(gaz.entries[k].country == a.country for k in gaz.lookup_ids(t.text)):
                out.add(t.i)
    return out


def _acronym(text: str, i: int, ids: tuple[int, ...], gaz: Gazetteer) -> bool:
    """An upper-case word inside a sentence ("ALMA", "CARE") is an acronym unless it names
    a country, a region or a big city."""
    bare = text.replace(".", "").replace(" ", "")
    if i == 0 or not bare.isalpha() or not bare.isupper() or len(bare) < 4:
        return False
    return not any(gaz.entries[k].feature in ("A.PCLI", "A.ADM1") or
                   gaz.entries[k].population >= TOWN_POPULATION_FLOOR for k in ids)


def find_in_sentence(sent: Sentence, gaz: Gazetteer,
                     persons: frozenset[str] = frozenset()) -> list[Part]:
    """Every candidate name in one sentence, left to right, not overlapping; ``persons``
    holds the words of the story's person names."""
    doc = sent.doc
    if doc is None:
        return []
    words = _words()
    labels = _ent_labels(doc)
    blocked = _blocked_tokens(sent, doc) | _demonym_tokens(sent, doc, gaz)
    parts: list[Part] = []
    toks = _Tokens(doc)
    caps = toks.caps
    n = len(doc)
    fast = built(doc)  # the FastTokens of a parsed sentence, if built (_tokens.py)
    i = 0
    while i < n:
        if not caps[i]:  # a name starts with a capital: nothing below applies
            try:
                i = caps.index(True, i)  # (the next capital, found at C speed; caps are bools)
            except ValueError:
                break
        tok = fast[i] if fast is not None else doc[i]
        vetoed = i in blocked or labels[i] in words["ner_not_place_labels"] \
            and labels[i] not in words["ner_place_labels"]
        if (ab := _abbreviation(doc, toks, i, gaz)) is not None:
            parts.append(Part(tok.text, sent.abs_span(tok.idx, tok.idx + len(tok.text)), (ab,),
                              (i, i + 1), None, False, True))
            i += 1
            continue
        if vetoed and not _after_locative(toks, i, words["locative_preps"]):
            i += 1
            continue
        j, ids = _match_at(toks, i, gaz, words["name_connectors"])
        if vetoed and not ids:  # only a gazetteer name may overrule the NER/actor veto
            i += 1
            continue
        ner = labels[i] in words["ner_place_labels"]
        if ner and j <= i:  # a place entity the gazetteer lacks: take the entity
            j = i + 1
            while j < len(doc) and labels[j] == labels[i] and doc[j].ent_iob_ == "I":
                j += 1
        if j <= i:
            i += 1
            continue
        fw = _feature_after(toks, j, words["feature_words"])
        if not ner and j < n and toks.lows[j].rstrip(".") in words["street_words"] and caps[j]:
            i = j + 1  # "Main Street", "Tahrir Square": a street, not a town named Main
            continue
        if not ner and j == i + 1 and (tok.is_stop or len(toks.words[i]) < 3) and \
                not any(gaz.entries[k].feature == "A.PCLI" for k in ids):
            i = j  # "No", "Of", "As": English words that are also towns somewhere
            continue
        if not ner and fw is None and _inside_name(doc, toks, i, j, labels):
            i = j
            continue
        if fw is None and j == i + 1 and (tok.lower_ in words["compass_words"] or (
                not ner and tok.text in persons and not _big(ids, gaz) and
                not _after_locative(toks, i, words["locative_preps"]))):
            i = j  # "Western" alone; "Thomas" after "Dr. Lisa Thomas"
            continue
        if not ner and _acronym(toks.span_text(i, j), i, ids, gaz):
            i = j
            continue
        if j == i + 1 and (c := gaz.demonyms.get(norm(tok.text))) and \
                not any(gaz.entries[k].country == c for k in ids):
            i = j  # "Canadian beef": the adjective, not a town named Canadian
            continue
        if j - i > 1 and toks.lows[j - 1] in words["water_words"] and \
                not any(gaz.entries[k].feature in AREAS for k in ids):
            i = j  # "Red Sea": a body of water, not the Sudanese state of that name
            continue
        text = toks.span_text(i, j)  # doc[i:j].text, without a Span
        if text in words["not_places"] or (text.casefold() in words["not_places"]):
            i = j
            continue
        parts.append(Part(text, sent.abs_span(toks.starts[i], toks.ends[j - 1]), tuple(ids),
                          (i, j), fw, ner))
        i = j
    _share_plural_feature(doc, parts)
    return parts


def _abbreviation(doc: Any, toks: _Tokens, i: int, gaz: Gazetteer) -> int | None:
    """A state or province abbreviation ("Springfield, Ill.", "in N.Y.", "NSW"): after a
    comma always; alone only when no English word is spelt the same, and never after a
    number ("500 B.C.")."""
    words = toks.words
    hit = gaz.abbrevs.get(words[i])
    if hit is None and i + 1 < len(words) and words[i + 1] == "." and \
            toks.starts[i + 1] == toks.ends[i]:
        hit = gaz.abbrevs.get(words[i] + ".")  # "Ont" "." split by the tokenizer
    if hit is None:
        return None
    entry, alone = hit
    prev = doc[i - 1] if i > 0 else None
    if prev is not None and (prev.like_num or prev.text.isdigit()):
        return None
    if prev is not None and prev.text == "," and i > 1 and _cap(doc[i - 2]):
        return entry
    return entry if alone else None


def _share_plural_feature(doc: Any, parts: list[Part]) -> None:
    """"the Aktobe and Kostanay regions": a plural feature word covers the names listed
    before it, joined by 'and' or commas."""
    for k in range(len(parts) - 1, 0, -1):
        fw = parts[k].feature_word
        if not fw or not fw.endswith("s") or parts[k - 1].feature_word:
            continue
        gap = doc[parts[k - 1].tokens[1]:parts[k].tokens[0]]
        if len(gap) and all(t.text == "," or t.lower_ == "and" for t in gap):
            parts[k - 1].feature_word = fw


def _after_locative(toks: _Tokens, i: int, preps: frozenset[str]) -> bool:
    """Token i is the object of a locative preposition, directly or as a later item of a
    list ("around Larkana and Dadu"): the small model's PERSON/ORG labels on foreign town
    names ("near Gusau") do not veto it then."""
    words, lows, caps = toks.words, toks.lows, toks.caps
    k = i - 1
    while k >= 0 and (words[k] == "," or lows[k] == "and" or caps[k]):
        k -= 1
    return k >= 0 and lows[k] in preps


def _inside_name(doc: Any, toks: _Tokens, i: int, j: int, labels: list[str]) -> bool:
    """A gazetteer match glued to other capitalised words is part of a longer name
    ("Gen Alexander V Fomin", "exercise Druzhba VI", "Lanao del Sur"), not a place;
    so is the body of water a name follows ("Gulf of Mexico")."""
    lows, caps = toks.lows, toks.caps
    if i > 1 and toks.ends[i - 1] < toks.starts[i]:
        words = _words()
        prev = lows[i - 1]
        if prev == "of" and lows[i - 2] in words["water_words"]:
            return True
        if prev in words["name_connectors"] and prev not in ("of", "and") and caps[i - 2]:
            return True
    # the cheap tests first; the spaCy flags only where they still decide
    before = i > 0 and caps[i - 1] and toks.words[i - 1] not in ("U.S.", "US") and \
        labels[i - 1] not in ("GPE", "LOC") and not doc[i].is_sent_start and not doc[i - 1].is_stop
    after = j < len(lows) and caps[j] and labels[j] not in ("GPE", "LOC")
    return bool(before or after)


def _feature_after(toks: _Tokens, j: int, feature_words: frozenset[str]) -> str | None:
    if j < len(toks.lows) and toks.lows[j] in feature_words:
        return toks.lows[j]
    return None


def unknown_head(sent: Sentence, start_tok: int) -> Part | None:
    """A capitalised run ending just before ``start_tok``'s comma: 'Molkino Trg Area'."""
    doc = sent.doc
    k = start_tok - 1
    if k < 1 or doc[k].text != ",":
        return None
    j = k
    i = j
    while i > 0 and _cap(doc[i - 1]) and i > j - MAX_NAME_TOKENS:
        i -= 1
    if i == j:
        return None
    span = doc[i:j]
    words = _words()
    fw = doc[j - 1].lower_ if doc[j - 1].lower_ in words["feature_words"] else None
    before = doc[i - 1].lower_ if i > 0 else ""
    if fw is None and before not in words["strong_locative_preps"]:
        return None
    return Part(span.text, sent.abs_span(span.start_char, span.end_char), (), (i, j), fw)


def preposition(sent: Sentence, tokens: tuple[int, int]) -> str | None:
    """The preposition governing a name ('at' in 'held at Islamabad'), through 'X and Y'."""
    doc = sent.doc
    i = tokens[0]
    if doc.has_annotation("DEP"):
        words = built(doc)
        tok = span_root(words, i, tokens[1]) if words is not None else doc[i:tokens[1]].root
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "pobj" and tok.head.lower_ in _words()["locative_preps"] | {"to"}:
            return tok.head.lower_
        return None
    k = i - 1
    while k >= 0 and (doc[k].text in (",", "the") or doc[k].lower_ == "and" or _cap(doc[k])):
        k -= 1
    if k >= 0 and doc[k].pos_ in ("ADP", "") and doc[k].lower_ in _words()["locative_preps"]:
        return doc[k].lower_
    return None
