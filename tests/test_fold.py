"""Word pre-tests before case-insensitive regexes (_fold) change no result: the list of
characters that make them inexact is complete, and dates and series found with the
pre-tests equal those found without, on our stories and on texts built to trip them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from whimbrel import _fold
from whimbrel.events import series
from whimbrel.time.dates import scan

ROOT = Path(__file__).resolve().parent.parent
STORIES = sorted([*ROOT.glob("examples/*.txt"), *ROOT.glob("tests/stories/*.txt"),
                  *ROOT.glob("tests/stories/fresh/*.txt")])
TRICKY = [
    "The ſixth round of the Joint Committee (JC) met laſt ſummer.",  # long s: matches s ignoring case
    "On İstanbul talks: the FİRST round ended on WEDNESDAY, March 3.",  # dotted capital I
    "a two-weeK long drill, the 21st Round of JMCC, 1st session of the Forum",  # Kelvin sign
    "the 102nd session of the General Assembly; x21st round of the A B",
    "the FIRST round of the Astana talks, two-plus-two dialogue, the 2 + 2 ministerial dialogue",
    "exercise Druzhba VI, drills DRUZBA 2017, codenamed VINBAX-2018, the inaugural-ever summit",
    "over the weekend, the other day, this morning, in the past few days, last winter",
]


def _texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in STORIES]
    assert len(texts) >= 20
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+|\n", t) if s]
    return texts + sentences + TRICKY


def test_special_characters_are_all_that_ignorecase_matches_to_ascii_letters():
    letter = re.compile(r"(?i)[a-z]")
    found = {chr(c) for c in range(0x80, 0x110000) if letter.fullmatch(chr(c))}
    listed = set(_fold._SPECIAL.pattern.strip("[]"))
    assert found <= listed
    assert _fold.folded("Kelvin \u212a") is None and _fold.folded("Talks ON") == "talks on"


def test_cover_keeps_a_word_of_every_word():
    words = ["days", "day", "weeks", "fortnight", "this morning", "morning"]
    got = _fold.cover(words)
    assert set(got) == {"day", "weeks", "fortnight", "morning"}
    assert all(any(c in w for c in got) for w in words)
    with pytest.raises(ValueError, match="ASCII"):
        _fold.cover(["дружба"])


def test_dates_found_with_word_tests_equal_those_found_without():
    for text in _texts():
        fast = [(s, e, rule.name, m.group(0)) for s, e, rule, m in scan(text)]
        slow = [(s, e, rule.name, m.group(0)) for s, e, rule, m in scan(text, word_tests=False)]
        assert fast == slow, text[:80]


def test_series_patterns_tried_at_ordinals_find_what_finditer_finds():
    ordinal = (series._ORDINAL_PLAIN, series._ORDINAL_ROUND, series._ORDINAL_NAMED,
               series._ORDINAL_EDITION)
    gated = ((series._CODENAMED, series._CODENAMED_WORDS),
             (series._NAMED_NUMBERED, series._NAMED_NUMBERED_WORDS),
             (series._NAMED_EXERCISE, series._EXERCISE_COVER))
    hits = 0
    for text in _texts():
        starts = series._ordinal_starts(text)
        for rx in ordinal:
            want = [m.span() for m in rx.finditer(text)]
            assert [m.span() for m in series._ordinal_matches(rx, text, starts)] == want, text[:80]
            hits += len(want)
        for rx, words in gated:
            assert [m.span() for m in series._finditer(rx, words, text)] == \
                [m.span() for m in rx.finditer(text)], text[:80]
        if "+" not in text and "plus" not in text.lower():
            assert not series._FORMAT.search(text)
    assert hits >= 5  # the tricky texts and our stories do hold ordinal series


def test_may_match_is_false_only_where_scan_finds_none_of_the_rules():
    from whimbrel.time.dates import may_match

    for names in (frozenset({"year", "month year", "day month", "month day", "decade"}),
                  frozenset({"weekday"}), frozenset({"ago", "season"})):
        skipped = 0
        for text in _texts():
            if not may_match(text, names):
                skipped += 1
                assert not any(rule.name in names for _, _, rule, _ in scan(text)), text[:80]
        assert skipped > 0
