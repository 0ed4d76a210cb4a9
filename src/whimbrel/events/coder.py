"""The event coder: from a parsed sentence to CAMEO/PLOVER events.

How a sentence is read, in order:
1. Clauses. Start at the root; a reporting verb ("said", "told") hands over to
   its clausal complement and becomes the *speaker*; coordinated verbs are
   clauses of their own and share the subject.
2. The event of a verb. The most specific PETRARCH2 pattern of the verb's block
   that the verb's arguments match; else, for a light verb ("held", "staged",
   "took part in"), the event noun it governs ("talks", "exercise"); else the
   bare verb's code.
3. Governors and modality. "agreed to / threatened to / refused to / demanded
   that / urged X to" + an event combine into one code (complements.json);
   a cooperative event in the future becomes AGREE, a conflictual one THREATEN,
   a refused or negated future cooperation REJECT (the PLOVER manual's rule);
   "X said Y must ..." is X demanding of Y.
4. Actors. Source: subject (or passive agent, or the governor's subject);
   target: object, passive subject, or the object of to/with/against/on/from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from .._spans import doc_text, lower_lemmas, lowers
from .._tokens import memo, tokens
from ..actors import actors_for_token
from ..model import ActorMention, Document, Event, Sentence
from ..registry import stages
from . import light, nominal, parties, subcodes
from . import syntax as syn
from .frame import _agent as frame_agent
from .frame import people_nouns, report_frame
from .lexicon import EventLexicon, load_lexicon
from .rerank import Reranker, default_reranker_model

Token = Any  # spacy.tokens.Token

#: Types whose target, when no party is named, is the place where they happen
#: ("lifted a curfew in Montenegro", "imposed a curfew in Cizre, Turkey").
LOCATED_TARGET = {"CONCEDE", "COERCE", "PROTEST", "MOBILIZE", "RETREAT", "REJECT", "THREATEN", "ASSAULT"}
#: Types aimed at the actors' own country when nothing else is named.
DOMESTIC_TARGET = {"PROTEST", "COERCE", "CONCEDE"}
#: Occasion types an actorless mention may describe (see MergeStage).
ACTORLESS_OK = {"CONSULT", "COOPERATE", "PROTEST", "ASSAULT", "MOBILIZE"}
#: What private people do that is political: protest, demand, accuse, refuse,
#: threaten (their aid, meetings, thefts and fights are not events).
CROWD_TYPES = {"PROTEST", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
#: What a country does at home after a disaster (evacuating, rescuing, restricting,
#: deploying troops, meeting): relief, not a political event (PLOVER's COERCE notes).
DISASTER_RESPONSE = {"AID", "COERCE", "MOBILIZE", "COOPERATE", "CONSULT",
                     # evacuation and compensation orders, declarations, suspended licences: a
                     # government's own handling of a disaster (an inquiry into it is news)
                     "REQUEST", "CONCEDE", "SANCTION"}
#: Nonagent nouns that also name attacks: they do not make a sentence a disaster report.
NOT_DISASTERS = {"fire", "explosion", "blast", "shot", "gunfire", "crash", "shooting", "incident"}
#: What a crowd that gathers "in ..." stands for: a rally ("in support of", "in solidarity with").
RALLY_CAUSES = {"support", "solidarity", "defence", "defense", "memory", "protest"}
#: Roots of violent acts: a weapon as subject ('a car bomb killed') keeps them.
VIOLENT_ROOTS = {"15", "17", "18", "19", "20"}
#: Acts conflict monitors code even when they are only alleged or named by a noun
#: ('accused the army of dropping chlorine', 'cases of rape by soldiers'): abduction,
#: sexual violence, chemical and incendiary attacks (the violence classes' codes).
ALLEGED_VIOLENCE = {"181", "1821", "2041"}
#: Words that name people as protesters: whatever else they do is their protest.
PROTEST_CROWDS = {"protester", "protesters", "demonstrator", "demonstrators", "marcher", "marchers",
                  "striker", "strikers"}
#: Sectors of armed groups and state forces: property they burn or raze is destroyed.
ARMED_SECTORS = {"MIL", "COP", "REB", "UAF", "IMG", "INS", "PRM", "SPY"}


@dataclass
class Coding:
    """What the coder concluded about one clause."""

    code: str
    trigger: list[Token]
    evidence: str
    specificity: float  # 0..1: how specific the lexicon match was
    source_head: Token | None = None
    target_heads: list[Token] = field(default_factory=list)
    speaker: Token | None = None
    #: The act is the governing verb ("agreed", "urged", "threatened"): its own
    #: status counts, not the governed event's ("agreed to hold" happened).
    governed: bool = False
    #: A status the coding itself settles ("would not recognise" -> REJECT, occurred).
    status: str | None = None
    #: The planned act behind a future-cooperation AGREE ("is due to visit Cairo"):
    #: coded beside the AGREE as its own event with status planned.
    planned: str | None = None


class EventCoder:
    """Pipeline stage "events": codes every parsed sentence of a Document."""

    name = "events"

    def __init__(self, *, lexicon: EventLexicon | None = None, keep_statements: bool = True,
                 min_confidence: float = 0.0, rerank: bool | Callable[..., list[Event]] = True,
                 frames: bool = True):
        self._lexicon = lexicon
        #: Read what the report is about (frame.py): in a report of a disaster, an accident,
        #: an epidemic or ordinary crime the routine response is no political event.
        self.frames = frames
        #: True: the shipped learned re-ranker (rerank.py) chooses among a sentence's
        #: candidate events; False: the rules' events as they are; or a callable
        #: (sentence, events) -> events (tools/train_coder.py records candidates so).
        self.rerank = rerank
        self._noun_head: Token | None = None
        self._violence_heads: frozenset[str] | None = None
        self._specific = False
        self.keep_statements = keep_statements
        self.min_confidence = min_confidence

    @property
    def lex(self) -> EventLexicon:
        if self._lexicon is None:
            self._lexicon = load_lexicon()
        return self._lexicon

    # ------------------------------------------------------------ stage
    def __call__(self, doc: Document) -> Document:
        first = len(doc.events)
        for sent in doc.sentences:
            if sent.doc is None or not sent.doc.has_annotation("DEP"):
                continue
            doc.events.extend(self.code_sentence(doc, sent))
        frame = report_frame(doc, self.lex, doc.events[first:]) if self.frames and len(doc.events) > first else None
        if frame is not None:
            # the whole report is read first: its lead says what its acts respond to
            doc.events[first:] = frame.keep(doc.events[first:])
        return doc

    def code_sentence(self, doc: Document, sent: Sentence) -> list[Event]:
        events: list[Event] = []
        seen: set[int] = set()
        words = tokens(sent.doc)  # spaCy tokens with their attributes read once (_tokens.py)
        for root, subject in _main_clauses(words):
            for coding in self._clauses(root, speaker=None, inherited_subject=subject, depth=0):
                if coding.trigger[0].i in seen:
                    continue
                seen.add(coding.trigger[0].i)
                events.extend(self._events_of(doc, sent, coding))
        for verb in words:
            # The parser often hangs a coordinated main verb under an embedded clause
            # ("expressed the hope that X would continue ... and agreed to hold"); a
            # conjunct with a subject of its own or inherited is still a clause.
            if verb.i in seen or verb.pos_ != "VERB" or verb.dep_ != "conj":
                continue
            if verb.head.dep_ not in ("acl", "relcl", "advcl", "xcomp", "ccomp", "pcomp"):
                continue
            if verb.tag_ not in ("VBD", "VBZ", "VBP") or syn.inside_relative(verb):
                continue  # only a finite verb can be a main clause the parser misplaced
            subject = next((c for c in verb.children if c.dep_ in syn.SUBJECT_DEPS), None) or syn.first_subject_up(verb)
            coding = self._code_clause(verb, subject, None)
            if coding is None or coding.trigger[0].i in seen:
                continue
            seen.add(coding.trigger[0].i)
            coding.specificity *= 0.8
            event = self._make_event(doc, sent, coding)
            if event is not None:
                events.append(event)
        events += self._nominal_violence(doc, sent, events)
        events += nominal.meetings(self.lex, doc, sent, events, lambda noun, code, src, tgts, why: self._make_event(
            doc, sent, Coding(code, [noun], why, 0.5, source_head=src, target_heads=tgts)))
        return self._reranked(doc, sent, events)

    def _reranked(self, doc: Document, sent: Sentence, events: list[Event]) -> list[Event]:
        """The learned re-ranker's choice among the sentence's candidate events."""
        if self.rerank is True:
            model = default_reranker_model()
            self.rerank = Reranker(model, self.lex) if model is not None else False
        return self.rerank(sent, events, doc) if self.rerank else events

    def _events_of(self, doc: Document, sent: Sentence, coding: Coding) -> list[Event]:
        """The coding's event, and beside a future-cooperation AGREE the planned act itself:
        the PLOVER manual codes "will visit" as AGREE, its future mode (and analysts coding
        whole stories) as the visit with status planned."""
        events = [e for e in (self._make_event(doc, sent, coding),) if e is not None]
        if coding.planned and events:
            act = replace(coding, code=coding.planned, specificity=coding.specificity * 0.9,
                          evidence=coding.evidence + "; the planned act", status="planned", planned=None)
            events += [e for e in (self._make_event(doc, sent, act),) if e is not None]
        protest = self._protest_met(coding) if events else None
        if protest is not None:
            events += [e for e in (self._make_event(doc, sent, protest),) if e is not None]
        alleged = self._alleged_violence(coding) if events else None
        if alleged is not None:
            events += [e for e in (self._make_event(doc, sent, alleged),) if e is not None]
        return events

    def _alleged_violence(self, coding: Coding) -> Coding | None:
        """'accused government forces of firing rockets with poison gas', 'officers were
        accused of sexually assaulting two women': beside the accusation, the alleged
        abduction, sexual violence or chemical attack itself, done by the accused (conflict
        monitors code alleged uses; other alleged acts stay the accusation alone)."""
        info = self.lex.code_info(coding.code)
        if info is None or info.root != "11":
            return None
        verb = coding.trigger[0]
        accused = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        holders = [verb] + ([accused] if accused is not None else [])
        for prep in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "of"):
            for act in (p for p in prep.children if p.dep_ == "pcomp" and p.pos_ == "VERB"):
                inner = self._code_clause(act, accused, coding.speaker)
                if inner is None or inner.code not in ALLEGED_VIOLENCE:
                    continue
                return replace(inner, source_head=accused, specificity=inner.specificity * 0.8,
                               evidence=inner.evidence + f"; the alleged act ('{verb.lemma_} of')")
        return None

    def _nominal_violence(self, doc: Document, sent: Sentence, events: list[Event]) -> list[Event]:
        """'investigations into cases of rape by Russian soldiers', 'the abduction of 276
        girls by Boko Haram': an abduction, rape or chemical attack named by a noun whose
        'by' phrase names armed men or a party is an event of its own, wherever the noun
        stands (the sentence's verb may code an inquiry, a report or nothing)."""
        if self._violence_heads is None:  # the last words of the violence nouns: a cheap pre-test
            self._violence_heads = frozenset(k[-1] for k, v in self.lex.nouns.items() if v in ALLEGED_VIOLENCE)
        coded = {e.cameo for e in events if e.cameo}
        out: list[Event] = []
        for noun in tokens(sent.doc):
            if noun.pos_ == "VERB" and noun.dep_ in ("acomp", "amod", "acl"):
                participle = self._violence_participle(noun, coded)
                if participle is not None:
                    out += [e for e in (self._make_event(doc, sent, participle),) if e is not None]
                    coded.add(participle.code)
                continue
            if noun.pos_ != "NOUN" or noun.lemma_.lower() not in self._violence_heads and noun.lower_ not in self._violence_heads:
                continue
            code = syn.lookup_noun(self.lex, noun)
            if code not in ALLEGED_VIOLENCE or code in coded:
                continue
            holders = [noun]
            if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
                holders.append(noun.head.head)  # ('cases of rape by soldiers': the parser's 'by' on 'cases')
            by = [p for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "by"
                  for p in c.children if p.dep_ == "pobj"]
            verb = noun
            for _ in range(5):  # up the object's 'of' chain to its verb ('recorded dozens of cases of rape')
                if verb.dep_ not in ("pobj", "prep") or verb.head.i == verb.i:
                    break
                verb = verb.head
            verb = verb.head if verb.dep_ == "dobj" else None
            if not by and verb is not None and not any(c.dep_ == "auxpass" for c in verb.children):
                # ('documented cases of rape by soldiers', the parser's 'by' on the verb): armed men only
                by = [p for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                      for p in c.children if p.dep_ == "pobj" and self._armed_noun(p)]
            of = [p for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "against", "on")
                  for p in c.children if p.dep_ == "pobj"]
            if not by:
                continue
            coding = Coding(code, [noun], f"violence noun '{noun.lemma_}' + 'by' its perpetrators", 0.5,
                            source_head=by[0], target_heads=of)
            event = self._make_event(doc, sent, coding)
            if event is not None:
                out.append(event)
                coded.add(code)
        return out

    def _violence_participle(self, verb: Token, coded: set[str]) -> Coding | None:
        """'A girl was gang-raped by three soldiers' (parsed 'was ... raped' as an adjective),
        'women abducted by the militia': a participle of abduction or rape with a 'by' phrase
        the parser did not make a clause is the act, its noun or subject the victim."""
        code = self.lex.verb_code.get(syn.verb_lemma(verb))
        if code not in ALLEGED_VIOLENCE or code in coded:
            return None
        by = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if not by:
            return None
        victim = verb.head if verb.dep_ in ("amod", "acl") else syn.subject(verb.head)
        return Coding(code, [verb], f"participle '{syn.verb_lemma(verb)}' + 'by' its perpetrators", 0.5,
                      source_head=by[0], target_heads=[victim] if victim is not None else [])

    def _protest_met(self, coding: Coding) -> Coding | None:
        """'Police fired tear gas at demonstrators', 'broke up a sit-in by students',
        'arrested dozens of rioters': force used on a protest reports the protest too, a
        second event whose source is the crowd (issue 7: PROTEST beside the COERCE)."""
        info = self.lex.code_info(coding.code)
        if info is None or info.root not in ("17", "18", "19") and "dispers" not in coding.evidence \
                and info.event not in ("COERCE", "ASSAULT"):
            return None
        if any(syn.verb_lemma(t) in ("ban", "prevent", "prohibit", "forbid", "outlaw", "bar", "cancel", "postpone")
               for t in coding.trigger):
            return None  # a banned or prevented rally did not take place
        verbs = list(coding.trigger) + [c for t in coding.trigger for c in t.children
                                        if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"]
        heads = list(coding.target_heads) + [c for v in verbs for c in v.children if c.dep_ == "dobj"]
        heads += [p for v in verbs for c in v.children if c.dep_ == "prep" and c.lower_ in ("at", "on", "against")
                  for p in c.children if p.dep_ == "pobj"]
        for head in heads:
            for tok in [head] + [t for t in head.subtree if t.dep_ == "pobj" and t.i - head.i <= 4]:
                noun = (syn.lookup_noun(self.lex, tok) or "")[:2] == "14" and tok.pos_ == "NOUN" \
                    and f"event noun '{tok.lemma_}'" not in coding.evidence  # ("carried out strikes on")
                crowd = tok.lower_ in self.lex.protester_nouns and tok.lower_ not in (
                    "supporters", "residents", "villagers", "farmers", "workers", "worker", "students",
                    "student", "youth", "youths", "fans") or any(
                    c.dep_ in ("acl", "relcl") and (self.lex.verb_code.get(syn.verb_lemma(c)) or "")[:2] == "14"
                    for c in tok.children)  # "farmers marching toward Delhi"
                if not (noun or crowd):
                    continue
                by = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"
                      for p in c.children if p.dep_ == "pobj"]
                code = "145" if tok.lower_ in ("rioter", "rioters", "mob", "mobs") else (
                    syn.lookup_noun(self.lex, tok) if noun else "141")
                return Coding(code, [tok], f"a protest met with force ('{tok.text}')", coding.specificity * 0.8,
                              source_head=by[0] if by else tok, speaker=coding.speaker)
        return None

    # ------------------------------------------------------------ clauses
    def _clauses(self, verb: Token, speaker: Token | None, inherited_subject: Token | None,
                 depth: int) -> list[Coding]:
        """Codings for this clause head and the clauses it coordinates or reports."""
        if depth > 4:
            return []
        out: list[Coding] = []
        subject = syn.subject(verb) or inherited_subject
        if _own_passive(verb) and subject is not None and (self._crowd(subject) or self._people(subject)
                                                            or subject.lower_ in self.lex.protester_nouns):
            # "youths hurled stones ..., and 70 people were detained": the crowd of the
            # first clause is no agent of the passive (troops who entered a town and
            # houses that were burned keep theirs)
            subject = None
        named = None  # an event noun as the subject of a verb that codes nothing
        if syn.verb_lemma(verb) in self.lex.reporting and verb.pos_ in ("VERB", "AUX") \
                and f"{syn.verb_lemma(verb)} {syn.particle(verb, self.lex.particles)}" not in self.lex.verb_code:
            # (a phrasal verb is not the reporting verb: "wrote off Iraq's debts")
            reported = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
            reported += [c for c in verb.head.children if c.dep_ == "ccomp"] if verb.dep_ == "parataxis" else []
            nominal = [(c, n) for n in reported if n.pos_ in ("NOUN", "PROPN") for c in _acl_verbs(n)]
            for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"):
                # "was quoted as saying that ...": the saying reports the clause
                reported += [c for c in prep.children if c.dep_ == "pcomp" and syn.verb_lemma(c) in self.lex.reporting]
            # an attribution tail ("Rebels shelled the town, officials said") only says
            # who reported the clause before it: it is no statement of its own
            tail = bool(reported) and all(c.i < verb.i for c in reported)
            inner: list[Coding] = []
            for clause in reported:
                inner += self._clauses(clause, speaker=subject, inherited_subject=None,
                                       depth=depth + 1)
            for clause, noun in nominal:
                # "Two bombings killed 60 people, officials said" parsed as a noun with a
                # participle: the participle is the reported clause, the noun its subject
                inner += self._clauses(clause, speaker=subject, inherited_subject=noun, depth=depth + 1)
            own = None if reported else self._code_clause(verb, subject, speaker)
            if not reported and (own is None or own.code[:2] in ("01", "02")):
                # "The release of 40 prisoners by the junta was confirmed": the reported
                # event is the nominalisation the reporting verb is about
                announced = self._reported_noun(verb, speaker)
                if announced is not None:
                    own, self._noun_head = announced, announced.trigger[0]
            if not inner:
                inner = [c for c in (self._reported_crime(r, subject) for r in reported) if c]
            if own is not None and own.code[:2] not in ("01", "02") and self._noun_head is not None:
                out.append(own)  # "declared a unilateral ceasefire": the noun is the event
            elif inner:
                out += inner
            elif verb.lemma_.lower() == "deny" and reported:
                out.append(Coding("016", [verb], "'deny' + reported clause", 0.4, source_head=subject))
            elif self._ultimatum(verb) or syn.verb_lemma(verb) == "tell" and any(
                    c.dep_ == "xcomp" for c in verb.children):
                # "told the army to leave the town or face an assault": an order to
                # someone is a demand, backed by a threat an ultimatum
                code = "130" if self._ultimatum(verb) else "100"
                out.append(Coding(code, [verb], f"'{verb.lemma_}' + order" + (" or face" if code == "130" else ""),
                                  0.55, source_head=subject, speaker=speaker,
                                  target_heads=[c for c in verb.children if c.dep_ in ("dobj", "dative")]))
            elif self.keep_statements and not tail:
                code = self._verb_code(verb)[0] or "010"
                if code[:2] in ("01", "02") or code == "010":
                    out.append(Coding(code, [verb], f"reporting verb '{verb.lemma_}'", 0.4,
                                      source_head=subject))
        else:
            coding = self._code_clause(verb, subject, speaker)
            if coding is None and self._attacker(subject) and self._mass_casualties(verb):
                # "a suicide bomber blew himself up in a market, killing 30": the act that
                # killed (not "a bus driver lost control, killing 14": an accident)
                coding = Coding("180", [verb], f"'{verb.lemma_}' killing many: an assault", 0.6,
                                source_head=subject, speaker=speaker)
            named = light.subject_event(self.lex, verb, subject) if coding is None else None
            protest = self._protest_purpose(verb, subject, speaker)
            protest_info = self.lex.code_info("140")
            if coding is not None and coding.code[:2] in ("17", "14") and self._kills(verb):
                # "set fire to a bus ..., killing three passengers": the act killed
                coding.code, coding.evidence = "180", coding.evidence + "; killing: an assault"
            if coding is not None and self._staying_put(coding, subject):
                # "activists ... vowed to stay until the project was scrapped": a crowd that
                # vows to stay is sitting in, no promise (CAMEO 141)
                coding = replace(coding, code="141", evidence=coding.evidence + "; a crowd vowing to stay: a sit-in")
            finer = subcodes.refine(coding.code, verb, subject) if coding is not None else None
            if finer is not None:  # "warplanes carried out raids": aerial weapons (CAMEO 195)
                coding.code, coding.evidence = finer[0], f"{coding.evidence}; {finer[1]}"
            if protest is not None and (coding is None or coding.code[:2] in ("01", "02", "12", "15", "16")
                                        or (self.lex.code_info(coding.code) or protest_info).quad <= 2):
                coding = protest  # "stayed away from work to protest", "converged ... for a rally"
            announced = self._announced_governor(verb)
            if announced is not None and (coding is None or coding.code[:2] in ("01", "02", "06")):
                # "issued a declaration demanding that Israel halt ...": the declaration's
                # demand is the event, its issuer the source
                out += self._clauses(announced, speaker, subject, depth + 1)
                coding = None
            elif coding is None and speaker is not None and syn.modal_obligation(verb) and subject is not None:
                # "X declared that China must drop barriers": X demands it of China
                coding = Coding("100", [verb], "obligation in reported speech", 0.55,
                                source_head=speaker, target_heads=[subject], speaker=speaker)
            if coding:
                out.append(coding)
            elif announced is None:
                # copulas, empty and uncoded verbs ("tried to", "responded by
                # recalling"): the event is in their complement
                for child in verb.children:
                    if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                        out += self._clauses(child, speaker, subject, depth + 1)
                    elif child.dep_ == "acomp":
                        # "is due to visit Cairo", "is ready to help"
                        governed = [c for c in child.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
                        for xc in governed:
                            out += self._clauses(xc, speaker, subject, depth + 1)
                        if not governed and child.lemma_.lower() in syn.STATIVE_PASSIVES:
                            # "Greece is opposed to drilling": the participle is the event
                            stance = self._code_clause(child, subject, speaker)
                            if stance is not None:
                                out.append(stance)
                    elif child.dep_ == "prep" and child.lower_ in ("by", "with"):
                        # "responded by recalling its diplomats": the means is the event
                        for pcomp in (c for c in child.children if c.dep_ == "pcomp" and c.pos_ == "VERB"):
                            out += self._clauses(pcomp, speaker, subject, depth + 1)
        for conj in verb.children:
            if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX"):
                out += self._clauses(conj, speaker, syn.subject(conj) or subject, depth + 1)
            elif conj.dep_ in ("dobj", "pobj", "prep", "nsubj") :
                for rel in (r for r in conj.subtree if r.dep_ == "relcl" and r.pos_ == "VERB"
                            and r.tag_ == "VBD" and _own_noun_subject(r)):
                    # "... marched to Congress, where police fired tear gas"
                    for c in self._clauses(rel, speaker, None, depth + 1):
                        c.specificity *= 0.7
                        out.append(c)
            elif conj.dep_ == "advcl" and conj.pos_ == "VERB" and self._second_act(conj, out):
                # "police broke up the crowd, arresting several people": a participle
                # telling an act of another kind by the same subject is a second event
                out += self._clauses(conj, speaker, subject, depth + 1)
            elif conj.dep_ == "advcl" and conj.pos_ == "VERB" and self._reports_event(conj):
                # "..., urging him to send troops", "after the prime minister refused to
                # meet ...": subordinate clauses report events too, less centrally. An
                # "after ..." clause is the background of a main event (the gold sets code
                # only the main one), except the protest police answered ("arrested 20
                # activists after they marched"); with no main event it is the news.
                after = any(m.lower_ == "after" for m in conj.children if m.dep_ == "mark")
                answered = any(c.code[:2] in ("17", "18") for c in out)
                for c in self._clauses(conj, speaker, syn.subject(conj) or subject, depth + 1):
                    if after and out and not (answered and c.code[:2] == "14"):
                        continue
                    c.specificity *= 0.7
                    out.append(c)
        if named is not None:  # "The signing of the treaty by ... brought an end to", after the clauses it
            # must not silence ("ended without agreement after X refused to meet")
            out.append(Coding(named[0], [named[1]], f"event noun '{named[1].lemma_}' as subject", 0.55,
                              source_head=named[2], speaker=speaker))
        return out

    def _mass_casualties(self, verb: Token) -> bool:
        """Did the act kill many ('..., killing 39 people'; subcodes.json mass_casualty):
        political violence whoever carried it out, unlike 'a man stabbed three people'."""
        kills = [c for c in verb.children if c.dep_ in ("advcl", "conj") and c.tag_ == "VBG"
                 and syn.verb_lemma(c) in ("kill", "massacre", "slaughter")]
        if syn.verb_lemma(verb) in ("kill", "massacre", "slaughter"):
            kills.append(verb)
        least = subcodes.table()["mass_casualty"]["min_count"]
        return any(subcodes.count(o) >= least for k in kills for o in k.children if o.dep_ == "dobj")

    def _staying_put(self, coding: Coding, subject: Token | None) -> bool:
        """An intent (03) to stay or remain somewhere until something happens, by protesters
        or a crowd: a sit-in, not an agreement."""
        if coding.code[:2] != "03" or len(coding.trigger) < 2 or subject is None:
            return False
        stay = coding.trigger[-1]
        return syn.verb_lemma(stay) in ("stay", "remain") and any(
            c.dep_ in ("advcl", "prep") and c.lower_ == "until" or any(m.lower_ == "until" for m in c.children if m.dep_ == "mark")
            for c in stay.children) and (self._crowd(subject) or self._people(subject)
                                         or any(t.lower_ in self.lex.protester_nouns for t in subject.subtree))

    def _attacker(self, head: Token | None) -> bool:
        """A subject named as an attacker ('a suicide bomber', 'gunmen', 'armed men') or by
        an attack ('two car bombs')."""
        if head is None:
            return False
        return self.lex.classes["unnamed_agents"].get(head.lower_) in ("UAF", "REB", "PRM") \
            or self._unnamed_agent_words(head) or (syn.lookup_noun(self.lex, head) or "")[:2] in ("18", "19", "20")

    def _mass_attack(self, coding: Coding) -> bool:
        """Many killed by someone ('a gunman', 'a married couple') or by an attack ('two
        suicide bombings'), not by a stampede or a dam that burst."""
        head = coding.source_head
        if head is None or not self._mass_casualties(coding.trigger[0]):
            return False
        return frame_agent(head, self.lex) or (syn.lookup_noun(self.lex, head) or "")[:2] in ("18", "19", "20")

    def _came_under(self, verb: Token, subject: Token | None, speaker: Token | None) -> Coding | None:
        """'The port came under rocket fire from government forces', 'the convoy came under
        attack': the subject is the target of the attack named after 'under'; its 'from' or
        'by' phrase names the attacker."""
        if syn.verb_lemma(verb) != "come":
            return None
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "under"):
            for noun in (p for p in prep.children if p.dep_ == "pobj"):
                code = syn.lookup_noun(self.lex, noun) or ("190" if noun.lemma_.lower() in ("fire", "gunfire") else "")
                if code[:2] not in ("18", "19", "20"):
                    continue
                by = [p for h in (verb, noun) for c in h.children if c.dep_ in ("prep", "agent")
                      and c.lower_ in ("from", "by") for p in c.children if p.dep_ == "pobj"]
                return Coding(code, [verb, noun], f"'come under {noun.lemma_}': attacked", 0.6,
                              source_head=by[0] if by else None,
                              target_heads=[subject] if subject is not None else [], speaker=speaker)
        return None

    def _kills(self, verb: Token) -> bool:
        """A participle of killing on the clause: '..., killing three', 'wounding 20'."""
        return any(c.dep_ in ("advcl", "conj") and c.tag_ == "VBG"
                   and syn.verb_lemma(c) in self.lex.classes["violent_results"] for c in verb.children)

    def _reported_noun(self, verb: Token, speaker: Token | None) -> Coding | None:
        """An event noun that is what the reporting verb reports ('the expulsion of the
        ambassador was announced'): its 'by' phrase is the source, its 'of' phrase the target."""
        for noun in (c for c in verb.children if c.dep_ == "nsubjpass"):  # not "claimed the attack"
            code = light.noun_code(self.lex, noun)  # also "the lifting of the curfew", "the freezing of"
            if not code or code[:2] in ("01", "02"):
                continue
            by = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"
                  for p in c.children if p.dep_ == "pobj"]
            of = [p for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "to", "from", "against")
                  for p in c.children if p.dep_ == "pobj"]
            return Coding(code, [noun], f"reported event noun '{noun.lemma_}'", 0.55,
                          source_head=by[0] if by else None, target_heads=of, speaker=speaker)
        return None

    def _reported_crime(self, clause: Token, speaker: Token | None) -> Coding | None:
        """'Prosecutors concluded that the former president had taken bribes': a crime
        reported by a speaker is the speaker's accusation (CAMEO 112) of its subject."""
        crimes = self.lex.classes["crime_nouns"]
        if speaker is None or not any(c.dep_ == "dobj" and c.lemma_.lower() in crimes for c in clause.children):
            return None
        subj = syn.subject(clause)
        return Coding("112", [clause], f"reported crime ('{clause.lemma_}')", 0.55, source_head=speaker,
                      target_heads=[subj] if subj is not None else [], speaker=speaker)

    def _protest_purpose(self, verb: Token, subject: Token | None, speaker: Token | None) -> Coding | None:
        """A clause done to protest: its purpose ('to protest pay cuts', 'to demonstrate')
        or its occasion ('for a rally', 'in protest') names a protest; a crowd coming
        together ('gathered', 'packed the square', 'filled the streets') with a demand as
        its purpose or manner ('to press him to resign', 'demanding ...') is a rally."""
        assembly = syn.verb_lemma(verb) in self.lex.classes["assembly_verbs"] and self._crowd(subject)
        if assembly and subject is not None and syn.verb_lemma(verb) != "take" and any(
                t.lower_ in self.lex.protester_nouns for t in subject.subtree):
            # "tens of thousands of opposition supporters packed the square", "demonstrators
            # occupied the main roads": protesters who gather or occupy a place rally there
            return Coding("141", [verb], f"protesters '{verb.lemma_}': a rally", 0.6,
                          source_head=syn.source(verb, subject), speaker=speaker)
        for child in verb.children:
            if assembly and child.dep_ in ("advcl", "xcomp", "conj") and child.pos_ == "VERB":
                own = self.lex.verb_code.get(syn.verb_lemma(child)) or ""
                if own[:2] in ("10", "14") or syn.verb_lemma(child) in ("chant", "wave", "carry", "hold"):
                    return Coding("141", [verb], f"a crowd '{verb.lemma_}' + '{child.lemma_}': a rally", 0.6,
                                  source_head=syn.source(verb, subject), speaker=speaker)
            code = None
            if child.dep_ in ("advcl", "xcomp") and child.pos_ == "VERB":
                code = self.lex.verb_code.get(syn.verb_lemma(child))
            elif child.dep_ == "prep" and child.lower_ in ("for", "in"):
                for pobj in (p for p in child.children if p.dep_ == "pobj"):
                    code = syn.lookup_noun(self.lex, pobj) or code
                    if assembly and child.lower_ == "in" and pobj.lemma_.lower() in RALLY_CAUSES:
                        code = "141"  # "gathered in support of the president", "in solidarity with"
            elif child.dep_ == "prep" and child.lower_ == "as":
                # "honking horns as part of a general strike": the act is part of a protest
                for part in (p for p in child.children if p.dep_ == "pobj" and p.lemma_.lower() == "part"):
                    code = next((c for c in (syn.lookup_noun(self.lex, n) for n in _of_chain(part)[1:]) if c), code)
            if code and code[:2] == "14":
                return Coding(code, [verb], f"'{verb.lemma_}' for a protest ('{child.text}')", 0.6,
                              source_head=syn.source(verb, subject), speaker=speaker)
        return self._protesters_act(verb, subject, speaker)

    def _protesters_act(self, verb: Token, subject: Token | None, speaker: Token | None) -> Coding | None:
        """'Demonstrators knelt in silence outside the embassy', 'protesters lay down on the
        tracks': what protesters do that names no event of its own is their protest."""
        if subject is None or verb.pos_ != "VERB" or not any(t.lower_ in PROTEST_CROWDS for t in subject.subtree):
            return None
        lemma = syn.verb_lemma(verb)
        if lemma in self.lex.reporting or lemma in self.lex.neutral or lemma in self.lex.governors \
                or any(c.dep_ in ("auxpass", "neg") for c in verb.children):
            return None  # (protesters said, began, wanted; were beaten; did not march)
        noun_head, specific = self._noun_head, self._specific
        own = self._verb_code(verb)[0]
        # (one protest for coordinated acts: 'climbed the walls, tore down the flag and ...')
        first = verb.dep_ == "conj" and verb.head.pos_ == "VERB" and self._verb_code(verb.head)[0] is None
        self._noun_head, self._specific = noun_head, specific
        if own is not None or first:
            return None
        return Coding("141", [verb], f"protesters '{lemma}': a protest", 0.5,
                      source_head=syn.source(verb, subject), speaker=speaker)

    def _announced_governor(self, verb: Token) -> Token | None:
        """A participle governor on the verb's object: 'issued a statement demanding',
        'adopted a resolution calling for'."""
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            for acl in (c for c in obj.children if c.dep_ == "acl" and c.tag_ == "VBG"):
                if syn.verb_lemma(acl) in self.lex.governors:
                    return acl
        return None

    def _second_act(self, participle: Token, codings: list[Coding]) -> bool:
        """A participle after its clause ('..., detaining 25 of them') whose verb codes
        an arrest, detention or deportation (CAMEO 173, 174) of an object of its own, when the
        clause itself codes no such act: it tells a second event, not the manner of the
        first (unlike '..., killing three', the outcome of the act)."""
        if participle.tag_ != "VBG" or participle.i < participle.head.i \
                or syn.verb_lemma(participle.head) in self.lex.reporting \
                or not any(c.dep_ == "dobj" for c in participle.children):
            return False
        code = self.lex.verb_code.get(syn.verb_lemma(participle)) or ""
        info = self.lex.code_info(code) if code[:3] in ("173", "174") else None
        return info is not None and all((self.lex.code_info(c.code) or info).event != info.event for c in codings)

    def _reports_event(self, clause: Token) -> bool:
        """Is a subordinate clause worth coding? Governors ('urging X to') and clauses of
        time with their own subject ('after the prime minister refused to meet');
        purpose and manner participles ('to demand reforms', 'killing two') are not."""
        if syn.verb_lemma(clause) in self.lex.governors and clause.tag_ == "VBG":
            return True  # ", urging the counterpart to sign", not "to demand reforms"
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark" or c.dep_ == "advmod" and c.lower_ == "when"}
        has_subject = any(c.dep_ in syn.SUBJECT_DEPS for c in clause.children)
        modal = any(c.dep_ == "aux" and c.lower_ in syn.CONDITIONAL_AUX | {"can"} for c in clause.children)
        return has_subject and not modal and bool(marks & {"after", "when", "as"})

    def _code_clause(self, verb: Token, subject: Token | None,
                     speaker: Token | None) -> Coding | None:
        lex = self.lex
        lemma = syn.verb_lemma(verb)
        self._noun_head = None
        self._specific = False
        outcome = self._outcome_of_act(verb, subject, speaker) or self._came_under(verb, subject, speaker)
        if outcome is not None:
            return outcome
        base, evidence, spec = self._verb_code(verb)
        noun_head = self._noun_head
        governor_class = None if self._specific else self._governor_class(verb, base)
        complement = None if self._specific else syn.complement(verb)
        says = base is None or base[:2] in ("01", "02", "03", "10", "12", "13") or (
            lemma in ("issue", "send", "deliver", "make", "renew", "repeat", "voice") and noun_head is None)
        # ("issued a reminder that": the noun governs; "signed a plan" is a signing)
        if says and not self._specific and (not governor_class or complement is None
                                             or complement.pos_ not in ("VERB", "AUX")):
            # "reiterated its demand that", "rejected an offer to host": but not
            # "denounced the decision to build", where the verb is the event
            noun_gov = self._governor_noun(verb)
            if noun_gov is not None:
                # "rejected an offer to host talks": the verb's class (reject) wins and
                # the offer's clause is what is rejected; "reiterated its demand that":
                # the noun's class
                own = base[:2] if base and base[:2] in ("02", "03", "10", "12", "13") else None
                governor_class = governor_class or own or noun_gov[0]
                complement = noun_gov[1]
        if lemma in lex.classes["victim_verbs"] and subject is not None:
            # "an activist died under torture in custody", "died in an air strike": the
            # violence named by the preposition, with the one who died as its target
            for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("under", "in", "from", "during", "after")):
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    code = syn.lookup_noun(lex, pobj)
                    if code and code[:2] in ("18", "19", "20"):
                        return Coding(code, [verb], f"'{lemma}' {prep.lower_} '{pobj.lemma_}': a victim", 0.6,
                                      source_head=None, target_heads=[subject], speaker=speaker)
            return None  # dying alone names no act and no actor
        trigger = [verb]
        targets = syn.target_heads(verb)
        if noun_head is not None and complement is not None and complement.i == noun_head.i:
            governor_class = None  # "called a general strike": the strike is the event
        asked = None if self._specific else self._prep_governor(verb, lemma)
        if asked is not None:
            # "called for sanctions against the junta": what is called for is asked, not done
            governor_class, complement = asked
            noun_head = None
        if lemma == "deny" and complement is not None and complement.dep_ == "ccomp":
            # "denied that its troops had targeted journalists": a denial (CAMEO 016), a
            # statement, not a rejection of what the clause says
            return Coding("016", [verb], "'deny' + that-clause: a denial", 0.5,
                          source_head=syn.source(verb, subject), speaker=speaker)
        if governor_class == "10" and lemma == "order" and complement is not None and self._orders_forces(verb, complement):
            # "ordered police patrols to be doubled", "ordered troops to the border": a
            # command to one's own forces is what they do, not a demand of someone else
            inner = self._verb_code(complement)[0]
            return Coding(inner if inner and inner[:2] != "10" else "150", [verb, complement],
                          f"'order' + own forces ('{complement.lemma_}')", 0.65,
                          source_head=syn.source(verb, subject), target_heads=syn.target_heads(complement),
                          speaker=speaker, governed=True)
        if governor_class == "02" and lemma == "request" and any(c.lower_ in ("formally", "officially") for c in verb.children):
            governor_class = "10"  # "formally requested that Britain extradite": a demand, not an appeal
        if governor_class and complement is not None:
            inner_code, inner_ev, inner_spec = self._verb_code(complement)
            if inner_code is None:
                inner_code, inner_ev, inner_spec = self._nested_code(complement)
            own = lex.verb_code.get(syn.verb_lemma(complement)) or ""
            if (governor_class == "03" and inner_code and inner_code[:2] in _conflict_roots(lex)
                    and lemma != "agree"  # an agreement binds both sides: "agreed to cut its stockpile"
                    and (not inner_ev.startswith("pattern") or own[:2] == inner_code[:2])):
                # "vowed to attack": an intention to fight is a threat (but a noisy
                # PETRARCH pattern on the governed verb is not enough evidence)
                governor_class = "13"
            if governor_class == "12" and syn.verb_lemma(complement) in lex.complements["no_comment_verbs"]:
                code = "011"  # "declined to comment"
            else:
                code = lex.combine(governor_class, inner_code)
            evidence = f"'{lemma}' ({governor_class}) + '{complement.lemma_}'" + (
                f" [{inner_ev}]" if inner_ev else "")
            spec = max(spec, inner_spec, 0.6)
            trigger = [verb, complement]
            targets = targets + [t for t in syn.target_heads(complement) if t.i not in {x.i for x in targets}]
            if complement.dep_ == "ccomp" and governor_class in ("10", "02"):
                # "demanded that the US cancel ...": the US is the target
                targets = [t for t in (syn.subject(complement),) if t is not None] + targets
            elif complement.dep_ == "ccomp":
                # "warned that the EU would impose measures on Kosovo": Kosovo
                targets = syn.target_heads(complement) + targets
        elif base is None:
            return None
        else:
            code = base
        if self._ultimatum(verb) and code[:2] not in ("13",):
            # "gave the government 48 hours to release him or face attacks": an ultimatum
            code, evidence = lex.combine("13", code if code[:2] in _conflict_roots(lex) else None), \
                evidence + "; ultimatum ('or face')"
        before = code
        code, evidence, source_override, targets = self._apply_modality(
            verb, code, evidence, subject, speaker, targets,
            governed=governor_class == "03" and complement is not None)
        planned = before if (evidence.endswith("; future cooperation")
                             and before[:2] in lex.complements["future"]["planned_roots"]) else None
        source_head = source_override or syn.source(verb, subject)
        if source_head is None and code[:2] == "15" and self._specific:
            # "thousands of Ethiopian troops were moved to the border": the forces moved
            # are their state's show of force
            source_head = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if noun_head is not None and not governor_class:
            # "The 3rd round of the Russia-Pakistan JMCC was held": the event noun's
            # own modifiers name its participants; the noun is not a target
            targets = [t for t in targets if t.i != noun_head.i]
            between = None if any(c.dep_ == "nsubj" and c.i != noun_head.i for c in verb.children) \
                else light.between(noun_head)  # "talks between Armenia and Azerbaijan were held"
            if between is not None or source_head is None or source_head.i == noun_head.i:
                source_head = between if between is not None else noun_head
        return Coding(code, trigger, evidence, spec, source_head=source_head,
                      target_heads=targets, speaker=speaker, governed=len(trigger) > 1,
                      status="occurred" if ("negated" in evidence or "threatened" in evidence) else None,
                      planned=planned)

    def _outcome_of_act(self, verb: Token, subject: Token | None,
                        speaker: Token | None) -> Coding | None:
        """'Clashes between the army and rebels left 12 dead', 'an air strike on the market
        killed five', 'the riot claimed three lives': a violent act or a protest named as
        the subject of a verb of its outcome is the event (phenomena such as explosions
        and fires are not acts: the actor rules decide them)."""
        if subject is None:
            return None
        lemma = syn.verb_lemma(verb)
        particle = syn.particle(verb, self.lex.particles)
        if self._armed_thing(subject) and subject.lower_ not in self.lex.classes["unnamed_agents"] \
                and (lemma in self.lex.classes["impact_verbs"] or (
                f"{lemma} {particle}" in self.lex.classes["impact_verbs"])):
            # "rockets slammed into a depot", "a truck bomb exploded near the embassy": a
            # weapon that hits is an attack, its user unnamed unless the phrase names one
            own = syn.lookup_noun(self.lex, subject) or ""
            code = own if own[:2] in VIOLENT_ROOTS else "183" if lemma in ("explode", "detonate", "go", "blow") else "190"
            code = self._chemical(subject, code)
            return Coding(code, [verb], f"weapon '{subject.lemma_}' {lemma}: an attack", 0.6,
                          source_head=subject, target_heads=syn.target_heads(verb), speaker=speaker)
        if lemma not in self.lex.classes["outcome_verbs"]:
            return None
        code = syn.lookup_noun(self.lex, subject)
        if not code or code[:2] not in ("14", "18", "19", "20") or self._noun_class(subject) == "nonagent":
            return None
        if code[:3] == "143" and syn.verb_lemma(verb) in self.lex.classes["violent_results"] | {
                "destroy", "damage", "hit", "level", "flatten"}:
            code = "190"  # "Israeli strikes destroyed a tower": a military strike, not a labour one
        if code[:2] in ("18", "19") and any(t.lower_ in self.lex.protester_nouns for t in subject.subtree):
            code = "145"  # "clashes between protesters and police left 25 dead": a riot
        code = self._chemical(subject, code)
        on = [p for c in subject.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "in")
              for p in c.children if p.dep_ == "pobj"]
        return Coding(code, [verb], f"'{subject.lemma_}' {verb.lemma_}: the act named as subject", 0.65,
                      source_head=subject, target_heads=on + syn.target_heads(verb), speaker=speaker)

    def _armed_thing(self, noun: Token) -> bool:
        """A weapon ('rockets', 'an improvised explosive device') or a thing carrying one
        ('a truck packed with explosives'), not a phenomenon ('an explosion')."""
        if self._noun_class(noun) == "means" or self._noun_class(noun) != "nonagent" and (
                syn.lookup_noun(self.lex, noun) or "")[:2] == "18":
            return True
        return self._noun_class(noun) == "vehicle" and any(
            self._noun_class(t) == "means" for t in noun.subtree if t.i != noun.i)

    def _chemical(self, noun: Token, code: str) -> str:
        """An attack whose phrase names a chemical weapon ('a sarin attack', 'an attack
        with chlorine gas') is a chemical attack (CAMEO 2041)."""
        if code[:2] not in ("18", "19", "20"):
            return code
        words = [t for t in noun.subtree if t.i - noun.i < 8]
        lemmas = [t.lemma_.lower() for t in words]
        chem = self.lex.classes["chemical_nouns"]
        if any(w in chem for w in lemmas) or any(f"{a} {b}" in chem for a, b in zip(lemmas, lemmas[1:])):
            return "2041"
        return code

    def _weapon_use(self, verb: Token, lemma: str) -> tuple[str, str, float] | None:
        """'used nerve gas against villages', 'dropped barrels of chlorine on the town',
        'deployed drones and artillery against positions': using a weapon on someone is an
        attack; a chemical weapon makes it a chemical attack (CAMEO 2041)."""
        if any(c.dep_ == "advmod" and c.lower_ == "sexually" for c in verb.children):
            return "1821", f"'sexually {lemma}': sexual violence", 0.75  # "sexually abused by guards"
        if lemma == "subject":
            # "subjected detainees to sexual abuse / torture": the noun is the act
            for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"):
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    code = syn.lookup_noun(self.lex, pobj) or ""
                    if code[:2] in VIOLENT_ROOTS:
                        return code, f"'subject to {pobj.lemma_}'", 0.7
        if lemma not in self.lex.classes["weapon_use_verbs"]:
            return None
        if lemma in ("use", "employ") and any(
                syn.lookup_noun(self.lex, o) == "1821" for o in verb.children if o.dep_ == "dobj"):
            return "1821", f"'{lemma}' + sexual violence", 0.7  # "used rape as a weapon of war"
        for purpose in (c for c in verb.children if lemma in ("use", "employ") and c.dep_ in ("xcomp", "advcl")
                        and c.pos_ == "VERB" and c.i > verb.i):
            # "used drones to drop grenades containing chloropicrin": the weapon's use
            inner = self._weapon_use(purpose, syn.verb_lemma(purpose))
            if inner is not None:
                return inner[0], f"'{lemma} ... to' + {inner[1]}", inner[2]
        chem = self.lex.classes["chemical_nouns"]
        with_ = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                 for p in c.children if p.dep_ == "pobj"]
        if any(t.lemma_.lower() in chem or f"{t.lemma_.lower()} {t.head.lemma_.lower()}" in chem
               for w in with_ for t in w.subtree):
            return "2041", f"'{lemma}' with a chemical weapon", 0.75  # "poisoned with a nerve agent"
        if lemma in ("poison", "attack", "target", "kill", "gas"):
            return None  # (these use a weapon only 'with' it)
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if not objects:
            return None
        chain = [n for o in objects for n in syn.noun_chain(o) + list(o.conjuncts)]
        chain += [t for o in objects for t in o.subtree if t.dep_ in ("pobj", "compound") and t.i - o.i < 6]
        chain += [t for o in objects for t in o.subtree if t.dep_ in ("dobj", "conj") and t.head.dep_ == "acl"
                  and t.i - o.i < 6]  # ("grenades containing chloropicrin")
        lemmas = {t.lemma_.lower() for t in chain} | {t.lower_ for t in chain}
        lemmas |= {f"{t.lemma_.lower()} {t.head.lemma_.lower()}" for t in chain if t.dep_ == "compound"}
        aimed = any(c.dep_ == "prep" and c.lower_ in ("on", "against", "at", "in") for c in verb.children)
        if lemmas & chem and (aimed or lemma != "release"):
            return "2041", f"'{lemma}' + a chemical weapon", 0.75
        if (aimed and lemma in ("use", "deploy", "employ", "unleash", "fire", "launch") or lemma == "drop") and any(
                self._noun_class(t) == "means" for t in chain):
            return "190", f"'{lemma}' + weapons against a target", 0.65
        return None

    @staticmethod
    def _ultimatum(verb: Token) -> bool:
        """'... or face attacks', '... or else': a demand backed by a threat."""
        if "or" not in lowers(verb.doc):
            return False  # (most sentences: no subtree to walk)
        words = [t.lower_ for t in verb.subtree]  # by surface: the parser often misreads "face"
        return any(a == "or" and b in ("face", "else") for a, b in zip(words, words[1:]))

    def _orders_forces(self, verb: Token, complement: Token) -> bool:
        """Is what is ordered done by forces or police ('ordered troops to', 'ordered
        police patrols to be doubled')?"""
        subject = syn.subject(verb)
        if subject is not None and subject.lemma_.lower() in ("court", "judge", "tribunal", "prosecutor"):
            return False  # a court's order is a demand on the police
        heads = [c for c in verb.children if c.dep_ in ("dobj", "nsubj") and c.i > verb.i]
        heads += [c for c in complement.children if c.dep_ in ("nsubj", "nsubjpass")]
        forces = self.lex.classes["force_nouns"]
        return any(h.lower_ in forces or h.lemma_.lower() in forces for h in heads)

    def _prep_governor(self, verb: Token, lemma: str) -> tuple[str, Token] | None:
        """'called for X', 'pushed for X', 'appealed for X': a governor by its preposition."""
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            cls = self.lex.classes["prep_governors"].get(f"{lemma} {prep.lower_}")
            pobj = next((p for p in prep.children if p.dep_ in ("pobj", "pcomp")), None)
            if cls and pobj is not None:
                asked = self._verb_code(pobj)[0] or syn.lookup_noun(self.lex, pobj) or ""
                if cls == "02" and asked[:2] in _conflict_roots(self.lex) and not any(
                        c.dep_ == "dobj" for c in verb.children):
                    # calling for sanctions or an arrest is a demand, not an appeal; asking
                    # an ally for air strikes is an appeal for its aid (CAMEO 023)
                    cls = "10"
                return cls, pobj
        return None

    def _governor_noun(self, verb: Token) -> tuple[str, Token] | None:
        """'reiterated its demand that Israel ease ...', 'issued a reminder that it must ...'."""
        nouns = self.lex.governor_nouns
        for arg in verb.children:
            if arg.dep_ not in syn.OBJECT_DEPS | syn.SUBJECT_DEPS | syn.PASSIVE_SUBJECT_DEPS:
                continue
            cls = nouns.get(arg.lemma_.lower())
            if cls is None:
                continue
            clause = next((c for c in arg.children if c.dep_ in ("acl", "ccomp", "relcl")
                           and c.pos_ in ("VERB", "AUX")), None)
            if clause is None:  # "called for talks": a governed event noun
                for prep in (c for c in arg.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "to")):
                    clause = next((p for p in prep.children if p.dep_ in ("pobj", "pcomp")), None)
            if clause is None:
                # the parser often hangs the noun's that-clause on the verb
                clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ == "VERB"), None)
            if clause is not None:
                return cls, clause
        return None

    def _nested_code(self, token: Token) -> tuple[str | None, str, float]:
        """A governed verb with no code of its own may govern one ('agreed to start talks')."""
        inner = syn.complement(token)
        if inner is not None:
            return self._verb_code(inner)
        return None, "", 0.0

    def _governor_class(self, verb: Token, base: str | None) -> str | None:
        lex = self.lex
        lemma = syn.verb_lemma(verb)
        if lemma in lex.governors and syn.particle(verb, lex.particles) is None:
            return lex.governors[lemma]  # but "called off the strike" governs nothing
        if syn.complement(verb, nominal=False) is None:
            return None  # a code from a pattern governs only a clause, not a noun
        if verb.lemma_ == "be" or verb.pos_ == "AUX":
            for child in verb.children:
                if child.dep_ == "acomp" and child.lemma_.lower() in lex.adjective_governors:
                    return lex.adjective_governors[child.lemma_.lower()]
        if base and base[:2] in ("02", "03", "10", "12", "13"):
            return base[:2]
        return None

    def _apply_modality(self, verb: Token, code: str, evidence: str, subject: Token | None,
                        speaker: Token | None, targets: list[Token], governed: bool = False
                        ) -> tuple[str, str, Token | None, list[Token]]:
        """Future, negated and obliged events change type (PLOVER manual, auxiliary modes)."""
        lex = self.lex
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        head = verb
        while head.dep_ == "xcomp" and head.head.i != head.i and syn.verb_lemma(head.head) in lex.neutral | {"move"}:
            # "would move to ban", "will begin to withdraw": the auxiliary sits on the head
            head = head.head
            aux |= {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
        negated = any(c.dep_ == "neg" or c.lower_ in syn.NEGATIONS for c in verb.children)
        future = bool(aux & syn.FUTURE_AUX) or syn.going_to(verb) or syn.future_frame(verb) or (
            bool(aux & {"would", "'d"}) and speaker is not None)
        root = code[:2]
        cooperative = root in lex.complements["future"]["cooperative_roots"]
        conflict = root in _conflict_roots(lex)
        if syn.obligation(verb) and speaker is not None and subject is not None and root not in ("01", "02", "10"):
            # "X said Y must return the helicopter": X demands it of Y
            return (lex.combine("10", code), evidence + "; obligation in reported speech", speaker,
                    [subject] + targets)
        if negated and root == "03":
            return lex.combine("12", code), evidence + "; negated intent", None, targets
        if (future or governed) and not negated and syn.condition_marks(verb) & {"unless", "until"} \
                and root not in ("01", "02", "10", "13"):
            # "will withdraw its troops unless the government holds elections": what is
            # promised on a condition the other side must meet is a threat
            return lex.combine("13", code), evidence + "; conditional (unless/until)", None, targets
        if future and cooperative:
            if negated:
                return lex.combine("12", code), evidence + "; negated future", None, targets
            return lex.combine("03", code), evidence + "; future cooperation", None, targets
        conditional = bool(aux & {"may", "might", "could", "would"}) and (
            syn.has_condition(verb) or syn.has_condition(head))
        if (future or conditional) and conflict and not negated:
            return lex.combine("13", code), evidence + "; threatened", None, targets
        return code, evidence, None, targets

    # ------------------------------------------------------------ lexicon
    def _verb_code(self, verb: Token) -> tuple[str | None, str, float]:
        """(code, evidence, specificity) for a verb from patterns, event nouns, or itself."""
        lex = self.lex
        lemma = syn.verb_lemma(verb)
        particle = syn.particle(verb, lex.particles)
        keys = ([f"{lemma} {particle}"] if particle else []) + [lemma]
        if particle and keys[0] not in lex.verb_code and keys[0] not in lex.verb_block:
            # "turned down", "walked off": a phrasal verb means something else than
            # its bare verb; without an entry of its own only its event noun counts
            keys = keys[:1]
        framed = light.frame_code(lex, verb)  # "put an end to the fighting", "played host to"
        deployed = framed[:3] if framed else (light.argument_code(lex, verb) or self._deployment(verb, lemma) or self._idiom(verb, lemma)
                    or self._weapon_use(verb, lemma) or self._by_argument_class(verb, lemma))
        if deployed:
            self._specific = True  # "ordered the ambassador out": the idiom is the event
            return deployed
        if lemma == "be":
            # "have been on hunger strike for nine days", "are at war": a state of protest
            # or of fighting named by the copula's phrase
            for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "at")):
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    code = syn.lookup_noun(lex, pobj)
                    if code and code[:2] in ("14", "19"):
                        self._noun_head = pobj
                        return code, f"'be {prep.lower_} {pobj.lemma_}'", 0.65
        if lemma in lex.neutral:
            # "began delivering food", "continued to send arms": the governed verb is the
            # event; alone, an aspectual verb carries only the event noun it governs
            if lemma not in lex.light or syn.complement(verb, nominal=False) is not None:
                return None, "", 0.0
            noun = self._event_noun(verb)
            if noun:
                self._noun_head = noun[2]
                return noun[0], noun[1], 0.65
            return None, "", 0.0
        reversal = self._reversal(verb, keys)
        if lemma in lex.light and not reversal:
            noun = self._event_noun(verb)
            if noun:  # "took part in a military exercise": the noun names the event
                self._noun_head = noun[2]
                return noun[0], noun[1], 0.7
        for key in keys:
            if key not in lex.verb_code and key not in lex.verb_block:
                continue
            pattern = self._best_pattern(verb, key)
            if pattern is not None and not pattern.post and (reversal or lemma in lex.light):
                # a subject-only pattern ("&MILITARY *") says less than the object noun
                noun = reversal or self._event_noun(verb)
                if noun:
                    self._noun_head = noun[2]
                    return noun[0], noun[1], 0.7
            if pattern is not None and pattern.code and not self._consistent(key, pattern.code):
                pattern = None  # a pattern that flips the verb from conflict to cooperation
            if pattern is not None and pattern.code is None and self._struck_thing(verb, key):
                pattern = None  # a discard ('fight corruption') does not fit a struck vehicle or building
            if pattern is not None:
                if pattern.code is None:
                    noun = self._event_noun(verb) if lemma in lex.light else None
                    if noun:
                        self._noun_head = noun[2]
                    return (noun[0], noun[1], 0.7) if noun else (None, "", 0.0)
                return pattern.code, f"pattern {key} {_describe(pattern)}", min(1.0, 0.6 + 0.1 * pattern.weight)
            if reversal:
                self._noun_head = reversal[2]
                return reversal[0], reversal[1], 0.7
            if lemma in lex.light:
                noun = self._event_noun(verb)
                if noun:
                    self._noun_head = noun[2]
                    return noun[0], noun[1], 0.7
            code = lex.verb_code.get(key)
            if code:
                return code, f"verb '{key}'", 0.55
        if lemma in lex.light or verb.pos_ == "AUX":
            noun = self._event_noun(verb)
            if noun:
                self._noun_head = noun[2]
                return noun[0], noun[1], 0.65
        if not any(k in lex.verb_code or k in lex.verb_block for k in keys) and lemma not in lex.reporting:
            # back-off for a verb no lexicon knows: an occasion it acts on (a meeting,
            # session, exercise) names the event ("chairs an emergency meeting"); with
            # goods or measures the verb's direction counts ("paused assistance")
            noun = self._event_noun(verb, objects_only=True)
            if noun and noun[0][:2] in lex.complements["occasion_roots"]:
                self._noun_head = noun[2]
                return noun[0], noun[1] + " (unknown verb)", 0.5
        return None, "", 0.0

    def _struck_thing(self, verb: Token, key: str) -> bool:
        """Is a verb of violence ('strike', 'storm', 'hit') aimed at a concrete target: a
        vehicle, a weapon or a named place or body ('struck a vehicle', 'stormed Congress')?
        PETRARCH2's discard patterns of such verbs are meant for figurative objects."""
        if (self.lex.core_codes.get(key) or self.lex.verb_code.get(key) or "")[:2] not in VIOLENT_ROOTS:
            return False
        return any(c.dep_ == "dobj" and (c.pos_ == "PROPN" or self._noun_class(c) in ("vehicle", "means"))
                   for c in verb.children)

    def _consistent(self, key: str, code: str) -> bool:
        """Does a pattern's code keep the sign (cooperation/conflict) of the verb's own
        curated code? PETRARCH2 patterns are noisy ('condemn * attack -> 053')."""
        own = self.lex.core_codes.get(key) or self.lex.verb_code.get(key)
        if not own:
            return True
        a, b = self.lex.code_info(own), self.lex.code_info(code)
        if a is None or b is None or a.root in ("01", "02") or b.root in ("01", "02"):
            return True
        if key not in self.lex.core_codes:
            # only PETRARCH's own block default: reject only a pattern that makes a verb of
            # material conflict cooperation ('captured part of' is no agreement)
            return not (a.quad == 4 and b.quad <= 2)
        # block patterns are shared by all the block's verbs; for a verb whose bare
        # meaning we know, keep only patterns that refine that meaning
        # (a refinement keeps the PLOVER type too: 'arrest * journalist -> 175' would make an
        # arrest an assault)
        return (a.root == b.root or (a.quad <= 2) == (b.quad <= 2)) and a.event == b.event

    def _thing_class(self, coding: Coding) -> str | None:
        """The noun class of what acts in the clause, when it is not an actor:
        its subject ('an earthquake', 'a car bomb', 'rescuers'), or, with no subject,
        a cause named by a preposition ('40 people were killed in floods')."""
        head = coding.source_head
        if head is not None and syn.lookup_noun(self.lex, head) and self._noun_class(head) != "nonagent":
            return None  # "the 3rd round of talks was held": the occasion itself (an explosion is not)
        if head is not None and head.pos_ in ("NOUN", "PROPN"):
            return self._noun_class(head)
        if head is None:
            trigger = coding.trigger[-1]
            for prep in (c for c in trigger.children if c.dep_ in ("prep", "agent")
                         and c.lower_ in ("in", "by", "after", "during", "from")):
                for pobj in (p for p in prep.children if p.dep_ == "pobj" and p.pos_ == "NOUN"):
                    if self._noun_class(pobj) == "nonagent":
                        return "nonagent"
        return None

    def _noun_class(self, noun: Token) -> str | None:
        known = memo(noun.doc, "noun_class", self.lex)  # (a pure function of the parse: asked often)
        i = noun.i
        if i in known:
            return known[i]
        known[i] = found = self._find_noun_class(noun)
        return found

    def _find_noun_class(self, noun: Token) -> str | None:
        classes = self.lex.noun_classes
        compound = [c.lemma_.lower() for c in noun.lefts if c.dep_ == "compound"]
        if any(classes.get(c) == "means" for c in compound):
            return "means"  # "a minefield explosion", "a car bomb"
        if noun.pos_ == "PROPN" and any(classes.get(c) == "nonagent" for c in compound):
            return "nonagent"  # "Cyclone Idai", "Hurricane Maria"
        if noun.pos_ == "NOUN" and set(compound) & self.lex.classes["emergency_compounds"]:
            return "bystander"  # "rescue workers", "emergency crews": emergency services
        if compound and classes.get(compound[-1]) == "nonagent" and syn.lookup_noun(self.lex, noun):
            return "nonagent"  # "lightning strikes": the kind of strike is a phenomenon
        lemma = noun.lemma_.lower()
        if noun.pos_ == "PROPN" and lemma.endswith("s"):
            lemma = lemma[:-1]  # "Wildfires forced ...": a capitalised plural
        return (classes.get(" ".join(compound[-1:] + [lemma])) if compound else None) \
            or classes.get(lemma) or classes.get(noun.lower_)

    def _victims_of_force(self, info, thing: str, target: list[ActorMention]) -> bool:
        """A weapon's or a blast's violence is an attack when it has a victim (unknown
        attacker); a blast or fire is one only when state or armed actors are hit."""
        if info.root not in VIOLENT_ROOTS:
            return False
        if thing == "means":
            return True
        armed = self.lex.state_sectors | {"REB", "IMG", "UAF", "INS"}
        return any(a.sector in armed for a in target)

    def _unnamed_attack(self, coding: Coding, sent: Sentence) -> bool:
        """Is the clause's act an attack named with no attacker: its subject is an attack
        noun ('an air strike', 'the shelling'), or, with no subject, a 'by'/'in' phrase
        names one ('were killed in an air strike')? Not in a disaster report."""
        head = coding.source_head
        nouns = [head] if head is not None else [
            p for c in coding.trigger[-1].children if c.dep_ in ("prep", "agent")
            and c.lower_ in ("in", "by", "during") for p in c.children if p.dep_ == "pobj"]
        attack = any(n.pos_ == "NOUN" and (syn.lookup_noun(self.lex, n) or "")[:2] in VIOLENT_ROOTS
                     and self._noun_class(n) != "nonagent" for n in nouns) or coding.code[:4] == "1831"
        return attack and not any(t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in self.lex.disasters
                                  and t.lemma_.lower() not in NOT_DISASTERS for t in tokens(sent.doc))

    def _armed_noun(self, noun: Token) -> bool:
        """Does the phrase name armed or security men ('soldiers', 'a group of peacekeepers',
        'fighters from both sides')?"""
        armed = self.lex.classes["peacekeeper_nouns"] | self.lex.classes["force_nouns"] \
            | set(self.lex.classes["unnamed_agents"]) | self.lex.military_nouns
        return any(t.lower_ in armed or t.lemma_.lower() in armed for t in noun.subtree)

    def _agentless_violence(self, coding: Coding) -> bool:
        """'Twenty girls were abducted', 'she was raped', 'chlorine was dropped on the town':
        a passive abduction, rape or chemical attack with no 'by' phrase has an unknown
        perpetrator (PLOVER's UAF), not no event; so has one whose perpetrators are named
        by no actor, only by a word for armed men ('raped by a group of peacekeepers')."""
        verb = coding.trigger[-1]
        if coding.code not in ALLEGED_VIOLENCE:
            return False
        if coding.source_head is not None:
            return self._armed_noun(coding.source_head)
        return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) \
            and not any(c.dep_ == "agent" for c in verb.children)

    def _unnamed_agent(self, sent: Sentence, head: Token | None) -> list[ActorMention]:
        """'gendarmes', 'prison guards', 'armed men', 'herders armed with machetes': an
        actor named only by a word for armed or security personnel, with its sector
        (cues.json unnamed_agents); the country is the place's (filled after places)."""
        if head is None or not (head.pos_ == "NOUN" or head.pos_ == "PROPN" and not head.ent_type_):
            return []
        lemma = head.lower_
        sector = self.lex.classes["unnamed_agents"].get(lemma)
        armed = self.lex.classes["armed_words"]
        if sector is None and (any(c.lower_ in armed for c in head.children if c.dep_ in ("amod", "acl"))
                               or any(t.lower_ in armed for t in head.lefts)):
            sector = "UAF"  # "armed men", "masked gunmen", "herders armed with machetes"
        if sector is None:
            return []
        return [ActorMention(text=head.text, span=sent.abs_span(head.idx, head.idx + len(head.text)),
                             sector=sector, kind="group", evidence=f"unnamed agent '{lemma}' ({sector})")]

    def _unnamed_agent_words(self, head: Token | None) -> bool:
        """'unidentified men', 'armed men': a subject marked as an unknown or armed party."""
        return head is not None and any(t.lower_ in self.lex.classes["armed_words"] for t in head.lefts)

    def _persons(self, heads: list[Token]) -> bool:
        """Do the heads name people ('two aid workers', 'a Kenyan cartoonist', 'hostages'),
        not places or things ('the town of Goma')?"""
        words = self.lex.classes["people_nouns"] | self.lex.classes["captive_nouns"] | {
            "member", "members", "staff", "journalist", "journalists", "official", "officials"}
        return any(h.ent_type_ == "PERSON" or h.lower_ in words or h.lemma_.lower() in words
                   or any(c.ent_type_ in ("NORP", "PERSON") for c in h.children) for h in heads)

    @staticmethod
    def _unknown_attacker(sent: Sentence, coding: Coding) -> ActorMention:
        """An unnamed attacker: sector UAF, country of the place (filled after places)."""
        tok = coding.source_head if coding.source_head is not None else coding.trigger[0]
        return ActorMention(text=tok.text, span=sent.abs_span(tok.idx, tok.idx + len(tok.text)),
                            sector="UAF", kind="group",
                            evidence="unknown attacker (UAF): no attacker named")

    @staticmethod
    def _unnamed_authorities(sent: Sentence, coding: Coding) -> ActorMention:
        """The authorities who arrest or detain in a passive with no agent: sector COP,
        country of the place (filled after places)."""
        tok = coding.trigger[0]
        return ActorMention(text=tok.text, span=sent.abs_span(tok.idx, tok.idx + len(tok.text)),
                            sector="COP", kind="group",
                            evidence="unnamed authorities (COP): a passive arrest names no agent")

    def _crowd(self, head: Token | None) -> bool:
        """A crowd of protesters or strikers ('striking bus drivers', 'demonstrators'), or
        of people counted in hundreds ('several hundred people', 'thousands of residents')."""
        if head is None:
            return False
        return any(t.lower_ in self.lex.protester_nouns or t.lemma_.lower() in ("strike", "protest")
                   for t in head.subtree) or self._counted_people(head) or self._angry_people(head) \
            and syn.verb_lemma(head.head) in self.lex.classes["riot_verbs"]

    def _angry_people(self, head: Token) -> bool:
        """People named by a plural noun and their anger ('traders angry at a new tax',
        'mourners enraged by the death of a boy'): a crowd that riots when it burns or attacks."""
        return self._people(head) and any(c.lower_ in self.lex.classes["anger_words"]
                                          for c in head.children if c.dep_ in ("amod", "acl"))

    def _people(self, head: Token | None) -> bool:
        """People named by a plural common noun whose first WordNet sense is a person
        ('relatives', 'miners', 'hundreds of teachers'; not 'prices')."""
        if head is None or head.pos_ != "NOUN" or head.tag_ != "NNS":
            return False
        noun = _of_chain(head)[-1]  # ("hundreds of teachers")
        return noun.tag_ == "NNS" and noun.lemma_.lower() in people_nouns()

    def _counted_people(self, head: Token) -> bool:
        """People counted in hundreds or thousands: 'several hundred people', 'thousands
        of residents' (a crowd, not a few victims)."""
        people = _of_chain(head)  # "hundreds of thousands of South Koreans"
        many = {"hundred", "hundreds", "thousand", "thousands", "dozens", "scores", "crowds", "tens"}
        return any(p.lower_ in self.lex.classes["people_nouns"] or p.lemma_.lower() in ("people", "man", "woman", "youth")
                   or p.ent_type_ == "NORP" and p.tag_ in ("NNPS", "NNS") for p in people) \
            and any(t.lower_ in many for t in head.subtree)

    def _disaster_response(self, sent: Sentence, source: list[ActorMention],
                           target: list[ActorMention], doc: Document | None = None) -> bool:
        """A sentence about a flood, quake or storm, or following a story's report of one,
        in which only one country's actors take part ('authorities evacuated residents
        after the floods', 'the premier visited the devastated village'); aid from abroad
        or from an international body is still an event."""
        named = source + target + list(sent.actors)
        if any(a.country in parties.NONSTATE for a in named):
            return False
        if len({a.country for a in named if a.country}) > 1:
            return False  # "the UAE sent food to quake-hit Afghanistan": help from abroad
        # the sentence just before counts ('... killed 40. The premier visited the devastated
        # village'); a disaster told further back is the background of other news
        told = [s.doc for s in (doc.sentences if doc else []) if s.index == sent.index - 1 and s.doc is not None]
        return any(self._disaster_told(d) for d in [sent.doc] + told)

    def _disaster_told(self, sdoc: Any) -> bool:
        """Does a sentence report a disaster: name one ('the floods', 'a cyclone'), or make
        a phenomenon or accident the cause of harm ('a fire at a garment factory killed 52',
        'a landslide buried homes', '... killed in a stampede')?"""
        harm = self.lex.classes["violent_results"] | {"destroy", "damage", "bury", "trap", "sweep", "flatten",
                                                      "injure", "leave", "die", "collapse", "cause"}
        accidents = {"collapse", "capsize", "derail", "overturn", "sink", "cave"}
        for t in tokens(sdoc) if sdoc.has_annotation("DEP") else sdoc:
            if t.pos_ == "VERB" and syn.verb_lemma(t) in accidents and any(
                    c.dep_ == "nsubj" and (self._noun_class(c) in ("vehicle", "nonagent")
                                           or c.lemma_.lower().endswith(tuple(self.lex.classes["structure_nouns"])))
                    for c in t.children):
                return True  # "a bridge collapsed", "a ferry capsized": an accident
            lemma = t.lemma_.lower()
            if t.pos_ not in ("NOUN", "PROPN"):
                continue
            if lemma in self.lex.disasters and lemma not in NOT_DISASTERS:
                return True
            if lemma in NOT_DISASTERS - {"fire", "crash"} or self._noun_class(t) != "nonagent":
                continue
            verb = t.head.head if t.dep_ == "pobj" and t.head.lower_ in ("in", "after", "by", "from") else t.head
            if (t.dep_ in ("nsubj", "nsubjpass") or t.dep_ == "pobj") and syn.verb_lemma(verb) in harm:
                return True
        return False

    def _nobody(self, head: Token | None, sent: Sentence) -> bool:
        """A subject that is a common noun naming no actor and no occasion, and with no
        actor in its phrase ('inhabitants of the Syrian Golan' are tied to Syria)."""
        if head is None or syn.names_event(head) or not (
                head.pos_ == "NOUN" or head.pos_ == "PROPN" and not head.ent_type_):
            return False  # ("Volunteers searched ...": a capitalised common noun)
        if self._crowd(head):
            return False  # "striking bus drivers" are a crowd
        lo = sent.start + min(t.idx for t in head.subtree)
        hi = sent.start + max(t.idx + len(t) for t in head.subtree)
        return not any(lo <= a.span[0] and a.span[1] <= hi and not parties.is_place(a)
                       for a in sent.actors)  # "a leak at a pipeline in Ukraine": a place

    def _named_political(self, actors: list[ActorMention], places: bool = True) -> bool:
        """A political actor, or a party the sentence itself ties to a country
        ('3,000 Danish websites'), not one given the story's country by default.
        ``places=False``: a place ("settled over the western United States") is no party."""
        actors = [a for a in actors if places or not parties.is_place(a)]
        return self._political(actors) or any(
            a.country and "country from the story" not in (a.evidence or "") for a in actors)

    def _sport(self, coding: Coding) -> bool:
        """'beat Liverpool 3-1 in the final', 'defeated Nigeria on penalties': a game."""
        clause = coding.trigger[0]
        words = self.lex.sport_words
        own = [t for c in clause.children if c.dep_ not in syn.CLAUSE_DEPS for t in syn.phrase(c, 20)]
        nouns = {t.lemma_.lower() for t in own if t.pos_ in ("NOUN", "PROPN")}
        if nouns & words["strong"]:
            return True
        # "beat Liverpool 3-1 in the final": a contest verb with a score or a game word
        if syn.verb_lemma(clause) in words["contest_verbs"] and (
                any(t.like_num and "-" in t.text for t in own) or bool(nouns & words["contest_words"])):
            return True
        # "his side demolished Pakistan by an innings", "the national team blocked every
        # attempt ... for a 1-0 victory": a team or player acts in a sentence about a game
        head = coding.source_head
        if head is None:
            return False
        sentence = clause.doc
        lemmas = lower_lemmas(sentence)  # (read once per sentence, not a Token per word)
        if words["strong"].isdisjoint(lemmas) and (
                words["game_words"].isdisjoint(lemmas) or not SCORE.search(doc_text(sentence))):
            # (a score needs a game word beside it: not 'the council voted 13-2')
            return False
        return any(t.lemma_.lower() in self.lex.sport_words["contest_words"] or t.lower_ in self.lex.sport_words["contest_words"]
                   for t in head.subtree if t.pos_ in ("NOUN", "PROPN"))

    @staticmethod
    def _one_party(coding: Coding, source: list[ActorMention], target: list[ActorMention]) -> bool:
        """Only one country or group takes part, and nothing says 'joint' or 'with'."""
        if any(a.country in parties.NONSTATE or a.kind == "plural" for a in source + target):
            return False  # NATO, the UN, "the two armies": several parties already
        named = {a.country or a.org for a in source + target if a.country or a.org}
        clause = coding.trigger[-1]
        words = {t.lower_ for t in clause.subtree} | {t.lower_ for t in coding.trigger[0].subtree}
        return len(named) == 1 and not words & {"joint", "jointly", "with", "together",
                                                    "alongside", "bilateral", "trilateral"}

    def _political(self, actors: list[ActorMention]) -> bool:
        """Can one of the actors act politically: a state, organisation or group, a
        person in a role, an armed or organised sector (civilians are not, alone)?"""
        for a in actors:
            if a.org or a.role or a.person and a.country:
                return True
            if a.sector and a.sector not in self.lex.private_sectors:
                return True
            if a.country and not a.sector and a.kind == "country":
                return True
        return False

    def _retype(self, coding: Coding, info, source: list[ActorMention]):
        """Who acts and with what decides between neighbouring types: civilians who
        burn and block are rioting (PROTEST), authorities who block are coercing
        (COERCE); a killing 'in a car bomb attack' is a bombing (CAMEO 18x)."""
        if info.root not in ("04", "17", "18", "19") and info.code[:3] != "144":
            return None  # (no rule below retypes another root: their tests need not run)
        lex = self.lex
        sectors = {a.sector for a in source if a.sector}
        state = bool(sectors & lex.state_sectors)
        new = None
        crowd = coding.source_head is not None and (
            any(t.lower_ in lex.protester_nouns for t in coding.source_head.subtree)
            or self._counted_people(coding.source_head)
            or self._angry_people(coding.source_head) and syn.verb_lemma(coding.trigger[0]) in lex.classes["riot_verbs"])
        civilian = sectors <= lex.civilian_sectors  # no sector at all counts as civilian
        if coding.source_head is not None and coding.source_head.lower_ in lex.protester_nouns:
            # "supporters of the former president stormed Congress": the crowd acts, not
            # the person named in its phrase
            civilian, state = True, False
        head = coding.source_head
        country = head is not None and head.tag_ == "NNP" and any(  # "Pakistan", not "young Algerians"
            a.kind == "country" and not a.sector and a.country not in parties.NONSTATE
            and not parties.is_place(a) for a in source)
        def police() -> bool:
            return any(t.lower_ in lex.classes["force_nouns"] or t.lemma_.lower() in lex.classes["force_nouns"]
                       for h in coding.target_heads for t in h.subtree)

        def people() -> bool:
            return any(t.ent_type_ in ("PERSON", "NORP") or t.lower_ in lex.classes["people_nouns"]
                       or self._noun_class(t) == "bystander" for h in coding.target_heads for t in h.subtree)

        if (info.root == "17" or info.root in ("18", "19") and (police() or not people())) \
                and civilian and not state and crowd:
            # a crowd fighting police or breaking through barricades riots; a crowd
            # lynching a man is no riot
            new = "145"
        elif info.root == "17" and not state and self._persons([h for h in coding.target_heads if h.dep_ in ("dobj", "nsubjpass")]) \
                and (sectors and sectors <= {"UAF", "REB", "CRM", "PRM", "IMG", "INS"}
                     or self._unnamed_agent_words(coding.source_head)):
            # "armed men seized two aid workers", "unidentified men forced a cartoonist
            # into a car": armed groups who seize people abduct them (CAMEO 181)
            new = "181"
        elif info.root == "04" and crowd and not state and not self._counted_people(coding.source_head):
            # (protesters who gather rally; a crowd that gathers to mourn does not)
            new = "141"  # "protesters gathered in the square": a rally
        elif info.code[:3] == "144" and (state or country and not crowd):
            new = "170"  # "Pakistan blocked access to X": a state blocking coerces
        elif info.root == "19":
            trigger = coding.trigger[-1]
            for prep in (c for c in trigger.children if c.dep_ in ("prep", "agent")):
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    for noun in syn.noun_chain(pobj):
                        means = syn.lookup_noun(lex, noun)
                        if means and means[:2] == "18":
                            new = means
        if new is None or new == coding.code:
            return None
        coding.evidence += f"; retyped {coding.code}->{new} by actor sector or means"
        coding.code = new
        return lex.code_info(new)

    def _destroyed_property(self, coding: Coding, info, source: list[ActorMention]):
        """'Militiamen torched homes', 'armed men looted and set fire to a police station',
        'police razed shacks': property that armed groups or state forces burn, raze or
        destroy is destroyed (CAMEO 1712, ASSAULT; PLOVER's ASSAULT note names demolished
        settlements). Seizing and looting stay CAMEO 171x (COERCE); a crowd that burns
        riots (see _retype); settlers or residents who set fire stay 171."""
        verb = coding.trigger[0]
        if info.code[:3] != "171" or info.code == "1712" or not (
                syn.verb_lemma(verb) in self.lex.classes["destruction_verbs"] or "'set fire'" in coding.evidence):
            return None
        head = coding.source_head
        armed = {a.sector for a in source} & ARMED_SECTORS or self._unnamed_agent_words(head) or (
            head is not None and head.lower_ in self.lex.classes["unnamed_agents"])
        if not armed:
            return None
        coding.evidence += "; property destroyed by an armed party"
        coding.code = "1712"
        return self.lex.code_info("1712")

    def _seized_territory(self, coding: Coding, info, source: list[ActorMention]):
        """'Islamic State fighters captured the government compound in Ramadi', 'separatists
        seized the government headquarters in Aden': an armed group that captures a place or
        an installation occupies territory (CAMEO 192, ASSAULT); states seizing land, ships or
        assets, and anyone seizing goods, stay CAMEO 171x (COERCE)."""
        verb = coding.trigger[0]
        if info.code[:3] != "171" or syn.verb_lemma(verb) not in ("capture", "seize", "overrun"):
            return None
        head = coding.source_head
        if not ({a.sector for a in source} & (ARMED_SECTORS - self.lex.state_sectors - {"COP"})
                or self._unnamed_agent_words(head)):
            return None
        places = self.lex.classes["territory_nouns"]
        objects = [n for o in verb.children if o.dep_ in ("dobj", "nsubjpass") for n in _of_chain(o)]
        if not any(n.ent_type_ in ("GPE", "LOC", "FAC") or n.lemma_.lower() in places
                   or " ".join(t.lemma_.lower() for t in n.lefts if t.dep_ == "compound").endswith(tuple(places))
                   for n in objects):
            return None
        coding.code = "192"
        coding.evidence += "; an armed group captured a place: occupation"
        return self.lex.code_info("192")

    def _military_strike(self, coding: Coding, info, source: list[ActorMention]):
        """'Israeli warplanes carried out hundreds of strikes', 'the army launched strikes on
        rebel positions': strikes by armed forces or their aircraft are attacks, not labour
        strikes (CAMEO 143)."""
        if info.code[:3] != "143":
            return None
        head = coding.source_head
        aircraft = head is not None and self._noun_class(head) in ("vehicle", "means")
        if not (aircraft or {a.sector for a in source} & {"MIL", "REB", "IMG", "INS", "PRM"}):
            return None
        coding.code = "195" if aircraft else "190"
        coding.evidence += "; strikes by armed forces: an attack"
        return self.lex.code_info(coding.code)

    def _idiom(self, verb: Token, lemma: str) -> tuple[str, str, float] | None:
        """A verb and its object together ('blew himself up', 'handed in their
        weapons', 'reopened the border crossing', 'walked off the job'), from cues.json
        verb_nouns."""
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                code = self.lex.verb_nouns.get(f"{lemma} {prep.lower_} {pobj.lemma_.lower()}")
                if code:
                    return code, f"'{lemma} {prep.lower_} {pobj.lemma_}'", 0.75
        for obj in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
            code = self.lex.verb_nouns.get(f"{lemma} {obj.lemma_.lower()}")
            if code == "150" and any(c.dep_ == "prep" and c.lower_ in ("at", "toward", "towards")
                                     and any(p.dep_ == "pobj" for p in c.children) for c in verb.children):
                return "190", f"'{lemma} {obj.lemma_}' at a target: an attack", 0.75
            if code:
                return code, f"'{lemma} {obj.lemma_}'", 0.75
        return None

    def _by_argument_class(self, verb: Token, lemma: str) -> tuple[str, str, float] | None:
        """Verbs whose event is decided by the class of an argument: accepting demands is
        a concession (CAMEO 083), evacuating people is aid (073), peacekeepers or
        observers arriving is peacekeeping (074)."""
        cls = self.lex.classes
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "with", "from", "of", "on")):
            objects += [p for p in prep.children if p.dep_ == "pobj"]
        objects += [n for o in objects for n in syn.noun_chain(o)[1:]]  # "thousands of residents"
        if lemma in cls["closing_verbs"]:
            # "sealed the border", "the crossings will close": shutting a passage between
            # states reduces relations (SANCTION), as reopening it is a concession (0872)
            shut = objects or [c for c in verb.children if c.dep_ == "nsubj"]
            if any(o.lower_ in cls["passage_nouns"] for o in shut):
                return "160", f"'{lemma}' + a border or crossing: reduced relations", 0.7
        words = {o.lemma_.lower() for o in objects} | {o.lower_ for o in objects}
        if lemma in ("impose", "introduce", "place", "put", "slap"):
            # "imposed licences on imports of", "put restrictions on exports": whatever a
            # state imposes on trade restricts it (an embargo, CAMEO 163)
            on = [p for t in [verb] + [o for o in objects if o.dep_ == "dobj"] for c in t.children
                  if c.dep_ == "prep" and c.lower_ == "on" for p in c.children if p.dep_ == "pobj"]
            if any(t.lower_ in self.lex.classes["trade_nouns"] for p in on for t in syn.noun_chain(p)[:1]):
                return "163", f"'{lemma}' + on trade: an embargo", 0.7
        if lemma in cls["acceptance_verbs"] and words & cls["demand_nouns"]:
            return "083", f"'{lemma}' + demands: a concession", 0.75
        particle = syn.particle(verb, self.lex.particles)
        if lemma in ("grant", "give", "offer", "extend") and words & cls["clemency_nouns"]:
            return "081", f"'{lemma}' + amnesty or pardon: a concession", 0.75
        if lemma in ("grant", "give", "allow", "permit", "let", "open") and words & {"access", "entry", "passage"}:
            return "086", f"'{lemma}' + access: allowing international involvement", 0.75
        if lemma in ("allow", "permit", "let", "invite"):
            # "allowed a team of inspectors to visit", "allowed UN troops to deploy"
            goers = [c for c in verb.children if c.dep_ in ("dobj", "nsubj", "ccomp", "xcomp")]
            goers += [g for c in goers for g in c.children if g.dep_ in ("nsubj", "dobj")]
            seen = {t.lower_ for g in goers for t in g.subtree}
            if seen & (cls["peacekeeper_nouns"] | {"aid", "convoy", "convoys", "humanitarian"}):
                return "086", f"'{lemma}' + observers, peacekeepers or aid: access", 0.7
        if lemma in cls["transfer_verbs"] and words & cls["aid_goods"]:
            return "070", f"'{lemma}' + aid, goods or money", 0.7
        if lemma in cls["handover_verbs"] and (particle in ("over", "back", None)) and lemma != "return" \
                or lemma == "return" and particle is None:
            if words & cls["captive_nouns"]:
                return "0841", f"'{lemma}' + captives: a release", 0.7
            suspected = any(c.lower_ in ("suspected", "alleged", "accused", "wanted")
                            for o in objects for c in o.children)  # "a suspected arms dealer"
            if (words & cls["suspect_nouns"] or suspected) and lemma != "return":
                return "063", f"'{lemma}' + a suspect: judicial cooperation", 0.7
            if words & {"control", "territory", "land", "property", "field", "fields", "power"} and particle:
                return "084", f"'{lemma} {particle}' + control or property: returned", 0.7
        if lemma in ("bar", "ban", "deny", "refuse", "block", "prevent", "expel") and words & cls["peacekeeper_nouns"] \
                and lemma != "expel":
            # "barred UN investigators from entering": the PLOVER note codes barring
            # entry to a group as a rejection
            return "120", f"'{lemma}' + observers or investigators: refused access", 0.7
        if lemma in ("bar", "ban", "disqualify", "exclude", "liquidate", "dissolve", "outlaw", "proscribe") and words & {
                "candidate", "candidates", "party", "parties", "opposition", "politician", "politicians",
                "leader", "leaders", "newspaper", "newspapers", "broadcaster", "group", "movement"}:
            return "172", f"'{lemma}' + candidates, parties or media: administrative sanctions", 0.7
        if lemma in ("ban", "halt", "suspend", "stop", "block", "restrict", "curb", "freeze") and words & cls["trade_nouns"]:
            return "163", f"'{lemma}' + trade: an embargo", 0.7
        if lemma in ("quit", "leave", "exit", "abandon") and words & cls["bloc_nouns"]:
            return "160", f"'{lemma}' + a bloc or organisation: reduced relations", 0.7
        if (lemma, particle) in {("hand", "in"), ("hand", "over"), ("surrender", None), ("lay", "down"),
                                 ("turn", "in"), ("turn", "over"), ("give", "up")}:
            if any(self._noun_class(o) == "means" for o in objects if o.dep_ == "dobj") or lemma == "lay":
                return "0873", f"'{lemma}' + weapons: disarming", 0.75
            if all(o.tag_ == "PRP" for o in objects if o.dep_ == "dobj"):
                # "gave themselves up to police", "the garrison surrendered": yielding
                return "0874", f"'{lemma}' + oneself: a surrender", 0.7
        if particle == "back" and lemma in ("send", "push", "force", "turn", "drive") \
                and words & (cls["people_nouns"] | {"migrant", "migrants", "asylum", "seeker", "seekers"}):
            return "174", f"'{lemma} back' + refugees or migrants: deported", 0.7
        if lemma in ("withdraw", "pull", "recall") and words & {"ambassador", "ambassadors", "envoy", "envoys",
                                                                "diplomat", "diplomats", "embassy", "staff"}:
            return "161", f"'{lemma}' + ambassador: reduced diplomatic relations", 0.75
        if lemma in ("offer", "express", "extend", "convey", "send", "pass") and words & {
                "condolence", "condolences", "sympathy", "sympathies", "regret", "regrets", "congratulation",
                "congratulations", "thanks", "gratitude", "solidarity", "wishes", "greetings"}:
            return "018", f"'{lemma}' + condolences or thanks: an empathetic statement", 0.7
        if lemma in ("pardon", "amnesty", "commute"):
            return "081", f"'{lemma}': clemency, a concession", 0.7
        if lemma in ("seal", "clinch", "strike", "reach", "conclude", "ink", "finalise", "finalize") and words & {
                "deal", "agreement", "accord", "pact", "treaty", "compact", "memorandum"}:
            if lemma in ("reach", "strike"):
                # reaching a deal is agreeing (AGREE); sealing, inking or finalising the
                # document is the signing (SUPPORT, as in the analyst's worked example)
                return "030", f"'{lemma}' + an agreement: agreed", 0.75
            return "057", f"'{lemma}' + an agreement: signed", 0.75
        if lemma in ("withdraw", "pull") and words & cls["peacekeeper_nouns"]:
            return "166", f"'{lemma}' + inspectors or aid workers: withdrawn", 0.7
        if lemma == "evacuate" and words & cls["people_nouns"]:
            return "073", "'evacuate' + people: humanitarian aid", 0.7
        if lemma in cls["arrival_verbs"]:
            subj = syn.subject(verb)
            if subj is not None and {subj.lemma_.lower(), subj.lower_, " ".join(
                    t.lower_ for t in subj.subtree if t.i >= subj.i - 1)} & cls["peacekeeper_nouns"]:
                return "074", f"'{subj.text}' + '{lemma}': peacekeeping", 0.7
        return None

    def _deployment(self, verb: Token, lemma: str) -> tuple[str, str, float] | None:
        """'sent warships to', 'moved troops into', 'deployed police': a show of force
        (CAMEO 154), whatever the bare verb means ('send' alone is aid)."""
        if lemma not in self.lex.deploy_verbs | self.lex.classes["buildup_verbs"]:
            return None  # ("strengthened its forces in", "reinforced troops": a build-up)
        for obj in (o for c in verb.children if c.dep_ in ("dobj", "nsubjpass") for o in _of_chain(c, 1)):
            # ("thousands of troops were moved", "sent hundreds of armed pick-up trucks")
            words = {obj.lower_, obj.lemma_.lower()} | {c.lower_ for c in obj.children if c.dep_ in ("conj", "compound")}
            if any(c.lower_ == "armed" for c in obj.children if c.dep_ == "amod"):
                words.add("troops")  # "sent armed pick-up trucks toward Sirte": a show of force
            if words & self.lex.military_nouns:
                purpose = {syn.verb_lemma(c) for c in verb.children if c.dep_ in ("xcomp", "advcl")}
                if purpose & {"support", "help", "assist", "protect", "back", "reinforce", "defend"}:
                    # "deployed 300 troops to support Mozambican forces": military aid
                    return "074", f"'{lemma}' + forces to support", 0.7
                return "154", f"'{lemma}' + forces ('{obj.text}')", 0.7
        return None

    def _reversal(self, verb: Token, keys: list[str]) -> tuple[str, str, Token] | None:
        """'lifted the curfew', 'called off the strike', 'dispersed the protest'."""
        rev = self.lex.complements["reversal"]
        for kind in ("ease", "prevent"):
            verbs = rev[f"{kind}_verbs"]
            if not any(k in verbs for k in keys):
                continue
            noun = self._event_noun(verb, objects_only=True)
            if noun is None:
                continue
            table = rev[kind]
            for n in range(len(noun[0]), 1, -1):
                if noun[0][:n] in table:
                    return (table[noun[0][:n]],
                            f"'{verb.lemma_}' ends/prevents event noun ({noun[1].split('event noun ')[-1]})",
                            noun[2])
        return None

    def _best_pattern(self, verb: Token, key: str):
        lex = self.lex
        block = lex.verb_block.get(key)
        if not block:
            return None
        object_words, prep_words, preps = syn.argument_words(verb)
        all_words = object_words | prep_words
        pre_words = syn.subject_words(verb)
        best = None
        best_weight = -1
        # only the patterns one of whose words is there can match (_pattern_index)
        for pat, weight in _candidate_patterns(lex, block, all_words, pre_words):
            if pat.prep and not all(p in preps for p in pat.prep):
                continue
            # PETRARCH2 patterns name the object's head; words inside prepositional
            # phrases count only when the pattern names a preposition too
            words = all_words if pat.prep else object_words
            if not all(g & words for g in pat.post):
                continue
            if not all(g & pre_words for g in pat.pre):
                continue
            if weight > best_weight:
                best, best_weight = pat, weight
        return best

    def _event_noun(self, verb: Token, objects_only: bool = False) -> tuple[str, str, Token] | None:
        """The event noun a light verb governs: 'held talks', 'was held' (passive), 'took part in'.
        ``objects_only``: only what the verb acts on ('lifted the curfew', not 'after protests')."""
        lex = self.lex
        heads = [c for c in verb.children if c.dep_ in syn.OBJECT_DEPS | syn.PASSIVE_SUBJECT_DEPS]
        if objects_only:
            return self._first_event_noun(verb, heads)
        if syn.verb_lemma(verb) == "take" and any(h.lower_ == "place" for h in heads):
            heads = []  # "a demonstration took place": the subject is the event
        if not heads and syn.verb_lemma(verb) in lex.intransitive_light:
            # "riots are still continuing", "talks resumed", "fighting broke out"
            heads = [c for c in verb.children if c.dep_ in syn.SUBJECT_DEPS]
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ not in light.BACKGROUND_PREPS):
            heads += [p for p in prep.children if p.dep_ == "pobj"]  # not "despite mass protests"
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            heads.append(verb.head)  # "the exercise which was held at ..."
        return self._first_event_noun(verb, heads)

    def _first_event_noun(self, verb: Token, heads: list[Token]) -> tuple[str, str, Token] | None:
        lex = self.lex
        for head in heads:
            pair = lex.verb_nouns.get(f"{syn.verb_lemma(verb)} {head.lemma_.lower()}")
            if pair:  # "set fire (to)" is not "open fire"
                return pair, f"'{verb.lemma_} {head.lemma_}'", head
            ended = light.ending_code(lex, head)
            if ended:  # "announced the lifting of the curfew": the curfew ends
                return ended, f"light verb '{verb.lemma_}' + '{head.lemma_}' of an event", head
            for noun in syn.noun_chain(head):
                code = syn.lookup_noun(lex, noun)
                if code and code[:3] == "143" and any(
                        c.dep_ == "prep" and c.lower_ in ("on", "against") and any(
                            p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME") and not p.like_num
                            for p in c.children) for c in noun.children):
                    code = "190"  # "carried out strikes on positions": military strikes
                if code:
                    return code, f"light verb '{verb.lemma_}' + event noun '{noun.lemma_}'", head
        return None

    # ------------------------------------------------------------ events
    def _members_of(self, sent: Sentence, doc: Document, head: Token) -> list[ActorMention]:
        """'officers from the two armies', 'delegates of India and Vietnam': people named
        only by whom they come from act for those parties (each conjunct counts)."""
        out: list[ActorMention] = []
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("from", "of")):
            for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                for noun in [pobj] + [c for c in pobj.conjuncts]:
                    out += [a for a in parties.actors(sent, noun, doc, actors_for_token) if a not in out]
        return out

    def _make_event(self, doc: Document, sent: Sentence, coding: Coding) -> Event | None:
        info = self.lex.code_info(coding.code)
        if info is None:
            return None
        source = parties.actors(sent, coding.source_head, doc, actors_for_token)
        if coding.source_head is not None and (not source or len(source) == 1 and source[0].kind == "plural"):
            source = self._members_of(sent, doc, coding.source_head) or source
        thing = self._thing_class(coding)
        # a train that exploded is no weapon (no unknown attacker); aircraft that struck a
        # market, or a truck packed with explosives, are
        vehicle = thing == "vehicle" and coding.code[:2] not in ("19", "20") and not (
            coding.source_head is not None and self._armed_thing(coding.source_head))
        if thing == "vehicle":  # "coalition aircraft bombed": the means of its crew
            thing = "means" if info.root in ("19", "20") or info.root == "18" and not vehicle else "nonagent"
            # (a tanker that overturned and exploded is an accident, a truck bomb is not)
        if self._political(source) and not (thing == "bystander" and not any(a.org for a in source)):
            thing = None  # "Russian aircraft killed": the actor named in the subject acts
        if thing is not None:
            # "an earthquake struck", "a car bomb killed": the subject is no actor
            source = []
            if thing == "bystander" and info.event != "PROTEST":
                return None
        if not source and coding.speaker is not None and info.root in ("01", "02"):
            source = parties.actors(sent, coding.speaker, doc, actors_for_token)
        target: list[ActorMention] = []
        for head in coding.target_heads:
            for actor in parties.actors(sent, head, doc, actors_for_token):
                if actor not in target:
                    target.append(actor)
        pronoun = coding.source_head is not None and coding.source_head.pos_ == "PRON"
        if not source and coding.speaker is not None and thing is None and (pronoun or not target) \
                and not self._nobody(coding.source_head, sent):
            # "Hungary said it would ...": the speaker stands in for a pronoun subject, not
            # for a subject that names something else ("a boiler exploded, police said")
            source = parties.actors(sent, coding.speaker, doc, actors_for_token)
        if not source and thing is None and info.root not in ("01", "02"):
            source = self._unnamed_agent(sent, coding.source_head)
        if not source and info.root in VIOLENT_ROOTS and (
                thing is None and (self._unnamed_attack(coding, sent) or self._mass_attack(coding)
                                   or self._agentless_violence(coding))
                or thing == "means" and not vehicle):
            # "An air strike on the market killed five", "30 were killed in an attack": an
            # attack whose attacker is not named; PLOVER codes unknown attackers as UAF
            # of the country where the attack happened (merge fills it from the place)
            source = [self._unknown_attacker(sent, coding)]
        if not source and thing is None and info.root == "17" and _own_passive(coding.trigger[0]) \
                and coding.source_head is None:
            # "... and 70 people were detained": detained by the unnamed authorities of
            # the place (filled after places), as an unnamed attacker is UAF
            source = [self._unnamed_authorities(sent, coding)]
        if thing in ("nonagent", "means") and not self._victims_of_force(info, thing, target):
            return None
        if not source and thing is None and info.event != "PROTEST" and self._nobody(coding.source_head, sent) \
                and not self._named_political(target, places=False):
            # "a man stabbed three people", "the tech company will cut jobs", "locusts
            # destroyed crops": a subject naming no actor is not replaced by a place
            return None
        if self._sport(coding):  # a game is no political event, whatever its verb ("signed a contract with the champions")
            return None
        actorless = False
        if not source and not target:
            fallback = parties.nearest_actor_before(sent, coding.trigger[0])
            # an occasion with no party: named by an event noun ("the meeting was held"),
            # a passive, or a crowd; not a thing ("a gas leak left dozens in hospital")
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for t in coding.trigger for c in t.children)
            head = coding.source_head
            occasion = passive if head is None else (
                syn.names_event(head) or self._crowd(head) or head.pos_ == "PRON"
                or info.event == "PROTEST")  # people who strike or rally are a crowd
            if fallback is not None and parties.is_place(fallback) and info.event in ACTORLESS_OK and occasion:
                # an occasion at a place: a neighbouring sentence may name its parties;
                # if none does, the place's country stands in for them
                source = [fallback]
                coding.specificity *= 0.6
                # "thousands took to the streets of Belgrade to protest": a crowd is there,
                # of the place's country; other occasions wait for a sentence naming parties
                actorless = not (info.event == "PROTEST" and coding.source_head is not None)
            elif fallback is not None:
                source = [fallback]
                coding.specificity *= 0.7
            elif info.event == "PROTEST" and coding.source_head is not None and any(a.country for a in sent.actors):
                # a crowd protesting in a named country or city: that country's people
                source = [next(a for a in sent.actors if a.country)]
                coding.specificity *= 0.7
            elif info.event == "PROTEST" and self._people(head):
                # "Relatives of the miners marched through the town": people who march,
                # rally or strike are a crowd of their own, whatever names them
                source = [ActorMention(text=head.text, span=sent.abs_span(head.idx, head.idx + len(head.text)),
                                       sector="CVL", kind="group", evidence="protesters named by a common noun")]
                coding.specificity *= 0.7
            elif info.event in ACTORLESS_OK and occasion:
                # "The meeting coincided with the opening of exercise Druzhba VI, held at
                # Molkino": no party named here, but the place and series belong to an
                # occasion a neighbouring sentence names the parties of; the merge stage
                # joins it to that event or drops it
                actorless = True
            else:
                return None
        home = parties.story_country(doc)
        source = [parties.with_home(a, home) for a in source]
        retyped = self._retype(coding, info, source) or self._destroyed_property(coding, info, source) \
            or self._military_strike(coding, info, source) or self._seized_territory(coding, info, source)
        if retyped is not None:
            info = retyped
        if not self._named_political(source) and not self._named_political(target, places=False) \
                and not (info.event in CROWD_TYPES and source) \
                and not (self._crowd(coding.source_head) and (info.event in CROWD_TYPES
                                                              or not self._counted_people(coding.source_head))) \
                and not actorless and coding.code[:3] != "082" \
                and not (info.root in VIOLENT_ROOTS and self._mass_attack(coding)) \
                and not (coding.code in ALLEGED_VIOLENCE and source):  # calling off a protest: protesters;
            # kidnappings and rapes by gangs, pirates or bandits are conflict events;
            # no state, organisation, armed or organised group, person in a role or
            # crowd takes part: residents who heard blasts, a man who stabbed
            # shoppers, thieves, a company cutting jobs give no political event
            return None
        if info.code[:3] == "062" and self._one_party(coding, source, target):
            # "China held drills near Taiwan", "North Korea trained hackers": military
            # cooperation needs a partner; alone it is a show of force (CAMEO 150)
            coding.evidence += "; one party: a show of force"
            coding.code, info = "150", self.lex.code_info("150")
        if not target and info.event in LOCATED_TARGET:
            target = parties.place_in_clause(sent, coding.trigger[-1], source)
        if not target and source and info.event in DOMESTIC_TARGET:
            # a protest, a crackdown or a concession with no other party named is
            # aimed at (or granted by) the actors' own country
            target = [replace(a, sector=None, person=None, role=None, rank=None, kind="country",
                              evidence="target: the source's own country") for a in source[:1]
                      if a.country and a.country not in parties.NONSTATE]
        target = [parties.with_home(a, home) for a in target]
        if info.event in DISASTER_RESPONSE and self._disaster_response(sent, source, target, doc):
            if info.event not in ("MOBILIZE", "AID") or not any(a.sector == "MIL" for a in source + target):
                return None
            # "troops were mobilised to help flood victims": the army's relief is aid
            coding.code, info = "073", self.lex.code_info("073")
            coding.evidence += "; troops in disaster relief: aid"
        start = min(t.idx for t in coding.trigger)
        end = max(t.idx + len(t.text) for t in coding.trigger)
        if end - start > 60:
            start, end = coding.trigger[0].idx, coding.trigger[0].idx + len(coding.trigger[0].text)
        status_token = coding.trigger[0] if coding.governed else coding.trigger[-1]
        status, cue = _status(sent, status_token)
        if coding.status:  # the refusal or rejection itself happened
            status, cue = coding.status, (cue or "") + " (coded as the refusal)"
        cue = cue or f"'{status_token.text}'"
        confidence = coding.specificity * (1.0 if source else 0.7) * (1.0 if target else 0.9)
        if info.event is None:
            confidence *= 0.6
        event_type = info.event
        override = self.lex.type_overrides.get(syn.verb_lemma(coding.trigger[0]))
        if override and len(coding.trigger) == 1 and coding.code == self.lex.verb_code.get(syn.verb_lemma(coding.trigger[0])):
            event_type = override  # PLOVER codes this verb differently from its CAMEO code's type
        elif light.declared_concession(coding.code, coding.trigger[0]):
            event_type = "CONCEDE"  # a declared ceasefire is a verbal concession (PLOVER)
        return Event(
            doc_id=doc.doc_id, sentence_index=sent.index, sentence_span=sent.span,
            sentence_text=sent.text, trigger_text=sent.text[start:end],
            trigger_span=sent.abs_span(start, end), cameo=info.code if len(coding.code) < len(info.code) else coding.code,
            event_type=event_type, mode=info.mode,
            context=_contexts(self.lex, info, coding.trigger[0]),
            cameo_name=info.name, goldstein=info.goldstein, quad_class=info.quad,
            partial=actorless,
            source=source, target=[t for t in target if t not in source],
            status=status, status_cue=cue, confidence=round(min(confidence, 0.99), 3),
            evidence=coding.evidence,
        )


