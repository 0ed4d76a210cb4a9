"""Follow-through commands: `whimbrel series` and `whimbrel commitments`.

Both open the event database read-only and print what :mod:`whimbrel.follow` computes:
the recurring series with their rounds, and the promises stories made with their state
(fulfilled, pending, overdue, changed, cancelled) and why.
"""

from __future__ import annotations

import json
from typing import Any

import click

from .store import _guard, _open, db_option, print_rows

FORMATS = ("table", "json")
STATES = ("fulfilled", "pending", "overdue", "changed", "cancelled")


def register(main: click.Group) -> None:
    main.add_command(series)
    main.add_command(commitments)


@click.command()
@db_option
@click.option("--name", metavar="NAME", help="Only the series known by this name or alias.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def series(db: str, name: str | None, fmt: str) -> None:
    """Recurring series (talks, committees, exercises) and their rounds.

    Names, acronyms, translations and year editions of one series are listed as
    its aliases; a round's ordinal is `explicit` when a story says it, else
    inferred from the order of the rounds.
    """
    def run() -> None:
        with _open(db, read_only=True) as store:
            found = store.series(name=name)
        if fmt == "json":
            for s in found:
                click.echo(json.dumps(s, ensure_ascii=False))
            return
        rows = []
        for s in found:
            for r in s["rounds"] or [{}]:
                rows.append([s["name"], s["acronym"], ",".join(s["parties"]), r.get("round"),
                             r.get("ordinal_source"), r.get("edition"), r.get("date"),
                             r.get("place"), len(r.get("events", [])), len(r.get("stories", [])),
                             "; ".join(c["reason"] for c in r.get("conflicts", []))])
        print_rows(["series", "acronym", "parties", "round", "ordinal", "edition", "date", "place",
                    "events", "stories", "conflicts"], rows, "table")
        if found:
            click.echo("\naliases:")
            for s in found:
                click.echo(f"  {s['name']}: {', '.join(s['aliases']) or '-'}")

    _guard(run)


@click.command()
@db_option
@click.option("--party", multiple=True, metavar="CODE", help="A party to the promise (ISO-3).")
@click.option("--state", multiple=True, type=click.Choice(STATES))
@click.option("--due-before", metavar="YYYY-MM-DD", help="Due on or before this day.")
@click.option("--as-of", metavar="YYYY-MM-DD|today",
              help="Judge pending/overdue on this day [default: the latest story's date].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def commitments(db: str, party: tuple[str, ...], state: tuple[str, ...], due_before: str | None,
                as_of: str | None, fmt: str) -> None:
    """Promises made in stories ("agreed to hold the 4th round in 2022", "will visit next
    month") and what later stories say became of them."""
    def run() -> None:
        with _open(db, read_only=True) as store:
            found = store.commitments(party=list(party) or None, state=list(state) or None,
                                      due_before=due_before, as_of=as_of)
        if fmt == "json":
            for c in found:
                click.echo(json.dumps(c, ensure_ascii=False))
            return
        print_rows(["state", "made", "due", "parties", "promise", "place", "fulfilled_by", "why"],
                   [_row(c) for c in found], "table")

    _guard(run)


def _row(c: dict[str, Any]) -> list[Any]:
    p, f = c["promise"], c["fulfilled_by"]
    what = p["event_type"] or p["cameo"]
    if p["series"]:
        what = f"{p['series']}" + (f" round {p['round']}" if p["round"] else "")
    due = c["due"]["end"] + (" (default)" if c["due"]["default"] else "")
    done = f"{f['date']} {f['doc_id']}" if f else None
    return [c["state"], c["made"], due, ",".join(c["parties"]), what, p["country"], done,
            c["decisions"][-1]["reason"] if c["decisions"] else None]
