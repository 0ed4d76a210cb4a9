"""Time: date expressions resolved against the publication date, and event status.

    detect_status(sentence, trigger)        -> (status, cue)
    is_background(sentence, trigger, pub)   -> reason or None
    find_date_expressions(sentence, pub)    -> [DateRef]
    resolve(text, pub_date, tense="past")   -> DateRef
    TimeResolver                            the "time" pipeline stage

Only the standard library is imported here; lexicons load on first use.
"""

from __future__ import annotations

from .dates import duration_days, find_date_expressions, resolve, timeml_value
from .stage import TimeResolver, make_time
from .status import detect_status, is_background

__all__ = [
    "TimeResolver",
    "detect_status",
    "duration_days",
    "find_date_expressions",
    "is_background",
    "make_time",
    "resolve",
    "timeml_value",
]
