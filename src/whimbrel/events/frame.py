"""What a report is about: a disaster, an accident, an epidemic or ordinary crime.

A report's main happening is told in its lead. When that is an earthquake, a flood, a mine
blast, a bus crash, an outbreak or a robbery, the acts the report goes on to tell are the
routine response to it -- rescuers evacuate, a governor visits and declares an emergency,
ministers order an inquiry and promise compensation, police arrest a factory owner, a driver
or the robbers, courts sentence them, other countries send condolences and relief -- and
none of them is a political event. Acts that are political in any setting still are: a
protest or riot, an attack by an armed group, force used on protesters or journalists, a
sanction, threat, accusation or demand between states.

The classes of happenings come from WordNet (data/events/report_classes.tsv, built by
tools/build_report_classes.py). A lead counts as a report of one when the happening is in
its main clause: the subject or cause of the main verb ("floods killed 40", "40 died in a
fire", "a bus plunged into a gorge"), not a modifier of something else ("roads destroyed by
the cyclone", "quake-hit Turkey", "to contain the outbreak"): "The World Bank will lend
Malawi 220 million dollars to rebuild roads destroyed by Cyclone Freddy" is a loan.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .._tokens import built
from ..model import ActorMention, Document, Event
from .lexicon import EventLexicon, _data_text, _read_tsv, load_lexicon
from .parties import NONSTATE

Token = Any  # spacy.tokens.Token

#: Dependencies on the way from a word up to the sentence root that keep it in the main
#: clause (its subject, object, cause, a time clause, a reported or coordinated clause).
MAIN_DEPS = {"ROOT", "nsubj", "nsubjpass", "dobj", "pobj", "prep", "agent", "advcl", "conj",
             "ccomp", "compound", "appos", "attr", "npadvmod", "parataxis", "nmod", "pcomp"}
#: How many sentences from the top may hold the lead's happening (a dateline or a
#: headline-like first sentence can come before it).
LEAD_SENTENCES = 2
#: Report classes and what the report is then about.
FRAMES = {"natural": "disaster", "accident": "disaster", "epidemic": "disaster", "crime": "crime"}
#: Subjects of an accident verb that make it an accident: phenomena, vehicles, structures
#: ('the roof collapsed', 'a ferry capsized', 'a boiler exploded').
THING_CLASSES = {"nonagent", "vehicle"}
#: Verbs of mishaps whose subject is the victim ('were trampled', 'drowned'): an accident
#: whoever they are, unless someone did it ('were crushed by troops').
VICTIM_VERBS = {"drown", "suffocate", "trample", "crush", "electrocute", "asphyxiate"}
#: Adverbs that make a vessel's movement a wreck.
ACCIDENT_ADVERBS = {"aground", "adrift"}
#: Abstractions that collapse or crash in the economy and politics, not in accidents.
ABSTRACT = {"economy", "market", "currency", "price", "stock", "share", "talks", "negotiation", "deal",
            "agreement", "ceasefire", "truce", "coalition", "regime", "system", "plan", "process", "bid",
            "case", "trial", "index", "bank", "rouble", "ruble", "peso", "rupee", "lira", "dollar", "euro"}
#: Common nouns of those who act for states, bodies and businesses.
AGENT_NOUNS = {"government", "authority", "authorities", "official", "officials", "minister", "ministry",
               "company", "firm", "owner", "driver", "man", "woman", "official", "agency", "council",
               "detective", "detectives", "thief", "thieves", "robber", "robbers", "suspect", "gang"}
#: Verbs of harm that say nothing of who acted ('floods killed 40'): not an attack cue.
HARM_VERBS = {"kill", "injure", "wound", "destroy", "damage", "hit", "strike", "die", "leave", "claim",
              "slam", "smash", "flatten", "bury", "sweep", "burn", "cut", "trap", "displace"}
#: Words of armed groups the actor lexicon may not tie to a country ('rebels seized a mine').
ARMED_GROUP_WORDS = {"rebel", "militia", "guerrilla", "guerilla", "terrorist", "insurgent", "jihadist",
                     "paramilitary", "separatist"}
#: Sectors of armed groups: their acts are political in any report.
ARMED_GROUPS = {"REB", "IMG", "INS"}
#: Sectors of state forces: their force is political when it falls on political targets.
STATE_FORCES = {"MIL", "COP", "PRM", "SPY", "UAF"}
#: Sectors whose arrest, assault or trial is political news in any report.
POLITICAL_TARGETS = {"JRN", "OPP", "HRI", "REB", "IMG", "INS", "LEG", "PTY", "GOV", "ELI"}
#: Words of explosions: an accident only in an industrial setting.
BLASTS = {"explosion", "blast", "exploded", "explode", "explodes", "exploding", "detonation"}
#: Sectors of private people and bodies: their nationality makes no act one between states.
PRIVATE = {"CVL", "BUS", "LAB", "EDU", "AGR", "CRM", "REF", "REL", "MED", "JRN"}
#: Sectors whose own acts are political news in any report: legislatures, parties, the
#: opposition, rights groups.
POLITICAL_SOURCES = {"LEG", "OPP", "PTY", "HRI"}
#: Types that are political between two countries even when a disaster is their occasion.
BETWEEN_STATES = {"SANCTION", "THREATEN", "ACCUSE", "REJECT", "PROTEST", "ASSAULT", "COERCE",
                  "MOBILIZE"}
#: Crowds whose words name a protest, not people in general ('residents', 'workers').
PROTESTERS = {"protester", "protesters", "demonstrator", "demonstrators", "rioter", "rioters",
              "activist", "activists", "striker", "strikers", "marchers", "mob", "mobs"}
#: Words of political roles: an act on or by such a person is news in any report.
POLITICAL_WORDS = {"opposition", "candidate", "journalist", "journalists", "reporter", "reporters",
                   "activist", "activists", "lawmaker", "lawmakers", "dissident", "dissidents",
                   "editor", "party", "senator", "mp", "mps", "politician", "politicians"}
#: Weapons whose word names a tool or place of ordinary life as often ('a coal mine', 'a
#: storage tank', 'fireworks', a robber's gun or knife): no sign of an attack by themselves.
EVERYDAY_MEANS = {"mine", "tank", "firework", "firecracker", "munition", "ammunition", "round", "steel", "canister", "bow", "arrow", "quarrel",
                  "knife", "gun", "rifle", "pistol", "handgun", "shotgun", "machete", "revolver"}
#: Small-arms words: the shots of a robbery or a murder are no sign of an attack.
SMALL_ARMS = {"shot", "bullet", "gunshot", "gunfire"}
#: Nouns of the count of a happening's dead: 'the death toll from the floods rose to 50'.
TOLL_NOUNS = {"toll", "number", "count", "death", "deaths", "case", "cases", "spread", "day", "days",
              "night", "nights", "week", "weeks", "hour", "hours", "month", "months"}
#: Purposes of containing a happening, and the restrictions that serve them.
CONTAIN_VERBS = {"contain", "halt", "stop", "curb", "prevent", "slow", "check", "control", "limit"}
RESTRICTION_VERBS = {"order", "close", "shut", "lock", "ban", "suspend", "impose", "declare", "quarantine",
                     "isolate", "cull", "slaughter", "seal", "restrict", "cancel", "extend", "tell", "begin"}
#: Prepositions that tie a happening to another noun ('aid for the victims of the drought',
#: 'an inquiry into the crash'): the happening is then that noun's topic, not the news.
NOUN_PREPS = {"of", "for", "into", "about", "over", "on", "to", "in"}
#: Prepositions of time: 'since the cyclone', 'after the quake' date an act, they do not
#: make the happening the news.
TIME_PREPS = {"since", "after", "before", "until", "following", "ahead"}
#: Those who commit ordinary crimes: 'armed robbers' are no armed group.
CRIMINALS = {"robber", "robbers", "thief", "thieves", "burglar", "burglars", "gang", "gangs", "carjacker",
             "carjackers", "smuggler", "smugglers", "trafficker", "traffickers", "poacher", "poachers",
             "fraudster", "fraudsters", "suspect", "suspects", "man", "men"}
#: Those whose word alone tells an ordinary crime ('armed robbers ambushed a van'; not
#: 'men' or 'suspects', who may be anyone).
CRIME_AGENTS = CRIMINALS - {"man", "men", "suspect", "suspects", "gang", "gangs"}
#: Crimes of killing: their violence is the news, whoever did it ('the slaying of a chief').
KILLING_CRIMES = {"murder", "murders", "homicide", "homicides", "slaying", "slayings", "stab", "stabbed",
                  "stabbing", "stabbings", "killing", "killings"}
#: Crowds that riot when they are the subject of a verb other than one of harm.
CROWDS = {"crowd", "crowds", "youths", "hundreds", "thousands"}


@dataclass(frozen=True)
class ReportClasses:
    """Lemmas of happenings by class: nouns (tuples of words) and verbs."""

    nouns: dict[tuple[str, ...], str]
    verbs: dict[str, str]
    longest: int
    #: the last word of every noun entry: a token that is none of them starts no lookup
    heads: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def load_report_classes() -> ReportClasses:
    nouns: dict[tuple[str, ...], str] = {}
    verbs: dict[str, str] = {}
    for lemma, pos, cls, *_ in _read_tsv("report_classes.tsv"):
        if pos == "verb":
            verbs[lemma] = cls
        else:
            nouns[tuple(lemma.split())] = cls
    return ReportClasses(nouns, verbs, max(len(k) for k in nouns), frozenset(k[-1] for k in nouns))


@lru_cache(maxsize=1)
def people_nouns() -> frozenset[str]:
    """Nouns whose most frequent sense is a person ('relatives', 'miners'; not 'prices')."""
    return frozenset(line for line in _data_text("people_nouns.txt").splitlines()
                     if line and not line.startswith("#"))


@dataclass(frozen=True)
class ReportFrame:
    """The lead's happening: ``kind`` 'disaster' or 'crime', ``cls`` its report class,
    ``cue`` the words that told it."""

    kind: str
    cls: str
    cue: str

    def keep(self, events: list[Event]) -> list[Event]:
        """The events that are no routine response: political acts in any setting."""
        protests = frozenset(e.sentence_index for e in events
                             if e.event_type == "PROTEST" and not self.routine(e))
        return [e for e in events if not self.routine(e, protests)]

    def routine(self, event: Event, protests: frozenset[int] = frozenset()) -> bool:
        """Is the event part of the routine response to the happening (no political event)?
        ``protests``: the sentences that tell a protest (force used there is used on it)."""
        kind = event.event_type
        if kind is None:
            return False  # statements are no typed event either way
        sectors = {a.sector for a in event.source if a.sector}
        targets = {a.sector for a in event.target if a.sector}
        if kind == "PROTEST":
            # a crowd that rallies or strikes protests anywhere; rescuers forming human
            # chains and injured workers retyped as a riot do not
            retyped = "retyped" in (event.evidence or "") and not _protesters(
                event.source, CROWDS | load_lexicon().classes["anger_words"])  # ('traders angry at a tax')
            return retyped or bool(sectors & {"MIL", "COP", "PRM", "SPY", "GOV"})
        if sectors & (ARMED_GROUPS | POLITICAL_SOURCES) or _named_politics(event.source + event.target):
            return False  # (a senate inquiry, an opposition party's accusation)
        if targets & POLITICAL_TARGETS and event.source and not all(a.sector in PRIVATE for a in event.source):
            return False  # officials charged or arrested; not residents blaming officials
        if kind == "ACCUSE" and targets & {"MIL", "COP"} and sectors & {"GOV", "JUD", "LEG"}:
            return False  # the coast guard or the police investigated over a sinking or a crush
        if kind in ("ASSAULT", "COERCE") and (sectors & STATE_FORCES or _named_armed(event.source)):
            crowd = event.sentence_index in protests  # force used on a protest
            return not (crowd or targets & POLITICAL_TARGETS or _protesters(event.target) or _foreign(event))
        if _foreign(event) and kind in BETWEEN_STATES:
            return False  # a sanction, threat or accusation between states
        return True


def _named_armed(actors: list[ActorMention]) -> bool:
    """An attacker named by a word ('gunmen'), not one the coder supplied (unknown attacker)."""
    return any(a.sector == "UAF" and "unknown attacker" not in (a.evidence or "") for a in actors)


def _named_politics(actors: list[ActorMention]) -> bool:
    """Is one of the actors named by a political role ('the jailed opposition candidate')?"""
    return any(w.strip(".,'") in POLITICAL_WORDS for a in actors for w in a.text.lower().split())


def _protesters(actors: list[ActorMention], more: set[str] | None = None) -> bool:
    """Do the actors' words name protesters (or one of ``more``)?"""
    words = PROTESTERS | (more or set())
    return any(w in words for a in actors for w in a.text.lower().split())


