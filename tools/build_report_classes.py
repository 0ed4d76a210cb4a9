"""Build the report classes of the event coder from WordNet 3.0.

    python tools/build_report_classes.py [--wordnet /usr/share/wordnet]

What a news report is about decides whether the routine acts it tells are political
events: after an earthquake, a mine blast or a bus crash, officials visit, rescuers
evacuate, governments declare emergencies, order inquiries, promise compensation and
police arrest a factory owner or a driver; after a robbery police arrest suspects and
courts sentence them. None of that is a political event, while a protest, a riot or an
attack told in the same report still is (coder.py, ``ReportFrame``). This script takes the
WordNet 3.0 synsets of each kind of happening (Debian ``wordnet-base``; WordNet licence,
kept as data/events/LICENSE-wordnet.txt) with all their hyponyms and writes
``src/whimbrel/data/events/report_classes.tsv``: one lemma a line with its part of speech
and its class.

- ``natural`` (nouns): calamities, storms, floods, earthquakes, landslides, avalanches,
  eruptions, droughts, heat waves, wildfires.
- ``accident`` (nouns and verbs): accidents, crashes, collisions, wrecks, collapses, fires,
  explosions, leaks and spills, stampedes and crushes; verbs of things that collapse,
  derail, capsize, crash, sink, overturn, burst or catch fire.
- ``epidemic`` (nouns): epidemics, outbreaks and the infectious diseases.
- ``crime`` (nouns and verbs): ordinary crime (robbery, theft, murder, fraud, smuggling,
  drug trafficking, hard drugs). Crimes that are political acts (treason, terrorism,
  war crimes, kidnapping, hijacking, bribery and corruption of officials) are left out.
- ``industrial`` (nouns): factories, plants, mines, refineries, depots, pipelines, boilers,
  fuels and gases, fireworks, tankers: an explosion or blast counts as an accident only in
  such a setting ('a blast at a coal mine', not 'a blast at a market').
- ``people`` (nouns, written apart to ``people_nouns.txt``, one a line, read only when the
  coder needs it): words whose most frequent sense is a person (hyponyms of person%1:
  'relatives', 'miners', 'mourners'): people who march or rally are a crowd whatever names
  them, while 'prices marched higher' is no march.
- ``armed`` (nouns): explosive devices, bombs, missiles, rockets and grenades: a report
  whose lead names one is about an attack, however many fires and blasts it tells.

The package reads only the TSV; rerun this script to rebuild it.
"""

from __future__ import annotations

from pathlib import Path

from wordnet_reader import WordNet, wordnet_dir, write_table

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "whimbrel" / "data" / "events" / "report_classes.tsv"
PEOPLE = OUT.with_name("people_nouns.txt")

