"""Event status (occurred, ongoing, planned, negated, hypothetical) and background clauses.

Status is read from the dependency parse around the trigger: its own
auxiliaries, negation and subordinators first, then the verbs that govern it
("agreed to hold", "failed to reach", "denied that ... attacked"), climbing
one link at a time so that the nearest cue wins. Cue words come from
``data/time/status.json``; this module only knows the grammar.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from .._tokens import memo
from ..model import Sentence
from .lexicon import load, words

#: Dependency labels that open a new clause: cues inside them belong to another verb.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis",
                         "csubj", "csubjpass", "pcomp"})
#: Links a noun trigger climbs to find the verb that governs it.
NOUN_LINKS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "pobj", "prep", "appos", "conj",
                        "compound", "oprd", "dative", "agent", "npadvmod", "nmod", "poss"})
VERB_POS = frozenset({"VERB", "AUX"})
PRESENT = frozenset({"VBP", "VBZ"})

Status = tuple[str, str | None]


def _w(key: str) -> frozenset[str]:
    return words("status", key)


def as_token(trigger: Any) -> Any:
    """A spaCy Token from a Token or a Span (its syntactic root)."""
    return trigger.root if hasattr(trigger, "root") else trigger


def _forms(tok: Any) -> frozenset[str]:
    """Lemma and crude stems: the small model lemmatises "hopes" as "hop"."""
    key = (tok.lemma_, tok.lower_)  # (the forms depend on these two strings only)
    found = _FORMS.get(key)
    if found is None:
        if len(_FORMS) > 100_000:
            _FORMS.clear()
        found = _FORMS[key] = frozenset(_word_forms(*key))
    return found


#: (lemma_, lower_) -> :func:`_forms`
_FORMS: dict[tuple[str, str], frozenset[str]] = {}


def _word_forms(lemma: str, low: str) -> set[str]:
    forms = {lemma.lower(), low}
    for suffix in ("s", "es", "d", "ed", "ing"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            stem = low[: -len(suffix)]
            forms.update((stem, stem + "e"))
            if len(stem) > 3 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])  # "planned" -> "plan"
            if stem.endswith("i"):
                forms.add(stem[:-1] + "y")  # "tried" -> "try"
    return forms


def _is(tok: Any, key: str) -> bool:
    return not _forms(tok).isdisjoint(_w(key))


def _children(tok: Any, *deps: str) -> list[Any]:
    return [c for c in tok.children if c.dep_ in deps]


def _lower(tok: Any) -> str:
    return tok.lower_


def _is_verb(tok: Any) -> bool:
    return tok.pos_ in VERB_POS or tok.tag_.startswith("VB")


def governing_verb(tok: Any) -> Any:
    """The verb whose clause a (noun) trigger sits in; the token itself for verbs."""
    seen = 0
    while not _is_verb(tok) and tok.dep_ in NOUN_LINKS and tok.head.i != tok.i and seen < 12:
        tok = tok.head
        seen += 1
    return tok


def clause_tokens(head: Any) -> list[Any]:
    """Tokens of ``head``'s own clause: its subtree minus embedded clauses of other verbs
    (kept per parsed sentence: do not change the list)."""
    known = memo(head.doc, "clause_tokens", clause_tokens)  # a pure function of the parse
    found = known.get(head.i)
    if found is None:
        found = known[head.i] = _clause_tokens(head)
    return found


def _clause_tokens(head: Any) -> list[Any]:
    out, stack = [], [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS and _is_verb(child):
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


# ------------------------------------------------------------------ one clause


def _negation(verb: Any) -> Status | None:
    """"not", "never" on the verb; "no"/"neither" on its subject ("No soldiers were hurt")."""
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and _lower(child) == "never"):
            return "negated", child.text
        if child.dep_ in ("nsubj", "nsubjpass"):
            if _lower(child) in _w("negative_subjects"):
                return "negated", child.text
            for det in _children(child, "det", "neg"):
                if _lower(det) in _w("negative_determiners"):
                    return "negated", det.text
    return None


def _modal(verb: Any) -> Any:
    for child in _children(verb, "aux", "auxpass"):
        if child.tag_ == "MD" or _lower(child) in _w("future_auxiliaries"):
            return child
    return None


def _condition(verb: Any) -> Status | None:
    """The verb's clause is, or is the consequence of, an if/unless/whether clause."""
    for child in _children(verb, "mark"):
        if _lower(child) in _w("conditional_marks"):
            return "hypothetical", child.text
    for clause in _children(verb, "advcl"):
        for mark in _children(clause, "mark"):
            if _lower(mark) in ("if", "unless"):
                return "hypothetical", mark.text
    return None


