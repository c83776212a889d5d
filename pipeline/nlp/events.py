"""Event mentions: every word that reports an event of the taxonomy, with its arguments from the parse.

A trigger is a verb, noun or adjective whose lemma (or phrasal form: "step down", "air strike") the
taxonomy (`pipeline.nlp.event_types`) lists, kept only when the parse supports the reading: "fired the
coach" is an end of position, "fired rockets at" an attack and "the fire" a disaster; "called for calm" an
appeal and "a phone call" a call; "charged $5" nothing. Arguments come from the trigger's syntactic
relations, not from whatever names the sentence holds: the subject acts and the object undergoes
(reversed in the passive and for verbs like "died"), "by" names the actor, "with" the other party of a
meeting, a possessor or an "of" phrase the actor or undergoer of a noun ("Navalny's arrest"), and a light
verb lends its subject to a noun ("carried out an attack"). Names resolve through the document's
mentions, so a pronoun or a description stands for the entity it refers to; an argument that names no
entity ("police", "a gunman") is kept as written.

Each mention also gets a status (happened, planned, hypothetical, negated) from its auxiliaries,
negation and governing verbs, a date resolved from the sentence's own date expressions
(`pipeline.nlp.dates`; none resolvable means no date, never the publication date) and a place from its
locative phrases, falling back to the document's dateline. Corpus-wide merging of mentions into events is
`pipeline.corpus.events`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import ClassVar

from spacy.tokens import Doc, Span, Token

from pipeline.lake.records import Record
from pipeline.nlp.dates import ResolvedDate, is_month_name, resolve_date
from pipeline.nlp.event_types import OCCURRENCE, TYPES_BY_NAME, EventType, trigger_index
from pipeline.nlp.geocode import geocode
from pipeline.nlp.mentions import ORGANISATION_NOUNS, PERSON_NOUNS, TITLE_WORDS, Mention

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A noun inside one of these names is part of a name, not a trigger ("Summit Bank", "the Iraq War").
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT", "NORP"})
STATUSES = ("happened", "planned", "hypothetical", "negated")

PEOPLE_NOUNS = PERSON_NOUNS | frozenset(
    {
        "man", "woman", "boy", "girl", "child", "person", "people", "teenager", "suspect", "hostage",
        "prisoner", "detainee", "captive", "inmate", "activist", "journalist", "worker", "employee", "coach",
        "manager", "player", "executive", "soldier", "officer", "civilian", "student", "resident",
        "protester", "demonstrator", "passenger", "driver", "gunman", "victim", "actor", "actress", "singer",
        "star", "staff", "member", "fan", "patient", "doctor", "nurse", "teacher", "father", "mother", "son",
        "daughter", "wife", "husband", "brother", "sister", "friend", "pilot", "crew", "migrant", "refugee",
        "militant", "rebel", "fighter", "insurgent", "terrorist", "robber", "thief", "burglar", "teen",
        "climber", "hiker", "mountaineer", "skier", "swimmer", "tourist", "pedestrian", "cyclist", "rider",
        "miner", "sailor", "diver", "toddler", "baby", "infant", "pensioner", "motorist", "guard",
    }
)  # fmt: skip
ATTACKER_NOUNS = frozenset(
    {
        "force", "troop", "army", "military", "militant", "rebel", "insurgent", "fighter", "gunman", "soldier",
        "police", "jet", "drone", "missile", "rocket", "bomb", "bomber", "aircraft", "plane", "warplane",
        "navy", "terrorist", "attacker", "assailant", "man", "suspect", "mob", "group", "shell", "artillery",
    }
)  # fmt: skip
WEAPON_NOUNS = frozenset(
    {
        "shot", "missile", "rocket", "round", "bullet", "gun", "weapon", "salvo", "gas", "shell", "mortar",
        "grenade", "torpedo", "cannon", "artillery", "projectile", "volley", "tear",
    }
)  # fmt: skip
# Words for the people and organisations an unnamed argument can be.
PARTY_NOUNS = (
    PEOPLE_NOUNS
    | ORGANISATION_NOUNS
    | ATTACKER_NOUNS
    | frozenset(
        {"company", "firm", "government", "court", "regulator", "authority", "country", "state", "team"}
    )
) - frozenset({"missile", "rocket", "bomb", "shell", "artillery", "jet", "drone", "aircraft", "plane"})
DISASTER_NOUNS = {
    noun: name
    for name in ("earthquake", "fire", "flood", "storm", "explosion")
    for noun in TYPES_BY_NAME[name].nouns
}
AGREEMENT_NOUNS = frozenset(
    {
        "agreement", "treaty", "accord", "pact", "deal", "contract", "memorandum", "bill", "law", "ceasefire",
        "truce", "declaration", "charter", "protocol", "convention", "order", "legislation",
    }
)  # fmt: skip
ELECTION_NOUNS = frozenset(
    {
        "election", "vote", "seat", "presidency", "nomination", "primary", "race", "mandate", "term",
        "majority", "re-election", "poll", "ballot", "runoff", "caucus", "leadership",
    }
)  # fmt: skip
COURT_WORDS = frozenset(
    {
        "court", "verdict", "conviction", "sentence", "ruling", "judgment", "judgement", "decision", "judge",
        "charge", "acquittal", "tribunal", "jury",
    }
)  # fmt: skip
VEHICLE_NOUNS = frozenset(
    {"car", "vehicle", "driver", "truck", "bus", "train", "van", "motorist", "suv", "lorry"}
)
# What an official "issues": a statement in CAMEO's sense (a ruling, an order, a warning).
ISSUED_NOUNS = frozenset(
    {
        "statement",
        "regulation",
        "rule",
        "order",
        "warning",
        "decree",
        "guidance",
        "directive",
        "ruling",
        "alert",
    }
)
TITLE_NOUNS = frozenset({"title", "crown", "belt", "championship", "cup", "trophy"})
TREATMENT_PLACES = frozenset(
    {"rehab", "rehabilitation", "hospital", "clinic", "treatment", "facility", "centre", "center"}
)
PUBLICATION_NOUNS = frozenset(
    {"statement", "report", "figure", "data", "video", "footage", "result", "detail"}
)
# Verbs a noun trigger borrows its actor from ("carried out an attack", "held talks").
LIGHT_VERBS = frozenset(
    {
        "carry", "launch", "stage", "hold", "make", "conduct", "mount", "file", "announce", "order", "have",
        "pay", "lead", "organise", "organize", "plan", "claim", "begin", "start", "continue", "resume",
        "issue", "deliver", "give", "send", "impose", "sign", "reach", "win", "seal", "complete", "finalise",
        "finalize", "host", "attend", "join", "call", "lodge", "bring", "level", "press", "seek",
    }
)  # fmt: skip
# ... or whose subject undergoes it ("suffered injuries", "faces charges").
UNDERGOING_VERBS = frozenset({"suffer", "face", "receive", "undergo", "get", "sustain", "escape", "survive"})
# Verbs whose object is where a disaster struck ("an earthquake struck Haiti").
STRIKING_VERBS = frozenset(
    {"strike", "hit", "rock", "jolt", "devastate", "ravage", "shake", "sweep", "batter", "lash", "engulf"}
)
# Words whose "with/for/of" phrase names an offence ("charged with murder", "guilty of theft").
OFFENCE_GOVERNORS = frozenset(
    {
        "charge", "accuse", "convict", "arrest", "sentence", "jail", "try", "indict", "acquit", "suspect",
        "investigate", "prosecute", "guilty", "detain", "imprison", "trial", "conviction", "plead",
    }
)  # fmt: skip
# How far into a body a dateline ("BEIJING, November 1.") may start: after a standfirst, not further.
DATELINE_SEARCH_CHARS = 1000
# Verbs that are no happening of their own as an `occurrence`: states and auxiliaries, and speech (the
# quotes table's; what was said is the event of the clause, not of "said").
OCCURRENCE_SKIPPED_VERBS = frozenset({"be", "have", "do", "say", "tell", "add", "ask", "reply"})
# A trigger's dependents that are clauses of their own: their dates are their events'.
_OTHER_CLAUSES = frozenset({"conj", "ccomp", "advcl", "xcomp", "relcl", "parataxis", "cc", "acl"})
_FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "wo"})
_HYPOTHETICAL_AUXILIARIES = frozenset({"could", "might", "may", "would", "should"})
_PLANNING_LEMMAS = frozenset(
    {
        "plan", "due", "expect", "schedule", "intend", "prepare", "aim", "hope", "set", "propose", "seek",
        "want", "agree", "decide", "vow", "pledge", "promise",
    }
)  # fmt: skip
_HYPOTHETICAL_LEMMAS = frozenset({"threaten", "consider", "fear", "risk", "warn", "try", "attempt", "refuse"})
_DENYING_LEMMAS = frozenset({"deny", "refute", "dismiss"})
_PLANNED_MODIFIERS = frozenset(
    {"planned", "upcoming", "scheduled", "proposed", "forthcoming", "next", "future"}
)
_HYPOTHETICAL_MODIFIERS = frozenset({"possible", "potential", "likely", "feared", "threatened", "attempted"})
_CALL_MODIFIERS = frozenset({"phone", "telephone", "video", "conference"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "across", "off", "inside", "on", "into"})
# Lemmas whose reading the parse has to settle: a mention through one of them is less certain.
AMBIGUOUS_LEMMAS = frozenset(
    {
        "fire", "strike", "hit", "release", "free", "charge", "appeal", "call", "sentence", "fine", "try",
        "hang", "execute", "sign", "name", "dismiss", "win", "return", "fly", "rally", "shoot", "launch",
        "storm", "meet", "offer", "suit", "hearing", "relief", "assistance", "record",
    }
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Participant(Record):
    name: str  # as named in the document: a mention's resolved name, or the words of an unnamed argument
    role: str  # actor, target, victim, instrument
    named: bool  # a named entity (or a reference to one) that corpus linking can resolve


@dataclass
class EventMention:
    """One trigger reporting an event, with its arguments named as in the document."""

    event_type: str
    trigger: str
    trigger_lemma: str  # the lemma the trigger was read as ("check into"): what groups `occurrence`s
    trigger_start: int
    trigger_end: int
    status: str
    confidence: float
    participants: list[Participant]
    start_date: date | None
    end_date: date | None
    date_precision: str | None
    date_explicit: bool
    place: str | None
    place_from_dateline: bool
    start: int  # the sentence's offsets in the body (in the title, for a headline's mention)
    end: int
    text: str
    in_title: bool = False  # found in the headline: offsets point into the document's title


@dataclass(frozen=True, kw_only=True)
class DocEventMention(Record):
    """An event mention as the lake keeps it (a row of `doc_event_mentions`, per batch): arguments named
    as in the document, before corpus linking and merging."""

    TABLE: ClassVar[str] = "doc_event_mentions"

    doc_id: str
    batch_id: str
    event_type: str
    trigger: str
    trigger_lemma: str | None  # None in batches extracted before the column existed
    trigger_start: int
    trigger_end: int
    status: str
    confidence: float
    participants: list[Participant]
    start_date: date | None
    end_date: date | None
    date_precision: str | None
    date_explicit: bool
    place: str | None
    place_from_dateline: bool
    text: str
    start_char: int
    end_char: int
    in_title: bool  # a headline's mention: offsets point into the title, not the body

    @classmethod
    def of(cls, mention: EventMention, *, doc_id: str, batch_id: str) -> "DocEventMention":
        return cls(
            doc_id=doc_id,
            batch_id=batch_id,
            event_type=mention.event_type,
            trigger=mention.trigger,
            trigger_lemma=mention.trigger_lemma,
            trigger_start=mention.trigger_start,
            trigger_end=mention.trigger_end,
            status=mention.status,
            confidence=mention.confidence,
            participants=mention.participants,
            start_date=mention.start_date,
            end_date=mention.end_date,
            date_precision=mention.date_precision,
            date_explicit=mention.date_explicit,
            place=mention.place,
            place_from_dateline=mention.place_from_dateline,
            text=mention.text,
            start_char=mention.start,
            end_char=mention.end,
            in_title=mention.in_title,
        )


# ---------------------------------------------------------------------------------------------
# Headlines
# ---------------------------------------------------------------------------------------------

_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_WORD = re.compile(r"\b[A-Za-z][A-Za-z'-]*\b")
# A headline is in title case when at least this share of its words start with a capital.
TITLE_CASE_SHARE = 0.6
_FUNCTION_WORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "from", "by", "with",
        "into", "onto", "over", "after", "before", "as", "off", "out", "up", "down", "about", "against",
        "amid", "among", "near", "during", "under", "than", "then", "his", "her", "their", "its", "our",
        "this", "that", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would",
        "can", "could", "may", "might", "not", "no", "new", "more", "most", "run",
    }
)  # fmt: skip


# Common words that are also first names or surnames: kept capitalised beside another capitalised word.
_NAME_WORDS = frozenset(
    {"may", "sue", "rose", "bill", "mark", "will", "hope", "grace", "frank", "pat", "ray", "dawn", "april",
     "june", "jack", "bob", "rob", "drew", "chase", "guy", "joy", "amber", "hunt", "cook", "brown", "black",
     "white", "green", "young", "king", "fox", "price", "rice", "rich", "rush", "stone", "wood", "banks"}
)  # fmt: skip


def _beside_a_name(title: str, match: re.Match[str]) -> bool:
    before = _WORD.findall(title[: match.start()])
    after = _WORD.findall(title[match.end() :])
    return bool(before and before[-1][0].isupper() and before[-1].lower() not in _FUNCTION_WORDS) or bool(
        after and after[0][0].isupper() and after[0].lower() not in _FUNCTION_WORDS | _trigger_words()
    )


@cache
def _trigger_words() -> frozenset[str]:
    return frozenset(word for (_, lemma) in trigger_index() for word in lemma.split())


def sentence_cased(title: str) -> str:
    """A Title Case Headline ("Lindsay Lohan Checks Into Rehab") with its function words and trigger
    words lower-cased, so the tagger reads "checks" as a verb; names keep their capitals, and every
    character keeps its offset."""
    words = _WORD.findall(title)
    if not words or sum(w[0].isupper() for w in words) < TITLE_CASE_SHARE * len(words):
        return title

    def lowered(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        stems = {lower, lower.removesuffix("s"), lower.removesuffix("es"), *_regular_stems(lower)}
        known = lower in _FUNCTION_WORDS or stems & _trigger_words()
        if not known or match.start() == 0 or is_month_name(lower):  # "16 March" stays a date
            return word
        if lower in _NAME_WORDS and _beside_a_name(title, match):
            return word  # "Theresa May Visits Berlin", "Sue Gray Delays Report": part of a name
        return lower

    return _CAPITALISED.sub(lowered, title)


# ---------------------------------------------------------------------------------------------
# Triggers
# ---------------------------------------------------------------------------------------------


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _particle(token: Token) -> str | None:
    return next((c.lower_ for c in token.children if c.dep_ == "prt"), None)


def _candidates(token: Token) -> tuple[str, tuple[str, ...]] | None:
    """(the trigger's lookup key, the types it can report), before the parse settles the reading."""
    index = trigger_index()
    lemma = _lemma(token)
    if token.pos_ == "VERB":
        if token.lower_ == "born":
            return "bear", index[("verb", "bear")]
        if lemma == "bear":
            return None
        particle = _particle(token)
        if particle is not None:
            key = f"{lemma} {particle}"
            found = index.get(("verb", key))
            return (key, found) if found else None  # a phrasal verb means something else ("call off")
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        adjacent = (
            (token.i + 1, token.i + 2) if after is not None and after.pos_ == "PRON" else (token.i + 1,)
        )
        for prep in (c for c in token.children if c.dep_ == "prep" and c.i in adjacent):
            key = f"{lemma} {prep.lower_}"  # "called for calm", "checked into": the preposition right after
            if found := index.get(("verb", key)):
                return key, found
        if lemma == "open" and any(c.dep_ == "dobj" and c.lower_ == "fire" for c in token.children):
            return "open fire", index[("verb", "open fire")]
        for form in (lemma, *_regular_stems(token.lower_)):  # the lemmatizer gives "fined" as "fin"
            if found := index.get(("verb", form)):
                return form, found
        return None
    if token.pos_ == "NOUN":
        for child in token.children:
            if child.dep_ in ("compound", "amod") and child.i == token.i - 1:
                key = f"{child.lower_} {lemma}"
                if found := index.get(("noun", key)):
                    return key, found
        found = index.get(("noun", token.lower_)) or index.get(("noun", lemma))
        return (lemma, found) if found else None
    if token.pos_ == "ADJ":
        found = index.get(("adj", lemma))
        return (lemma, found) if found else None
    return None


def _regular_stems(word: str) -> tuple[str, ...]:
    if word.endswith("ed"):
        return word[:-1], word[:-2]
    if word.endswith("ing"):
        return word[:-3], word[:-3] + "e"
    return ()


def _objects(token: Token) -> list[Token]:
    """What a verb acts on: its direct object, its passive subject, or what an "of" phrase names."""
    found = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            found += [c for c in prep.children if c.dep_ == "pobj"]
    return found


def _subjects(token: Token) -> list[Token]:
    found = [c for c in token.children if c.dep_ == "nsubj"]
    for agent in (c for c in token.children if c.dep_ == "agent"):
        found += [c for c in agent.children if c.dep_ == "pobj"]
    return found


def _is_person(token: Token, mention_at: dict[int, Mention]) -> bool:
    mention = mention_at.get(token.i)
    if mention is not None:
        return mention.label == "PERSON"
    return _lemma(token) in PEOPLE_NOUNS or token.lower_ in ("him", "her", "them", "himself", "herself")


def _is_actor_like(token: Token, mention_at: dict[int, Mention]) -> bool:
    mention = mention_at.get(token.i)
    if mention is not None:
        return mention.label in ENTITY_LABELS
    return _lemma(token) in ATTACKER_NOUNS or token.pos_ == "PRON"


ASSET_NOUNS = frozenset(
    {
        "stake", "share", "company", "firm", "business", "unit", "division", "asset", "property", "plant",
        "brand", "right", "team", "club", "group", "operation", "subsidiary", "chain", "bank", "airline",
        "network", "site", "building", "land", "portfolio", "interest", "majority", "rival", "maker",
    }
)  # fmt: skip
TARGET_NOUNS = frozenset(
    {
        "building", "village", "town", "city", "base", "convoy", "vehicle", "car", "ship", "plane", "position",
        "area", "camp", "house", "home", "school", "hospital", "embassy", "station", "checkpoint", "region",
        "compound", "target", "headquarters", "office", "truck", "bus", "train", "market", "mosque", "church",
    }
)  # fmt: skip


def _is_asset(token: Token, mention_at: dict[int, Mention]) -> bool:
    mention = mention_at.get(token.i)
    if mention is not None:
        return True  # a named thing bought or sold (the tagger calls many companies people)
    return _lemma(token) in ASSET_NOUNS or any(
        c.dep_ == "compound" and c.i in mention_at for c in token.children
    )


def _is_target(token: Token, mention_at: dict[int, Mention]) -> bool:
    mention = mention_at.get(token.i)
    if mention is not None:
        return mention.label in ENTITY_LABELS | PLACE_LABELS
    return _is_person(token, mention_at) or _lemma(token) in TARGET_NOUNS or token.pos_ == "PRON"


def _governor(token: Token) -> Token:
    """The verb a noun trigger hangs from, through a preposition if need be ("in an attack")."""
    head = token.head
    return head.head if head.dep_ == "prep" or head.pos_ == "ADP" else head


def _choose(token: Token, key: str, types: tuple[str, ...], mention_at: dict[int, Mention]) -> str | None:
    """The one type the parse supports for this trigger, or None when the word is not reporting one."""
    pos = token.pos_
    objects = _objects(token)
    subjects = _subjects(token)
    object_lemmas = {_lemma(o) for o in objects}
    child_words = {c.lower_ for c in token.children}
    if pos == "VERB":
        if key in ("strike", "hit"):
            # "an earthquake struck", "Hurricane Ian hit Florida": the subject (or its compound) is the disaster.
            disaster = next(
                (
                    DISASTER_NOUNS[_lemma(t)]
                    for subj in subjects
                    for t in subj.subtree
                    if _lemma(t) in DISASTER_NOUNS
                ),
                None,
            )
            if disaster:
                return disaster
            if {_lemma(s) for s in subjects} & VEHICLE_NOUNS:  # "a driver struck and killed a woman"
                return "crash"
            if any(_is_actor_like(s, mention_at) for s in subjects) and objects:
                return "attack"
            strikers = {
                "union",
                "worker",
                "teacher",
                "staff",
                "employee",
                "driver",
                "nurse",
                "doctor",
                "pilot",
            }
            return (
                "protest"
                if key == "strike" and not objects and {_lemma(s) for s in subjects} & strikers
                else None
            )
        if key == "fire":
            if any(_is_person(o, mention_at) for o in objects):
                return "end_position"
            at = any(c.dep_ == "prep" and c.lower_ in ("at", "on", "into") for c in token.children)
            return "attack" if object_lemmas & WEAPON_NOUNS or at else None
        if key == "call":
            return "call" if (child_words | {token.lower_}) & _CALL_MODIFIERS else None
        if key in ("release", "free"):
            if any(_is_person(o, mention_at) for o in objects):
                return "release"
            if object_lemmas & PUBLICATION_NOUNS:
                return "statement"
            return "launch" if key == "release" and objects else None
        if key == "charge":
            with_phrase = any(c.dep_ == "prep" and c.lower_ == "with" for c in token.children)
            return "charge" if with_phrase or any(_is_person(o, mention_at) for o in objects) else None
        if key == "try":
            passive = any(c.dep_ == "auxpass" for c in token.children)
            return "trial" if passive else None
        if key in ("hang", "execute"):
            if object_lemmas & {"himself", "herself", "themselves"}:
                return "die"
            return "execute" if any(_is_person(o, mention_at) for o in objects) else None
        if key == "sign":
            return "sign_agreement" if object_lemmas & AGREEMENT_NOUNS else None
        if key == "name":
            as_phrase = any(c.dep_ in ("prep", "oprd") and c.lower_ == "as" for c in token.children)
            return "start_position" if as_phrase or any(c.dep_ == "oprd" for c in token.children) else None
        if key in ("sell", "buy", "purchase", "acquire") and not any(
            _is_asset(o, mention_at) for o in objects
        ):
            return None  # "sold 2m copies", "buying habits": sales, not a change of ownership
        if key in ("kill", "murder") and objects and not any(_is_person(o, mention_at) for o in objects):
            return None  # "won't kill your business"
        if key in ("hit", "strike") and objects and not any(_is_target(o, mention_at) for o in objects):
            return None  # "hit the post"
        if key == "meet" and object_lemmas & {"reception", "response", "resistance", "criticism", "approval"}:
            return None  # "met a cool reception"
        if key == "win" and object_lemmas & {
            "fan",
            "support",
            "backing",
            "approval",
            "praise",
            "respect",
            "heart",
        }:
            return None  # "win fans"
        if key == "escape" and not any(
            c.dep_ == "prep" and c.lower_ in ("from", "out") for c in token.children
        ):
            return None  # "escaped with a booking": an escape is from somewhere
        if key == "issue":  # "issued a statement", "issued new regulations"; not "issued shares"
            return "statement" if object_lemmas & ISSUED_NOUNS else None
        if key == "reverse" and not object_lemmas & ISSUED_NOUNS | {"decision", "ruling", "policy", "ban"}:
            return None
        if key in ("promote", "install", "hire", "rehire", "appoint") and not any(
            _is_person(o, mention_at) for o in objects
        ):
            return None
        if key == "dismiss":
            return "end_position" if any(_is_person(o, mention_at) for o in objects) else "reject"
        if key == "win":
            return "elect" if object_lemmas & ELECTION_NOUNS else "contest"
        if key == "fall":  # "a climber fell from a ridge", not "prices fell"
            falling = any(
                c.dep_ == "prep" and c.lower_ in ("from", "off", "down", "into") for c in token.children
            )
            to_death = any(t.lower_ == "death" for c in token.children if c.dep_ == "prep" for t in c.subtree)
            people = any(_is_person(s, mention_at) for s in subjects)
            return "crash" if people and (falling or to_death) else None
        if key in ("retain", "defend"):
            return "contest" if object_lemmas & TITLE_NOUNS else None
        if key in ("break", "set"):
            return "contest" if object_lemmas & {"record", "mark"} else None
        if key == "stop":  # "Klitschko stopped Thompson in the sixth round"
            in_round = any(t.lower_ == "round" for t in token.subtree)
            return "contest" if in_round and any(_is_person(o, mention_at) for o in objects) else None
        if key in ("enter", "leave"):  # "entered rehab"; "left the hospital"
            return "treatment" if object_lemmas & TREATMENT_PLACES else None
        if key in ("return", "fly"):
            moving = any(c.dep_ == "prep" and c.lower_ in ("to", "from", "into") for c in token.children)
            return "travel" if moving or any(c.lower_ == "home" for c in token.children) else None
        if key == "rally" and {_lemma(s) for s in subjects} & {"stock", "share", "market", "price", "index"}:
            return None
        if key == "shoot" and object_lemmas & {"film", "movie", "video", "scene", "footage", "photo"}:
            return None
        if key == "launch" and object_lemmas & (set(trigger_index_nouns()) | {"bid", "campaign", "probe"}):
            return None  # "launched an attack": the noun reports the event
        if key == "meet" and object_lemmas & {"target", "demand", "deadline", "need", "requirement", "goal"}:
            return None
        if key == "hurt" and not any(_is_person(o, mention_at) for o in objects):
            return None
        if key == "pay" and object_lemmas & {"tribute", "attention", "price", "visit", "respect", "homage"}:
            return None
        if key == "appeal":
            legal = object_lemmas & COURT_WORDS or any(
                c.dep_ == "prep" and c.lower_ == "against" for c in token.children
            )
            return "appeal_verdict" if legal else "appeal"
        if key == "establish" and any(c.dep_ == "ccomp" for c in token.children):
            return None
        if key == "offer" and not (objects or any(c.dep_ == "xcomp" for c in token.children)):
            return None
        if key == "storm" and not objects:
            return None
    elif pos == "NOUN":
        governor = _governor(token)
        governor_lemma = _lemma(governor)
        if key == "fire":
            if governor_lemma == "open" or token.head.lower_ == "under":
                return None
            if child_words & {"gun", "sniper", "artillery", "rocket", "mortar", "machine", "tank"}:
                return "attack"
            return "fire"
        if key == "strike":
            modifiers = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod")}
            if modifiers & {"hunger", "general", "rail", "labor", "labour", "teacher", "worker", "national"}:
                return "protest"
            if governor_lemma in ("go", "stage", "call") and governor.pos_ == "VERB" and not modifiers:
                return "protest"
            at = any(c.dep_ == "prep" and c.lower_ in ("on", "against", "in") for c in token.children)
            return "attack" if modifiers or at else None
        if key == "call":
            with_phrase = any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in token.children)
            return "call" if child_words & _CALL_MODIFIERS or with_phrase else None
        if key == "release":
            if any(_is_person(o, mention_at) for o in objects):
                return "release"
            if object_lemmas & PUBLICATION_NOUNS:
                return "statement"
            return "launch" if objects else None
        if key == "charge":
            plural = token.tag_ == "NNS"
            legal_verb = governor_lemma in (
                "face",
                "file",
                "bring",
                "drop",
                "deny",
                "press",
                "level",
                "plead",
            )
            return "charge" if plural or legal_verb else None
        if key == "sentence":
            modifiers = {c.lower_ for c in token.children}
            legal = modifiers & {"prison", "jail", "life", "death", "suspended", "custodial", "year"}
            serving = governor_lemma in ("serve", "receive", "hand", "give", "impose", "face", "get")
            return "sentence" if legal or serving else None
        if key in ("fine", "penalty"):
            charging = governor_lemma in ("pay", "impose", "face", "issue", "levy", "receive", "get", "order")
            return "fine" if charging else None
        if key == "appeal":
            legal = any(t.lower_ in COURT_WORDS for t in token.subtree) or governor_lemma in ("lodge", "lose")
            return "appeal_verdict" if legal else "appeal"
        if key == "suit" and governor_lemma not in ("file", "bring", "settle", "face", "drop"):
            return None
        if key in ("relief", "assistance"):
            modifiers = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod")}
            aid = modifiers & {
                "humanitarian",
                "military",
                "economic",
                "emergency",
                "food",
                "financial",
                "disaster",
            }
            return "provide_aid" if aid or governor_lemma in ("provide", "send", "deliver") else None
        if key == "sale" and not (token.tag_ == "NN" and any(c.lower_ == "of" for c in token.children)):
            return None  # "sales rose": revenue; "the sale of the unit" is a change of ownership
        if key in ("destruction",) and any(c.lower_ == "mass" for c in token.children):
            return None  # "weapons of mass destruction"
        if key == "demand" and any(c.dep_ == "prep" and c.lower_ == "for" for c in token.children):
            return None  # "demand for oil": economics, not a demand made
        if key == "hit":  # "a hit and run", "a hit-and-run driver"
            after = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
            return (
                "crash"
                if after in ("-", "and", "&") or any(c.lower_ == "run" for c in token.children)
                else None
            )
        if key in ("game", "match", "final"):
            modifiers = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod")}
            if modifiers & {"video", "computer", "board", "mobile", "online", "blame", "waiting"}:
                return None
            if key == "match" and governor_lemma in ("find", "be", "make"):
                return None
        if key in ("game", "match", "final", "playoff", "bout"):
            # "suspended four games", "missed two matches": a count of contests, not a contest.
            counted = any(c.dep_ == "nummod" for c in token.children)
            if counted or token.head.lower_ == "for" or governor_lemma in ("miss", "suspend", "sit", "ban"):
                return None
        if (
            types[0] == "sign_agreement"
            and key not in ("ceasefire", "truce")
            and governor_lemma
            not in ("sign", "reach", "conclude", "strike", "broker", "ratify", "seal", "agree")
        ):
            return None
    elif pos == "ADJ" and key == "guilty" and _lemma(token.head) not in ("find", "plead", "be", "declare"):
        return None
    return types[0] if len(types) == 1 else None


