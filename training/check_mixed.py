#!/usr/bin/env python3
"""Check sentences_mixed.jsonl (plain Python, no project imports). Prints counts; exits 1 on errors."""
import json, sys, os, collections, csv
HERE = os.path.dirname(os.path.abspath(__file__))
ONT = '/work/shared/ontology'
TYPES = {"AGREE","CONSULT","SUPPORT","CONCEDE","COOPERATE","AID","RETREAT","REQUEST","ACCUSE",
         "REJECT","THREATEN","PROTEST","SANCTION","MOBILIZE","COERCE","ASSAULT"}
SECTORS = set("GOV MIL COP JUD LEG REB OPP CVL LAB BUS EDU MED REF REL JRN ELI AGR SPY PRM PRE CRM UAF".split())
codes = set()
with open(os.path.join(ONT, 'cameo_codes.tsv'), encoding='utf-8') as f:
    for row in csv.DictReader(f, delimiter='\t'):
        codes.add(row['code'])
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'sentences_mixed.jsonl')
errs, ids, texts = [], set(), set()
ev_n, root_n, cat_n = collections.Counter(), collections.Counter(), collections.Counter()
codes_used = collections.Counter(); lens = []
for i, line in enumerate(open(path, encoding='utf-8'), 1):
    try:
        o = json.loads(line)
    except Exception as e:
        errs.append(f"line {i}: bad JSON {e}"); continue
    rid, text, g = o.get('id'), o.get('text', ''), o.get('gold', {})
    if rid in ids: errs.append(f"{rid}: duplicate id")
    ids.add(rid)
    key = ' '.join(text.lower().split())
    if key in texts: errs.append(f"{rid}: duplicate text")
    texts.add(key)
    if o.get('origin') != 'whimbrel-train': errs.append(f"{rid}: origin")
    nw = len(text.split()); lens.append(nw)
    if not 15 <= nw <= 45: errs.append(f"{rid}: {nw} words")
    c = g.get('cameo'); evs = g.get('events', []); acts = g.get('actors', [])
    if c is not None:
        if c not in codes: errs.append(f"{rid}: unknown CAMEO {c}")
        if g.get('cameo_root') != c[:2]: errs.append(f"{rid}: cameo_root {g.get('cameo_root')} != {c[:2]}")
        codes_used[c] += 1; root_n[c[:2]] += 1
    else:
        if g.get('cameo_root') is not None: errs.append(f"{rid}: root without code")
        root_n['none'] += 1
    for e in evs:
        if e not in TYPES: errs.append(f"{rid}: bad event {e}")
        ev_n[e] += 1
    if len(set(evs)) != len(evs): errs.append(f"{rid}: repeated event")
    if [a.get('event') for a in acts] != evs: errs.append(f"{rid}: actors/events mismatch")
    if not evs:
        if acts: errs.append(f"{rid}: actors without events")
        cat = 'statement/appeal (01/02)' if c else 'no political event'
        if c and c[:2] not in ('01', '02'): errs.append(f"{rid}: no event but root {c[:2]}")
    else:
        cat = 'PLOVER event'
        if c and c[:2] in ('01', '02'): errs.append(f"{rid}: events with root 01/02")
        for a in acts:
            if not a.get('source'): errs.append(f"{rid}: no source for {a.get('event')}")
            for side in ('source', 'target'):
                for x in a.get(side, []):
                    if x['text'] not in text: errs.append(f"{rid}: actor '{x['text']}' not in text")
                    cd = x.get('code', '')
                    if not (cd in ('IGO', 'NGO', 'IMG') or (len(cd) == 3 and cd.isupper())):
                        errs.append(f"{rid}: bad code {cd}")
                    if x.get('sector') is not None and x['sector'] not in SECTORS:
                        errs.append(f"{rid}: bad sector {x['sector']}")
    cat_n[cat] += 1
for e in errs: print('ERROR', e)
print(f"records {len(ids)}; words min {min(lens)} max {max(lens)} mean {sum(lens)/len(lens):.1f}")
print('categories', dict(cat_n))
print('events', dict(sorted(ev_n.items(), key=lambda x: -x[1])))
print('roots', dict(sorted(root_n.items())))
print('distinct CAMEO codes', len(codes_used))
sys.exit(1 if errs else 0)
