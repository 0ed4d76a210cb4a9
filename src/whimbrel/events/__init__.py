"""Events stage: PLOVER/CAMEO coding of parsed sentences (see coder.py)."""

from .coder import EventCoder
from .lexicon import load_lexicon

__all__ = ["EventCoder", "load_lexicon"]
