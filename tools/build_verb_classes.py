"""Build whimbrel's verb classes: synonyms of its core event verbs from WordNet 3.0.

    python tools/build_verb_classes.py [--wordnet /usr/share/wordnet]

For every verb of ``core_verbs.tsv`` (whimbrel's CAMEO code for the bare use of a
common event verb), the other verbs of the seed's WordNet sense in its class (its most
frequent sense unless a rarer one is, or is next to, a sense of another seed of the same
CAMEO code: "quit" 0831 is {leave office, quit, step down, resign}, not "discontinue",
whose troponyms "cheese", "close off" and "lay off" are no resignation; see
wordnet_reader.class_sense) and of that sense's direct troponyms ("more specific ways to do it") get the
seed's code, when the coder knows nothing about them yet and that synset is their own
most frequent sense too (so "bear" does not join "deport" by a rare sense): "renege" and "back out"
join "withdraw", "bombard" joins "shell". A verb that two seeds of different CAMEO
roots claim is left out (it has no one class). Written to
``src/whimbrel/data/events/verb_classes.tsv`` (WordNet 3.0, Princeton University,
WordNet licence: see data/SOURCES.md). The package reads only the TSV.
"""

from __future__ import annotations

import json
from pathlib import Path

from wordnet_reader import WordNet, class_sense, wordnet_dir, write_table

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "whimbrel" / "data" / "events"
#: Seed senses to skip: their first WordNet sense is not their news sense.
SKIP_SEEDS = {"say", "state", "declare", "announce", "comment", "tell", "meet", "see", "go", "come",
              "get", "give", "take", "make", "have", "put", "set", "run", "hold", "keep", "call",
              "travel", "cut", "decline", "lift", "press", "push", "provide", "occupy", "beat",
              "consider", "deport", "disperse", "commit", "return", "relax", "deliver", "receive",
              "strike", "station", "sanction", "veto", "pursue", "train", "restore", "arrive",
              "host", "talk", "support", "grant", "send", "help", "demonstrate", "march", "order",
              "recognise", "apologise", "summon", "suspend", "release", "free", "wound", "propose",
              "inspect", "hack", "blast", "fire", "destroy", "shoot", "supply", "injure"}
#: Seeds whose most frequent sense is their news sense, though a rarer one touches a class
#: mate's ("ambush" also means to still-hunt game, "recognize" to spot).
FIRST_SENSE = {"ambush", "recognize"}
#: Verbs whose news sense is not the one WordNet ranks first.
EXCLUDE = {"weather", "contract", "off", "experiment", "plain", "sonnet", "partner", "encore",
           "ask out", "invite out", "bed", "bottom", "glass", "gate", "theme", "tube", "uniform",
           "top out", "contract in", "moot", "sling", "rifle",
           "pull down"}  # (shutters pulled down in a strike, prices pulled down)


def known_verbs() -> set[str]:
    """Every verb the coder already has a code, a block or a role for."""
    verbs = json.loads((OUT / "verbs.json").read_text())["verbs"]
    cues = json.loads((OUT / "cues.json").read_text())
    known = set(verbs) | set(cues["reporting_verbs"]) | set(cues["light_verbs"]) \
        | set(cues["neutral_verbs"]) | set(cues["governor_lemmas"])
    for line in (OUT / "core_verbs.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            known.add(line.split("\t")[0])
    return known


def build(wordnet_dir: Path) -> list[tuple[str, str, str]]:
    wn = WordNet("verb", wordnet_dir)
    seeds = [(line.split("\t")[0], line.split("\t")[1]) for line in (OUT / "core_verbs.tsv").read_text().splitlines()
             if line and not line.startswith("#")]
    known = known_verbs()
    claims: dict[str, dict[str, str]] = {}  # verb -> root -> "code seed"
    for seed, code in seeds:
        if seed in SKIP_SEEDS or " " in seed or not code:
            continue
        sense = wn.senses(seed)[0] if seed in FIRST_SENSE else class_sense(wn, seed, code, seeds)
        if sense is None:
            continue
        for syn in [sense] + [wn.synsets[h] for h in sense.hyponyms]:
            for word in syn.words:
                verb = word.replace("_", " ").split("(")[0]
                if verb in known or verb in EXCLUDE or verb == seed or not verb.replace(" ", "").isalpha():
                    continue
                own = wn.senses(verb)
                if not own or own[0].offset != syn.offset:
                    continue  # the verb's own most frequent sense is something else
                if verb.count(" ") > 1:
                    continue
                claims.setdefault(verb, {}).setdefault(code[:2], f"{code}\t{seed} ({syn.words[0]})")
    rows = []
    for verb, by_root in sorted(claims.items()):
        if len(by_root) == 1:
            code, why = next(iter(by_root.values())).split("\t")
            rows.append((verb, code, why))
    return rows


def main() -> None:
    rows = build(wordnet_dir(__doc__.splitlines()[0]))
    head = ["# lemma\tcameo\tseed verb (WordNet synset)",
             "# Synonyms and troponyms of core_verbs.tsv verbs from WordNet 3.0 (Princeton",
             "# University, WordNet licence); built by tools/build_verb_classes.py."]
    write_table(OUT / "verb_classes.tsv", head, rows)
    print(f"wrote {OUT / 'verb_classes.tsv'}: {len(rows)} verbs")


if __name__ == "__main__":
    main()
