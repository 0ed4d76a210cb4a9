"""whimbrel against spaCy's full pipeline at its best, measured fairly. One command:

    python bench/bench_fair.py [--repeat 3] [--n 430] [--corpus mixed|real|synthetic]

The same stories go to both sides (``--corpus mixed``, the default: every real news story
on the machine -- GeoVirus WikiNews articles and TempEval-3 newswire from ``../shared/eval``
when present, the team's stories in ``tests/stories`` and ``examples`` -- then stories of
``bench/corpus.py`` up to ``--n``). Rows, each in a fresh Python process:

  spacy-1, spacy-2   ``nlp.pipe(texts, n_process=1|2, batch_size=64)``, spaCy's full
                     en_core_web_sm pipeline as shipped (thinc on BLIS), model loaded
                     before the clock starts
  spacy-numpy-1|2    (``--spacy-numpy``) spacy-1|2 with thinc multiplying on numpy's BLAS,
                     the switch whimbrel makes: what spaCy alone gains from it; the
                     ratios are then also given against the faster 2-process spaCy row
  whimbrel-cli       ``whimbrel code STORIES.jsonl -o OUT.jsonl`` as a user runs it: a
                     subprocess, start-up (model, lexicons, gazetteer) included
  whimbrel-steady    ``code_many(articles, n_process=2)`` with the pipeline loaded
  whimbrel-1         ``code_many(articles, n_process=1)``, loaded: the per-core row, with
                     its CPU seconds (less disturbed by other jobs than wall time)
  startup            ``whimbrel code`` on one short story (wall clock)

Rows run interleaved ``--repeat`` times (spaCy, whimbrel, spaCy, whimbrel...) and the
fastest run of each counts; every run and the load average beside it go to the JSON
(``bench/results.json``). Peak RSS is the largest resident set of any one process of
the row. Rows share a private data cache (gazetteer and lexicon pickles), built by
one untimed first run. Goals: whimbrel-cli >= 1.5x spacy-2, whimbrel-steady >= 2x spacy-2, start-up
< 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/corpus.py, beside this file)

ROWS = ("spacy-1", "spacy-2", "whimbrel-cli", "whimbrel-steady", "whimbrel-1")
BATCH_SIZE = 64


# ----------------------------------------------------------------------------- corpus

def real_stories() -> list[dict[str, Any]]:
    """Every real or hand-written news story on the machine, as {id, text, date}."""
    out: list[dict[str, Any]] = []
    for name, date_key in (("geovirus.jsonl", "date"), ("te3_platinum_docs.jsonl", "dct")):
        path = SHARED_EVAL / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            out.append({"id": f"{path.stem}-{rec['doc_id']}", "text": rec["text"],
                        "date": (rec.get(date_key) or None)})
    folders = [ROOT / "examples", ROOT / "tests" / "stories", ROOT / "tests" / "stories" / "fresh",
               ROOT / "tests" / "stories" / "place", ROOT / "tests" / "stories" / "place" / "acc"]
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            date = None
            first, _, rest = text.partition("\n")
            if first.startswith("date "):
                date, text = first[5:].strip()[:10], rest
            out.append({"id": f"{folder.name}-{path.stem}", "text": text, "date": date})
    return out


def stories(kind: str, n: int, seed: int) -> list[dict[str, Any]]:
    real = real_stories() if kind in ("mixed", "real") else []
    need = max(0, n - len(real)) if kind == "mixed" else (n if kind == "synthetic" else 0)
    synth = [{"id": a.doc_id, "text": a.text, "date": a.date.isoformat()}
             for a in corpus.generate(need, seed)] if need else []
    return real + synth


# ----------------------------------------------------------------------------- rows

def _peak_rss_mb() -> float:
    """Largest resident set of this process or any child it waited for (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, kids) / 1024, 1)


def _cpu_children() -> float:
    t = os.times()
    return t.children_user + t.children_system


