"""Formatting step only: reads the hand-written staging lines
(cat|EXPECTED or -|also,also|YYYY-MM-DD|text), shuffles each batch with a fixed
seed so categories are mixed, numbers them and writes ../snippets_blind2.jsonl."""
import json, random, glob, os
H = os.path.dirname(os.path.abspath(__file__))
CAT = {"N": "disaster_natural", "I": "disaster_industrial", "T": "transport", "E": "epidemic",
       "C": "crime_accident", "P": "peaceful_protest", "V": "violent_demonstration",
       "A": "attack", "R": "arrest", "O": "political_other"}
out, n = [], 0
for f in sorted(glob.glob(os.path.join(H, "batch*.txt"))):
    rows = []
    for ln in open(f, encoding="utf-8"):
        ln = ln.strip()
        if not ln or ln.startswith("#"):
            continue
        c, e, a, d, t = ln.split("|", 4)
        rows.append({"text": t.strip(), "date": d.strip(), "category": CAT[c.strip()],
                     "expected": None if e.strip() == "-" else e.strip(),
                     "also": [x for x in a.strip().split(",") if x]})
    random.Random(f.rsplit("/", 1)[1]).shuffle(rows)
    for r in rows:
        n += 1
        out.append({"id": "SNIP2-%04d" % n, **r, "origin": "whimbrel-blind-snippets2"})
with open(os.path.join(H, "..", "snippets_blind2.jsonl"), "w", encoding="utf-8") as fh:
    for r in out:
        fh.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(out), "snippets written")
