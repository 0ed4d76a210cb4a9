"""Convert the hand-written notation files (src_*.txt, in order) to ../sentences_blind4.jsonl.
Each line: CAMEO|EVENTS|ACTORS|TEXT  (CAMEO '-' = no political event; EVENTS comma list or empty;
ACTORS: per event 'src1;src2>tgt1;tgt2', events separated by '#'; actor 'text=CODE' or 'text=CODE/SECTOR').
The sentences and labels are written by hand; this only changes notation."""
import json, glob, os
here = os.path.dirname(os.path.abspath(__file__))
def actor(s):
    t, c = s.rsplit('=', 1)
    code, _, sec = c.partition('/')
    return {"text": t.strip(), "code": code.strip(), "sector": sec.strip() or None}
out = []
for fn in sorted(glob.glob(os.path.join(here, 'src_*.txt'))):
    for ln in open(fn, encoding='utf-8'):
        ln = ln.strip()
        if not ln or ln.startswith('#'):
            continue
        cam, ev, act, text = ln.split('|', 3)
        cam = cam.strip(); evs = [e.strip() for e in ev.split(',') if e.strip()]
        actors = []
        if evs:
            groups = act.split('#')
            assert len(groups) == len(evs), ln
            for e, g in zip(evs, groups):
                s, _, t = g.partition('>')
                actors.append({"event": e,
                               "source": [actor(x) for x in s.split(';') if x.strip()],
                               "target": [actor(x) for x in t.split(';') if x.strip()]})
        gold = {"events": evs, "cameo": None if cam == '-' else cam,
                "cameo_root": None if cam == '-' else cam[:2], "actors": actors}
        out.append({"id": "BL4-%04d" % (len(out) + 1), "text": text.strip(), "gold": gold,
                    "origin": "whimbrel-blind4"})
with open(os.path.join(here, '..', 'sentences_blind4.jsonl'), 'w', encoding='utf-8') as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(out), 'records')
