"""Light-verb frames: 'put an end to X', 'put X on hold', 'played host to X', 'stayed
away from X'. The frame (a verb, its fixed noun and preposition) means one act; the
noun it leaves free decides the event, the verb carries only tense and polarity.
Frames live in ``data/events/light_frames.json``."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from . import subcodes
from . import syntax as syn
from .lexicon import EventLexicon, _data_text

Token = Any  # spacy.tokens.Token


@lru_cache(maxsize=1)
def frames() -> dict[str, Any]:
    """The frames table, read once per process."""
    return json.loads(_data_text("light_frames.json"))


def _fixed(verb: Token, noun: str, prep: str) -> tuple[Token, Token | None] | None:
    """The frame's fixed noun on the verb and the free noun of its preposition:
    ('end', 'fighting') in 'put an end to the fighting'; ('hold', None) in 'put the talks
    on hold'; ('away', 'election') in 'stayed away from the election'."""
    for word in verb.children:
        if word.lemma_.lower() != noun and word.lower_ != noun:
            continue
        if word.dep_ == "pobj" and word.head.lower_ == prep:
            return word, None  # 'on hold', 'to an end': the free noun is the object
        for host in (word, verb):
            for p in (c for c in host.children if c.dep_ == "prep" and c.lower_ == prep):
                pobj = next((c for c in p.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return word, pobj
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for host in [verb] + objects:  # "put the talks on hold": the parser may hang it on the object
        for p in (c for c in host.children if c.dep_ == "prep" and c.lower_ == prep):
            fixed = next((c for c in p.children if c.dep_ == "pobj" and c.lemma_.lower() == noun), None)
            if fixed is not None:
                return fixed, None
    return None


def frame_code(lex: EventLexicon, verb: Token) -> tuple[str, str, float, Token | None] | None:
    """(code, evidence, specificity, free noun) of the light-verb frame the verb heads."""
    lemma = syn.verb_lemma(verb)
    table = frames()
    for fr in table["frames"]:
        if fr["verb"] != lemma:
            continue
        found = _fixed(verb, fr["noun"], fr["prep"])
        if found is None:
            continue
        fixed, free = found
        if free is None or fr.get("free") == "object":
            free = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.i != fixed.i), free)
        if free is None:
            continue
        name = f"{lemma} {fr['noun']} {fr['prep']}"
        if fr["role"] == "ends":
            code = _ended(lex, free)
            if code:
                return code, f"'{name}' ends '{free.lemma_}'", 0.7, free
            continue
        if fr.get("occasion") and free.lemma_.lower() not in table["occasion_nouns"] \
                and free.lower_ not in table["occasion_nouns"]:
            continue
        return fr["role"], f"light-verb frame '{name}'", 0.7, free
    return None


def _ended(lex: EventLexicon, noun: Token) -> str | None:
    """What ending the noun's event means (complements.json reversal.ease, longest prefix)."""
    for head in [noun] + [t for t in noun.subtree if t.pos_ == "NOUN" and t.i != noun.i]:
        code = syn.lookup_noun(lex, head)
        if not code:
            continue
        table = lex.complements["reversal"]["ease"]
        for n in range(len(code), 1, -1):
            if code[:n] in table:
                return table[code[:n]]
    return None


#: Prepositions whose noun is the background of a clause, never the event a light verb
#: carries: "put forward a bill despite mass protests", "held talks after the clashes".
BACKGROUND_PREPS = frozenset({"despite", "amid", "after", "before", "following", "since", "ahead"})

#: Modifiers of an event noun that name its parties: "Qatar's payment", "the signing ...
#: by the presidents", "the meeting between A and B", "talks among the factions".
PARTY_PREPS = {"by", "between", "among", "of", "with"}


