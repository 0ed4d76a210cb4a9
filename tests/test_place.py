"""Place stage: gazetteer, toponym resolution and event location on real stories and spaCy."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from whimbrel.language import Language, load_nlp
from whimbrel.model import ActorMention, Article, Document, Event
from whimbrel.place import Geoparser, PlaceStage, gazetteer

STORIES = Path(__file__).parent / "stories" / "place"
EXAMPLE = Path("/work/shared/examples/jmcc-2021-09-29.txt")
if not EXAMPLE.exists():  # CI lays shared/ beside the clone
    EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / EXAMPLE.name


@pytest.fixture(scope="session")
def gaz_dir(tmp_path_factory) -> Path:
    """A gazetteer built from the installed packages into a fresh cache dir."""
    directory = tmp_path_factory.mktemp("gazetteer")
    gazetteer.get(directory)
    assert gazetteer.cache_path(directory).exists()
    return directory


@pytest.fixture(scope="session")
def gaz(gaz_dir):
    return gazetteer.get(gaz_dir)


@pytest.fixture(scope="session")
def lang():
    return Language(nlp=load_nlp(), parse_all=True)


@pytest.fixture(scope="session")
def geo(gaz, lang):
    return Geoparser(nlp=lang.nlp, gazetteer=gaz)


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def places(geo, text: str) -> dict[str, dict]:
    return {r["name"]: r for r in geo.geoparse(text)}


def story(name: str) -> str:
    return (STORIES / name).read_text("utf-8")


# ---------------------------------------------------------------- gazetteer


def test_cache_reloads_the_same_gazetteer(gaz, tmp_path):
    path = tmp_path / "g.pickle"
    gazetteer.save(gaz, path)
    again = gazetteer.load_file(path)
    assert len(again.entries) == len(gaz.entries) and again.index == gaz.index
    assert list(again.entries) == list(gaz.entries)
    assert again.index.get("kharkov") and again.index.get("no such place") == ()
    assert not list(tmp_path.glob("*.tmp"))  # atomic write left no temp file


def test_damaged_cache_file_is_refused(gaz, tmp_path):
    """get() rebuilds when load_file raises: a truncated or foreign file must raise, not map."""
    path = tmp_path / "g.bin"
    gazetteer.save(gaz, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError):
        gazetteer.load_file(path)
    path.write_bytes(b"not a gazetteer" * 10)
    with pytest.raises(ValueError):
        gazetteer.load_file(path)


def test_builds_under_different_hash_seeds_are_identical(gaz):
    """Dask workers and later runs must resolve places exactly as this process does."""
    import hashlib
    import os
    import subprocess
    import sys

    # repr, not pickle: a pickle also records which equal strings are one object, and the
    # cached gazetteer (mapped arrays) shares strings differently from a fresh build
    script = ("import hashlib; from whimbrel.place.gazetteer import build; "
              "print(hashlib.sha1(repr([tuple(e) for e in build().entries]).encode()).hexdigest())")
    here = hashlib.sha1(repr([tuple(e) for e in gaz.entries]).encode()).hexdigest()
    seeds = ("1", "2")
    runs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}) for seed in seeds]
    assert [run.communicate(timeout=300)[0].strip() for run in runs] == [here, here]


def test_gazetteer_has_countries_regions_and_alternate_names(gaz):
    assert {e.country for e in gaz.lookup("U.S.")} == {"USA"}
    assert [e.name for e in gaz.lookup("Kharkov")] == ["Kharkiv"]
    krai = [e for e in gaz.lookup("Krasnodar region") if e.feature == "A.ADM1"]
    assert krai and krai[0].country == "RUS" and km(krai[0].lat, krai[0].lon, 45.0, 39.0) < 100
    assert gaz.country("PAK").feature == "A.PCLI"
    assert gaz.us_states["CA"] is not None


# ---------------------------------------------------------------- the example story


def test_example_story_places(geo):
    found = places(geo, EXAMPLE.read_text("utf-8"))
    isb = found["Islamabad"]
    assert isb["country"] == "PAK" and isb["precision"] == "place"
    assert km(isb["lat"], isb["lon"], 33.7, 73.0) < 20
    molkino = found["Molkino Trg Area"]
    assert molkino["country"] == "RUS" and molkino["precision"] == "region"
    assert molkino["resolved"] == "Krasnodar Krai"
    assert km(molkino["lat"], molkino["lon"], 44.8, 38.6) < 161
    assert found["Russia"]["precision"] == "country"
    assert "Alexander" not in found and "Druzhba" not in found  # names, not places


def _event(doc: Document, trigger: str, nth: int = 0, sources: tuple[str, ...] = ()) -> Event:
    a = [m.start() for m in re.finditer(re.escape(trigger), doc.text)][nth]
    sent = next(s for s in doc.sentences if s.start <= a < s.end)
    return Event(doc_id=doc.doc_id, sentence_index=sent.index, sentence_span=sent.span,
                 sentence_text=sent.text, trigger_text=trigger, trigger_span=(a, a + len(trigger)),
                 cameo="040", event_type="CONSULT",
                 source=[ActorMention(text=c, span=(0, 0), country=c) for c in sources])


def _locate(lang, gaz, text: str, *events: tuple) -> list:
    doc = lang(Document(article=Article(doc_id="t", text=text)))
    doc.events = [_event(doc, *e) for e in events]
    PlaceStage(gazetteer=gaz)(doc)
    return [e.location for e in doc.events]


def test_example_story_event_locations(lang, gaz):
    held, planned, exercise = _locate(lang, gaz, EXAMPLE.read_text("utf-8"),
                                      ("was held",), ("hold", 2), ("exercise Druzhba",))
    assert (held.name, held.country, held.precision) == ("Islamabad", "PAK", "place")
    assert held.rule.startswith("locative") and held.rule.endswith("at X")
    assert (planned.country, planned.precision) == ("RUS", "country")
    assert (exercise.country, exercise.precision, exercise.admin1) == ("RUS", "region",
                                                                       "Krasnodar Krai")
    assert exercise.rule.startswith("locative")


def test_places_fill_doc_places(lang, gaz):
    doc = lang(Document(article=Article(doc_id="t", text=EXAMPLE.read_text("utf-8"))))
    PlaceStage(gazetteer=gaz)(doc)
    names = [p.name for p in doc.places]
    assert "Islamabad" in names and "Molkino Trg Area" in names
    for p in doc.places:
        assert doc.text[p.span[0]:p.span[1]].startswith(p.name)


# ---------------------------------------------------------------- ambiguous names


def test_paris_texas_vs_paris(geo):
    tx = places(geo, story("paris-texas.txt"))
    assert tx["Paris"]["country"] == "USA" and tx["Paris"]["admin1"] == "Texas"
    assert tx["Tyler"]["country"] == "USA"
    fr = places(geo, story("paris-france.txt"))
    assert fr["Paris"]["country"] == "FRA" and fr["Paris"]["feature"] == "P.PPLC"
    assert fr["Rome"]["country"] == "ITA"


def test_georgia_country_vs_us_state(geo):
    country = places(geo, story("georgia-country.txt"))
    assert country["Georgia"]["country"] == "GEO" and country["Georgia"]["precision"] == "country"
    state = places(geo, story("georgia-state.txt"))
    assert state["Georgia"]["country"] == "USA" and state["Georgia"]["precision"] == "region"
    assert state["Atlanta"]["admin1"] == "Georgia"


def test_kharkov_and_kharkiv_are_one_city(geo):
    found = places(geo, story("kharkov.txt"))
    assert found["Kharkov"]["geonameid"] == 706483
    assert found["Kharkiv"]["precision"] == "region"  # "the Kharkiv region"
    assert found["Izium"]["country"] == "UKR"


def test_washington_as_government_is_no_place(geo):
    recs = geo.geoparse(story("washington.txt"), all_mentions=True)
    wash = next(r for r in recs if r["name"] == "Washington")
    assert wash["use"] == "actor"
    assert [r["name"] for r in recs if r["use"] == "place"] == ["Vienna"]


def test_long_beach_ca_and_us(geo):
    found = places(geo, story("long-beach.txt"))
    lb = found["Long Beach"]
    assert lb["country"] == "USA" and lb["admin1"] == "California"
    assert km(lb["lat"], lb["lon"], 33.77, -118.19) < 30
    us = places(geo, "Protests spread across the U.S. on Sunday.")["U.S."]
    assert us["country"] == "USA" and us["precision"] == "country"


def test_person_names_are_not_places(geo):
    text = "Minister Sergei Lavrov met Jordan Peterson in Amman on Monday."
    found = places(geo, text)
    assert list(found) == ["Amman"] and found["Amman"]["country"] == "JOR"


# ---------------------------------------------------------------- event location rules


def test_locative_on_noun_trigger(lang, gaz):
    (loc,) = _locate(lang, gaz, "Heavy clashes in Kharkiv killed five soldiers.", ("clashes",))
    assert loc.country == "UKR" and loc.rule == "locative: clash in X"


def test_visit_goes_to_destination_not_home(lang, gaz):
    text = "Pakistan's prime minister visited Beijing on Monday for talks on trade."
    (loc,) = _locate(lang, gaz, text, ("visited", 0, ("PAK",)))
    assert loc.name == "Beijing" and loc.rule.startswith("travel")
    text = "The Pakistani delegation left Pakistan for a visit to Moscow."
    (loc,) = _locate(lang, gaz, text, ("visit", 0, ("PAK",)))
    assert loc.country == "RUS"


def test_dateline_and_main_place_fallbacks(lang, gaz):
    text = "ISLAMABAD, Sept 29 (Reuters) - Officials of both countries met on Wednesday."
    (loc,) = _locate(lang, gaz, text, ("met",))
    assert loc.country == "PAK" and loc.rule == "dateline"
    text = ("Talks were held in Vienna on Monday. Negotiators from both sides said they were "
            "hopeful. Diplomats in Vienna expected a deal.")
    (loc,) = _locate(lang, gaz, text, ("hopeful",))
    assert loc.name == "Vienna" and loc.rule.startswith("main place of story (named 2 times")


# ---------------------------------------------------------------- CLI


def test_cli_places_json(gaz_dir, monkeypatch):
    from whimbrel.cli import main

    monkeypatch.setenv("WHIMBREL_CACHE", str(gaz_dir))
    gazetteer.default.cache_clear()
    try:
        result = CliRunner().invoke(main, ["places", "--json", str(STORIES / "kharkov.txt")])
    finally:
        gazetteer.default.cache_clear()
    assert result.exit_code == 0, result.output
    recs = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert recs[0]["resolved"] == "Kharkiv" and recs[0]["country"] == "UKR"
    assert recs[0]["span"] == [23, 30]
