#!/usr/bin/env python3
"""Build snippets_news.jsonl from hand-written staging_sn_*.txt files.
Staging line: category|YYYY-MM-DD|cameo|EV1,EV2|actor>s|t>CODE;...|text
Each batch file is shuffled with a fixed seed (kinds mixed), ids assigned in order."""
import json, glob, random
CATS = dict(nat='natural_disaster', ind='industrial_disaster', trn='transport', epi='epidemic',
            crm='crime', biz='business_sport_science', pro='protest', riot='riot', atk='armed_attack',
            arr='arrest_crackdown', dip='interstate')
rows = []
for path in sorted(glob.glob('staging_sn_*.txt')):
    batch = []
    for line in open(path, encoding='utf-8'):
        line = line.strip()
        if not line or line.startswith('#'): continue
        cat, date, cameo, evs, acts, text = line.split('|', 5)
        actors = []
        for a in filter(None, acts.split(';')):
            t, role, code = a.split('>')
            actors.append({"text": t.strip(), "role": {"s": "source", "t": "target"}[role.strip()], "code": code.strip()})
        batch.append({"text": text.strip(), "date": date.strip(),
                      "gold": {"events": [e for e in evs.split(',') if e],
                               "cameo": cameo.strip(), "cameo_root": cameo.strip()[:2],
                               "actors": actors},
                      "category": CATS[cat.strip()], "origin": "whimbrel-train"})
    random.Random(path).shuffle(batch)
    rows.extend(batch)
with open('snippets_news.jsonl', 'w', encoding='utf-8') as f:
    for i, r in enumerate(rows, 1):
        r = {"id": f"TSN-{i:04d}", **r}
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(rows), 'rows written')
