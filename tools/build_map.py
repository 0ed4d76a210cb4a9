"""Convert Natural Earth 1:110m country outlines into whimbrel's map data.

    pip download --no-deps geopandas==0.14.4 -d /tmp/ne && cd /tmp/ne && unzip -q geopandas-*.whl
    python tools/build_map.py /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

geopandas releases before 1.0 ship the Natural Earth "admin 0 countries" layer at 1:110m
(public domain) as ``naturalearth_lowres``; it is read here with pyshp (``pip install pyshp``),
rounded to 0.1 degree and written as ``src/whimbrel/data/serve/countries_110m.json.gz``:
``{"source": ..., "countries": [{"iso3", "name", "rings": [[[lon, lat], ...], ...]}]}``.
The server projects it at run time; nothing is fetched.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/whimbrel/data/serve/countries_110m.json.gz"
#: Natural Earth marks a few territories without an ISO code; the codes the coder uses.
CODE_FIXES = {"Kosovo": "XKX", "N. Cyprus": "CYN", "Somaliland": "SOL"}


def ring(points: list[tuple[float, float]]) -> list[list[float]]:
    """A ring rounded to 0.1 degree, repeated points dropped."""
    out: list[list[float]] = []
    for lon, lat in points:
        p = [round(lon, 1), round(lat, 1)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def convert(shp: Path) -> dict:
    import shapefile  # pyshp: needed only by this converter

    reader = shapefile.Reader(str(shp))
    countries = []
    for rec, shape in zip(reader.records(), reader.shapes()):
        parts = list(shape.parts) + [len(shape.points)]
        rings = [ring(shape.points[a:b]) for a, b in zip(parts, parts[1:])]
        code = rec["iso_a3"] if rec["iso_a3"] != "-99" else CODE_FIXES.get(rec["name"], "")
        countries.append({"iso3": code, "name": rec["name"],
                          "rings": [r for r in rings if len(r) >= 3]})
    countries.sort(key=lambda c: c["name"])
    return {"source": "Natural Earth 1:110m admin 0 countries (public domain), "
                      "as shipped by geopandas 0.14 (naturalearth_lowres)",
            "countries": countries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shp", type=Path, help="naturalearth_lowres.shp")
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = convert(args.shp)
    raw = json.dumps(data, separators=(",", ":")).encode()
    with open(args.out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
        gz.write(raw)  # mtime 0: a rebuild from the same input is byte-identical
    print(f"{len(data['countries'])} countries -> {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
