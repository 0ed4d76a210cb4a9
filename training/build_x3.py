#!/usr/bin/env python3
"""Convert hand-written staging_x3.txt lines into sentences_x3.jsonl.
Line format: EVENT|CAMEO|SOURCES|TARGETS|TEXT ; EVENT '-' = no PLOVER event; CAMEO '-' = none.
Actors: text@CODE@SECTOR separated by ';' (SECTOR '-' = null)."""
import json, os
here = os.path.dirname(os.path.abspath(__file__))
def actors(s):
    out = []
    for a in filter(None, s.split(';')):
        t, c, sec = a.split('@')
        out.append({"text": t.strip(), "code": c.strip(), "sector": None if sec.strip() == '-' else sec.strip()})
    return out
rows = []
for line in open(os.path.join(here, 'staging_x3.txt'), encoding='utf-8'):
    line = line.rstrip('\n')
    if not line.strip() or line.startswith('#'):
        continue
    ev, cameo, src, tgt, text = line.split('|', 4)
    ev, cameo = ev.strip(), cameo.strip()
    if cameo == '-':
        gold = {"events": [], "cameo": None, "cameo_root": None, "actors": []}
    elif ev == '-':
        gold = {"events": [], "cameo": cameo, "cameo_root": cameo[:2], "actors": []}
    else:
        gold = {"events": [ev], "cameo": cameo, "cameo_root": cameo[:2],
                "actors": [{"event": ev, "source": actors(src), "target": actors(tgt)}]}
    rows.append({"id": "TX3-%04d" % (len(rows) + 1), "text": text.strip(), "gold": gold, "origin": "whimbrel-train"})
with open(os.path.join(here, 'sentences_x3.jsonl'), 'w', encoding='utf-8') as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(rows), 'rows written')
