#!/usr/bin/env python3
"""Check sentences_x1.jsonl: JSON, CAMEO codes, roots, PLOVER names, actors verbatim, unique ids/texts."""
import json, os, sys, collections
here = os.path.dirname(os.path.abspath(__file__))
codes = {l.split('\t')[0] for l in open('/work/shared/ontology/cameo_codes.tsv', encoding='utf-8')}
PLOVER = set("AGREE CONSULT SUPPORT COOPERATE AID CONCEDE RETREAT REQUEST ACCUSE REJECT THREATEN "
             "PROTEST SANCTION MOBILIZE COERCE ASSAULT".split())
ROOT = {'03':{'AGREE'},'04':{'CONSULT'},'05':{'SUPPORT'},'06':{'COOPERATE'},'07':{'AID'},
        '08':{'CONCEDE','RETREAT'},'09':{'ACCUSE'},'10':{'REQUEST'},'11':{'ACCUSE'},'12':{'REJECT'},
        '13':{'THREATEN'},'14':{'PROTEST'},'15':{'MOBILIZE'},'16':{'SANCTION','COERCE'},
        '17':{'COERCE','ASSAULT'},'18':{'ASSAULT'},'19':{'ASSAULT','COERCE'},'20':{'ASSAULT'}}
err = 0; ids = set(); texts = set(); per = collections.Counter(); roots = collections.Counter(); cat = collections.Counter()
def bad(i, m):
    global err; err += 1; print(i, m)
for n, ln in enumerate(open(os.path.join(here, 'sentences_x1.jsonl'), encoding='utf-8'), 1):
    try: r = json.loads(ln)
    except Exception as e: bad(n, 'json %s' % e); continue
    i, t, g = r['id'], r['text'], r['gold']
    if i in ids: bad(i, 'dup id')
    ids.add(i)
    if t.lower() in texts: bad(i, 'dup text')
    texts.add(t.lower())
    if r.get('origin') != 'whimbrel-train': bad(i, 'origin')
    c, ev = g['cameo'], g['events']
    nw = len(t.split())
    if nw < 8 or nw > 50: bad(i, 'length %d' % nw)
    if c is None:
        if ev or g['cameo_root'] is not None or g['actors']: bad(i, 'null cameo but fields set')
        cat['no-event'] += 1; continue
    if c not in codes: bad(i, 'cameo %s' % c)
    if g['cameo_root'] != c[:2]: bad(i, 'root')
    roots[c[:2]] += 1
    if c[:2] in ('01', '02'):
        if ev or g['actors']: bad(i, 'statement with events')
        cat['statement'] += 1; continue
    if not ev: bad(i, 'no events')
    for e in ev:
        if e not in PLOVER: bad(i, 'plover %s' % e)
        per[e] += 1
    if ev[0] not in ROOT.get(c[:2], ()): bad(i, 'event %s vs root %s' % (ev[0], c[:2]))
    cat['event'] += 1
    for a in g['actors']:
        for side in ('source', 'target'):
            for x in a[side]:
                if x['text'] not in t: bad(i, 'actor not verbatim: %s' % x['text'])
    if not g['actors'] or not g['actors'][0]['source']: bad(i, 'no source actor')
print('lines', len(ids), 'errors', err)
print('categories', dict(cat)); print('plover', dict(sorted(per.items()))); print('roots', dict(sorted(roots.items())))
sys.exit(1 if err else 0)
