"""What a report is about (events/frame.py): in a report whose lead tells a disaster, an
accident, an epidemic or ordinary crime, the routine response is no political event, while
protests, attacks by armed groups, force on journalists and acts between states still are.
Real spaCy; reports written for these tests (not from any evaluation or training set)."""

from __future__ import annotations

from datetime import date

import pytest

from whimbrel.events.frame import ReportFrame, load_report_classes, people_nouns, report_frame
from whimbrel.events.lexicon import load_lexicon
from whimbrel.model import ActorMention, Article, Event
from whimbrel.pipeline import Pipeline

PUB = date(2022, 8, 9)


@pytest.fixture(scope="module")
def rules_only() -> Pipeline:
    """The same pipeline without the report frame: what the sentence rules give alone."""
    return Pipeline(options={"events": {"frames": False}})


def coded(pipeline: Pipeline, text: str):
    return pipeline(Article(doc_id="f", text=text, date=PUB))


def types_of(pipeline: Pipeline, text: str) -> set[str]:
    return {e.event_type for e in coded(pipeline, text).events if e.event_type}


DISASTERS = [
    # officials visit, announce compensation, order an inquiry after a natural disaster
    "Floods in the Indian state of Assam killed 31 people this week, the disaster management "
    "authority said. The chief minister visited relief camps in Dhemaji, announced compensation "
    "for the families of the dead and ordered an inquiry into the breach of an embankment.",
    # police arrest the owner of a factory after an industrial disaster
    "A boiler exploded at a paper mill in the Pakistani city of Faisalabad on Sunday, killing "
    "nine workers, a rescue official said. Police arrested the owner of the mill, and the "
    "provincial government declared a day of mourning.",
    # a transport accident: the driver arrested, the minister suspends the company's licence
    "A bus carrying pilgrims overturned on a mountain road in Nepal's Dhading district, killing "
    "17 people, police said. The driver was detained and the transport minister suspended the "
    "bus company's licence.",
    # an epidemic: a curfew on markets, doctors sent by an international body
    "Cholera has killed 44 people in Zambia's Lusaka province since October, the health ministry "
    "said. The government imposed a curfew on the capital's markets and the World Health "
    "Organization sent 20 doctors.",
]


@pytest.mark.parametrize("text", DISASTERS)
def test_the_routine_response_to_a_disaster_is_no_political_event(pipeline, rules_only, text):
    doc = coded(pipeline, text)
    frame = report_frame(doc, load_lexicon())
    assert frame is not None and frame.kind == "disaster", frame
    assert not {e.event_type for e in doc.events if e.event_type}, [
        (e.event_type, e.trigger_text) for e in doc.events]
    # the sentence rules alone code some of these acts: the frame is what drops them
    assert types_of(rules_only, text)


def test_ordinary_crime_reports_lose_their_arrests_but_not_an_arrested_journalist(pipeline, rules_only):
    seizure = ("Police in the port city of Mombasa seized 300 kilograms of heroin from a fishing boat "
               "and arrested four men, the anti-narcotics unit said. The boat had sailed from Pakistan.")
    assert report_frame(coded(pipeline, seizure), load_lexicon()).kind == "crime"
    assert types_of(pipeline, seizure) == set() and "COERCE" in types_of(rules_only, seizure)
    # a lone coded sentence follows PLOVER: authorities who arrest anyone coerce
    assert "COERCE" in types_of(pipeline, seizure.split(" The boat")[0])
    journalist = ("Police in Harare arrested a newspaper editor who had reported on the theft of "
                  "fuel from a state depot, his lawyer said.")
    assert "COERCE" in types_of(pipeline, journalist)


def test_political_acts_in_a_disaster_report_are_still_events(pipeline):
    protest = ("A roof collapsed at a coal mine near Zonguldak, killing eight miners, officials said. "
               "Hundreds of relatives marched to the mine company's offices on Tuesday to protest "
               "against the slow rescue.")
    assert "PROTEST" in types_of(pipeline, protest)
    crackdown = ("An earthquake killed 230 people in Herat province, officials said. Police fired "
                 "tear gas at protesters who blocked the main road to demand tents.")
    assert {"PROTEST", "ASSAULT"} <= types_of(pipeline, crackdown)


def test_a_report_that_opens_with_an_act_is_about_the_act(pipeline):
    # the disaster is only the occasion: aid, an agreement, a meeting between states
    assert "AID" in types_of(pipeline, "Japan sent 300 soldiers and two transport planes to help Turkey "
                                       "after the earthquake, the defence ministry said.")
    lead = coded(pipeline, "The World Bank will lend Malawi 80 million dollars to rebuild roads and "
                           "bridges destroyed by Cyclone Freddy, a bank official said.")
    assert report_frame(lead, load_lexicon()) is None
    # a happening that is only the reason or the time of an act does not frame it
    cancelled = coded(pipeline, "Ghana and Togo postponed their border talks in Lome because of the "
                                "cholera outbreak, officials said.")
    assert report_frame(cancelled, load_lexicon(), cancelled.events) is None
    assert any(e.event_type for e in cancelled.events)


