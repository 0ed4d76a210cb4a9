"""Event status and background clauses, read from real spaCy parses of sentences we wrote."""

from __future__ import annotations

from datetime import date

import pytest

from whimbrel.model import STATUSES, Sentence
from whimbrel.time import detect_status, is_background

PUB = date(2021, 9, 29)


@pytest.fixture(scope="module")
def nlp():
    from whimbrel.language import load_nlp

    return load_nlp()


def parse(nlp, text: str, trigger: str, nth: int = 0):
    doc = nlp(text)
    matches = [t for t in doc if t.text == trigger]
    assert len(matches) > nth, f"{trigger!r} not in {text!r}"
    return Sentence(index=0, start=0, end=len(text), text=text, doc=doc), matches[nth]


@pytest.mark.parametrize("text, trigger, status, cue", [
    # negation on the trigger or on the verbs that govern it
    ("The rebels have never attacked the capital.", "attacked", "negated", "never"),
    ("The minister did not attend the summit in Brussels.", "attend", "negated", "not"),
    ("Tokyo won't send a delegation to the ceremony.", "send", "negated", "n't"),
    ("The cabinet did not agree to hold early elections.", "hold", "negated", "not"),
    ("There were no talks between the two governments.", "talks", "negated", "no"),
    ("The coalition failed to capture the port city.", "capture", "negated", "failed to"),
    ("No soldiers were injured in the ambush.", "injured", "negated", "No"),
    ("Neither government has recalled its ambassador.", "recalled", "negated", "Neither"),
    ("Madrid has yet to respond to the extradition request.", "respond", "negated", "yet to"),
    ("Hanoi denied that its vessels rammed the fishing boat.", "rammed", "negated", "denied"),
    ("The general said his troops would never fire on protesters.", "fire", "negated", "never"),
    # planned: future auxiliaries and frames
    ("Chile and Peru will sign a fisheries accord next week.", "sign", "planned", "will"),
    ("The foreign minister is to visit Jakarta next week.", "visit", "planned", "is to"),
    ("The president is going to meet the union leaders on Friday.", "meet", "planned", "going to"),
    ("The negotiators are due to resume work in June.", "resume", "planned", "due to"),
    ("The envoy is scheduled to arrive in Nairobi on Monday.", "arrive", "planned", "scheduled to"),
    ("The delegation is expected to arrive in Rome on Sunday.", "arrive", "planned", "expected to"),
    # planned: infinitives governed by verbs of commitment
    ("Both sides agreed to hold a second round of talks in Oslo.", "hold", "planned", "agreed to"),
    ("The army plans to withdraw two brigades from the border.", "withdraw", "planned", "plans to"),
    ("The donors pledged to rebuild the damaged schools.", "rebuild", "planned", "pledged to"),
    ("The council decided to send observers to the region.", "send", "planned", "decided to"),
    ("Norway offered to host the peace conference.", "host", "planned", "offered to"),
    ("Ankara said it would allow the inspectors to enter the site.", "allow", "planned", None),
    ("Next week's summit in Lima will focus on fisheries.", "summit", "planned", None),
    # hypothetical: conditions, modals, threats, appeals, questions
    ("If the militia attacks, the government would retaliate.", "retaliate", "hypothetical", "If"),
    ("If the militia attacks, the government would retaliate.", "attacks", "hypothetical", "If"),
    ("The army will intervene unless the gunmen surrender.", "intervene", "hypothetical", None),
    ("Seoul could impose tariffs on imported steel.", "impose", "hypothetical", "could"),
    ("Officials fear the strike might spread to the mines.", "spread", "hypothetical", "might"),
    ("Beijing threatened to impose sanctions on the airline.", "impose", "hypothetical",
     "threatened to"),
    ("The cabinet hopes to conclude the negotiations soon.", "conclude", "hypothetical",
     "hopes to"),
    ("The committee urged the junta to release the detainees.", "release", "hypothetical", None),
    ("The UN called for talks between the two sides.", "talks", "hypothetical", None),
    ("Will the two leaders meet before the election?", "meet", "hypothetical", "?"),
    ("It is possible that the ministry will cancel the contract.", "cancel", "hypothetical",
     "possible"),
    ("Analysts fear that the junta will postpone the vote.", "postpone", "hypothetical", "fear"),
    ("The ministry denied that it would expel the diplomats.", "expel", "negated", "denied"),
    # ongoing: progressive present, continue to, still
    ("Police are investigating the blast at the depot.", "investigating", "ongoing", None),
    ("The envoys continue to meet in Geneva.", "meet", "ongoing", "continue to"),
    ("Rebels are still holding the airport.", "holding", "ongoing", None),
    ("Thousands of troops remain deployed along the frontier.", "deployed", "ongoing", "remain"),
    ("The Pentagon is considering sending more warships.", "sending", "hypothetical",
     "considering"),
    ("The election is being monitored by foreign observers.", "monitored", "ongoing", None),
    ("Talks between the two unions are underway in Doha.", "Talks", "ongoing", "underway"),
    # occurred: the default for past and present perfect
    ("The two countries signed a border treaty on Tuesday.", "signed", "occurred", None),
    ("Russia has agreed to supply fighter jets to Egypt.", "agreed", "occurred", None),
    ("The opposition refused to attend the talks.", "refused", "occurred", None),
    ("The ministers met on Monday and signed a trade deal.", "signed", "occurred", None),
])
def test_detect_status(nlp, text, trigger, status, cue):
    sent, tok = parse(nlp, text, trigger)
    got, got_cue = detect_status(sent, tok)
    assert got in STATUSES
    assert got == status, (got, got_cue)
    if cue is not None:
        assert got_cue == cue


