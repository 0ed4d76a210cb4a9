"""A minimal reader of the WordNet 3.0 database files (Debian package ``wordnet-base``,
``/usr/share/wordnet``): synsets, their words, glosses and hypernym/hyponym links.
Used only by the converters in tools/; whimbrel never reads WordNet at run time."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DIR = Path("/usr/share/wordnet")


def wordnet_dir(description: str) -> Path:
    """The WordNet folder a converter reads: ``--wordnet``, else Debian's."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--wordnet", type=Path, default=DEFAULT_DIR, help="WordNet 3.0 dict folder")
    return ap.parse_args().wordnet


def write_table(path: Path, head: list[str], rows: list[tuple[str, ...]]) -> None:
    """Write ``#`` header lines, then one tab-separated line per row."""
    path.write_text("\n".join(head + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")


@dataclass
class Synset:
    offset: str
    pos: str
    lexname: int
    words: list[str]
    gloss: str
    hypernyms: list[str] = field(default_factory=list)
    hyponyms: list[str] = field(default_factory=list)


class WordNet:
    """Synsets of one part of speech ('noun' or 'verb') and the index of their lemmas."""

    def __init__(self, pos: str, root: Path = DEFAULT_DIR):
        if not (root / f"data.{pos}").is_file():
            raise SystemExit(f"WordNet data.{pos} not found in {root}; "
                             "install it with `apt-get install wordnet-base` or pass --wordnet DIR")
        self.synsets: dict[str, Synset] = {}
        for line in (root / f"data.{pos}").read_text("latin-1").splitlines():
            if line.startswith("  "):
                continue  # licence header
            head, _, gloss = line.partition(" | ")
            parts = head.split()
            offset, lexname, n_words = parts[0], int(parts[1]), int(parts[3], 16)
            words = [parts[4 + 2 * i].lower() for i in range(n_words)]
            i = 4 + 2 * n_words
            n_ptr = int(parts[i])
            syn = Synset(offset, pos, lexname, words, gloss.strip())
            for k in range(n_ptr):
                sym, target = parts[i + 1 + 4 * k], parts[i + 2 + 4 * k]
                if sym in ("@", "@i"):
                    syn.hypernyms.append(target)
                elif sym in ("~", "~i"):
                    syn.hyponyms.append(target)
            self.synsets[offset] = syn
        self.index: dict[str, list[str]] = {}
        for line in (root / f"index.{pos}").read_text("latin-1").splitlines():
            if line.startswith("  "):
                continue
            parts = line.split()
            n_senses = int(parts[2])
            self.index[parts[0]] = parts[-n_senses:]

    def senses(self, lemma: str) -> list[Synset]:
        """The lemma's synsets, most frequent sense first."""
        return [self.synsets[o] for o in self.index.get(lemma.replace(" ", "_"), [])]

    def sense(self, key: str) -> Synset:
        """'fire%1' -> the first sense of 'fire'."""
        lemma, _, n = key.partition("%")
        found = self.senses(lemma)
        if len(found) < int(n or 1):
            raise SystemExit(f"WordNet has no sense {key}")
        return found[int(n or 1) - 1]

    def ancestors(self, syn: Synset) -> set[str]:
        """Offsets of every hypernym above a synset (and the synset itself)."""
        seen, stack = set(), [syn.offset]
        while stack:
            o = stack.pop()
            if o not in seen:
                seen.add(o)
                stack.extend(self.synsets[o].hypernyms)
        return seen

    def descendants(self, syn: Synset, depth: int = 99) -> list[Synset]:
        out, frontier = [syn], [syn]
        for _ in range(depth):
            frontier = [self.synsets[h] for s in frontier for h in s.hyponyms]
            if not frontier:
                break
            out += frontier
        return out



def class_sense(wn: WordNet, seed: str, code: str, seeds: list[tuple[str, str]], depth: int = 5) -> Synset | None:
    """The seed verb's sense in its CAMEO class: of its ``depth`` most frequent senses, the
    first that is, or is the direct hypernym or troponym of, a sense of another seed of the
    same three-digit CAMEO code ("quit" 0831 -> {leave office, quit, step down, resign},
    not its first sense "discontinue", whose troponyms "cheese" and "close off" are no
    resignation); spelling variants ("recognise") are no mates; a seed that shares no sense with its class keeps its most frequent sense."""
    senses = wn.senses(seed)
    if not senses:
        return None
    own = [s.offset for s in senses]
    mates = {t.offset: t for other, c in seeds if c[:3] == code[:3] and other != seed
             and [s.offset for s in wn.senses(other)] != own  # (not its own spelling variant)
             for t in wn.senses(other)[:3]}
    for syn in senses[:depth]:
        if syn.offset in mates or set(syn.hypernyms) & mates.keys() or any(
                syn.offset in t.hypernyms for t in mates.values()):
            return syn
    return senses[0]
