"""Parts of a document that carry their own date: datelines and live-blog stamps.

A feed item may hold several wire stories, each under its own dateline
("UPDATE 2-..." then "ISLAMABAD, Sept 29 (Reuters) -"), and a live blog stamps
each entry ("Updated 3 March 2024 10:42 GMT"). Relative dates ("on Wednesday")
in a part are read against that part's date, and undated news in it is dated
by it, not by the publication date of the whole document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..model import Span
from .dates import resolve, scan

_PARAGRAPH = re.compile(r"\S[^\n]*")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d(?:\s*(?i:a\.?m\.?|p\.?m\.?))?(?:\s*\(?(?:[A-Z]{2,4})\)?)?")
_STAMP_WORDS = re.compile(r"(?i)\b(?:updated?|posted|published|last|at|on|as of|first|edited)\b|[-–—|:,()]")
#: A stamp is a short paragraph: the date, a clock time and a word or two.
MAX_STAMP = 80
DAY_RULES = ("iso", "numeric", "day month", "month day")


@dataclass
class Segment:
    """A part of the text from ``start`` on, under a dateline or stamp dated ``date``."""

    start: int
    date: date | None
    text: str
    span: Span


@lru_cache(maxsize=1)
def _dateline_patterns() -> tuple[re.Pattern[str], ...]:
    from ..ingest._dateline import _PATTERNS  # one definition of a dateline

    return tuple(_PATTERNS)


def _day(text: str, pub: date | None) -> date | None:
    ref = resolve(text, pub, tense="past")
    if ref.precision == "day" and ref.value:
        return date.fromisoformat(ref.value)
    return None


def _dateline(para: re.Match[str], text: str, pub: date | None) -> Segment | None:
    for pattern in _dateline_patterns():
        m = pattern.match(text, para.start())
        if m and m.groupdict().get("date"):
            when = _day(m["date"], pub)
            if when is not None:
                return Segment(para.start(), when, m["date"], m.span("date"))
    return None


def _stamp(para: re.Match[str], pub: date | None) -> Segment | None:
    body = para.group(0)
    if len(body) > MAX_STAMP:
        return None
    days = [(s, e, m) for s, e, rule, m in scan(body) if rule.name in DAY_RULES]
    if len(days) != 1:
        return None
    s, e, m = days[0]
    rest = _STAMP_WORDS.sub(" ", _CLOCK.sub(" ", body[:s] + " " + body[e:]))
    if len(rest.split()) > 2:
        return None
    when = _day(m.group(0), pub)
    if when is None:
        return None
    return Segment(para.start(), when, m.group(0), (para.start() + s, para.start() + e))


_UPDATE = re.compile(r"(?:UPDATE\s*\d*|REFILE|CORRECTED|WRAPUP\s*\d*)\s*[-–:]")


def _headline(para: re.Match[str]) -> bool:
    """"UPDATE 2-China protests to Japan", or a short title line without a full stop."""
    body = para.group(0).strip()
    return bool(_UPDATE.match(body)) or (len(body) < 120 and not body.endswith((".", '"', "”")))


def find_segments(text: str, pub: date | None) -> list[Segment]:
    """Dated parts of ``text`` in order; [] when no paragraph opens with a dated
    dateline or a stamp (most stories). The first part starts at 0; a part under a
    dateline starts at the headline just above it ("UPDATE 2-...")."""
    found = []
    previous: re.Match[str] | None = None
    for para in _PARAGRAPH.finditer(text):
        seg = _dateline(para, text, pub) or _stamp(para, pub)
        if seg is not None:
            if previous is not None and _headline(previous) and not _stamp(previous, pub):
                seg.start = previous.start()
            found.append(seg)
        previous = para
    if found:
        found[0].start = 0
    return found


def segment_of(segments: list[Segment], offset: int) -> Segment | None:
    """The part that holds character ``offset`` (None before the first, or none at all)."""
    out = None
    for seg in segments:
        if seg.start <= offset:
            out = seg
    return out


_LIVE_STAMP = re.compile(r"(?P<clock>\d{1,2}[:.]\d\d\s*(?:[AaPp]\.?[Mm]\.?\s*)?(?:\(?[A-Z]{2,4}\)?)?)"
                         r"\s*[-–—:|]\s")
#: A live blog has at least this many entries that open with a clock time.
MIN_LIVE_ENTRIES = 2


def live_entries(text: str) -> list[tuple[Span, str]]:
    """Paragraphs of a live blog that open with a clock time ("04:05 GMT - Police fire
    tear gas ..."), with that time: told in the historical present, so a present tense
    there is news."""
    found = []
    for m in _PARAGRAPH.finditer(text):
        stamp = _LIVE_STAMP.match(m.group(0))
        if stamp:
            found.append(((m.start(), m.end()), stamp["clock"].strip()))
    return found if len(found) >= MIN_LIVE_ENTRIES else []


def entry_time(entries: list[tuple[Span, str]], offset: int) -> str | None:
    """The clock time of the live-blog entry holding ``offset``, if any."""
    return next((clock for (start, end), clock in entries if start <= offset < end), None)


def labelled_paragraphs(text: str, labels: frozenset[str]) -> list[Span]:
    """Paragraphs that open with a label such as "Background:" or "Context:"."""
    out = []
    for m in _PARAGRAPH.finditer(text):
        head = m.group(0).split(":", 1)
        if len(head) == 2 and head[0].strip().lower() in labels:
            out.append((m.start(), m.end()))
    return out


def inside(spans: list[Span], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)
