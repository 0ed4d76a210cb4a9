"""Tokens of a parsed sentence near a character span, found by bisection.

The later stages often ask which tokens of a sentence a trigger or date span covers;
walking every token of the sentence for that (creating a spaCy ``Token`` each time)
cost more than the test itself. The token offsets are read once per ``Doc`` as two
lists (C-level ``to_array``) and kept in its ``user_data``; callers apply their own
exact test to the few tokens :func:`near` returns.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

_KEY = "whimbrel.token_bounds"
FAST_KEY = "whimbrel.fast_tokens"
_TEXT_KEY = "whimbrel.text"


def _bounds(doc: Any) -> tuple[list[int], list[int]]:
    bounds = doc.user_data.get(_KEY)
    if bounds is None or len(bounds[0]) != len(doc):
        from spacy.attrs import IDX, LENGTH

        arr = doc.to_array([IDX, LENGTH])
        starts = arr[:, 0].tolist()
        bounds = doc.user_data[_KEY] = (starts, (arr[:, 0] + arr[:, 1]).tolist())
    return bounds


def bounds(doc: Any) -> tuple[list[int], list[int]]:
    """The start and end character offsets of every token (cached on the Doc; do not
    change the lists)."""
    return _bounds(doc)


def near(doc: Any, start: int, end: int) -> list[Any]:
    """The tokens that end at or after ``min(start, end)`` and start at or before
    ``max(start, end)`` (character offsets in ``doc``), in order: every token that
    overlaps, contains or touches the span, and a neighbour at most on each side."""
    lo, hi = min(start, end), max(start, end)
    starts, ends = _bounds(doc)
    lo_i, hi_i = bisect_left(ends, lo), bisect_right(starts, hi)
    built = doc.user_data.get(FAST_KEY)  # the stages' FastTokens when built (_tokens.py)
    if built is not None and len(built) == len(starts):
        return built[lo_i:hi_i]
    return [doc[i] for i in range(lo_i, hi_i)]


def prime(doc: Any, texts: list[str], lowers: list[str], lemmas: list[str], starts: list[int]) -> None:
    """Keep lists the caller read already (``_tokens.tokens``: the ORTH, LOWER and LEMMA
    strings and IDX of every token) as this module's caches, so that it reads none again."""
    data = doc.user_data
    data.setdefault(_key("ORTH", False), texts)
    data.setdefault(_key("LOWER", False), lowers)
    data.setdefault(_key("LEMMA", True), [v.lower() for v in lemmas])
    if _KEY not in data:  # a token's LENGTH is the length of its text
        data[_KEY] = (starts, [s + len(t) for s, t in zip(starts, texts)])


def _key(attr: str, lower: bool) -> str:
    return f"whimbrel.{attr.lower()}{'.lower' if lower else ''}"


def _strings(doc: Any, attr: str, lower: bool = False) -> list[str]:
    """The string of spaCy attribute ``attr`` (ORTH, LOWER, LEMMA) of every token, read
    from its C-level array once and cached on the Doc (lower-cased when ``lower``)."""
    key = _key(attr, lower)
    out = doc.user_data.get(key)
    if out is None or len(out) != len(doc):
        from spacy import attrs

        from ._tokens import _strings as by_hash  # (a plain dict per hash: no StringStore lookups)

        values = by_hash(doc.vocab.strings, doc.to_array(getattr(attrs, attr)).tolist())
        out = doc.user_data[key] = [v.lower() for v in values] if lower else values
    return out


def lower_lemmas(doc: Any) -> list[str]:
    """``t.lemma_.lower()`` of every token: a scan for a few lemmas then makes a
    ``Token`` only of the tokens it finds."""
    return _strings(doc, "LEMMA", lower=True)


def texts(doc: Any) -> list[str]:
    """``t.text`` of every token."""
    return _strings(doc, "ORTH")


def lowers(doc: Any) -> list[str]:
    """``t.lower_`` of every token."""
    return _strings(doc, "LOWER")


def doc_text(doc: Any) -> str:
    """``doc.text`` (which spaCy joins from every token each time it is read), cached."""
    out = doc.user_data.get(_TEXT_KEY)
    if out is None:
        out = doc.user_data[_TEXT_KEY] = doc.text
    return out
