"""Series and merge stages: recurring events, and one event told twice in a story.

Series: "the 3rd round of the Russia-Pakistan Joint Military Consultative
Committee (JMCC)", "the 4th Round of JMCC", "exercise Druzhba VI", year editions
("Friendship-2016", "DRUZBA 2017", "the Druzhba-2019 exercise"), ordinals before
a name ("the fifth India-US 2+2 dialogue") and names without a round ("the 2+2
ministerial dialogue", "the India-US Strategic Dialogue"). Translations and
spellings of known series names ("Friendship" = "Druzhba") come from
``data/events/series.json``. Acronyms defined in the story ("... Committee
(JMCC)") let a later bare acronym find the full name.

A series named once in a story belongs to every event of the occasion it names
(the talks, the agreement, the exercise's opening): when the time stage grouped
the story into occasions, their events share it; otherwise events of the same
kind, date and parties in the story take it. A planned act keeps the round it
promises ("agreed to hold the 4th round").

Merge: a story often reports one meeting in several sentences ("officials
discussed ...", "the round was held at Islamabad", "the two sides exchanged
views"). Events of the same PLOVER type whose parties agree, on the same date,
at a compatible place, are one event: the most confident one is kept and the
others become its extra evidence.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date as Date
from functools import lru_cache
from importlib import resources
from typing import Any

from .._fold import cover, folded, may_contain
from ..model import ActorMention, Document, Event, Series
from ..registry import stages
from . import parties

ROUND_WORDS = r"(?:round|session|edition|meeting|iteration|phase|summit|conference)"
ORDINAL = (r"(\d{1,3})(?:st|nd|rd|th)|(first|second|third|fourth|fifth|sixth|seventh|eighth|"
           r"ninth|tenth|eleventh|twelfth|inaugural)(?:-ever)?")
ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
ORDINAL_WORDS["inaugural"] = 1
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
NAME = r"((?:[Tt]he\s+)?(?:[A-Z][\w'&.-]*\s+){0,8}(?:[A-Z][\w'&.-]*))"
#: A round written after a name: a roman numeral or a number (a year: an edition).
NUMBER = r"(\d{1,4}|(?=[IVXL])X{0,3}(?:IX|IV|V?I{0,3}))"
EXERCISE_WORDS = r"(?:exercises?|drills?|war\s?games|manoeuvres|maneuvers)"
#: A word of a series name: capitalised, a format ("2+2"), or a country pair ("India-US").
_NAME_WORD = r"(?:[A-Z][\w'&.]*(?:-[A-Z][\w'&.]*)*|\d\s?\+\s?\d|(?i:two-plus-two))"
_NAME_ADJ = r"(?:ministerial|joint|strategic|bilateral|trilateral|annual|military|naval|defen[cs]e|security|inter-sessional)"

_ORDINAL_ROUND = re.compile(
    rf"\b(?i:{ORDINAL})\s+(?i:{ROUND_WORDS})\s+(?i:of)\s+(?:(?:the|their|its)\s+)?{NAME}"
    r"(?:\s*\(([A-Z]{2,8})\))?")
_NAMED_NUMBERED = re.compile(
    r"\b(?i:(exercise|exercises|drills?|operation|games|talks|forum|dialogue))\s+"
    r"((?:[A-Z][a-z][\w-]*\s+){0,3}[A-Z][a-z][\w-]*|[A-Z]{3,}(?:\s+[A-Z]{3,})?)[\s-]+" + NUMBER + r"\b")
_ACRONYM_DEF = re.compile(r"((?:[A-Z][\w-]*\s+){1,8}?[A-Z][\w-]*)\s*\(([A-Z]{2,8})\)")
_DIGIT_ORDINAL = re.compile(r"\d(?i:st|nd|rd|th)")


def _finditer(rx: re.Pattern, words: tuple[str, ...], text: str) -> Any:
    """``rx.finditer(text)``, skipped when none of ``words`` (one of which every match of
    ``rx`` contains, ignoring case) occurs in the text."""
    return rx.finditer(text) if may_contain(folded(text), words) else ()


def _ordinal_starts(text: str) -> list[int] | None:
    """Every offset where an ORDINAL may start (a superset, in order), or None when the
    text holds a character that makes the test inexact. A pattern that starts with
    ORDINAL is then tried only there: the same matches as its finditer, found at a
    few offsets instead of every one (most stories have no ordinal at all)."""
    low = folded(text)
    if low is None:
        return None
    starts: set[int] = set()
    for word in ORDINAL_WORDS:
        at = low.find(word)
        while at >= 0:
            starts.add(at)
            at = low.find(word, at + 1)
    for m in _DIGIT_ORDINAL.finditer(text):  # "21st": the number starts at most 2 digits before
        starts.update(range(max(0, m.start() - 2), m.start() + 1))
    return sorted(starts)


def _ordinal_matches(rx: re.Pattern, text: str, starts: list[int] | None) -> list[re.Match]:
    """What ``rx.finditer(text)`` yields, for a pattern whose matches start at an ORDINAL."""
    if starts is None:
        return list(rx.finditer(text))
    out: list[re.Match] = []
    end = 0
    for at in starts:
        if at >= end and (m := rx.match(text, at)):
            out.append(m)
            end = m.end()
    return out


@dataclass(frozen=True)
class SeriesData:
    """``data/events/series.json``: known names and their translations, kind words, cues."""

    canonical: dict[str, str]  # casefolded name or alias -> canonical name
    kinds: dict[str, str]  # canonical name -> exercise | meeting
    kind_words: dict[str, tuple[str, ...]]
    named_kinds: tuple[str, ...]
    change_cues: tuple[str, ...]
    cancel_cues: tuple[str, ...]
    intent_acts: dict[str, str]  # CAMEO 03x code -> PLOVER type of the act it promises
    act_words: dict[str, tuple[str, ...]]  # PLOVER type -> nouns that name such an act


@lru_cache(maxsize=1)
def series_data() -> SeriesData:
    raw = json.loads(resources.files("whimbrel.data").joinpath("events/series.json")
                     .read_text(encoding="utf-8"))
    canonical: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for entry in raw["series"]:
        for alias in [entry["name"], *entry["aliases"]]:
            canonical[alias.casefold()] = entry["name"]
        kinds[entry["name"]] = entry["kind"]
    return SeriesData(canonical=canonical, kinds=kinds,
                      kind_words={k: tuple(v) for k, v in raw["kinds"].items()},
                      named_kinds=tuple(raw["named_kinds"]),
                      change_cues=tuple(raw["change_cues"]), cancel_cues=tuple(raw["cancel_cues"]),
                      intent_acts={k: v for k, v in raw["intent_acts"].items() if k[0] != "_"},
                      act_words={k: tuple(v) for k, v in raw["act_words"].items() if k[0] != "_"})


def canonical_name(name: str) -> str:
    """A known translation or spelling becomes the series' canonical name."""
    return series_data().canonical.get(" ".join(name.split()).casefold(), name)


