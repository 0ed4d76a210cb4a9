"""Non-story text in a story file, found as spans so that offsets survive.

Nothing is cut: the spans go to ``Article.boilerplate`` and the pipeline reads
``Article.clean_text``, where they are blanked. Three kinds are found here:

* a leading header: ``date 2021-09-29`` glued to the first sentence, a
  ``Date: ...`` / ``Title: ...`` block, or a first line that is only a date;
* wire-desk slugs glued to the end (``...project.PTI SH MRJ AKJ MRJ``);
* line patterns from ``data/ingest/boilerplate.json`` (share lines, "Read more",
  copyright, reporting credits).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import DataError
from ..model import Span
from ._dates import parse_date

_DATE_PREFIX = re.compile(
    r"\A\s*date\s*:?\s+"
    r"(\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)(?=\s|\Z)",
    re.I)
_HEADER_LINE = re.compile(
    r"^[ \t]*(date|published|publication date|dated|title|headline|source|url|link|id)"
    r"[ \t]*:[ \t]*(\S[^\n]*?)[ \t]*\r?$", re.I | re.M)
#: Markdown/YAML front matter: "---" lines around "key: value" lines.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.{0,4000}?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)
_KEY_VALUE = re.compile(r"^[ \t]*([A-Za-z][\w -]{0,30}?)[ \t]*:[ \t]*(.*?)[ \t]*\r?$", re.M)
_FIRST_LINE = re.compile(r"\A\s*([^\n]{1,60}?)[ \t]*\r?(?:\n|\Z)")
#: A desk slug after the last sentence: "PTI SH MRJ", "-- IANS", "(ANI)", "AFP 0929 1545".
_SLUG = re.compile(
    r"(?:[.!?\"'”’)\]]|\n)([ \t]*(?:[-–—]+[ \t]*)?\(?[A-Z]{2,7}\)?"
    r"(?:[ \t]*/[ \t]*[A-Z]{2,7}|[ \t]+[A-Z]{2,7}|[ \t]+\d{4,12})*)\s*\Z")
_FIELD_NAMES = {"published": "date", "publication date": "date", "dated": "date",
                "headline": "title", "link": "url"}


@dataclass
class Header:
    """What a story's leading lines said about it, and where they are."""

    date: Date | None = None
    fields: dict[str, str] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    path = resources.files("whimbrel") / "data" / "ingest" / "boilerplate.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read {path}: {err}; reinstall whimbrel") from None


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    try:
        return [(p["name"], re.compile(p["regex"], re.M)) for p in _data()["patterns"]]
    except (KeyError, re.error) as err:
        raise DataError(f"bad pattern in data/ingest/boilerplate.json: {err}") from None


def agencies() -> frozenset[str]:
    """Wire-agency codes (PTI, AFP, ...) that count as a desk slug on their own."""
    return frozenset(_data()["agencies"])


def junk_hints() -> frozenset[str]:
    """class/id words of HTML blocks that hold no story text (share bars, menus)."""
    return frozenset(_data()["junk_hints"])


def read_header(text: str) -> Header:
    """Parse a leading date prefix, ``Key: value`` block, or date-only first line."""
    m = _DATE_PREFIX.match(text)
    if m:
        return Header(date=_safe_date(m[1]), spans=[(0, m.end())])
    m = _FRONT_MATTER.match(text)
    if m:
        return _front_matter(m)
    header = _header_block(text)
    if header.spans:
        return header
    m = _FIRST_LINE.match(text)
    if m and any(ch.isdigit() for ch in m[1]):
        found = _safe_date(m[1])
        if found is not None:
            return Header(date=found, spans=[(m.start(1), m.end(1))])
    return Header()


def _front_matter(m: re.Match[str]) -> Header:
    header = Header(spans=[(0, m.end())])
    for kv in _KEY_VALUE.finditer(m[1] or ""):
        key = kv[1].strip().lower().replace("_", " ")
        key = _FIELD_NAMES.get(key, key)
        if key in ("date", "title", "source", "url", "id") and kv[2]:
            header.fields.setdefault(key, kv[2].strip("'\""))
    if "date" in header.fields:
        header.date = _safe_date(header.fields["date"])
    return header


def _header_block(text: str) -> Header:
    header = Header()
    pos = len(text) - len(text.lstrip())
    for m in _HEADER_LINE.finditer(text, pos):
        if m.start() != pos:
            break
        key = m[1].lower()
        key = _FIELD_NAMES.get(key, key)
        header.fields.setdefault(key, m[2])
        header.spans.append((m.start(1), m.end()))
        pos = m.end() + 1  # past the newline
    if "date" in header.fields:
        header.date = _safe_date(header.fields["date"])
    return header


def _safe_date(value: str) -> Date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


def trailing_slug(text: str) -> Span | None:
    """Span of wire-desk initials glued after the final sentence, if any.

    Two or more short all-caps tokens, or one known agency code, are needed, so
    that a story ending "... said the UN." keeps its last word.
    """
    offset = max(0, len(text) - 300)
    m = _SLUG.search(text, offset)
    if not m:
        return None
    slug = m[1]
    tokens = re.findall(r"[A-Z]{2,7}", slug)
    known = agencies()
    if any(len(t) > 5 and t not in known for t in tokens):
        return None
    if len(tokens) < 2 and not (tokens and tokens[0] in known):
        return None
    start = m.start(1) + (len(slug) - len(slug.lstrip()))
    return (start, m.start(1) + len(slug.rstrip()))


def pattern_spans(text: str) -> list[Span]:
    """Spans matched by the data file's line patterns (share lines, credits...)."""
    spans = []
    for _name, pattern in _patterns():
        for m in pattern.finditer(text):
            start, end = m.span()
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
    return spans


def find_boilerplate(text: str, header: Header | None = None) -> list[Span]:
    """All boilerplate spans of ``text``, sorted and merged."""
    spans = list(header.spans) if header else list(read_header(text).spans)
    spans += pattern_spans(text)
    slug = trailing_slug(text)
    if slug:
        spans.append(slug)
    return merge(spans)


def merge(spans: list[Span]) -> list[Span]:
    """Sort spans and merge the overlapping ones."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
