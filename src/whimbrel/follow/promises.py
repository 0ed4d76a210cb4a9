"""Commitments: every promise a story reports, and what later stories say became of it.

A promise is a planned act (status ``planned``: "will visit", "is scheduled to"), the
planned act of an agreement (an event with a ``planned_date``: "agreed to hold the 4th
round in Russia in 2022") or an intent (CAMEO 03x: "pledged to", "agreed to"). It is
*made* on its statement day (the agreement's own day, else the story's publication date)
and is *due* by the end of the planned act's date ("in 2022" -> by 2022-12-31, "next
month" -> the month's last day, "by 2025" -> 2025-12-31). A promise with no date, or with
one that cannot be read ("soon"), gets :data:`DEFAULT_WINDOW_DAYS`, marked ``default``.

Several stories telling one promise are one commitment: the same series and round, or the
same act and parties told again before the first window closed. A later telling with
another date or place *changes* it (the new window counts); one whose sentence says it was
called off *cancels* it. A promise is *fulfilled* by the first later report that the act
took place (same series and round; or the same act, the promise's parties and place, inside
the window and up to :data:`GRACE_DAYS` after it), never by an event dated on or before the
day it was made. Otherwise it is *pending* while its window is open and *overdue* once the
window has closed before the reference date: the latest publication date in the store, so
that an archive of old stories is judged as of its own time, not of today (pass ``as_of``
to judge as of another day). Every step is kept in ``decisions``.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from typing import Any, Iterable

from ..events.series import series_data
from ._load import Report
from .registry import SeriesEntry, about_a_plan, held

DEFAULT_WINDOW_DAYS = 365
#: A matching act this long after the window closed still keeps the promise (late).
GRACE_DAYS = 31
STATES = ("fulfilled", "pending", "overdue", "changed", "cancelled")
_NEXT = re.compile(r"\bnext\s+(?:[\w+'’-]+\s+){0,3}?(?:round|session|meeting|edition|iteration|"
                   r"exercise|dialogue|talks|summit)\b", re.IGNORECASE)


def is_promise(r: Report) -> bool:
    """A planned act, an agreement's planned act or an intent; news that a plan was
    postponed or called off is follow-up, not a new promise."""
    if r.status in ("hypothetical", "negated") or about_a_plan(r.sentence):
        return False
    return r.status == "planned" or r.planned is not None or (
        r.cameo.startswith("03") and r.status == "occurred")


def cue_pattern(cues: Iterable[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")", re.IGNORECASE)


@dataclass
class Due:
    start: Date
    end: Date
    precision: str | None
    text: str | None
    default: bool
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "precision": self.precision, "text": self.text, "default": self.default,
                "rule": self.rule}


@dataclass
class Commitment:
    report: Report
    made: Date
    due: Due
    act: str | None
    series: SeriesEntry | None
    round: int | None
    edition: int | None
    parties: frozenset[str]
    place: str | None
    country: str | None
    reports: list[Report] = field(default_factory=list)
    original_due: Due | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    fulfilled_by: Report | None = None
    cancelled_by: Report | None = None
    state: str = "pending"
    decisions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def commitment_id(self) -> str:
        return hashlib.sha1(self.report.mention_id.encode()).hexdigest()[:12]

    def note(self, step: str, verdict: str, reason: str, report: Report | None = None) -> None:
        self.decisions.append({"step": step, "verdict": verdict, "reason": reason,
                               "event_id": report.event_id if report else None,
                               "doc_id": report.doc_id if report else None})

    def to_dict(self, as_of: Date) -> dict[str, Any]:
        r = self.report
        return {
            "commitment_id": self.commitment_id, "state": self.state,
            "made": self.made.isoformat(), "due": self.due.to_dict(),
            "original_due": self.original_due.to_dict() if self.original_due else None,
            "parties": sorted(self.parties),
            "promise": {"event_type": self.act, "cameo": r.cameo,
                        "series": self.series.name if self.series else None,
                        "series_id": self.series.series_id if self.series else None,
                        "acronym": self.series.acronym if self.series else None,
                        "round": self.round, "edition": self.edition,
                        "place": self.place, "country": self.country,
                        "parties": sorted(self.parties), "text": r.sentence, "trigger": r.trigger,
                        "event_id": r.event_id, "mention_id": r.mention_id, "doc_id": r.doc_id},
            "fulfilled_by": _fulfilment(self.fulfilled_by, self.due) if self.fulfilled_by else None,
            "cancelled_by": self.cancelled_by.brief() if self.cancelled_by else None,
            "changes": self.changes,
            "evidence": [{"doc_id": x.doc_id, "made": _made(x).isoformat() if _made(x) else None,
                          "sentence": x.sentence, "trigger": x.trigger, "status": x.status,
                          "status_cue": x.status_cue} for x in self.reports],
            "decisions": self.decisions, "as_of": as_of.isoformat(),
        }


def _fulfilment(r: Report, due: Due) -> dict[str, Any]:
    out = r.brief()
    out["reported"] = r.pub_date.isoformat() if r.pub_date else None
    out["late"] = bool(r.date and r.date.first > due.end)
    return out


def _made(r: Report) -> Date | None:
    """The statement's day: an agreement's own day, else the story's publication date."""
    if r.status != "planned" and r.date and r.date.precision == "day":
        return r.date.first
    return r.pub_date or (r.date.first if r.date and r.status != "planned" else None)


