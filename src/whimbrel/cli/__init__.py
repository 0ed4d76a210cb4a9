"""The `whimbrel` command line: a thin shell over the library.

Each subcommand lives in its own module here and is added to :data:`main`;
library errors (WhimbrelError) become a one-line message and exit status 1.
Exit status 2 means some inputs were skipped (each is reported on stderr).
"""

from __future__ import annotations

import importlib
import os
import sys

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


#: Commands that only read inputs and write their own output files, closed when they
#: return: these end without the interpreter's teardown (see :func:`run`).
QUICK_EXIT_COMMANDS = frozenset({"code", "eval", "places"})


def run() -> None:
    """The console entry point: ``main``, then a quick exit.

    A finished ``whimbrel code`` leaves hundreds of thousands of objects (the spaCy
    model, lexicons); freeing them one by one at interpreter shutdown took 0.4-0.5 s
    of a 2 s run. For the commands of :data:`QUICK_EXIT_COMMANDS`, when no other
    thread is left running, the exit handlers run, the standard streams are flushed
    and the process ends without that teardown. Commands that hold a database or a
    server exit normally; tests call ``main`` itself and are not affected.
    """
    import threading

    try:
        main(prog_name="whimbrel")
        status: object = 0
    except SystemExit as exit_:
        status = exit_.code
    if sys.argv[1:2] and sys.argv[1] not in QUICK_EXIT_COMMANDS or \
            not isinstance(status, (int, type(None))) or threading.active_count() > 1:
        sys.exit(status)
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing left to write
            pass
    os._exit(status or 0)
