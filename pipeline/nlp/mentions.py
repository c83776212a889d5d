"""Entities: clean spaCy mentions, resolve short forms within a document, then link names across the corpus.

Resolution is rule-based and explainable: a short form ("Medvedev", "Security Council") joins the longer
name in the same document that ends (or, for people, starts) with it, when exactly one such name exists;
a document that only ever says "Putin" joins the one full name the corpus knows with that token."""

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from spacy.tokens import Doc, Span

from pipeline.documents.publishers import known_publisher_names
from pipeline.lake.records import Record
from pipeline.nlp.gender import given_name_gender
from pipeline.nlp.geocode import geocode
from pipeline.text.patterns import REPORTING_VERB_LEMMAS

ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
# Words that describe what a person is rather than who: kept as the mention's role, not its name.
TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "deputy",
        "chairman",
        "chairwoman",
        "chair",
        "secretary",
        "general",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "leader",
        "premier",
        "chancellor",
        "senator",
        "sen.",
        "rep.",
        "representative",
        "governor",
        "gov.",
        "mayor",
        "king",
        "queen",
        "prince",
        "princess",
        "ambassador",
        "admiral",
        "rear",
        "envoy",
        "director",
        "chief",
        "head",
        "ceo",
        "founder",
        "adviser",
        "advisor",
        "aide",
        "former",
        "late",
        "ex-",
        "foreign",
        "defence",
        "defense",
        "interior",
        "finance",
        "state",
        "first",
        "lady",
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "prof.",
        "gen.",
        "col.",
        "lt.",
        "sgt.",
        "judge",
        "justice",
        "pope",
        "patriarch",
        "sheikh",
        "emir",
        "commander",
        "officer",
        "minister-president",
        "speaker",
        "lawmaker",
    ]
)
# Nouns that name what a person is; a definite one ("the minister") can refer back to a person.
PERSON_NOUNS = frozenset(
    [
        "president", "minister", "premier", "chairman", "chairwoman", "chair", "secretary", "spokesman",
        "spokeswoman", "spokesperson", "leader", "chancellor", "senator", "governor", "mayor", "king", "queen",
        "prince", "princess", "ambassador", "envoy", "director", "chief", "head", "founder", "adviser",
        "advisor", "aide", "candidate", "nominee", "lawmaker", "congressman", "congresswoman", "judge",
        "commander", "ceo", "pope", "patriarch", "emir", "sheikh", "speaker",
    ]
)  # fmt: skip
# Nouns that name what an organisation is ("the agency said" after "the TASS news agency").
ORGANISATION_NOUNS = frozenset(
    ["agency", "ministry", "company", "party", "newspaper", "paper", "network", "channel", "group",
     "firm", "bank", "committee", "council", "commission", "department", "office", "service", "campaign"]
)  # fmt: skip
# What a state body is called: "Security Council", "Foreign Ministry", "Communist Party".
INSTITUTION_NOUNS = ORGANISATION_NOUNS | {
    "parliament", "army", "navy", "court", "embassy", "government", "guard", "senate", "assembly", "police",
}  # fmt: skip
# Capitalised common nouns that name a body or a title, never a person ('," the Ministry said').
COMMON_TITLE_NOUNS = INSTITUTION_NOUNS | PERSON_NOUNS | TITLE_WORDS
# Courtesy titles say nothing about what a person is.
HONORIFICS = frozenset({"mr.", "mrs.", "ms.", "dr.", "prof.", "mr", "mrs", "ms", "dr"})
# Short forms of countries that no within-document rule can expand.
GPE_ALIASES = {
    "u.s.": "United States", "us": "United States", "usa": "United States", "u.s.a.": "United States",
    "america": "United States", "united states of america": "United States",
    "u.k.": "United Kingdom", "uk": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
    "prc": "China", "people's republic of china": "China", "russian federation": "Russia",
    "uae": "United Arab Emirates", "u.a.e.": "United Arab Emirates",
}  # fmt: skip
# "Yury Ushakov", "Mary Ann Smith": at most this many given names before a recovered surname.
MAX_RECOVERED_GIVEN_NAMES = 3
# '"..." ― Christina N Luis Olidem' closing a paragraph.
SIGNED_NAME = re.compile(
    r'["”][ \t]*[―—–][ \t]*(?P<name>[A-Z][\w.\'’-]*(?:[ \t]+[A-Z][\w.\'’-]*){1,4})[ \t.]*$', re.MULTILINE
)
# A name against a slash and an agency, or a slash closing the line ("Doug Ives/Canadian Press",
# "(Canadian Press/Doug Ives)", "Jane Roe/"): a photo credit left in the text, naming the photographer.
CREDIT_AFTER = re.compile(r"[ \t]*/[ \t]*(?:[A-Z][\w.&'’-]*[ \t]*){0,5}(?:$|[)\]])", re.MULTILINE)
CREDIT_CLOSE = re.compile(r"[ \t]*(?:$|[)\]])", re.MULTILINE)
CREDIT_BEFORE = re.compile(r"(?:^|[(\[])[ \t]*(?:[A-Z][\w.&'’-]*[ \t]*){1,5}/[ \t]*$", re.MULTILINE)
# Title words before a name that say it is a person's; the others ("former", "state") qualify a title.
PERSON_TITLES = (TITLE_WORDS | PERSON_NOUNS | HONORIFICS) - {
    "vice", "deputy", "rear", "general", "former", "late", "ex-", "foreign", "defence", "defense",
    "interior", "finance", "state", "first",
}  # fmt: skip
# What a company's name is followed by: the legal form the model leaves outside the span.
CORPORATE_SUFFIXES = frozenset(
    {"inc", "inc.", "corp", "corp.", "co.", "ltd", "ltd.", "llc", "l.l.c.", "plc", "lp", "l.p.", "ag", "gmbh",
     "n.v.", "s.a.", "limited", "incorporated", "corporation"}
)  # fmt: skip
# What an organisation has and a person does not: "Kinder Morgan's shareholders".
ORGANISATION_POSSESSIONS = frozenset(
    {"shares", "stock", "shareholders", "stockholders", "employees", "headquarters", "subsidiary", "board",
     "ceo", "executives", "factory", "factories", "plant", "plants", "stores", "customers", "website",
     "products", "brand", "subsidiaries", "members", "membership", "staffers", "offices"}
)  # fmt: skip
# Prepositions of place: "in Surrey", "at Dixon Hall", "on Twitter", "from Glace Bay".
PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "outside", "inside", "across", "throughout", "on", "from", "into"}
)
# A place name written with its region has at most this many tokens ("Glace Bay", "Niagara-on-the-Lake").
MAX_PLACE_TOKENS = 5
# How far after a subject a subject pronoun still refers to it: the rest of its sentence and the next.
PRONOUN_SENTENCES = 2
_SUBJECT_PRONOUNS = frozenset({"he", "she"})
# Longer appositions are clauses about the person, not a description of them.
MAX_DESCRIPTION_WORDS = 12
_LEADING_DROP = frozenset({"the", "a", "an", "this", "that", "these", "those"})


