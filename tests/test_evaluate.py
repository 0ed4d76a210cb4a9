"""Tests of `whimbrel eval`: metric arithmetic on hand-made predictions, then real runs.

The metric functions are pure, so they are checked against numbers worked out
by hand. The end-to-end tests run the real pipeline on a few gold sentences and
check the shape of the result, not the scores (the coder is still improving).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from whimbrel import evaluate as ev
from whimbrel.errors import InputError, WhimbrelError
from whimbrel.evaluate import Gold, GoldEvent, Pred

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "eval" / "sentences_dev.jsonl"
needs_dev = pytest.mark.skipif(not DEV.is_file(), reason=f"dev gold set not found at {DEV}")


def fs(*codes: str) -> frozenset[str]:
    return frozenset(codes)


def gold(id: str, types: tuple[str, ...], root: str | None = None,
         events: list[GoldEvent] | None = None) -> Gold:
    return Gold(id=id, text=f"sentence {id}", types=fs(*types), cameo_root=root, events=events or [])


# A small hand-coded set: four sentences, predictions chosen to hit every branch.
GOLDS = [
    gold("a", ("AGREE",), "03", [GoldEvent("AGREE", fs("JOR", "GBR"), fs())]),
    gold("b", ("ACCUSE",), "11", [GoldEvent("ACCUSE", fs("USA"), fs("IRN"))]),
    gold("c", (), "01"),
    gold("d", ("ASSAULT",), None, [GoldEvent("ASSAULT", fs("ISR"), fs("LBN"))]),
]
PREDS = [
    # a: right type (top), one right source; an extra REJECT of lower confidence
    [Pred("AGREE", "036", 0.9, fs("JOR"), fs()), Pred("REJECT", "120", 0.4)],
    # b: a CAMEO-01 statement outranks the right ACCUSE, whose target is wrong
    [Pred(None, "010", 0.8, fs("USA")), Pred("ACCUSE", "111", 0.6, fs("USA"), fs("IRQ"))],
    # c: untyped statement only: counts for CAMEO root, not for types
    [Pred(None, "012", 0.5)],
    # d: nothing predicted
    [],
]


def test_type_prf_counts_sets_per_sentence() -> None:
    r = ev.type_prf(GOLDS, PREDS)
    # P sets: {AGREE, REJECT}, {ACCUSE}, {}, {} -> tp 2 (AGREE, ACCUSE), fp 1 (REJECT), fn 1 (ASSAULT)
    assert (r["tp"], r["fp"], r["fn"]) == (2, 1, 1)
    assert r["precision"] == pytest.approx(2 / 3)
    assert r["recall"] == pytest.approx(2 / 3)
    assert r["f1"] == pytest.approx(2 / 3)


def test_duplicate_predicted_types_count_once() -> None:
    g = [gold("x", ("AGREE",))]
    p = [[Pred("AGREE", "030", 0.5), Pred("AGREE", "031", 0.6)]]
    assert ev.type_prf(g, p)["tp"] == 1 and ev.type_prf(g, p)["fp"] == 0


def test_top1_uses_highest_confidence_event_even_if_untyped() -> None:
    r = ev.top1_accuracy(GOLDS, PREDS)
    # sentences with gold types: a (AGREE top: hit), b (untyped top: miss), d (none: miss)
    assert (r["correct"], r["n"]) == (1, 3)


def test_top_event_ties_go_to_first() -> None:
    first, second = Pred("AGREE", "030", 0.7), Pred("REJECT", "120", 0.7)
    assert ev.top_event([first, second]) is first
    assert ev.top_event([]) is None


def test_source_accuracy_matched_and_end_to_end() -> None:
    r = ev.actor_accuracy(GOLDS, PREDS, "source")
    # gold events with sources: a, b, d; type predicted for a and b; both name a gold source
    assert (r["correct"], r["n_matched"], r["n"]) == (2, 2, 3)
    assert r["matched"] == 1.0
    assert r["end_to_end"] == pytest.approx(2 / 3)


def test_target_accuracy_counts_gold_events_without_target_as_misses() -> None:
    r = ev.actor_accuracy(GOLDS, PREDS, "target")
    # a has no gold target (names none: a miss); b predicted IRQ for IRN (miss); d not predicted
    assert (r["correct"], r["n_matched"], r["n"]) == (0, 2, 3)
    assert r["matched"] == 0.0 and r["end_to_end"] == 0.0 and r["with_actor"] == 0.0


def test_cameo_root_accuracy_includes_untyped_events() -> None:
    r = ev.cameo_root_accuracy(GOLDS, PREDS)
    # a: 036 vs 03 hit; b: top is 010 vs 11 miss; c: 012 vs 01 hit; d has no gold code
    assert (r["correct"], r["n"]) == (2, 3)


def test_confusion_rows_gold_columns_top1() -> None:
    table = ev.confusion(GOLDS, PREDS)
    assert table == {"AGREE": {"AGREE": 1}, "ACCUSE": {"none": 1}, "none": {"none": 1},
                     "ASSAULT": {"none": 1}}


def test_no_predictions_gives_zeros_not_errors() -> None:
    r = ev.sentence_metrics(GOLDS, [[] for _ in GOLDS])
    assert r["types"]["precision"] == 0.0 and r["types"]["recall"] == 0.0
    assert r["top1"]["accuracy"] == 0.0 and r["cameo_root"]["accuracy"] == 0.0
    assert r["n_predicted_events"] == 0
    text = ev.format_report(r)
    assert "event type F1" in text and "none" in text


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="prediction lists"):
        ev.sentence_metrics(GOLDS, PREDS[:2])


def test_load_gold_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    good = {"id": "1", "text": "A met B.", "gold": {"events": ["CONSULT"], "actors": []}}
    path.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold.jsonl:2"):
        ev.load_gold(path)
    assert len(ev.load_gold(path, limit=1)) == 1
    with pytest.raises(WhimbrelError, match="not found"):
        ev.load_gold(tmp_path / "missing.jsonl")


# --------------------------------------------------------------------------- story scoring


def test_parties_match_directed_symmetric_and_org_codes() -> None:
    directed = {"source": ["PER"], "target": ["MEX"]}
    assert ev.parties_match(Pred("SANCTION", source=fs("PER"), target=fs("XXX")), directed)
    assert not ev.parties_match(Pred("SANCTION", source=fs("MEX"), target=fs("PER")), directed)
    joint = {"source": ["PAK", "RUS"], "target": []}  # no target: either direction
    assert ev.parties_match(Pred("AGREE", source=fs("USA"), target=fs("RUS")), joint)
    flagged = {"source": ["RUS"], "target": ["PAK"], "symmetric": True}
    assert ev.parties_match(Pred("CONSULT", source=fs("PAK"), target=fs("RUS")), flagged)
    assert ev.parties_match(Pred("AID", source=fs("UNO")), {"source": ["IGO"], "target": ["KEN"]})


def test_score_story_date_status_and_must_not() -> None:
    spec = {
        "events": [
            {"sentence_contains": "agreed to hold", "type": "AGREE", "source": ["PAK", "RUS"],
             "target": [], "date": "2022", "status": "planned", "location_country": "RUS"},
            {"sentence_contains": "were held", "type": "CONSULT", "source": ["RUS"],
             "target": ["PAK"], "date": "2021-09-29", "status": "occurred"},
            {"sentence_contains": "said so", "type": None, "source": ["PAK"], "target": [],
             "date": "2021-09-29", "status": "occurred"},
        ],
        "must_not": ["Cold War"],
    }
    preds = [
        Pred("AGREE", "036", 0.7, fs("PAK"), fs(), "2021-09-29", "planned",
             "They agreed to hold talks in 2022.", "RUS"),
        Pred("CONSULT", "040", 0.6, fs("USA"), fs(), "2021-09-29", "occurred", "Talks were held."),
        Pred(None, "010", 0.5, fs("PAK"), fs(), "2021-09-29", "occurred", "Pakistan said so."),
        Pred("COOPERATE", "060", 0.5, fs("PAK"), fs(), "2021-09-29", "occurred",
             "Ties moved past the Cold War."),
        Pred("ASSAULT", "190", 0.5, fs("PAK"), fs(), "1971", "occurred", "Cold War fights."),
    ]
    scored = ev.score_story(preds, spec, "2021-09-29")
    rows = scored["events"]
    assert [r["matched"] for r in rows] == [True, False, True]
    assert rows[0]["date_ok"] is False and rows[0]["status_ok"] is True
    assert rows[0]["location_ok"] is True
    assert rows[1]["type_ok"] is True  # right type, wrong party
    assert len(scored["violations"]) == 1  # the 1971 event is not of the publication day
    totals = ev.story_totals([scored])
    assert totals["type_parties"] == pytest.approx(2 / 3)
    assert totals["date"] == pytest.approx(1 / 2)
    assert totals["status"] == 1.0
    assert totals["must_not_violations"] == 1


# --------------------------------------------------------------------------- real runs


@pytest.fixture(scope="module")
def pipeline():
    from whimbrel.api import get_pipeline

    return get_pipeline()


@needs_dev
def test_evaluate_end_to_end_structure(pipeline, tmp_path: Path) -> None:
    errors = tmp_path / "errors.jsonl"
    result = ev.evaluate(DEV, pipeline, limit=6, errors_path=errors)
    assert result["n_sentences"] == 6
    for key in ("types", "top1", "source", "target", "cameo_root", "confusion"):
        assert key in result
    assert set(result["types"]) >= {"precision", "recall", "f1", "tp", "fp", "fn"}
    assert result["top1"]["n"] <= 6
    assert sum(sum(row.values()) for row in result["confusion"].values()) == 6
    lines = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6
    assert {"id", "text", "gold_types", "predicted", "top1", "missed_types"} <= set(lines[0])
    json.dumps(result)  # the --json output must serialise


@needs_dev
def test_cli_eval_json_and_text(tmp_path: Path) -> None:
    from whimbrel.cli import main

    runner = CliRunner()
    res = runner.invoke(main, ["eval", str(DEV), "--limit", "3", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["n_sentences"] == 3
    res = runner.invoke(main, ["eval", str(DEV), "--limit", "3"])
    assert res.exit_code == 0, res.output
    assert "CAMEO root accuracy" in res.output and "confusion" in res.output


def test_cli_eval_takes_one_input_at_most(tmp_path: Path) -> None:
    from whimbrel.cli import main

    res = CliRunner().invoke(main, ["eval", str(DEV), "--stories", str(tmp_path / "e.json")])
    assert res.exit_code == 2 and "give one of" in res.output
    res = CliRunner().invoke(main, ["eval", "--all", "--errors", str(tmp_path / "e.jsonl")])
    assert res.exit_code == 2 and "all-sets table" in res.output
    res = CliRunner().invoke(main, ["eval", str(tmp_path / "nope.jsonl")])
    assert res.exit_code == 1 and "not found" in res.output


def test_cli_eval_stories(tmp_path: Path) -> None:
    from whimbrel.cli import main

    (tmp_path / "talks.txt").write_text(
        "date 2024-03-06\nHANOI, March 6 - Vietnam and the Philippines agreed on Wednesday "
        "to hold a joint coast guard exercise next month.\n\n"
        "The two countries fought no wars in 1979.\n", encoding="utf-8")
    spec = [{"file": "talks.txt", "events": [
        {"sentence_contains": "agreed on Wednesday", "type": "AGREE", "source": ["VNM", "PHL"],
         "target": [], "date": "2024-04", "status": "planned", "location_country": None}],
        "must_not": ["fought no wars"]},
        {"file": "missing.txt", "events": [], "must_not": []}]
    expected = tmp_path / "expected.json"
    expected.write_text(json.dumps(spec), encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", "--stories", str(expected), "--stories-dir", str(tmp_path),
                                    "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["totals"]["n_events"] == 1
    assert data["skipped"] == ["missing.txt"]
    assert data["stories"][0]["file"] == "talks.txt"
    assert {"matched", "date_ok", "status_ok", "predicted"} <= set(data["stories"][0]["events"][0])


def test_read_story_needs_a_date(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("Vietnam and the Philippines held talks.\n", encoding="utf-8")
    with pytest.raises(InputError, match="publication date"):
        ev.read_story(path)


# --------------------------------------------------------------------------- blind halves

def _blind_file(tmp_path: Path, n: int = 12) -> Path:
    """A small blind-format set written here: n sentences with ids T-000, T-001, ..."""
    rows = [{"id": f"T-{i:03d}", "text": f"Chile and Peru held talks on fishing rights number {i}.",
             "gold": {"events": ["CONSULT"], "cameo": "040", "cameo_root": "04",
                      "actors": [{"event": "CONSULT", "source": [{"code": "CHL"}], "target": [{"code": "PER"}]}]}}
            for i in range(n)]
    path = tmp_path / "sentences_blind.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_half_of_follows_the_sha1_rule() -> None:
    import hashlib

    for rid in ("BL-001", "BL-002", "x", "PLOVER-7"):
        odd = int(hashlib.sha1(rid.encode()).hexdigest(), 16) % 2 == 1
        assert ev.half_of(rid) == (ev.LOCKBOX if odd else ev.WORKING)


def test_halves_partition_a_blind_set(tmp_path: Path) -> None:
    path = _blind_file(tmp_path)
    work, lock = ev.load_gold(path, half=ev.WORKING), ev.load_gold(path, half=ev.LOCKBOX)
    assert len(work) + len(lock) == 12 and work and lock
    assert not {g.id for g in work} & {g.id for g in lock}
    with pytest.raises(WhimbrelError):
        ev.load_gold(path, half="both")


def test_lockbox_errors_are_never_written(pipeline, tmp_path: Path) -> None:
    path = _blind_file(tmp_path, 6)
    with pytest.raises(WhimbrelError, match="lockbox"):
        ev.evaluate(path, pipeline, half=ev.LOCKBOX, errors_path=tmp_path / "e.jsonl")
    lock = ev.evaluate(path, pipeline, half=ev.LOCKBOX)
    assert "confusion" not in lock  # totals only
    errors = tmp_path / "all.jsonl"
    ev.evaluate(path, pipeline, errors_path=errors)  # the whole blind file: working half only
    written = {json.loads(line)["id"] for line in errors.read_text(encoding="utf-8").splitlines()}
    assert written == {g.id for g in ev.load_gold(path, half=ev.WORKING)}


def test_no_event_rate_counts_sentences_without_any_code() -> None:
    golds = [gold("a", ()), gold("b", ()), gold("c", (), root="01"), gold("d", ("ASSAULT",), "18")]
    preds = [[Pred("ASSAULT")], [Pred(None, "010")], [Pred("ACCUSE")], [Pred("ASSAULT")]]
    assert ev.no_event_rate(golds, preds) == {"rate": 0.5, "with_event": 1, "n": 2}


def test_all_sets_table_lists_every_set_and_the_missing(pipeline, tmp_path: Path) -> None:
    path = _blind_file(tmp_path, 6)
    sets = [ev.EvalSet("blind-working", path, half=ev.WORKING),
            ev.EvalSet("blind-lockbox", path, half=ev.LOCKBOX),
            ev.EvalSet("own", tmp_path / "absent.jsonl")]
    result = ev.evaluate_all(sets, pipeline)
    text = ev.format_all_report(result)
    assert "blind-working" in text and "blind-lockbox" in text and "missing: own" in text
    n = sum(r["n_sentences"] for r in result["sets"].values())
    assert n == 6


# ---------------------------------------------------------------- conflict snippets


def snip(id: str, category: str, expected: str | None) -> ev.Snippet:
    return ev.Snippet(id=id, text=f"snippet {id}", category=category, expected=expected)


def test_snippet_metrics_count_found_types_and_events_given_to_no_event_reports() -> None:
    snips = [snip("a", "air_strike", "ASSAULT"), snip("b", "air_strike", "ASSAULT"),
             snip("c", "peaceful_protest", "PROTEST"), snip("d", "disaster_natural", None),
             snip("e", "disaster_natural", None)]
    preds = [[Pred("ASSAULT"), Pred("ACCUSE")], [Pred("PROTEST")], [Pred(None, "010"), Pred("PROTEST")],
             [Pred(None, "010")], [Pred("AID")]]
    m = ev.snippet_metrics(snips, preds)
    assert m["found"] == {"share": 2 / 3, "hits": 2, "n": 3}
    assert m["no_event"] == {"rate": 0.5, "with_event": 1, "n": 2}  # an untyped statement is no event
    assert m["by_category"]["air_strike"] == {"hits": 1, "n": 2, "no_event": False, "share": 0.5}
    assert m["by_category"]["disaster_natural"]["share"] == 0.5


def _snippet_file(tmp_path: Path) -> Path:
    rows = [{"id": f"S-{i:03d}", "text": text, "date": "2023-05-04", "category": cat, "expected": exp,
             "also": [], "origin": "test"} for i, (text, cat, exp) in enumerate([
                 ("Rebels shelled the army barracks in Kidal on Tuesday.", "shelling", "ASSAULT"),
                 ("Hundreds of teachers marched through Harare to demand higher pay.", "peaceful_protest", "PROTEST"),
                 ("A landslide buried a village in the hills after heavy rain.", "disaster_natural", None),
                 ("Police in Lagos arrested a reporter covering the election.", "arrest", "COERCE"),
                 ("Floods swept away hundreds of houses in the delta.", "disaster_natural", None),
                 ("Gunmen abducted eight farmers near Zaria on Sunday.", "abduction", "ASSAULT")])]
    path = tmp_path / "snippets_blind.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_snippet_halves_lockbox_totals_only_and_errors_of_the_working_half(pipeline, tmp_path: Path) -> None:
    path = _snippet_file(tmp_path)
    assert ev.is_snippet_file(path) and not ev.is_snippet_file(_blind_file(tmp_path, 2))
    work, lock = ev.load_snippets(path, ev.WORKING), ev.load_snippets(path, ev.LOCKBOX)
    assert len(work) + len(lock) == 6 and not {s.id for s in work} & {s.id for s in lock}
    with pytest.raises(WhimbrelError, match="lockbox"):
        ev.evaluate_snippets(path, pipeline, half=ev.LOCKBOX, errors_path=tmp_path / "e.jsonl")
    locked = ev.evaluate_snippets(path, pipeline, half=ev.LOCKBOX)
    assert "by_category" not in locked and "lockbox: totals only" in ev.format_snippet_report(locked)
    errors = tmp_path / "errors.jsonl"
    whole = ev.evaluate_snippets(path, pipeline, errors_path=errors)
    assert whole["found"]["n"] == 4 and whole["no_event"]["n"] == 2
    written = {json.loads(line)["id"] for line in errors.read_text(encoding="utf-8").splitlines()}
    assert written == {s.id for s in work}


def test_all_sets_table_has_snippet_rows_and_skips_an_absent_file(pipeline, tmp_path: Path) -> None:
    path = _snippet_file(tmp_path)
    sets = [ev.EvalSet("snippets-blind-working", path, kind="snippets", half=ev.WORKING),
            ev.EvalSet("snippets-blind-lockbox", path, kind="snippets", half=ev.LOCKBOX),
            ev.EvalSet("snippets-other", tmp_path / "absent.jsonl", kind="snippets", half=ev.WORKING)]
    result = ev.evaluate_all(sets, pipeline)
    text = ev.format_all_report(result)
    assert "snippets-blind-working" in text and "snippets-blind-lockbox" in text
    assert "missing: snippets-other" in text
    assert sum(r["n"] for r in result["sets"].values()) == 6
    names = [s.name for s in ev.default_sets(tmp_path)]
    assert {"snippets-blind-working", "snippets-blind-lockbox",
            "snippets-blind2-working", "snippets-blind2-lockbox",
            "snippets-blind3-working", "snippets-blind3-lockbox"} <= set(names)
    assert {"blind3-working", "blind3-lockbox", "blind4-working", "blind4-lockbox",
            "stories-blind2-working", "stories-blind2-lockbox"} <= set(names)


def _snippet2_file(tmp_path: Path) -> Path:
    """Realistic disaster and crime reports beside political news in the same settings
    (the second blind snippet set's shape: its own categories, 1-4 sentences)."""
    rows = [{"id": f"SNIP2-{i:04d}", "text": text, "date": "2021-08-02", "category": cat, "expected": exp,
             "also": [], "origin": "test"} for i, (text, cat, exp) in enumerate([
                 ("A bus plunged into a gorge near Shimla, killing 14 passengers. Police arrested the "
                  "driver, a district official said.", "transport", None),
                 ("Relatives of the miners trapped in Soma protested outside the company offices on "
                  "Monday, demanding faster rescue.", "peaceful_protest", "PROTEST"),
                 ("Floods in Kerala killed 30 people. The chief minister visited relief camps and "
                  "announced compensation for the families.", "disaster_natural", None),
                 ("Gunmen attacked a police post in Borno, killing four officers.", "attack", "ASSAULT"),
                 ("Cholera has killed 12 people in Kasese district, health officials said.", "epidemic", None)],
                 start=1)]
    path = tmp_path / "snippets_blind2.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_all_sets_table_scores_both_snippet_sets_in_their_halves(pipeline, tmp_path: Path) -> None:
    data = tmp_path / "tests" / "data"
    data.mkdir(parents=True)
    _snippet_file(data)
    second = _snippet2_file(data)
    named = {s.name: s for s in ev.default_sets(tmp_path)}
    assert named["snippets-blind2-working"].path == second and named["snippets-blind2-lockbox"].half == ev.LOCKBOX
    sets = [named[n] for n in ("snippets-blind-working", "snippets-blind-lockbox",
                               "snippets-blind2-working", "snippets-blind2-lockbox")]
    result = ev.evaluate_all(sets, pipeline)
    rows = result["sets"]
    assert set(rows) == {s.name for s in sets} and not result["missing"]
    assert rows["snippets-blind2-working"]["n"] + rows["snippets-blind2-lockbox"]["n"] == 5
    assert rows["snippets-blind-working"]["n"] + rows["snippets-blind-lockbox"]["n"] == 6
    work = {s.category for s in ev.load_snippets(second, ev.WORKING)}
    assert set(rows["snippets-blind2-working"]["by_category"]) == work  # categories: working half only
    assert "by_category" not in rows["snippets-blind2-lockbox"]
    text = ev.format_all_report(result)
    table = text[text.index("snippets-blind2-working"):text.index("snippets-blind2-lockbox")]
    assert all(c in table for c in work)
    lock = {s.category for s in ev.load_snippets(second, ev.LOCKBOX)} - work
    assert lock and not any(c in text[text.index("snippets-blind2-lockbox"):] for c in lock)


def test_cli_eval_scores_a_snippet_file(tmp_path: Path) -> None:
    from whimbrel.cli import main

    res = CliRunner().invoke(main, ["eval", str(_snippet_file(tmp_path)), "--half", "working", "-p", "1"])
    assert res.exit_code == 0, res.output
    assert "expected type found" in res.output
