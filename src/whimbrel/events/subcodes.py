"""CAMEO sub-codes by the class of an argument (``data/events/subcodes.json``): aircraft
as the means of an assault (195), a mass killing (202), an assassination (186), a mass
expulsion (201). The CAMEO hierarchy stays the guard: a rule only refines a code that is
already of its kind, so without the cue the root the verb chose stands."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from . import syntax as syn
from .lexicon import _data_text

Token = Any  # spacy.tokens.Token


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The sub-code rules, read once per process."""
    return json.loads(_data_text("subcodes.json"))


def refine(code: str, verb: Token, subject: Token | None) -> tuple[str, str] | None:
    """(sub-code, why) when an argument of the coded clause calls for one, else None."""
    t = table()
    lemma = syn.verb_lemma(verb)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    agent = subject if subject is not None and subject.dep_ != "nsubjpass" else _by_agent(verb)
    rule = t["mass_expulsion"]
    if lemma in rule["verbs"] and (code in rule["from"] or code[:2] in rule["from"]) \
            and any(count(o) >= rule["min_count"] for o in objects):
        return rule["code"], f"'{lemma}' + thousands of people: a mass expulsion"
    rule = t["aerial"]
    if code[:2] in rule["roots"] and code not in rule["keep"] and agent is not None \
            and _words(agent) & set(rule["means"]):
        return rule["code"], f"carried out by aircraft ('{agent.text}'): aerial weapons"
    rule = t["mass_killing"]
    if lemma in rule["verbs"] and code[:2] in rule["roots"] and code not in rule["keep"]:
        for obj in (o for o in objects if count(o) >= rule["min_count"]):
            if not _words(obj) & set(rule["combatants"]):
                return rule["code"], f"'{lemma}' + {obj.text} unarmed people: a mass killing"
    rule = t["assassination"]
    if lemma in rule["verbs"] and code[:2] in rule["roots"]:
        for obj in objects:
            if obj.lemma_.lower() in rule["offices"] and obj.tag_ in ("NN", "NNP") and count(obj) <= 1:
                return rule["code"], f"'{lemma}' + an office holder ('{obj.lemma_}'): an assassination"
    rule = t["attempt"]
    head = verb.head
    if code[:2] in rule["roots"] and verb.dep_ in ("advcl", "conj") and syn.verb_lemma(head) in rule["survivors"]:
        survivor = syn.subject(head)
        if survivor is not None and survivor.lemma_.lower() in t["assassination"]["offices"]:
            return rule["code"], f"'{survivor.lemma_}' {head.lemma_}: an attempted assassination"
    return None


def _by_agent(verb: Token) -> Token | None:
    return next((p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)


def _words(noun: Token) -> set[str]:
    """The noun's own words and its compounds ('air force jets', 'unarmed men')."""
    words = {noun.lower_, noun.lemma_.lower()}
    compounds = [c for c in noun.children if c.dep_ in ("compound", "amod")]
    words |= {c.lower_ for c in compounds}
    words |= {f"{c.lower_} {noun.lower_}" for c in compounds}
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        words |= {p.lower_ for p in prep.children if p.dep_ == "pobj"}  # "dozens of fighters"
    return words


def count(noun: Token) -> int:
    """How many the noun phrase counts: '60 people', 'more than 50 of them', 'scores of
    men', 'tens of thousands of refugees'; 1 when it names no number."""
    quantities = table()["quantities"]
    best = 1
    for tok in [noun] + [c for c in noun.children if c.dep_ in ("nummod", "quantmod", "amod")]:
        if tok.lower_ in quantities:
            best = max(best, quantities[tok.lower_])
            for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
                for p in (x for x in prep.children if x.dep_ == "pobj" and x.lower_ in quantities):
                    best = max(best, quantities[tok.lower_] * quantities[p.lower_] // 2)
        elif tok.like_num:
            try:
                best = max(best, int(float(tok.text.replace(",", ""))))
            except ValueError:
                pass
    return best
