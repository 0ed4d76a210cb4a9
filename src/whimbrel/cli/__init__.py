"""The `whimbrel` command line: a thin shell over the library.

Each subcommand lives in its own module here and is added to :data:`main`;
library errors (WhimbrelError) become a one-line message and exit status 1.
Exit status 2 means some inputs were skipped (each is reported on stderr).
"""

from __future__ import annotations

import importlib

import click

from .. import __version__

#: Modules that define subcommands; each exposes ``register(main)``.
COMMAND_MODULES = ("code", "evaluate", "places", "store", "follow", "serve", "watch")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="whimbrel")
def main() -> None:
    """whimbrel: turn news stories into coded political events (PLOVER/CAMEO)."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _err:  # a command module still being written
        if _err.name != f"{__name__}.{_name}":
            raise
        continue
    _module.register(main)
