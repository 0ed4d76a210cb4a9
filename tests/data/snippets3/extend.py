"""Apply hand-written follow-up sentences to batch files: ext maps a unique text prefix
to (sentence(s) to append, extra 'also' types)."""
import sys
def apply(batch, ext):
    lines = open(batch, encoding='utf-8').read().split('\n')
    used = set()
    for i, l in enumerate(lines):
        if not l.strip(): continue
        code, also, date, t = l.split('|', 3)
        for k, (add, extra) in ext.items():
            if t.startswith(k):
                assert k not in used, k
                used.add(k)
                al = [a for a in also.split(',') if a] + [e for e in extra.split(',') if e and e not in also.split(',')]
                lines[i] = '|'.join([code, ','.join(al), date, t.rstrip() + ' ' + add])
    missing = set(ext) - used
    assert not missing, missing
    open(batch, 'w', encoding='utf-8').write('\n'.join(lines))
    print(batch, len(used), 'extended')
