"""Social-media embed blocks: a marker line ("## Embed:", "Embed:", "Embedded tweet:") opens one, and it ends
where the embedded post ends (its link, its "— Name (@handle) date" signature, a handle, a date), before
the next paragraph of reporting, a heading or the next marker, and within `MAX_EMBED_LINES` /
`MAX_EMBED_WORDS` when nothing ends it. The article after an embed is never removed with it."""

import pytest

from pipeline.text.furniture import MAX_EMBED_LINES, reads_as_reporting
from tests.unit.text.test_furniture import ARTICLE, furniture

EMBED = "social media embed"
POST = "Traffic on the Marsk ring road is at a standstill after a lorry overturned near junction 4"
REPORTING = (
    "The lorry, which was carrying building materials, overturned shortly after 7am, and the driver was "
    "taken to hospital with injuries that police described as not life-threatening."
)
REPORTING_2 = (
    "Commuters reported delays of more than an hour on the approach roads, and the city council advised "
    "drivers to avoid the area until the afternoon while the carriageway was cleared."
)
QUOTE = '"We are asking everyone to be patient," a spokeswoman for Marsk Police said.'


def embedded(*block: str, after: str = f"{REPORTING}\n\n{REPORTING_2}", marker: str = "## Embed:") -> str:
    """An article paragraph, the marker and the block's lines, then the article going on."""
    body = "\n\n".join([ARTICLE, marker, *block])
    return f"{body}\n\n{after}" if after else body