def series_kind(series: Series, context: str = "") -> str:
    """exercise or meeting: from the known series, else the words of its name and context."""
    known = series_data().kinds.get(series.name)
    if known:
        return known
    name = f"{series.text or ''} {series.name}".lower()
    if re.search(rf"\b{EXERCISE_WORDS}\b", name):
        return "exercise"
    meeting = "|".join(map(re.escape, series_data().kind_words["meeting"]))
    if re.search(rf"\b(?:{meeting})\b|\d\s?\+\s?\d", name):
        return "meeting"
    if re.search(rf"\b{EXERCISE_WORDS}\b", context.lower()):
        return "exercise"
    return "meeting"


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


def _number(text: str) -> tuple[int | None, int | None]:
    """(round, edition) of a number written after a name: "VI" -> round 6, "2019" -> edition."""
    if text.isdigit():
        value = int(text)
        if 1900 <= value <= 2100:
            return None, value
        return (value, None) if 0 < value < 200 else (None, None)
    return roman_to_int(text), None


@lru_cache(maxsize=1)
def _known() -> re.Pattern:
    """Every known series name and alias, longest first."""
    names = sorted(series_data().canonical, key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(rf"\b({alt})\b", re.IGNORECASE)


def find_series(text: str, acronyms: dict[str, str] | None = None) -> list[Series]:
    """Series mentions in a text, with spans; ``acronyms`` maps ACR -> full name.

    Mentions are found by the most specific pattern first; a later pattern never
    takes words an earlier one already read.
    """
    acronyms = dict(acronyms or {})
    for m in _ACRONYM_DEF.finditer(text):
        acronyms.setdefault(m.group(2), _strip_the(m.group(1)))
    found: list[Series] = []
    for finder in (_ordinal_rounds, _ordinal_named, _named_numbered, _known_names,
                   _format_names, _named_exercises, _named_meetings):
        for series in finder(text, acronyms):
            if not any(_overlap(series.span, f.span) for f in found):
                found.append(series)
    found.sort(key=lambda s: s.span)
    return found


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return bool(a and b and a[0] < b[1] and b[0] < a[1])


def _make(name: str, span: tuple[int, int], text: str, *, acronym: str | None = None,
          round: int | None = None, edition: int | None = None,
          surface: str | None = None) -> Series:
    """A Series with its canonical name; ``surface`` is the name as written (with its
    year or numeral), kept when it differs from the canonical name."""
    name = _strip_the(re.split(r"\.\s", name)[0])  # a name never runs into the next sentence
    canon = canonical_name(name)
    surface = " ".join((surface or name).split())
    return Series(name=canon, acronym=acronym, round=round, span=span, edition=edition,
                  text=surface if surface != canon else None)


_ORDINAL_PLAIN = re.compile(
    rf"\b(?i:{ORDINAL})\s+(?i:round|session)\s+of\s+(?:the\s+|their\s+)?"
    r"((?:[A-Za-z][\w-]*\s+){0,3}(?:talks|negotiations|consultations|dialogue|discussions))\b")


def _ordinal_rounds(text: str, acronyms: dict[str, str]) -> list[Series]:
    """"the 3rd round of the ... Committee (JMCC)", "the 4th Round of JMCC", "the third
    round of cabinet-level talks" (a name in lower case: its parties tell which)."""
    starts = _ordinal_starts(text)
    out = [_make(m.group(3), m.span(), text, round=_ordinal(m))
           for m in _ordinal_matches(_ORDINAL_PLAIN, text, starts)]
    for m in _ordinal_matches(_ORDINAL_ROUND, text, starts):
        name = _strip_the(m.group(3))
        if re.fullmatch(r"[A-Z][\w.]*(?:-[A-Z][\w.]*)+", name) and not m.group(4):
            continue  # "of the Pakistan-Russia joint exercise": the pair qualifies what follows
        acronym = m.group(4) or (name if name.isupper() and name in acronyms else None)
        if acronym and acronym in acronyms and name == acronym:
            name = acronyms[acronym]
        if acronym is None:
            acronym = next((a for a, full in acronyms.items() if full == name), None)
        out.append(_make(name, m.span(), text, acronym=acronym, round=_ordinal(m)))
    return out


_ORDINAL_NAMED = re.compile(
    rf"\b(?i:{ORDINAL})\s+(?:(?i:edition|iteration)\s+of\s+(?:the\s+)?)?"
    rf"((?:(?:{_NAME_WORD}|{_NAME_ADJ})\s+){{0,5}}(?:{_NAME_WORD})"
    rf"(?:\s+{_NAME_ADJ})?\s+(?i:dialogue|talks|summit|forum|committee|consultations|"
    rf"exercises?|drills?|meeting))\b")


_ORDINAL_EDITION = re.compile(
    rf"\b(?i:{ORDINAL})\s+(?i:edition|iteration|round)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){{0,4}}?"
    rf"(?i:{EXERCISE_WORDS})\s+['\"“‘]?((?:[A-Z][a-z][\w-]*\s+){{0,2}}[A-Z][a-z][\w-]*|[A-Z]{{4,}})\b")


def _ordinal_named(text: str, acronyms: dict[str, str]) -> list[Series]:
    """"the fifth India-US 2+2 dialogue", "the 10th BRICS summit", "the sixth edition of
    exercise Druzhba"."""
    starts = _ordinal_starts(text)
    out = [_make(m.group(3), m.span(), text, round=_ordinal(m))
           for m in _ordinal_matches(_ORDINAL_EDITION, text, starts)]
    for m in _ordinal_matches(_ORDINAL_NAMED, text, starts):
        name = m.group(3)
        if not re.search(r"[A-Z]|\d\s?\+|plus", name):
            continue
        acronym = next((a for a, full in acronyms.items() if full in name), None)
        out.append(_make(name, m.span(), text, acronym=acronym, round=_ordinal(m)))
    return out


#: Words one of which every match of _CODENAMED, _NAMED_NUMBERED, EXERCISE_WORDS contains.
_CODENAMED_WORDS = cover(["named", "dubbed"])
_NAMED_NUMBERED_WORDS = cover(["exercise", "drill", "operation", "games", "talks", "forum", "dialogue"])
_EXERCISE_COVER = cover(["exercise", "drill", "games", "manoeuvres", "maneuvers"])

_CODENAMED = re.compile(
    r"\b(?i:code-?named|dubbed|named)\s+['\"“‘]?"
    r"((?:[A-Z][a-z][\w]*\s+){0,2}[A-Z][a-z][\w]*|[A-Z]{3,})[\s-]+" + NUMBER + r"\b")


def _named_numbered(text: str, acronyms: dict[str, str]) -> list[Series]:
    """"exercise Druzhba VI", "exercise Friendship-2016", "drills DRUZBA 2017",
    "codenamed VINBAX-2018"."""
    out = []
    for m in _finditer(_CODENAMED, _CODENAMED_WORDS, text):
        rnd, edition = _number(m.group(2))
        if rnd or edition:
            out.append(_make(m.group(1), m.span(), text, round=rnd, edition=edition,
                             surface=text[m.start(1):m.end()]))
    for m in _finditer(_NAMED_NUMBERED, _NAMED_NUMBERED_WORDS, text):
        rnd, edition = _number(m.group(3))
        if not rnd and not edition:
            continue
        out.append(_make(m.group(2), m.span(), text, round=rnd, edition=edition,
                         surface=text[m.start(2):m.end()]))
    return out


def _known_names(text: str, acronyms: dict[str, str]) -> list[Series]:
    """A known name (or its translation) with a year or numeral, or beside an exercise word:
    "Druzhba-2019", "the Friendship exercise"."""
    out = []
    for m in _known().finditer(text):
        word = m.group(1)
        if word[0].islower():
            continue  # "friendship" in prose is not the exercise
        after = text[m.end():m.end() + 40]
        before = text[max(0, m.start() - 25):m.start()]
        num = re.match(r"[\s-]+" + NUMBER + r"\b", after)
        rnd, edition = _number(num.group(1)) if num and num.group(1) else (None, None)
        if rnd or edition:
            end = m.end() + num.end()
            out.append(_make(word, (m.start(), end), text, round=rnd, edition=edition,
                             surface=text[m.start():end]))
        elif (re.match(rf"\s+(?i:{EXERCISE_WORDS})\b", after)
              or re.search(rf"\b(?i:{EXERCISE_WORDS})\s+$", before)):
            out.append(_make(word, m.span(), text))
    return out


_FORMAT = re.compile(
    r"\b((?:[A-Z][\w.]*-[A-Z][\w.]*\s+)?(?:\d\s?\+\s?\d|two[\s-]plus[\s-]two))"
    r"((?:\s+(?:ministerial|inter-?sessional|"
    r"strategic|foreign\s+and\s+defen[cs]e))*\s+(?:dialogue|talks|meeting|format|consultations))",
    re.IGNORECASE)


def _format_names(text: str, acronyms: dict[str, str]) -> list[Series]:
    """A meeting named by its format: "the 2+2 ministerial dialogue", "India-US 2+2 talks"."""
    if "+" not in text and not may_contain(folded(text), ("plus",)):
        return []  # every match has "+" or "two-plus-two"
    return [_make(m.group(0), m.span(), text) for m in _FORMAT.finditer(text)]


_NAMED_EXERCISE = re.compile(
    rf"\b(?i:{EXERCISE_WORDS}),?\s+(?:(?:code-?)?named\s+|dubbed\s+)?['\"“‘]?"
    r"((?:[A-Z][a-z][\w-]*\s+){0,2}[A-Z][a-z][\w-]*|[A-Z]{4,})\b")
#: Capitalised words that follow "exercise" without naming it.
_NOT_NAMES = frozenset("In On At With From For The This That Between And Of".split())


def _named_exercises(text: str, acronyms: dict[str, str]) -> list[Series]:
    """A named exercise without a round: "exercise Steadfast Defender"."""
    out = []
    for m in _finditer(_NAMED_EXERCISE, _EXERCISE_COVER, text):
        name = m.group(1)
        if name.split()[0] in _NOT_NAMES:
            continue
        out.append(_make(name, m.span(), text))
    return out


def _named_meetings(text: str, acronyms: dict[str, str]) -> list[Series]:
    """A capitalised meeting name without a round: "the India-US Strategic Dialogue"."""
    kinds = "|".join(series_data().named_kinds)
    out = []
    for m in re.finditer(rf"\b((?:[A-Z][\w'&.-]*\s+){{1,6}}(?:{kinds}))\b(?:\s*\(([A-Z]{{2,8}})\))?", text):
        name = _strip_the(m.group(1))
        if name.split()[0] in _NOT_NAMES and len(name.split()) < 3:
            continue
        if re.match(r"\s+(?:of|for|on)\s+(?:the\s+)?[A-Z]", text[m.end():]):
            continue  # "International Committee of the Red Cross" names a body, not a meeting
        acronym = m.group(2) or next((a for a, full in acronyms.items() if full == name), None)
        out.append(_make(name, m.span(), text, acronym=acronym))
    return out


def _strip_the(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)


def plan_news(sentence: str) -> bool:
    """Does the sentence say a plan was postponed or called off? Its round was not held."""
    return bool(_plan_cues().search(sentence))


@lru_cache(maxsize=1)
def _plan_cues() -> re.Pattern:
    data = series_data()
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in data.change_cues + data.cancel_cues)
                      + ")", re.IGNORECASE)


