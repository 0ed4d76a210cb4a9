"""How much a cheap pre-parse selector could skip on real news, at (nearly) no events lost:

    python bench/bench_selector_bound.py [--corpus real|mixed] [--folds 5]

Needs scikit-learn (``pip install -e '.[train]'``). The stories are coded once with every
sentence parsed (``parse_all``); a sentence "needs parsing" when an event comes out of it
(its own or as merged evidence). A logistic regression then predicts that from what a test
before the parse can see -- the sentence's event cue words (lower case), how many there
are, its capitalised words, quotes, length, whether it opens the story -- and, as a
second row, from what the tagger adds (each cue word's lemma and part of speech, the
count of proper nouns and verbs). Predictions are cross-validated by story (``--folds``
groups: no story is scored by a model that saw it); the table gives the share of all
sentences the selector would skip, and the events' sentences it would lose, at recalls of
0.99, 0.995 and 0.999. Nothing is learnt for the package: this is a measurement of what
a learned selector could buy, and the text is only counted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_fair  # noqa: E402  (the same corpus as the throughput benchmark)
from bench_oracle import CHUNK, _date, event_sentences  # noqa: E402

QUOTES = frozenset({'"', "\u201c", "\u201d"})


def sentences(corpus: str) -> list[dict[str, Any]]:
    """One record per sentence of the corpus coded with every sentence parsed."""
    from whimbrel.language import _cue_lemmas, load_nlp
    from whimbrel.model import Article, Document
    from whimbrel.pipeline import Pipeline

    articles = [Article(doc_id=it["id"], text=it["text"], date=_date(it))
                for it in bench_fair.stories(corpus, 430, 7)]
    pipeline = Pipeline(options={"language": {"parse_all": True}})
    lang, cues, out = pipeline.stage("language"), _cue_lemmas(load_nlp()), []
    for i in range(0, len(articles), CHUNK):
        docs = [pipeline.run_from(d, 1) for d in lang.pipe([Document(article=a)
                                                              for a in articles[i:i + CHUNK]])]
        keep = event_sentences(docs, 0)
        for d in docs:
            for s in d.sentences:
                toks = list(s.doc)
                out.append({"story": d.article.doc_id, "index": s.index,
                            "event": (d.article.doc_id, s.index) in keep,
                            "words": [t.text for t in toks],
                            "cues": [(t.lower_, t.lemma_.lower(), t.pos_) for t in toks if t.lower_ in cues],
                            "pos": [t.pos_ for t in toks]})
    return out


def before_parse(r: dict[str, Any]) -> dict[str, float]:
    f: dict[str, float] = {f"cue={w}": 1 for w, _, _ in r["cues"]}
    words = r["words"]
    f["capitalised"] = min(sum(1 for w in words[1:] if w[:1].isupper()), 5)
    f["length"] = min(len(words), 60) / 20
    f["quote"] = float(any(w in QUOTES for w in words))
    f["lead"] = float(r["index"] < 2)
    f["cues"] = min(len({w for w, _, _ in r["cues"]}), 6)
    return f


def after_tagger(r: dict[str, Any]) -> dict[str, float]:
    f = before_parse(r)
    f.update({f"cue={lemma}/{pos}": 1 for _, lemma, pos in r["cues"]})
    f["propn"] = min(r["pos"].count("PROPN"), 5)
    f["verbs"] = min(r["pos"].count("VERB"), 5)
    return f


def bound(rows: list[dict[str, Any]], features: Any, folds: int) -> list[tuple[float, float, int]]:
    """(recall, share of sentences skipped, event sentences lost) per recall target."""
    import numpy
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    x = DictVectorizer().fit_transform([features(r) for r in rows])
    y = numpy.array([r["event"] for r in rows])
    groups = [r["story"] for r in rows]
    p = numpy.zeros(len(rows))
    for train, test in GroupKFold(folds).split(x, y, groups):
        model = LogisticRegression(C=1.0, max_iter=3000).fit(x[train], y[train])
        p[test] = model.predict_proba(x[test])[:, 1]
    ranked = numpy.sort(p[y])
    out = []
    for recall in (0.99, 0.995, 0.999):
        cut = ranked[int((1 - recall) * len(ranked))]
        out.append((recall, float(numpy.mean(p < cut)), int(numpy.sum((p < cut) & y))))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=("real", "mixed"), default="real")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    rows = sentences(args.corpus)
    events = sum(r["event"] for r in rows)
    print(f"{args.corpus}: {len(rows)} sentences, {events} with an event ({events / len(rows):.1%}): "
          f"a perfect selector skips {1 - events / len(rows):.1%}")
    print("| features | recall | sentences skipped | event sentences lost |")
    print("|---|---|---|---|")
    for name, features in (("before the parse", before_parse), ("after the tagger", after_tagger)):
        for recall, skipped, lost in bound(rows, features, args.folds):
            print(f"| {name} | {recall} | {skipped:.1%} | {lost} |")


if __name__ == "__main__":
    main()