def _foreign(event: Event) -> bool:
    """Do the source and the target belong to different states (an IGO declaring an
    emergency in a country is no act between states)?"""
    src = {a.country for a in event.source if a.country and a.country not in NONSTATE}
    tgt = {a.country for a in event.target if a.country and a.country not in NONSTATE
           and a.sector not in PRIVATE}  # (a Taiwanese man arrested with drugs is no state)
    return bool(src and tgt and not src & tgt)


def report_frame(doc: Document, lex: EventLexicon, events: list[Event] | None = None) -> ReportFrame | None:
    """The frame of the report, decided by its lead: the first sentence (of the first
    two) that tells a happening of a report class in its main clause, a political act,
    or any event the coder found (``events``, or the document's): a report that opens
    with an act ('Britain delivered tents to Beira for survivors of Cyclone Idai') is
    about the act, whatever happening it answers. A happening told only as the time of
    the sentence ('after the typhoon') or a crime as what someone is accused of ('arrested
    a man accused of swindling 500 workers') frames a lead with no other act. Crime frames
    a report, not a lone sentence: coded sentences follow PLOVER, where authorities who
    arrest or charge anyone coerce or accuse, while to conflict monitors the arrests a crime
    report tells are routine. Violence
    in a lead that tells a crime other than a killing in its main clause ('gunmen who robbed a store opened
    fire', 'armed robbers ambushed a van') is the crime's, unless armed groups, protesters
    or weapons of war tell it."""
    classes = load_report_classes()
    events = doc.events if events is None else events
    for sent in doc.sentences[:LEAD_SENTENCES]:
        sdoc = sent.doc
        if sdoc is None or not sdoc.has_annotation("DEP"):
            continue
        political = _political_act(sdoc, sent.actors, lex, classes)
        cue = _happening(sdoc, lex, classes)
        if political and not (cue is not None and cue[0] == "crime" and cue[2]
                              and cue[1].split()[-1].lower() not in KILLING_CRIMES
                              and not _political_act(sdoc, sent.actors, lex, classes, crime=True)):
            return None  # (violence a robbery, theft or smuggling explains is part of the crime)
        head = cue[1].split()[-1].lower() if cue is not None else None
        acts = [e for e in events if e.sentence_index == sent.index and e.event_type
                and (head is None or f"'{head}'" not in (e.evidence or "").lower())]
        # (an event the coder read off the happening's own noun is no act: 'declared ... fire')
        if cue is not None and cue[0] == "crime" and len(doc.sentences) < 2:
            return None  # a lone coded sentence: police who arrest anyone coerce (PLOVER)
        if cue is not None and (cue[2] or not acts or cue[0] == "crime" and all(
                e.event_type in ("COERCE", "ACCUSE") for e in acts)):
            return ReportFrame(FRAMES[cue[0]], cue[0], cue[1])
        if acts:
            return None
    return None


