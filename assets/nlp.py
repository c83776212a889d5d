"""NLP: entities, quotes and events from one spaCy pass over every document body."""

import dagster as dg

from assets.documents import DOCUMENTS
from assets.metadata import markdown_table, table_metadata
from assets.resources import NewsgraphResource
from pipeline.corpus import nlp_tables, top_entities
from pipeline.lake import read_table, write_table

NLP_TABLES = {
    "entities": ("One row per entity: canonical name, type, aliases, mention and document counts.",
                 ["name", "type", "mention_count", "doc_count"]),
    "entity_mentions": ("One row per entity mention, with character offsets into documents.body.",
                        ["doc_id", "text", "label", "start_char"]),
    "quotes": ("One row per quotation: text, kind, speaker, cue verb, offsets into the body.",
               ["speaker", "cue", "kind", "text"]),
    "events": ("One row per real-world event (meeting, visit, call), merged across documents.",
               ["event_type", "start_date", "location", "doc_count"]),
    "event_participants": ("One row per (event, participating entity).", ["event_id", "entity_id", "role"]),
    "event_mentions": ("One row per sentence reporting an event.", ["event_id", "doc_id", "text"]),
}  # fmt: skip


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["lake", name],
            deps=[DOCUMENTS],
            description=description,
            kinds={"spacy", "parquet"},
            group_name="nlp",
        )
        for name, (description, _) in NLP_TABLES.items()
    ],
)
def nlp_extractions(context: dg.AssetExecutionContext, newsgraph: NewsgraphResource):
    """Run spaCy once per document and extract entities, quotes and events, linked across the corpus."""
    lake = newsgraph.settings.lake_dir
    documents = read_table(lake, "documents")
    tables = nlp_tables(documents, newsgraph.nlp())
    top = markdown_table(
        [{"name": n, "type": t, "mentions": c} for n, t, c in top_entities(tables["entities"])],
        ["name", "type", "mentions"],
    )
    for name, table in tables.items():
        write_table(lake, name, table)
        extra = {"top_entities": dg.MetadataValue.md(top)} if name == "entities" else {}
        if name == "quotes":
            extra["with_speaker"] = table.num_rows - table.column("speaker").null_count
        yield dg.MaterializeResult(
            asset_key=dg.AssetKey(["lake", name]),
            metadata=table_metadata(table, NLP_TABLES[name][1], spacy_model=newsgraph.spacy_model, **extra),
        )
