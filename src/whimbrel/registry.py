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
