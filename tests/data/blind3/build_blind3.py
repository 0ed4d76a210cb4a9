#!/usr/bin/env python3
"""Convert the hand-written staging.txt of the blind3 set into ../sentences_blind3.jsonl.

staging.txt, one sentence a line:  CAMEO | EVENTS | text
  CAMEO  : a code of cameo_codes.tsv, or '-' for no political event
  EVENTS : '-' (no PLOVER event) or 'TYPE: src + src > tgt + tgt ; TYPE2: ...'
           an actor is 'text=CODE/SECTOR' or 'text=CODE' (sector null)
Lines starting with '#' and blank lines are skipped. Ids are given in file order.
Plain Python, no project imports.
"""
import json, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'sentences_blind3.jsonl')

def actor(spec):
    spec = spec.strip()
    text, _, cs = spec.rpartition('=')
    code, _, sector = cs.partition('/')
    return {"text": text.strip(), "code": code.strip(), "sector": (sector.strip() or None)}

def side(s):
    s = s.strip()
    return [actor(a) for a in s.split(' + ')] if s else []

def main():
    recs = []
    n = 0
    for ln, line in enumerate(open(os.path.join(HERE, 'staging.txt'), encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        try:
            cameo, evs, text = [p.strip() for p in line.split(' | ', 2)]
        except ValueError:
            sys.exit(f'staging.txt:{ln}: need three fields')
        n += 1
        events, actors = [], []
        if evs != '-':
            for part in evs.split(' ; '):
                typ, _, rest = part.partition(':')
                src, _, tgt = rest.partition('>')
                typ = typ.strip()
                events.append(typ)
                actors.append({"event": typ, "source": side(src), "target": side(tgt)})
        c = None if cameo == '-' else cameo
        recs.append({"id": f"BL3-{n:04d}", "text": text,
                     "gold": {"events": events, "cameo": c, "cameo_root": c[:2] if c else None,
                              "actors": actors},
                     "origin": "whimbrel-blind3"})
    with open(OUT, 'w', encoding='utf-8') as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    print(f'wrote {len(recs)} records to {os.path.normpath(OUT)}')

if __name__ == '__main__':
    main()