def subject_event(lex: EventLexicon, verb: Token, subject: Token | None) -> tuple[str, Token, Token] | None:
    """A nominalisation as the subject of a clause whose verb names no event ('The signing
    of the treaty by the presidents brought to an end ...', 'Thursday's meeting between
    the president and elders lasted late into the night'): the noun is the news when a
    party is named on it. Returns (code, noun, the phrase naming its source)."""
    if subject is None or subject.pos_ not in ("NOUN", "PROPN") or verb.dep_ == "advcl":
        return None  # ("... after the latest round with London ended": background)
    code = noun_code(lex, subject)
    if not code or code[:2] in ("01", "02"):
        return None
    named = [c for c in subject.children if c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME")]
    named += [p for c in subject.children if c.dep_ == "prep" and c.lower_ in PARTY_PREPS
              for p in c.children if p.dep_ == "pobj"]
    if not any(t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "ORG") for n in named for t in n.subtree):
        return None
    by = next((p for c in subject.children if c.dep_ == "prep" and c.lower_ in ("by", "between", "among")
               for p in c.children if p.dep_ == "pobj"), None)
    poss = next((c for c in subject.children if c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME")), None)
    return code, subject, by if by is not None else poss if poss is not None else subject


def argument_code(lex: EventLexicon, verb: Token) -> tuple[str, str, float] | None:
    """(code, evidence, specificity) when the class of the verb's object decides the event
    (light_frames.json 'arguments': 'abandoned their positions', 'revoked the accreditation
    of', 'granted women the right to vote', 'ordered the aid agencies to leave')."""
    lemma = syn.verb_lemma(verb)
    if not lex.verb_code.get(lemma) and lemma not in lex.light:
        weapons = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                   for p in c.children if p.dep_ == "pobj" and p.lower_ in frames()["instruments"]]
        if weapons:  # "sprayed his car with bullets"
            return "190", f"'{lemma}' with '{weapons[0].text}': an attack", 0.65
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
    objects += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in ("from", "of")
                for p in c.children if p.dep_ == "pobj"]
    words = {o.lower_ for o in objects} | {o.lemma_.lower() for o in objects}
    words |= {c.lower_ for o in objects for c in o.children if c.dep_ == "compound"}  # "police officers"
    for rule in frames()["arguments"]:
        if lemma not in rule["verbs"]:
            continue
        if rule.get("from_org"):
            left = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"
                    for p in c.children if p.dep_ == "pobj"]
            if not left or any(c.dep_ == "dobj" for c in verb.children):
                continue
            if left[0].ent_type_ == "ORG":
                return rule["code"], f"'{lemma}' from '{left[0].text}': {rule['why']}", 0.7
            ended = _ended(lex, left[0])  # "withdrew from the talks": ended
            if ended:
                return ended, f"'{lemma}' from '{left[0].lemma_}': ended", 0.7
        elif "leave" in rule:
            leave = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and syn.verb_lemma(c) in rule["leave"]
                     and not any(p.dep_ == "prep" for p in c.children if p.lower_ == "for")]
            if leave and objects and not words & set(rule.get("not_objects", ())):
                return rule["code"], f"'{lemma}' + '{leave[0].lemma_}': {rule['why']}", 0.7
        elif "direction" in rule:
            if _driven_out(verb, objects, rule):
                return rule["code"], f"'{lemma}' + a population out: {rule['why']}", 0.7
        elif words & set(rule["objects"]) and not words & set(rule.get("not_objects", ())) \
                and "abroad" in rule and _to_country(verb, objects):
            return rule["abroad"], f"'{lemma}' + {sorted(words & set(rule['objects']))[0]} to a country: help abroad", 0.7
        elif words & set(rule["objects"]) and not words & set(rule.get("not_objects", ())):
            return rule["code"], f"'{lemma}' + {sorted(words & set(rule['objects']))[0]}: {rule['why']}", 0.7
    return None


