"""A parsed sentence's tokens with their attributes read once: the stages' tree walks
without spaCy's per-access cost.

The later stages walk the dependency tree of every parsed sentence many times over
(``t.children``, ``t.head``, ``t.dep_``, ``t.lemma_``...). Each such access on a spaCy
``Token`` creates new ``Token`` objects (every child, every head) and looks its strings
up in the ``StringStore``: on the bench corpus about four million ``Token`` objects
and most of the stages' CPU. :func:`tokens` reads a ``Doc``'s attributes once as C-level
arrays and returns one :class:`FastToken` per token, kept in the ``Doc``'s
``user_data``. A ``FastToken`` *is* a spaCy ``Token`` (a subclass: same ``i``, ``doc``,
equality and hash, every other attribute spaCy's own), whose most read attributes are
plain slots and whose tree links lead to the other ``FastToken`` objects of the
sentence. The values are spaCy's, computed as spaCy computes them (children as
``lefts`` then ``rights``, ``subtree`` in spaCy's recursive order); call it only once
the ``Doc`` is fully annotated, since later changes to the ``Doc`` are not seen.
"""

from __future__ import annotations

from typing import Any, Iterator

from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, LOWER, ORTH, POS, TAG
from spacy.parts_of_speech import NAMES as _POS_NAMES
from spacy.tokens import Token

from . import _spans

_KEY = "whimbrel.fast_tokens"  # also read by _spans.near
_ATTRS = [ORTH, LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, IDX, HEAD]
#: hash -> string: a string's hash is the same in every vocabulary
_STRINGS: dict[int, str] = {}


class FastToken(Token):
    """A spaCy ``Token`` with its common attributes and tree links precomputed."""

    # ``children`` is a tuple, not spaCy's generator: iterate it, do not call next() on it
    __slots__ = ("text", "lower_", "lemma_", "pos_", "tag_", "dep_", "ent_type_", "idx", "head",
                 "children", "_subtree")

    @property
    def lefts(self) -> Iterator[FastToken]:
        i = self.i
        return (c for c in self.children if c.i < i)

    @property
    def rights(self) -> Iterator[FastToken]:
        i = self.i
        return (c for c in self.children if c.i > i)

    @property
    def subtree(self) -> Iterator[FastToken]:
        try:
            return iter(self._subtree)
        except AttributeError:
            pass
        i = self.i
        out: list[FastToken] = []
        placed = False  # spaCy's order: the lefts' subtrees, the token, the rights' subtrees
        for t in self.children:
            if not placed and t.i > i:
                out.append(self)
                placed = True
            out.extend(t.subtree)
        if not placed:
            out.append(self)
        self._subtree = tuple(out)
        return iter(self._subtree)


def _strings(strings: Any, col: list[int]) -> list[str]:
    known = _STRINGS
    try:
        return [known[h] for h in col]
    except KeyError:
        for h in col:
            if h not in known:
                known[h] = strings[h]
        return [known[h] for h in col]


def tokens(doc: Any) -> list[FastToken]:
    """The ``Doc``'s tokens as :class:`FastToken` objects (built once, cached on the Doc)."""
    cached = doc.user_data.get(_KEY)
    if cached is not None and len(cached) == len(doc):
        return cached
    vocab = doc.vocab
    strings = vocab.strings
    orth, lower, lemma, pos, tag, dep, ent, idx, head = doc.to_array(_ATTRS).T.tolist()
    n = len(orth)
    out = [FastToken(vocab, doc, i) for i in range(n)]
    kids: list[list[FastToken]] = [[] for _ in range(n)]
    texts, lowers, lemmas = _strings(strings, orth), _strings(strings, lower), _strings(strings, lemma)
    _spans.prime(doc, texts, lowers, lemmas, idx)  # the same lists _spans would read
    for i, t, text, low, lem, p, tg, d, e, x, h in zip(
            range(n), out, texts, lowers, lemmas, pos,
            _strings(strings, tag), _strings(strings, dep), _strings(strings, ent), idx, head):
        t.text = text
        t.lower_ = low
        t.lemma_ = lem
        t.pos_ = _POS_NAMES[p]
        t.tag_ = tg
        t.dep_ = d
        t.ent_type_ = e
        t.idx = x
        if h:  # HEAD: a signed offset stored in an unsigned array
            h = i + (h - (1 << 64) if h >= 1 << 63 else h)
            t.head = out[h]
            kids[h].append(t)  # in order of i: the lefts, then the rights, as spaCy yields them
        else:
            t.head = t
    for t, k in zip(out, kids):
        t.children = tuple(k)
    doc.user_data[_KEY] = out
    return out


def built(doc: Any) -> list[FastToken] | None:
    """The Doc's FastTokens if a stage built them already (no building)."""
    cached = doc.user_data.get(_KEY)
    return cached if cached is not None and len(cached) == len(doc) else None


def memo(doc: Any, name: str, owner: Any) -> dict[Any, Any]:
    """A dict kept on the Doc for one pure function of its tokens (``name``) computed
    with ``owner`` (a lexicon): results per token index, as long as the Doc lives.
    Another owner gets a fresh dict (the dict holds the owner, so its id stays unique)."""
    key = "whimbrel.memo." + name
    hit = doc.user_data.get(key)
    if hit is None or hit[0] is not owner:
        hit = doc.user_data[key] = (owner, {})
    return hit[1]


def span_root(words: list[FastToken], start: int, end: int) -> FastToken:
    """``doc[start:end].root`` computed as spaCy's ``Span.root`` does (a sentence root
    inside the span, else the word with the fewest steps to the root whose head lies
    outside the span, a childless space or punctuation last; ties to the first)."""
    for i in range(start, end):
        t = words[i]
        if t.head is t:
            return t
    n = len(words)
    best, root = n, -1
    for i in range(start, end):
        t = words[i]
        if start <= t.head.i < end:
            continue
        steps = _steps_to_root(t, n)
        if steps < best:
            best, root = steps, i
    return words[start] if root == -1 else words[root]


def _steps_to_root(t: FastToken, n: int) -> int:
    if not t.children and (t.is_space or t.is_punct):
        return n - 1
    steps = 0
    while t.head is not t:
        t = t.head
        steps += 1
        if steps >= n:
            raise RuntimeError("a cycle in the dependency tree")  # spaCy's E039
    return steps
