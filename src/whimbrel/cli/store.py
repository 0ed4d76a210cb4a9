"""Store commands: ingest, events, dyad, sql, export, recode.

Each opens the event database (``--db PATH``, else ``$WHIMBREL_DB``, else
``whimbrel.duckdb``), calls one library function and prints the result. Reading
commands open the file read-only. Exit status: 0 ok, 1 error, 2 some inputs
skipped (each named on stderr).
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date as Date
from datetime import datetime
from typing import Any, Callable, Iterable

import click

from .scale import dask_options

EXIT_OK, EXIT_ERROR, EXIT_SKIPPED = 0, 1, 2
OUTPUTS = ("table", "json", "csv")


def register(main: click.Group) -> None:
    for command in (ingest, events, dyad, sql, export, recode):
        main.add_command(command)


def _say(message: str) -> None:
    click.echo(f"whimbrel: {message}", err=True)


def db_option(func: Callable) -> Callable:
    return click.option("--db", "db", envvar="WHIMBREL_DB", default="whimbrel.duckdb",
                        show_default=True, metavar="PATH",
                        help="Event database file (env WHIMBREL_DB).")(func)


def _open(db: str, read_only: bool):
    """Open the store, waiting up to $WHIMBREL_LOCK_WAIT seconds (default 30) while another
    process (say, a second ingest) holds the file."""
    import os

    from ..store import Store

    try:
        wait = float(os.environ.get("WHIMBREL_LOCK_WAIT", "30"))
    except ValueError:
        wait = 30.0
    return Store(db, read_only=read_only, wait=wait)


def _guard(func: Callable[[], int | None]) -> None:
    """Run a command body; library errors become one line and exit status 1."""
    from ..errors import WhimbrelError

    try:
        status = func() or EXIT_OK
    except WhimbrelError as err:
        _say(f"error: {err}")
        sys.exit(EXIT_ERROR)
    sys.exit(status)


def _load_coder(spec: str | None):
    """``module:function`` or ``path/file.py:function`` -> an Article -> Document callable."""
    from ..registry import load_callable

    return load_callable(spec, "--coder") if spec else None


# -- ingest -------------------------------------------------------------------------------

@click.command()
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@db_option
@click.option("-b", "--batch-size", default=64, show_default=True, type=click.IntRange(min=1),
              help="Articles per transaction.")
@click.option("-p", "--processes", type=click.IntRange(min=1), metavar="N",
              help="Worker processes for coding [default: by CPU count].")
@click.option("--date", "default_date", metavar="YYYY-MM-DD",
              help="Publication date for stories that carry none.")
@click.option("--coder", metavar="MODULE:FUNC",
              help="Use this Article -> Document function instead of the built-in pipeline.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr [default: when stderr is a terminal].")
@click.option("-v", "--verbose", is_flag=True, help="Log each committed batch on stderr.")
@dask_options
def ingest(inputs: tuple[str, ...], db: str, batch_size: int, processes: int | None,
           default_date: str | None, coder: str | None, progress: bool | None,
           verbose: bool, engine: str = "local", **dask: Any) -> None:
    """Code stories and store them in the event database.

    INPUT is a story file, a folder (read recursively) or - for stdin, as for
    `whimbrel code`. Unchanged stories already stored are skipped before
    coding; a changed story replaces its events. Each batch commits on its
    own, so an interrupted ingest can simply be run again.
    """
    def run() -> int:
        from ..ingest import read_inputs

        when = Date.fromisoformat(default_date) if default_date else None
        func = _load_coder(coder)
        show = sys.stderr.isatty() if progress is None else progress
        with _open(db, read_only=False) as store:
            if engine == "dask" and inputs:  # see cli/scale.py
                from .scale import run_ingest

                report = run_ingest(store, inputs, when, processes, coder, progress,
                                    _log_commit if verbose else None, dask)
                click.echo(report.summary() + f"; {store.path}", err=True)
                return EXIT_SKIPPED if report.errors else EXIT_OK
            if not func and inputs:
                from ..api import get_pipeline

                get_pipeline()  # fail fast on a missing model, before reading
            items = read_inputs(inputs, default_date=when) if inputs else []
            report = store.ingest(items, coder=func, n_process=processes, batch_size=batch_size,
                                  progress=show, on_error=lambda m: _say(f"skipped {m}"),
                                  on_commit=_log_commit if verbose else None)
            click.echo(report.summary() + f"; {store.path}", err=True)
        return EXIT_SKIPPED if report.errors else EXIT_OK

    _guard(run)


def _log_commit(report: Any) -> None:
    _say(f"committed batch {report.batches}: {report.stored} articles stored, "
         f"{report.skipped} skipped")
    sys.stderr.flush()


# -- questions ----------------------------------------------------------------------------

def filter_options(func: Callable) -> Callable:
    opts = [
        click.option("--actor", multiple=True, metavar="CODE", help="Actor taking part (ISO-3/IGO code)."),
        click.option("--dyad", nargs=2, metavar="A B", help="Both actors take part, either way."),
        click.option("--country", multiple=True, metavar="ISO3", help="Where it happened."),
        click.option("--type", "type_", multiple=True, metavar="TYPE",
                     help="PLOVER type (CONSULT) or CAMEO code prefix (04)."),
        click.option("--quad", multiple=True, type=click.IntRange(1, 4), help="Quad class 1-4."),
        click.option("--status", multiple=True,
                     type=click.Choice(["occurred", "ongoing", "planned", "negated", "hypothetical"])),
        click.option("--since", metavar="DATE", help="From this date (YYYY[-MM[-DD]])."),
        click.option("--until", metavar="DATE", help="Up to this date, inclusive."),
        click.option("--place", metavar="NAME", help="Place name contains this."),
        click.option("--text", metavar="WORDS", help="Evidence sentence contains this."),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


def _filters(kw: dict[str, Any]) -> dict[str, Any]:
    return {"actor": list(kw.pop("actor", ()) or ()) or None, "dyad": kw.pop("dyad", None) or None,
            "country": list(kw.pop("country", ()) or ()) or None,
            "type": list(kw.pop("type_", ()) or ()) or None,
            "quad": list(kw.pop("quad", ()) or ()) or None,
            "status": list(kw.pop("status", ()) or ()) or None,
            "since": kw.pop("since", None), "until": kw.pop("until", None),
            "place": kw.pop("place", None), "text": kw.pop("text", None)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (Date, datetime)):
        return value.isoformat()
    return value


def print_rows(columns: list[str], rows: Iterable[Iterable[Any]], fmt: str) -> None:
    """Rows as an aligned table, JSON Lines or CSV on stdout."""
    out = sys.stdout
    rows = [list(r) for r in rows]
    if fmt == "json":
        for r in rows:
            out.write(json.dumps({c: _jsonable(v) for c, v in zip(columns, r)},
                                 ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([";".join(map(str, v)) if isinstance(v, list) else
                        ("" if v is None else _jsonable(v)) for v in r])
    else:
        _table(out, columns, rows)


def _table(out: Any, columns: list[str], rows: list[list[Any]], max_width: int = 48) -> None:
    def cell(v: Any) -> str:
        text = "" if v is None else ";".join(map(str, v)) if isinstance(v, list) else str(v)
        text = " ".join(text.split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    for r in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")


@click.command()
@db_option
@filter_options
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0),
              help="At most this many events (0: all).")
@click.option("--order", type=click.Choice(["date", "mentions", "goldstein"]), default="date",
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(OUTPUTS), default="table", show_default=True)
@click.option("--all-columns", is_flag=True, help="Every column, not the short list.")
@click.option("--explain", metavar="EVENT_ID",
              help="Show the reports merged into this event and the rule that merged each.")
def events(db: str, limit: int, order: str, fmt: str, all_columns: bool, explain: str | None,
           **kw: Any) -> None:
    """List canonical events (one per real event, however many reports)."""
    def run() -> None:
        from ..store.query import BRIEF_COLUMNS

        with _open(db, read_only=True) as store:
            if explain:
                rows = store.mentions(explain)
                if not rows:
                    _say(f"no event {explain} (ids come from `whimbrel events`)")
                cols = list(rows[0]) if rows else ["rule"]
                print_rows(cols, [r.values() for r in rows], fmt)
                return
            cols = None if all_columns else BRIEF_COLUMNS
            rows = store.events(columns=cols, limit=limit or None, order=order, **_filters(kw))
            names = list(rows[0]) if rows else list(cols or ["event_id"])
            print_rows(names, [r.values() for r in rows], fmt)

    _guard(run)


@click.command()
@click.argument("a")
@click.argument("b")
@db_option
@click.option("--since", metavar="DATE")
@click.option("--until", metavar="DATE")
@click.option("--top", default=5, show_default=True, help="Most reported events to list.")
@click.option("--format", "fmt", type=click.Choice(OUTPUTS), default="table", show_default=True)
def dyad(a: str, b: str, db: str, since: str | None, until: str | None, top: int,
         fmt: str) -> None:
    """Monthly summary of events between two actors, e.g. `whimbrel dyad PAK RUS`."""
    def run() -> None:
        with _open(db, read_only=True) as store:
            summary = store.dyad(a, b, since=since, until=until, top=top)
        if fmt == "json":
            click.echo(json.dumps(summary, default=_jsonable, ensure_ascii=False))
            return
        months = summary["months"]
        cols = list(months[0]) if months else ["month", "events"]
        print_rows(cols, [m.values() for m in months], fmt)
        if fmt == "table" and summary["top"]:
            click.echo(f"\nmost reported {a.upper()}-{b.upper()} events:")
            print_rows(list(summary["top"][0]), [t.values() for t in summary["top"]], fmt)

    _guard(run)


@click.command()
@click.argument("query")
@db_option
@click.option("--format", "fmt", type=click.Choice(OUTPUTS), default="table", show_default=True)
def sql(query: str, db: str, fmt: str) -> None:
    """Run one read-only SQL query (SELECT) over the event database.

    Tables: articles, mentions, events, merges, actors, places, evidence.
    """
    def run() -> None:
        with _open(db, read_only=True) as store:
            cols, rows = store.sql(query)
        print_rows(cols, rows, fmt)

    _guard(run)


@click.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["gdelt", "polecat", "plover", "csv",
                                                            "parquet"]))
@db_option
@click.option("-o", "--output", default="-", show_default=True, metavar="OUT",
              help="File to write (- for stdout; Parquet needs a file).")
@click.option("--extended", is_flag=True,
              help="GDELT: append whimbrel's fields after the 61 standard columns.")
@filter_options
def export(fmt: str, db: str, output: str, extended: bool, **kw: Any) -> None:
    """Export canonical events: gdelt (2.0, 61 columns), polecat, plover (JSON lines), csv,
    parquet."""
    def run() -> None:
        with _open(db, read_only=True) as store:
            n = store.export(fmt, output, extended=extended, **_filters(kw))
        _say(f"{n} events written to {'stdout' if output == '-' else output}")

    _guard(run)


@click.command()
@db_option
@click.option("-p", "--processes", type=click.IntRange(min=1), metavar="N")
@click.option("-b", "--batch-size", default=64, show_default=True, type=click.IntRange(min=1))
@click.option("--coder", metavar="MODULE:FUNC",
              help="Use this Article -> Document function instead of the built-in pipeline.")
@click.option("--progress/--no-progress", default=None)
def recode(db: str, processes: int | None, batch_size: int, coder: str | None,
           progress: bool | None) -> None:
    """Re-code every stored story with the current coder and report what changed."""
    def run() -> int:
        func = _load_coder(coder)
        show = sys.stderr.isatty() if progress is None else progress
        with _open(db, read_only=False) as store:
            report = store.recode(coder=func, n_process=processes, batch_size=batch_size,
                                  progress=show)
        click.echo(report.summary())
        for err in report.errors:
            _say(f"skipped {err}")
        return EXIT_SKIPPED if report.errors else EXIT_OK

    _guard(run)
