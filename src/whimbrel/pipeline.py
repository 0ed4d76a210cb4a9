"""The pipeline: named stages applied in order to one Document.

    language -> actors -> events -> time -> place -> series -> occasions -> merge

Each stage is built from the stage registry by name, so any of them can be
replaced (``Pipeline(stages=[..., "my_place"])``) or given options
(``Pipeline(options={"language": {"parse_all": True}})``).
"""

from __future__ import annotations

from typing import Any, Callable

from . import __version__
from .model import Article, Document
from .registry import stages as stage_registry

DEFAULT_STAGES = ("language", "actors", "events", "time", "place", "series", "occasions", "merge")


class Pipeline:
    def __init__(self, stages: tuple[str, ...] | list[str] = DEFAULT_STAGES, *,
                 options: dict[str, dict[str, Any]] | None = None):
        options = options or {}
        self.stage_names = list(stages)
        self.stages: list[Callable[[Document], Document]] = [
            stage_registry.get(name)(**options.get(name, {})) for name in self.stage_names
        ]

    def __call__(self, article: Article) -> Document:
        return self.run_from(Document(article=article), 0)

    def run_from(self, doc: Document, start: int) -> Document:
        """Run the stages from index ``start`` on; the batched API runs the language
        stage over many articles at once and the rest per document."""
        for stage in self.stages[start:]:
            doc = stage(doc)
        for event in doc.events:
            event.coder_version = __version__
        return doc

    def stage(self, name: str) -> Callable[[Document], Document]:
        return self.stages[self.stage_names.index(name)]
