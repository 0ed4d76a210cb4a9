"""Checker for sentences_blind4.jsonl (plain Python, no project imports)."""
import json, sys, os, collections, hashlib
here = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', 'sentences_blind4.jsonl')
codes = {l.split('\t')[0] for l in open('/work/shared/ontology/cameo_codes.tsv') if l.strip()}
cmap = {}
for l in open('/work/shared/ontology/cameo2plover.tsv'):
    p = l.rstrip('\n').split('\t')
    if p[0] != 'cameo_code': cmap.setdefault(p[0], set()).add(p[3])
PLOVER = set("AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split())
SECT = set("GOV MIL COP JUD LEG REB OPP CVL LAB BUS EDU MED REF REL JRN ELI AGR SPY PRM PRE CRM UAF".split())
CODES3 = set("IGO NGO IMG ISM".split())
errs = []; ids = set(); texts = set()
ptype = collections.Counter(); roots = collections.Counter(); sub = collections.Counter(); lock = 0; warn = []
for n, line in enumerate(open(path, encoding='utf-8'), 1):
    try: r = json.loads(line)
    except Exception as e: errs.append((n, 'json', str(e))); continue
    i, t, g = r['id'], r['text'], r['gold']
    if i in ids: errs.append((n, 'dup id', i))
    ids.add(i)
    if t in texts: errs.append((n, 'dup text', t))
    texts.add(t)
    if r.get('origin') != 'whimbrel-blind4': errs.append((n, 'origin'))
    w = len(t.split())
    if not 5 <= w <= 45: errs.append((n, 'length %d' % w, i))
    c = g['cameo']
    if c is None:
        if g['cameo_root'] is not None or g['events'] or g['actors']: errs.append((n, 'no-event fields', i))
        roots['none'] += 1
    else:
        if c not in codes: errs.append((n, 'bad cameo', c))
        if g['cameo_root'] != c[:2]: errs.append((n, 'root', i))
        roots[c[:2]] += 1; sub[c] += 1
        if c[:2] in ('01', '02') and (g['events'] or g['actors']): errs.append((n, '01/02 with events', i))
        if c[:2] not in ('01', '02') and not g['events']: errs.append((n, 'missing events', i))
        if g['events'] and g['events'][0] not in cmap.get(c, set()):
            warn.append((i, c, g['events'][0], 'mapping differs'))
    for e in g['events']:
        if e not in PLOVER: errs.append((n, 'bad event', e))
        ptype[e] += 1
    if [a['event'] for a in g['actors']] != g['events']: errs.append((n, 'actors/events mismatch', i))
    for a in g['actors']:
        if not a['source']: errs.append((n, 'no source', i))
        for x in a['source'] + a['target']:
            if x['text'] not in t: errs.append((n, 'actor text not in sentence', x['text']))
            if not (x['code'] in CODES3 or (len(x['code']) == 3 and x['code'].isupper())): errs.append((n, 'code', x['code']))
            if x['sector'] is not None and x['sector'] not in SECT: errs.append((n, 'sector', x['sector']))
    if int(hashlib.sha1(i.encode()).hexdigest(), 16) % 2 == 1: lock += 1
for e in errs: print('ERROR', *e)
if '-v' in sys.argv:
    for x in warn: print('note', *x)
print(len(ids), 'records;', len(errs), 'errors; lockbox', lock)
print('PLOVER:', dict(sorted(ptype.items())))
print('roots:', dict(sorted(roots.items())))
print('distinct sub-codes:', len(sub))
sys.exit(1 if errs else 0)