def _act(r: Report) -> str | None:
    if r.cameo.startswith("03"):
        acts = series_data().intent_acts
        return acts.get(r.cameo) or acts.get(r.cameo[:3])
    return r.event_type


def _due(r: Report, made: Date) -> Due:
    planned = r.planned
    if planned is None and r.status == "planned" and r.date_source not in ("publication", "dateline"):
        planned = r.date
    if planned is not None and planned.last >= made:
        return Due(start=made, end=planned.last, precision=planned.precision, text=planned.text,
                   default=False, rule=f"{planned.value} ({planned.precision}) -> by "
                                       f"{planned.last.isoformat()}")
    why = "no date given" if planned is None else f"its date {planned.value} is before it was made"
    return Due(start=made, end=made + timedelta(days=DEFAULT_WINDOW_DAYS), precision=None,
               text=planned.text if planned else None, default=True,
               rule=f"{why}: a default window of {DEFAULT_WINDOW_DAYS} days")


def _own_place(r: Report) -> tuple[str | None, str | None]:
    return (r.place, r.country) if r.own_place else (None, None)


def extract(reports: list[Report], registry: dict[str, SeriesEntry]) -> list[Commitment]:
    """Commitments from the promise reports, one per promise however often it is told."""
    best: dict[tuple[str, int], Report] = {}
    for r in reports:  # one promise per sentence: the one naming a series, then a date
        if not is_promise(r) or _made(r) is None:
            continue
        key = (r.doc_id, r.sentence_index)
        if key not in best or _rank(r) < _rank(best[key]):
            best[key] = r
    anchors = _story_anchors(reports, registry)
    promises = sorted(best.values(), key=lambda r: (_made(r), r.mention_id))
    out: list[Commitment] = []
    told: dict[str, list[Commitment]] = {}  # doc id -> commitments a story made
    later: list[tuple[Report, Date]] = []
    for r in promises:
        made = _made(r)
        entry, rnd, edition = _promised_round(r, registry, anchors)
        if entry is None and _part_of_occasion(r, made, anchors):
            continue
        if entry is None and _due(r, made).default:
            later.append((r, made))  # "the exercise will bring together ...": maybe said of
            continue                 # a promise the story makes in another sentence
        home = _same_promise(out, r, entry, rnd, edition, made)
        if home is not None:
            _retell(home, r, made, *_own_place(r))
            continue
        c = _commitment(r, made, entry, rnd, edition)
        out.append(c)
        told.setdefault(r.doc_id, []).append(c)
    for r, made in later:
        host = next((c for c in told.get(r.doc_id, []) if r.parties <= c.parties
                     and r.status == "planned"), None)
        if host is not None:
            host.reports.append(r)
            host.note("retold", "same promise", f"'{r.trigger}' tells more of it, undated", r)
            continue
        home = _same_promise(out, r, None, None, None, made)
        if home is not None:
            _retell(home, r, made, *_own_place(r))
            continue
        out.append(_commitment(r, made, None, None, None))
    out.sort(key=lambda c: (c.made, c.report.mention_id))
    return out


def _commitment(r: Report, made: Date, entry: SeriesEntry | None, rnd: int | None,
                edition: int | None) -> Commitment:
    place, country = _own_place(r)
    c = Commitment(report=r, made=made, due=_due(r, made), act=_act(r), series=entry,
                   round=rnd, edition=edition, parties=r.parties, place=place, country=country,
                   reports=[r])
    what = f"{entry.name} round {rnd}" if entry and rnd else (entry.name if entry else c.act)
    c.note("made", "promise", f"'{r.trigger}' ({r.status}, {r.cameo}) promises {what} on "
           f"{made.isoformat()}; due {c.due.rule}", r)
    return c


