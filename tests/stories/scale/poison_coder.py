"""A coder with poison stories, for the Dask fault tests: a story holding
POISON-HANG spins forever in Python, one holding POISON-CRASH kills its process (as
a segfault in a native library would); every other story is coded with no events."""

from __future__ import annotations

import os

from whimbrel.model import Article, Document


def code(article: Article) -> Document:
    if "POISON-HANG" in article.text:
        while True:
            pass
    if "POISON-CRASH" in article.text:
        os._exit(3)
    return Document(article=article)
