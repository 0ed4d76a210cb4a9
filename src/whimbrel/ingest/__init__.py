"""Reading stories: files, folders, JSON Lines, CSV, HTML pages, RSS/Atom feeds.

    >>> from whimbrel.ingest import read_inputs
    >>> for item in read_inputs(["stories/", "feed.xml"]):
    ...     ...  # an Article, or an InputError for what could not be read

:func:`read_inputs` never raises for bad input: each unreadable file, JSONL line
or CSV row becomes one :class:`~whimbrel.errors.InputError` in the stream, in
input order, and the batch goes on. Readers are registered by name in
:data:`whimbrel.registry.readers` (text, jsonl, csv, parquet, html, feed, and gzip,
zstd and tar, which unpack and hand each file inside to its own reader); a user adds
one with ``@whimbrel.ingest.reader("name", (".ext",))``.
"""

from __future__ import annotations

from datetime import date as Date
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from ..model import Article
from ..registry import readers
from ._archives import read_gzip, read_tar, read_zstd  # registers gzip, zstd, tar
from ._boilerplate import find_boilerplate, read_header, trailing_slug
from ._dateline import Dateline, find_dateline, parse_dateline
from ._dates import parse_date
from ._readers import (
    MAX_FILE_BYTES,
    MAX_RECORD_BYTES,
    ReadOptions,
    make_article,
    read_csv,
    read_feed,
    read_html,
    read_jsonl,
    read_parquet,
    read_stdin,
    read_text,
    reader,
)

__all__ = [
    "read_inputs", "read_path", "reader_for", "known_extensions", "ReadOptions", "reader",
    "make_article", "find_boilerplate", "read_header", "trailing_slug", "find_dateline",
    "parse_dateline", "Dateline", "parse_date", "MAX_FILE_BYTES", "MAX_RECORD_BYTES",
    "read_text", "read_jsonl", "read_csv", "read_html", "read_feed", "read_parquet",
    "read_gzip", "read_zstd", "read_tar",
]

#: Markers of content type for files whose extension says nothing.
_SNIFF = ((b"<rss", "feed"), (b"<feed", "feed"), (b"<rdf:rdf", "feed"), (b"<!doctype html", "html"),
          (b"<html", "html"))


def read_inputs(paths: Iterable[str | Path], *, default_date: Date | None = None,
                max_bytes: int = MAX_FILE_BYTES,
                max_record_bytes: int = MAX_RECORD_BYTES) -> Iterator[Article | InputError]:
    """Articles from files, folders (recursive, sorted) and ``-`` (stdin), in input order.

    ``default_date`` fills in for stories that carry no publication date.
    ``max_bytes`` caps one story file (text, HTML); ``max_record_bytes`` caps
    one JSONL line or CSV row, since those files are streamed.
    """
    options = ReadOptions(default_date=default_date, max_bytes=max_bytes,
                          max_record_bytes=max_record_bytes)
    for raw in paths:
        if str(raw) == "-":
            yield from read_stdin(options)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _read_folder(path, options)
        elif path.exists():
            yield from read_path(path, options)
        else:
            yield InputError(str(path), "no such file or folder; skipped")


def read_path(path: Path, options: ReadOptions | None = None) -> Iterator[Article | InputError]:
    """Articles of one file, read by the reader its extension (or content) calls for."""
    options = options or ReadOptions()
    try:
        func = reader_for(path)
        yield from func(path, options)
    except Exception as err:  # a reader bug must not stop the batch; say which file
        yield InputError(str(path), f"could not be read ({type(err).__name__}: {err}); skipped")


def known_extensions() -> dict[str, str]:
    """File extension -> reader name, for every registered reader (later ones win)."""
    out: dict[str, str] = {}
    for name in readers.names():
        for ext in getattr(readers.get(name), "extensions", ()):
            out[ext.lower()] = name
    return out


def reader_for(path: Path):  # -> Reader
    """The reader for ``path``: by extension, else by sniffing its first bytes, else text."""
    name = known_extensions().get(path.suffix.lower())
    if name is None:
        name = _sniff(path)
    return readers.get(name)


def _sniff(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            head = fh.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    except OSError:
        return "text"
    if head.startswith(b"<?xml"):
        return "html" if b"<html" in head else "feed"
    return next((name for marker, name in _SNIFF if head.startswith(marker)), "text")


def _read_folder(folder: Path, options: ReadOptions) -> Iterator[Article | InputError]:
    extensions = known_extensions()
    files = sorted(
        (p for p in folder.rglob("*")
         if p.suffix.lower() in extensions and p.is_file()
         and not any(part.startswith(".") for part in p.relative_to(folder).parts)),
        key=lambda p: p.relative_to(folder).parts)
    if not files:
        yield InputError(str(folder), "no story files in this folder (known extensions: "
                         f"{' '.join(sorted(extensions))}); skipped")
        return
    for path in files:
        yield from read_path(path, options)
