"""`whimbrel eval`: score the coder on gold sentences and on our own test stories.

Two scorers, both run the real pipeline:

* :func:`evaluate` -- the sentence-level metrics of ``shared/eval/README.md``
  (event-type micro P/R/F1, top-1 accuracy, source/target accuracy, CAMEO root
  accuracy), so that the project's numbers and the judges' agree.
* :func:`evaluate_stories` -- key events of multi-paragraph stories
  (``tests/stories/expected.json``): type + parties, then date and status, and
  background sentences that must not become events of the publication day.

The metric functions take plain :class:`Pred` / :class:`Gold` records, so they
can be checked on hand-made predictions without running a model.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .errors import InputError, WhimbrelError
from .model import ActorMention, Article, Document, Event

#: Actor codes that all mean "an international organisation" in story scoring:
#: analysts and coders use them interchangeably (the dev gold writes IGO for the UN).
ORG_CODES = {"IGO": "IGO", "UNO": "IGO", "EUR": "IGO"}
NONE = "none"


# --------------------------------------------------------------------------- records


@dataclass
class Pred:
    """One predicted event, reduced to what the metrics look at."""

    event_type: str | None
    cameo: str | None = None
    confidence: float = 0.5
    source: frozenset[str] = frozenset()
    target: frozenset[str] = frozenset()
    date: str | None = None
    status: str = "occurred"
    sentence: str = ""
    location_country: str | None = None
    trigger: str = ""
    #: Other sentences that report the same event (merged within the story).
    also_in: tuple[str, ...] = ()
    date_precision: str | None = None
    date_source: str | None = None
    planned_date: str | None = None
    time: str | None = None

    def reported_in(self, needle: str) -> bool:
        return needle in self.sentence or any(needle in s for s in self.also_in)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type, "cameo": self.cameo,
            "confidence": round(self.confidence, 3),
            "source": sorted(self.source), "target": sorted(self.target),
            "date": self.date, "status": self.status, "trigger": self.trigger,
            "date_source": self.date_source, "planned_date": self.planned_date,
        }


@dataclass
class GoldEvent:
    """One gold event of a sentence: its PLOVER type and actor codes."""

    event_type: str
    source: frozenset[str] = frozenset()
    target: frozenset[str] = frozenset()


@dataclass
class Gold:
    """One gold sentence."""

    id: str
    text: str
    types: frozenset[str] = frozenset()
    cameo_root: str | None = None
    events: list[GoldEvent] = field(default_factory=list)


def _countries(mentions: Iterable[ActorMention]) -> frozenset[str]:
    """Country codes of the actors, plural references expanded."""
    return frozenset(a.country for m in mentions for a in m.expand() if a.country)


def pred_from_event(event: Event, text: str | None = None) -> Pred:
    """Reduce a coded Event to a :class:`Pred`; ``text`` (the article) lets the
    sentences merged into the event count as its evidence too."""
    also = tuple(text[a:b] for a, b in event.extra_evidence) if text else ()
    return Pred(also_in=also,
        event_type=event.event_type, cameo=event.cameo, confidence=event.confidence,
        source=_countries(event.source), target=_countries(event.target),
        date=event.date.value if event.date else None, status=event.status,
        sentence=event.sentence_text,
        location_country=event.location.country if event.location else None,
        trigger=event.trigger_text,
        date_precision=event.date.precision if event.date else None,
        date_source=event.date_source if event.date else None,
        planned_date=event.planned_date.value if event.planned_date else None,
        time=event.time,
    )


#: The two halves of a blind set: the working half may be studied sentence by sentence,
#: the lockbox half is only ever scored in total.
WORKING, LOCKBOX = "working", "lockbox"


def half_of(record_id: str) -> str:
    """Which half of a blind set a record belongs to, by a hash of its id (issue 7):
    odd SHA-1 -> lockbox, even -> working. Stable across runs and machines."""
    return LOCKBOX if int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % 2 == 1 else WORKING


def load_gold(path: str | Path, limit: int | None = None, half: str | None = None) -> list[Gold]:
    """Read a gold JSONL file (format of ``shared/eval/sentences_dev.jsonl``);
    ``half`` keeps only the working or the lockbox half (:func:`half_of`)."""
    return _read_records(path, half, "gold", _gold_record, "expected id, text and gold.events",
                         limit)


def _read_records(path: str | Path, half: str | None, what: str, parse: Callable[[dict], Any],
                  expected: str, limit: int | None = None) -> list[Any]:
    """The records of a JSONL set parsed by ``parse`` (each has an ``id``), only those of
    ``half`` when given, the first ``limit`` (lines after them are not read); a bad line
    is an InputError naming file and line."""
    if half not in (None, WORKING, LOCKBOX):
        raise WhimbrelError(f"unknown half {half!r}; use {WORKING!r} or {LOCKBOX!r}")
    path = Path(path)
    if not path.is_file():
        raise WhimbrelError(f"{what} file {path} not found; pass the path of a JSONL {what} set")
    out: list[Any] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            if limit is not None and len(out) >= limit:
                break
            try:
                record = parse(json.loads(line))
            except (ValueError, KeyError, TypeError) as err:
                raise InputError(f"{path}:{lineno}", f"not a {what} record ({err}); {expected}") from None
            if half is None or half_of(record.id) == half:
                out.append(record)
    return out


def _codes(actors: list[dict[str, Any]]) -> frozenset[str]:
    return frozenset(a["code"] for a in actors if a.get("code"))


def _gold_record(rec: dict[str, Any]) -> Gold:
    g = rec["gold"]
    events = [GoldEvent(a["event"], _codes(a.get("source", [])), _codes(a.get("target", [])))
              for a in g.get("actors", []) if a.get("event")]
    return Gold(id=str(rec["id"]), text=rec["text"], types=frozenset(g["events"]),
                cameo_root=g.get("cameo_root") or (g.get("cameo") or "")[:2] or None,
                events=events)


# --------------------------------------------------------------------------- metrics


def top_event(preds: Sequence[Pred]) -> Pred | None:
    """The highest-confidence prediction; the first one wins a tie."""
    best: Pred | None = None
    for p in preds:
        if best is None or p.confidence > best.confidence:
            best = p
    return best


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def type_prf(golds: Sequence[Gold], preds: Sequence[Sequence[Pred]]) -> dict[str, Any]:
    """Micro P/R/F1 of PLOVER types per sentence (untyped predictions ignored)."""
    tp = fp = fn = 0
    for gold, ps in zip(golds, preds):
        p_types = {p.event_type for p in ps if p.event_type}
        tp += len(gold.types & p_types)
        fp += len(p_types - gold.types)
        fn += len(gold.types - p_types)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def _top_share(golds: Sequence[Gold], preds: Sequence[Sequence[Pred]],
               counts: Callable[[Gold], bool], hit: Callable[[Gold, Pred], bool]) -> dict[str, Any]:
    """Share of the sentences that ``counts`` whose top prediction is a ``hit``."""
    hits = n = 0
    for gold, ps in zip(golds, preds):
        if not counts(gold):
            continue
        n += 1
        top = top_event(ps)
        hits += bool(top and hit(gold, top))
    return {"accuracy": _ratio(hits, n), "correct": hits, "n": n}


def top1_accuracy(golds: Sequence[Gold], preds: Sequence[Sequence[Pred]]) -> dict[str, Any]:
    """Share of sentences with gold types whose top prediction has a gold type."""
    return _top_share(golds, preds, lambda g: bool(g.types), lambda g, p: p.event_type in g.types)


def actor_accuracy(golds: Sequence[Gold], preds: Sequence[Sequence[Pred]],
                   role: str) -> dict[str, Any]:
    """Source (or target) accuracy, as shared/eval/README.md defines it.

    ``matched``: over gold events whose type is also predicted; ``end_to_end``:
    over all gold events. A gold event counts as right when a predicted event of
    its type names one of its actor codes; a gold event with no actor in that role
    (e.g. "X and Y agreed", no target) names none, so it counts, and counts as a miss.
    ``with_actor`` gives the matched share over gold events that have one.
    """
    hits = n_matched = n_all = n_with = 0
    for gold, ps in zip(golds, preds):
        for ge in gold.events:
            want = getattr(ge, role)
            n_all += 1
            same = [p for p in ps if p.event_type == ge.event_type]
            if not same:
                continue
            n_matched += 1
            n_with += bool(want)
            hits += any(want & getattr(p, role) for p in same)
    return {"matched": _ratio(hits, n_matched), "end_to_end": _ratio(hits, n_all),
            "with_actor": _ratio(hits, n_with),
            "correct": hits, "n_matched": n_matched, "n": n_all}


def cameo_root_accuracy(golds: Sequence[Gold], preds: Sequence[Sequence[Pred]]) -> dict[str, Any]:
    """Share of sentences with a gold CAMEO code whose top prediction has its root."""
    return _top_share(golds, preds, lambda g: bool(g.cameo_root),
                      lambda g, p: bool(p.cameo) and p.cameo[:2] == g.cameo_root[:2])


def confusion(golds: Sequence[Gold], preds: Sequence[Sequence[Pred]]) -> dict[str, dict[str, int]]:
    """Gold type -> top-1 predicted type -> count; "none" for no type on either side.

    A sentence with several gold types is counted once, under the type the top
    prediction got right if any, else under its first gold type (sorted).
    """
    table: dict[str, dict[str, int]] = {}
    for gold, ps in zip(golds, preds):
        top = top_event(ps)
        predicted = (top.event_type if top else None) or NONE
        row = predicted if predicted in gold.types else (min(gold.types) if gold.types else NONE)
        cells = table.setdefault(row, {})
        cells[predicted] = cells.get(predicted, 0) + 1
    return table


def no_event_rate(golds: Sequence[Gold], preds: Sequence[Sequence[Pred]]) -> dict[str, Any]:
    """Over sentences with no political event at all (no PLOVER type and no CAMEO code:
    disasters, accidents, sport, business), the share given a typed event."""
    n = hits = 0
    for gold, ps in zip(golds, preds):
        if gold.types or gold.cameo_root:
            continue
        n += 1
        hits += any(p.event_type for p in ps)
    return {"rate": _ratio(hits, n), "with_event": hits, "n": n}


def sentence_metrics(golds: Sequence[Gold], preds: Sequence[Sequence[Pred]]) -> dict[str, Any]:
    """All sentence-level metrics of shared/eval/README.md in one dict."""
    if len(golds) != len(preds):
        raise ValueError(f"{len(golds)} gold sentences but {len(preds)} prediction lists")
    return {
        "n_sentences": len(golds),
        "n_predicted_events": sum(len(ps) for ps in preds),
        "types": type_prf(golds, preds),
        "top1": top1_accuracy(golds, preds),
        "source": actor_accuracy(golds, preds, "source"),
        "target": actor_accuracy(golds, preds, "target"),
        "cameo_root": cameo_root_accuracy(golds, preds),
        "no_event": no_event_rate(golds, preds),
        "confusion": confusion(golds, preds),
    }


# --------------------------------------------------------------------------- running


def _code_docs(articles: list[Article], pipeline: Any = None,
               n_process: int | None = None) -> list[Document | InputError]:
    """Code articles in order: in process with a given pipeline, else like the CLI."""
    from .api import code_article, code_many

    if pipeline is None:
        return list(code_many(articles, n_process=n_process))
    out: list[Document | InputError] = []
    for art in articles:
        try:
            out.append(code_article(art, pipeline))
        except WhimbrelError as err:
            out.append(InputError(art.doc_id, str(err)))
    return out


def _preds_of(doc: Document | InputError) -> list[Pred]:
    return [] if isinstance(doc, InputError) else [pred_from_event(e, doc.article.text) for e in doc.events]


def evaluate(gold_path: str | Path, pipeline: Any = None, *, limit: int | None = None,
             errors_path: str | Path | None = None, half: str | None = None,
             n_process: int | None = None) -> dict[str, Any]:
    """Code each gold sentence as its own document (no date) and score it.

    ``pipeline`` defaults to the standard one (run like ``whimbrel code``);
    ``errors_path`` writes one JSON line per sentence: gold vs predictions;
    ``half`` scores only the working or lockbox half of a blind set, and the
    lockbox half's sentences are never written out.
    """
    if errors_path and half == LOCKBOX:
        raise WhimbrelError("the lockbox half is scored in total only: --errors is refused "
                            "for it; study the working half instead (--half working)")
    golds = load_gold(gold_path, limit, half)
    articles = [Article(doc_id=g.id, text=g.text) for g in golds]
    docs = _code_docs(articles, pipeline, n_process)
    preds = [_preds_of(d) for d in docs]
    result = sentence_metrics(golds, preds)
    result["gold"] = str(gold_path) + (f" ({half} half)" if half else "")
    result["failed"] = [str(d) for d in docs if isinstance(d, InputError)]
    if half == LOCKBOX:
        result.pop("confusion")  # totals only: per-type cells are for the working half
    if errors_path:
        if is_blind(gold_path):
            # a blind set's lockbox half is never written out, sentence by sentence
            keep = [i for i, g in enumerate(golds) if half_of(g.id) == WORKING]
            golds, preds = [golds[i] for i in keep], [preds[i] for i in keep]
            result["errors_written"] = f"{len(keep)} working-half sentences (lockbox withheld)"
        write_errors(errors_path, golds, preds)
    return result


def is_blind(gold_path: str | Path) -> bool:
    """A blind set (``*blind*.jsonl``) has a lockbox half that is scored, never read."""
    return "blind" in Path(gold_path).name


def write_errors(path: str | Path, golds: Sequence[Gold], preds: Sequence[Sequence[Pred]]) -> None:
    """One JSON line per sentence, gold beside predictions, for studying misses."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for gold, ps in zip(golds, preds):
            top = top_event(ps)
            p_types = {p.event_type for p in ps if p.event_type}
            rec = {
                "id": gold.id, "text": gold.text,
                "gold_types": sorted(gold.types), "gold_cameo_root": gold.cameo_root,
                "gold_events": [{"type": g.event_type, "source": sorted(g.source),
                                 "target": sorted(g.target)} for g in gold.events],
                "predicted": [p.to_dict() for p in ps],
                "top1": top.to_dict() if top else None,
                "top1_ok": bool(top and top.event_type in gold.types) if gold.types else None,
                "missed_types": sorted(gold.types - p_types),
                "extra_types": sorted(p_types - gold.types),
            }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------- snippets

