"""Registries for swappable parts: pipeline stages, exporters, readers.

A part registers a factory under a name; the pipeline builds parts by name, so a
user can swap one (``Pipeline(stages=["language", "actors", "my_events"])``).
Registration happens when the module defining the part is imported by
:func:`load_builtins`, never as a side effect of importing whimbrel itself.
"""

from __future__ import annotations

from typing import Any, Callable

from .errors import UnknownName


class Registry:
    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, Callable[..., Any]] = {}

    def register(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def decorate(factory: Callable[..., Any]) -> Callable[..., Any]:
            self._items[name] = factory
            return factory

        return decorate

    def get(self, name: str) -> Callable[..., Any]:
        load_builtins()
        try:
            return self._items[name]
        except KeyError:
            raise UnknownName(self.kind, name, list(self._items)) from None

    def names(self) -> list[str]:
        load_builtins()
        return list(self._items)


stages = Registry("pipeline stage")
exporters = Registry("exporter")
readers = Registry("reader")

_loaded = False


def load_builtins() -> None:
    """Import the modules that register whimbrel's own parts (once)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for module in (
        "whimbrel.language",
        "whimbrel.actors",
        "whimbrel.events",
        "whimbrel.time",
        "whimbrel.place",
        "whimbrel.events.series",
        "whimbrel.occasions",
        "whimbrel.ingest",
        "whimbrel.store.exports",
    ):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as err:  # a part still being built
            if err.name != module:
                raise
