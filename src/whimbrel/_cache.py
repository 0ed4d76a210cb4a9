"""A per-user disk cache for data built at run time (lexicon tries), as pickles.

Files live in ``$WHIMBREL_CACHE`` or ``~/.cache/whimbrel``; their names carry a
hash of everything they were built from, so a changed data file or package
version simply misses. Writes are atomic; a damaged or unwritable cache only
costs the rebuild.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable


def cache_dir() -> Path:
    """``$WHIMBREL_CACHE`` or ``~/.cache/whimbrel``."""
    env = os.environ.get("WHIMBREL_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "whimbrel"


def fingerprint(files: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A short hash of the files' contents and the extra strings."""
    h = hashlib.sha1()
    for path in files:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for item in extra:
        h.update(item.encode())
    return h.hexdigest()[:12]


def cached(name: str, key: str, build: Callable[[], Any]) -> Any:
    """The object pickled under ``name-key``, else ``build()`` (then saved)."""
    path = cache_dir() / f"{name}-{key}.pickle"
    if path.exists():
        try:
            return load_pickle(path)
        except Exception:  # noqa: BLE001 -- a stale or damaged cache: rebuild
            pass
    obj = build()
    try:
        save_pickle(obj, path)
    except OSError:
        pass  # read-only home: rebuilding each run is slower, not wrong
    return obj


def load_pickle(path: Path) -> Any:
    """Load a pickle of long-lived data with the collector paused, then freeze it.

    The collector only slows a bulk load of many small objects, and afterwards each
    full collection would walk them all again (0.1 s a time for the actor lexicon):
    ``gc.freeze`` moves everything alive now out of its reach for good.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as f:
            obj = pickle.load(f)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return obj


def save_pickle(obj: Any, path: Path) -> None:
    """Write atomically: a reader sees no file or the whole new one."""
    def dump(tmp: Path) -> None:
        with open(tmp, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)

    save_atomic(path, dump)


def save_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place:
    a reader (or a process that has the old file mapped) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