@dataclass
class Mention:
    """One mention of a name in a document body, with its in-document resolution."""

    start: int
    end: int
    text: str
    label: str
    name: str  # the name it resolves to within the document
    role: str | None = None  # "Russian Prime Minister" for "Russian Prime Minister Dmitry Medvedev"
    titles_before: str | None = None  # title words right before the span, whatever its label
    token_start: int = 0
    token_end: int = 0
    kind: str = "name"  # "name", or a reference resolved to one: "pronoun", "nominal" (see pipeline/nlp/references.py)
    description: str | None = None  # an apposition: "deputy chairman of Russia's Security Council"


@dataclass(frozen=True, kw_only=True)
class DocMention(Record):
    """A mention as the lake keeps it (a row of `doc_mentions`, per batch): named as in its document,
    before corpus linking. Corpus linking reads these, never spaCy objects."""

    TABLE: ClassVar[str] = "doc_mentions"

    doc_id: str
    batch_id: str
    text: str
    start_char: int
    end_char: int
    label: str
    name: str
    role: str | None = None
    # "name", or a reference resolved to a name in the document: "pronoun" ("he"), "nominal" ("the agency").
    kind: str = "name"
    # What an apposition says a person is ("deputy chairman of Russia's Security Council").
    description: str | None = None

    @classmethod
    def of(cls, mention: Mention, *, doc_id: str, batch_id: str) -> "DocMention":
        return cls(
            doc_id=doc_id,
            batch_id=batch_id,
            text=mention.text,
            start_char=mention.start,
            end_char=mention.end,
            label=mention.label,
            name=mention.name,
            role=mention.role,
            kind=mention.kind,
            description=mention.description,
        )


