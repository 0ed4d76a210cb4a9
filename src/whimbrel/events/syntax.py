"""Reading a dependency parse for the event coder: subjects, objects, complements,
modality, particles and the words PETRARCH2 patterns look at.

Every function takes spaCy tokens of one parsed sentence and answers one
question about its grammar; the coder (coder.py) combines the answers.
"""

from __future__ import annotations

from typing import Any

from .._tokens import memo
from .lexicon import EventLexicon, load_lexicon

Token = Any  # spacy.tokens.Token

SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "dative", "iobj", "attr", "oprd"}
TARGET_PREPS = {"to", "with", "against", "on", "from", "for", "into", "toward", "towards",
                "over", "upon"}
#: Dependents whose words PETRARCH2 patterns may match after the verb.
PATTERN_DEPS = OBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {"prep", "agent", "acomp", "prt", "advmod",
                                                     "npadvmod", "pobj", "ccomp", "xcomp"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
CONDITIONAL_AUX = {"would", "could", "might", "may", "should", "'d"}
OBLIGATION = {"must", "should", "ought"}
NEGATIONS = {"not", "n't", "never", "no"}


def subject(verb: Token) -> Token | None:
    """The clause's subject: its own, the passive agent, or one inherited from the
    clause that governs it."""
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS:
            return c
    if verb.lemma_.lower() in STATIVE_PASSIVES:  # "Israel is opposed to"
        stance = next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)
        if stance is not None:
            return stance
    for c in verb.children:
        if c.dep_ == "agent":  # passive: "was attacked by X"
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
        if verb.dep_ == "xcomp":
            # "urged Iran to withdraw": the object of the governor is the subject
            obj = next((c for c in verb.head.children if c.dep_ in ("dobj",)), None)
            if obj is not None and verb_lemma(verb.head) in {"urge", "ask", "call", "invite",
                                                                 "force", "order", "encourage", "press"}:
                return obj
            if verb.head.lemma_.lower() in RAISING_PASSIVES:
                # "Kenya's president is expected to visit Ethiopia": the passive subject
                # of the raising verb does the act
                raised = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
                if raised is not None:
                    return raised
        return subject(verb.head) if verb.head.pos_ in ("VERB", "AUX") else None
    if verb.dep_ == "relcl" and verb.head.i != verb.i:
        return verb.head
    return None


def first_subject_up(token: Token) -> Token | None:
    """The subject of the nearest clause above whose subject is explicit, up to the root."""
    t = token
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("acl", "relcl"):
            subj = next((c for c in t.children if c.dep_ in SUBJECT_DEPS), None)
            if subj is not None:
                return subj
    return None


def source(verb: Token, subject: Token | None) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    if subject is not None and subject.dep_ in PASSIVE_SUBJECT_DEPS:
        # "Israel is opposed to", "is committed to": a state of the subject, not
        # something done to it
        governor = verb
        while governor.dep_ == "xcomp" and governor.head.i != governor.i:
            governor = governor.head  # "is scheduled to begin withdrawing"
        raised = governor.i != verb.i and subject.head.i == governor.i \
            and governor.lemma_.lower() in RAISING_PASSIVES
        return subject if verb.lemma_.lower() in STATIVE_PASSIVES or raised else None
    return subject


#: Participles that, after "be", describe the subject's stance.
#: Passives whose subject does their infinitive ("is expected to visit", "is set to hold").
RAISING_PASSIVES = {"expect", "schedule", "set", "slate", "due"}
STATIVE_PASSIVES = {"oppose", "commit", "determine", "prepare", "dedicate", "resolve",
                    "dispose", "inclined", "incline"}


