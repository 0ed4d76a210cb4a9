"""The "time" stage: give each event a date, and fix its status when the date says so.

For each event the stage finds the trigger token, collects the date
expressions that belong to the trigger's clause (not those of a relative
clause or of another verb, except a clause saying when the event noun began
or ended), resolves the nearest one in the direction the clause's tense points
(against the date of the dateline or live-blog stamp above the sentence, else
the publication date), and falls back to the publication date only for news
that happened or is happening (``date_source`` own or publication; the
occasions stage then dates such news from the story). Background (habit,
history, analysis, a present perfect after the lead, a past perfect main clause
after the lead, a statement of a count) and planned events without
a date get no day of their own. An agreement about a future act is occurred on
its own day, the act's date kept as ``planned_date``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from .._spans import near
from ..model import DateRef, Document, Event, Sentence
from ..registry import stages
from .dates import FUTURE, NO_PUB, duration_days, find_date_expressions, is_future_ref, resolve
from .lexicon import words
from .segments import (
    entry_time,
    find_segments,
    inside,
    labelled_paragraphs,
    live_entries,
    segment_of,
)
from .status import (
    _is,
    _is_verb,
    _modal,
    _shares_head,
    clause_tokens,
    detect_status,
    governing_verb,
    impersonal_report,
    is_background,
    quoted_words,
    reported_count,
    reported_view,
)

PUB_RULE = "publication date (no date in sentence)"
#: Sentences of the lead (index < LEAD + 1) tell the news even in the present perfect.
LEAD = 1
PLANNED_RULE = "planned, no date given (stated on the publication date)"


def trigger_token(sentence: Sentence, span: tuple[int, int]) -> Any:
    """The token of ``sentence.doc`` that stands for a trigger span.

    The last full verb of the span ("agreed to hold" -> hold, "was held" -> held),
    as the events stage reads status from it; else the span's syntactic head.
    """
    if sentence.doc is None:
        return None
    inside = [t for t in near(sentence.doc, span[0] - sentence.start, span[1] - sentence.start)
              if sentence.start + t.idx < span[1] and sentence.start + t.idx + len(t) > span[0]]
    if not inside:
        return None
    verbs = [t for t in inside if t.pos_ == "VERB"]
    if verbs:
        return verbs[-1]
    ids = {t.i for t in inside}
    heads = [t for t in inside if t.head.i not in ids or t.head.i == t.i]
    return (heads or inside)[0]


def _root_of(sentence: Sentence, ref: DateRef) -> Any:
    """The token that heads a date expression in the parse (its head lies outside it)."""
    assert ref.span is not None
    a, b = ref.span[0] - sentence.start, ref.span[1] - sentence.start
    inside = [t for t in near(sentence.doc, a, b) if ref.span[0] <= sentence.start + t.idx < ref.span[1]]
    if not inside:
        return None
    ids = {t.i for t in inside}
    for tok in inside:
        if tok.head.i not in ids or tok.head.i == tok.i:
            return tok
    return inside[0]


def _scopes(trigger: Any, status: str, event_noun: str | None = None) -> list[tuple[list[Any], str]]:
    """Token sets whose dates may date the event, nearest first, with a note for the rule.

    The chain climbs from the trigger's clause through the clauses that govern it:
    "talks ended on Wednesday after the prime minister refused to meet ..." dates
    "meet" (governed by "refused", a time clause of "ended") on Wednesday."""
    verb = governing_verb(trigger)
    scopes: list[tuple[list[Any], str]] = []
    if not _is_verb(trigger):
        scopes.append((clause_tokens(trigger), ""))
    scopes.append((clause_tokens(verb), ""))
    nouns = [trigger] if not _is_verb(trigger) else [
        c for c in trigger.children if c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")
        or (event_noun and c.lemma_.lower() == event_noun)]
    if event_noun and _is_verb(trigger):  # "taking part in the exercise, which began ..."
        nouns += [t for t in trigger.subtree if t.lemma_.lower() == event_noun and t not in nouns
                  and t.dep_ == "pobj" and t.head.head.i == trigger.i]
    scopes.extend(_aspect_scopes(nouns))
    for _ in range(4):
        head = verb.head
        if head.i == verb.i:
            break
        if verb.dep_ == "conj" and _shares_head(verb):
            scopes.append((clause_tokens(head), "; shared with the conjoined verb"))
        elif verb.dep_ == "conj" and not _subjects(verb) and _subjects(head):
            # "The referendum of October 1, 2017, declared illegal ..., was marred by
            # violence": a verb without a subject of its own shares the first one's,
            # and a date inside that subject dates it
            scopes.append((sorted((t for s in _subjects(head) for t in s.subtree), key=lambda t: t.i),
                           "; from the shared subject"))
            break
        elif status in ("occurred", "ongoing", "negated") and verb.dep_ in ("xcomp", "ccomp", "advcl"):
            note = {"xcomp": "; from the governing verb", "ccomp": "; date of the report",
                    "advcl": "; from the main clause"}[verb.dep_]
            scopes.append((clause_tokens(head), note))
        elif verb.dep_ == "relcl" and status in ("occurred", "negated"):
            # "signed a deal in 2020 that Turkey rejected": the clause around the noun
            head = governing_verb(head)
            scopes.append((clause_tokens(head), "; from the clause of the noun"))
        else:
            break
        verb = governing_verb(head) if not _is_verb(head) else head
    return scopes


def _shared_background(sentence: Sentence, trigger: Any, pub: date | None,
                       live: bool) -> str | None:
    """"had ruled since 2006 and was seeking a fourth term": a verb with no subject
    and no date of its own, conjoined to a clause of habit or history, shares its time."""
    verb = governing_verb(trigger)
    if verb.dep_ != "conj" or verb.head.i == verb.i or _subjects(verb):
        return None
    found = is_background(sentence, verb.head, pub, historical=live)
    if not found or not found.startswith(("habitual", "history")):
        return None  # "was concerned ... and condemned the arrest": a state, then an act
    return f"{found} (shared with '{verb.head.text}')"


def _subjects(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _aspect_scopes(tokens: list[Any]) -> list[tuple[list[Any], str]]:
    """"held the two-week exercise that began on Oct 22": a relative clause that says
    when the event noun began, ended or ran dates the event itself."""
    from .status import _is

    out = []
    for tok in tokens:
        for child in tok.children:
            if child.dep_ in ("relcl", "acl") and _is_verb(child) and _is(child, "aspect_verbs"):
                out.append((clause_tokens(child), f"; when the {tok.text} {child.text}"))
    return out


def attached_dates(sentence: Sentence, trigger: Any, refs: list[DateRef],
                   status: str, event_noun: str | None = None, pub: date | None = None
                   ) -> tuple[DateRef | None, DateRef | None, str]:
    """(point date, duration, rule note) that belong to the trigger's clause."""
    if sentence.doc is None or not sentence.doc.has_annotation("DEP") or trigger is None:
        points = [r for r in refs if duration_days(r) is None]
        spans = [r for r in refs if duration_days(r) is not None]
        return (points[0] if points else None), (spans[0] if spans else None), "; unparsed sentence"
    if not refs:
        return None, None, ""  # (no date in the sentence: no clause to look for one in)
    roots = [(ref, _root_of(sentence, ref)) for ref in refs]
    duration = None
    for tokens, note in _scopes(trigger, status, event_noun):
        ids = {t.i for t in tokens}
        here = [(ref, root) for ref, root in roots if root is not None and root.i in ids]
        if duration is None:
            duration = next((ref for ref, _ in here if duration_days(ref) is not None), None)
        points = [(abs(root.i - trigger.i), ref) for ref, root in here
                  if duration_days(ref) is None and _may_date(ref, status)]
        if points:
            return min(points, key=lambda p: p[0])[1], duration, note
    if status == "occurred" and pub is not None:
        # "launched an offensive to regain control of X late last Thursday": the
        # parser hangs a closing adverbial on the purpose clause; a date that lies in
        # the past whatever the tense dates the act, not the aim
        ids = {t.i for t in _purpose_tokens(trigger)}
        past = [(abs(root.i - trigger.i), ref) for ref, root in roots
                if root is not None and root.i in ids and duration_days(ref) is None
                and _plainly_past(ref, pub)]
        if past:
            return min(past, key=lambda p: p[0])[1], duration, "; from a clause the parser hung it on"
    return None, duration, ""


