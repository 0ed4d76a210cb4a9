"""Checker for snippets_blind3.jsonl (plain Python, no project imports)."""
import json, re, sys, os, collections
P = {"AGREE","CONSULT","SUPPORT","CONCEDE","COOPERATE","AID","RETREAT","REQUEST","ACCUSE","REJECT",
     "THREATEN","PROTEST","SANCTION","MOBILIZE","COERCE","ASSAULT"}
CATS = {"peaceful_protest","violent_demonstration","armed_clash","air_strike","shelling","attack_on_civilians",
        "abduction","sexual_violence","chemical_weapons","arrest","looting","political_other",
        "disaster_natural","disaster_industrial","transport","crime_accident"}
NULLC = {"disaster_natural","disaster_industrial","transport","crime_accident"}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "snippets_blind3.jsonl")
ids, texts, err = set(), set(), 0
cnt, exp = collections.Counter(), collections.Counter()
def bad(i, m):
    global err; err += 1; print("line", i, m)
for i, line in enumerate(open(path, encoding="utf-8"), 1):
    try: o = json.loads(line)
    except Exception as e: bad(i, "json " + str(e)); continue
    if set(o) != {"id","text","date","category","expected","also","origin"}: bad(i, "fields")
    if not re.fullmatch(r"SNIP3-\d{4}", o["id"]) or o["id"] in ids: bad(i, "id")
    ids.add(o["id"])
    if o["text"] in texts: bad(i, "dup text")
    texts.add(o["text"])
    if not re.fullmatch(r"20(0\d|1\d|2[0-5])-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", o["date"]): bad(i, "date")
    if o["category"] not in CATS: bad(i, "cat")
    if (o["category"] in NULLC) != (o["expected"] is None): bad(i, "expected/null mismatch")
    if o["expected"] is not None and o["expected"] not in P: bad(i, "expected type")
    if any(a not in P or a == o["expected"] for a in o["also"]): bad(i, "also")
    if o["category"] in NULLC and o["also"]: bad(i, "also on null")
    ns = len(re.findall(r"[.!?][\"'”]?(\s|$)", o["text"]))
    if not 1 <= ns <= 4: bad(i, "sentences %d" % ns)
    if o["origin"] != "whimbrel-blind-snippets3": bad(i, "origin")
    cnt[o["category"]] += 1; exp[o["expected"]] += 1
print(len(ids), "lines,", err, "errors"); print(dict(cnt)); print(dict(exp))
sys.exit(1 if err else 0)
