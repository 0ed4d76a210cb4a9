"""One-off review edits to the staging files (exact-line replace / delete)."""
import glob, sys
R0 = {
 # review fixes
 "0356!CONCEDE | India said its forces would withdraw from two disputed posts in Ladakh by the end of the month, the Indian army said. | India=IND | ":
 "0356!CONCEDE | Indian forces will withdraw from two disputed posts in Ladakh by the end of the month, an army spokesman said in New Delhi. | Indian forces=IND/MIL | ",
 "1012 | Somalia insists African partners must keep troops fighting al-Shabaab. | Somalia=SOM | African partners=IGO":
 "1012 | Somalia insists African partners must keep troops fighting al-Shabaab. | Somalia=SOM | ",
 "102 | Palestinian Authority insists Arab states back its UN membership bid. | Palestinian Authority=PSE/GOV | Arab states=IGO":
 "102 | Palestinian Authority insists Arab states back its UN membership bid. | Palestinian Authority=PSE/GOV | ",
 "1711 | Russia confiscated the assets of Western companies, a government decree showed. | Russia=RUS | Western companies=USA/BUS":
 "1711 | The confiscation by Russia of assets belonging to Western companies was formalised in a government decree published on Friday. | Russia=RUS | ",
 "175 | Security forces in Iran used live ammunition and tear gas to crush protests in Zahedan, rights groups said. | Security forces in Iran=IRN/COP | Zahedan=IRN/CVL":
 "175 | Security forces in Iran used live ammunition and tear gas to crush protests in Zahedan, rights groups said. | Security forces in Iran=IRN/COP | Zahedan=IRN",
 "182 | Supporters of the ruling party beat opposition activists at a polling station in Harare, witnesses said. | Supporters of the ruling party=ZWE/GOV | opposition activists=ZWE/OPP":
 "182 | Supporters of the ruling party beat opposition activists at a polling station in Harare, witnesses said. | Supporters of the ruling party=ZWE/CVL | opposition activists=ZWE/OPP",
 "1823 | Pro-government militiamen hacked to death five opposition supporters in Burundi, rights groups said. | Pro-government militiamen=BDI/GOV | opposition supporters=BDI/OPP":
 "1823 | Pro-government militiamen hacked to death five opposition supporters in Burundi, rights groups said. | Pro-government militiamen=BDI/PRM | opposition supporters=BDI/OPP",
 "1822 | Detainees in Syrian prisons were tortured with electric shocks by guards, survivors told investigators. | guards=SYR/GOV | Detainees=SYR/CVL":
 "1822 | Detainees in Syrian prisons were tortured with electric shocks by guards, survivors told investigators. | guards=SYR/COP | Detainees=SYR/CVL",
 # more varied constructions in roots 15-17
 "153 | Britain drafted in riot police from other regions to Belfast. | Britain=GBR | Belfast=GBR":
 "153 | Hundreds of extra riot police were drafted into Belfast from other parts of Britain ahead of the marching season, the Northern Ireland police service said. | riot police=GBR/COP | Belfast=GBR",
 "1621 | The EU froze budget support to Mali. | EU=IGO | Mali=MLI":
 "1621 | The freezing of EU budget support to Mali, announced by the commission on Monday, will cost the junta about 90 million euros a year. | EU=IGO | Mali=MLI",
 "1662 | Iran expelled IAEA inspectors, the agency said on Wednesday. | Iran=IRN | IAEA inspectors=IGO":
 "1662 | Several IAEA inspectors were expelled by Iran on Wednesday, the agency said, calling the move a serious blow to monitoring. | Iran=IRN | IAEA inspectors=IGO",
 "1722 | Nicaragua barred the main opposition candidate from the election. | Nicaragua=NIC | ":
 "1722 | Nicaragua's electoral council barred opposition candidate Rosa Lacayo from the presidential race, her party said on Sunday. | Nicaragua's electoral council=NIC/GOV | opposition candidate Rosa Lacayo=NIC/OPP",
}
R = {k.rstrip(): v for k, v in R0.items()}
D = [
 "061 | Namibia and Botswana launch joint rail project.",
 "071 | Germany grants Tunisia budget support.",
 "043 | Mongolia plays host to Chinese defence minister.",
 "040 | Argentine President Martin Roldan conferred with Chilean leaders on lithium policy.",
 "141 | Tens of thousands protest in Buenos Aires.",
 "180 | Suspected jihadists raid village in Niger.",
 "193 | Militants clash with troops in Kashmir.",
 "195 | US airstrikes hit Islamic State positions in Syria.",
 "111 | Ghana slams ECOWAS decision.",
 "112 | Pakistan blamed India for the cross-border shelling in Kashmir, the Pakistani military said.",
 "173 | Uganda arrested opposition leader Moses Kigozi on Tuesday.",
 "057 | Mozambique, Tanzania ink gas pipeline deal.",
]
used = set()
for fn in sorted(glob.glob("stage_x4_*.txt")):
    out = []
    for ln in open(fn):
        s = ln.rstrip("\n")
        if s.rstrip() in R:
            used.add(s.rstrip()); out.append(R[s.rstrip()]); continue
        hit = [d for d in D if s.startswith(d)]
        if hit:
            used.add(hit[0]); continue
        out.append(s)
    open(fn, "w").write("\n".join(out) + "\n")
missing = [k for k in list(R) + D if k not in used]
print("not applied:", missing)