def _purpose_tokens(trigger: Any) -> list[Any]:
    """Tokens of the infinitive clauses on the trigger's verb or its object ("to regain"),
    and of a participle on its subject ("troops backed by armour on Wednesday stormed")."""
    verb = governing_verb(trigger)
    heads = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "nsubjpass"))]
    out: list[Any] = []
    for head in heads:
        for c in head.children:
            if c.dep_ in ("xcomp", "acl", "advcl") and _is_verb(c) and \
                    any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children):
                out.extend(clause_tokens(c))
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        out.extend(t for c in subject.children if c.dep_ == "acl" and c.tag_ in ("VBN", "VBG")
                   for t in clause_tokens(c))
    return out


def _plainly_past(ref: DateRef, pub: date) -> bool:
    """Is the expression before ``pub`` read either way ("last Thursday", "in 2019",
    not a bare "on Sunday", which a plan would read ahead)?"""
    ahead = resolve(ref.text, pub, tense=FUTURE)
    back = resolve(ref.text, pub, tense="past")
    return bool(back.value) and back.value == ahead.value and not is_future_ref(back, pub)


def _may_date(ref: DateRef, status: str) -> bool:
    """"postponed until next month": a deadline or bound dates a plan, not something done."""
    if status in ("planned", "hypothetical"):
        return True
    return "deadline" not in (ref.rule or "")


