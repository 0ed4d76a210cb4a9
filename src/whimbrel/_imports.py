"""Importing spaCy for a short-lived command: without its own command line.

``import spacy`` runs ``from .cli.info import info`` only to offer ``spacy.info()``,
and ``spacy/cli/info.py`` pulls in spaCy's whole command line (typer, weasel,
requests, httpx, jinja2...): about 0.15 s of a ``whimbrel code`` start-up, for a
function whimbrel never calls. :func:`import_spacy` imports spaCy with that one
module stood in for; ``spacy.info`` and ``spacy.cli`` still work, loading the real
modules when first used. Used by the command line only (a process of our own).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_INFO = "spacy.cli.info"


def quick_start() -> None:
    """For a command of our own process, before anything imports numpy or spaCy: one
    BLAS thread per process (set before numpy starts its pool, not after) and spaCy
    without its command line."""
    from .api import _limit_threads

    _limit_threads()
    import_spacy()


def import_spacy() -> Any:
    """``import spacy`` without importing ``spacy.cli`` (once per process).

    Does nothing special when spaCy is already imported or ``spacy.cli.info`` is
    already in ``sys.modules``.
    """
    if "spacy" in sys.modules or _INFO in sys.modules:
        return importlib.import_module("spacy")
    stand_in = types.ModuleType(_INFO, "stands in for spacy.cli.info while spaCy is imported")
    stand_in.info = _info  # type: ignore[attr-defined]
    sys.modules[_INFO] = stand_in
    try:
        import spacy
    finally:
        if sys.modules.get(_INFO) is stand_in:
            del sys.modules[_INFO]
    if "cli" not in vars(spacy) and "__getattr__" not in vars(spacy):
        spacy.__getattr__ = _spacy_getattr  # type: ignore[attr-defined]
    return spacy


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, importing spaCy's command line on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _spacy_getattr(name: str) -> Any:
    """``spacy.cli`` on first access (PEP 562), as a plain ``import spacy`` would have it."""
    if name == "cli":
        return importlib.import_module("spacy.cli")
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


#: The tokenizer factory spaCy's English packages name in their config.
_SHIPPED_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}
_EMPTY_TOKENIZER = "whimbrel.EmptyTokenizer.v1"


def load_package(module: Any) -> Any:
    """``module.load()`` for a spaCy model package, without two costs of spaCy's loader
    that buy nothing when the whole pipeline is read from disk (~0.1 s of 0.35 s):

    - the tokenizer is first built from the language defaults (2,700 special cases,
      prefix/suffix/infix rules), then ``from_disk`` resets it and reads them all
      from the package: here the first one is an empty tokenizer;
    - each of the 128 msgpack blobs of weights asks the registry of msgpack decoders
      for all its entries (a copy of the whole registry and a scan of every installed
      package's entry points): here the answer is kept while nothing new registers.

    The pipeline is the same (``tests/test_imports.py`` compares the tokenizer and
    the weights with ``module.load()``); ``nlp.config`` names the shipped tokenizer.
    """
    import spacy
    from srsly.msgpack import msgpack_decoders

    config_file = next(iter(sorted(_package_dir(module).glob("*/config.cfg"))), None)
    # only a package that ships its tokenizer and builds it with spaCy's own factory
    stock = config_file is not None and (config_file.parent / "tokenizer").is_file() and \
        '"@tokenizers":"spacy.Tokenizer.v1"' in config_file.read_text(encoding="utf-8").replace(" ", "")
    overrides: dict[str, Any] = {}
    if stock:
        if _EMPTY_TOKENIZER not in spacy.registry.tokenizers:
            spacy.registry.tokenizers.register(_EMPTY_TOKENIZER, func=_empty_tokenizer)
        overrides["config"] = {"nlp": {"tokenizer": {"@tokenizers": _EMPTY_TOKENIZER}}}
    msgpack_decoders.get_all = _memo_get_all(msgpack_decoders)  # type: ignore[method-assign]
    try:
        nlp = module.load(**overrides)
    finally:
        del msgpack_decoders.get_all  # the class's own method again
    if stock:
        config = nlp.config
        config["nlp"]["tokenizer"] = dict(_SHIPPED_TOKENIZER)
        nlp.config = config
    return nlp


def _package_dir(module: Any) -> Any:
    from pathlib import Path

    return Path(module.__file__).parent


def _empty_tokenizer() -> Any:
    """A tokenizer factory with no rules: ``from_disk`` reads them all."""
    from spacy.tokenizer import Tokenizer

    def make(nlp: Any) -> Any:
        return Tokenizer(nlp.vocab)
    return make


def _memo_get_all(registry: Any) -> Any:
    """``registry.get_all`` answered again while catalogue's registry has not grown."""
    import catalogue

    get_all = type(registry).get_all
    memo: dict[int, Any] = {}

    def cached_get_all() -> Any:
        size = len(catalogue.REGISTRY)
        if size not in memo:
            memo.clear()
            memo[size] = get_all(registry)
        return memo[size]
    return cached_get_all