@cache
def trigger_index_nouns() -> frozenset[str]:
    """Every noun lemma the taxonomy lists: "launched an attack" leaves the event to the noun."""
    return frozenset(lemma for (pos, lemma) in trigger_index() if pos == "noun")


def _in_name(token: Token) -> bool:
    return token.ent_type_ in NAME_LABELS


# ---------------------------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------------------------


def _is_place_name(token: Token, mention_at: dict[int, Mention]) -> bool:
    mention = mention_at.get(token.i) or next(
        (mention_at[c.i] for c in token.children if c.dep_ == "compound" and c.i in mention_at), None
    )
    return mention is not None and mention.label in PLACE_LABELS


def _is_unnamed_party(token: Token) -> bool:
    """An argument no entity names can still be a party: people ("a 25-year-old man", "police") and
    organisations ("the company"); "skepticism" or "a wide range" is not."""
    if token.pos_ == "PROPN":
        words = {t.lower_ for t in token.subtree}
        return not words & TITLE_WORDS
    return token.pos_ == "NOUN" and _lemma(token) in PARTY_NOUNS


def _conjuncts(token: Token) -> list[Token]:
    found = [token]
    for child in token.children:
        if child.dep_ == "conj":
            found += _conjuncts(child)
    return found


def _argument(
    token: Token, role: str, mention_at: dict[int, Mention], *, things: bool = False
) -> list[Participant]:
    """The participants a syntactic argument names: the mentions its head (and conjuncts) belong to, or,
    for an unnamed noun phrase naming a party (or, with `things`, anything), its words."""
    found = []
    for head in _conjuncts(token):
        mention = mention_at.get(head.i)
        if mention is None:
            mention = next(
                (
                    mention_at[c.i]
                    for c in head.children
                    if c.dep_ in ("compound", "appos") and c.i in mention_at
                ),
                None,
            )
        if mention is not None and mention.label in ENTITY_LABELS:
            found.append(Participant(name=mention.name, role=role, named=True))
        elif mention is None and (_is_unnamed_party(head) or things and head.pos_ == "NOUN"):
            modifiers = [
                c for c in head.lefts if c.dep_ in ("compound", "amod", "nummod", "quantmod", "npadvmod")
            ]
            start = min((c.left_edge.i for c in modifiers), default=head.i)
            found.append(Participant(name=head.doc[start : head.i + 1].text, role=role, named=False))
    return found


