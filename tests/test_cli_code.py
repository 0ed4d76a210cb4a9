"""`whimbrel code` end to end: real files in, JSONL/CSV/table out, exit codes, messages."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from whimbrel.cli import main
from whimbrel.cli.code import CSV_COLUMNS, NO_DATE_HINT
from whimbrel.pipeline import DEFAULT_STAGES
from whimbrel.registry import stages

INPUTS = Path(__file__).parent / "data" / "inputs"
EXAMPLE = Path("/work/shared/examples/jmcc-2021-09-29.txt")
STORY = ("Officials in Ankara said on Monday that the ministers had met in Baku. “We agreed on a "
         "plan,” the minister said — the café talks were “productive”.\n")
#: Stages written by other parts of the project; until one exists, the in-process tests stand
#: in a pass-through so that reading and output can be tested (events are then simply fewer).
MISSING_STAGES = [name for name in DEFAULT_STAGES if name not in stages.names()]
needs_all_stages = pytest.mark.skipif(
    bool(MISSING_STAGES), reason=f"pipeline stages not written yet: {MISSING_STAGES}")


@pytest.fixture(scope="module", autouse=True)
def _pipeline_stages():
    for name in MISSING_STAGES:
        stages.register(name)(lambda **_: (lambda doc: doc))
    yield


def run(*args: str, input: bytes | None = None):
    result = CliRunner().invoke(main, ["code", *args], input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory) -> tuple[list[Path], Path]:
    """Good and broken inputs side by side, in a fixed order."""
    d = tmp_path_factory.mktemp("batch")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(3000))
    with (d / "huge.txt").open("wb") as fh:
        fh.write((b"Troops massed near the border, officials said. " * 425_600)[:20_000_000])
    (d / "mixed.jsonl").write_text(
        '{"id": "ok-1", "text": "Chad closed its border with Sudan on Friday.", "date": "2022-04-01"}\n'
        '{"id": "broken", "text": "Niger recalled\n'
        '{"id": "ok-3", "text": "Mali expelled the French ambassador.", "date": "2022-01-31"}\n',
        encoding="utf-8")
    (d / "cp1252.txt").write_bytes(("date 2021-10-04 " + STORY).encode("cp1252"))
    (d / "utf16.txt").write_bytes(("date 2021-10-05 " + STORY).encode("utf-16"))
    for name in ("undated-protest.txt", "page.html", "feed.rss", "feed.atom"):
        shutil.copy(INPUTS / name, d / name)
    order = ["empty.txt", "cp1252.txt", "binary.txt", "mixed.jsonl", "huge.txt", "utf16.txt",
             "undated-protest.txt", "page.html", "feed.rss", "feed.atom"]
    paths = [d / n for n in order]
    if EXAMPLE.exists():
        paths.append(EXAMPLE)
    return paths, d


def test_bad_inputs_are_skipped_and_the_batch_goes_on(bad_batch, tmp_path):
    paths, d = bad_batch
    out = tmp_path / "events.jsonl"
    result = run(*map(str, paths), "-o", str(out))
    assert result.exit_code == 2, result.output
    err = result.stderr.splitlines()
    skipped = [line for line in err if line.startswith("whimbrel: skipped ")]
    assert skipped == [
        f"whimbrel: skipped {d / 'empty.txt'}: empty file; skipped",
        skipped[1],
        f"whimbrel: skipped {d / 'mixed.jsonl'}:2: line 2: not valid JSON "
        "(Unterminated string starting at column 26); skipped",
        skipped[3],
        f"whimbrel: skipped {d / 'feed.rss'}:item 3: no title and no text; skipped",
    ]
    assert skipped[1].startswith(f"whimbrel: skipped {d / 'binary.txt'}: looks like a binary file (")
    assert skipped[3].startswith(f"whimbrel: skipped {d / 'huge.txt'}: file is 20.0 MB, over the "
                                 "5.0 MB limit")
    assert "--max-bytes" in skipped[3]
    assert f"whimbrel: warning: {d / 'undated-protest.txt'}: {NO_DATE_HINT}" in err
    assert sum("warning" in line for line in err) == 1  # every other story has a date
    n_articles = 2 + 1 + 1 + 1 + 1 + 2 + 2 + (1 if EXAMPLE.exists() else 0)
    events = jsonl(out)
    assert err[-1] == (f"{n_articles} articles, {len(events)} event{'s' * (len(events) != 1)}, "
                       "5 skipped")
    good_ids = {"ok-1", "ok-3", "cp1252", "utf16", "undated-protest", "page",
                "https://wire.example.org/world/japan-korea-talks",
                "https://wire.example.org/world/brazil-recalls",
                "urn:example:gazette:1001", "urn:example:gazette:1002", "jmcc-2021-09-29"}
    assert {e["doc_id"] for e in events} <= good_ids
    assert all(e["event_id"] and e["trigger"]["text"] for e in events)


def test_events_match_the_library(tmp_path):
    """The command writes exactly what the API codes for the same file."""
    from whimbrel.api import code_article
    from whimbrel.ingest import read_inputs

    story = EXAMPLE if EXAMPLE.exists() else INPUTS / "ankara-talks.txt"
    out = tmp_path / "out.jsonl"
    result = run(str(story), "-o", str(out))
    assert result.exit_code == 0, result.output
    (article,) = read_inputs([story])
    expected = [e.to_dict() for e in code_article(article).events]
    assert jsonl(out) == json.loads(json.dumps(expected))
    assert result.stderr.splitlines()[-1].startswith("1 article, ")
    assert "warning" not in result.stderr


@pytest.mark.skipif(not EXAMPLE.exists(), reason="shared example not present")
@needs_all_stages
def test_example_story_gives_events():
    result = run(str(EXAMPLE), "--format", "jsonl")
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0
    assert events and {e["doc_id"] for e in events} == {"jmcc-2021-09-29"}
    # the desk slug is blanked, so no actor is read from it
    actors = [a["text"] for e in events for a in e["source"] + e["target"]]
    assert not any(t in ("PTI", "SH", "MRJ", "AKJ") for t in actors)


def test_csv_output(tmp_path):
    story = EXAMPLE if EXAMPLE.exists() else INPUTS / "ankara-talks.txt"
    as_jsonl, as_csv = tmp_path / "o.jsonl", tmp_path / "o.csv"
    assert run(str(story), "-o", str(as_jsonl)).exit_code == 0
    assert run(str(story), "-o", str(as_csv)).exit_code == 0
    with as_csv.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    events = jsonl(as_jsonl)
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in events]
    for row, event in zip(rows, events):
        assert row["doc_id"] == event["doc_id"]
        assert json.loads(row["source_json"]) == event["source"]
        assert row["source"].count(";") == max(len(event["source"]) - 1, 0)
        assert row["cameo"] == event["cameo"]


def test_stdout_is_jsonl_unless_asked_and_table_on_request():
    story = str(INPUTS / "ankara-talks.txt")
    plain = run(story)
    assert plain.exit_code == 0
    for line in plain.stdout.splitlines():
        assert json.loads(line)["doc_id"] == "ankara-talks"
    table = run(story, "--format", "table")
    assert table.exit_code == 0
    header = table.stdout.splitlines()[0].split()
    assert header == ["doc", "sent", "type", "cameo", "source", "target", "date", "status",
                      "place", "trigger"]
    assert len(table.stdout.splitlines()) == 2 + len(plain.stdout.splitlines())


def test_date_option_silences_the_warning(tmp_path):
    story = str(INPUTS / "undated-protest.txt")
    warned = run(story, "-o", str(tmp_path / "a.jsonl"))
    assert warned.exit_code == 0 and NO_DATE_HINT in warned.stderr
    dated = run(story, "--date", "2023-04-05", "-o", str(tmp_path / "b.jsonl"))
    assert dated.exit_code == 0 and "warning" not in dated.stderr


def test_max_bytes_option(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Peru and Chile signed a fisheries accord in Lima. " * 40, encoding="utf-8")
    small = run(str(story), "--max-bytes", "1000", "-o", str(tmp_path / "x.jsonl"))
    assert small.exit_code == 2 and "file is 2.0 KB, over the 1.0 KB limit" in small.stderr
    assert run(str(story), "--max-bytes", "10000", "-o", str(tmp_path / "y.jsonl")).exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["--date", "2021-13-01", "x.txt"], "is not a date; use YYYY-MM-DD"),
    ([], "Missing argument"),
    (["--format", "xml", "x.txt"], "Invalid value for '--format'"),
    (["--processes", "0", "x.txt"], "Invalid value for '-p' / '--processes'"),
])
def test_usage_errors_exit_1(args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.stderr


def test_unwritable_output_is_a_one_line_error(tmp_path):
    result = run(str(INPUTS / "ankara-talks.txt"), "-o", str(tmp_path))  # a directory
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"whimbrel: error: cannot write {tmp_path}: Is a directory"]


def test_missing_input_is_skipped(tmp_path):
    result = run(str(tmp_path / "nope.txt"), str(INPUTS / "ankara-talks.txt"),
                 "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 2
    assert f"whimbrel: skipped {tmp_path / 'nope.txt'}: no such file or folder; skipped" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("1 article, ")


def _whimbrel(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("whimbrel")
    return subprocess.run([str(exe), *args], input=input, capture_output=True, timeout=300)


def test_cli_import_stays_light():
    code = ("import sys, whimbrel.cli; heavy = [m for m in ('spacy', 'lxml', 'feedparser', "
            "'charset_normalizer', 'duckdb', 'thinc') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
@needs_all_stages
def test_stdin_and_two_processes(tmp_path):
    """Through the installed script: '-' reads stdin; -p 2 gives the same events as -p 1."""
    piped = _whimbrel("code", "-", "--date", "2021-10-04", input=STORY.encode("utf-8"))
    assert piped.returncode == 0, piped.stderr
    assert all(json.loads(line)["doc_id"] == "stdin" for line in piped.stdout.splitlines())
    assert piped.stderr.decode().splitlines()[-1].startswith("1 article, ")
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("ankara-talks.txt", "header-block.txt", "feed.rss", "stories.jsonl"):
        shutil.copy(INPUTS / name, folder / name)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    r1 = _whimbrel("code", str(folder), "-p", "1", "-o", str(one))
    r2 = _whimbrel("code", str(folder), "-p", "2", "-o", str(two))
    assert r1.returncode == r2.returncode == 2  # stories.jsonl and feed.rss have bad records
    assert r1.stderr == r2.stderr
    assert one.read_text() == two.read_text()


@needs_all_stages
def test_progress_line_on_a_terminal_only(tmp_path):
    """On a terminal, stderr shows stories/s and an ETA; piped, only the summary line."""
    import pty

    here = Path(__file__).resolve().parent
    stories = sorted((here.parent / "examples").glob("*.txt")) + sorted(here.glob("stories/*.txt"))
    stories += sorted(here.glob("stories/fresh/*.txt"))  # ~28 stories: a few redraws
    exe = Path(sys.executable).with_name("whimbrel")
    args = [str(exe), "code", *map(str, stories), "-p", "1", "-o", str(tmp_path / "e.jsonl")]
    master, slave = pty.openpty()
    try:
        # redraw on every story: how long the run lasts must not decide what is shown
        env = {**os.environ, "WHIMBREL_PROGRESS_INTERVAL": "0"}
        proc = subprocess.run(args, stderr=slave, stdout=subprocess.DEVNULL, timeout=300, env=env)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # the terminal is closed and drained
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, shown
    assert "stories/s" in shown and "ETA" in shown and "\r" in shown
    assert shown.rstrip().splitlines()[-1].strip().endswith("0 skipped")
    piped = _whimbrel(*args[1:])
    assert piped.returncode == 0
    assert piped.stderr.decode().splitlines() == [shown.rstrip().splitlines()[-1].strip()]
