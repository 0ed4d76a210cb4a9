#!/usr/bin/env python3
"""Check sentences_x3.jsonl (no project imports)."""
import json, os, sys, collections
here = os.path.dirname(os.path.abspath(__file__))
codes = {}
for l in open('/work/shared/ontology/cameo_codes.tsv', encoding='utf-8').read().splitlines()[1:]:
    p = l.split('\t'); codes[p[0]] = p[1]
plover = {e['event'] for e in json.load(open('/work/shared/ontology/plover_ontology.json'))['events']}
m = collections.defaultdict(set)
for l in open('/work/shared/ontology/cameo2plover.tsv', encoding='utf-8').read().splitlines()[1:]:
    p = l.split('\t'); m[p[0]].add(p[3])
err = 0; ids = set(); texts = set(); cnt = collections.Counter(); roots = collections.Counter()
def bad(i, msg):
    global err; err += 1; print(i, msg)
for n, line in enumerate(open(os.path.join(here, 'sentences_x3.jsonl'), encoding='utf-8'), 1):
    try: r = json.loads(line)
    except Exception as e: bad(n, 'json %s' % e); continue
    i, t, g = r['id'], r['text'], r['gold']
    if i in ids: bad(i, 'dup id')
    ids.add(i)
    if t in texts: bad(i, 'dup text')
    texts.add(t)
    if r.get('origin') != 'whimbrel-train': bad(i, 'origin')
    c = g['cameo']
    if c is not None:
        if c not in codes: bad(i, 'cameo %s unknown' % c)
        if g['cameo_root'] != c[:2]: bad(i, 'root')
    elif g['cameo_root'] is not None: bad(i, 'root not null')
    for e in g['events']:
        if e not in plover: bad(i, 'event %s' % e)
    if c and c[:2] in ('01', '02') and (g['events'] or g['actors']): bad(i, '01/02 with events')
    if c and c[:2] not in ('01', '02') and not g['events']: bad(i, 'event missing')
    if g['events'] and c and g['events'][0] not in m.get(c, set()) and c != '163' and c != '0831':
        print(i, 'note: %s mapped to %s in table, labelled %s' % (c, m.get(c), g['events'][0]))
    for a in g['actors']:
        if a['event'] not in g['events']: bad(i, 'actor event')
        for x in a['source'] + a['target']:
            if x['text'] not in t: bad(i, 'actor text %r not in sentence' % x['text'])
    cnt[tuple(g['events']) or ('none' if c is None else 'stmt-' + c[:2])] += 1
    roots[g['cameo_root']] += 1
    nw = len(t.split())
    if nw < 8 or nw > 50: print(i, 'note: %d words' % nw)
print('lines', len(ids), 'errors', err)
for k, v in sorted(cnt.items(), key=str): print(' ', k, v)
print(' roots', dict(sorted(roots.items(), key=lambda x: str(x[0]))))
sys.exit(1 if err else 0)
