"""Load the time lexicons (calendar words, status cues) from package data, once."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import DataError


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """Read ``data/time/<name>.json``; a broken install raises DataError saying which file."""
    try:
        path = resources.files("whimbrel") / "data" / "time" / f"{name}.json"
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"time lexicon data/time/{name}.json is missing or malformed ({err}); "
                        "reinstall whimbrel") from err


@lru_cache(maxsize=None)
def words(name: str, key: str) -> frozenset[str]:
    """A lexicon list as a frozenset, for membership tests."""
    return frozenset(load(name)[key])
