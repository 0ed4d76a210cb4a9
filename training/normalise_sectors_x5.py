#!/usr/bin/env python3
"""One-off pass over staging_x5_*.txt: actors whose text is just a country (or a capital used
for its government) get sector null, per the convention in sentences_blind.README.md."""
import glob, re
BARE = """Algeria Angola Argentina Armenia Australia Azerbaijan Baghdad Bahrain Bangladesh Beijing Belarus
Belgrade Benin Bolivia Brazil Britain Cambodia Cameroon Canada Chad Chile China Colombia Dhaka Djibouti
Ecuador Egypt Eritrea Estonia Ethiopia Finland France Gambia Georgia Germany Ghana Greece Guatemala
Guyana Hungary India Indonesia Iran Iraq Ireland Israel Italy Japan Jordan Kazakhstan Kenya Kosovo
Kyrgyzstan Laos Liberia Lithuania Malawi Malaysia Mali Mauritania Mexico Moldova Montenegro Moscow
Nepal Nicaragua Niger Nigeria Norway Oman Pakistan Palestine Paraguay Peru Poland Portugal Pristina Qatar
Russia Rwanda Senegal Serbia Singapore Slovakia Somalia Somaliland Spain Sudan Sweden Switzerland Syria
Taiwan Tajikistan Tanzania Tunisia Turkey Uganda Ukraine Uruguay Uzbekistan Venezuela Vietnam Washington
Zambia""".split() + ["Burkina Faso", "Central African Republic", "Costa Rica", "DR Congo", "Guinea-Bissau",
 "Ivory Coast", "North Korea", "Saudi Arabia", "Sierra Leone", "South Korea", "South Sudan", "Sri Lanka",
 "The Netherlands", "the Netherlands", "The United States", "the United States", "United States",
 "the Philippines", "the United Arab Emirates", "the Dominican Republic"]
pat = re.compile(r'(?<=[|;/] )?(' + '|'.join(re.escape(b) for b in sorted(BARE, key=len, reverse=True)) + r')=([A-Z]{3})/([A-Z]{3})(?=\s*(?:;|\||//|$))')
n = 0
for f in sorted(glob.glob('staging_x5_*.txt')):
    out = []
    for line in open(f, encoding='utf-8'):
        if line.startswith('#') or line.count('|') != 4:
            out.append(line); continue
        head, text = line.rsplit('|', 1)
        def sub(m):
            global n
            # only whole actor specs (preceded by field start, ';' or '//')
            s, e = m.span()
            before = head[:s].rstrip()
            if before and before[-1] not in '|;/':
                return m.group(0)
            n += 1
            return f'{m.group(1)}={m.group(2)}/-'
        head = pat.sub(sub, head)
        out.append(head + '|' + text)
    open(f, 'w', encoding='utf-8').writelines(out)
print(n, 'actor sectors set to null')