#: class -> (noun senses, verb senses) whose synsets are taken; a noun sense ending in "*"
#: brings all its hyponyms too (verb troponyms are too loose: "flow", "break", "clash").
SEEDS: dict[str, tuple[list[str], list[str]]] = {
    "natural": (["storm%1*", "flood%1*", "earthquake%1*", "landslide%2*", "avalanche%1*",
                 "eruption%1", "drought%1*", "heat_wave%1*", "wildfire%1*", "cyclone%1*", "tsunami%1",
                 "rainstorm%1*", "downpour%1", "famine%1", "volcano%1"], ["flood%2", "flood%4"]),
    "accident": (["accident%1", "crash%2*", "collision%2*", "wreck%2*", "wreck%3", "collapse%2*",
                  "fire%1", "explosion%1", "leak%4", "spill%3", "stampede%1", "crush%2",
                  "derailment%1", "cave_in%1", "blowout%1", "conflagration%1*"],
                 ["collapse%1", "derail%2", "capsize%1", "crash%1", "crash%3", "collide%3", "sink%4",
                  "overturn%1", "explode%2", "erupt%3", "cave_in%1"]),
    "epidemic": (["epidemic%1*", "infectious_disease%1*", "pandemic%1"], []),
    "crime": (["robbery%1*", "theft%1*", "murder%1", "homicide%1", "fraud%1*", "smuggling%1*",
               "drug_trafficking%1", "hard_drug%1*", "burglary%1*", "embezzlement%1", "swindle%1"],
              ["rob%1", "steal%1", "embezzle%1", "defraud%1", "smuggle%1", "burglarize%1"]),
    "industrial": (["factory%1*", "plant%1*", "mine%1*", "refinery%1*", "warehouse%1*", "depot%2*",
                    "pipeline%2*", "boiler%1*", "gas%2", "methane%1*", "natural_gas%1*", "gas%3*",
                    "firework%1*", "reactor%2*", "oil%3*", "tanker%1*", "storage_tank%1*",
                    "transformer%1", "workshop%1*", "power_station%1*", "gas_main%1"], []),
    "armed": (["explosive_device%1*", "bomb%1*", "missile%1*", "grenade%1*"], []),
}
#: Words of those synsets that name other things as often in the news: political crimes
#: and killings, figurative and slang senses ("crack", "snow", "job"), things of war
#: ("raid", "looting", "cattle rustling"), and weapons whose word is also a place of work
#: ("mine", a coal mine), a container ("tank") or a spacecraft.
LEAVE_OUT = {"assassination", "political killing", "genocide", "massacre", "slaughter", "execution",
             "shooting", "hit", "smash", "mine", "tank", "mole", "burst", "blowup", "detonation",
             "backfire", "looting", "plundering", "plunder", "pillage", "pillaging", "rustling",
             "cattle rustling", "despoilation", "despoliation", "spoil", "spoliation", "rapine",
             "kidnapping", "abduction", "snatch", "hijacking", "piracy", "skyjacking", "buccaneering",
             "highjacking", "raid", "job", "crack", "snow", "coke", "c", "smack", "big h", "hell dust",
             "nose candy", "nose drops", "drugs", "drug", "scag", "skag", "sting", "sting operation", "rig", "caper",
             "cheat", "con", "hustle", "holdout", "gyp", "swiz", "shrinkage", "pyramiding", "jam",
             "press", "casualty", "injury", "accidental injury", "election fraud", "biopiracy",
             "plunderage", "booster", "booster rocket", "booster unit", "cap", "big blue",
             "blockbuster", "bombshell", "minuteman", "stinger", "sidewinder", "sam", "fae", "lgb",
             "exocet", "petard", "percussion cap", "blasting cap", "seal bomb", "smoke bomb",
             "stink bomb", "stench bomb", "incendiary", "brilliant pebble", "doodlebug", "fugo",
             "bombie", "v 1", "daisy cutter", "space probe", "thruster", "detonator",
             "shock", "torrent", "pelter", "soaker", "duster", "the flood", "inevitable accident",
             "unavoidable casualty", "vis major", "force majeure", "fender bender", "prang",
             "smash up", "dearth", "debacle", "shortage", "vent", "eruption", "break", "clash",
             "escape", "fiasco", "give", "give way", "go down", "go under", "jump", "laugher",
             "outflow", "ram", "release", "romp", "runaway", "settle", "shoo in", "walkaway",
             "turn over", "founder", "erupt", "ignite", "blow", "petty", "rolling", "thunder",
             "victimize", "diddle", "gip", "nobble", "rook", "mulct", "goldbrick", "hornswoggle",
             "gunrunning", "barratry", "misapplication", "ransom"}
#: Places and things of industry that are as often military stores or words of other things
#: ('an arsenal', 'a magazine', a firework 'rocket', 'a line', 'a store').
INDUSTRIAL_OUT = {"armory", "armoury", "arsenal", "magazine", "powder magazine", "powder store", "rocket",
                  "skyrocket", "torpedo", "line", "still", "store", "shop", "dump", "pile", "sink",
                  "serpent", "squib", "cracker", "banger", "maroon", "battery", "whizbang", "whizzbang",
                  "cherry bomb", "cannon cracker", "restaurant", "napalm", "storage", "quartz battery",
                  "stamp battery"}
#: Names WordNet 3.0 lacks or spells otherwise, as news writes them (hyphens become
#: spaces, the coder's tokens): members of the classes above.
EXTRA = {"natural": ["flash flood", "floodwater", "floodwaters", "bushfire", "forest fire",
                     "monsoon", "mudslide", "rockslide", "storm surge", "heavy rain", "aftershock",
                     "superstorm", "typhoon", "hurricane", "quake", "tremor", "blizzard",
                     "volcanic eruption", "heatwave", "flooding", "floods", "rains", "downpours",
                     "rain", "torrential rain", "heatstroke", "heat stroke", "glacier burst",
                     "volcanic ash", "ash cloud", "ash clouds", "lava", "lava flow", "cold wave", "cold snap", "tidal wave"],
         "accident": ["blaze", "inferno", "blast", "gas leak", "gas explosion", "boiler explosion",
                      "building collapse", "bridge collapse", "mine collapse", "roof collapse",
                      "dam burst", "chemical spill", "oil spill", "short circuit", "plane crash",
                      "train crash", "bus crash", "road accident", "car crash", "pileup",
                      "crowd crush", "shipwreck", "sinking", "capsizing", "derailment", "explosion",
                      "collapse", "crash", "fire"],
         "epidemic": ["covid", "coronavirus", "mpox", "monkeypox", "zika", "ebola", "cholera",
                      "dengue", "measles", "bird flu", "avian flu", "swine flu", "foot and mouth",
                      "h1n1", "h5n1", "sars", "mers", "marburg", "lassa fever", "diphtheria",
                      "polio", "meningitis", "malaria", "anthrax", "plague", "outbreak", "epidemic",
                      "virus", "flu", "influenza", "infection", "infections", "covid 19",
                      "chikungunya", "nipah", "hantavirus", "norovirus", "rabies", "monkey pox"],
         "crime": ["robbery", "armed robbery", "carjacking", "heist", "burglary", "theft", "murder",
                   "fraud", "scam", "embezzlement", "drug trafficking", "drug smuggling", "cocaine",
                   "heroin", "methamphetamine", "meth", "cannabis", "marijuana", "fentanyl",
                   "mugging", "stabbing", "pickpocket", "shoplifting", "poaching",
                   "counterfeit", "money laundering", "narcotics", "hashish", "ecstasy", "khat",
                   "contract killing"],
         "industrial": ["cylinder", "gas cylinder", "oil rig", "drilling rig", "chemical plant", "chemicals",
                        "ammonium nitrate", "hydrogen peroxide", "lpg", "petrochemical", "shipbreaking",
                        "container depot", "hydropower", "coal", "fuel", "fireworks", "firecrackers",
                        "firecracker", "munitions depot", "ammunition depot", "boiler", "kiln", "furnace",
                        "gas leak", "petrol", "diesel", "mill", "plant", "mine", "pit", "colliery",
                        "quarry", "construction site", "building site", "kitchen"],
         "armed": ["bomb", "car bomb", "suicide bomb", "suicide bomber", "explosive device", "ied",
                   "roadside bomb", "landmine", "land mine", "missile", "grenade", "mortar shell",
                   "rocket", "rockets", "explosives", "suicide bombing"]}
