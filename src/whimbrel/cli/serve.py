"""`whimbrel serve`: the HTTP API and dashboard over the event database."""

from __future__ import annotations

import os
import sys

import click


def register(main: click.Group) -> None:
    main.add_command(serve)


def _setting(name: str) -> dict:
    """Default and help of a server setting, from the one settings table."""
    from ..serve.settings import settings_table

    default, text = next((d, h) for n, d, h in settings_table() if n == name)
    return {"default": default, "show_default": True, "help": text[:1].upper() + text[1:] + "."}


@click.command()
@click.option("--db", "db", envvar="WHIMBREL_DB", metavar="PATH", **_setting("db"))
@click.option("--host", **_setting("host"))
@click.option("--port", type=click.IntRange(0, 65535), **_setting("port"))
@click.option("--watch", type=click.Path(file_okay=False), metavar="DIR",
              help=_setting("watch")["help"])
@click.option("--demo", is_flag=True,
              help="Code the bundled example stories into a temporary store and serve it.")
@click.option("--rate", type=click.IntRange(min=0), **_setting("rate"))
@click.option("--timeout", type=click.FloatRange(min=0.1), **_setting("timeout"))
@click.option("--max-body", type=click.IntRange(min=1024), **_setting("max_body"))
@click.option("--get", "get_path", metavar="PATH",
              help="Answer one GET request in process, print it and exit (e.g. /api/health).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(db: str, host: str, port: int, watch: str | None, demo: bool, rate: int,
          timeout: float, max_body: int, get_path: str | None, log_level: str) -> None:
    """Serve the event database: a JSON API under /api and a dashboard at /.

    Read-only unless you allow ingest: set $WHIMBREL_TOKEN (POST /api/ingest with
    'Authorization: Bearer TOKEN') and/or give --watch DIR. While it runs the
    server is the store's one writer; other `whimbrel ingest` runs on the same
    file are told where to send their stories instead.
    """
    from ..errors import WhimbrelError
    from ..serve.settings import TOKEN_ENV, Settings

    settings = Settings(db=db, host=host, port=port, token=os.environ.get(TOKEN_ENV) or None,
                        watch=watch, rate=rate, timeout=timeout, max_body=max_body)
    try:
        if get_path:
            from ..serve.server import get

            status, body = get(settings, get_path, demo=demo)
            click.echo(body)
            sys.exit(0 if status < 400 else 1)
        from ..serve.server import serve as run

        run(settings, demo=demo, log_level=log_level)
    except WhimbrelError as err:
        click.echo(f"whimbrel: error: {err}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:  # Ctrl-C is how a server is stopped: not an error
        click.echo("whimbrel: server stopped", err=True)
