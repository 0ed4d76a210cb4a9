"""Publication dates as files and feeds write them, parsed without guessing.

Only unambiguous forms are accepted: ISO 8601 (with or without time), RFC 2822
(feeds, e-mail), "29 September 2021", "September 29, 2021", epoch seconds.
"01/02/2021" is refused: day and month order cannot be known.
"""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import datetime, timezone

_MONTHS = {
    name: i
    for i, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")), start=1)
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
                  r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?$", re.I)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T\d{4,6}(?:Z|[+-]\d{4})?)?$")
_SLASHED = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DMY = re.compile(_WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b(.*)$",
                  re.I)
_MDY = re.compile(_WEEKDAY + r"([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b(.*)$",
                  re.I)
#: What may follow a long-form date: a time, a zone, nothing else.
_TIME_TAIL = re.compile(r"^\s*(?:,|at)?\s*(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?"
                        r"\s*(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}|\(?(?:IST|PKT|GMT|UTC)\)?)?\s*$", re.I)


def parse_date(value: object) -> Date | None:
    """A ``date`` from a string, datetime or epoch number; None for empty values.

    Raises ValueError (with the value) for anything that is not clearly a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, Date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date")
    if isinstance(value, (int, float)):
        return _from_epoch(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    text = value.strip()
    if not text:
        return None
    found = _parse_string(text)
    if found is None:
        raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)")
    return found


def _parse_string(text: str) -> Date | None:
    for pattern in (_ISO, _COMPACT, _SLASHED):
        m = pattern.match(text)
        if m:
            return _ymd(int(m[1]), int(m[2]), int(m[3]))
    if text.isdigit() and len(text) in (10, 13):
        return _from_epoch(int(text))
    m = _DMY.match(text)
    if m and m[2].lower() in _MONTHS and _TIME_TAIL.match(m[4]):
        return _ymd(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    m = _MDY.match(text)
    if m and m[1].lower() in _MONTHS and _TIME_TAIL.match(m[4]):
        return _ymd(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    return _rfc2822(text)


def _rfc2822(text: str) -> Date | None:
    from email.utils import parsedate_tz

    parts = parsedate_tz(text)
    if parts is None or not parts[0]:
        return None
    return _ymd(parts[0], parts[1], parts[2])


def _ymd(year: int, month: int, day: int) -> Date | None:
    if not 1800 <= year <= 2200:
        return None
    try:
        return Date(year, month, day)
    except ValueError:
        return None


def _from_epoch(value: float) -> Date:
    if value > 1e11:  # milliseconds
        value = value / 1000
    try:
        return datetime.fromtimestamp(value, tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"{value!r} is not a date") from None