def _trim(span: Span) -> tuple[Span, str | None, str | None] | None:
    """Strip determiners, possessives, titles and glued sentence-initial words.

    Returns the name, its role, and the title words before it (kept for spans later found to be people).
    """
    tokens = list(span)
    role_tokens = []
    while tokens and (
        tokens[0].lower_ in _LEADING_DROP
        or (
            span.label_ in NAME_LABELS
            and tokens[0].pos_ not in ("PROPN", "NOUN", "NUM")
            and not tokens[0].is_title
        )
        or (span.label_ in NAME_LABELS and tokens[0].pos_ == "VERB")
        or (span.label_ == "PERSON" and tokens[0].lower_ in TITLE_WORDS and len(tokens) > 1)
    ):
        if tokens[0].lower_ in TITLE_WORDS:
            role_tokens.append(tokens[0])
        tokens.pop(0)
    while tokens and (tokens[-1].lower_ in ("'s", "'", "’s") or tokens[-1].is_punct):
        tokens.pop()
    if not tokens:
        return None
    trimmed = span.doc[tokens[0].i : tokens[-1].i + 1]
    titles = _role_before(trimmed, role_tokens)
    if span.label_ == "PERSON":
        return trimmed, titles, titles
    return trimmed, _organisation_kind(trimmed) if span.label_ == "ORG" else None, titles


def _role_before(name: Span, inner_titles: list) -> str | None:
    """The title words written right before a person's name ("Chinese President", "Deputy Chairman of the
    Russian Security Council")."""
    doc = name.doc
    i = (inner_titles[0].i if inner_titles else name.start) - 1
    words = []
    while i >= 0 and len(words) < 8:
        token = doc[i]
        is_title = token.lower_ in TITLE_WORDS or (
            token.ent_type_ in ("NORP", "GPE", "ORG") and not token.is_punct
        )
        links_title = token.lower_ in ("of", "the") and any(
            doc[j].lower_ in TITLE_WORDS for j in range(max(0, i - 2), i)
        )
        if not (is_title or links_title):
            break
        words.insert(0, token)
        i -= 1
    while words and words[0].lower_ in ("of", "the"):
        words.pop(0)
    role = " ".join(t.text for t in words + inner_titles)
    return role or None


def _organisation_kind(name: Span) -> str | None:
    """What an organisation is called around its name: "news agency" in "the TASS news agency" or
    "the state-run news agency RIA Novosti", so "the agency said" can find it again."""
    head = name[-1].head
    if name[-1].dep_ == "compound" and head.pos_ == "NOUN" and head.i >= name.end:
        return " ".join(t.text for t in name.doc[name.end : head.i + 1])
    before = []
    i = name.start - 1
    while i >= 0 and name.doc[i].pos_ in ("NOUN", "ADJ") and len(before) < 4:
        before.insert(0, name.doc[i].text)
        i -= 1
    return " ".join(before) or None


