#!/usr/bin/env python3
"""Check sentences_x5.jsonl (no project imports)."""
import json, os, re, sys, collections
here = os.path.dirname(os.path.abspath(__file__))
ONT = '/work/shared/ontology'
codes = {l.split('\t')[0] for l in open(f'{ONT}/cameo_codes.tsv', encoding='utf-8').read().splitlines()[1:] if l}
TYPES = {e['event'] for e in json.load(open(f'{ONT}/plover_ontology.json'))['events']}
SECT = set('GOV MIL COP JUD LEG REB OPP CVL LAB BUS EDU MED REF REL JRN ELI AGR SPY PRM PRE CRM UAF'.split())
errs = 0; ids = set(); texts = set(); ev = collections.Counter(); root = collections.Counter(); cat = collections.Counter()
def err(i, m):
    global errs; errs += 1; print(i, m)
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, 'sentences_x5.jsonl')
for n, line in enumerate(open(path, encoding='utf-8'), 1):
    try:
        d = json.loads(line)
    except Exception as e:
        err(n, f'bad json {e}'); continue
    i = d['id']; t = d['text']; g = d['gold']
    if i in ids: err(i, 'dup id')
    ids.add(i)
    if t in texts: err(i, 'dup text')
    texts.add(t)
    if d.get('origin') != 'whimbrel-train': err(i, 'origin')
    w = len(t.split())
    if not 20 <= w <= 45: err(i, f'{w} words')
    c = g['cameo']
    if c is not None:
        if c not in codes: err(i, f'bad cameo {c}')
        if g['cameo_root'] != c[:2]: err(i, 'root')
    elif g['cameo_root'] is not None: err(i, 'root not null')
    for e in g['events']:
        if e not in TYPES: err(i, f'bad type {e}')
    if g['events']:
        if c is None: err(i, 'event without cameo')
        elif c[:2] in ('01', '02'): err(i, 'event with 01/02')
        if [a['event'] for a in g['actors']] != g['events']: err(i, 'actors/events mismatch')
    else:
        if g['actors']: err(i, 'actors on no-event')
        if c is not None and c[:2] not in ('01', '02'): err(i, 'no event but cameo not 01/02')
    for a in g['actors']:
        for role in ('source', 'target'):
            for x in a[role]:
                if x['text'] not in t: err(i, f'actor text not in sentence: {x["text"]}')
                elif not re.search(r'(?<![A-Za-z])' + re.escape(x['text']) + r'(?![A-Za-z])', t): err(i, f'actor text only inside a word: {x["text"]}')
                if not (len(x['code']) == 3 and x['code'].isupper()): err(i, f'bad code {x["code"]}')
                if x['sector'] is not None and x['sector'] not in SECT: err(i, f'bad sector {x["sector"]}')
        if not a['source'] and not a['target']: print(i, 'note: no actors at all')
    for e in g['events']: ev[e] += 1
    root[c[:2] if c else 'none'] += 1
    cat['event' if g['events'] else ('01/02' if c else 'no-event')] += 1
print(len(ids), 'lines,', errs, 'errors')
print(dict(cat)); print(dict(sorted(ev.items()))); print(dict(sorted(root.items())))
sys.exit(1 if errs else 0)
