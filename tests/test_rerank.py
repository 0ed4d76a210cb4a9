"""The coder's learned re-ranker (events/rerank.py): shipped weights, decisions, explanations.

Real spaCy model, real weights; the sentences are written for this test (none from an
evaluation set)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from whimbrel.evaluate import LOCKBOX, half_of
from whimbrel.events.rerank import (
    NONE,
    RerankModel,
    choice_code,
    code_for,
    decide,
    evidence_tags,
    load_model,
)
from whimbrel.model import Article
from whimbrel.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent


def _train_tool():
    spec = importlib.util.spec_from_file_location("train_coder", ROOT / "tools" / "train_coder.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_coder", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pipelines() -> tuple[Pipeline, Pipeline]:
    """(rules only, rules + the shipped re-ranker)."""
    return Pipeline(options={"events": {"rerank": False}}), Pipeline()


def _events(pipeline: Pipeline, text: str):
    return pipeline(Article(doc_id="t", text=text)).events


def test_shipped_weights_are_fitted_on_the_training_files() -> None:
    """The weights record the hash of the records tools/train_coder.py reads today; when
    training/*.jsonl or the blind working half change, the weights must be refitted."""
    tool = _train_tool()
    records = tool.load_records(ROOT)
    model = load_model()
    assert model.inputs["sha256"] == tool.inputs_hash(records), (
        "data/events/rerank.json was fitted on other training data: run "
        "`pip install -e '.[train]' && python tools/train_coder.py`")
    assert model.inputs["n_sentences"] == len(records)
    assert set(model.classes) >= {NONE, "ASSAULT", "PROTEST", "AGREE"}


def test_training_never_reads_held_out_sets() -> None:
    """No lockbox-half id, no id of the own set or the later blind sets, no dev-set origin
    among the training records."""
    tool = _train_tool()
    records = tool.load_records(ROOT)
    data = ROOT / "tests" / "data"
    held_out = {json.loads(line)["id"] for path in [data / "sentences_own.jsonl"]
                + [p for p in data.glob("*blind*.jsonl") if p.name != "sentences_blind.jsonl"]
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    blind = [r for r in records if r["group"] == "blind-working"]
    assert blind and not any(half_of(r["id"]) == LOCKBOX for r in blind)
    assert held_out and not any(r["id"] in held_out for r in records)
    assert not any(str(r.get("origin", "")).startswith(("plover", "cameo")) for r in records)


def _model(**settings) -> RerankModel:
    """A hand-made model: the candidate feature 'good' raises a score, 'bad' lowers it;
    the sentence feature 'w=march' makes the sentence a PROTEST."""
    base = RerankModel(classes=("ASSAULT", NONE, "PROTEST"), sent_bias=(0.0, 0.0, 0.0),
                       sent_weights={"w=march": (0.0, 0.0, 5.0)}, cand_bias=0.0,
                       cand_weights={"good": 3.0, "bad": -3.0}, keep=0.2, retype=1.01,
                       keep_sure=0.5, max_events=3, rescore=True, type_codes={"PROTEST": "141"})
    return replace(base, **settings)


def test_decide_drops_doubtful_candidates_and_keeps_statements() -> None:
    model = _model()
    probs = model.sentence_probs({})
    chosen = decide(model, probs, [{"good": 1.0}, {"bad": 1.0}, {"bad": 1.0}], ["ASSAULT", "COERCE", None])
    assert [(c.index, c.event_type) for c in chosen] == [(0, "ASSAULT"), (2, None)]
    assert chosen[0].score > 0.9 and "good +3.00" in chosen[0].why


def test_decide_drops_conservatively_when_asked() -> None:
    """drop_agree: a doubtful candidate goes only if the sentence classifier agrees;
    keep_last: a sentence loses its last event only if the classifier says NONE."""
    feats, types = [{"bad": 1.0}], ["PROTEST"]
    model = _model()
    marching = model.sentence_probs({"w=march": 1.0})  # P(PROTEST) > 0.9
    assert decide(model, marching, feats, types) == []
    kept = decide(replace(model, drop_agree=0.5), marching, feats, types)
    assert [(c.index, c.event_type) for c in kept] == [(0, "PROTEST")]
    unsure = model.sentence_probs({})  # P(NONE) = 1/3
    assert decide(replace(model, keep_last=0.3), unsure, feats, types) == []
    assert [c.event_type for c in decide(replace(model, keep_last=0.5), unsure, feats, types)] == ["PROTEST"]
    # only the best of several doubtful candidates is kept back
    two = decide(replace(model, keep_last=0.5), unsure, [{"bad": 1.0}, {"bad": 2.0}], ["ASSAULT", "PROTEST"])
    assert [(c.index, c.event_type) for c in two] == [(0, "ASSAULT")]


def test_decide_retypes_only_when_the_sentence_model_is_sure() -> None:
    feats, types = [{"bad": 0.5}], ["ASSAULT"]
    sure = _model(retype=0.9, keep=0.1)
    probs = sure.sentence_probs({"w=march": 1.0})
    assert probs["PROTEST"] > 0.9
    (choice,) = decide(sure, probs, feats, types)
    assert (choice.event_type, choice.retyped_from) == ("PROTEST", "ASSAULT")
    # a candidate the scorer believes is never re-typed
    assert decide(replace(sure, keep_sure=0.1), probs, feats, types)[0].event_type == "ASSAULT"
    # without the sentence's protest words the classifier is unsure: no re-typing
    assert decide(sure, sure.sentence_probs({}), feats, types)[0].event_type == "ASSAULT"


def test_root_classifier_chooses_the_code_among_the_roots_of_the_type() -> None:
    """A re-typed event takes the most probable root of its new type (a candidate's code of
    that root first); a kept candidate moves to another root only when the root classifier
    is sure of it (``recode``)."""
    model = _model(root_classes=("18", "19", NONE), root_bias=(0.0, 0.0, 0.0),
                   root_weights={"w=shell": (0.0, 5.0, 0.0)}, type_codes={"ASSAULT": "190"},
                   root_codes={"ASSAULT|18": "180", "ASSAULT|19": "190", "PROTEST|14": "141"},
                   recode=0.9, retype_code=0.0)
    shelled = model.root_probs({"w=shell": 1.0})  # P(19) > 0.9
    assert code_for(model, "ASSAULT", shelled, [], model.retype_code) == "190"
    assert code_for(model, "ASSAULT", shelled, ["181"], model.retype_code) == "190"
    unsure = model.root_probs({})
    assert code_for(model, "ASSAULT", unsure, ["181"], model.recode) == "181"  # 1/3 < 0.9
    assert code_for(model, "PROTEST", shelled, [], model.retype_code) == "141"  # no root 19 for it
    kept = decide(model, model.sentence_probs({}), [{"good": 1.0}], ["ASSAULT"])
    assert choice_code(model, kept[0], shelled, ["ASSAULT"], ["181"]) == "190"
    assert choice_code(replace(model, recode=1.01), kept[0], shelled, ["ASSAULT"], ["181"]) == "181"
    assert model.root_probs({}) and not _model().root_probs({"w=shell": 1.0})  # no root model: {}
    assert RerankModel.from_dict(json.loads(json.dumps(model.to_dict()))) == model


def test_context_features_read_the_lexicons_around_the_trigger() -> None:
    """What carries over to unseen words: the trigger's lexicon class, its governor's, its
    arguments', the path from the main clause and attribution ("..., officials said")."""
    from whimbrel.events.lexicon import load_lexicon
    from whimbrel.events.rerank import candidate_features

    seen = []

    def recorder(sent, events, doc):
        seen.extend(candidate_features(sent, events, i, load_lexicon()) for i in range(len(events)))
        return events

    text = "Rebels shelled the border town overnight, killing six soldiers, officials said."
    Pipeline(options={"events": {"rerank": recorder}})(Article(doc_id="t", text=text))
    shelled = next(f for f in seen if "lem=shell" in f)
    assert "attrib=reported" in shelled and "path=ccomp" in shelled
    assert any(k.startswith("trig_vroot=") for k in shelled)
    assert "t=ASSAULT|attrib=reported" in shelled


def test_evidence_tags_name_the_rule() -> None:
    assert evidence_tags("'agreed' (03) + 'hold' [pattern x]; future cooperation") == [
        "rule=gov03", "tag=future_cooperation"]
    assert evidence_tags("verb 'attack'")[0] == "rule=verb"


# Sentences written for this test: a rule coding the re-ranker overrules, and events it keeps.
OVERRULED = [
    # the rules add an AID event for "gave him 72 hours"; the re-ranker drops it
    "The Malian junta expelled the French ambassador and gave him 72 hours to leave the country.",
]
KEPT = [
    "Ethiopian troops shelled rebel positions near the town of Dessie on Sunday, killing at "
    "least twelve fighters, a military spokesman said.",
]


@pytest.mark.parametrize("text", OVERRULED)
def test_reranker_changes_the_rules_decision(pipelines, text: str) -> None:
    rules, reranked = pipelines
    before = {(e.event_type, e.cameo) for e in _events(rules, text) if e.event_type}
    after = _events(reranked, text)
    assert before != {(e.event_type, e.cameo) for e in after if e.event_type}
    for e in after:
        assert "re-ranker" in e.evidence


@pytest.mark.parametrize("text", KEPT)
def test_reranker_explains_what_it_keeps(pipelines, text: str) -> None:
    rules, reranked = pipelines
    before = [e.event_type for e in _events(rules, text)]
    after = _events(reranked, text)
    assert [e.event_type for e in after] == before
    assert all("re-ranker kept it (p=" in e.evidence for e in after)


def test_runtime_does_not_import_scikit_learn() -> None:
    """Inference is plain Python over the JSON weights: coding loads no sklearn."""
    code = ("import sys; from whimbrel.api import code_text; "
            "ev = code_text('Rebels attacked an army base in the north, the army said.'); "
            "assert ev, 'no event'; "
            "assert 're-ranker' in ev[0].evidence, ev[0].evidence; "
            "assert not [m for m in sys.modules if m.startswith('sklearn')]")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_long_stories_keep_the_rules_events(pipelines) -> None:
    """In a document longer than the model's training texts the rules' events stand."""
    rules, reranked = pipelines
    story = (OVERRULED[0] + " The ambassador left Bamako on Friday. France said it regretted "
             "the decision and would review its cooperation with Mali. The junta accused Paris "
             "of meddling in its affairs. Mali's transition charter gives the military council "
             "five years in power.")
    before = [(e.event_type, e.cameo, e.confidence) for e in _events(rules, story)]
    assert len(story.split(". ")) > load_model().max_sentences
    assert [(e.event_type, e.cameo, e.confidence) for e in _events(reranked, story)] == before