def _clause_place(tok: Token, reporting: frozenset[str] = frozenset(), accident_verb: bool = False) -> str | None:
    """Where the token is: 'main' when every step up to the root is a subject, object,
    cause or clause of the main clause (not a relative clause, a modifier, a purpose
    'to ...') and the token itself modifies no other noun ('flood defences', 'quake
    victims'); 'time' when only a preposition of time or cause keeps it out ('since the
    cyclone', 'because of the pandemic');
    else None. An accident verb hung on a noun as a participle ('a bus carrying pilgrims
    overturned', parsed as 'pilgrims overturned') is the misparsed main verb."""
    if accident_verb and tok.dep_ == "acl" and not any(c.dep_ == "agent" for c in tok.children):
        tok = tok.head
    if tok.dep_ == "compound" and tok.head.pos_ != "PROPN" and tok.head.lemma_.lower() not in TOLL_NOUNS:
        return None  # ('Cyclone Freddy' is the cyclone's name; 'cholera cases' are cholera)
    steps = 0
    while tok.dep_ != "ROOT" and steps < 12:
        if _containment(tok) and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return "main"  # a restriction to contain the happening is part of it
        if tok.dep_ not in MAIN_DEPS or tok.dep_ in ("advcl", "conj", "ccomp") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return None  # ('pledged 10 million dollars to rebuild after the floods')
        if tok.dep_ == "advcl" and tok.lemma_.lower() in reporting:
            return None  # ('..., saying he would stand trial for fraud')
        if tok.dep_ == "pobj" and (tok.head.lower_ in TIME_PREPS or _cause(tok.head)):
            return "time"  # (wherever it stands: 'bodies washed up after Typhoon Haiyan';
            # 'cancelled the talks because of the pandemic' is a cancellation)
        if tok.dep_ == "pobj" and tok.head.lower_ in NOUN_PREPS and tok.head.head.pos_ in ("NOUN", "PROPN") \
                and tok.head.head.lemma_.lower() not in TOLL_NOUNS \
                and not any(c.dep_ == "nummod" for c in tok.head.head.children):
            return None  # ('victims of the drought', 'criticism of its handling of the floods';
            # but '500 kilograms of heroin', '10 new cases of cholera')
        tok, steps = tok.head, steps + 1
    return "main"