def target_heads(verb: Token) -> list[Token]:
    heads = [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")]
    if verb.lemma_.lower() not in STATIVE_PASSIVES:
        heads += [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS):
        heads += [p for p in prep.children if p.dep_ == "pobj"]
    for obj in [h for h in heads if h.dep_ == "dobj"]:
        # "rejected an Indian proposal", "accused the United States of", "broke off
        # relations with Russia", "lifted the curfew on Palestinians": the object's PPs
        for prep in (c for c in obj.children if c.dep_ == "prep"
                     and c.lower_ in ("of", "by", "from", "to", "with", "on", "against", "for")):
            heads += [p for p in prep.children if p.dep_ == "pobj"]
    # "threatened on Monday": a date is never a party
    return [h for h in heads if h.ent_type_ not in ("DATE", "TIME")]


def complement(verb: Token, nominal: bool = True) -> Token | None:
    for c in verb.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            return c
    for c in verb.children:
        if c.dep_ == "acomp":
            for cc in c.children:
                if cc.dep_ == "xcomp" and cc.pos_ in ("VERB", "AUX"):
                    return cc
    for c in verb.children:
        if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            return c
    for c in verb.children:  # "demanded the withdrawal of": a nominal complement
        if nominal and c.dep_ == "dobj" and names_event(c):
            return c
    return None


def has_condition(verb: Token) -> bool:
    """An 'if'/'unless' clause on the verb: 'may halt mediation if cooperation founders'."""
    return any(c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children if m.dep_ == "mark")
               for c in verb.children)


def condition_marks(verb: Token) -> set[str]:
    """Marks of the verb's adverbial clauses: {'unless'} for 'will withdraw unless ...'."""
    return {m.lower_ for c in verb.children if c.dep_ == "advcl"
            for m in c.children if m.dep_ == "mark"}


def modal_obligation(verb: Token) -> bool:
    """'must'/'should'/'ought to' on the verb itself."""
    return any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in verb.children)


def inside_relative(token: Token) -> bool:
    """Is the token inside a relative clause ('a resolution that aims to ... and impose')?"""
    t = token
    for _ in range(12):
        if t.dep_ in ("relcl",):
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def obligation(verb: Token) -> bool:
    """'must'/'should'/'ought to' on the verb, or 'has to'/'needs to' governing it."""
    if any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in verb.children):
        return True
    return (verb.dep_ == "xcomp" and verb.head.lemma_ in ("have", "need")
            and any(c.lower_ == "to" for c in verb.children))


def particle(verb: Token, particles: frozenset[str]) -> str | None:
    """'turned down', 'pulled out of': a particle, or an adverb or preposition that
    follows the verb directly and is one of the particle words."""
    for c in verb.children:
        if c.dep_ == "prt":
            return c.lower_
    for c in verb.children:
        # "pulled out of the town" but not "met in Washington": a preposition with
        # its own object is a preposition, not a particle
        if (c.i == verb.i + 1 and c.dep_ in ("prep", "advmod") and c.lower_ in particles
                and not any(g.dep_ == "pobj" for g in c.children)):
            return c.lower_
    return None


def verb_lemma(tok: Token) -> str:
    """The verb's lemma, checked against the lexicon: spaCy's rule lemmatiser
    sometimes strips too much ("staged" -> "stag"); the surface form's regular
    de-inflections are tried before giving up."""
    known = load_lexicon().known_verbs
    key = (tok.lemma_, tok.lower_)
    cache = _VERB_LEMMAS.get(id(known))
    if cache is None or cache[0] is not known:
        cache = _VERB_LEMMAS[id(known)] = (known, {})
    hit = cache[1].get(key)
    if hit is None:
        if len(cache[1]) > 100_000:
            cache[1].clear()
        hit = cache[1][key] = _verb_lemma(key[0].lower(), key[1], known)
    return hit


#: id(known verbs) -> (known verbs, {(lemma_, lower_): verb lemma}): a word's verb
#: lemma depends on these two strings only
_VERB_LEMMAS: dict[int, tuple[Any, dict[tuple[str, str], str]]] = {}


def _verb_lemma(lemma: str, w: str, known: Any) -> str:
    if lemma in known:
        return lemma
    for cand in (w, w[:-1], w[:-2], w[:-3], w[:-3] + "e", w[:-3] + "y", w[:-2] + "e"):
        if len(cand) > 2 and cand in known:
            return cand
    return lemma


