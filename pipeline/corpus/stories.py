"""Stories: different articles about the same real-world happening, grouped online as documents arrive.

Only one copy of each duplicate cluster takes part (its canonical document), so a syndicated article
counts once; its copies join the story of their canonical.

How two documents are compared. Words alone cannot tell look-alike happenings apart (two earthquakes,
two rehab check-ins, two navy rescues off the same coast share nearly all their vocabulary), so a pair
is described by several similarities, each of which a look-alike pair shares less than a same-story
pair: TF-IDF cosine of the whole text and of its lead, of the linked entities (all, people, places,
organisations), the overlap of the numbers it states (casualties, magnitudes, scores), and how far
apart the documents are in time (publication days when both are known, else the latest year each
mentions), and, since how close two reports are means most beside how close each is to anything else,
each cosine as a share of the closest match either document has in the corpus and the overlap of the two
documents' nearest neighbours (reports of one happening are close to the same other reports). A document
that matches nothing well has no closest match to speak of: shares are taken of at least
`RELATIVE_FLOOR`, and neighbours are at least `NEIGHBOUR_FLOOR` close. A logistic model turns them into the probability that the two report the same happening;
its weights are trained offline by `python -m evaluation.stories --train` on the training half of ECB+
and stored below. A story never covers more than `window_days` of publication days: a
document or a merge that would stretch it further is refused.

How documents are grouped. Documents are visited in publication order (publication day, then id; how the
corpus was split into ingest batches plays no part, so a backfill in batches gives the stories of one full
run), and each joins the story whose members it matches best on average (online average linkage) when
that average reaches the model's threshold, else it starts a story. Then stories whose documents match
each other on average merge (average linkage over the placed stories), which joins a story whose first
reports arrived before the ones that tie them together. A new document is only compared with the
earlier documents its words or entities share most with. A story's id is its first document's, so new
reports mostly add to stories or merge two; an older article arriving late is placed before them and
can rename its story. An earlier document can also move: word and entity weights are refitted on the
whole corpus each refresh, and closest matches and neighbours are found over the whole corpus, so an
earlier pair's score shifts a little as the corpus grows (frozen weights would trade that for weights
that age).
"""

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.corpus.linking import EntityMention
from pipeline.corpus.versions import DocumentRow
from pipeline.lake.records import Record

# Words of the lead (title and first words of the body): where a report says what happened.
LEAD_WORDS = 60
# How many earlier documents, the most similar by words or entities, a new document is scored against.
CANDIDATES = 50
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*\d(?![\w])|(?<![\w.])\d(?![\w.,])")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Capitalised only: "may 2020" is not a date.
_MONTH_NAME = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# "March 20-22, 2023", "Dec. 30, 2022", "20 March 2023", "March 2023": an explicit calendar date.
_DATE_MENTION = re.compile(
    rf"\b{_MONTH_NAME}\s+(\d{{1,2}})(?:\s*[-–]\s*\d{{1,2}})?,?\s+((?:19|20)\d\d)\b"
    rf"|\b(\d{{1,2}})\s+{_MONTH_NAME},?\s+((?:19|20)\d\d)\b"
    rf"|\b{_MONTH_NAME},?\s+((?:19|20)\d\d)\b"
)
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
# What a document is compared on: its words, its lead's words and the entities it names (of each type).
REPRESENTATIONS = ("text", "lead", "entity", "person", "place", "organisation")
# The representations whose cosine is also taken relative to each document's closest match.
RELATIVE_TO_BEST = REPRESENTATIONS
# The representations whose nearest neighbours two documents are compared on, and how many neighbours:
# fewer than a story's usual reports, so that two look-alike stories' documents share few of them.
SHARED_NEIGHBOURS = ("text", "entity")
NEIGHBOURS = 5
# The least cosine a document's neighbours have with it, and the least best match a cosine is taken
# relative to: a document that matches nothing well has no closest match to speak of.
NEIGHBOUR_FLOOR = 0.2
RELATIVE_FLOOR = 0.2


@dataclass(frozen=True)
class StoryModel:
    """The pair model's weights (one per `PAIR_FEATURES` name), its threshold and its time window."""

    weights: dict[str, float]
    intercept: float
    # A document joins a story when its mean same-story probability with the members reaches this.
    threshold: float
    # Two stories merge while their documents' mean same-story probability reaches this (None: never).
    merge_threshold: float | None = None
    # Documents whose publication days are further apart than this are never one story.
    window_days: int = 60


