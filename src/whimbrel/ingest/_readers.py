"""The built-in readers: text, jsonl (also .json), csv (also .tsv), parquet, html, feed.
(Compressed files and tar archives: ``_archives.py``.)

A reader is a callable ``reader(path: Path, options: ReadOptions) ->
Iterator[Article | InputError]`` with an ``extensions`` attribute; it is
registered in :data:`whimbrel.registry.readers` under its name. It never
raises for bad input: each unreadable file, line or row is one InputError, and
the other records still come through.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import InputError
from ..model import Article
from ..registry import readers
from ._boilerplate import find_boilerplate, read_header
from ._dates import parse_date
from ._decode import Unreadable, decode, human_size

#: Largest story file read whole (text, HTML): bigger files are refused.
MAX_FILE_BYTES = 5_000_000
#: Largest record (a JSONL line, a CSV row) in streamed files.
MAX_RECORD_BYTES = 1_000_000
#: Files holding many stories but read whole (.json lists, feeds) may be this much larger.
CONTAINER_FACTOR = 20

TEXT_FIELDS = ("text", "body", "content", "article", "story")
ID_FIELDS = ("id", "doc_id", "docid", "guid", "uid")
DATE_FIELDS = ("date", "published", "publication_date", "pub_date", "publish_date",
               "published_at", "datetime")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link")
SOURCE_FIELDS = ("source", "outlet", "publisher", "agency")

Item = Article | InputError
Reader = Callable[[Path, "ReadOptions"], Iterator[Item]]


@dataclass(frozen=True)
class ReadOptions:
    default_date: Date | None = None
    max_bytes: int = MAX_FILE_BYTES
    max_record_bytes: int = MAX_RECORD_BYTES


class _Skip(Exception):
    """One record cannot be used; the message goes into its InputError."""


def make_article(doc_id: str, text: str, origin: str, options: ReadOptions, *,
                 date: Date | None = None, title: str | None = None, url: str | None = None,
                 source: str | None = None) -> Article:
    """An Article with its leading date line parsed and boilerplate marked.

    A date given by the record wins over one in the text; the default date
    applies only when neither has one.
    """
    header = read_header(text)
    fields = header.fields
    return Article(
        doc_id=doc_id, text=text, origin=origin,
        date=date or header.date or options.default_date,
        title=title or fields.get("title"), url=url or fields.get("url"),
        source=source or fields.get("source"),
        boilerplate=find_boilerplate(text, header))


def reader(name: str, extensions: tuple[str, ...]) -> Callable[[Reader], Reader]:
    """Register a reader under ``name`` for files with these extensions."""
    def decorate(func: Reader) -> Reader:
        func.extensions = extensions  # type: ignore[attr-defined]
        return readers.register(name)(func)
    return decorate


# -- whole-file readers ---------------------------------------------------------------

def read_bytes(path: Path, limit: int, what: str = "one story file") -> bytes:
    """The file's bytes, or _Skip with a message naming the size and the option to raise."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise _Skip(f"file is {human_size(size)}, over the {human_size(limit)} limit for "
                        f"{what}; raise it with --max-bytes (max_bytes= in Python); skipped")
        with path.open("rb") as fh:
            return fh.read(limit + 1)
    except OSError as err:
        raise _Skip(f"cannot read ({err.strerror or err}); skipped") from None


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Text of a whole file; _Skip for empty, whitespace-only or binary data."""
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise _Skip("empty file; skipped")
    try:
        text, _codec = decode(data, declared)
    except Unreadable as err:
        raise _Skip(str(err)) from None
    if not text.strip():
        raise _Skip("empty file; skipped")
    return text


@reader("text", (".txt", ".text", ".md"))
def read_text(path: Path, options: ReadOptions) -> Iterator[Item]:
    """One story per file; doc_id is the file name without extension."""
    try:
        text = decode_text(read_bytes(path, options.max_bytes))
    except _Skip as err:
        yield InputError(str(path), str(err))
        return
    yield make_article(path.stem, text, str(path), options)


def read_stdin(options: ReadOptions) -> Iterator[Item]:
    """Standard input as one plain-text story with doc_id "stdin"."""
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    try:
        if len(data) > options.max_bytes:
            raise _Skip(f"standard input is over the {human_size(options.max_bytes)} limit for "
                        "one story; raise it with --max-bytes; skipped")
        text = decode_text(data)
    except _Skip as err:
        yield InputError("-", str(err))
        return
    yield make_article("stdin", text, "-", options)


@reader("html", (".html", ".htm", ".xhtml"))
def read_html(path: Path, options: ReadOptions) -> Iterator[Item]:
    """A saved news page: main text, title, publication date and canonical URL."""
    from ._html import declared_charset, extract

    try:
        data = read_bytes(path, options.max_bytes)
        page = extract(decode_text(data, declared_charset(data)))
        if not page.text.strip():
            raise _Skip("no story text found in the page (no paragraphs outside menus and "
                        "scripts); skipped")
        date = _record_date(page.date, lenient=True)
    except _Skip as err:
        yield InputError(str(path), str(err))
        return
    except (ValueError, RecursionError) as err:  # lxml refuses some documents
        yield InputError(str(path), f"not a readable HTML page ({err}); skipped")
        return
    yield make_article(path.stem, page.text, str(path), options, date=date, title=page.title,
                       url=page.url, source=page.source)


@reader("feed", (".rss", ".atom", ".xml"))
def read_feed(path: Path, options: ReadOptions) -> Iterator[Item]:
    """An RSS or Atom file: one Article per item, text = title + description/content."""
    from ._feed import read_feed_items

    try:
        data = read_bytes(path, options.max_bytes * CONTAINER_FACTOR, "one feed file")
        if not data.strip():
            raise _Skip("empty file; skipped")
    except _Skip as err:
        yield InputError(str(path), str(err))
        return
    yield from read_feed_items(data, path, options)


# -- record readers --------------------------------------------------------------------

def _pick(record: dict[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    lowered = {str(k).lower(): k for k in record}
    for name in names:
        if name in lowered:
            key = lowered[name]
            return str(key), record[key]
    return None, None


def _record_date(value: Any, lenient: bool = False) -> Date | None:
    try:
        return parse_date(value)
    except ValueError:
        if lenient:
            return None
        raise _Skip(f"unparseable date {value!r} (use YYYY-MM-DD, or leave the field empty)"
                    ) from None


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def record_article(record: Any, fallback_id: str, origin: str, options: ReadOptions) -> Article:
    """An Article from one JSON object or CSV row; raises _Skip saying what is wrong."""
    if not isinstance(record, dict):
        raise _Skip(f"expected a JSON object, got {type(record).__name__}")
    key, text = _pick(record, TEXT_FIELDS)
    if key is None:
        raise _Skip(f"no text field (expected one of: {', '.join(TEXT_FIELDS)})")
    if not isinstance(text, str):
        raise _Skip(f"field {key!r} is {type(text).__name__}, not a string")
    if not text.strip():
        raise _Skip(f"field {key!r} is empty")
    size = len(text.encode("utf-8"))
    if size > options.max_record_bytes:
        raise _Skip(f"text is {human_size(size)}, over the {human_size(options.max_record_bytes)} "
                    "limit for one record; raise it with --max-bytes (max_record_bytes= in Python)")
    _, doc_id = _pick(record, ID_FIELDS)
    doc_id = _optional_str(doc_id) or fallback_id
    return make_article(
        doc_id, text, origin, options,
        date=_record_date(_pick(record, DATE_FIELDS)[1]),
        title=_optional_str(_pick(record, TITLE_FIELDS)[1]),
        url=_optional_str(_pick(record, URL_FIELDS)[1]),
        source=_optional_str(_pick(record, SOURCE_FIELDS)[1]))


@reader("jsonl", (".jsonl", ".ndjson", ".json"))
def read_jsonl(path: Path, options: ReadOptions) -> Iterator[Item]:
    """JSON Lines, streamed line by line; a ``.json`` file may also hold a list or one object."""
    if path.suffix.lower() == ".json":
        whole = _read_json_document(path, options)
        if whole is not None:
            yield from whole
            return
    yield from _read_json_lines(path, options)


def _read_json_document(path: Path, options: ReadOptions) -> list[Item] | None:
    """Items of a .json file holding one JSON value; None if it is really JSON Lines."""
    try:
        text = decode_text(read_bytes(path, options.max_bytes * CONTAINER_FACTOR, "one .json file"))
    except _Skip as err:
        return [InputError(str(path), str(err))]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            return None  # several values: JSON Lines with a .json name
        return [InputError(f"{path}:{err.lineno}", f"not valid JSON ({err.msg}); skipped")]
    except RecursionError:
        if "\n{" in text.strip():
            return None  # JSON Lines with a .json name, one line nested too deeply
        return [InputError(str(path), "JSON nested too deeply to read (thousands of levels of "
                           "[ or {); skipped")]
    records = data if isinstance(data, list) else [data]
    out: list[Item] = []
    for i, record in enumerate(records, start=1):
        origin = f"{path}:item {i}" if isinstance(data, list) else str(path)
        try:
            out.append(record_article(record, f"{path.stem}-{i}", origin, options))
        except _Skip as err:
            out.append(InputError(origin, f"{err}; skipped"))
    return out


def _read_json_lines(path: Path, options: ReadOptions) -> Iterator[Item]:
    limit = options.max_record_bytes * 2 + 4096  # JSON escapes make a line longer than its text
    try:
        fh = path.open("rb")
        head = fh.read(8192)
        fh.seek(0)
    except OSError as err:
        yield InputError(str(path), f"cannot read ({err.strerror or err}); skipped")
        return
    with fh:
        if b"\x00" in head:  # UTF-16/32 (lines are not split on a 0x0A byte) or binary
            lines = _wide_lines(path, options)
        else:
            lines = _lines(fh, limit)
        yield from _json_records(path, lines, limit, options)


def _wide_lines(path: Path, options: ReadOptions) -> Iterator[tuple[int, bytes | None]]:
    """Lines of a UTF-16/32 JSONL file, re-encoded as UTF-8; _Skip if it is binary."""
    text = decode_text(read_bytes(path, options.max_bytes * CONTAINER_FACTOR, "one UTF-16 file"))
    # not splitlines(): a JSON string may hold U+2028, which splitlines() breaks on
    for lineno, line in enumerate(text.split("\n"), start=1):
        yield lineno, line.encode("utf-8")


def _json_records(path: Path, lines: Iterator[tuple[int, bytes | None]], limit: int,
                  options: ReadOptions) -> Iterator[Item]:
    seen = False
    try:
        for lineno, raw in lines:
            if raw is None:
                yield InputError(f"{path}:{lineno}", f"line {lineno}: longer than "
                                 f"{human_size(limit)}; raise the limit with --max-bytes; skipped")
                seen = True
                continue
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            seen = True
            origin = f"{path}:{lineno}"
            try:
                yield record_article(_parse_line(raw), f"{path.stem}-{lineno}", origin, options)
            except _Skip as err:
                yield InputError(origin, f"line {lineno}: {err}; skipped")
    except _Skip as err:  # the whole file
        yield InputError(str(path), str(err))
        return
    if not seen:
        yield InputError(str(path), "empty file; skipped")


def _lines(fh: io.BufferedReader, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines; an over-long line is consumed and yielded as None."""
    lineno = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
        else:
            yield lineno, line


