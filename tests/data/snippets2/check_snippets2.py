"""Checker for snippets_blind2.jsonl (plain Python, no project imports)."""
import json, re, sys, os, collections, hashlib
H = os.path.dirname(os.path.abspath(__file__))
P = os.path.join(H, "..", "snippets_blind2.jsonl")
ONT = "/work/shared/ontology/plover_ontology.json"
TYPES = {e["event"] for e in json.load(open(ONT))["events"]}
NULLCATS = {"disaster_natural", "disaster_industrial", "transport", "epidemic", "crime_accident"}
EXPCAT = {"peaceful_protest": {"PROTEST"}, "violent_demonstration": {"PROTEST"},
          "attack": {"ASSAULT"}, "arrest": {"COERCE"}, "political_other": TYPES}
KEYS = ["id", "text", "date", "category", "expected", "also", "origin"]
MON = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July",
       "August", "September", "October", "November", "December"], 1)}
err, ids, texts = [], set(), set()
cnt, cnt_e, lock = collections.Counter(), collections.Counter(), collections.Counter()
for i, ln in enumerate(open(P, encoding="utf-8"), 1):
    try:
        r = json.loads(ln)
    except Exception as x:
        err.append((i, "json", x)); continue
    if list(r) != KEYS: err.append((i, "keys", list(r)))
    if r["id"] in ids: err.append((i, "dup id"))
    ids.add(r["id"])
    if not re.fullmatch(r"SNIP2-\d{4}", r["id"]): err.append((i, "id form"))
    t = r["text"]
    if t in texts: err.append((i, "dup text"))
    texts.add(t)
    ns = len(re.findall(r"[.!?][\"']?(?=\s+[A-Z\"]|$)", t))
    if not 1 <= ns <= 4: err.append((i, "sentences", ns))
    if not re.fullmatch(r"20(0\d|1\d|2[0-5])-\d\d-\d\d", r["date"]): err.append((i, "date", r["date"]))
    for d, m, y in re.findall(r"\b(\d{1,2}) (" + "|".join(MON) + r") (\d{4})", t):
        if "%s-%02d-%02d" % (y, MON[m], int(d)) > r["date"]: err.append((i, "date before text date"))
    c, e = r["category"], r["expected"]
    if c in NULLCATS:
        if e is not None: err.append((i, "null cat with expected"))
    elif c in EXPCAT:
        if e not in EXPCAT[c]: err.append((i, "expected", c, e))
    else: err.append((i, "category", c))
    if any(a not in TYPES or a == e for a in r["also"]): err.append((i, "also", r["also"]))
    if r["origin"] != "whimbrel-blind-snippets2": err.append((i, "origin"))
    cnt[c] += 1; cnt_e[e] += 1
    lock[(c, int(hashlib.sha1(r["id"].encode()).hexdigest(), 16) % 2)] += 1
for x in err: print("ERR", *x)
for c in sorted(cnt): print("%-22s %4d lockbox %3d dev %3d" % (c, cnt[c], lock[(c, 1)], lock[(c, 0)]))
print(dict(cnt_e), "total", sum(cnt.values()))
sys.exit(1 if err else 0)
