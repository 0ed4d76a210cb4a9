"""The one data model every pipeline stage reads and writes.

A story travels through the pipeline as a :class:`Document`:

    ingest    -> Article            (text, publication date, id, provenance)
    language  -> Document.sentences (offsets; a spaCy Doc for sentences worth parsing)
    actors    -> Sentence.actors    (ActorMention: country, sector, person, role)
    events    -> Document.events    (Event: PLOVER/CAMEO type, source, target, trigger)
    time      -> Event.date/status  (DateRef resolved against the publication date)
    place     -> Event.location     (Location resolved in the gazetteer)
    series    -> Event.series       (recurring meetings and exercises: "JMCC round 3")

Every character span is ``(start, end)``, end exclusive, in the coordinates of
``Article.text`` -- the text as read, after decoding, before any cleaning.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date as Date
from typing import Any

Span = tuple[int, int]

#: Event statuses, in the order a reader would ask about them.
STATUSES = ("occurred", "ongoing", "planned", "negated", "hypothetical")
#: Date precisions, most to least precise.
PRECISIONS = ("day", "week", "month", "year")
#: Where an event's date came from: its own words, the occasion it belongs to (a
#: date stated elsewhere in the story about the same meeting or exercise), the
#: story's dateline, or the publication date.
DATE_SOURCES = ("own", "occasion", "dateline", "publication")


@dataclass
class Article:
    """One news story as read from a file, a feed or a database row."""

    doc_id: str
    text: str
    date: Date | None = None  # publication date, if known
    title: str | None = None
    url: str | None = None
    source: str | None = None  # outlet or agency
    origin: str | None = None  # where it was read from: "path/file.jsonl:12"
    #: Spans of ``text`` that are not story prose (date prefix, desk initials,
    #: "Share:" lines). Stages blank them out instead of cutting them so that
    #: offsets stay valid.
    boilerplate: list[Span] = field(default_factory=list)

    @property
    def clean_text(self) -> str:
        """``text`` with boilerplate replaced by spaces: same length, same offsets."""
        if not self.boilerplate:
            return self.text
        chars = list(self.text)
        for start, end in self.boilerplate:
            for i in range(start, min(end, len(chars))):
                if not chars[i].isspace():
                    chars[i] = " "
        return "".join(chars)

    @property
    def content_hash(self) -> str:
        """Hash of the text and date: a changed article gets a new hash."""
        h = hashlib.sha256(self.text.encode("utf-8"))
        h.update(str(self.date).encode())
        return h.hexdigest()[:32]


@dataclass
class ActorMention:
    """A participant named in a sentence: a country, organisation, group or person."""

    text: str
    span: Span
    country: str | None = None  # ISO 3166 alpha-3, or IGO/NGO/UNO/EUR/IMG/ISM/MNC
    sector: str | None = None  # PLOVER sector: GOV, MIL, COP, REB, CVL, ...
    person: str | None = None
    role: str | None = None  # "Deputy Defence Minister", "Secretary Defence"
    rank: str | None = None  # "Col. Gen", "Lt Gen (Retd)"
    org: str | None = None  # organisation name or acronym, e.g. "NATO"
    kind: str = "country"  # country | org | person | group | plural
    #: For plural references ("the two sides"): the actors they stand for.
    refers_to: list[ActorMention] = field(default_factory=list)
    evidence: str | None = None  # which lexicon entry or rule produced it

    def expand(self) -> list[ActorMention]:
        """Plural references expand to the actors they stand for; others to themselves."""
        return list(self.refers_to) if self.refers_to else [self]

    def to_dict(self) -> dict[str, Any]:
        out = {
            "text": self.text,
            "country": self.country,
            "sector": self.sector,
            "person": self.person,
            "role": self.role,
            "rank": self.rank,
            "org": self.org,
            "kind": self.kind,
            "span": list(self.span),
        }
        if self.refers_to:
            out["refers_to"] = self.text
        return {k: v for k, v in out.items() if v is not None}


@dataclass
class DateRef:
    """A time expression and what it resolves to."""

    text: str
    span: Span | None
    value: str | None  # ISO "2021-09-29", "2021-W39", "2021-09" or "2022"; None when unplaceable
    precision: str | None  # day | week | month | year
    #: For spans of time ("two weeks long", "next year"): inclusive ISO bounds.
    start: str | None = None
    end: str | None = None
    rule: str | None = None  # which rule resolved it ("weekday before pub date")


@dataclass
class Location:
    """Where an event happened, resolved to one gazetteer entry."""

    name: str
    span: Span | None
    geonameid: int | None = None
    feature: str | None = None  # feature class/code: "P.PPLC", "A.ADM1", "A.PCLI"
    country: str | None = None  # ISO-3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str = "place"  # place | region | country
    rule: str | None = None  # which rule chose it ("held at X", "dateline")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span) if self.span else None
        return d


@dataclass
class Series:
    """A recurring event the event belongs to: a round of talks, an exercise."""

    name: str  # canonical: a translation or spelling is mapped ("Friendship" -> "Druzhba")
    acronym: str | None = None
    round: int | None = None
    span: Span | None = None
    #: A year edition ("Friendship-2016", "DRUZBA 2017"): the year the name carries.
    edition: int | None = None
    #: The words as written ("Friendship-2016"), when they differ from ``name``.
    text: str | None = None


@dataclass
class Event:
    """One coded event with the evidence behind every field."""

    doc_id: str
    sentence_index: int
    sentence_span: Span
    sentence_text: str
    trigger_text: str
    trigger_span: Span
    cameo: str
    event_type: str | None  # PLOVER type; None for CAMEO roots 01 and 02
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    cameo_name: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    source: list[ActorMention] = field(default_factory=list)
    target: list[ActorMention] = field(default_factory=list)
    date: DateRef | None = None
    status: str = "occurred"
    status_cue: str | None = None  # the words that set the status ("agreed to", "not")
    location: Location | None = None
    series: Series | None = None
    confidence: float = 0.5
    evidence: str | None = None  # which lexicon entry or rule fired
    coder_version: str | None = None
    #: Other spans that support this event (e.g. a second sentence about the same meeting).
    extra_evidence: list[Span] = field(default_factory=list)
    #: A mention that names no party ("the exercise was held at Molkino"): kept only
    #: when it can be merged into an event of a neighbouring sentence.
    partial: bool = False
    #: Where ``date`` came from: own | occasion | dateline | publication (None: undated).
    date_source: str | None = None
    #: An agreement about a future act ("agreed to hold the 4th round in 2022"): the
    #: agreement is dated on its statement day, the act it promises here.
    planned_date: DateRef | None = None
    #: Index of the occasion in ``Document.occasions`` the event belongs to, if any.
    occasion: int | None = None
    #: Clock time of a live-blog entry the event is told in ("04:05 GMT"), as written.
    time: str | None = None

    @property
    def event_id(self) -> str:
        """Stable across runs: doc id, sentence, trigger span and CAMEO code."""
        key = f"{self.doc_id}|{self.sentence_index}|{self.trigger_span[0]}|{self.trigger_span[1]}|{self.cameo}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The JSON record documented in README's schema section."""
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "cameo_name": self.cameo_name,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "date": self.date.value if self.date else None,
            "date_precision": self.date.precision if self.date else None,
            "date_text": self.date.text if self.date else None,
            "date_span": list(self.date.span) if self.date and self.date.span else None,
            "date_start": self.date.start if self.date else None,
            "date_end": self.date.end if self.date else None,
            "date_source": self.date_source if self.date else None,
            "planned_date": self.planned_date.value if self.planned_date else None,
            "planned_date_precision": self.planned_date.precision if self.planned_date else None,
            "occasion": self.occasion,
            "time": self.time,
            "status": self.status,
            "status_cue": self.status_cue,
            "location": self.location.to_dict() if self.location else None,
            "series": asdict(self.series) if self.series else None,
            "trigger": {"text": self.trigger_text, "span": list(self.trigger_span)},
            "sentence": {
                "index": self.sentence_index,
                "text": self.sentence_text,
                "span": list(self.sentence_span),
            },
            "confidence": round(self.confidence, 3),
            "coder": {"version": self.coder_version, "evidence": self.evidence},
        }


