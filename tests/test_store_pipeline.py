"""The store fed by the real coder (spaCy model and all stages): what `whimbrel code`
finds is what `whimbrel ingest` stores, once, with the coder's version."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "stories" / "store"))
from store_testing import CORPUS, dump  # noqa: E402

import whimbrel  # noqa: E402
from whimbrel.api import code_many  # noqa: E402
from whimbrel.ingest import read_inputs  # noqa: E402
from whimbrel.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def coded():
    """The corpus coded directly, as a reference."""
    return list(code_many(read_inputs([CORPUS]), n_process=1))


@pytest.mark.slow
def test_ingest_stores_what_the_coder_finds_once(tmp_path, coded):
    assert all(isinstance(d, whimbrel.Document) for d in coded), coded
    expected = {e.event_id for d in coded for e in d.events}
    with Store(tmp_path / "real.duckdb") as store:
        report = store.ingest([CORPUS], n_process=1, batch_size=4)
        assert report.errors == [] and report.stored == len(coded)
        stored = {r[0] for r in store.sql("SELECT event_id FROM mentions")[1]}
        assert stored == expected
        versions = {r[0] for r in store.sql("SELECT coder_version FROM articles")[1]}
        assert versions == {whimbrel.__version__}
        # every mention belongs to exactly one canonical event
        n, distinct = store.sql("SELECT count(*), count(DISTINCT mention_id) FROM merges")[1][0]
        assert n == distinct == len(expected)
        total = store.sql("SELECT coalesce(sum(num_mentions), 0) FROM events")[1][0][0]
        assert total == len(expected)
        before = dump(store.con)
        again = store.ingest([CORPUS], n_process=1)
        assert (again.stored, again.skipped) == (0, len(coded))
        assert dump(store.con) == before
