import re
from itertools import pairwise

import pytest

from pipeline.text.furniture import LineFeatures
from pipeline.text.normalise import normalise_text, reclean, split_lines
from pipeline.text.reflow import clean_lines, wrap_width


def clean(raw: str):
    return clean_lines(split_lines(raw), drop={})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("“The talks were useful,” he said.", '"The talks were useful," he said.'),
        ("«Мы готовы» and „so“", '"Мы готовы" and "so"'),
        ("Moscow’s  strategic\u00a0interaction", "Moscow's strategic interaction"),
        ("mojibake: Ã©tÃ©", "mojibake: été"),
    ],
)
def test_normalise_text_repairs_unicode_and_straightens_quotes(raw, expected):
    assert normalise_text(raw) == expected


def test_appended_appeal_is_removed_up_to_its_dismiss_button():
    raw = (
        "The minister said the talks were useful.\n"
        "A Message from The Daily Planet:\n"
        "Dear readers,\n"
        'We have been labelled "undesirable". Please support us monthly.\n'
        "Remind me later.\n"
    )
    result = clean(raw)
    assert result.body == "The minister said the talks were useful."
    assert {span.reason for span in result.removed} == {"donation appeal"}
    assert len(result.removed) == 4


def test_embed_block_caption_and_links_are_removed_with_reasons():
    raw = (
        "Leader A met leader B. **Jane Doe / POOL / AGENCY**\n\n"
        "Leader A met leader B in the capital on Monday, officials said.\n\n"
        "## Embed:\n\n"
        "Some tweet text about the meeting. [pic.twitter.com/abc](https://pic.twitter.com/abc)\n\n"
        "— Some Person (@someone) [May 1, 2024](#)\n\n"
        "Related article: Another Story Entirely\n\n"
        "https://t.me/channel/123\n\n"
        "The talks lasted two hours."
    )
    result = clean(raw)
    assert (
        result.body
        == "Leader A met leader B in the capital on Monday, officials said.\n\nThe talks lasted two hours."
    )
    reasons = [span.reason for span in result.removed]
    assert reasons.count("social media embed") == 4
    assert "photo caption" in reasons and "navigation" in reasons


def test_removed_spans_point_at_their_raw_lines():
    raw = "Intro line of the story that stays.\nRead more\nClosing line that also stays here."
    result = clean(raw)
    (span,) = result.removed
    assert raw[span.raw_start : span.raw_end] == "Read more"


def test_caption_above_a_bare_credit_line_is_removed():
    raw = "Two leaders shake hands at the summit.\nkremlin.ru\n\nThe summit opened on Friday with a long speech."
    result = clean(raw)
    assert result.body == "The summit opened on Friday with a long speech."


def test_hard_wrapped_lines_reflow_without_joining_paragraphs():
    wrapped = (
        "Chinese leader Xi Jinping will travel to Russia for a three-day visit early next week in an\n"
        "apparent show of support for Moscow as it wages war in Ukraine, the Kremlin announced\n"
        "Friday.\n"
        "\n"
        "Xi and Putin plan to discuss deepening cooperation in the international arena and sign some\n"
        "important bilateral documents during the talks in Moscow next week, officials have said.\n"
        "\n"
        "The statement made no mention of the war, which entered its second year last month, nor\n"
        "of recent efforts to broker a peace deal between the two countries at war in Europe.\n"
    )
    assert wrap_width(split_lines(wrapped)) is not None
    paragraphs = clean(wrapped).body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].endswith("the Kremlin announced Friday.")
    assert "in an apparent show" in paragraphs[0]


def test_one_paragraph_per_line_text_is_not_joined():
    raw = "\n".join(
        f"Paragraph {i} is a long line that is a whole paragraph by itself and ends with a full stop." * 3
        for i in range(5)
    )
    assert len(clean(raw).body.split("\n\n")) == 5


def test_paragraph_offsets_map_back_to_raw_spans():
    raw = "First paragraph here.\n\nSecond paragraph here."
    result = clean(raw)
    for paragraph in result.paragraphs:
        body_text = result.body[paragraph.body_start : paragraph.body_end]
        assert body_text == raw[paragraph.raw_start : paragraph.raw_end]


def test_markdown_links_and_emphasis_keep_only_their_text():
    assert (
        clean("Medvedev's secretariat [told](#) **state** media.").body
        == "Medvedev's secretariat told state media."
    )


