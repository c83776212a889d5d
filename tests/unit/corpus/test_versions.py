import hashlib
import json
from datetime import UTC, datetime

from pipeline.corpus.dedup import DuplicatePair
from pipeline.corpus.versions import DocumentRow, current_documents, current_versions, quarantined_files
from pipeline.documents.parse import METADATA_FIELDS, ParsedDocumentRow, parse_batch, read_headers
from pipeline.documents.read import read_raw_file, stamp_batch
from pipeline.text.normalise import fold
from pipeline.text.signatures import minhash

BODY = (
    "The port of Vessmouth reopened on Thursday after a two-month strike by dock workers ended with a deal."
)


def batch(tmp_path, batch_id: str, name: str):
    """One ingest batch of one file through both parsing steps, as the per-batch assets run them."""
    raws, rejected = stamp_batch(read_raw_file(tmp_path / name, tmp_path), batch_id=batch_id)
    headers, fingerprints = read_headers(raws)
    return [d.row() for d in parse_batch(raws, headers, fingerprints)], rejected


def documents_of(batches) -> list[tuple[str, str]]:
    parsed = [row for rows, _ in batches for row in rows]
    rejected = [r for _, quarantine in batches for r in quarantine]
    return sorted((d.source_path, d.body) for d in current_documents(parsed, rejected))


def test_a_record_an_export_no_longer_holds_leaves_the_documents(tmp_path):
    export = tmp_path / "export.jsonl"
    records = [{"id": key, "text": f"{BODY} Record {key}."} for key in ("a", "b")]
    export.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    first = batch(tmp_path, "b1", "export.jsonl")
    export.write_text(json.dumps(records[1]) + "\n")  # "a" was deleted, "b" moved to line 1
    second = batch(tmp_path, "b2", "export.jsonl")
    assert documents_of([first, second]) == [("export.jsonl#L1", f"{BODY} Record b.")]


def test_a_file_quarantined_in_a_later_batch_leaves_the_documents(tmp_path):
    (tmp_path / "story.txt").write_text(BODY)
    first = batch(tmp_path, "b1", "story.txt")
    (tmp_path / "story.txt").write_bytes(b"")
    second = batch(tmp_path, "b2", "story.txt")
    assert documents_of([first]) == [("story.txt", BODY)]
    assert documents_of([first, second]) == []


def test_a_file_readable_again_after_a_rejection_is_a_document_and_not_quarantined(tmp_path):
    (tmp_path / "story.txt").write_bytes(b"")
    first = batch(tmp_path, "b1", "story.txt")
    (tmp_path / "story.txt").write_text(BODY)
    second = batch(tmp_path, "b2", "story.txt")
    rejected = first[1] + second[1]
    documents = current_documents(first[0] + second[0], rejected)
    assert [d.source_path for d in documents] == ["story.txt"]
    assert quarantined_files(rejected, documents) == []
    only_rejected = quarantined_files(first[1], current_documents(first[0], first[1]))
    assert [(q.source_path, q.batch_id, q.reason) for q in only_rejected] == [
        ("story.txt", "b1", "empty file")
    ]


# Duplicate clusters in the current versions: pairs, the canonical rule and the metadata it takes.
ARTICLE = "\n\n".join(
    [
        f"{BODY} Union leaders said members had voted by a large majority to accept the offer, which the "
        "regional labour mediator brokered after talks lasting most of Wednesday night.",
        "Shipping lines had diverted dozens of container vessels to rival harbours along the coast, and "
        "exporters of timber and frozen fish said the stoppage had cost them millions in lost contracts.",
        "The harbour authority said the first ships would be unloaded on Friday morning, but warned that "
        "clearing the backlog of cargo could take until the end of the month.",
    ]
)
PUBLISHED = datetime(2024, 3, 7, 9, 30, tzinfo=UTC)


