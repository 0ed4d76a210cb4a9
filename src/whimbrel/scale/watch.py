"""`whimbrel watch`: poll folders and RSS/Atom feeds, code new stories, store them.

    >>> watcher = Watcher(["incoming/", "https://example.org/news.rss"], "events.duckdb")
    >>> watcher.run(interval=60)          # until Ctrl-C; or watcher.poll() once

Idempotent and restartable: a state file beside the store (``events.duckdb.watch.json``)
remembers each watched file's size and modification time and each stored story's
content hash; a story is coded only when it is new or changed, and the state is saved
after the store has committed it, so a watcher killed at any point redoes at most
its last write (which replaces the same rows). The first poll without a state file
starts from the hashes already in the store.

Beside ``whimbrel serve``: the server holds the store while it runs and is its one
writer. When the store is served (its announcement file says so), new stories are
posted to the server's ingest endpoint (``$WHIMBREL_TOKEN`` is the operator's token)
and the server codes and stores them; a server that takes no stories is reported and
the stories wait for the next poll. Otherwise stories are coded with the store
closed, then the store is opened for one short write (``Store.add_documents``),
waiting up to ``lock_timeout`` seconds for another writer (the store's own ``wait``).
Nothing is lost either way: the state only records what was accepted.
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
#: Stories per request to a server's ingest endpoint (its limit is 500).
POST_BATCH = 200


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
        server = _served(self.db)
        if server is not None:  # the server is the store's writer: hand it the stories
            if fresh and not self._post(server, fresh, report):
                return report  # not accepted: the files stay "changed" and are read again
            done = fresh
        else:
            docs = self._code(fresh, report)
            if docs and self._with_store(report, read_only=False,
                                         action=lambda store: _write(store, docs)) is None:
                return report
            done = [doc.article for doc in docs]
        for article in done:
            self.state["docs"][article.doc_id] = article.content_hash
        report.stored = len(done)
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
        """Open the store (waiting up to ``lock_timeout`` s for another writer), run
        ``action(store)``, close it. Returns None when the store could not be had."""
        from ..store import Store

        if read_only and not Path(self.db).exists():
            return {}
        started = time.monotonic()
        try:
            with Store(self.db, read_only=read_only, wait=self.lock_timeout) as store:
                return action(store)
        except StoreError as err:
            report.waited += time.monotonic() - started
            self.say(f"{err}; trying again next poll")
            return None

    def _post(self, server: dict[str, Any], articles: list[Article], report: PollReport) -> bool:
        """Send stories to a running `whimbrel serve`; True when it accepted them all."""
        import urllib.error
        import urllib.request

        url, token = server.get("ingest_url"), os.environ.get("WHIMBREL_TOKEN")
        if not url or not token:
            self.say(f"{self.db} is served by `whimbrel serve` (pid {server.get('pid')}) "
                     + ("without an ingest endpoint; restart it with $WHIMBREL_TOKEN set"
                        if not url else "; set $WHIMBREL_TOKEN to its operator's token")
                     + " so that watch can send it stories; trying again next poll")
            return False
        for start in range(0, len(articles), POST_BATCH):
            body = {"stories": [_story(a) for a in articles[start:start + POST_BATCH]]}
            request = urllib.request.Request(
                url, data=json.dumps(body).encode("utf-8"), method="POST",
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
            try:
                with urllib.request.urlopen(request, timeout=60):  # noqa: S310 -- the server's own URL
                    pass
            except (urllib.error.URLError, OSError) as err:
                self.say(f"the server at {url} did not take the stories ({err}); "
                         "trying again next poll")
                return False
        return True


def _served(db: str) -> dict[str, Any] | None:
    from ..store.database import served_by

    return served_by(db)


def _story(article: Article) -> dict[str, Any]:
    """A story as the server's ingest endpoint takes it."""
    return {"id": article.doc_id, "text": article.text, "title": article.title,
            "url": article.url, "source": article.source,
            "date": article.date.isoformat() if article.date else None}


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
