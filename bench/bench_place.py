"""How much time the place stage adds to coding: language alone vs language + place.

    python bench/bench_place.py [FILES...] [--repeat N]

Without files it reads tests/stories/ (recursively) and the shared example story.
Goal: place adds no more than 15% to the language stage's time. Also reports the
gazetteer's cache size and load time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from whimbrel.language import Language
from whimbrel.model import Article, Document
from whimbrel.place import PlaceStage, gazetteer

ROOT = Path(__file__).resolve().parents[1]


def stories(paths: list[str]) -> list[Article]:
    files = [Path(p) for p in paths] or sorted((ROOT / "tests" / "stories").rglob("*.txt"))
    example = ROOT.parent / "shared" / "examples" / "jmcc-2021-09-29.txt"
    if not paths and example.exists():
        files.append(example)
    return [Article(doc_id=f.stem, text=f.read_text("utf-8")) for f in files]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--parse-all", action="store_true", help="parse every sentence")
    args = ap.parse_args()

    start = time.perf_counter()
    gaz = gazetteer.default()
    path = gazetteer.cache_path()
    first = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    gazetteer.load_file(path)
    load, load_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"gazetteer: {len(gaz.entries)} entries, {path.stat().st_size / 1e6:.1f} MB at {path}; "
          f"first use {first:.2f} s, reload {load:.3f} s ({load_cpu:.3f} s CPU; goal < 1 s)")

    articles = stories(args.files)
    language = Language(parse_all=args.parse_all)
    place = PlaceStage(gazetteer=gaz)
    language(Document(article=articles[0]))  # warm up the model
    t_lang = t_place = 0.0
    words = sum(len(a.text.split()) for a in articles)
    for _ in range(args.repeat):
        for article in articles:
            t0 = time.perf_counter()
            doc = language(Document(article=article))
            t1 = time.perf_counter()
            place(doc)
            t2 = time.perf_counter()
            t_lang += t1 - t0
            t_place += t2 - t1
    n = len(articles) * args.repeat
    print(f"{len(articles)} stories, {words} words, x{args.repeat}")
    print(f"language: {1000 * t_lang / n:.1f} ms/story; place: {1000 * t_place / n:.1f} ms/story")
    print(f"place adds {100 * t_place / t_lang:.1f}% to the language stage (goal <= 15%)")
    coded(articles, gaz, args.repeat)


def coded(articles: list, gaz: Any, repeat: int) -> None:
    """The place stage on documents with events (where event location runs), against
    the whole coding time of the default pipeline."""
    from whimbrel.pipeline import Pipeline

    pipe = Pipeline()
    at = pipe.stage_names.index("place")
    pipe.stages[at] = PlaceStage(gazetteer=gaz)
    t_all = t_place = 0.0
    events = 0
    for _ in range(repeat):
        for article in articles:
            doc = Document(article=article)
            for i, stage in enumerate(pipe.stages):
                t0 = time.perf_counter()
                doc = stage(doc)
                dt = time.perf_counter() - t0
                t_all += dt
                t_place += dt if i == at else 0.0
            events += len(doc.events)
    n = len(articles) * repeat
    print(f"with events ({events // repeat} events): coding {1000 * t_all / n:.1f} ms/story; "
          f"place {1000 * t_place / n:.1f} ms/story = {100 * t_place / t_all:.1f}% of coding "
          f"(issue 9 goal <= 15%)")


if __name__ == "__main__":
    main()