PAIR_FEATURES = (
    "text_cosine",
    "lead_cosine",
    "entity_cosine",
    "person_cosine",
    "place_cosine",
    "organisation_cosine",
    # Whether both name someone, some place, some number: a zero overlap between two documents that
    # both name people is evidence against, between two that name none it is no evidence.
    "persons_known",
    "places_known",
    "numbers_known",
    "number_overlap",
    "year_gap",  # latest year each mentions (its publication year when known), 0-5
    "years_known",
    "day_gap",  # publication days apart / 60, capped at 1
    "days_known",
    "estimated_day_gap",  # the same with stated dates standing in for missing publication days
    "estimated_days_known",
    "weekday_overlap",  # Jaccard of the weekday names both use: reports of one happening name its day
    "weekdays_known",
    # Each cosine above as a share of the closest match either document has anywhere in the corpus (of
    # the stronger and of the weaker one): a later report sharing few specifics with the first is still
    # closer to its own story than to anything else, and a look-alike is rarely either one's closest.
    *(f"{name}_relative_{side}" for name in RELATIVE_TO_BEST for side in ("low", "high")),
    # Jaccard of the two documents' nearest neighbours in the corpus: reports of one happening are close
    # to the same other reports, even where they share few words with each other.
    *(f"{name}_shared_neighbours" for name in SHARED_NEIGHBOURS),
)

# Trained by `python -m evaluation.stories --train` on the odd topics of ECB+ (1-35); reported on the
# even ones. See README "Stories" for the numbers.
DEFAULT_MODEL = StoryModel(
    weights={
        "text_cosine": 0.731,
        "lead_cosine": 0.546,
        "entity_cosine": 0.12,
        "person_cosine": 0.641,
        "place_cosine": 0.395,
        "organisation_cosine": 0.149,
        "persons_known": -0.493,
        "places_known": 0.039,
        "numbers_known": -0.375,
        "number_overlap": 1.715,
        "year_gap": -0.488,
        "years_known": 0.676,
        "day_gap": -0.04,
        "days_known": 0.812,
        "estimated_day_gap": -0.377,
        "estimated_days_known": 0.745,
        "weekday_overlap": 0.939,
        "weekdays_known": -0.529,
        "text_relative_low": 1.262,
        "text_relative_high": 2.91,
        "lead_relative_low": 1.207,
        "lead_relative_high": 2.627,
        "entity_relative_low": 0.292,
        "entity_relative_high": 0.534,
        "person_relative_low": 0.613,
        "person_relative_high": 1.402,
        "place_relative_low": 0.411,
        "place_relative_high": 0.329,
        "organisation_relative_low": -0.06,
        "organisation_relative_high": -0.202,
        "text_shared_neighbours": 3.893,
        "entity_shared_neighbours": 1.658,
    },
    intercept=-6.212,
    threshold=0.7,
    merge_threshold=0.5,
)


@dataclass(frozen=True)
class StoryDocument:
    """What story clustering reads of one canonical document."""

    doc_id: str
    title: str | None
    body: str
    published: date | None  # its publication day (reference_date), when known
    publisher: str | None
    entities: Sequence[tuple[str, str]] = ()  # (entity_id, entity type) of each linked mention


@dataclass(frozen=True, kw_only=True)
class Story(Record):
    """One story of the corpus (a row of `stories`): documents about the same happening."""

    TABLE: ClassVar[str] = "stories"

    story_id: str
    # The title of its first document (the one that started the story).
    label: str | None
    first_seen: date | None
    last_seen: date | None
    # Distinct articles: a duplicate cluster counts once.
    doc_count: int
    # Every copy, duplicates included.
    copy_count: int
    publisher_count: int
    # Entity ids named in at least half of its articles, most frequent first, at most five.
    top_entity_ids: list[str]


@dataclass(frozen=True, kw_only=True)
class StoryLink(Record):
    """Why a document is in its story: the member it matched best, an earlier one where it was scored
    against one, and how well (a row of `story_links`; a story's first document has none)."""

    TABLE: ClassVar[str] = "story_links"

    doc_id: str
    story_id: str
    matched_doc_id: str
    # Same-story probability with that member, and the document's mean probability with the story's
    # other members as the story stands (a member never scored against it counting 0: it can be below
    # the threshold the document joined with).
    probability: float
    story_score: float


