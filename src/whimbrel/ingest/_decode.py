"""Bytes to text without guessing wrong silently.

UTF-8 (with or without BOM) is tried first because almost every modern file is
UTF-8 and the check is exact; other byte-order marks come next; only then does
charset-normalizer guess (cp1252, latin-1, ...). Files that decode to mostly
control characters are refused as binary rather than coded as noise.
"""

from __future__ import annotations

import codecs

#: BOMs in the order they must be tested (UTF-32 LE starts with the UTF-16 LE BOM).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Below this share of printable characters a "text" is really binary data.
MIN_PRINTABLE = 0.95
_SAMPLE = 100_000


class Unreadable(Exception):
    """The bytes are not text; ``str(err)`` is the message for the InputError."""


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, codec)``; raise :class:`Unreadable` for binary.

    ``declared`` is an encoding the file itself names (an HTML meta charset); it
    is trusted before detection but after UTF-8, which is unambiguous.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise Unreadable(
                    f"looks like a binary file (has a {codec} byte-order mark but does not "
                    f"decode as {codec}: {err.reason}); skipped") from None
            return _checked(text), codec
    nul = data.find(b"\x00")
    if nul >= 0:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise Unreadable(f"looks like a binary file (NUL byte at offset {nul}); skipped")
        try:
            return _checked(data.decode(codec)), codec
        except UnicodeDecodeError:
            raise Unreadable(
                f"looks like a binary file (NUL byte at offset {nul}); skipped") from None
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            codecs.lookup(declared)
            return _checked(data.decode(declared)), declared
        except (LookupError, UnicodeDecodeError):
            pass
    return _detect(data)


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise Unreadable("looks like a binary file (no text encoding fits); skipped")
    if _cp1252_fits_as_well(best, results):
        try:
            return _checked(data.decode("cp1252")), "cp1252"
        except UnicodeDecodeError:
            pass
    return _checked(str(best)), best.encoding


def _cp1252_fits_as_well(best: object, results: object) -> bool:
    """Short texts leave the detector undecided between code pages (it picks cp1250 for
    "España"); English news in a legacy encoding is nearly always cp1252, so it wins ties."""
    if getattr(best, "encoding", None) == "cp1252":
        return False
    if "cp1252" in getattr(best, "could_be_from_charset", []):
        return True
    return any(m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01  # type: ignore[attr-defined]
               for m in results)  # type: ignore[attr-defined]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly ASCII has NULs on every other byte; binary data does not."""
    sample = data[: 8192 - 8192 % 2] if len(data) >= 2 else b""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def _checked(text: str) -> str:
    sample = text[:_SAMPLE]
    if sample:
        printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t\f\v")
        ratio = printable / len(sample)
        if ratio < MIN_PRINTABLE:
            raise Unreadable(
                f"looks like a binary file (only {ratio:.0%} printable characters); skipped")
    return text


def human_size(n: int) -> str:
    """``5000000`` -> ``"5.0 MB"`` (decimal units, as file managers show them)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"
