"""Throughput of whimbrel against spaCy's own full pipeline, and CLI startup time.

    python bench/bench_throughput.py [--n 300] [--seed 7] [--repeat 1] [--out bench/results.json]

Over the same generated articles (bench/corpus.py), in one run:

(a) spaCy: ``nlp.pipe(texts)`` with whimbrel's model (``whimbrel.language.load_nlp()``),
    default settings, model loaded before the clock starts;
(b) whimbrel: ``list(whimbrel.api.code_many(articles))`` as ``whimbrel code`` runs it,
    default process count, in a fresh Python process whose clock includes loading the
    pipeline and starting the workers;
(c) whimbrel on one process, pipeline already loaded (``--no-single`` skips it): the
    per-core comparison with (a), which a busy machine disturbs less than (b);

``--repeat R`` runs (b) and (a) alternately R times, then (c) R times, and keeps the
fastest run of each (all run times are in the JSON). Then the wall-clock startup of ``whimbrel --help`` and ``python -c "import whimbrel"``
(median of 3 subprocess runs). Prints a table and writes the numbers as JSON.
Goals: whimbrel/spaCy ratio >= 1.5 on 2 cores; startup < 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py, beside this file)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _rates(seconds: float, n_articles: int, n_words: int) -> dict[str, float]:
    return {"seconds": round(seconds, 3), "articles_per_s": round(n_articles / seconds, 2),
            "words_per_s": round(n_words / seconds, 1)}


def bench_spacy(texts: list[str]) -> dict[str, Any]:
    """spaCy's full pipeline over the texts (model load not timed)."""
    from whimbrel.language import load_nlp

    load_s, nlp = _timed(load_nlp)
    cpu = time.process_time()
    seconds, docs = _timed(lambda: list(nlp.pipe(texts)))
    words = sum(len(t.split()) for t in texts)
    return {**_rates(seconds, len(texts), words), "cpu_s": round(time.process_time() - cpu, 3),
            "model_load_s": round(load_s, 3),
            "pipes": list(nlp.pipe_names), "tokens": sum(len(d) for d in docs)}


def bench_whimbrel(articles: list[Any], n_process: int | None = None) -> dict[str, Any]:
    """whimbrel coding the articles the way the CLI does (code_many, default processes)."""
    from whimbrel.api import code_many
    from whimbrel.errors import InputError

    cpu, before = time.process_time(), os.times()
    seconds, docs = _timed(lambda: list(code_many(articles, n_process=n_process)))
    after = os.times()
    words = sum(len(a.text.split()) for a in articles)
    failed = [str(d) for d in docs if isinstance(d, InputError)]
    coded = [d for d in docs if not isinstance(d, InputError)]
    n_sent = sum(len(d.sentences) for d in coded)
    n_parsed = sum(1 for d in coded for s in d.sentences if s.skipped is None)
    return {**_rates(seconds, len(articles), words),
            "cpu_s_this_process": round(time.process_time() - cpu, 3),
            "cpu_s_workers": round(after.children_user + after.children_system
                                   - before.children_user - before.children_system, 3),
            "n_process": n_process or _default_processes(),
            "events": sum(len(d.events) for d in coded),
            "sentences": n_sent, "sentences_parsed": n_parsed,
            "parsed_share": round(n_parsed / n_sent, 3) if n_sent else None,
            "failed": len(failed), "first_failures": failed[:3]}


def _default_processes() -> int:
    try:
        from whimbrel.api import default_processes
    except ImportError:  # an older whimbrel, for before/after runs
        return min(os.cpu_count() or 1, 4)
    return default_processes()


def startup(cmd: list[str], runs: int = 3) -> dict[str, Any]:
    """Median wall-clock time of a fresh subprocess running ``cmd``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            return {"cmd": " ".join(cmd), "error": proc.stderr.strip()[-500:]}
    return {"cmd": " ".join(cmd), "median_s": round(statistics.median(times), 3),
            "runs_s": [round(t, 3) for t in times]}


def whimbrel_command() -> list[str]:
    """The installed ``whimbrel`` script beside this Python, else ``python -m``."""
    script = Path(sys.executable).parent / "whimbrel"
    return [str(script)] if script.exists() else [sys.executable, "-m", "whimbrel.cli"]


def to_articles(items: list[corpus.CorpusArticle]) -> list[Any]:
    from whimbrel.model import Article

    return [Article(doc_id=a.doc_id, text=a.text, date=a.date) for a in items]


def whimbrel_fresh(n: int, seed: int) -> dict[str, Any]:
    """Row (b) in a fresh Python process, so that every repeat pays for loading."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--n", str(n), "--seed", str(seed),
           "--whimbrel-only"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"whimbrel run failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fastest(runs: list[dict[str, Any]]) -> dict[str, Any]:
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "runs_s": [r["seconds"] for r in runs]}


