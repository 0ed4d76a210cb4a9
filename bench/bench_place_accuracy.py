"""Toponym resolution and event-location accuracy on our hand-resolved stories.

    python bench/bench_place_accuracy.py [--gold PATH] [--half working|lockbox] [--quiet] [--json OUT]

With ``--gold tests/stories/place/toponyms_blind.json`` it scores the blind set; ``--half``
keeps one half (by story file: lockbox when int(sha1(file), 16) % 2 == 1). The lockbox
half's misses are never printed: only its totals.

Runs the real language and actors stages and the place finder over every story
of ``tests/stories/place/toponyms_gold.json`` (files relative to the repo root;
the seed story is read from ../shared/examples) and prints recall and precision
of found names, accuracy@161km and country accuracy of correctly found names,
per kind, then the misses. Then scores event location on the key events of
``tests/stories/expected.json`` (the "location (of matched)" line of
``whimbrel eval --stories``). Goals (issue 3): accuracy@161km >= 0.80, country
accuracy >= 0.90.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from whimbrel.place import evaluate_toponyms, format_toponym_report

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(ROOT / "tests" / "stories" / "place" / "toponyms_gold.json"))
    ap.add_argument("--half", choices=("working", "lockbox"),
                    help="score one half of a blind set (by story file)")
    ap.add_argument("--quiet", action="store_true", help="totals only, no list of misses")
    ap.add_argument("--json", help="write the full result here")
    args = ap.parse_args()

    start = time.perf_counter()
    result = evaluate_toponyms(args.gold, ROOT, half=args.half)
    took = time.perf_counter() - start
    details = not args.quiet and args.half != "lockbox"  # a lockbox is scored, never studied
    print(format_toponym_report(result, details=details))
    print(f"\n({len({r['file'] for r in result['rows']})} stories in {took:.1f} s)")
    if args.json and args.half != "lockbox":
        Path(args.json).write_text(json.dumps(result, indent=1, default=str), "utf-8")

    if Path(args.gold).name != "toponyms_gold.json":
        return
    from whimbrel.evaluate import evaluate_stories

    stories = evaluate_stories(ROOT / "tests" / "stories" / "expected.json")
    t = stories["totals"]
    print(f"\nevent location country (of matched key events): {t['location']}  "
          f"({t['n_matched']} matched of {t['n_events']} key events)")


if __name__ == "__main__":
    main()