def _antecedent(subject: Token, verb: Token) -> Token:
    """ "Clare Short, who resigned": a relative pronoun subject stands for the noun its clause modifies."""
    if subject.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        return verb.head
    return subject


def _is_passive_participle(token: Token) -> bool:
    return token.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in token.children)


def _inherited_subject(token: Token) -> list[Token]:
    """ "arrested and charged": a conjoined or controlled verb with no subject of its own shares its head's."""
    while token.dep_ in ("conj", "xcomp") and token.head != token:
        token = token.head
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects
    return []


def _arguments(token: Token, event_type: EventType, mention_at: dict[int, Mention]) -> list[Participant]:
    undergoer = event_type.undergoer
    found: list[Participant] = []
    if token.pos_ in ("VERB", "ADJ"):
        verb = token if token.pos_ == "VERB" else token.head
        subject_undergoes = _lemma(token) in event_type.subject_undergoes or token.pos_ == "ADJ"
        subjects = [c for c in verb.children if c.dep_ == "nsubj"] or (
            [] if any(c.dep_ == "nsubjpass" for c in verb.children) else _inherited_subject(verb)
        )
        if event_type.family == "disaster":
            subjects = [s for s in subjects if _lemma(s) not in DISASTER_NOUNS]
        for subject in subjects:
            role = undergoer if subject_undergoes or subject.dep_ == "nsubjpass" else "actor"
            found += _argument(_antecedent(subject, verb), role, mention_at)
        for child in verb.children:
            if child.dep_ in ("nsubjpass",):
                subject = _antecedent(child, verb)
                found += _argument(subject, undergoer, mention_at, things=event_type.thing_undergoer)
            elif child.dep_ in ("dobj", "dative") and token.pos_ == "VERB":
                objects = _argument(child, undergoer, mention_at, things=event_type.thing_undergoer)
                if event_type.family == "disaster":  # "struck Aceh province": where, not whom
                    objects = [p for p in objects if not _is_place_name(child, mention_at)]
                found += objects
            elif child.dep_ == "agent":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    found += _argument(pobj, "actor", mention_at)
            elif child.dep_ == "prep":
                found += _prepositional(child, event_type, mention_at, noun=False)
        if token.pos_ == "ADJ" and token.dep_ == "amod":
            found += _argument(token.head, undergoer, mention_at)
        if token.pos_ == "VERB" and token.dep_ in ("amod", "acl", "relcl") and _is_passive_participle(token):
            # "his newly-founded party", "the service, which was launched": the noun it modifies
            # underwent it, and that noun's possessor did it.
            found += _argument(token.head, undergoer, mention_at, things=event_type.thing_undergoer)
            for possessor in (c for c in token.head.children if c.dep_ == "poss"):
                found += _argument(possessor, "actor", mention_at)
    else:
        for child in token.children:
            if child.dep_ == "poss":
                role = undergoer if event_type.possessor_undergoes else "actor"
                found += _argument(child, role, mention_at)
            elif child.dep_ == "compound" and child.i in mention_at:
                mention = mention_at[child.i]
                if mention.label in ("PERSON", "ORG", "NORP"):
                    found += _argument(child, "actor", mention_at)
            elif child.dep_ == "prep":
                found += _prepositional(child, event_type, mention_at, noun=True)
        governor = token.head
        if token.dep_ in ("dobj", "attr") and governor.pos_ == "VERB":
            lemma = _lemma(governor)
            if lemma in LIGHT_VERBS or lemma in UNDERGOING_VERBS:
                role = undergoer if lemma in UNDERGOING_VERBS else "actor"
                for subject in [c for c in governor.children if c.dep_ == "nsubj"] or _inherited_subject(
                    governor
                ):
                    found += _argument(subject, role, mention_at)
                for prep in (c for c in governor.children if c.dep_ == "prep"):
                    found += _prepositional(prep, event_type, mention_at, noun=True)
        elif (
            token.dep_ == "pobj"
            and token.head.lower_ in ("for", "on", "during", "at")
            and event_type.family in ("movement", "contact", "cameo")
        ):
            # "travelled to Moscow for a state visit", "said during talks with ...": the verb's subject.
            verb = token.head.head
            for subject in (c for c in verb.children if c.dep_ == "nsubj"):
                found += _argument(subject, "actor", mention_at)
    return _deduplicated(found)


