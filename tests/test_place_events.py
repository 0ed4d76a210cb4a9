"""Where events happened, on short stories written for these tests (tests/stories/place/events/).

Each story sets one class of error seen on wire copy: a state's statement told from a
dateline abroad, the place of a speaker, the place of an act agreed for later, a river
named after a country, a bare dateline city, a meeting's place reaching its agreements,
an actor stationed abroad, "WASHINGTON/CARACAS" and second datelines, a sea that is in
no country, the town a strike hit, an organisation at its seat. The real pipeline (spaCy
model included) codes them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import whimbrel

EVENTS = Path(__file__).parent / "stories" / "place" / "events"


@pytest.fixture(scope="module")
def coded() -> dict[str, list]:
    return {p.stem: whimbrel.code_text(p.read_text("utf-8"), date="2024-03-14")
            for p in sorted(EVENTS.glob("*.txt"))}


def _at(coded: dict[str, list], story: str, trigger: str) -> tuple[str | None, str]:
    found = [e for e in coded[story] if trigger in e.trigger_text]
    assert found, [(e.event_type, e.trigger_text) for e in coded[story]]
    loc = found[0].location
    assert loc is not None and loc.rule, f"{trigger!r} has no place or no rule"
    return loc.country, loc.rule


def test_a_states_statement_is_made_at_home_not_at_the_dateline(coded) -> None:
    country, rule = _at(coded, "home-statement", "condemned")
    assert country == "VEN" and rule.startswith("home") and "BRUSSELS" in rule
    assert _at(coded, "home-statement", "approved")[0] == "BEL"  # the EU's act: Brussels


def test_the_place_of_a_speaker_is_not_the_place_of_what_he_reports(coded) -> None:
    assert _at(coded, "speaker-place", "struck") == ("YEM", "dateline")


def test_an_agreement_is_made_where_its_meeting_is_not_where_its_project_goes(coded) -> None:
    country, rule = _at(coded, "agreed-act", "signed")
    assert country == "ARG" and rule.startswith("occasion's place")
    # agreeing to hold the next meeting names that meeting's place (the analysts' example)
    assert _at(coded, "agreed-act", "agreed to hold")[0] == "CHL"


def test_a_river_named_after_a_country_is_not_that_country(coded) -> None:
    assert _at(coded, "river-name", "fired") == ("MRT", "dateline")


def test_a_bare_dateline_is_the_city_everyone_knows(coded) -> None:
    assert _at(coded, "bare-dateline", "met") == ("CHE", "dateline")


def test_an_agreement_takes_its_meetings_place_over_the_main_place(coded) -> None:
    country, rule = _at(coded, "meeting-place", "agreed to expand")
    assert country == "IND" and rule.startswith("occasion's place (locative: meet in X")


def test_an_actor_stationed_abroad_acts_where_it_is(coded) -> None:
    country, rule = _at(coded, "embassy-abroad", "welcomed")
    assert country == "PAK" and "Islamabad" in rule


def test_a_slash_dateline_is_its_first_city(coded) -> None:
    assert _at(coded, "slash-dateline", "imposed") == ("USA", "dateline")
    country, rule = _at(coded, "slash-dateline", "denounced")
    # Venezuela's own act with no other party: at home, here the dateline's Caracas
    assert country == "VEN" and rule.startswith("dateline (the city of VEN")


def test_a_second_dateline_holds_for_the_text_below_it(coded) -> None:
    assert _at(coded, "second-dateline", "signed") == ("JPN", "dateline")
    assert _at(coded, "second-dateline", "criticised") == ("AUS", "dateline")


def test_a_missile_launch_told_from_abroad_is_the_launchers(coded) -> None:
    country, rule = _at(coded, "sea-launch", "fired")
    assert country == "PRK" and rule.startswith("home") and "SEOUL" in rule


def test_a_sea_gives_no_country_so_a_later_rule_does(coded) -> None:
    country, rule = _at(coded, "sea-exercise", "began")
    assert country == "GRC" and rule.startswith("dateline") and "in no country" in rule


def test_the_town_a_strike_hit_is_where_it_happened(coded) -> None:
    found = [e for e in coded["strike-target"] if e.trigger_text == "struck"]
    assert found and found[0].location.name == "Kharkiv"
    assert found[0].location.rule == "place in sentence (X as dobj)"


def test_an_international_organisations_declared_act_is_at_its_seat(coded) -> None:
    country, rule = _at(coded, "igo-seat", "suspended")
    assert country == "ETH" and "AU, at its seat" in rule and "KYIV" in rule
