"""Check sentences_x2.jsonl (plain Python, no project imports)."""
import json, os, sys, collections
here = os.path.dirname(os.path.abspath(__file__))
codes = set(l.split('\t')[0] for l in open('/work/shared/ontology/cameo_codes.tsv', encoding='utf-8'))
PLOVER = {"AGREE","CONSULT","SUPPORT","COOPERATE","AID","CONCEDE","RETREAT","ACCUSE","REQUEST",
          "REJECT","THREATEN","PROTEST","MOBILIZE","SANCTION","COERCE","ASSAULT"}
ids, texts, errs = set(), set(), []
ev_c, root_c, cat_c = collections.Counter(), collections.Counter(), collections.Counter()
for n, line in enumerate(open(os.path.join(here, 'sentences_x2.jsonl'), encoding='utf-8'), 1):
    try:
        r = json.loads(line)
    except Exception as e:
        errs.append((n, 'json', e)); continue
    g = r['gold']; t = r['text']
    if r['id'] in ids: errs.append((n, 'dup id'))
    ids.add(r['id'])
    if t in texts: errs.append((n, 'dup text'))
    texts.add(t)
    if r.get('origin') != 'whimbrel-train': errs.append((n, 'origin'))
    c = g['cameo']
    if c is not None:
        if c not in codes: errs.append((n, 'bad cameo', c))
        if g['cameo_root'] != c[:2]: errs.append((n, 'root'))
        root_c[c[:2]] += 1
    elif g['cameo_root'] is not None: errs.append((n, 'root not null'))
    for e in g['events']:
        if e not in PLOVER: errs.append((n, 'event', e))
        ev_c[e] += 1
    if not g['events']:
        if g['actors']: errs.append((n, 'actors on non-event'))
        if c is not None and c[:2] not in ('01', '02'): errs.append((n, 'no event but root', c))
        cat_c['statement' if c else 'no-event'] += 1
    else:
        if c is None or c[:2] in ('01', '02'): errs.append((n, 'event with stmt/null cameo'))
        cat_c['event'] += 1
    for a in g['actors']:
        for a2 in a['source'] + a['target']:
            if a2['text'] not in t: errs.append((n, 'actor not in text', a2['text']))
    w = len(t.split())
    if not 25 <= w <= 45: errs.append((n, 'length', w))
for e in errs: print('ERR', *e)
print(len(ids), 'rows;', dict(cat_c)); print(dict(sorted(ev_c.items()))); print(dict(sorted(root_c.items())))
sys.exit(1 if errs else 0)
