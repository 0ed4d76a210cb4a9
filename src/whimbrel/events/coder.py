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
from typing import Any

from ..model import ActorMention, Document, Event, Sentence
from ..registry import stages
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
NONSTATE = {"IGO", "NGO", "IMG", "ISM", "MNC", "UNO", "EUR"}
#: Types whose target, when no party is named, is the place where they happen
#: ("lifted a curfew in Montenegro", "imposed a curfew in Cizre, Turkey").
LOCATED_TARGET = {"CONCEDE", "COERCE", "PROTEST", "MOBILIZE", "RETREAT", "REJECT", "THREATEN", "ASSAULT"}
#: Types aimed at the actors' own country when nothing else is named.
DOMESTIC_TARGET = {"PROTEST", "COERCE", "CONCEDE"}
#: Occasion types an actorless mention may describe (see MergeStage).
ACTORLESS_OK = {"CONSULT", "COOPERATE", "PROTEST", "ASSAULT", "MOBILIZE"}


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


class EventCoder:
    """Pipeline stage "events": codes every parsed sentence of a Document."""

    name = "events"

    def __init__(self, *, lexicon: EventLexicon | None = None, keep_statements: bool = True,
                 min_confidence: float = 0.0):
        self._lexicon = lexicon
        self._noun_head: Token | None = None
        self.keep_statements = keep_statements
        self.min_confidence = min_confidence

    @property
    def lex(self) -> EventLexicon:
        if self._lexicon is None:
            self._lexicon = load_lexicon()
        return self._lexicon

    # ------------------------------------------------------------ stage
    def __call__(self, doc: Document) -> Document:
        for sent in doc.sentences:
            if sent.doc is None or not sent.doc.has_annotation("DEP"):
                continue
            doc.events.extend(self.code_sentence(doc, sent))
        return doc

    def code_sentence(self, doc: Document, sent: Sentence) -> list[Event]:
        events: list[Event] = []
        seen: set[int] = set()
        for root in (t for t in sent.doc if t.dep_ == "ROOT"):
            for coding in self._clauses(root, speaker=None, inherited_subject=None, depth=0):
                if coding.trigger[0].i in seen:
                    continue
                seen.add(coding.trigger[0].i)
                event = self._make_event(doc, sent, coding)
                if event is not None:
                    events.append(event)
        for verb in sent.doc:
            # The parser often hangs a coordinated main verb under an embedded clause
            # ("expressed the hope that X would continue ... and agreed to hold"); a
            # conjunct with a subject of its own or inherited is still a clause.
            if verb.i in seen or verb.pos_ != "VERB" or verb.dep_ != "conj":
                continue
            if verb.head.dep_ not in ("acl", "relcl", "advcl", "xcomp", "ccomp", "pcomp"):
                continue
            if verb.tag_ not in ("VBD", "VBZ", "VBP") or _inside_relative(verb):
                continue  # only a finite verb can be a main clause the parser misplaced
            subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None) or _first_subject_up(verb)
            coding = self._code_clause(verb, subject, None)
            if coding is None or coding.trigger[0].i in seen:
                continue
            seen.add(coding.trigger[0].i)
            coding.specificity *= 0.8
            event = self._make_event(doc, sent, coding)
            if event is not None:
                events.append(event)
        return events

    # ------------------------------------------------------------ clauses
    def _clauses(self, verb: Token, speaker: Token | None, inherited_subject: Token | None,
                 depth: int) -> list[Coding]:
        """Codings for this clause head and the clauses it coordinates or reports."""
        if depth > 4:
            return []
        out: list[Coding] = []
        subject = _subject(verb) or inherited_subject
        if _verb_lemma(verb) in self.lex.reporting and verb.pos_ in ("VERB", "AUX"):
            reported = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
            reported += [c for c in verb.head.children if c.dep_ == "ccomp"] if verb.dep_ == "parataxis" else []
            inner: list[Coding] = []
            for clause in reported:
                inner += self._clauses(clause, speaker=subject, inherited_subject=None,
                                       depth=depth + 1)
            own = None if reported else self._code_clause(verb, subject, speaker)
            if own is not None and own.code[:2] not in ("01", "02") and self._noun_head is not None:
                out.append(own)  # "declared a unilateral ceasefire": the noun is the event
            elif inner:
                out += inner
            elif verb.lemma_.lower() == "deny" and reported:
                out.append(Coding("016", [verb], "'deny' + reported clause", 0.4, source_head=subject))
            elif self.keep_statements:
                code = self._verb_code(verb)[0] or "010"
                if code[:2] in ("01", "02") or code == "010":
                    out.append(Coding(code, [verb], f"reporting verb '{verb.lemma_}'", 0.4,
                                      source_head=subject))
        else:
            coding = self._code_clause(verb, subject, speaker)
            if coding is None and speaker is not None and _modal_obligation(verb) and subject is not None:
                # "X declared that China must drop barriers": X demands it of China
                coding = Coding("100", [verb], "obligation in reported speech", 0.55,
                                source_head=speaker, target_heads=[subject], speaker=speaker)
            if coding:
                out.append(coding)
            else:
                # copulas, empty and uncoded verbs ("tried to", "responded by
                # recalling"): the event is in their complement
                for child in verb.children:
                    if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                        out += self._clauses(child, speaker, subject, depth + 1)
                    elif child.dep_ == "prep" and child.lower_ in ("by", "with"):
                        # "responded by recalling its diplomats": the means is the event
                        for pcomp in (c for c in child.children if c.dep_ == "pcomp" and c.pos_ == "VERB"):
                            out += self._clauses(pcomp, speaker, subject, depth + 1)
        for conj in verb.children:
            if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX"):
                out += self._clauses(conj, speaker, _subject(conj) or subject, depth + 1)
            elif conj.dep_ == "advcl" and conj.pos_ == "VERB" and self._reports_event(conj):
                # "..., urging him to send troops", "after the prime minister refused to
                # meet ...": subordinate clauses report events too, less centrally
                for c in self._clauses(conj, speaker, _subject(conj) or subject, depth + 1):
                    c.specificity *= 0.7
                    out.append(c)
        return out

    def _reports_event(self, clause: Token) -> bool:
        """Is a subordinate clause worth coding? Governors ('urging X to') and clauses of
        time with their own subject ('after the prime minister refused to meet');
        purpose and manner participles ('to demand reforms', 'killing two') are not."""
        if _verb_lemma(clause) in self.lex.governors and clause.tag_ == "VBG":
            return True  # ", urging the counterpart to sign", not "to demand reforms"
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
        has_subject = any(c.dep_ in SUBJECT_DEPS for c in clause.children)
        modal = any(c.dep_ == "aux" and c.lower_ in CONDITIONAL_AUX | {"can"} for c in clause.children)
        return has_subject and not modal and bool(marks & {"after", "when", "as"})

    def _code_clause(self, verb: Token, subject: Token | None,
                     speaker: Token | None) -> Coding | None:
        lex = self.lex
        lemma = _verb_lemma(verb)
        self._noun_head = None
        base, evidence, spec = self._verb_code(verb)
        noun_head = self._noun_head
        governor_class = self._governor_class(verb, base)
        complement = _complement(verb)
        says = base is None or base[:2] in ("01", "02", "03", "10", "12", "13")
        if says and (not governor_class or complement is None or complement.pos_ not in ("VERB", "AUX")):
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
        trigger = [verb]
        targets = _target_heads(verb)
        if noun_head is not None and complement is not None and complement.i == noun_head.i:
            governor_class = None  # "called a general strike": the strike is the event
        if governor_class and complement is not None:
            inner_code, inner_ev, inner_spec = self._verb_code(complement)
            if inner_code is None:
                inner_code, inner_ev, inner_spec = self._nested_code(complement)
            if (governor_class == "03" and inner_code and inner_code[:2] in _conflict_roots(lex)
                    and not inner_ev.startswith("pattern")):
                # "vowed to attack": an intention to fight is a threat (but a noisy
                # PETRARCH pattern on the governed verb is not enough evidence)
                governor_class = "13"
            if governor_class == "12" and _verb_lemma(complement) in lex.complements["no_comment_verbs"]:
                code = "011"  # "declined to comment"
            else:
                code = lex.combine(governor_class, inner_code)
            evidence = f"'{lemma}' ({governor_class}) + '{complement.lemma_}'" + (
                f" [{inner_ev}]" if inner_ev else "")
            spec = max(spec, inner_spec, 0.6)
            trigger = [verb, complement]
            targets = targets or _target_heads(complement)
            if complement.dep_ == "ccomp" and governor_class in ("10", "02"):
                # "demanded that the US cancel ...": the US is the target
                targets = [t for t in (_subject(complement),) if t is not None] + targets
            elif complement.dep_ == "ccomp":
                # "warned that the EU would impose measures on Kosovo": Kosovo
                targets = _target_heads(complement) + targets
        elif base is None:
            return None
        else:
            code = base
        code, evidence, source_override, targets = self._apply_modality(
            verb, code, evidence, subject, speaker, targets)
        source_head = source_override or _source(verb, subject)
        if noun_head is not None and not governor_class:
            # "The 3rd round of the Russia-Pakistan JMCC was held": the event noun's
            # own modifiers name its participants; the noun is not a target
            targets = [t for t in targets if t.i != noun_head.i]
            if source_head is None or source_head.i == noun_head.i:
                source_head = noun_head
        return Coding(code, trigger, evidence, spec, source_head=source_head,
                      target_heads=targets, speaker=speaker, governed=len(trigger) > 1,
                      status="occurred" if "negated" in evidence else None)

    def _governor_noun(self, verb: Token) -> tuple[str, Token] | None:
        """'reiterated its demand that Israel ease ...', 'issued a reminder that it must ...'."""
        nouns = self.lex.governor_nouns
        for arg in verb.children:
            if arg.dep_ not in OBJECT_DEPS | SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS:
                continue
            cls = nouns.get(arg.lemma_.lower())
            if cls is None:
                continue
            clause = next((c for c in arg.children if c.dep_ in ("acl", "ccomp", "relcl")
                           and c.pos_ in ("VERB", "AUX")), None)
            if clause is None:  # "called for talks": a governed event noun
                for prep in (c for c in arg.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "to")):
                    clause = next((p for p in prep.children if p.dep_ in ("pobj", "pcomp")), None)
            if clause is not None:
                return cls, clause
        return None

    def _nested_code(self, token: Token) -> tuple[str | None, str, float]:
        """A governed verb with no code of its own may govern one ('agreed to start talks')."""
        inner = _complement(token)
        if inner is not None:
            return self._verb_code(inner)
        return None, "", 0.0

    def _governor_class(self, verb: Token, base: str | None) -> str | None:
        lex = self.lex
        lemma = _verb_lemma(verb)
        if lemma in lex.governors:
            return lex.governors[lemma]
        if _complement(verb, nominal=False) is None:
            return None  # a code from a pattern governs only a clause, not a noun
        if verb.lemma_ == "be" or verb.pos_ == "AUX":
            for child in verb.children:
                if child.dep_ == "acomp" and child.lemma_.lower() in lex.adjective_governors:
                    return lex.adjective_governors[child.lemma_.lower()]
        if base and base[:2] in ("02", "03", "10", "12", "13"):
            return base[:2]
        return None

    def _apply_modality(self, verb: Token, code: str, evidence: str, subject: Token | None,
                        speaker: Token | None, targets: list[Token]
                        ) -> tuple[str, str, Token | None, list[Token]]:
        """Future, negated and obliged events change type (PLOVER manual, auxiliary modes)."""
        lex = self.lex
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        negated = any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in verb.children)
        future = bool(aux & FUTURE_AUX) or _going_to(verb) or _future_frame(verb) or (
            bool(aux & {"would", "'d"}) and speaker is not None)
        root = code[:2]
        cooperative = root in lex.complements["future"]["cooperative_roots"]
        conflict = root in _conflict_roots(lex)
        if _obligation(verb) and speaker is not None and subject is not None and root not in ("01", "02", "10"):
            # "X said Y must return the helicopter": X demands it of Y
            return (lex.combine("10", code), evidence + "; obligation in reported speech", speaker,
                    [subject] + targets)
        if negated and root == "03":
            return lex.combine("12", code), evidence + "; negated intent", None, targets
        if future and cooperative:
            if negated:
                return lex.combine("12", code), evidence + "; negated future", None, targets
            return lex.combine("03", code), evidence + "; future cooperation", None, targets
        conditional = bool(aux & {"may", "might", "could", "would"}) and _has_condition(verb)
        if (future or conditional) and conflict and not negated:
            return lex.combine("13", code), evidence + "; future conflict", None, targets
        return code, evidence, None, targets

    # ------------------------------------------------------------ lexicon
    def _verb_code(self, verb: Token) -> tuple[str | None, str, float]:
        """(code, evidence, specificity) for a verb from patterns, event nouns, or itself."""
        lex = self.lex
        lemma = _verb_lemma(verb)
        particle = _particle(verb, lex.particles)
        keys = ([f"{lemma} {particle}"] if particle else []) + [lemma]
        if particle and keys[0] not in lex.verb_code and keys[0] not in lex.verb_block:
            # "turned down", "walked off": a phrasal verb means something else than
            # its bare verb; without an entry of its own only its event noun counts
            keys = keys[:1]
        deployed = self._deployment(verb, lemma)
        if deployed:
            return deployed
        if lemma in lex.neutral:
            # "began delivering food", "continued to send arms": the governed verb is the
            # event; alone, an aspectual verb carries only the event noun it governs
            if lemma not in lex.light or _complement(verb, nominal=False) is not None:
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
        return None, "", 0.0

    def _consistent(self, key: str, code: str) -> bool:
        """Does a pattern's code keep the sign (cooperation/conflict) of the verb's own
        curated code? PETRARCH2 patterns are noisy ('condemn * attack -> 053')."""
        own = self.lex.core_codes.get(key)
        if not own:
            return True
        a, b = self.lex.code_info(own), self.lex.code_info(code)
        if a is None or b is None or a.root in ("01", "02") or b.root in ("01", "02"):
            return True
        # block patterns are shared by all the block's verbs; for a verb whose bare
        # meaning we know, keep only patterns that refine that meaning
        return a.root == b.root or (a.quad <= 2) == (b.quad <= 2) and a.event == b.event

    def _retype(self, coding: Coding, info, source: list[ActorMention]):
        """Who acts and with what decides between neighbouring types: civilians who
        burn and block are rioting (PROTEST), authorities who block are coercing
        (COERCE); a killing 'in a car bomb attack' is a bombing (CAMEO 18x)."""
        lex = self.lex
        sectors = {a.sector for a in source if a.sector}
        civilian = bool(sectors) and sectors <= lex.civilian_sectors
        state = bool(sectors & lex.state_sectors)
        new = None
        crowd = coding.source_head is not None and (
            coding.source_head.lower_ in lex.protester_nouns
            or any(t.lower_ in lex.protester_nouns for t in coding.source_head.subtree))
        if info.root in ("17", "18") and civilian and not state and crowd:
            new = "145"
        elif info.code[:3] == "144" and state and not civilian:
            new = "170"
        elif info.root == "19":
            trigger = coding.trigger[-1]
            for prep in (c for c in trigger.children if c.dep_ in ("prep", "agent")):
                for pobj in (p for p in prep.children if p.dep_ == "pobj"):
                    for noun in _noun_chain(pobj):
                        means = _lookup_noun(lex, noun)
                        if means and means[:2] == "18":
                            new = means
        if new is None or new == coding.code:
            return None
        coding.evidence += f"; retyped {coding.code}->{new} by actor sector or means"
        coding.code = new
        return lex.code_info(new)

    def _deployment(self, verb: Token, lemma: str) -> tuple[str, str, float] | None:
        """'sent warships to', 'moved troops into', 'deployed police': a show of force
        (CAMEO 154), whatever the bare verb means ('send' alone is aid)."""
        if lemma not in self.lex.deploy_verbs:
            return None
        for obj in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
            words = {obj.lower_, obj.lemma_.lower()} | {c.lower_ for c in obj.children if c.dep_ == "conj"}
            if words & self.lex.military_nouns:
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
        object_words, prep_words, preps = _argument_words(verb)
        all_words = object_words | prep_words
        pre_words = _subject_words(verb)
        best = None
        for pat in lex.block_patterns.get(block, ()):
            if pat.prep and not all(p in preps for p in pat.prep):
                continue
            # PETRARCH2 patterns name the object's head; words inside prepositional
            # phrases count only when the pattern names a preposition too
            words = all_words if pat.prep else object_words
            if not all(g & words for g in pat.post):
                continue
            if not all(g & pre_words for g in pat.pre):
                continue
            if best is None or pat.weight > best.weight:
                best = pat
        return best

    def _event_noun(self, verb: Token, objects_only: bool = False) -> tuple[str, str, Token] | None:
        """The event noun a light verb governs: 'held talks', 'was held' (passive), 'took part in'.
        ``objects_only``: only what the verb acts on ('lifted the curfew', not 'after protests')."""
        lex = self.lex
        heads = [c for c in verb.children if c.dep_ in OBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
        if objects_only:
            return self._first_event_noun(verb, heads)
        if not heads and _verb_lemma(verb) in lex.intransitive_light:
            # "riots are still continuing", "talks resumed", "fighting broke out"
            heads = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            heads += [p for p in prep.children if p.dep_ == "pobj"]
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            heads.append(verb.head)  # "the exercise which was held at ..."
        return self._first_event_noun(verb, heads)

    def _first_event_noun(self, verb: Token, heads: list[Token]) -> tuple[str, str, Token] | None:
        lex = self.lex
        for head in heads:
            pair = lex.verb_nouns.get(f"{_verb_lemma(verb)} {head.lemma_.lower()}")
            if pair:  # "set fire (to)" is not "open fire"
                return pair, f"'{verb.lemma_} {head.lemma_}'", head
            for noun in _noun_chain(head):
                code = _lookup_noun(lex, noun)
                if code:
                    return code, f"light verb '{verb.lemma_}' + event noun '{noun.lemma_}'", head
        return None

    # ------------------------------------------------------------ events
    def _make_event(self, doc: Document, sent: Sentence, coding: Coding) -> Event | None:
        actors_for_token = _actor_lookup()
        info = self.lex.code_info(coding.code)
        if info is None:
            return None
        source = _actors(sent, coding.source_head, doc, actors_for_token)
        if not source and coding.speaker is not None and info.root in ("01", "02"):
            source = _actors(sent, coding.speaker, doc, actors_for_token)
        target: list[ActorMention] = []
        for head in coding.target_heads:
            for actor in _actors(sent, head, doc, actors_for_token):
                if actor not in target:
                    target.append(actor)
        if not source and not target and coding.speaker is not None:
            source = _actors(sent, coding.speaker, doc, actors_for_token)
        actorless = False
        if not source and not target:
            fallback = _nearest_actor_before(sent, coding.trigger[0])
            if fallback is not None and _is_place(fallback) and info.event in ACTORLESS_OK:
                # an occasion at a place: a neighbouring sentence may name its parties;
                # if none does, the place's country stands in for them
                source = [fallback]
                coding.specificity *= 0.6
                actorless = True
            elif fallback is not None:
                source = [fallback]
                coding.specificity *= 0.7
            elif info.event in ACTORLESS_OK:
                # "The meeting coincided with the opening of exercise Druzhba VI, held at
                # Molkino": no party named here, but the place and series belong to an
                # occasion a neighbouring sentence names the parties of; the merge stage
                # joins it to that event or drops it
                actorless = True
            else:
                return None
        home = _story_country(doc)
        source = [_with_home(a, home) for a in source]
        retyped = self._retype(coding, info, source)
        if retyped is not None:
            info = retyped
        if not target and info.event in LOCATED_TARGET:
            target = _place_in_clause(sent, coding.trigger[-1], source)
        if not target and source and info.event in DOMESTIC_TARGET:
            # a protest, a crackdown or a concession with no other party named is
            # aimed at (or granted by) the actors' own country
            target = [replace(a, sector=None, person=None, role=None, rank=None, kind="country",
                              evidence="target: the source's own country") for a in source[:1]
                      if a.country and a.country not in NONSTATE]
        target = [_with_home(a, home) for a in target]
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
        override = self.lex.type_overrides.get(_verb_lemma(coding.trigger[0]))
        if override and len(coding.trigger) == 1 and coding.code == self.lex.verb_code.get(_verb_lemma(coding.trigger[0])):
            event_type = override  # PLOVER codes this verb differently from its CAMEO code's type
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

def _contexts(lex: EventLexicon, info, trigger: Token) -> list[str]:
    """The CAMEO code's PLOVER contexts plus those the clause's words name
    ('counter terrorism domain' -> terrorism, 'defence officials' -> military)."""
    found = list(info.context)
    clause = trigger
    while clause.dep_ in ("xcomp", "conj", "ccomp") and clause.head.i != clause.i:
        clause = clause.head
    lemmas = [t.lemma_.lower() for t in clause.subtree]
    words = [t.lower_ for t in clause.subtree]
    for seq in (lemmas, words):
        for i in range(len(seq)):
            for n in (3, 2, 1):
                context = lex.context_words.get(tuple(seq[i:i + n]))
                if context and context not in found:
                    found.append(context)
    return found


def _conflict_roots(lex: EventLexicon) -> set[str]:
    return set(lex.complements["future"]["conflict_roots"])


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS:
            return c
    for c in verb.children:
        if c.dep_ == "agent":  # passive: "was attacked by X"
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
        if verb.dep_ == "xcomp":
            # "urged Iran to withdraw": the object of the governor is the subject
            obj = next((c for c in verb.head.children if c.dep_ in ("dobj",)), None)
            if obj is not None and _verb_lemma(verb.head) in {"urge", "ask", "call", "invite",
                                                                 "force", "order", "encourage", "press"}:
                return obj
        return _subject(verb.head) if verb.head.pos_ in ("VERB", "AUX") else None
    if verb.dep_ == "relcl" and verb.head.i != verb.i:
        return verb.head
    return None


def _first_subject_up(token: Token) -> Token | None:
    """The subject of the nearest clause above whose subject is explicit, up to the root."""
    t = token
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("acl", "relcl"):
            subj = next((c for c in t.children if c.dep_ in SUBJECT_DEPS), None)
            if subj is not None:
                return subj
    return None


def _source(verb: Token, subject: Token | None) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    if subject is not None and subject.dep_ in PASSIVE_SUBJECT_DEPS:
        return None
    return subject


def _target_heads(verb: Token) -> list[Token]:
    heads = [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")]
    heads += [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS):
        heads += [p for p in prep.children if p.dep_ == "pobj"]
    for obj in [h for h in heads if h.dep_ == "dobj"]:
        # "rejected an Indian proposal", "accused the United States of": also the object's PPs
        # "rejected an Indian proposal", "accused the United States of", "broke off
        # relations with Russia", "lifted the curfew on Palestinians": the object's PPs
        for prep in (c for c in obj.children if c.dep_ == "prep"
                     and c.lower_ in ("of", "by", "from", "to", "with", "on", "against", "for")):
            heads += [p for p in prep.children if p.dep_ == "pobj"]
    return heads


def _complement(verb: Token, nominal: bool = True) -> Token | None:
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
        if nominal and c.dep_ == "dobj" and _names_event(c):
            return c
    return None


def _has_condition(verb: Token) -> bool:
    """An 'if'/'unless' clause on the verb: 'may halt mediation if cooperation founders'."""
    return any(c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children if m.dep_ == "mark")
               for c in verb.children)


def _modal_obligation(verb: Token) -> bool:
    """'must'/'should'/'ought to' on the verb itself."""
    return any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in verb.children)


