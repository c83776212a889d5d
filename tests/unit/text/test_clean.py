import re
from itertools import pairwise

import pytest

from pipeline.text.furniture import find_furniture
from pipeline.text.normalise import normalise_text, reclean, split_lines
from pipeline.text.reflow import clean_lines, wrap_width
from tests.unit.text.test_furniture import EMBED


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


def test_removed_spans_point_at_their_raw_lines():
    raw = "Intro line of the story that stays.\nRead more\nClosing line that also stays here."
    result = clean(raw)
    (span,) = result.removed
    assert raw[span.raw_start : span.raw_end] == "Read more"


def test_the_lines_find_furniture_names_leave_the_body_as_removed_spans_with_their_reasons():
    # Which line is which kind of furniture is tabled in test_furniture.py; here, what cleaning does with them.
    raw = EMBED
    lines = split_lines(raw)
    result = clean(raw)
    assert (
        result.body
        == "Leader A met leader B in the capital on Monday, officials said.\n\nThe talks lasted two hours."
    )
    assert [(span.text, span.reason) for span in result.removed] == [
        (lines[i].text, reason) for i, reason in sorted(find_furniture(lines).items())
    ]


STORY = [
    "Veldoria's national bank held its main interest rate at 4.5% on Thursday, resisting pressure from "
    "exporters who say the strong currency is costing them orders abroad.",
    "The decision was announced after a two-day meeting of the bank's rate committee in Marsk, the first "
    "since the finance ministry revised its growth forecast for the year down to 1.2%.",
    '"Inflation is falling, but it is not yet where we want it to be," the bank\'s governor, Petra Lind, '
    "told reporters after the meeting.",
    "Exporters' associations had called for a cut of at least half a point, arguing that the currency had "
    "gained almost a tenth against the euro since January.",
]


@pytest.mark.parametrize(
    "embed",
    [
        pytest.param(
            "## Embed:\n\nThe rate stays at 4.5%. Full statement from the governor at 3pm\n\n"
            "pic.twitter.com/Qm7Lp2XvBn",
            id="markdown-marker-post-and-picture-link",
        ),
        pytest.param(
            "Embed:\n\nThe rate stays at 4.5%. Full statement from the governor at 3pm", id="no-ending"
        ),
        pytest.param(
            "Embedded tweet:\n\nThe rate stays at 4.5%.\n\n— Veldoria National Bank (@VeldoriaBank) "
            "March 14, 2024",
            id="signed",
        ),
    ],
)
def test_an_embed_leaves_the_story_after_it_in_the_body(embed):
    raw = "\n\n".join([STORY[0], embed, *STORY[1:]])
    result = clean(raw)
    assert result.body == "\n\n".join(STORY)
    assert [(span.text, span.reason) for span in result.removed] == [
        (line.text, "social media embed") for line in split_lines(embed) if line.text
    ]


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
