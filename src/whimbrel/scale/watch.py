"""`whimbrel watch`: poll folders and RSS/Atom feeds, code new stories, store them.

    >>> watcher = Watcher(["incoming/", "https://example.org/news.rss"], "events.duckdb")
    >>> watcher.run(interval=60)          # until Ctrl-C; or watcher.poll() once

Idempotent and restartable: a state file beside the store (``events.duckdb.watch.json``)
remembers each watched file's size and modification time and each stored story's
content hash; a story is coded only when it is new or changed, and the state is saved
after the store has committed it, so a watcher killed at any point redoes at most
its last write (which replaces the same rows). The first poll without a state file
starts from the hashes already in the store.

Beside ``whimbrel serve``: stories are coded with the store closed, then the store is
opened for one short write (the store's own ``add_documents``) and closed again. If
another process holds the store's lock, the write is retried with back-off for up to
``lock_timeout`` seconds (this retry lives here, not in the store), then left for the
next poll with a message; nothing is lost.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import InputError, StoreError
from ..model import Article, Document

#: Largest feed fetched from a URL.
MAX_FEED_BYTES = 20_000_000


@dataclass
class PollReport:
    changed_sources: int = 0
    read: int = 0
    unchanged: int = 0
    stored: int = 0
    errors: list[str] = field(default_factory=list)
    waited: float = 0.0

    def summary(self) -> str:
        return (f"{self.changed_sources} new or changed sources, {self.stored} stories stored, "
                f"{self.unchanged} unchanged, {len(self.errors)} errors")


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


class Watcher:
    def __init__(self, sources: Iterable[str], db: str, *, state: str | None = None,
                 coder: Callable[[Article], Document] | None = None, n_process: int = 1,
                 default_date: Any = None, lock_timeout: float = 60.0,
                 say: Callable[[str], None] | None = None):
        self.sources = [str(s) for s in sources]
        self.db = str(db)
        self.state_path = Path(state or f"{db}.watch.json")
        self.coder, self.n_process, self.default_date = coder, n_process, default_date
        self.lock_timeout = lock_timeout
        self.say = say or (lambda m: None)
        self.state = self._load_state()

    # -- state ------------------------------------------------------------------------
    def _load_state(self) -> dict[str, Any]:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            return {"files": state.get("files", {}), "docs": state.get("docs", {})}
        except (OSError, ValueError):
            return {"files": {}, "docs": None}  # docs: from the store at the first poll

    def _save_state(self) -> None:
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        tmp.write_text(json.dumps(self.state), encoding="utf-8")
        os.replace(tmp, self.state_path)

    # -- one poll -----------------------------------------------------------------------
    def poll(self) -> PollReport:
        """Read what changed since the last poll, code the new stories, store them."""
        report = PollReport()
        if self.state["docs"] is None:
            self.state["docs"] = self._with_store(report, read_only=True,
                                                  action=_stored_hashes) or {}
        stamps: dict[str, Any] = {}
        fresh: list[Article] = []
        for item in self._changed(stamps, report):
            report.read += 1
            if isinstance(item, InputError):
                report.errors.append(str(item))
                self.say(f"skipped {item}")
            elif self.state["docs"].get(item.doc_id) == item.content_hash:
                report.unchanged += 1
            else:
                fresh.append(item)
        docs = self._code(fresh, report)
        if docs and self._with_store(report, read_only=False,
                                     action=lambda store: _write(store, docs)) is None:
            return report  # not written: the files stay "changed" and are read again
        for doc in docs:
            self.state["docs"][doc.doc_id] = doc.article.content_hash
        report.stored = len(docs)
        self.state["files"].update(stamps)
        self._save_state()
        return report

    def run(self, interval: float = 60.0, polls: int | None = None) -> None:
        """Poll every ``interval`` seconds (``polls`` times, or until interrupted)."""
        n = 0
        while polls is None or n < polls:
            started = time.monotonic()
            report = self.poll()
            if report.changed_sources or report.errors:
                self.say(report.summary())
            n += 1
            if polls is not None and n >= polls:
                return
            time.sleep(max(0.0, interval - (time.monotonic() - started)))

    # -- reading ------------------------------------------------------------------------
    def _changed(self, stamps: dict[str, Any], report: PollReport) -> Iterator[Article | InputError]:
        from ..ingest import ReadOptions, read_path

        options = ReadOptions(default_date=self.default_date)
        for source in self.sources:
            if _is_url(source):
                yield from self._read_url(source, stamps, report, options)
                continue
            path = Path(source)
            if not path.exists():
                yield InputError(source, "no such file or folder (yet); watched anyway")
                continue
            for file in _story_files(path):
                st = file.stat()
                stamp = [st.st_mtime_ns, st.st_size]
                if self.state["files"].get(str(file)) == stamp:
                    continue
                report.changed_sources += 1
                stamps[str(file)] = stamp
                yield from read_path(file, options)

    def _read_url(self, url: str, stamps: dict[str, Any], report: PollReport,
                  options: Any) -> Iterator[Article | InputError]:
        import hashlib
        import urllib.request

        from ..ingest import read_path
        from ..ingest._archives import _relabel

        try:
            with urllib.request.urlopen(url, timeout=30) as resp:  # noqa: S310 -- user's URL
                data = resp.read(MAX_FEED_BYTES + 1)
        except (OSError, ValueError) as err:
            yield InputError(url, f"cannot fetch ({err}); trying again next poll")
            return
        if len(data) > MAX_FEED_BYTES:
            yield InputError(url, f"feed over {MAX_FEED_BYTES} bytes; skipped")
            return
        digest = hashlib.sha256(data).hexdigest()
        if self.state["files"].get(url) == digest:
            return
        report.changed_sources += 1
        stamps[url] = digest
        with tempfile.TemporaryDirectory(prefix="whimbrel-watch-") as tmp:
            path = Path(tmp) / "feed.xml"
            path.write_bytes(data)
            yield from _relabel(read_path(path, options), path, url)

    # -- coding and writing ---------------------------------------------------------------
    def _code(self, articles: list[Article], report: PollReport) -> list[Document]:
        if not articles:
            return []
        from ..store.ingest import default_coder, per_article

        stream = per_article(self.coder) if self.coder else default_coder(self.n_process)
        docs = []
        for out in stream(articles):
            if isinstance(out, InputError):
                report.errors.append(str(out))
                self.say(f"skipped {out}")
            else:
                docs.append(out)
        return docs

    def _with_store(self, report: PollReport, read_only: bool, action: Callable) -> Any:
        """Open the store, run ``action(store)``, close it; wait while another process
        holds the lock. Returns None when the store stayed locked."""
        from ..store import Store

        if read_only and not Path(self.db).exists():
            return {}
        delay, started = 0.05, time.monotonic()
        while True:
            try:
                with Store(self.db, read_only=read_only) as store:
                    return action(store)
            except StoreError as err:
                if "lock" not in str(err).lower():
                    raise
                waited = time.monotonic() - started
                if waited > self.lock_timeout:
                    report.waited += waited
                    self.say(f"{self.db} is held by another process for {waited:.0f} s "
                             "(whimbrel serve or an ingest?); trying again next poll")
                    return None
                time.sleep(delay)
                delay = min(delay * 2, 2.0)


def _write(store: Any, docs: list[Document]) -> bool:
    store.add_documents(docs)
    return True


def _stored_hashes(store: Any) -> dict[str, str]:
    from ..store.ingest import stored_hashes

    return stored_hashes(store.con)


def _story_files(path: Path) -> list[Path]:
    """The story files of a folder (as ``read_inputs`` lists them), or the file itself."""
    if not path.is_dir():
        return [path]
    from ..ingest import known_extensions

    extensions = known_extensions()
    return sorted((p for p in path.rglob("*")
                   if p.suffix.lower() in extensions and p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(path).parts)),
                  key=lambda p: p.relative_to(path).parts)
