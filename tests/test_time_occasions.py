"""Whole stories dated as an analyst would: occasions, datelines, approximate dates,
agreements about future acts, exercises read against the publication date.

Stories written for these tests; the real pipeline (spaCy model included) codes them.
"""

from __future__ import annotations

from datetime import date

import pytest

import whimbrel
from whimbrel.time import resolve
from whimbrel.time.segments import find_segments


def _code(text: str, day: str) -> list:
    return whimbrel.code_text(text, date=day)


def _one(events: list, trigger_word: str):
    found = [e for e in events if trigger_word in e.trigger_text]
    assert found, [(e.event_type, e.trigger_text) for e in events]
    return found[0]


def test_undated_sentences_take_their_occasions_day() -> None:
    events = _code(
        "Chilean and Peruvian defence ministers met in Lima on Monday to discuss border "
        "security.\n\nThe two ministers also signed an agreement on joint patrols along the "
        "Atacama frontier.\n\nPeru's defence ministry said the talks were productive.", "2024-03-14")
    met, signed = _one(events, "met"), _one(events, "signed")
    assert (met.date.value, met.date_source) == ("2024-03-11", "own")
    assert (signed.date.value, signed.date_source) == ("2024-03-11", "occasion")
    assert signed.occasion == met.occasion is not None


def test_history_with_its_own_date_does_not_date_the_news() -> None:
    events = _code(
        "Pakistani and Russian troops began a joint exercise near Cherat, the army said.\n\n"
        "In October 2016 the two armies held their first joint exercise in Cherat.\n\n"
        "Russian paratroopers and Pakistani special forces held drills in mountain warfare.",
        "2024-03-14")
    first = [e for e in events if "2016" in e.sentence_text]
    assert first and first[0].date.value == "2016-10"
    drills = [e for e in events if "paratroopers" in e.sentence_text]
    assert drills, [(e.event_type, e.trigger_text, e.sentence_text[:30]) for e in events]
    assert all(e.date.value != "2016-10" for e in drills)


def test_series_of_the_occasion_goes_to_its_events() -> None:
    events = _code(
        "The 4th round of the Chile-Peru Joint Border Commission (JBC) was held in Lima on "
        "Monday.\n\nThe two sides discussed cross-border trade and the fight against "
        "smuggling.", "2024-03-14")
    discussed = _one(events, "discussed")
    assert discussed.series is not None and discussed.series.round == 4
    assert discussed.date.value == "2024-03-11"


def test_each_dateline_keeps_its_own_day() -> None:
    text = ("ISLAMABAD, March 11 (Reuters) - Pakistan and Russia on Monday held talks on "
            "defence cooperation in Islamabad.\n\nUPDATE 2-China protests to Japan over "
            "patrols\n\nBEIJING, March 13 (Reuters) - China lodged a protest with Japan "
            "on Wednesday.\n\nChinese officials summoned the Japanese ambassador.")
    segments = find_segments(text, date(2024, 3, 14))
    assert [s.date.isoformat() for s in segments] == ["2024-03-11", "2024-03-13"]
    assert text[segments[1].start:].startswith("UPDATE 2-")
    events = _code(text, "2024-03-14")
    second = text.index("UPDATE")
    later = [e for e in events if e.sentence_span[0] >= second]
    assert later and all(e.date.value == "2024-03-13" for e in later)
    assert _one(events, "held").date.value == "2024-03-11"


def test_live_blog_stamps_date_their_entries() -> None:
    text = ("Updated 12 March 2024 09:15 GMT\n\nPolish and German troops began a joint "
            "exercise near Orzysz.\n\nUpdated 13 March 2024 10:42 GMT\n\nRussian forces "
            "fired missiles at a border post near Kharkiv.")
    events = _code(text, "2024-03-14")
    assert _one(events, "began").date.value == "2024-03-12"
    assert _one(events, "fired").date.value == "2024-03-13"
    assert {_one(events, "began").date_source, _one(events, "fired").date_source} <= {
        "dateline", "own"}