def row_spacy(path: Path, n_process: int, numpy_gemm: bool = False) -> dict[str, Any]:
    """spaCy's full pipeline as its package ships it (thinc multiplying with BLIS), or
    with ``numpy_gemm`` the same switch whimbrel makes (:func:`whimbrel.language.use_numpy_gemm`)."""
    from whimbrel.language import load_model, use_numpy_gemm

    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    nlp = use_numpy_gemm(load_model()) if numpy_gemm else load_model()
    list(nlp.pipe(texts[:4]))  # first-call allocations out of the clock
    cpu, kids, start = time.process_time(), _cpu_children(), time.perf_counter()
    n_tok = sum(len(d) for d in nlp.pipe(texts, n_process=n_process, batch_size=BATCH_SIZE))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu_s": time.process_time() - cpu + _cpu_children() - kids,
            "tokens": n_tok, "pipes": list(nlp.pipe_names)}


def row_whimbrel_cli(path: Path, n_process: int | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "events.jsonl"
        cmd = [_whimbrel_script(), "code", str(path), "-o", str(out)]
        if n_process:
            cmd += ["-p", str(n_process)]
        cpu, start = _cpu_children(), time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 2):
            raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
        events = sum(1 for _ in out.open(encoding="utf-8"))
    return {"seconds": seconds, "cpu_s": _cpu_children() - cpu, "events": events,
            "summary": proc.stderr.strip().splitlines()[-1:]}


def row_whimbrel_loaded(path: Path, n_process: int) -> dict[str, Any]:
    from whimbrel.api import code_many, warm_pipeline
    from whimbrel.errors import InputError
    from whimbrel.ingest import read_inputs

    warm_pipeline()
    articles = list(read_inputs([str(path)]))
    cpu, kids, start = time.process_time(), _cpu_children(), time.perf_counter()
    docs = list(code_many(articles, n_process=n_process))
    seconds = time.perf_counter() - start
    coded = [d for d in docs if not isinstance(d, InputError)]
    n_sent = sum(len(d.sentences) for d in coded)
    n_parsed = sum(1 for d in coded for s in d.sentences if s.skipped is None)
    return {"seconds": seconds, "cpu_s_parent": time.process_time() - cpu,
            "cpu_s": time.process_time() - cpu + _cpu_children() - kids,
            "events": sum(len(d.events) for d in coded), "failed": len(docs) - len(coded),
            "sentences": n_sent, "sentences_parsed": n_parsed}


def row_startup() -> dict[str, Any]:
    """Wall clock of `whimbrel code` on one short story, as a user runs it."""
    with tempfile.TemporaryDirectory() as tmp:
        story = Path(tmp) / "story.txt"
        story.write_text("date 2024-01-15\nNAIROBI, Jan 15 - Kenya and Ethiopia agreed on Monday "
                         "to hold border talks in Addis Ababa next month, officials said.\n",
                         encoding="utf-8")
        cpu, start = _cpu_children(), time.perf_counter()
        proc = subprocess.run([_whimbrel_script(), "code", str(story), "-o", str(Path(tmp) / "o.jsonl")],
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"whimbrel code failed:\n{proc.stderr[-2000:]}")
        # CPU seconds beside the wall clock: on a busy machine they still compare runs
        return {"seconds": seconds, "cpu_s": _cpu_children() - cpu}


def _whimbrel_script() -> str:
    script = Path(sys.executable).parent / "whimbrel"
    if not script.exists():
        raise SystemExit(f"no whimbrel script beside {sys.executable}; pip install -e . first")
    return str(script)


