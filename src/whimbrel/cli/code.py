"""`whimbrel code`: stories in, one coded event per line out.

Exit status: 0 when every input was read and coded, 2 when some input was
skipped (each one is named on stderr), 1 for a usage or library error.
Heavy modules (spaCy, lxml, feedparser) are imported inside the command so
that ``whimbrel --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date as Date
from functools import partial
from pathlib import Path
from typing import IO, Any, Callable, Iterable, NamedTuple

import click

from .scale import dask_options

#: Exit statuses; 2 is also click's usage-error code, so usage errors are mapped to 1 here.
EXIT_OK, EXIT_ERROR, EXIT_SKIPPED = 0, 1, 2
FORMATS = ("jsonl", "csv", "table")
_EXTENSION_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
                      ".tsv": "csv"}
#: Below this many input bytes one process codes faster than starting workers.
_SMALL_BATCH_BYTES = 200_000
NO_DATE_HINT = ("no publication date: relative dates left unresolved; pass --date or add a "
                "'date YYYY-MM-DD' first line")

CSV_COLUMNS = (
    "event_id", "doc_id", "sentence_index", "event_type", "mode", "context", "cameo", "cameo_name",
    "goldstein", "quad_class", "source", "source_text", "target", "target_text", "date",
    "date_precision", "date_text", "date_start", "date_end", "status", "status_cue",
    "location_name", "location_country", "location_admin1", "location_lat", "location_lon",
    "location_geonameid", "series_name", "series_acronym", "series_round", "trigger_text",
    "trigger_start", "trigger_end", "sentence_text", "confidence", "coder_version",
    "coder_evidence", "source_json", "target_json")
TABLE_COLUMNS = (("doc", 18), ("sent", 4), ("type", 11), ("cameo", 5), ("source", 16),
                 ("target", 16), ("date", 10), ("status", 12), ("place", 16), ("trigger", 24))


class _Command(click.Command):
    """A click command whose usage errors exit 1, keeping 2 for "inputs were skipped"."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as err:
            err.exit_code = EXIT_ERROR
            raise


def register(main: click.Group) -> None:
    main.add_command(code)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> Date | None:
    if value is None:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


