"""Actors: countries, organisations, armed groups, sectors, persons, plural references.

Public surface:

* :class:`ActorTagger` -- the ``actors`` pipeline stage (fills ``sentence.actors``
  and ``doc.countries``);
* :func:`actors_for_token` -- the actor(s) a noun phrase denotes, given its head
  token: what the events coder calls for sources and targets;
* :func:`actors_in_span` -- mentions of a sentence inside a character span.

Data loads on first use (see :mod:`whimbrel.actors.lexicon`), never at import.
"""

from __future__ import annotations

from typing import Any

from ..registry import stages

__all__ = ["ActorTagger", "actors_for_token", "actors_in_span", "make_actors"]


def __getattr__(name: str) -> Any:
    if name == "ActorTagger":
        from .tagger import ActorTagger

        return ActorTagger
    if name in ("actors_for_token", "actors_in_span"):
        from . import resolve

        return getattr(resolve, name)
    raise AttributeError(f"module 'whimbrel.actors' has no attribute {name!r}")


@stages.register("actors")
def make_actors(**options: Any) -> Any:
    """Factory for the ``actors`` stage (options: ``lexicon``)."""
    from .tagger import ActorTagger

    return ActorTagger(**options)
