#!/usr/bin/env python3
"""Convert hand-written staging lines into JSONL.

Staging line: CAMEO|ACTORS|text
  CAMEO  : CAMEO code, or '-' for a sentence with no political event
  ACTORS : EVENT:src>tgt joined by '&' (main event first); src/tgt are
           ';'-joined 'text=CODE/SECTOR' (or 'text=CODE'); '-' when none.
Lines starting with '#' and blank lines are skipped.
Usage: build.py staging.txt out.jsonl PREFIX
"""
import json, sys

def parse_side(s):
    out = []
    for part in [p for p in s.split(';') if p.strip()]:
        text, code = part.rsplit('=', 1)
        sector = None
        if '/' in code:
            code, sector = code.split('/', 1)
        out.append({"text": text.strip(), "code": code.strip(), "sector": sector.strip() if sector else None})
    return out

def fix_case(side, text):
    """Use the sentence's own casing when an actor was typed with another case."""
    low = text.lower()
    for a in side:
        if a["text"] not in text:
            i = low.find(a["text"].lower())
            if i >= 0:
                a["text"] = text[i:i + len(a["text"])]
    return side

def main(src, dst, prefix):
    recs = []
    for ln, line in enumerate(open(src, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        try:
            cameo, actors, text = line.split('|', 2)
        except ValueError:
            sys.exit(f"{src}:{ln}: bad line")
        cameo = cameo.strip(); actors = actors.strip(); text = text.strip()
        evs, acts = [], []
        if actors and actors != '-':
            for chunk in actors.split('&'):
                ev, rest = chunk.split(':', 1)
                s, t = rest.split('>', 1) if '>' in rest else (rest, '')
                ev = ev.strip()
                if ev not in evs:
                    evs.append(ev)
                acts.append({"event": ev, "source": fix_case(parse_side(s), text), "target": fix_case(parse_side(t), text)})
        gold = {"events": evs,
                "cameo": None if cameo == '-' else cameo,
                "cameo_root": None if cameo == '-' else cameo[:2],
                "actors": acts}
        recs.append({"id": f"{prefix}-{len(recs)+1:04d}", "text": text, "gold": gold, "origin": "whimbrel-train"})
    with open(dst, 'w', encoding='utf-8') as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    print(f"{dst}: {len(recs)} records")

if __name__ == '__main__':
    main(*sys.argv[1:4])
