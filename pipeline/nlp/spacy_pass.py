"""NLP: one spaCy pass per document feeding the entity, quote and event stages.

Only plain records leave this module: spaCy `Doc`s live inside a `memory_zone`, so a long-running
process (the Dagster daemon, a backfill) does not accumulate vocabulary strings.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.documents.parse import ParsedDocumentRow
from pipeline.nlp.events import DocEventMention, EventMention, extract_event_mentions
from pipeline.nlp.mentions import DocMention, Mention, extract_mentions
from pipeline.nlp.quotes import DocQuote, Quote, extract_quotes, find_quote_spans
from pipeline.nlp.references import add_references

# Components the stages read: tags and lemmas (cue verbs), the parse (speakers, participants), entities.
REQUIRED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
MEMORY_ZONE_DOCS = 500


@dataclass(frozen=True)
class DocumentInput:
    doc_id: str
    body: str
    reference_date: date | None
    dateline: str | None


@dataclass(frozen=True)
class DocumentAnnotations:
    doc_id: str
    mentions: list[Mention]
    quotes: list[Quote]
    events: list[EventMention]


@cache
def load_pipeline(model: str) -> Language:
    """Load an installed spaCy pipeline by name, with only the components the stages use enabled."""
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; install it or set NEWSGRAPH_SPACY_MODEL to one that is"
        ) from error
    for name in nlp.pipe_names:
        if name not in REQUIRED_COMPONENTS:
            nlp.disable_pipe(name)
    return nlp


def annotate(
    nlp: Language,
    inputs: Iterable[DocumentInput],
    *,
    batch_size: int = 32,
    also: Callable[[Doc, DocumentAnnotations], None] | None = None,
) -> Iterator[DocumentAnnotations]:
    """Parse bodies in batches and extract mentions, quotes and event mentions from each.

    `also` sees each `Doc` beside what the stages made of it, inside the memory zone: the corpus
    evaluation runs a baseline (textacy) on the very same parse through it."""
    iterator = iter(inputs)
    while chunk := list(islice(iterator, MEMORY_ZONE_DOCS)):
        with nlp.memory_zone():
            pairs = ((item.body, item) for item in chunk)
            for doc, item in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
                quote_spans = find_quote_spans(item.body)  # references skip quotations; quotes are them
                mentions = add_references(doc, extract_mentions(doc), quote_spans=quote_spans)
                annotations = DocumentAnnotations(
                    doc_id=item.doc_id,
                    mentions=mentions,
                    quotes=extract_quotes(doc, mentions, quote_spans=quote_spans),
                    events=extract_event_mentions(
                        doc, mentions, reference_date=item.reference_date, dateline=item.dateline
                    ),
                )
                if also is not None:
                    also(doc, annotations)
                yield annotations


@dataclass(frozen=True)
class BatchAnnotations:
    mentions: list[DocMention]
    quotes: list[DocQuote]
    events: list[DocEventMention]


def annotate_batch(nlp: Language, documents: Iterable[ParsedDocumentRow]) -> BatchAnnotations:
    """One spaCy pass over one batch's bodies: mentions, quotes and event mentions named as in each document."""
    documents = list(documents)
    batch_of = {d.doc_id: d.batch_id for d in documents}
    inputs = [DocumentInput(d.doc_id, d.body, d.reference_date, d.dateline) for d in documents]
    mentions, quotes, events = [], [], []
    for a in annotate(nlp, inputs):
        stamp = {"doc_id": a.doc_id, "batch_id": batch_of[a.doc_id]}
        mentions += [DocMention.of(m, **stamp) for m in a.mentions]
        quotes += [DocQuote.of(q, **stamp) for q in a.quotes]
        events += [DocEventMention.of(e, **stamp) for e in a.events]
    return BatchAnnotations(mentions, quotes, events)