def _promised_round(r: Report, registry: dict[str, SeriesEntry],
                    anchors: dict[str, tuple[SeriesEntry, int | None, Report]]
                    ) -> tuple[SeriesEntry | None, int | None, int | None]:
    """The series and round a promise is about. The round its own story reports held is
    the occasion it was made at, not what it promises; "the next round" is one after it."""
    entry = registry.get(r.series_id) if r.series_id else None
    rnd = (r.series or {}).get("round") if entry else None
    edition = (r.series or {}).get("edition") if entry else None
    anchor = anchors.get(r.doc_id)
    if entry is not None and anchor and anchor[0] is entry and rnd in (None, anchor[1]) \
            and edition in (None, (anchor[2].series or {}).get("edition")):
        entry = rnd = edition = None  # the occasion's own series, carried to the agreement
    if entry is None and _NEXT.search(r.sentence) and anchor:
        entry, current, _ = anchor  # "agreed to hold the next round in Moscow"
        rnd = current + 1 if current else None
    elif entry is None:
        entry = _named_in(r.sentence, registry)  # "... the JMCC meeting in Pakistan next year"
    return entry, rnd, edition


def _named_in(sentence: str, registry: dict[str, SeriesEntry]) -> SeriesEntry | None:
    """The one series whose name or acronym the sentence uses, if exactly one."""
    found = {e.series_id: e for e in registry.values()
             for n in [e.name, *(e.acronym and [e.acronym] or [])]
             if len(n) > 2 and re.search(rf"\b{re.escape(n)}\b", sentence)}
    return next(iter(found.values())) if len(found) == 1 else None


#: Event types an exercise is; the acts of every other type belong to meetings.
EXERCISE_ACTS = {"COOPERATE", "MOBILIZE"}


def _part_of_occasion(r: Report, made: Date, anchors: dict[str, Any]) -> bool:
    """"Troops will train together until October 10", told of an exercise the story reports
    under way: the occasion going on, not a new promise."""
    anchor = anchors.get(r.doc_id)
    due = _due(r, made)
    if not anchor or due.default or anchor[2].date is None:
        return False
    entry, _, held_report = anchor
    same_kind = (_act(r) in EXERCISE_ACTS) == (entry.kind == "exercise")
    return same_kind and due.end <= held_report.date.last + timedelta(days=GRACE_DAYS)


def _rank(r: Report) -> tuple:
    return (r.series is None, r.planned is None and r.status != "planned", -r.confidence,
            r.mention_id)


def _story_anchors(reports: list[Report], registry: dict[str, SeriesEntry]
                   ) -> dict[str, tuple[SeriesEntry, int | None, Report]]:
    """The series occasion each story reports as held (for "the next round")."""
    out: dict[str, tuple[SeriesEntry, int | None, Report]] = {}
    for r in sorted(reports, key=lambda x: (x.doc_id, x.sentence_index, x.mention_id)):
        if r.series_id in registry and held(r) and r.doc_id not in out:
            out[r.doc_id] = (registry[r.series_id], r.round, r)
    return out


def _same_promise(out: list[Commitment], r: Report, entry: SeriesEntry | None, rnd: int | None,
                  edition: int | None, made: Date) -> Commitment | None:
    for c in out:
        if entry is not None or c.series is not None:
            if c.series is entry and (rnd, edition) == (c.round, c.edition) and (
                    rnd or edition or made <= c.due.end):
                return c
            continue
        if c.act == _act(r) and c.parties and c.parties == r.parties and made <= c.due.end:
            return c
    return None


def _retell(c: Commitment, r: Report, made: Date, place: str | None, country: str | None) -> None:
    """The same promise told again: restated, or changed (new date or place)."""
    c.reports.append(r)
    if r.doc_id == c.report.doc_id:
        return
    due = _due(r, made)
    moved = not due.default and due.end != c.due.end
    elsewhere = bool(country and c.country and country != c.country)
    if not (moved or elsewhere):
        c.note("retold", "same promise", f"told again on {made.isoformat()} with the same date "
               "and place", r)
        return
    c.original_due = c.original_due or c.due
    change = {"made": made.isoformat(), "doc_id": r.doc_id, "sentence": r.sentence,
              "due": due.to_dict() if moved else None, "place": place if elsewhere else None,
              "country": country if elsewhere else None}
    c.changes.append(change)
    if moved:
        c.due = due
    if elsewhere:
        c.place, c.country = place, country
    c.note("changed", "changed", f"told again on {made.isoformat()}"
           + (f" with a new date: due {due.rule}" if moved else "")
           + (f" at a new place: {place} ({country})" if elsewhere else ""), r)