def _is_headline_noise(span: Span) -> bool:
    """Title-case runs with a verb in them are headline fragments, not names."""
    return len(span) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in span)


def extract_mentions(doc: Doc) -> list[Mention]:
    """Clean spaCy entities and resolve them within the document."""
    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or _is_headline_noise(ent):
            continue
        trimmed = _trim(ent)
        if trimmed is None:
            continue
        span, role, titles = trimmed
        if not any(c.isalpha() for c in span.text):
            continue
        mentions.append(
            Mention(
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                label=ent.label_,
                name=span.text,
                role=role,
                titles_before=titles,
                token_start=span.start,
                token_end=span.end,
            )
        )
    _qualify_institutions(doc, mentions)
    mentions += _recover_full_names(doc, mentions)
    mentions += _recover_speakers(doc, mentions)
    mentions += _recover_signatures(doc, mentions)
    _drop_photo_credits(doc, mentions)
    mentions.sort(key=lambda m: m.start)
    resolve_within_document(doc, mentions)
    _weigh_person_evidence(doc, mentions)
    for m in mentions:
        if m.label == "PERSON":
            m.description = _description(doc[m.token_start : m.token_end])
    return mentions


def _drop_photo_credits(doc: Doc, mentions: list[Mention]) -> None:
    """A person's name written against a slash and an agency ("Doug Ives/Canadian Press") is a photo
    credit the cleaner left in a caption: the photographer is nobody the story is about, so the name is no
    mention. "Obama/Clinton policies" goes on after the slash and stays."""
    text = doc.text

    def is_credit(m: Mention) -> bool:
        line_start = text.rfind("\n", 0, m.start) + 1
        # The model often takes the credit whole: "Doug Ives/Canadian Press" as one PERSON.
        whole = "/" in m.text and CREDIT_CLOSE.match(text, m.end)
        return bool(
            whole or CREDIT_AFTER.match(text, m.end) or CREDIT_BEFORE.search(text, line_start, m.start)
        )

    mentions[:] = [m for m in mentions if m.label != "PERSON" or not is_credit(m)]


def _weigh_person_evidence(doc: Doc, mentions: list[Mention]) -> None:
    """A name the model typed PERSON that the document treats as an organisation or a place is not a person
    unless the document also treats it as one. The evidence is in the text, summed over every mention of
    the name (one person per document, however written):

    - for a person, strong: a title or honorific before it ("Sen.", "Mr."), a "who" or an age after it
      (", 45,"), a given name from the name list, "he"/"she" taking up the subject it is; weak: the subject
      of a reporting verb ("X said"), the document shortening it to its last word ("Jane Roe ... Roe");
    - against, strong: a legal form after it ("Inc"), an organisation's possessions ("X's shareholders"),
      a region next to it ("Glace Bay, N.S.", "Toronto, Ont."), the same word in lower case elsewhere (a
      common noun: "Fentanyl" and "fentanyl"), a place preposition before a name of the gazetteer ("in
      Surrey"); weak: a place preposition ("on Twitter"), ", which" after it.

    Strong person evidence keeps it a person; otherwise strong evidence against, or weak evidence against
    with no weak evidence for, makes it what the evidence says (a common noun is dropped; otherwise the
    label the model gave its other mentions, a place if the gazetteer has it, else an organisation). The
    model's own labels are not evidence here: `vote_label` has already weighed them. An organisation
    that only ever "said" stays a person: a reporting verb is as good a sign as any the text gives."""
    _one_spelling_per_person(mentions)
    people: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.label == "PERSON" and m.kind == "name":
            people[m.name].append(m)
    if not people:
        return
    lower_words = {t.text for t in doc if t.is_lower}
    other_labels: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        other_labels[m.text][m.label] += 1
    dropped: set[str] = set()
    for name, named in people.items():
        evidence = _name_evidence(doc, name, named, mentions)
        others = Counter()
        for m in named:
            others.update({label: n for label, n in other_labels[m.text].items() if label in NAME_LABELS})
        others.pop("PERSON", None)
        if " " not in name and name.lower() in lower_words:
            evidence.add("common noun")
        label = _label_from_evidence(name, evidence, others)
        if label is None:
            continue
        if label == "":
            dropped.add(name)
        for m in named:
            m.label = label or m.label
    if dropped:
        mentions[:] = [m for m in mentions if m.name not in dropped or m.label != "PERSON"]


