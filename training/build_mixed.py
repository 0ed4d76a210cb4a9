#!/usr/bin/env python3
"""Convert the hand-written staging file (staging_mixed.txt) into sentences_mixed.jsonl.

Staging line format (one sentence a line, written and labelled by hand):
    CAMEO|EVENT:src1;src2>tgt1;tgt2&EVENT2:...|sentence text
    actor = text=ISO or text=ISO/SECTOR
    CAMEO 01/02 statement/appeal:   020||text
    no political event:             -||text
Lines starting with # are comments. This script only reformats; it writes no text.
"""
import json, sys, os
HERE = os.path.dirname(os.path.abspath(__file__))

def actor(s):
    s = s.strip()
    text, code = s.rsplit('=', 1)
    sec = None
    if '/' in code:
        code, sec = code.split('/', 1)
    return {"text": text.strip(), "code": code.strip(), "sector": sec.strip() if sec else None}

def main():
    out = []
    n = 0
    for ln, line in enumerate(open(os.path.join(HERE, 'staging_mixed.txt'), encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        try:
            cameo, evs, text = line.split('|', 2)
        except ValueError:
            sys.exit(f"staging line {ln}: bad field count: {line}")
        cameo = cameo.strip(); text = text.strip()
        events, actors = [], []
        if evs.strip():
            for part in evs.split('&'):
                ev, rest = part.split(':', 1)
                src, tgt = rest.split('>', 1) if '>' in rest else (rest, '')
                events.append(ev.strip())
                actors.append({"event": ev.strip(),
                               "source": [actor(a) for a in src.split(';') if a.strip()],
                               "target": [actor(a) for a in tgt.split(';') if a.strip()]})
        n += 1
        code = None if cameo == '-' else cameo
        out.append({"id": f"TRM-{n:04d}", "text": text,
                    "gold": {"events": events, "cameo": code, "cameo_root": code[:2] if code else None,
                             "actors": actors},
                    "origin": "whimbrel-train"})
    with open(os.path.join(HERE, 'sentences_mixed.jsonl'), 'w', encoding='utf-8') as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + '\n')
    print(f"wrote {len(out)} records")

if __name__ == '__main__':
    main()
