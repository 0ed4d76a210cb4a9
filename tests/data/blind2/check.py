"""Check ../sentences_blind2.jsonl: JSON, CAMEO codes, roots, PLOVER names, actor texts, ids, duplicates; print counts."""
import json, os, sys, hashlib, collections
HERE = os.path.dirname(os.path.abspath(__file__))
ONT = "/work/shared/ontology/cameo_codes.tsv"
codes = {l.split("\t")[0] for l in open(ONT, encoding="utf-8").read().splitlines()[1:] if l.strip()}
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
          "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
errs, ids, texts = [], set(), set()
types, roots, lock, cats = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
lens = []
path = os.path.join(HERE, "..", "sentences_blind2.jsonl")
for i, line in enumerate(open(path, encoding="utf-8"), 1):
    try:
        r = json.loads(line)
    except Exception as e:
        errs.append(f"line {i}: bad json {e}"); continue
    rid, t, g = r["id"], r["text"], r["gold"]
    if rid in ids: errs.append(f"{rid}: duplicate id")
    ids.add(rid)
    if t.lower() in texts: errs.append(f"{rid}: duplicate text")
    texts.add(t.lower())
    if r.get("origin") != "whimbrel-blind2": errs.append(f"{rid}: origin")
    nw = len(t.split()); lens.append(nw)
    if not 15 <= nw <= 45: errs.append(f"{rid}: {nw} words")
    c = g["cameo"]
    if c is None:
        if g["cameo_root"] is not None or g["events"] or g["actors"]: errs.append(f"{rid}: no-event record not empty")
        cats["none"] += 1; roots["none"] += 1
    else:
        if c not in codes: errs.append(f"{rid}: unknown CAMEO {c}")
        if g["cameo_root"] != c[:2]: errs.append(f"{rid}: root mismatch")
        roots[c[:2]] += 1
        if c[:2] in ("01", "02"):
            if g["events"] or g["actors"]: errs.append(f"{rid}: 01/02 must have no events/actors")
            cats["01/02"] += 1
        else:
            if not g["events"]: errs.append(f"{rid}: root {c[:2]} without event")
            cats["event"] += 1
    if len(set(g["events"])) != len(g["events"]): errs.append(f"{rid}: repeated event")
    for e in g["events"]:
        if e not in PLOVER: errs.append(f"{rid}: bad event {e}")
        types[e] += 1
    if [a["event"] for a in g["actors"]] != g["events"]: errs.append(f"{rid}: actors/events mismatch")
    for a in g["actors"]:
        for side in ("source", "target"):
            for x in a[side]:
                if x["text"] not in t: errs.append(f"{rid}: actor text {x['text']!r} not in sentence")
                if not (len(x["code"]) == 3 and x["code"].isupper()): errs.append(f"{rid}: code {x['code']}")
        if not a["source"]: errs.append(f"{rid}: no source actor")
    lock[int(hashlib.sha1(rid.encode()).hexdigest(), 16) % 2] += 1
for e in errs: print("ERROR", e)
print("records", len(ids), "| categories", dict(cats), "| lockbox(1)/open(0)", dict(lock))
print("words min/mean/max", min(lens), round(sum(lens) / len(lens), 1), max(lens))
print("types", dict(sorted(types.items(), key=lambda kv: kv[1])))
print("roots", dict(sorted(roots.items())))
sys.exit(1 if errs else 0)
