"""Assemble snippets_blind3.jsonl from the hand-written batch files (batch*.txt).
Line format: CODE[:EXPECTED]|also1,also2|YYYY-MM-DD|text   (text written by hand)
Each batch is shuffled with a fixed seed so earlier ids stay stable."""
import json, random, glob, os
CATS = {"PP": ("peaceful_protest", "PROTEST"), "VD": ("violent_demonstration", "PROTEST"),
        "CL": ("armed_clash", "ASSAULT"), "AS": ("air_strike", "ASSAULT"), "SH": ("shelling", "ASSAULT"),
        "AC": ("attack_on_civilians", "ASSAULT"), "AB": ("abduction", "ASSAULT"),
        "SV": ("sexual_violence", "ASSAULT"), "CW": ("chemical_weapons", "ASSAULT"),
        "AR": ("arrest", "COERCE"), "LO": ("looting", "ASSAULT"), "PO": ("political_other", None),
        "DN": ("disaster_natural", None), "DI": ("disaster_industrial", None),
        "TR": ("transport", None), "CA": ("crime_accident", None)}
here = os.path.dirname(os.path.abspath(__file__))
out, n = [], 0
for bf in sorted(glob.glob(os.path.join(here, "batch*.txt"))):
    rows = [l.rstrip("\n") for l in open(bf, encoding="utf-8") if l.strip() and not l.startswith("#")]
    random.Random(os.path.basename(bf)).shuffle(rows)
    for l in rows:
        code, also, date, text = l.split("|", 3)
        c, _, exp = code.partition(":")
        cat, dflt = CATS[c.strip()]
        exp = exp.strip() or dflt
        if c.strip() == "PO" and not exp:
            raise SystemExit("PO without expected: " + l)
        n += 1
        out.append({"id": "SNIP3-%04d" % n, "text": text.strip(), "date": date.strip(), "category": cat,
                    "expected": exp, "also": [a.strip() for a in also.split(",") if a.strip() and a.strip() != exp],
                    "origin": "whimbrel-blind-snippets3"})
with open(os.path.join(here, "..", "snippets_blind3.jsonl"), "w", encoding="utf-8") as f:
    for o in out:
        f.write(json.dumps(o, ensure_ascii=False) + "\n")
print(len(out), "snippets written")