@pytest.mark.parametrize(
    "closing",
    [
        pytest.param("pic.twitter.com/Xk3Lp9QaZb", id="pic-twitter-link"),
        pytest.param("https://t.co/Ab12Cd34Ef", id="t-co-link"),
        pytest.param("https://twitter.com/MarskPolice/status/1631234567890123456", id="twitter-status"),
        pytest.param("https://x.com/MarskPolice/status/1631234567890123456", id="x-status"),
        pytest.param("https://www.instagram.com/p/Cx12abQ9/", id="instagram-post"),
        pytest.param("https://www.facebook.com/MarskCityCouncil/videos/123456789/", id="facebook-video"),
        pytest.param("https://www.youtube.com/watch?v=dQw4w9WgXcQ", id="youtube-video"),
        pytest.param("https://www.tiktok.com/@marskpolice/video/7210987654321", id="tiktok-video"),
        pytest.param("https://www.marsk-herald.example/live/ring-road-crash", id="any-bare-url"),
        pytest.param("— Marsk Police (@MarskPolice) March 3, 2023", id="attribution"),
        pytest.param("— Marsk Police (@MarskPolice)", id="attribution-without-date"),
        pytest.param("Marsk Police (@MarskPolice)", id="name-and-handle"),
        pytest.param("@MarskPolice", id="bare-handle"),
        pytest.param("— Marsk City Council, March 3, 2023", id="name-and-date"),
        pytest.param("March 3, 2023", id="date"),
        pytest.param("3 Mar 2023", id="day-month-year"),
        pytest.param("3:45 PM - 3 Mar 2023", id="time-and-date"),
        pytest.param("7:12 AM · Mar 3, 2023", id="time-dot-date"),
    ],
)
def test_an_unsigned_embed_ends_at_its_closing_line_and_the_article_after_it_stays(closing):
    assert furniture(embedded(POST, closing)) == [("Embed:", EMBED), (POST, EMBED), (closing, EMBED)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The held-out failure: marker, one line of the post, the picture link, then the story goes on.
        pytest.param(
            embedded(POST, "pic.twitter.com/Xk3Lp9QaZb"),
            [("Embed:", EMBED), (POST, EMBED), ("pic.twitter.com/Xk3Lp9QaZb", EMBED)],
            id="markdown-marker-post-picture-link-then-reporting",
        ),
        pytest.param(
            embedded(f"{POST}. pic.twitter.com/Xk3Lp9QaZb"),
            [("Embed:", EMBED), (f"{POST}. pic.twitter.com/Xk3Lp9QaZb", EMBED)],
            id="post-ending-in-its-picture-link",
        ),
        pytest.param(
            embedded(POST),
            [("Embed:", EMBED), (POST, EMBED)],
            id="no-signature-at-all-ends-before-reporting",
        ),
        pytest.param(
            embedded(POST, marker="Embed:"),
            [("Embed:", EMBED), (POST, EMBED)],
            id="plain-marker-no-signature",
        ),
        pytest.param(
            embedded(POST, "https://t.co/Ab12Cd34Ef", marker="Embedded tweet:"),
            [("Embedded tweet:", EMBED), (POST, EMBED), ("https://t.co/Ab12Cd34Ef", EMBED)],
            id="embedded-tweet-marker-t-co-link",
        ),
        pytest.param(
            embedded(POST, "Avoid the area if you can.", after=QUOTE),
            [("Embed:", EMBED), (POST, EMBED), ("Avoid the area if you can.", EMBED)],
            id="post-of-two-lines-then-a-short-quotation-with-its-cue",
        ),
        pytest.param(
            embedded(POST, after=f"## Delays expected all day\n\n{REPORTING}"),
            [("Embed:", EMBED), (POST, EMBED)],
            id="ends-before-a-heading",
        ),
        # Signed embeds are removed whole, however the post's lines read, and the story after them stays.
        pytest.param(
            embedded(
                POST,
                "Emergency services are at the scene and the road will stay closed for some hours.",
                "— Marsk Police (@MarskPolice) March 3, 2023",
            ),
            [
                ("Embed:", EMBED),
                (POST, EMBED),
                ("Emergency services are at the scene and the road will stay closed for some hours.", EMBED),
                ("— Marsk Police (@MarskPolice) March 3, 2023", EMBED),
            ],
            id="signed-embed-removed-whole",
        ),
        pytest.param(
            embedded(
                f"{POST} pic.twitter.com/Xk3Lp9QaZb",
                "— Marsk Police (@MarskPolice)",
                "March 3, 2023",
                marker="Embedded tweet:",
            ),
            [
                ("Embedded tweet:", EMBED),
                (f"{POST} pic.twitter.com/Xk3Lp9QaZb", EMBED),
                ("— Marsk Police (@MarskPolice)", EMBED),
                ("March 3, 2023", EMBED),
            ],
            id="link-then-signature-then-date-all-belong-to-the-post",
        ),
        # At the very end of the article.
        pytest.param(
            embedded(POST, after=""),
            [("Embed:", EMBED), (POST, EMBED)],
            id="unsigned-embed-at-the-end-of-the-article",
        ),
        pytest.param(
            embedded(POST, "https://twitter.com/MarskPolice/status/1631234567890123456", after=""),
            [
                ("Embed:", EMBED),
                (POST, EMBED),
                ("https://twitter.com/MarskPolice/status/1631234567890123456", EMBED),
            ],
            id="embed-with-its-link-at-the-end-of-the-article",
        ),
        pytest.param(
            embedded(after="", marker="Embedded tweet:"),
            [("Embedded tweet:", EMBED)],
            id="marker-alone-at-the-end-of-the-article",
        ),
        # Two embeds in a row: the second marker ends the first, each ends at its own post.
        pytest.param(
            embedded(
                POST,
                "pic.twitter.com/Xk3Lp9QaZb",
                "## Embed:",
                "Long queues on the bridge too, avoid if you can",
                "— Anna Lind (@annalind) March 3, 2023",
            ),
            [
                ("Embed:", EMBED),
                (POST, EMBED),
                ("pic.twitter.com/Xk3Lp9QaZb", EMBED),
                ("Embed:", EMBED),
                ("Long queues on the bridge too, avoid if you can", EMBED),
                ("— Anna Lind (@annalind) March 3, 2023", EMBED),
            ],
            id="two-embeds-in-a-row-linked-then-signed",
        ),
        pytest.param(
            embedded(POST, "Embed:", "Long queues on the bridge too, avoid if you can"),
            [
                ("Embed:", EMBED),
                (POST, EMBED),
                ("Embed:", EMBED),
                ("Long queues on the bridge too, avoid if you can", EMBED),
            ],
            id="two-unsigned-embeds-in-a-row",
        ),
        # Wrapped at a fixed width, the reporting paragraph is read whole, not line by line.
        pytest.param(
            embedded(
                POST,
                after=(
                    "The lorry, which was carrying building materials, overturned\n"
                    "shortly after 7am, and the driver was taken to hospital.\n\n"
                    f"{REPORTING_2}"
                ),
            ),
            [("Embed:", EMBED), (POST, EMBED)],
            id="ends-before-a-hard-wrapped-reporting-paragraph",
        ),
        # Nothing ends it: the bound does.
        pytest.param(
            embedded(*[f"Road {n} closed" for n in range(1, 10)], after=""),
            [("Embed:", EMBED), *[(f"Road {n} closed", EMBED) for n in range(1, MAX_EMBED_LINES + 1)]],
            id="lines-bound",
        ),
        pytest.param(
            # Lines of 19 words: four fit in MAX_EMBED_WORDS (80), the fifth would not.
            embedded(*[f"{POST} and {n} more" for n in range(1, 6)], after=""),
            [("Embed:", EMBED), *[(f"{POST} and {n} more", EMBED) for n in range(1, 5)]],
            id="words-bound",
        ),
        pytest.param(
            embedded(f"{REPORTING} {REPORTING_2} {REPORTING}"),
            [("Embed:", EMBED)],
            id="first-line-longer-than-any-post-is-not-the-post",
        ),
    ],
)
def test_an_embed_block_ends_where_its_post_ends(text, expected):
    assert furniture(text) == expected


@pytest.mark.parametrize(
    ("text", "reporting"),
    [
        pytest.param(REPORTING, True, id="long-sentence"),
        pytest.param(QUOTE, True, id="quotation-with-a-cue"),
        pytest.param("'We will reopen by noon,' the council tweeted.", True, id="single-quotes-tweeted"),
        pytest.param(POST, False, id="post-without-full-stop"),
        pytest.param("Avoid the area if you can.", False, id="short-sentence"),
        pytest.param('"Stay safe"', False, id="quotation-without-a-cue"),
    ],
)
def test_what_reads_as_reporting(text, reporting):
    assert reads_as_reporting(text) is reporting
