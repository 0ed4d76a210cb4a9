"""Check training/sentences_x4.jsonl (plain Python, no project imports)."""
import collections, csv, json, os, re, sys
ONT = "/work/shared/ontology/"
codes = {r["code"] for r in csv.DictReader(open(ONT + "cameo_codes.tsv"), delimiter="\t")}
PLOVER = {"AGREE","CONSULT","SUPPORT","CONCEDE","COOPERATE","AID","RETREAT","REQUEST","ACCUSE",
          "REJECT","THREATEN","PROTEST","SANCTION","MOBILIZE","COERCE","ASSAULT"}
SECT = {"GOV","MIL","COP","JUD","LEG","REB","OPP","CVL","LAB","BUS","EDU","MED","REF","REL",
        "JRN","ELI","AGR","SPY","PRM","PRE","CRM","UAF",None}
fn = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sentences_x4.jsonl")
ids, texts, errs = set(), set(), []
ev_c, root_c = collections.Counter(), collections.Counter()
for n, ln in enumerate(open(fn), 1):
    try:
        d = json.loads(ln)
    except Exception as e:
        errs.append((n, "json", e)); continue
    g = d["gold"]; t = d["text"]
    if d["id"] in ids: errs.append((n, "dup id"))
    ids.add(d["id"])
    if t in texts: errs.append((n, "dup text"))
    texts.add(t)
    if d.get("origin") != "whimbrel-train": errs.append((n, "origin"))
    if not re.fullmatch(r"TX4-\d{4}", d["id"]): errs.append((n, "id"))
    c = g["cameo"]
    if c not in codes: errs.append((n, "bad cameo", c))
    if g["cameo_root"] != c[:2]: errs.append((n, "root"))
    for e in g["events"]:
        if e not in PLOVER: errs.append((n, "event", e))
    if c[:2] in ("01", "02") and (g["events"] or g["actors"]): errs.append((n, "01/02 with events"))
    if c[:2] not in ("01", "02") and not g["events"]: errs.append((n, "no event"))
    for a in g["actors"]:
        if a["event"] not in g["events"]: errs.append((n, "actor event"))
        if not a["source"]: errs.append((n, "no source"))
        for x in a["source"] + a["target"]:
            if x["text"] not in t: errs.append((n, "actor text not in sentence", x["text"]))
            if x["sector"] not in SECT: errs.append((n, "sector", x["sector"]))
            if not re.fullmatch(r"[A-Z]{3}", x["code"]): errs.append((n, "code", x["code"]))
    wc = len(t.split())
    ev_c.update(g["events"] or ["(none, 01/02)"]); root_c[g["cameo_root"]] += 1
for e in errs: print("ERROR", *e)
print(len(ids), "lines;", len(errs), "errors")
if "-v" in sys.argv:
    print(dict(sorted(ev_c.items()))); print(dict(sorted(root_c.items())))
sys.exit(1 if errs else 0)
