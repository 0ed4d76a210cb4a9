"""whimbrel: news stories in, coded political events out.

    >>> import whimbrel
    >>> events = whimbrel.code_text("Pakistan and Russia held talks on Wednesday.",
    ...                             date="2021-09-29")

Public API: :func:`code_text`, :func:`code_article`, :func:`code_many`,
:class:`Pipeline`, the data model in :mod:`whimbrel.model` and the error tree
in :mod:`whimbrel.errors`.
"""

__version__ = "0.1.0"

from .api import code_article, code_many, code_text, get_pipeline  # noqa: E402
from .errors import InputError, WhimbrelError  # noqa: E402
from .model import ActorMention, Article, Document, Event, Location  # noqa: E402
from .pipeline import Pipeline  # noqa: E402

__all__ = [
    "__version__",
    "code_text",
    "code_article",
    "code_many",
    "get_pipeline",
    "Pipeline",
    "Article",
    "Document",
    "Event",
    "ActorMention",
    "Location",
    "WhimbrelError",
    "InputError",
]
