"""Series and merge stages: recurring events, and one event told twice in a story.

Series: "the 3rd round of the Russia-Pakistan Joint Military Consultative
Committee (JMCC)", "the 4th Round of JMCC", "exercise Druzhba VI". A series is
a named thing plus a round number, written as an ordinal before a round word
or a roman or arabic numeral after the name. Acronyms defined in the story
("... Committee (JMCC)") let a later bare acronym find the full name.

Merge: a story often reports one meeting in several sentences ("officials
discussed ...", "the round was held at Islamabad", "the two sides exchanged
views"). Events of the same PLOVER type whose parties agree, on the same date,
at a compatible place, are one event: the most confident one is kept and the
others become its extra evidence.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Document, Event, Series
from ..registry import stages

ROUND_WORDS = r"(?:round|session|edition|meeting|iteration|phase|summit|conference)"
ORDINAL = r"(\d{1,3})(?:st|nd|rd|th)|(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)"
ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
NAME = r"((?:[Tt]he\s+)?(?:[A-Z][\w'&.-]*\s+){0,8}(?:[A-Z][\w'&.-]*))"

_ORDINAL_ROUND = re.compile(
    rf"\b(?i:{ORDINAL})\s+(?i:{ROUND_WORDS})\s+(?i:of)\s+(?:the\s+)?{NAME}(?:\s*\(([A-Z]{{2,8}})\))?")
_NAMED_NUMBERED = re.compile(
    r"\b(exercise|exercises|drills?|operation|games|talks|forum|dialogue)\s+"
    r"((?:[A-Z][a-z][\w-]*\s+){0,3}[A-Z][a-z][\w-]*)[\s-]+((?:X{0,3})(?:IX|IV|V?I{0,3})|\d{1,4})\b")
_ACRONYM_DEF = re.compile(r"((?:[A-Z][\w-]*\s+){1,8}?[A-Z][\w-]*)\s*\(([A-Z]{2,8})\)")


def roman_to_int(numeral: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(numeral.upper()):
        value = ROMAN.get(ch)
        if value is None:
            return None
        total += -value if value < prev else value
        prev = max(prev, value)
    return total or None


def _ordinal(match: re.Match) -> int | None:
    if match.group(1):
        return int(match.group(1))
    return ORDINAL_WORDS.get(match.group(2).lower()) if match.group(2) else None


def find_series(text: str, acronyms: dict[str, str] | None = None) -> list[Series]:
    """Series mentions in a text, with spans; ``acronyms`` maps ACR -> full name."""
    acronyms = dict(acronyms or {})
    for m in _ACRONYM_DEF.finditer(text):
        acronyms.setdefault(m.group(2), _strip_the(m.group(1)))
    found: list[Series] = []
    for m in _ORDINAL_ROUND.finditer(text):
        name = _strip_the(m.group(3))
        acronym = m.group(4) or (name if name.isupper() and name in acronyms else None)
        if acronym and acronym in acronyms and name == acronym:
            name = acronyms[acronym]
        if acronym is None:
            acronym = next((a for a, full in acronyms.items() if full == name), None)
        found.append(Series(name=name, acronym=acronym, round=_ordinal(m), span=m.span()))
    for m in _NAMED_NUMBERED.finditer(text):
        number = m.group(3)
        rnd = int(number) if number.isdigit() else roman_to_int(number)
        if not rnd or (number.isdigit() and int(number) > 1900):
            continue  # "Exercise Shield 2024" names a year, not a round
        found.append(Series(name=m.group(2), acronym=None, round=rnd, span=m.span()))
    return found


def _strip_the(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)


class SeriesStage:
    """Pipeline stage "series": attach series mentions to the events they describe."""

    name = "series"

    def __call__(self, doc: Document) -> Document:
        series = find_series(doc.article.clean_text)
        if not series:
            return doc
        for event in doc.events:
            s_start, s_end = event.sentence_span
            in_sentence = [s for s in series if s.span and s_start <= s.span[0] < s_end]
            if in_sentence:
                # the mention nearest the trigger describes this event
                event.series = min(in_sentence, key=lambda s: abs(s.span[0] - event.trigger_span[0]))
        return doc


def _parties(event: Event) -> frozenset[str]:
    return frozenset(a.country for a in event.source + event.target if a.country)


#: Types that name an occasion (a meeting, an exercise, a protest, an attack) which
#: stories describe over several sentences. Verbal acts (AGREE, ACCUSE, REJECT, ...)
#: are separate utterances unless their CAMEO codes agree.
OCCASION_TYPES = {"CONSULT", "COOPERATE", "PROTEST", "ASSAULT", "MOBILIZE", "AID"}


def _same_event(a: Event, b: Event) -> bool:
    if a.event_type is None or a.event_type != b.event_type or a.status != b.status:
        return False
    if a.event_type not in OCCASION_TYPES and a.cameo[:3] != b.cameo[:3]:
        return False
    pa, pb = _parties(a), _parties(b)
    if pa and pb and not (pa <= pb or pb <= pa):
        return False
    da = a.date.value if a.date else None
    db = b.date.value if b.date else None
    if da != db:
        return False
    if a.series and b.series and (a.series.round != b.series.round):
        return False
    la = a.location.country if a.location else None
    lb = b.location.country if b.location else None
    return la is None or lb is None or la == lb


class MergeStage:
    """Pipeline stage "merge": one event reported in several sentences becomes one."""

    name = "merge"

    def __call__(self, doc: Document) -> Document:
        kept: list[Event] = []
        partial = [e for e in doc.events if e.partial]
        doc.events = [e for e in doc.events if not e.partial]
        for event in sorted(doc.events, key=lambda e: -e.confidence):
            twin = next((k for k in kept if _same_event(k, event)), None)
            if twin is None:
                kept.append(event)
                continue
            twin.extra_evidence.append(event.sentence_span)
            twin.confidence = min(0.99, twin.confidence + 0.05)
            for side in ("source", "target"):
                have = {a.country for a in getattr(twin, side)}
                getattr(twin, side).extend(a for a in getattr(event, side) if a.country not in have)
            _absorb_details(twin, event)
        for part in partial:
            # an occasion named without parties joins the nearest event of its type
            near = [k for k in kept if k.event_type == part.event_type
                    and abs(k.sentence_index - part.sentence_index) <= PARTIAL_WINDOW]
            if near:
                twin = min(near, key=lambda k: abs(k.sentence_index - part.sentence_index))
                twin.extra_evidence.append(part.sentence_span)
                _absorb_details(twin, part)
            elif part.source or part.target:
                part.partial = False  # no neighbour: it stands alone with its stand-in party
                kept.append(part)
        kept.sort(key=lambda e: (e.sentence_index, e.trigger_span))
        for event in kept:
            _delegation_heads(doc, event)
            _visit_direction(event)
        doc.events = kept
        return doc


PRECISION_RANK = {"place": 0, "region": 1, "country": 2}


#: Words that introduce who led a delegation ("was led by", "headed by").
DELEGATION_CUES = ("led by", "headed by", "delegation")


def _delegation_heads(doc: Document, event: Event) -> None:
    """'Pakistan delegation was led by Lt Gen ... Hussain': the named leaders of a
    meeting's delegations stand for their countries in the meeting event."""
    if event.event_type != "CONSULT":
        return
    parties = {a.country for a in event.source + event.target if a.country}
    near = [s for s in doc.sentences if abs(s.index - event.sentence_index) <= 3]
    for sent in near:
        if not any(cue in sent.text for cue in DELEGATION_CUES):
            continue
        for person in (a for a in sent.actors if a.kind == "person" and a.country in parties):
            for side in (event.source, event.target):
                plain = [i for i, a in enumerate(side) if a.country == person.country and not a.person]
                if plain:
                    side[plain[0]] = person
                    break