def test_the_other_day_is_the_week_before_publication() -> None:
    ref = resolve("the other day", date(2024, 3, 14))
    assert (ref.precision, ref.start, ref.end) == ("week", "2024-03-04", "2024-03-10")
    assert ref.value == "2024-W10"
    events = _code("The army chiefs of Pakistan and Russia met the other day in Moscow.",
                   "2024-03-14")
    assert _one(events, "met").date.precision == "week"


@pytest.mark.parametrize("text, day, tense, week", [
    ("at the weekend", date(2016, 8, 10), "past", "2016-W31"),
    ("last weekend", date(2016, 8, 7), "past", "2016-W30"),
    ("next weekend", date(2016, 8, 6), "future", "2016-W32"),
])
def test_weekends_are_iso_weeks(text: str, day: date, tense: str, week: str) -> None:
    ref = resolve(text, day, tense=tense)
    assert (ref.value, ref.precision) == (week, "week")


def test_earlier_this_month_is_the_month() -> None:
    ref = resolve("earlier this month", date(2024, 3, 14))
    assert (ref.value, ref.precision, ref.end) == ("2024-03", "month", "2024-03-14")


def test_agreement_about_a_future_act_is_done_on_its_day() -> None:
    events = _code("Chile and Peru agreed on Tuesday to hold joint naval exercises in "
                   "June.", "2024-03-14")
    agree = [e for e in events if e.event_type == "AGREE"]
    assert agree, [(e.event_type, e.trigger_text) for e in events]
    assert (agree[0].status, agree[0].date.value) == ("occurred", "2024-03-12")
    assert agree[0].planned_date.value == "2024-06"
    assert agree[0].to_dict()["planned_date"] == "2024-06"


def test_a_promise_whose_act_lies_ahead_stays_planned() -> None:
    events = _code("Chile will hold joint naval exercises with Peru in June.", "2024-03-14")
    assert all(e.status == "planned" for e in events if e.event_type)


@pytest.mark.parametrize("day, status", [("2024-11-10", "occurred"), ("2024-10-28", "ongoing")])
def test_an_exercise_is_read_against_the_publication_date(day: str, status: str) -> None:
    verb = "held" if status == "occurred" else "are holding"
    events = _code(f"Pakistani and Russian troops {verb} the two-week exercise that began on "
                   "Oct 22 near Tarbela.", day)
    ex = [e for e in events if e.event_type == "COOPERATE"]
    assert ex and ex[0].status == status
    assert (ex[0].date.start, ex[0].date.end) == ("2024-10-22", "2024-11-04")


def test_present_perfect_background_after_the_lead_is_undated() -> None:
    events = _code("Azerbaijan released six Armenian soldiers on Tuesday.\n\nArmenia "
                   "welcomed the move.\n\nYerevan has demanded the release of all its "
                   "soldiers.", "2024-03-14")
    demanded = [e for e in events if "demanded" in e.trigger_text]
    assert all(e.date is None for e in demanded)


@pytest.mark.parametrize("text, day, planned", [
    ("Japan pledged on Monday to deliver five patrol vessels to the Philippines by 2026.",
     "2024-03-11", "2026"),
    ("Turkey decided to extend its military mission in Libya until 2026.", "2024-03-14", "2026"),
])
def test_a_pledge_keeps_the_promised_acts_date(text: str, day: str, planned: str) -> None:
    agree = [e for e in _code(text, "2024-03-14") if e.event_type == "AGREE"]
    assert agree, text
    assert (agree[0].status, agree[0].date.value) == ("occurred", day)
    assert agree[0].planned_date.value == planned


