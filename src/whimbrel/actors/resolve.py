"""What a noun phrase denotes: ``actors_for_token`` and its helpers.

Given the head token of a noun phrase in a parsed sentence, find the actor(s):

* conjuncts split into one actor each ("Jordan and Britain");
* the phrase's *region* is the head plus its modifiers, appositions and
  of/from/in phrases, without relative clauses or its own conjuncts;
* lexicon matches in the region give the country or organisation (the match
  nearest the head in the tree wins; coordinated matches inside one of-phrase
  give one actor each: "officials of Pakistan and Russia");
* agent words ("troops", "officials"), role titles ("Deputy Defence Minister")
  and ranks ("Col. Gen") give sector, role and rank; proper-noun runs give the
  person; leaders in the lexicon carry date-bounded codes, resolved against the
  article date;
* "the two sides" / "both countries" refer to the parties named most recently;
  "the country" to the last country; "it"/"they" to the subject before, when
  that is unambiguous.

A phrase with no actor word and no lexicon match gives ``[]``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date as Date
from typing import Any

from .._tokens import built, memo, span_root
from ..model import ActorMention, Document, Sentence
from ._match import Match, SentenceInfo, sentence_info
from .lexicon import PLACE_KINDS, Lexicon, get_lexicon, longest_matches

#: Prepositions whose object still belongs to the phrase ("officials of X").
KEEP_PREPS = frozenset({"of", "from", "in", "throughout", "across", "within", "for", "at", "inside"})
#: Dependents that start another phrase or clause: never part of a region.
CUT_DEPS = frozenset({"conj", "cc", "relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis",
                      "preconj", "dep", "mark", "advmod", "npadvmod"})
#: Prepositions of place: a country after them is a location, not a party.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "throughout", "around",
                            "across", "within", "into", "to", "towards", "toward"})
NONSTATE = frozenset({"IGO", "NGO", "IMG", "ISM", "MNC", "UNO", "EUR"})
PRONOUNS = frozenset({"it", "they", "he", "she"})
#: Heads that only count what follows: "thousands of students", "a group of soldiers".
QUANTITY_WORDS = frozenset({"ten", "tens", "hundred", "hundreds", "thousand", "thousands",
                            "million", "millions", "dozen", "dozens", "scores", "score", "number",
                            "group", "some", "many", "most", "several", "all", "one", "two",
                            "three", "four", "five", "members", "member", "majority", "handful",
                            "third", "half", "quarter", "part", "rest"})
#: Plural heads that name states only: "the two countries" needs two of them named.
STATE_NOUNS = frozenset({"country", "nation", "state", "government", "capital", "neighbour",
                         "neighbor"})
#: Participles that make a body act for its leaders ("a coalition led by Saudi Arabia").
LEADING = frozenset({"lead", "head", "command", "chair"})
#: From how many sentences a text is a story whose silence about a country tells.
STORY_SENTENCES = 5
#: How far back (in sentences) plural and pronoun references look for antecedents.
LOOKBACK = 6


def actors_for_token(sentence: Sentence, token: Any, doc: Document | None = None) -> list[ActorMention]:
    """The actor(s) denoted by the noun phrase headed by ``token`` (a spaCy Token).

    Conjuncts give one actor each; plural references ("the two sides") give one
    ``kind="plural"`` mention whose ``refers_to`` lists the parties; returns
    ``[]`` when the phrase names no actor.
    """
    if token is None or sentence.doc is None:
        return []
    resolver = _Resolver(sentence, doc)
    heads = [token] + [c for c in token.conjuncts if c.pos_ in ("NOUN", "PROPN", "PRON", "NUM")]
    out: list[ActorMention] = []
    seen = set()
    for head in sorted(heads, key=lambda t: t.i):
        for actor in resolver.for_head(head):
            key = (actor.country, actor.sector, actor.person, actor.org, actor.kind,
                   tuple((a.country, a.org) for a in actor.refers_to))
            if key not in seen:
                seen.add(key)
                out.append(actor)
    return out


def actors_in_span(sentence: Sentence, start_char: int, end_char: int) -> list[ActorMention]:
    """Mentions of ``sentence.actors`` whose spans lie inside ``[start_char, end_char)``
    (article coordinates)."""
    return [a for a in sentence.actors if a.span[0] >= start_char and a.span[1] <= end_char]


def np_head(token: Any) -> Any:
    """Climb from a word to the head of the noun phrase it modifies."""
    tok = token
    for _ in range(12):
        if tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN"):
            tok = tok.head
        elif tok.dep_ in ("compound", "amod", "poss", "nmod", "nummod", "det", "case", "flat",
                          "predet", "quantmod") and tok.head.i != tok.i:
            tok = tok.head
        elif (tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in KEEP_PREPS
              and tok.head.head.pos_ in ("NOUN", "PROPN") and _is_actor_word(tok.head.head)):
            tok = tok.head.head
        elif tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
            tok = tok.head
        else:
            break
    return tok


def _is_actor_word(tok: Any) -> bool:
    info = sentence_info(tok.doc)
    return (tok.i in info.agent_at or tok.i in info.role_at or tok.i in info.actor_at
            or tok.ent_type_ == "PERSON")


def is_locative(doc: Any, match: Match) -> bool:
    """Is the match the object of a place preposition ("held at Islamabad")?"""
    root = _match_root(doc, match)
    for _ in range(3):
        if root.dep_ == "conj":
            root = root.head
        elif root.dep_ in ("amod", "compound", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
            root = root.head  # "in the Ethiopian capital": the adjective names a place too
        else:
            break
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS


def _match_root(doc: Any, match: Match) -> Any:
    words = built(doc)
    if words is not None:
        return span_root(words, match.start, match.end)
    span = doc[match.start:match.end]
    return span.root


class _Resolver:
    def __init__(self, sentence: Sentence, doc: Document | None):
        self.sentence = sentence
        self.document = doc
        self.sdoc = sentence.doc
        #: the sentence's FastTokens when built (_tokens.py), else the Doc: for indexing
        self.words: Any = built(self.sdoc) or self.sdoc
        self.lex: Lexicon = get_lexicon()
        self.info: SentenceInfo = sentence_info(self.sdoc, self.lex)
        self.day: Date | None = doc.article.date if doc is not None else None

    # -- entry -----------------------------------------------------------------
    def for_head(self, head: Any, pronouns: bool = True) -> list[ActorMention]:
        if head.lower_ in PRONOUNS and head.pos_ == "PRON":
            return self.pronoun(head) if pronouns else []
        head = self.through_quantity(head)
        region = self.region(head)
        plural = self.plural_ref(head, region)
        if plural is not None:
            return plural
        singular = self.singular_ref(head, region)
        if singular is not None:
            return singular
        body = self.org_ref(head, region)
        if body is not None:
            return body
        return self.named(head, region)

    @staticmethod
    def through_quantity(head: Any) -> Any:
        """'Tens of thousands of students' -> 'students': quantities are transparent."""
        for _ in range(4):
            if head.lemma_.lower() not in QUANTITY_WORDS:
                return head
            prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if obj is None:
                return head
            head = obj
        return head

    # -- regions ---------------------------------------------------------------
    def region(self, head: Any) -> list[Any]:
        """The head and the tokens that belong to its phrase, in text order (do not
        change the list: it is kept for the sentence's later asks)."""
        known = memo(head.doc, "actor_region", _Resolver)  # a pure function of the parse
        found = known.get(head.i)
        if found is None:
            found = known[head.i] = self._region(head)
        return found

    @staticmethod
    def _region(head: Any) -> list[Any]:
        out = [head]
        stack = list(head.children)
        while stack:
            tok = stack.pop()
            if tok.dep_ in ("conj", "cc", "preconj") and tok.head.i != head.i:
                pass  # coordination inside a modifier: "officials of Pakistan and Russia"
            elif tok.dep_ in CUT_DEPS or (tok.dep_ == "punct" and tok.head.i == head.i and tok.i > head.i
                                           and tok.text not in "()"):
                continue
            if tok.dep_ == "prep" and tok.lower_ not in KEEP_PREPS:
                continue
            out.append(tok)
            stack.extend(tok.children)
        return sorted(out, key=lambda t: t.i)

    def text_span(self, tokens: list[Any]) -> tuple[str, tuple[int, int]]:
        toks = [t for t in tokens if not t.is_punct or t.text in "()"]
        while toks and toks[0].dep_ in ("det", "predet") and toks[0].lower_ in ("the", "a", "an"):
            toks = toks[1:]
        if not toks:
            toks = tokens
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        return self.sentence.text[start:end], self.sentence.abs_span(start, end)

    # -- references ------------------------------------------------------------
    def plural_ref(self, head: Any, region: list[Any]) -> list[ActorMention] | None:
        """'the two sides', 'both countries', 'both the officials', 'the two'."""
        lemma = head.lemma_.lower()
        count = None
        sector = None
        implicit = False
        if head.lower_ in self.lex.numbers and head.pos_ in ("NUM", "DET", "PRON") \
                and head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "ROOT"):
            count = self.lex.numbers[head.lower_]
        elif lemma in self.lex.plural_nouns and head.tag_ in ("NNS", "NNPS"):
            if any(t.i in self.info.actor_at for t in region):
                return None
            for tok in region:
                if tok.i < head.i and tok.lower_ in self.lex.numbers:
                    count = self.lex.numbers[tok.lower_]
            implicit = count is None and self.dyad_ref(head)
            if implicit:
                # "the sides", "the parties", "the ministers", "Participants discussed": a
                # definite plural of a word for states or their envoys refers to the two
                # parties just named
                count = 2
            sector = self.lex.plural_nouns[lemma]
            if sector is None:
                agent = self.info.agent_at.get(head.i)
                sector = agent[2] if agent and agent[0] < head.i else None
        if count is None:
            return None
        parties = self.recent_parties(head, count)
        if count == 2:
            parties = self.lead_pair(parties)
        if len(parties) < 2 and implicit:
            return None  # "the ministers" with no two parties named before: the story's ministers
        if not parties or len(parties) < 2 and lemma in STATE_NOUNS:
            return []  # "the two countries" needs two states named before
        # one party found: "Colombia's government and the ELN rebels agreed ... The two
        # sides said": the other is a group the lexicon gives no country; the named one
        # is still a party
        refs = [ActorMention(text=p.text, span=p.span, country=p.country, sector=sector,
                             org=p.org, kind=p.kind if p.kind in ("org", "group") else "country",
                             evidence="plural reference antecedent")
                for p in sorted(parties, key=lambda a: a.span)]
        text, span = self.text_span(region)
        return [ActorMention(text=text, span=span, kind="plural", refers_to=refs,
                             evidence=f"plural reference to {count} parties")]

    def dyad_ref(self, head: Any) -> bool:
        """Is a plural head with no number one of the story's parties ('the sides', 'the
        foreign ministers', sentence-initial 'Participants')? Modifiers other than a
        dyad word's own ('foreign') and of-phrases ('the leaders of the protest') name
        someone else."""
        mods = [c for c in head.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
        phrase = " ".join([c.lower_ for c in mods] + [head.lemma_.lower()])
        if phrase not in self.lex.dyad_nouns:
            return False
        if any(c.dep_ in ("relcl", "acl") or c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            return False
        if any(c.lower_ == "the" for c in head.children):
            return True
        opening = min([head.i] + [c.i for c in mods]) == 0
        return opening and head.dep_ in ("nsubj", "nsubjpass")

    def singular_ref(self, head: Any, region: list[Any]) -> list[ActorMention] | None:
        """'the country', 'the kingdom', 'the government' -> the last country named."""
        lemma = head.lemma_.lower()
        if lemma not in self.lex.singular_refs or head.tag_ not in ("NN", "NNP"):
            return None
        if any(t.i in self.info.actor_at for t in region):
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        if any(c.dep_ in ("amod", "compound", "poss") for c in head.children if c.lower_ != "island"):
            return None
        parties = [p for p in self.recent_parties(head, 1, countries_only=True)]
        if not parties:
            return []
        p = parties[0]
        text, span = self.text_span(region)
        return [ActorMention(text=text, span=span, country=p.country,
                             sector=self.lex.singular_refs[lemma], kind="country",
                             evidence=f"reference to the last country named ({p.text})")]

    def org_ref(self, head: Any, region: list[Any]) -> list[ActorMention] | None:
        """'the bloc', 'the alliance' -> the last international body named ("The EU
        extended its sanctions ... The bloc first imposed them in 2020")."""
        lemma = head.lemma_.lower()
        if lemma not in self.lex.org_refs or head.tag_ not in ("NN", "NNP") \
                or any(t.i in self.info.actor_at for t in region) \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children) \
                or any(c.dep_ in ("amod", "compound", "poss") for c in head.children):
            return None
        limit = self.sentence.start + head.idx
        for sent in self._sentences_back():
            for m in reversed(self._party_mentions(sent)):
                if m.span[1] <= limit and m.country in NONSTATE and m.org and m.kind == "org":
                    text, span = self.text_span(region)
                    return [ActorMention(text=text, span=span, country=m.country,
                                         sector=self.lex.org_refs[lemma] or m.sector, org=m.org,
                                         kind="org", evidence=f"reference to the last body named ({m.text})")]
        return None

    def lead_pair(self, nearest: list[ActorMention]) -> list[ActorMention]:
        """'The two sides' later in a story means the two parties of its lead ("Georgian
        and Russian diplomats met ..."), not whoever a background sentence named last;
        the nearest pair stands when it shares no party with the lead."""
        lead = self.lead_parties()
        if len(lead) < 2 or self.sentence.index <= lead[0][1]:
            return nearest
        keys = {k for k, _, _ in lead[:2]}
        if not any(_party_key(p) in keys for p in nearest) and not keys <= self.recent_keys():
            return nearest
        return [p for _, _, p in lead[:2]]

    def recent_keys(self) -> set[str | None]:
        """Parties named in this sentence and the few before it: "Participants" after a
        list of mediators and the two sides are still the two sides."""
        return {_party_key(p) for sent in self._sentences_back()
                for m in self._party_mentions(sent) for p in m.expand() if p.country}

    def lead_parties(self) -> list[tuple[str, int, ActorMention]]:
        """Distinct parties (key, sentence index, mention) of the story's first sentence
        that names any, places left out."""
        if self.document is None:
            return []
        for sent in self.document.sentences:
            if sent.index >= self.sentence.index:
                return []
            out: list[tuple[str, int, ActorMention]] = []
            for m in self._party_mentions(sent):
                for p in m.expand():
                    if p.country and not any(k == _party_key(p) for k, _, _ in out):
                        out.append((_party_key(p), sent.index, p))
            if out:
                return out
        return []

    def recent_parties(self, head: Any, count: int, countries_only: bool = False) -> list[ActorMention]:
        """Distinct parties named before ``head``, nearest first, up to ``count``."""
        limit = self.sentence.start + head.idx
        found: list[ActorMention] = []
        keys: set[str] = set()
        for sent in self._sentences_back():
            mentions = self._party_mentions(sent, keep_locative=countries_only)
            for m in reversed(mentions):
                if m.span[1] > limit:
                    continue
                for p in reversed(m.expand()):
                    if p.country is None:
                        continue
                    if countries_only and (p.country in NONSTATE or p.kind != "country"):
                        continue
                    key = _party_key(p)
                    if key in keys:
                        continue
                    keys.add(key)
                    found.append(p)
                    if len(found) >= count:
                        return found
            if len(found) >= 2 and not countries_only:
                return found
        return found

    def _sentences_back(self) -> list[Sentence]:
        sents = [self.sentence]
        if self.document is not None:
            idx = self.sentence.index
            earlier = [s for s in self.document.sentences if s.index < idx]
            sents += list(reversed(earlier))[:LOOKBACK]
        return sents

    def _party_mentions(self, sent: Sentence, keep_locative: bool = False) -> list[ActorMention]:
        """Mentions that can be antecedents: not places, not locative phrases."""
        if sent.actors:
            mentions = sent.actors
        elif sent.doc is not None:
            info = sentence_info(sent.doc, self.lex)
            mentions = [raw_mention(sent, m, self.day) for m in info.actors]
        else:
            return []
        skip = ("place",) if keep_locative else ("place", "locative")
        return [m for m in mentions if not (m.evidence or "").endswith(skip)]

    def pronoun(self, head: Any) -> list[ActorMention]:
        """'it'/'they'/'he'/'she' -> the subject of the governing or previous clause."""
        word = head.lower_
        candidates: list[ActorMention] = []
        verb = head.head
        for _ in range(6):
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")
                         and c.i != head.i and c.i < head.i and c.pos_ != "PRON"), None)
            if subj is not None:
                candidates = actors_for_subject(self, subj)
                break
            if verb.head.i == verb.i:
                break
            verb = verb.head
        if not candidates and self.document is not None and self.sentence.index > 0:
            prev = next((s for s in self.document.sentences if s.index == self.sentence.index - 1), None)
            if prev is not None and prev.doc is not None and prev.doc.has_annotation("DEP"):
                root = next((t for t in prev.doc if t.dep_ == "ROOT"), None)
                subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) \
                    if root is not None else None
                if subj is not None and subj.pos_ != "PRON":
                    candidates = actors_for_subject(_Resolver(prev, self.document), subj)
        if word == "it":
            ok = [c for c in candidates if c.kind in ("country", "org", "group")]
            return ok if len(ok) == 1 and len(candidates) == 1 else []
        if word in ("he", "she"):
            return candidates if len(candidates) == 1 and candidates[0].kind == "person" else []
        return candidates

    # -- named actors ----------------------------------------------------------
    def named(self, head: Any, region: list[Any]) -> list[ActorMention]:
        info = self.info
        in_region = {t.i for t in region}
        matches = [m for m in info.actors if m.start in in_region and m.end - 1 in in_region]
        head_match = info.actor_at.get(head.i)
        agent = info.agent_at.get(head.i)
        role = self.role(head, region)
        rank = self.rank(region, role)
        person_tokens = self.person_tokens(head, region, role, rank)
        person_rec = next((m for m in matches if m.record.kind == "person"), None)
        is_actor = (head_match is not None or agent is not None or role is not None
                    or bool(person_tokens) or (rank is not None and head.pos_ == "PROPN"))
        if not is_actor and head.pos_ == "NOUN" and head.ent_type_ in ("", "NORP") \
                and head.lower_ not in self.lex.non_actor_heads:
            # "Russian aircraft", "Palestinian riots": a country word modifying the head
            is_actor = any(_match_root(self.sdoc, m).head.i == head.i
                           and _match_root(self.sdoc, m).dep_ in ("amod", "compound", "poss", "nmod")
                           and m.record.kind not in ("person", "city")
                           for m in matches)
        if not is_actor:
            return self.surname_ref(head, region, matches) or self.led_by(head, region)
        group = self.primary_group(head, [m for m in matches if m.record.kind != "person"],
                                   head_match)
        owner = self.owner_country(head_match, matches) if group == [head_match] else None
        if owner is not None:
            return [self.owned(head_match, owner, region)]
        person = None
        if person_tokens:
            person = " ".join(t.text for t in person_tokens)
        if person_rec is not None:
            person = person or self.sdoc[person_rec.start:person_rec.end].text
        text, span = self.text_span(region)
        sector = self.sector(head, head_match, agent, role, rank)
        role_text = self.sdoc[role[0]:role[1]].text if role else None
        rank_text = self.sdoc[rank[0]:rank[1]].text if rank else None
        if person_rec is not None and not group:
            country, rec_sector = person_rec.record.code_on(self.day)
            evidence = f"lexicon person ({person_rec.record.source})"
            if country and country not in NONSTATE and not self.story_names(country):
                # "Carmen Rojas" in a story about Bolivia, "Palma" the town: a namesake
                # from a country the story never names is not that person
                country, rec_sector = None, None
                evidence += f"; {person_rec.record.code_on(self.day)[0]} named nowhere in the story"
            return [ActorMention(text=text, span=span, country=country,
                                 sector=sector or rec_sector, person=person, role=role_text,
                                 rank=rank_text, org=person_rec.record.org, kind="person",
                                 evidence=evidence)]
        if not group:
            if person is None and head_match is None and agent is None and role is None:
                # "accused Kurti": a bare surname named in full earlier in the story
                known = self.known_person(head.text) if head.pos_ == "PROPN" else None
                if known is None:
                    return []
                return [ActorMention(text=text, span=span, country=known.country,
                                     sector=known.sector, person=known.person, role=known.role,
                                     rank=known.rank, org=known.org, kind="person",
                                     evidence=f"same person as {known.text!r}")]
            known = self.known_person(person) if person else None
            if known is not None:
                return [ActorMention(text=text, span=span, country=known.country,
                                     sector=sector or known.sector, person=person,
                                     role=role_text or known.role, rank=rank_text or known.rank,
                                     org=known.org, kind="person",
                                     evidence=f"same person as {known.text!r}")]
            led = self.leader_of(head) if person else None
            if led is not None:
                return [ActorMention(text=text, span=span, country=led.country,
                                     sector=sector or led.sector, person=person, role=role_text,
                                     rank=rank_text, org=led.org, kind="person",
                                     evidence=f"leads {led.text!r}")]
            leaders = self.led_by(head, region, sector) if person is None else []
            if leaders:
                return leaders
            return [ActorMention(text=text, span=span, sector=sector, person=person,
                                 role=role_text, rank=rank_text,
                                 kind="person" if person else "group",
                                 evidence="actor word without a country")]
        out = []
        for m in group:
            country, rec_sector = m.record.code_on(self.day)
            if m.record.kind in ("capital", "seat") and head_match is m:
                rec_sector = rec_sector or "GOV"
            m_sector = sector if sector is not None else (
                rec_sector if (head_match is m or not agent) else None)
            if len(group) > 1:
                m_text = self.sdoc[m.start:m.end].text
                m_span = self.sentence.abs_span(self.sdoc[m.start].idx,
                                                self.sdoc[m.end - 1].idx + len(self.sdoc[m.end - 1]))
            else:
                m_text, m_span = text, span
            kind = "person" if person else m.record.mention_kind
            out.append(ActorMention(text=m_text, span=m_span, country=country, sector=m_sector,
                                    person=person, role=role_text, rank=rank_text,
                                    org=m.record.org, kind=kind,
                                    evidence=f"{m.record.kind}:{m.record.name or m.record.org} "
                                             f"({m.record.source})"))
        return out

    def owner_country(self, head_match: Match | None, matches: list[Match]) -> Match | None:
        """'South Korea's Joint Chiefs of Staff', 'the Kenya Red Cross': a state named as
        the owner of an institution the lexicon files under another country (or as an
        international body) makes it that state's own. An armed group keeps its code
        ("Iran's Hezbollah" is not Iranian), and an international body named with a
        possessive ("Sudan's UN mission") stays international."""
        if head_match is None or head_match.record.kind not in ("country", "org"):
            return None
        doc = self.sdoc
        span = doc[head_match.start:head_match.end]
        for m in matches:
            if m is head_match or m.record.kind != "country" or m.end > head_match.start:
                continue
            root = _match_root(doc, m)
            if root.head.i not in range(span.start, span.end):
                continue
            country, _ = m.record.code_on(self.day)
            own, _ = head_match.record.code_on(self.day)
            if not country or country in NONSTATE or country == own:
                continue
            if root.dep_ == "compound" and root.i == head_match.start - 1 or (
                    root.dep_ == "poss" and own not in NONSTATE):
                return m
        return None

    def owned(self, head_match: Match, owner: Match, region: list[Any]) -> ActorMention:
        country, _ = owner.record.code_on(self.day)
        _, sector = head_match.record.code_on(self.day)
        text, span = self.text_span(region)
        rec = head_match.record
        return ActorMention(text=text, span=span, country=country, sector=sector,
                            org=None if rec.country in NONSTATE else rec.org, kind="country",
                            evidence=f"{rec.kind}:{rec.name or rec.org} ({rec.source}) "
                                     f"of {self.sdoc[owner.start:owner.end].text}")

    def sector(self, head: Any, head_match: Match | None, agent: Any, role: Any,
               rank: Any) -> str | None:
        """Head agent word, then role title, then rank; None leaves the lexicon's sector."""
        if head_match is not None and head_match.record.sector and agent is None:
            return head_match.record.sector
        if head_match is not None and agent is not None and head_match.start <= agent[0] < head_match.end:
            # an agent word inside a name ("European Union", "National Liberation
            # Army") does not set the sector: the name's record does
            return head_match.record.sector
        if agent is not None and agent[2]:
            return agent[2]
        if role is not None and role[2]:
            return role[2]
        if rank is not None:
            return "MIL"
        return None

    def primary_group(self, head: Any, matches: list[Match], head_match: Match | None) -> list[Match]:
        """The match(es) the phrase is about: nearest the head in the tree, with its conjuncts."""
        if head_match is not None and head_match.record.kind != "person":
            return [head_match]
        if not matches:
            return []
        doc = self.sdoc

        def depth(m: Match) -> int:
            tok, d = _match_root(doc, m), 0
            while tok.i != head.i and tok.head.i != tok.i and d < 20:
                if tok.dep_ != "conj":
                    d += 1
                tok = tok.head
            return d

        ranked = sorted(matches, key=lambda m: (depth(m), m.start))
        best = ranked[0]
        best_root = _match_root(doc, best)
        conj_ids = {best_root.i} | {c.i for c in best_root.conjuncts}
        group = [m for m in matches if _match_root(doc, m).i in conj_ids]
        return sorted(group, key=lambda m: m.start)

    # -- roles, ranks, persons -------------------------------------------------
    def role(self, head: Any, region: list[Any]) -> tuple[int, int, str | None] | None:
        """The title nearest the head, widened over role words ("Deputy Defence Minister")."""
        if not self.info.role_at:  # most sentences have no title: skip the region walk
            return None
        ids = {t.i for t in region}
        found = {self.info.role_at[i] for i in ids if i in self.info.role_at}
        if not found:
            return None
        start, end, sector = min(found, key=lambda r: (abs(r[0] - head.i), r[0]))
        words = self.lex.role_words
        doc = self.sdoc
        while start - 1 in ids and doc[start - 1].lower_ in words and doc[start - 1].lower_ not in (
                "of", "for", "the", "and", "-", "&") and start - 1 not in self.info.actor_at:
            start -= 1
        while end in ids and end not in self.info.actor_at and (
                doc[end].lower_ in words or end in self.info.role_at):
            if doc[end].lower_ in ("of", "for", "the", "and", "&", "-") and not (
                    end + 1 in ids and end + 1 not in self.info.actor_at
                    and (doc[end + 1].lower_ in words or end + 1 in self.info.role_at)
                    and doc[end + 1].lower_ not in ("of", "for", "the", "and")):
                break
            end += 1
        return start, end, sector

    def rank(self, region: list[Any], role: Any) -> tuple[int, int] | None:
        """Military ranks before a name: 'Col. Gen', 'Lt Gen (Retd)'.

        Ranks just left of the phrase count too: parsers often hang them elsewhere.
        """
        lex = self.lex
        doc = self.words
        taken = set(range(role[0], role[1])) if role else set()
        best = None
        i = 0
        before = []
        k = region[0].i - 1
        while k >= 0 and (doc[k].lower_.rstrip(".") in lex.ranks or doc[k].text == ".") \
                and k not in taken:
            before.insert(0, doc[k])
            k -= 1
        toks = before + [t for t in region if t.i not in taken]
        while i < len(toks):
            tok = toks[i]
            word = tok.lower_.rstrip(".")
            if word in lex.ranks and tok.text[:1].isupper() and tok.i not in self.info.actor_at \
                    and not (tok.i > 0 and doc[tok.i - 1].text == "-"):
                j = i
                core = False
                while j < len(toks) and toks[j].i == tok.i + (j - i):
                    w = toks[j].lower_.rstrip(".")
                    if w in lex.rank_cores:
                        core = True
                    elif not (w in lex.ranks or toks[j].text == "."):
                        break
                    j += 1
                if core:
                    end = toks[j - 1].i + 1
                    end = self._rank_suffix(end)
                    if best is None:
                        best = (tok.i, end)
                i = j
            else:
                i += 1
        return best

    def _rank_suffix(self, end: int) -> int:
        doc = self.words
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 1].lower_ in self.lex.rank_suffixes \
                and doc[end + 2].text == ")":
            return end + 3
        return end

    def person_tokens(self, head: Any, region: list[Any], role: Any, rank: Any) -> list[Any]:
        """The run of name words containing (or hanging from) the head: 'Alexander V Fomin'."""
        lex = self.lex
        info = self.info
        blocked = set(range(role[0], role[1])) if role else set()
        if rank:
            blocked |= set(range(rank[0], rank[1]))
        ids = {t.i for t in region}

        def namey(tok: Any) -> bool:
            if tok.i in blocked or tok.i not in ids or tok.pos_ != "PROPN":
                return False
            if not tok.text[:1].isupper() or tok.lower_ in lex.honorifics:
                return False
            m = info.actor_at.get(tok.i)
            if m is not None and m.record.kind != "person":
                return False
            return tok.i not in info.agent_at and tok.i not in info.role_at

        anchors = [head] if namey(head) else []
        if not anchors and (head.i in blocked or head.lower_ in lex.honorifics):
            anchors = [c for c in head.children if namey(c) and c.dep_ in ("appos", "compound", "flat")]
            anchors += [t for t in region if namey(t) and t.ent_type_ == "PERSON"][:1]
        for anchor in anchors:
            start = end = anchor.i
            words = self.words
            while start - 1 >= 0 and namey(words[start - 1]):
                start -= 1
            while end + 1 < len(words) and namey(words[end + 1]):
                end += 1
            run = list(words[start:end + 1])
            if any(t.ent_type_ not in ("PERSON", "") for t in run):
                continue
            if any(t.ent_type_ == "PERSON" for t in run) or ((role or rank) and len(run) >= 2):
                return run
        return []

    def leader_of(self, head: Any) -> ActorMention | None:
        """'X delegation was led by <person>': the person takes the led group's country."""
        prep = head.head
        if prep.dep_ != "agent" or prep.head.lemma_.lower() not in ("lead", "head"):
            return None
        subj = next((c for c in prep.head.children if c.dep_ == "nsubjpass"), None)
        if subj is None or subj.i == head.i:
            return None
        found = [a for a in self.for_head(subj, pronouns=False) if a.country]
        return found[0] if len(found) == 1 else None

    def story_names(self, country: str) -> bool:
        """Does any sentence of the story name the country itself (its name, adjective,
        capital, a city or one of its institutions), persons aside? True without a story."""
        if self.document is None or len(self.document.sentences) < STORY_SENTENCES:
            return True  # a lone sentence or a snippet is too short to tell
        named = getattr(self.document, "_named_countries", None)
        if named is None:
            named = set()
            for sent in self.document.sentences:
                if sent.doc is None:
                    continue
                info = sentence_info(sent.doc, self.lex)
                for m in info.actors:
                    if m.record.kind != "person":
                        named.add(m.record.code_on(self.day)[0])
                    else:  # "US President George Bush" is one lexicon entry
                        named.update(r.code_on(self.day)[0] for _, _, r in longest_matches(
                            info.words, self.lex.actor_trie, m.start, m.end - 1) if r.kind != "person")
            self.document._named_countries = named  # type: ignore[attr-defined]
        return country in named

    def led_by(self, head: Any, region: list[Any], sector: str | None = None) -> list[ActorMention]:
        """'A coalition led by Saudi Arabia', 'a mission headed by Norway': a body that
        names no state acts for the states that lead it."""
        for acl in (c for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in LEADING):
            agent = next((c for c in acl.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is None:
                continue
            leaders = [a for h in [pobj] + list(pobj.conjuncts)
                       for a in self.for_head(h, pronouns=False) if a.country and a.kind != "plural"]
            if leaders:
                text, span = self.text_span(region)
                return [replace(a, text=text, span=span, person=None, role=None, rank=None,
                                sector=sector or a.sector,
                                kind="country" if a.kind == "person" else a.kind,
                                evidence=f"{text!r} led by {a.text!r}") for a in leaders]
        return []

    def surname_ref(self, head: Any, region: list[Any], matches: list[Match]) -> list[ActorMention]:
        """'Hoffmann also pledged ...': a bare name the tagger did not take for a person
        (the model often misses a lone surname opening a sentence) refers back to the
        person of that surname the story named with a country."""
        if head.pos_ not in ("PROPN", "NOUN") or matches or head.ent_type_ not in ("", "PERSON", "ORG") \
                or not head.text[:1].isupper() or head.text.isupper() or len(region) > 2 \
                or any(c.dep_ == "det" for c in head.children):
            return []  # (a surname opening a sentence is often tagged NOUN: "Morales agreed")
        known = self.known_person(head.text)
        if known is None or known.span[0] >= self.sentence.start + head.idx:
            return []
        text, span = self.text_span(region)
        return [ActorMention(text=text, span=span, country=known.country, sector=known.sector,
                             person=known.person, role=known.role, rank=known.rank,
                             org=known.org, kind="person",
                             evidence=f"same person as {known.text!r}")]

    def known_person(self, person: str) -> ActorMention | None:
        """An earlier mention of the same person (by last name) that has a country."""
        if self.document is None:
            return None
        last = person.split()[-1].lower()
        for sent in [self.sentence] + [s for s in reversed(self.document.sentences)
                                       if s.index < self.sentence.index]:
            for m in sent.actors:
                if m.person and m.country and m.person.split()[-1].lower() == last:
                    return m
        return None


def _party_key(p: ActorMention) -> str | None:
    """One key per party: an organisation by its name, a state by its country."""
    return p.org if p.country in NONSTATE and p.org else p.country


def actors_for_subject(resolver: _Resolver, subj: Any) -> list[ActorMention]:
    """Actors of a subject and its conjuncts, without resolving pronouns again."""
    out = []
    for head in [subj] + list(subj.conjuncts):
        out.extend(resolver.for_head(head, pronouns=False))
    return out


def raw_mention(sentence: Sentence, match: Match, day: Date | None,
                locative: bool = False) -> ActorMention:
    """A mention straight from a lexicon match (no phrase analysis)."""
    doc = sentence.doc
    first, last = doc[match.start], doc[match.end - 1]
    start, end = first.idx, last.idx + len(last)
    country, sector = match.record.code_on(day)
    rec = match.record
    evidence = f"{rec.kind}:{rec.name or rec.org} ({rec.source})"
    if rec.kind in PLACE_KINDS:
        evidence += "; place"
    elif locative:
        evidence += "; locative"
    return ActorMention(text=sentence.text[start:end], span=sentence.abs_span(start, end),
                        country=country, sector=sector,
                        person=rec.name if rec.kind == "person" else None,
                        org=rec.org, kind=rec.mention_kind, evidence=evidence)
