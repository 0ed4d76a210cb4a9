"""Per-sentence lexicon matches: actors, agent words and role titles over spaCy tokens.

Computed once per spaCy ``Doc`` and cached (by object identity), so that the
tagger and the events coder's calls to ``actors_for_token`` share the work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._spans import lowers
from .._tokens import built
from .lexicon import Lexicon, Record, case_ok, get_lexicon, longest_matches

#: where a Doc keeps its SentenceInfo (its ``user_data``: it lives as long as the Doc)
_INFO_KEY = "whimbrel.actor_matches"


@dataclass
class Match:
    """A lexicon phrase found at tokens ``start:end`` of the sentence's Doc."""

    start: int
    end: int
    record: Record

    def tokens(self, doc: Any) -> Any:
        return doc[self.start:self.end]


@dataclass
class SentenceInfo:
    doc: Any
    words: list[str]
    actors: list[Match] = field(default_factory=list)
    actor_at: dict[int, Match] = field(default_factory=dict)
    agent_at: dict[int, tuple[int, int, str | None, str | None]] = field(default_factory=dict)
    role_at: dict[int, tuple[int, int, str | None]] = field(default_factory=dict)


def _inside_person_name(doc: Any, span: list[Any], start: int, end: int, record: Record) -> bool:
    """'Jordan' in 'Michael Jordan': a place name inside a longer PERSON entity
    (``span``: the tokens ``start:end`` of ``doc``)."""
    if record.kind in ("person", "org", "group"):
        return False
    for tok in span:
        if tok.ent_type_ == "PERSON":
            ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None and (ent.start < start or ent.end > end):
                return True
    return False


def _actor_matches(doc: Any, words: list[str], lex: Lexicon) -> list[Match]:
    out = []
    has_ner = doc.has_annotation("ENT_IOB")
    tagged = None
    fast = built(doc)  # the parsed sentence's FastTokens (_tokens.py), or spaCy's own
    for i, j, rec in longest_matches(words, lex.actor_trie):
        span = fast[i:j] if fast is not None else list(doc[i:j])
        if not case_ok(span):
            continue
        if has_ner and _inside_person_name(doc, span, i, j, rec):
            continue
        if rec.kind == "person" and j - i == 1:
            if tagged is None:
                tagged = doc.has_annotation("TAG")
            if tagged and span[0].pos_ != "PROPN":
                continue  # a surname must be used as a name
        out.append(Match(i, j, rec))
    return out


def sentence_info(doc: Any, lex: Lexicon | None = None) -> SentenceInfo:
    """Matches for one sentence's Doc (cached while the Doc is alive)."""
    hit = doc.user_data.get(_INFO_KEY)
    if hit is not None:
        return hit
    lex = lex or get_lexicon()
    words = list(lowers(doc))  # a copy: SentenceInfo keeps it
    info = SentenceInfo(doc=doc, words=words)
    info.actors = _actor_matches(doc, words, lex)
    for m in info.actors:
        for k in range(m.start, m.end):
            info.actor_at[k] = m
    for i, j, (sector, country) in longest_matches(words, lex.agent_trie):
        for k in range(i, j):
            info.agent_at[k] = (i, j, sector, country)
    for i, j, sector in longest_matches(words, lex.role_trie):
        for k in range(i, j):
            info.role_at[k] = (i, j, sector)
    doc.user_data[_INFO_KEY] = info
    return info
