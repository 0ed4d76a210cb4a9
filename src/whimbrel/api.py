"""The Python API: code one text, one article, or a stream of them."""

from __future__ import annotations

import itertools
import os
import sys
from datetime import date as Date
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

from .errors import InputError, WhimbrelError
from .model import Article, Document, Event
from .pipeline import DEFAULT_STAGES, Pipeline

#: Articles coded together: their candidate sentences go through the parser in
#: one stream, and a worker receives them as one task.
CHUNK_SIZE = 8
#: Chunks in flight per worker (running, queued, or done and waiting to be yielded in
#: order): enough that a slow chunk at the head does not leave the other workers idle.
IN_FLIGHT = 4
#: Articles at the end of a stream coded in chunks of ``TAIL_CHUNK`` (the end is known
#: once the stream runs dry, this many articles ahead): the last big chunk of one worker
#: no longer leaves the other cores idle.
TAIL = 24
TAIL_CHUNK = 2
#: Environment variables that cap numeric-library thread pools. The parser's
#: matrices are small; one process per core with one thread each is fastest.
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


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


def _as_input_error(article: Article, err: Exception) -> InputError:
    if isinstance(err, WhimbrelError):
        return InputError(article.origin or article.doc_id, str(err))
    return InputError(article.origin or article.doc_id,
                      f"could not be coded ({type(err).__name__}: {err}); skipped")


def _code_safely(article: Article, pipeline: Pipeline | None = None,
                 then: Callable[[Document], Any] | None = None) -> Any:
    try:
        doc = _strip(code_article(article, pipeline))
        return doc if then is None else then(doc)
    except Exception as err:  # one broken article must not stop a batch
        return _as_input_error(article, err)


def _finish(doc: Document, pipeline: Pipeline, start: int,
            then: Callable[[Document], Any] | None = None) -> Any:
    """Run the stages from index ``start`` on one document (then ``then``), reporting a failure."""
    try:
        doc = _strip(pipeline.run_from(doc, start))
        return doc if then is None else then(doc)
    except Exception as err:  # one broken article must not stop a batch
        return _as_input_error(doc.article, err)


def code_chunk(items: list[Article | InputError], pipeline: Pipeline | None = None,
               then: Callable[[Document], Any] | None = None) -> list[Any]:
    """Code a list of articles in order, the language stage over all of them at once.

    Read errors pass through. If the batched language stage fails, each article
    is coded on its own, so that only the broken one is reported. With ``then``,
    each Document is replaced by ``then(document)`` (an exception there is that
    article's error).
    """
    pipeline = pipeline or get_pipeline()
    articles = [it for it in items if not isinstance(it, InputError)]
    first = pipeline.stages[0] if pipeline.stages else None
    if len(articles) < 2 or not hasattr(first, "pipe"):
        return [it if isinstance(it, InputError) else _code_safely(it, pipeline, then) for it in items]
    docs = [Document(article=a) for a in articles]
    try:
        first.pipe(docs)  # type: ignore[union-attr]
    except Exception:
        return [it if isinstance(it, InputError) else _code_safely(it, pipeline, then) for it in items]
    done = iter([_finish(d, pipeline, 1, then) for d in docs])
    return [it if isinstance(it, InputError) else next(done) for it in items]