def _reported(verb: Any) -> bool:
    """Is the clause the content of a reporting verb ("said it would ...")?"""
    head = verb.head
    return verb.dep_ in ("ccomp", "conj") and head.i != verb.i and (
        _is(head, "reporting_verbs") or (verb.dep_ == "conj" and _reported(head)))


def _progressive(verb: Any) -> Status | None:
    """Present progressive ("are participating", "is being held", "have been holding")."""
    auxes = _children(verb, "aux", "auxpass")
    present = [a for a in auxes if a.tag_ in PRESENT]
    if not present:
        return None
    being = any(_lower(a) in ("being", "been") for a in auxes)
    if verb.tag_ == "VBG" or (verb.tag_ == "VBN" and being and any(_lower(a) == "being" for a in auxes)):
        words_ = [a.text for a in auxes] + [verb.text]
        return "ongoing", " ".join(words_)
    return None


def _adverbs(verb: Any) -> Status | None:
    for child in _children(verb, "advmod", "acomp"):
        low = _lower(child)
        if low in _w("hypothetical_words"):
            return "hypothetical", child.text
        if low in _w("ongoing_adverbs") and (verb.tag_ in PRESENT or verb.tag_ == "VBG"
                                             or _children(verb, "aux") and any(
                                                 a.tag_ in PRESENT for a in _children(verb, "aux"))):
            return "ongoing", child.text
        if low in _w("ongoing_adjectives"):
            return "ongoing", child.text
    return None


def clause_status(verb: Any) -> Status | None:
    """The status cued inside one clause, strongest cue first; None when nothing is said."""
    found = _negation(verb) or _condition(verb)
    if found:
        return found
    modal = _modal(verb)
    if modal is not None:
        low = _lower(modal)
        if low in _w("future_auxiliaries"):
            return "planned", modal.text
        if low == "would" and _reported(verb) and not any(
                _lower(a) == "have" for a in _children(verb, "aux")):
            return "planned", f"{verb.head.text} ... would"
        if low in _w("hypothetical_modals"):
            return "hypothetical", modal.text
    return _adverbs(verb) or _progressive(verb) or _remains(verb)


def _remains(verb: Any) -> Status | None:
    """"troops remain deployed", "rebels remain in control": a present state that goes on."""
    if verb.tag_ in PRESENT and _is(verb, "ongoing_control_verbs"):
        return "ongoing", verb.text
    return None


# ------------------------------------------------------------------ links between clauses


def _is_infinitive(tok: Any) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children) or tok.tag_ == "VBG"


def _control(head: Any, child: Any) -> Status | None:
    """Status given by the verb or adjective that governs an infinitive ("agreed to hold")."""
    lemma = head.lemma_.lower()
    cue = f"{head.text} to" if _is_infinitive(child) and child.tag_ != "VBG" else head.text
    own = clause_status(head)
    if own and own[0] in ("negated", "hypothetical"):
        return own
    if any(_lower(c) == "yet" for c in _children(head, "advmod")):
        return "negated", "yet to"  # "has yet to respond"
    if _is(head, "failure_verbs"):
        return "negated", cue
    if lemma in _w("future_frames"):
        if lemma == "be" and head.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "relcl"):
            return None
        if lemma == "go" and head.tag_ != "VBG":
            return None
        return "planned", cue
    if _is(head, "planning_verbs"):
        return "planned", cue
    if _is(head, "ongoing_control_verbs"):
        return own if own and own[0] == "planned" else ("ongoing", cue)
    if _is(head, "hypothetical_control_verbs") or _lower(head) in _w("hypothetical_words"):
        return "hypothetical", cue
    if head.pos_ == "NOUN":
        if _is(head, "planning_nouns"):
            return "planned", cue
        if _is(head, "hypothetical_nouns"):
            return "hypothetical", cue
    return None


def _finite_complement(head: Any) -> Status | None:
    """A that-clause under a denial verb is negated; under "it is possible" hypothetical."""
    if _is(head, "denial_verbs"):
        return "negated", head.text
    if _is(head, "hypothetical_complement_verbs"):
        return "hypothetical", head.text
    for child in _children(head, "acomp"):
        if _lower(child) in _w("hypothetical_words"):
            return "hypothetical", child.text
    return None


