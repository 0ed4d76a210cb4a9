"""Actors stage: lexicon matching, actors_for_token, plural references, the tagger.

Real spaCy model, real data files; the stories are written for these tests.
"""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from whimbrel.actors import ActorTagger, actors_for_token, actors_in_span
from whimbrel.actors.lexicon import DATA_DIR, Record, get_lexicon
from whimbrel.language import Language, load_nlp
from whimbrel.model import Article, Document
from whimbrel.registry import stages

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "jmcc-2021-09-29.txt"


@pytest.fixture(scope="module")
def language() -> Language:
    return Language(nlp=load_nlp(), parse_all=True)


@pytest.fixture(scope="module")
def tagger() -> ActorTagger:
    return ActorTagger()


def code(text: str, language: Language, tagger: ActorTagger, day: date | None = None,
         parse: bool = True) -> Document:
    lang = language if parse else Language(nlp=language.nlp, is_candidate=lambda d: False)
    doc = lang(Document(article=Article(doc_id="t", text=text, date=day)))
    return tagger(doc)


def token(doc: Document, sent: int, word: str, nth: int = 0):
    toks = [t for t in doc.sentences[sent].doc if t.text == word]
    return toks[nth]


def actors(doc: Document, sent: int, word: str, nth: int = 0):
    return actors_for_token(doc.sentences[sent], token(doc, sent, word, nth), doc)


def codes(found) -> list[tuple]:
    return [(a.country, a.sector) for a in found]


def parties(found) -> list[str]:
    assert len(found) == 1 and found[0].kind == "plural", found
    return sorted(a.country for a in found[0].refers_to)


# -- the stage ---------------------------------------------------------------------------

def test_stage_registered_by_name():
    assert isinstance(stages.get("actors")(), ActorTagger)


def test_data_files_name_their_licence():
    assert (DATA_DIR / "LICENSE-petrarch2.txt").read_text().startswith("The MIT License")
    with gzip.open(DATA_DIR / "lexicon.json.gz", "rt") as fh:
        assert "PETRARCH2" in json.load(fh)["source"]


# -- the example story ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def story(language, tagger) -> Document:
    return code(EXAMPLE.read_text(encoding="utf-8"), language, tagger, day=date(2021, 9, 29))


def test_story_countries_in_order(story):
    assert story.countries[:2] == ["PAK", "RUS"]
    assert "USA" in story.countries and "CHN" in story.countries


def test_story_officials_of_two_countries(story):
    assert codes(actors(story, 0, "officials")) == [("PAK", "GOV"), ("RUS", "GOV")]


def test_story_delegation_and_side(story):
    assert codes(actors(story, 2, "delegation")) == [("PAK", "GOV")]
    side = actors(story, 2, "side")
    assert [(a.country, a.text) for a in side] == [("RUS", "Russian side")]
    assert side[0].sector is None


def test_story_persons_with_roles_and_ranks(story):
    people = {a.person: a for a in story.sentences[2].actors if a.person}
    fomin = people["Alexander V Fomin"]
    assert (fomin.country, fomin.sector, fomin.role, fomin.rank) == (
        "RUS", "GOV", "Deputy Defence Minister", "Col. Gen")
    hussain = people["Mian Muhammad Hilal Hussain"]
    assert (hussain.country, hussain.role, hussain.rank) == ("PAK", "Secretary Defence", "Lt Gen (Retd)")


def test_story_plural_references(story):
    assert parties(actors(story, 3, "sides")) == ["PAK", "RUS"]
    assert parties(actors(story, 4, "countries")) == ["PAK", "RUS"]
    officials = actors(story, 5, "officials")
    assert parties(officials) == ["PAK", "RUS"]
    assert {a.sector for a in officials[0].refers_to} == {"GOV"}
    assert parties(actors(story, 11, "sides")) == ["PAK", "RUS"]


def test_story_army_and_forces(story):
    assert codes(actors(story, 8, "Army")) == [("PAK", "MIL")]
    assert codes(actors(story, 8, "Forces")) == [("PAK", "MIL"), ("RUS", "MIL")]


