"""Language stage: sentence splitting and offsets, which sentences are parsed, the
fast attribute ruler, and code_many over several processes.

Real spaCy model, real stories (the shared example and our own test stories).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from whimbrel.api import code_many, get_pipeline
from whimbrel.errors import InputError
from whimbrel.ingest import read_path
from whimbrel.language import (
    SKIP_NO_ACTOR,
    SKIP_NO_CUE,
    SKIP_WEAK_CUE,
    FastAttributeRuler,
    FastDependencyParser,
    FastEntityRecognizer,
    FastLemmatizer,
    Language,
    _distinct_rows,
    _Window,
    _window_docs,
    is_parsed,
    load_model,
    load_nlp,
    may_name,
    name_triggers,
    name_windows,
    paragraphs,
)
from whimbrel.model import Article, Document

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "jmcc-2021-09-29.txt"
STORIES = Path(__file__).resolve().parent / "stories"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "sentences_dev.jsonl"


@pytest.fixture(scope="module")
def language() -> Language:
    return Language(nlp=load_nlp())


def read(path: Path) -> Article:
    items = list(read_path(path))
    assert items and isinstance(items[0], Article), items
    return items[0]


def story_articles(n: int = 4) -> list[Article]:
    return [read(p) for p in sorted(STORIES.glob("*.txt"))[:n]]


def sentences_of(text: str, language: Language) -> list:
    return language(Document(article=Article(doc_id="t", text=text, date=date(2024, 3, 5)))).sentences


# --------------------------------------------------------------------------- splitting

@pytest.mark.skipif(not EXAMPLE.exists(), reason="shared example story not present")
def test_example_story_sentences_have_exact_offsets(language: Language) -> None:
    article = read(EXAMPLE)
    clean = article.clean_text
    sents = language(Document(article=article)).sentences
    assert sents[0].text.startswith("Senior defence officials of Pakistan and Russia")
    assert sents[-1].text.endswith("finalised a gas pipeline project.")
    for i, s in enumerate(sents):
        assert s.index == i
        assert clean[s.start:s.end] == s.text == s.text.strip()
        assert "\n\n" not in s.text  # a sentence never crosses a paragraph break
        assert s.doc is not None and s.doc.text == s.text
        if i:
            assert sents[i - 1].end <= s.start
    # boilerplate (the date line, the desk initials) is blanked, never part of a sentence
    assert not any("2021-09-29" in s.text or "PTI SH" in s.text for s in sents)
    # every paragraph's words are covered by its sentences
    covered = {k for s in sents for k in range(s.start, s.end)}
    for start, end in paragraphs(clean):
        assert all(k in covered for k in range(start, end) if clean[k].isalnum())


def test_wire_dateline_is_not_part_of_the_first_sentence(language: Language) -> None:
    text = ("SEOUL, July 10 - North Korea fired two missiles into the sea on Monday, "
            "the South Korean military said.\n\nJapan protested.")
    sents = sentences_of(text, language)
    assert sents[0].text.startswith("North Korea fired")
    assert text[sents[0].start:sents[0].end] == sents[0].text
    assert sents[-1].text == "Japan protested."


def test_split_many_equals_split_per_article(language: Language) -> None:
    articles = story_articles(3)
    together = language.split_many(articles)
    for article, sents in zip(articles, together):
        alone = language.split(article)
        assert [(s.start, s.end, s.text) for s in sents] == [(s.start, s.end, s.text) for s in alone]


# --------------------------------------------------------------------------- selection

def test_sentence_with_cue_and_actor_is_parsed(language: Language) -> None:
    sents = sentences_of("Russia and China agreed on Monday to hold joint naval drills.", language)
    assert len(sents) == 1 and is_parsed(sents[0]) and sents[0].skipped is None


def test_sentence_without_cue_or_actor_is_only_tokenised(language: Language) -> None:
    sents = sentences_of("The weather was fine.\n\nIt rained all week.", language)
    assert [s.skipped for s in sents] == [SKIP_NO_ACTOR, SKIP_NO_CUE]
    for s in sents:
        assert not is_parsed(s)
        assert [t.text for t in s.doc][:2] in (["The", "weather"], ["It", "rained"])


def test_pattern_bound_verb_alone_is_parsed_only_in_the_lead(language: Language) -> None:
    # "discovered" codes only through a PETRARCH2 pattern, and none of its pattern words
    # is here; "met" codes on its own wherever it stands
    text = ("Officials discovered the wreck near Kisumu.\n\nThe ministers met in Nairobi.\n\n"
            "Officials discovered the wreck near Kisumu.\n\nThe ministers met in Nairobi.")
    sents = sentences_of(text, Language(nlp=language.nlp, weak_cues=True))
    assert [s.skipped for s in sents] == [None, None, SKIP_WEAK_CUE, None]
    assert [is_parsed(s) for s in sents] == [True, True, False, True]
    assert all(is_parsed(s) for s in sentences_of(text, language))  # the default parses all four


def test_context_ner_labels_names_of_unparsed_sentences(language: Language) -> None:
    text = "Officials discovered the wreck near Kisumu.\n\nIt rained.\n\nAmina Mohammed discovered it in Kenya."
    plain = sentences_of(text, Language(nlp=language.nlp, weak_cues=True))[2]
    assert plain.skipped == SKIP_WEAK_CUE and not plain.doc.has_annotation("ENT_IOB")
    lang = Language(nlp=language.nlp, weak_cues=True, context_ner=True)
    sent = sentences_of(text, lang)[2]
    assert sent.skipped == SKIP_WEAK_CUE and not is_parsed(sent)
    assert {(e.text, e.label_) for e in sent.doc.ents} >= {("Kenya", "GPE")}


@pytest.mark.parametrize("text", [
    "He pledged to send more aid.",                      # a pronoun stands for an actor
    "The two sides met again in the capital.",           # plural reference, irregular 'met'
    "Officials said the talks had collapsed.",           # agent word, reporting verb
    "Some 80,000 Iraqi Kurds sought refuge in Germany.",  # irregular form of 'seek'
    "The court cancelled the restrictions.",             # doubled consonant: 'cancel'
])
def test_cue_forms_and_actor_candidates(language: Language, text: str) -> None:
    sents = sentences_of(text, language)
    assert len(sents) == 1 and is_parsed(sents[0]), sents[0].skipped


@pytest.mark.parametrize("text, named", [
    ("He said the talks would go on.", False),        # no name, number or date word
    ("He said Smith would go on.", True),             # a capitalised name
    ("Smith said they would go on.", True),           # a first word that is no stop word
    ("He said the talks would go on for months.", True),  # a calendar word: DATE
    ("He said three people were hurt.", False),       # a number: its label is read nowhere
    ("He said 300 people had left by March.", True),  # a month: DATE
])
def test_entity_recogniser_runs_where_it_may_find_something(language: Language, text: str,
                                                            named: bool) -> None:
    sent = sentences_of(text, language)[0]
    assert is_parsed(sent) and may_name(sent.doc) is named
    assert sent.doc.has_annotation("ENT_IOB") is named


def test_name_windows_hold_each_trigger_with_four_tokens_each_side(language: Language) -> None:
    doc = language.nlp.tokenizer("The talks went on and on and on until very late, and then "
                                 "the minister of Kenya said 300 had left in recent months.")
    words = [t.text for t in doc]
    assert [words[i] for i in name_triggers(doc)] == ["Kenya", "months"]  # no bare number
    k = words.index("Kenya")
    assert name_windows(doc) == [(k - 4, len(doc))]  # the two windows overlap: one
    # "of Kenya said" and "recent months ." stand apart
    assert name_windows(doc, 1) == [(k - 1, k + 2), (len(doc) - 3, len(doc))]


def test_windowed_ner_agrees_with_ner_on_whole_sentences(language: Language) -> None:
    """NER over the windows finds the entities on name and date words (the labels the later
    stages read) that it finds over whole sentences, on our stories."""
    articles = story_articles(8)
    whole = Language(nlp=language.nlp, ner_context=None)

    def entities(lang: Language) -> list:
        docs = lang.pipe([Document(article=a) for a in articles])
        out = []
        for s in (s for d in docs for s in d.sentences):
            read = set(name_triggers(s.doc)) if is_parsed(s) else set()
            out.append(sorted((e.start, e.end, e.label_) for e in s.doc.ents
                              if read.intersection(range(e.start, e.end))) if read else None)
        return out

    windowed, full = entities(language), entities(whole)
    n_ents = sum(len(e or ()) for e in full)
    differ = sum(1 for a, b in zip(windowed, full) if a != b)
    assert n_ents > 150 and len(windowed) == len(full)
    assert differ <= 0.02 * len(full), f"{differ} of {len(full)} sentences differ"


def test_fast_entity_recogniser_finds_what_spacys_finds(language: Language) -> None:
    """The numpy decoding of the entity recogniser gives spaCy's own entities, over whole
    sentences and over the windows, on our stories (the decoding is not ours to change)."""
    fast = dict(language.procs)["ner"]
    assert isinstance(fast, FastEntityRecognizer) and fast.exact
    ner = language.nlp.get_pipe("ner")
    articles = story_articles(8) + [read(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    texts = [s.text for a in articles for s in language.split(a)]
    tokenizer = language.nlp.tokenizer

    def spans(docs) -> list:
        return [[(e.start, e.end, e.label_) for e in d.ents] for d in docs]

    want = spans(ner.pipe(tokenizer(t) for t in texts))
    got = spans(fast.pipe(tokenizer(t) for t in texts))
    assert sum(map(len, want)) > 400 and got == want
    docs = [tokenizer(t) for t in texts]
    windows = [(k, a, b) for k, d in enumerate(docs) for a, b in name_windows(d, 2)]
    want = spans(ner.pipe(_window_docs(docs, windows)))
    assert fast.entities(list(_window_docs(docs, windows))) == want
    arrays: list[dict] = [{} for _ in docs]  # windows read in place, no Doc each
    assert fast.entities([_Window(docs[k], a, b, arrays[k]) for k, a, b in windows]) == want


def test_fast_dependency_parser_parses_as_spacy(language: Language) -> None:
    """The numpy decoding of the parser gives spaCy's own heads, labels and sentence starts on
    our stories and the examples, with sentence starts set beforehand too; a Doc already
    parsed goes to spaCy's component (the decoding is not ours to change)."""
    from spacy.attrs import DEP, HEAD, SENT_START

    fast = dict(language.procs)["parser"]
    assert isinstance(fast, FastDependencyParser) and fast.exact
    nlp, parser = language.nlp, language.nlp.get_pipe("parser")
    articles = story_articles(8) + [read(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    texts = [s.text for a in articles for s in language.split(a)]

    def encoded(preset: bool) -> list:
        docs = list(nlp.get_pipe("tok2vec").pipe(nlp.tokenizer(t) for t in texts))
        for doc in docs[::5] if preset else ():  # a start the parser must keep, one it must not make
            if len(doc) > 8:
                doc[3].is_sent_start, doc[6].is_sent_start = False, True
        return docs

    def parses(docs) -> list:
        return [d.to_array([HEAD, DEP, SENT_START]).tolist() for d in docs]

    wanted = []
    for preset in (False, True):
        want = parses(parser.pipe(encoded(preset), batch_size=64))
        got = parses(fast.pipe(encoded(preset), batch_size=64))
        assert sum(map(len, want)) > 2000 and got == want
        wanted.append(want)
    assert wanted[0] != wanted[1]  # the preset starts changed spaCy's parses
    done = next(parser.pipe([nlp.tokenizer("Rebels attacked the town.")]))
    done[0].dep_ = "dep"
    before = fast.fallbacks
    assert next(fast.pipe([done])).has_annotation("DEP") and fast.fallbacks == before
    assert done[0].dep_ == "nsubj"  # spaCy's component re-parsed it


def test_fast_parser_sends_a_stale_arc_to_spacy() -> None:
    """spaCy drops a word's old arc only when it is its head's last; otherwise the state
    keeps both arcs and the twin hands the sentence to spaCy's component."""
    import numpy

    def state(n: int = 4) -> tuple:
        return (numpy.zeros(1, bool), numpy.full(n + 1, -1), numpy.full(n, -1),
                numpy.full((2, n + 1), -1), numpy.full(n + 1, -1))

    def attach(st: tuple, head: int, child: int) -> None:
        broken, heads, classes, last, previous = st
        FastDependencyParser._attach(broken, numpy.array([0]), numpy.array([head]),
                                     numpy.array([child]), numpy.array([5]), heads, classes,
                                     last, previous)

    last = state()
    attach(last, 0, 1), attach(last, 0, 2), attach(last, 3, 2)  # 2 was 0's last child
    assert not last[0][0] and last[1][:4].tolist() == [-1, 0, 3, -1] and last[3][1, 0] == 1
    stale = state()
    attach(stale, 0, 1), attach(stale, 0, 2), attach(stale, 3, 1)  # 1 was not
    assert stale[0][0]


def test_numpy_gemm_gives_the_models_own_annotations(language: Language) -> None:
    """The networks on numpy's BLAS tag, parse and find entities as on the BLIS they ship with."""
    texts = [a.text for a in story_articles(8)]
    shipped, ours = load_model(), language.nlp

    def annotations(nlp) -> list:
        return [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_)
                for doc in nlp.pipe(texts) for t in doc]

    got, want = annotations(ours), annotations(shipped)
    assert len(want) > 1000 and got == want


def test_selection_loses_no_event(language: Language) -> None:
    """Parsing (and NER) only of candidates gives the same events as parsing every sentence, on
    our stories, the examples and the shared dev sentences."""
    pipeline = get_pipeline()
    everything = Language(nlp=language.nlp, parse_all=True)
    articles = story_articles(100) + [read(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    if DEV.exists():
        articles += [Article(doc_id=str(k), text=json.loads(line)["text"])
                     for k, line in enumerate(DEV.read_text(encoding="utf-8").splitlines())
                     if line.strip()]

    def events(lang: Language) -> list[tuple]:
        docs = lang.pipe([Document(article=a) for a in articles])
        out = []
        for doc in docs:
            for stage in pipeline.stages[1:]:
                doc = stage(doc)
            out += [(doc.doc_id, e.sentence_index, e.trigger_span, e.cameo) for e in doc.events]
        return sorted(out)

    selected, parsed_all = events(language), events(everything)
    assert len(parsed_all) > 100
    assert selected == parsed_all


# --------------------------------------------------------------------------- attribute ruler

def test_fast_attribute_ruler_equals_spacys(language: Language) -> None:
    nlp = language.nlp
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeRuler(ruler)
    assert fast.exact
    articles = story_articles(8) + [read(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    texts = [s.text for a in articles for s in language.split(a)]
    texts += ["There are cats here, and she's gonna tell y'all what it isn't.",
              "I did it; we'd have done nothing, wouldn't we? Let's go.",
              "We were gon", "na say c'm", "on, and y'", "all came."]  # rules across Docs
    before = ["tok2vec", "tagger", "parser"]
    with nlp.select_pipes(enable=before):
        parsed = list(nlp.pipe(texts))
    def values(doc) -> list:
        return [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]

    for doc in parsed:
        assert values(fast(doc.copy())) == values(ruler(doc.copy())), doc.text
    # a batch at once (keys shared across Docs; a two-word rule never spans two Docs)
    batch = list(fast.pipe([doc.copy() for doc in parsed], batch_size=64))
    assert [values(d) for d in batch] == [values(ruler(d.copy())) for d in parsed]


def test_distinct_rows_also_when_hashes_collide() -> None:
    """The batch key of the attribute ruler and lemmatizer: distinct rows, their first rows
    and each row's number, also for two rows whose hashes are equal."""
    import numpy

    rng = numpy.random.default_rng(7)
    rows = rng.integers(0, 5, (400, 4)).astype(numpy.uint64) << numpy.uint64(40)
    colliding = numpy.array([[0, 0], [1, 0x9E3779B97F4A7C15], [0, 0]], numpy.uint64)
    for keys in (rows, colliding):
        first, code = _distinct_rows(keys)
        want = numpy.unique(keys, axis=0)
        assert len(first) == len(want) and (keys[first][code] == keys).all()
        assert sorted(map(tuple, keys[first].tolist())) == sorted(map(tuple, want.tolist()))
    assert _distinct_rows(colliding)[1].tolist() in ([0, 1, 0], [1, 0, 1])


def test_fast_lemmatizer_equals_spacys(language: Language) -> None:
    """Same lemmas as spaCy's rule lemmatizer, for new words and for repeated ones."""
    nlp = language.nlp
    lemmatizer = nlp.get_pipe("lemmatizer")
    fast = FastLemmatizer(lemmatizer)
    articles = story_articles(8) + [read(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    texts = [s.text for a in articles for s in language.split(a)]
    texts += ["The envoys were feuding, re-negotiating and co-sponsoring; wolves' dens, "
              "oxen and the best-laid plans went awry in 2024's talks.",
              "She'd been lying, they'd lied: the lies were the worst, and he's the biggest."]
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler"]):
        parsed = list(nlp.pipe(texts * 2))
    for doc in parsed:
        want = [t.lemma_ for t in lemmatizer(doc.copy())]
        assert [t.lemma_ for t in fast(doc.copy())] == want, doc.text
    fresh = FastLemmatizer(lemmatizer)  # a batch at once, new keys and repeated ones
    batch = list(fresh.pipe([doc.copy() for doc in parsed], batch_size=64))
    assert [[t.lemma_ for t in d] for d in batch] == \
        [[t.lemma_ for t in lemmatizer(d.copy())] for d in parsed]


# --------------------------------------------------------------------------- code_many

def _summary(items: list) -> list[tuple]:
    return [("error", it.origin) if isinstance(it, InputError)
            else (it.doc_id, sorted(e.event_id for e in it.events)) for it in items]


def test_code_many_two_processes_equal_one_in_order() -> None:
    articles: list = story_articles(6)
    articles.insert(2, InputError("feed.jsonl:7", "not JSON"))
    articles.insert(4, Article(doc_id="broken", text=None))  # type: ignore[arg-type]
    one = list(code_many(articles, n_process=1, chunk_size=2))
    two = list(code_many(articles, n_process=2, chunk_size=1))  # > 2 chunks: a real pool
    assert _summary(one) == _summary(two)
    assert [s[0] for s in _summary(two)] == [
        "error" if isinstance(a, InputError) or a.doc_id == "broken" else a.doc_id
        for a in articles]
    assert ("error", "feed.jsonl:7") in _summary(two) and ("error", "broken") in _summary(two)
    assert sum(len(d.events) for d in two if not isinstance(d, InputError)) > 0
    assert all(s.doc is None for d in two if not isinstance(d, InputError) for s in d.sentences)