def _complement(own: Status | None, frame: Status | None) -> Status | None:
    """A that-clause: "denied that it would" is negated, "fear that it will" hypothetical."""
    if frame is None or (own is not None and own[0] == "negated"):
        return own
    if frame[0] == "negated" or own is None or own[0] == "planned":
        return frame
    return own


def _shares_head(verb: Any) -> bool:
    """A conjoined verb without its own subject or tense takes the first verb's auxiliaries."""
    if _children(verb, "nsubj", "nsubjpass", "aux", "auxpass"):
        return False
    return verb.tag_ in ("VB", "VBG", "VBN") or verb.tag_ == verb.head.tag_


def _noun_status(noun: Any) -> Status | None:
    """Cues on an event noun: "no talks", "planned talks", "next week's talks", "possible strikes"."""
    for child in noun.children:
        low = _lower(child)
        if child.dep_ in ("det", "neg") and low in _w("negative_determiners"):
            return "negated", child.text
        if child.dep_ in ("amod", "compound", "advmod"):
            if low in _w("hypothetical_words"):
                return "hypothetical", child.text
            if low in _w("ongoing_adjectives"):
                return "ongoing", child.text
            if low in _w("planned_words"):
                return "planned", child.text
        if child.dep_ in ("poss", "nmod", "npadvmod", "compound"):
            for sub in child.subtree:
                if _lower(sub) in ("next", "coming", "upcoming", "tomorrow"):
                    return "planned", " ".join(t.text for t in child.subtree)
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "NOUN":
        if _is(head.head, "planning_nouns"):
            return "planned", f"{head.head.text} {head.text}"
        if _is(head.head, "hypothetical_nouns"):
            return "hypothetical", f"{head.head.text} {head.text}"
    return None


def _climb(verb: Any) -> Status | None:
    """Walk from the trigger's verb up through the verbs that govern it; first cue wins
    (kept per parsed sentence: the coder and the time stage ask for the same verbs)."""
    known = memo(verb.doc, "climb", _climb)  # a pure function of the parse
    i = verb.i
    if i in known:
        return known[i]
    found = known[i] = _climbed(verb)
    return found


def _climbed(verb: Any) -> Status | None:
    for _ in range(8):
        found = clause_status(verb)
        head, dep = verb.head, verb.dep_
        if dep == "ccomp" and head.i != verb.i and not _is_infinitive(verb):
            return _complement(found, _finite_complement(head))
        if found:
            return found
        if head.i == verb.i:
            return None
        if dep in ("xcomp", "ccomp", "acl", "advcl", "acomp") and _is_infinitive(verb):
            found = _control(head, verb)
            if found:
                return found
            if dep in ("acl", "advcl"):
                return None
        elif dep == "ccomp":
            return _finite_complement(head)
        elif dep == "conj":
            if not _shares_head(verb):
                return None
        elif dep in ("acomp", "oprd", "xcomp") and _is(head, "ongoing_control_verbs"):
            pass  # "remain deployed": the governing verb's present tense decides
        else:
            return None
        verb = head
    return None


def _question(sentence: Sentence, verb: Any) -> Status | None:
    if sentence.text.rstrip().rstrip("\"'”’").endswith("?"):
        root = verb
        while root.dep_ in ("conj", "xcomp") and root.head.i != root.i:
            root = root.head
        if root.dep_ == "ROOT":
            return "hypothetical", "?"
    return None


def detect_status(sentence: Sentence, trigger: Any) -> tuple[str, str | None]:
    """(status, cue) for the event whose trigger is ``trigger`` (a Token or Span of sentence.doc).

    The cue is the word or words that decided it ("not", "agreed to", "will",
    "if", "are participating"); ("occurred", None) when nothing marks the clause.
    """
    tok = as_token(trigger)
    if tok is None or sentence.doc is None or not sentence.doc.has_annotation("DEP"):
        return "occurred", None
    if not _is_verb(tok):
        found = _noun_status(tok)
        if found:
            return found
    verb = governing_verb(tok)
    if verb.i != tok.i and _is_verb(verb):
        found = _noun_governor(tok, verb)
        if found:
            return found
    return _question(sentence, verb) or _climb(verb) or ("occurred", None)


