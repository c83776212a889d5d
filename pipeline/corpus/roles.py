"""Entities: clean spaCy mentions, resolve short forms within a document, then link names across the corpus.

Resolution is rule-based and explainable: a short form ("Medvedev", "Security Council") joins the longer
name in the same document that ends (or, for people, starts) with it, when exactly one such name exists;
a document that only ever says "Putin" joins the one full name the corpus knows with that token."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from pipeline.nlp.mentions import HONORIFICS, Mention


@dataclass(frozen=True)
class EntityRole:
    """What the text says a person is ("Russian Prime Minister"), where that was first seen."""

    entity_id: str
    role: str
    doc_id: str
    doc_count: int


def collect_roles(
    documents: Iterable[tuple[str, list[Mention]]], link: dict[tuple[str, str], str], persons: set[str]
) -> list[EntityRole]:
    """Every role and description the documents give each person, with the first document saying it.

    `documents` come in publication order, so the first document holding a role is where it was first seen."""
    first: dict[tuple[str, str], EntityRole] = {}
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc_id, mentions in documents:
        for m in mentions:
            entity_id = link.get((doc_id, m.name))
            if m.kind != "name" or entity_id not in persons:
                continue
            for role in filter(None, (m.role, m.description)):
                if all(w.casefold() in HONORIFICS for w in role.split()):
                    continue
                key = (entity_id, " ".join(role.casefold().split()))
                first.setdefault(key, EntityRole(entity_id, role, doc_id, 0))
                docs[key].add(doc_id)
    return [replace(role, doc_count=len(docs[key])) for key, role in first.items()]
