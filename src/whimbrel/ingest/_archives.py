"""Compressed files (.gz, .zst) and tar archives (.tar, .tgz, .tar.gz, .tar.zst).

Each file inside is unpacked to a private temporary folder under its own name and
read by the reader that name calls for, so ``stories.jsonl.gz`` reads as JSON Lines
with the same doc ids as ``stories.jsonl``. Origins name the outer file:
``stories.jsonl.gz:12``, ``corpus.tar/2021/story.txt``.
"""

from __future__ import annotations

import dataclasses
import gzip
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from typing import IO, Callable, Iterator

from ..errors import InputError
from ._decode import human_size
from ._readers import Item, ReadOptions, reader

#: An unpacked file may be this many times --max-bytes (a guard against compression bombs).
UNPACK_FACTOR = 200


class _TooBig(Exception):
    pass


def _copy(src: IO[bytes], dest: Path, limit: int) -> None:
    written = 0
    with dest.open("wb") as out:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > limit:
                raise _TooBig(f"unpacks to more than {human_size(limit)}; raise --max-bytes")
            out.write(chunk)


def _relabel(items: Iterator[Item], inner: Path, outer: str) -> Iterator[Item]:
    """Items read from the unpacked file, their origins naming the packed one."""
    old = str(inner)
    for item in items:
        origin = item.origin or ""
        new = outer + origin[len(old):] if origin.startswith(old) else origin or outer
        if isinstance(item, InputError):
            yield InputError(new, item.message)
        else:
            yield dataclasses.replace(item, origin=new)


def _read_unpacked(path: Path, options: ReadOptions, opener: Callable[[Path], IO[bytes]],
                   what: str, inner_name: str | None = None) -> Iterator[Item]:
    from . import read_path  # the dispatcher: the inner name picks the reader

    inner_name = inner_name or path.stem or "story"
    with tempfile.TemporaryDirectory(prefix="whimbrel-unpack-") as tmp:
        inner = Path(tmp) / inner_name
        try:
            with opener(path) as src:
                _copy(src, inner, options.max_bytes * UNPACK_FACTOR)
        except _TooBig as err:
            yield InputError(str(path), f"{err}; skipped")
            return
        except Exception as err:  # gzip: OSError/EOFError; zstandard: its own ZstdError
            yield InputError(str(path), f"not a readable {what} file ({err}); skipped")
            return
        yield from _relabel(read_path(inner, options), inner, str(path))


def _open_zstd(path: Path) -> IO[bytes]:
    import zstandard

    fh = path.open("rb")
    return zstandard.ZstdDecompressor().stream_reader(fh, closefd=True)


@reader("gzip", (".gz",))
def read_gzip(path: Path, options: ReadOptions) -> Iterator[Item]:
    """A gzip-compressed file of any readable kind (``.jsonl.gz``, ``.tar.gz``, ...)."""
    yield from _read_unpacked(path, options, lambda p: gzip.open(p, "rb"), "gzip")


@reader("zstd", (".zst", ".zstd"))
def read_zstd(path: Path, options: ReadOptions) -> Iterator[Item]:
    """A Zstandard-compressed file of any readable kind."""
    yield from _read_unpacked(path, options, _open_zstd, "zstd")


@reader("tar", (".tar", ".tgz"))
def read_tar(path: Path, options: ReadOptions) -> Iterator[Item]:
    """Every story file in a tar archive, in archive order (hidden files left out)."""
    from . import known_extensions, read_path

    if path.suffix.lower() == ".tgz":
        yield from _read_unpacked(path, options, lambda p: gzip.open(p, "rb"), "gzip",
                                  inner_name=f"{path.stem}.tar")
        return
    extensions = known_extensions()
    found = False
    try:
        archive = tarfile.open(path, "r:*")
    except (OSError, tarfile.TarError, EOFError) as err:
        yield InputError(str(path), f"not a readable tar archive ({err}); skipped")
        return
    with archive, tempfile.TemporaryDirectory(prefix="whimbrel-tar-") as tmp:
        try:
            for member in archive:
                name = PurePosixPath(member.name)
                if (not member.isfile() or name.suffix.lower() not in extensions
                        or any(part.startswith(".") for part in name.parts)):
                    continue
                found = True
                inner = Path(tmp) / name.name
                outer = f"{path}/{member.name}"
                src = archive.extractfile(member)
                try:
                    _copy(src, inner, options.max_bytes * UNPACK_FACTOR)
                except _TooBig as err:
                    yield InputError(outer, f"{err}; skipped")
                    continue
                yield from _relabel(read_path(inner, options), inner, outer)
                inner.unlink(missing_ok=True)
        except (OSError, tarfile.TarError, EOFError) as err:
            yield InputError(str(path), f"archive broken part-way ({err}); rest skipped")
            return
    if not found:
        yield InputError(str(path), "no story files in this archive; skipped")
