"""NLP: one spaCy pass per document feeding the entity, quote and event stages.

Only plain records leave this module: spaCy `Doc`s live inside a `memory_zone`, so a long-running
process (the Dagster daemon, a backfill) does not accumulate vocabulary strings.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import islice

import spacy
from spacy.language import Language

from pipeline.nlp.events import EventMention, extract_event_mentions
from pipeline.nlp.mentions import Mention, extract_mentions
from pipeline.nlp.quotes import Quote, extract_quotes
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
    nlp: Language, inputs: Iterable[DocumentInput], *, batch_size: int = 32
) -> Iterator[DocumentAnnotations]:
    """Parse bodies in batches and extract mentions, quotes and event mentions from each."""
    iterator = iter(inputs)
    while chunk := list(islice(iterator, MEMORY_ZONE_DOCS)):
        with nlp.memory_zone():
            pairs = ((item.body, item) for item in chunk)
            for doc, item in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
                mentions = add_references(doc, extract_mentions(doc))
                yield DocumentAnnotations(
                    doc_id=item.doc_id,
                    mentions=mentions,
                    quotes=extract_quotes(doc, mentions),
                    events=extract_event_mentions(
                        doc, mentions, reference_date=item.reference_date, dateline=item.dateline
                    ),
                )