def _noun_governor(noun: Any, verb: Any) -> Status | None:
    """"called for talks", "talks are underway": what the verb says about its event noun."""
    if _is(verb, "hypothetical_control_verbs") and noun.dep_ == "pobj":
        return "hypothetical", f"{verb.text} {noun.head.text}"
    if verb.lemma_ == "be":
        for child in _children(verb, "acomp", "advmod"):
            if _lower(child) in _w("ongoing_adjectives"):
                return "ongoing", child.text
    return None


# ------------------------------------------------------------------ background


def _phrase_in(tokens: Iterable[Any], phrases: Iterable[str]) -> str | None:
    text = " " + " ".join(_lower(t) for t in tokens) + " "
    for phrase in phrases:
        if f" {phrase} " in text:
            return phrase
    return None


def _habitual(verb: Any, clause: list[Any], pub_date: date | None) -> str | None:
    for tok in clause:
        if tok.dep_ in ("advmod", "npadvmod", "amod") and _lower(tok) in _w("habitual_adverbs"):
            if verb.i in (tok.head.i, tok.head.head.i):
                return f"habitual ('{tok.text}')"
    for tok in clause:
        if _lower(tok) in ("every", "each") and tok.head.lower_ in _w("habitual_time_nouns") \
                and verb.i in (tok.head.head.i, tok.head.head.head.i):
            return f"habitual ('{tok.text} {tok.head.text}')"
    phrase = _phrase_in(clause, load("status")["habitual_phrases"])
    if phrase:
        return f"habitual ('{phrase}')"
    if _children(verb, "aux") and any(a.lemma_ == "have" for a in _children(verb, "aux")):
        since = next((p for p in _children(verb, "prep") if _lower(p) == "since"), None)
        if since is not None:  # "have been detained since the 2023 election"
            return f"habitual ('since {' '.join(t.text for t in list(since.subtree)[1:4])}')"
        from .dates import scan  # a perfect verb over a long period: "have held ... since 2014"
        text = " ".join(t.text for t in clause)
        for _, _, rule, m in scan(text):
            if rule.name == "long period" or (rule.name == "year" and m.group(0).lower().startswith("since")):
                return f"habitual ('{m.group(0)}')"
    return None


#: The date rules whose matches can make a clause history.
_HISTORY_RULES = frozenset({"year", "month year", "day month", "month day", "decade"})


def _history(verb: Any, clause: list[Any], pub_date: date | None) -> str | None:
    from .dates import may_match, scan

    text = " ".join(t.text for t in clause)
    hits = scan(text) if pub_date and may_match(text, _HISTORY_RULES) else []
    for _, _, rule, m in hits:
        if pub_date and rule.name in _HISTORY_RULES:
            ref = rule.handler(m, pub_date, "past")
            first = ref.value or ref.start
            if first and int(first[:4]) <= pub_date.year - 2 and "since" not in (ref.rule or ""):
                return f"history ('{m.group(0)}')"
    for prep in _children(verb, "prep", "advmod", "npadvmod"):
        sub = list(prep.subtree)
        if prep.dep_ == "prep" and _lower(prep) not in _w("history_prepositions"):
            continue
        phrase = _phrase_in(sub, load("status")["history_phrases"])
        if phrase:
            return f"history ('{phrase}')"
    return None


def _state_description(verb: Any, clause: list[Any]) -> str | None:
    """Analysis, not news: an abstract subject ("ties", "the chill") or a trend adverb
    ("has further pushed") with a verb of change or state, and no date of its own."""
    if not _is(verb, "stative_verbs") or _own_date(verb):
        return None
    subjects = _children(verb, "nsubj", "nsubjpass")
    if subjects and _is(subjects[0], "state_subject_nouns"):
        return f"state description ('{subjects[0].text} ... {verb.text}')"
    for adv in _children(verb, "advmod"):
        if _lower(adv) in _w("trend_adverbs"):
            return f"state description ('{adv.text} {verb.text}')"
    return None


def _own_date(verb: Any) -> bool:
    """Does a point in time (not a period, not inside a "since" phrase) modify the verb?"""
    from .dates import scan

    for child in verb.children:
        if child.dep_ not in ("prep", "npadvmod", "advmod", "nmod") or _lower(child) == "since":
            continue
        text = " ".join(t.text for t in child.subtree)
        if any(rule.name not in ("long period", "duration", "vague", "duration for")
               for _, _, rule, _ in scan(text)):
            return True
    return False