def _parse_line(raw: bytes) -> Any:
    try:
        text = raw.rstrip(b"\r\n").decode("utf-8")
    except UnicodeDecodeError:
        try:
            text, _ = decode(raw.rstrip(b"\r\n"))
        except Unreadable as err:
            raise _Skip(str(err).removesuffix("; skipped")) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        reason = err.msg.removesuffix(" at")
        raise _Skip(f"not valid JSON ({reason} at column {err.colno})") from None
    except RecursionError:  # Python's parser recurses per nesting level: this line only
        raise _Skip("JSON nested too deeply to read (thousands of levels of [ or {); a story "
                    "record is one flat object") from None


@reader("csv", (".csv", ".tsv"))
def read_csv(path: Path, options: ReadOptions) -> Iterator[Item]:
    """CSV/TSV with a header row naming the same fields as JSON Lines; rows streamed."""
    try:
        encoding, sample = _csv_encoding(path)
    except _Skip as err:
        yield InputError(str(path), str(err))
        return
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(sample)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with path.open("r", encoding=encoding, newline="") as fh:
            yield from _csv_rows(path, fh, delimiter, options)
    except UnicodeDecodeError as err:
        yield InputError(str(path), f"not {encoding} text after the first rows ({err.reason}); "
                         "re-save the file as UTF-8; rest of file skipped")
    except OSError as err:
        yield InputError(str(path), f"cannot read ({err.strerror or err}); skipped")