@dataclass
class Snippet:
    """One conflict-monitor snippet: the PLOVER type analysts expect (None for a
    disaster or accident report with no political event) and the others also right."""

    id: str
    text: str
    category: str
    expected: str | None
    also: frozenset[str] = frozenset()
    date: str | None = None


def is_snippet_file(path: str | Path) -> bool:
    """Does a JSONL file hold snippets (``category`` and ``expected``) rather than gold
    sentences (``gold``)? Read from its first record."""
    try:
        with Path(path).open(encoding="utf-8") as fh:
            first = next((line for line in fh if line.strip()), "")
        rec = json.loads(first) if first else {}
    except (OSError, ValueError):
        return False
    return isinstance(rec, dict) and "category" in rec and "expected" in rec and "gold" not in rec


def load_snippets(path: str | Path, half: str | None = None) -> list[Snippet]:
    """Read a snippet set (id, text, date, category, expected, also); ``half`` keeps
    the working or the lockbox half (:func:`half_of`)."""
    return _read_records(path, half, "snippet", _snippet_record,
                         "expected id, text, category and expected")


def _snippet_record(rec: dict[str, Any]) -> Snippet:
    return Snippet(id=str(rec["id"]), text=rec["text"], category=rec["category"],
                   expected=rec["expected"] or None, also=frozenset(rec.get("also") or ()),
                   date=rec.get("date") or None)


