"""`whimbrel watch`: keep a store up to date from folders and RSS/Atom feeds."""

from __future__ import annotations

import sys

import click


def register(main: click.Group) -> None:
    main.add_command(watch)


@click.command()
@click.argument("sources", nargs=-1, required=True, metavar="FOLDER|FEED...")
@click.option("--db", "db", envvar="WHIMBREL_DB", default="whimbrel.duckdb", show_default=True,
              metavar="PATH", help="Event database file (env WHIMBREL_DB).")
@click.option("--interval", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              metavar="SECONDS", help="Time between polls.")
@click.option("--once", is_flag=True, help="Poll once and exit (for cron or a test).")
@click.option("--state", metavar="PATH",
              help="State file: what was already read [default: DB.watch.json].")
@click.option("-p", "--processes", type=click.IntRange(min=1), default=1, show_default=True,
              metavar="N", help="Worker processes for coding a large arrival.")
@click.option("--date", "default_date", metavar="YYYY-MM-DD",
              help="Publication date for stories that carry none.")
@click.option("--coder", metavar="MODULE:FUNC",
              help="Use this Article -> Document function instead of the built-in pipeline.")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              metavar="SECONDS", help="Wait this long for a store another process holds.")
def watch(sources: tuple[str, ...], db: str, interval: float, once: bool, state: str | None,
          processes: int, default_date: str | None, coder: str | None,
          lock_timeout: float) -> None:
    """Poll folders and RSS/Atom feeds (files or http(s) URLs) and store new stories.

    Each poll reads only files that are new or changed and codes only stories
    that are not stored yet (or changed); a restarted watch goes on where it
    stopped. Beside `whimbrel serve` it sends new stories to the server's ingest
    endpoint ($WHIMBREL_TOKEN: the operator's token); otherwise each write is
    short and a store another process holds is waited for (--lock-timeout).
    Exit status with --once: 0 ok, 2 some inputs were skipped, 1 error.
    """
    from datetime import date as Date

    from ..errors import WhimbrelError
    from ..scale.watch import Watcher
    from .store import _load_coder

    def say(message: str) -> None:
        click.echo(f"whimbrel: {message}", err=True)

    try:
        watcher = Watcher(sources, db, state=state, coder=_load_coder(coder),
                          n_process=processes,
                          default_date=Date.fromisoformat(default_date) if default_date else None,
                          lock_timeout=lock_timeout, say=say)
        if once:
            report = watcher.poll()
            say(report.summary())
            sys.exit(2 if report.errors else 0)
        say(f"watching {len(sources)} source{'s' * (len(sources) != 1)} every {interval:g} s; "
            "Ctrl-C to stop")
        watcher.run(interval)
    except WhimbrelError as err:
        say(f"error: {err}")
        sys.exit(1)
    except ValueError as err:
        say(f"error: {err}")
        sys.exit(1)
    except KeyboardInterrupt:
        say("stopped; the next `whimbrel watch` goes on from here")
        sys.exit(0)
