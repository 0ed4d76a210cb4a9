"""What runs on a Dask worker: code one partition and write its Parquet files.

Each worker process builds its coder once (the default pipeline with its model
and lexicons, or a user's ``MODULE:FUNCTION``) and keeps it for every partition it
is given. A watchdog thread enforces the per-story time limit: a story that runs
over is interrupted (or, if it is stuck in C code, the worker process exits and
Dask's nanny restarts it); stories that were being coded when a worker died are
retried one at a time, and one that kills a worker twice, or hangs, is reported
with its id and skipped.
"""

from __future__ import annotations

import ctypes
import os
import threading
import time
from functools import lru_cache
from typing import Any, Callable

from ..errors import InputError
from ..model import Article, Document
from ._manifest import WorkDir

#: Exit status of a worker the watchdog ended (a story stuck in C code).
HUNG_EXIT = 70
#: Deaths of a worker while coding one story (alone) before it is called poison.
DEATHS_FOR_POISON = 2
#: Items coded together (the language stage streams their sentences through spaCy).
CHUNK = 8


class StoryTimeout(BaseException):
    """Raised inside the coding thread by the watchdog (BaseException: the pipeline's
    ``except Exception`` guards must not swallow it)."""


# -- the coder, once per process ------------------------------------------------------

@lru_cache(maxsize=4)
def load_coder(spec: str | None) -> Callable[[list[Article]], list[Document | InputError]]:
    """A chunk coder: the default pipeline (``spec`` None) or ``MODULE:FUNCTION`` /
    ``FILE.py:FUNCTION`` taking an Article and returning a Document."""
    from .. import api

    if not spec:
        api._limit_threads()
        api.warm_pipeline()
        return api.code_chunk
    from ..registry import load_callable

    func = load_callable(spec)

    def code(chunk: list[Article]) -> list[Document | InputError]:
        out: list[Document | InputError] = []
        for article in chunk:
            try:
                out.append(func(article))
            except Exception as err:  # one broken story must not stop its partition
                out.append(InputError(article.origin or article.doc_id,
                                      f"could not be coded ({type(err).__name__}: {err}); "
                                      "skipped"))
        return out

    return code


# -- the watchdog -----------------------------------------------------------------------

class _Watchdog:
    """One thread per process, watching the chunk being coded against its deadline."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.job: dict[str, Any] | None = None
        threading.Thread(target=self._run, name="whimbrel-watchdog", daemon=True).start()

    def start(self, deadline: float, on_timeout: Callable[[], None]) -> None:
        with self.lock:
            self.job = {"thread": threading.get_ident(), "deadline": deadline,
                        "on_timeout": on_timeout, "fired": None}

    def stop(self) -> None:
        with self.lock:
            self.job = None

    def _run(self) -> None:
        while True:
            time.sleep(0.1)
            with self.lock:
                job = self.job
                if job is None or time.monotonic() < job["deadline"]:
                    continue
                if job["fired"] is None:
                    job["fired"] = time.monotonic()
                    job["on_timeout"]()
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(
                        ctypes.c_ulong(job["thread"]), ctypes.py_object(StoryTimeout))
                elif time.monotonic() - job["fired"] > 5.0:
                    os._exit(HUNG_EXIT)  # stuck in C code: the nanny starts a fresh worker


@lru_cache(maxsize=1)
def _watchdog() -> _Watchdog:
    return _Watchdog()


# -- one partition ------------------------------------------------------------------------

def code_partition(task: dict[str, Any], items: list[Article | tuple[str, str]]) -> dict[str, Any]:
    """Code one partition on this worker and publish its Parquet files; return its summary.

    ``task`` holds ``work_dir``, ``fingerprint``, ``mode`` ("code" or "store"),
    ``coder`` (spec or None) and ``time_limit`` (seconds per story).
    """
    work = WorkDir(task["work_dir"]).create()
    fp = task["fingerprint"]
    done = work.summary(fp)
    if done is not None:  # an earlier attempt finished it
        return done
    started = time.monotonic()
    coder = load_coder(task["coder"])
    suspects = work.suspects(fp)
    results = _code_items(items, coder, work, fp, suspects, float(task["time_limit"]))
    from ._parquet import write_partition

    tmp = work.staging(fp)
    summary = write_partition(tmp, task["mode"], results)
    summary.update(fingerprint=fp, index=task.get("index"), mode=task["mode"],
                   seconds=round(time.monotonic() - started, 3), pid=os.getpid())
    work.publish(tmp, fp, summary)
    return summary


def _code_items(items: list[Article | tuple[str, str]], coder: Callable, work: WorkDir, fp: str,
                suspects: dict[int, dict[str, Any]], limit: float,
                ) -> list[Document | InputError]:
    out: list[Document | InputError | None] = [None] * len(items)
    positions = []
    for pos, item in enumerate(items):
        if isinstance(item, Article):
            positions.append(pos)
        else:
            out[pos] = InputError(*item)
    for start in range(0, len(positions), CHUNK):
        chunk = positions[start:start + CHUNK]
        if any(p in suspects for p in chunk):
            for p in chunk:
                out[p] = _code_one(items[p], p, coder, work, fp, suspects, limit)
            continue
        try:
            done = _guarded(coder, [items[p] for p in chunk], chunk, work, fp, suspects,
                            limit * len(chunk))
        except StoryTimeout:  # the chunk ran over: find the story, one at a time
            for p in chunk:
                out[p] = _code_one(items[p], p, coder, work, fp, suspects, limit)
            continue
        for p, result in zip(chunk, done):
            out[p] = result
    return out  # type: ignore[return-value]


def _code_one(article: Article, pos: int, coder: Callable, work: WorkDir, fp: str,
              suspects: dict[int, dict[str, Any]], limit: float) -> Document | InputError:
    entry = suspects.get(pos, {})
    where = article.origin or article.doc_id
    if entry.get("hung") and entry.get("alone"):
        return InputError(where, f"story {article.doc_id!r} ran over the time limit of "
                          f"{limit:g} s (--time-limit) and was stopped; skipped")
    if entry.get("deaths", 0) >= DEATHS_FOR_POISON and entry.get("alone"):
        return InputError(where, f"story {article.doc_id!r} crashed the worker coding it "
                          f"{entry['deaths']} times; skipped")
    entry = suspects.setdefault(pos, {"deaths": 0, "hung": False})
    if not entry.get("alone"):
        entry["alone"], entry["deaths"], entry["hung"] = True, 0, False
        work.save_suspects(fp, suspects)
    try:
        return _guarded(coder, [article], [pos], work, fp, suspects, limit)[0]
    except StoryTimeout:
        return InputError(where, f"story {article.doc_id!r} ran over the time limit of "
                          f"{limit:g} s (--time-limit) and was stopped; skipped")


def _guarded(coder: Callable, articles: list[Article], positions: list[int], work: WorkDir,
             fp: str, suspects: dict[int, dict[str, Any]], limit: float) -> list:
    """Code a chunk under the watchdog, with a marker naming its stories on disk (so a
    worker that dies leaves word of what it was doing)."""
    def on_timeout() -> None:
        for p in positions:
            suspects.setdefault(p, {"deaths": 0, "hung": False})["hung"] = True
        work.save_suspects(fp, suspects)

    work.set_current(fp, positions)
    dog = _watchdog()
    dog.start(time.monotonic() + limit, on_timeout)
    try:
        try:
            return coder(articles)
        finally:
            dog.stop()
            work.clear_current(fp)
    except StoryTimeout:  # it may land in the finally block above: stop the dog again
        dog.stop()
        work.clear_current(fp)
        raise