def snippet_metrics(snips: Sequence[Snippet], preds: Sequence[Sequence[Pred]]) -> dict[str, Any]:
    """Found share: over snippets with an expected type, the share where some predicted
    event has it; no-event share: over snippets with none, the share given a typed
    event; the found share per category (and the no-event share per null category)."""
    if len(snips) != len(preds):
        raise ValueError(f"{len(snips)} snippets but {len(preds)} prediction lists")
    found = n_found = false = n_null = 0
    cats: dict[str, dict[str, int]] = {}
    for snip, ps in zip(snips, preds):
        types = {p.event_type for p in ps if p.event_type}
        cell = cats.setdefault(snip.category, {"hits": 0, "n": 0, "no_event": not snip.expected})
        cell["n"] += 1
        if snip.expected:
            n_found += 1
            hit = snip.expected in types
            found += hit
        else:
            n_null += 1
            hit = bool(types)
            false += hit
        cell["hits"] += hit
    by_category = {c: {**v, "share": _ratio(v["hits"], v["n"])} for c, v in sorted(cats.items())}
    return {"n": len(snips), "n_predicted_events": sum(len(ps) for ps in preds),
            "found": {"share": _ratio(found, n_found), "hits": found, "n": n_found},
            "no_event": {"rate": _ratio(false, n_null), "with_event": false, "n": n_null},
            "by_category": by_category}


