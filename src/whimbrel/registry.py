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
            importlib.import_module(module)


def load_callable(spec: str, what: str = "coder") -> Callable[..., Any]:
    """``module:function`` or ``path/file.py:function`` -> that function.

    Used for user-supplied coders (``--coder``) in the CLI and on Dask workers.
    """
    import importlib
    import importlib.util

    from .errors import WhimbrelError

    target, _, name = spec.rpartition(":")
    if not target or not name:
        raise WhimbrelError(f"{what} {spec!r}: write MODULE:FUNCTION or FILE.py:FUNCTION")
    try:
        if target.endswith(".py"):
            mod_spec = importlib.util.spec_from_file_location("whimbrel_user_coder", target)
            module = importlib.util.module_from_spec(mod_spec)
            mod_spec.loader.exec_module(module)
        else:
            module = importlib.import_module(target)
        return getattr(module, name)
    except (ImportError, OSError, AttributeError) as err:
        raise WhimbrelError(f"{what} {spec!r} could not be loaded: {err}") from None


stages = Registry("pipeline stage", ("whimbrel.language", "whimbrel.actors", "whimbrel.events",
                                     "whimbrel.time", "whimbrel.place", "whimbrel.events.series",
                                     "whimbrel.occasions"))
exporters = Registry("exporter", ("whimbrel.store.exports",))
readers = Registry("reader", ("whimbrel.ingest",))


def load_builtins() -> None:
    """Import the modules that register whimbrel's own parts of every kind (once)."""
    for registry in (stages, exporters, readers):
        registry.load_builtins()