def parsed_row(doc_id: str, body: str, **metadata) -> ParsedDocumentRow:
    """A parsed document as the per-batch step stores it, with the metadata given and no other."""
    fields = {name: None for name in METADATA_FIELDS} | {"doc_id": doc_id, "batch_id": "b1"} | metadata
    published = fields["published_at"]
    return ParsedDocumentRow(
        **fields,
        source_path=f"{doc_id}.txt",
        content_sha256=doc_id,
        source_format="text",
        language="en",
        body=body,
        word_count=len(body.split()),
        body_sha256=hashlib.sha256(fold(body).encode()).hexdigest(),
        reference_date=published.date() if published else None,
        minhash=minhash(body).hashvalues.tolist(),
    )


def test_current_versions_give_the_documents_and_the_pairs_that_cluster_them():
    rows = [
        parsed_row("a", ARTICLE),
        parsed_row("b", ARTICLE),
        parsed_row("c", ARTICLE + "\n\nSupport independent journalism: become a member today."),
        parsed_row("d", "A different article about the weather, with rain expected all week in the north."),
    ]
    versions = current_versions(rows, [])
    assert versions.documents == current_documents(rows, [])
    assert [(p.doc_id_a, p.doc_id_b, p.tier) for p in versions.duplicate_pairs] == [
        ("a", "b", "exact"),
        ("b", "c", "near"),
    ]
    assert {d.doc_id: d.dup_cluster_id for d in versions.documents} == {
        "a": "c",
        "b": "c",
        "c": "c",
        "d": "d",
    }
    assert all(d.story_id == d.dup_cluster_id for d in versions.documents)


def test_the_canonical_is_the_copy_with_a_date_then_a_title_then_a_url_then_the_most_words():
    longer = ARTICLE + "\n\nUpdate: the first ships were unloaded on Friday."
    rows = [
        parsed_row("a", longer, title="Port reopens", url="https://example.com/a"),
        parsed_row("b", ARTICLE, published_at=PUBLISHED),
        parsed_row("c", ARTICLE, title="Port reopens"),
    ]
    assert {d.doc_id for d in current_documents(rows, []) if d.is_canonical} == {"b"}
    assert {d.doc_id for d in current_documents(rows[::2], []) if d.is_canonical} == {"a"}


def test_the_canonical_takes_missing_metadata_from_its_copies_and_says_from_which():
    rows = [
        parsed_row("a", ARTICLE, published_at=PUBLISHED, published_tz="UTC", published_precision="minute"),
        parsed_row("b", ARTICLE + "\n\nMore to follow.", title="Port reopens", author="Jane Doe"),
        parsed_row("c", ARTICLE, title="Vessmouth port reopens", url="https://example.com/port"),
    ]
    documents = {d.doc_id: d for d in current_documents(rows, [])}
    canonical = documents["a"]
    assert canonical.is_canonical
    # c outranks b as a donor (it has a URL), so the title comes from c with the URL; b gives the author.
    assert (canonical.title, canonical.url, canonical.author) == (
        "Vessmouth port reopens",
        "https://example.com/port",
        "Jane Doe",
    )
    assert [(f.field_name, f.from_doc_id) for f in canonical.metadata_filled_from] == [
        ("title", "c"),
        ("url", "c"),
        ("author", "b"),
    ]
    assert (canonical.published_at, canonical.reference_date) == (PUBLISHED, PUBLISHED.date())
    # The copies keep their own metadata, and resolve relative dates against the cluster's day.
    assert documents["b"].metadata_filled_from == [] and documents["b"].url is None
    assert documents["b"].reference_date == PUBLISHED.date()


def test_documents_with_filled_metadata_round_trip_through_arrow():
    rows = [parsed_row("a", ARTICLE, title="Port reopens"), parsed_row("b", ARTICLE, published_at=PUBLISHED)]
    documents = current_documents(rows, [])
    assert DocumentRow.from_table(DocumentRow.to_table(documents)) == documents
    pairs = current_versions(rows, []).duplicate_pairs
    assert DuplicatePair.from_table(DuplicatePair.to_table(pairs)) == pairs