MESSY = (
    "# Port  reopens\n"
    "Photo: VPA\n"
    "\n"
    "The port of Vessmouth reopened on Thursday after a two-month strike by dock\n"
    "workers ended with a pay deal agreed overnight between the union and the port's\n"
    "owners, who had refused to talk for six weeks, the harbour master con-\n"
    "firmed to reporters at the gate.\n"
    "\n"
    "“Ships are already queuing,” he said, calling it a **great** day\u00a0for the\n"
    "[city](https://x.example) — and Ã©tÃ© mojibake too.\n"
)


def test_every_body_span_traces_back_to_the_raw_text_it_came_from():
    cleaned = clean(MESSY)
    assert "con-firmed" in cleaned.body  # a hyphen at a line end joins without a space

    for word in re.finditer(r"\S+", cleaned.body):
        raw_start, raw_end = cleaned.body_to_raw(word.start(), word.end())
        assert reclean(MESSY[raw_start:raw_end]) == word.group(), (word.group(), MESSY[raw_start:raw_end])
    # A span across a re-flowed line break covers the break in the raw text.
    start = cleaned.body.index("dock workers")
    raw_start, raw_end = cleaned.body_to_raw(start, start + len("dock workers"))
    assert MESSY[raw_start:raw_end] == "dock\nworkers"
    # Text kept as written maps character for character.
    start = cleaned.body.index("Ships")
    assert cleaned.body_to_raw(start, start + 5) == (MESSY.index("Ships"), MESSY.index("Ships") + 5)


def test_offset_runs_tile_the_body_in_raw_order():
    cleaned = clean(MESSY)
    runs = cleaned.offsets
    assert runs[0].body_start == 0 and runs[-1].body_end == len(cleaned.body)
    assert all(a.body_end == b.body_start and a.raw_end <= b.raw_start for a, b in pairwise(runs))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share: Facebook | Twitter | VK | Email", "navigation menu"),
        ("Facebook · X · Email · Copy link", "navigation menu"),
        ("More: https://a.example/one https://a.example/two", "link list"),
        ("Tags: Russia, China, Xi Jinping", "label line"),
        ("Share: Facebook | X | WhatsApp", "label line"),
        (
            "If you can, please support us monthly: every contribution keeps our newsroom going.",
            "donation appeal",
        ),
    ],
)
def test_furniture_no_pattern_names_is_told_by_its_features(line, reason):
    body = "The talks in Marsk ended on Tuesday with a joint statement on the border crossing and trade."
    cleaned = clean(f"{body}\n\n{line}\n\n{body}")
    assert [(span.text, span.reason) for span in cleaned.removed] == [(line, reason)]


@pytest.mark.parametrize(
    "line",
    [
        # Reporting about donations, and quoted speech addressed to "us", are article text.
        "There were almost 68m in reported donations to political parties, and contributions from members rose.",
        '"Your contribution will help us," the charity\'s director told subscribers at the launch.',
        "US subscribers to the service fell while contributions to pension schemes rose.",
        "Donors to Our Future, a group formed in January, made contributions of more than 1m since.",
        "Update: the minister said the talks would resume next week.",
        "Update: Police confirm two dead",
        "Casualties: 12 killed, 40 wounded",
        "SMITH: No comment",
        "| Smith | 1,204 | 52% |",
        "'If you want to donate, your contribution matters,' he told supporters.",
    ],
)
def test_article_text_that_looks_a_little_like_furniture_stays(line):
    body = "The talks in Marsk ended on Tuesday with a joint statement on the border crossing and trade."
    assert clean(f"{body}\n\n{line}\n\n{body}").removed == []


def test_a_short_label_in_another_script_is_furniture():
    english = "The talks in Marsk ended on Tuesday with a joint statement on the border crossing and trade."
    cleaned = clean(f"{english}\n\nИсточник: РГ\n\n{english}")
    assert [span.reason for span in cleaned.removed] == ["label in another script (cyrillic)"]
    assert LineFeatures.of("Источник: РГ").script == "cyrillic"
    russian = "Переговоры в Марске завершились во вторник совместным заявлением о границе и торговле."
    assert clean(f"{russian}\n\nCOVID-19 vaccine rollout\n\n{russian}").removed == []
