"""Date expressions in news text, resolved against the publication date.

A compact rule set instead of ``dateparser``: news prose uses a small grammar
of dates ("on Wednesday", "Sept. 29", "earlier this year", "two weeks long"),
and each rule here knows which way to look from the publication date (the
``tense`` of the clause decides whether a bare "Friday" is last or next
Friday). Words come from ``data/time/calendar.json``; each rule is one regex
used both to find expressions (``search``) and to read one (``fullmatch``).
"""

from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Any, Callable

from .._fold import cover, folded, may_contain
from ..model import DateRef, Sentence
from .lexicon import load

FUTURE = "future"
NO_PUB = "no publication date"

Handler = Callable[[re.Match[str], "date | None", str], DateRef]


@dataclass(frozen=True)
class Rule:
    name: str
    #: The rule's regex as written (``{month}`` parts filled in): compiled on first use,
    #: so that a short run compiles only the rules its text reaches.
    pattern: str
    handler: Handler
    #: Only read a span already known to be a date (a bare "2009", "August"); too
    #: ambiguous to find in running text.
    resolve_only: bool = False
    #: A part every match contains ("a month name"): where it is absent the rule
    #: cannot match, and :func:`scan` skips it (most rules, on most sentences).
    gate: re.Pattern[str] | None = None
    #: Lower-case words one of which every match contains: a substring test on the
    #: lower-cased sentence, much cheaper than any regex, run before the gate.
    words: tuple[str, ...] | None = None

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


# ---------------------------------------------------------------- helpers


def _alt(words: list[str]) -> str:
    """Regex alternation, longest first so that "Sept" wins over "Sep"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _cap_alt(words: list[str]) -> str:
    """Capitalised or upper-case forms only: "May"/"MAY" is a month, "may" a modal."""
    forms = [w.capitalize() for w in words] + [w.upper() for w in words]
    return _alt(forms)


def _cal_data() -> dict[str, Any]:
    return load("calendar")


def _month(name: str) -> int:
    return _cal_data()["months"][name.lower().rstrip(".")]


def _number(text: str) -> int:
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    return _cal_data()["numbers"][re.sub(r"\s+", " ", text)]


def _unit(text: str) -> str:
    return _cal_data()["unit_names"][text.lower()]


def _month_end(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, _cal.monthrange(year, month)[1]))


def _ref(value: str | None, precision: str | None, rule: str, start: date | None = None,
         end: date | None = None) -> DateRef:
    return DateRef(text="", span=None, value=value, precision=precision,
                   start=start.isoformat() if start else None,
                   end=end.isoformat() if end else None, rule=rule)


def day_ref(d: date, rule: str) -> DateRef:
    return _ref(d.isoformat(), "day", rule)


def month_ref(year: int, month: int, rule: str, first: int = 1, last: int = 31) -> DateRef:
    end_day = min(last, _cal.monthrange(year, month)[1])
    return _ref(f"{year:04d}-{month:02d}", "month", rule, date(year, month, first),
                date(year, month, end_day))


def year_ref(year: int, rule: str, first_month: int = 1, last_month: int = 12) -> DateRef:
    return _ref(f"{year:04d}", "year", rule, date(year, first_month, 1),
                _month_end(year, last_month))


def week_ref(start: date, end: date, rule: str) -> DateRef:
    """About a week: the ISO week (``2021-W39``) holding the span's middle day."""
    mid = start + (end - start) / 2
    year, week, _ = mid.isocalendar()
    return _ref(f"{year:04d}-W{week:02d}", "week", rule, start, end)


def interval_ref(start: date, end: date, rule: str) -> DateRef:
    """A span of days: day precision if one day, month if about a month or less, else year."""
    if start == end:
        return _ref(start.isoformat(), "day", rule)
    mid = start + (end - start) / 2
    if (end - start).days <= 31:
        return _ref(f"{mid.year:04d}-{mid.month:02d}", "month", rule, start, end)
    return _ref(f"{mid.year:04d}", "year", rule, start, end)


def _unplaced(rule: str) -> DateRef:
    return _ref(None, None, rule)


def _nearest_year_for_month(month: int, pub: date, tense: str) -> int:
    """The year that puts ``month`` nearest the publication date in the tense direction."""
    if tense == FUTURE:
        return pub.year if month >= pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


def _nearest_year_for_day(month: int, day: int, pub: date, tense: str) -> int:
    """Past: on or before the publication date (a day's slack for time zones); future: on or after."""
    this = _safe_date(pub.year, month, day) or _safe_date(pub.year, month, 28)
    assert this is not None
    if tense == FUTURE:
        return pub.year if this >= pub - timedelta(days=1) else pub.year + 1
    return pub.year if this <= pub + timedelta(days=1) else pub.year - 1


