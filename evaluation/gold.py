"""Score a built warehouse against a gold file (format: docs/gold_format.md).

The evaluation is a report, not a gate: it lists every gold row as passed or failed, says what the
warehouse had instead, and summarises each section with counts and precision/recall/F1 where they
apply. The rules are generic so that gold files can grow without code changes. Given the raw folder, it
also scores trafilatura on the same files against the same document expectations, beside our numbers.

    python -m evaluation.gold --gold G --warehouse W [--raw DIR] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import yaml

from evaluation.baselines import extract_with_trafilatura
from pipeline.documents.read import decode_text

# ---------------------------------------------------------------------------------------------
# Report model
# ---------------------------------------------------------------------------------------------


@dataclass
class Check:
    """One gold expectation: whether the warehouse met it, and what it held instead."""

    item: str  # the gold row: a file name, an entity name, a quote, an event id
    aspect: str  # what is checked about it: "title", "found", "speaker", ...
    passed: bool
    expected: str
    found: str
    counted: bool = True  # False for misses that scoring ignores (optional quotes)


@dataclass
class Metric:
    """A summary number; hits/total are kept so a reader can see how small a sample is."""

    label: str
    value: float | None  # None when there was nothing to score
    hits: int | None = None
    total: int | None = None


@dataclass
class Section:
    """The checks and summary metrics of one part of the gold file."""

    name: str
    checks: list[Check] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class EvaluationReport:
    """Everything one evaluation found, in gold order; serialisable with dataclasses.asdict."""

    gold: str
    warehouse: str
    sections: list[Section]
    notes: list[str] = field(default_factory=list)


class GoldFormatError(ValueError):
    """The gold file does not follow docs/gold_format.md."""


# ---------------------------------------------------------------------------------------------
# Text comparison
# ---------------------------------------------------------------------------------------------

_QUOTE_MARKS = str.maketrans({c: "'" for c in "‘’‚‛‹›"} | {c: '"' for c in "“”„‟«»"})
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_QUOTE_OVERLAP = 0.5


def normalise(text: str) -> str:
    """Canonical form for every text comparison, so typography and line layout never decide a match."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTE_MARKS)).strip()


def _key(text: str | None) -> str:
    """Case-insensitive comparison key for names and surfaces."""
    return normalise(text).casefold() if text else ""


def _place_key(text: str | None) -> str:
    """Place names compare without a leading article: "the Kremlin" is "Kremlin"."""
    key = _key(text)
    return key[4:] if key.startswith("the ") else key


def _jaccard(a: str, b: str) -> float:
    """Word-token overlap, for quotes that were cut at different points."""
    left, right = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return len(left & right) / len(left | right) if left | right else 0.0


def _similarity(gold: str, predicted: str | None) -> tuple[bool, float]:
    """(one text contains the other, token Jaccard): ranks candidates, containment first."""
    g, p = _key(gold), _key(predicted)
    if not g or not p:
        return False, 0.0
    return (g in p or p in g), _jaccard(g, p)


def _is_match(similarity: tuple[bool, float]) -> bool:
    contained, overlap = similarity
    return contained or overlap >= _QUOTE_OVERLAP


# ---------------------------------------------------------------------------------------------
# Warehouse snapshot
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Doc:
    doc_id: str
    source_path: str
    title: str | None
    published_at: datetime | None
    published_tz: str | None
    published_precision: str | None
    modified_at: datetime | None
    url: str | None
    publisher: str | None
    dateline: str | None
    section: str | None
    language: str | None
    body: str | None
    dup_cluster_id: str | None
    story_id: str | None

    @property
    def file(self) -> str:
        return self.source_path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class _Entity:
    entity_id: str
    name: str
    type: str | None
    aliases: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.name} ({self.type})"


@dataclass(frozen=True)
class _Quote:
    quote_id: str
    doc_id: str
    text: str | None
    kind: str | None
    speaker: str | None
    start_char: int | None


@dataclass(frozen=True)
class _Event:
    event_id: str
    event_type: str | None
    start_date: date | None
    end_date: date | None
    location: str | None
    participants: tuple[str, ...]
    doc_ids: frozenset[str]


@dataclass
class _Warehouse:
    """The public tables, read once, indexed the ways the checks look them up."""

    documents: list[_Doc]
    quarantine: dict[str, str]
    entities: dict[str, _Entity]
    mentions: dict[str, list[str]]  # surface key -> entity ids of its mentions
    named_in: dict[str, set[str]]  # doc_id -> entities mentioned there by name
    quotes: dict[str, list[_Quote]]  # doc_id -> quotes
    events: list[_Event]
    missing_tables: list[str]

    def document(self, file: str) -> _Doc | None:
        """The document raw file `file` became; source paths are absolute, gold names are bare."""
        matches = [d for d in self.documents if d.source_path == file or d.source_path.endswith("/" + file)]
        return min(matches, key=lambda d: (d.source_path, d.doc_id), default=None)

    def absence(self, file: str) -> str:
        """Why a gold file has no document: quarantined, or never ingested."""
        for path, reason in self.quarantine.items():
            if path == file or path.endswith("/" + file):
                return f"quarantined: {reason}"
        return "no document"

    def file_of(self, doc_id: str) -> str:
        return next((d.file for d in self.documents if d.doc_id == doc_id), doc_id)