@dataclass
class StoryAssignment:
    story_of: dict[str, str]  # doc_id -> story_id, canonical documents only
    links: list[StoryLink] = field(default_factory=list)


@dataclass
class DocumentVectors:
    """Everything `pair_features` needs, one row per document in the given order."""

    text: sparse.csr_matrix
    lead: sparse.csr_matrix
    entities: dict[str, sparse.csr_matrix]  # "entity", "person", "place", "organisation"
    numbers: list[frozenset[str]]
    years: list[int | None]
    days: list[date | None]  # publication days
    estimated_days: list[date | None]  # the publication day, else the latest date the text states
    weekdays: list[frozenset[str]]  # weekday names the text uses ("on Saturday")
    # Each document's highest cosine with any other document, per `RELATIVE_TO_BEST` representation.
    best: dict[str, np.ndarray] = field(default_factory=dict)
    # Each document's `NEIGHBOURS` nearest other documents, per `SHARED_NEIGHBOURS` representation.
    nearest: dict[str, list[frozenset[int]]] = field(default_factory=dict)

    def matrix(self, name: str) -> sparse.csr_matrix:
        if name == "text":
            return self.text
        return self.lead if name == "lead" else self.entities[name]


def _tfidf(texts: list[str], **options) -> sparse.csr_matrix:
    if not any(t.strip() for t in texts):
        return sparse.csr_matrix((len(texts), 1))
    try:
        return TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **options).fit_transform(texts).tocsr()
    except ValueError:  # every text was stop words only
        return sparse.csr_matrix((len(texts), 1))


def _latest_year(doc: StoryDocument) -> int | None:
    if doc.published is not None:
        return doc.published.year
    years = [int(y) for y in _YEAR.findall(doc.body)]
    return max(years) if years else None


def latest_date_mentioned(text: str) -> date | None:
    """The latest calendar date the text states ("March 20-22, 2023" gives March 20; a month alone its
    15th): an undated article's best clue to when it was written, since articles mostly look back."""
    found = []
    for m in _DATE_MENTION.finditer(text):
        month_name, day, year = (
            (m.group(1), m.group(2), m.group(3))
            if m.group(1)
            else ((m.group(5), m.group(4), m.group(6)) if m.group(5) else (m.group(7), "15", m.group(8)))
        )
        try:
            found.append(date(int(year), _MONTHS.index(month_name[:3].lower()) + 1, int(day)))
        except ValueError:  # "February 30"
            continue
    return max(found, default=None)


def neighbourhoods(
    matrix: sparse.csr_matrix, k: int = NEIGHBOURS, chunk_size: int = 512
) -> tuple[np.ndarray, list[frozenset[int]]]:
    """Each row's highest cosine with any other row (0 for a row sharing nothing) and its `k` nearest other
    rows (at least `NEIGHBOUR_FLOOR` close; ties to the earlier row), over the whole corpus, a chunk of rows at
    a time."""
    n = matrix.shape[0]
    best = np.zeros(n, dtype=np.float32)
    nearest: list[frozenset[int]] = []
    for start in range(0, n, chunk_size):
        scores = (matrix[start : min(start + chunk_size, n)] @ matrix.T).tocsr()
        for row in range(scores.shape[0]):
            begin, stop = scores.indptr[row], scores.indptr[row + 1]
            indices, values = scores.indices[begin:stop], scores.data[begin:stop]
            keep = (indices != start + row) & (values > 0)  # not itself
            indices, values = indices[keep], values[keep]
            order = np.lexsort((indices, -values))[:k]
            if len(order):
                best[start + row] = values[order[0]]
            order = order[values[order] >= NEIGHBOUR_FLOOR]
            nearest.append(frozenset(indices[order].tolist()))
    return best, nearest


