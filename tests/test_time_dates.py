"""Date expressions: finding them in sentences and resolving them against a publication date."""

from __future__ import annotations

from datetime import date

import pytest

from whimbrel.model import Sentence
from whimbrel.time import duration_days, find_date_expressions, resolve

WED = date(2021, 9, 29)  # a Wednesday
NEW_YEAR = date(2024, 1, 3)  # a Wednesday just after a year boundary


def sentence(text: str, start: int = 100) -> Sentence:
    return Sentence(index=0, start=start, end=start + len(text), text=text)


@pytest.mark.parametrize("text, tense, value, precision", [
    ("on Wednesday", "past", "2021-09-29", "day"),
    ("Wednesday", "past", "2021-09-29", "day"),
    ("on Monday", "past", "2021-09-27", "day"),
    ("on Thursday", "past", "2021-09-23", "day"),
    ("on Friday", "future", "2021-10-01", "day"),
    ("on Tuesday", "future", "2021-10-05", "day"),
    ("last Monday", "past", "2021-09-27", "day"),
    ("last Wednesday", "past", "2021-09-22", "day"),
    ("next Friday", "past", "2021-10-01", "day"),
    ("next Wednesday", "future", "2021-10-06", "day"),
    ("late Sunday", "past", "2021-09-26", "day"),
    ("Tuesday night", "past", "2021-09-28", "day"),
    ("September 29", "past", "2021-09-29", "day"),
    ("Sept. 29", "past", "2021-09-29", "day"),
    ("29 September 2021", "past", "2021-09-29", "day"),
    ("on 15 October", "past", "2020-10-15", "day"),
    ("on 15 October", "future", "2021-10-15", "day"),
    ("2021-09-29", "past", "2021-09-29", "day"),
    ("today", "past", "2021-09-29", "day"),
    ("yesterday", "past", "2021-09-28", "day"),
    ("tomorrow", "future", "2021-09-30", "day"),
    ("tonight", "future", "2021-09-29", "day"),
    ("overnight", "past", "2021-09-29", "day"),
    ("two days ago", "past", "2021-09-27", "day"),
    ("in two weeks", "future", "2021-10-13", "day"),
    ("in June", "past", "2021-06", "month"),
    ("in June", "future", "2022-06", "month"),
    ("in October", "past", "2020-10", "month"),
    ("last November", "past", "2020-11", "month"),
    ("mid-August", "past", "2021-08", "month"),
    ("in late February", "past", "2021-02", "month"),
    ("this month", "past", "2021-09", "month"),
    ("next month", "future", "2021-10", "month"),
    ("later this month", "future", "2021-09", "month"),
    ("last year", "past", "2020", "year"),
    ("next year", "future", "2022", "year"),
    ("earlier this year", "past", "2021", "year"),
    ("in 2022", "future", "2022", "year"),
    ("in 1988", "past", "1988", "year"),
    ("three years ago", "past", "2018", "year"),
    ("by the end of the year", "future", "2021", "year"),
    ("at the end of the month", "future", "2021-09", "month"),
])
def test_resolve_against_publication_date(text, tense, value, precision):
    ref = resolve(text, WED, tense=tense)
    assert (ref.value, ref.precision) == (value, precision), ref.rule


@pytest.mark.parametrize("text, tense, value", [
    ("in December", "past", "2023-12"),
    ("in November", "future", "2024-11"),
    ("last week", "past", "2023-W52"),
    ("on December 30", "past", "2023-12-30"),
    ("on Friday", "past", "2023-12-29"),
    ("next month", "future", "2024-02"),
    ("earlier this month", "past", "2024-01"),
])
def test_resolution_crosses_year_boundary(text, tense, value):
    assert resolve(text, NEW_YEAR, tense=tense).value == value


def test_week_and_month_carry_bounds():
    week = resolve("last week", WED)
    assert (week.start, week.end) == ("2021-09-20", "2021-09-26")
    year = resolve("next year", WED, tense="future")
    assert (year.start, year.end) == ("2022-01-01", "2022-12-31")
    late_feb = resolve("in late February", WED)
    assert (late_feb.start, late_feb.end) == ("2021-02-21", "2021-02-28")
    assert resolve("earlier this year", WED).end == "2021-09-29"