def _inside_relative(token: Token) -> bool:
    """Is the token inside a relative clause ('a resolution that aims to ... and impose')?"""
    t = token
    for _ in range(12):
        if t.dep_ in ("relcl",):
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _obligation(verb: Token) -> bool:
    """'must'/'should'/'ought to' on the verb, or 'has to'/'needs to' governing it."""
    if any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in verb.children):
        return True
    return (verb.dep_ == "xcomp" and verb.head.lemma_ in ("have", "need")
            and any(c.lower_ == "to" for c in verb.children))


def _particle(verb: Token, particles: frozenset[str]) -> str | None:
    """'turned down', 'pulled out of': a particle, or an adverb or preposition that
    follows the verb directly and is one of the particle words."""
    for c in verb.children:
        if c.dep_ == "prt":
            return c.lower_
    for c in verb.children:
        if c.i == verb.i + 1 and c.dep_ in ("prep", "advmod") and c.lower_ in particles:
            return c.lower_
    return None


def _verb_lemma(tok: Token) -> str:
    """The verb's lemma, checked against the lexicon: spaCy's rule lemmatiser
    sometimes strips too much ("staged" -> "stag"); the surface form's regular
    de-inflections are tried before giving up."""
    lemma = tok.lemma_.lower()
    known = load_lexicon().known_verbs
    if lemma in known:
        return lemma
    w = tok.lower_
    for cand in (w, w[:-1], w[:-2], w[:-3], w[:-3] + "e", w[:-3] + "y", w[:-2] + "e"):
        if len(cand) > 2 and cand in known:
            return cand
    return lemma