@dataclass
class Occasion:
    """One meeting, exercise, attack or protest a story tells over several sentences:
    the lead, the quotes, the closing paragraph. Its date, place and series are
    carried to each of its events (``Event.occasion`` is the index in
    ``Document.occasions``)."""

    index: int
    date: DateRef | None
    location: Location | None = None
    series: Series | None = None
    #: Sentence index of the event that states the occasion's date (its anchor).
    anchor_sentence: int | None = None
    event_types: list[str] = field(default_factory=list)
    #: Sentence indexes of the events that belong to it.
    sentences: list[int] = field(default_factory=list)


@dataclass
class Sentence:
    """A sentence of the story; ``doc`` is its spaCy parse when it was parsed."""

    index: int
    start: int
    end: int
    text: str
    doc: Any = None  # spacy.tokens.Doc over ``text`` (offsets relative to ``start``)
    actors: list[ActorMention] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    #: Why the language stage did not parse it ("no event cue"), if it did not.
    skipped: str | None = None

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    def abs_span(self, start: int, end: int) -> Span:
        """Turn a span relative to this sentence into one over the article text."""
        return (self.start + start, self.start + end)


@dataclass
class Document:
    """An article on its way through the pipeline."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    #: Places found anywhere in the story (used to resolve ambiguous names).
    places: list[Location] = field(default_factory=list)
    #: Countries mentioned in the story, in order of first mention (ISO-3).
    countries: list[str] = field(default_factory=list)
    #: The occasions the story tells (see :class:`Occasion`), in order of first mention.
    occasions: list[Occasion] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.article.doc_id

    @property
    def text(self) -> str:
        return self.article.text
