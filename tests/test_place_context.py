"""Place resolution by story context (issue 9), on short stories we wrote for it.

``tests/stories/place/context/`` holds five stories: Illinois counties under an upper-case
dateline, a Virginia school story whose towns share names with bigger places abroad, towns
qualified by old-style state and province abbreviations, countries and continents, and a
story that qualifies "Springfield" once in its dateline and then repeats it bare.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from whimbrel.language import Language, load_nlp
from whimbrel.model import Article, Document
from whimbrel.place import Geoparser, PlaceStage, gazetteer

STORIES = Path(__file__).parent / "stories" / "place" / "context"


@pytest.fixture(scope="module")
def gaz():
    return gazetteer.default()


@pytest.fixture(scope="module")
def lang():
    return Language(nlp=load_nlp(), parse_all=True)


@pytest.fixture(scope="module")
def geo(gaz, lang):
    return Geoparser(nlp=lang.nlp, gazetteer=gaz)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def parse(geo, name: str) -> list[dict]:
    return geo.geoparse((STORIES / name).read_text("utf-8"), all_mentions=True)


def by_name(recs: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for r in recs:
        out.setdefault(r["name"], r)
    return out


def test_gazetteer_holds_counties_small_towns_and_areas(gaz) -> None:
    features = [e.feature for e in gaz.entries]
    assert features.count("A.ADM2") > 30_000
    assert sum(f.startswith("P.") for f in features) > 150_000
    tarrant = gaz.lookup("Tarrant County")
    assert [(e.feature, e.country, e.admin1) for e in tarrant] == [("A.ADM2", "USA", "Texas")]
    assert km(tarrant[0].lat, tarrant[0].lon, 32.77, -97.29) < 40
    # a US county is named in full: its bare name does not shadow towns
    assert all(e.feature != "A.ADM2" for e in gaz.lookup("Tarrant"))
    small = [e for e in gaz.lookup("Monticello") if e.admin1 == "Illinois" and
             e.name == "Monticello"]
    assert small and small[0].population < 10_000
    assert {e.feature for e in gaz.lookup("Africa")} >= {"L.CONT"}


def test_counties_resolve_to_their_own_points(geo) -> None:
    recs = by_name(parse(geo, "county-fair.txt"))
    truth = {"Macon County": (39.86, -88.96), "Piatt County": (40.01, -88.59),
             "Champaign County": (40.14, -88.20)}
    for name, (lat, lon) in truth.items():
        r = recs[name]
        assert r["feature"] == "A.ADM2" and r["admin1"] == "Illinois", r
        assert r["precision"] == "region"
        assert km(r["lat"], r["lon"], lat, lon) < 40, r
    assert recs["DECATUR"]["admin1"] == "Illinois"  # upper-case dateline, "Ill." qualifier
    assert recs["Monticello"]["admin1"] == "Illinois"  # a town of ~5,000 people


def test_towns_follow_the_story_not_the_biggest_namesake(geo) -> None:
    recs = by_name(parse(geo, "virginia-alexandria.txt"))
    for name in ("Alexandria", "Arlington", "Fairfax"):
        assert (recs[name]["country"], recs[name]["admin1"]) == ("USA", "Virginia"), recs[name]
    assert any("region" in n for n in recs["Alexandria"]["notes"])  # the rule says why
    alone = by_name(geo.geoparse("Protesters gathered in Alexandria on Friday."))
    assert alone["Alexandria"]["country"] == "EGY"


def test_abbreviations_qualify_towns_and_stand_alone(geo) -> None:
    recs = by_name(parse(geo, "abbreviations.txt"))
    assert recs["Fresno"]["admin1"] == "California" and recs["Calif."]["feature"] == "A.ADM1"
    assert recs["Kelowna"]["admin1"] == "British Columbia"
    assert recs["B.C."]["resolved"] == "British Columbia"
    assert recs["Albany"]["admin1"] == "New York"
    assert recs["N.Y."]["resolved"] == "New York" and recs["N.Y."]["precision"] == "region"
    assert recs["Ont"]["resolved"] == "Ontario"  # "Ont." split by the tokenizer
    years = geo.geoparse("The temple was built in 500 B.C. by farmers.", all_mentions=True)
    assert not years


def test_countries_and_continents_sit_at_their_own_points(geo) -> None:
    recs = by_name(parse(geo, "continents.txt"))
    russia, egypt = recs["Russia"], recs["Egypt"]
    assert russia["precision"] == "country" and km(russia["lat"], russia["lon"], 60, 100) < 50
    assert km(egypt["lat"], egypt["lon"], 27, 30) < 50  # not Cairo
    assert km(recs["United States"]["lat"], recs["United States"]["lon"], 38.9, -77.0) > 500
    for name in ("Asia", "Europe", "Africa"):
        assert recs[name]["feature"] == "L.CONT" and recs[name]["country"] is None
    assert recs["Middle East"]["feature"] == "L.RGN"
    assert recs["Mediterranean"]["feature"] == "H.OCN"


def test_a_name_qualified_once_keeps_its_reading(geo, gaz, lang) -> None:
    recs = parse(geo, "dateline-upper.txt")
    springs = [r for r in recs if r["name"].casefold() == "springfield"]
    assert len(springs) == 2 and {r["admin1"] for r in springs} == {"Missouri"}
    county = next(r for r in recs if r["name"] == "Greene County")
    assert county["admin1"] == "Missouri"  # one of many Greene Counties
    text = (STORIES / "dateline-upper.txt").read_text("utf-8")
    doc = PlaceStage(gazetteer=gaz)(lang(Document(article=Article(doc_id="s", text=text))))
    assert all(p.country == "USA" for p in doc.places)


def test_common_words_and_surnames_are_not_towns(geo) -> None:
    text = ("Main Street was closed after the parade. Dr. Helen Marion said the Center would "
            "reopen. Marion added that volunteers had come from Ohio to sell Canadian maple "
            "syrup.")
    names = {r["name"] for r in geo.geoparse(text, all_mentions=True)}
    assert "Main" not in names and "Marion" not in names and "Center" not in names
    assert "Canadian" not in names  # a demonym, not the town in Texas
    assert "Ohio" in names
