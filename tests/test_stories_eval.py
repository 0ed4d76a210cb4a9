"""Story scoring: dates at the analyst's precision, planned dates, background on the
publication day, date sources, the lockbox split; and the TimeML date scorer."""

from __future__ import annotations

import json
from pathlib import Path

from whimbrel import evaluate as ev
from whimbrel.evaluate import Pred

fs = frozenset


def test_dates_match_at_the_coded_precision() -> None:
    assert ev.date_matches("2024-03-12", "2024-03-11")  # a day either side
    assert not ev.date_matches("2024-03-13", "2024-03-11")
    assert ev.date_matches("2024-W10", "2024-W10")
    assert ev.date_matches("2024-03-06", "2024-W10") and not ev.date_matches("2024-03-11", "2024-W10")
    assert ev.date_matches("2024-03", "2024-03") and not ev.date_matches("2024-03-05", "2024-03")
    assert ev.date_matches("2024-W14", "2024-04")  # a week whose Thursday is in April
    assert not ev.date_matches("2024", "2024-03") and not ev.date_matches(None, "2024")
    assert ev.date_matches(None, None)


def test_planned_date_background_and_sources() -> None:
    spec = {"events": [{"sentence_contains": "agreed to hold", "type": "AGREE", "source": ["PAK"],
                        "target": [], "date": "2021-09-29", "planned_date": "2022",
                        "status": "occurred"}],
            "background": ["Cold War", {"sentence_contains": "for years"}]}
    preds = [Pred("AGREE", "036", 0.7, fs({"PAK"}), fs(), "2021-09-29", "occurred",
                  "They agreed to hold talks in 2022.", date_source="occasion", planned_date="2022"),
             Pred("COOPERATE", "060", 0.5, fs({"PAK"}), fs(), "2021-09-29", "occurred",
                  "Ties moved past the Cold War.", date_source="publication"),
             Pred("COOPERATE", "060", 0.5, fs({"PAK"}), fs(), None, "occurred",
                  "They held drills for years.")]
    scored = ev.score_story(preds, spec, "2021-09-29")
    assert scored["events"][0]["planned_date_ok"] is True
    assert len(scored["violations"]) == 1  # the undated habit is no violation
    totals = ev.story_totals([scored])
    assert totals["planned_date"] == 1.0 and totals["must_not_violations"] == 1
    assert totals["date_sources_matched"] == {"occasion": 1}
    assert totals["date_sources_all"] == {"occasion": 1, "publication": 1, "undated": 1}


def test_halves_are_fixed_by_file_name_and_the_lockbox_shows_totals_only(tmp_path: Path) -> None:
    names = [f"story-{i}.txt" for i in range(12)]
    halves = {n: ev.story_half(n) for n in names}
    assert set(halves.values()) == {"working", "lockbox"}
    assert halves == {n: ev.story_half(n) for n in names}  # deterministic
    for name in names:
        (tmp_path / name).write_text("date 2024-03-14\nChile and Peru held talks in Lima on "
                                     "Monday.\n", encoding="utf-8")
    specs = [{"file": n, "events": [{"sentence_contains": "held talks", "type": "CONSULT",
                                     "source": ["CHL"], "target": ["PER"], "symmetric": True,
                                     "date": "2024-03-11", "status": "occurred"}],
              "must_not": []} for n in names]
    expected = tmp_path / "expected.json"
    expected.write_text(json.dumps(specs), encoding="utf-8")
    lock = ev.evaluate_stories(expected, tmp_path, half="lockbox")
    assert {s["file"] for s in lock["stories"]} == {n for n, h in halves.items() if h == "lockbox"}
    report = ev.format_story_report(lock)
    assert "lockbox: totals only" in report and "story-" not in report
    assert lock["totals"]["date"] == 1.0


def test_timex_scorer_on_a_small_timeml_file(tmp_path: Path) -> None:
    text = "Officials met on Friday. The plant will open in May. Sales fell last week."
    timexes = [{"text": t, "start": text.index(t), "end": text.index(t) + len(t), "type": "DATE",
                "value": v} for t, v in [("Friday", "2013-03-22"), ("May", "2013-05"),
                                         ("last week", "2013-W11")]]
    path = tmp_path / "te.jsonl"
    path.write_text(json.dumps({"doc_id": "d", "dct": "2013-03-22", "text": text,
                                "timexes": timexes}) + "\n", encoding="utf-8")
    result = ev.evaluate_timex(path)
    row = result["by_type"]["DATE"]
    assert (row["n"], row["right"]) == (3, 3), result["errors"]
    assert "DATE" in ev.format_timex_report(result)
