"""A learned re-ranker over the rule coder's candidate events (issue 7).

The rule coder (``coder.py``) proposes, per parsed sentence, the events of its clauses
(the main clause, coordinated and subordinate clauses, the planned act beside an AGREE,
statements). Rules written per error class fit the sentences they were written for; this
module weighs the coder's candidates with two small linear models trained on labelled
sentences (``tools/train_coder.py``), and decides what the sentence reports:

* a **sentence classifier** (multinomial logistic regression) gives P(type | sentence)
  over the 16 PLOVER types and ``NONE`` from the sentence's lemma bag, its actors, its
  modality words and the candidates' types and triggers;
* a **candidate scorer** (binary logistic regression) gives P(this candidate's type is
  right) from the candidate's own features (type, CAMEO root, trigger lemma and its
  governor, dependency label, the rule that fired, modality tags, actor kinds of source
  and target, rank among the candidates) plus the sentence classifier's probabilities.

Decision: candidates scoring at least ``keep`` are emitted (at most ``max_events``), with
their score as confidence; when the sentence classifier is sure (>= ``retype``) of a type no
kept candidate has, the best candidate is re-typed to it (the CAMEO code of a candidate of
that type, else the type's most frequent code in the training data). Every emitted event's
``evidence`` says the re-ranker chose it and names the features that weighed most.

Inference is plain Python over a JSON weight file (``data/events/rerank.json``), loaded
lazily once per process: no scikit-learn at run time.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

from .._cache import cached, fingerprint
from .._tokens import built
from ..errors import WhimbrelError
from ..model import Document, Event, Sentence
from . import syntax as syn

Token = Any  # spacy.tokens.Token
NONE = "NONE"  # the sentence class "no PLOVER event"
MODALS = {"will", "would", "may", "might", "could", "can", "must", "should", "shall", "'ll"}
CONDITIONS = {"unless", "if", "until", "once"}
_QUOTED = re.compile(r"'[^']*'")
_GOVERNED = re.compile(r"^'[^']+' \((\d\d)\) \+")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class RerankModel:
    """The weights of both models and the decision's settings (see the module doc)."""

    classes: tuple[str, ...]
    sent_bias: tuple[float, ...]
    sent_weights: dict[str, tuple[float, ...]]
    cand_bias: float
    cand_weights: dict[str, float]
    keep: float = 0.2
    retype: float = 1.01  # above 1: never re-type
    keep_sure: float = 0.5  # a candidate scoring this much is never re-typed
    #: A candidate scoring below ``keep`` is dropped only if the sentence classifier agrees:
    #: P(its type | sentence) below this (1.01: the candidate scorer alone decides)
    drop_agree: float = 1.01
    #: A sentence loses its last typed candidate only if the sentence classifier gives
    #: P(NONE) at least this (0: no such guard); else the best-scoring one stands
    keep_last: float = 0.0
    max_events: int = 3
    rescore: bool = True  # the model's score becomes the confidence (else the rules')
    create: float = 1.01  # no candidate, P(type) at least this, an actor as subject: code it
    #: The re-ranker decides only in documents of at most this many sentences (the shipped
    #: weights say 4: snippets of 3-4 sentences; tools/train_coder.py MAX_SENTENCES): the
    #: models learnt from single sentences and snippets; in longer stories (background
    #: sentences, quotes, events told over several sentences that the merge stage joins) the
    #: rules' events stand (measured: dropping and re-typing there lost key story events).
    max_sentences: int = 2
    type_codes: dict[str, str] | None = None
    inputs: dict[str, Any] | None = None
    #: A CAMEO-root classifier over the same sentence features (``root_classes`` empty: none):
    #: it chooses the code of a re-typed or created event among the roots of its type
    root_classes: tuple[str, ...] = ()
    root_bias: tuple[float, ...] = ()
    root_weights: dict[str, tuple[float, ...]] | None = None
    #: "TYPE|root" -> the code the training sentences of that type and root carry most often
    root_codes: dict[str, str] | None = None
    #: a kept candidate's code moves to another root of its type only when the root
    #: classifier gives that root at least this (1.01: never)
    recode: float = 1.01
    #: a re-typed or created event takes the most probable root of its type when the root
    #: classifier gives it at least this (else a candidate's code of the type, or its default)
    retype_code: float = 1.01

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RerankModel:
        s, c = data["sentence"], data["candidate"]
        return cls(classes=tuple(s["classes"]), sent_bias=tuple(s["bias"]),
                   sent_weights={k: tuple(v) for k, v in s["weights"].items()},
                   cand_bias=c["bias"], cand_weights=dict(c["weights"]),
                   keep=data["keep"], retype=data["retype"], keep_sure=data["keep_sure"],
                   drop_agree=data.get("drop_agree", 1.01), keep_last=data.get("keep_last", 0.0),
                   max_events=data["max_events"], rescore=data.get("rescore", True),
                   create=data.get("create", 1.01), max_sentences=data.get("max_sentences", 2),
                   type_codes=data.get("type_codes") or {}, inputs=data.get("inputs"),
                   **_root_fields(data.get("root")),
                   recode=data.get("recode", 1.01), retype_code=data.get("retype_code", 1.01))

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": {"classes": list(self.classes), "bias": list(self.sent_bias),
                             "weights": {k: list(v) for k, v in sorted(self.sent_weights.items())}},
                "candidate": {"bias": self.cand_bias, "weights": dict(sorted(self.cand_weights.items()))},
                "keep": self.keep, "retype": self.retype, "keep_sure": self.keep_sure,
                "drop_agree": self.drop_agree, "keep_last": self.keep_last,
                "max_events": self.max_events, "rescore": self.rescore, "create": self.create,
                "max_sentences": self.max_sentences,
                "type_codes": self.type_codes, "inputs": self.inputs,
                "recode": self.recode, "retype_code": self.retype_code,
                "root": None if not self.root_classes else {
                    "classes": list(self.root_classes), "bias": list(self.root_bias),
                    "weights": {k: list(v) for k, v in sorted((self.root_weights or {}).items())},
                    "codes": dict(sorted((self.root_codes or {}).items()))}}

    def sentence_probs(self, feats: dict[str, float]) -> dict[str, float]:
        """P(class | sentence features): softmax of the linear scores."""
        return _softmax(self.classes, self.sent_bias, self.sent_weights, feats)

    def root_probs(self, feats: dict[str, float]) -> dict[str, float]:
        """P(CAMEO root | sentence features); empty without a root classifier."""
        if not self.root_classes:
            return {}
        return _softmax(self.root_classes, self.root_bias, self.root_weights or {}, feats)

    def candidate_score(self, feats: dict[str, float]) -> float:
        """P(the candidate's type is one the sentence reports)."""
        z = self.cand_bias + sum(self.cand_weights.get(n, 0.0) * v for n, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def top_features(self, feats: dict[str, float], n: int = 3) -> list[str]:
        """The candidate features that raised its score most (for the explanation)."""
        parts = [(self.cand_weights.get(k, 0.0) * v, k) for k, v in feats.items()]
        return [f"{k} {w:+.2f}" for w, k in sorted(parts, reverse=True)[:n] if w > 0]


def _softmax(classes: Sequence[str], bias: Sequence[float], weights: dict[str, Sequence[float]],
             feats: dict[str, float]) -> dict[str, float]:
    scores = list(bias)
    for name, value in feats.items():
        w = weights.get(name)
        if w is not None:
            for k, wk in enumerate(w):
                scores[k] += wk * value
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {c: e / total for c, e in zip(classes, exps)}


def _root_fields(root: dict[str, Any] | None) -> dict[str, Any]:
    if not root:
        return {}
    return {"root_classes": tuple(root["classes"]), "root_bias": tuple(root["bias"]),
            "root_weights": {k: tuple(v) for k, v in root["weights"].items()},
            "root_codes": dict(root["codes"])}


DEFAULT_PATH = "rerank.json"


def _shipped() -> Any:
    return resources.files("whimbrel") / "data" / "events" / DEFAULT_PATH


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> RerankModel:
    """The shipped weights (``data/events/rerank.json``) or those at ``path``."""
    try:
        if path is None:
            # 2.6 MB of JSON takes ~0.15 s to parse at every start; a pickle of the built
            # model, keyed by the file's hash, loads in a fraction of that
            shipped = Path(str(_shipped()))
            return cached("rerank", fingerprint([shipped]),
                          lambda: RerankModel.from_dict(json.loads(shipped.read_text("utf-8"))))
        return RerankModel.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as err:
        raise WhimbrelError(f"cannot load the re-ranker weights ({path or DEFAULT_PATH}): {err}; "
                            "rebuild them with tools/train_coder.py or pass rerank=False "
                            "to the events stage") from None


# --------------------------------------------------------------------------- features


def trigger_tokens(sent: Sentence, event: Event) -> list[Token]:
    """The parsed tokens of an event's trigger span (first and last word matter)."""
    start, end = event.trigger_span[0] - sent.start, event.trigger_span[1] - sent.start
    words = built(sent.doc) or sent.doc  # (the FastTokens of a parsed sentence)
    toks = [t for t in words if t.idx < end and t.idx + len(t.text) > start]
    return toks or [words[0]]


def evidence_tags(evidence: str | None) -> list[str]:
    """The rule behind a candidate, from its evidence text: kind and modality tags."""
    parts = [p.strip() for p in (evidence or "").split(";")]
    first = parts[0]
    gov = _GOVERNED.match(first)
    if gov:
        kind = f"gov{gov.group(1)}"
    elif first.startswith("pattern"):
        kind = "pattern"
    elif first.startswith("verb '"):
        kind = "verb"
    elif "event noun" in first:
        kind = "noun"
    else:
        kind = "_".join(_QUOTED.sub("Q", first).split()[:3])
    tags = [f"rule={kind}"]
    tags += ["tag=" + "_".join(_QUOTED.sub("Q", p).split()[:3]) for p in parts[1:] if p]
    return tags


def _actor_tags(prefix: str, actors: Sequence[Any]) -> list[str]:
    if not actors:
        return [f"{prefix}=none"]
    out = []
    for a in actors[:3]:
        out.append(f"{prefix}={a.kind}")
        if a.sector:
            out.append(f"{prefix}sec={a.sector}")
    return out


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _lexicon_tags(lex: Any, tok: Token) -> list[str]:
    """What the shipped lexicons say of a word: the CAMEO root and PLOVER type of a verb
    or event noun, the WordNet class of a noun (phenomenon, weapon, bystander). These carry
    over to words the training sentences never used."""
    if tok.pos_ == "VERB":
        code, prefix = lex.verb_code.get(_lemma(tok)), "v"
    elif tok.pos_ == "NOUN":
        code, prefix = syn.lookup_noun(lex, tok), "n"
        cls = lex.noun_classes.get(_lemma(tok))
        if cls:
            return [f"ncls={cls}"] + _code_tags(lex, code, prefix)
    else:
        return []
    return _code_tags(lex, code, prefix)


def _code_tags(lex: Any, code: str | None, prefix: str) -> list[str]:
    info = lex.code_info(code) if code else None
    if info is None:
        return []
    return [f"{prefix}root={info.root}", f"{prefix}type={info.event or NONE}"]


def sentence_features(sent: Sentence, events: Sequence[Event], lex: Any = None) -> dict[str, float]:
    """Lemma bag, lexicon classes of its words, modality words, actor kinds and the
    candidates' types and triggers."""
    f: dict[str, float] = {"bias_sent": 1.0}
    for tok in built(sent.doc) or sent.doc:
        if tok.is_alpha and not tok.is_stop and tok.pos_ in ("NOUN", "VERB", "ADJ", "PROPN", "ADV"):
            f["w=" + _lemma(tok)] = 1.0
            for tag in _lexicon_tags(lex, tok) if lex is not None else ():
                f[tag] = 1.0
        elif tok.dep_ == "neg":
            f["neg"] = 1.0
        elif tok.lower_ in MODALS:
            f["modal=" + tok.lower_] = 1.0
        elif tok.lower_ in CONDITIONS:
            f["cond=" + tok.lower_] = 1.0
        if tok.dep_ == "ROOT":
            f["root=" + _lemma(tok)] = 1.0
    for a in sent.actors[:6]:
        f["actor=" + a.kind] = 1.0
        if a.sector:
            f["actorsec=" + a.sector] = 1.0
    if not events:
        f["nocand"] = 1.0
    for e in events:
        typ = e.event_type or NONE
        f["ct=" + typ] = 1.0
        f["cr=" + e.cameo[:2]] = 1.0
        f[f"ct={typ}|{_lemma(trigger_tokens(sent, e)[0])}"] = 1.0
    return f


def candidate_features(sent: Sentence, events: Sequence[Event], i: int, lex: Any = None) -> dict[str, float]:
    """Features of candidate ``i`` among the sentence's candidates (without the sentence
    classifier's probabilities: :func:`with_probs` adds them); with ``lex``, also what the
    lexicons say of its trigger's words (:func:`context_features`)."""
    e = events[i]
    typ = e.event_type or NONE
    toks = trigger_tokens(sent, e)
    head, last = toks[0], toks[-1]
    rank = sorted(range(len(events)), key=lambda k: -events[k].confidence).index(i)
    f: dict[str, float] = {
        "t=" + typ: 1.0, "root=" + e.cameo[:2]: 1.0, f"t={typ}|lem={_lemma(head)}": 1.0,
        "lem=" + _lemma(head): 1.0, f"t={typ}|last={_lemma(last)}": 1.0,
        "dep=" + head.dep_: 1.0, f"t={typ}|dep={head.dep_}": 1.0,
        f"t={typ}|gov={_lemma(head.head)}": 1.0, "tag=" + head.tag_: 1.0,
        "rank=" + str(min(rank, 2)): 1.0, "ncand=" + str(min(len(events), 3)): 1.0,
        "status=" + e.status: 1.0, "conf": e.confidence,
    }
    if e.partial:
        f["partial"] = 1.0
    for tag in evidence_tags(e.evidence):
        f[tag] = 1.0
        f[f"t={typ}|{tag}"] = 1.0
    for tag in _actor_tags("src", e.source) + _actor_tags("tgt", e.target):
        f[tag] = 1.0
    f[f"t={typ}|src={e.source[0].kind if e.source else 'none'}"] = 1.0
    if any(c.dep_ == "neg" for c in head.children):
        f["trigger_neg"] = 1.0
    for c in head.children:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS:
            f["trigger_modal=" + c.lower_] = 1.0
    if lex is not None:
        for tag in context_features(lex, head):
            f[tag] = 1.0
            f[f"t={typ}|{tag}"] = 1.0
    return f


#: dependents of a trigger whose lexicon class tells what kind of act it is
_ARG_DEPS = ("dobj", "nsubj", "nsubjpass", "attr", "xcomp", "ccomp", "dative", "agent")


def context_features(lex: Any, head: Token) -> list[str]:
    """Features of a trigger that carry over to words no training sentence used: the
    lexicon classes (CAMEO root, PLOVER type, WordNet noun class) of the trigger, of its
    governor and of its arguments (objects of its prepositions too); the dependency path
    from the main clause down to it; whether a reporting verb governs it ("X said ...")."""
    tags = ["trig_" + t for t in _lexicon_tags(lex, head)]
    if head.head.i != head.i:
        tags += ["gov_" + t for t in _lexicon_tags(lex, head.head)]
    for c in head.children:
        if c.dep_ in _ARG_DEPS:
            tags += [f"arg_{t}" for t in _lexicon_tags(lex, c)]
        elif c.dep_ == "prep":
            tags += [f"pobj_{t}" for g in c.children if g.dep_ == "pobj" for t in _lexicon_tags(lex, g)]
    path, tok = [], head
    while tok.head.i != tok.i and len(path) < 3:  # spaCy: the root is its own head
        path.append(tok.dep_)
        tok = tok.head
        if _lemma(tok) in lex.reporting:
            tags.append("attrib=reported")
    tags.append("path=" + (">".join(path) or "ROOT"))
    if _lemma(head) in lex.reporting:
        tags.append("attrib=reporting")
    return sorted(set(tags))


def with_probs(feats: dict[str, float], event_type: str | None, probs: dict[str, float],
               rprobs: dict[str, float] | None = None, code: str | None = None) -> dict[str, float]:
    """A candidate's features plus what the sentence classifier says of its type (and the
    root classifier of its code's root, when there is one)."""
    typ = event_type or NONE
    out = dict(feats)
    out["p_type"] = probs.get(typ, 0.0)
    out["p_none"] = probs.get(NONE, 0.0)
    out["p_type_top"] = float(bool(probs) and typ == max(probs, key=probs.get))
    if rprobs and code:
        out["p_root"] = rprobs.get(code[:2], 0.0)
        out["p_root_top"] = float(code[:2] == max(rprobs, key=rprobs.get))
    return out


# --------------------------------------------------------------------------- decision


@dataclass
class Choice:
    """One event to emit: candidate ``index``, its (maybe new) type, score and why."""

    index: int
    event_type: str | None
    score: float
    why: list[str]
    retyped_from: str | None = None


def decide(model: RerankModel, probs: dict[str, float], cand_feats: Sequence[dict[str, float]],
           types: Sequence[str | None]) -> list[Choice]:
    """Which candidates to emit, with which type and confidence (pure, no spaCy).

    Conservative by design: the rules' candidates stand unless the model is clear. A typed
    candidate is dropped only when its score is below ``keep`` and the sentence classifier
    gives its type less than ``drop_agree``; the last typed candidate only when the classifier
    also gives NONE at least ``keep_last``; statements (no PLOVER type) pass unchanged; the
    best candidate is re-typed only when the sentence classifier gives another type at least
    ``retype`` and the candidate itself scores below ``keep_sure``.
    """
    scores = [model.candidate_score(f) for f in cand_feats]
    order = sorted(range(len(scores)), key=lambda k: -scores[k])
    dropped = {k for k in order if types[k] is not None and scores[k] < model.keep
               and probs.get(types[k] or NONE, 0.0) < model.drop_agree}
    typed = [k for k in order if types[k] is not None]
    if typed and all(k in dropped for k in typed) and probs.get(NONE, 0.0) < model.keep_last:
        dropped.discard(typed[0])  # the classifier is not sure the sentence has no event
    chosen: list[Choice] = []
    seen: set[str | None] = set()
    for k in order:
        if types[k] is not None and (k in dropped or len(chosen) >= model.max_events):
            continue
        if types[k] is not None and types[k] in seen:
            continue
        seen.add(types[k])
        chosen.append(Choice(k, types[k], scores[k], model.top_features(cand_feats[k])))
    best_type = max((c for c in probs if c != NONE), key=probs.get, default=None)
    # the best typed candidate, else the best statement ("X said ...": its speaker acts)
    pick = [k for k in order if types[k] is not None] or order
    if best_type and probs[best_type] >= model.retype and best_type not in seen and pick \
            and (types[pick[0]] is None or scores[pick[0]] < model.keep_sure):
        # the sentence classifier is sure of a type no kept candidate has, and the best
        # candidate is doubtful or a mere statement: it (its actors, trigger) is re-typed
        k = pick[0]
        chosen = [c for c in chosen if c.index != k]
        chosen.insert(0, Choice(k, best_type, probs[best_type],
                                [f"sentence P({best_type})={probs[best_type]:.2f}"],
                                retyped_from=types[k] or NONE))
    return chosen


def created_type(model: RerankModel, probs: dict[str, float]) -> str | None:
    """The type to code a sentence no rule coded with, if the classifier is sure of one."""
    best = max((c for c in probs if c != NONE), key=probs.get, default=None)
    return best if best is not None and probs[best] >= model.create else None


def code_for(model: RerankModel, event_type: str, rprobs: dict[str, float], codes: Sequence[str],
             threshold: float) -> str | None:
    """The CAMEO code of an event of ``event_type``: the first of ``codes`` (candidates' codes
    of that type, the rules' choice first), else the type's most frequent code; but when the
    root classifier gives another root of the type at least ``threshold`` and more than that
    one's root, the code of that root (a candidate's, else the training data's most frequent
    code of the type and root)."""
    fallback = codes[0] if codes else (model.type_codes or {}).get(event_type)
    if not rprobs or threshold > 1.0:
        return fallback
    prefix = event_type + "|"
    options = list(codes) + [c for k, c in sorted((model.root_codes or {}).items()) if k.startswith(prefix)]
    if not options:
        return fallback
    best = max(options, key=lambda c: rprobs.get(c[:2], 0.0))  # the first of equals: a candidate's
    p = rprobs.get(best[:2], 0.0)
    if fallback is None or (p >= threshold and p > rprobs.get(fallback[:2], 0.0)):
        return best
    return fallback


def choice_code(model: RerankModel, choice: Choice, rprobs: dict[str, float],
                types: Sequence[str | None], codes: Sequence[str]) -> str | None:
    """The code to emit for ``choice`` (pure): a kept candidate keeps its own unless the root
    classifier is sure (``recode``) of another root of its type; a re-typed one takes the
    most probable root of its new type (``retype_code``)."""
    same = [c for t, c in zip(types, codes) if t == choice.event_type and c]
    if choice.retyped_from is None:
        own = codes[choice.index]
        if choice.event_type is None:
            return own
        return code_for(model, choice.event_type, rprobs, [own] + [c for c in same if c != own], model.recode)
    return code_for(model, choice.event_type, rprobs, same, model.retype_code)


def is_companion(event: Event) -> bool:
    """The planned act the coder codes beside a future-cooperation AGREE."""
    return bool(event.evidence) and event.evidence.endswith("; the planned act")


def creation_frame(sent: Sentence) -> tuple[Token, list[Any], list[Any]] | None:
    """(main verb, source, target) for an event no rule coded: the main verb's subject
    must name an actor (no actor, no political event); its objects name the target."""
    root = next((t for t in built(sent.doc) or sent.doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    source = _actors_in(sent, [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")])
    if not source:
        return None
    target = [a for a in _actors_in(sent, [c for c in root.children if c.dep_ in ("dobj", "prep", "dative")])
              if a not in source]
    return root, source, target


def _actors_in(sent: Sentence, heads: Sequence[Token]) -> list[Any]:
    """The sentence's actor mentions inside the subtrees of ``heads``."""
    spans = [sent.abs_span(min(t.idx for t in h.subtree), max(t.idx + len(t.text) for t in h.subtree))
             for h in heads]
    return [a for a in sent.actors if any(s <= a.span[0] and a.span[1] <= e for s, e in spans)]


class Reranker:
    """Re-ranks one sentence's candidate events (the hook in ``EventCoder.code_sentence``)."""

    def __init__(self, model: RerankModel, lex: Any):
        self.model = model
        self.lex = lex

    def __call__(self, sent: Sentence, events: list[Event], doc: Document) -> list[Event]:
        """The events to keep for ``sent``, a sentence of ``doc``."""
        model = self.model
        if len(doc.sentences) > model.max_sentences:
            return events
        # the planned act beside a future-cooperation AGREE ("is due to visit") is the
        # AGREE's companion, not a rival reading: it stands with it
        planned = [replace(e, evidence=f"{e.evidence}; re-ranker: kept beside its agreement")
                   for e in events if is_companion(e)]
        events = [e for e in events if not is_companion(e)]
        if not events:
            return planned or (self._created(doc, sent) if model.create <= 1.0 else [])
        sfeats = sentence_features(sent, events, self.lex)
        probs, rprobs = model.sentence_probs(sfeats), model.root_probs(sfeats)
        feats = [with_probs(candidate_features(sent, events, i, self.lex), e.event_type, probs, rprobs, e.cameo)
                 for i, e in enumerate(events)]
        types, codes = [e.event_type for e in events], [e.cameo for e in events]
        out: list[Event] = []
        for choice in decide(model, probs, feats, types):
            event = events[choice.index]
            code = choice_code(model, choice, rprobs, types, codes)
            if choice.retyped_from is not None:
                event = self._coded(event, choice.event_type, code)
                note = f"re-ranker re-typed {choice.retyped_from} -> {choice.event_type} ({', '.join(choice.why)})"
            else:
                note = f"re-ranker kept it (p={choice.score:.2f}: {', '.join(choice.why) or 'no strong feature'})"
                if code and code != event.cameo:
                    note += f"; CAMEO {event.cameo} -> {code} (P(root {code[:2]})={rprobs.get(code[:2], 0.0):.2f})"
                    event = self._coded(event, choice.event_type, code)
            # in a longer text the merge stage compares the rules' confidences across
            # sentences to pick the main mention of an event: they stay
            keep_conf = (not model.rescore or len(doc.sentences) > 1) and choice.retyped_from is None
            out.append(replace(event, confidence=event.confidence if keep_conf else round(min(choice.score, 0.99), 3),
                               evidence=f"{event.evidence}; {note}" if event.evidence else note))
        return out + (planned if any(e.event_type == "AGREE" for e in out) else [])

    def _created(self, doc: Document, sent: Sentence) -> list[Event]:
        """No rule coded the sentence, but the sentence classifier is sure of a type and the
        main verb's subject names an actor: an event of that type (its most frequent code),
        the subject's actors as source, those in the verb's objects as target."""
        frame = creation_frame(sent)
        if frame is None:
            return []
        root, source, target = frame
        sfeats = sentence_features(sent, (), self.lex)
        probs = self.model.sentence_probs(sfeats)
        choice = created_type(self.model, probs)
        code = code_for(self.model, choice, self.model.root_probs(sfeats), [], self.model.retype_code) \
            if choice else None
        info = self.lex.code_info(code) if code else None
        if choice is None or info is None:
            return []
        from ..time import detect_status  # the time stage's status reading, as the coder uses

        status, cue = detect_status(sent, root)
        return [Event(doc_id=doc.doc_id, sentence_index=sent.index, sentence_span=sent.span,
                      sentence_text=sent.text, trigger_text=root.text,
                      trigger_span=sent.abs_span(root.idx, root.idx + len(root.text)), cameo=code,
                      event_type=choice, mode=info.mode, cameo_name=info.name,
                      goldstein=info.goldstein, quad_class=info.quad, source=source, target=target,
                      status=status, status_cue=cue or f"'{root.text}'",
                      confidence=round(min(probs[choice], 0.99) * 0.8, 3),
                      evidence=f"re-ranker: no rule coded '{root.lemma_}'; sentence P({choice})="
                               f"{probs[choice]:.2f} ({', '.join(self._top_words(probs, choice, sent))})")]

    def _top_words(self, probs: dict[str, float], choice: str, sent: Sentence) -> list[str]:
        """The sentence features that weighed most for ``choice``."""
        k = self.model.classes.index(choice)
        feats = sentence_features(sent, (), self.lex)
        parts = sorted(((self.model.sent_weights.get(f, ())[k:k + 1] or (0.0,))[0], f) for f in feats)
        return [f for w, f in reversed(parts[-3:]) if w > 0]

    def _coded(self, event: Event, event_type: str | None, code: str | None) -> Event:
        """The event with type ``event_type`` and CAMEO ``code`` (:func:`choice_code`)."""
        info = self.lex.code_info(code) if code else None
        if info is None:
            return replace(event, event_type=event_type)
        return replace(event, event_type=event_type, cameo=code, cameo_name=info.name,
                       goldstein=info.goldstein, quad_class=info.quad, mode=info.mode)


@lru_cache(maxsize=1)
def default_reranker_model() -> RerankModel | None:
    """The shipped model, or None when no weight file ships (coding then stays rule-only)."""
    if not _shipped().is_file():
        return None
    return load_model(None)
