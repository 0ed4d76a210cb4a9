"""The worker plugin (imported only where Dask is installed)."""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from ._worker import load_coder


class WarmUp(WorkerPlugin):
    """Load the coder (model, lexicons, gazetteer) once when a worker starts or restarts,
    so that partitions only code."""

    name = "whimbrel-warm-up"

    def __init__(self, coder: str | None = None):
        self.coder = coder

    def setup(self, worker: Any) -> None:
        load_coder(self.coder)
