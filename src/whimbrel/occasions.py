"""The "occasions" stage: the meetings, exercises and attacks a story tells, and
the date, place and series each of their events takes from them.

A wire story states an occasion's day once ("officials on Wednesday discussed
...") and goes on about it without repeating it: "the round was held at
Islamabad", the quotes, the closing paragraph. The time stage dates each event
from its own words only; this stage groups the story's events into occasions
and gives an event with no date of its own the date of its occasion (source
``occasion``), else the date of the dateline above it (``dateline``), else the
publication day it already has (``publication``).

An occasion is anchored by a news event (occurred, ongoing or negated) with a
day of its own (an approximate "the other day" dates only its own event). An undated event joins the occasion it names (same series),
else one of its type or parties, else the last one told before it (the nearer the
sentence that last stated its day, the stronger; one whose day is told only later is
a weak tie; "hours after the verdict" ties it to the occasion told just before), but only
when that occasion is recent (history told with its own date does not date the
news after it) or the link is strong. Quotes, statements and reactions join
too (``reactions=False`` keeps them on the publication day); background, and a
present perfect after the lead ("have finalised", left undated by the time
stage), keep their own dating: they report a state, not the occasion's day. Events of an occasion without a series or a
sentence-based place take the occasion's.

Runs after time, place and series, before merge (which then merges the
reports of one occasion that now share its date).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from ._tokens import built
from .model import DateRef, Document, Event, Location, Occasion, Sentence
from .registry import stages
from .time.lexicon import words
from .time.segments import Segment, find_segments, segment_of
from .time.stage import LEAD

NEWS = ("occurred", "ongoing", "negated")
#: Types that name a happening of their own (see events.series.OCCASION_TYPES).
OCCASION_TYPES = {"CONSULT", "COOPERATE", "PROTEST", "ASSAULT", "MOBILIZE", "AID", "COERCE"}
#: Verbal reactions and statements: with ``reactions=False`` they keep the publication day.
REACTION_TYPES = {"ACCUSE", "REQUEST", "REJECT", "THREATEN"}
#: Happenings whose place is where their parties' agreements and statements are made.
MEETING_TYPES = {"CONSULT", "COOPERATE"}
#: An occasion dates the undated events after it when it ended at most this many
#: days before publication (or its segment's dateline) ...
RECENT_DAYS = 14
#: ... or, when older, only events tied to it this strongly (see :func:`_score`).
STRONG = 3.0
#: The least tie that lets an undated event take an occasion's date: the last occasion
#: told up to five sentences before it, or one of its type or parties.
MIN_SCORE = 1.0
#: What an event tied by "hours after the ..." gains for the occasion told just before it.
LINK_BONUS = 3.0
#: Places chosen by a fallback rule (not a sentence's own words).
FALLBACK_PLACES = ("dateline", "main place of story", "story's country")


def _is_background(event: Event) -> bool:
    return "background:" in (event.evidence or "")


def _parties(event: Event) -> frozenset[str]:
    return frozenset(a.country for side in (event.source, event.target)
                     for m in side for a in m.expand() if a.country)


def _perfect(event: Event, sentence: Sentence) -> bool:
    """"have finalised": a present perfect reports a state up to now, not a day."""
    if sentence.doc is None:
        return False
    start = event.trigger_span[0] - sentence.start
    for tok in built(sentence.doc) or sentence.doc:
        if tok.idx == start:
            verb = tok
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            return any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ")
                       for c in verb.children)
    return False


def _reaction(event: Event) -> bool:
    return event.event_type in REACTION_TYPES or event.event_type is None or \
        event.cameo[:3] in ("051", "052")


def _is_anchor(event: Event) -> bool:
    ref = event.date
    return (event.date_source == "own" and ref is not None and bool(ref.value)
            and ref.precision == "day" and event.status in NEWS
            and not _is_background(event))


def _end(ref: DateRef) -> date | None:
    if ref.end:
        return date.fromisoformat(ref.end)
    if ref.precision == "day" and ref.value:
        return date.fromisoformat(ref.value)
    return None


def _recent(occ: Occasion, today: date | None) -> bool:
    """Under way or ended at most RECENT_DAYS before ``today``."""
    ref = occ.date
    end = _end(ref) if ref else None
    if today is None or ref is None or end is None:
        return False
    start = date.fromisoformat(ref.start) if ref.start else end
    return start <= today + timedelta(days=1) and today - end <= timedelta(days=RECENT_DAYS)


def _series_key(event_or_occ: Any) -> tuple[str, int | None] | None:
    s = event_or_occ.series
    return (s.acronym or s.name, s.round) if s else None


def _score(event: Event, occ: Occasion, members: list[Event]) -> float | None:
    """How strongly an undated event belongs to an occasion; None: it cannot."""
    mine, theirs = _series_key(event), _series_key(occ)
    if mine and theirs and mine != theirs:
        if event.event_type in OCCASION_TYPES:
            return None  # the "Druzhba VI" exercise is not the JMCC round
        # "agreed to hold the 4th round": said at the 3rd round, about the 4th; the
        # event keeps the round it names and joins the occasion it was said at
        mine = None
    score = 0.0
    if mine and mine == theirs:
        score += 4
    if event.event_type in occ.event_types:
        score += 2
    parties = _parties(event)
    if parties and any(parties & _parties(m) for m in members):
        score += 1
    # distance to the last sentence before the event that states the occasion's day:
    # a story comes back to a day ("EU ministers on Wednesday endorsed ...") and goes on
    told = [m.sentence_index for m in members
            if m.date_source == "own" and m.sentence_index <= event.sentence_index]
    distance = event.sentence_index - max(told, default=occ.anchor_sentence or 0)
    # the story goes on about the day it stated; a day not yet told is a weak tie
    score += 1.5 if distance >= 0 else -1.0
    return score - 0.1 * abs(distance)


class OccasionStage:
    """Pipeline stage "occasions": fills ``doc.occasions`` and ``event.occasion``,
    and dates, places and names (series) events from their occasion."""

    name = "occasions"

    def __init__(self, *, reactions: bool = True):
        #: Do statements, quotes and reactions take their occasion's date? (An analyst
        #: dates "the minister told reporters" with the meeting it comments on.)
        self.reactions = reactions

    def __call__(self, doc: Document) -> Document:
        pub = doc.article.date
        segments = find_segments(doc.article.clean_text, pub)
        members: dict[int, list[Event]] = {}
        events = sorted(doc.events, key=lambda e: (e.sentence_index, e.trigger_span))
        doc.occasions = []
        for event in events:
            if _is_anchor(event):
                self._anchor(doc, event, members, segments)
        for event in events:
            if event.occasion is None and event.date_source == "publication":
                self._join(doc, event, members, segments, pub)
        for occ in doc.occasions:
            self._share(occ, members[occ.index])
        return doc

    def _anchor(self, doc: Document, event: Event, members: dict[int, list[Event]],
                segments: list[Segment]) -> None:
        """An event with its own date starts an occasion or joins one of that date."""
        assert event.date is not None
        seg = segment_of(segments, event.sentence_span[0])
        for occ in doc.occasions:
            if occ.date is None or occ.date.value != event.date.value:
                continue
            if segment_of(segments, _start(doc, occ)) is not seg:
                continue
            score = _score(event, occ, members[occ.index])
            if score is not None and not _other_happening(event, occ) and (
                    score >= MIN_SCORE or _series_key(event) == _series_key(occ)):
                self._add(occ, event, members)
                return
        occ = Occasion(index=len(doc.occasions), date=event.date,
                       anchor_sentence=event.sentence_index)
        doc.occasions.append(occ)
        members[occ.index] = []
        self._add(occ, event, members)

    @staticmethod
    def _add(occ: Occasion, event: Event, members: dict[int, list[Event]]) -> None:
        event.occasion = occ.index
        members[occ.index].append(event)
        if event.event_type and event.event_type not in occ.event_types:
            occ.event_types.append(event.event_type)
        if event.sentence_index not in occ.sentences:
            occ.sentences.append(event.sentence_index)
        if occ.series is None and event.series is not None:
            occ.series = event.series

    def _join(self, doc: Document, event: Event, members: dict[int, list[Event]],
              segments: list[Segment], pub: date | None) -> None:
        """Date an undated news event from its occasion, else its segment's dateline."""
        seg = segment_of(segments, event.sentence_span[0])
        today = seg.date if seg and seg.date else pub
        # a present perfect after the lead ("has not deployed troops") states how
        # things stand on the day; in the lead ("forces have arrived for the
        # exercise") it tells the occasion's news
        sentence = doc.sentences[event.sentence_index] if 0 <= event.sentence_index < len(
            doc.sentences) else None
        eligible = (event.status in NEWS and not _is_background(event)
                    and (self.reactions or not _reaction(event))
                    and not (sentence is not None and sentence.index > LEAD
                             and _perfect(event, sentence)))
        best: tuple[float, Occasion] | None = None
        if eligible:
            linked = _just_told(event, doc, members) if sentence is not None and \
                _same_day_link(sentence.text) else None
            for occ in doc.occasions:
                if segment_of(segments, _start(doc, occ)) is not seg:
                    continue
                score = _score(event, occ, members[occ.index])
                if score is not None and occ is linked:
                    score += LINK_BONUS
                if score is None or score < MIN_SCORE or not (_recent(occ, today) or score >= STRONG):
                    continue
                if best is None or score > best[0]:
                    best = (score, occ)
        if best is not None:
            occ = best[1]
            assert occ.date is not None
            event.date = replace(occ.date, rule=f"occasion's date ('{occ.date.text}', "
                                                f"sentence {occ.anchor_sentence})")
            event.date_source = "occasion"
            if _other_happening(event, occ):
                # "The meeting coincided with the opening of exercise Druzhba VI": the
                # exercise shares the meeting's day, not its series or place
                return
            self._add(occ, event, members)
        elif seg is not None and seg.date is not None and event.date is not None \
                and event.date.value == (pub.isoformat() if pub else None) and seg.date != pub:
            event.date = DateRef(text=seg.text, span=seg.span, value=seg.date.isoformat(),
                                 precision="day", rule="dateline's date (no date in sentence)")
            event.date_source = "dateline"

    @staticmethod
    def _share(occ: Occasion, events: list[Event]) -> None:
        """Series go to all the occasion's events; a sentence-based place only to the
        events of the same type (the meeting's place is not the exercise's) that have
        no place at all (a dateline's country is more often right than another
        sentence's locative)."""
        placed = [e for e in events if e.location and not _fallback(e.location)
                  and not (e.location.rule or "").startswith("home")]
        occ.location = placed[0].location if placed else None
        for event in events:
            if event.series is None and occ.series is not None:
                event.series = occ.series
            if event.status == "planned" or (event.location is not None and not (
                    _fallback(event.location) and event.event_type not in OCCASION_TYPES)):
                continue
            if event.location is None:
                same = [e for e in placed if e.event_type == event.event_type]
            else:
                # "The two sides agreed ...": an agreement or a statement placed only by
                # the dateline or the story's main place was made where its meeting was
                same = [e for e in placed if e.event_type in MEETING_TYPES and e.status in NEWS]
            if same:
                event.location = replace(same[0].location, rule=f"occasion's place "
                                         f"({same[0].location.rule}, sentence "
                                         f"{same[0].sentence_index})")


