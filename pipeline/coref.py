"""Coreference: pronouns and descriptions resolved to a name mentioned earlier in the same document.

Rules over the dependency parse, not a model: the neural resolvers (coreferee, spacy-experimental's
coref, fastcoref) either pin old spaCy versions or need transformer weights and a GPU, and the quote and
event stages need only two links, each of which a reader can check by hand:
- a third-person pronoun ("he said") → the person in focus: the nearest earlier sentence naming a person,
  its subject first, skipping names inside quotations and people an honorific ("Ms.") gives the other
  gender (guessing gender from earlier pronouns spreads one wrong link to the rest of the document);
- a definite description ("the Chinese leader", "the deputy chairman of the Security Council", "the
  agency") → the latest entity the document introduced with those words as its role or kind, and an
  apposition ("Medvedev, the deputy chairman ...") → the name it stands next to.
A reference nothing supports stays unresolved: no mention is better than a wrong one.
"""

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from pipeline.entities import ORGANISATION_NOUNS, PERSON_NOUNS, Mention
from pipeline.quotes import find_quote_spans

PRONOUN_GENDER = {
    "he": "male", "him": "male", "his": "male", "himself": "male",
    "she": "female", "her": "female", "hers": "female", "herself": "female",
}  # fmt: skip
HONORIFIC_GENDER = {
    "mr.": "male",
    "mr": "male",
    "mrs.": "female",
    "mrs": "female",
    "ms.": "female",
    "ms": "female",
}
# Nouns any person with a title can be called, whatever the title.
GENERIC_PERSON_NOUNS = frozenset({"leader", "official"})
# How many sentences back a pronoun may look for the person it stands for.
PRONOUN_WINDOW_SENTENCES = 4
_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "'s", "’s", "'", "and", "for", "in", "on", "at", "to"})


def add_references(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """The named mentions plus a `pronoun` or `nominal` mention for each reference the text resolves."""
    quoted = find_quote_spans(doc.text)
    names = [m for m in mentions if m.kind == "name"]
    covered = {i for m in names for i in range(m.token_start, m.token_end)}
    gender = _known_genders(doc, names)
    references: list[Mention] = []
    for token in doc:
        if token.i in covered or _inside(token.idx, quoted):
            continue
        if token.pos_ == "PRON" and token.lower_ in PRONOUN_GENDER:
            antecedent = _pronoun_antecedent(doc, token, names + references, quoted, gender)
            if antecedent is not None:
                references.append(_reference(doc[token.i : token.i + 1], antecedent, "pronoun"))
        elif token.pos_ == "NOUN" and token.dep_ != "compound":
            lemma = token.lemma_.lower()
            if lemma in PERSON_NOUNS or lemma in ORGANISATION_NOUNS:
                antecedent = _description_antecedent(token, names, lemma in PERSON_NOUNS)
                if antecedent is not None:
                    span = doc[token.left_edge.i : token.i + 1]
                    references.append(_reference(span, antecedent, "nominal"))
    return sorted(mentions + references, key=lambda m: (m.start, m.kind != "name"))


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


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
    """Gender a document states through honorifics ("Mr. Trump", "Ms. Clinton")."""
    gender: dict[str, str] = {}
    for m in names:
        if m.label == "PERSON" and m.token_start > 0:
            honorific = HONORIFIC_GENDER.get(doc[m.token_start - 1].lower_)
            if honorific:
                gender.setdefault(m.name, honorific)
    return gender


def _pronoun_antecedent(
    doc: Doc, pronoun: Token, mentions: list[Mention], quoted: list[tuple[int, int]], gender: dict[str, str]
) -> Mention | None:
    """The person in focus before a pronoun: the nearest sentence naming a compatible person, and in it
    the subject when a person is the subject, else the last person named. `mentions` holds the
    references resolved so far, so "The Chinese leader confirmed ... 'I ...,' he said" chains."""
    wanted = PRONOUN_GENDER[pronoun.lower_]
    people = [
        m
        for m in mentions
        if m.label == "PERSON"
        and m.end <= pronoun.idx
        and not _inside(m.start, quoted)
        and gender.get(m.name, wanted) == wanted
    ]
    sentence = pronoun.sent
    for _ in range(PRONOUN_WINDOW_SENTENCES):
        in_sentence = [m for m in people if sentence.start <= m.token_start < sentence.end]
        if in_sentence:
            subjects = [m for m in in_sentence if _is_subject(doc, m)]
            return (subjects or in_sentence)[-1]
        if sentence.start == 0:
            return None
        sentence = doc[sentence.start - 1].sent
    return None


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
        words = " ".join(filter(None, [m.role, m.description])).lower().replace("'s", " ").split()
        described.setdefault(m.name, set()).update(words, (w.rstrip("s") for w in words))
    for m in reversed(earlier):
        if wanted <= described[m.name] and (not generic or described[m.name] & PERSON_NOUNS):
            return m
    return None
