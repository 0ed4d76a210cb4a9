"""Expand the hand-written staging file stage_x2.txt into sentences_x2.jsonl.
Line format: EVENT|CAMEO|text|sources|targets   (EVENT '-' = none; CAMEO '-' = null)
actors: 'text:CODE:SECTOR' separated by ';' (SECTOR '-' = null). Lines starting '#' ignored.
EVENT may be 'PROTEST+COERCE'; then two more fields |sources2|targets2 give the second event's actors."""
import json, os
here = os.path.dirname(os.path.abspath(__file__))
def actors(s):
    out = []
    for a in filter(None, s.split(';')):
        t, c, sec = a.rsplit(':', 2)
        out.append({"text": t.strip(), "code": c, "sector": None if sec == '-' else sec})
    return out
rows = []
for line in open(os.path.join(here, 'stage_x2.txt'), encoding='utf-8'):
    line = line.rstrip('\n')
    if not line.strip() or line.startswith('#'):
        continue
    parts = line.split('|')
    ev, cam, text, src, tgt = parts[:5]
    src2, tgt2 = (parts[5], parts[6]) if len(parts) == 7 else ('', '')
    evs = [] if ev == '-' else ev.split('+')
    cam = None if cam == '-' else cam
    acts = []
    if evs:
        acts = [{"event": evs[0], "source": actors(src), "target": actors(tgt)}]
        if len(evs) == 2:
            acts.append({"event": evs[1], "source": actors(src2), "target": actors(tgt2)})
    rows.append({"id": "TX2-%04d" % (len(rows) + 1), "text": text.strip(),
                 "gold": {"events": evs, "cameo": cam, "cameo_root": cam[:2] if cam else None,
                          "actors": acts}, "origin": "whimbrel-train"})
with open(os.path.join(here, 'sentences_x2.jsonl'), 'w', encoding='utf-8') as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(rows), 'rows written')
