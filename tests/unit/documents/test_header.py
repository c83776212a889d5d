from datetime import UTC, datetime

import pytest

from pipeline.documents.formats import StatedFields
from pipeline.documents.header import (
    detect_language,
    extract_metadata,
    is_title_case,
    parse_date,
    reference_date,
)
from pipeline.text.normalise import split_lines

FILE_TIME = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "instant", "tz", "precision"),
    [
        ("21 декабря 2022,, 09:39", "2022-12-21T09:39:00+00:00", None, "minute"),
        ("December 21, 2022", "2022-12-21T00:00:00+00:00", None, "day"),
        ("2017-11-01", "2017-11-01T00:00:00+00:00", None, "day"),
        ("June 13, 2013 4:59 PM EDT", "2013-06-13T20:59:00+00:00", "-04:00", "minute"),
        ("1 November 2017, 15:36 UTC+3", "2017-11-01T12:36:00+00:00", "+03:00", "minute"),
    ],
)
def test_parse_date_keeps_instant_offset_and_precision(text, instant, tz, precision):
    parsed = parse_date(text)
    assert parsed.instant.isoformat() == instant
    assert parsed.tz == tz
    assert parsed.precision == precision


def test_a_date_without_year_needs_a_year_from_elsewhere():
    assert parse_date("November 01, 15:36 UTC+3 BEIJING") is None
    parsed = parse_date("November 01, 15:36 UTC+3 BEIJING", fallback_year=2017)
    assert parsed.instant.isoformat() == "2017-11-01T12:36:00+00:00"


def test_reference_date_is_the_local_day_of_publication():
    parsed = parse_date("December 21, 2022 01:30 UTC+3")
    assert parsed.instant.date().isoformat() == "2022-12-20"
    assert reference_date(parsed).isoformat() == "2022-12-21"


def metadata_of(raw: str, file_time=FILE_TIME):
    return extract_metadata(split_lines(raw), file_time=file_time)


def test_labelled_header_lines_give_published_and_modified_and_are_consumed():
    raw = (
        "Posted 21 декабря 2022,, 09:39\n\nModified 24 декабря 2022,, 22:38\n\n"
        "Leader says talks went well\n\nLeader says talks went well\n\n"
        "The leader said on Wednesday that the talks had gone well and that more were planned soon."
    )
    metadata, consumed = metadata_of(raw)
    assert metadata.title == "Leader says talks went well"
    assert metadata.published.instant.isoformat() == "2022-12-21T09:39:00+00:00"
    assert metadata.modified.instant.isoformat() == "2022-12-24T22:38:00+00:00"
    assert sorted(consumed.values()) == sorted(
        ["header: posted date", "header: modified date", "header: title", "header: title"]
    )


def test_wire_header_gives_minute_precision_section_dateline_and_publisher():
    raw = (
        "date 2017-11-01 Back to Main page\n"
        "Leaders agree to expand cooperation\n\nWorld\nNovember 01, 15:36 UTC+3 BEIJING\n\n"
        "BEIJING, November 1. /TASS/. The two leaders agreed to expand cooperation in many areas of trade."
    )
    metadata, _ = metadata_of(raw)
    assert metadata.published.instant.isoformat() == "2017-11-01T12:36:00+00:00"
    assert metadata.published.tz == "+03:00"
    assert (metadata.section, metadata.dateline, metadata.publisher) == ("World", "BEIJING", "TASS")


def test_url_label_gives_url_and_publisher_from_the_domain():
    raw = (
        "# A headline\n\nA body sentence that is long enough to be a paragraph of the story for sure.\n\n"
        "Original url:\n\n<https://www.bbc.co.uk/news/world-123>"
    )
    metadata, consumed = metadata_of(raw)
    assert metadata.url == "https://www.bbc.co.uk/news/world-123"
    assert metadata.publisher == "BBC"
    assert sorted(consumed.values()) == ["header: title", "header: url", "header: url label"]


def test_appeal_signature_names_the_publisher_when_there_is_no_url():
    raw = "Body of the story that is long enough to count as a real paragraph of text here.\nA Message from The Daily Planet:\nDear readers,"
    assert metadata_of(raw)[0].publisher == "The Daily Planet"


def test_dates_after_the_file_was_written_are_rejected_with_a_reason():
    raw = "Published March 3, 2031\n\nA story body sentence that is long enough to be a paragraph."
    metadata, consumed = metadata_of(raw)
    assert metadata.published is None and metadata.title is None
    assert consumed == {0: "header: published date rejected (after the file was written or before 1900)"}


def test_unknown_fields_stay_null():
    metadata, _ = metadata_of("A story that starts straight away with a long first sentence about the news.")
    assert metadata.title is None and metadata.published is None and metadata.url is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The minister said that the talks were useful and that more would follow in the spring.", "en"),
        ("Министр заявил, что переговоры были полезными и что весной последуют новые встречи.", "ru"),
        ("ok", None),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


