"""Build whimbrel's derived event nouns: the nominalisations of its core event verbs,
from WordNet 3.0's derivational links.

    python tools/build_derived_nouns.py [--wordnet /usr/share/wordnet]

A news sentence often names its event by a noun made from the verb: "handed in his
resignation", "the signing of a treaty", "Qatar's payment of salaries", "carried out
the bombing of". For every verb of ``core_verbs.tsv`` (whimbrel's CAMEO code for the
bare use of a common event verb), the nouns WordNet derives from the verb's sense
in its class (its most frequent sense unless a rarer one is a class mate's: see
wordnet_reader.class_sense) ("resign" -> "resignation", "expel" -> "expulsion") get the verb's code,
when the linked noun sense is an act, event or message (WordNet's noun.act, noun.event and
noun.communication files: "resignation" is filed as a message) and
one of the noun's three most frequent senses, and the noun does not first name a thing,
group, place or person ("the opposition", "the host" do not join). Gerunds are left out:
the parser reads "-ing" forms as verbs, which the verb tables already code. Nouns
the curated ``event_nouns.tsv`` knows keep their curated code (the coder reads both and
the curated table wins). Written to ``src/whimbrel/data/events/derived_nouns.tsv``
(WordNet 3.0, Princeton University, WordNet licence: see data/SOURCES.md).
"""

from __future__ import annotations

from pathlib import Path

from wordnet_reader import WordNet, class_sense, wordnet_dir, write_table

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "whimbrel" / "data" / "events"
NOUN_ACT, NOUN_COMMUNICATION, NOUN_EVENT = 4, 10, 11
#: noun.artifact, noun.group, noun.location, noun.person: a noun first naming one of these
#: ("the opposition", "the establishment") is read as that, not as an act.
THING_FILES = {6, 14, 15, 18}
#: Statements and appeals (roots 01, 02) are not events a noun should carry on its own
#: ("the statement", "the comment"); the curated table covers the few that are.
SKIP_ROOTS = {"01", "02"}
#: Nouns whose news sense is not the derived act: groups and institutions ("the opposition",
#: "the establishment"), pressure and provision in the abstract, jobs lost ("firing"),
#: bodily harm without an actor ("injury"), and the ambiguous -ing forms of common verbs.
EXCLUDE = {"address", "report", "play", "interest", "service", "return", "support", "help",
           "work", "move", "cut", "release", "order", "set", "run", "hold", "check",
           "opposition", "establishment", "pressure", "provision", "firing", "striking", "cutting",
           "pushing", "pressing", "injury", "training", "sending", "committal", "blockage",
           "restoration", "supplying", "backing", "denial", "talking", "occupation",
           # abstract relations and states more often than acts in news ("bilateral
           # cooperation", "on arrival", "in detention", "political convictions")
           "cooperation", "collaboration", "arrival", "delivery", "detention", "conviction",
           "signature", "commendation", "insistence", "commitment"}


def read_tsv(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def derivations(wordnet_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """verb synset offset -> [(source word, noun synset offset)] from the '+' pointers."""
    out: dict[str, list[tuple[str, str]]] = {}
    for line in (wordnet_dir / "data.verb").read_text("latin-1").splitlines():
        if line.startswith("  "):
            continue
        parts = line.partition(" | ")[0].split()
        offset, n_words = parts[0], int(parts[3], 16)
        words = [parts[4 + 2 * i].lower() for i in range(n_words)]
        i = 4 + 2 * n_words
        for k in range(int(parts[i])):
            sym, target, pos, st = parts[i + 1 + 4 * k: i + 5 + 4 * k]
            if sym == "+" and pos == "n":
                src, tgt = int(st[:2], 16), int(st[2:], 16)
                out.setdefault(offset, []).append((words[src - 1] if src else "", target + f":{tgt}"))
    return out


def build(wordnet_dir: Path) -> list[tuple[str, str, str]]:
    verbs, nouns = WordNet("verb", wordnet_dir), WordNet("noun", wordnet_dir)
    links = derivations(wordnet_dir)
    curated = {row[0] for row in read_tsv(OUT / "event_nouns.tsv")}
    claims: dict[str, dict[str, str]] = {}  # noun -> root -> "code\twhy"
    seeds = [(row[0], row[1]) for row in read_tsv(OUT / "core_verbs.tsv")]
    for seed, code in seeds:
        if " " in seed or not code or code[:2] in SKIP_ROOTS:
            continue
        sense = class_sense(verbs, seed, code, seeds)
        if sense is None:
            continue
        for word, target in links.get(sense.offset, []):
            if word and word != seed:
                continue
            offset, _, n = target.partition(":")
            syn = nouns.synsets[offset]
            noun = syn.words[int(n) - 1].split("(")[0].replace("_", " ") if int(n) else None
            if not noun or noun.endswith("ing") or noun in curated or noun in EXCLUDE or noun == seed or not noun.replace(" ", "").isalpha():
                continue
            own = nouns.senses(noun)
            if syn.lexname not in (NOUN_ACT, NOUN_COMMUNICATION, NOUN_EVENT) or offset not in [o.offset for o in own[:3]] \
                    or own[0].lexname in THING_FILES:
                continue  # the act is a rare sense, or the noun is first a thing, group or person
            claims.setdefault(noun, {}).setdefault(code[:2], f"{code}\tfrom '{seed}'")
    rows = []
    for noun, by_root in sorted(claims.items()):
        if len(by_root) == 1:  # a noun two roots claim has no one class
            code, why = next(iter(by_root.values())).split("\t")
            rows.append((noun, code, why))
    return rows


def main() -> None:
    rows = build(wordnet_dir(__doc__.splitlines()[0]))
    head = ["# noun\tcameo\twhy",
            "# Nominalisations of core_verbs.tsv's verbs by WordNet 3.0 derivational links",
            "# (tools/build_derived_nouns.py; WordNet licence, see data/SOURCES.md).",
            "# event_nouns.tsv wins where both know a noun."]
    write_table(OUT / "derived_nouns.tsv", head, rows)
    print(f"{len(rows)} derived nouns written to {OUT / 'derived_nouns.tsv'}")


if __name__ == "__main__":
    main()
