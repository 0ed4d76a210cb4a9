"""Build the violence vocabularies of the event coder from WordNet 3.0.

    python tools/build_violence_classes.py [--wordnet /usr/share/wordnet]

Conflict monitors report chemical attacks, sexual violence, air strikes and shelling
in many words ("dropped sarin", "gang-raped", "strafed", "a barrage hit"). This script
takes the WordNet 3.0 synsets of each kind (Debian ``wordnet-base``; WordNet licence,
kept as data/events/LICENSE-wordnet.txt) with all their hyponyms and writes
``src/whimbrel/data/events/violence_classes.tsv``: one lemma a line with its part of
speech, its CAMEO code and its class.

- ``chemical`` (nouns, CAMEO 2041): poison and nerve gases, chemical bombs. Riot-control
  agents (tear gas, pepper spray, mace) are left out: police use them on crowds (CAMEO 175).
  A chemical noun makes an attack noun ("a sarin attack") or a weapon-using verb
  ("dropped chlorine on", "used nerve agents against") a chemical attack.
- ``sexual`` (nouns and verbs, CAMEO 1821): rape, sexual assault and abuse, molesting.
- ``aerial`` (nouns and verbs, CAMEO 195): air raids and attacks, bombing from the air.
- ``shelling`` (nouns and verbs, CAMEO 194): shelling, bombardment, barrage fire.
- ``destruction`` (verbs and nouns, CAMEO 1712): burning, torching, razing and demolishing
  property, arson. The coder reads the verbs as destruction of property (ASSAULT) when an
  armed group or state force does it ('militiamen torched homes', 'police razed shacks');
  a crowd that burns is rioting, settlers or residents seizing or damaging property stay
  CAMEO 171.
- ``abduction`` (verbs and nouns, CAMEO 181): kidnapping, abduction, hijacking, hostage
  taking, forced disappearance.
- ``territory`` (nouns, CAMEO 192): places an armed group captures -- military bases, posts,
  headquarters, strongholds, towns, villages. Not event nouns: the coder reads an armed
  group that captures or seizes one as occupying territory (ASSAULT).

The chemical class also holds incendiary weapons (white phosphorus, napalm, incendiary
munitions): conflict monitors code their use on people as an unconventional attack.

The package reads only the TSV; rerun this script to rebuild it.
"""

from __future__ import annotations

from pathlib import Path

from wordnet_reader import WordNet, wordnet_dir, write_table

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "whimbrel" / "data" / "events" / "violence_classes.tsv"

#: class -> (CAMEO code, noun senses, verb senses) whose synsets and hyponyms are taken.
SEEDS: dict[str, tuple[str, list[str], list[str]]] = {
    "chemical": ("2041", ["chemical_weapon%1", "poison_gas%1", "nerve_gas%1", "chemical_bomb%1",
                          "chlorine%1", "phosgene%1", "biological_weapon%1"], []),
    "sexual": ("1821", ["sexual_assault%1", "rape%2"], ["rape%1", "molest%1"]),
    "aerial": ("195", ["air_attack%1", "bombing_run%1", "strafe%1"],
               ["strafe%1", "carpet_bomb%1", "dive-bomb%1"]),
    "shelling": ("194", ["shelling%1", "bombardment%1", "barrage%1", "cannonade%1"],
                 ["shell%1", "bombard%2", "cannonade%1"]),
    "destruction": ("1712", ["arson%1"], ["burn%1", "torch%1", "raze%1", "demolish%3"]),
    "abduction": ("181", ["kidnapping%1", "abduction%1", "hijacking%1"],
                  ["kidnap%1", "hijack%1"]),
    "territory": ("192", ["military_installation%1", "stronghold%1"], []),
}
#: Words of those synsets that mean something else as often in the news: riot control
#: (CAMEO 175), general words for assault or abuse, crimes with no armed actor, and
#: figurative senses ("an outpouring of grief", "a battery of tests", "blast").
LEAVE_OUT = {"tear gas", "teargas", "cs gas", "cn gas", "mace", "chemical mace", "pepper spray",
             "lachrymator", "lacrimator", "chloroacetophenone", "chlorobenzylidenemalononitrile",
             "ga", "gb", "gd", "assault", "violation", "outrage", "dishonor", "dishonour", "violate",
             "sex crime", "sex offense", "statutory rape", "date rape", "carnal abuse",
             "outpouring", "onslaught", "battery", "blast", "zap", "nuke", "atomise", "atomize",
             "crump", "bomb", "bomb out", "letter bomb", "firebomb", "egg", "snowball", "lapidate",
             "pelt", "rape", "colza", "brassica napus", "rapine", "cl", "seb",
             # burning and razing words of ordinary life and engines: 'levelled off', 'a backfire',
             # 'tore down trade barriers', a carjacking (a crime),
             # 'cremated', 'scorched', 'took down a post', 'smashed a record', 'swallowed'
             "fire", "backfire", "cremate", "scorch", "level", "dismantle", "take down", "pull down",
             "smash", "swallow", "cut to ribbons", "tear down", "carjack",
             # kidnapping words of sport, software and fishing ('snatched a win', 'pirated films')
             "nobble", "snatch", "shanghai", "impress", "pirate", "commandeer", "piracy", "buccaneering",
             # installations of no territory, and words with other senses ('a nest', 'keep', 'hold')
             "silo", "nest", "hold", "keep", "donjon", "dungeon", "kremlin", "acropolis", "west point",
             "fort meade", "fort george gordon meade", "fort george g. meade", "black hole of calcutta",
             "naval installation", "shore station", "emplacement", "gun emplacement", "weapons emplacement"}
