"""Token lookups by bisection and token arrays (_spans) agree with walking the tokens."""

from __future__ import annotations

from pathlib import Path

from whimbrel import _spans
from whimbrel.language import load_nlp

STORY = Path(__file__).parent / "stories" / "serbia-kosovo-talks.txt"


def test_near_and_arrays_match_a_walk_over_the_tokens():
    nlp = load_nlp()
    text = STORY.read_text("utf-8")
    doc = nlp(text[:3000])
    assert [t.text for t in doc] == _spans.texts(doc)
    assert [t.lower_ for t in doc] == _spans.lowers(doc)
    assert [t.lemma_.lower() for t in doc] == _spans.lower_lemmas(doc)
    n = len(doc.text)
    for a in range(0, n, 7):
        for b in (a, a + 1, a + 5, a + 40):
            overlap = [t.i for t in doc if t.idx < b and t.idx + len(t) > a]
            starts = [t.i for t in doc if a <= t.idx < b]
            window = [t.i for t in _spans.near(doc, a, b)]
            assert set(overlap) <= set(window) and set(starts) <= set(window)
            assert window == sorted(window) and len(window) <= len(overlap) + 2
