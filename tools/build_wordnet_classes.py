"""Build whimbrel's noun classes for the event coder from WordNet 3.0.

    python tools/build_wordnet_classes.py [--wordnet /usr/share/wordnet]

Reads the WordNet 3.0 database (Debian package ``wordnet-base``; WordNet licence,
Princeton University, kept as data/events/LICENSE-wordnet.txt) and writes
``src/whimbrel/data/events/noun_classes.json``: lemma -> class, by the class of the
lemma's most frequent sense:

- ``nonagent``: things that happen or are used without a political actor -- natural
  and physical phenomena, accidents, fires and explosions, disasters (WordNet's
  noun.phenomenon and noun.event files), markets, epidemics. A clause whose subject
  is one of them ("an earthquake struck", "floods killed 40", "a bus collided")
  codes no political event.
- ``vehicle``: cars, buses, ships and aircraft: nonagent, except as the means of a
  violent act ("coalition aircraft bombed a market").
- ``means``: weapons, munitions and explosive devices: a subject that is the means of
  an attack ("a car bomb killed ten soldiers") keeps a violent event, unknown attacker.
- ``disasters`` (a list beside the classes): natural phenomena, calamities, accidents,
  epidemics; a sentence naming one is read as a disaster report, where a country's own
  relief work (evacuating, restricting, deploying) is no political event.
- ``bystander``: people present at an event in no political role -- rescuers,
  witnesses, passengers, survivors, spectators: they protest, but they do not aid,
  meet, coerce or assault as political actors.

Nouns with a political reading WordNet's first sense misses ("strike", "riot") are
never nonagent. Explosions and fires are nonagent: a subject "an explosion" codes a
violent event only when state or armed actors are its victims (coder.py). The package reads only the JSON; rerun this script to rebuild it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from wordnet_reader import DEFAULT_DIR, WordNet

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "whimbrel" / "data" / "events"

NOUN_EVENT, NOUN_PHENOMENON = 11, 19  # WordNet lexicographer files noun.event, noun.phenomenon
#: Senses (lemma%n) whose hyponyms are classed, with the class.
ROOTS = {
    "vehicle": ["conveyance%3"],
    "nonagent": ["market%1", "market%2", "market%3", "stock_market%1",
                 "economy%1", "currency%1", "price%2", "epidemic%1", "disease%1",
                 "drought%1", "famine%1", "cyclone%1", "blaze%1", "volcano%1", "collapse%1"],
    "means": ["weapon%1", "weaponry%1", "explosive_device%1", "munition%1", "ammunition%1",
              "explosive%1", "military_vehicle%1", "warship%1", "bomber%1", "fighter%2",
              "drone%4", "warplane%1", "mortar%1", "mine%2", "minefield%1"],
    "bystander": ["rescuer%2", "witness%1", "witness%2", "passenger%1", "survivor%1",
                  "survivor%2", "spectator%1", "tourist%1", "bystander%1", "patient%1",
                  "hiker%1", "mountaineer%1", "swimmer%1", "firefighter%1",
                  "lifeguard%1", "paramedic%1", "shopper%1", "motorist%1", "victim%1",
                  "casualty%2", "fan%3"],
}
#: Political readings WordNet's first sense misses: never nonagent.
POLITICAL = {"strike", "attack", "war", "battle", "fighting", "fight", "clash", "riot",
             "revolution", "coup", "uprising", "rebellion", "revolt", "invasion", "siege",
             "offensive", "raid", "ambush", "assault", "bombing", "shelling", "airstrike",
             "crackdown", "election", "vote", "referendum", "ceasefire", "truce", "protest",
             "demonstration", "rally", "march", "boycott", "blockade", "embargo", "visit",
             "meeting", "summit", "talks", "negotiation", "agreement", "deal", "treaty"}


#: Words with a weapon among their first senses that news uses otherwise ('a gas explosion').
NOT_MEANS = {"gas", "arm", "arms", "piece", "round", "iron", "rock", "stone", "club", "bat", "stick"}


def first_sense_class(wn: WordNet, lemma: str, classed: dict[str, str]) -> str | None:
    """The class of the most frequent sense; a weapon in any of the first senses is a
    means ('shell', 'mine', 'drone' are weapons when they are subjects in the news)."""
    senses = wn.senses(lemma)
    if not senses:
        return None
    if lemma not in NOT_MEANS and any(classed.get(s.offset) == "means" for s in senses[:5]):
        return "means"
    if any(classed.get(s.offset) == "bystander" for s in senses[:2]):
        return "bystander"  # 'rescuer': a savior first, one who saves from danger next
    first = senses[0]
    if first.offset in classed:
        return classed[first.offset]
    if first.lexname in (NOUN_EVENT, NOUN_PHENOMENON):
        return "nonagent"
    return None


#: Senses whose hyponyms are disasters: a sentence naming one is a disaster report.
DISASTER_ROOTS = ["geological_phenomenon%1", "windstorm%1", "heat_wave%1", "calamity%1", "accident%1", "epidemic%1", "flood%1",
                  "storm%1", "earthquake%1", "drought%1", "famine%1", "landslide%2", "wildfire%1",
                  "eruption%1", "cyclone%1", "volcano%1"]


#: Hyponyms of those senses that war reports use as often ("collateral damage", "tragedy").
NOT_DISASTERS = {"deposit", "collateral damage", "mutilation", "dismemberment", "concussion",
                 "tragedy", "lode", "mother lode", "champion lode", "taking apart", "eruption",
                 "apocalypse", "sedimentation", "endogeny"}


def disasters(wordnet_dir: Path) -> list[str]:
    """Lemmas whose most frequent sense is a natural disaster, an accident or an epidemic."""
    wn = WordNet("noun", wordnet_dir)
    offsets = {s.offset for key in DISASTER_ROOTS for s in wn.descendants(wn.sense(key))}
    out = []
    for lemma, senses in wn.index.items():
        word = lemma.replace("_", " ")
        if senses[0] in offsets and word.replace(" ", "").isalpha() and word.count(" ") <= 1 \
                and word not in POLITICAL | NOT_DISASTERS:
            out.append(word)
    return sorted(out)


def build(wordnet_dir: Path) -> dict[str, str]:
    wn = WordNet("noun", wordnet_dir)
    classed: dict[str, str] = {}
    for cls in ("vehicle", "nonagent", "bystander", "means"):  # later classes win on overlap
        for key in ROOTS[cls]:
            for syn in wn.descendants(wn.sense(key)):
                classed[syn.offset] = cls
    out: dict[str, str] = {}
    for lemma in wn.index:
        word = lemma.replace("_", " ")
        if not word.replace(" ", "").replace("-", "").isalpha() or word.count(" ") > 1:
            continue
        cls = first_sense_class(wn, lemma, classed)
        if cls is None or (cls == "nonagent" and word in POLITICAL):
            continue
        out[word] = cls
    return dict(sorted(out.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wordnet", type=Path, default=DEFAULT_DIR, help="WordNet 3.0 dict folder")
    args = ap.parse_args()
    classes = build(args.wordnet)
    doc = {"about": "Noun classes from WordNet 3.0 (Princeton University, WordNet licence); "
                    "built by tools/build_wordnet_classes.py. nonagent: phenomena, accidents, "
                    "vehicles, markets; means: weapons; bystander: people in no political role.",
           "classes": classes,
           "disasters": disasters(args.wordnet)}
    (OUT / "noun_classes.json").write_text(json.dumps(doc, indent=0, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for c in classes.values():
        counts[c] = counts.get(c, 0) + 1
    print(f"wrote {OUT / 'noun_classes.json'}: {counts}")


if __name__ == "__main__":
    main()