#: Multiword names WordNet lacks, written as news writes them (hyphens become spaces,
#: the coder's tokens): they are members of the classes above.
EXTRA = {"chemical": ["chlorine gas", "sarin gas", "mustard gas", "nerve agent", "chemical agent",
                      "chemical weapon", "chemical weapons", "toxic gas", "poison gas", "toxic agent",
                      "toxic chemical", "chloropicrin", "novichok", "chemical", "gas attack",
                      "white phosphorus", "phosphorus", "phosphorus munition", "phosphorus shell",
                      "incendiary munition", "incendiary weapon", "incendiary shell", "napalm", "thermite"],
         "sexual": ["sexual violence", "gang rape", "sexual abuse", "sexual assault", "sexual slavery"],
         "aerial": ["airstrike", "air strike", "air raid", "aerial bombardment", "aerial bombing",
                    "drone strike", "drone attack", "missile strike", "bombing raid"],
         "shelling": ["artillery fire", "mortar fire", "rocket fire", "artillery barrage",
                      "shellfire", "tank fire"],
         "abduction": ["hostage taking", "forced disappearance", "enforced disappearance"],
         "territory": ["town", "village", "city", "district", "neighbourhood", "neighborhood", "compound",
                       "airport", "airfield", "checkpoint", "border crossing", "territory", "area", "region",
                       "province", "hill", "port", "oil field", "barracks", "police station", "prison",
                       "government building", "palace"]}
#: Verbs WordNet lacks or files under senses too broad to take with their hyponyms.
EXTRA_VERBS = {"destruction": ["destroy", "burn down", "blow up"], "abduction": ["abduct"]}


def words_of(wn: WordNet, keys: list[str]) -> set[str]:
    """Lemmas of the senses and of all their hyponyms, underscores as spaces."""
    out: set[str] = set()
    for key in keys:
        for syn in wn.descendants(wn.sense(key)):
            out |= {w.replace("_", " ").lower() for w in syn.words}
    return out


def build(wordnet_dir: Path) -> list[tuple[str, str, str, str]]:
    nouns, verbs = WordNet("noun", wordnet_dir), WordNet("verb", wordnet_dir)
    rows: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    for cls, (code, noun_keys, verb_keys) in SEEDS.items():
        found = [(w, "noun") for w in words_of(nouns, noun_keys) | set(EXTRA.get(cls, ()))]
        found += [(w.replace("-", " "), "verb") for w in words_of(verbs, verb_keys) | set(EXTRA_VERBS.get(cls, ()))]
        for word, pos in found:
            if word in LEAVE_OUT or not word.replace(" ", "").replace("-", "").isalpha():
                continue
            rows.setdefault((word.replace("-", " "), pos), (word.replace("-", " "), pos, code, cls))
    # "rape" is left out of the seeds' words above only for its plant sense: the act stays
    rows[("rape", "noun")] = ("rape", "noun", "1821", "sexual")
    rows[("rape", "verb")] = ("rape", "verb", "1821", "sexual")
    return sorted(rows.values())


def main() -> None:
    rows = build(wordnet_dir(__doc__.splitlines()[0]))
    head = ["# lemma\tpos\tcameo\tclass",
            "# Violence vocabularies from WordNet 3.0 (Princeton University, WordNet licence),",
            "# built by tools/build_violence_classes.py: chemical and incendiary weapons (2041),",
            "# sexual violence (1821), air strikes (195), shelling (194), destruction of property",
            "# (1712), abduction (181); places captured (territory, 192: not event nouns).",
            "# Multiword lemmas match lemmas in order."]
    write_table(OUT, head, rows)
    print(f"wrote {OUT}: {len(rows)} lemmas")


if __name__ == "__main__":
    main()
