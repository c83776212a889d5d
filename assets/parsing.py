"""Parsing: each batch's documents read in two steps, the header once, then the clean body."""

import time
from collections import Counter

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from assets.ingest import RAW_DOCUMENTS
from assets.materialization import table_metadata
from assets.partitions import ingest_batches
from pipeline.documents.parse import (
    DocumentHeader,
    HeaderFailure,
    ParsedDocumentRow,
    ParseFailure,
    parse_batch,
    read_headers,
)
from pipeline.documents.read import RawDocument
from pipeline.lake.io import read_records
from pipeline.text.offsets import BodyOffset
from pipeline.text.reflow import RemovedSpan
from pipeline.text.repeated_lines import MIN_STORIES, LineFingerprint

PARSED_DOCUMENTS = dg.AssetKey(["lake", "parsed_documents"])
REMOVED_SPANS = dg.AssetKey(["lake", "removed_spans"])
BODY_OFFSETS = dg.AssetKey(["lake", "body_offsets"])
LINE_FINGERPRINTS = dg.AssetKey(["lake", "line_fingerprints"])
DOCUMENT_HEADERS = dg.AssetKey(["lake", "document_headers"])
HEADER_FAILURES = dg.AssetKey(["lake", "header_failures"])
PARSE_FAILURES = dg.AssetKey(["lake", "parse_failures"])


def failures_out(key: dg.AssetKey, step: str) -> dg.AssetOut:
    """The documents a step failed on, with the reason: they go to quarantine, the batch goes on."""
    return dg.AssetOut(
        key=key,
        description=f"One row per document of a batch the {step} step failed on or rejected, with the reason: "
        "it leaves documents for quarantine, and the rest of the batch goes on.",
        kinds={"python", "parquet"},
        group_name="documents",
    )


def failures_output(name: str, failures: list, table) -> dg.Output:
    return dg.Output(
        table,
        output_name=name,
        metadata=table_metadata(
            table,
            ["source_path", "stage", "reason"],
            reasons=dg.MetadataValue.json(dict(Counter(f.reason.split(":")[0] for f in failures))),
        ),
    )


@dg.multi_asset(
    outs={
        "document_headers": dg.AssetOut(
            key=DOCUMENT_HEADERS,
            description="One row per document of a batch: header metadata, publisher key, and the header and "
            "furniture lines the body leaves out. Read once; cleaning reuses it.",
            kinds={"python", "parquet"},
            group_name="documents",
        ),
        "line_fingerprints": dg.AssetOut(
            key=LINE_FINGERPRINTS,
            description="Hashes of each document's distinct lines, grouped by publisher: the corpus statistics "
            "that find lines a publisher repeats across stories.",
            kinds={"python", "parquet"},
            group_name="documents",
        ),
        "header_failures": failures_out(HEADER_FAILURES, "header"),
    },
    ins={"raw_documents": dg.AssetIn(RAW_DOCUMENTS)},
    partitions_def=ingest_batches,
)
def document_headers(raw_documents: pa.Table):
    """Read each document's header and furniture once, and fingerprint its lines for the corpus statistics
    (subscribe prompts, promos: lines a publisher repeats, whatever words they use)."""
    started = time.perf_counter()
    failures: list[HeaderFailure] = []
    headers, fingerprints = read_headers(RawDocument.from_table(raw_documents), failures=failures)
    seconds = round(time.perf_counter() - started, 3)
    header_table, fingerprint_table = DocumentHeader.to_table(headers), LineFingerprint.to_table(fingerprints)
    yield dg.Output(
        header_table,
        output_name="document_headers",
        metadata=table_metadata(
            header_table, ["doc_id", "title", "published_at", "publisher"], stage_seconds=seconds
        ),
    )
    yield dg.Output(
        fingerprint_table,
        output_name="line_fingerprints",
        metadata=table_metadata(
            fingerprint_table,
            ["doc_id", "publisher_key", "fingerprint", "is_candidate"],
            publisher_keys=len({f.publisher_key for f in fingerprints}),
        ),
    )
    yield failures_output("header_failures", failures, HeaderFailure.to_table(failures))


@dg.multi_asset(
    outs={
        "parsed_documents": dg.AssetOut(
            key=PARSED_DOCUMENTS,
            description="One row per document of a batch: clean body, title, dates, URL, publisher, MinHash.",
            kinds={"python", "parquet"},
            group_name="documents",
        ),
        "removed_spans": dg.AssetOut(
            key=REMOVED_SPANS,
            description="One row per raw line cleaning removed (furniture, a line repeated across stories, a header line), with raw offsets.",
            kinds={"python", "parquet"},
            group_name="documents",
        ),
        "body_offsets": dg.AssetOut(
            key=BODY_OFFSETS,
            description="Runs of each body and the raw text they were cleaned from: any body span maps to raw offsets.",
            kinds={"python", "parquet"},
            group_name="documents",
        ),
        "parse_failures": failures_out(PARSE_FAILURES, "cleaning"),
    },
    ins={
        "raw_documents": dg.AssetIn(RAW_DOCUMENTS),
        "document_headers": dg.AssetIn(DOCUMENT_HEADERS),
        # Every batch's statistics, this one's included: a line is a repeated line by what the corpus repeats.
        "line_fingerprints": dg.AssetIn(
            LINE_FINGERPRINTS,
            partition_mapping=dg.AllPartitionMapping(),
            metadata={"allow_missing_partitions": True},
        ),
    },
    partitions_def=ingest_batches,
)
def parsed_documents(
    context: dg.AssetExecutionContext,
    raw_documents: pa.Table,
    document_headers: pa.Table,
    line_fingerprints: dict[str, pa.Table],
):
    """Clean each raw document of the batch with its stored header and the corpus statistics."""
    started = time.perf_counter()
    failures: list[ParseFailure] = []
    documents = parse_batch(
        RawDocument.from_table(raw_documents),
        DocumentHeader.from_table(document_headers),
        read_records(LineFingerprint, (line_fingerprints or {}).values()),
        failures=failures,
    )
    parsed = ParsedDocumentRow.to_table(d.row() for d in documents)
    removed = RemovedSpan.to_table(span for d in documents for span in d.removed_spans())
    offsets = BodyOffset.to_table(run for d in documents for run in d.body_offsets())
    seconds = round(time.perf_counter() - started, 3)
    by_reason = pc.value_counts(removed.column("reason")).to_pylist() if removed.num_rows else []
    yield dg.Output(
        parsed,
        output_name="parsed_documents",
        metadata=table_metadata(
            parsed,
            ["source_path", "title", "published_at", "publisher", "word_count"],
            with_title=parsed.num_rows - parsed.column("title").null_count,
            with_published_at=parsed.num_rows - parsed.column("published_at").null_count,
            words=pc.sum(parsed.column("word_count")).as_py() or 0,
            stage_seconds=seconds,
        ),
    )
    yield dg.Output(
        removed,
        output_name="removed_spans",
        metadata=table_metadata(
            removed,
            ["doc_id", "reason", "text"],
            by_reason=dg.MetadataValue.json({r["values"]: r["counts"] for r in by_reason}),
            repeated_line_threshold_stories=MIN_STORIES,
        ),
    )
    yield dg.Output(
        offsets,
        output_name="body_offsets",
        metadata=table_metadata(
            offsets,
            ["doc_id", "body_start", "body_end", "raw_start", "raw_end"],
            segments_per_document=round(offsets.num_rows / parsed.num_rows, 2) if parsed.num_rows else 0.0,
        ),
    )
    yield failures_output("parse_failures", failures, ParseFailure.to_table(failures))
