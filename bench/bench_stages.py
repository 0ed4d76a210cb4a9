"""CPU seconds of each pipeline stage on one process, pipeline loaded.

    python bench/bench_stages.py [STORIES.jsonl] [--repeat 2] [--n 430]

Codes the stories as ``code_many(..., n_process=1)`` does (the language stage batched
over chunks, the later stages per document) with every stage's call timed by
``time.process_time``; prints each stage's CPU seconds, the lowest of ``--repeat``
rounds, and the events found. Without a file it takes the mixed corpus of
``bench_fair.py`` (430 stories). The stages' own timing, not the whole command's
(``check_same.py`` gives that).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _articles(path: Path | None, n: int) -> list[Any]:
    from whimbrel.ingest import read_inputs
    from whimbrel.model import Article

    if path:
        return [a for a in read_inputs([str(path)]) if isinstance(a, Article)]
    import datetime as dt

    import bench_fair

    return [Article(doc_id=it["id"], text=it["text"],
                    date=dt.date.fromisoformat(it["date"]) if it["date"] else None)
            for it in bench_fair.stories("mixed", n, 7)]


def _timed(name: str, fn: Callable[..., Any], spent: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start
    return wrapper


def one_round(articles: list[Any]) -> tuple[dict[str, float], int]:
    from whimbrel.api import code_many, get_pipeline

    pipeline = get_pipeline()
    spent: dict[str, float] = defaultdict(float)
    saved = list(pipeline.stages)
    first = saved[0]
    try:
        pipeline.stages = [_timed(n, s, spent) for n, s in zip(pipeline.stage_names, saved)]
        # the batched language stage: keep its pipe(), timed
        lang = pipeline.stages[0]
        lang.pipe = _timed(pipeline.stage_names[0], first.pipe, spent)  # type: ignore[attr-defined]
        start = time.process_time()
        events = sum(len(getattr(d, "events", ())) for d in code_many(articles, n_process=1))
        spent["total"] = time.process_time() - start
    finally:
        pipeline.stages = saved
    return dict(spent), events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--n", type=int, default=430)
    args = parser.parse_args()
    from whimbrel.api import warm_pipeline

    warm_pipeline()
    articles = _articles(args.stories, args.n)
    rounds = [one_round(articles) for _ in range(args.repeat)]
    names = list(rounds[0][0])
    print(f"{len(articles)} stories, {rounds[0][1]} events; CPU s per stage, lowest of {args.repeat}")
    after = 0.0
    for name in names:
        best = min(r[0].get(name, 0.0) for r in rounds)
        print(f"  {name:<10}{best:8.2f}   ({', '.join(f'{r[0].get(name, 0.0):.2f}' for r in rounds)})")
        if name not in ("total", "language"):
            after += best
    print(f"  {'after language':<10}{after:8.2f}")


if __name__ == "__main__":
    main()