@click.command(cls=_Command)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", metavar="OUT", help="Write events here (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Output format [default: from OUT's extension (.jsonl/.json, .csv/.tsv); "
                   "else a table on a terminal, JSON Lines otherwise].")
@click.option("--date", "default_date", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Publication date for stories that carry none.")
@click.option("-p", "--processes", type=click.IntRange(min=1), metavar="N",
              help="Worker processes [default: 1 for small batches, else up to 4 by CPU count].")
@click.option("--max-bytes", type=click.IntRange(min=1), metavar="N",
              help="Largest story to read, in bytes: one story file, or one JSONL line/CSV row "
                   "[default: 5000000 per file, 1000000 per record].")
@dask_options
def code(inputs: tuple[str, ...], output: str | None, fmt: str | None,
         default_date: Date | None, processes: int | None, max_bytes: int | None,
         engine: str = "local", **dask: Any) -> None:
    """Code news stories into events, one JSON object (or CSV row) per event.

    INPUT is a story file (.txt .md .html .jsonl .json .csv .tsv .parquet .rss .atom
    .xml, also compressed .gz/.zst or in a .tar archive),
    a folder (read recursively) or - for standard input. A story's publication
    date comes from its record, its page metadata or a first line such as
    'date 2021-09-29'; --date supplies one for stories without.

    \b
    Exit status:
      0  every input was read and coded
      1  usage or library error (nothing useful was written)
      2  some inputs were skipped; each is named on stderr as
         "whimbrel: skipped <origin>: <reason>"
    """
    from ..errors import WhimbrelError

    fmt = fmt or _format_for(output)
    try:
        if engine == "dask":  # see cli/scale.py
            from .scale import run_code

            status = run_code(inputs, output, fmt, default_date, processes, max_bytes, dask)
        else:
            status = _run(inputs, output, fmt, default_date, processes, max_bytes)
    except WhimbrelError as err:  # a library error: one line, no traceback
        _say(f"error: {err}")
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:  # `whimbrel code ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        _say("interrupted; the output file holds the events written so far")
        sys.exit(130)
    sys.exit(status)


def _run(inputs: tuple[str, ...], output: str | None, fmt: str, default_date: Date | None,
         processes: int | None, max_bytes: int | None) -> int:
    from .._imports import quick_start

    quick_start()  # one BLAS thread, spaCy without its own command line
    from ..api import code_many, get_pipeline
    from ..errors import InputError
    from ..ingest import MAX_FILE_BYTES, MAX_RECORD_BYTES, read_inputs

    get_pipeline()  # fail fast, before reading; forked workers inherit it
    _make_input_errors_picklable()
    items = read_inputs(inputs, default_date=default_date,
                        max_bytes=max_bytes or MAX_FILE_BYTES,
                        max_record_bytes=max_bytes or MAX_RECORD_BYTES)
    n_process = processes or _auto_processes(inputs)
    articles = events = skipped = 0
    progress = _Progress(_input_bytes(inputs)) if sys.stderr.isatty() else None
    with _open_output(output) as out:
        write = _writer(fmt, out)
        for item in code_many(items, n_process=n_process, then=partial(_coded, text=fmt == "jsonl")):
            if progress is not None:
                progress.step(getattr(item, "chars", 0))
            if isinstance(item, InputError):
                skipped += 1
                _say(f"skipped {item.origin}: {item.message}")
                continue
            articles += 1
            if item.undated:
                _say(f"warning: {item.origin}: {NO_DATE_HINT}")
            if isinstance(item.rows, str):
                out.write(item.rows)
            else:
                for row in item.rows:
                    write(row)
            events += item.events
        write(None)
    if progress is not None:
        progress.clear()
    _say(f"{articles} article{'s' * (articles != 1)}, {events} event{'s' * (events != 1)}, "
         f"{skipped} skipped", prefix=False)
    return EXIT_SKIPPED if skipped else EXIT_OK


class _Coded(NamedTuple):
    """What ``whimbrel code`` keeps of a coded Document, built where it was coded (in the
    worker process): unpickling whole Documents and building the rows took the parent
    ~0.4 CPU s on the 430-story corpus, while both cores were busy coding."""

    origin: str
    undated: bool
    chars: int  # characters of the story (progress line)
    events: int
    rows: str | list[dict[str, Any]]  # JSON Lines text, or one dict per event


def _coded(doc: Any, text: bool) -> _Coded:
    """The output of one Document: its events as JSON Lines (``text``) or as dicts."""
    article = doc.article
    dicts = [event.to_dict() for event in doc.events]
    rows: str | list[dict[str, Any]] = dicts
    if text:
        rows = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)
    return _Coded(article.origin or doc.doc_id, article.date is None, len(article.text),
                  len(dicts), rows)


def _make_input_errors_picklable() -> None:
    """Worker processes send InputErrors back by pickle; an exception whose __init__ takes
    two arguments does not unpickle by default, and the pool then hangs. Register a reducer
    unless InputError already round-trips (then this does nothing)."""
    import copyreg
    import pickle

    from ..errors import InputError

    try:
        pickle.loads(pickle.dumps(InputError("x", "y")))
    except TypeError:
        copyreg.pickle(InputError, lambda err: (InputError, (err.origin, err.message)))


def _say(message: str, prefix: bool = True) -> None:
    click.echo(f"whimbrel: {message}" if prefix else message, err=True)


def _format_for(output: str | None) -> str:
    if output and output != "-":
        return _EXTENSION_FORMATS.get(Path(output).suffix.lower(), "jsonl")
    return "table" if sys.stdout.isatty() else "jsonl"


def _auto_processes(inputs: Iterable[str]) -> int | None:
    """One process for a few small files (loading the model in workers costs more)."""
    total = 0
    for raw in inputs:
        if raw == "-":
            continue
        path = Path(raw)
        try:
            if path.is_dir():
                for p in path.rglob("*"):
                    total += p.stat().st_size if p.is_file() else 0
                    if total > _SMALL_BATCH_BYTES:
                        return None
            elif path.exists():
                total += path.stat().st_size
        except OSError:
            continue
        if total > _SMALL_BATCH_BYTES:
            return None
    return 1


def _input_bytes(inputs: Iterable[str]) -> int:
    """Total size of the input files (0 when unknown, e.g. standard input)."""
    total = 0
    for raw in inputs:
        path = Path(raw)
        try:
            if path.is_dir():
                total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
            elif raw != "-" and path.exists():
                total += path.stat().st_size
        except OSError:
            continue
    return total


class _Progress:
    """One self-rewriting stderr line on a terminal: stories, stories/s and an ETA.

    The ETA comes from the characters coded so far against the input's size in
    bytes (close for text, an over-estimate for HTML and feeds); it is left out
    when the size is unknown (standard input).
    """

    INTERVAL = 0.5  # seconds between redraws
    #: Overrides INTERVAL (seconds; 0 redraws on every story): a run shorter than the
    #: interval never shows a rate, which a test of the line must not depend on.
    INTERVAL_VARIABLE = "WHIMBREL_PROGRESS_INTERVAL"

    def __init__(self, total_bytes: int):
        import time

        try:
            self.interval = float(os.environ.get(self.INTERVAL_VARIABLE) or self.INTERVAL)
        except ValueError:  # a malformed setting must not stop a run
            self.interval = self.INTERVAL
        self._clock = time.monotonic
        self.start = self._clock()
        self.total = total_bytes
        self.done_chars = 0
        self.stories = 0
        self._first_chars = 0
        self._last = self.start
        self._width = 0

    def step(self, chars: int) -> None:
        """One more story (or skipped input) of ``chars`` characters."""
        self.stories += 1
        self.done_chars += chars
        now = self._clock()
        if self.stories == 1:  # rates count from the first result, after start-up
            self.start, self._first_chars = now, self.done_chars
        if now - self._last >= self.interval:
            self._last = now
            self._draw(now - self.start)

    def _draw(self, elapsed: float) -> None:
        rate = (self.stories - 1) / elapsed if elapsed > 0 else 0.0
        line = f"whimbrel: {self.stories} stor{'y' if self.stories == 1 else 'ies'}"
        if rate:
            line += f", {rate:.1f} stories/s"
        since = self.done_chars - self._first_chars
        if self.total and since > 0 and elapsed > 0:
            share = min(self.done_chars / self.total, 0.99)
            eta = (self.total - self.done_chars) * elapsed / since
            line += f", {share:.0%} done, ETA {int(eta) // 60}:{int(eta) % 60:02d}"
        self._width = max(self._width, len(line))
        sys.stderr.write("\r" + line.ljust(self._width))
        sys.stderr.flush()

    def clear(self) -> None:
        if self._width:
            sys.stderr.write("\r" + " " * self._width + "\r")
            sys.stderr.flush()


class _open_output:
    """Stdout, or a file opened for writing (an error names the file)."""

    def __init__(self, output: str | None):
        self.output = output
        self.fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if not self.output or self.output == "-":
            return sys.stdout
        from ..errors import WhimbrelError

        try:
            self.fh = open(self.output, "w", encoding="utf-8", newline="")
        except OSError as err:
            raise WhimbrelError(f"cannot write {self.output}: {err.strerror or err}") from None
        return self.fh

    def __exit__(self, *exc: object) -> None:
        if self.fh is not None:
            self.fh.close()


# -- writers: called with each event dict, then once with None to finish --------------------

def _writer(fmt: str, out: IO[str]) -> Callable[[dict[str, Any] | None], None]:
    if fmt == "csv":
        return _csv_writer(out)
    if fmt == "table":
        return _table_writer(out)

    def write_jsonl(event: dict[str, Any] | None) -> None:
        if event is not None:
            out.write(json.dumps(event, ensure_ascii=False) + "\n")
        else:
            out.flush()
    return write_jsonl


def _csv_writer(out: IO[str]) -> Callable[[dict[str, Any] | None], None]:
    import csv

    delimiter = "\t" if getattr(out, "name", "").lower().endswith(".tsv") else ","
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, delimiter=delimiter,
                            lineterminator="\n")
    writer.writeheader()

    def write(event: dict[str, Any] | None) -> None:
        if event is not None:
            writer.writerow(flatten(event))
        else:
            out.flush()
    return write