def plans(event: Event) -> bool:
    """Is the event itself a future act (its own round, not the occasion's)?"""
    # planned_date comes with the time stage's occasions work; absent on older models
    return event.status == "planned" or getattr(event, "planned_date", None) is not None


def promises(event: Event) -> bool:
    """Does the event promise a future act (whose round its sentence names)?

    Status planned, an agreement with a planned date, or a CAMEO 03 intent.
    """
    # planned_date comes with the time stage's occasions work; absent on older models
    return (event.status == "planned" or getattr(event, "planned_date", None) is not None
            or event.cameo.startswith("03"))


class SeriesStage:
    """Pipeline stage "series": attach series mentions to the events they describe, then
    carry each occasion's series to its other events."""

    name = "series"

    def __call__(self, doc: Document) -> Document:
        series = _not_organisations(find_series(doc.article.clean_text), doc)
        if not series:
            return doc
        for event in doc.events:
            mention = _sentence_series(event, doc.events, series)
            if mention is not None:
                event.series = mention
        _attach_orphans(doc, series)
        if getattr(doc, "occasions", None):  # the time stage grouped the story
            _carry_by_occasion(doc)
        else:
            _carry_in_story(doc)
        return doc


def _not_organisations(series: list[Series], doc: Document) -> list[Series]:
    """A name without a round or edition that the actors stage read as an organisation
    ("the Joint Chiefs of Staff Committee") is a body, not a series of meetings."""
    orgs = [a.span for s in doc.sentences for a in s.actors if a.kind == "org"]
    return [s for s in series if s.round is not None or s.edition is not None
            or not any(_overlap(s.span, span) for span in orgs)]


