"""FastTokens (_tokens) give what spaCy's own tokens give: attributes, tree links, span roots."""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Token

from whimbrel import _spans, _tokens
from whimbrel.language import load_nlp

STORIES = Path(__file__).parent / "stories"
ATTRS = ("text", "lower_", "lemma_", "pos_", "tag_", "dep_", "ent_type_", "idx", "like_num", "is_punct")
LINKS = ("children", "lefts", "rights", "subtree", "ancestors", "conjuncts")


def _parsed_sentences():
    nlp = load_nlp()
    for path in sorted(STORIES.glob("*.txt"))[:4]:
        doc = nlp(path.read_text("utf-8")[:2500])
        for sent in doc.sents:
            yield sent.as_doc()


def test_fast_tokens_match_spacy_tokens():
    checked = 0
    for doc in _parsed_sentences():
        words = _tokens.tokens(doc)
        assert words is _tokens.tokens(doc) is _tokens.built(doc)  # built once
        assert len(words) == len(doc)
        for fast, slow in zip(words, doc):
            assert isinstance(fast, Token) and fast == slow and slow == fast and hash(fast) == hash(slow)
            assert fast.i == slow.i and fast.doc is doc
            for attr in ATTRS:
                assert getattr(fast, attr) == getattr(slow, attr), (attr, slow.text)
            assert fast.head.i == slow.head.i and fast.head is words[slow.head.i]
            for attr in LINKS:
                assert [t.i for t in getattr(fast, attr)] == [t.i for t in getattr(slow, attr)], (attr, slow.text)
            checked += 1
        for a in range(len(doc)):
            for b in range(a + 1, min(len(doc), a + 6) + 1):
                assert _tokens.span_root(words, a, b).i == doc[a:b].root.i
        # once built, the bisection helper hands out the same objects
        assert all(t in words for t in _spans.near(doc, 0, len(doc.text)))
    assert checked > 300


def test_token_lists_read_with_fast_tokens_match_spacy():
    """The lists ``tokens()`` leaves for ``_spans`` (texts, lower forms, lower lemmas,
    character bounds, the text) are what spaCy's tokens and arrays give."""
    from spacy.attrs import IDX, LENGTH

    checked = 0
    for doc in _parsed_sentences():
        _tokens.tokens(doc)
        assert _spans.texts(doc) == [t.text for t in doc]
        assert _spans.lowers(doc) == [t.lower_ for t in doc]
        assert _spans.lower_lemmas(doc) == [t.lemma_.lower() for t in doc]
        arr = doc.to_array([IDX, LENGTH])
        assert _spans.bounds(doc) == (arr[:, 0].tolist(), (arr[:, 0] + arr[:, 1]).tolist())
        assert _spans.doc_text(doc) == doc.text
        checked += len(doc)
    assert checked > 300


def test_memo_is_per_doc_and_per_owner():
    doc = next(_parsed_sentences())
    first, second = object(), object()
    _tokens.memo(doc, "f", first)[0] = "a"
    assert _tokens.memo(doc, "f", first) == {0: "a"}
    assert _tokens.memo(doc, "g", first) == {}
    assert _tokens.memo(doc, "f", second) == {}  # another lexicon: computed afresh