# ---------------------------------------------------------------- helpers

#: A game's score: '2-1', '1-0'.
SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")


def _main_clauses(sdoc: Any) -> list[tuple[Token, Token | None]]:
    """The sentence's main clauses with an inherited subject. When the parser makes a
    noun the root and hangs the finite verb under it ("Russia, which has bases there,
    called on ..." parsed as Russia <-acl- called), the verb is the clause and the
    noun its subject."""
    out: list[tuple[Token, Token | None]] = []
    for root in (t for t in sdoc if t.dep_ == "ROOT"):
        out.append((root, None))
        if root.pos_ in ("NOUN", "PROPN"):
            for c in root.children:
                if c.dep_ == "acl" and c.tag_ in ("VBD", "VBN", "VBZ", "VBP") \
                        and not any(g.dep_ in syn.SUBJECT_DEPS for g in c.children):
                    out.append((c, root))
    return out


#: id(lexicon) -> (lexicon, {block: index}) of _pattern_index
_PATTERN_INDEXES: dict[int, tuple[EventLexicon, dict[str, Any]]] = {}


def _pattern_index(lex: EventLexicon, block: str) -> tuple[list[tuple[Any, int]], dict[str, list[int]],
                                                          dict[str, list[int]], list[int]]:
    """A block's patterns (with their weights) indexed by the words of their first
    object group, or with none by those of their first subject group; and those
    that name neither (always candidates). Built once per lexicon and block."""
    hit = _PATTERN_INDEXES.get(id(lex))
    if hit is None or hit[0] is not lex:
        hit = _PATTERN_INDEXES[id(lex)] = (lex, {})
    index = hit[1].get(block)
    if index is None:
        patterns = [(pat, pat.weight) for pat in lex.block_patterns.get(block, ())]
        by_post: dict[str, list[int]] = {}
        by_pre: dict[str, list[int]] = {}
        always: list[int] = []
        for k, (pat, _) in enumerate(patterns):
            if pat.post:
                for word in pat.post[0]:
                    by_post.setdefault(word, []).append(k)
            elif pat.pre:
                for word in pat.pre[0]:
                    by_pre.setdefault(word, []).append(k)
            else:
                always.append(k)
        index = hit[1][block] = (patterns, by_post, by_pre, always)
    return index