def _prepositional(prep: Token, event_type: EventType, mention_at: dict[int, Mention], *, noun: bool) -> list:
    word = prep.lower_
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    found: list[Participant] = []
    for pobj in objects:
        if word == "of" and noun:
            undergoes = event_type.possessor_undergoes or event_type.thing_undergoer
            role = event_type.undergoer if undergoes else "actor"
            found += _argument(pobj, role, mention_at, things=event_type.thing_undergoer)
        elif word == "by" and noun:
            found += _argument(pobj, "actor", mention_at)
        elif word in ("with", "between"):
            named = _argument(pobj, "target", mention_at)
            if event_type.family in ("conflict", "life") and not any(p.named for p in named):
                found += [Participant(name=p.name, role="instrument", named=False) for p in named]
            elif event_type.name != "charge":
                found += named
        elif word in ("on", "against", "at") and event_type.name in (
            "attack", "sanction", "disapprove", "sue", "protest", "threaten", "demand", "call",
        ):  # fmt: skip
            found += [p for p in _argument(pobj, "target", mention_at) if p.named or word != "on"]
    return found


def _deduplicated(participants: list[Participant]) -> list[Participant]:
    seen: dict[str, Participant] = {}
    for p in participants:
        seen.setdefault(p.name, p)
    return list(seen.values())


