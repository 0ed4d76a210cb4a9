"""The actors stage: fill ``sentence.actors`` and ``doc.countries``.

Parsed sentences: every lexicon match, PERSON entity and reference phrase is
climbed to the head of its noun phrase, and the phrase is resolved with the
same code the events coder calls (:func:`actors_for_token`), so mentions carry
sector, person, role and rank. Matches that belong to no actor phrase ("the
US-Pakistan relations") are kept as plain mentions. Unparsed sentences get
plain lexicon mentions, extended over a following agent word ("Israeli
troops"), and plural references found by token pattern.
"""

from __future__ import annotations

from typing import Any

from .._spans import lower_lemmas, lowers
from .._tokens import span_root, tokens
from ..model import ActorMention, Document, Sentence
from ._match import sentence_info
from .lexicon import Lexicon, get_lexicon
from .resolve import NONSTATE, _Resolver, is_locative, np_head, raw_mention

#: id(lexicon) -> (lexicon, the lemmas of its plural, singular and organisation references)
_REFERENCE_LEMMAS: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def _reference_lemmas(lex: Lexicon) -> frozenset[str]:
    hit = _REFERENCE_LEMMAS.get(id(lex))
    if hit is None or hit[0] is not lex:
        hit = _REFERENCE_LEMMAS[id(lex)] = (lex, frozenset(lex.plural_nouns) | set(lex.singular_refs)
                                             | set(lex.org_refs))
    return hit[1]


class ActorTagger:
    """Pipeline stage ``actors``: lexicon matching plus phrase analysis per sentence."""

    name = "actors"

    def __init__(self, *, lexicon: Lexicon | None = None):
        self._lexicon = lexicon

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = get_lexicon()
        return self._lexicon

    def __call__(self, doc: Document) -> Document:
        countries: list[str] = []
        for sentence in doc.sentences:
            if sentence.doc is None:
                continue
            if sentence.doc.has_annotation("DEP"):
                sentence.actors = self.parsed_mentions(sentence, doc)
            else:
                sentence.actors = self.plain_mentions(sentence, doc)
            for mention in sentence.actors:
                for actor in mention.expand():
                    code = actor.country
                    if code and code not in NONSTATE and code not in countries:
                        countries.append(code)
        doc.countries = countries
        return doc

    def parsed_mentions(self, sentence: Sentence, doc: Document) -> list[ActorMention]:
        sdoc = sentence.doc
        words = tokens(sdoc)  # the tree walks below go through these (_tokens.py)
        info = sentence_info(sdoc, self.lexicon)
        resolver = _Resolver(sentence, doc)
        heads: dict[int, Any] = {}
        for m in info.actors:
            h = np_head(span_root(words, m.start, m.end))
            heads[h.i] = h
        for ent in sdoc.ents:
            if ent.label_ == "PERSON":
                h = np_head(span_root(words, ent.start, ent.end))
                heads[h.i] = h
        lex = self.lexicon
        lemmas, lowered = lower_lemmas(sdoc), lowers(sdoc)
        refs, numbers = _reference_lemmas(lex), lex.numbers
        for i in [k for k, lemma in enumerate(lemmas) if lemma in refs or lowered[k] in numbers]:
            # (only these words can pass _is_reference)
            if i not in heads:
                tok = words[i]
                if self._is_reference(tok):
                    heads[i] = tok
        mentions: list[ActorMention] = []
        covered: set[int] = set()
        for i in sorted(heads):
            h = heads[i]
            if h.i in covered:
                continue
            own = info.actor_at.get(h.i)
            if own is not None and is_locative(sdoc, own):
                continue  # "held at Islamabad": a place, left to the plain pass below
            found = resolver.for_head(h, pronouns=False)
            if not found:
                continue
            mentions.extend(found)
            covered.update(t.i for t in resolver.region(h))
        for m in info.actors:
            if m.start not in covered:
                mentions.append(raw_mention(sentence, m, doc.article.date,
                                            locative=is_locative(sdoc, m)))
        return sorted(mentions, key=lambda a: a.span)

    def _is_reference(self, tok: Any) -> bool:
        lex = self.lexicon
        lemma = tok.lemma_.lower()
        if tok.tag_ in ("NNS", "NNPS") and lemma in lex.plural_nouns:
            return True
        if tok.lower_ in lex.numbers and tok.pos_ in ("NUM", "DET", "PRON") and tok.dep_ in (
                "nsubj", "nsubjpass"):
            return True
        return tok.tag_ == "NN" and (lemma in lex.singular_refs or lemma in lex.org_refs)

    def plain_mentions(self, sentence: Sentence, doc: Document) -> list[ActorMention]:
        """Lexicon matches of an unparsed sentence, with a following agent word's sector."""
        sdoc = sentence.doc
        info = sentence_info(sdoc, self.lexicon)
        out = []
        for m in info.actors:
            mention = raw_mention(sentence, m, doc.article.date)
            agent = info.agent_at.get(m.end)
            if agent is not None and agent[0] == m.end and agent[2] and m.record.kind not in (
                    "capital", "city", "person"):
                last = sdoc[agent[1] - 1]
                end = last.idx + len(last)
                start = sdoc[m.start].idx
                mention.text = sentence.text[start:end]
                mention.span = sentence.abs_span(start, end)
                mention.sector = agent[2]
                mention.evidence = (mention.evidence or "") + "; agent word"
            out.append(mention)
        out.extend(self.plain_plural_refs(sentence, doc))
        return sorted(out, key=lambda a: a.span)

    def plain_plural_refs(self, sentence: Sentence, doc: Document) -> list[ActorMention]:
        """'the two sides', 'both countries' in a sentence without a parse."""
        lex = self.lexicon
        sdoc = sentence.doc
        out = []
        resolver = None
        for tok in sdoc:
            if tok.lower_ not in lex.numbers:
                continue
            nxt = tok.i + 1
            if nxt < len(sdoc) and sdoc[nxt].lower_ == "the":
                nxt += 1
            if nxt >= len(sdoc):
                continue
            noun = sdoc[nxt]
            lemma = noun.lower_[:-1] if noun.lower_.endswith("s") else noun.lower_
            if lemma not in lex.plural_nouns or not noun.lower_.endswith("s"):
                continue
            resolver = resolver or _Resolver(sentence, doc)
            parties = resolver.recent_parties(tok, lex.numbers[tok.lower_])
            if len(parties) < 2:
                continue
            start = tok.idx if tok.i == 0 or sdoc[tok.i - 1].lower_ != "the" else sdoc[tok.i - 1].idx
            end = noun.idx + len(noun)
            refs = [ActorMention(text=p.text, span=p.span, country=p.country,
                                 sector=lex.plural_nouns[lemma], org=p.org,
                                 evidence="plural reference antecedent") for p in parties]
            out.append(ActorMention(text=sentence.text[start:end],
                                    span=sentence.abs_span(start, end), kind="plural",
                                    refers_to=refs, evidence="plural reference (token pattern)"))
        return out
