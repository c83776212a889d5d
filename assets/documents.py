"""Documents: clean text, header metadata and duplicate clusters for every ingested file."""

import dagster as dg
import pyarrow.compute as pc

from assets.ingest import RAW_DOCUMENTS
from assets.metadata import table_metadata
from assets.resources import NewsgraphResource
from pipeline.corpus import document_tables, raw_documents_from
from pipeline.lake import read_table, write_table

DOCUMENTS = dg.AssetKey(["lake", "documents"])
REMOVED_SPANS = dg.AssetKey(["lake", "removed_spans"])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            DOCUMENTS,
            deps=[RAW_DOCUMENTS],
            description="One row per document: clean body, title, dates, URL, publisher, duplicate cluster.",
            kinds={"python", "parquet"},
            group_name="documents",
        ),
        dg.AssetSpec(
            REMOVED_SPANS,
            deps=[RAW_DOCUMENTS],
            description="One row per raw line cleaning removed (boilerplate or captured header), with raw offsets.",
            kinds={"python", "parquet"},
            group_name="documents",
        ),
    ],
)
def parsed_documents(context: dg.AssetExecutionContext, newsgraph: NewsgraphResource):
    """Clean each raw document, read its header metadata, and cluster exact and near duplicates."""
    lake = newsgraph.settings.lake_dir
    tables = document_tables(raw_documents_from(read_table(lake, "raw_documents")))
    for name, table in tables.items():
        write_table(lake, name, table)
    documents = tables["documents"]
    duplicates = (
        documents.num_rows - pc.sum(documents.column("is_canonical")).as_py() if documents.num_rows else 0
    )
    removed = tables["removed_spans"]
    yield dg.MaterializeResult(
        asset_key=DOCUMENTS,
        metadata=table_metadata(
            documents,
            ["source_path", "title", "published_at", "publisher", "word_count", "dup_cluster_id"],
            duplicates=int(duplicates),
            duplicate_rate=float(duplicates / documents.num_rows) if documents.num_rows else 0.0,
            with_title=documents.num_rows - documents.column("title").null_count,
            with_published_at=documents.num_rows - documents.column("published_at").null_count,
        ),
    )
    yield dg.MaterializeResult(
        asset_key=REMOVED_SPANS,
        metadata=table_metadata(
            removed,
            ["doc_id", "reason", "text"],
            by_reason=dict(
                zip(
                    *[c.to_pylist() for c in pc.value_counts(removed.column("reason")).flatten()], strict=True
                )
            )
            if removed.num_rows
            else {},
        ),
    )