def test_live_blog_entries_are_news_in_the_present() -> None:
    text = ("LIVE: Protests in Colombo\n\n04:05 GMT - Police fire tear gas at crowds near the "
            "Fort railway station.\n\n06:48 GMT - Protesters break through barricades at the "
            "president's house.\n\n09:30 GMT - India says it is following events with concern.")
    events = _code(text, "2022-07-09")
    broke = [e for e in events if "barricades" in e.sentence_text]
    assert broke and all(e.date is not None and e.date.value == "2022-07-09" for e in broke)
    assert broke[0].time == "06:48 GMT" and broke[0].to_dict()["time"] == "06:48 GMT"
    says = [e for e in events if "following events" in e.sentence_text]
    assert all(e.date is None for e in says)  # a statement of state stays background


def test_a_background_paragraph_is_background() -> None:
    events = _code("Colombian troops killed five rebels in Cauca on Monday.\n\nBackground: "
                   "Colombian forces clashed with rebels across the province.", "2024-03-14")
    clashed = [e for e in events if "Background" in e.sentence_text]
    assert all(e.date is None or e.date.value != "2024-03-14" for e in clashed)
    assert all("background" in (e.evidence or "") for e in clashed)


def test_a_future_frame_coded_as_trigger_is_planned() -> None:
    events = _code("Exploratory talks between Chile and Peru are set to resume in Lima next "
                   "month.", "2024-03-14")
    talks = [e for e in events if e.event_type == "CONSULT"]
    assert talks and (talks[0].status, talks[0].date.value) == ("planned", "2024-04")


def test_an_act_whose_result_lasts_is_done() -> None:
    events = _code("Pakistan on Tuesday reopened its border crossings with Afghanistan for "
                   "two days.", "2017-03-08")
    reopened = [e for e in events if "reopened" in e.trigger_text]
    assert reopened and reopened[0].status == "occurred"


def test_a_quoted_view_in_a_statement_is_not_news() -> None:
    events = _code("Chile and Peru signed a fisheries accord on Monday.\n\n\"This is a sign of "
                   "hope for the whole region,\" the Chilean minister said.", "2024-03-11")
    said = [e for e in events if "sign of hope" in e.sentence_text]
    assert all(e.date is None for e in said)


def test_an_agreement_about_the_next_round_belongs_to_this_rounds_occasion() -> None:
    events = _code(
        "The 3rd round of the Chile-Peru Joint Border Commission (JBC) was held in Lima on "
        "Monday.\n\nThe two sides agreed to hold the 4th round of the JBC in Santiago in 2025.",
        "2024-03-14")
    held = [e for e in events if e.series and e.series.round == 3]
    agree = [e for e in events if e.event_type == "AGREE"]
    assert held and agree
    assert agree[0].occasion == held[0].occasion is not None
    assert agree[0].series.round == 4 and agree[0].planned_date.value == "2025"
    assert agree[0].date.value == "2024-03-11"


def test_a_present_perfect_in_the_lead_takes_the_occasions_day() -> None:
    events = _code("Pakistan and Russia on Monday opened the two-week joint exercise Druzhba-VII "
                   "at Tarbela, the army said.\n\nRussian special forces have arrived in Pakistan "
                   "for the exercise, officials said.", "2024-10-30")
    arrived = _one(events, "arrived")
    assert (arrived.date.value, arrived.date_source) == ("2024-10-28", "occasion")


def test_an_exercise_ended_on_a_day_ran_up_to_it() -> None:
    events = _code("Mongolian and US troops ended the two-week Khaan Quest exercise on "
                   "Wednesday.", "2024-06-28")
    assert events and (events[0].date.start, events[0].date.end) == ("2024-06-13", "2024-06-26")


def test_taking_part_in_an_exercise_that_began_on_monday() -> None:
    events = _code("Troops from 20 countries are taking part in the Khaan Quest exercise, which "
                   "began on Monday.", "2024-06-20")
    ex = [e for e in events if e.event_type == "COOPERATE"]
    assert ex and (ex[0].date.value, ex[0].status) == ("2024-06-17", "ongoing")