def _candidate_patterns(lex: EventLexicon, block: str, words: set[str],
                        pre_words: set[str]) -> list[tuple[Any, int]]:
    """The block's patterns that may match these object and subject words, in the
    block's order (ties of weight go to the first, as before)."""
    patterns, by_post, by_pre, always = _pattern_index(lex, block)
    found = set(always)
    for word in words:
        hits = by_post.get(word)
        if hits:
            found.update(hits)
    if by_pre:
        for word in pre_words:
            hits = by_pre.get(word)
            if hits:
                found.update(hits)
    return [patterns[k] for k in sorted(found)]


def _of_chain(head: Token, depth: int = 3) -> list[Token]:
    """The noun and the nouns it reaches through 'of' ('hundreds of thousands of people')."""
    chain = [head]
    while depth and (nxt := next((p for c in chain[-1].children if c.dep_ == "prep" and c.lower_ == "of"
                                  for p in c.children if p.dep_ == "pobj"), None)) is not None:
        chain.append(nxt)
        depth -= 1
    return chain


def _acl_verbs(noun: Token) -> list[Token]:
    """Verbs the parser hung on a noun that is the clause's real subject ('a gunman ...
    opened fire ..., killing 39', 'two bombings killed 60'): participles and finite
    verbs with no subject of their own."""
    def active(c: Token, tags: tuple[str, ...]) -> bool:  # (a VBN with an object is active)
        return c.dep_ == "acl" and c.pos_ == "VERB" and not any(g.dep_ in syn.SUBJECT_DEPS for g in c.children) \
            and (c.tag_ in tags or c.tag_ == "VBN" and any(g.dep_ == "dobj" for g in c.children))
    # ('two bombings outside the airport killed 60': hung on the airport)
    return [c for c in noun.children if active(c, ("VBD", "VBZ", "VBP", "VBG"))] + \
        [c for c in noun.subtree if c.head.i != noun.i and c.i != noun.i and active(c, ("VBD",))]


