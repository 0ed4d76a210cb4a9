"""spaCy's dependency parser against its numpy twin (``FastDependencyParser``), every set:

    python bench/bench_parser.py [--sets NAME,...] [--repeat 2]

Every sentence of each set (as the language stage splits it, cut at
``MAX_SENTENCE_CHARS``) is tokenised and run through the token encoder and tagger,
twice; one copy is parsed by spaCy's ``parser`` component, the other by the twin,
each batched as the language stage batches them. A sentence differs when any token's
head, dependency label or sentence start differs. Prints per set the sentences, tokens,
sentences that differ, sentences the twin handed to spaCy, and the CPU seconds of each
parser step (the lower of ``--repeat`` back-to-back rounds). Blind sets are counted only.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_fair  # noqa: E402
import bench_selection  # noqa: E402


def bench_corpus(kind: str = "mixed") -> list[Any]:
    """A corpus of ``bench_fair.py``: its 312 real stories, or those and generated ones (430)."""
    from whimbrel.model import Article

    return [Article(doc_id=s["id"], text=s["text"],
                    date=date.fromisoformat(s["date"][:10]) if s.get("date") else None)
            for s in bench_fair.stories(kind, 430, 7)]


SETS = dict(bench_selection.SETS, **{"bench real stories (312)": lambda: bench_corpus("real"),
                                     "bench corpus (mixed 430)": bench_corpus})


def compare(articles: list[Any], repeat: int) -> dict[str, Any]:
    from spacy.attrs import DEP, HEAD, SENT_START

    from whimbrel.language import (
        BATCH_SIZE,
        MAX_SENTENCE_CHARS,
        FastDependencyParser,
        Language,
        load_nlp,
    )

    nlp = load_nlp()
    texts = [s.text[:MAX_SENTENCE_CHARS] for ss in Language(nlp=nlp).split_many(articles) for s in ss]
    parser = nlp.get_pipe("parser")
    fast = FastDependencyParser(parser)
    assert fast.exact, "the model's parser has no exact numpy twin"

    def encoded() -> list[Any]:
        docs = [nlp.tokenizer(t) for t in texts]
        for name in ("tok2vec", "tagger"):
            docs = list(nlp.get_pipe(name).pipe(docs, batch_size=BATCH_SIZE))
        return docs

    cpu = {"spacy": [], "fast": []}
    for _ in range(repeat):
        for name, proc in (("spacy", parser), ("fast", fast)):
            docs = encoded()
            start = time.process_time()
            for _ in proc.pipe(docs, batch_size=BATCH_SIZE):
                pass
            cpu[name].append(time.process_time() - start)
            if name == "spacy":
                want = [d.to_array([HEAD, DEP, SENT_START]).tolist() for d in docs]
            else:
                got = [d.to_array([HEAD, DEP, SENT_START]).tolist() for d in docs]
    return {"sentences": len(texts), "tokens": sum(len(w) for w in want),
            "differ": sum(a != b for a, b in zip(want, got)), "to_spacy": fast.fallbacks // repeat,
            "spacy_cpu": min(cpu["spacy"]), "fast_cpu": min(cpu["fast"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", help="comma-separated set names (default: all)")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    names = args.sets.split(",") if args.sets else list(SETS)
    print(f"{'set':<34}{'sentences':>10}{'tokens':>9}{'differ':>8}{'to spaCy':>10}"
          f"{'spaCy cpu s':>13}{'twin cpu s':>12}")
    for name in names:
        r = compare(SETS[name](), args.repeat)
        print(f"{name:<34}{r['sentences']:>10}{r['tokens']:>9}{r['differ']:>8}{r['to_spacy']:>10}"
              f"{r['spacy_cpu']:>13.2f}{r['fast_cpu']:>12.2f}", flush=True)


if __name__ == "__main__":
    main()
