#!/usr/bin/env python3
"""Edit the staging file by record number: stdin lines 'N<TAB>old<TAB>new'. Usage: fixline.py staging.txt"""
import sys
path = sys.argv[1]
lines = open(path, encoding='utf-8').read().split('\n')
idx = [i for i, l in enumerate(lines) if l.strip() and not l.startswith('#')]
for row in sys.stdin:
    row = row.rstrip('\n')
    if not row: continue
    n, a, b = row.split('\t')
    i = idx[int(n) - 1]
    if a not in lines[i]: sys.exit(f"{n}: '{a}' not found in: {lines[i]}")
    lines[i] = lines[i].replace(a, b, 1)
open(path, 'w', encoding='utf-8').write('\n'.join(lines))