def _own_passive(verb: Token) -> bool:
    """A coordinated passive clause with a subject of its own and no agent ('and 70
    people were detained'): its agent is unnamed, not the first clause's subject."""
    return verb.dep_ == "conj" and any(c.dep_ in syn.PASSIVE_SUBJECT_DEPS for c in verb.children) \
        and not any(c.dep_ == "agent" for c in verb.children)


def _own_noun_subject(verb: Token) -> bool:
    """A relative clause with a subject of its own ('where police fired'), not one whose
    subject is the relative pronoun ('which has bases')."""
    return any(c.dep_ in syn.SUBJECT_DEPS and c.pos_ in ("NOUN", "PROPN") for c in verb.children)


def _contexts(lex: EventLexicon, info, trigger: Token) -> list[str]:
    """The CAMEO code's PLOVER contexts plus those the clause's words name
    ('counter terrorism domain' -> terrorism, 'defence officials' -> military)."""
    found = list(info.context)
    clause = trigger
    while clause.dep_ in ("xcomp", "conj", "ccomp") and clause.head.i != clause.i:
        clause = clause.head
    lemmas = [t.lemma_.lower() for t in clause.subtree]
    words = [t.lower_ for t in clause.subtree]
    firsts = _context_firsts(lex)
    for seq in (lemmas, words):
        for i in [k for k, w in enumerate(seq) if w in firsts]:  # where a context phrase may start
            for n in (3, 2, 1):
                context = lex.context_words.get(tuple(seq[i:i + n]))
                if context and context not in found:
                    found.append(context)
    return found


