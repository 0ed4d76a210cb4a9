#!/usr/bin/env python3
"""Build sentences_x1.jsonl from the hand-written staging file staging_x1.txt.
Staging line: TYPE|cameo|text|sources|targets   (TYPE '-' = no event; cameo '-' = null)
actors: 'text=CODE/SECTOR;text=CODE'  (sector omitted -> null)."""
import json, os
here = os.path.dirname(os.path.abspath(__file__))
def actors(s):
    out = []
    for a in filter(None, (x.strip() for x in s.split(';'))):
        t, c = a.rsplit('=', 1)
        code, _, sec = c.partition('/')
        out.append({"text": t.strip(), "code": code, "sector": sec or None})
    return out
rows = []
for ln in open(os.path.join(here, 'staging_x1.txt'), encoding='utf-8'):
    ln = ln.rstrip('\n')
    if not ln.strip() or ln.startswith('#'):
        continue
    typ, cameo, text, src, tgt = ln.split('|')
    cameo = None if cameo == '-' else cameo
    events = [] if typ == '-' else typ.split('+')
    acts = [{"event": events[0], "source": actors(src), "target": actors(tgt)}] if events else []
    rows.append({"id": "TX1-%04d" % (len(rows) + 1), "text": text.strip(),
                 "gold": {"events": events, "cameo": cameo,
                          "cameo_root": cameo[:2] if cameo else None, "actors": acts},
                 "origin": "whimbrel-train"})
with open(os.path.join(here, 'sentences_x1.jsonl'), 'w', encoding='utf-8') as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(rows), 'rows')
