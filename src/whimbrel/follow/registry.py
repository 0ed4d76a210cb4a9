"""The series registry: recurring meetings and exercises learned from every stored report.

A series is known by many names: an acronym and its long form ("JMCC", "Joint Military
Consultative Committee"), a translation or spelling ("Friendship", "DRUZBA" = Druzhba,
mapped by the series stage), a year edition ("Druzhba-2019"), a format ("the 2+2
ministerial dialogue"). Names that share a normalised form, an acronym or an acronym's
initials are one series, split only when its reports name different pairs of countries
(the India-US and the India-Japan 2+2).

Rounds are the occasions the series was held (reports that say it happened, not
promises). An explicit ordinal ("the 3rd round", "Druzhba VI") names its round; a year
edition or an unnumbered report joins the round held that year or within
:data:`SAME_OCCASION_DAYS`, else becomes a round of its own whose ordinal comes from the
registry's order (the one after a known round, or the first when nothing earlier is
known). An explicit ordinal always wins over an inferred one; two explicit ordinals for
one occasion are both kept, the better attested shown as the round and the other as a
conflict.

Everything here is computed from the set of reports, never from the order they
arrived in, so any ingest order gives the same registry.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from typing import Any

from ..events.series import Series, canonical_name, plan_news, series_kind
from ._load import Report, When

#: Reports of one series this close in time, with no ordinal to tell them apart, are one round.
SAME_OCCASION_DAYS = 45
#: Words that say what a series is rather than which one ("the 2+2 ministerial dialogue").
_GENERIC = re.compile(r"\b(?:ministerial|dialogue|talks|meeting|format|consultations|exercises?|"
                      r"drills?|joint|inter-sessional|foreign and defen[cs]e)\b", re.IGNORECASE)
#: "Russia-Pakistan ...", "India-US ...": a pair of parties before the name.
_PAIR_PREFIX = re.compile(r"^(?:[A-Z][\w.]*-)+[A-Z][\w.]*\s+(?=\S)")
_STOP_INITIALS = frozenset("of the and for on in".split())


def held(report: Report) -> bool:
    """Does the report tell that a round took place (not a promise, an intent, or news
    that it was postponed or called off)?"""
    return (report.status in ("occurred", "ongoing") and report.planned is None
            and not report.cameo.startswith("03") and not about_a_plan(report.sentence))


@lru_cache(maxsize=65536)
def about_a_plan(sentence: str) -> bool:
    """Does the sentence say a plan was postponed or called off ("has been cancelled")?"""
    return plan_news(sentence)


@dataclass
class Round:
    round: int | None
    ordinal_source: str  # explicit | order | unknown
    edition: int | None = None
    reports: list[Report] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    def dates(self) -> list[When]:
        return [r.date for r in self.reports if r.date is not None]

    @property
    def date(self) -> When | None:
        """The most reported day-precise date, else the most precise date told."""
        dates = self.dates()
        if not dates:
            return None
        rank = {"day": 0, "week": 1, "month": 2, "year": 3}
        best = min(rank.get(d.precision, 4) for d in dates)
        counts = Counter(d.value for d in dates if rank.get(d.precision, 4) == best)
        value = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return next(d for d in dates if d.value == value)

    @property
    def first_day(self) -> Date | None:
        d = self.date
        return d.first if d else (Date(self.edition, 1, 1) if self.edition else None)

    def place(self) -> tuple[str | None, str | None]:
        own = [r for r in self.reports if r.own_place] or [r for r in self.reports if r.country]
        if not own:
            return None, None
        counts = Counter((r.place, r.country) for r in own)
        # ties: the place told first in its story (a lead says where the round was held)
        first = {}
        for r in sorted(own, key=lambda x: (x.sentence_index, x.doc_id)):
            first.setdefault((r.place, r.country), r.sentence_index)
        return sorted(counts, key=lambda k: (-counts[k], first[k], k[0] or ""))[0]


@dataclass
class SeriesEntry:
    series_id: str
    name: str
    acronym: str | None
    kind: str
    names: Counter = field(default_factory=Counter)
    reports: list[Report] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)

    def round_of(self, number: int | None) -> Round | None:
        return next((r for r in self.rounds if number is not None and r.round == number), None)

    def edition_round(self, year: int) -> Round | None:
        return next((r for r in self.rounds if r.edition == year), None)

    def to_dict(self) -> dict[str, Any]:
        rounds = []
        for r in self.rounds:
            place, country = r.place()
            d = r.date
            rounds.append({
                "round": r.round, "ordinal_source": r.ordinal_source, "edition": r.edition,
                "date": d.value if d else None, "date_precision": d.precision if d else None,
                "place": place, "country": country,
                "events": _events(r.reports),
                "stories": sorted({x.doc_id for x in r.reports}),
                "conflicts": r.conflicts,
            })
        return {"series_id": self.series_id, "name": self.name, "acronym": self.acronym,
                "kind": self.kind, "aliases": self.aliases(), "parties": self.parties,
                "rounds": rounds}

    def aliases(self) -> list[str]:
        out = {n for n in self.names if n != self.name}
        if self.acronym and self.acronym != self.name:
            out.add(self.acronym)
        return sorted(out, key=str.casefold)


def _events(reports: list[Report]) -> list[dict[str, Any]]:
    """One entry per canonical event (reports merged by the store count once)."""
    seen: dict[str, dict[str, Any]] = {}
    for r in sorted(reports, key=lambda x: (x.doc_id, x.sentence_index)):
        key = r.event_id or r.mention_id
        if key not in seen:
            seen[key] = {"event_id": key, "doc_id": r.doc_id, "event_type": r.event_type,
                         "date": r.date.value if r.date else None, "status": r.status}
    return list(seen.values())


def name_key(name: str) -> str:
    """What stays of a name once parties and kind words are set aside ("2+2")."""
    core = _PAIR_PREFIX.sub("", canonical_name(name).strip())
    core = re.sub(r"\b(?:two[\s-]plus[\s-]two|2\s?\+\s?2)\b", "2+2", core, flags=re.IGNORECASE)
    bare = " ".join(_GENERIC.sub(" ", core).split())
    return (bare or core).casefold()


def initials(name: str) -> str | None:
    words = [w for w in re.split(r"[\s-]+", _PAIR_PREFIX.sub("", name)) if w]
    caps = [w[0] for w in words if w[0].isupper() and w.casefold() not in _STOP_INITIALS]
    return "".join(caps) if len(caps) >= 3 else None


def _keys(series: dict[str, Any]) -> set[str]:
    name = series.get("name") or ""
    keys = {f"name:{name_key(name)}"}
    acronym = series.get("acronym") or (name if re.fullmatch(r"[A-Z]{2,8}", name) else None)
    if acronym:
        keys.add(f"acr:{acronym}")
    if init := initials(name):
        keys.add(f"acr:{init}")
    return keys


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def build_registry(reports: list[Report]) -> list[SeriesEntry]:
    """Series and their rounds from every report that names a series."""
    named = [r for r in reports if r.series and r.series.get("name")]
    union = _Union()
    for r in named:
        keys = sorted(_keys(r.series))
        for k in keys[1:]:
            union.join(keys[0], k)
    groups: dict[str, list[Report]] = defaultdict(list)
    for r in named:
        groups[union.find(sorted(_keys(r.series))[0])].append(r)
    entries = []
    for members in groups.values():
        for part in _split_by_parties(members):
            entries.append(_entry(part))
    entries.sort(key=lambda e: (e.name.casefold(), e.parties))
    for entry in entries:
        for r in entry.reports:
            r.series_id = entry.series_id
        entry.rounds = _rounds(entry.reports)
        for rnd in entry.rounds:
            for r in rnd.reports:
                r.round = rnd.round
    return entries


def _pair(report: Report) -> frozenset[str]:
    """The countries taking part in the reported event."""
    return report.parties


def _split_by_parties(members: list[Report]) -> list[list[Report]]:
    """One name, different pairs of countries: different series (read from the rounds
    held, whose parties are surer than a promise's). Every other report joins the
    series whose parties overlap its own most."""
    full = sorted({_pair(r) for r in members if len(_pair(r)) >= 2 and held(r)},
                  key=lambda p: (-len(p), sorted(p)))
    clusters: list[set[str]] = []
    for p in full:
        home = next((c for c in clusters if p <= c or c <= p), None)
        if home is None:
            clusters.append(set(p))
        else:
            home |= p
    if len(clusters) <= 1:
        return [members]
    parts: list[list[Report]] = [[] for _ in clusters]
    for r in members:
        p = _pair(r)
        scores = [len(p & c) for c in clusters]
        parts[scores.index(max(scores))].append(r)
    return [p for p in parts if p]


def _entry(reports: list[Report]) -> SeriesEntry:
    names = Counter(r.series["name"] for r in reports)
    for r in reports:  # names as written: year editions ("Friendship-2016"), translations
        text = r.series.get("text")
        if text and (r.series.get("edition") or not r.series.get("round")):
            names.setdefault(text, 0)
    acronyms = Counter(r.series.get("acronym") for r in reports if r.series.get("acronym"))
    acronym = sorted(acronyms.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if acronyms else None
    long_names = [n for n in names if not re.fullmatch(r"[A-Z]{2,8}", n)] or list(names)
    name = sorted(long_names, key=lambda n: (-names[n], -len(n), n))[0]
    counts = Counter(c for r in reports for c in r.parties)
    parties = sorted(c for c, n in counts.items() if n * 2 >= len(reports))
    key = f"{name_key(name)}|{'|'.join(parties)}"
    kind = series_kind(Series(name=name), " ".join(r.sentence for r in reports[:5]))
    sid = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return SeriesEntry(series_id=sid, name=name, acronym=acronym, kind=kind, names=names,
                       reports=reports, parties=parties)


def _rounds(reports: list[Report]) -> list[Round]:
    """The rounds a series was held, each with the reports that tell it. A story that says
    a round was postponed or called off does not report it held, in any of its sentences
    (an occasion's other events may carry its series)."""
    called_off = {(r.doc_id, r.series.get("round"), r.series.get("edition")) for r in reports
                  if about_a_plan(r.sentence) or r.status == "negated"}
    obs = [r for r in reports if held(r) and (r.doc_id, r.series.get("round"),
                                                r.series.get("edition")) not in called_off]
    by_round: dict[int, Round] = {}
    for r in obs:
        n = r.series.get("round")
        if n:
            by_round.setdefault(n, Round(round=n, ordinal_source="explicit")).reports.append(r)
    rounds = _merge_conflicts(list(by_round.values()))
    for r in obs:
        year = r.series.get("edition")
        if not year or r.series.get("round"):
            continue
        home = next((x for x in rounds if x.edition == year), None) or _round_in_year(rounds, year)
        if home is None:
            home = Round(round=None, ordinal_source="unknown", edition=year)
            rounds.append(home)
        home.edition = home.edition or year
        home.reports.append(r)
    for r in sorted((r for r in obs if not r.series.get("round") and not r.series.get("edition")),
                    key=lambda x: (x.date.first if x.date else Date.max, x.mention_id)):
        if r.date is None:
            continue  # an unnumbered, undated report cannot be placed among the rounds
        home = _round_near(rounds, r.date.first)
        if home is None:
            home = Round(round=None, ordinal_source="unknown")
            rounds.append(home)
        home.reports.append(r)
    for rnd in rounds:
        years = {r.series.get("edition") for r in rnd.reports if r.series.get("edition")}
        if rnd.edition is None and len(years) == 1:
            rnd.edition = years.pop()
    _number_by_order(rounds)
    rounds.sort(key=lambda x: (x.round if x.round is not None else 10**6,
                               x.first_day or Date.max))
    return rounds


def _round_in_year(rounds: list[Round], year: int) -> Round | None:
    inside = [x for x in rounds if x.first_day and x.first_day.year == year]
    return inside[0] if len(inside) == 1 else None


def _round_near(rounds: list[Round], day: Date) -> Round | None:
    near = [(abs((x.first_day - day).days), x) for x in rounds
            if x.first_day and x.date and x.date.precision in ("day", "week")
            and abs((x.first_day - day).days) <= SAME_OCCASION_DAYS]
    return min(near, key=lambda t: t[0])[1] if near else None


def _merge_conflicts(rounds: list[Round]) -> list[Round]:
    """Two explicit ordinals for one occasion (same day-precise date, give or take three
    days): keep the better attested as the round, the other as a conflict."""
    rounds.sort(key=lambda x: (-len({r.doc_id for r in x.reports}), x.round))
    kept: list[Round] = []
    for rnd in rounds:
        d = rnd.date
        twin = next((k for k in kept if d and k.date and d.precision == k.date.precision == "day"
                     and abs((d.first - k.date.first).days) <= 3
                     and _same_country(rnd, k)), None)
        if twin is None:
            kept.append(rnd)
            continue
        twin.conflicts.append({"round": rnd.round, "stories": sorted({r.doc_id for r in rnd.reports}),
                               "kept": twin.round,
                               "reason": f"the same occasion ({d.value}) is called round "
                                         f"{rnd.round} in these stories and round {twin.round} "
                                         f"in {len({r.doc_id for r in twin.reports})} others"})
        twin.reports.extend(rnd.reports)
    return kept


def _same_country(a: Round, b: Round) -> bool:
    ca, cb = a.place()[1], b.place()[1]
    return ca is None or cb is None or ca == cb


def _number_by_order(rounds: list[Round]) -> None:
    """Rounds without an explicit ordinal take one from the registry's order."""
    dated = sorted((x for x in rounds if x.first_day), key=lambda x: x.first_day)
    taken = {x.round for x in rounds if x.round is not None}
    for i, rnd in enumerate(dated):
        if rnd.round is not None:
            continue
        before = [x for x in dated[:i] if x.round is not None]
        if before:
            guess = before[-1].round + (i - dated.index(before[-1]))
            basis = f"order: after round {before[-1].round}"
        else:  # nothing numbered earlier: the earliest known is the first
            guess, basis = i + 1, "order: the first known" if i == 0 else "order"
        if guess in taken:
            rnd.conflicts.append({"round": guess, "kept": None,
                                  "reason": f"its place in the order makes it round {guess}, "
                                            f"which another occasion is explicitly called"})
            rnd.ordinal_source = "unknown"
            continue
        rnd.round, rnd.ordinal_source = guess, basis
        taken.add(guess)
