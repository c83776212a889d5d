"""Coreference: pronouns and descriptions resolved to a name mentioned earlier in the same document.

Rules over the dependency parse, not a model: the neural resolvers (coreferee, spacy-experimental's
coref, fastcoref) either pin old spaCy versions or need transformer weights and a GPU, and the quote and
event stages need only two links, each of which a reader can check by hand:
- a third-person pronoun ("he said") → the person in focus: the nearest earlier sentence naming a person,
  its subject first, skipping names inside quotations and people the document marks as the other gender
  (an honorific, "Ms."; a given name, "Hillary"; see pipeline/nlp/gender.py); when no compatible person
  is named in the sentences just before, a subject pronoun goes to the document's main subject (the
  person it names most before the pronoun, by a clear lead, and marked with the pronoun's gender), since
  a story keeps saying "he" of the man it is about paragraphs after last naming him; "he or she" stands
  for anyone and is left alone;
- a definite description of an organisation ("the union", "the committee") → also an organisation whose
  own name holds the noun, and "the senator" → a person introduced as "Sen.";
- a definite description ("the Chinese leader", "the deputy chairman of the Security Council", "the
  agency") → the latest entity the document introduced with those words as its role or kind, and an
  apposition ("Medvedev, the deputy chairman ...") → the name it stands next to.
A reference nothing supports stays unresolved: no mention is better than a wrong one.
"""

from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from pipeline.nlp.gender import HONORIFIC_GENDER, PRONOUN_GENDER, name_gender
from pipeline.nlp.mentions import ORGANISATION_NOUNS, PERSON_NOUNS, Mention
from pipeline.nlp.quotes import find_quote_spans

# Nouns any person with a title can be called, whatever the title.
GENERIC_PERSON_NOUNS = frozenset({"leader", "official"})
# Organisations a news story names once and then calls by what they are ("the union said" after "the
# United Auto Workers union", "the university" after "Columbia University"); beyond the nouns the mention
# stage keeps as organisation kinds.
MORE_ORGANISATION_NOUNS = frozenset(
    ["union", "association", "administration", "organization", "organisation", "foundation", "institute",
     "university", "coalition", "federation", "league", "center", "centre", "corporation", "board",
     "caucus", "club", "society", "alliance", "movement", "network", "station", "magazine", "outlet"]
)  # fmt: skip
DESCRIPTION_NOUNS = PERSON_NOUNS | ORGANISATION_NOUNS | MORE_ORGANISATION_NOUNS
# Abbreviated titles, spelled out so "the senator" finds "Sen. Marco Rubio".
TITLE_ABBREVIATIONS = {
    "sen.": "senator", "rep.": "representative", "gov.": "governor", "pres.": "president",
    "gen.": "general", "sec.": "secretary", "amb.": "ambassador", "lt.": "lieutenant",
}  # fmt: skip
SUBJECT_PRONOUNS = frozenset({"he", "she"})
# How clearly a person must lead the document's names to be its main subject.
MAIN_SUBJECT_MIN_MENTIONS = 3
MAIN_SUBJECT_LEAD = 2
# How many sentences back a pronoun may look for the person it stands for.
PRONOUN_WINDOW_SENTENCES = 4
_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "'s", "’s", "'", "and", "for", "in", "on", "at", "to"})


def add_references(
    doc: Doc, mentions: list[Mention], *, quote_spans: list[tuple[int, int]] | None = None
) -> list[Mention]:
    """The named mentions plus a `pronoun` or `nominal` mention for each reference the text resolves.

    `quote_spans` are `find_quote_spans(doc.text)` when the caller has them (the quote stage needs them too)."""
    quoted_tokens = set()
    for start, end in find_quote_spans(doc.text) if quote_spans is None else quote_spans:
        if span := doc.char_span(start, end, alignment_mode="expand"):
            quoted_tokens.update(range(span.start, span.end))
    names = [m for m in mentions if m.kind == "name"]
    covered = {i for m in names for i in range(m.token_start, m.token_end)}
    gender = _known_genders(doc, names)
    # People named outside quotations, then, as the scan passes them, the people references resolve to:
    # in text order, so a pronoun reads back from the end.
    people = [m for m in names if m.label == "PERSON" and m.token_start not in quoted_tokens]
    seen: list[Mention] = []
    references: list[Mention] = []
    next_person = 0
    for token in doc:
        while next_person < len(people) and people[next_person].end <= token.idx:
            seen.append(people[next_person])
            next_person += 1
        if token.i in covered or token.i in quoted_tokens:
            continue
        if token.pos_ == "PRON" and token.lower_ in PRONOUN_GENDER and not _generic(doc, token):
            antecedent = _pronoun_antecedent(doc, token, seen, gender)
            reference = _reference(doc[token.i : token.i + 1], antecedent, "pronoun") if antecedent else None
        elif token.pos_ == "NOUN" and token.dep_ != "compound" and token.lemma_.lower() in DESCRIPTION_NOUNS:
            antecedent = _description_antecedent(token, names, token.lemma_.lower() in PERSON_NOUNS)
            reference = (
                _reference(doc[token.left_edge.i : token.i + 1], antecedent, "nominal")
                if antecedent
                else None
            )
        else:
            continue
        if reference is not None:
            references.append(reference)
            if reference.label == "PERSON":
                seen.append(reference)
    return sorted(mentions + references, key=lambda m: (m.start, m.kind != "name"))


def _reference(span: Span, antecedent: Mention, kind: str) -> Mention:
    return replace(
        antecedent,
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        kind=kind,
        role=None,
        titles_before=None,
        description=None,
        token_start=span.start,
        token_end=span.end,
    )


