"""Checker for snippets_blind.jsonl (plain Python, no project imports)."""
import json, re, sys, datetime, collections

PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
NULL_CATS = {"disaster_natural", "disaster_industrial", "epidemic", "crime_accident"}
CATS = {"peaceful_protest", "violent_demonstration", "chemical_weapons", "sexual_violence",
        "air_strike", "shelling", "armed_clash", "abduction", "arrest", "attack_on_civilians",
        "looting"} | NULL_CATS
KEYS = ["id", "text", "date", "category", "expected", "also", "origin"]

def sentences(text):
    # rough: split after . ! ? followed by space + capital/quote/digit, ignoring initials like "U.N."
    parts = re.split(r'(?<![A-Z]\.[A-Z])(?<!\b[A-Z])(?<=[.!?])["\u201d]?\s+(?=["\u201cA-Z0-9])', text)
    return [p for p in parts if p.strip()]

def main(path):
    errs, ids, texts = [], set(), set()
    cnt, exp = collections.Counter(), collections.Counter()
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        try:
            o = json.loads(line)
        except Exception as e:
            errs.append(f"{n}: bad json {e}"); continue
        if list(o) != KEYS:
            errs.append(f"{n}: keys {list(o)}")
        if o["id"] in ids: errs.append(f"{n}: dup id {o['id']}")
        ids.add(o["id"])
        t = o["text"]
        if t in texts: errs.append(f"{n}: dup text")
        texts.add(t)
        if "|" in t: errs.append(f"{n}: pipe in text")
        ns = len(sentences(t))
        if not 1 <= ns <= 3: errs.append(f"{n} {o['id']}: {ns} sentences")
        try:
            d = datetime.date.fromisoformat(o["date"])
            if not datetime.date(2000, 1, 1) <= d <= datetime.date(2025, 12, 31):
                errs.append(f"{n}: date out of range")
        except Exception:
            errs.append(f"{n}: bad date {o['date']}")
        if o["category"] not in CATS: errs.append(f"{n}: bad category {o['category']}")
        e = o["expected"]
        if o["category"] in NULL_CATS:
            if e is not None: errs.append(f"{n}: null category with expected {e}")
            if o["also"]: errs.append(f"{n}: null category with also")
        elif e not in PLOVER:
            errs.append(f"{n}: bad expected {e}")
        for a in o["also"]:
            if a not in PLOVER: errs.append(f"{n}: bad also {a}")
            if a == e: errs.append(f"{n}: also repeats expected")
        if len(set(o["also"])) != len(o["also"]): errs.append(f"{n}: dup in also")
        if o["origin"] != "whimbrel-blind-snippets": errs.append(f"{n}: origin")
        # date sanity: any 'On D Month YYYY' in text must not be after publication date
        for m in re.finditer(r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})", t):
            ev = datetime.datetime.strptime(" ".join(m.groups()), "%d %B %Y").date()
            if ev > d: errs.append(f"{n} {o['id']}: event date {ev} after publication {d}")
        cnt[o["category"]] += 1; exp[e] += 1
    for x in errs: print("ERROR", x)
    print(len(ids), "snippets;", dict(cnt)); print("expected:", dict(exp))
    return 1 if errs else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/snippets_blind.jsonl"))
