"""`--engine dask` for `whimbrel code` and `whimbrel ingest`: the options and the runs.

Kept apart from the commands so that they change by one option decorator and
one branch. Dask is imported only when ``--engine dask`` is chosen.
"""

from __future__ import annotations

import sys
from datetime import date as Date
from pathlib import Path
from typing import Any, Callable

import click

ENGINES = ("local", "dask")


def dask_options(func: Callable) -> Callable:
    """--engine, --scheduler, --work-dir, --partition-size, --time-limit."""
    opts = [
        click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
                     help="local: processes on this machine; dask: a Dask cluster "
                          "(pip install 'whimbrel[dask]').", is_eager=False),
        click.option("--scheduler", metavar="ADDRESS",
                     help="Dask scheduler (tcp://host:8786) [default: a local cluster of "
                          "-p workers]."),
        click.option("--work-dir", metavar="DIR",
                     help="Dask: folder for Parquet partitions and the manifest, shared with "
                          "the workers; a rerun reuses finished partitions [default: beside "
                          "the output or database, *.parts]."),
        click.option("--partition-size", type=click.IntRange(min=1), default=200,
                     show_default=True, help="Dask: stories per partition."),
        click.option("--time-limit", type=click.FloatRange(min=0.1), default=60.0,
                     show_default=True, metavar="SECONDS",
                     help="Dask: a story taking longer is stopped, reported and skipped."),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


def _say(message: str) -> None:
    click.echo(f"whimbrel: {message}", err=True)


def _engine(opts: dict[str, Any], work_dir: str, inputs: tuple[str, ...],
            processes: int | None, coder: str | None = None, progress: bool | None = None):
    from ..scale import DaskEngine, estimate_stories

    show = sys.stderr.isatty() if progress is None else progress
    total = estimate_stories(inputs) if show else None
    return DaskEngine(opts.get("work_dir") or work_dir, scheduler=opts.get("scheduler"),
                      n_workers=processes, partition_size=opts["partition_size"],
                      time_limit=opts["time_limit"], coder=coder, progress=show, total=total,
                      say=_say)


def run_code(inputs: tuple[str, ...], output: str | None, fmt: str, default_date: Date | None,
             processes: int | None, max_bytes: int | None, opts: dict[str, Any]) -> int:
    """`whimbrel code --engine dask`: the same events, in the same order, as a local run."""
    from ..errors import InputError
    from ..ingest import MAX_FILE_BYTES, MAX_RECORD_BYTES, read_inputs
    from ..scale import code
    from .code import EXIT_OK, EXIT_SKIPPED, NO_DATE_HINT, _open_output, _writer

    items = read_inputs(inputs, default_date=default_date, max_bytes=max_bytes or MAX_FILE_BYTES,
                        max_record_bytes=max_bytes or MAX_RECORD_BYTES)
    work = f"{output}.parts" if output and output != "-" else "whimbrel-code.parts"
    articles = events = skipped = 0
    with _engine(opts, work, inputs, processes) as engine, _open_output(output) as out:
        write = _writer(fmt, out)
        for item in code(items, engine):
            if isinstance(item, InputError):
                skipped += 1
                engine.progress.write(f"whimbrel: skipped {item.origin}: {item.message}")
                continue
            articles += 1
            if not item.dated:
                engine.progress.write(f"whimbrel: warning: {item.origin or item.doc_id}: "
                                      f"{NO_DATE_HINT}")
            for event in item.events:
                write(event)
                events += 1
        write(None)
        engine.progress.close()
        _say(engine.report.summary())
    click.echo(f"{articles} article{'s' * (articles != 1)}, {events} event"
               f"{'s' * (events != 1)}, {skipped} skipped", err=True)
    return EXIT_SKIPPED if skipped else EXIT_OK


def run_ingest(store: Any, inputs: tuple[str, ...], default_date: Date | None,
               processes: int | None, coder: str | None, progress: bool | None,
               on_commit: Callable | None, opts: dict[str, Any]):
    """`whimbrel ingest --engine dask`: load partitions into the store as they finish."""
    from ..ingest import read_inputs
    from ..scale import ingest

    if coder and coder.rpartition(":")[0].endswith(".py"):  # workers may run elsewhere
        target, _, name = coder.rpartition(":")
        coder = f"{Path(target).resolve()}:{name}"
    work = str(Path(store.path).with_suffix(".parts")) if store.path != ":memory:" \
        else "whimbrel-ingest.parts"
    items = read_inputs(inputs, default_date=default_date)
    with _engine(opts, work, inputs, processes, coder=coder, progress=progress) as engine:
        report = ingest(store, items, engine, on_error=lambda m: engine.progress.write(
            f"whimbrel: skipped {m}"), on_commit=on_commit)
        engine.progress.close()
        _say(engine.report.summary())
    return report