def _same_day_link(text: str) -> bool:
    """"hours after the verdict", "shortly before the signing": the sentence ties its
    event to a happening of the same day."""
    low = text.lower()
    return any(phrase in low for phrase in words("status", "same_day_links"))


def _just_told(event: Event, doc: Document, members: dict[int, list[Event]]) -> Occasion | None:
    """The occasion whose own-dated event was told last before the event's sentence."""
    told = [(m.sentence_index, occ) for occ in doc.occasions for m in members[occ.index]
            if m.date_source == "own" and m.sentence_index <= event.sentence_index]
    return max(told, key=lambda t: t[0])[1] if told else None


def _other_happening(event: Event, occ: Occasion) -> bool:
    """A meeting, exercise, attack or protest of another type than the occasion's own
    is a happening of its own (a statement or an agreement belongs to the occasion)."""
    return event.event_type in OCCASION_TYPES and bool(set(occ.event_types) & OCCASION_TYPES) \
        and event.event_type not in occ.event_types


def _start(doc: Document, occ: Occasion) -> int:
    idx = occ.anchor_sentence or 0
    return doc.sentences[idx].start if 0 <= idx < len(doc.sentences) else 0


def _fallback(place: Location) -> bool:
    return (place.rule or "").startswith(FALLBACK_PLACES)


@stages.register("occasions")
def make_occasions(**options: Any) -> OccasionStage:
    return OccasionStage(**options)