def vectorise(docs: Sequence[StoryDocument]) -> DocumentVectors:
    """The documents' representations, with word and entity weights fitted on these documents."""
    texts = [f"{d.title or ''}\n{d.body}" for d in docs]
    leads = [" ".join(f"{d.title or ''} {d.body}".split()[:LEAD_WORDS]) for d in docs]
    word_options = {"stop_words": "english", "strip_accents": "unicode"}

    def entity_matrix(types: frozenset[str] | None) -> sparse.csr_matrix:
        ids = [" ".join(e for e, t in d.entities if types is None or t in types) for d in docs]
        return _tfidf(ids, token_pattern=r"\S+", lowercase=False)

    vectors = DocumentVectors(
        text=_tfidf(texts, **word_options),
        lead=_tfidf(leads, **word_options),
        entities={
            "entity": entity_matrix(None),
            "person": entity_matrix(frozenset({"PERSON"})),
            "place": entity_matrix(PLACE_TYPES),
            "organisation": entity_matrix(frozenset({"ORG"})),
        },
        numbers=[frozenset(_NUMBER.findall(d.body)) for d in docs],
        years=[_latest_year(d) for d in docs],
        days=[d.published for d in docs],
        estimated_days=[d.published or latest_date_mentioned(d.body) for d in docs],
        weekdays=[frozenset(w.lower() for w in _WEEKDAY.findall(d.body)) for d in docs],
    )
    for name in dict.fromkeys(RELATIVE_TO_BEST + SHARED_NEIGHBOURS):
        vectors.best[name], nearest = neighbourhoods(vectors.matrix(name))
        if name in SHARED_NEIGHBOURS:
            vectors.nearest[name] = nearest
    return vectors


