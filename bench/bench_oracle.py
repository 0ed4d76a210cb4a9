"""Upper bounds for running the networks only where an event comes out:

    python bench/bench_oracle.py [--corpus real|mixed] [--first 3] [--mode ner|parse|parse-only]

An oracle that knows which sentences carry an event in the normal run (their own or as
merged evidence), plus each story's first ``--first`` sentences, limits the language
stage to them: ``--mode ner`` runs NER only there (parsing as usual), ``--mode parse``
parses (and NERs) only there, ``--mode parse-only`` parses only there but runs NER on the
windows of every sentence parsed today. It prints the CPU seconds of one process before and after
and how the events change (count, and which fields of the same events differ). No
predictor can do better than this oracle; what changes shows which later stages read
the networks' output in sentences without events. ``--corpus`` as in bench_fair.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_fair  # noqa: E402  (bench/bench_fair.py, beside this file: the same corpus)

from whimbrel.api import _finish  # noqa: E402
from whimbrel.language import MAX_SENTENCE_CHARS, Language  # noqa: E402
from whimbrel.model import Article, Document  # noqa: E402
from whimbrel.pipeline import Pipeline  # noqa: E402

CHUNK = 8


class OracleLanguage(Language):
    """The language stage, with NER (``ner``) or parsing (``parse``) only for ``keep``:
    (article id, sentence index) pairs."""

    def __init__(self, keep: set[tuple[str, int]], mode: str, **options: Any):
        super().__init__(**options)
        self.keep, self.mode, self.counts = keep, mode, Counter()
        self._keys: dict[int, tuple[str, int]] = {}

    def pipe(self, docs: list[Document]) -> list[Document]:
        for doc, sentences in zip(docs, self.split_many([d.article for d in docs])):
            doc.sentences = sentences
            self._keys.update({id(s): (doc.article.doc_id, s.index) for s in sentences})
        self.parse([s for d in docs for s in d.sentences])
        self._keys.clear()
        return list(docs)

    def parse(self, sentences: list[Any]) -> None:
        tokenizer, to_parse, unparsed = self.nlp.tokenizer, [], []
        for sent in sentences:
            sent.doc = tokenizer(sent.text[:MAX_SENTENCE_CHARS])
            sent.skipped = self._skip_reason(sent.doc)
            if sent.skipped is None:
                self.counts["parsed today"] += 1
                if self.mode != "ner" and self._keys[id(sent)] not in self.keep:
                    sent.skipped = "oracle"
                    if self.mode == "parse-only":
                        unparsed.append(sent)
                    continue
                to_parse.append(sent)
        docs = (s.doc for s in to_parse)
        for name, proc in self.procs:
            if name != "ner":
                docs = self._run(proc, docs)
        for sent, doc in zip(to_parse, docs):
            sent.doc = doc
        need = [s for s in to_parse if self._keys[id(s)] in self.keep or self.mode != "ner"]
        self.counts["kept"] += len(need)
        self._windowed_ner(dict(self.procs)["ner"], [s.doc for s in need + unparsed])


def code(articles: list[Article], pipeline: Pipeline) -> tuple[list[Document], float]:
    lang, out = pipeline.stage("language"), []
    start = time.process_time()
    for i in range(0, len(articles), CHUNK):
        docs = lang.pipe([Document(article=a) for a in articles[i:i + CHUNK]])
        out += [_finish(d, pipeline, 1) for d in docs]
    return out, time.process_time() - start


def event_sentences(docs: list[Document], first: int) -> set[tuple[str, int]]:
    keep = set()
    for d in docs:
        keep |= {(d.article.doc_id, i) for i in range(first)}
        for e in d.events:
            keep.add((d.article.doc_id, e.sentence_index))
            for a, _ in e.extra_evidence:
                keep |= {(d.article.doc_id, s.index) for s in d.sentences if s.start <= a < s.end}
    return keep


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=("real", "mixed"), default="real")
    ap.add_argument("--first", type=int, default=3, help="story-opening sentences always kept")
    ap.add_argument("--mode", choices=("ner", "parse", "parse-only"), default="ner")
    args = ap.parse_args()
    articles = [Article(doc_id=it["id"], text=it["text"], date=_date(it))
                for it in bench_fair.stories(args.corpus, 430, 7)]
    normal = Pipeline()
    code(articles[:16], normal)  # warm
    base, cpu0 = code(articles, normal)
    keep = event_sentences(base, args.first)
    oracle = Pipeline()
    oracle.stages[0] = lang = OracleLanguage(keep, args.mode)
    new, cpu1 = code(articles, oracle)
    a, b = keyed(base), keyed(new)
    fields: Counter = Counter()
    for k in a.keys() & b.keys():
        dx, dy = a[k], b[k]
        fields.update(f for f in dx if f not in VOLATILE and dx[f] != dy.get(f))
    print(f"{args.corpus}, oracle on {args.mode}, first {args.first}: CPU {cpu0:.2f} -> {cpu1:.2f} s; "
          f"{lang.counts['kept']} of {lang.counts['parsed today']} sentences parsed today kept; "
          f"events {len(a)} -> {len(b)}: {len(a.keys() - b.keys())} lost, {len(b.keys() - a.keys())} gained")
    print("fields differing in the same events (same story, sentence, trigger, code):",
          dict(fields.most_common()))


#: Fields that differ whenever anything in the story does (ids, the coder's bookkeeping).
VOLATILE = {"event_id", "coder", "coder_version", "occasion"}


def keyed(docs: list[Document]) -> dict[tuple, dict[str, Any]]:
    """Events by (story, sentence, trigger span, CAMEO code, type), as JSON-ready dicts."""
    out = {}
    for d in docs:
        for e in d.events:
            key = (d.article.doc_id, e.sentence_index, tuple(e.trigger_span), e.cameo, e.event_type)
            out[key] = json.loads(json.dumps(e.to_dict(), sort_keys=True, default=str))
    return out


def _date(item: dict[str, Any]) -> Any:
    from datetime import date

    return date.fromisoformat(item["date"][:10]) if item.get("date") else None


if __name__ == "__main__":
    main()
