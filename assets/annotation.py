"""Annotation: one spaCy pass over a batch's documents: names, quotes and event reports as each document has them."""

import time

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from assets.materialization import table_metadata
from assets.parsing import PARSED_DOCUMENTS
from assets.partitions import ingest_batches
from assets.resources import NewsgraphResource
from pipeline.documents.parse import ParsedDocumentRow
from pipeline.nlp.events import DocEventMention
from pipeline.nlp.mentions import DocMention
from pipeline.nlp.quotes import DocQuote
from pipeline.nlp.spacy_pass import AnnotationFailure, annotate_batch

ANNOTATIONS = {
    "doc_mentions": "One row per name spaCy found in a batch's documents, with its in-document resolution and role.",
    "doc_quotes": "One row per quotation in a batch's documents, its speaker named as in the document.",
    "doc_event_mentions": "One row per event trigger in a batch's documents (a word of the taxonomy the parse "
    "supports), with its status, date, place and arguments named as in the document.",
    "annotation_failures": "One row per document of a batch spaCy or the extraction rules failed on, with the "
    "reason: it leaves documents for quarantine, and the rest of the batch goes on.",
}


@dg.multi_asset(
    outs={
        name: dg.AssetOut(
            key=["lake", name],
            description=description,
            kinds={"spacy", "parquet"},
            group_name="nlp",
        )
        for name, description in ANNOTATIONS.items()
    },
    ins={"parsed_documents": dg.AssetIn(PARSED_DOCUMENTS)},
    partitions_def=ingest_batches,
)
def annotations(context: dg.AssetExecutionContext, newsgraph: NewsgraphResource, parsed_documents: pa.Table):
    """Run spaCy once over the batch's bodies and extract mentions, quotes and event mentions."""
    started = time.perf_counter()
    found = annotate_batch(
        newsgraph.spacy_model,
        ParsedDocumentRow.from_table(parsed_documents),
        chunk_chars=newsgraph.nlp_chunk_chars,
        processes=newsgraph.nlp_worker_processes,
    )
    tables = {
        "doc_mentions": DocMention.to_table(found.mentions),
        "doc_quotes": DocQuote.to_table(found.quotes),
        "doc_event_mentions": DocEventMention.to_table(found.events),
        "annotation_failures": AnnotationFailure.to_table(found.failures),
    }
    if found.failures:
        context.log.warning(f"{len(found.failures)} documents failed annotation and go to quarantine")
    seconds = round(time.perf_counter() - started, 3)
    words = pc.sum(parsed_documents.column("word_count")).as_py() or 0
    for name, table in tables.items():
        yield dg.Output(
            table,
            output_name=name,
            metadata=table_metadata(
                table,
                ["source_path", "reason"] if name == "annotation_failures" else ["doc_id", "text"],
                spacy_model=newsgraph.spacy_model,
                # At most: a batch under PARALLEL_MIN_WORDS runs in the step's own process.
                nlp_processes_allowed=newsgraph.nlp_worker_processes,
                stage_seconds=seconds,
                words_per_second=round(words / seconds) if seconds else 0,
            ),
        )
