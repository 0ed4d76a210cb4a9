"""The work folder of a distributed run: finished partitions and what workers were doing.

    WORK/parts/<fingerprint>/      one finished partition: Parquet files + summary.json
    WORK/state/<fingerprint>.*     in-flight bookkeeping: the stories a worker is coding
                                   (``.current``) and those that killed or hung it
                                   (``.suspects.json``)

A partition folder is written under a temporary name and renamed into place, so it
exists only when complete: its presence is the manifest entry. The folder must be
shared by the client and the workers (a network file system on a real cluster).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any


class WorkDir:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self.parts = self.root / "parts"
        self.state = self.root / "state"

    def create(self) -> WorkDir:
        self.parts.mkdir(parents=True, exist_ok=True)
        self.state.mkdir(parents=True, exist_ok=True)
        return self

    # -- finished partitions ------------------------------------------------------
    def part(self, fp: str) -> Path:
        return self.parts / fp

    def summary(self, fp: str) -> dict[str, Any] | None:
        """The summary of a finished partition, None if it is not finished."""
        try:
            return json.loads((self.part(fp) / "summary.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def staging(self, fp: str) -> Path:
        tmp = self.parts / f".{fp}.{uuid.uuid4().hex[:8]}.tmp"
        tmp.mkdir(parents=True)
        return tmp

    def publish(self, tmp: Path, fp: str, summary: dict[str, Any]) -> None:
        """Write the summary last and rename the folder into place (atomic)."""
        (tmp / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
        try:
            os.rename(tmp, self.part(fp))
        except OSError:  # another attempt finished first: its result is as good
            shutil.rmtree(tmp, ignore_errors=True)
        self.clear_state(fp)

    # -- in-flight state ----------------------------------------------------------
    def _current(self, fp: str) -> Path:
        return self.state / f"{fp}.current"

    def _suspects(self, fp: str) -> Path:
        return self.state / f"{fp}.suspects.json"

    def set_current(self, fp: str, positions: list[int]) -> None:
        self._current(fp).write_text(json.dumps({"positions": positions, "pid": os.getpid()}),
                                     encoding="utf-8")

    def clear_current(self, fp: str) -> None:
        self._current(fp).unlink(missing_ok=True)

    def suspects(self, fp: str) -> dict[int, dict[str, Any]]:
        """Stories that were being coded when a worker died or hung, by position.

        A leftover ``.current`` file means the last attempt died mid-chunk: each of
        its stories gets one more death."""
        try:
            raw = json.loads(self._suspects(fp).read_text(encoding="utf-8"))
            found = {int(k): v for k, v in raw.items()}
        except (OSError, ValueError):
            found = {}
        try:
            current = json.loads(self._current(fp).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return found
        for pos in current.get("positions", []):
            entry = found.setdefault(int(pos), {"deaths": 0, "hung": False})
            entry["deaths"] += 1
        self.save_suspects(fp, found)
        self.clear_current(fp)
        return found

    def save_suspects(self, fp: str, found: dict[int, dict[str, Any]]) -> None:
        path = self._suspects(fp)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({str(k): v for k, v in found.items()}), encoding="utf-8")
        os.replace(tmp, path)

    def clear_state(self, fp: str) -> None:
        self.clear_current(fp)
        self._suspects(fp).unlink(missing_ok=True)