_STRONG_PERSON = frozenset({"title", "who", "age", "given name", "pronoun"})
_WEAK_PERSON = frozenset({"speech", "surname"})
_STRONG_AGAINST = frozenset({"legal form", "possessions", "region", "common noun", "gazetteer place"})
_WEAK_AGAINST = frozenset({"place preposition", "which"})
_PLACE_EVIDENCE = frozenset({"region", "gazetteer place"})


def _spelling_key(name: str) -> str:
    """A name with accents, case and stray punctuation folded: "José Bové", "Jose Bove" and a scraped
    "Hillary] Clinton" are each one person's name."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.casefold().split())


def _one_spelling_per_person(mentions: list[Mention]) -> None:
    """One person per document however spelt: the people's names that fold to one key take the
    spelling the document uses most (the longer one on a tie)."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.label == "PERSON":
            spellings[_spelling_key(m.name)][m.name] += 1
    for m in mentions:
        counts = spellings.get(_spelling_key(m.name)) if m.label == "PERSON" else None
        if counts and len(counts) > 1:
            m.name = max(counts, key=lambda spelling: (counts[spelling], len(spelling), spelling))


def _label_from_evidence(name: str, evidence: set[str], others: Counter) -> str | None:
    """None to keep the name a person, "" to drop it (a common noun), else the label it takes."""
    if evidence & _STRONG_PERSON:
        return None
    if not (evidence & _STRONG_AGAINST or (evidence & _WEAK_AGAINST and not evidence & _WEAK_PERSON)):
        return None
    if "common noun" in evidence:
        return ""
    if evidence & _PLACE_EVIDENCE:
        return "GPE"
    if others:
        return vote_label(others)
    return "GPE" if geocode(name) is not None else "ORG"


def _name_evidence(doc: Doc, name: str, named: list[Mention], mentions: list[Mention]) -> set[str]:
    """The kinds of evidence (see `_weigh_person_evidence`) the mentions of one name give."""
    evidence: set[str] = set()
    words = name.split()
    if len(words) >= 2 and given_name_gender(words[0]) is not None:
        evidence.add("given name")
    if len(words) >= 2 and any(m.text == words[-1] for m in named):
        evidence.add("surname")
    person_starts = {m.token_start for m in mentions if m.label == "PERSON"}
    for m in named:
        span = doc[m.token_start : m.token_end]
        if span.start >= span.end:
            continue
        titles = (m.titles_before or "").lower().split()
        if any(word in PERSON_TITLES for word in titles) or span[0].lower_ in PERSON_TITLES:
            evidence.add("title")
        after = doc[span.end : span.end + 3]
        if (
            len(after) >= 1
            and after[0].lower_ == "who"
            or len(after) >= 2
            and after[0].text == ","
            and after[1].lower_ == "who"
        ):
            evidence.add("who")
        if len(after) >= 3 and after[0].text == "," and after[1].like_num and after[2].text == ",":
            evidence.add("age")
        if len(after) >= 2 and after[0].text == "," and after[1].lower_ == "which":
            evidence.add("which")
        if len(after) >= 1 and after[0].lower_ in CORPORATE_SUFFIXES or span[-1].lower_ in CORPORATE_SUFFIXES:
            evidence.add("legal form")
        if (
            len(after) >= 2
            and after[0].lower_ in ("'s", "’s", "'")
            and (
                after[1].lower_ in ORGANISATION_POSSESSIONS
                or after[1].lemma_.lower() in ORGANISATION_POSSESSIONS
            )
        ):
            evidence.add("possessions")
        if _next_to_region(doc, span, mentions):
            evidence.add("region")
        root = span.root
        preposition = doc[span.start - 1] if span.start > 0 else None
        if preposition is not None and preposition.lower_ in PLACE_PREPOSITIONS and root.head == preposition:
            evidence.add("gazetteer place" if geocode(name) is not None else "place preposition")
        if root.dep_ in ("nsubj", "nsubjpass"):
            if root.head.pos_ == "VERB" and root.head.lemma_.lower() in REPORTING_VERB_LEMMAS:
                evidence.add("speech")
            if _pronoun_takes_up(doc, span, person_starts):
                evidence.add("pronoun")
    return evidence


