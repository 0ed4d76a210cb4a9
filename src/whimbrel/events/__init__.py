"""Events stage: PLOVER/CAMEO coding of parsed sentences (see coder.py)."""

from .coder import EventCoder
from .lexicon import is_cue_sentence, load_lexicon

__all__ = ["EventCoder", "is_cue_sentence", "load_lexicon"]
