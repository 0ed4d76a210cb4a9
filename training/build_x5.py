#!/usr/bin/env python3
"""Build sentences_x5.jsonl from hand-written staging_x5_*.txt files.
Line format: EVENTS | CAMEO | SOURCES | TARGETS | TEXT
EVENTS: '-' or 'TYPE' or 'TYPE1+TYPE2'; CAMEO: code or '-' (null)
SOURCES/TARGETS: 'text=CODE/SECTOR;...' (SECTOR '-' = null); per event separated by '//'.
"""
import json, glob, os, sys
here = os.path.dirname(os.path.abspath(__file__))

def actors(spec):
    out = []
    for a in spec.split(';'):
        a = a.strip()
        if not a:
            continue
        t, cs = a.rsplit('=', 1)
        code, sec = cs.split('/')
        out.append({"text": t.strip(), "code": code.strip(), "sector": None if sec.strip() == '-' else sec.strip()})
    return out

rows = []
for f in sorted(glob.glob(os.path.join(here, 'staging_x5_*.txt'))):
    for ln, line in enumerate(open(f, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        parts = [p.strip() for p in line.split('|')]
        if len(parts) != 5:
            sys.exit(f'{f}:{ln}: expected 5 fields, got {len(parts)}')
        ev, cameo, src, tgt, text = parts
        events = [] if ev == '-' else ev.split('+')
        cameo = None if cameo == '-' else cameo
        acts = []
        if events:
            ss = src.split('//'); ts = tgt.split('//')
            for i, e in enumerate(events):
                s = ss[i] if i < len(ss) else ss[0]
                t = ts[i] if i < len(ts) else ts[0]
                acts.append({"event": e, "source": actors(s), "target": actors(t)})
        rows.append({"text": text, "gold": {"events": events, "cameo": cameo,
                     "cameo_root": cameo[:2] if cameo else None, "actors": acts}, "origin": "whimbrel-train"})
with open(os.path.join(here, 'sentences_x5.jsonl'), 'w', encoding='utf-8') as out:
    for i, r in enumerate(rows, 1):
        r = {"id": f"TX5-{i:04d}", **r}
        out.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(rows), 'sentences written')