# ---------------------------------------------------------------------------------------------
# Place, date, status, confidence
# ---------------------------------------------------------------------------------------------


def _place(
    token: Token, event_type: EventType, mention_at: dict[int, Mention], taken: set[str]
) -> str | None:
    def place_in(tokens: Iterable[Token]) -> str | None:
        return next((name for t in tokens if (name := _place_name(t, mention_at, taken))), None)

    anchors = [token] + ([token.head] if token.head.i != token.i else [])
    if token.dep_ in ("conj", "xcomp") or token.pos_ == "ADJ":
        anchors.append(token.head.head)
    for anchor in anchors:
        for prep in anchor.children:
            if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPOSITIONS | {"to"}:
                if prep.lower_ == "to" and event_type.name not in ("visit", "travel", "escape"):
                    continue
                if found := place_in(prep.subtree):
                    return found
        if anchor.i == token.i:
            for child in token.children:
                if child.dep_ in ("compound", "poss", "dobj", "npadvmod") and (found := place_in([child])):
                    return found
    for anchor in (a for a in anchors if a.i != token.i):
        if _lemma(anchor) in STRIKING_VERBS or anchor.pos_ == "VERB" and event_type.family == "disaster":
            for child in anchor.children:
                if child.dep_ in ("dobj", "prep", "nsubjpass") and (found := place_in(child.subtree)):
                    return found
    return None