BODY = (
    "\n\nThe council met on Tuesday to weigh the budget, and members argued for hours about the harbour fund."
    "\n\nA vote is expected next week, after a second reading of the proposal in committee.\n"
)


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        # Exports that end every headline with a full stop, even a long one.
        (
            "Harbour Council Splits Over Budget as Mayor Pushes Late Amendment Through Committee.",
            "Harbour Council Splits Over Budget as Mayor Pushes Late Amendment Through Committee.",
        ),
        # Headlines that start with a quote, a figure or a currency sign.
        ("'Strong harbour' pledge halts slide", "'Strong harbour' pledge halts slide"),
        ("$4m payout for former port chief", "$4m payout for former port chief"),
        # A print headline continued by its deck on the next line.
        (
            "Council splits on harbour fund;\nMayor says the vote can wait until the audit is published.",
            "Council splits on harbour fund; Mayor says the vote can wait until the audit is published.",
        ),
    ],
)
def test_the_opening_headline_is_the_title_in_its_usual_shapes(opening, title):
    metadata, consumed = extract_metadata(split_lines(opening + BODY), file_time=FILE_TIME)
    assert metadata.title == title
    assert set(consumed.values()) == {"header: title"}


# A body with one paragraph on each line, as many exports (PolNeAR's among them) write it.
LINE_BODY = (
    "The council met on Tuesday to weigh the budget, and members argued for hours about the harbour fund.\n"
    "A vote is expected next week, after a second reading of the proposal in committee, the clerk said.\n"
)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # Title case ending in a full stop, a blank line, then a paragraph on each line.
        (
            "Harbour Council Splits Over Budget As Mayor Pushes Late Amendment Through Committee.\n\n"
            + LINE_BODY,
            "Harbour Council Splits Over Budget As Mayor Pushes Late Amendment Through Committee.",
        ),
        # The same without the full stop.
        (
            "Harbour Council Splits Over Budget As Mayor Pushes Late Amendment Through Committee\n\n"
            + LINE_BODY,
            "Harbour Council Splits Over Budget As Mayor Pushes Late Amendment Through Committee",
        ),
        # Two sentences, a colon and a contraction: still a headline by its capitals.
        (
            "Mayor To Voters Worried About The Harbour: It's Going To Be OK. That's A First.\n\n" + LINE_BODY,
            "Mayor To Voters Worried About The Harbour: It's Going To Be OK. That's A First.",
        ),
        # Followed by a wire dateline opening the only paragraph.
        (
            "Harbour Council Says It Is Unlikely To Have A Good Relationship With The Port.\n\n"
            "VESSMOUTH (Reuters) - The harbour council said on Tuesday it was unlikely to agree a budget with "
            "the port authority before the summer, as members argued for hours about the fund.\n",
            "Harbour Council Says It Is Unlikely To Have A Good Relationship With The Port.",
        ),
        # Followed by a byline, then the body.
        (
            "Harbour Council Splits Over Budget As Mayor Pushes Late Amendment Through Committee.\n\nBy Jane Smith\n"
            + LINE_BODY,
            "Harbour Council Splits Over Budget As Mayor Pushes Late Amendment Through Committee.",
        ),
        # No blank line under it: the capitals alone say it is no wrapped sentence.
        (
            "Harbour Council Splits Over Budget As Mayor Pushes Late Amendment Through Committee.\n"
            + LINE_BODY,
            "Harbour Council Splits Over Budget As Mayor Pushes Late Amendment Through Committee.",
        ),
        # A headline opening with a quote (curly in the file, straight once normalised) or a hashtag.
        (
            "‘Missing’ Harbour Voters Might Help The Mayor, But Less So Where She Needs Them.\n\n"
            + LINE_BODY,
            "'Missing' Harbour Voters Might Help The Mayor, But Less So Where She Needs Them.",
        ),
        (
            "#SaveTheHarbour Is The Hashtag This Council Budget Fight Needed All Along.\n\n" + LINE_BODY,
            "#SaveTheHarbour Is The Hashtag This Council Budget Fight Needed All Along.",
        ),
    ],
)
def test_a_title_case_headline_alone_on_the_first_line_is_the_title(text, title):
    metadata, consumed = extract_metadata(split_lines(text), file_time=FILE_TIME)
    assert metadata.title == title
    assert consumed[0] == "header: title"


def test_an_opening_sentence_over_paragraph_lines_is_still_no_headline():
    """Sentence case, a line of running text and no blank line: the story's first paragraph."""
    text = "The harbour council met on Tuesday and voted to delay the budget by a week.\n" + LINE_BODY
    metadata, _ = extract_metadata(split_lines(text), file_time=FILE_TIME)
    assert metadata.title is None


