"""The WordNet-built event tables agree with their converters (tools/), and the converters
take a seed verb's sense in its CAMEO class, not a rarer sense's troponyms."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORDNET = Path("/usr/share/wordnet")
pytestmark = pytest.mark.skipif(not (WORDNET / "data.verb").is_file(),
                                reason="WordNet 3.0 (Debian wordnet-base) not installed")
sys.path.insert(0, str(ROOT / "tools"))

import build_derived_nouns  # noqa: E402
import build_verb_classes  # noqa: E402
from wordnet_reader import WordNet, class_sense  # noqa: E402

DATA = ROOT / "src" / "whimbrel" / "data" / "events"


def _shipped(name: str) -> list[tuple[str, ...]]:
    return [tuple(line.split("\t")) for line in (DATA / name).read_text("utf-8").splitlines()
            if line and not line.startswith("#")]


def test_verb_classes_match_their_converter():
    rows = build_verb_classes.build(WORDNET)
    assert rows == _shipped("verb_classes.tsv")
    verbs = {r[0]: r[1] for r in rows}
    assert verbs.get("leave office") == "0831"  # quit's class sense
    assert not {"cheese", "close off", "lay off", "sign off"} & verbs.keys()  # 'discontinue'


def test_derived_nouns_match_their_converter():
    assert build_derived_nouns.build(WORDNET) == _shipped("derived_nouns.tsv")


def test_class_sense_prefers_the_sense_a_class_mate_shares():
    wn = WordNet("verb", WORDNET)
    seeds = [("quit", "0831"), ("resign", "0831"), ("bomb", "183")]
    assert "resign" in class_sense(wn, "quit", "0831", seeds).words
    assert class_sense(wn, "bomb", "183", seeds) == wn.senses("bomb")[0]  # no mate: first sense