def _sentence_place(token: Token, mention_at: dict[int, Mention], taken: set[str]) -> str | None:
    """The sentence's first place, when no phrase of the trigger's names one: news sentences rarely name
    a place the event is not at."""
    for t in token.sent:
        name = _place_name(t, mention_at, taken)
        if name is None:
            continue
        mention = mention_at[t.i]
        root = token.doc[mention.token_end - 1] if mention.token_end > mention.token_start else t
        if root.dep_ in ("compound", "poss", "amod", "nmod") and root.head.i != token.i:
            continue  # "its London rival", "Europe's biggest drugmaker": a place that describes something
        return name
    return None


def _place_name(token: Token, mention_at: dict[int, Mention], taken: set[str]) -> str | None:
    """The place a token's mention names, unless it is a participant already or a GPE the gazetteer
    does not know ("Ukrainian" tagged GPE is no place)."""
    mention = mention_at.get(token.i)
    if mention is None or mention.label not in PLACE_LABELS or mention.name in taken:
        return None
    return mention.name if mention.label != "GPE" or geocode(mention.name) is not None else None


def _within(inner: str, outer: str) -> bool:
    """True when the place `inner` lies in the country `outer` names ("Beijing" in "China")."""
    inner_place, outer_place = geocode(inner), geocode(outer)
    return (
        inner_place is not None
        and outer_place is not None
        and outer_place.feature_type == "country"
        and inner_place.feature_type != "country"
        and inner_place.country_code == outer_place.country_code
    )


