"""Who an event's parties are: actors read off the parse, completed from the story.

The actors stage (whimbrel.actors) says what a noun phrase names; this module
adds what only the whole story tells: plural references expanded, the story's
country for bare agents ("police"), acronyms the story spells out, the place of
an event as its target, and a last-resort party for sentences whose subject
names none.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable

from ..model import ActorMention, Document, Sentence

Token = Any  # spacy.tokens.Token
#: Codes of actors that are not countries.
NONSTATE = {"IGO", "NGO", "IMG", "ISM", "MNC", "UNO", "EUR"}
ActorsForToken = Callable[[Sentence, Token, Document], list[ActorMention]]

def actors(sent: Sentence, head: Token | None, doc: Document,
           actors_for_token: ActorsForToken) -> list[ActorMention]:
    """The parties a noun phrase names, plural references expanded, read in the story."""
    if head is None:
        return []
    found = [story_meaning(a, doc) for a in actors_for_token(sent, head, doc)]
    out: list[ActorMention] = []
    for actor in found:
        for a in actor.expand() if actor.kind == "plural" and actor.refers_to else [actor]:
            if a not in out:
                out.append(a if actor.kind != "plural" else via_plural(a, actor))
    return out


def via_plural(actor: ActorMention, plural: ActorMention) -> ActorMention:
    """A party named earlier, cited through a plural reference in this sentence."""
    return ActorMention(text=plural.text, span=plural.span, country=actor.country,
                        sector=actor.sector, person=actor.person, role=actor.role,
                        org=actor.org, kind="plural",
                        evidence=f"'{plural.text}' refers to '{actor.text}'")


def story_country(doc: Document) -> str | None:
    """The country a story is about: the most often named country, first named on ties.

    Wire stories name bare agents ("police", "the army", "protesters") without a
    country; they belong to the story's country, as a reader would assume."""
    cached = getattr(doc, "_home_country", False)
    if cached is not False:
        return cached
    counts: dict[str, int] = {}
    for sent in doc.sentences:
        for actor in sent.actors:
            if actor.country and len(actor.country) == 3 and actor.country not in NONSTATE:
                counts[actor.country] = counts.get(actor.country, 0) + 1
    order = {c: i for i, c in enumerate(doc.countries)}
    home = max(counts, key=lambda c: (counts[c], -order.get(c, 99))) if counts else None
    doc._home_country = home  # type: ignore[attr-defined]
    return home


_NAME = re.compile(r"\b(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){1,5}[A-Z][a-z]+\b")
_FUNCTION_WORDS = {"of", "the", "and", "for"}


def story_acronyms(doc: Document) -> dict[str, str]:
    """Acronyms the story spells out: 'the Rapid Support Forces ... the RSF'. A wire
    story's own long form beats a lexicon entry with the same letters (RSF is not
    Reporters Without Borders in a story about Sudan's war)."""
    cached = getattr(doc, "_acronyms", None)
    if cached is not None:
        return cached
    out: dict[str, str] = {}
    for m in _NAME.finditer(doc.article.text):
        words = [w for w in m.group(0).split() if w.lower() not in _FUNCTION_WORDS]
        initials = "".join(w[0] for w in words)
        if len(initials) >= 2:
            out.setdefault(initials, m.group(0))
    doc._acronyms = out  # type: ignore[attr-defined]
    return out


def story_meaning(actor: ActorMention, doc: Document) -> ActorMention:
    """Replace a lexicon organisation by the story's own expansion of its acronym."""
    acronym = actor.org or ""
    if actor.kind != "org" or not acronym.isupper() or not acronym.isalpha() or acronym not in actor.text:
        return actor
    long_form = story_acronyms(doc).get(acronym)
    if long_form is None or (actor.evidence or "").lower().find(long_form.lower()) >= 0:
        return actor
    sector = agent_sector(long_form.split()[-1])
    return replace(actor, country=None, sector=sector, org=acronym, kind="group",
                   evidence=f"story acronym: {acronym} = {long_form!r}")


def agent_sector(word: str) -> str | None:
    """The sector an agent word names ('Forces' -> MIL), from the actors lexicon."""
    from ..actors.lexicon import get_lexicon, longest_matches

    hits = longest_matches([word.lower()], get_lexicon().agent_trie)
    return hits[0][2][0] if hits else None


def with_home(actor: ActorMention, home: str | None) -> ActorMention:
    if actor.country or not home or not actor.sector or actor.sector in ("IGO", "NGO"):
        return actor
    return replace(actor, country=home,
                   evidence=(actor.evidence or "") + f"; country from the story ({home})")


def place_in_clause(sent: Sentence, trigger: Token, source: list[ActorMention]) -> list[ActorMention]:
    """A place named in the trigger's clause ('in Montenegro'), as the country affected."""
    verb = trigger
    while verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        verb = verb.head
    lo = sent.start + min(t.idx for t in verb.subtree)
    hi = sent.start + max(t.idx + len(t) for t in verb.subtree)
    for actor in sent.actors:
        if is_place(actor) and actor.country and lo <= actor.span[0] and actor.span[1] <= hi:
            return [replace(actor, kind="country", evidence=(actor.evidence or "") + "; target: place of the event")]
    return []


def is_place(actor: ActorMention) -> bool:
    """The actors stage marks mentions used as places ('held at Islamabad')."""
    return (actor.evidence or "").endswith(("; place", "; locative"))


def nearest_actor_before(sent: Sentence, trigger: Token) -> ActorMention | None:
    """Last resort: the closest actor named before the trigger in the same sentence,
    else the first one after it (places included: 'Prisoners rioted at a jail in Dili')."""
    pos = sent.start + trigger.idx
    usable = [a for a in sent.actors if a.kind != "plural" and a.country]
    # "The two sides said ... that talks would resume in Caracas": a reference to the
    # parties before the trigger names them better than a place after it
    refs = [a for a in sent.actors if a.kind == "plural" and a.refers_to and a.span[1] <= pos]
    before = sorted([a for a in usable if a.span[1] <= pos] + refs, key=lambda a: a.span)
    if before:
        return before[-1]
    # after the trigger, an actor is usually acted upon ("pledged aid for Syrian
    # refugees"); only a place stands in for the unnamed actors there
    after = [a for a in usable if (a.evidence or "").endswith(("; place", "; locative"))]
    return after[0] if after else None


def lead_parties(doc: Document) -> list[ActorMention]:
    """The parties of the story's lead: the states and organisations its first sentence
    that names any names, places left out, one mention each (plural references expanded)."""
    cached = getattr(doc, "_lead_parties", None)
    if cached is not None:
        return cached
    out: list[ActorMention] = []
    for sent in doc.sentences:
        for actor in sent.actors:
            if is_place(actor):
                continue
            for a in actor.expand():
                key = a.org if a.country in NONSTATE and a.org else a.country
                if key and all((b.org if b.country in NONSTATE and b.org else b.country) != key for b in out):
                    out.append(a)
        if out:
            break
    doc._lead_parties = out  # type: ignore[attr-defined]
    return out