def evaluate_snippets(path: str | Path, pipeline: Any = None, *, half: str | None = None,
                      n_process: int | None = None,
                      errors_path: str | Path | None = None) -> dict[str, Any]:
    """Code each snippet as one document dated by its ``date`` and score it with
    :func:`snippet_metrics`. The lockbox half reports totals only (no categories)
    and is never written to ``errors_path``."""
    from datetime import date as Date

    if errors_path and half == LOCKBOX:
        raise WhimbrelError("the lockbox half is scored in total only: --errors is refused "
                            "for it; study the working half instead (--half working)")
    snips = load_snippets(path, half)
    articles = []
    for s in snips:
        try:
            when = Date.fromisoformat(s.date) if s.date else None
        except ValueError:
            when = None  # an unreadable date codes the text undated, as a story without one
        articles.append(Article(doc_id=s.id, text=s.text, date=when))
    docs = _code_docs(articles, pipeline, n_process)
    preds = [_preds_of(d) for d in docs]
    result = snippet_metrics(snips, preds)
    result["gold"] = str(path) + (f" ({half} half)" if half else "")
    result["half"] = half
    result["failed"] = [str(d) for d in docs if isinstance(d, InputError)]
    if half == LOCKBOX:
        result.pop("by_category")  # totals only: categories are for the working half
    if errors_path:
        keep = [i for i, s in enumerate(snips) if half_of(s.id) == WORKING]
        with Path(errors_path).open("w", encoding="utf-8") as fh:
            for i in keep:
                s, ps = snips[i], preds[i]
                types = sorted({p.event_type for p in ps if p.event_type})
                fh.write(json.dumps({"id": s.id, "text": s.text, "category": s.category,
                                     "expected": s.expected, "also": sorted(s.also),
                                     "ok": (s.expected in types) if s.expected else not types,
                                     "predicted": [p.to_dict() for p in ps]},
                                    ensure_ascii=False) + "\n")
        result["errors_written"] = f"{len(keep)} working-half snippets (lockbox withheld)"
    return result


def format_snippet_report(result: dict[str, Any]) -> str:
    """Text report of :func:`evaluate_snippets`: totals, then (working half or a set
    with no halves) the found share per category."""
    f, ne = result["found"], result["no_event"]
    lines = [f"snippets: {result.get('gold', '-')}   n: {result['n']}   "
             f"predicted events: {result['n_predicted_events']}",
             f"{'expected type found':<30}{f['share']:>8.3f}   {f['hits']}/{f['n']}",
             f"{'no-event reports w/ event':<30}{ne['rate']:>8.3f}   {ne['with_event']}/{ne['n']}"]
    lines += _category_lines(result)
    return "\n".join(lines + _run_notes(result, "snippet"))


def _run_notes(result: dict[str, Any], what: str) -> list[str]:
    """The end of a report: where errors were written, and what could not be coded."""
    lines: list[str] = []
    if result.get("errors_written"):
        lines += ["", f"errors written for {result['errors_written']}"]
    if result.get("failed"):
        lines += ["", f"{len(result['failed'])} {what}(s) could not be coded:"]
        lines += [f"  {x}" for x in result["failed"]]
    return lines


def _category_lines(result: dict[str, Any]) -> list[str]:
    """Per category: found share (or, for a no-event category, share given an event)."""
    cats = result.get("by_category")
    if not cats:
        return ["(lockbox: totals only)"] if result.get("half") == LOCKBOX else []
    return [f"  {c:<28}{v['share']:>8.3f}   {v['hits']}/{v['n']}"
            + ("  given an event" if v["no_event"] else " found") for c, v in cats.items()]


# --------------------------------------------------------------------------- stories

def read_story(path: str | Path) -> Article:
    """Read a story file exactly as ``whimbrel code`` does (date line, dateline,
    boilerplate); a story without a publication date cannot be scored on dates."""
    from .ingest import read_path

    path = Path(path)
    items = list(read_path(path))
    if not items or isinstance(items[0], InputError):
        raise InputError(str(path), str(items[0]) if items else "no story in file")
    article = items[0]
    if article.date is None:
        raise InputError(str(path), "story has no publication date; start it with 'date YYYY-MM-DD'")
    return article


def _norm(codes: Iterable[str]) -> set[str]:
    return {ORG_CODES.get(c, c) for c in codes}


def parties_match(pred: Pred, exp: dict[str, Any]) -> bool:
    """At least one right party; either direction for symmetric (joint) events.

    An expected event is symmetric when it says so or has no target ("PAK + RUS agreed").
    """
    e_src, e_tgt = _norm(exp.get("source") or []), _norm(exp.get("target") or [])
    if not e_src and not e_tgt:
        return True
    p_src, p_tgt = _norm(pred.source), _norm(pred.target)
    if exp.get("symmetric") or not e_tgt:
        return bool((p_src | p_tgt) & (e_src | e_tgt))
    return bool(p_src & e_src or p_tgt & e_tgt)


def type_match(pred: Pred, exp: dict[str, Any]) -> bool:
    """Same PLOVER type; a null expected type means a CAMEO 01/02 event."""
    if exp.get("type") is None:
        return pred.event_type is None and (pred.cameo or "")[:2] in ("01", "02")
    return pred.event_type == exp["type"]


def _day(value: str) -> Any:
    from datetime import date as Date

    if "-W" in value:
        return Date.fromisocalendar(int(value[:4]), int(value[6:8]), 4)  # its Thursday
    return Date.fromisoformat(value)


def date_matches(pred: str | None, gold: str | None) -> bool:
    """Is a predicted date right at the precision the analyst coded?

    day: within a day (time zones, a dateline filed overnight); week (``2024-W10``):
    that week, or a day inside it; month and year: the same value, and for a month a
    week whose Thursday falls in it (sets coded before week precision existed wrote
    "next week" as its month)."""
    if gold is None or pred is None:
        return gold == pred
    try:
        if len(gold) == 10:
            return len(pred) == 10 and abs((_day(pred) - _day(gold)).days) <= 1
        if "-W" in gold:
            return pred == gold or (len(pred) == 10 and _day(pred).isocalendar()[:2]
                                    == _day(gold).isocalendar()[:2])
        if len(gold) == 7:
            return pred == gold or ("-W" in pred and _day(pred).isoformat()[:7] == gold)
    except ValueError:
        return False
    return pred == gold