def dateline_date(doc: Doc, dateline: str | None, reference: date | None) -> ResolvedDate | None:
    """The date a wire-style dateline states ("BEIJING, November 1. /TASS/."): a date right after the
    dateline place, near the top of the body."""
    if not dateline:
        return None
    # At the start of a line, as a wire report opens ("BEIJING, November 1."): not "in London - on Friday".
    flags = re.MULTILINE | (0 if dateline.isupper() else re.IGNORECASE)
    found = re.search(r"^\s*" + re.escape(dateline) + r"\s*[,—–-]", doc.text[:DATELINE_SEARCH_CHARS], flags)
    if found is None:
        return None
    after = found.end()
    for ent in doc.ents:
        if ent.start_char > after + 4:
            break
        if ent.label_ == "DATE" and ent.start_char >= after:
            return resolve_date(ent.text, reference)
    return None


_RANGE_WORDS = frozenset({"-", "–", "—", "to", "through", "and", ","})


def _date_end(ent: Span, sentence: Span) -> int:
    """Where a date phrase ends, the rest of a range included: "March 20" + "-22, 2023" or " to 22"; but
    not "and 21 people" (a count) after "March 20"."""
    doc = sentence.doc
    end = ent.end_char
    i = ent.end
    while i + 1 < sentence.end and i - ent.end < 4 and doc[i].text in _RANGE_WORDS and doc[i + 1].like_num:
        after = doc[i + 2] if i + 2 < sentence.end else None
        if after is not None and after.pos_ in ("NOUN", "PROPN") and not is_month_name(after.lower_):
            break
        end = doc[i + 1].idx + len(doc[i + 1].text)
        i += 2
    return end


def _is_alleged_offence(token: Token) -> bool:
    if token.pos_ != "NOUN" or token.dep_ != "pobj" or token.head.lower_ not in ("with", "for", "of", "over"):
        return False
    return _lemma(token.head.head) in OFFENCE_GOVERNORS


def _date(
    token: Token, sentence: Span, reference: date | None, future: bool, *, text: str, dates: list[Span]
) -> ResolvedDate | None:
    """The date the sentence gives the event: a date phrase attached to the trigger first, then the
    others nearest to it. `text` is the document's text and `dates` the sentence's DATE entities (both
    taken once per document and sentence: spaCy rebuilds `Doc.text` and filters `Doc.ents` per call)."""
    if not dates:
        return None
    own = [c for c in token.children if c.dep_ not in _OTHER_CLAUSES]
    attached = {t.i for c in own for t in c.subtree} | {t.i for t in token.head.children}
    elsewhere = {t.i for c in token.children if c.dep_ in _OTHER_CLAUSES for t in c.subtree}
    dates = [e for e in dates if e.start not in elsewhere]
    dates.sort(key=lambda e: (e.start not in attached, min(abs(e.start - token.i), abs(e.end - 1 - token.i))))
    for ent in dates:
        phrase = text[ent.start_char : _date_end(ent, sentence)]
        resolved = resolve_date(phrase, reference, future=future)
        if resolved is not None:
            return resolved
    return None


def _status(token: Token) -> str:
    """happened, planned, hypothetical or negated, from the trigger, the verb governing it, and the verbs
    that control that ("plans to visit", "denied attacking", "threatened to strike")."""
    chain = [token]
    if token.pos_ != "VERB":
        chain.append(_governor(token))
    head = chain[-1]
    for _ in range(2):
        if head.dep_ in ("xcomp", "ccomp", "conj", "advcl", "pcomp", "dobj") and head.head is not head:
            head = head.head
            chain.append(head)
    lemmas = [_lemma(t) for t in chain[1:]]
    if any(c.dep_ == "neg" for c in chain[0].children) or any(lemma in _DENYING_LEMMAS for lemma in lemmas):
        return "negated"
    if token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return "negated"
    near = chain[:2]
    if any(c.dep_ == "neg" for t in near[1:] for c in t.children):
        return "negated"
    modifiers = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")}
    auxiliaries = {c.lower_ for t in near for c in t.children if c.dep_ in ("aux", "auxpass")}
    conditional = any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for t in chain for c in t.children
    )
    if conditional or auxiliaries & _HYPOTHETICAL_AUXILIARIES or modifiers & _HYPOTHETICAL_MODIFIERS:
        return "hypothetical"
    if any(lemma in _HYPOTHETICAL_LEMMAS for lemma in lemmas):
        return "hypothetical"
    going_to = any(t.lower_ == "going" and t.dep_ == "aux" for n in near for t in n.children)
    # A headline's "Xi to visit Moscow": an infinitive heading its own sentence is the future.
    headline_future = token.dep_ == "ROOT" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    )
    going_to = going_to or headline_future or any(t.lower_ == "going" for t in chain[1:])
    planning = any(lemma in _PLANNING_LEMMAS for lemma in lemmas)
    if auxiliaries & _FUTURE_AUXILIARIES or going_to or planning or modifiers & _PLANNED_MODIFIERS:
        return "planned"
    return "happened"


def _confidence(
    event_type: str, key: str, token: Token, participants: list[Participant], dated: bool, placed: bool
) -> float:
    """A heuristic ranking, not a calibrated probability: verbs and light-verb nouns are surer triggers
    than bare nouns, a named argument and a stated date add evidence, a word the parse had to
    disambiguate takes some away, and an untyped `occurrence` is the least sure of all."""
    score = 0.5
    score += 0.15 if token.pos_ == "VERB" or token.head.lemma_ in LIGHT_VERBS else 0.0
    score += 0.1 if any(p.named for p in participants) else 0.0
    score += 0.1 if dated else 0.0
    score += 0.05 if placed else 0.0
    score -= 0.15 if key.split()[-1] in AMBIGUOUS_LEMMAS else 0.0
    score -= 0.25 if event_type == OCCURRENCE else 0.0
    return round(min(max(score, 0.05), 0.95), 2)