def follow_up(commitments: list[Commitment], reports: list[Report], candidates: list[Report],
              as_of: Date, registries: dict[str, SeriesEntry]) -> None:
    """Changes, cancellations and fulfilments from later reports; then each state."""
    data = series_data()
    change_cue, cancel_cue = cue_pattern(data.change_cues), cue_pattern(data.cancel_cues)
    # only news of a postponement, a cancellation or a negated round can change a promise
    news = sorted((r for r in reports if r.pub_date and (r.status == "negated" or about_a_plan(r.sentence))),
                  key=lambda x: (x.pub_date, x.mention_id))
    by_act: dict[str | None, list[Report]] = {}
    for r in sorted(candidates, key=lambda x: (x.date.first if x.date else Date.max, x.mention_id)):
        if r.date is not None and held(r):
            by_act.setdefault(r.event_type, []).append(r)
    for c in commitments:
        promise_docs = {x.doc_id for x in c.reports}
        for r in news:
            if r.doc_id in promise_docs or r.pub_date <= c.made or not _about(c, r):
                continue
            if cancel_cue.search(r.sentence) or (r.status == "negated" and _names_round(c, r)):
                if c.cancelled_by is None:
                    c.cancelled_by = r
                    c.note("cancelled", "cancelled", f"reported called off on "
                           f"{r.pub_date.isoformat()}: {r.sentence!r}", r)
            elif (cue := change_cue.search(r.sentence)) and not held(r):
                _postponed(c, r, cue)
        _fulfil(c, by_act.get(c.act, []), registries)
        _state(c, as_of)


def _names_round(c: Commitment, r: Report) -> bool:
    return c.series is not None and r.series_id == c.series.series_id and (
        c.round is None or r.round == c.round or (r.series or {}).get("round") == c.round)


def _about(c: Commitment, r: Report) -> bool:
    """Is a later report about this promise (for a change or a cancellation)?"""
    if c.series is not None and r.series_id is not None:
        return _names_round(c, r)
    if r.series_id is not None:
        return False  # news of a series' round is not about a promise outside it
    if r.pub_date > c.due.end + timedelta(days=GRACE_DAYS):
        return False  # told after the window closed: a later plan, not this one
    if not c.parties or not c.parties <= r.parties:
        return False
    if r.event_type in (c.act, "REJECT", None) or r.cameo.startswith("03"):
        return True
    # "has cancelled a planned visit" (coded as a sanction): the sentence names the act
    words = series_data().act_words.get(c.act or "", ())
    return any(re.search(rf"\b{re.escape(w)}\b", r.sentence, re.IGNORECASE) for w in words)


def _postponed(c: Commitment, r: Report, cue: re.Match) -> None:
    """"postponed to next year": a new window from the date told after the cue, if any."""
    made = r.pub_date
    due = _new_due(r.sentence[cue.end():], made)
    c.original_due = c.original_due or c.due
    if due is not None:
        c.due = due
    c.changes.append({"made": made.isoformat(), "doc_id": r.doc_id, "sentence": r.sentence,
                      "due": c.due.to_dict(), "place": None, "country": None})
    c.note("changed", "changed", f"reported postponed on {made.isoformat()}; now due "
           f"{c.due.end.isoformat()}", r)


def _new_due(text: str, made: Date) -> Due | None:
    """The window a postponement gives ("to 2020", "to next year"), read with the time
    stage's date rules against the day it was reported."""
    from ..time.dates import resolve, scan
    from ._load import when

    hits = scan(text)
    if not hits:
        return None
    start, end, _, _ = min(hits, key=lambda h: h[0])  # the date nearest the cue
    ref = resolve(text[start:end], made, tense="future")
    date = when(ref.value, ref.precision, ref.start, ref.end, ref.text)
    if date is None or date.last < made:
        return None
    return Due(start=made, end=date.last, precision=date.precision, text=ref.text,
               default=False, rule=f"postponed {ref.text!r}: {date.value} ({date.precision}) -> by "
                                   f"{date.last.isoformat()}")