def test_a_blast_is_an_accident_only_in_an_industrial_setting(pipeline):
    lex = load_lexicon()
    mine = coded(pipeline, "A methane blast at a coal mine in Shanxi province killed 14 miners on Friday.")
    assert report_frame(mine, lex) is not None
    market = coded(pipeline, "A blast at a crowded market in Maiduguri killed 15 people on Friday, police said.")
    assert report_frame(market, lex) is None
    assert report_frame(coded(pipeline, "A car bomb exploded near a checkpoint in Mogadishu, killing seven soldiers."),
                        lex) is None


def event(event_type: str, source: list[ActorMention], target: list[ActorMention] = (), evidence: str = "") -> Event:
    return Event(doc_id="d", sentence_index=1, sentence_span=(0, 1), sentence_text="x", trigger_text="x",
                 trigger_span=(0, 1), cameo="010", event_type=event_type, source=list(source),
                 target=list(target), evidence=evidence)


def actor(text: str, country: str | None, sector: str | None = None) -> ActorMention:
    return ActorMention(text=text, span=(0, 1), country=country, sector=sector)


def test_routine_keeps_what_is_political_in_any_setting() -> None:
    frame = ReportFrame("disaster", "natural", "floods")
    police, owner = actor("police", "IND", "COP"), actor("the owner", "IND", "BUS")
    assert frame.routine(event("COERCE", [police], [owner]))  # the factory owner arrested
    assert not frame.routine(event("COERCE", [police], [actor("two reporters", "IND", "JRN")]))
    assert frame.routine(event("AID", [actor("Japan", "JPN")], [actor("India", "IND")]))  # relief from abroad
    assert not frame.routine(event("SANCTION", [actor("Japan", "JPN")], [actor("India", "IND")]))
    assert not frame.routine(event("ASSAULT", [actor("rebels", "IND", "REB")]))
    assert frame.routine(event("PROTEST", [actor("Five workers", "IND", "LAB")], evidence="retyped 190->145"))
    assert not frame.routine(event("PROTEST", [actor("residents", "IND", "CVL")], evidence="verb 'march'"))


def test_report_classes_come_from_wordnet_with_the_ambiguous_words_left_out() -> None:
    classes = load_report_classes()
    assert classes.nouns[("earthquake",)] == "natural" and classes.nouns[("cholera",)] == "epidemic"
    assert classes.nouns[("derailment",)] == "accident" and classes.nouns[("robbery",)] == "crime"
    assert classes.nouns[("rocket",)] == "armed" and classes.nouns[("refinery",)] == "industrial"
    assert classes.verbs["capsize"] == "accident" and classes.verbs["embezzle"] == "crime"
    # people by their most frequent sense: 'miners' are people, 'prices' are not
    assert "miner" in people_nouns() and "price" not in people_nouns()
    # words of war and politics are no happening of these classes
    for word in ("massacre", "looting", "kidnapping", "raid", "disaster", "shooting"):
        assert (word,) not in classes.nouns, word


def test_violence_a_robbery_explains_is_part_of_the_crime(pipeline, rules_only):
    # robbers' own violence in a report that opens with the robbery is no attack
    heist = ("Police in Lagos said a bullion van was ambushed by a gang of six armed robbers on the "
             "Ikorodu road, who forced open the safe and fled with the cash. Two security guards "
             "were injured.")
    frame = report_frame(coded(pipeline, heist), load_lexicon())
    assert frame is not None and frame.kind == "crime", frame
    assert types_of(pipeline, heist) == set() and types_of(rules_only, heist)
    shooting = ("Police in Recife said two men on a scooter shot dead a taxi driver near the bus "
                "station in what they believed was a robbery. The city's security chief said more "
                "patrols would be sent to the area.")
    assert types_of(pipeline, shooting) == set()
    # gunmen with no crime to explain them, and a killing, stay attacks
    raid = ("Gunmen attacked a village in Zamfara state overnight, killing 12 people, police said. "
            "The governor condemned the attack and sent soldiers to the area.")
    assert "ASSAULT" in types_of(pipeline, raid)
    slaying = ("Gunmen shot dead a village chief in Zamfara state in a murder police blamed on a "
               "land dispute. The governor condemned the killing.")
    assert "ASSAULT" in types_of(pipeline, slaying)