def actor_code(actor: dict[str, Any]) -> str:
    """"PAK/GOV" style: country (or organisation) and sector; the text if neither is known."""
    who = actor.get("country") or actor.get("org") or actor.get("text") or "?"
    return f"{who}/{actor['sector']}" if actor.get("sector") else str(who)


def flatten(event: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: lists joined with ';', actors as codes plus their JSON."""
    loc = event.get("location") or {}
    series = event.get("series") or {}
    trigger = event.get("trigger") or {}
    sentence = event.get("sentence") or {}
    coder = event.get("coder") or {}
    span = trigger.get("span") or [None, None]
    row = {k: event.get(k) for k in CSV_COLUMNS if k in event}
    row.update({
        "sentence_index": sentence.get("index"),
        "context": ";".join(event.get("context") or []),
        "source": ";".join(actor_code(a) for a in event.get("source") or []),
        "source_text": ";".join(a.get("text", "") for a in event.get("source") or []),
        "target": ";".join(actor_code(a) for a in event.get("target") or []),
        "target_text": ";".join(a.get("text", "") for a in event.get("target") or []),
        "location_name": loc.get("name"), "location_country": loc.get("country"),
        "location_admin1": loc.get("admin1"), "location_lat": loc.get("lat"),
        "location_lon": loc.get("lon"), "location_geonameid": loc.get("geonameid"),
        "series_name": series.get("name"), "series_acronym": series.get("acronym"),
        "series_round": series.get("round"),
        "trigger_text": trigger.get("text"), "trigger_start": span[0], "trigger_end": span[1],
        "sentence_text": sentence.get("text"),
        "coder_version": coder.get("version"), "coder_evidence": coder.get("evidence"),
        "source_json": json.dumps(event.get("source") or [], ensure_ascii=False),
        "target_json": json.dumps(event.get("target") or [], ensure_ascii=False),
    })
    return {k: ("" if row.get(k) is None else row[k]) for k in CSV_COLUMNS}


def _table_writer(out: IO[str]) -> Callable[[dict[str, Any] | None], None]:
    header = "  ".join(name.ljust(width) for name, width in TABLE_COLUMNS)
    out.write(header.rstrip() + "\n" + "  ".join("-" * w for _, w in TABLE_COLUMNS) + "\n")

    def write(event: dict[str, Any] | None) -> None:
        if event is None:
            out.flush()
            return
        cells = (
            event.get("doc_id"), (event.get("sentence") or {}).get("index"),
            event.get("event_type") or "-", event.get("cameo"),
            ";".join(actor_code(a) for a in event.get("source") or []) or "-",
            ";".join(actor_code(a) for a in event.get("target") or []) or "-",
            event.get("date") or "-", event.get("status"),
            (event.get("location") or {}).get("name") or "-",
            (event.get("trigger") or {}).get("text"))
        line = "  ".join(_cell(v, w) for v, (_, w) in zip(cells, TABLE_COLUMNS))
        out.write(line.rstrip() + "\n")
    return write


def _cell(value: Any, width: int) -> str:
    text = " ".join(str("" if value is None else value).split())
    return (text[: width - 1] + "…" if len(text) > width else text).ljust(width)