EXTRA_VERBS = {"natural": ["flood", "inundate", "submerge"],
               "accident": ["derail", "capsize", "collapse", "crash", "collide", "overturn", "sink",
                            "plunge", "cave", "explode", "burn", "fall", "veer", "skid", "burst",
                            "snap", "topple", "drown", "suffocate", "trample", "electrocute"],
               "crime": ["rob", "steal", "embezzle", "defraud", "smuggle", "burgle", "swindle", "stab"]}


def words_of(wn: WordNet, keys: list[str]) -> set[str]:
    """Lemmas of the senses (and of all their hyponyms for a key ending in '*'),
    underscores and hyphens as spaces."""
    out: set[str] = set()
    for key in keys:
        deep = key.endswith("*")
        sense = wn.sense(key.rstrip("*"))
        for syn in wn.descendants(sense) if deep else [sense]:
            out |= {w.replace("_", " ").replace("-", " ").lower() for w in syn.words}
    return out


def build(wordnet_dir: Path) -> list[tuple[str, str, str]]:
    nouns, verbs = WordNet("noun", wordnet_dir), WordNet("verb", wordnet_dir)
    rows: dict[tuple[str, str], tuple[str, str, str]] = {}
    for cls, (noun_keys, verb_keys) in SEEDS.items():
        found = [(w, "noun") for w in words_of(nouns, noun_keys) - LEAVE_OUT
                 - (INDUSTRIAL_OUT if cls == "industrial" else set())]
        found += [(w, "verb") for w in words_of(verbs, verb_keys) - LEAVE_OUT]
        found += [(w, "noun") for w in EXTRA.get(cls, ())]
        found += [(w, "verb") for w in EXTRA_VERBS.get(cls, ())]
        for word, pos in found:
            if not word.replace(" ", "").isalnum():
                continue
            # the first class to claim a word keeps it: natural before accident ("forest fire")
            rows.setdefault((word, pos), (word, pos, cls))
    person = nouns.sense("person%1").offset
    for lemma, offsets in nouns.index.items():
        # the most frequent sense decides (a 'price' is a cost before it is a surname)
        word = lemma.replace("_", " ").lower()
        if word.isalpha() and (word, "noun") not in rows and person in nouns.ancestors(nouns.synsets[offsets[0]]):
            rows[(word, "noun")] = (word, "noun", "people")
    return sorted(rows.values())


def main() -> None:
    rows = build(wordnet_dir(__doc__.splitlines()[0]))
    people = sorted(r[0] for r in rows if r[2] == "people")
    rows = [r for r in rows if r[2] != "people"]
    head = ["# lemma\tpos\tclass",
            "# What a report is about, from WordNet 3.0 (Princeton University, WordNet licence),",
            "# built by tools/build_report_classes.py: natural disasters, accidents, epidemics,",
            "# ordinary crime, and the weapons that make a report one of an attack."]
    write_table(OUT, head, rows)
    PEOPLE.write_text("# Nouns whose most frequent WordNet 3.0 sense is a person (Princeton University,\n"
                      "# WordNet licence), built by tools/build_report_classes.py.\n"
                      + "\n".join(people) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(rows)} lemmas; {PEOPLE}: {len(people)} people nouns")


if __name__ == "__main__":
    main()
