"""The fused token encoders (_encoder) give thinc's own vectors, bit for bit, on real text."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest

from whimbrel import _encoder
from whimbrel.language import load_model, load_nlp

ROOT = Path(__file__).parent.parent
TEXTS = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests" / "stories").glob("*.txt"))[:4]


@pytest.fixture(scope="module")
def shipped():
    """The model as it ships, its encoders on thinc's layers (numpy BLAS, not fused)."""
    from whimbrel.language import use_numpy_gemm

    return use_numpy_gemm(load_model())


def _encoders(nlp) -> dict[str, object]:
    """Component name -> its MultiHashEmbed >> MaxoutWindowEncoder node."""
    found = {}
    for name, proc in nlp.components:
        model = getattr(proc, "model", None)
        for node in model.walk() if model is not None and hasattr(model, "walk") else ():
            if node.name.startswith("extract_features>>") and _encoder.encoder_parts(node):
                found[name] = node
    return found


def _docs(nlp) -> list:
    """Paragraphs and sentences of real stories, a one-word doc and an empty one."""
    docs = []
    for path in TEXTS:
        for para in path.read_text("utf-8").split("\n\n"):
            if para.strip():
                docs.append(nlp.tokenizer(para.strip()))
    sents = [s.as_doc() for d in docs[:12] for s in nlp.get_pipe("senter")(nlp.tokenizer(d.text)).sents]
    return docs + sents + [nlp.tokenizer("Protests."), nlp.tokenizer("")]


def test_every_encoder_of_the_model_is_recognised(shipped) -> None:
    assert set(_encoders(shipped)) == {"tok2vec", "ner", "senter"}
    # the components around them are not encoders of this architecture
    assert _encoder.encoder_parts(shipped.get_pipe("ner").model) is None
    assert _encoder.encoder_parts(shipped.get_pipe("tagger").model) is None


@pytest.mark.parametrize("name", ["tok2vec", "ner", "senter"])
def test_fused_vectors_are_thincs(shipped, name: str) -> None:
    """Batches of varied size, the cache warm from earlier batches: the same floats."""
    node = _encoders(shipped)[name]
    fused = _encoder.FusedEncoder(_encoder.encoder_parts(node))
    docs = _docs(shipped)
    tokens = 0
    for start, size in ((0, 1), (1, 3), (4, 64), (68, 17), (85, 256), (0, 2)):
        batch = docs[start:start + size]
        want, got = node.predict(batch), fused(batch)
        assert len(got) == len(batch)
        for w, g, doc in zip(want, got, batch):
            assert g.shape == w.shape == (len(doc), fused.width)
            assert g.dtype == w.dtype and numpy.array_equal(g, w), doc.text[:60]
            tokens += len(doc)
    assert tokens > 2000 and len(fused._index) > 500  # first-layer rows reused across batches


def test_fused_pipeline_annotates_as_spacy(shipped) -> None:
    """load_nlp() (fused) tags, parses, splits and finds entities as the shipped model."""
    ours = load_nlp()
    assert all(_encoder.fused(node) is not None for node in _encoders(ours).values())
    texts = [p.read_text("utf-8")[:3000] for p in TEXTS]

    def annotations(nlp) -> list:
        out = [(t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.tensor.tobytes())
               for doc in nlp.pipe(texts) for t in doc]
        senter = nlp.get_pipe("senter")
        return out + [[s.start for s in senter(nlp.tokenizer(text)).sents] for text in texts]

    assert annotations(ours) == annotations(shipped)


def test_features_of_windows_give_the_window_docs_vectors(shipped) -> None:
    """``encode`` on slices of a sentence's features = the vectors of Docs made of the slices."""
    nlp = load_nlp()
    encoder = _encoder.fused(nlp.get_pipe("ner").model.layers[0])
    assert encoder is not None and encoder is _encoder.fused(_encoders(nlp)["ner"])
    node = _encoders(shipped)["ner"]
    docs = [d for d in _docs(shipped) if len(d) > 12][:40]
    spans = [(d, a, min(len(d), a + 9)) for d in docs for a in range(0, len(d) - 3, 7)]
    feats = [d.to_array(encoder.columns)[a:b] for d, a, b in spans]
    want = node.predict([d[a:b].as_doc() for d, a, b in spans])
    assert len(spans) > 100
    assert all(numpy.array_equal(g, w) for g, w in zip(encoder.encode(feats), want))


def test_short_batches_go_to_thinc(shipped) -> None:
    """A batch of a few tokens takes thinc's layers: its products round as thinc's do."""
    ours = _encoders(load_nlp())["tok2vec"]
    node = _encoders(shipped)["tok2vec"]
    for text in ("Protests.", "Police fired tear gas at protesters in the capital on Monday."):
        doc = shipped.tokenizer(text)
        assert numpy.array_equal(ours.predict([doc])[0], node.predict([doc])[0])


def test_threads_share_an_encoder(shipped) -> None:
    """Batches coded at once in threads (as a server may) get their own vectors."""
    from concurrent.futures import ThreadPoolExecutor

    node = _encoders(shipped)["tok2vec"]
    fused = _encoder.FusedEncoder(_encoder.encoder_parts(node))
    docs = _docs(shipped)
    batches = [docs[k:k + 20] for k in range(0, 100, 20)] * 2
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(fused, batches))
    for batch, got in zip(batches, results):
        assert all(numpy.array_equal(g, w) for g, w in zip(got, node.predict(batch)))


def test_a_pickled_model_predicts_with_thincs_layers(shipped) -> None:
    """Pickling a fused model (spaCy's spawned workers do) gives thinc's forward back."""
    import pickle

    node = _encoders(load_nlp())["tok2vec"]
    copy = pickle.loads(pickle.dumps(node))
    assert _encoder.fused(copy) is None and _encoder.fused(node) is not None
    batch = _docs(shipped)[:30]
    assert all(numpy.array_equal(g, w) for g, w in zip(copy.predict(batch), node.predict(batch)))


def test_cache_is_bounded(shipped, monkeypatch) -> None:
    """When the cache fills it starts afresh, and the vectors stay the same."""
    node = _encoders(shipped)["tok2vec"]
    monkeypatch.setattr(_encoder, "CACHE_ROWS", 300)
    fused = _encoder.FusedEncoder(_encoder.encoder_parts(node))
    docs = _docs(shipped)[:40]
    for start in range(0, 40, 8):
        batch = docs[start:start + 8]
        assert all(numpy.array_equal(g, w) for g, w in zip(fused(batch), node.predict(batch)))
        assert len(fused._index) <= 300 + sum(len(d) for d in batch)