def _visit_direction(event: Event) -> None:
    """A meeting of two countries held in one of them is a visit: the guests are the
    source, the host the target (CAMEO 042 'make a visit', PLOVER mode visit)."""
    if event.event_type != "CONSULT" or event.location is None or event.status != "occurred":
        return
    host = event.location.country
    if not host or (event.location.rule or "").startswith("main place of story"):
        return
    actors = event.source + event.target
    parties = {a.country for a in actors if a.country and len(a.country) == 3}
    if host not in parties or len(parties) < 2 or any(a.country in ("IGO", "NGO") for a in actors):
        return
    event.source = [a for a in actors if a.country != host]
    event.target = [a for a in actors if a.country == host]
    if event.cameo[:3] in ("040", "046"):
        from .lexicon import load_lexicon

        info = load_lexicon().cameo["042"]
        event.cameo, event.cameo_name, event.mode = info.code, info.name, info.mode
        event.goldstein, event.quad_class = info.goldstein, info.quad
        event.evidence = (event.evidence or "") + f"; a meeting held in {host}: a visit to {host}"
#: How many sentences away a partial mention may find its event.
PARTIAL_WINDOW = 2


def _absorb_details(twin: Event, other: Event) -> None:
    """Take the other mention's series and a more precise, sentence-based location."""
    if twin.series is None:
        twin.series = other.series
    if twin.location is None or (other.location and _finer(other.location, twin.location)):
        twin.location = other.location


def _finer(a: Any, b: Any) -> bool:
    """Is location a more precise than b (and chosen by a sentence rule, not a fallback)?"""
    fallback = ("dateline", "main place of story")
    if (b.rule or "").startswith(fallback) and not (a.rule or "").startswith(fallback):
        return True
    return PRECISION_RANK.get(a.precision, 3) < PRECISION_RANK.get(b.precision, 3)


@stages.register("series")
def make_series(**options: Any) -> SeriesStage:
    return SeriesStage(**options)


@stages.register("merge")
def make_merge(**options: Any) -> MergeStage:
    return MergeStage(**options)