_TABLE_COLUMNS = {
    "documents": [f.name for f in fields(_Doc)],
    "quarantine": ["source_path", "reason"],
    "entities": ["entity_id", "name", "type", "aliases"],
    "entity_mentions": ["entity_id", "text", "doc_id", "kind"],
    "quotes": [f.name for f in fields(_Quote)],
    "events": ["event_id", "event_type", "start_date", "end_date", "location"],
    "event_participants": ["event_id", "entity_id"],
    "event_mentions": ["event_id", "doc_id"],
}


def _load_warehouse(path: Path) -> _Warehouse:
    """Read the public tables; a missing table reads as empty so partial builds can be scored."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        present = {row[0] for row in con.execute(tables).fetchall()}
        rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for table, columns in _TABLE_COLUMNS.items():
            if table in present:
                rows[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
    entities = {r[0]: _Entity(r[0], r[1], r[2], tuple(r[3] or ())) for r in rows["entities"]}
    mentions: dict[str, list[str]] = defaultdict(list)
    named_in: dict[str, set[str]] = defaultdict(set)
    for entity_id, text, doc_id, kind in rows["entity_mentions"]:
        if kind in ("name", None):
            mentions[_key(text)].append(entity_id)
            named_in[doc_id].add(entity_id)
    quotes: dict[str, list[_Quote]] = defaultdict(list)
    for row in rows["quotes"]:
        quote = _Quote(*row)
        quotes[quote.doc_id].append(quote)
    participants: dict[str, list[str]] = defaultdict(list)
    for event_id, entity_id in rows["event_participants"]:
        if entity_id in entities:
            participants[event_id].append(entities[entity_id].name)
    event_docs: dict[str, set[str]] = defaultdict(set)
    for event_id, doc_id in rows["event_mentions"]:
        event_docs[event_id].add(doc_id)
    events = [
        _Event(*row, tuple(participants[row[0]]), frozenset(event_docs[row[0]])) for row in rows["events"]
    ]
    return _Warehouse(
        documents=[_Doc(*row) for row in rows["documents"]],
        quarantine=dict(rows["quarantine"]),
        entities=entities,
        mentions=mentions,
        named_in=named_in,
        quotes=quotes,
        events=events,
        missing_tables=[t for t in _TABLE_COLUMNS if t not in present],
    )


# ---------------------------------------------------------------------------------------------
# Gold file helpers
# ---------------------------------------------------------------------------------------------


def _rows(gold: dict[str, Any], key: str, kind: type, where: str | None = None) -> list[Any]:
    """A gold list whose entries must all be `kind`; absent means empty."""
    container = gold.get(key) or []
    if not isinstance(container, list) or not all(isinstance(r, kind) for r in container):
        raise GoldFormatError(f"{where or key}: expected a list of {kind.__name__}")
    return container


def _require(row: dict[str, Any], keys: Iterable[str], where: str) -> None:
    missing = [k for k in keys if k not in row]
    if missing:
        raise GoldFormatError(f"{where}: missing {', '.join(missing)} in {row}")


def _pairs(gold: dict[str, Any], key: str, where: str) -> list[list[Any]]:
    pairs = _rows(gold, key, list, where)
    if any(len(p) != 2 for p in pairs):
        raise GoldFormatError(f"{where}: every entry must be a pair")
    return pairs


def _unknown_keys(row: dict[str, Any], known: set[str], where: str) -> list[str]:
    """Notes for keys the evaluator ignores, so a typo in the gold file does not go unscored silently."""
    return [f"{where}: unknown key {k!r} ignored" for k in row if k not in known]


def _as_date(value: Any) -> date:
    """YAML turns unquoted dates into date objects; quoted ones stay strings."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as bad:
        raise GoldFormatError(f"not an ISO date: {value!r}") from bad


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _shown(value: object) -> str:
    """How a warehouse value reads in the report: SQL NULL as null."""
    return "null" if value is None else str(value)


