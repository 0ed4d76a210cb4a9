"""`whimbrel eval`: score the coder on a gold sentence file or on our test stories."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("eval")
@click.argument("gold", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write per-sentence predictions vs gold (JSONL) to this file.")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N sentences.")
@click.option("--stories", "stories", type=click.Path(dir_okay=False, path_type=Path),
              help="Score key events of test stories (an expected.json) instead of GOLD.")
@click.option("--stories-dir", "stories_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder(s) holding the story files (default: beside expected.json, "
                   "examples/ and ../shared/examples).")
@click.option("--half", type=click.Choice(["working", "lockbox"]),
              help="Score one half of a blind set (sentences or --stories); the lockbox half "
                   "prints totals only and never writes --errors.")
@click.option("--all", "all_sets", is_flag=True,
              help="Score every set in one table (the default with no GOLD, --stories or --timex).")
@click.option("-p", "--processes", type=click.IntRange(min=1), metavar="N",
              help="Worker processes for coding [default: by CPU count].")
@click.option("--timex", "timex", type=click.Path(dir_okay=False, path_type=Path),
              help="Score date normalisation on a TimeML JSONL file (TempEval-3 platinum).")
def eval_command(gold: Path | None, as_json: bool, errors_path: Path | None, limit: int | None,
                 stories: Path | None, stories_dirs: tuple[Path, ...], half: str | None,
                 all_sets: bool, processes: int | None, timex: Path | None) -> None:
    """Score the coder on GOLD.jsonl (shared/eval format, or a snippet set: id, text,
    date, category, expected), on --stories expected.json, on --timex, or, with none of
    them, on every set at once: dev, own, the blind sentences' and snippets' working
    and lockbox halves, and the test stories.

    Metrics follow shared/eval/README.md: event-type micro P/R/F1, top-1 accuracy,
    source/target accuracy and CAMEO root accuracy, plus a confusion table.
    """
    from .. import evaluate as ev
    from ..errors import WhimbrelError

    given = sum(x is not None for x in (gold, stories, timex))
    if given > 1:
        raise click.UsageError("give one of GOLD.jsonl, --stories EXPECTED.json, --timex FILE")
    try:
        if all_sets or given == 0:
            if errors_path or half or limit:
                raise click.UsageError("--errors, --half and --limit score one GOLD file; "
                                       "drop them for the all-sets table")
            result = ev.evaluate_all(n_process=processes)
            text = ev.format_all_report(result)
        elif timex is not None:
            result = ev.evaluate_timex(timex)
            text = ev.format_timex_report(result)
        elif stories is not None:
            result = ev.evaluate_stories(stories, list(stories_dirs) or None, half=half)
            text = ev.format_story_report(result)
        elif ev.is_snippet_file(gold):
            if limit:
                raise click.UsageError("--limit scores gold sentences; a snippet set is scored whole")
            result = ev.evaluate_snippets(gold, half=half, n_process=processes, errors_path=errors_path)
            text = ev.format_snippet_report(result)
        else:
            result = ev.evaluate(gold, limit=limit, errors_path=errors_path, half=half,
                                 n_process=processes)
            text = ev.format_report(result)
    except WhimbrelError as err:
        raise click.ClickException(str(err)) from None
    click.echo(json.dumps(result, indent=2, ensure_ascii=False) if as_json else text)


def register(main: click.Group) -> None:
    main.add_command(eval_command)