def _weekday_date(wd: int, pub: date, tense: str, modifier: str) -> tuple[date, str]:
    """Resolve a weekday name; "last"/"next" exclude the publication day itself."""
    back = (pub.weekday() - wd) % 7
    ahead = (wd - pub.weekday()) % 7
    if modifier == "last":
        return pub - timedelta(days=back or 7), "'last' weekday before pub date"
    if modifier == "next":
        return pub + timedelta(days=ahead or 7), "'next' weekday after pub date"
    if tense == FUTURE:
        return pub + timedelta(days=ahead), "weekday on or after pub date (future tense)"
    return pub - timedelta(days=back), "weekday on or before pub date"


# ---------------------------------------------------------------- patterns


@lru_cache(maxsize=1)
def _parts() -> dict[str, str]:
    data = _cal_data()
    full = [m for m in data["months"] if len(m) > 4 or m in ("may", "june", "july")]
    abbrevs = [m for m in data["months"] if m not in full]
    month = rf"(?P<month>{_cap_alt(full)}|(?:{_cap_alt(abbrevs)})\.?)"
    weekday = rf"(?P<weekday>{_cap_alt([w for w in data['weekdays'] if len(w) > 4])})"
    numwords = _alt(list(data["numbers"]))
    num = rf"(?P<num>\d+|(?i:{numwords}))"
    unit = rf"(?P<unit>(?i:{_alt(list(data['unit_names']))}))"
    day_words = rf"(?P<dayword>(?i:{_alt(list(data['day_words']))}))"
    parts_of_day = _alt(data["parts_of_day"])
    mparts = _alt(list(data["month_parts"]))
    yparts = _alt(list(data["year_parts"]))
    return {
        "month": month,
        "weekday": weekday,
        "num": num,
        "unit": unit,
        "dayword": day_words,
        "pod": rf"(?:\s+(?i:{parts_of_day}))?",
        "day": r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?",
        "day2": r"(?:\s*(?:-|–|to|and)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?",
        "year": r"(?P<year>1[89]\d\d|20\d\d)",
        "prep": r"(?:(?i:on|in|during|since|by|until|till|through|before|after|from|at|of|"
                r"for|over|within|around|as of|as early as|no later than|late on|early on)\s+)?",
        "mpart": rf"(?P<mpart>(?i:{mparts}))",
        "ypart": rf"(?P<ypart>(?i:{yparts}))",
        "rel": r"(?P<rel>(?i:last|this|next|past|previous|coming|current))",
        "period": r"(?P<period>(?i:week|month|year))",
    }


def _expand(pattern: str) -> str:
    return r"(?<![\w-])" + pattern.format(**_parts()) + r"(?![\w])"


# ---------------------------------------------------------------- handlers


def _lead(m: re.Match[str]) -> str:
    """The leading preposition, lower case ("since", "by", ...), or ""."""
    text = m.group(0).lower()
    for p in ("as early as", "no later than", "since", "by", "until", "till", "before",
              "after", "from", "within", "for", "over"):
        if text.startswith(p + " "):
            return p
    return ""


def _bounded(ref: DateRef, lead: str, pub: date | None) -> DateRef:
    """"since X" runs from X to the publication date; "by X" is a deadline ending at X."""
    if ref.start is None and ref.precision == "day":
        ref.start = ref.end = ref.value
    if lead == "since" and ref.start and pub:
        ref.end = pub.isoformat()
        ref.rule = f"{ref.rule}; since"
    elif lead in ("by", "until", "till", "no later than") and ref.end:
        ref.rule = f"{ref.rule}; {lead} (deadline)"
    elif lead in ("before", "after"):
        ref.rule = f"{ref.rule}; {lead}"
    return ref


