"""Date normalisation on TempEval-3 platinum (text nobody here wrote).

    python bench/bench_timex.py [../shared/eval/te3_platinum_docs.jsonl] [--errors]

Prints, per TimeML type, how many gold expressions get the gold normalised value
when read against the document's creation date (the goal is DATE >= 0.85) and the
share the finder spots in running text. ``--errors`` lists the misses (a dev set:
study it, never copy its text into the project).
"""

from __future__ import annotations

import sys
from pathlib import Path

from whimbrel.evaluate import evaluate_timex, format_timex_report

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "te3_platinum_docs.jsonl"


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else DEFAULT
    result = evaluate_timex(path, types=("DATE", "TIME", "DURATION", "SET") if "--all" in argv else ("DATE",))
    print(format_timex_report(result))
    if "--errors" in argv:
        for e in result["errors"]:
            print(f"  {e['dct']} {e['text']!r:<24} gold={e['gold']:<12} got={e['got']} ({e['tense']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
