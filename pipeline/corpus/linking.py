"""Entity linking: in-document names (already resolved within their document by `pipeline.nlp.mentions`)
merged across the corpus into entities with stable ids.

A document that only ever says "Putin" joins the one full person name the corpus knows with that token;
names are keyed case-folded ("BEIJING" in a dateline joins "Beijing"); a demonym points at its country."""

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import ClassVar

from pipeline.lake.records import Record
from pipeline.nlp.mentions import DocMention, Mention, abbreviates, vote_label

# Demonyms whose country does not start with them; the rest link by their stem ("Chinese" → "China").
IRREGULAR_DEMONYMS = {
    "american": "United States", "british": "United Kingdom", "briton": "United Kingdom",
    "english": "England", "french": "France", "dutch": "Netherlands", "swiss": "Switzerland",
    "welsh": "Wales", "irish": "Ireland", "scottish": "Scotland", "danish": "Denmark", "thai": "Thailand",
    "filipino": "Philippines", "greek": "Greece", "turkish": "Turkey", "spanish": "Spain", "polish": "Poland",
    "swedish": "Sweden", "finnish": "Finland", "saudi": "Saudi Arabia", "emirati": "United Arab Emirates",
    "soviet": "Soviet Union", "kiwi": "New Zealand", "czech": "Czech Republic",
}  # fmt: skip
DEMONYM_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "is", "i", "ish", "n", "s")
# A demonym's stem must be this long and leave at most this many letters of the country's name over.
MIN_DEMONYM_STEM = 4
MAX_COUNTRY_REMAINDER = 2


@dataclass(frozen=True, kw_only=True)
class Entity(Record):
    """One entity of the corpus (a row of `entities`): canonical name, voted type, aliases and counts."""

    TABLE: ClassVar[str] = "entities"

    entity_id: str
    name: str
    type: str
    aliases: list[str]
    mention_count: int
    doc_count: int
    country_entity_id: str | None = None  # for a demonym (NORP "Chinese"): its country's entity ("China")


@dataclass(frozen=True, kw_only=True)
class EntityMention(Record):
    """A mention linked to its entity (a row of `entity_mentions`), with offsets into documents.body."""

    TABLE: ClassVar[str] = "entity_mentions"

    doc_id: str
    entity_id: str
    text: str
    start_char: int
    end_char: int
    label: str
    kind: str


@dataclass
class CorpusEntities:
    """The corpus-wide entity table and, per (doc_id, in-document name), the entity it links to."""

    entities: list[Entity]
    link: dict[tuple[str, str], str] = field(default_factory=dict)


def entity_id_for(name: str) -> str:
    """Id an entity by its canonical name, so re-runs and new batches keep ids stable."""
    return "ent_" + hashlib.sha256(name.casefold().encode("utf-8")).hexdigest()[:16]


def link_corpus(documents: Iterable[tuple[str, Sequence[Mention | DocMention]]]) -> CorpusEntities:
    """Merge in-document names across documents into entities with stable ids."""
    documents = list(documents)
    type_votes: dict[str, Counter] = defaultdict(Counter)
    for _, mentions in documents:
        for m in mentions:
            if m.kind == "name":
                type_votes[m.name][m.label] += 1
    # A one-word name can only expand to a full name that starts or ends with it: index those words,
    # so linking stays linear in mentions instead of comparing every mention with every person.
    full_people_by_word: dict[str, set[str]] = defaultdict(set)
    for name, votes in type_votes.items():
        words = name.split()
        if len(words) >= 2 and vote_label(votes) == "PERSON":
            full_people_by_word[words[0]].add(name)
            full_people_by_word[words[-1]].add(name)

    @cache
    def corpus_name(name: str) -> str:
        words = name.split()
        if len(words) != 1:
            return name
        expansions = {
            full
            for full in full_people_by_word.get(words[0], ())
            if abbreviates(words, "PERSON", full.split(), "PERSON")
        }
        return expansions.pop() if len(expansions) == 1 else name

    # Entities are keyed by the case-folded name, so "BEIJING" in a dateline joins "Beijing".
    link: dict[tuple[str, str], str] = {}
    spellings: dict[str, Counter] = defaultdict(Counter)
    merged_votes: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    docs_of: dict[str, set[str]] = defaultdict(set)
    for doc_id, mentions in documents:
        for m in mentions:
            canonical = corpus_name(m.name)
            key = canonical.casefold()
            link[(doc_id, m.name)] = entity_id_for(canonical)
            if m.kind != "name":
                continue  # a pronoun or description names nothing new and casts no vote
            spellings[key][canonical] += 1
            merged_votes[key][m.label] += 1
            aliases[key].add(m.text)
            docs_of[key].add(doc_id)
    entities = []
    for key, votes in sorted(merged_votes.items()):
        name = max(spellings[key], key=lambda s: (not s.isupper(), spellings[key][s], s))
        entities.append(
            Entity(
                entity_id=entity_id_for(name),
                name=name,
                type=vote_label(votes),
                aliases=sorted(aliases[key]),
                mention_count=votes.total(),
                doc_count=len(docs_of[key]),
            )
        )
    return CorpusEntities(entities=_link_demonyms(entities), link=link)


def _link_demonyms(entities: list[Entity]) -> list[Entity]:
    """Point each demonym at the one country of the corpus it names ("Russians" → Russia)."""
    countries = {e.name.casefold(): e for e in entities if e.type == "GPE"}
    linked = []
    for e in entities:
        country = _demonym_country(e.name, countries) if e.type == "NORP" else None
        linked.append(replace(e, country_entity_id=country.entity_id) if country else e)
    return linked


def _demonym_country(demonym: str, countries: dict[str, Entity]) -> Entity | None:
    folded = demonym.casefold()
    irregular = IRREGULAR_DEMONYMS.get(folded.removesuffix("s")) or IRREGULAR_DEMONYMS.get(folded)
    if irregular:
        return countries.get(irregular.casefold())
    stems = {folded.removesuffix(suffix) for suffix in DEMONYM_SUFFIXES if folded.endswith(suffix)} | {folded}
    candidates = {
        country.entity_id: country
        for stem in stems
        if len(stem) >= MIN_DEMONYM_STEM
        for name, country in countries.items()
        if name.startswith(stem) and len(name) - len(stem) <= MAX_COUNTRY_REMAINDER and " " not in name
    }
    return candidates.popitem()[1] if len(candidates) == 1 else None


def linked_mentions(mentions: Iterable[DocMention], link: dict[tuple[str, str], str]) -> list[EntityMention]:
    """Every in-document mention with the entity its name links to."""
    return [
        EntityMention(
            doc_id=m.doc_id,
            entity_id=link[(m.doc_id, m.name)],
            text=m.text,
            start_char=m.start_char,
            end_char=m.end_char,
            label=m.label,
            kind=m.kind,
        )
        for m in mentions
    ]
