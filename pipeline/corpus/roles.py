"""Roles: what the text says each person is ("Russian Prime Minister" in 2017, "deputy chairman of
Russia's Security Council" in 2022), with the earliest-published document saying it."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import ClassVar

from pipeline.lake.records import Record
from pipeline.nlp.mentions import HONORIFICS, DocMention, Mention


@dataclass(frozen=True, kw_only=True)
class EntityRole(Record):
    """What the text says a person is ("Russian Prime Minister"), where and when that was first seen (a
    row of `entity_roles`)."""

    TABLE: ClassVar[str] = "entity_roles"

    entity_id: str
    role: str
    # The earliest-published document giving the role, and its publication time.
    doc_id: str
    first_seen: datetime | None = None
    doc_count: int


def collect_roles(
    documents: Iterable[tuple[str, Sequence[Mention | DocMention]]],
    link: dict[tuple[str, str], str],
    persons: set[str],
    *,
    published: Mapping[str, datetime | None] | None = None,
) -> list[EntityRole]:
    """Every role and description the documents give each person, with the first document saying it.

    `documents` come in publication order, so the first document holding a role is where it was first seen;
    `published` gives each document's publication time (`first_seen`)."""
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
                first.setdefault(
                    key,
                    EntityRole(
                        entity_id=entity_id,
                        role=role,
                        doc_id=doc_id,
                        first_seen=(published or {}).get(doc_id),
                        doc_count=0,
                    ),
                )
                docs[key].add(doc_id)
    return [replace(role, doc_count=len(docs[key])) for key, role in first.items()]
