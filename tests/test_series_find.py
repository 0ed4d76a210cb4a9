"""Series mentions in text and due windows: no model needed."""

from __future__ import annotations

from datetime import date as Date

import pytest

from whimbrel.events.series import find_series
from whimbrel.follow._load import when
from whimbrel.follow.promises import _new_due
from whimbrel.follow.registry import initials, name_key


@pytest.mark.parametrize("text, name, rnd, edition", [
    ("Troops began exercise Friendship-2016 at Cherat.", "Druzhba", None, 2016),
    ("The DRUZBA 2017 drills ended on Friday.", "Druzhba", None, 2017),
    ("They opened the Druzhba-2019 exercise near Kazan.", "Druzhba", None, 2019),
    ("Pakistan and Russia concluded exercise Druzhba IV in Russia.", "Druzhba", 4, None),
    ("It was the sixth edition of exercise Druzhba.", "Druzhba", 6, None),
    ("Exercise Shield 2024 began in Poland.", "Shield", None, 2024),
    ("the fifth India-US 2+2 dialogue was held in Delhi", "India-US 2+2 dialogue", 5, None),
    ("held the third round of their Joint Defence Consultative Committee (JDCC) in Astana",
     "Joint Defence Consultative Committee", 3, None),
])
def test_series_names_rounds_and_editions(text, name, rnd, edition):
    found = find_series(text)
    assert [(s.name, s.round, s.edition) for s in found] == [(name, rnd, edition)]


def test_prose_words_are_not_series():
    assert find_series("The friendship between the two nations is old.") == []
    assert find_series("Troops held a joint exercise in Russia.") == []


def test_a_name_never_runs_into_the_next_sentence():
    text = ("Officials met for the second round of the Joint Defence Consultative Committee."
            "\n\nThe two delegations signed a plan.")
    assert [s.name for s in find_series(text)] == ["Joint Defence Consultative Committee"]


def test_names_of_one_series_share_a_key():
    assert name_key("2+2 ministerial dialogue") == name_key("India-US 2+2 dialogue") == "2+2"
    assert initials("Russia-Pakistan Joint Military Consultative Committee") == "JMCC"
    assert name_key("Friendship") == name_key("Druzhba")


def test_due_windows_from_date_and_precision():
    assert when("2022", "year").last == Date(2022, 12, 31)
    assert when("2023-02", "month").last == Date(2023, 2, 28)
    assert when("2021-W39", "week").last == Date(2021, 10, 3)
    assert when("2025", "year", "2021-06-01", "2025-12-31").first == Date(2021, 6, 1)
    postponed = _new_due("to next year, officials said on Sunday.", Date(2023, 10, 2))
    assert postponed.end == Date(2024, 12, 31) and not postponed.default
    assert _new_due("with no new date.", Date(2023, 10, 2)) is None


def test_series_reaches_the_occasions_events():
    import whimbrel

    text = ("Indian and US ministers met in New Delhi on Monday for the fourth 2+2 ministerial "
            "dialogue. They agreed to expand defence cooperation. Separately, Russian and "
            "Pakistani troops began a joint exercise near Kazan on Monday. The drills, named "
            "Druzhba-2019, focus on hostage rescue.")
    events = whimbrel.code_text(text, date="2019-10-15")
    by_type = {e.event_type: e for e in events}
    assert (by_type["CONSULT"].series.round, by_type["AGREE"].series.round) == (4, 4)
    assert "2+2" in by_type["AGREE"].series.name
    exercise = by_type["COOPERATE"].series  # named in the next sentence, where no event is
    assert (exercise.name, exercise.edition) == ("Druzhba", 2019)


def _report(mention_id, doc_id, pub, *, status="occurred", cameo="040", event_type="CONSULT",
            date=None, precision="day", planned=None, series=None, parties=("PAK", "RUS"),
            sentence="x"):
    from whimbrel.follow._load import Report

    return Report(mention_id=mention_id, event_id=mention_id, doc_id=doc_id,
                  pub_date=Date.fromisoformat(pub), event_type=event_type, cameo=cameo,
                  status=status, date=when(date, precision), date_source="own",
                  planned=when(planned, "year") if planned else None, parties=frozenset(parties),
                  place=None, country=None, place_rule=None, series=series, sentence=sentence,
                  sentence_index=0, trigger="t", status_cue=None, confidence=0.5)


def test_an_agreement_with_a_planned_date_is_a_promise_never_kept_by_an_earlier_round():
    """The time stage's shape of "agreed to hold the 4th round in 2022": the agreement
    occurred on its day, the planned act's date beside it."""
    from whimbrel.follow.promises import extract, follow_up
    from whimbrel.follow.registry import build_registry

    jmcc = {"name": "Joint Military Consultative Committee", "acronym": "JMCC"}
    reports = [
        _report("a", "d1", "2021-09-29", cameo="036", event_type="AGREE", date="2021-09-29",
                planned="2022", series={**jmcc, "round": 4}),
        _report("b", "d1", "2021-09-29", date="2021-09-29", series={**jmcc, "round": 3}),
        # a story that (wrongly) dates round 4 before the promise, and one after it
        _report("c", "d0", "2021-10-20", date="2021-05-01", series={**jmcc, "round": 4}),
        _report("d", "d2", "2023-03-02", date="2023-03-01", series={**jmcc, "round": 4}),
    ]
    registry = {e.series_id: e for e in build_registry(reports)}
    found = extract(reports, registry)
    assert len(found) == 1
    promise = found[0]
    assert (promise.made, promise.due.end, promise.round) == (
        Date(2021, 9, 29), Date(2022, 12, 31), 4)
    follow_up(found, reports, [], Date(2023, 6, 1), registry)
    assert promise.state == "fulfilled" and promise.fulfilled_by.mention_id == "d"
    assert any(d["verdict"] == "rejected" and "not after the promise" in d["reason"]
               for d in promise.decisions)