def score_story(preds: Sequence[Pred], spec: dict[str, Any], pub_date: str | None
                ) -> dict[str, Any]:
    """Match each key event of one story and count background dated on the publication day."""
    rows = []
    for exp in spec.get("events", []):
        needle = exp["sentence_contains"]
        in_sentence = [p for p in preds if p.reported_in(needle)]
        typed = [p for p in in_sentence if type_match(p, exp)]
        good = [p for p in typed if parties_match(p, exp)]
        best = top_event(good)
        rows.append({
            "sentence_contains": needle, "type": exp.get("type"),
            "found_sentence": bool(in_sentence), "type_ok": bool(typed), "matched": best is not None,
            "date_ok": best is not None and date_matches(best.date, exp.get("date")),
            "status_ok": best is not None and best.status == exp.get("status"),
            "location_ok": best is not None and exp.get("location_country") is not None
            and best.location_country == exp.get("location_country"),
            "planned_date_ok": None if "planned_date" not in exp or best is None
            else date_matches(best.planned_date, exp["planned_date"]),
            "date_source": best.date_source if best is not None else None,
            "time_ok": None if "time" not in exp or best is None else best.time == exp["time"],
            "expected": exp, "predicted": [p.to_dict() for p in in_sentence],
        })
    # "background" repeats the must-not strings and adds some: count each once
    needles = list(dict.fromkeys(list(spec.get("must_not", [])) + [
        b if isinstance(b, str) else b.get("sentence_contains", "")
        for b in spec.get("background", [])]))
    violations = [
        {"must_not": needle, "event": p.to_dict()}
        for needle in needles if needle
        for p in preds if needle in p.sentence and pub_date and p.date == pub_date
    ]
    return {"events": rows, "violations": violations,
            "sources": dict(Counter(p.date_source or "undated" for p in preds)),
            "n_predicted": len(preds)}