def clause_tense(trigger: Any, status: str) -> str:
    """ "future" when the clause looks ahead (planned, or a modal without "have"), else "past"."""
    if status == "planned":
        return FUTURE
    verb = governing_verb(trigger)
    modal = _modal(verb)
    if status == "hypothetical" and modal is not None and not any(
            c.lemma_ == "have" for c in verb.children if c.dep_ == "aux"):
        return FUTURE
    return "past"


def _publication(pub: date | None, rule: str = PUB_RULE) -> DateRef:
    if pub is None:
        return DateRef(text="", span=None, value=None, precision=None, rule=NO_PUB)
    return DateRef(text="", span=None, value=pub.isoformat(), precision="day", rule=rule)


def _with_duration(ref: DateRef, duration: DateRef, pub: date | None, *,
                   ends: bool = False) -> DateRef:
    """A point plus "two weeks long": start on the point's day, end ``days - 1`` later;
    ``ends`` ("ended the two-week exercise on Wednesday"): the point is the last day."""
    days = duration_days(duration) or 1
    if ref.precision == "day" and ref.value:
        start = date.fromisoformat(ref.value)
    elif pub is not None and ref.value is None:
        start = pub
    else:
        return ref
    if ends:
        start -= timedelta(days=days - 1)
    out = replace(ref, start=start.isoformat(), end=(start + timedelta(days=days - 1)).isoformat(),
                  rule=f"{ref.rule}; lasting {days} days ('{duration.text}')")
    if not out.text:
        out.text, out.span = duration.text, duration.span
    return out


