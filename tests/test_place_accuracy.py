"""Toponym resolution measured on our hand-resolved gold set (issue 3).

``tests/stories/place/toponyms_gold.json`` holds every place name of 45 stories
we wrote (28 in ``tests/stories/place/acc/``, the rest in ``examples/``,
``tests/stories/`` and the seed story), each resolved by hand to its country and
point. The real language and actors stages and the place finder run over them;
``bench/bench_place_accuracy.py`` prints the same numbers with the misses.

Measured when the floors were set: recall 0.95, precision 0.97,
accuracy@161km 0.96, country accuracy 0.98 (of found names). The recall and
precision floors sit a few points below what we measured so that a change that
loses names fails; the accuracy floors are the issue's goals.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from whimbrel.place import evaluate_toponyms
from whimbrel.place._evaluate import haversine_km, occurrence_span

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "stories" / "place" / "toponyms_gold.json"


@pytest.fixture(scope="module")
def result():
    return evaluate_toponyms(GOLD, ROOT)


def test_gold_set_is_large_and_varied(result) -> None:
    rows = result["rows"]
    assert len(rows) >= 400
    assert len({r["file"] for r in rows}) >= 40
    assert len({r["country"] for r in rows}) >= 50
    assert {r["kind"] for r in rows} == {"city", "region", "country", "other"}


def test_resolution_meets_the_issue_goals(result) -> None:
    t = result["totals"]
    assert t["acc161"] >= 0.80, t
    assert t["country"] >= 0.90, t


def test_names_are_found(result) -> None:
    t = result["totals"]
    assert t["recall"] >= 0.90, t
    assert t["precision"] >= 0.93, t


def test_regions_have_points_near_the_truth(result) -> None:
    regions = result["kinds"]["region"]
    assert regions["recall"] >= 0.80, regions
    assert regions["acc161"] >= 0.75, regions


def test_ambiguous_names_follow_the_story(result) -> None:
    """Hyderabad (India vs Pakistan) and Cordoba (Spain vs Argentina) by story context."""
    got = {(Path(r["file"]).stem, r["text"]): r.get("got_country") for r in result["rows"]}
    assert got[("pakistan-sindh-floods", "Hyderabad")] == "PAK"
    assert got[("india-telangana-summit", "Hyderabad")] == "IND"
    assert got[("spain-galicia-heat", "Cordoba")] == "ESP"
    assert got[("argentina-cordoba-strike", "Cordoba")] == "ARG"


def test_helpers() -> None:
    assert occurrence_span("Russia-Pakistan talks in Russia", "Russia", 1) == (25, 31)
    assert occurrence_span("Niger and Nigeria", "Niger", 2) is None
    assert 340 < haversine_km(48.86, 2.35, 51.51, -0.13) < 350  # Paris-London


BLIND = ROOT / "tests" / "stories" / "place" / "toponyms_blind.json"


@pytest.mark.parametrize("half,floor", [
    # Measured (issue 9): working recall 1.00, acc161 0.97 (69 names); lockbox recall 0.95,
    # acc161 0.97 (142 names). First blind score, before the set was studied: working
    # 0.94 / 0.92, lockbox 0.95 / 0.94. Floors sit about 0.05 under what we measured.
    ("working", {"recall": 0.95, "acc161": 0.92}),
    ("lockbox", {"recall": 0.90, "acc161": 0.92}),
])
def test_blind_set_halves_keep_their_scores(half, floor) -> None:
    """The blind set (written by a helper who never read the places code), by half; the
    lockbox half is scored here and never studied."""
    if not BLIND.exists():
        pytest.skip("no blind place set in this checkout")
    t = evaluate_toponyms(BLIND, ROOT, half=half)["totals"]
    assert t["n"] >= 60, t
    assert t["recall"] >= floor["recall"], t
    assert t["acc161"] >= floor["acc161"], t