def _known_genders(doc: Doc, names: list[Mention]) -> dict[str, str]:
    """Gender a document states for each person: an honorific before any of their mentions ("Mr. Trump",
    "Ms. Clinton") overrides the given name of their full name ("Hillary Clinton"); a person both
    "Mr." and "Ms." somewhere (two people sharing a surname) gets no gender at all."""
    honorifics: dict[str, set[str]] = {}
    gender: dict[str, str] = {}
    for m in names:
        if m.label != "PERSON":
            continue
        before = [doc[m.token_start - 1].lower_] if m.token_start > 0 else []
        if found := next(filter(None, map(HONORIFIC_GENDER.get, before)), None):
            honorifics.setdefault(m.name, set()).add(found)
        elif m.name not in gender and (found := name_gender(m.name, (m.titles_before or "").split())):
            gender[m.name] = found
    for name, found in honorifics.items():
        if len(found) == 1:
            gender[name] = found.pop()
        else:
            gender.pop(name, None)
    return gender


def _pronoun_antecedent(
    doc: Doc, pronoun: Token, seen: list[Mention], gender: dict[str, str]
) -> Mention | None:
    """The person in focus before a pronoun: the nearest sentence naming a compatible person, and in it
    the subject when a person is the subject, else the last person named. `seen` holds the people
    before the pronoun, references included, so "The Chinese leader confirmed ... 'I ...,' he said" chains."""
    wanted = PRONOUN_GENDER[pronoun.lower_]
    sentence, window = pronoun.sent, 1
    in_sentence: list[Mention] = []  # latest first
    for m in reversed(seen):
        while m.token_start < sentence.start:
            if in_sentence:
                return _in_focus(doc, in_sentence)
            if window == PRONOUN_WINDOW_SENTENCES or sentence.start == 0:
                return _main_subject(seen, gender, pronoun)
            sentence, window = doc[sentence.start - 1].sent, window + 1
        if gender.get(m.name, wanted) == wanted:
            in_sentence.append(m)
    return _in_focus(doc, in_sentence) if in_sentence else _main_subject(seen, gender, pronoun)


def _generic(doc: Doc, pronoun: Token) -> bool:
    """ "he or she", "his or her": a pronoun standing for anyone, not for a person of the text."""
    before = doc[pronoun.i - 1].lower_ if pronoun.i > 0 else ""
    after = doc[pronoun.i + 1].lower_ if pronoun.i + 1 < len(doc) else ""
    return "or" in (before, after) or "/" in (before, after)


def _main_subject(seen: list[Mention], gender: dict[str, str], pronoun: Token) -> Mention | None:
    """The person the document is about so far, for a subject pronoun ("she said") with no one
    compatible named just before it: the person named most often before it (references not counted, so
    one wrong link does not entrench itself), only when they clearly lead (MAIN_SUBJECT_LEAD times the
    next person, MAIN_SUBJECT_MIN_MENTIONS names at least) and the document marks them with the pronoun's
    gender: on PolNeAR train a looser rule (any lead, unknown gender allowed) was right about one time in
    three, mostly taking a bystander the model never tagged ("the woman", "a protester") for the subject. Object and possessive pronouns ("his", "her") keep to the window: they name participants of
    events, where a wrong far link costs more than a missing one."""
    if pronoun.lower_ not in SUBJECT_PRONOUNS:
        return None
    wanted = PRONOUN_GENDER[pronoun.lower_]
    counts = Counter(m.name for m in seen if m.kind == "name")
    ranked = counts.most_common(2) + [("", 0)]
    name, times = ranked[0]
    if times < MAIN_SUBJECT_MIN_MENTIONS or times < MAIN_SUBJECT_LEAD * ranked[1][1]:
        return None
    if gender.get(name) != wanted:
        return None
    return next(m for m in reversed(seen) if m.name == name)


def _in_focus(doc: Doc, latest_first: list[Mention]) -> Mention:
    subjects = [m for m in latest_first if _is_subject(doc, m)]
    return (subjects or latest_first)[0]


def _is_subject(doc: Doc, mention: Mention) -> bool:
    return any(doc[i].dep_ in ("nsubj", "nsubjpass") for i in range(mention.token_start, mention.token_end))


def _description_antecedent(noun: Token, names: list[Mention], of_person: bool) -> Mention | None:
    """The entity a definite description or an apposition refers to."""
    if noun.dep_ == "appos":
        for m in names:
            if m.token_start <= noun.head.i < m.token_end and (m.label == "PERSON") == of_person:
                return m
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return None
    modifiers = {
        t.lower_ for t in noun.subtree if t.is_alpha and t.lower_ not in _FUNCTION_WORDS and t.i != noun.i
    }
    # "the Chinese leader" fits a person introduced as "Chinese President": a generic noun asks only that
    # the role hold its modifiers and some title.
    generic = noun.lemma_.lower() in GENERIC_PERSON_NOUNS and bool(modifiers)
    wanted = modifiers if generic else modifiers | {noun.lemma_.lower()}
    labels = ("PERSON",) if of_person else ("ORG",)
    earlier = [m for m in names if m.end <= noun.idx and m.label in labels]
    described: dict[str, set[str]] = {}
    for m in earlier:
        # An organisation's own name says what it is too: "the committee" is the House Oversight Committee.
        own_name = m.name if m.label == "ORG" else None
        words = " ".join(filter(None, [m.role, m.description, own_name])).lower().replace("'s", " ").split()
        words = [TITLE_ABBREVIATIONS.get(w, w) for w in words]
        described.setdefault(m.name, set()).update(words, (w.rstrip("s") for w in words))
    for m in reversed(earlier):
        if wanted <= described[m.name] and (not generic or described[m.name] & PERSON_NOUNS):
            return m
    return None