def _csv_encoding(path: Path) -> tuple[str, str]:
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError as err:
        raise _Skip(f"cannot read ({err.strerror or err}); skipped") from None
    if not head.strip():
        raise _Skip("empty file; skipped")
    cut = head if len(head) < 65536 else head[:-4]  # do not split a multi-byte character
    try:
        cut.decode("utf-8")
        return "utf-8-sig", cut.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text, codec = decode(cut)
    except Unreadable as err:
        raise _Skip(str(err)) from None
    return ("utf-16" if codec.startswith("utf-16") and head[:2] in (b"\xff\xfe", b"\xfe\xff")
            else codec), text


def _sniff_delimiter(sample: str) -> str:
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _csv_rows(path: Path, fh: io.TextIOBase, delimiter: str,
              options: ReadOptions) -> Iterator[Item]:
    lines = _CsvLines(fh, options.max_record_bytes * 2 + 4096)
    try:
        header = _csv_record(lines, delimiter)
    except StopIteration:
        yield InputError(str(path), "empty file; skipped")
        return
    except _BadRecord as err:
        yield InputError(f"{path}:1", f"unreadable header row ({err}); skipped")
        return
    header = [h.strip() for h in header]
    if _pick(dict.fromkeys(header), TEXT_FIELDS)[0] is None:
        yield InputError(str(path), f"no text column in the header (expected one of: "
                         f"{', '.join(TEXT_FIELDS)}; found: {', '.join(header)}); skipped")
        return
    row_no = 0
    while True:
        try:
            row = _csv_record(lines, delimiter, width=len(header))
        except StopIteration:
            return
        except _BadRecord as err:
            row_no += 1
            yield InputError(f"{path}:{lines.first}", f"row {row_no}: unreadable ({err}); "
                             "skipped, reading resumes on the next line")
            continue
        if not any(cell.strip() for cell in row):
            continue
        row_no += 1
        origin = f"{path}:{lines.first}"
        try:
            if len(row) != len(header):
                raise _Skip(f"has {len(row)} fields, the header has {len(header)}")
            yield record_article(dict(zip(header, row)), f"{path.stem}-{row_no}", origin, options)
        except _Skip as err:
            yield InputError(origin, f"row {row_no}: {err}; skipped")