def run_row(name: str, path: Path) -> dict[str, Any]:
    """One row in this (fresh) process; adds peak RSS and the load average."""
    if name.startswith("spacy-numpy-"):
        out = row_spacy(path, int(name[-1]), numpy_gemm=True)
    elif name.startswith("spacy-"):
        out = row_spacy(path, int(name[-1]))
    elif name == "whimbrel-cli":
        out = row_whimbrel_cli(path)
    elif name == "whimbrel-steady":
        out = row_whimbrel_loaded(path, 2)
    elif name == "whimbrel-1":
        out = row_whimbrel_loaded(path, 1)
    elif name == "whimbrel-cli-1":
        out = row_whimbrel_cli(path, 1)
    elif name == "startup":
        out = row_startup()
    else:
        raise SystemExit(f"unknown row {name!r}; known: {', '.join(ROWS + ('startup',))}")
    return {**out, "peak_rss_mb": _peak_rss_mb(), "load_avg": round(os.getloadavg()[0], 2)}


def fresh_row(name: str, path: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--row", name, "--stories", str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if proc.returncode != 0:
        raise SystemExit(f"row {name} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- report

def run(args: argparse.Namespace) -> dict[str, Any]:
    items = stories(args.corpus, args.n, args.seed)
    words = sum(len(it["text"].split()) for it in items)
    result: dict[str, Any] = {
        "stories": len(items), "words": words, "corpus": args.corpus, "seed": args.seed,
        "cores": os.cpu_count(), "python": platform.python_version(), "batch_size": BATCH_SIZE,
        "repeat": args.repeat, "load_avg_before": [round(x, 2) for x in os.getloadavg()],
        "runs": {name: [] for name in _rows(args)},
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stories.jsonl"
        path.write_text("".join(json.dumps(it) + "\n" for it in items), encoding="utf-8")
        # a private, warm data cache (gazetteer, lexicon pickles): what a user has after
        # the first run, and safe from other checkouts sharing ~/.cache/whimbrel
        os.environ["WHIMBREL_CACHE"] = str(Path(tmp) / "cache")
        # bytecode as an installed package has it: compiled by the untimed first run into a
        # private folder (with PYTHONDONTWRITEBYTECODE set, every run would compile
        # whimbrel's ~50 modules from source again: 0.1-0.2 s of each start-up)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        result["cold_start_s"] = round(fresh_row("startup", path)["seconds"], 3)
        for k in range(args.repeat):
            for name in _rows(args):
                r = fresh_row(name, path)
                result["runs"][name].append(r)
                print(f"  run {k + 1}/{args.repeat} {name:<16}{r['seconds']:8.2f} s"
                      f"   load {r['load_avg']:.2f}", file=sys.stderr, flush=True)
    best = {name: min(runs, key=lambda r: r["seconds"]) for name, runs in result["runs"].items() if runs}
    for name, r in best.items():
        r["words_per_s"] = round(words / r["seconds"], 1)
        r["stories_per_s"] = round(len(items) / r["seconds"], 2)
    result["best"] = best
    s2 = best["spacy-2"]["seconds"]
    result["ratios"] = {
        "cli_over_spacy2": round(s2 / best["whimbrel-cli"]["seconds"], 3),
        "steady_over_spacy2": round(s2 / best["whimbrel-steady"]["seconds"], 3),
        "cli_over_spacy1": round(best["spacy-1"]["seconds"] / best["whimbrel-cli"]["seconds"], 3),
    }
    if "whimbrel-1" in best:
        result["ratios"]["cpu_spacy1_over_whimbrel1"] = round(
            best["spacy-1"]["cpu_s"] / best["whimbrel-1"]["cpu_s"], 3)
        if "spacy-numpy-1" in best:
            result["ratios"]["cpu_spacy_numpy1_over_whimbrel1"] = round(
                best["spacy-numpy-1"]["cpu_s"] / best["whimbrel-1"]["cpu_s"], 3)
    if "spacy-numpy-2" in best:
        # spaCy at its very best: the faster of its 2-process rows, as shipped or on numpy's BLAS
        s2 = min(s2, best["spacy-numpy-2"]["seconds"])
        result["ratios"]["cli_over_spacy_best2"] = round(s2 / best["whimbrel-cli"]["seconds"], 3)
        result["ratios"]["steady_over_spacy_best2"] = round(s2 / best["whimbrel-steady"]["seconds"], 3)
    result["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    import spacy

    result["spacy_version"] = spacy.__version__
    return result


def _rows(args: argparse.Namespace) -> list[str]:
    """The rows to run, in their interleaved order."""
    rows = [n for n in ROWS if n != "whimbrel-1" or args.single]
    if args.spacy_numpy:
        rows[2:2] = ["spacy-numpy-1", "spacy-numpy-2"]
    return rows + ["startup"]


def table(r: dict[str, Any]) -> str:
    b = r["best"]
    lines = [f"{r['stories']} stories ({r['corpus']}), {r['words']} words, {r['cores']} cores, "
             f"Python {r['python']}, spaCy {r['spacy_version']}, best of {r['repeat']}",
             "", f"{'row':<18}{'seconds':>9}{'words/s':>10}{'stories/s':>11}{'cpu s':>8}"
             f"{'peak RSS':>10}{'load':>6}"]
    for name in ROWS[:2] + ("spacy-numpy-1", "spacy-numpy-2") + ROWS[2:]:
        if name not in b:
            continue
        x = b[name]
        lines.append(f"{name:<18}{x['seconds']:>9.2f}{x['words_per_s']:>10.0f}{x['stories_per_s']:>11.2f}"
                     f"{x.get('cpu_s', 0):>8.1f}{x['peak_rss_mb']:>8.0f}MB{x['load_avg']:>6.2f}")
    ra = r["ratios"]
    lines += ["",
              f"whimbrel code (start-up included) / spaCy 2 proc: {ra['cli_over_spacy2']:.2f}x  (goal >= 1.5)",
              f"whimbrel steady state           / spaCy 2 proc: {ra['steady_over_spacy2']:.2f}x  (goal >= 2)",
              f"whimbrel code (start-up included) / spaCy 1 proc: {ra['cli_over_spacy1']:.2f}x"]
    if "cli_over_spacy_best2" in ra:
        lines += [f"the same against spaCy's faster 2-process row (as shipped or on numpy's BLAS): "
                  f"{ra['cli_over_spacy_best2']:.2f}x start-up included, "
                  f"{ra['steady_over_spacy_best2']:.2f}x steady"]
    if "cpu_spacy1_over_whimbrel1" in ra:
        lines.append(f"CPU seconds spaCy 1 proc / whimbrel 1 proc:      {ra['cpu_spacy1_over_whimbrel1']:.2f}x")
    if "cpu_spacy_numpy1_over_whimbrel1" in ra:
        lines.append(f"  the same, spaCy also on numpy's BLAS:           "
                     f"{ra['cpu_spacy_numpy1_over_whimbrel1']:.2f}x")
    w = b.get("whimbrel-1") or b["whimbrel-steady"]
    lines += [f"start-up (whimbrel code, one short story): {b['startup']['seconds']:.2f} s, "
              f"{b['startup'].get('cpu_s', 0):.2f} CPU s  (goal < 1.5 s); "
              f"first run, building the data cache: {r['cold_start_s']:.2f} s",
              f"sentences parsed: {w['sentences_parsed']}/{w['sentences']} "
              f"({w['sentences_parsed'] / max(1, w['sentences']):.1%}); events {w['events']}",
              f"load average before/after: {r['load_avg_before'][0]:.2f}/{r['load_avg_after'][0]:.2f}"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=430, help="stories (mixed/synthetic; default 430)")
    parser.add_argument("--corpus", choices=("mixed", "real", "synthetic"), default="mixed")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs per row (default 3)")
    parser.add_argument("--no-single", dest="single", action="store_false",
                        help="skip the one-process whimbrel row")
    parser.add_argument("--spacy-numpy", action="store_true",
                        help="add a row: spaCy on one process multiplying with numpy's BLAS, "
                             "the switch whimbrel makes (use_numpy_gemm)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--row", help=argparse.SUPPRESS)
    parser.add_argument("--stories", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.row:
        print(json.dumps(run_row(args.row, args.stories)))
        return
    result = run(args)
    print(table(result))
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