@pytest.mark.parametrize(
    ("text", "title_case"),
    [
        ("Trump Warns Clinton Policy On Syria Would Lead To World War Three.", True),
        ("Obama to Asians Worried About U.S. Election: It's Going to Be OK", True),
        ("The council met on Tuesday and voted to delay the budget.", False),
        ("IN BRIEF", False),  # too few words to tell
    ],
)
def test_is_title_case(text, title_case):
    assert is_title_case(text) is title_case


def test_a_short_opening_paragraph_alone_is_not_taken_for_a_headline():
    text = "The council met on Tuesday and voted to delay the budget by a week.\n"
    metadata, _ = extract_metadata(split_lines(text), file_time=FILE_TIME)
    assert metadata.title is None


STORY = "\n\n".join(
    [
        "Port reopens after two-month strike",
        "By Jane Smith and Piet de Vries | Reuters",
        "Published: May 2, 2024",
        "The port of Vessmouth reopened on Thursday after a two-month strike by dock workers ended with a pay deal.",
        "Ships were already queuing outside the harbour, the harbour master said, and the backlog would take weeks.",
    ]
)


def test_a_byline_gives_the_author_and_leaves_the_body():
    metadata, consumed = extract_metadata(split_lines(STORY), file_time=FILE_TIME)
    assert metadata.author == "Jane Smith and Piet de Vries"
    assert "header: byline" in consumed.values()


def test_a_sentence_starting_with_by_is_not_a_byline():
    text = (
        "Title of the story here\n\nBy contrast, the harbour stayed shut all spring.\n\n"
        + STORY.split("\n\n", 3)[3]
    )
    metadata, _ = extract_metadata(split_lines(text), file_time=FILE_TIME)
    assert metadata.author is None


def test_stated_fields_win_over_the_header_but_implausible_dates_do_not():
    stated = StatedFields(
        title="Port reopens after two-month strike",
        url="https://news.example/port",
        published="2024-05-02T08:30:00+01:00",
        author="J. Smith",
        publisher="The Example Times",
    )
    metadata, consumed = extract_metadata(split_lines(STORY), file_time=FILE_TIME, stated=stated)
    assert (metadata.title, metadata.url, metadata.author, metadata.publisher) == (
        stated.title, stated.url, "J. Smith", "The Example Times"
    )  # fmt: skip
    assert metadata.published.instant.isoformat() == "2024-05-02T07:30:00+00:00"
    assert (metadata.published.tz, metadata.published.precision) == ("+01:00", "minute")
    assert consumed[0] == "header: title"  # the stated title repeated in the text is removed

    future = StatedFields(published="2031-01-01")
    metadata, _ = extract_metadata(split_lines(STORY), file_time=FILE_TIME, stated=future)
    assert metadata.published.instant.date().isoformat() == "2024-05-02"  # the header's date instead


def test_a_standfirst_under_the_title_is_the_subtitle_and_stays_in_the_body():
    text = "\n\n".join(
        [
            "Port reopens after two-month strike",
            "Ships queue at Vessmouth as dock workers accept the new pay deal",
            "The port of Vessmouth reopened on Thursday after a two-month strike by dock workers ended with a pay deal.",
            "Ships were already queuing outside the harbour, the harbour master said, and the backlog would take weeks.",
        ]
    )
    metadata, consumed = extract_metadata(split_lines(text), file_time=FILE_TIME)
    assert metadata.subtitle == "Ships queue at Vessmouth as dock workers accept the new pay deal"
    assert 2 not in consumed


def test_a_caption_or_a_list_item_under_the_title_is_not_a_subtitle():
    for line in [
        "Dock workers leave the port gates in Vessmouth on Thursday. Petra Lind / VPA",
        "1. WHAT THE DEAL MEANS FOR SHIPPING",
    ]:
        text = "\n\n".join(["Port reopens after two-month strike", line, STORY.split("\n\n", 3)[3]])
        metadata, _ = extract_metadata(split_lines(text), file_time=FILE_TIME)
        assert metadata.subtitle is None, line


def test_a_bare_link_in_the_header_is_the_article_url():
    text = (
        "Port reopens after two-month strike\n\nhttps://news.example/2024/05/02/port-reopens\n\n"
        + STORY.split("\n\n", 3)[3]
    )
    metadata, consumed = extract_metadata(split_lines(text), file_time=FILE_TIME)
    assert metadata.url == "https://news.example/2024/05/02/port-reopens"
    assert consumed[2] == "header: url"


@pytest.mark.parametrize(
    "headline", ["By The Numbers: How Port Aid Is Spent", "By Any Means Necessary Says The Union"]
)
def test_a_headline_starting_with_by_is_not_a_byline(headline):
    metadata, _ = extract_metadata(
        split_lines(f"{headline}\n\n" + STORY.split("\n\n", 1)[1]), file_time=FILE_TIME
    )
    assert metadata.title == headline
    assert metadata.author == "Jane Smith and Piet de Vries"
