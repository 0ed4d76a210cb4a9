"""Cut a stream of read stories into partitions with a fingerprint of their content.

A partition is a run of consecutive inputs (stories, and the read errors between
them, so that reports keep input order). Its fingerprint hashes everything the
coded result depends on: the mode, the coder and whimbrel's version, and each
story's id, content hash, origin and metadata. A finished partition is found
again by its fingerprint when a run is restarted.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..model import Article

#: Stories per partition: enough to amortise a task (~10 s of coding on one core),
#: small enough that a lost worker costs little.
PARTITION_SIZE = 200


@dataclass
class Partition:
    """Consecutive inputs: Articles, and read errors kept as (origin, message)."""

    index: int
    items: list[Article | tuple[str, str]]
    fingerprint: str = ""
    #: Articles of this run of input that were left out (already stored, unchanged).
    unchanged: int = 0

    @property
    def stories(self) -> int:
        return sum(isinstance(it, Article) for it in self.items)


def fingerprint(items: Iterable[Article | tuple[str, str]], salt: str) -> str:
    """A hash of a partition's inputs and of what codes them (``salt``)."""
    h = hashlib.sha256(salt.encode("utf-8"))
    for it in items:
        if isinstance(it, Article):
            key = ["a", it.doc_id, it.content_hash, it.origin, it.title, it.url, it.source]
        else:
            key = ["e", *it]
        h.update(json.dumps(key, default=str).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()[:24]


def partitions(items: Iterable[Article | InputError], size: int, salt: str,
               keep: Callable[[Article], bool] | None = None) -> Iterator[Partition]:
    """Partitions of ``size`` inputs in input order.

    ``keep(article)`` (optional) says whether an article still needs coding; the
    others are counted in ``unchanged``. Boundaries are cut on the whole stream, so
    they do not move when a restarted run finds more stories already stored.
    """
    it = iter(items)
    for index in itertools.count():
        chunk = list(itertools.islice(it, max(1, size)))
        if not chunk:
            return
        part = Partition(index, [])
        for item in chunk:
            if isinstance(item, InputError):
                part.items.append((item.origin, item.message))
            elif keep is None or keep(item):
                part.items.append(item)
            else:
                part.unchanged += 1
        part.fingerprint = fingerprint(part.items, salt)
        yield part