def test_refused_to_is_not_negation(nlp):
    """REJECT is the coder's business: the governed verb is not marked negated."""
    sent, tok = parse(nlp, "The opposition refused to attend the talks.", "attend")
    assert detect_status(sent, tok)[0] != "negated"


def test_status_of_a_span_trigger_uses_its_root(nlp):
    sent, _ = parse(nlp, "The summit will be held in Accra.", "held")
    span = sent.doc[2:5]  # "will be held"
    assert detect_status(sent, span) == ("planned", "will")


def test_unparsed_sentence_defaults_to_occurred(nlp):
    text = "The talks ended."
    sent = Sentence(index=0, start=0, end=len(text), text=text, doc=nlp.tokenizer(text))
    assert detect_status(sent, sent.doc[1]) == ("occurred", None)
    assert is_background(sent, sent.doc[1]) is None


@pytest.mark.parametrize("text, trigger, reason", [
    ("The two navies hold joint drills every year.", "hold", "habitual"),
    ("The coast guard routinely patrols the strait.", "patrols", "habitual"),
    ("Both armies have been holding joint drills for the last few years.", "holding",
     "habitual"),
    ("Peacekeepers have been stationed in the valley since 2014.", "stationed", "habitual"),
    ("Farmers have blocked the motorway every Friday since January.", "blocked", "habitual"),
    ("The two foreign ministers meet each year in Geneva.", "meet", "habitual"),
    ("Traditionally, the president visits the northern provinces.", "visits", "habitual"),
    ("The Soviet Union invaded the country in 1979.", "invaded", "history"),
    ("During the Cold War, the two states fought proxy wars.", "fought", "history"),
    ("Relations between the two neighbours have soured.", "soured", "state description"),
    ("Ties between Lisbon and Luanda have moved beyond the colonial past.", "moved",
     "state description"),
    ("The crisis has further pushed the government towards the IMF.", "pushed",
     "state description"),
    ("Quito said it was overwhelmed by the scale of the floods.", "overwhelmed",
     "state description (feeling"),
    ("\u201cWe want to deepen our trade with Chile,\u201d the minister said.", "deepen",
     "quoted view"),
    ('"Our navies train together to keep the sea lanes open," he said.', "train",
     "quoted view"),
])
def test_background(nlp, text, trigger, reason):
    sent, tok = parse(nlp, text, trigger)
    got = is_background(sent, tok, PUB)
    assert got is not None and got.startswith(reason), got


@pytest.mark.parametrize("text, trigger", [
    ("The two countries have upgraded their ties to a strategic partnership.", "upgraded"),
    ("The government has agreed to release the prisoners.", "agreed"),
    ("Relations between the two neighbours deteriorated sharply on Monday.", "deteriorated"),
    ("Troops opened fire on protesters in the capital on Sunday.", "opened"),
    ("The junta has once again rejected the mediators' proposal.", "rejected"),
    ("The foreign minister arrived in Hanoi last year.", "arrived"),
    ('"We agreed to reopen the border crossing," the minister said.', "agreed"),
])
def test_news_is_not_background(nlp, text, trigger):
    sent, tok = parse(nlp, text, trigger)
    assert is_background(sent, tok, PUB) is None


def test_old_year_is_history_only_with_a_publication_date(nlp):
    sent, tok = parse(nlp, "The rebels seized the town in 1994.", "seized")
    assert is_background(sent, tok, PUB).startswith("history")
    assert is_background(sent, tok, None) is None


@pytest.mark.parametrize("text, verb, view", [
    ("Quito said it was overwhelmed by the scale of the floods.", "said", True),
    ("Moscow says it is following events with concern.", "says", True),
    ("Officials said the first payments would be made next month.", "said", True),
    ("Officials said troops fired on the crowd.", "said", False),
])
def test_reported_view_of_a_statement(nlp, text, verb, view):
    from whimbrel.time.status import reported_view

    sent, tok = parse(nlp, text, verb)
    assert (reported_view(tok) is not None) == view


def test_a_statement_carrying_only_a_quote(nlp):
    from whimbrel.time.status import quoted_words

    sent, tok = parse(nlp, '"We were attacked without warning," the mayor said.', "said")
    assert quoted_words(sent, tok) is not None
    sent, tok = parse(nlp, "The mayor said troops were attacked without warning.", "said")
    assert quoted_words(sent, tok) is None