def _cause(prep: Token) -> bool:
    """'because of', 'due to', 'owing to', 'amid': the happening is the reason for a clause."""
    return prep.lower_ in ("amid", "amidst", "because", "due", "owing") \
        or prep.lower_ == "of" and prep.head.lower_ == "because" \
        or prep.lower_ == "to" and prep.head.lower_ in ("due", "owing", "thanks")


def _containment(purpose: Token) -> bool:
    """'closed schools to contain the outbreak', 'ordered a lockdown to halt the spread of
    Ebola': a restriction whose purpose is to contain a happening is part of it."""
    if purpose.lemma_.lower() not in CONTAIN_VERBS:
        return False
    head = purpose.head  # ('shut down transport in an effort to contain the virus')
    while head.pos_ != "VERB" and head.head.i != head.i:
        head = head.head
    return head.lemma_.lower() in RESTRICTION_VERBS


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects, or those of the verb it is coordinated with."""
    while True:
        own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if own or verb.head.i == verb.i or not (
                verb.dep_ == "conj" or verb.dep_ == "advcl" and verb.tag_ == "VBG"):
            return own  # ('a bus fell into a ravine after colliding with a lorry')
        verb = verb.head


def _noun_class(tokens: list[Token], i: int, classes: ReportClasses) -> tuple[str, str] | None:
    """The class of the noun phrase ending at token i (longest words first)."""
    tok = tokens[i]
    last = {tok.lower_, tok.lemma_.lower()}
    last |= {w[:-1] for w in last if w.endswith("s")} | {w.split("-")[-1] for w in last}
    if not last & classes.heads:
        return None  # (most tokens: no entry ends with them)
    for n in range(min(classes.longest, i + 1), 0, -1):
        span = tokens[i - n + 1:i + 1]
        for words in ([t.lemma_.lower() for t in span], [t.lower_ for t in span]):
            key = tuple(w for part in words for w in part.replace("-", " ").split())
            # a capitalised plural keeps its -s as lemma ('Landslides buried ...')
            for k in (key, key[:-1] + (key[-1][:-1],) if key and key[-1].endswith("s") else key):
                cls = classes.nouns.get(k)
                if cls:
                    return cls, " ".join(t.text for t in span)
    return None


def _happening(sdoc: Any, lex: EventLexicon, classes: ReportClasses) -> tuple[str, str, bool] | None:
    """A happening of a report class in the sentence: (class, words, main), ``main`` when
    it is in the main clause. A noun ('floods', 'a fire at a garment factory'), or a verb
    whose subject is a thing ('a ferry capsized', 'the roof collapsed') or a crime ('a van
    was robbed'); elsewhere only a happening that dates the clause ('after the typhoon')
    or a crime ('a gang that had robbed buses') counts, as a weak cue."""
    tokens = built(sdoc) or list(sdoc)  # (the FastTokens of a parsed sentence: no Token per word)
    weak: tuple[str, str, bool] | None = None
    industry = _industrial(tokens, lex, classes)
    for i, tok in enumerate(tokens):
        found = None
        if tok.pos_ in ("NOUN", "PROPN") and (i + 1 == len(tokens) or tokens[i + 1].pos_ not in ("NOUN", "PROPN")
                                              or tokens[i + 1].dep_ != "compound"):
            found = _noun_class(tokens, i, classes)
            if found is None and tok.lower_ in CRIME_AGENTS:
                found = ("crime", tok.text)  # 'armed robbers ambushed a van'
            if found is None or _fire_of_weapons(tok):
                continue
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in classes.verbs:
            cls = classes.verbs[tok.lemma_.lower()]
            subjects = _subjects(tok)
            if tok.dep_ == "acl" and not subjects:
                subjects = [tok.head] + [t for t in tok.head.lefts if t.pos_ in ("NOUN", "PROPN")]
            victims = tok.lemma_.lower() in VICTIM_VERBS and not any(c.dep_ == "agent" for c in tok.children) \
                and (tok.lemma_.lower() in ("drown", "suffocate") or any(c.dep_ == "auxpass" for c in tok.children))
            if cls == "crime" and not any(_armed_words(s, lex) for s in subjects) or victims or any(
                    _thing(s, lex) for s in subjects) or cls == "natural" and not subjects:
                found = (cls, tok.text)  # ('the river flooded the town', 'flooding has killed 188')
        elif tok.lower_ in ACCIDENT_ADVERBS:
            found = ("accident", tok.text)  # 'the cruise ship ran aground'
            tok = tok.head
        if found is None or found[0] not in FRAMES:
            continue
        if found[1].split()[-1].lower().rstrip("s") in BLASTS and not industry:
            continue  # a blast at a market may be a bomb; at a coal mine or a refinery, no
        if found[0] == "crime" and tok.dep_ == "relcl" and tok.head.dep_ in ("nsubj", "nsubjpass"):
            tok = tok.head  # a crime that says who the subject is tells the crime: 'gunmen who robbed'
        elif found[0] == "crime" and tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.lower_ in CRIME_AGENTS:
            tok = tok.head.head  # 'a gang of armed robbers' is the robbers
        place = _clause_place(tok, lex.reporting, tok.pos_ == "VERB" and found[0] == "accident")
        if place == "main":
            return found[0], found[1], True
        if weak is None and (place == "time" or found[0] == "crime"):
            weak = (found[0], found[1], False)
    return weak


def _industrial(tokens: list[Token], lex: EventLexicon, classes: ReportClasses) -> bool:
    """Is the sentence set in industry or transport: a factory, mine, refinery, depot,
    pipeline, boiler, gas or fuel, fireworks, or a vehicle ('a fuel tanker exploded')?"""
    for i, tok in enumerate(tokens):
        if tok.pos_ not in ("NOUN", "PROPN") and tok.dep_ != "compound":
            continue
        found = _noun_class(tokens, i, classes)
        if found is not None and found[0] == "industrial" or lex.noun_classes.get(tok.lemma_.lower()) == "vehicle":
            return True
    return False


def _agent(noun: Token, lex: EventLexicon) -> bool:
    """Can the subject act: a person, a group, a state or organisation, people, forces
    (not 'the roof', 'a ferry', 'a storage tank', 'the Sampoong department store')?"""
    lemma, lower = noun.lemma_.lower(), noun.lower_
    if noun.pos_ == "PRON" or noun.ent_type_ in ("PERSON", "NORP", "GPE", "ORG"):
        return not (noun.ent_type_ == "ORG" and _thing_name(noun, lex))
    words = lex.classes["people_nouns"] | lex.protester_nouns | lex.classes["force_nouns"]
    if lower in words or lemma in words or lower in lex.classes["unnamed_agents"]:
        return lower not in ("tank", "tanks")  # (a storage tank)
    return lex.noun_classes.get(lemma) == "bystander" or lemma in AGENT_NOUNS


def _thing(noun: Token, lex: EventLexicon) -> bool:
    """A subject that can collapse, sink or burn: not an actor, and no occasion or abstraction
    ('talks collapsed', 'the economy crashed', 'the ceasefire collapsed')."""
    if lex.noun_classes.get(noun.lemma_.lower()) in THING_CLASSES | {"means"}:
        return noun.lemma_.lower() not in ABSTRACT
    return not _agent(noun, lex) and noun.lemma_.lower() not in ABSTRACT and (
        noun.pos_ == "PROPN" or not (lex.nouns.get((noun.lemma_.lower(),)) or lex.nouns.get((noun.lower_,))))


def _thing_name(noun: Token, lex: EventLexicon) -> bool:
    """A named thing: 'the Sampoong department store', 'Air France flight 447'."""
    return any(lex.noun_classes.get(t.lemma_.lower()) in THING_CLASSES for t in noun.subtree)


def _armed_words(noun: Token, lex: EventLexicon) -> bool:
    """'soldiers', 'gunmen', 'armed youths': a subject that names armed or security men."""
    return noun.lower_ in lex.classes["unnamed_agents"] or any(
        t.lower_ in lex.classes["armed_words"] for t in noun.subtree) or any(
        c.lower_ in lex.classes["unnamed_agents"] for c in noun.conjuncts)


def _fire_of_weapons(tok: Token) -> bool:
    """'opened fire', 'exchanged fire', 'came under fire', 'set fire to': gunfire or arson."""
    if tok.lemma_.lower() != "fire":
        return False
    head = tok.head.head if tok.dep_ == "pobj" else tok.head
    return head.lemma_.lower() in ("open", "exchange", "return", "cease", "come", "hold", "set", "trade", "under")


def _political_act(sdoc: Any, actors: list[ActorMention], lex: EventLexicon, classes: ReportClasses,
                   crime: bool = False) -> bool:
    """Does the sentence tell an act that is political in any setting?"""
    return _political_cue(sdoc, actors, lex, classes, crime) is not None


def _political_cue(sdoc: Any, actors: list[ActorMention], lex: EventLexicon,
                   classes: ReportClasses, crime: bool = False) -> str | None:
    """The words of an act that is political in any setting: a weapon, an armed group, a
    protest or an attack named by its noun or by a verb with an actor as subject. ``crime``:
    the sentence tells an ordinary crime, whose own violence (gunmen, armed men, shootings
    and killings) is no cue; armed groups, protests and weapons of war still are."""
    armed = next((a.text for a in actors if a.sector in ARMED_GROUPS), None)
    if armed is not None:
        return armed
    tokens = built(sdoc) or list(sdoc)
    for i, tok in enumerate(tokens):
        lemma = tok.lemma_.lower()
        if tok.ent_type_ in ("DATE", "TIME"):
            continue  # ('since March')
        unnamed = lex.classes["unnamed_agents"].get(lemma)
        if unnamed in ("REB", "PRM") or lemma in ARMED_GROUP_WORDS or unnamed == "UAF" and not crime:
            return tok.text  # 'gunmen', 'militants', 'bandits', 'rebels'
        if tok.lower_ in PROTESTERS or tok.lower_ in CROWDS and tok.dep_ == "nsubj" \
                and tok.head.lemma_.lower() not in HARM_VERBS | {"gather", "flee", "watch", "mourn"}:
            return tok.text  # 'protesters', 'rioters', 'crowds looted the depots'
        if tok.lower_ in lex.classes["armed_words"] and tok.dep_ == "amod" and tok.head.lower_ not in CRIMINALS \
                and not crime:
            return tok.text  # 'armed youths', 'masked men' (not 'armed robbers')
        if lex.noun_classes.get(lemma) == "means" and lemma not in EVERYDAY_MEANS and not (crime and lemma in SMALL_ARMS) and (
                tok.pos_ in ("NOUN", "PROPN") or tok.dep_ == "compound"):
            return tok.text  # 'artillery fire', 'drones struck', 'a minefield explosion'
        if tok.pos_ in ("NOUN", "PROPN"):
            found = _noun_class(tokens, i, classes)
            if found is not None and found[0] == "armed":
                return found[1]
            code = lex.nouns.get((lemma,)) or ""
            if tok.pos_ == "NOUN" and found is None and not _fire_of_weapons(tok) and (
                    code[:2] == "14" or code[:2] in ("18", "19", "20") and not crime
                    and lex.noun_classes.get(lemma) != "nonagent"):
                return tok.text  # 'a protest', 'a strike', 'an attack', 'clashes'
        elif tok.pos_ == "VERB" and lemma not in HARM_VERBS:
            code = lex.verb_code.get(lemma) or ""
            subjects = [c for c in tok.children if c.dep_ == "nsubj"]
            if (code[:2] == "14" or code[:2] in ("18", "19", "20") and not crime) and any(
                    _agent(s, lex) and lex.noun_classes.get(s.lemma_.lower()) != "bystander"
                    and s.lower_ not in lex.classes["people_nouns"] | CRIMINALS for s in subjects):
                return tok.text  # 'protesters marched', 'troops shelled'
    return None