def _clip(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ratio(label: str, hits: int, total: int) -> Metric:
    return Metric(label, hits / total if total else None, hits, total)


def _accuracy(checks: list[Check], aspect: str, label: str | None = None) -> Metric:
    """Share of the counted checks of one aspect that passed."""
    scored = [c for c in checks if c.aspect == aspect and c.counted]
    return _ratio(label or aspect, sum(c.passed for c in scored), len(scored))


def _f1(label: str, precision: Metric, recall: Metric) -> Metric:
    p, r = precision.value, recall.value
    if p is None or r is None:
        return Metric(label, None)
    return Metric(label, 2 * p * r / (p + r) if p + r else 0.0)


# ---------------------------------------------------------------------------------------------
# documents
# ---------------------------------------------------------------------------------------------

_TEXT_FIELDS = ("title", "url", "publisher", "language", "dateline", "section")
# Language codes are case-insensitive by standard (BCP 47); publishers vary in capitalisation.
_CASE_INSENSITIVE = {"publisher", "language"}
_DOC_KEYS = {
    "file", "published", "modified", "must_remove", "must_keep", "near_duplicate_of", "same_story_as",
    "inferable_published", "notes", *_TEXT_FIELDS,
}  # fmt: skip

_Evaluator = Callable[[_Doc], tuple[bool, str]]


@dataclass(frozen=True)
class _GoldInstant:
    """A gold date or timestamp and the precision it was written at."""

    wall_clock: datetime  # naive local time
    has_time: bool
    offset: timedelta | None


def _parse_instant(value: Any) -> _GoldInstant:
    text = value.isoformat() if isinstance(value, date) else str(value)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as bad:
        raise GoldFormatError(f"not an ISO date or timestamp: {text!r}") from bad
    return _GoldInstant(parsed.replace(tzinfo=None), len(text) > 10, parsed.utcoffset())


_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


def _zone(name: str | None) -> tzinfo:
    """The document's zone: a fixed offset like '+03:00' or an IANA name; UTC when absent or unknown."""
    if not name:
        return UTC
    if offset := _OFFSET.match(name.strip()):
        sign, hours, minutes = offset.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes))
        return timezone(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _instant_evaluator(gold_value: Any, attribute: str) -> tuple[str, _Evaluator]:
    """Compare an instant at the precision the gold gives, as wall-clock time in the document's zone."""
    gold = None if gold_value is None else _parse_instant(gold_value)

    def evaluate(doc: _Doc) -> tuple[bool, str]:
        instant: datetime | None = getattr(doc, attribute)
        if instant is None or gold is None:
            return instant is None and gold is None, "null" if instant is None else instant.isoformat()
        local = instant.astimezone(_zone(doc.published_tz))
        day_only = attribute == "published_at" and doc.published_precision == "day"
        shown = local.strftime("%Y-%m-%d" if day_only else "%Y-%m-%dT%H:%M")
        shown += f" ({doc.published_tz})" if doc.published_tz else " (UTC, no published_tz)"
        shown += " at day precision" if day_only else ""
        if not gold.has_time:
            return local.date() == gold.wall_clock.date(), shown
        same_minute = local.replace(tzinfo=None, second=0, microsecond=0) == gold.wall_clock.replace(
            second=0, microsecond=0
        )
        same_offset = gold.offset is None or (
            doc.published_tz is not None and local.utcoffset() == gold.offset
        )
        return same_minute and same_offset and not day_only, shown

    return _shown(gold_value), evaluate


def _text_evaluator(attribute: str, gold_value: str | None, folded: bool) -> _Evaluator:
    def evaluate(doc: _Doc) -> tuple[bool, str]:
        value: str | None = getattr(doc, attribute)
        if value is None or gold_value is None:
            return value is None and gold_value is None, "null" if value is None else value
        same = _key(value) == _key(gold_value) if folded else normalise(value) == normalise(gold_value)
        return same, value

    return evaluate


def _substring_evaluator(needle: str, wanted: bool) -> _Evaluator:
    """must_keep (wanted) and must_remove (not wanted): case-sensitive, on normalised text."""

    def evaluate(doc: _Doc) -> tuple[bool, str]:
        body, text = normalise(doc.body or ""), normalise(needle)
        at = body.find(text)
        if at < 0:
            return not wanted, "absent from body"
        if wanted:
            return True, "present in body"
        return False, f"present in body: …{body[max(at - 30, 0) : at + len(text) + 30]}…"

    return evaluate


def _pair_evaluator(other_file: str, attribute: str, wh: _Warehouse) -> _Evaluator:
    """near_duplicate_of / same_story_as: both documents carry the same non-null cluster id."""

    def evaluate(doc: _Doc) -> tuple[bool, str]:
        other = wh.document(other_file)
        if other is None:
            return False, f"{other_file}: {wh.absence(other_file)}"
        mine, theirs = getattr(doc, attribute), getattr(other, attribute)
        return mine is not None and mine == theirs, f"{attribute} {_shown(mine)} vs {_shown(theirs)}"

    return evaluate


def _document_expectations(row: dict[str, Any], wh: _Warehouse) -> list[tuple[str, str, _Evaluator]]:
    """(aspect, expected, evaluator) for every scored key of one gold document, in gold order."""
    expectations: list[tuple[str, str, _Evaluator]] = []
    for key, value in row.items():
        if key in _TEXT_FIELDS:
            expectations.append((key, _shown(value), _text_evaluator(key, value, key in _CASE_INSENSITIVE)))
        elif key in ("published", "modified"):
            expectations.append((key, *_instant_evaluator(value, f"{key}_at")))
        elif key in ("must_remove", "must_keep"):
            for needle in _listed(value):
                expectations.append((key, str(needle), _substring_evaluator(str(needle), key == "must_keep")))
        elif key in ("near_duplicate_of", "same_story_as"):
            attribute = "dup_cluster_id" if key == "near_duplicate_of" else "story_id"
            expectations.append(
                (key, f"same {attribute} as {value}", _pair_evaluator(str(value), attribute, wh))
            )
    return expectations


def _expectation_checks(
    file: str, expectations: list[tuple[str, str, _Evaluator]], doc: _Doc | None, absence: str
) -> list[Check]:
    """One check per expectation; without a document each fails, saying why (`absence`)."""
    checks = []
    for aspect, expected, evaluate in expectations:
        passed, found = evaluate(doc) if doc else (False, absence)
        checks.append(Check(file, aspect, passed, expected, found))
    return checks


def _documents_section(gold: dict[str, Any], wh: _Warehouse) -> Section:
    section = Section("documents")
    for i, row in enumerate(_rows(gold, "documents", dict)):
        where = f"documents[{i}]"
        _require(row, ["file"], where)
        section.notes += _unknown_keys(row, _DOC_KEYS, where)
        file = str(row["file"])
        doc = wh.document(file)
        section.checks.append(
            Check(file, "present", doc is not None, "a document", doc.doc_id if doc else wh.absence(file))
        )
        section.checks += _expectation_checks(file, _document_expectations(row, wh), doc, wh.absence(file))
    section.metrics = [_accuracy(section.checks, a) for a in dict.fromkeys(c.aspect for c in section.checks)]
    return section


# ---------------------------------------------------------------------------------------------
# trafilatura on the same text
# ---------------------------------------------------------------------------------------------

TRAFILATURA_SECTION = "trafilatura on the same text"
_TRAFILATURA_KEYS = ("title", "published", "url", "publisher", "must_remove", "must_keep")


def _trafilatura_expectations(row: dict[str, Any]) -> dict[str, Any]:
    """The gold keys trafilatura has an answer for; published by day, the only precision it gives."""
    comparable = {k: v for k, v in row.items() if k in _TRAFILATURA_KEYS}
    if comparable.get("published") is not None:
        comparable["published"] = _parse_instant(comparable["published"]).wall_clock.date()
    return comparable


def _trafilatura_document(path: Path) -> tuple[_Doc | None, str]:
    """trafilatura's reading of one raw file as a document (sitename as publisher), or why there is none."""
    if not path.is_file():
        return None, f"no raw file {path}"
    try:
        scrape, _ = decode_text(path.read_bytes())
    except ValueError as unreadable:
        return None, f"unreadable raw file: {unreadable}"
    extracted = extract_with_trafilatura(scrape)
    if extracted is None:
        return None, "trafilatura extracted nothing"
    published = datetime.fromisoformat(extracted.date).replace(tzinfo=UTC) if extracted.date else None
    doc = _Doc(
        doc_id="trafilatura",
        source_path=str(path),
        title=extracted.title,
        published_at=published,
        published_tz=None,
        published_precision="day",
        modified_at=None,
        url=extracted.url,
        publisher=extracted.sitename,
        dateline=None,
        section=None,
        language=None,
        body=extracted.text,
        dup_cluster_id=None,
        story_id=None,
    )
    return doc, ""


def _trafilatura_section(gold: dict[str, Any], wh: _Warehouse, raw: Path) -> Section:
    """trafilatura's checks per gold document; each metric twice, ours on the very same expectations first."""
    section = Section(
        TRAFILATURA_SECTION,
        notes=[
            "trafilatura.bare_extraction on each raw file wrapped as HTML (a <p> per line, markdown headings "
            "as <hN>); sitename is compared as publisher; published is compared by day, for ours too"
        ],
    )
    ours: list[Check] = []
    for i, row in enumerate(_rows(gold, "documents", dict)):
        _require(row, ["file"], f"documents[{i}]")
        file = str(row["file"])
        expectations = _document_expectations(_trafilatura_expectations(row), wh)
        ours += _expectation_checks(file, expectations, wh.document(file), wh.absence(file))
        extracted, absence = _trafilatura_document(raw / file)
        section.checks += _expectation_checks(file, expectations, extracted, absence)
    for aspect in dict.fromkeys(c.aspect for c in section.checks):
        section.metrics += [
            _accuracy(ours, aspect, f"{aspect} ours"),
            _accuracy(section.checks, aspect, f"{aspect} trafilatura"),
        ]
    return section


# ---------------------------------------------------------------------------------------------
# duplicates
# ---------------------------------------------------------------------------------------------


def _cluster_check(files: list[str], attribute: str, aspect: str, wh: _Warehouse) -> Check:
    """All files of a gold cluster share one non-null cluster id."""
    docs = {f: wh.document(f) for f in files}
    values = [getattr(d, attribute) if d else None for d in docs.values()]
    passed = all(docs.values()) and None not in values and len(set(values)) == 1
    found = ", ".join(
        f"{f}: {_shown(getattr(d, attribute)) if d else wh.absence(f)}" for f, d in docs.items()
    )
    return Check(" + ".join(files), aspect, passed, f"one shared {attribute}", found)


def _apart_check(files: list[str], wh: _Warehouse) -> Check:
    """Two gold files are not near-duplicates: different (or no) dup_cluster_id."""
    docs = [wh.document(f) for f in files]
    values = [d.dup_cluster_id if d else None for d in docs]
    passed = all(docs) and (None in values or values[0] != values[1])
    found = ", ".join(
        f"{f}: {_shown(d.dup_cluster_id) if d else wh.absence(f)}" for f, d in zip(files, docs, strict=True)
    )
    return Check(" / ".join(files), "not_duplicates", passed, "different dup_cluster_id", found)


def _duplicates_section(gold: dict[str, Any], wh: _Warehouse) -> Section:
    section = Section("duplicates")
    duplicates = gold.get("duplicates") or {}
    if not isinstance(duplicates, dict):
        raise GoldFormatError("duplicates: expected a mapping")
    known = {"near_duplicate_clusters", "same_story_clusters", "not_duplicates"}
    section.notes += _unknown_keys(duplicates, known, "duplicates")
    for cluster in _rows(duplicates, "near_duplicate_clusters", list, "duplicates.near_duplicate_clusters"):
        section.checks.append(
            _cluster_check([str(f) for f in cluster], "dup_cluster_id", "near_duplicate_clusters", wh)
        )
    for pair in _pairs(duplicates, "not_duplicates", "duplicates.not_duplicates"):
        section.checks.append(_apart_check([str(f) for f in pair], wh))
    for cluster in _rows(duplicates, "same_story_clusters", list, "duplicates.same_story_clusters"):
        section.checks.append(
            _cluster_check([str(f) for f in cluster], "story_id", "same_story_clusters", wh)
        )
    section.metrics = [
        _accuracy(section.checks, "near_duplicate_clusters"),
        _accuracy(section.checks, "not_duplicates"),
        _accuracy(
            section.checks, "same_story_clusters", "same_story_clusters (later feature, reported only)"
        ),
    ]
    return section


# ---------------------------------------------------------------------------------------------
# entities
# ---------------------------------------------------------------------------------------------


def _resolved(surface: str, wh: _Warehouse) -> Counter[str]:
    """How often mentions with this surface text resolve to each entity (by name and type)."""
    return Counter(
        wh.entities[e].describe() if e in wh.entities else f"unknown entity {e}"
        for e in wh.mentions.get(_key(surface), [])
    )


def _alias_check(name: str, alias: str, entity: _Entity | None, wh: _Warehouse) -> Check:
    """An alias resolves if the entity lists it, or if every mention with that text points at the entity."""
    resolved = _resolved(alias, wh)
    shown = ", ".join(f"{target} ×{n}" for target, n in resolved.most_common()) or "no mentions"
    if entity is None:
        return Check(name, "alias", False, alias, f"entity not found; mentions → {shown}")
    listed = _key(alias) in {_key(a) for a in entity.aliases}
    mention_ids = wh.mentions.get(_key(alias), [])
    all_point_here = bool(mention_ids) and all(e == entity.entity_id for e in mention_ids)
    found = f"aliases {list(entity.aliases)}; mentions → {shown}"
    return Check(name, "alias", listed or all_point_here, alias, found)


def _entities_section(gold: dict[str, Any], wh: _Warehouse) -> Section:
    section = Section("entities")
    by_name: dict[str, list[_Entity]] = defaultdict(list)
    for entity in wh.entities.values():
        by_name[_key(entity.name)].append(entity)
    for i, row in enumerate(_rows(gold, "entities", dict)):
        where = f"entities[{i}]"
        _require(row, ["name"], where)
        section.notes += _unknown_keys(row, {"name", "type", "aliases"}, where)
        name, gold_type = str(row["name"]), row.get("type")
        candidates = sorted(by_name.get(_key(name), []), key=lambda e: e.type != gold_type)
        entity = candidates[0] if candidates else None
        if entity:
            found = ", ".join(e.describe() for e in candidates)
        else:
            similar = [
                e.describe()
                for k, es in by_name.items()
                for e in es
                if k and (k in _key(name) or _key(name) in k)
            ]
            found = f"none; similar: {', '.join(similar[:5])}" if similar else "none"
        section.checks.append(Check(name, "found", entity is not None, f"{name} ({gold_type})", found))
        if entity and gold_type:
            section.checks.append(
                Check(name, "type", entity.type == gold_type, str(gold_type), _shown(entity.type))
            )
        for alias in _listed(row.get("aliases") or []):
            section.checks.append(_alias_check(name, str(alias), entity, wh))
    for surface in map(str, _rows(gold, "not_entities", object)):
        named = [e.describe() for e in by_name.get(_key(surface), [])]
        section.checks.append(
            Check(surface, "not_entities", not named, "no entity of that name", ", ".join(named) or "none")
        )
    for surface, bad_type in _pairs(gold, "wrong_types", "wrong_types"):
        ids = wh.mentions.get(_key(str(surface)), [])
        wrong = any(e in wh.entities and wh.entities[e].type == bad_type for e in ids)
        found = (
            ", ".join(f"{t} ×{n}" for t, n in _resolved(str(surface), wh).most_common()) or "not mentioned"
        )
        section.checks.append(Check(str(surface), "wrong_types", not wrong, f"not {bad_type}", found))
    section.checks += _person_checks(gold, wh)
    person_precision = _accuracy(section.checks, "person_precision", "persons per document: precision")
    person_recall = _accuracy(section.checks, "person_recall", "persons per document: recall")
    section.metrics = [
        _accuracy(section.checks, "found", "recall"),
        _accuracy(section.checks, "type", "type accuracy (of matched)"),
        _accuracy(section.checks, "alias", "alias resolution"),
        _accuracy(section.checks, "not_entities"),
        _accuracy(section.checks, "wrong_types"),
        person_precision,
        person_recall,
        _f1("persons per document: F1", person_precision, person_recall),
    ]
    return section


def _person_checks(gold: dict[str, Any], wh: _Warehouse) -> list[Check]:
    """Per document, the PERSON entities named in its body against the gold people whose name or alias
    the body holds. The gold lists every person of its documents, so an extra person is a false one."""
    people = [row for row in _rows(gold, "entities", dict) if row.get("type") == "PERSON"]
    checks = []
    for doc in wh.documents:
        body = doc.body or ""
        expected = {
            str(row["name"])
            for row in people
            if any(
                re.search(rf"\b{re.escape(str(s))}\b", body)
                for s in [row["name"], *_listed(row.get("aliases") or [])]
            )
        }
        predicted = {
            wh.entities[e].name
            for e in wh.named_in.get(doc.doc_id, ())
            if e in wh.entities and wh.entities[e].type == "PERSON"
        }
        for name in sorted(predicted):
            checks.append(
                Check(f"{doc.file}: {name}", "person_precision", name in expected, "a gold person", name)
            )
        for name in sorted(expected):
            checks.append(
                Check(
                    f"{doc.file}: {name}",
                    "person_recall",
                    name in predicted,
                    name,
                    "found" if name in predicted else "missing",
                )
            )
    return checks


# ---------------------------------------------------------------------------------------------
# quotes
# ---------------------------------------------------------------------------------------------

_QUOTE_KEYS = {"file", "text", "speaker", "alt", "kind", "optional"}


def _best_quote(text: str, candidates: list[_Quote]) -> tuple[_Quote | None, _Quote | None]:
    """(the best matching quote or None, the closest quote at all) for one gold quote text."""
    ranked = sorted(candidates, key=lambda q: (_similarity(text, q.text), -(q.start_char or 0)), reverse=True)
    closest = ranked[0] if ranked else None
    return (closest if closest and _is_match(_similarity(text, closest.text)) else None), closest


def _quote_checks(row: dict[str, Any], wh: _Warehouse) -> list[Check]:
    file, text = str(row["file"]), str(row["text"])
    item = f'{file}: "{_clip(text, 80)}"'
    optional = bool(row.get("optional"))
    doc = wh.document(file)
    if doc is None:
        return [Check(item, "found", False, text, wh.absence(file), counted=not optional)]
    match, closest = _best_quote(text, wh.quotes.get(doc.doc_id, []))
    if match is None:
        found = "no quotes in document"
        if closest:
            found = f'closest: "{closest.text}" (overlap {_jaccard(_key(text), _key(closest.text)):.2f})'
        expected = text + (" (optional: not counted)" if optional else "")
        return [Check(item, "found", False, expected, found, counted=not optional)]
    checks = [Check(item, "found", True, text, _shown(match.text))]
    if "kind" in row:
        checks.append(Check(item, "kind", match.kind == row["kind"], str(row["kind"]), _shown(match.kind)))
    if "speaker" in row:
        accepted = [row["speaker"], *_listed(row.get("alt") or [])]
        passed = _key(match.speaker) in {_key(str(s)) for s in accepted if s}
        expected = " or ".join(map(str, accepted))
        checks.append(Check(item, "speaker", passed, expected, f"{_shown(match.speaker)} ({match.quote_id})"))
    return checks


def _quotes_section(gold: dict[str, Any], wh: _Warehouse) -> Section:
    section = Section("quotes")
    gold_quotes = _rows(gold, "quotes", dict)
    for i, row in enumerate(gold_quotes):
        _require(row, ["file", "text"], f"quotes[{i}]")
        section.notes += _unknown_keys(row, _QUOTE_KEYS, f"quotes[{i}]")
        section.checks += _quote_checks(row, wh)
    for i, row in enumerate(_rows(gold, "not_quotes", dict)):
        _require(row, ["file", "text"], f"not_quotes[{i}]")
        file, text = str(row["file"]), str(row["text"])
        doc = wh.document(file)
        offending = [q.text or "" for q in wh.quotes.get(doc.doc_id, [])] if doc else []
        offending = [q for q in offending if _key(text) in _key(q)]
        found = wh.absence(file) if doc is None else ("; ".join(f'"{q}"' for q in offending) or "none")
        section.checks.append(
            Check(
                f"{file}: {text}",
                "not_quotes",
                doc is not None and not offending,
                "no quote containing it",
                found,
            )
        )
    texts_by_doc: dict[str, list[str]] = defaultdict(list)
    for row in gold_quotes:
        if doc := wh.document(str(row["file"])):
            texts_by_doc[doc.doc_id].append(str(row["text"]))
    # A gold file listing no indirect speech says nothing about the indirect quotes found.
    scores_indirect = any(row.get("kind") == "indirect" for row in gold_quotes)
    predicted = [
        (q, doc_id)
        for doc_id in texts_by_doc
        for q in wh.quotes.get(doc_id, [])
        if scores_indirect or q.kind != "indirect"
    ]
    correct = sum(
        any(_is_match(_similarity(t, q.text)) for t in texts_by_doc[doc_id]) for q, doc_id in predicted
    )
    recall = _accuracy(section.checks, "found", "recall (optional quotes count only when found)")
    precision = _ratio(
        f"precision of {'all' if scores_indirect else 'direct/partial'} quotes (lower bound: gold lists only notable quotes)",
        correct,
        len(predicted),
    )
    section.metrics = [
        recall,
        precision,
        _f1("F1 (lower bound)", precision, recall),
        _accuracy(section.checks, "kind", "kind accuracy (of matched)"),
        _accuracy(section.checks, "speaker", "speaker accuracy (of matched)"),
        _accuracy(section.checks, "not_quotes"),
    ]
    return section


# ---------------------------------------------------------------------------------------------
# events
# ---------------------------------------------------------------------------------------------

_EVENT_KEYS = {
    "id", "type", "alt_types", "participants", "location", "alt_locations", "date", "end_date", "docs",
}  # fmt: skip


@dataclass(frozen=True)
class _GoldEvent:
    """One gold event with its files already resolved to document ids."""

    row: dict[str, Any]
    doc_ids: frozenset[str]

    @property
    def types(self) -> set[str]:
        return {_key(str(t)) for t in [self.row["type"], *_listed(self.row.get("alt_types") or [])]}

    @property
    def participants(self) -> set[str]:
        return {_key(str(p)) for p in _listed(self.row.get("participants") or [])}

    @property
    def start(self) -> date | None:
        return _as_date(self.row["date"]) if self.row.get("date") is not None else None

    def criteria(self, event: _Event) -> dict[str, bool]:
        """The conditions that make a predicted event a candidate for this gold event."""
        return {
            "in its docs": bool(event.doc_ids & self.doc_ids),
            "type": _key(event.event_type) in self.types,
            "participants": self.participants <= {_key(p) for p in event.participants},
            "date": self.start is None or event.start_date == self.start,
        }

    def misses(self, event: _Event) -> list[str]:
        return [name for name, ok in self.criteria(event).items() if not ok]

    def fits(self, event: _Event) -> bool:
        return not self.misses(event)

    def location_ok(self, event: _Event) -> bool:
        gold = [self.row["location"], *_listed(self.row.get("alt_locations") or [])]
        if self.row["location"] is None:
            return event.location is None
        return _place_key(event.location) in {_place_key(str(g)) for g in gold}

    def end_ok(self, event: _Event) -> bool:
        gold = self.row["end_date"]
        return event.end_date == (_as_date(gold) if gold is not None else None)


def _describe_event(event: _Event, wh: _Warehouse) -> str:
    docs = ", ".join(sorted(wh.file_of(d) for d in event.doc_ids))
    return (
        f"{event.event_type} {_shown(event.start_date)}–{_shown(event.end_date)} @{_shown(event.location)} "
        f"[{', '.join(sorted(event.participants))}] in {{{docs}}} ({event.event_id})"
    )


def _best_event(gold: _GoldEvent, events: list[_Event]) -> _Event | None:
    """Among candidates, prefer the one that also gets location, end date and documents right."""

    def quality(event: _Event) -> tuple[bool, bool, bool, int, str]:
        return (
            "location" not in gold.row or gold.location_ok(event),
            "end_date" not in gold.row or gold.end_ok(event),
            event.doc_ids == gold.doc_ids,
            -len(event.doc_ids ^ gold.doc_ids),
            event.event_id,
        )

    return max((e for e in events if gold.fits(e)), key=quality, default=None)


def _event_checks(gold: _GoldEvent, best: _Event | None, wh: _Warehouse) -> list[Check]:
    row = gold.row
    item = str(row["id"])
    participants = ", ".join(map(str, _listed(row.get("participants") or [])))
    when = f" on {row['date']}" if row.get("date") else ""
    expected = f"{row['type']}{when} [{participants}]"
    if best is None:
        scored = sorted(wh.events, key=lambda e: sum(gold.criteria(e).values()), reverse=True)
        closest = [e for e in scored[:2] if gold.criteria(e)["in its docs"]]
        found = "; ".join(f"{_describe_event(e, wh)} — misses {', '.join(gold.misses(e))}" for e in closest)
        return [
            Check(item, "found", False, expected, f"closest: {found}" if found else "no event in its docs")
        ]
    checks = [Check(item, "found", True, expected, _describe_event(best, wh))]
    if "location" in row:
        accepted = " or ".join(map(str, [row["location"], *_listed(row.get("alt_locations") or [])]))
        checks.append(Check(item, "location", gold.location_ok(best), accepted, _shown(best.location)))
    if "end_date" in row:
        checks.append(
            Check(item, "end_date", gold.end_ok(best), _shown(row["end_date"]), _shown(best.end_date))
        )
    docs = ", ".join(sorted(wh.file_of(d) for d in best.doc_ids))
    expected_docs = ", ".join(map(str, _listed(row["docs"])))
    checks.append(Check(item, "docs", best.doc_ids == gold.doc_ids, expected_docs, docs))
    return checks


def _events_section(gold: dict[str, Any], wh: _Warehouse) -> Section:
    section = Section("events")
    gold_events: dict[str, _GoldEvent] = {}
    for i, row in enumerate(_rows(gold, "events", dict)):
        where = f"events[{i}]"
        _require(row, ["id", "type", "docs"], where)
        section.notes += _unknown_keys(row, _EVENT_KEYS, where)
        files = [str(f) for f in _listed(row["docs"])]
        docs = [wh.document(f) for f in files]
        section.notes += [
            f"{row['id']}: {f} has {wh.absence(f)}" for f, d in zip(files, docs, strict=True) if d is None
        ]
        gold_events[str(row["id"])] = _GoldEvent(row, frozenset(d.doc_id for d in docs if d))
    matched = {gid: _best_event(g, wh.events) for gid, g in gold_events.items()}
    for gid, g in gold_events.items():
        section.checks += _event_checks(g, matched[gid], wh)
    for first, second in _pairs(gold, "not_same_event", "not_same_event"):
        ids = [matched.get(str(first)), matched.get(str(second))]
        found = " vs ".join(e.event_id if e else "not matched" for e in ids)
        passed = ids[0] is not None and ids[1] is not None and ids[0].event_id != ids[1].event_id
        section.checks.append(
            Check(f"{first} / {second}", "not_same_event", passed, "two different events", found)
        )
    gold_doc_ids = frozenset().union(*(g.doc_ids for g in gold_events.values()))
    predicted = [e for e in wh.events if e.doc_ids & gold_doc_ids]
    correct = sum(any(g.fits(e) for g in gold_events.values()) for e in predicted)
    recall = _accuracy(section.checks, "found", "recall")
    precision = _ratio("precision (lower bound: gold lists only notable events)", correct, len(predicted))
    section.metrics = [
        recall,
        precision,
        _f1("F1 (lower bound)", precision, recall),
        _accuracy(section.checks, "location", "location accuracy (of matched)"),
        _accuracy(section.checks, "end_date", "end_date accuracy (of matched)"),
        _accuracy(section.checks, "docs", "docs accuracy (of matched)"),
        _accuracy(section.checks, "not_same_event"),
    ]
    return section


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------

_GOLD_KEYS = {
    "documents", "duplicates", "entities", "not_entities", "wrong_types", "quotes", "not_quotes", "events",
    "not_same_event",
}  # fmt: skip


def evaluate(warehouse: Path, gold: Path, raw: Path | None = None) -> EvaluationReport:
    """Score `warehouse` (a DuckDB file, opened read-only) against the gold YAML file `gold`; with the
    `raw` folder the warehouse was built from, trafilatura is scored on the same files too."""
    for path in (warehouse, gold):
        if not Path(path).is_file():
            raise FileNotFoundError(path)
    if raw is not None and not Path(raw).is_dir():
        raise FileNotFoundError(raw)
    spec = yaml.safe_load(Path(gold).read_text(encoding="utf-8")) or {}
    if not isinstance(spec, dict):
        raise GoldFormatError(f"{gold}: expected a mapping at the top level")
    wh = _load_warehouse(Path(warehouse))
    notes = [f"table {t} is missing: scored as empty" for t in wh.missing_tables]
    notes += _unknown_keys(spec, _GOLD_KEYS, str(gold))
    sections = [
        _documents_section(spec, wh),
        _duplicates_section(spec, wh),
        _entities_section(spec, wh),
        _quotes_section(spec, wh),
        _events_section(spec, wh),
    ]
    if raw is not None:
        sections.append(_trafilatura_section(spec, wh, Path(raw)))
    return EvaluationReport(str(gold), str(warehouse), sections, notes)


def _format_metric(metric: Metric) -> str:
    if metric.value is None:
        return f"{metric.label} n/a"
    if metric.total is None:
        return f"{metric.label} {metric.value:.3f}"
    return f"{metric.label} {metric.hits}/{metric.total} ({metric.value:.1%})"


def _format_check(check: Check) -> str:
    if check.passed:
        suffix = (
            "" if normalise(check.found) == normalise(check.expected) else f"  [found: {_clip(check.found)}]"
        )
        return f"  ✓ {check.aspect}: {_clip(check.expected)}{suffix}"
    return f"  ✗ {check.aspect}: expected {_clip(check.expected)}; found {_clip(check.found)}"


def format_report(report: EvaluationReport) -> str:
    """Human-readable report: every gold row per section with ✓/✗, then one summary line per section."""
    lines = [f"Evaluation of {report.warehouse} against {report.gold}"]
    lines += [f"note: {n}" for n in report.notes]
    for section in report.sections:
        lines += ["", f"== {section.name} =="]
        lines += [f"note: {n}" for n in section.notes]
        current = None
        for check in section.checks:
            if check.item != current:
                lines.append(check.item)
                current = check.item
            lines.append(_format_check(check))
        lines.append(f"summary [{section.name}]: " + " · ".join(map(_format_metric, section.metrics)))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: print the report (and optionally write it as JSON). 0 once evaluated, 2 when it cannot run."""
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.gold", description="Score a warehouse against a gold file."
    )
    parser.add_argument("--gold", type=Path, required=True, help="gold YAML file (docs/gold_format.md)")
    parser.add_argument("--warehouse", type=Path, required=True, help="DuckDB warehouse file")
    parser.add_argument(
        "--raw", type=Path, help="raw folder the warehouse was built from: also score trafilatura on it"
    )
    parser.add_argument("--json", type=Path, help="also write the report as JSON to this path")
    args = parser.parse_args(argv)
    try:
        report = evaluate(args.warehouse, args.gold, args.raw)
    except FileNotFoundError as missing:
        print(f"error: no such file: {missing}", file=sys.stderr)
        return 2
    except (GoldFormatError, yaml.YAMLError, duckdb.Error) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    print(format_report(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
