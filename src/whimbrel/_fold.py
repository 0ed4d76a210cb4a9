"""Cheap exact pre-tests for case-insensitive regexes: substring tests on lower-cased text.

Python's ``re`` scans long alternations of words (``(?i:first|second|...)``) position by
position, which costs more than the rest of many rules. Where a regex cannot match
unless one of a few ASCII words occurs in the text (ignoring case), testing those words
with ``in`` on the lower-cased text first skips it on most texts, with the same result.
"""

from __future__ import annotations

import re

#: Non-ASCII characters that re.IGNORECASE matches to an ASCII letter although
#: ``str.lower()`` does not turn them into it (dotted and dotless i, long s, Kelvin sign):
#: the complete list, tests/test_fold.py derives it. Where one occurs, no pre-test is made.
_SPECIAL = re.compile("[\u0130\u0131\u017f\u212a]")


def cover(words: list[str]) -> tuple[str, ...]:
    """The fewest of ``words`` (lower-cased, ASCII) such that each word contains one of them."""
    out: list[str] = []
    for w in sorted({w.lower() for w in words}, key=lambda w: (len(w), w)):
        if not w.isascii():
            raise ValueError(f"{w!r}: the word pre-tests hold for ASCII words only")
        if not any(r in w for r in out):
            out.append(w)
    return tuple(out)


def folded(text: str) -> str | None:
    """``text.lower()``, in which an ASCII word occurs whenever re.IGNORECASE finds it in
    ``text``; None when a character the two treat differently occurs (then test nothing)."""
    return None if _SPECIAL.search(text) else text.lower()


def may_contain(low: str | None, words: tuple[str, ...]) -> bool:
    """False only when none of ``words`` occurs in the text ``low`` was folded from."""
    return low is None or any(map(low.__contains__, words))
