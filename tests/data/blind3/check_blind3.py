#!/usr/bin/env python3
"""Check ../sentences_blind3.jsonl line by line and print counts. Plain Python, no project imports.

Checks: valid JSON; fields; CAMEO code exists in shared/ontology/cameo_codes.tsv; cameo_root =
first two digits; event names among the 16 PLOVER types; roots 01/02 and no-event records have
no events and no actors; one actor entry per event; every actor text occurs verbatim in the
sentence; ids unique; texts unique; 15-45 words; origin.
"""
import collections, csv, hashlib, json, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'sentences_blind3.jsonl')
ONT = None
for cand in [os.path.join(HERE, '..', '..', '..', '..', 'shared', 'ontology'),
             os.path.join(HERE, '..', '..', '..', 'shared', 'ontology'), '/work/shared/ontology']:
    if os.path.exists(os.path.join(cand, 'cameo_codes.tsv')):
        ONT = cand; break
if ONT is None:
    sys.exit('cameo_codes.tsv not found')
CODES = {row['code'] for row in csv.DictReader(open(os.path.join(ONT, 'cameo_codes.tsv')), delimiter='\t')}
TYPES = {'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
         'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'}
SECTORS = {'COP', 'GOV', 'JUD', 'LEG', 'MIL', 'PRM', 'PTY', 'REB', 'SPY', 'UAF', 'UNK', 'AGR', 'BUS',
           'CRM', 'CVL', 'EDU', 'ELI', 'JRN', 'LAB', 'MED', 'REF', 'OPP', 'PRE', 'REL', None}

def main():
    errs = []
    ids, texts = set(), set()
    by_type, by_root, by_code = collections.Counter(), collections.Counter(), collections.Counter()
    lock = collections.Counter(); words = []
    n = 0
    for ln, line in enumerate(open(DATA, encoding='utf-8'), 1):
        def bad(m): errs.append(f'line {ln}: {m}')
        try:
            r = json.loads(line)
        except Exception as e:
            bad(f'bad JSON {e}'); continue
        n += 1
        if set(r) != {'id', 'text', 'gold', 'origin'}: bad(f'fields {sorted(r)}')
        if r.get('origin') != 'whimbrel-blind3': bad('origin')
        i, t, g = r['id'], r['text'], r['gold']
        if i in ids: bad(f'duplicate id {i}')
        ids.add(i)
        if t in texts: bad('duplicate text')
        texts.add(t)
        nw = len(t.split()); words.append(nw)
        if not 15 <= nw <= 45: bad(f'{i}: {nw} words')
        if set(g) != {'events', 'cameo', 'cameo_root', 'actors'}: bad(f'{i}: gold fields')
        c = g['cameo']
        if c is not None:
            if c not in CODES: bad(f'{i}: unknown CAMEO {c}')
            if g['cameo_root'] != c[:2]: bad(f'{i}: cameo_root')
            by_root[c[:2]] += 1; by_code[c] += 1
        else:
            if g['cameo_root'] is not None: bad(f'{i}: root without code')
            by_root['none'] += 1
        ev = g['events']
        for e in ev:
            if e not in TYPES: bad(f'{i}: type {e}')
            by_type[e] += 1
        if len(set(ev)) != len(ev): bad(f'{i}: repeated type')
        if (c is None or c[:2] in ('01', '02')) and (ev or g['actors']): bad(f'{i}: 01/02/none with events')
        if c is not None and c[:2] not in ('01', '02') and not ev: bad(f'{i}: no events for {c}')
        if [a['event'] for a in g['actors']] != ev: bad(f'{i}: actors/events mismatch')
        for a in g['actors']:
            if set(a) != {'event', 'source', 'target'}: bad(f'{i}: actor entry fields')
            if not a['source']: bad(f'{i}: no source')
            for x in a['source'] + a['target']:
                if x['text'] not in t: bad(f'{i}: actor text not in sentence: {x["text"]!r}')
                if not (len(x['code']) == 3 and x['code'].isupper()): bad(f'{i}: code {x["code"]}')
                if x['sector'] not in SECTORS: bad(f'{i}: sector {x["sector"]}')
        if int(hashlib.sha1(i.encode()).hexdigest(), 16) % 2 == 1: lock['lockbox'] += 1
        else: lock['working'] += 1
    for e in errs: print(e)
    print(f'{n} records, {len(errs)} errors; words {min(words)}-{max(words)} mean {sum(words)/len(words):.1f}; {dict(lock)}')
    print('types:', ' '.join(f'{k}={by_type[k]}' for k in sorted(TYPES, key=lambda k: -by_type[k])))
    print('roots:', ' '.join(f'{k}={v}' for k, v in sorted(by_root.items())))
    print('two-event sentences:', sum(1 for l in open(DATA) if len(json.loads(l)['gold']['events']) > 1))
    if '-v' in sys.argv:
        print('codes:', ' '.join(f'{k}={v}' for k, v in sorted(by_code.items())))
    sys.exit(1 if errs else 0)

if __name__ == '__main__':
    main()