def names_event(noun: Token) -> bool:
    """Does a noun name an act ('the withdrawal', 'a meeting', 'a proposal to') rather
    than a party or a thing ('troops', 'Milei')? Nominalisations and event nouns do."""
    lex = load_lexicon()
    lemma = noun.lemma_.lower()
    if lookup_noun(lex, noun) or lemma in lex.governor_nouns:
        return True
    return noun.pos_ == "NOUN" and lemma.endswith(("tion", "sion", "ment", "al", "ance", "ence", "ure"))


FUTURE_FRAMES = {"expect", "due", "set", "schedule", "plan", "intend", "poise", "slate"}


def future_frame(verb: Token) -> bool:
    """'is expected to travel', 'is due to meet', 'is set to sign', 'plans to visit'."""
    head = verb.head
    return (verb.dep_ == "xcomp" and head.i != verb.i and verb_lemma(head) in FUTURE_FRAMES
            and any(c.lower_ == "to" for c in verb.children))


def going_to(verb: Token) -> bool:
    head = verb.head
    return (verb.dep_ == "xcomp" and head.lemma_ == "go" and head.tag_ == "VBG"
            and any(c.lower_ == "to" for c in verb.children))


def argument_words(verb: Token) -> tuple[set[str], set[str], set[str]]:
    """Words of the verb's objects, words of its prepositional phrases, and its prepositions."""
    objects: set[str] = set()
    in_preps: set[str] = set()
    preps: set[str] = set()
    for child in verb.children:
        if child.dep_ not in PATTERN_DEPS:
            continue
        if child.dep_ in ("prep", "agent"):
            preps.add(child.lower_)
            bucket = in_preps
            tokens = [t for p in child.children for t in phrase(p)]
        else:
            bucket = objects
            tokens = phrase(child)
        for t in tokens:
            bucket.add(t.lower_)
            bucket.add(t.lemma_.lower())
    return objects, in_preps, preps


CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "appos"}


def phrase(head: Token, limit: int = 10) -> list[Token]:
    """The head's phrase without embedded clauses ('ways to expand cooperation' -> 'ways')."""
    out, stack = [], [head]
    while stack and len(out) < limit:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in CLAUSE_DEPS)
    return out


def subject_words(verb: Token) -> set[str]:
    words: set[str] = set()
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS | {"advmod"} and child.i < verb.i:
            for t in child.subtree:
                words.add(t.lower_)
                words.add(t.lemma_.lower())
    return words


def noun_chain(head: Token) -> list[Token]:
    """The head noun and nouns reached through 'of' ('round of talks', 'ceremony of exercise')."""
    chain = [head]
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
        chain += [p for p in prep.children if p.dep_ == "pobj"]
    chain += [c for c in head.children if c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN"]
    # "began Poseidon Gate IV, a 12-day naval exercise": the apposition names the event
    chain += [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    return chain


def lookup_noun(lex: EventLexicon, noun: Token) -> str | None:
    known = memo(noun.doc, "lookup_noun", lex)  # (a pure function of the parse: asked often)
    i = noun.i
    if i in known:
        return known[i]
    code = _lookup_noun(lex, noun)
    if code and code[:2] == "15" and any(c.lemma_.lower() in JOINT for c in noun.lefts):
        code = "062"  # "joint coast guard patrols": a shared show of force is cooperation
    known[i] = code
    return code


JOINT = {"joint", "combined", "bilateral", "trilateral", "multinational"}


def _lookup_noun(lex: EventLexicon, noun: Token) -> str | None:
    lemmas = [c.lemma_.lower() for c in noun.lefts if c.dep_ in ("compound", "amod")] + [noun.lemma_.lower()]
    for n in range(min(3, len(lemmas)), 0, -1):
        key = tuple(lemmas[-n:])
        if key in lex.nouns:
            return lex.nouns[key]
    text_key = (noun.lower_,)
    if text_key in lex.nouns:
        return lex.nouns[text_key]
    if noun.pos_ == "PROPN":
        # a named occasion: "exercise Druzhba VI", "Operation Desert Storm", "the Astana talks"
        for c in noun.children:
            if c.dep_ == "compound" and c.pos_ == "NOUN" and (c.lemma_.lower(),) in lex.nouns:
                return lex.nouns[(c.lemma_.lower(),)]
    return None
