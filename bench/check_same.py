"""Same output before and after a speed change: ``whimbrel code -p 1`` on fixed inputs,
compared byte for byte with a saved baseline, with the CPU seconds of each run.

    python bench/check_same.py --save BASE_DIR      # before the change: write the baseline
    python bench/check_same.py BASE_DIR [--repeat 2] # after: compare, print CPU seconds
    python bench/check_same.py BASE_DIR --src OLD/src --repeat 3 --only mixed430
                                                     # CPU before/after, run by run

Inputs: ``examples/``, ``tests/stories/`` (read recursively) and the mixed 430-story corpus
of ``bench_fair.py`` (real news plus generated stories). Each run is a fresh subprocess
(start-up included) with a private warm data cache; CPU seconds are user+sys of that
process and its children, the lowest of ``--repeat`` runs. Differences are reported as
counts of differing lines only (``tests/stories/`` holds lockbox stories: no event of
theirs is printed). ``--src`` times an older source tree (``git archive REV src | tar -x``)
interleaved with the installed code, for before/after CPU seconds on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_fair  # noqa: E402  (beside this file)


def inputs(tmp: Path) -> dict[str, Path]:
    """Name -> input path of every run."""
    corpus = tmp / "mixed430.jsonl"
    items = bench_fair.stories("mixed", 430, 7)
    corpus.write_text("".join(json.dumps(it) + "\n" for it in items), encoding="utf-8")
    return {"examples": ROOT / "examples", "stories": ROOT / "tests" / "stories", "mixed430": corpus}


def code(src: Path, out: Path, tree: Path | None = None) -> float:
    """Run ``whimbrel code SRC -o OUT -p 1`` in a fresh process (the package from source
    folder ``tree`` when given); its CPU seconds."""
    env = {**os.environ, "PYTHONPATH": str(tree)} if tree else None
    before = os.times()
    proc = subprocess.run([sys.executable, "-m", "whimbrel", "code", str(src), "-o", str(out), "-p", "1"],
                          capture_output=True, text=True, env=env)
    after = os.times()
    if proc.returncode not in (0, 2):
        raise SystemExit(f"whimbrel code {src} failed:\n{proc.stderr[-2000:]}")
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="baseline folder (written with --save)")
    parser.add_argument("--save", action="store_true", help="write the baseline instead of comparing")
    parser.add_argument("--repeat", type=int, default=1, help="runs per input; the lowest CPU counts")
    parser.add_argument("--only", nargs="*", help="input names to run (examples stories mixed430)")
    parser.add_argument("--src", type=Path, action="append", default=[],
                        help="also time this source folder (an older src/, e.g. from git archive), "
                             "interleaved run by run with the installed code (its output is not compared)")
    args = parser.parse_args()
    args.base.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ.setdefault("WHIMBREL_CACHE", str(Path(tempfile.gettempdir()) / "whimbrel-bench-cache"))
        same = True
        for name, src in inputs(tmp).items():
            if args.only and name not in args.only:
                continue
            out = (args.base if args.save else tmp / "out") / f"{name}.jsonl"
            out.parent.mkdir(exist_ok=True)
            times: dict[str, list[float]] = {str(t): [] for t in args.src}
            mine = []
            for _ in range(args.repeat):  # interleaved: other jobs disturb both alike
                for tree in args.src:
                    times[str(tree)].append(code(src, tmp / "out" / f"{name}-other.jsonl", tree))
                mine.append(code(src, out))
            cpu = min(mine)
            line = f"{name:<10} cpu {cpu:7.2f} s (runs {', '.join(f'{x:.2f}' for x in mine)})"
            for tree, runs in times.items():
                line += f"; {tree}: {min(runs):.2f} s (runs {', '.join(f'{x:.2f}' for x in runs)})"
            line += f"  load {os.getloadavg()[0]:.2f}"
            if not args.save:
                new = out.read_bytes().splitlines()
                old = (args.base / f"{name}.jsonl").read_bytes().splitlines()
                differ = sum(a != b for a, b in zip(old, new)) + abs(len(old) - len(new))
                same &= differ == 0
                line += f"  events {len(old)} -> {len(new)}, lines differing {differ}"
            else:
                line += f"  events {sum(1 for _ in out.open(encoding='utf-8'))} (saved)"
            print(line, flush=True)
        if not args.save:
            print("IDENTICAL" if same else "DIFFERENT")
            sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