class TimeResolver:
    """Pipeline stage "time": sets ``event.date`` and adjusts ``event.status``.

    ``recheck_status``: when the events stage left the status at the default,
    run :func:`detect_status` here (it is cheap and idempotent).
    """

    name = "time"

    def __init__(self, *, recheck_status: bool = True):
        self.recheck_status = recheck_status

    def __call__(self, doc: Document) -> Document:
        pub = doc.article.date
        segments = find_segments(doc.article.clean_text, pub) if len(doc.sentences) > 1 else []
        found: dict[int, list[DateRef]] = {}
        today: dict[int, date | None] = {}
        text = doc.article.clean_text
        self._live = live_entries(text) if len(doc.sentences) > 1 else []
        self._labelled = labelled_paragraphs(text, words("status", "background_labels"))
        for sentence in doc.sentences:
            seg = segment_of(segments, sentence.start)
            # a part under its own dateline or stamp reads "on Wednesday" against its date
            today[sentence.index] = seg.date if seg is not None and seg.date else pub
            if not sentence.dates:
                sentence.dates = find_date_expressions(sentence, today[sentence.index])
            found[sentence.index] = sentence.dates
        for event in sorted(doc.events, key=lambda e: (e.sentence_index, e.trigger_span)):
            if 0 <= event.sentence_index < len(doc.sentences):
                sentence = doc.sentences[event.sentence_index]
                day = today[sentence.index]
                self.date_event(event, sentence, found[sentence.index], day)
                if day != pub and event.date and event.date.rule == PUB_RULE:
                    event.date = _publication(pub)  # the occasions stage may use the part's date
                event.date_source = _source_of(event.date)
        return doc

    def date_event(self, event: Event, sentence: Sentence, refs: list[DateRef],
                   pub: date | None) -> None:
        """Date one event (in place)."""
        trigger = trigger_token(sentence, event.trigger_span)
        parsed = trigger is not None and sentence.doc.has_annotation("DEP")
        framed = _framed_act(trigger) if parsed else None
        if framed is not None:
            # "talks are set to resume next month", "is scheduled to open on Sept 27": the
            # frame word was coded as the trigger; the act and its date lie in its clause
            trigger = framed
            if event.status == "occurred":
                event.status, event.status_cue = detect_status(sentence, trigger)
        if parsed and self.recheck_status and event.status == "occurred" and not event.status_cue:
            event.status, event.status_cue = detect_status(sentence, trigger)
        event.time = entry_time(getattr(self, "_live", []), sentence.start)
        first = trigger_token(sentence, (event.trigger_span[0], event.trigger_span[0] + 1))
        background = self._background(event, sentence, trigger, first, pub) if parsed else None
        if background is None and inside(getattr(self, "_labelled", []), sentence.start):
            background = "history (a paragraph labelled background or context)"
        point, duration, note = attached_dates(sentence, trigger, refs, event.status,
                                               _event_noun(event), pub)
        if background is None and parsed and point is None:
            background = _shared_background(sentence, trigger, pub, event.time is not None)
        ref = None
        if point is not None:
            tense = clause_tense(trigger, event.status) if parsed else "past"
            if event.cameo[:2] in ("02", "03", "10", "13") and not note and len(event.trigger_text.split()) > 1:
                # "agreed to a truce starting on Friday", "called on supporters to join a
                # protest on Friday": a date in the governed clause dates what was agreed
                # or asked for, which lies ahead of the act
                tense = FUTURE
            ref = resolve(point.text, pub, tense=tense)
            ref.span = point.span
            ref.rule = f"{ref.rule}{note}"
            if is_future_ref(ref, pub) and event.status == "occurred":
                if event.event_type == "THREATEN" or event.cameo[:2] in ("02", "10"):
                    # a threat or an appeal is made now; the date is that of what it names
                    ref = None
                else:
                    event.status, event.status_cue = "planned", point.text
        if background and not (ref and background.startswith("history") and ref.value):
            event.date = None
            self._note(event, f"background: {background}")
            return
        if parsed and event.event_type == "AGREE" and event.status in ("planned", "occurred"):
            ref = self._agreement(event, sentence, trigger, refs, ref, pub)
        if ref is None and parsed and _perfect_after_lead(event, trigger, first):
            # "have finalised a pipeline project", "Yerevan has demanded their release":
            # a state up to now, not the day's news; it happened, when is unknown
            self._note(event, "background: present perfect without a date, after the lead")
            event.date = None
            return
        if ref is None:
            ref = self._default(event, pub)
        if ref is not None and duration is not None:
            ends = parsed and point is not None and _is_end(trigger)
            ref = _with_duration(ref, duration, pub, ends=ends)
            self._ongoing_if_inside(event, ref, pub)
        event.date = ref

    @staticmethod
    def _background(event: Event, sentence: Sentence, trigger: Any, first: Any,
                    pub: date | None) -> str | None:
        """Why the event's clause is background (see :func:`is_background`), or None."""
        live = event.time is not None  # a live-blog entry tells its news in the present
        background = is_background(sentence, trigger, pub, historical=live)
        if background is None and first is not None and first.i != trigger.i:
            # "Iran denies supplying drones": the governing verb's clause counts too
            background = is_background(sentence, first, pub, historical=live)
        if background is None and governing_verb(trigger).dep_ == "relcl":
            # a relative clause inside a background sentence is background too
            outer = governing_verb(governing_verb(trigger).head)
            if outer.i != trigger.i:
                background = is_background(sentence, outer, pub, historical=live)
        if background is None and event.event_type is None and event.cameo[:2] == "01":
            # a statement (CAMEO 01, no PLOVER event) of a view or a direct quote
            verb = governing_verb(trigger)
            background = reported_view(verb) or quoted_words(sentence, verb) or \
                reported_count(verb) or impersonal_report(verb)
        return background

    def _agreement(self, event: Event, sentence: Sentence, trigger: Any, refs: list[DateRef],
                   ref: DateRef | None, pub: date | None) -> DateRef | None:
        """"agreed to hold the 4th round in 2022", "pledged on Monday to deliver ... by
        2026": the agreement is done when it is said. It is occurred, dated from its own
        clause (else left for the occasion or the publication day), and the date in the
        clause of the act it promises goes to ``planned_date``. "will sign", "plans to
        send" stay planned: there the act itself lies ahead."""
        head = _agreement_head(sentence, event, trigger)
        if head is None:
            return ref
        act = trigger if trigger.i != head.i else next(
            (c for c in head.children if c.dep_ in ("xcomp", "ccomp") and _is_verb(c)), None)
        planned = None
        if act is not None:
            # "agreed to start building a bridge by 2007": the act's clause and the acts
            # it governs, not relative clauses about its nouns
            point = _nearest_in(sentence, refs, _act_tokens(act), act)
            if point is not None:
                planned = resolve(point.text, pub, tense=FUTURE)
                planned.span, planned.rule = point.span, f"{planned.rule}; the agreed act's date"
        if planned is None and event.status == "planned" and ref is not None and ref.span:
            planned = ref  # a future date the status came from
        if event.status == "occurred" and planned is None:
            return ref  # "pledged 45 million euros": nothing planned to keep
        event.planned_date = planned
        event.status, event.status_cue = "occurred", f"{head.text} (a planned act)"
        own = _nearest_in(sentence, refs, clause_tokens(head), head)
        if own is None or (planned is not None and own.span == planned.span):
            return None
        out = resolve(own.text, pub, tense="past")
        out.span, out.rule = own.span, f"{out.rule}; the agreement's own date"
        return out

    @staticmethod
    def _default(event: Event, pub: date | None) -> DateRef | None:
        """No date in the clause: news happened on the publication day; plans stay open."""
        if event.status in ("occurred", "ongoing", "negated"):
            return _publication(pub)
        if event.status == "planned":
            return DateRef(text="", span=None, value=None, precision=None,
                           start=pub.isoformat() if pub else None, rule=PLANNED_RULE)
        return None

    @staticmethod
    def _ongoing_if_inside(event: Event, ref: DateRef, pub: date | None) -> None:
        """A span read against the publication date: still running is ongoing, ended
        ("the two-week exercise that began on Oct 22", read on Nov 10) occurred."""
        if pub is None or not ref.start or not ref.end or event.status not in ("occurred", "ongoing"):
            return
        if event.event_type not in words("status", "durative_types"):
            return  # "reopened the border for two days": the act is done, its result lasts
        start, end = date.fromisoformat(ref.start), date.fromisoformat(ref.end)
        if event.status == "occurred" and ref.value and ref.value != pub.isoformat() and \
                start <= pub <= end:
            event.status, event.status_cue = "ongoing", ref.text
        elif event.status == "ongoing" and end < pub - timedelta(days=1) and ref.text:
            event.status, event.status_cue = "occurred", f"{ref.text} (ended before publication)"

    @staticmethod
    def _note(event: Event, note: str) -> None:
        event.evidence = f"{event.evidence}; {note}" if event.evidence else note


