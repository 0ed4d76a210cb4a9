"""Regression floors on whimbrel's own gold sentences (tests/data/sentences_own.jsonl).

The set was written and labelled by hand without looking at the coder's rules and
is never used to tune them, so it estimates held-out performance. The floors sit
about 0.05 below the scores measured when the set was made (see
tests/data/README.md): a drop below them means a change made the coder worse on
sentences it was not built around. Raise them when the coder genuinely improves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from whimbrel import evaluate as ev

OWN = Path(__file__).resolve().parent / "data" / "sentences_own.jsonl"

#: metric -> (measured when the set was made, floor)
FLOORS = {
    "type_f1": (0.775, 0.72),
    "top1": (0.758, 0.70),
    "source_matched": (0.966, 0.91),
    "source_all": (0.734, 0.68),
}


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    from whimbrel.api import get_pipeline

    return ev.evaluate(OWN, get_pipeline())


def _value(result: dict[str, Any], metric: str) -> float:
    return {
        "type_f1": result["types"]["f1"],
        "top1": result["top1"]["accuracy"],
        "source_matched": result["source"]["matched"],
        "source_all": result["source"]["end_to_end"],
    }[metric]


def test_own_set_is_well_formed() -> None:
    """Every record follows the shared/eval format, and every labelled type has actors."""
    types = set()
    with OWN.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    assert len(records) >= 150
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        gold = r["gold"]
        assert r["origin"] == "whimbrel-own"
        assert {a["event"] for a in gold["actors"]} == set(gold["events"]), r["id"]
        if gold["cameo"]:
            assert gold["cameo_root"] == gold["cameo"][:2], r["id"]
        if not gold["events"]:
            assert gold["cameo_root"] in {"01", "02"}, r["id"]
        types.update(gold["events"])
    assert len(types) == 16


def test_no_sentence_fails(result: dict[str, Any]) -> None:
    assert result["failed"] == []
    assert result["n_sentences"] >= 150


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_own_set_floor(result: dict[str, Any], metric: str) -> None:
    measured, floor = FLOORS[metric]
    value = _value(result, metric)
    assert value >= floor, (
        f"{metric} on {OWN.name} fell to {value:.3f} (floor {floor}, was {measured}); "
        f"run `whimbrel eval {OWN} --errors errs.jsonl` to see which sentences broke")


# ---------------------------------------------------------------- the blind set (issue 7)
# tests/data/sentences_blind.jsonl was written by a helper who never read the coder.
# Its working half may be studied; its lockbox half is only ever scored in total
# (whimbrel.evaluate.half_of). Floors sit about 0.05 under the measured scores.

BLIND = OWN.parent / "sentences_blind.jsonl"
needs_blind = pytest.mark.skipif(not BLIND.is_file(), reason=f"blind set not found at {BLIND}")

#: (half, metric) -> (measured, floor); no_event_rate is a ceiling. Measured 2026-11-30
#: (issue 7); the lockbox half's first score, before any change after it arrived, was
#: type F1 0.687, top-1 0.659.
BLIND_FLOORS: dict[tuple[str, str], tuple[float, float]] = {
    ("working", "type_f1"): (0.840, 0.79),
    ("working", "top1"): (0.849, 0.80),
    ("working", "no_event_rate"): (0.135, 0.20),
    ("lockbox", "type_f1"): (0.733, 0.68),
    ("lockbox", "top1"): (0.704, 0.65),
    ("lockbox", "no_event_rate"): (0.074, 0.15),
}


@pytest.fixture(scope="module")
def blind() -> dict[str, dict[str, Any]]:
    from whimbrel.api import get_pipeline

    return {half: ev.evaluate(BLIND, get_pipeline(), half=half) for half in (ev.WORKING, ev.LOCKBOX)}


@needs_blind
@pytest.mark.parametrize("half,metric", sorted(BLIND_FLOORS))
def test_blind_floor(blind: dict[str, dict[str, Any]], half: str, metric: str) -> None:
    measured, floor = BLIND_FLOORS[(half, metric)]
    result = blind[half]
    value = result["no_event"]["rate"] if metric == "no_event_rate" else _value(result, metric)
    if metric == "no_event_rate":
        assert value <= floor, f"{half} half: no-event sentences given an event rose to {value:.3f} (ceiling {floor})"
    else:
        assert value >= floor, f"{half} half: {metric} fell to {value:.3f} (floor {floor}, was {measured})"