# ---------------------------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------------------------


def _mention_index(mentions: list[Mention]) -> dict[int, Mention]:
    """Token index -> the mention covering it (names and resolved references)."""
    at: dict[int, Mention] = {}
    for m in mentions:
        for i in range(m.token_start, max(m.token_end, m.token_start + 1)):
            at.setdefault(i, m)
    return at


def _is_role_of_person(mention: Mention, mentions: list[Mention]) -> bool:
    """ "Russian Security Council" in "... of the Russian Security Council Dmitry Medvedev" says who the
    person is; it takes no part in the event."""
    return (
        mention.label in ("ORG", "NORP")
        and mention.kind == "name"
        and any(
            m.label == "PERSON" and m.kind == "name" and m.start - mention.end in (0, 1) for m in mentions
        )
    )


def extract_event_mentions(
    doc: Doc, mentions: list[Mention], *, reference_date: date | None, dateline: str | None
) -> list[EventMention]:
    """Every event mention of the document, in text order."""
    mention_at = _mention_index([m for m in mentions if not _is_role_of_person(m, mentions)])
    datelined = dateline_date(doc, dateline, reference_date)
    found: list[EventMention] = []
    text = doc.text
    for sentence in doc.sents:
        scope = {"text": text, "dates": [e for e in sentence.ents if e.label_ == "DATE"]}
        in_sentence: list[tuple[Token, str, str]] = []
        for token in sentence:
            if _in_name(token):
                continue
            candidate = _candidates(token)
            if candidate is None:
                continue
            key, types = candidate
            chosen = _choose(token, key, types, mention_at)
            if chosen is not None:
                in_sentence.append((token, key, chosen))
        verbs = {(t.i, kind) for t, _, kind in in_sentence if t.pos_ == "VERB"}
        typed = {t.i for t, _, _ in in_sentence}
        for token, key, kind in in_sentence:
            if token.pos_ == "NOUN" and (
                (token.head.i, kind) in verbs or (_governor(token).i, kind) in verbs
            ):
                continue  # "signed an agreement": one mention, through the verb
            mention = _mention(
                token,
                key,
                TYPES_BY_NAME[kind],
                sentence,
                mention_at,
                reference_date,
                dateline,
                datelined,
                **scope,
            )
            if mention is not None:
                found.append(mention)
        occurrence = TYPES_BY_NAME[OCCURRENCE]
        for token in sentence:
            if token.i not in typed and _is_occurrence(token, typed):
                mention = _mention(
                    token,
                    _lemma(token),
                    occurrence,
                    sentence,
                    mention_at,
                    reference_date,
                    dateline,
                    datelined,
                    **scope,
                )
                if mention is not None:
                    found.append(mention)
    found.sort(key=lambda m: m.trigger_start)
    return found


def _is_occurrence(token: Token, typed: set[int]) -> bool:
    """An untyped predicate that reports a happening: a main verb (not "be", "have", "do" or a verb of
    speech, which `quotes` covers), or a taxonomy noun the parse read in no typed sense ("the seventh
    round" is no contest's). A light verb carrying a typed noun ("held talks") is that noun's mention."""
    if _in_name(token):
        return False
    if token.pos_ == "VERB":
        lemma = _lemma(token)
        if lemma in OCCURRENCE_SKIPPED_VERBS or not lemma.isalpha():
            return False
        return not (lemma in LIGHT_VERBS and any(c.i in typed for c in token.children))
    return token.pos_ == "NOUN" and _candidates(token) is not None


def _mention(
    token: Token,
    key: str,
    event_type: EventType,
    sentence: Span,
    mention_at: dict[int, Mention],
    reference_date: date | None,
    dateline: str | None,
    dateline_date: ResolvedDate | None,
    *,
    text: str,
    dates: list[Span],
) -> EventMention | None:
    """The mention `token` reports (None: too vague to keep); `text` is the document's text, `dates` the
    sentence's DATE entities."""
    participants = _arguments(token, event_type, mention_at)
    if event_type.family == "contact" and len([p for p in participants if p.named]) < 2:
        # "Xi and Putin held a meeting": a meeting's people are often the sentence's, not the noun's.
        for m in {
            m.name: m for m in mention_at.values() if sentence.start <= m.token_start < sentence.end
        }.values():
            if m.label == "PERSON" and all(p.name != m.name for p in participants):
                participants.append(Participant(name=m.name, role="target", named=True))
    if event_type.needs_participant and not participants:
        return None
    if _is_alleged_offence(token):
        # "charged with theft", "arrested for murder": the offence happened, on a day the sentence's
        # dates (the charge's, the arrest's) do not give.
        status, resolved = "happened", None
    else:
        status = _status(token)
        resolved = _date(token, sentence, reference_date, future=status == "planned", text=text, dates=dates)
    if (
        resolved is not None
        and reference_date is not None
        and resolved.start > reference_date
        and status == "happened"
    ):
        status = "planned"
    taken = {p.name for p in participants if p.role == "actor"}
    dateline_place = (dateline.title() if dateline.isupper() else dateline) if dateline else None
    place = _place(token, event_type, mention_at, taken)
    if place is None:
        place = _sentence_place(token, mention_at, taken)
        # A dateline inside the country the sentence names is the more precise of the two.
        if place is not None and dateline_place and _within(dateline_place, place):
            place = None
    from_dateline = place is None and dateline_place is not None
    if from_dateline:
        place = dateline_place
    at_dateline = from_dateline or (place is not None and place.lower() == (dateline_place or "").lower())
    if at_dateline and resolved is None and status == "happened" and dateline_date is not None:
        # "BEIJING, November 1 (TASS) - ... said during a meeting with ...": a wire report's dateline
        # dates what it reports as having happened there.
        resolved = dateline_date
    span = [token] + ([c for c in token.children if c.dep_ == "prt"] if token.pos_ == "VERB" else [])
    start = min(t.idx for t in span)
    end = max(t.idx + len(t.text) for t in span)
    return EventMention(
        event_type=event_type.name,
        trigger=text[start:end],
        trigger_lemma=key,
        trigger_start=start,
        trigger_end=end,
        status=status,
        confidence=_confidence(
            event_type.name,
            key,
            token,
            participants,
            resolved is not None,
            not from_dateline and place is not None,
        ),
        participants=participants,
        start_date=resolved.start if resolved else None,
        end_date=resolved.end if resolved else None,
        date_precision=resolved.precision if resolved else None,
        date_explicit=resolved.explicit if resolved else False,
        place=place,
        place_from_dateline=from_dateline,
        start=sentence.start_char,
        end=sentence.end_char,
        text=sentence.text,
    )
