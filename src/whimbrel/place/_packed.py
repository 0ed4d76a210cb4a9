"""The gazetteer's cache file: flat arrays read through ``mmap``, nothing unpickled in bulk.

A pickle of 200,000 entries and 420,000 names takes about half a second to load in
every process that codes a story, most of it spent creating objects the story never
looks at. This file holds the same data as columns and a hash table, so that opening
it costs a few milliseconds: an entry becomes an ``Entry`` the first time it is read,
and a name is found by hashing it into the table. The pages are shared by every
process that maps the file (forked workers, parallel runs).

Layout: an 8-byte magic, the header length, a pickled header (small tables and the
section offsets), then 8-byte aligned sections of native-order numbers and UTF-8
text. The file is a cache built on this machine, so byte order is not an issue.
"""

from __future__ import annotations

import mmap
import pickle
from array import array
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence
from zlib import crc32

MAGIC = b"WHGAZ\x00\x01\x00"
_NO_INT = -1  # geonameid None (GeoNames ids are positive)
#: Columns of an Entry stored as codes into a small table of distinct values.
_CODED = ("feature", "country", "admin1", "key", "key2")


class MappedEntries(Sequence):
    """The entries of a packed file: ``entries[i]`` builds (and keeps) the i-th Entry."""

    def __init__(self, cols: dict[str, Any], tables: dict[str, list], make: Callable[..., Any],
                 path: Path):
        self._c = cols
        self._t = tables
        self._make = make
        self._path = path
        self._n = len(cols["gid"])
        self._done: list[Any] = [None] * self._n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> Any:  # type: ignore[override]
        e = self._done[i]
        if e is None:
            e = self._done[i] = self._build(i if i >= 0 else i + self._n)
        return e

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(self._n))

    def _build(self, i: int) -> Any:
        c, t = self._c, self._t
        gid, lat, lon = c["gid"][i], c["lat"][i], c["lon"][i]
        a, b = c["name_off"][i], c["name_off"][i + 1]
        return self._make(None if gid == _NO_INT else gid, bytes(c["name"][a:b]).decode("utf-8"),
                          t["feature"][c["feature"][i]], t["country"][c["country"][i]],
                          t["admin1"][c["admin1"][i]], None if lat != lat else lat,
                          None if lon != lon else lon, c["population"][i],
                          t["key"][c["key"][i]], t["key2"][c["key2"][i]])

    def __reduce__(self) -> tuple:
        return (_reopen_entries, (str(self._path),))


