"""Dates, background and places of whole stories, by class of error seen on wire copy:
a date in a shared subject or in a purpose clause, a past perfect after the lead, a
statement of a count, an occasion the story comes back to; a kind of place named by a
demonym ("the Somali town of X", "the Finnish capital"), a shared dateline, a declared
act's content, an embassy, a country that is only a topic.

Stories written for these tests; the real pipeline (spaCy model included) codes them.
"""

from __future__ import annotations

import whimbrel


def _one(events: list, trigger_word: str):
    found = [e for e in events if trigger_word in e.trigger_text]
    assert found, [(e.event_type, e.trigger_text) for e in events]
    return found[0]


def _day(event) -> str | None:
    return event.date.value if event.date else None


def _country(event) -> str | None:
    return event.location.country if event.location else None


# ------------------------------------------------------------------ dates and background


def test_a_date_in_the_shared_subject_dates_the_conjoined_verb() -> None:
    events = whimbrel.code_text(
        "KIGALI, June 6 (Reuters) - Rwandan police arrested two opposition activists on "
        "Thursday.\n\nThe presidential election of March 3, 2017, declared void by the "
        "courts, was marred by attacks on polling stations.", date="2019-06-06")
    marred = _one(events, "marred")
    assert (_day(marred), marred.date_source) == ("2017-03-03", "own")


def test_a_plainly_past_date_in_a_purpose_clause_dates_the_act() -> None:
    events = whimbrel.code_text(
        "JUBA, June 6 (Reuters) - South Sudan's army said on Thursday it had repelled an "
        "attack near Bor.\n\nRebels launched an offensive to seize the town of Bor late last "
        "Monday, the army said.", date="2019-06-06")
    assert _day(_one(events, "launched")) == "2019-06-03"


def test_past_perfect_and_counts_after_the_lead_are_not_the_days_news() -> None:
    events = whimbrel.code_text(
        "LUSAKA, June 6 (Reuters) - Zambian police arrested an opposition leader on "
        "Thursday.\n\nHis party condemned the arrest.\n\nThe electoral commission had "
        "recommended a recount.\n\nThe health ministry said 40 people had been treated for "
        "injuries.", date="2019-06-06")
    assert _day(_one(events, "condemned")) == "2019-06-06"  # a reaction of the day
    assert _day(_one(events, "recommended")) is None  # what came before the news
    said = [e for e in events if e.sentence_index == 3]
    assert said and all(_day(e) != "2019-06-06" for e in said)  # a toll, not an act


def test_an_undated_reaction_joins_the_occasion_the_story_came_back_to() -> None:
    events = whimbrel.code_text(
        "TBILISI, Aug 13 (Reuters) - Georgian officials said on Wednesday that Russian "
        "troops were still advancing near Gori.\n\nRussian aircraft bombed villages near "
        "Gori on Tuesday morning, Georgian officials said.\n\nFighting broke out last "
        "Thursday.\n\nEuropean Union foreign ministers meeting in Brussels on Wednesday "
        "endorsed a peace plan.\n\nThe US president demanded that Russia respect Georgia's "
        "territorial integrity.", date="2008-08-13")
    assert _day(_one(events, "demanded")) == "2008-08-13"


# ------------------------------------------------------------------ places


def test_a_kind_of_place_named_by_a_demonym_lies_in_its_country() -> None:
    events = whimbrel.code_text(
        "NAIROBI, June 6 (Reuters) - Kenyan troops clashed with militants near the Somali "
        "town of Qardhaabo on Thursday.", date="2019-06-06")
    assert _country(_one(events, "clashed")) == "SOM"
    events = whimbrel.code_text(
        "HELSINKI, May 3 (Reuters) - Estonia's government and the opposition signed an "
        "accord in the Finnish capital on Friday.", date="2019-05-03")
    assert _country(_one(events, "signed")) == "FIN"  # a signing is not a home act


