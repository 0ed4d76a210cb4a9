"""Build sentences_x4.jsonl from hand-written staging files stage_x4_*.txt.
Line format:  CODE[!EVENT] | text | sources | targets
actors: 'text=ISO[/SECTOR]' separated by ';'. Roots 01/02 -> events [] and actors []."""
import csv, glob, json, os
ONT = "/work/shared/ontology/"
here = os.path.dirname(os.path.abspath(__file__))
m = {}
with open(ONT + "cameo2plover.tsv") as f:
    for r in csv.DictReader(f, delimiter="\t"):
        m.setdefault(r["cameo_code"], r["plover_event"])
# project conventions (see README_x4.md)
m.update({"163": "SANCTION", "0813": "CONCEDE", "0814": "CONCEDE", "175": "ASSAULT"})
def actors(s):
    out = []
    for a in [x.strip() for x in s.split(";") if x.strip()]:
        t, c = a.rsplit("=", 1)
        code, _, sec = c.partition("/")
        out.append({"text": t.strip(), "code": code.strip(), "sector": sec.strip() or None})
    return out
rows = []
for fn in sorted(glob.glob(os.path.join(here, "stage_x4_*.txt"))):
    for ln in open(fn):
        ln = ln.strip()
        if not ln or ln.startswith("#"):
            continue
        p = [x.strip() for x in ln.split("|")]
        assert len(p) == 4, (fn, ln)
        code, _, ev = p[0].partition("!")
        root = code[:2]
        if root in ("01", "02"):
            gold = {"events": [], "cameo": code, "cameo_root": root, "actors": []}
        else:
            ev = ev or m[code]
            gold = {"events": [ev], "cameo": code, "cameo_root": root,
                    "actors": [{"event": ev, "source": actors(p[2]), "target": actors(p[3])}]}
        rows.append({"text": p[1], "gold": gold})
with open(os.path.join(here, "sentences_x4.jsonl"), "w") as f:
    for i, r in enumerate(rows, 1):
        f.write(json.dumps({"id": "TX4-%04d" % i, "text": r["text"], "gold": r["gold"],
                            "origin": "whimbrel-train"}, ensure_ascii=False) + "\n")
print(len(rows), "sentences written")