def is_background(sentence: Sentence, trigger: Any, pub_date: date | None = None, *,
                  historical: bool = False) -> str | None:
    """Why the trigger's clause is background rather than news (habit, history, analysis), or None.

    Background events get no date. Conservative: a present perfect alone
    ("has agreed") is news; it takes a habitual adverb, a period ("for years",
    "since 2014") with a perfect verb, a year well before ``pub_date``, or an
    abstract subject with a verb of state ("ties have moved past").
    """
    tok = as_token(trigger)
    if tok is None or sentence.doc is None or not sentence.doc.has_annotation("DEP"):
        return None
    verb = governing_verb(tok)
    clause = clause_tokens(verb)
    return (_habitual(verb, clause, pub_date) or _history(verb, clause, pub_date)
            or _state_description(verb, clause) or _present_state(verb, historical) or _toll(verb)
            or _analysis(verb) or _feeling(verb) or _quoted_view(sentence, tok, verb)
            or _quoted_statement(sentence, verb))


def _finite_present(verb: Any) -> bool:
    """VBZ/VBP, or a base form with a subject and no auxiliary (the tagger's "VB" in
    "The red shirts ... accuse the government")."""
    if verb.tag_ in PRESENT:
        return True
    return verb.tag_ == "VB" and bool(_children(verb, "nsubj")) and not _children(
        verb, "aux", "auxpass") and verb.dep_ in ("ROOT", "conj", "ccomp")


def _present_perfect_head(verb: Any) -> bool:
    return verb.tag_ == "VBN" and any(a.lemma_ == "have" and a.tag_ in PRESENT
                                      for a in _children(verb, "aux"))


def _present_state(verb: Any, historical: bool = False) -> str | None:
    """A simple present states how things are ("Iran denies supplying drones",
    "traders still complain", "Baku says they face charges"): the day's news is told
    in the past tense. Reported speech in the present ("said it would") is not this.
    ``historical``: a live-blog entry tells its news in the present ("Police fire tear
    gas"); there only statements and verbs of state ("says", "hosts") are states."""
    if not _finite_present(verb) or verb.lemma_ in ("be", "have"):
        return None
    if historical and not (_is(verb, "reporting_verbs") or _is(verb, "state_verbs")):
        return None
    if _children(verb, "aux", "auxpass") or verb.dep_ in ("xcomp", "advcl", "relcl"):
        return None
    if verb.dep_ == "ccomp" and not _finite_present(verb.head) and not _present_perfect_head(verb.head):
        return None  # "said the sales comply": a report of the day ("has said": not of the day)
    if _own_date(verb):
        return None  # "Leaders meet in Quito next week": a schedule, not a state
    if _provision(verb):
        return None  # "The accord provides for a withdrawal": the signing's news
    return f"state description (present tense '{verb.text}')"


def _provision(verb: Any) -> bool:
    """"The agreement provides for ...", "It also commits the two sides to talks": a
    document's terms, told in the present."""
    subjects = _children(verb, "nsubj")
    return _is(verb, "provision_verbs") and bool(subjects) and (
        _lower(subjects[0]) in _w("document_nouns") or subjects[0].lemma_.lower() in _w("document_nouns"))


def _toll(verb: Any) -> str | None:
    """'The insurgency has killed more than 5,000 people': a war's running toll."""
    if not any(a.lemma_ == "have" for a in _children(verb, "aux")):
        return None
    subjects = _children(verb, "nsubj")
    if subjects and _lower(subjects[0]) in _w("toll_subject_nouns"):
        return f"state description (toll of '{subjects[0].text}')"
    passive = _children(verb, "nsubjpass")
    if passive and _children(verb, "auxpass") and any(
            t.dep_ == "nummod" or t.like_num for t in passive[0].subtree):
        # "More than 10,000 people have been killed": a count so far, not an event
        return f"state description (count so far '{passive[0].text} ... {verb.text}')"
    return None


def _analysis(verb: Any) -> str | None:
    """What analysts, experts or critics say is commentary, not an event of the day."""
    head = verb
    for _ in range(3):
        if head.dep_ not in ("ccomp", "conj") or head.head.i == head.i:
            break
        head = head.head
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and _lower(subject) in _w("analyst_nouns"):
            return f"analysis ('{subject.text} {head.text}')"
    return None


