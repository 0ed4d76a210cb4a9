"""Country outlines for the map: Natural Earth 1:110m (public domain), packaged in
``data/serve/countries_110m.json.gz`` by ``tools/build_map.py``; projected here once."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

#: Plate carree over 180W-180E and 85N-58S (Antarctica left out), 960 units wide.
WIDTH, NORTH, SOUTH = 960.0, 85.0, -58.0
SCALE = WIDTH / 360.0
HEIGHT = (NORTH - SOUTH) * SCALE


def project(lon: float, lat: float) -> tuple[float, float]:
    lat = max(SOUTH, min(NORTH, lat))
    return (lon + 180.0) * SCALE, (NORTH - lat) * SCALE


@lru_cache(maxsize=1)
def outlines() -> dict:
    path = resources.files("whimbrel") / "data" / "serve" / "countries_110m.json.gz"
    with path.open("rb") as fh:
        return json.loads(gzip.decompress(fh.read()))


@lru_cache(maxsize=1)
def country_paths() -> list[tuple[str, str, str]]:
    """(ISO-3, name, SVG path) of every country, projected."""
    out = []
    for c in outlines()["countries"]:
        if c["iso3"] == "ATA":
            continue
        rings = []
        for ring in c["rings"]:
            pts = [project(lon, lat) for lon, lat in ring]
            rings.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        out.append((c["iso3"], c["name"], "".join(rings)))
    return out
