"""Dates, status and background on the blind story set (``tests/stories/blind/``),
written by a helper who never read the code.

Only the lockbox half's totals are checked and printed: its errors are never studied
(``whimbrel eval --stories ... --half working`` lists the working half's). Goals from
issue 8: date right for >= 0.90 of the found key events, status >= 0.90, at most one
background event dated on the publication day per 10 stories. Event place in the right
country (issue 9's goal is 0.90 on hidden articles) has floors about 0.05 under what the
halves measure.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from whimbrel import evaluate as ev

BLIND = Path(__file__).resolve().parent / "stories" / "blind"
EXPECTED = BLIND / "expected.json"

pytestmark = pytest.mark.skipif(not EXPECTED.is_file(), reason="blind story set not present")


@pytest.fixture(scope="module")
def lockbox():
    from whimbrel.api import get_pipeline

    result = ev.evaluate_stories(EXPECTED, BLIND, get_pipeline(), half="lockbox")
    print("\n" + ev.format_story_report(result))  # totals only for the lockbox
    return result["totals"]


def test_lockbox_dates(lockbox) -> None:
    assert lockbox["n_matched"] >= 40
    assert lockbox["date"] >= 0.90, f"date {lockbox['date']:.3f} < 0.90"


def test_lockbox_status(lockbox) -> None:
    assert lockbox["status"] >= 0.90, f"status {lockbox['status']:.3f} < 0.90"


def test_lockbox_background_dated_on_the_day(lockbox) -> None:
    per10 = 10 * lockbox["must_not_violations"] / lockbox["n_stories"]
    assert per10 <= 1.0, f"{per10:.1f} background events dated on the day per 10 stories"


@pytest.fixture(scope="module")
def working():
    from whimbrel.api import get_pipeline

    return ev.evaluate_stories(EXPECTED, BLIND, get_pipeline(), half="working")["totals"]


def test_lockbox_event_place_country(lockbox) -> None:
    # measured 0.792; 0.688 before the home, seat, speaker, agreed-act, dateline and
    # sea rules
    assert lockbox["location"] >= 0.74, f"place country {lockbox['location']:.3f} < 0.74"


def test_working_event_place_country(working) -> None:
    # measured 0.977 (42 of 43); 0.860 before
    assert working["location"] >= 0.92, f"place country {working['location']:.3f} < 0.92"
