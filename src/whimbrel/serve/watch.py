"""A watch folder: story files dropped into it are ingested by the server's writer.

A file is taken once its size has stopped changing, moved into ``.processing/``
while it is coded, then into ``done/`` or, if any story in it failed, ``failed/``
beside a ``.errors.txt`` saying why. Nothing is deleted. Files whose names start
with a dot are ignored (write to ``.name`` and rename, for an atomic drop).
"""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path

from .db import Job, ServerDB

log = logging.getLogger("whimbrel.serve")


class Watcher:
    def __init__(self, folder: str, db: ServerDB, interval: float = 1.0):
        self.folder = Path(folder)
        self.db = db
        self.interval = interval
        self._sizes: dict[Path, int] = {}
        self._stop = threading.Event()
        for sub in (".processing", "done", "failed"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._loop, name="whimbrel-watch", daemon=True)

    def start(self) -> None:
        for left in (self.folder / ".processing").iterdir():  # a previous run was stopped
            shutil.move(str(left), str(self.folder / left.name))
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.scan()
            except OSError as err:  # a vanished file or a full disk: say so, keep watching
                log.warning("watch folder %s: %s", self.folder, err)

    def scan(self) -> None:
        """Hand every file whose size held still since the last scan to the writer."""
        sizes = {p: p.stat().st_size for p in self.folder.iterdir()
                 if p.is_file() and not p.name.startswith(".")}
        for path, size in sorted(sizes.items()):
            if self._sizes.get(path) == size:
                self._take(path)
        self._sizes = {p: s for p, s in sizes.items() if p.exists()}

    def _take(self, path: Path) -> None:
        from ..ingest import read_inputs

        busy = self.folder / ".processing" / path.name
        shutil.move(str(path), str(busy))
        items = list(read_inputs([busy]))
        log.info("watch folder: %s (%d stories) queued", path.name, len(items))
        self.db.submit(items, origin=f"watch:{path.name}", on_done=self._finish(busy))

    def _finish(self, busy: Path):
        def done(job: Job) -> None:
            target = _free_name(self.folder / ("failed" if job.errors else "done") / busy.name)
            shutil.move(str(busy), str(target))
            if job.errors:
                target.with_name(target.name + ".errors.txt").write_text(
                    "\n".join(job.errors) + "\n", encoding="utf-8")
            log.info("watch folder: %s: %d stored, %d unchanged, %d errors", busy.name,
                     job.stored, job.skipped, len(job.errors))
        return done


def _free_name(path: Path) -> Path:
    """``path``, or ``name.2.ext`` etc. if a file of that name was processed before."""
    n = 2
    out = path
    while out.exists():
        out = path.with_name(f"{path.stem}.{n}{path.suffix}")
        n += 1
    return out