def run(n: int, seed: int, single: bool = True, repeat: int = 1) -> dict[str, Any]:
    items = corpus.generate(n, seed)
    texts = [a.text for a in items]
    words = sum(len(t.split()) for t in texts)
    result: dict[str, Any] = {
        "n_articles": n, "words": words, "seed": seed, "cores": os.cpu_count(),
        "python": platform.python_version(), "machine": platform.machine(),
        "repeat": repeat, "load_avg_before": [round(x, 2) for x in os.getloadavg()],
    }
    # alternate the rows so that a burst of load from elsewhere hits both; keep the fastest
    wruns, sruns = [], []
    for _ in range(repeat):
        wruns.append(whimbrel_fresh(n, seed))
        sruns.append(bench_spacy(texts))
    result["whimbrel"], result["spacy"] = _fastest(wruns), _fastest(sruns)
    import spacy

    result["spacy_version"] = spacy.__version__
    result["ratio_whimbrel_over_spacy"] = round(
        result["whimbrel"]["words_per_s"] / result["spacy"]["words_per_s"], 3)
    if single:
        runs = [bench_whimbrel(to_articles(items), n_process=1) for _ in range(repeat)]
        result["whimbrel_1proc"] = _fastest(runs)
        result["ratio_1proc_over_spacy"] = round(
            result["whimbrel_1proc"]["words_per_s"] / result["spacy"]["words_per_s"], 3)
    result["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    result["startup"] = {
        "whimbrel_help": startup(whimbrel_command() + ["--help"]),
        "import_whimbrel": startup([sys.executable, "-c", "import whimbrel"]),
    }
    return result


def table(r: dict[str, Any]) -> str:
    w, s = r["whimbrel"], r["spacy"]
    rows = [
        f"{r['n_articles']} articles, {r['words']} words, {r['cores']} cores, "
        f"Python {r['python']}, spaCy {r['spacy_version']}",
        "",
        f"{'':<28}{'seconds':>9}{'articles/s':>12}{'words/s':>10}",
        f"{'spaCy nlp.pipe (full)':<28}{s['seconds']:>9.2f}{s['articles_per_s']:>12.2f}{s['words_per_s']:>10.0f}",
        f"{'whimbrel code_many (' + str(w['n_process']) + ' proc)':<28}{w['seconds']:>9.2f}"
        f"{w['articles_per_s']:>12.2f}{w['words_per_s']:>10.0f}",
        f"{'ratio whimbrel/spaCy':<28}{r['ratio_whimbrel_over_spacy']:>9.2f}   (goal >= 1.5)",
    ]
    if "whimbrel_1proc" in r:
        w1 = r["whimbrel_1proc"]
        rows += [
            f"{'whimbrel 1 proc (loaded)':<28}{w1['seconds']:>9.2f}{w1['articles_per_s']:>12.2f}"
            f"{w1['words_per_s']:>10.0f}",
            f"{'ratio 1 proc/spaCy (per core)':<28}{r['ratio_1proc_over_spacy']:>9.2f}",
        ]
    rows += [
        f"sentences parsed: {w['sentences_parsed']}/{w['sentences']} ({w['parsed_share']:.1%}); "
        f"load average before/after: {r['load_avg_before'][0]:.2f}/{r['load_avg_after'][0]:.2f}",
        "",
    ]
    for name, st in r["startup"].items():
        value = f"{st['median_s']:.2f} s" if "median_s" in st else f"FAILED: {st['error'][:200]}"
        rows.append(f"startup {name:<20}{value:>10}   (goal < 3 s)")
    rows.append(f"events coded: {w['events']}, articles failed: {w['failed']}")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description="whimbrel vs spaCy throughput, CLI startup")
    parser.add_argument("--n", type=int, default=300, help="articles to generate (default 300)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--no-single", dest="single", action="store_false",
                        help="skip the one-process whimbrel row")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every row this many times and keep the fastest (default 1)")
    parser.add_argument("--whimbrel-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.whimbrel_only:  # one row (b) run for whimbrel_fresh(), as JSON on stdout
        print(json.dumps(bench_whimbrel(to_articles(corpus.generate(args.n, args.seed)))))
        return
    result = run(args.n, args.seed, args.single, max(1, args.repeat))
    print(table(result))
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
