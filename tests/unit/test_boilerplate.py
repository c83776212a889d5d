from datetime import UTC, datetime

from pipeline.boilerplate import MIN_STORIES, document_fingerprints, publisher_key, repeated_lines
from pipeline.clean import split_lines
from pipeline.documents import parse_document, read_header
from pipeline.ingest import RawDocument

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
    return RawDocument(path, path, "", "utf-8", len(text), datetime(2025, 1, 1, tzinfo=UTC), text)


def fingerprints(documents: list[RawDocument]):
    rows = []
    for document in documents:
        header = read_header(document)
        rows += document_fingerprints(header.lines, header.publisher_key)
    return rows


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
    assert document_fingerprints(split_lines(""), "k") == []