def _feeling(verb: Any) -> str | None:
    """"was overwhelmed by the scale of the disaster", "is concerned about": a verb of
    feeling in the passive describes a state of mind, not an act."""
    if _children(verb, "auxpass") and _is(verb, "feeling_verbs"):
        return f"state description (feeling '{verb.text}')"
    return None


_QUOTES = {"\"": "\"", "\u201c": "\u201d", "\u2018": "\u2019"}


def _inside_quote(text: str, offset: int) -> bool:
    """Is character ``offset`` of a sentence inside a direct quotation?"""
    before = text[:offset]
    if not any(q in before for q in _QUOTES):
        return False  # most sentences: no quotation mark to walk to
    depth_open = None
    for i, ch in enumerate(before):
        if depth_open is None and ch in _QUOTES and (ch != "\u2018" or i == 0 or not text[i - 1].isalpha()):
            depth_open = _QUOTES[ch]
        elif depth_open is not None and ch == depth_open:
            depth_open = None
    return depth_open is not None


def _quoted_view(sentence: Sentence, tok: Any, verb: Any) -> str | None:
    """'"We want to expand our cooperation," the minister said': a quoted view or
    intention in the present tense is what the speaker thinks or wants, not an event
    of the day (a quoted past, "we agreed to ...", is a report and stays news)."""
    if not _inside_quote(sentence.text, tok.idx):
        return None
    head = verb
    for _ in range(3):  # "want to expand": the verb that governs the quoted act
        if head.dep_ not in ("xcomp", "conj") or head.head.i == head.i:
            break
        head = head.head
    auxes = _children(head, "aux", "auxpass")
    simple = head.tag_ in PRESENT and not auxes
    passive = head.tag_ == "VBN" and [a.tag_ for a in auxes] in (["VBP"], ["VBZ"]) and \
        auxes[0].dep_ == "auxpass"  # "we are condemned to understand each other"
    if simple or passive:
        return f"quoted view or intention ('{head.text}')"
    return None


def _quoted_statement(sentence: Sentence, verb: Any) -> str | None:
    """'"This is a sign of hope," Mogherini said': a statement whose words are a
    quoted view or intention (present tense, or a modal) says what the speaker
    thinks, not what happened."""
    if not _is(verb, "reporting_verbs"):
        return None
    for child in _children(verb, "ccomp", "parataxis"):
        if not _inside_quote(sentence.text, child.idx):
            continue
        auxes = _children(child, "aux", "auxpass")
        if any(a.tag_ == "MD" for a in auxes) or (child.tag_ in PRESENT and not auxes):
            return f"quoted view or intention ('{child.text}')"
    return None


def quoted_words(sentence: Sentence, verb: Any) -> str | None:
    """'"We were attacked without warning," the mayor said': a statement that only
    carries a direct quote; the quote is evidence for other events, not one itself."""
    if not _is(verb, "reporting_verbs"):
        return None
    for child in _children(verb, "ccomp", "parataxis"):
        if _inside_quote(sentence.text, child.idx):
            return f"quote ('{child.text}')"
    return None


def reported_view(verb: Any) -> str | None:
    """"said it was overwhelmed", "says it is following events with concern", "said
    the talks were useful": what a statement reports is a state or a view, not an act
    (for CAMEO 01 statements, which carry no event of their own)."""
    if not _is(verb, "reporting_verbs"):
        return None
    for child in _children(verb, "ccomp"):
        auxes = _children(child, "aux", "auxpass")
        if child.lemma_ == "be" or _is(child, "state_verbs") or _is(child, "feeling_verbs") \
                or (child.tag_ == "VBG" and auxes) or any(a.tag_ == "MD" for a in auxes):
            return f"reported view ('{verb.text} ... {child.text}')"
    return None


def reported_count(verb: Any) -> str | None:
    """"The Hospital Authority said 72 people had been treated": a statement whose
    content is a count so far reports a toll, not an act (for CAMEO 01 statements)."""
    if not _is(verb, "reporting_verbs"):
        return None
    for child in _children(verb, "ccomp"):
        found = _toll(child)
        if found:
            return f"reported {found}"
    return None


def impersonal_report(verb: Any) -> str | None:
    """"fuel shortages were reported in several cities": a passive report with no one
    reporting is the writer's account of a state, not a statement by an actor."""
    if _is(verb, "reporting_verbs") and _children(verb, "auxpass") and not _children(verb, "agent") \
            and not _own_date(verb):  # "was first reported in 1987": history, kept with its date
        return f"impersonal report ('{verb.text}')"
    return None
