"""Datelines: "ISLAMABAD, Sept 29 (Reuters) -" at the head of a story.

A dateline is story metadata the place stage needs (where the story was filed),
so it is exposed here but not blanked as boilerplate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Span

_MONTH = (r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE = rf"(?P<date>{_MONTH}\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+{_MONTH}\.?(?:\s+\d{{4}})?)"
_AGENCY = r"\((?P<agency>[A-Za-z][A-Za-z .&'-]{0,30})\)"
#: ":" or a spaced dash; an unspaced "-" is a hyphen ("USA-Pakistan"), an em dash is not.
_SEP = r"(?:\s*:|\s+[-–—]+|\s*—+|\s*--)\s*"
_DASH = rf"(?:{_SEP}|\s+)"
_CAPS_WORD = r"[A-Z][A-Z.'-]+"
_MIXED_WORD = r"[A-Z][a-zà-ÿ'.-]+"
_REGION = r"(?:,\s*(?P<region>[A-Z][A-Za-z.' -]{1,30}?))?"
_BRACKET = r"(?:\s*\[(?P<country>[A-Za-z .'-]{2,40})\])?"

#: Tried in order; each needs a signal that this is a dateline, not a sentence.
_PATTERNS = [
    # ISLAMABAD, Sept 29 (Reuters) -   |  NEW DELHI (AP) —  |  MOSCOW, Russia —  | NEW DELHI:
    re.compile(rf"(?P<place>{_CAPS_WORD}(?:[ /]{_CAPS_WORD}){{0,3}}){_REGION}{_BRACKET}"
               rf"(?:,\s*{_DATE})?\s*(?:{_AGENCY})?{_SEP}"),
    # Islamabad [Pakistan], Sep 29 (ANI):  |  Islamabad, Sept 29 (PTI)
    re.compile(rf"(?P<place>{_MIXED_WORD}(?: {_MIXED_WORD}){{0,3}}){_BRACKET}"
               rf",\s*{_DATE}\s*(?:{_AGENCY})?{_DASH}"),
    # Islamabad (Reuters) -
    re.compile(rf"(?P<place>{_MIXED_WORD}(?: {_MIXED_WORD}){{0,3}}){_BRACKET}\s*{_AGENCY}{_SEP}"),
]
_PARAGRAPH = re.compile(r"\S[^\n]*")
#: "(Adds details of sanctions relief)", "By Staff Correspondent": not the story's paragraphs.
_HEADER_LINE = re.compile(r"\((?:[^()\n]{1,120})\)\s*$|By\s+[A-Z][^.!?\n]{0,60}$")


@dataclass
class Dateline:
    """A parsed dateline; spans are over the text given to :func:`parse_dateline`."""

    place: str
    place_span: Span
    span: Span  # the whole dateline, separator included
    region: str | None = None  # "Russia" in "MOSCOW, Russia —"
    country: str | None = None  # "Pakistan" in "Islamabad [Pakistan], ..."
    agency: str | None = None
    date_text: str | None = None


def parse_dateline(text: str, max_paragraphs: int = 3) -> Dateline | None:
    """The dateline at the head of one of the first paragraphs (after a title), if any.

    Pass ``article.clean_text`` so that a blanked date prefix is skipped.
    """
    n = 0
    for para in _PARAGRAPH.finditer(text):
        if _HEADER_LINE.match(para.group(0)):
            continue  # wire copy's editor notes and bylines sit between title and dateline
        n += 1
        if n > max_paragraphs:
            break
        for pattern in _PATTERNS:
            m = pattern.match(text, para.start())
            if m and _plausible(m):
                return Dateline(
                    place=m["place"], place_span=m.span("place"), span=(m.start(), m.end()),
                    region=_group(m, "region"), country=_group(m, "country"),
                    agency=_group(m, "agency"), date_text=_group(m, "date"))
    return None


def find_dateline(text: str) -> tuple[str, Span] | None:
    """``(place, span of place)`` of the story's dateline, e.g. ``("ISLAMABAD", (0, 9))``."""
    found = parse_dateline(text)
    return (found.place, found.place_span) if found else None


def _plausible(m: re.Match[str]) -> bool:
    """All-caps places need a date, agency or dash/colon; a 1-letter word is no place."""
    place = m["place"]
    if len(place.replace(" ", "")) < 3:
        return False
    return bool(m["agency"] or m.groupdict().get("date") or m.group(0).rstrip()[-1:] in "-–—:")


def _group(m: re.Match[str], name: str) -> str | None:
    value = m.groupdict().get(name)
    return value.strip() if value else None