def test_a_shared_dateline_gives_a_domestic_act_its_own_city() -> None:
    events = whimbrel.code_text(
        "BEIRUT/DAMASCUS, June 6 (Reuters) - Syrian police arrested a Syrian journalist on "
        "Thursday.", date="2019-06-06")
    assert _country(_one(events, "arrested")) == "SYR"


def test_a_declared_acts_content_and_topic_are_not_its_place() -> None:
    events = whimbrel.code_text(
        "KYIV, June 6 (Reuters) - Russia's foreign minister on Thursday accused Ukraine of "
        "atrocities in the Donetsk region.", date="2019-06-06")
    assert _country(_one(events, "accused")) == "RUS"
    events = whimbrel.code_text(
        "KHARTOUM, June 6 (Reuters) - Sudan's army and protest leaders signed a "
        "power-sharing deal on Thursday.\n\nBritain welcomed the deal as a step toward "
        "democracy in Sudan.", date="2019-06-06")
    assert _country(_one(events, "welcomed")) == "GBR"


def test_an_embassy_acts_where_it_is_posted() -> None:
    events = whimbrel.code_text(
        "KAMPALA, June 6 (Reuters) - Ugandan police arrested an opposition leader on "
        "Thursday.\n\nThe United States embassy condemned the arrest.", date="2019-06-06")
    assert _country(_one(events, "condemned")) == "UGA"


def test_a_documents_terms_in_the_present_are_the_signings_news() -> None:
    events = whimbrel.code_text(
        "ADDIS ABABA, Jan 23 (Reuters) - Sudan and South Sudan signed a border security pact "
        "in the Ethiopian capital on Thursday.\n\nThe pact provides for a demilitarised zone "
        "along the frontier.\n\nIt also commits the two governments to talks on oil transit "
        "fees.", date="2014-01-23")
    assert _day(_one(events, "commits")) == "2014-01-23"


def test_a_place_in_another_clause_does_not_place_a_declared_act() -> None:
    events = whimbrel.code_text(
        "KHARTOUM, Aug 13 (Reuters) - Sudanese troops clashed with rebels near Kadugli on "
        "Wednesday.\n\nThe British prime minister condemned the violence and said he was "
        "sending his foreign secretary to Juba.", date="2008-08-13")
    assert _country(_one(events, "condemned")) == "GBR"


def test_the_lead_day_on_a_subjects_participle_and_a_day_not_yet_told() -> None:
    events = whimbrel.code_text(
        "DHAKA, May 19 (Reuters) - Bangladeshi police backed by armoured vehicles on "
        "Wednesday stormed a protest camp in central Dhaka.\n\nProtesters then set fire to a "
        "bank.\n\nThe government imposed a night-time curfew on Dhaka.\n\nOn May 13, the army "
        "began sealing off the area.", date="2010-05-19")
    stormed, imposed = _one(events, "stormed"), _one(events, "imposed")
    assert (_day(stormed), stormed.date_source) == ("2010-05-19", "own")
    # the curfew is told before the older day the story comes to: the lead's day
    assert _day(imposed) == "2010-05-19"


def test_hours_after_ties_an_event_to_the_day_told_just_before_it() -> None:
    events = whimbrel.code_text(
        "LIMA, Jan 30 (Reuters) - The foreign ministers of Bolivia and Chile met in Lima on "
        "Wednesday to discuss a court ruling on their border.\n\nThe ministers also signed a "
        "protocol on border crossings.\n\nThe court in The Hague on Monday gave Bolivia access "
        "to a port. The two presidents spoke by telephone hours after the verdict.",
        date="2014-01-30")
    assert _day(_one(events, "signed")) == "2014-01-29"
    assert _day(_one(events, "spoke")) == "2014-01-27"


def test_a_place_its_possessor_names_lies_in_the_possessors_country() -> None:
    events = whimbrel.code_text(
        "MOMBASA, Oct 18 (Reuters) - Kenyan police on Monday detained 14 Somali nationals in "
        "a security sweep of Nairobi's Eastleigh district.", date="2011-10-18")
    assert _country(_one(events, "detained")) == "KEN"