def story_totals(scored: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Aggregate shares over all key events of all stories."""
    rows = [r for s in scored for r in s["events"]]
    matched = [r for r in rows if r["matched"]]
    with_loc = [r for r in matched if r["expected"].get("location_country")]
    with_plan = [r for r in matched if r.get("planned_date_ok") is not None]
    sources: Counter[str] = Counter()
    for s in scored:
        sources.update(s.get("sources", {}))
    return {
        "n_stories": len(scored),
        "n_events": len(rows),
        "n_matched": len(matched),
        "n_predicted": sum(s.get("n_predicted", 0) for s in scored),
        "type_parties": _ratio(len(matched), len(rows)),
        "type_only": _ratio(sum(r["type_ok"] for r in rows), len(rows)),
        "date": _ratio(sum(r["date_ok"] for r in matched), len(matched)),
        "status": _ratio(sum(r["status_ok"] for r in matched), len(matched)),
        "location": _ratio(sum(r["location_ok"] for r in with_loc), len(with_loc)),
        "planned_date": _ratio(sum(bool(r["planned_date_ok"]) for r in with_plan), len(with_plan)),
        "n_planned_date": len(with_plan),
        "time": _ratio(sum(bool(r.get("time_ok")) for r in matched if r.get("time_ok") is not None),
                       sum(r.get("time_ok") is not None for r in matched)),
        "n_time": sum(r.get("time_ok") is not None for r in matched),
        "must_not_violations": sum(len(s["violations"]) for s in scored),
        "date_sources_matched": dict(Counter(r["date_source"] or "undated" for r in matched)),
        "date_by_gold_source": {
            src: _ratio(sum(r["date_ok"] for r in matched if r["expected"].get("date_source") == src),
                        sum(r["expected"].get("date_source") == src for r in matched))
            for src in sorted({r["expected"]["date_source"] for r in matched
                               if r["expected"].get("date_source")})},
        "date_sources_all": dict(sources),
    }


def story_half(file: str) -> str:
    """"lockbox" or "working": a blind set's fixed split by file name. Lockbox stories
    are scored, never studied: reports give only their totals."""
    return "lockbox" if int(hashlib.sha1(file.encode()).hexdigest(), 16) % 2 == 1 else "working"


def default_story_dirs(expected_path: Path) -> list[Path]:
    """Where story files are looked for: beside expected.json, the repo's examples/,
    and the seed folder ``../shared/examples`` next to the repo."""
    here = expected_path.resolve().parent
    root = here.parents[1] if len(here.parents) > 1 else here
    return [here, root / "examples", root.parent / "shared" / "examples"]


def _find(name: str, dirs: Sequence[Path]) -> Path | None:
    for d in dirs:
        if (d / name).is_file():
            return d / name
    return None


def evaluate_stories(expected_path: str | Path,
                     stories_dir: str | Path | Sequence[str | Path] | None = None,
                     pipeline: Any = None, *, half: str | None = None) -> dict[str, Any]:
    """Code our own test stories and score their key events (see module docstring).

    ``stories_dir``: one folder or several, searched in order for each story's
    ``file``; by default :func:`default_story_dirs`. Stories not found are listed
    under ``skipped`` instead of failing the run (the seed lives outside the repo).
    ``half``: "working" or "lockbox" scores only that half (:func:`story_half`); the
    result then also says which half it is.
    """
    expected_path = Path(expected_path)
    try:
        specs = json.loads(expected_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise WhimbrelError(f"cannot read story expectations {expected_path}: {err}") from None
    if half is not None:
        if half not in ("working", "lockbox"):
            raise WhimbrelError(f"unknown half {half!r}: use 'working' or 'lockbox'")
        specs = [s for s in specs if story_half(s["file"]) == half]
    if stories_dir is None:
        dirs = default_story_dirs(expected_path)
    elif isinstance(stories_dir, (str, Path)):
        dirs = [Path(stories_dir)]
    else:
        dirs = [Path(d) for d in stories_dir]
    found, skipped = [], []
    for spec in specs:
        path = _find(spec["file"], dirs)
        (found.append((spec, path)) if path else skipped.append(spec["file"]))
    articles = [read_story(path) for _, path in found]
    docs = _code_docs(articles, pipeline)
    scored = []
    for (spec, _), art, doc in zip(found, articles, docs):
        result = score_story(_preds_of(doc), spec, art.date.isoformat() if art.date else None)
        result["file"] = spec["file"]
        result["failed"] = str(doc) if isinstance(doc, InputError) else None
        scored.append(result)
    return {"totals": story_totals(scored), "stories": scored, "skipped": skipped, "half": half}


# --------------------------------------------------------------------------- report


def format_report(result: dict[str, Any]) -> str:
    """The fixed text layout printed by ``whimbrel eval``."""
    t, top, src, tgt, cr = (result[k] for k in ("types", "top1", "source", "target", "cameo_root"))
    lines = [
        f"gold: {result.get('gold', '-')}   sentences: {result['n_sentences']}   "
        f"predicted events: {result['n_predicted_events']}",
        "",
        f"{'metric':<28}{'value':>8}   counts",
        f"{'event type precision':<28}{t['precision']:>8.3f}   tp={t['tp']} fp={t['fp']}",
        f"{'event type recall':<28}{t['recall']:>8.3f}   tp={t['tp']} fn={t['fn']}",
        f"{'event type F1':<28}{t['f1']:>8.3f}",
        f"{'top-1 accuracy':<28}{top['accuracy']:>8.3f}   {top['correct']}/{top['n']}",
        f"{'source accuracy (matched)':<28}{src['matched']:>8.3f}   {src['correct']}/{src['n_matched']}",
        f"{'source accuracy (all)':<28}{src['end_to_end']:>8.3f}   {src['correct']}/{src['n']}",
        f"{'target accuracy (matched)':<28}{tgt['matched']:>8.3f}   {tgt['correct']}/{tgt['n_matched']}",
        f"{'target accuracy (all)':<28}{tgt['end_to_end']:>8.3f}   {tgt['correct']}/{tgt['n']}",
        f"{'  (matched, gold has one)':<28}{tgt['with_actor']:>8.3f}",
        f"{'CAMEO root accuracy':<28}{cr['accuracy']:>8.3f}   {cr['correct']}/{cr['n']}",
    ]
    ne = result.get("no_event")
    if ne and ne["n"]:
        lines.append(f"{'no-event sentences w/ event':<28}{ne['rate']:>8.3f}   {ne['with_event']}/{ne['n']}")
    if "confusion" in result:
        lines += ["", "confusion (rows: gold type, columns: top-1 predicted type)",
                  format_confusion(result["confusion"])]
    return "\n".join(lines + _run_notes(result, "sentence"))


def format_confusion(table: dict[str, dict[str, int]]) -> str:
    """A gold x predicted count table; only the labels that occur are shown."""
    labels = sorted({*table, *(c for row in table.values() for c in row)} - {NONE}) + [NONE]
    rows = [r for r in labels if r in table]
    cols = [c for c in labels if any(c in table[r] for r in rows)]
    if not rows:
        return "(no sentences)"
    head = f"{'gold/pred':<11}" + "".join(f"{c[:7]:>8}" for c in cols)
    body = [f"{r:<11}" + "".join(f"{table[r].get(c, 0) or '.':>8}" for c in cols) for r in rows]
    return "\n".join([head, *body])


def format_story_report(result: dict[str, Any]) -> str:
    """Text report of :func:`evaluate_stories`: totals, then each key event (totals
    only for a lockbox half)."""
    t = result["totals"]
    per10 = 10 * t["must_not_violations"] / t["n_stories"] if t.get("n_stories") else 0.0
    lines = [
        (f"half: {result['half']}   " if result.get("half") else "")
        + f"stories: {t.get('n_stories', '-')}   key events: {t['n_events']}   "
        f"matched (type + a right party): {t['n_matched']}   predicted events: {t.get('n_predicted', '-')}",
        f"{'type + parties':<24}{t['type_parties']:>8.3f}",
        f"{'type only':<24}{t['type_only']:>8.3f}",
        f"{'date (of matched)':<24}{t['date']:>8.3f}",
        f"{'status (of matched)':<24}{t['status']:>8.3f}",
        f"{'location (of matched)':<24}{t['location']:>8.3f}",
        f"{'planned date':<24}{t.get('planned_date', 0.0):>8.3f}   of {t.get('n_planned_date', 0)}",
        f"{'live-blog time':<24}{t.get('time', 0.0):>8.3f}   of {t.get('n_time', 0)}",
        f"{'background on pub day':<24}{t['must_not_violations']:>8d}   {per10:.1f} per 10 stories",
        f"{'date source (matched)':<24}" + _counts(t.get("date_sources_matched", {})),
        f"{'date source (all)':<24}" + _counts(t.get("date_sources_all", {})),
    ]
    if t.get("date_by_gold_source"):
        lines.append(f"{'date by gold source':<24}" + "  ".join(
            f"{k}={v:.3f}" for k, v in t["date_by_gold_source"].items()))
    if result["skipped"]:
        lines.append(f"skipped (file not found): {', '.join(result['skipped'])}")
    if result.get("half") == "lockbox":
        return "\n".join(lines + ["(lockbox: totals only)"])
    for story in result["stories"]:
        lines.append(f"\n{story['file']}" + (f"  FAILED: {story['failed']}" if story["failed"] else ""))
        for r in story["events"]:
            mark = "ok " if r["matched"] else "-- "
            lines.append(f"  {mark}{str(r['type']):<10}{r['sentence_contains'][:50]!r}{_story_detail(r)}")
        for v in story["violations"]:
            lines.append(f"  !! background {v['must_not'][:50]!r} -> {v['event']['event_type']}")
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    return "  ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "-"


def _story_detail(row: dict[str, Any]) -> str:
    """What went right or wrong for one key event, in a few words."""
    if row["matched"]:
        best = row["predicted"]
        out = f" date={'ok' if row['date_ok'] else 'x'} status={'ok' if row['status_ok'] else 'x'}"
        if not row["date_ok"] or not row["status_ok"]:
            exp = row["expected"]
            got = [f"{p['date']}/{p['status']}/{p['date_source']}" for p in best
                   if p["event_type"] == row["type"]]
            out += f"  (want {exp.get('date')}/{exp.get('status')}, got {' '.join(got)})"
        if row.get("planned_date_ok") is False:
            out += f" planned_date=x (want {row['expected']['planned_date']})"
        return out
    if not row["found_sentence"]:
        return " no event in sentence"
    got = [f"{p['event_type']}({','.join(p['source'])}>{','.join(p['target'])})"
           for p in row["predicted"]]
    return f" got {' '.join(got)}"


# --------------------------------------------------------------------------- timexes


def _timex_tense(doc: Any, start: int, end: int) -> str:
    """"future" when the clause of the expression looks ahead ("is due to be published
    in May"), read with the status rules the time stage applies to an event's clause."""
    from .model import Sentence
    from .time.dates import FUTURE
    from .time.status import detect_status

    inside = [t for t in doc if start <= t.idx < end]
    if not inside:
        return "past"
    tok = inside[-1]
    for _ in range(4):  # "in May" -> "published": climb from the expression to its verb
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    sent = tok.sent
    sentence = Sentence(index=0, start=0, end=len(doc.text), text=sent.text, doc=doc)
    status, _ = detect_status(sentence, tok)
    return FUTURE if status == "planned" else "past"


def evaluate_timex(path: str | Path, *, types: Sequence[str] = ("DATE",)) -> dict[str, Any]:
    """Normalise each gold time expression (TimeML/TempEval-3 JSONL: ``dct``, ``text``,
    ``timexes`` with offsets, ``type`` and ``value``) against its document's date and
    compare with the gold ``value``. Also reports how many gold expressions the
    finder spots in running text (a predicted span overlapping the gold one)."""
    from datetime import date as Date

    from .language import load_nlp
    from .model import Sentence
    from .time.dates import find_date_expressions, resolve, timeml_value

    try:
        docs = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
                if line.strip()]
    except (OSError, ValueError) as err:
        raise WhimbrelError(f"cannot read timex file {path}: {err}") from None
    nlp = load_nlp()
    by_type: dict[str, dict[str, int]] = {}
    errors = []
    for rec in docs:
        pub = Date.fromisoformat(rec["dct"][:10])
        parsed = nlp(rec["text"])
        found = find_date_expressions(Sentence(0, 0, len(rec["text"]), rec["text"]), pub)
        for tx in rec["timexes"]:
            if tx["type"] not in types:
                continue
            tense = _timex_tense(parsed, tx["start"], tx["end"])
            value = timeml_value(resolve(tx["text"], pub, tense=tense))
            row = by_type.setdefault(tx["type"], {"n": 0, "right": 0, "spotted": 0})
            row["n"] += 1
            row["right"] += value == tx["value"]
            row["spotted"] += any(r.span and r.span[0] < tx["end"] and r.span[1] > tx["start"]
                                  for r in found)
            if value != tx["value"]:
                errors.append({"doc": rec["doc_id"], "dct": rec["dct"], "text": tx["text"],
                               "gold": tx["value"], "got": value, "tense": tense})
    for row in by_type.values():
        row["accuracy"] = _ratio(row["right"], row["n"])
        row["spotted_share"] = _ratio(row["spotted"], row["n"])
    return {"file": str(path), "by_type": by_type, "errors": errors}


def format_timex_report(result: dict[str, Any]) -> str:
    lines = [f"timexes: {result['file']}",
             f"{'type':<10}{'n':>5}{'value right':>13}{'accuracy':>10}{'spotted':>9}"]
    for name, row in sorted(result["by_type"].items()):
        lines.append(f"{name:<10}{row['n']:>5}{row['right']:>13}{row['accuracy']:>10.3f}"
                     f"{row['spotted_share']:>9.3f}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- all sets

@dataclass(frozen=True)
class EvalSet:
    """One evaluation set of ``whimbrel eval --all``."""

    name: str
    path: Path
    kind: str = "sentences"  # or "stories", "snippets"
    half: str | None = None
    stories_dirs: tuple[Path, ...] | None = None


def project_root() -> Path:
    """The checkout whose tests/ hold our sets: the working directory when it is one,
    else the tree this module was installed from (an editable install)."""
    cwd = Path.cwd()
    return cwd if (cwd / "tests" / "data").is_dir() else Path(__file__).resolve().parents[2]


def default_sets(root: Path | None = None) -> list[EvalSet]:
    """dev, own, the blind sentence sets' and the blind snippet sets' working and lockbox
    halves, key events of stories."""
    root = root or project_root()
    data, stories = root / "tests" / "data", root / "tests" / "stories"
    blind, snippets = data / "sentences_blind.jsonl", data / "snippets_blind.jsonl"
    snippets2 = data / "snippets_blind2.jsonl"  # realistic disaster and crime reports
    return [
        EvalSet("dev", root.parent / "shared" / "eval" / "sentences_dev.jsonl"),
        EvalSet("own", data / "sentences_own.jsonl"),
        EvalSet("blind-working", blind, half=WORKING),
        EvalSet("blind-lockbox", blind, half=LOCKBOX),
        EvalSet("blind2-working", data / "sentences_blind2.jsonl", half=WORKING),
        EvalSet("blind2-lockbox", data / "sentences_blind2.jsonl", half=LOCKBOX),
        EvalSet("blind3-working", data / "sentences_blind3.jsonl", half=WORKING),
        EvalSet("blind3-lockbox", data / "sentences_blind3.jsonl", half=LOCKBOX),
        EvalSet("blind4-working", data / "sentences_blind4.jsonl", half=WORKING),
        EvalSet("blind4-lockbox", data / "sentences_blind4.jsonl", half=LOCKBOX),
        EvalSet("snippets-blind-working", snippets, kind="snippets", half=WORKING),
        EvalSet("snippets-blind-lockbox", snippets, kind="snippets", half=LOCKBOX),
        EvalSet("snippets-blind2-working", snippets2, kind="snippets", half=WORKING),
        EvalSet("snippets-blind2-lockbox", snippets2, kind="snippets", half=LOCKBOX),
        EvalSet("snippets-blind3-working", data / "snippets_blind3.jsonl", kind="snippets",
                half=WORKING),
        EvalSet("snippets-blind3-lockbox", data / "snippets_blind3.jsonl", kind="snippets",
                half=LOCKBOX),
        EvalSet("stories", stories / "expected.json", kind="stories"),
        EvalSet("stories-fresh", stories / "fresh" / "expected.json", kind="stories",
                stories_dirs=(stories / "fresh",)),
        EvalSet("stories-blind-working", stories / "blind" / "expected.json", kind="stories",
                half=WORKING, stories_dirs=(stories / "blind",)),
        EvalSet("stories-blind-lockbox", stories / "blind" / "expected.json", kind="stories",
                half=LOCKBOX, stories_dirs=(stories / "blind",)),
        EvalSet("stories-blind2-working", stories / "blind2" / "expected.json", kind="stories",
                half=WORKING, stories_dirs=(stories / "blind2",)),
        EvalSet("stories-blind2-lockbox", stories / "blind2" / "expected.json", kind="stories",
                half=LOCKBOX, stories_dirs=(stories / "blind2",)),
    ]


def evaluate_all(sets: Sequence[EvalSet] | None = None, pipeline: Any = None,
                 n_process: int | None = None) -> dict[str, Any]:
    """Score every set at once, so a change that wins one and loses another shows.
    Sets whose file is absent are listed under ``missing``."""
    rows: dict[str, Any] = {}
    missing: list[str] = []
    for es in sets if sets is not None else default_sets():
        if not es.path.is_file():
            missing.append(f"{es.name} ({es.path})")
        elif es.kind == "stories":
            rows[es.name] = evaluate_stories(es.path, list(es.stories_dirs) if es.stories_dirs else None,
                                             pipeline, half=es.half)["totals"]
        elif es.kind == "snippets":
            rows[es.name] = evaluate_snippets(es.path, pipeline, half=es.half, n_process=n_process)
        else:
            result = evaluate(es.path, pipeline, half=es.half, n_process=n_process)
            result.pop("confusion", None)
            rows[es.name] = result
    return {"sets": rows, "missing": missing}


def format_all_report(result: dict[str, Any]) -> str:
    """One table: a row per sentence set, then a row per story set."""
    head = (f"{'set':<24}{'n':>5}{'type F1':>9}{'P':>7}{'R':>7}{'top-1':>7}{'source':>8}"
            f"{'target':>8}{'root':>7}{'no-ev>ev':>10}")
    lines = [head, "-" * len(head)]
    for name, r in result["sets"].items():
        if "types" not in r:
            continue
        t, ne = r["types"], r["no_event"]
        lines.append(f"{name:<24}{r['n_sentences']:>5}{t['f1']:>9.3f}{t['precision']:>7.3f}"
                     f"{t['recall']:>7.3f}{r['top1']['accuracy']:>7.3f}{r['source']['matched']:>8.3f}"
                     f"{r['target']['matched']:>8.3f}{r['cameo_root']['accuracy']:>7.3f}"
                     + (f"{ne['rate']:>6.3f}/{ne['n']:<3}" if ne["n"] else f"{'-':>10}"))
    snips = [(n, r) for n, r in result["sets"].items() if "found" in r]
    if snips:
        lines += ["", f"{'snippets':<24}{'n':>5}{'found':>9}{'no-ev>ev':>14}"]
        for name, r in snips:
            f, ne = r["found"], r["no_event"]
            lines.append(f"{name:<24}{r['n']:>5}{f['share']:>9.3f}"
                         + (f"{ne['rate']:>8.3f}/{ne['n']:<5}" if ne["n"] else f"{'-':>14}"))
            lines += ["  " + x for x in _category_lines(r) if not x.startswith("(")]
    story = [(n, r) for n, r in result["sets"].items() if "types" not in r and "found" not in r]
    if story:
        lines += ["", f"{'stories':<24}{'events':>7}{'type+party':>12}{'type':>7}{'date':>7}"
                  f"{'status':>8}{'place':>7}{'must-not':>10}"]
        for name, r in story:
            lines.append(f"{name:<24}{r['n_events']:>7}{r['type_parties']:>12.3f}{r['type_only']:>7.3f}"
                         f"{r['date']:>7.3f}{r['status']:>8.3f}{r['location']:>7.3f}"
                         f"{r['must_not_violations']:>10}")
    lines += [f"missing: {m}" for m in result["missing"]]
    lines.append("source/target: matched events; no-ev>ev: sentences without any political "
                 "event given one / how many; found: snippets whose expected type is among "
                 "the predicted ones (categories: working half only)")
    return "\n".join(lines)