def test_story_the_country_and_desk_initials(story):
    assert codes(actors(story, 9, "country")) == [("PAK", None)]
    last = story.sentences[-1]
    assert not [a for a in last.actors if "PTI" in a.text or "MRJ" in a.text]


def test_story_spans_point_into_article(story):
    text = story.article.text
    for sent in story.sentences:
        for a in sent.actors:
            assert text[a.span[0]:a.span[1]] == a.text


def test_actors_in_span(story):
    sent = story.sentences[2]
    found = actors_in_span(sent, sent.start, sent.start + len("Pakistan delegation"))
    assert [a.text for a in found] == ["Pakistan delegation"]


# -- rules, on sentences written for these tests ---------------------------------------

STORY = (
    "Chile and Norway signed a fisheries accord on Monday.\n\n"
    "French President Jacques Chirac met Iran's religious leader Ayatollah Ruhollah Khomeini.\n\n"
    "Israeli troops fired on protesters near Nablus, and Palestinian police arrested two gunmen.\n\n"
    "Tens of thousands of university students throughout Indonesia marched on Friday.\n\n"
    "NATO condemned the attack, while Amnesty International called for an inquiry.\n\n"
    "U.N. Secretary-General Kofi Annan urged restraint.\n\n"
    "Islamabad said it would retaliate, and the Kremlin rejected the claim.\n\n"
    "The Egyptian government accused Hamas of smuggling weapons. The Taliban denied it.\n\n"
    "Kenya and Uganda met in Nairobi. Both sides agreed to reopen the border, and the two "
    "leaders signed a trade deal.\n\n"
    "Rebels attacked an army post in Mali. The country has suffered years of unrest.\n\n"
    "Argentina recalled its ambassador. It said the move was temporary.\n\n"
    "The meeting lasted three hours."
)


@pytest.fixture(scope="module")
def rules(language, tagger) -> Document:
    return code(STORY, language, tagger)


def test_conjoined_countries(rules):
    assert codes(actors(rules, 0, "Chile")) == [("CHL", None), ("NOR", None)]


def test_title_demonym_and_person(rules):
    chirac = actors(rules, 1, "Chirac")
    assert [(a.country, a.sector, a.person, a.role) for a in chirac] == [
        ("FRA", "GOV", "Jacques Chirac", "President")]
    leader = [a for a in rules.sentences[1].actors if a.person == "Ruhollah Khomeini"]
    assert leader and leader[0].country == "IRN" and leader[0].role == "religious leader"


def test_agent_words_give_sectors(rules):
    assert codes(actors(rules, 2, "troops")) == [("ISR", "MIL")]
    assert codes(actors(rules, 2, "police")) == [("PSE", "COP")]
    subject = next(t for t in rules.sentences[3].doc if t.dep_ == "nsubj")
    students = actors_for_token(rules.sentences[3], subject, rules)
    assert codes(students) == [("IDN", "EDU")]


def test_organisations(rules):
    nato = actors(rules, 4, "NATO")
    assert [(a.country, a.org, a.kind) for a in nato] == [("IGO", "NATO", "org")]
    amnesty = actors(rules, 4, "International")
    assert [(a.country, a.org) for a in amnesty] == [("NGO", "Amnesty International")]
    annan = actors(rules, 5, "Annan")
    assert [(a.country, a.person, a.role) for a in annan] == [("IGO", "Kofi Annan", "Secretary-General")]


def test_capital_and_seat_as_subjects(rules):
    assert codes(actors(rules, 6, "Islamabad")) == [("PAK", "GOV")]
    assert codes(actors(rules, 6, "Kremlin")) == [("RUS", "GOV")]


def test_pronoun_inside_sentence_and_across(rules):
    assert codes(actors(rules, 6, "it")) == [("PAK", "GOV")]
    assert codes(actors(rules, 8, "Taliban")) == [("AFG", "REB")]
    it = actors(rules, 14, "It")
    assert codes(it) == [("ARG", None)]


def test_groups_and_governments(rules):
    assert codes(actors(rules, 7, "government")) == [("EGY", "GOV")]
    hamas = [a for a in rules.sentences[7].actors if a.org == "Hamas"]
    assert hamas and (hamas[0].country, hamas[0].sector) == ("PSE", "REB")


