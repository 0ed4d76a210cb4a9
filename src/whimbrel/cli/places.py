"""`whimbrel places FILE`: the resolved places of a story, for inspection.

Prints every toponym the place stage found, what it resolved to and whether it
counts as a place (locative use, a town) or as an actor ("Washington said").
`--build` (re)builds the gazetteer cache and reports where it is.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

COLUMNS = (("name", 22), ("span", 11), ("resolved", 22), ("feature", 7), ("country", 7),
           ("admin1", 20), ("lat", 8), ("lon", 9), ("precision", 9), ("use", 7))


def register(main: click.Group) -> None:
    main.add_command(places)


def _articles(paths: tuple[str, ...]) -> tuple[list[Any], bool]:
    from ..errors import InputError

    try:
        from ..ingest import read_inputs
    except ImportError:  # pragma: no cover - ingest is part of the package
        read_inputs = None
    if read_inputs is None:
        from ..model import Article

        return [Article(doc_id=p, text=Path(p).read_text("utf-8")) for p in paths], False
    out, skipped = [], False
    for item in read_inputs(paths):
        if isinstance(item, InputError):
            click.echo(f"whimbrel places: {item}", err=True)
            skipped = True
        else:
            out.append(item)
    return out, skipped


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else (f"{value:.4f}" if isinstance(value, float) else str(value))
    return text[:width].ljust(width)


@click.command()
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="One JSON record per place, one a line.")
@click.option("--all", "all_mentions", is_flag=True,
              help="Also list country and capital names used as actors, not places.")
@click.option("--build", is_flag=True, help="(Re)build the gazetteer cache, then exit.")
def places(files: tuple[str, ...], as_json: bool, all_mentions: bool, build: bool) -> None:
    """List the places of each story FILE, resolved in the offline gazetteer."""
    from .._imports import quick_start

    quick_start()  # one BLAS thread, spaCy without its own command line
    from ..place import gazetteer

    if build:
        start = time.perf_counter()
        gaz = gazetteer.get(rebuild=True)
        path = gazetteer.cache_path()
        click.echo(f"gazetteer: {len(gaz.entries)} entries, {len(gaz.index)} names, "
                   f"{path.stat().st_size / 1e6:.1f} MB at {path} "
                   f"(built in {time.perf_counter() - start:.1f} s)")
        return
    if not files:
        raise click.UsageError("give one or more story files (or - for stdin), or --build")
    from ..language import Language
    from ..model import Document
    from ..place import geoparse_document, records

    language = Language(parse_all=True)
    gaz = gazetteer.default()
    articles, skipped = _articles(files)
    for article in articles:
        doc = language(Document(article=article))
        recs = [r for m in geoparse_document(doc, gaz)
                if m.resolved is not None and (m.is_place or all_mentions) for r in records(m)]
        if as_json:
            for r in recs:
                click.echo(json.dumps({"doc_id": article.doc_id, **r}, ensure_ascii=False))
            continue
        click.echo(f"# {article.doc_id}")
        click.echo(" ".join(name.ljust(w) for name, w in COLUMNS))
        for r in recs:
            r = {**r, "span": f"{r['span'][0]}-{r['span'][1]}"}
            click.echo(" ".join(_cell(r[name], w) for name, w in COLUMNS))
    if skipped:
        sys.exit(2)
