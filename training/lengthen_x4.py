"""Review pass: lengthen some sentences into multi-clause wire sentences (same labels)."""
import glob
T = {
"Kazakhstan will open its grain terminals to Uzbek exporters under a trade plan unveiled on Thursday, the Kazakh trade ministry said.":
"Kazakhstan will open its grain terminals on the Caspian coast to Uzbek exporters from the spring, under a trade plan unveiled on Thursday that also cuts transit fees by a third, the Kazakh trade ministry said.",
"Rwanda offered to contribute a battalion of peacekeepers to the UN mission in the Central African Republic, the Rwandan foreign ministry said.":
"Rwanda offered to contribute a battalion of peacekeepers to the UN mission in the Central African Republic, where armed groups still control much of the north-east, the Rwandan foreign ministry said in a statement released late on Monday.",
"Egypt and Ethiopia held talks on the Grand Renaissance Dam in Cairo on Sunday, the Egyptian water ministry said.":
"Egypt and Ethiopia held talks on the Grand Renaissance Dam in Cairo on Sunday, the first direct meeting in eighteen months, although neither side reported progress on the filling schedule, the Egyptian water ministry said.",
"Kenya hosted Ugandan President Joseph Okello for talks on the oil pipeline on Monday, State House in Nairobi said.":
"Kenya hosted Ugandan President Joseph Okello for two days of talks on the oil pipeline and cross-border trade, which ended on Monday with a state banquet, State House in Nairobi said.",
"Colombia and Panama signed a border security agreement in Bogota on Monday, the Colombian presidency said.":
"Colombia and Panama signed a border security agreement in Bogota on Monday that commits both armies to share radar data on the Darien Gap, a route used by tens of thousands of migrants, the Colombian presidency said.",
"The IMF disbursed 300 million dollars to Egypt on Friday under its extended loan programme, the fund said.":
"The IMF disbursed 300 million dollars to Egypt on Friday under its extended loan programme, after the board concluded that Cairo had met most of the reform targets it agreed to last year, the fund said.",
"Kazakhstan lifted the suspension of the licence of the opposition newspaper Svoboda on Monday, the information ministry said.":
"Kazakhstan lifted the suspension of the licence of the opposition newspaper Svoboda on Monday, three months after it was closed for what officials called false reporting, the information ministry said in a brief statement.",
"Iran freed a British-Iranian aid worker on Sunday, the Foreign Office in London said.":
"Iran freed a British-Iranian aid worker on Sunday who had spent nearly four years in Tehran's Evin prison on charges her family always rejected, the Foreign Office in London said.",
"The European Commission launched a probe into Hungary's use of EU funds, a commission spokesman said.":
"The European Commission launched a formal probe into Hungary's use of EU cohesion funds, focusing on public tenders won by companies close to the governing party, a commission spokesman said in Brussels on Wednesday.",
"Argentina demanded that Brazil reopen its market to Argentine dairy products under Mercosur rules, the Argentine trade secretary said.":
"Argentina demanded that Brazil reopen its market to Argentine dairy products under Mercosur rules, saying the sanitary restrictions imposed in March had no scientific basis and cost its farmers millions, the Argentine trade secretary said.",
"Washington demanded the immediate release of an American journalist held in Russia, the White House said.":
"Washington demanded the immediate release of an American journalist held in Russia since February, saying the espionage charges against him were fabricated and that he must be allowed to see consular staff, the White House said.",
"China demanded that India pull back its troops from the disputed Depsang plains, the Chinese foreign ministry said.":
"China demanded that India pull back its troops from the disputed Depsang plains before the next round of corps commander talks, warning that the standoff was damaging relations, the Chinese foreign ministry said.",
"Brazil condemned the coup attempt in Bolivia, the Brazilian foreign ministry said on Wednesday.":
"Brazil condemned the coup attempt in Bolivia, in which armoured vehicles rammed the doors of the presidential palace in La Paz before the troops withdrew, the Brazilian foreign ministry said on Wednesday.",
"Algeria summoned the French ambassador to protest over remarks by a French minister, the Algerian foreign ministry said.":
"Algeria summoned the French ambassador to protest over remarks by a French minister who had questioned Algerian independence history on television, and demanded an explanation within days, the Algerian foreign ministry said.",
"Hungary rejected the EU's proposal on migrant quotas, Prime Minister Gabor Toth told parliament.":
"Hungary rejected the EU's proposal on migrant quotas outright, Prime Minister Gabor Toth told parliament on Monday, adding that no Brussels decision would force the country to accept people it had not chosen.",
"Russia refused to release the jailed American basketball player, the Russian foreign ministry said.":
"Russia refused to release the jailed American basketball player, whose nine-year sentence for carrying cannabis oil was upheld on appeal last week, the Russian foreign ministry said, rejecting what it called pressure from Washington.",
"Russia vetoed a UN Security Council resolution on Syria on Tuesday, diplomats said.":
"Russia vetoed a UN Security Council resolution on Syria on Tuesday that would have extended cross-border aid deliveries for a year, while China abstained and the other thirteen members voted in favour, diplomats said.",
"Iran threatened to close the Strait of Hormuz if its oil exports were blocked, the Iranian navy commander said.":
"Iran threatened to close the Strait of Hormuz, through which a fifth of the world's oil passes, if its own exports were blocked by the new US measures, the Iranian navy commander said on state television.",
"Mali threatened to expel the UN peacekeeping mission, the Malian foreign minister said.":
"Mali threatened to expel the UN peacekeeping mission if it continued to publish reports on alleged abuses by the army and its Russian partners, the Malian foreign minister said in New York.",
"Climate activists blocked a motorway near Munich on Monday, German police said.":
"Climate activists blocked a motorway near Munich for four hours on Monday by gluing their hands to the asphalt, causing tailbacks of more than twenty kilometres, German police said.",
"Rioters set fire to police stations in Dakar after the arrest of an opposition leader, witnesses said.":
"Rioters set fire to two police stations and a supermarket in Dakar after the arrest of an opposition leader, and youths fought running battles with officers in the Medina district into the night, witnesses said.",
"Russia called up 300,000 reservists, Defence Minister Sergei Volkov announced.":
"Russia called up 300,000 reservists in the first mobilisation since the Second World War, Defence Minister Sergei Volkov announced, adding that students and those with critical jobs would be exempt.",
"Niger cut diplomatic ties with Ukraine, a government spokesman said in Niamey.":
"Niger cut diplomatic ties with Ukraine with immediate effect, a government spokesman said in Niamey, after a Ukrainian official appeared to claim a role in a rebel attack on troops in neighbouring Mali.",
"Burkina Faso expelled three French diplomats, the foreign ministry said.":
"Burkina Faso expelled three French diplomats, accusing them of subversive activities and giving them forty-eight hours to leave, in a further sign of the breakdown between Ouagadougou and Paris, the foreign ministry said.",
"Turkish police arrested 40 opposition politicians, state media said.":
"Turkish police arrested 40 opposition politicians in dawn raids across Istanbul and Ankara, including two district mayors accused of links to banned groups, state media said.",
"Algeria deported hundreds of migrants to Niger, aid groups said.":
"Algeria deported hundreds of migrants to Niger this week, leaving many of them in the desert near the border post of Assamaka without food or water, aid groups said.",
"Gunmen kidnapped 30 students from a school in Kaduna state, police said.":
"Gunmen on motorbikes stormed a boarding school in Kaduna state before dawn and kidnapped 30 students, the third mass abduction in the region this year, police said.",
"Russian forces launched a new offensive in the Donetsk region, Ukraine's general staff said.":
"Russian forces launched a new offensive in the Donetsk region, sending armoured columns towards Pokrovsk under cover of heavy fog, Ukraine's general staff said, adding that several assaults had been repelled.",
"Saudi-led coalition aircraft bombed targets in Sanaa, Yemeni officials said.":
"Saudi-led coalition aircraft bombed targets in Sanaa overnight, including a military base and a building that residents said housed a family of eight, Yemeni officials said.",
"Armed groups carried out a massacre in a village in Ituri, killing dozens of civilians, the UN said.":
"Armed groups carried out a massacre in a village in Ituri, killing dozens of civilians with machetes and burning homes before fleeing into the forest, the UN said, urging the army to protect the area.",
"Rwanda denied sending troops into eastern Congo, government spokeswoman Claudine Uwase said.":
"Rwanda denied sending troops into eastern Congo, government spokeswoman Claudine Uwase said, dismissing a UN experts' report that described Rwandan soldiers fighting alongside rebels near Goma.",
"Germany said it would consider sending long-range missiles to Ukraine, Chancellor Anna Keller told reporters.":
"Germany said it would consider sending long-range missiles to Ukraine if its allies did the same, Chancellor Anna Keller told reporters in Berlin, but she stressed that no decision had been taken.",
"The EU urged Russia to withdraw its troops from the border with Ukraine.":
"The EU urged Russia to withdraw the tens of thousands of troops it had massed on the border with Ukraine, warning in a statement by its foreign ministers that any incursion would carry a heavy cost.",
"Malawi appealed to donors for help after Cyclone Freddy, President Lazarus Banda said.":
"Malawi appealed to donors for help after Cyclone Freddy destroyed homes and crops across the south, President Lazarus Banda said, adding that more than half a million people had been displaced.",
}
n = 0
for fn in glob.glob("stage_x4_*.txt"):
    L = open(fn).read().split("\n"); out = []
    for s in L:
        p = s.split(" | ")
        if len(p) >= 2 and p[1] in T:
            p[1] = T[p[1]]; n += 1; s = " | ".join(p)
        out.append(s)
    open(fn, "w").write("\n".join(out))
print(n, "of", len(T), "lengthened")