def _names_event(noun: Token) -> bool:
    """Does a noun name an act ('the withdrawal', 'a meeting', 'a proposal to') rather
    than a party or a thing ('troops', 'Milei')? Nominalisations and event nouns do."""
    lex = load_lexicon()
    lemma = noun.lemma_.lower()
    if _lookup_noun(lex, noun) or lemma in lex.governor_nouns:
        return True
    return noun.pos_ == "NOUN" and lemma.endswith(("tion", "sion", "ment", "al", "ance", "ence", "ure"))


FUTURE_FRAMES = {"expect", "due", "set", "schedule", "plan", "intend", "poise", "slate"}


def _future_frame(verb: Token) -> bool:
    """'is expected to travel', 'is due to meet', 'is set to sign', 'plans to visit'."""
    head = verb.head
    return (verb.dep_ == "xcomp" and head.i != verb.i and _verb_lemma(head) in FUTURE_FRAMES
            and any(c.lower_ == "to" for c in verb.children))


def _going_to(verb: Token) -> bool:
    head = verb.head
    return (verb.dep_ == "xcomp" and head.lemma_ == "go" and head.tag_ == "VBG"
            and any(c.lower_ == "to" for c in verb.children))


def _argument_words(verb: Token) -> tuple[set[str], set[str], set[str]]:
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
            tokens = [t for p in child.children for t in _phrase(p)]
        else:
            bucket = objects
            tokens = _phrase(child)
        for t in tokens:
            bucket.add(t.lower_)
            bucket.add(t.lemma_.lower())
    return objects, in_preps, preps


CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "appos"}


def _phrase(head: Token, limit: int = 10) -> list[Token]:
    """The head's phrase without embedded clauses ('ways to expand cooperation' -> 'ways')."""
    out, stack = [], [head]
    while stack and len(out) < limit:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in CLAUSE_DEPS)
    return out


def _subject_words(verb: Token) -> set[str]:
    words: set[str] = set()
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS | {"advmod"} and child.i < verb.i:
            for t in child.subtree:
                words.add(t.lower_)
                words.add(t.lemma_.lower())
    return words


def _noun_chain(head: Token) -> list[Token]:
    """The head noun and nouns reached through 'of' ('round of talks', 'ceremony of exercise')."""
    chain = [head]
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
        chain += [p for p in prep.children if p.dep_ == "pobj"]
    chain += [c for c in head.children if c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN"]
    return chain


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


def _describe(pattern) -> str:
    parts = ["/".join(sorted(g)[:3]) for g in pattern.pre] + ["*"]
    parts += [f"({p})" for p in pattern.prep] + ["/".join(sorted(g)[:3]) for g in pattern.post]
    return " ".join(parts) + f" -> {pattern.code}"


def _actors(sent: Sentence, head: Token | None, doc: Document, actors_for_token) -> list[ActorMention]:
    if head is None:
        return []
    found = [_story_meaning(a, doc) for a in actors_for_token(sent, head, doc)]
    out: list[ActorMention] = []
    for actor in found:
        for a in actor.expand() if actor.kind == "plural" and actor.refers_to else [actor]:
            if a not in out:
                out.append(a if actor.kind != "plural" else _via_plural(a, actor))
    return out


def _via_plural(actor: ActorMention, plural: ActorMention) -> ActorMention:
    """A party named earlier, cited through a plural reference in this sentence."""
    return ActorMention(text=plural.text, span=plural.span, country=actor.country,
                        sector=actor.sector, person=actor.person, role=actor.role,
                        org=actor.org, kind="plural",
                        evidence=f"'{plural.text}' refers to '{actor.text}'")


def _story_country(doc: Document) -> str | None:
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


def _story_acronyms(doc: Document) -> dict[str, str]:
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


def _story_meaning(actor: ActorMention, doc: Document) -> ActorMention:
    """Replace a lexicon organisation by the story's own expansion of its acronym."""
    acronym = actor.org or ""
    if actor.kind != "org" or not acronym.isupper() or not acronym.isalpha() or acronym not in actor.text:
        return actor
    long_form = _story_acronyms(doc).get(acronym)
    if long_form is None or (actor.evidence or "").lower().find(long_form.lower()) >= 0:
        return actor
    sector = _agent_sector(long_form.split()[-1])
    return replace(actor, country=None, sector=sector, org=acronym, kind="group",
                   evidence=f"story acronym: {acronym} = {long_form!r}")


def _agent_sector(word: str) -> str | None:
    """The sector an agent word names ('Forces' -> MIL), from the actors lexicon."""
    from ..actors.lexicon import get_lexicon, longest_matches

    hits = longest_matches([word.lower()], get_lexicon().agent_trie)
    return hits[0][2][0] if hits else None


def _with_home(actor: ActorMention, home: str | None) -> ActorMention:
    if actor.country or not home or not actor.sector or actor.sector in ("IGO", "NGO"):
        return actor
    return replace(actor, country=home,
                   evidence=(actor.evidence or "") + f"; country from the story ({home})")


def _actor_lookup():
    """The actors stage's phrase reader, or a span-based reading while it is absent."""
    try:
        from ..actors import actors_for_token
        return actors_for_token
    except ImportError:
        def by_subtree(sent: Sentence, head: Token, doc: Document) -> list[ActorMention]:
            lo = sent.start + min(t.idx for t in head.subtree)
            hi = sent.start + max(t.idx + len(t) for t in head.subtree)
            mentions = sent.actors or [
                ActorMention(text=e.text, span=sent.abs_span(e.start_char, e.end_char), kind="ner")
                for e in sent.doc.ents if e.label_ in ("GPE", "NORP", "ORG", "PERSON")]
            return [a for a in mentions if lo <= a.span[0] and a.span[1] <= hi]
        return by_subtree


def _place_in_clause(sent: Sentence, trigger: Token, source: list[ActorMention]) -> list[ActorMention]:
    """A place named in the trigger's clause ('in Montenegro'), as the country affected."""
    verb = trigger
    while verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        verb = verb.head
    lo = sent.start + min(t.idx for t in verb.subtree)
    hi = sent.start + max(t.idx + len(t) for t in verb.subtree)
    for actor in sent.actors:
        if _is_place(actor) and actor.country and lo <= actor.span[0] and actor.span[1] <= hi:
            return [replace(actor, kind="country", evidence=(actor.evidence or "") + "; target: place of the event")]
    return []


def _is_place(actor: ActorMention) -> bool:
    """The actors stage marks mentions used as places ('held at Islamabad')."""
    return (actor.evidence or "").endswith(("; place", "; locative"))


def _nearest_actor_before(sent: Sentence, trigger: Token) -> ActorMention | None:
    """Last resort: the closest actor named before the trigger in the same sentence,
    else the first one after it (places included: 'Prisoners rioted at a jail in Dili')."""
    pos = sent.start + trigger.idx
    usable = [a for a in sent.actors if a.kind != "plural" and a.country]
    before = [a for a in usable if a.span[1] <= pos]
    if before:
        return before[-1]
    return usable[0] if usable else None


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