def _h_iso(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return day_ref(d, "ISO date") if d else _unplaced("invalid ISO date")


def _h_numeric(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    day, month, rule = (b, a, "numeric date, month first") if b > 12 else (
        a, b, "numeric date, day first")
    d = _safe_date(y, month, day)
    return day_ref(d, rule) if d else _unplaced("invalid numeric date")


def _h_day_month(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    month, day = _month(m["month"]), int(m["day"])
    day2 = int(m["day2"]) if m["day2"] else None
    if m["year"]:
        year, rule = int(m["year"]), "explicit date"
    elif pub:
        year = _nearest_year_for_day(month, day, pub, tense)
        rule = "day and month, year nearest pub date" + (" (future)" if tense == FUTURE else "")
    else:
        return _ref(None, None, f"{NO_PUB} (day and month without year)")
    d = _safe_date(year, month, day)
    if d is None:
        return _unplaced("invalid day of month")
    if day2 and day2 > day and (d2 := _safe_date(year, month, day2)):
        ref = interval_ref(d, d2, rule + ", range")
        ref.value, ref.precision = d.isoformat(), "day"
        return _bounded(ref, _lead(m), pub)
    return _bounded(day_ref(d, rule), _lead(m), pub)


def _h_month_year(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    month = _month(m["month"])
    first, last = (1, 31)
    if m["mpart"]:
        first, last = _cal_data()["month_parts"][m["mpart"].lower()]
    if m["year"]:
        year, rule = int(m["year"]), "month and year"
    elif m["rel"]:
        step = _cal_data()["relative_words"][m["rel"].lower()]
        if pub is None:
            return _ref(None, None, f"{NO_PUB} ({m['rel'].lower()} month)")
        year = _nearest_year_for_month(month, pub, FUTURE if step > 0 else "past")
        if step > 0 and month <= pub.month:
            year = pub.year + 1
        if step < 0 and month >= pub.month:
            year = pub.year - 1
        if step == 0:
            year = pub.year
        rule = f"'{m['rel'].lower()}' month"
    elif pub:
        year = _nearest_year_for_month(month, pub, tense)
        rule = "month, year nearest pub date" + (" (future)" if tense == FUTURE else "")
    else:
        return _ref(None, None, f"{NO_PUB} (month without year)")
    ref = month_ref(year, month, rule + (f", {m['mpart'].lower()}" if m["mpart"] else ""),
                    first, last)
    return _bounded(ref, _lead(m), pub)


def _h_year(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    first, last = 1, 12
    rule = "year"
    if m["ypart"]:
        first, last = _cal_data()["year_parts"][m["ypart"].lower()]
        rule = f"year, {m['ypart'].lower()}"
    return _bounded(year_ref(int(m["year"]), rule, first, last), _lead(m), pub)


def _h_decade(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    start = int(m["decade"])
    return _ref(None, None, "decade", date(start, 1, 1), date(start + 9, 12, 31))


def _h_weekday(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    if pub is None:
        return _ref(None, None, f"{NO_PUB} (weekday)")
    wd = _cal_data()["weekdays"][m["weekday"].lower()]
    modifier = (m["wmod"] or "").lower()
    if m.group(0).lower().startswith("for ") and not m.group(0).endswith("'s"):
        tense = FUTURE  # "called a strike for Monday", "set for Friday": a time scheduled ahead
    d, rule = _weekday_date(wd, pub, tense, modifier)
    return day_ref(d, rule)


def _h_dayword(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    word = re.sub(r"\s+", " ", m["dayword"].lower())
    if pub is None:
        return _ref(None, None, f"{NO_PUB} ({word})")
    ref = day_ref(pub + timedelta(days=_cal_data()["day_words"][word]), f"'{word}'")
    if word == "overnight":
        ref.start, ref.end = (pub - timedelta(days=1)).isoformat(), pub.isoformat()
    return ref


def _period_bounds(period: str, anchor: date) -> tuple[date, date]:
    if period == "week":
        start = anchor - timedelta(days=anchor.weekday())
        return start, start + timedelta(days=6)
    if period == "month":
        return anchor.replace(day=1), _month_end(anchor.year, anchor.month)
    return date(anchor.year, 1, 1), date(anchor.year, 12, 31)


def _h_rel_period(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    rel = m["rel"].lower() if "rel" in m.re.groupindex else "this"
    return _period_ref(rel, m["period"].lower(), (m["when"] or "").lower(), pub)


def _period_ref(rel: str, period: str, when: str, pub: date | None) -> DateRef:
    """"last week", "early next year", "the end of the month" (this one)."""
    step = _cal_data()["relative_words"][rel]
    text_rule = f"'{rel} {period}'"
    if pub is None:
        return _ref(None, None, f"{NO_PUB} ({rel} {period})")
    if period == "week":
        anchor = pub + timedelta(days=7 * step)
    elif period == "month":
        anchor = _add_months(pub.replace(day=1), step)
    else:
        anchor = date(pub.year + step, 1, 1)
    start, end = _period_bounds(period, anchor)
    if period == "year":
        ref = year_ref(start.year, text_rule)
    elif period == "month":
        ref = month_ref(start.year, start.month, text_rule)
    else:
        ref = week_ref(start, end, text_rule)
    return _narrow(ref, when, pub)


def _narrow(ref: DateRef, when: str, pub: date) -> DateRef:
    """"earlier this year" ends at the publication date; "later this month" starts after it."""
    if not when or not ref.start or not ref.end:
        return ref
    start, end = date.fromisoformat(ref.start), date.fromisoformat(ref.end)
    span = (end - start).days
    if when == "earlier":
        end = min(end, pub)
    elif when == "later":
        start = max(start, pub)
    elif when in ("early", "beginning of", "the beginning of", "start of", "the start of"):
        end = start + timedelta(days=span // 3)
    elif when in ("mid", "middle of", "the middle of"):
        start, end = start + timedelta(days=span // 3), start + timedelta(days=2 * span // 3)
    elif when in ("late", "end of", "the end of"):
        start = start + timedelta(days=2 * span // 3)
    ref.start, ref.end = start.isoformat(), end.isoformat()
    ref.rule = f"{ref.rule}, {when}"
    return ref


def _offset(pub: date, n: int, unit: str, sign: int) -> date:
    if unit in ("month",):
        return _add_months(pub, sign * n)
    if unit in ("year", "decade"):
        years = n * (10 if unit == "decade" else 1)
        return pub.replace(year=pub.year + sign * years, day=min(pub.day, 28))
    return pub + timedelta(days=sign * n * (7 if unit == "week" else 14 if unit == "fortnight" else 1))


def _precise(d: date, unit: str, rule: str) -> DateRef:
    if unit in ("day", "week", "fortnight"):
        return day_ref(d, rule)
    if unit == "month":
        return month_ref(d.year, d.month, rule)
    return year_ref(d.year, rule)


def _h_ago(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    n, unit = _number(m["num"]), _unit(m["unit"])
    if pub is None:
        return _ref(None, None, f"{NO_PUB} (ago)")
    return _precise(_offset(pub, n, unit, -1), unit, f"{n} {unit}(s) before pub date")


def _h_in_n(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    """"in two weeks": an offset when the clause looks ahead, else a duration."""
    n, unit = _number(m["num"]), _unit(m["unit"])
    within = m.group(0).lower().startswith("within")
    if tense != FUTURE:
        return _duration(n, unit)
    if pub is None:
        return _ref(None, None, f"{NO_PUB} (in {n} {unit}s)")
    target = _offset(pub, n, unit, 1)
    if within:
        return interval_ref(pub, target, f"within {n} {unit}(s) of pub date")
    return _precise(target, unit, f"{n} {unit}(s) after pub date")


def _h_vague(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    """"in the coming weeks", "in recent days": a direction without a date."""
    unit = _unit(m["unit"])
    future = m["vdir"].lower() in ("coming", "next", "following", "days ahead")
    if pub is None:
        return _ref(None, None, f"{NO_PUB} (vague {unit}s)")
    n = 3 if unit in ("day", "week", "month") else 2
    other = _offset(pub, n, unit, 1 if future else -1)
    start, end = (pub, other) if future else (other, pub)
    return _ref(None, None, "vague future" if future else "vague recent past", start, end)


def _h_approx(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    """"the other day", "a few days ago": some day of the ISO week before the
    publication's (the analysts' convention, like "last week")."""
    if pub is None:
        return _ref(None, None, f"{NO_PUB} (the other day)")
    monday = pub - timedelta(days=pub.weekday() + 7)
    return week_ref(monday, monday + timedelta(days=6), "approximate: the week before pub date")


def _h_weekend(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    """"at the weekend", "last weekend": the ISO week of the weekend meant (the last
    one before publication; the next one when the clause looks ahead)."""
    if pub is None:
        return _ref(None, None, f"{NO_PUB} (weekend)")
    rel = (m["wkrel"] or "").lower()
    weekend_now = pub.weekday() >= 5
    if rel in ("next", "coming") or (tense == FUTURE and rel not in ("last", "past")):
        saturday = pub + timedelta(days=(5 - pub.weekday()) % 7)  # Sunday: the next one
        if rel == "next" and pub.weekday() == 5:
            saturday += timedelta(days=7)
    else:
        saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
        if rel in ("last", "past") and weekend_now:
            saturday -= timedelta(days=7)
    return week_ref(saturday, saturday + timedelta(days=1), "weekend")


def _h_bare_year(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    return year_ref(int(m["year"]), "year (bare)")


def _h_bare_month(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    if pub is None:
        return _ref(None, None, f"{NO_PUB} (month without year)")
    month = _month(m["month"])
    year = _nearest_year_for_month(month, pub, tense)
    return month_ref(year, month, "month, year nearest pub date" + (" (future)" if tense == FUTURE else ""))


def _h_reference(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    """"now", "currently" (the present); "the past", "at the time" (no date of its own)."""
    word = m.group(0).lower()
    if word in _cal_data()["present_words"]:
        ref = day_ref(pub, "present reference") if pub else _unplaced("present reference")
        return ref
    return _unplaced("past reference")


def _h_century(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    n = int(m["cent"])
    return _ref(None, None, f"century {n - 1:02d}", date(100 * (n - 1) + 1, 1, 1) if n > 1 else None,
                date(100 * n, 12, 31))


def _h_season(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    """"last summer", "this spring": the season's months (northern hemisphere, as news
    agencies write)."""
    season = (m["season"] or m["season2"]).lower()
    first, last = _cal_data()["seasons"][season]
    rel = (m["srel"] or "").lower()
    if m["season2"]:
        year = int(m["year"])
    elif pub is None:
        return _unplaced(f"{NO_PUB} (season)")
    else:
        step = _cal_data()["relative_words"].get(rel, 0) if rel else 0
        year = pub.year + step if rel in ("last", "next") else pub.year
        if not rel and tense != FUTURE and first > pub.month:
            year -= 1
        if rel == "last" and first < pub.month and last < pub.month:
            year = pub.year  # "last summer" read in December is this year's
        if rel == "next" and first > pub.month:
            year = pub.year
    end_year = year + 1 if last < first else year
    code = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}[season]
    ref = _ref(f"{year:04d}", "year", f"season {code}", date(year, first, 1),
               _month_end(end_year, last))
    return ref


def _duration(n: int | None, unit: str) -> DateRef:
    """A span of time; ``n`` None for an unspecified number ("several days")."""
    days = (n or 3) * _cal_data()["units"][unit]
    return _ref(None, None, f"duration {days} days ({n if n is not None else 'X'} {unit})")


#: Number words that give no number ("several days", "a few weeks"): TimeML writes X.
VAGUE_NUMBERS = frozenset({"several", "few", "a few", "many", "some"})


def _h_duration(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    word = re.sub(r"\s+", " ", (m["num"] or "").lower())
    n = None if word in VAGUE_NUMBERS else (_number(m["num"]) if m["num"] else 1)
    return _duration(n, _unit(m["unit"]))


def _h_plural_duration(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    """"days", "recent weeks", "the next few months": some number of units ("the next
    decade": one)."""
    plural = m["unit"].lower().endswith("s")
    return _duration(None if plural else 1, _unit(m["unit"]))


def _h_long_period(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    """"for years", "for the last few years": habit or history, never one date."""
    unit = _unit(m["unit"] or m["unit2"])
    n = _number(m["num"]) if m["num"] else 3
    if pub is None:
        return _ref(None, None, f"period of {n} {unit}s up to pub date; {NO_PUB}")
    return _ref(None, None, f"period of {n} {unit}s up to pub date",
                _offset(pub, n, unit, -1), pub)


def duration_days(ref: DateRef) -> int | None:
    """Days of a duration expression ("two weeks long" -> 14), from its rule."""
    m = re.match(r"duration (\d+) days", ref.rule or "")
    return int(m.group(1)) if m else None


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The rules in priority order (on overlap the longest match wins, then the earlier rule)."""
    p = r"{prep}"
    specs: list[tuple[str, str, Handler]] = [
        ("iso", p + r"(?P<y>\d{{4}})-(?P<m>\d\d)-(?P<d>\d\d)", _h_iso),
        ("numeric", p + r"(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{{4}})", _h_numeric),
        ("day month", p + r"(?:{weekday},?\s+)?(?:the\s+)?{day}{day2}(?:\s+of)?\s+{month}"
                          r"(?:,?\s+{year})?", _h_day_month),
        ("month day", p + r"(?:(?P<wd2>{weekday}),?\s+)?{month}\s+{day}{day2}(?!\d)"
                          r"(?:,?\s+{year})?", _h_day_month),
        ("month year", p + r"(?:{mpart}(?:\s+|-))?(?:{rel}\s+)?{month}(?:,?\s+{year})?",
         _h_month_year),
        ("decade", p + r"(?i:the\s+)(?:(?i:early|mid|late)[\s-]+)?(?P<decade>1[89]\d0|20\d0)s",
         _h_decade),
        ("year", r"(?:(?:(?i:in|by|since|until)\s+)?(?i:{ypart})(?:\s+|-)|(?i:in|since|by|during|until|till|from|before|after|"
                 r"through|throughout|of|as of|for|around|between|and|to|early as|later than)"
                 r"\s+(?i:the\s+end\s+of\s+|the\s+year\s+)?)"
                 r"{year}(?!-\d)(?!\s*(?i:percent|per cent|troops|people|soldiers|km|kilometres|"
                 r"miles|tonnes|tons|metres|meters))", _h_year),
        ("weekday", r"(?:(?i:on|late on|early on|late|early|by|until|from|since|before|after|for)\s+)?"
                    r"(?:(?P<wmod>(?i:last|next|this|coming))\s+)?{weekday}{pod}"
                    r"(?:'s)?", _h_weekday),
        ("day word", p + r"{dayword}", _h_dayword),
        ("relative period", p + r"(?:(?P<when>(?i:earlier|later|early|late|mid|the end of|end of|"
                                r"the beginning of|beginning of|the middle of|the start of)"
                                r")[\s-]+)?(?i:the\s+)?{rel}\s+(?:(?i:fiscal|financial)\s+)?{period}(?:'s)?(?!\s+or)", _h_rel_period),
        ("part of this period", p + r"(?P<when>(?i:the end of|end of|the beginning of|"
                                    r"the start of|the middle of))\s+(?i:the)\s+{period}",
         _h_rel_period),
        ("approximate", r"(?i:the\s+other\s+day|(?:a\s+)?(?:few|couple\s+of)\s+days\s+(?:ago|back))",
         _h_approx),
        ("ago", r"{num}\s+{unit}\s+(?i:ago)", _h_ago),
        ("weekend", r"(?i:(?:at|over|during|on|by|until)\s+)?(?i:the\s+)?"
                    r"(?:(?P<wkrel>(?i:last|this|next|coming|past))\s+)?(?i:weekend)(?!-)", _h_weekend),
        ("in n units", r"(?i:in|within)\s+(?i:the\s+next\s+)?{num}\s+{unit}(?!\s+of)(?!-)",
         _h_in_n),
        ("long period", r"(?:(?i:for|over|during|in)\s+(?i:the\s+)?(?i:last|past)\s+(?:{num}\s+)?{unit}"
                        r"(?!\s+(?i:ago))|(?i:for)\s+(?:(?i:many|several)\s+)?"
                        r"(?P<unit2>(?i:years|decades|months)))", _h_long_period),
        ("vague", r"(?i:in|over|during)\s+(?i:the\s+)?(?P<vdir>(?i:coming|next|following|recent|"
                  r"past|last))\s+(?i:few\s+|several\s+)?{unit}", _h_vague),
        ("duration", r"{num}[\s-]+{unit}(?:[\s-]+(?i:long)|(?=\s+(?i:of)\s))", _h_unit_long),
        ("duration adjective", r"{num}-{unit}(?!-old)", _h_unit_long),
        ("duration for", r"(?i:for)\s+{num}\s+{unit}", _h_unit_long),
        ("duration word", r"(?P<unitlong>(?i:week|month|day|year))-?(?i:long)", _h_unit_long),
        ("season", r"(?:(?P<srel>(?i:last|this|next|past))\s+(?P<season>(?i:spring|summer|autumn|fall|winter))"
                   r"|(?P<season2>(?i:spring|summer|autumn|fall|winter))\s+(?:(?i:of)\s+)?{year})", _h_season),
        ("century", r"(?i:the\s+)?(?P<cent>\d\d?)(?i:st|nd|rd|th)\s+(?i:century)", _h_century),
    ]
    resolve_only = [
        ("bare year", r"{year}", _h_bare_year),
        ("bare month", r"{month}", _h_bare_month),
        ("bare season", r"(?P<srel>)(?P<season>(?i:spring|summer|autumn|fall|winter))(?P<season2>)(?P<year>)",
         _h_season),
        ("bare duration", r"(?:(?i:the\s+)?(?i:past|last|next|following|coming)\s+)?(?:(?i:almost|nearly|"
                          r"about|some|a\s+mere|more\s+than|over)\s+)?{num}[\s-]+{unit}'?", _h_duration),
        ("plural duration", r"(?:(?i:the\s+)?(?i:past|last|next|following|coming|recent)\s+)?"
                            r"(?:(?i:few|several|many)\s+)?{unit}", _h_plural_duration),
        ("reference", r"(?i:now|currently|right now|at present|presently|the past|at the time|"
                      r"in the past|recently|formerly)", _h_reference),
    ]
    compiled = {g: re.compile(g.format(**_parts())) for g in set(_GATES.values())}
    gates = {name: compiled[g] for name, g in _GATES.items()}
    words = _gate_words()
    out = [Rule(name, _expand(pattern), handler, gate=gates.get(name), words=words.get(name))
           for name, pattern, handler in specs]
    out += [Rule(name, _expand(pattern), handler, resolve_only=True)
            for name, pattern, handler in resolve_only]
    return tuple(out)


#: Per rule, a part that every one of its matches contains, outside any optional group
#: or alternative (so that a text without it cannot match the rule): the same parts as
#: in the rule's pattern, searched alone. Rules not listed are always run: their own
#: pattern is as quick to search as any part of it ("day word", "season").
_GATES = {
    "iso": r"\d{{4}}-\d\d-\d\d",
    "numeric": r"\d/[0-3]?\d/\d",
    "day month": "{month}",
    "month day": "{month}",
    "month year": "{month}",
    "decade": r"\d0s",
    "year": "{year}",
    "weekday": "{weekday}",
    "relative period": "{period}",
    "part of this period": "{period}",
    "approximate": r"(?i:day)",
    "ago": r"(?i:ago)",
    "weekend": r"(?i:weekend)",
    "in n units": "{unit}",
    "vague": "{unit}",
    "duration": "{unit}",
    "duration adjective": "{unit}",
    "duration for": "{unit}",
    "duration word": r"(?i:long)",
    "century": r"(?i:century)",
}


def _gate_words() -> dict[str, tuple[str, ...]]:
    """Per rule, words one of which each of its matches contains: the literal alternatives
    of a part the rule requires (as in ``_GATES``, and for the rules without a gate)."""
    cal = _cal_data()
    months, units = list(cal["months"]), list(cal["unit_names"])
    seasons = ["spring", "summer", "autumn", "fall", "winter"]  # as written in the "season" rule
    table = {
        "day month": months, "month day": months, "month year": months,
        "weekday": [w for w in cal["weekdays"] if len(w) > 4],
        "relative period": ["week", "month", "year"], "part of this period": ["week", "month", "year"],
        "approximate": ["day"], "ago": ["ago"], "weekend": ["weekend"],
        "in n units": units, "vague": units, "duration": units, "duration adjective": units,
        "duration for": units, "duration word": ["long"], "century": ["century"],
        "day word": list(cal["day_words"]), "season": seasons,
        "long period": units + ["years", "decades", "months"],
    }
    return {name: cover(ws) for name, ws in table.items()}


def _h_unit_long(m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    if "unitlong" in m.re.groupindex:
        return _duration(1, _unit(m["unitlong"]))
    return _h_duration(m, pub, tense)


# ---------------------------------------------------------------- public API


def _calendar_words() -> set[str]:
    cal = load("calendar")
    words = set(cal["months"]) | set(cal["weekdays"]) | set(cal["units"])
    words |= {w.split()[0] for w in cal["day_words"]} | {w.split()[-1] for w in cal["day_words"]}
    words |= set(cal["parts_of_day"])
    return {w for w in words if w}


@lru_cache(maxsize=1)
def _date_words() -> re.Pattern[str]:
    """A digit or a calendar word: every date expression has one. Most news sentences
    have none, and testing this first spares running every rule on them."""
    alternatives = "|".join(sorted((re.escape(w) for w in _calendar_words()), key=len, reverse=True))
    return re.compile(rf"\d|\b(?:{alternatives})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _calendar_cover() -> tuple[str, ...]:
    return cover(list(_calendar_words()))


_DIGIT = re.compile(r"\d")


def _may_hold_date(text: str, low: str | None) -> bool:
    """``_date_words().search(text)``, its two halves tested the cheap way first."""
    if _DIGIT.search(text):
        return True
    return may_contain(low, _calendar_cover()) and _date_words().search(text) is not None


def scan(text: str, *, word_tests: bool = True) -> list[tuple[int, int, Rule, re.Match[str]]]:
    """All rule matches, overlaps resolved: longest first, then earlier rule, then leftmost.

    ``word_tests=False`` skips the words pre-test (the same result, slower: for tests)."""
    low = folded(text) if word_tests else None
    if not (_may_hold_date(text, low) if word_tests else _date_words().search(text)):
        return []
    found = []
    gated: dict[re.Pattern[str], bool] = {}  # rules share gates: search each once
    worded: dict[tuple[str, ...], bool] = {}  # rules share word lists too
    for order, rule in enumerate(rules()):
        if rule.resolve_only:
            continue
        if rule.words is not None:
            has = worded.get(rule.words)
            if has is None:
                has = worded[rule.words] = may_contain(low, rule.words)
            if not has:
                continue
        if rule.gate is not None:
            present = gated.get(rule.gate)
            if present is None:
                present = gated[rule.gate] = rule.gate.search(text) is not None
            if not present:
                continue
        for m in rule.regex.finditer(text):
            if m.end() > m.start() and _acceptable(rule, m):
                found.append((m.start(), m.end(), order, rule, m))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[tuple[int, int, Rule, re.Match[str]]] = []
    for start, end, _, rule, m in found:
        if all(end <= s or start >= e for s, e, _, _ in taken):
            taken.append((start, end, rule, m))
    return sorted(taken, key=lambda t: t[0])


def may_match(text: str, names: frozenset[str]) -> bool:
    """False only when no rule named in ``names`` can match in ``text`` (its words or its
    gate are absent): a caller that reads only those rules of :func:`scan` may skip it."""
    low = folded(text)
    if not _may_hold_date(text, low):
        return False
    for rule in rules():
        if rule.name not in names or rule.resolve_only:
            continue
        if rule.words is not None and not may_contain(low, rule.words):
            continue
        if rule.gate is not None and not rule.gate.search(text):
            continue
        return True
    return False


def _acceptable(rule: Rule, m: re.Match[str]) -> bool:
    """A month name alone ("March", "May") is too often a word: it needs a preposition or a part."""
    if rule.name == "month year":
        return m.group(0) != m["month"]
    return True


def _apply(rule: Rule, m: re.Match[str], pub: date | None, tense: str) -> DateRef:
    ref = rule.handler(m, pub, tense)
    ref.text = m.group(0)
    lead = _lead(m)
    if lead and lead not in (ref.rule or "") and ref.value:
        _bounded(ref, lead, pub)
    return ref


def resolve(text: str, pub_date: date | None, *, tense: str = "past") -> DateRef:
    """Resolve one date expression against the publication date.

    ``tense`` is "past", "present" or "future": it decides the direction in
    which a bare weekday or month is placed. Relative expressions without a
    publication date get ``value=None`` and a rule saying so.
    """
    stripped = text.strip()
    for rule in rules():
        m = rule.regex.fullmatch(stripped)
        if m:
            return _apply(rule, m, pub_date, tense)
    hits = scan(stripped)
    if hits:
        start, end, rule, m = max(hits, key=lambda h: h[1] - h[0])
        return _apply(rule, m, pub_date, tense)
    return DateRef(text=text, span=None, value=None, precision=None,
                   rule="not a date expression")


def find_date_expressions(sentence: Sentence, pub_date: date | None = None, *,
                          tense: str = "past") -> list[DateRef]:
    """Date expressions of a sentence, spans over the article text, in text order.

    Without ``pub_date`` absolute dates still resolve and relative ones keep
    ``value=None``; the time stage re-resolves each with the clause's tense.
    """
    out = []
    for start, end, rule, m in scan(sentence.text):
        ref = _apply(rule, m, pub_date, tense)
        ref.span = sentence.abs_span(start, end)
        out.append(ref)
    return out


def is_duration(ref: DateRef) -> bool:
    return duration_days(ref) is not None


def is_future_ref(ref: DateRef, pub_date: date | None) -> bool:
    """True when the expression clearly lies after the publication date."""
    if pub_date is None or not (ref.start or ref.value):
        return "future" in (ref.rule or "") or "'next" in (ref.rule or "")
    first = ref.start or ref.value
    assert first is not None
    try:
        return _as_start(first) > pub_date
    except ValueError:
        return False


def _as_start(value: str) -> date:
    if "-W" in value:
        return date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
    if len(value) == 4:
        return date(int(value), 1, 1)
    if len(value) == 7:
        return date(int(value[:4]), int(value[5:7]), 1)
    return date.fromisoformat(value)


def timeml_value(ref: DateRef) -> str | None:
    """The TimeML ``value`` of a resolved date (``2013-03-22``, ``2013-W12``, ``2012-SU``,
    ``19`` for the 20th century, ``PRESENT_REF``/``PAST_REF``), for scoring on TimeML
    corpora; None when the expression got no value."""
    rule = ref.rule or ""
    if rule.startswith("present reference"):
        return "PRESENT_REF"
    if rule.startswith("past reference"):
        return "PAST_REF"
    if rule.startswith("century"):
        return rule.split()[1]
    if rule.startswith("season") and ref.value:
        return f"{ref.value}-{rule.split()[1]}"
    m = re.match(r"duration \d+ days \((\w+) (\w+)\)", rule)
    if m:
        n, unit = m.groups()
        if unit == "decade":
            return "P10Y" if n == "1" else f"P{n}DE"
        return f"P{n}{ {'day': 'D', 'week': 'W', 'fortnight': 'W', 'month': 'M', 'year': 'Y'}[unit]}" \
            if unit != "fortnight" else f"P{2 * int(n) if n.isdigit() else n}W"
    return ref.value