def test_since_and_by_mark_open_ends():
    since = resolve("since 2014", WED)
    assert (since.value, since.start, since.end) == ("2014", "2014-01-01", "2021-09-29")
    assert "deadline" in resolve("by 2030", WED, tense="future").rule


def test_without_publication_date_only_absolute_dates_resolve():
    assert resolve("29 September 2021", None).value == "2021-09-29"
    assert resolve("in 1988", None).value == "1988"
    for text in ("on Wednesday", "yesterday", "next year", "in June", "two days ago"):
        ref = resolve(text, None)
        assert ref.value is None and "no publication date" in ref.rule, text


@pytest.mark.parametrize("text, days", [
    ("two weeks long", 14), ("for three days", 3), ("10 days of war games", 10),
    ("a two-day visit", 2), ("week-long talks", 7),
])
def test_durations(text, days):
    refs = find_date_expressions(sentence(text), WED)
    assert [duration_days(r) for r in refs] == [days]
    assert refs[0].value is None


def test_spans_are_over_the_article_text():
    text = "Officials met in Kabul on Wednesday and will meet again next month."
    refs = find_date_expressions(sentence(text, start=40), WED)
    assert [r.text for r in refs] == ["on Wednesday", "next month"]
    for ref in refs:
        assert ref.span is not None
        assert text[ref.span[0] - 40:ref.span[1] - 40] == ref.text


def test_modal_may_and_bare_month_names_are_not_dates():
    text = "The two sides may March together, the envoy said, before talks in May."
    refs = find_date_expressions(sentence(text), WED)
    assert [r.text for r in refs] == ["in May"]


def test_counts_are_not_years():
    refs = find_date_expressions(sentence("Some 2000 troops arrived in 2020 with 1500 tanks."), WED)
    assert [r.text for r in refs] == ["in 2020"]


def test_unknown_text_is_unplaced():
    ref = resolve("the meeting", WED)
    assert ref.value is None and ref.rule == "not a date expression"


@pytest.mark.parametrize("text, value", [
    ("2009", "2009"), ("last summer", "2012-SU"), ("this week", "2013-W12"),
    ("the 20th century", "19"), ("now", "PRESENT_REF"), ("90 days", "P90D"),
    ("several days", "PXD"), ("a decade", "P10Y"), ("four-week", "P4W"),
])
def test_timeml_values(text, value):
    from whimbrel.time import timeml_value

    assert timeml_value(resolve(text, date(2013, 3, 22))) == value


def test_for_a_weekday_looks_ahead_but_not_a_possessive():
    wed = date(2024, 6, 19)
    assert resolve("for Monday", wed).value == "2024-06-24"
    assert resolve("for Monday's", wed).value == "2024-06-17"


def test_rule_gates_never_skip_a_match(monkeypatch):
    """scan() skips a rule on a text without its gate part: every match of a gated rule
    must contain that part, and gated scanning must find what ungated scanning finds.
    Checked on every line of the test stories and examples (real text)."""
    import dataclasses
    import re
    from pathlib import Path

    from whimbrel.time import dates

    here = Path(__file__).parent
    files = sorted(here.glob("stories/**/*.txt")) + sorted((here.parent / "examples").glob("*.txt"))
    texts = [line for f in files for line in f.read_text("utf-8").splitlines() if line.strip()]
    texts += [part for t in texts for part in re.split(r"(?<=[.;:]) ", t)]
    gated = dates.rules()
    assert sum(r.gate is not None for r in gated) >= 10
    seen = 0
    for rule in gated:
        for text in texts if rule.gate is not None else ():
            for m in rule.regex.finditer(text):
                seen += 1
                assert rule.gate.search(m.group(0)), (rule.name, m.group(0))
    assert seen > 100
    with_gates = [[(s, e, r.name) for s, e, r, _ in dates.scan(t)] for t in texts]
    ungated = tuple(dataclasses.replace(r, gate=None) for r in gated)
    monkeypatch.setattr(dates, "rules", lambda: ungated)
    assert [[(s, e, r.name) for s, e, r, _ in dates.scan(t)] for t in texts] == with_gates