def _sentence_series(event: Event, events: list[Event], series: list[Series]) -> Series | None:
    """The mention in the event's sentence nearest its trigger. A round named after a
    promise's trigger ("... and agreed to hold the 4th round") belongs to the promise."""
    s_start, s_end = event.sentence_span
    here = [s for s in series if s.span and s_start <= s.span[0] < s_end]
    if not here:
        return None
    if not promises(event):
        cuts = [e.trigger_span[0] for e in events
                if e.sentence_span == event.sentence_span and promises(e)
                and e.trigger_span[0] > event.trigger_span[0]]
        if cuts:
            here = [s for s in here if s.span[0] < min(cuts)]
    if not here:
        return None
    return min(here, key=lambda s: abs(s.span[0] - event.trigger_span[0]))


#: Event types a meeting's occasion holds: the talks, what was agreed, signed, asked,
#: rejected or protested there, and statements (type None). Force and material acts
#: (an attack, troops moved, aid) are occasions of their own.
MEETING_TYPES = {"CONSULT", "AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT",
                 "THREATEN", "PROTEST", "SANCTION", None}


#: Acts that can be part of a meeting or an exercise whatever its kind.
PEACEFUL_TYPES = {"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "MOBILIZE", "AID", None}


def _mention_kind(series: Series, doc: Document) -> str:
    """exercise or meeting, read from the series' name and the sentence that names it."""
    span = series.span or (-1, -1)
    context = next((s.text for s in doc.sentences if s.start <= span[0] < s.end), "")
    return series_kind(series, context)


def _fits(series: Series, event: Event, doc: Document) -> bool:
    """Can the event belong to an occasion of this series (a meeting or an exercise)?"""
    if _mention_kind(series, doc) == "exercise":
        return (event.event_type == "COOPERATE" and event.cameo.startswith("06")) or \
            event.event_type == "MOBILIZE"
    return event.event_type in MEETING_TYPES


def _carry_by_occasion(doc: Document) -> None:
    """Occasions from the time stage: every event of an occasion takes its series."""
    for occasion in doc.occasions:
        members = [e for e in doc.events if e.occasion == occasion.index]
        if occasion.series is None:
            own = [e.series for e in members if e.series and not promises(e)
                   and not plan_news(e.sentence_text)]
            occasion.series = own[0] if own else None
        for event in members:
            if event.series is None and occasion.series is not None and not plans(event):
                event.series = occasion.series


def _date(event: Event) -> str | None:
    return event.date.value if event.date else None


#: How far (in sentences) a series named in a sentence without an event may reach.
ORPHAN_REACH = 2


def _attach_orphans(doc: Document, series: list[Series]) -> None:
    """"The exercise, Druzhba-2019, focuses on ...": a series named where no event is
    coded names the nearest occasion of its kind told just before (or after) it."""
    used = {id(e.series) for e in doc.events if e.series is not None}
    index = {s.index: s for s in doc.sentences}
    for mention in series:
        if id(mention) in used:
            continue
        where = next((i for i, s in index.items() if s.start <= mention.span[0] < s.end), None)
        if where is None:
            continue
        near = [e for e in doc.events if e.series is None and not plans(e)
                and e.status in ("occurred", "ongoing") and e.event_type in PEACEFUL_TYPES
                and _date(e) is not None  # undated: history or background, not the occasion
                and abs(e.sentence_index - where) <= ORPHAN_REACH
                and (mention.edition is None or (_date(e) or "")[:4] == str(mention.edition))]
        near = [e for e in near if _fits(mention, e, doc)] or near
        if near:
            event = min(near, key=lambda e: (abs(e.sentence_index - where), e.sentence_index > where))
            event.series = mention


#: A story tells of its occasion up to this many days after it (the lead's "on Monday").
STORY_LAG_DAYS = 7


def _same_day(anchor: Event, event: Event, doc: Document) -> bool:
    """Same date; or the event has no date words of its own (dated on publication) and the
    anchor's day falls in the week before publication."""
    if _date(event) is None or _date(anchor) is None:
        return False
    if _date(event) == _date(anchor):
        return True
    pub = doc.article.date
    if event.date.text or pub is None or _date(event) != pub.isoformat():
        return False
    try:
        day = Date.fromisoformat(_date(anchor))
    except ValueError:
        return False
    return 0 <= (pub - day).days <= STORY_LAG_DAYS


def _carry_in_story(doc: Document) -> None:
    """No occasions: an event without a series takes the series of the story's event of the
    same kind (meeting or exercise), date and parties nearest it."""
    anchors = [e for e in doc.events if e.series is not None and not promises(e)
               and e.status in ("occurred", "ongoing") and not plan_news(e.sentence_text)]
    for event in doc.events:
        if event.series is not None or plans(event) or event.status not in ("occurred", "ongoing"):
            continue
        same = [a for a in anchors if _same_day(a, event, doc)
                and (_parties(event) & _parties(a) or not _parties(event))]
        # an occasion of the event's kind; else, for a peaceful act, the story's only one
        # ("Russian troops arrived in Pakistan" for the exercise)
        fits = [a for a in same if _fits(a.series, event, doc)]
        if not fits and event.event_type in PEACEFUL_TYPES and len({id(a.series) for a in same}) == 1:
            fits = same
        if fits:
            near = min(fits, key=lambda a: abs(a.sentence_index - event.sentence_index))
            event.series = near.series


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
            elif _lead_party(doc, part) or part.source or part.target or _place_party(part):
                part.partial = False  # no neighbour: it stands alone with its stand-in party
                kept.append(part)
        kept.sort(key=lambda e: (e.sentence_index, e.trigger_span))
        for event in kept:
            _country_of_place(event)
            _delegation_heads(doc, event)
            _visit_direction(event)
        doc.events = kept
        return doc


PRECISION_RANK = {"place": 0, "region": 1, "country": 2}
#: Who acts in a protest or an attack no sentence names a party of: a crowd of the
#: place's country, or unknown attackers (UAF, the PLOVER convention).
STAND_IN_SECTORS = {"PROTEST": "CVL", "ASSAULT": "UAF"}


#: Occasions whose parties, when no sentence near names them, are the story's lead's.
LEAD_OCCASIONS = ("CONSULT", "COOPERATE")


def _lead_party(doc: Document, event: Event) -> bool:
    """'A separate round of talks is scheduled to open in Addis Ababa': talks no sentence
    near names the parties of are the talks of the story's lead (South Sudan's government
    and the rebels), not talks of the host city's country."""
    if event.event_type not in LEAD_OCCASIONS or event.target \
            or not all(parties.is_place(a) for a in event.source):
        return False
    lead = parties.lead_parties(doc)
    if not lead:
        return False
    event.source = [replace(a, evidence=(a.evidence or "") + "; no party named: the lead's parties")
                    for a in lead]
    return True


def _place_party(event: Event) -> bool:
    """A protest or attack with no party named anywhere near ('a peaceful protest was
    held at the mine gate near Kolwezi') stands alone when its place has a country:
    its actors are a crowd or unknown attackers of that country."""
    sector = STAND_IN_SECTORS.get(event.event_type or "")
    country = event.location.country if event.location else None
    if sector is None or not country or len(country) != 3:
        return False
    event.source = [ActorMention(text=event.trigger_text, span=event.trigger_span, country=country,
                                 sector=sector, kind="group",
                                 evidence=f"no party named: {sector} of the place's country")]
    return True


def _country_of_place(event: Event) -> None:
    """Unnamed actors ('unidentified gunmen', 'a mob', 'residents') carry a sector but no
    country; they belong to the country where the event happened (PLOVER: unknown
    attackers are UAF of the country of the attack)."""
    country = event.location.country if event.location else None
    if not country or len(country) != 3:
        return
    for side in ("source", "target"):
        actors = getattr(event, side)
        for i, a in enumerate(actors):
            if not a.country and a.sector and not a.org and a.sector not in ("IGO", "NGO", "IMG"):
                actors[i] = replace(a, country=country,
                                    evidence=(a.evidence or "") + f"; country of the place ({country})")


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
    if event.event_type != "CONSULT" or event.location is None or event.status != "occurred" \
            or event.cameo[:3] == "041":  # a telephone call visits no one
        return
    host = event.location.country
    if not host or (event.location.rule or "").startswith(("main place of story",
                                                           "story's country")):
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
    # a planned round is not this one; an undated event is background, not an occasion
    if twin.series is None and other.status == twin.status and twin.date is not None:
        twin.series = other.series
    if twin.location is None or (other.location and _finer(other.location, twin.location)):
        twin.location = other.location


def _finer(a: Any, b: Any) -> bool:
    """Is location a more precise than b (and chosen by a sentence rule, not a fallback)?"""
    fallback = ("dateline", "main place of story", "story's country")
    if (b.rule or "").startswith(fallback) and not (a.rule or "").startswith(fallback):
        return True
    return PRECISION_RANK.get(a.precision, 3) < PRECISION_RANK.get(b.precision, 3)


@stages.register("series")
def make_series(**options: Any) -> SeriesStage:
    return SeriesStage(**options)


@stages.register("merge")
def make_merge(**options: Any) -> MergeStage:
    return MergeStage(**options)