def default_processes() -> int:
    """One worker per core available to this process (at most 4)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def code_many(articles: Iterable[Article | InputError], n_process: int | None = None,
              chunk_size: int = CHUNK_SIZE, then: Callable[[Document], Any] | None = None,
              ) -> Iterator[Any]:
    """Code a stream of articles in input order, yielding a Document or the error
    for each. Read errors pass through so that callers see one ordered report.

    ``n_process`` defaults to the number of cores. The pipeline and its data load
    once in this process; workers are forked from it (sharing the loaded data)
    only when the stream holds more than one chunk, and run one thread each.

    ``then``, when given, is applied to each coded Document where it was coded (in
    the worker) and its result is yielded instead: what the caller keeps of a
    Document (``whimbrel code``: the output rows) is then all that crosses the
    process boundary. It must pickle (a module-level function, or a
    ``functools.partial`` of one); an exception it raises is that article's error.
    """
    n_process = n_process or default_processes()
    if n_process > 1:
        _limit_threads()
    stream = iter(articles)
    head = list(itertools.islice(stream, max(1, chunk_size) + 1))
    if n_process <= 1 or len(head) <= chunk_size:
        for chunk in _chunks(itertools.chain(head, stream), chunk_size):
            yield from code_chunk(chunk, then=then)
        return
    warm_pipeline()
    yield from _code_in_workers(_chunks(itertools.chain(head, stream), chunk_size, TAIL),
                                n_process, then)


def _code_in_workers(chunks: Iterable[list[Article | InputError]], n_process: int,
                     then: Callable[[Document], Any] | None = None) -> Iterator[Any]:
    """Code chunks in a process pool, results in input order, at most ``IN_FLIGHT`` chunks
    per worker in flight (so a stream is read as it is coded).

    A worker that dies (killed, out of memory) breaks the pool instead of
    hanging it: the chunks in flight are then coded again one article per task
    in a fresh pool, and an article that kills its worker again is reported as
    an InputError.
    """
    from collections import deque
    from concurrent.futures.process import BrokenProcessPool

    chunks = iter(chunks)
    while True:
        pending: deque = deque()
        pool = _new_pool(n_process)
        try:
            for chunk in chunks:
                pending.append((chunk, pool.submit(_code_chunk_in_worker, chunk, then)))
                while len(pending) >= IN_FLIGHT * n_process or (pending and pending[0][1].done()):
                    yield from pending[0][1].result()
                    pending.popleft()
            while pending:
                yield from pending[0][1].result()
                pending.popleft()
            pool.shutdown()
            return
        except BrokenProcessPool:
            pool.shutdown(wait=False, cancel_futures=True)
            yield from _code_singly([it for c, _ in pending for it in c], then)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _code_singly(items: list[Article | InputError],
                 then: Callable[[Document], Any] | None = None) -> Iterator[Any]:
    """Code articles one at a time in a one-worker pool: the first task that fails
    with the pool is the one its worker died on, and only it is reported."""
    from concurrent.futures.process import BrokenProcessPool

    rest = list(items)
    while rest:
        pool = _new_pool(1)
        futures = [pool.submit(_code_chunk_in_worker, [it], then) for it in rest]
        try:
            for k, fut in enumerate(futures):
                try:
                    yield from fut.result()
                except BrokenProcessPool:
                    item = rest[k]
                    yield item if isinstance(item, InputError) else InputError(
                        item.origin or item.doc_id,
                        "the worker process coding it died (out of memory or killed); skipped")
                    rest = rest[k + 1:]
                    break
            else:
                rest = []
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def _new_pool(n_process: int):  # -> ProcessPoolExecutor
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    return ProcessPoolExecutor(n_process, mp_context=ctx, initializer=_init_worker)


def _chunks(items: Iterable[Article | InputError], size: int, tail: int = 0,
            ) -> Iterator[list[Article | InputError]]:
    """Chunks of ``size`` items; the last ``tail`` items of the stream (read that far
    ahead) in chunks of ``TAIL_CHUNK``."""
    from collections import deque

    size = max(1, size)
    it = iter(items)
    ahead: deque = deque(itertools.islice(it, size + tail))
    for item in it:
        ahead.append(item)
        if len(ahead) > size + tail:
            yield [ahead.popleft() for _ in range(size)]
    while len(ahead) > tail:
        yield [ahead.popleft() for _ in range(min(size, len(ahead) - tail))]
    while ahead:
        yield [ahead.popleft() for _ in range(min(TAIL_CHUNK, len(ahead)))]


def warm_pipeline() -> Pipeline:
    """Build the default pipeline and load every stage's lazy data (model, lexicons,
    gazetteer) by coding a short story, so that forked workers share them."""
    import gc

    pipeline = get_pipeline()
    try:
        pipeline(Article(doc_id="warm-up", text=_WARM_UP_TEXT, date=Date(2024, 1, 15)))
    except Exception:  # noqa: BLE001 -- a broken stage is reported per article later
        pass
    gc.freeze()  # the loaded data is for good: collections skip it, forked workers share its pages
    return pipeline


_WARM_UP_TEXT = ("NAIROBI, Jan 15 - Kenyan and Ethiopian officials met in Nairobi on Monday "
                 "and agreed to hold joint border talks next month, the foreign ministry said.")


def _limit_threads() -> None:
    """One numeric thread per process: set the environment for libraries not loaded
    yet, and tell an OpenBLAS already loaded (numpy's) to use one thread. Its idle
    threads spin; two workers with two threads each on two cores run ~30% slower."""
    for var in _THREAD_VARS:
        os.environ.setdefault(var, "1")
    if "numpy" in sys.modules:
        _openblas_one_thread()


_OPENBLAS_SETTERS = ("openblas_set_num_threads", "scipy_openblas_set_num_threads64_",
                     "scipy_openblas_set_num_threads", "openblas_set_num_threads64_")


def _openblas_one_thread() -> None:
    """Call ``*_set_num_threads(1)`` in every OpenBLAS mapped into this process."""
    import ctypes

    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            paths = {line.split()[-1] for line in fh if "openblas" in line.lower() and "/" in line}
    except OSError:  # not Linux: the environment variables are all we can do
        return
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _OPENBLAS_SETTERS:
            setter = getattr(lib, name, None)
            if setter is not None:
                setter(ctypes.c_int(1))
                break


def _init_worker() -> None:
    """Worker start: ignore Ctrl-C (the parent handles it) and load the pipeline if
    this worker was spawned rather than forked from a loaded parent."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _limit_threads()
    get_pipeline()


def _code_chunk_in_worker(chunk: list[Article | InputError],
                          then: Callable[[Document], Any] | None = None) -> list[Any]:
    return code_chunk(chunk, then=then)