def _act_tokens(act: Any) -> list[Any]:
    out, stack = [], [act]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in ("relcl", "advcl", "parataxis"))
    return out


def _event_noun(event: Event) -> str | None:
    """The event noun the events stage named ("light verb 'hold' + event noun 'exercise'")."""
    m = re.search(r"event noun '([^']+)'", event.evidence or "")
    return m.group(1).lower() if m else None


def _is_end(trigger: Any) -> bool:
    return _is(governing_verb(trigger), "end_verbs")


def _framed_act(trigger: Any) -> Any:
    """The infinitive governed by a future frame ("set", "scheduled", "due") coded as
    the trigger, or None."""
    from .status import _is_infinitive

    if trigger.lemma_.lower() not in words("status", "future_frames"):
        return None
    return next((c for c in trigger.children if c.dep_ in ("xcomp", "acl") and _is_verb(c)
                 and _is_infinitive(c)), None)


def _nearest_in(sentence: Sentence, refs: list[DateRef], tokens: list[Any], near: Any) -> DateRef | None:
    """The point date (not a duration) whose head lies in ``tokens``, nearest ``near``."""
    ids = {t.i for t in tokens}
    found = [(abs(root.i - near.i), ref) for ref in refs
             if duration_days(ref) is None and (root := _root_of(sentence, ref)) is not None
             and root.i in ids]
    return min(found, key=lambda f: f[0])[1] if found else None


