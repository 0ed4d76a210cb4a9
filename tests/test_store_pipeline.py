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


SEED = Path(__file__).resolve().parents[2] / "shared" / "examples" / "jmcc-2021-09-29.txt"


@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared/examples (beside the clone)")
def test_date_source_and_planned_date_are_columns_of_mentions_and_events(tmp_path):
    """Where each date came from and a planned act's date are queryable in SQL, equal to
    what the coder decided, and carried to the canonical event."""
    docs = list(code_many(read_inputs([SEED]), n_process=1))
    want = {e.event_id: (e.date_source if e.date and e.date.value else None,
                         e.planned_date.value if e.planned_date else None)
            for d in docs for e in d.events}
    assert any(planned for _, planned in want.values()), "the seed story plans its 4th round"
    with Store(tmp_path / "seed.duckdb") as store:
        store.ingest([SEED], n_process=1)
        got = {r[0]: (r[1], r[2]) for r in store.sql(
            "SELECT event_id, date_source, planned_date FROM mentions")[1]}
        assert got == want
        rows = store.sql("SELECT e.date_source, e.planned_date, m.date_source, m.planned_date "
                         "FROM events e JOIN mentions m ON m.event_id = e.representative")[1]
    assert rows and all(r[:2] == r[2:] for r in rows)