class _BadRecord(Exception):
    """A CSV record that cannot be parsed (its lines after the first are read again)."""


class _CsvLines:
    """Physical lines for :mod:`csv`, remembering those of the record being read, so that
    a broken record (an unterminated quote swallows every row after it) costs one line:
    its other lines are pushed back and parsed again."""

    def __init__(self, fh: io.TextIOBase, limit: int):
        self.fh, self.limit = fh, limit
        self.lineno = 0
        self.pending: list[tuple[int, str]] = []  # pushed back, next one last
        self.taken: list[tuple[int, str]] = []
        self.size = 0

    def start(self) -> None:
        self.taken, self.size = [], 0

    @property
    def first(self) -> int:
        return self.taken[0][0] if self.taken else self.lineno + 1

    def __iter__(self) -> "_CsvLines":
        return self

    def __next__(self) -> str:
        if self.pending:
            item = self.pending.pop()
        else:
            line = self.fh.readline()
            if not line:
                raise StopIteration
            self.lineno += 1
            item = (self.lineno, line)
        self.taken.append(item)
        self.size += len(item[1])
        if self.size > self.limit:
            raise _BadRecord(f"a record over {human_size(self.limit)}, probably an unterminated "
                             "quote")
        return item[1]

    def push_back_rest(self) -> None:
        """Read the current record's lines after its first one again."""
        self.pending.extend(reversed(self.taken[1:]))
        del self.taken[1:]


def _csv_record(lines: _CsvLines, delimiter: str, width: int | None = None) -> list[str]:
    """The next CSV record, parsed strictly; one that spans several lines and is broken
    (or has the wrong number of fields) raises _BadRecord after its lines but the first are
    pushed back. A broken one-line record is read leniently, as csv does by default."""
    lines.start()
    try:
        row = next(csv.reader(lines, delimiter=delimiter, strict=True))
    except StopIteration:
        if not lines.taken:
            raise
        err: Exception = csv.Error("unexpected end of data")
    except (csv.Error, _BadRecord) as exc:
        err = exc
    else:
        if width is None or len(row) == width or len(lines.taken) == 1:
            return row
        err = csv.Error(f"has {len(row)} fields over {len(lines.taken)} lines, the header has "
                        f"{width}; probably an unterminated quote")
    if len(lines.taken) == 1 and not isinstance(err, _BadRecord):
        return next(csv.reader([lines.taken[0][1]], delimiter=delimiter))
    lines.push_back_rest()
    raise _BadRecord(str(err)) from None


@reader("parquet", (".parquet", ".pq"))
def read_parquet(path: Path, options: ReadOptions) -> Iterator[Item]:
    """A Parquet table with the same columns as JSON Lines; read one row group at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as err:
        yield InputError(str(path), f"not a readable Parquet file ({err}); skipped")
        return
    names = table.schema_arrow.names
    if _pick(dict.fromkeys(names), TEXT_FIELDS)[0] is None:
        yield InputError(str(path), f"no text column (expected one of: {', '.join(TEXT_FIELDS)}; "
                         f"found: {', '.join(names)}); skipped")
        return
    row = 0
    try:
        for batch in table.iter_batches(batch_size=256):
            for record in batch.to_pylist():
                row += 1
                origin = f"{path}:row {row}"
                try:
                    yield record_article(record, f"{path.stem}-{row}", origin, options)
                except _Skip as err:
                    yield InputError(origin, f"{err}; skipped")
    except (OSError, pa.ArrowException) as err:
        yield InputError(f"{path}:row {row + 1}", f"unreadable from here ({err}); rest of the "
                         "file skipped")