def _agreement_head(sentence: Sentence, event: Event, trigger: Any) -> Any:
    """The agreement verb ("agreed", "pledged", "invited") whose act is done when
    said, when it is not itself marked as future, negated or conditional."""
    from .status import _is, clause_status

    first = trigger_token(sentence, (event.trigger_span[0], event.trigger_span[0] + 1))
    candidates = [t for t in (first, governing_verb(trigger)) if t is not None]
    verb = governing_verb(trigger)
    for _ in range(3):  # "agreed to hold": the verbs that govern the planned act
        if verb.head.i == verb.i or verb.dep_ not in ("xcomp", "ccomp", "conj", "advcl"):
            break
        verb = verb.head
        candidates.append(verb)
    for tok in candidates:
        if _is_verb(tok) and _is(tok, "agreement_verbs") and tok.tag_ in ("VBD", "VBN") \
                and clause_status(tok) is None:
            return tok
    return None


def _perfect_after_lead(event: Event, trigger: Any, first: Any) -> bool:
    return event.status == "occurred" and event.sentence_index > LEAD and (
        _present_perfect(trigger) or (first is not None and _present_perfect(first))
        or _past_perfect_main(trigger) or (first is not None and _past_perfect_main(first)))


def _past_perfect_main(trigger: Any) -> bool:
    """"The audit had recommended a new election", "The coalition had called the march":
    a past perfect in the sentence's own main clause tells what came before the news
    (a report of it, "India said it had withdrawn ...", is the day's news)."""
    verb = governing_verb(trigger)
    while verb.dep_ == "conj" and _shares_head(verb) and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "ROOT" or verb.tag_ != "VBN" or any(c.dep_ == "neg" for c in verb.children):
        return False
    if any(c.dep_ in ("parataxis", "ccomp") and _is(c, "reporting_verbs") for c in verb.children):
        return False  # "Rebels had seized the town, the army said": the day's report
    return any(a.dep_ == "aux" and a.lower_ in ("had", "'d") for a in verb.children)


def _present_perfect(trigger: Any) -> bool:
    """"has demanded", "have finalised" (not "have been holding": that is ongoing)."""
    verb = governing_verb(trigger)
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.dep_ == "neg" for c in verb.children):
        return False  # "has not accepted a ceasefire": the day's stance
    return verb.tag_ == "VBN" and any(a.lemma_ == "have" and a.tag_ in ("VBP", "VBZ") for a in auxes) \
        and not any(a.lower_ == "been" for a in auxes if a.dep_ == "aux")


def _source_of(ref: DateRef | None) -> str | None:
    """own (the sentence's words), publication (the default), or None (undated)."""
    if ref is None or not ref.value:
        return None
    return "publication" if ref.rule and ref.rule.startswith(PUB_RULE) else "own"


@stages.register("time")
def make_time(**options: Any) -> TimeResolver:
    return TimeResolver(**options)