#: id(lexicon) -> (lexicon, first words of its context phrases)
_CONTEXT_FIRSTS: dict[int, tuple[EventLexicon, frozenset[str]]] = {}


def _context_firsts(lex: EventLexicon) -> frozenset[str]:
    hit = _CONTEXT_FIRSTS.get(id(lex))
    if hit is None or hit[0] is not lex:
        hit = _CONTEXT_FIRSTS[id(lex)] = (lex, frozenset(key[0] for key in lex.context_words if key))
    return hit[1]


def _conflict_roots(lex: EventLexicon) -> set[str]:
    return set(lex.complements["future"]["conflict_roots"])


def _describe(pattern) -> str:
    parts = ["/".join(sorted(g)[:3]) for g in pattern.pre] + ["*"]
    parts += [f"({p})" for p in pattern.prep] + ["/".join(sorted(g)[:3]) for g in pattern.post]
    return " ".join(parts) + f" -> {pattern.code}"


def _status(sent: Sentence, trigger: Token) -> tuple[str, str | None]:
    try:
        from ..time import detect_status
    except ImportError:
        detect_status = None
    if detect_status is not None:
        return detect_status(sent, trigger)
    return "occurred", None


@stages.register("events")
def make_event_coder(**options: Any) -> EventCoder:
    return EventCoder(**options)
