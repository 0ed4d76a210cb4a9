"""The fused token encoders (``whimbrel._encoder``) against thinc's own layers: CPU
seconds and whether every vector is the same, on the inputs each encoder gets.

    python bench/bench_encoder.py [--n 430] [--repeat 3] [--real]

Inputs, from the mixed corpus of ``bench_fair.py`` (``--real``: its real stories only):
the shared encoder on every sentence (batches of 256, as the language stage sends
them), the entity recogniser's on the name windows of those sentences (batches of 64),
the sentence recogniser's on the paragraphs (batches of 256). Both sides multiply with
the BLAS the pipeline gives them (numpy's; BLIS for the sentence recogniser). Prints
the lowest CPU seconds of ``--repeat`` interleaved rounds, the largest absolute
difference of any vector component, and the share of tokens whose first-layer row
came from the cache.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _inputs(n: int, real: bool) -> dict[str, list[Any]]:
    import bench_fair

    from whimbrel.language import Language, _story_paragraphs, _window_docs, load_nlp, name_windows
    from whimbrel.model import Article

    nlp = load_nlp()
    items = bench_fair.real_stories()[:n] if real else bench_fair.stories("mixed", n, 7)
    articles = [Article(doc_id=it["id"], text=it["text"]) for it in items]
    sents = [s.text for ss in Language(nlp=nlp).split_many(articles) for s in ss]
    parsed = [nlp.get_pipe("parser")(nlp.get_pipe("tok2vec")(nlp.tokenizer(t))) for t in sents]
    windows = [(k, a, b) for k, doc in enumerate(parsed) for a, b in name_windows(doc)]
    return {"tok2vec": [nlp.tokenizer(t) for t in sents],
            "ner": list(_window_docs(parsed, windows)),
            "senter": [nlp.tokenizer(a.clean_text[s:e]) for a in articles
                       for s, e in _story_paragraphs(a.clean_text)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=430)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--real", action="store_true", help="real stories only (no generated ones)")
    args = parser.parse_args()
    import numpy

    from whimbrel import _encoder
    from whimbrel.language import load_model, use_numpy_gemm

    inputs = _inputs(args.n, args.real)
    shipped = use_numpy_gemm(load_model())
    for name, docs in inputs.items():
        node = next(n for n in shipped.get_pipe(name).model.walk()
                    if n.name.startswith("extract_features>>") and _encoder.encoder_parts(n))
        size = 64 if name == "ner" else 256
        batches = [docs[i:i + size] for i in range(0, len(docs), size)]
        best: dict[str, float] = {}
        outs: dict[str, list] = {}
        for _ in range(args.repeat):
            fused = _encoder.FusedEncoder(_encoder.encoder_parts(node))  # a cold cache each round
            for label, run in (("thinc", node.predict), ("fused", fused)):
                start = time.process_time()
                outs[label] = [run(b) for b in batches]
                best[label] = min(best.get(label, 1e9), time.process_time() - start)
        pairs = [(a, b) for xs, ys in zip(outs["thinc"], outs["fused"]) for a, b in zip(xs, ys)]
        same = all(numpy.array_equal(a, b) for a, b in pairs)
        diff = max((float(numpy.abs(a - b).max()) for a, b in pairs if len(a)), default=0.0)
        tokens = sum(len(d) for d in docs)
        print(f"{name:8} {len(docs):6} docs {tokens:7} tokens  thinc {best['thinc']:.3f} s  "
              f"fused {best['fused']:.3f} s  same vectors {same}  max abs diff {diff:.3g}  "
              f"first-layer rows computed {fused.computed} ({fused.computed / tokens:.0%} of tokens)")


if __name__ == "__main__":
    main()