def _next_to_region(doc: Doc, span: Span, mentions: list[Mention]) -> bool:
    """ "Glace Bay, N.S." and "Toronto, Ont.": a short name and a place the model typed, either side of a
    comma, the pair closed by punctuation. "Chris Covert, South Carolina director" goes on after the
    place, and "In Iowa, Cruz said" after the name: no region there."""
    if len(span) > MAX_PLACE_TOKENS:
        return False
    places = {m.token_start: m for m in mentions if m.label in ("GPE", "LOC")}
    place_ends = {m.token_end: m for m in places.values()}

    def closed(i: int) -> bool:
        return i >= len(doc) or doc[i].is_punct

    before = place_ends.get(span.start - 1)
    if before is not None and doc[span.start - 1].text == "," and closed(span.end):
        return True
    after = places.get(span.end + 1)
    return after is not None and doc[span.end].text == "," and closed(after.token_end)


def _pronoun_takes_up(doc: Doc, span: Span, person_starts: set[int]) -> bool:
    """ "he" or "she" as a subject after this subject, in its sentence or the next, with no other
    person named between: the pronoun refers to it, as it never would to a place or a company."""
    end = span.sent.end
    for _ in range(PRONOUN_SENTENCES - 1):
        if end < len(doc):
            end = doc[end].sent.end
    for token in doc[span.end : end]:
        if token.i in person_starts:
            return False
        if token.lower_ in _SUBJECT_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


