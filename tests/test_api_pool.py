"""code_many's process pool and what start-up skips: real stories, real worker processes,
the real spaCy model.

- ``then`` runs where each Document is coded (in the worker) and keeps the contract:
  input order, an error per article, a worker that dies is reported and the rest coded;
- the end of a stream is coded in small chunks, in order;
- the quick model load gives spaCy's pipeline byte for byte; importing spaCy without
  its command line leaves ``spacy.info`` and ``spacy.cli`` working.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from whimbrel.api import TAIL_CHUNK, _chunks, code_many
from whimbrel.errors import InputError
from whimbrel.ingest import read_path
from whimbrel.model import Article, Document

STORIES = Path(__file__).resolve().parent / "stories"
DIES = "dies-in-then"


def _articles(n: int) -> list[Article]:
    return [next(read_path(p)) for p in sorted(STORIES.glob("*.txt"))[:n]]


def event_ids(doc: Document) -> tuple[str, list[str]]:
    """A module-level ``then``: what crosses the process boundary is this small tuple."""
    return doc.doc_id, sorted(e.event_id for e in doc.events)


def dies_or_ids(doc: Document) -> tuple[str, list[str]]:
    """Kills its worker process on one article (as the out-of-memory killer would)."""
    if doc.doc_id == DIES:
        os._exit(9)
    if doc.doc_id == "raises":
        raise ValueError("no rows for this one")
    return event_ids(doc)


def _origin(item: object) -> object:
    return ("error", item.origin) if isinstance(item, InputError) else item


def test_then_in_workers_equals_one_process_in_order() -> None:
    articles: list = _articles(5)
    articles.insert(1, InputError("feed.jsonl:3", "not JSON"))
    articles.insert(3, Article(doc_id="raises", text="Chad closed its border with Sudan."))
    one = [_origin(x) for x in code_many(articles, n_process=1, chunk_size=2, then=dies_or_ids)]
    two = [_origin(x) for x in code_many(articles, n_process=2, chunk_size=1, then=dies_or_ids)]
    assert one == two
    assert one[1] == ("error", "feed.jsonl:3") and one[3] == ("error", "raises")
    assert [x[0] for x in one if x[0] != "error"] == [a.doc_id for a in _articles(5)]
    assert sum(len(x[1]) for x in one if x[0] != "error") > 0


def test_a_worker_that_dies_is_reported_and_the_rest_coded() -> None:
    articles: list = _articles(4)
    articles.insert(2, Article(doc_id=DIES, text="Chad closed its border with Sudan."))
    got = [_origin(x) for x in code_many(articles, n_process=2, chunk_size=1, then=dies_or_ids)]
    assert got[2] == ("error", DIES)
    assert [x[0] for x in got] == [a.doc_id if k != 2 else "error" for k, a in enumerate(articles)]
    want = [event_ids(d) for d in code_many(_articles(4), n_process=1)]
    assert got[:2] + got[3:] == want


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 20, 33, 57])
def test_chunks_keep_order_and_end_small(n: int) -> None:
    chunks = list(_chunks(range(n), 8, tail=12))
    assert [x for c in chunks for x in c] == list(range(n))
    assert all(1 <= len(c) <= 8 for c in chunks)
    tail = [len(c) for c in chunks][-((min(n, 12) + TAIL_CHUNK - 1) // TAIL_CHUNK):] if n else []
    assert all(k <= TAIL_CHUNK for k in tail)
    assert [len(c) for c in _chunks(range(n), 8)] == [min(8, n - i) for i in range(0, n, 8)]


def test_quick_model_load_is_the_shipped_pipeline() -> None:
    from whimbrel.language import load_model

    shipped, quick = load_model(), load_model(quick=True)
    assert quick.pipe_names == shipped.pipe_names
    assert quick.config.to_str() == shipped.config.to_str()
    assert quick.tokenizer.to_bytes() == shipped.tokenizer.to_bytes()
    for name in shipped.pipe_names:
        assert quick.get_pipe(name).to_bytes() == shipped.get_pipe(name).to_bytes(), name
    text = "Dr. Smith's U.N.-backed talks (in N.Y.) didn't start at 9:30am, officials said."
    assert [t.text for t in quick(text)] == [t.text for t in shipped(text)]


def test_spacy_imported_without_its_command_line() -> None:
    code = ("import sys\nfrom whimbrel._imports import import_spacy\nspacy = import_spacy()\n"
            "print('spacy.cli' in sys.modules)\n"
            "print(spacy.info(silent=True)['spacy_version'] == spacy.__version__)\n"
            "print(callable(spacy.cli.download), 'spacy.cli' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "True", "True"]