def _row_dots(matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Cosine of row left[k] with row right[k] for every k (rows are L2-normalised)."""
    if len(left) == 0:
        return np.zeros(0, dtype=np.float32)
    if (left == left[0]).all():  # one document against its candidates, as placement scores them
        return np.asarray(matrix[right] @ matrix[int(left[0])].toarray().ravel(), dtype=np.float32)
    return np.asarray(matrix[left].multiply(matrix[right]).sum(axis=1)).ravel()


def pair_features(vectors: DocumentVectors, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """One row of `PAIR_FEATURES` per pair (left[k], right[k])."""
    cosines = {name: _row_dots(vectors.matrix(name), left, right) for name in REPRESENTATIONS}
    columns = [cosines[name] for name in REPRESENTATIONS]

    def both_have(matrix: sparse.csr_matrix) -> np.ndarray:
        has = np.diff(matrix.indptr) > 0
        return (has[left] & has[right]).astype(np.float32)

    columns += [both_have(vectors.entities["person"]), both_have(vectors.entities["place"])]
    columns.append(
        np.array(
            [
                bool(vectors.numbers[i]) and bool(vectors.numbers[j])
                for i, j in zip(left.tolist(), right.tolist(), strict=True)
            ],
            dtype=np.float32,
        )
    )
    numbers, years, days, estimated, weekdays = [], [], [], [], []

    def gap(a: date | None, b: date | None) -> tuple[float, float]:
        return (min(abs((a - b).days), 60) / 60, 1.0) if a is not None and b is not None else (0.0, 0.0)

    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        a, b = vectors.numbers[i], vectors.numbers[j]
        numbers.append(len(a & b) / len(a | b) if a | b else 0.0)
        ya, yb = vectors.years[i], vectors.years[j]
        years.append((min(abs(ya - yb), 5), 1.0) if ya is not None and yb is not None else (0.0, 0.0))
        days.append(gap(vectors.days[i], vectors.days[j]))
        estimated.append(gap(vectors.estimated_days[i], vectors.estimated_days[j]))
        wa, wb = vectors.weekdays[i], vectors.weekdays[j]
        weekdays.append((len(wa & wb) / len(wa | wb), 1.0) if wa and wb else (0.0, 0.0))
    columns.append(np.array(numbers, dtype=np.float32))
    for pairs in (years, days, estimated, weekdays):
        columns += [np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])]
    for name in RELATIVE_TO_BEST:
        best = np.maximum(vectors.best[name], max(RELATIVE_FLOOR, 1e-9))
        stronger, weaker = np.maximum(best[left], best[right]), np.minimum(best[left], best[right])
        # A cosine never exceeds either document's best one, so both shares lie in 0-1.
        columns += [np.minimum(cosines[name] / stronger, 1.0), np.minimum(cosines[name] / weaker, 1.0)]
    for name in SHARED_NEIGHBOURS:
        nearest = vectors.nearest[name]
        columns.append(
            np.array(
                [
                    len(nearest[i] & nearest[j]) / len(nearest[i] | nearest[j])
                    if nearest[i] | nearest[j]
                    else 0.0
                    for i, j in zip(left.tolist(), right.tolist(), strict=True)
                ]
            )
        )
    return np.column_stack(columns).astype(np.float32) if len(left) else np.zeros((0, len(PAIR_FEATURES)))


def same_story_probability(model: StoryModel, features: np.ndarray) -> np.ndarray:
    weights = np.array([model.weights[name] for name in PAIR_FEATURES], dtype=np.float64)
    return 1.0 / (1.0 + np.exp(-(features @ weights + model.intercept)))


def _too_far_apart(model: StoryModel, vectors: DocumentVectors, i: int, j: int) -> bool:
    a, b = vectors.days[i], vectors.days[j]
    return a is not None and b is not None and abs((a - b).days) > model.window_days


def publication_order(docs: Sequence[StoryDocument]) -> list[StoryDocument]:
    """Publication day (undated documents last), then id: the order placement visits documents in."""
    return sorted(docs, key=lambda d: (d.published is None, d.published or date.min, d.doc_id))


def _candidates(vectors: DocumentVectors, chunk: range, limit: int) -> list[np.ndarray]:
    """For each document of the chunk, the earlier documents that share most words or entities."""
    end = chunk.stop
    scores = (vectors.text[chunk.start : end] @ vectors.text[:end].T) + (
        vectors.entities["entity"][chunk.start : end] @ vectors.entities["entity"][:end].T
    )
    scores = scores.tocsr()
    found = []
    for k, i in enumerate(chunk):
        row = scores.getrow(k)
        earlier = row.indices < i
        indices, values = row.indices[earlier], row.data[earlier]
        if len(indices) > limit:
            keep = np.argpartition(-values, limit)[:limit]
            indices = indices[keep]
        found.append(np.sort(indices))
    return found


def assign_stories(
    docs: Sequence[StoryDocument], *, model: StoryModel = DEFAULT_MODEL, chunk_size: int = 512
) -> StoryAssignment:
    """Every document's story: placed one by one in publication order, then stories that match each other
    as a whole merged (see the module docstring)."""
    ordered = publication_order(docs)
    if not ordered:
        return StoryAssignment({})
    vectors = vectorise(ordered)
    story_of_index: list[int] = []  # story number of each placed document
    members: list[list[int]] = []  # story number -> placed documents
    spans: list[Span] = []  # story number -> its first and last publication day
    scored_pairs: dict[tuple[int, int], float] = {}  # (earlier, later) -> same-story probability
    for start in range(0, len(ordered), chunk_size):
        chunk = range(start, min(start + chunk_size, len(ordered)))
        for i, candidates in zip(chunk, _candidates(vectors, chunk, CANDIDATES), strict=True):
            candidates = np.array(
                [j for j in candidates if not _too_far_apart(model, vectors, i, j)], dtype=int
            )
            probability = same_story_probability(
                model, pair_features(vectors, np.full(len(candidates), i, dtype=int), candidates)
            )
            total: dict[int, float] = defaultdict(float)
            for j, p in zip(candidates.tolist(), probability.tolist(), strict=True):
                scored_pairs[(j, i)] = p
                total[story_of_index[j]] += p
            # Mean over every member: one that shares nothing with the document counts as 0. A story
            # it would stretch past the window is no option.
            day = vectors.days[i]
            score, story = max(
                (
                    (total[s] / len(members[s]), s)
                    for s in total
                    if _span(spans[s], (day, day)) is None or _span(spans[s], (day, day)) <= model.window_days
                ),
                default=(0.0, -1),
            )
            if story >= 0 and score >= model.threshold:
                members[story].append(i)
                story_of_index.append(story)
                spans[story] = _widened(spans[story], (day, day))
            else:
                story_of_index.append(len(members))
                members.append([i])
                spans.append((day, day))
    if model.merge_threshold is not None:
        story_of_index = _merge_stories(
            story_of_index, scored_pairs, model.merge_threshold, spans=spans, window_days=model.window_days
        )
    return _assignment(ordered, story_of_index, scored_pairs)


Span = tuple[date | None, date | None]  # a story's first and last publication day, when any is known


def _widened(a: Span, b: Span) -> Span:
    firsts = [d for d in (a[0], b[0]) if d is not None]
    lasts = [d for d in (a[1], b[1]) if d is not None]
    return (min(firsts, default=None), max(lasts, default=None))


def _span(a: Span, b: Span) -> int | None:
    """Days from the first to the last publication day of two stories together (None: none is dated)."""
    first, last = _widened(a, b)
    return None if first is None else (last - first).days


def _merge_stories(
    story_of_index: list[int],
    scored_pairs: dict[tuple[int, int], float],
    threshold: float,
    *,
    spans: list[Span],
    window_days: int,
) -> list[int]:
    """Average-linkage merging of the placed stories: the two whose documents match each other best on
    average (pairs never scored count as 0) merge while that mean reaches `threshold`. Placement alone
    splits a story whose first reports arrived before the ones that tie them together."""
    size: Counter[int] = Counter(story_of_index)
    cross: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for (j, i), p in scored_pairs.items():
        a, b = story_of_index[j], story_of_index[i]
        if a != b:
            cross[a][b] += p
            cross[b][a] += p
    heap = [(-total / (size[a] * size[b]), a, b) for a in cross for b, total in cross[a].items() if a < b]
    heapq.heapify(heap)
    merged_into: dict[int, int] = {}
    while heap:
        negative, a, b = heapq.heappop(heap)
        if -negative < threshold:
            break
        if a in merged_into or b in merged_into or -negative != cross[a][b] / (size[a] * size[b]):
            continue  # stale: one side merged or grew since this score was pushed
        span = _span(spans[a], spans[b])
        if span is not None and span > window_days:
            continue  # together they would cover more days than one story may
        keep, gone = min(a, b), max(a, b)  # the older story (lower number) keeps its id
        merged_into[gone] = keep
        spans[keep] = _widened(spans[keep], spans[gone])
        size[keep] += size.pop(gone)
        for c, total in cross.pop(gone).items():
            del cross[c][gone]
            if c != keep:
                cross[keep][c] += total
                cross[c][keep] += total
        cross[keep].pop(gone, None)
        for c, total in cross[keep].items():
            heapq.heappush(heap, (-total / (size[keep] * size[c]), min(keep, c), max(keep, c)))

    def final(story: int) -> int:
        while story in merged_into:
            story = merged_into[story]
        return story

    return [final(s) for s in story_of_index]


def _assignment(
    ordered: Sequence[StoryDocument], story_of_index: list[int], scored_pairs: dict[tuple[int, int], float]
) -> StoryAssignment:
    """Story ids (a story's first document in publication order) and, for every other member, its link: the
    earlier member it matched best (a later one when it was only scored against later ones, as a story
    merged into an older one can be) and its mean probability with the story's other members."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, story in enumerate(story_of_index):
        members[story].append(i)
    best: dict[int, tuple[bool, float, int]] = {}  # (an earlier member, probability, member)
    total: dict[int, float] = defaultdict(float)
    for (j, i), p in scored_pairs.items():
        if story_of_index[i] == story_of_index[j]:
            for doc, other in ((i, j), (j, i)):
                total[doc] += p
                best[doc] = max(best.get(doc, (False, -1.0, -1)), (other < doc, p, other))
    story_of, links = {}, []
    for indices in members.values():
        first = min(indices)
        for i in indices:
            story_of[ordered[i].doc_id] = ordered[first].doc_id
            if i != first and i in best:
                _, p, j = best[i]
                links.append(
                    StoryLink(
                        doc_id=ordered[i].doc_id,
                        story_id=ordered[first].doc_id,
                        matched_doc_id=ordered[j].doc_id,
                        probability=round(p, 4),
                        story_score=round(total[i] / (len(indices) - 1), 4),
                    )
                )
    return StoryAssignment(story_of, sorted(links, key=lambda link: link.doc_id))


@dataclass(frozen=True)
class StoryMember:
    """A document of the corpus as the `stories` table counts it."""

    doc_id: str
    dup_cluster_id: str
    story_id: str
    title: str | None
    published_at: datetime | None
    publisher: str | None


def story_rows(
    members: Sequence[StoryMember],
    entities_of: dict[str, Iterable[str]],
    *,
    first_of: dict[str, str],
    top: int = 5,
) -> list[Story]:
    """One row per story: dates, counts (a duplicate cluster once) and the entities most of it names.

    Top entities are those named by at least half of its articles, ranked by how many articles name
    them, then by how often they are named (each article once, its most naming copy): in a story of two
    articles most names are in both, and the one they keep returning to leads.

    Args:
        members: every current document with its story.
        entities_of: the entity id of each linked mention of a document (repeated per mention).
        first_of: story_id -> the doc_id that started it (its label's source).
    """
    by_story: dict[str, list[StoryMember]] = defaultdict(list)
    for m in members:
        by_story[m.story_id].append(m)
    by_id = {m.doc_id: m for m in members}
    rows = []
    for story_id, docs in sorted(by_story.items()):
        clusters = {m.dup_cluster_id for m in docs}
        counts: Counter[str] = Counter()  # articles naming the entity
        named: Counter[str] = Counter()  # times the articles name it
        for cluster in clusters:
            per_copy = [Counter(entities_of.get(m.doc_id, ())) for m in docs if m.dup_cluster_id == cluster]
            most = Counter({e: max(c[e] for c in per_copy) for e in set().union(*per_copy)})
            counts.update(most.keys())
            named.update(most)
        minimum = max(1, math.ceil(len(clusters) / 2)) if len(clusters) > 1 else 1
        days = [m.published_at.date() for m in docs if m.published_at is not None]
        first = by_id.get(first_of.get(story_id, story_id))
        rows.append(
            Story(
                story_id=story_id,
                label=first.title if first else None,
                first_seen=min(days, default=None),
                last_seen=max(days, default=None),
                doc_count=len(clusters),
                copy_count=len(docs),
                publisher_count=len({m.publisher for m in docs if m.publisher}),
                top_entity_ids=[
                    e
                    for e, n in sorted(counts.items(), key=lambda kv: (-kv[1], -named[kv[0]], kv[0]))
                    if n >= minimum
                ][:top],
            )
        )
    return rows


@dataclass(frozen=True)
class CorpusStories:
    story_of: dict[str, str]  # doc_id -> story_id, every current document (copies with their canonical)
    stories: list[Story]
    links: list[StoryLink]


def _entities_of(
    mentions: Sequence[EntityMention], entity_types: dict[str, str]
) -> dict[str, list[tuple[str, str]]]:
    """(entity_id, entity type) of each linked mention, by document."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for m in mentions:
        found[m.doc_id].append((m.entity_id, entity_types.get(m.entity_id, "")))
    return found


def story_documents(
    documents: Sequence[DocumentRow], mentions: Sequence[EntityMention], entity_types: dict[str, str]
) -> list[StoryDocument]:
    """What story clustering reads of the canonical documents. A duplicate cluster arrives with its
    earliest copy: a better copy arriving later does not move its story."""
    entities_of = _entities_of(mentions, entity_types)
    return [
        StoryDocument(
            doc_id=d.doc_id,
            title=d.title,
            body=d.body,
            published=d.reference_date,
            publisher=d.publisher,
            entities=entities_of.get(d.doc_id, ()),
        )
        for d in documents
        if d.is_canonical
    ]


def corpus_stories(
    documents: Sequence[DocumentRow],
    mentions: Sequence[EntityMention],
    entity_types: dict[str, str],
    *,
    model: StoryModel = DEFAULT_MODEL,
) -> CorpusStories:
    """Stories over the current documents: canonical documents are grouped, their copies follow them."""
    assignment = assign_stories(story_documents(documents, mentions, entity_types), model=model)
    entities_of = _entities_of(mentions, entity_types)
    canonical_of = {d.dup_cluster_id: d.doc_id for d in documents if d.is_canonical}
    story_of = {d.doc_id: assignment.story_of[canonical_of[d.dup_cluster_id]] for d in documents}
    first_of = {s: s for s in set(assignment.story_of.values())}
    stories = story_rows(
        [
            StoryMember(d.doc_id, d.dup_cluster_id, story_of[d.doc_id], d.title, d.published_at, d.publisher)
            for d in documents
        ],
        {doc_id: [e for e, _ in found] for doc_id, found in entities_of.items()},
        first_of=first_of,
    )
    return CorpusStories(story_of, stories, assignment.links)
