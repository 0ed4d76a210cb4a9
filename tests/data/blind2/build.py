"""Convert the hand-written staging.txt into ../sentences_blind2.jsonl (format only; no text is generated).

staging line:  CAMEO|ANNOT|sentence
  CAMEO  a CAMEO code, or '-' for no political event
  ANNOT  '-' (no PLOVER event) or EVENT:src>tgt[&EVENT2:src>tgt]
         src/tgt: actors joined by '+', each 'text/CODE/SECTOR' (SECTOR '-' = null)
"""
import json, os
HERE = os.path.dirname(os.path.abspath(__file__))
out = []
n = 0
for line in open(os.path.join(HERE, "staging.txt"), encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    cameo, annot, text = line.split("|", 2)
    n += 1
    def actors(s):
        res = []
        for a in filter(None, s.split("+")):
            t, c, sec = a.split("/")
            res.append({"text": t, "code": c, "sector": None if sec == "-" else sec})
        return res
    events, acts = [], []
    if annot != "-":
        for part in annot.split("&"):
            ev, st = part.split(":", 1)
            src, tgt = st.split(">")
            events.append(ev)
            acts.append({"event": ev, "source": actors(src), "target": actors(tgt)})
    gold = {"events": events, "cameo": None if cameo == "-" else cameo,
            "cameo_root": None if cameo == "-" else cameo[:2], "actors": acts}
    out.append({"id": "BL2-%04d" % n, "text": text.strip(), "gold": gold, "origin": "whimbrel-blind2"})
with open(os.path.join(HERE, "..", "sentences_blind2.jsonl"), "w", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print("wrote", len(out))
