"""What the language stage's selective work costs in events, on every evaluation set:

    python bench/bench_selection.py [--sets NAME,...] [--json OUT] [--options JSON] [--base JSON]

Each set is coded twice in this process, as ``code_many`` codes it (chunks of 8
articles, the language stage over a chunk at once): by the default pipeline (parse only
sentences with an event cue and an actor candidate, NER on windows around name and date
words) and by ``parse_all`` (every sentence parsed, NER on whole sentences); ``--options``
and ``--base`` give other language options to either side (``--base '{"weak_cues":
false}'`` measures what the pattern-bound verb rule changes). An event is the same when
its article, sentence, trigger span, CAMEO code and PLOVER type are; the table gives the
events of the reference side, how many the measured side loses and gains, how many of the
same events got another location, source or target, the share of sentences parsed, the
share of parsed sentences that ran NER and the share of their tokens inside NER windows.
Blind sets (both halves) are counted only: nothing of them is printed but these totals.
The last set is bench_fair.py's 430 stories.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
DATA, STORIES = ROOT / "tests" / "data", ROOT / "tests" / "stories"


def sentence_set(path: Path) -> list[Any]:
    """A JSONL sentence or snippet set as articles (one sentence or snippet each)."""
    from whimbrel.model import Article

    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            when = rec.get("date")
            out.append(Article(doc_id=str(rec.get("id")), text=rec["text"],
                               date=date.fromisoformat(when[:10]) if when else None))
    return out


def story_set(*paths: Path) -> list[Any]:
    """Articles read as ``whimbrel code`` reads them (folders: their .txt stories)."""
    from whimbrel.errors import InputError
    from whimbrel.ingest import read_inputs

    files = [str(p) for path in paths for p in (sorted(path.glob("*.txt")) if path.is_dir() else [path])
             if p.is_file()]
    return [a for a in read_inputs(files) if not isinstance(a, InputError)]


def real_set() -> list[Any]:
    """GeoVirus and TempEval-3 articles (the real news on the machine), as bench_fair reads them."""
    from whimbrel.model import Article

    out = []
    for name, key in (("geovirus.jsonl", "date"), ("te3_platinum_docs.jsonl", "dct")):
        path = SHARED / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                when = rec.get(key)
                out.append(Article(doc_id=f"{path.stem}-{rec['doc_id']}", text=rec["text"],
                                   date=date.fromisoformat(when[:10]) if when else None))
    return out


SETS = {
    "dev sentences": lambda: sentence_set(SHARED / "sentences_dev.jsonl"),
    "own sentences": lambda: sentence_set(DATA / "sentences_own.jsonl"),
    "blind sentences (counted only)": lambda: sentence_set(DATA / "sentences_blind.jsonl")
    + sentence_set(DATA / "sentences_blind2.jsonl") + sentence_set(DATA / "sentences_blind3.jsonl")
    + sentence_set(DATA / "sentences_blind4.jsonl"),
    "blind snippets (counted only)": lambda: sentence_set(DATA / "snippets_blind.jsonl")
    + sentence_set(DATA / "snippets_blind2.jsonl") + sentence_set(DATA / "snippets_blind3.jsonl"),
    "tests/stories": lambda: story_set(STORIES),
    "fresh stories": lambda: story_set(STORIES / "fresh"),
    "blind stories (counted only)": lambda: story_set(STORIES / "blind", STORIES / "blind2"),
    "examples": lambda: story_set(ROOT / "examples"),
    "GeoVirus + TempEval-3": real_set,
    "bench_fair 430 stories": lambda: mixed_set(),
}


def mixed_set() -> list[Any]:
    """The 430 stories of ``bench_fair.py`` (its default ``mixed`` corpus)."""
    from whimbrel.model import Article

    sys.path.insert(0, str(ROOT / "bench"))
    import bench_fair

    return [Article(doc_id=it["id"], text=it["text"],
                    date=date.fromisoformat(it["date"][:10]) if it.get("date") else None)
            for it in bench_fair.stories("mixed", 430, 7)]


def code(articles: list[Any], pipeline: Any) -> tuple[dict[tuple, tuple], dict[str, int]]:
    """Event keys and language-stage counts of coding ``articles`` in chunks of 8."""
    from whimbrel.api import CHUNK_SIZE, _finish
    from whimbrel.language import is_parsed, name_windows
    from whimbrel.model import Document

    lang = pipeline.stage("language")
    events: dict[tuple, tuple] = {}
    counts = dict(sentences=0, parsed=0, ner=0, parsed_tokens=0, window_tokens=0)
    for i in range(0, len(articles), CHUNK_SIZE):
        docs = lang.pipe([Document(article=a) for a in articles[i:i + CHUNK_SIZE]])
        for doc in docs:
            for s in doc.sentences:
                counts["sentences"] += 1
                if is_parsed(s):
                    counts["parsed"] += 1
                    counts["parsed_tokens"] += len(s.doc)
                    counts["ner"] += s.doc.has_annotation("ENT_IOB")
                    counts["window_tokens"] += sum(b - a for a, b in name_windows(s.doc)) \
                        if lang.ner_context is not None and not lang.parse_all else len(s.doc)
            doc = _finish(doc, pipeline, 1)
            if not hasattr(doc, "events"):  # a broken article, reported by _finish
                continue
            for e in doc.events:
                key = (doc.article.doc_id, e.sentence_index, tuple(e.trigger_span), e.cameo,
                       e.event_type)
                events[key] = (_where(e.location), _who(e.source), _who(e.target))
    return events, counts


def _where(loc: Any) -> Any:
    return None if loc is None else (loc.name, loc.country, loc.geonameid)


def _who(actors: Any) -> Any:
    return tuple((a.text, a.country, a.sector) for a in actors or ())


def rows(names: Iterable[str], options: dict[str, Any] | None = None,
         base: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    from whimbrel.pipeline import Pipeline

    selective = Pipeline(options={"language": options or {}})
    every = Pipeline(options={"language": {"parse_all": True} if base is None else base})
    out = []
    for name in names:
        articles = SETS[name]()
        if not articles:
            print(f"{name}: not on this machine, skipped", file=sys.stderr)
            continue
        want, _ = code(articles, every)
        got, c = code(articles, selective)
        same = want.keys() & got.keys()
        out.append({"set": name, "articles": len(articles), "events_parse_all": len(want),
                    "lost": len(want.keys() - got.keys()), "gained": len(got.keys() - want.keys()),
                    "location": sum(want[k][0] != got[k][0] for k in same),
                    "source": sum(want[k][1] != got[k][1] for k in same),
                    "target": sum(want[k][2] != got[k][2] for k in same),
                    "parsed": c["parsed"] / max(1, c["sentences"]),
                    "ner_of_parsed": c["ner"] / max(1, c["parsed"]),
                    "window_tokens": c["window_tokens"] / max(1, c["parsed_tokens"])})
        print(_line(out[-1]), flush=True)
    return out


def _line(r: dict[str, Any]) -> str:
    return (f"| {r['set']} | {r['articles']} | {r['events_parse_all']} | {r['lost']} | "
            f"{r['gained']} | {r['location']} | {r['source']} | {r['target']} | "
            f"{r['parsed']:.1%} | {r['ner_of_parsed']:.1%} | {r['window_tokens']:.1%} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", help="comma-separated set names (default: all): " + ", ".join(SETS))
    ap.add_argument("--json", type=Path, help="write the rows here")
    ap.add_argument("--options", type=json.loads, default={},
                    help='language options of the measured side, JSON (e.g. \'{"weak_cues": false}\')')
    ap.add_argument("--base", type=json.loads, default=None,
                    help='language options of the reference side (default {"parse_all": true})')
    args = ap.parse_args()
    names = [n.strip() for n in args.sets.split(",")] if args.sets else list(SETS)
    unknown = [n for n in names if n not in SETS]
    if unknown:
        raise SystemExit(f"unknown set(s) {unknown}; known: {', '.join(SETS)}")
    print("| set | articles | events (reference) | lost | gained | location changed | source changed "
          "| target changed | sentences parsed | parsed sentences NER'd | parsed tokens in NER windows |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    result = rows(names, args.options, args.base)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
