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
    def __init__(self, kind: str, modules: tuple[str, ...] = ()):
        self.kind = kind
        self._items: dict[str, Callable[..., Any]] = {}
        self._modules = modules  # the built-in modules that register into this registry
        self._loaded = False

    def register(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def decorate(factory: Callable[..., Any]) -> Callable[..., Any]:
            self._items[name] = factory
            return factory

        return decorate

    def get(self, name: str) -> Callable[..., Any]:
        self.load_builtins()
        try:
            return self._items[name]
        except KeyError:
            raise UnknownName(self.kind, name, list(self._items)) from None

    def names(self) -> list[str]:
        self.load_builtins()
        return list(self._items)

    def load_builtins(self) -> None:
        """Import the modules that register whimbrel's own parts of this kind (once);
        only those, so that building a pipeline does not import the store (DuckDB)."""
        if self._loaded:
            return
        self._loaded = True
        import importlib

        for module in self._modules:
            try:
                importlib.import_module(module)
            except ModuleNotFoundError as err:  # a part still being built
                if err.name != module:
                    raise


stages = Registry("pipeline stage", ("whimbrel.language", "whimbrel.actors", "whimbrel.events",
                                     "whimbrel.time", "whimbrel.place", "whimbrel.events.series",
                                     "whimbrel.occasions"))
exporters = Registry("exporter", ("whimbrel.store.exports",))
readers = Registry("reader", ("whimbrel.ingest",))


def load_builtins() -> None:
    """Import the modules that register whimbrel's own parts of every kind (once)."""
    for registry in (stages, exporters, readers):
        registry.load_builtins()