class MappedIndex:
    """Normalised name -> entry ids, by open addressing over a table in the file.

    Same interface as ``gazetteer.NameIndex``; a lookup hashes the UTF-8 name with
    CRC-32 and compares it with the stored names until an empty slot.
    """

    def __init__(self, cols: dict[str, Any], mm: mmap.mmap, path: Path):
        self._table = cols["slots"]
        self._mask = len(self._table) - 1
        self._off = cols["key_off"]  # where each name's bytes start, from the blob's start
        self._base = cols["key_base"]  # the blob's position in the file
        self._val = cols["value"]  # entry id, or -1 - k for the k-th shared list
        self._many_off = cols["many_off"]
        self._many = cols["many"]
        self._mm = mm
        self._path = path

    def get(self, key: str, default: tuple[int, ...] = ()) -> tuple[int, ...]:
        k = self._find(key)
        return default if k < 0 else self._ids(k)

    def _find(self, key: str) -> int:
        b = key.encode("utf-8", "surrogatepass")
        table, off, mm, mask, base = self._table, self._off, self._mm, self._mask, self._base
        h = crc32(b) & mask
        while True:
            k = table[h]
            if k < 0 or mm[base + off[k]:base + off[k + 1]] == b:
                return k
            h = (h + 1) & mask

    def _ids(self, k: int) -> tuple[int, ...]:
        v = self._val[k]
        if v >= 0:
            return (v,)
        j = -1 - v
        return tuple(self._many[self._many_off[j]:self._many_off[j + 1]])

    def __getitem__(self, key: str) -> tuple[int, ...]:
        k = self._find(key)
        if k < 0:
            raise KeyError(key)
        return self._ids(k)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) >= 0

    def __len__(self) -> int:
        return len(self._val)

    def __iter__(self) -> Iterator[str]:
        off, mm, base = self._off, self._mm, self._base
        return (mm[base + off[k]:base + off[k + 1]].decode("utf-8", "surrogatepass")
                for k in range(len(self)))

    def items(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        return ((key, self._ids(k)) for k, key in enumerate(self))

    def __eq__(self, other: object) -> bool:
        if not hasattr(other, "items") or not hasattr(other, "get"):
            return NotImplemented
        return len(self) == len(other) and dict(self.items()) == dict(other.items())  # type: ignore

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple:
        return (_reopen_index, (str(self._path),))


# ---------------------------------------------------------------- write


def write(path: Path, entries: Sequence[Any], items: Iterable[tuple[str, tuple[int, ...]]],
          meta: dict[str, Any]) -> None:
    """Pack entries (Entry tuples), name index items and small picklable ``meta`` into
    ``path`` (written whole; the caller renames it into place)."""
    sections: list[tuple[str, str, bytes]] = []
    tables: dict[str, list] = {name: [] for name in _CODED}
    codes: dict[str, dict] = {name: {} for name in _CODED}
    cols: dict[str, array] = {name: array("i") for name in _CODED}
    gid, pop, lat, lon = array("q"), array("q"), array("d"), array("d")
    name_off, names = array("q", [0]), bytearray()
    nan = float("nan")
    for e in entries:
        gid.append(_NO_INT if e.geonameid is None else e.geonameid)
        pop.append(e.population)
        lat.append(nan if e.lat is None else e.lat)
        lon.append(nan if e.lon is None else e.lon)
        names += e.name.encode("utf-8", "surrogatepass")
        name_off.append(len(names))
        for name in _CODED:
            value = getattr(e, name)
            code = codes[name].get(value)
            if code is None:
                code = codes[name][value] = len(tables[name])
                tables[name].append(value)
            cols[name].append(code)
    sections += [("gid", "q", gid.tobytes()), ("population", "q", pop.tobytes()),
                 ("lat", "d", lat.tobytes()), ("lon", "d", lon.tobytes()),
                 ("name_off", "q", name_off.tobytes()), ("name", "B", bytes(names))]
    sections += [(name, "i", cols[name].tobytes()) for name in _CODED]
    keys, values, many_off, many = [], array("i"), array("q", [0]), array("i")
    key_off, key_blob = array("q", [0]), bytearray()
    for key, ids in items:
        b = key.encode("utf-8", "surrogatepass")
        keys.append(b)
        key_blob += b
        key_off.append(len(key_blob))
        if len(ids) == 1:
            values.append(ids[0])
        else:
            values.append(-1 - (len(many_off) - 1))
            many.extend(ids)
            many_off.append(len(many))
    sections += [("value", "i", values.tobytes()), ("many_off", "q", many_off.tobytes()),
                 ("many", "i", many.tobytes()), ("slots", "i", _hash_table(keys).tobytes()),
                 ("key_off", "q", key_off.tobytes()), ("key_blob", "B", bytes(key_blob))]
    layout, pos = {}, 0
    for name, code, data in sections:
        pos = _align(pos)
        layout[name] = (code, pos, len(data))
        pos += len(data)
    blob = pickle.dumps({"meta": meta, "tables": tables, "sections": layout},
                        protocol=pickle.HIGHEST_PROTOCOL)
    base = _align(len(MAGIC) + 8 + len(blob))
    with open(path, "wb") as f:
        f.write(MAGIC + len(blob).to_bytes(8, "little") + blob)
        for name, _, data in sections:
            f.seek(base + layout[name][1])
            f.write(data)


def _align(n: int) -> int:
    return (n + 7) & ~7


def _hash_table(keys: list[bytes]) -> array:
    size = 1
    while size < 2 * len(keys):
        size *= 2
    slots = array("i", [-1]) * size
    mask = size - 1
    for k, b in enumerate(keys):
        h = crc32(b) & mask
        while slots[h] >= 0:
            h = (h + 1) & mask
        slots[h] = k
    return slots


# ---------------------------------------------------------------- read


def read(path: Path, make_entry: Callable[..., Any]) -> tuple[MappedEntries, MappedIndex, dict]:
    """Map a packed file: (entries, name index, meta). Raises ValueError if it is not one."""
    with open(path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if mm[:len(MAGIC)] != MAGIC:
        raise ValueError(f"{path} is not a packed gazetteer")
    n = int.from_bytes(mm[len(MAGIC):len(MAGIC) + 8], "little")
    header = pickle.loads(mm[len(MAGIC) + 8:len(MAGIC) + 8 + n])
    base = _align(len(MAGIC) + 8 + n)
    view = memoryview(mm)
    cols: dict[str, Any] = {}
    for name, (code, start, size) in header["sections"].items():
        start += base
        if start + size > len(mm):
            raise ValueError(f"{path} is truncated")
        cols[name] = view[start:start + size].cast(code)
    cols["key_base"] = base + header["sections"]["key_blob"][1]
    entries = MappedEntries(cols, header["tables"], make_entry, path)
    return entries, MappedIndex(cols, mm, path), header["meta"]


def _reopen_entries(path: str) -> MappedEntries:
    from .gazetteer import Entry

    return read(Path(path), Entry)[0]


def _reopen_index(path: str) -> MappedIndex:
    from .gazetteer import Entry

    return read(Path(path), Entry)[1]
