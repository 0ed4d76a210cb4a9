#!/usr/bin/env python3
"""Check training/snippets_news.jsonl (plain Python, no project imports)."""
import json, sys, re, collections
PATH = sys.argv[1] if len(sys.argv) > 1 else 'snippets_news.jsonl'
PLOVER = {"AGREE","CONSULT","SUPPORT","CONCEDE","COOPERATE","AID","RETREAT","REQUEST",
          "ACCUSE","REJECT","THREATEN","PROTEST","SANCTION","MOBILIZE","COERCE","ASSAULT"}
SECT = set("GOV MIL COP JUD LEG REB OPP CVL LAB BUS EDU MED REF REL JRN ELI AGR SPY PRM PRE CRM UAF".split())
CATS_A = {"natural_disaster","industrial_disaster","transport","epidemic","crime","business_sport_science"}
CATS_B = {"protest","riot","armed_attack","arrest_crackdown","interstate"}
codes = set(l.split('\t')[0] for l in list(open('/work/shared/ontology/cameo_codes.tsv'))[1:])
c2p = {}
for l in list(open('/work/shared/ontology/cameo2plover.tsv'))[1:]:
    f = l.split('\t'); c2p.setdefault(f[0], f[3])
errs = []; ids = set(); texts = set(); cat = collections.Counter(); ev = collections.Counter(); root = collections.Counter()
nsent = collections.Counter()
for n, line in enumerate(open(PATH, encoding='utf-8'), 1):
    try: r = json.loads(line)
    except Exception as e: errs.append(f'{n}: bad json {e}'); continue
    if set(r) != {"id","text","date","gold","category","origin"}: errs.append(f'{n}: keys {set(r)}')
    if r['id'] in ids: errs.append(f'{n}: dup id')
    ids.add(r['id'])
    t = r['text']
    if t.lower() in texts: errs.append(f'{n}: dup text')
    texts.add(t.lower())
    if not re.fullmatch(r'(199[5-9]|20[0-2]\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])', r['date']) or r['date'] > '2025-12-31':
        errs.append(f'{n}: date {r["date"]}')
    if r['origin'] != 'whimbrel-train': errs.append(f'{n}: origin')
    g = r['gold']; c = r['category']; cat[c] += 1
    if c not in CATS_A | CATS_B: errs.append(f'{n}: category {c}')
    for e in g['events']:
        if e not in PLOVER: errs.append(f'{n}: event {e}')
        ev[e] += 1
    if len(set(g['events'])) != len(g['events']): errs.append(f'{n}: repeated event')
    cm = g['cameo']
    if c in CATS_A:
        if g['events'] or cm or g['cameo_root'] or g['actors']: errs.append(f'{n}: A-category must be empty')
        root['none'] += 1
    else:
        if not g['events']: errs.append(f'{n}: B-category without event')
        if cm not in codes: errs.append(f'{n}: cameo {cm}')
        if g['cameo_root'] != cm[:2]: errs.append(f'{n}: root')
        if c2p.get(cm) and g['events'] and c2p[cm] != g['events'][0] and cm not in ('163', '0871', '0813', '0814'):
            errs.append(f'{n}: cameo {cm} maps {c2p[cm]} not {g["events"][0]}')
        root[cm[:2]] += 1
        roles = {a['role'] for a in g['actors']}
        if 'source' not in roles: errs.append(f'{n}: no source actor')
    for a in g['actors']:
        if a['text'] not in t: errs.append(f'{n}: actor not in text: {a["text"]}')
        if a['role'] not in ('source','target'): errs.append(f'{n}: role')
        cd = a['code']
        if cd and not (cd in ('IGO','NGO','IMG') or (re.fullmatch(r'[A-Z]{3}', cd[:3]) and (len(cd)==3 or cd[3:] in SECT))):
            errs.append(f'{n}: code {cd}')
    ns = len(re.findall(r'[.!?]["\u201d]?(?:\s|$)', t))
    nsent[ns] += 1
    if not 1 <= ns <= 4: errs.append(f'{n}: {ns} sentences')
    if '|' in t or '>' in t: errs.append(f'{n}: stray delimiter')
for e in errs: print(e)
print(n, 'lines,', len(errs), 'errors')
print('category', dict(sorted(cat.items())))
print('events', dict(sorted(ev.items())))
print('roots', dict(sorted(root.items())))
print('sentences', dict(sorted(nsent.items())))
sys.exit(1 if errs else 0)
