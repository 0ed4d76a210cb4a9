"""Crash safety for real: `whimbrel ingest` killed with SIGKILL midway, then rerun,
leaves exactly the tables of one clean run; a second clean run changes nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "stories" / "store"))
from store_testing import dump  # noqa: E402

from whimbrel.store import Store  # noqa: E402

CODER = str(Path(__file__).parent / "stories" / "store" / "hand_coder.py") + ":code"
PAIRS = [("KEN", "Kenya", "ETH", "Ethiopia"), ("BRA", "Brazil", "ARG", "Argentina"),
         ("IND", "India", "NPL", "Nepal"), ("GHA", "Ghana", "TGO", "Togo")]
CITIES = [("Nairobi", 184745, "KEN"), ("Brasilia", 3469058, "BRA"), ("New Delhi", 1261481, "IND"),
          ("Accra", 2306104, "GHA")]


def make_corpus(folder: Path, n: int = 40) -> Path:
    """``n`` stories: each meeting told by two outlets a day apart, some on the same day."""
    folder.mkdir()
    gold = {}
    for i in range(n):
        meeting = i // 2
        code_a, name_a, code_b, name_b = PAIRS[meeting % len(PAIRS)]
        city, gid, country = CITIES[meeting % len(CITIES)]
        day = 1 + meeting % 20
        doc_id = f"story-{i:03d}"
        text = (f"date 2024-05-{day + i % 2:02d}\n\n"
                f"Officials of {name_a} and {name_b} held talks in {city} on May {day} about "
                f"trade, roads and water number {meeting}.\n\nOutlet {i % 2} filed this report.\n")
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        gold[doc_id] = [{"trigger": "held talks", "cameo": "040", "event_type": "CONSULT",
                         "source": [name_a, code_a, "GOV"], "target": [name_b, code_b, "GOV"],
                         "date": f"2024-05-{day:02d}", "precision": "day",
                         "date_text": f"on May {day}", "goldstein": 1.0, "quad_class": 1,
                         "location": {"name": city, "geonameid": gid, "country": country,
                                      "precision": "place"}}]
    gold_path = folder.parent / "gold.json"
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    return gold_path


def _cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "whimbrel", "ingest", str(folder), "--db", str(db),
            "--coder", CODER, "--batch-size", "3", "--no-progress", "-v"]


def _env(gold: Path, delay: float) -> dict[str, str]:
    return {**os.environ, "WHIMBREL_HAND_GOLD": str(gold), "WHIMBREL_HAND_DELAY": str(delay)}


def _tables(db: Path) -> dict:
    with Store(db, read_only=True) as store:
        return dump(store.con)


@pytest.mark.slow
def test_sigkill_midway_then_rerun_equals_one_clean_run(tmp_path):
    folder = tmp_path / "stories"
    gold = make_corpus(folder)
    clean, crashed = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    subprocess.run(_cmd(folder, clean), env=_env(gold, 0), check=True, capture_output=True)

    proc = subprocess.Popen(_cmd(folder, crashed), env=_env(gold, 0.05),
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    for line in proc.stderr:  # wait until the first batch is committed, then kill -9
        if "committed batch 1" in line or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    partial = _tables(crashed)
    assert 3 <= len(partial["articles"]) < 40  # stopped midway, first batch kept
    stored = {row[0] for row in partial["articles"]}
    assert {row[1] for row in partial["mentions"]} == stored  # no half-written story

    rerun = subprocess.run(_cmd(folder, crashed), env=_env(gold, 0), check=True,
                           capture_output=True, text=True)
    assert f"{len(partial['articles'])} unchanged skipped" in rerun.stderr
    final, reference = _tables(crashed), _tables(clean)
    assert final == reference
    assert len(final["articles"]) == 40 and len(final["events"]) == 20
    with Store(crashed, read_only=True) as store:
        assert {e["num_mentions"] for e in store.events()} == {2}  # two outlets per meeting

    again = subprocess.run(_cmd(folder, clean), env=_env(gold, 0), check=True,
                           capture_output=True, text=True)
    assert "0 articles stored, 40 unchanged skipped" in again.stderr
    assert _tables(clean) == reference
