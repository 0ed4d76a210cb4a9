"""The event lexicon: verbs, verb patterns, event nouns and CAMEO/PLOVER tables.

Loaded once per process from ``whimbrel/data/events/`` (see data/SOURCES.md):
- ``cameo.json``       CAMEO code -> name, root, quad class, Goldstein, PLOVER type/mode/contexts
- ``verbs.json``       PETRARCH2's verb dictionary (MIT): verbs, blocks and their object patterns
- ``core_verbs.tsv``   whimbrel's codes for the bare use of common event verbs
- ``verb_classes.tsv`` WordNet 3.0 synonyms of the core verbs (tools/build_verb_classes.py)
- ``event_nouns.tsv``  nouns that carry the event after a light verb ("held talks")
- ``derived_nouns.tsv`` nominalisations of the core verbs ("resignation"), from WordNet 3.0
                        (tools/build_derived_nouns.py); event_nouns.tsv wins
- ``complements.json`` how governing verbs combine with what they govern
- ``cues.json``        reporting verbs, light verbs, governor verbs
- ``noun_classes.json`` nouns that cannot act politically (phenomena, accidents, vehicles),
                        weapons, bystanders (from WordNet 3.0)
- ``violence_classes.tsv`` chemical weapons, sexual violence, air strikes, shelling,
                        destruction of property, abduction
                        (from WordNet 3.0, tools/build_violence_classes.py)
- ``report_classes.tsv`` what a report is about: disasters, accidents, epidemics, crime
                        (from WordNet 3.0, tools/build_report_classes.py; read by frame.py)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import DataError


def _data_text(name: str) -> str:
    try:
        return (resources.files("whimbrel") / "data" / "events" / name).read_text("utf-8")
    except FileNotFoundError:
        raise DataError(f"event lexicon file data/events/{name} is missing; "
                        "reinstall whimbrel or rerun tools/build_event_lexicon.py") from None


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in _data_text(name).splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    root: str
    quad: int
    goldstein: float | None
    event: str | None  # PLOVER type; None for roots 01, 02
    mode: str | None
    context: tuple[str, ...]


@dataclass
class Pattern:
    code: str | None
    pre: list[frozenset[str]]
    post: list[frozenset[str]]
    prep: list[str]

    @property
    def weight(self) -> int:
        return len(self.pre) + len(self.post) + len(self.prep)


@dataclass
class EventLexicon:
    cameo: dict[str, CameoCode]
    verb_block: dict[str, str]  # lemma -> PETRARCH block
    verb_code: dict[str, str | None]  # lemma -> code for the bare verb
    block_patterns: dict[str, list[Pattern]]
    nouns: dict[tuple[str, ...], str]  # lemma sequence -> CAMEO code
    complements: dict[str, Any]
    reporting: frozenset[str]
    light: frozenset[str]
    intransitive_light: frozenset[str]
    governors: dict[str, str]
    adjective_governors: dict[str, str]
    governor_nouns: dict[str, str]
    verb_nouns: dict[str, str]  # "set fire" -> code: a verb and its object noun together
    deploy_verbs: frozenset[str]
    military_nouns: frozenset[str]
    civilian_sectors: frozenset[str]
    state_sectors: frozenset[str]
    protester_nouns: frozenset[str]
    particles: frozenset[str]
    type_overrides: dict[str, str]  # lemma -> PLOVER type (plover_overrides.tsv)
    context_words: dict[tuple[str, ...], str]  # lemma sequence -> PLOVER context
    core_codes: dict[str, str]  # whimbrel's curated codes (core_verbs.tsv)
    neutral: frozenset[str]
    #: noun lemma -> nonagent | means | bystander (noun_classes.json, from WordNet)
    noun_classes: dict[str, str] = field(default_factory=dict)
    #: nouns of natural disasters, accidents and epidemics (noun_classes.json)
    disasters: frozenset[str] = frozenset()
    #: small word classes of cues.json read by single mechanisms of the coder
    #: (acceptance_verbs, demand_nouns, prep_governors, people_nouns, ...)
    classes: dict[str, Any] = field(default_factory=dict)
    #: sectors of private people: not political actors on their own
    private_sectors: frozenset[str] = frozenset()
    #: words of games and matches: a team that 'beat' another is no event
    sport_words: dict[str, frozenset[str]] = field(default_factory=dict)
    #: every verb lemma the coder knows something about
    known_verbs: frozenset[str] = field(default_factory=frozenset)
    #: lower-case surface forms that may signal an event (for candidate selection)
    cue_forms: frozenset[str] = field(default_factory=frozenset)

    def code_info(self, code: str | None) -> CameoCode | None:
        """The table row for a code, falling back to its parent codes."""
        if not code:
            return None
        for cand in (code, code[:3], code[:2]):
            if cand in self.cameo:
                return self.cameo[cand]
        return None

    def combine(self, governor_class: str, governed: str | None) -> str:
        """CAMEO code for governor class (03, 12, 13, 10, 02) + governed event code."""
        table = self.complements["classes"][governor_class]
        if governed:
            for n in range(len(governed), 1, -1):
                hit = table["by_code"].get(governed[:n])
                if hit:
                    return hit
        return table["default"]


_IRREGULAR_SUFFIXES = ("s", "es", "ed", "d", "ing", "ies", "ied")


def _surface_forms(lemma: str) -> set[str]:
    """Cheap over-generation of inflected forms, for a set lookup only."""
    word = lemma.split()[0]
    forms = {word}
    stem = word[:-1] if word.endswith("e") else word
    for suf in _IRREGULAR_SUFFIXES:
        forms.add(word + suf)
        forms.add(stem + suf)
    if word.endswith("y"):
        forms.update({word[:-1] + "ies", word[:-1] + "ied"})
    if len(word) > 2 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou":
        forms.update({word + word[-1] + "ed", word + word[-1] + "ing"})
    return forms


@lru_cache(maxsize=1)
def load_lexicon() -> EventLexicon:
    cameo = {
        code: CameoCode(code, r["name"], r["root"], r["quad"], r["goldstein"], r["event"],
                        r["mode"], tuple(r["context"]))
        for code, r in json.loads(_data_text("cameo.json")).items()
    }
    verbs = json.loads(_data_text("verbs.json"))
    verb_block = {lemma: v["block"] for lemma, v in verbs["verbs"].items()}
    verb_code: dict[str, str | None] = {lemma: v["code"] for lemma, v in verbs["verbs"].items()}
    core_codes = {lemma: code for lemma, code, *_ in _read_tsv("core_verbs.tsv")}
    verb_code.update(core_codes)
    for lemma, code, *_ in _read_tsv("verb_classes.tsv"):
        # WordNet synonyms of the core verbs, for verbs the lexicons above do not know
        if not verb_code.get(lemma):
            verb_code[lemma] = code
    block_patterns = {
        name: [Pattern(p["code"], [frozenset(g) for g in p["pre"]],
                       [frozenset(g) for g in p["post"]], p["prep"]) for p in b["patterns"]]
        for name, b in verbs["blocks"].items()
    }
    nouns = {tuple(noun.split()): code for noun, code, *_ in _read_tsv("event_nouns.tsv")}
    for noun, code, *_ in _read_tsv("derived_nouns.tsv"):
        nouns.setdefault(tuple(noun.split()), code)  # WordNet nominalisations of core verbs
    violence = _read_tsv("violence_classes.tsv")
    for lemma, pos, code, cls in violence:
        # WordNet's violence vocabularies: the curated tables above win where both know a word
        if pos == "noun" and cls not in ("chemical", "territory"):  # (no events: means, places)
            nouns.setdefault(tuple(lemma.split()), code)
        elif pos == "verb" and not verb_code.get(lemma):
            verb_code[lemma] = code
    cues = json.loads(_data_text("cues.json"))
    complements = json.loads(_data_text("complements.json"))
    nouns_doc = json.loads(_data_text("noun_classes.json"))
    lex = EventLexicon(
        cameo=cameo, verb_block=verb_block, verb_code=verb_code, block_patterns=block_patterns,
        nouns=nouns, complements=complements, reporting=frozenset(cues["reporting_verbs"]),
        light=frozenset(cues["light_verbs"]) | frozenset(json.loads(_data_text("light_frames.json"))["carriers"]), intransitive_light=frozenset(cues["intransitive_light"]),
        governors=cues["governor_lemmas"],
        adjective_governors=complements["adjective_governors"],
        governor_nouns=cues["governor_nouns"],
        verb_nouns=cues["verb_nouns"],
        deploy_verbs=frozenset(cues["deploy_verbs"]), military_nouns=frozenset(cues["military_nouns"]),
        civilian_sectors=frozenset(cues["civilian_sectors"]), state_sectors=frozenset(cues["state_sectors"]),
        protester_nouns=frozenset(cues["protester_nouns"]), particles=frozenset(cues["particles"]),
        type_overrides={lemma: t for lemma, t, *_ in _read_tsv("plover_overrides.tsv")},
        context_words={tuple(w.split()): c for w, c, *_ in _read_tsv("contexts.tsv")},
        core_codes=core_codes,
        neutral=frozenset(cues["neutral_verbs"]),
        noun_classes=nouns_doc["classes"], disasters=frozenset(nouns_doc["disasters"]),
        sport_words={"strong": frozenset(cues["sport_words"]),
                     "contest_verbs": frozenset(cues["contest_verbs"]),
                     "contest_words": frozenset(cues["contest_words"]),
                     # the contest words that name a game beside a score (not 'side', 'team')
                     "game_words": frozenset(cues["contest_words"]) - {"side", "team", "squad"}},
        private_sectors=frozenset(cues["private_sectors"]),
        classes={k: (cues[k] if isinstance(cues[k], dict) else frozenset(cues[k])) for k in (
            "acceptance_verbs", "demand_nouns", "prep_governors", "people_nouns",
            "peacekeeper_nouns", "arrival_verbs", "buildup_verbs", "emergency_compounds",
            "transfer_verbs", "aid_goods", "access_nouns", "clemency_nouns", "captive_nouns",
            "suspect_nouns", "handover_verbs", "violent_results", "trade_nouns", "bloc_nouns",
            "crime_nouns", "victim_verbs", "surrender_verbs", "force_nouns", "closing_verbs",
            "passage_nouns", "outcome_verbs", "weapon_use_verbs", "impact_verbs", "assembly_verbs", "unnamed_agents", "armed_words", "structure_nouns",
            "anger_words", "riot_verbs")},
    )
    lex.classes["chemical_nouns"] = frozenset(lemma for lemma, pos, _, cls in violence
                                              if cls == "chemical" and pos == "noun")
    lex.classes["destruction_verbs"] = frozenset(lemma for lemma, pos, _, cls in violence
                                                 if cls == "destruction" and pos == "verb")
    lex.classes["territory_nouns"] = frozenset(lemma for lemma, pos, _, cls in violence if cls == "territory")
    forms: set[str] = set()
    for lemma, code in verb_code.items():
        if code:
            forms |= _surface_forms(lemma)
    for noun in nouns:
        forms |= _surface_forms(noun[0])
    forms |= set(lex.governors) | set(lex.adjective_governors)
    for lemma in lex.light | set(lex.governors):
        forms |= _surface_forms(lemma)
    lex.known_verbs = frozenset(  # (aspectual verbs too: "spent" is "spend", not "spy")
        {k for k, v in verb_code.items() if v} | lex.light | set(lex.governors) | lex.reporting | lex.neutral)
    lex.cue_forms = frozenset(forms)
    return lex
