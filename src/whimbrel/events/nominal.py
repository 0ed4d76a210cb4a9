"""Meetings a sentence names as nouns beside its main act.

"The agreement was reached during talks in Hanoi between Vietnam's foreign minister and
his Philippine counterpart", "... during a visit to Seoul by Kim Yong-sun": the clause
coder codes the verb (the agreement); analysts coding whole stories code the talks and
the visit too (CONSULT), with the parties the noun's own phrases name.
"""

from __future__ import annotations

from typing import Any, Callable

from .._tokens import tokens
from ..model import Document, Event, Sentence
from . import syntax as syn

Token = Any
#: Prepositions that place a meeting beside the clause's act ("during talks", "at a
#: meeting", "after talks").
OCCASION_PREPS = frozenset({"during", "at", "after", "on"})
#: Prepositions of a meeting noun that name its parties: who came, who was met.
SOURCE_PREPS = frozenset({"between", "by", "of"})
TARGET_PREPS = frozenset({"with", "to"})
PRESS_WORDS = frozenset({"news", "press", "media"})
#: Texts from this many sentences are stories (the re-ranker decides in shorter ones).
MIN_SENTENCES = 5
#: make(trigger, code, source_head, target_heads, evidence) -> Event | None
MakeEvent = Callable[[Token, str, Token | None, list[Token], str], Event | None]


def meetings(lex: Any, doc: Document, sent: Sentence, events: list[Event],
             make: MakeEvent) -> list[Event]:
    """CONSULT events for meeting nouns governed by an occasion preposition, when the
    sentence has no meeting event yet and the noun names at least one party. Only in
    stories: a coded sentence or a snippet names one event, its main act (the gold
    sentence sets code no meeting beside it; measured, they lose precision)."""
    if sent.doc is None or any(e.event_type == "CONSULT" for e in events) \
            or len(doc.sentences) < MIN_SENTENCES:
        return []
    out: list[Event] = []
    for noun in tokens(sent.doc):  # attributes read once per sentence (_tokens.py)
        if noun.pos_ != "NOUN" or noun.dep_ != "pobj" or noun.head.lower_ not in OCCASION_PREPS:
            continue
        if any(c.lower_ in PRESS_WORDS for c in noun.children if c.dep_ in ("compound", "amod")):
            continue  # a news conference is told to the press, not held with a party
        code = syn.lookup_noun(lex, noun)
        if not code or code[:2] != "04":
            continue
        source, targets = _parties(noun)
        if source is None and not targets:
            continue
        event = make(noun, code, source, targets,
                     f"meeting noun '{noun.lemma_}' after '{noun.head.lower_}' beside the clause's act")
        if event is not None and (event.source or event.target):
            out.append(event)
            break  # one meeting per sentence
    return out


def _parties(noun: Token) -> tuple[Token | None, list[Token]]:
    """The noun's own party phrases: 'between A and B', 'by X' (the source), 'with Y',
    'to Seoul' (the met, the host)."""
    source, targets = None, []
    for prep in (c for c in noun.children if c.dep_ == "prep"):
        objs = [p for p in prep.children if p.dep_ == "pobj"]
        if not objs:
            continue
        if prep.lower_ in SOURCE_PREPS and source is None:
            source = objs[0]
        elif prep.lower_ in TARGET_PREPS:
            targets += objs
    return source, targets