def test_conflicting_ordinals_are_kept_and_shown():
    from whimbrel.follow.registry import build_registry

    talks = {"name": "Strategic Dialogue"}
    reports = [_report(m, d, "2019-03-02", date="2019-03-01", series={**talks, "round": n})
               for m, d, n in (("a", "wire1", 5), ("b", "wire2", 5), ("c", "wire3", 6))]
    reports.append(_report("e", "wire4", "2020-05-02", date="2020-05-01", series=talks))
    entry = build_registry(reports)[0].to_dict()
    rounds = {r["round"]: r for r in entry["rounds"]}
    assert sorted(rounds) == [5, 6]  # the unnumbered 2020 meeting follows round 5
    assert rounds[5]["stories"] == ["wire1", "wire2", "wire3"]
    assert rounds[5]["conflicts"][0]["round"] == 6 and rounds[5]["conflicts"][0]["stories"] == ["wire3"]
    assert rounds[6]["ordinal_source"] == "order: after round 5" and rounds[6]["date"] == "2020-05-01"


def test_the_next_meeting_is_the_round_after_the_storys_own_and_may_be_kept_late():
    from whimbrel.follow.promises import extract, follow_up
    from whimbrel.follow.registry import build_registry

    jmcc = {"name": "Joint Military Consultative Committee", "acronym": "JMCC"}
    reports = [
        _report("held2", "y2019", "2019-06-05", date="2019-06-04", series={**jmcc, "round": 2}),
        _report("promise", "y2019", "2019-06-05", status="planned", cameo="036", event_type="AGREE",
                date="2020", precision="year",
                sentence="They agreed to hold the next JMCC meeting in Pakistan next year."),
        _report("held3", "y2021", "2021-09-29", date="2021-09-29", series={**jmcc, "round": 3}),
    ]
    registry = {e.series_id: e for e in build_registry(reports)}
    found = extract(reports, registry)
    assert [(c.series.acronym, c.round, c.due.end) for c in found] == [
        ("JMCC", 3, Date(2020, 12, 31))]
    follow_up(found, reports, [], Date(2022, 1, 1), registry)
    assert found[0].state == "fulfilled" and found[0].fulfilled_by.mention_id == "held3"
    assert found[0].decisions[-1]["reason"].startswith("kept late")


def test_a_promise_told_again_elsewhere_is_changed():
    from whimbrel.follow.promises import extract, follow_up
    from whimbrel.follow.registry import build_registry

    jdcc = {"name": "Joint Defence Consultative Committee", "acronym": "JDCC", "round": 5}
    first = _report("p1", "a", "2022-05-02", status="planned", cameo="036", event_type="AGREE",
                    date="2023", precision="year", series=jdcc)
    again = _report("p2", "b", "2023-01-10", status="planned", cameo="036", event_type="AGREE",
                    date="2023-06", precision="month", series=jdcc)
    first.place, first.country, again.place, again.country = "Moscow", "RUS", "Islamabad", "PAK"
    registry = {e.series_id: e for e in build_registry([first, again])}
    found = extract([first, again], registry)
    assert len(found) == 1
    follow_up(found, [first, again], [], Date(2023, 2, 1), registry)
    c = found[0]
    assert c.state == "changed" and (c.country, c.due.end) == ("PAK", Date(2023, 6, 30))
    assert c.original_due.end == Date(2023, 12, 31) and c.changes[0]["doc_id"] == "b"


def test_a_promised_visit_called_off_and_promised_talks_held(tmp_path):
    """Promises without a series, through the real coder and store: matched by act,
    parties and place."""
    from whimbrel.model import Article
    from whimbrel.store import Store

    stories = [
        ("visit", "Uzbek Defence Minister Abdusalom Azizov will visit Kazakhstan next month, "
                  "the ministry said on Monday.", Date(2018, 6, 21)),
        ("off", "Uzbekistan has cancelled a planned visit by its defence minister to "
                "Kazakhstan, officials said on Tuesday.", Date(2018, 7, 10)),
        ("pledge", "Peru and Chile agreed on Monday to hold talks on fishing rights in Lima "
                   "next month.", Date(2019, 3, 4)),
        ("held", "Peruvian and Chilean officials held talks on fishing rights in Lima on "
                 "Thursday.", Date(2019, 4, 12)),
    ]
    with Store(tmp_path / "p.duckdb") as store:
        store.ingest([Article(doc_id=i, text=t, date=d) for i, t, d in stories], n_process=1)
        found = {c["promise"]["doc_id"]: c for c in store.commitments()}
    assert found["visit"]["state"] == "cancelled"
    assert found["visit"]["cancelled_by"]["doc_id"] == "off"
    assert found["pledge"]["state"] == "fulfilled" and found["pledge"]["due"]["end"] == "2019-04-30"
    assert found["pledge"]["fulfilled_by"]["doc_id"] == "held"
