"""The Python API: code one text, one article, or a stream of them."""

from __future__ import annotations

import os
from datetime import date as Date
from functools import lru_cache
from typing import Iterable, Iterator

from .errors import InputError, WhimbrelError
from .model import Article, Document, Event
from .pipeline import DEFAULT_STAGES, Pipeline


@lru_cache(maxsize=1)
def get_pipeline() -> Pipeline:
    """The default pipeline, built once per process."""
    return Pipeline(DEFAULT_STAGES)


def _as_date(value: str | Date | None) -> Date | None:
    if value is None or isinstance(value, Date):
        return value
    try:
        return Date.fromisoformat(str(value)[:10])
    except ValueError:
        raise WhimbrelError(f"publication date {value!r} is not an ISO date (YYYY-MM-DD)") from None


def code_text(text: str, date: str | Date | None = None, doc_id: str = "text",
              pipeline: Pipeline | None = None) -> list[Event]:
    """Code one story; ``date`` is its publication date (ISO string or date)."""
    article = Article(doc_id=doc_id, text=text, date=_as_date(date))
    return code_article(article, pipeline).events


def code_article(article: Article, pipeline: Pipeline | None = None) -> Document:
    """Run the pipeline over one article and return the coded Document."""
    return (pipeline or get_pipeline())(article)


def _strip(doc: Document) -> Document:
    """Drop spaCy objects so a Document can cross a process boundary cheaply."""
    for sent in doc.sentences:
        sent.doc = None
    return doc


def _code_safely(article: Article) -> Document | InputError:
    try:
        return _strip(code_article(article))
    except WhimbrelError as err:
        return InputError(article.origin or article.doc_id, str(err))
    except Exception as err:  # one broken article must not stop a batch
        return InputError(article.origin or article.doc_id,
                          f"could not be coded ({type(err).__name__}: {err}); skipped")


def code_many(articles: Iterable[Article | InputError], n_process: int | None = None,
              ) -> Iterator[Document | InputError]:
    """Code a stream of articles in input order, yielding a Document or the error
    for each. Read errors pass through so that callers see one ordered report.

    ``n_process`` defaults to the number of cores (at most 2 workers per default
    machine); each worker loads the pipeline once.
    """
    n_process = n_process or min(os.cpu_count() or 1, 4)
    if n_process <= 1:
        for item in articles:
            yield item if isinstance(item, InputError) else _code_safely(item)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ctx.Pool(n_process, initializer=_warm) as pool:
        yield from pool.imap(_code_or_pass, articles, chunksize=4)


def _warm() -> None:
    get_pipeline()


def _code_or_pass(item: Article | InputError) -> Document | InputError:
    return item if isinstance(item, InputError) else _code_safely(item)
