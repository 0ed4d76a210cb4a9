#!/usr/bin/env python3
"""Convert the hand-written staging lines (staging_coop.txt) into sentences_coop.jsonl.

Line format:  CAMEO|SPEC|text
  CAMEO: a code from cameo_codes.tsv, or '-' for no political event
  SPEC:  '' (no PLOVER event) or EVENT:src,src>tgt,tgt [& EVENT2:...]
         actor = surface text=CODE or text=CODE/SECTOR
Ids are assigned in line order (TRP-0001 ...), so lines are only ever appended.
"""
import json, sys, os
HERE = os.path.dirname(os.path.abspath(__file__))

def actor(s):
    s = s.strip()
    text, _, cs = s.rpartition('=')
    code, _, sec = cs.partition('/')
    return {"text": text.strip(), "code": code.strip(), "sector": sec.strip() or None}

def parse_side(s):
    return [actor(a) for a in s.split(',') if a.strip()] if s.strip() else []

out = []
n = 0
for ln, line in enumerate(open(os.path.join(HERE, 'staging_coop.txt'), encoding='utf-8'), 1):
    line = line.rstrip('\n')
    if not line.strip() or line.startswith('#'):
        continue
    try:
        cameo, spec, text = line.split('|', 2)
    except ValueError:
        sys.exit(f"line {ln}: bad format: {line}")
    n += 1
    cameo = cameo.strip()
    events, actors = [], []
    for part in [p for p in spec.split('&') if p.strip()]:
        ev, _, rest = part.partition(':')
        src, _, tgt = rest.partition('>')
        events.append(ev.strip())
        actors.append({"event": ev.strip(), "source": parse_side(src), "target": parse_side(tgt)})
    gold = {"events": events, "cameo": None if cameo == '-' else cameo,
            "cameo_root": None if cameo == '-' else cameo[:2], "actors": actors}
    out.append({"id": f"TRP-{n:04d}", "text": text.strip(), "gold": gold, "origin": "whimbrel-train"})
with open(os.path.join(HERE, 'sentences_coop.jsonl'), 'w', encoding='utf-8') as f:
    for o in out:
        f.write(json.dumps(o, ensure_ascii=False) + '\n')
print(len(out), 'records written')