def _driven_out(verb: Token, objects: list[Token], rule: dict[str, Any]) -> bool:
    """'drove out the Muslim population of Foca', '600,000 were driven across the border':
    a particle or preposition of direction, and an object that is a population word or
    counts ``rule['counted']`` or more, itself or through 'of' ('tens of thousands of')."""
    ways = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "advmod")}
    if not ways & set(rule["direction"]):
        return False
    for obj in (o for o in objects if o.dep_ != "pobj"):
        chain = [obj] + [p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                         for p in c.children if p.dep_ == "pobj"]
        if any(t.lower_ in rule["objects"] or t.lemma_.lower() in rule["objects"] for t in chain) \
                or any(subcodes.count(t) >= rule["counted"] for t in chain):
            return True
    return False


def noun_code(lex: EventLexicon, noun: Token) -> str | None:
    """The event a nominalisation names: an event noun ('the expulsion of'), a gerund of a
    core verb ('the freezing of assets'), a light verb's noun with its 'of' event ('the
    imposition of a curfew') or an ending noun with the event it ends ('the lifting of the
    curfew')."""
    code = syn.lookup_noun(lex, noun)
    if code:
        return code
    word = noun.lower_
    if word.endswith("ing") and noun.pos_ == "NOUN":
        verb = _gerunds(lex).get(word)
        if verb:
            return lex.core_codes.get(verb)
    lemma = noun.lemma_.lower()
    for pobj in _of(noun):
        if lemma in frames()["light_nouns"]:
            inner = syn.lookup_noun(lex, pobj)
            if inner:
                return inner
    return ending_code(lex, noun)


def ending_code(lex: EventLexicon, noun: Token) -> str | None:
    """What an ending noun's event means ended: 'the lifting of the curfew' (0813); a
    withdrawal from an organisation reduces relations (160)."""
    lemma = noun.lemma_.lower()
    if lemma in frames()["leaving_nouns"]:
        left = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"
                for p in c.children if p.dep_ == "pobj"]
        if left and left[0].ent_type_ == "ORG":
            return "160"
        return next((c for c in (_ended(lex, p) for p in left) if c), None)
    if lemma not in frames()["ending_nouns"]:
        return None
    return next((c for c in (_ended(lex, p) for p in _of(noun)) if c), None)


def _of(noun: Token) -> list[Token]:
    return [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children if p.dep_ == "pobj"]


def _gerunds(lex: EventLexicon) -> dict[str, str]:
    """'-ing' form -> core verb ('freezing' -> 'freeze', 'shelling' -> 'shell')."""
    cached = getattr(lex, "_light_gerunds", None)
    if cached is None:
        cached = {}
        for verb, code in lex.core_codes.items():
            if code and " " not in verb:
                stem = verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb
                cached.setdefault(stem + "ing", verb)
                if len(verb) > 2 and verb[-1] not in "aeiouwxy" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
                    cached.setdefault(verb + verb[-1] + "ing", verb)  # "shipping", "banning"
        lex._light_gerunds = cached  # type: ignore[attr-defined]
    return cached


def between(noun: Token) -> Token | None:
    """The parties an event noun names itself: 'talks between Armenia and Azerbaijan'
    (by name: 'between the two sides' is left to the story's plural references)."""
    party = next((p for c in noun.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
                  for p in c.children if p.dep_ == "pobj"), None)
    named = party is not None and any(t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "ORG")
                                      for t in party.subtree)
    return party if named else None


def declared_concession(code: str, trigger: Token) -> bool:
    """A ceasefire or withdrawal declared rather than carried out ('declared a unilateral
    ceasefire', 'announced a truce'): PLOVER's CONCEDE, not RETREAT."""
    rule = frames()["declared"]
    return code in rule["codes"] and syn.verb_lemma(trigger) in rule["verbs"]


def _to_country(verb: Token, objects: list[Token]) -> bool:
    """Is a named country the destination ('sent police officers to Haiti')?"""
    return any(p.ent_type_ == "GPE" for h in [verb] + objects for c in h.children
               if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into")
               for p in c.children if p.dep_ == "pobj")