def _after(c: Commitment, r: Report) -> tuple[bool, str]:
    """May this report keep the promise? Never if dated on or before the day it was made."""
    if r.date is None:
        return False, "undated"
    if r.date.first <= c.made:
        return False, (f"dated {r.date.value}, not after the promise was made "
                       f"({c.made.isoformat()})")
    return True, ""


def _fulfil(c: Commitment, candidates: list[Report], registries: dict[str, SeriesEntry]) -> None:
    """``candidates``: dated reports of the promised act that took place, by date."""
    if c.series is not None:
        if _fulfil_by_round(c):
            return
    late_limit = c.due.end + timedelta(days=GRACE_DAYS)
    start = bisect.bisect_left([r.date.first for r in candidates], c.made - timedelta(days=3))
    for r in candidates[start:]:
        if r.doc_id == c.report.doc_id:
            continue
        if not c.parties or not c.parties <= r.parties:
            continue
        if c.country and r.country and r.own_place and r.country != c.country:
            continue
        ok, why = _after(c, r)
        if not ok:
            if r.date is not None and r.date.first >= c.made - timedelta(days=3):
                c.note("candidate", "rejected", f"{r.event_type} of {'/'.join(sorted(r.parties))}: "
                       f"{why}", r)
            continue
        if r.date.first > late_limit:
            break
        if r.series_id in registries and r.round is not None:
            begun = registries[r.series_id].round_of(r.round)
            if begun and begun.first_day and begun.first_day <= c.made:
                c.note("candidate", "rejected", f"part of {registries[r.series_id].name} round "
                       f"{r.round}, under way before the promise was made", r)
                continue
        c.fulfilled_by = r
        c.note("fulfilled", "fulfilled", f"{r.event_type} of {'/'.join(sorted(r.parties))}"
               + (f" in {r.country}" if r.country else "") + f" on {r.date.value}, inside the "
               f"window (to {c.due.end.isoformat()}, +{GRACE_DAYS} days grace)", r)
        return


def _fulfil_by_round(c: Commitment) -> bool:
    rnd = None
    if c.round is not None:
        rnd = c.series.round_of(c.round)
    elif c.edition is not None:
        rnd = c.series.edition_round(c.edition)
    if rnd is None and c.round is None and c.edition is None:
        later = [x for x in c.series.rounds if x.first_day and x.first_day > c.made
                 and x.first_day <= c.due.end + timedelta(days=GRACE_DAYS)]
        rnd = min(later, key=lambda x: x.first_day) if later else None
    if rnd is None:
        return False
    label = f"{c.series.name} round {rnd.round}" if rnd.round else c.series.name
    # the earliest report, preferring the promised act told with its own place
    for r in sorted(rnd.reports, key=lambda x: (x.date.first if x.date else Date.max,
                                                x.event_type != c.act, not x.own_place,
                                                x.mention_id)):
        ok, why = _after(c, r)
        if ok:
            c.fulfilled_by = r
            c.note("fulfilled", "fulfilled", f"{label} reported held on {r.date.value}"
                   + (f" at {r.place}" if r.place else "") + " (same series and round)", r)
            if c.country and r.own_place and r.country and r.country != c.country:
                c.note("fulfilled", "elsewhere", f"held in {r.country}, promised in {c.country}", r)
            return True
        c.note("candidate", "rejected", f"{label}: {why}", r)
    return False


def _state(c: Commitment, as_of: Date) -> None:
    if c.fulfilled_by is not None:
        late = c.fulfilled_by.date and c.fulfilled_by.date.first > c.due.end
        how = next(d["reason"] for d in c.decisions if d["step"] == "fulfilled")
        c.state, reason = "fulfilled", ("kept late: " if late else "kept: ") + how
    elif c.cancelled_by is not None:
        c.state = "cancelled"
        reason = next(d["reason"] for d in c.decisions if d["step"] == "cancelled")
    elif c.due.end < as_of:
        c.state = "overdue"
        reason = (f"window closed {c.due.end.isoformat()}, before {as_of.isoformat()}, and no "
                  "later report says it was kept" + (" (after a change)" if c.changes else ""))
    elif c.changes:
        c.state, reason = "changed", f"changed; now due by {c.due.end.isoformat()}"
    else:
        c.state, reason = "pending", f"due by {c.due.end.isoformat()}, open as of {as_of.isoformat()}"
    c.note("state", c.state, reason)