def _description(name: Span) -> str | None:
    """What an apposition or a "who is" clause says a person is: "Medvedev, (who is now) deputy chairman
    of Russia's Security Council, said"."""
    root = name.root
    for child in root.children:
        if child.i < name.end:
            continue
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            noun = child
        elif child.dep_ == "relcl" and child.lemma_ == "be":
            attributes = [c for c in child.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
            if not attributes:
                continue
            noun = attributes[0]
        else:
            continue
        words = []
        for token in noun.subtree:
            if token.is_punct and token.text in ",;()—–":
                if token.i > noun.i:
                    break
                words.clear()
                continue
            words.append(token)
        while words and words[0].lower_ in _LEADING_DROP:
            words.pop(0)
        if 0 < len(words) <= MAX_DESCRIPTION_WORDS:
            return name.doc[words[0].i : words[-1].i + 1].text
    return None


def _qualify_institutions(doc: Doc, mentions: list[Mention]) -> None:
    """ "Russian" + "Security Council" is the Russian Security Council: a demonym written right before an
    institution the model tagged alone is part of its name (the NORP mention is absorbed)."""
    demonyms = {m.token_end: m for m in mentions if m.label == "NORP" and m.token_end - m.token_start == 1}
    absorbed = []
    for m in mentions:
        demonym = demonyms.get(m.token_start)
        if (
            m.label != "ORG"
            or demonym is None
            or doc[m.token_end - 1].lemma_.lower() not in INSTITUTION_NOUNS
        ):
            continue
        span = doc[demonym.token_start : m.token_end]
        m.start, m.text, m.name, m.token_start = span.start_char, span.text, span.text, span.start
        absorbed.append(demonym)
    mentions[:] = [m for m in mentions if all(m is not a for a in absorbed)]


def _recover_speakers(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Untagged proper names that are the subject of a reporting verb ("Tester said") are people.

    The model tags the organisations it knows; a capitalised name it left untagged that says or tells
    something is nearly always a person, and without a mention the quote it speaks has no speaker. A
    name the model mislabelled as a work of art, a product or a date is relabelled the same way.
    """
    covered = _name_tokens(mentions)
    recovered = []
    for token in doc:
        verb = token.head
        # A capitalised singular noun inside a sentence is a name the tagger missed too ('," Bond said').
        is_name = token.pos_ == "PROPN" or (
            token.tag_ == "NN" and not token.is_sent_start and token.lower_ not in COMMON_TITLE_NOUNS
        )
        if not (
            token.dep_ == "nsubj"
            and is_name
            and token.is_title
            and token.ent_type_ not in NAME_LABELS
            and token.i not in covered
            and verb.pos_ == "VERB"
            and verb.lemma_.lower() in REPORTING_VERB_LEMMAS
        ):
            continue
        span = doc[_given_names_start(doc, token.i, compounds_only=True) : token.i + 1]
        recovered.append(_person_mention(span))
        covered.update(range(span.start, span.end))
    _drop_overlapped(mentions, recovered)
    return recovered


def _name_tokens(mentions: list[Mention]) -> set[int]:
    """Tokens already inside a name; other labels (WORK_OF_ART, DATE) may be relabelled."""
    return {i for m in mentions if m.label in NAME_LABELS for i in range(m.token_start, m.token_end)}


def _drop_overlapped(mentions: list[Mention], recovered: list[Mention]) -> None:
    """Remove the model's mentions that a recovered person replaces (a mislabelled "Trump" WORK_OF_ART)."""
    replaced = {i for m in recovered for i in range(m.token_start, m.token_end)}
    mentions[:] = [m for m in mentions if replaced.isdisjoint(range(m.token_start, m.token_end))]


def _recover_signatures(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A capitalised name closing a paragraph after a quotation and a dash ('"..." ― Christina Lastra')
    signs that quotation, as vox pops print their speakers: a person, tagged or not."""
    covered = _name_tokens(mentions)
    recovered = []
    for match in SIGNED_NAME.finditer(doc.text):
        span = doc.char_span(*match.span("name"))
        if span is not None and covered.isdisjoint(range(span.start, span.end)):
            recovered.append(_person_mention(span))
    _drop_overlapped(mentions, recovered)
    return recovered


def _given_names_start(doc: Doc, surname: int, *, compounds_only: bool) -> int:
    """Where a name ending at token `surname` starts: capitalised, untagged proper nouns before it that
    are not titles (and, when the parse is trusted, attached to it as compounds)."""
    first = surname
    while first > 0 and surname - first < MAX_RECOVERED_GIVEN_NAMES:
        before = doc[first - 1]
        if (
            before.pos_ != "PROPN"
            or not before.is_title
            or before.ent_type_
            or before.lower_ in TITLE_WORDS
            or (compounds_only and before.dep_ != "compound")
        ):
            break
        first -= 1
    return first


def _person_mention(span: Span) -> Mention:
    role = _role_before(span, [])
    return Mention(
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        label="PERSON",
        name=span.text,
        role=role,
        titles_before=role,
        token_start=span.start,
        token_end=span.end,
    )


def _recover_full_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Full names the model missed, found through the surnames it did tag.

    A small model often skips a name opening a paragraph ("Yury Ushakov, the Kremlin's adviser, said")
    yet tags the later "Ushakov". A run of capitalised proper nouns outside any entity that ends with a
    surname the document tags as PERSON is that person's full name.
    """
    surnames = {m.text for m in mentions if m.label == "PERSON" and len(m.text.split()) == 1}
    covered = {i for m in mentions for i in range(m.token_start, m.token_end)}
    recovered = []
    for token in doc:
        if token.text not in surnames or token.i in covered or token.ent_type_ not in ("", "PERSON"):
            continue
        first = _given_names_start(doc, token.i, compounds_only=False)
        if first == token.i:
            continue
        span = doc[first : token.i + 1]
        recovered.append(_person_mention(span))
        covered.update(range(span.start, span.end))
    return recovered


def _canonical_alias(text: str, label: str) -> str:
    alias = GPE_ALIASES.get(text.casefold())
    return alias if alias and label in ("GPE", "LOC", "ORG", "PERSON", "NORP") else text


def resolve_within_document(doc: Doc, mentions: list[Mention]) -> None:
    """Point short forms at the one longer name they abbreviate, and vote each name's type."""
    for m in mentions:
        m.name = _canonical_alias(m.text, m.label)
    _split_glued_roles(doc, mentions)
    long_names: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if len(m.name.split()) >= 2 and m.label in NAME_LABELS:
            long_names[m.name][m.label] += 1
    for m in mentions:
        candidates = {
            full
            for full, labels in long_names.items()
            if full != m.name
            and abbreviates(m.name.split(), m.label, full.split(), labels.most_common(1)[0][0])
        }
        if len(candidates) == 1:
            m.name = candidates.pop()
            if long_names[m.name].most_common(1)[0][0] == "PERSON":
                # The model labels a lone surname at random ("DuVernay" GPE, then ORG); it is the person's.
                m.label = "PERSON"
    by_name: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        by_name[m.name][m.label] += 1
    publishers = {name.casefold() for name in known_publisher_names()}
    for m in mentions:
        m.label = "ORG" if m.name.casefold() in publishers else vote_label(by_name[m.name])


def _split_glued_roles(doc: Doc, mentions: list[Mention]) -> None:
    """ "Russian Security Council Dmitry Medvedev" is a role glued to a name the document also uses alone;
    when the role ends with an institution ("... Security Council") that institution is mentioned too."""
    people = {m.name for m in mentions if m.label == "PERSON" and len(m.name.split()) >= 2}
    institutions = []
    for m in mentions:
        words = m.name.split()
        if len(words) < 3:
            continue
        for size in range(len(words) - 1, 1, -1):
            suffix = " ".join(words[-size:])
            if suffix in people:
                m.role = " ".join(filter(None, [m.titles_before, *words[:-size]]))
                m.name, m.label = suffix, "PERSON"
                if m.text.endswith(suffix):
                    prefix = m.text[: -len(suffix)].rstrip()
                    institution = doc.char_span(m.start, m.start + len(prefix))
                    if institution and len(institution) >= 2 and institution[-1].lower_ in INSTITUTION_NOUNS:
                        institutions.append(
                            replace(m, end=institution.end_char, text=prefix, name=prefix, label="ORG", role=None,
                                    titles_before=None, token_end=institution.end)
                        )  # fmt: skip
                    m.start, m.text = m.end - len(suffix), suffix
                    person = doc.char_span(m.start, m.end, alignment_mode="expand")
                    m.token_start = person.start if person else m.token_start
                break
    mentions += institutions
    mentions.sort(key=lambda m: m.start)


def abbreviates(short: Sequence[str], short_label: str, full: Sequence[str], full_label: str) -> bool:
    """Whether a short name is a later reference to a full one: a person's surname (or, for names
    written family name first, "Xi"), or an organisation's trailing words ("Security Council")."""
    if len(short) >= len(full) or not short or not short[0][:1].isupper():
        return False
    if full_label == "PERSON":
        # Any label: the model tags a lone surname as a place, an organisation, even a work of art.
        return full[-len(short) :] == list(short) or full[: len(short)] == list(short)
    return short_label == full_label == "ORG" and full[-len(short) :] == list(short)


def vote_label(labels: Counter) -> str:
    """Majority label; ties go to the more specific name types."""
    order = ["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"]
    return max(labels, key=lambda label: (labels[label], -order.index(label) if label in order else -99))