def test_both_sides_and_two_leaders(rules):
    assert parties(actors(rules, 10, "sides")) == ["KEN", "UGA"]
    leaders = actors(rules, 10, "leaders")
    assert parties(leaders) == ["KEN", "UGA"]
    assert {a.sector for a in leaders[0].refers_to} == {"GOV"}


def test_the_country_is_the_last_country(rules):
    assert codes(actors(rules, 12, "country")) == [("MLI", None)]


def test_no_actor_gives_empty(rules):
    assert actors(rules, 15, "meeting") == []
    assert actors(rules, 14, "move") == []


def test_bare_agent_has_sector_without_country(rules):
    found = actors(rules, 11, "Rebels")
    assert [(a.country, a.sector) for a in found] == [(None, "REB")]


# -- case, dates, unparsed sentences -----------------------------------------------------

def test_case_decides_acronyms_and_names(language, tagger):
    doc = code("They told us that a chad of paper fell. The US and Chad signed a pact.",
               language, tagger)
    assert doc.sentences[0].actors == []
    assert [a.country for a in doc.sentences[1].actors] == ["USA", "TCD"]


def test_leader_codes_follow_the_article_date(language, tagger):
    text = "Vladimir Putin met the envoy."
    in_office = code(text, language, tagger, day=date(2021, 5, 1))
    before = code(text, language, tagger, day=date(1990, 5, 1))
    now = actors(in_office, 0, "Putin")
    then = actors(before, 0, "Putin")
    assert codes(now) == [("RUS", "GOV")]
    assert then[0].country == "RUS" and then[0].sector != "GOV"


def test_record_without_date_prefers_latest_range():
    rec = Record(kind="person", country=None, sector=None,
                 ranges=((19900101, 19951231, "AAA", "GOV", 1), (20000101, 99991231, "BBB", "GOV", 1),
                         (0, 99991231, "AAA", "ELI", 0)))
    assert rec.code_on(None) == ("BBB", "GOV")
    assert rec.code_on(date(1993, 1, 1)) == ("AAA", "GOV")
    assert rec.code_on(date(1997, 1, 1)) == ("AAA", "ELI")


def test_unparsed_sentences_still_get_mentions(language, tagger):
    doc = code("Syrian troops shelled the town. The two countries then talked.", language, tagger,
               parse=False)
    first = doc.sentences[0]
    assert first.skipped and [(a.country, a.sector) for a in first.actors] == [("SYR", "MIL")]
    assert doc.countries == ["SYR"]


def test_plural_reference_needs_two_parties(language, tagger):
    doc = code("Peru held elections. The two countries talked.", language, tagger)
    assert actors(doc, 1, "countries") == []


def test_lexicon_matches_are_linear_in_tokens():
    lex = get_lexicon()
    words = ("the red cross and the united nations met in new delhi " * 50).split()
    from whimbrel.actors.lexicon import longest_matches

    found = longest_matches(words, lex.actor_trie)
    assert len(found) == 150


def test_lexicon_cache_round_trip_and_damage(tmp_path, monkeypatch):
    """The pickled lexicon equals a fresh build; a damaged cache file is rebuilt."""
    from whimbrel._cache import cached, fingerprint
    from whimbrel.actors.lexicon import Lexicon, _cache_key

    monkeypatch.setenv("WHIMBREL_CACHE", str(tmp_path))
    key = _cache_key(fingerprint)
    built = cached("actor-lexicon", key, Lexicon)
    (path,) = tmp_path.glob("actor-lexicon-*.pickle")
    loaded = cached("actor-lexicon", key, lambda: pytest.fail("the cache was not used"))
    assert loaded is not built
    assert loaded.records == built.records
    assert (loaded.actor_trie, loaded.agent_trie, loaded.role_trie) == (
        built.actor_trie, built.agent_trie, built.role_trie)
    assert loaded.split("Bank of England") == ["bank", "of", "england"]
    path.write_bytes(b"not a pickle")
    assert cached("actor-lexicon", key, Lexicon).records == built.records
    assert key != _cache_key(lambda files, extra: fingerprint(files, [*extra, "other model"]))
