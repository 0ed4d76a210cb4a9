#!/usr/bin/env python3
"""Verify training JSONL files (no project imports).
Usage: check.py FILE.jsonl [--words MIN MAX]"""
import json, sys, collections
ONT = '/work/shared/ontology/cameo_codes.tsv'
PLOVER = {"AGREE","CONSULT","SUPPORT","CONCEDE","COOPERATE","AID","RETREAT","REQUEST",
          "ACCUSE","REJECT","THREATEN","PROTEST","SANCTION","MOBILIZE","COERCE","ASSAULT"}
SECTORS = {"GOV","MIL","COP","JUD","LEG","REB","OPP","CVL","LAB","BUS","EDU","MED","REF","REL",
           "JRN","ELI","AGR","SPY","PRM","PRE","CRM","UAF","UNK","PTY","NGO","IGO","HLH","ENV","SET","MOD","RAD","ETH","IND","DEV","HRI"}
codes = set()
for i, line in enumerate(open(ONT, encoding='utf-8')):
    if i == 0: continue
    f = line.rstrip('\n').split('\t')
    if f and f[0]: codes.add(f[0].strip())

def check(path, wmin=None, wmax=None):
    errs, ids, texts = [], set(), set()
    stats = collections.Counter(); roots = collections.Counter(); n = 0
    for ln, line in enumerate(open(path, encoding='utf-8'), 1):
        n += 1
        try:
            r = json.loads(line)
        except Exception as e:
            errs.append(f"{ln}: invalid JSON {e}"); continue
        for k in ("id", "text", "gold", "origin"):
            if k not in r: errs.append(f"{ln}: missing {k}")
        if r['id'] in ids: errs.append(f"{ln}: duplicate id {r['id']}")
        ids.add(r['id'])
        t = r['text']
        if t in texts: errs.append(f"{ln}: duplicate text")
        texts.add(t)
        if wmin is not None:
            w = len(t.split())
            if not (wmin <= w <= wmax): errs.append(f"{ln} {r['id']}: {w} words")
        g = r['gold']
        c = g['cameo']
        if c is None:
            if g['cameo_root'] is not None: errs.append(f"{ln}: root without cameo")
            if g['events'] or g['actors']: errs.append(f"{ln}: events without cameo")
            stats['NONE'] += 1; roots['none'] += 1
        else:
            if c not in codes: errs.append(f"{ln} {r['id']}: unknown CAMEO {c}")
            if g['cameo_root'] != c[:2]: errs.append(f"{ln}: cameo_root mismatch")
            roots[c[:2]] += 1
            if c[:2] not in ('01', '02') and not g['events']:
                errs.append(f"{ln} {r['id']}: CAMEO {c} but no events")
        for e in g['events']:
            if e not in PLOVER: errs.append(f"{ln} {r['id']}: bad event {e}")
            stats[e] += 1
        aev = [a['event'] for a in g['actors']]
        if g['events'] and aev and aev[0] != g['events'][0]:
            errs.append(f"{ln} {r['id']}: actors order")
        for a in g['actors']:
            if a['event'] not in g['events']: errs.append(f"{ln} {r['id']}: actor event {a['event']} not in events")
            for side in ('source', 'target'):
                for x in a[side]:
                    if x['text'] not in t: errs.append(f"{ln} {r['id']}: actor text '{x['text']}' not in sentence")
                    if x['sector'] is not None and x['sector'] not in SECTORS: errs.append(f"{ln} {r['id']}: sector {x['sector']}")
                    if not (len(x['code']) == 3 and x['code'].isupper()): errs.append(f"{ln} {r['id']}: code {x['code']}")
    for e in errs: print(e)
    print(f"{path}: {n} lines, {len(errs)} errors")
    print(" events:", dict(sorted(stats.items())))
    print(" roots :", dict(sorted(roots.items())))
    return not errs

if __name__ == '__main__':
    a = sys.argv[1:]
    wmin = wmax = None
    if '--words' in a:
        i = a.index('--words'); wmin, wmax = int(a[i+1]), int(a[i+2]); del a[i:i+3]
    ok = all([check(p, wmin, wmax) for p in a])
    sys.exit(0 if ok else 1)
