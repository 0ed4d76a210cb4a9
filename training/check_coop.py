#!/usr/bin/env python3
"""Stand-alone checker for sentences_coop.jsonl (no project imports)."""
import json, sys, os, re, collections
HERE = os.path.dirname(os.path.abspath(__file__))
ONT = '/work/shared/ontology'
codes = {}
for l in open(os.path.join(ONT, 'cameo_codes.tsv'), encoding='utf-8').read().splitlines()[1:]:
    c = l.split('\t')
    codes[c[0]] = c[2]
TYPES = {e['event'] for e in json.load(open(os.path.join(ONT, 'plover_ontology.json')))['events']}
SECTORS = set('GOV MIL COP JUD LEG REB OPP CVL LAB BUS EDU MED REF REL JRN ELI AGR SPY PRM PRE CRM UAF'.split())
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'sentences_coop.jsonl')
errs = []; ids = set(); texts = set()
ev_c = collections.Counter(); root_c = collections.Counter(); code_c = collections.Counter(); cat = collections.Counter()
lens = []
for i, line in enumerate(open(path, encoding='utf-8'), 1):
    try:
        o = json.loads(line)
    except Exception as e:
        errs.append(f"{i}: bad json {e}"); continue
    rid = o.get('id'); t = o.get('text', ''); g = o.get('gold', {})
    if rid in ids: errs.append(f"{rid}: duplicate id")
    ids.add(rid)
    if t in texts: errs.append(f"{rid}: duplicate text")
    texts.add(t)
    if o.get('origin') != 'whimbrel-train': errs.append(f"{rid}: origin")
    if set(o) != {'id', 'text', 'gold', 'origin'}: errs.append(f"{rid}: fields {sorted(o)}")
    if set(g) != {'events', 'cameo', 'cameo_root', 'actors'}: errs.append(f"{rid}: gold fields")
    nw = len(t.split()); lens.append(nw)
    if not 12 <= nw <= 50: errs.append(f"{rid}: {nw} words")
    c = g.get('cameo')
    if c is None:
        if g.get('cameo_root') is not None: errs.append(f"{rid}: root without code")
        if g.get('events') or g.get('actors'): errs.append(f"{rid}: events without cameo")
        cat['no political event'] += 1
    else:
        if c not in codes: errs.append(f"{rid}: unknown CAMEO {c}")
        elif g.get('cameo_root') != codes[c] or c[:2] != g.get('cameo_root'): errs.append(f"{rid}: root mismatch")
        root_c[g.get('cameo_root')] += 1; code_c[c] += 1
        if c[:2] in ('01', '02'):
            if g['events'] or g['actors']: errs.append(f"{rid}: 01/02 must have no events/actors")
            cat['statement/appeal (01/02)'] += 1
        else:
            if not g['events']: errs.append(f"{rid}: cameo {c} but no event")
            cat['political event'] += 1
    for e in g.get('events', []):
        if e not in TYPES: errs.append(f"{rid}: bad event {e}")
        ev_c[e] += 1
    if [a['event'] for a in g.get('actors', [])] != g.get('events'): errs.append(f"{rid}: actors/events mismatch")
    for a in g.get('actors', []):
        if not a['source']: errs.append(f"{rid}: no source")
        for side in ('source', 'target'):
            for x in a[side]:
                if x['text'] not in t: errs.append(f"{rid}: actor text not in sentence: {x['text']!r}")
                if not re.fullmatch(r'[A-Z]{3}', x['code']): errs.append(f"{rid}: bad code {x['code']}")
                if x['sector'] is not None and x['sector'] not in SECTORS: errs.append(f"{rid}: bad sector {x['sector']}")
for e in errs: print('ERROR', e)
print(f"{len(ids)} records, {len(errs)} errors; words min {min(lens)} max {max(lens)} mean {sum(lens)/len(lens):.1f}")
print('categories:', dict(cat))
print('PLOVER:', dict(sorted(ev_c.items())))
print('roots:', dict(sorted(root_c.items())))
print('distinct codes per root:', dict(sorted(collections.Counter(k[:2] for k in code_c).items())))
sys.exit(1 if errs else 0)
