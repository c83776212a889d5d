from datetime import UTC, datetime

from pipeline.documents.parse import parse_batch, parse_document, read_headers
from pipeline.documents.read import RawDocument, stamp_batch
from pipeline.text.normalise import split_lines
from pipeline.text.repeated_lines import MIN_STORIES, document_fingerprints, publisher_key, repeated_lines

PROMO = "Get our free app for breaking news alerts"


def story(number: int, promo: str = PROMO) -> str:
    return "\n\n".join(
        [
            f"Harbour strike enters day {number} as talks stall again",
            f"Dock workers in Vessmouth stayed off the job for a {number}th day on Monday, union leaders said, "
            f"after a round of talks with the port's owners ended without a deal late on Sunday night.",
            promo,
            f'"We are not going back until the offer changes," said union chair Greta Holm on day {number}.',
            "The port handles most of the country's grain exports and the strike has stranded dozens of ships.",
        ]
    )


def raw(path: str, text: str) -> RawDocument:
    return RawDocument(
        doc_id=path,
        source_path=path,
        content_sha256="",
        encoding="utf-8",
        size_bytes=len(text),
        modified_at=datetime(2025, 1, 1, tzinfo=UTC),
        raw_text=text,
    )


def fingerprints(documents: list[RawDocument]):
    return read_headers(documents)[1]


def test_a_line_one_publisher_repeats_across_stories_is_removed_with_a_reason():
    documents = [raw(f"herald/{n}.txt", story(n)) for n in range(1, MIN_STORIES + 1)]
    repeated = repeated_lines(fingerprints(documents))
    parsed = parse_document(documents[0], repeated_lines=repeated)
    assert PROMO not in parsed.body
    assert "Dock workers in Vessmouth" in parsed.body
    (removed,) = [span for span in parsed.cleaned.removed if span.text == PROMO]
    assert removed.reason == f"repeated in {MIN_STORIES} stories of the same publisher"


def test_copies_of_one_story_do_not_make_its_lines_boilerplate():
    copies = [raw(f"herald/copy{n}.txt", story(1)) for n in range(MIN_STORIES + 2)]
    assert repeated_lines(fingerprints(copies)) == {}


def test_updates_of_one_story_count_once_though_their_lines_change():
    # As the strike goes on, the headline and the latest quote change; the rest of the report stays.
    background = [
        "Talks resumed on Friday under a mediator appointed by the labour ministry.",
        "Shipping firms have diverted some vessels to Port Alven, a day's sail to the south.",
        "The union wants a 12 percent rise over two years; the owners have offered 6 percent.",
        "Grain prices in Marsk rose by 4 percent last week, traders said.",
    ]
    updates = [
        raw(f"herald/update{n}.txt", story(1).replace("day 1", f"day {n}") + "\n\n" + "\n\n".join(background))
        for n in range(1, 5)
    ]
    repeated = repeated_lines(fingerprints(updates))
    assert repeated == {}
    assert "The port handles most" in parse_document(updates[0], repeated_lines=repeated).body


def test_repeats_count_within_one_publisher_only_and_quoted_speech_never_counts():
    documents = [raw(f"outlet{n}/a.txt", story(n)) for n in range(1, MIN_STORIES + 1)]
    assert repeated_lines(fingerprints(documents)) == {}  # one story in each of three folders
    quote = '"We are not going back," Holm said.'
    same_quote = [raw(f"herald/{n}.txt", story(n, promo=quote)) for n in range(1, MIN_STORIES + 1)]
    parsed = parse_document(same_quote[0], repeated_lines=repeated_lines(fingerprints(same_quote)))
    assert quote in parsed.body


def test_publisher_key_prefers_the_publisher_then_the_folder():
    assert publisher_key("The Marsk Herald", "x/y.txt") == "publisher:the marsk herald"
    assert publisher_key(None, "bbc/sport/1.txt") == "folder:bbc/sport"
    assert document_fingerprints(split_lines(""), "k", "d") == []


def test_a_batch_counts_the_statistics_of_batches_up_to_itself_only():
    batches = {f"b{n}": [raw(f"herald/{n}.txt", story(n))] for n in range(1, MIN_STORIES + 1)}
    stamped = {batch: stamp_batch(docs, batch_id=batch)[0] for batch, docs in batches.items()}
    read = {batch: read_headers(docs) for batch, docs in stamped.items()}
    every_fingerprint = [f for _, batch_fingerprints in read.values() for f in batch_fingerprints]

    def body_of(batch: str) -> str:
        (parsed,) = parse_batch(stamped[batch], read[batch][0], every_fingerprint)
        return parsed.body

    first, last = body_of("b1"), body_of(f"b{MIN_STORIES}")
    assert PROMO in first  # re-running the first batch later gives the body it had
    assert PROMO not in last
